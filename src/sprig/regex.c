/*
 * regex.c - Sprig's regex functions (group "regex"), with Go's RE2 syntax
 * and Go's matching.
 *
 * A pattern is first checked and translated to PCRE2 syntax (translate),
 * so that what Go rejects fails with Go's exact message ("error parsing
 * regexp: invalid nested repetition operator: `**`").  It is then parsed
 * again into Go's tree, simplified and compiled as Go's regexp/syntax does
 * and run on Go's Pike VM (see "Go's matcher" below): leftmost-first, Go's
 * priorities, Go's rule for empty iterations of a loop, linear time,
 * invalid UTF-8 bytes read as U+FFFD of width 1.  PCRE2 only answers
 * whether one rune is in a \p{..} property (and in classes the item parser
 * does not understand).  Iteration over matches (FindAll, ReplaceAll,
 * Split) and $1/${name} expansion follow Go's regexp code, including its
 * handling of empty matches next to previous ones.
 *
 * Only when Go's program cannot be built (over G_MAX_INST instructions,
 * out of memory) does the translated pattern run on PCRE2 itself: octal/
 * hex/\v escapes become \x{..}, \s is Go's [\t\n\f\r ], named groups
 * become plain groups, assertions are wrapped so they can be repeated (Go
 * accepts ^*), $ matches only at the very end (DOLLAR_ENDONLY), a loop
 * over a one-character loop ((a+)+) becomes the single loop RE2 makes of
 * it, and the DFA matcher finds the match's start where backtracking
 * explodes.  That path keeps PCRE2's differences: a starred group that
 * can match empty, e.g. `(a*|b)*` on "ab", captures and matches otherwise.
 *
 * The non-must functions panic in Sprig (regexp.MustCompile), whose text
 * wraps the same error as "regexp: Compile(`PAT`): ..."; regexMatch
 * swallows the error and answers false.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../value/fmt.h"
#include "sprig_text.h"
#include "sprig_util.h"

#define GO_MAX_REPEAT 1000
#define GO_MAX_DEPTH 1000
#define MATCH_LIMIT 10000000

typedef struct Rx {
    pcre2_code *code;
    pcre2_match_data *md;
    uint32_t ngroups;      /* capture groups, excluding group 0 */
    Str **names;           /* names[i] for group i (1-based), NULL if unnamed */
    Str *pcre_pat;         /* the translated pattern */
    pcre2_code *dfa;       /* the same for pcre2_dfa_match, compiled on demand */
    Arena *a;
    /* A subject with invalid UTF-8 is matched as a copy in which each bad
     * byte is U+FFFD (see rx_exec); the copy is kept for the next search
     * in the same subject. */
    const char *subj;      /* the original subject, NULL: none */
    size_t subj_n;
    char *t;               /* the copy, NULL: subject is valid */
    size_t tn;
    size_t *to_orig;       /* copy offset -> subject offset, tn+1 entries */
    size_t *to_t;          /* subject offset -> copy offset, subj_n+1 entries */
    PCRE2_SIZE *ovb;       /* the match's offsets in the subject */
    struct GRun *go;       /* Go's matcher; NULL: PCRE2 only */
} Rx;

typedef struct Tr {
    const char *p;         /* Go pattern */
    size_t n, i;
    Buf out;               /* PCRE2 pattern */
    Buf *err;              /* error text when translation fails */
    Arena *a;
    uint32_t ngroups;
    Str **names;
    uint32_t names_cap;
} Tr;

static int tr_fail(Tr *t, const char *code, const char *expr, size_t len)
{
    buf_printf(t->err, "error parsing regexp: %s: `", code);
    buf_add(t->err, expr, len);
    buf_addc(t->err, '`');
    return -1;
}

static void emit_rune(Buf *b, int32_t r)
{
    if (r < 0x80 && ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')))
        buf_addc(b, (char)r);
    else
        buf_printf(b, "\\x{%x}", (unsigned)r);
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    return (c | 0x20) - 'a' + 10;
}

/* Go's parseEscape for a single character (not \d \pL \b...): sets *r.
 * t->i is at the backslash. */
static int parse_escape(Tr *t, int32_t *r)
{
    size_t st = t->i;
    const char *p = t->p;
    size_t n = t->n, i = st + 1;
    if (i >= n) return tr_fail(t, "trailing backslash at end of expression", "", 0);
    int32_t c;
    size_t w = sprig_utf8_decode(p + i, n - i, &c);
    i += w;
    switch (c) {
    case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        if (i >= n || p[i] < '0' || p[i] > '7') break;
        /* fallthrough */
    case '0': {
        int32_t v = c - '0';
        for (int k = 1; k < 3 && i < n && p[i] >= '0' && p[i] <= '7'; k++) v = v * 8 + (p[i++] - '0');
        *r = v;
        t->i = i;
        return 0;
    }
    case 'x': {
        /* Go reads two runes (or a braced run) before judging, and its
         * error shows everything read so far: `\xZ1`, `\x{zz`. */
        if (i >= n) break;
        int32_t c1;
        i += sprig_utf8_decode(p + i, n - i, &c1);
        if (c1 == '{') {
            int32_t v = 0;
            size_t nd = 0;
            for (;;) {
                if (i >= n) goto bad;
                int32_t d;
                i += sprig_utf8_decode(p + i, n - i, &d);
                if (d == '}') break;
                if (d > 0x7F || !is_hex((char)d)) goto bad;
                v = v * 16 + hexval((char)d);
                if (v > 0x10FFFF) goto bad;
                nd++;
            }
            if (nd == 0) goto bad;
            *r = v;
            t->i = i;
            return 0;
        }
        int32_t c2 = -1;
        if (i < n) i += sprig_utf8_decode(p + i, n - i, &c2);
        if (c1 > 0x7F || c2 < 0 || c2 > 0x7F || !is_hex((char)c1) || !is_hex((char)c2)) break;
        *r = hexval((char)c1) * 16 + hexval((char)c2);
        t->i = i;
        return 0;
    }
    case 'a': *r = 7; t->i = i; return 0;
    case 'f': *r = '\f'; t->i = i; return 0;
    case 'n': *r = '\n'; t->i = i; return 0;
    case 'r': *r = '\r'; t->i = i; return 0;
    case 't': *r = '\t'; t->i = i; return 0;
    case 'v': *r = '\v'; t->i = i; return 0;
    default:
        if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            *r = c;
            t->i = i;
            return 0;
        }
    }
bad:
    return tr_fail(t, "invalid escape sequence", p + st, i - st);
}

static const char *const posix_names[] = {
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
    "print", "punct", "space", "upper", "word", "xdigit",
};

/* \pL, \p{Greek}, \P{^Lu}: validated by compiling it alone with PCRE2,
 * whose category and script names match Go's. */
/* Go's \\p{NAME} lookup (regexp/syntax unicodeTable, Go 1.25): NAME is
 * canonicalized (separators _ - and space dropped, first letter upper,
 * the rest lower) and looked up among Any, Assigned, Ascii, Lc, the
 * categories, the scripts and the category aliases.  Only scripts whose
 * table key is already canonical are found: helm rejects \\p{Old_Italic}
 * and \\p{SignWriting} but takes \\p{latin} and \\p{Letter}. */
static const char *const go_categories[] = {
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl",
    "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
};

static const char *const go_scripts[] = {
    "Adlam", "Ahom", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum", "Batak", "Bengali", "Bhaiksuki",
    "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid", "Carian", "Chakma", "Cham", "Cherokee", "Chorasmian",
    "Common", "Coptic", "Cuneiform", "Cypriot", "Cyrillic", "Deseret", "Devanagari", "Dogra", "Duployan",
    "Elbasan", "Elymaic", "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha", "Greek", "Gujarati",
    "Gurmukhi", "Han", "Hangul", "Hanunoo", "Hatran", "Hebrew", "Hiragana", "Inherited", "Javanese", "Kaithi",
    "Kannada", "Katakana", "Kawi", "Kharoshthi", "Khmer", "Khojki", "Khudawadi", "Lao", "Latin", "Lepcha",
    "Limbu", "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar", "Malayalam", "Mandaic", "Manichaean", "Marchen",
    "Medefaidrin", "Miao", "Modi", "Mongolian", "Mro", "Multani", "Myanmar", "Nabataean", "Nandinagari", "Newa",
    "Nko", "Nushu", "Ogham", "Oriya", "Osage", "Osmanya", "Palmyrene", "Phoenician", "Rejang", "Runic",
    "Samaritan", "Saurashtra", "Sharada", "Shavian", "Siddham", "Sinhala", "Sogdian", "Soyombo", "Sundanese",
    "Syriac", "Tagalog", "Tagbanwa", "Takri", "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Thai", "Tibetan",
    "Tifinagh", "Tirhuta", "Toto", "Ugaritic", "Vai", "Vithkuqi", "Wancho", "Yezidi", "Yi",
};

/* Unicode's general-category aliases, canonicalized, and the PCRE2 name */
static const char *const go_category_aliases[][2] = {
    {"Other", "C"}, {"Control", "Cc"}, {"Cntrl", "Cc"}, {"Format", "Cf"}, {"Unassigned", "Cn"},
    {"Privateuse", "Co"}, {"Surrogate", "Cs"}, {"Letter", "L"}, {"Casedletter", "L&"},
    {"Lowercaseletter", "Ll"}, {"Modifierletter", "Lm"}, {"Otherletter", "Lo"}, {"Titlecaseletter", "Lt"},
    {"Uppercaseletter", "Lu"}, {"Mark", "M"}, {"Combiningmark", "M"}, {"Spacingmark", "Mc"},
    {"Enclosingmark", "Me"}, {"Nonspacingmark", "Mn"}, {"Number", "N"}, {"Decimalnumber", "Nd"},
    {"Digit", "Nd"}, {"Letternumber", "Nl"}, {"Othernumber", "No"}, {"Punctuation", "P"}, {"Punct", "P"},
    {"Connectorpunctuation", "Pc"}, {"Dashpunctuation", "Pd"}, {"Closepunctuation", "Pe"},
    {"Finalpunctuation", "Pf"}, {"Initialpunctuation", "Pi"}, {"Otherpunctuation", "Po"},
    {"Openpunctuation", "Ps"}, {"Symbol", "S"}, {"Currencysymbol", "Sc"}, {"Modifiersymbol", "Sk"},
    {"Mathsymbol", "Sm"}, {"Othersymbol", "So"}, {"Separator", "Z"}, {"Lineseparator", "Zl"},
    {"Paragraphseparator", "Zp"}, {"Spaceseparator", "Zs"},
};

/* The PCRE2 name of Go's \\p{name} ("Any" and "Assigned" stay as they
 * are), NULL if Go has none.  canon has room for n + 1 bytes. */
static const char *go_unicode_name(const char *name, size_t n, char *canon)
{
    size_t k = 0;
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == '_' || c == '-' || c == ' ') continue;
        if (first) {
            if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
            first = false;
        } else if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        canon[k++] = c;
    }
    canon[k] = 0;
    if (!strcmp(canon, "Any") || !strcmp(canon, "Assigned")) return canon;
    if (!strcmp(canon, "Ascii")) return "ASCII";
    if (!strcmp(canon, "Lc")) return "L&";
    for (size_t i = 0; i < sizeof go_categories / sizeof *go_categories; i++)
        if (!strcmp(canon, go_categories[i])) return go_categories[i];
    for (size_t i = 0; i < sizeof go_scripts / sizeof *go_scripts; i++)
        if (!strcmp(canon, go_scripts[i])) return go_scripts[i];
    for (size_t i = 0; i < sizeof go_category_aliases / sizeof *go_category_aliases; i++)
        if (!strcmp(canon, go_category_aliases[i][0])) return go_category_aliases[i][1];
    return NULL;
}

static int unicode_class(Tr *t, bool in_class)
{
    size_t st = t->i, i = st + 2;
    const char *p = t->p;
    if (i >= t->n) return tr_fail(t, "invalid character class range", p + st, t->n - st);
    size_t ns, ne;
    if (p[i] == '{') {
        const char *close = memchr(p + i, '}', t->n - i);
        if (!close) return tr_fail(t, "invalid character class range", p + st, t->n - st);
        ns = i + 1;
        ne = (size_t)(close - p);
        i = ne + 1;
    } else {
        int32_t r;
        size_t w = sprig_utf8_decode(p + i, t->n - i, &r);
        ns = i;
        ne = i + w;
        i = ne;
    }
    size_t nn = ne - ns;
    const char *name = p + ns;
    if (nn && name[0] == '^') { name++; nn--; }
    char canon[64];
    const char *pc = nn < sizeof canon ? go_unicode_name(name, nn, canon) : NULL;
    if (!pc) return tr_fail(t, "invalid character class range", p + st, i - st);
    bool neg = p[st + 1] == 'P';
    if (p[ns] == '^') neg = !neg;
    if (strcmp(pc, "Kawi") == 0) {
        /* Unicode 15's Kawi is newer than PCRE2 10.42's tables: Go's ranges */
        static const char kawi[] = "\\x{11f00}-\\x{11f10}\\x{11f12}-\\x{11f3a}\\x{11f3e}-\\x{11f59}";
        static const char not_kawi[] = "\\x{0}-\\x{11eff}\\x{11f11}\\x{11f3b}-\\x{11f3d}\\x{11f5a}-\\x{10ffff}";
        buf_printf(&t->out, in_class ? "%s" : "[%s]", neg ? not_kawi : kawi);
    } else if (strcmp(pc, "Any") == 0) {
        buf_adds(&t->out, neg ? (in_class ? "" : "[^\\x{0}-\\x{10ffff}]") : (in_class ? "\\x{0}-\\x{10ffff}" : "[\\x{0}-\\x{10ffff}]"));
    } else {
        /* Go's Assigned is "not Cn" */
        if (strcmp(pc, "Assigned") == 0) { pc = "Cn"; neg = !neg; }
        buf_printf(&t->out, "\\%c{%s}", neg ? 'P' : 'p', pc);
    }
    t->i = i;
    return 0;
}

/* Go's parseClass. */
static int parse_class(Tr *t)
{
    const char *p = t->p;
    size_t st = t->i, n = t->n;
    t->i++;
    buf_addc(&t->out, '[');
    if (t->i < n && p[t->i] == '^') { buf_addc(&t->out, '^'); t->i++; }
    bool first = true;
    size_t items = 0;
    while (t->i >= n || p[t->i] != ']' || first) {
        first = false;
        if (t->i >= n) return tr_fail(t, "missing closing ]", p + st, n - st);
        size_t i = t->i;
        if (n - i > 2 && p[i] == '[' && p[i + 1] == ':') {
            const char *end = NULL;
            for (size_t k = i + 2; k + 1 < n; k++)
                if (p[k] == ':' && p[k + 1] == ']') { end = p + k; break; }
            if (end) {
                size_t nst = i + 2, nlen = (size_t)(end - p) - nst;
                const char *nm = p + nst;
                bool neg = nlen && nm[0] == '^';
                if (neg) { nm++; nlen--; }
                bool known = false;
                for (size_t k = 0; k < sizeof posix_names / sizeof *posix_names; k++)
                    if (strlen(posix_names[k]) == nlen && memcmp(posix_names[k], nm, nlen) == 0) known = true;
                size_t tot = (size_t)(end - p) + 2 - i;
                if (!known) return tr_fail(t, "invalid character class range", p + i, tot);
                buf_add(&t->out, p + i, tot);
                t->i = i + tot;
                items++;
                continue;
            }
        }
        if (n - i > 1 && p[i] == '\\' && (p[i + 1] == 'p' || p[i + 1] == 'P')) {
            if (unicode_class(t, true) < 0) return -1;
            items++;
            continue;
        }
        if (n - i > 1 && p[i] == '\\' && strchr("dDsSwW", p[i + 1]) && p[i + 1]) {
            if (p[i + 1] == 's') buf_adds(&t->out, "\\t\\n\\f\\r\\x{20}");
            else buf_add(&t->out, p + i, 2);
            t->i = i + 2;
            items++;
            continue;
        }
        int32_t lo, hi;
        size_t rng = i;
        if (p[i] == '\\') {
            if (parse_escape(t, &lo) < 0) return -1;
        } else {
            t->i += sprig_utf8_decode(p + i, n - i, &lo);
        }
        hi = lo;
        if (n - t->i >= 2 && p[t->i] == '-' && p[t->i + 1] != ']') {
            t->i++;
            if (t->i >= n) return tr_fail(t, "missing closing ]", p + st, n - st);
            if (p[t->i] == '\\') {
                if (parse_escape(t, &hi) < 0) return -1;
            } else {
                t->i += sprig_utf8_decode(p + t->i, n - t->i, &hi);
            }
            if (hi < lo) return tr_fail(t, "invalid character class range", p + rng, t->i - rng);
        }
        emit_rune(&t->out, lo);
        if (hi != lo) {
            buf_addc(&t->out, '-');
            emit_rune(&t->out, hi);
        }
        items++;
    }
    t->i++;
    buf_addc(&t->out, ']');
    return 0;
}

static bool valid_capture_name(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '_' && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

static int add_group(Tr *t, Str *name)
{
    t->ngroups++;
    if (t->ngroups >= t->names_cap) {
        uint32_t cap = t->names_cap ? t->names_cap * 2 : 8;
        Str **nn = arena_realloc(t->a, t->names, t->names_cap * sizeof *nn, cap * sizeof *nn);
        if (!nn) return -1;
        memset(nn + t->names_cap, 0, (cap - t->names_cap) * sizeof *nn);
        t->names = nn;
        t->names_cap = cap;
    }
    t->names[t->ngroups] = name;
    return 0;
}

/* "(?" at t->i: flags, non-capturing group or named group.  Returns 1 if
 * a group was opened, 0 for a flags-only item. */
static int parse_perl(Tr *t)
{
    const char *p = t->p;
    size_t st = t->i, n = t->n;
    size_t k = st + 2;
    bool named = (n - k >= 2 && p[k] == 'P' && p[k + 1] == '<') || (n - k >= 1 && p[k] == '<');
    if (named) {
        size_t ns = p[k] == 'P' ? k + 2 : k + 1;
        const char *gt = memchr(p + ns, '>', n - ns);
        if (!gt) return tr_fail(t, "invalid named capture", p + st, n - st);
        size_t ne = (size_t)(gt - p);
        if (!valid_capture_name(p + ns, ne - ns))
            return tr_fail(t, "invalid named capture", p + st, ne + 1 - st);
        Str *name = str_new(t->a, p + ns, ne - ns);
        if (!name || add_group(t, name) < 0) return tr_fail(t, "expression too large", p, n);
        buf_addc(&t->out, '(');
        t->i = ne + 1;
        return 1;
    }
    int sign = 1;
    bool saw = false;
    Buf fl = BUF_INIT;
    while (k < n) {
        int32_t c;
        size_t w = sprig_utf8_decode(p + k, n - k, &c);
        k += w;
        switch (c) {
        case 'i': case 'm': case 's': case 'U':
            buf_addc(&fl, (char)c);
            saw = true;
            continue;
        case '-':
            if (sign < 0) goto bad;
            sign = -1;
            buf_addc(&fl, '-');
            saw = false;
            continue;
        case ':': case ')':
            if (sign < 0 && !saw) goto bad;
            buf_adds(&t->out, "(?");
            if (fl.len) buf_add(&t->out, fl.data, fl.len);
            buf_addc(&t->out, (char)c);
            buf_free(&fl);
            t->i = k;
            return c == ':';
        default:
            goto bad;
        }
    }
bad:
    buf_free(&fl);
    return tr_fail(t, "invalid or unsupported Perl syntax", p + st, k - st);
}

/* Parses Go's {n}, {n,}, {n,m} at t->i; returns 1 if it is one (then
 * *end is past it), 0 if the brace is a literal. */
static int parse_repeat(const char *p, size_t n, size_t i, long *lo, long *hi, size_t *end)
{
    size_t k = i + 1;
    long a = 0, b;
    size_t d = 0;
    while (k < n && p[k] >= '0' && p[k] <= '9') { if (a < 100000) a = a * 10 + (p[k] - '0'); k++; d++; }
    if (!d || k >= n) return 0;
    if (p[k] == '}') { *lo = *hi = a; *end = k + 1; return 1; }
    if (p[k] != ',') return 0;
    k++;
    if (k < n && p[k] == '}') { *lo = a; *hi = -1; *end = k + 1; return 1; }
    b = 0;
    d = 0;
    while (k < n && p[k] >= '0' && p[k] <= '9') { if (b < 100000) b = b * 10 + (p[k] - '0'); k++; d++; }
    if (!d || k >= n || p[k] != '}') return 0;
    *lo = a;
    *hi = b;
    *end = k + 1;
    return 1;
}

static int translate(Tr *t)
{
    const char *p = t->p;
    size_t n = t->n;
    int depth = 0;
    bool atom = false;          /* a repeatable item precedes */
    long last_rep = -1;         /* start of the repetition just before */
    /* Go's repeatIsValid: nested {n,m} counts may multiply to at most
     * 1000 ((a{100}){100} is "invalid repeat count").  rf[d] is the
     * largest such product inside the group open at depth d, last_f the
     * one of the item just before. */
    long rf[GO_MAX_DEPTH + 1], last_f = 0;
    rf[0] = 0;
    /* A group whose whole body is one single-character item under a
     * greedy + or *, itself under a greedy + or * ((a+)+, (?:\d*)*):
     * RE2 matches and captures exactly as the single loop does (the first
     * iteration is greedy, and an empty later one is dropped), so the
     * outer loop is dropped, or made `?` for (x+)*.  PCRE2's backtracking
     * would take exponential time on `(a+)+b|a` where Go is linear, and
     * would capture an empty last iteration in `(a*)*b` where Go keeps
     * "aa".  grp[d] describes the items of the group open at depth d. */
    struct { uint32_t items; bool alt, single; char q; } grp[GO_MAX_DEPTH + 1];
    memset(&grp[0], 0, sizeof grp[0]);
    char pending = 0;           /* the group just closed qualifies: its inner quantifier */
    while (t->i < n) {
        size_t st = t->i;
        char c = p[st];
        long rep = -1;
        char pend = pending;
        pending = 0;
        /* every item below but a quantifier is a new item at this depth */
        if (c != '*' && c != '+' && c != '?' && c != '{' && c != '(' && c != ')' && c != '|') {
            grp[depth].items++;
            grp[depth].single = c != '^' && c != '$' && c != '\\';
            grp[depth].q = 0;
        }
        switch (c) {
        case '(':
            if (depth >= GO_MAX_DEPTH) return tr_fail(t, "expression nests too deeply", p, n);
            if (n - st >= 2 && p[st + 1] == '?') {
                int r = parse_perl(t);
                if (r < 0) return -1;
                if (r == 1) { depth++; rf[depth] = 0; atom = false; memset(&grp[depth], 0, sizeof grp[depth]); }
                break;
            }
            if (add_group(t, NULL) < 0) return tr_fail(t, "expression too large", p, n);
            buf_addc(&t->out, '(');
            t->i++;
            depth++;
            rf[depth] = 0;
            memset(&grp[depth], 0, sizeof grp[depth]);
            atom = false;
            break;
        case ')':
            if (depth == 0) return tr_fail(t, "unexpected )", p, n);
            if (!grp[depth].alt && grp[depth].items == 1 && grp[depth].single &&
                (grp[depth].q == '+' || grp[depth].q == '*'))
                pending = grp[depth].q;
            grp[depth - 1].items++;
            grp[depth - 1].single = false;
            grp[depth - 1].q = 0;
            last_f = rf[depth];
            depth--;
            if (last_f > rf[depth]) rf[depth] = last_f;
            buf_addc(&t->out, ')');
            t->i++;
            atom = true;
            break;
        case '|':
            grp[depth].alt = true;
            buf_addc(&t->out, '|');
            t->i++;
            atom = false;
            break;
        case '*': case '+': case '?': case '{': {
            size_t e = st + 1;
            long lo = 0, hi = 0;
            if (c == '{') {
                if (!parse_repeat(p, n, st, &lo, &hi, &e)) {
                    grp[depth].items++;
                    grp[depth].single = true;
                    grp[depth].q = 0;
                    buf_adds(&t->out, "\\{");
                    t->i++;
                    atom = true;
                    last_f = 0;
                    break;
                }
            }
            if (e < n && p[e] == '?') e++;
            if (last_rep >= 0) return tr_fail(t, "invalid nested repetition operator", p + last_rep, e - (size_t)last_rep);
            if (!atom) return tr_fail(t, "missing argument to repetition operator", p + st, e - st);
            size_t optext = (p[e - 1] == '?' && e - 1 > st ? e - 1 : e) - st;
            if (c == '{' && (lo > GO_MAX_REPEAT || hi > GO_MAX_REPEAT || (hi >= 0 && lo > hi)))
                return tr_fail(t, "invalid repeat count", p + st, optext);
            if (c == '{') {
                long m = hi >= 0 ? hi : lo;
                long f = m == 0 ? 0 : m * (last_f > 1 ? last_f : 1);
                /* this check runs after Go consumed a lazy '?': it shows in the text */
                if ((lo >= 2 || hi >= 2) && f > GO_MAX_REPEAT) return tr_fail(t, "invalid repeat count", p + st, e - st);
                last_f = f;
                if (f > rf[depth]) rf[depth] = f;
            }
            bool greedy = e == st + 1 && (c == '*' || c == '+');
            grp[depth].q = greedy ? c : 'x';
            if (pend && greedy) {
                if (pend == '+' && c == '*') buf_addc(&t->out, '?');
            } else {
                buf_add(&t->out, p + st, e - st);
            }
            t->i = e;
            rep = (long)st;
            break;
        }
        case '[':
            if (parse_class(t) < 0) return -1;
            atom = true;
            last_f = 0;
            break;
        case '^': buf_adds(&t->out, "(?:^)"); t->i++; atom = true; last_f = 0; break;
        case '$': buf_adds(&t->out, "(?:$)"); t->i++; atom = true; last_f = 0; break;
        case '.': buf_addc(&t->out, '.'); t->i++; atom = true; last_f = 0; break;
        case '\\': {
            if (st + 1 >= n) return tr_fail(t, "trailing backslash at end of expression", "", 0);
            char e = p[st + 1];
            grp[depth].single = e != 'A' && e != 'z' && e != 'b' && e != 'B' && e != 'Q';
            if (e == 'A' || e == 'z' || e == 'b' || e == 'B') {
                buf_printf(&t->out, "(?:\\%c)", e);
                t->i += 2;
            } else if (e == 'Q') {
                size_t k = st + 2;
                const char *q = NULL;
                for (size_t j = k; j + 1 < n; j++)
                    if (p[j] == '\\' && p[j + 1] == 'E') { q = p + j; break; }
                size_t endq = q ? (size_t)(q - p) : n;
                bool any = false;
                while (k < endq) {
                    int32_t r;
                    k += sprig_utf8_decode(p + k, endq - k, &r);
                    emit_rune(&t->out, r);
                    any = true;
                }
                t->i = q ? endq + 2 : n;
                if (!any) break;
            } else if (e == 'p' || e == 'P') {
                if (unicode_class(t, false) < 0) return -1;
            } else if (e == 's') {
                buf_adds(&t->out, "[\\t\\n\\f\\r\\x{20}]");
                t->i += 2;
            } else if (e == 'S') {
                buf_adds(&t->out, "[^\\t\\n\\f\\r\\x{20}]");
                t->i += 2;
            } else if (e == 'd' || e == 'D' || e == 'w' || e == 'W') {
                buf_add(&t->out, p + st, 2);
                t->i += 2;
            } else {
                int32_t r;
                if (parse_escape(t, &r) < 0) return -1;
                emit_rune(&t->out, r);
            }
            atom = true;
            last_f = 0;
            break;
        }
        default: {
            int32_t r;
            size_t w = sprig_utf8_decode(p + st, n - st, &r);
            if (r == SPRIG_RUNE_ERROR && w == 1) return tr_fail(t, "invalid UTF-8", p + st, n - st);
            emit_rune(&t->out, r);
            t->i += w;
            atom = true;
            last_f = 0;
        }
        }
        last_rep = rep;
    }
    if (depth > 0) return tr_fail(t, "missing closing )", p, n);
    return 0;
}

/*
 * Go's matcher.  PCRE2's backtracking gives Go's leftmost-first results
 * except where a repeated subexpression can match empty: Go compiles x*
 * over such an x as (x+)? (regexp/syntax compile.go, golang.org/issue/
 * 46123) and runs it on a Pike VM that visits each instruction at most
 * once per position, so an empty iteration that comes back to its loop
 * dies there; PCRE2 instead lets it end the loop and go on.  helm shows
 * it with `(a*|b)*` on "ab": match "ab", group 1 "b", where PCRE2 gives
 * "a" and "".  So every pattern runs here: the Go pattern (already
 * validated by translate) is parsed again into a tree, simplified and
 * compiled as Go's syntax.Compile does, and run by Go's Pike VM
 * (regexp/pike.go) with its thread priorities (Go's one-pass and
 * backtracking matchers give the same results); it is linear in the
 * subject and bounded in memory.  Single-character items (classes, \pL,
 * case-folded literals) start from the translator's PCRE2 text: ASCII-only
 * classes become bitmaps, others are split into items evaluated as Go
 * does (leaf_items), and only text neither understands is asked of PCRE2
 * whole; ASCII answers are cached per item.
 */

enum { G_FAIL, G_RUNE, G_LEAF, G_ANY, G_ANYNL, G_EMPTY, G_CAP, G_ALT, G_NOP, G_MATCH };

/* EmptyOp bits, as Go's syntax.EmptyOp */
enum { E_BOL = 1, E_EOL = 2, E_BOT = 4, E_EOT = 8, E_WORD = 16, E_NOWORD = 32 };

#define G_MAX_INST (1u << 20)
#define G_MAX_CAPS ((size_t)1 << 24)  /* capture slots of all threads at once */

typedef struct GInst {
    uint32_t op, out, arg;
} GInst;

/* One item of a class: a rune range, an ASCII set (\\d \\w \\s, POSIX)
 * or a Unicode property (PCRE2's \\p, whose names are Go's); neg for
 * \\D, \\P{..}, [:^alpha:]. */
typedef struct GItem {
    uint8_t kind;               /* 'r' range, 'b' bits, 'p' property */
    bool neg;
    bool nofold;                /* Go has no fold table for it (LC) */
    int32_t lo, hi;
    uint32_t bits[4];
    pcre2_code *code;
} GItem;

typedef struct GLeaf {
    pcre2_code *code;           /* compiled on first need */
    Str *text;                  /* its PCRE2 text, when neither below answers */
    GItem *items;               /* the class's items, when parsed */
    uint32_t nitems;
    bool itemized;              /* items (maybe none) answer */
    bool neg, fold;             /* [^...]; (?i) */
    uint32_t known[4], yes[4];  /* ASCII answers (known so far) */
    bool nonascii;              /* the answer for any other rune, if no text nor items */
} GLeaf;

typedef struct GProg {
    GInst *inst;
    uint32_t n, cap, start;
    GLeaf *leaf;
    uint32_t nleaf, leafcap;
    pcre2_match_data *md;
    SprigUC uc;                 /* for case folding */
    uint32_t ncap;              /* capture slots: 2 * (groups + 1) */
    bool bad;                   /* out of memory or too large while building */
} GProg;

/* The parse tree: nodes in one array, children as sibling lists. */
enum { N_EMPTY, N_RUNE, N_LEAF, N_ANY, N_ANYNL, N_ASSERT, N_CAP, N_CAT, N_ALT, N_REP };

typedef struct GNode {
    uint8_t op;
    bool greedy;
    int32_t min, max;          /* N_REP; max -1: unbounded */
    uint32_t arg;              /* rune, leaf, EmptyOp, group */
    uint32_t sub, last, next;  /* first child, last child, sibling */
} GNode;

enum { F_I = 1, F_M = 2, F_S = 4, F_U = 8 };

typedef struct GP {
    const char *p;
    size_t n, i;
    Arena *a;
    GNode *nd;
    uint32_t nn, ncap;
    uint32_t groups;
    GProg *g;
} GP;

static void gprog_free(GProg *g)
{
    if (!g) return;
    for (uint32_t i = 0; i < g->nleaf; i++) {
        if (g->leaf[i].code) pcre2_code_free(g->leaf[i].code);
        for (uint32_t k = 0; k < g->leaf[i].nitems; k++)
            if (g->leaf[i].items[k].code) pcre2_code_free(g->leaf[i].items[k].code);
    }
    sprig_uc_close(&g->uc);
    if (g->md) pcre2_match_data_free(g->md);
    free(g->leaf);
    free(g->inst);
    free(g);
}

/* Returns *arr with room for item n (of size sz), grown by doubling; NULL
 * (and g->bad) when out of memory or past G_MAX_INST items. */
static void *g_room(GProg *g, void *arr, uint32_t n, uint32_t *cap, size_t sz)
{
    if (n < *cap) return arr;
    uint32_t nc = *cap ? *cap * 2 : 16;
    void *p = nc > G_MAX_INST ? NULL : realloc(arr, nc * sz);
    if (!p) { g->bad = true; return NULL; }
    *cap = nc;
    return p;
}

static uint32_t gp_node(GP *g, uint8_t op, uint32_t arg)
{
    if (g->g->bad) return 0;
    GNode *nd = g_room(g->g, g->nd, g->nn, &g->ncap, sizeof *nd);
    if (!nd) return 0;
    g->nd = nd;
    if (g->nn == 0) {
        memset(&g->nd[0], 0, sizeof g->nd[0]);
        g->nn = 1;
    }
    uint32_t k = g->nn++;
    memset(&g->nd[k], 0, sizeof g->nd[k]);
    g->nd[k].op = op;
    g->nd[k].arg = arg;
    return k;
}

static void gp_child(GP *g, uint32_t parent, uint32_t child)
{
    if (!parent || !child) return;
    GNode *p = &g->nd[parent];
    if (!p->sub) p->sub = child;
    else g->nd[p->last].next = child;
    p->last = child;
}

/* The ASCII item at t[*i] of translated class text: an alphanumeric,
 * \x{H} or one of \t \n \f \r.  -1: not one. */
static int32_t native_char(const char *t, size_t n, size_t *i, int32_t max)
{
    size_t k = *i;
    if (k >= n) return -1;
    char c = t[k];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) { *i = k + 1; return c; }
    if (c != '\\' || k + 1 >= n) return -1;
    char e = t[k + 1];
    if (e == 't' || e == 'n' || e == 'f' || e == 'r') {
        *i = k + 2;
        return e == 't' ? '\t' : e == 'n' ? '\n' : e == 'f' ? '\f' : '\r';
    }
    if (e != 'x' || k + 2 >= n || t[k + 2] != '{') return -1;
    int32_t v = 0;
    for (k += 3; k < n && t[k] != '}'; k++) {
        if (!is_hex(t[k]) || v > max) return -1;
        v = v * 16 + hexval(t[k]);
    }
    if (k >= n || v > max) return -1;
    *i = k + 1;
    return v;
}

static void bits_set(uint32_t *b, int lo, int hi)
{
    for (int c = lo; c <= hi; c++) b[c >> 5] |= 1u << (c & 31);
}

/* \d \w (ASCII in Go and in PCRE2 without UCP); \s arrives expanded. */
static bool native_perl(char e, uint32_t *b)
{
    uint32_t m[4] = {0};
    if (e == 'd' || e == 'D') bits_set(m, '0', '9');
    else if (e == 'w' || e == 'W') { bits_set(m, '0', '9'); bits_set(m, 'a', 'z'); bits_set(m, 'A', 'Z'); bits_set(m, '_', '_'); }
    else return false;
    bool neg = e == 'D' || e == 'W';
    for (int i = 0; i < 4; i++) b[i] |= neg ? ~m[i] : m[i];
    return true;
}

/* Answers a leaf without PCRE2 when its text is an ASCII-only class
 * (chars, ranges, \d \w and their negations) and case does not fold:
 * the ASCII bitmap, and for every other rune whether the class is
 * negated or holds a negated Perl class.  false: PCRE2 must answer. */
static bool leaf_native(GLeaf *l, const char *t, size_t n)
{
    uint32_t b[4] = {0};
    bool others = false;
    if (n == 2 && t[0] == '\\') {
        if (!native_perl(t[1], b)) return false;
        others = t[1] == 'D' || t[1] == 'W';
    } else {
        if (n < 2 || t[0] != '[' || t[n - 1] != ']') return false;
        size_t i = 1, e = n - 1;
        bool neg = i < e && t[i] == '^';
        if (neg) i++;
        while (i < e) {
            if (t[i] == '\\' && i + 1 < e && native_perl(t[i + 1], b)) {
                others |= t[i + 1] == 'D' || t[i + 1] == 'W';
                i += 2;
                continue;
            }
            int32_t lo = native_char(t, e, &i, 0x7F), hi = lo;
            if (lo < 0) return false;
            if (i < e && t[i] == '-') {
                i++;
                hi = native_char(t, e, &i, 0x7F);
                if (hi < lo) return false;
            }
            bits_set(b, lo, hi);
        }
        if (neg) {
            for (int k = 0; k < 4; k++) b[k] = ~b[k];
            others = !others;
        }
    }
    memcpy(l->yes, b, sizeof b);
    memset(l->known, 0xFF, sizeof l->known);
    l->nonascii = others;
    return true;
}

/* Go's POSIX classes, all ASCII: [:space:] has \\v, unlike \\s. */
static bool posix_bits(const char *nm, size_t n, uint32_t *b)
{
#define IS(x) (n == sizeof(x) - 1 && memcmp(nm, x, n) == 0)
    if (IS("alnum") || IS("alpha") || IS("upper") || IS("word") || IS("xdigit")) {
        if (!IS("xdigit")) bits_set(b, 'A', 'Z');
        if (IS("alnum") || IS("alpha") || IS("word")) bits_set(b, 'a', 'z');
        if (IS("alnum") || IS("word") || IS("xdigit")) bits_set(b, '0', '9');
        if (IS("word")) bits_set(b, '_', '_');
        if (IS("xdigit")) { bits_set(b, 'a', 'f'); bits_set(b, 'A', 'F'); }
    } else if (IS("ascii")) bits_set(b, 0, 0x7F);
    else if (IS("blank")) { bits_set(b, '\t', '\t'); bits_set(b, ' ', ' '); }
    else if (IS("cntrl")) { bits_set(b, 0, 0x1F); bits_set(b, 0x7F, 0x7F); }
    else if (IS("digit")) bits_set(b, '0', '9');
    else if (IS("graph")) bits_set(b, '!', '~');
    else if (IS("lower")) bits_set(b, 'a', 'z');
    else if (IS("print")) bits_set(b, ' ', '~');
    else if (IS("punct")) { bits_set(b, '!', '/'); bits_set(b, ':', '@'); bits_set(b, '[', '`'); bits_set(b, '{', '~'); }
    else if (IS("space")) { bits_set(b, '\t', '\r'); bits_set(b, ' ', ' '); }
    else return false;
    return true;
#undef IS
}

/* Splits a leaf's translated text into Go's class items (see GItem), so
 * that case folding can follow Go: under (?i) an item holds a rune when
 * it holds any rune of the rune's fold orbit, and a negated item (\\W,
 * \\P{Lu}) when it holds none of them; helm shows (?i)\\p{Lu} matching
 * "b" and (?i)\\w matching U+212A, which PCRE2's caseless mode does not
 * do.  false: not understood, PCRE2 answers for the whole text. */
static bool leaf_items(GP *g, GLeaf *l, const char *t, size_t n)
{
    size_t i = 0, e = n;
    if (n >= 2 && t[0] == '[' && t[n - 1] == ']') {
        i = 1;
        e = n - 1;
        if (i < e && t[i] == '^') { l->neg = true; i++; }
    }
    uint32_t cap = 0;
    while (i < e) {
        if (l->nitems == cap) {
            uint32_t nc = cap ? cap * 2 : 4;
            GItem *it = arena_realloc(g->a, l->items, cap * sizeof *it, nc * sizeof *it);
            if (!it) return false;
            l->items = it;
            cap = nc;
        }
        GItem *it = &l->items[l->nitems];
        memset(it, 0, sizeof *it);
        if (e - i > 2 && t[i] == '[' && t[i + 1] == ':') {
            const char *end = memchr(t + i, ']', e - i);
            if (!end || end[-1] != ':') return false;
            size_t ns = i + 2, ne = (size_t)(end - t) - 1;
            if (ns < ne && t[ns] == '^') { it->neg = true; ns++; }
            if (!posix_bits(t + ns, ne - ns, it->bits)) return false;
            it->kind = 'b';
            i = (size_t)(end - t) + 1;
        } else if (e - i > 3 && t[i] == '\\' && (t[i + 1] == 'p' || t[i + 1] == 'P') && t[i + 2] == '{') {
            const char *end = memchr(t + i, '}', e - i);
            if (!end) return false;
            /* a script is asked as sc:NAME: PCRE2 (10.40 on) reads a bare
             * script name as its Script_Extensions, Go's tables are Script
             * (U+0345 is Inherited, not Greek, in helm) */
            int nl = (int)((size_t)(end - t) - (i + 3));
            for (int sc = 1; sc >= 0 && !it->code; sc--) {
                char tmp[80];
                int k = snprintf(tmp, sizeof tmp, "\\p{%s%.*s}", sc ? "sc:" : "", nl, t + i + 3);
                if (k <= 0 || (size_t)k >= sizeof tmp) return false;
                int ec;
                PCRE2_SIZE eo;
                it->code = pcre2_compile((PCRE2_SPTR)tmp, (PCRE2_SIZE)k, PCRE2_UTF | PCRE2_ANCHORED, &ec, &eo, NULL);
            }
            if (!it->code) return false;
            it->kind = 'p';
            it->neg = t[i + 1] == 'P';
            /* Go 1.25 added LC without unicode.FoldCategory["LC"]: (?i)
             * leaves it unfolded (helm: (?i)\\p{Lc} does not match U+0345) */
            it->nofold = nl == 2 && memcmp(t + i + 3, "L&", 2) == 0;
            i = (size_t)(end - t) + 1;
        } else if (e - i >= 2 && t[i] == '\\' && strchr("dDwWsS", t[i + 1]) && t[i + 1]) {
            char c = t[i + 1];
            if (c == 's' || c == 'S') { bits_set(it->bits, '\t', '\n'); bits_set(it->bits, '\f', '\r'); bits_set(it->bits, ' ', ' '); }
            else native_perl((char)(c | 0x20), it->bits);
            it->neg = c == 'D' || c == 'W' || c == 'S';
            it->kind = 'b';
            i += 2;
        } else {
            it->lo = it->hi = native_char(t, e, &i, 0x10FFFF);
            if (it->lo < 0) return false;
            if (i < e && t[i] == '-') {
                i++;
                it->hi = native_char(t, e, &i, 0x10FFFF);
                if (it->hi < it->lo) return false;
            }
            it->kind = 'r';
        }
        l->nitems++;
    }
    return true;
}

/* A single-character item from the translator's PCRE2 text. */
static uint32_t gp_leaf(GP *g, const char *text, size_t len, unsigned flags)
{
    GProg *pr = g->g;
    if (pr->bad) return 0;
    GLeaf *lv = g_room(pr, pr->leaf, pr->nleaf, &pr->leafcap, sizeof *lv);
    if (!lv) return 0;
    pr->leaf = lv;
    GLeaf *l = &pr->leaf[pr->nleaf];
    memset(l, 0, sizeof *l);
    pr->nleaf++;
    if (!(flags & F_I) && leaf_native(l, text, len)) return gp_node(g, N_LEAF, pr->nleaf - 1);
    memset(l, 0, sizeof *l);
    l->fold = (flags & F_I) != 0;
    if (leaf_items(g, l, text, len)) {
        l->itemized = true;
        return gp_node(g, N_LEAF, pr->nleaf - 1);
    }
    for (uint32_t k = 0; k < l->nitems; k++)
        if (l->items[k].code) pcre2_code_free(l->items[k].code);
    memset(l, 0, sizeof *l);
    Buf b = BUF_INIT;
    if (flags & F_I) buf_adds(&b, "(?i)");
    buf_add(&b, text, len);
    l->text = str_new(g->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    if (!l->text) { pr->bad = true; return 0; }
    return gp_node(g, N_LEAF, pr->nleaf - 1);
}

static uint32_t gp_rune(GP *g, int32_t r, unsigned flags)
{
    bool letter = (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    if ((flags & F_I) && (letter || r >= 0x80)) {
        Buf b = BUF_INIT;
        emit_rune(&b, r);
        uint32_t k = gp_leaf(g, b.data ? b.data : "", b.len, flags);
        buf_free(&b);
        return k;
    }
    return gp_node(g, N_RUNE, (uint32_t)r);
}

/* Runs one of the translator's item parsers on a scratch Tr and makes a
 * leaf of its output. */
static uint32_t gp_tr_leaf(GP *g, int kind, unsigned flags)
{
    Buf err = BUF_INIT;
    Tr t = {g->p, g->n, g->i, BUF_INIT, &err, g->a, 0, NULL, 0};
    int r = kind == 0 ? parse_class(&t) : unicode_class(&t, false);
    uint32_t k = 0;
    if (r < 0) g->g->bad = true;
    else k = gp_leaf(g, t.out.data ? t.out.data : "", t.out.len, flags);
    g->i = t.i;
    buf_free(&t.out);
    buf_free(&err);
    return k;
}

static uint32_t gp_alt(GP *g, unsigned *flags, int depth);

/* "(?" at g->i: a group (returned, the body parsed) or a flags item (0,
 * *flags updated); *group tells which. */
static uint32_t gp_perl(GP *g, unsigned *flags, int depth, bool *group)
{
    const char *p = g->p;
    size_t k = g->i + 2, n = g->n;
    *group = true;
    if ((n - k >= 2 && p[k] == 'P' && p[k + 1] == '<') || (n - k >= 1 && p[k] == '<')) {
        const char *gt = memchr(p + k, '>', n - k);
        if (!gt) { g->g->bad = true; g->i = n; return 0; }
        g->i = (size_t)(gt - p) + 1;
        uint32_t cap = gp_node(g, N_CAP, ++g->groups);
        unsigned f2 = *flags;
        uint32_t sub = gp_alt(g, &f2, depth + 1);
        gp_child(g, cap, sub);
        if (g->i < n) g->i++;
        return cap;
    }
    unsigned f = *flags;
    bool neg = false;
    while (k < n) {
        char c = p[k++];
        unsigned bit = c == 'i' ? F_I : c == 'm' ? F_M : c == 's' ? F_S : c == 'U' ? F_U : 0;
        if (bit) { f = neg ? f & ~bit : f | bit; continue; }
        if (c == '-') { neg = true; continue; }
        g->i = k;
        if (c == ')') { *flags = f; *group = false; return 0; }
        uint32_t sub = gp_alt(g, &f, depth + 1);
        if (g->i < n) g->i++;
        return sub ? sub : gp_node(g, N_EMPTY, 0);
    }
    g->g->bad = true;
    g->i = n;
    return 0;
}

static uint32_t gp_escape(GP *g, unsigned flags)
{
    const char *p = g->p;
    char e = p[g->i + 1];
    switch (e) {
    case 'A': g->i += 2; return gp_node(g, N_ASSERT, E_BOT);
    case 'z': g->i += 2; return gp_node(g, N_ASSERT, E_EOT);
    case 'b': g->i += 2; return gp_node(g, N_ASSERT, E_WORD);
    case 'B': g->i += 2; return gp_node(g, N_ASSERT, E_NOWORD);
    case 'p': case 'P': return gp_tr_leaf(g, 1, flags);
    case 'd': case 'D': case 'w': case 'W': {
        char t[3] = {'\\', e, 0};
        g->i += 2;
        return gp_leaf(g, t, 2, flags);
    }
    case 's': case 'S': {
        const char *t = e == 's' ? "[\\t\\n\\f\\r\\x{20}]" : "[^\\t\\n\\f\\r\\x{20}]";
        g->i += 2;
        return gp_leaf(g, t, strlen(t), flags);
    }
    }
    Buf err = BUF_INIT;
    Tr t = {g->p, g->n, g->i, BUF_INIT, &err, g->a, 0, NULL, 0};
    int32_t r = 0;
    int rc = parse_escape(&t, &r);
    buf_free(&err);
    if (rc < 0) { g->g->bad = true; g->i = g->n; return 0; }
    g->i = t.i;
    return gp_rune(g, r, flags);
}

/* A concatenation up to | or ) or the end (g->g->bad on failure). */
static uint32_t gp_cat(GP *g, unsigned *flags, int depth)
{
    const char *p = g->p;
    size_t n = g->n;
    uint32_t cat = gp_node(g, N_CAT, 0);
    uint32_t last = 0, prev = 0; /* the item a quantifier applies to, the one before */
    while (g->i < n && p[g->i] != '|' && p[g->i] != ')' && !g->g->bad) {
        size_t st = g->i;
        char c = p[st];
        uint32_t item = 0;
        long lo = 0, hi = 0;
        size_t e = st + 1;
        bool quant = c == '*' || c == '+' || c == '?';
        if (c == '*') { lo = 0; hi = -1; }
        else if (c == '+') { lo = 1; hi = -1; }
        else if (c == '?') { lo = 0; hi = 1; }
        else if (c == '{' && parse_repeat(p, n, st, &lo, &hi, &e)) quant = true;
        if (quant) {
            bool lazy = e < n && p[e] == '?';
            if (lazy) e++;
            g->i = e;
            if (!last) { g->g->bad = true; break; }
            /* wrap the last item: it becomes the repeat's only child */
            uint32_t rep = gp_node(g, N_REP, 0);
            if (!rep) break;
            GNode *r = &g->nd[rep];
            r->min = (int32_t)lo;
            r->max = (int32_t)hi;
            r->greedy = lazy == ((*flags & F_U) != 0);
            r->sub = r->last = last;
            /* replace last in cat's child list by rep */
            GNode *ct = &g->nd[cat];
            if (!prev) ct->sub = rep;
            else g->nd[prev].next = rep;
            ct->last = rep;
            last = rep;
            continue;
        }
        switch (c) {
        case '(':
            if (n - st >= 2 && p[st + 1] == '?') {
                bool group;
                item = gp_perl(g, flags, depth, &group);
                if (!group) continue;
            } else {
                g->i++;
                item = gp_node(g, N_CAP, ++g->groups);
                unsigned f2 = *flags;
                uint32_t sub = gp_alt(g, &f2, depth + 1);
                gp_child(g, item, sub);
                if (g->i < n) g->i++;
            }
            break;
        case '[': item = gp_tr_leaf(g, 0, *flags); break;
        case '^': g->i++; item = gp_node(g, N_ASSERT, *flags & F_M ? E_BOL : E_BOT); break;
        case '$': g->i++; item = gp_node(g, N_ASSERT, *flags & F_M ? E_EOL : E_EOT); break;
        case '.': g->i++; item = gp_node(g, *flags & F_S ? N_ANY : N_ANYNL, 0); break;
        case '\\':
            if (st + 1 >= n) { g->g->bad = true; g->i = n; break; }
            if (p[st + 1] == 'Q') {
                /* each literal rune is an item: \Qab\E* repeats only b */
                size_t k = st + 2, endq = n;
                for (size_t j = k; j + 1 < n; j++)
                    if (p[j] == '\\' && p[j + 1] == 'E') { endq = j; break; }
                while (k < endq) {
                    int32_t r;
                    k += sprig_utf8_decode(p + k, endq - k, &r);
                    item = gp_rune(g, r, *flags);
                    gp_child(g, cat, item);
                    prev = last;
                    last = item;
                }
                g->i = endq < n ? endq + 2 : n;
                continue;
            }
            item = gp_escape(g, *flags);
            break;
        default: {
            int32_t r;
            g->i += sprig_utf8_decode(p + st, n - st, &r);
            item = gp_rune(g, r, *flags);
        }
        }
        gp_child(g, cat, item);
        prev = last;
        last = item;
    }
    return cat;
}

static uint32_t gp_alt(GP *g, unsigned *flags, int depth)
{
    if (depth > GO_MAX_DEPTH + 1) { g->g->bad = true; return 0; }
    uint32_t alt = gp_node(g, N_ALT, 0);
    for (;;) {
        gp_child(g, alt, gp_cat(g, flags, depth));
        if (g->g->bad) return 0;
        if (g->i < g->n && g->p[g->i] == '|') { g->i++; continue; }
        break;
    }
    return alt;
}

/* ---- compiling, as Go's syntax.Compile of the simplified tree ---- */

typedef struct Frag {
    uint32_t i, head, tail;     /* entry; patch list (Go's patchList) */
    bool nullable;
} Frag;

static uint32_t gc_inst(GProg *g, uint32_t op, uint32_t arg)
{
    if (g->bad) return 0;
    GInst *in = g_room(g, g->inst, g->n, &g->cap, sizeof *in);
    if (!in) return 0;
    g->inst = in;
    g->inst[g->n] = (GInst){op, 0, arg};
    return g->n++;
}

static Frag gc_one(GProg *g, uint32_t op, uint32_t arg, bool nullable)
{
    uint32_t i = gc_inst(g, op, arg);
    return (Frag){i, i << 1, i << 1, nullable};
}

static void pl_patch(GProg *g, uint32_t l, uint32_t v)
{
    while (l) {
        GInst *in = &g->inst[l >> 1];
        uint32_t nx;
        if (l & 1) { nx = in->arg; in->arg = v; }
        else { nx = in->out; in->out = v; }
        l = nx;
    }
}

static void pl_append(GProg *g, Frag *f, uint32_t head, uint32_t tail)
{
    if (!head) return;
    if (!f->head) { f->head = head; f->tail = tail; return; }
    GInst *in = &g->inst[f->tail >> 1];
    if (f->tail & 1) in->arg = head;
    else in->out = head;
    f->tail = tail;
}

static Frag gc_cat(GProg *g, Frag a, Frag b)
{
    if (!a.i || !b.i || g->bad) return (Frag){0, 0, 0, false};
    pl_patch(g, a.head, b.i);
    return (Frag){a.i, b.head, b.tail, a.nullable && b.nullable};
}

static Frag gc_alt(GProg *g, Frag a, Frag b)
{
    if (!a.i) return b;
    if (!b.i) return a;
    uint32_t i = gc_inst(g, G_ALT, b.i);
    if (!i) return (Frag){0, 0, 0, false};
    g->inst[i].out = a.i;
    Frag f = {i, a.head, a.tail, a.nullable || b.nullable};
    pl_append(g, &f, b.head, b.tail);
    return f;
}

/* An Alt with one arm to a (first when greedy) and the other dangling. */
static Frag gc_branch(GProg *g, Frag a, bool greedy)
{
    uint32_t i = gc_inst(g, G_ALT, 0);
    if (!i || !a.i) return (Frag){0, 0, 0, false};
    Frag f = {i, 0, 0, true};
    if (greedy) { g->inst[i].out = a.i; f.head = f.tail = i << 1 | 1; }
    else { g->inst[i].arg = a.i; f.head = f.tail = i << 1; }
    return f;
}

static Frag gc_quest(GProg *g, Frag a, bool greedy)
{
    Frag f = gc_branch(g, a, greedy);
    if (f.i) pl_append(g, &f, a.head, a.tail);
    return f;
}

static Frag gc_loop(GProg *g, Frag a, bool greedy)
{
    Frag f = gc_branch(g, a, greedy);
    if (f.i) pl_patch(g, a.head, f.i);
    return f;
}

static Frag gc_plus(GProg *g, Frag a, bool greedy)
{
    Frag l = gc_loop(g, a, greedy);
    return (Frag){a.i, l.head, l.tail, a.nullable};
}

static Frag gc_star(GProg *g, Frag a, bool greedy)
{
    if (a.nullable) return gc_quest(g, gc_plus(g, a, greedy), greedy);
    return gc_loop(g, a, greedy);
}

static Frag gc_node(GP *p, uint32_t k);

/* The op a node simplifies to for simplify1's idempotence test: x** is
 * x* when both have the same greediness (Go's Simplify). 0: none. */
static int rep_kind(const GNode *r)
{
    if (r->op != N_REP) return 0;
    if (r->min == 0 && r->max == -1) return '*';
    if (r->min == 1 && r->max == -1) return '+';
    if (r->min == 0 && r->max == 1) return '?';
    return 0;
}

/* The node a group or one-item sequence stands for: Go's parser keeps
 * neither (?:x) nor a one-item concatenation or alternation. */
static uint32_t gp_unwrap(const GP *p, uint32_t k)
{
    while (k && (p->nd[k].op == N_ALT || p->nd[k].op == N_CAT) && p->nd[k].sub && p->nd[k].sub == p->nd[k].last)
        k = p->nd[k].sub;
    return k;
}

/* Whether node k simplifies to Go's OpEmptyMatch. */
static bool gp_is_empty(const GP *p, uint32_t k)
{
    k = gp_unwrap(p, k);
    const GNode *nd = &p->nd[k];
    if (nd->op == N_EMPTY || ((nd->op == N_CAT || nd->op == N_ALT) && !nd->sub)) return true;
    if (nd->op == N_REP && nd->max == 0) return true;
    if (nd->op == N_REP && rep_kind(nd)) return gp_is_empty(p, nd->sub);
    return false;
}

/* x*, x+ or x? (kind) of node sub, after Go's simplify1: an empty match
 * repeated is itself, and x** is x* when both have the same greediness. */
static Frag gc_simple(GP *p, int kind, bool greedy, uint32_t sub)
{
    GProg *g = p->g;
    uint32_t u = gp_unwrap(p, sub);
    if (gp_is_empty(p, sub) || (rep_kind(&p->nd[u]) == kind && p->nd[u].greedy == greedy))
        return gc_node(p, sub);
    Frag a = gc_node(p, sub);
    if (kind == '*') return gc_star(g, a, greedy);
    if (kind == '+') return gc_plus(g, a, greedy);
    return gc_quest(g, a, greedy);
}

/* Go's Simplify of x{n,m}: x{0} is empty, x{n,} is n-1 copies and x+,
 * x{n,m} is n copies and nested (x(x)?)? for the rest. */
static Frag gc_rep(GP *p, const GNode *r)
{
    GProg *g = p->g;
    uint32_t sub = r->sub;
    int kind = rep_kind(r);
    if (kind) return gc_simple(p, kind, r->greedy, sub);
    if (r->min == 0 && r->max == 0) return gc_one(g, G_NOP, 0, true);
    if (r->max == -1) {
        Frag f = {0, 0, 0, true};
        bool first = true;
        for (int32_t i = 0; i < r->min - 1 && !g->bad; i++) {
            Frag x = gc_node(p, sub);
            f = first ? x : gc_cat(g, f, x);
            first = false;
        }
        Frag x = gc_simple(p, '+', r->greedy, sub);
        return first ? x : gc_cat(g, f, x);
    }
    if (r->min == 1 && r->max == 1) return gc_node(p, sub);
    Frag f = {0, 0, 0, true};
    bool first = true;
    for (int32_t i = 0; i < r->min && !g->bad; i++) {
        Frag x = gc_node(p, sub);
        f = first ? x : gc_cat(g, f, x);
        first = false;
    }
    if (r->max > r->min) {
        Frag suf = gc_simple(p, '?', r->greedy, sub);
        for (int32_t i = r->min + 1; i < r->max && !g->bad; i++)
            suf = gc_quest(g, gc_cat(g, gc_node(p, sub), suf), r->greedy);
        f = first ? suf : gc_cat(g, f, suf);
    }
    return f;
}

static Frag gc_node(GP *p, uint32_t k)
{
    GProg *g = p->g;
    if (!k || g->bad) { g->bad = true; return (Frag){0, 0, 0, false}; }
    const GNode *nd = &p->nd[k];
    switch (nd->op) {
    case N_RUNE: return gc_one(g, G_RUNE, nd->arg, false);
    case N_LEAF: return gc_one(g, G_LEAF, nd->arg, false);
    case N_ANY: return gc_one(g, G_ANY, 0, false);
    case N_ANYNL: return gc_one(g, G_ANYNL, 0, false);
    case N_ASSERT: return gc_one(g, G_EMPTY, nd->arg, true);
    case N_CAP: {
        uint32_t grp = nd->arg;
        Frag bra = gc_one(g, G_CAP, 2 * grp, true);
        Frag sub = nd->sub ? gc_node(p, nd->sub) : gc_one(g, G_NOP, 0, true);
        Frag ket = gc_one(g, G_CAP, 2 * grp + 1, true);
        return gc_cat(g, gc_cat(g, bra, sub), ket);
    }
    case N_CAT: {
        if (!nd->sub) return gc_one(g, G_NOP, 0, true);
        Frag f = {0, 0, 0, false};
        for (uint32_t c = nd->sub; c && !g->bad; c = p->nd[c].next)
            f = c == nd->sub ? gc_node(p, c) : gc_cat(g, f, gc_node(p, c));
        return f;
    }
    case N_ALT: {
        Frag f = {0, 0, 0, false};
        for (uint32_t c = nd->sub; c && !g->bad; c = p->nd[c].next)
            f = gc_alt(g, f, gc_node(p, c));
        return f;
    }
    case N_REP: return gc_rep(p, nd);
    default: return gc_one(g, G_NOP, 0, true);
    }
}

/* Builds Go's program for pattern pat (valid Go syntax); NULL when it
 * cannot (too large, out of memory): the caller keeps PCRE2. */
static GProg *gprog_build(Arena *a, const char *pat, size_t n, uint32_t groups)
{
    GProg *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    GP p = {pat, n, 0, a, NULL, 0, 0, 0, g};
    unsigned flags = 0;
    gc_inst(g, G_FAIL, 0);
    uint32_t root = gp_alt(&p, &flags, 0);
    if (!g->bad && (p.i != n || p.groups != groups)) g->bad = true;
    Frag f = gc_node(&p, root);
    uint32_t m = gc_inst(g, G_MATCH, 0);
    if (!g->bad && f.i) {
        pl_patch(g, f.head, m);
        g->start = f.i;
    } else {
        g->bad = true;
    }
    free(p.nd);
    g->ncap = 2 * (groups + 1);
    /* each rune-consuming instruction may hold a thread in both queues,
     * each with all the captures: keep that bounded, as Go's memory is
     * not (PCRE2 takes over beyond it) */
    size_t holders = 0;
    for (uint32_t i = 0; i < g->n; i++) holders += g->inst[i].op >= G_RUNE && g->inst[i].op <= G_ANYNL;
    if ((2 * holders + 2) * (size_t)g->ncap > G_MAX_CAPS) g->bad = true;
    if (!g->bad) g->md = pcre2_match_data_create(1, NULL);
    if (g->bad || !g->md) { gprog_free(g); return NULL; }
    return g;
}

/* ---- Go's Pike VM (regexp/pike.go), leftmost-first ---- */

typedef struct GEnt {
    uint32_t pc;
    int32_t t;                  /* thread (index into caps), -1: none */
} GEnt;

typedef struct GQueue {
    uint32_t *sparse;
    GEnt *dense;
    uint32_t n;
} GQueue;

typedef struct GStk {
    uint32_t pc;
    int32_t slot;               /* >= 0: restore cap[slot] = val */
    long val;
} GStk;

typedef struct GVM {
    GProg *g;
    GQueue q[2];
    GStk *stk;
    long *caps;                 /* thread t's captures at caps[t * ncap] */
    int32_t *freel;
    uint32_t nthreads, maxthreads, nfree;
    long *wcap, *matchcap;
    bool matched;
} GVM;

static void gvm_free(GVM *m)
{
    for (int i = 0; i < 2; i++) { free(m->q[i].sparse); free(m->q[i].dense); }
    free(m->stk);
    free(m->caps);
    free(m->freel);
    free(m->wcap);
    free(m->matchcap);
}

static int gvm_init(GVM *m, GProg *g)
{
    memset(m, 0, sizeof *m);
    m->g = g;
    size_t n = g->n;
    for (int i = 0; i < 2; i++) {
        m->q[i].sparse = calloc(n, sizeof *m->q[i].sparse);
        m->q[i].dense = malloc(n * sizeof *m->q[i].dense);
    }
    m->stk = malloc((2 * n + 2) * sizeof *m->stk);
    m->wcap = malloc(g->ncap * sizeof *m->wcap);
    m->matchcap = malloc(g->ncap * sizeof *m->matchcap);
    if (!m->q[0].sparse || !m->q[0].dense || !m->q[1].sparse || !m->q[1].dense || !m->stk || !m->wcap ||
        !m->matchcap) {
        gvm_free(m);
        return -1;
    }
    return 0;
}

static int32_t gvm_thread(GVM *m)
{
    if (m->nfree) return m->freel[--m->nfree];
    if (m->nthreads == m->maxthreads) {
        uint32_t cap = m->maxthreads ? m->maxthreads * 2 : 16;
        long *c = realloc(m->caps, (size_t)cap * m->g->ncap * sizeof *c);
        if (!c) return -1;
        m->caps = c;
        int32_t *f = realloc(m->freel, cap * sizeof *f);
        if (!f) return -1;
        m->freel = f;
        m->maxthreads = cap;
    }
    return (int32_t)m->nthreads++;
}

static bool go_word(int32_t r)
{
    return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_';
}

/* Go's EmptyOpContext: the empty-width flags between runes r1 and r2
 * (-1: the text's edge). */
static uint32_t go_context(int32_t r1, int32_t r2)
{
    uint32_t op = E_NOWORD;
    int b = 0;
    if (go_word(r1)) b = 1;
    else if (r1 == '\n') op |= E_BOL;
    else if (r1 < 0) op |= E_BOT | E_BOL;
    if (go_word(r2)) b ^= 1;
    else if (r2 == '\n') op |= E_EOL;
    else if (r2 < 0) op |= E_EOT | E_EOL;
    if (b) op ^= E_WORD | E_NOWORD;
    return op;
}

/* Go's unicode caseOrbit: SimpleFold's next rune for the orbits of more
 * than two runes (and the two that fold to nothing); sorted. */
static const uint32_t case_orbit[][2] = {
    {0x004B, 0x006B}, {0x0053, 0x0073}, {0x006B, 0x212A}, {0x0073, 0x017F}, {0x00B5, 0x039C},
    {0x00C5, 0x00E5}, {0x00DF, 0x1E9E}, {0x00E5, 0x212B}, {0x0130, 0x0130}, {0x0131, 0x0131},
    {0x017F, 0x0053}, {0x01C4, 0x01C5}, {0x01C5, 0x01C6}, {0x01C6, 0x01C4}, {0x01C7, 0x01C8},
    {0x01C8, 0x01C9}, {0x01C9, 0x01C7}, {0x01CA, 0x01CB}, {0x01CB, 0x01CC}, {0x01CC, 0x01CA},
    {0x01F1, 0x01F2}, {0x01F2, 0x01F3}, {0x01F3, 0x01F1}, {0x0345, 0x0399}, {0x0392, 0x03B2},
    {0x0395, 0x03B5}, {0x0398, 0x03B8}, {0x0399, 0x03B9}, {0x039A, 0x03BA}, {0x039C, 0x03BC},
    {0x03A0, 0x03C0}, {0x03A1, 0x03C1}, {0x03A3, 0x03C2}, {0x03A6, 0x03C6}, {0x03A9, 0x03C9},
    {0x03B2, 0x03D0}, {0x03B5, 0x03F5}, {0x03B8, 0x03D1}, {0x03B9, 0x1FBE}, {0x03BA, 0x03F0},
    {0x03BC, 0x00B5}, {0x03C0, 0x03D6}, {0x03C1, 0x03F1}, {0x03C2, 0x03C3}, {0x03C3, 0x03A3},
    {0x03C6, 0x03D5}, {0x03C9, 0x2126}, {0x03D0, 0x0392}, {0x03D1, 0x03F4}, {0x03D5, 0x03A6},
    {0x03D6, 0x03A0}, {0x03F0, 0x039A}, {0x03F1, 0x03A1}, {0x03F4, 0x0398}, {0x03F5, 0x0395},
    {0x0412, 0x0432}, {0x0414, 0x0434}, {0x041E, 0x043E}, {0x0421, 0x0441}, {0x0422, 0x0442},
    {0x042A, 0x044A}, {0x0432, 0x1C80}, {0x0434, 0x1C81}, {0x043E, 0x1C82}, {0x0441, 0x1C83},
    {0x0442, 0x1C84}, {0x044A, 0x1C86}, {0x0462, 0x0463}, {0x0463, 0x1C87}, {0x1C80, 0x0412},
    {0x1C81, 0x0414}, {0x1C82, 0x041E}, {0x1C83, 0x0421}, {0x1C84, 0x1C85}, {0x1C85, 0x0422},
    {0x1C86, 0x042A}, {0x1C87, 0x0462}, {0x1C88, 0xA64A}, {0x1E60, 0x1E61}, {0x1E61, 0x1E9B},
    {0x1E9B, 0x1E60}, {0x1E9E, 0x00DF}, {0x1FBE, 0x0345}, {0x2126, 0x03A9}, {0x212A, 0x004B},
    {0x212B, 0x00C5}, {0xA64A, 0xA64B}, {0xA64B, 0x1C88},
};

/* The runes r folds to under (?i), r first, as Go's repeated
 * unicode.SimpleFold: the orbit table, else r's other case. */
static int go_orbit(SprigUC *u, int32_t r, int32_t *out)
{
    size_t lo = 0, hi = sizeof case_orbit / sizeof *case_orbit;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (case_orbit[mid][0] < (uint32_t)r) lo = mid + 1;
        else hi = mid;
    }
    int n = 0;
    out[n++] = r;
    if (lo < sizeof case_orbit / sizeof *case_orbit && case_orbit[lo][0] == (uint32_t)r) {
        uint32_t c = case_orbit[lo][1];
        while (c != (uint32_t)r && n < 8) {
            out[n++] = (int32_t)c;
            size_t a = 0, b = sizeof case_orbit / sizeof *case_orbit;
            while (a < b) {
                size_t m = (a + b) / 2;
                if (case_orbit[m][0] < c) a = m + 1;
                else b = m;
            }
            if (a >= sizeof case_orbit / sizeof *case_orbit || case_orbit[a][0] != c) break;
            c = case_orbit[a][1];
        }
        return n;
    }
    int32_t o = sprig_to_lower(u, r);
    if (o == r) o = sprig_to_upper(u, r);
    if (o != r) out[n++] = o;
    return n;
}

static bool item_has(GProg *g, const GItem *it, int32_t c)
{
    switch (it->kind) {
    case 'r': return c >= it->lo && c <= it->hi;
    case 'b': return c < 0x80 && (it->bits[c >> 5] & (1u << (c & 31)));
    default: {
        char buf[4];
        size_t n = sprig_utf8_encode(buf, c);
        return pcre2_match(it->code, (PCRE2_SPTR)buf, n, 0, 0, g->md, NULL) >= 0;
    }
    }
}

/* Go's class membership (see leaf_items). */
static bool items_match(GProg *g, const GLeaf *l, int32_t r)
{
    int32_t orb[8];
    int no = 1;
    orb[0] = r;
    if (l->fold) no = go_orbit(&g->uc, r, orb);
    for (uint32_t k = 0; k < l->nitems; k++) {
        const GItem *it = &l->items[k];
        bool any = false;
        for (int j = 0; j < (it->nofold ? 1 : no) && !any; j++) any = item_has(g, it, orb[j]);
        if (any != it->neg) return !l->neg;
    }
    return l->neg;
}

static bool leaf_match(GProg *g, uint32_t k, int32_t r)
{
    GLeaf *l = &g->leaf[k];
    uint32_t w = (uint32_t)r >> 5, bit = 1u << (r & 31);
    if (r < 0x80 && (l->known[w] & bit)) return (l->yes[w] & bit) != 0;
    if (l->itemized) {
        bool yes = items_match(g, l, r);
        if (r < 0x80) {
            l->known[w] |= bit;
            if (yes) l->yes[w] |= bit;
        }
        return yes;
    }
    if (!l->text) return l->nonascii;
    if (!l->code) {
        int ec;
        PCRE2_SIZE eo;
        l->code = pcre2_compile((PCRE2_SPTR)l->text->s, l->text->len, PCRE2_UTF | PCRE2_ANCHORED, &ec, &eo, NULL);
        if (!l->code) {
            /* the translator's text compiled as part of the whole pattern
             * before; never seen alone, but answer rather than crash */
            l->text = NULL;
            l->nonascii = false;
            return false;
        }
    }
    char buf[4];
    size_t n = sprig_utf8_encode(buf, r);
    int rc = pcre2_match(l->code, (PCRE2_SPTR)buf, n, 0, 0, g->md, NULL);
    bool yes = rc >= 0 && pcre2_get_ovector_pointer(g->md)[1] == n;
    if (r < 0x80) {
        l->known[w] |= bit;
        if (yes) l->yes[w] |= bit;
    }
    return yes;
}

/* Go's machine.add: follows the empty-width instructions from pc in
 * priority order, each at most once per queue, and makes a thread (with
 * a copy of cap) for every instruction that consumes a rune or matches.
 * -1: out of memory. */
static int gvm_add(GVM *m, GQueue *q, uint32_t pc0, long pos, long *cap, uint32_t cond)
{
    const GProg *g = m->g;
    size_t sp = 0;
    m->stk[sp++] = (GStk){pc0, -1, 0};
    while (sp) {
        GStk e = m->stk[--sp];
        if (e.slot >= 0) { cap[e.slot] = e.val; continue; }
        uint32_t pc = e.pc;
        if (pc == 0) continue;
        uint32_t j = q->sparse[pc];
        if (j < q->n && q->dense[j].pc == pc) continue;
        j = q->n++;
        q->sparse[pc] = j;
        q->dense[j] = (GEnt){pc, -1};
        const GInst *in = &g->inst[pc];
        switch (in->op) {
        case G_FAIL: break;
        case G_ALT:
            m->stk[sp++] = (GStk){in->arg, -1, 0};
            m->stk[sp++] = (GStk){in->out, -1, 0};
            break;
        case G_NOP: m->stk[sp++] = (GStk){in->out, -1, 0}; break;
        case G_EMPTY:
            if ((in->arg & ~cond) == 0) m->stk[sp++] = (GStk){in->out, -1, 0};
            break;
        case G_CAP:
            if (in->arg < g->ncap) {
                m->stk[sp++] = (GStk){0, (int32_t)in->arg, cap[in->arg]};
                cap[in->arg] = pos;
            }
            m->stk[sp++] = (GStk){in->out, -1, 0};
            break;
        default: {
            int32_t t = gvm_thread(m);
            if (t < 0) return -1;
            memcpy(m->caps + (size_t)t * g->ncap, cap, g->ncap * sizeof *cap);
            q->dense[j].t = t;
        }
        }
    }
    return 0;
}

/* Go's machine.step: runs the threads of rq on rune c at pos (c -1: end
 * of text), adding survivors to nq at npos. */
static int gvm_step(GVM *m, GQueue *rq, GQueue *nq, long pos, long npos, int32_t c, uint32_t ncond)
{
    GProg *g = m->g;
    for (uint32_t j = 0; j < rq->n; j++) {
        int32_t t = rq->dense[j].t;
        if (t < 0) continue;
        const GInst *in = &g->inst[rq->dense[j].pc];
        long *tc = m->caps + (size_t)t * g->ncap;
        bool add = false;
        switch (in->op) {
        case G_MATCH:
            memcpy(m->matchcap, tc, g->ncap * sizeof *tc);
            m->matchcap[1] = pos;
            /* leftmost-first: the threads after this one lose */
            for (uint32_t k = j; k < rq->n; k++)
                if (rq->dense[k].t >= 0) m->freel[m->nfree++] = rq->dense[k].t;
            rq->n = 0;
            m->matched = true;
            return 0;
        case G_RUNE: add = c == (int32_t)in->arg; break;
        case G_LEAF: add = c >= 0 && leaf_match(g, in->arg, c); break;
        case G_ANY: add = c >= 0; break;
        case G_ANYNL: add = c >= 0 && c != '\n'; break;
        }
        if (add) {
            memcpy(m->wcap, tc, g->ncap * sizeof *tc);
            if (gvm_add(m, nq, in->out, npos, m->wcap, ncond) < 0) return -1;
        }
        m->freel[m->nfree++] = t;
    }
    rq->n = 0;
    return 0;
}

static void go_rune_at(const char *s, size_t len, size_t pos, int32_t *r, size_t *w)
{
    if (pos >= len) { *r = -1; *w = 0; return; }
    *w = sprig_utf8_decode(s + pos, len - pos, r);
}

/* Go's machine.match from pos: 1 and cap filled (-1: unset), 0 no match,
 * -1 out of memory. */
static int gvm_match(GVM *m, const char *s, size_t len, size_t pos, long *cap)
{
    GProg *g = m->g;
    m->matched = false;
    m->nthreads = m->nfree = 0;
    for (uint32_t i = 0; i < g->ncap; i++) m->matchcap[i] = -1;
    GQueue *rq = &m->q[0], *nq = &m->q[1];
    rq->n = nq->n = 0;
    int32_t r, r1 = -1;
    size_t w, w1 = 0;
    go_rune_at(s, len, pos, &r, &w);
    if (r >= 0) go_rune_at(s, len, pos + w, &r1, &w1);
    /* the rune before pos: only '\n' and ASCII word characters matter */
    int32_t before = pos == 0 ? -1 : (unsigned char)s[pos - 1] < 0x80 ? s[pos - 1] : SPRIG_RUNE_ERROR;
    uint32_t flag = go_context(before, r);
    for (;;) {
        if (rq->n == 0 && m->matched) break;
        if (!m->matched) {
            for (uint32_t i = 0; i < g->ncap; i++) m->wcap[i] = -1;
            m->wcap[0] = (long)pos;
            if (gvm_add(m, rq, g->start, (long)pos, m->wcap, flag) < 0) return -1;
        }
        flag = go_context(r, r1);
        if (gvm_step(m, rq, nq, (long)pos, (long)(pos + w), r, flag) < 0) return -1;
        if (w == 0) break;
        pos += w;
        r = r1;
        w = w1;
        if (r >= 0) go_rune_at(s, len, pos + w, &r1, &w1);
        GQueue *tq = rq;
        rq = nq;
        nq = tq;
    }
    if (!m->matched) return 0;
    memcpy(cap, m->matchcap, g->ncap * sizeof *cap);
    return 1;
}

/* A compiled program with its machine, kept for the searches of one call. */
typedef struct GRun {
    GProg *prog;
    GVM vm;
    long *cap;
} GRun;

static void grun_free(GRun *r)
{
    if (!r) return;
    gvm_free(&r->vm);
    gprog_free(r->prog);
    free(r->cap);
    free(r);
}

static GRun *grun_new(Arena *a, const char *pat, size_t n, uint32_t groups)
{
    GProg *g = gprog_build(a, pat, n, groups);
    if (!g) return NULL;
    GRun *r = calloc(1, sizeof *r);
    if (!r) { gprog_free(g); return NULL; }
    r->prog = g;
    r->cap = malloc(g->ncap * sizeof *r->cap);
    if (!r->cap || gvm_init(&r->vm, g) < 0) {
        free(r->cap);
        gprog_free(g);
        free(r);
        return NULL;
    }
    return r;
}

static void rx_free(Rx *rx)
{
    if (rx->md) pcre2_match_data_free(rx->md);
    if (rx->code) pcre2_code_free(rx->code);
    if (rx->dfa) pcre2_code_free(rx->dfa);
    grun_free(rx->go);
    rx->go = NULL;
    rx->md = NULL;
    rx->code = NULL;
    rx->dfa = NULL;
}

/* Compiles Go pattern pat; on failure err holds Go's error text. */
static int rx_compile(Arena *a, Str *pat, Rx *rx, Buf *err)
{
    memset(rx, 0, sizeof *rx);
    Tr t = {pat->s, pat->len, 0, BUF_INIT, err, a, 0, NULL, 0};
    if (translate(&t) < 0) { buf_free(&t.out); return -1; }
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (cc) pcre2_set_parens_nest_limit(cc, GO_MAX_DEPTH + 10);
    int ec;
    PCRE2_SIZE eo;
    rx->ngroups = t.ngroups;
    rx->names = t.names;
    rx->a = a;
    rx->go = grun_new(a, pat->s, pat->len, t.ngroups);
    if (rx->go) {
        if (cc) pcre2_compile_context_free(cc);
        buf_free(&t.out);
        return 0;
    }
    rx->code = pcre2_compile((PCRE2_SPTR)(t.out.data ? t.out.data : ""), t.out.len,
                             PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY, &ec, &eo, cc);
    if (cc) pcre2_compile_context_free(cc);
    rx->pcre_pat = str_new(a, t.out.data ? t.out.data : "", t.out.len);
    buf_free(&t.out);
    if (!rx->code) {
        buf_printf(err, "error parsing regexp: expression too large: `%s`", pat->s);
        return -1;
    }
    rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
    if (!rx->md) { rx_free(rx); buf_adds(err, "out of memory"); return -1; }
    return 0;
}

int sprig_regex_check(const char *pat, size_t n, Buf *err)
{
    Arena a;
    arena_init(&a);
    Str *s = str_new(&a, pat, n);
    Rx rx;
    int r = -1;
    if (!s) buf_adds(err, "out of memory");
    else if ((r = rx_compile(&a, s, &rx, err)) == 0) rx_free(&rx);
    arena_free(&a);
    return r;
}

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t r;
        size_t w = sprig_utf8_decode(s + i, n - i, &r);
        if (r == SPRIG_RUNE_ERROR && w == 1) return false;
        i += w;
    }
    return true;
}

/* pcre2_dfa_match from pos: 1 and *start = where the leftmost matches
 * begin, 0 = no match anywhere, -1 = cannot tell (invalid UTF-8 subject,
 * which the DFA matcher refuses; resource limits). */
static int rx_dfa(Rx *rx, pcre2_match_context *mc, const char *s, size_t n, size_t pos, size_t *start)
{
    if (!rx->pcre_pat || !valid_utf8(s, n)) return -1;
    if (!rx->dfa) {
        int ec;
        PCRE2_SIZE eo;
        rx->dfa = pcre2_compile((PCRE2_SPTR)rx->pcre_pat->s, rx->pcre_pat->len,
                                PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &ec, &eo, NULL);
        if (!rx->dfa) return -1;
    }
    int ws[4096];
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md) return -1;
    int r = pcre2_dfa_match(rx->dfa, (PCRE2_SPTR)s, n, pos, 0, md, mc, ws, sizeof ws / sizeof *ws);
    if (r >= 0) *start = pcre2_get_ovector_pointer(md)[0];
    pcre2_match_data_free(md);
    if (r == PCRE2_ERROR_NOMATCH) return 0;
    return r >= 0 ? 1 : -1;
}

/* Go's regexp reads an invalid UTF-8 byte as utf8.RuneError (U+FFFD)
 * of width 1, so `.` matches it (regexFindAll "." "h\xffé" gives three
 * matches in helm) where PCRE2 skips invalid sequences.  The subject is
 * matched as a copy with each such byte replaced by U+FFFD; offsets are
 * mapped back.  0, or -1 out of memory. */
static int rx_subject(Rx *rx, const char *s, size_t n)
{
    if (rx->subj == s && rx->subj_n == n) return 0;
    rx->subj = s;
    rx->subj_n = n;
    rx->t = NULL;
    if (valid_utf8(s, n)) return 0;
    size_t bad = 0;
    for (size_t i = 0; i < n;) {
        int32_t r;
        size_t w = sprig_utf8_decode(s + i, n - i, &r);
        if (r == SPRIG_RUNE_ERROR && w == 1) bad++;
        i += w;
    }
    size_t tn = n + 2 * bad;
    char *t = arena_alloc(rx->a, tn + 1);
    size_t *to_orig = arena_alloc(rx->a, (tn + 1) * sizeof *to_orig);
    size_t *to_t = arena_alloc(rx->a, (n + 1) * sizeof *to_t);
    if (!t || !to_orig || !to_t) { rx->subj = NULL; return -1; }
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        int32_t r;
        size_t w = sprig_utf8_decode(s + i, n - i, &r);
        bool err = r == SPRIG_RUNE_ERROR && w == 1;
        size_t tw = err ? 3 : w;
        for (size_t k = 0; k < w; k++) to_t[i + k] = j;
        for (size_t k = 0; k < tw; k++) to_orig[j + k] = i;
        if (err) memcpy(t + j, "\xEF\xBF\xBD", 3);
        else memcpy(t + j, s + i, w);
        i += w;
        j += tw;
    }
    to_t[n] = tn;
    to_orig[tn] = n;
    t[tn] = 0;
    rx->t = t;
    rx->tn = tn;
    rx->to_orig = to_orig;
    rx->to_t = to_t;
    return 0;
}

/* One search from pos; 1 = match (ov filled), 0 = none, -1 = error.
 *
 * Go's RE2 runs in linear time where backtracking explodes: `(a+)+$` on
 * "aaa...b" is simply false in helm.  When PCRE2 hits its match limit the
 * DFA matcher (linear here) tells whether and where the leftmost match
 * starts; leftmost-first matching starts at the same place, so a
 * backtracking match anchored there gives Go's match, captures included,
 * and is quick: the explosion was in the start positions that fail. */
static int rx_exec(Rx *rx, pcre2_match_context *mc, const char *s, size_t n, size_t pos, PCRE2_SIZE **ov)
{
    if (rx->go) {
        GRun *g = rx->go;
        int r = gvm_match(&g->vm, s, n, pos, g->cap);
        if (r <= 0) return r;
        uint32_t k = g->prog->ncap;
        if (!rx->ovb) rx->ovb = arena_alloc(rx->a, k * sizeof *rx->ovb);
        if (!rx->ovb) return -1;
        for (uint32_t i = 0; i < k; i++) rx->ovb[i] = g->cap[i] < 0 ? PCRE2_UNSET : (PCRE2_SIZE)g->cap[i];
        *ov = rx->ovb;
        return 1;
    }
    if (rx_subject(rx, s, n) < 0) return -1;
    if (rx->t) {
        s = rx->t;
        pos = rx->to_t[pos];
        n = rx->tn;
    }
    int r = pcre2_match(rx->code, (PCRE2_SPTR)s, n, pos, 0, rx->md, mc);
    if (r == PCRE2_ERROR_MATCHLIMIT || r == PCRE2_ERROR_DEPTHLIMIT || r == PCRE2_ERROR_HEAPLIMIT) {
        size_t start;
        int d = rx_dfa(rx, mc, s, n, pos, &start);
        if (d <= 0) return d;
        r = pcre2_match(rx->code, (PCRE2_SPTR)s, n, start, PCRE2_ANCHORED, rx->md, mc);
    }
    if (r == PCRE2_ERROR_NOMATCH) return 0;
    if (r < 0) return -1;
    *ov = pcre2_get_ovector_pointer(rx->md);
    if (rx->t) {
        uint32_t k = 2 * pcre2_get_ovector_count(rx->md);
        if (!rx->ovb) rx->ovb = arena_alloc(rx->a, k * sizeof *rx->ovb);
        if (!rx->ovb) return -1;
        for (uint32_t i = 0; i < k; i++)
            rx->ovb[i] = (*ov)[i] == PCRE2_UNSET ? PCRE2_UNSET : rx->to_orig[(*ov)[i]];
        *ov = rx->ovb;
    }
    return 1;
}

typedef struct Cx {
    FnCall *c;
    Rx rx;
    pcre2_match_context *mc;
} Cx;

static void quote_pattern(Buf *b, Str *pat)
{
    /* regexp.MustCompile's quote(): backquoted when strconv.CanBackquote. */
    bool can = true;
    for (size_t i = 0; i < pat->len && can; ) {
        int32_t r;
        size_t w = sprig_utf8_decode(pat->s + i, pat->len - i, &r);
        if ((r == SPRIG_RUNE_ERROR && w == 1) || r == '`' || r == 0xFEFF || (r < ' ' && r != '\t') || r == 0x7F)
            can = false;
        i += w;
    }
    if (can) { buf_addc(b, '`'); buf_add(b, pat->s, pat->len); buf_addc(b, '`'); }
    else fmt_quote(b, pat->s, pat->len);
}

/* must: error as returned; !must: MustCompile's panic text; quiet: no
 * error at all (regexMatch answers false). */
static int cx_open(Cx *x, FnCall *c, Str *pat, bool must, bool quiet)
{
    x->c = c;
    x->mc = NULL;
    Buf err = BUF_INIT;
    if (rx_compile(fn_arena(c), pat, &x->rx, &err) < 0) {
        if (quiet) { buf_free(&err); return -1; }
        Buf m = BUF_INIT;
        if (!must) {
            buf_adds(&m, "regexp: Compile(");
            quote_pattern(&m, pat);
            buf_adds(&m, "): ");
        }
        buf_add(&m, err.data ? err.data : "", err.len);
        fn_error(c, "%s", m.data ? m.data : "");
        buf_free(&m);
        buf_free(&err);
        return -1;
    }
    buf_free(&err);
    x->mc = pcre2_match_context_create(NULL);
    if (x->mc) pcre2_set_match_limit(x->mc, MATCH_LIMIT);
    return 0;
}

static void cx_close(Cx *x)
{
    rx_free(&x->rx);
    if (x->mc) pcre2_match_context_free(x->mc);
    x->mc = NULL;
}

static int cx_fail(Cx *x)
{
    cx_close(x);
    return fn_error(x->c, "regexp: match limit exceeded");
}

/* Go's allMatches: calls f(start, end, ov) for up to n matches (n < 0: all). */
typedef int (*MatchFn)(void *ud, Rx *rx, PCRE2_SIZE *ov);

static int all_matches(Cx *x, const char *s, size_t len, int64_t n, MatchFn f, void *ud)
{
    if (n < 0) n = (int64_t)len + 1;
    long prev_end = -1;
    size_t pos = 0;
    for (int64_t i = 0; i < n && pos <= len;) {
        PCRE2_SIZE *ov;
        int r = rx_exec(&x->rx, x->mc, s, len, pos, &ov);
        if (r < 0) return -1;
        if (r == 0) break;
        bool accept = true;
        size_t ms = ov[0], me = ov[1];
        if (me == pos) {
            if ((long)ms == prev_end) accept = false;
            if (pos < len) {
                int32_t rr;
                pos += sprig_utf8_decode(s + pos, len - pos, &rr);
            } else {
                pos = len + 1;
            }
        } else {
            pos = me;
        }
        prev_end = (long)me;
        if (accept) {
            if (f(ud, &x->rx, ov) < 0) return -2;
            i++;
        }
    }
    return 0;
}

typedef struct Collect {
    FnCall *c;
    const char *s;
    List *l;
} Collect;

static int collect_str(void *ud, Rx *rx, PCRE2_SIZE *ov)
{
    Collect *k = ud;
    Arena *a = fn_arena(k->c);
    Str *s = str_new(a, k->s + ov[0], ov[1] - ov[0]);
    if (!s || !list_push(a, k->l, val_str(s))) return -1;
    return 0;
}

static int collect_idx(void *ud, Rx *rx, PCRE2_SIZE *ov)
{
    Collect *k = ud;
    Value v = val_int((int64_t)ov[0]);
    Value w = val_int((int64_t)ov[1]);
    Arena *a = fn_arena(k->c);
    return (list_push(a, k->l, v) && list_push(a, k->l, w)) ? 0 : -1;
}

static int ret_strlist(Value *out, List *l)
{
    *out = val_list(l);
    out->gtype = GT_LIST_STRING;
    return 0;
}

static int regex_match(FnCall *c, int argc, Value *argv, Value *out, bool must)
{
    Cx x;
    if (cx_open(&x, c, argv[0].u.s, true, !must) < 0) {
        if (must) return -1;
        *out = val_bool(false);
        return 0;
    }
    PCRE2_SIZE *ov;
    int r = rx_exec(&x.rx, x.mc, argv[1].u.s->s, argv[1].u.s->len, 0, &ov);
    if (r < 0) return cx_fail(&x);
    cx_close(&x);
    *out = val_bool(r == 1);
    return 0;
}

static int f_regexmatch(FnCall *c, int argc, Value *argv, Value *out) { return regex_match(c, argc, argv, out, false); }
static int f_mustregexmatch(FnCall *c, int argc, Value *argv, Value *out) { return regex_match(c, argc, argv, out, true); }

static int regex_findall(FnCall *c, int argc, Value *argv, Value *out, bool must)
{
    Cx x;
    if (cx_open(&x, c, argv[0].u.s, must, false) < 0) return -1;
    Collect k = {c, argv[1].u.s->s, sprig_new_list(c, 0)};
    if (!k.l) { cx_close(&x); return -1; }
    int r = all_matches(&x, argv[1].u.s->s, argv[1].u.s->len, argv[2].u.i, collect_str, &k);
    if (r == -1) return cx_fail(&x);
    cx_close(&x);
    if (r < 0) return fn_error(c, "out of memory");
    /* FindAllString returns a nil slice when nothing matches (toJson: null) */
    if (!k.l->len) k.l->flags |= LIST_NIL;
    return ret_strlist(out, k.l);
}

static int f_regexfindall(FnCall *c, int argc, Value *argv, Value *out) { return regex_findall(c, argc, argv, out, false); }
static int f_mustregexfindall(FnCall *c, int argc, Value *argv, Value *out) { return regex_findall(c, argc, argv, out, true); }

static int regex_find(FnCall *c, int argc, Value *argv, Value *out, bool must)
{
    Cx x;
    if (cx_open(&x, c, argv[0].u.s, must, false) < 0) return -1;
    PCRE2_SIZE *ov;
    int r = rx_exec(&x.rx, x.mc, argv[1].u.s->s, argv[1].u.s->len, 0, &ov);
    if (r < 0) return cx_fail(&x);
    size_t a = r ? ov[0] : 0, e = r ? ov[1] : 0;
    cx_close(&x);
    return sprig_ret_str(c, out, argv[1].u.s->s + a, e - a);
}

static int f_regexfind(FnCall *c, int argc, Value *argv, Value *out) { return regex_find(c, argc, argv, out, false); }
static int f_mustregexfind(FnCall *c, int argc, Value *argv, Value *out) { return regex_find(c, argc, argv, out, true); }

/* Go's extract(): a group name or number after '$'. */
static bool expand_name(const char *s, size_t n, size_t *name_at, size_t *name_len, size_t *used, long *num)
{
    if (n == 0) return false;
    bool brace = s[0] == '{';
    size_t i = brace ? 1 : 0, st = i;
    SprigUC u = {0};
    while (i < n) {
        int32_t r;
        size_t w = sprig_utf8_decode(s + i, n - i, &r);
        if (!sprig_is_letter(&u, r) && !sprig_is_digit(&u, r) && r != '_') break;
        i += w;
    }
    sprig_uc_close(&u);
    if (i == st) return false;
    *name_at = st;
    *name_len = i - st;
    if (brace) {
        if (i >= n || s[i] != '}') return false;
        i++;
    }
    long v = 0;
    for (size_t k = st; k < st + *name_len; k++) {
        if (s[k] < '0' || s[k] > '9' || v >= 100000000) { v = -1; break; }
        v = v * 10 + (s[k] - '0');
    }
    if (s[st] == '0' && *name_len > 1) v = -1;
    *num = v;
    *used = i;
    return true;
}

/* Regexp.Expand of template tp for the match in ov. */
static void expand(Buf *b, Rx *rx, const char *tp, size_t tn, const char *src, PCRE2_SIZE *ov)
{
    size_t i = 0;
    while (i < tn) {
        const char *d = memchr(tp + i, '$', tn - i);
        if (!d) break;
        size_t at = (size_t)(d - tp);
        buf_add(b, tp + i, at - i);
        i = at + 1;
        if (i < tn && tp[i] == '$') { buf_addc(b, '$'); i++; continue; }
        size_t ns, nl, used;
        long num;
        if (!expand_name(tp + i, tn - i, &ns, &nl, &used, &num)) { buf_addc(b, '$'); continue; }
        const char *name = tp + i + ns;
        i += used;
        if (num >= 0) {
            if ((uint32_t)num <= rx->ngroups && ov[2 * num] != PCRE2_UNSET)
                buf_add(b, src + ov[2 * num], ov[2 * num + 1] - ov[2 * num]);
        } else {
            for (uint32_t g = 1; g <= rx->ngroups; g++) {
                Str *gn = rx->names ? rx->names[g] : NULL;
                /* Go takes the first group of that name that took part
                 * in the match: names may repeat */
                if (gn && gn->len == nl && memcmp(gn->s, name, nl) == 0 && ov[2 * g] != PCRE2_UNSET) {
                    buf_add(b, src + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
                    break;
                }
            }
        }
    }
    buf_add(b, tp + i, tn - i);
}

/* Go's replaceAll loop. */
static int replace_all(Cx *x, Buf *b, Str *src, Str *repl, bool literal)
{
    const char *s = src->s;
    size_t len = src->len, last = 0, pos = 0;
    while (pos <= len) {
        PCRE2_SIZE *ov;
        int r = rx_exec(&x->rx, x->mc, s, len, pos, &ov);
        if (r < 0) return -1;
        if (r == 0) break;
        size_t ms = ov[0], me = ov[1];
        buf_add(b, s + last, ms - last);
        if (me > last || ms == 0) {
            if (literal) buf_add(b, repl->s, repl->len);
            else expand(b, &x->rx, repl->s, repl->len, s, ov);
        }
        last = me;
        size_t w = 0;
        if (pos < len) {
            int32_t rr;
            w = sprig_utf8_decode(s + pos, len - pos, &rr);
        }
        if (pos + w > me) pos += w;
        else if (pos + 1 > me) pos++;
        else pos = me;
        if (b->len > SPRIG_MAX_RESULT) return -2;
    }
    buf_add(b, s + last, len - last);
    return 0;
}

static int regex_replace(FnCall *c, int argc, Value *argv, Value *out, bool must, bool literal)
{
    Cx x;
    if (cx_open(&x, c, argv[0].u.s, must, false) < 0) return -1;
    Buf b = BUF_INIT;
    int r = replace_all(&x, &b, argv[1].u.s, argv[2].u.s, literal);
    if (r == -1) { buf_free(&b); return cx_fail(&x); }
    cx_close(&x);
    if (r < 0) { buf_free(&b); return fn_error(c, "out of memory"); }
    return sprig_ret_buf(c, out, &b);
}

static int f_regexreplaceall(FnCall *c, int argc, Value *argv, Value *out) { return regex_replace(c, argc, argv, out, false, false); }
static int f_mustregexreplaceall(FnCall *c, int argc, Value *argv, Value *out) { return regex_replace(c, argc, argv, out, true, false); }
static int f_regexreplaceliteral(FnCall *c, int argc, Value *argv, Value *out) { return regex_replace(c, argc, argv, out, false, true); }
static int f_mustregexreplaceliteral(FnCall *c, int argc, Value *argv, Value *out) { return regex_replace(c, argc, argv, out, true, true); }

/* Regexp.Split */
static int regex_split(FnCall *c, int argc, Value *argv, Value *out, bool must)
{
    Cx x;
    if (cx_open(&x, c, argv[0].u.s, must, false) < 0) return -1;
    Str *src = argv[1].u.s;
    int64_t n = argv[2].u.i;
    Arena *a = fn_arena(c);
    List *res = sprig_new_list(c, 0);
    if (!res) { cx_close(&x); return -1; }
    if (n == 0) {
        cx_close(&x);
        res->flags |= LIST_NIL;
        return ret_strlist(out, res);
    }
    if (argv[0].u.s->len > 0 && src->len == 0) {
        cx_close(&x);
        if (!list_push(a, res, val_str(str_empty()))) return fn_error(c, "out of memory");
        return ret_strlist(out, res);
    }
    Collect k = {c, src->s, sprig_new_list(c, 0)};
    if (!k.l) { cx_close(&x); return -1; }
    int r = all_matches(&x, src->s, src->len, n, collect_idx, &k);
    if (r == -1) return cx_fail(&x);
    cx_close(&x);
    if (r < 0) return fn_error(c, "out of memory");
    size_t beg = 0, end = 0;
    for (uint32_t i = 0; i + 1 < k.l->len; i += 2) {
        if (n > 0 && (int64_t)res->len == n - 1) break;
        end = (size_t)k.l->items[i].u.i;
        size_t me = (size_t)k.l->items[i + 1].u.i;
        if (me != 0 && !list_push(a, res, val_strn(a, src->s + beg, end - beg))) return fn_error(c, "out of memory");
        beg = me;
    }
    if (end != src->len && !list_push(a, res, val_strn(a, src->s + beg, src->len - beg)))
        return fn_error(c, "out of memory");
    return ret_strlist(out, res);
}

static int f_regexsplit(FnCall *c, int argc, Value *argv, Value *out) { return regex_split(c, argc, argv, out, false); }
static int f_mustregexsplit(FnCall *c, int argc, Value *argv, Value *out) { return regex_split(c, argc, argv, out, true); }

/* regexp.QuoteMeta */
static int f_regexquotemeta(FnCall *c, int argc, Value *argv, Value *out)
{
    Str *s = argv[0].u.s;
    Buf b = BUF_INIT;
    for (size_t i = 0; i < s->len; i++) {
        if (strchr("\\.+*?()|[]{}^$", s->s[i]) && s->s[i]) buf_addc(&b, '\\');
        buf_addc(&b, s->s[i]);
    }
    return sprig_ret_buf(c, out, &b);
}

const FnDef fn_regex_table[] = {
    {"regexMatch", f_regexmatch, "ss", 0},
    {"mustRegexMatch", f_mustregexmatch, "ss", 0},
    {"regexFindAll", f_regexfindall, "ssi", 0},
    {"mustRegexFindAll", f_mustregexfindall, "ssi", 0},
    {"regexFind", f_regexfind, "ss", 0},
    {"mustRegexFind", f_mustregexfind, "ss", 0},
    {"regexReplaceAll", f_regexreplaceall, "sss", 0},
    {"mustRegexReplaceAll", f_mustregexreplaceall, "sss", 0},
    {"regexReplaceAllLiteral", f_regexreplaceliteral, "sss", 0},
    {"mustRegexReplaceAllLiteral", f_mustregexreplaceliteral, "sss", 0},
    {"regexSplit", f_regexsplit, "ssi", 0},
    {"mustRegexSplit", f_mustregexsplit, "ssi", 0},
    {"regexQuoteMeta", f_regexquotemeta, "s", 0},
};
const size_t fn_regex_count = sizeof fn_regex_table / sizeof fn_regex_table[0];
