/* tomlfn.c - template functions of group "toml" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_toml_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_toml_count = 0;
