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

/* slog's needsQuoting, for the ASCII cases that occur in our values. */
static void slog_value(Buf *b, const char *s)
{
    bool q = !*s;
    for (const unsigned char *p = (const unsigned char *)s; *p && !q; p++)
        q = *p <= ' ' || *p == '=' || *p == '"' || *p == 0x7F;
    if (q) fmt_quote(b, s, strlen(s));
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
