/*
 * arena.h - bump allocator for everything that lives as long as a render.
 *
 * A render (one release) owns one Arena; every value, string, list and map
 * created while loading values or executing templates is carved from it and
 * released at once by arena_free().  Nothing allocated here is freed
 * individually, so code that builds values never has to track ownership.
 *
 * Large requests (> ARENA_BIG) get their own block so a huge string does not
 * waste a chunk.  arena_realloc() grows the most recent allocation in place
 * when it can, which makes growing buffers cheap.
 *
 * An Arena may also carry a byte limit (arena->limit) so hostile input
 * (billion laughs, huge repeat) fails cleanly: arena_alloc returns NULL
 * once the limit is exceeded and callers report "out of memory".
 */
#ifndef CHARTC_ARENA_H
#define CHARTC_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;     /* current block; older blocks chained behind it */
    ArenaBlock *big;      /* blocks of one large allocation each */
    ArenaBlock *spare;    /* released blocks kept for reuse */
    char *ptr, *end;      /* free space in head */
    char *last;           /* start of the most recent allocation (for realloc) */
    size_t used;          /* bytes handed out, for limits and statistics */
    size_t limit;         /* 0 = unlimited */
} Arena;

/* A position in an arena.  arena_release() gives back everything allocated
 * after the mark (blocks are kept for reuse), so one render can allocate
 * each template's temporaries and drop them when the template is done. */
typedef struct ArenaMark {
    ArenaBlock *head, *big;
    char *ptr, *end;
    size_t used;
} ArenaMark;

#define ARENA_BIG (16 * 1024)

void arena_init(Arena *a);
void arena_free(Arena *a);
ArenaMark arena_mark(const Arena *a);
void arena_release(Arena *a, ArenaMark m);
void *arena_alloc(Arena *a, size_t n);          /* 8-byte aligned, NOT zeroed */
void *arena_zalloc(Arena *a, size_t n);         /* zeroed */
void *arena_realloc(Arena *a, void *p, size_t oldn, size_t newn);
char *arena_strndup(Arena *a, const char *s, size_t n);  /* NUL-terminated */
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define ARENA_NEW(a, T) ((T *)arena_zalloc((a), sizeof(T)))
#define ARENA_NEWN(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
