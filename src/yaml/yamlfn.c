/* yamlfn.c - template functions of group "yaml" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_yaml_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_yaml_count = 0;
