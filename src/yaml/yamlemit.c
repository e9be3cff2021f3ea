/*
 * yamlemit.c - writing YAML as helm's toYaml does.
 *
 * toYaml is sigs.k8s.io/yaml.Marshal: encoding/json first (sorted keys,
 * NaN/Inf refused, invalid UTF-8 -> U+FFFD, []byte -> base64), go-yaml v2
 * decodes that JSON (so a number is an int when its JSON text is an
 * integer that fits int64/uint64, else a float64), and go-yaml v2 Marshal
 * prints it.  go-yaml v2's emitter is a port of libyaml's, configured with
 * unicode on and libyaml's defaults (indent 2, width 80), so we drive
 * libyaml's emitter with the same events; what go-yaml decides itself -
 * key order and the requested scalar style - is reproduced here.
 */
#include "yaml.h"
#include "yamlint.h"
#include "ynode.h"
#include "../value/fmt.h"
#include "../util/base64.h"
#include "../util/unicode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* encoding/json starts looking for cycles after this many nested levels */
#define CYCLE_DEPTH 1000
/* go-yaml reads the JSON text back, and flow nesting beyond 10000 levels
 * is its "exceeded max depth" (JSON is one line, so no line number) */
#define MAX_NEST 10000

typedef struct Enc {
    yaml_emitter_t em;
    Buf *err;
    Arena tmp;
    int failed;
    int depth;
    const void **path;      /* maps/lists being written, for cycle checks */
    size_t npath, cappath;
    Buf swaps;              /* placeholder NUL text NUL, see bom_string */
    int nswaps;
    int swap_safe;          /* -1 unknown, else whether no string holds "QzBOM" */
    Value root;
} Enc;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
    buf_add((Buf *)data, buffer, size);
    return 1;
}

static int enc_fail(Enc *e, const char *msg)
{
    if (!e->failed) buf_adds(e->err, msg);
    e->failed = 1;
    return -1;
}

static int emit(Enc *e, yaml_event_t *ev)
{
    if (e->failed) { yaml_event_delete(ev); return -1; }
    if (!yaml_emitter_emit(&e->em, ev))
        return enc_fail(e, e->em.problem ? e->em.problem : "yaml: emitter error");
    return 0;
}

static int emit_scalar(Enc *e, const char *s, size_t n, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style))
        return enc_fail(e, "out of memory");
    return emit(e, &ev);
}

/* isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ -
 * go-yaml v2 no longer reads these as numbers but still quotes them. */
bool yaml_base60_float(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (i >= n || s[i] < '0' || s[i] > '9') return false;
    for (i++; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++) {}
    int groups = 0;
    while (i < n && s[i] == ':') {
        i++;
        size_t k = i;
        while (i < n && s[i] >= '0' && s[i] <= '9' && i - k < 2) i++;
        if (i == k) return false;
        if (i - k == 2 && s[k] > '5') return false;
        groups++;
    }
    if (!groups) return false;
    if (i < n && s[i] == '.')
        for (i++; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++) {}
    return i == n;
}

/* The JSON text go-yaml reads back holds every character raw except the
 * ones encoding/json escapes; go-yaml's reader refuses the C1 controls,
 * DEL and U+FFFE/U+FFFF (toYaml then fails, the reference prints ""). */
static bool json_yaml_control(const char *s, size_t n, bool *nel)
{
    uint32_t c;
    *nel = false;
    for (size_t i = 0; i < n;) {
        size_t l = yaml_utf8_len(s + i, n - i, &c);
        if (!l) return false;
        if (c == 0x85) *nel = true;
        else if (c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) return true;
        i += l;
    }
    return false;
}

/* A raw NEL inside that JSON string is a YAML 1.1 line break, so go-yaml
 * folds it like any break in a double-quoted scalar ("x\u0085y" comes back
 * as "x y").  Let libyaml's scanner do the same folding. */
static void fold_nel(Buf *out, const char *s, size_t n)
{
    Buf q = BUF_INIT;
    buf_addc(&q, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') { buf_addc(&q, '\\'); buf_addc(&q, (char)c); }
        else if (c < 0x20) buf_printf(&q, "\\x%02X", c);
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            /* encoding/json escapes U+2028/U+2029, so they are no breaks */
            buf_printf(&q, "\\u%04X", (unsigned char)s[i + 2] == 0xA8 ? 0x2028 : 0x2029);
            i += 2;
        } else buf_addc(&q, (char)c);
    }
    buf_addc(&q, '"');
    yaml_parser_t p;
    yaml_event_t ev;
    bool got = false;
    if (yaml_parser_initialize(&p)) {
        yaml_parser_set_input_string(&p, (const unsigned char *)q.data, q.len);
        while (!got && yaml_parser_parse(&p, &ev)) {
            bool end = ev.type == YAML_STREAM_END_EVENT;
            if (ev.type == YAML_SCALAR_EVENT) {
                buf_add(out, ev.data.scalar.value, ev.data.scalar.length);
                got = true;
            }
            yaml_event_delete(&ev);
            if (end) break;
        }
        yaml_parser_delete(&p);
    }
    if (!got) buf_add(out, s, n);
    buf_free(&q);
}

/* go-yaml's double-quoted writer (v2 and v3) tests is_bom() on the
 * scalar's first bytes instead of the current ones, so a string that
 * starts with U+FEFF has every character escaped ("\uFEFF\x78" for
 * "\uFEFFx"), on one line.  This is that text, quotes included. */
void yaml_bom_quote(Buf *r, const char *s, size_t n)
{
    buf_addc(r, '"');
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = yaml_utf8_len(s + i, n - i, &c);
        if (!l) { c = 0xFFFD; l = 1; }
        i += l;
        static const struct { uint32_t c; char e; } esc[] = {
            {0x00, '0'}, {0x07, 'a'}, {0x08, 'b'}, {0x09, 't'}, {0x0A, 'n'}, {0x0B, 'v'}, {0x0C, 'f'},
            {0x0D, 'r'}, {0x1B, 'e'}, {0x22, '"'}, {0x5C, '\\'}, {0x85, 'N'}, {0xA0, '_'},
            {0x2028, 'L'}, {0x2029, 'P'},
        };
        char ch = 0;
        for (size_t k = 0; k < sizeof esc / sizeof *esc; k++) if (esc[k].c == c) ch = esc[k].e;
        if (ch) buf_printf(r, "\\%c", ch);
        else if (c <= 0xFF) buf_printf(r, "\\x%02X", c);
        else if (c <= 0xFFFF) buf_printf(r, "\\u%04X", c);
        else buf_printf(r, "\\U%08X", c);
    }
    buf_addc(r, '"');
}

/* libyaml writes a BOM-led string correctly, so we write a plain
 * placeholder of the same width and put go-yaml's text in its place
 * afterwards. */
static int bom_string(Enc *e, const char *s, size_t n)
{
    Buf r = BUF_INIT;
    yaml_bom_quote(&r, s, n);
    char ph[32];
    int k = snprintf(ph, sizeof ph, "QzBOM%dzQ", e->nswaps++);
    Buf p = BUF_INIT;
    buf_add(&p, ph, (size_t)k);
    while (p.len < r.len) buf_addc(&p, 'z');
    buf_add(&e->swaps, p.data, p.len);
    buf_addc(&e->swaps, 0);
    buf_add(&e->swaps, r.data, r.len);
    buf_addc(&e->swaps, 0);
    int rc = emit_scalar(e, p.data, p.len, YAML_PLAIN_SCALAR_STYLE);
    buf_free(&p);
    buf_free(&r);
    return rc;
}

/* Placeholders are only safe when no string of the value contains one.
 * Shared or cyclic maps could make the walk exponential: past a budget of
 * visits we call it unsafe (and write libyaml's correct escapes instead). */
static bool holds_marker(Value v, long *budget, int depth)
{
    if (--*budget < 0 || depth > MAX_NEST) return true;
    if (v.kind == V_STR) return mem_find_fixed(v.u.s->s, v.u.s->len, "QzBOM", 5) != NULL;
    if (v.kind == V_LIST) {
        for (uint32_t i = 0; i < v.u.l->len; i++) if (holds_marker(v.u.l->items[i], budget, depth + 1)) return true;
    } else if (v.kind == V_MAP) {
        for (uint32_t i = 0; i < v.u.m->used; i++) {
            MapEntry *me = &v.u.m->entries[i];
            if (!me->key) continue;
            if (mem_find_fixed(me->key->s, me->key->len, "QzBOM", 5) || holds_marker(me->val, budget, depth + 1)) return true;
        }
    }
    return false;
}

static void apply_swaps(Enc *e, Buf *text)
{
    if (!e->nswaps || !text->data) return;
    Buf out = BUF_INIT;
    size_t pos = 0;
    const char *sw = e->swaps.data, *end = sw + e->swaps.len;
    while (sw < end) {
        const char *ph = sw, *rep = ph + strlen(ph) + 1;
        sw = rep + strlen(rep) + 1;
        char *at = memmem(text->data + pos, text->len - pos, ph, strlen(ph));
        if (!at) continue;
        buf_add(&out, text->data + pos, (size_t)(at - text->data) - pos);
        buf_adds(&out, rep);
        pos = (size_t)(at - text->data) + strlen(ph);
    }
    buf_add(&out, text->data + pos, text->len - pos);
    buf_free(text);
    *text = out;
}

/* go-yaml v2 encoder.stringv: literal for multi-line text, plain when the
 * plain form reads back as the same string, else double-quoted; libyaml's
 * emitter may still downgrade (single quotes for indicators, double for
 * special characters) exactly as go-yaml's port does. */
static int emit_string(Enc *e, const char *s, size_t n)
{
    Buf clean = BUF_INIT, folded = BUF_INIT;
    bool nel;
    if (!yaml_utf8_valid(s, n)) {
        yaml_utf8_sanitize(&clean, s, n);
        s = clean.data;
        n = clean.len;
    }
    if (json_yaml_control(s, n, &nel)) {
        buf_free(&clean);
        return enc_fail(e, "yaml: control characters are not allowed");
    }
    if (nel) {
        fold_nel(&folded, s, n);
        s = folded.data ? folded.data : "";
        n = folded.len;
    }
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 && e->swap_safe < 0) {
        long budget = 10000000;
        e->swap_safe = !holds_marker(e->root, &budget, 0);
    }
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 && e->swap_safe) {
        int rc = bom_string(e, s, n);
        buf_free(&clean);
        buf_free(&folded);
        return rc;
    }
    double f;
    yaml_scalar_style_t style;
    if (memchr(s, '\n', n)) style = YAML_LITERAL_SCALAR_STYLE;
    else if (yaml_resolve_plain(s, n, &f) == YR_STR && !yaml_base60_float(s, n)) style = YAML_PLAIN_SCALAR_STYLE;
    else style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    int rc = emit_scalar(e, s ? s : "", n, style);
    buf_free(&clean);
    buf_free(&folded);
    return rc;
}

static bool fits_int(const char *s, size_t n)
{
    bool neg = n && s[0] == '-';
    size_t i = neg;
    if (i >= n) return false;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    return neg ? v <= (uint64_t)INT64_MAX + 1 : true;
}

/* A float64 after the JSON round trip: encoding/json writes %f-style
 * shortest digits for 1e-6 <= |f| < 1e21 (else exponent form); go-yaml
 * reads integer text that fits int64/uint64 back as an int and prints it
 * verbatim, and prints any other float with strconv 'g' (1.2345675e+06). */
static int emit_float(Enc *e, double f)
{
    Buf b = BUF_INIT;
    double a = fabs(f);
    if (f == 0) {
        buf_adds(&b, "0");
    } else {
        if (a >= 1e-6 && a < 1e21) fmt_float(&b, f, 'f', -1, 64);
        if (!b.len || !fits_int(b.data, b.len)) {
            buf_clear(&b);
            fmt_float(&b, f, 'g', -1, 64);
        }
    }
    int rc = emit_scalar(e, b.data, b.len, YAML_PLAIN_SCALAR_STYLE);
    buf_free(&b);
    return rc;
}

/* ---- go-yaml v2 key order (sorter.go keyList.Less for strings) -------- */

/* Letters and digits are Go's unicode classes (util/unicode.h): keys such
 * as "ก" (Thai) or "x٣" (Arabic-Indic digit) sort by them. */

static size_t runes(const Str *s, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < s->len;) {
        uint32_t c;
        size_t l = yaml_utf8_len(s->s + i, s->len - i, &c);
        if (!l) { c = 0xFFFD; l = 1; }
        out[k++] = c;
        i += l;
    }
    return k;
}

/* Digit runs' values wrap as Go's int64 arithmetic does. */
static int64_t digit_step(int64_t v, uint32_t d) { return (int64_t)((uint64_t)v * 10 + d); }

/* key_less for the usual keys, straight on the bytes: when the bytes up to
 * and including the first difference are ASCII, byte and rune positions
 * agree and later bytes only matter as digits.  -1 when not so. */
static int key_less_ascii(const Str *as, const Str *bs, bool v3)
{
    const unsigned char *a = (const unsigned char *)as->s, *b = (const unsigned char *)bs->s;
    size_t n = as->len < bs->len ? as->len : bs->len, i = 0;
    while (i < n && a[i] == b[i]) {
        if (a[i] >= 0x80) return -1;
        i++;
    }
    if (i == n) return as->len < bs->len;
    uint32_t ca = a[i], cb = b[i];
    if (ca >= 0x80 || cb >= 0x80) return -1;
    bool al = uni_is_letter(ca), bl = uni_is_letter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return v3 && i && uni_is_digit(a[i - 1]) ? al : bl;
    int64_t an = 0, bn = 0;
    if (ca == '0' || cb == '0') {
        for (size_t j = i; j-- > 0 && uni_is_digit(a[j]);) {
            if (a[j] != '0') { an = 1; bn = 1; break; }
        }
    }
    size_t ai, bi;
    for (ai = i; ai < as->len && uni_is_digit(a[ai]); ai++) an = digit_step(an, a[ai] - '0');
    for (bi = i; bi < bs->len && uni_is_digit(b[bi]); bi++) bn = digit_step(bn, b[bi] - '0');
    /* a run of digits may go on in a non-ASCII digit (unicode.IsDigit) */
    if ((ai < as->len && a[ai] >= 0x80) || (bi < bs->len && b[bi] >= 0x80)) return -1;
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return ca < cb;
}

/* Letters sort after everything else, runs of digits compare by value.
 * go-yaml v3 (v3 true) differs in one point: right after a digit that both
 * keys share, a letter sorts first ("v2beta" before "v2-x"). */
static bool key_less(const Str *as, const Str *bs, uint32_t *ar, uint32_t *br, bool v3)
{
    int quick = key_less_ascii(as, bs, v3);
    if (quick >= 0) return quick;
    size_t an_ = runes(as, ar), bn_ = runes(bs, br);
    for (size_t i = 0; i < an_ && i < bn_; i++) {
        if (ar[i] == br[i]) continue;
        bool al = uni_is_letter(ar[i]), bl = uni_is_letter(br[i]);
        if (al && bl) return ar[i] < br[i];
        if (al || bl) return v3 && i && uni_is_digit(ar[i - 1]) ? al : bl;
        int64_t an = 0, bn = 0;
        if (ar[i] == '0' || br[i] == '0') {
            for (size_t j = i; j-- > 0 && uni_is_digit(ar[j]);) {
                if (ar[j] != '0') { an = 1; bn = 1; break; }
            }
        }
        size_t ai, bi;
        for (ai = i; ai < an_ && uni_is_digit(ar[ai]); ai++) an = digit_step(an, ar[ai] - '0');
        for (bi = i; bi < bn_ && uni_is_digit(br[bi]); bi++) bn = digit_step(bn, br[bi] - '0');
        if (an != bn) return an < bn;
        if (ai != bi) return ai < bi;
        return ar[i] < br[i];
    }
    return an_ < bn_;
}

/* Insertion-free merge sort over entry pointers (stable, no qsort context). */
static void sort_keys(MapEntry **v, size_t n, MapEntry **tmp, uint32_t *ra, uint32_t *rb, bool v3)
{
    if (n < 2) return;
    size_t h = n / 2;
    sort_keys(v, h, tmp, ra, rb, v3);
    sort_keys(v + h, n - h, tmp, ra, rb, v3);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (key_less(v[j]->key, v[i]->key, ra, rb, v3)) tmp[k++] = v[j++];
        else tmp[k++] = v[i++];
    }
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int sort_entries(MapEntry **v, size_t n, Arena *a, bool v3)
{
    if (n < 2) return 0;
    uint32_t maxk = 0;
    for (size_t i = 0; i < n; i++) if (v[i]->key->len > maxk) maxk = v[i]->key->len;
    MapEntry **tmp = ARENA_NEWN(a, MapEntry *, n);
    uint32_t *ra = ARENA_NEWN(a, uint32_t, maxk + 1);
    uint32_t *rb = ARENA_NEWN(a, uint32_t, maxk + 1);
    if (!tmp || !ra || !rb) return -1;
    sort_keys(v, n, tmp, ra, rb, v3);
    return 0;
}

int yaml_sort_entries(MapEntry **v, size_t n, Arena *a) { return sort_entries(v, n, a, false); }

int yaml_sort_entries_v3(MapEntry **v, size_t n, Arena *a) { return sort_entries(v, n, a, true); }

/* time.Time's %v text "2006-01-02 15:04:05.5 -0700 MST [m=+0.1]" as
 * RFC 3339 with nanoseconds, the form encoding/json and go-yaml v3 use. */
static bool rfc3339(const char *s, size_t n, Buf *out)
{
    if (n < 25 || s[10] != ' ' || s[4] != '-' || s[13] != ':') return false;
    size_t i = 19;
    while (i < n && s[i] != ' ') i++;
    if (i + 6 > n || (s[i + 1] != '+' && s[i + 1] != '-')) return false;
    buf_add(out, s, 10);
    buf_addc(out, 'T');
    buf_add(out, s + 11, i - 11);
    const char *z = s + i + 1;
    if (memcmp(z + 1, "0000", 4) == 0) buf_addc(out, 'Z');
    else buf_printf(out, "%c%.2s:%.2s", z[0], z + 1, z + 3);
    return true;
}

void yaml_obj_text(Buf *b, Value v)
{
    Buf t = BUF_INIT;
    fmt_value(&t, v);
    const char *gt = v.u.o && v.u.o->type ? v.u.o->type->go_type : "";
    if (!(gt && strcmp(gt, "time.Time") == 0 && rfc3339(t.data ? t.data : "", t.len, b)))
        buf_add(b, t.data ? t.data : "", t.len);
    buf_free(&t);
}

/* ---- values ------------------------------------------------------------ */

static int enc_value(Enc *e, Value v);

static int enter(Enc *e, const void *p, const char *type)
{
    if (e->depth >= CYCLE_DEPTH) {
        for (size_t i = 0; i < e->npath; i++) {
            if (e->path[i] == p) {
                char msg[96];
                snprintf(msg, sizeof msg, "json: unsupported value: encountered a cycle via %s", type);
                return enc_fail(e, msg);
            }
        }
    }
    if (e->npath == e->cappath) {
        size_t cap = e->cappath ? e->cappath * 2 : 64;
        const void **np = realloc(e->path, cap * sizeof *np);
        if (!np) return enc_fail(e, "out of memory");
        e->path = np;
        e->cappath = cap;
    }
    e->path[e->npath++] = p;
    if (++e->depth > MAX_NEST) return enc_fail(e, "yaml: exceeded max depth of 10000");
    return 0;
}

static void leave(Enc *e)
{
    e->depth--;
    e->npath--;
}

static int enc_map(Enc *e, Map *m)
{
    if (!m->count && (m->flags & MAP_NIL)) return emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
    if (enter(e, m, val_typename(val_map(m)))) return -1;
    yaml_event_t ev;
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
    if (emit(e, &ev)) return -1;
    uint32_t n = map_len(m);
    if (n) {
        MapEntry **es = map_sorted(m, &e->tmp);
        if (!es || yaml_sort_entries(es, n, &e->tmp)) return enc_fail(e, "out of memory");
        for (uint32_t i = 0; i < n && !e->failed; i++) {
            if (emit_string(e, es[i]->key->s, es[i]->key->len)) return -1;
            if (enc_value(e, es[i]->val)) return -1;
        }
    }
    yaml_mapping_end_event_initialize(&ev);
    if (emit(e, &ev)) return -1;
    leave(e);
    return 0;
}

static int enc_list(Enc *e, List *l)
{
    if (enter(e, l, val_typename(val_list(l)))) return -1;
    yaml_event_t ev;
    yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
    if (emit(e, &ev)) return -1;
    for (uint32_t i = 0; i < l->len && !e->failed; i++)
        if (enc_value(e, l->items[i])) return -1;
    yaml_sequence_end_event_initialize(&ev);
    if (emit(e, &ev)) return -1;
    leave(e);
    return 0;
}

static int enc_value(Enc *e, Value v)
{
    char num[32];
    switch (v.kind) {
    case V_NIL:
        return emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
    case V_BOOL:
        return emit_scalar(e, v.u.b ? "true" : "false", v.u.b ? 4 : 5, YAML_PLAIN_SCALAR_STYLE);
    case V_INT: {
        bool uns = v.gtype >= GT_UINT && v.gtype <= GT_UINT64;
        int k = uns ? snprintf(num, sizeof num, "%llu", (unsigned long long)v.u.u)
                    : snprintf(num, sizeof num, "%lld", (long long)v.u.i);
        return emit_scalar(e, num, (size_t)k, YAML_PLAIN_SCALAR_STYLE);
    }
    case V_FLOAT: {
        double f = v.u.f;
        if (v.gtype == GT_FLOAT32 && isfinite(f)) {
            /* the JSON round trip keeps float32's shortest digits: 0.1 */
            Buf t = BUF_INIT;
            fmt_float(&t, (double)(float)f, 'g', -1, 32);
            if (t.data) f = strtod(t.data, NULL);
            buf_free(&t);
        }
        if (isnan(f)) return enc_fail(e, "json: unsupported value: NaN");
        if (isinf(f)) return enc_fail(e, f > 0 ? "json: unsupported value: +Inf" : "json: unsupported value: -Inf");
        return emit_float(e, f);
    }
    case V_STR:
        if (v.gtype == GT_BYTES) {
            Buf b = BUF_INIT;
            b64_encode(&b, (const unsigned char *)v.u.s->s, v.u.s->len);
            int rc = emit_string(e, b.data ? b.data : "", b.len);
            buf_free(&b);
            return rc;
        }
        return emit_string(e, v.u.s->s, v.u.s->len);
    case V_LIST:
        /* sigs.k8s.io/yaml goes through encoding/json: a nil slice is null */
        if (!v.u.l->len && (v.u.l->flags & LIST_NIL)) return emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
        return enc_list(e, v.u.l);
    case V_MAP:
        return enc_map(e, v.u.m);
    case V_OBJ: {
        /* helm's typed structs marshal as their json fields or the value
         * underneath (ObjType.marshal/underlying); other objects as their
         * JSON string: RFC 3339 for time.Time, else (semver) their %v text */
        Value m;
        if (val_marshal(&e->tmp, v, &m)) return enc_value(e, m);
        Buf b = BUF_INIT;
        yaml_obj_text(&b, v);
        int rc = emit_string(e, b.data ? b.data : "", b.len);
        buf_free(&b);
        return rc;
    }
    default:
        return enc_fail(e, "json: unsupported type: func()");
    }
}

/* libyaml 0.2.5 indents before the closing quote of a single-quoted
 * scalar that ends in a line break; go-yaml v2's port does not ('x\u2029').
 * Only U+2028/U+2029 can end such a scalar ("\n" selects a block style). */
static void drop_break_indent(Buf *t)
{
    if (!t->data || !mem_find_fixed(t->data, t->len, "\xE2\x80", 2)) return;
    size_t w = 0;
    for (size_t i = 0; i < t->len;) {
        if (i + 3 <= t->len && (unsigned char)t->data[i] == 0xE2 && (unsigned char)t->data[i + 1] == 0x80 &&
            ((unsigned char)t->data[i + 2] == 0xA8 || (unsigned char)t->data[i + 2] == 0xA9)) {
            memmove(t->data + w, t->data + i, 3);
            w += 3;
            i += 3;
            size_t j = i;
            while (j < t->len && t->data[j] == ' ') j++;
            if (j > i && j < t->len && t->data[j] == '\'' && (j + 1 >= t->len || t->data[j + 1] != '\''))
                i = j;
            continue;
        }
        t->data[w++] = t->data[i++];
    }
    t->len = w;
    t->data[w] = 0;
}

/* ---- go-yaml reading the JSON text back ---------------------------------
 *
 * sigs.k8s.io/yaml marshals to JSON and has go-yaml parse that text.  A key
 * is a simple key there, which must end (at its ':') on the line it starts
 * and within 1024 characters; otherwise the flow mapping fails with "did
 * not find expected ',' or '}'" at that ':'.  JSON is one line except for
 * U+0085 (NEL), which encoding/json leaves raw and YAML counts as a line
 * break: helm's toYaml fails on (dict "\u0085" 1) with "yaml: line 1: ..."
 * and on a 1023-character key, a 1022-character one passes. */

typedef struct KeyScan {
    size_t nels;            /* NELs in the JSON text so far */
    long budget;            /* visits left */
    bool bad;               /* found: error at line nels */
} KeyScan;

/* encoding/json's text of s: its length in characters and NELs */
static size_t json_chars(const char *s, size_t n, size_t *nels)
{
    size_t chars = 2;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = yaml_utf8_len(s + i, n - i, &c);
        if (!l) { chars += 6; i++; continue; }  /* \ufffd */
        i += l;
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') chars += 2;
        else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) chars += 6;
        else chars++;
        if (c == 0x85) ++*nels;
    }
    return chars;
}

static bool key_suspect(const Str *k)
{
    return k->len > 1024 / 6 || mem_find_fixed(k->s, k->len, "\xC2\x85", 2);
}

/* Walks v in encoding/json's order (sorted keys, struct fields as
 * declared) until the first key go-yaml would not read. */
static void scan_keys(KeyScan *ks, Arena *a, Value v, int depth)
{
    if (ks->bad || --ks->budget < 0 || depth > MAX_NEST) return;
    Value m;
    if (v.kind == V_OBJ && val_marshal(a, v, &m)) v = m;
    if (v.kind == V_STR && v.gtype != GT_BYTES && v.u.s) {
        json_chars(v.u.s->s, v.u.s->len, &ks->nels);
    } else if (v.kind == V_LIST && v.u.l) {
        for (uint32_t i = 0; i < v.u.l->len && !ks->bad; i++) scan_keys(ks, a, v.u.l->items[i], depth + 1);
    } else if (v.kind == V_MAP && v.u.m && v.u.m->count) {
        Map *mp = v.u.m;
        MapEntry **es = NULL;
        if (!(mp->flags & MAP_STRUCT)) {
            es = map_sorted(mp, a);
            if (!es) { ks->budget = -1; return; }
        }
        uint32_t n = mp->flags & MAP_STRUCT ? mp->used : mp->count;
        for (uint32_t i = 0; i < n && !ks->bad; i++) {
            MapEntry *me = es ? es[i] : &mp->entries[i];
            if (!me->key) continue;
            size_t before = ks->nels;
            if (json_chars(me->key->s, me->key->len, &ks->nels) > 1024 || ks->nels != before) {
                ks->bad = true;
                return;
            }
            scan_keys(ks, a, me->val, depth + 1);
        }
    }
}

/* Any suspect key at all?  A cheap unordered walk first. */
static bool any_suspect(Value v, long *budget, int depth)
{
    if (--*budget < 0 || depth > MAX_NEST) return false;
    if (v.kind == V_LIST && v.u.l) {
        for (uint32_t i = 0; i < v.u.l->len; i++) if (any_suspect(v.u.l->items[i], budget, depth + 1)) return true;
    } else if (v.kind == V_MAP && v.u.m) {
        for (uint32_t i = 0; i < v.u.m->used; i++) {
            MapEntry *me = &v.u.m->entries[i];
            if (me->key && (key_suspect(me->key) || any_suspect(me->val, budget, depth + 1))) return true;
        }
    } else if (v.kind == V_OBJ) {
        return true;   /* its marshalled form is only known to scan_keys */
    }
    return false;
}

static int check_keys(Enc *e, Value v)
{
    long budget = 1L << 22;
    if (!any_suspect(v, &budget, 0)) return 0;
    KeyScan ks = {0, 1L << 22, false};
    scan_keys(&ks, &e->tmp, v, 0);
    if (!ks.bad) return 0;
    if (ks.nels) buf_printf(e->err, "yaml: line %zu: did not find expected ',' or '}'", ks.nels);
    else buf_adds(e->err, "yaml: did not find expected ',' or '}'");
    e->failed = 1;
    return -1;
}

static int encode(Buf *out, Value v, Buf *err);

int yaml_encode(Buf *out, Value v, Buf *err)
{
    if (yaml_fast_encode(out, v)) return 0;
    return encode(out, v, err);
}

int yaml_encode_libyaml(Buf *out, Value v, Buf *err) { return encode(out, v, err); }

static int encode(Buf *out, Value v, Buf *err)
{
    Enc e;
    memset(&e, 0, sizeof e);
    e.err = err;
    e.swap_safe = -1;
    e.root = v;
    arena_init(&e.tmp);
    Buf text = BUF_INIT;
    yaml_event_t ev;
    if (!yaml_emitter_initialize(&e.em)) { buf_adds(err, "out of memory"); return -1; }
    yaml_emitter_set_output(&e.em, write_handler, &text);
    yaml_emitter_set_unicode(&e.em, 1);
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    emit(&e, &ev);
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
    emit(&e, &ev);
    enc_value(&e, v);
    yaml_document_end_event_initialize(&ev, 1);
    emit(&e, &ev);
    yaml_stream_end_event_initialize(&ev);
    emit(&e, &ev);
    yaml_emitter_delete(&e.em);
    free(e.path);
    if (!e.failed) check_keys(&e, v);
    arena_free(&e.tmp);
    if (e.failed) { buf_free(&text); buf_free(&e.swaps); return -1; }
    /* libyaml >= 0.2.5 closes an open-ended root scalar with "...";
     * go-yaml v2's emitter never does */
    if (text.len >= 4 && memcmp(text.data + text.len - 4, "...\n", 4) == 0 &&
        (text.len == 4 || text.data[text.len - 5] == '\n'))
        text.len -= 4;
    drop_break_indent(&text);
    apply_swaps(&e, &text);
    buf_free(&e.swaps);
    buf_add(out, text.data ? text.data : "", text.len);
    buf_free(&text);
    return 0;
}
