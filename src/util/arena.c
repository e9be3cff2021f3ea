/*
 * arena.c - see arena.h.  Blocks double in size up to 1 MiB so a render that
 * allocates little touches little memory, and one that allocates much does
 * few malloc calls.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t size;
    /* data follows, 16-byte aligned */
};

#define HDR ((sizeof(ArenaBlock) + 15) & ~(size_t)15)
#define ALIGN(n) (((n) + 15) & ~(size_t)15)

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *n = b->next;
        free(b);
        b = n;
    }
    size_t limit = a->limit;
    arena_init(a);
    a->limit = limit;
}

static ArenaBlock *new_block(size_t size)
{
    ArenaBlock *b = malloc(HDR + size);
    if (!b) return NULL;
    b->size = size;
    b->next = NULL;
    return b;
}

void *arena_alloc(Arena *a, size_t n)
{
    n = ALIGN(n ? n : 1);
    if (a->limit && a->used + n > a->limit) return NULL;
    if ((size_t)(a->end - a->ptr) < n) {
        if (n > ARENA_BIG) {
            /* Own block, chained behind head so head's free space survives. */
            ArenaBlock *b = new_block(n);
            if (!b) return NULL;
            if (a->head) {
                b->next = a->head->next;
                a->head->next = b;
            } else {
                a->head = b;
                a->ptr = a->end = (char *)b + HDR + n;
            }
            a->used += n;
            a->last = NULL;
            return (char *)b + HDR;
        }
        size_t size = a->head ? a->head->size * 2 : 4096;
        if (size > (1u << 20)) size = 1u << 20;
        if (size < n) size = n;
        ArenaBlock *b = new_block(size);
        if (!b) return NULL;
        b->next = a->head;
        a->head = b;
        a->ptr = (char *)b + HDR;
        a->end = a->ptr + size;
    }
    void *p = a->ptr;
    a->ptr += n;
    a->used += n;
    a->last = p;
    return p;
}

void *arena_zalloc(Arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    if (p) memset(p, 0, n);
    return p;
}

void *arena_realloc(Arena *a, void *p, size_t oldn, size_t newn)
{
    if (!p) return arena_alloc(a, newn);
    if (newn <= oldn) return p;
    if (p == a->last) {
        size_t extra = ALIGN(newn) - ALIGN(oldn ? oldn : 1);
        if ((size_t)(a->end - a->ptr) >= extra &&
            !(a->limit && a->used + extra > a->limit)) {
            a->ptr += extra;
            a->used += extra;
            return p;
        }
    }
    void *q = arena_alloc(a, newn);
    if (q) memcpy(q, p, oldn);
    return q;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (!p) return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
