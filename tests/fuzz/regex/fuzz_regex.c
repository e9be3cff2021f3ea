/*
 * fuzz_regex.c - libFuzzer target for Sprig's regex functions
 * (sprig/regex.c): Go RE2 syntax checked and translated, compiled to Go's
 * program and run on the Go Pike VM (PCRE2 for single-character items,
 * and for whole patterns too large for the VM), then iterated (FindAll,
 * Split, ReplaceAll) and expanded ($1, ${name}).  Parts (NUL-separated):
 * pattern, subject, replacement; the first byte is the n of FindAll/Split
 * (as a signed count).  Every call must stay bounded (the VM is linear,
 * PCRE2 has its match limit; libFuzzer -timeout catches the rest);
 * failures must carry a message.
 */
#include "value/fmt.h"
#include "../common/fuzz_common.h"

extern const FnDef fn_regex_table[];
extern const size_t fn_regex_count;

/* Go's utf8.ValidString (no surrogates, no overlongs, <= U+10FFFF). */
static bool valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
        if (k == 9) return false;
        if (k == 0) { i++; continue; }
        if (i + k >= n) return false;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xE0) lo = 0xA0;
        else if (c == 0xED) hi = 0x9F;
        else if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;
        if (s[i + 1] < lo || s[i + 1] > hi) return false;
        for (size_t j = 2; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80) return false;
        i += k + 1;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    FzPart p[3] = {{"", 0}, {"", 0}, {"", 0}};
    fz_split(&a, data + 1, size - 1, p, 3);
    Value pat = val_strn(&a, p[0].s, p[0].n), s = val_strn(&a, p[1].s, p[1].n);
    Value repl = val_strn(&a, p[2].s, p[2].n);
    Value n = val_int((int8_t)data[0]);
    Buf b = BUF_INIT;
    static const char *const two[] = {"regexMatch", "mustRegexMatch", "regexFind", "mustRegexFind"};
    static const char *const three_s[] = {"regexReplaceAll", "mustRegexReplaceAll",
                                          "regexReplaceAllLiteral", "mustRegexReplaceAllLiteral"};
    static const char *const three_i[] = {"regexFindAll", "mustRegexFindAll", "regexSplit", "mustRegexSplit"};
    Value r;
    for (size_t i = 0; i < 4; i++) {
        Value args[3] = {pat, s, repl};
        if (fz_call(&a, fn_regex_table, fn_regex_count, two[i], 2, args, &r) == 0) fmt_value(&b, r);
        if (fz_call(&a, fn_regex_table, fn_regex_count, three_s[i], 3, args, &r) == 0) fmt_value(&b, r);
        Value args_i[3] = {pat, s, n};
        if (fz_call(&a, fn_regex_table, fn_regex_count, three_i[i], 3, args_i, &r) == 0) fmt_value(&b, r);
    }
    if (fz_call(&a, fn_regex_table, fn_regex_count, "regexQuoteMeta", 1, &s, &r) == 0 &&
        valid_utf8((const unsigned char *)p[1].s, p[1].n)) {
        /* QuoteMeta's output is a pattern matching its input (Go refuses
         * patterns that are not UTF-8, so only for valid text) */
        Value args[2] = {r, s};
        Value m;
        if (fz_call(&a, fn_regex_table, fn_regex_count, "mustRegexMatch", 2, args, &m) != 0 ||
            m.kind != V_BOOL || !m.u.b) {
            fprintf(stderr, "regexQuoteMeta(%s) does not match itself\n", p[1].s);
            abort();
        }
    }
    buf_free(&b);
    arena_free(&a);
    return 0;
}
