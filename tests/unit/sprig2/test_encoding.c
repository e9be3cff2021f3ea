/* Unit tests of encoding.c: Go's base64/base32 decode error offsets, hashes,
 * net/url parsing and joining, and the shape of random output. */
#include "shim.h"

extern const FnDef fn_encoding_table[];
extern const size_t fn_encoding_count;

static Arena A;

static const char *call1(const char *name, Value v)
{
    return shim_call(&A, fn_encoding_table, fn_encoding_count, name, 1, &v, NULL);
}

static const char *calls(const char *name, const char *s) { return call1(name, S(&A, s)); }

static void test_base64(void)
{
    CHECK_STR(calls("b64enc", "hi"), "aGk=");
    CHECK_STR(calls("b64enc", "h\xc3\xa9llo"), "aMOpbGxv");
    CHECK_STR(calls("b64enc", ""), "");
    CHECK_STR(calls("b64enc", "abc"), "YWJj");
    CHECK_STR(calls("b64dec", "aGk="), "hi");
    CHECK_STR(calls("b64dec", "aGk=\n"), "hi");
    CHECK_STR(calls("b64dec", "aG\r\nk="), "hi");
    CHECK_STR(calls("b64dec", "@@"), "illegal base64 data at input byte 0");
    CHECK_STR(calls("b64dec", "aGk"), "illegal base64 data at input byte 0");
    CHECK_STR(calls("b64dec", "aG k="), "illegal base64 data at input byte 2");
    CHECK_STR(calls("b64dec", "aG=="), "h");
    CHECK_STR(calls("b64dec", "aG="), "illegal base64 data at input byte 3");
    CHECK_STR(calls("b64dec", "aGk=x"), "illegal base64 data at input byte 4");
    CHECK_STR(calls("b64dec", "a==="), "illegal base64 data at input byte 1");
    CHECK_STR(calls("b64dec", "YWJjZA=="), "abcd");
}

static void test_base32(void)
{
    CHECK_STR(calls("b32enc", "hi"), "NBUQ====");
    CHECK_STR(calls("b32enc", "hello"), "NBSWY3DP");
    CHECK_STR(calls("b32enc", "a"), "ME======");
    CHECK_STR(calls("b32dec", "NBUQ===="), "hi");
    CHECK_STR(calls("b32dec", "NBSWY3DP"), "hello");
    CHECK_STR(calls("b32dec", "x"), "illegal base32 data at input byte 0");
    CHECK_STR(calls("b32dec", "NBUQ"), "illegal base32 data at input byte 0");
    CHECK_STR(calls("b32dec", "NB\nUQ===="), "hi");
}

static void test_hashes(void)
{
    CHECK_STR(calls("sha1sum", "a"), "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8");
    CHECK_STR(calls("sha256sum", ""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_STR(calls("sha512sum", "a"),
              "1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f53"
              "02860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75");
    CHECK_STR(calls("adler32sum", "abc"), "38600999");
    CHECK_STR(calls("adler32sum", ""), "1");
}

static void test_url(void)
{
    Value m;
    Value v = S(&A, "https://u:p@host:8080/a/b?x=1&y=2#frag");
    m = val_nil();
    CHECK(strncmp(shim_call(&A, fn_encoding_table, fn_encoding_count, "urlParse", 1, &v, &m), "ERR", 3) != 0);
    CHECK(m.kind == V_MAP);
    if (m.kind == V_MAP) {
        CHECK_STR(map_gets(m.u.m, "scheme")->u.s->s, "https");
        CHECK_STR(map_gets(m.u.m, "host")->u.s->s, "host:8080");
        CHECK_STR(map_gets(m.u.m, "hostname")->u.s->s, "host");
        CHECK_STR(map_gets(m.u.m, "path")->u.s->s, "/a/b");
        CHECK_STR(map_gets(m.u.m, "query")->u.s->s, "x=1&y=2");
        CHECK_STR(map_gets(m.u.m, "fragment")->u.s->s, "frag");
        CHECK_STR(map_gets(m.u.m, "userinfo")->u.s->s, "u:p");
        CHECK_STR(map_gets(m.u.m, "opaque")->u.s->s, "");
    }
    v = S(&A, "http://[::1]:80/%41%2f?q#f%20x");
    shim_call(&A, fn_encoding_table, fn_encoding_count, "urlParse", 1, &v, &m);
    CHECK_STR(map_gets(m.u.m, "hostname")->u.s->s, "::1");
    CHECK_STR(map_gets(m.u.m, "path")->u.s->s, "/A/");
    CHECK_STR(map_gets(m.u.m, "fragment")->u.s->s, "f x");
    v = S(&A, "mailto:a@b");
    shim_call(&A, fn_encoding_table, fn_encoding_count, "urlParse", 1, &v, &m);
    CHECK_STR(map_gets(m.u.m, "opaque")->u.s->s, "a@b");
    CHECK_STR(calls("urlParse", "::"), "ERR: unable to parse url: parse \"::\": missing protocol scheme");
    CHECK_STR(calls("urlParse", "http://h:80x/"),
              "ERR: unable to parse url: parse \"http://h:80x/\": invalid port \":80x\" after host");
    CHECK_STR(calls("urlParse", "http://[::1/"),
              "ERR: unable to parse url: parse \"http://[::1/\": missing ']' in host");
    CHECK_STR(calls("urlParse", "a:b/c"), "map[fragment: host: hostname: opaque:b/c path: query: scheme:a userinfo:]");

    Map *d = map_new(&A, 4);
    map_sets(&A, d, "scheme", S(&A, "http"));
    map_sets(&A, d, "host", S(&A, "h"));
    map_sets(&A, d, "path", S(&A, "/p q"));
    map_sets(&A, d, "query", S(&A, "a=b"));
    map_sets(&A, d, "fragment", S(&A, "x y"));
    map_sets(&A, d, "userinfo", S(&A, "me:pw"));
    CHECK_STR(call1("urlJoin", val_map(d)), "http://me:pw@h/p%20q?a=b#x%20y");
    d = map_new(&A, 4);
    map_sets(&A, d, "path", S(&A, "a:b"));
    CHECK_STR(call1("urlJoin", val_map(d)), "./a:b");
    map_sets(&A, d, "host", val_int(5));
    CHECK_STR(call1("urlJoin", val_map(d)), "ERR: unable to parse host key, must be of type string, but int found");
    map_sets(&A, d, "host", val_nil());
    CHECK_STR(call1("urlJoin", val_map(d)), "ERR: runtime error: invalid memory address or nil pointer dereference");
}

static int all_in(const char *s, const char *set)
{
    for (; *s; s++)
        if (!strchr(set, *s)) return 0;
    return 1;
}

static void test_random(void)
{
    const char *s = call1("randAlpha", val_int(40));
    CHECK_INT(strlen(s), 40);
    CHECK(all_in(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"));
    s = call1("randNumeric", val_int(40));
    CHECK(strlen(s) == 40 && all_in(s, "0123456789"));
    s = call1("randAlphaNum", val_int(7));
    CHECK_INT(strlen(s), 7);
    CHECK_STR(call1("randAlpha", val_int(-1)), "");
    CHECK_STR(call1("randAscii", val_int(0)), "");
    CHECK_INT(strlen(call1("randAscii", val_int(33))), 33);
    Value r[2] = {val_int(5), val_int(5)};
    CHECK_STR(shim_call(&A, fn_encoding_table, fn_encoding_count, "randInt", 2, r, NULL),
              "ERR: invalid argument to Intn");
    r[0] = val_int(-3); r[1] = val_int(-2);
    CHECK_STR(shim_call(&A, fn_encoding_table, fn_encoding_count, "randInt", 2, r, NULL), "-3");
    CHECK_INT(strlen(call1("randBytes", val_int(4))), 8);
    CHECK_STR(call1("randBytes", val_int(0)), "");
    CHECK_STR(call1("randBytes", val_int(-1)), "ERR: runtime error: makeslice: len out of range");
    CHECK(strncmp(call1("randBytes", val_int(1LL << 40)), "ERR: ", 5) == 0);
    s = shim_call(&A, fn_encoding_table, fn_encoding_count, "uuidv4", 0, NULL, NULL);
    CHECK_INT(strlen(s), 36);
    CHECK(s[14] == '4' && strchr("89ab", s[19]) && s[8] == '-' && s[23] == '-');
    s = calls("shuffle", "h\xc3\xa9llo");
    CHECK_INT(strlen(s), 6);
}


int main(void)
{
    arena_init(&A);
    test_base64();
    test_base32();
    test_hashes();
    test_url();
    test_random();
    shim_helm_suite(&A, "encoding", fn_encoding_table, fn_encoding_count, 30);
    arena_free(&A);
    return CHECK_DONE();
}
