/* lists.c - template functions of group "lists" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_lists_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_lists_count = 0;
