/*
 * func.h - how template functions are declared and called.
 *
 * Every function a template can call (text/template's builtins, Sprig's,
 * helm's) is one FnDef in a static table.  Modules export their tables;
 * the engine merges them into one registry when it is created (later
 * tables override earlier ones, as helm's FuncMap overrides Sprig's).
 *
 * The VM does what Go's reflection does before the call: it checks the
 * argument count and converts each argument to the declared Go parameter
 * type (sig), producing text/template's exact errors ("wrong number of
 * args for quote: want 1 got 0", "wrong type for value; expected string;
 * got int").  An implementation therefore receives arguments already of
 * the declared types:
 *
 *   sig letters (one per parameter; a final '*' makes the last one variadic)
 *     a  interface{}            (any value, nil included)
 *     s  string                 (V_STR, gtype GT_STRING)
 *     i  int                    (V_INT; untyped constants convert)
 *     I  int64
 *     f  float64                (V_FLOAT; untyped constants convert)
 *     b  bool
 *     L  []interface{}
 *     S  []string
 *     M  map[string]interface{}
 *     B  []byte
 *     U  uint32                 (literals must be unsigned integers)
 *     T  time.Time              (V_OBJ whose type's go_type is "time.Time")
 *     C  sprig.certificate      (V_OBJ, go_type "sprig.certificate")
 *     r  reflect.Value: the value exactly as the VM holds it, no value
 *        (flags VM_NOVALUE) included; text/template's own builtins use it
 *   e.g. "s" = func(string), "ss" = func(string, string), "a*" = func(...interface{}),
 *        "sa*" = func(string, ...interface{})
 *
 * An implementation returns 0 and sets *out (including out->gtype, which
 * must be the Go result type) or returns -1 after fn_error(), whose text
 * is the Go error's text; the VM wraps it as helm does
 * ("error calling NAME: TEXT").  Results are allocated from fn_arena(c).
 */
#ifndef CHARTC_FUNC_H
#define CHARTC_FUNC_H

#include "../value/value.h"

typedef struct FnCall FnCall;   /* the VM's call context, opaque here */

typedef int (*FnImpl)(FnCall *c, int argc, Value *argv, Value *out);

typedef struct FnDef {
    const char *name;
    FnImpl impl;
    const char *sig;
    unsigned flags;
} FnDef;

/* Value.flags the VM uses (text/template's reflect distinctions):
 * VF_NOVALUE: an invalid reflect.Value ("no value"; kind V_NIL), what a
 *   pipeline yields for nil and prints as <no value>;
 * VF_IFACE: the value came out of an interface{} slot (map entry, list
 *   element): a nil with this flag is a nil interface, which field access
 *   reports as "nil pointer evaluating interface {}.x". */
#define VF_NOVALUE 0x8000
#define VF_IFACE 0x4000

/* FnDef.flags */
#define FN_RAW_ARGS 0x1   /* VM passes arguments unconverted (impl checks) */
#define FN_MUTATES 0x2    /* changes a map it was given (set, merge...): values
                             made during the render may now live in shared maps */
#define FN_IMPURE 0x4     /* may answer differently for the same arguments (random
                             values, the clock, DNS): include results made
                             with it are not reused */
#define FN_CHANGES_ARG 0x8  /* changes an argument in place without storing new
                               values in it (sortAlpha): include results made
                               before are stale, as after FN_MUTATES */
#define FN_DATA 0x10      /* executes a template with its last argument as dot
                             (include, tpl): a context map passed there is not
                             read by the call itself (memo.c) */
#define FN_HOLDS 0x20     /* returns a new list or map that holds its arguments
                             without reading them (list; with FN_KEYED, dict:
                             the arguments at even positions are keys, read) */
#define FN_KEYED 0x40
#define FN_PEEKS 0x80     /* called with a map and one key, gives the entry as it
                             is or whether there is one (get, hasKey, index):
                             a dict that holds a context is not read */

/* A bound method (V_FUNC value): .Files.Get, .Capabilities.APIVersions.Has */
struct Func {
    const FnDef *def;
    Value recv;          /* passed as argv[-1]: impl sees it via fn_receiver */
};

/* ObjType.get for objects whose members are methods: bind the one of
 * defs[0..n) named `name` to o as a V_FUNC value.  1 found, 0 not. */
static inline int fn_bind_method(Arena *a, const Obj *o, const FnDef *defs, size_t n,
                                 const Str *name, Value *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *d = defs[i].name;
        size_t k = 0;
        while (k < name->len && d[k] == name->s[k]) k++;
        if (k != name->len || d[k]) continue;
        Func *f = (Func *)arena_alloc(a, sizeof *f);
        if (!f) return 0;
        f->def = &defs[i];
        f->recv = val_obj((Obj *)o);
        Value v = {0};
        v.kind = V_FUNC;
        v.u.fn = f;
        *out = v;
        return 1;
    }
    return 0;
}

/* Provided by the VM. */
int fn_error(FnCall *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
Arena *fn_arena(FnCall *c);
Value fn_receiver(FnCall *c);            /* for methods; nil otherwise */
const char *fn_name(FnCall *c);

/* Each module file exports `const FnDef fn_<group>_table[]` and
 * `const size_t fn_<group>_count`; src/eval/registry.h lists the groups. */

#endif
