/*
 * sprig_util.h - small helpers shared by the Sprig function files:
 * returning strings and lists, and walking any Go slice (reflect's
 * Slice/Array kinds: every V_LIST and []byte, whose items are uint8).
 */
#ifndef CHARTC_SPRIG_UTIL_H
#define CHARTC_SPRIG_UTIL_H

#include "../eval/func.h"

/* Results larger than this fail with "out of memory" instead of trying:
 * Go would attempt the allocation and the process would die. */
#define SPRIG_MAX_RESULT ((size_t)1 << 28)

/* Go's regexp.Compile verdict on pat (regex.c): 0, or -1 with Go's error
 * text in *err ("error parsing regexp: invalid repeat count: `{2,1}`"). */
int sprig_regex_check(const char *pat, size_t n, Buf *err);

static inline int sprig_ret_str(FnCall *c, Value *out, const char *s, size_t n)
{
    Str *st = str_new(fn_arena(c), s, n);
    if (!st) return fn_error(c, "out of memory");
    *out = val_str(st);
    return 0;
}

/* Returns b's text and frees b. */
static inline int sprig_ret_buf(FnCall *c, Value *out, Buf *b)
{
    int r = sprig_ret_str(c, out, b->data ? b->data : "", b->len);
    buf_free(b);
    return r;
}

static inline bool sprig_is_seq(Value v)
{
    return v.kind == V_LIST || (v.kind == V_STR && v.gtype == GT_BYTES);
}

static inline uint32_t sprig_seq_len(Value v)
{
    return v.kind == V_LIST ? v.u.l->len : v.u.s->len;
}

static inline Value sprig_seq_at(Value v, uint32_t i)
{
    if (v.kind == V_LIST) return v.u.l->items[i];
    Value r = val_int((unsigned char)v.u.s->s[i]);
    r.gtype = GT_UINT8;
    return r;
}

/* A list value of Go type gt with room for cap items. */
static inline List *sprig_new_list(FnCall *c, size_t cap)
{
    List *l = list_new(fn_arena(c), cap);
    if (!l) fn_error(c, "out of memory");
    return l;
}

#endif
