/*
 * parser.h - text/template's parser: source text to parse trees.
 *
 * parse_template parses one source text (a chart file, or tpl's text) into
 * its top-level tree plus one tree per define/block, chained through
 * Tree.next in the order Go adds them (defines first, in source order, the
 * top-level tree last).  Functions are checked against the registry while
 * parsing, as Go does.  On error returns -1 with Go's message in *err:
 * "template: NAME:LINE: MSG".
 */
#ifndef CHARTC_PARSER_H
#define CHARTC_PARSER_H

#include "ast.h"
#include "../eval/registry.h"

Tree *parse_template(Arena *a, const FnRegistry *reg, const char *name,
                     const char *src, size_t n, Buf *err);

/* Go's parse.IsEmptyTree: only white space text (and comments). */
/* The same with the nodes in `nodes` and what compiled code refers to
 * (trees, names, string constants) in `keep`: once compiled, the nodes can
 * go (arena_release) and parse_find_node() rebuilds one when an error
 * needs it. */
Tree *parse_template_keep(Arena *nodes, Arena *keep, const FnRegistry *reg, const char *name,
                          const char *src, size_t n, Buf *err);
/* Node number `id` (Node.id) of the parse t came from, parsed again into a;
 * NULL if there is none. */
const Node *parse_find_node(Arena *a, const FnRegistry *reg, const Tree *t, uint32_t id);
/* Every node of that parse by id (*all)[id - 1]; their count (0: none). */
uint32_t parse_nodes(Arena *a, const FnRegistry *reg, const Tree *t, Node ***all);

int parse_tree_is_empty(const Tree *t);

#endif
