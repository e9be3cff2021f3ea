/*
 * semver.h - Masterminds/semver v3 as helm's binary has it (one copy of the
 * module serves Sprig's semver/semverCompare and helm's dependency and
 * kubeVersion checks): NewVersion, Version.Compare, NewConstraint + Check.
 */
#ifndef CHARTC_SEMVER_H
#define CHARTC_SEMVER_H

#include "../util/arena.h"
#include "../util/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct SemVer {
    uint64_t major, minor, patch;
    const char *pre, *meta, *orig;     /* NUL-terminated, arena-owned */
} SemVer;

/* NewVersion(s): false with Go's error text in err */
bool semver_parse(Arena *a, const char *s, size_t n, SemVer *v, char *err, size_t errn);
/* Version.String() */
void semver_string(const SemVer *v, Buf *b);
/* Version.Compare: -1, 0, 1 */
int semver_cmp(const SemVer *v, const SemVer *o);
/* NewConstraint(cs).Check(v): 1 or 0, or -1 with err set on a bad constraint */
int semver_check(Arena *a, const char *cs, size_t cn, const SemVer *v, char *err, size_t errn);

#endif
