/*
 * values.c - the user values of one `helm template` run (helm's
 * pkg/cli/values Options.MergeValues): -f files merged in order, then
 * --set-json, --set, --set-string, --set-file, --set-literal, each kind in
 * its own order whatever the command-line order ($H: --set-string a=ss
 * --set-json 'a="json"' --set a=set --set-literal a=lit --set-file a=f
 * gives "lit").
 *
 * "-" (after trimming) reads standard input, for -f and for --set-file
 * paths alike; a second read finds it empty, as in Go.  A -f argument
 * or --set-file path that parses as an http(s) URL is fetched (helm's
 * readFile and its getters; any other scheme is a file name), with no
 * credentials; one that url.Parse rejects ("%zz") fails with
 * url.Parse's error, file or not.
 */
#include "chart.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../fetch/fetch.h"
#include "../yaml/yaml.h"
#include "strvals.h"
#include "../util/goerr.h"

typedef struct Rd {
    FILE *in;
} Rd;

static bool is_stdin(const char *p, size_t n)
{
    while (n && (*p == ' ' || (*p >= '\t' && *p <= '\r'))) { p++; n--; }
    while (n && (p[n - 1] == ' ' || (p[n - 1] >= '\t' && p[n - 1] <= '\r'))) n--;
    return n == 1 && *p == '-';
}

/* readFile: the bytes of a path or of stdin, into the arena. */
static Str *read_file(Arena *a, Rd *rd, const char *path, size_t n, Buf *err)
{
    FILE *f;
    bool std = is_stdin(path, n);
    char *p = arena_strndup(a, path, n);
    if (!p) { buf_adds(err, "out of memory"); return NULL; }
    if (std) {
        f = rd->in ? rd->in : stdin;
    } else {
        f = fopen(p, "rb");
        if (!f) {
            buf_printf(err, "open %s: %s", p, go_errno_text(errno));
            return NULL;
        }
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            buf_printf(err, "read %s: is a directory", p);
            return NULL;
        }
    }
    Buf b = BUF_INIT;
    char tmp[65536];
    size_t r;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, r);
    if (!std) fclose(f);
    Str *s = str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static Str *read_values(Arena *a, Rd *rd, const char *path, Buf *err)
{
    if (is_stdin(path, strlen(path))) return read_file(a, rd, path, strlen(path), err);
    int url = fetch_values_url(path, err);
    if (url < 0) return NULL;
    if (!url) return read_file(a, rd, path, strlen(path), err);
    FetchReq r = {.url = path};
    Buf b = BUF_INIT;
    Str *s = fetch_get(&r, &b, err) ? NULL : str_new(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

/* --set-file paths go through helm's readFile too, URLs included */
static int file_reader(void *ctx, Arena *a, const char *path, size_t n, Value *out, Buf *err)
{
    char *p = arena_strndup(a, path, n);
    Str *s = p ? read_values(a, ctx, p, err) : NULL;
    if (!s) return -1;
    *out = val_str(s);
    return 0;
}

static int set_list(Arena *a, Map *base, const char *const *v, uint32_t n, StrvalsMode mode,
                    const char *flag, Buf *err)
{
    for (uint32_t i = 0; i < n; i++) {
        Buf e = BUF_INIT;
        if (strvals_parse(a, base, v[i], mode, &e) != 0) {
            if (mode == STRVALS_JSON) buf_add(err, e.data ? e.data : "", e.len);
            else buf_printf(err, "failed parsing %s data: %.*s", flag, (int)e.len, e.data ? e.data : "");
            buf_free(&e);
            return -1;
        }
        buf_free(&e);
    }
    return 0;
}

int chart_user_values(Arena *a, const ChartValueOpts *o, Value *out, Buf *err)
{
    Rd rd = {o->in};
    Map *base = map_new(a, 0);
    if (!base) { buf_adds(err, "out of memory"); return -1; }
    for (uint32_t i = 0; i < o->nfiles; i++) {
        const char *path = o->files[i];
        Str *data = read_values(a, &rd, path, err);
        if (!data) return -1;
        Value cur;
        Buf e = BUF_INIT;
        if (yaml_load_values(a, data->s, data->len, &cur, &e) != 0) {
            buf_printf(err, "failed to parse %s: ", path);
            const char *m = e.data ? e.data : "";
            if (strncmp(m, "cannot unmarshal yaml document", 30) && strncmp(m, "error reading yaml document", 27))
                buf_adds(err, "cannot unmarshal yaml document: ");
            buf_add(err, m, e.len);
            buf_free(&e);
            return -1;
        }
        buf_free(&e);
        if (cur.kind == V_MAP) chart_merge_values(a, base, cur.u.m);
    }
    if (set_list(a, base, o->json, o->njson, STRVALS_JSON, "--set-json", err)) return -1;
    if (set_list(a, base, o->set, o->nset, STRVALS_TYPED, "--set", err)) return -1;
    if (set_list(a, base, o->string, o->nstring, STRVALS_STRING, "--set-string", err)) return -1;
    for (uint32_t i = 0; i < o->nfile; i++) {
        Buf e = BUF_INIT;
        if (strvals_parse_file(a, base, o->file[i], file_reader, &rd, &e) != 0) {
            buf_printf(err, "failed parsing --set-file data: %.*s", (int)e.len, e.data ? e.data : "");
            buf_free(&e);
            return -1;
        }
        buf_free(&e);
    }
    if (set_list(a, base, o->literal, o->nliteral, STRVALS_LITERAL, "--set-literal", err)) return -1;
    *out = val_map(base);
    return 0;
}
