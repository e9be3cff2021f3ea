/*
 * lexer.h - text/template's lexical grammar, token by token.
 *
 * A pull lexer: the parser asks for one token at a time (lex_next), as Go's
 * parser reads items from its lexer goroutine.  Tokens point into the
 * template source (no copies); the source must outlive them.  Trim markers
 * ("{{- ", " -}}") are applied here, so the parser never sees the trimmed
 * whitespace.  After a T_ERROR token (val = Go's message) the lexer only
 * returns T_EOF.
 */
#ifndef CHARTC_LEXER_H
#define CHARTC_LEXER_H

#include <stddef.h>
#include <stdint.h>

typedef enum TokType {
    T_ERROR, T_BOOL, T_CHAR, T_CHARCONST, T_COMMENT, T_ASSIGN, T_DECLARE,
    T_EOF, T_FIELD, T_IDENT, T_LDELIM, T_LPAREN, T_NUMBER, T_PIPE,
    T_RAWSTRING, T_RDELIM, T_RPAREN, T_SPACE, T_STRING, T_TEXT, T_VARIABLE,
    T_COMPLEX,
    T_KEYWORD,      /* marker: every type after it is a keyword */
    T_BLOCK, T_BREAK, T_CONTINUE, T_DOT, T_DEFINE, T_ELSE, T_END, T_IF,
    T_NIL, T_RANGE, T_TEMPLATE, T_WITH,
} TokType;

/* Token.flags: a T_STRING whose text between the quotes is its value
 * (ASCII without escapes or carriage returns) */
#define TOKF_PLAIN 1

typedef struct Token {
    uint8_t type;       /* TokType */
    uint8_t flags;      /* TOKF_* */
    uint32_t pos;       /* byte offset of the token in the source */
    uint32_t line;      /* 1-based line of pos (0 with Lexer.no_lines) */
    uint32_t len;
    const char *val;    /* token text (into the source), or the error message */
} Token;

typedef struct Lexer {
    const char *src;
    uint32_t n;
    uint32_t pos, start;
    int state;          /* internal */
    int paren_depth;
    uint32_t line_pos, line_no;   /* memo for lex_line() */
    int no_lines;       /* set after lex_init: Token.line stays 0 and the
                           caller asks lex_line() only when it needs one */
    char errbuf[160];
    Token pending;      /* a token produced ahead (delimiter after text) */
    int has_pending;
} Lexer;

void lex_init(Lexer *l, const char *src, size_t n);
Token lex_next(Lexer *l);
/* The same into *t (no copy of the token through the return value). */
void lex_scan(Lexer *l, Token *t);
/* 1-based line of byte offset pos (counts newlines before it). */
uint32_t lex_line(Lexer *l, uint32_t pos);
/* Go's item.String(): EOF, error text, <keyword>, or %q (%.10q... when long). */
void lex_tok_string(const Token *t, char *out, size_t outn);
const char *lex_type_name(int type);

#endif
