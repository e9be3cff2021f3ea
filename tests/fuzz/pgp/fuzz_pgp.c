/*
 * fuzz_pgp.c - libFuzzer target for --verify's OpenPGP parsers: the
 * binary keyring, the clear-signed provenance text, its armor and the
 * signature packets in it (src/fetch/pgp.c).
 *
 * Input: two bytes giving the keyring's length (big-endian, clipped to
 * what is there), the keyring, then the .prov text.  The archive is a
 * fixed string.  Every call must answer 0 or -1, and -1 with a message.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    size_t rn = (size_t)data[0] << 8 | data[1];
    data += 2;
    size -= 2;
    if (rn > size) rn = size;
    Arena a;
    arena_init(&a);
    Buf e = BUF_INIT;
    int rc = fetch_pgp_verify(&a, (const char *)data, rn, (const char *)data + rn, size - rn, "chart", 5,
                              "signed-0.1.0.tgz", &e);
    if (rc != 0 && rc != -1) abort();
    if (rc == -1 && !e.len) abort();
    buf_free(&e);
    arena_free(&a);
    return 0;
}
