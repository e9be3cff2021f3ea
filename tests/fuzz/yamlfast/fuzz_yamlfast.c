/*
 * fuzz_yamlfast.c - libFuzzer target: the YAML fast paths against libyaml.
 *
 * Every input is decoded with the fast reader (yamlfast.c) and with libyaml
 * alone: both must fail with the same text or give values that libyaml's
 * writer prints the same; every decoded value is written with the fast
 * writer (yamlfastemit.c) and with libyaml alone: same text or error.
 */
#include "yaml/yaml.h"
#include "yaml/ynode.h"
#include "../../unit/yaml/fnstub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same_buf(const Buf *x, const Buf *y)
{
    return x->len == y->len && (!x->len || memcmp(x->data, y->data, x->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    const char *text = (const char *)data;
    Value v1, v2;
    Buf e1 = BUF_INIT, e2 = BUF_INIT, o1 = BUF_INIT, o2 = BUF_INIT, w1 = BUF_INIT, w2 = BUF_INIT;
    int r1 = yaml_decode(&a, text, size, V_NIL, &v1, &e1);
    int r2 = yaml_decode_libyaml(&a, text, size, V_NIL, &v2, &e2);
    if (r1 != r2 || (r1 && !same_buf(&e1, &e2))) {
        fprintf(stderr, "decode differs: %d %s / %d %s\n", r1, e1.data, r2, e2.data);
        abort();
    }
    if (r1 == 0) {
        int s1 = yaml_encode_libyaml(&o1, v1, &w1), s2 = yaml_encode_libyaml(&o2, v2, &w2);
        if (s1 != s2 || !same_buf(&o1, &o2) || !same_buf(&w1, &w2)) {
            fprintf(stderr, "decoded values differ:\n%s\n---\n%s\n", o1.data, o2.data);
            abort();
        }
        buf_free(&o2);
        buf_free(&w2);
        int s3 = yaml_encode(&o2, v1, &w2);
        if (s3 != s1 || !same_buf(&o1, &o2) || !same_buf(&w1, &w2)) {
            fprintf(stderr, "encoders differ:\n%s\n---\n%s\n", o2.data, o1.data);
            abort();
        }
    }
    buf_free(&e1); buf_free(&e2); buf_free(&o1); buf_free(&o2); buf_free(&w1); buf_free(&w2);
    arena_free(&a);
    return 0;
}
