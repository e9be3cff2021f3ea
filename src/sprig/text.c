/* text.c - Go's utf8 decoding and unicode classes (see sprig_text.h). */
#include "sprig_text.h"
#include "../util/unicode.h"

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

/* Go's classes are the general categories alone (util/unicode.h). */
bool sprig_is_upper(SprigUC *u, int32_t r) { (void)u; return uni_is_upper((uint32_t)r); }
bool sprig_is_lower(SprigUC *u, int32_t r) { (void)u; return uni_is_lower((uint32_t)r); }
bool sprig_is_letter(SprigUC *u, int32_t r) { (void)u; return uni_is_letter((uint32_t)r); }
bool sprig_is_digit(SprigUC *u, int32_t r) { (void)u; return uni_is_digit((uint32_t)r); }
bool sprig_is_number(SprigUC *u, int32_t r) { (void)u; return uni_is_number((uint32_t)r); }
bool sprig_is_punct(SprigUC *u, int32_t r) { (void)u; return uni_is_punct((uint32_t)r); }

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
    /* Georgian Mkhedruli has an upper case (Mtavruli) but is its own title case */
    if ((r >= 0x10D0 && r <= 0x10FA) || (r >= 0x10FD && r <= 0x10FF)) return r;
    return sprig_to_upper(u, r);
}
