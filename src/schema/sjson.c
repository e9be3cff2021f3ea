/*
 * sjson.c - JSON as the schema library reads it, exact decimals, and the
 * x/text number printing of its messages.
 *
 * santhosh-tekuri's UnmarshalJSON runs encoding/json's Decoder with
 * UseNumber: numbers stay json.Number (their literal text), the first
 * value is decoded and anything but whitespace after it is "invalid
 * character after top-level value".  Truncated input is io's "unexpected
 * EOF" (the chart corpus' schemabad case shows it), empty input "EOF";
 * other syntax errors are the scanner's, which src/json reproduces, so
 * the message is taken from json_decode.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_int.h"
#include "../json/json.h"
#include "../value/fmt.h"

#define SJ_MAX_DEPTH 10000

static void num_print(const Obj *o, Buf *b)
{
    const SNumber *n = o->data;
    buf_add(b, n->lit->s, n->lit->len);
}

const ObjType schema_number_type = { .go_type = "json.Number", .go_kind = "string", .print = num_print };

const Str *schema_number_literal(Value v)
{
    if (v.kind != V_OBJ || v.u.o->type != &schema_number_type) return NULL;
    return ((const SNumber *)v.u.o->data)->lit;
}

typedef struct P {
    Arena *a;
    const char *s, *end;
    int depth;
} P;

static void ws(P *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')) p->s++;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int hex4(P *p)
{
    if (p->end - p->s < 4) return -1;
    int r = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexv(p->s[i]);
        if (h < 0) return -1;
        r = r * 16 + h;
    }
    p->s += 4;
    return r;
}

static Str *pstring(P *p)
{
    /* most strings are printable ASCII without escapes: taken as they are */
    const char *q = p->s + 1;
    while (q < p->end && (unsigned char)*q >= 0x20 && (unsigned char)*q < 0x80 && *q != '"' && *q != '\\') q++;
    if (q < p->end && *q == '"') {
        Str *s = str_new(p->a, p->s + 1, (size_t)(q - p->s - 1));
        p->s = q + 1;
        return s;
    }
    Buf b = BUF_INIT;
    p->s++;
    for (;;) {
        if (p->s >= p->end) goto fail;
        unsigned char c = (unsigned char)*p->s;
        if (c == '"') { p->s++; break; }
        if (c < 0x20) goto fail;
        if (c == '\\') {
            p->s++;
            if (p->s >= p->end) goto fail;
            char e = *p->s++;
            switch (e) {
            case '"': case '\\': case '/': buf_addc(&b, e); break;
            case 'b': buf_addc(&b, '\b'); break;
            case 'f': buf_addc(&b, '\f'); break;
            case 'n': buf_addc(&b, '\n'); break;
            case 'r': buf_addc(&b, '\r'); break;
            case 't': buf_addc(&b, '\t'); break;
            case 'u': {
                int r = hex4(p);
                if (r < 0) goto fail;
                if (r >= 0xD800 && r < 0xDC00) {
                    /* Go pairs a high surrogate with a following \u low one,
                     * else yields U+FFFD for it. */
                    if (p->end - p->s >= 6 && p->s[0] == '\\' && p->s[1] == 'u') {
                        const char *save = p->s;
                        p->s += 2;
                        int r2 = hex4(p);
                        if (r2 >= 0xDC00 && r2 < 0xE000) {
                            json_utf8_put(&b, 0x10000 + (((unsigned)r - 0xD800) << 10) + ((unsigned)r2 - 0xDC00));
                            break;
                        }
                        p->s = save;
                    }
                    json_utf8_put(&b, 0xFFFD);
                } else if (r >= 0xDC00 && r < 0xE000) {
                    json_utf8_put(&b, 0xFFFD);
                } else {
                    json_utf8_put(&b, (uint32_t)r);
                }
                break;
            }
            default: goto fail;
            }
            continue;
        }
        if (c < 0x80) { buf_addc(&b, (char)c); p->s++; continue; }
        size_t len;
        int32_t r = json_utf8_decode(p->s, (size_t)(p->end - p->s), &len);
        if (r < 0) json_utf8_put(&b, 0xFFFD);
        else buf_add(&b, p->s, len);
        p->s += len;
    }
    Str *s = str_new(p->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
fail:
    buf_free(&b);
    return NULL;
}

static bool isdig(char c) { return c >= '0' && c <= '9'; }

static bool pnumber(P *p, Value *out)
{
    const char *st = p->s;
    if (p->s < p->end && *p->s == '-') p->s++;
    if (p->s >= p->end) return false;
    if (*p->s == '0') p->s++;
    else if (isdig(*p->s)) while (p->s < p->end && isdig(*p->s)) p->s++;
    else return false;
    if (p->s < p->end && *p->s == '.') {
        p->s++;
        if (p->s >= p->end || !isdig(*p->s)) return false;
        while (p->s < p->end && isdig(*p->s)) p->s++;
    }
    if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
        p->s++;
        if (p->s < p->end && (*p->s == '+' || *p->s == '-')) p->s++;
        if (p->s >= p->end || !isdig(*p->s)) return false;
        while (p->s < p->end && isdig(*p->s)) p->s++;
    }
    SNumber *n = ARENA_NEW(p->a, SNumber);
    Obj *o = ARENA_NEW(p->a, Obj);
    if (!n || !o) return false;
    n->lit = str_new(p->a, st, (size_t)(p->s - st));
    n->f = strtod(n->lit->s, NULL);
    o->type = &schema_number_type;
    o->data = n;
    *out = val_obj(o);
    return true;
}

static bool pvalue(P *p, Value *out);

static bool pobject(P *p, Value *out)
{
    Map *m = map_new(p->a, 4);
    p->s++;
    ws(p);
    if (p->s < p->end && *p->s == '}') { p->s++; *out = val_map(m); return true; }
    for (;;) {
        ws(p);
        if (p->s >= p->end || *p->s != '"') return false;
        Str *k = pstring(p);
        if (!k) return false;
        ws(p);
        if (p->s >= p->end || *p->s != ':') return false;
        p->s++;
        Value v;
        if (!pvalue(p, &v)) return false;
        map_set(p->a, m, k, v);
        ws(p);
        if (p->s >= p->end) return false;
        if (*p->s == ',') { p->s++; continue; }
        if (*p->s == '}') { p->s++; break; }
        return false;
    }
    *out = val_map(m);
    return true;
}

static bool parray(P *p, Value *out)
{
    List *l = list_new(p->a, 4);
    p->s++;
    ws(p);
    if (p->s < p->end && *p->s == ']') { p->s++; *out = val_list(l); return true; }
    for (;;) {
        Value v;
        if (!pvalue(p, &v)) return false;
        list_push(p->a, l, v);
        ws(p);
        if (p->s >= p->end) return false;
        if (*p->s == ',') { p->s++; continue; }
        if (*p->s == ']') { p->s++; break; }
        return false;
    }
    *out = val_list(l);
    return true;
}

static bool lit(P *p, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, w, n) != 0) return false;
    p->s += n;
    return true;
}

static bool pvalue(P *p, Value *out)
{
    ws(p);
    if (p->s >= p->end) return false;
    bool ok;
    switch (*p->s) {
    case '{': case '[':
        if (++p->depth > SJ_MAX_DEPTH) return false;
        ok = *p->s == '{' ? pobject(p, out) : parray(p, out);
        p->depth--;
        return ok;
    case '"': {
        Str *s = pstring(p);
        if (!s) return false;
        *out = val_str(s);
        return true;
    }
    case 't': *out = val_bool(true); return lit(p, "true");
    case 'f': *out = val_bool(false); return lit(p, "false");
    case 'n': *out = val_nil(); return lit(p, "null");
    default: return pnumber(p, out);
    }
}

int schema_json_parse(Arena *a, const char *text, size_t n, Value *out, Buf *err)
{
    P p = { a, text, text + n, 0 };
    *out = val_nil();
    ws(&p);
    if (p.s == p.end) { buf_adds(err, "EOF"); return -1; }
    if (pvalue(&p, out)) {
        ws(&p);
        if (p.s == p.end) return 0;
        buf_adds(err, "invalid character after top-level value");
        return -1;
    }
    *out = val_nil();
    Value tmp;
    Buf e = BUF_INIT;
    if (json_decode(a, text, n, &tmp, &e) == 0 || e.len == 0) {
        buf_adds(err, "unexpected EOF");
    } else if (strcmp(e.data, "unexpected end of JSON input") == 0) {
        buf_adds(err, "unexpected EOF");
    } else if (strstr(e.data, "after top-level value")) {
        buf_adds(err, "invalid character after top-level value");
    } else {
        buf_add(err, e.data, e.len);
    }
    buf_free(&e);
    return -1;
}

/* ---- exact decimals --------------------------------------------------- */

bool sdec_parse(Arena *a, const char *s, size_t n, Dec *d)
{
    const char *e = s + n;
    memset(d, 0, sizeof *d);
    if (s < e && (*s == '-' || *s == '+')) { d->neg = *s == '-'; s++; }
    char *dig = arena_alloc(a, n + 1);
    if (!dig) return false;
    int nd = 0;
    long exp = 0;
    bool any = false, point = false;
    for (; s < e && (isdig(*s) || *s == '.'); s++) {
        if (*s == '.') { if (point) return false; point = true; continue; }
        any = true;
        if (nd == 0 && *s == '0') { if (point) exp--; continue; }
        dig[nd++] = *s;
        if (point) exp--;
    }
    if (!any) return false;
    if (s < e && (*s == 'e' || *s == 'E')) {
        s++;
        bool eneg = false;
        if (s < e && (*s == '+' || *s == '-')) { eneg = *s == '-'; s++; }
        if (s >= e || !isdig(*s)) return false;
        long x = 0;
        for (; s < e && isdig(*s); s++) if (x < 100000000L) x = x * 10 + (*s - '0');
        exp += eneg ? -x : x;
    }
    if (s != e) return false;
    while (nd > 0 && dig[nd - 1] == '0') { nd--; exp++; }
    dig[nd] = 0;
    d->dig = dig;
    d->nd = nd;
    d->exp = nd ? exp : 0;
    if (!nd) d->neg = false;
    return true;
}

bool sdec_of(Arena *a, Value v, Dec *d)
{
    Buf b = BUF_INIT;
    bool ok = false;
    if (v.kind == V_INT) {
        if (v.gtype >= GT_UINT && v.gtype <= GT_UINT64) buf_printf(&b, "%llu", (unsigned long long)v.u.u);
        else buf_printf(&b, "%lld", (long long)v.u.i);
    } else if (v.kind == V_FLOAT) {
        if (!isfinite(v.u.f)) return false;
        fmt_float(&b, v.u.f, 'e', -1, v.gtype == GT_FLOAT32 ? 32 : 64);
    } else if (schema_number_literal(v)) {
        const Str *l = schema_number_literal(v);
        return sdec_parse(a, l->s, l->len, d);
    } else {
        return false;
    }
    ok = sdec_parse(a, b.data, b.len, d);
    buf_free(&b);
    return ok;
}

int sdec_cmp(const Dec *x, const Dec *y)
{
    if (x->nd == 0 && y->nd == 0) return 0;
    int sx = x->nd == 0 ? 0 : x->neg ? -1 : 1;
    int sy = y->nd == 0 ? 0 : y->neg ? -1 : 1;
    if (sx != sy) return sx < sy ? -1 : 1;
    long mx = x->nd + x->exp, my = y->nd + y->exp;
    int mag;
    if (mx != my) {
        mag = mx < my ? -1 : 1;
    } else {
        mag = 0;
        int n = x->nd > y->nd ? x->nd : y->nd;
        for (int i = 0; i < n && !mag; i++) {
            char cx = i < x->nd ? x->dig[i] : '0';
            char cy = i < y->nd ? y->dig[i] : '0';
            if (cx != cy) mag = cx < cy ? -1 : 1;
        }
    }
    return sx < 0 ? -mag : mag;
}

bool sdec_is_int(const Dec *d) { return d->nd == 0 || d->exp >= 0; }

/* r = r*10 + digit, reduced mod m (both digit strings, r < m). */
static void mod_step(char *r, int *rn, const char *m, int mn, int digit)
{
    if (*rn == 0 && digit == 0) return;
    r[(*rn)++] = (char)('0' + digit);
    for (;;) {
        /* compare r with m */
        int c;
        if (*rn != mn) c = *rn < mn ? -1 : 1;
        else c = memcmp(r, m, (size_t)mn);
        if (c < 0) return;
        int borrow = 0;
        for (int i = *rn - 1, j = mn - 1; i >= 0; i--, j--) {
            int v = (r[i] - '0') - borrow - (j >= 0 ? m[j] - '0' : 0);
            borrow = v < 0;
            r[i] = (char)('0' + (v + (borrow ? 10 : 0)));
        }
        int z = 0;
        while (z < *rn && r[z] == '0') z++;
        memmove(r, r + z, (size_t)(*rn - z));
        *rn -= z;
    }
}

bool sdec_multiple(const Dec *x, const Dec *by)
{
    if (x->nd == 0) return true;
    if (by->nd == 0) return false;
    if (x->exp < by->exp) return false;
    long k = x->exp - by->exp;
    if (k > 1000000) k = 1000000;   /* bounded work on absurd exponents */
    char *r = malloc((size_t)by->nd + 2);
    if (!r) return false;
    int rn = 0;
    for (int i = 0; i < x->nd; i++) mod_step(r, &rn, by->dig, by->nd, x->dig[i] - '0');
    for (long i = 0; i < k && rn; i++) mod_step(r, &rn, by->dig, by->nd, 0);
    free(r);
    return rn == 0;
}

double sdec_float(const Dec *d)
{
    if (d->nd == 0) return 0;
    Buf b = BUF_INIT;
    buf_printf(&b, "%s0.%se%ld", d->neg ? "-" : "", d->dig, (long)(d->exp + d->nd));
    double f = strtod(b.data, NULL);
    buf_free(&b);
    return f;
}

bool sdec_int(const Dec *d, long long *out)
{
    if (!sdec_is_int(d)) return false;
    if (d->nd + d->exp > 18) { *out = d->neg ? -(1LL << 62) : (1LL << 62); return true; }
    long long v = 0;
    for (int i = 0; i < d->nd; i++) v = v * 10 + (d->dig[i] - '0');
    for (long i = 0; i < d->exp; i++) v *= 10;
    *out = d->neg ? -v : v;
    return true;
}

/* ---- x/text printing -------------------------------------------------- */

static void group_digits(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) buf_addc(b, ',');
        buf_addc(b, s[i]);
    }
}

void sfmt_int(Buf *b, long long i)
{
    char t[32];
    int n = snprintf(t, sizeof t, "%lld", i);
    if (t[0] == '-') { buf_addc(b, '-'); group_digits(b, t + 1, (size_t)n - 1); }
    else group_digits(b, t, (size_t)n);
}

/* x/text formats %v of a float64 as Go's shortest %g, but with digit
 * grouping and the exponent as ×10 and superscripts: the reference prints
 * "got 1.2345675×10⁰⁶" and "1×10⁻⁰⁵". */
void sfmt_float(Buf *b, double f)
{
    static const char *const sup[10] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
    Buf t = BUF_INIT;
    fmt_float(&t, f, 'g', -1, 64);
    const char *s = t.data;
    size_t n = t.len;
    if (n && s[0] == '-') { buf_addc(b, '-'); s++; n--; }
    const char *e = memchr(s, 'e', n);
    if (!isfinite(f)) {
        buf_add(b, s, n);
    } else if (e) {
        buf_add(b, s, (size_t)(e - s));
        buf_adds(b, "×10");
        const char *p = e + 1;
        if (*p == '-') buf_adds(b, "⁻");
        if (*p == '-' || *p == '+') p++;
        for (; p < s + n; p++) buf_adds(b, sup[*p - '0']);
    } else {
        const char *dot = memchr(s, '.', n);
        size_t ip = dot ? (size_t)(dot - s) : n;
        group_digits(b, s, ip);
        buf_add(b, s + ip, n - ip);
    }
    buf_free(&t);
}

/* kind.quote, literally: Go's %q text with every \" turned into " first
 * (so a string ending in a backslash prints as 'a\' not 'a\\'), then ' as
 * \', then the double quotes swapped for single ones. */
void sfmt_quote(Buf *b, const char *s, size_t n)
{
    Buf t = BUF_INIT, u = BUF_INIT;
    fmt_quote(&t, s, n);
    for (size_t i = 0; i < t.len; i++) {
        if (t.data[i] == '\\' && i + 1 < t.len && t.data[i + 1] == '"') { buf_addc(&u, '"'); i++; }
        else buf_addc(&u, t.data[i]);
    }
    buf_addc(b, '\'');
    for (size_t i = 1; i + 1 < u.len; i++) {
        if (u.data[i] == '\'') buf_adds(b, "\\'");
        else buf_addc(b, u.data[i]);
    }
    buf_addc(b, '\'');
    buf_free(&t);
    buf_free(&u);
}
