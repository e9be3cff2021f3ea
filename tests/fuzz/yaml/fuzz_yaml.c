/*
 * fuzz_yaml.c - libFuzzer target for the YAML layer.
 *
 * Every input is read as a values file and as one document (fromYaml);
 * whatever reads must write, and writing must be a fixed point:
 * toYaml(fromYaml(toYaml(x))) == toYaml(x).  toYamlPretty must not crash.
 * The arena limit keeps alias bombs and huge inputs bounded.
 */
#include "yaml/yaml.h"
#include "../../unit/yaml/fnstub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void roundtrip(Arena *a, Value v)
{
    Buf y1 = BUF_INIT, y2 = BUF_INIT, err = BUF_INIT;
    Value w;
    /* a "<<" key prints plain and reads back as a merge key: go-yaml v2
     * does the same, so such values are exempt from the fixed point */
    if (yaml_encode(&y1, v, &err) == 0 && !(y1.data && strstr(y1.data, "<<"))) {
        if (yaml_decode(a, y1.data ? y1.data : "", y1.len, V_NIL, &w, &err) != 0) {
            fprintf(stderr, "toYaml output does not read back: %s\n---\n%s\n", err.data, y1.data);
            abort();
        }
        if (yaml_encode(&y2, w, &err) != 0 || y1.len != y2.len || memcmp(y1.data, y2.data, y1.len) != 0) {
            fprintf(stderr, "round trip unstable:\n%s\n---\n%s\n", y1.data, y2.data ? y2.data : "(error)");
            abort();
        }
    }
    for (size_t i = 0; i < fn_yaml_count; i++) {
        if (strcmp(fn_yaml_table[i].name, "toYamlPretty") == 0) {
            FnCall c = {a, BUF_INIT};
            Value out;
            fn_yaml_table[i].impl(&c, 1, &v, &out);
            buf_free(&c.err);
        }
    }
    buf_free(&y1);
    buf_free(&y2);
    buf_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a);
    a.limit = 256u << 20;
    Value v;
    Buf err = BUF_INIT;
    if (yaml_load_values(&a, (const char *)data, size, &v, &err) == 0) roundtrip(&a, v);
    buf_clear(&err);
    if (yaml_decode(&a, (const char *)data, size, V_NIL, &v, &err) == 0) roundtrip(&a, v);
    buf_free(&err);
    arena_free(&a);
    return 0;
}
