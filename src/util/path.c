/*
 * path.c - see path.h.
 */
#include "path.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

void path_clean(Buf *b, const char *p, size_t n)
{
    if (n == 0) { buf_addc(b, '.'); return; }
    bool rooted = p[0] == '/';
    size_t start = b->len, r = 0, dotdot = 0;
    if (rooted) { buf_addc(b, '/'); r = 1; dotdot = 1; }
    while (r < n) {
        if (p[r] == '/') { r++; continue; }
        if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) { r++; continue; }
        if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == n || p[r + 2] == '/')) {
            r += 2;
            size_t w = b->len - start;
            if (w > dotdot) {
                w--;
                while (w > dotdot && b->data[start + w] != '/') w--;
                b->len = start + w;
            } else if (!rooted) {
                if (w > 0) buf_addc(b, '/');
                buf_adds(b, "..");
                dotdot = b->len - start;
            }
            continue;
        }
        if ((rooted && b->len - start != 1) || (!rooted && b->len - start != 0)) buf_addc(b, '/');
        for (; r < n && p[r] != '/'; r++) buf_addc(b, p[r]);
    }
    if (b->len == start) buf_addc(b, '.');
    if (b->data) b->data[b->len] = 0;
}

char *path_abs(Arena *a, const char *p)
{
    char cwd[PATH_MAX];
    const char *full = p;
    if (p[0] != '/' && getcwd(cwd, sizeof cwd)) full = arena_printf(a, "%s/%s", cwd, p);
    if (!full) return NULL;
    Buf b = BUF_INIT;
    path_clean(&b, full, strlen(full));
    char *out = arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return out;
}
