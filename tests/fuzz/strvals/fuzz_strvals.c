/*
 * fuzz_strvals.c - libFuzzer target for helm's --set grammar (strvals.c).
 *
 * The first byte picks the flag (--set, --set-string, --set-json,
 * --set-literal, --set-file); the rest is one or more flag arguments
 * separated by NUL bytes, applied in order to one map as helm applies
 * repeated flags.  Every failure must carry a message, and whatever
 * parses must print (fmt %v) without tripping a sanitizer.  The arena
 * limit bounds index bombs such as a[99999999]=1.
 */
#include "chart/strvals.h"
#include "value/fmt.h"
#include "../common/fuzz_common.h"

/* --set-file: the "file" is its own path, so no file system is touched. */
static int read_path(void *ctx, Arena *a, const char *path, size_t n, Value *out, Buf *err)
{
    if (n && path[0] == '!') {
        buf_printf(err, "open %.*s: no such file or directory", (int)n, path);
        return -1;
    }
    *out = val_strn(a, path, n);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    Arena a;
    arena_init(&a);
    a.limit = 64u << 20;
    FzPart part[16];
    size_t np = fz_split(&a, data + 1, size - 1, part, 16);
    Map *m = map_new(&a, 0);
    int mode = data[0] % 5;
    Buf err = BUF_INIT;
    for (size_t i = 0; m && i < np; i++) {
        int r = mode == 4 ? strvals_parse_file(&a, m, part[i].s, read_path, NULL, &err)
                          : strvals_parse(&a, m, part[i].s, (StrvalsMode)mode, &err);
        if (r != 0) {
            if (!err.len) {
                fprintf(stderr, "strvals mode %d failed without a message: %s\n", mode, part[i].s);
                abort();
            }
            break;
        }
    }
    if (m) {
        Buf out = BUF_INIT;
        fmt_value(&out, val_map(m));
        buf_free(&out);
    }
    buf_free(&err);
    arena_free(&a);
    return 0;
}
