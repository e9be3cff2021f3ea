/*
 * fuzz_archive.c - libFuzzer target for the .tgz loader.
 *
 * Each input is read twice: by the tar reader alone, the way helm's
 * LoadArchiveFiles walks it (every entry's data read in full), and as a
 * chart archive through chart_load_archive (path rules, size limits,
 * Chart.yaml, subcharts nested in the archive).  The input may be raw
 * bytes or, when the first byte is '!', the rest gzipped here first, so
 * the fuzzer reaches the tar layer without having to forge a valid CRC.
 * The arena limit keeps nested archives bounded.
 */
#include "chart/chart.h"
#include "chart/tar.h"
#include "../../unit/yaml/fnstub.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void walk(const uint8_t *data, size_t size)
{
    Buf err = BUF_INIT;
    TarReader *t = tar_open(data, size, &err);
    if (!t) {
        buf_free(&err);
        return;
    }
    TarHeader h;
    while (tar_next(t, &h, &err) == 1) {
        if (h.name[h.name_len] != 0 || strlen(h.name) != h.name_len) abort();
        int64_t left = tar_left(t);
        if (left < 0 || left > (64 << 20)) break;
        char *d = malloc((size_t)left + 1);
        if (!d) break;
        int64_t got = tar_read(t, d, left, &err);
        free(d);
        if (got < 0) break;
        if (got > left) abort();
    }
    tar_close(t);
    buf_free(&err);
}

static uint8_t *gzip_it(const uint8_t *raw, size_t n, size_t *out_n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    uLong cap = deflateBound(&z, (uLong)n) + 32;
    uint8_t *out = malloc(cap);
    if (!out) { deflateEnd(&z); return NULL; }
    z.next_in = (Bytef *)raw;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    *out_n = z.total_out;
    deflateEnd(&z);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *own = NULL;
    if (size && data[0] == '!') {
        own = gzip_it(data + 1, size - 1, &size);
        if (!own) return 0;
        data = own;
    }
    walk(data, size);
    Arena a;
    arena_init(&a);
    a.limit = 512u << 20;
    Buf err = BUF_INIT, logs = BUF_INIT;
    chart_load_archive(&a, data, size, &logs, &err);
    buf_free(&err);
    buf_free(&logs);
    arena_free(&a);
    free(own);
    return 0;
}
