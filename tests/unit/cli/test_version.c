/*
 * test_version.c - `chartc version` where chartc keeps its own identity.
 * helm's flags and errors are covered by testdata/template/version.cases
 * (reference output); what helm cannot give - chartc's values in helm's
 * BuildInfo fields - is checked here against their definitions: Version is
 * "v" + meson's project version, GitCommit/GitTreeState/GoVersion are
 * empty, KubeClientVersion is "v1.35", helm v4.1.4's.
 */
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

extern char **environ;

/* Run chartc with args; its stdout into out (NUL-terminated), exit code returned */
static int run(char *out, size_t cap, const char *const *args)
{
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)CHARTC_BIN;
    for (; *args && n < 15; args++) argv[n++] = (char *)*args;
    argv[n] = NULL;
    int fd[2];
    if (pipe(fd)) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, CHARTC_BIN, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    size_t len = 0;
    ssize_t k;
    while (len + 1 < cap && (k = read(fd[0], out + len, cap - 1 - len)) > 0) len += (size_t)k;
    out[len] = '\0';
    close(fd[0]);
    if (rc) return -1;
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
}

#define RUN(...) run(out, sizeof out, (const char *const[]){__VA_ARGS__, NULL})

int main(void)
{
    char out[8192];
    const char *v = "v" PROJECT_VERSION;
    char want[256];

    CHECK_INT(RUN("version"), 0);
    CHECK_STR(out, "chartc " PROJECT_VERSION "\n");
    CHECK_INT(RUN("version", "--short=false"), 0);
    CHECK_STR(out, "chartc " PROJECT_VERSION "\n");
    CHECK_INT(RUN("--debug", "version", "--template="), 0);
    CHECK_STR(out, "chartc " PROJECT_VERSION "\n");

    /* no commit is recorded, so no +g<commit> suffix (helm's formatVersion) */
    snprintf(want, sizeof want, "%s\n", v);
    CHECK_INT(RUN("version", "--short"), 0);
    CHECK_STR(out, want);
    CHECK_INT(RUN("-n", "x", "version", "--short", "--template="), 0);
    CHECK_STR(out, want);
    CHECK_INT(RUN("version", "--short=1"), 0);
    CHECK_STR(out, want);

    CHECK_INT(RUN("version", "--template", "{{.Version}}"), 0);
    CHECK_STR(out, v);
    CHECK_INT(RUN("version", "--short", "--template={{.Version}}!"), 0);
    snprintf(want, sizeof want, "%s!", v);
    CHECK_STR(out, want);
    CHECK_INT(RUN("version", "--template", "[{{.GitCommit}}|{{.GitTreeState}}|{{.GoVersion}}|{{.KubeClientVersion}}]"), 0);
    CHECK_STR(out, "[|||v1.35]");
    /* fmt's %v, %+v and %#v of the struct */
    CHECK_INT(RUN("version", "--template", "{{.}}"), 0);
    snprintf(want, sizeof want, "{%s    v1.35}", v);
    CHECK_STR(out, want);
    CHECK_INT(RUN("version", "--template", "{{printf \"%+v\" .}}"), 0);
    snprintf(want, sizeof want, "{Version:%s GitCommit: GitTreeState: GoVersion: KubeClientVersion:v1.35}", v);
    CHECK_STR(out, want);
    CHECK_INT(RUN("version", "--template", "{{printf \"%#v\" .}}"), 0);
    snprintf(want, sizeof want,
             "version.BuildInfo{Version:\"%s\", GitCommit:\"\", GitTreeState:\"\", GoVersion:\"\", "
             "KubeClientVersion:\"v1.35\"}", v);
    CHECK_STR(out, want);

    /* --help documents every field */
    CHECK_INT(RUN("version", "--help"), 0);
    const char *fields[] = {".Version", ".GitCommit", ".GitTreeState", ".GoVersion", ".KubeClientVersion", "--short",
                            "--template"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) CHECK(strstr(out, fields[i]) != NULL);
    CHECK(strstr(out, v) != NULL);
    return CHECK_DONE();
}
