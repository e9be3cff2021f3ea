/*
 * semver.c - see semver.h.
 *
 * Masterminds parses versions and constraints with Go regular expressions;
 * here each regexp is a small hand-written matcher with the same language
 * and, where submatches matter, the same leftmost-first choice:
 *
 *   version     ^v?N(\.N)?(\.N)?(-ID(\.ID)*)?(\+ID(\.ID)*)?$   N=[0-9]+
 *   constraint  v?C(\.C)?(\.C)?(-ID(\.ID)*)?(\+ID(\.ID)*)?     C=[0-9|xX*]+
 *                      (the '|' in C is a quirk of Masterminds' class)
 *   operators   = "" != > < >= => <= =< ~ ~> ^   tried in that order
 *
 * A constraint string is rewritten ("A - B" becomes ">= A, <= B "), split
 * on "||", each part validated as a whole (else "improper constraint: P")
 * and cut into single constraints.  A version with a pre-release only
 * satisfies an AND group that names a pre-release itself, which is why
 * semverCompare ">=1.30" "v1.30.2-gke.1" is false in helm.
 */
#include "semver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_idc(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
static bool is_numc(char c) { return is_digit(c) || c == '|' || c == 'x' || c == 'X' || c == '*'; }
static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

/* ID(\.ID)* greedily from s[i]; returns the end (i when nothing matched). */
static size_t scan_ids(const char *s, size_t n, size_t i)
{
    if (i >= n || !is_idc(s[i])) return i;
    while (i < n && is_idc(s[i])) i++;
    while (i + 1 < n && s[i] == '.' && is_idc(s[i + 1])) {
        i++;
        while (i < n && is_idc(s[i])) i++;
    }
    return i;
}

/* Parts of one version-like match: offsets into the subject. */
typedef struct VerMatch {
    size_t start, end;
    size_t maj0, maj1, min0, min1, pat0, pat1;   /* min/pat include the '.' */
    size_t pre0, pre1, meta0, meta1;             /* without '-' / '+' */
} VerMatch;

/* Greedy match of the version (numc = is_digit) or constraint-version
 * (numc = is_numc) pattern at s[i].  Returns false if nothing matches. */
static bool match_ver(const char *s, size_t n, size_t i, bool (*numc)(char), VerMatch *m)
{
    memset(m, 0, sizeof *m);
    m->start = i;
    if (i + 1 < n && s[i] == 'v' && numc(s[i + 1])) i++;
    if (i >= n || !numc(s[i])) return false;
    m->maj0 = i;
    while (i < n && numc(s[i])) i++;
    m->maj1 = m->min0 = m->min1 = i;
    if (i + 1 < n && s[i] == '.' && numc(s[i + 1])) {
        i++;
        while (i < n && numc(s[i])) i++;
        m->min1 = i;
    }
    m->pat0 = m->pat1 = i;
    if (i + 1 < n && s[i] == '.' && numc(s[i + 1])) {
        i++;
        while (i < n && numc(s[i])) i++;
        m->pat1 = i;
    }
    m->pre0 = m->pre1 = i;
    if (i + 1 < n && s[i] == '-' && is_idc(s[i + 1])) {
        m->pre0 = i + 1;
        i = m->pre1 = scan_ids(s, n, i + 1);
    }
    m->meta0 = m->meta1 = i;
    if (i + 1 < n && s[i] == '+' && is_idc(s[i + 1])) {
        m->meta0 = i + 1;
        i = m->meta1 = scan_ids(s, n, i + 1);
    }
    m->end = i;
    return true;
}

/* strconv.ParseUint(s, 10, 64) */
static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* semver.NewVersion.  On error returns false with Go's text in err. */
bool semver_parse(Arena *a, const char *s, size_t n, SemVer *v, char *err, size_t errn)
{
    VerMatch m;
    if (!match_ver(s, n, 0, is_digit, &m) || m.end != n) {
        snprintf(err, errn, "invalid semantic version");
        return false;
    }
    size_t seg[3][2] = {{m.maj0, m.maj1}, {m.min0 + 1, m.min1}, {m.pat0 + 1, m.pat1}};
    uint64_t *dst[3] = {&v->major, &v->minor, &v->patch};
    for (int k = 0; k < 3; k++) {
        *dst[k] = 0;
        if (k > 0 && seg[k][1] <= seg[k][0] - 1) continue;   /* segment absent */
        if (!parse_u64(s + seg[k][0], seg[k][1] - seg[k][0], dst[k])) {
            snprintf(err, errn,
                     "error parsing version segment: strconv.ParseUint: parsing \"%.*s\": value out of range",
                     (int)(seg[k][1] - seg[k][0]), s + seg[k][0]);
            return false;
        }
    }
    /* validatePrerelease: a numeric identifier may not have a leading 0 */
    for (size_t i = m.pre0; i < m.pre1;) {
        size_t j = i;
        bool num = true;
        while (j < m.pre1 && s[j] != '.') num = num && is_digit(s[j]), j++;
        if (num && j - i > 1 && s[i] == '0') {
            snprintf(err, errn, "version segment starts with 0");
            return false;
        }
        i = j + 1;
    }
    v->pre = arena_strndup(a, s + m.pre0, m.pre1 - m.pre0);
    v->meta = arena_strndup(a, s + m.meta0, m.meta1 - m.meta0);
    v->orig = arena_strndup(a, s, n);
    if (!v->pre || !v->meta || !v->orig) {
        snprintf(err, errn, "out of memory");
        return false;
    }
    return true;
}

void semver_string(const SemVer *v, Buf *b)
{
    buf_printf(b, "%llu.%llu.%llu", (unsigned long long)v->major,
               (unsigned long long)v->minor, (unsigned long long)v->patch);
    if (*v->pre) buf_printf(b, "-%s", v->pre);
    if (*v->meta) buf_printf(b, "+%s", v->meta);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) return false;
    return true;
}

/* comparePrePart: numeric identifiers (ParseUint succeeds) sort before
 * alphanumeric ones and compare as numbers; others compare bytewise. */
static int cmp_pre_part(const char *s, size_t sn, const char *o, size_t on)
{
    if (sn == on && memcmp(s, o, sn) == 0) return 0;
    if (sn == 0) return -1;
    if (on == 0) return 1;
    uint64_t si = 0, oi = 0;
    bool snum = all_digits(s, sn) && parse_u64(s, sn, &si);
    bool onum = all_digits(o, on) && parse_u64(o, on, &oi);
    if (!snum && !onum) {
        int c = memcmp(s, o, sn < on ? sn : on);
        if (c == 0) c = sn < on ? -1 : 1;
        return c > 0 ? 1 : -1;
    }
    if (!onum) return -1;
    if (!snum) return 1;
    return si > oi ? 1 : -1;
}

static int cmp_pre(const char *s, const char *o)
{
    while (*s || *o) {
        const char *se = strchr(s, '.'), *oe = strchr(o, '.');
        size_t sn = se ? (size_t)(se - s) : strlen(s), on = oe ? (size_t)(oe - o) : strlen(o);
        int d = cmp_pre_part(s, sn, o, on);
        if (d) return d;
        s += sn + (se ? 1 : 0);
        o += on + (oe ? 1 : 0);
        if (!se && !oe) break;
    }
    return 0;
}

static int cmp_u64(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

int semver_cmp(const SemVer *v, const SemVer *o)
{
    int d;
    if ((d = cmp_u64(v->major, o->major)) || (d = cmp_u64(v->minor, o->minor)) ||
        (d = cmp_u64(v->patch, o->patch)))
        return d;
    if (!*v->pre && !*o->pre) return 0;
    if (!*v->pre) return 1;
    if (!*o->pre) return -1;
    return cmp_pre(v->pre, o->pre);
}

/* ---- constraints ------------------------------------------------------ */

enum { OP_EQ, OP_NE, OP_GT, OP_LT, OP_GE, OP_LE, OP_TILDE, OP_CARET };

/* Masterminds' operator alternation, in regexp priority order. */
static const struct { const char *text; int op; } ops[] = {
    {"=", OP_EQ}, {"", OP_EQ}, {"!=", OP_NE}, {">", OP_GT}, {"<", OP_LT},
    {">=", OP_GE}, {"=>", OP_GE}, {"<=", OP_LE}, {"=<", OP_LE}, {"~", OP_TILDE},
    {"~>", OP_TILDE}, {"^", OP_CARET},
};

typedef struct Constraint {
    int op;
    SemVer con;
    bool dirty, minor_dirty, patch_dirty;
} Constraint;

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && is_ws(s[i])) i++;
    return i;
}

/* findConstraintRegex at s[p]: the first operator (in priority order)
 * followed by optional space and a constraint version. */
static bool find_at(const char *s, size_t n, size_t p, int *op, VerMatch *m)
{
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        size_t l = strlen(ops[k].text);
        if (p + l > n || memcmp(s + p, ops[k].text, l) != 0) continue;
        if (match_ver(s, n, skip_ws(s, n, p + l), is_numc, m)) {
            *op = ops[k].op;
            return true;
        }
    }
    return false;
}

/* NFA for validConstraintRegex:
 *   ^(\s*OP\s*CV\s*)((?:\s+|,\s*)OP\s*CV\s*)*$ */
enum {
    S_OP, S_OPEQ, S_OPBANG, S_OPGT, S_OPLT, S_OPTILDE, S_OPDONE, S_CV, S_CVV,
    S_N1, S_D1, S_N2, S_D2, S_N3, S_DASH, S_PRE, S_PREDOT, S_PLUS, S_META, S_METADOT,
    S_END, S_SEP, S_LEAD, S_COUNT
};

static void nfa_close(bool *st)
{
    bool changed = true;
    while (changed) {
        changed = false;
#define EPS(a, b) if (st[a] && !st[b]) st[b] = changed = true
        EPS(S_LEAD, S_OP);
        EPS(S_SEP, S_OP);
        EPS(S_OP, S_OPDONE);
        EPS(S_OPEQ, S_OPDONE);
        EPS(S_OPGT, S_OPDONE);
        EPS(S_OPLT, S_OPDONE);
        EPS(S_OPTILDE, S_OPDONE);
        EPS(S_OPDONE, S_CV);
        EPS(S_CV, S_CVV);
        EPS(S_N1, S_END);
        EPS(S_N2, S_END);
        EPS(S_N3, S_END);
        EPS(S_PRE, S_END);
        EPS(S_META, S_END);
#undef EPS
    }
}

static void nfa_step(const bool *st, char c, bool *nx)
{
    memset(nx, 0, S_COUNT * sizeof *nx);
    bool ws = is_ws(c), nc = is_numc(c), id = is_idc(c);
    if (st[S_LEAD] && ws) nx[S_LEAD] = true;
    if (st[S_OP]) {
        if (c == '=') nx[S_OPEQ] = true;
        if (c == '!') nx[S_OPBANG] = true;
        if (c == '>') nx[S_OPGT] = true;
        if (c == '<') nx[S_OPLT] = true;
        if (c == '~') nx[S_OPTILDE] = true;
        if (c == '^') nx[S_OPDONE] = true;
    }
    if (st[S_OPEQ] && (c == '>' || c == '<')) nx[S_OPDONE] = true;
    if (st[S_OPBANG] && c == '=') nx[S_OPDONE] = true;
    if ((st[S_OPGT] || st[S_OPLT]) && c == '=') nx[S_OPDONE] = true;
    if (st[S_OPTILDE] && c == '>') nx[S_OPDONE] = true;
    if (st[S_OPDONE] && ws) nx[S_OPDONE] = true;
    if (st[S_CV] && c == 'v') nx[S_CVV] = true;
    if (st[S_CVV] && nc) nx[S_N1] = true;
    if (st[S_N1] && nc) nx[S_N1] = true;
    if (st[S_N1] && c == '.') nx[S_D1] = true;
    if (st[S_D1] && nc) nx[S_N2] = true;
    if (st[S_N2] && nc) nx[S_N2] = true;
    if (st[S_N2] && c == '.') nx[S_D2] = true;
    if (st[S_D2] && nc) nx[S_N3] = true;
    if (st[S_N3] && nc) nx[S_N3] = true;
    if ((st[S_N1] || st[S_N2] || st[S_N3]) && c == '-') nx[S_DASH] = true;
    if ((st[S_N1] || st[S_N2] || st[S_N3] || st[S_PRE]) && c == '+') nx[S_PLUS] = true;
    if ((st[S_DASH] || st[S_PRE] || st[S_PREDOT]) && id) nx[S_PRE] = true;
    if (st[S_PRE] && c == '.') nx[S_PREDOT] = true;
    if ((st[S_PLUS] || st[S_META] || st[S_METADOT]) && id) nx[S_META] = true;
    if (st[S_META] && c == '.') nx[S_METADOT] = true;
    if (st[S_END] && ws) nx[S_END] = true;
    if (st[S_END] && (ws || c == ',')) nx[S_SEP] = true;
    if (st[S_SEP] && ws) nx[S_SEP] = true;
}

static bool valid_constraint(const char *s, size_t n)
{
    bool st[S_COUNT] = {0}, nx[S_COUNT];
    st[S_LEAD] = true;
    nfa_close(st);
    for (size_t i = 0; i < n; i++) {
        nfa_step(st, s[i], nx);
        nfa_close(nx);
        memcpy(st, nx, sizeof st);
        bool any = false;
        for (int k = 0; k < S_COUNT; k++) any = any || st[k];
        if (!any) return false;
    }
    return st[S_END];
}

static bool is_x(const char *s, size_t n)
{
    return n == 1 && (s[0] == 'x' || s[0] == 'X' || s[0] == '*');
}

/* parseConstraint for one found constraint text; err is set on failure. */
static bool parse_one(Arena *a, const char *s, size_t n, int op, Constraint *c, char *err, size_t errn)
{
    VerMatch m;
    size_t p = skip_ws(s, n, 0);
    int fop = 0;
    if (!find_at(s, n, p, &fop, &m) || skip_ws(s, n, m.end) != n) {
        snprintf(err, errn, "improper constraint: %.*s", (int)n, s);
        return false;
    }
    (void)op;
    c->op = fop;
    c->dirty = c->minor_dirty = c->patch_dirty = false;
    Buf ver = BUF_INIT;
    const char *pre = s + m.pre0 - (m.pre1 > m.pre0 ? 1 : 0);
    size_t pren = m.pre1 > m.pre0 ? m.pre1 - m.pre0 + 1 : 0;
    size_t minl = m.min1 - m.min0, patl = m.pat1 - m.pat0;
    if (is_x(s + m.maj0, m.maj1 - m.maj0)) {
        buf_adds(&ver, "0.0.0");
        buf_add(&ver, pre, pren);
        c->dirty = true;
    } else if (minl == 0 || is_x(s + m.min0 + 1, minl - 1)) {
        buf_add(&ver, s + m.maj0, m.maj1 - m.maj0);
        buf_adds(&ver, ".0.0");
        buf_add(&ver, pre, pren);
        c->dirty = c->minor_dirty = true;
    } else if (patl == 0 || is_x(s + m.pat0 + 1, patl - 1)) {
        buf_add(&ver, s + m.maj0, m.min1 - m.maj0);
        buf_adds(&ver, ".0");
        buf_add(&ver, pre, pren);
        c->dirty = c->patch_dirty = true;
    } else {
        buf_add(&ver, s + m.start, m.end - m.start);
    }
    char e2[160];
    bool ok = semver_parse(a, ver.data ? ver.data : "", ver.len, &c->con, e2, sizeof e2);
    buf_free(&ver);
    if (!ok) snprintf(err, errn, "constraint parser error");
    return ok;
}

/* rewriteRange: every "A - B" becomes ">= A, <= B " at the FIRST
 * occurrence of the matched text in the string rewritten so far, as
 * strings.Replace(o, match, t, 1) does: that occurrence can straddle an
 * earlier replacement ("1 - 1 - 1" gives ">= 1, <=>= 1, <= 1 "), so the
 * search restarts at 0 each time.  Quadratic in the number of ranges, as
 * in Go. */
static void rewrite_range(const char *s, size_t n, Buf *out)
{
    Buf o = BUF_INIT;
    buf_add(&o, s, n);
    buf_reserve(&o, 1);
    /* no whitespace-dash-whitespace, no range: keeps the common case linear */
    bool any = false;
    for (size_t i = 1; i + 1 < n && !any; i++)
        any = s[i] == '-' && is_ws(s[i - 1]) && is_ws(s[i + 1]);
    size_t p = any ? 0 : n;
    while (p < n) {
        size_t q = skip_ws(s, n, p);
        VerMatch a, b;
        if (match_ver(s, n, q, is_numc, &a)) {
            size_t i = a.end, j = skip_ws(s, n, i);
            if (j > i && j < n && s[j] == '-') {
                size_t k = skip_ws(s, n, j + 1);
                if (k > j + 1 && match_ver(s, n, k, is_numc, &b)) {
                    size_t e = skip_ws(s, n, b.end), ml = e - p;
                    const char *hit = memmem(o.data, o.len, s + p, ml);
                    if (hit) {
                        size_t off = (size_t)(hit - o.data);
                        Buf r = BUF_INIT;
                        buf_reserve(&r, o.len + 16 + (a.end - a.start) + (b.end - b.start));
                        buf_add(&r, o.data, off);
                        buf_adds(&r, ">= ");
                        buf_add(&r, s + a.start, a.end - a.start);
                        buf_adds(&r, ", <= ");
                        buf_add(&r, s + b.start, b.end - b.start);
                        buf_adds(&r, " ");
                        buf_add(&r, o.data + off + ml, o.len - off - ml);
                        buf_free(&o);
                        o = r;
                    }
                    p = e;
                    continue;
                }
            }
        }
        p++;
    }
    buf_add(out, o.data, o.len);
    buf_reserve(out, 1);
    buf_free(&o);
}

static bool check_one(const Constraint *c, const SemVer *v, bool include_pre)
{
    const SemVer *k = &c->con;
    if (*v->pre && !include_pre) return false;
    switch (c->op) {
    case OP_NE:
        if (c->dirty) {
            if (k->major != v->major) return true;
            if (k->minor != v->minor && !c->minor_dirty) return true;
            if (c->minor_dirty) return false;
            if (k->patch != v->patch && !c->patch_dirty) return true;
            if (c->patch_dirty) {
                if (*v->pre || *k->pre) return cmp_pre(v->pre, k->pre) != 0;
                return false;
            }
        }
        return semver_cmp(v, k) != 0;
    case OP_GT:
        if (!c->dirty) return semver_cmp(v, k) == 1;
        if (v->major > k->major) return true;
        if (v->major < k->major) return false;
        if (c->minor_dirty) return false;
        if (c->patch_dirty) return v->minor > k->minor;
        return semver_cmp(v, k) == 1;
    case OP_LT:
        return semver_cmp(v, k) < 0;
    case OP_GE:
        return semver_cmp(v, k) >= 0;
    case OP_LE:
        if (!c->dirty) return semver_cmp(v, k) <= 0;
        if (v->major > k->major) return false;
        if (v->major == k->major && v->minor > k->minor && !c->minor_dirty) return false;
        return true;
    case OP_TILDE:
        if (semver_cmp(v, k) < 0) return false;
        if (k->major == 0 && k->minor == 0 && k->patch == 0 && !c->minor_dirty && !c->patch_dirty)
            return true;
        if (v->major != k->major) return false;
        if (v->minor != k->minor && !c->minor_dirty) return false;
        return true;
    case OP_CARET:
        if (semver_cmp(v, k) < 0) return false;
        if (k->major > 0 || c->minor_dirty) return v->major == k->major;
        if (k->major == 0 && v->major > 0) return false;
        if (k->minor > 0 || c->patch_dirty) return v->minor == k->minor;
        if (k->minor == 0 && v->minor > 0) return false;
        return k->patch == v->patch;
    default: /* OP_EQ: with a wildcard it behaves as ~ */
        if (c->dirty) {
            Constraint t = *c;
            t.op = OP_TILDE;
            return check_one(&t, v, include_pre);
        }
        return semver_cmp(v, k) == 0;
    }
}

/* NewConstraint(cs).Check(v); returns -1 with err set on a bad constraint. */
int semver_check(Arena *a, const char *cs, size_t cn, const SemVer *v, char *err, size_t errn)
{
    Buf r = BUF_INIT;
    rewrite_range(cs, cn, &r);
    const char *s = r.data ? r.data : "";
    size_t n = r.len;
    int result = 0;
    bool decided = false;
    /* Every OR part is parsed (errors win over an earlier match). */
    for (size_t start = 0;;) {
        const char *bar = NULL;
        for (size_t i = start; i + 1 < n; i++)
            if (s[i] == '|' && s[i + 1] == '|') { bar = s + i; break; }
        size_t end = bar ? (size_t)(bar - s) : n;
        const char *part = s + start;
        size_t pn = end - start;
        if (!valid_constraint(part, pn)) {
            snprintf(err, errn, "improper constraint: %.*s", (int)pn, part);
            buf_free(&r);
            return -1;
        }
        /* Two passes: the group's pre-release flag is known only after
         * every constraint in it was parsed. */
        bool has_pre = false, all = true;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t p = 0; p < pn;) {
                int op;
                VerMatch m;
                if (!find_at(part, pn, p, &op, &m)) { p++; continue; }
                Constraint c;
                if (!parse_one(a, part + p, m.end - p, op, &c, err, errn)) {
                    buf_free(&r);
                    return -1;
                }
                if (pass == 0 && *c.con.pre) has_pre = true;
                if (pass == 1 && all && !check_one(&c, v, has_pre)) all = false;
                p = m.end;
            }
        }
        if (all && !decided) { result = 1; decided = true; }
        if (!bar) break;
        start = end + 2;
    }
    buf_free(&r);
    return result;
}

