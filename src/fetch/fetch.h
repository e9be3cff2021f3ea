/*
 * fetch.h - charts and values that live on the network, reached the way
 * `helm template` reaches them: `-f https://...` (helm's getters: http and
 * https only), `--repo URL CHART`, `repo/chart` through repositories.yaml
 * and the cached index, and a chart URL given directly.
 *
 * The HTTP/1.1 client (http.c) speaks TLS through OpenSSL's libssl, which
 * is dlopen'ed on the first https request so that runs which fetch
 * nothing do not pay for it.  oci.c pulls from registries (credentials:
 * regauth.c); pgp.c checks --verify's provenance files.  Errors are helm's texts without "Error: "
 * (`Get "URL": dial tcp 127.0.0.1:1: connect: connection refused`,
 * "failed to fetch URL : 404 Not Found").
 */
#ifndef CHARTC_FETCH_H
#define CHARTC_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../util/arena.h"
#include "../util/buf.h"

/* The chart-location flags of `helm template` (helm's ChartPathOptions
 * and the repository settings). */
typedef struct FetchOpts {
    const char *repo;                 /* --repo */
    const char *version;              /* --version */
    const char *username, *password;
    const char *ca_file, *cert_file, *key_file;
    const char *repository_config;    /* --repository-config */
    const char *repository_cache;     /* --repository-cache */
    const char *content_cache;        /* --content-cache */
    const char *keyring;              /* --keyring, NULL: helm's default */
    const char *registry_config;      /* --registry-config */
    bool devel, pass_credentials, insecure, plain_http;
    bool verify;                      /* --verify */
} FetchOpts;

/* One GET (or form POST) as helm's HTTP getter does it. */
typedef struct FetchReq {
    const char *url;
    const char *username, *password;   /* basic auth when either is set */
    const char *ca_file, *cert_file, *key_file;
    const char *accept;                 /* Accept header, NULL: none */
    bool insecure;                      /* --insecure-skip-tls-verify */
    const char *bearer;                 /* "Authorization: Bearer" token */
    const char *form;                   /* a POST of this urlencoded form, NULL: a GET */
} FetchReq;

/* What fetch_do reports besides the body. */
typedef struct FetchStatus {
    int code;                /* the final response's status code */
    char status[128];        /* Go's resp.Status */
    char www_auth[1024];     /* WWW-Authenticate, "" if none */
    char link[2048];         /* Link, "" if none */
} FetchStatus;

/* One GET (redirects followed) whatever the final status: 0 with *st
 * and the body, -1 on a transport error (Go's `Get "URL": ...`). */
int fetch_do(const FetchReq *r, FetchStatus *st, Buf *body, Buf *err);

/* The body of a 200 response (following up to 10 redirects) into *body.
 * -1 with helm's message in *err. */
int fetch_get(const FetchReq *r, Buf *body, Buf *err);

/* helm's readFile for -f: 1 if `path` parses as a URL whose scheme has a
 * getter (http, https), 0 if it is a file path, -1 with url.Parse's error
 * ("parse \"%zz\": invalid URL escape \"%zz\""). */
int fetch_values_url(const char *path, Buf *err);

/* helm's LocateChart: the local path helm would load for chart reference
 * `ref` (an existing path as given; a downloaded archive's place in the
 * content cache).  -1 with helm's error ("path \"./x\" not found", "repo
 * x not found", "chart \"y\" not found in URL repository", ...).
 * helm's level=WARN lines (a version constraint that was not an exact
 * match, skipped index entries) go to `logs`.  Strings come from the
 * arena. */
int fetch_locate_chart(Arena *a, const FetchOpts *o, const char *ref, const char **path, Buf *logs, Buf *err);

/* helm reads the registry config (`--registry-config` value `flag`,
 * NULL: $HELM_REGISTRY_CONFIG or the default) when it starts, before any
 * chart is located, and a file it cannot decode fails every command with
 * `level=WARN msg="command failed" error="failed to decode config file at
 * PATH: invalid config format: ..."`.  0, or -1 with that error text.
 * A missing file is no error. */
int fetch_registry_config_check(const char *flag, Buf *err);
/* The same check on a command line (its --registry-config, else the
 * environment's), printing helm's line to `out` (stderr): 1 when the
 * command must stop with exit code 1, as helm's main does. */
int fetch_registry_startup_check(int argc, char **argv, FILE *out);

/* ---- pieces, exposed for the tests and the fuzzer ---------------------- */

/* The DNS server Go's resolver names in "lookup HOST on SERVER: no such
 * host": the first valid nameserver of the resolv.conf at `path`
 * ("10.0.0.53:53", "[fe80::1%eth0]:53"), else Go's default
 * "127.0.0.1:53". */
void fetch_resolv_server(const char *path, char *out, size_t n);

/* A URL as Go's net/url parses the parts chartc needs. */
typedef struct FetchURL {
    char *scheme;      /* lower case, "" if none */
    char *userinfo;    /* NULL if none */
    char *host;        /* "host:port" as written, "" if none */
    char *path;        /* decoded */
    char *rawpath;     /* the escaped path as written */
    char *query;       /* after '?', NULL if none */
    char *fragment;    /* NULL if none */
    bool opaque;       /* "mailto:x" (no '/' after the scheme) */
} FetchURL;

/* url.Parse: 0, or -1 with Go's error text ("parse \"x\": ..."). */
int fetch_url_parse(Arena *a, const char *s, FetchURL *u, Buf *err);
/* URL.String() */
void fetch_url_string(const FetchURL *u, Buf *out);
/* helm's repo.ResolveReferenceURL(base, ref): ref if absolute, else ref
 * resolved against base with a trailing '/' and base's query kept. */
int fetch_resolve_ref(Arena *a, const char *base, const char *ref, const char **out, Buf *err);

/* An HTTP/1.1 response head parsed from the bytes read so far. */
typedef struct FetchResp {
    int code;
    char status[128];        /* Go's resp.Status: "404 Not Found" */
    long long length;        /* Content-Length, -1 if absent */
    bool chunked;
    char location[2048];     /* Location header, "" if none */
    char www_auth[1024];     /* WWW-Authenticate header, "" if none */
    char link[2048];         /* Link header, "" if none */
    size_t head_len;         /* bytes of the head, "\r\n\r\n" included */
} FetchResp;

/* 1 when `n` bytes hold a whole head (parsed into *r), 0 if more bytes
 * are needed, -1 on a malformed head (Go's "malformed HTTP response"
 * texts in *err). */
int fetch_parse_head(const char *data, size_t n, FetchResp *r, Buf *err);

/* A chunked body: decodes data[0..n) into *out; 1 when the last chunk
 * and trailer are complete (*used: bytes consumed), 0 if more bytes are
 * needed, -1 on a malformed chunk. */
int fetch_dechunk(const char *data, size_t n, Buf *out, size_t *used, Buf *err);

/* helm's provenance check of an archive (named `name`, as the .prov
 * lists it) against the clear-signed .prov text with the binary OpenPGP
 * keyring `ring`: 0, or -1 with helm's message ("openpgp: signature made
 * by unknown entity", "sha256 sum does not match for ..."). */
int fetch_pgp_verify(Arena *a, const char *ring, size_t rn, const char *prov, size_t pn, const char *archive,
                     size_t an, const char *name, Buf *err);

#endif
