/*
 * fnstub.h - the VM's side of the function-call ABI (eval/func.h), enough
 * to call template functions without linking the VM: yamlfn.c's in the
 * yaml unit test and fuzz targets, Sprig families' in the targets that
 * tests/fuzz/common/fuzz_common.h serves.  Include it once per program
 * (it defines functions).  An FnCall may leave name and recv zero: the
 * name is then "test" and the receiver nil.
 */
#ifndef CHARTC_YAML_FNSTUB_H
#define CHARTC_YAML_FNSTUB_H

#include "eval/func.h"

#include <stdarg.h>

struct FnCall {
    Arena *a;
    Buf err;
    const char *name;
    Value recv;
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
Value fn_receiver(FnCall *c) { return c->recv; }
const char *fn_name(FnCall *c) { return c->name ? c->name : "test"; }

extern const FnDef fn_yaml_table[];
extern const size_t fn_yaml_count;

#endif
