/*
 * deps.c - what helm does to a loaded chart tree before rendering:
 * the missing-dependency check, dependency processing (aliases,
 * tags/conditions, import-values), and the lists the renderer walks
 * (template names in parse order, CRDs).
 *
 * Dependency processing follows helm's pkg/chart/v2/util/dependencies.go:
 *  - subcharts not matching any Chart.yaml entry by name *and* version
 *    range stay (first, in load order); then each entry adds a copy of the
 *    first matching subchart, renamed to its alias;
 *  - every entry is enabled, then `tags` (any true tag enables, else any
 *    false disables) and `condition` (first path that resolves to a bool
 *    wins) are read from the values coalesced *at this level* - for a
 *    nested chart that is the parent's coalesced values with this chart's
 *    defaults merged in at the top, and the condition path is prefixed
 *    with "<name>." per level, exactly as helm does;
 *  - import-values run bottom-up with MergeValues (nulls kept): the
 *    chart's Values become its merged values (subchart sections included)
 *    with the imported tables under the parent's own values.  This is why
 *    a declared subchart's own null defaults vanish later (they look like
 *    user nulls to the final coalesce).
 */
#include "chart.h"

#include <stdlib.h>
#include <string.h>

#include "../value/fmt.h"
#include "text.h"

static void warn(Buf *logs, const char *msg, const char *k1, const char *v1, const char *k2, const char *v2)
{
    const char *kv[] = {k1, v1, k2, v2};
    chart_log(logs, "WARN", msg, k2 ? 2 : 1, kv);
}

/* ---- names and lists ----------------------------------------------------- */

Str *chart_full_path(Arena *a, const Chart *c)
{
    if (!c->parent) return c->meta.name;
    Str *p = chart_full_path(a, c->parent);
    char *s = arena_printf(a, "%s/charts/%s", p->s, c->meta.name->s);
    return s ? str_cstr(a, s) : c->meta.name;
}

int chart_check_dependencies(const Chart *c, Buf *err)
{
    bool any = false;
    for (uint32_t i = 0; i < c->meta.ndeps; i++) {
        const ChartDep *r = &c->meta.deps[i];
        if (!r->name) continue;
        bool found = false;
        for (uint32_t k = 0; k < c->ndeps && !found; k++)
            found = str_eq(c->deps[k]->meta.name, r->name);
        if (found) continue;
        if (!any)
            buf_adds(err, "an error occurred while checking for chart dependencies. You may need to run "
                          "`helm dependency build` to fetch missing dependencies: found in Chart.yaml, "
                          "but missing in charts/ directory: ");
        else
            buf_adds(err, ", ");
        buf_add(err, r->name->s, r->name->len);
        any = true;
    }
    return any ? -1 : 0;
}

static bool is_library(const Chart *c) { return strcmp(c->meta.type->s, "library") == 0; }

static int slash_count(const Str *s)
{
    int n = 0;
    for (uint32_t i = 0; i < s->len; i++) n += s->s[i] == '/';
    return n;
}

/* A template with its '/' count, counted once rather than per compare. */
typedef struct TplKey { int slashes; uint32_t i; Str *name; } TplKey;

/* sort.Reverse(byPathLen): more '/' first, then reverse byte order. */
static int cmp_tpl(const void *x, const void *y)
{
    const TplKey *a = x, *b = y;
    if (a->slashes != b->slashes) return b->slashes - a->slashes;
    return -str_cmp(a->name, b->name);
}

static bool sort_templates(Arena *a, ChartTemplate *v, uint32_t n)
{
    ArenaMark mark = arena_mark(a);
    TplKey *k = ARENA_NEWN(a, TplKey, n);
    ChartTemplate *old = ARENA_NEWN(a, ChartTemplate, n);
    if (!k || !old) return false;
    memcpy(old, v, n * sizeof *v);
    for (uint32_t i = 0; i < n; i++) k[i] = (TplKey){slash_count(v[i].name), i, v[i].name};
    qsort(k, n, sizeof *k, cmp_tpl);
    for (uint32_t i = 0; i < n; i++) v[i] = old[k[i].i];
    arena_release(a, mark);
    return true;
}

typedef struct TplVec { ChartTemplate *v; uint32_t n, cap; } TplVec;

static bool tpl_push(Arena *a, TplVec *t, ChartTemplate x)
{
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 32;
        ChartTemplate *nv = ARENA_NEWN(a, ChartTemplate, cap);
        if (!nv) return false;
        if (t->n) memcpy(nv, t->v, t->n * sizeof *nv);
        t->v = nv;
        t->cap = cap;
    }
    t->v[t->n++] = x;
    return true;
}

static bool collect_templates(Arena *a, const Chart *c, TplVec *out, Map *seen, int depth)
{
    if (depth > 200) return false;
    for (uint32_t i = 0; i < c->ndeps; i++)
        if (!collect_templates(a, c->deps[i], out, seen, depth + 1)) return false;
    Str *full = chart_full_path(a, c);
    for (uint32_t i = 0; i < c->ntemplates; i++) {
        const ChartFile *f = &c->templates[i];
        if (is_library(c)) {
            const char *b = strrchr(f->name->s, '/');
            if ((b ? b[1] : f->name->s[0]) != '_') continue;
        }
        char *n = arena_printf(a, "%s/%s", full->s, f->name->s);
        if (!n) return false;
        /* helm keys a map by name: a later chart with the same path wins */
        Str *name = str_cstr(a, n);
        Value *at = map_get(seen, name);
        if (at) {
            out->v[at->u.i] = (ChartTemplate){name, f->data, c};
            continue;
        }
        if (!map_set(a, seen, name, val_int(out->n)) || !tpl_push(a, out, (ChartTemplate){name, f->data, c}))
            return false;
    }
    return true;
}

uint32_t chart_templates(Arena *a, const Chart *root, ChartTemplate **out)
{
    TplVec t = {0};
    Map *seen = map_new(a, 64);
    if (!seen || !collect_templates(a, root, &t, seen, 0)) { *out = NULL; return 0; }
    if (t.n > 1 && !sort_templates(a, t.v, t.n)) { *out = NULL; return 0; }
    *out = t.v;
    return t.n;
}

static bool manifest_ext(const Str *name)
{
    const char *dot = NULL;
    for (uint32_t i = 0; i < name->len; i++) {
        if (name->s[i] == '/') dot = NULL;
        else if (name->s[i] == '.') dot = name->s + i;
    }
    return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json"));
}

static bool collect_crds(Arena *a, const Chart *c, TplVec *out, int depth)
{
    if (depth > 200) return false;
    Str *full = NULL;
    for (uint32_t i = 0; i < c->nfiles; i++) {
        const ChartFile *f = &c->files[i];
        if (strncmp(f->name->s, "crds/", 5) != 0 || !manifest_ext(f->name)) continue;
        if (!full) full = chart_full_path(a, c);
        char *n = arena_printf(a, "%s/%s", full->s, f->name->s);
        if (!n || !tpl_push(a, out, (ChartTemplate){str_cstr(a, n), f->data, c})) return false;
    }
    for (uint32_t i = 0; i < c->ndeps; i++)
        if (!collect_crds(a, c->deps[i], out, depth + 1)) return false;
    return true;
}

uint32_t chart_crds(Arena *a, const Chart *root, ChartTemplate **out)
{
    TplVec t = {0};
    if (!collect_crds(a, root, &t, 0)) { *out = NULL; return 0; }
    *out = t.v;
    return t.n;
}

/* ---- dependency processing ------------------------------------------------ */

typedef struct Pd {
    Arena *a;
    Buf *logs;
    Buf *err;
    int depth;
    /* the values coalesced at each level of processDependencyEnabled: only
     * read (tags, conditions, the children's input), never kept, so each
     * level releases its own when its subtree is done */
    Arena tmp;
} Pd;

static bool compatible(const Str *constraint, const Str *version)
{
    return chart_semver_check(constraint->s, version->s) == 1;
}

static Chart *copy_chart(Arena *a, const Chart *c)
{
    Chart *o = ARENA_NEW(a, Chart);
    if (!o) return NULL;
    *o = *c;
    if (c->meta.ndeps) {
        o->meta.deps = ARENA_NEWN(a, ChartDep, c->meta.ndeps);
        if (!o->meta.deps) return NULL;
        memcpy(o->meta.deps, c->meta.deps, c->meta.ndeps * sizeof(ChartDep));
    }
    o->deps = ARENA_NEWN(a, Chart *, c->ndeps ? c->ndeps : 1);
    if (!o->deps) return NULL;
    for (uint32_t i = 0; i < c->ndeps; i++) {
        Chart *d = ARENA_NEW(a, Chart);
        if (!d) return NULL;
        *d = *c->deps[i];
        d->parent = o;
        o->deps[i] = d;
    }
    return o;
}

/* getAliasDependency */
static Chart *alias_dep(Pd *p, Chart *const *charts, uint32_t n, const ChartDep *r)
{
    for (uint32_t i = 0; i < n; i++) {
        Chart *c = charts[i];
        if (!str_eq(c->meta.name, r->name) || !compatible(r->version, c->meta.version)) continue;
        Chart *o = copy_chart(p->a, c);
        if (o && r->alias->len) o->meta.name = r->alias;
        return o;
    }
    return NULL;
}

/* Values.Table: the map at a dotted path, or NULL with *bad = the key that
 * failed (helm's ErrNoTable). */
static Map *table_at(Arena *a, Map *v, const char *path, const char **bad)
{
    const char *s = path;
    for (;;) {
        const char *dot = strchr(s, '.');
        size_t n = dot ? (size_t)(dot - s) : strlen(s);
        Value *x = map_getn(v, s, n);
        if (!x || x->kind != V_MAP) {
            *bad = arena_strndup(a, s, n);
            return NULL;
        }
        v = x->u.m;
        if (!dot) return v;
        s = dot + 1;
    }
}

/* Values.PathValue: a non-table value at a dotted path. */
static Value *path_value(Arena *a, Map *v, const char *path)
{
    const char *last = strrchr(path, '.');
    Map *t = v;
    if (last) {
        const char *bad;
        char *head = arena_strndup(a, path, (size_t)(last - path));
        if (!head || !(t = table_at(a, v, head, &bad))) return NULL;
    }
    Value *x = map_gets(t, last ? last + 1 : path);
    return x && x->kind != V_MAP ? x : NULL;
}

static void process_tags(Pd *p, ChartMeta *m, Map *cvals)
{
    Value *tv = map_gets(cvals, "tags");
    if (!tv || tv->kind != V_MAP) return;
    for (uint32_t i = 0; i < m->ndeps; i++) {
        ChartDep *r = &m->deps[i];
        bool has_true = false, has_false = false;
        for (uint32_t k = 0; r->tags.kind == V_LIST && k < r->tags.u.l->len; k++) {
            Value t = r->tags.u.l->items[k];
            if (t.kind != V_STR) continue;
            Value *b = map_get(tv->u.m, t.u.s);
            if (!b) continue;
            if (b->kind == V_BOOL) {
                if (b->u.b) has_true = true;
                else has_false = true;
            } else {
                warn(p->logs, "returned non-bool value", "tag", t.u.s->s, "chart", r->name->s);
            }
        }
        if (!has_true && has_false) r->enabled = false;
        else r->enabled = true;
    }
}

static void process_conditions(Pd *p, ChartMeta *m, Map *cvals, const char *cpath)
{
    for (uint32_t i = 0; i < m->ndeps; i++) {
        ChartDep *r = &m->deps[i];
        const char *s = r->condition->s;
        size_t n = r->condition->len;
        while (n && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) { s++; n--; }
        while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r'))) n--;
        size_t st = 0;
        while (st <= n) {
            size_t e = st;
            while (e < n && s[e] != ',') e++;
            if (e > st) {
                char *c = arena_strndup(p->a, s + st, e - st);
                char *full = arena_printf(p->a, "%s%s", cpath, c);
                Value *v = full ? path_value(p->a, cvals, full) : NULL;
                if (v) {
                    if (v->kind == V_BOOL) {
                        r->enabled = v->u.b;
                        break;
                    }
                    warn(p->logs, "returned non-bool value", "path", c, "chart", r->name->s);
                }
            }
            st = e + 1;
        }
    }
}

static int process_enabled(Pd *p, Chart *c, Value v, const char *path)
{
    if (!c->meta.has_deps) return 0;
    if (++p->depth > 200) {
        buf_adds(p->err, "charts nested too deeply");
        return -1;
    }
    Arena *a = p->a;
    ChartMeta *m = &c->meta;
    uint32_t cap = c->ndeps + m->ndeps + 1, n = 0;
    Chart **list = ARENA_NEWN(a, Chart *, cap);
    if (!list) { buf_adds(p->err, "out of memory"); return -1; }
    for (uint32_t i = 0; i < c->ndeps; i++) {
        Chart *ex = c->deps[i];
        bool declared = false;
        for (uint32_t k = 0; k < m->ndeps && !declared; k++)
            declared = m->deps[k].name && str_eq(ex->meta.name, m->deps[k].name) &&
                       compatible(m->deps[k].version, ex->meta.version);
        if (!declared) list[n++] = ex;
    }
    for (uint32_t k = 0; k < m->ndeps; k++) {
        ChartDep *r = &m->deps[k];
        if (!r->name) continue;
        Chart *cd = alias_dep(p, c->deps, c->ndeps, r);
        if (cd) list[n++] = cd;
        if (r->alias->len) r->name = r->alias;
    }
    c->deps = list;
    c->ndeps = n;
    for (uint32_t i = 0; i < n; i++) list[i]->parent = c;
    for (uint32_t k = 0; k < m->ndeps; k++) m->deps[k].enabled = true;

    Value cvals;
    ArenaMark mark = arena_mark(&p->tmp);
    if (chart_coalesce_values(&p->tmp, c, v, false, &cvals, p->logs, p->err)) return -1;
    process_tags(p, m, cvals.u.m);
    process_conditions(p, m, cvals.u.m, path);

    uint32_t keep = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool off = false;
        for (uint32_t k = 0; k < m->ndeps && !off; k++)
            off = !m->deps[k].enabled && str_eq(m->deps[k].name, list[i]->meta.name);
        if (!off) list[keep++] = list[i];
    }
    c->ndeps = keep;
    uint32_t mk = 0;
    for (uint32_t k = 0; k < m->ndeps; k++) {
        bool off = false;
        for (uint32_t j = 0; j < m->ndeps && !off; j++)
            off = !m->deps[j].enabled && str_eq(m->deps[j].name, m->deps[k].name);
        if (!off) m->deps[mk++] = m->deps[k];
    }
    m->ndeps = mk;
    for (uint32_t i = 0; i < c->ndeps; i++) {
        Chart *t = c->deps[i];
        char *sub = arena_printf(a, "%s%s.", path, t->meta.name->s);
        if (!sub || process_enabled(p, t, cvals, sub)) return -1;
    }
    arena_release(&p->tmp, mark);
    p->depth--;
    return 0;
}

/* pathToMap */
static Map *path_to_map(Arena *a, const char *path, Map *data)
{
    if (strcmp(path, ".") == 0) return data;
    Map *cur = data;
    const char *end = path + strlen(path);
    while (end >= path) {
        const char *st = end;
        while (st > path && st[-1] != '.') st--;
        Map *m = map_new(a, 1);
        map_set(a, m, str_new(a, st, (size_t)(end - st)), val_map(cur));
        cur = m;
        if (st == path) break;
        end = st - 1;
    }
    return cur;
}

static const char *sprint(Arena *a, Value *v)
{
    Buf b = BUF_INIT;
    if (v) fmt_value(&b, *v);
    else buf_adds(&b, "<nil>");
    char *s = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static int process_import_values(Pd *p, Chart *c)
{
    if (!c->meta.has_deps) return 0;
    Arena *a = p->a;
    Value cv;
    if (chart_coalesce_values(a, c, val_nil(), true, &cv, p->logs, p->err)) return -1;
    Map *cvals = cv.u.m;
    Map *b = map_new(a, 0);
    for (uint32_t k = 0; k < c->meta.ndeps; k++) {
        ChartDep *r = &c->meta.deps[k];
        if (r->import_values.kind != V_LIST) continue;
        List *out = list_new(a, 0);
        List *in = r->import_values.u.l;
        for (uint32_t i = 0; i < in->len; i++) {
            Value iv = in->items[i];
            const char *child, *parent;
            if (iv.kind == V_MAP) {
                child = sprint(a, map_gets(iv.u.m, "child"));
                parent = sprint(a, map_gets(iv.u.m, "parent"));
            } else if (iv.kind == V_STR) {
                child = arena_printf(a, "exports.%s", iv.u.s->s);
                parent = ".";
            } else {
                continue;
            }
            Map *pair = map_new(a, 2);
            map_sets(a, pair, "child", val_cstr(a, child));
            map_sets(a, pair, "parent", val_cstr(a, parent));
            Value pv = val_map(pair);
            pv.gtype = GT_MAP_STRING;
            list_push(a, out, pv);

            const char *bad = "";
            char *tpath = arena_printf(a, "%s.%s", r->name->s, child);
            Map *t = tpath ? table_at(a, cvals, tpath, &bad) : NULL;
            if (!t) {
                Buf e = BUF_INIT;
                fmt_quote(&e, bad, strlen(bad));
                buf_adds(&e, " is not a table");
                if (iv.kind == V_MAP) warn(p->logs, "ImportValues missing table from chart", "chart", r->name->s, "error", e.data);
                else warn(p->logs, "ImportValues missing table", "error", e.data, NULL, NULL);
                buf_free(&e);
                continue;
            }
            chart_coalesce_tables(a, b, iv.kind == V_MAP ? path_to_map(a, parent, t) : t, true, p->logs);
        }
        r->import_values = out->len ? val_list(out) : val_nil();
    }
    /* helm deep-copies cvals before merging b into it because b's tables
     * are cvals' own (merging would alias them and write b's null-padding
     * back into the child's section).  With nothing imported the merge is
     * a no-op and cv, built fresh by the coalesce above, is used as is. */
    if (!map_len(b)) {
        c->values = cv;
        return 0;
    }
    Value copy = val_deepcopy(a, cv);
    chart_coalesce_tables(a, copy.u.m, b, true, p->logs);
    c->values = copy;
    return 0;
}

static int process_imports(Pd *p, Chart *c, int depth)
{
    if (depth > 200) {
        buf_adds(p->err, "charts nested too deeply");
        return -1;
    }
    for (uint32_t i = 0; i < c->ndeps; i++)
        if (process_imports(p, c->deps[i], depth + 1)) return -1;
    return process_import_values(p, c);
}

int chart_process_dependencies(Arena *a, Chart *root, Value user, Buf *logs, Buf *err)
{
    Pd p = {a, logs, err, 0, {0}};
    arena_init(&p.tmp);
    int rc = process_enabled(&p, root, user, "");
    arena_free(&p.tmp);
    return rc ? -1 : process_imports(&p, root, 0);
}

int chart_check_kube_version(const Chart *c, const char *check, const char *shown, Buf *err)
{
    const Str *kv = c->meta.kube_version;
    if (!kv->len || chart_semver_check(kv->s, check) == 1) return 0;
    buf_printf(err, "chart requires kubeVersion: %s which is incompatible with Kubernetes %s", kv->s, shown);
    return -1;
}
