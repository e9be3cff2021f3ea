/*
 * fuzz_json.c - libFuzzer target for the JSON and TOML codecs.
 *
 * The first byte picks the codec; the rest is the document.  Whatever
 * decodes must re-encode, and encoding is a fixed point after one round
 * trip: encode(decode(encode(v))) == encode(v), in every JSON flavour
 * (compact, HTML-escaped, indented) and for TOML.  Inputs that fail must
 * fail with a message.  The arena limit keeps memory bounded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "json/toml.h"

/* One codec's encoder and decoder, so both round trips share the check. */
typedef struct Codec {
    const char *name;
    int (*enc)(Buf *out, Value v, int flags, Buf *err);
    int (*dec)(Arena *a, const char *text, size_t n, Value *out, Buf *err);
} Codec;

static int toml_enc(Buf *out, Value v, int flags, Buf *err) { return toml_encode(out, v, err); }

static const Codec json_codec = {"JSON", json_encode, json_decode};
static const Codec toml_codec = {"TOML", toml_enc, toml_decode};

/* The first encoding may still change (invalid UTF-8 becomes U+FFFD, a
 * TOML inline table a [table]); from then on text and value must agree. */
static void round_trip(Arena *a, const Codec *c, Value v, int flags)
{
    Buf t[3] = {BUF_INIT, BUF_INIT, BUF_INIT}, err = BUF_INIT;
    int i;
    for (i = 0; i < 3; i++) {
        if (c->enc(&t[i], v, flags, &err) != 0) {
            if (!err.len) abort();
            if (i) {
                fprintf(stderr, "%s re-encode failed: %s\n%s\n", c->name, err.data, t[i - 1].data);
                abort();
            }
            break;
        }
        if (i == 2) break;
        if (c->dec(a, t[i].data ? t[i].data : "", t[i].len, &v, &err) != 0) {
            fprintf(stderr, "%s re-decode failed: %s\n%s\n", c->name, err.data, t[i].data);
            abort();
        }
    }
    if (i == 2 && (t[1].len != t[2].len || (t[1].len && memcmp(t[1].data, t[2].data, t[1].len) != 0))) {
        fprintf(stderr, "%s not stable:\n%s\n---\n%s\n", c->name, t[1].data, t[2].data);
        abort();
    }
    for (i = 0; i < 3; i++) buf_free(&t[i]);
    buf_free(&err);
}

static void json_round(Arena *a, Value v)
{
    round_trip(a, &json_codec, v, 0);
    round_trip(a, &json_codec, v, JSON_ESCAPE_HTML);
    round_trip(a, &json_codec, v, JSON_ESCAPE_HTML | JSON_INDENT);
}

static void toml_round(Arena *a, Value v) { round_trip(a, &toml_codec, v, 0); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    Buf err = BUF_INIT;
    Value v;
    if (data[0] & 1) {
        if (toml_decode(&a, text, n, &v, &err) == 0) {
            toml_round(&a, v);
            json_round(&a, v);
        } else if (!err.len) {
            abort();
        }
    } else {
        int into = data[0] >> 1 & 3;
        if (into > JSON_INTO_LIST) into = JSON_INTO_ANY;
        if (json_unmarshal(&a, text, n, into, &v, &err) == 0) {
            json_round(&a, v);
            if (v.kind == V_MAP) toml_round(&a, v);
        } else if (!err.len) {
            abort();
        }
    }
    buf_free(&err);
    arena_free(&a);
    return 0;
}
