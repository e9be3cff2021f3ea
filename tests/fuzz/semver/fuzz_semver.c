/*
 * fuzz_semver.c - libFuzzer target for both Masterminds/semver v3
 * implementations: the chart loader's (chart/semver.c: versions of
 * dependencies and kubeVersion constraints) and Sprig's (sprig/semver.c:
 * semver, semverCompare and the *semver.Version methods).  Parts
 * (NUL-separated): version, second version, constraint.  The two must
 * agree on which versions parse and how a constraint is satisfied, since
 * both stand for the same Go library.
 */
#include "chart/chart.h"
#include "value/fmt.h"
#include "../common/fuzz_common.h"

extern const FnDef fn_semver_table[];
extern const size_t fn_semver_count;

static const char *const niladic[] = {
    "Major", "Minor", "Patch", "Prerelease", "Metadata", "Original", "String",
    "IncMajor", "IncMinor", "IncPatch",
};

static void methods(Arena *a, Value v, Value other)
{
    Value r;
    Buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof niladic / sizeof *niladic; i++)
        if (fz_method(a, v, niladic[i], 0, NULL, &r) == 0) fmt_value(&b, r);
    const char *cmp[] = {"Compare", "Equal", "GreaterThan", "LessThan"};
    for (size_t i = 0; i < 4; i++)
        if (fz_method(a, v, cmp[i], 1, &other, &r) == 0) fmt_value(&b, r);
    fmt_value(&b, v);
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    FzPart p[3] = {{"", 0}, {"", 0}, {"", 0}};
    fz_split(&a, data, size, p, 3);

    bool valid = chart_semver_valid(p[0].s, p[0].n);
    int c = chart_semver_compare(p[0].s, p[0].n, p[1].s, p[1].n);
    if (c < -2 || c > 1) abort();
    int k = chart_semver_check(p[2].s, p[0].s);
    if (k < -1 || k > 1) abort();

    Value v1, v2, r;
    Value arg = val_strn(&a, p[0].s, p[0].n);
    int e1 = fz_call(&a, fn_semver_table, fn_semver_count, "semver", 1, &arg, &v1);
    /* a NUL inside the text is where the C API stops reading */
    if (strlen(p[0].s) == p[0].n && (e1 == 0) != valid) {
        fprintf(stderr, "semver %s: chart says %s, sprig says %s\n", p[0].s,
                valid ? "valid" : "invalid", e1 == 0 ? "valid" : "invalid");
        abort();
    }
    arg = val_strn(&a, p[1].s, p[1].n);
    int e2 = fz_call(&a, fn_semver_table, fn_semver_count, "semver", 1, &arg, &v2);
    if (e1 == 0) methods(&a, v1, e2 == 0 ? v2 : arg);

    Value args[2] = {val_strn(&a, p[2].s, p[2].n), val_strn(&a, p[0].s, p[0].n)};
    int e3 = fz_call(&a, fn_semver_table, fn_semver_count, "semverCompare", 2, args, &r);
    /* only "satisfied" must agree: the chart code treats a constraint it
     * cannot parse (-1) as unsatisfied, as helm's IsCompatibleRange does,
     * and is stricter than Masterminds about what parses ("2 - 1.9>x") */
    if (strlen(p[0].s) == p[0].n && strlen(p[2].s) == p[2].n && e3 == 0 && (k == 1) != r.u.b) {
        fprintf(stderr, "semverCompare %s %s: chart says %d, sprig says %d\n", p[2].s, p[0].s, k, r.u.b);
        abort();
    }
    arena_free(&a);
    return 0;
}
