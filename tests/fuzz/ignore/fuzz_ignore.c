/*
 * fuzz_ignore.c - libFuzzer target for .helmignore rules and Go's
 * filepath.Match (match.c).  Parts (NUL-separated): the .helmignore text,
 * a filepath.Match pattern, then paths; every path is matched against
 * the rules (as file and as directory) and against the pattern.  A bad
 * rule must fail with a message; a pattern answers 1, 0 or -1.
 */
#include "chart/chart.h"
#include "../common/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    FzPart part[18];
    size_t np = fz_split(&a, data, size, part, 18);
    Buf err = BUF_INIT;
    ChartIgnore *ig = chart_ignore_parse(&a, part[0].s, part[0].n, &err);
    if (!ig && !err.len) {
        fprintf(stderr, ".helmignore failed without a message\n");
        abort();
    }
    for (size_t i = 2; i < np; i++) {
        if (ig) {
            chart_ignore_match(ig, part[i].s, false);
            chart_ignore_match(ig, part[i].s, true);
        }
        int r = chart_path_match(part[1].s, part[1].n, part[i].s, part[i].n);
        if (r < -1 || r > 1) abort();
    }
    if (np > 1) {
        int r = chart_path_match(part[1].s, part[1].n, part[0].s, part[0].n);
        if (r < -1 || r > 1) abort();
    }
    buf_free(&err);
    arena_free(&a);
    return 0;
}
