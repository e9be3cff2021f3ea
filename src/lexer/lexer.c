/*
 * lexer.c - text/template's lexer (Go 1.25 text/template/parse/lex.go
 * semantics, written as a pull state machine).
 *
 * Two states: outside actions (text) and inside.  Whitespace inside an
 * action is a token (T_SPACE) because Go's grammar needs it to tell
 * "$x := 1" from "$x 1".  Runes beyond ASCII count as letters, which is
 * what unicode.IsLetter says for every rune a chart uses in a name.
 */
#include "lexer.h"

#include <stdio.h>
#include <string.h>

enum { ST_TEXT, ST_INSIDE, ST_DONE };

void lex_init(Lexer *l, const char *src, size_t n)
{
    memset(l, 0, sizeof *l);
    l->src = src;
    l->n = (uint32_t)n;
    l->line_no = 1;
    l->state = ST_TEXT;
}

uint32_t lex_line(Lexer *l, uint32_t pos)
{
    if (pos > l->n) pos = l->n;
    /* the parser asks about nearby positions (peeked tokens): walk from
     * the last answer in either direction, never from the start */
    for (uint32_t i = pos; i < l->line_pos; i++)
        if (l->src[i] == '\n') l->line_no--;
    const char *p = l->src + l->line_pos, *end = l->src + (pos > l->line_pos ? pos : l->line_pos);
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
        l->line_no++;
        p++;
    }
    l->line_pos = pos;
    return l->line_no;
}

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int is_alnum(int c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}
static int peekc(Lexer *l) { return l->pos < l->n ? (unsigned char)l->src[l->pos] : -1; }

/* Decode one UTF-8 rune at p for "%#U" messages. */
static uint32_t rune_at(const Lexer *l, uint32_t p)
{
    const unsigned char *s = (const unsigned char *)l->src + p;
    uint32_t left = l->n - p;
    if (left == 0) return 0xFFFFFFFF;
    if (s[0] < 0x80) return s[0];
    int len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (len == 1 || (uint32_t)len > left) return 0xFFFD;
    uint32_t r = s[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0xFFFD;
        r = (r << 6) | (s[i] & 0x3F);
    }
    return r;
}

static void fmt_rune(char *out, size_t n, uint32_t r)
{
    if (r == 0xFFFFFFFF) { snprintf(out, n, "U+FFFFFFFFFFFFFFFF"); return; }
    if (r >= 0x20 && r < 0x7F) snprintf(out, n, "U+%04X '%c'", r, (int)r);
    else if (r >= 0xA0 && r != 0xFFFD && r < 0x110000) {
        char u[5] = {0};
        if (r < 0x800) { u[0] = (char)(0xC0 | (r >> 6)); u[1] = (char)(0x80 | (r & 0x3F)); }
        else if (r < 0x10000) { u[0] = (char)(0xE0 | (r >> 12)); u[1] = (char)(0x80 | ((r >> 6) & 0x3F)); u[2] = (char)(0x80 | (r & 0x3F)); }
        else { u[0] = (char)(0xF0 | (r >> 18)); u[1] = (char)(0x80 | ((r >> 12) & 0x3F)); u[2] = (char)(0x80 | ((r >> 6) & 0x3F)); u[3] = (char)(0x80 | (r & 0x3F)); }
        snprintf(out, n, "U+%04X '%s'", r, u);
    } else if (r == 0xFFFD) snprintf(out, n, "U+FFFD '\xEF\xBF\xBD'");
    else snprintf(out, n, "U+%04X", r);
}

static Token mk(Lexer *l, int type)
{
    Token t;
    t.type = (uint8_t)type;
    t.pos = l->start;
    t.line = lex_line(l, l->start);
    t.val = l->src + l->start;
    t.len = l->pos - l->start;
    l->start = l->pos;
    return t;
}

static Token lerr(Lexer *l, const char *fmt, const char *arg)
{
    Token t;
    snprintf(l->errbuf, sizeof l->errbuf, fmt, arg);
    t.type = T_ERROR;
    t.pos = l->start;
    t.line = lex_line(l, l->start);
    t.val = l->errbuf;
    t.len = (uint32_t)strlen(l->errbuf);
    l->state = ST_DONE;
    return t;
}

static Token lerr_rune(Lexer *l, const char *fmt, uint32_t rpos)
{
    char r[32];
    fmt_rune(r, sizeof r, rune_at(l, rpos));
    return lerr(l, fmt, r);
}

/* " -" followed by "}}" */
static int at_right_trim(const Lexer *l, uint32_t p)
{
    return p + 4 <= l->n && is_space((unsigned char)l->src[p]) && l->src[p + 1] == '-' &&
           l->src[p + 2] == '}' && l->src[p + 3] == '}';
}
static int at_rdelim(const Lexer *l, uint32_t p)
{
    return p + 2 <= l->n && l->src[p] == '}' && l->src[p + 1] == '}';
}

static int at_terminator(const Lexer *l)
{
    int c = peekc((Lexer *)l);
    if (c < 0 || is_space(c)) return 1;
    switch (c) {
    case '.': case ',': case '|': case ':': case ')': case '(': return 1;
    }
    return c == '}';   /* first rune of the right delimiter */
}

static Token lex_text(Lexer *l)
{
    const char *p = l->pos < l->n ? memmem(l->src + l->pos, l->n - l->pos, "{{", 2) : NULL;
    if (!p) {
        l->pos = l->n;
        if (l->pos > l->start) return mk(l, T_TEXT);
        l->state = ST_DONE;
        return mk(l, T_EOF);
    }
    uint32_t d = (uint32_t)(p - l->src);
    /* left trim marker "{{- " trims trailing white space of the text */
    int trim = d + 3 < l->n && l->src[d + 2] == '-' && is_space((unsigned char)l->src[d + 3]);
    uint32_t end = d;
    if (trim)
        while (end > l->start && is_space((unsigned char)l->src[end - 1])) end--;
    Token text = {0};
    int have_text = 0;
    if (end > l->start) {
        l->pos = end;
        text = mk(l, T_TEXT);
        have_text = 1;
    }
    /* the delimiter itself */
    l->start = d;
    l->pos = d + 2;
    uint32_t after = trim ? 2 : 0;
    if (l->pos + after + 2 <= l->n && l->src[l->pos + after] == '/' && l->src[l->pos + after + 1] == '*') {
        /* comment */
        uint32_t cp = l->pos + after + 2;
        const char *e = cp <= l->n ? memmem(l->src + cp, l->n - cp, "*/", 2) : NULL;
        Token t;
        if (!e) t = lerr(l, "%s", "unclosed comment");
        else {
            l->pos = (uint32_t)(e - l->src) + 2;
            int rtrim = at_right_trim(l, l->pos);
            if (!rtrim && !at_rdelim(l, l->pos)) t = lerr(l, "%s", "comment ends before closing delimiter");
            else {
                l->pos += rtrim ? 4 : 2;
                if (rtrim)
                    while (l->pos < l->n && is_space((unsigned char)l->src[l->pos])) l->pos++;
                l->start = l->pos;
                if (have_text) return text;
                return lex_next(l);
            }
        }
        if (have_text) { l->pending = t; l->has_pending = 1; return text; }
        return t;
    }
    Token ld = mk(l, T_LDELIM);
    l->pos += after;
    l->start = l->pos;
    l->paren_depth = 0;
    l->state = ST_INSIDE;
    if (have_text) { l->pending = ld; l->has_pending = 1; return text; }
    return ld;
}

static int accept(Lexer *l, const char *set)
{
    int c = peekc(l);
    if (c > 0 && strchr(set, c)) { l->pos++; return 1; }
    return 0;
}
static void accept_run(Lexer *l, const char *set)
{
    while (accept(l, set)) {}
}

static int scan_number(Lexer *l)
{
    accept(l, "+-");
    const char *digits = "0123456789_";
    if (accept(l, "0")) {
        if (accept(l, "xX")) digits = "0123456789abcdefABCDEF_";
        else if (accept(l, "oO")) digits = "01234567_";
        else if (accept(l, "bB")) digits = "01_";
    }
    accept_run(l, digits);
    if (accept(l, ".")) accept_run(l, digits);
    if (strlen(digits) == 11 && accept(l, "eE")) {
        accept(l, "+-");
        accept_run(l, "0123456789_");
    }
    if (strlen(digits) == 23 && accept(l, "pP")) {
        accept(l, "+-");
        accept_run(l, "0123456789_");
    }
    accept(l, "i");
    int c = peekc(l);
    if (c >= 0 && is_alnum(c)) {
        l->pos++;
        while (l->pos < l->n && ((unsigned char)l->src[l->pos] & 0xC0) == 0x80) l->pos++;
        return 0;
    }
    return 1;
}

static Token bad_number(Lexer *l)
{
    /* "bad number syntax: %q" */
    char q[64];
    uint32_t n = l->pos - l->start;
    size_t k = 0;
    q[k++] = '"';
    for (uint32_t i = 0; i < n && k < sizeof q - 6; i++) {
        char c = l->src[l->start + i];
        if (c == '"' || c == '\\') q[k++] = '\\';
        q[k++] = c;
    }
    q[k++] = '"';
    q[k] = 0;
    return lerr(l, "bad number syntax: %s", q);
}

static const struct { const char *w; int t; } keywords[] = {
    {"block", T_BLOCK}, {"break", T_BREAK}, {"continue", T_CONTINUE},
    {"define", T_DEFINE}, {"else", T_ELSE}, {"end", T_END}, {"if", T_IF},
    {"nil", T_NIL}, {"range", T_RANGE}, {"template", T_TEMPLATE}, {"with", T_WITH},
};

static Token lex_ident(Lexer *l)
{
    while (l->pos < l->n && is_alnum((unsigned char)l->src[l->pos])) l->pos++;
    if (!at_terminator(l)) return lerr_rune(l, "bad character %s", l->pos);
    uint32_t n = l->pos - l->start;
    const char *w = l->src + l->start;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i].w) == n && memcmp(keywords[i].w, w, n) == 0) return mk(l, keywords[i].t);
    if ((n == 4 && memcmp(w, "true", 4) == 0) || (n == 5 && memcmp(w, "false", 5) == 0))
        return mk(l, T_BOOL);
    return mk(l, T_IDENT);
}

/* after '.' or '$' */
static Token lex_field_or_var(Lexer *l, int type)
{
    if (at_terminator(l)) return mk(l, type == T_VARIABLE ? T_VARIABLE : T_DOT);
    while (l->pos < l->n && is_alnum((unsigned char)l->src[l->pos])) l->pos++;
    if (!at_terminator(l)) return lerr_rune(l, "bad character %s", l->pos);
    return mk(l, type);
}

static Token lex_quote(Lexer *l, char q, const char *msg)
{
    for (;;) {
        int c = peekc(l);
        if (c < 0 || c == '\n') return lerr(l, "%s", msg);
        l->pos++;
        if (c == '\\') {
            int d = peekc(l);
            if (d < 0 || d == '\n') return lerr(l, "%s", msg);
            l->pos++;
        } else if (c == q) break;
    }
    return mk(l, q == '"' ? T_STRING : T_CHARCONST);
}

static Token lex_inside(Lexer *l)
{
    int rt = at_right_trim(l, l->pos);
    if (rt || at_rdelim(l, l->pos)) {
        if (l->paren_depth) return lerr(l, "%s", "unclosed left paren");
        if (rt) { l->pos += 2; l->start = l->pos; }
        l->pos += 2;
        Token t = mk(l, T_RDELIM);
        if (rt) {
            while (l->pos < l->n && is_space((unsigned char)l->src[l->pos])) l->pos++;
            l->start = l->pos;
        }
        l->state = ST_TEXT;
        return t;
    }
    int c = peekc(l);
    if (c < 0) return lerr(l, "%s", "unclosed action");
    l->pos++;
    if (is_space(c)) {
        int nsp = 1;
        while (l->pos < l->n && is_space((unsigned char)l->src[l->pos])) { l->pos++; nsp++; }
        /* a space that belongs to " -}}" is not ours */
        if (at_right_trim(l, l->pos - 1)) {
            l->pos--;
            if (nsp == 1) { l->start = l->pos; return lex_inside(l); }
        }
        return mk(l, T_SPACE);
    }
    switch (c) {
    case '=': return mk(l, T_ASSIGN);
    case ':':
        if (peekc(l) != '=') { l->pos++; return lerr(l, "%s", "expected :="); }
        l->pos++;
        return mk(l, T_DECLARE);
    case '|': return mk(l, T_PIPE);
    case '"': return lex_quote(l, '"', "unterminated quoted string");
    case '`': {
        const char *e = memchr(l->src + l->pos, '`', l->n - l->pos);
        if (!e) return lerr(l, "%s", "unterminated raw quoted string");
        l->pos = (uint32_t)(e - l->src) + 1;
        return mk(l, T_RAWSTRING);
    }
    case '$':
        if (at_terminator(l)) return mk(l, T_VARIABLE);
        return lex_field_or_var(l, T_VARIABLE);
    case '\'': return lex_quote(l, '\'', "unterminated character constant");
    case '(':
        l->paren_depth++;
        return mk(l, T_LPAREN);
    case ')':
        if (--l->paren_depth < 0) return lerr(l, "%s", "unexpected right paren");
        return mk(l, T_RPAREN);
    }
    if (c == '.') {
        int d = peekc(l);
        if (d < '0' || d > '9') return lex_field_or_var(l, T_FIELD);
    }
    if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
        l->pos--;
        if (!scan_number(l)) return bad_number(l);
        int s = peekc(l);
        if (s == '+' || s == '-') {
            if (!scan_number(l) || l->src[l->pos - 1] != 'i') return bad_number(l);
            return mk(l, T_COMPLEX);
        }
        return mk(l, T_NUMBER);
    }
    if (is_alnum(c)) { l->pos--; return lex_ident(l); }
    if (c < 0x7F && c >= 0x20) return mk(l, T_CHAR);
    l->pos--;
    return lerr_rune(l, "unrecognized character in action: %s", l->pos);
}

Token lex_next(Lexer *l)
{
    if (l->has_pending) { l->has_pending = 0; return l->pending; }
    switch (l->state) {
    case ST_TEXT: return lex_text(l);
    case ST_INSIDE: return lex_inside(l);
    default: {
        l->start = l->pos = l->n;
        Token t = mk(l, T_EOF);
        return t;
    }
    }
}

static const char *const type_names[] = {
    "error", "bool", "char", "charconst", "comment", "=", ":=", "EOF", "field",
    "identifier", "{{", "(", "number", "|", "raw string", "}}", ")", "space",
    "string", "text", "variable", "complex", "keyword", "block", "break",
    "continue", ".", "define", "else", "end", "if", "nil", "range", "template", "with",
};

const char *lex_type_name(int type)
{
    return type >= 0 && (size_t)type < sizeof type_names / sizeof type_names[0] ? type_names[type] : "?";
}

void lex_tok_string(const Token *t, char *out, size_t outn)
{
    if (t->type == T_EOF) { snprintf(out, outn, "EOF"); return; }
    if (t->type == T_ERROR) { snprintf(out, outn, "%.*s", (int)t->len, t->val); return; }
    if (t->type > T_KEYWORD) { snprintf(out, outn, "<%.*s>", (int)t->len, t->val); return; }
    /* %q, or %.10q... : precision counts runes of the unquoted text */
    size_t k = 0;
    uint32_t runes = 0, i = 0;
    if (outn < 16) { if (outn) out[0] = 0; return; }
    out[k++] = '"';
    while (i < t->len && k + 12 < outn) {
        if (t->len > 10 && runes == 10) break;
        unsigned char c = (unsigned char)t->val[i];
        if (c >= 0x80) {
            uint32_t j = i + 1;
            while (j < t->len && j - i < 4 && ((unsigned char)t->val[j] & 0xC0) == 0x80) j++;
            memcpy(out + k, t->val + i, j - i);
            k += j - i;
            i = j;
        } else {
            const char *esc = NULL;
            switch (c) {
            case '"': esc = "\\\""; break;
            case '\\': esc = "\\\\"; break;
            case '\n': esc = "\\n"; break;
            case '\t': esc = "\\t"; break;
            case '\r': esc = "\\r"; break;
            }
            if (esc) { memcpy(out + k, esc, 2); k += 2; }
            else if (c < 0x20 || c == 0x7F) k += (size_t)snprintf(out + k, outn - k, "\\x%02x", c);
            else out[k++] = (char)c;
            i++;
        }
        runes++;
    }
    out[k++] = '"';
    if (t->len > 10) { memcpy(out + k, "...", 3); k += 3; }
    out[k] = 0;
}
