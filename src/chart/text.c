/* text.c - see text.h. */
#include "text.h"

#include <string.h>

#include "../value/fmt.h"

size_t chart_utf8(const char *s, size_t n, uint32_t *r)
{
    const unsigned char *c = (const unsigned char *)s;
    *r = 0xFFFD;
    if (c[0] < 0x80) { *r = c[0]; return 1; }
    if (c[0] >= 0xC2 && c[0] <= 0xDF && n >= 2 && (c[1] & 0xC0) == 0x80) {
        *r = ((uint32_t)(c[0] & 0x1F) << 6) | (c[1] & 0x3F);
        return 2;
    }
    if (c[0] >= 0xE0 && c[0] <= 0xEF && n >= 3 && (c[1] & 0xC0) == 0x80 && (c[2] & 0xC0) == 0x80) {
        uint32_t v = ((uint32_t)(c[0] & 0x0F) << 12) | ((uint32_t)(c[1] & 0x3F) << 6) | (c[2] & 0x3F);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) { *r = v; return 3; }
        return 1;
    }
    if (c[0] >= 0xF0 && c[0] <= 0xF4 && n >= 4 && (c[1] & 0xC0) == 0x80 && (c[2] & 0xC0) == 0x80 &&
        (c[3] & 0xC0) == 0x80) {
        uint32_t v = ((uint32_t)(c[0] & 0x07) << 18) | ((uint32_t)(c[1] & 0x3F) << 12) |
                     ((uint32_t)(c[2] & 0x3F) << 6) | (c[3] & 0x3F);
        if (v >= 0x10000 && v <= 0x10FFFF) { *r = v; return 4; }
    }
    return 1;
}

bool chart_unicode_space(uint32_t r)
{
    return (r >= '\t' && r <= '\r') || r == ' ' || r == 0x85 || r == 0xA0 || r == 0x1680 ||
           (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F ||
           r == 0x205F || r == 0x3000;
}

const char *chart_json_kind(Value v)
{
    switch (v.kind) {
    case V_STR: return "string";
    case V_INT: case V_FLOAT: return "number";
    case V_BOOL: return "bool";
    case V_LIST: return "array";
    case V_MAP: return "object";
    default: return "null";
    }
}

/* strconv.IsPrint for one multi-byte rune: fmt_quote leaves exactly the
 * printable runes as they are. */
static bool rune_printable(const char *s, size_t n)
{
    Buf t = BUF_INIT;
    fmt_quote(&t, s, n);
    bool same = t.len == n + 2 && memcmp(t.data + 1, s, n) == 0;
    buf_free(&t);
    return same;
}

/* log/slog's needsQuoting: ASCII outside encoding/json's safeSet (controls,
 * '"'; but not '\\' or DEL), space and '=', and any rune that is
 * utf8.RuneError (invalid bytes and a real U+FFFD alike), a space or not
 * printable.  The reference logs hookTypes=ba<DEL>r and b\c bare, but
 * "x\u00a0y" and "q\u200bz" quoted. */
static bool slog_needs_quote(const char *s)
{
    size_t n = strlen(s);
    if (!n) return true;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c <= ' ' || c == '=' || c == '"') return true;
            i++;
            continue;
        }
        uint32_t r;
        size_t k = chart_utf8(s + i, n - i, &r);
        if (r == 0xFFFD || chart_unicode_space(r) || !rune_printable(s + i, k)) return true;
        i += k;
    }
    return false;
}

static void slog_value(Buf *b, const char *s)
{
    if (slog_needs_quote(s)) fmt_quote(b, s, strlen(s));
    else buf_adds(b, s);
}

void chart_log(Buf *logs, const char *level, const char *msg, int nkv, const char *const *kv)
{
    if (!logs) return;
    buf_printf(logs, "level=%s msg=", level);
    slog_value(logs, msg);
    for (int i = 0; i < nkv; i++) {
        buf_printf(logs, " %s=", kv[2 * i]);
        slog_value(logs, kv[2 * i + 1]);
    }
    buf_addc(logs, '\n');
}
