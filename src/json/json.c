/*
 * json.c - Go's encoding/json on chartc values, byte for byte.
 *
 * Encoding follows json.Marshal: map keys sorted by bytes, floats in
 * strconv 'f' form unless the magnitude is below 1e-6 or at least 1e21
 * (then 'e' with a one-digit negative exponent cleaned: 1e-07 -> 1e-7),
 * NaN/Inf an error, []byte as base64, strings escaped as encodeState.string
 * does.  JSON_INDENT produces what json.Indent makes of that text, which
 * keeps empty containers as {} and [].
 *
 * Decoding is two passes, as json.Unmarshal's: first Go's scanner state
 * machine validates the whole text (so the first syntax error in text
 * order is reported, with Go's exact words, and nothing is built from
 * invalid input), then a non-recursive builder makes the values.  Both
 * passes keep their nesting on explicit stacks bounded by JSON_MAX_DEPTH.
 */
#include "json.h"

#include "../util/base64.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../value/fmt.h"
#include "toml.h"

/* ---- UTF-8 ------------------------------------------------------------ */

/* utf8.DecodeRune: the rune and its length, or -1 and length 1 for an
 * invalid or truncated sequence (overlong forms and surrogates included). */
int32_t json_utf8_decode(const char *str, size_t n, size_t *len)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    *len = 1;
    if (c < 0x80) return (int32_t)c;
    int need;
    uint32_t r, lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; r = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; r = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; r = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return -1;
    if (n < (size_t)need + 1) return -1;
    for (int i = 1; i <= need; i++) {
        unsigned d = s[i];
        if (d < lo || d > hi) return -1;
        lo = 0x80; hi = 0xBF;
        r = r << 6 | (d & 0x3F);
    }
    *len = (size_t)need + 1;
    return (int32_t)r;
}

void json_utf8_put(Buf *b, uint32_t r)
{
    char s[4];
    if (r < 0x80) { buf_addc(b, (char)r); return; }
    if (r < 0x800) {
        s[0] = (char)(0xC0 | r >> 6); s[1] = (char)(0x80 | (r & 0x3F));
        buf_add(b, s, 2);
    } else if (r < 0x10000) {
        s[0] = (char)(0xE0 | r >> 12); s[1] = (char)(0x80 | (r >> 6 & 0x3F));
        s[2] = (char)(0x80 | (r & 0x3F));
        buf_add(b, s, 3);
    } else {
        s[0] = (char)(0xF0 | r >> 18); s[1] = (char)(0x80 | (r >> 12 & 0x3F));
        s[2] = (char)(0x80 | (r >> 6 & 0x3F)); s[3] = (char)(0x80 | (r & 0x3F));
        buf_add(b, s, 4);
    }
}

/* ---- encoding --------------------------------------------------------- */

static const char hexdig[] = "0123456789abcdef";

/* Bytes encoding/json copies as they are: 1 in every mode, 2 unless
 * HTML escaping is on (<, >, &); 0: escape, or a multi-byte rune. */
static const unsigned char json_plain[256] = {
    [' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 2, ['\''] = 1, ['('] = 1, [')'] = 1,
    ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1,
    ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1,
    ['<'] = 2, ['='] = 1, ['>'] = 2, ['?'] = 1, ['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
    ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1,
    ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
    ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 1,
    ['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7F] = 1,
};

void json_quote(Buf *b, const char *str, size_t n, bool html)
{
    const unsigned char *s = (const unsigned char *)str;
    const unsigned char plain = html ? 1 : 3;
    size_t start = 0, i = 0;
    buf_addc(b, '"');
    while (i < n) {
        while (i < n && (json_plain[s[i]] & plain)) i++;
        if (i >= n) break;
        unsigned c = s[i];
        if (c < 0x80) {
            buf_add(b, s + start, i - start);
            switch (c) {
            case '"': case '\\': buf_addc(b, '\\'); buf_addc(b, (char)c); break;
            case '\b': buf_adds(b, "\\b"); break;
            case '\f': buf_adds(b, "\\f"); break;
            case '\n': buf_adds(b, "\\n"); break;
            case '\r': buf_adds(b, "\\r"); break;
            case '\t': buf_adds(b, "\\t"); break;
            default:
                buf_adds(b, "\\u00");
                buf_addc(b, hexdig[c >> 4]);
                buf_addc(b, hexdig[c & 0xF]);
            }
            start = ++i;
            continue;
        }
        size_t len;
        int32_t r = json_utf8_decode(str + i, n - i, &len);
        if (r < 0) {
            buf_add(b, s + start, i - start);
            buf_adds(b, "\\ufffd");
            start = ++i;
            continue;
        }
        /* Go escapes the JSONP-breaking line separators even with
         * SetEscapeHTML(false): toRawJson shows \u2028 in the reference. */
        if (r == 0x2028 || r == 0x2029) {
            buf_add(b, s + start, i - start);
            buf_adds(b, r == 0x2028 ? "\\u2028" : "\\u2029");
            i += len;
            start = i;
            continue;
        }
        i += len;
    }
    buf_add(b, s + start, n - start);
    buf_addc(b, '"');
}

static void base64_std(Buf *b, const unsigned char *s, size_t n)
{
    buf_addc(b, '"');
    b64_encode(b, s, n);
    buf_addc(b, '"');
}

/* time.Time objects of other modules only show their %v text,
 * "2006-01-02 15:04:05.999999999 -0700 MST [m=+0.001]"; MarshalJSON and
 * the TOML encoder want RFC 3339 with nanoseconds, which that text holds. */
bool json_time_rfc3339(const char *s, size_t n, Buf *out)
{
    /* date, space, clock[.frac], space, +hhmm */
    size_t i = 0;
    while (i < n && s[i] != ' ') i++;
    size_t j = i + 1;
    while (j < n && s[j] != ' ') j++;
    if (i < 10 || j + 6 > n || (s[j + 1] != '+' && s[j + 1] != '-')) return false;
    const char *off = s + j + 1;
    for (int k = 1; k <= 4; k++)
        if (off[k] < '0' || off[k] > '9') return false;
    buf_add(out, s, i);
    buf_addc(out, 'T');
    buf_add(out, s + i + 1, j - i - 1);
    if (memcmp(off + 1, "0000", 4) == 0) {
        buf_addc(out, 'Z');
    } else {
        buf_add(out, off, 3);
        buf_addc(out, ':');
        buf_add(out, off + 3, 2);
    }
    return true;
}

MapEntry **json_map_order(const Map *m, Arena *a)
{
    if (!(m->flags & MAP_STRUCT)) return map_sorted(m, a);
    MapEntry **e = arena_alloc(a, (m->count ? m->count : 1) * sizeof *e);
    if (!e) return NULL;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->used && n < m->count; i++)
        if (m->entries[i].key) e[n++] = &m->entries[i];
    return e;
}

/* Struct types other modules model as objects, with their exported
 * fields in declaration order, so the encoders can walk them as Go's
 * reflection does ({"Cert":...,"Key":...} for genCA in the reference). */
static const struct {
    const char *type;
    const char *fields[4];
} struct_fields[] = {
    {"sprig.certificate", {"Cert", "Key"}},
    {"common.KubeVersion", {"Version", "Major", "Minor"}},
};

static Value struct_value(Arena *a, const Obj *o, const char *const *fields)
{
    Map *m = map_new(a, 4);
    if (!m) return val_nil();
    m->flags |= MAP_STRUCT;
    for (size_t i = 0; i < 4 && fields[i]; i++) {
        Str *k = str_cstr(a, fields[i]);
        Value f = val_nil();
        if (!k || !o->type->get(a, o, k, &f) || !map_set(a, m, k, f)) return val_nil();
    }
    return val_map(m);
}

Value json_obj_value(Arena *a, Value v, bool *is_time)
{
    const Obj *o = v.u.o;
    Buf t = BUF_INIT, r = BUF_INIT;
    Value out;
    *is_time = false;
    if (val_marshal(a, v, &out)) return out;
    for (size_t i = 0; o && o->type && o->type->get && i < sizeof struct_fields / sizeof *struct_fields; i++)
        if (strcmp(o->type->go_type, struct_fields[i].type) == 0) return struct_value(a, o, struct_fields[i].fields);
    if (o && o->type == &toml_time_type) {
        toml_time_text(o, &r, true);
        *is_time = true;
        goto string;
    }
    if (o && o->type && o->type->print) o->type->print(o, &t);
    const char *s = t.data ? t.data : "";
    if (strcmp(val_typename(v), "time.Time") == 0 && json_time_rfc3339(s, t.len, &r)) {
        *is_time = true;
    } else if (o && o->type && o->type->go_kind && strcmp(o->type->go_kind, "slice") == 0 && t.len >= 2 &&
               s[0] == '[' && s[t.len - 1] == ']') {
        /* A slice type behind an object (chartutil.VersionSet) marshals as
         * the list its %v shows: "[a b c]". */
        List *l = list_new(a, 0);
        for (size_t i = 1; l && i < t.len - 1;) {
            size_t j = i;
            while (j < t.len - 1 && s[j] != ' ') j++;
            Value item = val_strn(a, s + i, j - i);
            if (item.kind != V_STR || !list_push(a, l, item)) l = NULL;
            i = j + 1;
        }
        out = l ? val_list(l) : val_nil();
        out.gtype = l ? GT_LIST_STRING : GT_NONE;
        buf_free(&t);
        return out;
    } else {
        /* Otherwise the %v text, which is what TextMarshalers such as
         * *semver.Version produce. */
        buf_add(&r, s, t.len);
    }
string:
    out = val_strn(a, r.data ? r.data : "", r.len);
    buf_free(&t);
    buf_free(&r);
    return out;
}

typedef struct Enc {
    Buf *out, *err;
    bool html, indent;
    Arena tmp;             /* sorted key arrays, the container stack */
    const void **stack;    /* containers being encoded, outermost first */
    size_t depth, cap;
} Enc;

static int enc_value(Enc *e, Value v);

/* floatEncoder.encode. */
static int enc_float(Enc *e, double f, int bits)
{
    if (isnan(f) || isinf(f)) {
        buf_printf(e->err, "json: unsupported value: %s",
                   isnan(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf");
        return -1;
    }
    double a = fabs(f);
    char fmt = 'f';
    if (a != 0) {
        if (bits == 32 ? ((float)a < 1e-6f || (float)a >= 1e21f) : (a < 1e-6 || a >= 1e21))
            fmt = 'e';
    }
    size_t start = e->out->len;
    fmt_float(e->out, f, fmt, -1, bits);
    if (fmt == 'e') {
        char *p = e->out->data + start;
        size_t n = e->out->len - start;
        if (n >= 4 && p[n - 4] == 'e' && p[n - 3] == '-' && p[n - 2] == '0') {
            p[n - 2] = p[n - 1];
            e->out->len--;
            e->out->data[e->out->len] = 0;
        }
    }
    return 0;
}

static void enc_newline(Enc *e)
{
    buf_addc(e->out, '\n');
    for (size_t i = 0; i < e->depth; i++) buf_adds(e->out, "  ");
}

/* Go starts looking for cycles once a value nests more than 1000 maps or
 * slices (startDetectingCyclesAfter) and names the container's type. */
static int enc_enter(Enc *e, const void *p, Value v)
{
    if (e->depth > 1000) {
        for (size_t i = 0; i < e->depth; i++) {
            if (e->stack[i] == p) {
                buf_printf(e->err, "json: unsupported value: encountered a cycle via %s",
                           val_typename(v));
                return -1;
            }
        }
    }
    if (e->depth >= JSON_MAX_ENCODE_DEPTH) {
        buf_adds(e->err, "json: exceeded max depth");
        return -1;
    }
    if (e->depth == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        const void **s = arena_realloc(&e->tmp, (void *)e->stack, e->cap * sizeof *s, cap * sizeof *s);
        if (!s) {
            buf_adds(e->err, "out of memory");
            return -1;
        }
        e->stack = s;
        e->cap = cap;
    }
    e->stack[e->depth++] = p;
    return 0;
}

static int enc_list(Enc *e, Value v)
{
    List *l = v.u.l;
    if (l->len == 0) {
        buf_adds(e->out, l->flags & LIST_NIL ? "null" : "[]");
        return 0;
    }
    if (enc_enter(e, l, v) < 0) return -1;
    buf_addc(e->out, '[');
    for (uint32_t i = 0; i < l->len; i++) {
        if (i) buf_addc(e->out, ',');
        if (e->indent) enc_newline(e);
        if (enc_value(e, l->items[i]) < 0) return -1;
    }
    e->depth--;
    if (e->indent) enc_newline(e);
    buf_addc(e->out, ']');
    return 0;
}

static int enc_map(Enc *e, Value v)
{
    Map *m = v.u.m;
    if (map_len(m) == 0) {
        buf_adds(e->out, m->flags & MAP_NIL ? "null" : "{}");
        return 0;
    }
    MapEntry **ents = json_map_order(m, &e->tmp);
    if (!ents) {
        buf_adds(e->err, "out of memory");
        return -1;
    }
    if (enc_enter(e, m, v) < 0) return -1;
    buf_addc(e->out, '{');
    uint32_t n = map_len(m);
    for (uint32_t i = 0; i < n; i++) {
        if (i) buf_addc(e->out, ',');
        if (e->indent) enc_newline(e);
        json_quote(e->out, ents[i]->key->s, ents[i]->key->len, e->html);
        buf_adds(e->out, e->indent ? ": " : ":");
        if (enc_value(e, ents[i]->val) < 0) return -1;
    }
    e->depth--;
    if (e->indent) enc_newline(e);
    buf_addc(e->out, '}');
    return 0;
}

static bool gtype_unsigned(int gt)
{
    return gt == GT_UINT || gt == GT_UINT8 || gt == GT_UINT16 || gt == GT_UINT32 || gt == GT_UINT64;
}

static int enc_value(Enc *e, Value v)
{
    switch ((VKind)v.kind) {
    case V_NIL:
        buf_adds(e->out, "null");
        return 0;
    case V_BOOL:
        buf_adds(e->out, v.u.b ? "true" : "false");
        return 0;
    case V_INT:
        if (gtype_unsigned(v.gtype)) buf_printf(e->out, "%llu", (unsigned long long)v.u.u);
        else buf_printf(e->out, "%lld", (long long)v.u.i);
        return 0;
    case V_FLOAT:
        return enc_float(e, v.u.f, v.gtype == GT_FLOAT32 ? 32 : 64);
    case V_STR:
        if (v.gtype == GT_BYTES) {
            if (!v.u.s) buf_adds(e->out, "null");
            else base64_std(e->out, (const unsigned char *)v.u.s->s, v.u.s->len);
        } else if (!v.u.s) {
            buf_adds(e->out, "\"\"");
        } else {
            json_quote(e->out, v.u.s->s, v.u.s->len, e->html);
        }
        return 0;
    case V_LIST:
        if (!v.u.l) {
            buf_adds(e->out, "null");
            return 0;
        }
        return enc_list(e, v);
    case V_MAP:
        if (!v.u.m) {
            buf_adds(e->out, "null");
            return 0;
        }
        return enc_map(e, v);
    case V_OBJ: {
        const char *kind = v.u.o && v.u.o->type ? v.u.o->type->go_kind : "";
        if (kind && strncmp(kind, "complex", 7) == 0) {
            buf_printf(e->err, "json: unsupported type: %s", kind);
            return -1;
        }
        bool is_time;
        return enc_value(e, json_obj_value(&e->tmp, v, &is_time));
    }
    case V_FUNC:
        buf_adds(e->err, "json: unsupported type: func()");
        return -1;
    }
    buf_adds(e->err, "json: unsupported value");
    return -1;
}

int json_encode(Buf *out, Value v, int flags, Buf *err)
{
    Enc e = {0};
    e.out = out;
    e.err = err;
    e.html = flags & JSON_ESCAPE_HTML;
    e.indent = flags & JSON_INDENT;
    arena_init(&e.tmp);
    size_t start = out->len;
    int r = enc_value(&e, v);
    arena_free(&e.tmp);
    if (r < 0) {
        out->len = start;
        if (out->data) out->data[start] = 0;
    }
    return r;
}

/* ---- the scanner (validation pass) ------------------------------------ */

/* Go's scanner states, named as in encoding/json/scanner.go. */
typedef enum {
    S_BEGIN_VALUE_OR_EMPTY, S_BEGIN_VALUE, S_BEGIN_STRING_OR_EMPTY, S_BEGIN_STRING,
    S_END_VALUE, S_END_TOP, S_IN_STRING, S_IN_STRING_ESC,
    S_U, S_U1, S_U12, S_U123,
    S_NEG, S_1, S_0, S_DOT, S_DOT0, S_E, S_ESIGN, S_E0,
    S_T, S_TR, S_TRU, S_F, S_FA, S_FAL, S_FALS, S_N, S_NU, S_NUL,
    S_ERROR
} ScanState;

enum { P_OBJECT_KEY, P_OBJECT_VALUE, P_ARRAY_VALUE };

typedef struct Scanner {
    ScanState st;
    bool end_top;
    size_t depth;
    unsigned char ps[JSON_MAX_DEPTH + 1];
    Buf *err;
} Scanner;

static bool is_space(unsigned c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* quoteChar: the byte as a rune in a Go single-quoted literal; bytes
 * 0x80-0xFF therefore show as Latin-1 letters ('Ã' for 0xC3). */
static void quote_char(Buf *b, unsigned c)
{
    buf_addc(b, '\'');
    if (c == '\'') buf_adds(b, "\\'");
    else if (c == '\\') buf_adds(b, "\\\\");
    else if (c >= 0x20 && c < 0x7F) buf_addc(b, (char)c);
    else if (c == '\a') buf_adds(b, "\\a");
    else if (c == '\b') buf_adds(b, "\\b");
    else if (c == '\f') buf_adds(b, "\\f");
    else if (c == '\n') buf_adds(b, "\\n");
    else if (c == '\r') buf_adds(b, "\\r");
    else if (c == '\t') buf_adds(b, "\\t");
    else if (c == '\v') buf_adds(b, "\\v");
    else if (c < 0x80) buf_printf(b, "\\x%02x", c);
    else if (c < 0xA1 || c == 0xAD) buf_printf(b, "\\u%04x", c);   /* not strconv.IsPrint */
    else json_utf8_put(b, c);
    buf_addc(b, '\'');
}

static int scan_error(Scanner *s, unsigned c, const char *context)
{
    s->st = S_ERROR;
    buf_adds(s->err, "invalid character ");
    quote_char(s->err, c);
    buf_addc(s->err, ' ');
    buf_adds(s->err, context);
    return -1;
}

static int scan_push(Scanner *s, unsigned c, int p, ScanState next)
{
    s->ps[s->depth++] = (unsigned char)p;
    if (s->depth <= JSON_MAX_DEPTH) {
        s->st = next;
        return 0;
    }
    return scan_error(s, c, "exceeded max depth");
}

static int scan_step(Scanner *s, unsigned c);

static int scan_end_value(Scanner *s, unsigned c)
{
    if (s->depth == 0) {
        s->st = S_END_TOP;
        s->end_top = true;
        return scan_step(s, c);
    }
    if (is_space(c)) {
        s->st = S_END_VALUE;
        return 0;
    }
    switch (s->ps[s->depth - 1]) {
    case P_OBJECT_KEY:
        if (c == ':') {
            s->ps[s->depth - 1] = P_OBJECT_VALUE;
            s->st = S_BEGIN_VALUE;
            return 0;
        }
        return scan_error(s, c, "after object key");
    case P_OBJECT_VALUE:
        if (c == ',') {
            s->ps[s->depth - 1] = P_OBJECT_KEY;
            s->st = S_BEGIN_STRING;
            return 0;
        }
        if (c == '}') break;
        return scan_error(s, c, "after object key:value pair");
    default:
        if (c == ',') {
            s->st = S_BEGIN_VALUE;
            return 0;
        }
        if (c == ']') break;
        return scan_error(s, c, "after array element");
    }
    if (--s->depth == 0) {
        s->st = S_END_TOP;
        s->end_top = true;
    } else {
        s->st = S_END_VALUE;
    }
    return 0;
}

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }
static bool is_hex(unsigned c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int scan_literal(Scanner *s, unsigned c, unsigned want, ScanState next, const char *ctx)
{
    if (c == want) {
        s->st = next;
        return 0;
    }
    return scan_error(s, c, ctx);
}

static int scan_begin_value(Scanner *s, unsigned c)
{
    if (is_space(c)) return 0;
    switch (c) {
    case '{': return scan_push(s, c, P_OBJECT_KEY, S_BEGIN_STRING_OR_EMPTY);
    case '[': return scan_push(s, c, P_ARRAY_VALUE, S_BEGIN_VALUE_OR_EMPTY);
    case '"': s->st = S_IN_STRING; return 0;
    case '-': s->st = S_NEG; return 0;
    case '0': s->st = S_0; return 0;
    case 't': s->st = S_T; return 0;
    case 'f': s->st = S_F; return 0;
    case 'n': s->st = S_N; return 0;
    }
    if (c >= '1' && c <= '9') {
        s->st = S_1;
        return 0;
    }
    return scan_error(s, c, "looking for beginning of value");
}

static int scan_step(Scanner *s, unsigned c)
{
    switch (s->st) {
    case S_BEGIN_VALUE_OR_EMPTY:
        if (is_space(c)) return 0;
        if (c == ']') return scan_end_value(s, c);
        return scan_begin_value(s, c);
    case S_BEGIN_VALUE:
        return scan_begin_value(s, c);
    case S_BEGIN_STRING_OR_EMPTY:
        if (is_space(c)) return 0;
        if (c == '}') {
            s->ps[s->depth - 1] = P_OBJECT_VALUE;
            return scan_end_value(s, c);
        }
        /* fall through */
    case S_BEGIN_STRING:
        if (is_space(c)) return 0;
        if (c == '"') {
            s->st = S_IN_STRING;
            return 0;
        }
        return scan_error(s, c, "looking for beginning of object key string");
    case S_END_VALUE:
        return scan_end_value(s, c);
    case S_END_TOP:
        if (!is_space(c)) return scan_error(s, c, "after top-level value");
        return 0;
    case S_IN_STRING:
        if (c == '"') s->st = S_END_VALUE;
        else if (c == '\\') s->st = S_IN_STRING_ESC;
        else if (c < 0x20) return scan_error(s, c, "in string literal");
        return 0;
    case S_IN_STRING_ESC:
        if (strchr("bfnrt\\/\"", (int)c) && c) {
            s->st = S_IN_STRING;
            return 0;
        }
        if (c == 'u') {
            s->st = S_U;
            return 0;
        }
        return scan_error(s, c, "in string escape code");
    case S_U: case S_U1: case S_U12: case S_U123:
        if (!is_hex(c)) return scan_error(s, c, "in \\u hexadecimal character escape");
        s->st = s->st == S_U123 ? S_IN_STRING : s->st + 1;
        return 0;
    case S_NEG:
        if (c == '0') s->st = S_0;
        else if (c >= '1' && c <= '9') s->st = S_1;
        else return scan_error(s, c, "in numeric literal");
        return 0;
    case S_1:
        if (is_digit(c)) return 0;
        /* fall through */
    case S_0:
        if (c == '.') s->st = S_DOT;
        else if (c == 'e' || c == 'E') s->st = S_E;
        else return scan_end_value(s, c);
        return 0;
    case S_DOT:
        if (!is_digit(c)) return scan_error(s, c, "after decimal point in numeric literal");
        s->st = S_DOT0;
        return 0;
    case S_DOT0:
        if (is_digit(c)) return 0;
        if (c == 'e' || c == 'E') {
            s->st = S_E;
            return 0;
        }
        return scan_end_value(s, c);
    case S_E:
        if (c == '+' || c == '-') {
            s->st = S_ESIGN;
            return 0;
        }
        /* fall through */
    case S_ESIGN:
        if (!is_digit(c)) return scan_error(s, c, "in exponent of numeric literal");
        s->st = S_E0;
        return 0;
    case S_E0:
        if (is_digit(c)) return 0;
        return scan_end_value(s, c);
    case S_T: return scan_literal(s, c, 'r', S_TR, "in literal true (expecting 'r')");
    case S_TR: return scan_literal(s, c, 'u', S_TRU, "in literal true (expecting 'u')");
    case S_TRU: return scan_literal(s, c, 'e', S_END_VALUE, "in literal true (expecting 'e')");
    case S_F: return scan_literal(s, c, 'a', S_FA, "in literal false (expecting 'a')");
    case S_FA: return scan_literal(s, c, 'l', S_FAL, "in literal false (expecting 'l')");
    case S_FAL: return scan_literal(s, c, 's', S_FALS, "in literal false (expecting 's')");
    case S_FALS: return scan_literal(s, c, 'e', S_END_VALUE, "in literal false (expecting 'e')");
    case S_N: return scan_literal(s, c, 'u', S_NU, "in literal null (expecting 'u')");
    case S_NU: return scan_literal(s, c, 'l', S_NUL, "in literal null (expecting 'l')");
    case S_NUL: return scan_literal(s, c, 'l', S_END_VALUE, "in literal null (expecting 'l')");
    case S_ERROR:
        return -1;
    }
    return -1;
}

/* checkValid: the whole text, then Go's eof(), which feeds one space so a
 * top-level number can end ("1." at the end reports the space). */
static int json_check(const char *text, size_t n, Buf *err)
{
    Scanner *s = malloc(sizeof *s);
    if (!s) {
        buf_adds(err, "out of memory");
        return -1;
    }
    s->st = S_BEGIN_VALUE;
    s->end_top = false;
    s->depth = 0;
    s->err = err;
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++) r = scan_step(s, (unsigned char)text[i]);
    if (r == 0 && !s->end_top) {
        r = scan_step(s, ' ');
        if (r == 0 && !s->end_top) {
            buf_adds(err, "unexpected end of JSON input");
            r = -1;
        }
    }
    free(s);
    return r;
}

/* ---- the builder (on validated text) ---------------------------------- */

typedef struct Dec {
    Arena *a;
    const char *p;
    size_t n, pos;
    Buf *err;          /* first type error (Go's saveError), if any */
    bool type_err;
    bool oom;
} Dec;

static void dec_ws(Dec *d)
{
    while (d->pos < d->n && is_space((unsigned char)d->p[d->pos])) d->pos++;
}

static int hex4(const char *p, size_t avail)
{
    if (avail < 6 || p[0] != '\\' || p[1] != 'u') return -1;
    int r = 0;
    for (int i = 2; i < 6; i++) {
        unsigned c = (unsigned char)p[i];
        int v = is_digit(c) ? (int)(c - '0') : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (int)((c | 0x20) - 'a' + 10) : -1;
        if (v < 0) return -1;
        r = r << 4 | v;
    }
    return r;
}

/* unquote: escapes decoded; surrogate halves that do not pair and invalid
 * UTF-8 become U+FFFD, as Go's decoder coerces strings. */
static Str *dec_string(Dec *d)
{
    size_t i = ++d->pos, start = i;
    bool plain = true;
    while (d->p[i] != '"') {
        unsigned c = (unsigned char)d->p[i];
        if (c == '\\') i++;
        if (c == '\\' || c >= 0x80) plain = false;
        i++;
    }
    d->pos = i + 1;
    if (plain) return str_new(d->a, d->p + start, i - start);
    Buf b = BUF_INIT;
    const unsigned char *s = (const unsigned char *)d->p;
    size_t j = start;
    while (j < i) {
        unsigned c = s[j];
        if (c == '\\') {
            unsigned e = s[j + 1];
            if (e != 'u') {
                static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
                const char *q = strchr(from, (int)e);
                buf_addc(&b, q ? to[q - from] : (char)e);
                j += 2;
                continue;
            }
            int r = hex4(d->p + j, i - j);
            j += 6;
            if (r >= 0xD800 && r < 0xE000) {
                int r2 = hex4(d->p + j, i - j);
                if (r < 0xDC00 && r2 >= 0xDC00 && r2 < 0xE000) {
                    j += 6;
                    json_utf8_put(&b, 0x10000 + ((uint32_t)(r - 0xD800) << 10) + (uint32_t)(r2 - 0xDC00));
                    continue;
                }
                r = 0xFFFD;
            }
            json_utf8_put(&b, (uint32_t)r);
        } else if (c < 0x80) {
            buf_addc(&b, (char)c);
            j++;
        } else {
            size_t len;
            int32_t r = json_utf8_decode(d->p + j, i - j, &len);
            if (r < 0) json_utf8_put(&b, 0xFFFD);
            else buf_add(&b, s + j, len);
            j += len;
        }
    }
    Str *r = str_new(d->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return r;
}

static Value dec_number(Dec *d)
{
    size_t start = d->pos;
    while (d->pos < d->n && strchr("+-0123456789.eE", d->p[d->pos]) && d->p[d->pos]) d->pos++;
    size_t len = d->pos - start;
    char small[64];
    char *t = len < sizeof small ? small : arena_strndup(d->a, d->p + start, len);
    if (!t) {
        d->oom = true;
        return val_nil();
    }
    if (t == small) {
        memcpy(small, d->p + start, len);
        small[len] = 0;
    }
    double f = strtod(t, NULL);
    /* strconv.ParseFloat fails only on overflow (underflow is 0 or a
     * subnormal); Go keeps the first such error and stores nil. */
    if (isinf(f)) {
        if (!d->type_err) {
            d->type_err = true;
            buf_adds(d->err, "json: cannot unmarshal number ");
            buf_add(d->err, d->p + start, len);
            buf_adds(d->err, " into Go value of type float64");
        }
        return val_nil();
    }
    return val_float(f);
}

static Value dec_scalar(Dec *d)
{
    char c = d->p[d->pos];
    switch (c) {
    case '"': {
        Str *s = dec_string(d);
        if (!s) {
            d->oom = true;
            return val_nil();
        }
        return val_str(s);
    }
    case 't': d->pos += 4; return val_bool(true);
    case 'f': d->pos += 5; return val_bool(false);
    case 'n': d->pos += 4; return val_nil();
    }
    return dec_number(d);
}

typedef struct Frame {
    Value c;
    Str *key;
} Frame;

static bool frame_add(Dec *d, Frame *f, Value v)
{
    if (f->c.kind == V_MAP) return map_set(d->a, f->c.u.m, f->key, v);
    return list_push(d->a, f->c.u.l, v);
}

/* After ',' or '{' in an object: the key and its ':'. */
static bool dec_key(Dec *d, Frame *f)
{
    dec_ws(d);
    f->key = dec_string(d);
    dec_ws(d);
    d->pos++;
    return f->key != NULL;
}

static int dec_build(Dec *d, Value *out)
{
    Frame *st = NULL;
    size_t sp = 0, cap = 0;
    int rc = -1;
    for (;;) {
        dec_ws(d);
        char c = d->p[d->pos];
        Value v;
        if (c == '{' || c == '[') {
            d->pos++;
            dec_ws(d);
            if (c == '{') {
                Map *m = map_new(d->a, 0);
                if (!m) goto oom;
                v = val_map(m);
            } else {
                List *l = list_new(d->a, 0);
                if (!l) goto oom;
                v = val_list(l);
            }
            if (d->p[d->pos] != (c == '{' ? '}' : ']')) {
                if (sp == cap) {
                    size_t nc = cap ? cap * 2 : 16;
                    Frame *ns = realloc(st, nc * sizeof *ns);
                    if (!ns) goto oom;
                    st = ns;
                    cap = nc;
                }
                st[sp].c = v;
                st[sp].key = NULL;
                sp++;
                if (c == '{' && !dec_key(d, &st[sp - 1])) goto oom;
                continue;
            }
            d->pos++;
        } else {
            v = dec_scalar(d);
            if (d->oom) goto oom;
        }
        for (;;) {
            if (sp == 0) {
                *out = v;
                rc = 0;
                goto done;
            }
            Frame *f = &st[sp - 1];
            if (!frame_add(d, f, v)) goto oom;
            dec_ws(d);
            if (d->p[d->pos++] == ',') {
                if (f->c.kind == V_MAP && !dec_key(d, f)) goto oom;
                break;
            }
            v = f->c;
            sp--;
        }
    }
oom:
    buf_clear(d->err);
    buf_adds(d->err, "out of memory");
    d->oom = true;
done:
    free(st);
    return rc;
}

static const char *json_kind_word(char c)
{
    switch (c) {
    case '{': return "object";
    case '[': return "array";
    case '"': return "string";
    case 't': case 'f': return "bool";
    case 'n': return "null";
    }
    return "number";
}

int json_unmarshal(Arena *a, const char *text, size_t n, int into, Value *out, Buf *err)
{
    *out = val_nil();
    if (json_check(text, n, err) < 0) return -1;
    size_t i = 0;
    while (is_space((unsigned char)text[i])) i++;
    char first = text[i];
    if (into != JSON_INTO_ANY && first != 'n' && first != (into == JSON_INTO_MAP ? '{' : '[')) {
        buf_printf(err, "json: cannot unmarshal %s into Go value of type %s", json_kind_word(first),
                   into == JSON_INTO_MAP ? "map[string]interface {}" : "[]interface {}");
        return -1;
    }
    Buf terr = BUF_INIT;
    Dec d = {a, text, n, 0, &terr, false, false};
    int r = dec_build(&d, out);
    if (r < 0 || d.type_err) {
        if (r < 0) *out = val_nil();
        buf_add(err, terr.data ? terr.data : "", terr.len);
        r = -1;
    }
    buf_free(&terr);
    return r;
}

int json_decode(Arena *a, const char *text, size_t n, Value *out, Buf *err)
{
    return json_unmarshal(a, text, n, JSON_INTO_ANY, out, err);
}
