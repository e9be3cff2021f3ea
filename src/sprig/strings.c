/*
 * strings.c - Sprig's string functions (group "strings").
 *
 * Each function reproduces the Go code Sprig v3.3.0 calls: the standard
 * strings package, Masterminds/goutils (abbrev, wrap, initials, swapcase,
 * nospace, untitle) and huandu/xstrings (camelcase, snakecase, kebabcase).
 * Several of those work on bytes, not runes, and mangle non-ASCII text;
 * that is reproduced on purpose (noted where done).  The random
 * functions (rand*, shuffle, randInt) live in encoding.c.
 * Go's panics (substr out of range, negative repeat) become the errors
 * text/template reports for a recovered panic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/path.h"
#include "../value/fmt.h"
#include "cast.h"
#include "sprig_text.h"
#include "sprig_util.h"

/* ---- helpers ---------------------------------------------------------- */

static const char *S(Value v) { return v.u.s->s; }
static size_t N(Value v) { return v.u.s->len; }

static const char *mem_find(const char *h, size_t hn, const char *nd, size_t nn)
{
    if (nn == 0) return h;
    if (nn > hn) return NULL;
    return memmem(h, hn, nd, nn);
}

static const char *mem_rfind(const char *h, size_t hn, const char *nd, size_t nn)
{
    if (nn > hn) return NULL;
    for (size_t i = hn - nn + 1; i-- > 0;)
        if (memcmp(h + i, nd, nn) == 0) return h + i;
    return NULL;
}

/* strings.Map over runes: invalid bytes come out as U+FFFD, as Go's Map does. */
typedef int32_t (*RuneMap)(SprigUC *u, int32_t r, int32_t *state);

static int map_runes(FnCall *c, Value *out, const char *s, size_t n, RuneMap f)
{
    Buf b = BUF_INIT;
    SprigUC u = {0};
    int32_t state = ' ';
    buf_reserve(&b, n + 1);
    for (size_t i = 0; i < n;) {
        int32_t r;
        i += sprig_utf8_decode(s + i, n - i, &r);
        sprig_buf_rune(&b, f(&u, r, &state));
    }
    sprig_uc_close(&u);
    return sprig_ret_buf(c, out, &b);
}

static int32_t rm_upper(SprigUC *u, int32_t r, int32_t *st) { (void)st; return sprig_to_upper(u, r); }
static int32_t rm_lower(SprigUC *u, int32_t r, int32_t *st) { (void)st; return sprig_to_lower(u, r); }

/* strings.Title's isSeparator. */
static bool title_sep(SprigUC *u, int32_t r)
{
    if (r <= 0x7F) {
        if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_')
            return false;
        return true;
    }
    if (sprig_is_letter(u, r) || sprig_is_digit(u, r)) return false;
    return sprig_is_space(r);
}

static int32_t rm_title(SprigUC *u, int32_t r, int32_t *prev)
{
    int32_t o = r;
    if (title_sep(u, *prev)) o = sprig_to_title(u, r);
    *prev = r;
    return o;
}

/* ---- case ------------------------------------------------------------- */

/* strings.ToUpper/ToLower: ASCII text maps byte by byte (Go's fast path
 * too); anything else rune by rune. */
static int map_case(FnCall *c, Value *out, const char *s, size_t n, bool upper)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    if (i < n) return map_runes(c, out, s, n, upper ? rm_upper : rm_lower);
    BUF_LOCAL(b, 512);
    buf_reserve(&b, n);
    char lo = upper ? 'a' : 'A', hi = upper ? 'z' : 'Z';
    for (i = 0; i < n; i++) b.data[i] = s[i] >= lo && s[i] <= hi ? (char)(s[i] ^ 0x20) : s[i];
    b.len = n;
    b.data[n] = 0;
    return sprig_ret_buf(c, out, &b);
}

static int f_upper(FnCall *c, int argc, Value *argv, Value *out) { return map_case(c, out, S(argv[0]), N(argv[0]), true); }
static int f_lower(FnCall *c, int argc, Value *argv, Value *out) { return map_case(c, out, S(argv[0]), N(argv[0]), false); }
static int f_title(FnCall *c, int argc, Value *argv, Value *out) { return map_runes(c, out, S(argv[0]), N(argv[0]), rm_title); }

/* goutils.Uncapitalize: lower-case the first rune of each space-separated word. */
static int f_untitle(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *s = S(argv[0]);
    size_t n = N(argv[0]);
    Buf b = BUF_INIT;
    SprigUC u = {0};
    bool next = true;
    for (size_t i = 0; i < n;) {
        int32_t r;
        i += sprig_utf8_decode(s + i, n - i, &r);
        if (sprig_is_space(r)) next = true;
        else if (next) { r = sprig_to_lower(&u, r); next = false; }
        sprig_buf_rune(&b, r);
    }
    sprig_uc_close(&u);
    return sprig_ret_buf(c, out, &b);
}

/* goutils.SwapCase: word based, a lower-case letter after a space (or at
 * the start) becomes title case, so "hello World" -> "HELLO wORLD". */
static int f_swapcase(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *s = S(argv[0]);
    size_t n = N(argv[0]);
    Buf b = BUF_INIT;
    SprigUC u = {0};
    bool ws = true;
    for (size_t i = 0; i < n;) {
        int32_t r;
        i += sprig_utf8_decode(s + i, n - i, &r);
        if (sprig_is_upper(&u, r) || sprig_is_title(r)) {
            r = sprig_to_lower(&u, r);
            ws = false;
        } else if (sprig_is_lower(&u, r)) {
            r = ws ? sprig_to_title(&u, r) : sprig_to_upper(&u, r);
            ws = false;
        } else {
            ws = sprig_is_space(r);
        }
        sprig_buf_rune(&b, r);
    }
    sprig_uc_close(&u);
    return sprig_ret_buf(c, out, &b);
}

/* xstrings.ToPascalCase (Sprig's camelcase): connectors are - _ and spaces. */
static bool is_connector(int32_t r) { return r == '-' || r == '_' || sprig_is_space(r); }

static int f_camelcase(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *s = S(argv[0]);
    size_t n = N(argv[0]), i = 0, size = 0;
    Buf b = BUF_INIT;
    SprigUC u = {0};
    int32_t r0 = 0, r1;
    bool first_upper = false;
    if (n == 0) return sprig_ret_str(c, out, "", 0);
    while (i < n) {
        size = sprig_utf8_decode(s + i, n - i, &r0);
        i += size;
        if (!is_connector(r0)) {
            first_upper = sprig_is_upper(&u, r0);
            r0 = sprig_to_upper(&u, r0);
            break;
        }
        sprig_buf_rune(&b, r0);
    }
    if (i >= n) {
        /* Go writes the last rune again even when it was a connector
         * already written: camelcase "_" is "__". */
        if (size) sprig_buf_rune(&b, r0);
        sprig_uc_close(&u);
        return sprig_ret_buf(c, out, &b);
    }
    while (i < n) {
        r1 = r0;
        i += sprig_utf8_decode(s + i, n - i, &r0);
        if (is_connector(r0) && is_connector(r1)) {
            sprig_buf_rune(&b, r1);
            continue;
        }
        if (is_connector(r1)) {
            first_upper = sprig_is_upper(&u, r0);
            r0 = sprig_to_upper(&u, r0);
        } else {
            if (first_upper) {
                if (sprig_is_upper(&u, r0)) r0 = sprig_to_lower(&u, r0);
                else first_upper = false;
            }
            sprig_buf_rune(&b, r1);
        }
    }
    sprig_buf_rune(&b, r0);
    sprig_uc_close(&u);
    return sprig_ret_buf(c, out, &b);
}

/* xstrings' word splitter for ToSnakeCase / ToKebabCase. */
enum { W_INVALID, W_NUMBER, W_UPPER, W_ALPHA, W_CONNECTOR, W_PUNCT, W_OTHER };

typedef struct Words {
    const char *s;
    size_t n;
    SprigUC *u;
} Words;

/* isAlphabet: a letter that is not CJK. */
static bool is_alphabet(SprigUC *u, int32_t r)
{
    if (!sprig_is_letter(u, r)) return false;
    if (r < 0x3400) return true;
    if ((r >= 0x4E00 && r <= 0x9FCC) || (r >= 0x3400 && r <= 0x4D85) || (r >= 0x20000 && r <= 0x2B81D))
        return false;
    return true;
}

/* nextValidRune: skips invalid bytes, counting them in *size. */
static int32_t next_valid(const char *s, size_t n, int32_t prev, size_t *size)
{
    size_t sz = 0;
    while (sz < n) {
        int32_t r;
        size_t w = sprig_utf8_decode(s + sz, n - sz, &r);
        sz += w;
        if (r != SPRIG_RUNE_ERROR) { *size = sz; return r; }
    }
    *size = sz;
    return prev;
}

/* Returns the word type; *wn = word length; the rest starts at s + *rest. */
static int next_word(SprigUC *u, const char *s, size_t n, size_t *wn, size_t *rest)
{
    size_t size, off, rem;
    if (n == 0) { *wn = 0; *rest = 0; return W_INVALID; }
    int32_t r = next_valid(s, n, SPRIG_RUNE_ERROR, &size);
    off = size;
    rem = size;
    int wt;
    if (r == SPRIG_RUNE_ERROR) { *wn = off; *rest = off; return W_INVALID; }
#define LOOP(cond) \
    while (rem < n) { \
        r = next_valid(s + rem, n - rem, r, &size); \
        if (!(cond)) break; \
        off += size; rem += size; \
    }
    if (is_connector(r)) {
        wt = W_CONNECTOR;
        LOOP(is_connector(r));
    } else if (sprig_is_punct(u, r)) {
        wt = W_PUNCT;
        LOOP(sprig_is_punct(u, r));
    } else if (sprig_is_upper(u, r)) {
        wt = W_UPPER;
        if (rem < n) {
            r = next_valid(s + rem, n - rem, r, &size);
            if (sprig_is_upper(u, r)) {
                size_t prev = size;
                off += size; rem += size;
                while (rem < n) {
                    r = next_valid(s + rem, n - rem, r, &size);
                    if (!sprig_is_upper(u, r)) break;
                    prev = size;
                    off += size; rem += size;
                }
                /* "HTTPStatus": the S starts the next word. */
                if (rem < n && is_alphabet(u, r)) {
                    off -= prev;
                    rem = off;
                }
            } else if (is_alphabet(u, r)) {
                off += size; rem += size;
                LOOP(is_alphabet(u, r) && !sprig_is_upper(u, r));
            }
        }
    } else if (is_alphabet(u, r)) {
        wt = W_ALPHA;
        LOOP(is_alphabet(u, r) && !sprig_is_upper(u, r));
    } else if (sprig_is_number(u, r)) {
        wt = W_NUMBER;
        LOOP(sprig_is_number(u, r));
    } else {
        wt = W_OTHER;
        LOOP(!(size == 0 || is_connector(r) || is_alphabet(u, r) || sprig_is_number(u, r) || sprig_is_punct(u, r)));
    }
#undef LOOP
    *wn = off;
    *rest = rem;
    return wt;
}

static void word_lower(SprigUC *u, Buf *b, int wt, const char *s, size_t n, int32_t conn)
{
    if (wt != W_UPPER && wt != W_CONNECTOR) { buf_add(b, s, n); return; }
    for (size_t i = 0; i < n;) {
        int32_t r;
        i += sprig_utf8_decode(s + i, n - i, &r);
        if (is_connector(r)) sprig_buf_rune(b, conn);
        else if (sprig_is_upper(u, r)) sprig_buf_rune(b, sprig_to_lower(u, r));
        else sprig_buf_rune(b, r);
    }
}

/* xstrings.camelCaseToLowerCase, step by step. */
static void to_lower_case(SprigUC *u, Buf *b, const char *str, size_t n, int32_t conn)
{
    size_t wn, adv;
    const char *word = str, *rem;
    int wt = next_word(u, str, n, &wn, &adv);
    rem = str + adv;
    size_t rn = n - adv;
#define NEXT() do { word = rem; wt = next_word(u, rem, rn, &wn, &adv); rem += adv; rn -= adv; } while (0)
    while (rn > 0) {
        if (wt != W_CONNECTOR) word_lower(u, b, wt, word, wn, conn);
        int prev = wt;
        const char *last = word;
        size_t lastn = wn;
        NEXT();
        switch (prev) {
        case W_NUMBER:
            while (wt == W_ALPHA || wt == W_NUMBER) {
                word_lower(u, b, wt, word, wn, conn);
                NEXT();
            }
            if (wt != W_INVALID && wt != W_PUNCT && wt != W_CONNECTOR) sprig_buf_rune(b, conn);
            break;
        case W_CONNECTOR:
            word_lower(u, b, prev, last, lastn, conn);
            break;
        case W_PUNCT:
            break;
        default:
            if (wt != W_NUMBER) {
                if (wt != W_CONNECTOR && wt != W_PUNCT) sprig_buf_rune(b, conn);
                break;
            }
            if (rn == 0) break;
            last = word;
            lastn = wn;
            NEXT();
            if (wt != W_ALPHA) {
                word_lower(u, b, W_NUMBER, last, lastn, conn);
                if (wt != W_CONNECTOR && wt != W_PUNCT) sprig_buf_rune(b, conn);
                break;
            }
            sprig_buf_rune(b, conn);
            word_lower(u, b, W_NUMBER, last, lastn, conn);
            while (wt == W_ALPHA || wt == W_NUMBER) {
                word_lower(u, b, wt, word, wn, conn);
                NEXT();
            }
            if (wt != W_INVALID && wt != W_CONNECTOR && wt != W_PUNCT) sprig_buf_rune(b, conn);
        }
    }
#undef NEXT
    word_lower(u, b, wt, word, wn, conn);
}

static int lower_case(FnCall *c, Value *out, Value s, int32_t conn)
{
    BUF_LOCAL(b, 512);
    SprigUC u = {0};
    if (N(s)) to_lower_case(&u, &b, S(s), N(s), conn);
    sprig_uc_close(&u);
    return sprig_ret_buf(c, out, &b);
}

static int f_snakecase(FnCall *c, int argc, Value *argv, Value *out) { return lower_case(c, out, argv[0], '_'); }
static int f_kebabcase(FnCall *c, int argc, Value *argv, Value *out) { return lower_case(c, out, argv[0], '-'); }

/* ---- trimming --------------------------------------------------------- */

/* Trims runes matching pred from both ends, as strings.TrimFunc does
 * (an invalid byte is U+FFFD). */
typedef bool (*RunePred)(int32_t r, const Value *ctx);

static int trim_func(FnCall *c, Value *out, Value v, RunePred pred, const Value *ctx)
{
    const char *s = S(v);
    size_t a = 0, e = N(v);
    while (a < e) {
        int32_t r;
        size_t w = sprig_utf8_decode(s + a, e - a, &r);
        if (!pred(r, ctx)) break;
        a += w;
    }
    while (e > a) {
        size_t st = e - 1;
        while (st > a && e - st < 4 && ((unsigned char)s[st] & 0xC0) == 0x80) st--;
        int32_t r;
        size_t w = sprig_utf8_decode(s + st, e - st, &r);
        if (st + w != e) { st = e - 1; r = SPRIG_RUNE_ERROR; }
        if (!pred(r, ctx)) break;
        e = st;
    }
    return sprig_ret_str(c, out, s + a, e - a);
}

static bool pred_space(int32_t r, const Value *ctx) { return sprig_is_space(r); }

static bool pred_cutset(int32_t r, const Value *cs)
{
    for (size_t i = 0; i < N(*cs);) {
        int32_t q;
        i += sprig_utf8_decode(S(*cs) + i, N(*cs) - i, &q);
        if (q == r) return true;
    }
    return false;
}

static int f_trim(FnCall *c, int argc, Value *argv, Value *out) { return trim_func(c, out, argv[0], pred_space, NULL); }

/* strings.Trim(s, cutset); Sprig's trimAll takes the cutset first. */
static int f_trimall(FnCall *c, int argc, Value *argv, Value *out)
{
    if (N(argv[0]) == 0) { *out = argv[1]; return 0; }
    return trim_func(c, out, argv[1], pred_cutset, &argv[0]);
}

static int f_trimprefix(FnCall *c, int argc, Value *argv, Value *out)
{
    Value p = argv[0], s = argv[1];
    if (N(p) <= N(s) && memcmp(S(s), S(p), N(p)) == 0)
        return sprig_ret_str(c, out, S(s) + N(p), N(s) - N(p));
    *out = s;
    return 0;
}

static int f_trimsuffix(FnCall *c, int argc, Value *argv, Value *out)
{
    Value p = argv[0], s = argv[1];
    if (N(p) <= N(s) && memcmp(S(s) + N(s) - N(p), S(p), N(p)) == 0)
        return sprig_ret_str(c, out, S(s), N(s) - N(p));
    *out = s;
    return 0;
}

/* goutils.DeleteWhiteSpace works on bytes: each byte is taken as the rune
 * of the same value, so when anything is removed every non-ASCII byte is
 * re-encoded as a Latin-1 letter (helm: nospace "é x" -> "Ã©x"), and bytes
 * 0x85/0xA0 count as spaces. */
static int f_nospace(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *s = S(argv[0]);
    size_t n = N(argv[0]);
    Buf b = BUF_INIT;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t r = (unsigned char)s[i];
        if (!sprig_is_space(r)) { sprig_buf_rune(&b, r); kept++; }
    }
    if (kept == n) { buf_free(&b); *out = argv[0]; return 0; }
    return sprig_ret_buf(c, out, &b);
}

/* ---- cutting ---------------------------------------------------------- */

/* goutils.AbbreviateFull (byte based); "" for its error cases. */
static void abbreviate(Buf *b, const char *s, size_t n, long off, long w)
{
    if (n == 0 || w < 4) return;
    long len = (long)n;
    if (len <= w) { buf_add(b, s, n); return; }
    if (off > len) off = len;
    if (len - off < w - 3) off = len - (w - 3);
    if (off <= 4) {
        buf_add(b, s, (size_t)(w - 3));
        buf_adds(b, "...");
        return;
    }
    if (w < 7) return;
    buf_adds(b, "...");
    if (off + w - 3 < len) abbreviate(b, s + off, (size_t)(len - off), 0, w - 3);
    else buf_add(b, s + len - (w - 3), (size_t)(w - 3));
}

static int f_abbrev(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t w = argv[0].u.i;
    if (w < 4) { *out = argv[1]; return 0; }
    Buf b = BUF_INIT;
    abbreviate(&b, S(argv[1]), N(argv[1]), 0, (long)w);
    return sprig_ret_buf(c, out, &b);
}

static int f_abbrevboth(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t l = argv[0].u.i, r = argv[1].u.i;
    if (r < 4 || (l > 0 && r < 7)) { *out = argv[2]; return 0; }
    Buf b = BUF_INIT;
    abbreviate(&b, S(argv[2]), N(argv[2]), (long)l, (long)r);
    return sprig_ret_buf(c, out, &b);
}

static int f_trunc(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t k = argv[0].u.i, len = (int64_t)N(argv[1]);
    if (k < 0 && len + k > 0) return sprig_ret_str(c, out, S(argv[1]) + len + k, (size_t)-k);
    if (k >= 0 && len > k) return sprig_ret_str(c, out, S(argv[1]), (size_t)k);
    *out = argv[1];
    return 0;
}

/* Go's panic text for a bad s[lo:hi], as text/template reports it. */
static int slice_panic(FnCall *c, int64_t lo, int64_t hi, int64_t len, int form)
{
    if (form == 0 && hi < 0) return fn_error(c, "runtime error: slice bounds out of range [:%lld]", (long long)hi);
    if (form == 0) return fn_error(c, "runtime error: slice bounds out of range [:%lld] with length %lld", (long long)hi, (long long)len);
    if (form == 1) return fn_error(c, "runtime error: slice bounds out of range [%lld:%lld]", (long long)lo, (long long)len);
    return fn_error(c, "runtime error: slice bounds out of range [%lld:%lld]", (long long)lo, (long long)hi);
}

static int f_substr(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t a = argv[0].u.i, e = argv[1].u.i, len = (int64_t)N(argv[2]);
    const char *s = S(argv[2]);
    if (a < 0) {
        if (e < 0 || e > len) return slice_panic(c, 0, e, len, 0);
        return sprig_ret_str(c, out, s, (size_t)e);
    }
    if (e < 0 || e > len) {
        if (a > len) return slice_panic(c, a, 0, len, 1);
        return sprig_ret_str(c, out, s + a, (size_t)(len - a));
    }
    if (a > e) return slice_panic(c, a, e, len, 2);
    return sprig_ret_str(c, out, s + a, (size_t)(e - a));
}

/* ---- building --------------------------------------------------------- */

static int repeat_into(FnCall *c, Buf *b, const char *s, size_t n, int64_t count)
{
    if (count < 0) return fn_error(c, "strings: negative Repeat count");
    if (n == 0 || count == 0) return 0;
    if ((uint64_t)count > SPRIG_MAX_RESULT / n) {
        if ((uint64_t)count > (uint64_t)INT64_MAX / n) return fn_error(c, "strings: Repeat output length overflow");
        return fn_error(c, "out of memory");
    }
    buf_reserve(b, n * (size_t)count + 1);
    for (int64_t i = 0; i < count; i++) buf_add(b, s, n);
    return 0;
}

static int f_repeat(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    if (repeat_into(c, &b, S(argv[1]), N(argv[1]), argv[0].u.i) < 0) { buf_free(&b); return -1; }
    return sprig_ret_buf(c, out, &b);
}

static int indent_into(FnCall *c, Buf *b, int64_t sp, Value v)
{
    if (sp < 0) return fn_error(c, "strings: negative Repeat count");
    const char *s = S(v), *end = s + N(v);
    size_t lines = 1;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(end - p))); p++) lines++;
    if ((uint64_t)sp > SPRIG_MAX_RESULT / lines) return fn_error(c, "out of memory");
    buf_reserve(b, N(v) + (size_t)sp * lines);
    char *w = b->data + b->len;
    for (const char *p = s;;) {
        memset(w, ' ', (size_t)sp);
        w += sp;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl + 1 : end;
        memcpy(w, p, (size_t)(stop - p));
        w += stop - p;
        if (!nl) break;
        p = stop;
    }
    b->len = (size_t)(w - b->data);
    b->data[b->len] = 0;
    return 0;
}

static int f_indent(FnCall *c, int argc, Value *argv, Value *out)
{
    BUF_LOCAL(b, 1024);
    if (indent_into(c, &b, argv[0].u.i, argv[1]) < 0) { buf_free(&b); return -1; }
    return sprig_ret_buf(c, out, &b);
}

static int f_nindent(FnCall *c, int argc, Value *argv, Value *out)
{
    BUF_LOCAL(b, 1024);
    buf_addc(&b, '\n');
    if (indent_into(c, &b, argv[0].u.i, argv[1]) < 0) { buf_free(&b); return -1; }
    return sprig_ret_buf(c, out, &b);
}

/* strings.Replace(src, old, new, -1); an empty old matches before every rune. */
static int f_replace(FnCall *c, int argc, Value *argv, Value *out)
{
    Value o = argv[0], nw = argv[1], src = argv[2];
    const char *s = S(src);
    size_t n = N(src);
    BUF_LOCAL(b, 512);
    if (N(o) == 0) {
        buf_add(&b, S(nw), N(nw));
        for (size_t i = 0; i < n;) {
            int32_t r;
            size_t w = sprig_utf8_decode(s + i, n - i, &r);
            buf_add(&b, s + i, w);
            buf_add(&b, S(nw), N(nw));
            i += w;
            if (b.len > SPRIG_MAX_RESULT) { buf_free(&b); return fn_error(c, "out of memory"); }
        }
        return sprig_ret_buf(c, out, &b);
    }
    size_t i = 0;
    for (;;) {
        const char *p = mem_find(s + i, n - i, S(o), N(o));
        if (!p) break;
        buf_add(&b, s + i, (size_t)(p - (s + i)));
        buf_add(&b, S(nw), N(nw));
        i = (size_t)(p - s) + N(o);
        if (b.len > SPRIG_MAX_RESULT) { buf_free(&b); return fn_error(c, "out of memory"); }
    }
    buf_add(&b, s + i, n - i);
    return sprig_ret_buf(c, out, &b);
}

/* goutils.WrapCustom (byte based, words split on ' ' only). */
static void wrap_custom(Buf *b, const char *s, size_t n, int64_t wl, const char *nl, size_t nln, bool longw)
{
    if (n == 0) return;
    if (nln == 0) { nl = "\n"; nln = 1; }
    if (wl < 1) wl = 1;
    size_t len = n, off = 0, w = (size_t)wl;
    if ((uint64_t)wl > n) w = n + 1;
    while (len - off > w) {
        if (s[off] == ' ') { off++; continue; }
        size_t end = w + off + 1;
        const char *sp = mem_rfind(s + off, end - off, " ", 1);
        if (sp) {
            size_t at = (size_t)(sp - s);
            buf_add(b, s + off, at - off);
            buf_add(b, nl, nln);
            off = at + 1;
        } else if (longw) {
            buf_add(b, s + off, w);
            buf_add(b, nl, nln);
            off += w;
        } else {
            size_t e2 = w + off;
            const char *q = memchr(s + e2, ' ', len - e2);
            if (q) {
                size_t at = (size_t)(q - s);
                buf_add(b, s + off, at - off);
                buf_add(b, nl, nln);
                off = at + 1;
            } else {
                buf_add(b, s + off, len - off);
                off = len;
            }
        }
    }
    buf_add(b, s + off, len - off);
}

static int f_wrap(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    wrap_custom(&b, S(argv[1]), N(argv[1]), argv[0].u.i, "", 0, false);
    return sprig_ret_buf(c, out, &b);
}

static int f_wrapwith(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    wrap_custom(&b, S(argv[2]), N(argv[2]), argv[0].u.i, S(argv[1]), N(argv[1]), true);
    return sprig_ret_buf(c, out, &b);
}

/* goutils.Initials is byte based too: non-ASCII first bytes come out as
 * Latin-1 letters (helm: initials "héllo wörld" -> "hw"). */
static int f_initials(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *s = S(argv[0]);
    size_t n = N(argv[0]);
    Buf b = BUF_INIT;
    bool gap = true;
    for (size_t i = 0; i < n; i++) {
        int32_t r = (unsigned char)s[i];
        if (sprig_is_space(r)) gap = true;
        else if (gap) { sprig_buf_rune(&b, r); gap = false; }
    }
    return sprig_ret_buf(c, out, &b);
}

static int f_contains(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(mem_find(S(argv[1]), N(argv[1]), S(argv[0]), N(argv[0])) != NULL);
    return 0;
}

static int f_hasprefix(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(N(argv[0]) <= N(argv[1]) && memcmp(S(argv[1]), S(argv[0]), N(argv[0])) == 0);
    return 0;
}

static int f_hassuffix(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(N(argv[0]) <= N(argv[1]) &&
                    memcmp(S(argv[1]) + N(argv[1]) - N(argv[0]), S(argv[0]), N(argv[0])) == 0);
    return 0;
}

/* quote, squote and cat drop nil arguments and join the others with a
 * space: quote as %q of strval, squote as '%v' (so []byte prints as
 * [104 105]), cat as %v. */
enum { J_QUOTE, J_SQUOTE, J_CAT };

static int join_non_nil(FnCall *c, int argc, Value *argv, Value *out, int how)
{
    BUF_LOCAL(b, 512);
    BUF_LOCAL(t, 512);
    bool any = false;
    for (int i = 0; i < argc; i++) {
        if (argv[i].kind == V_NIL) continue;
        if (any) buf_addc(&b, ' ');
        any = true;
        if (how == J_QUOTE && argv[i].kind == V_STR) {
            fmt_quote(&b, argv[i].u.s->s, argv[i].u.s->len);
        } else if (how == J_QUOTE) {
            buf_clear(&t);
            cast_strval(&t, argv[i]);
            fmt_quote(&b, t.data ? t.data : "", t.len);
        } else if (how == J_SQUOTE) {
            buf_addc(&b, '\'');
            fmt_value(&b, argv[i]);
            buf_addc(&b, '\'');
        } else {
            fmt_value(&b, argv[i]);
        }
    }
    buf_free(&t);
    return sprig_ret_buf(c, out, &b);
}

static int f_quote(FnCall *c, int argc, Value *argv, Value *out) { return join_non_nil(c, argc, argv, out, J_QUOTE); }
static int f_squote(FnCall *c, int argc, Value *argv, Value *out) { return join_non_nil(c, argc, argv, out, J_SQUOTE); }
static int f_cat(FnCall *c, int argc, Value *argv, Value *out) { return join_non_nil(c, argc, argv, out, J_CAT); }

static int f_plural(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = argv[2].u.i == 1 ? argv[0] : argv[1];
    return 0;
}

static int f_tostring(FnCall *c, int argc, Value *argv, Value *out)
{
    Str *s = cast_strval_str(fn_arena(c), argv[0]);
    if (!s) return fn_error(c, "out of memory");
    *out = val_str(s);
    return 0;
}

static int f_hello(FnCall *c, int argc, Value *argv, Value *out)
{
    return sprig_ret_str(c, out, "Hello!", 6);
}

/* ---- splitting and joining ------------------------------------------ */

/* strings.SplitN(s, sep, n) into a []string list; n < 0 = all, n == 0 = none. */
static List *split_n(FnCall *c, const char *s, size_t len, const char *sep, size_t sn, int64_t n)
{
    List *l = sprig_new_list(c, 0);
    if (!l || n == 0) return l;
    Arena *a = fn_arena(c);
    size_t i = 0;
    if (sn == 0) {
        /* explode into UTF-8 sequences, the last piece keeps the rest */
        while (i < len) {
            if (n > 0 && (int64_t)l->len == n - 1) break;
            int32_t r;
            size_t w = sprig_utf8_decode(s + i, len - i, &r);
            if (!list_push(a, l, val_strn(a, s + i, w))) { fn_error(c, "out of memory"); return NULL; }
            i += w;
        }
        if (i < len && !list_push(a, l, val_strn(a, s + i, len - i))) { fn_error(c, "out of memory"); return NULL; }
        return l;
    }
    for (;;) {
        const char *p = (n < 0 || (int64_t)l->len < n - 1) ? mem_find(s + i, len - i, sep, sn) : NULL;
        size_t e = p ? (size_t)(p - s) : len;
        if (!list_push(a, l, val_strn(a, s + i, e - i))) { fn_error(c, "out of memory"); return NULL; }
        if (!p) break;
        i = e + sn;
    }
    return l;
}

static int split_map(FnCall *c, Value *out, List *l)
{
    if (!l) return -1;
    Arena *a = fn_arena(c);
    Map *m = map_new(a, l->len);
    if (!m) return fn_error(c, "out of memory");
    char key[32];
    for (uint32_t i = 0; i < l->len; i++) {
        int k = snprintf(key, sizeof key, "_%u", i);
        Str *ks = str_new(a, key, (size_t)k);
        if (!ks || !map_set(a, m, ks, l->items[i])) return fn_error(c, "out of memory");
    }
    *out = val_map(m);
    out->gtype = GT_MAP_STRING;
    return 0;
}

static int f_split(FnCall *c, int argc, Value *argv, Value *out)
{
    return split_map(c, out, split_n(c, S(argv[1]), N(argv[1]), S(argv[0]), N(argv[0]), -1));
}

static int f_splitn(FnCall *c, int argc, Value *argv, Value *out)
{
    return split_map(c, out, split_n(c, S(argv[2]), N(argv[2]), S(argv[0]), N(argv[0]), argv[1].u.i));
}

static int f_splitlist(FnCall *c, int argc, Value *argv, Value *out)
{
    List *l = split_n(c, S(argv[1]), N(argv[1]), S(argv[0]), N(argv[0]), -1);
    if (!l) return -1;
    *out = val_list(l);
    out->gtype = GT_LIST_STRING;
    return 0;
}

/* Sprig's strslice: []string as is; slices item by item without nils;
 * nil -> []; anything else -> [strval]. */
static List *strslice(FnCall *c, Value v, bool *same)
{
    *same = false;
    if (v.kind == V_LIST && v.gtype == GT_LIST_STRING) { *same = true; return v.u.l; }
    Arena *a = fn_arena(c);
    List *l = sprig_new_list(c, 0);
    if (!l) return NULL;
    if (sprig_is_seq(v)) {
        for (uint32_t i = 0; i < sprig_seq_len(v); i++) {
            Value it = sprig_seq_at(v, i);
            if (it.kind == V_NIL) continue;
            Str *s = cast_strval_str(a, it);
            if (!s || !list_push(a, l, val_str(s))) { fn_error(c, "out of memory"); return NULL; }
        }
    } else if (v.kind != V_NIL) {
        Str *s = cast_strval_str(a, v);
        if (!s || !list_push(a, l, val_str(s))) { fn_error(c, "out of memory"); return NULL; }
    }
    return l;
}

static int f_tostrings(FnCall *c, int argc, Value *argv, Value *out)
{
    bool same;
    List *l = strslice(c, argv[0], &same);
    if (!l) return -1;
    *out = val_list(l);
    out->gtype = GT_LIST_STRING;
    return 0;
}

static int f_join(FnCall *c, int argc, Value *argv, Value *out)
{
    bool same;
    List *l = strslice(c, argv[1], &same);
    if (!l) return -1;
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < l->len; i++) {
        if (i) buf_add(&b, S(argv[0]), N(argv[0]));
        Value it = l->items[i];
        buf_add(&b, S(it), N(it));
        if (b.len > SPRIG_MAX_RESULT) { buf_free(&b); return fn_error(c, "out of memory"); }
    }
    return sprig_ret_buf(c, out, &b);
}

static int str_item_cmp(const void *x, const void *y)
{
    return str_cmp(((const Value *)x)->u.s, ((const Value *)y)->u.s);
}

/* sortAlpha sorts a []string argument in place (strslice returns it
 * unchanged), so the caller's list changes too, as in Go. */
static int f_sortalpha(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    List *l;
    if (sprig_is_seq(v)) {
        bool same;
        l = strslice(c, v, &same);
        if (!l) return -1;
        if (l->len > 1) qsort(l->items, l->len, sizeof(Value), str_item_cmp);
    } else {
        l = sprig_new_list(c, 1);
        Str *s = l ? cast_strval_str(fn_arena(c), v) : NULL;
        if (!s) return fn_error(c, "out of memory");
        l->items[0] = val_str(s);
        l->len = 1;
    }
    *out = val_list(l);
    out->gtype = GT_LIST_STRING;
    return 0;
}

/* ---- paths (Go's path package; filepath is the same on Linux) -------- */

static int f_clean(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    path_clean(&b, S(argv[0]), N(argv[0]));
    return sprig_ret_buf(c, out, &b);
}

static int f_base(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *p = S(argv[0]);
    size_t n = N(argv[0]);
    if (n == 0) return sprig_ret_str(c, out, ".", 1);
    while (n > 0 && p[n - 1] == '/') n--;
    const char *q = n ? memrchr(p, '/', n) : NULL;
    size_t st = q ? (size_t)(q - p) + 1 : 0;
    if (n == 0) return sprig_ret_str(c, out, "/", 1);
    return sprig_ret_str(c, out, p + st, n - st);
}

static int f_dir(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *p = S(argv[0]);
    size_t n = N(argv[0]);
    const char *q = n ? memrchr(p, '/', n) : NULL;
    size_t d = q ? (size_t)(q - p) + 1 : 0;
    Buf b = BUF_INIT;
    path_clean(&b, p, d);
    return sprig_ret_buf(c, out, &b);
}

static int f_ext(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *p = S(argv[0]);
    size_t n = N(argv[0]);
    for (size_t i = n; i > 0 && p[i - 1] != '/'; i--)
        if (p[i - 1] == '.') return sprig_ret_str(c, out, p + i - 1, n - i + 1);
    return sprig_ret_str(c, out, "", 0);
}

static int f_isabs(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(N(argv[0]) > 0 && S(argv[0])[0] == '/');
    return 0;
}

const FnDef fn_strings_table[] = {
    {"hello", f_hello, "", 0},
    {"abbrev", f_abbrev, "is", 0},
    {"abbrevboth", f_abbrevboth, "iis", 0},
    {"trunc", f_trunc, "is", 0},
    {"trim", f_trim, "s", 0},
    {"upper", f_upper, "s", 0},
    {"lower", f_lower, "s", 0},
    {"title", f_title, "s", 0},
    {"untitle", f_untitle, "s", 0},
    {"substr", f_substr, "iis", 0},
    {"repeat", f_repeat, "is", 0},
    {"trimall", f_trimall, "ss", 0},
    {"trimAll", f_trimall, "ss", 0},
    {"trimSuffix", f_trimsuffix, "ss", 0},
    {"trimPrefix", f_trimprefix, "ss", 0},
    {"nospace", f_nospace, "s", 0},
    {"initials", f_initials, "s", 0},
    {"swapcase", f_swapcase, "s", 0},
    {"snakecase", f_snakecase, "s", 0},
    {"camelcase", f_camelcase, "s", 0},
    {"kebabcase", f_kebabcase, "s", 0},
    {"wrap", f_wrap, "is", 0},
    {"wrapWith", f_wrapwith, "iss", 0},
    {"contains", f_contains, "ss", 0},
    {"hasPrefix", f_hasprefix, "ss", 0},
    {"hasSuffix", f_hassuffix, "ss", 0},
    {"quote", f_quote, "a*", 0},
    {"squote", f_squote, "a*", 0},
    {"cat", f_cat, "a*", 0},
    {"indent", f_indent, "is", 0},
    {"nindent", f_nindent, "is", 0},
    {"replace", f_replace, "sss", 0},
    {"plural", f_plural, "ssi", 0},
    {"toString", f_tostring, "a", 0},
    {"split", f_split, "ss", 0},
    {"splitList", f_splitlist, "ss", 0},
    {"splitn", f_splitn, "sis", 0},
    {"toStrings", f_tostrings, "a", 0},
    {"join", f_join, "sa", 0},
    {"sortAlpha", f_sortalpha, "a", FN_CHANGES_ARG},
    {"base", f_base, "s", 0},
    {"dir", f_dir, "s", 0},
    {"clean", f_clean, "s", 0},
    {"ext", f_ext, "s", 0},
    {"isAbs", f_isabs, "s", 0},
    {"osBase", f_base, "s", 0},
    {"osDir", f_dir, "s", 0},
    {"osClean", f_clean, "s", 0},
    {"osExt", f_ext, "s", 0},
    {"osIsAbs", f_isabs, "s", 0},
};
const size_t fn_strings_count = sizeof fn_strings_table / sizeof fn_strings_table[0];
