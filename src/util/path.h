/*
 * path.h - Go's path.Clean and filepath.Abs on '/'-separated paths, the
 * one implementation for loading, locating and naming charts and for
 * Sprig's clean/dir/base functions.
 */
#ifndef CHARTC_PATH_H
#define CHARTC_PATH_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

/* path.Clean of p[0..n), appended to b ("." for an empty result). */
void path_clean(Buf *b, const char *p, size_t n);

/* filepath.Abs: p joined to the working directory when relative, then
 * cleaned (symbolic links kept); into a.  NULL only when out of memory. */
char *path_abs(Arena *a, const char *p);

#endif
