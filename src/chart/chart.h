/*
 * chart.h - a chart in memory, as helm's loader builds it, and the
 * operations of the chart stage that need no template engine: loading
 * (directory or .tgz), Chart.yaml validation, .helmignore, Go's
 * filepath.Match, and values coalescing.
 *
 * Everything hangs off the Arena given to the loader and lives as long as
 * it; nothing here owns malloc'd memory.  Error texts are helm v4.1.4's,
 * without the "Error: " that the CLI prints.
 *
 * Owner: the chart work (issue 5).
 */
#ifndef CHARTC_CHART_H
#define CHARTC_CHART_H

#include <stdio.h>

#include "../value/value.h"

typedef struct ChartFile {
    Str *name;          /* path relative to the chart root, '/'-separated */
    Str *data;          /* bytes (may contain NULs), leading UTF-8 BOM removed */
} ChartFile;

typedef struct ChartMaintainer {
    Str *name, *email, *url;
} ChartMaintainer;

typedef struct ChartDep {
    Str *name, *version, *repository, *condition, *alias;
    Value tags;          /* []interface{} of strings (empty list if absent) */
    bool enabled;
    Value import_values; /* []interface{} as written (strings or maps), nil if
                            absent; after chart_process_dependencies a list
                            of map[string]string {child, parent} or nil */
} ChartDep;

/* Chart.yaml after sigs.k8s.io/yaml decoding into helm's Metadata struct:
 * scalar fields are strings (numbers and bools coerced: version 1.0 -> "1"),
 * absent fields are "" / empty, and every text field sanitized as helm's
 * Validate() does (whitespace -> space, non-printables removed). */
typedef struct ChartMeta {
    Str *api_version;   /* "v1" when absent */
    Str *name, *home, *version, *description, *icon, *app_version;
    Str *kube_version, *type, *condition, *tags;
    bool deprecated;
    Value sources, keywords;   /* []interface{} of strings */
    Value annotations;         /* map[string]string (gtype GT_MAP_STRING) */
    ChartMaintainer *maintainers;
    uint32_t nmaintainers;
    ChartDep *deps;
    uint32_t ndeps;
    bool has_deps;      /* `dependencies` present (even []): helm then
                           processes dependencies and rewrites Values */
} ChartMeta;

typedef struct Chart Chart;
struct Chart {
    ChartMeta meta;
    Value values;          /* values.yaml decoded (empty map if absent) */
    Str *values_raw;       /* NULL if absent */
    Str *schema;           /* values.schema.json bytes, NULL if absent */
    Str *lock_raw;         /* Chart.lock / requirements.lock bytes, NULL if absent */
    ChartFile *templates;  /* templates/..., in load order */
    uint32_t ntemplates;
    ChartFile *files;      /* what .Files sees, in load order */
    uint32_t nfiles;
    Chart **deps;          /* subcharts from charts/, by entry name, lexical */
    uint32_t ndeps;
    Chart *parent;
    bool from_archive;     /* loaded from a .tgz (CRD order = tar order) */
};

/* Load a chart from a directory or a file, the way `helm template` does
 * for a local path (missing: "path \"./x\" not found"; bare words that
 * helm treats as repo references are the CLI's to reject before calling
 * this).  A file must be a gzipped tar (else helm's
 * "file '<p>' does not appear to be a gzipped archive; got '...'" or
 * "... seems to be a YAML file ..."); any unpacking failure of a top-level
 * archive is "unable to load chart archive".  apiVersion v1, v2, v3 and
 * absent load; the caller must still refuse v3 ("invalid chart
 * apiVersion") after the dependency check, as helm does.  `logs` receives
 * helm's level=INFO/WARN lines, one per line; may be NULL.  Returns NULL
 * with *err set (helm's message without "Error: "). */
Chart *chart_load(Arena *a, const char *path, Buf *logs, Buf *err);
/* The same with work done elsewhere meanwhile (chartc parses templates and
 * values files on other threads while this one loads):
 * - seen(ctx, files, n) gets files as soon as they are read (a
 *   directory's at a time as the walk goes, each archive's whole), before
 *   they are checked.  The names are relative to what was read (the chart
 *   directory or archive); the data are those the loaded charts keep.
 * - values(ctx, text, out): a values.yaml text (one of those data) already
 *   decoded as yaml_load_values does, into a map the chart may keep and
 *   change: true with *out; false: decode it here (also for any error).
 * Either may be NULL. */
typedef struct ChartLoadHooks {
    void (*seen)(void *ctx, const ChartFile *files, uint32_t n);
    bool (*values)(void *ctx, const Str *text, Value *out);
    void *ctx;
} ChartLoadHooks;
Chart *chart_load_with(Arena *a, const char *path, const ChartLoadHooks *h, Buf *logs, Buf *err);

/* Load from an in-memory gzipped tar (a subchart .tgz or a top-level one). */
Chart *chart_load_archive(Arena *a, const void *data, size_t n, Buf *logs, Buf *err);

/* Go's path/filepath.Match on '/'-separated names: 1 match, 0 no match,
 * -1 malformed pattern (Go's ErrBadPattern, "syntax error in pattern"). */
int chart_path_match(const char *pat, size_t plen, const char *name, size_t nlen);

/* .helmignore rules. */
typedef struct ChartIgnore ChartIgnore;
/* Parse the text of a .helmignore (NULL/0 = empty) and append the built-in
 * `templates/.?*`.  NULL with *err on a bad rule. */
ChartIgnore *chart_ignore_parse(Arena *a, const char *text, size_t n, Buf *err);
bool chart_ignore_match(const ChartIgnore *r, const char *path, bool is_dir);

/* Validate metadata as helm's Metadata.Validate; 0 or -1 with *err
 * ("validation: chart.metadata.version \"abc\" is invalid"). */
int chart_validate_meta(ChartMeta *m, Arena *a, Buf *err);

/* Decode Chart.yaml text into *m (no validation).  0 or -1 with *err
 * ("cannot load Chart.yaml: ..."). */
int chart_decode_meta(Arena *a, const char *text, size_t n, ChartMeta *m, Buf *err);

/* Metadata with every field empty (api_version "" too). */
void chart_meta_init(Arena *a, ChartMeta *m);
/* Decode an already YAML-decoded map over *m (also used for v1
 * requirements.yaml, which lands in the same struct). */
int chart_meta_from_value(Arena *a, Value v, ChartMeta *m, Buf *err);
/* The same for v decoded from `text` (requirements.yaml): numbers headed
 * for string fields print by their YAML type, as in Chart.yaml
 * (`version: 1e10` -> "1e+10"), which chart_meta_from_value cannot tell. */
int chart_meta_from_yaml(Arena *a, const char *text, size_t n, Value v, ChartMeta *m, Buf *err);

/* .Chart as helm v4 gives it to templates: a map[string]interface{} with
 * the Go field names (APIVersion ... Version, IsRoot, Dependencies as maps
 * Alias Condition Enabled ImportValues Name Repository Tags Version,
 * Maintainers as maps Email Name URL). */
Value chart_meta_value(Arena *a, const Chart *c);

/* A YAML scalar as sigs.k8s.io/yaml turns it into a Go string field:
 * bools "true"/"false", integers in decimal, other floats with
 * FormatFloat(f, 'g', -1, 32); nil and containers give "". */
Str *chart_yaml_scalar(Arena *a, Value v);

/* Masterminds/semver v3 (semver.c).  chart_semver_valid: NewVersion
 * accepts s (lenient: "1.0", "v1.2.3"; not "1.2.3-01").
 * chart_semver_compare: -1/0/1, or -2 if either is invalid.
 * chart_semver_check: 1 if version satisfies constraint ("~1.2, <1.2.9 ||
 * ^2"), 0 if not, -1 if either does not parse (helm's IsCompatibleRange
 * treats that as "no"). */
bool chart_semver_valid(const char *s, size_t n);
int chart_semver_compare(const char *a, size_t an, const char *b, size_t bn);
int chart_semver_check(const char *constraint, const char *version);

/* ---- the chart tree before rendering (deps.c) ------------------------ */

/* "<root name>/charts/<sub name>/..." (names after aliasing). */
Str *chart_full_path(Arena *a, const Chart *c);

/* action.CheckDependencies: every Chart.yaml dependency must name a
 * subchart present in charts/.  -1 with helm's whole message ("an error
 * occurred while checking for chart dependencies. You may need to run
 * `helm dependency build` to fetch missing dependencies: found in
 * Chart.yaml, but missing in charts/ directory: x, y"). */
int chart_check_dependencies(const Chart *c, Buf *err);

/* helm's ProcessDependencies(root, userValues): aliases become renamed
 * copies, disabled subcharts (tags, conditions) are removed from c->deps
 * and meta.deps, import-values rewrite each chart's c->values (and turn
 * meta.deps[].import_values into {child, parent} maps).  Edits the tree.
 * -1 with *err (e.g. "type mismatch on s1: %!t(int64=3)"; the CLI adds
 * "chart dependencies processing failed: "). */
int chart_process_dependencies(Arena *a, Chart *root, Value user, Buf *logs, Buf *err);

/* The root chart's kubeVersion constraint against the target: `check` is
 * the normalized version ("v1.30.2" for --kube-version 1.30.2-gke.1),
 * `shown` what the message prints ("v1.30.2-gke.1").  -1 with "chart
 * requires kubeVersion: >=1.31 which is incompatible with Kubernetes
 * v1.30.2-gke.1" (helm adds its --debug hint). */
int chart_check_kube_version(const Chart *c, const char *check, const char *shown, Buf *err);

typedef struct ChartTemplate {
    Str *name;           /* "<chart full path>/templates/<rel>" or ".../crds/<rel>" */
    Str *data;
    const Chart *chart;  /* the chart it belongs to */
} ChartTemplate;

/* Every template of the tree in helm's parse/execution order (more '/'
 * first, then reverse byte order); library charts contribute only their
 * `_*` files. */
uint32_t chart_templates(Arena *a, const Chart *root, ChartTemplate **out);

/* CRD files (crds/ any depth, .yaml/.yml/.json any case), own files first
 * in load order, then each subchart's, recursively. */
uint32_t chart_crds(Arena *a, const Chart *root, ChartTemplate **out);

/* ---- values (coalesce.c) ----------------------------------------------- */

/* The user-values flags of one run, each list in command-line order; -f
 * entries already split at commas (pflag's CSV), "-" = stdin. */
typedef struct ChartValueOpts {
    const char *const *files;   uint32_t nfiles;    /* -f, --values */
    const char *const *json;    uint32_t njson;     /* --set-json */
    const char *const *set;     uint32_t nset;      /* --set */
    const char *const *string;  uint32_t nstring;   /* --set-string */
    const char *const *file;    uint32_t nfile;     /* --set-file */
    const char *const *literal; uint32_t nliteral;  /* --set-literal */
    FILE *in;                   /* what "-" reads; NULL = stdin */
} ChartValueOpts;

/* helm's MergeValues (values.c): 0 and *out = the user map, or -1 with
 * helm's message: "open /x.yaml: no such file or directory", "failed to
 * parse f.yaml: cannot unmarshal yaml document: ...", "failed parsing
 * --set data: key \"a\" has no value", "failed parsing --set-json data
 * a={bad", "failed parsing --set-file data: open /x: no such file or
 * directory". */
int chart_user_values(Arena *a, const ChartValueOpts *o, Value *out, Buf *err);

/* loader.MergeMaps as used for -f files: maps merge recursively, any other
 * value (null included) replaces.  Edits dst in place. */
void chart_merge_values(Arena *a, Map *dst, const Map *src);

/* helm's CoalesceValues (merge=false) / MergeValues (merge=true) for a
 * chart tree: a deep copy of `user` (nil = empty) with the chart's
 * defaults, each subchart's section (named by meta.name: apply aliases
 * before) coalesced with its defaults and the parent's globals.  Returns
 * 0, or -1 with *err = "type mismatch on s1: %!t(int64=3)" (the CLI
 * prefixes "chart dependencies processing failed: " where helm does).
 * `logs` gets helm's level=INFO warnings; may be NULL. */
int chart_coalesce_values(Arena *a, const Chart *ch, Value user, bool merge, Value *out, Buf *logs, Buf *err);

/* coalesceTablesFullKey(dst, src): dst wins, edited in place; src may be
 * changed too (helm copies dst's null keys into it). */
void chart_coalesce_tables(Arena *a, Map *dst, Map *src, bool merge, Buf *logs);

#endif
