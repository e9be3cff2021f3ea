/*
 * files.c - what the fetcher's files share: reading a file with Go's
 * os error texts ("open P: no such file or directory", "read P: is a
 * directory").
 */
#include "fetch_int.h"
#include "../util/goerr.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define FFILE_MAX (512u << 20)

int ffile_read(const char *path, Buf *out, Buf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) { buf_printf(err, "open %s: %s", path, go_errno_text(errno)); return -1; }
    char tmp[65536];
    size_t r;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0 && out->len <= FFILE_MAX) buf_add(out, tmp, r);
    bool bad = ferror(f);
    fclose(f);
    if (bad) { buf_printf(err, "read %s: is a directory", path); return -1; }
    return 0;
}

