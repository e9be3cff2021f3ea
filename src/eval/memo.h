/*
 * memo.h - include results handed out again (memo.c), for helmfn.c's
 * include.
 */
#ifndef CHARTC_MEMO_H
#define CHARTC_MEMO_H

#include <stdbool.h>

#include "vm.h"

/* The render's counters when an include starts: memo_put compares them
 * with the ones at its end. */
typedef struct MemoMark {
    unsigned changes, fresh, impure, reads;
} MemoMark;

/* true with *out: template `name` was already included with this data
 * and would give the same text. */
bool memo_get(Render *r, const Str *name, Value dot, Value *out);
MemoMark memo_mark(const Render *r);
/* Keep what including `name` with dot gave (text), when nothing since m
 * could make it differ next time. */
void memo_put(Render *r, Arena *a, const Str *name, Value dot, Value text, MemoMark m);

#endif
