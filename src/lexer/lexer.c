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

/* Character classes: SP white space, AN letters, digits and '_' (any byte
 * of a multi-byte rune counts as a letter), TM a byte that may follow a
 * word (Go's atTerminator: space, ".,|:()" and the right delimiter's '}');
 * for quoted text: DQ '"', SQ '\'', ES '\\' and newline, OD bytes that
 * make strconv.Unquote do more than copy ('\r', non-ASCII). */
enum { SP = 1, AN = 2, TM = 4, DQ = 8, SQ = 16, ES = 32, OD = 64 };
static const unsigned char cls[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, SP|TM, SP|TM|ES, 0, 0, SP|TM|OD, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    SP|TM, 0, DQ, 0, 0, 0, 0, SQ, TM, TM, 0, 0, TM, 0, TM, 0,
    AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, TM, 0, 0, 0, 0, 0,
    0, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN,
    AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, 0, ES, 0, 0, AN,
    0, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN,
    AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, AN, 0, TM, TM, 0, 0,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
    AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD, AN|OD,
};
static int is_space(int c) { return c >= 0 && (cls[c & 0xFF] & SP); }
static int is_alnum(int c) { return c >= 0 && (cls[c & 0xFF] & AN); }
/* The end of the run of class `bit` bytes from i (locals, so the loop
 * need not reload the lexer through the char pointer it reads). */
static uint32_t skip(const Lexer *l, uint32_t i, unsigned bit)
{
    const unsigned char *s = (const unsigned char *)l->src;
    uint32_t n = l->n;
    while (i < n && (cls[s[i]] & bit)) i++;
    return i;
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

/* Every scanning function fills the caller's token t and returns it. */
static Token *mk(Lexer *l, Token *t, int type)
{
    t->type = (uint8_t)type;
    t->flags = 0;
    t->pos = l->start;
    t->line = l->no_lines ? 0 : lex_line(l, l->start);
    t->val = l->src + l->start;
    t->len = l->pos - l->start;
    l->start = l->pos;
    return t;
}

static Token *lerr(Lexer *l, Token *t, const char *fmt, const char *arg)
{
    snprintf(l->errbuf, sizeof l->errbuf, fmt, arg);
    t->type = T_ERROR;
    t->flags = 0;
    t->pos = l->start;
    t->line = l->no_lines ? 0 : lex_line(l, l->start);
    t->val = l->errbuf;
    t->len = (uint32_t)strlen(l->errbuf);
    l->state = ST_DONE;
    return t;
}

static Token *lerr_rune(Lexer *l, Token *t, const char *fmt, uint32_t rpos)
{
    char r[32];
    fmt_rune(r, sizeof r, rune_at(l, rpos));
    return lerr(l, t, fmt, r);
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
    return l->pos >= l->n || (cls[(unsigned char)l->src[l->pos]] & TM);
}

/* The next "{{" at or after from, or NULL. */
static const char *find_ldelim(const Lexer *l, uint32_t from)
{
    const char *p = l->src + from, *end = l->src + l->n;
    while (p + 1 < end && (p = memchr(p, '{', (size_t)(end - p - 1)))) {
        if (p[1] == '{') return p;
        p++;
    }
    return NULL;
}


static Token *lex_text(Lexer *l, Token *t)
{
    const char *p = find_ldelim(l, l->pos);
    if (!p) {
        l->pos = l->n;
        if (l->pos > l->start) return mk(l, t, T_TEXT);
        l->state = ST_DONE;
        return mk(l, t, T_EOF);
    }
    uint32_t d = (uint32_t)(p - l->src);
    /* left trim marker "{{- " trims trailing white space of the text */
    int trim = d + 3 < l->n && l->src[d + 2] == '-' && is_space((unsigned char)l->src[d + 3]);
    uint32_t end = d;
    if (trim)
        while (end > l->start && is_space((unsigned char)l->src[end - 1])) end--;
    int have_text = 0;
    if (end > l->start) {
        l->pos = end;
        mk(l, t, T_TEXT);
        have_text = 1;
    }
    /* the token after the text waits in pending */
    Token *o = have_text ? &l->pending : t;
    l->has_pending = have_text;
    /* the delimiter itself */
    l->start = d;
    l->pos = d + 2;
    uint32_t after = trim ? 2 : 0;
    if (l->pos + after + 2 <= l->n && l->src[l->pos + after] == '/' && l->src[l->pos + after + 1] == '*') {
        /* comment */
        uint32_t cp = l->pos + after + 2;
        const char *e = cp <= l->n ? memmem(l->src + cp, l->n - cp, "*/", 2) : NULL;
        if (!e) lerr(l, o, "%s", "unclosed comment");
        else {
            l->pos = (uint32_t)(e - l->src) + 2;
            int rtrim = at_right_trim(l, l->pos);
            if (!rtrim && !at_rdelim(l, l->pos)) lerr(l, o, "%s", "comment ends before closing delimiter");
            else {
                l->pos += rtrim ? 4 : 2;
                if (rtrim)
                    l->pos = skip(l, l->pos, SP);
                l->start = l->pos;
                l->has_pending = 0;
                if (!have_text) lex_scan(l, t);
                return t;
            }
        }
        return t;
    }
    mk(l, o, T_LDELIM);
    l->pos += after;
    l->start = l->pos;
    l->paren_depth = 0;
    l->state = ST_INSIDE;
    return t;
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

static Token *bad_number(Lexer *l, Token *t)
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
    return lerr(l, t, "bad number syntax: %s", q);
}

/* Keywords by length and first letter: an identifier is looked up once
 * per word the lexer sees, so no table walk. */
static int keyword(const char *w, uint32_t n)
{
#define KW(s, t) if (memcmp(w, s, n) == 0) return t
    switch (n) {
    case 2: KW("if", T_IF); break;
    case 3: if (w[0] == 'e') { KW("end", T_END); } else { KW("nil", T_NIL); } break;
    case 4:
        if (w[0] == 'e') { KW("else", T_ELSE); }
        else if (w[0] == 'w') { KW("with", T_WITH); }
        else { KW("true", T_BOOL); }
        break;
    case 5:
        if (w[0] == 'b') { KW("block", T_BLOCK); KW("break", T_BREAK); }
        else if (w[0] == 'r') { KW("range", T_RANGE); }
        else { KW("false", T_BOOL); }
        break;
    case 6: KW("define", T_DEFINE); break;
    case 8: if (w[0] == 'c') { KW("continue", T_CONTINUE); } else { KW("template", T_TEMPLATE); } break;
    }
#undef KW
    return T_IDENT;
}

static Token *lex_ident(Lexer *l, Token *t)
{
    l->pos = skip(l, l->pos, AN);
    if (!at_terminator(l)) return lerr_rune(l, t, "bad character %s", l->pos);
    return mk(l, t, keyword(l->src + l->start, l->pos - l->start));
}

/* after '.' or '$' */
static Token *lex_field_or_var(Lexer *l, Token *t, int type)
{
    if (at_terminator(l)) return mk(l, t, type == T_VARIABLE ? T_VARIABLE : T_DOT);
    l->pos = skip(l, l->pos, AN);
    if (!at_terminator(l)) return lerr_rune(l, t, "bad character %s", l->pos);
    return mk(l, t, type);
}

static Token *lex_quote(Lexer *l, Token *t, char q, const char *msg)
{
    const unsigned char *s = (const unsigned char *)l->src;
    uint32_t i = l->pos, n = l->n;
    unsigned stop = (q == '"' ? DQ : SQ) | ES | OD;
    int plain = 1;
    for (;;) {
        while (i < n && !(cls[s[i]] & stop)) i++;
        if (i >= n || s[i] == '\n') break;
        if (cls[s[i]] & OD) { plain = 0; i++; continue; }
        if (s[i++] == (unsigned char)q) {
            l->pos = i;
            mk(l, t, q == '"' ? T_STRING : T_CHARCONST);
            t->flags = plain ? TOKF_PLAIN : 0;
            return t;
        }
        plain = 0;
        if (i >= n || s[i] == '\n') break;
        i++;
    }
    l->pos = i;
    return lerr(l, t, "%s", msg);
}

static Token *lex_inside(Lexer *l, Token *t)
{
    int c = peekc(l);
    int rt = 0;
    if (c == '}' ? at_rdelim(l, l->pos)
                 : is_space(c) && l->pos + 1 < l->n && l->src[l->pos + 1] == '-' && (rt = at_right_trim(l, l->pos))) {
        if (l->paren_depth) return lerr(l, t, "%s", "unclosed left paren");
        if (rt) { l->pos += 2; l->start = l->pos; }
        l->pos += 2;
        mk(l, t, T_RDELIM);
        if (rt) {
            l->pos = skip(l, l->pos, SP);
            l->start = l->pos;
        }
        l->state = ST_TEXT;
        return t;
    }
    if (c < 0) return lerr(l, t, "%s", "unclosed action");
    l->pos++;
    if (is_space(c)) {
        uint32_t from = l->pos;
        l->pos = skip(l, from, SP);
        uint32_t nsp = 1 + (l->pos - from);
        /* a space that belongs to " -}}" is not ours */
        if (l->pos < l->n && l->src[l->pos] == '-' && at_right_trim(l, l->pos - 1)) {
            l->pos--;
            if (nsp == 1) { l->start = l->pos; return lex_inside(l, t); }
        }
        return mk(l, t, T_SPACE);
    }
    switch (c) {
    case '=': return mk(l, t, T_ASSIGN);
    case ':':
        if (peekc(l) != '=') { l->pos++; return lerr(l, t, "%s", "expected :="); }
        l->pos++;
        return mk(l, t, T_DECLARE);
    case '|': return mk(l, t, T_PIPE);
    case '"': return lex_quote(l, t, '"', "unterminated quoted string");
    case '`': {
        const char *e = memchr(l->src + l->pos, '`', l->n - l->pos);
        if (!e) return lerr(l, t, "%s", "unterminated raw quoted string");
        l->pos = (uint32_t)(e - l->src) + 1;
        return mk(l, t, T_RAWSTRING);
    }
    case '$':
        if (at_terminator(l)) return mk(l, t, T_VARIABLE);
        return lex_field_or_var(l, t, T_VARIABLE);
    case '\'': return lex_quote(l, t, '\'', "unterminated character constant");
    case '(':
        l->paren_depth++;
        return mk(l, t, T_LPAREN);
    case ')':
        if (--l->paren_depth < 0) return lerr(l, t, "%s", "unexpected right paren");
        return mk(l, t, T_RPAREN);
    }
    if (c == '.') {
        int d = peekc(l);
        if (d < '0' || d > '9') return lex_field_or_var(l, t, T_FIELD);
    }
    if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
        l->pos--;
        if (!scan_number(l)) return bad_number(l, t);
        int s = peekc(l);
        if (s == '+' || s == '-') {
            if (!scan_number(l) || l->src[l->pos - 1] != 'i') return bad_number(l, t);
            return mk(l, t, T_COMPLEX);
        }
        return mk(l, t, T_NUMBER);
    }
    if (is_alnum(c)) { l->pos--; return lex_ident(l, t); }
    if (c < 0x7F && c >= 0x20) return mk(l, t, T_CHAR);
    l->pos--;
    return lerr_rune(l, t, "unrecognized character in action: %s", l->pos);
}

void lex_scan(Lexer *l, Token *t)
{
    if (l->has_pending) { l->has_pending = 0; *t = l->pending; return; }
    switch (l->state) {
    case ST_TEXT: lex_text(l, t); break;
    case ST_INSIDE: lex_inside(l, t); break;
    default:
        l->start = l->pos = l->n;
        mk(l, t, T_EOF);
    }
}

Token lex_next(Lexer *l)
{
    Token t;
    lex_scan(l, &t);
    return t;
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
