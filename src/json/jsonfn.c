/* jsonfn.c - template functions of group "json" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_json_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_json_count = 0;
