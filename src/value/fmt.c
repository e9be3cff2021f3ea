/* fmt.c - Go's fmt/strconv formatting.  PLACEHOLDER being replaced by the
 * formatting work: only enough for the skeleton to link. */
#include "fmt.h"

#include <stdio.h>

void fmt_value(Buf *b, Value v)
{
    switch ((VKind)v.kind) {
    case V_NIL: buf_adds(b, "<nil>"); break;
    case V_BOOL: buf_adds(b, v.u.b ? "true" : "false"); break;
    case V_INT: buf_printf(b, "%lld", (long long)v.u.i); break;
    case V_FLOAT: buf_printf(b, "%g", v.u.f); break;
    case V_STR: buf_add(b, v.u.s->s, v.u.s->len); break;
    default: buf_adds(b, "?"); break;
    }
}

void fmt_print(Buf *b, int argc, const Value *argv)
{
    for (int i = 0; i < argc; i++) fmt_value(b, argv[i]);
}

void fmt_println(Buf *b, int argc, const Value *argv)
{
    for (int i = 0; i < argc; i++) {
        if (i) buf_addc(b, ' ');
        fmt_value(b, argv[i]);
    }
    buf_addc(b, '\n');
}

void fmt_printf(Buf *b, const char *format, size_t flen, int argc, const Value *argv)
{
    buf_add(b, format, flen);
}

void fmt_float(Buf *b, double f, char fmt, int prec, int bitsize) { buf_printf(b, "%g", f); }

void fmt_quote(Buf *b, const char *s, size_t n)
{
    buf_addc(b, '"');
    buf_add(b, s, n);
    buf_addc(b, '"');
}
