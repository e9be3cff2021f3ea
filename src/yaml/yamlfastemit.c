/*
 * yamlfastemit.c - toYaml's text for plain values, without libyaml.
 *
 * Most values charts print with toYaml are maps and lists of short ASCII
 * words and numbers.  libyaml's emitter analyses every scalar a character
 * at a time; this writes what it would write for values where that
 * analysis can only conclude "plain": block mappings with keys in go-yaml's
 * order, sequences indentless inside mappings and compact inside
 * sequences, {} and [] for empty collections.  Anything it is not sure of
 * (quoting, wrapping past 80 columns, multi-line or non-ASCII strings,
 * long keys, floats libyaml would see differently, objects, bytes,
 * unsigned or float32 numbers, NaN/Inf, deep nesting) makes it give up and
 * yaml_encode uses libyaml for the whole value.  Its output is tested
 * against libyaml's on random and real values (tests/unit/yamlfast).
 */
#include "yaml.h"
#include "yamlint.h"
#include "ynode.h"
#include "../value/fmt.h"

#include <math.h>
#include <string.h>

#define FAST_DEPTH 100
#define BEST_WIDTH 80
#define KEY_MAX 128

typedef struct E {
    Buf *out;
    Arena *a;
} E;

static void pad(Buf *b, int n)
{
    while (n-- > 0) buf_addc(b, ' ');
}

/* How libyaml writes the one-line printable ASCII string s (emit_string's
 * request, then libyaml's analyze_scalar and select_scalar_style): 'p'
 * plain, 's' single-quoted, 'd' double-quoted, 0 when this file does not
 * know (other characters, a possible line wrap at a space past column
 * 80 when starting at col, a key too long to be a simple key). */
enum { C_BAD = 1, C_SPACE = 2, C_COLON = 4, C_HASH = 8, C_FIRST = 16, C_FIRST_WS = 32 };

/* What style_of looks at in each printable byte; 0 for the plain
 * majority (the others are C_BAD, see cls). */
static const uint8_t char_class[256] = {
    [' '] = C_SPACE, [':'] = C_COLON | C_FIRST_WS, ['#'] = C_HASH | C_FIRST,
    ['?'] = C_FIRST_WS, ['-'] = C_FIRST_WS,
    [','] = C_FIRST, ['['] = C_FIRST, [']'] = C_FIRST, ['{'] = C_FIRST, ['}'] = C_FIRST,
    ['&'] = C_FIRST, ['*'] = C_FIRST, ['!'] = C_FIRST, ['|'] = C_FIRST, ['>'] = C_FIRST,
    ['\''] = C_FIRST, ['"'] = C_FIRST, ['%'] = C_FIRST, ['@'] = C_FIRST, ['`'] = C_FIRST,
};

static int cls(unsigned char c)
{
    return char_class[c] | ((unsigned)c - 0x20u >= 0x5fu);
}

static int style_of(const char *s, size_t n, int col, bool key)
{
    bool space = false, block_ind = false;
    const unsigned char *u = (const unsigned char *)s;
    if (n) {
        int k = cls(u[0]);
        if (k & C_FIRST) block_ind = true;
        if ((k & C_FIRST_WS) && (n == 1 || u[1] == ' ')) block_ind = true;
    }
    for (size_t i = 0; i < n; i++) {
        int k = cls(u[i]);
        if (!k) continue;
        if (k & C_BAD) return 0;
        if (k & C_SPACE) space = true;
        if (i && (k & C_COLON) && (i + 1 == n || u[i + 1] == ' ')) block_ind = true;
        if (i && (k & C_HASH) && u[i - 1] == ' ') block_ind = true;
    }
    /* flow indicators do not matter: toYaml writes block style, and
     * libyaml judges simple keys by the block rules too */
    if (n >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0)) block_ind = true;
    if (key && n > KEY_MAX) return 0;
    double num;
    int want_plain = yaml_resolve_plain(s, n, &num) == YR_STR && !yaml_base60_float(s, n);
    int style;
    if (!want_plain) {
        if (memchr(s, '"', n) || memchr(s, '\\', n)) return 0;
        style = 'd';
    } else {
        bool edge = n && (s[0] == ' ' || s[n - 1] == ' ');
        bool plain = n && !edge && !block_ind;
        style = plain ? 'p' : 's';
    }
    /* values may break at spaces past the best width; keys never do */
    size_t width = n + (style == 'p' ? 0 : 2);
    if (!key && space && col + (int)width > BEST_WIDTH) return 0;
    return style;
}

static void put_scalar(Buf *b, const char *s, size_t n, int style)
{
    if (style == 'p') { buf_add(b, s, n); return; }
    char q = style == 's' ? '\'' : '"';
    buf_addc(b, q);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'' && style == 's') buf_addc(b, '\'');
        buf_addc(b, s[i]);
    }
    buf_addc(b, q);
}

/* v as enc_value gives it to libyaml, written as libyaml would, if known. */
static bool scalar_text(Value v, Buf *t, int col)
{
    switch ((VKind)v.kind) {
    case V_NIL: buf_adds(t, "null"); return true;
    case V_BOOL: buf_adds(t, v.u.b ? "true" : "false"); return true;
    case V_INT:
        if (v.gtype >= GT_UINT && v.gtype <= GT_UINT64) return false;
        buf_printf(t, "%lld", (long long)v.u.i);
        return true;
    case V_FLOAT: {
        double f = v.u.f;
        if (v.gtype == GT_FLOAT32 || !isfinite(f)) return false;
        double a = fabs(f);
        if (f == 0) { buf_adds(t, "0"); return true; }
        /* whole numbers below 2^53 print as integers; the rest is
         * libyaml's business (exponents, fractions) */
        if (a >= 1 && a < 9007199254740992.0 && f == floor(f)) {
            buf_printf(t, "%lld", (long long)f);
            return true;
        }
        return false;
    }
    case V_STR: {
        int style = v.gtype == GT_STRING ? style_of(v.u.s->s, v.u.s->len, col, false) : 0;
        if (!style) return false;
        put_scalar(t, v.u.s->s, v.u.s->len, style);
        return true;
    }
    default:
        return false;
    }
}

static bool value(E *e, Value v, int indent, int col, bool in_map, int depth);

static bool is_nil_coll(Value v)
{
    return (v.kind == V_MAP && !v.u.m->count && (v.u.m->flags & MAP_NIL)) ||
           (v.kind == V_LIST && !v.u.l->len && (v.u.l->flags & LIST_NIL));
}

/* Entries of m at indent; the first key's indentation is already written
 * when first_inline. */
static bool mapping(E *e, Map *m, int indent, bool first_inline, int depth)
{
    uint32_t n = map_len(m);
    MapEntry **es = map_sorted(m, e->a);
    if (!es || yaml_sort_entries(es, n, e->a)) return false;
    for (uint32_t i = 0; i < n; i++) {
        const Str *k = es[i]->key;
        int style = style_of(k->s, k->len, indent, true);
        if (!style) return false;
        if (i || !first_inline) pad(e->out, indent);
        size_t at = e->out->len;
        put_scalar(e->out, k->s, k->len, style);
        int kw = (int)(e->out->len - at);
        buf_addc(e->out, ':');
        if (!value(e, es[i]->val, indent, indent + kw + 2, true, depth + 1)) return false;
    }
    return true;
}

static bool sequence(E *e, List *l, int indent, bool first_inline, int depth)
{
    for (uint32_t i = 0; i < l->len; i++) {
        if (i || !first_inline) pad(e->out, indent);
        buf_addc(e->out, '-');
        if (!value(e, l->items[i], indent, indent + 2, false, depth + 1)) return false;
    }
    return true;
}

/* v after "key:" (in_map) or "-" at indentation indent; col: where a
 * scalar would start. */
static bool value(E *e, Value v, int indent, int col, bool in_map, int depth)
{
    if (depth > FAST_DEPTH) return false;
    bool coll = (v.kind == V_MAP || v.kind == V_LIST) && !is_nil_coll(v);
    if (!coll) {
        /* on failure the caller drops all of the text */
        buf_addc(e->out, ' ');
        bool ok = v.kind == V_MAP || v.kind == V_LIST ? (buf_adds(e->out, "null"), true) : scalar_text(v, e->out, col);
        buf_addc(e->out, '\n');
        return ok;
    }
    if (v.kind == V_MAP) {
        if (!v.u.m->count) { buf_adds(e->out, " {}\n"); return true; }
        if (in_map) {
            buf_addc(e->out, '\n');
            return mapping(e, v.u.m, indent + 2, false, depth);
        }
        buf_addc(e->out, ' ');
        return mapping(e, v.u.m, indent + 2, true, depth);
    }
    if (!v.u.l->len) { buf_adds(e->out, " []\n"); return true; }
    if (in_map) {
        buf_addc(e->out, '\n');
        return sequence(e, v.u.l, indent, false, depth);
    }
    buf_addc(e->out, ' ');
    return sequence(e, v.u.l, indent + 2, true, depth);
}

int yaml_fast_encode(Buf *out, Value v)
{
    size_t mark = out->len;
    Buf *text = out;
    Arena a;
    arena_init(&a);
    E e = {text, &a};
    bool ok;
    if (v.kind == V_MAP && v.u.m->count) ok = mapping(&e, v.u.m, 0, false, 0);
    else if (v.kind == V_LIST && v.u.l->len) ok = sequence(&e, v.u.l, 0, false, 0);
    else if (v.kind == V_MAP || v.kind == V_LIST) {
        ok = true;
        buf_adds(text, is_nil_coll(v) ? "null\n" : v.kind == V_MAP ? "{}\n" : "[]\n");
    } else {
        ok = scalar_text(v, text, 0);
        if (ok) buf_addc(text, '\n');
    }
    arena_free(&a);
    if (!ok) {
        out->len = mark;
        if (out->data) out->data[mark] = 0;
    }
    return ok;
}
