/*
 * schema.h - values.schema.json validation as helm v4 does it.
 *
 * Helm v4.1.4 validates the final values of every chart and subchart with
 * santhosh-tekuri/jsonschema v6 (default dialect 2020-12; $schema of
 * draft-04, -06, -07 and 2019-09 honoured) and prints that library's error
 * tree.  This module reimplements the validator and its message format:
 * numbers in messages go through golang.org/x/text's English printer
 * ("got 70,000, want 65,535", "1×10²¹"), several errors of one schema nest
 * under "validation failed", a lone error is flattened.
 *
 * Everything is allocated from the Arena given; no global state.
 */
#ifndef CHARTC_SCHEMA_H
#define CHARTC_SCHEMA_H

#include "../value/value.h"

/*
 * Validate `values` (Go values as helm holds them: map, list, string,
 * int64, float64, bool, nil) against the schema text of one chart.
 * Returns 0 when valid; 1 when invalid, with helm's lines for that chart
 * appended to *out ("- at '': missing property 'mode'\n" ..., each line
 * ending in '\n'); -1 when the schema is
 * unusable, with the library's message appended to *out and no newline
 * (e.g. "unexpected EOF", "\"file:///values.schema.json#\" is not valid
 * against metaschema: ...").
 */
int schema_validate(Arena *a, const char *schema_json, size_t n, Value values, Buf *out);

/* The same for a document already parsed by schema_json_parse. */
int schema_validate_doc(Arena *a, Value doc, Value values, Buf *out);

/* One chart of the tree helm walks (ValidateAgainstSchema): its name, its
 * values.schema.json text (NULL when it has none) and its dependencies in
 * the order helm holds them, after dependency processing (disabled ones
 * removed).  A dependency is validated against values[<its name>], the
 * name helm holds after processing: the alias when one is set (the
 * reference prints "kid:" for child aliased kid).  Missing or null values
 * skip it (and its own dependencies), a non-map gives helm's "invalid
 * type for values" text. */
typedef struct SchemaChart {
    const char *name;
    const char *schema;
    size_t schema_len;
    const struct SchemaChart *deps;
    size_t ndeps;
} SchemaChart;

/* Validate the whole tree.  0 = all valid; 1 = *msg holds helm's error
 * message (without "Error: "): "values don't meet the specifications of
 * the schema(s) in the following chart(s):\n<chart>:\n- at ...\n" - each
 * chart's lines end in '\n', an unusable schema's message does not (the
 * reference prints "unexpected EOFgrand:" for the next chart); printing
 * "Error: %s\n" gives helm's final empty line. */
int schema_validate_charts(Arena *a, const SchemaChart *root, Value values, Buf *msg);

/* How helm's loaders reach documents a $ref names outside the chart.
 * fetch, for http and https URLs, is a GET as helm's HTTPURLLoader does
 * it (proxy from the environment, redirects followed): 0 with the final
 * status code in *status and the body, or -1 with the transport error
 * ("Get \"URL\": dial tcp: ...").  fetch NULL: such references fail as
 * unreachable.  warn, when not NULL, receives helm's log lines (an
 * unresolved urn: reference is a permissive schema plus a level=WARN
 * line, once per URN). */
typedef int (*SchemaFetchFn)(void *ud, const char *url, int *status, Buf *body, Buf *err);
/* Go's regexp.Compile verdict on a pattern (the "regex" format, which the
 * metaschemas put on "pattern"): 0, or -1 with Go's error text ("error
 * parsing regexp: ...").  NULL: PCRE2 decides, with Go's texts for the
 * common mistakes only. */
typedef int (*SchemaRegexFn)(void *ud, const char *pat, size_t n, Buf *err);
typedef struct SchemaLoader {
    SchemaFetchFn fetch;
    void *ud;
    Buf *warn;
    SchemaRegexFn regex_check;
} SchemaLoader;

/* schema_validate_charts with the loaders (ld may be NULL). */
int schema_validate_charts_ld(Arena *a, const SchemaChart *root, Value values, const SchemaLoader *ld,
                              Buf *msg);

/* ---- lower-level pieces, exposed for tests ---------------------------- */

/* Parse JSON as santhosh-tekuri's UnmarshalJSON does (encoding/json's
 * Decoder with UseNumber): numbers keep their literal text (see
 * schema_number_literal).  0, or -1 with Go's message in *err ("unexpected
 * EOF", "invalid character after top-level value", ...). */
int schema_json_parse(Arena *a, const char *text, size_t n, Value *out, Buf *err);

/* A json.Number from schema_json_parse: its literal text, or NULL when v
 * is not one. */
const Str *schema_number_literal(Value v);

/* Compiled schema; validation of several instances against one schema. */
typedef struct Schema Schema;

/* Compile a parsed schema document whose retrieval URL is `url` (helm:
 * "file:///values.schema.json"): index its resources, check it against
 * its metaschema and resolve every $ref, as the library's Compile does.  `extra`, when not NULL, lists further
 * documents (nextra of them, with their URLs) that $ref may reach, as
 * the test suite's remotes.  NULL with *err set on failure. */
Schema *schema_compile(Arena *a, Value doc, const char *url,
                       const Value *extra, const char *const *extra_urls, size_t nextra,
                       Buf *err);

/* The same with another default dialect (4, 6, 7, 2019 or 2020) for
 * documents without $schema, as the library's Compiler.DefaultDraft. */
Schema *schema_compile_draft(Arena *a, Value doc, const char *url, int draft,
                             const Value *extra, const char *const *extra_urls, size_t nextra,
                             Buf *err);

/* 0 valid, 1 invalid with the library's error text (as Error() prints
 * it, starting "jsonschema validation failed with '<url>#'") in *out. */
int schema_check(Arena *a, Schema *s, Value instance, Buf *out);

/* Release what a Schema holds outside the arena (compiled regexes). */
void schema_free(Schema *s);

#endif
