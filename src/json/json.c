/* json.c - placeholder until the data-format work implements json.h. */
#include "json.h"

int json_encode(Buf *out, Value v, int flags, Buf *err)
{
    buf_adds(err, "JSON is not implemented yet");
    return -1;
}

int json_decode(Arena *a, const char *text, size_t n, Value *out, Buf *err)
{
    buf_adds(err, "JSON is not implemented yet");
    return -1;
}
