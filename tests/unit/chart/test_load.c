/*
 * Unit tests for chart loading.  Charts are built in a temporary directory
 * (and archives in memory) by the test itself; every expected error text
 * was observed with the reference helm on the same layout, e.g.
 *   $H template r ./p          (p/charts/t2.tgz without Chart.yaml)
 * as noted next to each check.  Chart.yaml decoding goes through
 * fake_yaml.c so these tests do not depend on the YAML module.
 */
#include "../check.h"
#include "chart/chart.h"
#include "tgz.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void mkdirs(const char *path)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') { *p = 0; mkdir(tmp, 0755); *p = '/'; }
    mkdir(tmp, 0755);
}

static char *P(const char *rel)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", root, rel);
    return buf[k];
}

static void put(const char *rel, const char *data, size_t n)
{
    char *p = P(rel);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", p);
    *strrchr(dir, '/') = 0;
    mkdirs(dir);
    FILE *f = fopen(p, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}
#define PUT(rel, s) put(rel, s, strlen(s))

typedef struct Ent { const char *name, *data; size_t n; } Ent;

/* A gzipped tar in memory (malloc'd); entries without data are
 * directories. */
static void *tgz(const Ent *e, int n, size_t *len)
{
    Buf raw = BUF_INIT, out = BUF_INIT;
    for (int i = 0; i < n; i++) {
        size_t sz = e[i].data ? (e[i].n ? e[i].n : strlen(e[i].data)) : 0;
        TarSpec s = {e[i].name, sz, e[i].data ? '0' : '5', e[i].data ? 0644 : 0755, NULL, NULL, NULL, NULL, 0};
        tb_header(&raw, &s);
        if (sz) tb_data(&raw, e[i].data, sz);
    }
    tb_end(&raw);
    gz_member(&out, raw.data, raw.len, 0, 0);
    buf_free(&raw);
    *len = out.len;
    return out.data;
}

static void put_tgz(const char *rel, const Ent *e, int n)
{
    size_t len;
    void *b = tgz(e, n, &len);
    put(rel, b, len);
    free(b);
}

static int rm_cb(const char *p, const struct stat *s, int f, struct FTW *w) { return remove(p); }
static void clean(void) { nftw(root, rm_cb, 16, FTW_DEPTH | FTW_PHYS); mkdir(root, 0755); }

#define CHART_P "apiVersion: v2\nname: p\nversion: 0.1.0\n"

/* Load root/<dir>; returns the error text (static) or NULL on success. */
static const char *load_err(const char *dir, Chart **out, Arena *a, Buf *logs)
{
    static char msg[2048];
    Buf err = BUF_INIT;
    Chart *c = chart_load(a, P(dir), logs, &err);
    if (out) *out = c;
    if (c) { buf_free(&err); return NULL; }
    snprintf(msg, sizeof msg, "%s", err.data ? err.data : "");
    buf_free(&err);
    return msg;
}

static const char *subst(const char *fmt)
{
    static char out[2048];
    snprintf(out, sizeof out, fmt, root, root, root);
    return out;
}

static bool has_file(ChartFile *f, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(f[i].name->s, name)) return true;
    return false;
}

/* File classes (spec 4.2): $H template of this layout renders the
 * templates of p, s1 and s2; .Files of p lists README.md, crds/x.yaml,
 * charts/a.prov, .helmignore; subcharts `_ig` and `.h` are ignored. */
static void test_classes(void)
{
    clean();
    Arena a;
    arena_init(&a);
    PUT("p/Chart.yaml", "\xEF\xBB\xBF" CHART_P);
    PUT("p/values.yaml", "a: 1\n");
    PUT("p/values.schema.json", "{}");
    PUT("p/templates/a.yaml", "x: 1\n");
    PUT("p/templates/d/b.yaml", "\xEF\xBB\xBFy: 2\n");
    PUT("p/templates/.hidden", "z\n");
    PUT("p/README.md", "r\n");
    PUT("p/crds/x.yaml", "kind: CustomResourceDefinition\n");
    PUT("p/.helmignore", "*.bak\n");
    PUT("p/old.bak", "b\n");
    PUT("p/charts/a.prov", "sig\n");
    PUT("p/charts/_ig/Chart.yaml", "bad");
    PUT("p/charts/.h/Chart.yaml", "bad");
    PUT("p/charts/s1/Chart.yaml", "apiVersion: v2\nname: s1\nversion: 1.0.0\n");
    PUT("p/charts/s1/templates/s.yaml", "s: 1\n");
    Ent s2[] = {{"s2/Chart.yaml", "apiVersion: v1\nname: s2\nversion: 2.0.0\n", 0},
                {"s2/templates/t.yaml", "t: 1\n", 0}, {"s2/", NULL, 0}};
    put_tgz("p/charts/s2-2.0.0.tgz", s2, 3);
    Chart *c;
    Buf logs = BUF_INIT;
    const char *e = load_err("p", &c, &a, &logs);
    CHECK(e == NULL);
    if (!c) { printf("load: %s\n", e); arena_free(&a); return; }
    CHECK_STR(c->meta.name->s, "p");
    CHECK_STR(c->meta.version->s, "0.1.0");
    CHECK_INT(c->ntemplates, 2);
    CHECK(has_file(c->templates, c->ntemplates, "templates/a.yaml"));
    CHECK(has_file(c->templates, c->ntemplates, "templates/d/b.yaml"));
    CHECK(c->ntemplates == 2 && !strcmp(c->templates[1].data->s, "y: 2\n"));
    CHECK_INT(c->nfiles, 4);
    CHECK(has_file(c->files, c->nfiles, ".helmignore"));
    CHECK(has_file(c->files, c->nfiles, "README.md"));
    CHECK(has_file(c->files, c->nfiles, "crds/x.yaml"));
    CHECK(has_file(c->files, c->nfiles, "charts/a.prov"));
    CHECK(!has_file(c->files, c->nfiles, "old.bak"));
    CHECK(c->schema && !strcmp(c->schema->s, "{}"));
    CHECK(c->values.kind == V_MAP && map_gets(c->values.u.m, "a"));
    CHECK_INT(c->ndeps, 2);
    if (c->ndeps == 2) {
        CHECK_STR(c->deps[0]->meta.name->s, "s1");
        CHECK_STR(c->deps[1]->meta.name->s, "s2");
        CHECK_STR(c->deps[1]->meta.api_version->s, "v1");
        CHECK(c->deps[1]->from_archive && !c->deps[0]->from_archive);
        CHECK(c->deps[1]->parent == c);
        CHECK_INT(c->deps[1]->ntemplates, 1);
    }
    buf_free(&logs);
    arena_free(&a);
}

static void expect_err(const char *dir, const char *want)
{
    Arena a;
    arena_init(&a);
    const char *e = load_err(dir, NULL, &a, NULL);
    CHECK_STR(e ? e : "(loaded)", want);
    arena_free(&a);
}

/* Directory errors, each seen with $H template r ./p on the same layout. */
static void test_dir_errors(void)
{
    clean();
    PUT("p/templates/a.yaml", "x: 1\n");
    expect_err("p", subst("unable to detect chart at %s/p/Chart.yaml: open %s/p/Chart.yaml: no such file or directory"));
    PUT("p/Chart.yaml", CHART_P);
    /* .helmignore "*.txt\n!keep/k.txt" ignores Chart.yaml itself */
    PUT("p/.helmignore", "*.txt\n!keep/k.txt\n");
    expect_err("p", "Chart.yaml file is missing");
    PUT("p/.helmignore", "a/**\n");
    expect_err("p", "double-star (**) syntax is not supported");
    PUT("p/.helmignore", "[\n");
    expect_err("p", "syntax error in pattern");
    PUT("p/.helmignore", "broken\n");
    symlink("nowhere", P("p/broken"));
    expect_err("p", subst("error evaluating symlink %s/p/broken: lstat %s/p/nowhere: no such file or directory"));
    unlink(P("p/broken"));
    unlink(P("p/.helmignore"));
    mkfifo(P("p/ff"), 0644);
    expect_err("p", subst("cannot load irregular file %s/p/ff as it has file mode type bits set"));
    unlink(P("p/ff"));
    char *big = calloc(1, 6000000);
    put("p/huge.bin", big, 6000000);
    free(big);
    expect_err("p", "chart file \"huge.bin\" is larger than the maximum file size 5242880");
    unlink(P("p/huge.bin"));
    PUT("p/Chart.yaml", "apiVersion: v5\nname: p\nversion: 0.1.0\n");
    expect_err("p", "unsupported chart version");
    PUT("p/Chart.yaml", "apiVersion: v2\nname: p\nversion: abc\n");
    expect_err("p", "validation: chart.metadata.version \"abc\" is invalid");
    PUT("p/Chart.yaml", CHART_P);
    PUT("p/charts/README.md", "hi\n");
    expect_err("p", "error unpacking subchart README.md in p: Chart.yaml file is missing");
    unlink(P("p/charts/README.md"));
    PUT("p/charts/sd/values.yaml", "a: 1\n");
    expect_err("p", "error unpacking subchart sd in p: Chart.yaml file is missing");
}

/* A symlinked directory is followed and logged:
 * $H template r ./q with q/d/t -> ../templates prints
 * level=INFO msg="found symbolic link in path. Contents of linked file
 * included and used" path=/tmp/cw/q/d/t resolved=/tmp/cw/q/templates */
static void test_symlink(void)
{
    clean();
    Arena a;
    arena_init(&a);
    PUT("q/Chart.yaml", "apiVersion: v2\nname: q\nversion: 0.1.0\n");
    PUT("q/templates/a.yaml", "x: 1\n");
    mkdirs(P("q/d"));
    symlink("../templates", P("q/d/t"));
    Chart *c;
    Buf logs = BUF_INIT;
    CHECK(load_err("q", &c, &a, &logs) == NULL);
    if (c) CHECK(has_file(c->files, c->nfiles, "d/t/a.yaml"));
    char want[1024];
    snprintf(want, sizeof want, "level=INFO msg=\"found symbolic link in path. Contents of linked file included "
             "and used\" path=%s/q/d/t resolved=%s/q/templates\n", root, root);
    CHECK_STR(logs.data ? logs.data : "", want);
    buf_free(&logs);
    arena_free(&a);
}

static void sub_err(const char *tname, const Ent *e, int n, const char *want)
{
    clean();
    PUT("p/Chart.yaml", CHART_P);
    char rel[256];
    snprintf(rel, sizeof rel, "p/charts/%s", tname);
    put_tgz(rel, e, n);
    expect_err("p", want);
}

#define CH_X "apiVersion: v2\nname: x\nversion: 1.0.0\n"

/* Archive safety rules, as subcharts (details shown) and at top level
 * (collapsed): $H template r ./p with p/charts/<name>.tgz built by tar
 * --transform, and $H template r ./t.tgz. */
static void test_archives(void)
{
    Ent t2[] = {{"x/templates/k.yaml", "k: 1\n", 0}};
    sub_err("t2.tgz", t2, 1, "error unpacking subchart t2.tgz in p: Chart.yaml file is missing");
    Ent t6[] = {{"Chart.yaml", CH_X, 0}};
    sub_err("t6.tgz", t6, 1, "error unpacking subchart t6.tgz in p: chart illegally contains content outside the base directory: \"Chart.yaml\"");
    Ent t7[] = {{"x/Chart.yaml", CH_X, 0}, {"x/C:/t/k.yaml", "k: 1\n", 0}};
    sub_err("t7.tgz", t7, 2, "error unpacking subchart t7.tgz in p: chart contains illegally named files");
    Ent u1[] = {{"x/Chart.yaml", CH_X, 0}, {"x/../../evil", "k: 1\n", 0}};
    sub_err("u1.tgz", u1, 2, "error unpacking subchart u1.tgz in p: chart illegally references parent directory");
    Ent u2[] = {{"x/Chart.yaml", CH_X, 0}, {"x//abs", "k: 1\n", 0}};
    sub_err("u2.tgz", u2, 2, "error unpacking subchart u2.tgz in p: chart illegally contains absolute paths");
    Ent u3[] = {{"x/Chart.yaml", CH_X, 0}, {"x/..foo", "k: 1\n", 0}};
    sub_err("u3.tgz", u3, 2, "error unpacking subchart u3.tgz in p: chart illegally references parent directory");
    Ent u4[] = {{"x/Chart.yaml", CH_X, 0}, {"Chart.yaml/k", "k: 1\n", 0}};
    sub_err("u4.tgz", u4, 2, "error unpacking subchart u4.tgz in p: chart yaml not in base directory");
    Ent bad[] = {{"x/Chart.yaml", "apiVersion: v2\nname: x\nversion: abc\n", 0}};
    sub_err("s1.tgz", bad, 1, "error unpacking subchart s1.tgz in p: validation: chart.metadata.version \"abc\" is invalid");
    char *zeros = calloc(1, 6000000);
    Ent big[] = {{"b/Chart.yaml", CH_X, 0}, {"b/big.bin", zeros, 6000000}};
    sub_err("b.tgz", big, 2, "error unpacking subchart b.tgz in p: decompressed chart file \"b/big.bin\" is larger than the maximum file size 5242880");
    free(zeros);
    /* any first component, and "/abs/x" loses its empty one (t3, t4) */
    Ent t3[] = {{"../Chart.yaml", CH_X, 0}, {"y/templates/k.yaml", "k: 1\n", 0}};
    sub_err("t3.tgz", t3, 2, "(loaded)");
    clean();
    PUT("p/Chart.yaml", CHART_P);
    PUT("p/charts/j.tgz", "junk\n");
    expect_err("p", "error unpacking subchart j.tgz in p: unexpected EOF");

    /* top level */
    Arena a;
    arena_init(&a);
    Buf err = BUF_INIT;
    size_t len;
    void *b = tgz(t6, 1, &len);
    CHECK(chart_load_archive(&a, b, len, NULL, &err) == NULL);
    CHECK_STR(err.data ? err.data : "", "unable to load chart archive");
    free(b);
    buf_clear(&err);
    Ent t4[] = {{"/abs/Chart.yaml", CH_X, 0}, {"/abs/templates/k.yaml", "k: 1\n", 0}};
    b = tgz(t4, 2, &len);
    CHECK(chart_load_archive(&a, b, len, NULL, &err) == NULL);
    CHECK_STR(err.data ? err.data : "", "unable to detect chart version, no Chart.yaml found");
    free(b);
    buf_clear(&err);
    Ent ok[] = {{"x/Chart.yaml", CH_X, 0}, {"y/z.txt", "z\n", 0}, {"x/templates/k.yaml", "k: 1\n", 0}};
    b = tgz(ok, 3, &len);
    Chart *c = chart_load_archive(&a, b, len, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(c->meta.name->s, "x");
        CHECK_INT(c->ntemplates, 1);
        CHECK(has_file(c->files, c->nfiles, "z.txt"));
    }
    free(b);
    buf_clear(&err);
    CHECK(chart_load_archive(&a, "\x1f\x8b\x08\0\0\0\0\0\0\0\0", 11, NULL, &err) == NULL);
    CHECK_STR(err.data ? err.data : "", "unable to load chart archive");
    buf_free(&err);
    arena_free(&a);
}

/* Size rules on hand-built archives ($H template r ./p with the same
 * p/charts/t.tgz): a link keeps the size in its header though it has no
 * data, and a chart of exactly 100 MiB is already too large. */
static void put_raw_tgz(const Buf *raw)
{
    Buf g = BUF_INIT;
    gz_member(&g, raw->data, raw->len, 0, 0);
    clean();
    PUT("p/Chart.yaml", CHART_P);
    put("p/charts/t.tgz", g.data, g.len);
    buf_free(&g);
}

static void test_archive_sizes(void)
{
    static const size_t sizes[] = {10, 6000000, 200000000};
    static const char *const want[] = {
        "error unpacking subchart t.tgz in p: decompressed chart is larger than the maximum size 104857600",
        "error unpacking subchart t.tgz in p: decompressed chart file \"x/l\" is larger than the maximum file size 5242880",
        "error unpacking subchart t.tgz in p: decompressed chart is larger than the maximum size 104857600",
    };
    for (int i = 0; i < 3; i++) {
        Buf raw = BUF_INIT;
        tb_file(&raw, "x/Chart.yaml", CH_X);
        TarSpec l = {"x/l", sizes[i], '2', 0, NULL, "Chart.yaml", NULL, NULL, 0};
        tb_header(&raw, &l);
        tb_end(&raw);
        put_raw_tgz(&raw);
        expect_err("p", want[i]);
        buf_free(&raw);
    }
    const size_t M = 5242880;
    char *z = calloc(1, M);
    for (int extra = 0; extra < 2; extra++) {
        Buf raw = BUF_INIT;
        tb_file(&raw, "x/Chart.yaml", CH_X);
        char nm[32];
        for (int i = 0; i < 20; i++) {
            size_t n = i < 19 ? M : M - strlen(CH_X) - (size_t)extra;
            snprintf(nm, sizeof nm, "x/f%d", i);
            TarSpec s = {nm, n, 0, 0, NULL, NULL, NULL, NULL, 0};
            tb_header(&raw, &s);
            tb_data(&raw, z, n);
        }
        tb_end(&raw);
        put_raw_tgz(&raw);
        expect_err("p", extra ? "(loaded)" : want[0]);
        buf_free(&raw);
    }
    free(z);
}

/* .helmignore rules: $H template r ./hi with templates/f.yaml printing
 * `{{ range $p, $_ := .Files }}# {{ $p }}` and the .helmignore below
 * lists exactly .helmignore a.txt e/d2 keep.md sub/c.txt sub/d. */
static void test_helmignore(void)
{
    clean();
    Arena a;
    arena_init(&a);
    PUT("hi/Chart.yaml", "apiVersion: v2\nname: hi\nversion: 0.1.0\n");
    PUT("hi/templates/f.yaml", "x");
    const char *files[] = {"a.txt", "c.txt", "sub/c.txt", "d/x", "e/d/y", "e/d2", "sub/d", "keep.md",
                           "sub/a.md", "sp ace.md", "q[1].md", "templates/.hid"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "hi/%s", files[i]);
        PUT(rel, "x\n");
    }
    PUT("hi/.helmignore", "/c.txt\nd/\nsub/*.md\nq\\[1\\].md\n  sp ace.md  \n");
    Chart *c;
    CHECK(load_err("hi", &c, &a, NULL) == NULL);
    if (c) {
        const char *want[] = {".helmignore", "a.txt", "e/d2", "keep.md", "sub/c.txt", "sub/d"};
        CHECK_INT(c->nfiles, 6);
        for (size_t i = 0; i < 6; i++) CHECK(has_file(c->files, c->nfiles, want[i]));
        CHECK_INT(c->ntemplates, 1);
    }
    arena_free(&a);
}

/* Not helm facts: corrupted archives (random byte flips of a valid one)
 * must load or fail cleanly, never crash (checked under ASan/UBSan). */
static void test_corrupt(void)
{
    Ent ok[] = {{"x/Chart.yaml", CH_X, 0}, {"x/templates/k.yaml", "k: 1\n", 0},
                {"x/charts/s/Chart.yaml", "apiVersion: v2\nname: s\nversion: 1.0.0\n", 0}};
    size_t len;
    unsigned char *b = tgz(ok, 3, &len);
    unsigned char *m = malloc(len);
    uint32_t seed = 777;
    int loaded = 0;
    for (int it = 0; it < 300; it++) {
        memcpy(m, b, len);
        for (int k = 0; k < 1 + it % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            m[(seed >> 8) % len] ^= (unsigned char)(seed >> 24);
        }
        Arena a;
        arena_init(&a);
        Buf err = BUF_INIT;
        size_t cut = it % 7 == 0 ? len / 2 : len;
        if (chart_load_archive(&a, m, cut, NULL, &err)) loaded++;
        buf_free(&err);
        arena_free(&a);
    }
    CHECK(loaded < 300);
    free(m);
    free(b);
}

/* Files are read in one first read of 64 KiB without a stat: every size
 * around that border, and the 5 MiB limit, must read exactly. */
static void test_read_sizes(void)
{
    static const size_t sizes[] = {0, 1, 4095, 65535, 65536, 65537, 131072, 200001, 5242880};
    clean();
    PUT("p/Chart.yaml", CHART_P);
    char *data = malloc(5242881);
    if (!data) return;
    for (size_t i = 0; i < 5242881; i++) data[i] = (char)('a' + i % 23);
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        char name[32];
        snprintf(name, sizeof name, "p/f%zu", sizes[k]);
        put(name, data, sizes[k]);
    }
    Arena a;
    arena_init(&a);
    Chart *c;
    const char *e = load_err("p", &c, &a, NULL);
    CHECK(e == NULL);
    int good = 0;
    for (uint32_t i = 0; c && i < c->nfiles; i++) {
        size_t want;
        if (sscanf(c->files[i].name->s, "f%zu", &want) != 1) continue;
        good += c->files[i].data->len == want && memcmp(c->files[i].data->s, data, want) == 0;
    }
    CHECK_INT(good, (int)(sizeof sizes / sizeof *sizes));
    arena_free(&a);
    put("p/f5242881", data, 5242881);
    expect_err("p", "chart file \"f5242881\" is larger than the maximum file size 5242880");
    unlink(P("p/f5242881"));
    if (geteuid() != 0) {
        chmod(P("p/f1"), 0);
        expect_err("p", subst("error reading f1: open %s/p/f1: Permission denied"));
        chmod(P("p/f1"), 0644);
    }
    free(data);
}

/* Plain-name and "*suffix" rules are matched by compares, not by
 * filepath.Match: on random paths they must agree with it. */
static void test_ignore_shapes(void)
{
    static const char *const pats[] = {".git", "ci", "a.b", "*.swp", "*.b", "*/x.b", "*a/", "/ci", "x/a.b",
                                       "!*.b", "*.", "*/", "a*", "*a*", "sw?p"};
    static const char alpha[] = "ab./xswpci";
    Arena a;
    arena_init(&a);
    uint64_t r = 12345;
    int bad = 0;
    for (size_t k = 0; k < sizeof pats / sizeof *pats; k++) {
        Buf err = BUF_INIT;
        ChartIgnore *ig = chart_ignore_parse(&a, pats[k], strlen(pats[k]), &err);
        buf_free(&err);
        if (!ig) { bad++; continue; }
        const char *p = pats[k];
        bool neg = p[0] == '!', dir = p[strlen(p) - 1] == '/';
        char pat[32];
        snprintf(pat, sizeof pat, "%s", p + neg + (p[neg] == '/'));
        size_t pn = strlen(pat) - dir;
        bool whole = memchr(pat, '/', pn) != NULL || p[neg] == '/';
        for (int i = 0; i < 3000; i++) {
            char path[16];
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            size_t n = 1 + (r >> 33) % 8;
            for (size_t j = 0; j < n; j++) path[j] = alpha[(r >> (3 * j + 5)) % (sizeof alpha - 1)];
            path[n] = 0;
            bool is_dir = (r >> 60) & 1;
            const char *b = path;
            size_t bn = n;
            if (!whole) {
                while (bn > 1 && path[bn - 1] == '/') bn--;
                for (size_t j = 0; j < bn; j++) if (path[j] == '/') b = path + j + 1;
                bn -= (size_t)(b - path);
            }
            bool m = chart_path_match(pat, pn, b, bn) == 1;
            bool want = neg ? (dir && !is_dir) || !m : !(dir && !is_dir) && m;
            if (!strcmp(path, ".") || !strcmp(path, "./")) want = false;
            bad += chart_ignore_match(ig, path, is_dir) != want;
        }
    }
    arena_free(&a);
    CHECK_INT(bad, 0);
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/chartc-load-XXXXXX");
    if (!mkdtemp(root)) return 1;
    test_classes();
    test_dir_errors();
    test_read_sizes();
    test_symlink();
    test_archives();
    test_archive_sizes();
    test_helmignore();
    test_ignore_shapes();
    test_corrupt();
    nftw(root, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return CHECK_DONE();
}
