/*
 * opts.c - `chartc template`'s command line, parsed as cobra/pflag parse
 * helm's: long flags with `=` or a following argument, clustered short
 * flags (`-gn ns`, `-nns`, `-n=ns`), `--` ending flags, flags anywhere
 * among the positionals, and pflag's exact error texts ("unknown flag:
 * --x", "unknown shorthand flag: 'Z' in -Z", "flag needs an argument:
 * --namespace" / "'n' in -n").  Slice flags (-f, -a, -s, -l) are split at
 * commas as pflag's CSV reader does; array flags (--set*) are not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline_int.h"

/* K_OPTVAL: a value flag with pflag's NoOptDefVal (`--dry-run`, `--wait`) */
enum { K_BOOL, K_STR, K_SLICE, K_ARRAY, K_OPTVAL };

typedef struct Flag {
    const char *name;
    char shorthand;
    int kind;
    int id;
} Flag;

enum {
    F_NONE, F_VALUES, F_SET, F_SET_STRING, F_SET_FILE, F_SET_JSON, F_SET_LITERAL,
    F_NAMESPACE, F_NAME_TEMPLATE, F_GENERATE, F_RELEASE_NAME, F_OUTPUT_DIR,
    F_IS_UPGRADE, F_KUBE_VERSION, F_API_VERSIONS, F_SHOW_ONLY, F_INCLUDE_CRDS,
    F_SKIP_CRDS, F_SKIP_TESTS, F_NO_HOOKS, F_SKIP_SCHEMA, F_POST_RENDERER,
    F_POST_RENDERER_ARGS, F_DEBUG, F_LABELS, F_DRY_RUN, F_VALIDATE, F_HELP,
    F_ATOMIC, F_FORCE,
};

/* Every flag `helm template` accepts; those without an id change nothing
 * offline (chart acquisition, cluster and wait options). */
static const Flag flags[] = {
    {"values", 'f', K_SLICE, F_VALUES},
    {"set", 0, K_ARRAY, F_SET},
    {"set-string", 0, K_ARRAY, F_SET_STRING},
    {"set-file", 0, K_ARRAY, F_SET_FILE},
    {"set-json", 0, K_ARRAY, F_SET_JSON},
    {"set-literal", 0, K_ARRAY, F_SET_LITERAL},
    {"namespace", 'n', K_STR, F_NAMESPACE},
    {"name-template", 0, K_STR, F_NAME_TEMPLATE},
    {"generate-name", 'g', K_BOOL, F_GENERATE},
    {"release-name", 0, K_BOOL, F_RELEASE_NAME},
    {"output-dir", 0, K_STR, F_OUTPUT_DIR},
    {"is-upgrade", 0, K_BOOL, F_IS_UPGRADE},
    {"kube-version", 0, K_STR, F_KUBE_VERSION},
    {"api-versions", 'a', K_SLICE, F_API_VERSIONS},
    {"show-only", 's', K_ARRAY, F_SHOW_ONLY},
    {"include-crds", 0, K_BOOL, F_INCLUDE_CRDS},
    {"skip-crds", 0, K_BOOL, F_SKIP_CRDS},
    {"skip-tests", 0, K_BOOL, F_SKIP_TESTS},
    {"no-hooks", 0, K_BOOL, F_NO_HOOKS},
    {"skip-schema-validation", 0, K_BOOL, F_SKIP_SCHEMA},
    {"post-renderer", 0, K_STR, F_POST_RENDERER},
    {"post-renderer-args", 0, K_ARRAY, F_POST_RENDERER_ARGS},
    {"debug", 0, K_BOOL, F_DEBUG},
    {"labels", 'l', K_SLICE, F_LABELS},
    {"dry-run", 0, K_OPTVAL, F_DRY_RUN},
    {"validate", 0, K_BOOL, F_VALIDATE},
    {"help", 'h', K_BOOL, F_HELP},
    {"atomic", 0, K_BOOL, F_ATOMIC},
    {"force", 0, K_BOOL, F_FORCE},
    {"rollback-on-failure", 0, K_BOOL, F_NONE},
    {"force-replace", 0, K_BOOL, F_NONE},
    {"force-conflicts", 0, K_BOOL, F_NONE},
    {"server-side", 0, K_OPTVAL, F_NONE},
    {"create-namespace", 0, K_BOOL, F_NONE},
    {"wait", 0, K_OPTVAL, F_NONE},
    {"wait-for-jobs", 0, K_BOOL, F_NONE},
    {"timeout", 0, K_STR, F_NONE},
    {"replace", 0, K_BOOL, F_NONE},
    {"take-ownership", 0, K_BOOL, F_NONE},
    {"description", 0, K_STR, F_NONE},
    {"render-subchart-notes", 0, K_BOOL, F_NONE},
    {"hide-notes", 0, K_BOOL, F_NONE},
    {"disable-openapi-validation", 0, K_BOOL, F_NONE},
    {"enable-dns", 0, K_BOOL, F_NONE},
    {"devel", 0, K_BOOL, F_NONE},
    {"dependency-update", 0, K_BOOL, F_NONE},
    {"verify", 0, K_BOOL, F_NONE},
    {"version", 0, K_STR, F_NONE},
    {"repo", 0, K_STR, F_NONE},
    {"username", 0, K_STR, F_NONE},
    {"password", 0, K_STR, F_NONE},
    {"password-stdin", 0, K_BOOL, F_NONE},
    {"cert-file", 0, K_STR, F_NONE},
    {"key-file", 0, K_STR, F_NONE},
    {"ca-file", 0, K_STR, F_NONE},
    {"keyring", 0, K_STR, F_NONE},
    {"insecure-skip-tls-verify", 0, K_BOOL, F_NONE},
    {"plain-http", 0, K_BOOL, F_NONE},
    {"pass-credentials", 0, K_BOOL, F_NONE},
    {"kubeconfig", 0, K_STR, F_NONE},
    {"kube-context", 0, K_STR, F_NONE},
    {"kube-apiserver", 0, K_STR, F_NONE},
    {"kube-as-user", 0, K_STR, F_NONE},
    {"kube-as-group", 0, K_ARRAY, F_NONE},
    {"kube-ca-file", 0, K_STR, F_NONE},
    {"kube-token", 0, K_STR, F_NONE},
    {"kube-tls-server-name", 0, K_STR, F_NONE},
    {"kube-insecure-skip-tls-verify", 0, K_BOOL, F_NONE},
    {"burst-limit", 0, K_STR, F_NONE},
    {"qps", 0, K_STR, F_NONE},
    {"registry-config", 0, K_STR, F_NONE},
    {"repository-config", 0, K_STR, F_NONE},
    {"repository-cache", 0, K_STR, F_NONE},
    {"content-cache", 0, K_STR, F_NONE},
    {"color", 0, K_STR, F_NONE},
    {"colour", 0, K_STR, F_NONE},
};

#define NFLAGS (sizeof flags / sizeof flags[0])

static const Flag *find_long(const char *name, size_t n)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if (strlen(flags[i].name) == n && memcmp(flags[i].name, name, n) == 0) return &flags[i];
    return NULL;
}

static const Flag *find_short(char c)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if (flags[i].shorthand == c) return &flags[i];
    return NULL;
}

static void push(PStrs *l, const char *s)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        const char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
}

/* pflag's stringSlice reads its value as one CSV record; charts' users
 * only ever rely on plain commas, so quotes are not interpreted. */
static void push_csv(PStrs *l, PStrs *owned, const char *s)
{
    if (!*s) return;
    for (const char *p = s;;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        char *d = strndup(p, n);
        if (d) { push(l, d); push(owned, d); }
        if (!c) break;
        p = c + 1;
    }
}

static int parse_bool(const char *s, bool *out)
{
    static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (size_t i = 0; i < 6; i++) {
        if (strcmp(s, t[i]) == 0) { *out = true; return 0; }
        if (strcmp(s, f[i]) == 0) { *out = false; return 0; }
    }
    return -1;
}

/* pflag's stringToString: no '=' is an error, one '=' makes the whole
 * value one pair (`a=1,b` is a -> "1,b"), more are split as CSV. */
static int push_labels(POpts *o, const char *val, const char *shown, Buf *err)
{
    const char *eq = strchr(val, '=');
    if (!eq) {
        buf_printf(err, "invalid argument \"%s\" for \"%s\" flag: %s must be formatted as key=value", val, shown, val);
        return -1;
    }
    if (!strchr(eq + 1, '=')) {
        push(&o->labels, val);
        return 0;
    }
    uint32_t first = o->labels.n;
    push_csv(&o->labels, &o->owned, val);
    for (uint32_t i = first; i < o->labels.n; i++)
        if (!strchr(o->labels.v[i], '=')) {
            buf_printf(err, "invalid argument \"%s\" for \"%s\" flag: %s must be formatted as key=value",
                       val, shown, o->labels.v[i]);
            return -1;
        }
    return 0;
}

static int set_flag(POpts *o, const Flag *f, const char *val, const char *shown, Buf *err)
{
    bool b = true;
    if (f->kind == K_BOOL && val && parse_bool(val, &b)) {
        buf_printf(err, "invalid argument \"%s\" for \"%s\" flag: strconv.ParseBool: parsing \"%s\": invalid syntax",
                   val, shown, val);
        return -1;
    }
    switch (f->id) {
    case F_VALUES: push_csv(&o->values, &o->owned, val); break;
    case F_SET: push(&o->set, val); break;
    case F_SET_STRING: push(&o->set_string, val); break;
    case F_SET_FILE: push(&o->set_file, val); break;
    case F_SET_JSON: push(&o->set_json, val); break;
    case F_SET_LITERAL: push(&o->set_literal, val); break;
    case F_NAMESPACE: o->namespace = val; break;
    case F_NAME_TEMPLATE: o->name_template = val; break;
    case F_GENERATE: o->generate_name = b; break;
    case F_RELEASE_NAME: o->release_name_dir = b; break;
    case F_OUTPUT_DIR: o->output_dir = val; break;
    case F_IS_UPGRADE: o->is_upgrade = b; break;
    case F_KUBE_VERSION: o->kube_version = val; break;
    case F_API_VERSIONS: push_csv(&o->api_versions, &o->owned, val); break;
    case F_SHOW_ONLY: push(&o->show_only, val); break;
    case F_INCLUDE_CRDS: o->include_crds = b; break;
    case F_SKIP_CRDS: o->skip_crds = b; break;
    case F_SKIP_TESTS: o->skip_tests = b; break;
    case F_NO_HOOKS: o->no_hooks = b; break;
    case F_SKIP_SCHEMA: o->skip_schema = b; break;
    case F_POST_RENDERER: o->post_renderer = val; break;
    case F_POST_RENDERER_ARGS: push(&o->post_renderer_args, val); break;
    case F_DEBUG: o->debug = b; break;
    case F_LABELS: return push_labels(o, val, shown, err);
    case F_DRY_RUN: o->dry_run = val; break;
    case F_VALIDATE: o->validate = b; break;
    case F_HELP: o->help = b; break;
    case F_ATOMIC: if (b) o->deprecated_atomic = true; break;
    case F_FORCE: if (b) o->deprecated_force = true; break;
    default: break;
    }
    return 0;
}

/* "--name[=value]" */
static int parse_long(POpts *o, int argc, char **argv, int *i, Buf *err)
{
    const char *arg = argv[*i] + 2;
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    const Flag *f = find_long(arg, n);
    if (!f) {
        buf_printf(err, "unknown flag: --%.*s", (int)n, arg);
        return -1;
    }
    char shown[128];
    if (f->shorthand) snprintf(shown, sizeof shown, "-%c, --%s", f->shorthand, f->name);
    else snprintf(shown, sizeof shown, "--%s", f->name);
    const char *val = eq ? eq + 1 : NULL;
    if (!val && f->kind == K_OPTVAL) val = "unchanged";
    if (!val && f->kind != K_BOOL) {
        if (*i + 1 >= argc) {
            buf_printf(err, "flag needs an argument: --%s", f->name);
            return -1;
        }
        val = argv[++*i];
    }
    return set_flag(o, f, val, shown, err);
}

/* "-abc", "-nvalue", "-n value", "-n=value" */
static int parse_short(POpts *o, int argc, char **argv, int *i, Buf *err)
{
    const char *arg = argv[*i];
    for (const char *p = arg + 1; *p; p++) {
        const Flag *f = find_short(*p);
        if (!f) {
            buf_printf(err, "unknown shorthand flag: '%c' in %s", *p, arg);
            return -1;
        }
        char shown[128];
        snprintf(shown, sizeof shown, "-%c, --%s", f->shorthand, f->name);
        if (f->kind == K_BOOL) {
            const char *val = NULL;
            if (p[1] == '=') val = p + 2;
            if (set_flag(o, f, val, shown, err)) return -1;
            if (val) return 0;
            continue;
        }
        const char *val;
        /* pflag drops the '=' only when something follows it: -l= is "=" */
        if (p[1] == '=' && p[2]) val = p + 2;
        else if (p[1]) val = p + 1;
        else if (*i + 1 < argc) val = argv[++*i];
        else {
            buf_printf(err, "flag needs an argument: '%c' in %s", *p, arg);
            return -1;
        }
        return set_flag(o, f, val, shown, err);
    }
    return 0;
}

int pipe_parse_args(POpts *o, int argc, char **argv, Buf *err)
{
    bool dashdash = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (dashdash || a[0] != '-' || a[1] == 0) { push(&o->args, a); continue; }
        if (strcmp(a, "--") == 0) { dashdash = true; continue; }
        int rc = a[1] == '-' ? parse_long(o, argc, argv, &i, err) : parse_short(o, argc, argv, &i, err);
        if (rc) return -1;
    }
    return 0;
}

void pipe_opts_free(POpts *o)
{
    for (uint32_t i = 0; i < o->owned.n; i++) free((char *)o->owned.v[i]);
    PStrs *all[] = {&o->args, &o->values, &o->set, &o->set_string, &o->set_file, &o->set_json,
                    &o->set_literal, &o->api_versions, &o->show_only, &o->labels,
                    &o->post_renderer_args, &o->owned};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]->v);
}
