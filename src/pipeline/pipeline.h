/* pipeline.h - `chartc template`: load, layer values, render, sort, print. */
#ifndef CHARTC_PIPELINE_H
#define CHARTC_PIPELINE_H

#include "../chart/chart.h"
#include "../value/value.h"

/* argv[0] is the first argument after "template". */
int cli_template(int argc, char **argv);

/* `chartc eval`: run exactly what `chartc template ARGS` runs (same errors,
 * same exit status) but print the raw rendered output of one template of
 * the root chart, `target` (e.g. "templates/NOTES.txt"), after helm's
 * "<no value>" removal. */
int pipe_eval(int argc, char **argv, const char *target);

/* helm's root command before cobra finds the subcommand (src/cli/main.c).
 * pipe_parse_root_args: `helm [global flags]` with no subcommand, or the
 * flags of version/help: parsed as pflag does, stopping at the first
 * error; *help tells whether --help was given, pos[0..*npos) are the
 * positional arguments (pos may be NULL, else room for argc).
 * pipe_root_flag_noopt: whether `--name` (no '=') takes no value there.
 * pipe_global_color: --color/--colour as helm's main pre-parses them
 * from the whole command line (the last before any parse error), NULL
 * if not given. */
int pipe_parse_root_args(int argc, char **argv, bool *help, char **pos, int *npos, Buf *err);
bool pipe_root_flag_noopt(const char *name, size_t n);
/* strconv.ParseBool: 0 and *out, or -1 */
int pipe_parse_bool(const char *s, bool *out);
const char *pipe_global_color(int argc, char **argv);

/* Pieces other commands rendering charts can share (`chartc eval`). */

/* The target Kubernetes version, from --kube-version or helm v4's default
 * ({"v1.35.0", "v1.35.0", "1", "35"}). */
typedef struct PKube {
    const char *version;     /* as given, with a leading "v" ("v1.30.2-gke.1") */
    const char *normalized;  /* "v1.30.2" */
    const char *major, *minor;
} PKube;

/* k8s.io/apimachinery's ParseGeneric as helm v4 applies it to
 * --kube-version; -1 with helm's message ("invalid kube version '2':
 * illegal version string \"2\""). */
int pipe_kube_version(Arena *a, const char *s, PKube *out, Buf *err);

/* .Capabilities: KubeVersion, APIVersions (helm v4's 57 defaults, then
 * `extra` from --api-versions) with .Has, HelmVersion. */
Value pipe_capabilities(Arena *a, const PKube *kv, const char *const *extra, uint32_t nextra);

/* .Files of one chart (engine.files): Get, GetBytes, Glob, Lines,
 * AsConfig, AsSecrets; len/index/range see the map[string][]byte. */
Value pipe_files(Arena *a, const ChartFile *files, uint32_t n);

/* Sprig's env, expandenv and getHostByName (os.Getenv, os.ExpandEnv, a
 * random address of the host's lookup), which helm's --name-template has
 * and its chart engine does not (template.c). */
#include "../eval/func.h"
extern const FnDef pipe_name_template_fns[];
extern const size_t pipe_name_template_nfns;
/* getHostByName alone: what the chart engine adds with --enable-dns */
extern const FnDef pipe_dns_fns[];

#endif
