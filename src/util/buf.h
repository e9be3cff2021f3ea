/*
 * buf.h - growable byte buffer (malloc-backed), the one way chartc builds
 * output text: rendered templates, formatted values, error messages.
 * The contents are always NUL-terminated (b->data[b->len] == 0) once any
 * byte was added, so b->data can be passed to C string functions.
 */
#ifndef CHARTC_BUF_H
#define CHARTC_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct Buf {
    char *data;
    size_t len, cap;
    char *local;    /* BUF_LOCAL's storage: data while it fits, never freed */
} Buf;

#define BUF_INIT {NULL, 0, 0, NULL}
/* A Buf that starts in n bytes of the caller's stack and moves to the
 * heap only when it outgrows them: for the short strings built and
 * copied out on every call of a function.  It must not outlive the
 * frame: never copy it, return it, or buf_steal a value kept elsewhere. */
#define BUF_LOCAL(name, n) \
    char name##_local[n]; \
    name##_local[0] = 0; \
    Buf name = {name##_local, 0, (n), name##_local}

void buf_free(Buf *b);
void buf_grow(Buf *b, size_t extra);   /* room for extra bytes and a NUL */
void buf_adds(Buf *b, const char *s);

/* the hot paths inline: only growing is a call */
static inline void buf_reserve(Buf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap) buf_grow(b, extra);
}
static inline void buf_add(Buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}
static inline void buf_addc(Buf *b, char c)
{
    if (b->len + 2 > b->cap) buf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
char *buf_steal(Buf *b);   /* returns malloc'd NUL-terminated string, resets b */
static inline void buf_clear(Buf *b) { b->len = 0; if (b->data) b->data[0] = 0; }

/* The first occurrence of needle[0..k) in h[0..n), for short fixed
 * needles ("\n---", "<no value>"): memchr to each candidate first byte,
 * several times faster than glibc's memmem there.  At most k*n steps, so
 * only for needles the program fixes, never for user-given ones (memmem
 * is linear for those). */
static inline const char *mem_find_fixed(const char *h, size_t n, const char *needle, size_t k)
{
    if (k == 0) return h;
    const char *end = h + n;
    while ((size_t)(end - h) >= k && (h = memchr(h, needle[0], (size_t)(end - h) - k + 1))) {
        if (memcmp(h + 1, needle + 1, k - 1) == 0) return h;
        h++;
    }
    return NULL;
}

#endif
