/*
 * objects.c - .Capabilities and .Files as helm v4 gives them to templates.
 *
 * .Capabilities is a *common.Capabilities (typeOf "*common.Capabilities",
 * kindOf "ptr"), whose KubeVersion (common.KubeVersion), APIVersions
 * (common.VersionSet, a []string with a Has method) and HelmVersion
 * (version.BuildInfo) keep their own Go types; .Files is an engine.files
 * (map[string][]byte with Get, GetBytes, Glob, Lines, AsConfig,
 * AsSecrets).  All are V_OBJ values; methods are V_FUNC values bound to
 * the object, and a missing field is an error, as in Go.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline_int.h"
#include "../eval/func.h"
#include "../value/fmt.h"
#include "../util/base64.h"
#include "../yaml/yaml.h"
#include "../sprig/sprig_text.h"

/* ---- --kube-version ------------------------------------------------------- */

/* k8s.io/apimachinery/pkg/util/version.ParseGeneric: `^\s*v?([0-9]+(\.[0-9]+)*)(.*)*$`,
 * at least two components, no zero-prefixed first component. */
int pipe_kube_version(Arena *a, const char *s, PKube *out, Buf *err)
{
    const char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') p++;
    if (*p == 'v') p++;
    if (*p < '0' || *p > '9') {
        buf_printf(err, "invalid kube version '%s': could not parse \"%s\" as version", s, s);
        return -1;
    }
    unsigned long long comp[64];
    const char *cstart[64];
    size_t clen[64];
    int nc = 0;
    for (;;) {
        const char *b = p;
        while (*p >= '0' && *p <= '9') p++;
        if (nc < 64) { cstart[nc] = b; clen[nc] = (size_t)(p - b); nc++; }
        if (p[0] == '.' && p[1] >= '0' && p[1] <= '9') { p++; continue; }
        break;
    }
    if (nc < 2) {
        buf_printf(err, "invalid kube version '%s': illegal version string \"%s\"", s, s);
        return -1;
    }
    if (clen[0] > 1 && cstart[0][0] == '0') {
        buf_printf(err, "invalid kube version '%s': illegal zero-prefixed version component \"%.*s\" in \"%s\"",
                   s, (int)clen[0], cstart[0], s);
        return -1;
    }
    for (int i = 0; i < nc; i++) {
        unsigned long long v = 0;
        for (size_t k = 0; k < clen[i]; k++) {
            unsigned d = (unsigned)(cstart[i][k] - '0');
            if (v > (18446744073709551615ull - d) / 10) {
                buf_printf(err, "invalid kube version '%s': illegal non-numeric version component \"%.*s\" in \"%s\": "
                           "strconv.ParseUint: parsing \"%.*s\": value out of range",
                           s, (int)clen[i], cstart[i], s, (int)clen[i], cstart[i]);
                return -1;
            }
            v = v * 10 + d;
        }
        comp[i] = v;
    }
    Buf b = BUF_INIT;
    buf_addc(&b, 'v');
    for (int i = 0; i < nc; i++) buf_printf(&b, i ? ".%llu" : "%llu", comp[i]);
    out->normalized = arena_strdup(a, b.data);
    buf_free(&b);
    out->version = s[0] == 'v' ? s : arena_printf(a, "v%s", s);
    out->major = arena_printf(a, "%llu", comp[0]);
    out->minor = arena_printf(a, "%llu", comp[1]);
    return 0;
}

/* ---- .Capabilities ------------------------------------------------------------ */

static const char *const api_versions[] = {
    "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1",
    "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
    "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1",
    "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1",
    "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1",
    "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1",
    "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1", "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
};

static int apiv_has(FnCall *c, int argc, Value *argv, Value *out)
{
    List *l = fn_receiver(c).u.o->data;
    *out = val_bool(0);
    for (uint32_t i = 0; i < l->len; i++)
        if (str_eq(l->items[i].u.s, argv[0].u.s)) { *out = val_bool(1); break; }
    return 0;
}

static const FnDef apiv_has_def = {"Has", apiv_has, "s", 0};

static int apiv_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    return fn_bind_method(a, o, &apiv_has_def, 1, name, out);
}

static void apiv_print(const Obj *o, Buf *b)
{
    Value v = val_list(o->data);
    v.gtype = GT_LIST_STRING;
    fmt_value(b, v);
}

static Value apiv_list(Arena *a, const Obj *o)
{
    Value v = val_list(o->data);
    v.gtype = GT_LIST_STRING;
    return v;
}

static const ObjType apiv_type = {"common.VersionSet", "slice", apiv_get, apiv_print, apiv_list, NULL};

static Map *struct_map(Arena *a)
{
    Map *m = map_new(a, 8);
    if (m) m->flags |= MAP_STRUCT;
    return m;
}

/* common.KubeVersion: fields Version, Major, Minor (and the unexported
 * normalized version, which %v shows: `quote .Capabilities.KubeVersion`
 * gives "{v1.30.2-gke.1 v1.30.2 1 30}"); GitVersion is a method. */
static int kube_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    const PKube *k = o->data;
    const char *s = NULL;
    if (strcmp(name->s, "Version") == 0 || strcmp(name->s, "GitVersion") == 0) s = k->version;
    else if (strcmp(name->s, "Major") == 0) s = k->major;
    else if (strcmp(name->s, "Minor") == 0) s = k->minor;
    if (!s) return 0;
    *out = val_cstr(a, s);
    return 1;
}

static void kube_print(const Obj *o, Buf *b)
{
    const PKube *k = o->data;
    buf_printf(b, "{%s %s %s %s}", k->version, k->normalized, k->major, k->minor);
}

/* The fields in declaration order; the unexported normalizedVersion only
 * when asked (%+v and %#v show it, encoding/json does not). */
static Value kube_fields(Arena *a, const Obj *o, bool unexported)
{
    const PKube *k = o->data;
    Map *m = struct_map(a);
    if (!m) return val_nil();
    map_sets(a, m, "Version", val_cstr(a, k->version));
    if (unexported) map_sets(a, m, "normalizedVersion", val_cstr(a, k->normalized));
    map_sets(a, m, "Major", val_cstr(a, k->major));
    map_sets(a, m, "Minor", val_cstr(a, k->minor));
    return val_map(m);
}

/* encoding/json: the exported fields in declaration order, no json tags. */
static Value kube_marshal(Arena *a, const Obj *o) { return kube_fields(a, o, false); }

/* String() (pointer receiver) gives the normalized version: with
 * --kube-version v1.29.3-gke.1 the reference prints
 * {{ .Capabilities.KubeVersion }} as v1.29.3, .Version keeps the suffix. */
static void kube_string(const Obj *o, Buf *b)
{
    const PKube *k = o->data;
    buf_adds(b, k->normalized);
}

/* every field, for %+v and %#v: common.KubeVersion{Version:"v1.35.0",
 * normalizedVersion:"v1.35.0", Major:"1", Minor:"35"} in the reference */
static Value kube_go_fields(Arena *a, const Obj *o) { return kube_fields(a, o, true); }

static const ObjType kube_type = {"common.KubeVersion", "struct", kube_get, kube_print, NULL, kube_marshal, NULL,
                                  kube_string, kube_go_fields};

/* version.BuildInfo: Go field names for templates, json tags for toJson
 * (`toJson .Capabilities.HelmVersion` gives {"version":"v4.1.4",...}). */
static const char *const helm_fields[][3] = {
    {"Version", "version", "v4.1.4"},
    {"GitCommit", "git_commit", "05fa37973dc9e42b76e1d2883494c87174b6074f"},
    {"GitTreeState", "git_tree_state", "clean"},
    {"GoVersion", "go_version", "go1.25.9"},
    {"KubeClientVersion", "kube_client_version", "v1.35"},
};

static int helmv_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    for (size_t i = 0; i < sizeof helm_fields / sizeof *helm_fields; i++)
        if (strcmp(name->s, helm_fields[i][0]) == 0) {
            *out = val_cstr(a, helm_fields[i][2]);
            return 1;
        }
    return 0;
}

static void helmv_print(const Obj *o, Buf *b)
{
    buf_addc(b, '{');
    for (size_t i = 0; i < sizeof helm_fields / sizeof *helm_fields; i++) {
        if (i) buf_addc(b, ' ');
        buf_adds(b, helm_fields[i][2]);
    }
    buf_addc(b, '}');
}

static Value helmv_marshal(Arena *a, const Obj *o)
{
    Map *m = struct_map(a);
    if (!m) return val_nil();
    for (size_t i = 0; i < sizeof helm_fields / sizeof *helm_fields; i++)
        map_sets(a, m, helm_fields[i][1], val_cstr(a, helm_fields[i][2]));
    return val_map(m);
}

static Value helmv_fields(Arena *a, const Obj *o)
{
    Map *m = struct_map(a);
    if (!m) return val_nil();
    for (size_t i = 0; i < sizeof helm_fields / sizeof *helm_fields; i++)
        map_sets(a, m, helm_fields[i][0], val_cstr(a, helm_fields[i][2]));
    return val_map(m);
}

static const ObjType helmv_type = {"version.BuildInfo", "struct", helmv_get, helmv_print,
                                   NULL, helmv_marshal, helmv_fields, NULL, helmv_fields};

/* *common.Capabilities: a pointer to a struct of the three fields above,
 * so typeOf gives "*common.Capabilities" and kindOf "ptr".  fmt prints a
 * pointer to a struct as &{...} at the top level (`toString .Capabilities`
 * gives "&{{v1.35.0 v1.35.0 1 35} [v1 ...] {v4.1.4 ...}}"); encoding/json
 * marshals the struct under its Go field names (no json tags). */
typedef struct PCaps {
    Value kube, apiv, helm;
} PCaps;

static int caps_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    const PCaps *c = o->data;
    if (strcmp(name->s, "KubeVersion") == 0) *out = c->kube;
    else if (strcmp(name->s, "APIVersions") == 0) *out = c->apiv;
    else if (strcmp(name->s, "HelmVersion") == 0) *out = c->helm;
    else return 0;
    return 1;
}

static void caps_print(const Obj *o, Buf *b)
{
    const PCaps *c = o->data;
    buf_adds(b, "&{");
    kube_print(c->kube.u.o, b);
    buf_addc(b, ' ');
    apiv_print(c->apiv.u.o, b);
    buf_addc(b, ' ');
    helmv_print(c->helm.u.o, b);
    buf_addc(b, '}');
}

static Value caps_marshal(Arena *a, const Obj *o)
{
    const PCaps *c = o->data;
    Map *m = struct_map(a);
    if (!m) return val_nil();
    map_sets(a, m, "KubeVersion", c->kube);
    map_sets(a, m, "APIVersions", c->apiv);
    map_sets(a, m, "HelmVersion", c->helm);
    return val_map(m);
}

static const ObjType caps_type = {"*common.Capabilities", "ptr", caps_get, caps_print, NULL, caps_marshal,
                                  NULL, NULL, caps_marshal};

static Value new_obj(Arena *a, const ObjType *t, void *data)
{
    Obj *o = ARENA_NEW(a, Obj);
    if (!o) return val_nil();
    o->type = t;
    o->data = data;
    return val_obj(o);
}

Value pipe_capabilities(Arena *a, const PKube *k, const char *const *extra, uint32_t nextra)
{
    PKube *kc = ARENA_NEW(a, PKube);
    PCaps *c = ARENA_NEW(a, PCaps);
    size_t nd = sizeof api_versions / sizeof api_versions[0];
    List *l = list_new(a, nd + nextra);
    if (!kc || !c || !l) return val_nil();
    *kc = *k;
    for (size_t i = 0; i < nd; i++) list_push(a, l, val_cstr(a, api_versions[i]));
    for (uint32_t i = 0; i < nextra; i++) list_push(a, l, val_cstr(a, extra[i]));
    c->kube = new_obj(a, &kube_type, kc);
    c->apiv = new_obj(a, &apiv_type, l);
    c->helm = new_obj(a, &helmv_type, NULL);
    if (c->kube.kind != V_OBJ || c->apiv.kind != V_OBJ || c->helm.kind != V_OBJ) return val_nil();
    return new_obj(a, &caps_type, c);
}

/* ---- .Files --------------------------------------------------------------------- */

typedef struct PFiles {
    const ChartFile *f;
    uint32_t n;
} PFiles;

static const ObjType files_type;  /* defined below */

static Value files_obj(Arena *a, const ChartFile *f, uint32_t n)
{
    PFiles *pf = ARENA_NEW(a, PFiles);
    Obj *o = ARENA_NEW(a, Obj);
    if (!pf || !o) return val_nil();
    pf->f = f;
    pf->n = n;
    o->type = &files_type;
    o->data = pf;
    return val_obj(o);
}

Value pipe_files(Arena *a, const ChartFile *files, uint32_t n) { return files_obj(a, files, n); }

static const ChartFile *files_find(const PFiles *pf, const Str *name)
{
    for (uint32_t i = 0; i < pf->n; i++)
        if (str_eq(pf->f[i].name, name)) return &pf->f[i];
    return NULL;
}

static PFiles *recv_files(FnCall *c) { return fn_receiver(c).u.o->data; }

static int files_get(FnCall *c, int argc, Value *argv, Value *out)
{
    const ChartFile *f = files_find(recv_files(c), argv[0].u.s);
    *out = f ? val_str(f->data) : val_str(str_empty());
    return 0;
}

static int files_getbytes(FnCall *c, int argc, Value *argv, Value *out)
{
    const ChartFile *f = files_find(recv_files(c), argv[0].u.s);
    *out = val_str(f ? f->data : str_empty());
    out->gtype = GT_BYTES;
    return 0;
}

static int files_lines(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    const ChartFile *f = files_find(recv_files(c), argv[0].u.s);
    List *l = list_new(a, 8);
    *out = val_list(l);
    out->gtype = GT_LIST_STRING;
    if (!f) return 0;
    const char *s = f->data->s;
    size_t n = f->data->len;
    /* helm indexes s[len(s)-1] unguarded: an empty file panics */
    if (n == 0) return fn_error(c, "runtime error: index out of range [-1]");
    if (s[n - 1] == '\n') n--;
    for (size_t i = 0;;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        list_push(a, l, val_strn(a, s + i, e - i));
        if (!nl) break;
        i = e + 1;
    }
    return 0;
}

static const char *basename_of(const Str *s)
{
    const char *b = strrchr(s->s, '/');
    return b ? b + 1 : s->s;
}

/* helm's toYAML: yaml.Marshal with the final newline trimmed */
static int files_yaml(FnCall *c, bool secrets, Value *out)
{
    Arena *a = fn_arena(c);
    PFiles *pf = recv_files(c);
    Map *m = map_new(a, pf->n);
    for (uint32_t i = 0; i < pf->n; i++) {
        Str *d = pf->f[i].data;
        if (secrets) {
            Buf e = BUF_INIT;
            b64_encode(&e, d->s, d->len);
            map_sets(a, m, basename_of(pf->f[i].name), val_strn(a, e.data ? e.data : "", e.len));
            buf_free(&e);
        } else {
            map_sets(a, m, basename_of(pf->f[i].name), val_str(d));
        }
    }
    Value v = val_map(m);
    v.gtype = GT_MAP_STRING;
    Buf b = BUF_INIT, err = BUF_INIT;
    if (yaml_encode(&b, v, &err)) {
        int rc = fn_error(c, "%s", err.data ? err.data : "");
        buf_free(&b);
        buf_free(&err);
        return rc;
    }
    size_t n = b.len;
    if (n && b.data[n - 1] == '\n') n--;
    *out = val_strn(a, b.data ? b.data : "", n);
    buf_free(&b);
    buf_free(&err);
    return 0;
}

static int files_asconfig(FnCall *c, int argc, Value *argv, Value *out) { return files_yaml(c, false, out); }
static int files_assecrets(FnCall *c, int argc, Value *argv, Value *out) { return files_yaml(c, true, out); }

/* Files.Glob compiles its pattern with gobwas/glob v0.2.3 ('/' as the
 * separator) and, when that fails, globs with "**" (every file).  So the
 * pattern is parsed first, as gobwas's lexer and parser read it, and only
 * then matched:
 *   `*` any run without '/', `**` any run, `?` one byte but '/',
 *   `[abc]` `[!abc]` a set, `[a-c]` `[!a-c]` a range, `{a,b}` alternatives
 *   (`,` and `}` are plain outside a group; an unclosed `{` runs to the
 *   end of the pattern), `\` escapes (a trailing one is dropped).
 * A class is either one range or one set: "[a-cx]", "[a-]", "[]", "[!]"
 * and "[c-a]" are errors, and so is an unclosed "[", wherever it stands
 * (the reference returns every file for "zzz[").  Inside a class only the
 * set form honours `\`; "[ab-c]" is the set {a,b,-,c}.
 * Not reproduced: gobwas matcher bugs on odd patterns (it panics on
 * "a{,}", and "{sub/x*,a}" misses sub/x1). */
enum { G_TEXT, G_ANY, G_SUPER, G_SINGLE, G_SET, G_RANGE, G_ALT };

typedef struct GlobPat GlobPat;
typedef struct GlobNode {
    uint8_t kind;
    bool neg;
    const char *s;        /* G_TEXT bytes, G_SET characters (escapes resolved) */
    size_t n;
    int32_t lo, hi;       /* G_RANGE */
    GlobPat *alts;        /* G_ALT */
    uint32_t nalts;
} GlobNode;
struct GlobPat { GlobNode *n; uint32_t len, cap; };

typedef struct GlobLex { Arena *a; const char *p; size_t n, i; int depth; } GlobLex;

#define GLOB_DEPTH 64

static GlobNode *glob_push(Arena *a, GlobPat *g)
{
    if (g->len == g->cap) {
        uint32_t nc = g->cap ? g->cap * 2 : 4;
        GlobNode *nn = arena_alloc(a, nc * sizeof *nn);
        if (!nn) return NULL;
        if (g->len) memcpy(nn, g->n, g->len * sizeof *nn);
        g->n = nn;
        g->cap = nc;
    }
    GlobNode *x = &g->n[g->len++];
    memset(x, 0, sizeof *x);
    return x;
}

static size_t rune_at(const char *s, size_t n, int32_t *r) { return sprig_utf8_decode(s, n, r); }

/* gobwas fetchText: bytes up to an unescaped breaker; `\` takes the next
 * rune literally and vanishes at the end.  Returns the text in *out. */
static int glob_text(GlobLex *L, const char *breakers, Buf *out)
{
    bool esc = false;
    while (L->i < L->n) {
        char c = L->p[L->i];
        if (!esc && c == '\\') { esc = true; L->i++; continue; }
        if (!esc && strchr(breakers, c)) break;
        int32_t r;
        size_t w = rune_at(L->p + L->i, L->n - L->i, &r);
        buf_add(out, L->p + L->i, w);
        L->i += w;
        esc = false;
    }
    return 0;
}

/* After '[': gobwas fetchRange and parserRange. */
static int glob_class(GlobLex *L, GlobNode *g)
{
    for (;;) {
        if (L->i >= L->n) return -1;
        int32_t r;
        size_t w = rune_at(L->p + L->i, L->n - L->i, &r);
        if (!g->neg && r == '!') { g->neg = true; L->i += w; continue; }
        if (L->i + w < L->n && L->p[L->i + w] == '-') {
            L->i += w + 1;
            if (L->i >= L->n) return -1;
            int32_t hi;
            L->i += rune_at(L->p + L->i, L->n - L->i, &hi);
            if (L->i >= L->n || L->p[L->i] != ']') return -1;
            L->i++;
            if (r == 0 || hi == 0 || hi < r) return -1;
            g->kind = G_RANGE;
            g->lo = r;
            g->hi = hi;
            return 0;
        }
        Buf t = BUF_INIT;
        glob_text(L, "]", &t);
        int ok = L->i < L->n && t.len > 0;
        if (ok) {
            g->kind = G_SET;
            g->s = arena_strndup(L->a, t.data, t.len);
            g->n = t.len;
            ok = g->s != NULL;
        }
        buf_free(&t);
        L->i++;
        return ok ? 0 : -1;
    }
}

static int glob_seq(GlobLex *L, GlobPat *out, bool in_terms)
{
    if (++L->depth > GLOB_DEPTH) return -1;
    while (L->i < L->n) {
        char c = L->p[L->i];
        if (in_terms && (c == ',' || c == '}')) break;
        GlobNode *g = glob_push(L->a, out);
        if (!g) return -1;
        if (c == '{') {
            L->i++;
            g->kind = G_ALT;
            GlobPat alts = {0};
            for (;;) {
                GlobNode *an = glob_push(L->a, &alts);
                if (!an) return -1;
                an->alts = arena_alloc(L->a, sizeof *an->alts);
                if (!an->alts) return -1;
                memset(an->alts, 0, sizeof *an->alts);
                if (glob_seq(L, an->alts, true)) return -1;
                if (L->i < L->n && L->p[L->i] == ',') { L->i++; continue; }
                if (L->i < L->n) L->i++;
                break;
            }
            g->alts = arena_alloc(L->a, alts.len * sizeof *g->alts);
            if (!g->alts) return -1;
            for (uint32_t k = 0; k < alts.len; k++) g->alts[k] = *alts.n[k].alts;
            g->nalts = alts.len;
        } else if (c == '[') {
            L->i++;
            if (glob_class(L, g)) return -1;
        } else if (c == '*') {
            L->i++;
            g->kind = G_ANY;
            if (L->i < L->n && L->p[L->i] == '*') { g->kind = G_SUPER; L->i++; }
        } else if (c == '?') {
            L->i++;
            g->kind = G_SINGLE;
        } else {
            Buf t = BUF_INIT;
            glob_text(L, in_terms ? "?*[{}," : "?*[{", &t);
            g->kind = G_TEXT;
            g->n = t.len;
            g->s = t.len ? arena_strndup(L->a, t.data, t.len) : "";
            buf_free(&t);
            if (!g->s) return -1;
            if (!g->n) out->len--;
        }
    }
    L->depth--;
    return 0;
}

static bool glob_all_empty(const GlobNode *g)
{
    for (uint32_t k = 0; k < g->nalts; k++)
        if (g->alts[k].len) return false;
    return true;
}

static bool class_has(const GlobNode *g, int32_t r)
{
    if (g->kind == G_RANGE) return (r >= g->lo && r <= g->hi) != g->neg;
    bool hit = false;
    for (size_t i = 0; i < g->n && !hit;) {
        int32_t c;
        i += rune_at(g->s + i, g->n - i, &c);
        hit = c == r;
    }
    return hit != g->neg;
}

/* The rest of the pattern after an alternative: the enclosing sequences. */
typedef struct GlobK { const GlobPat *p; uint32_t i; const struct GlobK *up; } GlobK;

static bool glob_run(const GlobPat *p, uint32_t i, const char *s, size_t n, const GlobK *k, int depth)
{
    if (depth > 4 * GLOB_DEPTH) return false;
    for (;;) {
        if (i == p->len) {
            if (!k) return n == 0;
            p = k->p; i = k->i; k = k->up;
            continue;
        }
        const GlobNode *g = &p->n[i];
        int32_t r;
        switch (g->kind) {
        case G_TEXT:
            if (n < g->n || memcmp(s, g->s, g->n) != 0) return false;
            s += g->n; n -= g->n;
            break;
        case G_SINGLE: case G_SET: case G_RANGE:
            /* gobwas hands these matchers one byte of the name, so a
             * non-ASCII character is never one of them: "files/?.txt",
             * "files/[ü].txt" and "files/[!a].txt" all miss files/ü.txt
             * in the reference */
            if (!n) return false;
            r = (unsigned char)*s < 0x80 ? (int32_t)(unsigned char)*s : SPRIG_RUNE_ERROR;
            if (g->kind == G_SINGLE ? r == '/' : !class_has(g, r)) return false;
            s++; n--;
            break;
        case G_ANY: case G_SUPER:
            for (size_t at = 0;;) {
                if (glob_run(p, i + 1, s + at, n - at, k, depth + 1)) return true;
                if (at >= n || (g->kind == G_ANY && s[at] == '/')) return false;
                at++;
            }
        case G_ALT: {
            /* gobwas never matches a group of empty alternatives ("a{}b",
             * "a{,}b" match nothing in the reference) */
            if (glob_all_empty(g)) return false;
            GlobK next = {p, i + 1, k};
            for (uint32_t a = 0; a < g->nalts; a++)
                if (glob_run(&g->alts[a], 0, s, n, &next, depth + 1)) return true;
            return false;
        }
        }
        i++;
    }
}

static int files_glob(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    PFiles *pf = recv_files(c);
    ChartFile *sel = arena_alloc(a, (pf->n ? pf->n : 1) * sizeof *sel);
    uint32_t n = 0;
    const Str *pat = argv[0].u.s;
    GlobLex L = {a, pat->s, pat->len, 0, 0};
    GlobPat g = {0};
    if (glob_seq(&L, &g, false)) {
        sel = (ChartFile *)pf->f;
        n = pf->n;
    } else {
        for (uint32_t i = 0; i < pf->n; i++)
            if (glob_run(&g, 0, pf->f[i].name->s, pf->f[i].name->len, NULL, 0)) sel[n++] = pf->f[i];
    }
    *out = files_obj(a, sel, n);
    return 0;
}

static const FnDef files_defs[] = {
    {"Get", files_get, "s", 0},
    {"GetBytes", files_getbytes, "s", 0},
    {"Glob", files_glob, "s", 0},
    {"Lines", files_lines, "s", 0},
    {"AsConfig", files_asconfig, "", 0},
    {"AsSecrets", files_assecrets, "", 0},
};

static int files_getm(Arena *a, const Obj *o, const Str *name, Value *out)
{
    if (fn_bind_method(a, o, files_defs, sizeof files_defs / sizeof files_defs[0], name, out)) return 1;
    /* Not a method: Go indexes the map[string][]byte; a missing file is a
     * nil []byte, which prints "[]" (`{{ .Files.nope }}`). */
    const ChartFile *f = files_find(o->data, name);
    *out = val_str(f ? f->data : str_empty());
    out->gtype = GT_BYTES;
    return 1;
}

static int file_cmp(const void *x, const void *y)
{
    const ChartFile *a = x, *b = y;
    return str_cmp(a->name, b->name);
}

/* Go prints a map[string][]byte with sorted keys and byte lists */
static void files_print(const Obj *o, Buf *b)
{
    const PFiles *pf = o->data;
    ChartFile *s = malloc((pf->n ? pf->n : 1) * sizeof *s);
    if (!s) return;
    if (pf->n) memcpy(s, pf->f, pf->n * sizeof *s);
    qsort(s, pf->n, sizeof *s, file_cmp);
    buf_adds(b, "map[");
    for (uint32_t i = 0; i < pf->n; i++) {
        if (i) buf_addc(b, ' ');
        buf_add(b, s[i].name->s, s[i].name->len);
        buf_adds(b, ":[");
        for (uint32_t k = 0; k < s[i].data->len; k++)
            buf_printf(b, k ? " %u" : "%u", (unsigned char)s[i].data->s[k]);
        buf_addc(b, ']');
    }
    buf_addc(b, ']');
    free(s);
}

/* The map[string][]byte itself, for len, index, range and the encoders. */
static Value files_map(Arena *a, const Obj *o)
{
    const PFiles *pf = o->data;
    Map *m = map_new(a, pf->n);
    if (!m) return val_nil();
    for (uint32_t i = 0; i < pf->n; i++) {
        Value v = val_str(pf->f[i].data);
        v.gtype = GT_BYTES;
        map_set(a, m, pf->f[i].name, v);
    }
    return val_map(m);
}

static const ObjType files_type = {"engine.files", "map", files_getm, files_print, files_map, NULL};
