/*
 * base64.c - see base64.h.
 */
#include "base64.h"

static const char b64_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void b64_encode(Buf *b, const void *src, size_t n)
{
    const unsigned char *s = src;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
        char q[4] = {b64_alpha[v >> 18], b64_alpha[(v >> 12) & 63],
                     b64_alpha[(v >> 6) & 63], b64_alpha[v & 63]};
        buf_add(b, q, 4);
    }
    if (i < n) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
        char q[4] = {b64_alpha[v >> 18], b64_alpha[(v >> 12) & 63],
                     i + 1 < n ? b64_alpha[(v >> 6) & 63] : '=', '='};
        buf_add(b, q, 4);
    }
}

static int b64_val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* One 4-character quantum of Go's base64 decodeQuantum: newlines are
 * skipped, padding must be complete, trailing garbage after padding is an
 * error at its offset.  Returns the error offset or -1. */
static long b64_quantum(Buf *out, const unsigned char *src, size_t n, size_t *psi, int *done)
{
    size_t si = *psi;
    unsigned char d[4] = {0};
    int dlen = 4;
    long err = -1;
    for (int j = 0; j < 4; j++) {
        if (si == n) {
            if (j == 0) { *done = 1; *psi = si; return -1; }
            *psi = si;
            return (long)(si - (size_t)j);
        }
        unsigned char in = src[si++];
        int v = b64_val(in);
        if (v >= 0) { d[j] = (unsigned char)v; continue; }
        if (in == '\n' || in == '\r') { j--; continue; }
        if (in != '=') { *psi = si; return (long)si - 1; }
        if (j < 2) { *psi = si; return (long)si - 1; }
        if (j == 2) {
            while (si < n && (src[si] == '\n' || src[si] == '\r')) si++;
            if (si == n) { *psi = si; return (long)n; }
            if (src[si] != '=') { *psi = si; return (long)si - 1; }
            si++;
        }
        while (si < n && (src[si] == '\n' || src[si] == '\r')) si++;
        if (si < n) err = (long)si;
        dlen = j;
        break;
    }
    unsigned v = (unsigned)d[0] << 18 | (unsigned)d[1] << 12 | (unsigned)d[2] << 6 | d[3];
    unsigned char o[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
    buf_add(out, o, (size_t)dlen - 1);
    *psi = si;
    if (err >= 0) return err;
    if (dlen < 4) *done = 1;
    return -1;
}

long b64_decode(Buf *out, const void *src, size_t n)
{
    const unsigned char *s = src;
    size_t si = 0;
    int done = 0;
    while (si < n && !done) {
        long e = b64_quantum(out, s, n, &si, &done);
        if (e >= 0) return e;
    }
    return -1;
}
