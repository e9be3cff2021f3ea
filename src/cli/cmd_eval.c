/*
 * cmd_eval.c - `chartc eval --chart DIR TEMPLATE [flags]`: render a chart
 * exactly as `chartc template` does and print one template's raw output.
 *
 * This is how a template can be tried directly, and how the engine's test
 * cases are checked: helm reports a template's exact, untrimmed text only
 * for NOTES.txt (`helm install --dry-run -o json`), so each case is a
 * one-template chart whose templates/NOTES.txt is printed here.  Every
 * other step - values, dependencies, schema, rendering every template,
 * splitting and parsing the manifests - is the template pipeline's, so an
 * error is exactly what `helm template` prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../pipeline/pipeline.h"

static const char usage[] =
    "Error: usage: chartc eval --chart DIR TEMPLATE [flags of chartc template]\n";

int cli_eval(int argc, char **argv)
{
    const char *chart = NULL, *target = NULL;
    int i = 0;
    if (i < argc && strcmp(argv[i], "--chart") == 0 && i + 1 < argc) {
        chart = argv[i + 1];
        i += 2;
    } else if (i < argc && strncmp(argv[i], "--chart=", 8) == 0) {
        chart = argv[i] + 8;
        i++;
    }
    if (i < argc && argv[i][0] != '-') target = argv[i++];
    if (!chart || !target) {
        fputs(usage, stderr);
        return 1;
    }
    /* template release-name CHART FLAGS... */
    char **targv = calloc((size_t)argc + 2, sizeof *targv);
    if (!targv) return 1;
    int n = 0;
    targv[n++] = "release-name";
    targv[n++] = (char *)chart;
    for (; i < argc; i++) targv[n++] = argv[i];
    int rc = pipe_eval(n, targv, target);
    free(targv);
    return rc;
}
