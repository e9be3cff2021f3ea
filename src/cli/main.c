/*
 * main.c - chartc's command line.  Commands dispatch to src/cli/cmd_*.c.
 *
 * The subcommand is found as cobra finds helm's (Command.Find): global
 * flags may stand before it (`chartc -n foo --debug template rel chart`),
 * the first word that is neither a flag nor, by the root's flag set, a
 * flag's value names the command, and the command then parses every other
 * argument, those before it included (cobra's argsMinusFirstX).  So
 * `--set a=1 template` works as in helm while `--bogus template rel`
 * takes "template" as --bogus's value and reports the unknown command
 * "rel", with cobra's suggestions.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval/vm.h"
#include "lexer/lexer.h"
#include "fetch/fetch.h"
#include "pipeline/pipeline.h"
#include "util/buf.h"
#include "value/value.h"
#include "value/fmt.h"

char *cli_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = BUF_INIT;
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, k);
    fclose(f);
    *n = b.len;
    if (!b.data) buf_adds(&b, "");
    return buf_steal(&b);
}

static const char usage[] =
    "chartc - renders Helm charts exactly as `helm template` (v4.1.4) does\n"
    "\n"
    "Usage:\n"
    "  chartc template [NAME] CHART [flags]\n"
    "      what `helm template` prints (see `chartc template --help`)\n"
    "  chartc eval --chart DIR TEMPLATE [flags of chartc template]\n"
    "      render every template of DIR and print TEMPLATE's output (e.g. templates/NOTES.txt)\n"
    "  chartc compile --dump FILE\n"
    "      compile FILE as a template and print its bytecode\n"
    "  chartc version [--short | --template TEXT]\n"
    "  chartc help\n"
    "\n"
    "helm's global flags (-n, --debug, --kube-context, ...) may come before the command.\n";

/* helm v4.1.4's commands in the order its root adds them (cobra suggests
 * in that order: `helm t` offers get, test, template); hidden ones and
 * cobra's help command are found but never suggested. */
typedef struct HelmCmd {
    const char *name;
    const char *alias[3];
    const char *suggest_for[2];
    bool listed;
} HelmCmd;

static const HelmCmd helm_cmds[] = {
    {"create", {0}, {0}, true},
    {"dependency", {"dep", "dependencies"}, {0}, true},
    {"pull", {"fetch"}, {0}, true},
    {"show", {"inspect"}, {0}, true},
    {"lint", {0}, {0}, true},
    {"package", {0}, {0}, true},
    {"repo", {0}, {0}, true},
    {"search", {0}, {0}, true},
    {"verify", {0}, {0}, true},
    {"get", {0}, {0}, true},
    {"history", {"hist"}, {0}, true},
    {"install", {0}, {0}, true},
    {"list", {"ls"}, {0}, true},
    {"test", {0}, {0}, true},
    {"rollback", {0}, {0}, true},
    {"status", {0}, {0}, true},
    {"template", {0}, {0}, true},
    {"uninstall", {"del", "delete", "un"}, {"remove", "rm"}, true},
    {"upgrade", {0}, {0}, true},
    {"completion", {0}, {0}, true},
    {"env", {0}, {0}, true},
    {"plugin", {0}, {0}, true},
    {"version", {0}, {0}, true},
    {"docs", {0}, {0}, false},
    {"registry", {0}, {0}, true},
    {"push", {0}, {0}, true},
    {"help", {0}, {0}, false},
    {"__complete", {0}, {0}, false},
    {"__completeNoDesc", {0}, {0}, false},
};

#define NCMDS (sizeof helm_cmds / sizeof helm_cmds[0])

/* cobra's stripFlags on the root: the index of the first command word, or
 * -1.  A `--name` without '=' that is not a root bool, and any two-byte
 * `-x` (the root has no bool shorthand while this runs), take the next
 * argument as their value; with only that value left cobra stops looking. */
static int find_command(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--") == 0) return -1;
        bool has_eq = strchr(s, '=') != NULL;
        bool takes_value = false;
        if (s[0] == '-' && s[1] == '-' && !has_eq) takes_value = !pipe_root_flag_noopt(s + 2, strlen(s + 2));
        else if (s[0] == '-' && !has_eq && strlen(s) == 2) takes_value = true;
        if (takes_value) {
            if (argc - i - 1 <= 1) return -1;
            i++;
            continue;
        }
        if (s[0] && s[0] != '-') return i;
    }
    return -1;
}

static const HelmCmd *helm_cmd(const char *word)
{
    for (size_t i = 0; i < NCMDS; i++) {
        const HelmCmd *c = &helm_cmds[i];
        if (strcmp(c->name, word) == 0) return c;
        for (size_t k = 0; k < 3 && c->alias[k]; k++)
            if (strcmp(c->alias[k], word) == 0) return c;
    }
    return NULL;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* cobra's ld(s, t, ignoreCase=true): byte-wise Levenshtein distance after
 * lower-casing (ASCII here; Go's ToLower also folds other letters) */
static size_t distance(const char *s, const char *t)
{
    size_t n = strlen(s), m = strlen(t);
    size_t *row = malloc((m + 1) * sizeof *row);
    if (!row) return (size_t)-1;
    for (size_t j = 0; j <= m; j++) row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (lower(s[i - 1]) != lower(t[j - 1]));
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[m];
    free(row);
    return d;
}

static bool prefix_nocase(const char *name, const char *typed)
{
    for (; *typed; typed++, name++)
        if (!*name || lower(*name) != lower(*typed)) return false;
    return true;
}

static bool equal_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower(*a) != lower(*b)) return false;
    return *a == *b;
}

/* cobra's legacyArgs error on the root, with SuggestionsFor (distance 2
 * or a prefix of the name, then the command's SuggestFor words) and
 * ExecuteC's usage hint:
 *   Error: unknown command "rel" for "helm"\n\nDid you mean this?\n\trepo\n...
 */
static int unknown_command(const char *word)
{
    Buf b = BUF_INIT;
    buf_adds(&b, "Error: unknown command ");
    fmt_quote(&b, word, strlen(word));
    buf_adds(&b, " for \"helm\"");
    bool any = false;
    for (size_t i = 0; i < NCMDS; i++) {
        const HelmCmd *c = &helm_cmds[i];
        if (!c->listed) continue;
        int hits = (distance(word, c->name) <= 2 || prefix_nocase(c->name, word)) ? 1 : 0;
        for (size_t k = 0; k < 2 && c->suggest_for[k]; k++) hits += equal_nocase(word, c->suggest_for[k]);
        for (; hits > 0; hits--) {
            if (!any) buf_adds(&b, "\n\nDid you mean this?\n");
            any = true;
            buf_printf(&b, "\t%s\n", c->name);
        }
    }
    buf_adds(&b, "\nRun 'helm --help' for usage.\n");
    fputs(b.data, stderr);
    buf_free(&b);
    return 1;
}

/* The flag parse of the root command, or of helm's version and help
 * (which have no flags of their own that chartc knows): 1 after printing
 * pflag's error; else 0 with *help and the positional arguments. */
static int root_flags(int argc, char **argv, bool *help, char **pos, int *npos)
{
    Buf err = BUF_INIT;
    int rc = pipe_parse_root_args(argc, argv, help, pos, npos, &err);
    if (rc) fprintf(stderr, "Error: %s\n", err.data ? err.data : "");
    buf_free(&err);
    return rc ? 1 : 0;
}

/* the root command: a flag error, or the usage (helm prints its help) */
static int root_command(int argc, char **argv)
{
    bool help;
    int npos;
    if (root_flags(argc, argv, &help, NULL, &npos)) return 1;
    fputs(usage, stdout);
    return 0;
}

/* ---- version ------------------------------------------------------------------
 * helm's version command (pkg/cmd/version.go): --short prints Version and
 * the first seven digits of GitCommit, --template runs a text/template
 * named "_" against version.BuildInfo.  chartc keeps its own identity:
 * the same fields hold chartc's values (version_help says which). */

#define CHARTC_VERSION "0.1.0"

static const char version_help[] =
    "Print chartc's version.\n"
    "\n"
    "  chartc version                     chartc " CHARTC_VERSION "\n"
    "  chartc version --short             v" CHARTC_VERSION "\n"
    "  chartc version --template TEXT     TEXT as a Go template (Go's built-in functions only,\n"
    "                                     as in helm) with these fields of helm's BuildInfo:\n"
    "      .Version            chartc's version, \"v" CHARTC_VERSION "\"\n"
    "      .GitCommit          \"\" (chartc does not record the commit it was built from)\n"
    "      .GitTreeState       \"\"\n"
    "      .GoVersion          \"\" (chartc is not written in Go)\n"
    "      .KubeClientVersion  \"v1.35\", the Kubernetes version chartc's .Capabilities\n"
    "                          default to, as helm v4.1.4's do\n"
    "\n"
    "Flag and template errors are helm's, word for word.  helm's global flags may\n"
    "stand before or after `version`.\n";

/* version.BuildInfo's fields in declaration order, with chartc's values */
static const char *const build_info[][2] = {
    {"Version", "v" CHARTC_VERSION},
    {"GitCommit", ""},
    {"GitTreeState", ""},
    {"GoVersion", ""},
    {"KubeClientVersion", "v1.35"},
};

#define NBUILD (sizeof build_info / sizeof build_info[0])

static int build_info_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    for (size_t i = 0; i < NBUILD; i++)
        if (strcmp(build_info[i][0], name->s) == 0) {
            *out = val_str(str_cstr(a, build_info[i][1]));
            return 1;
        }
    return 0;
}

/* fmt's %v of a struct without String(): {v0.1.0    v1.35} */
static void build_info_print(const Obj *o, Buf *b)
{
    buf_addc(b, '{');
    for (size_t i = 0; i < NBUILD; i++) {
        if (i) buf_addc(b, ' ');
        buf_adds(b, build_info[i][1]);
    }
    buf_addc(b, '}');
}

static Value build_info_fields(Arena *a, const Obj *o)
{
    Map *m = map_new(a, NBUILD);
    if (!m) return val_nil();
    m->flags |= MAP_STRUCT;
    for (size_t i = 0; i < NBUILD; i++) map_sets(a, m, build_info[i][0], val_str(str_cstr(a, build_info[i][1])));
    return val_map(m);
}

static const ObjType build_info_type = {
    "version.BuildInfo", "struct", build_info_get, build_info_print, .go_fields = build_info_fields,
};

/* helm parses --template with text/template's built-in functions only
 * (template.New("_").Parse): `helm version --template '{{upper .Version}}'`
 * fails with "template: _:1: function \"upper\" not defined".  The
 * first identifier that is not one of them, unless the text before it
 * fails to parse on its own (Go stops at the first error). */
static bool go_builtin(const char *s, size_t n)
{
    static const char *const names[] = {
        "and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt",
        "ne", "not", "or", "print", "printf", "println", "slice", "urlquery",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0) return true;
    return false;
}

static int undefined_function(const char *tmpl, Buf *err)
{
    Lexer l;
    lex_init(&l, tmpl, strlen(tmpl));
    for (;;) {
        Token t = lex_next(&l);
        if (t.type == T_EOF || t.type == T_ERROR) return 0;
        if (t.type != T_IDENT || go_builtin(t.val, t.len)) continue;
        Engine *pe = vm_engine_new();
        Buf pre = BUF_INIT;
        bool earlier = !pe || (vm_engine_add(pe, "_", tmpl, (size_t)(t.val - tmpl), &pre) &&
                               !strstr(pre.data ? pre.data : "", "unclosed action"));
        buf_free(&pre);
        vm_engine_free(pe);
        if (earlier) return 0;
        buf_printf(err, "template: _:%u: function \"%.*s\" not defined", t.line, (int)t.len, t.val);
        return 1;
    }
}

/* Go's own built-ins (src/eval/builtins.c, declared as registry.c does),
 * passed as extras so that they win over Sprig's: helm's chart engine has
 * Sprig's slice, but `version --template '{{slice "abc" 1}}'` slices the
 * string with text/template's. */
extern const FnDef fn_builtin_table[];
extern const size_t fn_builtin_count;

/* Execute --template: what it wrote goes to stdout even when it fails
 * (Go's Execute writes as it goes: `--template 'a{{.Nope}}'` prints "a"). */
static int version_template(const char *tmpl)
{
    Buf err = BUF_INIT, out = BUF_INIT;
    int rc = 1;
    Engine *e = NULL;
    if (undefined_function(tmpl, &err)) goto done;
    e = vm_engine_new_with(fn_builtin_table, fn_builtin_count);
    if (!e) { buf_adds(&err, "out of memory"); goto done; }
    if (vm_engine_add(e, "_", tmpl, strlen(tmpl), &err)) goto done;
    Arena a;
    arena_init(&a);
    Obj *o = ARENA_NEW(&a, Obj);
    Render r;
    vm_render_init(&r, e, &a);
    VmErr *ve = NULL;
    int failed = !o;
    if (o) {
        o->type = &build_info_type;
        failed = vm_exec(&r, "_", val_obj(o), &out, &ve);
    }
    if (failed) {
        if (ve) vm_err_go(ve, &err);
        else buf_adds(&err, "out of memory");
    }
    vm_render_done(&r);
    arena_free(&a);
    rc = failed ? 1 : 0;
done:
    if (out.len) fwrite(out.data, 1, out.len, stdout);
    if (rc) fprintf(stderr, "Error: %s\n", err.data ? err.data : "");
    buf_free(&out);
    buf_free(&err);
    vm_engine_free(e);
    return rc;
}

/* Whether root argument s (a flag, not version's) takes the next
 * argument as its value: `--name` of a non-bool root flag, or a shorthand
 * cluster ending in n (`-n`, `-hn`); pflag reads an unknown one as an
 * error, so what follows it never matters. */
static bool root_takes_next(const char *s)
{
    if (s[0] != '-' || !s[1] || strchr(s, '=')) return false;
    if (s[1] == '-') return s[2] && !pipe_root_flag_noopt(s + 2, strlen(s + 2));
    for (const char *p = s + 1; *p; p++)
        if (*p == 'n') return p[1] == '\0';
    return false;
}

typedef struct VersionOpts {
    bool short_;
    const char *tmpl;
} VersionOpts;

/* Version's own flags out of argv, the rest (root flags, arguments) into
 * rest in order.  An error in one of version's flags is pflag's unless a
 * root flag before it fails first: 1 after printing it. */
static int version_flags(int argc, char **argv, VersionOpts *o, char **rest, int *nrest)
{
    Buf err = BUF_INIT;
    int n = 0;
    for (int i = 0; i < argc && !err.len; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--") == 0) {
            while (i < argc) rest[n++] = argv[i++];
            break;
        }
        if (strcmp(s, "--short") == 0) {
            o->short_ = true;
        } else if (strncmp(s, "--short=", 8) == 0) {
            if (pipe_parse_bool(s + 8, &o->short_)) {
                buf_printf(&err, "invalid argument \"%s\" for \"--short\" flag: strconv.ParseBool: parsing ", s + 8);
                fmt_quote(&err, s + 8, strlen(s + 8));
                buf_adds(&err, ": invalid syntax");
            }
        } else if (strcmp(s, "--template") == 0) {
            if (i + 1 < argc) o->tmpl = argv[++i];
            else buf_adds(&err, "flag needs an argument: --template");
        } else if (strncmp(s, "--template=", 11) == 0) {
            o->tmpl = s + 11;
        } else {
            rest[n++] = argv[i];
            if (root_takes_next(s) && i + 1 < argc) rest[n++] = argv[++i];
        }
    }
    *nrest = n;
    rest[n] = NULL;
    if (!err.len) return 0;
    bool help;
    int npos;
    int rc = root_flags(n, rest, &help, NULL, &npos);
    if (!rc) fprintf(stderr, "Error: %s\n", err.data);
    buf_free(&err);
    return 1;
}

/* helm's version takes no arguments (require.NoArgs's text and usage
 * line) unless --help asks for its help */
static int version_command(int argc, char **argv)
{
    VersionOpts o = {false, NULL};
    char **rest = malloc(((size_t)argc + 1) * sizeof *rest);
    int nrest;
    if (!rest) return 1;
    bool help;
    int npos;
    int rc = 1;
    if (version_flags(argc, argv, &o, rest, &nrest) || root_flags(nrest, rest, &help, NULL, &npos)) goto done;
    rc = 0;
    if (help) {
        fputs(version_help, stdout);
    } else if (npos) {
        fputs("Error: \"helm version\" accepts no arguments\n\nUsage:  helm version [flags]\n", stderr);
        rc = 1;
    } else if (o.tmpl && *o.tmpl) {
        rc = version_template(o.tmpl);
    } else {
        /* helm's --short without a commit is Version alone */
        puts(o.short_ ? "v" CHARTC_VERSION : "chartc " CHARTC_VERSION);
    }
done:
    free(rest);
    return rc;
}

/* Go's %#q of one string: backquoted when strconv.CanBackquote allows
 * (no control byte but tab, no '`', no DEL), else strconv.Quote */
static void go_sharp_q(Buf *b, const char *s)
{
    bool back = true;
    for (const unsigned char *p = (const unsigned char *)s; *p && back; p++)
        back = *p != '`' && *p != 0x7f && (*p >= 0x20 || *p == '\t');
    if (back) buf_printf(b, "`%s`", s);
    else fmt_quote(b, s, strlen(s));
}

/* cobra's help command: its flags are parsed first, then its positional
 * arguments are looked up as a command line.  `help template` is
 * `template --help`; other commands and none get chartc's usage; what
 * cobra cannot resolve is "Unknown help topic [`a` `b`]" and the usage on
 * stderr, exit 0. */
static int help_command(int argc, char **argv)
{
    bool help;
    int npos;
    char **pos = malloc(((size_t)argc + 1) * sizeof *pos);
    if (!pos || root_flags(argc, argv, &help, pos, &npos)) {
        free(pos);
        return 1;
    }
    int ti = help ? -1 : find_command(npos, pos);
    int rc = 0;
    if (ti >= 0 && strcmp(pos[ti], "template") == 0) {
        char *th[] = {(char *)"--help", NULL};
        rc = cli_template(1, th);
    } else if (ti >= 0 && !helm_cmd(pos[ti]) && strcmp(pos[ti], "eval") != 0 && strcmp(pos[ti], "compile") != 0) {
        Buf b = BUF_INIT;
        buf_adds(&b, "Unknown help topic [");
        for (int i = 0; i < npos; i++) {
            if (i) buf_addc(&b, ' ');
            go_sharp_q(&b, pos[i]);
        }
        buf_adds(&b, "]\n");
        buf_adds(&b, usage);
        fputs(b.data, stderr);
        buf_free(&b);
    } else {
        fputs(usage, stdout);
    }
    free(pos);
    return rc;
}

/* What helm's NewRootCmd checks before cobra looks at the command: the
 * pre-parsed --color and the registry config.  Both fail every command
 * with one log line and exit 1 (`helm --color template rel chart` reads
 * "template" as the color).  `template` decodes the registry config
 * itself (src/pipeline/template.c), so it asks only for the color. */
static int startup_checks(int argc, char **argv, bool registry)
{
    const char *mode = pipe_global_color(argc, argv);
    if (mode && strcmp(mode, "never") != 0 && strcmp(mode, "auto") != 0 && strcmp(mode, "always") != 0) {
        Buf m = BUF_INIT, line = BUF_INIT;
        buf_adds(&m, "invalid color mode ");
        fmt_quote(&m, mode, strlen(mode));
        buf_adds(&m, ": must be one of: never, auto, always");
        buf_adds(&line, "level=WARN msg=\"command failed\" error=");
        fmt_quote(&line, m.data, m.len);
        fprintf(stderr, "%s\n", line.data);
        buf_free(&m);
        buf_free(&line);
        return 1;
    }
    return registry ? fetch_registry_startup_check(argc, argv, stderr) : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 1;
    }
    int n = argc - 1;
    char **args = argv + 1;
    int ci = find_command(n, args);
    const char *cmd = ci < 0 ? "" : args[ci];
    /* eval and compile are chartc's own; eval runs the template pipeline,
     * which checks for itself */
    if (strcmp(cmd, "eval") != 0 && strcmp(cmd, "compile") != 0 &&
        startup_checks(n, args, strcmp(cmd, "template") != 0))
        return 1;
    if (ci < 0) return root_command(n, args);
    /* the command's arguments: all but the command word, in order */
    char **rest = malloc((size_t)argc * sizeof *rest);
    if (!rest) return 1;
    int nr = 0;
    for (int i = 0; i < n; i++)
        if (i != ci) rest[nr++] = args[i];
    rest[nr] = NULL;
    int rc;
    if (strcmp(cmd, "template") == 0) rc = cli_template(nr, rest);
    else if (strcmp(cmd, "eval") == 0) rc = cli_eval(nr, rest);
    else if (strcmp(cmd, "compile") == 0) rc = cli_compile(nr, rest);
    else if (strcmp(cmd, "version") == 0) rc = version_command(nr, rest);
    else if (strcmp(cmd, "help") == 0) rc = help_command(nr, rest);
    else if (helm_cmd(cmd)) {
        fprintf(stderr, "Error: unknown command \"%s\" for \"chartc\"\n", cmd);
        rc = 1;
    } else {
        rc = unknown_command(cmd);
    }
    free(rest);
    return rc;
}
