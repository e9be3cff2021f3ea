/* builtins.c - template functions of group "builtin" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_builtin_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_builtin_count = 0;
