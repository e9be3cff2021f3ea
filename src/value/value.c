/*
 * value.c - strings, lists, maps and the generic operations of value.h.
 *
 * Maps: entries[] in insertion order plus an open-addressing index of
 * entry numbers (linear probing).  Deleting leaves a hole (key == NULL) in
 * entries[]; the table is rebuilt on growth, which drops the holes.
 * Small maps (<= 8 entries) have no index and are scanned.
 */
#include "value.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a; never returns 0 so 0 can mean "not computed". */
uint32_t str_hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h ? h : 1;
}

static inline uint32_t hash_of(const Str *s) { return __atomic_load_n(&s->hash, __ATOMIC_RELAXED); }

uint32_t str_hash(Str *s)
{
    uint32_t h = hash_of(s);
    if (!h) {
        h = str_hash_bytes(s->s, s->len);
        __atomic_store_n(&s->hash, h, __ATOMIC_RELAXED);
    }
    return h;
}

/* FNV-1a of "" precomputed: the shared empty string is never written */
static struct { uint32_t len, hash; char s[1]; } empty_str = {0, 2166136261u, {0}};

Str *str_empty(void) { return (Str *)&empty_str; }

Str *str_new(Arena *a, const char *s, size_t n)
{
    if (n > UINT32_MAX - 1) return NULL;
    Str *r = arena_alloc(a, sizeof(Str) + n + 1);
    if (!r) return NULL;
    r->len = (uint32_t)n;
    r->hash = 0;
    if (n) memcpy(r->s, s, n);
    r->s[n] = 0;
    return r;
}

Str *str_cstr(Arena *a, const char *s) { return str_new(a, s, strlen(s)); }

bool str_eq(const Str *a, const Str *b)
{
    if (a == b) return true;
    if (a->len != b->len) return false;
    uint32_t ha = hash_of(a), hb = hash_of(b);
    if (ha && hb && ha != hb) return false;
    return memcmp(a->s, b->s, a->len) == 0;
}

int str_cmp(const Str *a, const Str *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

Value val_strn(Arena *a, const char *s, size_t n)
{
    Str *p = str_new(a, s, n);
    return p ? val_str(p) : val_nil();
}

Value val_cstr(Arena *a, const char *s) { return val_strn(a, s, strlen(s)); }

/* ---- lists ---- */

List *list_new(Arena *a, size_t cap)
{
    List *l = arena_alloc(a, sizeof *l);
    if (!l) return NULL;
    l->len = 0;
    l->cap = (uint32_t)cap;
    l->flags = 0;
    l->items = cap ? arena_alloc(a, cap * sizeof(Value)) : NULL;
    if (cap && !l->items) return NULL;
    return l;
}

bool list_push(Arena *a, List *l, Value v)
{
    l->flags &= ~(uint32_t)LIST_NIL;
    if (l->len == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        Value *p = arena_realloc(a, l->items, l->cap * sizeof(Value), cap * sizeof(Value));
        if (!p) return false;
        l->items = p;
        l->cap = cap;
    }
    l->items[l->len++] = v;
    return true;
}

/* ---- maps ---- */

#define SMALL_MAP 8

Map *map_new(Arena *a, size_t cap)
{
    Map *m = arena_zalloc(a, sizeof *m);
    if (!m) return NULL;
    if (cap) {
        m->entries = arena_alloc(a, cap * sizeof(MapEntry));
        if (!m->entries) return NULL;
        m->cap = (uint32_t)cap;
    }
    return m;
}

static MapEntry *find(const Map *m, const char *k, size_t n, uint32_t h)
{
    if (!m->mask) {
        for (uint32_t i = 0; i < m->used; i++) {
            Str *key = m->entries[i].key;
            if (key && key->len == n && memcmp(key->s, k, n) == 0) return &m->entries[i];
        }
        return NULL;
    }
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        uint32_t e = m->index[i];
        if (!e) return NULL;
        Str *key = m->entries[e - 1].key;
        if (key && hash_of(key) == h && key->len == n && memcmp(key->s, k, n) == 0)
            return &m->entries[e - 1];
    }
}

Value *map_getn(const Map *m, const char *key, size_t n)
{
    if (!m->count) return NULL;
    MapEntry *e = find(m, key, n, m->mask ? str_hash_bytes(key, n) : 0);
    return e ? &e->val : NULL;
}

Value *map_get(const Map *m, Str *key)
{
    if (!m->count) return NULL;
    MapEntry *e = find(m, key->s, key->len, m->mask ? str_hash(key) : 0);
    return e ? &e->val : NULL;
}

Value *map_gets(const Map *m, const char *key) { return map_getn(m, key, strlen(key)); }

/* Compact entries (dropping holes) into a table of capacity cap and rebuild
 * the index if the map is large enough to want one. */
static bool rebuild(Arena *a, Map *m, uint32_t cap)
{
    MapEntry *ne = arena_alloc(a, cap * sizeof(MapEntry));
    if (!ne) return false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->used; i++)
        if (m->entries[i].key) ne[n++] = m->entries[i];
    m->entries = ne;
    m->used = n;
    m->cap = cap;
    if (cap <= SMALL_MAP) {
        m->mask = 0;
        m->index = NULL;
        return true;
    }
    uint32_t slots = 16;
    while (slots < cap * 2) slots *= 2;
    m->index = arena_zalloc(a, slots * sizeof(uint32_t));
    if (!m->index) return false;
    m->mask = slots - 1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t h = str_hash(ne[i].key);
        uint32_t j = h & m->mask;
        while (m->index[j]) j = (j + 1) & m->mask;
        m->index[j] = i + 1;
    }
    return true;
}

bool map_set(Arena *a, Map *m, Str *key, Value v)
{
    uint32_t h = str_hash(key);
    m->flags &= ~(uint32_t)MAP_NIL;
    MapEntry *e = m->count ? find(m, key->s, key->len, h) : NULL;
    if (e) {
        e->val = v;
        return true;
    }
    if (m->used == m->cap) {
        uint32_t cap = m->count * 2;
        if (cap < 4) cap = 4;
        if (!rebuild(a, m, cap)) return false;
    }
    uint32_t i = m->used++;
    m->entries[i].key = key;
    m->entries[i].val = v;
    m->count++;
    if (m->mask) {
        uint32_t j = h & m->mask;
        while (m->index[j]) j = (j + 1) & m->mask;
        m->index[j] = i + 1;
    } else if (m->cap > SMALL_MAP) {
        return rebuild(a, m, m->cap);
    }
    return true;
}

bool map_sets(Arena *a, Map *m, const char *key, Value v)
{
    Str *k = str_cstr(a, key);
    return k && map_set(a, m, k, v);
}

bool map_del(Map *m, Str *key)
{
    if (!m->count) return false;
    MapEntry *e = find(m, key->s, key->len, m->mask ? str_hash(key) : 0);
    if (!e) return false;
    /* The index keeps pointing at the hole; find() skips NULL keys and the
     * probe chain stays intact. */
    e->key = NULL;
    e->val = val_nil();
    m->count--;
    return true;
}

static inline bool key_less(const MapEntry *x, const MapEntry *y)
{
    return str_cmp(x->key, y->key) < 0;
}

static void insertion_sort(MapEntry **v, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        MapEntry *x = v[i];
        uint32_t j = i;
        for (; j && key_less(x, v[j - 1]); j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

#define SORT_RUN 8

/* Keys are distinct, so stability is moot; this is a merge sort only
 * because maps are sorted thousands of times per render (every range,
 * print and toYaml) and most are small: short runs are insertion-sorted
 * in place and qsort's per-call setup and indirect compares are gone.
 * tmp holds n pointers. */
static MapEntry **sort_entries(MapEntry **v, MapEntry **tmp, uint32_t n)
{
    for (uint32_t i = 0; i < n; i += SORT_RUN)
        insertion_sort(v + i, n - i < SORT_RUN ? n - i : SORT_RUN);
    for (uint32_t w = SORT_RUN; w < n; w *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * w) {
            uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            uint32_t i = lo, j = mid, k = lo;
            if (mid == hi || !key_less(v[mid], v[mid - 1])) {
                memcpy(tmp + lo, v + lo, (hi - lo) * sizeof *v);
                continue;
            }
            while (i < mid && j < hi) tmp[k++] = key_less(v[j], v[i]) ? v[j++] : v[i++];
            while (i < mid) tmp[k++] = v[i++];
            while (j < hi) tmp[k++] = v[j++];
        }
        MapEntry **t = v;
        v = tmp;
        tmp = t;
    }
    return v;
}

MapEntry **map_sorted(const Map *m, Arena *a)
{
    uint32_t cnt = m->count ? m->count : 1;
    bool big = m->count > SORT_RUN;
    MapEntry **v = arena_alloc(a, (big ? 2 * (size_t)cnt : cnt) * sizeof *v);
    if (!v) return NULL;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->used; i++)
        if (m->entries[i].key) v[n++] = &m->entries[i];
    return big ? sort_entries(v, v + cnt, n) : (insertion_sort(v, n), v);
}

/* ---- general ---- */

bool val_truth(Value v)
{
    switch ((VKind)v.kind) {
    case V_NIL: return false;
    case V_BOOL: return v.u.b;
    case V_INT: return v.u.i != 0;
    case V_FLOAT: return v.u.f != 0;
    case V_STR: return v.u.s->len != 0;
    case V_LIST: return v.u.l->len != 0;
    case V_MAP: return v.u.m->count != 0;
    case V_OBJ:
        /* complex constants (fmt.h) are false when zero, as in Go */
        if (strncmp(v.u.o->type->go_type, "complex", 7) == 0) {
            const double *d = v.u.o->data;
            return d[0] != 0 || d[1] != 0;
        }
        return true;
    case V_FUNC: return true;
    }
    return false;
}

static const char *const type_names[] = {
    [GT_NONE] = "<nil>",
    [GT_BOOL] = "bool",
    [GT_INT] = "int", [GT_INT8] = "int8", [GT_INT16] = "int16",
    [GT_INT32] = "int32", [GT_INT64] = "int64",
    [GT_UINT] = "uint", [GT_UINT8] = "uint8", [GT_UINT16] = "uint16",
    [GT_UINT32] = "uint32", [GT_UINT64] = "uint64",
    [GT_FLOAT64] = "float64", [GT_FLOAT32] = "float32",
    [GT_STRING] = "string",
    [GT_BYTES] = "[]uint8",
    [GT_LIST_IFACE] = "[]interface {}",
    [GT_LIST_STRING] = "[]string",
    [GT_LIST_INT] = "[]int",
    [GT_MAP_IFACE] = "map[string]interface {}",
    [GT_MAP_STRING] = "map[string]string",
    [GT_OBJ] = "object",
    [GT_LIST_LIST_IFACE] = "[][]interface {}",
    [GT_LIST_MAP_IFACE] = "[]map[string]interface {}",
    [GT_MAP_VALUES] = "common.Values",
};

const char *val_typename(Value v)
{
    if (v.kind == V_OBJ) return v.u.o->type->go_type;
    if (v.kind == V_NIL) return "<nil>";
    if (v.gtype < sizeof type_names / sizeof *type_names) return type_names[v.gtype];
    return "?";
}

const char *val_kindname(Value v)
{
    switch ((VKind)v.kind) {
    case V_NIL: return "invalid";
    case V_OBJ: return v.u.o->type->go_kind;
    case V_FUNC: return "func";
    case V_LIST: return "slice";
    case V_MAP: return "map";
    case V_STR: return v.gtype == GT_BYTES ? "slice" : "string";
    default: return val_typename(v);
    }
}

Value val_deepcopy(Arena *a, Value v)
{
    if (v.kind == V_LIST) {
        List *src = v.u.l, *l = list_new(a, src->len);
        if (!l) return val_nil();
        for (uint32_t i = 0; i < src->len; i++) l->items[i] = val_deepcopy(a, src->items[i]);
        l->len = src->len;
        l->flags = src->flags & ~(uint32_t)LIST_SHARED;
        v.u.l = l;
    } else if (v.kind == V_MAP) {
        Map *src = v.u.m, *m = map_new(a, src->count);
        if (!m) return val_nil();
        m->flags = src->flags & ~(uint32_t)MAP_SHARED;
        for (uint32_t i = 0; i < src->used; i++)
            if (src->entries[i].key)
                map_set(a, m, src->entries[i].key, val_deepcopy(a, src->entries[i].val));
        v.u.m = m;
    }
    return v;
}

bool val_deepequal(Value a, Value b)
{
    if (a.kind != b.kind) return false;
    if (a.kind != V_NIL && a.kind != V_OBJ && a.gtype != b.gtype) return false;
    switch ((VKind)a.kind) {
    case V_NIL: return true;
    case V_BOOL: return a.u.b == b.u.b;
    case V_INT: return a.u.i == b.u.i;
    case V_FLOAT: return a.u.f == b.u.f;
    case V_STR: return str_eq(a.u.s, b.u.s);
    case V_LIST:
        if (a.u.l->len != b.u.l->len || (a.u.l->flags ^ b.u.l->flags) & LIST_NIL) return false;
        for (uint32_t i = 0; i < a.u.l->len; i++)
            if (!val_deepequal(a.u.l->items[i], b.u.l->items[i])) return false;
        return true;
    case V_MAP:
        if (a.u.m->count != b.u.m->count || (a.u.m->flags ^ b.u.m->flags) & MAP_NIL) return false;
        for (uint32_t i = 0; i < a.u.m->used; i++) {
            MapEntry *e = &a.u.m->entries[i];
            if (!e->key) continue;
            Value *o = map_get(b.u.m, e->key);
            if (!o || !val_deepequal(e->val, *o)) return false;
        }
        return true;
    case V_OBJ: return a.u.o == b.u.o;
    case V_FUNC: return a.u.fn == b.u.fn;
    }
    return false;
}

Value val_unwrap(Arena *a, Value v)
{
    if (v.kind == V_OBJ && v.u.o->type->underlying) return v.u.o->type->underlying(a, v.u.o);
    return v;
}

bool val_marshal(Arena *a, Value v, Value *out)
{
    if (v.kind != V_OBJ) return false;
    const ObjType *t = v.u.o->type;
    if (t->marshal) *out = t->marshal(a, v.u.o);
    else if (t->underlying) *out = t->underlying(a, v.u.o);
    else return false;
    return true;
}

/* Iterative, so deep values cannot exhaust the C stack; a map or list
 * already flagged is not entered again, so values that share subtrees
 * (YAML aliases) cost their distinct nodes only. */
bool val_share(Arena *tmp, Value v, uint32_t limit)
{
    typedef struct { Value v; uint32_t depth; } Item;
    uint32_t n = 0, cap = 64;
    Item *st = malloc(cap * sizeof *st);
    if (!st) return false;
    bool ok = true;
    st[n++] = (Item){v, 0};
    while (n) {
        Item it = st[--n];
        Value x = it.v;
        if (x.kind == V_OBJ && x.u.o->type->underlying) x = x.u.o->type->underlying(tmp, x.u.o);
        uint32_t cnt;
        if (x.kind == V_MAP) {
            if (x.u.m->flags & MAP_SHARED) continue;
            x.u.m->flags |= MAP_SHARED;
            cnt = x.u.m->used;
        } else if (x.kind == V_LIST) {
            if (x.u.l->flags & LIST_SHARED) continue;
            x.u.l->flags |= LIST_SHARED;
            cnt = x.u.l->len;
        } else {
            continue;
        }
        if (it.depth >= limit) { ok = false; break; }
        if (n + cnt > cap) {
            while (n + cnt > cap) cap *= 2;
            Item *ns = realloc(st, cap * sizeof *st);
            if (!ns) { ok = false; break; }
            st = ns;
        }
        for (uint32_t i = 0; i < cnt; i++) {
            Value c = x.kind == V_MAP ? x.u.m->entries[i].val : x.u.l->items[i];
            if (x.kind == V_MAP && !x.u.m->entries[i].key) continue;
            if (c.kind == V_MAP || c.kind == V_LIST || c.kind == V_OBJ) st[n++] = (Item){c, it.depth + 1};
        }
    }
    free(st);
    return ok;
}
