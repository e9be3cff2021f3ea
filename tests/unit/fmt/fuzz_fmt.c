/*
 * fuzz_fmt.c - libFuzzer target for Go's fmt/strconv formatting: the first
 * byte picks the format's length, the format follows, then operands are
 * decoded from the rest (any kind, nested lists/maps/structs, []byte,
 * complex, float32).  Printf, Print, Println, %v, Quote and FormatFloat in
 * every format must never crash, leak or trip a sanitizer.  Built with
 * -Dfuzz=true (see tests/fuzz/meson.build); run e.g.
 *   build-fuzz/tests/unit/fmt/fuzz_fmt -max_total_time=300 -max_len=256
 */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include "value/fmt.h"

static Value mk(Arena *a, const uint8_t **p, const uint8_t *e, int depth)
{
    if (*p >= e) return val_nil();
    uint8_t k = *(*p)++;
    uint64_t x = 0;
    for (int i = 0; i < 8 && *p < e; i++) x = (x << 8) | *(*p)++;
    Value v;
    switch (k % 10) {
    case 0: return val_nil();
    case 1: return val_bool(x & 1);
    case 2: v = val_int((int64_t)x); v.gtype = (uint8_t)(GT_INT + (k / 10) % 10); return v;
    case 3: { double d; memcpy(&d, &x, 8); v = val_float(d); if (k & 0x80) v.gtype = GT_FLOAT32; return v; }
    case 4: case 5: { size_t n = x % 16; if (n > (size_t)(e - *p)) n = (size_t)(e - *p);
        v = val_strn(a, (const char *)*p, n); *p += n; if (k % 10 == 5) v.gtype = GT_BYTES; return v; }
    case 6: case 7: {
        if (depth > 4) return val_nil();
        int n = (int)(x % 4);
        if (k % 10 == 6) { List *l = list_new(a, 4); for (int i = 0; i < n; i++) list_push(a, l, mk(a, p, e, depth + 1)); return val_list(l); }
        Map *m = map_new(a, 4);
        for (int i = 0; i < n; i++) { char key[2] = {(char)('a' + (x >> (8 + i * 8)) % 5), 0}; map_sets(a, m, key, mk(a, p, e, depth + 1)); }
        if (k & 0x40) m->flags |= MAP_STRUCT;
        return val_map(m);
    }
    case 8: {
        Obj *o = ARENA_NEW(a, Obj);
        double *d = arena_alloc(a, 2 * sizeof(double));
        memcpy(&d[0], &x, 8);
        d[1] = (double)(int64_t)(x >> 20) / 7.0;
        o->type = (k & 0x80) ? &fmt_complex64_type : &fmt_complex128_type;
        o->data = d;
        return val_obj(o);
    }
    default: return val_int((int64_t)(x % 2000000) - 1000000);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t flen = data[0] % 32;
    if (flen > size - 1) flen = size - 1;
    const char *f = (const char *)data + 1;
    const uint8_t *p = data + 1 + flen, *e = data + size;
    Arena a;
    arena_init(&a);
    Value argv[6];
    int argc = 0;
    while (argc < 6 && p < e) argv[argc++] = mk(&a, &p, e, 0);
    Buf b = BUF_INIT;
    fmt_printf(&b, f, flen, argc, argv);
    fmt_print(&b, argc, argv);
    fmt_println(&b, argc, argv);
    for (int i = 0; i < argc; i++) fmt_value(&b, argv[i]);
    fmt_quote(&b, f, flen);
    if (argc && argv[0].kind == V_FLOAT) {
        static const char fm[] = "eEfgGbxXz";
        for (int i = 0; i < 9; i++) {
            fmt_float(&b, argv[0].u.f, fm[i], (int)(data[0] % 40) - 1, 64);
            fmt_float(&b, argv[0].u.f, fm[i], (int)(data[0] % 40) - 1, 32);
        }
    }
    buf_free(&b);
    arena_free(&a);
    return 0;
}
