/*
 * crypto.c - Sprig's crypto functions on OpenSSL's libcrypto, which is
 * loaded the first time one of them runs (cryptolib.h); every call goes
 * through the table L.  Random bytes come from digest_random.
 *
 * encryptAES/decryptAES use Sprig's exact format so chartc and helm read
 * each other's output: key = password bytes zero-padded (or cut) to 32,
 * AES-256-CBC, PKCS#7 padding, random IV prepended, standard base64.
 * Sprig's decryptAES does not check its input, and Go's runtime panics
 * (which text/template reports as the call's error) are reproduced:
 * "runtime error: slice bounds out of range [:16] with capacity 3".
 *
 * Certificates are Go x509 templates rebuilt with OpenSSL: v3, random
 * 128-bit serial, CN-only subject, NotBefore now, NotAfter now + days,
 * KeyUsage, ExtKeyUsage serverAuth+clientAuth, BasicConstraints, SANs,
 * SubjectKeyId on CAs and AuthorityKeyId below them.  A certificate is a
 * template object of Go type sprig.certificate with fields .Cert .Key.
 *
 * derivePassword is the Master Password algorithm (scrypt N=32768 r=8
 * p=2, HMAC-SHA256 seed, template tables), bcrypt/htpasswd are
 * golang.org/x/crypto/bcrypt at cost 10 ("$2a$10$..."), computed by the
 * system's libcrypt (libxcrypt) which is loaded on first use.
 */
#include "../eval/func.h"
#include "../value/fmt.h"
#include "../util/base64.h"
#include "cryptolib.h"
#include "digest.h"

#include <arpa/inet.h>
#include <crypt.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- base64 (Go StdEncoding) ------------------------------------------ */

/* DecodeString into a NUL-terminated arena copy: its length, or -1 with
 * the offset of the bad byte (or -2, out of memory). */
static long unb64(Arena *a, const Str *in, unsigned char **out, long *bad)
{
    Buf b = BUF_INIT;
    long e = b64_decode(&b, (const unsigned char *)in->s, in->len);
    long n = e >= 0 ? -1 : (long)b.len;
    if (e >= 0) *bad = e;
    *out = n >= 0 ? arena_alloc(a, (size_t)n + 1) : NULL;
    if (*out) {
        if (n) memcpy(*out, b.data, (size_t)n);
        (*out)[n] = 0;
    } else if (n >= 0) {
        n = -2;
    }
    buf_free(&b);
    return n;
}

/* ---- libcrypto ---------------------------------------------------------- */

/* libcrypto's table, or NULL with the call's error set */
static const CryptoLib *need_lib(FnCall *c)
{
    const CryptoLib *L = cryptolib_get();
    if (!L) fn_error(c, "crypto: libcrypto.so.3 could not be loaded");
    return L;
}

/* ---- AES ---------------------------------------------------------------- */

static void aes_key(const Str *pw, unsigned char key[32])
{
    memset(key, 0, 32);
    memcpy(key, pw->s, pw->len < 32 ? pw->len : 32);
}

static int fn_encryptAES(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *pw = argv[0].u.s, *pt = argv[1].u.s;
    if (pt->len == 0) { *out = val_str(str_empty()); return 0; }
    const CryptoLib *L = need_lib(c);
    if (!L) return -1;
    unsigned char key[32];
    aes_key(pw, key);
    size_t pad = 16 - pt->len % 16, n = pt->len + pad;
    unsigned char *buf = arena_alloc(fn_arena(c), 16 + n);
    if (!buf) return fn_error(c, "out of memory");
    if (!digest_random(buf, 16)) return fn_error(c, "crypto/rand: read failed");
    EVP_CIPHER_CTX *x = L->EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0;
    bool ok = x && L->EVP_EncryptInit_ex(x, L->EVP_aes_256_cbc(), NULL, key, buf) &&
              L->EVP_CIPHER_CTX_set_padding(x, 1) &&
              L->EVP_EncryptUpdate(x, buf + 16, &l1, (const unsigned char *)pt->s, (int)pt->len) &&
              L->EVP_EncryptFinal_ex(x, buf + 16 + l1, &l2);
    L->EVP_CIPHER_CTX_free(x);
    if (!ok || (size_t)(l1 + l2) != n) return fn_error(c, "crypto/aes: encryption failed");
    Buf b = BUF_INIT;
    b64_encode(&b, buf, 16 + n);
    *out = val_strn(fn_arena(c), b.data, b.len);
    buf_free(&b);
    return 0;
}

static int fn_decryptAES(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *pw = argv[0].u.s, *in = argv[1].u.s;
    if (in->len == 0) { *out = val_str(str_empty()); return 0; }
    const CryptoLib *L = need_lib(c);
    if (!L) return -1;
    unsigned char *raw;
    long bad = 0, n = unb64(fn_arena(c), in, &raw, &bad);
    if (n == -2) return fn_error(c, "out of memory");
    if (n < 0) return fn_error(c, "illegal base64 data at input byte %ld", bad);
    /* Sprig slices and unpads without checks; these are Go's panics. */
    if (n < 16) return fn_error(c, "runtime error: slice bounds out of range [:16] with capacity %ld", n);
    if ((n - 16) % 16) return fn_error(c, "crypto/cipher: input not full blocks");
    if (n == 16) return fn_error(c, "runtime error: index out of range [-1]");
    unsigned char key[32];
    aes_key(pw, key);
    unsigned char *dec = arena_alloc(fn_arena(c), (size_t)n);
    if (!dec) return fn_error(c, "out of memory");
    EVP_CIPHER_CTX *x = L->EVP_CIPHER_CTX_new();
    int l1 = 0;
    bool ok = x && L->EVP_DecryptInit_ex(x, L->EVP_aes_256_cbc(), NULL, key, raw) &&
              L->EVP_CIPHER_CTX_set_padding(x, 0) &&
              L->EVP_DecryptUpdate(x, dec, &l1, raw + 16, (int)(n - 16));
    L->EVP_CIPHER_CTX_free(x);
    if (!ok) return fn_error(c, "crypto/aes: decryption failed");
    long len = n - 16, cut = len - dec[len - 1];
    if (cut < 0) return fn_error(c, "runtime error: slice bounds out of range [:%ld]", cut);
    *out = val_strn(fn_arena(c), (const char *)dec, (size_t)cut);
    return 0;
}

static int arg_str(FnCall *c, Value v);

/* ---- derivePassword (Master Password) ----------------------------------- */

typedef struct PwType {
    const char *name;
    const char *templates[21];
} PwType;

static const PwType pw_types[] = {
    {"maximum", {"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"}},
    {"long", {"CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
              "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
              "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
              "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
              "CvccCvcvCvccno"}},
    {"medium", {"CvcnoCvc", "CvcCvcno"}},
    {"short", {"Cvcn"}},
    {"basic", {"aaanaaan", "aannaaan", "aaannaaa"}},
    {"pin", {"nnnn"}},
};

static const char *pw_chars(char t)
{
    switch (t) {
    case 'V': return "AEIOU";
    case 'C': return "BCDFGHJKLMNPQRSTVWXYZ";
    case 'v': return "aeiou";
    case 'c': return "bcdfghjklmnpqrstvwxyz";
    case 'A': return "AEIOUBCDFGHJKLMNPQRSTVWXYZ";
    case 'a': return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
    case 'n': return "0123456789";
    case 'o': return "@&%?,=[]_:-+*$#!'^~;()/.";
    default: return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()";
    }
}

static void be32(Buf *b, uint32_t v)
{
    unsigned char t[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    buf_add(b, t, 4);
}

static int fn_derivePassword(FnCall *c, int argc, Value *argv, Value *out)
{
    /* the VM converted to uint32 ('U'); checked again for direct calls */
    if (argv[0].kind != V_INT || argv[0].u.i < 0 || argv[0].u.i > UINT32_MAX)
        return fn_error(c, "wrong type for value; expected uint32; got %s", val_typename(argv[0]));
    for (int i = 1; i < 5; i++)
        if (arg_str(c, argv[i])) return -1;
    uint32_t counter = (uint32_t)argv[0].u.i;
    const Str *type = argv[1].u.s, *pw = argv[2].u.s, *user = argv[3].u.s, *site = argv[4].u.s;
    const PwType *pt = NULL;
    for (size_t i = 0; i < sizeof pw_types / sizeof *pw_types; i++)
        if (strlen(pw_types[i].name) == type->len && memcmp(pw_types[i].name, type->s, type->len) == 0)
            pt = &pw_types[i];
    if (!pt) {
        *out = val_cstr(fn_arena(c), arena_printf(fn_arena(c), "cannot find password template %s", type->s));
        return 0;
    }
    const CryptoLib *L = need_lib(c);
    if (!L) return -1;
    static const char seed[] = "com.lyndir.masterpassword";
    Buf salt = BUF_INIT;
    buf_adds(&salt, seed);
    be32(&salt, user->len);
    buf_add(&salt, user->s, user->len);
    unsigned char key[64];
    int ok = L->EVP_PBE_scrypt(pw->s, pw->len, (const unsigned char *)salt.data, salt.len, 32768, 8, 2,
                            64ull * 1024 * 1024, key, sizeof key);
    buf_free(&salt);
    if (!ok) return fn_error(c, "failed to derive password: scrypt failed");
    Buf msg = BUF_INIT;
    buf_adds(&msg, seed);
    be32(&msg, site->len);
    buf_add(&msg, site->s, site->len);
    be32(&msg, counter);
    unsigned char mac[32];
    unsigned ml = 0;
    L->HMAC(L->EVP_sha256(), key, sizeof key, (const unsigned char *)msg.data, msg.len, mac, &ml);
    buf_free(&msg);
    size_t nt = 0;
    while (nt < 21 && pt->templates[nt]) nt++;
    const char *tmpl = pt->templates[mac[0] % nt];
    char res[32];
    size_t k = 0;
    for (; tmpl[k] && k + 1 < sizeof res; k++) {
        const char *set = pw_chars(tmpl[k]);
        res[k] = set[mac[k + 1] % strlen(set)];
    }
    *out = val_strn(fn_arena(c), res, k);
    return 0;
}

/* ---- bcrypt / htpasswd -------------------------------------------------- */

typedef char *(*crypt_rn_fn)(const char *, const char *, void *, int);
typedef char *(*gensalt_rn_fn)(const char *, unsigned long, const char *, int, char *, int);

/* bcrypt.GenerateFromPassword(p, 10); false with the Go error text. */
static bool bcrypt_hash(const Str *p, Buf *out)
{
    if (p->len > 72) {
        buf_adds(out, "bcrypt: password length exceeds 72 bytes");
        return false;
    }
    void *h = dlopen("libcrypt.so.1", RTLD_NOW | RTLD_LOCAL);
    crypt_rn_fn crn = h ? (crypt_rn_fn)(uintptr_t)dlsym(h, "crypt_rn") : NULL;
    gensalt_rn_fn gs = h ? (gensalt_rn_fn)(uintptr_t)dlsym(h, "crypt_gensalt_rn") : NULL;
    bool ok = false;
    if (crn && gs) {
        char rnd[16], setting[64];
        struct crypt_data *cd = calloc(1, sizeof *cd);
        if (cd && digest_random(rnd, 16) &&
            gs("$2a$", 10, rnd, 16, setting, sizeof setting)) {
            char *pw = malloc(p->len + 1);
            if (pw) {
                memcpy(pw, p->s, p->len);
                pw[p->len] = 0;
                const char *r = crn(pw, setting, cd, (int)sizeof *cd);
                if (r && r[0] == '$') {
                    buf_adds(out, r);
                    ok = true;
                }
                free(pw);
            }
        }
        free(cd);
    }
    if (h) dlclose(h);
    if (!ok) buf_adds(out, "bcrypt: libcrypt with bcrypt support is not available");
    return ok;
}

static int fn_bcrypt(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    if (!bcrypt_hash(argv[0].u.s, &b)) {
        Buf m = BUF_INIT;
        buf_adds(&m, "failed to encrypt string with bcrypt: ");
        buf_add(&m, b.data, b.len);
        buf_free(&b);
        b = m;
    }
    *out = val_strn(fn_arena(c), b.data, b.len);
    buf_free(&b);
    return 0;
}

static int fn_htpasswd(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *u = argv[0].u.s;
    Buf b = BUF_INIT;
    if (memchr(u->s, ':', u->len)) {
        buf_adds(&b, "invalid username: ");
        buf_add(&b, u->s, u->len);
    } else {
        buf_add(&b, u->s, u->len);
        buf_addc(&b, ':');
        Buf h = BUF_INIT;
        if (!bcrypt_hash(argv[1].u.s, &h)) buf_adds(&b, "failed to encrypt string with bcrypt: ");
        buf_add(&b, h.data, h.len);
        buf_free(&h);
    }
    *out = val_strn(fn_arena(c), b.data, b.len);
    buf_free(&b);
    return 0;
}

/* ---- keys --------------------------------------------------------------- */

static EVP_PKEY *gen_key(const CryptoLib *L, const char *type)
{
    EVP_PKEY *k = NULL;
    if (strcmp(type, "rsa") == 0) k = L->EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096);
    else if (strcmp(type, "rsa2048") == 0) k = L->EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    else if (strcmp(type, "ecdsa") == 0) k = L->EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    else if (strcmp(type, "ed25519") == 0) k = L->EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    else if (strcmp(type, "dsa") == 0) {
        /* dsa.GenerateParameters(L2048N256) then a key */
        EVP_PKEY_CTX *pc = L->EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
        EVP_PKEY *params = NULL;
        if (pc && L->EVP_PKEY_paramgen_init(pc) > 0 && L->EVP_PKEY_CTX_set_dsa_paramgen_bits(pc, 2048) > 0 &&
            L->EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pc, 256) > 0 && L->EVP_PKEY_paramgen(pc, &params) > 0) {
            EVP_PKEY_CTX *kc = L->EVP_PKEY_CTX_new(params, NULL);
            if (kc && L->EVP_PKEY_keygen_init(kc) > 0) L->EVP_PKEY_keygen(kc, &k);
            L->EVP_PKEY_CTX_free(kc);
        }
        L->EVP_PKEY_free(params);
        L->EVP_PKEY_CTX_free(pc);
    }
    return k;
}

/* Go's pemBlockForKey: PKCS#1 / SEC1 / DSA "traditional" forms, PKCS#8
 * for ed25519. */
static bool key_pem(const CryptoLib *L, EVP_PKEY *k, Buf *out)
{
    BIO *bio = L->BIO_new(L->BIO_s_mem());
    if (!bio) return false;
    int ok = L->EVP_PKEY_get_id(k) == EVP_PKEY_ED25519
                 ? L->PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL)
                 : L->PEM_write_bio_PrivateKey_traditional(bio, k, NULL, NULL, 0, NULL, NULL);
    char *p;
    long n = L->BIO_ctrl(bio, BIO_CTRL_INFO, 0, (char *)&p);
    if (ok && n > 0) buf_add(out, p, (size_t)n);
    L->BIO_free(bio);
    return ok && n > 0;
}

static int fn_genPrivateKey(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *t = argv[0].u.s->s;
    if (!*t) t = "rsa";   /* Sprig: case "", "rsa" */
    if (strcmp(t, "rsa") && strcmp(t, "dsa") && strcmp(t, "ecdsa") && strcmp(t, "ed25519")) {
        *out = val_cstr(fn_arena(c), arena_printf(fn_arena(c), "Unknown type %s", t));
        return 0;
    }
    const CryptoLib *L = need_lib(c);
    if (!L) return -1;
    EVP_PKEY *k = gen_key(L, t);
    Buf b = BUF_INIT;
    bool ok = k && key_pem(L, k, &b);
    L->EVP_PKEY_free(k);
    if (!ok) { buf_free(&b); return fn_error(c, "failed to generate private key"); }
    *out = val_strn(fn_arena(c), b.data, b.len);
    buf_free(&b);
    return 0;
}

/* parsePrivateKeyPEM with Sprig's error texts; NULL and err set on failure. */
static EVP_PKEY *parse_key_pem(const CryptoLib *L, const Str *pem, Buf *err)
{
    const char *beg = strstr(pem->s, "-----BEGIN ");
    const char *tend = beg ? strstr(beg + 11, "-----") : NULL;
    if (!beg || !tend || !strstr(tend, "-----END ")) {
        buf_adds(err, "no PEM data in input");
        return NULL;
    }
    size_t tl = (size_t)(tend - beg - 11);
    const char *type = beg + 11;
    bool pkcs8 = tl == 11 && memcmp(type, "PRIVATE KEY", 11) == 0;
    if (!pkcs8 && (tl < 12 || memcmp(type + tl - 12, " PRIVATE KEY", 12) != 0)) {
        buf_printf(err, "no private key data in PEM block of type %.*s", (int)tl, type);
        return NULL;
    }
    const char *kind = pkcs8 ? "PKCS#8" : NULL;
    if (!pkcs8) {
        size_t kl = tl - 12;
        if (kl == 3 && memcmp(type, "RSA", 3) == 0) kind = "RSA";
        else if (kl == 2 && memcmp(type, "EC", 2) == 0) kind = "EC";
        else if (kl == 3 && memcmp(type, "DSA", 3) == 0) kind = "DSA";
        else {
            buf_printf(err, "invalid private key type %.*s", (int)tl, type);
            return NULL;
        }
    }
    BIO *bio = L->BIO_new_mem_buf(beg, (int)(pem->len - (size_t)(beg - pem->s)));
    EVP_PKEY *k = bio ? L->PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    L->BIO_free(bio);
    if (!k) {
        if (pkcs8) buf_adds(err, "decoding PEM as PKCS#8: asn1: structure error");
        else buf_printf(err, "parsing %s private key from PEM: asn1: structure error", kind);
    }
    return k;
}

/* ---- certificates ------------------------------------------------------- */

typedef struct Cert {
    const char *cert, *key;
} Cert;

static int cert_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    const Cert *c = o->data;
    if (strcmp(name->s, "Cert") == 0) *out = val_cstr(a, c->cert);
    else if (strcmp(name->s, "Key") == 0) *out = val_cstr(a, c->key);
    else return 0;
    return 1;
}

static void cert_print(const Obj *o, Buf *b)
{
    const Cert *c = o->data;
    buf_printf(b, "{%s %s}", c->cert, c->key);
}

/* its fields, for fmt's %+v and %#v: sprig.certificate{Cert:"...", Key:"..."} */
static Value cert_fields(Arena *a, const Obj *o)
{
    const Cert *c = o->data;
    Map *m = map_new(a, 2);
    if (!m) return val_nil();
    m->flags |= MAP_STRUCT;
    map_sets(a, m, "Cert", val_cstr(a, c->cert));
    map_sets(a, m, "Key", val_cstr(a, c->key));
    return val_map(m);
}

static const ObjType cert_type = {"sprig.certificate", "struct", cert_get, cert_print,
                                  .go_fields = cert_fields};

static int cert_value(FnCall *c, const Buf *cert, const Buf *key, Value *out)
{
    Arena *a = fn_arena(c);
    Cert *ct = ARENA_NEW(a, Cert);
    Obj *o = ARENA_NEW(a, Obj);
    if (!ct || !o) return fn_error(c, "out of memory");
    ct->cert = arena_strndup(a, cert->data ? cert->data : "", cert->len);
    ct->key = arena_strndup(a, key->data ? key->data : "", key->len);
    if (!ct->cert || !ct->key) return fn_error(c, "out of memory");
    o->type = &cert_type;
    o->data = ct;
    *out = val_obj(o);
    return 0;
}

static bool add_ext(const CryptoLib *L, X509 *x, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    memset(&ctx, 0, sizeof ctx);
    L->X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
    X509_EXTENSION *e = L->X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!e) return false;
    bool ok = L->X509_add_ext(x, e, -1);
    L->X509_EXTENSION_free(e);
    return ok;
}

/* getNetIPs + getAlternateDNSStrs (IPs are checked first, as Sprig does)
 * into an OpenSSL SAN value with DNS names before IPs, the order Go's
 * x509 marshals them in. */
static int san_value(FnCall *c, Value ips, Value dns, Buf *san)
{
    Buf ipb = BUF_INIT;
    if (ips.kind == V_LIST)
        for (uint32_t i = 0; i < ips.u.l->len; i++) {
            Value v = ips.u.l->items[i];
            if (v.kind != V_STR || v.gtype != GT_STRING) {
                Buf t = BUF_INIT;
                fmt_value(&t, v);
                fn_error(c, "error parsing ip: %s is not a string", t.data ? t.data : "");
                buf_free(&t);
                buf_free(&ipb);
                return -1;
            }
            unsigned char bin[16];
            char tmp[64];
            if (v.u.s->len >= sizeof tmp || (memcpy(tmp, v.u.s->s, v.u.s->len + 1),
                                              inet_pton(AF_INET, tmp, bin) != 1 && inet_pton(AF_INET6, tmp, bin) != 1)) {
                buf_free(&ipb);
                return fn_error(c, "error parsing ip: %s", v.u.s->s);
            }
            buf_printf(&ipb, ",IP:%s", tmp);
        }
    if (dns.kind == V_LIST)
        for (uint32_t i = 0; i < dns.u.l->len; i++) {
            Value v = dns.u.l->items[i];
            if (v.kind != V_STR || v.gtype != GT_STRING) {
                Buf t = BUF_INIT;
                fmt_value(&t, v);
                fn_error(c, "error processing alternate dns name: %s is not a string", t.data ? t.data : "");
                buf_free(&t);
                buf_free(&ipb);
                return -1;
            }
            /* OpenSSL's config syntax cannot carry these; Go would accept them */
            if (strpbrk(v.u.s->s, ",\n")) {
                buf_free(&ipb);
                return fn_error(c, "error processing alternate dns name: %s", v.u.s->s);
            }
            buf_printf(san, "%sDNS:%s", san->len ? "," : "", v.u.s->s);
        }
    if (ipb.len) buf_add(san, ipb.data + (san->len ? 0 : 1), ipb.len - (san->len ? 0 : 1));
    buf_free(&ipb);
    return 0;
}

/* Builds and signs a certificate for `key`, issued by issuer/ikey (self
 * when NULL), returning PEM cert and key. */
static bool make_cert(const CryptoLib *L, const char *cn, int64_t days, bool is_ca, const char *san, EVP_PKEY *key,
                      X509 *issuer, EVP_PKEY *ikey, Buf *cert_pem, Buf *key_pem_out)
{
    X509 *x = L->X509_new();
    if (!x) return false;
    bool ok = L->X509_set_version(x, 2);
    unsigned char rnd[16];
    BIGNUM *bn = NULL;
    if (ok && digest_random(rnd, 16) && (bn = L->BN_bin2bn(rnd, 16, NULL))) {
        ASN1_INTEGER *serial = L->BN_to_ASN1_INTEGER(bn, NULL);
        ok = serial && L->X509_set_serialNumber(x, serial);
        L->ASN1_INTEGER_free(serial);
    } else {
        ok = false;
    }
    L->BN_free(bn);
    X509_NAME *name = L->X509_NAME_new();
    ok = ok && name &&
         L->X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0) &&
         L->X509_set_subject_name(x, name) &&
         L->X509_set_issuer_name(x, issuer ? L->X509_get_subject_name(issuer) : name);
    L->X509_NAME_free(name);
    time_t now = time(NULL);
    ok = ok && L->X509_time_adj_ex(L->X509_getm_notBefore(x), 0, 0, &now) &&
         L->X509_time_adj_ex(L->X509_getm_notAfter(x), (int)days, 0, &now) && L->X509_set_pubkey(x, key);
    X509 *iss = issuer ? issuer : x;
    ok = ok && add_ext(L, x, iss, NID_key_usage,
                       is_ca ? "critical,digitalSignature,keyEncipherment,keyCertSign"
                             : "critical,digitalSignature,keyEncipherment");
    ok = ok && add_ext(L, x, iss, NID_ext_key_usage, "serverAuth,clientAuth");
    ok = ok && add_ext(L, x, iss, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    if (is_ca) ok = ok && add_ext(L, x, iss, NID_subject_key_identifier, "hash");
    if (issuer && L->X509_get_ext_by_NID(issuer, NID_subject_key_identifier, -1) >= 0)
        ok = ok && add_ext(L, x, iss, NID_authority_key_identifier, "keyid:always");
    if (san && *san) ok = ok && add_ext(L, x, iss, NID_subject_alt_name, san);
    EVP_PKEY *sk = ikey ? ikey : key;
    int kid = L->EVP_PKEY_get_id(sk);
    const EVP_MD *md = kid == EVP_PKEY_ED25519 ? NULL : L->EVP_sha256();
    ok = ok && L->X509_sign(x, sk, md) > 0;
    if (ok) {
        BIO *bio = L->BIO_new(L->BIO_s_mem());
        char *p;
        ok = bio && L->PEM_write_bio_X509(bio, x);
        long n = ok ? L->BIO_ctrl(bio, BIO_CTRL_INFO, 0, (char *)&p) : 0;
        if (n > 0) buf_add(cert_pem, p, (size_t)n);
        L->BIO_free(bio);
        ok = ok && n > 0 && key_pem(L, key, key_pem_out);
    }
    L->X509_free(x);
    return ok;
}

static X509 *parse_cert_pem(const CryptoLib *L, const char *s, size_t n)
{
    BIO *bio = L->BIO_new_mem_buf(s, (int)n);
    X509 *x = bio ? L->PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    L->BIO_free(bio);
    return x;
}

/* The VM converts arguments per sig (including 'C', sprig.certificate);
 * these re-checks keep the functions safe when called directly. */
static int arg_str(FnCall *c, Value v)
{
    if (v.kind == V_STR && v.gtype == GT_STRING) return 0;
    return fn_error(c, "wrong type for value; expected string; got %s", val_typename(v));
}

static int arg_int(FnCall *c, Value v, int64_t *out)
{
    if (v.kind == V_INT) { *out = v.u.i; return 0; }
    return fn_error(c, "wrong type for value; expected int; got %s", val_typename(v));
}

static int arg_list(FnCall *c, Value v)
{
    if (v.kind == V_NIL || (v.kind == V_LIST && v.gtype == GT_LIST_IFACE)) return 0;
    return fn_error(c, "wrong type for value; expected []interface {}; got %s", val_typename(v));
}

static int check_argc(FnCall *c, int argc, int want)
{
    if (argc == want) return 0;
    return fn_error(c, "wrong number of args for %s: want %d got %d", fn_name(c), want, argc);
}

static EVP_PKEY *key_arg(const CryptoLib *L, FnCall *c, const Str *pem)
{
    Buf err = BUF_INIT;
    EVP_PKEY *k = parse_key_pem(L, pem, &err);
    if (!k) fn_error(c, "parsing private key: %s", err.data ? err.data : "");
    buf_free(&err);
    return k;
}

static int gen_cert(const CryptoLib *L, FnCall *c, const char *cn, int64_t days, bool is_ca, const char *san,
                    EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey, Value *out)
{
    Buf cp = BUF_INIT, kp = BUF_INIT;
    bool ok = make_cert(L, cn, days, is_ca, san, key, issuer, ikey, &cp, &kp);
    int r = ok ? cert_value(c, &cp, &kp, out) : fn_error(c, "error creating certificate");
    buf_free(&cp);
    buf_free(&kp);
    return r;
}

/* genCA(cn, days) / genCAWithKey(cn, days, key) */
static int ca_common(FnCall *c, int argc, Value *argv, Value *out, bool with_key)
{
    int64_t days = 0;
    if (check_argc(c, argc, with_key ? 3 : 2) || arg_str(c, argv[0]) || arg_int(c, argv[1], &days) ||
        (with_key && arg_str(c, argv[2])))
        return -1;
    const CryptoLib *L = need_lib(c);
    if (!L) return -1;
    EVP_PKEY *k = with_key ? key_arg(L, c, argv[2].u.s) : gen_key(L, "rsa2048");
    if (!k) return with_key ? -1 : fn_error(c, "error generating rsa key");
    int r = gen_cert(L, c, argv[0].u.s->s, days, true, NULL, k, NULL, NULL, out);
    L->EVP_PKEY_free(k);
    return r;
}

static int fn_genCA(FnCall *c, int argc, Value *argv, Value *out) { return ca_common(c, argc, argv, out, false); }
static int fn_genCAWithKey(FnCall *c, int argc, Value *argv, Value *out) { return ca_common(c, argc, argv, out, true); }

/* (cn string, ips, dns []interface{}, days int, [ca], [key string]) */
static int cert_args(FnCall *c, int argc, Value *argv, int extra, bool with_key, int64_t *days)
{
    int n = 4 + extra + (with_key ? 1 : 0);
    return check_argc(c, argc, n) || arg_str(c, argv[0]) || arg_list(c, argv[1]) ||
                   arg_list(c, argv[2]) || arg_int(c, argv[3], days) || (with_key && arg_str(c, argv[n - 1]))
               ? -1 : 0;
}

/* genSelfSignedCert(cn, ips, dns, days), genSignedCert(..., ca) and
 * their ...WithKey(..., key) forms */
static int leaf_common(FnCall *c, int argc, Value *argv, Value *out, bool is_signed, bool with_key)
{
    int64_t days = 0;
    if (cert_args(c, argc, argv, is_signed, with_key, &days)) return -1;
    if (is_signed && (argv[4].kind != V_OBJ || argv[4].u.o->type != &cert_type))
        return fn_error(c, "wrong type for value; expected sprig.certificate; got %s", val_typename(argv[4]));
    const CryptoLib *L = need_lib(c);
    if (!L) return -1;
    Buf san = BUF_INIT;
    if (san_value(c, argv[1], argv[2], &san)) { buf_free(&san); return -1; }
    EVP_PKEY *k = with_key ? key_arg(L, c, argv[argc - 1].u.s) : gen_key(L, "rsa2048");
    if (!k) { buf_free(&san); return with_key ? -1 : fn_error(c, "error generating rsa key"); }
    int r = -1;
    X509 *issuer = NULL;
    EVP_PKEY *ikey = NULL;
    const Cert *ca = is_signed ? argv[4].u.o->data : NULL;
    if (!ca) {
        r = gen_cert(L, c, argv[0].u.s->s, days, false, san.data, k, NULL, NULL, out);
    } else if (!strstr(ca->cert, "-----BEGIN")) {
        r = fn_error(c, "unable to decode certificate");
    } else if (!(issuer = parse_cert_pem(L, ca->cert, strlen(ca->cert)))) {
        r = fn_error(c, "error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate");
    } else if (!strstr(ca->key, "-----BEGIN")) {
        r = fn_error(c, "unable to decode key");
    } else {
        Str *ks = str_cstr(fn_arena(c), ca->key);
        Buf err = BUF_INIT;
        ikey = ks ? parse_key_pem(L, ks, &err) : NULL;
        if (!ikey) r = fn_error(c, "error parsing signer key: %s", err.data ? err.data : "");
        else r = gen_cert(L, c, argv[0].u.s->s, days, false, san.data, k, issuer, ikey, out);
        buf_free(&err);
    }
    L->X509_free(issuer);
    L->EVP_PKEY_free(ikey);
    L->EVP_PKEY_free(k);
    buf_free(&san);
    return r;
}

static int fn_genSelfSignedCert(FnCall *c, int argc, Value *argv, Value *out)
{
    return leaf_common(c, argc, argv, out, false, false);
}

static int fn_genSelfSignedCertWithKey(FnCall *c, int argc, Value *argv, Value *out)
{
    return leaf_common(c, argc, argv, out, false, true);
}

static int fn_genSignedCert(FnCall *c, int argc, Value *argv, Value *out)
{
    return leaf_common(c, argc, argv, out, true, false);
}

static int fn_genSignedCertWithKey(FnCall *c, int argc, Value *argv, Value *out)
{
    return leaf_common(c, argc, argv, out, true, true);
}

static int fn_buildCustomCert(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *cb = argv[0].u.s, *kb = argv[1].u.s;
    const CryptoLib *L = need_lib(c);
    if (!L) return -1;
    Arena *a = fn_arena(c);
    unsigned char *cert, *key;
    long bad, cn = unb64(a, cb, &cert, &bad);
    if (cn == -2) return fn_error(c, "out of memory");
    if (cn < 0) return fn_error(c, "unable to decode base64 certificate");
    long kn = unb64(a, kb, &key, &bad);
    if (kn == -2) return fn_error(c, "out of memory");
    if (kn < 0) return fn_error(c, "unable to decode base64 private key");
    if (!strstr((char *)cert, "-----BEGIN")) return fn_error(c, "unable to decode certificate");
    X509 *x = parse_cert_pem(L, (const char *)cert, (size_t)cn);
    if (!x) return fn_error(c, "error parsing certificate: decodedCert.Bytes: x509: malformed certificate");
    L->X509_free(x);
    Str *ks = str_new(a, (const char *)key, (size_t)kn);
    Buf err = BUF_INIT;
    EVP_PKEY *k = ks ? parse_key_pem(L, ks, &err) : NULL;
    if (!k) {
        fn_error(c, "error parsing private key: %s", err.data ? err.data : "");
        buf_free(&err);
        return -1;
    }
    L->EVP_PKEY_free(k);
    buf_free(&err);
    Buf cbuf = BUF_INIT, kbuf = BUF_INIT;
    buf_add(&cbuf, cert, (size_t)cn);
    buf_add(&kbuf, key, (size_t)kn);
    int r = cert_value(c, &cbuf, &kbuf, out);
    buf_free(&cbuf);
    buf_free(&kbuf);
    return r;
}

const FnDef fn_crypto_table[] = {
    {"bcrypt", fn_bcrypt, "s", FN_IMPURE},
    {"buildCustomCert", fn_buildCustomCert, "ss", 0},
    {"decryptAES", fn_decryptAES, "ss", 0},
    {"derivePassword", fn_derivePassword, "Ussss", 0},
    {"encryptAES", fn_encryptAES, "ss", FN_IMPURE},
    {"genCA", fn_genCA, "si", FN_IMPURE},
    {"genCAWithKey", fn_genCAWithKey, "sis", FN_IMPURE},
    {"genPrivateKey", fn_genPrivateKey, "s", FN_IMPURE},
    {"genSelfSignedCert", fn_genSelfSignedCert, "sLLi", FN_IMPURE},
    {"genSelfSignedCertWithKey", fn_genSelfSignedCertWithKey, "sLLis", FN_IMPURE},
    {"genSignedCert", fn_genSignedCert, "sLLiC", FN_IMPURE},
    {"genSignedCertWithKey", fn_genSignedCertWithKey, "sLLiCs", FN_IMPURE},
    {"htpasswd", fn_htpasswd, "ss", FN_IMPURE},
};
const size_t fn_crypto_count = sizeof fn_crypto_table / sizeof fn_crypto_table[0];
