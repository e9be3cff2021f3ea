/*
 * template.c - `chartc template [NAME] CHART [flags]`, helm v4.1.4's
 * `helm template`: arguments, chart, user values, dependencies, coalesced
 * values, one Engine for every template of the tree, the built-in objects
 * per chart, execution in helm's order, NOTES dropped, documents split and
 * kind-sorted, stdout / --output-dir / --show-only.
 *
 * The steps run in helm's order (spec 1.5) because that decides which
 * error a broken invocation reports.  Errors from the kubeVersion check on
 * get helm's "Use --debug flag to render out invalid YAML" hint; earlier
 * ones do not.  The render runs on a thread with a large stack, as
 * `chartc eval` does, because Go accepts very deep template nesting.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#include "pipeline.h"
#include "pipeline_int.h"
#include "../util/path.h"
#include "../eval/vm.h"
#include "../schema/schema.h"
#include "../fetch/fetch.h"
#include "../sprig/sprig_util.h"
#include "../sort/sort.h"
#include "../chart/text.h"
#include "../value/fmt.h"
#include "../util/goerr.h"

#define RENDER_STACK (1024u * 1024u * 1024u)

static const char debug_hint[] = "\n\nUse --debug flag to render out invalid YAML";

static void flush_logs(Job *j, Buf *logs)
{
    if (logs->len) buf_add(&j->err, logs->data, logs->len);
    buf_clear(logs);
}

int pipe_fail(Job *j, const char *msg, bool hint)
{
    buf_printf(&j->err, "Error: %s", msg ? msg : "");
    if (hint && !j->o->debug) buf_adds(&j->err, debug_hint);
    buf_addc(&j->err, '\n');
    return 1;
}

/* ---- release name --------------------------------------------------------- */

static bool label_ok(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && !(c == '-' && i > 0 && i + 1 < n)) return false;
    }
    return true;
}

/* ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, ≤ 53 */
static bool release_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 53) return false;
    for (const char *p = s;;) {
        const char *d = strchr(p, '.');
        size_t k = d ? (size_t)(d - p) : strlen(p);
        if (!label_ok(p, k)) return false;
        if (!d) return true;
        p = d + 1;
    }
}

static const char name_regex[] = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/* slog's needsQuoting for one non-ASCII rune: invalid UTF-8 or U+FFFD,
 * Unicode spaces and non-printables.  strconv.Quote escapes exactly the
 * runes unicode.IsPrint rejects, and every non-ASCII space is among them
 * (the reference quotes "a\u00a0b", "a\u200bb" but not "dé"). */
static bool slog_rune_quotes(const char *s, size_t n, size_t *len)
{
    uint32_t r;
    *len = chart_utf8(s, n, &r);
    if (r == 0xFFFD || chart_unicode_space(r)) return true;
    Buf q = BUF_INIT;
    fmt_quote(&q, s, *len);
    bool esc = q.len != *len + 2;
    buf_free(&q);
    return esc;
}

/* a value in slog's text format: quoted (strconv.Quote) when empty or
 * when it holds a space, '"', '=', an ASCII control (DEL is not one to
 * slog: the reference prints path=/tmp/a\x7fb bare) or a rune above */
static void slog_value(Buf *b, const char *s)
{
    size_t n = strlen(s);
    bool q = n == 0;
    for (size_t i = 0; i < n && !q;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            q = c < 0x20 || c == ' ' || c == '"' || c == '=';
            i++;
            continue;
        }
        size_t k;
        q = slog_rune_quotes(s + i, n - i, &k);
        i += k;
    }
    if (q) fmt_quote(b, s, n);
    else buf_adds(b, s);
}

/* helm v4 logs these lines from ValidateAgainstSchema while it walks the
 * tree after coalescing (none with --skip-schema-validation): a chart with
 * a values.schema.json gets "chart name", then "unmarshalled JSON schema"
 * (the raw file) once the file parses as JSON; every chart visited gets
 * "number of dependencies".  A subchart whose values are missing, null or
 * not a map is not visited, so neither it nor its own subcharts log. */
static void log_schema_walk(Job *j, Arena *a, const Chart *c, Value vals, int depth)
{
    if (c->schema) {
        buf_adds(&j->err, "level=DEBUG msg=\"chart name\" chart-name=");
        slog_value(&j->err, c->meta.name->s);
        buf_addc(&j->err, '\n');
        Value doc;
        Buf e = BUF_INIT;
        if (schema_json_parse(a, c->schema->s, c->schema->len, &doc, &e) == 0) {
            buf_adds(&j->err, "level=DEBUG msg=\"unmarshalled JSON schema\" schema=");
            fmt_quote(&j->err, c->schema->s, c->schema->len);
            buf_addc(&j->err, '\n');
        }
        buf_free(&e);
    }
    buf_adds(&j->err, "level=DEBUG msg=\"number of dependencies in the chart\" chart=");
    slog_value(&j->err, c->meta.name->s);
    buf_printf(&j->err, " dependencies=%u\n", c->ndeps);
    for (uint32_t i = 0; i < c->ndeps && depth < 1000; i++) {
        const Chart *d = c->deps[i];
        Value *sv = vals.kind == V_MAP ? map_get(vals.u.m, d->meta.name) : NULL;
        if (sv && sv->kind == V_MAP) log_schema_walk(j, a, d, *sv, depth + 1);
    }
}

/* helm writes warnings and logs to stderr when they happen, so on a
 * shared stream (2>&1) they come before the manifests; what the job's
 * stderr holds so far goes out before its first stdout byte. */
static void out_begin_at(Job *j, size_t mark)
{
    if (!mark || mark > j->err.len) return;
    fwrite(j->err.data, 1, mark, stderr);
    fflush(stderr);
    memmove(j->err.data, j->err.data + mark, j->err.len - mark + 1);
    j->err.len -= mark;
}

static void out_begin(Job *j) { out_begin_at(j, j->err.len); }

static int check_release_name(Job *j, const char *name)
{
    if (*name && release_name_ok(name)) return 0;
    /* helm's ValidateReleaseName: fmt.Errorf("release name %q: ...") */
    Buf m = BUF_INIT;
    buf_adds(&m, "release name ");
    fmt_quote(&m, name, strlen(name));
    if (!*name) buf_adds(&m, ": no name provided");
    else buf_printf(&m, ": invalid release name, must match regex %s and the length must not be longer than 53",
                    name_regex);
    buf_adds(&j->err, "level=ERROR msg=\"release name check failed\" error=");
    slog_value(&j->err, m.data);
    buf_printf(&j->err, "\nError: release name check failed: %s\n", m.data);
    buf_free(&m);
    return 1;
}

/* The name template has Sprig's plain `fail`/`required`, not the engine's,
 * which mark their messages for helm's error cleanup. */
static void strip_marks(Buf *out, const char *s)
{
    static const char *const marks[] = {"HELM_ERR_START", "HELM_ERR_END"};
    while (*s) {
        size_t skip = 0;
        for (int k = 0; k < 2 && !skip; k++)
            if (strncmp(s, marks[k], strlen(marks[k])) == 0) skip = strlen(marks[k]);
        if (skip) { s += skip; continue; }
        buf_addc(out, *s++);
    }
}

/* ---- Sprig functions the chart engine drops ----------------------------------
 * helm's name template gets sprig.TxtFuncMap() whole, so env, expandenv
 * and getHostByName (which helm's chart engine removes or replaces) work
 * there: FOO=bar gives "bar" for {{ env "FOO" }} in the reference, and
 * {{ getHostByName "nonexist.invalid" }} fails with "error calling
 * getHostByName: invalid argument to Intn". */

static int nt_env(FnCall *c, int argc, Value *argv, Value *out)
{
    (void)argc;
    const char *v = getenv(argv[0].u.s->s);
    *out = val_cstr(fn_arena(c), v ? v : "");
    return 0;
}

static bool shell_special(char c) { return c && strchr("*#$@!?-0123456789", c) != NULL; }

static bool shell_alnum(char c)
{
    return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* os.Expand's getShellName: the name after '$' and how many bytes it
 * takes; an empty name with a width is bad syntax that is eaten */
static void shell_name(const char *s, size_t n, size_t *name, size_t *nlen, size_t *w)
{
    *name = 0, *nlen = 0;
    if (s[0] == '{') {
        if (n > 2 && shell_special(s[1]) && s[2] == '}') { *name = 1, *nlen = 1, *w = 3; return; }
        for (size_t i = 1; i < n; i++)
            if (s[i] == '}') {
                if (i == 1) { *w = 2; return; }
                *name = 1, *nlen = i - 1, *w = i + 1;
                return;
            }
        *w = 1;
        return;
    }
    if (shell_special(s[0])) { *nlen = 1, *w = 1; return; }
    size_t i = 0;
    while (i < n && shell_alnum(s[i])) i++;
    *nlen = i, *w = i;
}

/* os.ExpandEnv: $NAME, ${NAME} and the one-byte specials */
static int nt_expandenv(FnCall *c, int argc, Value *argv, Value *out)
{
    (void)argc;
    const char *s = argv[0].u.s->s;
    size_t n = argv[0].u.s->len, i = 0;
    Buf b = BUF_INIT;
    for (size_t j = 0; j < n; j++) {
        if (s[j] != '$' || j + 1 >= n) continue;
        buf_add(&b, s + i, j - i);
        size_t name, nlen, w;
        shell_name(s + j + 1, n - j - 1, &name, &nlen, &w);
        if (nlen == 0 && w > 0) {
        } else if (nlen == 0) {
            buf_addc(&b, '$');
        } else {
            char *key = arena_strndup(fn_arena(c), s + j + 1 + name, nlen);
            const char *v = getenv(key);
            if (v) buf_adds(&b, v);
        }
        j += w;
        i = j + 1;
    }
    if (i < n) buf_add(&b, s + i, n - i);
    *out = val_str(str_new(fn_arena(c), b.data ? b.data : "", b.len));
    buf_free(&b);
    return 0;
}

/* Sprig's getHostByName: one address of net.LookupHost picked at random;
 * none (offline, unknown host) panics in rand.Intn(0), which
 * text/template reports as the call's error */
static int nt_gethostbyname(FnCall *c, int argc, Value *argv, Value *out)
{
    (void)argc;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    char addrs[16][INET6_ADDRSTRLEN];
    int n = 0;
    if (getaddrinfo(argv[0].u.s->s, NULL, &hints, &res) == 0) {
        for (struct addrinfo *p = res; p && n < 16; p = p->ai_next) {
            char t[INET6_ADDRSTRLEN] = "";
            if (p->ai_family == AF_INET)
                inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)p->ai_addr)->sin_addr, t, sizeof t);
            else if (p->ai_family == AF_INET6)
                inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)p->ai_addr)->sin6_addr, t, sizeof t);
            else continue;
            bool dup = false;
            for (int k = 0; k < n && !dup; k++) dup = strcmp(addrs[k], t) == 0;
            if (!dup && *t) memcpy(addrs[n++], t, sizeof t);
        }
        freeaddrinfo(res);
    }
    if (n == 0) return fn_error(c, "invalid argument to Intn");
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    *out = val_cstr(fn_arena(c), addrs[rand_r(&seed) % (unsigned)n]);
    return 0;
}

const FnDef pipe_name_template_fns[] = {
    {"env", nt_env, "s", 0},
    {"expandenv", nt_expandenv, "s", 0},
    {"getHostByName", nt_gethostbyname, "s", 0},
};
const size_t pipe_name_template_nfns = sizeof pipe_name_template_fns / sizeof pipe_name_template_fns[0];
const FnDef pipe_dns_fns[] = {{"getHostByName", nt_gethostbyname, "s", FN_IMPURE}};

/* --name-template: a Go template with Sprig's functions and nil data.
 * An empty one is no name template (helm tests for ""), so the name stays
 * what the caller set.  A function only helm's chart engine has is Go's
 * parse error "function \"include\" not defined", unless the parser meets
 * another error earlier in the text. */
static int name_from_template(Arena *a, const char *tmpl, const char **out, Buf *err)
{
    /* opts.c; belongs in pipeline_int.h */
    int pipe_name_template_undefined(const char *t, const FnRegistry *reg, uint32_t *line, const char **name,
                                     size_t *len);
    if (!*tmpl) return 0;
    Engine *e = vm_engine_new_with(pipe_name_template_fns, pipe_name_template_nfns);
    if (!e) { buf_adds(err, "out of memory"); return -1; }
    uint32_t fline = 0;
    const char *fname = NULL;
    size_t flen = 0;
    bool helm_func = pipe_name_template_undefined(tmpl, vm_engine_registry(e), &fline, &fname, &flen) == 1;
    int rc = -1;
    Buf perr = BUF_INIT;
    int bad = vm_engine_add(e, "name-template", tmpl, strlen(tmpl), &perr);
    if (helm_func && bad) {
        /* Go parses in order: an error in the text before the function
         * wins.  The prefix up to it fails only with "unclosed action"
         * (the action the function sits in) unless such an error exists. */
        Engine *pe = vm_engine_new_with(pipe_name_template_fns, pipe_name_template_nfns);
        Buf pre = BUF_INIT;
        if (pe && vm_engine_add(pe, "name-template", tmpl, (size_t)(fname - tmpl), &pre) &&
            !strstr(pre.data ? pre.data : "", "unclosed action"))
            helm_func = false;
        buf_free(&pre);
        vm_engine_free(pe);
    }
    if (helm_func) {
        buf_printf(err, "template: name-template:%u: function \"%.*s\" not defined", fline, (int)flen, fname);
        goto done;
    }
    if (bad) {
        buf_add(err, perr.data ? perr.data : "", perr.len);
        goto done;
    }
    Render r;
    vm_render_init(&r, e, a);
    Buf b = BUF_INIT;
    VmErr *ve = NULL;
    /* Go runs it with nil data: `.x.y` is <no value>, not an error */
    Value data = val_nil();
    data.flags = VF_NOVALUE;
    int failed = vm_exec(&r, "name-template", data, &b, &ve);
    vm_render_done(&r);
    if (!failed) {
        *out = arena_strdup(a, b.data ? b.data : "");
        rc = 0;
    } else if (ve) {
        Buf g = BUF_INIT;
        vm_err_go(ve, &g);
        strip_marks(err, g.data ? g.data : "");
        buf_free(&g);
    }
    buf_free(&b);
done:
    buf_free(&perr);
    vm_engine_free(e);
    return rc;
}

/* ---- locating the chart ------------------------------------------------------- */

/* Go's filepath.Abs: helm loads (and names in errors) the absolute,
 * cleaned path. */
static const char *abs_clean(Arena *a, const char *path)
{
    const char *full = path_abs(a, path);
    return full ? full : path;
}

static Chart *locate_and_load(P *p, const char *path, Buf *logs, Buf *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (path[0] == '.' || path[0] == '/') buf_printf(err, "path \"%s\" not found", path);
        else if (strchr(path, '/')) buf_printf(err, "repo %.*s not found", (int)(strchr(path, '/') - path), path);
        else buf_printf(err, "non-absolute URLs should be in form of repo_name/path_to_chart, got: %s", path);
        return NULL;
    }
    const char *full = abs_clean(p->a, path);
    if (!p->spec) return chart_load(p->a, full, logs, err);
    ChartLoadHooks h = {pipe_spec_seen, pipe_spec_values, p->spec};
    Chart *c = chart_load_with(p->a, full, &h, logs, err);
    pipe_spec_close(p->spec);
    return c;
}

/* ---- the render context ------------------------------------------------------- */

static Value mstr(Arena *a, const char *s) { return val_cstr(a, s); }

static Value release_obj(Arena *a, const char *name, const char *ns, bool upgrade)
{
    Map *m = map_new(a, 8);
    map_sets(a, m, "Name", mstr(a, name));
    map_sets(a, m, "Namespace", mstr(a, ns));
    map_sets(a, m, "IsUpgrade", val_bool(upgrade));
    map_sets(a, m, "IsInstall", val_bool(!upgrade));
    map_sets(a, m, "Revision", val_int(1));
    map_sets(a, m, "Service", mstr(a, "Helm"));
    return val_map(m);
}

static void ctx_add(P *p, const Chart *c, Map *m)
{
    if (p->nctx == p->capctx) {
        uint32_t cap = p->capctx ? p->capctx * 2 : 16;
        PCtx *n = arena_realloc(p->a, p->ctx, p->capctx * sizeof *n, cap * sizeof *n);
        if (!n) return;
        p->ctx = n;
        p->capctx = cap;
    }
    p->ctx[p->nctx].chart = c;
    p->ctx[p->nctx++].m = m;
}

Map *pipe_ctx_of(P *p, const Chart *c)
{
    for (uint32_t i = 0; i < p->nctx; i++)
        if (p->ctx[i].chart == c) return p->ctx[i].m;
    return NULL;
}

/* helm's recAllTpls: a subchart's .Values is its parent's
 * .Values.<name> (a non-map there leaves it empty). */
static Map *build_ctx(P *p, const Chart *c, Value vals, int depth)
{
    Arena *a = p->a;
    Map *m = map_new(a, 8);
    map_sets(a, m, "Chart", chart_meta_value(a, c));
    map_sets(a, m, "Files", pipe_files(a, c->files, c->nfiles));
    map_sets(a, m, "Release", p->release);
    map_sets(a, m, "Capabilities", p->caps);
    Value tv = vals;
    if (tv.kind == V_MAP) tv.gtype = GT_MAP_VALUES;
    map_sets(a, m, "Values", tv);
    Map *subs = map_new(a, c->ndeps);
    if (depth < 1000) {
        for (uint32_t i = 0; i < c->ndeps; i++) {
            const Chart *d = c->deps[i];
            Value *sv = vals.kind == V_MAP ? map_get(vals.u.m, d->meta.name) : NULL;
            Value dv = sv && sv->kind == V_MAP ? *sv : val_map(map_new(a, 0));
            map_set(a, subs, d->meta.name, val_map(build_ctx(p, d, dv, depth + 1)));
        }
    }
    map_sets(a, m, "Subcharts", val_map(subs));
    ctx_add(p, c, m);
    return m;
}

/* ---- values.schema.json ---------------------------------------------------- */

/* helm's HTTPURLLoader for a schema's remote $ref: a plain GET, proxies
 * from the environment, the final status whatever it is */
static int schema_fetch(void *ud, const char *url, int *status, Buf *body, Buf *err)
{
    (void)ud;
    FetchReq r = {.url = url};
    FetchStatus st;
    if (fetch_do(&r, &st, body, err) < 0) return -1;
    *status = st.code;
    return 0;
}

/* Go's regexp for the schema's "regex" format (and so for "pattern") */
static int schema_regex(void *ud, const char *pat, size_t n, Buf *err)
{
    (void)ud;
    return sprig_regex_check(pat, n, err);
}

static void schema_tree(Arena *a, const Chart *c, SchemaChart *out, int depth)
{
    out->name = c->meta.name->s;
    out->schema = c->schema ? c->schema->s : NULL;
    out->schema_len = c->schema ? c->schema->len : 0;
    SchemaChart *deps = arena_zalloc(a, (c->ndeps ? c->ndeps : 1) * sizeof *deps);
    out->deps = deps;
    out->ndeps = depth < 1000 ? c->ndeps : 0;
    for (uint32_t i = 0; i < out->ndeps; i++) schema_tree(a, c->deps[i], &deps[i], depth + 1);
}

/* ---- rendering ----------------------------------------------------------------- */


/* ---- post-renderer ---------------------------------------------------------------- */

/* helm v3's exec post-renderer: the manifest buffer goes to the
 * executable's stdin, its stdout replaces the buffer verbatim; on failure
 * its stderr is quoted in the error.  One process feeds and drains the
 * pipes with poll() so a large manifest cannot deadlock. */
static int post_render(P *p, Buf *manifest, Buf *err)
{
    const POpts *o = p->o;
    int in[2] = {-1, -1}, out[2] = {-1, -1}, er[2] = {-1, -1};
    char **av = calloc(o->post_renderer_args.n + 2, sizeof *av);
    posix_spawn_file_actions_t fa;
    if (!av || pipe(in) || pipe(out) || pipe(er)) {
        buf_printf(err, "error while running command %s: %s", o->post_renderer, go_errno_text(errno));
        free(av);
        for (int k = 0; k < 2; k++) { if (in[k] >= 0) close(in[k]); if (out[k] >= 0) close(out[k]); if (er[k] >= 0) close(er[k]); }
        return -1;
    }
    av[0] = (char *)o->post_renderer;
    for (uint32_t i = 0; i < o->post_renderer_args.n; i++) av[i + 1] = (char *)o->post_renderer_args.v[i];
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, er[1], 2);
    int fds[] = {in[0], in[1], out[0], out[1], er[0], er[1]};
    for (int k = 0; k < 6; k++) posix_spawn_file_actions_addclose(&fa, fds[k]);
    pid_t pid;
    int sp = posix_spawnp(&pid, o->post_renderer, &fa, NULL, av, environ);
    posix_spawn_file_actions_destroy(&fa);
    free(av);
    close(in[0]);
    close(out[1]);
    close(er[1]);
    if (sp) {
        close(in[1]); close(out[0]); close(er[0]);
        buf_printf(err, "error while running command %s: %s", o->post_renderer, go_errno_text(sp));
        return -1;
    }
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    Buf res = BUF_INIT, stderr_text = BUF_INIT;
    size_t off = 0;
    int wfd = in[1], rfd = out[0], efd = er[0];
    if (manifest->len == 0) { close(wfd); wfd = -1; }
    while (rfd >= 0 || efd >= 0) {
        struct pollfd pf[3] = {{wfd, POLLOUT, 0}, {rfd, POLLIN, 0}, {efd, POLLIN, 0}};
        if (poll(pf, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (wfd >= 0 && pf[0].revents) {
            ssize_t k = write(wfd, manifest->data + off, manifest->len - off);
            if (k > 0) off += (size_t)k;
            if (k < 0 && errno != EAGAIN) off = manifest->len;
            if (off >= manifest->len) { close(wfd); wfd = -1; }
        }
        char tmp[65536];
        for (int q = 1; q <= 2; q++) {
            int *fd = q == 1 ? &rfd : &efd;
            if (*fd < 0 || !pf[q].revents) continue;
            ssize_t k = read(*fd, tmp, sizeof tmp);
            if (k > 0) buf_add(q == 1 ? &res : &stderr_text, tmp, (size_t)k);
            else if (k == 0 || errno != EINTR) { close(*fd); *fd = -1; }
        }
    }
    if (wfd >= 0) close(wfd);
    int status = 0;
    waitpid(pid, &status, 0);
    int rc = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        buf_printf(err, "error while running command %s. error output:\n%.*s: exit status %d", o->post_renderer,
                   (int)stderr_text.len, stderr_text.data ? stderr_text.data : "",
                   WIFEXITED(status) ? WEXITSTATUS(status) : 1);
        buf_free(&res);
        rc = -1;
    } else {
        buf_free(manifest);
        *manifest = res;
    }
    buf_free(&stderr_text);
    return rc;
}

/* Go's exec.LookPath, which v3's post-renderer flag applies when set */
static int post_renderer_lookup(const char *name, Buf *err)
{
    struct stat st;
    if (strchr(name, '/')) {
        if (stat(name, &st) != 0) {
            buf_printf(err, "exec: \"%s\": stat %s: %s", name, name, go_errno_text(errno));
            return -1;
        }
        if (S_ISDIR(st.st_mode) || access(name, X_OK) != 0) {
            buf_printf(err, "exec: \"%s\": permission denied", name);
            return -1;
        }
        return 0;
    }
    const char *path = getenv("PATH");
    for (const char *q = path ? path : ""; q && *q;) {
        const char *c = strchr(q, ':');
        size_t n = c ? (size_t)(c - q) : strlen(q);
        char full[4096];
        snprintf(full, sizeof full, "%.*s/%s", (int)(n ? n : 1), n ? q : ".", name);
        if (stat(full, &st) == 0 && !S_ISDIR(st.st_mode) && access(full, X_OK) == 0) return 0;
        q = c ? c + 1 : NULL;
    }
    buf_printf(err, "exec: \"%s\": executable file not found in $PATH", name);
    return -1;
}

/* ---- --output-dir ------------------------------------------------------------------ */

/* "OP PATH: ERR" as Go's os.PathError prints; Go's errno texts are all
 * lower case ("file name too long" where C says "File name too long"). */
static void path_error(Buf *err, const char *op, const char *path, int e)
{
    const char *t = go_errno_text(e);
    buf_printf(err, "%s %s: ", op, path);
    if (*t >= 'A' && *t <= 'Z') buf_printf(err, "%c%s", *t - 'A' + 'a', t + 1);
    else buf_adds(err, t);
}

/* Go's path.Dir: the text up to the last '/', then path.Clean'ed
 * (duplicate slashes, "." and "dir/.." removed, leading ".." kept). */
static char *go_path_dir(Arena *a, const char *full)
{
    const char *last = strrchr(full, '/');
    size_t n = last ? (size_t)(last - full) + 1 : 0;
    bool rooted = n && full[0] == '/';
    char *out = arena_alloc(a, n + 2);
    size_t w = 0, floor = 0;   /* out[0..floor) holds ".." that stay */
    if (rooted) out[w++] = '/', floor = 1;
    for (size_t i = 0; i < n;) {
        while (i < n && full[i] == '/') i++;
        size_t s = i;
        while (i < n && full[i] != '/') i++;
        size_t k = i - s;
        if (k == 0 || (k == 1 && full[s] == '.')) continue;
        if (k == 2 && full[s] == '.' && full[s + 1] == '.') {
            if (w > floor) {
                while (w > floor && out[w - 1] != '/') w--;
                if (w > floor) w--;
                continue;
            }
            if (rooted) continue;
            if (w) out[w++] = '/';
            out[w++] = '.', out[w++] = '.';
            floor = w;
            continue;
        }
        if (w && out[w - 1] != '/') out[w++] = '/';
        memcpy(out + w, full + s, k);
        w += k;
    }
    if (w == 0) out[w++] = '.';
    out[w] = 0;
    return out;
}

/* Go's os.MkdirAll: parents first; an existing directory is fine; an
 * error names the component that failed ("mkdir out/x: not a directory"). */
static int mkdirs(char *dir, Buf *err, int depth)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return 0;
        buf_printf(err, "mkdir %s: not a directory", dir);
        return -1;
    }
    char *slash = strrchr(dir, '/');
    if (slash && slash > dir && depth < 4096) {
        *slash = 0;
        int r = mkdirs(dir, err, depth + 1);
        *slash = '/';
        if (r) return -1;
    }
    if (mkdir(dir, 0755) == 0) return 0;
    int e = errno;
    if (lstat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    path_error(err, "mkdir", dir, e);
    return -1;
}

typedef struct Written { const char **v; uint32_t n, cap; } Written;

static bool written_has(const Written *w, const char *s)
{
    for (uint32_t i = 0; i < w->n; i++)
        if (strcmp(w->v[i], s) == 0) return true;
    return false;
}

/* helm's writeToFile: the first write of a path in this run truncates,
 * later ones append; hooks append whenever the file exists on disk. */
static int write_doc(P *p, Written *w, const char *dir, const char *path, const char *text, size_t n,
                     bool hook, Buf *err)
{
    /* helm's ensureDirectoryForFile: stat the cleaned parent (any error but
     * "not exist" is reported), MkdirAll it, then open the uncleaned path,
     * so "out/x/../y" creates out/y/... and fails to open when out/x is
     * missing, as the reference does */
    char *full = arena_printf(p->a, "%s/%s", dir, path);
    char *base = go_path_dir(p->a, full);
    struct stat st;
    if (stat(base, &st) != 0 && errno != ENOENT) {
        path_error(err, "stat", base, errno);
        return -1;
    }
    if (mkdirs(base, err, 0)) return -1;
    bool append = written_has(w, full);
    if (hook && !append) append = access(full, F_OK) == 0;
    FILE *f = fopen(full, append ? "ab" : "wb");
    if (!f) { path_error(err, "open", full, errno); return -1; }
    fprintf(f, "---\n# Source: %s\n", path);
    fwrite(text, 1, n, f);
    fputc('\n', f);
    fclose(f);
    if (!written_has(w, full)) {
        if (w->n == w->cap) {
            uint32_t cap = w->cap ? w->cap * 2 : 16;
            const char **v = arena_realloc(p->a, w->v, w->cap * sizeof *v, cap * sizeof *v);
            if (!v) return -1;
            w->v = v;
            w->cap = cap;
        }
        w->v[w->n++] = full;
    }
    out_begin(p->j);
    buf_printf(&p->j->out, "wrote %s\n", full);
    return 0;
}

static int output_dir(P *p, const char *chart_name, const SortFile *crds, uint32_t ncrds, const SortResult *r, Buf *err)
{
    const POpts *o = p->o;
    Written w = {0};
    const char *rel_dir = o->release_name_dir
        ? arena_printf(p->a, "%s/%s", o->output_dir, map_gets(p->release.u.m, "Name")->u.s->s)
        : o->output_dir;
    for (uint32_t i = 0; o->include_crds && i < ncrds; i++) {
        (void)chart_name;
        if (write_doc(p, &w, o->output_dir, crds[i].path, crds[i].text, crds[i].len, false, err)) return -1;
    }
    for (uint32_t i = 0; i < r->nmanifests; i++) {
        const SortDoc *d = &r->manifests[i];
        if (write_doc(p, &w, rel_dir, d->path->s, d->text->s, d->text->len, false, err)) return -1;
    }
    for (uint32_t i = 0; !o->no_hooks && i < r->nhooks; i++) {
        const SortDoc *d = &r->hooks[i];
        if (o->skip_tests && (d->events & SORT_TEST)) continue;
        if (write_doc(p, &w, rel_dir, d->path->s, d->text->s, d->text->len, true, err)) return -1;
    }
    return 0;
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\n\r\f\v", s[i])) return false;
    return true;
}

/* --debug after a manifest error: helm prints every non-blank rendered
 * file raw (in Go map order, which varies; chartc uses render order),
 * the whole trimmed plus "\n". */
static void debug_dump(Buf *out, const SortFile *files, uint32_t n)
{
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        if (all_space(files[i].text, files[i].len)) continue;
        buf_printf(&b, "---\n# Source: %s\n", files[i].path);
        buf_add(&b, files[i].text, files[i].len);
        buf_addc(&b, '\n');
    }
    size_t s = 0, e = b.len;
    while (s < e && strchr(" \t\n\r\f\v", b.data[s])) s++;
    while (e > s && strchr(" \t\n\r\f\v", b.data[e - 1])) e--;
    if (e > s) buf_add(out, b.data + s, e - s);
    buf_addc(out, '\n');
    buf_free(&b);
}

/* --debug after an error that comes when helm already holds a release
 * (render, kubeVersion, manifest errors): it prints the manifest anyway,
 * or with --show-only the selected documents of it, and a template not
 * found there is the error it returns instead (the reference: `--debug -s
 * templates/bad.yaml` on a failing render says "could not find template
 * templates/bad.yaml in chart").  The stderr held before err_mark goes
 * out first.  1 when *serr replaces the error. */
static int debug_manifest(Job *j, Arena *a, const char *text, size_t n, size_t err_mark, Buf *serr)
{
    const POpts *o = j->o;
    if (o->show_only.n) {
        Buf sel = BUF_INIT;
        if (sort_show_only(a, &sel, text, n, o->show_only.v, o->show_only.n, serr)) {
            buf_free(&sel);
            return 1;
        }
        out_begin_at(j, err_mark);
        buf_add(&j->out, sel.data ? sel.data : "", sel.len);
        buf_free(&sel);
        return 0;
    }
    out_begin_at(j, err_mark);
    buf_add(&j->out, text, n);
    return 0;
}

/* ---- the command ----------------------------------------------------------------- */

static const char *const reserved_labels[] = {"name", "owner", "status", "version", "createdAt", "modifiedAt"};

static int check_labels(Job *j, const POpts *o)
{
    for (uint32_t i = 0; i < o->labels.n; i++) {
        const char *l = o->labels.v[i];
        const char *eq = strchr(l, '=');
        size_t n = eq ? (size_t)(eq - l) : strlen(l);
        for (size_t k = 0; k < sizeof reserved_labels / sizeof reserved_labels[0]; k++)
            if (strlen(reserved_labels[k]) == n && memcmp(reserved_labels[k], l, n) == 0)
                return pipe_fail(j, "user supplied labels contains system reserved label name. System labels: "
                            "[name owner status version createdAt modifiedAt]", false);
    }
    return 0;
}

static int run(Job *j)
{
    POpts *o = j->o;
    Arena arena;
    arena_init(&arena);
    P p = {0};
    p.a = &arena;
    p.o = o;
    p.j = j;
    Arena *a = &arena;
    Buf err = BUF_INIT, logs = BUF_INIT;
    int rc = 1;

    /* 1. arguments, --kube-version, --dry-run */
    const char *name = "release-name", *chart_arg;
    if (o->args.n == 0) {
        buf_adds(&j->err, "Error: \"helm template\" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]\n");
        goto done;
    }
    PKube kv = {"v1.35.0", "v1.35.0", "1", "35"};
    if (o->kube_version && pipe_kube_version(a, o->kube_version, &kv, &err)) { pipe_fail(j, err.data, false); goto done; }
    if (o->dry_run && strcmp(o->dry_run, "unchanged") && strcmp(o->dry_run, "client") && strcmp(o->dry_run, "true")
        && strcmp(o->dry_run, "server")) {
        if (strcmp(o->dry_run, "none") == 0 || strcmp(o->dry_run, "false") == 0)
            buf_printf(&err, "invalid dry-run value (\"%s\"). Must be \"server\" or \"client\"", o->dry_run);
        else
            buf_printf(&err, "invalid dry-run value (\"%s\"). Must be \"none\", \"server\", or \"client\"", o->dry_run);
        pipe_fail(j, err.data, false);
        goto done;
    }

    if (o->post_renderer && post_renderer_lookup(o->post_renderer, &err)) {
        Buf m = BUF_INIT;
        buf_printf(&m, "invalid argument \"%s\" for \"--post-renderer\" flag: %s", o->post_renderer, err.data);
        pipe_fail(j, m.data, false);
        buf_free(&m);
        goto done;
    }

    if (o->dry_run && strcmp(o->dry_run, "unchanged") == 0)
        buf_adds(&j->err, "level=WARN msg=\"--dry-run is deprecated and should be replaced with '--dry-run=client'\"\n");
    else if (o->dry_run && strcmp(o->dry_run, "true") == 0)
        buf_adds(&j->err, "level=WARN msg=\"boolean '--dry-run=true' flag is deprecated and must be replaced with "
                 "'--dry-run=client'\"\n");

    /* 2. name and chart; helm's runInstall logs the version first */
    if (o->debug) {
        buf_adds(&j->err, "level=DEBUG msg=\"Original chart version\" version=");
        slog_value(&j->err, o->fetch.version ? o->fetch.version : "");
        buf_addc(&j->err, '\n');
        if ((!o->fetch.version || !*o->fetch.version) && o->fetch.devel)
            buf_adds(&j->err, "level=DEBUG msg=\"setting version to >0.0.0-0\"\n");
    }
    /* helm's NameAndChart: after the flag checks and the log above */
    if (o->args.n > 2) {
        buf_adds(&err, "expected at most two arguments, unexpected arguments: ");
        for (uint32_t i = 2; i < o->args.n; i++) buf_printf(&err, i > 2 ? ", %s" : "%s", o->args.v[i]);
        pipe_fail(j, err.data, false);
        goto done;
    }
    if (o->args.n == 2) {
        if (o->generate_name) { pipe_fail(j, "cannot set --generate-name and also specify a name", false); goto done; }
        if (o->name_template) { pipe_fail(j, "cannot set --name-template and also specify a name", false); goto done; }
        name = o->args.v[0];
        chart_arg = o->args.v[1];
    } else {
        chart_arg = o->args.v[0];
        if (o->name_template) {
            if (name_from_template(a, o->name_template, &name, &err)) { pipe_fail(j, err.data, false); goto done; }
        }
    }
    if (o->debug) {
        /* logged once helm treats the reference as a repository chart:
         * not for an existing path, nor for a missing "./x" or "/x" */
        struct stat dst;
        if (chart_arg[0] != '.' && chart_arg[0] != '/' && stat(chart_arg, &dst) != 0)
            buf_adds(&j->err, "level=DEBUG msg=\"set up default downloader cache\"\n");
    }
    /* helm's LocateChart: a local path, or a download into the content cache */
    int located = fetch_locate_chart(a, &o->fetch, chart_arg, &chart_arg, &logs, &err);
    flush_logs(j, &logs);
    if (located) { pipe_fail(j, err.data, false); goto done; }

    if (o->debug) {
        buf_adds(&j->err, "level=DEBUG msg=\"Chart path\" path=");
        slog_value(&j->err, abs_clean(a, chart_arg));
        buf_addc(&j->err, '\n');
    }

    /* 3. user values */
    ChartValueOpts vo = {
        o->values.v, o->values.n, o->set_json.v, o->set_json.n, o->set.v, o->set.n,
        o->set_string.v, o->set_string.n, o->set_file.v, o->set_file.n, o->set_literal.v, o->set_literal.n, NULL,
    };
    Value user;
    if (chart_user_values(a, &vo, &user, &err)) { pipe_fail(j, err.data, false); goto done; }

    /* 4. load (and, on other threads, parse what looks like templates) */
    p.spec = pipe_spec_new(&p);
    Chart *c = locate_and_load(&p, chart_arg, &logs, &err);
    flush_logs(j, &logs);
    if (!c) { pipe_fail(j, err.data, false); goto done; }
    if (c->meta.type && strcmp(c->meta.type->s, "library") == 0) {
        pipe_fail(j, "library charts are not installable", false);
        goto done;
    }
    if (c->meta.deprecated) buf_adds(&j->err, "level=WARN msg=\"this chart is deprecated\"\n");

    /* 5. declared dependencies present; 6. apiVersion, release name */
    if (chart_check_dependencies(c, &err)) { pipe_fail(j, err.data, false); goto done; }
    if (c->meta.api_version && strcmp(c->meta.api_version->s, "v3") == 0) {
        pipe_fail(j, "invalid chart apiVersion", false);
        goto done;
    }
    if (o->validate || (o->dry_run && strcmp(o->dry_run, "server") == 0)) {
        /* a server-side dry run needs a cluster; chartc never has one,
         * and helm without a kubeconfig reports this */
        static const char unreachable[] = "cluster reachability check failed: kubernetes cluster unreachable: "
            "Get \"http://localhost:8080/version\": dial tcp 127.0.0.1:8080: connect: connection refused";
        buf_adds(&j->err, "level=ERROR msg=");
        slog_value(&j->err, unreachable);
        buf_addc(&j->err, '\n');
        pipe_fail(j, unreachable, false);
        goto done;
    }
    if (check_release_name(j, name)) goto done;

    /* 7. dependencies; 8. values */
    if (chart_process_dependencies(a, c, user, &logs, &err)) {
        flush_logs(j, &logs);
        buf_adds(&j->err, "level=ERROR msg=\"chart dependencies processing failed\" error=");
        slog_value(&j->err, err.data ? err.data : "");
        buf_addc(&j->err, '\n');
        buf_printf(&j->err, "Error: chart dependencies processing failed: %s\n", err.data ? err.data : "");
        goto done;
    }
    flush_logs(j, &logs);
    Value vals;
    if (chart_coalesce_values(a, c, user, false, &vals, &logs, &err)) {
        flush_logs(j, &logs);
        pipe_fail(j, err.data, false);
        goto done;
    }
    flush_logs(j, &logs);
    if (!o->skip_schema) {
        if (o->debug) log_schema_walk(j, a, c, vals, 0);
        SchemaChart sc;
        schema_tree(a, c, &sc, 0);
        Buf warn = BUF_INIT;
        SchemaLoader ld = {.fetch = schema_fetch, .warn = &warn, .regex_check = schema_regex};
        int bad = schema_validate_charts_ld(a, &sc, vals, &ld, &err);
        buf_add(&j->err, warn.data ? warn.data : "", warn.len);
        buf_free(&warn);
        if (bad) {
            pipe_fail(j, err.data, false);
            goto done;
        }
    }

    /* 9. labels; 10. kubeVersion */
    if (check_labels(j, o)) goto done;
    if (chart_check_kube_version(c, kv.normalized, kv.version, &err)) {
        /* helm already holds a release here, so --debug prints its empty
         * manifest ("\n") before the error */
        Buf serr = BUF_INIT;
        if (o->debug && debug_manifest(j, a, "\n", 1, j->err.len, &serr)) pipe_fail(j, serr.data, false);
        else pipe_fail(j, err.data, true);
        buf_free(&serr);
        goto done;
    }

    /* 11. render */
    const char *ns = o->namespace ? o->namespace : getenv("HELM_NAMESPACE");
    if (!ns || !*ns) ns = "default";
    p.release = release_obj(a, name, ns, o->is_upgrade);
    p.caps = pipe_capabilities(a, &kv, o->api_versions.v, o->api_versions.n);
    build_ctx(&p, c, vals, 0);
    ChartTemplate *ts;
    uint32_t nt = chart_templates(a, c, &ts);
    if (o->eval_target)
        p.eval_name = arena_printf(a, "%s/%s", chart_full_path(a, c)->s, o->eval_target);
    SortFile *files = NULL;
    uint32_t nfiles = 0;
    size_t err_mark = j->err.len;
    if (pipe_render_all(&p, ts, nt, &files, &nfiles)) {
        /* helm prints the (empty) manifest before the error it returns */
        Buf serr = BUF_INIT;
        if (o->debug && debug_manifest(j, a, "\n", 1, err_mark, &serr)) {
            /* the render error gives way to the --show-only one */
            j->err.len = err_mark;
            if (j->err.data) j->err.data[err_mark] = 0;
            pipe_fail(j, serr.data, false);
        }
        buf_free(&serr);
        goto done;
    }

    /* 14. split and sort; 15. emit */
    SortResult sr;
    if (sort_manifests(a, files, nfiles, &sr, &logs, &err)) {
        flush_logs(j, &logs);
        Buf dump = BUF_INIT, serr = BUF_INIT;
        if (o->debug) debug_dump(&dump, files, nfiles);
        if (o->debug && debug_manifest(j, a, dump.data ? dump.data : "", dump.len, j->err.len, &serr))
            pipe_fail(j, serr.data, false);
        else pipe_fail(j, err.data, true);
        buf_free(&dump);
        buf_free(&serr);
        goto done;
    }
    flush_logs(j, &logs);
    if (o->eval_target) {
        /* chartc eval: every step of helm template has run; show the raw
         * output of one template instead of the sorted manifests */
        out_begin(j);
        buf_add(&j->out, j->eval_out.data ? j->eval_out.data : "", j->eval_out.len);
        rc = 0;
        goto done;
    }
    ChartTemplate *cts;
    uint32_t ncrd = chart_crds(a, c, &cts);
    SortFile *crds = arena_alloc(a, (ncrd ? ncrd : 1) * sizeof *crds);
    for (uint32_t i = 0; i < ncrd; i++) {
        crds[i].path = cts[i].name->s;
        crds[i].text = cts[i].data->s;
        crds[i].len = cts[i].data->len;
    }
    SortOutput so = {o->no_hooks, o->skip_tests};
    if (o->output_dir) {
        if (output_dir(&p, c->meta.name->s, crds, ncrd, &sr, &err)) { pipe_fail(j, err.data, true); goto done; }
        if (o->show_only.n) {
            buf_printf(&err, "could not find template %s in chart", o->show_only.v[0]);
            pipe_fail(j, err.data, false);
            goto done;
        }
        out_begin(j);
        buf_addc(&j->out, '\n');
        rc = 0;
        goto done;
    }
    Buf text = BUF_INIT;
    if (o->post_renderer) {
        /* v3's order: CRDs and manifests through the executable, hooks after */
        SortResult mo = sr;
        mo.nhooks = 0;
        SortOutput nohooks = {true, o->skip_tests};
        sort_assemble(&text, crds, o->include_crds ? ncrd : 0, &mo, &nohooks);
        if (post_render(&p, &text, &err)) { buf_free(&text); pipe_fail(j, err.data, true); goto done; }
        SortResult ho = sr;
        ho.nmanifests = 0;
        Buf hooks = BUF_INIT;
        sort_assemble(&hooks, NULL, 0, &ho, &so);
        /* sort_assemble gives "\n" before the hooks of an empty manifest list */
        if (hooks.len > 1) buf_add(&text, hooks.data + 1, hooks.len - 1);
        buf_free(&hooks);
    } else {
        sort_assemble(&text, crds, o->include_crds ? ncrd : 0, &sr, &so);
    }
    if (o->show_only.n) {
        Buf sel = BUF_INIT;
        if (sort_show_only(a, &sel, text.data ? text.data : "", text.len, o->show_only.v, o->show_only.n, &err)) {
            buf_free(&sel);
            buf_free(&text);
            pipe_fail(j, err.data, false);
            goto done;
        }
        buf_free(&text);
        text = sel;
    }
    out_begin(j);
    if (!j->out.len) {
        buf_free(&j->out);
        j->out = text;
    } else {
        if (text.len) buf_add(&j->out, text.data, text.len);
        buf_free(&text);
    }
    rc = 0;
done:
    pipe_render_free(&p);
    pipe_spec_free(p.spec);
    if (p.e) vm_engine_free(p.e);
    buf_free(&err);
    buf_free(&logs);
    arena_free(&arena);
    return rc;
}

static void *run_thread(void *arg)
{
    Job *j = arg;
    j->rc = run(j);
    return NULL;
}

static const char help_text[] =
    "Render chart templates locally and display the output, exactly as `helm template` does.\n"
    "\n"
    "Any values that would normally be looked up or retrieved in-cluster will be faked\n"
    "locally. Additionally, none of the server-side testing of chart validity (e.g.\n"
    "whether an API is supported) is done.\n"
    "\n"
    "Usage:\n"
    "  chartc template [NAME] [CHART] [flags]\n"
    "\n"
    "Flags:\n"
    "  -a, --api-versions strings      Kubernetes api versions used for Capabilities.APIVersions\n"
    "      --debug                     enable verbose output\n"
    "  -g, --generate-name             generate the name (and omit the NAME parameter)\n"
    "  -h, --help                      help for template\n"
    "      --include-crds              include CRDs in the templated output\n"
    "      --is-upgrade                set .Release.IsUpgrade instead of .Release.IsInstall\n"
    "      --kube-version string       Kubernetes version used for Capabilities.KubeVersion\n"
    "  -l, --labels stringToString     labels that would be added to release metadata (checked only)\n"
    "      --name-template string      specify template used to name the release\n"
    "  -n, --namespace string          namespace scope for this request\n"
    "      --no-hooks                  prevent hooks from running during install\n"
    "      --output-dir string         writes the executed templates to files in output-dir instead of stdout\n"
    "      --post-renderer string      the path to an executable to be used for post rendering; it reads\n"
    "                                  the rendered manifests on stdin and writes them to stdout\n"
    "                                  (helm v3's behaviour; helm v4 takes a plugin name here)\n"
    "      --post-renderer-args strings  an argument to the post-renderer (can specify multiple)\n"
    "      --release-name              use release name in the output-dir path\n"
    "      --set stringArray           set values on the command line (key1=val1,key2=val2)\n"
    "      --set-file stringArray      set values from respective files (key1=path1,key2=path2)\n"
    "      --set-json stringArray      set JSON values on the command line (key1=jsonval1,key2=jsonval2)\n"
    "      --set-literal stringArray   set a literal STRING value on the command line\n"
    "      --set-string stringArray    set STRING values on the command line (key1=val1,key2=val2)\n"
    "  -s, --show-only stringArray     only show manifests rendered from the given templates\n"
    "      --skip-crds                 accepted; no effect on output\n"
    "      --skip-schema-validation    disable JSON schema validation\n"
    "      --skip-tests                skip tests from templated output\n"
    "  -f, --values strings            specify values in a YAML file (can specify multiple; '-' = stdin)\n"
    "      --enable-dns                enable DNS lookups when rendering templates\n"
    "\n"
    "Charts from a repository or registry (as helm fetches them):\n"
    "      --repo string               chart repository url where to locate the requested chart\n"
    "      --version string            chart version constraint (default: the latest)\n"
    "      --devel                     use development versions too (equivalent to version '>0.0.0-0')\n"
    "      --username, --password string  repository credentials (--password-stdin reads it)\n"
    "      --pass-credentials          pass credentials to all domains\n"
    "      --ca-file, --cert-file, --key-file string  TLS: CA bundle, client certificate and key\n"
    "      --insecure-skip-tls-verify  skip tls certificate checks for the chart download\n"
    "      --plain-http                use insecure HTTP connections for the chart download\n"
    "      --verify                    verify the package before using it\n"
    "      --keyring string            location of public keys used for verification\n"
    "\n"
    "helm's global flags are taken before or after the command (-n, --debug,\n"
    "--registry-config, --repository-config, --repository-cache, --content-cache,\n"
    "--color, ...).  Flags that only matter against a cluster (--wait, --timeout,\n"
    "--atomic, --kube-context, ...) are accepted and ignored.\n";

static int template_main(int argc, char **argv, const char *eval_target);

int cli_template(int argc, char **argv) { return template_main(argc, argv, NULL); }

int pipe_eval(int argc, char **argv, const char *target) { return template_main(argc, argv, target); }

/* helm reads its global --color/--colour before the command's flags and
 * stops there on a bad mode, with only a log line and exit 1 (the
 * reference: `template x --color=bad --bogus`); the last one given wins. */
static int check_color(int argc, char **argv)
{
    /* helm's main pre-parses the whole command line: the last --color
     * before a flag it cannot parse */
    const char *mode = pipe_global_color(argc, argv);
    if (!mode || strcmp(mode, "never") == 0 || strcmp(mode, "auto") == 0 || strcmp(mode, "always") == 0) return 0;
    Buf m = BUF_INIT, line = BUF_INIT;
    buf_adds(&m, "invalid color mode ");
    fmt_quote(&m, mode, strlen(mode));
    buf_adds(&m, ": must be one of: never, auto, always");
    buf_adds(&line, "level=WARN msg=\"command failed\" error=");
    slog_value(&line, m.data);
    fprintf(stderr, "%s\n", line.data);
    buf_free(&m);
    buf_free(&line);
    return 1;
}

/* A render allocates a few MiB in arena blocks of up to 1 MiB and frees
 * them as it goes.  glibc would map each big block on its own and unmap
 * it when freed (a system call, and fresh pages that fault in again for
 * the next block); kept in the heap instead, freed blocks serve the next
 * ones and the final frees cost no system calls. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    mallopt(M_TOP_PAD, 8 << 20);
#endif
}

static int template_main(int argc, char **argv, const char *eval_target)
{
    tune_malloc();
    POpts o = {0};
    Buf err = BUF_INIT;
    if (check_color(argc, argv)) return 1;
    /* helm decodes the registry config next, before the flags are checked */
    if (fetch_registry_startup_check(argc, argv, stderr)) return 1;
    if (pipe_parse_args(&o, argc, argv, &err)) {
        fprintf(stderr, "Error: %s\n", err.data ? err.data : "");
        buf_free(&err);
        pipe_opts_free(&o);
        return 1;
    }
    buf_free(&err);
    o.eval_target = eval_target;
    if (o.help) {
        fputs(help_text, stdout);
        pipe_opts_free(&o);
        return 0;
    }
    if (o.deprecated_atomic) fputs("Flag --atomic has been deprecated, use --rollback-on-failure instead\n", stderr);
    if (o.deprecated_force) fputs("Flag --force has been deprecated, use --force-replace instead\n", stderr);
    if (o.validate) fputs("Flag --validate has been deprecated, use '--dry-run=server' instead\n", stderr);
    if (o.validate && o.dry_run) {
        fputs("Error: if any flags in the group [validate dry-run] are set none of the others can be; "
              "[dry-run validate] were all set\n", stderr);
        pipe_opts_free(&o);
        return 1;
    }
    /* a post-renderer that exits without reading its input must give an
     * error, not kill us */
    if (o.post_renderer) signal(SIGPIPE, SIG_IGN);
    Job j = {&o, BUF_INIT, BUF_INIT, 1, BUF_INIT};
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, RENDER_STACK);
    if (pthread_create(&th, &attr, run_thread, &j) != 0) run_thread(&j);
    else pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    if (j.out.len) fwrite(j.out.data, 1, j.out.len, stdout);
    fflush(stdout);
    if (j.err.len) fwrite(j.err.data, 1, j.err.len, stderr);
    buf_free(&j.out);
    buf_free(&j.err);
    buf_free(&j.eval_out);
    pipe_opts_free(&o);
    return j.rc;
}
