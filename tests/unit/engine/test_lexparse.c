/*
 * test_lexparse.c - lexer tokens and positions, parser error messages
 * (Go's text, as helm shows them), node texts used by execution errors.
 * Links only util, value, lexer and parser: the function registry is a
 * local table so the test runs while other modules are half-built.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lexer/lexer.h"
#include "parser/code.h"
#include "parser/parser.h"

/* A registry with a few functions; the parser only looks names up. */
static int dummy(FnCall *c, int argc, Value *argv, Value *out) { (void)c; (void)argc; (void)argv; *out = val_nil(); return 0; }
static const FnDef defs[] = {
    {"include", dummy, "sa", 0}, {"quote", dummy, "a*", 0}, {"upper", dummy, "s", 0},
};
const FnDef *fn_lookup(const FnRegistry *r, const char *name, size_t n)
{
    (void)r;
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (strlen(defs[i].name) == n && memcmp(defs[i].name, name, n) == 0) return &defs[i];
    return NULL;
}

/* "type:text@line:pos" for every token up to EOF or an error */
static char *lex_all(const char *src)
{
    static char out[4096];
    Lexer l;
    size_t k = 0;
    lex_init(&l, src, strlen(src));
    for (;;) {
        Token t = lex_next(&l);
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s:%.*s@%u:%u", k ? " " : "", lex_type_name(t.type),
                              (int)t.len, t.val, t.line, t.pos);
        if (t.type == T_EOF || t.type == T_ERROR || k >= sizeof out - 64) break;
    }
    return out;
}

static void test_lexer(void)
{
    CHECK_STR(lex_all("a{{.X}}b"), "text:a@1:0 {{:{{@1:1 field:.X@1:3 }}:}}@1:5 text:b@1:7 EOF:@1:8");
    CHECK_STR(lex_all("a  {{- 3 -}}  \n b"), "text:a@1:0 {{:{{@1:3 number:3@1:7 }}:}}@1:10 text:b@2:16 EOF:@2:17");
    CHECK_STR(lex_all("{{-3}}"), "{{:{{@1:0 number:-3@1:2 }}:}}@1:4 EOF:@1:6");
    CHECK_STR(lex_all("{{$x := .a.b}}"), "{{:{{@1:0 variable:$x@1:2 space: @1:4 :=::=@1:5 space: @1:7 field:.a@1:8 field:.b@1:10 }}:}}@1:12 EOF:@1:14");
    CHECK_STR(lex_all("x {{- /* c */ -}} y"), "text:x@1:0 text:y@1:18 EOF:@1:19");
    CHECK_STR(lex_all("{{/* open"), "error:unclosed comment@1:0");
    CHECK_STR(lex_all("{{/* c */ x}}"), "error:comment ends before closing delimiter@1:0");
    CHECK_STR(lex_all("{{ \"abc }}"), "{{:{{@1:0 space: @1:2 error:unterminated quoted string@1:3");
    CHECK_STR(lex_all("{{ `raw"), "{{:{{@1:0 space: @1:2 error:unterminated raw quoted string@1:3");
    CHECK_STR(lex_all("{{ 'a"), "{{:{{@1:0 space: @1:2 error:unterminated character constant@1:3");
    CHECK_STR(lex_all("{{ 1x }}"), "{{:{{@1:0 space: @1:2 error:bad number syntax: \"1x\"@1:3");
    CHECK_STR(lex_all("{{ .a"), "{{:{{@1:0 space: @1:2 field:.a@1:3 error:unclosed action@1:5");
    CHECK_STR(lex_all("{{ ) }}"), "{{:{{@1:0 space: @1:2 error:unexpected right paren@1:3");
    CHECK_STR(lex_all("{{ (1 }}"), "{{:{{@1:0 space: @1:2 (:(@1:3 number:1@1:4 space: @1:5 error:unclosed left paren@1:6");
    CHECK_STR(lex_all("{{ $x=1 }}"), "{{:{{@1:0 space: @1:2 error:bad character U+003D '='@1:3");
    CHECK_STR(lex_all("{{ a ; }}"), "{{:{{@1:0 space: @1:2 identifier:a@1:3 space: @1:4 char:;@1:5 space: @1:6 }}:}}@1:7 EOF:@1:9");
    CHECK_STR(lex_all("{{ if else end range with define template block break continue nil true }}"),
              "{{:{{@1:0 space: @1:2 if:if@1:3 space: @1:5 else:else@1:6 space: @1:10 end:end@1:11 space: @1:14 "
              "range:range@1:15 space: @1:20 with:with@1:21 space: @1:25 define:define@1:26 space: @1:32 "
              "template:template@1:33 space: @1:41 block:block@1:42 space: @1:47 break:break@1:48 space: @1:53 "
              "continue:continue@1:54 space: @1:62 nil:nil@1:63 space: @1:66 bool:true@1:67 space: @1:71 }}:}}@1:72 EOF:@1:74");
    CHECK_STR(lex_all("{{ 0x1F 0o17 0b101 1_000 1.5e3 0x1p-2 .5 'a' }}"),
              "{{:{{@1:0 space: @1:2 number:0x1F@1:3 space: @1:7 number:0o17@1:8 space: @1:12 number:0b101@1:13 "
              "space: @1:18 number:1_000@1:19 space: @1:24 number:1.5e3@1:25 space: @1:30 number:0x1p-2@1:31 "
              "space: @1:37 number:.5@1:38 space: @1:40 charconst:'a'@1:41 space: @1:44 }}:}}@1:45 EOF:@1:47");
    CHECK_STR(lex_all("a\n{{\n.x\n}}"), "text:a\n@1:0 {{:{{@2:2 space:\n@2:4 field:.x@3:5 space:\n@3:7 }}:}}@4:8 EOF:@4:10");
}

static char *perr(const char *src)
{
    static char out[512];
    Arena a;
    arena_init(&a);
    FnRegistry reg = {0};
    Buf err = BUF_INIT;
    Tree *t = parse_template(&a, &reg, "c/t.txt", src, strlen(src), &err);
    snprintf(out, sizeof out, "%s", t ? "ok" : err.data ? err.data : "?");
    for (; t; t = t->next) if (!comp_tree(&a, &a, t)) snprintf(out, sizeof out, "compile failed");
    buf_free(&err);
    arena_free(&a);
    return out;
}

static void test_parser(void)
{
    CHECK_STR(perr("{{ if }}"), "template: c/t.txt:1: missing value for if");
    CHECK_STR(perr("{{ nofunc }}"), "template: c/t.txt:1: function \"nofunc\" not defined");
    CHECK_STR(perr("{{ end }}"), "template: c/t.txt:1: unexpected {{end}}");
    CHECK_STR(perr("{{ else }}"), "template: c/t.txt:1: unexpected {{else}}");
    CHECK_STR(perr("{{ if 1 }}"), "template: c/t.txt:1: unexpected EOF");
    CHECK_STR(perr("{{ $x }}"), "template: c/t.txt:1: undefined variable \"$x\"");
    CHECK_STR(perr("{{ .a }"), "template: c/t.txt:1: unexpected \"}\" in operand");
    CHECK_STR(perr("{{ 1x }}"), "template: c/t.txt:1: bad number syntax: \"1x\"");
    CHECK_STR(perr("a\n{{ .a\n"), "template: c/t.txt:3: unclosed action started at c/t.txt:2");
    CHECK_STR(perr("{{ break }}"), "template: c/t.txt:1: {{break}} outside {{range}}");
    CHECK_STR(perr("{{ range . }}{{ continue }}{{ end }}"), "ok");
    CHECK_STR(perr("{{ .a | 1 }}"), "template: c/t.txt:1: non executable command in pipeline stage 2");
    CHECK_STR(perr("{{ 1.x }}"), "template: c/t.txt:1: bad number syntax: \"1.x\"");
    CHECK_STR(perr("{{ \"a\".x }}"), "template: c/t.txt:1: unexpected . after term \"\\\"a\\\"\"");
    CHECK_STR(perr("{{ range $a, $b, $c := . }}{{ end }}"), "template: c/t.txt:1: too many declarations in range");
    CHECK_STR(perr("{{ with $a, $b := . }}{{ end }}"), "template: c/t.txt:1: too many declarations in with");
    CHECK_STR(perr("{{ define \"x\" }}a{{ end }}{{ define \"x\" }}b{{ end }}"),
              "template: c/t.txt:1: template: multiple definition of template \"x\"");
    CHECK_STR(perr("{{ template x }}"), "template: c/t.txt:1: unexpected \"x\" in template clause");
    CHECK_STR(perr("{{ \"\\q\" }}"), "template: c/t.txt:1: invalid syntax");
    CHECK_STR(perr("{{ if 1 }}{{ else }}{{ else }}{{ end }}"), "template: c/t.txt:1: expected end; found {{else}}");
    CHECK_STR(perr("{{ if 1 }}a{{ else if 2 }}b{{ else }}c{{ end }}"), "ok");
    CHECK_STR(perr("{{ with 1 }}a{{ else with 2 }}b{{ end }}"), "ok");
    CHECK_STR(perr("{{ $x := 1 }}{{ $x = 2 }}{{ include \"a\" . | quote }}"), "ok");
    CHECK_STR(perr("{{ 99999999999999999999 }}"), "template: c/t.txt:1: integer overflow: \"99999999999999999999\"");
    CHECK_STR(perr("{{ 18446744073709551615 }}"), "ok");
}

/* Go's maxStackDepth: 10000 nested parentheses parse, 10001 do not.  The
 * parser recurses per parenthesis, so this runs on a big stack (as chartc
 * renders), which sanitizer builds need. */
static void *deep_parens(void *arg)
{
    (void)arg;
    size_t n = 10000;
    char *deep = malloc(2 * n + 16);
    memset(deep, '(', n);
    strcpy(deep + n, "1");
    memset(deep + n + 1, ')', n);
    deep[2 * n + 1] = 0;
    char *src = malloc(2 * n + 32);
    sprintf(src, "{{%s}}", deep);
    CHECK_STR(perr(src), "ok");
    sprintf(src, "{{(%s)}}", deep);
    CHECK_STR(perr(src), "template: c/t.txt:1: max expression depth exceeded");
    free(deep);
    free(src);
    return NULL;
}

static void test_deep(void)
{
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1024u * 1024u * 1024u);
    if (pthread_create(&th, &attr, deep_parens, NULL) == 0) pthread_join(th, NULL);
    else CHECK(!"pthread_create");
    pthread_attr_destroy(&attr);
}

static void test_node_text(void)
{
    const char *src = "{{ include \"x\" (list 1 .a) | quote }}{{ $v.a.b }}{{ (.a).b }}{{ template \"t\" . }}";
    Arena a;
    arena_init(&a);
    FnRegistry reg = {0};
    Buf err = BUF_INIT;
    static const FnDef list = {"list", dummy, "a*", 0};
    (void)list;
    Tree *t = parse_template(&a, &reg, "n", "{{ $v := 1 }}", 13, &err);
    CHECK(t != NULL);
    t = parse_template(&a, &reg, "n", src, strlen(src), &err);
    CHECK(t == NULL);   /* "list" is not in this registry */
    CHECK_STR(err.data, "template: n:1: function \"list\" not defined");
    buf_free(&err);
    const char *src2 = "{{ include \"x\" (quote 1 .a) | upper }}{{ $v := . }}{{ $v.a.b }}{{ (.a).b }}{{ template \"t\" . }}";
    t = parse_template(&a, &reg, "n", src2, strlen(src2), &err);
    CHECK(t != NULL);
    if (t) {
        const char *want[] = {"{{include \"x\" (quote 1 .a) | upper}}", "{{$v := .}}", "{{$v.a.b}}", "{{(.a).b}}", "{{template \"t\" .}}"};
        for (uint32_t i = 0; i < 5 && i < t->root->n; i++) {
            Buf b = BUF_INIT;
            parse_node_string(&b, t->root->kids[i]);
            CHECK_STR(b.data, want[i]);
            buf_free(&b);
        }
        Code *c = comp_tree(&a, &a, t);
        CHECK(c != NULL && c->n > 5);
        Buf d = BUF_INIT;
        if (c) comp_dump(&d, c, &reg);
        CHECK(d.data && strstr(d.data, "CALL") && strstr(d.data, "TEMPLATE"));
        buf_free(&d);
    }
    buf_free(&err);
    arena_free(&a);
}

/* Strings the lexer marks plain are their own value; the rest go through
 * strconv.Unquote (escapes, a raw string's carriage returns dropped, a
 * double-quoted one's kept, bytes beyond ASCII copied). */
static const char *str_value(const char *src)
{
    static char out[64];
    Arena a;
    arena_init(&a);
    FnRegistry reg = {0};
    Buf err = BUF_INIT;
    Tree *t = parse_template(&a, &reg, "s", src, strlen(src), &err);
    const Node *n = t && t->root->n ? t->root->kids[0] : NULL;
    n = n && n->type == N_ACTION ? n->pipe->kids[0]->kids[0] : NULL;
    snprintf(out, sizeof out, "%s", n && n->type == N_STRING ? n->str->s : err.data ? err.data : "?");
    /* hashed on first use; a hash set early must be the right one */
    if (n && n->type == N_STRING && n->str->hash && n->str->hash != str_hash_bytes(n->str->s, n->str->len))
        snprintf(out, sizeof out, "bad hash");
    buf_free(&err);
    arena_free(&a);
    return out;
}

static void test_strings(void)
{
    Lexer l;
    const char *src = "{{\"ab\" \"a\\tb\" \"\xC3\xA9\" 'x' `r`}}";
    lex_init(&l, src, strlen(src));
    int flags[5], k = 0;
    for (Token t = lex_next(&l); t.type != T_EOF && t.type != T_ERROR && k < 5; t = lex_next(&l))
        if (t.type == T_STRING || t.type == T_CHARCONST || t.type == T_RAWSTRING) flags[k++] = t.flags;
    CHECK(k == 5);
    CHECK(flags[0] == TOKF_PLAIN && flags[1] == 0 && flags[2] == 0 && flags[3] == TOKF_PLAIN && flags[4] == 0);
    CHECK_STR(str_value("{{ \"plain\" }}"), "plain");
    CHECK_STR(str_value("{{ \"a\\tb\\\"c\" }}"), "a\tb\"c");
    CHECK_STR(str_value("{{ \"\xC3\xA9\\u00e9\" }}"), "\xC3\xA9\xC3\xA9");
    CHECK_STR(str_value("{{ \"a\rb\" }}"), "a\rb");
    CHECK_STR(str_value("{{ `a\rb\\n` }}"), "ab\\n");
    CHECK_STR(str_value("{{ \"\" }}"), "");
    CHECK_STR(lex_all("{{ \"a\\\"b\" 'q' \"\\\\\" }}"),
              "{{:{{@1:0 space: @1:2 string:\"a\\\"b\"@1:3 space: @1:9 charconst:'q'@1:10 space: @1:13 "
              "string:\"\\\\\"@1:14 space: @1:18 }}:}}@1:19 EOF:@1:21");
    CHECK_STR(lex_all("{{ \"a\\\n\" }}"), "{{:{{@1:0 space: @1:2 error:unterminated quoted string@1:3");
    CHECK_STR(lex_all("{{ \"a\\"), "{{:{{@1:0 space: @1:2 error:unterminated quoted string@1:3");
}

/* Lines are computed only when asked for: error messages, and the nodes a
 * second parse hands to execution errors (parse_find_node). */
static void test_lines(void)
{
    CHECK_STR(perr("a\nb\n{{ .a }}\n{{ nofunc }}"), "template: c/t.txt:4: function \"nofunc\" not defined");
    CHECK_STR(perr("a\n{{ define \"x\" }}\n\n{{ if }}{{ end }}"), "template: c/t.txt:4: missing value for if");
    CHECK_STR(perr("{{ .a\n\n.b }}\n{{ end }}"), "template: c/t.txt:4: unexpected {{end}}");
    CHECK_STR(perr("{{ .a\n\n| 1 }}"), "template: c/t.txt:3: non executable command in pipeline stage 2");
    CHECK_STR(perr("x\n{{ \"a\n\" }}"), "template: c/t.txt:2: unterminated quoted string");
    CHECK_STR(perr("{{ .a (\n\n.b }}"), "template: c/t.txt:3: unclosed left paren in action started at c/t.txt:1");
    Lexer l;
    const char *src = "a\n\n{{ .x }}\nb";
    lex_init(&l, src, strlen(src));
    l.no_lines = 1;
    Token t = lex_next(&l);
    t = lex_next(&l);
    CHECK(t.type == T_LDELIM && t.line == 0 && lex_line(&l, t.pos) == 3);
    CHECK(lex_line(&l, 0) == 1 && lex_line(&l, (uint32_t)strlen(src)) == 4);

    Arena a;
    arena_init(&a);
    FnRegistry reg = {0};
    Buf err = BUF_INIT;
    const char *s2 = "x\n{{ if .a }}\n  {{ .b }}{{ else }}\n{{ .c | quote }}{{ end }}";
    Tree *tr = parse_template(&a, &reg, "n", s2, strlen(s2), &err);
    CHECK(tr != NULL);
    Node **all = NULL;
    uint32_t nall = tr ? parse_nodes(&a, &reg, tr, &all) : 0;
    CHECK(nall > 10);
    for (uint32_t i = 0; i < nall; i++) {
        uint32_t line = 1;
        for (uint32_t k = 0; k < all[i]->pos; k++) line += s2[k] == '\n';
        CHECK(all[i]->id == i + 1 && all[i]->line == line);
        if (i == 0 || tr == NULL) continue;
        const Node *f = parse_find_node(&a, &reg, tr, i + 1);
        CHECK(f && f->pos == all[i]->pos && f->type == all[i]->type && f->line == line);
    }
    CHECK(parse_find_node(&a, &reg, tr, nall + 1) == NULL);
    buf_free(&err);
    arena_free(&a);
}

int main(void)
{
    test_strings();
    test_lines();
    test_lexer();
    test_parser();
    test_deep();
    test_node_text();
    return CHECK_DONE();
}
