/*
 * match.c - Go's path/filepath.Match (Unix flavour: '/' separator, '\'
 * escapes) and helm's .helmignore rules built on it.
 *
 * filepath.Match is chunk based: a run of '*' followed by literal text.
 * '*' never crosses '/', there is no '**' and no directory matching, and a
 * malformed pattern is reported even when an earlier chunk already failed
 * (Go checks the rest of the pattern before returning false).
 *
 * .helmignore (helm pkg/ignore): rules are tried in order, the first
 * matching rule decides.  A negated rule `!p` *ignores* every path it does
 * not match and stops evaluation for paths it does match, so `*.txt` +
 * `!keep/k.txt` ignores Chart.yaml ($H template of such a chart prints
 * "Error: Chart.yaml file is missing").
 */
#include "chart.h"

#include <string.h>

#include "glob.h"
#include "text.h"

typedef struct { const char *s; size_t n; } Sl;

/* scanChunk: leading stars, then text up to the next '*' outside [...]. */
static bool scan_chunk(Sl *pat, Sl *chunk)
{
    bool star = false;
    while (pat->n && pat->s[0] == '*') { pat->s++; pat->n--; star = true; }
    bool inrange = false;
    size_t i;
    for (i = 0; i < pat->n; i++) {
        char c = pat->s[i];
        if (c == '\\') { if (i + 1 < pat->n) i++; }
        else if (c == '[') inrange = true;
        else if (c == ']') inrange = false;
        else if (c == '*' && !inrange) break;
    }
    chunk->s = pat->s;
    chunk->n = i;
    pat->s += i;
    pat->n -= i;
    return star;
}

/* getEsc: one possibly escaped rune of a class; -1 on a bad pattern. */
static int get_esc(Sl *c, uint32_t *r)
{
    if (!c->n || c->s[0] == '-' || c->s[0] == ']') return -1;
    if (c->s[0] == '\\') {
        c->s++; c->n--;
        if (!c->n) return -1;
    }
    size_t sz = chart_utf8(c->s, c->n, r);
    int bad = (*r == 0xFFFD && sz == 1) ? -1 : 0;
    c->s += sz; c->n -= sz;
    if (!c->n) bad = -1;
    return bad;
}

/* matchChunk: 1 matched (rest in *s), 0 failed, -1 bad pattern. */
static int match_chunk(Sl chunk, Sl *s)
{
    bool failed = false;
    Sl t = *s;
    while (chunk.n) {
        if (!failed && !t.n) failed = true;
        char c = chunk.s[0];
        if (c == '[') {
            uint32_t r = 0;
            if (!failed) {
                size_t sz = chart_utf8(t.s, t.n, &r);
                t.s += sz; t.n -= sz;
            }
            chunk.s++; chunk.n--;
            bool negated = false;
            if (chunk.n && chunk.s[0] == '^') { negated = true; chunk.s++; chunk.n--; }
            bool match = false;
            int nrange = 0;
            for (;;) {
                if (chunk.n && chunk.s[0] == ']' && nrange > 0) { chunk.s++; chunk.n--; break; }
                uint32_t lo, hi;
                if (get_esc(&chunk, &lo)) return -1;
                hi = lo;
                if (chunk.s[0] == '-') {
                    chunk.s++; chunk.n--;
                    if (get_esc(&chunk, &hi)) return -1;
                }
                if (lo <= r && r <= hi) match = true;
                nrange++;
            }
            if (match == negated) failed = true;
        } else if (c == '?') {
            if (!failed) {
                if (t.s[0] == '/') failed = true;
                uint32_t r;
                size_t sz = chart_utf8(t.s, t.n, &r);
                t.s += sz; t.n -= sz;
            }
            chunk.s++; chunk.n--;
        } else {
            if (c == '\\') {
                chunk.s++; chunk.n--;
                if (!chunk.n) return -1;
            }
            if (!failed) {
                if (chunk.s[0] != t.s[0]) failed = true;
                t.s++; t.n--;
            }
            chunk.s++; chunk.n--;
        }
    }
    if (failed) return 0;
    *s = t;
    return 1;
}

int chart_path_match(const char *pattern, size_t plen, const char *name, size_t nlen)
{
    Sl pat = {pattern, plen}, nm = {name, nlen};
    while (pat.n) {
        Sl chunk;
        bool star = scan_chunk(&pat, &chunk);
        if (star && !chunk.n) return memchr(nm.s, '/', nm.n) ? 0 : 1;
        Sl t = nm;
        int ok = match_chunk(chunk, &t);
        if (ok == 1 && (!t.n || pat.n)) { nm = t; continue; }
        if (ok < 0) return -1;
        bool next = false;
        if (star) {
            for (size_t i = 0; i < nm.n && nm.s[i] != '/'; i++) {
                Sl u = {nm.s + i + 1, nm.n - i - 1};
                ok = match_chunk(chunk, &u);
                if (ok == 1) {
                    if (!pat.n && u.n) continue;
                    nm = u;
                    next = true;
                    break;
                }
                if (ok < 0) return -1;
            }
        }
        if (next) continue;
        while (pat.n) {
            scan_chunk(&pat, &chunk);
            Sl empty = {"", 0};
            if (match_chunk(chunk, &empty) < 0) return -1;
        }
        return 0;
    }
    return nm.n == 0;
}

/* ---- .helmignore ------------------------------------------------------ */

typedef struct Rule {
    const char *pat;
    size_t n;
    bool negate, must_dir;
    int kind;            /* 0 basename, 1 whole path, 2 anchored whole path */
    int shape;           /* SH_*: what filepath.Match reduces to for pat */
} Rule;

/* Most .helmignore patterns are a plain name (".git") or "*" and a plain
 * suffix ("*.swp"); for those filepath.Match is a compare. */
enum { SH_GLOB, SH_LITERAL, SH_SUFFIX };

static int shape_of(const char *s, size_t n)
{
    const char *sp = "*?[\\";
    bool star = n && s[0] == '*';
    size_t from = star ? 1 : 0;
    if (star && n == 1) return SH_GLOB;
    for (size_t i = from; i < n; i++)
        if (strchr(sp, s[i])) return SH_GLOB;
    return star ? SH_SUFFIX : SH_LITERAL;
}

struct ChartIgnore {
    Rule *rules;
    uint32_t n, cap;
};

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int add_rule(Arena *a, ChartIgnore *r, const char *s, size_t n, Buf *err)
{
    while (n && is_space(*s)) { s++; n--; }
    while (n && is_space(s[n - 1])) n--;
    if (!n || s[0] == '#') return 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '*' && s[i + 1] == '*') {
            buf_adds(err, "double-star (**) syntax is not supported");
            return -1;
        }
    if (chart_path_match(s, n, "abc", 3) < 0) {
        buf_adds(err, "syntax error in pattern");
        return -1;
    }
    Rule ru = {0};
    if (s[0] == '!') { ru.negate = true; s++; n--; }
    if (n && s[n - 1] == '/') { ru.must_dir = true; n--; }
    if (n && s[0] == '/') { ru.kind = 2; s++; n--; }
    else ru.kind = memchr(s, '/', n) ? 1 : 0;
    ru.pat = arena_strndup(a, s, n);
    ru.n = n;
    ru.shape = shape_of(s, n);
    if (r->n == r->cap) {
        uint32_t cap = r->cap ? r->cap * 2 : 8;
        Rule *nr = ARENA_NEWN(a, Rule, cap);
        if (!nr) { buf_adds(err, "out of memory"); return -1; }
        if (r->n) memcpy(nr, r->rules, r->n * sizeof(Rule));
        r->rules = nr;
        r->cap = cap;
    }
    r->rules[r->n++] = ru;
    return 0;
}

ChartIgnore *chart_ignore_parse(Arena *a, const char *text, size_t n, Buf *err)
{
    ChartIgnore *r = ARENA_NEW(a, ChartIgnore);
    if (!r) { buf_adds(err, "out of memory"); return NULL; }
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && text[j] != '\n') j++;
        if (add_rule(a, r, text + i, j - i, err)) return NULL;
        i = j + 1;
    }
    if (add_rule(a, r, "templates/.?*", 13, err)) return NULL;
    return r;
}

static bool rule_match(const Rule *ru, const char *path, size_t n)
{
    if (ru->kind == 0) {
        /* filepath.Base: last element after trailing slashes are removed */
        while (n > 1 && path[n - 1] == '/') n--;
        const char *b = path;
        for (size_t i = 0; i < n; i++)
            if (path[i] == '/') b = path + i + 1;
        n -= (size_t)(b - path);
        path = b;
    }
    if (ru->shape == SH_LITERAL) return n == ru->n && memcmp(path, ru->pat, n) == 0;
    if (ru->shape == SH_SUFFIX) {
        /* '*' takes what precedes the suffix, which must hold no '/' */
        size_t k = ru->n - 1;
        return n >= k && memcmp(path + n - k, ru->pat + 1, k) == 0 && !memchr(path, '/', n - k);
    }
    return chart_path_match(ru->pat, ru->n, path, n) == 1;
}

bool chart_ignore_match(const ChartIgnore *r, const char *path, bool is_dir)
{
    size_t n = strlen(path);
    if (!n || strcmp(path, ".") == 0 || strcmp(path, "./") == 0) return false;
    for (uint32_t i = 0; i < r->n; i++) {
        const Rule *ru = &r->rules[i];
        if (ru->negate) {
            if (ru->must_dir && !is_dir) return true;
            if (!rule_match(ru, path, n)) return true;
            continue;
        }
        if (ru->must_dir && !is_dir) continue;
        if (rule_match(ru, path, n)) return true;
    }
    return false;
}

/* ---- .Files.Glob: gobwas/glob v0.2.3 ------------------------------------------
 * helm compiles the pattern with glob.Compile(pattern, '/') and keeps the
 * files whose names the compiled matcher accepts.  gobwas does not match
 * by backtracking over the pattern: it compiles a tree of specialised
 * matchers (Text, Any, Super, Single, List, Range, AnyOf, Row, BTree,
 * EveryOf, Min, Max, Contains, Prefix, Suffix, PrefixSuffix, PrefixAny,
 * SuffixAny), each with Match, Index (where it first matches and the
 * lengths it can take there) and Len (its fixed length in runes, or -1),
 * and that tree decides, quirks included: "{,}b" matches nothing, "{,}*"
 * matches every name without '/', "b{,}" panics on the file "b" (Row
 * slices past the end: "runtime error: slice bounds out of range [:2]
 * with length 1"), Single and classes are handed one byte of a Row, and
 * PrefixSuffix lets prefix and suffix overlap.  So the compiler and the
 * matchers are reproduced here, rune and byte counts as Go has them.
 *
 * The pattern language (gobwas's lexer and parser): `*` any run without
 * '/', `**` any run, `?` one rune but '/', `[abc]` `[!abc]` a set, `[a-c]`
 * `[!a-c]` a range, `{a,b}` alternatives (`,` and `}` are plain outside a
 * group; an unclosed `{` runs to the end of the pattern), `\` escapes (a
 * trailing one is dropped).  A class is either one range or one set:
 * "[a-cx]", "[a-]", "[]", "[!]" and "[c-a]" fail to compile, and so does
 * an unclosed "[", wherever it stands (the reference returns every file
 * for "zzz[").  Inside a class only the set form honours `\`; "[ab-c]" is
 * the set {a,b,-,c}. */

enum { AK_PATTERN, AK_ANYOF, AK_TEXT, AK_ANY, AK_SUPER, AK_SINGLE, AK_LIST, AK_RANGE, AK_NOTHING };

typedef struct GNode {
    int kind;
    bool neg;
    const char *s;            /* AK_TEXT bytes; AK_LIST characters */
    size_t n;
    uint32_t lo, hi;          /* AK_RANGE */
    struct GNode **kid;
    uint32_t nkid, cap;
} GNode;

typedef struct GLex {
    Arena *a;
    const char *p;
    size_t n, i;
    int depth;
    bool eof;                 /* a NUL where a token starts: gobwas's eof */
} GLex;

#define GLOB_DEPTH 64

static GNode *gnode(Arena *a, int kind)
{
    GNode *g = ARENA_NEW(a, GNode);
    if (g) g->kind = kind;
    return g;
}

static bool gadd(Arena *a, GNode *parent, GNode *kid)
{
    if (!kid) return false;
    if (parent->nkid == parent->cap) {
        uint32_t nc = parent->cap ? parent->cap * 2 : 4;
        GNode **k = arena_realloc(a, parent->kid, parent->cap * sizeof *k, nc * sizeof *k);
        if (!k) return false;
        parent->kid = k;
        parent->cap = nc;
    }
    parent->kid[parent->nkid++] = kid;
    return true;
}

/* gobwas fetchText: bytes up to an unescaped breaker; `\` takes the next
 * rune literally and vanishes at the end.  gobwas's lexer reads a NUL as
 * its end-of-input rune: inside text it ends the token and is dropped
 * ("a\x00b" is the texts "a" and "b" in a row, matching "ab" in the
 * reference); where a token starts it ends the pattern ("*\x00b" is "*"). */
static void glex_text(GLex *L, const char *breakers, Buf *out)
{
    bool esc = false;
    while (L->i < L->n) {
        char c = L->p[L->i];
        if (!c) { L->i++; break; }
        if (!esc && c == '\\') { esc = true; L->i++; continue; }
        if (!esc && strchr(breakers, c)) break;
        uint32_t r;
        size_t w = chart_utf8(L->p + L->i, L->n - L->i, &r);
        buf_add(out, L->p + L->i, w);
        L->i += w;
        esc = false;
    }
}

/* After '[': gobwas fetchRange and parserRange */
static int glex_class(GLex *L, GNode *g)
{
    for (;;) {
        if (L->i >= L->n) return -1;
        uint32_t r;
        size_t w = chart_utf8(L->p + L->i, L->n - L->i, &r);
        if (!g->neg && r == '!') { g->neg = true; L->i += w; continue; }
        if (L->i + w < L->n && L->p[L->i + w] == '-') {
            L->i += w + 1;
            if (L->i >= L->n) return -1;
            uint32_t hi;
            L->i += chart_utf8(L->p + L->i, L->n - L->i, &hi);
            if (L->i >= L->n || L->p[L->i] != ']') return -1;
            L->i++;
            if (r == 0 || hi == 0 || hi < r) return -1;
            g->kind = AK_RANGE;
            g->lo = r;
            g->hi = hi;
            return 0;
        }
        Buf t = BUF_INIT;
        glex_text(L, "]", &t);
        /* a NUL in a class is gobwas's "unexpected end of input" */
        int ok = L->i < L->n && L->p[L->i] == ']' && t.len > 0;
        if (ok) {
            g->kind = AK_LIST;
            g->s = arena_strndup(L->a, t.data, t.len);
            g->n = t.len;
            ok = g->s != NULL;
        }
        buf_free(&t);
        L->i++;
        return ok ? 0 : -1;
    }
}

static int glex_seq(GLex *L, GNode *pat, bool in_terms)
{
    if (++L->depth > GLOB_DEPTH) return -1;
    while (L->i < L->n && !L->eof) {
        char c = L->p[L->i];
        if (!c) { L->eof = true; break; }
        if (in_terms && (c == ',' || c == '}')) break;
        if (c == '{') {
            L->i++;
            GNode *any = gnode(L->a, AK_ANYOF);
            if (!gadd(L->a, pat, any)) return -1;
            for (;;) {
                GNode *alt = gnode(L->a, AK_PATTERN);
                if (!gadd(L->a, any, alt) || glex_seq(L, alt, true)) return -1;
                if (L->eof) break;
                if (L->i < L->n && L->p[L->i] == ',') { L->i++; continue; }
                if (L->i < L->n) L->i++;
                break;
            }
        } else if (c == '[') {
            L->i++;
            GNode *g = gnode(L->a, AK_LIST);
            if (!g || glex_class(L, g) || !gadd(L->a, pat, g)) return -1;
        } else if (c == '*') {
            L->i++;
            int k = AK_ANY;
            if (L->i < L->n && L->p[L->i] == '*') { k = AK_SUPER; L->i++; }
            if (!gadd(L->a, pat, gnode(L->a, k))) return -1;
        } else if (c == '?') {
            L->i++;
            if (!gadd(L->a, pat, gnode(L->a, AK_SINGLE))) return -1;
        } else {
            Buf t = BUF_INIT;
            glex_text(L, in_terms ? "?*[{}," : "?*[{", &t);
            GNode *g = t.len ? gnode(L->a, AK_TEXT) : NULL;
            bool ok = !t.len || (g && (g->s = arena_strndup(L->a, t.data, t.len)) && gadd(L->a, pat, g));
            if (g) g->n = t.len;
            buf_free(&t);
            if (!ok) return -1;
        }
    }
    L->depth--;
    return 0;
}

/* ---- the AST's minimization (minimizeTreeAnyOf) ---- */

static bool gnode_equal(const GNode *x, const GNode *y)
{
    if (x->kind != y->kind || x->neg != y->neg || x->n != y->n || x->lo != y->lo || x->hi != y->hi ||
        x->nkid != y->nkid)
        return false;
    if (x->n && memcmp(x->s, y->s, x->n) != 0) return false;
    for (uint32_t i = 0; i < x->nkid; i++)
        if (!gnode_equal(x->kid[i], y->kid[i])) return false;
    return true;
}

/* commonChildren: the children every alternative starts and ends with,
 * measured on the one with the fewest children */
static void common_children(GNode *any, uint32_t *nleft, uint32_t *nright)
{
    *nleft = *nright = 0;
    if (any->nkid <= 1) return;
    uint32_t idx = 0;
    for (uint32_t i = 1; i < any->nkid; i++)
        if (any->kid[i]->nkid < any->kid[idx]->nkid) idx = i;
    GNode *tree = any->kid[idx];
    long len = tree->nkid, last_right = len, total = 0;
    bool break_left = false, break_right = false;
    for (long i = 0, j = len - 1; total < len && j >= 0 && !(break_left && break_right); i++, j--) {
        for (uint32_t k = 0; k < any->nkid && !(break_left && break_right); k++) {
            if (k == idx) continue;
            GNode *other = any->kid[k];
            break_left = break_left || !gnode_equal(tree->kid[i], other->kid[i]);
            break_right = break_right || (!break_left && j <= i);
            break_right = break_right || !gnode_equal(tree->kid[j], other->kid[j + (long)other->nkid - len]);
        }
        if (!break_left) { total++; (*nleft)++; }
        if (!break_right) { total++; last_right = j; }
    }
    *nright = (uint32_t)(len - last_right);
}

/* minimizeTreeAnyOf: NULL when there is nothing in common */
static GNode *minimize_anyof(Arena *a, GNode *any)
{
    for (uint32_t i = 0; i < any->nkid; i++)
        if (any->kid[i]->kind != AK_PATTERN) return NULL;
    uint32_t nl, nr;
    common_children(any, &nl, &nr);
    if (!nl && !nr) return NULL;
    GNode *res = gnode(a, AK_PATTERN), *alts = gnode(a, AK_ANYOF);
    if (!res || !alts) return NULL;
    GNode *first = any->kid[0];
    if (nl) {
        GNode *p = gnode(a, AK_PATTERN);
        for (uint32_t i = 0; p && i < nl; i++) if (!gadd(a, p, first->kid[i])) return NULL;
        if (!gadd(a, res, p)) return NULL;
    }
    for (uint32_t k = 0; k < any->nkid; k++) {
        GNode *c = any->kid[k];
        GNode *node = gnode(a, c->nkid - nl - nr ? AK_PATTERN : AK_NOTHING);
        if (!node) return NULL;
        for (uint32_t i = nl; i < c->nkid - nr; i++) if (!gadd(a, node, c->kid[i])) return NULL;
        bool dup = false;
        for (uint32_t j = 0; j < alts->nkid && !dup; j++) dup = gnode_equal(alts->kid[j], node);
        if (!dup && !gadd(a, alts, node)) return NULL;
    }
    if (alts->nkid == 1 && alts->kid[0]->kind != AK_NOTHING) {
        if (!gadd(a, res, alts->kid[0])) return NULL;
    } else if (alts->nkid > 1 && !gadd(a, res, alts)) {
        return NULL;
    }
    if (nr) {
        GNode *p = gnode(a, AK_PATTERN);
        for (uint32_t i = first->nkid - nr; p && i < first->nkid; i++) if (!gadd(a, p, first->kid[i])) return NULL;
        if (!gadd(a, res, p)) return NULL;
    }
    return res;
}

/* ---- matchers ---- */

enum { GM_NOTHING, GM_TEXT, GM_ANY, GM_SUPER, GM_SINGLE, GM_LIST, GM_RANGE, GM_ANYOF, GM_EVERYOF, GM_MIN, GM_MAX,
       GM_CONTAINS, GM_PREFIX, GM_SUFFIX, GM_PREFIXSUFFIX, GM_PREFIXANY, GM_SUFFIXANY, GM_ROW, GM_BTREE };

typedef struct GM {
    int kind;
    bool neg;
    const char *s, *s2;       /* text, needle, prefix, list characters; suffix */
    size_t n, n2;
    uint32_t lo, hi;          /* range */
    int len;                  /* Len(): runes, -1 for none */
    int limit;                /* min, max */
    struct GM **kid;          /* anyof, everyof, row */
    uint32_t nkid;
    struct GM *value, *left, *right;   /* btree */
    int vlen, llen, rlen;
} GM;

struct ChartGlob { GM *m; };

/* Segments: the lengths a matcher can take at its index */
typedef struct Seg { int *v; size_t n, cap; } Seg;

typedef struct GCtx {
    Arena *a;
    Buf *panic;
    unsigned long steps;
} GCtx;

#define GLOB_STEPS 50000000UL

static bool seg_add(GCtx *c, Seg *s, int x)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        int *v = arena_realloc(c->a, s->v, s->cap * sizeof *v, nc * sizeof *v);
        if (!v) return false;
        s->v = v;
        s->cap = nc;
    }
    s->v[s->n++] = x;
    return true;
}

/* Go's `for i, r := range s`: the rune at byte i and its width; an
 * invalid byte is U+FFFD of width 1 (utf8.RuneLen of which is 3) */
static size_t rune_at(const char *s, size_t n, size_t i, uint32_t *r)
{
    return chart_utf8(s + i, n - i, r);
}

static int rune_len(uint32_t r) { return r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4; }

static size_t rune_count(const char *s, size_t n)
{
    size_t c = 0;
    uint32_t r;
    for (size_t i = 0; i < n; c++) i += rune_at(s, n, i, &r);
    return c;
}

static long str_index(const char *s, size_t n, const char *t, size_t m)
{
    if (!m) return 0;
    for (size_t i = 0; i + m <= n; i++)
        if (s[i] == t[0] && memcmp(s + i, t, m) == 0) return (long)i;
    return -1;
}

static long str_last_index(const char *s, size_t n, const char *t, size_t m)
{
    if (!m) return (long)n;
    for (size_t i = n >= m ? n - m + 1 : 0; i-- > 0;)
        if (memcmp(s + i, t, m) == 0) return (long)i;
    return -1;
}

/* gobwas's separators: '/' for helm, a negated list's characters in the
 * matchers EveryOf is glued from */
static long index_sep(const char *s, size_t n)
{
    const char *p = memchr(s, '/', n);
    return p ? (long)(p - s) : -1;
}

static bool list_has(const GM *m, uint32_t r)
{
    uint32_t c;
    for (size_t i = 0; i < m->n;) {
        i += chart_utf8(m->s + i, m->n - i, &c);
        if (c == r) return true;
    }
    return false;
}

/* Single, List, Range on one rune: in the set or not */
static bool one_rune_ok(const GM *m, uint32_t r)
{
    if (m->kind == GM_SINGLE) return r != '/';
    if (m->kind == GM_LIST) return list_has(m, r) != m->neg;
    return (r >= m->lo && r <= m->hi) != m->neg;
}

static int gm_match(GCtx *c, const GM *m, const char *s, size_t n);
static long gm_index(GCtx *c, const GM *m, const char *s, size_t n, Seg *seg);

static int go_panic(GCtx *c, size_t end, size_t len)
{
    if (!c->panic->len)
        buf_printf(c->panic, "runtime error: slice bounds out of range [:%zu] with length %zu", end, len);
    return -1;
}

/* Row.matchAll: each fixed-length matcher takes its runes in turn; Go's
 * loop leaves `next` at the last rune it saw, so a zero-length matcher
 * at the end of the name slices one byte past it and panics */
static int row_match_all(GCtx *c, const GM *m, const char *s, size_t n)
{
    size_t idx = 0;
    for (uint32_t k = 0; k < m->nkid; k++) {
        const GM *x = m->kid[k];
        int length = x->len;
        size_t next = 0;
        int i = 0;
        uint32_t r;
        for (size_t j = idx; j < n; j += rune_at(s, n, j, &r)) {
            next = j - idx;
            i++;
            if (i == length) break;
        }
        if (i < length) return 0;
        size_t end = idx + next + 1;
        if (end > n) return go_panic(c, end, n);
        int ok = gm_match(c, x, s + idx, end - idx);
        if (ok <= 0) return ok;
        idx = end;
    }
    return 1;
}

static int btree_match(GCtx *c, const GM *m, const char *s, size_t n)
{
    long total = m->vlen < 0 || m->llen < 0 || m->rlen < 0 ? -1 : m->llen + m->vlen + m->rlen;
    if (total != -1 && total > (long)n) return 0;
    size_t offset = m->llen >= 0 ? (size_t)m->llen : 0;
    size_t limit = m->rlen >= 0 ? (m->rlen > (int)n ? 0 : n - (size_t)m->rlen) : n;
    while (offset < limit) {
        Seg seg = {0};
        long index = gm_index(c, m->value, s + offset, limit - offset, &seg);
        if (index == -2) return -1;
        if (index == -1) return 0;
        size_t at = offset + (size_t)index;
        int left = m->left ? gm_match(c, m->left, s, at) : at == 0;
        if (left < 0) return -1;
        if (left) {
            for (size_t i = seg.n; i-- > 0;) {
                size_t end = at + (size_t)seg.v[i];
                const char *r = end >= n ? "" : s + end;
                size_t rn = end >= n ? 0 : n - end;
                int right = m->right ? gm_match(c, m->right, r, rn) : rn == 0;
                if (right) return right;
            }
        }
        uint32_t ru;
        size_t step = at < n ? rune_at(s, n, at, &ru) : 1;
        offset = at + step;
    }
    return 0;
}

static int gm_match(GCtx *c, const GM *m, const char *s, size_t n)
{
    if (++c->steps > GLOB_STEPS) return 0;
    uint32_t r;
    switch (m->kind) {
    case GM_NOTHING: return n == 0;
    case GM_TEXT: return n == m->n && memcmp(s, m->s, n) == 0;
    case GM_ANY: return index_sep(s, n) == -1;
    case GM_SUPER: return 1;
    case GM_SINGLE: case GM_LIST: case GM_RANGE: {
        size_t w = n ? rune_at(s, n, 0, &r) : 0;
        if (!n) r = 0xFFFD;
        if (n > w) return 0;
        return one_rune_ok(m, r);
    }
    case GM_ANYOF:
        for (uint32_t k = 0; k < m->nkid; k++) {
            int ok = gm_match(c, m->kid[k], s, n);
            if (ok) return ok;
        }
        return 0;
    case GM_EVERYOF:
        for (uint32_t k = 0; k < m->nkid; k++) {
            int ok = gm_match(c, m->kid[k], s, n);
            if (ok <= 0) return ok;
        }
        return 1;
    case GM_MIN: {
        int l = 0;
        for (size_t i = 0; i < n; i += rune_at(s, n, i, &r))
            if (++l >= m->limit) return 1;
        return 0;
    }
    case GM_MAX: {
        int l = 0;
        for (size_t i = 0; i < n; i += rune_at(s, n, i, &r))
            if (++l > m->limit) return 0;
        return 1;
    }
    case GM_CONTAINS: return (str_index(s, n, m->s, m->n) != -1) != m->neg;
    case GM_PREFIX: return n >= m->n && memcmp(s, m->s, m->n) == 0;
    case GM_SUFFIX: return n >= m->n && memcmp(s + n - m->n, m->s, m->n) == 0;
    case GM_PREFIXSUFFIX:
        /* prefix and suffix may overlap: "ab" is "ab**b" */
        return n >= m->n && memcmp(s, m->s, m->n) == 0 && n >= m->n2 && memcmp(s + n - m->n2, m->s2, m->n2) == 0;
    case GM_PREFIXANY:
        return n >= m->n && memcmp(s, m->s, m->n) == 0 && index_sep(s + m->n, n - m->n) == -1;
    case GM_SUFFIXANY:
        return n >= m->n && memcmp(s + n - m->n, m->s, m->n) == 0 && index_sep(s, n - m->n) == -1;
    case GM_ROW: {
        size_t count = 0;
        for (size_t i = 0; i < n; i += rune_at(s, n, i, &r))
            if (++count > (size_t)m->len) return 0;
        if (count != (size_t)m->len) return 0;
        return row_match_all(c, m, s, n);
    }
    default: return btree_match(c, m, s, n);
    }
}

/* appendMerge: two sorted lists into one, equal values once */
static bool seg_merge(GCtx *c, Seg *t, const Seg *sub)
{
    Seg out = {0};
    size_t x = 0, y = 0;
    while (x < t->n || y < sub->n) {
        int v;
        if (x >= t->n) v = sub->v[y++];
        else if (y >= sub->n) v = t->v[x++];
        else if (t->v[x] == sub->v[y]) { v = t->v[x++]; y++; }
        else if (t->v[x] < sub->v[y]) v = t->v[x++];
        else v = sub->v[y++];
        if (!seg_add(c, &out, v)) return false;
    }
    *t = out;
    return true;
}

/* every rune start of s[0..n) and n itself, offset by `base` */
static bool seg_runes(GCtx *c, Seg *seg, const char *s, size_t n, int base)
{
    uint32_t r;
    for (size_t i = 0; i < n; i += rune_at(s, n, i, &r))
        if (!seg_add(c, seg, base + (int)i)) return false;
    return seg_add(c, seg, base + (int)n);
}

/* the end of every rune of s[0..n), Go's i + utf8.RuneLen(r) (3 for an
 * invalid byte), offset by base */
static bool seg_rune_ends(GCtx *c, Seg *seg, const char *s, size_t n, int base)
{
    uint32_t r;
    for (size_t i = 0; i < n;) {
        size_t w = rune_at(s, n, i, &r);
        if (!seg_add(c, seg, base + (int)i + rune_len(r))) return false;
        i += w;
    }
    return true;
}

/* Index: the first byte offset where m matches and the lengths it can
 * take there (*seg); -1 none, -2 a panic or no memory */
static long gm_index(GCtx *c, const GM *m, const char *s, size_t n, Seg *seg)
{
    if (++c->steps > GLOB_STEPS) return -1;
    uint32_t r;
    seg->n = 0;
    switch (m->kind) {
    case GM_NOTHING:
        return seg_add(c, seg, 0) ? 0 : -2;
    case GM_TEXT: {
        long i = str_index(s, n, m->s, m->n);
        if (i < 0) return -1;
        return seg_add(c, seg, (int)m->n) ? i : -2;
    }
    case GM_ANY: {
        long f = index_sep(s, n);
        if (f == 0) return seg_add(c, seg, 0) ? 0 : -2;
        return seg_runes(c, seg, s, f < 0 ? n : (size_t)f, 0) ? 0 : -2;
    }
    case GM_SUPER:
        return seg_runes(c, seg, s, n, 0) ? 0 : -2;
    case GM_SINGLE: case GM_LIST: case GM_RANGE:
        for (size_t i = 0; i < n;) {
            size_t w = rune_at(s, n, i, &r);
            if (one_rune_ok(m, r)) return seg_add(c, seg, rune_len(r)) ? (long)i : -2;
            i += w;
        }
        return -1;
    case GM_ANYOF: {
        long index = -1;
        for (uint32_t k = 0; k < m->nkid; k++) {
            Seg sub = {0};
            long idx = gm_index(c, m->kid[k], s, n, &sub);
            if (idx == -2) return -2;
            if (idx == -1) continue;
            if (index == -1 || idx < index) {
                index = idx;
                seg->n = 0;
                for (size_t j = 0; j < sub.n; j++) if (!seg_add(c, seg, sub.v[j])) return -2;
                continue;
            }
            if (idx > index) continue;
            if (!seg_merge(c, seg, &sub)) return -2;
        }
        return index;
    }
    case GM_EVERYOF: {
        long index = 0, offset = 0;
        Seg cur = {0};
        for (uint32_t k = 0; k < m->nkid; k++) {
            Seg sub = {0};
            long idx = gm_index(c, m->kid[k], s + index, n - (size_t)index, &sub);
            if (idx < 0) return idx;
            if (k == 0) {
                cur = sub;
            } else {
                Seg next = {0};
                long delta = index - (idx + offset);
                for (size_t x = 0; x < cur.n; x++)
                    for (size_t y = 0; y < sub.n; y++)
                        if (cur.v[x] + delta == sub.v[y] && !seg_add(c, &next, sub.v[y])) return -2;
                if (!next.n) return -1;
                cur = next;
            }
            index = idx + offset;
            offset += idx;
        }
        *seg = cur;
        return index;
    }
    case GM_MIN: {
        if ((long)n - m->limit + 1 <= 0) return -1;
        int count = 0;
        for (size_t i = 0; i < n; i += rune_at(s, n, i, &r)) {
            rune_at(s, n, i, &r);
            if (++count >= m->limit && !seg_add(c, seg, (int)i + rune_len(r))) return -2;
        }
        return seg->n ? 0 : -1;
    }
    case GM_MAX: {
        if (!seg_add(c, seg, 0)) return -2;
        int count = 0;
        for (size_t i = 0; i < n; i += rune_at(s, n, i, &r)) {
            rune_at(s, n, i, &r);
            if (++count > m->limit) break;
            if (!seg_add(c, seg, (int)i + rune_len(r))) return -2;
        }
        return 0;
    }
    case GM_CONTAINS: {
        long idx = str_index(s, n, m->s, m->n);
        size_t offset = 0, len = n;
        const char *t = s;
        if (!m->neg) {
            if (idx == -1) return -1;
            offset = (size_t)idx + m->n;
            if (n <= offset) return seg_add(c, seg, (int)offset) ? 0 : -2;
            t = s + offset;
            len = n - offset;
        } else if (idx != -1) {
            len = (size_t)idx;
        }
        return seg_runes(c, seg, t, len, (int)offset) ? 0 : -2;
    }
    case GM_PREFIX: case GM_PREFIXANY: {
        long idx = str_index(s, n, m->s, m->n);
        if (idx == -1) return -1;
        size_t from = (size_t)idx + m->n;
        size_t len = n > from ? n - from : 0;
        if (m->kind == GM_PREFIXANY) {
            long i = index_sep(s + from, len);
            if (i > -1) len = (size_t)i;
        }
        if (!seg_add(c, seg, (int)m->n) || !seg_rune_ends(c, seg, s + from, len, (int)m->n)) return -2;
        return idx;
    }
    case GM_SUFFIX: {
        long idx = str_index(s, n, m->s, m->n);
        if (idx == -1) return -1;
        return seg_add(c, seg, (int)(idx + (long)m->n)) ? 0 : -2;
    }
    case GM_SUFFIXANY: {
        long idx = str_index(s, n, m->s, m->n);
        if (idx == -1) return -1;
        long i = 0;
        for (long j = idx; j-- > 0;)
            if (s[j] == '/') { i = j + 1; break; }
        return seg_add(c, seg, (int)(idx + (long)m->n - i)) ? i : -2;
    }
    case GM_PREFIXSUFFIX: {
        long pi = str_index(s, n, m->s, m->n);
        if (pi == -1) return -1;
        if (!m->n2) return seg_add(c, seg, (int)(n - (size_t)pi)) ? pi : -2;
        if ((long)n - pi <= 0) return -1;
        Seg rev = {0};
        const char *sub = s + pi;
        size_t sn = n - (size_t)pi;
        for (;;) {
            long si = str_last_index(sub, sn, m->s2, m->n2);
            if (si == -1) break;
            if (!seg_add(c, &rev, (int)(si + (long)m->n2))) return -2;
            sn = (size_t)si;
        }
        if (!rev.n) return -1;
        for (size_t j = rev.n; j-- > 0;) if (!seg_add(c, seg, rev.v[j])) return -2;
        return pi;
    }
    case GM_ROW:
        for (size_t i = 0; i < n; i += rune_at(s, n, i, &r)) {
            if (n - i < (size_t)m->len) break;
            int ok = row_match_all(c, m, s + i, n - i);
            if (ok < 0) return -2;
            if (ok) return seg_add(c, seg, m->len) ? (long)i : -2;
        }
        return -1;
    default:
        /* BTree.Index is a stub in v0.2.3 */
        return -1;
    }
}

/* ---- the compiler ---- */

static GM *gm_new(Arena *a, int kind, int len)
{
    GM *m = ARENA_NEW(a, GM);
    if (m) {
        m->kind = kind;
        m->len = len;
    }
    return m;
}

static GM *gm_text(Arena *a, const char *s, size_t n)
{
    GM *m = gm_new(a, GM_TEXT, (int)rune_count(s, n));
    if (m) { m->s = s; m->n = n; }
    return m;
}

/* AnyOf.Len: the common length of its matchers, else -1 */
static int anyof_len(GM **k, uint32_t n)
{
    int l = -1;
    for (uint32_t i = 0; i < n; i++) {
        int ml = k[i]->len;
        if (l == -1) { l = ml; continue; }
        if (ml == -1 || l != ml) return -1;
    }
    return l;
}

static GM *gm_list(Arena *a, int kind, GM **k, uint32_t n)
{
    GM *m = gm_new(a, kind, -1);
    if (!m) return NULL;
    m->kid = arena_alloc(a, (n ? n : 1) * sizeof *m->kid);
    if (!m->kid) return NULL;
    if (n) memcpy(m->kid, k, n * sizeof *k);
    m->nkid = n;
    if (kind == GM_ANYOF) m->len = anyof_len(k, n);
    return m;
}

static GM *gm_btree(Arena *a, GM *value, GM *left, GM *right)
{
    GM *m = gm_new(a, GM_BTREE, -1);
    if (!m) return NULL;
    m->value = value;
    m->left = left;
    m->right = right;
    m->vlen = value->len;
    m->llen = left ? left->len : 0;
    m->rlen = right ? right->len : 0;
    if (m->vlen >= 0 && m->llen >= 0 && m->rlen >= 0) m->len = m->llen + m->vlen + m->rlen;
    return m;
}

static GM *gm_two(Arena *a, int kind, const char *s, size_t n, const char *s2, size_t n2)
{
    GM *m = gm_new(a, kind, -1);
    if (m) { m->s = s; m->n = n; m->s2 = s2; m->n2 = n2; }
    return m;
}

/* optimizeMatcher */
static GM *optimize(Arena *a, GM *m)
{
    if (!m) return NULL;
    switch (m->kind) {
    case GM_ANYOF:
        return m->nkid == 1 ? m->kid[0] : m;
    case GM_LIST: {
        uint32_t r;
        if (!m->neg && m->n && chart_utf8(m->s, m->n, &r) == m->n) return gm_text(a, m->s, m->n);
        return m;
    }
    case GM_BTREE: {
        m->left = optimize(a, m->left);
        m->right = optimize(a, m->right);
        if (m->value->kind != GM_TEXT) return m;
        const GM *l = m->left, *r = m->right, *v = m->value;
        if (!l && !r) return gm_text(a, v->s, v->n);
        if (l && l->kind == GM_SUPER && r && r->kind == GM_SUPER) {
            GM *x = gm_two(a, GM_CONTAINS, v->s, v->n, NULL, 0);
            return x;
        }
        if (l && l->kind == GM_SUPER && !r) return gm_two(a, GM_SUFFIX, v->s, v->n, NULL, 0);
        if (r && r->kind == GM_SUPER && !l) return gm_two(a, GM_PREFIX, v->s, v->n, NULL, 0);
        if (!l && r && r->kind == GM_SUFFIX) return gm_two(a, GM_PREFIXSUFFIX, v->s, v->n, r->s, r->n);
        if (!r && l && l->kind == GM_PREFIX) return gm_two(a, GM_PREFIXSUFFIX, l->s, l->n, v->s, v->n);
        if (!r && l && l->kind == GM_ANY) return gm_two(a, GM_SUFFIXANY, v->s, v->n, NULL, 0);
        if (!l && r && r->kind == GM_ANY) return gm_two(a, GM_PREFIXANY, v->s, v->n, NULL, 0);
        return m;
    }
    default:
        return m;
    }
}

/* glueMatchersAsEvery: stars and single runes that share separators */
static GM *glue_every(Arena *a, GM **ms, uint32_t n)
{
    if (n <= 1) return NULL;
    bool has_any = false, has_super = false, has_single = false;
    int min = 0;
    const char *sep = NULL;
    size_t sepn = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *s;
        size_t sn;
        switch (ms[i]->kind) {
        case GM_SUPER: s = ""; sn = 0; has_super = true; break;
        case GM_ANY: s = "/"; sn = 1; has_any = true; break;
        case GM_SINGLE: s = "/"; sn = 1; has_single = true; min++; break;
        case GM_LIST:
            if (!ms[i]->neg) return NULL;
            s = ms[i]->s; sn = ms[i]->n; has_single = true; min++;
            break;
        default: return NULL;
        }
        if (i == 0) { sep = s; sepn = sn; }
        if (sn != sepn || memcmp(s, sep, sn) != 0) return NULL;
    }
    if (has_super && !has_any && !has_single) return gm_new(a, GM_SUPER, -1);
    if (has_any && !has_super && !has_single) return gm_new(a, GM_ANY, -1);
    if ((has_any || has_super) && min > 0 && !sepn) {
        GM *m = gm_new(a, GM_MIN, -1);
        if (m) m->limit = min;
        return m;
    }
    GM *k[3];
    uint32_t nk = 0;
    if (min > 0) {
        if (!(k[nk] = gm_new(a, GM_MIN, -1))) return NULL;
        k[nk++]->limit = min;
        if (!has_any && !has_super) {
            if (!(k[nk] = gm_new(a, GM_MAX, -1))) return NULL;
            k[nk++]->limit = min;
        }
    }
    if (sepn) {
        if (!(k[nk] = gm_two(a, GM_CONTAINS, sep, sepn, NULL, 0))) return NULL;
        k[nk++]->neg = true;
    }
    return gm_list(a, GM_EVERYOF, k, nk);
}

/* glueMatchersAsRow: fixed-length matchers in a row */
static GM *glue_row(Arena *a, GM **ms, uint32_t n)
{
    if (n <= 1) return NULL;
    int l = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (ms[i]->len == -1) return NULL;
        l += ms[i]->len;
    }
    GM *m = gm_list(a, GM_ROW, ms, n);
    if (m) m->len = l;
    return m;
}

static GM *glue(Arena *a, GM **ms, uint32_t n)
{
    GM *m = glue_every(a, ms, n);
    return m ? m : glue_row(a, ms, n);
}

/* minimizeMatchers: glue the longest run it can, again until nothing
 * changes; the result in ms, *n updated */
static void minimize_matchers(Arena *a, GM **ms, uint32_t *n)
{
    for (;;) {
        GM *done = NULL;
        uint32_t left = 0, right = 0, count = 0;
        for (uint32_t l = 0; l < *n; l++) {
            for (uint32_t r = *n; r > l; r--) {
                GM *g = glue(a, ms + l, r - l);
                if (!g) continue;
                bool swap = !done;
                if (done) {
                    int cl = done->len, gl = g->len;
                    swap = (cl > -1 && gl > -1 && gl > cl) || count < r - l;
                }
                if (swap) { done = g; left = l; right = r; count = r - l; }
            }
        }
        if (!done) return;
        /* in place: [0, left) stay, then done, then [right, n) */
        ms[left] = done;
        for (uint32_t i = right; i < *n; i++) ms[left + 1 + (i - right)] = ms[i];
        uint32_t m = left + 1 + (*n - right);
        if (m == *n) return;
        *n = m;
    }
}

/* compileMatchers: a glue, else a BTree around the longest fixed-length
 * matcher (the last of equal ones) */
static GM *compile_matchers(Arena *a, GM **ms, uint32_t n)
{
    if (!n) return NULL;
    if (n == 1) return ms[0];
    GM *g = glue(a, ms, n);
    if (g) return g;
    int idx = -1, max = -1;
    for (uint32_t i = 0; i < n; i++) {
        int l = ms[i]->len;
        if (l != -1 && l >= max) { max = l; idx = (int)i; }
    }
    if (idx < 0) {
        GM *r = compile_matchers(a, ms + 1, n - 1);
        return r ? gm_btree(a, ms[0], NULL, r) : NULL;
    }
    GM *l = idx > 0 ? compile_matchers(a, ms, (uint32_t)idx) : NULL;
    GM *r = (uint32_t)idx + 1 < n ? compile_matchers(a, ms + idx + 1, n - (uint32_t)idx - 1) : NULL;
    if ((idx > 0 && !l) || ((uint32_t)idx + 1 < n && !r)) return NULL;
    return gm_btree(a, ms[idx], l, r);
}

static GM *compile_node(Arena *a, GNode *t, int depth);

static GM **compile_children(Arena *a, GNode *t, int depth)
{
    GM **ms = arena_alloc(a, (t->nkid ? t->nkid : 1) * sizeof *ms);
    if (!ms) return NULL;
    for (uint32_t i = 0; i < t->nkid; i++) {
        GM *m = compile_node(a, t->kid[i], depth + 1);
        if (!m) return NULL;
        ms[i] = optimize(a, m);
        if (!ms[i]) return NULL;
    }
    return ms;
}

static GM *compile_node(Arena *a, GNode *t, int depth)
{
    if (depth > 8 * GLOB_DEPTH) return NULL;
    GM *m = NULL;
    switch (t->kind) {
    case AK_ANYOF: {
        GNode *min = minimize_anyof(a, t);
        if (min) return compile_node(a, min, depth + 1);
        GM **ms = compile_children(a, t, depth);
        return ms ? gm_list(a, GM_ANYOF, ms, t->nkid) : NULL;
    }
    case AK_PATTERN: {
        if (!t->nkid) return gm_new(a, GM_NOTHING, 0);
        GM **ms = compile_children(a, t, depth);
        if (!ms) return NULL;
        uint32_t n = t->nkid;
        minimize_matchers(a, ms, &n);
        m = compile_matchers(a, ms, n);
        break;
    }
    case AK_ANY: m = gm_new(a, GM_ANY, -1); break;
    case AK_SUPER: m = gm_new(a, GM_SUPER, -1); break;
    case AK_SINGLE: m = gm_new(a, GM_SINGLE, 1); break;
    case AK_NOTHING: m = gm_new(a, GM_NOTHING, 0); break;
    case AK_LIST:
        if ((m = gm_new(a, GM_LIST, 1))) { m->s = t->s; m->n = t->n; m->neg = t->neg; }
        break;
    case AK_RANGE:
        if ((m = gm_new(a, GM_RANGE, 1))) { m->lo = t->lo; m->hi = t->hi; m->neg = t->neg; }
        break;
    default:
        m = gm_text(a, t->s, t->n);
        break;
    }
    return optimize(a, m);
}

ChartGlob *chart_glob_compile(Arena *a, const char *pat, size_t n)
{
    GLex L = {a, pat, n, 0, 0, false};
    GNode *root = gnode(a, AK_PATTERN);
    if (!root || glex_seq(&L, root, false)) return NULL;
    ChartGlob *g = ARENA_NEW(a, ChartGlob);
    if (!g || !(g->m = compile_node(a, root, 0))) return NULL;
    return g;
}

int chart_glob_match(const ChartGlob *g, const char *name, size_t n, Buf *panic)
{
    Arena a;
    arena_init(&a);
    GCtx c = {&a, panic, 0};
    int rc = gm_match(&c, g->m, name, n);
    arena_free(&a);
    return rc < 0 && panic->len ? -1 : rc > 0;
}
