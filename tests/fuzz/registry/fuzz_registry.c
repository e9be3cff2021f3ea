/*
 * fuzz_registry.c - libFuzzer target for what a registry or a credential
 * helper hands chartc's OCI client (src/fetch/oci.c, regauth.c): the
 * first byte picks a docker-credential-* `get` answer, a Bearer
 * WWW-Authenticate challenge (turned into the token URL: scopes merged,
 * the realm's query re-encoded), or a token endpoint's answer (the
 * distribution GET's or, with an odd selector, the OAuth2 POST's).
 * Every call must end in a value or a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int sel = data[0] % 4;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    Arena a;
    arena_init(&a);
    Buf e = BUF_INIT;
    if (sel == 0) {
        FCred c = {"", "", "", ""};
        int rc = freg_helper_answer(&a, s, n, &c, &e);
        if (rc != 0 && rc != -1) abort();
        if (rc == -1 && !e.len) abort();
        if (rc == 0 && (!c.user || !c.pass || !c.refresh)) abort();
    } else if (sel == 1) {
        /* a challenge is a header value: no NUL inside */
        char *ch = arena_strndup(&a, s, strnlen(s, n));
        if (!foci_token_url(&a, "charts/hello", ch)) abort();
    } else {
        const char *t = foci_token_answer(&a, s, n, sel == 3, &e);
        if (!t && !e.len) abort();
    }
    buf_free(&e);
    arena_free(&a);
    return 0;
}
