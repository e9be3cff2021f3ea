/*
 * registry.c - the one table of template functions.
 *
 * Built from every module's table in helm's precedence (Sprig first, then
 * helm's replacements and additions, text/template builtins last because
 * Go resolves builtins... NOTE: the engine decides the final order) and
 * sorted once so lookups are a binary search.  Immutable after
 * fn_registry_init(), so renders on many threads share it.
 */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#define GROUP(g) extern const FnDef fn_##g##_table[]; extern const size_t fn_##g##_count;
FN_GROUPS(GROUP)
#undef GROUP

static int def_cmp(const void *a, const void *b)
{
    return strcmp((*(const FnDef *const *)a)->name, (*(const FnDef *const *)b)->name);
}

int fn_registry_init(FnRegistry *r)
{
    size_t n = 0;
#define GROUP(g) n += fn_##g##_count;
    FN_GROUPS(GROUP)
#undef GROUP
    r->defs = malloc((n ? n : 1) * sizeof *r->defs);
    if (!r->defs) return -1;
    r->count = 0;
    /* Later groups override earlier ones: keep the last definition. */
#define GROUP(g) for (size_t i = 0; i < fn_##g##_count; i++) r->defs[r->count++] = &fn_##g##_table[i];
    FN_GROUPS(GROUP)
#undef GROUP
    /* stable dedupe: mergesort-free approach, mark earlier duplicates */
    for (size_t i = 0; i < r->count; i++)
        for (size_t j = i + 1; j < r->count; j++)
            if (r->defs[i] && r->defs[j] && strcmp(r->defs[i]->name, r->defs[j]->name) == 0) {
                r->defs[i] = NULL;
                break;
            }
    size_t k = 0;
    for (size_t i = 0; i < r->count; i++)
        if (r->defs[i]) r->defs[k++] = r->defs[i];
    r->count = k;
    qsort(r->defs, r->count, sizeof *r->defs, def_cmp);
    return 0;
}

void fn_registry_free(FnRegistry *r)
{
    free(r->defs);
    r->defs = NULL;
    r->count = 0;
}

const FnDef *fn_lookup(const FnRegistry *r, const char *name, size_t n)
{
    size_t lo = 0, hi = r->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *s = r->defs[mid]->name;
        int c = strncmp(s, name, n);
        if (c == 0 && s[n]) c = 1;
        if (c == 0) return r->defs[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
