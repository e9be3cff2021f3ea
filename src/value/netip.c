/*
 * netip.c - see netip.h.
 */
#include "netip.h"

#include <string.h>

#include "fmt.h"

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* netip.ParseAddr's error: ParseAddr("in"): msg (at "rest") */
bool netip_err(Buf *err, const char *in, size_t n, const char *m, const char *at, size_t atn)
{
    buf_adds(err, "ParseAddr(");
    fmt_quote(err, in, n);
    buf_adds(err, "): ");
    buf_adds(err, m);
    if (at && atn) {
        buf_adds(err, " (at ");
        fmt_quote(err, at, atn);
        buf_addc(err, ')');
    }
    return false;
}

/* netip's parseIPv4Fields over s, a tail of in */
bool netip_v4(Buf *err, const char *in, size_t n, const char *s, size_t sn)
{
    int pos = 0, val = 0, digits = 0;
    for (size_t i = 0; i < sn; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9')) {
            if (digits == 1 && val == 0) return netip_err(err, in, n, "IPv4 field has octet with leading zero", NULL, 0);
            val = val * 10 + (c - '0');
            digits++;
            if (val > 255) return netip_err(err, in, n, "IPv4 field has value >255", NULL, 0);
        } else if (c == '.') {
            if (i == 0 || i == sn - 1 || s[i - 1] == '.')
                return netip_err(err, in, n, "IPv4 field must have at least one digit", s + i, sn - i);
            if (pos == 3) return netip_err(err, in, n, "IPv4 address too long", NULL, 0);
            pos++;
            val = 0;
            digits = 0;
        } else {
            return netip_err(err, in, n, "unexpected character", s + i, sn - i);
        }
    }
    if (pos < 3) return netip_err(err, in, n, "IPv4 address too short", NULL, 0);
    return true;
}

/* netip's parseIPv6 */
bool netip_v6(Buf *err, const char *in, size_t n)
{
    const char *s = in;
    size_t sn = n;
    const char *pct = memchr(in, '%', n);
    if (pct) {
        if (pct + 1 == in + n) return netip_err(err, in, n, "zone must be a non-empty string", NULL, 0);
        sn = (size_t)(pct - in);
    }
    int ellipsis = -1, i = 0;
    if (sn >= 2 && s[0] == ':' && s[1] == ':') {
        ellipsis = 0;
        s += 2;
        sn -= 2;
        if (sn == 0) return true;
    }
    while (i < 16) {
        size_t off = 0;
        unsigned acc = 0;
        for (; off < sn; off++) {
            int h = hexval(s[off]);
            if (h < 0) break;
            acc = (acc << 4) + (unsigned)h;
            if (off > 3) return netip_err(err, in, n, "each group must have 4 or less digits", s, sn);
            if (acc > 0xFFFF) return netip_err(err, in, n, "IPv6 field has value >=2^16", s, sn);
        }
        if (off == 0) return netip_err(err, in, n, "each colon-separated field must have at least one digit", s, sn);
        if (off < sn && s[off] == '.') {
            if (ellipsis < 0 && i != 12)
                return netip_err(err, in, n, "embedded IPv4 address must replace the final 2 fields of the address", s, sn);
            if (i + 4 > 16)
                return netip_err(err, in, n, "too many hex fields to fit an embedded IPv4 at the end of the address", s, sn);
            if (!netip_v4(err, in, n, s, sn)) return false;
            i += 4;
            sn = 0;
            break;
        }
        i += 2;
        s += off;
        sn -= off;
        if (sn == 0) break;
        if (s[0] != ':') return netip_err(err, in, n, "unexpected character, want colon", s, sn);
        if (sn == 1) return netip_err(err, in, n, "colon must be followed by more characters", s, sn);
        s++;
        sn--;
        if (s[0] == ':') {
            if (ellipsis >= 0) return netip_err(err, in, n, "multiple :: in address", s, sn);
            ellipsis = i;
            s++;
            sn--;
            if (sn == 0) break;
        }
    }
    if (sn != 0) return netip_err(err, in, n, "trailing garbage after address", s, sn);
    if (i < 16) {
        if (ellipsis < 0) return netip_err(err, in, n, "address string too short", NULL, 0);
    } else if (ellipsis >= 0) {
        return netip_err(err, in, n, "the :: must expand to at least one field of zeros", NULL, 0);
    }
    return true;
}

/* netip.ParseAddr; *is4 for a plain IPv4 address */
bool netip_parse(Buf *err, const char *s, size_t n, bool *is4)
{
    *is4 = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') return (*is4 = netip_v4(err, s, n, s, n));
        if (s[i] == ':') return netip_v6(err, s, n);
        if (s[i] == '%') return netip_err(err, s, n, "missing IPv6 address", NULL, 0);
    }
    return netip_err(err, s, n, "unable to parse IP", NULL, 0);
}
