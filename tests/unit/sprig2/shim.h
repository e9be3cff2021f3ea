/* shim.h - a test-only stand-in for the VM's FnCall so family files can be
 * unit-tested before (and without) the engine: arguments are passed
 * already converted, as the VM would, and errors are kept as text. */
#ifndef SPRIG2_SHIM_H
#define SPRIG2_SHIM_H

#include "../check.h"
#include "eval/func.h"
#include "value/fmt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>

struct FnCall {
    Arena *arena;
    const char *name;
    Value recv;
    char err[4096];
};

int fn_error(FnCall *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    return -1;
}
Arena *fn_arena(FnCall *c) { return c->arena; }
Value fn_receiver(FnCall *c) { return c->recv; }
const char *fn_name(FnCall *c) { return c->name; }

static inline const FnDef *shim_find(const FnDef *tab, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tab[i].name, name) == 0) return &tab[i];
    printf("no function %s\n", name);
    return NULL;
}

/* Calls NAME and returns its result printed with %v, or "ERR: text". */
static inline const char *shim_call(Arena *a, const FnDef *tab, size_t n, const char *name,
                             int argc, Value *argv, Value *res)
{
    const FnDef *d = shim_find(tab, n, name);
    if (!d) return "(no such function)";
    FnCall c = {a, name, val_nil(), {0}};
    Value out = val_nil();
    if (d->impl(&c, argc, argv, &out) != 0) return arena_printf(a, "ERR: %s", c.err);
    if (res) *res = out;
    Buf b = BUF_INIT;
    fmt_value(&b, out);
    char *s = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static inline Value S(Arena *a, const char *s) { return val_cstr(a, s); }

/* ---- reading case files ---------------------------------------------
 * Helm-generated expectations double as unit-test data: a test walks the
 * cases of a suite, evaluates the calls it understands directly and
 * compares with what the reference helm printed. */
typedef struct ShimCase {
    char name[128];
    char *text;        /* template (from .cases) or output/error (.expected) */
    int err;           /* .expected: 1 for "@@@ err" */
} ShimCase;

static inline char *shim_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = BUF_INIT;
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, n);
    fclose(f);
    buf_addc(&b, 0);
    return b.data;
}

/* Parses NAME sections of kind `want` ("template" in .cases, "out"/"err"
 * in .expected).  Returns the count; *out is malloc'd, text points into buf. */
static inline size_t shim_read_cases(char *buf, ShimCase **out)
{
    size_t cap = 16, n = 0;
    ShimCase *cs = malloc(cap * sizeof *cs);
    char *p = buf;
    ShimCase *cur = NULL;
    char *body = NULL;
    int in_body = 0;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        char *next = nl ? nl + 1 : p + strlen(p);
        if (strncmp(p, "@@@ ", 4) == 0) {
            if (in_body && cur) { *(p - 1) = 0; cur->text = body; }
            if (in_body && cur && p == body) cur->text = "";
            in_body = 0;
            if (strncmp(p + 4, "case ", 5) == 0) {
                if (n == cap) cs = realloc(cs, (cap *= 2) * sizeof *cs);
                cur = &cs[n++];
                memset(cur, 0, sizeof *cur);
                size_t l = (size_t)((nl ? nl : next) - (p + 9));
                if (l >= sizeof cur->name) l = sizeof cur->name - 1;
                memcpy(cur->name, p + 9, l);
                cur->text = "";
            } else if (cur && (strncmp(p + 4, "template", 8) == 0 || strncmp(p + 4, "out", 3) == 0 ||
                               strncmp(p + 4, "err", 3) == 0)) {
                cur->err = strncmp(p + 4, "err", 3) == 0;
                in_body = 1;
                body = next;
            }
        }
        p = next;
    }
    if (in_body && cur) {
        size_t l = strlen(body);
        if (l && body[l - 1] == '\n') body[l - 1] = 0;
        cur->text = body;
    }
    *out = cs;
    return n;
}

static inline const ShimCase *shim_find_case(const ShimCase *cs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cs[i].name, name) == 0) return &cs[i];
    return NULL;
}

/* The message of "error calling NAME: MSG\n" in a helm error, or NULL. */
static inline const char *shim_call_error(Arena *a, const char *err)
{
    const char *p = strstr(err, "error calling ");
    if (!p) return NULL;
    p = strstr(p, ": ");
    if (!p) return NULL;
    p += 2;
    const char *e = strstr(p, "\n\nUse --debug");
    if (!e) e = p + strlen(p);
    return arena_strndup(a, p, (size_t)(e - p));
}

/* ---- a tiny template evaluator -----------------------------------------
 * Just enough of text/template to run most function cases without the VM:
 * text, {{ pipelines }} of calls whose operands are string/integer
 * literals, parenthesised pipelines and niladic method calls on them
 * ("(semver \"1.2\").Major").  Anything else makes the case unsupported
 * (returns 0) so the test skips it. */
typedef struct ShimEval {
    Arena *a;
    const FnDef *const *tabs;
    const size_t *counts;
    int ntabs;
    const char *p;
    char err[4096];
    int failed;        /* 1 = function error (err), 2 = unsupported */
} ShimEval;

static const FnDef *shim_lookup(ShimEval *e, const char *name, size_t n)
{
    for (int t = 0; t < e->ntabs; t++)
        for (size_t i = 0; i < e->counts[t]; i++)
            if (strlen(e->tabs[t][i].name) == n && memcmp(e->tabs[t][i].name, name, n) == 0)
                return &e->tabs[t][i];
    return NULL;
}

static void shim_ws(ShimEval *e) { while (*e->p == ' ') e->p++; }

static Value shim_pipeline(ShimEval *e);

static Value shim_apply(ShimEval *e, const FnDef *d, Value recv, int argc, Value *argv)
{
    if (!(d->flags & FN_RAW_ARGS)) {
        const char *sig = d->sig;
        size_t sl = strlen(sig);
        bool variadic = sl && sig[sl - 1] == '*';
        size_t fixed = variadic ? sl - 1 : sl;
        if ((!variadic && (size_t)argc != fixed) || (variadic && (size_t)argc < fixed - 1)) {
            e->failed = 2;
            return val_nil();
        }
        for (int i = 0; i < argc; i++) {
            char k = (size_t)i < fixed ? sig[i] : sig[fixed - 1];
            Value v = argv[i];
            /* T (time.Time), C (sprig.certificate): passed through as the VM does */
            bool ok = k == 'a' || k == 'T' || k == 'C' || (k == 's' && v.kind == V_STR && v.gtype == GT_STRING) ||
                      ((k == 'i' || k == 'I') && v.kind == V_INT && (v.flags & VF_CONST)) ||
                      (k == 'U' && v.kind == V_INT && (v.flags & VF_CONST) && v.u.i >= 0);
            if (!ok) { e->failed = 2; return val_nil(); }
            if (k == 'I') argv[i].gtype = GT_INT64;
            if (k == 'a' && v.kind == V_INT) argv[i].flags = 0;
        }
    }
    FnCall c = {e->a, d->name, recv, {0}};
    Value out = val_nil();
    if (d->impl(&c, argc, argv, &out) != 0) {
        snprintf(e->err, sizeof e->err, "%s", c.err);
        e->failed = 1;
    }
    return out;
}

static Value shim_operand(ShimEval *e, bool *is_fn, const FnDef **fn)
{
    Value v = val_nil();
    *is_fn = false;
    const char *p = e->p;
    if (*p == '"') {
        Buf b = BUF_INIT;
        p++;
        while (*p && *p != '"') {
            if (*p == '\\') {
                p++;
                char ch = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
                if (*p == 'x' && p[1] && p[2]) {
                    char hx[3] = {p[1], p[2], 0};
                    ch = (char)strtol(hx, NULL, 16);
                    p += 2;
                }
                buf_addc(&b, ch);
                p++;
            } else {
                buf_addc(&b, *p++);
            }
        }
        if (*p != '"') { e->failed = 2; buf_free(&b); return v; }
        e->p = p + 1;
        v = val_strn(e->a, b.data ? b.data : "", b.len);
        buf_free(&b);
    } else if ((*p >= '0' && *p <= '9') || (*p == '-' && p[1] >= '0' && p[1] <= '9')) {
        char *end;
        long long x = strtoll(p, &end, 10);
        if (*end == '.' || *end == 'e') { e->failed = 2; return v; }
        e->p = end;
        v = val_int(x);
        v.flags = VF_CONST;
    } else if (*p == '(') {
        e->p++;
        v = shim_pipeline(e);
        shim_ws(e);
        if (*e->p != ')') { e->failed = 2; return v; }
        e->p++;
    } else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
        const char *s = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_') p++;
        *fn = shim_lookup(e, s, (size_t)(p - s));
        if (!*fn) { e->failed = 2; return v; }
        e->p = p;
        *is_fn = true;
        return v;
    } else {
        e->failed = 2;
        return v;
    }
    while (!e->failed && *e->p == '.' && e->p[1] >= 'A' && e->p[1] <= 'Z') {
        const char *s = ++e->p;
        while ((*e->p >= 'a' && *e->p <= 'z') || (*e->p >= 'A' && *e->p <= 'Z')) e->p++;
        Value m = val_nil();
        if (v.kind != V_OBJ || !v.u.o->type->get(e->a, v.u.o, str_new(e->a, s, (size_t)(e->p - s)), &m) ||
            m.kind != V_FUNC) {
            e->failed = 2;
            return v;
        }
        v = shim_apply(e, m.u.fn->def, m.u.fn->recv, 0, NULL);
    }
    return v;
}

static Value shim_cmd(ShimEval *e, bool piped, Value in)
{
    shim_ws(e);
    bool is_fn;
    const FnDef *fn = NULL;
    Value first = shim_operand(e, &is_fn, &fn);
    if (e->failed) return first;
    if (!is_fn) {
        if (piped) e->failed = 2;
        return first;
    }
    Value args[8];
    int argc = 0;
    for (;;) {
        shim_ws(e);
        if (!*e->p || *e->p == '|' || *e->p == ')' || (e->p[0] == '}' && e->p[1] == '}')) break;
        bool f2;
        const FnDef *d2;
        Value v = shim_operand(e, &f2, &d2);
        if (e->failed) return v;
        if (f2) v = shim_apply(e, d2, val_nil(), 0, NULL);
        if (e->failed || argc >= 7) { if (!e->failed) e->failed = 2; return v; }
        args[argc++] = v;
    }
    if (piped) args[argc++] = in;
    return shim_apply(e, fn, val_nil(), argc, args);
}

static Value shim_pipeline(ShimEval *e)
{
    Value v = shim_cmd(e, false, val_nil());
    while (!e->failed) {
        shim_ws(e);
        if (*e->p != '|') break;
        e->p++;
        v = shim_cmd(e, true, v);
    }
    return v;
}

static void shim_print(Buf *b, Value v)
{
    if (v.kind == V_OBJ) v.u.o->type->print(v.u.o, b);
    else if (v.kind == V_INT && v.gtype == GT_UINT64) buf_printf(b, "%llu", (unsigned long long)v.u.u);
    else if (v.kind == V_NIL) buf_adds(b, "<no value>");
    else fmt_value(b, v);
}

/* Renders template t; returns 1 with the output in out, -1 with a function
 * error in e->err, 0 if the template is beyond this evaluator. */
static inline int shim_render(ShimEval *e, const char *t, Buf *out)
{
    e->p = t;
    e->failed = 0;
    while (*e->p) {
        const char *o = strstr(e->p, "{{");
        if (!o) { buf_adds(out, e->p); break; }
        buf_add(out, e->p, (size_t)(o - e->p));
        e->p = o + 2;
        if (*e->p == '-' || *e->p == '/') return 0;
        if (*e->p == ' ') e->p++;
        if (*e->p == '$' || *e->p == '.') return 0;
        Value v = shim_pipeline(e);
        if (e->failed == 1) return -1;
        if (e->failed) return 0;
        shim_ws(e);
        if (strncmp(e->p, "}}", 2) != 0) return 0;
        e->p += 2;
        shim_print(out, v);
    }
    return 1;
}

/* Runs every case of SUITE the evaluator can handle against helm's
 * expected result; returns how many were compared. */
static inline int shim_run_suite(Arena *a, const char *cases_path, const char *exp_path,
                                 const FnDef *const *tabs, const size_t *counts, int ntabs,
                                 const char *const *skip)
{
    char *ct = shim_slurp(cases_path), *et = shim_slurp(exp_path);
    if (!ct || !et) { free(ct); free(et); CHECK(!"case files readable"); return 0; }
    ShimCase *cs, *es;
    size_t nc = shim_read_cases(ct, &cs), ne = shim_read_cases(et, &es);
    int compared = 0;
    for (size_t i = 0; i < nc; i++) {
        bool skipped = false;
        for (int k = 0; skip && skip[k]; k++) skipped = skipped || strcmp(skip[k], cs[i].name) == 0;
        const ShimCase *x = shim_find_case(es, ne, cs[i].name);
        if (skipped || !x) continue;
        ShimEval e = {a, tabs, counts, ntabs, NULL, {0}, 0};
        Buf out = BUF_INIT;
        int r = shim_render(&e, cs[i].text, &out);
        if (r != 0) {
            const char *want = x->err ? shim_call_error(a, x->text) : x->text;
            const char *got = r < 0 ? e.err : (out.data ? out.data : "");
            if (want && (r < 0) == (x->err != 0)) {
                compared++;
                if (strcmp(got, want) != 0) printf("case %s: ", cs[i].name);
                CHECK_STR(got, want);
            } else if (want || !x->err) {
                printf("case %s: ", cs[i].name);
                CHECK_STR(r < 0 ? e.err : "(no error)", x->text);
            }
        }
        buf_free(&out);
    }
    free(cs);
    free(es);
    free(ct);
    free(et);
    return compared;
}

/* shim_run_suite over testdata/functions/SUITE.{cases,expected} with one
 * table; checks that at least `min` cases could be compared. */
static inline void shim_helm_suite(Arena *a, const char *suite, const FnDef *tab, size_t count, int min)
{
    const FnDef *tabs[] = {tab};
    size_t counts[] = {count};
    char cp[512], ep[512];
    snprintf(cp, sizeof cp, "%s/testdata/functions/%s.cases", SRCDIR, suite);
    snprintf(ep, sizeof ep, "%s/testdata/functions/%s.expected", SRCDIR, suite);
    int n = shim_run_suite(a, cp, ep, tabs, counts, 1, NULL);
    printf("%s: %d helm cases compared\n", suite, n);
    CHECK(n >= min);
}

#endif
