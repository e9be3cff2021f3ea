/*
 * Unit tests for src/sort: splitting, heads, hooks, kind order, output
 * assembly and --show-only.  The scenario is the chart "so" (files below,
 * static text so rendered == source) and the expected texts are the
 * reference helm's stdout for
 *   $H template r ./so                    (so_out)
 *   $H template r ./so --no-hooks         (so_nohooks)
 *   $H template r ./so --skip-tests       (so_skiptests)
 *   $H template r ./so -s templates/Z.yaml -s 'templates/<star>'
 *        -s charts/sub/templates/s.yaml -s templates/Z.yaml   (so_show)
 * with stderr "level=INFO msg=\"skipping unknown hooks\"
 * hookTypes=pre-install,bogus" and "... hookTypes=\"\"".
 * Document heads are decoded by fake_yaml.c.
 */
#include "../check.h"
#include "sort/sort.h"

#include <stdlib.h>

static const SortFile so_files[] = {
    {"so/charts/sub/templates/s.yaml", "kind: Service\n"
    "metadata:\n"
    "  name: s-sub\n"
    "", 38},
    {"so/templates/Z.yaml", "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---foo: 1\n"
    "--- # only comment\n"
    "---\n"
    "kind: Zeta\n"
    "---\n"
    "kind: alpha\n"
    "---\n"
    "kind: Beta\n"
    "", 135},
    {"so/templates/_p.yaml", "kind: Secret\n"
    "", 13},
    {"so/templates/a.yaml", "# c\n"
    "---\n"
    "---\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm2\n"
    "", 50},
    {"so/templates/blank.yaml", "\n"
    "\n"
    "  \n"
    "", 5},
    {"so/templates/dir/t.yaml", "kind: ValidatingWebhookConfiguration\n"
    "---\n"
    "kind: Namespace\n"
    "metadata:\n"
    "  name: ns\n"
    "---\n"
    "\n"
    "\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm1\n"
    "", 122},
    {"so/templates/hooks.yaml", "kind: Job\n"
    "metadata:\n"
    "  name: j\n"
    "  annotations:\n"
    "    helm.sh/hook: post-install\n"
    "    helm.sh/hook-weight: \"5\"\n"
    "---\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p3\n"
    "  annotations:\n"
    "    helm.sh/hook: \" Pre-Install , TEST\"\n"
    "---\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p2\n"
    "  annotations:\n"
    "    helm.sh/hook: test-success\n"
    "---\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: hc\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-install\n"
    "    helm.sh/hook-weight: \"-5\"\n"
    "---\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: bad\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-install,bogus\n"
    "---\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: empty\n"
    "  annotations:\n"
    "    helm.sh/hook: \"\"\n"
    "---\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p1\n"
    "  annotations:\n"
    "    helm.sh/hook: test\n"
    "---\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: hs\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-upgrade\n"
    "---\n"
    "kind: Secret\n"
    "metadata:\n"
    "  name: plain\n"
    "  annotations:\n"
    "    other: x\n"
    "", 779},
};
static const char so_out[] =
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: Namespace\n"
    "metadata:\n"
    "  name: ns\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Secret\n"
    "metadata:\n"
    "  name: plain\n"
    "  annotations:\n"
    "    other: x\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "---\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm2\n"
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm1\n"
    "---\n"
    "# Source: so/charts/sub/templates/s.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: s-sub\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: ValidatingWebhookConfiguration\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "foo: 1\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "# only comment\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "# c\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Beta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Zeta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: alpha\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: hc\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-install\n"
    "    helm.sh/hook-weight: \"-5\"\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: hs\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-upgrade\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p3\n"
    "  annotations:\n"
    "    helm.sh/hook: \" Pre-Install , TEST\"\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p2\n"
    "  annotations:\n"
    "    helm.sh/hook: test-success\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p1\n"
    "  annotations:\n"
    "    helm.sh/hook: test\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Job\n"
    "metadata:\n"
    "  name: j\n"
    "  annotations:\n"
    "    helm.sh/hook: post-install\n"
    "    helm.sh/hook-weight: \"5\"\n"
    "";
static const char so_nohooks[] =
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: Namespace\n"
    "metadata:\n"
    "  name: ns\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Secret\n"
    "metadata:\n"
    "  name: plain\n"
    "  annotations:\n"
    "    other: x\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "---\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm2\n"
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm1\n"
    "---\n"
    "# Source: so/charts/sub/templates/s.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: s-sub\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: ValidatingWebhookConfiguration\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "foo: 1\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "# only comment\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "# c\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Beta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Zeta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: alpha\n"
    "";
static const char so_skiptests[] =
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: Namespace\n"
    "metadata:\n"
    "  name: ns\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Secret\n"
    "metadata:\n"
    "  name: plain\n"
    "  annotations:\n"
    "    other: x\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "---\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm2\n"
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: cm1\n"
    "---\n"
    "# Source: so/charts/sub/templates/s.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: s-sub\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---\n"
    "# Source: so/templates/dir/t.yaml\n"
    "kind: ValidatingWebhookConfiguration\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "foo: 1\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "# only comment\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "# c\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Beta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Zeta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: alpha\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: hc\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-install\n"
    "    helm.sh/hook-weight: \"-5\"\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: hs\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-upgrade\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Job\n"
    "metadata:\n"
    "  name: j\n"
    "  annotations:\n"
    "    helm.sh/hook: post-install\n"
    "    helm.sh/hook-weight: \"5\"\n"
    "";
static const char so_show[] =
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "foo: 1\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "# only comment\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Beta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Zeta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: alpha\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Secret\n"
    "metadata:\n"
    "  name: plain\n"
    "  annotations:\n"
    "    other: x\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "foo: 1\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "# only comment\n"
    "---\n"
    "# Source: so/templates/a.yaml\n"
    "# c\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Beta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Zeta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: alpha\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: hc\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-install\n"
    "    helm.sh/hook-weight: \"-5\"\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: hs\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-upgrade\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p3\n"
    "  annotations:\n"
    "    helm.sh/hook: \" Pre-Install , TEST\"\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p2\n"
    "  annotations:\n"
    "    helm.sh/hook: test-success\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p1\n"
    "  annotations:\n"
    "    helm.sh/hook: test\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Job\n"
    "metadata:\n"
    "  name: j\n"
    "  annotations:\n"
    "    helm.sh/hook: post-install\n"
    "    helm.sh/hook-weight: \"5\"\n"
    "---\n"
    "# Source: so/charts/sub/templates/s.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: s-sub\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "foo: 1\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "# only comment\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Beta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Zeta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: alpha\n"
    "";

#define NFILES (sizeof so_files / sizeof *so_files)

static void run(const SortOutput *o, const char *want, const char *want_logs)
{
    Arena a;
    arena_init(&a);
    SortResult r;
    Buf err = BUF_INIT, logs = BUF_INIT, out = BUF_INIT;
    CHECK_INT(sort_manifests(&a, so_files, NFILES, &r, &logs, &err), 0);
    sort_assemble(&out, NULL, 0, &r, o);
    CHECK_STR(out.data ? out.data : "", want);
    if (want_logs) CHECK_STR(logs.data ? logs.data : "", want_logs);
    buf_free(&err);
    buf_free(&logs);
    buf_free(&out);
    arena_free(&a);
}

static void test_scenario(void)
{
    SortOutput none = {false, false}, nohooks = {true, false}, skip = {false, true};
    run(&none, so_out, "level=INFO msg=\"skipping unknown hooks\" hookTypes=pre-install,bogus\n"
                       "level=INFO msg=\"skipping unknown hooks\" hookTypes=\"\"\n");
    run(&nohooks, so_nohooks, NULL);
    run(&skip, so_skiptests, NULL);

    Arena a;
    arena_init(&a);
    Buf err = BUF_INIT, out = BUF_INIT;
    const char *pats[] = {"templates/Z.yaml", "templates/*", "charts/sub/templates/s.yaml", "templates/Z.yaml"};
    CHECK_INT(sort_show_only(&a, &out, so_out, strlen(so_out), pats, 4, &err), 0);
    CHECK_STR(out.data ? out.data : "", so_show);
    buf_clear(&out);
    /* $H template r ./so -s templates/dir ; -s 'templates/[' */
    const char *dir[] = {"templates/dir"};
    CHECK_INT(sort_show_only(&a, &out, so_out, strlen(so_out), dir, 1, &err), -1);
    CHECK_STR(err.data ? err.data : "", "could not find template templates/dir in chart");
    buf_clear(&err);
    const char *bad[] = {"templates/["};
    CHECK_INT(sort_show_only(&a, &out, so_out, strlen(so_out), bad, 1, &err), -1);
    CHECK_STR(err.data ? err.data : "", "could not find template templates/[ in chart");
    buf_free(&err);
    buf_free(&out);
    arena_free(&a);
}

static const char *join_split(Arena *a, const char *s)
{
    Str **d;
    uint32_t n = sort_split(a, s, strlen(s), &d);
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        buf_adds(&b, "[");
        buf_add(&b, d[i]->s, d[i]->len);
        buf_adds(&b, "]");
    }
    char *r = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return r;
}

/* Splitting rules (spec 2.5).  so_out shows "# c\n---\n---\nkind: ..."
 * giving "# c" and "---\nkind: ...", "---foo: 1" giving "foo: 1" and an
 * indented --- separating nothing; chart sp shows the rest:
 * $H template r ./sp with templates a..e holding the texts below prints
 * docs "# a","-x: 1" / "# a","b: 1" / "# a","# b" / "# a" / nothing. */
static void test_split(void)
{
    Arena a;
    arena_init(&a);
    CHECK_STR(join_split(&a, "# c\n---\n---\nkind: A"), "[# c][---\nkind: A]");
    CHECK_STR(join_split(&a, "a: 1\n---foo: 1\n--- # c\nb"), "[a: 1][foo: 1][# c\nb]");
    CHECK_STR(join_split(&a, "x: |\n  ---\n  y"), "[x: |\n  ---\n  y]");
    CHECK_STR(join_split(&a, "# a\n----x: 1\n"), "[# a][-x: 1]");
    CHECK_STR(join_split(&a, "# a\n \t\n---b: 1\n---\n"), "[# a][b: 1]");
    CHECK_STR(join_split(&a, "\n\n  # a\r\n\n---\r\n\n# b  \n"), "[# a][# b]");
    CHECK_STR(join_split(&a, "---\n# a\n---"), "[# a]");
    CHECK_STR(join_split(&a, "---"), "");
    CHECK_STR(join_split(&a, "  \n\t"), "");
    arena_free(&a);
}

static void test_kinds(void)
{
    CHECK_INT(sort_kind_rank("PriorityClass", 13), 0);
    CHECK_INT(sort_kind_rank("ValidatingWebhookConfiguration", 30), 37);
    CHECK_INT(sort_kind_rank("Zeta", 4), -1);
    CHECK(sort_is_notes("c/templates/NOTES.txt"));
    CHECK(sort_is_notes("c/templates/myNOTES.txt"));
    CHECK(!sort_is_notes("c/templates/NOTES.txt.bak"));
}

/* Head errors: $H template of a template rendering "- a" prints
 * "YAML parse error on c/templates/l.yaml: error unmarshaling JSON: while
 * decoding JSON: json: cannot unmarshal array into Go value of type
 * util.SimpleHead" (spec 2.5). */
static void test_head_errors(void)
{
    Arena a;
    arena_init(&a);
    SortResult r;
    Buf err = BUF_INIT;
    SortFile f[] = {{"c/templates/l.yaml", "- a\n- b\n", 8}, {"c/templates/m.yaml", "kind: A\n", 8}};
    CHECK_INT(sort_manifests(&a, f, 2, &r, NULL, &err), -1);
    CHECK_STR(err.data ? err.data : "", "YAML parse error on c/templates/l.yaml: error unmarshaling JSON: while "
              "decoding JSON: json: cannot unmarshal array into Go value of type util.SimpleHead");
    buf_free(&err);
    arena_free(&a);
}

/* filepath.Match through --show-only: number of documents printed by
 * $H template r ./so -s '<pattern>' (0 = "could not find template"). */
static void test_show_patterns(void)
{
    static const struct { const char *pat; int docs; } rows[] = {
        {"templates/[Z].yaml", 6}, {"templates/?.yaml", 8}, {"templates/[^a].yaml", 6},
        {"templates/\\Z.yaml", 6}, {"templates/*/t.yaml", 3}, {"charts/*/templates/s.yaml", 1},
        {"templates/[a-Z].yaml", 0}, {"templates/[!Z].yaml", 6}, {"templates/Z.yaml\\", 0},
        {"templates/[]", 0}, {"templates/*.y*", 15}, {"templates/a.yaml*", 2}, {"*", 0},
        {"templates/[\\]].yaml", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        Arena a;
        arena_init(&a);
        Buf out = BUF_INIT, err = BUF_INIT;
        const char *pats[] = {rows[i].pat};
        int rc = sort_show_only(&a, &out, so_out, strlen(so_out), pats, 1, &err);
        int n = 0;
        for (const char *p = out.data; p && (p = strstr(p, "# Source")); p++) n++;
        if (n != rows[i].docs) printf("pattern %s\n", rows[i].pat);
        CHECK_INT(n, rows[i].docs);
        CHECK_INT(rc, rows[i].docs ? 0 : -1);
        buf_free(&out);
        buf_free(&err);
        arena_free(&a);
    }
}

/* --output-dir: $H template r ./so --output-dir oda prints od_stdout and
 * writes oda/so/templates/hooks.yaml = od_hooks and Z.yaml = od_z; a
 * second run leaves the same files (the manifest write truncates
 * hooks.yaml first). */
static const char od_stdout[] =
    "wrote oda/so/templates/dir/t.yaml\n"
    "wrote oda/so/templates/hooks.yaml\n"
    "wrote oda/so/templates/a.yaml\n"
    "wrote oda/so/templates/dir/t.yaml\n"
    "wrote oda/so/charts/sub/templates/s.yaml\n"
    "wrote oda/so/templates/Z.yaml\n"
    "wrote oda/so/templates/dir/t.yaml\n"
    "wrote oda/so/templates/Z.yaml\n"
    "wrote oda/so/templates/Z.yaml\n"
    "wrote oda/so/templates/a.yaml\n"
    "wrote oda/so/templates/Z.yaml\n"
    "wrote oda/so/templates/Z.yaml\n"
    "wrote oda/so/templates/Z.yaml\n"
    "wrote oda/so/templates/hooks.yaml\n"
    "wrote oda/so/templates/hooks.yaml\n"
    "wrote oda/so/templates/hooks.yaml\n"
    "wrote oda/so/templates/hooks.yaml\n"
    "wrote oda/so/templates/hooks.yaml\n"
    "wrote oda/so/templates/hooks.yaml\n"
    "\n"
    "";
static const char od_hooks[] =
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Secret\n"
    "metadata:\n"
    "  name: plain\n"
    "  annotations:\n"
    "    other: x\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: hc\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-install\n"
    "    helm.sh/hook-weight: \"-5\"\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: hs\n"
    "  annotations:\n"
    "    helm.sh/hook: pre-upgrade\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p3\n"
    "  annotations:\n"
    "    helm.sh/hook: \" Pre-Install , TEST\"\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p2\n"
    "  annotations:\n"
    "    helm.sh/hook: test-success\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p1\n"
    "  annotations:\n"
    "    helm.sh/hook: test\n"
    "---\n"
    "# Source: so/templates/hooks.yaml\n"
    "kind: Job\n"
    "metadata:\n"
    "  name: j\n"
    "  annotations:\n"
    "    helm.sh/hook: post-install\n"
    "    helm.sh/hook-weight: \"5\"\n"
    "";
static const char od_z[] =
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: d1\n"
    "data: |\n"
    "  a\n"
    "  ---\n"
    "  b\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "foo: 1\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "# only comment\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Beta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: Zeta\n"
    "---\n"
    "# Source: so/templates/Z.yaml\n"
    "kind: alpha\n"
    "";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return strdup("(missing)");
    char *b = calloc(1, 1 << 16);
    size_t n = fread(b, 1, (1 << 16) - 1, f);
    b[n] = 0;
    fclose(f);
    return b;
}

static void test_output_dir(void)
{
    char dir[] = "/tmp/chartc-od-XXXXXX";
    if (!mkdtemp(dir)) return;
    char od[64], p[128];
    snprintf(od, sizeof od, "%s/oda", dir);
    Arena a;
    arena_init(&a);
    SortResult r;
    Buf err = BUF_INIT, out = BUF_INIT;
    SortOutput o = {false, false};
    sort_manifests(&a, so_files, NFILES, &r, NULL, &err);
    CHECK_INT(sort_write_output_dir(&a, &out, od, NULL, NULL, 0, &r, &o, &err), 0);
    buf_clear(&out);
    CHECK_INT(sort_write_output_dir(&a, &out, od, NULL, NULL, 0, &r, &o, &err), 0);
    Buf want = BUF_INIT;
    for (const char *l = od_stdout; *l;) {
        const char *e = strchr(l, '\n');
        if (!strncmp(l, "wrote oda/", 10)) buf_printf(&want, "wrote %s/%.*s\n", od, (int)(e - l - 10), l + 10);
        else buf_add(&want, l, (size_t)(e - l + 1));
        l = e + 1;
    }
    CHECK_STR(out.data, want.data);
    snprintf(p, sizeof p, "%s/so/templates/hooks.yaml", od);
    char *h = slurp(p);
    CHECK_STR(h, od_hooks);
    free(h);
    snprintf(p, sizeof p, "%s/so/templates/Z.yaml", od);
    char *z = slurp(p);
    CHECK_STR(z, od_z);
    free(z);
    buf_free(&want);
    buf_free(&err);
    buf_free(&out);
    arena_free(&a);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("could not remove %s\n", dir);
}

int main(void)
{
    test_split();
    test_kinds();
    test_scenario();
    test_head_errors();
    test_show_patterns();
    test_output_dir();
    return CHECK_DONE();
}
