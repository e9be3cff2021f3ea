/*
 * tar.h - a .tgz read the way helm reads it: Go's compress/gzip feeding
 * Go's archive/tar, with their errors ("gzip: invalid header",
 * "archive/tar: invalid tar header", "unexpected EOF", ...).
 *
 * The reader works over bytes already in memory, decompresses with zlib
 * straight into the caller's buffers and keeps at most one special
 * header (1 MiB, Go's limit) of its own, so memory is bounded by what the
 * caller asks for.  Path rules and size limits are the caller's
 * (LoadArchiveFiles lives in load.c).
 */
#ifndef CHARTC_TAR_H
#define CHARTC_TAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

typedef struct TarReader TarReader;

typedef struct TarHeader {
    const char *name;   /* NUL-terminated; valid until the next tar_next */
    size_t name_len;
    char type;          /* Typeflag after Go's fix-ups ('\0' became '0' or '5') */
    int64_t size;       /* Header.Size as Go reports it, even for links */
    bool is_dir;        /* Header.FileInfo().IsDir() */
} TarHeader;

/* gzip.NewReader + tar.NewReader.  NULL with the message in err. */
TarReader *tar_open(const void *data, size_t n, Buf *err);

/* tar.Reader.Next: 1 = an entry in *h, 0 = io.EOF, -1 = error (in err).
 * Errors are sticky, as in Go. */
int tar_next(TarReader *t, TarHeader *h, Buf *err);

/* Read what is left of the current entry into dst (room for cap bytes):
 * io.Copy from the tar reader.  Returns the byte count, or -1 with the
 * message in err; reading stops at cap. */
int64_t tar_read(TarReader *t, char *dst, int64_t cap, Buf *err);

/* Bytes of the current entry not read yet (0 for links, dirs, ...). */
int64_t tar_left(const TarReader *t);

void tar_close(TarReader *t);

#endif
