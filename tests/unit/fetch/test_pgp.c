/*
 * test_pgp.c - --verify's OpenPGP code (src/fetch/pgp.c) on the keys and
 * provenance files of testdata/remote (signed by `helm package --sign`),
 * and on keyrings and signatures cut or patched by hand: the parser edges
 * the case files cannot reach.  Runs from the repository root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fetch/fetch.h"

#define KEYS "testdata/remote/keys/"
#define SIGNED "testdata/remote/www/signed/"

static Buf slurp(const char *path)
{
    Buf b = BUF_INIT;
    FILE *f = fopen(path, "rb");
    if (!f) { printf("missing %s\n", path); return b; }
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, n);
    fclose(f);
    return b;
}

/* fetch_pgp_verify's answer: "" on success, else its message */
static const char *verify(Arena *a, const Buf *ring, const Buf *prov, const Buf *tgz, const char *name)
{
    Buf e = BUF_INIT;
    int rc = fetch_pgp_verify(a, ring->data ? ring->data : "", ring->len, prov->data ? prov->data : "", prov->len,
                              tgz->data ? tgz->data : "", tgz->len, name, &e);
    const char *out = rc == 0 ? "" : arena_strndup(a, e.data ? e.data : "?", e.len);
    if (rc == 0 && e.len) out = "error text on success";
    buf_free(&e);
    return out;
}

static void test_fixtures(Arena *a)
{
    Buf ring = slurp(KEYS "pubring.gpg"), ed = slurp(KEYS "ed25519.gpg"), other = slurp(KEYS "other.gpg");
    Buf prov = slurp(SIGNED "signed-0.1.0.tgz.prov"), edprov = slurp(SIGNED "ed/signed-0.1.0.tgz.prov");
    Buf tgz = slurp(SIGNED "signed-0.1.0.tgz"), none = BUF_INIT;
    CHECK_STR(verify(a, &ring, &prov, &tgz, "signed-0.1.0.tgz"), "");
    CHECK_STR(verify(a, &ed, &edprov, &tgz, "signed-0.1.0.tgz"), "");
    Buf ec = slurp(KEYS "ecdsa.gpg"), ecprov = slurp(SIGNED "ecdsa/signed-0.1.0.tgz.prov");
    CHECK_STR(verify(a, &ec, &ecprov, &tgz, "signed-0.1.0.tgz"), "");
    CHECK_STR(verify(a, &ec, &prov, &tgz, "signed-0.1.0.tgz"), "openpgp: signature made by unknown entity");
    buf_free(&ec);
    buf_free(&ecprov);
    CHECK_STR(verify(a, &other, &prov, &tgz, "signed-0.1.0.tgz"), "openpgp: signature made by unknown entity");
    CHECK_STR(verify(a, &none, &prov, &tgz, "signed-0.1.0.tgz"), "openpgp: signature made by unknown entity");
    CHECK_STR(verify(a, &ring, &none, &tgz, "signed-0.1.0.tgz"), "signature block not found");
    CHECK_STR(verify(a, &ring, &prov, &tgz, "other.tgz"),
              "provenance does not contain a SHA for a file named \"other.tgz\"");
    CHECK(strncmp(verify(a, &ring, &prov, &none, "signed-0.1.0.tgz"), "sha256 sum does not match for", 29) == 0);
    /* both keyrings in one: the signer is found whatever comes first */
    Buf both = BUF_INIT;
    buf_add(&both, other.data, other.len);
    buf_add(&both, ring.data, ring.len);
    CHECK_STR(verify(a, &both, &prov, &tgz, "signed-0.1.0.tgz"), "");
    /* keyrings cut short or starting with something else */
    Buf cut = BUF_INIT;
    buf_add(&cut, ring.data, 40);
    CHECK_STR(verify(a, &cut, &prov, &tgz, "signed-0.1.0.tgz"), "failed to load keyring: unexpected EOF");
    Buf uid = BUF_INIT;
    buf_add(&uid, "\xb4\x01x", 3);
    CHECK_STR(verify(a, &uid, &prov, &tgz, "signed-0.1.0.tgz"),
              "failed to load keyring: openpgp: invalid data: first packet was not a public/private key");
    Buf nomsb = BUF_INIT;
    buf_add(&nomsb, "\x01", 1);
    CHECK_STR(verify(a, &nomsb, &prov, &tgz, "signed-0.1.0.tgz"),
              "failed to load keyring: openpgp: invalid data: tag byte does not have MSB set");
    /* a user ID packet ahead of a key is skipped like any leading junk */
    Buf lead = BUF_INIT;
    buf_add(&lead, "\xb4\x01x", 3);
    buf_add(&lead, ring.data, ring.len);
    CHECK_STR(verify(a, &lead, &prov, &tgz, "signed-0.1.0.tgz"), "");
    /* the signed text: CRLF line ends and a line's trailing blanks do
     * not count, blanks after the BEGIN line do (Go's clearsign) */
    Buf crlf = BUF_INIT;
    const char *ver = strstr(prov.data, "version: 0.1.0\n");
    for (size_t i = 0; i < prov.len; i++) {
        if (prov.data[i] == '\n') {
            if (ver && i == (size_t)(ver - prov.data) + 14) buf_add(&crlf, " \t", 2);
            buf_addc(&crlf, '\r');
        }
        buf_addc(&crlf, prov.data[i]);
    }
    CHECK_STR(verify(a, &ring, &crlf, &tgz, "signed-0.1.0.tgz"), "");
    crlf.data[strcspn(crlf.data, "\r")] = ' ';
    CHECK_STR(verify(a, &ring, &crlf, &tgz, "signed-0.1.0.tgz"), "signature block not found");
    /* a changed word in the text breaks the signature */
    Buf text = BUF_INIT;
    buf_add(&text, prov.data, prov.len);
    char *w = strstr(text.data, "name: signed");
    if (w) w[6] = 'S';
    CHECK_STR(verify(a, &ring, &text, &tgz, "signed-0.1.0.tgz"), "openpgp: invalid signature: RSA verification failure");
    Buf *all[] = {&ring, &ed, &other, &prov, &edprov, &tgz, &both, &cut, &uid, &nomsb, &lead, &crlf, &text};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) buf_free(all[i]);
}

int main(void)
{
    Arena a;
    arena_init(&a);
    test_fixtures(&a);
    arena_free(&a);
    return CHECK_DONE();
}
