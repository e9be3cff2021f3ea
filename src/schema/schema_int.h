/*
 * schema_int.h - shared between the files of src/schema (not public).
 */
#ifndef CHARTC_SCHEMA_INT_H
#define CHARTC_SCHEMA_INT_H

#include "schema.h"

/* A json.Number: what encoding/json's UseNumber keeps. */
typedef struct SNumber {
    Str *lit;
    double f;
} SNumber;

extern const ObjType schema_number_type;

/* Exact decimal: value = (neg ? -1 : 1) * dig * 10^exp, dig without
 * leading or trailing zeros (nd == 0 means zero).  big.Rat stands behind
 * every numeric keyword in the Go library, so comparisons and multipleOf
 * must be exact on the decimal text, never on doubles. */
typedef struct Dec {
    bool neg;
    int nd;
    long exp;
    const char *dig;
} Dec;

/* The decimal of a number value (V_INT, V_FLOAT, json.Number) as
 * fmt.Sprint prints it and big.Rat reads it; false when v is not a number
 * or its text is not a number (NaN, Inf). */
bool sdec_of(Arena *a, Value v, Dec *d);
bool sdec_parse(Arena *a, const char *s, size_t n, Dec *d);
int sdec_cmp(const Dec *x, const Dec *y);
bool sdec_is_int(const Dec *d);
bool sdec_multiple(const Dec *x, const Dec *by);   /* x / by is an integer */
double sdec_float(const Dec *d);
/* The int a Go int conversion gives for minLength etc.; false when not an
 * integer. */
bool sdec_int(const Dec *d, long long *out);

/* x/text/message's English printer: %v of a float64 and %d of an int. */
void sfmt_float(Buf *b, double f);
void sfmt_int(Buf *b, long long i);
/* kind.quote: Go %q with \" unescaped and ' escaped, in single quotes. */
void sfmt_quote(Buf *b, const char *s, size_t n);

/* The official metaschemas by canonical URL (no fragment), NULL-ended;
 * generated into metaschemas.c by gen-metaschemas.py. */
typedef struct SchemaMeta { const char *url; const char *json; } SchemaMeta;
extern const SchemaMeta schema_metaschemas[];

/* format keyword: NULL when s is valid for format `name` (or the format
 * is unknown), else the Go error text. */
const char *sformat_check(Arena *a, const char *name, Value v);
/* The same with Go's regexp verdict for "regex" (rx NULL: as above). */
const char *sformat_check_rx(Arena *a, const char *name, Value v,
                             int (*rx)(void *ud, const char *pat, size_t n, Buf *err), void *ud);

#endif
