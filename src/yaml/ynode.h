/*
 * ynode.h - the YAML reader's node tree (yaml.c), shared with the fast
 * path (yamlfast.c) that builds the same tree for plain block YAML without
 * libyaml.  Not for other modules.
 */
#ifndef CHARTC_YNODE_H
#define CHARTC_YNODE_H

#include "../util/arena.h"
#include "yaml.h"

#include <stddef.h>
#include <stdint.h>

enum { N_SCALAR, N_SEQ, N_MAP, N_ALIAS };

typedef struct YNode YNode;
struct YNode {
    uint8_t kind;
    uint8_t implicit;       /* scalars: libyaml plain_implicit; collections: flow style */
    uint8_t busy;           /* alias target being expanded */
    const char *tag;        /* long form as libyaml reports it, or NULL */
    const char *name;       /* alias: the anchor referred to */
    const char *s;          /* scalar text, not NUL-terminated (the fast path points into the input) */
    size_t n;
    YNode *target;          /* alias: resolved node */
    YNode **kids;           /* mappings: key, value, key, value... */
    uint32_t nkids;
};

/* A top-level key a reader looks at (key bytes as the decoded map would
 * hold them). */
typedef bool (*YamlKeep)(const char *key, size_t n);

/* The tree libyaml's events would give for text, built directly, when the
 * text is in the plain subset yamlfast.c describes: 1 and *root set (NULL
 * for no document), or 0 when the text is outside it (then nothing is
 * known about it: parse it with libyaml). */
int yaml_fast_tree(Arena *a, const char *text, size_t n, YNode **root);

/* yaml_fast_tree() for a reader of only the top-level keys keep()
 * accepts: a top-level mapping holds only those entries; the others are
 * read (the text must still be in the subset) but not built.  0 also when
 * a skipped value would make the decoder fail (NaN, infinities): the full
 * tree then decides. */
int yaml_fast_tree_keep(Arena *a, const char *text, size_t n, YamlKeep keep, YNode **root);

/* yaml_decode() without the fast path, to test that it changes nothing. */
int yaml_decode_libyaml(Arena *a, const char *text, size_t n, int want, Value *out, Buf *err);

/* yaml_decode(..., V_NIL, ...) for a reader that looks only at the
 * top-level keys keep() accepts: a map result may lack the others
 * (*reduced tells whether it does).  YAML_WANT_HEAD is this with the
 * SimpleHead keys. */
int yaml_decode_keep(Arena *a, const char *text, size_t n, YamlKeep keep, Value *out, Buf *err, bool *reduced);

/* yaml_encode()'s text for values libyaml would write without a single
 * decision of its own (yamlfastemit.c): 1 with the text appended to out,
 * or 0 with nothing written. */
int yaml_fast_encode(Buf *out, Value v);
/* yaml_encode() without it, for the same tests. */
int yaml_encode_libyaml(Buf *out, Value v, Buf *err);

#endif
