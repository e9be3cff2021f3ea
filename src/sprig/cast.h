/*
 * cast.h - Sprig's conversions, shared by every Sprig family.
 *
 * Sprig turns interface{} arguments into numbers with spf13/cast
 * (ToInt64, ToInt, ToFloat64) and ignores the error, so every failure is
 * 0: strings are parsed (ints as strconv.ParseInt(s, 0, 64) after trimming
 * a ".000" suffix, so "0x10" is 16 and "010" is 8; floats with
 * strconv.ParseFloat), bools are 1/0, nil and any other type are 0.
 * Floats convert to integers as Go's int64(f) does on amd64: truncation,
 * and -9223372036854775808 when out of range or NaN (helm shows
 * `int64 1e300` as -9223372036854775808).
 *
 * cast_strval is Sprig's strval (toString, join, quote, dict keys...):
 * strings and []byte as they are, everything else as fmt's %v.
 */
#ifndef CHARTC_SPRIG_CAST_H
#define CHARTC_SPRIG_CAST_H

#include "../value/value.h"

int64_t cast_to_int64(Value v);
double cast_to_float64(Value v);
/* Go's int64(f) conversion on amd64. */
int64_t cast_float_to_int64(double f);

/* strconv.ParseInt(s, base, 64) / ParseFloat(s, 64); 0 on success,
 * -1 syntax error, -2 out of range (*out then holds Go's clamped value). */
int cast_parse_int(const char *s, size_t n, int base, int64_t *out);
int cast_parse_float(const char *s, size_t n, double *out);

/* Sprig's strval: appends the text of v to b. */
void cast_strval(Buf *b, Value v);
/* The same as a new arena string. */
Str *cast_strval_str(Arena *a, Value v);


/* Sprig's empty(): nil, zero numbers, false, and empty strings, lists
 * and maps; structs and other objects are never empty. */
bool cast_empty(Value v);

/* The reflect Kind name Sprig prints in "Cannot ... on type %s". */
const char *cast_kind(Value v);

#define CAST_NIL_PANIC "runtime error: invalid memory address or nil pointer dereference"

#endif
