/*
 * digest.h - the hashes and random bytes Sprig's everyday functions need,
 * without libcrypto (see digest.c for why).
 */
#ifndef CHARTC_DIGEST_H
#define CHARTC_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_SHA1_LEN 20
#define DIGEST_SHA256_LEN 32
#define DIGEST_SHA512_LEN 64

void digest_sha1(const void *data, size_t n, unsigned char out[DIGEST_SHA1_LEN]);
void digest_sha256(const void *data, size_t n, unsigned char out[DIGEST_SHA256_LEN]);
void digest_sha512(const void *data, size_t n, unsigned char out[DIGEST_SHA512_LEN]);
/* SHA-256 without the CPU's SHA instructions (digest_sha256 uses them
 * when present): for tests of both. */
void digest_sha256_portable(const void *data, size_t n, unsigned char out[DIGEST_SHA256_LEN]);

/* n bytes from the kernel's CSPRNG (getrandom); false if it fails. */
bool digest_random(void *buf, size_t n);

#endif
