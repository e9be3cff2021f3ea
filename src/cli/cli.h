/* cli.h - chartc's subcommands (one file each: cmd_NAME.c). */
#ifndef CHARTC_CLI_H
#define CHARTC_CLI_H

#include <stddef.h>

int cli_eval(int argc, char **argv);
int cli_compile(int argc, char **argv);

/* A whole file, malloc'd and NUL-terminated (*n = its length); NULL if it
 * cannot be read. */
char *cli_slurp(const char *path, size_t *n);

#endif
