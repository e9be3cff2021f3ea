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

/* unicode.IsLetter (L) and unicode.IsDigit (Nd) above ASCII, as ranges of
 * Unicode 15.0.0, the version of the Go that built the reference helm: keys
 * such as "ก" (Thai) or "x٣" (Arabic-Indic digit) sort by these classes. */
static const uint32_t uc_letter[][2] = {
    {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2C1},
    {0x2C6, 0x2D1}, {0x2E0, 0x2E4}, {0x2EC, 0x2EC}, {0x2EE, 0x2EE}, {0x370, 0x374}, {0x376, 0x377},
    {0x37A, 0x37D}, {0x37F, 0x37F}, {0x386, 0x386}, {0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1},
    {0x3A3, 0x3F5}, {0x3F7, 0x481}, {0x48A, 0x52F}, {0x531, 0x556}, {0x559, 0x559}, {0x560, 0x588},
    {0x5D0, 0x5EA}, {0x5EF, 0x5F2}, {0x620, 0x64A}, {0x66E, 0x66F}, {0x671, 0x6D3}, {0x6D5, 0x6D5},
    {0x6E5, 0x6E6}, {0x6EE, 0x6EF}, {0x6FA, 0x6FC}, {0x6FF, 0x6FF}, {0x710, 0x710}, {0x712, 0x72F},
    {0x74D, 0x7A5}, {0x7B1, 0x7B1}, {0x7CA, 0x7EA}, {0x7F4, 0x7F5}, {0x7FA, 0x7FA}, {0x800, 0x815},
    {0x81A, 0x81A}, {0x824, 0x824}, {0x828, 0x828}, {0x840, 0x858}, {0x860, 0x86A}, {0x870, 0x887},
    {0x889, 0x88E}, {0x8A0, 0x8C9}, {0x904, 0x939}, {0x93D, 0x93D}, {0x950, 0x950}, {0x958, 0x961},
    {0x971, 0x980}, {0x985, 0x98C}, {0x98F, 0x990}, {0x993, 0x9A8}, {0x9AA, 0x9B0}, {0x9B2, 0x9B2},
    {0x9B6, 0x9B9}, {0x9BD, 0x9BD}, {0x9CE, 0x9CE}, {0x9DC, 0x9DD}, {0x9DF, 0x9E1}, {0x9F0, 0x9F1},
    {0x9FC, 0x9FC}, {0xA05, 0xA0A}, {0xA0F, 0xA10}, {0xA13, 0xA28}, {0xA2A, 0xA30}, {0xA32, 0xA33},
    {0xA35, 0xA36}, {0xA38, 0xA39}, {0xA59, 0xA5C}, {0xA5E, 0xA5E}, {0xA72, 0xA74}, {0xA85, 0xA8D},
    {0xA8F, 0xA91}, {0xA93, 0xAA8}, {0xAAA, 0xAB0}, {0xAB2, 0xAB3}, {0xAB5, 0xAB9}, {0xABD, 0xABD},
    {0xAD0, 0xAD0}, {0xAE0, 0xAE1}, {0xAF9, 0xAF9}, {0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28},
    {0xB2A, 0xB30}, {0xB32, 0xB33}, {0xB35, 0xB39}, {0xB3D, 0xB3D}, {0xB5C, 0xB5D}, {0xB5F, 0xB61},
    {0xB71, 0xB71}, {0xB83, 0xB83}, {0xB85, 0xB8A}, {0xB8E, 0xB90}, {0xB92, 0xB95}, {0xB99, 0xB9A},
    {0xB9C, 0xB9C}, {0xB9E, 0xB9F}, {0xBA3, 0xBA4}, {0xBA8, 0xBAA}, {0xBAE, 0xBB9}, {0xBD0, 0xBD0},
    {0xC05, 0xC0C}, {0xC0E, 0xC10}, {0xC12, 0xC28}, {0xC2A, 0xC39}, {0xC3D, 0xC3D}, {0xC58, 0xC5A},
    {0xC5D, 0xC5D}, {0xC60, 0xC61}, {0xC80, 0xC80}, {0xC85, 0xC8C}, {0xC8E, 0xC90}, {0xC92, 0xCA8},
    {0xCAA, 0xCB3}, {0xCB5, 0xCB9}, {0xCBD, 0xCBD}, {0xCDD, 0xCDE}, {0xCE0, 0xCE1}, {0xCF1, 0xCF2},
    {0xD04, 0xD0C}, {0xD0E, 0xD10}, {0xD12, 0xD3A}, {0xD3D, 0xD3D}, {0xD4E, 0xD4E}, {0xD54, 0xD56},
    {0xD5F, 0xD61}, {0xD7A, 0xD7F}, {0xD85, 0xD96}, {0xD9A, 0xDB1}, {0xDB3, 0xDBB}, {0xDBD, 0xDBD},
    {0xDC0, 0xDC6}, {0xE01, 0xE30}, {0xE32, 0xE33}, {0xE40, 0xE46}, {0xE81, 0xE82}, {0xE84, 0xE84},
    {0xE86, 0xE8A}, {0xE8C, 0xEA3}, {0xEA5, 0xEA5}, {0xEA7, 0xEB0}, {0xEB2, 0xEB3}, {0xEBD, 0xEBD},
    {0xEC0, 0xEC4}, {0xEC6, 0xEC6}, {0xEDC, 0xEDF}, {0xF00, 0xF00}, {0xF40, 0xF47}, {0xF49, 0xF6C},
    {0xF88, 0xF8C}, {0x1000, 0x102A}, {0x103F, 0x103F}, {0x1050, 0x1055}, {0x105A, 0x105D},
    {0x1061, 0x1061}, {0x1065, 0x1066}, {0x106E, 0x1070}, {0x1075, 0x1081}, {0x108E, 0x108E},
    {0x10A0, 0x10C5}, {0x10C7, 0x10C7}, {0x10CD, 0x10CD}, {0x10D0, 0x10FA}, {0x10FC, 0x1248},
    {0x124A, 0x124D}, {0x1250, 0x1256}, {0x1258, 0x1258}, {0x125A, 0x125D}, {0x1260, 0x1288},
    {0x128A, 0x128D}, {0x1290, 0x12B0}, {0x12B2, 0x12B5}, {0x12B8, 0x12BE}, {0x12C0, 0x12C0},
    {0x12C2, 0x12C5}, {0x12C8, 0x12D6}, {0x12D8, 0x1310}, {0x1312, 0x1315}, {0x1318, 0x135A},
    {0x1380, 0x138F}, {0x13A0, 0x13F5}, {0x13F8, 0x13FD}, {0x1401, 0x166C}, {0x166F, 0x167F},
    {0x1681, 0x169A}, {0x16A0, 0x16EA}, {0x16F1, 0x16F8}, {0x1700, 0x1711}, {0x171F, 0x1731},
    {0x1740, 0x1751}, {0x1760, 0x176C}, {0x176E, 0x1770}, {0x1780, 0x17B3}, {0x17D7, 0x17D7},
    {0x17DC, 0x17DC}, {0x1820, 0x1878}, {0x1880, 0x1884}, {0x1887, 0x18A8}, {0x18AA, 0x18AA},
    {0x18B0, 0x18F5}, {0x1900, 0x191E}, {0x1950, 0x196D}, {0x1970, 0x1974}, {0x1980, 0x19AB},
    {0x19B0, 0x19C9}, {0x1A00, 0x1A16}, {0x1A20, 0x1A54}, {0x1AA7, 0x1AA7}, {0x1B05, 0x1B33},
    {0x1B45, 0x1B4C}, {0x1B83, 0x1BA0}, {0x1BAE, 0x1BAF}, {0x1BBA, 0x1BE5}, {0x1C00, 0x1C23},
    {0x1C4D, 0x1C4F}, {0x1C5A, 0x1C7D}, {0x1C80, 0x1C88}, {0x1C90, 0x1CBA}, {0x1CBD, 0x1CBF},
    {0x1CE9, 0x1CEC}, {0x1CEE, 0x1CF3}, {0x1CF5, 0x1CF6}, {0x1CFA, 0x1CFA}, {0x1D00, 0x1DBF},
    {0x1E00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45}, {0x1F48, 0x1F4D}, {0x1F50, 0x1F57},
    {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4},
    {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2071, 0x2071},
    {0x207F, 0x207F}, {0x2090, 0x209C}, {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113},
    {0x2115, 0x2115}, {0x2119, 0x211D}, {0x2124, 0x2124}, {0x2126, 0x2126}, {0x2128, 0x2128},
    {0x212A, 0x212D}, {0x212F, 0x2139}, {0x213C, 0x213F}, {0x2145, 0x2149}, {0x214E, 0x214E},
    {0x2183, 0x2184}, {0x2C00, 0x2CE4}, {0x2CEB, 0x2CEE}, {0x2CF2, 0x2CF3}, {0x2D00, 0x2D25},
    {0x2D27, 0x2D27}, {0x2D2D, 0x2D2D}, {0x2D30, 0x2D67}, {0x2D6F, 0x2D6F}, {0x2D80, 0x2D96},
    {0x2DA0, 0x2DA6}, {0x2DA8, 0x2DAE}, {0x2DB0, 0x2DB6}, {0x2DB8, 0x2DBE}, {0x2DC0, 0x2DC6},
    {0x2DC8, 0x2DCE}, {0x2DD0, 0x2DD6}, {0x2DD8, 0x2DDE}, {0x2E2F, 0x2E2F}, {0x3005, 0x3006},
    {0x3031, 0x3035}, {0x303B, 0x303C}, {0x3041, 0x3096}, {0x309D, 0x309F}, {0x30A1, 0x30FA},
    {0x30FC, 0x30FF}, {0x3105, 0x312F}, {0x3131, 0x318E}, {0x31A0, 0x31BF}, {0x31F0, 0x31FF},
    {0x3400, 0x4DBF}, {0x4E00, 0xA48C}, {0xA4D0, 0xA4FD}, {0xA500, 0xA60C}, {0xA610, 0xA61F},
    {0xA62A, 0xA62B}, {0xA640, 0xA66E}, {0xA67F, 0xA69D}, {0xA6A0, 0xA6E5}, {0xA717, 0xA71F},
    {0xA722, 0xA788}, {0xA78B, 0xA7CA}, {0xA7D0, 0xA7D1}, {0xA7D3, 0xA7D3}, {0xA7D5, 0xA7D9},
    {0xA7F2, 0xA801}, {0xA803, 0xA805}, {0xA807, 0xA80A}, {0xA80C, 0xA822}, {0xA840, 0xA873},
    {0xA882, 0xA8B3}, {0xA8F2, 0xA8F7}, {0xA8FB, 0xA8FB}, {0xA8FD, 0xA8FE}, {0xA90A, 0xA925},
    {0xA930, 0xA946}, {0xA960, 0xA97C}, {0xA984, 0xA9B2}, {0xA9CF, 0xA9CF}, {0xA9E0, 0xA9E4},
    {0xA9E6, 0xA9EF}, {0xA9FA, 0xA9FE}, {0xAA00, 0xAA28}, {0xAA40, 0xAA42}, {0xAA44, 0xAA4B},
    {0xAA60, 0xAA76}, {0xAA7A, 0xAA7A}, {0xAA7E, 0xAAAF}, {0xAAB1, 0xAAB1}, {0xAAB5, 0xAAB6},
    {0xAAB9, 0xAABD}, {0xAAC0, 0xAAC0}, {0xAAC2, 0xAAC2}, {0xAADB, 0xAADD}, {0xAAE0, 0xAAEA},
    {0xAAF2, 0xAAF4}, {0xAB01, 0xAB06}, {0xAB09, 0xAB0E}, {0xAB11, 0xAB16}, {0xAB20, 0xAB26},
    {0xAB28, 0xAB2E}, {0xAB30, 0xAB5A}, {0xAB5C, 0xAB69}, {0xAB70, 0xABE2}, {0xAC00, 0xD7A3},
    {0xD7B0, 0xD7C6}, {0xD7CB, 0xD7FB}, {0xF900, 0xFA6D}, {0xFA70, 0xFAD9}, {0xFB00, 0xFB06},
    {0xFB13, 0xFB17}, {0xFB1D, 0xFB1D}, {0xFB1F, 0xFB28}, {0xFB2A, 0xFB36}, {0xFB38, 0xFB3C},
    {0xFB3E, 0xFB3E}, {0xFB40, 0xFB41}, {0xFB43, 0xFB44}, {0xFB46, 0xFBB1}, {0xFBD3, 0xFD3D},
    {0xFD50, 0xFD8F}, {0xFD92, 0xFDC7}, {0xFDF0, 0xFDFB}, {0xFE70, 0xFE74}, {0xFE76, 0xFEFC},
    {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFF66, 0xFFBE}, {0xFFC2, 0xFFC7}, {0xFFCA, 0xFFCF},
    {0xFFD2, 0xFFD7}, {0xFFDA, 0xFFDC}, {0x10000, 0x1000B}, {0x1000D, 0x10026}, {0x10028, 0x1003A},
    {0x1003C, 0x1003D}, {0x1003F, 0x1004D}, {0x10050, 0x1005D}, {0x10080, 0x100FA},
    {0x10280, 0x1029C}, {0x102A0, 0x102D0}, {0x10300, 0x1031F}, {0x1032D, 0x10340},
    {0x10342, 0x10349}, {0x10350, 0x10375}, {0x10380, 0x1039D}, {0x103A0, 0x103C3},
    {0x103C8, 0x103CF}, {0x10400, 0x1049D}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB},
    {0x10500, 0x10527}, {0x10530, 0x10563}, {0x10570, 0x1057A}, {0x1057C, 0x1058A},
    {0x1058C, 0x10592}, {0x10594, 0x10595}, {0x10597, 0x105A1}, {0x105A3, 0x105B1},
    {0x105B3, 0x105B9}, {0x105BB, 0x105BC}, {0x10600, 0x10736}, {0x10740, 0x10755},
    {0x10760, 0x10767}, {0x10780, 0x10785}, {0x10787, 0x107B0}, {0x107B2, 0x107BA},
    {0x10800, 0x10805}, {0x10808, 0x10808}, {0x1080A, 0x10835}, {0x10837, 0x10838},
    {0x1083C, 0x1083C}, {0x1083F, 0x10855}, {0x10860, 0x10876}, {0x10880, 0x1089E},
    {0x108E0, 0x108F2}, {0x108F4, 0x108F5}, {0x10900, 0x10915}, {0x10920, 0x10939},
    {0x10980, 0x109B7}, {0x109BE, 0x109BF}, {0x10A00, 0x10A00}, {0x10A10, 0x10A13},
    {0x10A15, 0x10A17}, {0x10A19, 0x10A35}, {0x10A60, 0x10A7C}, {0x10A80, 0x10A9C},
    {0x10AC0, 0x10AC7}, {0x10AC9, 0x10AE4}, {0x10B00, 0x10B35}, {0x10B40, 0x10B55},
    {0x10B60, 0x10B72}, {0x10B80, 0x10B91}, {0x10C00, 0x10C48}, {0x10C80, 0x10CB2},
    {0x10CC0, 0x10CF2}, {0x10D00, 0x10D23}, {0x10E80, 0x10EA9}, {0x10EB0, 0x10EB1},
    {0x10F00, 0x10F1C}, {0x10F27, 0x10F27}, {0x10F30, 0x10F45}, {0x10F70, 0x10F81},
    {0x10FB0, 0x10FC4}, {0x10FE0, 0x10FF6}, {0x11003, 0x11037}, {0x11071, 0x11072},
    {0x11075, 0x11075}, {0x11083, 0x110AF}, {0x110D0, 0x110E8}, {0x11103, 0x11126},
    {0x11144, 0x11144}, {0x11147, 0x11147}, {0x11150, 0x11172}, {0x11176, 0x11176},
    {0x11183, 0x111B2}, {0x111C1, 0x111C4}, {0x111DA, 0x111DA}, {0x111DC, 0x111DC},
    {0x11200, 0x11211}, {0x11213, 0x1122B}, {0x1123F, 0x11240}, {0x11280, 0x11286},
    {0x11288, 0x11288}, {0x1128A, 0x1128D}, {0x1128F, 0x1129D}, {0x1129F, 0x112A8},
    {0x112B0, 0x112DE}, {0x11305, 0x1130C}, {0x1130F, 0x11310}, {0x11313, 0x11328},
    {0x1132A, 0x11330}, {0x11332, 0x11333}, {0x11335, 0x11339}, {0x1133D, 0x1133D},
    {0x11350, 0x11350}, {0x1135D, 0x11361}, {0x11400, 0x11434}, {0x11447, 0x1144A},
    {0x1145F, 0x11461}, {0x11480, 0x114AF}, {0x114C4, 0x114C5}, {0x114C7, 0x114C7},
    {0x11580, 0x115AE}, {0x115D8, 0x115DB}, {0x11600, 0x1162F}, {0x11644, 0x11644},
    {0x11680, 0x116AA}, {0x116B8, 0x116B8}, {0x11700, 0x1171A}, {0x11740, 0x11746},
    {0x11800, 0x1182B}, {0x118A0, 0x118DF}, {0x118FF, 0x11906}, {0x11909, 0x11909},
    {0x1190C, 0x11913}, {0x11915, 0x11916}, {0x11918, 0x1192F}, {0x1193F, 0x1193F},
    {0x11941, 0x11941}, {0x119A0, 0x119A7}, {0x119AA, 0x119D0}, {0x119E1, 0x119E1},
    {0x119E3, 0x119E3}, {0x11A00, 0x11A00}, {0x11A0B, 0x11A32}, {0x11A3A, 0x11A3A},
    {0x11A50, 0x11A50}, {0x11A5C, 0x11A89}, {0x11A9D, 0x11A9D}, {0x11AB0, 0x11AF8},
    {0x11C00, 0x11C08}, {0x11C0A, 0x11C2E}, {0x11C40, 0x11C40}, {0x11C72, 0x11C8F},
    {0x11D00, 0x11D06}, {0x11D08, 0x11D09}, {0x11D0B, 0x11D30}, {0x11D46, 0x11D46},
    {0x11D60, 0x11D65}, {0x11D67, 0x11D68}, {0x11D6A, 0x11D89}, {0x11D98, 0x11D98},
    {0x11EE0, 0x11EF2}, {0x11F02, 0x11F02}, {0x11F04, 0x11F10}, {0x11F12, 0x11F33},
    {0x11FB0, 0x11FB0}, {0x12000, 0x12399}, {0x12480, 0x12543}, {0x12F90, 0x12FF0},
    {0x13000, 0x1342F}, {0x13441, 0x13446}, {0x14400, 0x14646}, {0x16800, 0x16A38},
    {0x16A40, 0x16A5E}, {0x16A70, 0x16ABE}, {0x16AD0, 0x16AED}, {0x16B00, 0x16B2F},
    {0x16B40, 0x16B43}, {0x16B63, 0x16B77}, {0x16B7D, 0x16B8F}, {0x16E40, 0x16E7F},
    {0x16F00, 0x16F4A}, {0x16F50, 0x16F50}, {0x16F93, 0x16F9F}, {0x16FE0, 0x16FE1},
    {0x16FE3, 0x16FE3}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
    {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122},
    {0x1B132, 0x1B132}, {0x1B150, 0x1B152}, {0x1B155, 0x1B155}, {0x1B164, 0x1B167},
    {0x1B170, 0x1B2FB}, {0x1BC00, 0x1BC6A}, {0x1BC70, 0x1BC7C}, {0x1BC80, 0x1BC88},
    {0x1BC90, 0x1BC99}, {0x1D400, 0x1D454}, {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F},
    {0x1D4A2, 0x1D4A2}, {0x1D4A5, 0x1D4A6}, {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9},
    {0x1D4BB, 0x1D4BB}, {0x1D4BD, 0x1D4C3}, {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A},
    {0x1D50D, 0x1D514}, {0x1D516, 0x1D51C}, {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E},
    {0x1D540, 0x1D544}, {0x1D546, 0x1D546}, {0x1D54A, 0x1D550}, {0x1D552, 0x1D6A5},
    {0x1D6A8, 0x1D6C0}, {0x1D6C2, 0x1D6DA}, {0x1D6DC, 0x1D6FA}, {0x1D6FC, 0x1D714},
    {0x1D716, 0x1D734}, {0x1D736, 0x1D74E}, {0x1D750, 0x1D76E}, {0x1D770, 0x1D788},
    {0x1D78A, 0x1D7A8}, {0x1D7AA, 0x1D7C2}, {0x1D7C4, 0x1D7CB}, {0x1DF00, 0x1DF1E},
    {0x1DF25, 0x1DF2A}, {0x1E030, 0x1E06D}, {0x1E100, 0x1E12C}, {0x1E137, 0x1E13D},
    {0x1E14E, 0x1E14E}, {0x1E290, 0x1E2AD}, {0x1E2C0, 0x1E2EB}, {0x1E4D0, 0x1E4EB},
    {0x1E7E0, 0x1E7E6}, {0x1E7E8, 0x1E7EB}, {0x1E7ED, 0x1E7EE}, {0x1E7F0, 0x1E7FE},
    {0x1E800, 0x1E8C4}, {0x1E900, 0x1E943}, {0x1E94B, 0x1E94B}, {0x1EE00, 0x1EE03},
    {0x1EE05, 0x1EE1F}, {0x1EE21, 0x1EE22}, {0x1EE24, 0x1EE24}, {0x1EE27, 0x1EE27},
    {0x1EE29, 0x1EE32}, {0x1EE34, 0x1EE37}, {0x1EE39, 0x1EE39}, {0x1EE3B, 0x1EE3B},
    {0x1EE42, 0x1EE42}, {0x1EE47, 0x1EE47}, {0x1EE49, 0x1EE49}, {0x1EE4B, 0x1EE4B},
    {0x1EE4D, 0x1EE4F}, {0x1EE51, 0x1EE52}, {0x1EE54, 0x1EE54}, {0x1EE57, 0x1EE57},
    {0x1EE59, 0x1EE59}, {0x1EE5B, 0x1EE5B}, {0x1EE5D, 0x1EE5D}, {0x1EE5F, 0x1EE5F},
    {0x1EE61, 0x1EE62}, {0x1EE64, 0x1EE64}, {0x1EE67, 0x1EE6A}, {0x1EE6C, 0x1EE72},
    {0x1EE74, 0x1EE77}, {0x1EE79, 0x1EE7C}, {0x1EE7E, 0x1EE7E}, {0x1EE80, 0x1EE89},
    {0x1EE8B, 0x1EE9B}, {0x1EEA1, 0x1EEA3}, {0x1EEA5, 0x1EEA9}, {0x1EEAB, 0x1EEBB},
    {0x20000, 0x2A6DF}, {0x2A700, 0x2B739}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1},
    {0x2CEB0, 0x2EBE0}, {0x2F800, 0x2FA1D}, {0x30000, 0x3134A}, {0x31350, 0x323AF},
};
static const uint32_t uc_digit[][2] = {
    {0x660, 0x669}, {0x6F0, 0x6F9}, {0x7C0, 0x7C9}, {0x966, 0x96F}, {0x9E6, 0x9EF}, {0xA66, 0xA6F},
    {0xAE6, 0xAEF}, {0xB66, 0xB6F}, {0xBE6, 0xBEF}, {0xC66, 0xC6F}, {0xCE6, 0xCEF}, {0xD66, 0xD6F},
    {0xDE6, 0xDEF}, {0xE50, 0xE59}, {0xED0, 0xED9}, {0xF20, 0xF29}, {0x1040, 0x1049},
    {0x1090, 0x1099}, {0x17E0, 0x17E9}, {0x1810, 0x1819}, {0x1946, 0x194F}, {0x19D0, 0x19D9},
    {0x1A80, 0x1A89}, {0x1A90, 0x1A99}, {0x1B50, 0x1B59}, {0x1BB0, 0x1BB9}, {0x1C40, 0x1C49},
    {0x1C50, 0x1C59}, {0xA620, 0xA629}, {0xA8D0, 0xA8D9}, {0xA900, 0xA909}, {0xA9D0, 0xA9D9},
    {0xA9F0, 0xA9F9}, {0xAA50, 0xAA59}, {0xABF0, 0xABF9}, {0xFF10, 0xFF19}, {0x104A0, 0x104A9},
    {0x10D30, 0x10D39}, {0x11066, 0x1106F}, {0x110F0, 0x110F9}, {0x11136, 0x1113F},
    {0x111D0, 0x111D9}, {0x112F0, 0x112F9}, {0x11450, 0x11459}, {0x114D0, 0x114D9},
    {0x11650, 0x11659}, {0x116C0, 0x116C9}, {0x11730, 0x11739}, {0x118E0, 0x118E9},
    {0x11950, 0x11959}, {0x11C50, 0x11C59}, {0x11D50, 0x11D59}, {0x11DA0, 0x11DA9},
    {0x11F50, 0x11F59}, {0x16A60, 0x16A69}, {0x16AC0, 0x16AC9}, {0x16B50, 0x16B59},
    {0x1D7CE, 0x1D7FF}, {0x1E140, 0x1E149}, {0x1E2F0, 0x1E2F9}, {0x1E4F0, 0x1E4F9},
    {0x1E950, 0x1E959}, {0x1FBF0, 0x1FBF9},
};

static bool in_ranges(const uint32_t (*t)[2], size_t n, uint32_t c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < t[mid][0]) hi = mid;
        else if (c > t[mid][1]) lo = mid + 1;
        else return true;
    }
    return false;
}

static bool is_letter(uint32_t c)
{
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return in_ranges(uc_letter, sizeof uc_letter / sizeof *uc_letter, c);
}

static bool is_digit(uint32_t c)
{
    if (c < 0x80) return c >= '0' && c <= '9';
    return in_ranges(uc_digit, sizeof uc_digit / sizeof *uc_digit, c);
}

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
    bool al = is_letter(ca), bl = is_letter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return v3 && i && is_digit(a[i - 1]) ? al : bl;
    int64_t an = 0, bn = 0;
    if (ca == '0' || cb == '0') {
        for (size_t j = i; j-- > 0 && is_digit(a[j]);) {
            if (a[j] != '0') { an = 1; bn = 1; break; }
        }
    }
    size_t ai, bi;
    for (ai = i; ai < as->len && is_digit(a[ai]); ai++) an = digit_step(an, a[ai] - '0');
    for (bi = i; bi < bs->len && is_digit(b[bi]); bi++) bn = digit_step(bn, b[bi] - '0');
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
        bool al = is_letter(ar[i]), bl = is_letter(br[i]);
        if (al && bl) return ar[i] < br[i];
        if (al || bl) return v3 && i && is_digit(ar[i - 1]) ? al : bl;
        int64_t an = 0, bn = 0;
        if (ar[i] == '0' || br[i] == '0') {
            for (size_t j = i; j-- > 0 && is_digit(ar[j]);) {
                if (ar[j] != '0') { an = 1; bn = 1; break; }
            }
        }
        size_t ai, bi;
        for (ai = i; ai < an_ && is_digit(ar[ai]); ai++) an = digit_step(an, ar[ai] - '0');
        for (bi = i; bi < bn_ && is_digit(br[bi]); bi++) bn = digit_step(bn, br[bi] - '0');
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
