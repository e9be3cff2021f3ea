/* The YAML fast paths (src/yaml/yamlfast.c for reading, yamlfastemit.c
 * for writing) must never change a result: every text is decoded twice,
 * with the fast path and with libyaml alone, and the values (kinds, Go
 * types, flags, key order, bytes) and errors must be identical; every
 * value is encoded both ways and the texts and errors must be identical.
 * Inputs: hand-picked edge cases, every YAML file in testdata/ and
 * examples/, random documents assembled from fragments that sit on the
 * subsets' borders, and random values.  The fast paths must also take the
 * plain inputs they exist for (else they would silently rot). */
#include "../check.h"
#include "../yaml/fnstub.h"
#include "yaml/yaml.h"
#include "yaml/ynode.h"
#include "yaml/yamlint.h"

#include <math.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>

static void dump(Buf *b, Value v, int depth)
{
    buf_printf(b, "<%d/%d/%x>", v.kind, v.gtype, v.flags);
    if (depth > 200) return;
    switch ((VKind)v.kind) {
    case V_BOOL: buf_printf(b, "%d", v.u.b); break;
    case V_INT: buf_printf(b, "%lld", (long long)v.u.i); break;
    case V_FLOAT: buf_printf(b, "%a", v.u.f); break;
    case V_STR: buf_printf(b, "%zu:", (size_t)v.u.s->len); buf_add(b, v.u.s->s, v.u.s->len); break;
    case V_LIST:
        buf_printf(b, "[%u", v.u.l->len);
        for (uint32_t i = 0; i < v.u.l->len; i++) { buf_addc(b, ' '); dump(b, v.u.l->items[i], depth + 1); }
        buf_addc(b, ']');
        break;
    case V_MAP:
        buf_printf(b, "{%u/%x", map_len(v.u.m), v.u.m->flags);
        for (uint32_t i = 0; i < v.u.m->used; i++) {
            const MapEntry *e = &v.u.m->entries[i];
            if (!e->key) continue;
            buf_printf(b, " %zu:", (size_t)e->key->len);
            buf_add(b, e->key->s, e->key->len);
            buf_addc(b, '=');
            dump(b, e->val, depth + 1);
        }
        buf_addc(b, '}');
        break;
    default: break;
    }
}

static int fast_taken, enc_taken;

/* Both encoders on v: identical text or error. */
static void same_enc(Value v, const char *what)
{
    Buf o1 = BUF_INIT, o2 = BUF_INIT, e1 = BUF_INIT, e2 = BUF_INIT, f = BUF_INIT;
    enc_taken += yaml_fast_encode(&f, v);
    int r1 = yaml_encode(&o1, v, &e1);
    int r2 = yaml_encode_libyaml(&o2, v, &e2);
    int ok = r1 == r2 && o1.len == o2.len && (!o1.len || memcmp(o1.data, o2.data, o1.len) == 0) &&
             e1.len == e2.len && (!e1.len || memcmp(e1.data, e2.data, e1.len) == 0);
    if (!ok) printf("ENC DIFF in %s:\n--- fast:\n%s%s\n--- libyaml:\n%s%s\n", what, o1.data ? o1.data : "",
                    e1.data ? e1.data : "", o2.data ? o2.data : "", e2.data ? e2.data : "");
    CHECK(ok);
    buf_free(&o1); buf_free(&o2); buf_free(&e1); buf_free(&e2); buf_free(&f);
}

/* ---- head-only decoding (yaml_decode_keep, YAML_WANT_HEAD) ---------------- */

static int head_reduced;

static bool keep_head(const char *k, size_t n)
{
    return (n == 10 && strncasecmp(k, "apiVersion", n) == 0) || (n == 4 && strncasecmp(k, "kind", n) == 0) ||
           (n == 8 && strncasecmp(k, "metadata", n) == 0);
}

/* keys the random documents use */
static bool keep_rand(const char *k, size_t n)
{
    return (n == 1 && *k == 'a') || (n == 4 && memcmp(k, "name", 4) == 0) || (n == 4 && memcmp(k, "true", 4) == 0);
}

/* v with only the top-level entries keep() accepts, in its order. */
static void dump_kept(Buf *b, Value v, YamlKeep keep)
{
    if (v.kind != V_MAP) { dump(b, v, 0); return; }
    for (uint32_t i = 0; i < v.u.m->used; i++) {
        const MapEntry *e = &v.u.m->entries[i];
        if (!e->key || !keep(e->key->s, e->key->len)) continue;
        buf_printf(b, " %zu:", (size_t)e->key->len);
        buf_add(b, e->key->s, e->key->len);
        buf_addc(b, '=');
        dump(b, e->val, 1);
    }
}

/* The head-only decode against the full one (r, v, e): same return and
 * error, the same kept entries. */
static void same_head(Arena *a, const char *text, size_t n, const char *what, int r, Value v, const Buf *e,
                      YamlKeep keep)
{
    Value h;
    Buf eh = BUF_INIT, d1 = BUF_INIT, d2 = BUF_INIT;
    bool reduced = false;
    int rh = keep == keep_head ? yaml_decode(a, text, n, YAML_WANT_HEAD, &h, &eh)
                               : yaml_decode_keep(a, text, n, keep, &h, &eh, &reduced);
    /* a head's string fields hold numbers and bools as text: the full
     * decode to compare with is the libyaml path's head decode */
    Buf ef = BUF_INIT;
    if (keep == keep_head) {
        r = yaml_decode_libyaml(a, text, n, YAML_WANT_HEAD, &v, &ef);
        e = &ef;
    }
    if (rh == 0) dump_kept(&d1, h, keep);
    if (r == 0) dump_kept(&d2, v, keep);
    int ok = rh == r && strcmp(eh.data ? eh.data : "", e->data ? e->data : "") == 0 &&
             (r || (d1.len == d2.len && (!d1.len || memcmp(d1.data, d2.data, d1.len) == 0) &&
                    (h.kind == V_MAP) == (v.kind == V_MAP)));
    if (!ok)
        printf("HEAD DIFF in %s:\n---\n%.*s\n--- head: %s\n--- full: %s\n", what, (int)(n > 2000 ? 2000 : n), text,
               rh ? eh.data : d1.data, r ? e->data : d2.data);
    CHECK(ok);
    head_reduced += reduced;
    buf_free(&eh); buf_free(&d1); buf_free(&d2); buf_free(&ef);
}

/* Both decoders on text: identical outcome.  Returns whether the fast path
 * took the text. */
static int same(const char *text, size_t n, const char *what)
{
    Arena a;
    arena_init(&a);
    YNode *root;
    int fast = yaml_fast_tree(&a, text, n, &root);
    Value v1, v2;
    Buf e1 = BUF_INIT, e2 = BUF_INIT, d1 = BUF_INIT, d2 = BUF_INIT;
    int r1 = yaml_decode(&a, text, n, V_NIL, &v1, &e1);
    int r2 = yaml_decode_libyaml(&a, text, n, V_NIL, &v2, &e2);
    if (r1 == 0) dump(&d1, v1, 0);
    if (r1 == 0) same_enc(v1, what);
    if (r2 == 0) dump(&d2, v2, 0);
    int ok = r1 == r2 && (r1 ? strcmp(e1.data ? e1.data : "", e2.data ? e2.data : "") == 0
                             : d1.len == d2.len && (!d1.len || memcmp(d1.data, d2.data, d1.len) == 0));
    /* taken texts are valid YAML (JSON conversion may still fail) */
    if (fast && r2 != 0 && strstr(e2.data ? e2.data : "", "to JSON: yaml:")) ok = 0;
    same_head(&a, text, n, what, r1, v1, &e1, keep_head);
    same_head(&a, text, n, what, r1, v1, &e1, keep_rand);
    if (!ok) {
        printf("DIFF (%s, fast=%d) in %s:\n---\n%.*s\n--- fast: %s\n--- libyaml: %s\n", r1 || r2 ? "error" : "value",
               fast, what, (int)(n > 2000 ? 2000 : n), text, r1 ? e1.data : d1.data, r2 ? e2.data : d2.data);
    }
    CHECK(ok);
    fast_taken += fast;
    buf_free(&e1); buf_free(&e2); buf_free(&d1); buf_free(&d2);
    arena_free(&a);
    return fast;
}

static int same_s(const char *text) { return same(text, strlen(text), "hand case"); }

static void test_hand(void)
{
    /* taken */
    static const char *const take[] = {
        "a: 1\n", "a: b\nc: d", "a:\n  b: c\n", "a:\n- 1\n- 2\nb: x\n", "- a\n- b: c\n  d: e\n- - x\n",
        "k: \"q\\\"x\\\\y\\n\"\n", "k: 'it''s'\n", "k: |\n  line1\n  line2\n", "k: |-\n  x\n\n", "k: |\n    \n  x\n",
        "k: |\n  a\n   b\n\n  c\n", "k: |\n  a\n", "k: |\n  a", "k: [a, b, \"c\"]\n", "k: [--x=1, 2]\n", "k: {}\nl: []\n",
        "k: ~\n", "k: true\n", "k: 1e3\n", "k: 0x1F\n", "k: 2001-12-14\n", "k: .inf\n", "k: -.5\n", "k:\n", "k: # c\n  x: 1\n",
        "# only\nk: v # trailing\n", "  a: 1\n  b: 2\n", "{}\n", "[]", "plain\n", "a: b:c\n", "a: http://x:80/y\n",
        "a:\n  - x\n  -\n  - y\n", "a: |\n  x\nb: |-\n  y\n", "data:\n  x.json: \"{\\\"a\\\":1}\"\n",
        "- |\n  a\n- b\n", "a:\n  b:\n    c:\n      d: 1\n", "a: 'x'  # c\n", "a: x y z\n", "a: -1\n", "a: <<\n",
        "k: |\n  a\n      \n  b\n", "k: |\n  a\n  \n", "k: |-\n  a\n  b\n", "l:\n  - a: 1\n    b: 2\n  - c: 3\n",
        "a: 1\na: 2\n", "A: 1\na: 2\n", "y: 1\n", "n: 2\n", "on: 3\n", "a: #x\n", "a: |\n\n  x\n  \n",
    };
    for (size_t i = 0; i < sizeof take / sizeof *take; i++) same_s(take[i]);
    /* left to libyaml (and still identical) */
    static const char *const leave[] = {
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "a: >\n  x\n  y\n",
        "a: |+\n  x\n\n", "a: |2\n   x\n", "a: {b: c}\n", "a: [x: 1]\n", "a: [a?b]\n", "a: [x:]\n", "\"a\": 1\n",
        "a: b: c\n", "a: b\n  c\n", "a:\tb\n", "a: b\r\n", "a: \xc3\xa9\n", "a: \"x\n  y\"\n", "a: 'x\n  y'\n",
        "? a\n: b\n", "a: -\n", "- - \n", "a:\n - x\n b: 1\n", "a: 1\n b: 2\n", "a:\n  b: 1\n c: 2\n", "a: \"\\/\"\n",
        "a: \"\\x41\"\n", "a: b #c\n  d\n", "key with space: 1\n", "a: @x\n", "a: `x\n", "a: ,x\n", "a: [a, ]\n",
        "a: [\"x\\/\"]\n", "true: 1\n", "1: x\n", "null: x\n", "<<: {a: 1}\n", "",
        "a: 1\n- b\n", "- a\nb: 1\n", "a:\n  - x\n  y: 1\n", "a: |\n  x\n y\n", "a:\n    b: 1\n  c: 2\n",
    };
    int taken = 0;
    for (size_t i = 0; i < sizeof leave / sizeof *leave; i++) {
        int t = same_s(leave[i]);
        if (t) printf("taken: %s\n", leave[i]);
        taken += t;
    }
    CHECK_INT(taken, 0);
    /* a byte outside printable ASCII and '\n' anywhere (every offset in
     * an 8-byte word) keeps the text from the fast path; '\n' in every
     * lane does not */
    for (int c = 0; c < 256; c++) {
        if (c == '\n' || (c >= 0x20 && c < 0x7f)) continue;
        for (size_t at = 3; at < 30; at++) {
            char t[33];
            memcpy(t, "a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 32);
            t[32] = '\n';
            t[at] = (char)c;
            Arena a;
            arena_init(&a);
            YNode *root;
            int took = yaml_fast_tree(&a, t, 33, &root);
            if (took) printf("taken with byte %#x at %zu\n", c, at);
            CHECK_INT(took, 0);
            arena_free(&a);
        }
    }
    for (size_t k = 1; k <= 8; k++) {
        char t[128];
        size_t n = 0;
        for (int i = 0; i < 6; i++) {
            n += (size_t)snprintf(t + n, sizeof t - n, "%c:%*s", 'a' + i, (int)k + 1, "x");
            t[n++] = '\n';
        }
        Arena a;
        arena_init(&a);
        YNode *root;
        CHECK_INT(yaml_fast_tree(&a, t, n, &root), 1);
        arena_free(&a);
    }
    /* the plain texts the fast path exists for are taken */
    /* the head-only decode skips what it can prove quiet, and only that
     * (and only on the fast path's tree: 0 where libyaml reads the text) */
    static const struct { const char *s; int reduced; } heads[] = {
        {"a: 1\nname: x\nb:\n  c: [1, 2]\n  d: |\n    x\n", 1}, {"a: 1\nb: .inf\n", 0}, {"a: 1\nb:\n  ~: 1\n", 0},
        {"a: 1\nb:\n  1: x\n", 0}, {"a: 1\nb: &x 1\n", 0}, {"a: .nan\nb: 1\n", 1}, {"a:\n  ~: 1\nb: x\n", 0},
        {"b: 1\nb:\n  y: 1\na: 2\na: 3\n", 0}, {"b: 1\nb: 2\na: 2\na: 3\n", 1}, {"- a\n", 0}, {"x\n", 0}, {"a: [\n", 0}, {"b: x\nc: [\n", 0},
        {"true: 1\nyes: 2\nb: 3\n", 0}, {"a: 1\nb: 2001-12-14\n2001-12-14: x\n", 0}, {"<<: {}\na: 1\n", 0},
    };
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        Arena a;
        arena_init(&a);
        Value v;
        Buf e = BUF_INIT;
        bool reduced = false;
        yaml_decode_keep(&a, heads[i].s, strlen(heads[i].s), keep_rand, &v, &e, &reduced);
        if ((int)reduced != heads[i].reduced) printf("reduced=%d: %s\n", reduced, heads[i].s);
        CHECK_INT(reduced, heads[i].reduced);
        same_s(heads[i].s);
        buf_free(&e);
        arena_free(&a);
    }
    CHECK(same_s("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app.kubernetes.io/name: x\n"
                 "data:\n  a: \"1\"\n  b: |\n    line\n"));
}

/* ---- every YAML file in the tree ---------------------------------------- */

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static void each_doc(const char *text, size_t n, const char *what)
{
    /* the documents helm's readers hand to the decoder: cut at "---" lines */
    size_t beg = 0;
    for (size_t p = 0; p <= n;) {
        const char *nl = memchr(text + p, '\n', n - p);
        size_t e = nl ? (size_t)(nl - text) : n;
        if (e - p >= 3 && memcmp(text + p, "---", 3) == 0 && (e - p == 3 || text[p + 3] == ' ')) {
            same(text + beg, p - beg, what);
            beg = e < n ? e + 1 : n;
        }
        if (!nl) break;
        p = e + 1;
    }
    same(text + beg, n - beg, what);
}

static int files_seen;

static void walk(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 20) { if (d) closedir(d); return; }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) { walk(path, depth + 1); continue; }
        if (!S_ISREG(st.st_mode) || st.st_size > (4 << 20)) continue;
        if (!ends_with(path, ".yaml") && !ends_with(path, ".yml")) continue;
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        char *buf = malloc((size_t)st.st_size + 1);
        size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
        fclose(f);
        if (buf) each_doc(buf, n, path);
        free(buf);
        files_seen++;
    }
    closedir(d);
}

/* ---- random documents ---------------------------------------------------- */

static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static const char *const keys[] = {"a", "name", "app.kubernetes.io/name", "x-y", "k_1", "1", "true", "y", "~", "a b",
                                   "\"q\"", "<<", "-k", ".k", "Key", "key"};
static const char *const scalars[] = {
    "1", "1.0", "1e3", "-5", "0x1F", "0o7", "07", "+1", ".5", "1_000", "true", "False", "yes", "off", "null", "~", "",
    "2001-12-14", "2001-12-14T21:59:43Z", ".inf", "-.Inf", ".nan", "abc", "a b", "a:b", "a: b", "a #b", "a#b", "x:",
    "\"q\"", "\"a\\\"b\"", "\"\\n\\t\"", "\"\\/\"", "\"\\x41\"", "'s'", "'it''s'", "''", "{}", "[]", "[a, b]", "[a,b]",
    "[\"a\", 1]", "[a:]", "[a?b]", "[ ]", "[a, ]", "{a: b}", "-x", "- x", "-", "&a x", "*a", "!!str 1", "%x", "@x",
    "`x", "|", "|-", ">", "|+", "?x", ":x", ",x", "<<", "=", "http://h:1/p", "é", "a\tb", "'a", "\"a",
};

static void gen_node(Buf *b, int indent, int depth);

static void gen_scalar_value(Buf *b, int indent)
{
    int r = (int)rnd(10);
    if (r < 7 || indent > 30) {
        buf_adds(b, scalars[rnd(sizeof scalars / sizeof *scalars)]);
        if (rnd(8) == 0) buf_adds(b, rnd(2) ? "  # c" : " ");
        buf_addc(b, '\n');
        return;
    }
    /* a literal block */
    buf_adds(b, rnd(2) ? "|\n" : "|-\n");
    int ind = indent + 1 + (int)rnd(3) - (rnd(10) == 0 ? 2 : 0);
    if (ind < 0) ind = 0;
    int lines = (int)rnd(4);
    for (int i = 0; i < lines; i++) {
        int extra = rnd(4) == 0 ? (int)rnd(3) : 0;
        if (rnd(5) == 0) { for (int k = 0; k < (int)rnd(ind + 3); k++) buf_addc(b, ' '); buf_addc(b, '\n'); continue; }
        for (int k = 0; k < ind + extra; k++) buf_addc(b, ' ');
        buf_adds(b, scalars[rnd(sizeof scalars / sizeof *scalars)]);
        buf_addc(b, '\n');
    }
}

static void pad(Buf *b, int n) { for (int i = 0; i < n; i++) buf_addc(b, ' '); }

static void gen_map(Buf *b, int indent, int depth, int first_inline)
{
    int n = 1 + (int)rnd(4);
    for (int i = 0; i < n; i++) {
        if (i || !first_inline) pad(b, indent + (rnd(30) == 0 ? (int)rnd(3) - 1 : 0));
        if (rnd(15) == 0) { buf_adds(b, "# comment\n"); pad(b, indent); }
        buf_adds(b, keys[rnd(sizeof keys / sizeof *keys)]);
        buf_addc(b, ':');
        if (depth < 5 && rnd(3) == 0) {
            buf_addc(b, '\n');
            gen_node(b, rnd(6) == 0 ? indent : indent + 1 + (int)rnd(3), depth + 1);
        } else {
            buf_addc(b, ' ');
            gen_scalar_value(b, indent);
        }
    }
}

static void gen_seq(Buf *b, int indent, int depth)
{
    int n = 1 + (int)rnd(4);
    for (int i = 0; i < n; i++) {
        pad(b, indent + (rnd(30) == 0 ? 1 : 0));
        buf_adds(b, rnd(10) == 0 ? "-" : "- ");
        int r = (int)rnd(4);
        if (depth < 5 && r == 0) {
            gen_map(b, indent + 2, depth + 1, 1);
        } else if (depth < 5 && r == 1) {
            buf_addc(b, '\n');
            gen_node(b, indent + 1 + (int)rnd(3), depth + 1);
        } else {
            gen_scalar_value(b, indent);
        }
    }
}

static void gen_node(Buf *b, int indent, int depth)
{
    if (rnd(3) == 0) gen_seq(b, indent, depth);
    else gen_map(b, indent, depth, 0);
}

static void test_random(void)
{
    int before = fast_taken;
    for (int i = 0; i < 40000; i++) {
        Buf b = BUF_INIT;
        gen_node(&b, (int)rnd(3) == 0 ? (int)rnd(3) : 0, 0);
        if (rnd(4) == 0 && b.len) b.len--;   /* no final newline */
        same(b.data ? b.data : "", b.len, "random document");
        buf_free(&b);
    }
    /* the generator reaches both sides of the border */
    CHECK(fast_taken - before > 2000);
    CHECK(fast_taken - before < 38000);
    printf("head-only decodes reduced: %d\n", head_reduced);
    CHECK(head_reduced > 1000);
}

static const char *const words[] = {
    "a", "b c", "nginx", "1", "1.5", "true", "no", "null", "~", "", " x", "x ", "-x", "- x", "x: y", "x:y", "a #b", "a#b",
    "#a", "'q'", "\"q\"", "x'y", "[a]", "{a}", "a,b", "?a", "a?", ":a", "%a", "@a", "`a", "!a", "&a", "*a", "|a", ">a",
    "---", "...", "--x", "1:20", "1_000", "0x1F", "2001-12-14", ".inf", "=", "<<", "a\nb", "a\tb", "\xc3\xa9", "\xef\xbb\xbf\x61",
    "\xe2\x80\xa8", "\xc2\x85", "http://h:1/p", "app.kubernetes.io/name", "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9 a b c d e f",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "Key", "key", "k9", "k10", "k2", "_k", "Z", "\x01",
    "\x7f", "a\x7f", "~a", "a:", "a :b", "-", "?", ":", "#", "a#", "?x", "? x", "a\x1f", " ", "a  b", " a",
};

static Value rand_value(Arena *a, int depth)
{
    int r = (int)rnd(depth > 4 ? 8 : 12);
    switch (r) {
    case 0: return val_nil();
    case 1: return val_bool(rnd(2));
    case 2: { Value v = val_int((int64_t)rnd(2000) - 1000); if (rnd(8) == 0) { v.gtype = GT_UINT64; } return v; }
    case 3: {
        static const double fl[] = {0, -0.0, 1, 3, 1e6, 1e21, 1e-7, 0.5, -2.25, 123456789.0, 9007199254740993.0, 1e300, 3.0e15};
        Value v = val_float(fl[rnd(sizeof fl / sizeof *fl)]);
        if (rnd(10) == 0) v.gtype = GT_FLOAT32;
        return v;
    }
    case 4: case 5: case 6: case 7: {
        const char *w = words[rnd(sizeof words / sizeof *words)];
        Value v = val_str(str_new(a, w, strlen(w)));
        if (rnd(20) == 0) v.gtype = GT_BYTES;
        return v;
    }
    case 8: case 9: {
        Map *m = map_new(a, 0);
        int n = (int)rnd(5);
        if (n == 0 && rnd(3) == 0) m->flags |= MAP_NIL;
        for (int i = 0; i < n; i++) {
            const char *w = words[rnd(sizeof words / sizeof *words)];
            map_set(a, m, str_new(a, w, strlen(w)), rand_value(a, depth + 1));
        }
        return val_map(m);
    }
    default: {
        List *l = list_new(a, 4);
        int n = (int)rnd(5);
        if (n == 0 && rnd(3) == 0) l->flags |= LIST_NIL;
        for (int i = 0; i < n; i++) list_push(a, l, rand_value(a, depth + 1));
        return val_list(l);
    }
    }
}

static void test_random_values(void)
{
    int before = enc_taken;
    for (int i = 0; i < 30000; i++) {
        Arena a;
        arena_init(&a);
        same_enc(rand_value(&a, 0), "random value");
        arena_free(&a);
    }
    CHECK(enc_taken - before > 3000);
    CHECK(enc_taken - before < 29000);
}


/* yaml_resolve_plain's word lookup against go-yaml's resolve map read
 * naively: every word, and every near miss (prefixes, extensions, case
 * changes, random text over the words' letters) must agree. */
static const struct { const char *s; int kind; double f; } go_words[] = {
    {"y", YR_BOOL, 1}, {"Y", YR_BOOL, 1}, {"yes", YR_BOOL, 1}, {"Yes", YR_BOOL, 1}, {"YES", YR_BOOL, 1},
    {"on", YR_BOOL, 1}, {"On", YR_BOOL, 1}, {"ON", YR_BOOL, 1}, {"true", YR_BOOL, 1}, {"True", YR_BOOL, 1},
    {"TRUE", YR_BOOL, 1}, {"n", YR_BOOL, 0}, {"N", YR_BOOL, 0}, {"no", YR_BOOL, 0}, {"No", YR_BOOL, 0},
    {"NO", YR_BOOL, 0}, {"off", YR_BOOL, 0}, {"Off", YR_BOOL, 0}, {"OFF", YR_BOOL, 0}, {"false", YR_BOOL, 0},
    {"False", YR_BOOL, 0}, {"FALSE", YR_BOOL, 0}, {"", YR_NULL, 0}, {"~", YR_NULL, 0}, {"null", YR_NULL, 0},
    {"Null", YR_NULL, 0}, {"NULL", YR_NULL, 0}, {".nan", YR_FLOAT, NAN}, {".NaN", YR_FLOAT, NAN},
    {".NAN", YR_FLOAT, NAN}, {".inf", YR_FLOAT, INFINITY}, {".Inf", YR_FLOAT, INFINITY},
    {".INF", YR_FLOAT, INFINITY}, {"+.inf", YR_FLOAT, INFINITY}, {"+.Inf", YR_FLOAT, INFINITY},
    {"+.INF", YR_FLOAT, INFINITY}, {"-.inf", YR_FLOAT, -INFINITY}, {"-.Inf", YR_FLOAT, -INFINITY},
    {"-.INF", YR_FLOAT, -INFINITY},
};
#define NWORDS (sizeof go_words / sizeof *go_words)

static int word_oracle(const char *s, size_t n, double *f)
{
    for (size_t k = 0; k < NWORDS; k++)
        if (strlen(go_words[k].s) == n && memcmp(go_words[k].s, s, n) == 0) { *f = go_words[k].f; return go_words[k].kind; }
    return -1;
}

static int resolve_ok(const char *s, size_t n)
{
    double f = 12345, g = 0;
    int r = yaml_resolve_plain(s, n, &f);
    int w = word_oracle(s, n, &g);
    if (w >= 0) return r == w && (isnan(g) ? isnan(f) : f == g);
    /* not a word: only the number rules can give anything but a string */
    if (n && !strchr("0123456789+-.", s[0])) return r == YR_STR;
    return r != YR_NULL && r != YR_BOOL;
}

static void test_resolve_words(void)
{
    int bad = 0;
    char t[16];
    for (size_t k = 0; k < NWORDS; k++) {
        const char *w = go_words[k].s;
        size_t n = strlen(w);
        bad += !resolve_ok(w, n);
        for (size_t p = 0; p < n; p++) bad += !resolve_ok(w, p);        /* prefixes */
        for (size_t p = 0; p <= n && n + 1 < sizeof t; p++) {             /* one byte more or changed */
            for (int c = 0; c < 256; c += 1) {
                memcpy(t, w, p);
                t[p] = (char)c;
                memcpy(t + p + 1, w + p, n - p);
                bad += !resolve_ok(t, n + 1);
                if (p < n) {
                    memcpy(t, w, n);
                    t[p] = (char)c;
                    bad += !resolve_ok(t, n);
                }
            }
        }
    }
    static const char alpha[] = "yYnNoOtTfFeEsSlLuUrRaA~.+-iInNfF0<\0";
    for (int i = 0; i < 200000; i++) {
        size_t n = rnd(7);
        for (size_t p = 0; p < n; p++) t[p] = alpha[rnd(sizeof alpha)];
        bad += !resolve_ok(t, n);
    }
    CHECK_INT(bad, 0);
    double f;
    CHECK_INT(yaml_resolve_plain("<<", 2, &f), YR_STR);
    CHECK_INT(yaml_resolve_plain("\0", 1, &f), YR_STR);
    CHECK_INT(yaml_resolve_plain("0x1F", 4, &f), YR_INT);
    CHECK_INT(yaml_resolve_plain("-.5", 3, &f), YR_FLOAT);
    CHECK_INT(yaml_resolve_plain("+12", 3, &f), YR_INT);
    CHECK_INT(yaml_resolve_plain(".5e3", 4, &f), YR_FLOAT);
    CHECK_INT(yaml_resolve_plain("2001-12-14", 10, &f), YR_TIMESTAMP);
}

/* The ASCII fast path of yaml_utf8_valid against a rune walk. */
static void test_utf8_valid(void)
{
    static const char *const bits[] = {"a", "abcdefgh", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x80", "\xc3",
                                       "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\n", "\x7f", "\xff"};
    int bad = 0;
    for (int i = 0; i < 100000; i++) {
        Buf b = BUF_INIT;
        int k = (int)rnd(12);
        for (int j = 0; j < k; j++) {
            const char *x = bits[rnd(sizeof bits / sizeof *bits)];
            if (rnd(3)) x = bits[rnd(2)];
            buf_adds(&b, x);
        }
        const char *s = b.data ? b.data : "";
        size_t off = b.len ? rnd((uint32_t)b.len) : 0;
        bool want = true;
        uint32_t cp;
        for (size_t p = off; p < b.len;) {
            size_t l = yaml_utf8_len(s + p, b.len - p, &cp);
            if (!l) { want = false; break; }
            p += l;
        }
        bad += yaml_utf8_valid(s + off, b.len - off) != want;
        buf_free(&b);
    }
    CHECK_INT(bad, 0);
}

/* go-yaml's key order (yaml_sort_entries) has a byte-level fast path for
 * ASCII; every pair of keys must order as the rune-level rule does. */
static bool o_letter(uint32_t c)
{
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
    if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
    if (c >= 0x370 && c <= 0x3FF) return c != 0x375 && c != 0x37E && c != 0x384 && c != 0x385 && c != 0x387;
    if (c >= 0x400 && c <= 0x52F) return !(c >= 0x482 && c <= 0x489);
    if (c >= 0x5D0 && c <= 0x5EA) return true;
    if (c >= 0x620 && c <= 0x64A) return true;
    if (c >= 0x3041 && c <= 0x3096) return true;
    if (c >= 0x30A1 && c <= 0x30FA) return true;
    if (c >= 0x4E00 && c <= 0x9FFF) return true;
    if (c >= 0xAC00 && c <= 0xD7A3) return true;
    return false;
}

static size_t o_runes(const char *s, size_t n, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = yaml_utf8_len(s + i, n - i, &c);
        if (!l) { c = 0xFFFD; l = 1; }
        out[k++] = c;
        i += l;
    }
    return k;
}

/* unicode.IsDigit for the runes the test uses: ASCII and Arabic-Indic */
static bool o_digit(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669); }

static bool o_less(const char *a, const char *b)
{
    uint32_t ar[128], br[128];
    size_t an_ = o_runes(a, strlen(a), ar), bn_ = o_runes(b, strlen(b), br);
    for (size_t i = 0; i < an_ && i < bn_; i++) {
        if (ar[i] == br[i]) continue;
        bool al = o_letter(ar[i]), bl = o_letter(br[i]);
        if (al && bl) return ar[i] < br[i];
        if (al || bl) return bl;
        uint64_t an = 0, bn = 0;
        if (ar[i] == '0' || br[i] == '0')
            for (size_t j = i; j-- > 0 && o_digit(ar[j]);)
                if (ar[j] != '0') { an = 1; bn = 1; break; }
        size_t ai, bi;
        for (ai = i; ai < an_ && o_digit(ar[ai]); ai++) an = an * 10 + (ar[ai] - '0');
        for (bi = i; bi < bn_ && o_digit(br[bi]); bi++) bn = bn * 10 + (br[bi] - '0');
        if (an != bn) return (int64_t)an < (int64_t)bn;
        if (ai != bi) return ai < bi;
        return ar[i] < br[i];
    }
    return an_ < bn_;
}

static void test_key_order(void)
{
    static const char *const bits[] = {"a", "b", "Z", "0", "1", "9", "00", "-", "_", ".", "\xc3\xa9", "\xc3",
                                       "\xd9\xa3", "\xe4\xb8\x80", "12345678901234567890", "/"};
    int bad = 0;
    Arena a;
    arena_init(&a);
    for (int i = 0; i < 100000; i++) {
        char k[2][128];
        for (int j = 0; j < 2; j++) {
            k[j][0] = 0;
            int parts = (int)rnd(5);
            for (int p = 0; p < parts; p++) strcat(k[j], bits[rnd(sizeof bits / sizeof *bits)]);
        }
        if (rnd(2)) strcpy(k[1], k[0]), k[1][strlen(k[1]) ? rnd((uint32_t)strlen(k[1])) : 0] = "a0-\xc3"[rnd(4)];
        MapEntry e[2] = {{str_cstr(&a, k[0]), {0}}, {str_cstr(&a, k[1]), {0}}};
        MapEntry *v[2] = {&e[0], &e[1]};
        if (yaml_sort_entries(v, 2, &a)) { bad++; continue; }
        bool swapped = v[0] == &e[1];
        bad += swapped != o_less(k[1], k[0]);
    }
    arena_free(&a);
    CHECK_INT(bad, 0);
}

int main(void)
{
    test_resolve_words();
    test_utf8_valid();
    test_key_order();
    test_hand();
    walk("testdata", 0);
    walk("examples", 0);
    CHECK(files_seen > 50);
    test_random();
    test_random_values();
    return CHECK_DONE();
}
