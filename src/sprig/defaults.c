/* defaults.c - template functions of group "defaults" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_defaults_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_defaults_count = 0;
