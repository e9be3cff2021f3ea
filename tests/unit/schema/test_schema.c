/*
 * test_schema.c - the validator against helm's exact texts.
 *
 * The expected strings are the bytes the reference helm printed for the
 * chart corpus (testdata/template/schema.expected) and for probes run
 * while writing the validator; the values are those helm built for each
 * case (YAML numbers float64, --set integers int64).
 *
 * With arguments `--check SCHEMA VALUES` it prints schema_validate's
 * result for two JSON files (numbers of VALUES become float64 as helm's
 * YAML reader makes them), for comparing with the reference by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "schema/schema.h"
#include "value/fmt.h"

/* json.Number -> float64, or int64 when marked with a trailing "i" key
 * trick is not needed: integers given as strings "int:N" become int64. */
static Value to_go(Arena *a, Value v)
{
    const Str *lit = schema_number_literal(v);
    if (lit) return val_float(strtod(lit->s, NULL));
    if (v.kind == V_STR && strncmp(v.u.s->s, "int:", 4) == 0) return val_int64(strtoll(v.u.s->s + 4, NULL, 10));
    if (v.kind == V_LIST)
        for (uint32_t i = 0; i < v.u.l->len; i++) v.u.l->items[i] = to_go(a, v.u.l->items[i]);
    if (v.kind == V_MAP)
        for (uint32_t i = 0; i < v.u.m->used; i++)
            if (v.u.m->entries[i].key) v.u.m->entries[i].val = to_go(a, v.u.m->entries[i].val);
    return v;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = BUF_INIT;
    char tmp[4096];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, k);
    fclose(f);
    *n = b.len;
    if (!b.data) return calloc(1, 1);
    return buf_steal(&b);
}

/* schema_validate on a schema file and JSON values; returns the text */
static char *run(Arena *a, const char *schema_path, const char *values_json, int *rc)
{
    size_t n;
    char *schema = slurp(schema_path, &n);
    if (!schema) { *rc = -2; return strdup("(no schema file)"); }
    Value vals;
    Buf err = BUF_INIT, out = BUF_INIT;
    if (schema_json_parse(a, values_json, strlen(values_json), &vals, &err) < 0) {
        *rc = -3;
        free(schema);
        char *e = buf_steal(&err);
        return e;
    }
    buf_free(&err);
    vals = to_go(a, vals);
    *rc = schema_validate(a, schema, n, vals, &out);
    free(schema);
    if (!out.data) return strdup("");
    return buf_steal(&out);
}

#define S07 "testdata/template/charts/schema07/values.schema.json"
#define S20 "testdata/template/charts/schema2020/values.schema.json"
#define SCH "testdata/template/charts/schemasub/charts/child/values.schema.json"
#define SBAD "testdata/template/charts/schemabad/values.schema.json"

#define V07(extra) "{\"mode\":\"server\",\"port\":8080,\"name\":\"abc\",\"tags\":[\"web\",\"api\"]," \
                   "\"resources\":{\"limits\":{\"cpu\":\"500m\"}}" extra "}"
#define V20(svc, ing, env) "{\"service\":" svc ",\"ingress\":" ing ",\"env\":" env "}"
#define SVC "{\"type\":\"ClusterIP\",\"port\":80}"
#define ING "{\"enabled\":false,\"hosts\":[]}"

static void expect(Arena *a, const char *schema, const char *values, int want_rc, const char *want)
{
    int rc;
    char *got = run(a, schema, values, &rc);
    CHECK_INT(rc, want_rc);
    CHECK_STR(got, want);
    free(got);
}

static void corpus(Arena *a)
{
    expect(a, S07, V07(""), 0, "");
    expect(a, S07, "{\"port\":8080}", 1, "- at '': missing property 'mode'\n");
    expect(a, S07, "{\"mode\":\"x\",\"port\":8080}", 1, "- at '/mode': value must be one of 'server', 'agent'\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":\"int:80\"}", 1, "- at '/port': minimum: got 80, want 1,024\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":\"int:70000\"}", 1, "- at '/port': maximum: got 70,000, want 65,535\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":8080,\"name\":\"ABCDEFGHIJ\"}", 1,
           "- at '/name': maxLength: got 10, want 8\n"
           "- at '/name': 'ABCDEFGHIJ' does not match pattern '^[a-z]+$'\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":8080,\"name\":\"abc1\"}", 1,
           "- at '/name': 'abc1' does not match pattern '^[a-z]+$'\n");
    expect(a, S07, V07(",\"tags\":[\"a\",\"a\"]"), 1, "- at '/tags': items at 0 and 1 are equal\n");
    expect(a, S07, V07(",\"tags\":[\"a\",\"int:1\"]"), 1, "- at '/tags/1': got number, want string\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":8080,\"resources\":{\"limits\":{},\"x\":\"int:1\"}}", 1,
           "- at '/resources': additional properties 'x' not allowed\n");
    expect(a, S07, V07(",\"replicas\":\"int:0\""), 1, "- at '/replicas': exclusiveMinimum: got 0, want 0\n");
    expect(a, S07, V07(",\"ratio\":0.3"), 1, "- at '/ratio': multipleOf: got 0.3, want 0.5\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":8080,\"tags\":\"notalist\"}", 1, "- at '/tags': got string, want array\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":\"8080\"}", 1, "- at '/port': got string, want integer\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":2048.0}", 0, "");
    expect(a, S07, "{\"mode\":\"server\",\"port\":3000.5}", 1, "- at '/port': got number, want integer\n");
    expect(a, S07, "{\"mode\":\"server\",\"port\":2222,\"resources\":{\"limits\":{},\"requests\":{},\"extra\":1}}", 1,
           "- at '/resources': additional properties 'extra' not allowed\n");

    expect(a, S20, V20(SVC, ING, "{}"), 0, "");
    expect(a, S20, V20(SVC, "{\"enabled\":true,\"hosts\":[]}", "{}"), 1,
           "- at '/ingress/hosts': minItems: got 0, want 1\n");
    expect(a, S20, V20(SVC, ING, "{\"bad-key\":\"1\"}"), 1,
           "- at '': invalid propertyName 'bad-key'\n"
           "  - at '': 'bad-key' does not match pattern '^[A-Z_][A-Z0-9_]*$'\n");
    expect(a, S20, V20(SVC, ING, "{\"GOOD\":\"int:1\"}"), 1, "- at '/env/GOOD': got number, want string\n");
    expect(a, S20, V20("{\"type\":\"ClusterIP\",\"port\":\"int:0\"}", ING, "{}"), 1,
           "- at '/service/port': minimum: got 0, want 1\n");
    expect(a, S20, V20("{\"type\":\"ExternalName\",\"port\":80}", ING, "{}"), 1,
           "- at '/service/type': value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'\n");
    expect(a, S20, V20("{\"type\":\"ClusterIP\",\"port\":\"int:70000\"}", ING, "{}"), 1,
           "- at '/service/port': maximum: got 70,000, want 65,535\n");
    /* the library names the first item after prefixItems /0, not /1 */
    expect(a, S20, V20(SVC, "{\"enabled\":false,\"hosts\":[\"a.example.com\",\"int:2\",\"c\",\"d\"]}", "{}"), 1,
           "- at '/ingress/hosts': maxItems: got 4, want 3\n"
           "- at '/ingress/hosts/0': got number, want string\n");
    expect(a, S20, V20(SVC, "{\"enabled\":true,\"hosts\":[\"a.example.com\"]}", "{}"), 0, "");
    expect(a, S20, V20(SVC, ING, "{\"LOG_LEVEL\":\"debug\"}"), 0, "");
    expect(a, S20, "{\"service\":" SVC ",\"ingress\":" ING ",\"env\":{},\"unknownTop\":\"int:1\"}", 1,
           "- at '/unknownTop': false schema\n");

    expect(a, SCH, "{\"need\":\"x\",\"level\":1}", 1, "- at '/need': minLength: got 1, want 2\n");
    expect(a, SCH, "{\"need\":null,\"level\":1}", 1, "- at '/need': got null, want string\n");
    expect(a, SCH, "{\"need\":\"here\",\"level\":\"high\"}", 1, "- at '/level': got string, want integer\n");
    expect(a, SBAD, "{\"a\":1}", -1, "unexpected EOF");
}

static void charts(Arena *a)
{
    const char *parent = "{\"type\":\"object\",\"required\":[\"top\"],\"properties\":{\"top\":{\"type\":\"boolean\"}}}";
    const char *child = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                        "\"required\":[\"need\"],\"properties\":{\"need\":{\"type\":\"string\",\"minLength\":2},"
                        "\"level\":{\"type\":\"integer\"}}}";
    SchemaChart kid = { "child", child, strlen(child), NULL, 0 };
    SchemaChart root = { "schemasub", parent, strlen(parent), &kid, 1 };
    Value v;
    Buf e = BUF_INIT, msg = BUF_INIT;
    const char *txt = "{\"child\":{\"level\":1,\"need\":null}}";
    schema_json_parse(a, txt, strlen(txt), &v, &e);
    v = to_go(a, v);
    CHECK_INT(schema_validate_charts(a, &root, v, &msg), 1);
    CHECK_STR(msg.data,
              "values don't meet the specifications of the schema(s) in the following chart(s):\n"
              "schemasub:\n- at '': missing property 'top'\nchild:\n- at '/need': got null, want string\n");
    buf_clear(&msg);
    txt = "{\"top\":true,\"child\":{\"level\":1,\"need\":\"here\"}}";
    schema_json_parse(a, txt, strlen(txt), &v, &e);
    CHECK_INT(schema_validate_charts(a, &root, to_go(a, v), &msg), 0);
    txt = "{\"top\":true,\"child\":\"x\"}";
    schema_json_parse(a, txt, strlen(txt), &v, &e);
    CHECK_INT(schema_validate_charts(a, &root, v, &msg), 1);
    CHECK_STR(msg.data,
              "values don't meet the specifications of the schema(s) in the following chart(s):\n"
              "child:\ninvalid type for values: expected object (map), got string\n");
    buf_free(&e);
    buf_free(&msg);
}

/* numbers as x/text prints them, seen in the reference's messages */
static void numbers(Arena *a)
{
    const char *schema = "{\"properties\":{\"a\":{\"maximum\":0.5},\"b\":{\"minimum\":1e30},"
                         "\"d\":{\"enum\":[1.0,2e5,\"x\",null,true]},\"e\":{\"const\":1000000},"
                         "\"g\":{\"multipleOf\":0.001}}}";
    static const struct { const char *vals, *want; } t[] = {
        { "{\"a\":1234567.5}", "- at '/a': maximum: got 1.2345675×10⁰⁶, want 0.5\n" },
        { "{\"a\":1e21}", "- at '/a': maximum: got 1×10²¹, want 0.5\n" },
        { "{\"a\":123456789012345678}", "- at '/a': maximum: got 1.2345678901234568×10¹⁷, want 0.5\n" },
        { "{\"a\":0.75}", "- at '/a': maximum: got 0.75, want 0.5\n" },
        { "{\"b\":0.00001}", "- at '/b': minimum: got 1×10⁻⁰⁵, want 1×10³⁰\n" },
        { "{\"b\":-1234.5678}", "- at '/b': minimum: got -1,234.5678, want 1×10³⁰\n" },
        { "{\"d\":3}", "- at '/d': value must be one of 1.0, 2e5, 'x', <nil>, true\n" },
        { "{\"e\":3}", "- at '/e': value must be 1000000\n" },
        { "{\"g\":1.00001}", "- at '/g': multipleOf: got 1.00001, want 0.001\n" },
        { "{\"g\":1.001}", "" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Value v;
        Buf e = BUF_INIT, out = BUF_INIT;
        schema_json_parse(a, t[i].vals, strlen(t[i].vals), &v, &e);
        int rc = schema_validate(a, schema, strlen(schema), to_go(a, v), &out);
        CHECK_INT(rc, t[i].want[0] ? 1 : 0);
        CHECK_STR(out.data ? out.data : "", t[i].want);
        buf_free(&e);
        buf_free(&out);
    }
}

static void parse_errors(Arena *a)
{
    static const struct { const char *in, *want; } t[] = {
        { "", "EOF" },
        { "  \n", "EOF" },
        { "{\"a\": 1", "unexpected EOF" },
        { "{} x", "invalid character after top-level value" },
        { "{\"a\" 1}", "invalid character '1' after object key" },
        { "[1,]", "invalid character ']' looking for beginning of value" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        Value v;
        Buf e = BUF_INIT;
        CHECK_INT(schema_json_parse(a, t[i].in, strlen(t[i].in), &v, &e), -1);
        CHECK_STR(e.data, t[i].want);
        buf_free(&e);
    }
    Buf out = BUF_INIT;
    CHECK_INT(schema_validate(a, "[]", 2, val_nil(), &out), -1);
    CHECK_STR(out.data, "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
                        "failed with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': got array, want boolean or object");
    buf_free(&out);
}

/* testdata/schema/probes.expected.json: what the reference printed for
 * each schema and values (recorded by testdata/schema/gen-probes.py) */
static void probes(Arena *a)
{
    size_t n;
    char *text = slurp("testdata/schema/probes.expected.json", &n);
    CHECK(text != NULL);
    if (!text) return;
    Value all;
    Buf e = BUF_INIT;
    CHECK_INT(schema_json_parse(a, text, n, &all, &e), 0);
    for (uint32_t i = 0; all.kind == V_LIST && i < all.u.l->len; i++) {
        Map *m = all.u.l->items[i].u.m;
        Value *sch = map_gets(m, "schema"), *vals = map_gets(m, "values");
        Value *rc = map_gets(m, "rc"), *want = map_gets(m, "expected");
        Buf out = BUF_INIT;
        int got = sch->kind == V_STR ? schema_validate(a, sch->u.s->s, sch->u.s->len, to_go(a, *vals), &out)
                                     : schema_validate_doc(a, *sch, to_go(a, *vals), &out);
        const Str *rl = schema_number_literal(*rc);
        CHECK_INT(got, rl ? atoi(rl->s) : 99);
        CHECK_STR(out.data ? out.data : "", want->u.s->s);
        if (got != (rl ? atoi(rl->s) : 99) || strcmp(out.data ? out.data : "", want->u.s->s))
            printf("  (probe %u)\n", i);
        buf_free(&out);
    }
    buf_free(&e);
    free(text);
}

/* hostile input never crashes: deep values, deep schemas, huge exponents,
 * reference cycles through the whole document */
static void hostile(Arena *a)
{
    Buf t = BUF_INIT, out = BUF_INIT;
    for (int i = 0; i < 3000; i++) buf_adds(&t, "{\"a\":");
    buf_adds(&t, "1");
    for (int i = 0; i < 3000; i++) buf_addc(&t, '}');
    Value deep;
    Buf e = BUF_INIT;
    CHECK_INT(schema_json_parse(a, t.data, t.len, &deep, &e), 0);
    const char *rec = "{\"additionalProperties\":{\"$ref\":\"#\"},\"type\":[\"object\",\"string\"]}";
    int rc = schema_validate(a, rec, strlen(rec), to_go(a, deep), &out);
    CHECK(rc == 1 || rc == 0);
    buf_clear(&out);
    /* a schema nested deeper than Go's decoder allows */
    buf_clear(&t);
    for (int i = 0; i < 10001; i++) buf_adds(&t, "{\"not\":");
    buf_adds(&t, "{}");
    for (int i = 0; i < 10001; i++) buf_addc(&t, '}');
    CHECK_INT(schema_validate(a, t.data, t.len, val_nil(), &out), -1);
    CHECK_STR(out.data, "invalid character '{' exceeded max depth");
    buf_clear(&out);
    /* a schema nested deep but within the decoder's limit */
    buf_clear(&t);
    for (int i = 0; i < 5000; i++) buf_adds(&t, "{\"not\":");
    buf_adds(&t, "{}");
    for (int i = 0; i < 5000; i++) buf_addc(&t, '}');
    rc = schema_validate(a, t.data, t.len, val_nil(), &out);
    CHECK(rc >= -1 && rc <= 1);
    buf_clear(&out);
    const char *big = "{\"multipleOf\":1e-99999999}";
    CHECK_INT(schema_validate(a, big, strlen(big), val_float(1e300), &out), 0);
    buf_clear(&out);
    const char *rx = "{\"pattern\":\"^(a+)+$\"}";
    CHECK_INT(schema_validate(a, rx, strlen(rx), val_strn(a, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", 33), &out), 1);
    buf_clear(&out);
    /* long lists go through hashing: same first pair as the n² scan */
    const char *uq = "{\"uniqueItems\":true}";
    List *l = list_new(a, 40);
    for (int i = 0; i < 40; i++) list_push(a, l, val_float(i));
    l->items[25] = val_int64(3);
    l->items[33] = val_float(3);
    l->items[31] = val_float(30);
    CHECK_INT(schema_validate(a, uq, strlen(uq), val_list(l), &out), 1);
    CHECK_STR(out.data, "- at '': items at 3 and 25 are equal\n");
    buf_free(&out);
    buf_free(&t);
    buf_free(&e);
}

int main(int argc, char **argv)
{
    Arena a;
    arena_init(&a);
    if (argc == 4 && strcmp(argv[1], "--check") == 0) {
        size_t n;
        char *vals = slurp(argv[3], &n);
        int rc;
        char *out = vals ? run(&a, argv[2], vals, &rc) : NULL;
        if (out) printf("%s", out);
        printf("[rc %d]\n", out ? rc : -9);
        free(out);
        free(vals);
        arena_free(&a);
        return 0;
    }
    corpus(&a);
    charts(&a);
    numbers(&a);
    parse_errors(&a);
    probes(&a);
    hostile(&a);
    arena_free(&a);
    return CHECK_DONE();
}
