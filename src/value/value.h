/*
 * value.h - the one value type of chartc.
 *
 * A Value is a 16-byte tagged struct passed by value.  It models what a Go
 * template sees through interface{}: nil, bool, integers, floats, strings,
 * lists, maps and a few opaque objects (time.Time, *semver.Version, helm's
 * Capabilities/Files...).  Beside the storage kind (VKind) every value
 * carries its exact Go type (GoType), because helm's output depends on it:
 * typeOf prints it, `eq` refuses float64 vs int, YAML numbers are float64
 * while --set numbers are int64, split returns map[string]string and so on.
 *
 * OWNERSHIP RULE: values never own memory.  Strings, lists, maps and
 * objects are allocated from an Arena (normally the render's) and live
 * until that arena is freed; copying a Value copies a reference.  Lists
 * and maps are mutable and shared exactly as Go maps are: a map changed
 * through one Value is changed for every Value that refers to it (`set`,
 * `unset`, `merge` rely on this).  Strings are immutable, length-counted
 * and NUL-terminated; their hash is computed once and cached (with relaxed
 * atomics: strings are read by several rendering threads at once, and a
 * racing recomputation stores the same value).
 *
 * Maps keep insertion order internally but Go has no order: everything
 * that shows an order (range, printing, toYaml, toJson, keys) goes through
 * map_sorted(), which sorts keys by bytes as Go's sort.Strings does.
 */
#ifndef CHARTC_VALUE_H
#define CHARTC_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/buf.h"

typedef enum VKind {
    V_NIL = 0,  /* nil interface (also what a missing map key yields) */
    V_BOOL,
    V_INT,      /* any Go integer type; see GoType */
    V_FLOAT,    /* float64 (or float32 per GoType) */
    V_STR,      /* string, or []byte when gtype == GT_BYTES */
    V_LIST,     /* []interface{} / []string / []int ... per GoType */
    V_MAP,      /* map[string]interface{} / map[string]string per GoType */
    V_OBJ,      /* opaque Go object with its own type descriptor */
    V_FUNC,     /* a bound method value (e.g. .Files.Get), see ObjType */
} VKind;

/* Exact Go types we reproduce.  GT_NONE means "the default for the kind". */
typedef enum GoType {
    GT_NONE = 0,
    GT_BOOL,
    GT_INT, GT_INT8, GT_INT16, GT_INT32, GT_INT64,
    GT_UINT, GT_UINT8, GT_UINT16, GT_UINT32, GT_UINT64,
    GT_FLOAT64, GT_FLOAT32,
    GT_STRING,
    GT_BYTES,          /* []uint8 */
    GT_LIST_IFACE,     /* []interface {} */
    GT_LIST_STRING,    /* []string */
    GT_LIST_INT,       /* []int */
    GT_MAP_IFACE,      /* map[string]interface {} */
    GT_MAP_STRING,     /* map[string]string */
    GT_OBJ,            /* see Obj->type->go_type */
    GT_LIST_LIST_IFACE,/* [][]interface {} (chunk) */
    GT_LIST_MAP_IFACE, /* []map[string]interface {} (TOML arrays of tables) */
    GT_MAP_VALUES,     /* helm's common.Values, a named map[string]interface {}:
                          the type of ., .Values and .Template in templates */
} GoType;

typedef struct Str {
    uint32_t len;
    uint32_t hash;     /* 0 = not computed yet */
    char s[];          /* len bytes + NUL */
} Str;

typedef struct List List;
typedef struct Map Map;
typedef struct Obj Obj;
typedef struct Func Func;

typedef struct Value {
    uint8_t kind;      /* VKind */
    uint8_t gtype;     /* GoType */
    uint16_t flags;    /* free for module use (e.g. VF_CONST below) */
    uint32_t aux;
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double f;
        Str *s;
        List *l;
        Map *m;
        Obj *o;
        Func *fn;
    } u;
} Value;

/* flags */
#define VF_CONST 0x1   /* an untyped constant from template source (Go's rules
                          let constants convert where typed values cannot) */

struct List {
    uint32_t len, cap;
    Value *items;
    uint32_t flags;    /* LIST_NIL */
};

#define LIST_NIL   0x1 /* an empty Go nil slice (fromJsonArray "null"): the JSON
                          encoders write null, reflect.DeepEqual tells it from
                          []; list_push clears it */
#define LIST_SHARED 0x2 /* see MAP_SHARED */
#define LIST_CTX    0x4 /* see MAP_CTX: holds a template's context */

typedef struct MapEntry {
    Str *key;          /* NULL = deleted slot */
    Value val;
} MapEntry;

struct Map {
    uint32_t count;    /* live entries */
    uint32_t used;     /* entries[] slots used, including deleted */
    uint32_t cap;      /* entries[] capacity */
    uint32_t mask;     /* index has mask+1 slots (power of two), 0 = no index */
    MapEntry *entries; /* insertion order */
    uint32_t *index;   /* 0 = empty, else entry number + 1 */
    uint32_t flags;    /* MAP_STRUCT ... */
};

#define MAP_STRUCT 0x1 /* behaves like a Go struct: missing field is an error */
#define MAP_NIL    0x2 /* an empty Go nil map (fromJson "null", absent Chart.yaml
                          annotations): encoders write null; set clears it */
#define MAP_SHARED 0x4 /* reachable from the built-in objects while templates
                          render on several threads: the VM refuses a call
                          that would write into it and aborts that render
                          (vm.c, call_fn); val_share sets it */
#define MAP_CTX    0x8 /* a template's context (or a .Subcharts entry) as the
                          parallel render gives one template: the VM counts
                          reads of its .Template and of the whole map
                          (Render.ctx_reads, for memo.c) */
#define MAP_CTXHOLD 0x10 /* a dict that holds a context (or such a dict):
                            reads of the whole map count alike */

/*
 * Opaque objects (time.Time, *semver.Version, helm's typed structs).
 * get() resolves a field or method by name: returns 1 and sets *out (a
 * V_FUNC for methods), 0 when there is no such field.  print() writes Go's
 * %v form.  Modules define their ObjTypes statically.
 */
typedef struct ObjType {
    const char *go_type;   /* for typeOf and %T, e.g. "*semver.Version" */
    const char *go_kind;   /* for kindOf, e.g. "ptr", "struct" */
    int (*get)(Arena *a, const Obj *o, const Str *name, Value *out);
    void (*print)(const Obj *o, Buf *b);
    /* Optional: the plain value the object stands for wherever Go looks
     * inside it - len, index, range and the encoders (helm's engine.files
     * is a map[string][]byte, common.VersionSet a []string).  NULL: none. */
    Value (*underlying)(Arena *a, const Obj *o);
    /* Optional: what encoding/json marshals (a MAP_STRUCT map of the
     * fields under their json names, in declaration order), for toJson
     * and toYaml.  NULL: the underlying value, else the encoder's rule. */
    Value (*marshal)(Arena *a, const Obj *o);
    /* Optional: the exported fields under their Go names, in declaration
     * order, where json tags do not apply (BurntSushi's toToml).  NULL:
     * same as marshal. */
    Value (*fields)(Arena *a, const Obj *o);
    /* Optional: String() with a pointer receiver.  text/template's
     * printValue takes the address of an addressable value to find it, so
     * {{ .Capabilities.KubeVersion }} prints v1.35.0 where print and
     * printf, given a copy, print the struct.  chartc treats every value an
     * action prints as addressable (Go: field and variable values are). */
    void (*addr_string)(const Obj *o, Buf *b);
    /* Optional, for a struct (or pointer to one) without a String()
     * method: all its fields, unexported ones too, under their Go names
     * in declaration order (a MAP_STRUCT map), for fmt's %+v and %#v:
     * {Version:v1.35.0 normalizedVersion:v1.35.0 Major:1 Minor:35}.
     * It may also give a string, Go's GoString() text for %#v, or a
     * two-item list of that string and the field map (time.Time).
     * NULL: those verbs print as print() does. */
    Value (*go_fields)(Arena *a, const Obj *o);
} ObjType;

/* fmt.c uses ObjType.go_fields when this is defined. */
#define CHARTC_OBJ_GO_FIELDS 1

struct Obj {
    const ObjType *type;
    void *data;
};

/* ---- constructors ---------------------------------------------------- */
static inline Value val_nil(void) { Value v = {0}; return v; }
static inline Value val_bool(bool b) { Value v = {0}; v.kind = V_BOOL; v.gtype = GT_BOOL; v.u.b = b; return v; }
static inline Value val_int(int64_t i) { Value v = {0}; v.kind = V_INT; v.gtype = GT_INT; v.u.i = i; return v; }
static inline Value val_int64(int64_t i) { Value v = {0}; v.kind = V_INT; v.gtype = GT_INT64; v.u.i = i; return v; }
static inline Value val_float(double f) { Value v = {0}; v.kind = V_FLOAT; v.gtype = GT_FLOAT64; v.u.f = f; return v; }
static inline Value val_str(Str *s) { Value v = {0}; v.kind = V_STR; v.gtype = GT_STRING; v.u.s = s; return v; }
static inline Value val_list(List *l) { Value v = {0}; v.kind = V_LIST; v.gtype = GT_LIST_IFACE; v.u.l = l; return v; }
static inline Value val_map(Map *m) { Value v = {0}; v.kind = V_MAP; v.gtype = GT_MAP_IFACE; v.u.m = m; return v; }
static inline Value val_obj(Obj *o) { Value v = {0}; v.kind = V_OBJ; v.gtype = GT_OBJ; v.u.o = o; return v; }

/* ---- strings ---------------------------------------------------------- */
Str *str_new(Arena *a, const char *s, size_t n);       /* copies */
Str *str_cstr(Arena *a, const char *s);
Str *str_empty(void);                                  /* shared "" */
uint32_t str_hash(Str *s);                             /* computes once */
uint32_t str_hash_bytes(const char *s, size_t n);
bool str_eq(const Str *a, const Str *b);
int str_cmp(const Str *a, const Str *b);               /* Go byte order */
Value val_strn(Arena *a, const char *s, size_t n);     /* new string value */
Value val_cstr(Arena *a, const char *s);

/* ---- lists ------------------------------------------------------------ */
List *list_new(Arena *a, size_t cap);
bool list_push(Arena *a, List *l, Value v);            /* false: out of memory */

/* ---- maps ------------------------------------------------------------- */
Map *map_new(Arena *a, size_t cap);
Value *map_get(const Map *m, Str *key);                 /* NULL if absent */
Value *map_getn(const Map *m, const char *key, size_t n);
Value *map_gets(const Map *m, const char *key);
bool map_set(Arena *a, Map *m, Str *key, Value v);      /* insert or replace */
bool map_sets(Arena *a, Map *m, const char *key, Value v);
bool map_del(Map *m, Str *key);                        /* true if it was there */
static inline uint32_t map_len(const Map *m) { return m->count; }
/* Live entries sorted by key (Go byte order); array of `count` pointers
 * from `a`.  Pointers stay valid until the map is changed. */
MapEntry **map_sorted(const Map *m, Arena *a);

/* ---- general ---------------------------------------------------------- */
bool val_truth(Value v);                 /* Go template truthiness */
const char *val_typename(Value v);       /* Go type, e.g. "float64", "map[string]interface {}", "<nil>" */
const char *val_kindname(Value v);       /* reflect kind, e.g. "float64", "map", "invalid" */
Value val_deepcopy(Arena *a, Value v);   /* copies lists and maps recursively */
bool val_deepequal(Value a, Value b);    /* reflect.DeepEqual */
/* An object's underlying value (ObjType.underlying), else v itself. */
Value val_unwrap(Arena *a, Value v);
/* What an encoder marshals for object v: true and *out when the object
 * defines marshal or underlying. */
bool val_marshal(Arena *a, Value v, Value *out);
/* Flag every map and list reachable from v (through objects' underlying
 * values too) MAP_SHARED / LIST_SHARED.  Temporaries come from tmp.
 * false when v nests deeper than limit or memory runs out: then not all
 * of it is flagged. */
bool val_share(Arena *tmp, Value v, uint32_t limit);

#endif
