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
