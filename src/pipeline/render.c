/*
 * render.c - the Engine for every template of the tree: parse and compile
 * them all (a parse error names the first bad file in helm's order), then
 * execute the non-partials in that order with each chart's built-in
 * objects.  NOTES.txt is rendered (chartc eval can print it) but not kept.
 *
 * Big trees use several threads (workers.h), with output identical to
 * the one-thread order:
 *
 * - Parsing and compiling: each file is independent; the units are
 *   registered in order afterwards, so redefinitions and the reported
 *   parse error are those of the sequential order.
 * - Rendering is optimistic.  helm runs templates one after another and
 *   a template may change what later ones see (`set .Values`, `merge`
 *   into ., `set .Template`...).  Every map and list reachable from the
 *   built-in objects is flagged shared (val_share), each template gets
 *   its own copy of its chart's context (with its .Template, and copies
 *   of the subcharts' contexts as they stand at that point of the
 *   order), and a function about to write into a shared value aborts the
 *   render instead (Render.guard, vm_fn_guard_map).  Let k be the first
 *   template in order that aborted or failed: what came before is valid;
 *   a failure at k is the failure helm reports; an abort at k reruns k
 *   and everything after it sequentially on the real objects.
 * - Each rendered file is split into documents and their heads parsed
 *   on the thread that rendered it (sort_prepare); sorting stays here.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline_int.h"
#include "workers.h"
#include "../eval/vm.h"
#include "../parser/ast.h"
#include "../sort/sort.h"
#include "../yaml/yaml.h"

/* Below this many templates a thread, or the guarded render's copies of
 * the contexts, cost more than they save. */
#define PAR_MIN_TEMPLATES 8
/* val_share gives up on values nested deeper (then: one thread) */
#define SHARE_DEPTH 10000
/* Each template copies the contexts of its chart's subtree (ctx_view):
 * beyond this many charts, one thread. */
#define PAR_MAX_CHARTS 64

/* helm's cleanupParseError: Go's "template: LOC: ...: LAST" becomes
 * "parse error at (LOC): LAST". */
static void parse_error(Buf *out, const char *goerr)
{
    const char *t1 = strstr(goerr, ": ");
    if (!t1) { buf_printf(out, "parse error in (?): %s", goerr); return; }
    const char *t2 = strstr(t1 + 2, ": ");
    const char *last = t1, *q = t1;
    while ((q = strstr(q + 2, ": "))) last = q;
    size_t loclen = t2 ? (size_t)(t2 - t1 - 2) : strlen(t1 + 2);
    buf_printf(out, "parse error at (%.*s): %s", (int)loclen, t1 + 2, last + 2);
}

static int report_parse_error(Job *j, Buf *err)
{
    Buf m = BUF_INIT;
    parse_error(&m, err->data ? err->data : "");
    pipe_fail(j, m.data, true);
    buf_free(&m);
    return 1;
}

static bool is_partial(const Str *name)
{
    const char *b = strrchr(name->s, '/');
    return (b ? b[1] : name->s[0]) == '_';
}

/* .Template of every template, built once: {Name, BasePath}.  One object
 * per template, as helm's, whichever context shows it; BasePath once per
 * chart.  NULL when out of memory. */
static Value *template_objs(Arena *a, const ChartTemplate *ts, uint32_t nt)
{
    Value *objs = arena_alloc(a, (nt ? nt : 1) * sizeof *objs);
    struct { const Chart *c; Value base; } *seen = arena_alloc(a, (nt ? nt : 1) * sizeof *seen);
    if (!objs || !seen) return NULL;
    uint32_t nseen = 0;
    for (uint32_t i = 0; i < nt; i++) {
        uint32_t k = 0;
        while (k < nseen && seen[k].c != ts[i].chart) k++;
        if (k == nseen) {
            seen[k].c = ts[i].chart;
            seen[k].base = val_cstr(a, arena_printf(a, "%s/templates", chart_full_path(a, ts[i].chart)->s));
            nseen++;
        }
        Map *tm = map_new(a, 2);
        if (!tm) return NULL;
        map_sets(a, tm, "Name", val_str(ts[i].name));
        map_sets(a, tm, "BasePath", seen[k].base);
        objs[i] = val_map(tm);
        objs[i].gtype = GT_MAP_VALUES;
    }
    return objs;
}

/* ---- one thread ---------------------------------------------------------------- */

/* Template t's output: chartc eval's target, or a file for sorting (the
 * text copied to p->a unless it is there already, prep: NULL or its
 * documents read ahead). */
static void keep_output(P *p, const ChartTemplate *t, const char *text, size_t len, bool copy,
                        const SortPrep *prep, SortFile *out, uint32_t *n)
{
    if (p->eval_name && strcmp(t->name->s, p->eval_name) == 0) {
        buf_clear(&p->j->eval_out);
        buf_add(&p->j->eval_out, text ? text : "", len);
    }
    if (sort_is_notes(t->name->s)) return;
    out[*n] = (SortFile){t->name->s, copy ? arena_strndup(p->a, text ? text : "", len) : text, len, prep};
    (*n)++;
}

/* Execute templates [from, nt) in order on the real built-in objects. */
static int render_seq(P *p, Engine *e, ChartTemplate *ts, const Value *tobj, uint32_t from, uint32_t nt,
                      SortFile *out, uint32_t *n)
{
    Arena *a = p->a;
    Render held = {0};
    for (uint32_t i = from; i < nt; i++) {
        if (is_partial(ts[i].name)) continue;
        Map *ctx = pipe_ctx_of(p, ts[i].chart);
        if (!ctx) continue;
        map_sets(a, ctx, "Template", tobj[i]);
        /* each template's temporaries go when it is done, unless a
         * function may have stored some in shared values */
        ArenaMark mark = arena_mark(a);
        Render r;
        vm_render_init(&r, e, a);
        vm_render_move_scratch(&r, &held);
        Buf b = BUF_INIT;
        VmErr *ve = NULL;
        Value dot = val_map(ctx);
        dot.gtype = GT_MAP_VALUES;
        int failed = vm_exec(&r, ts[i].name->s, dot, &b, &ve);
        vm_render_move_scratch(&held, &r);
        vm_render_done(&r);
        if (failed) {
            vm_render_done(&held);
            Buf m = BUF_INIT;
            if (ve) vm_err_helm(ve, &m);
            pipe_fail(p->j, m.data, true);
            buf_free(&m);
            buf_free(&b);
            return 1;
        }
        vm_drop_no_value(&b);
        if (!r.mutated) arena_release(a, mark);
        keep_output(p, &ts[i], b.data, b.len, true, NULL, out, n);
        buf_free(&b);
    }
    vm_render_done(&held);
    return 0;
}

/* ---- parsing while the chart loads ------------------------------------------------------ */

enum { W_NONE, W_TEMPLATE, W_VALUES };                 /* SpecBatch.want */
enum { V_FREE, V_BUSY, V_DONE, V_FAILED, V_TAKEN };       /* SpecBatch.vstate */

/* Files as chart_load_with handed them over. */
typedef struct SpecBatch {
    const ChartFile *files;
    uint32_t n, next;        /* next: the first file not yet claimed */
    uint8_t *want;           /* per file: W_... */
    VmUnit *units;           /* per template: parsed under its file name */
    Value *vals;             /* per values file: decoded (V_DONE) */
    uint8_t *vstate;         /* per values file: V_... (under the lock) */
} SpecBatch;

typedef struct SpecRef {
    SpecBatch *b;
    uint32_t i;
} SpecRef;

struct PipeSpec {
    Engine *e;
    unsigned nw;             /* threads, this one included */
    Arena *varena[PIPE_MAX_WORKERS];   /* values decoded ahead (live until
                                          pipe_spec_free, after the render) */
    SpecRef *vq;             /* values files in the order seen; they go first */
    uint32_t nvq, capvq, vnext;
    uint32_t min;            /* templates worth starting them for */
    Arena *keep[PIPE_MAX_WORKERS];
    PipeThreads *threads;    /* NULL until enough templates came */
    SpecBatch **b;
    uint32_t nb, capb, cur;  /* cur: the batch files are claimed from */
    uint32_t queued;         /* template files in all batches */
    bool closed, cancel;
    pthread_mutex_t lock;
    pthread_cond_t more;
    /* after pipe_spec_finish: every parsed unit by its text */
    const Str **keys;
    VmUnit **vals;
    uint32_t mask;
};

/* "templates/..." of the chart or of a subchart directory, and values.yaml
 * files; other files named so (a subchart's files/templates/x) are
 * decoded in vain, harmlessly. */
static int wanted(const Str *name)
{
    if (strncmp(name->s, "templates/", 10) == 0 || strstr(name->s, "/templates/") != NULL) return W_TEMPLATE;
    if (name->len >= 11 && strcmp(name->s + name->len - 11, "values.yaml") == 0 &&
        (name->len == 11 || name->s[name->len - 12] == '/'))
        return W_VALUES;
    return W_NONE;
}

/* The next file to decode (values files first: loading waits for them);
 * false when there is none (cancelled, or all claimed and no more
 * coming).  Waits for more unless closed. */
static bool spec_claim(PipeSpec *s, SpecBatch **bt, uint32_t *i)
{
    bool got = false;
    pthread_mutex_lock(&s->lock);
    while (!s->cancel) {
        while (s->vnext < s->nvq && s->vq[s->vnext].b->vstate[s->vq[s->vnext].i] != V_FREE) s->vnext++;
        if (s->vnext < s->nvq) {
            SpecRef r = s->vq[s->vnext++];
            r.b->vstate[r.i] = V_BUSY;
            *bt = r.b;
            *i = r.i;
            got = true;
            break;
        }
        while (s->cur < s->nb) {
            SpecBatch *b = s->b[s->cur];
            while (b->next < b->n && b->want[b->next] != W_TEMPLATE) b->next++;
            if (b->next < b->n) break;
            s->cur++;
        }
        if (s->cur < s->nb) {
            *bt = s->b[s->cur];
            *i = (*bt)->next++;
            got = true;
            break;
        }
        if (s->closed) break;
        pthread_cond_wait(&s->more, &s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return got;
}

static void spec_worker(void *arg, unsigned w)
{
    PipeSpec *s = arg;
    Arena scratch;
    arena_init(&scratch);
    SpecBatch *b;
    uint32_t i;
    while (spec_claim(s, &b, &i)) {
        const ChartFile *f = &b->files[i];
        if (b->want[i] == W_TEMPLATE) {
            vm_unit_compile(s->e, s->keep[w], &scratch, f->name->s, f->data->s, f->data->len, &b->units[i]);
            continue;
        }
        Buf e = BUF_INIT;
        bool ok = yaml_load_values(s->varena[w], f->data->s, f->data->len, &b->vals[i], &e) == 0;
        buf_free(&e);
        pthread_mutex_lock(&s->lock);
        b->vstate[i] = ok ? V_DONE : V_FAILED;
        pthread_cond_broadcast(&s->more);
        pthread_mutex_unlock(&s->lock);
    }
    arena_free(&scratch);
}

/* helm's chart engine: Sprig's getHostByName only with --enable-dns
 * (helmfn.c's stand-in returns "" otherwise) */
static Engine *chart_engine(const P *p)
{
    return p->o->enable_dns ? vm_engine_new_with(pipe_dns_fns, 1) : vm_engine_new();
}

PipeSpec *pipe_spec_new(P *p)
{
    int forced;
    unsigned nw = pipe_workers_count(&forced);
    if (nw < 2) return NULL;
    PipeSpec *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->nw = nw;
    /* below PAR_MIN_TEMPLATES a thread costs more than it saves ($CHARTC_THREADS:
     * tests take this path on small charts too) */
    s->min = forced ? 1 : PAR_MIN_TEMPLATES;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->more, NULL);
    bool ok = (s->e = p->e ? p->e : chart_engine(p)) != NULL;
    p->e = s->e;
    for (unsigned w = 0; w < nw && ok; w++) {
        ok = (s->keep[w] = vm_engine_arena(s->e)) != NULL && (s->varena[w] = malloc(sizeof(Arena))) != NULL;
        if (ok) arena_init(s->varena[w]);
    }
    if (!ok) {
        pipe_spec_free(s);
        return NULL;
    }
    return s;
}

void pipe_spec_seen(void *spec, const ChartFile *files, uint32_t n)
{
    PipeSpec *s = spec;
    uint32_t k = 0, nv = 0;
    uint8_t *want = calloc(n, 1);
    if (!want) return;
    for (uint32_t i = 0; i < n; i++) {
        want[i] = (uint8_t)wanted(files[i].name);
        k += want[i] == W_TEMPLATE;
        nv += want[i] == W_VALUES;
    }
    SpecBatch *b = k + nv ? calloc(1, sizeof *b) : NULL;
    if (!b) {
        free(want);
        return;
    }
    b->want = want;
    b->units = calloc(n, sizeof *b->units);
    b->vals = nv ? calloc(n, sizeof *b->vals) : NULL;
    b->vstate = nv ? calloc(n, 1) : NULL;
    if (!b->units || (nv && (!b->vals || !b->vstate))) goto oom;
    b->files = files;
    b->n = n;
    pthread_mutex_lock(&s->lock);
    bool room = true;
    if (s->nb == s->capb) {
        uint32_t cap = s->capb ? s->capb * 2 : 8;
        SpecBatch **nb = realloc(s->b, cap * sizeof *nb);
        if (nb) s->b = nb, s->capb = cap;
        room = nb != NULL;
    }
    if (room && s->nvq + nv > s->capvq) {
        uint32_t cap = s->capvq ? s->capvq * 2 : 16;
        while (cap < s->nvq + nv) cap *= 2;
        SpecRef *nq = realloc(s->vq, cap * sizeof *nq);
        if (nq) s->vq = nq, s->capvq = cap;
        room = nq != NULL;
    }
    if (!room) {
        pthread_mutex_unlock(&s->lock);
        goto oom;
    }
    s->b[s->nb++] = b;
    for (uint32_t i = 0; i < n; i++)
        if (want[i] == W_VALUES) s->vq[s->nvq++] = (SpecRef){b, i};
    s->queued += k;
    pthread_cond_broadcast(&s->more);
    pthread_mutex_unlock(&s->lock);
    if (!s->threads && s->queued >= s->min) s->threads = pipe_workers_start(s->nw, spec_worker, s);
    return;
oom:
    /* not parsed ahead: pipe_render_all parses these itself */
    free(b->want);
    free(b->units);
    free(b->vals);
    free(b->vstate);
    free(b);
}

bool pipe_spec_values(void *spec, const Str *text, Value *out)
{
    PipeSpec *s = spec;
    bool got = false;
    pthread_mutex_lock(&s->lock);
    for (uint32_t k = 0; k < s->nvq; k++) {
        SpecBatch *b = s->vq[k].b;
        uint32_t i = s->vq[k].i;
        if (b->files[i].data != text) continue;
        while (b->vstate[i] == V_BUSY) pthread_cond_wait(&s->more, &s->lock);
        if (b->vstate[i] == V_DONE) {
            *out = b->vals[i];
            got = true;
        }
        /* taken either way: a failure is decoded again for its message */
        b->vstate[i] = V_TAKEN;
        break;
    }
    pthread_mutex_unlock(&s->lock);
    return got;
}

/* Set s->closed or s->cancel and wake the waiting threads. */
static void spec_flag(PipeSpec *s, bool *flag)
{
    pthread_mutex_lock(&s->lock);
    *flag = true;
    pthread_cond_broadcast(&s->more);
    pthread_mutex_unlock(&s->lock);
}

void pipe_spec_close(PipeSpec *s)
{
    if (s) spec_flag(s, &s->closed);
}

void pipe_spec_free(PipeSpec *s)
{
    if (!s) return;
    spec_flag(s, &s->cancel);
    pipe_workers_join(s->threads);
    for (uint32_t k = 0; k < s->nb; k++) {
        for (uint32_t i = 0; i < s->b[k]->n; i++) buf_free(&s->b[k]->units[i].err);
        free(s->b[k]->want);
        free(s->b[k]->units);
        free(s->b[k]->vals);
        free(s->b[k]->vstate);
        free(s->b[k]);
    }
    for (unsigned w = 0; w < PIPE_MAX_WORKERS; w++) {
        if (s->varena[w]) arena_free(s->varena[w]);
        free(s->varena[w]);
    }
    free(s->vq);
    free(s->b);
    free(s->keys);
    free(s->vals);
    pthread_cond_destroy(&s->more);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

static uint32_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (uint32_t)x;
}

/* Parse what is left here (the other threads help), wait for them, and
 * index every unit that parsed by its text.  false: out of memory (then
 * nothing is taken from s). */
static bool spec_finish(PipeSpec *s)
{
    pipe_spec_close(s);
    if (s->threads) spec_worker(s, 0);
    pipe_workers_join(s->threads);
    s->threads = NULL;
    uint32_t total = 0;
    for (uint32_t k = 0; k < s->nb; k++) total += s->b[k]->n;
    uint32_t cap = 16;
    while (cap < total * 2) cap *= 2;
    s->keys = calloc(cap, sizeof *s->keys);
    s->vals = calloc(cap, sizeof *s->vals);
    if (!s->keys || !s->vals) return false;
    s->mask = cap - 1;
    for (uint32_t k = 0; k < s->nb; k++) {
        SpecBatch *b = s->b[k];
        for (uint32_t i = 0; i < b->n; i++) {
            if (b->want[i] != W_TEMPLATE || !b->units[i].trees) continue;
            uint32_t h = ptr_hash(b->files[i].data) & s->mask;
            while (s->keys[h]) h = (h + 1) & s->mask;
            s->keys[h] = b->files[i].data;
            s->vals[h] = &b->units[i];
        }
    }
    return true;
}

/* The unit parsed from text data, renamed to name: NULL when there is
 * none, or when its parse could differ from one under the final name (a
 * define named as the file under either name), so it must be parsed
 * again.  Taken only once. */
static VmUnit *spec_take(PipeSpec *s, const Str *data, Str *name)
{
    if (!s->keys) return NULL;
    uint32_t h = ptr_hash(data) & s->mask;
    while (s->keys[h] && s->keys[h] != data) h = (h + 1) & s->mask;
    if (!s->keys[h]) return NULL;
    VmUnit *u = s->vals[h];
    s->vals[h] = NULL;
    if (!u || !u->trees) return NULL;
    Tree *top = NULL;
    for (Tree *t = u->trees; t; t = t->next) {
        if (t->file) {
            if (top) return NULL;
            top = t;
        } else if (str_eq(t->name, name) || strcmp(t->name->s, u->name) == 0) {
            return NULL;
        }
    }
    if (!top) return NULL;
    top->name = name;
    for (Tree *t = u->trees; t; t = t->next) t->parse_name = name->s;
    u->name = name->s;
    return u;
}

/* ---- several threads: parsing ------------------------------------------------------ */

typedef struct ParParse {
    Engine *e;
    ChartTemplate *ts;
    uint32_t nt;
    VmUnit *units;
    Arena *keep[PIPE_MAX_WORKERS];
    atomic_uint next;
} ParParse;

static void parse_worker(void *arg, unsigned w)
{
    ParParse *x = arg;
    Arena scratch;
    arena_init(&scratch);
    for (;;) {
        unsigned i = atomic_fetch_add(&x->next, 1);
        if (i >= x->nt) break;
        const Str *src = x->ts[i].data;
        vm_unit_compile(x->e, x->keep[w], &scratch, x->ts[i].name->s, src->s, src->len, &x->units[i]);
    }
    arena_free(&scratch);
}

static int parse_all(P *p, Engine *e, ChartTemplate *ts, uint32_t nt, unsigned nw)
{
    /* out of memory there: nothing is taken from it */
    if (p->spec) (void)spec_finish(p->spec);
    if (nw > 1 || p->spec) {
        /* units parsed while loading; the rest: ts[todo[k]] */
        VmUnit **take = calloc(nt ? nt : 1, sizeof *take);
        uint32_t *todo = calloc(nt ? nt : 1, sizeof *todo), ntodo = 0;
        ParParse x = {e, NULL, 0, NULL, {0}, 0};
        bool ok = take && todo;
        for (uint32_t i = 0; i < nt && ok; i++) {
            take[i] = p->spec ? spec_take(p->spec, ts[i].data, ts[i].name) : NULL;
            if (!take[i]) todo[ntodo++] = i;
        }
        if (ok && ntodo) {
            x.ts = calloc(ntodo, sizeof *x.ts);
            x.units = calloc(ntodo, sizeof *x.units);
            x.nt = ntodo;
            ok = x.ts && x.units;
            for (uint32_t k = 0; k < ntodo && ok; k++) x.ts[k] = ts[todo[k]];
            unsigned n = nw > 1 && ntodo >= PAR_MIN_TEMPLATES ? nw : 1;
            for (unsigned w = 0; w < n && ok; w++) ok = (x.keep[w] = vm_engine_arena(e)) != NULL;
            if (ok) pipe_workers_run(n, parse_worker, &x);
            for (uint32_t k = 0; k < ntodo && ok; k++) take[todo[k]] = &x.units[k];
        }
        int rc = ok ? 0 : pipe_fail(p->j, "out of memory", false);
        for (uint32_t i = 0; i < nt && !rc; i++) {
            Buf err = BUF_INIT;
            if (vm_engine_add_unit(e, take[i], &err)) rc = report_parse_error(p->j, &err);
            buf_free(&err);
        }
        for (uint32_t k = 0; x.units && k < ntodo; k++) buf_free(&x.units[k].err);
        free(x.units);
        free(x.ts);
        free(todo);
        free(take);
        return rc;
    }
    for (uint32_t i = 0; i < nt; i++) {
        Buf err = BUF_INIT;
        int bad = vm_engine_add_ref(e, ts[i].name->s, ts[i].data->s, ts[i].data->len, &err);
        if (bad) {
            report_parse_error(p->j, &err);
            buf_free(&err);
            return 1;
        }
        buf_free(&err);
    }
    return 0;
}

/* ---- the guarded render, on one thread or several ----------------------------------- */

enum { S_SKIP, S_OK, S_FAIL, S_CONFLICT };

typedef struct Slot {
    int state;
    const char *text;        /* S_OK, in the worker's p->keep arena ("": not
                                needed, neither --debug nor chartc eval's) */
    size_t len;
    const SortPrep *prep;    /* in the worker's p->keep arena */
    Buf msg;                 /* S_FAIL: helm's message */
} Slot;

typedef struct ParRender {
    P *p;
    Engine *e;
    ChartTemplate *ts;
    const Value *tobj;       /* per template: its .Template, flagged shared */
    uint32_t nt;
    int *chart;              /* per template: index in p->ctx, -1: not rendered */
    uint32_t *by_chart;      /* template numbers grouped by chart, ascending */
    uint32_t *first;         /* chart c's are by_chart[first[c] .. first[c + 1]) */
    Slot *slots;
    uint32_t *order;         /* the templates to render, longest text first
                                (a long one last would leave one thread
                                working alone) */
    uint32_t norder;
    atomic_uint next;        /* in order[] */
    atomic_uint stop;        /* first template that failed or aborted */
} ParRender;

static int ctx_index(const P *p, const Map *m)
{
    for (uint32_t c = 0; c < p->nctx; c++)
        if (p->ctx[c].m == m) return (int)c;
    return -1;
}

/* The last template of chart c before template i, -1 if none. */
static int last_before(const ParRender *x, int c, uint32_t i)
{
    uint32_t lo = x->first[c], hi = x->first[c + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (x->by_chart[mid] < i) lo = mid + 1;
        else hi = mid;
    }
    return lo > x->first[c] ? (int)x->by_chart[lo - 1] : -1;
}

/* The context of chart c as template i sees it: a copy of the real one,
 * its .Template that of i (own chart) or of the last template of c before
 * i (a subchart's, as the sequential order leaves it; none yet: absent),
 * its .Subcharts copies of the same kind.  All of it flagged shared. */
static Map *ctx_view(ParRender *x, Arena *a, int c, uint32_t i, bool own, int depth)
{
    const Map *real = x->p->ctx[c].m;
    Map *m = map_new(a, real->count + 1);
    if (!m) return NULL;
    for (uint32_t k = 0; k < real->used; k++)
        if (real->entries[k].key && !map_set(a, m, real->entries[k].key, real->entries[k].val)) return NULL;
    int t = own ? (int)i : last_before(x, c, i);
    if (t >= 0) {
        if (!map_sets(a, m, "Template", x->tobj[t])) return NULL;
    }
    Value *subs = map_gets(real, "Subcharts");
    if (subs && subs->kind == V_MAP && map_len(subs->u.m) && depth < 1000) {
        const Map *rs = subs->u.m;
        Map *ns = map_new(a, rs->count);
        if (!ns) return NULL;
        for (uint32_t k = 0; k < rs->used; k++) {
            const MapEntry *en = &rs->entries[k];
            if (!en->key) continue;
            Value v = en->val;
            int sc = v.kind == V_MAP ? ctx_index(x->p, v.u.m) : -1;
            if (sc >= 0 && !(v.u.m = ctx_view(x, a, sc, i, false, depth + 1))) return NULL;
            if (!map_set(a, ns, en->key, v)) return NULL;
        }
        ns->flags = rs->flags | MAP_SHARED | MAP_CTX;
        Value sv = *subs;
        sv.u.m = ns;
        if (!map_sets(a, m, "Subcharts", sv)) return NULL;
    }
    m->flags = real->flags | MAP_SHARED | MAP_CTX;
    return m;
}

static void lower_stop(ParRender *x, unsigned i)
{
    unsigned cur = atomic_load(&x->stop);
    while (i < cur && !atomic_compare_exchange_weak(&x->stop, &cur, i)) {}
}

/* Render template i with arena a (emptied again after) into b; the
 * result goes to its slot, kept in arena keep. */
static void render_one(ParRender *x, Arena *a, Arena *keep, Buf *b, Render *held, IncludeXMemo *xmemo,
                       uint32_t i)
{
    P *p = x->p;
    Slot *s = &x->slots[i];
    const ChartTemplate *t = &x->ts[i];
    ArenaMark mark = arena_mark(a);
    Map *ctx = ctx_view(x, a, x->chart[i], i, true, 0);
    Render r;
    vm_render_init(&r, x->e, a);
    vm_render_move_scratch(&r, held);
    r.guard = 1;
    r.xmemo = xmemo;
    r.ctx = ctx;
    r.ctx_key = p->ctx[x->chart[i]].m;
    buf_clear(b);
    VmErr *ve = NULL;
    Value dot = ctx ? val_map(ctx) : val_nil();
    dot.gtype = GT_MAP_VALUES;
    if (!ctx) {
        s->state = S_CONFLICT;   /* out of memory: let the sequential render say so */
    } else if (vm_exec(&r, t->name->s, dot, b, &ve)) {
        s->state = r.conflict ? S_CONFLICT : S_FAIL;
        if (!r.conflict && ve) vm_err_helm(ve, &s->msg);
    } else {
        vm_drop_no_value(b);
        bool notes = sort_is_notes(t->name->s);
        bool eval = p->eval_name && strcmp(t->name->s, p->eval_name) == 0;
        const char *text = b->data ? b->data : "";
        s->prep = notes ? NULL : sort_prepare(keep, a, text, b->len);
        /* the documents are in prep: the whole text only for chartc eval
         * and for --debug's dump when sorting fails */
        if (eval || (!notes && p->o->debug)) {
            s->text = arena_strndup(keep, text, b->len);
            s->len = b->len;
        } else {
            s->text = "";
        }
        /* out of memory anywhere: the sequential render reports it */
        s->state = (notes || s->prep) && s->text ? S_OK : S_CONFLICT;
    }
    if (s->state != S_OK) lower_stop(x, i);
    vm_render_move_scratch(held, &r);
    vm_render_done(&r);
    arena_release(a, mark);
}

static void render_worker(void *arg, unsigned w)
{
    ParRender *x = arg;
    Arena a;
    arena_init(&a);
    Buf b = BUF_INIT;
    Render held = {0};
    /* NULL (no memory): every template includes for itself */
    IncludeXMemo *xmemo = vm_xmemo_new(&x->p->keep[w]);
    for (;;) {
        unsigned k = atomic_fetch_add(&x->next, 1);
        if (k >= x->norder) break;
        /* past the first failure nothing counts */
        uint32_t i = x->order[k];
        if (i <= atomic_load(&x->stop)) render_one(x, &a, &x->p->keep[w], &b, &held, xmemo, i);
    }
    vm_render_done(&held);
    buf_free(&b);
    arena_free(&a);
}

typedef struct SizeIdx {
    size_t len;
    uint32_t i;
} SizeIdx;

static int by_len_desc(const void *pa, const void *pb)
{
    const SizeIdx *a = pa, *b = pb;
    if (a->len != b->len) return a->len < b->len ? 1 : -1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Flag what templates share; false: some of it could not be (too deep). */
static bool share_objects(P *p)
{
    Arena tmp;
    arena_init(&tmp);
    bool ok = true;
    for (uint32_t c = 0; c < p->nctx && ok; c++) ok = val_share(&tmp, val_map(p->ctx[c].m), SHARE_DEPTH);
    arena_free(&tmp);
    return ok;
}

/* Render on nw threads (one too), each template on its own copy of the
 * contexts and under the guard; the templates from *from on are still to
 * be rendered in order (nt: none).  1 on a reported failure. */
static int render_par(P *p, Engine *e, ChartTemplate *ts, const Value *tobj, uint32_t nt, unsigned nw,
                      SortFile *out, uint32_t *n, uint32_t *from)
{
    for (uint32_t i = 0; i < nt; i++) tobj[i].u.m->flags |= MAP_SHARED;
    ParRender x = {p, e, ts, tobj, nt, calloc(nt, sizeof(int)), calloc(nt ? nt : 1, sizeof(uint32_t)),
                   calloc(p->nctx + 1, sizeof(uint32_t)), calloc(nt, sizeof(Slot)),
                   calloc(nt ? nt : 1, sizeof(uint32_t)), 0, 0, nt};
    *from = 0;
    int rc = 0;
    if (!x.chart || !x.by_chart || !x.first || !x.slots || !x.order) goto out;
    if (!(p->keep = calloc(nw, sizeof *p->keep))) goto out;
    p->nkeep = nw;
    for (unsigned w = 0; w < nw; w++) arena_init(&p->keep[w]);
    for (uint32_t i = 0; i < nt; i++) {
        Map *ctx = is_partial(ts[i].name) ? NULL : pipe_ctx_of(p, ts[i].chart);
        x.chart[i] = ctx ? ctx_index(p, ctx) : -1;
        if (x.chart[i] >= 0) x.first[x.chart[i] + 1]++;
    }
    for (uint32_t c = 0; c < p->nctx; c++) x.first[c + 1] += x.first[c];
    uint32_t *fill = calloc(p->nctx ? p->nctx : 1, sizeof *fill);
    if (!fill) goto out;
    for (uint32_t i = 0; i < nt; i++)
        if (x.chart[i] >= 0) x.by_chart[x.first[x.chart[i]] + fill[x.chart[i]]++] = i;
    free(fill);
    SizeIdx *sz = calloc(nt ? nt : 1, sizeof *sz);
    if (!sz) goto out;
    for (uint32_t i = 0; i < nt; i++)
        if (x.chart[i] >= 0) sz[x.norder++] = (SizeIdx){ts[i].data->len, i};
    qsort(sz, x.norder, sizeof *sz, by_len_desc);
    for (uint32_t k = 0; k < x.norder; k++) x.order[k] = sz[k].i;
    free(sz);
    pipe_workers_run(nw, render_worker, &x);
    uint32_t stop = atomic_load(&x.stop);
    for (uint32_t i = 0; i < stop; i++) {
        Slot *s = &x.slots[i];
        if (s->state == S_OK) keep_output(p, &ts[i], s->text, s->len, false, s->prep, out, n);
    }
    if (stop < nt && x.slots[stop].state == S_FAIL) {
        pipe_fail(p->j, x.slots[stop].msg.data, true);
        rc = 1;
    } else if (stop < nt) {
        /* the real contexts as the sequential order leaves them at stop */
        for (uint32_t c = 0; c < p->nctx; c++)
            for (uint32_t j = stop; j-- > 0;)
                if (x.chart[j] == (int)c) {
                    map_sets(p->a, p->ctx[c].m, "Template", tobj[j]);
                    break;
                }
    }
    *from = stop;
    for (uint32_t i = 0; i < nt; i++) buf_free(&x.slots[i].msg);
out:
    free(x.chart);
    free(x.by_chart);
    free(x.first);
    free(x.slots);
    free(x.order);
    return rc;
}

void pipe_render_free(P *p)
{
    for (unsigned w = 0; w < p->nkeep; w++) arena_free(&p->keep[w]);
    free(p->keep);
    p->keep = NULL;
    p->nkeep = 0;
}

/* Parse every template, execute the non-partials; *files gets the
 * non-NOTES outputs.  1 on error (already reported). */
int pipe_render_all(P *p, ChartTemplate *ts, uint32_t nt, SortFile **files, uint32_t *nfiles)
{
    Job *j = p->j;
    Engine *e = p->e ? p->e : chart_engine(p);
    p->e = NULL;
    if (!e) return pipe_fail(j, "out of memory", false);
    int forced;
    unsigned nw = pipe_workers_count(&forced);
    /* enough templates for the guarded render (render_par), on as many
     * threads as there are: with one it still shares include results
     * between templates (memo.c), which the plain order cannot */
    bool guarded = nt >= (forced ? 1 : PAR_MIN_TEMPLATES);
    if (!guarded) nw = 1;
    int rc = 1;
    if (parse_all(p, e, ts, nt, nw)) goto done;
    vm_engine_seal(e);
    SortFile *out = arena_alloc(p->a, (nt ? nt : 1) * sizeof *out);
    const Value *tobj = template_objs(p->a, ts, nt);
    if (!out || !tobj) { pipe_fail(j, "out of memory", false); goto done; }
    uint32_t n = 0, from = 0;
    if (guarded && p->nctx <= PAR_MAX_CHARTS && share_objects(p) &&
        render_par(p, e, ts, tobj, nt, nw, out, &n, &from))
        goto done;
    if (render_seq(p, e, ts, tobj, from, nt, out, &n)) goto done;
    *files = out;
    *nfiles = n;
    rc = 0;
done:
    vm_engine_free(e);
    return rc;
}
