/* encoding.c - template functions of group "encoding" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_encoding_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_encoding_count = 0;
