/*
 * files.c - what the fetcher's files share: reading a file with Go's
 * os error texts ("open P: no such file or directory", "read P: is a
 * directory") and Go's base64.StdEncoding decoding with its error offsets.
 */
#include "fetch_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define FFILE_MAX (512u << 20)

const char *ffile_errno(int e)
{
    switch (e) {
    case ENOENT: return "no such file or directory";
    case EACCES: return "permission denied";
    case ENOTDIR: return "not a directory";
    case EISDIR: return "is a directory";
    default: return strerror(e);
    }
}

int ffile_read(const char *path, Buf *out, Buf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) { buf_printf(err, "open %s: %s", path, ffile_errno(errno)); return -1; }
    char tmp[65536];
    size_t r;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0 && out->len <= FFILE_MAX) buf_add(out, tmp, r);
    bool bad = ferror(f);
    fclose(f);
    if (bad) { buf_printf(err, "read %s: is a directory", path); return -1; }
    return 0;
}

static int b64v(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

long ffile_b64(const char *s, size_t n, Buf *out)
{
    size_t i = 0;
    while (i < n) {
        int v[4] = {0};
        size_t k = 0;
        for (; k < 4; k++) {
            if (i + k >= n) return (long)i;
            if (s[i + k] == '=') break;
            v[k] = b64v(s[i + k]);
            if (v[k] < 0) return (long)(i + k);
        }
        if (k < 4) {
            /* "xx==" or "xxx=" and nothing after */
            if (k < 2) return (long)(i + k);
            if (!(i + 4 == n && (k == 3 || s[i + 3] == '='))) return (long)(i + k + 1);
        }
        buf_addc(out, (char)(v[0] << 2 | v[1] >> 4));
        if (k > 2) buf_addc(out, (char)((v[1] & 15) << 4 | v[2] >> 2));
        if (k > 3) buf_addc(out, (char)((v[2] & 3) << 6 | v[3]));
        i += 4;
    }
    return -1;
}
