/*
 * fnstub.h - the VM's side of the function-call ABI (eval/func.h), enough
 * to call yamlfn.c's functions without linking the VM: the unit test and
 * the fuzz target include it once.
 */
#ifndef CHARTC_YAML_FNSTUB_H
#define CHARTC_YAML_FNSTUB_H

#include "eval/func.h"

#include <stdarg.h>

struct FnCall {
    Arena *a;
    Buf err;
};

int fn_error(FnCall *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&c->err, fmt, ap);
    va_end(ap);
    return -1;
}
Arena *fn_arena(FnCall *c) { return c->a; }
Value fn_receiver(FnCall *c) { return val_nil(); }
const char *fn_name(FnCall *c) { return "test"; }

extern const FnDef fn_yaml_table[];
extern const size_t fn_yaml_count;

#endif
