/*
 * fuzz_meta.c - libFuzzer target for chart metadata (meta.c): Chart.yaml
 * decoding into helm's Metadata struct, Validate(), and the .Chart map
 * templates see; with an odd first byte the text is read as a v1
 * requirements.yaml (decoded YAML laid over empty metadata).  Failures
 * must carry a message; the arena limit bounds alias bombs.
 */
#include "chart/chart.h"
#include "value/fmt.h"
#include "yaml/yaml.h"
#include "../common/fuzz_common.h"

static void show(Arena *a, ChartMeta *m)
{
    Chart c;
    memset(&c, 0, sizeof c);
    c.meta = *m;
    Buf out = BUF_INIT;
    fmt_value(&out, chart_meta_value(a, &c));
    buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    ChartMeta m;
    Buf err = BUF_INIT;
    int r;
    if (data[0] & 1) {
        Value v;
        chart_meta_init(&a, &m);
        r = yaml_decode(&a, text, n, V_NIL, &v, &err);
        if (r == 0) r = chart_meta_from_value(&a, v, &m, &err);
    } else {
        r = chart_decode_meta(&a, text, n, &m, &err);
    }
    if (r != 0 && !err.len) {
        fprintf(stderr, "metadata failed without a message\n");
        abort();
    }
    if (r == 0) {
        show(&a, &m);
        buf_clear(&err);
        if (chart_validate_meta(&m, &a, &err) != 0 && !err.len) {
            fprintf(stderr, "validation failed without a message\n");
            abort();
        }
        show(&a, &m);
    }
    buf_free(&err);
    arena_free(&a);
    return 0;
}
