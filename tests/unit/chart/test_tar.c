/*
 * Unit tests for the .tgz reader (src/chart/tar.c).  Each archive is built
 * here byte by byte (tgz.h); the same bytes were written to
 * p/charts/t.tgz of a parent chart p and run through helm v4.1.4,
 *   $H template r ./p
 * whose message ("Error: error unpacking subchart t.tgz in p: <msg>") or
 * success is what each check expects.  walk() reads an archive the way
 * helm's LoadArchiveFiles does (directories and global headers skipped,
 * every entry's data read in full) and describes what it saw.
 */
#include "../check.h"
#include "chart/tar.h"
#include "tgz.h"

#define CH "apiVersion: v2\nname: x\nversion: 1.0.0\n"

static char seen[4096];

/* TAR_DUMP=dir writes every archive as dir/NNN.tgz, to run helm on them
 * (tests/unit/chart/helm-tar.sh) */
static void dump(const void *data, size_t n, const char *result)
{
    static int k;
    const char *dir = getenv("TAR_DUMP");
    if (!dir) return;
    char path[512];
    snprintf(path, sizeof path, "%s/%03d.tgz", dir, k);
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(data, 1, n, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/%03d.seen", dir, k++);
    if (!(f = fopen(path, "w"))) return;
    fprintf(f, "%s\n", result);
    fclose(f);
}

/* "name:len name:len ..." or "ERR <message>" */
static const char *walk(const void *data, size_t n)
{
    Buf err = BUF_INIT, out = BUF_INIT;
    TarReader *t = tar_open(data, n, &err);
    if (!t) goto done;
    for (;;) {
        TarHeader h;
        int r = tar_next(t, &h, &err);
        if (r <= 0) break;
        if (h.is_dir || h.type == 'g') continue;
        int64_t left = tar_left(t);
        char *d = malloc((size_t)left + 1);
        int64_t got = tar_read(t, d, left, &err);
        free(d);
        if (got < 0) break;
        buf_printf(&out, "%s%s:%lld", out.len ? " " : "", h.name, (long long)got);
    }
    tar_close(t);
done:
    if (err.len) snprintf(seen, sizeof seen, "ERR %s", err.data);
    else snprintf(seen, sizeof seen, "%s", out.data ? out.data : "");
    buf_free(&err);
    buf_free(&out);
    dump(data, n, seen);
    return seen;
}

static const char *walk_buf(const Buf *b) { return walk(b->data, b->len); }

/* a one-member .tgz of raw; crc/size deltas spoil the trailer */
static Buf gz(const Buf *raw, uint32_t crc_delta, uint32_t size_delta)
{
    Buf out = BUF_INIT;
    gz_member(&out, raw->data, raw->len, crc_delta, size_delta);
    return out;
}

/* gzip raw (then freed), read it, check what was seen */
static void expect(Buf *raw, const char *want)
{
    Buf g = gz(raw, 0, 0);
    CHECK_STR(walk_buf(&g), want);
    buf_free(&g);
    buf_free(raw);
}

static Buf chart_tar(int end)
{
    Buf b = BUF_INIT;
    tb_file(&b, "x/Chart.yaml", CH);
    if (end) tb_end(&b);
    return b;
}

/* end blocks: two, none, one; a zero block then a header */
static void test_end_blocks(void)
{
    for (int end = 0; end < 2; end++) {
        Buf raw = chart_tar(end), g = gz(&raw, 0, 0);
        CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
        buf_free(&raw);
        buf_free(&g);
    }
    Buf raw = chart_tar(0);
    static const char zero[512];
    buf_add(&raw, zero, 512);
    Buf g = gz(&raw, 0, 0);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    char junk[512];
    memset(junk, 'a', sizeof junk);
    buf_add(&raw, junk, 512);
    expect(&raw, "ERR archive/tar: invalid tar header");

    Buf b = BUF_INIT;
    TarSpec s = {"x/Chart.yaml", strlen(CH), 0, 0, NULL, NULL, NULL, NULL, 1};
    tb_header(&b, &s);
    tb_data(&b, CH, strlen(CH));
    tb_end(&b);
    expect(&b, "ERR archive/tar: invalid tar header");
}

/* The gzip trailer is only looked at when tar reads the last byte, and an
 * error that arrives with a full header block is dropped by io.ReadFull:
 * with the end blocks a bad CRC or trailing junk loads. */
static void test_trailer(void)
{
    Buf exact = chart_tar(1), bare = chart_tar(0);
    Buf g = gz(&exact, 1, 0);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    g = gz(&bare, 1, 0);
    CHECK_STR(walk_buf(&g), "ERR gzip: invalid checksum");
    buf_free(&g);
    g = gz(&bare, 0, 1);
    CHECK_STR(walk_buf(&g), "ERR gzip: invalid checksum");
    buf_free(&g);

    g = gz(&exact, 0, 0);
    buf_adds(&g, "junkjunkjunk");
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    g = gz(&bare, 0, 0);
    buf_adds(&g, "junkjunkjunk");
    CHECK_STR(walk_buf(&g), "ERR gzip: invalid header");
    buf_free(&g);
    g = gz(&bare, 0, 0);
    buf_add(&g, "\x1f\x8b", 2);
    CHECK_STR(walk_buf(&g), "ERR unexpected EOF");
    buf_free(&g);
    g = gz(&bare, 0, 0);
    g.len -= 3;
    CHECK_STR(walk_buf(&g), "ERR unexpected EOF");
    buf_free(&g);
    g = gz(&exact, 0, 0);
    g.len -= 3;
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);

    /* multistream: a second member continues the tar stream */
    Buf two = BUF_INIT;
    tb_file(&two, "x/a.txt", "hello");
    tb_end(&two);
    g = gz(&bare, 0, 0);
    gz_member(&g, two.data, two.len, 0, 0);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38 x/a.txt:5");
    buf_free(&g);
    /* an empty member, then the archive */
    g = (Buf)BUF_INIT;
    gz_member(&g, "", 0, 0, 0);
    CHECK_STR(walk_buf(&g), "");
    gz_member(&g, exact.data, exact.len, 0, 0);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    buf_free(&two);
    buf_free(&exact);
    buf_free(&bare);
}

static Buf with_flags(unsigned flags, const void *extra, size_t n)
{
    Buf raw = chart_tar(1), g = gz(&raw, 0, 0), out = BUF_INIT;
    buf_add(&out, g.data, 10);
    out.data[3] = (char)flags;
    buf_add(&out, extra, n);
    buf_add(&out, g.data + 10, g.len - 10);
    buf_free(&raw);
    buf_free(&g);
    return out;
}

static void test_gzip_header(void)
{
    CHECK_STR(walk("", 0), "ERR EOF");
    CHECK_STR(walk("\x1f", 1), "ERR unexpected EOF");
    CHECK_STR(walk("\x1f\x8b\x08\0\0\0\0\0\0\x03", 10), "ERR unexpected EOF");
    CHECK_STR(walk("\x1f\x8b\x07\0\0\0\0\0\0\x03", 10), "ERR gzip: invalid header");
    CHECK_STR(walk("junk\n", 5), "ERR unexpected EOF");
    CHECK_STR(walk("\x1f\x8b\x08\0\0\0\0\0\0\x03\xff\xff\xff", 13), "ERR flate: corrupt input before offset 1");

    char name[600];
    memset(name, 'n', sizeof name);
    name[511] = 0;   /* 511 bytes and the NUL fill Go's 512-byte buffer */
    Buf g = with_flags(8, name, 512);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    name[511] = 'n';
    name[512] = 0;
    g = with_flags(8, name, 513);
    CHECK_STR(walk_buf(&g), "ERR gzip: invalid header");
    buf_free(&g);
    g = with_flags(16, "comment", 8);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    g = with_flags(4, "\x03\x00" "abc", 5);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    g = with_flags(2, "\0\0", 2);
    CHECK_STR(walk_buf(&g), "ERR gzip: invalid header");
    buf_free(&g);
    /* FHCRC: the low half of the header's CRC-32 */
    unsigned char h10[10] = {0x1F, 0x8B, 8, 2, 0, 0, 0, 0, 0, 3};
    uLong c = crc32(0, h10, 10);
    unsigned char hc[2] = {(unsigned char)c, (unsigned char)(c >> 8)};
    g = with_flags(2, hc, 2);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    g = with_flags(0xE0, "", 0);   /* reserved bits are ignored */
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
}

/* Truncation anywhere in the data is io.ErrUnexpectedEOF; a flipped byte
 * is a flate error at helm's offset or, when it still inflates, a CRC
 * error. */
static void test_damage(void)
{
    Buf raw = chart_tar(0);
    char big[3000];
    uint32_t x = 1;
    for (size_t i = 0; i < sizeof big; i++) {
        x = x * 1103515245 + 12345;
        big[i] = (char)(x >> 16);
    }
    TarSpec s = {"x/a.bin", sizeof big, 0, 0, NULL, NULL, NULL, NULL, 0};
    tb_header(&raw, &s);
    tb_data(&raw, big, sizeof big);
    tb_end(&raw);
    Buf g = gz(&raw, 0, 0);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38 x/a.bin:3000");
    CHECK_STR(walk(g.data, g.len / 2), "ERR unexpected EOF");
    CHECK_STR(walk(g.data, 40), "ERR unexpected EOF");
    g.data[15] ^= 0x55;
    CHECK_STR(walk_buf(&g), "ERR flate: corrupt input before offset 9");
    buf_free(&g);
    buf_free(&raw);
}

static void test_numbers(void)
{
    Buf b = chart_tar(0);
    /* base-256 size 5 */
    TarSpec s = {"x/l", 0, 0, 0, NULL, NULL, NULL, "\x80\0\0\0\0\0\0\0\0\0\0\x05", 0};
    tb_header(&b, &s);
    tb_data(&b, "hello", 5);
    tb_end(&b);
    expect(&b, "x/Chart.yaml:38 x/l:5");

    static const char *const bad[] = {
        "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfb",   /* -5 on a regular file */
        "\x80\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",   /* overflow */
        "0000000009\0\0",                                     /* not octal */
    };
    for (int i = 0; i < 3; i++) {
        b = chart_tar(0);
        s.sizefield = bad[i];
        tb_header(&b, &s);
        tb_end(&b);
        expect(&b, "ERR archive/tar: invalid tar header");
    }
    /* a link may have any size, even negative; no data follows it */
    b = chart_tar(0);
    TarSpec l = {"x/l", 0, '2', 0, NULL, "Chart.yaml", NULL, bad[0], 0};
    tb_header(&b, &l);
    tb_end(&b);
    expect(&b, "x/Chart.yaml:38 x/l:0");
}

/* FileInfo().IsDir(): typeflag '5', or a mode whose type bits are exactly
 * 040000; '\0' with a trailing slash is a directory with no data. */
static void test_dirs(void)
{
    static const unsigned modes[] = {040644, 01040644};
    static const char *const want[] = {"x/Chart.yaml:38", "x/Chart.yaml:38 x/d:5"};
    for (int i = 0; i < 2; i++) {
        Buf b = chart_tar(0);
        TarSpec s = {"x/d", 5, 0, modes[i], NULL, NULL, NULL, NULL, 0};
        tb_header(&b, &s);
        tb_data(&b, "hello", 5);
        tb_end(&b);
        expect(&b, want[i]);
    }
    Buf b = chart_tar(0);
    TarSpec s = {"x/d/", 0, TB_NUL, 0, NULL, NULL, NULL, NULL, 0};
    tb_header(&b, &s);
    Buf g = gz(&b, 0, 0);
    CHECK_STR(walk_buf(&g), "x/Chart.yaml:38");
    buf_free(&g);
    s.size = 2;
    tb_header(&b, &s);
    tb_data(&b, "hi", 2);
    expect(&b, "ERR archive/tar: invalid tar header");
}

static void test_names(void)
{
    /* pax path, and a global header helm skips */
    Buf b = BUF_INIT;
    const char *kv[] = {"path=x/templates/cm.yaml", "mtime=1.5"};
    tb_pax(&b, 'x', kv, 2);
    tb_file(&b, "ignored", "a: 1\n");
    const char *gk[] = {"comment=hi"};
    tb_pax(&b, 'g', gk, 1);
    tb_file(&b, "x/Chart.yaml", CH);
    tb_end(&b);
    expect(&b, "x/templates/cm.yaml:5 x/Chart.yaml:38");

    /* GNU long name over 100 bytes, and a ustar prefix */
    char longname[300];
    snprintf(longname, sizeof longname, "x/%0200d", 0);
    TarSpec ln = {"././@LongLink", strlen(longname) + 1, 'L', 0, "ustar  \0", NULL, NULL, NULL, 0};
    tb_header(&b, &ln);
    tb_data(&b, longname, strlen(longname) + 1);
    TarSpec sh = {"short", 2, 0, 0, "ustar  \0", NULL, NULL, NULL, 0};
    tb_header(&b, &sh);
    tb_data(&b, "hi", 2);
    TarSpec pf = {"Chart.yaml", strlen(CH), 0, 0, NULL, NULL, "x", NULL, 0};
    tb_header(&b, &pf);
    tb_data(&b, CH, strlen(CH));
    Buf g = gz(&b, 0, 0);
    char want[400];
    snprintf(want, sizeof want, "%s:2 x/Chart.yaml:38", longname);
    CHECK_STR(walk_buf(&g), want);
    buf_free(&g);
    buf_free(&b);
}

static void test_pax_errors(void)
{
    static const char *const recs[] = {"size=abc", "size=-1", "mtime=x", "uid=1.5", "=v"};
    for (int i = 0; i < 5; i++) {
        Buf b = BUF_INIT;
        tb_pax(&b, 'x', &recs[i], 1);
        tb_file(&b, "x/Chart.yaml", CH);
        tb_end(&b);
        expect(&b, "ERR archive/tar: invalid tar header");
    }
    /* a record whose length does not end on a newline */
    Buf b = BUF_INIT;
    TarSpec s = {"PaxHeaders/x", 12, 'x', 0, NULL, NULL, NULL, NULL, 0};
    tb_header(&b, &s);
    tb_data(&b, "9 path=ab\njj", 12);
    tb_file(&b, "x/Chart.yaml", CH);
    expect(&b, "ERR archive/tar: invalid tar header");
    /* more than 1 MiB of records */
    size_t big = (1 << 20) + 1;
    char *body = malloc(big);
    memset(body, '1', big);
    s.size = big;
    tb_header(&b, &s);
    tb_data(&b, body, big);
    tb_file(&b, "x/Chart.yaml", CH);
    expect(&b, "ERR archive/tar: header field too long");
    free(body);
}

/* Sparse files, in the four layouts GNU tar writes (old GNU 'S', pax
 * 0.0, 0.1, 1.0): a 20-byte file holding "hello" at 2 and "world" at 10,
 * holes read as NULs. */
static const char sparse_want[20] = "\0\0hello\0\0\0world";

/* the data of the entry called name, NULL if absent or unreadable */
static char *content(const Buf *g, const char *name, int64_t *len)
{
    Buf err = BUF_INIT;
    TarReader *t = tar_open(g->data, g->len, &err);
    char *d = NULL;
    TarHeader h;
    while (t && tar_next(t, &h, &err) == 1) {
        if (strcmp(h.name, name)) continue;
        int64_t left = tar_left(t);
        d = malloc((size_t)left + 1);
        *len = tar_read(t, d, left, &err);
        if (*len < 0) { free(d); d = NULL; }
        break;
    }
    tar_close(t);
    buf_free(&err);
    return d;
}

static void check_sparse(const Buf *raw, const char *want)
{
    Buf g = gz(raw, 0, 0);
    CHECK_STR(walk_buf(&g), want);
    if (!strncmp(want, "ERR", 3)) { buf_free(&g); return; }
    int64_t len = 0;
    char *d = content(&g, "x/s", &len);
    CHECK(d && len == 20 && memcmp(d, sparse_want, 20) == 0);
    free(d);
    buf_free(&g);
}

/* old GNU: physical size, entries (offset, length) from 386, realsize at 483 */
static void old_sparse(Buf *b, const char *magic, const char *data, size_t phys, const char *e2len)
{
    size_t at = b->len;
    TarSpec s = {"x/s", phys, 'S', 0, magic, NULL, NULL, NULL, 0};
    tb_header(b, &s);
    tb_patch(b, at, 386, "00000000002\0" "00000000005\0", 24);
    tb_patch(b, at, 410, "00000000012\0", 12);
    tb_patch(b, at, 422, e2len, 12);
    tb_patch(b, at, 483, "00000000024\0", 12);
    tb_data(b, data, strlen(data));
}

static void test_sparse(void)
{
    Buf b = chart_tar(0);
    old_sparse(&b, "ustar  \0", "helloworld", 10, "00000000005\0");
    check_sparse(&b, "x/Chart.yaml:38 x/s:20");
    buf_free(&b);
    b = chart_tar(0);
    old_sparse(&b, NULL, "helloworld", 10, "00000000005\0");   /* ustar: not GNU */
    check_sparse(&b, "ERR archive/tar: invalid tar header");
    buf_free(&b);
    b = chart_tar(0);
    old_sparse(&b, "ustar  \0", "hello", 5, "00000000005\0");
    check_sparse(&b, "ERR archive/tar: sparse file references non-existent data");
    buf_free(&b);
    b = chart_tar(0);
    old_sparse(&b, "ustar  \0", "helloworld!", 11, "00000000005\0");
    check_sparse(&b, "ERR archive/tar: sparse file contains unreferenced data");
    buf_free(&b);
    b = chart_tar(0);
    old_sparse(&b, "ustar  \0", "helloworld", 10, "00000000013\0");   /* ends past 20 */
    check_sparse(&b, "ERR archive/tar: invalid tar header");
    buf_free(&b);

    static const char *const v00[] = {"GNU.sparse.size=20", "GNU.sparse.numblocks=2", "GNU.sparse.offset=2",
                                      "GNU.sparse.numbytes=5", "GNU.sparse.offset=10", "GNU.sparse.numbytes=5"};
    static const char *const v01[] = {"GNU.sparse.major=0", "GNU.sparse.minor=1", "GNU.sparse.name=x/s",
                                      "GNU.sparse.realsize=20", "GNU.sparse.numblocks=2", "GNU.sparse.map=2,5,10,5"};
    static const char *const v10[] = {"GNU.sparse.major=1", "GNU.sparse.minor=0", "GNU.sparse.name=x/s",
                                      "GNU.sparse.realsize=20"};
    b = chart_tar(0);
    tb_pax(&b, 'x', v00, 6);
    tb_file(&b, "x/s", "helloworld");
    check_sparse(&b, "x/Chart.yaml:38 x/s:20");
    buf_free(&b);
    b = chart_tar(0);
    tb_pax(&b, 'x', v01, 6);
    tb_file(&b, "x/GNUSparseFile.1/s", "helloworld");
    check_sparse(&b, "x/Chart.yaml:38 x/s:20");
    buf_free(&b);
    for (int bad = 0; bad < 2; bad++) {
        b = chart_tar(0);
        tb_pax(&b, 'x', v10, 4);
        char data[523];
        memset(data, 0, sizeof data);
        strcpy(data, bad ? "2\n2\nx\n10\n5\n" : "2\n2\n5\n10\n5\n");
        memcpy(data + 512, "helloworld", 10);
        TarSpec s = {"x/GNUSparseFile.1/s", 522, 0, 0, NULL, NULL, NULL, NULL, 0};
        tb_header(&b, &s);
        tb_data(&b, data, 522);
        check_sparse(&b, bad ? "ERR archive/tar: invalid tar header" : "x/Chart.yaml:38 x/s:20");
        buf_free(&b);
    }
}

int main(void)
{
    test_end_blocks();
    test_trailer();
    test_gzip_header();
    test_damage();
    test_numbers();
    test_dirs();
    test_names();
    test_pax_errors();
    test_sparse();
    return CHECK_DONE();
}
