/*
 * repo.c - helm's LocateChart for what is not a local path, and readFile's
 * choice between a file and a URL for -f.
 *
 *   --repo URL NAME   FindChartInRepoURL: URL/index.yaml fetched with the
 *                     flags' credentials and TLS files, NAME's version
 *                     picked, the chart URL resolved against URL; the
 *                     credentials go along to the chart only on the same
 *                     scheme and host:port, or with --pass-credentials.
 *   repo/NAME         repositories.yaml names the repo; its cached index
 *                     (never refreshed, as in helm) picks the version; the
 *                     repo's own credentials and TLS files are used.
 *   http(s)://...tgz  downloaded as is.
 *
 * A download lands where helm v4 puts it, the content cache
 * (<cache>/content/<2 hex>/<sha256>.chart), and that path is what gets
 * loaded; a chart whose index digest is already there is not fetched
 * again.  The index's versions are sorted newest first (unparseable ones
 * last) and the first that satisfies the constraint wins; an empty
 * --version means "*", which skips prereleases (--devel makes it
 * ">0.0.0-0").
 */
#include "fetch_int.h"
#include "../util/path.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../sprig/digest.h"

#include "../chart/chart.h"
#include "../semver/semver.h"
#include "../value/fmt.h"
#include "../value/value.h"
#include "../yaml/yaml.h"
#include "../util/goerr.h"

/* ---- small helpers ------------------------------------------------------------ */

static const char *trim(Arena *a, const char *s)
{
    if (!s) return "";
    while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r'))) n--;
    return arena_strndup(a, s, n);
}

static void slog_val(Buf *b, const char *s)
{
    bool q = !*s;
    for (const char *p = s; *p && !q; p++)
        q = *p == ' ' || *p == '"' || *p == '=' || (unsigned char)*p < 0x21 || *p == 0x7f;
    if (q) fmt_quote(b, s, strlen(s));
    else buf_adds(b, s);
}

static const char *str_of(Arena *a, const Map *m, const char *key)
{
    Value *v = m ? map_gets(m, key) : NULL;
    if (!v) return "";
    if (v->kind == V_STR) return v->u.s->s;
    Str *s = chart_yaml_scalar(a, *v);
    return s ? s->s : "";
}

static bool bool_of(const Map *m, const char *key)
{
    Value *v = m ? map_gets(m, key) : NULL;
    return v && v->kind == V_BOOL && v->u.b;
}

/* helmpath: $ENV, else $XDG_x_HOME/helm/sub, else ~/<dflt>/helm/sub */
static const char *helm_path(Arena *a, const char *env, const char *xdg, const char *dflt, const char *sub)
{
    const char *e = getenv(env);
    if (e && *e) return arena_printf(a, "%s/%s", e, sub);
    e = getenv(xdg);
    if (e && *e) return arena_printf(a, "%s/helm/%s", e, sub);
    const char *home = getenv("HOME");
    return arena_printf(a, "%s/%s/helm/%s", home ? home : "", dflt, sub);
}

static const char *cache_path(Arena *a, const char *sub)
{
    return helm_path(a, "HELM_CACHE_HOME", "XDG_CACHE_HOME", ".cache", sub);
}

static void mkdir_all(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        mkdir(tmp, 0755);
        *p = '/';
    }
    mkdir(tmp, 0755);
}

/* ---- the index ------------------------------------------------------------------ */

typedef struct Ver {
    Map *m;
    const char *version;
    SemVer sv;
    bool ok;          /* version parses */
} Ver;

static const char *const index_fields[] = {"serverInfo", "apiVersion", "generated", "entries", "publicKeys",
                                           "annotations"};
static const char *const entry_fields[] = {
    "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon", "apiVersion",
    "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion", "dependencies", "type",
    "urls", "created", "removed", "digest", "checksum", "engine", "tillerVersion", "url"};

static bool known(const char *const *t, size_t n, const Str *k)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i], k->s) == 0) return true;
    return false;
}

static int strict_fields(const Map *m, const char *const *t, size_t n, Buf *err)
{
    for (uint32_t i = 0; i < m->used; i++) {
        const MapEntry *e = &m->entries[i];
        if (e->key && !known(t, n, e->key)) {
            buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: unknown field \"%s\"", e->key->s);
            return -1;
        }
    }
    return 0;
}

/* helm's loadIndex: the entries of `name`, newest first.  *vs NULL and
 * *nv 0 when the index has no such chart (*has 0) or none valid. */
static int load_index(Arena *a, const char *data, size_t n, const char *source, const char *name, Ver **vs,
                      uint32_t *nv, bool *has, Buf *logs, Buf *err)
{
    *vs = NULL;
    *nv = 0;
    *has = false;
    if (n == 0) { buf_adds(err, "empty index.yaml file"); return -1; }
    Value doc;
    if (yaml_decode(a, data, n, V_NIL, &doc, err)) return -1;
    if (doc.kind != V_MAP) {
        if (doc.kind == V_NIL) { buf_adds(err, "no API version specified"); return -1; }
        buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type repo.IndexFile",
                   doc.kind == V_LIST ? "array" : doc.kind == V_STR ? "string" : doc.kind == V_BOOL ? "bool" : "number");
        return -1;
    }
    Map *top = doc.u.m;
    if (strict_fields(top, index_fields, sizeof index_fields / sizeof index_fields[0], err)) return -1;
    Value *ents = map_gets(top, "entries");
    Value *list = ents && ents->kind == V_MAP ? map_gets(ents->u.m, name) : NULL;
    if (ents && ents->kind == V_MAP) {
        for (uint32_t i = 0; i < ents->u.m->used; i++) {
            const MapEntry *e = &ents->u.m->entries[i];
            if (!e->key || e->val.kind != V_LIST) continue;
            for (uint32_t k = 0; k < e->val.u.l->len; k++) {
                Value it = e->val.u.l->items[k];
                if (it.kind == V_MAP && strict_fields(it.u.m, entry_fields, sizeof entry_fields / sizeof entry_fields[0], err))
                    return -1;
            }
        }
    }
    if (!*str_of(a, top, "apiVersion")) { buf_adds(err, "no API version specified"); return -1; }
    if (!list) return 0;
    *has = true;
    if (list->kind != V_LIST) return 0;
    Ver *out = arena_zalloc(a, (list->u.l->len + 1) * sizeof *out);
    uint32_t k = 0;
    /* helm walks the list backwards when it drops invalid entries, so its
     * warnings come last entry first */
    for (uint32_t i = list->u.l->len; i-- > 0;) {
        Value it = list->u.l->items[i];
        if (it.kind != V_MAP) {
            buf_printf(logs, "level=WARN msg=\"skipping loading invalid entry for chart %s from %s: empty entry\"\n",
                       name, source);
            continue;
        }
        ChartMeta meta;
        Buf e = BUF_INIT;
        chart_meta_init(a, &meta);
        int bad = chart_meta_from_value(a, it, &meta, &e);
        if (!bad && (!meta.api_version || !meta.api_version->len)) meta.api_version = str_cstr(a, "v1");
        if (!bad) bad = chart_validate_meta(&meta, a, &e);
        if (bad) {
            Buf m = BUF_INIT;
            buf_adds(&m, "skipping loading invalid entry for chart ");
            fmt_quote(&m, name, strlen(name));
            buf_addc(&m, ' ');
            const char *v = str_of(a, it.u.m, "version");
            fmt_quote(&m, v, strlen(v));
            buf_printf(&m, " from %s: %s", source, e.data ? e.data : "");
            buf_adds(logs, "level=WARN msg=");
            fmt_quote(logs, m.data, m.len);
            buf_addc(logs, '\n');
            buf_free(&m);
            buf_free(&e);
            continue;
        }
        buf_free(&e);
        out[k].m = it.u.m;
        out[k].version = str_of(a, it.u.m, "version");
        char se[160];
        out[k].ok = semver_parse(a, out[k].version, strlen(out[k].version), &out[k].sv, se, sizeof se);
        k++;
    }
    /* back to file order, then a stable sort newest first */
    for (uint32_t i = 0; i < k / 2; i++) {
        Ver t = out[i];
        out[i] = out[k - 1 - i];
        out[k - 1 - i] = t;
    }
    for (uint32_t i = 1; i < k; i++) {
        Ver t = out[i];
        uint32_t j = i;
        /* Less(x, y): x unparseable -> true; y unparseable -> false */
        while (j > 0) {
            const Ver *p = &out[j - 1];
            bool newer = p->ok ? (t.ok && semver_cmp(&t.sv, &p->sv) > 0) : t.ok;
            if (!newer) break;
            out[j] = out[j - 1];
            j--;
        }
        out[j] = t;
    }
    *vs = out;
    *nv = k;
    return 0;
}

/* IndexFile.Get: the exact version string first, else the first (newest)
 * that satisfies the constraint. */
static const Ver *index_get(Arena *a, const char *name, const Ver *vs, uint32_t nv, bool has, const char *version,
                            Buf *logs, Buf *err)
{
    if (!has) { buf_adds(err, "no chart name found"); return NULL; }
    if (nv == 0) { buf_adds(err, "no chart version found"); return NULL; }
    const char *cs = *version ? version : "*";
    char e[256];
    SemVer probe;
    semver_parse(a, "0.0.0", 5, &probe, e, sizeof e);
    if (semver_check(a, cs, strlen(cs), &probe, e, sizeof e) < 0) { buf_adds(err, e); return NULL; }
    if (*version)
        for (uint32_t i = 0; i < nv; i++)
            if (strcmp(vs[i].version, version) == 0) return &vs[i];
    for (uint32_t i = 0; i < nv; i++) {
        if (!vs[i].ok) continue;
        if (semver_check(a, cs, strlen(cs), &vs[i].sv, e, sizeof e) == 1) {
            if (*version) {
                buf_adds(logs, "level=WARN msg=\"unable to find exact version requested; falling back to closest "
                               "available version\" chart=");
                slog_val(logs, name);
                buf_adds(logs, " requested=");
                slog_val(logs, version);
                buf_adds(logs, " selected=");
                slog_val(logs, vs[i].version);
                buf_addc(logs, '\n');
            }
            return &vs[i];
        }
    }
    buf_printf(err, "no chart version found for %s-%s", name, version);
    return NULL;
}

static const char *first_url(const Ver *v)
{
    Value *u = map_gets(v->m, "urls");
    if (!u || u->kind != V_LIST || u->u.l->len == 0) return NULL;
    Value f = u->u.l->items[0];
    return f.kind == V_STR ? f.u.s->s : "";
}

/* ---- downloading into the content cache ------------------------------------------- */

static int hexv(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
    return -1;
}

/* hex.DecodeString of the index digest into the 32 bytes helm copies it
 * to (shorter ones zero-padded, longer ones cut), as 64 hex digits in
 * out; 0 if empty (no digest), 1 if decoded, -1 with Go's error. */
static int decode_digest(const char *d, char out[65], Buf *err)
{
    size_t n = strlen(d);
    unsigned char b[32] = {0};
    for (size_t i = 0; i + 1 < n; i += 2) {
        int x = hexv(d[i]), y = hexv(d[i + 1]);
        if (x < 0 || y < 0) {
            unsigned char c = (unsigned char)(x < 0 ? d[i] : d[i + 1]);
            buf_printf(err, "unable to decode digest: encoding/hex: invalid byte: U+%04X", c);
            if (c >= 0x20 && c < 0x7f) buf_printf(err, " '%c'", c);
            return -1;
        }
        if (i / 2 < 32) b[i / 2] = (unsigned char)(x * 16 + y);
    }
    if (n % 2) {
        unsigned char c = (unsigned char)d[n - 1];
        if (hexv((char)c) < 0) {
            buf_printf(err, "unable to decode digest: encoding/hex: invalid byte: U+%04X", c);
            if (c >= 0x20 && c < 0x7f) buf_printf(err, " '%c'", c);
        } else {
            buf_adds(err, "unable to decode digest: encoding/hex: odd length hex string");
        }
        return -1;
    }
    for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
    return n > 0;
}

static const char *content_cache(Arena *a, const FetchOpts *o)
{
    if (o->content_cache && *o->content_cache) return o->content_cache;
    return cache_path(a, "content");
}

static int cache_put(Arena *a, const char *root, const char *digest, Buf *body_in, const char *ext, const char **path,
                     Buf *err);
static int verify_download(Arena *a, const FetchOpts *o, const FetchReq *rq, const char *name, const char *path,
                           Buf *err);

/* DownloadToCache: the cached file of `digest` if present, else the
 * download stored under `digest` (or its own sha256 when the index has
 * none). */
static int download(Arena *a, const FetchOpts *o, const FetchReq *rq, const char *digest, const char **path, Buf *err)
{
    const char *root = content_cache(a, o);
    struct stat st;
    char hex[65];
    int have = decode_digest(digest ? digest : "", hex, err);
    if (have < 0) return -1;
    if (have) {
        const char *p = arena_printf(a, "%s/%.2s/%s.chart", root, hex, hex);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            *path = p;
            return verify_download(a, o, rq, NULL, p, err);
        }
    }
    Buf body = BUF_INIT;
    if (fetch_get(rq, &body, err)) { buf_free(&body); return -1; }
    if (cache_put(a, root, have ? hex : NULL, &body, ".chart", path, err)) return -1;
    return verify_download(a, o, rq, NULL, *path, err);
}

/* Cache.Put: the bytes under `hex` (their own sha256 if NULL) with
 * extension `ext` (".chart", ".prov"); frees body. */
static int cache_put(Arena *a, const char *root, const char *digest, Buf *body_in, const char *ext, const char **path,
                     Buf *err)
{
    Buf body = *body_in;
    *body_in = (Buf){NULL, 0, 0};
    char hex[65];
    if (digest) {
        memcpy(hex, digest, 65);
    } else {
        if (body.len == 0) { buf_free(&body); buf_adds(err, "downloaded chart data is empty"); return -1; }
        unsigned char md[DIGEST_SHA256_LEN];
        digest_sha256(body.data, body.len, md);
        for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    const char *dir = arena_printf(a, "%s/%.2s", root, hex);
    const char *p = arena_printf(a, "%s/%s%s", dir, hex, ext);
    const char *tmp = arena_printf(a, "%s/.%s.%ld.tmp", dir, hex, (long)getpid());
    mkdir_all(dir);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(body.data ? body.data : "", 1, body.len, f) == body.len;
    if (f && fclose(f) != 0) ok = false;
    buf_free(&body);
    if (!ok || rename(tmp, p) != 0) {
        int e = errno;
        remove(tmp);
        buf_printf(err, "open %s: %s", tmp, go_errno_text(e));
        return -1;
    }
    *path = p;
    return 0;
}

/* DownloadToCache's --verify step: the .prov cached beside the chart,
 * else URL.prov fetched with the chart's own request (helm's getter
 * keeps the options of its previous Get) and cached, then VerifyChart
 * on the archive as helm copies it to <content cache>/NAME, NAME being
 * the URL path's last element ("name-tag.tgz" for OCI). */
static int verify_download(Arena *a, const FetchOpts *o, const FetchReq *rq, const char *name, const char *path,
                           Buf *err)
{
    if (!o->verify) return 0;
    size_t n = strlen(path);
    const char *ppth = arena_printf(a, "%.*s.prov", (int)(n - strlen(".chart")), path);
    struct stat st;
    if (stat(ppth, &st) != 0) {
        FetchReq pr = *rq;
        pr.url = arena_printf(a, "%s.prov", rq->url);
        Buf body = BUF_INIT, e = BUF_INIT;
        int rc = fetch_get(&pr, &body, &e);
        buf_free(&e);
        if (rc) {
            buf_free(&body);
            buf_adds(err, "failed to fetch provenance ");
            fmt_quote(err, pr.url, strlen(pr.url));
            return -1;
        }
        const char *slash = strrchr(path, '/');
        const char *hex = arena_strndup(a, slash + 1, strlen(slash + 1) - strlen(".chart"));
        const char *root = arena_strndup(a, path, (size_t)(slash - path));
        root = arena_strndup(a, root, (size_t)(strrchr(root, '/') - root));
        if (cache_put(a, root, hex, &body, ".prov", &ppth, err)) return -1;
    }
    if (!name) {
        FetchURL u;
        Buf e = BUF_INIT;
        name = ".";
        if (fetch_url_parse(a, rq->url, &u, &e) == 0 && *u.path) {
            const char *p = u.path + strlen(u.path);
            while (p > u.path + 1 && p[-1] == '/') p--;
            const char *b = p;
            while (b > u.path && b[-1] != '/') b--;
            name = b == p ? "/" : arena_strndup(a, b, (size_t)(p - b));
        }
        buf_free(&e);
    }
    const char *shown = arena_printf(a, "%s/%s", content_cache(a, o), name);
    return fetch_verify_chart(a, shown, path, ppth, o->keyring, err);
}

/* ---- the three kinds of reference --------------------------------------------------- */

static bool same_origin(Arena *a, const char *x, const char *y)
{
    FetchURL u, v;
    Buf e = BUF_INIT;
    bool same = fetch_url_parse(a, x, &u, &e) == 0 && fetch_url_parse(a, y, &v, &e) == 0
                && strcmp(u.scheme, v.scheme) == 0 && strcmp(u.host, v.host) == 0;
    buf_free(&e);
    return same;
}

static FetchReq flag_req(const FetchOpts *o, const char *url)
{
    FetchReq r = {url, o->username, o->password, o->ca_file, o->cert_file, o->key_file, NULL, o->insecure};
    return r;
}

static int check_scheme(Arena *a, const char *url, Buf *err)
{
    FetchURL u;
    Buf e = BUF_INIT;
    if (fetch_url_parse(a, url, &u, &e)) {
        buf_free(&e);
        buf_printf(err, "invalid chart URL format: %s", url);
        return -1;
    }
    buf_free(&e);
    if (strcmp(u.scheme, "http") && strcmp(u.scheme, "https")) {
        buf_printf(err, "could not find protocol handler for: %s", u.scheme);
        return -1;
    }
    return 0;
}

static int download_url(Arena *a, const FetchOpts *o, FetchReq *dl, const char **path, Buf *logs, Buf *err);

static int from_repo_url(Arena *a, const FetchOpts *o, const char *name, const char *version, const char **path,
                         Buf *logs, Buf *err)
{
    const char *repo = o->repo;
    if (check_scheme(a, repo, err)) return -1;
    const char *idx_url;
    if (fetch_resolve_ref(a, repo, "index.yaml", &idx_url, err)) return -1;
    Buf body = BUF_INIT, e = BUF_INIT;
    FetchReq rq = flag_req(o, idx_url);
    Ver *vs;
    uint32_t nv;
    bool has;
    if (fetch_get(&rq, &body, &e)
        || load_index(a, body.data ? body.data : "", body.len, repo, name, &vs, &nv, &has, logs, &e)) {
        buf_adds(err, "looks like ");
        fmt_quote(err, repo, strlen(repo));
        buf_printf(err, " is not a valid chart repository or cannot be reached: %s", e.data ? e.data : "");
        buf_free(&body);
        buf_free(&e);
        return -1;
    }
    buf_free(&body);
    Buf what = BUF_INIT;
    buf_adds(&what, "chart ");
    fmt_quote(&what, name, strlen(name));
    if (*version) {
        buf_adds(&what, " version ");
        fmt_quote(&what, version, strlen(version));
    }
    const Ver *v = index_get(a, name, vs, nv, has, version, logs, &e);
    buf_free(&e);
    int rc = -1;
    const char *u = v ? first_url(v) : NULL;
    if (!v) buf_printf(err, "%s not found in %s repository", what.data, repo);
    else if (!u) buf_printf(err, "%s has no downloadable URLs", what.data);
    else if (fetch_resolve_ref(a, repo, u, &u, &e)) {
        buf_printf(err, "failed to make chart URL absolute: %s", e.data);
    } else {
        FetchReq dl = flag_req(o, u);
        dl.accept = "application/gzip,application/octet-stream";
        if (!o->pass_credentials && !same_origin(a, repo, u)) dl.username = dl.password = NULL;
        rc = download_url(a, o, &dl, path, logs, err);
    }
    buf_free(&what);
    buf_free(&e);
    return rc;
}

typedef struct RepoEntry {
    const char *name, *url, *username, *password, *cert, *key, *ca;
    bool pass_all;
} RepoEntry;

static const char *repo_config_path(Arena *a, const FetchOpts *o)
{
    if (o->repository_config && *o->repository_config) return o->repository_config;
    const char *e = getenv("HELM_REPOSITORY_CONFIG");
    if (e && *e) return e;
    return helm_path(a, "HELM_CONFIG_HOME", "XDG_CONFIG_HOME", ".config", "repositories.yaml");
}

static const char *repo_cache_path(Arena *a, const FetchOpts *o)
{
    if (o->repository_cache && *o->repository_cache) return o->repository_cache;
    const char *e = getenv("HELM_REPOSITORY_CACHE");
    if (e && *e) return e;
    return cache_path(a, "repository");
}

/* loadRepoConfig: the `repositories` list (NULL when the file does not
 * exist, as helm treats that as empty); -1 with helm's error. */
static int load_repos(Arena *a, const FetchOpts *o, List **out, Buf *err)
{
    *out = NULL;
    const char *file = repo_config_path(a, o);
    Buf data = BUF_INIT, e = BUF_INIT;
    struct stat st;
    if (stat(file, &st) != 0) return 0;
    if (S_ISDIR(st.st_mode)) {
        buf_printf(err, "couldn't load repositories file (%s): read %s: is a directory", file, file);
        return -1;
    }
    if (ffile_read(file, &data, &e)) {
        buf_printf(err, "couldn't load repositories file (%s): %s", file, e.data ? e.data : "");
        buf_free(&data);
        buf_free(&e);
        return -1;
    }
    buf_free(&e);
    Value doc;
    int rc = yaml_decode(a, data.data ? data.data : "", data.len, V_NIL, &doc, err);
    buf_free(&data);
    if (rc) return -1;
    if (doc.kind != V_MAP && doc.kind != V_NIL) {
        buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type repo.File",
                   doc.kind == V_LIST ? "array" : doc.kind == V_STR ? "string" : doc.kind == V_BOOL ? "bool" : "number");
        return -1;
    }
    Value *rs = doc.kind == V_MAP ? map_gets(doc.u.m, "repositories") : NULL;
    if (rs && rs->kind == V_LIST) *out = rs->u.l;
    return 0;
}

static void entry_of(Arena *a, const Map *m, RepoEntry *re)
{
    re->name = str_of(a, m, "name");
    re->url = str_of(a, m, "url");
    re->username = str_of(a, m, "username");
    re->password = str_of(a, m, "password");
    re->cert = str_of(a, m, "certFile");
    re->key = str_of(a, m, "keyFile");
    re->ca = str_of(a, m, "caFile");
    re->pass_all = bool_of(m, "pass_credentials_all");
}

/* pickChartRepositoryConfigByName; 1 if not found. */
static int find_repo(Arena *a, const FetchOpts *o, const char *name, RepoEntry *re, Buf *err)
{
    List *rs;
    if (load_repos(a, o, &rs, err)) return -1;
    for (uint32_t i = 0; rs && i < rs->len; i++) {
        Value r = rs->items[i];
        if (r.kind != V_MAP || strcmp(str_of(a, r.u.m, "name"), name) != 0) continue;
        entry_of(a, r.u.m, re);
        return 0;
    }
    return 1;
}

/* scanReposForURL: the configured repository whose cached index lists
 * `url` among its chart URLs (its TLS files and credentials then apply);
 * 1 if none.  Every repository's index must load. */
static int scan_repos(Arena *a, const FetchOpts *o, const char *url, RepoEntry *re, Buf *logs, Buf *err)
{
    List *rs;
    if (load_repos(a, o, &rs, err)) return -1;
    const char *cache = repo_cache_path(a, o);
    for (uint32_t i = 0; rs && i < rs->len; i++) {
        Value r = rs->items[i];
        if (r.kind != V_MAP) continue;
        RepoEntry cur;
        entry_of(a, r.u.m, &cur);
        if (check_scheme(a, cur.url, err)) return -1;
        const char *idx = arena_printf(a, "%s/%s-index.yaml", cache, cur.name);
        Buf data = BUF_INIT, e = BUF_INIT;
        Value doc;
        int bad = ffile_read(idx, &data, &e);
        if (bad) {
            buf_printf(err, "no cached repo found. (try 'helm repo update'): %s", e.data ? e.data : "");
        } else {
            Ver *vs;
            uint32_t nv;
            bool has;
            /* validity as load_index sees it, then a walk over every URL */
            bad = load_index(a, data.data ? data.data : "", data.len, idx, "", &vs, &nv, &has, logs, &e);
            if (bad) buf_printf(err, "no cached repo found. (try 'helm repo update'): error loading %s: %s", idx, e.data);
            else if (yaml_decode(a, data.data ? data.data : "", data.len, V_MAP, &doc, &e) == 0 && doc.kind == V_MAP) {
                Value *ents = map_gets(doc.u.m, "entries");
                for (uint32_t k = 0; ents && ents->kind == V_MAP && k < ents->u.m->used; k++) {
                    const MapEntry *me = &ents->u.m->entries[k];
                    for (uint32_t v = 0; me->key && me->val.kind == V_LIST && v < me->val.u.l->len; v++) {
                        Value ver = me->val.u.l->items[v];
                        Value *us = ver.kind == V_MAP ? map_gets(ver.u.m, "urls") : NULL;
                        for (uint32_t x = 0; us && us->kind == V_LIST && x < us->u.l->len; x++)
                            if (us->u.l->items[x].kind == V_STR && strcmp(us->u.l->items[x].u.s->s, url) == 0) {
                                *re = cur;
                                buf_free(&data);
                                buf_free(&e);
                                return 0;
                            }
                    }
                }
            }
        }
        buf_free(&data);
        buf_free(&e);
        if (bad) return -1;
    }
    return 1;
}

/* DownloadToCache of an absolute chart URL: the flags' request, unless a
 * configured repository owns the URL. */
static int download_url(Arena *a, const FetchOpts *o, FetchReq *dl, const char **path, Buf *logs, Buf *err)
{
    RepoEntry re;
    int f = scan_repos(a, o, dl->url, &re, logs, err);
    if (f < 0) return -1;
    if (f == 0) {
        if (*re.cert || *re.key || *re.ca) {
            dl->cert_file = re.cert;
            dl->key_file = re.key;
            dl->ca_file = re.ca;
        }
        if (*re.username && *re.password) {
            dl->username = re.username;
            dl->password = re.password;
        }
    }
    return download(a, o, dl, NULL, path, err);
}

static int from_repo_name(Arena *a, const FetchOpts *o, const char *ref, const char *version, const char **path,
                          Buf *logs, Buf *err)
{
    FetchURL u;
    Buf e = BUF_INIT;
    if (fetch_url_parse(a, ref, &u, &e)) {
        buf_free(&e);
        buf_printf(err, "invalid chart URL format: %s", ref);
        return -1;
    }
    const char *slash = strchr(u.path, '/');
    if (!slash) {
        Buf s = BUF_INIT;
        fetch_url_string(&u, &s);
        buf_printf(err, "non-absolute URLs should be in form of repo_name/path_to_chart, got: %s", s.data ? s.data : "");
        buf_free(&s);
        return -1;
    }
    const char *repo = arena_strndup(a, u.path, (size_t)(slash - u.path));
    const char *chart = slash + 1;
    RepoEntry re;
    int f = find_repo(a, o, repo, &re, err);
    if (f < 0) return -1;
    if (f > 0) { buf_printf(err, "repo %s not found", repo); return -1; }
    if (check_scheme(a, re.url, err)) return -1;
    const char *cache = repo_cache_path(a, o);
    const char *idx = arena_printf(a, "%s/%s-index.yaml", cache, repo);
    Buf data = BUF_INIT;
    Ver *vs;
    uint32_t nv;
    bool has;
    if (ffile_read(idx, &data, &e)) {
        buf_printf(err, "no cached repo found. (try 'helm repo update'): %s", e.data);
        buf_free(&e);
        buf_free(&data);
        return -1;
    }
    if (load_index(a, data.data ? data.data : "", data.len, idx, chart, &vs, &nv, &has, logs, &e)) {
        buf_printf(err, "no cached repo found. (try 'helm repo update'): error loading %s: %s", idx, e.data);
        buf_free(&e);
        buf_free(&data);
        return -1;
    }
    buf_free(&data);
    const Ver *v = index_get(a, chart, vs, nv, has, version, logs, &e);
    if (!v) {
        buf_printf(err, "chart \"%s\" matching %s not found in %s index. (try 'helm repo update'): %s", chart, version,
                   repo, e.data);
        buf_free(&e);
        return -1;
    }
    const char *cu = first_url(v);
    if (!cu) {
        buf_printf(err, "chart \"%s\" has no downloadable URLs", ref);
        buf_free(&e);
        return -1;
    }
    if (fetch_resolve_ref(a, re.url, cu, &cu, &e)) {
        buf_free(&e);
        buf_printf(err, "invalid chart URL format: %s", ref);
        return -1;
    }
    buf_free(&e);
    FetchReq dl = flag_req(o, cu);
    dl.accept = "application/gzip,application/octet-stream";
    if (*re.cert || *re.key || *re.ca) {
        dl.cert_file = re.cert;
        dl.key_file = re.key;
        dl.ca_file = re.ca;
    }
    if (*re.username && *re.password) {
        dl.username = re.username;
        dl.password = re.password;
    }
    return download(a, o, &dl, str_of(a, v->m, "digest"), path, err);
}

/* An oci:// chart into the content cache; with --verify its provenance
 * layer beside it, verified under helm's name "CHART-TAG.tgz". */
static int from_oci(Arena *a, const FetchOpts *o, const char *ref, const char *version, const char **path, Buf *logs,
                    Buf *err)
{
    Buf blob = BUF_INIT, prov = BUF_INIT;
    const char *url = NULL, *key = NULL, *root = content_cache(a, o);
    int rc = foci_locate(a, o, ref, version, root, &blob, o->verify ? &prov : NULL, &url, &key, logs, err);
    if (rc == 2) {
        /* on a cache hit helm's second pull for the provenance fails: the
         * reference shows "failed to fetch provenance" unless the .prov
         * was cached with the chart */
        *path = arena_printf(a, "%s/%.2s/%s.chart", root, key, key);
        const char *pp = arena_printf(a, "%s/%.2s/%s.prov", root, key, key);
        struct stat st;
        if (!o->verify) return 0;
        if (stat(pp, &st) != 0) {
            buf_adds(err, "failed to fetch provenance ");
            const char *pu = arena_printf(a, "%s.prov", url);
            fmt_quote(err, pu, strlen(pu));
            return -1;
        }
        const char *base = strrchr(url, '/') + 1;
        const char *colon = strrchr(base, ':');
        const char *name = arena_printf(a, "%.*s-%s.tgz", (int)(colon - base), base, colon + 1);
        return fetch_verify_chart(a, arena_printf(a, "%s/%s", root, name), *path, pp, o->keyring, err);
    }
    if (rc < 0 || cache_put(a, root, key, &blob, ".chart", path, err)) {
        buf_free(&blob);
        buf_free(&prov);
        return -1;
    }
    if (!o->verify) return 0;
    if (rc == 1) {
        buf_free(&prov);
        buf_adds(err, "failed to fetch provenance ");
        const char *pu = arena_printf(a, "%s.prov", url);
        fmt_quote(err, pu, strlen(pu));
        return -1;
    }
    const char *slash = strrchr(*path, '/');
    const char *hex = arena_strndup(a, slash + 1, strlen(slash + 1) - strlen(".chart"));
    const char *ppth;
    if (cache_put(a, content_cache(a, o), hex, &prov, ".prov", &ppth, err)) return -1;
    const char *base = strrchr(url, '/') + 1;
    const char *colon = strrchr(base, ':');
    const char *name = arena_printf(a, "%.*s-%s.tgz", (int)(colon - base), base, colon + 1);
    const char *shown = arena_printf(a, "%s/%s", content_cache(a, o), name);
    return fetch_verify_chart(a, shown, *path, ppth, o->keyring, err);
}

int fetch_locate_chart(Arena *a, const FetchOpts *o, const char *ref, const char **path, Buf *logs, Buf *err)
{
    const char *name = trim(a, ref);
    FetchOpts fo = *o;
    const char *version = trim(a, o->version);
    if (!*version && o->devel) version = ">0.0.0-0";
    fo.version = version;
    struct stat st;
    /* helm v4 looks for a local path only without --repo: with it, even an
     * existing directory is a chart name in that repository */
    if (o->repo && *o->repo) return from_repo_url(a, &fo, name, version, path, logs, err) ? -1 : 0;
    if (stat(name, &st) == 0) {
        *path = name;
        if (!o->verify) return 0;
        const char *abs = path_abs(a, name);
        return fetch_verify_chart(a, abs, abs, arena_printf(a, "%s.prov", abs), o->keyring, err);
    }
    if (strncmp(name, "oci://", 6) == 0) return from_oci(a, &fo, name, version, path, logs, err);
    if (name[0] == '/' || name[0] == '.') { buf_printf(err, "path \"%s\" not found", name); return -1; }
    if (o->repo && *o->repo) {
        if (from_repo_url(a, &fo, name, version, path, logs, err)) return -1;
    } else {
        FetchURL u;
        Buf e = BUF_INIT;
        bool url = fetch_url_parse(a, name, &u, &e) == 0 && *u.scheme && *u.host && *u.rawpath;
        buf_free(&e);
        if (url) {
            if (check_scheme(a, name, err)) return -1;
            FetchReq dl = flag_req(&fo, name);
            dl.accept = "application/gzip,application/octet-stream";
            if (download_url(a, &fo, &dl, path, logs, err)) return -1;
        } else if (from_repo_name(a, &fo, name, version, path, logs, err)) {
            return -1;
        }
    }
    return 0;
}
