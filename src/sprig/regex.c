/*
 * regex.c - Sprig's regex functions (group "regex") on PCRE2, with Go's
 * RE2 syntax and semantics.
 *
 * Go's regexp syntax is checked and translated here before PCRE2 sees it,
 * so that what Go rejects fails with Go's exact message ("error parsing
 * regexp: invalid nested repetition operator: `**`"), and what PCRE2 reads
 * differently is rewritten: octal/hex/\v escapes become \x{..}, \s is
 * Go's [\t\n\f\r ], named groups become plain groups (names are kept here,
 * Go allows names PCRE2 does not), assertions are wrapped so they can be
 * repeated (Go accepts ^*), and $ matches only at the very end
 * (DOLLAR_ENDONLY) as Go's OneLine flag does.  Leftmost-first matching is
 * what PCRE2's backtracking gives; where backtracking explodes (Go's RE2
 * is linear), the DFA matcher finds the match's start (rx_exec).  Invalid
 * UTF-8 bytes in a subject match as U+FFFD, as in Go.  A loop over a
 * group that is itself one single-character loop ((a+)+, (a*)*) becomes
 * the single loop RE2 makes of it (see translate).  Known difference:
 * PCRE2 lets any other starred group that can match empty take one more,
 * empty, iteration, where Go drops it: `(a*|b)*` on "ab" captures "" and
 * matches "a" in chartc, "b" and "ab" in helm.  Iteration
 * over matches (FindAll, ReplaceAll, Split) and $1/${name} expansion
 * follow Go's regexp code, including its handling of empty matches next
 * to previous ones.
 *
 * The non-must functions panic in Sprig (regexp.MustCompile), whose text
 * wraps the same error as "regexp: Compile(`PAT`): ..."; regexMatch
 * swallows the error and answers false.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
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
    bool ok = nn > 0 && nn < 64;
    for (size_t k = 0; k < nn && ok; k++)
        ok = (name[k] >= 'a' && name[k] <= 'z') || (name[k] >= 'A' && name[k] <= 'Z') || name[k] == '_';
    if (ok && !(name[0] >= 'A' && name[0] <= 'Z')) ok = false;
    if (ok && !(nn == 3 && memcmp(name, "Any", 3) == 0)) {
        char tmp[80];
        int k = snprintf(tmp, sizeof tmp, "\\p{%.*s}", (int)nn, name);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *probe = pcre2_compile((PCRE2_SPTR)tmp, (PCRE2_SIZE)k, PCRE2_UTF, &ec, &eo, NULL);
        ok = probe != NULL;
        if (probe) pcre2_code_free(probe);
    }
    if (!ok) return tr_fail(t, "invalid character class range", p + st, i - st);
    bool neg = p[st + 1] == 'P';
    if (p[ns] == '^') neg = !neg;
    if (nn == 3 && memcmp(name, "Any", 3) == 0) {
        buf_adds(&t->out, neg ? (in_class ? "" : "[^\\x{0}-\\x{10ffff}]") : (in_class ? "\\x{0}-\\x{10ffff}" : "[\\x{0}-\\x{10ffff}]"));
    } else {
        buf_printf(&t->out, "\\%c{%.*s}", neg ? 'P' : 'p', (int)nn, name);
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

static void rx_free(Rx *rx)
{
    if (rx->md) pcre2_match_data_free(rx->md);
    if (rx->code) pcre2_code_free(rx->code);
    if (rx->dfa) pcre2_code_free(rx->dfa);
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
    rx->ngroups = t.ngroups;
    rx->names = t.names;
    rx->a = a;
    return 0;
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
                if (gn && gn->len == nl && memcmp(gn->s, name, nl) == 0) {
                    if (ov[2 * g] != PCRE2_UNSET) buf_add(b, src + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
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
