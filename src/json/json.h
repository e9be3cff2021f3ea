/*
 * json.h - Go's encoding/json (and helm's TOML library) on chartc values.
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

#endif
