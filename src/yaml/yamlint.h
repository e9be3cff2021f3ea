/*
 * yamlint.h - what the YAML reader, writer and template functions share:
 * go-yaml v2's scalar resolution (the reader decodes with it, the writer
 * quotes every string it would resolve to something else) and the UTF-8
 * rules of encoding/json.  Not for other modules.
 */
#ifndef CHARTC_YAMLINT_H
#define CHARTC_YAMLINT_H

#include "../value/value.h"

enum { YR_STR, YR_NULL, YR_BOOL, YR_INT, YR_FLOAT, YR_TIMESTAMP, YR_MERGE };

/* go-yaml v2 resolve("", s): YR_* kind; *num gets the value of numbers
 * and bools (1/0). */
int yaml_resolve_plain(const char *s, size_t n, double *num);
bool yaml_is_timestamp(const char *s, size_t n);
/* go-yaml's base 60 floats ("1:20"), which its encoder quotes */
bool yaml_base60_float(const char *s, size_t n);

size_t yaml_utf8_len(const char *s, size_t n, uint32_t *cp);   /* 0 = invalid */
bool yaml_utf8_valid(const char *s, size_t n);
void yaml_utf8_sanitize(Buf *b, const char *s, size_t n);     /* bad byte -> U+FFFD */

/* An opaque object's text as its MarshalJSON gives it: time.Time in RFC
 * 3339 (nanoseconds), anything else its %v text. */
void yaml_obj_text(Buf *b, Value v);

/* go-yaml's double-quoted text of a string that starts with U+FEFF:
 * every character escaped (its is_bom looks at the scalar's start). */
void yaml_bom_quote(Buf *r, const char *s, size_t n);

/* Sort map entries in go-yaml's key order (letters first, digit runs by
 * value); scratch memory from a.  Returns -1 when out of memory. */
int yaml_sort_entries(MapEntry **v, size_t n, Arena *a);

#endif
