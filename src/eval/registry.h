/* registry.h - lookup of template functions by name (see registry.c). */
#ifndef CHARTC_REGISTRY_H
#define CHARTC_REGISTRY_H

#include "func.h"

/* Every module table, in override order (a later group's definition of
 * a name replaces an earlier one, like helm's FuncMap over Sprig's). */
#define FN_GROUPS(X) \
    X(builtin) X(strings) X(lists) X(math) X(regex) X(defaults) \
    X(encoding) X(crypto) X(semver) X(dates) X(yaml) X(json) X(toml) X(helm)

typedef struct FnRegistry {
    const FnDef **defs;
    size_t count;
} FnRegistry;

int fn_registry_init(FnRegistry *r);
void fn_registry_free(FnRegistry *r);
const FnDef *fn_lookup(const FnRegistry *r, const char *name, size_t n);

#endif
