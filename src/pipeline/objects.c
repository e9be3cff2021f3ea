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
#include "../chart/glob.h"

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

/* Files.Glob: gobwas/glob v0.2.3's matcher, quirks included (see
 * src/chart/glob.h).  A pattern gobwas rejects globs every file, as helm
 * falls back to "**"; where gobwas panics the call fails with Go's
 * runtime error, as the reference does for "b{,}" when a file "b" exists. */
static int files_glob(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    PFiles *pf = recv_files(c);
    ChartFile *sel = arena_alloc(a, (pf->n ? pf->n : 1) * sizeof *sel);
    uint32_t n = 0;
    const Str *pat = argv[0].u.s;
    ChartGlob *g = chart_glob_compile(a, pat->s, pat->len);
    if (!g) {
        sel = (ChartFile *)pf->f;
        n = pf->n;
    } else {
        Buf panic = BUF_INIT;
        for (uint32_t i = 0; i < pf->n; i++) {
            int m = chart_glob_match(g, pf->f[i].name->s, pf->f[i].name->len, &panic);
            if (m < 0) {
                int rc = fn_error(c, "%s", panic.data);
                buf_free(&panic);
                return rc;
            }
            if (m) sel[n++] = pf->f[i];
        }
        buf_free(&panic);
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
