/*
 * tar.c - Go's compress/gzip and archive/tar readers, as helm v4 uses them
 * in LoadArchiveFiles, over zlib.
 *
 * Every reading step mirrors the Go function it stands for (io.ReadFull,
 * tryReadFull, discard, regFileReader.Read, readSpecialFile, ...), because
 * which error helm prints depends on which read sees it: a gzip error that
 * arrives with the last bytes of a full header block is dropped by
 * io.ReadFull, so a bad CRC after the two end blocks loads fine while the
 * same CRC on an archive without end blocks fails ($H on hand-built
 * archives, see tests/unit/chart/test_tar.c).  Errors are sticky at both
 * levels, as in Go.
 *
 * gzip: the member header is parsed here (Go's rules: FEXTRA, FNAME and
 * FCOMMENT up to 512 bytes, FHCRC checked, reserved flags ignored) and the
 * deflate data goes to a raw zlib inflate, which stops exactly at the end
 * of the deflate stream as Go's flate does; then the CRC-32/size trailer
 * and the next member (multistream) or io.EOF.
 *
 * tar: ustar, pax ('x' records replace the previous set, 'g' is returned
 * as an entry), GNU long names ('L'/'K', 1 MiB at most), base-256 numbers,
 * checksums as unsigned or signed sums, EOF at zero, one or two zero
 * blocks, and sparse files in all four GNU layouts (old 'S' headers with
 * extension blocks, pax 0.0, 0.1 and 1.0), holes read as NULs.  One bound
 * Go does not have: a sparse map of more than 4M fragments is an invalid
 * header, so memory stays bounded whatever the archive claims.
 */
#include "tar.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum {
    E_OK = 0,
    E_EOF,             /* io.EOF */
    E_UNEXPECTED_EOF,  /* io.ErrUnexpectedEOF */
    E_GZ_HEADER,
    E_GZ_CHECKSUM,
    E_FLATE,           /* flate.CorruptInputError, offset in Gz.off */
    E_TAR_HEADER,
    E_TOO_LONG,
    E_MISS_DATA,
    E_UNREF_DATA,
    E_NOMEM,
};

#define BLOCK 512
#define MAX_SPECIAL (1 << 20)   /* archive/tar maxSpecialFileSize */
#define MAX_GZ_STRING 512       /* gzip Reader.buf */

typedef struct Gz {
    const unsigned char *in;
    size_t n, pos;      /* pos: first byte not yet consumed */
    z_stream zs;
    bool zinit;
    uint32_t crc, size;
    int err;            /* sticky */
    int64_t off;
} Gz;

/* pax records the reader acts on; values point into TarReader.pax */
enum {
    K_PATH, K_SIZE, K_UID, K_GID, K_ATIME, K_MTIME, K_CTIME, NMERGE,   /* mergePAX's */
    K_SMAJOR = NMERGE, K_SMINOR, K_SNAME, K_SSIZE, K_SREALSIZE, K_SMAP, K_SNUMBLOCKS, NKEYS
};
static const char *const pax_keys[NKEYS] = {
    "path", "size", "uid", "gid", "atime", "mtime", "ctime",
    "GNU.sparse.major", "GNU.sparse.minor", "GNU.sparse.name", "GNU.sparse.size",
    "GNU.sparse.realsize", "GNU.sparse.map", "GNU.sparse.numblocks",
};

/* A sparse map bigger than this is refused (Go has no limit but memory). */
#define MAX_SPARSE (1 << 22)

typedef struct Span {
    int64_t off, len;
} Span;

typedef struct Slice {
    const char *s;
    size_t n;
} Slice;

struct TarReader {
    Gz g;
    int err;            /* sticky, as tar.Reader.err */
    int64_t nb, pad;    /* regFileReader.nb and the block padding after it */
    unsigned char blk[BLOCK];
    Buf name, pax, lname, special;
    Buf smap0;          /* GNU.sparse.offset/numbytes pairs, joined (format 0.0) */
    Slice kv[NKEYS];
    /* a sparse entry: the holes of its logical content (sparseFileReader) */
    bool sparse;
    Span *sp;
    size_t nsp, spcap, hole;
    int64_t spos, ssize;
};

/* ---- gzip --------------------------------------------------------------- */

static int gz_member(Gz *g)
{
    size_t left = g->n - g->pos;
    if (left == 0) return E_EOF;
    if (left < 10) { g->pos = g->n; return E_UNEXPECTED_EOF; }
    const unsigned char *h = g->in + g->pos;
    if (h[0] != 0x1F || h[1] != 0x8B || h[2] != 8) return E_GZ_HEADER;
    unsigned flg = h[3];
    uLong crc = crc32(0L, h, 10);
    g->pos += 10;
    if (flg & 4) {
        if (g->n - g->pos < 2) { g->pos = g->n; return E_UNEXPECTED_EOF; }
        size_t xl = (size_t)g->in[g->pos] | (size_t)g->in[g->pos + 1] << 8;
        if (g->n - g->pos - 2 < xl) { g->pos = g->n; return E_UNEXPECTED_EOF; }
        crc = crc32(crc, g->in + g->pos, (uInt)(2 + xl));
        g->pos += 2 + xl;
    }
    for (unsigned bit = 8; bit <= 16; bit <<= 1) {   /* FNAME, FCOMMENT */
        if (!(flg & bit)) continue;
        size_t i = 0;
        for (;; i++) {
            if (i >= MAX_GZ_STRING) return E_GZ_HEADER;
            if (g->pos + i >= g->n) { g->pos = g->n; return E_UNEXPECTED_EOF; }
            if (g->in[g->pos + i] == 0) break;
        }
        crc = crc32(crc, g->in + g->pos, (uInt)(i + 1));
        g->pos += i + 1;
    }
    if (flg & 2) {
        if (g->n - g->pos < 2) { g->pos = g->n; return E_UNEXPECTED_EOF; }
        unsigned want = (unsigned)g->in[g->pos] | (unsigned)g->in[g->pos + 1] << 8;
        if (want != (crc & 0xFFFF)) return E_GZ_HEADER;
        g->pos += 2;
    }
    g->crc = 0;
    g->size = 0;
    if (!g->zinit) {
        if (inflateInit2(&g->zs, -15) != Z_OK) return E_NOMEM;
        g->zinit = true;
    } else if (inflateReset(&g->zs) != Z_OK) {
        return E_NOMEM;
    }
    return E_OK;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* gzip.Reader.Read: some bytes, possibly with an error (sticky). */
static size_t gz_read(Gz *g, unsigned char *p, size_t n, int *e)
{
    *e = g->err;
    if (g->err || n == 0) return 0;
    size_t k = 0;
    while (k == 0) {
        size_t avail = g->n - g->pos;
        g->zs.next_in = (Bytef *)(g->in + g->pos);
        g->zs.avail_in = avail > (1u << 30) ? (1u << 30) : (uInt)avail;
        g->zs.next_out = p;
        g->zs.avail_out = n > (1u << 30) ? (1u << 30) : (uInt)n;
        uInt out0 = g->zs.avail_out, in0 = g->zs.avail_in;
        int r = inflate(&g->zs, Z_NO_FLUSH);
        size_t used = in0 - g->zs.avail_in;
        g->pos += used;
        k = out0 - g->zs.avail_out;
        if (k) {
            g->crc = (uint32_t)crc32(g->crc, p, (uInt)k);
            g->size += (uint32_t)k;
        }
        if (r == Z_STREAM_END) {
            if (g->n - g->pos < 8) {
                g->pos = g->n;
                g->err = E_UNEXPECTED_EOF;
            } else if (le32(g->in + g->pos) != g->crc || le32(g->in + g->pos + 4) != g->size) {
                g->err = E_GZ_CHECKSUM;
            } else {
                g->pos += 8;
                g->err = gz_member(g);
            }
            if (g->err) break;
            continue;
        }
        if (r == Z_DATA_ERROR) {
            g->err = E_FLATE;
            g->off = (int64_t)g->zs.total_in;
            break;
        }
        if (r == Z_MEM_ERROR || r == Z_STREAM_ERROR) {
            g->err = E_NOMEM;
            break;
        }
        if (k == 0 && used == 0) {   /* no progress: the input ended */
            g->err = E_UNEXPECTED_EOF;
            break;
        }
    }
    *e = g->err;
    return k;
}

/* io.ReadFull */
static int read_full(Gz *g, unsigned char *p, size_t n)
{
    size_t got = 0;
    int e = E_OK;
    while (got < n && e == E_OK) got += gz_read(g, p + got, n - got, &e);
    if (got >= n) return E_OK;
    if (got > 0 && e == E_EOF) return E_UNEXPECTED_EOF;
    return e;
}

/* archive/tar tryReadFull: unlike io.ReadFull it keeps an error that came
 * with the last bytes. */
static int try_read_full(Gz *g, unsigned char *p, size_t n)
{
    size_t got = 0;
    int e = E_OK;
    while (got < n && e == E_OK) got += gz_read(g, p + got, n - got, &e);
    if (got == n && e == E_EOF) return E_OK;
    return e;
}

/* archive/tar discard: io.CopyN(io.Discard, r, n). */
static int discard(Gz *g, int64_t n)
{
    unsigned char tmp[8192];
    int64_t done = 0;
    int e = E_OK;
    while (done < n) {
        size_t want = n - done < (int64_t)sizeof tmp ? (size_t)(n - done) : sizeof tmp;
        done += (int64_t)gz_read(g, tmp, want, &e);
        if (e) break;
    }
    if (done == n) return E_OK;
    return e && e != E_EOF ? e : E_UNEXPECTED_EOF;
}

/* ---- tar ---------------------------------------------------------------- */

/* regFileReader.Read: the entry's stored bytes. */
static size_t reg_read(TarReader *t, unsigned char *p, size_t n, int *e)
{
    if ((int64_t)n > t->nb) n = (size_t)t->nb;
    size_t k = 0;
    int r = E_OK;
    if (n > 0) {
        k = gz_read(&t->g, p, n, &r);
        t->nb -= (int64_t)k;
    }
    if (r == E_EOF && t->nb > 0) r = E_UNEXPECTED_EOF;
    else if (r == E_OK && t->nb == 0) r = E_EOF;
    *e = r;
    return k;
}

/* tryReadFull over the regFileReader */
static size_t reg_try_full(TarReader *t, unsigned char *p, size_t n, int *e)
{
    size_t got = 0;
    *e = E_OK;
    while (got < n && *e == E_OK) got += reg_read(t, p + got, n - got, e);
    if (got == n && *e == E_EOF) *e = E_OK;
    return got;
}

/* sparseFileReader.Read: holes read as NULs, the rest from the entry. */
static size_t sparse_read(TarReader *t, unsigned char *p, size_t n, int *e)
{
    int64_t left = t->ssize - t->spos;
    bool finished = (int64_t)n >= left;
    if (finished) n = (size_t)left;
    size_t done = 0;
    int r = E_OK;
    while (done < n && r == E_OK) {
        const Span *h = &t->sp[t->hole];
        int64_t want = (int64_t)(n - done);
        size_t nf;
        if (t->spos < h->off) {
            if (want > h->off - t->spos) want = h->off - t->spos;
            nf = reg_try_full(t, p + done, (size_t)want, &r);
        } else {
            if (want > h->off + h->len - t->spos) want = h->off + h->len - t->spos;
            memset(p + done, 0, (size_t)want);
            nf = (size_t)want;
        }
        done += nf;
        t->spos += (int64_t)nf;
        if (t->spos >= h->off + h->len && t->hole + 1 < t->nsp) t->hole++;
    }
    if (r == E_EOF) r = E_MISS_DATA;
    else if (r == E_OK && t->spos == t->ssize && t->nb > 0) r = E_UNREF_DATA;
    else if (r == E_OK && finished) r = E_EOF;
    *e = r;
    return done;
}

/* tar.Reader.Read: errors other than io.EOF stick. */
static size_t tr_read(TarReader *t, unsigned char *p, size_t n, int *e)
{
    *e = t->err;
    if (t->err) return 0;
    size_t k = t->sparse ? sparse_read(t, p, n, e) : reg_read(t, p, n, e);
    if (*e != E_OK && *e != E_EOF) t->err = *e;
    return k;
}

/* readSpecialFile: the entry's data, at most 1 MiB. */
static int read_special(TarReader *t, Buf *b)
{
    b->len = 0;
    int e = E_OK;
    while (b->len <= MAX_SPECIAL) {
        size_t room = MAX_SPECIAL + 1 - b->len;
        if (room > 65536) room = 65536;
        buf_reserve(b, room + 1);
        size_t k = tr_read(t, (unsigned char *)b->data + b->len, room, &e);
        b->len += k;
        b->data[b->len] = 0;
        if (e) break;
    }
    if (b->len > MAX_SPECIAL) return E_TOO_LONG;
    return e == E_EOF ? E_OK : e;
}

static bool is_zero(const unsigned char *b)
{
    for (int i = 0; i < BLOCK; i++)
        if (b[i]) return false;
    return true;
}

/* parser.parseString */
static size_t cstr_len(const unsigned char *b, size_t n)
{
    const unsigned char *z = memchr(b, 0, n);
    return z ? (size_t)(z - b) : n;
}

/* parser.parseOctal: trim spaces and NULs, cut at a NUL, strconv.ParseUint
 * base 8. */
static int64_t parse_octal(const unsigned char *b, size_t n, bool *bad)
{
    while (n && (b[0] == ' ' || b[0] == 0)) { b++; n--; }
    while (n && (b[n - 1] == ' ' || b[n - 1] == 0)) n--;
    if (!n) return 0;
    n = cstr_len(b, n);
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (b[i] < '0' || b[i] > '7' || x >> 61) { *bad = true; return 0; }
        x = x << 3 | (uint64_t)(b[i] - '0');
    }
    return (int64_t)x;
}

/* parser.parseNumeric: base-256 two's complement when the top bit is set. */
static int64_t parse_numeric(const unsigned char *b, size_t n, bool *bad)
{
    if (!n || !(b[0] & 0x80)) return parse_octal(b, n, bad);
    unsigned char inv = (b[0] & 0x40) ? 0xFF : 0;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i] ^ inv;
        if (i == 0) c &= 0x7F;
        if (x >> 56) { *bad = true; return 0; }
        x = x << 8 | c;
    }
    if (x >> 63) { *bad = true; return 0; }
    return inv ? (int64_t)~x : (int64_t)x;
}

enum { F_UNKNOWN, F_V7, F_USTAR, F_GNU, F_STAR };

/* block.getFormat */
static int get_format(const unsigned char *b)
{
    bool bad = false;
    int64_t want = parse_octal(b + 148, 8, &bad);
    int64_t us = 0, sg = 0;
    for (int i = 0; i < BLOCK; i++) {
        unsigned char c = (i >= 148 && i < 156) ? ' ' : b[i];
        us += c;
        sg += (signed char)c;
    }
    if (bad || (want != us && want != sg)) return F_UNKNOWN;
    if (memcmp(b + 257, "ustar\0", 6) == 0) return memcmp(b + 508, "tar\0", 4) == 0 ? F_STAR : F_USTAR;
    if (memcmp(b + 257, "ustar ", 6) == 0 && memcmp(b + 263, " \0", 2) == 0) return F_GNU;
    return F_V7;
}

typedef struct Hdr {
    char type;
    int64_t size, mode;
} Hdr;

static void set_name(TarReader *t, const void *s, size_t n)
{
    t->name.len = 0;
    buf_add(&t->name, s, n);
    buf_reserve(&t->name, 1);
    t->name.data[t->name.len] = 0;
}

/* Reader.readHeader */
static int read_header(TarReader *t, Hdr *h)
{
    unsigned char *b = t->blk;
    int e = read_full(&t->g, b, BLOCK);
    if (e) return e;
    if (is_zero(b)) {
        e = read_full(&t->g, b, BLOCK);
        if (e) return e;
        return is_zero(b) ? E_EOF : E_TAR_HEADER;
    }
    int fmt = get_format(b);
    if (fmt == F_UNKNOWN) return E_TAR_HEADER;
    bool bad = false;
    h->type = (char)b[156];
    set_name(t, b, cstr_len(b, 100));
    h->size = parse_numeric(b + 124, 12, &bad);
    h->mode = parse_numeric(b + 100, 8, &bad);
    parse_numeric(b + 108, 8, &bad);   /* uid, gid, mtime: only their errors matter */
    parse_numeric(b + 116, 8, &bad);
    parse_numeric(b + 136, 12, &bad);
    if (fmt != F_V7) {
        parse_numeric(b + 329, 8, &bad);
        parse_numeric(b + 337, 8, &bad);
        size_t plen = 0;
        if (fmt == F_USTAR) {
            plen = cstr_len(b + 345, 155);
        } else if (fmt == F_STAR) {
            plen = cstr_len(b + 345, 131);
            parse_numeric(b + 476, 12, &bad);
            parse_numeric(b + 488, 12, &bad);
        } else {
            /* Go reads pre-Go1.8 archives whose atime/ctime hold a ustar
             * prefix (golang.org/issues/12594). */
            bool bad2 = false;
            if (b[345]) parse_numeric(b + 345, 12, &bad2);
            if (b[357]) parse_numeric(b + 357, 12, &bad2);
            if (bad2) {
                plen = cstr_len(b + 345, 155);
                for (size_t i = 0; i < plen; i++)
                    if (b[345 + i] >= 0x80) { plen = 0; break; }
            }
        }
        if (plen) {
            Buf full = BUF_INIT;
            buf_add(&full, b + 345, plen);
            buf_addc(&full, '/');
            buf_add(&full, t->name.data, t->name.len);
            set_name(t, full.data, full.len);
            buf_free(&full);
        }
    }
    return bad ? E_TAR_HEADER : E_OK;
}

static bool header_only(char type)
{
    return type >= '1' && type <= '6';
}

/* Reader.handleRegularFile */
static int set_entry(TarReader *t, const Hdr *h)
{
    int64_t nb = header_only(h->type) ? 0 : h->size;
    if (nb < 0) return E_TAR_HEADER;
    t->pad = -nb & (BLOCK - 1);
    t->nb = nb;
    return E_OK;
}

/* strconv.ParseInt(s, 10, 64) succeeds */
static bool parse_int(const char *s, size_t n, int64_t *out)
{
    bool neg = false;
    if (n && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; s++; n--; }
    if (!n) return false;
    uint64_t x = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (x > (lim - d) / 10) return false;
        x = x * 10 + d;
    }
    if (out) *out = neg ? (int64_t)(0 - x) : (int64_t)x;
    return true;
}

/* parsePAXTime succeeds */
static bool pax_time_ok(const char *s, size_t n)
{
    const char *dot = memchr(s, '.', n);
    size_t sl = dot ? (size_t)(dot - s) : n;
    if (!parse_int(s, sl, NULL)) return false;
    for (size_t i = sl + 1; dot && i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static bool eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* parsePAX: read the records of an 'x' or 'g' entry. */
static int parse_pax(TarReader *t)
{
    int e = read_special(t, &t->pax);
    if (e) return e;
    memset(t->kv, 0, sizeof t->kv);
    t->smap0.len = 0;
    const char *s = t->pax.data;
    size_t left = t->pax.len;
    size_t nsparse = 0;
    while (left > 0) {
        const char *sp = memchr(s, ' ', left);
        if (!sp) return E_TAR_HEADER;
        size_t nl = (size_t)(sp - s);
        int64_t n;
        if (!parse_int(s, nl, &n) || n < 5 || n > (int64_t)left) return E_TAR_HEADER;
        n -= (int64_t)nl + 1;
        if (n <= 0) return E_TAR_HEADER;
        const char *rec = sp + 1;
        if (rec[n - 1] != '\n') return E_TAR_HEADER;
        size_t rl = (size_t)n - 1;
        const char *eqs = memchr(rec, '=', rl);
        if (!eqs) return E_TAR_HEADER;
        const char *k = rec, *v = eqs + 1;
        size_t kl = (size_t)(eqs - rec), vl = rl - kl - 1;
        /* validPAXRecord */
        if (!kl) return E_TAR_HEADER;
        bool strval = eq(k, kl, "path") || eq(k, kl, "linkpath") || eq(k, kl, "uname") || eq(k, kl, "gname");
        if (strval ? memchr(v, 0, vl) != NULL : memchr(k, 0, kl) != NULL) return E_TAR_HEADER;
        bool off = eq(k, kl, "GNU.sparse.offset"), num = eq(k, kl, "GNU.sparse.numbytes");
        if (off || num) {
            if ((nsparse % 2 == 0 && !off) || (nsparse % 2 == 1 && !num) || memchr(v, ',', vl))
                return E_TAR_HEADER;
            if (nsparse++) buf_addc(&t->smap0, ',');
            buf_add(&t->smap0, v, vl);
        } else {
            for (int i = 0; i < NKEYS; i++)
                if (eq(k, kl, pax_keys[i])) { t->kv[i].s = v; t->kv[i].n = vl; }
        }
        size_t used = nl + 1 + (size_t)n;
        s += used;
        left -= used;
    }
    if (nsparse) {
        buf_reserve(&t->smap0, 1);
        t->kv[K_SMAP].s = t->smap0.data;
        t->kv[K_SMAP].n = t->smap0.len;
    }
    return E_OK;
}

/* mergePAX, for the fields helm looks at and the errors Go reports. */
static int merge_pax(TarReader *t, Hdr *h)
{
    for (int i = 0; i < NMERGE; i++) {
        const Slice *v = &t->kv[i];
        if (!v->n) continue;
        bool ok = true;
        switch (i) {
        case K_PATH: set_name(t, v->s, v->n); break;
        case K_SIZE: ok = parse_int(v->s, v->n, &h->size); break;
        case K_UID: case K_GID: ok = parse_int(v->s, v->n, NULL); break;
        default: ok = pax_time_ok(v->s, v->n); break;
        }
        if (!ok) return E_TAR_HEADER;
    }
    return E_OK;
}

/* ---- sparse files ------------------------------------------------------- */

static int sp_push(TarReader *t, int64_t off, int64_t len)
{
    if (t->nsp >= MAX_SPARSE) return E_TAR_HEADER;
    if (t->nsp + 1 >= t->spcap) {   /* +1: invert_sparse appends one */
        size_t cap = t->spcap ? t->spcap * 2 : 16;
        Span *n = realloc(t->sp, cap * sizeof *n);
        if (!n) return E_NOMEM;
        t->sp = n;
        t->spcap = cap;
    }
    t->sp[t->nsp].off = off;
    t->sp[t->nsp].len = len;
    t->nsp++;
    return E_OK;
}

/* readOldGNUSparseMap: four entries in the header, then extension blocks
 * read straight from the stream while their isExtended byte is set. */
static int old_gnu_sparse(TarReader *t, Hdr *h)
{
    unsigned char *b = t->blk;
    if (get_format(b) != F_GNU) return E_TAR_HEADER;
    bool bad = false;
    h->size = parse_numeric(b + 483, 12, &bad);
    if (bad) return E_TAR_HEADER;
    const unsigned char *s = b + 386;
    int max = 4;
    for (;;) {
        for (int i = 0; i < max; i++) {
            const unsigned char *en = s + i * 24;
            if (en[0] == 0) break;
            int64_t off = parse_numeric(en, 12, &bad), len = parse_numeric(en + 12, 12, &bad);
            if (bad) return E_TAR_HEADER;
            int e = sp_push(t, off, len);
            if (e) return e;
        }
        if (!s[max * 24]) return E_OK;
        int e = try_read_full(&t->g, b, BLOCK);   /* mustReadFull */
        if (e) return e == E_EOF ? E_UNEXPECTED_EOF : e;
        s = b;
        max = 21;
    }
}

/* strconv.ParseInt(tok, 10, 64) fed one byte at a time */
typedef struct Tok {
    uint64_t v;
    size_t n;
    bool neg, digits, bad;
} Tok;

static void tok_byte(Tok *k, unsigned char c)
{
    if (k->n++ == 0 && (c == '+' || c == '-')) { k->neg = c == '-'; return; }
    uint64_t lim = k->neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    unsigned d = (unsigned)c - '0';
    if (d > 9 || k->v > (lim - d) / 10) { k->bad = true; return; }
    k->v = k->v * 10 + d;
    k->digits = true;
}

static bool tok_value(const Tok *k, int64_t *out)
{
    if (k->bad || !k->digits) return false;
    *out = k->neg ? (int64_t)(0 - k->v) : (int64_t)k->v;
    return true;
}

/* readGNUSparseMap1x0: newline-terminated decimals in whole blocks at the
 * head of the entry's data: a count, then offset/length pairs.  Parsed as
 * the blocks arrive so a long map costs no buffer; a bad number is
 * reported only once every block Go would read has been read. */
static int map_1x0(TarReader *t)
{
    unsigned char blk[BLOCK];
    Tok k = {0};
    bool have_count = false, bad = false;
    int64_t count = 0, ntok = 0, pend = 0;
    while (!have_count || ntok < 2 * count) {
        int e;
        size_t got = reg_try_full(t, blk, BLOCK, &e);
        if (e || got < BLOCK) return e == E_EOF || e == E_OK ? E_UNEXPECTED_EOF : e;
        for (int i = 0; i < BLOCK && (!have_count || ntok < 2 * count); i++) {
            if (blk[i] != '\n') { tok_byte(&k, blk[i]); continue; }
            int64_t v = 0;
            bool ok = tok_value(&k, &v);
            memset(&k, 0, sizeof k);
            if (!have_count) {
                if (!ok || v < 0 || v > INT64_MAX / 2) return E_TAR_HEADER;
                have_count = true;
                count = v;
                continue;
            }
            if (!ok) bad = true;
            if (ntok++ % 2 == 0) {
                pend = v;
            } else if (!bad && t->nsp < MAX_SPARSE) {
                if ((e = sp_push(t, pend, v))) return e;
            }
        }
    }
    return bad || count > MAX_SPARSE ? E_TAR_HEADER : E_OK;
}

/* readGNUSparseMap0x1: GNU.sparse.numblocks and GNU.sparse.map. */
static int map_0x1(TarReader *t)
{
    int64_t n;
    const Slice *nb = &t->kv[K_SNUMBLOCKS], *m = &t->kv[K_SMAP];
    if (!parse_int(nb->s, nb->n, &n) || n < 0 || n > INT64_MAX / 2) return E_TAR_HEADER;
    size_t fields = 0;
    for (size_t i = 0; m->n && i <= m->n; i++) fields += i == m->n || m->s[i] == ',';
    if ((int64_t)fields != 2 * n) return E_TAR_HEADER;
    const char *p = m->s, *end = m->s + m->n;
    for (int64_t i = 0; i < n; i++) {
        int64_t v[2];
        for (int j = 0; j < 2; j++) {
            const char *c = memchr(p, ',', (size_t)(end - p));
            if (!c) c = end;
            if (!parse_int(p, (size_t)(c - p), &v[j])) return E_TAR_HEADER;
            p = c + 1;
        }
        int e = sp_push(t, v[0], v[1]);
        if (e) return e;
    }
    return E_OK;
}

/* readGNUSparsePAXHeaders; *is says whether the entry is sparse. */
static int pax_sparse(TarReader *t, Hdr *h, bool *is)
{
    const Slice *maj = &t->kv[K_SMAJOR], *min = &t->kv[K_SMINOR];
    bool v1;
    if (eq(maj->s, maj->n, "0") && (eq(min->s, min->n, "0") || eq(min->s, min->n, "1"))) v1 = false;
    else if (eq(maj->s, maj->n, "1") && eq(min->s, min->n, "0")) v1 = true;
    else if (maj->n || min->n) return E_OK;
    else if (t->kv[K_SMAP].n) v1 = false;
    else return E_OK;
    *is = true;
    if (t->kv[K_SNAME].n) set_name(t, t->kv[K_SNAME].s, t->kv[K_SNAME].n);
    const Slice *sz = t->kv[K_SSIZE].n ? &t->kv[K_SSIZE] : &t->kv[K_SREALSIZE];
    if (sz->n && !parse_int(sz->s, sz->n, &h->size)) return E_TAR_HEADER;
    return v1 ? map_1x0(t) : map_0x1(t);
}

/* validateSparseEntries */
static bool sparse_valid(const TarReader *t, int64_t size)
{
    if (size < 0) return false;
    int64_t pre_end = 0;
    for (size_t i = 0; i < t->nsp; i++) {
        const Span *c = &t->sp[i];
        if (c->off < 0 || c->len < 0 || c->off > INT64_MAX - c->len || c->off + c->len > size ||
            pre_end > c->off)
            return false;
        pre_end = c->off + c->len;
    }
    return true;
}

/* invertSparseEntries: data fragments become the holes between them. */
static void sparse_invert(TarReader *t, int64_t size)
{
    size_t w = 0;
    Span pre = {0, 0};
    for (size_t i = 0; i < t->nsp; i++) {
        Span c = t->sp[i];
        if (c.len == 0) continue;
        pre.len = c.off - pre.off;
        if (pre.len > 0) t->sp[w++] = pre;
        pre.off = c.off + c.len;
    }
    pre.len = size - pre.off;
    t->sp[w++] = pre;
    t->nsp = w;
}

/* Reader.handleSparseFile */
static int handle_sparse(TarReader *t, Hdr *h, bool have_pax)
{
    t->nsp = 0;
    bool is = false;
    int e = E_OK;
    if (h->type == 'S') {
        is = true;
        e = old_gnu_sparse(t, h);
    } else if (have_pax) {
        e = pax_sparse(t, h, &is);
    }
    if (e || !is) return e;
    if (header_only(h->type) || !sparse_valid(t, h->size)) return E_TAR_HEADER;
    if (t->nsp + 1 > t->spcap && (e = sp_push(t, 0, 0))) return e;
    sparse_invert(t, h->size);
    t->sparse = true;
    t->spos = 0;
    t->ssize = h->size;
    t->hole = 0;
    return E_OK;
}

/* Reader.next: E_OK with an entry in *out, or the error */
static int next(TarReader *t, TarHeader *out)
{
    bool have_pax = false;
    size_t long_len = 0;   /* gnuLongName; "" means none */
    Hdr h;
    for (;;) {
        int e = discard(&t->g, t->nb);
        if (e) return e;
        t->nb = 0;
        t->sparse = false;
        e = try_read_full(&t->g, t->blk, (size_t)t->pad);
        if (e) return e;
        t->pad = 0;
        if ((e = read_header(t, &h)) || (e = set_entry(t, &h))) return e;
        switch (h.type) {
        case 'x':
        case 'g':
            memset(t->kv, 0, sizeof t->kv);
            if ((e = parse_pax(t))) return e;
            have_pax = true;
            if (h.type == 'g') {
                /* Go returns the global header as an entry of its own
                 * (mergePAX errors ignored); helm skips it */
                Hdr gh = h;
                merge_pax(t, &gh);
                out->type = 'g';
                out->size = 0;
                out->is_dir = false;
                return E_OK;
            }
            continue;
        case 'L':
        case 'K':
            if ((e = read_special(t, h.type == 'L' ? &t->lname : &t->special))) return e;
            if (h.type == 'L') long_len = cstr_len((unsigned char *)t->lname.data, t->lname.len);
            continue;
        default:
            if (have_pax && (e = merge_pax(t, &h))) return e;
            if (long_len) set_name(t, t->lname.data, long_len);
            if (h.type == '\0')
                h.type = t->name.len && t->name.data[t->name.len - 1] == '/' ? '5' : '0';
            if ((e = set_entry(t, &h)) || (e = handle_sparse(t, &h, have_pax))) return e;
            out->type = h.type;
            out->size = h.size;
            out->is_dir = h.type == '5' || ((uint32_t)h.mode & ~(uint32_t)07777) == 040000;
            return E_OK;
        }
    }
}

/* ---- API ---------------------------------------------------------------- */

static void err_text(Buf *err, int e, int64_t off)
{
    switch (e) {
    case E_EOF: buf_adds(err, "EOF"); break;
    case E_UNEXPECTED_EOF: buf_adds(err, "unexpected EOF"); break;
    case E_GZ_HEADER: buf_adds(err, "gzip: invalid header"); break;
    case E_GZ_CHECKSUM: buf_adds(err, "gzip: invalid checksum"); break;
    case E_FLATE: buf_printf(err, "flate: corrupt input before offset %lld", (long long)off); break;
    case E_TAR_HEADER: buf_adds(err, "archive/tar: invalid tar header"); break;
    case E_TOO_LONG: buf_adds(err, "archive/tar: header field too long"); break;
    case E_MISS_DATA: buf_adds(err, "archive/tar: sparse file references non-existent data"); break;
    case E_UNREF_DATA: buf_adds(err, "archive/tar: sparse file contains unreferenced data"); break;
    default: buf_adds(err, "out of memory"); break;
    }
}

TarReader *tar_open(const void *data, size_t n, Buf *err)
{
    TarReader *t = calloc(1, sizeof *t);
    if (!t) { buf_adds(err, "out of memory"); return NULL; }
    t->g.in = data;
    t->g.n = n;
    int e = gz_member(&t->g);
    if (e) {
        err_text(err, e, 0);
        tar_close(t);
        return NULL;
    }
    return t;
}

int tar_next(TarReader *t, TarHeader *h, Buf *err)
{
    if (!t->err) {
        int r = next(t, h);
        if (r == E_OK) {
            h->name = t->name.data ? t->name.data : "";
            h->name_len = t->name.len;
            return 1;
        }
        t->err = r;
    }
    if (t->err == E_EOF) return 0;
    err_text(err, t->err, t->g.off);
    return -1;
}

int64_t tar_read(TarReader *t, char *dst, int64_t cap, Buf *err)
{
    int64_t got = 0;
    int e = E_OK;
    while (got < cap) {
        got += (int64_t)tr_read(t, (unsigned char *)dst + got, (size_t)(cap - got), &e);
        if (e) break;
    }
    if (e && e != E_EOF) {
        err_text(err, e, t->g.off);
        return -1;
    }
    return got;
}

int64_t tar_left(const TarReader *t) { return t->sparse ? t->ssize - t->spos : t->nb; }

void tar_close(TarReader *t)
{
    if (!t) return;
    if (t->g.zinit) inflateEnd(&t->g.zs);
    buf_free(&t->name);
    buf_free(&t->pax);
    buf_free(&t->lname);
    buf_free(&t->special);
    buf_free(&t->smap0);
    free(t->sp);
    free(t);
}
