/*
 * load.c - helm's chart loader: a directory walk or a gzipped tar becomes a
 * list of (name, bytes) files, and LoadFiles sorts those into a Chart.
 *
 * Directory (helm LoadDir + internal/sympath.Walk): entries in byte order
 * per directory, symlinks followed (with an INFO log line), .helmignore
 * applied to relative paths (a matching directory is skipped whole),
 * irregular files and files over 5 MiB rejected, a leading BOM removed.
 *
 * Archive (helm archive.LoadArchiveFiles): the first path component of
 * every entry is dropped whatever it is; `\` is the separator when a name
 * contains one; absolute, parent-escaping, drive-letter and root-level
 * names are errors; 100 MiB in total and 5 MiB per file.  Symlinks and
 * other non-directories become (empty) files, as Go's tar reader makes
 * them.  .helmignore does not apply.  Reading the gzip and tar layers,
 * with Go's errors, is tar.c's job.
 *
 * LoadFiles: Chart.yaml first, then every file by name: values.yaml,
 * values.schema.json, Chart.lock, requirements.*, templates/..., charts/...
 * (subcharts grouped by their first component, `_`/`.` names ignored,
 * `*.prov` kept in .Files), everything else .Files.  Subcharts load after
 * Chart.yaml validated; helm iterates a Go map there (random order), we
 * use byte order of the entry name.
 *
 * Top level (v4's version detection): a directory must have a readable
 * Chart.yaml ("unable to detect chart at ..."), an archive one at its root
 * ("unable to detect chart version, no Chart.yaml found"), apiVersion
 * v1/v2/v3/absent load, others are "unsupported chart version"; any
 * failure of the top archive's unpacking is "unable to load chart archive".
 */
#include "chart.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../value/fmt.h"
#include "../yaml/yaml.h"
#include "../util/path.h"
#include "tar.h"
#include "text.h"

#define MAX_FILE (5 * 1024 * 1024)
#define MAX_CHART (100 * 1024 * 1024)
#define MAX_DEPTH 64

typedef struct Ld {
    Arena *a;
    Buf *logs;
    Buf *err;
    int depth;
    int64_t unpacked;   /* bytes decompressed from all archives so far */
    const ChartLoadHooks *h;   /* NULL: none */
} Ld;

/* helm limits each archive (100 MiB) but not archives nested in archives;
 * this caps a whole load so a nested bomb cannot exhaust memory. */
#define MAX_UNPACKED ((int64_t)1 << 30)

typedef struct FileVec {
    ChartFile *v;
    uint32_t n, cap;
} FileVec;

static bool fv_push(Arena *a, FileVec *fv, Str *name, Str *data)
{
    if (fv->n == fv->cap) {
        uint32_t cap = fv->cap ? fv->cap * 2 : 16;
        ChartFile *nv = ARENA_NEWN(a, ChartFile, cap);
        if (!nv) return false;
        if (fv->n) memcpy(nv, fv->v, fv->n * sizeof *nv);
        fv->v = nv;
        fv->cap = cap;
    }
    fv->v[fv->n].name = name;
    fv->v[fv->n].data = data;
    fv->n++;
    return true;
}

static int oom(Ld *ld)
{
    buf_adds(ld->err, "out of memory");
    return -1;
}

static Str *strip_bom(Arena *a, const char *d, size_t n)
{
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) { d += 3; n -= 3; }
    return str_new(a, d, n);
}

/* ---- paths ------------------------------------------------------------ */

/* Go's path.Clean on a '/'-separated path, into the arena. */
static char *clean_in(Arena *a, const char *p, size_t n)
{
    Buf b = BUF_INIT;
    path_clean(&b, p, n);
    char *out = arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return out;
}

/* ---- LoadFiles --------------------------------------------------------- */

static Chart *load_archive(Ld *ld, const void *data, size_t n);

static bool has_prefix(const Str *s, const char *p) { return strncmp(s->s, p, strlen(p)) == 0; }
static bool name_is(const Str *s, const char *p) { return strcmp(s->s, p) == 0 && strlen(p) == s->len; }

/* filepath.Ext of the last element. */
static const char *ext_of(const char *s, size_t n)
{
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == '/') break;
        if (s[i - 1] == '.') return s + i - 1;
    }
    return s + n;
}

static int yaml_err(Ld *ld, const char *what, Buf *e)
{
    buf_printf(ld->err, "cannot load %s: ", what);
    buf_add(ld->err, e->data ? e->data : "", e->len);
    buf_free(e);
    return -1;
}

static void files_seen(Ld *ld, const ChartFile *files, uint32_t n)
{
    if (ld->h && ld->h->seen && n) ld->h->seen(ld->h->ctx, files, n);
}

static int load_values(Ld *ld, Chart *c, const ChartFile *f)
{
    if (ld->h && ld->h->values && ld->h->values(ld->h->ctx, f->data, &c->values)) {
        c->values_raw = f->data;
        return 0;
    }
    Buf e = BUF_INIT;
    if (yaml_load_values(ld->a, f->data->s, f->data->len, &c->values, &e) != 0) {
        buf_adds(ld->err, "cannot load values.yaml: ");
        if (strncmp(e.data ? e.data : "", "cannot unmarshal yaml document", 30) != 0 &&
            strncmp(e.data ? e.data : "", "error reading yaml document", 27) != 0)
            buf_adds(ld->err, "cannot unmarshal yaml document: ");
        buf_add(ld->err, e.data ? e.data : "", e.len);
        buf_free(&e);
        return -1;
    }
    buf_free(&e);
    c->values_raw = f->data;
    return 0;
}

static int check_yaml(Ld *ld, const char *what, const Str *data)
{
    Value v;
    Buf e = BUF_INIT;
    if (yaml_decode(ld->a, data->s, data->len, V_NIL, &v, &e) != 0) return yaml_err(ld, what, &e);
    buf_free(&e);
    return 0;
}

static void log_info(Ld *ld, const char *msg) { chart_log(ld->logs, "INFO", msg, 0, NULL); }

static bool is_v1(const Chart *c) { return strcmp(c->meta.api_version->s, "v1") == 0; }

typedef struct Group {
    const char *name;
    size_t nlen;
    FileVec files;
} Group;

static int cmp_group(const void *x, const void *y)
{
    const Group *a = x, *b = y;
    size_t n = a->nlen < b->nlen ? a->nlen : b->nlen;
    int c = memcmp(a->name, b->name, n);
    return c ? c : (a->nlen > b->nlen) - (a->nlen < b->nlen);
}

static Chart *load_files(Ld *ld, const ChartFile *files, uint32_t n);

static int load_subcharts(Ld *ld, Chart *c, Group *g, uint32_t ng)
{
    if (ng > 1) qsort(g, ng, sizeof *g, cmp_group);
    c->deps = ARENA_NEWN(ld->a, Chart *, ng ? ng : 1);
    if (!c->deps) return oom(ld);
    for (uint32_t i = 0; i < ng; i++) {
        if (g[i].name[0] == '_' || g[i].name[0] == '.') continue;
        Chart *sc;
        char *gname = arena_strndup(ld->a, g[i].name, g[i].nlen);
        size_t mark = ld->err->len;
        const char *ext = ext_of(g[i].name, g[i].nlen);
        if (strcmp(ext, ".tgz") == 0) {
            ChartFile *f = &g[i].files.v[0];
            if (!name_is(f->name, gname)) {
                buf_printf(ld->err, "error unpacking subchart tar in %s: expected %s, got %s",
                           c->meta.name->s, gname, f->name->s);
                return -1;
            }
            sc = load_archive(ld, f->data->s, f->data->len);
        } else {
            /* Drop "<name>/" and files that are not inside the directory
             * (charts/README.md becomes a chart with no files). */
            FileVec inner = {0};
            for (uint32_t k = 0; k < g[i].files.n; k++) {
                ChartFile *f = &g[i].files.v[k];
                const char *slash = memchr(f->name->s, '/', f->name->len);
                if (!slash) continue;
                size_t off = (size_t)(slash - f->name->s) + 1;
                if (!fv_push(ld->a, &inner, str_new(ld->a, f->name->s + off, f->name->len - off), f->data))
                    return oom(ld);
            }
            ld->depth++;
            sc = ld->depth > MAX_DEPTH ? NULL : load_files(ld, inner.v, inner.n);
            if (ld->depth > MAX_DEPTH && ld->err->len == mark) buf_adds(ld->err, "charts nested too deeply");
            ld->depth--;
        }
        if (!sc) {
            /* errors.Wrapf: prefix the message already written */
            Buf tail = BUF_INIT;
            buf_add(&tail, ld->err->data + mark, ld->err->len - mark);
            ld->err->len = mark;
            buf_printf(ld->err, "error unpacking subchart %s in %s: ", gname, c->meta.name->s);
            buf_add(ld->err, tail.data ? tail.data : "", tail.len);
            buf_free(&tail);
            return -1;
        }
        sc->parent = c;
        c->deps[c->ndeps++] = sc;
    }
    return 0;
}

static Chart *load_files(Ld *ld, const ChartFile *files, uint32_t n)
{
    Arena *a = ld->a;
    Chart *c = ARENA_NEW(a, Chart);
    if (!c) { oom(ld); return NULL; }
    bool have_meta = false;
    chart_meta_init(a, &c->meta);
    c->values = val_map(map_new(a, 0));

    for (uint32_t i = 0; i < n; i++) {
        if (!name_is(files[i].name, "Chart.yaml")) continue;
        ChartMeta m;
        if (chart_decode_meta(a, files[i].data->s, files[i].data->len, &m, ld->err)) return NULL;
        c->meta = m;
        have_meta = true;
    }

    FileVec tpl = {0}, fil = {0};
    Group *groups = NULL;
    uint32_t ng = 0, gcap = 0;
    for (uint32_t i = 0; i < n; i++) {
        const ChartFile *f = &files[i];
        Str *nm = f->name;
        if (name_is(nm, "Chart.yaml")) continue;
        if (name_is(nm, "Chart.lock")) {
            if (check_yaml(ld, "Chart.lock", f->data)) return NULL;
            c->lock_raw = f->data;
        } else if (name_is(nm, "values.yaml")) {
            if (load_values(ld, c, f)) return NULL;
        } else if (name_is(nm, "values.schema.json")) {
            c->schema = f->data;
        } else if (name_is(nm, "requirements.yaml")) {
            if (!is_v1(c))
                log_info(ld, "Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". "
                             "We recommend migrating dependencies to Chart.yaml.");
            Value v;
            Buf e = BUF_INIT;
            if (yaml_decode(a, f->data->s, f->data->len, V_NIL, &v, &e) != 0) {
                yaml_err(ld, "requirements.yaml", &e);
                return NULL;
            }
            buf_free(&e);
            if (chart_meta_from_yaml(a, f->data->s, f->data->len, v, &c->meta, ld->err)) return NULL;
            if (!have_meta && !c->meta.api_version->len) c->meta.api_version = str_empty();
            have_meta = true;
            if (is_v1(c) && !fv_push(a, &fil, nm, f->data)) { oom(ld); return NULL; }
        } else if (name_is(nm, "requirements.lock")) {
            if (check_yaml(ld, "requirements.lock", f->data)) return NULL;
            c->lock_raw = f->data;
            if (!is_v1(c))
                log_info(ld, "Warning: Dependency locking is handled in Chart.lock since apiVersion \"v2\". "
                             "We recommend migrating to Chart.lock.");
            have_meta = true;
            if (is_v1(c) && !fv_push(a, &fil, nm, f->data)) { oom(ld); return NULL; }
        } else if (has_prefix(nm, "templates/")) {
            if (!fv_push(a, &tpl, nm, f->data)) { oom(ld); return NULL; }
        } else if (has_prefix(nm, "charts/")) {
            if (strcmp(ext_of(nm->s, nm->len), ".prov") == 0) {
                if (!fv_push(a, &fil, nm, f->data)) { oom(ld); return NULL; }
                continue;
            }
            const char *rest = nm->s + 7;
            size_t rlen = nm->len - 7;
            const char *sl = memchr(rest, '/', rlen);
            size_t cl = sl ? (size_t)(sl - rest) : rlen;
            uint32_t g;
            for (g = 0; g < ng; g++)
                if (groups[g].nlen == cl && memcmp(groups[g].name, rest, cl) == 0) break;
            if (g == ng) {
                if (ng == gcap) {
                    gcap = gcap ? gcap * 2 : 8;
                    Group *nw = ARENA_NEWN(a, Group, gcap);
                    if (!nw) { oom(ld); return NULL; }
                    if (ng) memcpy(nw, groups, ng * sizeof *nw);
                    groups = nw;
                }
                memset(&groups[ng], 0, sizeof groups[ng]);
                groups[ng].name = rest;
                groups[ng].nlen = cl;
                ng++;
            }
            if (!fv_push(a, &groups[g].files, str_new(a, rest, rlen), f->data)) { oom(ld); return NULL; }
        } else if (!fv_push(a, &fil, nm, f->data)) {
            oom(ld);
            return NULL;
        }
    }
    if (!have_meta) {
        buf_adds(ld->err, "Chart.yaml file is missing");
        return NULL;
    }
    if (!c->meta.api_version->len) c->meta.api_version = str_cstr(a, "v1");
    if (chart_validate_meta(&c->meta, a, ld->err)) return NULL;
    c->templates = tpl.v;
    c->ntemplates = tpl.n;
    c->files = fil.v;
    c->nfiles = fil.n;
    if (load_subcharts(ld, c, groups, ng)) return NULL;
    return c;
}

/* ---- archives ---------------------------------------------------------- */

static bool drive_path(const char *n)
{
    return ((n[0] >= 'a' && n[0] <= 'z') || (n[0] >= 'A' && n[0] <= 'Z')) && n[1] == ':' && n[2] == '/';
}

/* The name an entry gets: first component dropped, '\' normalised. */
static int entry_name(Ld *ld, const char *raw, char **out)
{
    char delim = strchr(raw, '\\') ? '\\' : '/';
    const char *p = strchr(raw, delim);
    const char *rest = p ? p + 1 : "";
    bool first_is_chart = (p ? (size_t)(p - raw) : strlen(raw)) == 10 && strncmp(raw, "Chart.yaml", 10) == 0;
    char *n = arena_strdup(ld->a, rest);
    if (!n) return oom(ld);
    for (char *q = n; *q; q++)
        if (*q == delim) *q = '/';
    if (n[0] == '/') {
        buf_adds(ld->err, "chart illegally contains absolute paths");
        return -1;
    }
    char *c = clean_in(ld->a, n, strlen(n));
    if (!c) return oom(ld);
    if (strcmp(c, ".") == 0) {
        buf_adds(ld->err, "chart illegally contains content outside the base directory: ");
        fmt_quote(ld->err, raw, strlen(raw));
        return -1;
    }
    if (strncmp(c, "..", 2) == 0) {
        buf_adds(ld->err, "chart illegally references parent directory");
        return -1;
    }
    if (drive_path(c)) {
        buf_adds(ld->err, "chart contains illegally named files");
        return -1;
    }
    if (first_is_chart) {
        buf_adds(ld->err, "chart yaml not in base directory");
        return -1;
    }
    *out = c;
    return 0;
}

/* One entry's data, as helm's io.Copy into a bytes.Buffer.  Links and
 * other header-only entries keep their header size, so a symlink that
 * claims 10 bytes reads 0 and fails the "bytesWritten < hd.Size" test
 * ($H on a hand-built archive, see tests/unit/chart/test_tar.c). */
static int read_entry(Ld *ld, TarReader *tr, const TarHeader *h, int64_t *remaining, Str **out)
{
    if (h->size > *remaining || ld->unpacked + h->size > MAX_UNPACKED) {
        buf_printf(ld->err, "decompressed chart is larger than the maximum size %d", MAX_CHART);
        return -1;
    }
    if (h->size > MAX_FILE) {
        buf_adds(ld->err, "decompressed chart file ");
        fmt_quote(ld->err, h->name, h->name_len);
        buf_printf(ld->err, " is larger than the maximum file size %d", MAX_FILE);
        return -1;
    }
    int64_t left = tar_left(tr);
    char *data = arena_alloc(ld->a, (size_t)left + 1);
    if (!data) return oom(ld);
    int64_t got = tar_read(tr, data, left, ld->err);
    if (got < 0) return -1;
    *remaining -= got;
    ld->unpacked += got;
    /* v4.1.4 also fails when the chart is exactly 100 MiB ($H: files
     * adding up to 104857600 bytes) */
    if (got < h->size || *remaining <= 0) {
        buf_printf(ld->err, "decompressed chart is larger than the maximum size %d", MAX_CHART);
        return -1;
    }
    *out = strip_bom(ld->a, data, (size_t)got);
    return *out ? 0 : oom(ld);
}

/* LoadArchiveFiles. */
static int archive_files(Ld *ld, const void *data, size_t n, FileVec *fv)
{
    TarReader *tr = tar_open(data, n, ld->err);
    if (!tr) return -1;
    int rc = -1;
    int64_t remaining = MAX_CHART;
    for (;;) {
        TarHeader h;
        int r = tar_next(tr, &h, ld->err);
        if (r == 0) break;
        if (r < 0) goto done;
        if (h.is_dir || h.type == 'g' || h.type == 'x') continue;
        char *name = NULL;
        if (entry_name(ld, h.name, &name)) goto done;
        Str *body = NULL;
        if (read_entry(ld, tr, &h, &remaining, &body)) goto done;
        if (!fv_push(ld->a, fv, str_cstr(ld->a, name), body)) { oom(ld); goto done; }
    }
    if (fv->n == 0) {
        buf_adds(ld->err, "no files in chart archive");
        goto done;
    }
    rc = 0;
done:
    tar_close(tr);
    return rc;
}

static Chart *load_archive(Ld *ld, const void *data, size_t n)
{
    FileVec fv = {0};
    if (++ld->depth > MAX_DEPTH) {
        buf_adds(ld->err, "charts nested too deeply");
        ld->depth--;
        return NULL;
    }
    Chart *c = NULL;
    if (archive_files(ld, data, n, &fv) == 0) {
        files_seen(ld, fv.v, fv.n);
        c = load_files(ld, fv.v, fv.n);
        if (c) c->from_archive = true;
    }
    ld->depth--;
    return c;
}

/* ---- directories ------------------------------------------------------- */

typedef struct Walk {
    Ld *ld;
    const ChartIgnore *rules;
    const char *top;     /* absolute, with trailing '/' */
    size_t toplen;
    FileVec files;
    int depth;
    char *buf;           /* scratch for reading files (malloc) */
    size_t scap;
    uint32_t seen;       /* files handed to ld->seen so far */
} Walk;

/* Hand the files read since the last call to ld->seen: directory by
 * directory, so work on them can start while the walk goes on. */
static void walk_seen(Walk *w)
{
    files_seen(w->ld, w->files.v + w->seen, w->files.n - w->seen);
    w->seen = w->files.n;
}

enum { WK_OK = 0, WK_ERR = -1, WK_SKIPDIR = 1 };

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static const char *base_name(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

#define FIRST_READ 65536

/* Room for cap bytes in w's scratch buffer, keeping what it holds. */
static bool scratch(Walk *w, size_t cap)
{
    if (cap <= w->scap) return true;
    char *p = realloc(w->buf, cap);
    if (!p) return false;
    w->buf = p;
    w->scap = cap;
    return true;
}

/* The file open on fd (closed here) as os.ReadFile reads it: at most
 * size + 1 bytes when its size is known, else (size < 0, a file readdir
 * called regular) a first read of FIRST_READ bytes, which is the whole of
 * most chart files - a short read of a regular file is its end - so no
 * fstat and no read that returns 0 are spent.  Only a file that fills it
 * is stat'ed; -2 when that finds it irregular or too large (the lstat
 * way orders those errors).  The bytes pass through a scratch buffer so
 * the arena holds them once. */
static int read_file(Walk *w, int fd, const char *n, off_t size)
{
    Ld *ld = w->ld;
    size_t cap = size >= 0 ? (size_t)size + 1 : FIRST_READ, len = 0;
    if (!scratch(w, cap)) { close(fd); return oom(ld); }
    for (;;) {
        while (len < cap) {
            size_t want = cap - len;
            ssize_t r = read(fd, w->buf + len, want);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            len += (size_t)r;
            if ((size_t)r < want) break;
        }
        if (size >= 0 || len < cap) break;
        struct stat st;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE) {
            close(fd);
            return -2;
        }
        size = st.st_size;
        if ((size_t)size + 1 <= len) break;
        cap = (size_t)size + 1;
        if (!scratch(w, cap)) { close(fd); return oom(ld); }
    }
    close(fd);
    if (len > MAX_FILE) len = MAX_FILE;
    Str *body = strip_bom(ld->a, w->buf, len);
    if (!body || !fv_push(ld->a, &w->files, str_cstr(ld->a, n), body)) return oom(ld);
    return WK_OK;
}

/* The WalkFunc of LoadDir. */
static int visit(Walk *w, const char *path, const struct stat *st, const char *stat_name)
{
    Ld *ld = w->ld;
    if (strncmp(path, w->top, w->toplen) != 0) return WK_OK;
    const char *n = path + w->toplen;
    if (!*n) return WK_OK;
    bool dir = S_ISDIR(st->st_mode);
    if (dir) return chart_ignore_match(w->rules, n, true) ? WK_SKIPDIR : WK_OK;
    if (chart_ignore_match(w->rules, n, false)) return WK_OK;
    if (!S_ISREG(st->st_mode)) {
        buf_printf(ld->err, "cannot load irregular file %s as it has file mode type bits set", path);
        return WK_ERR;
    }
    if (st->st_size > MAX_FILE) {
        buf_adds(ld->err, "chart file ");
        const char *b = base_name(stat_name);
        fmt_quote(ld->err, b, strlen(b));
        buf_printf(ld->err, " is larger than the maximum file size %d", MAX_FILE);
        return WK_ERR;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        buf_printf(ld->err, "error reading %s: open %s: %s", n, path, strerror(errno));
        return WK_ERR;
    }
    return read_file(w, fd, n, st->st_size);
}

/* The regular file at path, named n, as readdir typed it: open first and
 * take the size from the open file, which spares the lstat and stdio's
 * fstat and final read (helm's os.ReadFile). */
static int visit_regular(Walk *w, const char *path, const char *n)
{
    /* failures are unusual: the lstat way then orders checks and errors */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    return fd < 0 ? -2 : read_file(w, fd, n, -1);
}

static int symwalk(Walk *w, const char *path, struct stat *st, const char *stat_name);

/* A directory entry whose d_type already says what lstat would (a plain
 * file or directory; links and unknowns go the lstat way): visit it
 * without the stat.  -2 when it must take the lstat way after all. */
static int typed_entry(Walk *w, const char *child, unsigned char type, struct stat *cst)
{
    if (type != DT_REG && type != DT_DIR) return -2;
    const char *n = child + w->toplen;
    if (strncmp(child, w->top, w->toplen) != 0 || !*n) return -2;
    memset(cst, 0, sizeof *cst);
    if (type == DT_DIR) {
        cst->st_mode = S_IFDIR;
        return symwalk(w, child, cst, child);
    }
    cst->st_mode = S_IFREG;
    if (w->depth + 1 > MAX_DEPTH) return -2;
    if (chart_ignore_match(w->rules, n, false)) return WK_OK;
    w->depth++;
    int r = visit_regular(w, child, n);
    w->depth--;
    return r;
}

static int walk_dir(Walk *w, const char *path)
{
    Ld *ld = w->ld;
    DIR *dh = opendir(path);
    if (!dh) {
        buf_printf(ld->err, "open %s: %s", path, strerror(errno));
        return WK_ERR;
    }
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (nn == cap) {
            cap = cap ? cap * 2 : 32;
            char **nw = ARENA_NEWN(ld->a, char *, cap);
            if (!nw) { closedir(dh); return oom(ld); }
            if (nn) memcpy(nw, names, nn * sizeof *nw);
            names = nw;
        }
        /* the entry's d_type rides before its name (sorting compares names) */
        size_t nl = strlen(de->d_name);
        char *e = arena_alloc(ld->a, nl + 2);
        if (!e) { closedir(dh); return oom(ld); }
        e[0] = (char)de->d_type;
        memcpy(e + 1, de->d_name, nl + 1);
        names[nn++] = e + 1;
    }
    closedir(dh);
    if (nn) qsort(names, nn, sizeof *names, cmp_str);
    size_t pl = strlen(path);
    bool sep = !pl || path[pl - 1] != '/';
    for (size_t i = 0; i < nn; i++) {
        /* joined by hand: one per file of the chart, printf dominated */
        size_t nl = strlen(names[i]);
        char *child = arena_alloc(ld->a, pl + sep + nl + 1);
        struct stat cst;
        if (!child) return oom(ld);
        memcpy(child, path, pl);
        if (sep) child[pl] = '/';
        memcpy(child + pl + sep, names[i], nl + 1);
        int r = typed_entry(w, child, (unsigned char)names[i][-1], &cst);
        if (r == WK_ERR) return r;
        if (r != -2) {
            if (r == WK_SKIPDIR && !S_ISDIR(cst.st_mode)) return r;
            continue;
        }
        if (lstat(child, &cst) != 0) {
            buf_printf(ld->err, "lstat %s: %s", child, strerror(errno));
            return WK_ERR;
        }
        r = symwalk(w, child, &cst, child);
        if (r == WK_ERR) return r;
        if (r == WK_SKIPDIR && !S_ISDIR(cst.st_mode) && !S_ISLNK(cst.st_mode)) return r;
    }
    walk_seen(w);
    return WK_OK;
}

static int symwalk(Walk *w, const char *path, struct stat *st, const char *stat_name)
{
    Ld *ld = w->ld;
    if (++w->depth > MAX_DEPTH) {
        buf_printf(ld->err, "chart directory nesting too deep at %s", path);
        return WK_ERR;
    }
    int rc;
    if (S_ISLNK(st->st_mode)) {
        char *res = realpath(path, NULL);
        if (!res) {
            /* filepath.EvalSymlinks names the missing target */
            int eno = errno;
            char tgt[PATH_MAX];
            ssize_t tl = readlink(path, tgt, sizeof tgt - 1);
            const char *shown = path;
            if (tl > 0) {
                tgt[tl] = 0;
                const char *slash = strrchr(path, '/');
                char *j = tgt[0] == '/' || !slash ? arena_strdup(ld->a, tgt)
                        : arena_printf(ld->a, "%.*s/%s", (int)(slash - path), path, tgt);
                if (j) shown = clean_in(ld->a, j, strlen(j));
            }
            buf_printf(ld->err, "error evaluating symlink %s: lstat %s: %s", path, shown,
                       eno == ENOENT ? "no such file or directory" : strerror(eno));
            rc = WK_ERR;
            goto out;
        }
        char *resolved = arena_strdup(ld->a, res);
        free(res);
        const char *kv[] = {"path", path, "resolved", resolved};
        chart_log(ld->logs, "INFO", "found symbolic link in path. Contents of linked file included and used", 2, kv);
        struct stat rst;
        if (lstat(resolved, &rst) != 0) {
            buf_printf(ld->err, "lstat %s: %s", resolved, strerror(errno));
            rc = WK_ERR;
            goto out;
        }
        rc = symwalk(w, path, &rst, resolved);
        if (rc == WK_SKIPDIR) rc = WK_OK;
        goto out;
    }
    rc = visit(w, path, st, stat_name);
    if (rc != WK_OK || !S_ISDIR(st->st_mode)) goto out;
    rc = walk_dir(w, path);
out:
    w->depth--;
    return rc;
}

static Str *read_whole(Arena *a, const char *path, int *eno)
{
    FILE *f = fopen(path, "rb");
    if (!f) { *eno = errno; return NULL; }
    Buf b = BUF_INIT;
    char tmp[65536];
    size_t r;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) {
        buf_add(&b, tmp, r);
        if (b.len > MAX_CHART) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { buf_free(&b); *eno = EISDIR; return NULL; }
    Str *s = str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

/* v4's version detection decodes Chart.yaml into a struct holding only
 * apiVersion (loader.chartBase), so only that field can fail here
 * ($H: a list Chart.yaml -> "... of type loader.chartBase"). */
static int check_api_version(Ld *ld, const Str *chart_yaml)
{
    Value v;
    Buf e = BUF_INIT;
    if (yaml_decode(ld->a, chart_yaml->s, chart_yaml->len, V_NIL, &v, &e) != 0) {
        buf_adds(ld->err, "cannot load Chart.yaml: ");
        buf_add(ld->err, e.data ? e.data : "", e.len);
        buf_free(&e);
        return -1;
    }
    buf_free(&e);
    static const char pre[] = "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ";
    const char *api = "";
    if (v.kind != V_NIL && v.kind != V_MAP) {
        buf_printf(ld->err, "%s%s into Go value of type loader.chartBase", pre, chart_json_kind(v));
        return -1;
    }
    if (v.kind == V_MAP) {
        MapEntry **es = map_sorted(v.u.m, ld->a);
        for (uint32_t i = 0; i < map_len(v.u.m); i++) {
            if (es[i]->key->len != 10 || strncasecmp(es[i]->key->s, "apiVersion", 10) != 0) continue;
            Value x = es[i]->val;
            if (x.kind == V_LIST || x.kind == V_MAP) {
                buf_printf(ld->err, "%s%s into Go struct field chartBase.apiVersion of type string", pre,
                           chart_json_kind(x));
                return -1;
            }
            api = chart_yaml_scalar(ld->a, x)->s;
        }
    }
    if (*api && strcmp(api, "v1") && strcmp(api, "v2") && strcmp(api, "v3")) {
        buf_adds(ld->err, "unsupported chart version");
        return -1;
    }
    return 0;
}

static Chart *load_dir(Ld *ld, const char *dir)
{
    Arena *a = ld->a;
    char *top = path_abs(a, dir);
    if (!top) { oom(ld); return NULL; }
    char *cy = arena_printf(a, "%s/Chart.yaml", strcmp(top, "/") ? top : "");
    int eno = 0;
    Str *chart_yaml = read_whole(a, cy, &eno);
    if (!chart_yaml) {
        buf_printf(ld->err, "unable to detect chart at %s: open %s: %s", cy, cy,
                   eno == ENOENT ? "no such file or directory" : strerror(eno));
        return NULL;
    }
    if (check_api_version(ld, chart_yaml)) return NULL;

    char *ign = arena_printf(a, "%s/.helmignore", strcmp(top, "/") ? top : "");
    Str *itext = NULL;
    struct stat ist;
    if (stat(ign, &ist) == 0) {
        itext = read_whole(a, ign, &eno);
        if (!itext) {
            buf_printf(ld->err, "open %s: %s", ign, strerror(eno));
            return NULL;
        }
    }
    ChartIgnore *rules = chart_ignore_parse(a, itext ? itext->s : NULL, itext ? itext->len : 0, ld->err);
    if (!rules) return NULL;

    Walk w = {0};
    w.ld = ld;
    w.rules = rules;
    w.top = arena_printf(a, "%s/", strcmp(top, "/") ? top : "");
    w.toplen = strlen(w.top);
    struct stat st;
    /* Walking "top/" resolves a symlinked chart root and gives the root
     * the empty name, which no rule can ignore. */
    if (stat(w.top, &st) != 0) {
        buf_printf(ld->err, "lstat %s: %s", w.top, strerror(errno));
        return NULL;
    }
    int rc = symwalk(&w, w.top, &st, top);
    free(w.buf);
    if (rc == WK_ERR) return NULL;
    walk_seen(&w);
    return load_files(ld, w.files.v, w.files.n);
}

/* ---- entry points ------------------------------------------------------ */

static Chart *load_root_archive(Ld *base, const void *data, size_t n)
{
    Ld ld = *base;
    Buf *err = ld.err;
    FileVec fv = {0};
    Buf e = BUF_INIT;
    Ld tmp = ld;
    tmp.err = &e;
    if (archive_files(&tmp, data, n, &fv) != 0) {
        buf_free(&e);
        buf_adds(err, "unable to load chart archive");
        return NULL;
    }
    buf_free(&e);
    ld.unpacked = tmp.unpacked;
    const Str *cy = NULL;
    for (uint32_t i = 0; i < fv.n; i++)
        if (name_is(fv.v[i].name, "Chart.yaml")) cy = fv.v[i].data;
    if (!cy) {
        buf_adds(err, "unable to detect chart version, no Chart.yaml found");
        return NULL;
    }
    if (check_api_version(&ld, cy)) return NULL;
    files_seen(&ld, fv.v, fv.n);
    Chart *c = load_files(&ld, fv.v, fv.n);
    if (c) c->from_archive = true;
    return c;
}

Chart *chart_load_archive(Arena *a, const void *data, size_t n, Buf *logs, Buf *err)
{
    Ld ld = {a, logs, err, 0, 0, NULL};
    return load_root_archive(&ld, data, n);
}

Chart *chart_load(Arena *a, const char *path, Buf *logs, Buf *err)
{
    return chart_load_with(a, path, NULL, logs, err);
}

Chart *chart_load_with(Arena *a, const char *path, const ChartLoadHooks *h, Buf *logs, Buf *err)
{
    Ld ld = {a, logs, err, 0, 0, h};
    struct stat st;
    if (stat(path, &st) != 0) {
        /* helm's LocateChart for a local path (bare words are repo
         * references, which the CLI reports before calling us) */
        buf_printf(err, "path \"%s\" not found", path);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) return load_dir(&ld, path);
    int eno = 0;
    Str *data = read_whole(a, path, &eno);
    if (!data) {
        buf_printf(err, "open %s: %s", path, strerror(eno));
        return NULL;
    }
    /* archive.EnsureArchive: http.DetectContentType sees a zero-padded
     * 512-byte buffer, so short text files are octet-stream too; helm
     * names the file by its absolute path. */
    if (data->len < 3 || memcmp(data->s, "\x1F\x8B\x08", 3) != 0) {
        const char *given = path;
        path = path_abs(a, given);
        if (!path) path = given;
        size_t pl = strlen(path);
        if ((pl >= 4 && !strcmp(path + pl - 4, ".yml")) || (pl >= 5 && !strcmp(path + pl - 5, ".yaml"))) {
            buf_printf(err, "file '%s' seems to be a YAML file, but expected a gzipped archive", path);
            return NULL;
        }
        bool text = data->len >= 512;
        for (size_t i = 0; i < 512 && i < data->len && text; i++) {
            unsigned char c = (unsigned char)data->s[i];
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0C && c != 0x1B) text = false;
        }
        buf_printf(err, "file '%s' does not appear to be a gzipped archive; got '%s'", path,
                   text ? "text/plain; charset=utf-8" : "application/octet-stream");
        return NULL;
    }
    return load_root_archive(&ld, data->s, data->len);
}
