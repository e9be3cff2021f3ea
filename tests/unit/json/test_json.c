/* Unit tests for json.c: encodeState.string escaping, float thresholds of
 * floatEncoder, indentation, cycles, and the decoder's Go error texts.
 * Expected strings were checked against the reference helm's toJson /
 * fromJson (see the testdata/json cases for the same facts end to end). */
#include "../check.h"
#include "json/json.h"

#include <math.h>

static Arena A;

static const char *enc(Value v, int flags)
{
    static Buf b, e;
    buf_clear(&b);
    buf_clear(&e);
    buf_adds(&b, "");
    if (json_encode(&b, v, flags, &e) < 0) return arena_printf(&A, "ERR %s", e.data);
    return arena_strdup(&A, b.data);
}

static const char *encs(const char *s, int flags) { return enc(val_cstr(&A, s), flags); }

/* Decode, then re-encode (or the error text). */
static const char *rt(const char *text)
{
    Buf e = BUF_INIT;
    Value v;
    const char *r;
    if (json_decode(&A, text, strlen(text), &v, &e) < 0) r = arena_printf(&A, "ERR %s", e.data);
    else r = enc(v, JSON_ESCAPE_HTML);
    buf_free(&e);
    return r;
}

static const char *into(const char *text, int how)
{
    Buf e = BUF_INIT;
    Value v;
    const char *r;
    if (json_unmarshal(&A, text, strlen(text), how, &v, &e) < 0)
        r = arena_printf(&A, "ERR %s | %s", e.data, enc(v, 0));
    else r = enc(v, 0);
    buf_free(&e);
    return r;
}

static void test_strings(void)
{
    CHECK_STR(encs("a\b\f\n\r\t\x01\x1f\x7f\"\\/", JSON_ESCAPE_HTML),
              "\"a\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\\\"\\\\/\"");
    CHECK_STR(encs("<a&b>", JSON_ESCAPE_HTML), "\"\\u003ca\\u0026b\\u003e\"");
    CHECK_STR(encs("<a&b>", 0), "\"<a&b>\"");
    CHECK_STR(encs("\xe2\x80\xa8\xe2\x80\xa9", 0), "\"\\u2028\\u2029\"");
    CHECK_STR(encs("\xff\xc3\xc3\xa9", 0), "\"\\ufffd\\ufffd\xc3\xa9\"");
    CHECK_STR(encs("\xed\xa0\x80", 0), "\"\\ufffd\\ufffd\\ufffd\"");      /* surrogate */
    CHECK_STR(encs("\xc0\xaf", 0), "\"\\ufffd\\ufffd\"");                /* overlong */
    CHECK_STR(encs("\xf0\x9f\x98\x80\xe2\x82\xac", 0), "\"\xf0\x9f\x98\x80\xe2\x82\xac\"");
    CHECK_STR(encs("\xf0\x9f\x98", 0), "\"\\ufffd\\ufffd\\ufffd\"");     /* truncated */
    CHECK_STR(encs("", 0), "\"\"");
    Value bytes = val_cstr(&A, "hello");
    bytes.gtype = GT_BYTES;
    CHECK_STR(enc(bytes, 0), "\"aGVsbG8=\"");
    bytes = val_cstr(&A, "hi");
    bytes.gtype = GT_BYTES;
    CHECK_STR(enc(bytes, 0), "\"aGk=\"");
}

static void test_numbers(void)
{
    CHECK_STR(enc(val_int64(-9223372036854775807LL - 1), 0), "-9223372036854775808");
    Value u = val_int(0);
    u.gtype = GT_UINT64;
    u.u.u = 18446744073709551615ULL;
    CHECK_STR(enc(u, 0), "18446744073709551615");
    CHECK_STR(enc(val_float(3), 0), "3");
    CHECK_STR(enc(val_float(1e6), 0), "1000000");
    CHECK_STR(enc(val_float(1.5), 0), "1.5");
    CHECK_STR(enc(val_float(0.1), 0), "0.1");
    CHECK_STR(enc(val_float(-0.0), 0), "-0");
    CHECK_STR(enc(val_float(1e-6), 0), "0.000001");
    CHECK_STR(enc(val_float(9.99e-7), 0), "9.99e-7");
    CHECK_STR(enc(val_float(1e-7), 0), "1e-7");
    CHECK_STR(enc(val_float(1e-10), 0), "1e-10");
    CHECK_STR(enc(val_float(1e20), 0), "100000000000000000000");
    CHECK_STR(enc(val_float(1e21), 0), "1e+21");
    CHECK_STR(enc(val_float(-1.5e300), 0), "-1.5e+300");
    CHECK_STR(enc(val_float(9223372036854775807.0), 0), "9223372036854776000");
    CHECK_STR(enc(val_float(123456789.125), 0), "123456789.125");
    CHECK_STR(enc(val_float(NAN), 0), "ERR json: unsupported value: NaN");
    CHECK_STR(enc(val_float(INFINITY), 0), "ERR json: unsupported value: +Inf");
    CHECK_STR(enc(val_float(-INFINITY), 0), "ERR json: unsupported value: -Inf");
    CHECK_STR(enc(val_nil(), 0), "null");
    CHECK_STR(enc(val_bool(true), 0), "true");
}

static void test_containers(void)
{
    Map *m = map_new(&A, 0);
    map_sets(&A, m, "b", val_float(2));
    map_sets(&A, m, "a", val_list(list_new(&A, 0)));
    map_sets(&A, m, "c", val_map(map_new(&A, 0)));
    List *l = list_new(&A, 0);
    list_push(&A, l, val_nil());
    list_push(&A, l, val_cstr(&A, "<"));
    map_sets(&A, m, "B", val_list(l));
    CHECK_STR(enc(val_map(m), JSON_ESCAPE_HTML), "{\"B\":[null,\"\\u003c\"],\"a\":[],\"b\":2,\"c\":{}}");
    CHECK_STR(enc(val_map(m), JSON_ESCAPE_HTML | JSON_INDENT),
              "{\n  \"B\": [\n    null,\n    \"\\u003c\"\n  ],\n  \"a\": [],\n  \"b\": 2,\n  \"c\": {}\n}");
    CHECK_STR(enc(val_map(map_new(&A, 0)), JSON_INDENT), "{}");

    /* Go's nil slice (fromJsonArray "null") is null; appending makes it [x] */
    List *nl = list_new(&A, 0);
    nl->flags |= LIST_NIL;
    CHECK_STR(enc(val_list(nl), JSON_INDENT), "null");
    Map *wrap = map_new(&A, 0);
    map_sets(&A, wrap, "n", val_list(nl));
    CHECK_STR(enc(val_map(wrap), 0), "{\"n\":null}");
    list_push(&A, nl, val_int(1));
    CHECK_STR(enc(val_list(nl), 0), "[1]");
    Value out;
    Buf err = BUF_INIT;
    CHECK(json_unmarshal(&A, "null", 4, JSON_INTO_LIST, &out, &err) == 0 && out.kind == V_NIL);
    buf_free(&err);

    /* A map that contains itself: Go notices after 1000 levels. */
    Map *cyc = map_new(&A, 0);
    map_sets(&A, cyc, "a", val_map(cyc));
    CHECK_STR(enc(val_map(cyc), 0),
              "ERR json: unsupported value: encountered a cycle via map[string]interface {}");
    List *lc = list_new(&A, 0);
    list_push(&A, lc, val_list(lc));
    CHECK_STR(enc(val_list(lc), 0), "ERR json: unsupported value: encountered a cycle via []interface {}");
}

static void test_decode(void)
{
    CHECK_STR(rt("{\"b\":[1,2.5,-0,1e400e],\"a\":null}"), "ERR invalid character 'e' after array element");
    CHECK_STR(rt(" {\"b\" : [1, 2.5, -0, true, false, \"x\\u00e9\\n\\\"\"], \"a\":null} "),
              "{\"a\":null,\"b\":[1,2.5,-0,true,false,\"x\xc3\xa9\\n\\\"\"]}");
    CHECK_STR(rt("{\"a\":1,\"a\":2}"), "{\"a\":2}");
    CHECK_STR(rt("\"\\ud83d\\ude00\\ud800x\\udc00\\ud800\\u0041\""), "\"\xf0\x9f\x98\x80\xef\xbf\xbdx\xef\xbf\xbd\xef\xbf\xbd" "A\"");
    CHECK_STR(rt("\"\xff\""), "\"\xef\xbf\xbd\"");
    CHECK_STR(rt("12345678901234567890"), "12345678901234567000");
    CHECK_STR(rt("1e-400"), "0");
    CHECK_STR(rt(""), "ERR unexpected end of JSON input");
    CHECK_STR(rt("  "), "ERR unexpected end of JSON input");
    CHECK_STR(rt("{"), "ERR unexpected end of JSON input");
    CHECK_STR(rt("{\"a\":1,}"), "ERR invalid character '}' looking for beginning of object key string");
    CHECK_STR(rt("{a:1}"), "ERR invalid character 'a' looking for beginning of object key string");
    CHECK_STR(rt("{\"a\" 1}"), "ERR invalid character '1' after object key");
    CHECK_STR(rt("{\"a\":1 \"b\":2}"), "ERR invalid character '\"' after object key:value pair");
    CHECK_STR(rt("[1,]"), "ERR invalid character ']' looking for beginning of value");
    CHECK_STR(rt("[1 2]"), "ERR invalid character '2' after array element");
    CHECK_STR(rt("-"), "ERR invalid character ' ' in numeric literal");
    CHECK_STR(rt("01"), "ERR invalid character '1' after top-level value");
    CHECK_STR(rt("1."), "ERR invalid character ' ' after decimal point in numeric literal");
    CHECK_STR(rt("1ex"), "ERR invalid character 'x' in exponent of numeric literal");
    CHECK_STR(rt("tru"), "ERR invalid character ' ' in literal true (expecting 'e')");
    CHECK_STR(rt("nulx"), "ERR invalid character 'x' in literal null (expecting 'l')");
    CHECK_STR(rt("fase"), "ERR invalid character 's' in literal false (expecting 'l')");
    CHECK_STR(rt("\"a\tb\""), "ERR invalid character '\\t' in string literal");
    CHECK_STR(rt("\"\\x\""), "ERR invalid character 'x' in string escape code");
    CHECK_STR(rt("\"\\u12g4\""), "ERR invalid character 'g' in \\u hexadecimal character escape");
    CHECK_STR(rt("{} x"), "ERR invalid character 'x' after top-level value");
    CHECK_STR(rt("\xc3\xa9"), "ERR invalid character '\xc3\x83' looking for beginning of value");
    CHECK_STR(rt("\x7f"), "ERR invalid character '\\x7f' looking for beginning of value");
    CHECK_STR(rt("\x85"), "ERR invalid character '\\u0085' looking for beginning of value");
    CHECK_STR(rt("'"), "ERR invalid character '\\'' looking for beginning of value");
    CHECK_STR(rt("\\"), "ERR invalid character '\\\\' looking for beginning of value");
    CHECK_STR(rt("1e400"), "ERR json: cannot unmarshal number 1e400 into Go value of type float64");

    /* Nesting: Go's scanner allows 10000 levels. */
    char *deep = arena_alloc(&A, 20003);
    memset(deep, '[', 10000);
    memset(deep + 10000, ']', 10000);
    deep[20000] = 0;
    CHECK(strncmp(rt(deep), "[[[[", 4) == 0);
    memset(deep, '[', 10001);
    memset(deep + 10001, ']', 10001);
    deep[20002] = 0;
    CHECK_STR(rt(deep), "ERR invalid character '[' exceeded max depth");
}

static void test_into(void)
{
    CHECK_STR(into("[1]", JSON_INTO_MAP), "ERR json: cannot unmarshal array into Go value of type map[string]interface {} | null");
    CHECK_STR(into("\"s\"", JSON_INTO_MAP), "ERR json: cannot unmarshal string into Go value of type map[string]interface {} | null");
    CHECK_STR(into("1e400", JSON_INTO_MAP), "ERR json: cannot unmarshal number into Go value of type map[string]interface {} | null");
    CHECK_STR(into("true", JSON_INTO_LIST), "ERR json: cannot unmarshal bool into Go value of type []interface {} | null");
    CHECK_STR(into("{}", JSON_INTO_LIST), "ERR json: cannot unmarshal object into Go value of type []interface {} | null");
    CHECK_STR(into("null", JSON_INTO_MAP), "null");
    CHECK_STR(into("{\"a\":1e400,\"b\":[1e999]}", JSON_INTO_MAP),
              "ERR json: cannot unmarshal number 1e400 into Go value of type float64 | {\"a\":null,\"b\":[null]}");
    CHECK_STR(into("[{\"a\":[]}]", JSON_INTO_LIST), "[{\"a\":[]}]");
}

static void print_fixed(const Obj *o, Buf *b) { buf_adds(b, (const char *)o->data); }
static int no_get(Arena *a, const Obj *o, const Str *name, Value *out) { return 0; }

static int kv_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    *out = val_cstr(a, name->s[0] == 'V' ? "v1.35.0" : name->s[1] == 'a' ? "1" : "35");
    return 1;
}

static void test_objects(void)
{
    /* A struct object is walked field by field, in declaration order. */
    static const ObjType kv = {"common.KubeVersion", "struct", kv_get, print_fixed};
    Obj k = {&kv, "v1.35.0"};
    CHECK_STR(enc(val_obj(&k), 0), "{\"Version\":\"v1.35.0\",\"Major\":\"1\",\"Minor\":\"35\"}");

    /* Another module's time.Time: MarshalJSON's RFC 3339 from the %v text. */
    static const ObjType tt = {"time.Time", "struct", no_get, print_fixed};
    static const ObjType sv = {"*semver.Version", "ptr", no_get, print_fixed};
    Obj t1 = {&tt, "2024-03-04 05:06:07.5 +0530 +0530"};
    Obj t2 = {&tt, "2024-03-04 00:00:00 +0000 UTC m=+0.000123"};
    Obj v1 = {&sv, "1.2.3-beta<"};
    CHECK_STR(enc(val_obj(&t1), 0), "\"2024-03-04T05:06:07.5+05:30\"");
    CHECK_STR(enc(val_obj(&t2), 0), "\"2024-03-04T00:00:00Z\"");
    CHECK_STR(enc(val_obj(&v1), JSON_ESCAPE_HTML), "\"1.2.3-beta\\u003c\"");

    static const ObjType vs = {"chartutil.VersionSet", "slice", no_get, print_fixed};
    Obj s1 = {&vs, "[v1 apps/v1]"}, s0 = {&vs, "[]"};
    CHECK_STR(enc(val_obj(&s1), 0), "[\"v1\",\"apps/v1\"]");
    CHECK_STR(enc(val_obj(&s0), 0), "[]");

    /* A struct keeps its field order; a map is sorted. */
    Map *m = map_new(&A, 0);
    map_sets(&A, m, "Version", val_cstr(&A, "v1"));
    map_sets(&A, m, "Major", val_cstr(&A, "1"));
    CHECK_STR(enc(val_map(m), 0), "{\"Major\":\"1\",\"Version\":\"v1\"}");
    m->flags |= MAP_STRUCT;
    CHECK_STR(enc(val_map(m), 0), "{\"Version\":\"v1\",\"Major\":\"1\"}");

    /* Go's nil map and nil slice. */
    Value nm = val_map(NULL), nl = val_list(NULL);
    CHECK_STR(enc(nm, 0), "null");
    CHECK_STR(enc(nl, 0), "null");
}

int main(void)
{
    arena_init(&A);
    test_strings();
    test_numbers();
    test_containers();
    test_decode();
    test_into();
    test_objects();
    arena_free(&A);
    return CHECK_DONE();
}
