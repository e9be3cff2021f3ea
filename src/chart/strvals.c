/*
 * strvals.c - helm's --set / --set-string / --set-json / --set-literal /
 * --set-file grammar (helm pkg/strvals), reproduced decision for decision.
 *
 * helm's parser is a recursive descent over a rune reader whose control
 * flow leans on io.EOF: any error that "is" EOF (also when wrapped, as in
 * "error parsing index: EOF") ends parsing successfully, so inputs such as
 * `a[1`, `a.` and `a[0]` are silently accepted and `a[0]` even leaves
 * a = [].  We keep that by returning R_EOF distinct from R_ERR.
 *
 * Type assertions that panic in Go (`data[k].(map[string]interface{})` on
 * an int64) are recovered by the innermost key() frame and become
 * "unable to parse key: interface conversion: interface {} is int64, not
 * map[string]interface {}" ($H template c . --set a=1,a.b=2).
 *
 * Go reads runes: an invalid UTF-8 byte becomes U+FFFD in keys and values.
 * Lists taken from the target map are copied before they are changed, so a
 * list shared by two keys (a YAML alias) is never edited behind the other's
 * back; Go's values come from a JSON round trip and share nothing.
 */
#include "strvals.h"

#include <limits.h>
#include <string.h>

#include "../json/json.h"
#include "text.h"
#include "../value/fmt.h"

#define MAX_INDEX 65536
#define MAX_NESTED_NAME 30
/* Go recurses without limit on `a[0][0]...` and `a[0].b[0].c...`; a C
 * stack cannot, so the total depth is capped far beyond any real use. */
#define MAX_DEPTH 2000

enum { R_OK = 0, R_EOF, R_ERR, R_NOTLIST };

typedef struct P {
    Arena *a;
    const unsigned char *s;
    size_t n, pos, lastsz;
    StrvalsMode mode;
    StrvalsReadFn reader;
    void *rctx;
    int depth;
    Buf tok;          /* scratch for the runes of the current token */
    Buf *err;
} P;

static int key(P *p, Map *data, int level);

/* ---- runes --------------------------------------------------------- */

/* bytes.Buffer.ReadRune: invalid or truncated sequences yield U+FFFD, 1 byte. */
static bool read_rune(P *p, uint32_t *r)
{
    if (p->pos >= p->n) return false;
    p->lastsz = chart_utf8((const char *)p->s + p->pos, p->n - p->pos, r);
    p->pos += p->lastsz;
    return true;
}

static void unread_rune(P *p) { p->pos -= p->lastsz; p->lastsz = 0; }

static void put_rune(Buf *b, uint32_t r)
{
    char u[4];
    if (r < 0x80) { buf_addc(b, (char)r); return; }
    if (r < 0x800) {
        u[0] = (char)(0xC0 | (r >> 6)); u[1] = (char)(0x80 | (r & 0x3F));
        buf_add(b, u, 2);
    } else if (r < 0x10000) {
        u[0] = (char)(0xE0 | (r >> 12)); u[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        u[2] = (char)(0x80 | (r & 0x3F));
        buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (r >> 18)); u[1] = (char)(0x80 | ((r >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((r >> 6) & 0x3F)); u[3] = (char)(0x80 | (r & 0x3F));
        buf_add(b, u, 4);
    }
}

/* runesUntil: collect runes into p->tok until one of `stop`; `\` takes the
 * next rune literally (not in literal mode).  Returns R_OK with *last set,
 * or R_EOF (the token collected so far stays in p->tok). */
static int runes_until(P *p, const char *stop, uint32_t *last)
{
    buf_clear(&p->tok);
    buf_reserve(&p->tok, 1);
    p->tok.data[0] = 0;
    uint32_t r;
    for (;;) {
        if (!read_rune(p, &r)) { *last = 0; return R_EOF; }
        if (r < 0x80 && r && strchr(stop, (int)r)) { *last = r; return R_OK; }
        if (r == '\\' && p->mode != STRVALS_LITERAL) {
            if (!read_rune(p, &r)) { *last = 0; return R_EOF; }
        }
        put_rune(&p->tok, r);
    }
}

static Str *tok_str(P *p) { return str_new(p->a, p->tok.data ? p->tok.data : "", p->tok.len); }

/* ---- errors -------------------------------------------------------- */

static int fail(P *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(P *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_clear(p->err);
    buf_vprintf(p->err, fmt, ap);
    va_end(ap);
    return R_ERR;
}

static int fail_key(P *p, const char *pre, Str *k, const char *post)
{
    buf_clear(p->err);
    buf_adds(p->err, pre);
    fmt_quote(p->err, k->s, k->len);
    buf_adds(p->err, post);
    return R_ERR;
}

/* The panic text of a failed Go type assertion on interface{}. */
static int fail_assert(P *p, Value v, const char *want)
{
    buf_clear(p->err);
    buf_printf(p->err, "unable to parse key: interface conversion: interface {} is %s, not %s",
               v.kind == V_NIL ? "nil" : val_typename(v), want);
    return R_ERR;
}

static int oom(P *p) { return fail(p, "out of memory"); }

/* %q of a []rune: each rune as a Go character literal, `['x' ',']`. */
static void quote_runes(Buf *b, const char *s, size_t n)
{
    P tmp = {0};
    tmp.s = (const unsigned char *)s;
    tmp.n = n;
    uint32_t r;
    buf_addc(b, '[');
    for (bool first = true; read_rune(&tmp, &r); first = false) {
        if (!first) buf_addc(b, ' ');
        buf_addc(b, '\'');
        switch (r) {
        case '\a': buf_adds(b, "\\a"); break;
        case '\b': buf_adds(b, "\\b"); break;
        case '\f': buf_adds(b, "\\f"); break;
        case '\n': buf_adds(b, "\\n"); break;
        case '\r': buf_adds(b, "\\r"); break;
        case '\t': buf_adds(b, "\\t"); break;
        case '\v': buf_adds(b, "\\v"); break;
        case '\'': buf_adds(b, "\\'"); break;
        case '\\': buf_adds(b, "\\\\"); break;
        default:
            if (r < 0x20 || r == 0x7F) buf_printf(b, "\\x%02x", (unsigned)r);
            else if (r >= 0x80 && r < 0xA0) buf_printf(b, "\\u%04x", (unsigned)r);
            else put_rune(b, r);
        }
        buf_addc(b, '\'');
    }
    buf_addc(b, ']');
}

/* ---- values -------------------------------------------------------- */

/* strconv.ParseInt(s, 10, 64) */
static bool parse_int64(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i == n) return false;
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (lim - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

static bool eq_fold(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* typedVal: the whole value decides; `0` is int64 but any other leading
 * zero keeps the text a string ($H ... --set a=007 -> "007", c=-01 -> -1). */
static Value typed_val(P *p, const char *s, size_t n)
{
    int64_t iv;
    if (p->mode == STRVALS_STRING) return val_strn(p->a, s, n);
    if (eq_fold(s, n, "true")) return val_bool(true);
    if (eq_fold(s, n, "false")) return val_bool(false);
    if (eq_fold(s, n, "null")) return val_nil();
    if (n == 1 && s[0] == '0') return val_int64(0);
    if (n && s[0] != '0' && parse_int64(s, n, &iv)) return val_int64(iv);
    return val_strn(p->a, s, n);
}

/* t.reader(rs): typed/string conversion, or the --set-file reader. */
static int read_val(P *p, const char *s, size_t n, Value *out)
{
    if (p->mode == STRVALS_FILE) {
        *out = val_str(str_empty());
        buf_clear(p->err);
        if (p->reader(p->rctx, p->a, s, n, out, p->err) != 0) return R_ERR;
        return R_OK;
    }
    *out = typed_val(p, s, n);
    return R_OK;
}

/* valList: `{a,b}` -> list; R_NOTLIST when the value does not start with
 * `{` (the rune is put back). */
static int brace_list(P *p, Value *out)
{
    uint32_t r, last;
    if (!read_rune(p, &r)) return R_EOF;
    if (r != '{') { unread_rune(p); return R_NOTLIST; }
    List *l = list_new(p->a, 2);
    if (!l) return oom(p);
    *out = val_list(l);
    for (;;) {
        if (runes_until(p, ",}", &last) != R_OK)
            return fail(p, "list must terminate with '}'");
        Value v;
        char *t = arena_strndup(p->a, p->tok.data, p->tok.len);
        size_t tn = p->tok.len;
        if (last == '}') {
            if (read_rune(p, &r) && r != ',') unread_rune(p);
            int rc = read_val(p, t, tn, &v);
            if (!list_push(p->a, l, v)) return oom(p);
            return rc;
        }
        int rc = read_val(p, t, tn, &v);
        if (rc) return rc;
        if (!list_push(p->a, l, v)) return oom(p);
    }
}

/* val(): the rest up to an unescaped comma (or all of it in literal mode). */
static Str *val_text(P *p)
{
    uint32_t last;
    runes_until(p, p->mode == STRVALS_LITERAL ? "" : ",", &last);
    return tok_str(p);
}

/* The scalar after `=` in typed, string and file modes.  `e` mirrors Go's
 * error from valList/val: EOF means "set and stop". */
static int plain_val(P *p, Value *out)
{
    if (p->mode == STRVALS_LITERAL) {
        *out = val_str(val_text(p));
        return R_OK;
    }
    int rc = brace_list(p, out);
    if (rc == R_EOF) { *out = val_str(str_empty()); return R_EOF; }
    if (rc != R_NOTLIST) return rc;
    Str *s = val_text(p);
    return read_val(p, s->s, s->len, out);
}

/* emptyVal: skip Unicode spaces; EOF or `,` (consumed) means empty. */
static bool empty_val(P *p)
{
    uint32_t r;
    for (;;) {
        if (!read_rune(p, &r)) return true;
        if (r == ',') return true;
        if (!chart_unicode_space(r)) { unread_rune(p); return false; }
    }
}

/* Extent of one JSON value starting at s[i] (after JSON whitespace), as
 * json.Decoder finds it: containers end at their closing bracket, scalars
 * at the first byte that cannot continue them (`1x` decodes 1 and leaves
 * `x` for the next key).  Returns the end offset or 0 on a syntax error. */
static size_t json_skip_ws(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

static size_t json_extent(const unsigned char *s, size_t n, size_t i, int depth)
{
    if (depth > 10000) return 0;
    i = json_skip_ws(s, n, i);
    if (i >= n) return 0;
    unsigned char c = s[i];
    if (c == '{' || c == '[') {
        unsigned char close = c == '{' ? '}' : ']';
        i = json_skip_ws(s, n, i + 1);
        if (i < n && s[i] == close) return i + 1;
        for (;;) {
            if (c == '{') {
                if (i >= n || s[i] != '"') return 0;
                if (!(i = json_extent(s, n, i, depth + 1))) return 0;
                i = json_skip_ws(s, n, i);
                if (i >= n || s[i] != ':') return 0;
                i++;
            }
            if (!(i = json_extent(s, n, i, depth + 1))) return 0;
            i = json_skip_ws(s, n, i);
            if (i >= n) return 0;
            if (s[i] == close) return i + 1;
            if (s[i] != ',') return 0;
            i = json_skip_ws(s, n, i + 1);
        }
    }
    if (c == '"') {
        for (i++; i < n; i++) {
            if (s[i] == '"') return i + 1;
            if (s[i] < 0x20) return 0;
            if (s[i] == '\\') {
                if (++i >= n) return 0;
                if (s[i] == 'u') {
                    for (int k = 0; k < 4; k++)
                        if (++i >= n || !strchr("0123456789abcdefABCDEF", s[i]) || !s[i]) return 0;
                } else if (!s[i] || !strchr("\"\\/bfnrt", s[i])) {
                    return 0;
                }
            }
        }
        return 0;
    }
    if (c == 't' || c == 'f' || c == 'n') {
        const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
        size_t ln = strlen(lit);
        if (n - i < ln || memcmp(s + i, lit, ln) != 0) return 0;
        return i + ln;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        if (c == '-' && (++i >= n || s[i] < '0' || s[i] > '9')) return 0;
        if (s[i] == '0') i++;
        else while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i < n && s[i] == '.') {
            if (++i >= n || s[i] < '0' || s[i] > '9') return 0;
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        }
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            if (++i < n && (s[i] == '+' || s[i] == '-')) i++;
            if (i >= n || s[i] < '0' || s[i] > '9') return 0;
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        }
        return i;
    }
    return 0;
}

/* --set-json value after `=`: empty -> nil, else one JSON value, then the
 * optional blanks and comma after it. */
static int json_val(P *p, Value *out, bool *empty)
{
    *empty = empty_val(p);
    if (*empty) { *out = val_nil(); return R_OK; }
    size_t end = json_extent(p->s, p->n, p->pos, 0);
    if (!end) return fail(p, "invalid JSON");
    buf_clear(p->err);
    if (json_decode(p->a, (const char *)p->s + p->pos, end - p->pos, out, p->err) != 0) {
        if (!p->err->len) buf_adds(p->err, "invalid JSON");
        return R_ERR;
    }
    p->pos = end;
    return R_OK;
}

/* ---- containers ---------------------------------------------------- */

static void set(P *p, Map *data, Str *k, Value v)
{
    if (k->len) map_set(p->a, data, k, v);
}

static bool is_map(Value v) { return v.kind == V_MAP && (v.gtype == GT_MAP_IFACE || v.gtype == GT_NONE); }
static bool is_list(Value v) { return v.kind == V_LIST && (v.gtype == GT_LIST_IFACE || v.gtype == GT_NONE); }

static List *list_copy(P *p, const List *src)
{
    List *l = list_new(p->a, src ? src->len : 0);
    if (l && src && src->len) {
        memcpy(l->items, src->items, src->len * sizeof(Value));
        l->len = src->len;
    }
    return l;
}

/* setIndex: grows with nils; limits checked here, after the rest was read. */
static int set_index(P *p, List *l, int64_t i, Value v)
{
    if (i < 0) return fail(p, "negative %lld index not allowed", (long long)i);
    if (i > MAX_INDEX) return fail(p, "index of %lld is greater than maximum supported index of %d",
                                   (long long)i, MAX_INDEX);
    while (l->len <= (uint64_t)i)
        if (!list_push(p->a, l, val_nil())) return oom(p);
    l->items[i] = v;
    return R_OK;
}

/* keyIndex: strconv.Atoi of the text up to `]`. */
static int key_index(P *p, int64_t *out)
{
    uint32_t last;
    if (runes_until(p, "]", &last) != R_OK) return R_EOF;
    const char *s = p->tok.data;
    size_t n = p->tok.len;
    if (parse_int64(s, n, out)) return R_OK;
    /* Atoi's two failures: out of range only for well-formed digits. */
    size_t i = (n && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    bool digits = i < n;
    for (size_t k = i; k < n; k++) digits = digits && s[k] >= '0' && s[k] <= '9';
    buf_clear(p->err);
    buf_adds(p->err, "error parsing index: strconv.Atoi: parsing ");
    fmt_quote(p->err, s ? s : "", n);
    buf_adds(p->err, digits ? ": value out of range" : ": invalid syntax");
    return R_ERR;
}

/* listItem: what follows `name[i]`.  *io is the list (possibly NULL) and
 * is replaced by the list to store, also when an error is returned, as in
 * Go where the caller stores the returned slice before looking at err. */
static int list_item(P *p, List **io, int64_t i, int level)
{
    if (i < 0) return fail(p, "negative %lld index not allowed", (long long)i);
    if (++p->depth > MAX_DEPTH) return fail(p, "value nested too deeply");
    uint32_t last;
    int rc = runes_until(p, "[.=", &last);
    if (p->tok.len) {
        buf_clear(p->err);
        buf_adds(p->err, "unexpected data at end of array index: ");
        quote_runes(p->err, p->tok.data, p->tok.len);
        return R_ERR;
    }
    if (rc != R_OK) return rc;
    List *l = list_copy(p, *io);
    if (!l) return oom(p);
    if (last == '=') {
        Value v;
        if (p->mode == STRVALS_JSON) {
            bool empty;
            if ((rc = json_val(p, &v, &empty))) return rc;
            if ((rc = set_index(p, l, i, v))) return rc;
            *io = l;
            if (!empty) empty_val(p);
            return R_OK;
        }
        rc = plain_val(p, &v);
        if (rc != R_OK && rc != R_EOF) return rc;
        if ((rc = set_index(p, l, i, v))) return rc;
        *io = l;
        return R_OK;
    }
    if (last == '[') {
        int64_t next;
        if ((rc = key_index(p, &next))) return rc;
        List *cur = NULL;
        if (l->len > i && l->items[i].kind != V_NIL) {
            if (!is_list(l->items[i])) return fail_assert(p, l->items[i], "[]interface {}");
            cur = l->items[i].u.l;
        }
        if ((rc = list_item(p, &cur, next, level))) return rc;
        if ((rc = set_index(p, l, i, val_list(cur ? cur : list_copy(p, NULL))))) return rc;
        *io = l;
        return R_OK;
    }
    /* `.`: a map at this index; a non-map already there is replaced. */
    Map *inner = NULL;
    if (l->len > i) {
        if (is_map(l->items[i])) inner = l->items[i].u.m;
        else {
            if (!(inner = map_new(p->a, 0))) return oom(p);
            l->items[i] = val_map(inner);
        }
    }
    if (!inner && !(inner = map_new(p->a, 0))) return oom(p);
    *io = l;
    if ((rc = key(p, inner, level))) return rc;
    return set_index(p, l, i, val_map(inner));
}

static int key(P *p, Map *data, int level)
{
    uint32_t last;
    if (++p->depth > MAX_DEPTH) return fail(p, "value nested too deeply");
    const char *stop = p->mode == STRVALS_LITERAL ? "=[." : "=[,.";
    int rc = runes_until(p, stop, &last);
    Str *k = tok_str(p);
    if (rc != R_OK) {
        if (!k->len) return R_EOF;
        return fail_key(p, "key ", k, " has no value");
    }
    if (last == '[') {
        int64_t i;
        if ((rc = key_index(p, &i))) return rc;
        List *l = NULL;
        Value *cur = map_get(data, k);
        if (cur) {
            if (!is_list(*cur)) return fail_assert(p, *cur, "[]interface {}");
            l = cur->u.l;
        }
        if (!l && !(l = list_copy(p, NULL))) return oom(p);
        rc = list_item(p, &l, i, level);
        set(p, data, k, val_list(l));
        return rc;
    }
    if (last == '=') {
        Value v;
        if (p->mode == STRVALS_JSON) {
            bool empty;
            if ((rc = json_val(p, &v, &empty))) return rc;
            set(p, data, k, v);
            if (!empty) empty_val(p);
            return R_OK;
        }
        rc = plain_val(p, &v);
        if (rc == R_OK || rc == R_EOF || (rc == R_ERR && p->mode == STRVALS_FILE))
            set(p, data, k, v);
        return rc;
    }
    if (last == ',') {
        set(p, data, k, val_str(str_empty()));
        return fail_key(p, "key ", k, " has no value (cannot end with ,)");
    }
    /* `.` */
    if (++level > MAX_NESTED_NAME)
        return fail(p, "value name nested level is greater than maximum supported nested level of %d",
                    MAX_NESTED_NAME);
    Map *inner;
    Value *cur = map_get(data, k);
    if (cur) {
        if (!is_map(*cur)) return fail_assert(p, *cur, "map[string]interface {}");
        inner = cur->u.m;
    } else if (!(inner = map_new(p->a, 0))) {
        return oom(p);
    }
    rc = key(p, inner, level);
    if (rc == R_OK && map_len(inner) == 0) return fail_key(p, "key map ", k, " has no value");
    if (map_len(inner)) set(p, data, k, val_map(inner));
    return rc;
}

/* ---- entry points -------------------------------------------------- */

/* loader.MergeMaps: maps merge recursively, anything else replaces. */
static void merge_into(Arena *a, Map *dst, const Map *src)
{
    for (uint32_t i = 0; i < src->used; i++) {
        MapEntry *e = &src->entries[i];
        if (!e->key) continue;
        Value *d = map_get(dst, e->key);
        if (d && is_map(*d) && is_map(e->val)) merge_into(a, d->u.m, e->val.u.m);
        else map_set(a, dst, e->key, e->val);
    }
}

static int run(Arena *a, Map *into, const char *s, StrvalsMode mode,
               StrvalsReadFn reader, void *rctx, Buf *err)
{
    P p = {0};
    p.a = a;
    p.s = (const unsigned char *)s;
    p.n = strlen(s);
    p.mode = mode;
    p.reader = reader;
    p.rctx = rctx;
    p.err = err;
    int rc;
    do {
        p.depth = 0;
        rc = key(&p, into, 0);
    } while (rc == R_OK);
    buf_free(&p.tok);
    return rc == R_EOF ? 0 : -1;
}

static bool is_go_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int strvals_parse(Arena *a, Map *into, const char *s, StrvalsMode mode, Buf *err)
{
    if (mode == STRVALS_FILE) {
        buf_clear(err);
        buf_adds(err, "use strvals_parse_file for --set-file");
        return -1;
    }
    if (mode != STRVALS_JSON) return run(a, into, s, mode, NULL, NULL, err);

    /* helm's options.go: a value that is a JSON object after TrimSpace is
     * merged whole; either way the parse error's detail is discarded
     * ($H ... --set-json '{bad' -> "failed parsing --set-json data JSON: {bad"). */
    const char *t = s;
    while (is_go_space((unsigned char)*t)) t++;
    if (*t == '{') {
        size_t n = strlen(t);
        while (n && is_go_space((unsigned char)t[n - 1])) n--;
        Value v;
        Buf e = BUF_INIT;
        int rc = json_decode(a, t, n, &v, &e);
        buf_free(&e);
        if (rc == 0 && v.kind == V_MAP) {
            merge_into(a, into, v.u.m);
            return 0;
        }
        buf_clear(err);
        buf_printf(err, "failed parsing --set-json data JSON: %s", s);
        return -1;
    }
    if (run(a, into, s, mode, NULL, NULL, err) == 0) return 0;
    buf_clear(err);
    buf_printf(err, "failed parsing --set-json data %s", s);
    return -1;
}

int strvals_parse_file(Arena *a, Map *into, const char *s, StrvalsReadFn reader, void *ctx, Buf *err)
{
    return run(a, into, s, STRVALS_FILE, reader, ctx, err);
}
