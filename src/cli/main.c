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
#include "fetch/fetch.h"
#include "pipeline/pipeline.h"
#include "util/buf.h"
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
    "  chartc version\n"
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

/* helm's version takes no arguments (require.NoArgs's text and usage
 * line) unless --help asks for its help; chartc prints its own version */
static int version_command(int argc, char **argv)
{
    bool help;
    int npos;
    if (root_flags(argc, argv, &help, NULL, &npos)) return 1;
    if (help) {
        fputs(usage, stdout);
        return 0;
    }
    if (npos) {
        fputs("Error: \"helm version\" accepts no arguments\n\nUsage:  helm version [flags]\n", stderr);
        return 1;
    }
    puts("chartc 0.1.0");
    return 0;
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
