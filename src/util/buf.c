/* buf.c - see buf.h.  Allocation failure aborts: output buffers are the one
 * place where there is no sensible way to continue. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_free(Buf *b)
{
    if (b->data != b->local) free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* b's bytes into a heap block of cap bytes (out of BUF_LOCAL's storage,
 * or realloc'd) */
static void move_to(Buf *b, size_t cap)
{
    char *p;
    if (b->data && b->data == b->local) {
        if ((p = malloc(cap))) memcpy(p, b->data, b->len + 1);
    } else {
        p = realloc(b->data, cap);
    }
    if (!p) {
        fputs("chartc: out of memory\n", stderr);
        abort();
    }
    b->data = p;
    b->cap = cap;
}

void buf_grow(Buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    move_to(b, cap);
}

void buf_adds(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    /* one pass when the text fits in the room left, two otherwise */
    va_list ap2;
    va_copy(ap2, ap);
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n <= 0) { if (b->data) b->data[b->len] = 0; return; }
    if ((size_t)n >= room) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *buf_steal(Buf *b)
{
    if (!b->data) buf_reserve(b, 0), b->data[0] = 0;
    if (b->data == b->local) move_to(b, b->len + 1);
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
