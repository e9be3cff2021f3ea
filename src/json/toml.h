/*
 * toml.h - TOML as helm's library (BurntSushi/toml) writes and reads it.
 */
#ifndef CHARTC_TOML_H
#define CHARTC_TOML_H

#include "../value/value.h"

/* toml.NewEncoder(w).Encode(v).  0 with the document appended to *out;
 * -1 with the encoder's error text in *err (helm's toToml returns it as
 * its result); -2 when Go would panic outside the encoder (nil input:
 * "reflect: call of reflect.Value.Type on zero Value"), which becomes a
 * template error. */
int toml_encode(Buf *out, Value v, Buf *err);

/* toml.Unmarshal into map[string]interface{}: integers int64, floats
 * float64, datetimes time.Time objects, arrays of tables
 * []map[string]interface {}.  0, or -1 with *err set to the ParseError
 * text ("toml: line 1 (last key \"a\"): unexpected EOF; expected value"). */
int toml_decode(Arena *a, const char *text, size_t n, Value *out, Buf *err);

/* One key of a dotted key as BurntSushi writes it: bare when it is all
 * [A-Za-z0-9_-], else a quoted basic string. */
void toml_key_part(Buf *b, const Str *k);

/* TOML date-times as fromToml makes them (go_type "time.Time"). */
extern const ObjType toml_time_type;
/* Their RFC 3339 text: json=true gives time.Time's MarshalJSON form
 * (local ones shown as UTC), false the TOML encoder's (local ones without
 * zone, dates and times alone). */
void toml_time_text(const Obj *o, Buf *b, bool json);

/* Nesting limits (Go has none; a self-containing map would overflow
 * helm's stack).  The decoder recurses on the C stack per array or inline
 * table level (about 200 bytes); the reference reads 3000 levels. */
#define TOML_MAX_DEPTH 3000
#define TOML_MAX_ENCODE_DEPTH 10000

#endif
