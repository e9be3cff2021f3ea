/*
 * cmd_eval.c - `chartc eval --chart DIR TEMPLATE [-f F]... [--set k=v]...
 * [--set-string k=v]...`: render every template of one chart the way
 * `helm template` does (parse all in helm's order, execute every
 * non-partial, drop "<no value>") and print TEMPLATE's output raw.  Errors
 * are printed exactly as helm prints them.  Loading, values and the
 * built-in objects come from the chart modules (src/chart, src/pipeline);
 * this command is the engine's test harness.
 *
 * The render runs on a thread with a large stack: Go's parser accepts
 * 10,000 nested parentheses and any depth of nested actions, and so do we.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "chart/chart.h"
#include "eval/vm.h"
#include "pipeline/pipeline.h"
#include "schema/schema.h"

#define RENDER_STACK (1024u * 1024u * 1024u)

typedef struct Opts {
    const char *chart;
    const char *target;
    const char **vfiles; int nvfiles;
    const char **sets; int nsets;
    const char **strings; int nstrings;
    const char **jsons; int njsons;
    const char **literals; int nliterals;
} Opts;

typedef struct Job {
    const Opts *o;
    Buf out, err;
    int rc;
} Job;

/* ---- the render --------------------------------------------------------------- */

static Value release(Arena *a)
{
    Map *m = map_new(a, 8);
    map_sets(a, m, "Name", val_cstr(a, "release-name"));
    map_sets(a, m, "Namespace", val_cstr(a, "default"));
    map_sets(a, m, "IsUpgrade", val_bool(0));
    map_sets(a, m, "IsInstall", val_bool(1));
    map_sets(a, m, "Revision", val_int(1));
    map_sets(a, m, "Service", val_cstr(a, "Helm"));
    return val_map(m);
}

/* the chart tree's values.schema.json files, for schema_validate_charts
 * (the same walk as src/pipeline's, which keeps its copy private) */
static void schema_tree(Arena *a, const Chart *c, SchemaChart *out, int depth)
{
    out->name = c->meta.name->s;
    out->schema = c->schema ? c->schema->s : NULL;
    out->schema_len = c->schema ? c->schema->len : 0;
    SchemaChart *deps = arena_zalloc(a, (c->ndeps ? c->ndeps : 1) * sizeof *deps);
    out->deps = deps;
    out->ndeps = deps && depth < 1000 ? c->ndeps : 0;
    for (uint32_t i = 0; i < out->ndeps; i++) schema_tree(a, c->deps[i], &deps[i], depth + 1);
}

static const char suffix[] = "\n\nUse --debug flag to render out invalid YAML";

/* Only the root chart: subcharts, hooks and manifests are `chartc
 * template`'s (src/pipeline). */
static int render(Job *j)
{
    const Opts *o = j->o;
    Arena arena;
    arena_init(&arena);
    Arena *a = &arena;
    Engine *e = NULL;
    int rc = 1;
    Buf err = BUF_INIT;
    Value user = val_nil();
    ChartValueOpts vo = {0};
    vo.files = o->vfiles; vo.nfiles = (uint32_t)o->nvfiles;
    vo.set = o->sets; vo.nset = (uint32_t)o->nsets;
    vo.string = o->strings; vo.nstring = (uint32_t)o->nstrings;
    vo.json = o->jsons; vo.njson = (uint32_t)o->njsons;
    vo.literal = o->literals; vo.nliteral = (uint32_t)o->nliterals;
    if (chart_user_values(a, &vo, &user, &err)) {
        buf_printf(&j->err, "Error: %s\n", err.data ? err.data : "");
        goto done;
    }
    Chart *ch = chart_load(a, o->chart, NULL, &err);
    if (!ch) {
        buf_printf(&j->err, "Error: %s\n", err.data ? err.data : "");
        goto done;
    }
    if (chart_process_dependencies(a, ch, user, NULL, &err)) {
        buf_printf(&j->err, "Error: chart dependencies processing failed: %s\n", err.data ? err.data : "");
        goto done;
    }
    Value vals;
    if (chart_coalesce_values(a, ch, user, false, &vals, NULL, &err)) {
        buf_printf(&j->err, "Error: %s\n", err.data ? err.data : "");
        goto done;
    }
    SchemaChart sc;
    schema_tree(a, ch, &sc, 0);
    if (schema_validate_charts(a, &sc, vals, &err)) {
        buf_printf(&j->err, "Error: %s\n", err.data ? err.data : "");
        goto done;
    }
    static const PKube kube = {"v1.35.0", "v1.35.0", "1", "35"};
    Map *ctx = map_new(a, 8);
    map_sets(a, ctx, "Values", vals.kind == V_MAP ? vals : val_map(map_new(a, 0)));
    map_sets(a, ctx, "Release", release(a));
    map_sets(a, ctx, "Chart", chart_meta_value(a, ch));
    map_sets(a, ctx, "Capabilities", pipe_capabilities(a, &kube, NULL, 0));
    map_sets(a, ctx, "Files", pipe_files(a, ch->files, ch->nfiles));
    map_sets(a, ctx, "Subcharts", val_map(map_new(a, 0)));

    ChartTemplate *ts = NULL;
    uint32_t nt = chart_templates(a, ch, &ts);
    e = vm_engine_new();
    if (!e) { buf_adds(&j->err, "Error: out of memory\n"); goto done; }
    for (uint32_t i = 0; i < nt; i++) {
        if (ts[i].chart != ch) continue;
        buf_clear(&err);
        if (vm_engine_add(e, ts[i].name->s, ts[i].data->s, ts[i].data->len, &err)) {
            buf_adds(&j->err, "Error: ");
            pipe_parse_error(&j->err, err.data ? err.data : "");
            buf_adds(&j->err, suffix);
            buf_addc(&j->err, '\n');
            goto done;
        }
    }
    Str *root = chart_full_path(a, ch);
    char *want = arena_printf(a, "%s/%s", root->s, o->target);
    for (uint32_t i = 0; i < nt; i++) {
        if (ts[i].chart != ch) continue;
        const char *base = strrchr(ts[i].name->s, '/');
        base = base ? base + 1 : ts[i].name->s;
        if (base[0] == '_') continue;
        Map *tm = map_new(a, 2);
        map_sets(a, tm, "Name", val_str(ts[i].name));
        map_sets(a, tm, "BasePath", val_cstr(a, arena_printf(a, "%s/templates", root->s)));
        map_sets(a, ctx, "Template", val_map(tm));
        Render r;
        vm_render_init(&r, e, a);
        Buf out = BUF_INIT;
        VmErr *verr = NULL;
        if (vm_exec(&r, ts[i].name->s, val_map(ctx), &out, &verr)) {
            buf_adds(&j->err, "Error: ");
            if (verr) vm_err_helm(verr, &j->err);
            buf_adds(&j->err, suffix);
            buf_addc(&j->err, '\n');
            buf_free(&out);
            goto done;
        }
        vm_drop_no_value(&out);
        if (strcmp(ts[i].name->s, want) == 0) { buf_free(&j->out); j->out = out; }
        else buf_free(&out);
    }
    rc = 0;
done:
    buf_free(&err);
    vm_engine_free(e);
    arena_free(&arena);
    return rc;
}

static void *render_thread(void *p)
{
    Job *j = p;
    j->rc = render(j);
    return NULL;
}

int cli_eval(int argc, char **argv)
{
    Opts o = {0};
    o.vfiles = calloc((size_t)argc + 1, sizeof *o.vfiles);
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    o.strings = calloc((size_t)argc + 1, sizeof *o.strings);
    o.jsons = calloc((size_t)argc + 1, sizeof *o.jsons);
    o.literals = calloc((size_t)argc + 1, sizeof *o.literals);
    if (!o.vfiles || !o.sets || !o.strings || !o.jsons || !o.literals) return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define OPT(name) (strcmp(a, name) == 0 ? (i + 1 < argc ? (val = argv[++i], 1) : 0) : \
                   (strncmp(a, name "=", sizeof name) == 0 ? (val = a + sizeof name, 1) : 0))
        if (OPT("--chart")) o.chart = val;
        else if (OPT("-f") || OPT("--values")) o.vfiles[o.nvfiles++] = val;
        else if (OPT("--set")) o.sets[o.nsets++] = val;
        else if (OPT("--set-string")) o.strings[o.nstrings++] = val;
        else if (OPT("--set-json")) o.jsons[o.njsons++] = val;
        else if (OPT("--set-literal")) o.literals[o.nliterals++] = val;
        else if (a[0] == '-') {
            fprintf(stderr, "Error: unknown flag: %s\n", a);
            return 1;
        } else o.target = a;
#undef OPT
    }
    if (!o.chart || !o.target) {
        fprintf(stderr, "Error: usage: chartc eval --chart DIR TEMPLATE [-f values.yaml]... [--set k=v]...\n");
        return 1;
    }
    Job j = {&o, BUF_INIT, BUF_INIT, 1};
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, RENDER_STACK);
    if (pthread_create(&th, &attr, render_thread, &j) != 0) render_thread(&j);
    else pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    if (j.rc == 0) fwrite(j.out.data ? j.out.data : "", 1, j.out.len, stdout);
    else fwrite(j.err.data ? j.err.data : "", 1, j.err.len, stderr);
    buf_free(&j.out);
    buf_free(&j.err);
    free(o.vfiles);
    free(o.sets);
    free(o.strings);
    free(o.jsons);
    free(o.literals);
    return j.rc;
}
