/* main.c - chartc's command line.  Commands dispatch to src/cli/cmd_*.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pipeline/pipeline.h"
#include "util/buf.h"

char *cli_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = BUF_INIT;
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, k);
    fclose(f);
    *n = b.len;
    if (!b.data) buf_adds(&b, "");
    return buf_steal(&b);
}

static const char usage[] =
    "chartc - renders Helm charts exactly as `helm template` (v4.1.4) does\n"
    "\n"
    "Usage:\n"
    "  chartc template [NAME] CHART [flags]\n"
    "      what `helm template` prints (see `chartc template --help`)\n"
    "  chartc eval --chart DIR TEMPLATE [flags of chartc template]\n"
    "      render every template of DIR and print TEMPLATE's output (e.g. templates/NOTES.txt)\n"
    "  chartc compile --dump FILE\n"
    "      compile FILE as a template and print its bytecode\n"
    "  chartc version\n"
    "  chartc help\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 1;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        puts("chartc 0.1.0");
        return 0;
    }
    if (strcmp(cmd, "help") == 0 && argc > 2 && strcmp(argv[2], "template") == 0) {
        /* `helm help template` is `helm template --help` */
        char *help[] = {(char *)"--help", NULL};
        return cli_template(1, help);
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "template") == 0) return cli_template(argc - 2, argv + 2);
    if (strcmp(cmd, "eval") == 0) return cli_eval(argc - 2, argv + 2);
    if (strcmp(cmd, "compile") == 0) return cli_compile(argc - 2, argv + 2);
    fprintf(stderr, "Error: unknown command \"%s\" for \"chartc\"\n", cmd);
    return 1;
}
