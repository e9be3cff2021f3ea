/* Unit tests of crypto.c: helm-generated cases the shim can evaluate
 * (decryptAES of helm's ciphertexts, derivePassword, error texts), an
 * AES round trip, and certificates parsed back with OpenSSL: subject,
 * issuer, SANs, validity period, CA flag, key usage and chain verification. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "shim.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <time.h>

extern const FnDef fn_crypto_table[];
extern const size_t fn_crypto_count;

static Arena A;

static const char *call(const char *name, int argc, Value *argv, Value *res)
{
    return shim_call(&A, fn_crypto_table, fn_crypto_count, name, argc, argv, res);
}


static void test_aes(void)
{
    Value a[2] = {S(&A, "k3y"), S(&A, "round trip \xe2\x9c\x93 text that spans blocks")}, enc;
    call("encryptAES", 2, a, &enc);
    Value d[2] = {S(&A, "k3y"), enc};
    CHECK_STR(call("decryptAES", 2, d, NULL), "round trip \xe2\x9c\x93 text that spans blocks");
    for (int len = 0; len < 40; len += 7) {
        char pt[64];
        memset(pt, 'x', (size_t)len);
        pt[len] = 0;
        a[1] = S(&A, pt);
        call("encryptAES", 2, a, &enc);
        d[1] = enc;
        CHECK_STR(call("decryptAES", 2, d, NULL), pt);
        if (len) CHECK_INT(enc.u.s->len, ((len / 16 + 2) * 16 + 2) / 3 * 4);
    }
}

static X509 *pem_cert(const char *s)
{
    BIO *b = BIO_new_mem_buf(s, -1);
    X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
    return x;
}

static EVP_PKEY *pem_key(const char *s)
{
    BIO *b = BIO_new_mem_buf(s, -1);
    EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    BIO_free(b);
    return k;
}

static const char *cert_field(Value c, const char *f)
{
    Value v = val_nil();
    if (c.kind != V_OBJ || !c.u.o->type->get(&A, c.u.o, str_cstr(&A, f), &v) || v.kind != V_STR) return "";
    return v.u.s->s;
}

static const char *cn_of(X509_NAME *n)
{
    static char buf[256];
    buf[0] = 0;
    X509_NAME_get_text_by_NID(n, NID_commonName, buf, sizeof buf);
    return buf;
}

/* days between notBefore and notAfter, and notBefore vs now */
static void check_validity(X509 *x, int days)
{
    int pd = 0, ps = 0;
    CHECK(ASN1_TIME_diff(&pd, &ps, X509_get0_notBefore(x), X509_get0_notAfter(x)));
    CHECK_INT(pd, days);
    CHECK(ps >= -1 && ps <= 1);
    time_t now = time(NULL);
    CHECK(X509_cmp_time(X509_get0_notBefore(x), &now) <= 0);
}

static void check_san(X509 *x, const char *want)
{
    GENERAL_NAMES *g = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    Buf b = BUF_INIT;
    for (int i = 0; g && i < sk_GENERAL_NAME_num(g); i++) {
        GENERAL_NAME *n = sk_GENERAL_NAME_value(g, i);
        if (b.len) buf_addc(&b, ',');
        if (n->type == GEN_DNS) buf_printf(&b, "DNS:%s", ASN1_STRING_get0_data(n->d.dNSName));
        else if (n->type == GEN_IPADD) {
            const unsigned char *p = ASN1_STRING_get0_data(n->d.iPAddress);
            int l = ASN1_STRING_length(n->d.iPAddress);
            if (l == 4) buf_printf(&b, "IP:%d.%d.%d.%d", p[0], p[1], p[2], p[3]);
            else buf_printf(&b, "IP6:%d", l);
        }
    }
    GENERAL_NAMES_free(g);
    CHECK_STR(b.data ? b.data : "", want);
    buf_free(&b);
}

static bool verifies(X509 *leaf, X509 *ca)
{
    X509_STORE *st = X509_STORE_new();
    X509_STORE_add_cert(st, ca);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, st, leaf, NULL);
    X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
    int ok = X509_verify_cert(ctx);
    if (ok != 1) printf("verify: %s\n", X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(st);
    return ok == 1;
}

static bool key_matches(X509 *x, const char *keypem)
{
    EVP_PKEY *k = pem_key(keypem);
    bool ok = k && X509_check_private_key(x, k) == 1;
    EVP_PKEY_free(k);
    return ok;
}

static void test_certs(void)
{
    Value ca, leaf, self;
    Value a[6];
    a[0] = S(&A, "my-ca");
    a[1] = val_int(365);
    CHECK(strncmp(call("genCA", 2, a, &ca), "ERR", 3) != 0);
    X509 *cx = pem_cert(cert_field(ca, "Cert"));
    CHECK(cx != NULL);
    if (!cx) return;
    CHECK(strncmp(cert_field(ca, "Key"), "-----BEGIN RSA PRIVATE KEY-----\n", 32) == 0);
    CHECK(key_matches(cx, cert_field(ca, "Key")));
    CHECK_STR(cn_of(X509_get_subject_name(cx)), "my-ca");
    CHECK_STR(cn_of(X509_get_issuer_name(cx)), "my-ca");
    CHECK(X509_check_ca(cx) >= 1);
    CHECK(X509_get_key_usage(cx) & KU_KEY_CERT_SIGN);
    CHECK_INT(X509_get_version(cx), 2);
    CHECK(X509_get0_subject_key_id(cx) != NULL);
    CHECK_INT(EVP_PKEY_get_bits(X509_get0_pubkey(cx)), 2048);
    check_validity(cx, 365);
    CHECK(verifies(cx, cx));

    List *ips = list_new(&A, 2), *dns = list_new(&A, 2);
    list_push(&A, ips, S(&A, "10.0.0.1"));
    list_push(&A, dns, S(&A, "foo.com"));
    list_push(&A, dns, S(&A, "www.foo.com"));
    a[0] = S(&A, "foo.com");
    a[1] = val_list(ips);
    a[2] = val_list(dns);
    a[3] = val_int(30);
    a[4] = ca;
    CHECK(strncmp(call("genSignedCert", 5, a, &leaf), "ERR", 3) != 0);
    X509 *lx = pem_cert(cert_field(leaf, "Cert"));
    CHECK(lx != NULL);
    if (lx) {
        CHECK_STR(cn_of(X509_get_subject_name(lx)), "foo.com");
        CHECK_STR(cn_of(X509_get_issuer_name(lx)), "my-ca");
        CHECK(X509_check_ca(lx) == 0);
        CHECK(key_matches(lx, cert_field(leaf, "Key")));
        check_san(lx, "DNS:foo.com,DNS:www.foo.com,IP:10.0.0.1");
        check_validity(lx, 30);
        CHECK(X509_get_extended_key_usage(lx) & XKU_SSL_SERVER);
        CHECK(X509_get_extended_key_usage(lx) & XKU_SSL_CLIENT);
        CHECK(verifies(lx, cx));
        X509_free(lx);
    }

    CHECK(strncmp(call("genSelfSignedCert", 4, a, &self), "ERR", 3) != 0);
    X509 *sx = pem_cert(cert_field(self, "Cert"));
    CHECK(sx && X509_check_ca(sx) == 0);
    if (sx) {
        check_san(sx, "DNS:foo.com,DNS:www.foo.com,IP:10.0.0.1");
        CHECK_STR(cn_of(X509_get_issuer_name(sx)), "foo.com");
        CHECK(X509_verify(sx, X509_get0_pubkey(sx)) == 1);
        X509_free(sx);
    }

    /* WithKey variants keep the given key */
    const char *types[] = {"ecdsa", "ed25519"};
    for (int i = 0; i < 2; i++) {
        Value kt = S(&A, types[i]), key, c2;
        call("genPrivateKey", 1, &kt, &key);
        Value b[6] = {S(&A, "k-ca"), val_int(10), key};
        CHECK(strncmp(call("genCAWithKey", 3, b, &c2), "ERR", 3) == 0 ? 0 : 1);
        CHECK_STR(cert_field(c2, "Key"), key.u.s->s);
        X509 *x2 = pem_cert(cert_field(c2, "Cert"));
        CHECK(x2 && key_matches(x2, key.u.s->s) && verifies(x2, x2));
        Value e[6] = {S(&A, "leaf"), val_nil(), val_nil(), val_int(5), c2, key};
        Value l2;
        CHECK(strncmp(call("genSignedCertWithKey", 6, e, &l2), "ERR", 3) != 0);
        X509 *lx2 = pem_cert(cert_field(l2, "Cert"));
        CHECK(lx2 && x2 && verifies(lx2, x2));
        X509_free(lx2);
        X509_free(x2);
    }

    X509_free(cx);
}

static void test_keys(void)
{
    const char *types[] = {"rsa", "ecdsa", "ed25519", "dsa"};
    const char *heads[] = {"-----BEGIN RSA PRIVATE KEY-----\n", "-----BEGIN EC PRIVATE KEY-----\n",
                           "-----BEGIN PRIVATE KEY-----\n", "-----BEGIN DSA PRIVATE KEY-----\n"};
    const int ids[] = {EVP_PKEY_RSA, EVP_PKEY_EC, EVP_PKEY_ED25519, EVP_PKEY_DSA};
    for (int i = 0; i < 4; i++) {
        Value t = S(&A, types[i]), k;
        call("genPrivateKey", 1, &t, &k);
        CHECK(k.kind == V_STR && strncmp(k.u.s->s, heads[i], strlen(heads[i])) == 0);
        EVP_PKEY *pk = k.kind == V_STR ? pem_key(k.u.s->s) : NULL;
        CHECK(pk && EVP_PKEY_get_id(pk) == ids[i]);
        if (pk && i == 0) CHECK_INT(EVP_PKEY_get_bits(pk), 4096);
        if (pk && i == 1) CHECK_INT(EVP_PKEY_get_bits(pk), 256);
        EVP_PKEY_free(pk);
    }
    Value t = S(&A, "nope");
    CHECK_STR(call("genPrivateKey", 1, &t, NULL), "Unknown type nope");
}

static void test_bcrypt(void)
{
    Value p = S(&A, "secret"), h;
    const char *s = call("bcrypt", 1, &p, &h);
    CHECK_INT(strlen(s), 60);
    CHECK(strncmp(s, "$2a$10$", 7) == 0);
    Value u[2] = {S(&A, "user"), S(&A, "pw")};
    s = call("htpasswd", 2, u, NULL);
    CHECK(strncmp(s, "user:$2a$10$", 12) == 0 && strlen(s) == 65);
}

int main(void)
{
    arena_init(&A);
    shim_helm_suite(&A, "crypto", fn_crypto_table, fn_crypto_count, 15);
    test_aes();
    test_keys();
    test_certs();
    test_bcrypt();
    arena_free(&A);
    return CHECK_DONE();
}
