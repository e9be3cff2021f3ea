/* text.c - Go's utf8 decoding and unicode classes (see sprig_text.h). */
#include "sprig_text.h"

#include <wctype.h>

static locale_t uc_loc(SprigUC *u)
{
    if (!u->loc) u->loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    return u->loc;
}

void sprig_uc_close(SprigUC *u)
{
    if (u->loc) freelocale(u->loc);
    u->loc = (locale_t)0;
}

size_t sprig_utf8_decode(const char *s, size_t n, int32_t *r)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    *r = SPRIG_RUNE_ERROR;
    if (c < 0x80) { *r = (int32_t)c; return 1; }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 4; v = c & 0x07; min = 0x10000; }
    else return 1;
    if (n < need) return 1;
    for (size_t i = 1; i < need; i++) {
        if ((p[i] & 0xC0) != 0x80) return 1;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 1;
    *r = (int32_t)v;
    return need;
}

size_t sprig_utf8_encode(char *out, int32_t r)
{
    uint32_t v = (uint32_t)r;
    if (r < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = SPRIG_RUNE_ERROR;
    if (v < 0x80) { out[0] = (char)v; return 1; }
    if (v < 0x800) {
        out[0] = (char)(0xC0 | (v >> 6));
        out[1] = (char)(0x80 | (v & 0x3F));
        return 2;
    }
    if (v < 0x10000) {
        out[0] = (char)(0xE0 | (v >> 12));
        out[1] = (char)(0x80 | ((v >> 6) & 0x3F));
        out[2] = (char)(0x80 | (v & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (v >> 18));
    out[1] = (char)(0x80 | ((v >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((v >> 6) & 0x3F));
    out[3] = (char)(0x80 | (v & 0x3F));
    return 4;
}

void sprig_buf_rune(Buf *b, int32_t r)
{
    char tmp[4];
    buf_add(b, tmp, sprig_utf8_encode(tmp, r));
}

/* unicode.IsSpace: Latin-1 set plus the White_Space property. */
bool sprig_is_space(int32_t r)
{
    switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
        return true;
    }
    return r >= 0x2000 && r <= 0x200A;
}

/* The Lt letters, which glibc counts as upper case and Go does not. */
bool sprig_is_title(int32_t r)
{
    return r == 0x1C5 || r == 0x1C8 || r == 0x1CB || r == 0x1F2 ||
           (r >= 0x1F88 && r <= 0x1F8F) || (r >= 0x1F98 && r <= 0x1F9F) ||
           (r >= 0x1FA8 && r <= 0x1FAF) || r == 0x1FBC || r == 0x1FCC || r == 0x1FFC;
}

bool sprig_is_upper(SprigUC *u, int32_t r)
{
    if (r < 0x80) return r >= 'A' && r <= 'Z';
    if (sprig_is_title(r)) return false;
    locale_t l = uc_loc(u);
    return l && iswupper_l((wint_t)r, l);
}

bool sprig_is_lower(SprigUC *u, int32_t r)
{
    if (r < 0x80) return r >= 'a' && r <= 'z';
    locale_t l = uc_loc(u);
    return l && iswlower_l((wint_t)r, l);
}

bool sprig_is_letter(SprigUC *u, int32_t r)
{
    if (r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
    if (r == 0xAA || r == 0xBA) return true;
    locale_t l = uc_loc(u);
    /* glibc counts the non-ASCII decimal digits as alphabetic */
    return l && iswalpha_l((wint_t)r, l) && !sprig_is_digit(u, r);
}

bool sprig_is_digit(SprigUC *u, int32_t r)
{
    if (r < 0x80) return r >= '0' && r <= '9';
    /* Nd outside ASCII (glibc's iswdigit is ASCII-only): the zeros of the
     * common decimal digit blocks, each followed by nine more digits. */
    static const int32_t zeros[] = {0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66,
                                    0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50, 0xED0, 0xF20, 0x1040,
                                    0x17E0, 0x1810, 0xFF10};
    for (size_t i = 0; i < sizeof zeros / sizeof *zeros; i++)
        if (r >= zeros[i] && r < zeros[i] + 10) return true;
    return false;
}

bool sprig_is_number(SprigUC *u, int32_t r)
{
    if (sprig_is_digit(u, r)) return true;
    /* No, Nl: the Latin-1 ones and the common superscripts/fractions/numerals. */
    return r == 0xB2 || r == 0xB3 || r == 0xB9 || (r >= 0xBC && r <= 0xBE) ||
           (r >= 0x2070 && r <= 0x2079 && r != 0x2071 && r != 0x2072 && r != 0x2073) ||
           (r >= 0x2080 && r <= 0x2089) || (r >= 0x2150 && r <= 0x2189) ||
           (r >= 0x2460 && r <= 0x249B) || (r >= 0x24EA && r <= 0x24FF) ||
           (r >= 0x2776 && r <= 0x2793);
}

bool sprig_is_punct(SprigUC *u, int32_t r)
{
    if (r < 0x80) {
        /* Go's P category in ASCII; $+<=>^`|~ are symbols (S). */
        switch (r) {
        case '!': case '"': case '#': case '%': case '&': case '\'': case '(': case ')':
        case '*': case ',': case '-': case '.': case '/': case ':': case ';': case '?':
        case '@': case '[': case '\\': case ']': case '_': case '{': case '}':
            return true;
        }
        return false;
    }
    if (r == 0xA1 || r == 0xA7 || r == 0xAB || r == 0xB6 || r == 0xB7 || r == 0xBB || r == 0xBF)
        return true;
    if (r < 0x100) return false;
    if ((r >= 0x2010 && r <= 0x2027) || (r >= 0x2030 && r <= 0x205E) || (r >= 0x3001 && r <= 0x3003) ||
        (r >= 0x3008 && r <= 0x3011))
        return true;
    locale_t l = uc_loc(u);
    return l && iswpunct_l((wint_t)r, l) && !(r >= 0x2100 && r <= 0x2BFF);
}

int32_t sprig_to_upper(SprigUC *u, int32_t r)
{
    if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
    locale_t l = uc_loc(u);
    return l ? (int32_t)towupper_l((wint_t)r, l) : r;
}

int32_t sprig_to_lower(SprigUC *u, int32_t r)
{
    if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
    locale_t l = uc_loc(u);
    return l ? (int32_t)towlower_l((wint_t)r, l) : r;
}

int32_t sprig_to_title(SprigUC *u, int32_t r)
{
    /* The digraphs' title forms are their own code points (Dž, Lj, Nj, Dz). */
    switch (r) {
    case 0x1C4: case 0x1C5: case 0x1C6: return 0x1C5;
    case 0x1C7: case 0x1C8: case 0x1C9: return 0x1C8;
    case 0x1CA: case 0x1CB: case 0x1CC: return 0x1CB;
    case 0x1F1: case 0x1F2: case 0x1F3: return 0x1F2;
    }
    return sprig_to_upper(u, r);
}
