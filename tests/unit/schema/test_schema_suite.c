/*
 * test_schema_suite.c - the official JSON-Schema-Test-Suite against the
 * validator.
 *
 * Runs every test of every draft directory the suite has that helm's
 * library accepts (draft4, draft6, draft7, draft2019-09, draft2020-12;
 * Debian's json-schema-test-suite 2.0.0 ships draft3..draft7 only) and
 * prints the pass rate per draft.  optional/ tests (format, bignum,
 * ECMA regex, ...) are counted separately and do not fail the run; the
 * suite's remotes are loaded as documents at http://localhost:1234/ so
 * refRemote runs offline.
 *
 * Usage: test_schema_suite [SUITE_DIR] [-v]   (default
 * /usr/share/json-schema-test-suite).  Last line "N passed, N failed"
 * counts the required tests.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "schema/schema.h"

typedef struct Count { int pass, fail; } Count;

typedef struct Remotes {
    Value docs[64];
    const char *urls[64];
    size_t n;
} Remotes;

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = BUF_INIT;
    char tmp[8192];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, k);
    fclose(f);
    *n = b.len;
    return b.data ? buf_steal(&b) : calloc(1, 1);
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* sorted names of a directory's entries */
static int list_dir(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char **v = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) { cap = cap ? cap * 2 : 32; v = realloc(v, (size_t)cap * sizeof *v); }
        v[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(v, (size_t)n, sizeof *v, cmpstr);
    *out = v;
    return n;
}

static void free_list(char **v, int n)
{
    for (int i = 0; i < n; i++) free(v[i]);
    free(v);
}

static void load_remotes(Arena *a, const char *dir, const char *rel, Remotes *r)
{
    char **names;
    int n = list_dir(dir, &names);
    for (int i = 0; i < n; i++) {
        char path[1024], sub[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(sub, sizeof sub, "%s%s", rel, names[i]);
        size_t len = strlen(names[i]);
        if (len > 5 && strcmp(names[i] + len - 5, ".json") == 0) {
            size_t sz;
            char *text = slurp(path, &sz);
            Value v;
            Buf e = BUF_INIT;
            if (text && r->n < 64 && schema_json_parse(a, text, sz, &v, &e) == 0) {
                r->docs[r->n] = v;
                r->urls[r->n] = arena_printf(a, "http://localhost:1234/%s", sub);
                r->n++;
            }
            buf_free(&e);
            free(text);
        } else {
            char nrel[1100];
            snprintf(nrel, sizeof nrel, "%s/", sub);
            load_remotes(a, path, nrel, r);
        }
    }
    if (n > 0) free_list(names, n);
}

static void run_file(const char *path, int draft, const Remotes *rem, Count *c, bool verbose)
{
    size_t n;
    char *text = slurp(path, &n);
    if (!text) return;
    Arena a;
    arena_init(&a);
    Value groups;
    Buf err = BUF_INIT;
    if (schema_json_parse(&a, text, n, &groups, &err) < 0 || groups.kind != V_LIST) {
        printf("cannot read %s: %s\n", path, err.data ? err.data : "");
        c->fail++;
        goto done;
    }
    for (uint32_t g = 0; g < groups.u.l->len; g++) {
        Value grp = groups.u.l->items[g];
        if (grp.kind != V_MAP) continue;
        Value *sch = map_gets(grp.u.m, "schema"), *tests = map_gets(grp.u.m, "tests");
        Value *gdesc = map_gets(grp.u.m, "description");
        if (!sch || !tests || tests->kind != V_LIST) continue;
        Buf cerr = BUF_INIT;
        Schema *s = schema_compile_draft(&a, *sch, "http://localhost:1234/__test__.json", draft,
                                         rem->docs, rem->urls, rem->n, &cerr);
        for (uint32_t t = 0; t < tests->u.l->len; t++) {
            Value tc = tests->u.l->items[t];
            if (tc.kind != V_MAP) continue;
            Value *data = map_gets(tc.u.m, "data"), *valid = map_gets(tc.u.m, "valid");
            Value *desc = map_gets(tc.u.m, "description");
            if (!data || !valid || valid->kind != V_BOOL) continue;
            Buf out = BUF_INIT;
            int r = s ? schema_check(&a, s, *data, &out) : -1;
            bool ok = (r == 0) == valid->u.b;
            if (r < 0) ok = false;
            if (ok) c->pass++;
            else {
                c->fail++;
                if (verbose)
                    printf("  FAILED %s | %s | %s (want %s)%s%s\n", path,
                           gdesc && gdesc->kind == V_STR ? gdesc->u.s->s : "?",
                           desc && desc->kind == V_STR ? desc->u.s->s : "?",
                           valid->u.b ? "valid" : "invalid", s ? "" : " compile: ", s ? "" : cerr.data);
            }
            buf_free(&out);
        }
        buf_free(&cerr);
        schema_free(s);
    }
done:
    buf_free(&err);
    free(text);
    arena_free(&a);
}

static void run_dir(const char *dir, int draft, const Remotes *rem, Count *req, Count *opt, bool optional, bool verbose)
{
    char **names;
    int n = list_dir(dir, &names);
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = strlen(names[i]);
        if (len > 5 && strcmp(names[i] + len - 5, ".json") == 0)
            run_file(path, draft, rem, optional ? opt : req, verbose);
        else
            run_dir(path, draft, rem, req, opt, true, verbose);
    }
    if (n > 0) free_list(names, n);
}

int main(int argc, char **argv)
{
    const char *root = "/usr/share/json-schema-test-suite";
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) verbose = true;
        else root = argv[i];
    }
    static const struct { const char *dir; int draft; } drafts[] = {
        { "draft4", 4 }, { "draft6", 6 }, { "draft7", 7 },
        { "draft2019-09", 2019 }, { "draft2020-12", 2020 },
    };
    int total_pass = 0, total_fail = 0, ran = 0;
    for (size_t d = 0; d < sizeof drafts / sizeof drafts[0]; d++) {
        char dir[1024], rdir[1024];
        snprintf(dir, sizeof dir, "%s/tests/%s", root, drafts[d].dir);
        DIR *probe = opendir(dir);
        if (!probe) { printf("%-13s not in this copy of the suite\n", drafts[d].dir); continue; }
        closedir(probe);
        Arena ra;
        arena_init(&ra);
        Remotes rem = { .n = 0 };
        snprintf(rdir, sizeof rdir, "%s/remotes", root);
        load_remotes(&ra, rdir, "", &rem);
        Count req = { 0, 0 }, opt = { 0, 0 };
        run_dir(dir, drafts[d].draft, &rem, &req, &opt, false, verbose);
        int rt = req.pass + req.fail, ot = opt.pass + opt.fail;
        printf("%-13s required %d/%d passed (%.1f%%), optional %d/%d passed (%.1f%%)\n", drafts[d].dir,
               req.pass, rt, rt ? 100.0 * req.pass / rt : 0.0, opt.pass, ot, ot ? 100.0 * opt.pass / ot : 0.0);
        total_pass += req.pass;
        total_fail += req.fail;
        ran++;
        arena_free(&ra);
    }
    if (!ran) printf("no JSON-Schema-Test-Suite found at %s\n", root);
    check_pass = total_pass;
    check_fail = total_fail;
    return CHECK_DONE();
}
