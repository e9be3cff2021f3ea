/*
 * arena.c - see arena.h.  Blocks double in size up to 1 MiB so a render that
 * allocates little touches little memory, and one that allocates much does
 * few allocator calls.
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

/* Allocations are 8-byte aligned: nothing chartc keeps in an arena needs
 * more (no long double, __int128 or vector members), and most requests are
 * small (Str headers, 24-byte map entries, 40-byte maps), so rounding them
 * to 16 cost about 6% of every arena.  Blocks start 16-aligned. */
#define HDR ((sizeof(ArenaBlock) + 15) & ~(size_t)15)
#define ALIGN(n) (((n) + 7) & ~(size_t)7)

void arena_init(Arena *a) { memset(a, 0, sizeof *a); }

static void free_chain(ArenaBlock *b)
{
    while (b) {
        ArenaBlock *n = b->next;
        free(b);
        b = n;
    }
}

void arena_free(Arena *a)
{
    free_chain(a->head);
    free_chain(a->big);
    free_chain(a->spare);
    size_t limit = a->limit;
    arena_init(a);
    a->limit = limit;
}

ArenaMark arena_mark(const Arena *a)
{
    ArenaMark m = {a->head, a->big, a->ptr, a->end, a->used};
    return m;
}

void arena_release(Arena *a, ArenaMark m)
{
    while (a->big != m.big) {
        ArenaBlock *b = a->big;
        a->big = b->next;
        free(b);
    }
    while (a->head != m.head) {
        ArenaBlock *b = a->head;
        a->head = b->next;
        b->next = a->spare;
        a->spare = b;
    }
    a->ptr = m.ptr;
    a->end = m.end;
    a->used = m.used;
    a->last = NULL;
}

static ArenaBlock *new_block(size_t size)
{
    ArenaBlock *b = malloc(HDR + size);
    if (!b) return NULL;
    b->size = size;
    b->next = NULL;
    return b;
}

/* A normal block of at least `size` bytes: a released one when it fits. */
static ArenaBlock *take_block(Arena *a, size_t size)
{
    for (ArenaBlock **pb = &a->spare; *pb; pb = &(*pb)->next) {
        if ((*pb)->size >= size) {
            ArenaBlock *b = *pb;
            *pb = b->next;
            b->next = NULL;
            return b;
        }
    }
    return new_block(size);
}

void *arena_alloc(Arena *a, size_t n)
{
    n = ALIGN(n ? n : 1);
    if (a->limit && a->used + n > a->limit) return NULL;
    if ((size_t)(a->end - a->ptr) < n) {
        if (n > ARENA_BIG) {
            /* its own block, so head's free space survives */
            ArenaBlock *b = new_block(n);
            if (!b) return NULL;
            b->next = a->big;
            a->big = b;
            a->used += n;
            a->last = NULL;
            return (char *)b + HDR;
        }
        /* block + header a power of two, the sizes malloc serves best */
        size_t size = a->head ? (a->head->size + HDR) * 2 - HDR : 4096 - HDR;
        if (size + HDR > (1u << 20)) size = (1u << 20) - HDR;
        if (size < n) size = n;
        ArenaBlock *b = take_block(a, size);
        if (!b) return NULL;
        b->next = a->head;
        a->head = b;
        a->ptr = (char *)b + HDR;
        a->end = a->ptr + b->size;
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
