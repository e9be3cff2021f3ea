/*
 * format.c - the "format" keyword, which the library asserts for drafts
 * 4, 6 and 7 only (2019-09 and 2020-12 treat it as an annotation: the
 * reference accepts "x" for "format": "email" in a 2020-12 schema).
 *
 * Each check returns NULL for a valid string (and for non-strings and
 * unknown formats, as the library does) or the error text the library
 * prints after "<value> is not valid <format>: ".  Texts that come from
 * Go's standard library (time.Parse, strconv.Atoi) are reproduced for
 * the common cases; uri and its kin follow Go 1.25's net/url.Parse and
 * netip.ParseAddr; regex messages beyond the common mistakes are
 * approximated (PCRE2 stands in for Go's regexp/syntax).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "schema_int.h"
#include "../json/json.h"
#include "../value/fmt.h"
#include "../value/netip.h"

typedef struct S { const char *s; size_t n; } S;

static bool dig(char c) { return c >= '0' && c <= '9'; }

/* strconv.QuoteRune-like '%q' of a rune */
static void qrune(Buf *b, int32_t r)
{
    Buf t = BUF_INIT;
    char u[8];
    size_t n = 0;
    if (r < 0x80) u[n++] = (char)r;
    else { Buf x = BUF_INIT; json_utf8_put(&x, (uint32_t)r); memcpy(u, x.data, x.len); n = x.len; buf_free(&x); }
    if (r == '\'') { buf_adds(b, "'\\''"); return; }
    if (r == '"') { buf_adds(b, "'\"'"); return; }
    fmt_quote(&t, u, n);
    buf_addc(b, '\'');
    buf_add(b, t.data + 1, t.len - 2);
    buf_addc(b, '\'');
    buf_free(&t);
}

static const char *msg(Arena *a, Buf *b)
{
    const char *m = arena_strndup(a, b->data ? b->data : "", b->len);
    buf_free(b);
    return m;
}

static const char *bad_char(Arena *a, const char *s, size_t n, size_t *i)
{
    size_t len;
    int32_t r = json_utf8_decode(s + *i, n - *i, &len);
    if (r < 0) r = 0xFFFD;
    Buf b = BUF_INIT;
    buf_adds(&b, "invalid character ");
    qrune(&b, r);
    return msg(a, &b);
}

static const char *json_pointer(Arena *a, const char *s, size_t n)
{
    if (n == 0) return NULL;
    if (s[0] != '/') return "not starting with /";
    bool esc = false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (c == '/') {
            if (esc) return "~ must be followed by 0 or 1";
            continue;
        }
        if (esc) {
            esc = false;
            if (c != '0' && c != '1') return "~ must be followed by 0 or 1";
            continue;
        }
        if (c == '~') { esc = true; continue; }
    }
    if (esc) return "~ must be followed by 0 or 1";
    return NULL;
}

static const char *rel_json_pointer(Arena *a, const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && dig(s[d])) d++;
    if (d == 0) return "must start with non-negative integer";
    if (d > 1 && s[0] == '0') return "starts with zero";
    if (n - d == 1 && s[d] == '#') return NULL;
    return json_pointer(a, s + d, n - d);
}

static bool hexc(char c) { return dig(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static const char *uuid(Arena *a, const char *s, size_t n)
{
    static const int groups[] = { 8, 4, 4, 4, 12 };
    int ng = 1;
    for (size_t i = 0; i < n; i++) if (s[i] == '-') ng++;
    if (ng != 5) return "must have 5 elements";
    size_t i = 0;
    for (int g = 0; g < 5; g++) {
        size_t st = i;
        while (i < n && s[i] != '-') i++;
        if (i - st != (size_t)groups[g]) {
            Buf b = BUF_INIT;
            buf_printf(&b, "element %d must be %d characters long", g + 1, groups[g]);
            return msg(a, &b);
        }
        for (size_t k = st; k < i; k++)
            if (!hexc(s[k])) {
                Buf b = BUF_INIT;
                buf_adds(&b, "non-hex character ");
                size_t len;
                int32_t r = json_utf8_decode(s + k, n - k, &len);
                qrune(&b, r < 0 ? 0xFFFD : r);
                return msg(a, &b);
            }
        i++;
    }
    return NULL;
}

static const char *duration(Arena *a, const char *s, size_t n)
{
    if (n == 0 || s[0] != 'P') return "must start with P";
    s++; n--;
    if (n == 0) return "nothing after P";
    if (s[n - 1] == 'W') {
        if (n == 1) return "no number in week";
        for (size_t i = 0; i + 1 < n; i++) if (!dig(s[i])) return "invalid week";
        return NULL;
    }
    static const char *const all[] = { "YMD", "HMS" };
    size_t i = 0;
    for (int part = 0; ; part++) {
        size_t st = i;
        while (i < n && s[i] != 'T') i++;
        if (part != 0 && i == st) return "no time elements";
        if (part >= 2) return "more than one T";
        const char *units = all[part];
        size_t k = st;
        while (k < i) {
            size_t dc = 0;
            while (k + dc < i && dig(s[k + dc])) dc++;
            if (dc == 0) return "missing number";
            k += dc;
            if (k >= i) return "missing unit";
            char u = s[k];
            const char *j = strchr(units, u);
            if (!j || !u) {
                Buf b = BUF_INIT;
                buf_adds(&b, strchr(all[part], u) && u ? "unit " : "invalid unit ");
                qrune(&b, (unsigned char)u);
                buf_adds(&b, strchr(all[part], u) && u ? " out of order" : "");
                return msg(a, &b);
            }
            units = j + 1;
            k++;
        }
        if (i >= n) break;
        i++;
        if (i >= n) return "no time elements";
    }
    return NULL;
}

/* strconv.Atoi with its error text */
static bool atoi_go(Arena *a, const char *s, size_t n, long long *out, const char **err)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; i++; }
    long long v = 0;
    bool range = false;
    if (i == n) goto bad;
    for (; i < n; i++) {
        if (!dig(s[i])) goto bad;
        if (v > (9223372036854775807LL - (s[i] - '0')) / 10) range = true;
        else v = v * 10 + (s[i] - '0');
    }
    if (range) {
        Buf b = BUF_INIT;
        buf_printf(&b, "strconv.Atoi: parsing \"%.*s\": value out of range", (int)n, s);
        *err = msg(a, &b);
        return false;
    }
    *out = neg ? -v : v;
    return true;
bad:;
    Buf b = BUF_INIT;
    buf_adds(&b, "strconv.Atoi: parsing ");
    fmt_quote(&b, s, n);
    buf_adds(&b, ": invalid syntax");
    *err = msg(a, &b);
    return false;
}

static const char *ipv4(Arena *a, const char *s, size_t n)
{
    int groups = 1;
    for (size_t i = 0; i < n; i++) if (s[i] == '.') groups++;
    if (groups != 4) return "expected four decimals";
    size_t i = 0;
    for (int g = 0; g < 4; g++) {
        size_t st = i;
        while (i < n && s[i] != '.') i++;
        if (i - st > 1 && s[st] == '0') return "leading zeros";
        long long v;
        const char *err;
        if (!atoi_go(a, s + st, i - st, &v, &err)) return err;
        if (v < 0 || v > 255) return "decimal must be between 0 and 255";
        i++;
    }
    return NULL;
}

/* a netip verdict as this file's error: NULL when the address parsed */
static const char *addr_msg(Arena *a, bool ok, Buf *b)
{
    if (!ok) return msg(a, b);
    buf_free(b);
    return NULL;
}

static const char *ipv6(Arena *a, const char *s, size_t n)
{
    if (!memchr(s, ':', n)) return "missing colon";
    /* ParseAddr picks the parser by the first '.', ':' or '%' */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ':') break;
        Buf b = BUF_INIT;
        if (s[i] == '%') return addr_msg(a, netip_err(&b, s, n, "missing IPv6 address", NULL, 0), &b);
        if (s[i] == '.') {
            if (netip_v4(&b, s, n, s, n)) netip_err(&b, s, n, "unexpected character", s + i, n - i);
            return msg(a, &b);
        }
    }
    Buf b = BUF_INIT;
    const char *e = addr_msg(a, netip_v6(&b, s, n), &b);
    if (e) return e;
    if (memchr(s, '%', n)) return "zone id is not a part of ipv6 address";
    return NULL;
}

static const char *hostname(Arena *a, const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '.') n--;
    if (n > 253) return "more than 253 characters long";
    size_t i = 0;
    for (;;) {
        size_t st = i;
        while (i < n && s[i] != '.') i++;
        size_t len = i - st;
        if (len < 1 || len > 63) return "label must be 1 to 63 characters long";
        if (s[st] == '-') return "label starts with hyphen";
        if (s[i - 1] == '-') return "label ends with hyphen";
        for (size_t k = st; k < i; k++) {
            char c = s[k];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || dig(c) || c == '-'))
                return bad_char(a, s, i, &k);
        }
        if (i >= n) break;
        i++;
    }
    return NULL;
}

static const char *email(Arena *a, const char *s, size_t n)
{
    if (n > 254) return "more than 255 characters long";
    const char *at = NULL;
    for (size_t i = n; i > 0; i--) if (s[i - 1] == '@') { at = s + i - 1; break; }
    if (!at) return "missing @";
    size_t ln = (size_t)(at - s);
    const char *dom = at + 1;
    size_t dn = n - ln - 1;
    if (ln > 64) return "local part more than 64 characters long";
    if (ln > 1 && s[0] == '"' && s[ln - 1] == '"') {
        for (size_t i = 1; i + 1 < ln; i++)
            if (s[i] == '\\' || s[i] == '"') return "backslash and quote are not allowed within quoted local part";
    } else {
        if (ln && s[0] == '.') return "starts with dot";
        if (ln && s[ln - 1] == '.') return "ends with dot";
        for (size_t i = 0; i + 1 < ln; i++) if (s[i] == '.' && s[i + 1] == '.') return "consecutive dots";
        for (size_t i = 0; i < ln; i++) {
            char c = s[i];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || dig(c) || (c && strchr(".!#$%&'*+-/=?^_`{|}~", c)))
                continue;
            return bad_char(a, s, ln, &i);
        }
    }
    if (dn >= 2 && dom[0] == '[' && dom[dn - 1] == ']') {
        const char *ip = dom + 1;
        size_t in = dn - 2;
        Buf b = BUF_INIT;
        const char *e;
        if (in >= 5 && memcmp(ip, "IPv6:", 5) == 0) {
            if (!(e = ipv6(a, ip + 5, in - 5))) return NULL;
            buf_printf(&b, "invalid ipv6 address: %s", e);
        } else {
            if (!(e = ipv4(a, ip, in))) return NULL;
            buf_printf(&b, "invalid ipv4 address: %s", e);
        }
        return msg(a, &b);
    }
    const char *e = hostname(a, dom, dn);
    if (!e) return NULL;
    Buf b = BUF_INIT;
    buf_printf(&b, "invalid domain: %s", e);
    return msg(a, &b);
}

/* time.Parse("2006-01-02", s) and its ParseError texts */
static const char *date(Arena *a, const char *s, size_t n)
{
    static const char *const elem[] = { "2006", "-", "01", "-", "02" };
    static const int width[] = { 4, 1, 2, 1, 2 };
    int val[5] = { 0 };
    size_t i = 0;
    for (int k = 0; k < 5; k++) {
        bool ok = i + (size_t)width[k] <= n;
        for (int j = 0; ok && j < width[k]; j++)
            ok = k % 2 ? s[i + j] == '-' : dig(s[i + j]);
        if (!ok) {
            Buf b = BUF_INIT;
            buf_adds(&b, "parsing time ");
            fmt_quote(&b, s, n);
            buf_adds(&b, " as \"2006-01-02\": cannot parse ");
            fmt_quote(&b, s + i, n - i);
            buf_printf(&b, " as \"%s\"", elem[k]);
            return msg(a, &b);
        }
        for (int j = 0; j < width[k] && !(k % 2); j++) val[k] = val[k] * 10 + (s[i + j] - '0');
        i += (size_t)width[k];
        const char *range = NULL;
        if (k == 2 && (val[2] < 1 || val[2] > 12)) range = "month";
        if (k == 4 && (val[4] < 1 || val[4] > 31)) range = "day";
        if (range) {
            Buf b = BUF_INIT;
            buf_adds(&b, "parsing time ");
            fmt_quote(&b, s, n);
            buf_printf(&b, ": %s out of range", range);
            return msg(a, &b);
        }
    }
    if (i < n) {
        Buf b = BUF_INIT;
        buf_adds(&b, "parsing time ");
        fmt_quote(&b, s, n);
        buf_adds(&b, ": extra text: ");
        fmt_quote(&b, s + i, n - i);
        return msg(a, &b);
    }
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = val[0], m = val[2], d = val[4];
    int max = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    if (d > max) {
        Buf b = BUF_INIT;
        buf_adds(&b, "parsing time ");
        fmt_quote(&b, s, n);
        buf_adds(&b, ": day out of range");
        return msg(a, &b);
    }
    return NULL;
}

static int num2(const char *s, bool *ok)
{
    if (!dig(s[0]) || !dig(s[1])) { *ok = false; return 0; }
    return (s[0] - '0') * 10 + (s[1] - '0');
}

static const char *time_(Arena *a, const char *s, size_t n)
{
    if (n < 9) return "less than 9 characters long";
    if (s[2] != ':' || s[5] != ':') return "missing colon in correct place";
    bool ok = true;
    int h = num2(s, &ok), m = num2(s + 3, &ok), sec = num2(s + 6, &ok);
    if (!ok) return "invalid hour/min/sec";
    if (h > 23 || m > 59 || sec > 60) return "hour/min/sec out of range";
    size_t i = 8;
    if (i < n && s[i] == '.') {
        size_t d = 0;
        while (i + 1 + d < n && dig(s[i + 1 + d])) d++;
        if (d == 0) return "no digits in second fraction";
        i += 1 + d;
    }
    const char *r = s + i;
    size_t rn = n - i;
    if (!(rn == 1 && (r[0] == 'z' || r[0] == 'Z'))) {
        if (rn != 6) return "offset must be 6 characters long";
        int sign;
        if (r[0] == '+') sign = -1;
        else if (r[0] == '-') sign = 1;
        else return "offset must begin with plus/minus";
        if (r[3] != ':') return "missing colon in offset in correct place";
        bool ok2 = true;
        int zh = num2(r + 1, &ok2), zm = num2(r + 4, &ok2);
        if (!ok2) return "invalid hour/min in offset";
        if (zh > 23 || zm > 59) return "hour/min in offset out of range";
        int hm = h * 60 + m + sign * (zh * 60 + zm);
        if (hm < 0) hm += 24 * 60;
        h = hm / 60;
        m = hm % 60;
    }
    if (sec >= 60 && (h != 23 || m != 59)) return "invalid leap second";
    return NULL;
}

static const char *date_time(Arena *a, const char *s, size_t n)
{
    if (n < 20) return "less than 20 characters long";
    if (s[10] != 't' && s[10] != 'T') return "11th character must be t or T";
    const char *e = date(a, s, 10);
    Buf b = BUF_INIT;
    if (e) { buf_printf(&b, "invalid date element: %s", e); return msg(a, &b); }
    e = time_(a, s + 11, n - 11);
    if (e) { buf_printf(&b, "invalid time element: %s", e); return msg(a, &b); }
    return NULL;
}

/* "period": start/end, each a date-time or (one of them) a duration */
static const char *period(Arena *a, const char *s, size_t n)
{
    const char *sl = memchr(s, '/', n);
    if (!sl) return "missing slash";
    size_t sn = (size_t)(sl - s);
    const char *e = sl + 1;
    size_t en = n - sn - 1;
    const char *err;
    Buf b = BUF_INIT;
    if (sn > 0 && s[0] == 'P') {
        if ((err = duration(a, s, sn))) { buf_printf(&b, "invalid start duration: %s", err); return msg(a, &b); }
        if ((err = date_time(a, e, en))) { buf_printf(&b, "invalid end date-time: %s", err); return msg(a, &b); }
    } else {
        if ((err = date_time(a, s, sn))) { buf_printf(&b, "invalid start date-time: %s", err); return msg(a, &b); }
        if (en > 0 && e[0] == 'P') {
            if ((err = duration(a, e, en))) { buf_printf(&b, "invalid end duration: %s", err); return msg(a, &b); }
        } else if ((err = date_time(a, e, en))) {
            buf_printf(&b, "invalid end date-time: %s", err);
            return msg(a, &b);
        }
    }
    return NULL;
}

static bool ident_char(char c)
{
    return dig(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

static const char *ident_bad(Arena *a, const char *s, size_t n, size_t k, const char *what)
{
    Buf b = BUF_INIT;
    size_t len;
    int32_t r = json_utf8_decode(s + k, n - k, &len);
    buf_adds(&b, "invalid character ");
    qrune(&b, r < 0 ? 0xFFFD : r);
    buf_printf(&b, " in %s identifier", what);
    return msg(a, &b);
}

/* "semver": semver.org's grammar, checked build, pre-release, core */
static const char *semver(Arena *a, const char *s, size_t n)
{
    const char *plus = memchr(s, '+', n);
    if (plus) {
        size_t st = (size_t)(plus - s) + 1;
        if (st == n) return "build is empty";
        for (size_t i = st; ; ) {
            size_t j = i;
            while (j < n && s[j] != '.') j++;
            if (j == i) return "build identifier is empty";
            for (size_t k = i; k < j; k++) if (!ident_char(s[k])) return ident_bad(a, s, n, k, "build");
            if (j >= n) break;
            i = j + 1;
        }
        n = (size_t)(plus - s);
    }
    const char *minus = memchr(s, '-', n);
    if (minus) {
        for (size_t i = (size_t)(minus - s) + 1; ; ) {
            size_t j = i;
            while (j < n && s[j] != '.') j++;
            if (j == i) return "pre-release identifier is empty";
            bool all_digits = true;
            for (size_t k = i; k < j; k++) {
                if (!ident_char(s[k])) return ident_bad(a, s, n, k, "pre-release");
                if (!dig(s[k])) all_digits = false;
            }
            if (all_digits && j - i > 1 && s[i] == '0') return "pre-release numeric identifier starts with zero";
            if (j >= n) break;
            i = j + 1;
        }
        n = (size_t)(minus - s);
    }
    int dots = 0;
    for (size_t i = 0; i < n; i++) if (s[i] == '.') dots++;
    if (dots != 2) return "versionCore must have 3 numbers separated by dot";
    static const char *const names[] = { "major", "minor", "patch" };
    size_t i = 0;
    for (int p = 0; p < 3; p++) {
        size_t j = i;
        while (j < n && s[j] != '.') j++;
        Buf b = BUF_INIT;
        if (j == i) { buf_printf(&b, "%s is empty", names[p]); return msg(a, &b); }
        if (j - i > 1 && s[i] == '0') { buf_printf(&b, "%s starts with zero", names[p]); return msg(a, &b); }
        for (size_t k = i; k < j; k++)
            if (!dig(s[k])) { buf_printf(&b, "%s contains non-digit", names[p]); return msg(a, &b); }
        i = j + 1;
    }
    return NULL;
}

/* ---- net/url.Parse of Go 1.25, as the library's parseURL calls it ----
 * Only what decides acceptance and the error text is kept: the scheme, the
 * unescaped host and the path's escaping (uri-template reads RawPath). */

enum { U_PATH, U_HOST, U_ZONE, U_USER, U_FRAG };

/* url.shouldEscape */
static bool url_should_escape(unsigned char c, int mode)
{
    if (((c | 32) >= 'a' && (c | 32) <= 'z') || dig((char)c)) return false;
    if (mode == U_HOST || mode == U_ZONE) {
        if (c && strchr("!$&'()*+,;=:[]<>\"", c)) return false;
    }
    if (c == '-' || c == '_' || c == '.' || c == '~') return false;
    if (c && strchr("$&+,/:;=?@", c)) {
        if (mode == U_PATH) return c == '?';
        if (mode == U_USER) return c == '@' || c == '/' || c == '?' || c == ':';
        if (mode == U_FRAG) return false;
    }
    if (mode == U_FRAG && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
    return true;
}

static int unhex(char c) { return dig(c) ? c - '0' : (c | 32) - 'a' + 10; }

/* url.unescape: the error text (EscapeError, InvalidHostError) or NULL;
 * the decoded bytes go to out when given */
static const char *url_unescape(Arena *a, const char *s, size_t n, int mode, Buf *out)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n || !hexc(s[i + 1]) || !hexc(s[i + 2])) {
                Buf b = BUF_INIT;
                buf_adds(&b, "invalid URL escape ");
                fmt_quote(&b, s + i, n - i > 3 ? 3 : n - i);
                return msg(a, &b);
            }
            int v = unhex(s[i + 1]) << 4 | unhex(s[i + 2]);
            bool pct25 = s[i + 1] == '2' && s[i + 2] == '5';
            if ((mode == U_HOST && unhex(s[i + 1]) < 8 && !pct25) ||
                (mode == U_ZONE && !pct25 && v != ' ' && url_should_escape((unsigned char)v, U_HOST))) {
                Buf b = BUF_INIT;
                buf_adds(&b, "invalid URL escape ");
                fmt_quote(&b, s + i, 3);
                return msg(a, &b);
            }
            if (out) buf_addc(out, (char)v);
            i += 3;
            continue;
        }
        if ((mode == U_HOST || mode == U_ZONE) && c < 0x80 && url_should_escape(c, mode)) {
            Buf b = BUF_INIT;
            buf_adds(&b, "invalid character ");
            fmt_quote(&b, s + i, 1);
            buf_adds(&b, " in host name");
            return msg(a, &b);
        }
        if (out) buf_addc(out, (char)c);
        i++;
    }
    return NULL;
}

static bool valid_optional_port(const char *s, size_t n)
{
    if (n == 0) return true;
    if (s[0] != ':') return false;
    for (size_t i = 1; i < n; i++) if (!dig(s[i])) return false;
    return true;
}

static const char *bad_port(Arena *a, const char *s, size_t n)
{
    Buf b = BUF_INIT;
    buf_adds(&b, "invalid port ");
    fmt_quote(&b, s, n);
    buf_adds(&b, " after host");
    return msg(a, &b);
}

/* netip.ParseAddr: the error text or NULL; *is4 for a plain IPv4 address */
static const char *parse_addr(Arena *a, const char *s, size_t n, bool *is4)
{
    Buf b = BUF_INIT;
    return addr_msg(a, netip_parse(&b, s, n, is4), &b);
}

/* url.parseHost (Go 1.25): the unescaped host goes to out */
static const char *url_host(Arena *a, const char *h, size_t n, Buf *out)
{
    const char *open = NULL;
    for (size_t i = n; i-- > 0;) if (h[i] == '[') { open = h + i; break; }
    if (open && open > h) return "invalid IP-literal";
    if (open) {
        size_t close = n;
        for (size_t i = n; i-- > 0;) if (h[i] == ']') { close = i; break; }
        if (close == n) return "missing ']' in host";
        if (!valid_optional_port(h + close + 1, n - close - 1)) return bad_port(a, h + close + 1, n - close - 1);
        const char *hn = h + 1;
        size_t hl = close - 1, zone = hl;
        for (size_t i = 0; i + 2 < hl; i++) if (hn[i] == '%' && hn[i + 1] == '2' && hn[i + 2] == '5') { zone = i; break; }
        Buf ad = BUF_INIT;
        const char *e = url_unescape(a, hn, zone, U_HOST, &ad);
        if (!e && zone < hl) e = url_unescape(a, hn + zone, hl - zone, U_ZONE, &ad);
        if (e) { buf_free(&ad); return e; }
        bool is4;
        e = parse_addr(a, ad.data ? ad.data : "", ad.len, &is4);
        if (e) {
            buf_free(&ad);
            Buf b = BUF_INIT;
            buf_adds(&b, "invalid host: ");
            buf_adds(&b, e);
            return msg(a, &b);
        }
        if (is4) { buf_free(&ad); return "invalid IP-literal"; }
        buf_addc(out, '[');
        buf_add(out, ad.data ? ad.data : "", ad.len);
        buf_addc(out, ']');
        buf_add(out, h + close + 1, n - close - 1);
        buf_free(&ad);
        return NULL;
    }
    for (size_t i = n; i-- > 0;) {
        if (h[i] != ':') continue;
        if (!valid_optional_port(h + i, n - i)) return bad_port(a, h + i, n - i);
        break;
    }
    return url_unescape(a, h, n, U_HOST, out);
}

static bool valid_userinfo(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (((c | 32) >= 'a' && (c | 32) <= 'z') || dig((char)c)) continue;
        if (c && strchr("-._:~!$&'()*+,;=%@", c)) continue;
        return false;
    }
    return true;
}

typedef struct Url {
    bool scheme, authority;
    Buf host;                 /* unescaped, with [ ] and :port */
    const char *path;         /* the escaped path and its length */
    size_t pathn;
} Url;

/* url.parse without the fragment; NULL or the bare error (no "parse ...") */
static const char *url_parse_main(Arena *a, const char *s, size_t n, Url *u)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < ' ' || s[i] == 0x7f) return "net/url: invalid control character in URL";
    if (n == 1 && s[0] == '*') return NULL;
    const char *rest = s;
    size_t rn = n;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c | 32) >= 'a' && (c | 32) <= 'z') continue;
        if (dig(c) || c == '+' || c == '-' || c == '.') { if (i == 0) break; continue; }
        if (c == ':') {
            if (i == 0) return "missing protocol scheme";
            u->scheme = true;
            rest = s + i + 1;
            rn = n - i - 1;
        }
        break;
    }
    size_t q = 0;
    for (size_t i = 0; i < rn; i++) if (rest[i] == '?') q++;
    if (q == 1 && rest[rn - 1] == '?') rn--;
    else for (size_t i = 0; i < rn; i++) if (rest[i] == '?') { rn = i; break; }
    if (!(rn && rest[0] == '/')) {
        if (u->scheme) return NULL;
        for (size_t i = 0; i < rn && rest[i] != '/'; i++)
            if (rest[i] == ':') return "first path segment in URL cannot contain colon";
    }
    if ((u->scheme || !(rn >= 3 && !memcmp(rest, "///", 3))) && rn >= 2 && rest[0] == '/' && rest[1] == '/') {
        const char *au = rest + 2;
        size_t an = rn - 2, pi = an;
        for (size_t i = 0; i < an; i++) if (au[i] == '/') { pi = i; break; }
        rest = au + pi;
        rn = an - pi;
        an = pi;
        size_t at = an;
        for (size_t i = an; i-- > 0;) if (au[i] == '@') { at = i; break; }
        const char *e = at < an ? url_host(a, au + at + 1, an - at - 1, &u->host) : url_host(a, au, an, &u->host);
        if (e) return e;
        if (at < an) {
            if (!valid_userinfo(au, at)) return "net/url: invalid userinfo";
            e = url_unescape(a, au, at, U_USER, NULL);
            if (e) return e;
        }
        u->authority = true;
    }
    u->path = rest;
    u->pathn = rn;
    return url_unescape(a, rest, rn, U_PATH, NULL);
}

static const char *url_wrap(Arena *a, const char *s, size_t n, const char *e)
{
    Buf b = BUF_INIT;
    buf_adds(&b, "parse ");
    fmt_quote(&b, s, n);
    buf_adds(&b, ": ");
    buf_adds(&b, e);
    return msg(a, &b);
}

/* url.Parse, then the library's check of an IPv6 host */
static const char *parse_url(Arena *a, const char *s, size_t n, Url *u)
{
    memset(u, 0, sizeof *u);
    const char *hash = memchr(s, '#', n);
    size_t un = hash ? (size_t)(hash - s) : n;
    const char *e = url_parse_main(a, s, un, u);
    if (e) return url_wrap(a, s, un, e);
    if (hash && (e = url_unescape(a, hash + 1, n - un - 1, U_FRAG, NULL))) return url_wrap(a, s, n, e);
    /* URL.Hostname: the host without :port and brackets */
    const char *h = u->host.data ? u->host.data : "";
    size_t hn = u->host.len, hl = hn;
    for (size_t i = hn; i-- > 0;) {
        if (h[i] != ':') continue;
        if (valid_optional_port(h + i, hn - i)) hl = i;
        break;
    }
    const char *name = h;
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') { name = h + 1; hl -= 2; }
    if (!memchr(name, ':', hl)) return NULL;
    if (!memchr(h, '[', hn) || !memchr(h, ']', hn)) return "ipv6 address not enclosed in brackets";
    e = ipv6(a, name, hl);
    if (!e) return NULL;
    Buf b = BUF_INIT;
    buf_adds(&b, "invalid ipv6 address: ");
    buf_adds(&b, e);
    return msg(a, &b);
}

static const char *uri_like(Arena *a, const char *s, size_t n, bool ref)
{
    if (ref && memchr(s, '\\', n)) return "contains \\";
    Url u;
    const char *e = parse_url(a, s, n, &u);
    buf_free(&u.host);
    if (e) return e;
    if (!ref && !u.scheme) return "relative url";
    return NULL;
}

/* the library checks the braces of RawPath's segments only: RawPath is the
 * path as written when url.escape of its unescaped form differs */
static const char *uri_template(Arena *a, const char *s, size_t n)
{
    Url u;
    const char *e = parse_url(a, s, n, &u);
    buf_free(&u.host);
    if (e) return e;
    if (!u.path) return NULL;
    Buf esc = BUF_INIT;
    static const char hexd[] = "0123456789ABCDEF";
    for (size_t i = 0; i < u.pathn;) {
        unsigned char c = (unsigned char)u.path[i];
        if (c == '%') { c = (unsigned char)(unhex(u.path[i + 1]) << 4 | unhex(u.path[i + 2])); i += 3; }
        else i++;
        if (url_should_escape(c, U_PATH)) {
            buf_addc(&esc, '%');
            buf_addc(&esc, hexd[c >> 4]);
            buf_addc(&esc, hexd[c & 15]);
        } else {
            buf_addc(&esc, (char)c);
        }
    }
    bool raw = esc.len != u.pathn || (u.pathn && memcmp(esc.data, u.path, u.pathn));
    buf_free(&esc);
    if (!raw) return NULL;
    for (size_t i = 0; i <= u.pathn;) {
        size_t j = i;
        while (j < u.pathn && u.path[j] != '/') j++;
        bool want = true;
        for (size_t k = i; k < j;) {
            char c = u.path[k];
            if (c == '%') {
                c = (char)(unhex(u.path[k + 1]) << 4 | unhex(u.path[k + 2]));
                k += 3;
            } else {
                k++;
            }
            if (c != '{' && c != '}') continue;
            bool got = c == '{';
            if (got != want) return "nested curly braces";
            want = !want;
        }
        if (!want) return "no matching closing brace";
        i = j + 1;
    }
    return NULL;
}

/* Go's regexp (RE2) refuses what PCRE2 takes: lookaround, atomic groups,
 * backreferences, possessive quantifiers.  Returns Go's error text. */
static const char *re2_unsupported(Arena *a, const char *s, size_t n)
{
    bool in_class = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            char d = s[i + 1];
            if (!in_class && d >= '1' && d <= '9') {
                Buf b = BUF_INIT;
                buf_printf(&b, "error parsing regexp: invalid escape sequence: `\\%c`", d);
                return msg(a, &b);
            }
            i++;
            continue;
        }
        if (in_class) { if (c == ']') in_class = false; continue; }
        if (c == '[') { in_class = true; if (i + 1 < n && s[i + 1] == ']') i++; continue; }
        if (c == '(' && i + 2 < n && s[i + 1] == '?') {
            char d = s[i + 2];
            bool bad = d == '=' || d == '!' || d == '>' || d == '|' || d == '#' ||
                       (d == '<' && i + 3 < n && (s[i + 3] == '=' || s[i + 3] == '!'));
            if (bad) {
                Buf b = BUF_INIT;
                buf_printf(&b, "error parsing regexp: invalid or unsupported Perl syntax: `(?%c`", d);
                return msg(a, &b);
            }
        }
        if ((c == '*' || c == '+' || c == '?') && i + 1 < n && s[i + 1] == '+') {
            Buf b = BUF_INIT;
            buf_printf(&b, "error parsing regexp: invalid nested repetition operator: `%c+`", c);
            return msg(a, &b);
        }
    }
    return NULL;
}

static const char *regex(Arena *a, const char *s, size_t n)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)s, n, PCRE2_UTF, &ec, &eo, NULL);
    if (c) {
        pcre2_code_free(c);
        return re2_unsupported(a, s, n);
    }
    /* Go's regexp messages for the common mistakes; others approximated */
    Buf b = BUF_INIT;
    if (eo > n) eo = n;
    if (ec == 114) {
        buf_adds(&b, "error parsing regexp: missing closing ): `");
        buf_add(&b, s, n);
    } else if (ec == 122) {
        buf_adds(&b, "error parsing regexp: unexpected ): `");
        buf_add(&b, s, n);
    } else if (ec == 106) {
        const char *br = memchr(s, '[', n);
        buf_adds(&b, "error parsing regexp: missing closing ]: `");
        if (br) buf_add(&b, br, n - (size_t)(br - s));
    } else if (ec == 109) {
        buf_adds(&b, "error parsing regexp: missing argument to repetition operator: `");
        if (eo < n && strchr("*+?{", s[eo])) buf_addc(&b, s[eo]);
        else if (eo > 0) buf_addc(&b, s[eo - 1]);
    } else if (ec == 101) {
        buf_adds(&b, "error parsing regexp: trailing backslash at end of expression: `");
    } else {
        buf_adds(&b, "error parsing regexp: invalid pattern: `");
        buf_add(&b, s, n);
    }
    buf_addc(&b, '`');
    return msg(a, &b);
}

const char *sformat_check(Arena *a, const char *name, Value v)
{
    return sformat_check_rx(a, name, v, NULL, NULL);
}

const char *sformat_check_rx(Arena *a, const char *name, Value v,
                             int (*rx)(void *ud, const char *pat, size_t n, Buf *err), void *ud)
{
    if (v.kind != V_STR) return NULL;
    const char *s = v.u.s->s;
    size_t n = v.u.s->len;
    if (!strcmp(name, "json-pointer")) return json_pointer(a, s, n);
    if (!strcmp(name, "relative-json-pointer")) return rel_json_pointer(a, s, n);
    if (!strcmp(name, "uuid")) return uuid(a, s, n);
    if (!strcmp(name, "duration")) return duration(a, s, n);
    if (!strcmp(name, "ipv4")) return ipv4(a, s, n);
    if (!strcmp(name, "ipv6")) return ipv6(a, s, n);
    if (!strcmp(name, "hostname")) return hostname(a, s, n);
    if (!strcmp(name, "email")) return email(a, s, n);
    if (!strcmp(name, "date")) return date(a, s, n);
    if (!strcmp(name, "time")) return time_(a, s, n);
    if (!strcmp(name, "date-time")) return date_time(a, s, n);
    if (!strcmp(name, "uri") || !strcmp(name, "iri")) return uri_like(a, s, n, false);
    if (!strcmp(name, "uri-reference") || !strcmp(name, "iri-reference")) return uri_like(a, s, n, true);
    if (!strcmp(name, "uri-template")) return uri_template(a, s, n);
    if (!strcmp(name, "regex")) {
        if (!rx) return regex(a, s, n);
        Buf e = BUF_INIT;
        if (rx(ud, s, n, &e) == 0) { buf_free(&e); return NULL; }
        return msg(a, &e);
    }
    if (!strcmp(name, "period")) return period(a, s, n);
    if (!strcmp(name, "semver")) return semver(a, s, n);
    return NULL;
}
