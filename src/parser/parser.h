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
int parse_tree_is_empty(const Tree *t);

#endif
