/* pipeline.h - `chartc template`: load, layer values, render, sort, print. */
#ifndef CHARTC_PIPELINE_H
#define CHARTC_PIPELINE_H

/* argv[0] is the first argument after "template". */
int cli_template(int argc, char **argv);

#endif
