/*
 * opcodes.h - the VM's instruction set, defined once.
 *
 * X(NAME, operands, what it does).  Including files define X to generate
 * the enum (code.h), the names table and the disassembler (compile.c) and
 * the dispatch table (vm.c).  Every instruction also carries the parse
 * node it came from: its position (line, column) and, for errors, Go's
 * text of the node ("at <.Values.a>").  The VM is a stack machine; "push"
 * and "pop" refer to its value stack.  Operand a is usually an index into
 * the code's constant table (consts[a]) or a jump target (an instruction
 * index); b and c are small counts or flags; x is a second index.
 */
#define VM_OPCODES(X) \
    /* write consts[a]'s text (it points into the template source) */ \
    X(TEXT,     "a=const") \
    /* push dot */ \
    X(DOT,      "") \
    /* push consts[a].v */ \
    X(CONST,    "a=const") \
    /* push variable slot a of the frame; a = -1: "undefined variable" */ \
    X(VAR,      "a=slot") \
    /* pop receiver, push its field consts[a].name (Go's evalField without \
       arguments: a method is called with none) */ \
    X(FIELD,    "a=const") \
    /* pop receiver, push field consts[a].name, which must be a method \
       because arguments follow (a map entry gives "not a method but has \
       arguments"); its arity is checked against x arguments plus b (the \
       final value) before they are evaluated, as Go does */ \
    X(METHOD,   "a=const b=final x=nargs") \
    /* call the method value below its b arguments; c=1: the pipeline's \
       final value is below the method and is passed last; x=1: a \
       failure of the call itself is blamed on this instruction's node \
       (the (pipe).Method chain), as Go's evalCall does */ \
    X(CALLM,    "a=const b=nargs c=final") \
    /* convert the top of stack to parameter type b (a sig letter), with \
       text/template's validateType errors */ \
    X(CONV,     "b=sig letter") \
    /* call function consts[a].fn with b arguments already converted; \
       c=1: the final value lies below them and is converted here */ \
    X(CALL,     "a=const b=nargs c=final") \
    /* end of a command: an interface{} result is replaced by its dynamic \
       value (a nil becomes "no value"), as evalPipeline does */ \
    X(DIG,      "") \
    /* pop and print the value (printValue: no value prints <no value>) */ \
    X(PRINT,    "") \
    /* store the top of stack in slot a (it stays on the stack) */ \
    X(SETVAR,   "a=slot") \
    /* drop the top of stack */ \
    X(POP,      "") \
    /* jump to a */ \
    X(JMP,      "a=target") \
    /* pop; jump to a when it is false (Go's isTrue) */ \
    X(JFALSE,   "a=target") \
    /* and (c=0) / or (c=1): when truth(top) decides, jump to a keeping \
       it; otherwise pop it */ \
    X(ANDOR,    "a=target c=or") \
    /* remove the value below the top */ \
    X(SWAPPOP,  "") \
    /* pop; false: jump to a; true: save dot and make the value dot */ \
    X(WITH,     "a=else") \
    /* restore the dot saved by WITH */ \
    X(ENDWITH,  "") \
    /* pop the value to range over and start an iterator; b = number of \
       variables; nothing to iterate: jump to a (the else branch) */ \
    X(RANGE,    "a=else b=nvars") \
    /* advance the iterator: set dot and the variables (slots b-1, x-1 when \
       non-zero); exhausted: jump to a */ \
    X(NEXT,     "a=done b=slot1+1 x=slot2+1") \
    /* drop the iterator and restore dot */ \
    X(ENDRANGE, "") \
    /* fail unless template consts[a].name exists (Go looks it up before \
       evaluating the pipeline that gives its dot) */ \
    X(HASTMPL,  "a=const") \
    /* execute template consts[a].name; b=1: its dot is popped */ \
    X(TEMPLATE, "a=const b=hasdot") \
    /* end of the template */ \
    X(RET,      "") \
    /* fail with the message consts[a].name */ \
    X(ERROR,    "a=const")
