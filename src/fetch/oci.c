/*
 * oci.c - `oci://HOST/REPO[:TAG]` chart references through the registry
 * v2 API, as helm's registry client (on ORAS) pulls them: the tag from
 * the reference, else --version when it parses as a version, else the
 * newest tag satisfying the constraint ("*" without --version, so no
 * prereleases; tags with '_' for '+'); then the manifest and its helm
 * chart layer.  https unless --plain-http.  A 401 with a Bearer
 * challenge gets a token from the realm (a registry token as it is; an
 * identity token through the OAuth2 refresh-token POST; else the
 * distribution GET, anonymous or with a username and password) and the
 * request is retried; a Basic challenge is answered with the credentials.
 * What was accepted is sent with the next requests, as ORAS caches it.
 *
 * Error texts follow ORAS: `GET "URL": response status code 404: name
 * unknown: repository name not known to registry` and `failed to perform
 * "FetchReference" on source: HOST/REPO:TAG: not found`.
 *
 * Credentials: regauth.c (the flags, else the config files and helpers).
 * REPO@DIGEST and REPO:TAG@DIGEST pull by digest (the tag, when the
 * registry knows it, must name that digest).
 * Tag lists are followed through their Link headers, as ORAS pages.
 */
#include "fetch_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sprig/digest.h"

#include "../semver/semver.h"
#include "../json/json.h"
#include "../value/fmt.h"
#include "../value/value.h"
#include "../yaml/yaml.h"
#include "../util/goerr.h"

#define HELM_LAYER "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
#define PROV_LAYER "application/vnd.cncf.helm.chart.provenance.v1.prov"

typedef struct Ref {
    const char *host, *repo, *tag, *scheme;
    char sep;          /* ':' before a tag, '@' before a digest */
} Ref;

/* One registry session, as ORAS's auth.Client caches per host: after a
 * Basic or Bearer answer has been accepted it is sent with the next
 * requests, so credentials (and a credential helper) are asked once. */
typedef struct Reg {
    const FetchOpts *o;
    const char *repo;
    const char *user, *pass;   /* accepted Basic credentials */
    const char *token;         /* accepted Bearer token */
} Reg;

static void method_error(Arena *a, const char *method, const char *url, const FetchStatus *st, const Buf *body,
                         Buf *err);

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

/* Go's url.QueryEscape */
static void query_escape(Buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
            buf_addc(b, (char)c);
        else if (c == ' ') buf_addc(b, '+');
        else buf_printf(b, "%%%02X", c);
    }
}

static int scope_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* ORAS's CleanScopes: the actions of one resource merged ("*" alone if
 * present), scopes without actions dropped, the rest sorted without
 * repeats.  *n in, *n out. */
static void clean_scopes(Arena *a, const char **v, int *n)
{
    int k = *n, out = 0;
    const char **res = arena_zalloc(a, (size_t)(k + 1) * sizeof *res);
    int *grp = arena_zalloc(a, (size_t)(k + 1) * sizeof *grp);   /* 0: not yet grouped, -1: kept as is */
    for (int i = 0; i < k; i++) {
        const char *c1 = strchr(v[i], ':'), *c2 = strrchr(v[i], ':');
        if (!c1 || c1 == c2) { res[out++] = v[i]; grp[i] = -1; }
    }
    for (int i = 0; i < k; i++) {
        if (grp[i]) continue;
        size_t rl = (size_t)(strrchr(v[i], ':') - v[i]);
        int cap = 0, na = 0;
        for (int j = i; j < k; j++) {
            if (grp[j] || (size_t)(strrchr(v[j], ':') - v[j]) != rl || strncmp(v[i], v[j], rl)) continue;
            grp[j] = i + 1;
            for (const char *p = v[j] + rl + 1; *p; p++) cap += *p == ',';
            cap++;
        }
        const char **as = arena_zalloc(a, (size_t)(cap + 1) * sizeof *as);
        bool star = false;
        for (int j = i; j < k; j++) {
            if (grp[j] != i + 1) continue;
            for (const char *p = v[j] + rl + 1; *p;) {
                size_t l = strcspn(p, ",");
                if (l && na < cap) {
                    as[na++] = arena_strndup(a, p, l);
                    star = star || (l == 1 && *p == '*');
                }
                p += l;
                if (*p) p++;
            }
        }
        if (!na) continue;
        Buf b = BUF_INIT;
        buf_add(&b, v[i], rl + 1);
        if (star) {
            buf_addc(&b, '*');
        } else {
            qsort(as, (size_t)na, sizeof *as, scope_cmp);
            for (int x = 0; x < na; x++)
                if (x == 0 || strcmp(as[x], as[x - 1])) buf_printf(&b, "%s%s", x ? "," : "", as[x]);
        }
        res[out++] = arena_strndup(a, b.data, b.len);
        buf_free(&b);
    }
    qsort(res, (size_t)out, sizeof *res, scope_cmp);
    int m = 0;
    for (int i = 0; i < out; i++)
        if (m == 0 || strcmp(res[i], v[m - 1])) v[m++] = res[i];
    *n = m;
}

/* ORAS's scopes for a request: the repository's pull hint, with the
 * challenge's scopes merged in (CleanScopes) when it names any */
static const char **token_scopes(Arena *a, const Reg *g, const char *challenged, int *n)
{
    int cap = 2;
    for (const char *p = challenged ? challenged : ""; *p; p++) cap += *p == ' ';
    const char **v = arena_zalloc(a, (size_t)cap * sizeof *v);
    int k = 0;
    v[k++] = arena_printf(a, "repository:%s:pull", g->repo);
    if (!challenged || !*challenged) {
        *n = k;
        return v;
    }
    for (const char *p = challenged; *p && k < cap;) {
        size_t l = strcspn(p, " ");
        v[k++] = arena_strndup(a, p, l);
        p += l;
        if (*p) p++;
    }
    clean_scopes(a, v, &k);
    *n = k;
    return v;
}

/* Go's url.QueryUnescape; false on a bad escape */
static bool query_unescape(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') { buf_addc(b, ' '); continue; }
        if (s[i] != '%') { buf_addc(b, s[i]); continue; }
        if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) || !isxdigit((unsigned char)s[i + 2])) return false;
        char h[3] = {s[i + 1], s[i + 2], 0};
        buf_addc(b, (char)strtol(h, NULL, 16));
        i += 2;
    }
    return true;
}

typedef struct QPair { const char *k, *v; } QPair;

static int qpair_cmp(const void *x, const void *y)
{
    const QPair *p = x, *q = y;
    int c = strcmp(p->k, q->k);
    /* Encode sorts keys only; a key's values keep their order */
    return c ? c : (p < q ? -1 : 1);
}

/* The distribution token URL as ORAS builds it: the realm's own query
 * (URL.Query: bad pairs dropped), service set, each scope added, all of
 * it re-encoded in key order (Values.Encode). */
static void token_url(Arena *a, Buf *u, const char *realm, const char *service, const char **scopes, int ns)
{
    const char *frag = strchr(realm, '#');
    size_t rl = frag ? (size_t)(frag - realm) : strlen(realm);
    const char *q = memchr(realm, '?', rl);
    size_t base = q ? (size_t)(q - realm) : rl;
    size_t qn = q ? rl - base - 1 : 0;
    int cap = ns + 2;
    for (size_t i = 0; i < qn; i++) cap += q[1 + i] == '&';
    QPair *pv = arena_zalloc(a, (size_t)cap * sizeof *pv);
    int np = 0;
    for (const char *p = q ? q + 1 : "", *end = p + qn; p < end && np < cap;) {
        size_t l = strcspn(p, "&");
        if (p + l > end) l = (size_t)(end - p);
        const char *eq = memchr(p, '=', l);
        size_t kl = eq ? (size_t)(eq - p) : l;
        Buf k = BUF_INIT, v = BUF_INIT;
        bool ok = l && !memchr(p, ';', l) && query_unescape(&k, p, kl)
                  && (!eq || query_unescape(&v, eq + 1, l - kl - 1));
        bool is_service = ok && k.len == 7 && memcmp(k.data, "service", 7) == 0 && service && *service;
        if (ok && !is_service) {
            pv[np].k = arena_strndup(a, k.data ? k.data : "", k.len);
            pv[np++].v = arena_strndup(a, v.data ? v.data : "", v.len);
        }
        buf_free(&k);
        buf_free(&v);
        p += l;
        if (p < end) p++;
    }
    if (service && *service && np < cap) pv[np++] = (QPair){"service", service};
    for (int i = 0; i < ns && np < cap; i++) pv[np++] = (QPair){"scope", scopes[i]};
    qsort(pv, (size_t)np, sizeof *pv, qpair_cmp);
    buf_add(u, realm, base);
    for (int i = 0; i < np; i++) {
        buf_addc(u, i ? '&' : '?');
        query_escape(u, pv[i].k);
        buf_addc(u, '=');
        query_escape(u, pv[i].v);
    }
    if (frag) buf_adds(u, frag);
}

const char *foci_token_url(Arena *a, const char *repo, const char *challenge)
{
    Reg g = {NULL, repo, NULL, NULL, NULL};
    int ns;
    const char **scopes = token_scopes(a, &g, challenge_param(a, challenge, "scope"), &ns);
    const char *realm = challenge_param(a, challenge, "realm");
    Buf u = BUF_INIT;
    token_url(a, &u, realm ? realm : "", challenge_param(a, challenge, "service"), scopes, ns);
    const char *r = arena_strndup(a, u.data ? u.data : "", u.len);
    buf_free(&u);
    return r;
}

/* The end of the JSON string starting at d[i] == '"' (after its closing
 * quote), or n */
static size_t json_string_end(const char *d, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (d[i] == '\\') i++;
        else if (d[i] == '"') return i + 1;
    }
    return n;
}

/* The end of the object or array starting at d[i], or n when it is not
 * closed: json.Decoder.Decode reads one value and leaves what follows
 * (`{"token":"t"} x` is a token). */
static size_t json_value_end(const char *d, size_t n, size_t i)
{
    size_t depth = 0;
    while (i < n) {
        char c = d[i];
        if (c == '"') { i = json_string_end(d, n, i); continue; }
        i++;
        if (c == '{' || c == '[') depth++;
        else if ((c == '}' || c == ']') && --depth == 0) return i;
    }
    return n;
}

static size_t json_ws(const char *d, size_t n, size_t i)
{
    while (i < n && strchr(" \t\r\n", d[i])) i++;
    return i;
}

/* encoding/json's field match: the exact name, else foldName's (ASCII
 * case folded; U+017F long s folds to S and U+212A Kelvin to K, as the
 * reference accepts {"TOKEN":1} for the token field) */
static bool json_key_is(const Str *k, const char *field)
{
    size_t i = 0;
    for (; *field; field++) {
        if (i >= k->len) return false;
        unsigned char c = (unsigned char)k->s[i];
        char up = (char)(*field >= 'a' && *field <= 'z' ? *field - 32 : *field);
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z' ? c - 32 : c) != (unsigned char)up) return false;
            i++;
        } else if (up == 'S' && i + 1 < k->len && c == 0xc5 && (unsigned char)k->s[i + 1] == 0xbf) {
            i += 2;
        } else if (up == 'K' && i + 2 < k->len && c == 0xe2 && (unsigned char)k->s[i + 1] == 0x84 &&
                   (unsigned char)k->s[i + 2] == 0xaa) {
            i += 3;
        } else {
            return false;
        }
    }
    return i == k->len;
}

/* A decoded token as a C string: a NUL inside (`"\u0000"`) is a byte
 * net/http refuses in a header as it refuses any control character, so
 * it stays one (reg_get reports it) and the token stays non-empty */
static const char *token_cstr(Arena *a, const Str *s)
{
    if (strlen(s->s) == s->len) return s->s;
    char *t = arena_strndup(a, s->s, s->len);
    if (!t) return "";
    for (uint32_t i = 0; i < s->len; i++)
        if (!t[i]) t[i] = '\x01';
    return t;
}

/* httpguts.ValidHeaderFieldValue: no control bytes but tab */
static bool header_value_ok(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f) return false;
    return true;
}

/* Decoding an object that json_decode accepted into the answer's struct:
 * members in order, the last string for a field wins, null leaves it, any
 * other kind is the first UnmarshalTypeError, kept while decoding goes
 * on (Go's saveError): "json: cannot unmarshal number into Go struct
 * field .token of type string" for {"token":1,"access_token":"x"}. */
static const char *token_fields(Arena *a, const char *d, size_t n, bool oauth2, Buf *why)
{
    static const char *const names[2] = {"access_token", "token"};
    const char *val[2] = {NULL, NULL};
    size_t i = json_ws(d, n, 1);
    while (i < n && d[i] == '"') {
        size_t ke = json_string_end(d, n, i);
        Value key;
        Buf e = BUF_INIT;
        int bad = json_decode(a, d + i, ke - i, &key, &e);
        buf_free(&e);
        if (bad || key.kind != V_STR) break;
        i = json_ws(d, n, json_ws(d, n, ke) + 1);
        if (i >= n) break;
        size_t ve;
        const char *kind = NULL;
        switch (d[i]) {
        case '"': ve = json_string_end(d, n, i); break;
        case '{': ve = json_value_end(d, n, i); kind = "object"; break;
        case '[': ve = json_value_end(d, n, i); kind = "array"; break;
        case 't': case 'f': ve = i + (d[i] == 't' ? 4 : 5); kind = "bool"; break;
        case 'n': ve = i + 4; kind = ""; break;
        default:
            ve = i;
            while (ve < n && !strchr(",} \t\r\n", d[ve])) ve++;
            kind = "number";
        }
        for (int f = oauth2 ? 0 : 1; f >= 0; f--) {
            if (!json_key_is(key.u.s, names[f])) continue;
            if (kind && *kind && !why->len)
                buf_printf(why, "failed to decode response: json: cannot unmarshal %s into Go struct field .%s of type string",
                           kind, names[f]);
            if (!kind) {
                Value v;
                Buf e2 = BUF_INIT;
                if (!json_decode(a, d + i, ve - i, &v, &e2) && v.kind == V_STR) val[f] = token_cstr(a, v.u.s);
                buf_free(&e2);
            }
            break;
        }
        i = json_ws(d, n, ve);
        if (i < n && d[i] == ',') i = json_ws(d, n, i + 1);
    }
    if (why->len) return NULL;
    if (val[0] && *val[0]) return val[0];
    if (val[1] && *val[1]) return val[1];
    buf_adds(why, "empty token returned");
    return NULL;
}

/* The token in a token endpoint's 200 answer (json.Decoder.Decode into
 * {token, access_token}; OAuth2 answers carry only access_token).  NULL
 * with ORAS's text after "METHOD \"URL\": ". */
const char *foci_token_answer(Arena *a, const char *d, size_t n, bool oauth2, Buf *why)
{
    size_t i = json_ws(d, n, 0);
    if (i == n) { buf_adds(why, "failed to decode response: EOF"); return NULL; }
    size_t end = d[i] == '{' ? json_value_end(d, n, i) : n;
    Value doc;
    Buf e = BUF_INIT;
    /* json_decode decodes into interface{}, where a number beyond float64
     * fails; into the struct an ignored member's number never does, and a
     * field's fails as any number does */
    if (json_decode(a, d + i, end - i, &doc, &e) && !(e.data && strncmp(e.data, "json: cannot unmarshal number ", 30) == 0)) {
        /* a Decoder reads to the end of the stream, Unmarshal to the end of
         * the input: the same failure under io's name */
        bool eof = e.data && strcmp(e.data, "unexpected end of JSON input") == 0;
        buf_printf(why, "failed to decode response: %s", eof ? "unexpected EOF" : e.data ? e.data : "");
        buf_free(&e);
        return NULL;
    }
    buf_free(&e);
    char c = d[i];
    if (c != '{' && c != 'n') {
        buf_printf(why, "failed to decode response: json: cannot unmarshal %s into Go value of type struct { %s }",
                   c == '"' ? "string" : c == 't' || c == 'f' ? "bool" : c == '[' ? "array" : "number",
                   oauth2 ? "AccessToken string \"json:\\\"access_token\\\"\"" :
                            "Token string \"json:\\\"token\\\"\"; AccessToken string \"json:\\\"access_token\\\"\"");
        return NULL;
    }
    if (c == 'n') {
        buf_adds(why, "empty token returned");
        return NULL;
    }
    return token_fields(a, d + i, end - i, oauth2, why);
}

/* ORAS's fetchBearerToken: the registry token from the credentials, else
 * an OAuth2 refresh-token grant POSTed to the realm (identity tokens),
 * else the distribution token GET (Basic auth when there are
 * credentials).  NULL with the error (not prefixed). */
static const char *bearer_token(Arena *a, const Reg *g, const FCred *cr, const char *challenge, Buf *err)
{
    const FetchOpts *o = g->o;
    if (*cr->access) return cr->access;
    const char *realm = challenge_param(a, challenge, "realm");
    const char *service = challenge_param(a, challenge, "service");
    int ns;
    const char **scopes = token_scopes(a, g, challenge_param(a, challenge, "scope"), &ns);
    Buf u = BUF_INIT, form = BUF_INIT;
    bool oauth2 = *cr->refresh;
    if (oauth2) {
        /* url.Values.Encode: keys sorted */
        buf_adds(&form, "client_id=oras-go&grant_type=refresh_token&refresh_token=");
        query_escape(&form, cr->refresh);
        buf_adds(&form, "&scope=");
        for (int i = 0; i < ns; i++) {
            if (i) buf_addc(&form, '+');
            query_escape(&form, scopes[i]);
        }
        buf_adds(&form, "&service=");
        query_escape(&form, service ? service : "");
        buf_adds(&u, realm ? realm : "");
    } else {
        token_url(a, &u, realm ? realm : "", service, scopes, ns);
    }
    bool up = !oauth2 && (*cr->user || *cr->pass);
    FetchReq tr = {u.data ? u.data : "", up ? cr->user : NULL, up ? cr->pass : NULL, o->ca_file, o->cert_file,
                   o->key_file, NULL, o->insecure, NULL, oauth2 ? (form.data ? form.data : "") : NULL};
    const char *method = oauth2 ? "POST" : "GET";
    const char *shown = arena_strndup(a, u.data ? u.data : "", u.len);
    Buf tb = BUF_INIT;
    FetchStatus ts;
    const char *token = NULL;
    if (fetch_do(&tr, &ts, &tb, err) == 0) {
        if (ts.code != 200) {
            method_error(a, method, shown, &ts, &tb, err);
        } else {
            Buf why = BUF_INIT;
            token = foci_token_answer(a, tb.data ? tb.data : "", tb.len, oauth2, &why);
            if (!token) buf_printf(err, "%s \"%s\": %s", method, shown, why.data ? why.data : "");
            buf_free(&why);
        }
    }
    buf_free(&tb);
    buf_free(&u);
    buf_free(&form);
    return token;
}

/* GET with ORAS's auth.Client dance; *st is the final answer.  A Basic
 * challenge takes the credentials as they are; a Bearer challenge trades
 * them for a token.  Errors read `GET "URL": ...` as ORAS wraps them
 * (only Basic's credential errors say "failed to resolve credential"). */
static int reg_get(Arena *a, Reg *g, const char *url, const char *accept, FetchStatus *st, Buf *body, Buf *err)
{
    const FetchOpts *o = g->o;
    FetchReq r = {url, g->user, g->pass, o->ca_file, o->cert_file, o->key_file, accept, o->insecure, g->token, NULL};
    if (fetch_do(&r, st, body, err)) return -1;
    if (st->code != 401) return 0;
    bool basic = strncasecmp(st->www_auth, "Basic", 5) == 0;
    if (!basic && strncasecmp(st->www_auth, "Bearer", 6) != 0) return 0;
    const char *hs = strstr(url, "://");
    hs = hs ? hs + 3 : url;
    FCred cr;
    Buf ce = BUF_INIT;
    if (freg_credential(a, o, arena_strndup(a, hs, strcspn(hs, "/")), &cr, &ce)) {
        buf_printf(err, "GET \"%s\": %s%s", url, basic ? "failed to resolve credential: " : "", ce.data ? ce.data : "");
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
        r.username = g->user = cr.user;
        r.password = g->pass = cr.pass;
        r.bearer = g->token = NULL;
    } else {
        const char *token = bearer_token(a, g, &cr, st->www_auth, &ce);
        if (!token) {
            buf_printf(err, "GET \"%s\": %s", url, ce.data ? ce.data : "");
            buf_free(&ce);
            return -1;
        }
        if (!header_value_ok(token)) {
            /* the transport refuses the request before sending it:
             * {"token":"\u0000"} and the reference says Get "URL": ... */
            buf_printf(err, "Get \"%s\": net/http: invalid header field value for \"Authorization\"", url);
            buf_free(&ce);
            return -1;
        }
        r.bearer = g->token = token;
        r.username = r.password = g->user = g->pass = NULL;
    }
    buf_free(&ce);
    buf_clear(body);
    return fetch_do(&r, st, body, err);
}

/* ORAS's ErrorResponse text */
static void method_error(Arena *a, const char *method, const char *url, const FetchStatus *st, const Buf *body,
                         Buf *err)
{
    buf_printf(err, "%s \"%s\": response status code %d: ", method, url, st->code);
    Value doc;
    Buf e = BUF_INIT;
    Value *errs = NULL;
    if (body->len && yaml_decode(a, body->data, body->len, V_MAP, &doc, &e) == 0 && doc.kind == V_MAP)
        errs = map_gets(doc.u.m, "errors");
    buf_free(&e);
    if (!errs || errs->kind != V_LIST || errs->u.l->len == 0) {
        buf_adds(err, http_status_text(st->code));
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

static void response_error(Arena *a, const char *url, const FetchStatus *st, const Buf *body, Buf *err)
{
    method_error(a, "GET", url, st, body, err);
}

#define MAX_TAG_PAGES 10000

/* One page of the tag list: its tags appended to *all, the next page's
 * URL (ORAS's parseLink of the Link header) in *next, NULL at the end. */
static int tag_page(Arena *a, Reg *g, const char *url, List *all, const char **next, Buf *err)
{
    FetchStatus st;
    Buf body = BUF_INIT;
    *next = NULL;
    if (reg_get(a, g, url, NULL, &st, &body, err)) { buf_free(&body); return -1; }
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
static int list_tags(Arena *a, Reg *g, const Ref *r, const char ***tags, uint32_t *n, Buf *err)
{
    const char *url = arena_printf(a, "%s://%s/v2/%s/tags/list", r->scheme, r->host, r->repo);
    List *all = list_new(a, 16);
    if (!all) { buf_adds(err, "out of memory"); return -1; }
    for (int page = 0; url; page++) {
        if (page == MAX_TAG_PAGES) { buf_adds(err, "chartc: too many pages of tags"); return -1; }
        if (tag_page(a, g, url, all, &url, err)) return -1;
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

static int pick_tag(Arena *a, Reg *g, Ref *r, const char *version, Buf *err)
{
    const char *tags_of = arena_printf(a, "%s/%s", r->host, r->repo);
    const char **tags;
    uint32_t n;
    if (list_tags(a, g, r, &tags, &n, err)) return -1;
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
static int fetch_chart(Arena *a, Reg *g, const Ref *r, Buf *blob, Buf *prov, Buf *logs, Buf *err)
{
    const char *url = arena_printf(a, "%s://%s/v2/%s/manifests/%s", r->scheme, r->host, r->repo, r->tag);
    FetchStatus st;
    Buf body = BUF_INIT;
    int rc = -1;
    Buf te = BUF_INIT;
    if (reg_get(a, g, url, "application/vnd.oci.image.manifest.v1+json", &st, &body, &te)) {
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
    if (reg_get(a, g, burl, NULL, &st, blob, err)) goto out;
    if (st.code != 200) { response_error(a, burl, &st, blob, err); goto out; }
    pulled(r, &body, logs);
    rc = 0;
    if (!prov) goto out;
    const char *pd = layer_digest(&doc, PROV_LAYER, NULL);
    Buf pe = BUF_INIT;
    rc = 1;
    if (pd) {
        const char *purl = arena_printf(a, "%s://%s/v2/%s/blobs/%s", r->scheme, r->host, r->repo, pd);
        if (reg_get(a, g, purl, NULL, &st, prov, &pe) == 0 && st.code == 200) {
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
static int check_digest(Arena *a, Reg *g, const Ref *r, const char *version, const char *digest, Buf *err)
{
    if (!*version) return 0;
    for (const char *p = version; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._-", *p)))
            return 0;
    if (!valid_tag(version)) return 0;
    const char *url = arena_printf(a, "%s://%s/v2/%s/manifests/%s", r->scheme, r->host, r->repo, version);
    FetchStatus st;
    Buf body = BUF_INIT, e = BUF_INIT;
    int rc = reg_get(a, g, url, "application/vnd.oci.image.manifest.v1+json", &st, &body, &e);
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
    Reg reg = {o, r.repo, NULL, NULL, NULL};
    Reg *g = &reg;
    if (*reftag && *version && strcmp(reftag, version) != 0) {
        buf_printf(err, "chart reference and version mismatch: %s is not %s", version, reftag);
        return -1;
    }
    if (*digest) {
        int checked = check_digest(a, g, &r, *version ? version : reftag, digest, err);
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
        return fetch_chart(a, g, &r, blob, prov, logs, err);
    }
    char e[160];
    SemVer v;
    if (*reftag) r.tag = reftag;
    else if (*version && semver_parse(a, version, strlen(version), &v, e, sizeof e)) r.tag = version;
    else if (pick_tag(a, g, &r, version, err)) return -1;
    char *tag = arena_strdup(a, r.tag);
    for (char *p = tag; *p; p++) if (*p == '+') *p = '_';
    *url = arena_printf(a, "oci://%s/%s:%s", r.host, r.repo, r.tag);
    r.tag = tag;
    return fetch_chart(a, g, &r, blob, prov, logs, err);
}
