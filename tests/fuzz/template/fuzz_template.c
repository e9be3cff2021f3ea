/*
 * fuzz_template.c - libFuzzer target for the template front end: lexer,
 * parser (with its error paths) and compiler, plus node printing.  The
 * function registry is a small local table so the target does not depend
 * on the function modules.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexer/lexer.h"
#include "parser/code.h"
#include "parser/parser.h"

static int dummy(FnCall *c, int argc, Value *argv, Value *out) { (void)c; (void)argc; (void)argv; *out = val_nil(); return 0; }
static const FnDef defs[] = {
    {"and", dummy, "rr*", 0}, {"call", dummy, "rr*", 0}, {"eq", dummy, "rr*", 0},
    {"include", dummy, "sa", 0}, {"index", dummy, "rr*", 0}, {"len", dummy, "r", 0},
    {"or", dummy, "rr*", 0}, {"print", dummy, "a*", 0}, {"printf", dummy, "sa*", 0},
    {"quote", dummy, "a*", 0}, {"upper", dummy, "s", 0}, {"add", dummy, "ii", 0},
    {"toYaml", dummy, "a", 0}, {"list", dummy, "a*", 0}, {"raw", dummy, "a*", FN_RAW_ARGS},
};

const FnDef *fn_lookup(const FnRegistry *r, const char *name, size_t n)
{
    (void)r;
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (strlen(defs[i].name) == n && memcmp(defs[i].name, name, n) == 0) return &defs[i];
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Lexer l;
    lex_init(&l, (const char *)data, size);
    for (size_t i = 0; i < size + 2; i++) {
        Token t = lex_next(&l);
        char s[64];
        lex_tok_string(&t, s, sizeof s);
        if (t.type == T_EOF || t.type == T_ERROR) break;
    }
    Arena a;
    arena_init(&a);
    a.limit = 256u << 20;
    FnRegistry reg = {0};
    Buf err = BUF_INIT;
    Tree *t = parse_template(&a, &reg, "fuzz", (const char *)data, size, &err);
    for (; t; t = t->next) {
        Code *c = comp_tree(&a, &a, t);
        if (c && size < 1024) {
            Buf d = BUF_INIT;
            comp_dump(&d, c, &reg);
            buf_free(&d);
        }
        /* every node an instruction names is found again by a new parse */
        for (uint32_t i = 0; c && i < c->n && size < 4096; i++) {
            if (!c->ins[i].nid) continue;
            Arena tmp;
            arena_init(&tmp);
            const Node *n = parse_find_node(&tmp, &reg, t, c->ins[i].nid);
            if (!n || n->id != c->ins[i].nid) abort();
            arena_free(&tmp);
        }
        Buf b = BUF_INIT;
        parse_node_string(&b, t->root);
        buf_free(&b);
    }
    buf_free(&err);
    arena_free(&a);
    return 0;
}
