/*
 * sprig_text.h - UTF-8 and Unicode classes as Go's unicode/utf8 and
 * unicode packages define them, for the Sprig string functions.
 *
 * Decoding follows utf8.DecodeRuneInString: an invalid or overlong
 * sequence, a surrogate or a truncated rune decodes as U+FFFD of width 1.
 * Classes are Go's (Unicode 15.0.0 general categories, in text.c); case
 * mapping comes from glibc's C.UTF-8 tables, which agree with Go's simple
 * mappings, through a locale opened on first non-ASCII use (SprigUC, one
 * per call: no global state); ASCII never touches it.
 */
#ifndef CHARTC_SPRIG_TEXT_H
#define CHARTC_SPRIG_TEXT_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

#define SPRIG_RUNE_ERROR 0xFFFD

typedef struct SprigUC {
    locale_t loc;   /* (locale_t)0 until needed */
} SprigUC;

void sprig_uc_close(SprigUC *u);

/* Width (>= 1) of the rune at s[0..n), n > 0; *r gets it or U+FFFD. */
size_t sprig_utf8_decode(const char *s, size_t n, int32_t *r);
/* utf8.EncodeRune: invalid runes become U+FFFD.  Returns bytes written (<= 4). */
size_t sprig_utf8_encode(char *out, int32_t r);
void sprig_buf_rune(Buf *b, int32_t r);

bool sprig_is_space(int32_t r);
bool sprig_is_upper(SprigUC *u, int32_t r);
bool sprig_is_lower(SprigUC *u, int32_t r);
bool sprig_is_title(int32_t r);
bool sprig_is_letter(SprigUC *u, int32_t r);
bool sprig_is_digit(SprigUC *u, int32_t r);
bool sprig_is_number(SprigUC *u, int32_t r);
bool sprig_is_punct(SprigUC *u, int32_t r);
int32_t sprig_to_upper(SprigUC *u, int32_t r);
int32_t sprig_to_lower(SprigUC *u, int32_t r);
int32_t sprig_to_title(SprigUC *u, int32_t r);

#endif
