/* strings.c - template functions of group "strings" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_strings_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_strings_count = 0;
