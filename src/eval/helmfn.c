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
#include "memo.h"

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

static int h_include(FnCall *c, int argc, Value *argv, Value *out)
{
    Render *r = vm_fn_render(c);
    Arena *a = fn_arena(c);
    Str *name = argv[0].u.s;
    if (memo_get(r, name, argv[1], out)) return 0;
    MemoMark mark = memo_mark(r);
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
    memo_put(r, a, name, argv[1], *out, mark);
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
    {"include", h_include, "sa", FN_DATA},
    {"lookup", h_lookup, "ssss", 0},
    {"required", h_required, "sa", 0},
    {"tpl", h_tpl, "sa", FN_DATA},
};
const size_t fn_helm_count = sizeof fn_helm_table / sizeof fn_helm_table[0];
