/*
 * text.h - small text helpers shared by the chart and sort modules:
 * Go's UTF-8 decoding and Unicode spaces, encoding/json's kind names, and
 * helm's slog text log lines.
 */
#ifndef CHARTC_CHART_TEXT_H
#define CHARTC_CHART_TEXT_H

#include "../value/value.h"

/* utf8.DecodeRune: the rune at s and its length; an invalid or truncated
 * sequence is U+FFFD of length 1 (n must be > 0). */
size_t chart_utf8(const char *s, size_t n, uint32_t *r);

/* unicode.IsSpace */
bool chart_unicode_space(uint32_t r);

/* The JSON kind encoding/json names in "cannot unmarshal <kind> into". */
const char *chart_json_kind(Value v);

/* One slog text line: level=<LEVEL> msg=<msg> k=v ... (values quoted the
 * way slog quotes them), newline-terminated.  kv holds nkv key/value
 * pairs.  logs may be NULL. */
void chart_log(Buf *logs, const char *level, const char *msg, int nkv, const char *const *kv);

#endif
