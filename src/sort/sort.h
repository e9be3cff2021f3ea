/*
 * sort.h - from rendered template files to what `helm template` prints:
 * splitting files into YAML documents, reading each document's head
 * (kind, metadata.name, annotations), separating hooks from manifests,
 * helm's kind install order, assembling stdout, and --show-only.
 *
 * Pure functions over (path, text) lists; strings come from the Arena.
 * Owner: the chart work (issue 5).
 */
#ifndef CHARTC_SORT_H
#define CHARTC_SORT_H

#include "../value/value.h"

struct SortPrep;

typedef struct SortFile {
    const char *path;      /* e.g. "mychart/templates/a.yaml" */
    const char *text;
    size_t len;
    const struct SortPrep *prep;   /* NULL: sort_manifests splits text */
} SortFile;

/* Hook events (bit set). */
enum {
    SORT_PRE_INSTALL = 1 << 0, SORT_POST_INSTALL = 1 << 1,
    SORT_PRE_DELETE = 1 << 2, SORT_POST_DELETE = 1 << 3,
    SORT_PRE_UPGRADE = 1 << 4, SORT_POST_UPGRADE = 1 << 5,
    SORT_PRE_ROLLBACK = 1 << 6, SORT_POST_ROLLBACK = 1 << 7,
    SORT_TEST = 1 << 8,        /* "test" and "test-success" */
};

typedef struct SortDoc {
    Str *path;             /* the file it came from */
    Str *text;             /* the document, trimmed */
    Str *kind, *name;      /* from the head ("" when absent) */
    unsigned events;       /* hooks only */
} SortDoc;

typedef struct SortResult {
    SortDoc *manifests;    /* in install order */
    uint32_t nmanifests;
    SortDoc *hooks;        /* in install order */
    uint32_t nhooks;
} SortResult;

/* Split one rendered file into documents as helm 4.1.4 does: TrimSpace,
 * split on the RE2 `(?:^|\s*\n)---\s*`, drop empty pieces, trim each.
 * Returns the count; *docs from the arena. */
uint32_t sort_split(Arena *a, const char *text, size_t len, Str ***docs);

/* One file's text split and its documents' heads read ahead of
 * sort_manifests (which then only orders them), so that this work can
 * run on the thread that rendered the file.  docs[] are the documents up
 * to the first bad head (path still NULL, events non-zero for a hook);
 * skip[k] is the unknown helm.sh/hook value of docs[k] (sort_manifests
 * logs and drops it), else NULL; err the head's parse error, NULL if
 * none. */
typedef struct SortPrep {
    SortDoc *docs;
    Str **skip;
    uint32_t ndocs;
    bool blank;            /* only white space: no documents */
    Str *err;
} SortPrep;

/* Prepare text: the result in arena a, the heads' decoding in tmp (may
 * be a; a render thread empties its own after each file).  NULL when out
 * of memory. */
SortPrep *sort_prepare(Arena *a, Arena *tmp, const char *text, size_t len);

/* helm's SortManifests: files in path byte order (the caller's order does
 * not matter), `_` basenames and blank files skipped, each split and its
 * heads parsed; hooks with an unknown event dropped with a log line;
 * manifests and hooks stably sorted by kind.  0, or -1 with *err
 * ("YAML parse error on c/templates/a.yaml: ..."). */
int sort_manifests(Arena *a, const SortFile *files, uint32_t n, SortResult *out, Buf *logs, Buf *err);

/* Index of kind in helm v4's install order, or -1 if unknown. */
int sort_kind_rank(const char *kind, size_t n);

typedef struct SortOutput {
    bool no_hooks, skip_tests;
} SortOutput;

/* stdout of `helm template` (spec 2.8): CRDs (path already
 * "<chartpath>/crds/<rel>", raw text) and manifests framed with
 * "---\n# Source: <path>\n", the whole trimmed plus "\n", then hooks. */
void sort_assemble(Buf *out, const SortFile *crds, uint32_t ncrds, const SortResult *r, const SortOutput *o);

/* --output-dir (spec 2.10): CRDs to <dir>/<path>, manifests and hooks to
 * <dir>[/<release>]/<path>, each doc framed as on stdout; a path's first
 * write in the run truncates, later ones append, hooks append to any
 * existing file.  `out` gets helm's stdout: "wrote <file>\n" per doc and a
 * final "\n".  release is NULL unless --release-name.  0, or -1 with
 * *err. */
int sort_write_output_dir(Arena *a, Buf *out, const char *dir, const char *release, const SortFile *crds,
                          uint32_t ncrds, const SortResult *r, const SortOutput *o, Buf *err);

/* --show-only over the assembled text; patterns in command-line order.
 * 0, or -1 with *err "could not find template <pattern> in chart". */
int sort_show_only(Arena *a, Buf *out, const char *text, size_t len,
                   const char *const *patterns, uint32_t np, Buf *err);

/* Rendered files helm drops after rendering (path ends with NOTES.txt). */
bool sort_is_notes(const char *path);

#endif
