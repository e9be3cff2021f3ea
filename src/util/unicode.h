/*
 * unicode.h - Go's unicode.IsUpper, IsLower, IsLetter, IsDigit, IsNumber
 * and IsPunct: the general categories Lu, Ll, L, Nd, N and P of Unicode
 * 15.0.0, the version of the Go that built the reference helm (glibc's
 * classes also take in Other_Uppercase/Other_Lowercase, "ⓐ", "Ⅰ", and
 * many marks).  For Sprig's string functions and go-yaml's key order.
 */
#ifndef CHARTC_UNICODE_H
#define CHARTC_UNICODE_H

#include <stdbool.h>
#include <stdint.h>

bool uni_is_upper(uint32_t r);
bool uni_is_lower(uint32_t r);
bool uni_is_letter(uint32_t r);
bool uni_is_digit(uint32_t r);
bool uni_is_number(uint32_t r);
bool uni_is_punct(uint32_t r);

#endif
