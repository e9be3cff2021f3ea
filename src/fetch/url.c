/*
 * url.c - the parts of Go's net/url that helm's getters lean on: Parse
 * (its error texts decide what `-f` does with a strange argument),
 * String, and ResolveReference as helm's repo.ResolveReferenceURL uses it
 * to turn an index's relative chart URL into an absolute one.
 *
 * Paths are kept escaped as written (FetchURL.rawpath); `path` is the
 * decoded form Go keeps in URL.Path.
 */
#include "fetch.h"

#include <string.h>

#include "../value/fmt.h"

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int hexval(char c) { return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }

static int parse_fail(const char *s, Buf *err, const char *msg)
{
    buf_adds(err, "parse ");
    fmt_quote(err, s, strlen(s));
    buf_printf(err, ": %s", msg);
    return -1;
}

/* Go's shouldEscape for host names: which bytes may stand unescaped. */
static bool host_char_ok(unsigned char c)
{
    if (c >= 0x80 || is_alpha((char)c) || is_digit((char)c)) return true;
    return strchr("-_.~!$&'()*+,;=:[]<>\"%", c) != NULL && c != 0;
}

/* unescape(s, mode): decoded into the arena; on a bad escape Go's
 * EscapeError ("invalid URL escape \"%zz\""), in a host also
 * InvalidHostError ("invalid character \" \" in host name"). */
static char *unescape(Arena *a, const char *s, size_t n, bool host, Buf *msg)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= n) {
                size_t k = n - i < 3 ? n - i : 3;
                buf_adds(msg, "invalid URL escape ");
                fmt_quote(msg, s + i, k);
                return NULL;
            }
            if (!is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
                buf_adds(msg, "invalid URL escape ");
                fmt_quote(msg, s + i, 3);
                return NULL;
            }
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
            continue;
        }
        if (host && !host_char_ok((unsigned char)c)) {
            buf_adds(msg, "invalid character ");
            fmt_quote(msg, &s[i], 1);
            buf_adds(msg, " in host name");
            return NULL;
        }
        out[o++] = c;
    }
    out[o] = 0;
    return out;
}

static bool valid_port(const char *p, size_t n)
{
    if (n == 0) return true;
    if (p[0] != ':') return false;
    for (size_t i = 1; i < n; i++)
        if (!is_digit(p[i])) return false;
    return true;
}

static int parse_authority(Arena *a, const char *s, const char *auth, size_t n, FetchURL *u, Buf *err)
{
    const char *at = NULL;
    for (size_t i = 0; i < n; i++)
        if (auth[i] == '@') at = auth + i;
    const char *h = auth;
    size_t hn = n;
    if (at) {
        u->userinfo = arena_strndup(a, auth, (size_t)(at - auth));
        h = at + 1;
        hn = n - (size_t)(h - auth);
    }
    Buf m = BUF_INIT;
    int rc = 0;
    size_t port_at = hn;
    if (hn && h[0] == '[') {
        const char *rb = memchr(h, ']', hn);
        if (!rb) { rc = parse_fail(s, err, "missing ']' in host"); goto out; }
        port_at = (size_t)(rb - h) + 1;
        if (!valid_port(h + port_at, hn - port_at)) {
            buf_adds(&m, "invalid port ");
            fmt_quote(&m, h + port_at, hn - port_at);
            buf_adds(&m, " after host");
            rc = parse_fail(s, err, m.data);
            goto out;
        }
    } else {
        const char *colon = NULL;
        for (size_t i = 0; i < hn; i++)
            if (h[i] == ':') colon = h + i;
        if (colon && !valid_port(colon, hn - (size_t)(colon - h))) {
            buf_adds(&m, "invalid port ");
            fmt_quote(&m, colon, hn - (size_t)(colon - h));
            buf_adds(&m, " after host");
            rc = parse_fail(s, err, m.data);
            goto out;
        }
    }
    u->host = unescape(a, h, hn, true, &m);
    if (!u->host) rc = parse_fail(s, err, m.data ? m.data : "");
out:
    buf_free(&m);
    return rc;
}

int fetch_url_parse(Arena *a, const char *s, FetchURL *u, Buf *err)
{
    memset(u, 0, sizeof *u);
    u->scheme = "";
    u->host = "";
    u->path = "";
    u->rawpath = "";
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return parse_fail(s, err, "net/url: invalid control character in URL");
    Buf m = BUF_INIT;
    const char *hash = memchr(s, '#', n);
    size_t rn = hash ? (size_t)(hash - s) : n;
    if (hash) {
        u->fragment = unescape(a, hash + 1, n - rn - 1, false, &m);
        if (!u->fragment) { int rc = parse_fail(s, err, m.data); buf_free(&m); return rc; }
    }
    const char *rest = s;
    /* getScheme */
    for (size_t i = 0; i < rn; i++) {
        char c = s[i];
        if (is_alpha(c)) continue;
        if (is_digit(c) || c == '+' || c == '-' || c == '.') {
            if (i == 0) break;
            continue;
        }
        if (c == ':') {
            if (i == 0) return parse_fail(s, err, "missing protocol scheme");
            char *sc = arena_strndup(a, s, i);
            for (char *p = sc; *p; p++) if (*p >= 'A' && *p <= 'Z') *p = (char)(*p | 0x20);
            u->scheme = sc;
            rest = s + i + 1;
        }
        break;
    }
    size_t restn = rn - (size_t)(rest - s);
    const char *q = memchr(rest, '?', restn);
    if (q) {
        u->query = arena_strndup(a, q + 1, restn - (size_t)(q - rest) - 1);
        restn = (size_t)(q - rest);
    }
    if (restn == 0 || rest[0] != '/') {
        if (*u->scheme) {
            u->opaque = true;
            u->rawpath = arena_strndup(a, rest, restn);
            u->path = u->rawpath;
            return 0;
        }
        const char *slash = memchr(rest, '/', restn);
        size_t seg = slash ? (size_t)(slash - rest) : restn;
        if (memchr(rest, ':', seg)) return parse_fail(s, err, "first path segment in URL cannot contain colon");
    }
    if (restn >= 2 && rest[0] == '/' && rest[1] == '/' && !(restn >= 3 && rest[2] == '/')) {
        const char *auth = rest + 2;
        const char *slash = memchr(auth, '/', restn - 2);
        size_t an = slash ? (size_t)(slash - auth) : restn - 2;
        if (parse_authority(a, s, auth, an, u, err)) return -1;
        restn -= 2 + an;
        rest = auth + an;
    }
    u->rawpath = arena_strndup(a, rest, restn);
    u->path = unescape(a, rest, restn, false, &m);
    if (!u->path) { int rc = parse_fail(s, err, m.data); buf_free(&m); return rc; }
    buf_free(&m);
    return 0;
}

/* shouldEscape(c, encodePath) */
static bool path_char_ok(unsigned char c)
{
    if (is_alpha((char)c) || is_digit((char)c)) return true;
    return c && strchr("-_.~$&+,/:;=@%!'()*", c) != NULL;
}

static void escaped_path(const char *raw, Buf *out)
{
    for (const char *p = raw; *p; p++) {
        if (path_char_ok((unsigned char)*p)) buf_addc(out, *p);
        else buf_printf(out, "%%%02X", (unsigned char)*p);
    }
}

void fetch_url_string(const FetchURL *u, Buf *out)
{
    if (*u->scheme) buf_printf(out, "%s:", u->scheme);
    if (u->opaque) {
        buf_adds(out, u->rawpath);
    } else {
        /* Go writes "//" only when there is an authority or a path */
        if ((*u->scheme || *u->host || u->userinfo) && (*u->host || *u->rawpath || u->userinfo)) {
            buf_adds(out, "//");
            if (u->userinfo) buf_printf(out, "%s@", u->userinfo);
            buf_adds(out, u->host);
        }
        if (*u->rawpath && u->rawpath[0] != '/' && *u->host) buf_addc(out, '/');
        escaped_path(u->rawpath, out);
    }
    if (u->query && *u->query) buf_printf(out, "?%s", u->query);
    if (u->fragment) buf_printf(out, "#%s", u->fragment);
}

/* Go's resolvePath: merge, then drop "." and ".." segments. */
static char *resolve_path(Arena *a, const char *base, const char *ref)
{
    Buf full = BUF_INIT;
    if (!*ref) buf_adds(&full, base);
    else if (ref[0] != '/') {
        const char *sl = strrchr(base, '/');
        if (sl) buf_add(&full, base, (size_t)(sl - base) + 1);
        buf_adds(&full, ref);
    } else buf_adds(&full, ref);
    if (full.len == 0) { buf_free(&full); return ""; }
    Buf dst = BUF_INIT;
    buf_addc(&dst, '/');
    bool first = true;
    const char *rem = full.data, *elem = NULL;
    size_t elen = 0;
    bool found = true;
    while (found) {
        const char *sl = strchr(rem, '/');
        elem = rem;
        elen = sl ? (size_t)(sl - rem) : strlen(rem);
        found = sl != NULL;
        rem = sl ? sl + 1 : rem + elen;
        if (elen == 1 && elem[0] == '.') { first = false; continue; }
        if (elen == 2 && elem[0] == '.' && elem[1] == '.') {
            size_t idx = dst.len;
            while (idx > 1 && dst.data[idx - 1] != '/') idx--;
            if (idx <= 1) { dst.len = 1; first = true; }
            else dst.len = idx - 1;
            continue;
        }
        if (!first) buf_addc(&dst, '/');
        buf_add(&dst, elem, elen);
        first = false;
    }
    if ((elen == 1 && elem[0] == '.') || (elen == 2 && elem[0] == '.' && elem[1] == '.')) buf_addc(&dst, '/');
    const char *r = dst.data;
    size_t rl = dst.len;
    if (rl > 1 && r[1] == '/') { r++; rl--; }
    char *res = arena_strndup(a, r, rl);
    buf_free(&full);
    buf_free(&dst);
    return res;
}

int fetch_resolve_ref(Arena *a, const char *base, const char *ref, const char **out, Buf *err)
{
    FetchURL b, r;
    Buf m = BUF_INIT;
    if (fetch_url_parse(a, ref, &r, &m)) {
        buf_printf(err, "failed to parse %s as URL: %s", ref, m.data);
        buf_free(&m);
        return -1;
    }
    if (*r.scheme) { *out = ref; return 0; }
    if (fetch_url_parse(a, base, &b, &m)) {
        buf_printf(err, "failed to parse %s as URL: %s", base, m.data);
        buf_free(&m);
        return -1;
    }
    /* helm adds the trailing slash ResolveReference needs */
    size_t bl = strlen(b.rawpath);
    while (bl && b.rawpath[bl - 1] == '/') bl--;
    b.rawpath = arena_printf(a, "%.*s/", (int)bl, b.rawpath);
    FetchURL res = b;
    res.fragment = r.fragment;
    if (*r.host || r.userinfo) {
        res.host = r.host;
        res.userinfo = r.userinfo;
        res.rawpath = resolve_path(a, r.rawpath, "");
    } else if (r.opaque) {
        res = r;
        res.scheme = b.scheme;
    } else if (!*r.rawpath) {
        /* keeps the base path */
    } else {
        res.rawpath = resolve_path(a, b.rawpath, r.rawpath);
    }
    res.query = b.query;
    Buf o = BUF_INIT;
    fetch_url_string(&res, &o);
    *out = arena_strndup(a, o.data ? o.data : "", o.len);
    buf_free(&o);
    return 0;
}

int fetch_values_url(const char *path, Buf *err)
{
    Arena a;
    arena_init(&a);
    FetchURL u;
    int rc = fetch_url_parse(&a, path, &u, err);
    if (rc == 0) rc = strcmp(u.scheme, "http") == 0 || strcmp(u.scheme, "https") == 0;
    arena_free(&a);
    return rc;
}
