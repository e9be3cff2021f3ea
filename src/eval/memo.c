/*
 * memo.c - include results handed out again.
 *
 * Charts include the same helper with the same data many times per
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
 * Strings are immutable, so handing out the same result is safe.  This
 * memo lives in the render's arena, so it serves one template.
 *
 * Most includes get the template's own context (`include "x" .`), and
 * under the guard that context is a copy per template that differs from
 * the next template's only in .Template and .Subcharts (render.c's
 * ctx_view, flagged MAP_CTX).  A second memo, r->xmemo, serves all the
 * templates one parallel worker renders: it keeps the results of
 * includes of r->ctx that never looked at a MAP_CTX map's .Template nor
 * let such a map escape whole into a function, a print or a range (the
 * VM counts those in r->ctx_reads; include and tpl pass their data on to
 * a template whose reads count themselves).  Such a result depends only
 * on what every template of the chart sees alike, so it is keyed by
 * r->ctx_key, the chart's real context, and copied into the worker's
 * arena.
 */
#include "memo.h"

#include <string.h>

typedef struct MemoEntry {
    const Str *name;
    Value dot, text;
    unsigned changes, fresh;
    bool read;           /* it read a context's .Template (see above) */
} MemoEntry;

struct IncludeMemo {
    MemoEntry *e;
    uint32_t mask, used;
};

typedef struct XEntry {
    const Str *name;     /* in the worker's arena, as is text */
    const void *key;
    uint8_t gtype;
    Value text;
} XEntry;

struct IncludeXMemo {
    Arena *a;
    XEntry *e;
    uint32_t mask, used;
};

IncludeXMemo *vm_xmemo_new(Arena *a)
{
    IncludeXMemo *x = ARENA_NEW(a, IncludeXMemo);
    if (x) x->a = a;
    return x;
}

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

static uint32_t mix(uint64_t x, const Str *name)
{
    x = (x ^ str_hash((Str *)name)) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

static uint32_t memo_hash(const Str *name, Value dot)
{
    uint64_t x = dot.kind == V_NIL ? 0 : dot.kind == V_BOOL ? (uint64_t)dot.u.b : dot.u.u;
    x ^= (uint64_t)dot.kind << 56 ^ (uint64_t)dot.gtype << 48 ^ (uint64_t)dot.flags << 32;
    return mix(x, name);
}

static MemoEntry *memo_find(const IncludeMemo *m, const Str *name, Value dot, uint32_t h)
{
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        MemoEntry *e = &m->e[i];
        if (!e->name) return e;
        if (str_eq(e->name, name) && same_data(e->dot, dot)) return e;
    }
}

static XEntry *x_find(const IncludeXMemo *m, const Str *name, const void *key, uint8_t gtype)
{
    uint32_t h = mix((uint64_t)(uintptr_t)key ^ (uint64_t)gtype << 56, name);
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        XEntry *e = &m->e[i];
        if (!e->name) return e;
        if (e->key == key && e->gtype == gtype && str_eq(e->name, name)) return e;
    }
}

/* the template's own context, under the guard (see above) */
static bool x_eligible(const Render *r, Value dot)
{
    return r->xmemo && r->guard && dot.kind == V_MAP && dot.u.m == r->ctx;
}

/* The table tab of `size`-byte entries, whose first member is the name
 * (NULL: a free slot), with room for one more: tab itself or a bigger
 * copy (*mask updated); NULL: no memory (nothing is kept then). */
static void *room(Arena *a, void *tab, uint32_t *mask, uint32_t used, size_t size,
                  void (*rehash)(void *dst, uint32_t mask, const void *entry))
{
    if (tab && (used + 1) * 4 <= (*mask + 1) * 3) return tab;
    uint32_t cap = tab ? (*mask + 1) * 2 : 64;
    char *ne = arena_zalloc(a, cap * size);
    if (!ne) return NULL;
    for (uint32_t i = 0; tab && i <= *mask; i++) {
        const char *e = (const char *)tab + i * size;
        if (*(const Str *const *)e) rehash(ne, cap - 1, e);
    }
    *mask = cap - 1;
    return ne;
}

static void memo_rehash(void *dst, uint32_t mask, const void *entry)
{
    const MemoEntry *e = entry;
    IncludeMemo m = {dst, mask, 0};
    *memo_find(&m, e->name, e->dot, memo_hash(e->name, e->dot)) = *e;
}

static void x_rehash(void *dst, uint32_t mask, const void *entry)
{
    const XEntry *e = entry;
    IncludeXMemo m = {NULL, dst, mask, 0};
    *x_find(&m, e->name, e->key, e->gtype) = *e;
}

bool memo_get(Render *r, const Str *name, Value dot, Value *out)
{
    if (r->overlay) return false;
    if (r->memo) {
        MemoEntry *e = memo_find(r->memo, name, dot, memo_hash(name, dot));
        if (e->name && e->changes == r->changes && (e->fresh == r->fresh_changes || stable_data(dot))) {
            if (e->read) r->ctx_reads++;
            *out = e->text;
            return true;
        }
    }
    if (x_eligible(r, dot) && r->xmemo->e) {
        XEntry *e = x_find(r->xmemo, name, r->ctx_key, dot.gtype);
        if (e->name) {
            *out = e->text;
            return true;
        }
    }
    return false;
}

MemoMark memo_mark(const Render *r)
{
    MemoMark m = {r->changes, r->fresh_changes, r->impure, r->ctx_reads};
    return m;
}

void memo_put(Render *r, Arena *a, const Str *name, Value dot, Value text, MemoMark m)
{
    if (text.kind != V_STR || r->overlay || r->changes != m.changes || r->impure != m.impure) return;
    bool read = r->ctx_reads != m.reads;
    if (r->fresh_changes == m.fresh || stable_data(dot)) {
        IncludeMemo *t = r->memo;
        if (!t && !(t = r->memo = ARENA_NEW(a, IncludeMemo))) return;
        MemoEntry *tab = room(a, t->e, &t->mask, t->used, sizeof *t->e, memo_rehash);
        if (tab) {
            t->e = tab;
            MemoEntry *e = memo_find(t, name, dot, memo_hash(name, dot));
            if (!e->name) t->used++;
            *e = (MemoEntry){name, dot, text, m.changes, r->fresh_changes, read};
        }
    }
    IncludeXMemo *x = r->xmemo;
    if (read || !x_eligible(r, dot)) return;
    XEntry *tab = room(x->a, x->e, &x->mask, x->used, sizeof *x->e, x_rehash);
    if (!tab) return;
    x->e = tab;
    XEntry *e = x_find(x, name, r->ctx_key, dot.gtype);
    if (e->name) return;
    Str *kn = str_new(x->a, name->s, name->len);
    Value kt = val_strn(x->a, text.u.s->s, text.u.s->len);
    if (!kn || kt.kind != V_STR) return;
    kt.gtype = text.gtype;
    kt.flags = text.flags;
    *e = (XEntry){kn, r->ctx_key, dot.gtype, kt};
    x->used++;
}
