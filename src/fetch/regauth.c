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
 * Credential helpers ("credsStore", "credHelpers") are not run: chartc
 * reports the helper as helm does when it is not installed, and says it
 * does not run helpers when it is.
 */
#include "fetch_int.h"
#include "../util/base64.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../json/json.h"
#include "../value/fmt.h"
#include "../value/value.h"

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

static bool on_path(const char *exe)
{
    const char *p = getenv("PATH");
    if (!p) return false;
    while (*p) {
        size_t n = strcspn(p, ":");
        char full[4096];
        snprintf(full, sizeof full, "%.*s/%s", (int)n, n ? p : ".", exe);
        if (access(full, X_OK) == 0) return true;
        p += n;
        if (*p) p++;
    }
    return false;
}

static int helper(const char *name, Buf *err)
{
    char exe[512];
    snprintf(exe, sizeof exe, "docker-credential-%s", name);
    if (!on_path(exe)) buf_printf(err, "failed to resolve credential: exec: \"%s\": executable file not found in $PATH", exe);
    else buf_printf(err, "failed to resolve credential: chartc does not run credential helpers (%s)", exe);
    return -1;
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
    Value doc;
    if (load_config(a, config_path(a, o), &doc, err)) return -1;
    if (doc.kind != V_MAP) return 0;
    Value *hs = map_gets(doc.u.m, "credHelpers");
    Value *h = hs && hs->kind == V_MAP ? map_gets(hs->u.m, host) : NULL;
    if (h && h->kind == V_STR && h->u.s->len) return helper(h->u.s->s, err);
    const char *store = str_field(doc.u.m, "credsStore");
    if (*store) return helper(store, err);
    Value *auths = map_gets(doc.u.m, "auths");
    if (!auths || auths->kind != V_MAP) return 0;
    Value *ent = map_gets(auths->u.m, host);
    for (uint32_t i = 0; !ent && i < auths->u.m->used; i++) {
        MapEntry *me = &auths->u.m->entries[i];
        if (me->key && key_matches(me->key->s, host)) ent = &me->val;
    }
    if (!ent || ent->kind == V_NIL) return 0;
    if (ent->kind != V_MAP) {
        buf_printf(err,
                   "failed to resolve credential: failed to unmarshal auth field: " E_FORMAT
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
        buf_printf(err, "failed to resolve credential: failed to decode auth field: " E_FORMAT ": %s", e.data);
    } else {
        c->user = arena_strndup(a, d.data, (size_t)(colon - d.data));
        c->pass = arena_strndup(a, colon + 1, (size_t)(d.data + d.len - colon - 1));
    }
    buf_free(&d);
    buf_free(&e);
    return rc;
}
