/*
 * coalesce.c - helm's values layering (pkg/chart/common/util/coalesce.go
 * as shipped in v4.1.4) as functions on Values.
 *
 * coalesce(chart, dest): the chart's defaults fill in what dest (the user
 * values, already copied) lacks; then every subchart gets dest[<name>]
 * (created empty if missing, "type mismatch" if not a map) with the
 * parent's `global` merged in, coalesced recursively.
 *
 * The null rules differ by level, which is what the reference shows:
 *  - a top-level user null deletes the key (`--set top=null` removes a
 *    default `top`), also when the default is null itself;
 *  - inside tables a user null deletes the key only when the default is
 *    non-null (`--set tm.x=null` over default `tm.x: null` keeps x: null);
 *  - user nulls for keys without a default stay (d.q=null -> "q": null);
 *  - default nulls are copied when the user has nothing there.
 * With merge=true (helm's MergeValues, used while processing dependencies)
 * nulls are never deleted.
 *
 * Globals are copied down with a *shallow* copy of each global table, so
 * merging a subchart's deeper global defaults writes into the parent's
 * nested maps exactly as Go's shared maps do.
 *
 * Go iterates maps in random order; only log order could depend on it, we
 * use sorted order.
 */
#include "chart.h"

#include <string.h>

#include "../value/fmt.h"
#include "text.h"

typedef struct Co {
    Arena *a;
    Arena *tmp;         /* sorted keys, prefixes: released as each level ends */
    Buf *logs;
    Buf *err;
    int depth;
} Co;

#define MAX_DEPTH 10000

static bool is_table(Value v) { return v.kind == V_MAP; }

static void co_log(Co *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void co_log(Co *c, const char *fmt, ...)
{
    if (!c->logs) return;
    Buf m = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    chart_log(c->logs, "INFO", m.data ? m.data : "", 0, NULL);
    buf_free(&m);
}

/* Built at every level but read only by warnings, so no printf. */
static const char *concat_prefix(Arena *a, const char *p, const char *k)
{
    size_t pn = strlen(p), kn = strlen(k);
    char *s = arena_alloc(a, pn + kn + 2);
    if (!s) return "";
    if (pn) {
        memcpy(s, p, pn);
        s[pn++] = '.';
    }
    memcpy(s + pn, k, kn + 1);
    return s;
}

/* %v of a value for the warnings. */
static char *vtext(Arena *a, Value v)
{
    Buf b = BUF_INIT;
    fmt_value(&b, v);
    char *s = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

/* copystructure.Copy, as val_deepcopy but cheaper: a map without deleted
 * slots is cloned whole - entries in place and its hash index as it is,
 * since the keys are shared and their hashes cached - instead of being
 * rebuilt a key at a time.  Copies coalescing makes are of whole values
 * trees, so this is where much of its time goes. */
static Value co_copy(Arena *a, Value v);

/* Most values in a tree are scalars: copy them without a call. */
static inline Value co_copy_child(Arena *a, Value v)
{
    return v.kind == V_MAP || v.kind == V_LIST ? co_copy(a, v) : v;
}

static Value co_copy(Arena *a, Value v)
{
    if (v.kind == V_LIST) {
        const List *src = v.u.l;
        List *l = list_new(a, src->len);
        if (!l) return val_nil();
        for (uint32_t i = 0; i < src->len; i++) l->items[i] = co_copy_child(a, src->items[i]);
        l->len = src->len;
        l->flags = src->flags;
        v.u.l = l;
    } else if (v.kind == V_MAP) {
        const Map *src = v.u.m;
        if (src->used != src->count) return val_deepcopy(a, v);
        Map *m = arena_alloc(a, sizeof *m);
        if (!m) return val_nil();
        *m = *src;
        m->cap = src->used;
        m->entries = NULL;
        m->index = NULL;
        m->mask = 0;
        if (src->used) {
            m->entries = arena_alloc(a, src->used * sizeof *m->entries);
            if (!m->entries) return val_nil();
            for (uint32_t i = 0; i < src->used; i++) {
                m->entries[i].key = src->entries[i].key;
                m->entries[i].val = co_copy_child(a, src->entries[i].val);
            }
            if (src->mask) {
                m->index = arena_alloc(a, ((size_t)src->mask + 1) * sizeof *m->index);
                if (!m->index) return val_nil();
                memcpy(m->index, src->index, ((size_t)src->mask + 1) * sizeof *m->index);
                m->mask = src->mask;
            }
        }
        v.u.m = m;
    }
    return v;
}

/* coalesceTablesFullKey: dst wins; see the null rules above. */
static void coalesce_tables(Co *c, Map *dst, Map *src, const char *prefix, bool merge)
{
    if (++c->depth > MAX_DEPTH) { c->depth--; return; }
    Arena *a = c->a, *t = c->tmp;
    ArenaMark mark = arena_mark(t);
    /* Remember which src keys were non-null before dst's nulls are copied
     * into src (that copy makes every dst null key visited below).  Only a
     * dst null consults it, so without one neither it nor a second sort
     * of src is needed. */
    bool dst_nulls = false;
    for (uint32_t i = 0; i < dst->used && !dst_nulls; i++)
        dst_nulls = dst->entries[i].key && dst->entries[i].val.kind == V_NIL;
    Map *nonnil = NULL;
    if (dst_nulls) {
        nonnil = map_new(t, map_len(src));
        for (uint32_t i = 0; i < src->used; i++)
            if (src->entries[i].key && src->entries[i].val.kind != V_NIL)
                map_set(t, nonnil, src->entries[i].key, val_bool(true));
        MapEntry **de = map_sorted(dst, t);
        uint32_t dn = map_len(dst);
        for (uint32_t i = 0; i < dn; i++)
            if (de[i]->val.kind == V_NIL) map_set(a, src, de[i]->key, val_nil());
    }

    MapEntry **se = map_sorted(src, t);
    uint32_t sn = map_len(src);
    for (uint32_t i = 0; i < sn; i++) {
        Str *key = se[i]->key;
        Value val = se[i]->val;
        Value *dv = map_get(dst, key);
        if (dv && !merge && dv->kind == V_NIL &&
            (nonnil ? map_get(nonnil, key) != NULL : val.kind != V_NIL)) {
            map_del(dst, key);
        } else if (!dv) {
            map_set(a, dst, key, val);
        } else if (is_table(val)) {
            const char *full = concat_prefix(t, prefix, key->s);
            if (is_table(*dv)) coalesce_tables(c, dv->u.m, val.u.m, full, merge);
            else co_log(c, "warning: cannot overwrite table with non table for %s (%s)", full, vtext(t, val));
        } else if (is_table(*dv) && val.kind != V_NIL) {
            co_log(c, "warning: destination for %s is a table. Ignoring non-table value (%s)",
                 concat_prefix(t, prefix, key->s), vtext(t, val));
        }
    }
    arena_release(t, mark);
    c->depth--;
}

static bool child_merge_true(const Chart *ch, const Str *key, bool merge)
{
    for (uint32_t i = 0; i < ch->ndeps; i++)
        if (str_eq(ch->deps[i]->meta.name, key)) return true;
    return merge;
}

/* coalesceValues: the chart's defaults into v. */
static void coalesce_values(Co *c, const Chart *ch, Map *v, const char *prefix, bool merge)
{
    Arena *a = c->a, *t = c->tmp;
    Value vc = co_copy(a, ch->values);
    if (vc.kind != V_MAP) return;
    ArenaMark mark = arena_mark(t);
    const char *sub_prefix = concat_prefix(t, prefix, ch->meta.name->s);
    MapEntry **e = map_sorted(vc.u.m, t);
    for (uint32_t i = 0; i < map_len(vc.u.m); i++) {
        Str *key = e[i]->key;
        Value val = e[i]->val;
        Value *cur = map_get(v, key);
        if (!cur) {
            map_set(a, v, key, val);
        } else if (cur->kind == V_NIL && !merge) {
            map_del(v, key);
        } else if (is_table(*cur)) {
            if (!is_table(val)) {
                if (val.kind != V_NIL)
                    co_log(c, "warning: skipped value for %s.%s: Not a table.", sub_prefix, key->s);
            } else {
                coalesce_tables(c, cur->u.m, val.u.m, concat_prefix(t, sub_prefix, key->s),
                                child_merge_true(ch, key, merge));
            }
        }
    }
    arena_release(t, mark);
}

/* coalesceGlobals: the parent's (src) globals into the subchart's (dest). */
static void coalesce_globals(Co *c, Map *dest, Map *src, const char *prefix)
{
    Arena *a = c->a;
    Map *dg, *sg;
    Value *d = map_gets(dest, "global");
    if (!d) dg = map_new(a, 0);
    else if (!is_table(*d)) { co_log(c, "warning: skipping globals because destination global is not a table."); return; }
    else dg = d->u.m;
    Value *s = map_gets(src, "global");
    if (!s) sg = map_new(a, 0);
    else if (!is_table(*s)) { co_log(c, "warning: skipping globals because source global is not a table."); return; }
    else sg = s->u.m;

    MapEntry **e = map_sorted(sg, a);
    for (uint32_t i = 0; i < map_len(sg); i++) {
        Str *key = e[i]->key;
        Value val = e[i]->val;
        Value *dv = map_get(dg, key);
        if (is_table(val)) {
            Map *vv = map_new(a, map_len(val.u.m));
            for (uint32_t k = 0; k < val.u.m->used; k++)
                if (val.u.m->entries[k].key)
                    map_set(a, vv, val.u.m->entries[k].key, val.u.m->entries[k].val);
            if (!dv) {
                map_set(a, dg, key, val_map(vv));
            } else if (!is_table(*dv)) {
                Buf q = BUF_INIT;
                fmt_quote(&q, key->s, key->len);
                co_log(c, "Conflict: cannot merge map onto non-map for %s. Skipping.", q.data);
                buf_free(&q);
            } else {
                coalesce_tables(c, vv, dv->u.m, concat_prefix(a, prefix, key->s), true);
                map_set(a, dg, key, val_map(vv));
            }
        } else if (dv && is_table(*dv)) {
            co_log(c, "key %s is table. Skipping", key->s);
        } else {
            map_set(a, dg, key, val);
        }
    }
    map_sets(a, dest, "global", val_map(dg));
}

static int coalesce(Co *c, const Chart *ch, Map *dest, const char *prefix, bool merge);

static int coalesce_deps(Co *c, const Chart *ch, Map *dest, const char *prefix, bool merge)
{
    Arena *a = c->a;
    for (uint32_t i = 0; i < ch->ndeps; i++) {
        const Chart *sub = ch->deps[i];
        Str *name = sub->meta.name;
        Value *cur = map_get(dest, name);
        if (!cur) {
            map_set(a, dest, name, val_map(map_new(a, 0)));
        } else if (!is_table(*cur)) {
            buf_printf(c->err, "type mismatch on %s: ", name->s);
            fmt_printf(c->err, "%t", 2, 1, cur);
            return -1;
        }
        Map *dv = map_get(dest, name)->u.m;
        const char *sub_prefix = concat_prefix(a, prefix, ch->meta.name->s);
        coalesce_globals(c, dv, dest, sub_prefix);
        if (coalesce(c, sub, dv, sub_prefix, merge)) return -1;
        map_set(a, dest, name, val_map(dv));
    }
    return 0;
}

static int coalesce(Co *c, const Chart *ch, Map *dest, const char *prefix, bool merge)
{
    if (++c->depth > 200) {
        buf_adds(c->err, "charts nested too deeply");
        return -1;
    }
    coalesce_values(c, ch, dest, prefix, merge);
    int rc = coalesce_deps(c, ch, dest, prefix, merge);
    c->depth--;
    return rc;
}

int chart_coalesce_values(Arena *a, const Chart *ch, Value user, bool merge, Value *out, Buf *logs, Buf *err)
{
    Arena tmp;
    arena_init(&tmp);
    Co c = {a, &tmp, logs, err, 0};
    Value dest = user.kind == V_MAP ? co_copy(a, user) : val_map(map_new(a, 0));
    int rc = coalesce(&c, ch, dest.u.m, "", merge);
    arena_free(&tmp);
    if (rc) return -1;
    *out = dest;
    return 0;
}

void chart_coalesce_tables(Arena *a, Map *dst, Map *src, bool merge, Buf *logs)
{
    Arena tmp;
    arena_init(&tmp);
    Co c = {a, &tmp, logs, NULL, 0};
    coalesce_tables(&c, dst, src, "", merge);
    arena_free(&tmp);
}

void chart_merge_values(Arena *a, Map *dst, const Map *src)
{
    for (uint32_t i = 0; i < src->used; i++) {
        const MapEntry *e = &src->entries[i];
        if (!e->key) continue;
        Value *d = map_get(dst, e->key);
        if (d && d->kind == V_MAP && e->val.kind == V_MAP) {
            /* MergeMaps builds new maps; copy so dst never aliases src */
            Value fresh = co_copy(a, *d);
            chart_merge_values(a, fresh.u.m, e->val.u.m);
            map_set(a, dst, e->key, fresh);
        } else {
            map_set(a, dst, e->key, e->val);
        }
    }
}
