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
} StrvalsMode;

/* Parse one --set argument into `into` (editing what is already there, as
 * helm does).  Returns 0, or -1 with *err holding helm's message without
 * the "failed parsing --set data: " prefix. */
int strvals_parse(Arena *a, Map *into, const char *s, StrvalsMode mode, Buf *err);

#endif
