/*
 * strvals.h - helm's --set grammar (pkg/strvals): parse "a.b=1,c[0]=x"
 * into a values map, with helm's typing and error messages.
 * Owner: the chart work (issue 5).
 */
#ifndef CHARTC_STRVALS_H
#define CHARTC_STRVALS_H

#include "../value/value.h"

typedef enum StrvalsMode {
    STRVALS_TYPED,    /* --set: true/false/null, int64 inference */
    STRVALS_STRING,   /* --set-string: every value a string */
    STRVALS_JSON,     /* --set-json */
    STRVALS_LITERAL,  /* --set-literal */
    STRVALS_FILE,     /* --set-file: only through strvals_parse_file */
} StrvalsMode;

/* Parse one --set argument into `into` (editing what is already there, as
 * helm does).  Returns 0, or -1 with *err holding helm's message without
 * the "failed parsing --set data: " prefix (the prefix names the flag:
 * --set-string, --set-literal ...).  STRVALS_JSON is the exception: helm
 * drops the detail, so *err is the whole message, e.g.
 * "failed parsing --set-json data a={bad" or
 * "failed parsing --set-json data JSON: {bad". */
int strvals_parse(Arena *a, Map *into, const char *s, StrvalsMode mode, Buf *err);

/* --set-file: the reader turns each value (a path, possibly inside {a,b})
 * into the value to store, normally the file's text as a string; it
 * returns 0, or -1 with *err set to e.g. "open /x: no such file or
 * directory".  The caller adds "failed parsing --set-file data: ". */
typedef int (*StrvalsReadFn)(void *ctx, Arena *a, const char *path, size_t n, Value *out, Buf *err);
int strvals_parse_file(Arena *a, Map *into, const char *s, StrvalsReadFn reader, void *ctx, Buf *err);

#endif
