/*
 * fuzz_schema.c - libFuzzer target for values.schema.json validation:
 * a fuzzed schema against a fuzzed instance.  The first byte picks the
 * path: helm's (schema_validate, 2020-12 default) or a compile with
 * another default draft (4, 6, 7, 2019-09) plus a second document that
 * $ref may reach as http://example.com/other.json.  Parts after it
 * (NUL-separated): schema JSON, instance JSON (decoded as helm holds
 * values: float64, maps, lists), other document.  Every failure must
 * carry a message; an instance is valid (0) or not (1) with text.
 */
#include "json/json.h"
#include "schema/schema.h"
#include "../common/fuzz_common.h"

static const int drafts[] = {4, 6, 7, 2019, 2020};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    Arena a;
    arena_init(&a);
    a.limit = 128u << 20;
    FzPart p[3] = {{"", 0}, {"", 0}, {"", 0}};
    fz_split(&a, data + 1, size - 1, p, 3);
    Buf err = BUF_INIT, out = BUF_INIT;
    Value inst;
    if (json_unmarshal(&a, p[1].s, p[1].n, JSON_INTO_ANY, &inst, &err) != 0) inst = val_nil();
    buf_clear(&err);
    int r;
    if (data[0] % 6 == 5) {
        r = schema_validate(&a, p[0].s, p[0].n, inst, &out);
        if (r < -1 || r > 1 || (r != 0 && !out.len)) {
            fprintf(stderr, "schema_validate %d without a message\n", r);
            abort();
        }
    } else {
        Value doc, other;
        const char *url = "http://example.com/other.json";
        int nextra = schema_json_parse(&a, p[2].s, p[2].n, &other, &err) == 0;
        buf_clear(&err);
        if (schema_json_parse(&a, p[0].s, p[0].n, &doc, &err) == 0) {
            buf_clear(&err);
            Schema *s = schema_compile_draft(&a, doc, "file:///values.schema.json", drafts[data[0] % 6],
                                             &other, &url, (size_t)nextra, &err);
            if (!s && !err.len) {
                fprintf(stderr, "schema_compile failed without a message\n");
                abort();
            }
            if (s) {
                r = schema_check(&a, s, inst, &out);
                if (r < 0 || r > 1 || (r == 1 && !out.len)) {
                    fprintf(stderr, "schema_check %d without a message\n", r);
                    abort();
                }
                schema_free(s);
            }
        } else if (!err.len) {
            fprintf(stderr, "schema_json_parse failed without a message\n");
            abort();
        }
    }
    buf_free(&err);
    buf_free(&out);
    arena_free(&a);
    return 0;
}
