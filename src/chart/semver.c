/*
 * semver.c - Masterminds/semver v3 versions and constraints, as helm uses
 * them to match dependencies to charts/ ("version: ~1.2") and to check
 * Chart.yaml kubeVersion.
 *
 * Versions (NewVersion, not the strict form): optional "v", 1 to 3 numeric
 * parts (missing ones are 0), prerelease and build metadata of
 * [0-9A-Za-z-] identifiers, numeric prerelease identifiers without leading
 * zeros.  Constraints: "||" alternatives of AND lists separated by spaces
 * or commas; operators = != > < >= => <= =< ~ ~> ^ or none; x, X, "*" or
 * missing parts make a range ("1.2.x", "~1", ">2"); "a - b" is >=a <=b.
 * A prerelease version satisfies a constraint only when that constraint
 * itself names a prerelease; "" is not a valid constraint.
 */
#include "chart.h"

#include <stdio.h>
#include <string.h>

typedef struct Ver {
    uint64_t major, minor, patch;
    const char *pre;
    size_t prelen;
} Ver;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (!n) return false;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static bool ident_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* Length of a dot-separated identifier list at s (0 if malformed). */
static size_t ident_list(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        size_t st = i;
        while (i < n && ident_char(s[i])) i++;
        if (i == st) return 0;
        if (i < n && s[i] == '.') { i++; continue; }
        return i;
    }
}

static bool pre_ok(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t st = i;
        bool digits = true;
        while (i < n && s[i] != '.') { if (!is_digit(s[i])) digits = false; i++; }
        if (digits && i - st > 1 && s[st] == '0') return false;
        i++;
    }
    return true;
}

static bool ver_parse(const char *s, size_t n, Ver *v)
{
    size_t i = 0;
    memset(v, 0, sizeof *v);
    if (i < n && s[i] == 'v') i++;
    uint64_t *parts[3] = {&v->major, &v->minor, &v->patch};
    for (int p = 0; p < 3; p++) {
        if (p) {
            if (i >= n || s[i] != '.') break;
            i++;
        }
        size_t st = i;
        while (i < n && is_digit(s[i])) i++;
        if (!parse_u64(s + st, i - st, parts[p])) return false;
    }
    if (i < n && s[i] == '-') {
        size_t l = ident_list(s + i + 1, n - i - 1);
        if (!l || !pre_ok(s + i + 1, l)) return false;
        v->pre = s + i + 1;
        v->prelen = l;
        i += 1 + l;
    }
    if (i < n && s[i] == '+') {
        size_t l = ident_list(s + i + 1, n - i - 1);
        if (!l) return false;
        i += 1 + l;
    }
    return i == n;
}

bool chart_semver_valid(const char *s, size_t n)
{
    Ver v;
    return ver_parse(s, n, &v);
}

static int cmp_u(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

static int cmp_pre_part(const char *s, size_t sn, const char *o, size_t on)
{
    if (sn == on && memcmp(s, o, sn) == 0) return 0;
    if (!sn) return on ? -1 : 1;
    if (!on) return 1;
    uint64_t si = 0, oi = 0;
    bool sok = parse_u64(s, sn, &si), ook = parse_u64(o, on, &oi);
    if (!sok && !ook) {
        size_t m = sn < on ? sn : on;
        int c = memcmp(s, o, m);
        if (!c) c = sn > on ? 1 : -1;
        return c > 0 ? 1 : -1;
    }
    if (!ook) return -1;
    if (!sok) return 1;
    return si > oi ? 1 : -1;
}

static int cmp_pre(const char *s, size_t sn, const char *o, size_t on)
{
    size_t i = 0, j = 0;
    while (i <= sn || j <= on) {
        size_t a = i, b = j;
        while (a < sn && s[a] != '.') a++;
        while (b < on && o[b] != '.') b++;
        const char *sp = i <= sn ? s + i : "";
        const char *op = j <= on ? o + j : "";
        size_t sl = i <= sn ? a - i : 0, ol = j <= on ? b - j : 0;
        if (i > sn && j > on) break;
        int d = cmp_pre_part(sp, sl, op, ol);
        if (d) return d;
        i = a + 1;
        j = b + 1;
    }
    return 0;
}

static int ver_cmp(const Ver *a, const Ver *b)
{
    int d;
    if ((d = cmp_u(a->major, b->major))) return d;
    if ((d = cmp_u(a->minor, b->minor))) return d;
    if ((d = cmp_u(a->patch, b->patch))) return d;
    if (!a->prelen && !b->prelen) return 0;
    if (!a->prelen) return 1;
    if (!b->prelen) return -1;
    return cmp_pre(a->pre, a->prelen, b->pre, b->prelen);
}

int chart_semver_compare(const char *a, size_t an, const char *b, size_t bn)
{
    Ver x, y;
    if (!ver_parse(a, an, &x) || !ver_parse(b, bn, &y)) return -2;
    return ver_cmp(&x, &y);
}

/* ---- constraints --------------------------------------------------------- */

typedef struct Con {
    char op[3];
    Ver con;
    bool dirty, minor_dirty, patch_dirty;
} Con;

static bool is_x(const char *s, size_t n) { return n == 1 && (s[0] == 'x' || s[0] == 'X' || s[0] == '*'); }
static bool cv_part_char(char c) { return is_digit(c) || c == 'x' || c == 'X' || c == '*'; }

/* One constraint version (cvRegex) at s: its length, or 0. */
static size_t cv_len(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == 'v') i++;
    for (int p = 0; p < 3; p++) {
        if (p) {
            if (i + 1 >= n || s[i] != '.' || !cv_part_char(s[i + 1])) break;
            i++;
        }
        size_t st = i;
        while (i < n && cv_part_char(s[i])) i++;
        if (i == st) return 0;
    }
    if (i + 1 < n && s[i] == '-' && ident_char(s[i + 1])) i += 1 + ident_list(s + i + 1, n - i - 1);
    if (i + 1 < n && s[i] == '+' && ident_char(s[i + 1])) i += 1 + ident_list(s + i + 1, n - i - 1);
    return i;
}

/* parseConstraint of op + version text. */
static bool make_con(const char *op, size_t opn, const char *s, size_t n, Con *c)
{
    memset(c, 0, sizeof *c);
    memcpy(c->op, op, opn);
    size_t i = (n && s[0] == 'v') ? 1 : 0;
    const char *part[3] = {0};
    size_t plen[3] = {0};
    int np = 0;
    while (np < 3) {
        size_t st = i;
        while (i < n && cv_part_char(s[i])) i++;
        part[np] = s + st;
        plen[np++] = i - st;
        if (i < n && s[i] == '.') i++;
        else break;
    }
    const char *tail = s + i;            /* "-pre+meta" */
    size_t tl = n - i;
    size_t pre_end = 0;
    if (tl && tail[0] == '-') {
        pre_end = 1;
        while (pre_end < tl && tail[pre_end] != '+') pre_end++;
    }
    char buf[256];
    int w;
    if (is_x(part[0], plen[0])) {
        c->dirty = true;
        w = snprintf(buf, sizeof buf, "0.0.0%.*s", (int)pre_end, tail);
    } else if (np < 2 || is_x(part[1], plen[1])) {
        c->minor_dirty = c->dirty = true;
        w = snprintf(buf, sizeof buf, "%.*s.0.0%.*s", (int)plen[0], part[0], (int)pre_end, tail);
    } else if (np < 3 || is_x(part[2], plen[2])) {
        c->patch_dirty = c->dirty = true;
        w = snprintf(buf, sizeof buf, "%.*s.%.*s.0%.*s", (int)plen[0], part[0], (int)plen[1], part[1],
                     (int)pre_end, tail);
    } else {
        w = snprintf(buf, sizeof buf, "%.*s", (int)n, s);
    }
    if (w < 0 || (size_t)w >= sizeof buf) return false;
    /* the version points into buf only while checking; keep it by value */
    Ver v;
    if (!ver_parse(buf, (size_t)w, &v)) return false;
    c->con = v;
    c->con.pre = NULL;
    c->con.prelen = 0;
    if (v.prelen) {
        /* the prerelease text lives in the caller's string */
        const char *p = memchr(s, '-', n);
        if (p) { c->con.pre = p + 1; c->con.prelen = v.prelen; }
    }
    return true;
}

static bool tilde(const Ver *v, const Con *c)
{
    if (ver_cmp(v, &c->con) < 0) return false;
    if (!c->con.major && !c->con.minor && !c->con.patch && !c->minor_dirty && !c->patch_dirty) return true;
    if (v->major != c->con.major) return false;
    if (v->minor != c->con.minor && !c->minor_dirty) return false;
    return true;
}

static bool check_one(const Ver *v, const Con *c)
{
    const char *op = c->op;
    if (strcmp(op, "!=") == 0) {
        if (c->dirty) {
            if (v->prelen && !c->con.prelen) return false;
            if (c->con.major != v->major) return true;
            if (c->con.minor != v->minor && !c->minor_dirty) return true;
            if (c->minor_dirty) return false;
            if (c->con.patch != v->patch && !c->patch_dirty) return true;
            if (c->patch_dirty) {
                if (v->prelen || c->con.prelen)
                    return cmp_pre(v->pre, v->prelen, c->con.pre, c->con.prelen) != 0;
                return false;
            }
        }
        return ver_cmp(v, &c->con) != 0;
    }
    if (v->prelen && !c->con.prelen) return false;
    if (!strcmp(op, "") || !strcmp(op, "=")) return c->dirty ? tilde(v, c) : ver_cmp(v, &c->con) == 0;
    if (!strcmp(op, ">")) {
        if (!c->dirty) return ver_cmp(v, &c->con) > 0;
        if (v->major != c->con.major) return v->major > c->con.major;
        if (c->minor_dirty) return false;
        if (c->patch_dirty) return v->minor > c->con.minor;
        return ver_cmp(v, &c->con) > 0;
    }
    if (!strcmp(op, "<")) return ver_cmp(v, &c->con) < 0;
    if (!strcmp(op, ">=") || !strcmp(op, "=>")) return ver_cmp(v, &c->con) >= 0;
    if (!strcmp(op, "<=") || !strcmp(op, "=<")) {
        if (!c->dirty) return ver_cmp(v, &c->con) <= 0;
        if (v->major > c->con.major) return false;
        if (v->major == c->con.major && v->minor > c->con.minor && !c->minor_dirty) return false;
        return true;
    }
    if (!strcmp(op, "~") || !strcmp(op, "~>")) return tilde(v, c);
    /* ^ */
    if (ver_cmp(v, &c->con) < 0) return false;
    if (c->con.major > 0 || c->minor_dirty) return v->major == c->con.major;
    if (v->major > 0) return false;
    if (c->con.minor > 0 || c->patch_dirty) return v->minor == c->con.minor;
    if (v->minor > 0) return false;
    return c->con.patch == v->patch;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static size_t read_op(const char *s, size_t n, char *op)
{
    static const char *const ops[] = {">=", "=>", "<=", "=<", "!=", "~>", "=", ">", "<", "~", "^"};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        size_t l = strlen(ops[k]);
        if (n >= l && memcmp(s, ops[k], l) == 0) {
            memcpy(op, ops[k], l + 1);
            return l;
        }
    }
    op[0] = 0;
    return 0;
}

/* One AND group (between "||"): -1 malformed, else 1/0 satisfied. */
static int check_group(const Ver *v, const char *s, size_t n)
{
    size_t i = 0;
    int count = 0;
    bool ok = true;
    while (is_ws(s[i]) && i < n) i++;
    while (i < n) {
        if (count) {
            size_t st = i;
            while (i < n && is_ws(s[i])) i++;
            if (i < n && s[i] == ',') { i++; while (i < n && is_ws(s[i])) i++; }
            else if (i == st) return -1;
            if (i >= n) break;
        }
        char op[3];
        size_t ol = read_op(s + i, n - i, op);
        i += ol;
        while (i < n && is_ws(s[i])) i++;
        size_t cl = cv_len(s + i, n - i);
        if (!cl) return -1;
        const char *cv = s + i;
        i += cl;
        /* "a - b" (hyphen range, no operator on a) */
        size_t j = i;
        while (j < n && is_ws(s[j])) j++;
        if (!ol && j > i && j < n && s[j] == '-' && j + 1 < n && is_ws(s[j + 1])) {
            size_t k = j + 1;
            while (k < n && is_ws(s[k])) k++;
            size_t cl2 = cv_len(s + k, n - k);
            if (!cl2) return -1;
            Con lo, hi;
            if (!make_con(">=", 2, cv, cl, &lo) || !make_con("<=", 2, s + k, cl2, &hi)) return -1;
            ok = ok && check_one(v, &lo) && check_one(v, &hi);
            i = k + cl2;
            count++;
            continue;
        }
        Con c;
        if (!make_con(op, ol, cv, cl, &c)) return -1;
        ok = ok && check_one(v, &c);
        count++;
    }
    return count ? ok : -1;
}

int chart_semver_check(const char *constraint, const char *version)
{
    Ver v;
    if (!ver_parse(version, strlen(version), &v)) return -1;
    const char *s = constraint;
    size_t n = strlen(s);
    int any = 0;
    size_t i = 0;
    for (;;) {
        const char *bar = NULL;
        for (size_t k = i; k + 1 < n; k++)
            if (s[k] == '|' && s[k + 1] == '|') { bar = s + k; break; }
        size_t end = bar ? (size_t)(bar - s) : n;
        int r = check_group(&v, s + i, end - i);
        if (r < 0) return -1;
        if (r) any = 1;
        if (!bar) break;
        i = end + 2;
    }
    return any;
}
