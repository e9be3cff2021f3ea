/*
 * render.c - the Engine for every template of the tree: parse and compile
 * them all (a parse error names the first bad file in helm's order), then
 * execute the non-partials in that order with each chart's built-in
 * objects.  NOTES.txt is rendered (chartc eval can print it) but not kept.
 */
#include <string.h>

#include "pipeline_int.h"
#include "../eval/vm.h"
#include "../sort/sort.h"

/* helm's cleanupParseError: Go's "template: LOC: ...: LAST" becomes
 * "parse error at (LOC): LAST". */
static void parse_error(Buf *out, const char *goerr)
{
    const char *t1 = strstr(goerr, ": ");
    if (!t1) { buf_printf(out, "parse error in (?): %s", goerr); return; }
    const char *t2 = strstr(t1 + 2, ": ");
    const char *last = t1, *q = t1;
    while ((q = strstr(q + 2, ": "))) last = q;
    size_t loclen = t2 ? (size_t)(t2 - t1 - 2) : strlen(t1 + 2);
    buf_printf(out, "parse error at (%.*s): %s", (int)loclen, t1 + 2, last + 2);
}

static bool is_partial(const Str *name)
{
    const char *b = strrchr(name->s, '/');
    return (b ? b[1] : name->s[0]) == '_';
}

/* Parse every template, execute the non-partials; *files gets the
 * non-NOTES outputs.  1 on error (already reported). */
int pipe_render_all(P *p, ChartTemplate *ts, uint32_t nt, SortFile **files, uint32_t *nfiles)
{
    Arena *a = p->a;
    Job *j = p->j;
    Engine *e = vm_engine_new();
    if (!e) return pipe_fail(j, "out of memory", false);
    int rc = 1;
    for (uint32_t i = 0; i < nt; i++) {
        Buf err = BUF_INIT;
        int bad = vm_engine_add_ref(e, ts[i].name->s, ts[i].data->s, ts[i].data->len, &err);
        if (bad) {
            Buf m = BUF_INIT;
            parse_error(&m, err.data ? err.data : "");
            pipe_fail(j, m.data, true);
            buf_free(&m);
            buf_free(&err);
            goto done;
        }
        buf_free(&err);
    }
    vm_engine_seal(e);
    SortFile *out = arena_alloc(a, (nt ? nt : 1) * sizeof *out);
    uint32_t n = 0;
    for (uint32_t i = 0; i < nt; i++) {
        if (is_partial(ts[i].name)) continue;
        Map *ctx = pipe_ctx_of(p, ts[i].chart);
        if (!ctx) continue;
        Map *tm = map_new(a, 2);
        map_sets(a, tm, "Name", val_str(ts[i].name));
        Str *base = chart_full_path(a, ts[i].chart);
        map_sets(a, tm, "BasePath", val_cstr(a, arena_printf(a, "%s/templates", base->s)));
        Value tmv = val_map(tm);
        tmv.gtype = GT_MAP_VALUES;
        map_sets(a, ctx, "Template", tmv);
        /* each template's temporaries go when it is done, unless a
         * function may have stored some in shared values */
        ArenaMark mark = arena_mark(a);
        Render r;
        vm_render_init(&r, e, a);
        Buf b = BUF_INIT;
        VmErr *ve = NULL;
        Value dot = val_map(ctx);
        dot.gtype = GT_MAP_VALUES;
        if (vm_exec(&r, ts[i].name->s, dot, &b, &ve)) {
            Buf m = BUF_INIT;
            if (ve) vm_err_helm(ve, &m);
            pipe_fail(j, m.data, true);
            buf_free(&m);
            buf_free(&b);
            goto done;
        }
        vm_drop_no_value(&b);
        if (!r.mutated) arena_release(a, mark);
        if (p->eval_name && strcmp(ts[i].name->s, p->eval_name) == 0) {
            buf_clear(&j->eval_out);
            buf_add(&j->eval_out, b.data ? b.data : "", b.len);
        }
        if (!sort_is_notes(ts[i].name->s)) {
            out[n].path = ts[i].name->s;
            out[n].text = arena_strndup(a, b.data ? b.data : "", b.len);
            out[n].len = b.len;
            n++;
        }
        buf_free(&b);
    }
    *files = out;
    *nfiles = n;
    rc = 0;
done:
    vm_engine_free(e);
    return rc;
}
