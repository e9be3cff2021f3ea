/*
 * shim.h - a stand-in for the VM's call context so the Sprig functions
 * can be tested before (and without) the engine: fn_error/fn_arena/...
 * are defined here, and call() looks a function up in this module's
 * tables and runs it on already-converted arguments, printing the result
 * in a Go-like %v form (or "ERR: text").
 */
#ifndef SPRIG_TEST_SHIM_H
#define SPRIG_TEST_SHIM_H

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "eval/func.h"

static Arena call_arena;

struct FnCall {
    Arena *a;
    const char *name;
    char err[1024];
};

int fn_error(FnCall *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    return -1;
}
Arena *fn_arena(FnCall *c) { return c->a; }
Value fn_receiver(FnCall *c) { (void)c; return val_nil(); }
const char *fn_name(FnCall *c) { return c->name; }

#define GROUP(g) extern const FnDef fn_##g##_table[]; extern const size_t fn_##g##_count;
GROUP(strings) GROUP(lists) GROUP(math) GROUP(regex) GROUP(defaults)
#undef GROUP

static const FnDef *find_fn(const char *name)
{
    const FnDef *t[] = {fn_strings_table, fn_lists_table, fn_math_table, fn_regex_table, fn_defaults_table};
    size_t n[] = {fn_strings_count, fn_lists_count, fn_math_count, fn_regex_count, fn_defaults_count};
    for (int k = 0; k < 5; k++)
        for (size_t i = 0; i < n[k]; i++)
            if (t[k][i].name && strcmp(t[k][i].name, name) == 0) return &t[k][i];
    return NULL;
}

/* Go %v of a float64 (shortest, exponent when X < -4 or X >= 6). */
static void gofloat(Buf *b, double f)
{
    if (isnan(f)) { buf_adds(b, "NaN"); return; }
    if (isinf(f)) { buf_adds(b, f > 0 ? "+Inf" : "-Inf"); return; }
    if (f == 0) { buf_adds(b, signbit(f) ? "-0" : "0"); return; }
    char t[64];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(t, sizeof t, "%.*e", prec - 1, f);
        if (strtod(t, NULL) == f) break;
    }
    char *ep = strchr(t, 'e');
    int x = atoi(ep + 1);
    char dig[32];
    int nd = 0;
    for (char *q = t; q < ep; q++)
        if (*q >= '0' && *q <= '9') dig[nd++] = *q;
    if (f < 0) buf_addc(b, '-');
    if (x < -4 || x >= 6) {
        buf_addc(b, dig[0]);
        if (nd > 1) { buf_addc(b, '.'); buf_add(b, dig + 1, (size_t)nd - 1); }
        buf_printf(b, "e%c%02d", x < 0 ? '-' : '+', abs(x));
        return;
    }
    if (x < 0) {
        buf_adds(b, "0.");
        for (int k = 0; k < -x - 1; k++) buf_addc(b, '0');
        buf_add(b, dig, (size_t)nd);
        return;
    }
    for (int k = 0; k <= x; k++) buf_addc(b, k < nd ? dig[k] : '0');
    if (nd > x + 1) { buf_addc(b, '.'); buf_add(b, dig + x + 1, (size_t)(nd - x - 1)); }
}

/* Go's %v of a result (top level: nil is <no value>). */
static void show(Buf *b, Value v, int top)
{
    switch ((VKind)v.kind) {
    case V_NIL: buf_adds(b, top ? "<no value>" : "<nil>"); break;
    case V_BOOL: buf_adds(b, v.u.b ? "true" : "false"); break;
    case V_INT:
        if (v.gtype == GT_UINT64 || v.gtype == GT_UINT) buf_printf(b, "%llu", (unsigned long long)v.u.u);
        else buf_printf(b, "%lld", (long long)v.u.i);
        break;
    case V_FLOAT: gofloat(b, v.u.f); break;
    case V_STR:
        if (v.gtype == GT_BYTES) {
            buf_addc(b, '[');
            for (uint32_t i = 0; i < v.u.s->len; i++) buf_printf(b, i ? " %u" : "%u", (unsigned char)v.u.s->s[i]);
            buf_addc(b, ']');
        } else {
            buf_add(b, v.u.s->s, v.u.s->len);
        }
        break;
    case V_LIST:
        buf_addc(b, '[');
        for (uint32_t i = 0; i < v.u.l->len; i++) {
            if (i) buf_addc(b, ' ');
            show(b, v.u.l->items[i], 0);
        }
        buf_addc(b, ']');
        break;
    case V_MAP: {
        MapEntry **e = map_sorted(v.u.m, &call_arena);  /* freed with the arena */
        buf_adds(b, "map[");
        for (uint32_t i = 0; i < map_len(v.u.m); i++) {
            if (i) buf_addc(b, ' ');
            buf_add(b, e[i]->key->s, e[i]->key->len);
            buf_addc(b, ':');
            show(b, e[i]->val, 0);
        }
        buf_addc(b, ']');
        break;
    }
    default: buf_adds(b, "?"); break;
    }
}

/* Result text of the last call, valid until the next one. */
static char call_out[65536];
static Value call_result;

static inline const char *callv(const char *name, int argc, Value *argv)
{
    const FnDef *d = find_fn(name);
    if (!d) return "NOFUNC";
    FnCall c = {&call_arena, name, {0}};
    Value out = val_nil();
    Buf b = BUF_INIT;
    if (d->impl(&c, argc, argv, &out) < 0) buf_printf(&b, "ERR: %s", c.err);
    else show(&b, out, 0);
    call_result = out;
    snprintf(call_out, sizeof call_out, "%s", b.data ? b.data : "");
    buf_free(&b);
    return call_out;
}

#define CALL(name, ...) callv(name, (int)(sizeof((Value[]){__VA_ARGS__}) / sizeof(Value)), (Value[]){__VA_ARGS__})
#define CALL0(name) callv(name, 0, NULL)

static inline Value S_(const char *s) { return val_cstr(&call_arena, s); }
static inline Value I_(int64_t i) { return val_int(i); }
static inline Value I64_(int64_t i) { return val_int64(i); }
static inline Value F_(double f) { return val_float(f); }
static inline Value B_(bool b) { return val_bool(b); }
static inline Value NIL_(void) { return val_nil(); }

static inline Value L_(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    List *l = list_new(&call_arena, (size_t)n);
    for (int i = 0; i < n; i++) l->items[i] = va_arg(ap, Value);
    l->len = (uint32_t)n;
    va_end(ap);
    return val_list(l);
}

static inline Value M_(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    Map *m = map_new(&call_arena, 0);
    for (int i = 0; i < n; i++) {
        const char *k = va_arg(ap, const char *);
        map_sets(&call_arena, m, k, va_arg(ap, Value));
    }
    va_end(ap);
    return val_map(m);
}

#endif
