/*
 * json.h - Go's encoding/json on chartc values (helm's TOML library is in
 * toml.h).  Values are read from / written to the caller's arena and Bufs;
 * nothing here keeps state between calls.
 *
 * Owner: the data-format work (issue 3).
 */
#ifndef CHARTC_JSON_H
#define CHARTC_JSON_H

#include "../value/value.h"

#define JSON_ESCAPE_HTML 0x1   /* <, >, & as \u003c ... (json.Marshal default) */
#define JSON_INDENT      0x2   /* json.MarshalIndent(v, "", "  ") as toPrettyJson */

/* json.Marshal: sorted keys, Go's float format.  0, or -1 with *err. */
int json_encode(Buf *out, Value v, int flags, Buf *err);

/* json.Unmarshal into interface{}: numbers float64.  0, or -1 with *err set
 * to Go's message (e.g. "invalid character 'b' looking for beginning of
 * object key string"). */
int json_decode(Arena *a, const char *text, size_t n, Value *out, Buf *err);

/* json.Unmarshal into a typed target, as helm's fromJson (map) and
 * fromJsonArray (list) call it.  On -1, *out is what Go leaves in the
 * target: nil after a syntax or top-level type error, else the partially
 * decoded map/list (a number out of float64 range decodes as nil and the
 * error is "json: cannot unmarshal number 1e400 into Go value of type
 * float64").  JSON null gives 0 with *out nil (Go's nil map / slice). */
#define JSON_INTO_ANY  0
#define JSON_INTO_MAP  1   /* map[string]interface {} */
#define JSON_INTO_LIST 2   /* []interface {} */
int json_unmarshal(Arena *a, const char *text, size_t n, int into, Value *out, Buf *err);

/* Go's JSON string literal of s (encodeState.string): invalid UTF-8 as
 * \ufffd, U+2028/U+2029 escaped, <>& escaped when html. */
void json_quote(Buf *b, const char *s, size_t n, bool html);

/* utf8.DecodeRune: the rune and its length in *len, or -1 with *len 1
 * for an invalid, overlong, surrogate or truncated sequence (n >= 1). */
int32_t json_utf8_decode(const char *s, size_t n, size_t *len);
void json_utf8_put(Buf *b, uint32_t r);

/* What an opaque object (V_OBJ) marshals as, from `a`: time.Time as its
 * RFC 3339 string (*is_time set), a slice type as its list of strings, a
 * known struct type as a MAP_STRUCT map of its fields, anything else as
 * its %v string. */
Value json_obj_value(Arena *a, Value v, bool *is_time);

/* A map's entries in the order Go's encoders visit them: sorted keys, or
 * field order for a struct (MAP_STRUCT), as fmt prints them. */
MapEntry **json_map_order(const Map *m, Arena *a);

/* RFC 3339 (nanosecond) text of a time.Time from its Go %v text; false
 * when the text is not in that form. */
bool json_time_rfc3339(const char *s, size_t n, Buf *out);

/* Nesting limit of the encoder (Go has none; a cycle is reported as Go
 * does, deeper acyclic values fail with "json: exceeded max depth"). */
#define JSON_MAX_ENCODE_DEPTH 10000
/* Go's scanner limit (maxNestingDepth). */
#define JSON_MAX_DEPTH 10000

#endif
