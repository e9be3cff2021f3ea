/*
 * replay.c - a main() for the fuzz targets without libFuzzer, so their
 * corpora can be replayed under valgrind (uninitialised reads, which
 * ASan does not see) or a debugger.  Arguments are files or directories
 * (one level); each file is one input.  Not part of the meson build (the
 * targets are only built with -Dfuzz=true); compile by hand, e.g.
 *   cc -g -D_GNU_SOURCE -Isrc -o /tmp/replay_strvals tests/fuzz/common/replay.c \
 *      tests/fuzz/strvals/fuzz_strvals.c SOURCES -lm
 * with SOURCES the files the target's meson.build lists (util, value and
 * the parser's own), then
 *   valgrind -q --error-exitcode=99 /tmp/replay_strvals CORPUS_DIR
 * Prints "N inputs" at the end.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t cap = 4096, n = 0, r;
    uint8_t *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) return 0;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 1;
}

int main(int argc, char **argv)
{
    long count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) continue;
        if (!S_ISDIR(st.st_mode)) {
            count += run_file(argv[i]);
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') continue;
            char p[4096];
            if ((size_t)snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name) >= sizeof p) continue;
            if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) count += run_file(p);
        }
        if (d) closedir(d);
    }
    printf("%ld inputs\n", count);
    return 0;
}
