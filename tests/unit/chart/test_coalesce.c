/*
 * Unit tests for values coalescing.  Expectations come from the reference
 * helm with chart v (values: top: null / tm: {x: null, y: 1} / d: {a: 1,
 * b: 2}) and its undeclared subchart s (values: n: null / m: {x: null,
 * y: 1} / k: 1 / global: {g: 1, h: {i: 1}}), each template printing
 * `# {{ toJson .Values }}`.  YAML 1.1 reads the keys y and n as "true"
 * and "false", which is how they appear below.
 *   run 1: $H template r ./v --set d.a=null,u=null,s.k=null,global.h.j=2
 *              -f <(printf 'd: {c: 3}\ntm: {z: null}\n')
 *   run 3: $H template r ./v --set tm.x=null,top=null,d.q=null
 *              -f <(printf 's:\n  m: {x: 5}\n')
 * The sub's .Values is the parent's final .Values.s.
 */
#include "../check.h"
#include "chart/chart.h"
#include "jvalues.h"

#include <stdlib.h>


static Chart *tree(Arena *a)
{
    Chart *v = mk(a, "v", "{\"top\":null,\"tm\":{\"x\":null,\"true\":1},\"d\":{\"a\":1,\"b\":2}}");
    Chart *s = mk(a, "s", "{\"false\":null,\"m\":{\"x\":null,\"true\":1},\"k\":1,\"global\":{\"g\":1,\"h\":{\"i\":1}}}");
    v->deps = ARENA_NEWN(a, Chart *, 1);
    v->deps[0] = s;
    v->ndeps = 1;
    s->parent = v;
    return v;
}

static void test_runs(void)
{
    Arena a;
    arena_init(&a);
    Value out;
    Buf err = BUF_INIT, logs = BUF_INIT;
    /* user values of run 1 after -f then --set */
    Value u1 = J(&a, "{\"d\":{\"c\":3,\"a\":null},\"tm\":{\"z\":null},\"u\":null,\"s\":{\"k\":null},\"global\":{\"h\":{\"j\":2}}}");
    CHECK_INT(chart_coalesce_values(&a, tree(&a), u1, false, &out, &logs, &err), 0);
    CHECK_STR(show(&a, out), "{\"d\":{\"b\":2,\"c\":3},\"global\":{\"h\":{\"j\":2}},"
              "\"s\":{\"false\":null,\"global\":{\"g\":1,\"h\":{\"i\":1,\"j\":2}},\"m\":{\"true\":1,\"x\":null}},"
              "\"tm\":{\"true\":1,\"x\":null,\"z\":null},\"top\":null,\"u\":null}");
    /* the input is not changed (helm copies it) */
    CHECK_STR(show(&a, u1), "{\"d\":{\"a\":null,\"c\":3},\"global\":{\"h\":{\"j\":2}},\"s\":{\"k\":null},\"tm\":{\"z\":null},\"u\":null}");

    Value u3 = J(&a, "{\"s\":{\"m\":{\"x\":5}},\"tm\":{\"x\":null},\"top\":null,\"d\":{\"q\":null}}");
    CHECK_INT(chart_coalesce_values(&a, tree(&a), u3, false, &out, &logs, &err), 0);
    CHECK_STR(show(&a, out), "{\"d\":{\"a\":1,\"b\":2,\"q\":null},"
              "\"s\":{\"false\":null,\"global\":{\"g\":1,\"h\":{\"i\":1}},\"k\":1,\"m\":{\"true\":1,\"x\":5}},"
              "\"tm\":{\"true\":1,\"x\":null}}");
    CHECK_INT(logs.len, 0);

    /* $H template r ./v --set s=3 -> Error: type mismatch on s: %!t(int64=3)
     * (s undeclared; a declared s fails earlier, in dependency processing,
     * with the "chart dependencies processing failed: " prefix) */
    buf_clear(&err);
    CHECK_INT(chart_coalesce_values(&a, tree(&a), J(&a, "{\"s\":3}"), false, &out, &logs, &err), -1);
    CHECK_STR(err.data ? err.data : "", "type mismatch on s: %!t(int64=3)");
    buf_free(&err);
    buf_free(&logs);
    arena_free(&a);
}

/* $H template r ./ord --set a.b=1 with default `a: 1` logs
 * level=INFO msg="warning: skipped value for ord.a: Not a table." */
static void test_not_table(void)
{
    Arena a;
    arena_init(&a);
    Value out;
    Buf err = BUF_INIT, logs = BUF_INIT;
    Chart *c = mk(&a, "ord", "{\"a\":1}");
    CHECK_INT(chart_coalesce_values(&a, c, J(&a, "{\"a\":{\"b\":1}}"), false, &out, &logs, &err), 0);
    CHECK_STR(show(&a, out), "{\"a\":{\"b\":1}}");
    CHECK_STR(logs.data ? logs.data : "", "level=INFO msg=\"warning: skipped value for ord.a: Not a table.\"\n");
    buf_free(&err);
    buf_free(&logs);
    arena_free(&a);
}

/* -f a.yaml -f b.yaml: maps merge, lists and null replace
 * ($H template r ./c -f <(l: [1], m: {a: 1}, n: 1) -f <(l: [2], m: {b: 2}, n: null)) */
static void test_merge(void)
{
    Arena a;
    arena_init(&a);
    Value d = J(&a, "{\"l\":[1],\"m\":{\"a\":1},\"false\":1}");
    Value s = J(&a, "{\"l\":[2],\"m\":{\"b\":2},\"false\":null}");
    chart_merge_values(&a, d.u.m, s.u.m);
    CHECK_STR(show(&a, d), "{\"false\":null,\"l\":[2],\"m\":{\"a\":1,\"b\":2}}");
    arena_free(&a);
}

/* Coalescing clones maps whole (entries and hash index as they are): the
 * clones must be independent of the chart's values and stay sound maps -
 * large ones with an index, small ones, ones with deleted slots - under
 * lookups, inserts and deletes. */
static void test_copies(void)
{
    Arena a;
    arena_init(&a);
    Map *big = map_new(&a, 0), *holes = map_new(&a, 0);
    char k[16];
    for (int i = 0; i < 40; i++) {
        snprintf(k, sizeof k, "k%d", i);
        map_sets(&a, big, k, val_int(i));
        map_sets(&a, holes, k, val_int(i));
    }
    for (int i = 0; i < 40; i += 3) {
        snprintf(k, sizeof k, "k%d", i);
        map_del(holes, str_cstr(&a, k));
    }
    Map *vals = map_new(&a, 0);
    map_sets(&a, vals, "big", val_map(big));
    map_sets(&a, vals, "holes", val_map(holes));
    map_sets(&a, vals, "small", J(&a, "{\"a\":{\"b\":[1,{\"c\":2}]}}"));
    Chart *c = mk(&a, "c", "{}");
    c->values = val_map(vals);
    const char *before = show(&a, c->values);
    Value out;
    Buf err = BUF_INIT;
    for (int round = 0; round < 2; round++) {
        CHECK_INT(chart_coalesce_values(&a, c, val_nil(), false, &out, NULL, &err), 0);
        CHECK_STR(show(&a, out), before);
        Map *ob = map_gets(out.u.m, "big")->u.m, *oh = map_gets(out.u.m, "holes")->u.m;
        int found = 0;
        for (int i = 0; i < 40; i++) {
            snprintf(k, sizeof k, "k%d", i);
            Value *x = map_gets(ob, k), *y = map_gets(oh, k);
            found += x && x->u.i == i;
            found += i % 3 ? y && y->u.i == i : !y;
        }
        CHECK_INT(found, 80);
        for (int i = 0; i < 60; i++) {
            snprintf(k, sizeof k, "n%d", i);
            map_sets(&a, ob, k, val_int(-i));
            map_sets(&a, oh, k, val_int(-i));
        }
        map_del(ob, str_cstr(&a, "k5"));
        map_sets(&a, map_gets(map_gets(out.u.m, "small")->u.m, "a")->u.m, "z", val_int(9));
        map_gets(map_gets(map_gets(out.u.m, "small")->u.m, "a")->u.m, "b")->u.l->items[0] = val_int(7);
        found = 0;
        for (int i = 0; i < 60; i++) {
            snprintf(k, sizeof k, "n%d", i);
            Value *x = map_gets(ob, k), *y = map_gets(oh, k);
            found += x && y && x->u.i == -i && y->u.i == -i;
        }
        CHECK_INT(found, 60);
        CHECK(map_gets(ob, "k5") == NULL && map_gets(ob, "k6") != NULL);
        CHECK_STR(show(&a, c->values), before);
    }
    buf_free(&err);
    arena_free(&a);
}

int main(void)
{
    test_runs();
    test_not_table();
    test_merge();
    test_copies();
    return CHECK_DONE();
}
