/*
 * cryptolib.h - OpenSSL's libcrypto, loaded on first use.
 *
 * libcrypto.so.3 linked in costs every run about 1.5 MB of RSS and 17,000
 * relocations before main(), yet only crypto.c's certificate, key, AES and
 * derivePassword functions and --verify's OpenPGP signatures (src/fetch/pgp.c) need it
 * (hashes and random bytes: digest.h).  It is dlopen'ed the first time
 * one of them runs (pthread_once: renders may run on several threads) and
 * its functions are called through this table.  The member types come from
 * OpenSSL's own declarations, so a mismatch is a compile error.
 */
#ifndef CHARTC_CRYPTOLIB_H
#define CHARTC_CRYPTOLIB_H

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/dsa.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CRYPTOLIB_FUNCS(X) \
    X(ASN1_INTEGER_free) X(BIO_ctrl) X(BIO_free) X(BIO_new) X(BIO_new_mem_buf) X(BIO_s_mem) \
    X(BN_bin2bn) X(BN_free) X(BN_to_ASN1_INTEGER) \
    X(EVP_CIPHER_CTX_free) X(EVP_CIPHER_CTX_new) X(EVP_CIPHER_CTX_set_padding) \
    X(EVP_DecryptInit_ex) X(EVP_DecryptUpdate) X(EVP_EncryptFinal_ex) X(EVP_EncryptInit_ex) \
    X(EVP_EncryptUpdate) X(EVP_PBE_scrypt) X(EVP_PKEY_CTX_free) X(EVP_PKEY_CTX_new) \
    X(EVP_PKEY_CTX_new_from_name) X(EVP_PKEY_CTX_set_dsa_paramgen_bits) \
    X(EVP_PKEY_CTX_set_dsa_paramgen_q_bits) X(EVP_PKEY_Q_keygen) X(EVP_PKEY_free) \
    X(EVP_PKEY_get_id) X(EVP_PKEY_keygen) X(EVP_PKEY_keygen_init) X(EVP_PKEY_paramgen) \
    X(EVP_PKEY_paramgen_init) X(EVP_aes_256_cbc) X(EVP_sha256) X(HMAC) \
    X(PEM_read_bio_PrivateKey) X(PEM_read_bio_X509) X(PEM_write_bio_PrivateKey) \
    X(PEM_write_bio_PrivateKey_traditional) X(PEM_write_bio_X509) \
    X(X509V3_EXT_conf_nid) X(X509V3_set_ctx) X(X509_EXTENSION_free) X(X509_NAME_add_entry_by_txt) \
    X(X509_NAME_free) X(X509_NAME_new) X(X509_add_ext) X(X509_free) X(X509_get_ext_by_NID) \
    X(X509_get_subject_name) X(X509_getm_notAfter) X(X509_getm_notBefore) X(X509_new) \
    X(X509_set_issuer_name) X(X509_set_pubkey) X(X509_set_serialNumber) X(X509_set_subject_name) \
    X(X509_set_version) X(X509_sign) X(X509_time_adj_ex) \
    X(EVP_Digest) X(EVP_sha1) X(EVP_sha224) X(EVP_sha384) X(EVP_sha512) \
    X(RSA_new) X(RSA_free) X(RSA_set0_key) X(RSA_verify) \
    X(EVP_PKEY_new_raw_public_key) X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) X(EVP_DigestVerifyInit) \
    X(EVP_DigestVerify) X(EC_KEY_new_by_curve_name) X(EC_KEY_oct2key) X(EC_KEY_free) X(ECDSA_SIG_new) \
    X(ECDSA_SIG_set0) X(ECDSA_SIG_free) X(ECDSA_do_verify) X(DSA_new) X(DSA_free) X(DSA_set0_pqg) X(DSA_set0_key) \
    X(DSA_SIG_new) X(DSA_SIG_free) X(DSA_SIG_set0) X(DSA_do_verify)

typedef struct CryptoLib {
#define CRYPTOLIB_MEMBER(f) __typeof__(f) *f;
    CRYPTOLIB_FUNCS(CRYPTOLIB_MEMBER)
#undef CRYPTOLIB_MEMBER
} CryptoLib;

/* The loaded table, or NULL when libcrypto.so.3 (or one of its functions)
 * is not there; the answer is the same for the whole process. */
const CryptoLib *cryptolib_get(void);

#endif
