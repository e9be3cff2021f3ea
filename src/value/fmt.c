/*
 * fmt.c - Go's fmt and strconv formatting, reproduced byte for byte.
 *
 * Three layers, bottom up:
 *  - strconv: FormatFloat in every format with shortest (-1) or fixed
 *    precision, Quote/QuoteRune with Go's IsPrint (Unicode 15.0 tables, the
 *    version Go 1.25 ships: helm prints "\U0001fae9" but "໎" U+0ECE raw),
 *    and UTF-8 decoding with Go's rule that every bad byte is one U+FFFD.
 *  - fmt's formatter: padding (counted in runes), integers in any base,
 *    %U, %c, %q, hex of strings, floats with the '#', '+', ' ' and '0' flags.
 *  - fmt's printer: printArg/printValue over chartc values, the
 *    %!verb(type=value) error forms and doPrintf's format-string parser.
 *
 * Float digits: Go's shortest form is the shortest decimal inside the
 * value's rounding interval, the closest one if there are two.  Numbers
 * with up to ~15 digits (what YAML files hold) are settled with exact IEEE
 * arithmetic on scaled integers (shortest_scaled); the rest take glibc's
 * printf %e, which is exact and rounds half to even as Go's decimal and
 * Ryu code do, with strtod/strtof deciding which length round-trips.
 * Fixed precisions use printf's digits directly.
 * Go's formatDigits rules are applied on top: %v and 'g' with precision -1
 * switch to exponent form when the exponent is < -4 or >= 6 (eprec 6 for
 * shortest), so {{ 1000000.0 }} prints 1e+06 and 123456.5 stays plain.
 *
 * Printing never fails: nesting deeper than FMT_MAX_DEPTH or output beyond
 * FMT_MAX_OUT (a map that contains itself) is cut short, where Go would
 * overflow its stack.
 */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FMT_MAX_DEPTH 10000
#define FMT_MAX_OUT ((size_t)256 << 20)
#define FMT_MAX_PREC (1 << 24)   /* fmt caps at 1e6; guards direct callers */
#define RUNE_ERROR 0xFFFD
#define MAX_RUNE 0x10FFFF

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

/* ---- UTF-8, as Go's unicode/utf8 ------------------------------------- */

/* DecodeRune: an invalid or truncated sequence yields (U+FFFD, 1). */
static int utf8_dec(const unsigned char *s, size_t n, int32_t *r)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    int need;
    int32_t v;
    if (c < 0x80) {
        *r = (int32_t)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;
    } else {
        goto bad;
    }
    if (n < (size_t)need + 1 || s[1] < lo || s[1] > hi) goto bad;
    v = (v << 6) | (s[1] & 0x3F);
    for (int i = 2; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) goto bad;
        v = (v << 6) | (s[i] & 0x3F);
    }
    *r = v;
    return need + 1;
bad:
    *r = RUNE_ERROR;
    return 1;
}

static bool valid_rune(int32_t r)
{
    return r >= 0 && r <= MAX_RUNE && !(r >= 0xD800 && r <= 0xDFFF);
}

/* EncodeRune: invalid runes become U+FFFD.  out needs 4 bytes. */
static int utf8_enc(char *out, int32_t r)
{
    unsigned char *o = (unsigned char *)out;
    if (!valid_rune(r)) r = RUNE_ERROR;
    if (r < 0x80) {
        o[0] = (unsigned char)r;
        return 1;
    }
    if (r < 0x800) {
        o[0] = (unsigned char)(0xC0 | (r >> 6));
        o[1] = (unsigned char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (r >> 12));
        o[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (r & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (r >> 18));
    o[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (r & 0x3F));
    return 4;
}

static size_t utf8_count(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        int32_t r;
        i += u[i] < 0x80 ? 1 : (size_t)utf8_dec(u + i, n - i, &r);
    }
    return count;
}

/* ---- strconv.IsPrint --------------------------------------------------
 * Go's tables (strconv/isprint.go, generated from Unicode 15.0): ranges of
 * printable runes as (lo, hi) pairs, minus single exceptions.  notprint32
 * entries are offsets from 0x10000 and only apply below 0x20000. */
static const uint32_t print16[] = {
    0x0020, 0x007e, 0x00a1, 0x0377, 0x037a, 0x037f, 0x0384, 0x0556,
    0x0559, 0x058a, 0x058d, 0x05c7, 0x05d0, 0x05ea, 0x05ef, 0x05f4,
    0x0606, 0x070d, 0x0710, 0x074a, 0x074d, 0x07b1, 0x07c0, 0x07fa,
    0x07fd, 0x082d, 0x0830, 0x085b, 0x085e, 0x086a, 0x0870, 0x088e,
    0x0898, 0x098c, 0x098f, 0x0990, 0x0993, 0x09b2, 0x09b6, 0x09b9,
    0x09bc, 0x09c4, 0x09c7, 0x09c8, 0x09cb, 0x09ce, 0x09d7, 0x09d7,
    0x09dc, 0x09e3, 0x09e6, 0x09fe, 0x0a01, 0x0a0a, 0x0a0f, 0x0a10,
    0x0a13, 0x0a39, 0x0a3c, 0x0a42, 0x0a47, 0x0a48, 0x0a4b, 0x0a4d,
    0x0a51, 0x0a51, 0x0a59, 0x0a5e, 0x0a66, 0x0a76, 0x0a81, 0x0ab9,
    0x0abc, 0x0acd, 0x0ad0, 0x0ad0, 0x0ae0, 0x0ae3, 0x0ae6, 0x0af1,
    0x0af9, 0x0b0c, 0x0b0f, 0x0b10, 0x0b13, 0x0b39, 0x0b3c, 0x0b44,
    0x0b47, 0x0b48, 0x0b4b, 0x0b4d, 0x0b55, 0x0b57, 0x0b5c, 0x0b63,
    0x0b66, 0x0b77, 0x0b82, 0x0b8a, 0x0b8e, 0x0b95, 0x0b99, 0x0b9f,
    0x0ba3, 0x0ba4, 0x0ba8, 0x0baa, 0x0bae, 0x0bb9, 0x0bbe, 0x0bc2,
    0x0bc6, 0x0bcd, 0x0bd0, 0x0bd0, 0x0bd7, 0x0bd7, 0x0be6, 0x0bfa,
    0x0c00, 0x0c39, 0x0c3c, 0x0c4d, 0x0c55, 0x0c5a, 0x0c5d, 0x0c5d,
    0x0c60, 0x0c63, 0x0c66, 0x0c6f, 0x0c77, 0x0cb9, 0x0cbc, 0x0ccd,
    0x0cd5, 0x0cd6, 0x0cdd, 0x0ce3, 0x0ce6, 0x0cf3, 0x0d00, 0x0d4f,
    0x0d54, 0x0d63, 0x0d66, 0x0d96, 0x0d9a, 0x0dbd, 0x0dc0, 0x0dc6,
    0x0dca, 0x0dca, 0x0dcf, 0x0ddf, 0x0de6, 0x0def, 0x0df2, 0x0df4,
    0x0e01, 0x0e3a, 0x0e3f, 0x0e5b, 0x0e81, 0x0ebd, 0x0ec0, 0x0ed9,
    0x0edc, 0x0edf, 0x0f00, 0x0f6c, 0x0f71, 0x0fda, 0x1000, 0x10c7,
    0x10cd, 0x10cd, 0x10d0, 0x124d, 0x1250, 0x125d, 0x1260, 0x128d,
    0x1290, 0x12b5, 0x12b8, 0x12c5, 0x12c8, 0x1315, 0x1318, 0x135a,
    0x135d, 0x137c, 0x1380, 0x1399, 0x13a0, 0x13f5, 0x13f8, 0x13fd,
    0x1400, 0x169c, 0x16a0, 0x16f8, 0x1700, 0x1715, 0x171f, 0x1736,
    0x1740, 0x1753, 0x1760, 0x1773, 0x1780, 0x17dd, 0x17e0, 0x17e9,
    0x17f0, 0x17f9, 0x1800, 0x1819, 0x1820, 0x1878, 0x1880, 0x18aa,
    0x18b0, 0x18f5, 0x1900, 0x192b, 0x1930, 0x193b, 0x1940, 0x1940,
    0x1944, 0x196d, 0x1970, 0x1974, 0x1980, 0x19ab, 0x19b0, 0x19c9,
    0x19d0, 0x19da, 0x19de, 0x1a1b, 0x1a1e, 0x1a7c, 0x1a7f, 0x1a89,
    0x1a90, 0x1a99, 0x1aa0, 0x1aad, 0x1ab0, 0x1ace, 0x1b00, 0x1b4c,
    0x1b50, 0x1bf3, 0x1bfc, 0x1c37, 0x1c3b, 0x1c49, 0x1c4d, 0x1c88,
    0x1c90, 0x1cba, 0x1cbd, 0x1cc7, 0x1cd0, 0x1cfa, 0x1d00, 0x1f15,
    0x1f18, 0x1f1d, 0x1f20, 0x1f45, 0x1f48, 0x1f4d, 0x1f50, 0x1f7d,
    0x1f80, 0x1fd3, 0x1fd6, 0x1fef, 0x1ff2, 0x1ffe, 0x2010, 0x2027,
    0x2030, 0x205e, 0x2070, 0x2071, 0x2074, 0x209c, 0x20a0, 0x20c0,
    0x20d0, 0x20f0, 0x2100, 0x218b, 0x2190, 0x2426, 0x2440, 0x244a,
    0x2460, 0x2b73, 0x2b76, 0x2cf3, 0x2cf9, 0x2d27, 0x2d2d, 0x2d2d,
    0x2d30, 0x2d67, 0x2d6f, 0x2d70, 0x2d7f, 0x2d96, 0x2da0, 0x2e5d,
    0x2e80, 0x2ef3, 0x2f00, 0x2fd5, 0x2ff0, 0x2ffb, 0x3001, 0x3096,
    0x3099, 0x30ff, 0x3105, 0x31e3, 0x31f0, 0xa48c, 0xa490, 0xa4c6,
    0xa4d0, 0xa62b, 0xa640, 0xa6f7, 0xa700, 0xa7ca, 0xa7d0, 0xa7d9,
    0xa7f2, 0xa82c, 0xa830, 0xa839, 0xa840, 0xa877, 0xa880, 0xa8c5,
    0xa8ce, 0xa8d9, 0xa8e0, 0xa953, 0xa95f, 0xa97c, 0xa980, 0xa9d9,
    0xa9de, 0xaa36, 0xaa40, 0xaa4d, 0xaa50, 0xaa59, 0xaa5c, 0xaac2,
    0xaadb, 0xaaf6, 0xab01, 0xab06, 0xab09, 0xab0e, 0xab11, 0xab16,
    0xab20, 0xab6b, 0xab70, 0xabed, 0xabf0, 0xabf9, 0xac00, 0xd7a3,
    0xd7b0, 0xd7c6, 0xd7cb, 0xd7fb, 0xf900, 0xfa6d, 0xfa70, 0xfad9,
    0xfb00, 0xfb06, 0xfb13, 0xfb17, 0xfb1d, 0xfbc2, 0xfbd3, 0xfd8f,
    0xfd92, 0xfdc7, 0xfdcf, 0xfdcf, 0xfdf0, 0xfe19, 0xfe20, 0xfe6b,
    0xfe70, 0xfefc, 0xff01, 0xffbe, 0xffc2, 0xffc7, 0xffca, 0xffcf,
    0xffd2, 0xffd7, 0xffda, 0xffdc, 0xffe0, 0xffee, 0xfffc, 0xfffd,
};
static const uint16_t notprint16[] = {
    0x00ad, 0x038b, 0x038d, 0x03a2, 0x0530, 0x0590, 0x061c, 0x06dd, 0x083f, 0x085f,
    0x08e2, 0x0984, 0x09a9, 0x09b1, 0x09de, 0x0a04, 0x0a29, 0x0a31, 0x0a34, 0x0a37,
    0x0a3d, 0x0a5d, 0x0a84, 0x0a8e, 0x0a92, 0x0aa9, 0x0ab1, 0x0ab4, 0x0ac6, 0x0aca,
    0x0b00, 0x0b04, 0x0b29, 0x0b31, 0x0b34, 0x0b5e, 0x0b84, 0x0b91, 0x0b9b, 0x0b9d,
    0x0bc9, 0x0c0d, 0x0c11, 0x0c29, 0x0c45, 0x0c49, 0x0c57, 0x0c8d, 0x0c91, 0x0ca9,
    0x0cb4, 0x0cc5, 0x0cc9, 0x0cdf, 0x0cf0, 0x0d0d, 0x0d11, 0x0d45, 0x0d49, 0x0d80,
    0x0d84, 0x0db2, 0x0dbc, 0x0dd5, 0x0dd7, 0x0e83, 0x0e85, 0x0e8b, 0x0ea4, 0x0ea6,
    0x0ec5, 0x0ec7, 0x0ecf, 0x0f48, 0x0f98, 0x0fbd, 0x0fcd, 0x10c6, 0x1249, 0x1257,
    0x1259, 0x1289, 0x12b1, 0x12bf, 0x12c1, 0x12d7, 0x1311, 0x1680, 0x176d, 0x1771,
    0x180e, 0x191f, 0x1a5f, 0x1b7f, 0x1f58, 0x1f5a, 0x1f5c, 0x1f5e, 0x1fb5, 0x1fc5,
    0x1fdc, 0x1ff5, 0x208f, 0x2b96, 0x2d26, 0x2da7, 0x2daf, 0x2db7, 0x2dbf, 0x2dc7,
    0x2dcf, 0x2dd7, 0x2ddf, 0x2e9a, 0x3040, 0x3130, 0x318f, 0x321f, 0xa7d2, 0xa7d4,
    0xa9ce, 0xa9ff, 0xab27, 0xab2f, 0xfb37, 0xfb3d, 0xfb3f, 0xfb42, 0xfb45, 0xfe53,
    0xfe67, 0xfe75, 0xffe7,
};
static const uint32_t print32[] = {
    0x010000, 0x01004d, 0x010050, 0x01005d, 0x010080, 0x0100fa, 0x010100, 0x010102,
    0x010107, 0x010133, 0x010137, 0x01019c, 0x0101a0, 0x0101a0, 0x0101d0, 0x0101fd,
    0x010280, 0x01029c, 0x0102a0, 0x0102d0, 0x0102e0, 0x0102fb, 0x010300, 0x010323,
    0x01032d, 0x01034a, 0x010350, 0x01037a, 0x010380, 0x0103c3, 0x0103c8, 0x0103d5,
    0x010400, 0x01049d, 0x0104a0, 0x0104a9, 0x0104b0, 0x0104d3, 0x0104d8, 0x0104fb,
    0x010500, 0x010527, 0x010530, 0x010563, 0x01056f, 0x0105bc, 0x010600, 0x010736,
    0x010740, 0x010755, 0x010760, 0x010767, 0x010780, 0x0107ba, 0x010800, 0x010805,
    0x010808, 0x010838, 0x01083c, 0x01083c, 0x01083f, 0x01089e, 0x0108a7, 0x0108af,
    0x0108e0, 0x0108f5, 0x0108fb, 0x01091b, 0x01091f, 0x010939, 0x01093f, 0x01093f,
    0x010980, 0x0109b7, 0x0109bc, 0x0109cf, 0x0109d2, 0x010a06, 0x010a0c, 0x010a35,
    0x010a38, 0x010a3a, 0x010a3f, 0x010a48, 0x010a50, 0x010a58, 0x010a60, 0x010a9f,
    0x010ac0, 0x010ae6, 0x010aeb, 0x010af6, 0x010b00, 0x010b35, 0x010b39, 0x010b55,
    0x010b58, 0x010b72, 0x010b78, 0x010b91, 0x010b99, 0x010b9c, 0x010ba9, 0x010baf,
    0x010c00, 0x010c48, 0x010c80, 0x010cb2, 0x010cc0, 0x010cf2, 0x010cfa, 0x010d27,
    0x010d30, 0x010d39, 0x010e60, 0x010ead, 0x010eb0, 0x010eb1, 0x010efd, 0x010f27,
    0x010f30, 0x010f59, 0x010f70, 0x010f89, 0x010fb0, 0x010fcb, 0x010fe0, 0x010ff6,
    0x011000, 0x01104d, 0x011052, 0x011075, 0x01107f, 0x0110c2, 0x0110d0, 0x0110e8,
    0x0110f0, 0x0110f9, 0x011100, 0x011147, 0x011150, 0x011176, 0x011180, 0x0111f4,
    0x011200, 0x011241, 0x011280, 0x0112a9, 0x0112b0, 0x0112ea, 0x0112f0, 0x0112f9,
    0x011300, 0x01130c, 0x01130f, 0x011310, 0x011313, 0x011344, 0x011347, 0x011348,
    0x01134b, 0x01134d, 0x011350, 0x011350, 0x011357, 0x011357, 0x01135d, 0x011363,
    0x011366, 0x01136c, 0x011370, 0x011374, 0x011400, 0x011461, 0x011480, 0x0114c7,
    0x0114d0, 0x0114d9, 0x011580, 0x0115b5, 0x0115b8, 0x0115dd, 0x011600, 0x011644,
    0x011650, 0x011659, 0x011660, 0x01166c, 0x011680, 0x0116b9, 0x0116c0, 0x0116c9,
    0x011700, 0x01171a, 0x01171d, 0x01172b, 0x011730, 0x011746, 0x011800, 0x01183b,
    0x0118a0, 0x0118f2, 0x0118ff, 0x011906, 0x011909, 0x011909, 0x01190c, 0x011938,
    0x01193b, 0x011946, 0x011950, 0x011959, 0x0119a0, 0x0119a7, 0x0119aa, 0x0119d7,
    0x0119da, 0x0119e4, 0x011a00, 0x011a47, 0x011a50, 0x011aa2, 0x011ab0, 0x011af8,
    0x011b00, 0x011b09, 0x011c00, 0x011c45, 0x011c50, 0x011c6c, 0x011c70, 0x011c8f,
    0x011c92, 0x011cb6, 0x011d00, 0x011d36, 0x011d3a, 0x011d47, 0x011d50, 0x011d59,
    0x011d60, 0x011d98, 0x011da0, 0x011da9, 0x011ee0, 0x011ef8, 0x011f00, 0x011f3a,
    0x011f3e, 0x011f59, 0x011fb0, 0x011fb0, 0x011fc0, 0x011ff1, 0x011fff, 0x012399,
    0x012400, 0x012474, 0x012480, 0x012543, 0x012f90, 0x012ff2, 0x013000, 0x01342f,
    0x013440, 0x013455, 0x014400, 0x014646, 0x016800, 0x016a38, 0x016a40, 0x016a69,
    0x016a6e, 0x016ac9, 0x016ad0, 0x016aed, 0x016af0, 0x016af5, 0x016b00, 0x016b45,
    0x016b50, 0x016b77, 0x016b7d, 0x016b8f, 0x016e40, 0x016e9a, 0x016f00, 0x016f4a,
    0x016f4f, 0x016f87, 0x016f8f, 0x016f9f, 0x016fe0, 0x016fe4, 0x016ff0, 0x016ff1,
    0x017000, 0x0187f7, 0x018800, 0x018cd5, 0x018d00, 0x018d08, 0x01aff0, 0x01b122,
    0x01b132, 0x01b132, 0x01b150, 0x01b152, 0x01b155, 0x01b155, 0x01b164, 0x01b167,
    0x01b170, 0x01b2fb, 0x01bc00, 0x01bc6a, 0x01bc70, 0x01bc7c, 0x01bc80, 0x01bc88,
    0x01bc90, 0x01bc99, 0x01bc9c, 0x01bc9f, 0x01cf00, 0x01cf2d, 0x01cf30, 0x01cf46,
    0x01cf50, 0x01cfc3, 0x01d000, 0x01d0f5, 0x01d100, 0x01d126, 0x01d129, 0x01d172,
    0x01d17b, 0x01d1ea, 0x01d200, 0x01d245, 0x01d2c0, 0x01d2d3, 0x01d2e0, 0x01d2f3,
    0x01d300, 0x01d356, 0x01d360, 0x01d378, 0x01d400, 0x01d49f, 0x01d4a2, 0x01d4a2,
    0x01d4a5, 0x01d4a6, 0x01d4a9, 0x01d50a, 0x01d50d, 0x01d546, 0x01d54a, 0x01d6a5,
    0x01d6a8, 0x01d7cb, 0x01d7ce, 0x01da8b, 0x01da9b, 0x01daaf, 0x01df00, 0x01df1e,
    0x01df25, 0x01df2a, 0x01e000, 0x01e018, 0x01e01b, 0x01e02a, 0x01e030, 0x01e06d,
    0x01e08f, 0x01e08f, 0x01e100, 0x01e12c, 0x01e130, 0x01e13d, 0x01e140, 0x01e149,
    0x01e14e, 0x01e14f, 0x01e290, 0x01e2ae, 0x01e2c0, 0x01e2f9, 0x01e2ff, 0x01e2ff,
    0x01e4d0, 0x01e4f9, 0x01e7e0, 0x01e8c4, 0x01e8c7, 0x01e8d6, 0x01e900, 0x01e94b,
    0x01e950, 0x01e959, 0x01e95e, 0x01e95f, 0x01ec71, 0x01ecb4, 0x01ed01, 0x01ed3d,
    0x01ee00, 0x01ee24, 0x01ee27, 0x01ee3b, 0x01ee42, 0x01ee42, 0x01ee47, 0x01ee54,
    0x01ee57, 0x01ee64, 0x01ee67, 0x01ee9b, 0x01eea1, 0x01eebb, 0x01eef0, 0x01eef1,
    0x01f000, 0x01f02b, 0x01f030, 0x01f093, 0x01f0a0, 0x01f0ae, 0x01f0b1, 0x01f0f5,
    0x01f100, 0x01f1ad, 0x01f1e6, 0x01f202, 0x01f210, 0x01f23b, 0x01f240, 0x01f248,
    0x01f250, 0x01f251, 0x01f260, 0x01f265, 0x01f300, 0x01f6d7, 0x01f6dc, 0x01f6ec,
    0x01f6f0, 0x01f6fc, 0x01f700, 0x01f776, 0x01f77b, 0x01f7d9, 0x01f7e0, 0x01f7eb,
    0x01f7f0, 0x01f7f0, 0x01f800, 0x01f80b, 0x01f810, 0x01f847, 0x01f850, 0x01f859,
    0x01f860, 0x01f887, 0x01f890, 0x01f8ad, 0x01f8b0, 0x01f8b1, 0x01f900, 0x01fa53,
    0x01fa60, 0x01fa6d, 0x01fa70, 0x01fa7c, 0x01fa80, 0x01fa88, 0x01fa90, 0x01fac5,
    0x01face, 0x01fadb, 0x01fae0, 0x01fae8, 0x01faf0, 0x01faf8, 0x01fb00, 0x01fbca,
    0x01fbf0, 0x01fbf9, 0x020000, 0x02a6df, 0x02a700, 0x02b739, 0x02b740, 0x02b81d,
    0x02b820, 0x02cea1, 0x02ceb0, 0x02ebe0, 0x02f800, 0x02fa1d, 0x030000, 0x03134a,
    0x031350, 0x0323af, 0x0e0100, 0x0e01ef,
};
static const uint16_t notprint32[] = {
    0x000c, 0x0027, 0x003b, 0x003e, 0x018f, 0x039e, 0x057b, 0x058b, 0x0593, 0x0596,
    0x05a2, 0x05b2, 0x05ba, 0x0786, 0x07b1, 0x0809, 0x0836, 0x0856, 0x08f3, 0x0a04,
    0x0a14, 0x0a18, 0x0e7f, 0x0eaa, 0x10bd, 0x1135, 0x11e0, 0x1212, 0x1287, 0x1289,
    0x128e, 0x129e, 0x1304, 0x1329, 0x1331, 0x1334, 0x133a, 0x145c, 0x1914, 0x1917,
    0x1936, 0x1c09, 0x1c37, 0x1ca8, 0x1d07, 0x1d0a, 0x1d3b, 0x1d3e, 0x1d66, 0x1d69,
    0x1d8f, 0x1d92, 0x1f11, 0x246f, 0x6a5f, 0x6abf, 0x6b5a, 0x6b62, 0xaff4, 0xaffc,
    0xafff, 0xd455, 0xd49d, 0xd4ad, 0xd4ba, 0xd4bc, 0xd4c4, 0xd506, 0xd515, 0xd51d,
    0xd53a, 0xd53f, 0xd545, 0xd551, 0xdaa0, 0xe007, 0xe022, 0xe025, 0xe7e7, 0xe7ec,
    0xe7ef, 0xe7ff, 0xee04, 0xee20, 0xee23, 0xee28, 0xee33, 0xee38, 0xee3a, 0xee48,
    0xee4a, 0xee4c, 0xee50, 0xee53, 0xee58, 0xee5a, 0xee5c, 0xee5e, 0xee60, 0xee63,
    0xee6b, 0xee73, 0xee78, 0xee7d, 0xee7f, 0xee8a, 0xeea4, 0xeeaa, 0xf0c0, 0xf0d0,
    0xfabe, 0xfb93,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static bool in_ranges(const uint32_t *t, size_t n, uint32_t r)
{
    size_t lo = 0, hi = n / 2;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (t[2 * m + 1] < r) lo = m + 1;
        else hi = m;
    }
    return lo < n / 2 && t[2 * lo] <= r;
}

static bool in_list16(const uint16_t *t, size_t n, uint32_t r)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (t[m] < r) lo = m + 1;
        else hi = m;
    }
    return lo < n && t[lo] == r;
}

static bool is_print(int32_t r)
{
    if (r <= 0xFF) {
        if (r >= 0x20 && r <= 0x7E) return true;
        if (r >= 0xA1 && r <= 0xFF) return r != 0xAD;
        return false;
    }
    if (r < 0x10000)
        return in_ranges(print16, NELEM(print16), (uint32_t)r) &&
               !in_list16(notprint16, NELEM(notprint16), (uint32_t)r);
    if (!in_ranges(print32, NELEM(print32), (uint32_t)r)) return false;
    if (r >= 0x20000) return true;
    return !in_list16(notprint32, NELEM(notprint32), (uint32_t)(r - 0x10000));
}

/* ---- strconv.Quote / QuoteRune ---------------------------------------- */

static void add_hex(Buf *b, const char *prefix, uint32_t v, int ndig)
{
    buf_adds(b, prefix);
    for (int s = (ndig - 1) * 4; s >= 0; s -= 4) buf_addc(b, ldigits[(v >> s) & 0xF]);
}

static void escaped_rune(Buf *b, int32_t r, char quote, bool ascii)
{
    char tmp[4];
    if (r == quote || r == '\\') {
        buf_addc(b, '\\');
        buf_addc(b, (char)r);
        return;
    }
    if (ascii ? (r < 0x80 && is_print(r)) : is_print(r)) {
        buf_add(b, tmp, (size_t)utf8_enc(tmp, r));
        return;
    }
    switch (r) {
    case '\a': buf_adds(b, "\\a"); return;
    case '\b': buf_adds(b, "\\b"); return;
    case '\f': buf_adds(b, "\\f"); return;
    case '\n': buf_adds(b, "\\n"); return;
    case '\r': buf_adds(b, "\\r"); return;
    case '\t': buf_adds(b, "\\t"); return;
    case '\v': buf_adds(b, "\\v"); return;
    }
    if (r < ' ' || r == 0x7F) add_hex(b, "\\x", (uint32_t)r, 2);
    else if (!valid_rune(r)) add_hex(b, "\\u", RUNE_ERROR, 4);
    else if (r < 0x10000) add_hex(b, "\\u", (uint32_t)r, 4);
    else add_hex(b, "\\U", (uint32_t)r, 8);
}

static void quote_with(Buf *b, const char *s, size_t n, bool ascii)
{
    const unsigned char *u = (const unsigned char *)s;
    buf_reserve(b, n + 2);
    buf_addc(b, '"');
    for (size_t i = 0; i < n;) {
        /* a run of printable ASCII other than '"' and '\\' stays as it is */
        size_t k = i;
        while (k < n && u[k] >= 0x20 && u[k] < 0x7F && u[k] != '"' && u[k] != '\\') k++;
        if (k > i) {
            buf_add(b, s + i, k - i);
            i = k;
            continue;
        }
        int32_t r = u[i];
        int w = 1;
        if (r >= 0x80) w = utf8_dec(u + i, n - i, &r);
        if (w == 1 && r == RUNE_ERROR) {
            add_hex(b, "\\x", u[i], 2);   /* invalid UTF-8 keeps its byte */
        } else {
            escaped_rune(b, r, '"', ascii);
        }
        i += (size_t)w;
    }
    buf_addc(b, '"');
}

void fmt_quote(Buf *b, const char *s, size_t n)
{
    quote_with(b, s, n, false);
}

static void quote_rune(Buf *b, int32_t r, bool ascii)
{
    if (!valid_rune(r)) r = RUNE_ERROR;
    buf_addc(b, '\'');
    escaped_rune(b, r, '\'', ascii);
    buf_addc(b, '\'');
}

/* strconv.CanBackquote, which %#q consults. */
static bool can_backquote(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int32_t r = u[i];
        int w = 1;
        if (r >= 0x80) w = utf8_dec(u + i, n - i, &r);
        i += (size_t)w;
        if (w > 1) {
            if (r == 0xFEFF) return false;
            continue;
        }
        if (r == RUNE_ERROR) return false;
        if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
    }
    return true;
}

/* ---- strconv.FormatFloat ---------------------------------------------- */

/* A decimal 0.d[0]d[1]...d[nd-1] * 10^dp with no trailing zeros; zero is
 * nd == 0, dp == 0 (as Go's decimalSlice). */
#define DEC_MAX 800   /* a double's exact expansion has <= 767 digits */
typedef struct Dec {
    char d[DEC_MAX + 24];
    int nd, dp;
} Dec;

static void dec_trim(Dec *d)
{
    while (d->nd > 0 && d->d[d->nd - 1] == '0') d->nd--;
    if (d->nd == 0) d->dp = 0;
}

/* Parse glibc's "%.Ne" text ("d.ddde+XX") into d. */
static void dec_from_e(const char *s, Dec *d)
{
    d->nd = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && d->nd < (int)sizeof d->d) d->d[d->nd++] = *s;
    d->dp = (*s == 'e' ? atoi(s + 1) : 0) + 1;
    dec_trim(d);
}

static void dec_from_u64(uint64_t m, int exp10, Dec *d)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    for (int i = 0; i < n; i++) d->d[i] = tmp[n - 1 - i];
    d->nd = n;
    d->dp = n + exp10;
    dec_trim(d);
}

static bool round_trips(const char *s, double x, int bits)
{
    if (bits == 32) return strtof(s, NULL) == (float)x;
    return strtod(s, NULL) == x;
}

static const double pow10tab[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Does the decimal n * 10^-k parse to x?  n and 10^|k| are exact (n below
 * 2^53, |k| <= 22; 2^24 and 10 for float32), and IEEE division and
 * multiplication of exact operands round correctly, ties to even, exactly
 * as ParseFloat does. */
static bool scaled_trips(uint64_t n, int k, double x, int bits)
{
    if (bits == 32) {
        float fn = (float)n, fp = (float)pow10tab[k < 0 ? -k : k];
        return (k >= 0 ? fn / fp : fn * fp) == (float)x;
    }
    double dn = (double)n, dp = pow10tab[k < 0 ? -k : k];
    return (k >= 0 ? dn / dp : dn * dp) == x;
}

/* The fast path of shortest formatting, for the numbers people write
 * (0.5, 3.14159, 123456.5, 1.5e20): try k = 0, 1, 2... digits after the
 * point while x * 10^k stays an exact integer; at the first scale where an
 * integer next to x * 10^k parses back to x, that integer is the shortest
 * form.  Returns 0 when it cannot decide, with *kfirst the first scale not
 * ruled out. */
static int shortest_scaled(double x, int bits, Dec *d, int *kfirst)
{
    double lim = bits == 32 ? 16777216.0 : 9007199254740992.0;
    int kmax = bits == 32 ? 10 : 22;
    int k = -(int)floor(log10(x)) - 1;
    for (;; k++) {
        *kfirst = k;
        if (k > kmax || k < -kmax) return 0;
        double p = k >= 0 ? x * pow10tab[k] : x / pow10tab[-k];
        if (p + 1 >= lim) return 0;
        uint64_t c = (uint64_t)floor(p + 0.5), hit = 0;
        int nhit = 0;
        for (uint64_t n = c ? c - 1 : 1; n <= c + 1; n++)
            if (scaled_trips(n, k, x, bits)) {
                hit = n;
                nhit++;
            }
        if (nhit == 1) {
            dec_from_u64(hit, -k, d);
            return 1;
        }
        if (nhit > 1) return 0;   /* two candidates: the exact paths pick the closer */
    }
}

__extension__ typedef unsigned __int128 u128;

static u128 pow_128(unsigned base, int n)
{
    u128 r = 1;
    while (n-- > 0) r *= base;
    return r;
}

/* Exact shortest form of a double by integer arithmetic, for magnitudes
 * where the scaled rounding interval fits in 128 bits (about 1e-13 ..
 * 1e37), starting at scale kfirst.  x = m*2^e lies in [(4m-delta)*2^(e-2), (4m+2)*2^(e-2)] (delta 1
 * at a power of two, where the gap below is half; the ends count when m is
 * even, as ParseFloat rounds ties to even).  At k = 0, 1, 2... digits after
 * the point (negative: zeros before it) the decimal nearest x*10^k is taken
 * if it lies inside, else its other neighbour; the first scale with one is
 * the shortest.  An exact tie goes to the even neighbour, as in Go: helm
 * prints 812294677198566.75 as 8.122946771985668e+14.  Returns 0 outside
 * the range. */
static int shortest_exact(double x, Dec *d, int kfirst)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int be = (int)(bits >> 52) & 0x7FF;
    uint64_t m = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    if (be == 0) return 0;
    int e2 = be - 1075 - 2;
    if (e2 < -125 || e2 > 70) return 0;
    bool incl = (m & 1) == 0;
    u128 c4 = (u128)m << 2, lo4 = c4 - (m == (1ULL << 52) && be > 1 ? 1 : 2), hi4 = c4 + 2;
    for (int k = kfirst; k <= 30; k++) {
        u128 num, den, lo, hi;
        if (e2 < 0 && k >= 0) {
            /* x*10^k = 4m*5^k / 2^(-e2-k): 5^30 keeps it within 125 bits */
            u128 t = pow_128(5, k);
            int sh = -e2 - k;
            if (sh < 0) return 0;
            num = c4 * t, lo = lo4 * t, hi = hi4 * t;
            den = (u128)1 << sh;
        } else if (e2 < 0) {
            if (-e2 + 4 * -k > 124) return 0;
            num = c4, lo = lo4, hi = hi4;
            den = ((u128)1 << -e2) * pow_128(10, -k);
        } else {
            if (k > 0 || -k > 38) return 0;
            num = c4 << e2, lo = lo4 << e2, hi = hi4 << e2;
            den = pow_128(10, -k);
        }
        u128 fl = num / den, r = num - fl * den, cand[2] = {fl, fl + 1};
        if (2 * r > den || (2 * r == den && (fl & 1))) cand[0] = fl + 1, cand[1] = fl;
        for (int i = 0; i < 2; i++) {
            u128 v = cand[i] * den;
            if (cand[i] == 0 || (incl ? v < lo || v > hi : v <= lo || v >= hi)) continue;
            dec_from_u64((uint64_t)cand[i], -k, d);
            return 1;
        }
    }
    return 0;
}

/* Shortest digits that parse back to x (x > 0, finite). */
static void dec_shortest(double x, int bits, Dec *d)
{
    char s[48];
    int kfirst;
    if (shortest_scaled(x, bits, d, &kfirst)) return;
    if (bits == 64 && shortest_exact(x, d, kfirst)) return;
    /* scales below kfirst hold no decimal for x: neither do fewer digits
     * than this (one less for log10's rounding) */
    int from = kfirst + (int)floor(log10(x)) - 1;
    if (from < 1) from = 1;
    for (int n = from; n <= 17; n++) {
        snprintf(s, sizeof s, "%.*e", n - 1, x);
        /* 17 correctly rounded digits always identify a double */
        if ((n == 17 && bits == 64) || round_trips(s, x, bits)) {
            dec_from_e(s, d);
            return;
        }
        /* The interval of decimals that round to x is not centred on x at
         * powers of two, so the n-digit neighbour on the other side of x
         * may be inside it although the nearest one is not. */
        uint64_t m = 0;
        const char *p = s;
        for (; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9') m = m * 10 + (uint64_t)(*p - '0');
        int e10 = atoi(p + 1) - (n - 1);
        m = strtod(s, NULL) < x ? m + 1 : m - 1;
        if (m == 0) continue;
        char t[48];
        snprintf(t, sizeof t, "%llue%d", (unsigned long long)m, e10);
        if (round_trips(t, x, bits)) {
            dec_from_u64(m, e10, d);
            return;
        }
    }
    snprintf(s, sizeof s, "%.16e", x);
    dec_from_e(s, d);
}

/* x (>= 0) correctly rounded to ndigits significant digits. */
static void dec_fixed(double x, int ndigits, Dec *d)
{
    char s[DEC_MAX + 24];
    if (ndigits > DEC_MAX) ndigits = DEC_MAX;
    if (ndigits < 1) ndigits = 1;
    snprintf(s, sizeof s, "%.*e", ndigits - 1, x);
    dec_from_e(s, d);
}

static void zeros(Buf *b, long n)
{
    static const char z[] = "0000000000000000000000000000000000000000000000000000000000000000";
    while (n > 0) {
        long k = n < 64 ? n : 64;
        buf_add(b, z, (size_t)k);
        n -= k;
    }
}

/* %e: -d.ddddde±dd */
static void put_e(Buf *b, bool neg, const Dec *d, int prec, char fmt)
{
    if (neg) buf_addc(b, '-');
    buf_addc(b, d->nd ? d->d[0] : '0');
    if (prec > 0) {
        buf_addc(b, '.');
        int m = d->nd < prec + 1 ? d->nd : prec + 1;
        if (m > 1) buf_add(b, d->d + 1, (size_t)(m - 1));
        else m = 1;
        zeros(b, (long)prec + 1 - m);
    }
    buf_addc(b, fmt);
    int exp = d->nd == 0 ? 0 : d->dp - 1;
    buf_addc(b, exp < 0 ? '-' : '+');
    if (exp < 0) exp = -exp;
    if (exp < 10) {
        buf_addc(b, '0');
        buf_addc(b, (char)('0' + exp));
    } else if (exp < 100) {
        buf_addc(b, (char)('0' + exp / 10));
        buf_addc(b, (char)('0' + exp % 10));
    } else {
        buf_addc(b, (char)('0' + exp / 100));
        buf_addc(b, (char)('0' + exp / 10 % 10));
        buf_addc(b, (char)('0' + exp % 10));
    }
}

/* %f: -ddddddd.ddddd */
static void put_f(Buf *b, bool neg, const Dec *d, int prec)
{
    if (neg) buf_addc(b, '-');
    if (d->dp > 0) {
        int m = d->nd < d->dp ? d->nd : d->dp;
        buf_add(b, d->d, (size_t)m);
        zeros(b, d->dp - m);
    } else {
        buf_addc(b, '0');
    }
    if (prec > 0) {
        buf_addc(b, '.');
        for (int i = 0; i < prec; i++) {
            int j = d->dp + i;
            if (j >= d->nd) {
                zeros(b, prec - i);
                break;
            }
            buf_addc(b, j >= 0 ? d->d[j] : '0');
        }
    }
}

/* %b: -ddddddddp±ddd */
static void put_b(Buf *b, bool neg, uint64_t mant, int exp, int mantbits)
{
    buf_printf(b, "%s%llup%s%d", neg ? "-" : "", (unsigned long long)mant,
               exp - mantbits >= 0 ? "+" : "", exp - mantbits);
}

/* %x: -0x1.yyyyyyyyp±ddd, the fraction rounded to prec hex digits. */
static void put_x(Buf *b, int prec, char fmt, bool neg, uint64_t mant, int exp, int mantbits)
{
    const char *hex = fmt == 'X' ? udigits : ldigits;
    if (mant == 0) exp = 0;
    mant <<= 60 - mantbits;
    while (mant != 0 && (mant & (1ULL << 60)) == 0) {
        mant <<= 1;
        exp--;
    }
    if (prec >= 0 && prec < 15) {
        unsigned shift = (unsigned)prec * 4;
        uint64_t extra = (mant << shift) & ((1ULL << 60) - 1);
        mant >>= 60 - shift;
        if ((extra | (mant & 1)) > (1ULL << 59)) mant++;
        mant <<= 60 - shift;
        if (mant & (1ULL << 61)) {
            mant >>= 1;
            exp++;
        }
    }
    if (neg) buf_addc(b, '-');
    buf_addc(b, '0');
    buf_addc(b, fmt);
    buf_addc(b, (char)('0' + ((mant >> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
        buf_addc(b, '.');
        for (; mant != 0; mant <<= 4) buf_addc(b, hex[(mant >> 60) & 15]);
    } else if (prec > 0) {
        buf_addc(b, '.');
        for (int i = 0; i < prec; i++, mant <<= 4) buf_addc(b, hex[(mant >> 60) & 15]);
    }
    buf_addc(b, fmt == 'X' ? 'P' : 'p');
    buf_addc(b, exp < 0 ? '-' : '+');
    if (exp < 0) exp = -exp;
    buf_printf(b, "%02d", exp);
}

/* Go's formatDigits: the choice between %e and %f for 'g'. */
static void put_digits(Buf *b, bool shortest, bool neg, const Dec *d, int prec, char fmt)
{
    switch (fmt) {
    case 'e': case 'E':
        put_e(b, neg, d, prec, fmt);
        return;
    case 'f':
        put_f(b, neg, d, prec);
        return;
    case 'g': case 'G': {
        int eprec = prec;
        if (eprec > d->nd && d->nd >= d->dp) eprec = d->nd;
        if (shortest) eprec = 6;
        int exp = d->dp - 1;
        if (exp < -4 || exp >= eprec) {
            if (prec > d->nd) prec = d->nd;
            put_e(b, neg, d, prec - 1, (char)(fmt + 'e' - 'g'));
            return;
        }
        if (prec > d->dp) prec = d->nd;
        put_f(b, neg, d, prec - d->dp > 0 ? prec - d->dp : 0);
        return;
    }
    }
    buf_addc(b, '%');
    buf_addc(b, fmt);
}

/* 'f' with a precision: glibc's %.*f is Go's exact rounding, digit for
 * digit; digits past the 1074th decimal place of a double are zeros. */
static void put_f_fixed(Buf *b, bool neg, double x, int prec)
{
    char s[1500];
    int p = prec > 1100 ? 1100 : prec;
    if (neg) buf_addc(b, '-');
    int n = snprintf(s, sizeof s, "%.*f", p, x);
    if (n > 0 && (size_t)n < sizeof s) buf_add(b, s, (size_t)n);
    zeros(b, (long)prec - p);
}

void fmt_float(Buf *b, double f, char fmt, int prec, int bitsize)
{
    uint64_t bits, mant;
    int mantbits, expbits, bias, exp;
    if (bitsize == 32) {
        float g = (float)f;
        uint32_t u;
        memcpy(&u, &g, sizeof u);
        bits = u;
        mantbits = 23, expbits = 8, bias = -127;
        f = (double)g;
    } else {
        memcpy(&bits, &f, sizeof bits);
        mantbits = 52, expbits = 11, bias = -1023;
    }
    bool neg = (bits >> (expbits + mantbits)) != 0;
    exp = (int)(bits >> mantbits) & ((1 << expbits) - 1);
    mant = bits & ((1ULL << mantbits) - 1);
    if (exp == (1 << expbits) - 1) {
        buf_adds(b, mant ? "NaN" : neg ? "-Inf" : "+Inf");
        return;
    }
    if (exp == 0) exp++;
    else mant |= 1ULL << mantbits;
    exp += bias;
    if (fmt == 'b') {
        put_b(b, neg, mant, exp, mantbits);
        return;
    }
    if (fmt == 'x' || fmt == 'X') {
        put_x(b, prec > FMT_MAX_PREC ? FMT_MAX_PREC : prec, fmt, neg, mant, exp, mantbits);
        return;
    }
    double x = fabs(f);
    bool shortest = prec < 0;
    if (prec > FMT_MAX_PREC) prec = FMT_MAX_PREC;
    Dec d;
    if (shortest) {
        if (x == 0) d.nd = 0, d.dp = 0;
        else dec_shortest(x, bitsize == 32 ? 32 : 64, &d);
        switch (fmt) {
        case 'e': case 'E': prec = d.nd - 1 > 0 ? d.nd - 1 : 0; break;
        case 'f': prec = d.nd - d.dp > 0 ? d.nd - d.dp : 0; break;
        case 'g': case 'G': prec = d.nd; break;
        }
    } else if (fmt == 'f') {
        put_f_fixed(b, neg, x, prec);
        return;
    } else {
        int digits = 1;
        if (fmt == 'e' || fmt == 'E') {
            digits = prec + 1;
        } else if (fmt == 'g' || fmt == 'G') {
            if (prec == 0) prec = 1;
            digits = prec;
        }
        dec_fixed(x, digits, &d);
    }
    put_digits(b, shortest, neg, &d, prec, fmt);
}

/* ---- the formatter (Go's fmt.fmt) ------------------------------------- */

typedef struct P {
    Buf *b;
    int wid, prec;
    bool wid_present, prec_present, minus, plus, sharp, space, zero;
    bool plusv, sharpv;        /* %+v and %#v: sharp/plus moved here */
    bool erroring;             /* inside a %!verb(T=...): no String() */
    bool reordered, good_argnum;
    Value arg;                 /* the operand being printed, for %!verb(...) */
    size_t start;              /* b->len at entry, for FMT_MAX_OUT */
} P;

static void p_init(P *p, Buf *b)
{
    memset(p, 0, sizeof *p);
    p->b = b;
    p->start = b->len;
}

static void clear_flags(P *p)
{
    p->wid = p->prec = 0;
    p->wid_present = p->prec_present = p->minus = p->plus = false;
    p->sharp = p->space = p->zero = p->plusv = p->sharpv = false;
}

static void add_rune(Buf *b, int32_t r)
{
    char tmp[4];
    buf_add(b, tmp, (size_t)utf8_enc(tmp, r));
}

static void write_padding(P *p, long n)
{
    if (n <= 0) return;
    if (p->zero) {
        zeros(p->b, n);
        return;
    }
    static const char sp[] = "                                                                ";
    while (n > 0) {
        long k = n < 64 ? n : 64;
        buf_add(p->b, sp, (size_t)k);
        n -= k;
    }
}

/* Width counts runes, not bytes. */
static void pad(P *p, const char *s, size_t n)
{
    if (!p->wid_present || p->wid == 0) {
        buf_add(p->b, s, n);
        return;
    }
    long width = (long)p->wid - (long)utf8_count(s, n);
    if (!p->minus) {
        write_padding(p, width);
        buf_add(p->b, s, n);
    } else {
        buf_add(p->b, s, n);
        write_padding(p, width);
    }
}

static void pads(P *p, const char *s)
{
    pad(p, s, strlen(s));
}

static void pad_nozero(P *p, const char *s, size_t n)
{
    bool z = p->zero;
    p->zero = false;
    pad(p, s, n);
    p->zero = z;
}

static void fmt_boolean(P *p, bool v)
{
    pads(p, v ? "true" : "false");
}

/* fmtInteger: precision or the 0 flag give leading zeros, then prefixes. */
static void fmt_integer(P *p, uint64_t u, int base, bool is_signed, int32_t verb, const char *digits)
{
    bool negative = is_signed && (int64_t)u < 0;
    char sbuf[80], *buf = sbuf;
    size_t len = sizeof sbuf;
    if (negative) u = -u;
    if (p->wid_present || p->prec_present) {
        size_t w = 8 + (size_t)p->wid + (size_t)p->prec;
        if (w > len) {
            buf = malloc(w);
            if (!buf) return;
            len = w;
        }
    }
    long prec = 0;
    if (p->prec_present) {
        prec = p->prec;
        if (prec == 0 && u == 0) {   /* "%.0d" of 0 prints only padding */
            bool z = p->zero;
            p->zero = false;
            write_padding(p, p->wid);
            p->zero = z;
            if (buf != sbuf) free(buf);
            return;
        }
    } else if (p->zero && p->wid_present) {
        prec = p->wid;
        if (negative || p->plus || p->space) prec--;
    }
    size_t i = len;
    switch (base) {
    case 10:
        for (; u >= 10; u /= 10) buf[--i] = (char)('0' + u % 10);
        break;
    case 16:
        for (; u >= 16; u >>= 4) buf[--i] = digits[u & 0xF];
        break;
    case 8:
        for (; u >= 8; u >>= 3) buf[--i] = (char)('0' + (u & 7));
        break;
    default:
        for (; u >= 2; u >>= 1) buf[--i] = (char)('0' + (u & 1));
        break;
    }
    buf[--i] = digits[u];
    while (i > 4 && prec > (long)(len - i)) buf[--i] = '0';
    if (p->sharp) {
        if (base == 2) {
            buf[--i] = 'b';
            buf[--i] = '0';
        } else if (base == 8) {
            if (buf[i] != '0') buf[--i] = '0';
        } else if (base == 16) {
            buf[--i] = digits[16];
            buf[--i] = '0';
        }
    }
    if (verb == 'O') {
        buf[--i] = 'o';
        buf[--i] = '0';
    }
    if (negative) buf[--i] = '-';
    else if (p->plus) buf[--i] = '+';
    else if (p->space) buf[--i] = ' ';
    pad_nozero(p, buf + i, len - i);
    if (buf != sbuf) free(buf);
}

/* fmtUnicode: U+0078, or with '#' U+0078 'x'. */
static void fmt_unicode(P *p, uint64_t u)
{
    Buf t = BUF_INIT;
    char hex[24];
    int nh = 0, prec = 4;
    if (p->prec_present && p->prec > 4) prec = p->prec;
    uint64_t v = u;
    do {
        hex[nh++] = udigits[v & 0xF];
        v >>= 4;
    } while (v);
    buf_adds(&t, "U+");
    zeros(&t, prec - nh);
    while (nh > 0) buf_addc(&t, hex[--nh]);
    if (p->sharp && u <= MAX_RUNE && is_print((int32_t)u)) {
        buf_adds(&t, " '");
        add_rune(&t, (int32_t)u);
        buf_addc(&t, '\'');
    }
    pad_nozero(p, t.data, t.len);
    buf_free(&t);
}

static void fmt_c(P *p, uint64_t c)
{
    char tmp[4];
    int32_t r = c > MAX_RUNE ? RUNE_ERROR : (int32_t)c;
    pad(p, tmp, (size_t)utf8_enc(tmp, r));
}

static void fmt_qc(P *p, uint64_t c)
{
    Buf t = BUF_INIT;
    int32_t r = c > MAX_RUNE ? RUNE_ERROR : (int32_t)c;
    quote_rune(&t, r, p->plus);
    pad(p, t.data, t.len);
    buf_free(&t);
}

/* Precision truncates a string to that many runes. */
static size_t truncate_len(P *p, const char *s, size_t n)
{
    if (!p->prec_present) return n;
    const unsigned char *u = (const unsigned char *)s;
    long left = p->prec;
    for (size_t i = 0; i < n;) {
        if (left-- <= 0) return i;
        int32_t r;
        i += u[i] < 0x80 ? 1 : (size_t)utf8_dec(u + i, n - i, &r);
    }
    return n;
}

static void fmt_s(P *p, const char *s, size_t n)
{
    pad(p, s, truncate_len(p, s, n));
}

/* fmtSbx: hex of a string's bytes; ' ' separates, '#' adds 0x. */
static void fmt_sbx(P *p, const char *s, size_t n, const char *digits)
{
    size_t length = n;
    if (p->prec_present && (size_t)p->prec < length) length = (size_t)p->prec;
    size_t width = 2 * length;
    if (width > 0) {
        if (p->space) {
            if (p->sharp) width *= 2;
            width += length - 1;
        } else if (p->sharp) {
            width += 2;
        }
    } else {
        if (p->wid_present) write_padding(p, p->wid);
        return;
    }
    if (p->wid_present && (size_t)p->wid > width && !p->minus) write_padding(p, (long)(p->wid - width));
    if (p->sharp) {
        buf_addc(p->b, '0');
        buf_addc(p->b, digits[16]);
    }
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)s[i];
        if (p->space && i > 0) {
            buf_addc(p->b, ' ');
            if (p->sharp) {
                buf_addc(p->b, '0');
                buf_addc(p->b, digits[16]);
            }
        }
        buf_addc(p->b, digits[c >> 4]);
        buf_addc(p->b, digits[c & 0xF]);
    }
    if (p->wid_present && (size_t)p->wid > width && p->minus) write_padding(p, (long)(p->wid - width));
}

static void fmt_q(P *p, const char *s, size_t n)
{
    n = truncate_len(p, s, n);
    Buf t = BUF_INIT;
    if (p->sharp && can_backquote(s, n)) {
        buf_addc(&t, '`');
        buf_add(&t, s, n);
        buf_addc(&t, '`');
    } else {
        quote_with(&t, s, n, p->plus);
    }
    pad(p, t.data ? t.data : "", t.len);
    buf_free(&t);
}

/* fmtFloat: sign handling, '#' (keep the point and trailing zeros) and
 * zero padding placed after the sign. */
static void fmt_fl(P *p, double v, int size, int32_t verb, int prec)
{
    Buf t = BUF_INIT, s = BUF_INIT;
    if (p->prec_present) prec = p->prec;
    if (!p->plus && !p->space && !p->sharp && !p->wid_present) {
        /* no sign, padding or '#' to apply: FormatFloat's text as is
         * (Go keeps the '+' of "+Inf" here too) */
        fmt_float(p->b, v, (char)verb, prec, size);
        return;
    }
    buf_addc(&t, '+');
    fmt_float(&t, v, (char)verb, prec, size);
    char *num = t.data;
    size_t n = t.len;
    if (num[1] == '-' || num[1] == '+') {
        num++;
        n--;
    } else {
        num[0] = '+';
    }
    if (p->space && num[0] == '+' && !p->plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') {
        if (num[1] == 'N' && !p->space && !p->plus) {
            num++;
            n--;
        }
        pad_nozero(p, num, n);
        buf_free(&t);
        return;
    }
    if (p->sharp && verb != 'b') {
        long digits = 0;
        char tail[16];
        size_t tl = 0;
        bool has_point = false, nonzero = false;
        if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') digits = prec == -1 ? 6 : prec;
        for (size_t i = 1; i < n; i++) {
            char c = num[i];
            if (c == '.') {
                has_point = true;
            } else if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
                tl = n - i < sizeof tail ? n - i : sizeof tail;
                memcpy(tail, num + i, tl);
                n = i;
            } else {
                /* counts hex letters and the 'x' of "0x" too, as Go does */
                if (c != '0') nonzero = true;
                if (nonzero) digits--;
            }
        }
        buf_add(&s, num, n);
        if (!has_point) {
            if (n == 2 && num[1] == '0') digits--;
            buf_addc(&s, '.');
        }
        zeros(&s, digits);
        buf_add(&s, tail, tl);
        num = s.data;
        n = s.len;
    }
    if (p->plus || num[0] != '+') {
        if (p->zero && p->wid_present && (size_t)p->wid > n) {
            buf_addc(p->b, num[0]);
            write_padding(p, (long)(p->wid - n));
            buf_add(p->b, num + 1, n - 1);
        } else {
            pad(p, num, n);
        }
    } else {
        pad(p, num + 1, n - 1);
    }
    buf_free(&t);
    buf_free(&s);
}

/* ---- the printer (Go's fmt.pp) ---------------------------------------- */

static void print_arg(P *p, Value v, int32_t verb);
static void print_value(P *p, Value v, int32_t verb, int depth);

static bool is_unsigned(Value v)
{
    return v.gtype >= GT_UINT && v.gtype <= GT_UINT64;
}

static bool is_float32(Value v)
{
    return v.gtype == GT_FLOAT32;
}

static bool over_budget(P *p)
{
    return p->b->len - p->start > FMT_MAX_OUT;
}

/* %!verb(type=value), the value printed with %v and the current flags. */
/* An object of an integer kind (time.Duration): its int64 is at Obj.data. */
static bool int_obj(Value v, int64_t *i)
{
    if (v.kind != V_OBJ || !v.u.o->data || !v.u.o->type->go_kind || strcmp(v.u.o->type->go_kind, "int64") != 0)
        return false;
    *i = *(const int64_t *)v.u.o->data;
    return true;
}

static void bad_verb(P *p, int32_t verb)
{
    Value arg = p->arg;
    int64_t i;
    /* Go's badVerb prints with p.erroring set, so no String() method:
     * %!f(time.Duration=86400000000000) */
    if (int_obj(arg, &i)) {
        buf_adds(p->b, "%!");
        add_rune(p->b, verb);
        buf_printf(p->b, "(%s=%lld)", val_typename(arg), (long long)i);
        return;
    }
    buf_adds(p->b, "%!");
    add_rune(p->b, verb);
    buf_addc(p->b, '(');
    if (arg.kind == V_NIL) {
        buf_adds(p->b, "<nil>");
    } else {
        buf_adds(p->b, val_typename(arg));
        buf_addc(p->b, '=');
        print_arg(p, arg, 'v');
    }
    buf_addc(p->b, ')');
}

static void fmt_bool(P *p, bool v, int32_t verb)
{
    if (verb == 't' || verb == 'v') fmt_boolean(p, v);
    else bad_verb(p, verb);
}

static void fmt_0x64(P *p, uint64_t v, bool leading)
{
    bool sharp = p->sharp;
    p->sharp = leading;
    fmt_integer(p, v, 16, false, 'v', ldigits);
    p->sharp = sharp;
}

static void fmt_int(P *p, uint64_t v, bool is_signed, int32_t verb)
{
    switch (verb) {
    case 'v':
        if (p->sharpv && !is_signed) fmt_0x64(p, v, true);
        else fmt_integer(p, v, 10, is_signed, verb, ldigits);
        break;
    case 'd': fmt_integer(p, v, 10, is_signed, verb, ldigits); break;
    case 'b': fmt_integer(p, v, 2, is_signed, verb, ldigits); break;
    case 'o': case 'O': fmt_integer(p, v, 8, is_signed, verb, ldigits); break;
    case 'x': fmt_integer(p, v, 16, is_signed, verb, ldigits); break;
    case 'X': fmt_integer(p, v, 16, is_signed, verb, udigits); break;
    case 'c': fmt_c(p, v); break;
    case 'q': fmt_qc(p, v); break;
    case 'U': fmt_unicode(p, v); break;
    default: bad_verb(p, verb); break;
    }
}

static void fmt_flt(P *p, double v, int size, int32_t verb)
{
    switch (verb) {
    case 'v': fmt_fl(p, v, size, 'g', -1); break;
    case 'b': case 'g': case 'G': case 'x': case 'X': fmt_fl(p, v, size, verb, -1); break;
    case 'f': case 'e': case 'E': fmt_fl(p, v, size, verb, 6); break;
    case 'F': fmt_fl(p, v, size, 'f', 6); break;
    default: bad_verb(p, verb); break;
    }
}

static void fmt_string(P *p, const char *s, size_t n, int32_t verb)
{
    switch (verb) {
    case 'v':
        if (p->sharpv) fmt_q(p, s, n);
        else fmt_s(p, s, n);
        break;
    case 's': fmt_s(p, s, n); break;
    case 'x': fmt_sbx(p, s, n, ldigits); break;
    case 'X': fmt_sbx(p, s, n, udigits); break;
    case 'q': fmt_q(p, s, n); break;
    default: bad_verb(p, verb); break;
    }
}

/* []byte: %s %q %x as a string, %v %d as [1 2 3], other verbs element by
 * element (each a uint8).  Go names the type []byte at the top level and
 * []uint8 inside containers (reflect's name), as helm's %#v shows. */
static void fmt_bytes(P *p, const char *s, size_t n, int32_t verb, const char *typestr)
{
    switch (verb) {
    case 's': fmt_s(p, s, n); return;
    case 'x': fmt_sbx(p, s, n, ldigits); return;
    case 'X': fmt_sbx(p, s, n, udigits); return;
    case 'q': fmt_q(p, s, n); return;
    }
    if (p->sharpv) {
        buf_adds(p->b, typestr);
        buf_addc(p->b, '{');
        for (size_t i = 0; i < n; i++) {
            if (i) buf_adds(p->b, ", ");
            fmt_0x64(p, (unsigned char)s[i], true);
        }
        buf_addc(p->b, '}');
        return;
    }
    buf_addc(p->b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) buf_addc(p->b, ' ');
        Value e = {0};
        e.kind = V_INT;
        e.gtype = GT_UINT8;
        e.u.u = (unsigned char)s[i];
        p->arg = e;
        fmt_int(p, e.u.u, false, verb == 'v' || verb == 'd' ? 'd' : verb);
    }
    buf_addc(p->b, ']');
}

static int cmp_entry(const void *a, const void *b)
{
    return str_cmp((*(MapEntry *const *)a)->key, (*(MapEntry *const *)b)->key);
}

static void print_map(P *p, Value v, int32_t verb, int depth)
{
    Map *m = v.u.m;
    bool strct = (m->flags & MAP_STRUCT) != 0;
    if (p->sharpv && !strct && !m->count && (m->flags & MAP_NIL)) {
        /* Go's %#v of a nil map */
        buf_adds(p->b, val_typename(v));
        buf_adds(p->b, "(nil)");
        return;
    }
    MapEntry **e = NULL;
    uint32_t n = 0;
    if (m->count) {
        e = malloc(sizeof *e * m->count);
        if (!e) return;
        for (uint32_t i = 0; i < m->used && n < m->count; i++)
            if (m->entries[i].key) e[n++] = &m->entries[i];
        /* Go sorts map keys; a struct keeps its field order. */
        if (!strct) qsort(e, n, sizeof *e, cmp_entry);
    }
    if (p->sharpv) buf_adds(p->b, val_typename(v));
    buf_adds(p->b, strct ? "{" : p->sharpv ? "{" : "map[");
    for (uint32_t i = 0; i < n && !over_budget(p); i++) {
        if (i) buf_adds(p->b, p->sharpv ? ", " : " ");
        if (strct) {
            if (p->plusv || p->sharpv) {
                buf_add(p->b, e[i]->key->s, e[i]->key->len);
                buf_addc(p->b, ':');
            }
        } else {
            Value k = val_str(e[i]->key);
            p->arg = k;
            fmt_string(p, k.u.s->s, k.u.s->len, verb);
            buf_addc(p->b, ':');
        }
        print_value(p, e[i]->val, verb, depth + 1);
    }
    buf_addc(p->b, strct || p->sharpv ? '}' : ']');
    free(e);
}

static void print_list(P *p, Value v, int32_t verb, int depth)
{
    List *l = v.u.l;
    if (p->sharpv && !l->len && (l->flags & LIST_NIL)) {
        /* Go's %#v of a nil slice */
        buf_adds(p->b, val_typename(v));
        buf_adds(p->b, "(nil)");
        return;
    }
    if (p->sharpv) {
        buf_adds(p->b, val_typename(v));
        buf_addc(p->b, '{');
    } else {
        buf_addc(p->b, '[');
    }
    for (uint32_t i = 0; i < l->len && !over_budget(p); i++) {
        if (i) buf_adds(p->b, p->sharpv ? ", " : " ");
        print_value(p, l->items[i], verb, depth + 1);
    }
    buf_addc(p->b, p->sharpv ? '}' : ']');
}

/* A named slice or map type without a String() method (common.VersionSet,
 * engine.files): Go prints the elements with the verb, as for the plain
 * type ([v1 ...], %q ["v1" ...]), and %#v names the type:
 * common.VersionSet{"v1", ...}, engine.files{"a.txt":[]uint8{0x68}}. */
static bool print_named(P *p, Value v, int32_t verb, int depth)
{
    const ObjType *t = v.u.o->type;
    if (!t->underlying || !t->go_kind) return false;
    bool slice = strcmp(t->go_kind, "slice") == 0;
    if (!slice && strcmp(t->go_kind, "map") != 0) return false;
    Arena a;
    arena_init(&a);
    Value u = t->underlying(&a, v.u.o);
    bool ok = u.kind == (slice ? V_LIST : V_MAP);
    if (ok && !p->sharpv) {
        if (slice) print_list(p, u, verb, depth);
        else print_map(p, u, verb, depth);
    } else if (ok) {
        buf_adds(p->b, t->go_type);
        buf_addc(p->b, '{');
        if (slice) {
            for (uint32_t i = 0; i < u.u.l->len && !over_budget(p); i++) {
                if (i) buf_adds(p->b, ", ");
                print_value(p, u.u.l->items[i], verb, depth + 1);
            }
        } else {
            MapEntry **e = map_sorted(u.u.m, &a);
            for (uint32_t i = 0; e && i < u.u.m->count && !over_budget(p); i++) {
                if (i) buf_adds(p->b, ", ");
                print_value(p, val_str(e[i]->key), verb, depth + 1);
                buf_addc(p->b, ':');
                print_value(p, e[i]->val, verb, depth + 1);
            }
        }
        buf_addc(p->b, '}');
    }
    arena_free(&a);
    return ok;
}

#ifdef CHARTC_OBJ_GO_FIELDS
/* A struct object without a String() method (helm's .Capabilities and its
 * parts): Go prints each field with the verb, {v1.35.0 v1.35.0 1 35},
 * %q {"v1.35.0" ...}, %d {%!d(string=v1.35.0) ...}; %+v names them,
 * {Version:v1.35.0 normalizedVersion:v1.35.0 ...}, %#v in Go syntax,
 * common.KubeVersion{Version:"v1.35.0", ...}; a pointer shows & at the
 * top.  Fields come from ObjType.go_fields. */
/* Types whose String() method fmt prefers for v s x X q (ObjType.print):
 * only %#v and the other verbs reach their fields. */
static const char *const stringer_types[] = {
    "time.Time", "*semver.Version", "semver.Version", "*time.Location",
};

static bool has_stringer(const ObjType *t)
{
    for (size_t i = 0; i < sizeof stringer_types / sizeof *stringer_types; i++)
        if (strcmp(t->go_type, stringer_types[i]) == 0) return true;
    return false;
}

static bool print_struct(P *p, Value v, int32_t verb, int depth)
{
    const ObjType *t = v.u.o->type;
    bool stringer = has_stringer(t);
    if (stringer && !p->erroring && !p->sharpv && (verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q'))
        return false;
    bool ptr = t->go_kind && strcmp(t->go_kind, "ptr") == 0;
    if (ptr && depth > 0 && (stringer || t->go_fields)) {
        /* printValue shows &{...} only at depth 0; inside a container a
         * pointer is fmtPointer's (*T)(0x...) or 0x... (the reference
         * prints map[Capabilities:0xc00066a2c0 ...] for %v of the root
         * object), whose address cannot be reproduced: the fake one %p
         * prints stands in. */
        bool nil = !v.u.o->data; /* a nil pointer field, time.Time's loc */
        const uint64_t fake = nil ? 0 : 0xc000010000ULL;
        switch (verb) {
        case 'v':
            if (p->sharpv) {
                buf_addc(p->b, '(');
                buf_adds(p->b, t->go_type);
                buf_adds(p->b, ")(");
                if (nil) buf_adds(p->b, "nil");
                else fmt_0x64(p, fake, true);
                buf_addc(p->b, ')');
            } else if (nil) pads(p, "<nil>");
            else fmt_0x64(p, fake, !p->sharp);
            return true;
        case 'b': case 'o': case 'd': case 'x': case 'X':
            fmt_int(p, fake, false, verb);
            return true;
        default: {
            /* badVerb prints the pointer again with %v at depth 0 and
             * p.erroring set: [%!t(*semver.Version=&{1 2 3   1.2.3})] */
            buf_adds(p->b, "%!");
            add_rune(p->b, verb);
            buf_addc(p->b, '(');
            buf_adds(p->b, t->go_type);
            buf_addc(p->b, '=');
            bool e = p->erroring;
            p->erroring = true;
            if (nil) buf_adds(p->b, "<nil>");
            else print_struct(p, v, 'v', 0);
            p->erroring = e;
            buf_addc(p->b, ')');
            return true;
        }
        }
    }
    Value (*fields)(Arena *, const Obj *) = t->go_fields;
    if (!fields) return false;
    Arena a;
    arena_init(&a);
    Value f = fields(&a, v.u.o);
    /* go_fields of a type with GoString() gives [GoString(), fields] */
    if (f.kind == V_LIST && f.u.l->len == 2 && f.u.l->items[0].kind == V_STR)
        f = p->sharpv ? f.u.l->items[0] : f.u.l->items[1];
    if (f.kind == V_STR && p->sharpv) {
        /* GoString(): the text as is, unpadded (handleMethods) */
        buf_add(p->b, f.u.s->s, f.u.s->len);
        arena_free(&a);
        return true;
    }
    bool ok = f.kind == V_MAP;
    if (ok) {
        const char *name = t->go_type;
        if (t->go_kind && strcmp(t->go_kind, "ptr") == 0) {
            buf_addc(p->b, '&');
            if (name[0] == '*') name++;
        }
        if (p->sharpv) buf_adds(p->b, name);
        buf_addc(p->b, '{');
        Map *m = f.u.m;
        uint32_t n = 0;
        for (uint32_t i = 0; i < m->used && !over_budget(p); i++) {
            if (!m->entries[i].key) continue;
            if (n++) buf_adds(p->b, p->sharpv ? ", " : " ");
            if (p->plusv || p->sharpv) {
                buf_add(p->b, m->entries[i].key->s, m->entries[i].key->len);
                buf_addc(p->b, ':');
            }
            print_value(p, m->entries[i].val, verb, depth + 1);
        }
        buf_addc(p->b, '}');
    }
    arena_free(&a);
    return ok;
}
#endif

/* Objects print through their type's print(), Go's String() method: used
 * for the verbs Go offers a Stringer (v s x X q); others are bad verbs. */
static void print_obj(P *p, Value v, int32_t verb, int depth)
{
    if (v.kind == V_OBJ && print_named(p, v, verb, depth)) return;
#ifdef CHARTC_OBJ_GO_FIELDS
    if (v.kind == V_OBJ && print_struct(p, v, verb, depth)) return;
#endif
    int64_t i;
    /* String() serves v s x X q only, and %#v wants GoString(): other
     * verbs format the integer underneath (%d of a time.Duration). */
    if (int_obj(v, &i) && (p->sharpv || (verb != 'v' && verb != 's' && verb != 'x' && verb != 'X' && verb != 'q'))) {
        fmt_int(p, (uint64_t)i, true, verb);
        return;
    }
    Buf t = BUF_INIT;
    if (v.kind == V_OBJ && v.u.o->type->print) v.u.o->type->print(v.u.o, &t);
    else buf_adds(&t, v.kind == V_FUNC ? "0x0" : "?");
    switch (verb) {
    case 'v': case 's': case 'x': case 'X': case 'q': {
        bool sv = p->sharpv;
        p->sharpv = false;
        fmt_string(p, t.data ? t.data : "", t.len, verb);
        p->sharpv = sv;
        break;
    }
    default:
        buf_adds(p->b, "%!");
        add_rune(p->b, verb);
        buf_addc(p->b, '(');
        buf_adds(p->b, val_typename(v));
        buf_addc(p->b, '=');
        buf_add(p->b, t.data ? t.data : "", t.len);
        buf_addc(p->b, ')');
        break;
    }
    buf_free(&t);
}

static bool is_complex(Value v, int *size)
{
    if (v.kind != V_OBJ || !v.u.o->data) return false;
    if (v.u.o->type == &fmt_complex128_type) *size = 64;
    else if (v.u.o->type == &fmt_complex64_type) *size = 32;
    else return false;
    return true;
}

/* fmtComplex: (re+imi), each part formatted with the verb and flags; the
 * imaginary part always shows its sign. */
static void fmt_cplx(P *p, const double *c, int size, int32_t verb)
{
    switch (verb) {
    case 'v': case 'b': case 'g': case 'G': case 'x': case 'X':
    case 'f': case 'F': case 'e': case 'E': {
        bool plus = p->plus;
        buf_addc(p->b, '(');
        fmt_flt(p, c[0], size, verb);
        p->plus = true;
        fmt_flt(p, c[1], size, verb);
        buf_adds(p->b, "i)");
        p->plus = plus;
        break;
    }
    default:
        bad_verb(p, verb);
        break;
    }
}

static int complex_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    return 0;
}

static void complex_print(const Obj *o, Buf *b)
{
    Value v = val_obj((Obj *)o);
    fmt_value(b, v);
}

const ObjType fmt_complex128_type = {"complex128", "complex128", complex_get, complex_print};
const ObjType fmt_complex64_type = {"complex64", "complex64", complex_get, complex_print};

/* printValue: the reflection path, reached for containers and whatever
 * they hold.  A nil element prints <nil> whatever the verb, unpadded. */
static void print_value(P *p, Value v, int32_t verb, int depth)
{
    if (depth > FMT_MAX_DEPTH || over_budget(p)) return;
    if (depth > 0) p->arg = v;
    switch ((VKind)v.kind) {
    case V_NIL:
        buf_adds(p->b, p->sharpv ? "interface {}(nil)" : "<nil>");
        break;
    case V_BOOL: fmt_bool(p, v.u.b, verb); break;
    case V_INT: fmt_int(p, v.u.u, !is_unsigned(v), verb); break;
    case V_FLOAT: fmt_flt(p, v.u.f, is_float32(v) ? 32 : 64, verb); break;
    case V_STR:
        if (v.gtype == GT_BYTES) fmt_bytes(p, v.u.s->s, v.u.s->len, verb, depth > 0 ? "[]uint8" : "[]byte");
        else fmt_string(p, v.u.s->s, v.u.s->len, verb);
        break;
    case V_LIST:
        if (depth > 0 && verb == 'w') bad_verb(p, verb);
        else print_list(p, v, verb, depth);
        break;
    case V_MAP:
        if (depth > 0 && verb == 'w') bad_verb(p, verb);
        else print_map(p, v, verb, depth);
        break;
    case V_OBJ: case V_FUNC: {
        int size;
        if (is_complex(v, &size)) fmt_cplx(p, v.u.o->data, size, verb);
        else print_obj(p, v, verb, depth);
        break;
    }
    }
}

/* printArg: the top level of one operand. */
static void print_arg(P *p, Value v, int32_t verb)
{
    p->arg = v;
    if (v.kind == V_NIL) {
        if (verb == 'T' || verb == 'v') pads(p, "<nil>");
        else bad_verb(p, verb);
        return;
    }
    if (verb == 'T') {
        const char *t = val_typename(v);
        fmt_s(p, t, strlen(t));
        return;
    }
    if (verb == 'p') {
        /* Addresses cannot be reproduced; non-pointers are bad verbs. */
        int size;
        if (v.kind == V_LIST || v.kind == V_MAP || v.kind == V_FUNC ||
            (v.kind == V_OBJ && !is_complex(v, &size)) || (v.kind == V_STR && v.gtype == GT_BYTES))
            fmt_0x64(p, 0xc000010000ULL, !p->sharp);
        else bad_verb(p, verb);
        return;
    }
    switch ((VKind)v.kind) {
    case V_LIST: case V_MAP: case V_OBJ: case V_FUNC:
        /* %w wants an error; handleMethods refuses anything else */
        if (verb == 'w') {
            bad_verb(p, verb);
            return;
        }
        break;
    default:
        break;
    }
    print_value(p, v, verb, 0);
}

/* ---- Print, Println, Printf ------------------------------------------- */

void fmt_value(Buf *b, Value v)
{
    P p;
    p_init(&p, b);
    print_arg(&p, v, 'v');
}

void fmt_print(Buf *b, int argc, const Value *argv)
{
    P p;
    bool prev_string = false;
    p_init(&p, b);
    for (int i = 0; i < argc; i++) {
        bool is_string = argv[i].kind == V_STR && argv[i].gtype != GT_BYTES;
        if (i > 0 && !is_string && !prev_string) buf_addc(b, ' ');
        print_arg(&p, argv[i], 'v');
        prev_string = is_string;
    }
}

void fmt_println(Buf *b, int argc, const Value *argv)
{
    P p;
    p_init(&p, b);
    for (int i = 0; i < argc; i++) {
        if (i > 0) buf_addc(b, ' ');
        print_arg(&p, argv[i], 'v');
    }
    buf_addc(b, '\n');
}

/* Go's tooLarge: widths, precisions and indexes are capped at 1e6. */
static bool too_large(long x)
{
    return x > 1000000 || x < -1000000;
}

/* parsenum: digits in s[start, end); overflow eats the rest (newi = end). */
static bool parse_num(const char *s, size_t start, size_t end, int *num, size_t *newi)
{
    long n = 0;
    bool isnum = false;
    size_t i;
    *num = 0;
    if (start >= end) {
        *newi = end;
        return false;
    }
    for (i = start; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
        if (too_large(n)) {
            *newi = end;
            return false;
        }
        n = n * 10 + (s[i] - '0');
        isnum = true;
    }
    *num = (int)n;
    *newi = i;
    return isnum;
}

/* argNumber: an explicit [n] index at s[*i]. */
static int arg_number(P *p, int argnum, const char *s, size_t *i, size_t end, int argc, bool *found)
{
    *found = false;
    if (*i >= end || s[*i] != '[') return argnum;
    p->reordered = true;
    const char *f = s + *i;
    size_t len = end - *i, wid = 1;
    int index = 0;
    bool ok = false;
    if (len >= 3) {
        for (size_t k = 1; k < len; k++) {
            if (f[k] != ']') continue;
            int w;
            size_t newi;
            bool isnum = parse_num(f, 1, k, &w, &newi);
            wid = k + 1;
            if (isnum && newi == k) {
                index = w - 1;
                ok = true;
            }
            break;
        }
    }
    *i += wid;
    if (ok && index >= 0 && index < argc) {
        *found = true;
        return index;
    }
    p->good_argnum = false;
    *found = ok;
    return argnum;
}

/* intFromArg: a '*' width or precision taken from an int operand. */
static bool int_from_arg(int argc, const Value *argv, int *argnum, int *num)
{
    bool isint = false;
    *num = 0;
    if (*argnum >= argc) return false;
    Value v = argv[*argnum];
    if (v.kind == V_INT) {
        if (!is_unsigned(v)) {
            isint = true;
            *num = too_large(v.u.i) ? 0 : (int)v.u.i;
            if (too_large(v.u.i)) isint = false;
        } else if (v.u.u <= 1000000) {
            isint = true;
            *num = (int)v.u.u;
        }
    }
    (*argnum)++;
    return isint;
}

static void bad_arg(P *p, int32_t verb, const char *what)
{
    buf_adds(p->b, "%!");
    add_rune(p->b, verb);
    buf_adds(p->b, what);
}

void fmt_printf(Buf *b, const char *format, size_t end, int argc, const Value *argv)
{
    P p;
    int argnum = 0;
    bool after_index = false;
    size_t i = 0;
    p_init(&p, b);
    while (i < end) {
        p.good_argnum = true;
        size_t lasti = i;
        while (i < end && format[i] != '%') i++;
        if (i > lasti) buf_add(b, format + lasti, i - lasti);
        if (i >= end) break;
        i++;
        clear_flags(&p);
        for (; i < end; i++) {
            char c = format[i];
            if (c == '#') p.sharp = true;
            else if (c == '0') p.zero = !p.minus;   /* only pad zeros to the left */
            else if (c == '+') p.plus = true;
            else if (c == '-') p.minus = true, p.zero = false;
            else if (c == ' ') p.space = true;
            else break;
        }
        argnum = arg_number(&p, argnum, format, &i, end, argc, &after_index);
        if (i < end && format[i] == '*') {
            i++;
            p.wid_present = int_from_arg(argc, argv, &argnum, &p.wid);
            if (!p.wid_present) buf_adds(b, "%!(BADWIDTH)");
            if (p.wid < 0) {
                p.wid = -p.wid;
                p.minus = true;
                p.zero = false;
            }
            after_index = false;
        } else {
            p.wid_present = parse_num(format, i, end, &p.wid, &i);
            if (after_index && p.wid_present) p.good_argnum = false;   /* "%[3]2d" */
        }
        if (i + 1 < end && format[i] == '.') {
            i++;
            if (after_index) p.good_argnum = false;                     /* "%[3].2d" */
            argnum = arg_number(&p, argnum, format, &i, end, argc, &after_index);
            if (i < end && format[i] == '*') {
                i++;
                p.prec_present = int_from_arg(argc, argv, &argnum, &p.prec);
                if (p.prec < 0) {
                    p.prec = 0;
                    p.prec_present = false;
                }
                if (!p.prec_present) buf_adds(b, "%!(BADPREC)");
                after_index = false;
            } else {
                p.prec_present = parse_num(format, i, end, &p.prec, &i);
                if (!p.prec_present) {
                    p.prec = 0;
                    p.prec_present = true;
                }
            }
        }
        if (!after_index) argnum = arg_number(&p, argnum, format, &i, end, argc, &after_index);
        if (i >= end) {
            buf_adds(b, "%!(NOVERB)");
            break;
        }
        int32_t verb = (unsigned char)format[i];
        int size = 1;
        if (verb >= 0x80) size = utf8_dec((const unsigned char *)format + i, end - i, &verb);
        i += (size_t)size;
        if (verb == '%') {
            buf_addc(b, '%');   /* absorbs no operand, ignores width and precision */
        } else if (!p.good_argnum) {
            bad_arg(&p, verb, "(BADINDEX)");
        } else if (argnum >= argc) {
            bad_arg(&p, verb, "(MISSING)");
        } else {
            if (verb == 'v' || verb == 'w') {
                p.sharpv = p.sharp;
                p.sharp = false;
                p.plusv = p.plus;
                p.plus = false;
            }
            print_arg(&p, argv[argnum], verb);
            argnum++;
        }
    }
    if (!p.reordered && argnum < argc) {
        clear_flags(&p);
        buf_adds(b, "%!(EXTRA ");
        for (int k = argnum; k < argc; k++) {
            if (k > argnum) buf_adds(b, ", ");
            if (argv[k].kind == V_NIL) {
                buf_adds(b, "<nil>");
            } else {
                buf_adds(b, val_typename(argv[k]));
                buf_addc(b, '=');
                print_arg(&p, argv[k], 'v');
            }
        }
        buf_addc(b, ')');
    }
}

bool fmt_underscore_ok(const char *s, size_t n)
{
    char saw = '^';
    size_t i = 0;
    if (n && (s[0] == '-' || s[0] == '+')) i = 1;
    bool hex = false;
    if (n - i >= 2 && s[i] == '0') {
        char b = (char)(s[i + 1] | 0x20);
        if (b == 'b' || b == 'o' || b == 'x') {
            i += 2;
            saw = '0';
            hex = b == 'x';
        }
    }
    for (; i < n; i++) {
        char c = s[i], l = (char)(c | 0x20);
        if ((c >= '0' && c <= '9') || (hex && l >= 'a' && l <= 'f')) { saw = '0'; continue; }
        if (c == '_') {
            if (saw != '0') return false;
            saw = '_';
            continue;
        }
        if (saw == '_') return false;
        saw = '!';
    }
    return saw != '_';
}
