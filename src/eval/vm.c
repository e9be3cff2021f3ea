/*
 * vm.c - executes compiled templates (code.h) with text/template's
 * semantics, as helm runs them (missingkey=zero).
 *
 * A stack machine.  Template calls ({{template}}) push a frame instead of
 * recursing in C, so deep template recursion ends in Go's "exceeded
 * maximum template depth" rather than a crash; include and tpl are
 * functions and re-enter vm_exec (bounded by helm's include limit and
 * VM_MAX_NESTED).
 *
 * Errors: the first failure records a VmErr (Go's position and node text
 * from the instruction's node) and the loop stops; nothing needs unwinding
 * because all memory is the render's arena or the VM's own stacks.
 *
 * reflect's distinctions that change output are kept in Value.flags:
 * VF_NOVALUE (an invalid reflect.Value, what pipelines yield for nil) and
 * VF_IFACE (a value read out of an interface{} slot).  See func.h.
 */
#include "vm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/code.h"
#include "../parser/parser.h"
#include "../value/fmt.h"

#define VM_MAX_DEPTH 100000   /* Go's maxExecDepth for {{template}} */
#define VM_MAX_NESTED 3000    /* ours: include/tpl re-entering the VM */

struct Engine {
    FnRegistry reg;
    Arena arena;
    Arena scratch;       /* parse trees while they are compiled */
    Map *names;          /* name -> index into codes */
    Code **codes;
    uint32_t ncodes, capcodes;
    Code **all;          /* every compiled tree, for dumps */
    uint32_t nall, capall;
    Arena **extra;       /* vm_engine_arena's, for units compiled off-thread */
    uint32_t nextra;
};

struct Overlay {
    Tree *trees;
    Overlay *up;
};

typedef struct Frame {
    const Code *code;
    uint32_t pc;
    uint32_t base;       /* first variable slot in the value stack */
    uint32_t ndots;      /* dot-stack depth at entry */
    Value dot;
} Frame;

typedef struct Iter {
    uint8_t kind;        /* 0 list, 1 map, 2 int */
    uint8_t iface;       /* elements come out of interface{} slots */
    uint32_t i, n;
    List *l;
    Value *keys, *vals;
    Value intv;
    uint32_t ndots;
    Value saved_dot;
} Iter;

/* A node of a compiled template: its tree and Node.id (0: none). */
typedef struct NodeRef { const Tree *t; uint32_t id; } NodeRef;
#define NR0 ((NodeRef){NULL, 0})
#define NR(nid) ((NodeRef){vm->code->tree, (nid)})

typedef struct Vm {
    Render *r;
    Arena *a;
    Buf *out;
    Value *st; uint32_t sp, cap;
    Frame *fr; uint32_t nfr, capfr;
    Iter *it; uint32_t nit, capit;
    Value *dots; uint32_t ndots, capdots;
    Value dot;
    NodeRef node;        /* Go's s.node: what errors point at */
    const Code *code;
    VmErr *err;
} Vm;

struct FnCall {
    Vm *vm;
    const FnDef *def;
    Value recv;
    const char *name;
    const char *msg;
    VmErr *cause;
};

/* ---- errors ------------------------------------------------------------------- */

VmErr *vm_err_new(Arena *a, int kind, const char *msg, VmErr *cause)
{
    VmErr *e = ARENA_NEW(a, VmErr);
    if (!e) return NULL;
    e->kind = kind;
    e->msg = msg ? msg : "";
    e->cause = cause;
    return e;
}

static const char *node_loc(Arena *a, const Node *n)
{
    const Tree *t = n->tree;
    uint32_t pos = n->pos, col = pos;
    for (uint32_t i = pos; i > 0; i--)
        if (t->src[i - 1] == '\n') { col = pos - i; break; }
    return arena_printf(a, "%s:%u:%u", t->parse_name, n->line, col);
}

/* The code keeps node numbers, not nodes: parse the template again to get
 * Go's node text and position (errors are rare, templates are small). */
static VmErr *exec_err(Vm *vm, NodeRef n, const char *msg, VmErr *cause)
{
    VmErr *e = vm_err_new(vm->a, VE_EXEC, msg, cause);
    if (!e) return NULL;
    if (!n.id) n = vm->node;
    e->tmpl = vm->code ? vm->code->tree->name->s : "";
    if (n.id) {
        Arena tmp;
        arena_init(&tmp);
        const Node *node = parse_find_node(&tmp, &vm->r->e->reg, n.t, n.id);
        if (node) {
            Buf b = BUF_INIT;
            parse_node_string(&b, node);
            e->ctx = arena_strndup(vm->a, b.data ? b.data : "", b.len);
            buf_free(&b);
            e->loc = node_loc(vm->a, node);
        }
        arena_free(&tmp);
    }
    return e;
}

static int fail(Vm *vm, NodeRef n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(Vm *vm, NodeRef n, const char *fmt, ...)
{
    if (vm->err) return -1;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    vm->err = exec_err(vm, n, arena_strdup(vm->a, buf), NULL);
    if (!vm->err) vm->err = vm_err_new(vm->a, VE_RAW, "out of memory", NULL);
    return -1;
}

static void quote_to(Buf *b, const char *s)
{
    fmt_quote(b, s, strlen(s));
}

void vm_err_go(const VmErr *e, Buf *b)
{
    for (; e; e = e->cause) {
        if (e->kind == VE_EXEC) {
            buf_adds(b, "template: ");
            if (e->loc) {
                buf_adds(b, e->loc);
                buf_adds(b, ": executing ");
                quote_to(b, e->tmpl);
                buf_printf(b, " at <%s>: ", e->ctx);
            } else {
                buf_adds(b, e->tmpl);
                buf_adds(b, ": ");
            }
        }
        buf_adds(b, e->msg);
    }
}

/* helm's cleanupExecError / reformatExecErrorMsg (pkg/engine): "required"
 * and "fail" messages become "execution error at (LOC): MSG"; a chain made
 * only of template errors becomes a trace; anything else stays Go's text. */
void vm_err_helm(const VmErr *e, Buf *b)
{
    Buf go = BUF_INIT;
    vm_err_go(e, &go);
    const char *text = go.data ? go.data : "";
    if (e->kind != VE_EXEC) { buf_adds(b, text); buf_free(&go); return; }
    const char *t1 = strstr(text, ": ");
    const char *t2 = t1 ? strstr(t1 + 2, ": ") : NULL;
    if (t2) {
        const char *ws = strstr(t2 + 2, "HELM_ERR_START");
        const char *we = ws ? strstr(ws, "HELM_ERR_END") : NULL;
        if (we) {
            const char *last;
            while ((last = strstr(we + 12, "HELM_ERR_END"))) we = last;
            buf_printf(b, "execution error at (%.*s): %.*s", (int)(t2 - t1 - 2), t1 + 2,
                       (int)(we - ws - 14), ws + 14);
            buf_free(&go);
            return;
        }
    }
    for (const VmErr *x = e; x; x = x->cause)
        if (x->kind == VE_RAW) { buf_adds(b, text); buf_free(&go); return; }
    Buf tr = BUF_INIT;
    for (const VmErr *x = e; x; x = x->cause) {
        if (x->kind == VE_TMPLMSG) { buf_printf(&tr, "%s\n", x->msg); continue; }
        size_t ml = strlen(x->msg);
        if (x->cause) while (ml && x->msg[ml - 1] == ' ') ml--;
        if (x->loc) {
            buf_printf(&tr, "%s\n  executing ", x->loc);
            quote_to(&tr, x->tmpl);
            buf_printf(&tr, " at <%s>:\n    %.*s\n", x->ctx, (int)ml, x->msg);
        } else {
            buf_printf(&tr, "%.*s\n", (int)ml, x->msg);
        }
    }
    size_t s = 0, n = tr.len;
    while (s < n && (tr.data[s] == ' ' || tr.data[s] == '\n' || tr.data[s] == '\t')) s++;
    while (n > s && (tr.data[n - 1] == ' ' || tr.data[n - 1] == '\n' || tr.data[n - 1] == '\t')) n--;
    buf_add(b, tr.data + s, n - s);
    buf_free(&tr);
    buf_free(&go);
}

/* ---- engine ------------------------------------------------------------------ */

Engine *vm_engine_new(void) { return vm_engine_new_with(NULL, 0); }

Engine *vm_engine_new_with(const FnDef *extra, size_t n)
{
    Engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    arena_init(&e->arena);
    arena_init(&e->scratch);
    if (fn_registry_init_with(&e->reg, extra, n) != 0 || !(e->names = map_new(&e->arena, 64))) {
        vm_engine_free(e);
        return NULL;
    }
    return e;
}

void vm_engine_free(Engine *e)
{
    if (!e) return;
    fn_registry_free(&e->reg);
    arena_free(&e->arena);
    arena_free(&e->scratch);
    for (uint32_t i = 0; i < e->nextra; i++) {
        arena_free(e->extra[i]);
        free(e->extra[i]);
    }
    free(e->extra);
    free(e);
}

const FnRegistry *vm_engine_registry(const Engine *e) { return &e->reg; }

static int push_code(Arena *a, Code ***arr, uint32_t *n, uint32_t *cap, Code *c)
{
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 16;
        Code **na = arena_realloc(a, *arr, *cap * sizeof *na, nc * sizeof *na);
        if (!na) return -1;
        *arr = na;
        *cap = nc;
    }
    (*arr)[(*n)++] = c;
    return 0;
}

static int engine_add(Engine *e, const char *name, const char *copy, size_t n, Buf *err);

int vm_engine_add(Engine *e, const char *name, const char *text, size_t n, Buf *err)
{
    char *copy = arena_strndup(&e->arena, text, n);
    if (!copy) { buf_printf(err, "template: %s: out of memory", name); return -1; }
    return engine_add(e, name, copy, n, err);
}

int vm_engine_add_ref(Engine *e, const char *name, const char *text, size_t n, Buf *err)
{
    return engine_add(e, name, text, n, err);
}

void vm_engine_seal(Engine *e) { arena_free(&e->scratch); }

Arena *vm_engine_arena(Engine *e)
{
    Arena **na = realloc(e->extra, (e->nextra + 1) * sizeof *na);
    if (!na) return NULL;
    e->extra = na;
    Arena *a = malloc(sizeof *a);
    if (!a) return NULL;
    arena_init(a);
    e->extra[e->nextra++] = a;
    return a;
}

void vm_unit_compile(const Engine *e, Arena *keep, Arena *scratch, const char *name, const char *text,
                     size_t n, VmUnit *u)
{
    u->name = name;
    u->trees = NULL;
    /* the nodes live only until the trees are compiled */
    ArenaMark mark = arena_mark(scratch);
    Tree *trees = parse_template_keep(scratch, keep, &e->reg, name, text, n, &u->err);
    bool compiled = true;
    for (Tree *t = trees; t && compiled; t = t->next) compiled = comp_tree(keep, scratch, t) != NULL;
    arena_release(scratch, mark);
    if (!trees) return;
    if (!compiled) { buf_printf(&u->err, "template: %s: out of memory", name); return; }
    for (Tree *t = trees; t; t = t->next) t->root = NULL;
    u->trees = trees;
}

static int engine_register(Engine *e, Tree *trees, const char *name, Buf *err)
{
    for (Tree *t = trees; t; t = t->next) {
        Code *c = t->code;
        if (!c || push_code(&e->arena, &e->all, &e->nall, &e->capall, c)) {
            buf_printf(err, "template: %s: out of memory", name);
            return -1;
        }
        Value *old = map_get(e->names, t->name);
        if (old) {
            /* text/template's AddParseTree: an empty body never replaces */
            if (parse_tree_is_empty(t) && !parse_tree_is_empty(e->codes[old->u.i]->tree)) continue;
            e->codes[old->u.i] = c;
            continue;
        }
        if (push_code(&e->arena, &e->codes, &e->ncodes, &e->capcodes, c) ||
            !map_set(&e->arena, e->names, t->name, val_int((int64_t)e->ncodes - 1))) {
            buf_printf(err, "template: %s: out of memory", name);
            return -1;
        }
    }
    return 0;
}

int vm_engine_add_unit(Engine *e, VmUnit *u, Buf *err)
{
    if (!u->trees) {
        buf_add(err, u->err.data ? u->err.data : "", u->err.len);
        buf_free(&u->err);
        return -1;
    }
    buf_free(&u->err);
    return engine_register(e, u->trees, u->name, err);
}

static int engine_add(Engine *e, const char *name, const char *copy, size_t n, Buf *err)
{
    VmUnit u = {0};
    vm_unit_compile(e, &e->arena, &e->scratch, name, copy, n, &u);
    if (!u.trees) {
        buf_add(err, u.err.data ? u.err.data : "", u.err.len);
        buf_free(&u.err);
        return -1;
    }
    buf_free(&u.err);
    return engine_register(e, u.trees, name, err);
}

static const Code *lookup(const Render *r, const char *name, size_t n)
{
    for (const Overlay *o = r->overlay; o; o = o->up)
        for (const Tree *t = o->trees; t; t = t->next)
            if (t->name->len == n && memcmp(t->name->s, name, n) == 0 && t->code) return t->code;
    Value *v = map_getn(r->e->names, name, n);
    return v ? r->e->codes[v->u.i] : NULL;
}

int vm_engine_has(const Engine *e, const char *name)
{
    return map_gets(e->names, name) != NULL;
}

void vm_engine_dump(const Engine *e, Buf *out)
{
    for (uint32_t i = 0; i < e->nall; i++) comp_dump(out, e->all[i], &e->reg);
}

void vm_render_init(Render *r, Engine *e, Arena *a)
{
    memset(r, 0, sizeof *r);
    r->e = e;
    r->a = a;
}

/* Charts call include thousands of times per render, mostly a few levels
 * deep: the stacks and output buffer of each level are kept for the next
 * call at that level instead of being allocated and freed every time. */
#define VM_SCRATCH_DEPTH 64

typedef struct VmScratch {
    Value *st; uint32_t cap;
    Frame *fr; uint32_t capfr;
    Iter *it; uint32_t capit;
    Value *dots; uint32_t capdots;
    Buf out;
} VmScratch;

/* Level d's scratch (it stays where it is while deeper levels are added:
 * an include holds its level's output buffer); NULL when too deep or out
 * of memory (then the VM allocates its own). */
static VmScratch *scratch_at(Render *r, int d)
{
    if (d < r->nscratch && r->scratch[d]) return r->scratch[d];
    if (d >= VM_SCRATCH_DEPTH) return NULL;
    if (d >= r->nscratch) {
        int n = d < 8 ? 8 : d * 2 > VM_SCRATCH_DEPTH ? VM_SCRATCH_DEPTH : d * 2;
        VmScratch **ns = realloc(r->scratch, (size_t)n * sizeof *ns);
        if (!ns) return NULL;
        memset(ns + r->nscratch, 0, (size_t)(n - r->nscratch) * sizeof *ns);
        r->scratch = ns;
        r->nscratch = n;
    }
    return r->scratch[d] = calloc(1, sizeof **r->scratch);
}

void vm_render_done(Render *r)
{
    for (int d = 0; d < r->nscratch; d++) {
        VmScratch *s = r->scratch[d];
        if (!s) continue;
        free(s->st);
        free(s->fr);
        free(s->it);
        free(s->dots);
        buf_free(&s->out);
        free(s);
    }
    free(r->scratch);
    r->scratch = NULL;
    r->nscratch = 0;
}

void vm_render_move_scratch(Render *r, Render *from)
{
    vm_render_done(r);
    r->scratch = from->scratch;
    r->nscratch = from->nscratch;
    from->scratch = NULL;
    from->nscratch = 0;
}

Buf *vm_fn_out_buf(Render *r)
{
    VmScratch *s = scratch_at(r, r->depth);
    if (!s) return NULL;
    buf_clear(&s->out);
    return &s->out;
}

/* ---- stacks ------------------------------------------------------------------- */

static int grow(Vm *vm, void **p, uint32_t *cap, size_t elem, uint32_t need)
{
    if (need <= *cap) return 0;
    uint32_t nc = *cap ? *cap : 64;
    while (nc < need) nc *= 2;
    void *np = realloc(*p, (size_t)nc * elem);
    if (!np) { vm->err = vm_err_new(vm->a, VE_RAW, "out of memory", NULL); return -1; }
    *p = np;
    *cap = nc;
    return 0;
}

static inline int push(Vm *vm, Value v)
{
    if (vm->sp == vm->cap && grow(vm, (void **)&vm->st, &vm->cap, sizeof(Value), vm->sp + 1)) return -1;
    vm->st[vm->sp++] = v;
    return 0;
}

/* ---- values ------------------------------------------------------------------- */

static Value novalue(void) { Value v = val_nil(); v.flags = VF_NOVALUE; return v; }
static int is_novalue(Value v) { return v.kind == V_NIL && (v.flags & VF_NOVALUE); }

/* Go's reflect Type() of a value as text/template reports it */
static const char *static_type(Value v)
{
    if (v.kind == V_NIL || (v.flags & VF_IFACE)) return "interface {}";
    return val_typename(v);
}

static int elem_is_iface_list(Value v) { return v.gtype == GT_LIST_IFACE || v.gtype == GT_NONE; }
/* every map type but map[string]string holds interface{} elements (a named
 * type such as helm's common.Values included) */
static int elem_is_iface_map(Value v) { return v.gtype != GT_MAP_STRING; }

static Value tag_elem(Value v, int iface)
{
    if (iface) v.flags |= VF_IFACE;
    return v;
}

static int call_fn(Vm *vm, const FnDef *def, Value recv, const char *name, int argc, Value *argv, Value *out, NodeRef cmd);
static int convert(Vm *vm, Value v, char t, Value *out);
static int call_method(Vm *vm, Value m, const char *name, int argc, Value *argv, Value *out, NodeRef node,
                       const Ins *at);

/* Go's evalField.  has_args: arguments follow, so it must be a method. */
/* v is, or holds, a template's context (MAP_CTX, MAP_CTXHOLD, LIST_CTX) */
static inline bool ctx_like(Value v)
{
    return (v.kind == V_MAP && (v.u.m->flags & (MAP_CTX | MAP_CTXHOLD))) ||
           (v.kind == V_LIST && (v.u.l->flags & LIST_CTX));
}

/* v is, or holds, a template's context and what it goes to may read all
 * of it, .Template too (Render.ctx_reads) */
static inline void ctx_escapes(Vm *vm, Value v)
{
    if (ctx_like(v)) vm->r->ctx_reads++;
}

/* The arguments of a call (not FN_DATA: that one's data becomes the dot
 * of a template that counts its own reads).  A context among them
 * escapes, unless FN_HOLDS keeps it in the result, which then holds a
 * context, or FN_PEEKS looks up one key of a dict that holds one: what
 * it gives is a context or holder itself, or holds none. */
static void ctx_args(Vm *vm, const FnDef *def, int argc, const Value *argv, Value *res)
{
    bool held = false;
    for (int i = 0; i < argc; i++) {
        if (!ctx_like(argv[i])) continue;
        if ((def->flags & FN_PEEKS) && argc == 2 && i == 0 && argv[0].kind == V_MAP &&
            (argv[0].u.m->flags & (MAP_CTX | MAP_CTXHOLD)) == MAP_CTXHOLD)
            continue;
        if (!(def->flags & FN_HOLDS) || ((def->flags & FN_KEYED) && i % 2 == 0)) vm->r->ctx_reads++;
        else held = true;
    }
    if (!held) return;
    if (res->kind == V_MAP) res->u.m->flags |= MAP_CTXHOLD;
    else if (res->kind == V_LIST) res->u.l->flags |= LIST_CTX;
}

static int field(Vm *vm, Value recv, Str *name, int has_args, Value *out, NodeRef node)
{
    if (is_novalue(recv)) { *out = novalue(); return 0; }
    if (recv.kind == V_NIL) return fail(vm, node, "nil pointer evaluating interface {}.%s", name->s);
    if (recv.kind == V_MAP) {
        if (has_args) return fail(vm, node, "%s is not a method but has arguments", name->s);
        if ((recv.u.m->flags & MAP_CTX) && name->len == 8 && memcmp(name->s, "Template", 8) == 0)
            vm->r->ctx_reads++;
        Value *x = map_get(recv.u.m, name);
        if (x) { *out = tag_elem(*x, elem_is_iface_map(recv)); out->flags &= ~VF_NOVALUE; return 0; }
        if (recv.u.m->flags & MAP_STRUCT)
            return fail(vm, node, "can't evaluate field %s in type %s", name->s, static_type(recv));
        if (recv.gtype == GT_MAP_STRING) { *out = val_str(str_empty()); return 0; }
        *out = val_nil();
        out->flags = VF_IFACE;
        return 0;
    }
    if (recv.kind == V_OBJ && recv.u.o->type->get) {
        Value x;
        if (recv.u.o->type->get(vm->a, recv.u.o, name, &x)) {
            if (x.kind == V_FUNC) {
                if (has_args) { *out = x; return 0; }
                return call_method(vm, x, name->s, 0, NULL, out, node, NULL);
            }
            if (has_args) return fail(vm, node, "%s has arguments but cannot be invoked as function", name->s);
            *out = x;
            return 0;
        }
    }
    return fail(vm, node, "can't evaluate field %s in type %s", name->s, static_type(recv));
}

/* ---- functions ------------------------------------------------------------------- */

int fn_error(FnCall *c, const char *fmt, ...)
{
    va_list ap;
    char buf[2048];
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof buf) {
        char *big = arena_alloc(c->vm->a, (size_t)n + 1);
        if (big) {
            va_start(ap, fmt);
            vsnprintf(big, (size_t)n + 1, fmt, ap);
            va_end(ap);
            c->msg = big;
            return -1;
        }
    }
    c->msg = arena_strdup(c->vm->a, buf);
    return -1;
}

Arena *fn_arena(FnCall *c) { return c->vm->a; }
Value fn_receiver(FnCall *c) { return c->recv; }
const char *fn_name(FnCall *c) { return c->name; }
Render *vm_fn_render(FnCall *c) { return c->vm->r; }
int vm_fn_fail(FnCall *c, VmErr *cause) { c->cause = cause; return -1; }

/* Whether map m, or a map nested in it up to merge's depth, is shared;
 * a budget bounds values that share their parts (conservatively: yes). */
static int nested_shared(const Map *m, int depth, uint32_t *budget)
{
    if (m->flags & MAP_SHARED) return 1;
    if (depth > 100) return 0;
    if (!*budget) return 1;
    (*budget)--;
    for (uint32_t i = 0; i < m->used; i++)
        if (m->entries[i].key && m->entries[i].val.kind == V_MAP &&
            nested_shared(m->entries[i].val.u.m, depth + 1, budget))
            return 1;
    return 0;
}

/* In an optimistic render (Render.guard), whether this call may write
 * into a value other templates share; it must then not run.  FN_MUTATES
 * functions write into their first argument, a map (set, unset), and
 * those that take more maps (merge and friends) into maps nested in it.
 * sortAlpha sorts a []string argument in place (Go's strslice returns it
 * as is), which .Chart.Keywords is. */
static int writes_shared(const FnDef *def, int argc, const Value *argv)
{
    if (argc < 1) return 0;
    if (def->flags & FN_MUTATES) {
        if (argv[0].kind != V_MAP) return 0;
        uint32_t budget = 100000;
        if (def->sig && strchr(def->sig + 1, 'M')) return nested_shared(argv[0].u.m, 0, &budget);
        return (argv[0].u.m->flags & MAP_SHARED) != 0;
    }
    return argc == 1 && argv[0].kind == V_LIST && (argv[0].u.l->flags & LIST_SHARED) &&
           argv[0].gtype == GT_LIST_STRING && strcmp(def->name, "sortAlpha") == 0;
}

static int call_fn(Vm *vm, const FnDef *def, Value recv, const char *name, int argc, Value *argv, Value *out, NodeRef cmd)
{
    FnCall c = {vm, def, recv, name, NULL, NULL};
    Value res = val_nil();
    if (def->flags & FN_MUTATES) vm->r->mutated = 1;
    int shared = vm->r->guard && writes_shared(def, argc, argv);
    /* under guard, a change to what this render made leaves include
     * results for shared data valid (memo.c); without it nothing is
     * told apart (writes_shared would walk whole trees for nothing) */
    if (def->flags & (FN_MUTATES | FN_CHANGES_ARG)) {
        if (!vm->r->guard || shared) vm->r->changes++;
        else vm->r->fresh_changes++;
    }
    if (def->flags & FN_IMPURE) vm->r->impure++;
    int rc;
    if (shared) {
        vm->r->conflict = 1;
        rc = -1;
    } else {
        rc = def->impl(&c, argc, argv, &res);
    }
    if (rc != 0) {
        if (vm->err) return -1;
        if (vm->r->conflict) {
            /* the render is redone in order: no message is shown */
            vm->err = vm_err_new(vm->a, VE_RAW, "conflict", NULL);
            if (!vm->err) vm->err = vm_err_new(vm->a, VE_RAW, "out of memory", NULL);
            return -1;
        }
        VmErr *cause = c.cause ? c.cause : vm_err_new(vm->a, VE_RAW, c.msg ? c.msg : "error", NULL);
        char *msg = arena_printf(vm->a, "error calling %s: ", name);
        vm->err = exec_err(vm, cmd, msg, cause);
        if (!vm->err) vm->err = vm_err_new(vm->a, VE_RAW, "out of memory", NULL);
        return -1;
    }
    if (!(def->flags & FN_DATA)) ctx_args(vm, def, argc, argv, &res);
    if (res.kind == V_NIL && !(res.flags & VF_NOVALUE)) res.flags = VF_IFACE;
    *out = res;
    return 0;
}

static int is_obj(Value v, const char *go_type)
{
    return v.kind == V_OBJ && v.u.o->type && strcmp(v.u.o->type->go_type, go_type) == 0;
}

/* The Go type of parameter letter t: func.h's letters, 'V' for
 * *semver.Version (the parameter of semver's Compare, LessThan...) and
 * 'D' for time.Duration (Time.Add, Round, Truncate). */
static const char *param_type(char t)
{
    return t == 'V' ? "*semver.Version" : t == 'D' ? "time.Duration" : comp_sig_type(t);
}

/* Go's validateType(value, typ) for parameter type t */
static int convert(Vm *vm, Value v, char t, Value *out)
{
    if (t == 'r') { *out = v; return 0; }
    if (is_novalue(v)) {
        switch (t) {
        case 'a': *out = val_nil(); return 0;
        case 'L': *out = val_list(list_new(vm->a, 0)); return 0;
        case 'S': *out = val_list(list_new(vm->a, 0)); out->gtype = GT_LIST_STRING; return 0;
        case 'M': *out = val_map(map_new(vm->a, 0)); return 0;
        case 'B': *out = val_strn(vm->a, "", 0); out->gtype = GT_BYTES; return 0;
        case 'V': *out = val_nil(); return 0;
        }
        return fail(vm, NR0, "invalid value; expected %s", param_type(t));
    }
    /* validateType looks inside a non-nil interface, so only a nil one is
     * reported as "got interface {}" */
    Value orig = v;
    v.flags &= (uint16_t)~(VF_IFACE | VF_NOVALUE);
    int ok;
    switch (t) {
    case 'a': *out = v; return 0;
    case 's': ok = v.kind == V_STR && v.gtype != GT_BYTES; break;
    case 'i': ok = v.kind == V_INT && v.gtype == GT_INT; break;
    case 'I': ok = v.kind == V_INT && v.gtype == GT_INT64; break;
    case 'f': ok = v.kind == V_FLOAT && v.gtype != GT_FLOAT32; break;
    case 'b': ok = v.kind == V_BOOL; break;
    case 'L': ok = v.kind == V_LIST && elem_is_iface_list(v); break;
    case 'S': ok = v.kind == V_LIST && v.gtype == GT_LIST_STRING; break;
    case 'M':
        /* a named map type (common.Values) is assignable to its underlying
         * type, and the callee then holds that type */
        ok = v.kind == V_MAP && elem_is_iface_map(v);
        if (ok) v.gtype = GT_MAP_IFACE;
        break;
    case 'B': ok = v.kind == V_STR && v.gtype == GT_BYTES; break;
    case 'U': ok = v.kind == V_INT && v.gtype == GT_UINT32; break;
    case 'T': ok = is_obj(v, "time.Time"); break;
    case 'C': ok = is_obj(v, "sprig.certificate"); break;
    case 'V': ok = is_obj(v, "*semver.Version"); break;
    /* an integer constant converts (const_arg flagged it); a typed int64
     * does not: "expected time.Duration; got int64" */
    case 'D': ok = is_obj(v, "time.Duration") || (v.kind == V_INT && (v.flags & VF_CONST)); break;
    default: ok = 1;
    }
    if (!ok) {
        const char *got = orig.kind == V_NIL ? "interface {}" : val_typename(orig);
        return fail(vm, NR0, "wrong type for value; expected %s; got %s", param_type(t), got);
    }
    *out = v;
    return 0;
}

/* Go's argument-count check of evalCall for a method value */
static int method_arity(Vm *vm, Value m, const char *name, int argc, NodeRef node)
{
    const char *sig = m.u.fn->def->sig ? m.u.fn->def->sig : "";
    size_t slen = strlen(sig);
    int variadic = slen && sig[slen - 1] == '*';
    int num_in = (int)(variadic ? slen - 1 : slen);
    if (variadic ? argc < num_in - 1 : argc != num_in) {
        if (variadic) return fail(vm, node, "wrong number of args for %s: want at least %d got %d", name, num_in - 1, argc);
        return fail(vm, node, "wrong number of args for %s: want %d got %d", name, num_in, argc);
    }
    return 0;
}

/* Go's evalArg for an argument written as a constant (nil, true, 1, "x"),
 * which converts only to a basic type: `.Files.Get 1` fails with
 * "expected string; found 1", `(semver "1").Compare "2"` with "can't handle
 * \"2\" for arg of type *semver.Version", both at the constant.  Methods
 * learn their parameter types only here, at run time.  k is the constant's
 * CONST instruction; a nil constant becomes "no value" for convert(). */
static int const_arg(Vm *vm, const Ins *k, Value *arg, char t)
{
    const char *want = param_type(t);
    const char *fmt = NULL;
    Value v = *arg;
    if (t == 'r') return 0;
    if (v.kind == V_NIL) {
        /* nil is the zero value of a type that can be nil, which is what
         * convert() gives for "no value" */
        if (strchr("aLSMBV", t)) { arg->flags = VF_NOVALUE; return 0; }
        fmt = "cannot assign nil to %s";
    } else if (t == 's') {
        if (v.kind == V_STR) return 0;
        fmt = "expected string; found %s";
    } else if (t == 'i' || t == 'I' || t == 'D') {
        /* an integral float constant (1.0) is an integer too */
        if (v.kind == V_FLOAT && v.u.f >= -9.2e18 && v.u.f <= 9.2e18 && v.u.f == (double)(int64_t)v.u.f)
            v = val_int((int64_t)v.u.f);
        if (v.kind == V_INT) {
            v.gtype = t == 'i' ? GT_INT : GT_INT64;
            if (t == 'D') v.flags |= VF_CONST;
            *arg = v;
            return 0;
        }
        fmt = "expected integer; found %s";
    } else if (t == 'f') {
        if (v.kind == V_INT) *arg = val_float((double)v.u.i);
        if (v.kind == V_INT || v.kind == V_FLOAT) return 0;
        fmt = "expected float; found %s";
    } else if (t == 'b') {
        if (v.kind == V_BOOL) return 0;
        fmt = "expected bool; found %s";
    } else if (strchr("LSMBTCV", t)) {
        fmt = "can't handle %s for arg of type %s";
    } else {
        return 0;
    }
    const char *text = "";
    Arena tmp;
    arena_init(&tmp);
    const Node *node = parse_find_node(&tmp, &vm->r->e->reg, vm->code->tree, k->nid);
    Buf b = BUF_INIT;
    if (node) parse_node_string(&b, node);
    if (b.data) text = b.data;
    int rc;
    if (v.kind == V_NIL) rc = fail(vm, NR(k->nid), fmt, want);
    else if (strchr("siIDfb", t)) rc = fail(vm, NR(k->nid), fmt, text);
    else rc = fail(vm, NR(k->nid), fmt, text, want);
    buf_free(&b);
    arena_free(&tmp);
    return rc;
}

/* a method value (V_FUNC) called with arguments from the template; at is
 * the CALLM instruction (NULL: no arguments written in the template) */
static int call_method(Vm *vm, Value m, const char *name, int argc, Value *argv, Value *out, NodeRef node,
                       const Ins *at)
{
    if (m.kind != V_FUNC) { *out = m; return 0; }
    const FnDef *def = m.u.fn->def;
    const char *sig = def->sig ? def->sig : "";
    size_t slen = strlen(sig);
    int variadic = slen && sig[slen - 1] == '*';
    int num_in = (int)(variadic ? slen - 1 : slen);
    if (method_arity(vm, m, name, argc, node)) return -1;
    /* The written arguments come last before CALLM (a piped final one is
     * not written); a bare constant compiles to exactly one CONST, so the
     * trailing run of CONSTs are the trailing constant arguments. */
    int written = at ? (int)at->b : 0, nconst = 0;
    while (nconst < written && at - 1 - nconst >= vm->code->ins && at[-1 - nconst].op == OP_CONST) nconst++;
    for (int i = 0; i < argc; i++) {
        char t = i < num_in - (variadic ? 1 : 0) ? sig[i] : sig[num_in - 1];
        if (def->flags & FN_RAW_ARGS) t = 'r';
        if (i < written && i >= written - nconst && const_arg(vm, &at[-written + i], &argv[i], t)) return -1;
        /* Go blames the argument being converted; the one just before the
         * trailing constants ends at a known instruction */
        if (i == written - nconst - 1 && at[-written + i].nid) vm->node = NR(at[-written + i].nid);
        if (convert(vm, argv[i], t, &argv[i])) return -1;
    }
    if (at && at->x && at->nid) node = NR(at->nid);
    return call_fn(vm, def, m.u.fn->recv, name, argc, argv, out, node);
}

/* ---- range ------------------------------------------------------------------- */

/* 1: iterator pushed, 0: nothing to iterate, -1: error */
static int range_start(Vm *vm, Value v, int nvars, NodeRef node)
{
    Iter it = {0};
    v = val_unwrap(vm->a, v);
    switch (v.kind) {
    case V_NIL: return 0;
    case V_LIST:
        if (!v.u.l->len) return 0;
        it.kind = 0;
        it.l = v.u.l;
        it.n = v.u.l->len;
        it.iface = (uint8_t)elem_is_iface_list(v);
        break;
    case V_MAP: {
        uint32_t n = map_len(v.u.m);
        if (!n) return 0;
        MapEntry **ents = map_sorted(v.u.m, vm->a);
        it.keys = arena_alloc(vm->a, n * sizeof(Value));
        it.vals = arena_alloc(vm->a, n * sizeof(Value));
        if (!ents || !it.keys || !it.vals) return fail(vm, node, "out of memory");
        for (uint32_t i = 0; i < n; i++) {
            it.keys[i] = val_str(ents[i]->key);
            it.vals[i] = ents[i]->val;
        }
        it.kind = 1;
        it.n = n;
        it.iface = (uint8_t)elem_is_iface_map(v);
        break;
    }
    case V_INT: {
        Buf b = BUF_INIT;
        if (nvars > 1) {
            fmt_value(&b, v);
            fail(vm, node, "can't use %s to iterate over more than one variable", b.data ? b.data : "");
            buf_free(&b);
            return -1;
        }
        int unsigned_kind = v.gtype >= GT_UINT && v.gtype <= GT_UINT64;
        if (unsigned_kind ? v.u.u == 0 : v.u.i <= 0) return 0;
        if (!unsigned_kind && v.u.i > UINT32_MAX) return fail(vm, node, "out of memory");
        if (unsigned_kind && v.u.u > UINT32_MAX) return fail(vm, node, "out of memory");
        it.kind = 2;
        it.n = (uint32_t)v.u.i;
        it.intv = v;
        break;
    }
    default: {
        /* range looks through a pointer first (Go's indirect): the
         * reference prints .Capabilities as {...}, not &{...}.  The text
         * can be long (all of .Capabilities), beyond fail()'s buffer. */
        Buf b = BUF_INIT, t = BUF_INIT;
        fmt_value(&b, v);
        const char *shown = b.data ? b.data : "";
        if (v.kind == V_OBJ && v.u.o->type->go_kind && strcmp(v.u.o->type->go_kind, "ptr") == 0 && shown[0] == '&')
            shown++;
        buf_adds(&t, "range can't iterate over ");
        buf_adds(&t, shown);
        if (!vm->err) {
            vm->err = exec_err(vm, node, t.data ? arena_strdup(vm->a, t.data) : NULL, NULL);
            if (!vm->err) vm->err = vm_err_new(vm->a, VE_RAW, "out of memory", NULL);
        }
        buf_free(&t);
        buf_free(&b);
        return -1;
    }
    }
    it.ndots = vm->ndots;
    it.saved_dot = vm->dot;
    if (vm->nit == vm->capit && grow(vm, (void **)&vm->it, &vm->capit, sizeof(Iter), vm->nit + 1)) return -1;
    vm->it[vm->nit++] = it;
    return 1;
}

static const char *quoted(Arena *a, const Str *s)
{
    Buf q = BUF_INIT;
    fmt_quote(&q, s->s, s->len);
    const char *r = arena_strdup(a, q.data ? q.data : "\"\"");
    buf_free(&q);
    return r ? r : "";
}

/* ---- the loop ------------------------------------------------------------------- */

static int enter(Vm *vm, const Code *code, Value dot, NodeRef node)
{
    if (vm->nfr >= VM_MAX_DEPTH) return fail(vm, node, "exceeded maximum template depth (%d)", VM_MAX_DEPTH);
    if (vm->nfr == vm->capfr && grow(vm, (void **)&vm->fr, &vm->capfr, sizeof(Frame), vm->nfr + 1)) return -1;
    if (grow(vm, (void **)&vm->st, &vm->cap, sizeof(Value), vm->sp + code->nslots + 1)) return -1;
    Frame *f = &vm->fr[vm->nfr++];
    f->code = code;
    f->pc = 0;
    f->base = vm->sp;
    f->ndots = vm->ndots;
    f->dot = vm->dot;
    for (uint32_t i = 0; i < code->nslots; i++) vm->st[vm->sp + i] = novalue();
    vm->st[vm->sp] = dot;
    vm->sp += code->nslots;
    vm->dot = dot;
    vm->code = code;
    return 0;
}

static int run(Vm *vm)
{
    Frame *f = &vm->fr[vm->nfr - 1];
    const Code *code = f->code;
    const Ins *ins = code->ins;
    uint32_t pc = 0;
    Value *vars = vm->st + f->base;
    const Ins *in;

#define RELOAD() do { f = &vm->fr[vm->nfr - 1]; code = f->code; ins = code->ins; vars = vm->st + f->base; vm->code = code; } while (0)
#define TOP (vm->st[vm->sp - 1])
#define PUSH(v) do { Value _v = (v); if (push(vm, _v)) goto error; vars = vm->st + f->base; } while (0)
#define K(i) (code->consts[(i)])

#if defined(__GNUC__)
    static const void *const labels[] = {
#define X(name, ops) &&L_##name,
        VM_OPCODES(X)
#undef X
    };
#define DISPATCH() do { in = &ins[pc++]; goto *labels[in->op]; } while (0)
#define CASE(name) L_##name:
    DISPATCH();
#else
#define DISPATCH() goto dispatch
#define CASE(name) case OP_##name:
dispatch:
    in = &ins[pc++];
    switch (in->op) {
#endif

    CASE(TEXT) {
        const Const *k = &K(in->a);
        buf_add(vm->out, k->text, k->len);
        DISPATCH();
    }
    CASE(DOT) {
        vm->node = NR(in->nid);
        PUSH(vm->dot);
        DISPATCH();
    }
    CASE(CONST) {
        vm->node = NR(in->nid);
        PUSH(K(in->a).v);
        DISPATCH();
    }
    CASE(VAR) {
        vm->node = NR(in->nid);
        if (in->a < 0) { fail(vm, NR(in->nid), "undefined variable: %s", K(in->x).name->s); goto error; }
        PUSH(vars[in->a]);
        DISPATCH();
    }
    CASE(FIELD) {
        if (in->nid) vm->node = NR(in->nid);
        Value r = TOP;
        if (field(vm, r, K(in->a).name, 0, &vm->st[vm->sp - 1], vm->node)) goto error;
        DISPATCH();
    }
    CASE(METHOD) {
        if (in->nid) vm->node = NR(in->nid);
        Value r = TOP;
        if (field(vm, r, K(in->a).name, 1, &vm->st[vm->sp - 1], vm->node)) goto error;
        if (TOP.kind == V_FUNC && method_arity(vm, TOP, K(in->a).name->s, (int)(in->x + in->b), vm->node)) goto error;
        DISPATCH();
    }
    CASE(CALLM) {
        uint32_t nargs = in->b, fin = in->c;
        Value *args = &vm->st[vm->sp - nargs];
        Value m = args[-1];
        Value argv[nargs + fin + 1];
        memcpy(argv, args, nargs * sizeof(Value));
        if (fin) argv[nargs] = args[-2];
        Value res;
        /* x=1 (a method at the end of a (pipe).chain): nid is the chain,
         * blamed only when the call itself fails (compile.c, fields) */
        if (call_method(vm, m, K(in->a).name->s, (int)(nargs + fin), argv, &res, in->nid && !in->x ? NR(in->nid) : vm->node, in)) goto error;
        vm->sp -= nargs + 1 + fin;
        vm->st[vm->sp++] = res;
        DISPATCH();
    }
    CASE(CONV) {
        if (convert(vm, TOP, (char)in->b, &vm->st[vm->sp - 1])) goto error;
        DISPATCH();
    }
    CASE(CALL) {
        const Const *k = &K(in->a);
        uint32_t nargs = in->b, fin = in->c;
        Value *args = &vm->st[vm->sp - nargs - fin];
        if (nargs == 0) vm->node = NR(k->nid);
        if (fin) {
            Value fv = args[0];
            memmove(args, args + 1, nargs * sizeof(Value));
            if (convert(vm, fv, (char)in->x, &args[nargs])) goto error;
        }
        Value res;
        if (call_fn(vm, k->fn, val_nil(), k->fn->name, (int)(nargs + fin), args, &res, NR(in->nid))) goto error;
        vm->sp -= nargs + fin;
        vm->st[vm->sp++] = res;
        DISPATCH();
    }
    CASE(DIG) {
        Value *v = &vm->st[vm->sp - 1];
        if (v->kind == V_NIL) v->flags = VF_NOVALUE;
        else v->flags &= (uint16_t)~VF_IFACE;
        DISPATCH();
    }
    CASE(PRINT) {
        Value v = vm->st[--vm->sp];
        ctx_escapes(vm, v);
        if (is_novalue(v)) buf_adds(vm->out, "<no value>");
        else if (v.kind == V_FUNC) {
            fail(vm, NR0, "can't print %s of type %s", "value", val_typename(v));
            goto error;
        } else if (v.kind == V_STR && v.gtype != GT_BYTES) buf_add(vm->out, v.u.s->s, v.u.s->len);
        else if (v.kind == V_OBJ && v.u.o->type->addr_string) v.u.o->type->addr_string(v.u.o, vm->out);
        else if (v.kind == V_OBJ && strcmp(v.u.o->type->go_kind, "ptr") == 0) {
            /* printableValue indirects a pointer: {{ .Capabilities }} shows
             * the struct, {...}, where fmt shows &{...} */
            Buf t = BUF_INIT;
            fmt_value(&t, v);
            size_t skip = t.len && t.data[0] == '&';
            buf_add(vm->out, t.data ? t.data + skip : "", t.len - skip);
            buf_free(&t);
        } else fmt_value(vm->out, v);
        DISPATCH();
    }
    CASE(SETVAR) {
        vars[in->a] = TOP;
        DISPATCH();
    }
    CASE(POP) {
        vm->sp--;
        DISPATCH();
    }
    CASE(JMP) {
        pc = (uint32_t)in->a;
        DISPATCH();
    }
    CASE(JFALSE) {
        Value v = vm->st[--vm->sp];
        if (!val_truth(v)) pc = (uint32_t)in->a;
        DISPATCH();
    }
    CASE(ANDOR) {
        if (val_truth(TOP) == (in->c != 0)) pc = (uint32_t)in->a;
        else vm->sp--;
        DISPATCH();
    }
    CASE(SWAPPOP) {
        vm->st[vm->sp - 2] = vm->st[vm->sp - 1];
        vm->sp--;
        DISPATCH();
    }
    CASE(WITH) {
        Value v = vm->st[--vm->sp];
        if (!val_truth(v)) { pc = (uint32_t)in->a; DISPATCH(); }
        if (vm->ndots == vm->capdots && grow(vm, (void **)&vm->dots, &vm->capdots, sizeof(Value), vm->ndots + 1)) goto error;
        vm->dots[vm->ndots++] = vm->dot;
        vm->dot = v;
        DISPATCH();
    }
    CASE(ENDWITH) {
        vm->dot = vm->dots[--vm->ndots];
        DISPATCH();
    }
    CASE(RANGE) {
        Value v = vm->st[--vm->sp];
        ctx_escapes(vm, v);
        /* nid 0: and/or decided the value; the node its last argument set */
        if (in->nid) vm->node = NR(in->nid);
        int rc = range_start(vm, v, in->b, vm->node);
        if (rc < 0) goto error;
        if (rc == 0) pc = (uint32_t)in->a;
        DISPATCH();
    }
    CASE(NEXT) {
        Iter *it = &vm->it[vm->nit - 1];
        vm->ndots = it->ndots;
        if (it->i >= it->n) { pc = (uint32_t)in->a; DISPATCH(); }
        Value key, elem;
        uint32_t i = it->i++;
        if (it->kind == 0) {
            key = val_int(i);
            elem = i < it->l->len ? tag_elem(it->l->items[i], it->iface) : val_nil();
        } else if (it->kind == 1) {
            key = it->keys[i];
            elem = tag_elem(it->vals[i], it->iface);
        } else {
            key = it->intv;
            key.u.i = i;
            elem = key;
        }
        vm->dot = elem;
        if (in->x) { vars[in->b - 1] = key; vars[in->x - 1] = elem; }
        else if (in->b) vars[in->b - 1] = elem;
        DISPATCH();
    }
    CASE(ENDRANGE) {
        Iter *it = &vm->it[--vm->nit];
        vm->dot = it->saved_dot;
        vm->ndots = it->ndots;
        DISPATCH();
    }
    CASE(HASTMPL) {
        vm->node = NR(in->nid);
        Str *name = K(in->a).name;
        if (!lookup(vm->r, name->s, name->len)) { fail(vm, NR(in->nid), "template %s not defined", quoted(vm->a, name)); goto error; }
        DISPATCH();
    }
    CASE(TEMPLATE) {
        vm->node = NR(in->nid);
        Str *name = K(in->a).name;
        const Code *t = lookup(vm->r, name->s, name->len);
        if (!t) { fail(vm, NR(in->nid), "template %s not defined", quoted(vm->a, name)); goto error; }
        Value dot = novalue();
        if (in->b) dot = vm->st[--vm->sp];
        f->pc = pc;
        if (enter(vm, t, dot, NR(in->nid))) goto error;
        RELOAD();
        pc = 0;
        DISPATCH();
    }
    CASE(RET) {
        Frame *done = &vm->fr[--vm->nfr];
        vm->sp = done->base;
        vm->dot = done->dot;
        vm->ndots = done->ndots;
        if (vm->nfr == 0) return 0;
        RELOAD();
        pc = f->pc;
        DISPATCH();
    }
    CASE(ERROR) {
        vm->node = NR(in->nid);
        fail(vm, NR(in->nid), "%s", K(in->a).name->s);
        goto error;
    }
#if !defined(__GNUC__)
    }
#endif
error:
    if (!vm->err) vm->err = vm_err_new(vm->a, VE_RAW, "out of memory", NULL);
    return -1;
#undef RELOAD
#undef TOP
#undef PUSH
#undef K
#undef DISPATCH
#undef CASE
}

static int exec_code(Render *r, const Code *code, Value data, Buf *out, VmErr **err)
{
    if (r->depth >= VM_MAX_NESTED) {
        *err = vm_err_new(r->a, VE_RAW, "template nesting too deep", NULL);
        return -1;
    }
    Vm vm;
    memset(&vm, 0, sizeof vm);
    vm.r = r;
    vm.a = r->a;
    vm.out = out;
    vm.dot = data;
    r->depth++;
    VmScratch *s = scratch_at(r, r->depth);
    if (s) {
        vm.st = s->st, vm.cap = s->cap;
        vm.fr = s->fr, vm.capfr = s->capfr;
        vm.it = s->it, vm.capit = s->capit;
        vm.dots = s->dots, vm.capdots = s->capdots;
    }
    int rc = enter(&vm, code, data, NR0);
    if (rc == 0) rc = run(&vm);
    r->depth--;
    if (rc) *err = vm.err;
    if (s) {
        s->st = vm.st, s->cap = vm.cap;
        s->fr = vm.fr, s->capfr = vm.capfr;
        s->it = vm.it, s->capit = vm.capit;
        s->dots = vm.dots, s->capdots = vm.capdots;
    } else {
        free(vm.st);
        free(vm.fr);
        free(vm.it);
        free(vm.dots);
    }
    return rc;
}

int vm_exec(Render *r, const char *name, Value data, Buf *out, VmErr **err)
{
    const Code *code = lookup(r, name, strlen(name));
    if (!code) {
        Buf b = BUF_INIT;
        buf_adds(&b, "template: no template ");
        quote_to(&b, name);
        buf_adds(&b, " associated with template \"gotpl\"");
        *err = vm_err_new(r->a, VE_TMPLMSG, arena_strdup(r->a, b.data), NULL);
        buf_free(&b);
        return -1;
    }
    return exec_code(r, code, data, out, err);
}

void vm_drop_no_value(Buf *b)
{
    static const char nv[] = "<no value>";
    const size_t k = sizeof nv - 1;
    char *hit = b->data ? (char *)mem_find_fixed(b->data, b->len, nv, k) : NULL;
    if (!hit) return;
    size_t w = (size_t)(hit - b->data), i = w;
    while (i < b->len) {
        const char *next = mem_find_fixed(b->data + i, b->len - i, nv, k);
        if (next == b->data + i) { i += k; continue; }
        size_t end = next ? (size_t)(next - b->data) : b->len;
        memmove(b->data + w, b->data + i, end - i);
        w += end - i;
        i = end;
    }
    b->len = w;
    b->data[w] = 0;
}

int vm_tpl(Render *r, const char *text, size_t n, Value data, Buf *out, VmErr **err)
{
    Buf perr = BUF_INIT;
    char *copy = arena_strndup(r->a, text, n);
    Tree *trees = copy ? parse_template(r->a, &r->e->reg, "gotpl", copy, n, &perr) : NULL;
    if (!trees) {
        Buf m = BUF_INIT;
        buf_adds(&m, "cannot parse template ");
        fmt_quote(&m, text, n);
        buf_adds(&m, ": ");
        buf_add(&m, perr.data ? perr.data : "out of memory", perr.data ? perr.len : 13);
        *err = vm_err_new(r->a, VE_RAW, arena_strdup(r->a, m.data), NULL);
        buf_free(&m);
        buf_free(&perr);
        return -1;
    }
    buf_free(&perr);
    Tree *top = NULL;
    for (Tree *t = trees; t; t = t->next) {
        if (!comp_tree(r->a, r->a, t)) { *err = vm_err_new(r->a, VE_RAW, "out of memory", NULL); return -1; }
        if (strcmp(t->name->s, "gotpl") == 0) top = t;
    }
    Overlay ov = {trees, r->overlay};
    r->overlay = &ov;
    int rc = exec_code(r, top->code, data, out, err);
    r->overlay = ov.up;
    return rc;
}
