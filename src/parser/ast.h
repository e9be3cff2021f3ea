/*
 * ast.h - the parse tree of a template, as Go's text/template/parse builds it.
 *
 * The tree lives in the engine's arena for as long as the compiled code:
 * instructions keep a pointer to the node they came from, so an execution
 * error can name its position and print the node the way Go's Node.String()
 * does ("at <.Values.a.b>").  Variables are resolved while parsing: a
 * VARIABLE node carries the frame slot the VM reads.
 */
#ifndef CHARTC_AST_H
#define CHARTC_AST_H

#include "../eval/func.h"
#include "../util/buf.h"

typedef enum NodeType {
    N_LIST, N_TEXT, N_ACTION, N_IF, N_RANGE, N_WITH, N_TEMPLATE, N_BREAK,
    N_CONTINUE, N_PIPE, N_COMMAND, N_FIELD, N_CHAIN, N_VARIABLE, N_IDENT,
    N_DOT, N_NIL, N_BOOL, N_NUMBER, N_STRING, N_END, N_ELSE, N_COMMENT,
} NodeType;

typedef struct Node Node;

typedef struct Tree {
    Str *name;          /* template name (file name or define name) */
    const char *parse_name; /* file the text came from, for positions */
    const char *src;    /* whole source text (positions index it) */
    uint32_t srclen;
    Node *root;         /* N_LIST */
    uint32_t nslots;    /* variable slots a frame needs ($ is slot 0) */
    struct Tree *next;  /* next tree from the same parse */
    void *code;         /* compiled form (see compile.h) */
    uint8_t empty;      /* parse_tree_is_empty(), kept after the nodes go */
    uint8_t file;       /* the file's own tree (not a define or block) */
} Tree;

/* Kind-specific fields share storage (anonymous unions keep the names):
 * a node is zeroed at creation, so a field of its kind reads 0 until set. */
struct Node {
    uint8_t type;       /* NodeType */
    uint8_t is_assign;  /* N_PIPE: "=" rather than ":=" */
    uint8_t b;          /* N_BOOL value */
    uint8_t num_flags;  /* N_NUMBER: NUM_INT | NUM_UINT | NUM_FLOAT | NUM_COMPLEX */
    uint32_t pos, line; /* line: only in nodes from parse_nodes()/parse_find_node() */
    uint32_t id;        /* creation order within its parse, from 1 (parse_find_node) */
    Tree *tree;
    uint32_t n;         /* count of kids / idents */
    int32_t slot;       /* N_VARIABLE: frame slot, -1 = undefined at run time */
    union {
        Node **kids;    /* LIST items, PIPE cmds, COMMAND args */
        Str **ident;    /* FIELD / VARIABLE / CHAIN names (hashed on first use) */
    };
    Node *pipe;         /* ACTION/IF/RANGE/WITH/TEMPLATE; CHAIN: its operand */
    const char *text;   /* TEXT bytes, NUMBER/STRING source text, IDENT name */
    uint32_t textlen;
    union {
        struct { Node *list, *else_list; };             /* IF/RANGE/WITH */
        struct { Node **decl; uint32_t ndecl; };        /* N_PIPE: declared variables */
        Node *inl[4];   /* LIST/COMMAND/FIELD/VARIABLE/CHAIN: first items of kids/ident */
        Str *str;                                       /* STRING value, TEMPLATE name */
        const FnDef *fn;                                /* IDENT: the function */
        struct {                                        /* NUMBER */
            int64_t i64;
            uint64_t u64;
            double f64;     /* the value, or the real part of a complex */
            double imag;    /* with NUM_COMPLEX: the imaginary part */
        };
    };
};

#define NUM_INT 1
#define NUM_UINT 2
#define NUM_FLOAT 4
#define NUM_COMPLEX 8

/* Go's Node.String() of n, appended to b. */
void parse_node_string(Buf *b, const Node *n);

#endif
