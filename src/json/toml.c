/*
 * toml.c - TOML as helm's library, BurntSushi/toml, writes it (toToml).
 *
 * The encoder's shape, as the reference shows it:
 *   - a table writes its plain keys first, then its sub-tables and arrays
 *     of tables, each group sorted by bytes; nil values are skipped;
 *   - "[a.b]" headers and their keys are indented two spaces per level
 *     below the top; a top-level table is preceded by a blank line, an
 *     array-of-tables entry always is (unless nothing was written yet);
 *   - a list is an array of tables only when every element is a map;
 *     otherwise it is written inline, maps inside as {k = v, ...};
 *   - a nil anywhere inside a list fails the whole document with
 *     "toml: cannot encode array with nil element";
 *   - floats are strconv 'g' shortest (1e+06, 1e-05) with ".0" added when
 *     that has neither '.' nor exponent; inf/-inf/nan bare;
 *   - strings are basic strings, escaping ", \, \b \t \n \f \r and other
 *     controls and DEL as \u00XX; invalid UTF-8 becomes U+FFFD.
 * BurntSushi skips a nil inline-table value after it has already written
 * the separating ", " ({a = 1.0, }); that is reproduced.
 */
#include "toml.h"

#include <math.h>
#include <string.h>

#include "../value/fmt.h"
#include "json.h"

/* TOML types of values, as tomlTypeOfGo classifies them. */
typedef enum { T_NIL, T_SCALAR, T_ARRAY, T_ARRAY_HASH, T_HASH } TType;

typedef struct TEnc {
    Buf *out, *err;
    size_t start;         /* where this document starts in out */
    Arena tmp;
    Str **key;            /* current key path */
    size_t keylen, keycap;
    int depth;
    bool failed;
} TEnc;

static void tenc_fail(TEnc *e, const char *msg)
{
    if (!e->failed) buf_adds(e->err, msg);
    e->failed = true;
}

static bool tenc_written(TEnc *e) { return e->out->len > e->start; }

static void tenc_newline(TEnc *e)
{
    if (tenc_written(e)) buf_addc(e->out, '\n');
}

static TType ttype(TEnc *e, Value v);

/* Every recursion passes here; the caller decrements e->depth after. */
static bool tenc_enter(TEnc *e)
{
    if (e->failed) return false;
    if (++e->depth > TOML_MAX_ENCODE_DEPTH) {
        tenc_fail(e, "toml: nesting too deep");
        e->depth--;
        return false;
    }
    return true;
}

/* isTableArray: every element must be non-nil (checked recursively through
 * nested lists), and all of them maps for an array of tables. */
static bool is_table_array(TEnc *e, List *l)
{
    if (!l || l->len == 0 || !tenc_enter(e)) return false;
    bool all = true;
    for (uint32_t i = 0; i < l->len && !e->failed; i++) {
        TType t = ttype(e, l->items[i]);
        if (t == T_NIL) tenc_fail(e, "toml: cannot encode array with nil element");
        if (t != T_HASH) all = false;
    }
    e->depth--;
    return all && !e->failed;
}

/* What the TOML encoder sees of an object: its Go-named fields where the
 * type lists them (json tags do not apply), else what JSON marshals. */
static Value tobj(TEnc *e, Value v, bool *is_time)
{
    *is_time = false;
    if (v.u.o && v.u.o->type->fields) return v.u.o->type->fields(&e->tmp, v.u.o);
    return json_obj_value(&e->tmp, v, is_time);
}

/* An object that marshals as a map or list (a struct such as genCA's
 * certificate) is encoded as that; others stay objects. */
static Value tplain(TEnc *e, Value v)
{
    if (v.kind != V_OBJ || !v.u.o || v.u.o->type == &toml_time_type) return v;
    bool is_time;
    Value w = tobj(e, v, &is_time);
    return w.kind == V_MAP || w.kind == V_LIST ? w : v;
}

/* BurntSushi's isNil: a nil map or slice (fromJson "null") is skipped like
 * a nil interface, an empty non-nil one is written. */
static bool tnil(Value v)
{
    switch ((VKind)v.kind) {
    case V_NIL: return true;
    case V_MAP: return !v.u.m || (!v.u.m->count && (v.u.m->flags & MAP_NIL));
    case V_LIST: return !v.u.l || (!v.u.l->len && (v.u.l->flags & LIST_NIL));
    default: return false;
    }
}

static TType ttype(TEnc *e, Value v)
{
    v = tplain(e, v);
    if (tnil(v)) return T_NIL;
    switch ((VKind)v.kind) {
    case V_MAP: return T_HASH;
    case V_LIST:
        return is_table_array(e, v.u.l) ? T_ARRAY_HASH : T_ARRAY;
    default: return T_SCALAR;
    }
}

static bool bare_key(const Str *k)
{
    if (k->len == 0) return false;
    for (uint32_t i = 0; i < k->len; i++) {
        unsigned char c = (unsigned char)k->s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

static void toml_quote(Buf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    buf_addc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c >= 0x80) {
            /* Go's range over a string: an invalid byte is U+FFFD. */
            size_t len;
            if (json_utf8_decode(str + i, n - i, &len) < 0) buf_adds(b, "\xEF\xBF\xBD");
            else buf_add(b, s + i, len);
            i += len;
            continue;
        }
        switch (c) {
        case '"': buf_adds(b, "\\\""); break;
        case '\\': buf_adds(b, "\\\\"); break;
        case '\b': buf_adds(b, "\\b"); break;
        case '\t': buf_adds(b, "\\t"); break;
        case '\n': buf_adds(b, "\\n"); break;
        case '\f': buf_adds(b, "\\f"); break;
        case '\r': buf_adds(b, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7F) buf_printf(b, "\\u%04x", c);
            else buf_addc(b, (char)c);
        }
        i++;
    }
    buf_addc(b, '"');
}

void toml_key_part(Buf *b, const Str *k)
{
    if (bare_key(k)) buf_add(b, k->s, k->len);
    else toml_quote(b, k->s, k->len);
}

static void key_path(TEnc *e)
{
    for (size_t i = 0; i < e->keylen; i++) {
        if (i) buf_addc(e->out, '.');
        toml_key_part(e->out, e->key[i]);
    }
}

static void indent(TEnc *e)
{
    for (size_t i = 1; i < e->keylen; i++) buf_adds(e->out, "  ");
}

static bool key_push(TEnc *e, Str *k)
{
    if (e->keylen == e->keycap) {
        size_t cap = e->keycap ? e->keycap * 2 : 16;
        Str **p = arena_realloc(&e->tmp, e->key, e->keycap * sizeof *p, cap * sizeof *p);
        if (!p) {
            tenc_fail(e, "out of memory");
            return false;
        }
        e->key = p;
        e->keycap = cap;
    }
    e->key[e->keylen++] = k;
    return true;
}

static void toml_float(Buf *b, double f, int bits)
{
    if (isnan(f)) {
        buf_adds(b, signbit(f) ? "-nan" : "nan");
        return;
    }
    if (isinf(f)) {
        buf_adds(b, f < 0 ? "-inf" : "inf");
        return;
    }
    size_t start = b->len;
    fmt_float(b, f, 'g', -1, bits);
    if (!memchr(b->data + start, '.', b->len - start) && !memchr(b->data + start, 'e', b->len - start))
        buf_adds(b, ".0");
}

static void emap(TEnc *e, Map *m, bool inline_);

static void element(TEnc *e, Value v)
{
    if (!tenc_enter(e)) return;
    switch ((VKind)v.kind) {
    case V_BOOL: buf_adds(e->out, v.u.b ? "true" : "false"); break;
    case V_INT:
        if (v.gtype >= GT_UINT && v.gtype <= GT_UINT64)
            buf_printf(e->out, "%llu", (unsigned long long)v.u.u);
        else
            buf_printf(e->out, "%lld", (long long)v.u.i);
        break;
    case V_FLOAT: toml_float(e->out, v.u.f, v.gtype == GT_FLOAT32 ? 32 : 64); break;
    case V_STR:
        if (v.gtype == GT_BYTES) {   /* []uint8 is an array of integers to reflection */
            buf_addc(e->out, '[');
            for (uint32_t i = 0; v.u.s && i < v.u.s->len; i++)
                buf_printf(e->out, i ? ", %u" : "%u", (unsigned char)v.u.s->s[i]);
            buf_addc(e->out, ']');
        } else {
            toml_quote(e->out, v.u.s ? v.u.s->s : "", v.u.s ? v.u.s->len : 0);
        }
        break;
    case V_LIST:
        buf_addc(e->out, '[');
        for (uint32_t i = 0; v.u.l && i < v.u.l->len && !e->failed; i++) {
            if (i) buf_adds(e->out, ", ");
            element(e, v.u.l->items[i]);
        }
        buf_addc(e->out, ']');
        break;
    case V_MAP:
        emap(e, v.u.m, true);
        break;
    case V_OBJ: {
        if (v.u.o && v.u.o->type == &toml_time_type) {
            toml_time_text(v.u.o, e->out, false);
            break;
        }
        /* time.Time is a bare date-time, TextMarshalers a string. */
        bool is_time;
        Value w = tobj(e, v, &is_time);
        if (is_time && w.kind == V_STR) buf_add(e->out, w.u.s->s, w.u.s->len);
        else element(e, w);
        break;
    }
    case V_NIL:
        tenc_fail(e, "toml: cannot encode array with nil element");
        break;
    case V_FUNC:
        tenc_fail(e, "toml: unsupported type: func");
        break;
    }
    e->depth--;
}

/* writeKeyValue: with an empty key path (a top-level scalar or list) just
 * the value. */
static void write_kv(TEnc *e, Value v)
{
    if (e->keylen == 0) {
        element(e, v);
        return;
    }
    indent(e);
    toml_key_part(e->out, e->key[e->keylen - 1]);
    buf_adds(e->out, " = ");
    element(e, v);
    tenc_newline(e);
}

static void encode(TEnc *e, Value v);

static void table(TEnc *e, Map *m)
{
    if (e->keylen == 1) tenc_newline(e);
    if (e->keylen > 0) {
        indent(e);
        buf_addc(e->out, '[');
        key_path(e);
        buf_addc(e->out, ']');
        tenc_newline(e);
    }
    emap(e, m, false);
}

static void array_of_tables(TEnc *e, List *l)
{
    if (e->keylen == 0) {
        tenc_fail(e, "toml: top-level values must be Go maps or structs");
        return;
    }
    for (uint32_t i = 0; i < l->len && !e->failed; i++) {
        tenc_newline(e);
        indent(e);
        buf_adds(e->out, "[[");
        key_path(e);
        buf_adds(e->out, "]]");
        tenc_newline(e);
        emap(e, l->items[i].u.m, false);
    }
}

static void encode(TEnc *e, Value v)
{
    if (!tenc_enter(e)) return;
    v = tplain(e, v);
    switch ((VKind)v.kind) {
    case V_NIL: break;
    case V_MAP:
        if (v.u.m) table(e, v.u.m);
        break;
    case V_LIST:
        if (!v.u.l) break;
        if (ttype(e, v) == T_ARRAY_HASH) array_of_tables(e, v.u.l);
        else if (!e->failed) write_kv(e, v);
        break;
    default:
        write_kv(e, v);
    }
    e->depth--;
}

static void write_keys(TEnc *e, MapEntry **ents, uint32_t n, bool inline_, bool trail_comma)
{
    for (uint32_t i = 0; i < n && !e->failed; i++) {
        Value v = ents[i]->val;
        if (tnil(v)) continue;
        if (inline_) {
            toml_key_part(e->out, ents[i]->key);
            buf_adds(e->out, " = ");
            element(e, v);
            if (trail_comma || i != n - 1) buf_adds(e->out, ", ");
        } else {
            if (!key_push(e, ents[i]->key)) return;
            encode(e, v);
            e->keylen--;
        }
    }
}

static void emap(TEnc *e, Map *m, bool inline_)
{
    if (e->failed) return;
    uint32_t n = m ? map_len(m) : 0;
    MapEntry **all = n ? json_map_order(m, &e->tmp) : NULL;
    MapEntry **direct = n ? arena_alloc(&e->tmp, n * sizeof *direct) : NULL;
    MapEntry **sub = n ? arena_alloc(&e->tmp, n * sizeof *sub) : NULL;
    if (n && (!all || !direct || !sub)) {
        tenc_fail(e, "out of memory");
        return;
    }
    uint32_t nd = 0, ns = 0;
    for (uint32_t i = 0; i < n && !e->failed; i++) {
        TType t = ttype(e, all[i]->val);
        if (t == T_HASH || t == T_ARRAY_HASH) sub[ns++] = all[i];
        else direct[nd++] = all[i];
    }
    if (e->failed) return;
    if (inline_) buf_addc(e->out, '{');
    write_keys(e, direct, nd, inline_, ns > 0);
    write_keys(e, sub, ns, inline_, false);
    if (inline_) buf_addc(e->out, '}');
}

int toml_encode(Buf *out, Value v, Buf *err)
{
    if (v.kind == V_NIL) {
        buf_adds(err, "reflect: call of reflect.Value.Type on zero Value");
        return -2;
    }
    TEnc e = {0};
    e.out = out;
    e.err = err;
    e.start = out->len;
    arena_init(&e.tmp);
    encode(&e, v);
    arena_free(&e.tmp);
    if (e.failed) {
        out->len = e.start;
        if (out->data) out->data[out->len] = 0;
        return -1;
    }
    return 0;
}
