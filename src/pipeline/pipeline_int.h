/* pipeline_int.h - shared between the files of src/pipeline only. */
#ifndef CHARTC_PIPELINE_INT_H
#define CHARTC_PIPELINE_INT_H

#include "../chart/chart.h"
#include "../value/value.h"
#include "pipeline.h"

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
    const char *eval_target;     /* chartc eval: print this template's raw
                                    output (path in the root chart) */
} POpts;

/* opts.c */
int pipe_parse_args(POpts *o, int argc, char **argv, Buf *err);
void pipe_opts_free(POpts *o);


#endif
