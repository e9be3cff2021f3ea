/* template.c - placeholder for `chartc template` (being written). */
#include <stdio.h>

#include "pipeline.h"

int cli_template(int argc, char **argv)
{
    fputs("Error: chartc template is not implemented yet\n", stderr);
    return 1;
}
