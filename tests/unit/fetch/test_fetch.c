/*
 * test_fetch.c - the fetcher's pieces that the remote cases reach only
 * through a server: Go's url.Parse errors, helm's ResolveReferenceURL, the
 * HTTP response head and chunked-body parsers, and a refused connection.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fetch/fetch.h"

static const char *parse_err(const char *s)
{
    static char out[256];
    Arena a;
    arena_init(&a);
    FetchURL u;
    Buf e = BUF_INIT;
    int rc = fetch_url_parse(&a, s, &u, &e);
    snprintf(out, sizeof out, "%s", rc ? (e.data ? e.data : "?") : "ok");
    buf_free(&e);
    arena_free(&a);
    return out;
}

static void test_parse(void)
{
    Arena a;
    arena_init(&a);
    FetchURL u;
    Buf e = BUF_INIT;
    CHECK_INT(fetch_url_parse(&a, "HTTPS://user:pw@127.0.0.1:18765/a%20b/c?x=1#frag", &u, &e), 0);
    CHECK_STR(u.scheme, "https");
    CHECK_STR(u.userinfo, "user:pw");
    CHECK_STR(u.host, "127.0.0.1:18765");
    CHECK_STR(u.path, "/a b/c");
    CHECK_STR(u.rawpath, "/a%20b/c");
    CHECK_STR(u.query, "x=1");
    CHECK_STR(u.fragment, "frag");
    CHECK_INT(fetch_url_parse(&a, "mailto:x@y", &u, &e), 0);
    CHECK(u.opaque);
    CHECK_INT(fetch_url_parse(&a, "values.yaml", &u, &e), 0);
    CHECK_STR(u.scheme, "");
    CHECK_STR(u.path, "values.yaml");
    CHECK_INT(fetch_url_parse(&a, "ftp://h/x", &u, &e), 0);
    CHECK_STR(u.scheme, "ftp");
    buf_free(&e);
    arena_free(&a);

    CHECK_STR(parse_err("a%zz.yaml"), "parse \"a%zz.yaml\": invalid URL escape \"%zz\"");
    CHECK_STR(parse_err("a%z"), "parse \"a%z\": invalid URL escape \"%z\"");
    CHECK_STR(parse_err("a%"), "parse \"a%\": invalid URL escape \"%\"");
    CHECK_STR(parse_err("http://a b/x"), "parse \"http://a b/x\": invalid character \" \" in host name");
    CHECK_STR(parse_err("http://h:x/"), "parse \"http://h:x/\": invalid port \":x\" after host");
    CHECK_STR(parse_err("1:x/y"), "parse \"1:x/y\": first path segment in URL cannot contain colon");
    CHECK_STR(parse_err(":x"), "parse \":x\": missing protocol scheme");
    CHECK_STR(parse_err("a\x01"), "parse \"a\\x01\": net/url: invalid control character in URL");
    CHECK_STR(parse_err("http://[::1/"), "parse \"http://[::1/\": missing ']' in host");
    CHECK_STR(parse_err("http://[::1]:80/x"), "ok");
}

static const char *resolve(const char *base, const char *ref)
{
    static char out[512];
    Arena a;
    arena_init(&a);
    Buf e = BUF_INIT;
    const char *r = NULL;
    int rc = fetch_resolve_ref(&a, base, ref, &r, &e);
    snprintf(out, sizeof out, "%s", rc ? (e.data ? e.data : "?") : r);
    buf_free(&e);
    arena_free(&a);
    return out;
}

static void test_resolve(void)
{
    CHECK_STR(resolve("http://h:1/repo", "index.yaml"), "http://h:1/repo/index.yaml");
    CHECK_STR(resolve("http://h:1/repo/", "index.yaml"), "http://h:1/repo/index.yaml");
    CHECK_STR(resolve("http://h:1", "index.yaml"), "http://h:1/index.yaml");
    CHECK_STR(resolve("http://h/repo/sub", "../x.tgz"), "http://h/repo/x.tgz");
    CHECK_STR(resolve("http://h/repo", "../../x.tgz"), "http://h/x.tgz");
    CHECK_STR(resolve("http://h/repo", "./charts/x.tgz"), "http://h/repo/charts/x.tgz");
    CHECK_STR(resolve("http://h/repo", "/abs/x.tgz"), "http://h/abs/x.tgz");
    CHECK_STR(resolve("http://h/repo", "//other/x.tgz"), "http://other/x.tgz");
    CHECK_STR(resolve("http://h/repo", "https://o/x.tgz"), "https://o/x.tgz");
    /* helm keeps the repository URL's query on every resolved URL */
    CHECK_STR(resolve("http://h/?token=1", "index.yaml"), "http://h/index.yaml?token=1");
    CHECK_STR(resolve("http://h/r?token=1", "x.tgz?y=2"), "http://h/r/x.tgz?token=1");
    CHECK_STR(resolve("http://h/r", "a b.tgz"), "http://h/r/a%20b.tgz");
    CHECK_STR(resolve("http://h/r", "%zz"), "failed to parse %zz as URL: parse \"%zz\": invalid URL escape \"%zz\"");
}

static void test_head(void)
{
    FetchResp r;
    Buf e = BUF_INIT;
    const char *h = "HTTP/1.1 404 File not found\r\nContent-Length: 12\r\nX: y\r\n\r\nbody";
    CHECK_INT(fetch_parse_head(h, strlen(h), &r, &e), 1);
    CHECK_INT(r.code, 404);
    CHECK_STR(r.status, "404 File not found");
    CHECK_INT(r.length, 12);
    CHECK(!r.chunked);
    CHECK_INT(r.head_len, strlen(h) - 4);
    const char *c = "HTTP/1.0 302 Found\r\nlocation:  /next \r\ntransfer-encoding: chunked\r\n\r\n";
    CHECK_INT(fetch_parse_head(c, strlen(c), &r, &e), 1);
    CHECK_STR(r.location, "/next");
    CHECK(r.chunked);
    CHECK_INT(r.length, -1);
    CHECK_INT(fetch_parse_head(c, 20, &r, &e), 0);
    const char *n = "HTTP/1.1 200\r\n\r\n";
    CHECK_INT(fetch_parse_head(n, strlen(n), &r, &e), 1);
    CHECK_STR(r.status, "200");
    const char *bad = "SSH-2.0-OpenSSH\r\n\r\n";
    CHECK_INT(fetch_parse_head(bad, strlen(bad), &r, &e), -1);
    CHECK_STR(e.data, "malformed HTTP response \"SSH-2.0-OpenSSH\"");
    buf_clear(&e);
    const char *cl = "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n";
    CHECK_INT(fetch_parse_head(cl, strlen(cl), &r, &e), -1);
    buf_free(&e);
}

static void test_dechunk(void)
{
    Buf out = BUF_INIT, e = BUF_INIT;
    size_t used = 0;
    const char *ok = "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
    CHECK_INT(fetch_dechunk(ok, strlen(ok), &out, &used, &e), 1);
    CHECK_STR(out.data, "hello world");
    CHECK_INT(used, strlen(ok));
    buf_clear(&out);
    CHECK_INT(fetch_dechunk(ok, 12, &out, &used, &e), 0);
    buf_clear(&out);
    CHECK_INT(fetch_dechunk("zz\r\n", 4, &out, &used, &e), -1);
    buf_clear(&out);
    buf_clear(&e);
    CHECK_INT(fetch_dechunk("3\r\nabcX\r\n0\r\n\r\n", 15, &out, &used, &e), -1);
    buf_clear(&out);
    CHECK_INT(fetch_dechunk("ffffffffffffffffff\r\n", 20, &out, &used, &e), -1);
    buf_free(&out);
    buf_free(&e);
}

static void test_refused(void)
{
    FetchReq r = {.url = "http://127.0.0.1:1/values.yaml"};
    Buf body = BUF_INIT, e = BUF_INIT;
    CHECK_INT(fetch_get(&r, &body, &e), -1);
    CHECK_STR(e.data, "Get \"http://127.0.0.1:1/values.yaml\": dial tcp 127.0.0.1:1: connect: connection refused");
    buf_clear(&e);
    FetchReq f = {.url = "ftp://h/x"};
    CHECK_INT(fetch_get(&f, &body, &e), -1);
    CHECK_STR(e.data, "Get \"ftp://h/x\": unsupported protocol scheme \"ftp\"");
    buf_clear(&e);
    FetchReq nh = {.url = "http:/x"};
    CHECK_INT(fetch_get(&nh, &body, &e), -1);
    CHECK_STR(e.data, "Get \"http:/x\": http: no Host in request URL");
    buf_clear(&e);
    CHECK_INT(fetch_values_url("https://h/v.yaml", &e), 1);
    CHECK_INT(fetch_values_url("ftp://h/v.yaml", &e), 0);
    CHECK_INT(fetch_values_url("dir/v.yaml", &e), 0);
    CHECK_INT(fetch_values_url("%zz", &e), -1);
    buf_free(&body);
    buf_free(&e);
}

/* Go's resolver names the first usable nameserver of resolv.conf */
static void test_resolv(void)
{
    static const struct { const char *conf, *want; } t[] = {
        {"nameserver 10.255.255.53\n", "10.255.255.53:53"},
        {"# c\n; c\nsearch x\n  nameserver\t192.0.2.1 # trailing\nnameserver 192.0.2.2\n", "192.0.2.1:53"},
        {"nameserver bogus\nnameserver ::1\n", "[::1]:53"},
        {"nameserver fe80::1%eth0\n", "[fe80::1%eth0]:53"},
        {"nameservers 192.0.2.9\n", "127.0.0.1:53"},
        {"", "127.0.0.1:53"},
    };
    char path[] = "/tmp/chartc-resolv-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    close(fd);
    char out[160];
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        FILE *f = fopen(path, "w");
        fputs(t[i].conf, f);
        fclose(f);
        fetch_resolv_server(path, out, sizeof out);
        CHECK_STR(out, t[i].want);
    }
    remove(path);
    fetch_resolv_server("/nonexistent/resolv.conf", out, sizeof out);
    CHECK_STR(out, "127.0.0.1:53");
}

int main(void)
{
    test_resolv();
    test_parse();
    test_resolve();
    test_head();
    test_dechunk();
    test_refused();
    return CHECK_DONE();
}
