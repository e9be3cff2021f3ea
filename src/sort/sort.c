/*
 * sort.c - helm's releaseutil manifest splitting and sorting, and the
 * output assembly of `helm template` (v4.1.4).
 *
 * Splitting uses the RE2 `(?:^|\s*\n)---\s*` (\s = [\t\n\f\r ]) with Go's
 * leftmost-first semantics, which we evaluate directly: a separator is a
 * whitespace run whose last byte is '\n', followed by "---", plus all the
 * whitespace after it (or "---" at the very start of the text).  The greedy
 * trailing \s* swallows a following newline, so "---\n---\nx" yields
 * "---\nx" as one document ($H: "# c\n---\n---\nkind: ConfigMap" prints the
 * second doc with its leading ---).
 *
 * Document heads are decoded like helm's SimpleHead struct through
 * sigs.k8s.io/yaml: keys match case-insensitively, the object is visited in
 * sorted key order, scalars become strings, and the first type error is
 * reported in encoding/json's words.
 *
 * Ordering: manifests and hooks are each stably sorted by kind - known
 * kinds by install-order index before all unknown kinds, unknown kinds by
 * byte order ("" < "Beta" < "alpha"), same kind keeps path/in-file order.
 */
#include "sort.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../chart/chart.h"
#include "../chart/text.h"
#include "../value/fmt.h"
#include "../yaml/yaml.h"

/* helm v4 InstallOrder. */
static const char *const install_order[] = {
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
};

static const struct { const char *name; unsigned ev; } hook_events[] = {
    {"pre-install", SORT_PRE_INSTALL}, {"post-install", SORT_POST_INSTALL},
    {"pre-delete", SORT_PRE_DELETE}, {"post-delete", SORT_POST_DELETE},
    {"pre-upgrade", SORT_PRE_UPGRADE}, {"post-upgrade", SORT_POST_UPGRADE},
    {"pre-rollback", SORT_PRE_ROLLBACK}, {"post-rollback", SORT_POST_ROLLBACK},
    {"test", SORT_TEST}, {"test-success", SORT_TEST},
};

int sort_kind_rank(const char *kind, size_t n)
{
    for (size_t i = 0; i < sizeof install_order / sizeof *install_order; i++)
        if (strlen(install_order[i]) == n && memcmp(install_order[i], kind, n) == 0) return (int)i;
    return -1;
}

bool sort_is_notes(const char *path)
{
    size_t n = strlen(path);
    return n >= 9 && strcmp(path + n - 9, "NOTES.txt") == 0;
}

/* ---- text helpers ------------------------------------------------------ */

static bool re_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

/* Length of a valid multi-byte space at s, 0 if none. */
static size_t mb_space(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0)) return 2;
    if (n >= 3 && (s[0] == 0xE1 || s[0] == 0xE2 || s[0] == 0xE3)) {
        uint32_t r = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if ((s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 && chart_unicode_space(r)) return 3;
    }
    return 0;
}

/* strings.TrimSpace */
static void trim_space(const char **s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t len = *n, k;
    while (len) {
        if (p[0] < 0x80) {
            if (!chart_unicode_space(p[0])) break;
            p++; len--;
        } else if ((k = mb_space(p, len))) {
            p += k; len -= k;
        } else break;
    }
    while (len) {
        unsigned char c = p[len - 1];
        if (c < 0x80) {
            if (!chart_unicode_space(c)) break;
            len--;
            continue;
        }
        size_t st = len - 1;
        while (st > 0 && len - st < 4 && (p[st] & 0xC0) == 0x80) st--;
        if ((k = mb_space(p + st, len - st)) && st + k == len) len = st;
        else break;
    }
    *s = (const char *)p;
    *n = len;
}

/* Next separator match at or after `from`: [*ms, *me). */
static bool find_sep(const char *s, size_t n, size_t from, size_t *ms, size_t *me)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = from;
    if (i == 0 && n >= 3 && memcmp(s, "---", 3) == 0) {
        size_t e = 3;
        while (e < n && re_space(u[e])) e++;
        *ms = 0;
        *me = e;
        return true;
    }
    /* A whitespace run qualifies only through its last byte, a '\n'
     * before "---": the first "\n---" marks the first qualifying run,
     * which starts after the last non-space before it (from is never
     * inside a run: it follows a match, which ends at a non-space). */
    if (i >= n) return false;
    const char *q = mem_find_fixed(s + i, n - i, "\n---", 4);
    if (!q) return false;
    size_t j = (size_t)(q - s) + 1, b = j - 1;
    while (b > i && re_space(u[b - 1])) b--;
    size_t e = j + 3;
    while (e < n && re_space(u[e])) e++;
    *ms = b;
    *me = e;
    return true;
}

uint32_t sort_split(Arena *a, const char *text, size_t len, Str ***docs)
{
    const char *s = text;
    size_t n = len;
    trim_space(&s, &n);
    uint32_t cnt = 0, cap = 4;
    Str **out = ARENA_NEWN(a, Str *, cap);
    size_t beg = 0, pos = 0, ms, me;
    bool more = true;
    while (more && out) {
        size_t end;
        if (pos <= n && find_sep(s, n, pos, &ms, &me)) {
            end = ms;
            pos = me;
        } else {
            end = n;
            more = false;
        }
        /* SplitManifests skips empty pieces before trimming them, so a
         * piece of only non-RE2 spaces (\v) survives as an empty doc. */
        if (end > beg) {
            const char *d = s + beg;
            size_t dn = end - beg;
            trim_space(&d, &dn);
            if (cnt == cap) {
                Str **nw = ARENA_NEWN(a, Str *, cap * 2);
                if (!nw) break;
                memcpy(nw, out, cnt * sizeof *nw);
                out = nw;
                cap *= 2;
            }
            out[cnt++] = str_new(a, d, dn);
        }
        beg = pos;
    }
    *docs = out;
    return out ? cnt : 0;
}

/* ---- heads ------------------------------------------------------------- */

typedef struct Head {
    Str *kind, *name;
    Map *annotations;  /* NULL when absent */
} Head;

#define META_T "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }"

static bool field(const Str *k, const char *name)
{
    return k->len == strlen(name) && strncasecmp(k->s, name, k->len) == 0;
}

static void head_err(Buf *err, bool *failed, Value v, const char *fld, const char *type)
{
    if (*failed) return;
    *failed = true;
    /* encoding/json names the innermost struct: SimpleHead, or for fields
     * of its anonymous metadata struct, nothing (".metadata.name") */
    buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go struct "
               "field %s.%s of type %s", chart_json_kind(v), strchr(fld, '.') ? "" : "SimpleHead", fld, type);
}

static Str *head_string(Arena *a, Value v, const char *fld, Buf *err, bool *failed)
{
    if (v.kind == V_LIST || v.kind == V_MAP) {
        head_err(err, failed, v, fld, "string");
        return str_empty();
    }
    return chart_yaml_scalar(a, v);
}

static int parse_head(Arena *a, const Str *doc, Head *h, Buf *err)
{
    Value v;
    h->kind = h->name = str_empty();
    h->annotations = NULL;
    /* only the head's keys are read: the decoder may skip building the
     * rest, still reporting every error helm's full decode does */
    if (yaml_decode(a, doc->s, doc->len, YAML_WANT_HEAD, &v, err) != 0) return -1;
    if (v.kind == V_NIL) return 0;
    if (v.kind != V_MAP) {
        buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go "
                   "value of type util.SimpleHead", chart_json_kind(v));
        return -1;
    }
    bool failed = false;
    MapEntry **e = map_sorted(v.u.m, a);
    for (uint32_t i = 0; i < map_len(v.u.m); i++) {
        Value x = e[i]->val;
        if (field(e[i]->key, "apiVersion")) {
            head_string(a, x, "apiVersion", err, &failed);
        } else if (field(e[i]->key, "kind")) {
            h->kind = head_string(a, x, "kind", err, &failed);
        } else if (field(e[i]->key, "metadata")) {
            if (x.kind == V_NIL) continue;
            if (x.kind != V_MAP) { head_err(err, &failed, x, "metadata", META_T); continue; }
            MapEntry **me = map_sorted(x.u.m, a);
            for (uint32_t j = 0; j < map_len(x.u.m); j++) {
                Value y = me[j]->val;
                if (field(me[j]->key, "name")) {
                    h->name = head_string(a, y, "metadata.name", err, &failed);
                } else if (field(me[j]->key, "annotations")) {
                    if (y.kind == V_NIL) continue;
                    if (y.kind != V_MAP) {
                        head_err(err, &failed, y, "metadata.annotations", "map[string]string");
                        continue;
                    }
                    Map *an = h->annotations ? h->annotations : map_new(a, map_len(y.u.m));
                    MapEntry **ae = map_sorted(y.u.m, a);
                    for (uint32_t k = 0; k < map_len(y.u.m); k++)
                        map_set(a, an, ae[k]->key,
                                val_str(head_string(a, ae[k]->val, "metadata.annotations", err, &failed)));
                    h->annotations = an;
                }
            }
        }
    }
    return failed ? -1 : 0;
}

/* ---- sorting ----------------------------------------------------------- */

typedef struct Vec {
    SortDoc *v;
    uint32_t n, cap;
} Vec;

static bool vec_push(Arena *a, Vec *v, SortDoc d)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 16;
        SortDoc *nw = ARENA_NEWN(a, SortDoc, cap);
        if (!nw) return false;
        if (v->n) memcpy(nw, v->v, v->n * sizeof *nw);
        v->v = nw;
        v->cap = cap;
    }
    v->v[v->n++] = d;
    return true;
}

static int cmp_file(const void *x, const void *y)
{
    const SortFile *a = *(const SortFile *const *)x, *b = *(const SortFile *const *)y;
    return strcmp(a->path, b->path);
}

/* lessByKind, made total with the original index for a stable qsort. */
typedef struct Keyed { SortDoc d; int rank; uint32_t seq; } Keyed;

static int cmp_kind(const void *x, const void *y)
{
    const Keyed *a = x, *b = y;
    if (a->rank >= 0 && b->rank >= 0 && a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    if (a->rank >= 0 && b->rank < 0) return -1;
    if (a->rank < 0 && b->rank >= 0) return 1;
    if (a->rank < 0 && b->rank < 0) {
        int c = str_cmp(a->d.kind, b->d.kind);
        if (c) return c;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void kind_sort(Arena *a, Vec *v)
{
    if (v->n < 2) return;
    Keyed *k = ARENA_NEWN(a, Keyed, v->n);
    if (!k) return;
    for (uint32_t i = 0; i < v->n; i++) {
        k[i].d = v->v[i];
        k[i].rank = sort_kind_rank(v->v[i].kind->s, v->v[i].kind->len);
        k[i].seq = i;
    }
    qsort(k, v->n, sizeof *k, cmp_kind);
    for (uint32_t i = 0; i < v->n; i++) v->v[i] = k[i].d;
}

static bool blank(const char *s, size_t n)
{
    trim_space(&s, &n);
    return n == 0;
}

/* The events of a helm.sh/hook value; false if any part is unknown. */
static bool hook_events_of(const Str *v, unsigned *ev)
{
    *ev = 0;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < v->len && v->s[j] != ',') j++;
        const char *p = v->s + i;
        size_t n = j - i;
        trim_space(&p, &n);
        bool found = false;
        for (size_t k = 0; k < sizeof hook_events / sizeof *hook_events && !found; k++)
            if (strlen(hook_events[k].name) == n && strncasecmp(hook_events[k].name, p, n) == 0) {
                *ev |= hook_events[k].ev;
                found = true;
            }
        if (!found) return false;
        if (j >= v->len) return true;
        i = j + 1;
    }
}

static Str *str_copy(Arena *a, const Str *s, bool *ok)
{
    if (!s) return NULL;
    Str *r = str_new(a, s->s, s->len);
    if (!r) *ok = false;
    return r;
}

SortPrep *sort_prepare(Arena *a, Arena *tmp, const char *text, size_t len)
{
    SortPrep *p = ARENA_NEW(a, SortPrep);
    if (!p) return NULL;
    if (blank(text, len)) { p->blank = true; return p; }
    Str **docs;
    uint32_t nd = sort_split(a, text, len, &docs);
    p->docs = ARENA_NEWN(a, SortDoc, nd ? nd : 1);
    p->skip = ARENA_NEWN(a, Str *, nd ? nd : 1);
    if (!p->docs || !p->skip) return NULL;
    bool ok = true;
    for (uint32_t k = 0; k < nd; k++) {
        Head h;
        Buf e = BUF_INIT;
        if (parse_head(tmp, docs[k], &h, &e)) {
            p->err = str_new(a, e.data ? e.data : "", e.len);
            buf_free(&e);
            if (!p->err) return NULL;
            break;
        }
        buf_free(&e);
        SortDoc d = {NULL, docs[k], h.kind, h.name, 0};
        Value *hv = h.annotations && map_len(h.annotations) ? map_gets(h.annotations, "helm.sh/hook") : NULL;
        p->skip[k] = hv && !hook_events_of(hv->u.s, &d.events) ? hv->u.s : NULL;
        if (tmp != a) {
            d.kind = str_copy(a, d.kind, &ok);
            d.name = str_copy(a, d.name, &ok);
            p->skip[k] = str_copy(a, p->skip[k], &ok);
        }
        p->docs[p->ndocs++] = d;
    }
    return ok ? p : NULL;
}

int sort_manifests(Arena *a, const SortFile *files, uint32_t n, SortResult *out, Buf *logs, Buf *err)
{
    memset(out, 0, sizeof *out);
    const SortFile **ord = ARENA_NEWN(a, const SortFile *, n ? n : 1);
    if (!ord) { buf_adds(err, "out of memory"); return -1; }
    for (uint32_t i = 0; i < n; i++) ord[i] = &files[i];
    qsort(ord, n, sizeof *ord, cmp_file);

    Vec man = {0}, hooks = {0};
    for (uint32_t i = 0; i < n; i++) {
        const SortFile *f = ord[i];
        const char *base = strrchr(f->path, '/');
        base = base ? base + 1 : f->path;
        if (base[0] == '_') continue;
        const SortPrep *p = f->prep ? f->prep : sort_prepare(a, a, f->text, f->len);
        if (!p) { buf_adds(err, "out of memory"); return -1; }
        if (p->blank) continue;
        Str *path = str_cstr(a, f->path);
        for (uint32_t k = 0; k < p->ndocs; k++) {
            SortDoc d = p->docs[k];
            bool hook = d.events != 0;   /* every valid hook has an event */
            d.path = path;
            bool ok;
            if (p->skip[k]) {
                const char *kv[] = {"hookTypes", p->skip[k]->s};
                chart_log(logs, "INFO", "skipping unknown hooks", 1, kv);
                continue;
            }
            ok = vec_push(a, hook ? &hooks : &man, d);
            if (!ok) { buf_adds(err, "out of memory"); return -1; }
        }
        if (p->err) {
            buf_printf(err, "YAML parse error on %s: %.*s", f->path, (int)p->err->len, p->err->s);
            return -1;
        }
    }
    kind_sort(a, &man);
    kind_sort(a, &hooks);
    out->manifests = man.v;
    out->nmanifests = man.n;
    out->hooks = hooks.v;
    out->nhooks = hooks.n;
    return 0;
}

/* ---- output ------------------------------------------------------------ */

static void frame(Buf *b, const char *path, size_t plen, const char *text, size_t len)
{
    buf_adds(b, "---\n# Source: ");
    buf_add(b, path, plen);
    buf_addc(b, '\n');
    buf_add(b, text, len);
    buf_addc(b, '\n');
}

static size_t frame_len(size_t plen, size_t len) { return sizeof "---\n# Source: \n\n" - 1 + plen + len; }

void sort_assemble(Buf *out, const SortFile *crds, uint32_t ncrds, const SortResult *r, const SortOutput *o)
{
    size_t need = 1;
    for (uint32_t i = 0; i < ncrds; i++) need += frame_len(strlen(crds[i].path), crds[i].len);
    for (uint32_t i = 0; i < r->nmanifests; i++)
        need += frame_len(r->manifests[i].path->len, r->manifests[i].text->len);
    if (!(o && o->no_hooks))
        for (uint32_t i = 0; i < r->nhooks; i++) need += frame_len(r->hooks[i].path->len, r->hooks[i].text->len);
    buf_reserve(out, need);
    /* the manifests are framed in place, then trimmed as one text */
    size_t mark = out->len;
    for (uint32_t i = 0; i < ncrds; i++)
        frame(out, crds[i].path, strlen(crds[i].path), crds[i].text, crds[i].len);
    for (uint32_t i = 0; i < r->nmanifests; i++) {
        const SortDoc *d = &r->manifests[i];
        frame(out, d->path->s, d->path->len, d->text->s, d->text->len);
    }
    const char *s = out->data ? out->data + mark : "";
    size_t n = out->len - mark;
    trim_space(&s, &n);
    if (n && s != out->data + mark) memmove(out->data + mark, s, n);
    out->len = mark + n;
    buf_addc(out, '\n');
    if (o && o->no_hooks) return;
    for (uint32_t i = 0; i < r->nhooks; i++) {
        const SortDoc *d = &r->hooks[i];
        if (o && o->skip_tests && (d->events & SORT_TEST)) continue;
        frame(out, d->path->s, d->path->len, d->text->s, d->text->len);
    }
}

/* First match of `# Source: [^/]+/(.+)`: the submatch, or false. */
static bool source_path(const Str *doc, const char **p, size_t *n)
{
    const char *s = doc->s, *end = s + doc->len;
    const char *at = s;
    while ((at = memmem(at, (size_t)(end - at), "# Source: ", 10))) {
        const char *j = at + 10;
        const char *slash = memchr(j, '/', (size_t)(end - j));
        if (slash && slash > j && slash + 1 < end && slash[1] != '\n') {
            const char *e = slash + 1;
            while (e < end && *e != '\n') e++;
            *p = slash + 1;
            *n = (size_t)(e - *p);
            return true;
        }
        at++;
    }
    return false;
}

int sort_show_only(Arena *a, Buf *out, const char *text, size_t len,
                   const char *const *patterns, uint32_t np, Buf *err)
{
    Str **docs;
    uint32_t nd = sort_split(a, text, len, &docs);
    Buf sel = BUF_INIT;
    for (uint32_t i = 0; i < np; i++) {
        bool missing = true;
        const char *pat = patterns[i];
        for (uint32_t k = 0; k < nd; k++) {
            const char *p;
            size_t pn;
            if (!source_path(docs[k], &p, &pn)) continue;
            if (chart_path_match(pat, strlen(pat), p, pn) != 1) continue;
            buf_adds(&sel, "---\n");
            buf_add(&sel, docs[k]->s, docs[k]->len);
            buf_addc(&sel, '\n');
            missing = false;
        }
        if (missing) {
            buf_printf(err, "could not find template %s in chart", pat);
            buf_free(&sel);
            return -1;
        }
    }
    buf_add(out, sel.data ? sel.data : "", sel.len);
    buf_free(&sel);
    return 0;
}

/* ---- --output-dir ------------------------------------------------------ */

static int mkdirs_for(const char *file, Buf *err)
{
    char *p = strdup(file);
    if (!p) { buf_adds(err, "out of memory"); return -1; }
    char *slash = strrchr(p, '/');
    if (slash) *slash = 0;
    for (char *q = p + 1; slash && *q; q++) {
        if (*q != '/') continue;
        *q = 0;
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            buf_printf(err, "mkdir %s: %s", p, strerror(errno));
            free(p);
            return -1;
        }
        *q = '/';
    }
    if (slash && *p && mkdir(p, 0755) != 0 && errno != EEXIST) {
        buf_printf(err, "mkdir %s: %s", p, strerror(errno));
        free(p);
        return -1;
    }
    free(p);
    return 0;
}

/* writeToFile: dir + "/" + name, created or appended, one framed doc. */
static int write_doc(Buf *out, const char *dir, const char *name, const char *text, size_t len, bool append,
                     Buf *err)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *file = malloc(n);
    if (!file) { buf_adds(err, "out of memory"); return -1; }
    snprintf(file, n, "%s/%s", dir, name);
    int rc = -1;
    if (mkdirs_for(file, err) == 0) {
        FILE *f = append ? fopen(file, "ab") : fopen(file, "wb");
        if (!f) {
            buf_printf(err, "open %s: %s", file, strerror(errno));
        } else {
            fprintf(f, "---\n# Source: %s\n", name);
            fwrite(text, 1, len, f);
            fputc('\n', f);
            if (fclose(f) != 0) buf_printf(err, "write %s: %s", file, strerror(errno));
            else {
                buf_printf(out, "wrote %s\n", file);
                rc = 0;
            }
        }
    }
    free(file);
    return rc;
}

typedef struct Seen { const char **v; uint32_t n, cap; } Seen;

static bool seen_has(const Seen *s, const char *p)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], p)) return true;
    return false;
}

static void seen_add(Arena *a, Seen *s, const char *p)
{
    if (seen_has(s, p)) return;
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 16;
        const char **nv = ARENA_NEWN(a, const char *, cap);
        if (!nv) return;
        if (s->n) memcpy(nv, s->v, s->n * sizeof *nv);
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = p;
}

int sort_write_output_dir(Arena *a, Buf *out, const char *dir, const char *release, const SortFile *crds,
                          uint32_t ncrds, const SortResult *r, const SortOutput *o, Buf *err)
{
    Seen written = {0};
    for (uint32_t i = 0; i < ncrds; i++) {
        if (write_doc(out, dir, crds[i].path, crds[i].text, crds[i].len, seen_has(&written, crds[i].path), err))
            return -1;
        seen_add(a, &written, crds[i].path);
    }
    const char *mdir = release ? arena_printf(a, "%s/%s", dir, release) : dir;
    if (!mdir) { buf_adds(err, "out of memory"); return -1; }
    for (uint32_t i = 0; i < r->nmanifests; i++) {
        const SortDoc *d = &r->manifests[i];
        if (write_doc(out, mdir, d->path->s, d->text->s, d->text->len, seen_has(&written, d->path->s), err))
            return -1;
        seen_add(a, &written, d->path->s);
    }
    /* Hooks append to any file already on disk, even one left by an
     * earlier run ($H: re-running duplicates the hook documents). */
    if (!(o && o->no_hooks)) {
        for (uint32_t i = 0; i < r->nhooks; i++) {
            const SortDoc *d = &r->hooks[i];
            if (o && o->skip_tests && (d->events & SORT_TEST)) continue;
            char *file = arena_printf(a, "%s/%s", mdir, d->path->s);
            struct stat st;
            bool exists = file && stat(file, &st) == 0;
            if (write_doc(out, mdir, d->path->s, d->text->s, d->text->len, exists, err)) return -1;
        }
    }
    buf_addc(out, '\n');
    return 0;
}
