/*
 * tls.c - https for the fetcher.  libssl is dlopen'ed on the first TLS
 * connection rather than linked: most runs fetch nothing, and mapping
 * libssl (and libcrypto under it) at start-up costs every run memory.  The library's handle is not kept in a
 * global: each connection opens (and closes) its own reference.
 *
 * Errors read as Go's crypto/tls and crypto/x509 word them, which is
 * what helm prints: "tls: failed to verify certificate: x509:
 * certificate signed by unknown authority", "remote error: tls:
 * certificate required" (the alert the server sent), "tls: first record
 * does not look like a TLS handshake" (a plain-http server).
 */
#include "fetch_int.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* The libssl entry points used, resolved by name; the libcrypto ones
 * through libssl's handle, which sees its dependencies, so that neither
 * library is mapped by a run that fetches nothing over https. */
#define FTLS_FUNCS(X) \
    X(const SSL_METHOD *, TLS_client_method, (void)) \
    X(SSL_CTX *, SSL_CTX_new, (const SSL_METHOD *)) \
    X(void, SSL_CTX_free, (SSL_CTX *)) \
    X(long, SSL_CTX_ctrl, (SSL_CTX *, int, long, void *)) \
    X(int, SSL_CTX_set_default_verify_paths, (SSL_CTX *)) \
    X(int, SSL_CTX_load_verify_locations, (SSL_CTX *, const char *, const char *)) \
    X(int, SSL_CTX_use_certificate_chain_file, (SSL_CTX *, const char *)) \
    X(int, SSL_CTX_use_PrivateKey_file, (SSL_CTX *, const char *, int)) \
    X(void, SSL_CTX_set_verify, (SSL_CTX *, int, SSL_verify_cb)) \
    X(SSL *, SSL_new, (SSL_CTX *)) \
    X(void, SSL_free, (SSL *)) \
    X(int, SSL_set_fd, (SSL *, int)) \
    X(long, SSL_ctrl, (SSL *, int, long, void *)) \
    X(int, SSL_connect, (SSL *)) \
    X(int, SSL_read, (SSL *, void *, int)) \
    X(int, SSL_write, (SSL *, const void *, int)) \
    X(int, SSL_get_error, (const SSL *, int)) \
    X(long, SSL_get_verify_result, (const SSL *)) \
    X(X509 *, SSL_get0_peer_certificate, (const SSL *)) \
    X(void *, X509_get_ext_d2i, (const X509 *, int, int *, int *)) \
    X(void, GENERAL_NAMES_free, (GENERAL_NAMES *)) \
    X(int, OPENSSL_sk_num, (const OPENSSL_STACK *)) \
    X(void *, OPENSSL_sk_value, (const OPENSSL_STACK *, int)) \
    X(int, ASN1_STRING_length, (const ASN1_STRING *)) \
    X(const unsigned char *, ASN1_STRING_get0_data, (const ASN1_STRING *)) \
    X(unsigned long, ERR_peek_last_error, (void)) \
    X(unsigned long, ERR_peek_error, (void)) \
    X(void, ERR_clear_error, (void)) \
    X(const char *, ERR_reason_error_string, (unsigned long)) \
    X(int, X509_check_ip_asc, (X509 *, const char *, unsigned int)) \
    X(int, X509_check_host, (X509 *, const char *, size_t, unsigned int, char **)) \
    X(const BIO_METHOD *, BIO_f_ssl, (void)) \
    X(BIO *, BIO_new, (const BIO_METHOD *)) \
    X(long, BIO_ctrl, (BIO *, int, long, void *)) \
    X(void, SSL_set_bio, (SSL *, BIO *, BIO *))

typedef struct FTls {
    void *dl;
#define X(ret, name, args) ret (*name) args;
    FTLS_FUNCS(X)
#undef X
} FTls;

static FTls *lib_open(Buf *err)
{
    void *dl = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        buf_printf(err, "tls: cannot load libssl: %s", dlerror());
        return NULL;
    }
    FTls *t = calloc(1, sizeof *t);
    if (!t) { dlclose(dl); buf_adds(err, "out of memory"); return NULL; }
    t->dl = dl;
#define X(ret, name, args) \
    *(void **)(&t->name) = dlsym(dl, #name); \
    if (!t->name) { buf_adds(err, "tls: libssl lacks " #name); dlclose(dl); free(t); return NULL; }
    FTLS_FUNCS(X)
#undef X
    return t;
}

static const char *alert_name(int a)
{
    static const struct { int code; const char *name; } t[] = {
        {10, "unexpected message"}, {20, "bad record MAC"}, {22, "record overflow"},
        {40, "handshake failure"}, {42, "bad certificate"}, {43, "unsupported certificate"},
        {44, "revoked certificate"}, {45, "expired certificate"}, {46, "unknown certificate"},
        {47, "illegal parameter"}, {48, "unknown certificate authority"}, {49, "access denied"},
        {50, "error decoding message"}, {51, "error decrypting message"},
        {70, "protocol version not supported"}, {71, "insufficient security"}, {80, "internal error"},
        {86, "inappropriate fallback"}, {90, "user canceled"}, {109, "missing extension"},
        {110, "unsupported extension"}, {112, "unrecognized name"}, {115, "unknown PSK identity"},
        {116, "certificate required"}, {120, "no application protocol"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].code == a) return t[i].name;
    return NULL;
}

/* crypto/x509's HostnameError for the peer certificate's SANs. */
static void hostname_error(FConn *c, const char *host, Buf *err)
{
    X509 *cert = c->lib->SSL_get0_peer_certificate(c->ssl);
    bool ip = strchr(host, ':') || strspn(host, "0123456789.") == strlen(host);
    Buf names = BUF_INIT;
    const FTls *t = c->lib;
    GENERAL_NAMES *gens = cert ? t->X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL) : NULL;
    const OPENSSL_STACK *st = (const OPENSSL_STACK *)gens;
    for (int i = 0; gens && i < t->OPENSSL_sk_num(st); i++) {
        const GENERAL_NAME *g = t->OPENSSL_sk_value(st, i);
        if (!ip && g->type == GEN_DNS) {
            buf_printf(&names, "%s%.*s", names.len ? ", " : "", t->ASN1_STRING_length(g->d.dNSName),
                       (const char *)t->ASN1_STRING_get0_data(g->d.dNSName));
        } else if (ip && g->type == GEN_IPADD) {
            const unsigned char *d = t->ASN1_STRING_get0_data(g->d.iPAddress);
            if (t->ASN1_STRING_length(g->d.iPAddress) == 4)
                buf_printf(&names, "%s%u.%u.%u.%u", names.len ? ", " : "", d[0], d[1], d[2], d[3]);
        }
    }
    if (gens) t->GENERAL_NAMES_free(gens);
    buf_adds(err, "tls: failed to verify certificate: x509: ");
    if (names.len) buf_printf(err, "certificate is valid for %s, not %s", names.data, host);
    else if (ip) buf_printf(err, "cannot validate certificate for %s because it doesn't contain any IP SANs", host);
    else buf_printf(err, "certificate is not valid for any names, but wanted to match %s", host);
    buf_free(&names);
}

static void verify_error(FConn *c, const char *host, Buf *err)
{
    long v = c->lib->SSL_get_verify_result(c->ssl);
    switch (v) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        hostname_error(c, host, err);
        return;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
        buf_adds(err, "tls: failed to verify certificate: x509: certificate has expired or is not yet valid");
        return;
    default:
        buf_adds(err, "tls: failed to verify certificate: x509: certificate signed by unknown authority");
    }
}

/* The text for a failed SSL_* call. */
static void ssl_error(FConn *c, int rc, const char *host, Buf *err)
{
    int e = c->lib->SSL_get_error(c->ssl, rc);
    unsigned long code = c->lib->ERR_peek_last_error();
    int reason = ERR_GET_REASON(code);
    c->lib->ERR_clear_error();
    if (e == SSL_ERROR_SSL && reason == SSL_R_CERTIFICATE_VERIFY_FAILED) { verify_error(c, host, err); return; }
    if (e == SSL_ERROR_SSL && reason > SSL_AD_REASON_OFFSET && alert_name(reason - SSL_AD_REASON_OFFSET)) {
        buf_printf(err, "remote error: tls: %s", alert_name(reason - SSL_AD_REASON_OFFSET));
        return;
    }
    if (e == SSL_ERROR_SSL && reason == SSL_R_WRONG_VERSION_NUMBER) {
        buf_adds(err, "tls: first record does not look like a TLS handshake");
        return;
    }
    if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_ZERO_RETURN) { buf_adds(err, "EOF"); return; }
    buf_printf(err, "tls: %s", code ? c->lib->ERR_reason_error_string(code) : "handshake failed");
}

static int accept_all(int ok, X509_STORE_CTX *x)
{
    (void)ok;
    (void)x;
    return 1;
}

static int start(FConn *c, const FetchReq *r, const char *host, SSL *outer, Buf *err);

int ftls_start(FConn *c, const FetchReq *r, const char *host, Buf *err)
{
    FTls *t = lib_open(err);
    if (!t) return -1;
    c->lib = t;
    return start(c, r, host, NULL, err);
}

/* TLS inside the TLS session to an https proxy (after CONNECT): the new
 * session reads and writes through the proxy's, by an SSL filter BIO, as
 * Go's tls.Client over the proxy's tls.Conn does. */
int ftls_start_inner(FConn *c, const FetchReq *r, const char *host, Buf *err)
{
    c->outer = c->ssl;
    c->outer_ctx = c->ctx;
    c->ssl = c->ctx = NULL;
    return start(c, r, host, c->outer, err);
}

static int start(FConn *c, const FetchReq *r, const char *host, SSL *outer, Buf *err)
{
    FTls *t = (FTls *)c->lib;
    SSL_CTX *ctx = t->SSL_CTX_new(t->TLS_client_method());
    if (!ctx) { buf_adds(err, "tls: cannot create context"); return -1; }
    c->ctx = ctx;
    t->SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
    /* helm's tlsutil: with a CA file the pool holds that file's
     * certificates only; else the system roots */
    if (r->ca_file && *r->ca_file) {
        if (t->SSL_CTX_load_verify_locations(ctx, r->ca_file, NULL) != 1) {
            t->ERR_clear_error();
            buf_printf(err, "can't read CA file: %s", r->ca_file);
            return -1;
        }
    } else {
        t->SSL_CTX_set_default_verify_paths(ctx);
    }
    if (r->cert_file && *r->cert_file && r->key_file && *r->key_file) {
        if (t->SSL_CTX_use_certificate_chain_file(ctx, r->cert_file) != 1
            || t->SSL_CTX_use_PrivateKey_file(ctx, r->key_file, SSL_FILETYPE_PEM) != 1) {
            t->ERR_clear_error();
            buf_printf(err, "can't load key pair from cert %s and key %s", r->cert_file, r->key_file);
            return -1;
        }
    }
    /* the handshake always completes; the checks come after it, in Go's
     * order: the name first, then the chain */
    t->SSL_CTX_set_verify(ctx, r->insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, accept_all);
    SSL *ssl = t->SSL_new(ctx);
    if (!ssl) { buf_adds(err, "tls: cannot create session"); return -1; }
    c->ssl = ssl;
    if (outer) {
        BIO *b = t->BIO_new(t->BIO_f_ssl());
        if (!b) { buf_adds(err, "tls: cannot create session"); return -1; }
        t->BIO_ctrl(b, BIO_C_SET_SSL, BIO_NOCLOSE, outer);
        t->SSL_set_bio(ssl, b, b);
    } else {
        t->SSL_set_fd(ssl, c->fd);
    }
    bool ip = strchr(host, ':') || strspn(host, "0123456789.") == strlen(host);
    /* Go sends no SNI for an IP address */
    if (!ip) t->SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)host);
    int rc = t->SSL_connect(ssl);
    if (rc != 1) { ssl_error(c, rc, host, err); return -1; }
    if (r->insecure) return 0;
    X509 *cert = t->SSL_get0_peer_certificate(ssl);
    int named = !cert ? 0
                : ip ? t->X509_check_ip_asc(cert, host, 0)
                     : t->X509_check_host(cert, host, strlen(host),
                                       X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL);
    if (named != 1) { hostname_error(c, host, err); return -1; }
    if (t->SSL_get_verify_result(ssl) != X509_V_OK) { verify_error(c, host, err); return -1; }
    return 0;
}

long ftls_read(FConn *c, char *p, size_t n, Buf *err)
{
    int rc = c->lib->SSL_read(c->ssl, p, n > 1 << 30 ? 1 << 30 : (int)n);
    if (rc > 0) return rc;
    int e = c->lib->SSL_get_error(c->ssl, rc);
    /* a close without close_notify ends the body as Go's reader does */
    if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && c->lib->ERR_peek_error() == 0)) {
        c->lib->ERR_clear_error();
        return 0;
    }
    ssl_error(c, rc, "", err);
    return -1;
}

int ftls_write(FConn *c, const char *p, size_t n, Buf *err)
{
    while (n) {
        int rc = c->lib->SSL_write(c->ssl, p, n > 1 << 30 ? 1 << 30 : (int)n);
        if (rc <= 0) {
            /* a server that refused the handshake (TLS 1.3 finishes it on
             * the client's side first) has sent its alert: Go reports that */
            char b[256];
            int r2 = c->lib->SSL_read(c->ssl, b, sizeof b);
            if (r2 <= 0 && c->lib->SSL_get_error(c->ssl, r2) == SSL_ERROR_SSL) ssl_error(c, r2, "", err);
            else ssl_error(c, rc, "", err);
            return -1;
        }
        p += rc;
        n -= (size_t)rc;
    }
    return 0;
}

void ftls_close(FConn *c)
{
    FTls *t = (FTls *)c->lib;
    if (!t) return;
    if (c->ssl) t->SSL_free(c->ssl);
    if (c->ctx) t->SSL_CTX_free(c->ctx);
    if (c->outer) t->SSL_free(c->outer);
    if (c->outer_ctx) t->SSL_CTX_free(c->outer_ctx);
    dlclose(t->dl);
    free(t);
    c->ssl = c->ctx = c->outer = c->outer_ctx = NULL;
    c->lib = NULL;
}
