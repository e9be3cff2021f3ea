/*
 * oci.c - `oci://HOST/REPO[:TAG]` chart references through the registry
 * v2 API, as helm's registry client (on ORAS) pulls them: the tag from
 * the reference, else --version when it parses as a version, else the
 * newest tag satisfying the constraint ("*" without --version, so no
 * prereleases; tags with '_' for '+'); then the manifest and its helm
 * chart layer.  https unless --plain-http.  A 401 with a Bearer
 * challenge gets a token from the realm (anonymously, or with
 * --username/--password) and the request is retried; a Basic challenge
 * is answered with the flags' credentials.
 *
 * Error texts follow ORAS: `GET "URL": response status code 404: name
 * unknown: repository name not known to registry` and `failed to perform
 * "FetchReference" on source: HOST/REPO:TAG: not found`.
 *
 * Credentials: regauth.c (the flags, else the registry config file).
 * REPO@DIGEST and REPO:TAG@DIGEST pull by digest (the tag, when the
 * registry knows it, must name that digest).
 * Tag lists are followed through their Link headers, as ORAS pages.
 */
#include "fetch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sprig/digest.h"

#include "../semver/semver.h"
#include "../value/fmt.h"
#include "../value/value.h"
#include "../yaml/yaml.h"

#define HELM_LAYER "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
#define PROV_LAYER "application/vnd.cncf.helm.chart.provenance.v1.prov"

typedef struct Ref {
    const char *host, *repo, *tag, *scheme;
    char sep;          /* ':' before a tag, '@' before a digest */
} Ref;

/* the value of key="..." in a WWW-Authenticate challenge */
static const char *challenge_param(Arena *a, const char *ch, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = ch; (p = strstr(p, key)); p += kl) {
        if ((p != ch && p[-1] != ' ' && p[-1] != ',') || p[kl] != '=') continue;
        const char *v = p + kl + 1;
        if (*v == '"') {
            const char *e = strchr(v + 1, '"');
            return e ? arena_strndup(a, v + 1, (size_t)(e - v - 1)) : NULL;
        }
        size_t n = strcspn(v, ",");
        return arena_strndup(a, v, n);
    }
    return NULL;
}

static void query_escape(Buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
            buf_addc(b, (char)c);
        else buf_printf(b, "%%%02X", c);
    }
}

/* GET with the registry's auth dance; *st is the final answer. */
static int reg_get(Arena *a, const FetchOpts *o, const char *url, const char *accept, FetchStatus *st, Buf *body,
                   Buf *err)
{
    FetchReq r = {url, NULL, NULL, o->ca_file, o->cert_file, o->key_file, accept, o->insecure, NULL};
    if (fetch_do(&r, st, body, err)) return -1;
    if (st->code != 401) return 0;
    bool basic = strncasecmp(st->www_auth, "Basic", 5) == 0;
    if (!basic && strncasecmp(st->www_auth, "Bearer", 6) != 0) return 0;
    const char *hs = strstr(url, "://");
    hs = hs ? hs + 3 : url;
    FCred cr;
    Buf ce = BUF_INIT;
    if (freg_credential(a, o, arena_strndup(a, hs, strcspn(hs, "/")), &cr, &ce)) {
        buf_printf(err, "GET \"%s\": %s", url, ce.data);
        buf_free(&ce);
        return -1;
    }
    if (basic) {
        const char *why = NULL;
        if (!*cr.user && !*cr.pass && !*cr.refresh && !*cr.access) why = "basic credential not found";
        else if (!*cr.user || !*cr.pass) why = "missing username or password for basic auth";
        if (why) {
            buf_printf(err, "GET \"%s\": %s", url, why);
            return -1;
        }
        r.username = cr.user;
        r.password = cr.pass;
        buf_clear(body);
        return fetch_do(&r, st, body, err);
    }
    if (*cr.access) {
        r.bearer = cr.access;
        buf_clear(body);
        return fetch_do(&r, st, body, err);
    }
    const char *realm = challenge_param(a, st->www_auth, "realm");
    if (!realm) return 0;
    const char *service = challenge_param(a, st->www_auth, "service");
    const char *scope = challenge_param(a, st->www_auth, "scope");
    Buf tu = BUF_INIT;
    buf_adds(&tu, realm);
    char sep = strchr(realm, '?') ? '&' : '?';
    if (scope) { buf_printf(&tu, "%cscope=", sep); query_escape(&tu, scope); sep = '&'; }
    if (service) { buf_printf(&tu, "%cservice=", sep); query_escape(&tu, service); }
    bool up = *cr.user || *cr.pass;
    FetchReq tr = {tu.data, up ? cr.user : NULL, up ? cr.pass : NULL, o->ca_file, o->cert_file, o->key_file, NULL,
                   o->insecure, NULL};
    Buf tb = BUF_INIT;
    FetchStatus ts;
    int rc = fetch_do(&tr, &ts, &tb, err);
    buf_free(&tu);
    if (rc) { buf_free(&tb); return -1; }
    Value doc;
    Buf e = BUF_INIT;
    const char *token = NULL;
    if (ts.code == 200 && yaml_decode(a, tb.data ? tb.data : "", tb.len, V_MAP, &doc, &e) == 0 && doc.kind == V_MAP) {
        Value *t = map_gets(doc.u.m, "token");
        if (!t || t->kind != V_STR || !t->u.s->len) t = map_gets(doc.u.m, "access_token");
        if (t && t->kind == V_STR) token = t->u.s->s;
    }
    buf_free(&e);
    buf_free(&tb);
    if (!token) return 0;
    r.bearer = token;
    buf_clear(body);
    return fetch_do(&r, st, body, err);
}

/* ORAS's ErrorResponse text */
static void response_error(Arena *a, const char *url, const FetchStatus *st, const Buf *body, Buf *err)
{
    buf_printf(err, "GET \"%s\": response status code %d: ", url, st->code);
    Value doc;
    Buf e = BUF_INIT;
    Value *errs = NULL;
    if (body->len && yaml_decode(a, body->data, body->len, V_MAP, &doc, &e) == 0 && doc.kind == V_MAP)
        errs = map_gets(doc.u.m, "errors");
    buf_free(&e);
    if (!errs || errs->kind != V_LIST || errs->u.l->len == 0) {
        const char *sp = strchr(st->status, ' ');
        buf_adds(err, sp ? sp + 1 : st->status);
        return;
    }
    if (errs->u.l->len > 1) buf_adds(err, "multiple errors returned: ");
    for (uint32_t i = 0; i < errs->u.l->len; i++) {
        Value it = errs->u.l->items[i];
        if (i) buf_adds(err, "; ");
        Value *c = it.kind == V_MAP ? map_gets(it.u.m, "code") : NULL;
        Value *m = it.kind == V_MAP ? map_gets(it.u.m, "message") : NULL;
        if (c && c->kind == V_STR)
            for (const char *p = c->u.s->s; *p; p++) buf_addc(err, *p == '_' ? ' ' : (*p >= 'A' && *p <= 'Z') ? (char)(*p | 0x20) : *p);
        if (m && m->kind == V_STR && m->u.s->len) buf_printf(err, ": %s", m->u.s->s);
    }
}

#define MAX_TAG_PAGES 10000

/* One page of the tag list: its tags appended to *all, the next page's
 * URL (ORAS's parseLink of the Link header) in *next, NULL at the end. */
static int tag_page(Arena *a, const FetchOpts *o, const char *url, List *all, const char **next, Buf *err)
{
    FetchStatus st;
    Buf body = BUF_INIT;
    *next = NULL;
    if (reg_get(a, o, url, NULL, &st, &body, err)) { buf_free(&body); return -1; }
    if (st.code != 200) {
        response_error(a, url, &st, &body, err);
        buf_free(&body);
        return -1;
    }
    Value doc;
    Buf e = BUF_INIT;
    int rc = yaml_decode(a, body.data ? body.data : "", body.len, V_MAP, &doc, &e);
    buf_free(&body);
    if (rc) { buf_add(err, e.data, e.len); buf_free(&e); return -1; }
    buf_free(&e);
    Value *tl = doc.kind == V_MAP ? map_gets(doc.u.m, "tags") : NULL;
    for (uint32_t i = 0; tl && tl->kind == V_LIST && i < tl->u.l->len; i++)
        if (!list_push(a, all, tl->u.l->items[i])) { buf_adds(err, "out of memory"); return -1; }
    const char *link = st.link;
    if (!*link) return 0;
    const char *gt = strchr(link, '>');
    if (link[0] != '<' || !gt) {
        buf_adds(err, "invalid next link ");
        fmt_quote(err, link, strlen(link));
        buf_adds(err, link[0] != '<' ? ": missing '<'" : ": missing '>'");
        return -1;
    }
    const char *ref = arena_strndup(a, link + 1, (size_t)(gt - link - 1));
    *next = fetch_url_resolve(a, url, ref);
    if (!*next) { buf_printf(err, "parse \"%s\": invalid URL", ref); return -1; }
    return 0;
}

/* helm's Tags(): every page's tags that are strict semver ('_' read as
 * '+'), newest first. */
static int list_tags(Arena *a, const FetchOpts *o, const Ref *r, const char ***tags, uint32_t *n, Buf *err)
{
    const char *url = arena_printf(a, "%s://%s/v2/%s/tags/list", r->scheme, r->host, r->repo);
    List *all = list_new(a, 16);
    if (!all) { buf_adds(err, "out of memory"); return -1; }
    for (int page = 0; url; page++) {
        if (page == MAX_TAG_PAGES) { buf_adds(err, "chartc: too many pages of tags"); return -1; }
        if (tag_page(a, o, url, all, &url, err)) return -1;
    }
    uint32_t cap = all->len;
    SemVer *vs = arena_zalloc(a, (cap + 1) * sizeof *vs);
    const char **out = arena_zalloc(a, (cap + 1) * sizeof *out);
    uint32_t k = 0;
    for (uint32_t i = 0; i < cap; i++) {
        Value t = all->items[i];
        if (t.kind != V_STR) continue;
        char *s = arena_strdup(a, t.u.s->s);
        for (char *p = s; *p; p++) if (*p == '_') *p = '+';
        char se[160];
        if (*s < '0' || *s > '9' || !semver_parse(a, s, strlen(s), &vs[k], se, sizeof se)) continue;
        Buf canon = BUF_INIT;
        semver_string(&vs[k], &canon);
        bool strict = canon.data && strcmp(canon.data, s) == 0;
        buf_free(&canon);
        if (!strict) continue;
        SemVer v = vs[k];
        uint32_t j = k;
        while (j > 0 && semver_cmp(&v, &vs[j - 1]) > 0) {
            vs[j] = vs[j - 1];
            out[j] = out[j - 1];
            j--;
        }
        vs[j] = v;
        out[j] = s;
        k++;
    }
    *tags = out;
    *n = k;
    return 0;
}

static int pick_tag(Arena *a, const FetchOpts *o, Ref *r, const char *version, Buf *err)
{
    const char *tags_of = arena_printf(a, "%s/%s", r->host, r->repo);
    const char **tags;
    uint32_t n;
    if (list_tags(a, o, r, &tags, &n, err)) return -1;
    if (n == 0) { buf_printf(err, "unable to locate any tags in provided repository: %s", tags_of); return -1; }
    const char *cs = *version ? version : "*";
    if (*version)
        for (uint32_t i = 0; i < n; i++)
            if (strcmp(tags[i], version) == 0) { r->tag = tags[i]; return 0; }
    char e[256];
    for (uint32_t i = 0; i < n; i++) {
        SemVer v;
        if (!semver_parse(a, tags[i], strlen(tags[i]), &v, e, sizeof e)) continue;
        int c = semver_check(a, cs, strlen(cs), &v, e, sizeof e);
        if (c < 0) { buf_adds(err, e); return -1; }
        if (c == 1) { r->tag = tags[i]; return 0; }
    }
    buf_printf(err, "could not locate a version matching provided version string %s", version);
    return -1;
}

static void pulled(const Ref *r, const Buf *manifest, Buf *logs)
{
    unsigned char md[DIGEST_SHA256_LEN];
    digest_sha256(manifest->data ? manifest->data : "", manifest->len, md);
    buf_printf(logs, "Pulled: %s/%s%c%s\nDigest: sha256:", r->host, r->repo, r->sep, r->tag);
    for (int i = 0; i < DIGEST_SHA256_LEN; i++) buf_printf(logs, "%02x", md[i]);
    buf_addc(logs, '\n');
}

/* The digest of the first layer of one of two media types, NULL if none. */
static const char *layer_digest(const Value *doc, const char *mt1, const char *mt2)
{
    Value *layers = doc->kind == V_MAP ? map_gets(doc->u.m, "layers") : NULL;
    for (uint32_t i = 0; layers && layers->kind == V_LIST && i < layers->u.l->len; i++) {
        Value l = layers->u.l->items[i];
        Value *mt = l.kind == V_MAP ? map_gets(l.u.m, "mediaType") : NULL;
        Value *dg = l.kind == V_MAP ? map_gets(l.u.m, "digest") : NULL;
        if (mt && mt->kind == V_STR && dg && dg->kind == V_STR
            && (strcmp(mt->u.s->s, mt1) == 0 || (mt2 && strcmp(mt->u.s->s, mt2) == 0)))
            return dg->u.s->s;
    }
    return NULL;
}

/* The chart layer into *blob; with `prov`, helm's second pull for
 * --verify too (its own "Pulled:" lines): the provenance layer into
 * *prov, or 1 when the manifest has none or it cannot be fetched. */
static int fetch_chart(Arena *a, const FetchOpts *o, const Ref *r, Buf *blob, Buf *prov, Buf *logs, Buf *err)
{
    const char *url = arena_printf(a, "%s://%s/v2/%s/manifests/%s", r->scheme, r->host, r->repo, r->tag);
    FetchStatus st;
    Buf body = BUF_INIT;
    int rc = -1;
    Buf te = BUF_INIT;
    if (reg_get(a, o, url, "application/vnd.oci.image.manifest.v1+json", &st, &body, &te)) {
        buf_printf(err, "failed to perform \"FetchReference\" on source: %s", te.data ? te.data : "");
        buf_free(&te);
        goto out;
    }
    buf_free(&te);
    if (st.code == 404) {
        buf_printf(err, "failed to perform \"FetchReference\" on source: %s/%s%c%s: not found", r->host, r->repo, r->sep,
                   r->tag);
        goto out;
    }
    if (st.code != 200) {
        buf_adds(err, "failed to perform \"FetchReference\" on source: ");
        response_error(a, url, &st, &body, err);
        goto out;
    }
    Value doc;
    Buf e = BUF_INIT;
    if (yaml_decode(a, body.data ? body.data : "", body.len, V_MAP, &doc, &e)) {
        buf_add(err, e.data, e.len);
        buf_free(&e);
        goto out;
    }
    buf_free(&e);
    const char *d = layer_digest(&doc, HELM_LAYER, "application/tar+gzip");
    if (!d) {
        buf_printf(err, "manifest does not contain a layer with mediatype %s", HELM_LAYER);
        goto out;
    }
    const char *burl = arena_printf(a, "%s://%s/v2/%s/blobs/%s", r->scheme, r->host, r->repo, d);
    if (reg_get(a, o, burl, NULL, &st, blob, err)) goto out;
    if (st.code != 200) { response_error(a, burl, &st, blob, err); goto out; }
    pulled(r, &body, logs);
    rc = 0;
    if (!prov) goto out;
    const char *pd = layer_digest(&doc, PROV_LAYER, NULL);
    Buf pe = BUF_INIT;
    rc = 1;
    if (pd) {
        const char *purl = arena_printf(a, "%s://%s/v2/%s/blobs/%s", r->scheme, r->host, r->repo, pd);
        if (reg_get(a, o, purl, NULL, &st, prov, &pe) == 0 && st.code == 200) {
            pulled(r, &body, logs);
            rc = 0;
        }
    }
    buf_free(&pe);
out:
    buf_free(&body);
    return rc;
}

/* the distribution spec's repository name: lower-case components joined
 * by '/', each [a-z0-9]+ separated by '.', '_', "__" or runs of '-' */
static bool valid_repo(const char *s)
{
    bool need = true;
    for (const char *p = s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) { need = false; continue; }
        if (need) return false;
        if (*p == '/' || *p == '.' || *p == '_' || *p == '-') {
            if (*p == '_' && p[1] == '_') p++;
            else if (*p == '-') while (p[1] == '-') p++;
            need = true;
            continue;
        }
        return false;
    }
    return !need;
}

static bool valid_tag(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 128) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool w = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!w && (i == 0 || (c != '.' && c != '-'))) return false;
    }
    return true;
}

/* go-digest's Validate: "" or its error text */
static const char *digest_error(const char *d)
{
    const char *c = strchr(d, ':');
    if (!c || c == d || !c[1]) return "invalid checksum digest format";
    size_t al = (size_t)(c - d), n = strlen(c + 1);
    size_t want = al == 6 && strncmp(d, "sha256", 6) == 0 ? 64
                  : al == 6 && strncmp(d, "sha384", 6) == 0 ? 96
                  : al == 6 && strncmp(d, "sha512", 6) == 0 ? 128 : 0;
    if (!want) {
        /* an unknown algorithm in a well-formed digest is "unsupported" */
        bool ok = true, need = true;
        for (const char *p = d; p < c && ok; p++) {
            bool w = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
            if (w) need = false;
            else if (strchr(".+_-", *p) && !need) need = true;
            else ok = false;
        }
        ok = ok && !need;
        for (const char *p = c + 1; *p && ok; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("=_-", *p);
        return ok ? "unsupported digest algorithm" : "invalid checksum digest format";
    }
    if (n != want) return "invalid checksum digest length";
    for (const char *p = c + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'f') || (*p >= '0' && *p <= '9'))) return "invalid checksum digest format";
    return "";
}

/* helm's getOciURI for REPO[:TAG]@DIGEST: with a tag (or --version) that
 * the registry knows, the tag's manifest must be the digest (else "chart
 * reference digest mismatch") and the download is cached under the
 * digest; an unknown tag is ignored.  1 when the digest was checked. */
static int check_digest(Arena *a, const FetchOpts *o, const Ref *r, const char *version, const char *digest, Buf *err)
{
    if (!*version) return 0;
    for (const char *p = version; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._-", *p)))
            return 0;
    if (!valid_tag(version)) return 0;
    const char *url = arena_printf(a, "%s://%s/v2/%s/manifests/%s", r->scheme, r->host, r->repo, version);
    FetchStatus st;
    Buf body = BUF_INIT, e = BUF_INIT;
    int rc = reg_get(a, o, url, "application/vnd.oci.image.manifest.v1+json", &st, &body, &e);
    buf_free(&e);
    if (rc || st.code != 200) { buf_free(&body); return 0; }
    unsigned char md[DIGEST_SHA256_LEN];
    digest_sha256(body.data ? body.data : "", body.len, md);
    buf_free(&body);
    char have[7 + 2 * DIGEST_SHA256_LEN + 1] = "sha256:";
    for (int i = 0; i < DIGEST_SHA256_LEN; i++) snprintf(have + 7 + 2 * i, 3, "%02x", md[i]);
    if (strcmp(have, digest) != 0) {
        buf_printf(err, "chart reference digest mismatch: %s is not %s", have, digest);
        return -1;
    }
    return 1;
}

int foci_locate(Arena *a, const FetchOpts *o, const char *ref, const char *version, const char *cache_root,
                Buf *blob, Buf *prov, const char **url, const char **key, Buf *logs, Buf *err)
{
    Ref r = {0};
    r.sep = ':';
    *key = NULL;
    const char *s = ref + 6;
    const char *slash = strchr(s, '/');
    if (!slash) { buf_adds(err, "invalid reference: missing registry or repository"); return -1; }
    r.host = arena_strndup(a, s, (size_t)(slash - s));
    const char *path = slash + 1;
    /* helm's newReference takes the digest after the last '@' first */
    const char *at = strrchr(path, '@');
    const char *digest = at ? at + 1 : "";
    if (at) path = arena_strndup(a, path, (size_t)(at - path));
    const char *last = strrchr(path, '/');
    const char *colon = strrchr(last ? last : path, ':');
    const char *at2 = strchr(last ? last : path, '@');
    if (*digest && at2) colon = at2;
    r.repo = colon ? arena_strndup(a, path, (size_t)(colon - path)) : path;
    const char *reftag = colon ? colon + 1 : "";
    if (!valid_repo(r.repo)) { buf_printf(err, "invalid reference: invalid repository \"%s\"", r.repo); return -1; }
    if (*digest) {
        char *t = arena_strdup(a, reftag);
        for (char *p = t; *p; p++) if (*p == '+') *p = '_';
        reftag = t;
    }
    if (colon && *colon == ':' && !valid_tag(reftag)) {
        buf_printf(err, "invalid reference: invalid tag \"%s\"", reftag);
        return -1;
    }
    r.scheme = o->plain_http ? "http" : "https";
    if (*reftag && *version && strcmp(reftag, version) != 0) {
        buf_printf(err, "chart reference and version mismatch: %s is not %s", version, reftag);
        return -1;
    }
    if (*digest) {
        int checked = check_digest(a, o, &r, *version ? version : reftag, digest, err);
        if (checked < 0) return -1;
        const char *de = digest_error(digest);
        r.sep = '@';
        r.tag = digest;
        *url = arena_printf(a, "oci://%s/%s@%s", r.host, r.repo, digest);
        if (*de) {
            buf_printf(err, "invalid reference: invalid digest \"%s\": %s", digest, de);
            return -1;
        }
        if (checked) {
            *key = arena_strndup(a, strchr(digest, ':') + 1, 64);
            const char *p = arena_printf(a, "%s/%.2s/%s.chart", cache_root, *key, *key);
            FILE *f = fopen(p, "rb");
            if (f) {
                fclose(f);
                return 2;
            }
        }
        return fetch_chart(a, o, &r, blob, prov, logs, err);
    }
    char e[160];
    SemVer v;
    if (*reftag) r.tag = reftag;
    else if (*version && semver_parse(a, version, strlen(version), &v, e, sizeof e)) r.tag = version;
    else if (pick_tag(a, o, &r, version, err)) return -1;
    char *tag = arena_strdup(a, r.tag);
    for (char *p = tag; *p; p++) if (*p == '+') *p = '_';
    *url = arena_printf(a, "oci://%s/%s:%s", r.host, r.repo, r.tag);
    r.tag = tag;
    return fetch_chart(a, o, &r, blob, prov, logs, err);
}
