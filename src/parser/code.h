/*
 * code.h - compiled templates: instructions and constants (opcodes.h).
 * Produced by comp_tree() (compile.c), run by the VM (src/eval/vm.c).
 */
#ifndef CHARTC_CODE_H
#define CHARTC_CODE_H

#include "ast.h"
#include "opcodes.h"
#include "../eval/registry.h"

typedef enum OpCode {
#define X(name, ops) OP_##name,
    VM_OPCODES(X)
#undef X
    OP__COUNT
} OpCode;

typedef struct Ins {
    uint8_t op;         /* OpCode */
    uint8_t c;
    uint16_t b;
    int32_t a;
    uint32_t x;
    uint32_t nid;       /* Node.id of the node errors point at (0: none);
                           parse_find_node() gives it back */
} Ins;

typedef struct Const {
    Value v;                /* CONST */
    union {                 /* which one: the instruction's opcode */
        Str *name;          /* FIELD/METHOD/CALLM/HASTMPL/TEMPLATE name, ERROR message */
        const char *text;   /* TEXT */
        const FnDef *fn;    /* CALL */
    };
    uint32_t len;           /* TEXT */
    uint32_t nid;           /* CALL: the function's name node (blamed for its final argument) */
} Const;

typedef struct Code {
    Ins *ins;
    uint32_t n;
    Const *consts;
    uint32_t nconsts;
    uint32_t nslots;
    Tree *tree;
} Code;

/* Compile a parsed tree (sets t->code) into a; scratch (may be a) holds
 * the growing arrays.  Returns NULL when out of memory. */
Code *comp_tree(Arena *a, Arena *scratch, Tree *t);
/* The Go type a FnDef.sig letter stands for ("string", "[]interface {}"...). */
const char *comp_sig_type(char t);
/* Disassemble (chartc compile --dump). */
void comp_dump(Buf *b, const Code *c, const FnRegistry *reg);
extern const char *const comp_op_names[];

#endif
