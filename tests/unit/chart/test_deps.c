/*
 * Unit tests for dependency processing (aliases, conditions, tags,
 * import-values, range matching) and the template/CRD lists.  The tree
 * mirrors chart "dp", rendered by the reference helm with
 *   $H template r ./dp --set s1.enabled=false --set tags.t2=false
 * (par: dependencies s1 "0.1.0" condition s1.enabled; s1 alias s1b "^0.1"
 * import-values [{child: exp.data, parent: imported}, ex, {child: nope,
 * parent: x}]; s2 "1.x" tags [t2]; s3 ">5"; charts s1 0.1.0, s2 1.0.0,
 * s3 1.0.0, s4 0.1.0 undeclared).  helm printed:
 *   level=WARN msg="ImportValues missing table from chart" chart=s1b error="\"nope\" is not a table"
 *   sources par/charts/s1b, par/charts/s3, par/charts/s4, par/templates/p.yaml
 *   par .Values {"e":1,"imported":{"k":"parent-wins","k2":"v2"},"own":1,
 *     "s1":{"enabled":false},"s1b":{...,"global":{}},"s3":{"global":{}},
 *     "s4":{"global":{}},"tags":{"t2":false}}
 *   .Chart.Dependencies: s1b:true:[map[child:exp.data parent:imported]
 *     map[child:exports.ex parent:.] map[child:nope parent:x]] s3:true:[]
 */
#include "../check.h"
#include "chart/chart.h"
#include "jvalues.h"
#include "value/fmt.h"

#include <stdlib.h>



static ChartDep dep(Arena *a, const char *name, const char *ver, const char *alias, const char *cond)
{
    ChartDep d;
    memset(&d, 0, sizeof d);
    d.name = str_cstr(a, name);
    d.version = str_cstr(a, ver);
    d.alias = str_cstr(a, alias);
    d.condition = str_cstr(a, cond);
    d.repository = str_empty();
    d.tags = val_list(list_new(a, 0));
    return d;
}

static Chart *sub(Arena *a, Chart *par, const char *name, const char *ver, const char *vals)
{
    Chart *c = mk(a, name, vals);
    c->meta.version = str_cstr(a, ver);
    c->parent = par;
    ChartFile *t = ARENA_NEW(a, ChartFile);
    t->name = str_cstr(a, "templates/t.yaml");
    t->data = str_cstr(a, "x");
    c->templates = t;
    c->ntemplates = 1;
    return c;
}

static Chart *dp_tree(Arena *a)
{
    Chart *p = mk(a, "par", "{\"own\":1,\"imported\":{\"k\":\"parent-wins\"}}");
    p->meta.version = str_cstr(a, "0.1.0");
    p->meta.has_deps = true;
    p->meta.ndeps = 4;
    p->meta.deps = ARENA_NEWN(a, ChartDep, 4);
    p->meta.deps[0] = dep(a, "s1", "0.1.0", "", "s1.enabled");
    p->meta.deps[1] = dep(a, "s1", "^0.1", "s1b", "");
    p->meta.deps[1].import_values = J(a, "[{\"child\":\"exp.data\",\"parent\":\"imported\"},\"ex\",{\"child\":\"nope\",\"parent\":\"x\"}]");
    p->meta.deps[2] = dep(a, "s2", "1.x", "", "");
    list_push(a, p->meta.deps[2].tags.u.l, val_cstr(a, "t2"));
    p->meta.deps[3] = dep(a, "s3", ">5", "", "");
    ChartFile *t = ARENA_NEW(a, ChartFile);
    t->name = str_cstr(a, "templates/p.yaml");
    t->data = str_cstr(a, "x");
    p->templates = t;
    p->ntemplates = 1;
    p->ndeps = 4;
    p->deps = ARENA_NEWN(a, Chart *, 4);
    p->deps[0] = sub(a, p, "s1", "0.1.0", "{\"enabled\":true,\"exp\":{\"data\":{\"k\":\"v\",\"k2\":\"v2\"}},\"exports\":{\"ex\":{\"e\":1}},\"nul\":null}");
    p->deps[1] = sub(a, p, "s2", "1.0.0", "{}");
    p->deps[2] = sub(a, p, "s3", "1.0.0", "{}");
    p->deps[3] = sub(a, p, "s4", "0.1.0", "{}");
    return p;
}

static void test_dp(void)
{
    Arena a;
    arena_init(&a);
    Buf err = BUF_INIT, logs = BUF_INIT;
    Chart *p = dp_tree(&a);
    CHECK_INT(chart_check_dependencies(p, &err), 0);
    Value user = J(&a, "{\"s1\":{\"enabled\":false},\"tags\":{\"t2\":false}}");
    CHECK_INT(chart_process_dependencies(&a, p, user, &logs, &err), 0);
    CHECK_STR(logs.data ? logs.data : "", "level=WARN msg=\"ImportValues missing table from chart\" chart=s1b error=\"\\\"nope\\\" is not a table\"\n");
    Value out;
    CHECK_INT(chart_coalesce_values(&a, p, user, false, &out, NULL, &err), 0);
    CHECK_STR(show(&a, out), "{\"e\":1,\"imported\":{\"k\":\"parent-wins\",\"k2\":\"v2\"},\"own\":1,"
              "\"s1\":{\"enabled\":false},\"s1b\":{\"enabled\":true,\"exp\":{\"data\":{\"k\":\"v\",\"k2\":\"v2\"}},"
              "\"exports\":{\"ex\":{\"e\":1}},\"global\":{}},\"s3\":{\"global\":{}},\"s4\":{\"global\":{}},"
              "\"tags\":{\"t2\":false}}");
    /* .Chart.Dependencies: s1b and s3, both enabled */
    CHECK_INT(p->meta.ndeps, 2);
    if (p->meta.ndeps == 2) {
        CHECK_STR(p->meta.deps[0].name->s, "s1b");
        CHECK(p->meta.deps[0].enabled && p->meta.deps[1].enabled);
        CHECK_STR(p->meta.deps[1].name->s, "s3");
        Buf b = BUF_INIT;
        fmt_value(&b, p->meta.deps[0].import_values);
        CHECK_STR(b.data ? b.data : "", "[map[child:exp.data parent:imported] map[child:exports.ex parent:.] map[child:nope parent:x]]");
        buf_free(&b);
    }
    /* deps are now s3, s4 (undeclared or out of range, load order), s1b.
     * toJson .Chart of a subchart (chart "ch", sub q):
     * ...,"Dependencies":[],...,"IsRoot":false,"Keywords":[],...,"Maintainers":[],... */
    CHECK_STR(show(&a, chart_meta_value(&a, p->deps[1])),
              "{\"APIVersion\":\"\",\"Annotations\":{},\"AppVersion\":\"\",\"Condition\":\"\",\"Dependencies\":[],"
              "\"Deprecated\":false,\"Description\":\"\",\"Home\":\"\",\"Icon\":\"\",\"IsRoot\":false,\"Keywords\":[],"
              "\"KubeVersion\":\"\",\"Maintainers\":[],\"Name\":\"s4\",\"Sources\":[],\"Tags\":\"\",\"Type\":\"\","
              "\"Version\":\"0.1.0\"}");
    ChartTemplate *t;
    uint32_t n = chart_templates(&a, p, &t);
    CHECK_INT(n, 4);
    if (n == 4) {
        /* parse order: more '/' first, then reverse byte order; helm
         * prints them sorted by kind and then path, as the sources above */
        CHECK_STR(t[0].name->s, "par/charts/s4/templates/t.yaml");
        CHECK_STR(t[1].name->s, "par/charts/s3/templates/t.yaml");
        CHECK_STR(t[2].name->s, "par/charts/s1b/templates/t.yaml");
        CHECK_STR(t[3].name->s, "par/templates/p.yaml");
    }
    buf_free(&err);
    buf_free(&logs);
    arena_free(&a);
}

/* $H template r ./dp with s3 removed from charts/ ->
 * Error: an error occurred while checking for chart dependencies. You may
 * need to run `helm dependency build` to fetch missing dependencies: found
 * in Chart.yaml, but missing in charts/ directory: s3 */
static void test_missing(void)
{
    Arena a;
    arena_init(&a);
    Buf err = BUF_INIT;
    Chart *p = dp_tree(&a);
    p->deps[2] = p->deps[3];
    p->ndeps = 3;
    CHECK_INT(chart_check_dependencies(p, &err), -1);
    CHECK_STR(err.data ? err.data : "", "an error occurred while checking for chart dependencies. You may need to run "
              "`helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: s3");
    buf_free(&err);
    arena_free(&a);
}

int main(void)
{
    test_dp();
    test_missing();
    return CHECK_DONE();
}
