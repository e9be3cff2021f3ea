/*
 * regauth.c - the registry credentials helm's OCI client uses: the
 * --username/--password flags (both given), else the docker-style config
 * file that `helm registry login` writes (--registry-config,
 * $HELM_REGISTRY_CONFIG, or <helm config>/registry/config.json), read as
 * ORAS's file store reads it:
 *
 *   {"auths": {"HOST:PORT": {"auth": base64("user:pass")}}}
 *
 * An entry may also give "username"/"password" ("auth" wins), and a key
 * written with a scheme or a path ("https://HOST:PORT/v1/") still matches
 * HOST:PORT.  Credentials are resolved only when a registry answers 401,
 * so a broken entry for a registry that needs none is never reported;
 * errors carry ORAS's texts ("failed to decode auth field: invalid config
 * format: illegal base64 data at input byte 0").
 *
 * Credential helpers run as ORAS runs them: the host's "credHelpers"
 * entry, else "credsStore", else (a config with no auth at all) the
 * platform default ("pass" when the pass program is installed, else
 * "secretservice", if its docker-credential-* is on PATH):
 * `docker-credential-NAME get` with HOST:PORT on stdin, its stderr left on
 * ours, its {"ServerURL","Username","Secret"} answer read as Go decodes it
 * ("<token>" as user: an identity token).  When helm's own config yields
 * nothing, docker's ($DOCKER_CONFIG/config.json or ~/.docker/config.json)
 * is asked the same way; a docker config that does not load is skipped.
 */
#include "fetch_int.h"
#include "../util/base64.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "../json/json.h"
#include "../value/fmt.h"
#include "../value/value.h"
#include "../util/goerr.h"

#define E_FORMAT "invalid config format"
#define MAX_CONFIG (16u << 20)

static const char *config_path(Arena *a, const FetchOpts *o)
{
    if (o->registry_config) return o->registry_config;
    const char *e = getenv("HELM_REGISTRY_CONFIG");
    if (e && *e) return e;
    e = getenv("HELM_CONFIG_HOME");
    if (e && *e) return arena_printf(a, "%s/registry/config.json", e);
    e = getenv("XDG_CONFIG_HOME");
    if (e && *e) return arena_printf(a, "%s/helm/registry/config.json", e);
    const char *home = getenv("HOME");
    return arena_printf(a, "%s/.config/helm/registry/config.json", home ? home : "");
}

/* Go's name for a JSON value's type in "cannot unmarshal X into ..." */
static const char *json_kind(Value v)
{
    switch (v.kind) {
    case V_STR: return "string";
    case V_BOOL: return "bool";
    case V_LIST: return "array";
    case V_INT: case V_FLOAT: return "number";
    default: return "object";
    }
}

static bool type_error(Buf *err, const char *field, Value v, const char *type)
{
    buf_printf(err, "failed to unmarshal %s field: " E_FORMAT ": json: cannot unmarshal %s into Go value of type %s",
               field, json_kind(v), type);
    return true;
}

/* config.Load's checks of "credsStore" (a string) and "credHelpers" (an
 * object of strings), in that order, null being fine for both */
static bool fields_error(const Map *m, Buf *err)
{
    Value *cs = map_gets(m, "credsStore");
    if (cs && cs->kind != V_STR && cs->kind != V_NIL) return type_error(err, "creds store", *cs, "string");
    Value *hs = map_gets(m, "credHelpers");
    if (!hs || hs->kind == V_NIL) return false;
    if (hs->kind != V_MAP) return type_error(err, "cred helpers", *hs, "map[string]string");
    for (uint32_t i = 0; i < hs->u.m->used; i++) {
        const MapEntry *me = &hs->u.m->entries[i];
        if (me->key && me->val.kind != V_STR && me->val.kind != V_NIL)
            return type_error(err, "cred helpers", me->val, "string");
    }
    return false;
}

/* config.Load: the file's top-level object (*doc nil when there is no
 * file) and its "auths" object.  -1 with ORAS's message. */
static int load_config(Arena *a, const char *path, Value *doc, Buf *err)
{
    *doc = (Value){0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT) return 0;
        buf_printf(err, "failed to open config file at %s: open %s: %s", path, path, strerror(errno));
        return -1;
    }
    Buf data = BUF_INIT;
    char tmp[16384];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0 && data.len < MAX_CONFIG) buf_add(&data, tmp, n);
    bool bad = ferror(f);
    fclose(f);
    Buf e = BUF_INIT;
    int rc = 0;
    if (bad) {
        buf_printf(err, "failed to decode config file at %s: " E_FORMAT ": read %s: is a directory", path, path);
        rc = -1;
    } else if (data.len == 0) {
        buf_printf(err, "failed to decode config file at %s: " E_FORMAT ": EOF", path);
        rc = -1;
    } else if (json_decode(a, data.data, data.len, doc, &e)) {
        buf_printf(err, "failed to decode config file at %s: " E_FORMAT ": %s", path, e.data ? e.data : "");
        rc = -1;
    } else if (doc->kind != V_MAP && doc->kind != V_NIL) {
        buf_printf(err,
                   "failed to decode config file at %s: " E_FORMAT
                   ": json: cannot unmarshal %s into Go value of type map[string]json.RawMessage",
                   path, json_kind(*doc));
        rc = -1;
    } else if (doc->kind == V_MAP && fields_error(doc->u.m, err)) {
        rc = -1;
    } else if (doc->kind == V_MAP) {
        Value *au = map_gets(doc->u.m, "auths");
        if (au && au->kind != V_MAP && au->kind != V_NIL) {
            buf_printf(err,
                       "failed to unmarshal auths field: " E_FORMAT
                       ": json: cannot unmarshal %s into Go value of type map[string]json.RawMessage",
                       json_kind(*au));
            rc = -1;
        }
    }
    buf_free(&e);
    buf_free(&data);
    return rc;
}

int fetch_registry_config_check(const char *flag, Buf *err)
{
    Arena a;
    arena_init(&a);
    FetchOpts o = {0};
    o.registry_config = flag;
    Value doc;
    int rc = load_config(&a, config_path(&a, &o), &doc, err);
    arena_free(&a);
    return rc;
}

int fetch_registry_startup_check(int argc, char **argv, FILE *out)
{
    const char *flag = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) break;
        if (strncmp(a, "--registry-config=", 18) == 0) flag = a + 18;
        else if (strcmp(a, "--registry-config") == 0 && i + 1 < argc) flag = argv[++i];
    }
    Buf e = BUF_INIT;
    int rc = fetch_registry_config_check(flag, &e);
    if (rc) {
        Buf line = BUF_INIT;
        buf_adds(&line, "level=WARN msg=\"command failed\" error=");
        fmt_quote(&line, e.data ? e.data : "", e.len);
        fprintf(out, "%s\n", line.data);
        buf_free(&line);
    }
    buf_free(&e);
    return rc ? 1 : 0;
}

/* ORAS's toHostname: a legacy key without its scheme and path */
static bool key_matches(const char *key, const char *host)
{
    if (strncmp(key, "http://", 7) == 0) key += 7;
    else if (strncmp(key, "https://", 8) == 0) key += 8;
    size_t n = strcspn(key, "/");
    return strlen(host) == n && strncmp(key, host, n) == 0;
}

static const char *str_field(const Map *m, const char *k)
{
    Value *v = map_gets(m, k);
    return v && v->kind == V_STR ? v->u.s->s : "";
}

/* Go's exec.LookPath: 0 with the program's path in out, or -1 with the
 * text of its *exec.Error ("exec: \"NAME\": ...") */
static int look_path(const char *name, char *out, size_t n, Buf *err)
{
    struct stat st;
    if (strchr(name, '/')) {
        const char *why = NULL;
        if (stat(name, &st)) why = go_errno_text(errno);
        else if (S_ISDIR(st.st_mode)) why = "is a directory";
        else if (access(name, X_OK)) why = go_errno_text(errno);
        if (!why) { snprintf(out, n, "%s", name); return 0; }
        buf_printf(err, "exec: \"%s\": ", name);
        if (stat(name, &st)) buf_printf(err, "stat %s: ", name);
        buf_adds(err, why);
        return -1;
    }
    const char *p = getenv("PATH");
    for (p = p ? p : ""; ; p++) {
        size_t dl = strcspn(p, ":");
        int k = snprintf(out, n, "%.*s/%s", (int)dl, dl ? p : ".", name);
        if (k > 0 && (size_t)k < n && stat(out, &st) == 0 && !S_ISDIR(st.st_mode) && access(out, X_OK) == 0) {
            if (out[0] == '/') return 0;
            /* Go 1.19's ErrDot: a hit in a relative PATH entry is refused */
            buf_printf(err, "exec: \"%s\": cannot run executable found relative to current directory", name);
            return -1;
        }
        p += dl;
        if (!*p) break;
    }
    buf_printf(err, "exec: \"%s\": executable file not found in $PATH", name);
    return -1;
}

/* ORAS's getDefaultHelperSuffix on Linux: "pass" when the pass program
 * is installed, else "secretservice", and only if its helper is there
 * (the reference runs docker-credential-pass once a `pass` is on PATH) */
static const char *default_helper(void)
{
    char path[4096];
    Buf e = BUF_INIT;
    const char *h = look_path("pass", path, sizeof path, &e) == 0 ? "pass" : "secretservice";
    buf_clear(&e);
    int rc = look_path(h[0] == 'p' ? "docker-credential-pass" : "docker-credential-secretservice", path, sizeof path, &e);
    buf_free(&e);
    return rc == 0 ? h : NULL;
}

/* Go's names for the signals a helper is likely to die of (syscall's
 * signal table), as ProcessState.String prints them */
static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGHUP: return "hangup";
    case SIGINT: return "interrupt";
    case SIGQUIT: return "quit";
    case SIGILL: return "illegal instruction";
    case SIGTRAP: return "trace/breakpoint trap";
    case SIGABRT: return "aborted";
    case SIGBUS: return "bus error";
    case SIGFPE: return "floating point exception";
    case SIGKILL: return "killed";
    case SIGUSR1: return "user defined signal 1";
    case SIGSEGV: return "segmentation fault";
    case SIGUSR2: return "user defined signal 2";
    case SIGPIPE: return "broken pipe";
    case SIGALRM: return "alarm clock";
    case SIGTERM: return "terminated";
    default: return NULL;
    }
}

#define MAX_HELPER_OUT (1u << 20)

/* A close-on-exec pipe whose ends are not 0, 1 or 2 (when we run with a
 * standard stream closed), so that the helper's dup2s cannot clash. */
static int pipe_high(int p[2])
{
    if (pipe2(p, O_CLOEXEC)) return -1;
    for (int i = 0; i < 2; i++) {
        if (p[i] > 2) continue;
        int h = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
        close(p[i]);
        p[i] = h;
    }
    if (p[0] >= 0 && p[1] >= 0) return 0;
    if (p[0] >= 0) close(p[0]);
    if (p[1] >= 0) close(p[1]);
    return -1;
}

/* ORAS's executer: `NAME get` with `input` on stdin, stderr shared with
 * ours (the reference shows a helper's stderr lines among its own), the
 * output into *out.  -1 with Go's error text: the trimmed output of a
 * helper that failed, else "exit status N" / "signal: killed". */
static int run_helper(const char *name, const char *input, Buf *out, Buf *err)
{
    char path[4096];
    if (look_path(name, path, sizeof path, err)) return -1;
    int in[2], op[2];
    if (pipe_high(in)) { buf_printf(err, "pipe: %s", go_errno_text(errno)); return -1; }
    if (pipe_high(op)) {
        buf_printf(err, "pipe: %s", go_errno_text(errno));
        close(in[0]);
        close(in[1]);
        return -1;
    }
    /* the address fits the pipe's buffer: written before the helper runs,
     * a helper that never reads it cannot make us block or take SIGPIPE */
    size_t il = strlen(input);
    bool wrote = il < 4096 && write(in[1], input, il) == (ssize_t)il;
    close(in[1]);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, op[1], 1);
    char *argv[] = {(char *)name, "get", NULL};
    pid_t pid;
    int rc = wrote ? posix_spawn(&pid, path, &fa, NULL, argv, environ) : EIO;
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(op[1]);
    if (rc) {
        close(op[0]);
        buf_printf(err, "fork/exec %s: %s", path, go_errno_text(rc));
        return -1;
    }
    char tmp[4096];
    ssize_t n;
    while ((n = read(op[0], tmp, sizeof tmp)) != 0) {
        if (n < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (out->len < MAX_HELPER_OUT) buf_add(out, tmp, (size_t)n);
    }
    close(op[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) { buf_printf(err, "wait: %s", go_errno_text(errno)); return -1; }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    const char *s = out->data ? out->data : "";
    size_t b = 0, e = out->len;
    while (b < e && strchr(" \t\r\n\v\f", s[b])) b++;
    while (e > b && strchr(" \t\r\n\v\f", s[e - 1])) e--;
    if (e > b) buf_add(err, s + b, e - b);
    else if (WIFEXITED(status)) buf_printf(err, "exit status %d", WEXITSTATUS(status));
    else {
        const char *sn = signal_name(WTERMSIG(status));
        if (sn) buf_printf(err, "signal: %s", sn);
        else buf_printf(err, "signal %d", WTERMSIG(status));
        if (WCOREDUMP(status)) buf_adds(err, " (core dumped)");
    }
    return -1;
}

/* Go's case-insensitive struct field match (exact names are tried first
 * by Go; with one name per field the result is the same) */
static bool field_is(const char *key, const char *field)
{
    return strcasecmp(key, field) == 0;
}

int freg_helper_answer(Arena *a, const char *out, size_t n, FCred *c, Buf *err)
{
    Value doc = {0};
    Buf e = BUF_INIT;
    int rc = json_decode(a, out, n, &doc, &e);
    if (rc == 0 && doc.kind != V_MAP && doc.kind != V_NIL) {
        buf_printf(&e, "json: cannot unmarshal %s into Go value of type credentials.dockerCredentials", json_kind(doc));
        rc = -1;
    }
    const char *user = "", *secret = "";
    static const char *const fields[] = {"ServerURL", "Username", "Secret"};
    for (uint32_t i = 0; rc == 0 && doc.kind == V_MAP && i < doc.u.m->used; i++) {
        MapEntry *me = &doc.u.m->entries[i];
        for (int f = 0; me->key && f < 3; f++) {
            if (!field_is(me->key->s, fields[f]) || me->val.kind == V_NIL) continue;
            if (me->val.kind != V_STR) {
                /* Go goes on decoding and reports the first mismatch */
                if (!e.len)
                    buf_printf(&e, "json: cannot unmarshal %s into Go struct field dockerCredentials.%s of type string",
                               json_kind(me->val), fields[f]);
                continue;
            }
            if (f == 1) user = me->val.u.s->s;
            else if (f == 2) secret = me->val.u.s->s;
        }
    }
    if (rc == 0 && e.len) rc = -1;
    if (rc) {
        buf_adds(err, e.data ? e.data : "");
    } else if (strcmp(user, "<token>") == 0) {
        c->refresh = secret;
    } else {
        c->user = user;
        c->pass = secret;
    }
    buf_free(&e);
    return rc ? -1 : 0;
}

/* ORAS's nativeStore.Get: the message "credentials not found in native
 * keychain" is no credential, not an error. */
static int helper_get(Arena *a, const char *helper, const char *host, FCred *c, Buf *err)
{
    const char *name = arena_printf(a, "docker-credential-%s", helper);
    Buf out = BUF_INIT, e = BUF_INIT;
    int rc = run_helper(name, host, &out, &e);
    if (rc == 0) rc = freg_helper_answer(a, out.data ? out.data : "", out.len, c, err);
    else if (!(e.data && strcmp(e.data, "credentials not found in native keychain") == 0)) buf_add(err, e.data, e.len);
    else rc = 0;
    buf_free(&out);
    buf_free(&e);
    return rc;
}

/* ORAS's file store: the "auths" entry for host */
static int file_get(Arena *a, const Value *doc, const char *host, FCred *c, Buf *err)
{
    Value *auths = doc->kind == V_MAP ? map_gets(doc->u.m, "auths") : NULL;
    if (!auths || auths->kind != V_MAP) return 0;
    Value *ent = map_gets(auths->u.m, host);
    for (uint32_t i = 0; !ent && i < auths->u.m->used; i++) {
        MapEntry *me = &auths->u.m->entries[i];
        if (me->key && key_matches(me->key->s, host)) ent = &me->val;
    }
    if (!ent || ent->kind == V_NIL) return 0;
    if (ent->kind != V_MAP) {
        buf_printf(err,
                   "failed to unmarshal auth field: " E_FORMAT
                   ": json: cannot unmarshal %s into Go value of type config.AuthConfig",
                   json_kind(*ent));
        return -1;
    }
    c->user = str_field(ent->u.m, "username");
    c->pass = str_field(ent->u.m, "password");
    c->refresh = str_field(ent->u.m, "identitytoken");
    c->access = str_field(ent->u.m, "registrytoken");
    const char *auth = str_field(ent->u.m, "auth");
    if (!*auth) return 0;
    Buf d = BUF_INIT, e = BUF_INIT;
    long bad = b64_decode(&d, auth, strlen(auth));
    int rc = bad >= 0 ? -1 : 0;
    if (rc) buf_printf(&e, "illegal base64 data at input byte %ld", bad);
    const char *colon = rc == 0 && d.data ? memchr(d.data, ':', d.len) : NULL;
    if (rc == 0 && !colon) {
        buf_printf(&e, "auth '%.*s' does not conform the base64(username:password) format", (int)d.len,
                   d.data ? d.data : "");
        rc = -1;
    }
    if (rc) {
        buf_printf(err, "failed to decode auth field: " E_FORMAT ": %s", e.data);
    } else {
        c->user = arena_strndup(a, d.data, (size_t)(colon - d.data));
        c->pass = arena_strndup(a, colon + 1, (size_t)(d.data + d.len - colon - 1));
    }
    buf_free(&d);
    buf_free(&e);
    return rc;
}

/* ORAS's IsAuthConfigured: a credsStore, any credHelpers, any auths */
static bool auth_configured(const Value *doc)
{
    if (doc->kind != V_MAP) return false;
    if (*str_field(doc->u.m, "credsStore")) return true;
    Value *hs = map_gets(doc->u.m, "credHelpers");
    if (hs && hs->kind == V_MAP && map_len(hs->u.m)) return true;
    Value *au = map_gets(doc->u.m, "auths");
    return au && au->kind == V_MAP && map_len(au->u.m);
}

/* ORAS's DynamicStore.Get with DetectDefaultNativeStore, as helm opens
 * both of its stores: the host's credHelpers entry, else credsStore, else
 * (for a config with no auth at all) the platform's default helper, else
 * the file's own "auths". */
static int store_get(Arena *a, const Value *doc, const char *host, FCred *c, Buf *err)
{
    const char *helper = NULL;
    if (doc->kind == V_MAP) {
        Value *hs = map_gets(doc->u.m, "credHelpers");
        Value *h = hs && hs->kind == V_MAP ? map_gets(hs->u.m, host) : NULL;
        if (h && h->kind == V_STR && h->u.s->len) helper = h->u.s->s;
        else if (*str_field(doc->u.m, "credsStore")) helper = str_field(doc->u.m, "credsStore");
    }
    if (!helper && !auth_configured(doc)) helper = default_helper();
    return helper ? helper_get(a, helper, host, c, err) : file_get(a, doc, host, c, err);
}

static bool cred_empty(const FCred *c)
{
    return !*c->user && !*c->pass && !*c->refresh && !*c->access;
}

/* credentials.NewStoreFromDocker: $DOCKER_CONFIG/config.json, else
 * ~/.docker/config.json; NULL without a home */
static const char *docker_config_path(Arena *a)
{
    const char *d = getenv("DOCKER_CONFIG");
    if (d && *d) return arena_printf(a, "%s/config.json", d);
    const char *home = getenv("HOME");
    return home && *home ? arena_printf(a, "%s/.docker/config.json", home) : NULL;
}

int freg_credential(Arena *a, const FetchOpts *o, const char *host, FCred *c, Buf *err)
{
    *c = (FCred){"", "", "", ""};
    /* helm hands the flags to the client only as a pair */
    if (o->username && *o->username && o->password && *o->password) {
        c->user = o->username;
        c->pass = o->password;
        return 0;
    }
    /* ORAS's ServerAddressFromHostname: Docker Hub's registry is filed
     * under docker's old index address */
    if (strcmp(host, "registry-1.docker.io") == 0) host = "https://index.docker.io/v1/";
    Value doc;
    if (load_config(a, config_path(a, o), &doc, err)) return -1;
    if (store_get(a, &doc, host, c, err)) return -1;
    if (!cred_empty(c)) return 0;
    /* helm falls back to docker's own store; one that does not load is
     * left out without a word (the reference ignores a broken file) */
    const char *dp = docker_config_path(a);
    Buf e = BUF_INIT;
    int bad = !dp || load_config(a, dp, &doc, &e);
    buf_free(&e);
    if (bad) return 0;
    *c = (FCred){"", "", "", ""};
    return store_get(a, &doc, host, c, err);
}
