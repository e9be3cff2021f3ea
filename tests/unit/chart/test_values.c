/*
 * Unit tests for the user-values assembly (-f, --set*, stdin).  Each
 * expectation was seen with the reference helm on chart c:
 *   $H template r ./c -f /x.yaml          -> open /x.yaml: no such file or directory
 *   $H template r ./c -f bad.yaml         (bad.yaml "a: [")
 *       -> failed to parse bad.yaml: cannot unmarshal yaml document: error
 *          converting YAML to JSON: yaml: line 1: did not find expected node content
 *   $H template r ./c -f lst.yaml         (lst.yaml "- 1")
 *       -> failed to parse lst.yaml: cannot unmarshal yaml document: error
 *          unmarshaling JSON: while decoding JSON: json: cannot unmarshal
 *          array into Go value of type map[string]interface {}
 *   $H template r ./c -f x1.yaml,y2.yaml  -> both merged
 *   $H template r ./c --set-file a=/nope  -> failed parsing --set-file data: open /nope: no such file or directory
 *   $H template r ./c --set-file a=       -> a: ""
 *   echo 'stdin: 1' | $H template r ./c -f -
 *   $H template r ./c --set-literal a / --set-string a
 *       -> failed parsing --set-literal data: key "a" has no value (same for --set-string)
 *   spec 3.3: --set-string a=ss --set-json 'a="json"' --set a=set
 *       --set-literal a=lit --set-file a=f -> lit; --set a=1 --set-string a=ss --set a=2 -> ss
 */
#include "../check.h"
#include "chart/chart.h"
#include "jvalues.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static const char *path(const char *name)
{
    static char b[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(b[k], sizeof b[k], "%s/%s", dir, name);
    return b[k];
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(path(name), "w");
    fputs(text, f);
    fclose(f);
}

static const char *run(Arena *a, ChartValueOpts *o)
{
    Value v;
    Buf err = BUF_INIT;
    const char *r;
    if (chart_user_values(a, o, &v, &err) == 0) r = show(a, v);
    else r = arena_printf(a, "ERR:%s", err.data ? err.data : "");
    buf_free(&err);
    return r;
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/chartc-values-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    put("bad.yaml", "a: [\n");
    put("lst.yaml", "- 1\n");
    put("x1.yaml", "x: 1\nm:\n  a: 1\n");
    put("z2.yaml", "z: 2\nm:\n  b: 2\n");
    put("f", "F\n");
    Arena a;
    arena_init(&a);
    ChartValueOpts o;

    const char *nofile[] = {"/x.yaml"};
    o = (ChartValueOpts){.files = nofile, .nfiles = 1};
    CHECK_STR(run(&a, &o), "ERR:open /x.yaml: no such file or directory");

    const char *bad[] = {path("bad.yaml")};
    o = (ChartValueOpts){.files = bad, .nfiles = 1};
    CHECK_STR(run(&a, &o), arena_printf(&a, "ERR:failed to parse %s: cannot unmarshal yaml document: error converting "
              "YAML to JSON: yaml: line 1: did not find expected node content", path("bad.yaml")));

    const char *lst[] = {path("lst.yaml")};
    o = (ChartValueOpts){.files = lst, .nfiles = 1};
    CHECK_STR(run(&a, &o), arena_printf(&a, "ERR:failed to parse %s: cannot unmarshal yaml document: error unmarshaling "
              "JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
              path("lst.yaml")));

    const char *two[] = {path("x1.yaml"), path("z2.yaml")};
    o = (ChartValueOpts){.files = two, .nfiles = 2};
    CHECK_STR(run(&a, &o), "{\"m\":{\"a\":\"1\",\"b\":\"2\"},\"x\":\"1\",\"z\":\"2\"}");

    const char *nope[] = {"a=/nope"};
    o = (ChartValueOpts){.file = nope, .nfile = 1};
    CHECK_STR(run(&a, &o), "ERR:failed parsing --set-file data: open /nope: no such file or directory");

    const char *empty[] = {"a="};
    o = (ChartValueOpts){.file = empty, .nfile = 1};
    CHECK_STR(run(&a, &o), "{\"a\":\"\"}");

    char input[] = "stdin: 1\n";
    FILE *in = fmemopen(input, strlen(input), "r");
    const char *dash[] = {" - "};
    o = (ChartValueOpts){.files = dash, .nfiles = 1, .in = in};
    CHECK_STR(run(&a, &o), "{\"stdin\":\"1\"}");
    fclose(in);

    const char *ka[] = {"a"};
    o = (ChartValueOpts){.literal = ka, .nliteral = 1};
    CHECK_STR(run(&a, &o), "ERR:failed parsing --set-literal data: key \"a\" has no value");
    o = (ChartValueOpts){.string = ka, .nstring = 1};
    CHECK_STR(run(&a, &o), "ERR:failed parsing --set-string data: key \"a\" has no value");

    const char *ss[] = {"a=ss"}, *js[] = {"a=\"json\""}, *st[] = {"a=set"}, *lit[] = {"a=lit"};
    const char *ff[] = {arena_printf(&a, "a=%s", path("f"))};
    o = (ChartValueOpts){.json = js, .njson = 1, .set = st, .nset = 1, .string = ss, .nstring = 1,
                         .file = ff, .nfile = 1, .literal = lit, .nliteral = 1};
    CHECK_STR(run(&a, &o), "{\"a\":\"lit\"}");
    o.nliteral = 0;
    CHECK_STR(run(&a, &o), "{\"a\":\"F\n\"}");
    const char *s12[] = {"a=1", "a=2"};
    o = (ChartValueOpts){.set = s12, .nset = 2, .string = ss, .nstring = 1};
    CHECK_STR(run(&a, &o), "{\"a\":\"ss\"}");

    arena_free(&a);
    const char *rm[] = {"bad.yaml", "lst.yaml", "x1.yaml", "z2.yaml", "f"};
    for (size_t i = 0; i < 5; i++) unlink(path(rm[i]));
    rmdir(dir);
    return CHECK_DONE();
}
