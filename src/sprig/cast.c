/* cast.c - spf13/cast and Sprig's strval (see cast.h). */
#include "cast.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../value/fmt.h"

int64_t cast_float_to_int64(double f)
{
    /* amd64's CVTTSD2SI yields the "integer indefinite" value. */
    if (isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0) return INT64_MIN;
    return (int64_t)f;
}

static int digit_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    return 99;
}

/* Go's underscoreOK: '_' only between digits or after a base prefix. */
static int underscore_ok(const char *s, size_t n)
{
    char saw = '^';
    size_t i = 0;
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) { s++; n--; }
    int hex = 0;
    if (n >= 2 && s[0] == '0' && strchr("bBoOxX", s[1])) {
        i = 2;
        saw = '0';
        hex = tolower((unsigned char)s[1]) == 'x';
    }
    for (; i < n; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || (hex && isxdigit((unsigned char)c))) { saw = '0'; continue; }
        if (c == '_') {
            if (saw != '0') return 0;
            saw = '_';
            continue;
        }
        if (saw == '_') return 0;
        saw = '!';
    }
    return saw != '_';
}

int cast_parse_int(const char *s, size_t n, int base, int64_t *out)
{
    *out = 0;
    if (n == 0) return -1;
    int neg = 0;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-') { neg = s[0] == '-'; i = 1; }
    int base0 = base == 0, under = 0;
    if (base == 0) {
        base = 10;
        if (i < n && s[i] == '0') {
            if (i + 2 <= n && i + 1 < n && strchr("bB", s[i + 1])) { base = 2; i += 2; }
            else if (i + 1 < n && strchr("oO", s[i + 1])) { base = 8; i += 2; }
            else if (i + 1 < n && strchr("xX", s[i + 1])) { base = 16; i += 2; }
            else { base = 8; i += 1; if (i == n) return 0; }
        }
    }
    if (i == n) return -1;
    uint64_t v = 0, cutoff = UINT64_MAX / (uint64_t)base + 1;
    int range = 0;
    for (; i < n; i++) {
        if (s[i] == '_' && base0) { under = 1; continue; }
        int d = digit_val(s[i]);
        if (d >= base) return -1;
        if (range) continue;
        if (v >= cutoff) { range = 1; continue; }
        uint64_t nv = v * (uint64_t)base + (uint64_t)d;
        if (nv < v * (uint64_t)base) { range = 1; continue; }
        v = nv;
    }
    if (under && !underscore_ok(s, n)) return -1;
    uint64_t lim = neg ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
    if (range || v > lim) {
        *out = neg ? INT64_MIN : INT64_MAX;
        return -2;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

static int eq_fold(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    if (n != m) return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != w[i]) return 0;
    return 1;
}

/* Go's float syntax: decimal or hex (with a p exponent) mantissa, '_'
 * between digits, inf/infinity with a sign, nan without one. */
int cast_parse_float(const char *s, size_t n, double *out)
{
    *out = 0;
    if (n == 0) return -1;
    size_t i = 0;
    int neg = 0;
    if (s[0] == '+' || s[0] == '-') { neg = s[0] == '-'; i = 1; }
    if (eq_fold(s + i, n - i, "inf") || eq_fold(s + i, n - i, "infinity")) {
        *out = neg ? -INFINITY : INFINITY;
        return 0;
    }
    if (i == 0 && eq_fold(s, n, "nan")) { *out = NAN; return 0; }
    int hex = 0, digits = 0, under = 0, dot = 0;
    size_t start = i;
    if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) { hex = 1; i += 2; }
    for (; i < n; i++) {
        char c = s[i];
        if (c == '_') { under = 1; continue; }
        if (c == '.') { if (dot) return -1; dot = 1; continue; }
        if (isdigit((unsigned char)c) || (hex && isxdigit((unsigned char)c))) { digits++; continue; }
        break;
    }
    if (!digits) return -1;
    if (i < n && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' || s[i] == 'E'))) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t ed = 0;
        for (; i < n && (isdigit((unsigned char)s[i]) || s[i] == '_'); i++)
            if (s[i] != '_') ed++; else under = 1;
        if (!ed) return -1;
    } else if (hex) {
        return -1;
    }
    if (i != n) return -1;
    if (under && !underscore_ok(s, n)) return -1;
    char tmp[128], *p = tmp;
    if (n >= sizeof tmp && !(p = malloc(n + 1))) return -1;
    size_t k = 0;
    if (neg) p[k++] = '-';
    for (size_t j = start; j < n; j++)
        if (s[j] != '_') p[k++] = s[j];
    p[k] = 0;
    double d = strtod(p, NULL);
    if (p != tmp) free(p);
    *out = d;
    return isinf(d) ? -2 : 0;
}

/* spf13/cast's trimZeroDecimal: "1.000" -> "1", "1." and "1.5" unchanged. */
static size_t trim_zero_decimal(const char *s, size_t n)
{
    int zero = 0;
    for (size_t i = n; i > 0; i--) {
        char c = s[i - 1];
        if (c == '.') {
            if (zero) return i - 1;
        } else if (c == '0') {
            zero = 1;
        } else {
            return n;
        }
    }
    return n;
}

int64_t cast_to_int64(Value v)
{
    switch ((VKind)v.kind) {
    case V_BOOL: return v.u.b ? 1 : 0;
    case V_INT: return v.u.i;
    case V_FLOAT: return cast_float_to_int64(v.u.f);
    case V_STR: {
        if (v.gtype == GT_BYTES) return 0;
        int64_t r;
        if (cast_parse_int(v.u.s->s, trim_zero_decimal(v.u.s->s, v.u.s->len), 0, &r) != 0) return 0;
        return r;
    }
    default: return 0;
    }
}

double cast_to_float64(Value v)
{
    switch ((VKind)v.kind) {
    case V_BOOL: return v.u.b ? 1 : 0;
    case V_INT:
        if (v.gtype == GT_UINT || v.gtype == GT_UINT64) return (double)v.u.u;
        return (double)v.u.i;
    case V_FLOAT: return v.u.f;
    case V_STR: {
        if (v.gtype == GT_BYTES) return 0;
        double d;
        if (cast_parse_float(v.u.s->s, v.u.s->len, &d) != 0) return 0;
        return d;
    }
    default: return 0;
    }
}

void cast_strval(Buf *b, Value v)
{
    if (v.kind == V_STR) buf_add(b, v.u.s->s, v.u.s->len);
    else fmt_value(b, v);
}

Str *cast_strval_str(Arena *a, Value v)
{
    if (v.kind == V_STR) return v.u.s;
    Buf b = BUF_INIT;
    fmt_value(&b, v);
    Str *s = str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

bool cast_empty(Value v)
{
    switch ((VKind)v.kind) {
    case V_NIL: return true;
    case V_BOOL: return !v.u.b;
    case V_INT: return v.u.i == 0;
    case V_FLOAT: return v.u.f == 0;
    case V_STR: return v.u.s->len == 0;
    case V_LIST: return v.u.l->len == 0;
    case V_MAP: return v.u.m->count == 0;
    case V_OBJ:
        /* an object standing for a map or slice (engine.files) is empty
         * when that is; structs and pointers never are */
        if (v.u.o->type->underlying) {
            Arena a;
            arena_init(&a);
            bool r = cast_empty(v.u.o->type->underlying(&a, v.u.o));
            arena_free(&a);
            return r;
        }
        return false;
    default: return false;
    }
}

const char *cast_kind(Value v)
{
    return val_kindname(v);
}
