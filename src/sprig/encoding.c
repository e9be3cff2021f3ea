/*
 * encoding.c - Sprig's encoding, hashing, URL and random-string functions.
 *
 * b64enc/b64dec/b32enc/b32dec follow Go's encoding/base64 and encoding/base32 (StdEncoding,
 * padded) including where a decode error is reported: Sprig returns the
 * error's text as the result ("illegal base64 data at input byte 0").
 * Hashes are hex digests of the string's bytes; adler32sum is decimal.
 * urlParse/urlJoin reproduce net/url's Parse and URL.String closely enough
 * for every field Sprig exposes, with net/url's error texts.  The random
 * functions draw from the kernel's CSPRNG; only their shape is testable.
 */
#include "../eval/func.h"
#include "../value/fmt.h"
#include "../value/netip.h"

#include "../util/base64.h"
#include "digest.h"

#include <stdio.h>
#include <string.h>

/* Random output is bounded so a hostile count fails instead of eating the
 * machine (helm would try to allocate it). */
#define ENC_MAX_RANDOM (64u * 1024 * 1024)

static Value str_result(FnCall *c, const char *s, size_t n)
{
    return val_strn(fn_arena(c), s, n);
}

static int ret_buf(FnCall *c, Buf *b, Value *out)
{
    *out = str_result(c, b->data ? b->data : "", b->len);
    buf_free(b);
    return 0;
}

/* ---- base64 ------------------------------------------------------------ */

static const char b32_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static int fn_b64enc(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    b64_encode(&b, (const unsigned char *)argv[0].u.s->s, argv[0].u.s->len);
    return ret_buf(c, &b, out);
}

static int fn_b64dec(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    long e = b64_decode(&b, (const unsigned char *)argv[0].u.s->s, argv[0].u.s->len);
    if (e >= 0) {
        buf_clear(&b);
        buf_printf(&b, "illegal base64 data at input byte %ld", e);
    }
    return ret_buf(c, &b, out);
}

/* ---- base32 ------------------------------------------------------------ */

static void b32_encode(Buf *b, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 5) {
        unsigned char blk[5] = {0};
        size_t k = n - i < 5 ? n - i : 5;
        memcpy(blk, s + i, k);
        uint64_t v = 0;
        for (int j = 0; j < 5; j++) v = v << 8 | blk[j];
        static const int chars[6] = {0, 2, 4, 5, 7, 8};
        char q[8];
        for (int j = 0; j < 8; j++)
            q[j] = j < chars[k] ? b32_alpha[(v >> (35 - 5 * j)) & 31] : '=';
        buf_add(b, q, 8);
    }
}

static int b32_val(unsigned char c)
{
    const char *p = c ? strchr(b32_alpha, c) : NULL;
    return p ? (int)(p - b32_alpha) : -1;
}

/* Go's base32 decode, on the input with newlines already stripped (Go's
 * DecodeString strips them first, so offsets count without them).
 * Returns the error offset or -1. */
static long b32_decode(Buf *out, const unsigned char *src, size_t olen)
{
    size_t left = olen;
    int end = 0;
    while (left > 0 && !end) {
        unsigned char d[8] = {0};
        int dlen = 8;
        for (int j = 0; j < 8;) {
            if (left == 0) return (long)(olen - left) - j;
            unsigned char in = src[olen - left];
            left--;
            if (in == '=' && j >= 2 && left < 8) {
                if (left + (size_t)j < 7) return (long)olen;
                for (int k = 0; k < 7 - j; k++)
                    if (left > (size_t)k && src[olen - left + (size_t)k] != '=')
                        return (long)(olen - left) + k - 1;
                dlen = j;
                end = 1;
                if (dlen == 1 || dlen == 3 || dlen == 6) return (long)(olen - left) - 1;
                break;
            }
            int v = b32_val(in);
            if (v < 0) return (long)(olen - left) - 1;
            d[j++] = (unsigned char)v;
        }
        unsigned char o[5];
        o[0] = (unsigned char)(d[0] << 3 | d[1] >> 2);
        o[1] = (unsigned char)(d[1] << 6 | d[2] << 1 | d[3] >> 4);
        o[2] = (unsigned char)(d[3] << 4 | d[4] >> 1);
        o[3] = (unsigned char)(d[4] << 7 | d[5] << 2 | d[6] >> 3);
        o[4] = (unsigned char)(d[6] << 5 | d[7]);
        static const int bytes[9] = {0, 0, 1, 0, 2, 3, 0, 4, 5};
        buf_add(out, o, (size_t)bytes[dlen]);
    }
    return -1;
}

static int fn_b32enc(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    b32_encode(&b, (const unsigned char *)argv[0].u.s->s, argv[0].u.s->len);
    return ret_buf(c, &b, out);
}

static int fn_b32dec(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *in = argv[0].u.s;
    unsigned char *s = arena_alloc(fn_arena(c), in->len + 1);
    if (!s) return fn_error(c, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < in->len; i++)
        if (in->s[i] != '\n' && in->s[i] != '\r') s[n++] = (unsigned char)in->s[i];
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    long e = b32_decode(&b, s, n);
    if (e >= 0) {
        buf_clear(&b);
        buf_printf(&b, "illegal base32 data at input byte %ld", e);
    }
    return ret_buf(c, &b, out);
}

/* ---- hashes ------------------------------------------------------------ */

static int digest_hex(FnCall *c, int bits, const Str *s, Value *out)
{
    unsigned char h[DIGEST_SHA512_LEN];
    unsigned hl;
    if (bits == 1) {
        digest_sha1(s->s, s->len, h);
        hl = DIGEST_SHA1_LEN;
    } else if (bits == 256) {
        digest_sha256(s->s, s->len, h);
        hl = DIGEST_SHA256_LEN;
    } else {
        digest_sha512(s->s, s->len, h);
        hl = DIGEST_SHA512_LEN;
    }
    static const char hexd[] = "0123456789abcdef";
    char hex[2 * DIGEST_SHA512_LEN];
    for (unsigned i = 0; i < hl; i++) {
        hex[2 * i] = hexd[h[i] >> 4];
        hex[2 * i + 1] = hexd[h[i] & 15];
    }
    *out = str_result(c, hex, 2 * (size_t)hl);
    return 0;
}

static int fn_sha1sum(FnCall *c, int argc, Value *argv, Value *out)
{
    return digest_hex(c, 1, argv[0].u.s, out);
}

static int fn_sha256sum(FnCall *c, int argc, Value *argv, Value *out)
{
    return digest_hex(c, 256, argv[0].u.s, out);
}

static int fn_sha512sum(FnCall *c, int argc, Value *argv, Value *out)
{
    return digest_hex(c, 512, argv[0].u.s, out);
}

static int fn_adler32sum(FnCall *c, int argc, Value *argv, Value *out)
{
    uint32_t a = 1, b = 0;
    const unsigned char *p = (const unsigned char *)argv[0].u.s->s;
    for (uint32_t i = 0; i < argv[0].u.s->len; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    char t[16];
    int n = snprintf(t, sizeof t, "%u", b << 16 | a);
    *out = str_result(c, t, (size_t)n);
    return 0;
}

/* ---- random ------------------------------------------------------------ */

/* Uniform integer in [0, n) from the CSPRNG (n > 0). */
static uint64_t rand_below(uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n, r;
    do {
        if (!digest_random(&r, sizeof r)) r = 0;
    } while (r >= limit);
    return r % n;
}

static int rand_string(FnCall *c, Value count, const char *alphabet, Value *out)
{
    int64_t n = count.u.i;
    /* goutils returns an error for a negative count and Sprig drops it. */
    if (n <= 0) { *out = val_str(str_empty()); return 0; }
    if ((uint64_t)n > ENC_MAX_RANDOM)
        return fn_error(c, "random string of %lld characters is too large", (long long)n);
    char *s = arena_alloc(fn_arena(c), (size_t)n);
    if (!s) return fn_error(c, "out of memory");
    size_t k = strlen(alphabet);
    for (int64_t i = 0; i < n; i++) s[i] = alphabet[rand_below(k)];
    *out = str_result(c, s, (size_t)n);
    return 0;
}

#define ALPHA "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

static int fn_randAlphaNum(FnCall *c, int argc, Value *argv, Value *out)
{
    return rand_string(c, argv[0], ALPHA DIGITS, out);
}

static int fn_randAlpha(FnCall *c, int argc, Value *argv, Value *out)
{
    return rand_string(c, argv[0], ALPHA, out);
}

static int fn_randNumeric(FnCall *c, int argc, Value *argv, Value *out)
{
    return rand_string(c, argv[0], DIGITS, out);
}

static int fn_randAscii(FnCall *c, int argc, Value *argv, Value *out)
{
    static const char printable[] =
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~";
    return rand_string(c, argv[0], printable, out);
}

static int fn_randInt(FnCall *c, int argc, Value *argv, Value *out)
{
    /* rand.Intn(max-min)+min with Go's wrapping int arithmetic. */
    int64_t span = (int64_t)((uint64_t)argv[1].u.i - (uint64_t)argv[0].u.i);
    if (span <= 0) return fn_error(c, "invalid argument to Intn");
    *out = val_int((int64_t)((uint64_t)rand_below((uint64_t)span) + (uint64_t)argv[0].u.i));
    return 0;
}

static int fn_randBytes(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t n = argv[0].u.i;
    if (n < 0) return fn_error(c, "runtime error: makeslice: len out of range");
    if ((uint64_t)n > ENC_MAX_RANDOM)
        return fn_error(c, "randBytes: %lld bytes is too large", (long long)n);
    unsigned char *r = arena_alloc(fn_arena(c), (size_t)n + 1);
    if (!r) return fn_error(c, "out of memory");
    if (n && !digest_random(r, (size_t)n)) return fn_error(c, "crypto/rand: read failed");
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    b64_encode(&b, r, (size_t)n);
    return ret_buf(c, &b, out);
}

static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80) return 1;
    size_t k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (k > n) return 1;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return 1;
    return k;
}

/* xstrings.Shuffle permutes runes (an invalid byte counts as one rune and
 * comes out as U+FFFD, as []rune conversion does). */
static int fn_shuffle(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *s = argv[0].u.s;
    Arena *a = fn_arena(c);
    size_t *start = arena_alloc(a, (s->len + 1) * sizeof *start);
    size_t *len = arena_alloc(a, (s->len + 1) * sizeof *len);
    if (!start || !len) return fn_error(c, "out of memory");
    size_t nr = 0;
    for (size_t i = 0; i < s->len;) {
        size_t k = utf8_len((const unsigned char *)s->s + i, s->len - i);
        start[nr] = i;
        len[nr++] = (k == 1 && (unsigned char)s->s[i] >= 0x80) ? 0 : k;
        i += k;
    }
    for (size_t i = nr; i > 1; i--) {
        size_t j = (size_t)rand_below(i);
        size_t t = start[i - 1]; start[i - 1] = start[j]; start[j] = t;
        t = len[i - 1]; len[i - 1] = len[j]; len[j] = t;
    }
    Buf b = BUF_INIT;
    buf_reserve(&b, s->len + 1);
    for (size_t i = 0; i < nr; i++) {
        if (len[i]) buf_add(&b, s->s + start[i], len[i]);
        else buf_add(&b, "\xEF\xBF\xBD", 3);
    }
    return ret_buf(c, &b, out);
}

static int fn_uuidv4(FnCall *c, int argc, Value *argv, Value *out)
{
    unsigned char u[16];
    if (!digest_random(u, 16)) return fn_error(c, "crypto/rand: read failed");
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    char t[37];
    snprintf(t, sizeof t,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
             u[12], u[13], u[14], u[15]);
    *out = str_result(c, t, 36);
    return 0;
}

/* ---- URLs (net/url) ---------------------------------------------------- */

enum { ENC_PATH, ENC_USER, ENC_QUERY, ENC_FRAGMENT, ENC_HOST, ENC_ZONE };

static bool url_should_escape(unsigned char ch, int mode)
{
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
        return false;
    if ((mode == ENC_HOST || mode == ENC_ZONE) && ch && strchr("!$&'()*+,;=:[]<>\"", ch)) return false;
    if (ch && strchr("-_.~", ch)) return false;
    if (ch && strchr("$&+,/:;=?@", ch)) {
        switch (mode) {
        case ENC_PATH: return ch == '?';
        case ENC_USER: return ch == '@' || ch == '/' || ch == '?' || ch == ':';
        case ENC_QUERY: return true;
        case ENC_FRAGMENT: return false;
        default: break;
        }
    }
    if (mode == ENC_FRAGMENT && ch && strchr("!()*", ch)) return false;
    return true;
}

static void url_escape(Buf *b, const char *s, size_t n, int mode)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!url_should_escape(ch, mode)) { buf_addc(b, (char)ch); continue; }
        char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
        buf_add(b, e, 3);
    }
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* net/url's unescape.  On error writes the Go error text to *err. */
static bool url_unescape(Buf *out, const char *s, size_t n, int mode, Buf *err)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '%') {
            if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
                size_t k = n - i > 3 ? 3 : n - i;
                buf_adds(err, "invalid URL escape ");
                fmt_quote(err, s + i, k);
                return false;
            }
            int v = hexval(s[i + 1]) << 4 | hexval(s[i + 2]);
            bool pct25 = memcmp(s + i, "%25", 3) == 0;
            if ((mode == ENC_HOST && hexval(s[i + 1]) < 8 && !pct25) ||
                (mode == ENC_ZONE && !pct25 && v != ' ' && url_should_escape((unsigned char)v, ENC_HOST))) {
                buf_adds(err, "invalid URL escape ");
                fmt_quote(err, s + i, 3);
                return false;
            }
            buf_addc(out, (char)v);
            i += 2;
        } else {
            if ((mode == ENC_HOST || mode == ENC_ZONE) && ch < 0x80 && url_should_escape(ch, mode)) {
                buf_adds(err, "invalid character ");
                fmt_quote(err, s + i, 1);
                buf_adds(err, " in host name");
                return false;
            }
            buf_addc(out, (char)ch);
        }
    }
    return true;
}

static bool valid_port(const char *p, size_t n)
{
    if (n == 0) return true;
    if (p[0] != ':') return false;
    for (size_t i = 1; i < n; i++)
        if (p[i] < '0' || p[i] > '9') return false;
    return true;
}

static const char *memrchr_c(const char *s, size_t n, char ch)
{
    while (n--)
        if (s[n] == ch) return s + n;
    return NULL;
}

typedef struct Url {
    Buf scheme, opaque, user, host, path, query, fragment;
    bool has_user, has_pass;
    Buf username, password;
} Url;

static void url_free(Url *u)
{
    Buf *all[] = {&u->scheme, &u->opaque, &u->user, &u->host, &u->path,
                  &u->query, &u->fragment, &u->username, &u->password};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) buf_free(all[i]);
}

/* url.parseHost of Go 1.25: a '[' only opens the host, and what the
 * brackets hold must be an IPv6 address (zone after "%25"). */
static bool url_host(Url *u, const char *h, size_t n, Buf *err)
{
    const char *open = memrchr_c(h, n, '[');
    if (open && open > h) { buf_adds(err, "invalid IP-literal"); return false; }
    if (open) {
        const char *rb = memrchr_c(h, n, ']');
        if (!rb) { buf_adds(err, "missing ']' in host"); return false; }
        const char *port = rb + 1;
        size_t pl = (size_t)(h + n - port);
        if (!valid_port(port, pl)) {
            buf_adds(err, "invalid port ");
            fmt_quote(err, port, pl);
            buf_adds(err, " after host");
            return false;
        }
        const char *hn = h + 1;
        size_t hl = (size_t)(rb - hn), zone = hl;
        for (size_t i = 0; i + 2 < hl; i++) if (!memcmp(hn + i, "%25", 3)) { zone = i; break; }
        Buf ad = BUF_INIT;
        bool ok = url_unescape(&ad, hn, zone, ENC_HOST, err) &&
                  (zone == hl || url_unescape(&ad, hn + zone, hl - zone, ENC_ZONE, err));
        if (!ok) { buf_free(&ad); return false; }
        bool is4;
        Buf ae = BUF_INIT;
        if (!netip_parse(&ae, ad.data ? ad.data : "", ad.len, &is4)) {
            buf_adds(err, "invalid host: ");
            buf_add(err, ae.data, ae.len);
            buf_free(&ae);
            buf_free(&ad);
            return false;
        }
        buf_free(&ae);
        if (is4) { buf_free(&ad); buf_adds(err, "invalid IP-literal"); return false; }
        buf_addc(&u->host, '[');
        buf_add(&u->host, ad.data ? ad.data : "", ad.len);
        buf_addc(&u->host, ']');
        buf_add(&u->host, port, pl);
        buf_free(&ad);
        return true;
    }
    const char *colon = memrchr_c(h, n, ':');
    if (colon && !valid_port(colon, (size_t)(h + n - colon))) {
        buf_adds(err, "invalid port ");
        fmt_quote(err, colon, (size_t)(h + n - colon));
        buf_adds(err, " after host");
        return false;
    }
    return url_unescape(&u->host, h, n, ENC_HOST, err);
}

static bool valid_userinfo(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
            continue;
        if (!ch || !strchr("-._:~!$&'()*+,;=%@", ch)) return false;
    }
    return true;
}

static bool url_authority(Url *u, const char *a, size_t n, Buf *err)
{
    const char *at = memrchr_c(a, n, '@');
    const char *h = at ? at + 1 : a;
    if (!url_host(u, h, (size_t)(a + n - h), err)) return false;
    if (!at) return true;
    size_t ul = (size_t)(at - a);
    if (!valid_userinfo(a, ul)) { buf_adds(err, "net/url: invalid userinfo"); return false; }
    const char *colon = memchr(a, ':', ul);
    u->has_user = true;
    if (!colon) return url_unescape(&u->username, a, ul, ENC_USER, err);
    u->has_pass = true;
    return url_unescape(&u->username, a, (size_t)(colon - a), ENC_USER, err) &&
           url_unescape(&u->password, colon + 1, (size_t)(a + ul - colon - 1), ENC_USER, err);
}

/* net/url.Parse without RawPath/ForceQuery bookkeeping (Sprig never
 * shows them).  Returns 0, or 1 when the part before '#' failed (Go's
 * url.Error then quotes only that part), 2 when the fragment failed (the
 * whole string is quoted); the inner error text goes to *err. */
static int url_parse(Url *u, const char *s, size_t n, Buf *err)
{
    const char *hash = memchr(s, '#', n);
    size_t un = hash ? (size_t)(hash - s) : n;
    for (size_t i = 0; i < un; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            buf_adds(err, "net/url: invalid control character in URL");
            return 1;
        }
    if (un == 1 && s[0] == '*') {
        buf_addc(&u->path, '*');
    } else {
        size_t rest = 0;
        for (size_t i = 0; i < un; i++) {
            char ch = s[i];
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) continue;
            if ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.') {
                if (i == 0) break;
                continue;
            }
            if (ch == ':') {
                if (i == 0) { buf_adds(err, "missing protocol scheme"); return 1; }
                for (size_t k = 0; k < i; k++)
                    buf_addc(&u->scheme, (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]));
                rest = i + 1;
            }
            break;
        }
        const char *r = s + rest;
        size_t rn = un - rest;
        const char *q = memchr(r, '?', rn);
        if (q) {
            buf_add(&u->query, q + 1, (size_t)(r + rn - q - 1));
            rn = (size_t)(q - r);
        }
        if (rn == 0 || r[0] != '/') {
            if (u->scheme.len) {
                buf_add(&u->opaque, r, rn);
                goto frag;
            }
            const char *sl = memchr(r, '/', rn);
            size_t seg = sl ? (size_t)(sl - r) : rn;
            if (memchr(r, ':', seg)) {
                buf_adds(err, "first path segment in URL cannot contain colon");
                return 1;
            }
        }
        if ((u->scheme.len || !(rn >= 3 && memcmp(r, "///", 3) == 0)) && rn >= 2 &&
            r[0] == '/' && r[1] == '/') {
            const char *a = r + 2;
            size_t an = rn - 2;
            const char *sl = memchr(a, '/', an);
            size_t al = sl ? (size_t)(sl - a) : an;
            if (!url_authority(u, a, al, err)) return 1;
            r = a + al;
            rn = an - al;
        }
        if (!url_unescape(&u->path, r, rn, ENC_PATH, err)) return 1;
    }
frag:
    if (hash && !url_unescape(&u->fragment, hash + 1, n - un - 1, ENC_FRAGMENT, err)) return 2;
    return 0;
}

/* Go's url.Error text: parse "<url>": <err> */
static void url_error(Buf *m, const char *s, size_t n, int rc, const Buf *err)
{
    const char *hash = memchr(s, '#', n);
    buf_adds(m, "parse ");
    fmt_quote(m, s, rc == 1 && hash ? (size_t)(hash - s) : n);
    buf_adds(m, ": ");
    buf_add(m, err->data, err->len);
}

static Value buf_value(Arena *a, const Buf *b)
{
    return val_strn(a, b->data ? b->data : "", b->len);
}

static void url_userinfo(Buf *b, const Url *u)
{
    url_escape(b, u->username.data, u->username.len, ENC_USER);
    if (u->has_pass) {
        buf_addc(b, ':');
        url_escape(b, u->password.data, u->password.len, ENC_USER);
    }
}

static int fn_urlParse(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *s = argv[0].u.s;
    Url u = {0};
    Buf err = BUF_INIT;
    int rc = url_parse(&u, s->s, s->len, &err);
    if (rc) {
        Buf m = BUF_INIT;
        buf_adds(&m, "unable to parse url: ");
        url_error(&m, s->s, s->len, rc, &err);
        fn_error(c, "%s", m.data);
        buf_free(&m);
        buf_free(&err);
        url_free(&u);
        return -1;
    }
    buf_free(&err);
    Arena *a = fn_arena(c);
    Map *m = map_new(a, 8);
    if (!m) { url_free(&u); return fn_error(c, "out of memory"); }
    map_sets(a, m, "scheme", buf_value(a, &u.scheme));
    map_sets(a, m, "host", buf_value(a, &u.host));
    /* Hostname(): drop a valid :port, then the brackets of an IPv6 literal */
    const char *h = u.host.data ? u.host.data : "";
    size_t hn = u.host.len;
    const char *colon = memrchr_c(h, hn, ':');
    if (colon && valid_port(colon, (size_t)(h + hn - colon))) hn = (size_t)(colon - h);
    if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']') { h++; hn -= 2; }
    map_sets(a, m, "hostname", val_strn(a, h, hn));
    map_sets(a, m, "path", buf_value(a, &u.path));
    map_sets(a, m, "query", buf_value(a, &u.query));
    map_sets(a, m, "opaque", buf_value(a, &u.opaque));
    map_sets(a, m, "fragment", buf_value(a, &u.fragment));
    Buf ui = BUF_INIT;
    buf_reserve(&ui, 1);
    if (u.has_user) url_userinfo(&ui, &u);
    map_sets(a, m, "userinfo", buf_value(a, &ui));
    buf_free(&ui);
    url_free(&u);
    *out = val_map(m);
    return 0;
}

/* Sprig's dictGetOrEmpty: missing -> "", nil -> Go's nil-pointer panic,
 * non-string -> its own panic naming the reflect kind. */
static int url_field(FnCall *c, Map *d, const char *key, const char **s, size_t *n)
{
    Value *v = map_gets(d, key);
    *s = "";
    *n = 0;
    if (!v) return 0;
    if (v->kind == V_NIL)
        return fn_error(c, "runtime error: invalid memory address or nil pointer dereference");
    if (v->kind != V_STR || v->gtype == GT_BYTES)
        return fn_error(c, "unable to parse %s key, must be of type string, but %s found", key,
                        val_kindname(*v));
    *s = v->u.s->s;
    *n = v->u.s->len;
    return 0;
}

static int fn_urlJoin(FnCall *c, int argc, Value *argv, Value *out)
{
    Map *d = argv[0].u.m;
    static const char *keys[] = {"scheme", "host", "path", "query", "opaque", "fragment", "userinfo"};
    const char *f[7];
    size_t fl[7];
    for (int i = 0; i < 7; i++)
        if (url_field(c, d, keys[i], &f[i], &fl[i])) return -1;
    Url u = {0};
    if (fl[6]) {
        Buf tmp = BUF_INIT, err = BUF_INIT;
        buf_adds(&tmp, "proto://");
        buf_add(&tmp, f[6], fl[6]);
        buf_adds(&tmp, "@host");
        int rc = url_parse(&u, tmp.data, tmp.len, &err);
        if (rc) {
            Buf m = BUF_INIT;
            buf_adds(&m, "unable to parse userinfo in dict: ");
            url_error(&m, tmp.data, tmp.len, rc, &err);
            fn_error(c, "%s", m.data);
            buf_free(&m);
            buf_free(&tmp);
            buf_free(&err);
            url_free(&u);
            return -1;
        }
        buf_free(&tmp);
        buf_free(&err);
    }
    /* URL.String() */
    Buf b = BUF_INIT;
    buf_reserve(&b, 1);
    const char *scheme = f[0], *host = f[1], *path = f[2], *query = f[3], *opaque = f[4], *frag = f[5];
    if (fl[0]) { buf_add(&b, scheme, fl[0]); buf_addc(&b, ':'); }
    if (fl[4]) {
        buf_add(&b, opaque, fl[4]);
    } else {
        if (fl[0] || fl[1] || u.has_user) {
            if (fl[1] || fl[2] || u.has_user) buf_adds(&b, "//");
            if (u.has_user) { url_userinfo(&b, &u); buf_addc(&b, '@'); }
            if (fl[1]) url_escape(&b, host, fl[1], ENC_HOST);
        }
        Buf p = BUF_INIT;
        buf_reserve(&p, 1);
        if (fl[2] == 1 && path[0] == '*') buf_addc(&p, '*');
        else url_escape(&p, path, fl[2], ENC_PATH);
        if (p.len && p.data[0] != '/' && fl[1]) buf_addc(&b, '/');
        if (b.len == 0) {
            const char *sl = memchr(p.data, '/', p.len);
            if (memchr(p.data, ':', sl ? (size_t)(sl - p.data) : p.len)) buf_adds(&b, "./");
        }
        buf_add(&b, p.data, p.len);
        buf_free(&p);
    }
    if (fl[3]) { buf_addc(&b, '?'); buf_add(&b, query, fl[3]); }
    if (fl[5]) { buf_addc(&b, '#'); url_escape(&b, frag, fl[5], ENC_FRAGMENT); }
    url_free(&u);
    return ret_buf(c, &b, out);
}

const FnDef fn_encoding_table[] = {
    {"b64enc", fn_b64enc, "s", 0},
    {"b64dec", fn_b64dec, "s", 0},
    {"b32enc", fn_b32enc, "s", 0},
    {"b32dec", fn_b32dec, "s", 0},
    {"sha1sum", fn_sha1sum, "s", 0},
    {"sha256sum", fn_sha256sum, "s", 0},
    {"sha512sum", fn_sha512sum, "s", 0},
    {"adler32sum", fn_adler32sum, "s", 0},
    {"urlParse", fn_urlParse, "s", 0},
    {"urlJoin", fn_urlJoin, "M", 0},
    {"uuidv4", fn_uuidv4, "", FN_IMPURE},
    {"randAlphaNum", fn_randAlphaNum, "i", FN_IMPURE},
    {"randAlpha", fn_randAlpha, "i", FN_IMPURE},
    {"randNumeric", fn_randNumeric, "i", FN_IMPURE},
    {"randAscii", fn_randAscii, "i", FN_IMPURE},
    {"randInt", fn_randInt, "ii", FN_IMPURE},
    {"randBytes", fn_randBytes, "i", FN_IMPURE},
    {"shuffle", fn_shuffle, "s", FN_IMPURE},
};
const size_t fn_encoding_count = sizeof fn_encoding_table / sizeof fn_encoding_table[0];
