/*
 * tomldec.c - TOML as helm's fromToml reads it (BurntSushi/toml Unmarshal
 * into map[string]interface{}).
 *
 * TOML 1.0 plus what this BurntSushi version takes from 1.1 and what the
 * reference shows it tolerates: \e and \xHH escapes, newlines and a
 * trailing comma in inline tables, a [table] header for a table that
 * dotted keys already made, dotted keys extending an inline table.
 * Integers are int64, floats float64, date-times time.Time objects
 * (printed as Go prints them: "1979-05-27 07:32:00 +0000 UTC", local ones
 * with the zone "datetime-local", "date-local", "time-local").
 *
 * Errors are ParseError texts: "toml: line N: MSG" or, while a key is
 * being read or in a [table], "toml: line N (last key \"a.b\"): MSG";
 * the messages and which key they name were matched case by case against
 * the reference (testdata/json/toml.cases).  One error path: tfail()
 * formats the message and longjmps out of the parse; values live in the
 * caller's arena, scratch in the decoder's own, freed on both exits.
 * Nesting of arrays and inline tables is limited to TOML_MAX_DEPTH.
 */
#include "toml.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* ---- date-times ------------------------------------------------------- */

typedef struct TomlTime {
    int kind;            /* 'o' offset date-time, 'd' local date-time, 'D' local date, 't' local time */
    int y, mo, d, h, mi, s;
    int nsec, ndigits;   /* fraction and how many digits it was written with */
    int off;             /* minutes east of UTC; 'o' only */
    bool utc;            /* written with Z */
} TomlTime;

static void frac9(Buf *b, int nsec)
{
    if (!nsec) return;
    char d[10];
    int n = 9;
    snprintf(d, sizeof d, "%09d", nsec);
    while (n > 0 && d[n - 1] == '0') n--;
    buf_addc(b, '.');
    buf_add(b, d, (size_t)n);
}

/* time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST"; a
 * FixedZone without a name shows its offset as the zone name. */
static void time_print(const Obj *o, Buf *b)
{
    const TomlTime *t = o->data;
    int y = t->kind == 't' ? 0 : t->y, mo = t->kind == 't' ? 1 : t->mo, d = t->kind == 't' ? 1 : t->d;
    buf_printf(b, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, t->h, t->mi, t->s);
    frac9(b, t->nsec);
    if (t->kind != 'o') {
        buf_printf(b, " +0000 %s", t->kind == 'd' ? "datetime-local" : t->kind == 'D' ? "date-local" : "time-local");
        return;
    }
    int off = t->off < 0 ? -t->off : t->off;
    char zone[8];
    snprintf(zone, sizeof zone, "%c%02d%02d", t->off < 0 ? '-' : '+', off / 60 % 100, off % 60);
    buf_printf(b, " %s %s", zone, t->utc ? "UTC" : zone);
}

static int time_get(Arena *a, const Obj *o, const Str *name, Value *out) { return 0; }

void toml_time_text(const Obj *o, Buf *b, bool json)
{
    const TomlTime *t = o->data;
    if (!json && t->kind == 't') {
        buf_printf(b, "%02d:%02d:%02d", t->h, t->mi, t->s);
        frac9(b, t->nsec);
        return;
    }
    int y = t->kind == 't' ? 0 : t->y, mo = t->kind == 't' ? 1 : t->mo, d = t->kind == 't' ? 1 : t->d;
    buf_printf(b, "%04d-%02d-%02d", y, mo, d);
    if (!json && t->kind == 'D') return;
    buf_printf(b, "T%02d:%02d:%02d", t->h, t->mi, t->s);
    frac9(b, t->nsec);
    if (!json && t->kind == 'd') return;
    if (t->kind != 'o' || t->off == 0) {
        buf_addc(b, 'Z');
        return;
    }
    int off = t->off < 0 ? -t->off : t->off;
    buf_printf(b, "%c%02d:%02d", t->off < 0 ? '-' : '+', off / 60 % 100, off % 60);
}

const ObjType toml_time_type = {"time.Time", "struct", time_get, time_print};

/* ---- parser state ----------------------------------------------------- */

enum { K_IMPLICIT = 1, K_DOTTED, K_EXPLICIT, K_INLINE, K_AOT, K_ARRAY };
enum { KEY_TOP, KEY_HEADER, KEY_INLINE };

typedef struct Meta {
    const void *p;
    int kind;
} Meta;

typedef struct TDec {
    Arena *a;
    const char *p;
    size_t n, pos;
    int line;
    Buf *err;
    jmp_buf fail;
    Arena tmp;
    Buf sbuf;              /* string being read; freed once at the end */
    Meta *meta;            /* open addressing on the container pointer */
    size_t mcap, mcount;
    Str **ctx;             /* [table] path, then the key being read */
    size_t nctx, cctx, table_len;
    int depth;
    int keymode;           /* where keys are being read, for the EOF message */
} TDec;

static _Noreturn void tfail(TDec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static _Noreturn void tfail(TDec *d, const char *fmt, ...)
{
    buf_printf(d->err, "toml: line %d", d->line);
    if (d->nctx) {
        Buf k = BUF_INIT;
        for (size_t i = 0; i < d->nctx; i++) {
            if (i) buf_addc(&k, '.');
            buf_add(&k, d->ctx[i]->s, d->ctx[i]->len);
        }
        /* %q of the key: the key text is plain in practice; quote the
         * two characters that need it. */
        buf_adds(d->err, " (last key \"");
        for (size_t i = 0; i < k.len; i++) {
            if (k.data[i] == '"' || k.data[i] == '\\') buf_addc(d->err, '\\');
            buf_addc(d->err, k.data[i]);
        }
        buf_adds(d->err, "\")");
        buf_free(&k);
    }
    buf_adds(d->err, ": ");
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(d->err, fmt, ap);
    va_end(ap);
    longjmp(d->fail, 1);
}

static _Noreturn void toom(TDec *d)
{
    buf_clear(d->err);
    buf_adds(d->err, "out of memory");
    longjmp(d->fail, 1);
}

static void *tcheck(TDec *d, void *p)
{
    if (!p) toom(d);
    return p;
}

static size_t mslot(const TDec *d, const void *p)
{
    uintptr_t h = (uintptr_t)p;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (d->mcap - 1);
}

static void meta_set(TDec *d, const void *p, int kind)
{
    if ((d->mcount + 1) * 2 > d->mcap) {
        size_t old = d->mcap;
        Meta *om = d->meta;
        d->mcap = old ? old * 2 : 64;
        d->meta = tcheck(d, arena_zalloc(&d->tmp, d->mcap * sizeof *d->meta));
        d->mcount = 0;
        for (size_t i = 0; i < old; i++)
            if (om[i].p) meta_set(d, om[i].p, om[i].kind);
    }
    size_t i = mslot(d, p);
    while (d->meta[i].p && d->meta[i].p != p) i = (i + 1) & (d->mcap - 1);
    if (!d->meta[i].p) d->mcount++;
    d->meta[i].p = p;
    d->meta[i].kind = kind;
}

static int meta_get(const TDec *d, const void *p)
{
    if (!d->mcap) return 0;
    size_t i = mslot(d, p);
    while (d->meta[i].p) {
        if (d->meta[i].p == p) return d->meta[i].kind;
        i = (i + 1) & (d->mcap - 1);
    }
    return 0;
}

static void ctx_set(TDec *d, size_t i, Str *k)
{
    if (i >= d->cctx) {
        size_t cap = d->cctx ? d->cctx * 2 : 16;
        d->ctx = tcheck(d, arena_realloc(&d->tmp, d->ctx, d->cctx * sizeof *d->ctx, cap * sizeof *d->ctx));
        d->cctx = cap;
    }
    d->ctx[i] = k;
}

/* ---- characters ------------------------------------------------------- */

static int peek(const TDec *d) { return d->pos < d->n ? (unsigned char)d->p[d->pos] : -1; }
static int peek_at(const TDec *d, size_t k) { return d->pos + k < d->n ? (unsigned char)d->p[d->pos + k] : -1; }

static void adv(TDec *d)
{
    if (d->p[d->pos] == '\n') d->line++;
    d->pos++;
}

static bool is_bare(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static void skip_ws(TDec *d)
{
    while (peek(d) == ' ' || peek(d) == '\t') d->pos++;
}

/* A carriage return counts as a control character unless a newline
 * follows. */
static void check_ctl(TDec *d, int c)
{
    if (c == '\r' && peek_at(d, 1) == '\n') return;
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
        tfail(d, "TOML files cannot contain control characters: '0x%02x'", c);
}

/* The lexer reads runes: a byte that starts no valid UTF-8 sequence is an
 * error wherever it stands.  Returns the rune's length. */
static size_t check_utf8(TDec *d)
{
    size_t len;
    if (json_utf8_decode(d->p + d->pos, d->n - d->pos, &len) < 0)
        tfail(d, "invalid UTF-8 byte: 0x%02x", (unsigned char)d->p[d->pos]);
    return len;
}

static void skip_comment(TDec *d)
{
    if (peek(d) != '#') return;
    while (peek(d) >= 0 && peek(d) != '\n') {
        check_ctl(d, peek(d));
        d->pos += check_utf8(d);
    }
}

/* Blank lines, comments and (inside arrays) newlines. */
static void skip_ws_nl(TDec *d)
{
    for (;;) {
        skip_ws(d);
        skip_comment(d);
        int c = peek(d);
        if (c == '\n') adv(d);
        else if (c == '\r' && peek_at(d, 1) == '\n') d->pos++;
        else return;
    }
}

/* The rune at the cursor for messages, as Go's %q of a rune. */
static void rune_q(TDec *d, Buf *b)
{
    int c = peek(d);
    if (c < 0) buf_adds(b, "'\\x00'");
    else if (c == '\n') buf_adds(b, "'\\n'");
    else if (c == '\r') buf_adds(b, "'\\r'");
    else if (c == '\t') buf_adds(b, "'\\t'");
    else if (c == '\'') buf_adds(b, "'\\''");
    else if (c == '\\') buf_adds(b, "'\\\\'");
    else if (c < 0x20 || c == 0x7F) buf_printf(b, "'\\x%02x'", c);
    else if (c < 0x80) buf_printf(b, "'%c'", c);
    else {
        size_t k = check_utf8(d);
        buf_addc(b, '\'');
        buf_add(b, d->p + d->pos, k);
        buf_addc(b, '\'');
    }
}

static const char *rune_str(TDec *d)
{
    Buf b = BUF_INIT;
    rune_q(d, &b);
    char *s = tcheck(d, arena_strdup(&d->tmp, b.data));
    buf_free(&b);
    return s;
}

/* ---- strings ---------------------------------------------------------- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void escape(TDec *d, Buf *b)
{
    d->pos++;   /* the backslash */
    int c = peek(d);
    const char *simple = "btnfr\"\\e", *to = "\b\t\n\f\r\"\\\x1b";
    const char *q = c > 0 ? strchr(simple, c) : NULL;
    if (q) {
        buf_addc(b, to[q - simple]);
        d->pos++;
        return;
    }
    int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (!digits) {
        if (c < 0) tfail(d, "unexpected EOF; expected '\"'");
        tfail(d, "invalid escape in string '\\%c'", c);
    }
    uint32_t r = 0;
    for (int i = 1; i <= digits; i++) {
        int h = hexval(peek_at(d, (size_t)i));
        if (h < 0) {
            size_t end = d->pos + (size_t)digits + 1 <= d->n ? d->pos + (size_t)digits + 1 : d->n;
            Buf got = BUF_INIT;
            buf_adds(&got, "\"\\\\");
            for (size_t k = d->pos; k < end; k++) {
                if (d->p[k] == '"' || d->p[k] == '\\') buf_addc(&got, '\\');
                buf_addc(&got, d->p[k]);
            }
            buf_addc(&got, '"');
            const char *g = tcheck(d, arena_strdup(&d->tmp, got.data));
            buf_free(&got);
            if (c == 'x') tfail(d, "expected two hexadecimal digits after '\\x', but got %s instead", g);
            tfail(d, "expected %s hexadecimal digits after '\\%c', but got %s instead",
                  digits == 4 ? "four" : "eight", c, g);
        }
        r = r << 4 | (uint32_t)h;
    }
    if (r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
        tfail(d, "Escaped character '\\u%.*s' is not valid UTF-8.", digits, d->p + d->pos + 1);
    json_utf8_put(b, r);
    d->pos += (size_t)digits + 1;
}

static Str *finish_str(TDec *d, Buf *b)
{
    return tcheck(d, str_new(d->a, b->data ? b->data : "", b->len));
}

/* Basic ("...") and literal ('...') strings, one-line or multi-line. */
static Str *parse_string(TDec *d, bool allow_multi)
{
    int q = peek(d);
    bool multi = allow_multi && peek_at(d, 1) == q && peek_at(d, 2) == q;
    Buf *b = &d->sbuf;
    buf_clear(b);
    d->pos += multi ? 3 : 1;
    if (multi) {
        if (peek(d) == '\n') adv(d);
        else if (peek(d) == '\r' && peek_at(d, 1) == '\n') { d->pos++; adv(d); }
    }
    for (;;) {
        int c = peek(d);
        if (c < 0) {
            if (multi) tfail(d, q == '"' ? "unexpected EOF; expected '\"\"\"'" : "unexpected EOF; expected \"'''\"");
            tfail(d, q == '"' ? "unexpected EOF; expected '\"'" : "unexpected EOF; expected \"'\"");
        }
        if (c == q) {
            if (!multi) {
                d->pos++;
                return finish_str(d, b);
            }
            if (peek_at(d, 1) == q && peek_at(d, 2) == q) {
                /* Up to two quotes may end the content right before """. */
                size_t extra = 0;
                while (extra < 2 && peek_at(d, 3 + extra) == q) extra++;
                for (size_t i = 0; i < extra; i++) buf_addc(b, (char)q);
                d->pos += 3 + extra;
                return finish_str(d, b);
            }
            buf_addc(b, (char)c);
            d->pos++;
            continue;
        }
        if (c == '\n' || (c == '\r' && peek_at(d, 1) == '\n')) {
            if (!multi) tfail(d, "strings cannot contain newlines");
            if (c == '\r') d->pos++;
            buf_addc(b, '\n');
            adv(d);
            continue;
        }
        if (c == '\\' && q == '"') {
            if (multi) {
                /* A line-ending backslash eats all whitespace up to the
                 * next non-blank. */
                size_t k = 1;
                while (peek_at(d, k) == ' ' || peek_at(d, k) == '\t') k++;
                int e = peek_at(d, k);
                if (e == '\n' || (e == '\r' && peek_at(d, k + 1) == '\n')) {
                    d->pos += k;
                    while (peek(d) == ' ' || peek(d) == '\t' || peek(d) == '\n' || peek(d) == '\r') adv(d);
                    continue;
                }
            }
            escape(d, b);
            continue;
        }
        if (c != '\t') check_ctl(d, c);
        size_t len = check_utf8(d);
        buf_add(b, d->p + d->pos, len);
        d->pos += len;
    }
}

/* ---- keys ------------------------------------------------------------- */

/* A bare or quoted key part.  Where none starts, the lexer has read an
 * empty bare key and complains about what follows it (a triple quote is
 * an empty quoted key followed by a quote). */
static Str *parse_simple_key(TDec *d, bool after_dot)
{
    int c = peek(d);
    if (c == '"' || c == '\'') return parse_string(d, false);
    size_t start = d->pos;
    while (is_bare(peek(d))) d->pos++;
    if (d->pos > start) return tcheck(d, str_new(d->a, d->p + start, d->pos - start));
    if (d->keymode == KEY_HEADER) {
        if (c < 0 || c == ']') tfail(d, "unexpected end of table name (table names cannot be empty)");
        tfail(d, "expected '.' or ']' to end table name, but got %s instead", rune_str(d));
    }
    if (after_dot && (c < 0 || c == '=')) tfail(d, "unexpected '='");
    if (c < 0 && d->keymode == KEY_INLINE) tfail(d, "unexpected '=': key name appears blank");
    if (c < 0) tfail(d, "unexpected EOF; expected key");
    if (c == '=') tfail(d, "unexpected '=': key name appears blank");
    if (c == '.') tfail(d, "unexpected '.': keys cannot start with a '.'");
    tfail(d, "expected '.' or '=', but got %s instead", rune_str(d));
}

/* A dotted key, stored at ctx[base...]; it becomes the error context
 * once complete (errors inside it show the context as it was: in an inline
 * table the previous key, as the reference does). */
static size_t parse_key(TDec *d, size_t base)
{
    size_t n = 0;
    for (;;) {
        skip_ws(d);
        Str *k = parse_simple_key(d, n > 0);
        ctx_set(d, base + n, k);
        n++;
        skip_ws(d);
        if (peek(d) != '.') break;
        d->pos++;
        skip_ws(d);
    }
    d->nctx = base + n;
    return n;
}

/* ---- values ----------------------------------------------------------- */

static Value parse_value(TDec *d);

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return n > 0;
}

static int num2(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* "HH:MM:SS[.frac]" (seconds optional, as TOML 1.1 allows): 0 on success. */
static int parse_clock(const char *s, size_t n, TomlTime *t, size_t *used)
{
    if (n < 5 || !all_digits(s, 2) || s[2] != ':' || !all_digits(s + 3, 2)) return -1;
    t->h = num2(s);
    t->mi = num2(s + 3);
    size_t i = 5;
    if (i < n && s[i] == ':') {
        if (n < 8 || !all_digits(s + 6, 2)) return -1;
        t->s = num2(s + 6);
        i = 8;
        if (i < n && s[i] == '.') {
            size_t j = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                if (i - j < 9) t->nsec = t->nsec * 10 + (s[i] - '0');
                i++;
            }
            if (i == j) return -1;
            t->ndigits = (int)(i - j);
            for (size_t k = i - j; k < 9; k++) t->nsec *= 10;
        }
    }
    if (t->h > 23 || t->mi > 59 || t->s > 60) return -1;
    *used = i;
    return 0;
}

static bool parse_datetime(const char *s, size_t n, TomlTime *t)
{
    memset(t, 0, sizeof *t);
    size_t used;
    if (n >= 3 && s[2] == ':') {
        t->kind = 't';
        return parse_clock(s, n, t, &used) == 0 && used == n;
    }
    if (n < 10 || !all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' ||
        !all_digits(s + 8, 2))
        return false;
    t->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + num2(s + 2);
    t->mo = num2(s + 5);
    t->d = num2(s + 8);
    if (t->mo < 1 || t->mo > 12 || t->d < 1 || t->d > mdays(t->y, t->mo)) return false;
    if (n == 10) {
        t->kind = 'D';
        return true;
    }
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
    if (parse_clock(s + 11, n - 11, t, &used) < 0) return false;
    size_t i = 11 + used;
    if (i == n) {
        t->kind = 'd';
        return true;
    }
    t->kind = 'o';
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n) {
        t->utc = true;
        return true;
    }
    if ((s[i] != '+' && s[i] != '-') || n - i != 6 || !all_digits(s + i + 1, 2) || s[i + 3] != ':' ||
        !all_digits(s + i + 4, 2))
        return false;
    int hh = num2(s + i + 1), mm = num2(s + i + 4);
    if (hh > 23 || mm > 59) return false;
    t->off = (hh * 60 + mm) * (s[i] == '-' ? -1 : 1);
    return true;
}

static Value make_time(TDec *d, const TomlTime *t)
{
    TomlTime *c = tcheck(d, arena_alloc(d->a, sizeof *c));
    *c = *t;
    Obj *o = tcheck(d, arena_alloc(d->a, sizeof *o));
    o->type = &toml_time_type;
    o->data = c;
    return val_obj(o);
}

/* Underscores only between digits of the given base. */
static bool underscores_ok(const char *s, size_t n, int base)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '_') continue;
        if (i == 0 || i + 1 == n) return false;
        int a = s[i - 1], b = s[i + 1];
        bool da = base == 16 ? hexval(a) >= 0 : a >= '0' && a <= '9';
        bool db = base == 16 ? hexval(b) >= 0 : b >= '0' && b <= '9';
        if (!da || !db) return false;
    }
    return true;
}

/* 0x / 0o / 0b integers.  The lexer takes digits and underscores of the
 * base; a token with none fails naming the rune that stopped it, and what
 * follows the digits is left for the caller (end of item). */
static Value parse_prefixed_int(TDec *d, const char *s, size_t n, size_t start)
{
    int base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
    const char *name = base == 16 ? "a hexadecimal" : base == 8 ? "an octal" : "a binary";
    size_t k = 2;
    while (k < n && (s[k] == '_' || (hexval(s[k]) >= 0 && hexval(s[k]) < base))) k++;
    if (k == 2 || s[2] == '_') {
        d->pos = start + 2;
        int c = peek(d);
        tfail(d, "not %s number: '%.2s%c'", name, s, c < 0 ? 0 : c);
    }
    d->pos = start + k;
    n = k;
    if (!underscores_ok(s + 2, n - 2, base))
        tfail(d, "Invalid integer \"%.*s\": underscores must be surrounded by digits", (int)n, s);
    uint64_t v = 0;
    bool over = false;
    for (size_t i = 2; i < n; i++) {
        if (s[i] == '_') continue;
        uint64_t h = (uint64_t)hexval(s[i]);
        if (v > (UINT64_MAX - h) / (uint64_t)base) over = true;
        v = v * (uint64_t)base + h;
    }
    if (over || v > INT64_MAX) tfail(d, "%.*s is out of range for int64", (int)n, s);
    return val_int64((int64_t)v);
}

/* Decimal integers and floats.  Only the characters a number can hold are
 * taken; anything after them is left for the caller, as the lexer ends
 * the number there. */
static Value parse_number(TDec *d, const char *s, size_t n, size_t start)
{
    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (n - i == 3 && (memcmp(s + i, "inf", 3) == 0 || memcmp(s + i, "nan", 3) == 0)) {
        double f = s[i] == 'i' ? INFINITY : NAN;
        return val_float(s[0] == '-' ? -f : f);
    }
    if (n >= i + 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o' || s[i + 1] == 'b')) {
        if (i) tfail(d, "cannot use sign with non-decimal numbers: '%.3s'", s);
        return parse_prefixed_int(d, s, n, start);
    }
    size_t k = i;
    bool isfloat = false;
    while (k < n) {
        char c = s[k];
        if ((c >= '0' && c <= '9') || c == '_') k++;
        else if (c == '.' || c == 'e' || c == 'E') { isfloat = true; k++; }
        else if ((c == '+' || c == '-') && (s[k - 1] == 'e' || s[k - 1] == 'E')) k++;
        else break;
    }
    if (k == i) {
        if (i == n) tfail(d, "expected a digit but got '\\x00'");
        tfail(d, "expected value but found \"%.*s\" instead", (int)n, s);
    }
    d->pos = start + k;
    n = k;
    if (s[i] == '.') tfail(d, "floats must start with a digit, not '.'");
    if (!isfloat) {
        if (n - i > 1 && s[i] == '0') tfail(d, "Invalid integer \"%.*s\": cannot have leading zeroes", (int)n, s);
        if (!underscores_ok(s + i, n - i, 10))
            tfail(d, "Invalid integer \"%.*s\": underscores must be surrounded by digits", (int)n, s);
        char buf[64];
        size_t m = 0;
        for (size_t j = 0; j < n && m < sizeof buf - 1; j++)
            if (s[j] != '_') buf[m++] = s[j];
        buf[m] = 0;
        errno = 0;
        long long v = strtoll(buf, NULL, 10);
        if (errno == ERANGE || m >= sizeof buf - 1) tfail(d, "%.*s is out of range for int64", (int)n, s);
        return val_int64(v);
    }
    if (!underscores_ok(s + i, n - i, 10))
        tfail(d, "Invalid float \"%.*s\": underscores must be surrounded by digits", (int)n, s);
    const char *dot = memchr(s, '.', n);
    if (dot) {
        size_t j = (size_t)(dot - s) + 1;
        if (j >= n || s[j] < '0' || s[j] > '9')
            tfail(d, "Invalid float \"%.*s\": '.' must be followed by one or more digits", (int)n, s);
    }
    size_t ip = i;
    while (ip < n && s[ip] >= '0' && s[ip] <= '9') ip++;
    if (ip - i > 1 && s[i] == '0') tfail(d, "Invalid float \"%.*s\": cannot have leading zeroes", (int)n, s);
    char *t = tcheck(d, arena_alloc(&d->tmp, n + 1)), *end;
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
        if (s[j] != '_') t[m++] = s[j];
    t[m] = 0;
    errno = 0;
    double f = strtod(t, &end);
    /* A dangling exponent sign fails BurntSushi's underscore check first. */
    if (t[m - 1] == '+' || t[m - 1] == '-')
        tfail(d, "Invalid float \"%.*s\": underscores must be surrounded by digits", (int)n, s);
    if (*end != 0 || strchr("eE.", t[m - 1])) tfail(d, "Invalid float value: \"%.*s\"", (int)n, s);
    if (isinf(f)) tfail(d, "%.*s is out of range for float64", (int)n, s);
    return val_float(f);
}

static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_dig(int c) { return c >= '0' && c <= '9'; }

static bool number_char(int c)
{
    return is_bare(c) || c == '+' || c == '.';
}

static bool datetime_char(int c)
{
    return is_dig(c) || c == '-' || c == ':' || c == '.' || c == '+' || c == 'T' || c == 't' || c == 'Z' ||
           c == 'z';
}

/* Booleans, inf/nan, numbers and date-times, lexed as BurntSushi does: a
 * word of letters must be true or false; inf and nan end after three
 * letters; digits followed by '-' or ':' make a date-time (a date and
 * " HH:" join); what a number does not take is left for the caller. */
static Value parse_bare(TDec *d)
{
    size_t start = d->pos;
    const char *s = d->p + start;
    int c = peek(d);
    int sign = c == '+' || c == '-';
    size_t avail = d->n - start - (size_t)sign;
    if (avail >= 3 && (memcmp(s + sign, "inf", 3) == 0 || memcmp(s + sign, "nan", 3) == 0)) {
        double f = s[sign] == 'i' ? INFINITY : NAN;
        d->pos += 3 + (size_t)sign;
        return val_float(c == '-' ? -f : f);
    }
    if (is_alpha(c)) {
        size_t n = 0;
        while (is_alpha(peek_at(d, n))) n++;
        d->pos += n;
        if (n == 4 && memcmp(s, "true", 4) == 0) return val_bool(true);
        if (n == 5 && memcmp(s, "false", 5) == 0) return val_bool(false);
        tfail(d, "expected value but found \"%.*s\" instead", (int)n, s);
    }
    if (sign && !is_dig(peek_at(d, 1))) {
        d->pos++;
        tfail(d, "expected a digit but got %s", rune_str(d));
    }
    if (c == '_') tfail(d, "expected value but found '_' instead");
    if (c == '.') tfail(d, "floats must start with a digit, not '.'");
    if (!is_dig(c) && !sign) tfail(d, "expected value but found %s instead", rune_str(d));
    size_t k = (size_t)sign;
    while (is_dig(peek_at(d, k))) k++;
    int next = peek_at(d, k);
    if (!sign && (next == '-' || next == ':')) {
        while (datetime_char(peek(d))) d->pos++;
        size_t n = d->pos - start;
        if (n == 10 && peek(d) == ' ' && is_dig(peek_at(d, 1)) && is_dig(peek_at(d, 2)) && peek_at(d, 3) == ':') {
            d->pos++;
            while (datetime_char(peek(d))) d->pos++;
            n = d->pos - start;
        }
        TomlTime t;
        if (!parse_datetime(s, n, &t)) tfail(d, "invalid datetime: \"%.*s\"", (int)n, s);
        return make_time(d, &t);
    }
    while (number_char(peek(d))) d->pos++;
    return parse_number(d, s, d->pos - start, start);
}

static void deeper(TDec *d)
{
    if (++d->depth > TOML_MAX_DEPTH) tfail(d, "nesting too deep");
}

static Value parse_array(TDec *d)
{
    deeper(d);
    d->pos++;
    List *l = tcheck(d, list_new(d->a, 0));
    for (;;) {
        skip_ws_nl(d);
        int c = peek(d);
        if (c == ']') {
            d->pos++;
            break;
        }
        if (c == ',') tfail(d, "unexpected comma");
        if (!list_push(d->a, l, parse_value(d))) toom(d);
        skip_ws_nl(d);
        c = peek(d);
        if (c == ',') {
            d->pos++;
            continue;
        }
        if (c == ']') {
            d->pos++;
            break;
        }
        if (c < 0) tfail(d, "expected a comma (',') or array terminator (']'), but got end of file");
        tfail(d, "expected a comma (',') or array terminator (']'), but got %s", rune_str(d));
    }
    d->depth--;
    Value v = val_list(l);
    meta_set(d, l, K_ARRAY);
    return v;
}

static void set_key(TDec *d, Map *tbl, size_t first, size_t nkeys, Value v);

/* key = value into table m, whose path is ctx[0..base); returns how many
 * parts the key had (they stay on the context for later messages). */
static size_t key_value(TDec *d, Map *m, size_t base)
{
    size_t nk = parse_key(d, base);
    skip_ws(d);
    if (peek(d) != '=') {
        d->nctx = base;
        if (peek(d) < 0) tfail(d, "unexpected EOF; expected key separator '='");
        tfail(d, "expected '.' or '=', but got %s instead", rune_str(d));
    }
    d->pos++;
    skip_ws(d);
    Value v = parse_value(d);
    set_key(d, m, base, nk, v);
    return nk;
}

static Value parse_inline_table(TDec *d)
{
    deeper(d);
    d->pos++;
    Map *m = tcheck(d, map_new(d->a, 0));
    meta_set(d, m, K_INLINE);
    size_t base = d->nctx;
    int mode = d->keymode;
    d->keymode = KEY_INLINE;
    for (;;) {
        skip_ws_nl(d);
        int c = peek(d);
        if (c == '}') {
            d->pos++;
            break;
        }
        if (c == ',') tfail(d, "unexpected comma");
        size_t nk = key_value(d, m, base);
        skip_ws_nl(d);
        c = peek(d);
        d->nctx = base + nk;
        if (c == ',') {
            d->pos++;
            continue;
        }
        if (c == '}') {
            d->pos++;
            break;
        }
        if (c < 0) tfail(d, "expected a comma or an inline table terminator '}', but got end of file instead");
        tfail(d, "expected a comma or an inline table terminator '}', but got %s instead", rune_str(d));
    }
    d->nctx = base;
    d->keymode = mode;
    d->depth--;
    return val_map(m);
}

static Value parse_value(TDec *d)
{
    int c = peek(d);
    if (c < 0) tfail(d, "unexpected EOF; expected value");
    if (c == '"' || c == '\'') return val_str(parse_string(d, true));
    if (c == '[') return parse_array(d);
    if (c == '{') return parse_inline_table(d);
    if (c == '\n' || c == '\r' || c == '#' || c == '=' || c == ',' || c == ']' || c == '}')
        tfail(d, "expected value but found %s instead", rune_str(d));
    return parse_bare(d);
}

/* ---- tables ----------------------------------------------------------- */

/* The key path as "Key '...'" messages show it (Key.String(): parts
 * quoted where not bare), unlike the raw "last key". */
static const char *ctx_path(TDec *d, size_t from, size_t to)
{
    Buf b = BUF_INIT;
    for (size_t i = from; i < to; i++) {
        if (i > from) buf_addc(&b, '.');
        toml_key_part(&b, d->ctx[i]);
    }
    char *s = tcheck(d, arena_strdup(&d->tmp, b.data ? b.data : ""));
    buf_free(&b);
    return s;
}

/* Walks/creates the intermediate tables of a key path; an array of tables
 * stands for its last table. */
static Map *descend(TDec *d, Map *m, Str *k, int create_kind, size_t path_end)
{
    Value *v = map_get(m, k);
    if (!v) {
        Map *n = tcheck(d, map_new(d->a, 0));
        meta_set(d, n, create_kind);
        if (!map_set(d->a, m, k, val_map(n))) toom(d);
        return n;
    }
    if (v->kind == V_MAP) return v->u.m;
    if (v->kind == V_LIST && meta_get(d, v->u.l) == K_AOT && v->u.l->len)
        return v->u.l->items[v->u.l->len - 1].u.m;
    tfail(d, "Key '%s' has already been defined.", ctx_path(d, 0, path_end));
}

static void set_key(TDec *d, Map *tbl, size_t first, size_t nkeys, Value v)
{
    Map *m = tbl;
    for (size_t i = 0; i + 1 < nkeys; i++) m = descend(d, m, d->ctx[first + i], K_DOTTED, first + i + 1);
    Str *k = d->ctx[first + nkeys - 1];
    Value *old = map_get(m, k);
    /* A key that dotted keys made a table may be given again: the
     * reference keeps the table against a plain value ("a.b = 1\na = 2"
     * gives {"a":{"b":1}}) but lets an array replace it. */
    if (old && old->kind == V_MAP && meta_get(d, old->u.m) == K_DOTTED && v.kind != V_MAP) {
        if (v.kind == V_LIST) *old = v;
        return;
    }
    if (old) tfail(d, "Key '%s' has already been defined.", ctx_path(d, 0, first + nkeys));
    if (!map_set(d->a, m, k, v)) toom(d);
}

static Map *table_header(TDec *d, Map *root, bool aot)
{
    d->pos += aot ? 2 : 1;
    d->nctx = 0;
    d->keymode = KEY_HEADER;
    size_t nk = parse_key(d, 0);
    d->keymode = KEY_TOP;
    d->nctx = 0;   /* header syntax errors name no key */
    skip_ws(d);
    if (peek(d) != ']') {
        /* The reference counts the newline it stopped at (and only here). */
        if (peek(d) == '\n') d->line++;
        tfail(d, "expected '.' or ']' to end table name, but got %s instead", rune_str(d));
    }
    d->pos++;
    if (aot) {
        if (peek(d) != ']') tfail(d, "expected end of table array name delimiter ']', but got %s instead", rune_str(d));
        d->pos++;
    }
    /* Redefinition errors name the parent table as the last key. */
    Map *m = root;
    for (size_t i = 0; i + 1 < nk; i++) {
        d->nctx = i;
        m = descend(d, m, d->ctx[i], K_IMPLICIT, i + 1);
    }
    d->nctx = nk - 1;
    Str *k = d->ctx[nk - 1];
    Value *v = map_get(m, k);
    if (aot) {
        List *l;
        if (!v) {
            l = tcheck(d, list_new(d->a, 1));
            meta_set(d, l, K_AOT);
            Value lv = val_list(l);
            lv.gtype = GT_LIST_MAP_IFACE;   /* typeOf: []map[string]interface {} */
            if (!map_set(d->a, m, k, lv)) toom(d);
        } else if (v->kind == V_LIST && meta_get(d, v->u.l) == K_AOT) {
            l = v->u.l;
        } else {
            tfail(d, "Key '%s' was already created and cannot be used as an array.", ctx_path(d, 0, nk));
        }
        Map *t = tcheck(d, map_new(d->a, 0));
        meta_set(d, t, K_EXPLICIT);
        if (!list_push(d->a, l, val_map(t))) toom(d);
        d->nctx = nk;
        return t;
    }
    if (!v) {
        Map *t = tcheck(d, map_new(d->a, 0));
        meta_set(d, t, K_EXPLICIT);
        if (!map_set(d->a, m, k, val_map(t))) toom(d);
        d->nctx = nk;
        return t;
    }
    int kind = v->kind == V_MAP ? meta_get(d, v->u.m) : 0;
    if (kind == K_IMPLICIT || kind == K_DOTTED) {
        meta_set(d, v->u.m, K_EXPLICIT);
        d->nctx = nk;
        return v->u.m;
    }
    tfail(d, "Key '%s' has already been defined.", ctx_path(d, 0, nk));
}

/* ---- the document ----------------------------------------------------- */

/* After an item: blanks, a comment, then a newline or EOF.  The lexer
 * reads a stray control character (a lone \r) while the item's key is
 * still its context; other leftovers are reported with only the table's. */
static void end_of_item(TDec *d, size_t table_len)
{
    skip_ws(d);
    if (peek(d) == '\r') check_ctl(d, '\r');
    d->nctx = table_len;
    skip_comment(d);
    int c = peek(d);
    if (c < 0) return;
    if (c == '\n') {
        adv(d);
        return;
    }
    if (c == '\r' && peek_at(d, 1) == '\n') {
        d->pos++;
        adv(d);
        return;
    }
    tfail(d, "expected a top-level item to end with a newline, comment, or EOF, but got %s instead", rune_str(d));
}

static void document(TDec *d, Map *root)
{
    Map *cur = root;
    size_t table_len = 0;
    if (d->n >= 3 && memcmp(d->p, "\xEF\xBB\xBF", 3) == 0) d->pos = 3;
    for (;;) {
        skip_ws_nl(d);
        int c = peek(d);
        if (c < 0) return;
        if (c == '[') {
            cur = table_header(d, root, peek_at(d, 1) == '[');
            table_len = d->nctx;
            end_of_item(d, table_len);
            continue;
        }
        check_ctl(d, c);
        d->nctx = table_len;
        key_value(d, cur, table_len);
        end_of_item(d, table_len);
    }
}

int toml_decode(Arena *a, const char *text, size_t n, Value *out, Buf *err)
{
    TDec *d = calloc(1, sizeof *d);
    if (!d) {
        buf_adds(err, "out of memory");
        return -1;
    }
    d->a = a;
    d->p = text;
    d->n = n;
    d->line = 1;
    d->err = err;
    arena_init(&d->tmp);
    int rc = -1;
    *out = val_nil();
    if (setjmp(d->fail) == 0) {
        if (memchr(text, 0, n))
            tfail(d, "files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8");
        Map *root = tcheck(d, map_new(a, 0));
        document(d, root);
        *out = val_map(root);
        rc = 0;
    }
    arena_free(&d->tmp);
    buf_free(&d->sbuf);
    free(d);
    return rc;
}
