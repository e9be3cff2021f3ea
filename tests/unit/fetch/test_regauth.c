/*
 * test_regauth.c - the registry config file as helm reads it when it
 * starts (src/fetch/regauth.c): what fails, and the exact line helm's main
 * prints for it.  Expected texts come from the reference helm.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fetch/fetch.h"

static char path[] = "/tmp/chartc-regconf-XXXXXX";

static const char *check_text(const char *content)
{
    static char out[1024];
    FILE *f = fopen(path, "w");
    fputs(content, f);
    fclose(f);
    Buf e = BUF_INIT;
    int rc = fetch_registry_config_check(path, &e);
    snprintf(out, sizeof out, "%d %s", rc, e.data ? e.data : "");
    buf_free(&e);
    return out;
}

int main(void)
{
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return CHECK_DONE();
    close(fd);
    char want[1024];
    CHECK_STR(check_text("{\"auths\":{}}"), "0 ");
    CHECK_STR(check_text("null"), "0 ");
    snprintf(want, sizeof want,
             "-1 failed to decode config file at %s: invalid config format: invalid character 'g' looking for "
             "beginning of value", path);
    CHECK_STR(check_text("garbage"), want);
    snprintf(want, sizeof want,
             "-1 failed to decode config file at %s: invalid config format: json: cannot unmarshal array into Go "
             "value of type map[string]json.RawMessage", path);
    CHECK_STR(check_text("[]"), want);
    /* a missing file is an empty config */
    Buf e = BUF_INIT;
    CHECK_INT(fetch_registry_config_check("/nonexistent/config.json", &e), 0);
    buf_free(&e);
    /* helm's main: one slog line, exit code 1 */
    check_text("garbage");
    char *argv[] = {"chartc", "template", "x", "--registry-config", path, NULL};
    char buf[2048] = "";
    FILE *out = fmemopen(buf, sizeof buf, "w");
    CHECK_INT(fetch_registry_startup_check(5, argv, out), 1);
    fclose(out);
    snprintf(want, sizeof want,
             "level=WARN msg=\"command failed\" error=\"failed to decode config file at %s: invalid config "
             "format: invalid character 'g' looking for beginning of value\"\n", path);
    CHECK_STR(buf, want);
    char *ok[] = {"chartc", "template", "--registry-config=/nonexistent/x.json", NULL};
    CHECK_INT(fetch_registry_startup_check(3, ok, stderr), 0);
    remove(path);
    return CHECK_DONE();
}
