/*
 * registry.c - the one table of template functions.
 *
 * Built from every module's table in FN_GROUPS order, a later group's
 * definition of a name replacing an earlier one (helm's FuncMap over
 * Sprig's).  The parser looks up every identifier it reads, so lookups go
 * through an open-addressing hash table sized once at init (at most half
 * full); `defs` keeps the functions sorted by name for listings.
 * Immutable after fn_registry_init(), so renders on many threads share it.
 */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#define GROUP(g) extern const FnDef fn_##g##_table[]; extern const size_t fn_##g##_count;
FN_GROUPS(GROUP)
#undef GROUP

struct FnSlot {
    uint32_t hash, len;
    const FnDef *def;       /* NULL: empty */
};

static uint32_t name_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static FnSlot *find_slot(const FnRegistry *r, const char *name, size_t n, uint32_t h)
{
    for (uint32_t i = h & r->mask;; i = (i + 1) & r->mask) {
        FnSlot *s = &r->slots[i];
        if (!s->def || (s->hash == h && s->len == n && memcmp(s->def->name, name, n) == 0)) return s;
    }
}

static int def_cmp(const void *a, const void *b)
{
    return strcmp((*(const FnDef *const *)a)->name, (*(const FnDef *const *)b)->name);
}

static void add_def(FnRegistry *r, const FnDef *d)
{
    size_t len = strlen(d->name);
    uint32_t h = name_hash(d->name, len);
    FnSlot *s = find_slot(r, d->name, len, h);
    if (!s->def) { s->hash = h; s->len = (uint32_t)len; r->count++; }
    s->def = d;
}

int fn_registry_init(FnRegistry *r) { return fn_registry_init_with(r, NULL, 0); }

int fn_registry_init_with(FnRegistry *r, const FnDef *extra, size_t nextra)
{
    size_t n = nextra;
#define GROUP(g) n += fn_##g##_count;
    FN_GROUPS(GROUP)
#undef GROUP
    uint32_t size = 16;
    while (size < 2 * n) size *= 2;
    memset(r, 0, sizeof *r);
    r->slots = calloc(size, sizeof *r->slots);
    r->defs = malloc((n ? n : 1) * sizeof *r->defs);
    if (!r->slots || !r->defs) { fn_registry_free(r); return -1; }
    r->mask = size - 1;
#define GROUP(g) for (size_t i = 0; i < fn_##g##_count; i++) add_def(r, &fn_##g##_table[i]);
    FN_GROUPS(GROUP)
#undef GROUP
    for (size_t i = 0; i < nextra; i++) add_def(r, &extra[i]);
    size_t k = 0;
    for (uint32_t i = 0; i <= r->mask; i++)
        if (r->slots[i].def) r->defs[k++] = r->slots[i].def;
    qsort(r->defs, r->count, sizeof *r->defs, def_cmp);
    return 0;
}

void fn_registry_free(FnRegistry *r)
{
    free(r->defs);
    free(r->slots);
    r->defs = NULL;
    r->slots = NULL;
    r->count = 0;
    r->mask = 0;
}

const FnDef *fn_lookup(const FnRegistry *r, const char *name, size_t n)
{
    if (!r->slots || n > UINT32_MAX) return NULL;
    return find_slot(r, name, n, name_hash(name, n))->def;
}
