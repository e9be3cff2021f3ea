/*
 * vm.h - the template engine: compiled templates of a render and the VM.
 *
 * An Engine holds the function registry and every template of a render in
 * one namespace, as helm's single text/template set does: vm_engine_add()
 * parses and compiles one source text and registers its trees (the file's
 * own and those of define/block); a later definition of a name replaces an
 * earlier one, except that an empty one never replaces a non-empty one.
 * The Engine is immutable while templates execute.
 *
 * A Render is the mutable state of one template's execution (its arena,
 * include counters, templates defined by tpl), so templates can render on
 * different threads against one Engine.  A guarded Render (Render.guard)
 * may not write into shared values (MAP_SHARED, LIST_SHARED): a function
 * call that would is refused and the render fails with Render.conflict
 * set, so the caller can rerun it in order.  vm_exec() runs a template
 * into a Buf; on failure it returns -1 and a VmErr chain that prints either
 * as Go's error text (vm_err_go) or as helm's message (vm_err_helm).
 */
#ifndef CHARTC_VM_H
#define CHARTC_VM_H

#include "func.h"
#include "registry.h"

typedef struct Engine Engine;
typedef struct Overlay Overlay;

typedef enum VmErrKind {
    VE_EXEC,     /* text/template ExecError: position, template, node, message */
    VE_TMPLMSG,  /* other "template: ..." error text helm's trace accepts */
    VE_RAW,      /* a function's own error text */
} VmErrKind;

typedef struct VmErr {
    int kind;
    const char *loc;     /* VE_EXEC: "file:line:col" (NULL: no node) */
    const char *tmpl;    /* VE_EXEC: executing template's name */
    const char *ctx;     /* VE_EXEC: Go's text of the node */
    const char *msg;     /* own text; the cause's text follows it */
    struct VmErr *cause;
} VmErr;

typedef struct IncludeMemo IncludeMemo;

typedef struct Render {
    Engine *e;
    Arena *a;
    Map *include_counts;
    Overlay *overlay;    /* templates defined by enclosing tpl calls */
    int depth;           /* nested vm_exec calls (include, tpl) */
    int mutated;         /* an FN_MUTATES function ran: what this render
                            allocated may be reachable from shared values */
    int guard;           /* optimistic parallel render: a call that may
                            write into a MAP_SHARED map or LIST_SHARED
                            list aborts instead (see call_fn) */
    int conflict;        /* such a write was attempted: the render failed
                            and must be redone in order (sticky) */
    unsigned changes;    /* FN_MUTATES/FN_CHANGES_ARG calls so far that may
                            have changed anything (those under guard only
                            change what this render made: fresh_changes) */
    unsigned fresh_changes;
    unsigned impure;     /* FN_IMPURE calls so far */
    struct IncludeMemo *memo;  /* include results for reuse (memo.c) */
    unsigned ctx_reads;  /* a MAP_CTX map's .Template was read, or the whole
                            map went into a function (not include or tpl),
                            a print or a range: results may differ from
                            one template to the next */
    struct IncludeXMemo *xmemo;  /* include results of ctx shared by the
                                    templates one parallel worker renders
                                    (memo.c); NULL: none */
    const Map *ctx;      /* with xmemo: this template's context view, and */
    const void *ctx_key; /* what stands for it in xmemo (the chart's context) */
    struct VmScratch **scratch;  /* per nesting depth: the VM's stacks and
                                    an output buffer, reused by every
                                    include/tpl at that depth (malloc'd:
                                    vm_render_done frees them) */
    int nscratch;
} Render;

/* The memo of include results that the templates rendered with it
 * share (Render.xmemo), kept in a, which must outlive them. */
typedef struct IncludeXMemo IncludeXMemo;
IncludeXMemo *vm_xmemo_new(Arena *a);

Engine *vm_engine_new(void);
/* An Engine whose templates may also call extra[0..n) (kept by pointer) */
Engine *vm_engine_new_with(const FnDef *extra, size_t n);
void vm_engine_free(Engine *e);
const FnRegistry *vm_engine_registry(const Engine *e);
/* Parse and compile `text` as template `name`; -1 with Go's parse error
 * ("template: NAME:LINE: MSG") in *err. */
int vm_engine_add(Engine *e, const char *name, const char *text, size_t n, Buf *err);
/* The same without copying: text must outlive the engine. */
int vm_engine_add_ref(Engine *e, const char *name, const char *text, size_t n, Buf *err);
/* No more templates will be added: free what parsing kept for reuse. */
void vm_engine_seal(Engine *e);
int vm_engine_has(const Engine *e, const char *name);
/* Parsing and compiling on several threads: vm_unit_compile() needs only
 * the (immutable) registry and two arenas of the calling thread: `keep`
 * for what the code refers to, which must live as long as the engine
 * (vm_engine_arena gives one), `scratch` for the parse nodes.  Units are
 * then registered with vm_engine_add_unit in the engine's order, which
 * resolves redefinitions as vm_engine_add does. */
typedef struct VmUnit {
    const char *name;
    void *trees;         /* NULL: parse failed, err holds Go's text */
    Buf err;
} VmUnit;
Arena *vm_engine_arena(Engine *e);        /* freed with e; NULL: no memory */
void vm_unit_compile(const Engine *e, Arena *keep, Arena *scratch, const char *name, const char *text,
                     size_t n, VmUnit *u);
/* Register u (then free its err); -1 with *err if u failed. */
int vm_engine_add_unit(Engine *e, VmUnit *u, Buf *err);
/* Disassembly of every compiled template, in the order added. */
void vm_engine_dump(const Engine *e, Buf *out);

void vm_render_init(Render *r, Engine *e, Arena *a);
/* Free what r holds outside its arena; after every vm_render_init. */
void vm_render_done(Render *r);
/* r takes from's per-depth scratch (from keeps none): a thread rendering
 * one template after another hands it on instead of growing new stacks
 * and buffers each time. */
void vm_render_move_scratch(Render *r, Render *from);
int vm_exec(Render *r, const char *name, Value data, Buf *out, VmErr **err);

VmErr *vm_err_new(Arena *a, int kind, const char *msg, VmErr *cause);
void vm_err_go(const VmErr *e, Buf *b);
void vm_err_helm(const VmErr *e, Buf *b);

/* helm's strings.ReplaceAll(out, "<no value>", "") after each template
 * (and tpl) execution: what a nil printed becomes. */
void vm_drop_no_value(Buf *b);

/* For functions that need the engine (helmfn.c). */
Render *vm_fn_render(FnCall *c);
/* An empty buffer for the output of an include/tpl called from the
 * current depth, owned by r (do not free; valid until the next call at
 * this depth).  NULL: use a Buf of your own. */
Buf *vm_fn_out_buf(Render *r);
int vm_fn_fail(FnCall *c, VmErr *cause);   /* returns -1 */

/* helm's tpl: parse `text` as template "gotpl" visible only during this
 * call, execute it with `data`.  -1 with *err (Go error chain). */
int vm_tpl(Render *r, const char *text, size_t n, Value data, Buf *out, VmErr **err);

#endif
