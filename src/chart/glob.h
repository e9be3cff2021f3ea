/* glob.h - helm's .Files.Glob pattern language: gobwas/glob v0.2.3 with '/'
 * as the separator, its compiled matchers and their quirks (match.c). */
#ifndef CHARTC_GLOB_H
#define CHARTC_GLOB_H

#include <stddef.h>

#include "../util/arena.h"
#include "../util/buf.h"

typedef struct ChartGlob ChartGlob;

/* glob.Compile(pattern, '/'), allocated from a; NULL when gobwas rejects
 * the pattern (helm then globs with "**": every file). */
ChartGlob *chart_glob_compile(Arena *a, const char *pat, size_t n);

/* g.Match(name): 1 or 0; -1 where gobwas panics, with Go's runtime error
 * text in *panic ("runtime error: slice bounds out of range [:2] with
 * length 1"), which helm reports as the Glob call's error. */
int chart_glob_match(const ChartGlob *g, const char *name, size_t n, Buf *panic);

#endif
