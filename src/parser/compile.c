/*
 * compile.c - parse tree to bytecode (opcodes.h), one pass per tree.
 *
 * What Go decides at run time but depends only on the tree is decided
 * here: argument counts, conversions of literal arguments to parameter
 * types ("expected integer; found \"x\""), untyped constants (1 is int,
 * 1.0 is float64), "can't give argument to non-function".  Such errors
 * become ERROR instructions placed where Go would raise them, so they
 * only fire when execution gets there.
 */
#include "code.h"
#include "parser.h"

#include <stdio.h>
#include <string.h>

#include "../value/fmt.h"

typedef struct Loop { uint32_t next; uint32_t *breaks; uint32_t nbreaks, capbreaks; struct Loop *up; } Loop;

typedef struct C {
    Arena *a;
    Arena *scratch;
    Ins *ins;
    uint32_t n, cap;
    Const *k;
    uint32_t nk, capk;
    int oom;
    Loop *loop;
    const Node *last;   /* node of the last instruction: Go's s.node there */
    bool dyn;           /* and/or stopped at an argument known only at run
                           time: the VM's current node is Go's s.node */
} C;

static inline uint32_t emit(C *c, int op, int32_t a, unsigned b, unsigned cc, const Node *node)
{
    if (c->n == c->cap) {
        uint32_t nc = c->cap ? c->cap * 2 : 64;
        Ins *ni = arena_realloc(c->scratch, c->ins, c->cap * sizeof *ni, nc * sizeof *ni);
        if (!ni) { c->oom = 1; return 0; }
        c->ins = ni;
        c->cap = nc;
    }
    Ins *i = &c->ins[c->n];
    i->op = (uint8_t)op;
    i->a = a;
    i->b = (uint16_t)b;
    i->c = (uint8_t)cc;
    i->x = 0;
    i->nid = node ? node->id : 0;
    if (node) c->last = node, c->dyn = false;
    return c->n++;
}

static inline uint32_t kadd(C *c)
{
    if (c->nk == c->capk) {
        uint32_t nc = c->capk ? c->capk * 2 : 32;
        Const *nk = arena_realloc(c->scratch, c->k, c->capk * sizeof *nk, nc * sizeof *nk);
        if (!nk) { c->oom = 1; return 0; }
        c->k = nk;
        c->capk = nc;
    }
    memset(&c->k[c->nk], 0, sizeof c->k[0]);
    return c->nk++;
}

static void patch(C *c, uint32_t at, uint32_t target) { if (!c->oom) c->ins[at].a = (int32_t)target; }

static void emit_error(C *c, const Node *node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void emit_error(C *c, const Node *node, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint32_t k = kadd(c);
    if (c->oom) return;
    c->k[k].name = str_cstr(c->a, msg);
    emit(c, OP_ERROR, (int32_t)k, 0, 0, node);
}

static const char *node_str(C *c, const Node *n)
{
    Buf b = BUF_INIT;
    parse_node_string(&b, n);
    char *s = arena_strndup(c->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s ? s : "";
}

static void emit_const(C *c, Value v, const Node *node)
{
    uint32_t k = kadd(c);
    if (c->oom) return;
    c->k[k].v = v;
    emit(c, OP_CONST, (int32_t)k, 0, 0, node);
}

static uint32_t name_const(C *c, Str *s)
{
    uint32_t k = kadd(c);
    if (!c->oom) c->k[k].name = s;
    return k;
}

/* Go's idealConstant: 0 = ok (*v set), -1 = overflow error emitted */
static int ideal(C *c, const Node *n, Value *v)
{
    const char *s = n->text;
    uint32_t len = n->textlen;
    int hexint = len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !memchr(s, 'p', len) && !memchr(s, 'P', len);
    int runeint = len > 0 && s[0] == '\'';
    int floaty = 0;
    for (uint32_t i = 0; i < len; i++) if (strchr(".eEpP", s[i])) floaty = 1;
    if (n->num_flags & NUM_COMPLEX) {
        /* incontrovertible: a complex128 object (see fmt.h) */
        Obj *o = ARENA_NEW(c->a, Obj);
        double *d = ARENA_NEWN(c->a, double, 2);
        if (!o || !d) { c->oom = 1; *v = val_nil(); return 0; }
        d[0] = n->f64;
        d[1] = n->imag;
        o->type = &fmt_complex128_type;
        o->data = d;
        *v = val_obj(o);
        return 0;
    }
    if ((n->num_flags & NUM_FLOAT) && !hexint && !runeint && floaty) { *v = val_float(n->f64); return 0; }
    if (n->num_flags & NUM_INT) { *v = val_int(n->i64); return 0; }
    emit_error(c, n, "%.*s overflows int", (int)len, s);
    return -1;
}

static void comp_list(C *c, const Node *list);

/* The tail of if/with: `skip` (the jump taken when the condition fails)
 * lands on the else branch, which the then branch jumps over; with no
 * else it lands after the then branch. */
static void comp_else(C *c, uint32_t skip, const Node *else_list)
{
    if (!else_list) {
        patch(c, skip, c->n);
        return;
    }
    uint32_t j = emit(c, OP_JMP, 0, 0, 0, NULL);
    patch(c, skip, c->n);
    comp_list(c, else_list);
    patch(c, j, c->n);
}
static void comp_pipe(C *c, const Node *pipe);
static void comp_call(C *c, const Node *ident, Node *const *args, uint32_t nargs, int final, const Node *cmd);
static void comp_arg_value(C *c, const Node *n);

const char *comp_sig_type(char t)
{
    switch (t) {
    case 's': return "string";
    case 'i': return "int";
    case 'I': return "int64";
    case 'f': return "float64";
    case 'b': return "bool";
    case 'L': return "[]interface {}";
    case 'S': return "[]string";
    case 'M': return "map[string]interface {}";
    case 'B': return "[]uint8";
    case 'r': return "reflect.Value";
    case 'U': return "uint32";
    case 'T': return "time.Time";
    case 'C': return "sprig.certificate";
    }
    return "interface {}";
}

/* node: what field errors blame (NULL: whatever ran last, as Go's
 * evalChainNode leaves s.at() inside the chain's pipeline); chain: the
 * chain node, which Go's evalCall blames when the method itself fails. */
static void fields(C *c, Str *const *idents, uint32_t n, int method, const Node *node, Node *const *args, uint32_t nargs, int final,
                   const Node *chain)
{
    for (uint32_t i = 0; i + 1 < n; i++) emit(c, OP_FIELD, (int32_t)name_const(c, idents[i]), 0, 0, node);
    if (!n) return;
    if (method) {
        uint32_t m = emit(c, OP_METHOD, (int32_t)name_const(c, idents[n - 1]), final, 0, node);
        if (!c->oom) c->ins[m].x = nargs;
        for (uint32_t i = 0; i < nargs; i++) {
            const Node *x = args[i];
            /* a method's parameter types are known only at run time */
            if (x->type == N_NUMBER) { Value v; if (ideal(c, x, &v) == 0) emit_const(c, v, x); }
            else if (x->type == N_STRING) emit_const(c, val_str(x->str), x);
            else if (x->type == N_BOOL) emit_const(c, val_bool(x->b), x);
            else if (x->type == N_NIL) emit_const(c, val_nil(), x);
            else comp_arg_value(c, x);
        }
        const Node *keep = c->last; /* as in comp_call: Go's s.at() stays on the last argument */
        bool kdyn = c->dyn;
        uint32_t cm = emit(c, OP_CALLM, (int32_t)name_const(c, idents[n - 1]), nargs, final, node ? node : chain);
        c->last = keep, c->dyn = kdyn;
        if (!node && chain && !c->oom) c->ins[cm].x = 1;
    } else {
        emit(c, OP_FIELD, (int32_t)name_const(c, idents[n - 1]), 0, 0, node);
    }
}

/* evalArg with no conversion (typ nil/interface): the value of an operand */
static void comp_arg_value(C *c, const Node *n)
{
    switch (n->type) {
    case N_DOT: emit(c, OP_DOT, 0, 0, 0, n); break;
    case N_FIELD:
        emit(c, OP_DOT, 0, 0, 0, n);
        fields(c, n->ident, n->n, 0, n, NULL, 0, 0, NULL);
        break;
    case N_VARIABLE:
        emit(c, OP_VAR, n->slot, 0, 0, n);
        if (n->slot < 0) c->ins[c->n - 1].x = name_const(c, n->ident[0]);
        fields(c, n->ident + 1, n->n - 1, 0, n, NULL, 0, 0, NULL);
        break;
    case N_PIPE: comp_pipe(c, n); break;
    case N_IDENT: comp_call(c, n, NULL, 0, 0, n); break;
    case N_CHAIN:
        if (n->pipe->type == N_NIL) { emit_error(c, n, "indirection through explicit nil in %s", node_str(c, n)); break; }
        comp_arg_value(c, n->pipe);
        fields(c, n->ident, n->n, 0, NULL, NULL, 0, 0, n);
        break;
    case N_NUMBER: { Value v; if (ideal(c, n, &v) == 0) emit_const(c, v, n); break; }
    case N_STRING: emit_const(c, val_str(n->str), n); break;
    case N_BOOL: emit_const(c, val_bool(n->b), n); break;
    case N_NIL: emit_const(c, val_nil(), n); break;
    default: emit_error(c, n, "can't handle %s", node_str(c, n));
    }
}

/* evalArg(dot, typ, n) for parameter type t (a sig letter) */
static void comp_arg(C *c, const Node *n, char t)
{
    switch (n->type) {
    case N_NIL:
        if (t == 'r') {
            /* reflect.Zero(reflect.Value type): the invalid Value */
            Value nv = val_nil();
            nv.flags = VF_NOVALUE;
            emit_const(c, nv, n);
        } else if (strchr("aLSMB", t)) emit_const(c, val_nil(), n);
        else emit_error(c, n, "cannot assign nil to %s", comp_sig_type(t));
        return;
    case N_BOOL: case N_NUMBER: case N_STRING:
        break;
    default:
        comp_arg_value(c, n);
        if (t != 'r') emit(c, OP_CONV, 0, (unsigned char)t, 0, NULL);
        return;
    }
    Value v;
    switch (t) {
    case 'b':
        if (n->type == N_BOOL) emit_const(c, val_bool(n->b), n);
        else emit_error(c, n, "expected bool; found %s", node_str(c, n));
        return;
    case 'f':
        if (n->type == N_NUMBER && (n->num_flags & NUM_FLOAT)) emit_const(c, val_float(n->f64), n);
        else emit_error(c, n, "expected float; found %s", node_str(c, n));
        return;
    case 'U':
        if (n->type == N_NUMBER && (n->num_flags & NUM_UINT)) {
            Value u = val_int((int64_t)(uint32_t)n->u64);
            u.gtype = GT_UINT32;
            emit_const(c, u, n);
        } else emit_error(c, n, "expected unsigned integer; found %s", node_str(c, n));
        return;
    case 'i': case 'I':
        if (n->type == N_NUMBER && (n->num_flags & NUM_INT)) emit_const(c, t == 'i' ? val_int(n->i64) : val_int64(n->i64), n);
        else emit_error(c, n, "expected integer; found %s", node_str(c, n));
        return;
    case 's':
        if (n->type == N_STRING) emit_const(c, val_str(n->str), n);
        else emit_error(c, n, "expected string; found %s", node_str(c, n));
        return;
    case 'a': case 'r':
        if (n->type == N_NUMBER) { if (ideal(c, n, &v) == 0) emit_const(c, v, n); }
        else if (n->type == N_STRING) emit_const(c, val_str(n->str), n);
        else emit_const(c, val_bool(n->b), n);
        return;
    }
    emit_error(c, n, "can't handle %s for arg of type %s", node_str(c, n), comp_sig_type(t));
}

static void comp_andor(C *c, const Node *ident, Node *const *args, uint32_t nargs, int final, int is_or)
{
    uint32_t fix[64], nfix = 0, big = 0;
    uint32_t *fixes = fix;
    if (nargs > 64) {
        fixes = arena_alloc(c->a, nargs * sizeof *fixes);
        if (!fixes) { c->oom = 1; return; }
        big = 1;
    }
    (void)big;
    for (uint32_t i = 0; i < nargs; i++) {
        comp_arg(c, args[i], 'r');
        if (i + 1 < nargs || final) fixes[nfix++] = emit(c, OP_ANDOR, 0, 0, (unsigned)is_or, ident);
    }
    if (final && nargs) {
        uint32_t skip = emit(c, OP_JMP, 0, 0, 0, NULL);
        for (uint32_t i = 0; i < nfix; i++) patch(c, fixes[i], c->n);
        emit(c, OP_SWAPPOP, 0, 0, 0, NULL);
        patch(c, skip, c->n);
    } else {
        for (uint32_t i = 0; i < nfix; i++) patch(c, fixes[i], c->n);
    }
}

static void comp_call(C *c, const Node *ident, Node *const *args, uint32_t nargs, int final, const Node *cmd)
{
    const FnDef *fn = ident->fn;
    /* names in these messages are cut at 127 bytes, as they always were */
    int nl = ident->textlen < 127 ? (int)ident->textlen : 127;
    const char *name = ident->text;
    if (!fn) { emit_error(c, ident, "\"%.*s\" is not a defined function", nl, name); return; }
    const char *sig = fn->sig ? fn->sig : "";
    size_t slen = strlen(sig);
    int variadic = slen && sig[slen - 1] == '*';
    uint32_t num_in = (uint32_t)(variadic ? slen - 1 : slen);
    uint32_t num_fixed = variadic ? num_in - 1 : nargs;
    uint32_t n_in = nargs + (final ? 1 : 0);
    if (variadic) {
        if (n_in < num_fixed) {
            emit_error(c, ident, "wrong number of args for %.*s: want at least %u got %u", nl, name, num_in - 1, nargs);
            return;
        }
    } else if (n_in != num_in) {
        emit_error(c, ident, "wrong number of args for %.*s: want %u got %u", nl, name, num_in, n_in);
        return;
    }
    int raw = (fn->flags & FN_RAW_ARGS) != 0;
    char f0 = fn->name[0];
    if ((f0 == 'a' && strcmp(fn->name, "and") == 0) || (f0 == 'o' && strcmp(fn->name, "or") == 0)) {
        if (fn->sig && strcmp(fn->sig, "rr*") == 0) {
            c->last = ident, c->dyn = false;
            comp_andor(c, ident, args, nargs, final, fn->name[0] == 'o');
            /* Go's s.at() stays on the argument that decided */
            c->dyn = nargs > 0;
            return;
        }
    }
    c->last = ident, c->dyn = false;
    uint32_t extra = 0;
    if (f0 == 'c' && strcmp(fn->name, "call") == 0 && fn->sig && strcmp(fn->sig, "rr*") == 0) {
        /* Go's call builtin gets the callee's node text first */
        emit_const(c, val_cstr(c->a, nargs ? node_str(c, args[0]) : ""), NULL);
        extra = 1;
    }
    uint32_t i = 0;
    for (; i < num_fixed && i < nargs; i++) comp_arg(c, args[i], raw ? 'r' : sig[i]);
    if (variadic)
        for (; i < nargs; i++) comp_arg(c, args[i], raw ? 'r' : sig[num_in - 1]);
    char ft = 0;
    if (final) {
        if (variadic) ft = n_in - 1 < num_fixed ? sig[n_in - 1] : sig[num_in - 1];
        else ft = sig[num_in - 1];
        if (raw) ft = 'r';
    }
    uint32_t k = kadd(c);
    if (c->oom) return;
    c->k[k].fn = fn;
    c->k[k].nid = ident->id;
    /* Go's evalCall blames the command only when the call fails; on success
     * s.at() stays on the last argument evaluated (or the identifier), and a
     * later error of the enclosing action (range can't iterate over ...)
     * reports that node: {{ range eq 1 1 }} says at <1>, column 14. */
    const Node *keep = c->last;
    bool kdyn = c->dyn;
    uint32_t at = emit(c, OP_CALL, (int32_t)k, nargs + extra, final ? 1 : 0, cmd);
    c->last = keep, c->dyn = kdyn;
    if (!c->oom) c->ins[at].x = (unsigned char)ft;
}

static void not_a_function(C *c, const Node *cmd, int final, int *bad, const Node *at)
{
    if (cmd->n > 1 || final) {
        emit_error(c, at, "can't give argument to non-function %s", node_str(c, cmd->kids[0]));
        *bad = 1;
    }
}

static void comp_cmd(C *c, const Node *cmd, int final)
{
    const Node *w = cmd->kids[0];
    Node *const *args = cmd->kids + 1;
    uint32_t nargs = cmd->n - 1;
    int has_args = nargs > 0 || final;
    int bad = 0;
    switch (w->type) {
    case N_FIELD:
        emit(c, OP_DOT, 0, 0, 0, w);
        fields(c, w->ident, w->n, has_args, w, args, nargs, final, NULL);
        return;
    case N_CHAIN:
        if (w->pipe->type == N_NIL) { emit_error(c, w, "indirection through explicit nil in %s", node_str(c, w)); return; }
        comp_arg_value(c, w->pipe);
        fields(c, w->ident, w->n, has_args, NULL, args, nargs, final, w);
        return;
    case N_IDENT:
        comp_call(c, w, args, nargs, final, cmd);
        return;
    case N_PIPE:
        /* Go does not s.at() a parenthesized pipeline here */
        not_a_function(c, cmd, final, &bad, c->last);
        if (!bad) comp_pipe(c, w);
        return;
    case N_VARIABLE:
        emit(c, OP_VAR, w->slot, 0, 0, w);
        if (w->slot < 0) c->ins[c->n - 1].x = name_const(c, w->ident[0]);
        if (w->n == 1) { not_a_function(c, cmd, final, &bad, w); return; }
        fields(c, w->ident + 1, w->n - 1, has_args, w, args, nargs, final, NULL);
        return;
    default:
        break;
    }
    not_a_function(c, cmd, final, &bad, w);
    if (bad) return;
    switch (w->type) {
    case N_BOOL: emit_const(c, val_bool(w->b), w); break;
    case N_DOT: emit(c, OP_DOT, 0, 0, 0, w); break;
    case N_NIL: emit_error(c, w, "nil is not a command"); break;
    case N_NUMBER: { Value v; if (ideal(c, w, &v) == 0) emit_const(c, v, w); break; }
    case N_STRING: emit_const(c, val_str(w->str), w); break;
    default: emit_error(c, w, "can't evaluate command %s", node_str(c, w));
    }
}

static void comp_pipe(C *c, const Node *pipe)
{
    c->last = pipe, c->dyn = false;
    for (uint32_t i = 0; i < pipe->n; i++) {
        comp_cmd(c, pipe->kids[i], i > 0);
        emit(c, OP_DIG, 0, 0, 0, NULL);
    }
    for (uint32_t i = 0; i < pipe->ndecl; i++) {
        const Node *v = pipe->decl[i];
        if (v->slot < 0) emit_error(c, c->last, "undefined variable: %s", v->ident[0]->s);
        else emit(c, OP_SETVAR, v->slot, 0, 0, NULL);
    }
}

static void add_break(C *c, uint32_t at)
{
    Loop *l = c->loop;
    if (!l) return;
    if (l->nbreaks == l->capbreaks) {
        uint32_t nc = l->capbreaks ? l->capbreaks * 2 : 8;
        uint32_t *nb = arena_alloc(c->a, nc * sizeof *nb);
        if (!nb) { c->oom = 1; return; }
        if (l->nbreaks) memcpy(nb, l->breaks, l->nbreaks * sizeof *nb);
        l->breaks = nb;
        l->capbreaks = nc;
    }
    l->breaks[l->nbreaks++] = at;
}

static void comp_node(C *c, const Node *n)
{
    switch (n->type) {
    case N_TEXT: {
        uint32_t k = kadd(c);
        if (c->oom) return;
        c->k[k].text = n->text;
        c->k[k].len = n->textlen;
        emit(c, OP_TEXT, (int32_t)k, 0, 0, NULL);
        break;
    }
    case N_ACTION:
        comp_pipe(c, n->pipe);
        emit(c, n->pipe->ndecl ? OP_POP : OP_PRINT, 0, 0, 0, NULL);
        break;
    case N_IF: {
        comp_pipe(c, n->pipe);
        uint32_t jf = emit(c, OP_JFALSE, 0, 0, 0, NULL);
        comp_list(c, n->list);
        comp_else(c, jf, n->else_list);
        break;
    }
    case N_WITH: {
        comp_pipe(c, n->pipe);
        uint32_t jw = emit(c, OP_WITH, 0, 0, 0, NULL);
        comp_list(c, n->list);
        emit(c, OP_ENDWITH, 0, 0, 0, NULL);
        comp_else(c, jw, n->else_list);
        break;
    }
    case N_RANGE: {
        comp_pipe(c, n->pipe);
        const Node *p = n->pipe;
        uint32_t jr = emit(c, OP_RANGE, 0, p->ndecl, 0, c->dyn ? NULL : c->last);
        Loop loop = {0};
        loop.up = c->loop;
        loop.next = emit(c, OP_NEXT, 0, 0, 0, c->last);
        if (!c->oom) {
            Ins *nx = &c->ins[loop.next];
            if (p->ndecl == 1) nx->b = (uint16_t)(p->decl[0]->slot + 1);
            if (p->ndecl == 2) { nx->b = (uint16_t)(p->decl[0]->slot + 1); nx->x = (uint32_t)(p->decl[1]->slot + 1); }
        }
        c->loop = &loop;
        comp_list(c, n->list);
        c->loop = loop.up;
        emit(c, OP_JMP, (int32_t)loop.next, 0, 0, NULL);
        uint32_t done = emit(c, OP_ENDRANGE, 0, 0, 0, NULL);
        patch(c, loop.next, done);
        for (uint32_t i = 0; i < loop.nbreaks; i++) patch(c, loop.breaks[i], done);
        if (n->else_list) {
            uint32_t j = emit(c, OP_JMP, 0, 0, 0, NULL);
            patch(c, jr, c->n);
            comp_list(c, n->else_list);
            patch(c, j, c->n);
        } else patch(c, jr, c->n);
        break;
    }
    case N_TEMPLATE: {
        uint32_t k = name_const(c, n->str);
        if (n->pipe) {
            emit(c, OP_HASTMPL, (int32_t)k, 0, 0, n);
            comp_pipe(c, n->pipe);
        }
        emit(c, OP_TEMPLATE, (int32_t)k, n->pipe ? 1 : 0, 0, n);
        break;
    }
    case N_BREAK:
        add_break(c, emit(c, OP_JMP, 0, 0, 0, n));
        break;
    case N_CONTINUE:
        if (c->loop) emit(c, OP_JMP, (int32_t)c->loop->next, 0, 0, n);
        break;
    case N_LIST:
        comp_list(c, n);
        break;
    default:
        break;
    }
}

static void comp_list(C *c, const Node *list)
{
    if (!list) return;
    for (uint32_t i = 0; i < list->n && !c->oom; i++) comp_node(c, list->kids[i]);
}

Code *comp_tree(Arena *a, Arena *scratch, Tree *t)
{
    C c = {0};
    c.a = a;
    c.scratch = scratch;
    comp_list(&c, t->root);
    emit(&c, OP_RET, 0, 0, 0, NULL);
    if (c.oom) return NULL;
    Code *code = ARENA_NEW(a, Code);
    if (!code) return NULL;
    code->ins = c.ins;
    code->consts = c.k;
    if (scratch != a) {
        code->ins = ARENA_NEWN(a, Ins, c.n);
        code->consts = ARENA_NEWN(a, Const, c.nk ? c.nk : 1);
        if (!code->ins || !code->consts) return NULL;
        memcpy(code->ins, c.ins, c.n * sizeof *c.ins);
        if (c.nk) memcpy(code->consts, c.k, c.nk * sizeof *c.k);
    }
    code->n = c.n;
    code->nconsts = c.nk;
    code->nslots = t->nslots ? t->nslots : 1;
    code->tree = t;
    t->code = code;
    return code;
}

const char *const comp_op_names[] = {
#define X(name, ops) #name,
    VM_OPCODES(X)
#undef X
};

static const char *const op_operands[] = {
#define X(name, ops) ops,
    VM_OPCODES(X)
#undef X
};

void comp_dump(Buf *b, const Code *code, const FnRegistry *reg)
{
    buf_printf(b, "template %s (%u slots)\n", code->tree->name->s, code->nslots);
    /* the nodes are gone since compiling: one new parse gives them all */
    Arena scratch;
    arena_init(&scratch);
    Node **all;
    uint32_t nall = parse_nodes(&scratch, reg, code->tree, &all);
    for (uint32_t i = 0; i < code->n; i++) {
        const Ins *in = &code->ins[i];
        const Node *node = in->nid && in->nid <= nall ? all[in->nid - 1] : NULL;
        if (node) {
            uint32_t pos = node->pos, col = pos;
            const char *src = node->tree->src;
            for (uint32_t k = pos; k > 0; k--)
                if (src[k - 1] == '\n') { col = pos - k; break; }
            buf_printf(b, "%5u  %3u:%-3u ", i, node->line, col);
        }
        else buf_printf(b, "%5u          ", i);
        buf_printf(b, "%-9s", comp_op_names[in->op]);
        const char *ops = op_operands[in->op];
        if (strstr(ops, "a=")) buf_printf(b, " a=%d", in->a);
        if (strstr(ops, "b=")) buf_printf(b, " b=%u", in->b);
        if (strstr(ops, "c=")) buf_printf(b, " c=%u", in->c);
        if (strstr(ops, "x=")) buf_printf(b, " x=%u", in->x);
        if (strstr(ops, "a=const") && in->a >= 0 && (uint32_t)in->a < code->nconsts) {
            const Const *k = &code->consts[in->a];
            buf_adds(b, "  ; ");
            if (in->op == OP_CONST) fmt_value(b, k->v);
            else if (in->op == OP_CALL) buf_adds(b, k->fn->name);
            else if (in->op == OP_TEXT) fmt_quote(b, k->text, k->len > 40 ? 40 : k->len);
            else if (k->name) fmt_quote(b, k->name->s, k->name->len);
        }
        if (in->op == OP_CONV) buf_printf(b, "  ; %s", comp_sig_type((char)in->b));
        buf_addc(b, '\n');
    }
    arena_free(&scratch);
}
