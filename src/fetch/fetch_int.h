/* fetch_int.h - shared between the files of src/fetch only. */
#ifndef CHARTC_FETCH_INT_H
#define CHARTC_FETCH_INT_H

#include "fetch.h"

/* One connection: a socket, and a TLS session over it for https. */
typedef struct FConn {
    int fd;
    void *ssl;         /* SSL *, NULL for plain http */
    void *ctx;         /* SSL_CTX * */
    const struct FTls *lib;
} FConn;

/* tls.c: TLS over c->fd as helm's getter sets it up (system roots, or
 * only --ca-file's; client certificate; verification off with
 * insecure).  `host` has no port and no brackets.  -1 with Go's text
 * ("tls: failed to verify certificate: x509: certificate signed by
 * unknown authority"). */
int ftls_start(FConn *c, const FetchReq *r, const char *host, Buf *err);
/* >0 bytes, 0 at the end, -1 with *err set */
long ftls_read(FConn *c, char *p, size_t n, Buf *err);
int ftls_write(FConn *c, const char *p, size_t n, Buf *err);
void ftls_close(FConn *c);

/* oci.c: the chart archive an oci:// reference names, into *blob;
 * helm's "Pulled:" and "Digest:" lines into logs. */
int foci_locate(Arena *a, const FetchOpts *o, const char *ref, const char *version, Buf *blob, Buf *logs,
                Buf *err);

#endif
