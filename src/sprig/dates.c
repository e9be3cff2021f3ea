/* dates.c - template functions of group "dates" (stub table until implemented). */
#include "../eval/func.h"

const FnDef fn_dates_table[] = {
    {NULL, NULL, NULL, 0},
};
const size_t fn_dates_count = 0;
