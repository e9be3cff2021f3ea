/* semver.c - template functions of group "semver" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_semver_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_semver_count = 0;
