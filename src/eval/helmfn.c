/* helmfn.c - template functions of group "helm" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_helm_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_helm_count = 0;
