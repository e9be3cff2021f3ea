/*
 * yamlfast.c - the reader's tree for plain block YAML, without libyaml.
 *
 * Rendered manifests and most values files are block mappings and
 * sequences of simple keys and one-line scalars.  libyaml reads them a
 * character at a time and allocates for every token; this reads them a
 * line at a time and gives the tree libyaml's events would give (see
 * parse_once in yaml.c), so everything after the tree - resolution, the
 * JSON conversion, duplicate keys, depth limits - is the same code.
 *
 * The subset is deliberately narrow: printable ASCII and newlines only;
 * no tabs, CRs, directives, document markers, anchors, aliases, tags,
 * flow collections other than {} and [], folded or kept block scalars,
 * multi-line plain or quoted scalars, escapes in double quotes, complex
 * or quoted keys.  Anything else, or anything that would be an error,
 * returns 0 and the caller parses the text with libyaml: this path never
 * decides an error and never guesses.
 */
#include "ynode.h"
#include "yamlint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FAST_DEPTH 200
#define KEY_MAX 1000        /* libyaml: a simple key fits in 1024 characters */

typedef struct F {
    Arena *a;
    const char *s;
    size_t n;
    size_t p;               /* cursor */
    int depth;
    /* children of the open collections, innermost last (malloc): each
     * gets an exact arena array when its collection ends */
    YNode **kids;
    size_t nkids, capkids;
    /* yaml_fast_tree_keep: top-level keys to build; skip > 0 while in a
     * value that is read but not built (nodes are then `dummy`), loud
     * once such a value holds what the decoder would complain of */
    YamlKeep keep;
    int skip;
    bool loud;
    YNode dummy;
} F;

static size_t eol(const F *f, size_t p)
{
    const char *e = memchr(f->s + p, '\n', f->n - p);
    return e ? (size_t)(e - f->s) : f->n;
}

static size_t skip_spaces(const F *f, size_t p)
{
    while (p < f->n && f->s[p] == ' ') p++;
    return p;
}

/* Only a comment or nothing is left on the line at p (after spaces). */
static bool line_done(const F *f, size_t p)
{
    return p >= f->n || f->s[p] == '\n' || (f->s[p] == '#' && f->s[p - 1] == ' ');
}

static size_t next_line_start(const F *f, size_t p)
{
    size_t e = eol(f, p);
    return e < f->n ? e + 1 : f->n;
}

/* Move f->p to the content of the next line holding any (not blank, not
 * only a comment) from the line of p (its start, or its content when
 * only spaces precede it); that line's indentation, or -1 at the end. */
static int next_line(F *f, size_t p)
{
    size_t q = p;
    while (q > 0 && f->s[q - 1] == ' ') q--;
    if (q == 0 || f->s[q - 1] == '\n') p = q;
    while (p < f->n) {
        size_t i = skip_spaces(f, p);
        if (i < f->n && f->s[i] != '\n' && f->s[i] != '#') {
            f->p = i;
            return (int)(i - p);
        }
        p = next_line_start(f, i);
    }
    f->p = f->n;
    return -1;
}

/* After a value ending at p: spaces, then the end of the line or a comment
 * (which needs a space before it).  The next line's start, or 0 on junk. */
static size_t rest_of_line(const F *f, size_t p)
{
    size_t i = skip_spaces(f, p);
    if (i < f->n && f->s[i] == '#' && i == p) return 0;
    if (i < f->n && f->s[i] != '\n' && f->s[i] != '#') return 0;
    return next_line_start(f, i);
}

static YNode *node(F *f, int kind)
{
    if (f->skip) return &f->dummy;
    YNode *y = ARENA_NEW(f->a, YNode);
    if (y) y->kind = (uint8_t)kind;
    return y;
}

/* A scalar whose text is s itself: the input text outlives the tree, and
 * nothing reads a scalar past its length. */
static YNode *scalar_at(F *f, const char *s, size_t n, int plain)
{
    if (f->skip) {
        /* the decoder's only complaint about a plain scalar here (keys
         * are strings, no tags or aliases): NaN and infinities, which
         * JSON cannot hold */
        double num = 0;
        int r = plain ? yaml_resolve_plain(s, n, &num) : YR_STR;
        if ((r == YR_INT || r == YR_FLOAT) && (isinf(num) || isnan(num))) f->loud = true;
        return &f->dummy;
    }
    YNode *y = node(f, N_SCALAR);
    if (!y) return NULL;
    y->implicit = (uint8_t)plain;
    y->s = s;
    y->n = n;
    return y;
}

/* A scalar from a scratch buffer: copied. */
static YNode *scalar(F *f, const char *s, size_t n, int plain)
{
    if (f->skip) return &f->dummy;
    const char *c = arena_strndup(f->a, s, n);
    return c ? scalar_at(f, c, n, plain) : NULL;
}

/* Bytes of simple keys: 1 anywhere in one, 2 also at its start. */
static const uint8_t key_class[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 3, ['/'] = 3,
    ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3, ['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3,
    ['a'] = 3, ['b'] = 3, ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3, ['g'] = 3, ['h'] = 3, ['i'] = 3,
    ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3, ['n'] = 3, ['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3,
    ['s'] = 3, ['t'] = 3, ['u'] = 3, ['v'] = 3, ['w'] = 3, ['x'] = 3, ['y'] = 3, ['z'] = 3,
    ['A'] = 3, ['B'] = 3, ['C'] = 3, ['D'] = 3, ['E'] = 3, ['F'] = 3, ['G'] = 3, ['H'] = 3, ['I'] = 3,
    ['J'] = 3, ['K'] = 3, ['L'] = 3, ['M'] = 3, ['N'] = 3, ['O'] = 3, ['P'] = 3, ['Q'] = 3, ['R'] = 3,
    ['S'] = 3, ['T'] = 3, ['U'] = 3, ['V'] = 3, ['W'] = 3, ['X'] = 3, ['Y'] = 3, ['Z'] = 3,
};

/* Characters of a flow scalar read the same by libyaml and go-yaml */
static int flow_char(int c)
{
    return c > ' ' && c < 0x7f && !strchr(",[]{}:?#\"'", c);
}

/* A simple plain key at p ("name:" followed by a space or the line's
 * end) that go-yaml resolves to a string: its length, else 0. */
static size_t key_at(const F *f, size_t p)
{
    size_t i = p;
    const unsigned char *u = (const unsigned char *)f->s;
    if (!(key_class[u[p]] & 2)) return 0;
    while (i < f->n && key_class[u[i]]) i++;
    if (i >= f->n || f->s[i] != ':' || i - p > KEY_MAX) return 0;
    if (i + 1 < f->n && f->s[i + 1] != ' ' && f->s[i + 1] != '\n') return 0;
    double num;
    if (yaml_resolve_plain(f->s + p, i - p, &num) != YR_STR) return 0;
    return i - p;
}

static int is_dash(const F *f, size_t p)
{
    return f->s[p] == '-' && (p + 1 == f->n || f->s[p + 1] == ' ' || f->s[p + 1] == '\n');
}

/* "|" or "|-" at p, the value of a node at indentation `parent`: libyaml's
 * scan_block_scalar with an auto-detected indentation. */
static YNode *literal(F *f, size_t p, int parent)
{
    int strip = p + 1 < f->n && f->s[p + 1] == '-';
    size_t q = p + 1 + (size_t)strip;
    if (q >= f->n || f->s[q] != '\n') return NULL;
    /* leading blank lines: breaks of the content; the widest of them and
     * the first text line give the indentation */
    size_t line = q + 1, breaks = 0;
    int max = 0, first;
    for (;;) {
        size_t k = line;
        while (k < f->n && f->s[k] == ' ') k++;
        if ((int)(k - line) > max) max = (int)(k - line);
        if (k >= f->n) return NULL;
        if (f->s[k] != '\n') { first = (int)(k - line); break; }
        breaks++;
        line = k + 1;
    }
    int ind = max > parent + 1 ? max : parent + 1;
    if (ind < 1) ind = 1;
    if (first < ind) {
        if (breaks) return NULL;
        f->p = line;
        return scalar_at(f, "", 0, 0);
    }
    Buf b = BUF_INIT;
    for (size_t i = 0; i < breaks; i++) buf_addc(&b, '\n');
    /* text: bytes up to the end of the last text line; its break, if it
     * has one (not at the end of the input), is what clipping keeps */
    size_t last = line, text = 0, brk = 0;
    while (line < f->n) {
        size_t e = eol(f, line);
        size_t k = line;
        while (k < e && f->s[k] == ' ') k++;
        if (k == e && (int)(k - line) <= ind) {
            if (e >= f->n) break;
            buf_addc(&b, '\n');           /* a break */
        } else if ((int)(k - line) < ind) {
            break;
        } else {
            buf_add(&b, f->s + line + ind, e - line - (size_t)ind);
            text = b.len;
            brk = e < f->n;
            if (brk) buf_addc(&b, '\n');
            last = e < f->n ? e + 1 : f->n;
        }
        if (e >= f->n) break;
        line = e + 1;
    }
    f->p = last;
    size_t len = strip ? text : text + brk;
    YNode *y = scalar(f, b.data ? b.data : "", len, 0);
    buf_free(&b);
    return y;
}

/* A double-quoted scalar at p ending on its line (before e), with no
 * escapes but \" \\ \n \t \r; *after: the byte after its closing quote. */
static YNode *dquoted(F *f, size_t p, size_t e, size_t *after)
{
    const char *s = f->s;
    size_t i = p + 1, run = i;
    const char *q = memchr(s + i, '"', e - i);
    const char *bs = memchr(s + i, '\\', e - i);
    if (q && (!bs || bs > q)) {
        *after = (size_t)(q - s) + 1;
        return scalar_at(f, s + i, (size_t)(q - s) - i, 0);
    }
    Buf b = BUF_INIT;
    for (;; i++) {
        if (i >= e) { buf_free(&b); return NULL; }
        if (s[i] == '"') break;
        if (s[i] != '\\') continue;
        buf_add(&b, s + run, i - run);
        char c = i + 1 < e ? s[i + 1] : 0;
        switch (c) {
        case '"': case '\\': break;
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        default: buf_free(&b); return NULL;
        }
        buf_addc(&b, c);
        i++;
        run = i + 1;
    }
    buf_add(&b, s + run, i - run);
    *after = i + 1;
    YNode *y = scalar(f, b.data ? b.data : "", b.len, 0);
    buf_free(&b);
    return y;
}

static int push(F *f, YNode *y)
{
    if (!y) return -1;
    if (f->skip) return 0;
    if (f->nkids == f->capkids) {
        size_t cap = f->capkids ? f->capkids * 2 : 64;
        YNode **nv = realloc(f->kids, cap * sizeof *nv);
        if (!nv) return -1;
        f->kids = nv;
        f->capkids = cap;
    }
    f->kids[f->nkids++] = y;
    return 0;
}

/* The collection of the children pushed since `start`. */
static YNode *collection(F *f, int kind, size_t start, int flow)
{
    YNode *y = node(f, kind);
    if (!y) return NULL;
    size_t k = f->nkids - start;
    y->implicit = (uint8_t)flow;
    y->nkids = (uint32_t)k;
    if (k) {
        y->kids = ARENA_NEWN(f->a, YNode *, k);
        if (!y->kids) return NULL;
        memcpy(y->kids, f->kids + start, k * sizeof *y->kids);
    }
    f->nkids = start;
    return y;
}

/* A one-line flow sequence of simple words and quoted strings without
 * escapes: ["ALL"], [a, b].  Where libyaml and go-yaml read flow scalars
 * differently (':' and '?' in them) the characters are not in the set. */
static YNode *flow_seq(F *f, size_t p, size_t e)
{
    const char *s = f->s;
    size_t start = f->nkids;
    size_t i = p + 1;
    for (;;) {
        while (i < e && s[i] == ' ') i++;
        if (i >= e) return NULL;
        YNode *y;
        if (s[i] == '"') {
            y = dquoted(f, i, e, &i);
            if (!y) return NULL;
        } else {
            int c = (unsigned char)s[i];
            if (c == '-' ? !(i + 1 < e && flow_char((unsigned char)s[i + 1])) : !flow_char(c) || strchr("!&*|>%@`", c))
                return NULL;
            size_t j = i;
            while (j < e && flow_char((unsigned char)s[j])) j++;
            y = scalar_at(f, s + i, j - i, 1);
            i = j;
        }
        if (push(f, y)) return NULL;
        while (i < e && s[i] == ' ') i++;
        if (i < e && s[i] == ',') { i++; continue; }
        if (i < e && s[i] == ']') break;
        return NULL;
    }
    size_t next = rest_of_line(f, i + 1);
    if (!next) return NULL;
    f->p = next;
    return collection(f, N_SEQ, start, 1);
}

/* A value on the line at p (after "key: " or "- "); leaves f->p at the
 * next line.  NULL: outside the subset. */
static YNode *inline_value(F *f, size_t p, int parent)
{
    const char *s = f->s;
    size_t e = eol(f, p);
    switch (s[p]) {
    case '"': {
        size_t q;
        YNode *y = dquoted(f, p, e, &q);
        size_t next = y ? rest_of_line(f, q) : 0;
        if (!next) return NULL;
        f->p = next;
        return y;
    }
    case '\'': {
        Buf b = BUF_INIT;
        size_t i = p + 1;
        for (;;) {
            if (i >= e) { buf_free(&b); return NULL; }
            if (s[i] == '\'') {
                if (i + 1 < e && s[i + 1] == '\'') { buf_addc(&b, '\''); i += 2; continue; }
                break;
            }
            buf_addc(&b, s[i++]);
        }
        size_t next = rest_of_line(f, i + 1);
        YNode *y = next ? scalar(f, b.data ? b.data : "", b.len, 0) : NULL;
        buf_free(&b);
        f->p = next;
        return y;
    }
    case '|':
        return literal(f, p, parent);
    case '[':
        if (p + 1 < e && s[p + 1] != ']') return flow_seq(f, p, e);
        /* fall through */
    case '{': {
        if (p + 1 >= e || s[p + 1] != (s[p] == '{' ? '}' : ']')) return NULL;
        size_t next = rest_of_line(f, p + 2);
        if (!next) return NULL;
        f->p = next;
        YNode *y = node(f, s[p] == '{' ? N_MAP : N_SEQ);
        if (y) y->implicit = 1;
        return y;
    }
    case '>': case '&': case '*': case '!': case '%': case '@': case '`': case '#':
    case ',': case ']': case '}': case '?': case ':':
        return NULL;
    case '-':
        if (p + 1 >= e || s[p + 1] == ' ') return NULL;
        break;
    default:
        break;
    }
    /* plain: to a comment or the line's end; ": " and a final ':' are
     * libyaml's business */
    size_t end = p;
    for (size_t i = p; i < e; i++) {
        if (s[i] == ':' && (i + 1 == e || s[i + 1] == ' ')) return NULL;
        if (s[i] == '#' && s[i - 1] == ' ') break;
        if (s[i] != ' ') end = i + 1;
    }
    f->p = next_line_start(f, e);
    return scalar_at(f, s + p, end - p, 1);
}

static YNode *block(F *f, int parent);

/* The value after "key:" or "-" with nothing more on its line: a node on
 * the following lines, or null. */
static YNode *value_below(F *f, size_t next, int col, int seq_ok)
{
    int ind = next_line(f, next);
    if (ind > col) return block(f, col);
    if (seq_ok && ind == col && is_dash(f, f->p)) return block(f, col - 1);
    f->p = next;
    return scalar_at(f, "", 0, 1);
}

/* A block mapping whose first key is at f->p, in column col. */
static YNode *mapping(F *f, int col)
{
    size_t start = f->nkids;
    for (;;) {
        size_t p = f->p;
        size_t kl = key_at(f, p);
        if (!kl) return NULL;
        /* the document's top-level mapping (block(f, -1) made depth 1) */
        int skip = f->keep && f->depth == 1 && !f->keep(f->s + p, kl);
        f->skip += skip;
        if (push(f, scalar_at(f, f->s + p, kl, 1))) return NULL;
        size_t v = skip_spaces(f, p + kl + 1);
        YNode *val;
        if (line_done(f, v)) {
            val = value_below(f, next_line_start(f, v), col, 1);
        } else {
            val = inline_value(f, v, col);
        }
        if (push(f, val)) return NULL;
        f->skip -= skip;
        int ind = next_line(f, f->p);
        if (ind < col) break;
        if (ind > col || is_dash(f, f->p)) return NULL;
    }
    return collection(f, N_MAP, start, 0);
}

/* A block sequence whose first "-" is at f->p, in column col. */
static YNode *sequence(F *f, int col)
{
    size_t start = f->nkids;
    for (;;) {
        size_t v = skip_spaces(f, f->p + 1);
        YNode *item;
        if (line_done(f, v)) {
            item = value_below(f, next_line_start(f, v), col, 0);
        } else if (is_dash(f, v)) {
            return NULL;
        } else if (key_at(f, v)) {
            size_t ls = f->p - (size_t)col;
            f->p = v;
            if (++f->depth > FAST_DEPTH) return NULL;
            item = mapping(f, (int)(v - ls));
            f->depth--;
        } else {
            item = inline_value(f, v, col);
        }
        if (push(f, item)) return NULL;
        int ind = next_line(f, f->p);
        if (ind < col || (ind == col && !is_dash(f, f->p))) break;
        if (ind > col) return NULL;
    }
    return collection(f, N_SEQ, start, 0);
}

/* The node at f->p, the start of a content line more indented than
 * parent. */
static YNode *block(F *f, int parent)
{
    if (++f->depth > FAST_DEPTH) return NULL;
    size_t ls = f->p;
    while (ls > 0 && f->s[ls - 1] != '\n') ls--;
    int col = (int)(f->p - ls);
    YNode *y = NULL;
    if (col > parent) {
        if (is_dash(f, f->p)) y = sequence(f, col);
        else if (key_at(f, f->p)) y = mapping(f, col);
    }
    f->depth--;
    return y;
}

/* Printable ASCII and newlines only, eight bytes at a time: newlines
 * (found exactly: zero bytes of w ^ "\n\n..." with the high bits masked
 * so no borrow crosses bytes) become '*', then a word is fine when no
 * byte is >= 0x7f (bit 7 of b + 1, which cannot carry out of a byte below
 * 0x80) and none is < 0x20 (the has-less test, exact about whether any). */
static bool plain_ascii(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull, low7 = 0x7f7f7f7f7f7f7f7full;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t z = w ^ (0x0a * ones);
        uint64_t nl = ~(((z & low7) + low7) | z) & high;
        w |= nl >> 2;
        if (((w | (w + ones)) & high) || ((w - 0x20 * ones) & ~w & high)) return false;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n') || c >= 0x7f) return false;
    }
    return true;
}

static int fast_tree(Arena *a, const char *text, size_t n, YamlKeep keep, YNode **root)
{
    if (!plain_ascii(text, n)) return 0;
    F f = {.a = a, .s = text, .n = n, .keep = keep};
    /* directives and document markers */
    for (size_t p = 0; p < n; p = eol(&f, p) + 1) {
        if (text[p] == '%') return 0;
        if (n - p >= 3 && (memcmp(text + p, "---", 3) == 0 || memcmp(text + p, "...", 3) == 0)) return 0;
    }
    if (next_line(&f, 0) < 0) return 0;
    YNode *y = is_dash(&f, f.p) || key_at(&f, f.p) ? block(&f, -1) : inline_value(&f, f.p, -1);
    free(f.kids);
    if (!y || f.loud || next_line(&f, f.p) >= 0) return 0;
    *root = y;
    return 1;
}

int yaml_fast_tree(Arena *a, const char *text, size_t n, YNode **root)
{
    return fast_tree(a, text, n, NULL, root);
}

int yaml_fast_tree_keep(Arena *a, const char *text, size_t n, YamlKeep keep, YNode **root)
{
    return fast_tree(a, text, n, keep, root);
}
