/*
 * parse.c - text/template's recursive-descent parser (Go 1.25 parse.go).
 *
 * Errors jump out with longjmp after writing Go's message; everything
 * allocated so far stays in the arena.  The token buffer and the
 * backup/peek discipline mirror Go's exactly because its error messages
 * depend on which token was read last ("template: NAME:LINE: ..." takes
 * LINE from the most recently lexed token).
 *
 * Variables: Go's parser keeps a stack of names only to reject undefined
 * ones; at run time the VM keeps a parallel stack of values.  We resolve
 * each variable to its slot in that run-time stack here.  Go's parser
 * pushes a name for "$x = v" too (no new run-time variable), so the two
 * stacks are tracked separately: `names` for Go's check, `slots` for ours.
 */
#include "parser.h"
#include "../value/fmt.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lexer/lexer.h"

#define TOK_NONE 0xFF            /* tok[0] before the first token */
#define MAX_EXPR_DEPTH 10000    /* Go's maxStackDepth for parentheses */
#define MAX_NEST_DEPTH 100000   /* ours: control structures (Go has none) */

typedef struct Var { const char *s; uint32_t n; int32_t slot; } Var;

typedef struct P {
    Arena *a;                  /* nodes and parse-time arrays */
    Arena *keep;               /* what the compiled code keeps: trees, names, strings */
    uint32_t nid;              /* nodes made so far (Node.id) */
    Node *pool; uint32_t npool;           /* zeroed nodes not yet handed out */
    Node **all; uint32_t nall, capall;   /* parse_nodes(): every node by id */
    int collect;
    const FnRegistry *reg;
    Lexer lx;
    const char *name;          /* ParseName */
    Tree *t;                   /* tree being parsed */
    Token tok[3];
    int peekc;
    Var *names; uint32_t nnames, capnames;   /* Go's t.vars */
    Var *slots; uint32_t nslots, capslots;   /* run-time variables */
    uint32_t maxslots;
    int range_depth;
    int expr_depth, nest_depth;
    uint32_t action_pos;       /* 1 + offset of the enclosing action's "{{", 0 outside */
    Tree *first, *last;        /* trees added so far */
    Buf *err;
    jmp_buf jb;
} P;

static void __attribute__((noreturn, format(printf, 2, 3))) perr(P *p, const char *fmt, ...)
{
    va_list ap;
    /* Go names the line of the token lexed last; none yet (out of memory
     * before the first token) is line 0 */
    uint32_t line = p->tok[0].type == TOK_NONE ? 0 : lex_line(&p->lx, p->tok[0].pos);
    buf_printf(p->err, "template: %s:%u: ", p->name, line);
    va_start(ap, fmt);
    buf_vprintf(p->err, fmt, ap);
    va_end(ap);
    longjmp(p->jb, 1);
}

static void oom(P *p) { perr(p, "out of memory"); }

static void *alloc(P *p, size_t n)
{
    void *m = arena_zalloc(p->a, n);
    if (!m) oom(p);
    return m;
}

/* ---- token buffer (Go's next/backup/peek) ------------------------------- */

/* The next token, in the buffer: valid until the parser reads another. */
static const Token *next_ref(P *p)
{
    if (p->peekc > 0) return &p->tok[--p->peekc];
    lex_scan(&p->lx, &p->tok[0]);
    return &p->tok[0];
}
static Token next(P *p) { return *next_ref(p); }
static void backup(P *p) { p->peekc++; }
static void backup2(P *p, Token t1) { p->tok[1] = t1; p->peekc = 2; }
static void backup3(P *p, Token t2, Token t1) { p->tok[1] = t1; p->tok[2] = t2; p->peekc = 3; }
static const Token *peek_ref(P *p)
{
    if (p->peekc > 0) return &p->tok[p->peekc - 1];
    p->peekc = 1;
    lex_scan(&p->lx, &p->tok[0]);
    return &p->tok[0];
}
static Token peek(P *p) { return *peek_ref(p); }
static const Token *next_non_space_ref(P *p)
{
    const Token *t;
    do t = next_ref(p); while (t->type == T_SPACE);
    return t;
}
static Token next_non_space(P *p) { return *next_non_space_ref(p); }
static const Token *peek_non_space_ref(P *p)
{
    const Token *t = next_non_space_ref(p);
    backup(p);
    return t;
}
static Token peek_non_space(P *p) { return *peek_non_space_ref(p); }

static void __attribute__((noreturn)) unexpected(P *p, Token t, const char *context)
{
    char s[64];
    lex_tok_string(&t, s, sizeof s);
    if (t.type == T_ERROR) {
        uint32_t action_line = p->action_pos ? lex_line(&p->lx, p->action_pos - 1) : 0;
        if (action_line && action_line != lex_line(&p->lx, t.pos)) {
            int act = t.len >= 7 && memcmp(t.val + t.len - 7, " action", 7) == 0;
            perr(p, "%s%s started at %s:%u", s, act ? "" : " in action", p->name, action_line);
        }
        perr(p, "%s", s);
    }
    perr(p, "unexpected %s in %s", s, context);
}

static Token expect(P *p, int type, const char *context)
{
    Token t = next_non_space(p);
    if (t.type != type) unexpected(p, t, context);
    return t;
}

/* nodes zeroed and carved per allocation: 8 * 96 bytes stays below the
 * size where glibc memset switches to "rep stosb" */
#define NODE_CHUNK 8

static inline Node *new_node(P *p, int type, uint32_t pos)
{
    if (!p->npool) {
        p->pool = alloc(p, NODE_CHUNK * sizeof *p->pool);
        p->npool = NODE_CHUNK;
    }
    Node *n = p->pool++;
    p->npool--;
    n->type = (uint8_t)type;
    n->pos = pos;
    /* only the nodes an error names (parse_nodes) need their line */
    if (p->collect) n->line = lex_line(&p->lx, pos);
    n->tree = p->t;
    n->slot = -1;
    n->id = ++p->nid;
    if (p->collect) {
        if (p->nall == p->capall) {
            uint32_t cap = p->capall ? p->capall * 2 : 256;
            Node **na = arena_realloc(p->a, p->all, p->capall * sizeof *na, cap * sizeof *na);
            if (!na) oom(p);
            p->all = na;
            p->capall = cap;
        }
        p->all[p->nall++] = n;
    }
    return n;
}

static void append(P *p, Node ***arr, uint32_t *n, Node *x)
{
    /* capacity starts at 4 and doubles at powers of two */
    if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
        uint32_t cap = *n ? *n * 2 : 4;
        Node **na = arena_alloc(p->a, cap * sizeof *na);
        if (!na) oom(p);
        if (*n) memcpy(na, *arr, *n * sizeof *na);
        *arr = na;
    }
    (*arr)[(*n)++] = x;
}

/* A node's kids (or idents): the first four live in the node (Node.inl),
 * except in a PIPE, whose union holds its declarations. */
static inline void add_item(P *p, Node *owner, void *x)
{
    uint32_t n = owner->n;
    if (n == 0 && owner->type != N_PIPE) owner->kids = owner->inl;
    else if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        uint32_t cap = n ? n * 2 : 4;
        Node **na = arena_alloc(p->a, cap * sizeof *na);
        if (!na) oom(p);
        if (n) memcpy(na, owner->kids, n * sizeof *na);
        owner->kids = na;
    }
    owner->kids[n] = x;
    owner->n = n + 1;
}

/* A name or literal the compiled code keeps.  Hashed on first use
 * (str_hash), not here: many are never looked up in a map. */
static Str *keep_str(P *p, const char *s, size_t n)
{
    Str *r = str_new(p->keep, s, n);
    if (!r) oom(p);
    return r;
}

/* ---- variables ------------------------------------------------------------ */

static void push_var(P *p, Var **arr, uint32_t *n, uint32_t *cap, Var v)
{
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        Var *na = arena_alloc(p->a, nc * sizeof *na);
        if (!na) oom(p);
        if (*n) memcpy(na, *arr, *n * sizeof *na);
        *arr = na;
        *cap = nc;
    }
    (*arr)[(*n)++] = v;
}

static int32_t find_slot(P *p, const char *s, uint32_t n)
{
    for (uint32_t i = p->nslots; i-- > 0;)
        if (p->slots[i].n == n && memcmp(p->slots[i].s, s, n) == 0) return p->slots[i].slot;
    return -1;
}

static int32_t declare(P *p, const char *s, uint32_t n, int assign)
{
    Var v = {s, n, -1};
    push_var(p, &p->names, &p->nnames, &p->capnames, v);
    if (assign) return find_slot(p, s, n);
    v.slot = (int32_t)p->nslots;
    push_var(p, &p->slots, &p->nslots, &p->capslots, v);
    if (p->nslots > p->maxslots) p->maxslots = p->nslots;
    return v.slot;
}

/* ---- literals -------------------------------------------------------------- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void put_utf8(Buf *b, uint32_t r)
{
    char u[4];
    int n;
    if (r < 0x80) { u[0] = (char)r; n = 1; }
    else if (r < 0x800) { u[0] = (char)(0xC0 | (r >> 6)); u[1] = (char)(0x80 | (r & 0x3F)); n = 2; }
    else if (r < 0x10000) { u[0] = (char)(0xE0 | (r >> 12)); u[1] = (char)(0x80 | ((r >> 6) & 0x3F)); u[2] = (char)(0x80 | (r & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | (r >> 18)); u[1] = (char)(0x80 | ((r >> 12) & 0x3F)); u[2] = (char)(0x80 | ((r >> 6) & 0x3F)); u[3] = (char)(0x80 | (r & 0x3F)); n = 4; }
    buf_add(b, u, (size_t)n);
}

/* strconv.UnquoteChar: one (possibly escaped) character of s; returns bytes
 * consumed, or 0 on syntax error.  *rune_out gets the value; *is_byte says
 * it is a raw byte (\x, octal) rather than a rune. */
static int unquote_char(const char *s, size_t n, char quote, uint32_t *rune_out, int *is_byte)
{
    *is_byte = 0;
    if (n == 0) return 0;
    unsigned char c = (unsigned char)s[0];
    if (c == (unsigned char)quote && (quote == '\'' || quote == '"')) return 0;
    if (c >= 0x80) {
        /* a UTF-8 sequence: copy as is */
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if ((size_t)len > n) len = 1;
        uint32_t r = len == 1 ? 0xFFFD : (uint32_t)(c & (0x7F >> len));
        for (int i = 1; i < len; i++) r = (r << 6) | ((unsigned char)s[i] & 0x3F);
        *rune_out = r;
        *is_byte = 2;   /* copy the bytes verbatim */
        return len;
    }
    if (c != '\\') { *rune_out = c; return 1; }
    if (n < 2) return 0;
    c = (unsigned char)s[1];
    switch (c) {
    case 'a': *rune_out = 7; return 2;
    case 'b': *rune_out = 8; return 2;
    case 'f': *rune_out = 12; return 2;
    case 'n': *rune_out = 10; return 2;
    case 'r': *rune_out = 13; return 2;
    case 't': *rune_out = 9; return 2;
    case 'v': *rune_out = 11; return 2;
    case '\\': *rune_out = '\\'; return 2;
    case '\'': case '"':
        if (c != (unsigned char)quote) return 0;
        *rune_out = c;
        return 2;
    case 'x': case 'u': case 'U': {
        int k = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        if (n < (size_t)(2 + k)) return 0;
        uint32_t v = 0;
        for (int i = 0; i < k; i++) {
            int h = hexval((unsigned char)s[2 + i]);
            if (h < 0) return 0;
            v = v * 16 + (uint32_t)h;
        }
        if (c == 'x') { *rune_out = v; *is_byte = 1; return 4; }
        if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) return 0;
        *rune_out = v;
        return 2 + k;
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        if (n < 4) return 0;
        uint32_t v = 0;
        for (int i = 1; i < 4; i++) {
            int d = (unsigned char)s[i] - '0';
            if (d < 0 || d > 7) return 0;
            v = v * 8 + (uint32_t)d;
        }
        if (v > 255) return 0;
        *rune_out = v;
        *is_byte = 1;
        return 4;
    }
    }
    return 0;
}

/* strconv.Unquote of a "..." or `...` token. */
static Str *unquote(P *p, const Token *t)
{
    const char *s = t->val;
    uint32_t n = t->len;
    Buf b = BUF_INIT;
    Str *r;
    /* most literals are plain ASCII without escapes: the text itself (the
     * lexer marks such strings; raw strings are checked here) */
    if ((t->flags & TOKF_PLAIN) && n >= 2) return keep_str(p, s + 1, n - 2);
    uint32_t plain = n >= 2 ? 1 : n;
    while (plain + 1 < n) {
        unsigned char c = (unsigned char)s[plain];
        if (c >= 0x80 || c == '\\' || c == '\n' || c == '\r') break;
        plain++;
    }
    if (n >= 2 && plain + 1 == n) return keep_str(p, s + 1, n - 2);
    if (s[0] == '`') {
        for (uint32_t i = 1; i + 1 < n; i++)
            if (s[i] != '\r') buf_addc(&b, s[i]);
    } else {
        uint32_t i = 1;
        while (i + 1 < n) {
            uint32_t rn;
            int isb;
            int k = unquote_char(s + i, n - 1 - i, '"', &rn, &isb);
            if (!k || s[i] == '\n') { buf_free(&b); perr(p, "invalid syntax"); }
            if (isb == 2) buf_add(&b, s + i, (size_t)k);
            else if (isb == 1) buf_addc(&b, (char)rn);
            else put_utf8(&b, rn);
            i += (uint32_t)k;
        }
    }
    r = str_new(p->keep, b.data ? b.data : "", b.len);
    buf_free(&b);
    if (!r) oom(p);
    return r;
}

/* Go's underscoreOK: '_' only between digits or after a base prefix. */
static int underscore_ok(const char *s, size_t n)
{
    char saw = '^';
    size_t i = 0;
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) i++;
    int hex = 0;
    if (n - i >= 2 && s[i] == '0' && strchr("xXbBoO", s[i + 1])) {
        hex = s[i + 1] == 'x' || s[i + 1] == 'X';
        i += 2;
        saw = '0';
    }
    for (; i < n; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || (hex && hexval((unsigned char)c) >= 0)) { saw = '0'; continue; }
        if (c == '_') { if (saw != '0') return 0; saw = '_'; continue; }
        if (saw == '_') return 0;
        saw = '!';
    }
    return saw != '_';
}

static int parse_uint(const char *s, size_t n, uint64_t *out)
{
    int base = 10;
    size_t i = 0;
    if (n == 0) return 0;
    if (s[0] == '0' && n > 1) {
        char c = s[1];
        if (c == 'x' || c == 'X') { base = 16; i = 2; }
        else if (c == 'o' || c == 'O') { base = 8; i = 2; }
        else if (c == 'b' || c == 'B') { base = 2; i = 2; }
        else { base = 8; i = 1; }
    }
    int under = 0, digits = 0;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (s[i] == '_') { under = 1; continue; }
        int d = hexval((unsigned char)s[i]);
        if (d < 0 || d >= base) return 0;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return -1;
        v = v * (uint64_t)base + (uint64_t)d;
        digits++;
    }
    if (!digits && !(base == 8 && i == 1)) return 0;
    if (under && !underscore_ok(s, n)) return 0;
    *out = v;
    return 1;
}

static int parse_float(const char *s, size_t n, double *out)
{
    char tmp[128];
    size_t k = 0;
    int under = 0, hex = 0, hasp = 0;
    if (n >= sizeof tmp) return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') { under = 1; continue; }
        if (s[i] == 'x' || s[i] == 'X') hex = 1;
        if (s[i] == 'p' || s[i] == 'P') hasp = 1;
        if (!strchr("0123456789abcdefABCDEFxXpP.+-", s[i])) return 0;
        tmp[k++] = s[i];
    }
    tmp[k] = 0;
    if (under && !underscore_ok(s, n)) return 0;
    if (hex && !hasp) return 0;
    if (!hex && (strchr(tmp, 'p') || strchr(tmp, 'P'))) return 0;
    char *end;
    errno = 0;
    double f = strtod(tmp, &end);
    if (*end || end == tmp || (errno == ERANGE && (f > 1 || f < -1))) return 0;
    *out = f;
    return 1;
}

/* Go's newNumber for complex constants: "1+2i" (fmt.Sscan of the pair) or
 * an imaginary "1.5i".  simplifyComplex: a zero imaginary part also makes
 * the constant a float (and an int when integral), yet it stays complex,
 * which idealConstant prefers: {{ 0i }} prints (0+0i).  1 = done. */
static int complex_number(Node *n, const char *s, size_t len)
{
    double re = 0, im;
    size_t k = 0;
    for (size_t i = len - 1; i > 0; i--)
        if ((s[i] == '+' || s[i] == '-') && !strchr("eEpP", s[i - 1])) {
            k = i;
            break;
        }
    if (k && !parse_float(s, k, &re)) return 0;
    if (!parse_float(s + k, len - 1 - k, &im)) return 0;
    n->num_flags = NUM_COMPLEX;
    n->f64 = re;
    n->imag = im;
    if (im == 0) {
        n->num_flags |= NUM_FLOAT;
        if (re >= -9223372036854775808.0 && re < 9223372036854775808.0 && (double)(int64_t)re == re) {
            n->num_flags |= NUM_INT;
            n->i64 = (int64_t)re;
            if (re >= 0) { n->num_flags |= NUM_UINT; n->u64 = (uint64_t)re; }
        }
    }
    return 1;
}

static Node *new_number(P *p, Token t)
{
    Node *n = new_node(p, N_NUMBER, t.pos);
    n->text = t.val;
    n->textlen = t.len;
    if (t.type == T_CHARCONST) {
        uint32_t r;
        int isb;
        int k = unquote_char(t.val + 1, t.len - 1, '\'', &r, &isb);
        if (!k) perr(p, "invalid syntax");
        if ((uint32_t)k + 2 != t.len || t.val[t.len - 1] != '\'')
            perr(p, "malformed character constant: %.*s", (int)t.len, t.val);
        n->i64 = r;
        n->u64 = r;
        n->f64 = r;
        n->num_flags = NUM_INT | NUM_UINT | NUM_FLOAT;
        return n;
    }
    if (t.type == T_COMPLEX || (t.len > 1 && t.val[t.len - 1] == 'i')) {
        if (complex_number(n, t.val, t.len)) return n;
        if (t.type == T_COMPLEX) perr(p, "illegal number syntax: \"%.*s\"", (int)t.len, t.val);
    }
    const char *s = t.val;
    size_t len = t.len;
    uint64_t u;
    int neg = s[0] == '-', plus = s[0] == '+';
    int ur = !neg && !plus ? parse_uint(s, len, &u) : 0;
    if (ur == 1) { n->num_flags |= NUM_UINT; n->u64 = u; }
    uint64_t mag;
    if (parse_uint(s + (neg || plus), len - (size_t)(neg || plus), &mag) == 1) {
        if (neg && mag <= (uint64_t)INT64_MAX + 1) {
            n->i64 = (int64_t)(0 - mag);
            n->num_flags |= NUM_INT;
        } else if (!neg && mag <= (uint64_t)INT64_MAX) {
            n->i64 = (int64_t)mag;
            n->num_flags |= NUM_INT;
        }
        if ((n->num_flags & NUM_INT) && n->i64 == 0) { n->num_flags |= NUM_UINT; n->u64 = 0; }
    }
    if (n->num_flags & NUM_INT) { n->num_flags |= NUM_FLOAT; n->f64 = (double)n->i64; }
    else if (n->num_flags & NUM_UINT) { n->num_flags |= NUM_FLOAT; n->f64 = (double)n->u64; }
    else {
        double f;
        if (parse_float(s, len, &f)) {
            int looks_float = 0;
            for (size_t i = 0; i < len; i++)
                if (strchr(".eEpP", s[i])) looks_float = 1;
            /* hex digits 'e' do not make a float */
            if (len > 2 && (s[1] == 'x' || s[1] == 'X' || (len > 3 && (s[2] == 'x' || s[2] == 'X')))) {
                looks_float = 0;
                for (size_t i = 0; i < len; i++) if (strchr(".pP", s[i])) looks_float = 1;
            }
            if (!looks_float) perr(p, "integer overflow: \"%.*s\"", (int)len, s);
            n->num_flags |= NUM_FLOAT;
            n->f64 = f;
            if (f >= -9223372036854775808.0 && f < 9223372036854775808.0 && (double)(int64_t)f == f) {
                n->num_flags |= NUM_INT;
                n->i64 = (int64_t)f;
            }
            if (f >= 0 && f < 18446744073709551616.0 && (double)(uint64_t)f == f) {
                n->num_flags |= NUM_UINT;
                n->u64 = (uint64_t)f;
            }
        }
    }
    if (!n->num_flags) perr(p, "illegal number syntax: \"%.*s\"", (int)len, s);
    return n;
}

/* ---- grammar ---------------------------------------------------------------- */

/* Go's Node.String() of a small node (an {{end}} or {{else}}), for messages */
static const char *node_text(P *p, const Node *n)
{
    Buf b = BUF_INIT;
    parse_node_string(&b, n);
    char *s = arena_strndup(p->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    if (!s) oom(p);
    return s;
}

static Node *pipeline(P *p, const char *context, int end);
static Node *item_list(P *p, Node **next_out);

/* text/template's builtins are defined even when the registry lacks one */
static int is_builtin(const char *s, size_t n)
{
    static const char *const builtin[] = {
        "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print",
        "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
    };
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (strlen(builtin[i]) == n && memcmp(builtin[i], s, n) == 0) return 1;
    return 0;
}

static Node *term(P *p)
{
    Token t = next_non_space(p);
    Node *n;
    switch (t.type) {
    case T_IDENT: {
        const FnDef *fn = fn_lookup(p->reg, t.val, t.len);
        if (!fn && !is_builtin(t.val, t.len)) perr(p, "function \"%.*s\" not defined", (int)t.len, t.val);
        n = new_node(p, N_IDENT, t.pos);
        n->text = t.val;
        n->textlen = t.len;
        n->fn = fn;
        return n;
    }
    case T_DOT: return new_node(p, N_DOT, t.pos);
    case T_NIL: return new_node(p, N_NIL, t.pos);
    case T_VARIABLE: {
        n = new_node(p, N_VARIABLE, t.pos);
        int found = 0;
        for (uint32_t i = p->nnames; i-- > 0;)
            if (p->names[i].n == t.len && memcmp(p->names[i].s, t.val, t.len) == 0) { found = 1; break; }
        if (!found) perr(p, "undefined variable \"%.*s\"", (int)t.len, t.val);
        n->slot = find_slot(p, t.val, t.len);
        add_item(p, n, keep_str(p, t.val, t.len));
        return n;
    }
    case T_FIELD:
        n = new_node(p, N_FIELD, t.pos);
        add_item(p, n, keep_str(p, t.val + 1, t.len - 1));
        return n;
    case T_BOOL:
        n = new_node(p, N_BOOL, t.pos);
        n->b = t.val[0] == 't';
        return n;
    case T_CHARCONST: case T_COMPLEX: case T_NUMBER:
        return new_number(p, t);
    case T_LPAREN:
        if (p->expr_depth >= MAX_EXPR_DEPTH) perr(p, "max expression depth exceeded");
        p->expr_depth++;
        n = pipeline(p, "parenthesized pipeline", T_RPAREN);
        p->expr_depth--;
        return n;
    case T_STRING: case T_RAWSTRING:
        n = new_node(p, N_STRING, t.pos);
        n->str = unquote(p, &t);
        n->text = t.val;
        n->textlen = t.len;
        return n;
    }
    backup(p);
    return NULL;
}

static Node *operand(P *p)
{
    Node *node = term(p);
    if (!node) return NULL;
    if (peek_ref(p)->type == T_FIELD) {
        Node *chain = new_node(p, N_CHAIN, peek_ref(p)->pos);
        chain->pipe = node;
        while (peek_ref(p)->type == T_FIELD) {
            Token f = next(p);
            add_item(p, chain, keep_str(p, f.val + 1, f.len - 1));
        }
        switch (node->type) {
        case N_FIELD: case N_VARIABLE: {
            /* Go re-makes the node from the chain's text, at the chain's position */
            Node *nn = new_node(p, node->type, chain->pos);
            nn->slot = node->slot;
            for (uint32_t i = 0; i < node->n; i++) add_item(p, nn, node->ident[i]);
            for (uint32_t i = 0; i < chain->n; i++) add_item(p, nn, chain->ident[i]);
            return nn;
        }
        case N_BOOL: case N_STRING: case N_NUMBER: case N_NIL: case N_DOT: {
            const char *text = node_text(p, node);
            Buf q = BUF_INIT;
            fmt_quote(&q, text, strlen(text));
            const char *quoted = arena_strndup(p->a, q.data ? q.data : "", q.len);
            buf_free(&q);
            perr(p, "unexpected . after term %s", quoted ? quoted : "");
        }
        default:
            return chain;
        }
    }
    return node;
}

static Node *command(P *p)
{
    Node *cmd = new_node(p, N_COMMAND, peek_non_space_ref(p)->pos);
    for (;;) {
        peek_non_space_ref(p);
        Node *op = operand(p);
        if (op) add_item(p, cmd, op);
        const Token *t = next_ref(p);
        if (t->type == T_SPACE) continue;
        if (t->type == T_RDELIM || t->type == T_RPAREN) backup(p);
        else if (t->type != T_PIPE) unexpected(p, *t, "operand");
        break;
    }
    if (cmd->n == 0) perr(p, "empty command");
    return cmd;
}

static void check_pipeline(P *p, Node *pipe, const char *context)
{
    if (pipe->n == 0) perr(p, "missing value for %s", context);
    for (uint32_t i = 1; i < pipe->n; i++) {
        switch (pipe->kids[i]->kids[0]->type) {
        case N_BOOL: case N_DOT: case N_NIL: case N_NUMBER: case N_STRING:
            perr(p, "non executable command in pipeline stage %u", i + 1);
        }
    }
}

static Node *pipeline(P *p, const char *context, int end)
{
    Token tk = peek_non_space(p);
    Node *pipe = new_node(p, N_PIPE, tk.pos);
    uint32_t ns0 = p->nslots;
decls:;
    Token v = peek_non_space(p);
    if (v.type == T_VARIABLE) {
        next(p);
        Token after = peek(p);
        Token nx = peek_non_space(p);
        if (nx.type == T_ASSIGN || nx.type == T_DECLARE) {
            pipe->is_assign = nx.type == T_ASSIGN;
            next_non_space(p);
            Node *var = new_node(p, N_VARIABLE, v.pos);
            add_item(p, var, keep_str(p, v.val, v.len));
            var->slot = declare(p, v.val, v.len, pipe->is_assign);
            append(p, &pipe->decl, &pipe->ndecl, var);
        } else if (nx.type == T_CHAR && nx.len == 1 && nx.val[0] == ',') {
            next_non_space(p);
            Node *var = new_node(p, N_VARIABLE, v.pos);
            add_item(p, var, keep_str(p, v.val, v.len));
            var->slot = declare(p, v.val, v.len, 0);
            append(p, &pipe->decl, &pipe->ndecl, var);
            if (strcmp(context, "range") == 0 && pipe->ndecl < 2) {
                int pt = peek_non_space_ref(p)->type;
                if (pt == T_VARIABLE || pt == T_RDELIM || pt == T_RPAREN) goto decls;
                perr(p, "range can only initialize variables");
            }
            perr(p, "too many declarations in %s", context);
        } else if (after.type == T_SPACE) {
            backup3(p, v, after);
        } else {
            backup2(p, v);
        }
    }
    if (pipe->is_assign && pipe->ndecl == 2 && pipe->decl[0]->slot == (int32_t)p->nslots - 1) {
        /* "range $k, $v = ...": the first variable was taken for a new one
         * before the "=" was seen; it names an existing variable too */
        p->nslots--;
        pipe->decl[0]->slot = find_slot(p, pipe->decl[0]->ident[0]->s, pipe->decl[0]->ident[0]->len);
    }
    /* Go evaluates the pipeline before it pushes the variables it declares
     * (exec.go evalPipeline, then s.push), so in "$x := f $x" the argument
     * is the outer $x: the new slots stay hidden until the commands are
     * parsed, and get fresh numbers then in case a parenthesized pipeline
     * declared variables of its own meanwhile. */
    p->nslots = ns0;
    for (;;) {
        Token t = next_non_space(p);
        if (t.type == end) {
            for (uint32_t i = 0; i < pipe->ndecl; i++) {
                Node *d = pipe->decl[i];
                if (d->slot < (int32_t)ns0) continue;
                Var nv = {d->ident[0]->s, d->ident[0]->len, (int32_t)p->nslots};
                push_var(p, &p->slots, &p->nslots, &p->capslots, nv);
                if (p->nslots > p->maxslots) p->maxslots = p->nslots;
                d->slot = nv.slot;
            }
            check_pipeline(p, pipe, context);
            return pipe;
        }
        switch (t.type) {
        case T_BOOL: case T_CHARCONST: case T_COMPLEX: case T_DOT: case T_FIELD: case T_IDENT:
        case T_NUMBER: case T_NIL: case T_RAWSTRING: case T_STRING: case T_VARIABLE: case T_LPAREN:
            backup(p);
            add_item(p, pipe, command(p));
            break;
        default:
            unexpected(p, t, context);
        }
    }
}

/* A range's first declaration with "," and one variable: Go's parser above
 * already handled it; for two variables with "=" the second is resolved too. */

static void pop_vars(P *p, uint32_t nn, uint32_t ns) { p->nnames = nn; p->nslots = ns; }

static Node *if_control(P *p);
static Node *with_control(P *p);

static Node *parse_control(P *p, int type, const char *context)
{
    uint32_t nn = p->nnames, ns = p->nslots;
    if (++p->nest_depth > MAX_NEST_DEPTH) perr(p, "max nesting depth exceeded");
    Node *pipe = pipeline(p, context, T_RDELIM);
    Node *n = new_node(p, type, pipe->pos);
    n->pipe = pipe;
    if (type == N_RANGE) p->range_depth++;
    Node *nx;
    n->list = item_list(p, &nx);
    if (type == N_RANGE) p->range_depth--;
    if (nx->type == N_ELSE) {
        if (type == N_IF && peek_ref(p)->type == T_IF) {
            next(p);
            n->else_list = new_node(p, N_LIST, nx->pos);
            add_item(p, n->else_list, if_control(p));
        } else if (type == N_WITH && peek_ref(p)->type == T_WITH) {
            next(p);
            n->else_list = new_node(p, N_LIST, nx->pos);
            add_item(p, n->else_list, with_control(p));
        } else {
            n->else_list = item_list(p, &nx);
            if (nx->type != N_END) perr(p, "expected end; found %s", node_text(p, nx));
        }
    }
    p->nest_depth--;
    pop_vars(p, nn, ns);
    return n;
}

static Node *if_control(P *p) { return parse_control(p, N_IF, "if"); }
static Node *with_control(P *p) { return parse_control(p, N_WITH, "with"); }

static Str *template_name(P *p, Token t, const char *context)
{
    if (t.type != T_STRING && t.type != T_RAWSTRING) unexpected(p, t, context);
    return unquote(p, &t);
}

static void add_tree(P *p, Tree *t);
static Tree *new_tree(P *p, Str *name);

static Node *template_control(P *p)
{
    Token t = next_non_space(p);
    Str *name = template_name(p, t, "template clause");
    Node *n = new_node(p, N_TEMPLATE, t.pos);
    n->str = name;
    if (next_non_space_ref(p)->type != T_RDELIM) {
        backup(p);
        n->pipe = pipeline(p, "template clause", T_RDELIM);
    }
    return n;
}

/* State that belongs to the tree being parsed (Go makes a new Tree for a
 * define or block body: fresh variables, range depth). */
typedef struct Saved { Tree *t; Var *names; uint32_t nnames, capnames; Var *slots; uint32_t nslots, capslots, maxslots; int range_depth; } Saved;

static void enter_tree(P *p, Saved *s, Tree *t)
{
    s->t = p->t; s->names = p->names; s->nnames = p->nnames; s->capnames = p->capnames;
    s->slots = p->slots; s->nslots = p->nslots; s->capslots = p->capslots;
    s->maxslots = p->maxslots; s->range_depth = p->range_depth;
    p->t = t;
    p->names = NULL; p->nnames = p->capnames = 0;
    p->slots = NULL; p->nslots = p->capslots = 0;
    p->maxslots = 0;
    p->range_depth = 0;
    declare(p, "$", 1, 0);
}

static void leave_tree(P *p, Saved *s)
{
    p->t->nslots = p->maxslots;
    p->t = s->t; p->names = s->names; p->nnames = s->nnames; p->capnames = s->capnames;
    p->slots = s->slots; p->nslots = s->nslots; p->capslots = s->capslots;
    p->maxslots = s->maxslots; p->range_depth = s->range_depth;
}

static Node *block_control(P *p)
{
    Token t = next_non_space(p);
    Str *name = template_name(p, t, "block clause");
    Node *pipe = pipeline(p, "block clause", T_RDELIM);
    Tree *bt = new_tree(p, name);
    Saved s;
    enter_tree(p, &s, bt);
    Node *end;
    bt->root = item_list(p, &end);
    if (end->type != N_END) {
        perr(p, "unexpected %s in block clause", node_text(p, end));
    }
    leave_tree(p, &s);
    add_tree(p, bt);
    Node *n = new_node(p, N_TEMPLATE, t.pos);
    n->str = name;
    n->pipe = pipe;
    return n;
}

static Node *action(P *p)
{
    Token t = next_non_space(p);
    switch (t.type) {
    case T_BLOCK: return block_control(p);
    case T_BREAK: case T_CONTINUE: {
        int brk = t.type == T_BREAK;
        Token r = next_non_space(p);
        if (r.type != T_RDELIM) unexpected(p, r, brk ? "{{break}}" : "{{continue}}");
        if (p->range_depth == 0) perr(p, brk ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
        return new_node(p, brk ? N_BREAK : N_CONTINUE, t.pos);
    }
    case T_ELSE: {
        Token pk = peek_non_space(p);
        if (pk.type == T_IF || pk.type == T_WITH) return new_node(p, N_ELSE, pk.pos);
        Token r = expect(p, T_RDELIM, "else");
        return new_node(p, N_ELSE, r.pos);
    }
    case T_END: return new_node(p, N_END, expect(p, T_RDELIM, "end").pos);
    case T_IF: return if_control(p);
    case T_RANGE: return parse_control(p, N_RANGE, "range");
    case T_TEMPLATE: return template_control(p);
    case T_WITH: return with_control(p);
    }
    backup(p);
    Token pk = peek(p);
    Node *n = new_node(p, N_ACTION, pk.pos);
    n->pipe = pipeline(p, "command", T_RDELIM);
    return n;
}

static Node *text_or_action(P *p)
{
    Token t = next_non_space(p);
    switch (t.type) {
    case T_TEXT: {
        Node *n = new_node(p, N_TEXT, t.pos);
        n->text = t.val;
        n->textlen = t.len;
        return n;
    }
    case T_LDELIM: {
        uint32_t saved = p->action_pos;
        p->action_pos = t.pos + 1;
        Node *n = action(p);
        p->action_pos = saved;
        return n;
    }
    case T_COMMENT:
        return new_node(p, N_COMMENT, t.pos);
    }
    unexpected(p, t, "input");
}

static Node *item_list(P *p, Node **next_out)
{
    Node *list = new_node(p, N_LIST, peek_non_space_ref(p)->pos);
    while (peek_non_space_ref(p)->type != T_EOF) {
        Node *n = text_or_action(p);
        if (n->type == N_END || n->type == N_ELSE) { *next_out = n; return list; }
        add_item(p, list, n);
    }
    perr(p, "unexpected EOF");
}

static Tree *new_tree(P *p, Str *name)
{
    Tree *t = arena_zalloc(p->keep, sizeof *t);
    if (!t) oom(p);
    t->empty = 1;
    t->name = name;
    t->parse_name = p->name;
    t->src = p->lx.src;
    t->srclen = p->lx.n;
    return t;
}

int parse_tree_is_empty(const Tree *t)
{
    if (!t) return 1;
    if (!t->root) return t->empty;
    for (uint32_t i = 0; i < t->root->n; i++) {
        const Node *n = t->root->kids[i];
        if (n->type == N_COMMENT) continue;
        if (n->type != N_TEXT) return 0;
        for (uint32_t k = 0; k < n->textlen; k++) {
            char c = n->text[k];
            if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n')) return 0;
        }
    }
    return 1;
}

/* Go's Tree.add within one parse: a second non-empty definition of a name
 * is an error; an empty one never replaces a non-empty one. */
static void add_tree(P *p, Tree *t)
{
    for (Tree *o = p->first; o; o = o->next) {
        if (!str_eq(o->name, t->name)) continue;
        if (parse_tree_is_empty(o)) { o->root = t->root; o->nslots = t->nslots; return; }
        if (!parse_tree_is_empty(t)) perr(p, "template: multiple definition of template \"%s\"", t->name->s);
        return;
    }
    if (p->last) p->last->next = t;
    else p->first = t;
    p->last = t;
}

static void parse_definition(P *p)
{
    Token t = next_non_space(p);
    if (t.type != T_STRING && t.type != T_RAWSTRING) unexpected(p, t, "define clause");
    Tree *dt = new_tree(p, unquote(p, &t));
    expect(p, T_RDELIM, "define clause");
    Saved s;
    enter_tree(p, &s, dt);
    Node *end;
    dt->root = item_list(p, &end);
    if (end->type != N_END) {
        perr(p, "unexpected %s in define clause", node_text(p, end));
    }
    leave_tree(p, &s);
    add_tree(p, dt);
}

/* One parse of src.  Nodes go to `a`, what compiled code keeps to `keep`;
 * with collect, *all gets every node by id (all[id - 1]). */
static Tree *parse(Arena *a, Arena *keep, const FnRegistry *reg, const char *name, const char *src, size_t n,
                   Buf *err, int collect, Node ***all, uint32_t *nall)
{
    P *p = calloc(1, sizeof *p);
    if (!p) { buf_printf(err, "template: %s: out of memory", name); return NULL; }
    p->a = a;
    p->keep = keep;
    p->collect = collect;
    p->reg = reg;
    p->name = arena_strdup(keep, name);
    p->err = err;
    lex_init(&p->lx, src, n);
    p->lx.no_lines = 1;
    p->tok[0].type = TOK_NONE;
    Tree *top = NULL;
    if (setjmp(p->jb)) {
        free(p);
        return NULL;
    }
    if (!p->name) oom(p);
    top = new_tree(p, keep_str(p, name, strlen(name)));
    top->file = 1;
    Saved s;
    enter_tree(p, &s, top);
    Node *root = new_node(p, N_LIST, peek_ref(p)->pos);
    top->root = root;
    while (peek_ref(p)->type != T_EOF) {
        if (peek_ref(p)->type == T_LDELIM) {
            Token delim = next(p);
            if (next_non_space_ref(p)->type == T_DEFINE) {
                parse_definition(p);
                continue;
            }
            backup2(p, delim);
        }
        Node *x = text_or_action(p);
        if (x->type == N_END || x->type == N_ELSE) {
            perr(p, "unexpected %s", node_text(p, x));
        }
        add_item(p, root, x);
    }
    leave_tree(p, &s);
    add_tree(p, top);
    Tree *first = p->first;
    for (Tree *t = first; t; t = t->next) t->empty = (uint8_t)parse_tree_is_empty(t);
    if (all) *all = p->all;
    if (nall) *nall = p->nall;
    free(p);
    return first;
}

Tree *parse_template(Arena *a, const FnRegistry *reg, const char *name,
                     const char *src, size_t n, Buf *err)
{
    return parse(a, a, reg, name, src, n, err, 0, NULL, NULL);
}

Tree *parse_template_keep(Arena *nodes, Arena *keep, const FnRegistry *reg, const char *name,
                          const char *src, size_t n, Buf *err)
{
    return parse(nodes, keep, reg, name, src, n, err, 0, NULL, NULL);
}

uint32_t parse_nodes(Arena *a, const FnRegistry *reg, const Tree *t, Node ***all)
{
    uint32_t nall = 0;
    Buf err = BUF_INIT;
    *all = NULL;
    Tree *r = parse(a, a, reg, t->parse_name, t->src, t->srclen, &err, 1, all, &nall);
    buf_free(&err);
    return r ? nall : 0;
}

const Node *parse_find_node(Arena *a, const FnRegistry *reg, const Tree *t, uint32_t id)
{
    Node **all;
    uint32_t nall = parse_nodes(a, reg, t, &all);
    return id >= 1 && id <= nall ? all[id - 1] : NULL;
}

/* ---- Node.String() ------------------------------------------------------------ */

static void pipe_string(Buf *b, const Node *n)
{
    if (n->ndecl) {
        for (uint32_t i = 0; i < n->ndecl; i++) {
            if (i) buf_adds(b, ", ");
            parse_node_string(b, n->decl[i]);
        }
        buf_adds(b, n->is_assign ? " = " : " := ");
    }
    for (uint32_t i = 0; i < n->n; i++) {
        if (i) buf_adds(b, " | ");
        parse_node_string(b, n->kids[i]);
    }
}

static void control_string(Buf *b, const Node *n, const char *kw)
{
    buf_printf(b, "{{%s ", kw);
    pipe_string(b, n->pipe);
    buf_adds(b, "}}");
    parse_node_string(b, n->list);
    if (n->else_list) {
        buf_adds(b, "{{else}}");
        parse_node_string(b, n->else_list);
    }
    buf_adds(b, "{{end}}");
}

void parse_node_string(Buf *b, const Node *n)
{
    if (!n) return;
    switch (n->type) {
    case N_LIST:
        for (uint32_t i = 0; i < n->n; i++) parse_node_string(b, n->kids[i]);
        break;
    case N_TEXT: buf_add(b, n->text, n->textlen); break;
    case N_COMMENT: buf_adds(b, "{{/* */}}"); break;
    case N_ACTION: buf_adds(b, "{{"); pipe_string(b, n->pipe); buf_adds(b, "}}"); break;
    case N_IF: control_string(b, n, "if"); break;
    case N_RANGE: control_string(b, n, "range"); break;
    case N_WITH: control_string(b, n, "with"); break;
    case N_TEMPLATE:
        buf_adds(b, "{{template ");
        fmt_quote(b, n->str->s, n->str->len);
        if (n->pipe) { buf_addc(b, ' '); pipe_string(b, n->pipe); }
        buf_adds(b, "}}");
        break;
    case N_BREAK: buf_adds(b, "{{break}}"); break;
    case N_CONTINUE: buf_adds(b, "{{continue}}"); break;
    case N_PIPE: pipe_string(b, n); break;
    case N_COMMAND:
        for (uint32_t i = 0; i < n->n; i++) {
            if (i) buf_addc(b, ' ');
            if (n->kids[i]->type == N_PIPE) {
                buf_addc(b, '(');
                pipe_string(b, n->kids[i]);
                buf_addc(b, ')');
            } else parse_node_string(b, n->kids[i]);
        }
        break;
    case N_FIELD:
        for (uint32_t i = 0; i < n->n; i++) { buf_addc(b, '.'); buf_add(b, n->ident[i]->s, n->ident[i]->len); }
        break;
    case N_VARIABLE:
        for (uint32_t i = 0; i < n->n; i++) { if (i) buf_addc(b, '.'); buf_add(b, n->ident[i]->s, n->ident[i]->len); }
        break;
    case N_CHAIN:
        if (n->pipe->type == N_PIPE) { buf_addc(b, '('); pipe_string(b, n->pipe); buf_addc(b, ')'); }
        else parse_node_string(b, n->pipe);
        for (uint32_t i = 0; i < n->n; i++) { buf_addc(b, '.'); buf_add(b, n->ident[i]->s, n->ident[i]->len); }
        break;
    case N_IDENT: buf_add(b, n->text, n->textlen); break;
    case N_DOT: buf_addc(b, '.'); break;
    case N_NIL: buf_adds(b, "nil"); break;
    case N_BOOL: buf_adds(b, n->b ? "true" : "false"); break;
    case N_NUMBER: case N_STRING: buf_add(b, n->text, n->textlen); break;
    case N_END: buf_adds(b, "{{end}}"); break;
    case N_ELSE: buf_adds(b, "{{else}}"); break;
    }
}
