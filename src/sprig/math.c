/* math.c - template functions of group "math" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_math_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_math_count = 0;
