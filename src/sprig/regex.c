/* regex.c - template functions of group "regex" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_regex_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_regex_count = 0;
