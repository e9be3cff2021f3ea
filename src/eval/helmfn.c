/*
 * helmfn.c - helm's template functions that need the engine (helm's
 * pkg/engine funcMap): include, tpl, required, fail, lookup, and the
 * getHostByName that stands in for Sprig's when DNS lookups are off.
 *
 * include counts nested calls per name in the render state and stops past
 * helm's recursionMaxNums (1000) with helm's wording.  required and fail
 * wrap their message in HELM_ERR_START/HELM_ERR_END, which helm's error
 * cleanup turns into "execution error at (LOC): MSG" (vm_err_helm).
 */
#include "vm.h"

#include <string.h>

#include "../value/fmt.h"

#define INCLUDE_MAX 1000

/* include and tpl hand their data to Go's Template.Execute as an
 * interface{}; a nil there becomes reflect.ValueOf(nil), an invalid Value,
 * so inside the template ".x" on it yields no value instead of the "nil
 * pointer evaluating interface {}.x" a nil map entry gives (the reference
 * renders {{ include "t" .Values.missing }} with t = "[{{ .a.b }}]" as "[]"). */
static Value exec_data(Value v)
{
    if (v.kind == V_NIL) v.flags = VF_NOVALUE;
    return v;
}

/* Charts include the same helper with the same data many times per
 * template (labels, names): the text of a finished include is kept and
 * handed out again for the same template name and the same data (the
 * same map, list or string, not equal ones), as long as nothing could
 * make it differ:
 *  - the include called nothing FN_IMPURE (random, clock, DNS), did not
 *    fail, and no tpl-defined templates are in scope;
 *  - no value changed in place since (FN_MUTATES, FN_CHANGES_ARG): the
 *    generations r->changes and, for data this render made itself,
 *    r->fresh_changes.  Under the parallel render's guard everything
 *    reachable from a shared map or list (MAP_SHARED, LIST_SHARED: the
 *    built-in objects) is shared, and a change to something shared is a
 *    conflict, so a change there bumps only r->fresh_changes and results
 *    for shared data outlive changes to the render's own values.
 *    Without the guard every change bumps r->changes.
 * Strings are immutable, so handing out the same result is safe.  The
 * memo lives in the render's arena. */
typedef struct MemoEntry {
    const Str *name;
    Value dot, text;
    unsigned changes, fresh;
} MemoEntry;

struct IncludeMemo {
    MemoEntry *e;
    uint32_t mask, used;
};

static bool same_data(Value a, Value b)
{
    if (a.kind != b.kind || a.gtype != b.gtype || a.flags != b.flags || a.aux != b.aux) return false;
    if (a.kind == V_NIL) return true;
    if (a.kind == V_BOOL) return a.u.b == b.u.b;
    return a.u.u == b.u.u;
}

/* data only a change that bumps r->changes can alter */
static bool stable_data(Value v)
{
    if (v.kind == V_MAP) return (v.u.m->flags & MAP_SHARED) != 0;
    if (v.kind == V_LIST) return (v.u.l->flags & LIST_SHARED) != 0;
    return true;
}

static uint32_t memo_hash(const Str *name, Value dot)
{
    uint64_t x = dot.kind == V_NIL ? 0 : dot.kind == V_BOOL ? (uint64_t)dot.u.b : dot.u.u;
    x ^= (uint64_t)dot.kind << 56 ^ (uint64_t)dot.gtype << 48 ^ (uint64_t)dot.flags << 32;
    x = (x ^ str_hash((Str *)name)) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

static MemoEntry *memo_find(const IncludeMemo *m, const Str *name, Value dot, uint32_t h)
{
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        MemoEntry *e = &m->e[i];
        if (!e->name) return e;
        if (str_eq(e->name, name) && same_data(e->dot, dot)) return e;
    }
}

static void memo_put(Render *r, Arena *a, const Str *name, Value dot, Value text, unsigned changes, unsigned fresh)
{
    IncludeMemo *m = r->memo;
    if (!m) {
        if (!(m = ARENA_NEW(a, IncludeMemo))) return;
        r->memo = m;
    }
    if (!m->e || (m->used + 1) * 4 > (m->mask + 1) * 3) {
        uint32_t cap = m->e ? (m->mask + 1) * 2 : 64;
        MemoEntry *ne = arena_zalloc(a, cap * sizeof *ne);
        if (!ne) return;
        IncludeMemo grown = {ne, cap - 1, 0};
        for (uint32_t i = 0; m->e && i <= m->mask; i++)
            if (m->e[i].name) {
                *memo_find(&grown, m->e[i].name, m->e[i].dot, memo_hash(m->e[i].name, m->e[i].dot)) = m->e[i];
                grown.used++;
            }
        *m = grown;
    }
    MemoEntry *e = memo_find(m, name, dot, memo_hash(name, dot));
    if (!e->name) m->used++;
    *e = (MemoEntry){name, dot, text, changes, fresh};
}

static int h_include(FnCall *c, int argc, Value *argv, Value *out)
{
    Render *r = vm_fn_render(c);
    Arena *a = fn_arena(c);
    Str *name = argv[0].u.s;
    if (r->memo && !r->overlay) {
        MemoEntry *e = memo_find(r->memo, name, argv[1], memo_hash(name, argv[1]));
        if (e->name && e->changes == r->changes &&
            (e->fresh == r->fresh_changes || stable_data(argv[1]))) {
            *out = e->text;
            return 0;
        }
    }
    unsigned changes = r->changes, fresh = r->fresh_changes, impure = r->impure;
    if (!r->include_counts && !(r->include_counts = map_new(a, 8))) return fn_error(c, "out of memory");
    Value *cnt = map_get(r->include_counts, name);
    if (cnt) {
        if (cnt->u.i > INCLUDE_MAX)
            return fn_error(c, "rendering template has a nested reference name: %s: unable to execute template", name->s);
        cnt->u.i++;
    } else if (!map_set(a, r->include_counts, name, val_int(1))) {
        return fn_error(c, "out of memory");
    }
    Buf own = BUF_INIT, *b = vm_fn_out_buf(r);
    if (!b) b = &own;
    VmErr *err = NULL;
    int rc = vm_exec(r, name->s, exec_data(argv[1]), b, &err);
    cnt = map_get(r->include_counts, name);
    if (cnt) cnt->u.i--;
    if (!rc) *out = val_strn(a, b->data ? b->data : "", b->len);
    buf_free(&own);
    if (rc) return vm_fn_fail(c, err);
    if (out->kind == V_STR && !r->overlay && r->changes == changes && r->impure == impure &&
        (r->fresh_changes == fresh || stable_data(argv[1])))
        memo_put(r, a, name, argv[1], *out, changes, r->fresh_changes);
    return 0;
}

static int h_tpl(FnCall *c, int argc, Value *argv, Value *out)
{
    Render *r = vm_fn_render(c);
    Arena *a = fn_arena(c);
    Str *text = argv[0].u.s;
    Buf b = BUF_INIT;
    VmErr *err = NULL;
    if (vm_tpl(r, text->s, text->len, exec_data(argv[1]), &b, &err)) {
        buf_free(&b);
        if (err && err->kind == VE_RAW && !err->cause && strncmp(err->msg, "cannot parse", 12) == 0)
            return vm_fn_fail(c, err);
        Buf m = BUF_INIT;
        buf_adds(&m, "error during tpl function execution for ");
        fmt_quote(&m, text->s, text->len);
        buf_adds(&m, ": ");
        VmErr *w = vm_err_new(a, VE_RAW, arena_strndup(a, m.data, m.len), err);
        buf_free(&m);
        return vm_fn_fail(c, w);
    }
    vm_drop_no_value(&b);
    *out = val_strn(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return 0;
}

static int h_required(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[1];
    if (v.kind == V_NIL || (v.kind == V_STR && v.gtype != GT_BYTES && v.u.s->len == 0))
        return fn_error(c, "HELM_ERR_START%sHELM_ERR_END", argv[0].u.s->s);
    *out = v;
    return 0;
}

static int h_fail(FnCall *c, int argc, Value *argv, Value *out)
{
    return fn_error(c, "HELM_ERR_START%sHELM_ERR_END", argv[0].u.s->s);
}

/* Without --enable-dns helm's engine replaces Sprig's getHostByName with
 * one that returns "" (the reference renders {{ getHostByName "localhost" }}
 * as ""); the chart engine gets Sprig's lookup back as an extra function
 * when the flag is given (pipe_name_template_fns). */
static int h_gethostbyname(FnCall *c, int argc, Value *argv, Value *out)
{
    (void)c, (void)argc, (void)argv;
    *out = val_str(str_empty());
    return 0;
}

static int h_lookup(FnCall *c, int argc, Value *argv, Value *out)
{
    Map *m = map_new(fn_arena(c), 0);
    if (!m) return fn_error(c, "out of memory");
    *out = val_map(m);
    return 0;
}

const FnDef fn_helm_table[] = {
    {"fail", h_fail, "s", 0},
    {"getHostByName", h_gethostbyname, "s", 0},
    {"include", h_include, "sa", 0},
    {"lookup", h_lookup, "ssss", 0},
    {"required", h_required, "sa", 0},
    {"tpl", h_tpl, "sa", 0},
};
const size_t fn_helm_count = sizeof fn_helm_table / sizeof fn_helm_table[0];
