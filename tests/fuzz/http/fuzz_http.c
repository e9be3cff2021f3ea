/*
 * fuzz_http.c - libFuzzer target for the fetcher's parsers of what a
 * server sends: the response head, the chunked body, and url.Parse /
 * ResolveReferenceURL on a Location-like string.
 *
 * The first byte picks the parser.  Every call must return one of its
 * documented results, an error must come with a message, and a decoded
 * chunked body can never be longer than its input.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

static void head(const char *d, size_t n)
{
    FetchResp r;
    Buf e = BUF_INIT;
    int rc = fetch_parse_head(d, n, &r, &e);
    if (rc < -1 || rc > 1) abort();
    if (rc == -1 && !e.len) abort();
    if (rc == 1 && (r.head_len > n || r.code < 0 || r.code > 999)) abort();
    buf_free(&e);
}

static void chunks(const char *d, size_t n)
{
    Buf out = BUF_INIT, e = BUF_INIT;
    size_t used = 0;
    int rc = fetch_dechunk(d, n, &out, &used, &e);
    if (rc < -1 || rc > 1) abort();
    if (rc == -1 && !e.len) abort();
    if (rc == 1 && (used > n || out.len > n)) abort();
    buf_free(&out);
    buf_free(&e);
}

static void url(const char *d, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) return;
    memcpy(s, d, n);
    s[n] = 0;
    Arena a;
    arena_init(&a);
    FetchURL u;
    Buf e = BUF_INIT, o = BUF_INIT;
    if (fetch_url_parse(&a, s, &u, &e) == 0) fetch_url_string(&u, &o);
    else if (!e.len) abort();
    const char *r = NULL;
    buf_clear(&e);
    if (fetch_resolve_ref(&a, "http://h:1/repo/?q=1", s, &r, &e) == 0 && !r) abort();
    buf_free(&e);
    buf_free(&o);
    arena_free(&a);
    free(s);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1) return 0;
    const char *d = (const char *)data + 1;
    size_t n = size - 1;
    switch (data[0] % 3) {
    case 0: head(d, n); break;
    case 1: chunks(d, n); break;
    default: url(d, n); break;
    }
    return 0;
}
