/* test_digest.c - digest.c's SHA-1/256/512 against OpenSSL for every
 * length across the padding boundaries, FIPS 180 vectors, and the
 * random source. */
#include "../check.h"
#include "sprig/digest.h"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdlib.h>

static void hex(const unsigned char *h, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", h[i]);
}

static void test_vectors(void)
{
    unsigned char h[64];
    char t[129];
    digest_sha1("abc", 3, h);
    hex(h, 20, t);
    CHECK_STR(t, "a9993e364706816aba3e25717850c26c9cd0d89d");
    digest_sha256("abc", 3, h);
    hex(h, 32, t);
    CHECK_STR(t, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_sha512("abc", 3, h);
    hex(h, 64, t);
    CHECK_STR(t, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    digest_sha256(m, strlen(m), h);
    hex(h, 32, t);
    CHECK_STR(t, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* every length from 0 to 3 blocks of SHA-512, and some long inputs */
/* Ours against OpenSSL's for n bytes: one more in *badN for each that differs. */
static void compare(const unsigned char *buf, size_t n, int *bad1, int *bad256, int *bad512)
{
    unsigned char a[64], b[64];
    digest_sha1(buf, n, a);
    SHA1(buf, n, b);
    *bad1 += memcmp(a, b, 20) != 0;
    digest_sha256(buf, n, a);
    SHA256(buf, n, b);
    *bad256 += memcmp(a, b, 32) != 0;
    digest_sha256_portable(buf, n, a);
    *bad256 += memcmp(a, b, 32) != 0;
    digest_sha512(buf, n, a);
    SHA512(buf, n, b);
    *bad512 += memcmp(a, b, 64) != 0;
}

static void test_against_openssl(void)
{
    size_t max = 1 << 16;
    unsigned char *buf = malloc(max);
    CHECK(buf != NULL);
    if (!buf) return;
    uint32_t x = 12345;
    for (size_t i = 0; i < max; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    int bad1 = 0, bad256 = 0, bad512 = 0;
    for (size_t n = 0; n <= 400; n++) compare(buf, n, &bad1, &bad256, &bad512);
    size_t longs[] = {1000, 4095, 4096, 4097, 65535, 65536};
    for (size_t i = 0; i < sizeof longs / sizeof *longs; i++) compare(buf, longs[i], &bad1, &bad256, &bad512);
    CHECK_INT(bad1, 0);
    CHECK_INT(bad256, 0);
    CHECK_INT(bad512, 0);
    free(buf);
}

static void test_random(void)
{
    unsigned char a[64] = {0}, b[64] = {0};
    CHECK(digest_random(a, sizeof a));
    CHECK(digest_random(b, sizeof b));
    CHECK(memcmp(a, b, sizeof a) != 0);
    CHECK(digest_random(a, 0));
    size_t big = 1 << 20;
    unsigned char *p = malloc(big);
    CHECK(p && digest_random(p, big));
    free(p);
}

int main(void)
{
    test_vectors();
    test_against_openssl();
    test_random();
    return CHECK_DONE();
}
