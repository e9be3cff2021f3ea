/* crypto.c - template functions of group "crypto" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_crypto_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_crypto_count = 0;
