/* registry.h - lookup of template functions by name (see registry.c). */
#ifndef CHARTC_REGISTRY_H
#define CHARTC_REGISTRY_H

#include <stdint.h>

#include "func.h"

/* Every module table, in override order (a later group's definition of
 * a name replaces an earlier one, like helm's FuncMap over Sprig's). */
#define FN_GROUPS(X) \
    X(builtin) X(strings) X(lists) X(math) X(regex) X(defaults) \
    X(encoding) X(crypto) X(semver) X(dates) X(yaml) X(json) X(toml) X(helm)

typedef struct FnSlot FnSlot;

typedef struct FnRegistry {
    const FnDef **defs;     /* every function, sorted by name */
    size_t count;
    FnSlot *slots;          /* open-addressing table by name (registry.c) */
    uint32_t mask;          /* its size - 1 */
} FnRegistry;

int fn_registry_init(FnRegistry *r);
/* The same with n more functions after every group, overriding them (the
 * functions helm's --name-template has beyond the chart engine's). */
int fn_registry_init_with(FnRegistry *r, const FnDef *extra, size_t n);
void fn_registry_free(FnRegistry *r);
/* The function called name[0..n), or NULL.  Read-only: safe on many threads. */
const FnDef *fn_lookup(const FnRegistry *r, const char *name, size_t n);

#endif
