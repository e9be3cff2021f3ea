/* fetch_int.h - shared between the files of src/fetch only. */
#ifndef CHARTC_FETCH_INT_H
#define CHARTC_FETCH_INT_H

#include "fetch.h"

/* One connection: a socket, and a TLS session over it for https. */
typedef struct FConn {
    int fd;
    void *ssl;         /* SSL *, NULL for plain http */
    void *ctx;         /* SSL_CTX * */
    void *outer;       /* SSL * to an https proxy that ssl runs inside, or NULL */
    void *outer_ctx;
    const struct FTls *lib;
    char addrs[128];   /* "LOCAL->REMOTE" as Go's net errors name the connection */
} FConn;

/* tls.c: TLS over c->fd as helm's getter sets it up (system roots, or
 * only --ca-file's; client certificate; verification off with
 * insecure).  `host` has no port and no brackets.  -1 with Go's text
 * ("tls: failed to verify certificate: x509: certificate signed by
 * unknown authority"). */
int ftls_start(FConn *c, const FetchReq *r, const char *host, Buf *err);
/* The TLS session c->ssl (to an https proxy, after CONNECT) becomes the
 * carrier of a new session to `host`. */
int ftls_start_inner(FConn *c, const FetchReq *r, const char *host, Buf *err);
/* >0 bytes, 0 at the end, -1 with *err set */
long ftls_read(FConn *c, char *p, size_t n, Buf *err);
int ftls_write(FConn *c, const char *p, size_t n, Buf *err);
void ftls_close(FConn *c);

/* http.c: `ref` resolved against URL `base` (Go's URL.Parse on the
 * base), NULL when either does not parse. */
const char *fetch_url_resolve(Arena *a, const char *base, const char *ref);

/* oci.c: the chart archive an oci:// reference names, into *blob, and
 * with `prov` its provenance layer too (1: there is none); *url is
 * helm's name for it ("oci://HOST/REPO:TAG", "oci://HOST/REPO@DIGEST");
 * helm's "Pulled:" and "Digest:" lines into logs.  *key: the content
 * cache key (hex) when the reference fixes it (a tag checked against a
 * digest), else NULL; 2 when that file is already in `cache_root` and
 * nothing was pulled. */
int foci_locate(Arena *a, const FetchOpts *o, const char *ref, const char *version, const char *cache_root,
                Buf *blob, Buf *prov, const char **url, const char **key, Buf *logs, Buf *err);

/* files.c: a whole file into *out (-1 with Go's "open P: ..." / "read P:
 * is a directory", util/goerr.h's texts). */
int ffile_read(const char *path, Buf *out, Buf *err);

/* regauth.c: the credentials for registry `host` ("HOST:PORT"): the
 * flags', else helm's registry config's (its helpers included), else
 * docker's; all "" when there are none.  -1 with the credential store's
 * error ("keychain locked", "failed to decode auth field: ..."), which
 * ORAS prefixes with "failed to resolve credential: " for Basic only. */
typedef struct FCred {
    const char *user, *pass, *refresh, *access;
} FCred;
int freg_credential(Arena *a, const FetchOpts *o, const char *host, FCred *c, Buf *err);
/* A credential helper's answer to `get` ({"ServerURL","Username",
 * "Secret"} as Go decodes it, "<token>" as user: an identity token) into
 * *c; -1 with Go's json error. */
int freg_helper_answer(Arena *a, const char *out, size_t n, FCred *c, Buf *err);

/* oci.c, for the fuzzer: the distribution token URL ORAS asks for a
 * Bearer `challenge` on repository `repo`; the token in a token
 * endpoint's 200 `body` (NULL with ORAS's reason in *why). */
const char *foci_token_url(Arena *a, const char *repo, const char *challenge);
const char *foci_token_answer(Arena *a, const char *body, size_t n, bool oauth2, Buf *why);

/* pgp.c: helm's VerifyChart(path, prov, keyring): the file at `path`,
 * named `shown` in messages, checked against `prov` with `keyring`
 * (NULL: $GNUPGHOME/pubring.gpg or ~/.gnupg/pubring.gpg). */
int fetch_verify_chart(Arena *a, const char *shown, const char *path, const char *prov, const char *keyring, Buf *err);

#endif
