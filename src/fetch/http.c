/*
 * http.c - a small HTTP/1.1 GET client that behaves, as far as helm's
 * output shows, like helm's HTTP getter on Go's net/http: redirects
 * followed (at most 10 requests; then `Get "LOC": stopped after 10
 * redirects` naming the Location as sent), the Authorization header
 * dropped when a redirect leaves the host, any status but 200 an error
 * ("failed to fetch URL : 404 Not Found", with the status line's own
 * reason phrase), Content-Length, chunked and read-to-close bodies.
 *
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY are honoured as Go reads them
 * (absolute-form requests for http, CONNECT for https; an https:// proxy
 * is spoken to over TLS, and an https request then runs TLS inside it).
 *
 * One request per connection ("Connection: close").  Bodies are capped
 * at FETCH_MAX_BODY and every socket wait at FETCH_TIMEOUT_S seconds, so
 * a hostile or stuck server cannot exhaust memory or hang a run.
 */
#include "fetch_int.h"
#include "../util/base64.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "../value/fmt.h"

#define FETCH_MAX_BODY (512u << 20)
#define FETCH_MAX_HEAD (1u << 20)
#define FETCH_TIMEOUT_S 120
#define FETCH_MAX_REQUESTS 10

/* ---- the response parser (fuzzed) ---------------------------------------------- */

static bool hdr_is(const char *l, size_t n, const char *name, const char **val, size_t *vn)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(l, name, k) != 0 || l[k] != ':') return false;
    const char *v = l + k + 1, *e = l + n;
    while (v < e && (*v == ' ' || *v == '\t')) v++;
    while (e > v && (e[-1] == ' ' || e[-1] == '\t')) e--;
    *val = v;
    *vn = (size_t)(e - v);
    return true;
}

int fetch_parse_head(const char *data, size_t n, FetchResp *r, Buf *err)
{
    const char *end = NULL;
    for (size_t i = 0; i + 3 < n; i++)
        if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
            end = data + i;
            break;
        }
    if (!end) {
        if (n > FETCH_MAX_HEAD) { buf_adds(err, "net/http: server response headers exceeded 1048576 bytes; aborted"); return -1; }
        return 0;
    }
    memset(r, 0, sizeof *r);
    r->length = -1;
    r->head_len = (size_t)(end - data) + 4;
    const char *l = data, *nl = memchr(l, '\n', (size_t)(end + 2 - l));
    size_t ln = (size_t)(nl - l);
    if (ln && l[ln - 1] == '\r') ln--;
    /* "HTTP/1.x SP 3DIGIT [SP reason]" */
    if (ln < 12 || strncmp(l, "HTTP/1.", 7) != 0 || l[8] != ' ' || !(l[9] >= '0' && l[9] <= '9')
        || !(l[10] >= '0' && l[10] <= '9') || !(l[11] >= '0' && l[11] <= '9') || (ln > 12 && l[12] != ' ')) {
        buf_adds(err, "malformed HTTP response ");
        fmt_quote(err, l, ln);
        return -1;
    }
    r->code = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
    snprintf(r->status, sizeof r->status, "%.*s", (int)(ln - 9), l + 9);
    for (l = nl + 1; l < end + 2; l = nl + 1) {
        nl = memchr(l, '\n', (size_t)(end + 2 - l));
        if (!nl) break;
        ln = (size_t)(nl - l);
        if (ln && l[ln - 1] == '\r') ln--;
        const char *v;
        size_t vn;
        if (hdr_is(l, ln, "Content-Length", &v, &vn)) {
            long long x = 0;
            if (vn == 0 || vn > 18) { buf_adds(err, "bad Content-Length"); return -1; }
            for (size_t i = 0; i < vn; i++) {
                if (v[i] < '0' || v[i] > '9') {
                    buf_adds(err, "bad Content-Length ");
                    fmt_quote(err, v, vn);
                    return -1;
                }
                x = x * 10 + (v[i] - '0');
            }
            r->length = x;
        } else if (hdr_is(l, ln, "Transfer-Encoding", &v, &vn)) {
            if (vn == 7 && strncasecmp(v, "chunked", 7) == 0) r->chunked = true;
        } else if (hdr_is(l, ln, "Location", &v, &vn)) {
            snprintf(r->location, sizeof r->location, "%.*s", (int)vn, v);
        } else if (hdr_is(l, ln, "WWW-Authenticate", &v, &vn)) {
            snprintf(r->www_auth, sizeof r->www_auth, "%.*s", (int)vn, v);
        } else if (hdr_is(l, ln, "Link", &v, &vn) && !*r->link) {
            snprintf(r->link, sizeof r->link, "%.*s", (int)vn, v);
        }
    }
    if (r->chunked) r->length = -1;
    return 1;
}

int fetch_dechunk(const char *data, size_t n, Buf *out, size_t *used, Buf *err)
{
    size_t i = 0;
    for (;;) {
        const char *nl = memchr(data + i, '\n', n - i);
        if (!nl) return 0;
        size_t size = 0, k = i, digits = 0;
        while (k < n && data[k] != ';' && data[k] != '\r' && data[k] != '\n') {
            char c = data[k];
            int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (d < 0 || digits >= 16) { buf_adds(err, "invalid byte in chunk length"); return -1; }
            size = size * 16 + (size_t)d;
            digits++;
            k++;
        }
        if (digits == 0) { buf_adds(err, "invalid byte in chunk length"); return -1; }
        i = (size_t)(nl - data) + 1;
        if (size == 0) {
            /* trailer lines up to an empty one */
            for (;;) {
                const char *t = memchr(data + i, '\n', n - i);
                if (!t) return 0;
                size_t tl = (size_t)(t - (data + i));
                i += tl + 1;
                if (tl == 0 || (tl == 1 && data[i - 2] == '\r')) { *used = i; return 1; }
            }
        }
        if (size > FETCH_MAX_BODY || out->len + size > FETCH_MAX_BODY) {
            buf_adds(err, "http: response body too large");
            return -1;
        }
        if (n - i < size + 2) return 0;
        buf_add(out, data + i, size);
        i += size;
        if (data[i] == '\r') i++;
        if (i >= n) return 0;
        if (data[i] != '\n') { buf_adds(err, "malformed chunked encoding"); return -1; }
        i++;
    }
}

/* ---- connections ------------------------------------------------------------------ */

static void set_timeouts(int fd)
{
    struct timeval tv = {FETCH_TIMEOUT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static const char *errno_text(int e)
{
    switch (e) {
    case ECONNREFUSED: return "connection refused";
    case ECONNRESET: return "connection reset by peer";
    case ETIMEDOUT: case EAGAIN: return "i/o timeout";
    case ENETUNREACH: return "network is unreachable";
    case EHOSTUNREACH: return "no route to host";
    default: return strerror(e);
    }
}

/* "host" and "port" out of "host:port" / "[v6]:port" */
static void split_host(const char *hostport, bool tls, char *host, size_t hn, char *port, size_t pn)
{
    const char *h = hostport, *colon = strrchr(hostport, ':');
    const char *rb = strchr(hostport, ']');
    if (colon && rb && colon < rb) colon = NULL;
    size_t len = colon ? (size_t)(colon - h) : strlen(h);
    if (len >= 2 && h[0] == '[' && h[len - 1] == ']') { h++; len -= 2; }
    snprintf(host, hn, "%.*s", (int)len, h);
    snprintf(port, pn, "%s", colon && colon[1] ? colon + 1 : tls ? "443" : "80");
}

static void addr_text(const struct sockaddr *sa, const char *port, Buf *out)
{
    char ip[INET6_ADDRSTRLEN] = "";
    if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
        buf_printf(out, "[%s]:%s", ip, port);
    } else {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
        buf_printf(out, "%s:%s", ip, port);
    }
}

/* net.Dial("tcp", ...): the first address that answers; else Go's text
 * for the first failure. */
static bool parse_ip(const char *s, size_t n, unsigned char ip[16], bool *v4);

void fetch_resolv_server(const char *path, char *out, size_t n)
{
    snprintf(out, n, "127.0.0.1:53");
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (strncmp(p, "nameserver", 10) != 0 || (p[10] != ' ' && p[10] != '\t')) continue;
        p += 10;
        while (*p == ' ' || *p == '\t') p++;
        size_t l = strcspn(p, " \t\r\n#;");
        if (l == 0 || l >= 128) continue;
        char addr[128];
        memcpy(addr, p, l);
        addr[l] = 0;
        char *zone = strchr(addr, '%');
        unsigned char ip[16];
        bool v4;
        if (zone) *zone = 0;
        bool ok = parse_ip(addr, strlen(addr), ip, &v4);
        if (zone) *zone = '%';
        if (!ok || (zone && v4)) continue;
        if (v4) snprintf(out, n, "%s:53", addr);
        else snprintf(out, n, "[%s]:53", addr);
        break;
    }
    fclose(f);
}

static int dial(const char *host, const char *port, FConn *c, Buf *err)
{
    if (strtol(port, NULL, 10) > 65535) {
        buf_printf(err, "dial tcp: address %s: invalid port", port);
        return -1;
    }
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int g = getaddrinfo(host, port, &hints, &res);
    if (g != 0 || !res) {
        /* helm's pure-Go resolver names the DNS server that answered:
         * the first nameserver of resolv.conf (Go's default 127.0.0.1:53
         * when there is none) */
        char ns[160];
        fetch_resolv_server("/etc/resolv.conf", ns, sizeof ns);
        buf_printf(err, "dial tcp: lookup %s on %s: no such host", host, ns);
        return -1;
    }
    Buf first = BUF_INIT;
    int fd = -1;
    struct addrinfo *used = NULL;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        set_timeouts(fd);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) { used = ai; break; }
        int e = errno;
        if (!first.len) {
            buf_adds(&first, "dial tcp ");
            addr_text(ai->ai_addr, port, &first);
            buf_printf(&first, ": connect: %s", errno_text(e));
        }
        close(fd);
        fd = -1;
    }
    if (fd >= 0) {
        struct sockaddr_storage ls;
        socklen_t ll = sizeof ls;
        Buf t = BUF_INIT;
        if (getsockname(fd, (struct sockaddr *)&ls, &ll) == 0) {
            char lp[8];
            const struct sockaddr *sa = (const struct sockaddr *)&ls;
            unsigned port_n = sa->sa_family == AF_INET6 ? ((const struct sockaddr_in6 *)sa)->sin6_port
                                                        : ((const struct sockaddr_in *)sa)->sin_port;
            snprintf(lp, sizeof lp, "%u", ntohs((uint16_t)port_n));
            addr_text(sa, lp, &t);
        }
        buf_adds(&t, "->");
        if (used) addr_text(used->ai_addr, port, &t);
        snprintf(c->addrs, sizeof c->addrs, "%s", t.data);
        buf_free(&t);
    }
    freeaddrinfo(res);
    if (fd < 0) {
        buf_add(err, first.data ? first.data : "dial tcp: failed", first.data ? first.len : 16);
        buf_free(&first);
        return -1;
    }
    buf_free(&first);
    c->fd = fd;
    return 0;
}

static long conn_read(FConn *c, char *p, size_t n, Buf *err)
{
    if (c->ssl) return ftls_read(c, p, n, err);
    for (;;) {
        ssize_t r = recv(c->fd, p, n, 0);
        if (r >= 0) return (long)r;
        if (errno == EINTR) continue;
        /* the addresses were taken at connect time: after a reset the
         * peer's is gone, and Go names both */
        buf_printf(err, "read tcp %s: read: %s", c->addrs, errno_text(errno));
        return -1;
    }
}

static int conn_write(FConn *c, const char *p, size_t n, Buf *err)
{
    if (c->ssl) return ftls_write(c, p, n, err);
    while (n) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { buf_printf(err, "write: %s", errno_text(errno)); return -1; }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void conn_close(FConn *c)
{
    ftls_close(c);
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
}

/* ---- proxies ----------------------------------------------------------------------- */

static const char *env2(const char *up, const char *low)
{
    const char *v = getenv(up);
    if (!v || !*v) v = getenv(low);
    return v && *v ? v : NULL;
}

/* An address as Go's net.ParseIP reads it, as 16 bytes (IPv4 mapped). */
static bool parse_ip(const char *s, size_t n, unsigned char ip[16], bool *v4)
{
    char b[64];
    if (n == 0 || n >= sizeof b) return false;
    memcpy(b, s, n);
    b[n] = 0;
    struct in_addr a4;
    if (inet_pton(AF_INET, b, &a4) == 1) {
        memset(ip, 0, 10);
        ip[10] = ip[11] = 0xff;
        memcpy(ip + 12, &a4, 4);
        *v4 = true;
        return true;
    }
    *v4 = false;
    return inet_pton(AF_INET6, b, ip) == 1;
}

static bool is_mapped(const unsigned char ip[16])
{
    static const unsigned char pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(ip, pre, 12) == 0;
}

/* net.ParseCIDR: "addr/bits" into *net (IPv4 mapped) and *bits */
static bool parse_cidr(const char *e, size_t n, unsigned char net[16], int *bits, bool *v4)
{
    const char *sl = memchr(e, '/', n);
    if (!sl || !parse_ip(e, (size_t)(sl - e), net, v4)) return false;
    size_t bl = n - (size_t)(sl - e) - 1;
    if (bl == 0 || bl > 3) return false;
    *bits = 0;
    for (size_t i = 0; i < bl; i++) {
        if (sl[1 + i] < '0' || sl[1 + i] > '9') return false;
        *bits = *bits * 10 + (sl[1 + i] - '0');
    }
    return *bits <= (*v4 ? 32 : 128);
}

/* IPNet.Contains: an IPv4 network holds only IPv4 (or mapped) addresses */
static bool cidr_contains(const unsigned char net[16], int bits, bool v4, const unsigned char ip[16])
{
    if (v4 != is_mapped(ip)) return false;
    if (v4) bits += 96;
    for (int i = 0; i < bits; i++)
        if (((net[i / 8] >> (7 - i % 8)) & 1) != ((ip[i / 8] >> (7 - i % 8)) & 1)) return false;
    return true;
}

/* net.SplitHostPort: host and port of "h:p" / "[h]:p", false if it is
 * not of that form */
static bool split_host_port(const char *e, size_t n, const char **h, size_t *hn, const char **p, size_t *pn)
{
    const char *colon = NULL;
    for (size_t i = n; i > 0; i--)
        if (e[i - 1] == ':') { colon = e + i - 1; break; }
    if (!colon) return false;
    if (e[0] == '[') {
        const char *rb = memchr(e, ']', n);
        if (!rb || rb + 1 != colon) return false;
        *h = e + 1;
        *hn = (size_t)(rb - e - 1);
    } else {
        *h = e;
        *hn = (size_t)(colon - e);
        if (memchr(e, ':', *hn) || memchr(e, '[', *hn) || memchr(e, ']', *hn)) return false;
    }
    *p = colon + 1;
    *pn = n - (size_t)(colon + 1 - e);
    return !memchr(*p, '[', *pn) && !memchr(*p, ']', *pn);
}

/* One NO_PROXY entry (trimmed, lower case) against the request's host
 * (lower case, no brackets), port and address (ip NULL for a name), as
 * x/net/http/httpproxy matches: a CIDR or an address ("[::1]:80",
 * "10.0.0.1:8080") only an address host, a domain ("example.com",
 * ".example.com", "*.example.com", with ":port") only a named host. */
static bool no_proxy_entry(const char *e, size_t n, const char *host, const char *port, const unsigned char *ip)
{
    unsigned char net[16];
    int bits;
    bool v4;
    if (parse_cidr(e, n, net, &bits, &v4)) return ip && cidr_contains(net, bits, v4, ip);
    const char *h = e, *p = "";
    size_t hn = n, pn = 0;
    if (split_host_port(e, n, &h, &hn, &p, &pn)) {
        if (hn == 0) return false;
        if (h[0] == '[' && h[hn - 1] == ']') { h++; hn -= 2; }
    } else {
        h = e;
        hn = n;
        p = "";
        pn = 0;
    }
    bool port_ok = pn == 0 || (strlen(port) == pn && strncmp(port, p, pn) == 0);
    unsigned char eip[16];
    if (parse_ip(h, hn, eip, &v4)) return ip && memcmp(eip, ip, 16) == 0 && port_ok;
    if (hn == 0 || ip) return false;
    if (hn >= 2 && h[0] == '*' && h[1] == '.') { h++; hn--; }
    size_t l = strlen(host);
    if (h[0] == '.') return l >= hn && memcmp(host + l - hn, h, hn) == 0 && port_ok;
    bool suffix = l > hn && host[l - hn - 1] == '.' && memcmp(host + l - hn, h, hn) == 0;
    return (suffix || (l == hn && memcmp(host, h, hn) == 0)) && port_ok;
}

/* Go's httpproxy.FromEnvironment: HTTPS_PROXY for https, HTTP_PROXY for
 * http (not under CGI), never for localhost or a loopback address, not
 * for what NO_PROXY lists ("*", CIDRs, addresses, domains with their
 * subdomains, ".suffix", each with an optional ":port"). */
static const char *proxy_for(Arena *a, bool tls, const char *host, const char *port)
{
    if (strcmp(host, "localhost") == 0) return NULL;
    unsigned char ip[16];
    bool v4;
    bool is_ip = parse_ip(host, strlen(host), ip, &v4);
    static const unsigned char v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (is_ip && ((is_mapped(ip) && ip[12] == 127) || memcmp(ip, v6_loopback, 16) == 0)) return NULL;
    const char *p = tls ? env2("HTTPS_PROXY", "https_proxy")
                        : getenv("REQUEST_METHOD") ? NULL : env2("HTTP_PROXY", "http_proxy");
    if (!p) return NULL;
    char lower[256];
    snprintf(lower, sizeof lower, "%s", host);
    for (char *c = lower; *c; c++) if (*c >= 'A' && *c <= 'Z') *c = (char)(*c | 0x20);
    const char *np = env2("NO_PROXY", "no_proxy");
    for (const char *e = np; e && *e;) {
        const char *comma = strchr(e, ',');
        size_t n = comma ? (size_t)(comma - e) : strlen(e);
        const char *s = e;
        while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) { s++; n--; }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
        char ent[512];
        if (n && n < sizeof ent) {
            for (size_t i = 0; i < n; i++) ent[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
            ent[n] = 0;
            if (n == 1 && ent[0] == '*') return NULL;
            if (no_proxy_entry(ent, n, lower, port, is_ip ? ip : NULL)) return NULL;
        }
        e = comma ? comma + 1 : e + strlen(e);
    }
    return strstr(p, "://") ? p : arena_printf(a, "http://%s", p);
}

/* Through the proxy to host:port: a CONNECT tunnel for https. */
static int proxy_connect(FConn *c, const FetchURL *pu, const char *hostport, Buf *err)
{
    Buf req = BUF_INIT;
    buf_printf(&req, "CONNECT %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Helm/4.1.4\r\n", hostport, hostport);
    if (pu->userinfo) {
        buf_adds(&req, "Proxy-Authorization: Basic ");
        b64_encode(&req, pu->userinfo, strlen(pu->userinfo));
        buf_adds(&req, "\r\n");
    }
    buf_adds(&req, "\r\n");
    int rc = conn_write(c, req.data, req.len, err);
    buf_free(&req);
    if (rc) return -1;
    Buf raw = BUF_INIT;
    FetchResp r;
    char ch;
    int h = 0;
    /* byte by byte: what follows the head belongs to the TLS session */
    while (h == 0) {
        long got = conn_read(c, &ch, 1, err);
        if (got < 0) { buf_free(&raw); return -1; }
        if (got == 0) { buf_free(&raw); buf_adds(err, "unexpected EOF"); return -1; }
        buf_addc(&raw, ch);
        h = fetch_parse_head(raw.data, raw.len, &r, err);
    }
    buf_free(&raw);
    if (h < 0) return -1;
    if (r.code != 200) {
        const char *sp = strchr(r.status, ' ');
        buf_adds(err, sp ? sp + 1 : r.status);
        return -1;
    }
    return 0;
}

/* ---- one request ------------------------------------------------------------------- */


/* Reads the whole response into raw; head parsed into *r; body decoded. */
static int exchange(FConn *c, const char *req, size_t reqlen, FetchResp *r, Buf *body, Buf *err)
{
    if (conn_write(c, req, reqlen, err)) return -1;
    Buf raw = BUF_INIT;
    char tmp[16384];
    int have_head = 0, rc = -1;
    size_t used = 0;
    for (;;) {
        long got = conn_read(c, tmp, sizeof tmp, err);
        if (got < 0) goto out;
        if (got > 0) buf_add(&raw, tmp, (size_t)got);
        if (!have_head) {
            have_head = fetch_parse_head(raw.data ? raw.data : "", raw.len, r, err);
            if (have_head < 0) goto out;
            if (!have_head) {
                if (got == 0) { buf_adds(err, raw.len ? "unexpected EOF" : "EOF"); goto out; }
                continue;
            }
        }
        size_t blen = raw.len - r->head_len;
        const char *bd = raw.data + r->head_len;
        if (r->code == 204 || r->code == 304 || (r->code >= 100 && r->code < 200)) { rc = 0; goto out; }
        if (r->chunked) {
            if (blen >= 5 || got == 0) {
                buf_clear(body);
                int d = fetch_dechunk(bd, blen, body, &used, err);
                if (d < 0) goto out;
                if (d == 1) { rc = 0; goto out; }
            }
            if (got == 0) { buf_adds(err, "unexpected EOF"); goto out; }
        } else if (r->length >= 0) {
            if ((unsigned long long)r->length > FETCH_MAX_BODY) { buf_adds(err, "http: response body too large"); goto out; }
            if (blen >= (size_t)r->length) { buf_add(body, bd, (size_t)r->length); rc = 0; goto out; }
            if (got == 0) { buf_adds(err, "unexpected EOF"); goto out; }
        } else {
            if (blen > FETCH_MAX_BODY) { buf_adds(err, "http: response body too large"); goto out; }
            if (got == 0) { buf_add(body, bd, blen); rc = 0; goto out; }
        }
    }
out:
    buf_free(&raw);
    return rc;
}

static bool same_host(const FetchURL *a, const FetchURL *b)
{
    char ha[256], hb[256], pa[16], pb[16];
    split_host(a->host, false, ha, sizeof ha, pa, sizeof pa);
    split_host(b->host, false, hb, sizeof hb, pb, sizeof pb);
    return strcasecmp(ha, hb) == 0;
}

static const char *resolve_location(Arena *a, const FetchURL *cur, const char *loc);

const char *fetch_url_resolve(Arena *a, const char *base, const char *ref)
{
    FetchURL u;
    Buf e = BUF_INIT;
    int rc = fetch_url_parse(a, base, &u, &e);
    buf_free(&e);
    return rc ? NULL : resolve_location(a, &u, ref);
}

/* A redirect's Location, resolved against the request URL (Go's
 * URL.Parse on the current URL). */
static const char *resolve_location(Arena *a, const FetchURL *cur, const char *loc)
{
    Buf b = BUF_INIT;
    fetch_url_string(cur, &b);
    const char *base = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    FetchURL r, bu;
    Buf e = BUF_INIT;
    if (fetch_url_parse(a, loc, &r, &e) || fetch_url_parse(a, base, &bu, &e)) { buf_free(&e); return NULL; }
    buf_free(&e);
    if (*r.scheme) return loc;
    FetchURL res = bu;
    res.query = r.query;
    res.fragment = r.fragment;
    if (*r.host) {
        res.host = r.host;
        res.userinfo = r.userinfo;
        res.rawpath = r.rawpath;
    } else if (*r.rawpath && r.rawpath[0] == '/') {
        res.rawpath = r.rawpath;
    } else if (*r.rawpath) {
        const char *sl = strrchr(bu.rawpath, '/');
        res.rawpath = arena_printf(a, "%.*s%s", sl ? (int)(sl - bu.rawpath) + 1 : 0, bu.rawpath, r.rawpath);
    } else if (!r.query) {
        res.query = bu.query;
    }
    Buf o = BUF_INIT;
    fetch_url_string(&res, &o);
    const char *s = arena_strndup(a, o.data ? o.data : "", o.len);
    buf_free(&o);
    return s;
}

static int get(Arena *a, const FetchReq *rq, FetchStatus *st, Buf *body, Buf *err)
{
    FetchURL first;
    if (fetch_url_parse(a, rq->url, &first, err)) return -1;
    const char *cur = rq->url;
    FetchURL u = first;
    bool auth = (rq->username && *rq->username) || (rq->password && *rq->password);
    /* url.Error names the first request's method ("Post") */
    const char *op = rq->form ? "Post" : "Get";
    const char *form = rq->form;
    for (int nreq = 1;; nreq++) {
        if (strcmp(u.scheme, "http") && strcmp(u.scheme, "https")) {
            buf_printf(err, "%s \"%s\": unsupported protocol scheme \"%s\"", op, cur, u.scheme);
            return -1;
        }
        if (!*u.host) {
            buf_printf(err, "%s \"%s\": http: no Host in request URL", op, cur);
            return -1;
        }
        bool tls = strcmp(u.scheme, "https") == 0;
        char host[256], port[16];
        split_host(u.host, tls, host, sizeof host, port, sizeof port);
        const char *proxy = proxy_for(a, tls, host, port);
        FetchURL pu;
        char phost[256], pport[16];
        bool ptls = false;
        if (proxy) {
            if (fetch_url_parse(a, proxy, &pu, err)) return -1;
            ptls = strcmp(pu.scheme, "https") == 0;
            if (!ptls && strcmp(pu.scheme, "http") != 0) {
                buf_printf(err, "%s \"%s\": chartc: %s proxies are not supported", op, cur, pu.scheme);
                return -1;
            }
            split_host(pu.host, ptls, phost, sizeof phost, pport, sizeof pport);
        }
        Buf req = BUF_INIT;
        buf_adds(&req, form ? "POST " : "GET ");
        if (proxy && !tls) buf_printf(&req, "http://%s", u.host);
        if (!*u.rawpath) buf_addc(&req, '/');
        FetchURL pathonly = {.scheme = "", .host = "", .path = u.path, .rawpath = u.rawpath, .query = u.query};
        fetch_url_string(&pathonly, &req);
        buf_printf(&req, " HTTP/1.1\r\nHost: %s\r\nUser-Agent: Helm/4.1.4\r\n", u.host);
        if (rq->accept) buf_printf(&req, "Accept: %s\r\n", rq->accept);
        if (rq->bearer && (nreq == 1 || same_host(&first, &u))) {
            buf_printf(&req, "Authorization: Bearer %s\r\n", rq->bearer);
        } else if (auth && (nreq == 1 || same_host(&first, &u))) {
            Buf cred = BUF_INIT;
            buf_printf(&cred, "%s:%s", rq->username ? rq->username : "", rq->password ? rq->password : "");
            buf_adds(&req, "Authorization: Basic ");
            b64_encode(&req, cred.data, cred.len);
            buf_adds(&req, "\r\n");
            buf_free(&cred);
        }
        if (proxy && !tls && pu.userinfo) {
            buf_adds(&req, "Proxy-Authorization: Basic ");
            b64_encode(&req, pu.userinfo, strlen(pu.userinfo));
            buf_adds(&req, "\r\n");
        }
        if (form)
            buf_printf(&req, "Content-Length: %zu\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                       strlen(form));
        buf_adds(&req, "Connection: close\r\n\r\n");
        if (form) buf_adds(&req, form);
        FConn c = {-1, NULL, NULL, NULL, NULL, NULL};
        Buf e = BUF_INIT;
        FetchResp r;
        int rc;
        if (proxy) {
            /* an https proxy is reached with the request's own TLS settings */
            rc = dial(phost, pport, &c, &e);
            if (rc == 0 && ptls) rc = ftls_start(&c, rq, phost, &e);
            if (rc) {
                Buf m = BUF_INIT;
                buf_printf(&m, "proxyconnect tcp: %s", e.data ? e.data : "");
                buf_free(&e);
                e = m;
            } else if (tls) {
                rc = proxy_connect(&c, &pu, arena_printf(a, "%s:%s", host, port), &e);
            }
        } else {
            rc = dial(host, port, &c, &e);
        }
        if (rc == 0 && tls) rc = ptls ? ftls_start_inner(&c, rq, host, &e) : ftls_start(&c, rq, host, &e);
        if (rc == 0) {
            buf_clear(body);
            rc = exchange(&c, req.data, req.len, &r, body, &e);
        }
        conn_close(&c);
        buf_free(&req);
        if (rc) {
            buf_printf(err, "%s \"%s\": %s", op, cur, e.data ? e.data : "");
            buf_free(&e);
            return -1;
        }
        buf_free(&e);
        bool redirect = r.code == 301 || r.code == 302 || r.code == 303 || r.code == 307 || r.code == 308;
        if (!redirect || !*r.location) {
            if (st) {
                st->code = r.code;
                snprintf(st->status, sizeof st->status, "%s", r.status);
                snprintf(st->www_auth, sizeof st->www_auth, "%s", r.www_auth);
                snprintf(st->link, sizeof st->link, "%s", r.link);
                return 0;
            }
            if (r.code != 200) {
                buf_printf(err, "failed to fetch %s : %s", rq->url, r.status);
                return -1;
            }
            return 0;
        }
        if (nreq >= FETCH_MAX_REQUESTS) {
            buf_printf(err, "%s \"%s\": stopped after 10 redirects", op, r.location);
            return -1;
        }
        const char *next = resolve_location(a, &u, r.location);
        if (!next || fetch_url_parse(a, next, &u, err)) {
            if (!next) buf_printf(err, "%s \"%s\": failed to parse Location header \"%s\"", op, cur, r.location);
            return -1;
        }
        cur = next;
        /* Go re-sends a body only on 307 and 308; the others become GETs */
        if (r.code != 307 && r.code != 308) form = NULL;
    }
}

int fetch_get(const FetchReq *r, Buf *body, Buf *err)
{
    Arena a;
    arena_init(&a);
    int rc = get(&a, r, NULL, body, err);
    arena_free(&a);
    return rc;
}

int fetch_do(const FetchReq *r, FetchStatus *st, Buf *body, Buf *err)
{
    Arena a;
    arena_init(&a);
    memset(st, 0, sizeof *st);
    int rc = get(&a, r, st, body, err);
    arena_free(&a);
    return rc;
}
