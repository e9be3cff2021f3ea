/*
 * fuzz_common.h - what the fuzz targets of tests/fuzz/{strvals,meta,
 * ignore,semver,schema,dates,regex} share: the VM's side of the function
 * ABI (the FnCall stand-in of tests/unit/yaml/fnstub.h), so Sprig family
 * files can be called without linking the VM, and a splitter that cuts
 * one fuzz input into several strings.
 *
 * Include it once per target (it defines functions).  Inputs separate
 * their parts with a NUL byte: seeds stay readable in a hex dump and a
 * part can still hold any other byte, newlines included.
 */
#ifndef CHARTC_FUZZ_COMMON_H
#define CHARTC_FUZZ_COMMON_H

#include "../../unit/yaml/fnstub.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One part of an input: NUL-terminated copy from the arena. */
typedef struct FzPart {
    const char *s;
    size_t n;
} FzPart;

/* Cuts data at NUL bytes into at most max parts (the last one takes the
 * rest, NULs included); returns the count (at least 1). */
static inline size_t fz_split(Arena *a, const uint8_t *data, size_t size, FzPart *parts, size_t max)
{
    size_t np = 0, i = 0;
    while (np < max) {
        size_t j = i;
        if (np + 1 < max)
            while (j < size && data[j] != 0) j++;
        else
            j = size;
        parts[np].s = arena_strndup(a, (const char *)data + i, j - i);
        parts[np].n = parts[np].s ? j - i : 0;
        if (!parts[np].s) parts[np].s = "";
        np++;
        if (j >= size) break;
        i = j + 1;
    }
    return np;
}

/* Calls d (bound to recv for methods); errors must carry a message (an
 * empty one would print "error calling NAME: "). */
static inline int fz_apply(Arena *a, const FnDef *d, Value recv, int argc, Value *argv, Value *out)
{
    FnCall c = {a, BUF_INIT, d->name, recv};
    *out = val_nil();
    int r = d->impl(&c, argc, argv, out);
    if (r != 0 && !c.err.len) {
        fprintf(stderr, "%s failed without a message\n", d->name);
        abort();
    }
    buf_free(&c.err);
    return r;
}

/* Calls function NAME of table tab. */
static inline int fz_call(Arena *a, const FnDef *tab, size_t n, const char *name, int argc, Value *argv, Value *out)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tab[i].name, name) == 0) return fz_apply(a, &tab[i], val_nil(), argc, argv, out);
    fprintf(stderr, "no function %s\n", name);
    abort();
}

/* Calls method NAME of object v (niladic unless argc), as {{ v.NAME }}
 * does; 1 when v has no such method. */
static inline int fz_method(Arena *a, Value v, const char *name, int argc, Value *argv, Value *out)
{
    Value m;
    if (v.kind != V_OBJ || !v.u.o->type->get) return 1;
    if (!v.u.o->type->get(a, v.u.o, str_cstr(a, name), &m)) return 1;
    if (m.kind != V_FUNC) {
        *out = m;
        return 0;
    }
    return fz_apply(a, m.u.fn->def, m.u.fn->recv, argc, argv, out);
}

#endif
