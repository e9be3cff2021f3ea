/* cmd_compile.c - `chartc compile --dump FILE`: the bytecode of a template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval/vm.h"

int cli_compile(int argc, char **argv)
{
    const char *file = NULL;
    int dump = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dump") == 0) dump = 1;
        else file = argv[i];
    }
    if (!file) {
        fprintf(stderr, "Error: usage: chartc compile --dump FILE\n");
        return 1;
    }
    size_t n;
    char *text = cli_slurp(file, &n);
    if (!text) {
        fprintf(stderr, "Error: open %s: cannot read file\n", file);
        return 1;
    }
    Engine *e = vm_engine_new();
    Buf err = BUF_INIT, out = BUF_INIT;
    int rc = 0;
    if (!e) rc = 1, fprintf(stderr, "Error: out of memory\n");
    else if (vm_engine_add(e, file, text, n, &err)) {
        fprintf(stderr, "Error: %s\n", err.data);
        rc = 1;
    } else if (dump) {
        vm_engine_dump(e, &out);
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
    }
    buf_free(&err);
    buf_free(&out);
    vm_engine_free(e);
    free(text);
    return rc;
}
