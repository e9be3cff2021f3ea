/*
 * test_credhelper.c - docker credential helpers as regauth.c runs them
 * where the remote cases cannot reach: the platform default helper
 * (docker-credential-pass once a `pass` is installed, else
 * docker-credential-secretservice), a relative PATH entry (Go's ErrDot),
 * a helper killed by a signal, Docker Hub's server address.  Texts as the reference helm printed them
 * for the same helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fetch/fetch_int.h"

static char dir[] = "/tmp/chartc-credhelper-XXXXXX";

static void script(const char *name, const char *body)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f) return;
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(p, 0755);
}

static const char *cred(const char *config, const char *host)
{
    static char out[1024];
    Arena a;
    arena_init(&a);
    FetchOpts o = {0};
    o.registry_config = config;
    FCred c;
    Buf e = BUF_INIT;
    int rc = freg_credential(&a, &o, host, &c, &e);
    if (rc) snprintf(out, sizeof out, "error %s", e.data ? e.data : "");
    else snprintf(out, sizeof out, "%s|%s|%s|%s", c.user, c.pass, c.refresh, c.access);
    buf_free(&e);
    arena_free(&a);
    return out;
}

int main(void)
{
    if (!mkdtemp(dir)) { CHECK(0); return CHECK_DONE(); }
    char none[600], store[600], path[700];
    snprintf(none, sizeof none, "%s/none.json", dir);
    snprintf(store, sizeof store, "%s/store.json", dir);
    FILE *f = fopen(store, "w");
    if (f) { fputs("{\"credsStore\":\"killed\"}", f); fclose(f); }
    setenv("HOME", dir, 1);
    unsetenv("DOCKER_CONFIG");
    script("docker-credential-secretservice", "read h; printf '{\"Username\":\"ss\",\"Secret\":\"%s\"}' \"$h\"");
    script("docker-credential-pass", "printf '{\"Username\":\"<token>\",\"Secret\":\"idt\"}'");
    script("docker-credential-killed", "kill -9 $$");
    script("docker-credential-echo", "read h; printf '{\"Username\":\"%s\",\"Secret\":\"x\"}' \"$h\"");
    char echo[600];
    snprintf(echo, sizeof echo, "%s/echo.json", dir);
    f = fopen(echo, "w");
    if (f) { fputs("{\"credsStore\":\"echo\"}", f); fclose(f); }
    snprintf(path, sizeof path, "%s:/usr/bin:/bin", dir);
    setenv("PATH", path, 1);
    /* no auth configured: the default helper, asked twice (helm's config,
     * then docker's) when it has nothing */
    CHECK_STR(cred(none, "reg:5000"), "ss|reg:5000||");
    script("pass", "exit 0");
    CHECK_STR(cred(none, "reg:5000"), "||idt|");
    CHECK_STR(cred(store, "reg:5000"), "error signal: killed");
    /* ORAS's ServerAddressFromHostname: Docker Hub's registry under the old index address */
    CHECK_STR(cred(echo, "registry-1.docker.io"), "https://index.docker.io/v1/|x||");
    CHECK_STR(cred(echo, "docker.io"), "docker.io|x||");
    /* a PATH entry relative to the working directory is refused (Go 1.19) */
    if (chdir(dir) == 0) {
        setenv("PATH", ".:/usr/bin:/bin", 1);
        CHECK_STR(cred(store, "reg:5000"),
                  "error exec: \"docker-credential-killed\": cannot run executable found relative to current "
                  "directory");
        /* ...and no default helper is found there */
        CHECK_STR(cred(none, "reg:5000"), "|||");
    }
    setenv("PATH", "/nonexistent", 1);
    CHECK_STR(cred(store, "reg:5000"), "error exec: \"docker-credential-killed\": executable file not found in $PATH");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    setenv("PATH", "/usr/bin:/bin", 1);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
