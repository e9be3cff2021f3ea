/* strvals.c - placeholder until the chart work implements strvals.h. */
#include "strvals.h"

int strvals_parse(Arena *a, Map *into, const char *s, StrvalsMode mode, Buf *err)
{
    buf_adds(err, "--set is not implemented yet");
    return -1;
}
