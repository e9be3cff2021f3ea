/* pipeline_int.h - shared between the files of src/pipeline only. */
#ifndef CHARTC_PIPELINE_INT_H
#define CHARTC_PIPELINE_INT_H

#include "../chart/chart.h"
#include "../value/value.h"
#include "pipeline.h"
#include "../fetch/fetch.h"

typedef struct PStrs {
    const char **v;
    uint32_t n, cap;
} PStrs;

typedef struct POpts {
    PStrs args;
    PStrs values, set, set_string, set_file, set_json, set_literal;
    PStrs api_versions, show_only, labels, post_renderer_args;
    PStrs owned;                 /* malloc'd strings from CSV splitting */
    const char *namespace;       /* NULL: not given */
    const char *name_template, *output_dir, *kube_version, *post_renderer, *dry_run;
    bool generate_name, release_name_dir, is_upgrade, include_crds, skip_crds;
    bool skip_tests, no_hooks, skip_schema, debug, validate, help;
    bool deprecated_atomic, deprecated_force;
    bool enable_dns;             /* --enable-dns: getHostByName looks up */
    FetchOpts fetch;             /* --repo, --version, credentials, caches */
    const char *eval_target;     /* chartc eval: print this template's raw
                                    output (path in the root chart) */
} POpts;

/* opts.c */
int pipe_parse_args(POpts *o, int argc, char **argv, Buf *err);
void pipe_opts_free(POpts *o);

/* template.c: one run of `chartc template` */
typedef struct Job {
    POpts *o;
    Buf out, err;   /* what goes to stdout / stderr */
    int rc;
    Buf eval_out;   /* chartc eval: the target template's rendered text */
} Job;

typedef struct PCtx {
    const Chart *chart;
    Map *m;
} PCtx;

typedef struct P {
    Arena *a;
    POpts *o;
    Job *j;
    Value release, caps;
    const char *eval_name;   /* full name of o->eval_target, NULL if none */
    PCtx *ctx;
    uint32_t nctx, capctx;
    struct Engine *e;        /* made early when templates parse during loading */
    struct PipeSpec *spec;   /* that parsing (NULL: none) */
    Arena *keep;             /* per render thread: the outputs it keeps */
    unsigned nkeep;
} P;

/* "Error: MSG" on the job's stderr, with the --debug hint if asked; 1 */
int pipe_fail(Job *j, const char *msg, bool hint);
/* the built-in objects of chart c (NULL if c has none) */
Map *pipe_ctx_of(P *p, const Chart *c);

/* render.c: parse every template, execute the non-partials; *files gets
 * the non-NOTES outputs.  1 on error (already reported). */
struct SortFile;
int pipe_render_all(P *p, ChartTemplate *ts, uint32_t nt, struct SortFile **files, uint32_t *nfiles);
/* render.c: frees what pipe_render_all kept (the files' texts) */
void pipe_render_free(P *p);

/* render.c: decoding while the chart loads.  Templates depend on nothing
 * but their text, and values.yaml files are decoded the same way wherever
 * they are, so with several threads the templates and values files are
 * decoded on other threads from the moment they are read (the hooks of
 * chart_load_with) while this thread loads, coalesces and validates.
 * Loading takes the values decoded ahead (pipe_spec_values; what is not
 * decoded yet it decodes itself), and pipe_render_all the unit of each
 * template it registers, under its final name, parsing what is missing
 * itself; nothing is reported from here, so a file of a disabled
 * subchart never fails the render, and a values file that fails is
 * decoded again for the error.
 * pipe_spec_new: NULL when not worth it (one thread) or out of memory;
 * it makes p->e.  pipe_spec_close: the chart is loaded (no more files).
 * pipe_spec_free: stops and frees it (NULL: nothing), with the values
 * decoded ahead: after the render, before p->e is freed. */
typedef struct PipeSpec PipeSpec;
PipeSpec *pipe_spec_new(P *p);
void pipe_spec_seen(void *spec, const ChartFile *files, uint32_t n);
bool pipe_spec_values(void *spec, const Str *text, Value *out);
void pipe_spec_close(PipeSpec *s);
void pipe_spec_free(PipeSpec *s);

#endif
