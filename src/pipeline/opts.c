/*
 * opts.c - `chartc template`'s command line, parsed as cobra/pflag parse
 * helm's: long flags with `=` or a following argument, clustered short
 * flags (`-gn ns`, `-nns`, `-n=ns`), `--` ending flags, flags anywhere
 * among the positionals, and pflag's exact error texts ("unknown flag:
 * --x", "unknown shorthand flag: 'Z' in -Z", "flag needs an argument:
 * --namespace" / "'n' in -n").  Slice flags (-f, -a) read their value as
 * one record of Go's encoding/csv, so quotes group commas ("\"a,b\",c")
 * and bad quoting is an error; array flags (--set*, -s) are taken whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pipeline_int.h"
#include "../eval/registry.h"
#include "../lexer/lexer.h"
#include "../value/fmt.h"

/* K_OPTVAL: a value flag with pflag's NoOptDefVal (`--dry-run`, `--wait`);
 * K_GOBOOL: a Go flag-package bool (klog's), which pflag parses as a bool
 * but whose Set reports only "parse error" */
enum { K_BOOL, K_STR, K_SLICE, K_ARRAY, K_OPTVAL, K_GOBOOL };

typedef struct Flag {
    const char *name;
    char shorthand;
    int kind;
    int id;
    bool global;    /* one of helm's root persistent flags */
} Flag;

enum {
    F_NONE, F_VALUES, F_SET, F_SET_STRING, F_SET_FILE, F_SET_JSON, F_SET_LITERAL,
    F_NAMESPACE, F_NAME_TEMPLATE, F_GENERATE, F_RELEASE_NAME, F_OUTPUT_DIR,
    F_IS_UPGRADE, F_KUBE_VERSION, F_API_VERSIONS, F_SHOW_ONLY, F_INCLUDE_CRDS,
    F_SKIP_CRDS, F_SKIP_TESTS, F_NO_HOOKS, F_SKIP_SCHEMA, F_POST_RENDERER,
    F_POST_RENDERER_ARGS, F_DEBUG, F_LABELS, F_DRY_RUN, F_VALIDATE, F_HELP,
    F_ATOMIC, F_FORCE, F_ENABLE_DNS,
    F_DEVEL, F_VERSION, F_REPO, F_USERNAME, F_PASSWORD, F_CERT_FILE, F_KEY_FILE, F_CA_FILE,
    F_INSECURE_TLS, F_PLAIN_HTTP, F_PASS_CREDENTIALS, F_REPO_CONFIG, F_REPO_CACHE, F_CONTENT_CACHE,
    F_VERIFY, F_KEYRING, F_REGISTRY_CONFIG,
    F_TIMEOUT, F_WAIT, F_SERVER_SIDE, F_BURST_LIMIT, F_QPS,
    F_KLOG_LEVEL, F_KLOG_UINT, F_KLOG_SEVERITY, F_KLOG_VMODULE, F_KLOG_TRACE,
};

/* Every flag `helm template` accepts; those without an id change nothing
 * offline (chart acquisition, cluster and wait options). */
static const Flag flags[] = {
    {"values", 'f', K_SLICE, F_VALUES},
    {"set", 0, K_ARRAY, F_SET},
    {"set-string", 0, K_ARRAY, F_SET_STRING},
    {"set-file", 0, K_ARRAY, F_SET_FILE},
    {"set-json", 0, K_ARRAY, F_SET_JSON},
    {"set-literal", 0, K_ARRAY, F_SET_LITERAL},
    {"namespace", 'n', K_STR, F_NAMESPACE, true},
    {"name-template", 0, K_STR, F_NAME_TEMPLATE},
    {"generate-name", 'g', K_BOOL, F_GENERATE},
    {"release-name", 0, K_BOOL, F_RELEASE_NAME},
    {"output-dir", 0, K_STR, F_OUTPUT_DIR},
    {"is-upgrade", 0, K_BOOL, F_IS_UPGRADE},
    {"kube-version", 0, K_STR, F_KUBE_VERSION},
    {"api-versions", 'a', K_SLICE, F_API_VERSIONS},
    {"show-only", 's', K_ARRAY, F_SHOW_ONLY},
    {"include-crds", 0, K_BOOL, F_INCLUDE_CRDS},
    {"skip-crds", 0, K_BOOL, F_SKIP_CRDS},
    {"skip-tests", 0, K_BOOL, F_SKIP_TESTS},
    {"no-hooks", 0, K_BOOL, F_NO_HOOKS},
    {"skip-schema-validation", 0, K_BOOL, F_SKIP_SCHEMA},
    {"post-renderer", 0, K_STR, F_POST_RENDERER},
    {"post-renderer-args", 0, K_ARRAY, F_POST_RENDERER_ARGS},
    {"debug", 0, K_BOOL, F_DEBUG, true},
    {"labels", 'l', K_SLICE, F_LABELS},
    {"dry-run", 0, K_OPTVAL, F_DRY_RUN},
    {"validate", 0, K_BOOL, F_VALIDATE},
    {"help", 'h', K_BOOL, F_HELP},
    {"atomic", 0, K_BOOL, F_ATOMIC},
    {"force", 0, K_BOOL, F_FORCE},
    {"rollback-on-failure", 0, K_BOOL, F_NONE},
    {"force-replace", 0, K_BOOL, F_NONE},
    {"force-conflicts", 0, K_BOOL, F_NONE},
    {"server-side", 0, K_OPTVAL, F_SERVER_SIDE},
    {"create-namespace", 0, K_BOOL, F_NONE},
    {"wait", 0, K_OPTVAL, F_WAIT},
    {"wait-for-jobs", 0, K_BOOL, F_NONE},
    {"timeout", 0, K_STR, F_TIMEOUT},
    {"replace", 0, K_BOOL, F_NONE},
    {"take-ownership", 0, K_BOOL, F_NONE},
    {"description", 0, K_STR, F_NONE},
    {"render-subchart-notes", 0, K_BOOL, F_NONE},
    {"hide-notes", 0, K_BOOL, F_NONE},
    {"disable-openapi-validation", 0, K_BOOL, F_NONE},
    {"enable-dns", 0, K_BOOL, F_ENABLE_DNS},
    {"devel", 0, K_BOOL, F_DEVEL},
    {"dependency-update", 0, K_BOOL, F_NONE},
    {"verify", 0, K_BOOL, F_VERIFY},
    {"version", 0, K_STR, F_VERSION},
    {"repo", 0, K_STR, F_REPO},
    {"username", 0, K_STR, F_USERNAME},
    {"password", 0, K_STR, F_PASSWORD},
    {"password-stdin", 0, K_BOOL, F_NONE},
    {"cert-file", 0, K_STR, F_CERT_FILE},
    {"key-file", 0, K_STR, F_KEY_FILE},
    {"ca-file", 0, K_STR, F_CA_FILE},
    {"keyring", 0, K_STR, F_KEYRING},
    {"insecure-skip-tls-verify", 0, K_BOOL, F_INSECURE_TLS},
    {"plain-http", 0, K_BOOL, F_PLAIN_HTTP},
    {"pass-credentials", 0, K_BOOL, F_PASS_CREDENTIALS},
    {"kubeconfig", 0, K_STR, F_NONE, true},
    {"kube-context", 0, K_STR, F_NONE, true},
    {"kube-apiserver", 0, K_STR, F_NONE, true},
    {"kube-as-user", 0, K_STR, F_NONE, true},
    {"kube-as-group", 0, K_ARRAY, F_NONE, true},
    {"kube-ca-file", 0, K_STR, F_NONE, true},
    {"kube-token", 0, K_STR, F_NONE, true},
    {"kube-tls-server-name", 0, K_STR, F_NONE, true},
    {"kube-insecure-skip-tls-verify", 0, K_BOOL, F_NONE, true},
    {"burst-limit", 0, K_STR, F_BURST_LIMIT, true},
    {"qps", 0, K_STR, F_QPS, true},
    {"registry-config", 0, K_STR, F_REGISTRY_CONFIG, true},
    {"repository-config", 0, K_STR, F_REPO_CONFIG, true},
    {"repository-cache", 0, K_STR, F_REPO_CACHE, true},
    {"content-cache", 0, K_STR, F_CONTENT_CACHE, true},
    {"color", 0, K_STR, F_NONE, true},
    {"colour", 0, K_STR, F_NONE, true},
    /* klog's flags, which helm adds hidden to its global ones (addKlogFlags,
     * `_` spelled `-`): `--v 3`, `--logtostderr` pass, `--log_dir` is
     * unknown in the reference */
    {"add-dir-header", 0, K_GOBOOL, F_NONE, true},
    {"alsologtostderr", 0, K_GOBOOL, F_NONE, true},
    {"log-backtrace-at", 0, K_STR, F_KLOG_TRACE, true},
    {"log-dir", 0, K_STR, F_NONE, true},
    {"log-file", 0, K_STR, F_NONE, true},
    {"log-file-max-size", 0, K_STR, F_KLOG_UINT, true},
    {"logtostderr", 0, K_GOBOOL, F_NONE, true},
    {"one-output", 0, K_GOBOOL, F_NONE, true},
    {"skip-headers", 0, K_GOBOOL, F_NONE, true},
    {"skip-log-headers", 0, K_GOBOOL, F_NONE, true},
    {"stderrthreshold", 0, K_STR, F_KLOG_SEVERITY, true},
    {"v", 'v', K_STR, F_KLOG_LEVEL, true},
    {"vmodule", 0, K_STR, F_KLOG_VMODULE, true},
};

#define NFLAGS (sizeof flags / sizeof flags[0])

/* root: only what helm's root command knows when it parses its own flags
 * (no subcommand given): the global flags and cobra's -h/--help */
static bool known_at(const Flag *f, bool root) { return !root || f->global || f->id == F_HELP; }

static const Flag *find_long(const char *name, size_t n, bool root)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if (strlen(flags[i].name) == n && memcmp(flags[i].name, name, n) == 0)
            return known_at(&flags[i], root) ? &flags[i] : NULL;
    return NULL;
}

static const Flag *find_short(char c, bool root)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if (flags[i].shorthand == c) return known_at(&flags[i], root) ? &flags[i] : NULL;
    return NULL;
}

static bool is_bool(const Flag *f) { return f->kind == K_BOOL || f->kind == K_GOBOOL; }

static void push(PStrs *l, const char *s)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        const char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
}

/* Go's encoding/csv Reader.Read with the defaults (comma ',', strict
 * quotes): the first non-empty line's record, which may continue over
 * newlines inside quotes.  Lines end at "\n" ("\r\n" counts as one);
 * columns are 1-based byte offsets.  On error -1 with csv.ParseError's
 * text. */
typedef struct Csv {
    const char *s, *end;
    int line;          /* lines read so far */
} Csv;

/* the next line with its "\n" (or none at the end); NULL at the end */
static const char *csv_line(Csv *c, size_t *n)
{
    if (c->s >= c->end) return NULL;
    const char *start = c->s;
    const char *nl = memchr(c->s, '\n', (size_t)(c->end - c->s));
    c->s = nl ? nl + 1 : c->end;
    *n = (size_t)(c->s - start);
    /* a "\r" just before the end is dropped */
    if (!nl && start[*n - 1] == '\r') --*n;
    c->line++;
    return start;
}

static size_t nl_len(const char *l, size_t n)
{
    if (n >= 2 && l[n - 2] == '\r' && l[n - 1] == '\n') return 2;
    if (n >= 1 && l[n - 1] == '\n') return 1;
    return 0;
}

static int csv_error(Buf *err, int start, int line, int col, bool bare)
{
    if (start != line) buf_printf(err, "record on line %d; ", start);
    buf_printf(err, "parse error on line %d, column %d: %s", line, col,
               bare ? "bare \" in non-quoted-field" : "extraneous or missing \" in quoted-field");
    return -1;
}

static char *field_dup(Buf *f)
{
    char *d = malloc(f->len + 1);
    if (d) {
        if (f->len) memcpy(d, f->data, f->len);
        d[f->len] = 0;
    }
    buf_clear(f);
    return d;
}

static int csv_record(const char *val, PStrs *out, PStrs *owned, Buf *err)
{
    Csv c = {val, val + strlen(val), 0};
    const char *l;
    size_t n = 0;
    while ((l = csv_line(&c, &n)) && nl_len(l, n) == n) {}
    if (!l) { buf_adds(err, "EOF"); return -1; }
    int start = c.line, col = 1, rc = 0;
    Buf f = BUF_INIT;
    for (;;) {
        if (n == 0 || l[0] != '"') {
            const char *comma = memchr(l, ',', n);
            size_t fl = comma ? (size_t)(comma - l) : n - nl_len(l, n);
            const char *q = memchr(l, '"', fl);
            if (q) { rc = csv_error(err, start, c.line, col + (int)(q - l), true); break; }
            buf_add(&f, l, fl);
            char *d = field_dup(&f);
            if (d) { push(out, d); push(owned, d); }
            if (!comma) break;
            col += (int)fl + 1;
            l += fl + 1;
            n -= fl + 1;
            continue;
        }
        l++, n--, col++;
        bool done = false, next = false;
        while (!done && !next) {
            const char *q = memchr(l, '"', n);
            if (q) {
                size_t i = (size_t)(q - l);
                buf_add(&f, l, i);
                l += i + 1, n -= i + 1, col += (int)i + 1;
                if (n && l[0] == '"') { buf_addc(&f, '"'); l++, n--, col++; }
                else if (n && l[0] == ',') { l++, n--, col++; next = true; }
                else if (nl_len(l, n) == n) done = true;
                else { rc = csv_error(err, start, c.line, col - 1, false); goto out; }
            } else if (n) {
                /* the field goes on over the line break; "\r\n" is "\n" */
                size_t k = nl_len(l, n);
                buf_add(&f, l, n - k);
                if (k) buf_addc(&f, '\n');
                col += (int)(n - k + (k ? 1 : 0));
                l = csv_line(&c, &n);
                if (!l) l = c.end, n = 0;
                else col = 1;
            } else {
                rc = csv_error(err, start, c.line, col, false);
                goto out;
            }
        }
        char *d = field_dup(&f);
        if (d) { push(out, d); push(owned, d); }
        if (done) break;
    }
out:
    buf_free(&f);
    return rc;
}

/* pflag's stringSlice: an empty value adds nothing; CSV errors read
 * `invalid argument "VAL" for "-f, --values" flag: parse error ...`. */
static int push_csv(PStrs *l, PStrs *owned, const char *s, const char *shown, Buf *err)
{
    if (!*s) return 0;
    Buf e = BUF_INIT;
    if (csv_record(s, l, owned, &e) == 0) { buf_free(&e); return 0; }
    buf_adds(err, "invalid argument ");
    fmt_quote(err, s, strlen(s));
    buf_printf(err, " for \"%s\" flag: %s", shown, e.data ? e.data : "");
    buf_free(&e);
    return -1;
}

int pipe_parse_bool(const char *s, bool *out)
{
    static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (size_t i = 0; i < 6; i++) {
        if (strcmp(s, t[i]) == 0) { *out = true; return 0; }
        if (strcmp(s, f[i]) == 0) { *out = false; return 0; }
    }
    return -1;
}

static int kv_error(const char *val, const char *shown, const char *pair, Buf *err)
{
    buf_adds(err, "invalid argument ");
    fmt_quote(err, val, strlen(val));
    buf_printf(err, " for \"%s\" flag: %s must be formatted as key=value", shown, pair);
    return -1;
}

/* pflag's stringToString: no '=' is an error, one '=' makes the whole
 * value one pair with '"' trimmed from both ends (`a=1,b` is a -> "1,b"),
 * more are read as a CSV record. */
static int push_labels(POpts *o, const char *val, const char *shown, Buf *err)
{
    const char *eq = strchr(val, '=');
    if (!eq) return kv_error(val, shown, val, err);
    if (!strchr(eq + 1, '=')) {
        const char *s = val, *e = val + strlen(val);
        while (*s == '"') s++;
        while (e > s && e[-1] == '"') e--;
        char *d = strndup(s, (size_t)(e - s));
        if (d) { push(&o->labels, d); push(&o->owned, d); }
        return 0;
    }
    uint32_t first = o->labels.n;
    if (push_csv(&o->labels, &o->owned, val, shown, err)) return -1;
    for (uint32_t i = first; i < o->labels.n; i++)
        if (!strchr(o->labels.v[i], '=')) return kv_error(val, shown, o->labels.v[i], err);
    return 0;
}

/* ---- values of flags that only matter against a cluster ----------------
 * pflag still parses them, so a bad one is an error before anything else
 * ("invalid argument \"5\" for \"--timeout\" flag: time: missing unit in
 * duration \"5\"" from the reference). */

static char lower_c(char c) { return (char)(c | 0x20); }

static int num_error(Buf *err, const char *shown, const char *fn, const char *val, const char *why)
{
    buf_adds(err, "invalid argument ");
    fmt_quote(err, val, strlen(val));
    buf_printf(err, " for \"%s\" flag: strconv.%s: parsing ", shown, fn);
    fmt_quote(err, val, strlen(val));
    buf_printf(err, ": %s", why);
    return -1;
}

/* strconv.ParseUint(s, base, bits): NULL, "invalid syntax" or "value out
 * of range"; base 0 reads Go's prefixes and allows '_'.  Go returns at the
 * first overflow, so a later bad digit is never seen. */
static const char *go_parse_uint(const char *s, unsigned base, unsigned bits, uint64_t *out)
{
    const char *s0 = s;
    if (!*s) return "invalid syntax";
    bool base0 = base == 0, unders = false;
    if (base0) {
        base = 10;
        if (s[0] == '0') {
            char b = s[1] && s[2] ? lower_c(s[1]) : 0;
            base = b == 'b' ? 2 : b == 'x' ? 16 : 8;
            s += b == 'b' || b == 'o' || b == 'x' ? 2 : 1;
        }
    }
    uint64_t max = bits >= 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1, cutoff = UINT64_MAX / base + 1, n = 0;
    for (; *s; s++) {
        char c = *s;
        unsigned d;
        if (c == '_' && base0) { unders = true; continue; }
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (lower_c(c) >= 'a' && lower_c(c) <= 'z') d = (unsigned)(lower_c(c) - 'a' + 10);
        else return "invalid syntax";
        if (d >= base) return "invalid syntax";
        if (n >= cutoff) return "value out of range";
        n *= base;
        if (n + d < n || n + d > max) return "value out of range";
        n += d;
    }
    if (unders && !fmt_underscore_ok(s0, strlen(s0))) return "invalid syntax";
    *out = n;
    return NULL;
}

/* strconv.ParseInt(s, base, bits), as go_parse_uint */
static const char *go_parse_int(const char *s, unsigned base, unsigned bits, int64_t *out)
{
    if (!*s) return "invalid syntax";
    bool neg = *s == '-';
    if (*s == '+' || *s == '-') s++;
    uint64_t un = 0;
    const char *why = go_parse_uint(s, base, bits, &un);
    if (why && strcmp(why, "invalid syntax") == 0) return why;
    uint64_t cut = (uint64_t)1 << (bits - 1);
    if (why || (!neg && un >= cut) || (neg && un > cut)) return "value out of range";
    *out = neg ? (int64_t)(0 - un) : (int64_t)un;
    return NULL;
}

/* pflag's int flag: strconv.ParseInt(s, 0, 64) */
static int check_int(const char *val, const char *shown, Buf *err)
{
    int64_t v;
    const char *why = go_parse_int(val, 0, 64, &v);
    return why ? num_error(err, shown, "ParseInt", val, why) : 0;
}

static int flag_error(Buf *err, const char *shown, const char *val, const char *why)
{
    buf_adds(err, "invalid argument ");
    fmt_quote(err, val, strlen(val));
    buf_printf(err, " for \"%s\" flag: %s", shown, why);
    return -1;
}

/* klog's flag values (k8s.io/klog/v2 Set methods): -v and stderrthreshold
 * are ParseInt(s, 10, 32) (a severity name first), log_file_max_size is
 * the flag package's uint64 ("parse error" / "value out of range"). */
static int check_klog(int id, const char *val, const char *shown, Buf *err)
{
    static const char *const sev[] = {"INFO", "WARNING", "ERROR", "FATAL"};
    int64_t v;
    uint64_t u;
    const char *why;
    switch (id) {
    case F_KLOG_SEVERITY:
        for (size_t i = 0; i < 4; i++)
            if (strcasecmp(val, sev[i]) == 0) return 0;
        /* fall through */
    case F_KLOG_LEVEL:
        why = go_parse_int(val, 10, 32, &v);
        return why ? num_error(err, shown, "ParseInt", val, why) : 0;
    case F_KLOG_UINT:
        why = go_parse_uint(val, 0, 64, &u);
        if (!why) return 0;
        return flag_error(err, shown, val, strcmp(why, "invalid syntax") == 0 ? "parse error" : why);
    case F_KLOG_VMODULE:
        for (const char *p = val; *p;) {
            size_t n = strcspn(p, ",");
            const char *eq = memchr(p, '=', n);
            bool ok = !n;
            if (eq && eq > p && eq + 1 < p + n && !memchr(eq + 1, '=', (size_t)(p + n - eq - 1))) {
                char *lev = strndup(eq + 1, (size_t)(p + n - eq - 1));
                ok = lev && !go_parse_int(lev, 10, 32, &v);
                free(lev);
                if (ok && v < 0) return flag_error(err, shown, val, "negative value for vmodule level");
            }
            if (!ok) return flag_error(err, shown, val, "syntax error: expect comma-separated list of filename=N");
            p += n + (p[n] == ',');
        }
        return 0;
    case F_KLOG_TRACE: {
        if (!*val) return 0;
        const char *colon = strchr(val, ':');
        if (!colon || strchr(colon + 1, ':') || !memchr(val, '.', (size_t)(colon - val)) ||
            go_parse_int(colon + 1, 10, 64, &v))
            return flag_error(err, shown, val, "syntax error: expect file.go:234");
        return v <= 0 ? flag_error(err, shown, val, "negative or zero value for level") : 0;
    }
    default: return 0;
    }
}

static size_t prefix_nocase(const char *s, const char *word)
{
    size_t n = 0;
    while (s[n] && word[n] && lower_c(s[n]) == word[n]) n++;
    return n;
}

/* pflag's float32 flag: strconv.ParseFloat(s, 32), Go's literal syntax */
static int check_float32(const char *val, const char *shown, Buf *err)
{
    const char *s = val;
    bool sign = *s == '+' || *s == '-';
    if (sign) s++;
    size_t k = prefix_nocase(s, "infinity");
    if (k == 3 || k == 8) return s[k] ? num_error(err, shown, "ParseFloat", val, "invalid syntax") : 0;
    if (k > 3 && !s[k]) return num_error(err, shown, "ParseFloat", val, "invalid syntax");
    if (!sign && prefix_nocase(s, "nan") == 3 && !s[3]) return 0;
    bool hex = s[0] == '0' && lower_c(s[1]) == 'x';
    const char *p = hex ? s + 2 : s;
    bool digits = false, dot = false, unders = false;
    for (;; p++) {
        char c = *p;
        if (c == '_') { unders = true; continue; }
        if (c == '.' && !dot) { dot = true; continue; }
        if ((c >= '0' && c <= '9') || (hex && lower_c(c) >= 'a' && lower_c(c) <= 'f')) { digits = true; continue; }
        break;
    }
    if (!digits) return num_error(err, shown, "ParseFloat", val, "invalid syntax");
    if (lower_c(*p) == (hex ? 'p' : 'e')) {
        p++;
        if (*p == '+' || *p == '-') p++;
        bool ed = false;
        for (; (*p >= '0' && *p <= '9') || *p == '_'; p++) {
            if (*p == '_') unders = true;
            else ed = true;
        }
        if (!ed) return num_error(err, shown, "ParseFloat", val, "invalid syntax");
    } else if (hex) {
        return num_error(err, shown, "ParseFloat", val, "invalid syntax");
    }
    if (*p || (unders && !fmt_underscore_ok(val, strlen(val)))) return num_error(err, shown, "ParseFloat", val, "invalid syntax");
    char buf[512];
    size_t w = 0;
    for (const char *q = val; *q && w + 1 < sizeof buf; q++)
        if (*q != '_') buf[w++] = *q;
    buf[w] = 0;
    float f = strtof(buf, NULL);
    if (f > 3.4028234663852886e38f || f < -3.4028234663852886e38f)
        return num_error(err, shown, "ParseFloat", val, "value out of range");
    return 0;
}

/* Go's quote() in package time: bytes of non-ASCII or control runes as
 * \xNN, '"' and '\\' escaped */
static void time_quote(Buf *b, const char *s)
{
    buf_addc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80 || c < 0x20) buf_printf(b, "\\x%02x", c);
        else {
            if (c == '"' || c == '\\') buf_addc(b, '\\');
            buf_addc(b, (char)c);
        }
    }
    buf_addc(b, '"');
}

/* time.ParseDuration's errors; NULL when the text is a duration */
static const char *duration_error(const char *orig, const char **unit, size_t *unit_len)
{
    static const char *const units[] = {"ns", "us", "\xc2\xb5s", "\xce\xbcs", "ms", "s", "m", "h"};
    static const uint64_t scale[] = {1, 1000, 1000, 1000, 1000000, 1000000000ull, 60000000000ull, 3600000000000ull};
    const char *s = orig;
    bool neg = false;
    if (*s == '-' || *s == '+') neg = *s++ == '-';
    if (strcmp(s, "0") == 0) return NULL;
    if (!*s) return "invalid";
    const uint64_t lim = (uint64_t)1 << 63;
    uint64_t d = 0;
    while (*s) {
        if (!(*s == '.' || (*s >= '0' && *s <= '9'))) return "invalid";
        uint64_t v = 0, f = 0;
        double sc = 1;
        const char *st = s;
        for (; *s >= '0' && *s <= '9'; s++) {
            if (v > lim / 10) return "invalid";
            v = v * 10 + (uint64_t)(*s - '0');
            if (v > lim) return "invalid";
        }
        bool pre = s != st, post = false;
        if (*s == '.') {
            s++;
            const char *fs = s;
            bool over = false;
            for (; *s >= '0' && *s <= '9'; s++) {
                if (over) continue;
                if (f > (lim - 1) / 10) { over = true; continue; }
                uint64_t y = f * 10 + (uint64_t)(*s - '0');
                if (y > lim) { over = true; continue; }
                f = y;
                sc *= 10;
            }
            post = s != fs;
        }
        if (!pre && !post) return "invalid";
        size_t i = 0;
        while (s[i] && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
        if (i == 0) return "missing";
        size_t u = 0;
        while (u < 8 && !(strlen(units[u]) == i && memcmp(units[u], s, i) == 0)) u++;
        if (u == 8) {
            *unit = s;
            *unit_len = i;
            return "unit";
        }
        s += i;
        if (v > lim / scale[u]) return "invalid";
        v *= scale[u];
        if (f > 0) {
            v += (uint64_t)((double)f * ((double)scale[u] / sc));
            if (v > lim) return "invalid";
        }
        d += v;
        if (d > lim) return "invalid";
    }
    if (!neg && d > lim - 1) return "invalid";
    return NULL;
}

static int check_duration(const char *val, const char *shown, Buf *err)
{
    const char *unit = NULL;
    size_t ulen = 0;
    const char *why = duration_error(val, &unit, &ulen);
    if (!why) return 0;
    buf_adds(err, "invalid argument ");
    fmt_quote(err, val, strlen(val));
    buf_printf(err, " for \"%s\" flag: time: ", shown);
    if (strcmp(why, "missing") == 0) buf_adds(err, "missing unit in duration ");
    else if (strcmp(why, "unit") == 0) {
        char *u = strndup(unit, ulen);
        buf_adds(err, "unknown unit ");
        time_quote(err, u ? u : "");
        free(u);
        buf_adds(err, " in duration ");
    } else buf_adds(err, "invalid duration ");
    time_quote(err, val);
    return -1;
}

/* helm v4's --wait: a strategy name, or a deprecated boolean (warned at
 * parse time, as pflag's Set does, so before any later flag error) */
static int check_wait(const char *val, const char *shown, Buf *err)
{
    if (strcmp(val, "unchanged") == 0 || strcmp(val, "watcher") == 0 || strcmp(val, "hookOnly") == 0 ||
        strcmp(val, "legacy") == 0)
        return 0;
    if (strcmp(val, "true") == 0 || strcmp(val, "false") == 0) {
        fprintf(stderr, "level=WARN msg=\"--wait=%s is deprecated (boolean value) and can be replaced with --wait=%s\"\n",
                val, val[0] == 't' ? "watcher" : "hookOnly");
        return 0;
    }
    buf_adds(err, "invalid argument ");
    fmt_quote(err, val, strlen(val));
    buf_printf(err, " for \"%s\" flag: invalid wait input ", shown);
    fmt_quote(err, val, strlen(val));
    buf_adds(err, ". Valid inputs are watcher, hookOnly, and legacy");
    return -1;
}

static int set_flag(POpts *o, const Flag *f, const char *val, const char *shown, Buf *err)
{
    bool b = true;
    if (f->kind == K_BOOL && val && pipe_parse_bool(val, &b)) {
        buf_adds(err, "invalid argument ");
        fmt_quote(err, val, strlen(val));
        buf_printf(err, " for \"%s\" flag: strconv.ParseBool: parsing ", shown);
        fmt_quote(err, val, strlen(val));
        buf_adds(err, ": invalid syntax");
        return -1;
    }
    if (f->kind == K_GOBOOL && val && pipe_parse_bool(val, &b)) return flag_error(err, shown, val, "parse error");
    bool ss;
    switch (f->id) {
    case F_KLOG_LEVEL: case F_KLOG_UINT: case F_KLOG_SEVERITY: case F_KLOG_VMODULE: case F_KLOG_TRACE:
        return check_klog(f->id, val, shown, err);
    case F_TIMEOUT: return check_duration(val, shown, err);
    case F_BURST_LIMIT: return check_int(val, shown, err);
    case F_QPS: return check_float32(val, shown, err);
    case F_WAIT: return check_wait(val, shown, err);
    case F_SERVER_SIDE:
        if (strcmp(val, "unchanged") == 0 || pipe_parse_bool(val, &ss) == 0) return 0;
        return num_error(err, shown, "ParseBool", val, "invalid syntax");
    case F_VALUES: return push_csv(&o->values, &o->owned, val, shown, err);
    case F_SET: push(&o->set, val); break;
    case F_SET_STRING: push(&o->set_string, val); break;
    case F_SET_FILE: push(&o->set_file, val); break;
    case F_SET_JSON: push(&o->set_json, val); break;
    case F_SET_LITERAL: push(&o->set_literal, val); break;
    case F_NAMESPACE: o->namespace = val; break;
    case F_NAME_TEMPLATE: o->name_template = val; break;
    case F_GENERATE: o->generate_name = b; break;
    case F_RELEASE_NAME: o->release_name_dir = b; break;
    /* helm tests these for "": an empty value is the flag not given */
    case F_OUTPUT_DIR: o->output_dir = *val ? val : NULL; break;
    case F_IS_UPGRADE: o->is_upgrade = b; break;
    case F_KUBE_VERSION: o->kube_version = *val ? val : NULL; break;
    case F_API_VERSIONS: return push_csv(&o->api_versions, &o->owned, val, shown, err);
    case F_SHOW_ONLY: push(&o->show_only, val); break;
    case F_INCLUDE_CRDS: o->include_crds = b; break;
    case F_SKIP_CRDS: o->skip_crds = b; break;
    case F_SKIP_TESTS: o->skip_tests = b; break;
    case F_ENABLE_DNS: o->enable_dns = b; break;
    case F_NO_HOOKS: o->no_hooks = b; break;
    case F_SKIP_SCHEMA: o->skip_schema = b; break;
    case F_POST_RENDERER: o->post_renderer = *val ? val : NULL; break;
    case F_POST_RENDERER_ARGS: push(&o->post_renderer_args, val); break;
    case F_DEBUG: o->debug = b; break;
    case F_LABELS: return push_labels(o, val, shown, err);
    case F_DRY_RUN: o->dry_run = val; break;
    case F_VALIDATE: o->validate = b; break;
    case F_HELP: o->help = b; break;
    case F_ATOMIC: if (b) o->deprecated_atomic = true; break;
    case F_FORCE: if (b) o->deprecated_force = true; break;
    case F_DEVEL: o->fetch.devel = b; break;
    case F_VERSION: o->fetch.version = val; break;
    case F_REPO: o->fetch.repo = val; break;
    case F_USERNAME: o->fetch.username = val; break;
    case F_PASSWORD: o->fetch.password = val; break;
    case F_CERT_FILE: o->fetch.cert_file = val; break;
    case F_KEY_FILE: o->fetch.key_file = val; break;
    case F_CA_FILE: o->fetch.ca_file = val; break;
    case F_INSECURE_TLS: o->fetch.insecure = b; break;
    case F_PLAIN_HTTP: o->fetch.plain_http = b; break;
    case F_PASS_CREDENTIALS: o->fetch.pass_credentials = b; break;
    case F_REPO_CONFIG: o->fetch.repository_config = val; break;
    case F_REPO_CACHE: o->fetch.repository_cache = val; break;
    case F_CONTENT_CACHE: o->fetch.content_cache = val; break;
    case F_VERIFY: o->fetch.verify = b; break;
    case F_KEYRING: o->fetch.keyring = val; break;
    case F_REGISTRY_CONFIG: o->fetch.registry_config = val; break;
    default: break;
    }
    return 0;
}

/* "--name[=value]" */
static int parse_long(POpts *o, int argc, char **argv, int *i, bool root, Buf *err)
{
    const char *arg = argv[*i] + 2;
    if (arg[0] == '-' || arg[0] == '=') {
        buf_printf(err, "bad flag syntax: %s", argv[*i]);
        return -1;
    }
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    const Flag *f = find_long(arg, n, root);
    if (!f) {
        buf_printf(err, "unknown flag: --%.*s", (int)n, arg);
        return -1;
    }
    char shown[128];
    if (f->shorthand) snprintf(shown, sizeof shown, "-%c, --%s", f->shorthand, f->name);
    else snprintf(shown, sizeof shown, "--%s", f->name);
    const char *val = eq ? eq + 1 : NULL;
    if (!val && f->kind == K_OPTVAL) val = "unchanged";
    if (!val && !is_bool(f)) {
        if (*i + 1 >= argc) {
            buf_printf(err, "flag needs an argument: --%s", f->name);
            return -1;
        }
        val = argv[++*i];
    }
    return set_flag(o, f, val, shown, err);
}

/* "-abc", "-nvalue", "-n value", "-n=value"; pflag's errors name the rest
 * of the cluster from the failing letter on (`-gZx`: 'Z' in -Zx) */
static int parse_short(POpts *o, int argc, char **argv, int *i, bool root, Buf *err)
{
    const char *arg = argv[*i];
    for (const char *p = arg + 1; *p; p++) {
        const Flag *f = find_short(*p, root);
        if (!f) {
            buf_printf(err, "unknown shorthand flag: '%c' in -%s", *p, p);
            return -1;
        }
        char shown[128];
        snprintf(shown, sizeof shown, "-%c, --%s", f->shorthand, f->name);
        if (is_bool(f)) {
            const char *val = NULL;
            if (p[1] == '=') val = p + 2;
            if (set_flag(o, f, val, shown, err)) return -1;
            if (val) return 0;
            continue;
        }
        const char *val;
        /* pflag drops the '=' only when something follows it: -l= is "=" */
        if (p[1] == '=' && p[2]) val = p + 2;
        else if (p[1]) val = p + 1;
        else if (*i + 1 < argc) val = argv[++*i];
        else {
            buf_printf(err, "flag needs an argument: '%c' in -%s", *p, p);
            return -1;
        }
        return set_flag(o, f, val, shown, err);
    }
    return 0;
}

/* pflag's stripUnknownFlagValue: an unknown flag eats the next argument
 * unless that looks like a flag */
static int strip_unknown(int argc, char **argv, int i)
{
    return i + 1 < argc && argv[i + 1][0] != '-' ? i + 1 : i;
}

/* One global flag's value; false stops the parse, as pflag's error does. */
static bool global_set(const Flag *f, const char *v, const char **ns, int *debug, const char **color)
{
    Buf e = BUF_INIT;
    bool ok = true, b;
    if (is_bool(f)) {
        ok = pipe_parse_bool(v, &b) == 0;
        if (ok && f->id == F_DEBUG) *debug = b;
    } else if (f->id == F_NAMESPACE) *ns = v;
    else if (strncmp(f->name, "colo", 4) == 0) *color = v;
    else if (f->id == F_BURST_LIMIT) ok = check_int(v, "", &e) == 0;
    else if (f->id == F_QPS) ok = check_float32(v, "", &e) == 0;
    else ok = check_klog(f->id, v, "", &e) == 0;
    buf_free(&e);
    return ok;
}

/* helm's main reads the global flags (-n, --debug, ...) from the whole
 * command line before cobra parses the command's, skipping unknown flags
 * the pflag way; the command's parse then sets again only what it sees.
 * So `--description -ns` sets the namespace to "s" (the reference prints
 * namespace: s) while --description gets "-ns". */
static void global_preparse(int argc, char **argv, const char **ns, int *debug, const char **color)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) continue;
        if (strcmp(a, "--") == 0) return;
        if (a[1] == '-') {
            const char *name = a + 2;
            if (!*name || *name == '-' || *name == '=') return;
            const char *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            const Flag *f = find_long(name, n, true);
            if (f && f->id == F_HELP) f = NULL;
            if (!f) {
                if (n == 4 && memcmp(name, "help", 4) == 0) return;
                if (!eq) i = strip_unknown(argc, argv, i);
                continue;
            }
            const char *v;
            if (eq) v = eq + 1;
            else if (is_bool(f)) v = "true";
            else if (i + 1 < argc) v = argv[++i];
            else return;
            if (!global_set(f, v, ns, debug, color)) return;
            continue;
        }
        /* shorthand clusters: only -n and klog's -v are global; pflag
         * hands every letter the original following arguments */
        const char *sh = a + 1;
        int next = i;
        while (*sh) {
            const Flag *g = *sh == 'h' ? NULL : find_short(*sh, true);
            if (!g) {
                if (*sh == 'h') return;
                if (sh[1] == '=' && sh[2]) { next = i; break; }
                next = strip_unknown(argc, argv, i);
                sh++;
                continue;
            }
            const char *v;
            next = i;
            if (sh[1] == '=' && sh[2]) v = sh + 2;
            else if (sh[1]) v = sh + 1;
            else if (i + 1 < argc) { v = argv[i + 1]; next = i + 1; }
            else return;
            if (!global_set(g, v, ns, debug, color)) return;
            break;
        }
        i = next;
    }
}

int pipe_parse_args(POpts *o, int argc, char **argv, Buf *err)
{
    bool dashdash = false;
    /* helm's --debug defaults to $HELM_DEBUG read with strconv.ParseBool
     * (anything else leaves it off) */
    const char *env_debug = getenv("HELM_DEBUG");
    if (env_debug) pipe_parse_bool(env_debug, &o->debug);
    const char *pre_ns = NULL, *pre_color = NULL;
    int pre_debug = -1;
    global_preparse(argc, argv, &pre_ns, &pre_debug, &pre_color);
    if (pre_debug >= 0) o->debug = pre_debug;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (dashdash || a[0] != '-' || a[1] == 0) { push(&o->args, a); continue; }
        if (strcmp(a, "--") == 0) { dashdash = true; continue; }
        int rc = a[1] == '-' ? parse_long(o, argc, argv, &i, false, err) : parse_short(o, argc, argv, &i, false, err);
        if (rc) return -1;
    }
    if (!o->namespace && pre_ns) o->namespace = pre_ns;
    return 0;
}

/* --color/--colour as helm's main pre-parses them from the whole command
 * line (the last one before any parse error wins); NULL if not given */
const char *pipe_global_color(int argc, char **argv)
{
    const char *ns = NULL, *color = NULL;
    int debug = -1;
    global_preparse(argc, argv, &ns, &debug, &color);
    return color;
}

/* `helm [global flags]` with no subcommand: the root command parses its
 * own flags (the global ones and -h/--help) and stops at the first error,
 * as pflag does; *help tells whether --help was given, pos[0..*npos) are
 * the positional arguments (those after "--" included; pos may be NULL,
 * else it has room for argc).  Commands with the same flags (helm's
 * version and help) use it too. */
int pipe_parse_root_args(int argc, char **argv, bool *help, char **pos, int *npos, Buf *err)
{
    POpts o = {0};
    int rc = 0;
    bool dashdash = false;
    *npos = 0;
    for (int i = 0; i < argc && !rc; i++) {
        const char *a = argv[i];
        if (dashdash || a[0] != '-' || a[1] == 0) {
            if (pos) pos[*npos] = argv[i];
            ++*npos;
            continue;
        }
        if (strcmp(a, "--") == 0) { dashdash = true; continue; }
        rc = a[1] == '-' ? parse_long(&o, argc, argv, &i, true, err) : parse_short(&o, argc, argv, &i, true, err);
    }
    *help = o.help;
    pipe_opts_free(&o);
    return rc;
}

/* cobra's hasNoOptDefVal on the root command while it looks for the
 * subcommand: which `--name` (no '=') takes no following value.  The
 * root's -h/--help is not defined yet then, so `helm --help template`
 * reads "template" as --help's value. */
bool pipe_root_flag_noopt(const char *name, size_t n)
{
    const Flag *f = find_long(name, n, true);
    return f && f->id != F_HELP && is_bool(f);
}

void pipe_opts_free(POpts *o)
{
    for (uint32_t i = 0; i < o->owned.n; i++) free((char *)o->owned.v[i]);
    PStrs *all[] = {&o->args, &o->values, &o->set, &o->set_string, &o->set_file, &o->set_json,
                    &o->set_literal, &o->api_versions, &o->show_only, &o->labels,
                    &o->post_renderer_args, &o->owned};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]->v);
}

/* --name-template runs with Sprig's function map only (helm's
 * TemplateName), so the functions helm adds for charts are undefined
 * there (the reference binary rejects exactly these twelve) and Go's
 * parser stops at the first undefined one: "template: name-template:1:
 * function \"include\" not defined".  Returns 1 with the first
 * identifier, before any lexical error, that is helm-only or not in reg;
 * else 0. */
int pipe_name_template_undefined(const char *tmpl, const FnRegistry *reg, uint32_t *line, const char **name,
                                 size_t *len)
{
    static const char *const helm_only[] = {
        "fromJsonArray", "fromToml", "fromYaml", "fromYamlArray", "include", "lookup",
        "mustToYaml", "required", "toToml", "toYaml", "toYamlPretty", "tpl",
    };
    Lexer l;
    lex_init(&l, tmpl, strlen(tmpl));
    for (;;) {
        Token t = lex_next(&l);
        if (t.type == T_EOF || t.type == T_ERROR) return 0;
        if (t.type != T_IDENT) continue;
        bool undef = !fn_lookup(reg, t.val, t.len);
        for (size_t i = 0; i < sizeof helm_only / sizeof helm_only[0] && !undef; i++)
            undef = strlen(helm_only[i]) == t.len && memcmp(helm_only[i], t.val, t.len) == 0;
        if (undef) {
            *line = t.line;
            *name = t.val;
            *len = t.len;
            return 1;
        }
    }
}
