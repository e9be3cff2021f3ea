/*
 * tgz.h - archives built byte by byte for the loader tests: ustar/GNU
 * headers with any field the test wants to break, pax records, and a
 * gzip member around them (zlib raw deflate plus a hand-written header and
 * trailer, so the CRC and size can be wrong on purpose).
 */
#ifndef CHARTC_TEST_TGZ_H
#define CHARTC_TEST_TGZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/buf.h"

#define TB_NUL '\x01'

typedef struct TarSpec {
    const char *name;
    size_t size;
    char type;              /* '0' if 0; TB_NUL for a NUL typeflag */
    unsigned mode;          /* 0644 if 0 */
    const char *magic;      /* 8 bytes at 257; "ustar\0" "00" if NULL */
    const char *linkname;
    const char *prefix;
    const char *sizefield;  /* 12 raw bytes instead of the octal size */
    int bad_checksum;
} TarSpec;

static inline void tb_header(Buf *b, const TarSpec *s)
{
    unsigned char h[512];
    memset(h, 0, sizeof h);
    memcpy(h, s->name, strlen(s->name) < 100 ? strlen(s->name) : 100);
    snprintf((char *)h + 100, 8, "%07o", (s->mode ? s->mode : 0644) & 07777777);
    memcpy(h + 108, "0000000", 7);
    memcpy(h + 116, "0000000", 7);
    if (s->sizefield) memcpy(h + 124, s->sizefield, 12);
    else snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)s->size);
    memcpy(h + 136, "00000000000", 11);
    h[156] = (unsigned char)(s->type == TB_NUL ? 0 : s->type ? s->type : '0');
    if (s->linkname) memcpy(h + 157, s->linkname, strlen(s->linkname));
    memcpy(h + 257, s->magic ? s->magic : "ustar\0" "00", 8);
    if (s->prefix) memcpy(h + 345, s->prefix, strlen(s->prefix));
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++) sum += h[i];
    if (s->bad_checksum) sum += 1;
    snprintf((char *)h + 148, 8, "%06o", sum);
    buf_add(b, h, sizeof h);
}

/* overwrite bytes of the header at b[hdr..hdr+512) and redo its checksum */
static inline void tb_patch(Buf *b, size_t hdr, size_t off, const void *d, size_t n)
{
    unsigned char *h = (unsigned char *)b->data + hdr;
    memcpy(h + off, d, n);
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++) sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
}

static inline void tb_data(Buf *b, const void *d, size_t n)
{
    static const char zero[512];
    buf_add(b, d, n);
    if (n % 512) buf_add(b, zero, 512 - n % 512);
}

static inline void tb_file(Buf *b, const char *name, const char *data)
{
    TarSpec s = {name, strlen(data), 0, 0, NULL, NULL, NULL, NULL, 0};
    tb_header(b, &s);
    tb_data(b, data, strlen(data));
}

/* an entry of type 'x' (or 'g') holding "key=value" records */
static inline void tb_pax(Buf *b, char type, const char *const *kv, int n)
{
    Buf body = BUF_INIT;
    for (int i = 0; i < n; i++) {
        size_t rl = strlen(kv[i]) + 2, len = rl + 1;
        while ((size_t)snprintf(NULL, 0, "%zu", len) + rl != len) len++;
        buf_printf(&body, "%zu %s\n", len, kv[i]);
    }
    TarSpec s = {"PaxHeaders/x", body.len, type, 0, NULL, NULL, NULL, NULL, 0};
    tb_header(b, &s);
    tb_data(b, body.data, body.len);
    buf_free(&body);
}

static inline void tb_end(Buf *b)
{
    static const char zero[1024];
    buf_add(b, zero, sizeof zero);
}

/* One gzip member of raw; crc_delta/size_delta spoil the trailer. */
static inline void gz_member(Buf *out, const void *raw, size_t n, uint32_t crc_delta, uint32_t size_delta)
{
    static const unsigned char hdr[10] = {0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3};
    buf_add(out, hdr, sizeof hdr);
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    uLong cap = deflateBound(&z, (uLong)n);
    buf_reserve(out, cap + 8);
    z.next_in = (Bytef *)raw;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    out->len += z.total_out;
    deflateEnd(&z);
    uint32_t crc = (uint32_t)crc32(0, raw, (uInt)n) + crc_delta, sz = (uint32_t)n + size_delta;
    unsigned char t[8] = {(unsigned char)crc, (unsigned char)(crc >> 8), (unsigned char)(crc >> 16),
                          (unsigned char)(crc >> 24), (unsigned char)sz, (unsigned char)(sz >> 8),
                          (unsigned char)(sz >> 16), (unsigned char)(sz >> 24)};
    buf_add(out, t, sizeof t);
}

#endif
