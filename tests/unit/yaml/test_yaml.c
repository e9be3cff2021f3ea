/* Unit tests for the YAML layer: what case files cannot reach (inputs too
 * big or too deep for a chart, hostile aliasing, values that YAML cannot
 * produce such as int64, []byte and cycles) plus the reader's resolution
 * table and round-trip stability of the writer.  The template-function
 * ABI is stubbed so yamlfn.c links without the VM. */
#include "../check.h"
#include "fnstub.h"
#include "yaml/yaml.h"
#include "yaml/yamlint.h"

#include <math.h>
#include <stdlib.h>

static const FnDef *fn(const char *name)
{
    for (size_t i = 0; i < fn_yaml_count; i++)
        if (strcmp(fn_yaml_table[i].name, name) == 0) return &fn_yaml_table[i];
    return NULL;
}

/* load text as a values file; returns the error text or NULL */
static const char *load(Arena *a, const char *text, size_t n, Value *v)
{
    static char msg[512];
    Buf err = BUF_INIT;
    int rc = yaml_load_values(a, text, n, v, &err);
    snprintf(msg, sizeof msg, "%s", err.data ? err.data : "");
    buf_free(&err);
    return rc ? msg : NULL;
}

static char *encode(Value v)
{
    Buf b = BUF_INIT, err = BUF_INIT;
    int rc = yaml_encode(&b, v, &err);
    char *r = rc ? NULL : strdup(b.data ? b.data : "");
    buf_free(&b);
    buf_free(&err);
    return r;
}

static void test_resolve(void)
{
    static const struct { const char *s; int kind; double f; } t[] = {
        {"3", YR_INT, 3}, {"0x1F", YR_INT, 31}, {"0o17", YR_INT, 15}, {"017", YR_INT, 15},
        {"09", YR_FLOAT, 9}, {"0b101", YR_INT, 5}, {"1_000", YR_INT, 1000}, {"+12", YR_INT, 12},
        {".5", YR_FLOAT, 0.5}, {"1.", YR_FLOAT, 1}, {"1e3", YR_FLOAT, 1000}, {"-0x10", YR_INT, -16},
        {"yes", YR_BOOL, 1}, {"Off", YR_BOOL, 0}, {"~", YR_NULL, 0}, {"", YR_NULL, 0},
        {".inf", YR_FLOAT, INFINITY}, {"1e400", YR_STR, 0}, {"0o8", YR_STR, 0}, {"12e", YR_STR, 0},
        {"2024-01-02", YR_TIMESTAMP, 0}, {"2024-02-30", YR_STR, 0}, {"190:20:30", YR_STR, 0},
        {"tRue", YR_STR, 0}, {"<<", YR_STR, 0}, {"0x", YR_STR, 0}, {".5_0", YR_FLOAT, 0.5},
        {"2001-12-14t21:59:43.10-05:00", YR_TIMESTAMP, 0}, {"2024-1-1 1:2:3", YR_TIMESTAMP, 0},
        {"9223372036854775807", YR_INT, 9223372036854775807.0}, {"-9223372036854775809", YR_FLOAT, -9223372036854775809.0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        double f = 0;
        int k = yaml_resolve_plain(t[i].s, strlen(t[i].s), &f);
        if (k != t[i].kind) printf("resolve %s: kind %d\n", t[i].s, k);
        CHECK(k == t[i].kind);
        if (k == YR_INT || k == YR_FLOAT || k == YR_BOOL) CHECK(f == t[i].f);
    }
}

static void test_load(void)
{
    Arena a;
    arena_init(&a);
    Value v;
    CHECK(load(&a, "a: 1\nb: [x, yes]\n", 17, &v) == NULL);
    Value *x = v.kind == V_MAP ? map_gets(v.u.m, "a") : NULL, *y = v.kind == V_MAP ? map_gets(v.u.m, "b") : NULL;
    CHECK(x && x->kind == V_FLOAT);
    CHECK(y && y->kind == V_LIST && y->u.l->items[1].kind == V_BOOL);
    CHECK(load(&a, "", 0, &v) == NULL && v.kind == V_MAP && map_len(v.u.m) == 0);
    CHECK_STR(load(&a, "- 1\n", 4, &v),
              "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}");
    CHECK_STR(load(&a, "a: 1\n---\nb: [\n", 14, &v),
              "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected node content");
    CHECK_STR(load(&a, "a: 1\n--- x\n", 11, &v),
              "error reading yaml document: invalid Yaml document separator: x");
    /* a NUL byte is a control character to the scanner, not an end */
    CHECK(load(&a, "a: b\0c\n", 7, &v) != NULL);
    arena_free(&a);
}

static void test_limits(void)
{
    Arena a;
    arena_init(&a);
    Value v;
    size_t n = 20000;
    char *s = malloc(2 * n + 16);
    /* 9999 flow levels are fine, 10001 are go-yaml's "exceeded max depth" */
    strcpy(s, "a: ");
    memset(s + 3, '[', 9999);
    memset(s + 3 + 9999, ']', 9999);
    CHECK(load(&a, s, 3 + 2 * 9999, &v) == NULL);
    memset(s + 3, '[', 10001);
    memset(s + 3 + 10001, ']', 10001);
    CHECK_STR(load(&a, s, 3 + 2 * 10001, &v),
              "cannot unmarshal yaml document: error converting YAML to JSON: yaml: exceeded max depth of 10000");
    /* 10000 levels under the top map pass go-yaml but not encoding/json */
    memset(s + 3, '[', 10000);
    memset(s + 3 + 10000, ']', 10000);
    CHECK_STR(load(&a, s, 3 + 2 * 10000, &v),
              "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: invalid character '[' exceeded max depth");
    /* and the writer copes with what the reader accepted */
    memset(s + 3, '[', 9999);
    memset(s + 3 + 9999, ']', 9999);
    CHECK(load(&a, s, 3 + 2 * 9999, &v) == NULL);
    char *y = encode(v);
    CHECK(y != NULL);
    free(y);
    free(s);

    /* billion laughs: go-yaml's alias ratio rule stops it early */
    const char *lol =
        "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    CHECK_STR(load(&a, lol, strlen(lol), &v),
              "cannot unmarshal yaml document: error converting YAML to JSON: yaml: document contains excessive aliasing");
    CHECK(a.used < 64u * 1024 * 1024);

    /* an arena limit turns exhaustion into an error, never a crash */
    Arena small;
    arena_init(&small);
    small.limit = 4096;
    const char *many = "a: [x, y, z, x, y, z, x, y, z, x, y, z, x, y, z, x, y, z, x, y, z]\n"
                       "b: {p: 1, q: 2, r: 3, s: 4, t: 5, u: 6, v: 7, w: 8, x: 9, y: 10}\n"
                       "c: [[1, 2, 3], [4, 5, 6], [7, 8, 9], {a: b, c: d, e: f}]\n";
    for (int i = 0; i < 20 && !load(&small, many, strlen(many), &v); i++) {}
    CHECK(load(&small, many, strlen(many), &v) != NULL);
    arena_free(&small);

    /* a 20 MB scalar reads and writes in memory linear in its size */
    size_t big = 20u << 20;
    char *b = malloc(big + 8);
    memcpy(b, "a: ", 3);
    memset(b + 3, 'x', big);
    CHECK(load(&a, b, big + 3, &v) == NULL);
    CHECK(map_gets(v.u.m, "a")->u.s->len == big);
    free(b);
    arena_free(&a);
}

static void test_encode(void)
{
    Arena a;
    arena_init(&a);
    Map *m = map_new(&a, 0);
    map_sets(&a, m, "i", val_int64(-5));
    Value u = val_int(0);
    u.gtype = GT_UINT64;
    u.u.u = UINT64_MAX;
    map_sets(&a, m, "u", u);
    Value bytes = val_cstr(&a, "hi");
    bytes.gtype = GT_BYTES;
    map_sets(&a, m, "b", bytes);
    map_sets(&a, m, "k10", val_bool(true));
    map_sets(&a, m, "k9", val_nil());
    char *y = encode(val_map(m));
    CHECK_STR(y, "b: aGk=\ni: -5\nk9: null\nk10: true\nu: 18446744073709551615\n");
    free(y);

    Buf b = BUF_INIT, err = BUF_INIT;
    CHECK(yaml_encode(&b, val_float(NAN), &err) < 0);
    CHECK_STR(err.data, "json: unsupported value: NaN");
    buf_clear(&err);

    /* a map containing itself: encoding/json's cycle error, not a crash */
    Map *cyc = map_new(&a, 0);
    map_sets(&a, cyc, "self", val_map(cyc));
    CHECK(yaml_encode(&b, val_map(cyc), &err) < 0);
    CHECK_STR(err.data, "json: unsupported value: encountered a cycle via map[string]interface {}");
    /* the same with a BOM string inside (its placeholder check must not
     * walk the cycle forever) */
    map_sets(&a, cyc, "bom", val_cstr(&a, "\xef\xbb\xbfx"));
    buf_clear(&err);
    CHECK(yaml_encode(&b, val_map(cyc), &err) < 0);
    CHECK_STR(err.data, "json: unsupported value: encountered a cycle via map[string]interface {}");
    /* a string that looks like the placeholder disables the quirk */
    Map *mk = map_new(&a, 0);
    map_sets(&a, mk, "a", val_cstr(&a, "\xef\xbb\xbfx"));
    map_sets(&a, mk, "b", val_cstr(&a, "QzBOM0zQzzzz"));
    buf_clear(&b);
    CHECK(yaml_encode(&b, val_map(mk), &err) == 0);
    CHECK_STR(b.data, "a: \"\\uFEFFx\"\nb: QzBOM0zQzzzz\n");
    buf_free(&b);
    buf_free(&err);
    arena_free(&a);
}

/* toYaml(fromYaml(toYaml(x))) == toYaml(x) for values read from YAML */
static void test_roundtrip(void)
{
    static const char *docs[] = {
        "a: [1, 1.5, 1000000, 1234567.5, 1e-7, '', ' x', 'yes', '~', \"a\\tb\", \"l1\\nl2\\n\"]\n",
        "k: {z: 1, a: {b: [[], {}]}, \"0\": x, \"00\": y, a1: 1, a01: 2}\n",
        "s: \"  lead\\n\\ntrail  \\n\"\nt: \"x\\u2028y\\u0085z\"\n",
        "long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq\n",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        Arena a;
        arena_init(&a);
        Value v, w = val_nil();
        CHECK(load(&a, docs[i], strlen(docs[i]), &v) == NULL);
        char *y1 = encode(v);
        CHECK(y1 != NULL);
        Buf err = BUF_INIT;
        CHECK(y1 && yaml_decode(&a, y1, strlen(y1), V_NIL, &w, &err) == 0);
        buf_free(&err);
        char *y2 = encode(w);
        CHECK_STR(y2, y1);
        free(y1);
        free(y2);
        arena_free(&a);
    }
}

static const char *call(Arena *a, const char *name, Value arg, Value *out)
{
    static char msg[512];
    FnCall c = {a, BUF_INIT};
    int rc = fn(name)->impl(&c, 1, &arg, out);
    snprintf(msg, sizeof msg, "%s", c.err.data ? c.err.data : "");
    buf_free(&c.err);
    return rc ? msg : NULL;
}

static void test_functions(void)
{
    Arena a;
    arena_init(&a);
    Value out;
    CHECK(fn("toYaml") && fn("mustToYaml") && fn("toYamlPretty") && fn("fromYaml") && fn("fromYamlArray"));
    CHECK(call(&a, "toYaml", val_float(INFINITY), &out) == NULL && out.kind == V_STR && out.u.s->len == 0);
    CHECK_STR(call(&a, "mustToYaml", val_float(INFINITY), &out), "json: unsupported value: +Inf");
    CHECK(call(&a, "toYaml", val_cstr(&a, "yes"), &out) == NULL);
    CHECK_STR(out.u.s->s, "\"yes\"");
    CHECK(call(&a, "toYamlPretty", val_float(1e6), &out) == NULL);
    CHECK_STR(out.u.s->s, "1e+06");
    /* keys from templates may be invalid UTF-8; both writers repair them */
    Map *bad = map_new(&a, 0);
    map_sets(&a, bad, "k\xff", val_cstr(&a, "v\xfe"));
    CHECK(call(&a, "toYamlPretty", val_map(bad), &out) == NULL);
    CHECK_STR(out.u.s->s, "k\xef\xbf\xbd: v\xef\xbf\xbd");
    CHECK(call(&a, "toYaml", val_map(bad), &out) == NULL);
    CHECK_STR(out.u.s->s, "k\xef\xbf\xbd: v\xef\xbf\xbd");
    /* go-yaml v2's BOM quirk: every character escaped */
    CHECK(call(&a, "toYaml", val_cstr(&a, "\xef\xbb\xbfx y"), &out) == NULL);
    CHECK_STR(out.u.s->s, "\"\\uFEFF\\x78\\x20\\x79\"");
    CHECK(call(&a, "fromYaml", val_cstr(&a, "- 1"), &out) == NULL && out.kind == V_MAP);
    CHECK_STR(map_gets(out.u.m, "Error")->u.s->s,
              "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}");
    CHECK(call(&a, "fromYamlArray", val_cstr(&a, "a: 1"), &out) == NULL && out.kind == V_LIST);
    CHECK_STR(out.u.l->items[0].u.s->s,
              "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}");
    CHECK(call(&a, "fromYamlArray", val_cstr(&a, "[1, x]"), &out) == NULL && out.u.l->len == 2);
    arena_free(&a);
}

/* decode text with yaml_decode; the value as JSON-ish text via the YAML
 * writer, or "ERR: message" */
static char *dec(Arena *a, const char *text)
{
    Value v;
    Buf err = BUF_INIT;
    char *r;
    if (yaml_decode(a, text, strlen(text), V_NIL, &v, &err) == 0) {
        r = encode(v);
    } else {
        r = malloc(err.len + 6);
        snprintf(r, err.len + 6, "ERR: %s", err.data ? err.data : "");
    }
    buf_free(&err);
    return r;
}

/* go-yaml v2's flow scalars, line-start BOMs, float32 and nil slices */
static void test_v2_quirks(void)
{
    Arena a;
    arena_init(&a);
    char *r = dec(&a, "k: [x:, y:]");
    CHECK_STR(r, "k:\n- 'x:'\n- 'y:'\n");
    free(r);
    /* the stand-in for ':' must not be a character the text holds */
    r = dec(&a, "k: [\xEE\x80\x80x:]");
    CHECK_STR(r, "k:\n- '\xEE\x80\x80x:'\n");
    free(r);
    r = dec(&a, "k: [a?b]");
    CHECK_STR(r, "ERR: error converting YAML to JSON: yaml: did not find expected ',' or ']'");
    free(r);
    r = dec(&a, "k: {a: b?c}");
    CHECK_STR(r, "ERR: error converting YAML to JSON: yaml: did not find expected ',' or '}'");
    free(r);
    /* both stand-ins at once */
    r = dec(&a, "a: [x:]\n\xEF\xBB\xBF" "b: 1");
    CHECK_STR(r, "\"\\uFEFF\\x62\": 1\na:\n- 'x:'\n");
    free(r);
    /* many rewrites stay within the budget */
    Buf big = BUF_INIT;
    buf_adds(&big, "k: [");
    for (int i = 0; i < 300; i++) buf_adds(&big, "x:, ");
    buf_adds(&big, "y]");
    Value v;
    Buf err = BUF_INIT;
    CHECK(yaml_decode(&a, big.data, big.len, V_MAP, &v, &err) == 0);
    Value *k = v.kind == V_MAP ? map_gets(v.u.m, "k") : NULL;
    CHECK(k && k->kind == V_LIST && k->u.l->len == 301);
    buf_free(&big);
    buf_free(&err);

    Value f = val_float(0.1);
    f.gtype = GT_FLOAT32;
    r = encode(f);
    CHECK_STR(r, "0.1\n");
    free(r);
    List *l = list_new(&a, 0);
    l->flags |= LIST_NIL;
    r = encode(val_list(l));
    CHECK_STR(r, "null\n");
    free(r);
    list_push(&a, l, val_int(1));
    r = encode(val_list(l));
    CHECK_STR(r, "- 1\n");
    free(r);
    arena_free(&a);
}

int main(void)
{
    test_v2_quirks();
    test_resolve();
    test_load();
    test_limits();
    test_encode();
    test_roundtrip();
    test_functions();
    return CHECK_DONE();
}
