/* main.c - chartc's command line.  Commands dispatch to src/cli/cmd_*.c. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "version") == 0) {
        puts("chartc 0.1.0");
        return 0;
    }
    fprintf(stderr, "Error: unknown command\n");
    return 1;
}
