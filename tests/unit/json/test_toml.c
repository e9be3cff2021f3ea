/* Unit tests for toml.c / tomldec.c.  Inputs are built with json_decode
 * (so numbers are float64, as values from YAML are); expected texts are
 * what the reference helm's toToml / fromToml printed for the same data. */
#include "../check.h"
#include "json/json.h"
#include "json/toml.h"

static Arena A;

static Value J(const char *json)
{
    Buf e = BUF_INIT;
    Value v = val_nil();
    if (json_decode(&A, json, strlen(json), &v, &e) < 0) printf("bad test JSON: %s\n", e.data);
    buf_free(&e);
    return v;
}

static const char *enc(Value v)
{
    Buf b = BUF_INIT, e = BUF_INIT;
    int r = toml_encode(&b, v, &e);
    const char *s = r < 0 ? arena_printf(&A, "ERR%d %s", r, e.data) : arena_strdup(&A, b.data ? b.data : "");
    buf_free(&b);
    buf_free(&e);
    return s;
}

static const char *dec(const char *text)
{
    Buf b = BUF_INIT, e = BUF_INIT;
    Value v;
    const char *s;
    if (toml_decode(&A, text, strlen(text), &v, &e) < 0) s = arena_printf(&A, "ERR %s", e.data);
    else if (json_encode(&b, v, 0, &e) < 0) s = arena_printf(&A, "JSONERR %s", e.data);
    else s = arena_strdup(&A, b.data);
    buf_free(&b);
    buf_free(&e);
    return s;
}

static void test_encode(void)
{
    CHECK_STR(enc(J("{\"a\":1,\"f\":1.5,\"big\":1e300,\"small\":1e-7,\"neg\":-0.0,"
                    "\"s\":\"x\\\"y\\\\z\\u0001\\u007f\\t\xc3\xa9\",\"l\":[1,2],\"e\":[],\"n\":null,"
                    "\"em\":{},\"lm\":[{\"a\":1},{\"b\":{\"c\":2}}],\"mixed\":[1,{\"a\":1}],"
                    "\"ll\":[[1,2],[\"a\"]],\"k y\":1,\"\":2,"
                    "\"b\":{\"c\":\"d\",\"d\":{\"e\":1,\"x.y\":{\"z\":1}},\"f\":[{\"g\":1}]},\"t\":true}")),
              "\"\" = 2.0\n"
              "a = 1.0\n"
              "big = 1e+300\n"
              "e = []\n"
              "f = 1.5\n"
              "\"k y\" = 1.0\n"
              "l = [1.0, 2.0]\n"
              "ll = [[1.0, 2.0], [\"a\"]]\n"
              "mixed = [1.0, {a = 1.0}]\n"
              "neg = -0.0\n"
              "s = \"x\\\"y\\\\z\\u0001\\u007f\\t\xc3\xa9\"\n"
              "small = 1e-07\n"
              "t = true\n"
              "\n[b]\n  c = \"d\"\n  [b.d]\n    e = 1.0\n    [b.d.\"x.y\"]\n      z = 1.0\n"
              "\n  [[b.f]]\n    g = 1.0\n"
              "\n[em]\n"
              "\n[[lm]]\n  a = 1.0\n"
              "\n[[lm]]\n  [lm.b]\n    c = 2.0\n");
    CHECK_STR(enc(J("{\"x\":[1,{\"a\":1,\"b\":null},{\"a\":null,\"b\":1},{\"a\":1,\"b\":null,\"c\":{\"d\":1}}]}")),
              "x = [1.0, {a = 1.0, }, {b = 1.0}, {a = 1.0, c = {d = 1.0}}]\n");
    CHECK_STR(enc(J("{\"x\":[{\"a\":1},1]}")), "x = [{a = 1.0}, 1.0]\n");
    CHECK_STR(enc(J("{\"x\":[[1,null]]}")), "ERR-1 toml: cannot encode array with nil element");
    CHECK_STR(enc(J("{\"x\":[{\"a\":[1,null]}]}")), "ERR-1 toml: cannot encode array with nil element");
    CHECK_STR(enc(J("{\"x\":{\"a\":null},\"y\":null,\"z\":[{},{\"q\":null}]}")), "[x]\n\n[[z]]\n\n[[z]]\n");
    CHECK_STR(enc(J("[{}]")), "ERR-1 toml: top-level values must be Go maps or structs");
    CHECK_STR(enc(J("[1]")), "[1.0]");
    CHECK_STR(enc(J("\"s\"")), "\"s\"");
    CHECK_STR(enc(J("{}")), "");
    CHECK_STR(enc(val_nil()), "ERR-2 reflect: call of reflect.Value.Type on zero Value");
    CHECK_STR(enc(J("{\"z\":{},\"a\":1}")), "a = 1.0\n\n[z]\n");
    CHECK_STR(enc(J("{\"f\":{\"g\":{}}}")), "[f]\n  [f.g]\n");
    CHECK_STR(enc(J("{\"a\":[[{\"x\":1}],[{\"y\":2}]],\"b\":[{}],\"c\":[1,{\"a\":{\"b\":1},\"c\":2}],"
                    "\"d\":[{\"a\":{\"b\":1},\"c\":2,\"e\":[{\"f\":1}]}],\"e\":[[]]}")),
              "a = [[{x = 1.0}], [{y = 2.0}]]\nc = [1.0, {c = 2.0, a = {b = 1.0}}]\ne = [[]]\n"
              "\n[[b]]\n\n[[d]]\n  c = 2.0\n  [d.a]\n    b = 1.0\n\n  [[d.e]]\n    f = 1.0\n");
    CHECK_STR(enc(J("{\"s\":\"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u001b\\u001f\\u007f\\\"\\\\\"}")),
              "s = \"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u001b\\u001f\\u007f\\\"\\\\\"\n");
    Map *m = map_new(&A, 0);
    map_sets(&A, m, "b", val_cstr(&A, "\xff\xfe"));
    map_sets(&A, m, "n", val_int64(5));
    map_sets(&A, m, "o", val_int64(-9223372036854775807LL - 1));
    CHECK_STR(enc(val_map(m)), "b = \"\xef\xbf\xbd\xef\xbf\xbd\"\nn = 5\no = -9223372036854775808\n");
    CHECK_STR(enc(J("{\"a\":1000000,\"b\":123456789,\"c\":0.0001,\"d\":0.00001,\"h\":100000}")),
              "a = 1e+06\nb = 1.23456789e+08\nc = 0.0001\nd = 1e-05\nh = 100000.0\n");
    /* A map that contains itself must not recurse forever. */
    Map *cyc = map_new(&A, 0);
    map_sets(&A, cyc, "a", val_map(cyc));
    CHECK_STR(enc(val_map(cyc)), "ERR-1 toml: nesting too deep");
}

static void test_decode(void)
{
    /* Values: the reference's toJson of fromToml of the same text. */
    CHECK_STR(dec("[[a]]\nb=1\n[[a]]\nb=2\n[a.c]\nd=1"), "{\"a\":[{\"b\":1},{\"b\":2,\"c\":{\"d\":1}}]}");
    CHECK_STR(dec("x = 1\n\n# c\ny = \"\"\"\nab\n  cd\"\"\"\nz = '''\n\\n'''"), "{\"x\":1,\"y\":\"ab\\n  cd\",\"z\":\"\\\\n\"}");
    CHECK_STR(dec("a = \"\"\"\\\n   x \\\n y\"\"\""), "{\"a\":\"x y\"}");
    CHECK_STR(dec("key = \"value\"\n  bare_key = 1\n\"quoted key\" = 2\n'lit' = 3\nsite.\"google.com\" = true"),
              "{\"bare_key\":1,\"key\":\"value\",\"lit\":3,\"quoted key\":2,\"site\":{\"google.com\":true}}");
    CHECK_STR(dec("a = 1979-05-27 07:32:00Z"), "{\"a\":\"1979-05-27T07:32:00Z\"}");
    CHECK_STR(dec("a = 1979-05-27T07:32:00.999999Z"), "{\"a\":\"1979-05-27T07:32:00.999999Z\"}");
    CHECK_STR(dec("a = 1979-05-27T07:32:00.5-07:00\nb = 1979-05-27\nc = 07:32:00\nd = 1979-05-27T07:32:00"),
              "{\"a\":\"1979-05-27T07:32:00.5-07:00\",\"b\":\"1979-05-27T00:00:00Z\",\"c\":\"0000-01-01T07:32:00Z\",\"d\":\"1979-05-27T07:32:00Z\"}");
    CHECK_STR(dec("a = [ 1,\n 2, # c\n ]"), "{\"a\":[1,2]}");
    CHECK_STR(dec("a = {\n x = 1 }"), "{\"a\":{\"x\":1}}");
    CHECK_STR(dec("a = 1\r\nb = 2\r\n"), "{\"a\":1,\"b\":2}");
    CHECK_STR(dec("b = -0.0\nc = +1.5\nd = 6.02e+23\ne = 1E2\nf = -0\ng = 0.0"),
              "{\"b\":-0,\"c\":1.5,\"d\":6.02e+23,\"e\":100,\"f\":0,\"g\":0}");
    CHECK_STR(dec("a = 9223372036854775807\nb = -9223372036854775808"),
              "{\"a\":9223372036854775807,\"b\":-9223372036854775808}");
    CHECK_STR(dec("a = \"\\t\\n\\\"\\\\\\b\\f\\r\\u0041\\U0001F600\\e\""),
              "{\"a\":\"\\t\\n\\\"\\\\\\b\\f\\rA\xf0\x9f\x98\x80\\u001b\"}");
    CHECK_STR(dec("a = \"\\x41\""), "{\"a\":\"A\"}");
    CHECK_STR(dec("[ a . b ]\nc = 1"), "{\"a\":{\"b\":{\"c\":1}}}");
    CHECK_STR(dec("[a]\n[b]\n[a.c]"), "{\"a\":{\"c\":{}},\"b\":{}}");
    CHECK_STR(dec("1 = 2\n-x = 3"), "{\"-x\":3,\"1\":2}");
    CHECK_STR(dec("\xef\xbb\xbf" "a = 1"), "{\"a\":1}");
    CHECK_STR(dec("a.b = 1\n[a]\nc = 1"), "{\"a\":{\"b\":1,\"c\":1}}");
    CHECK_STR(dec("[a.b]\n[a]\nc=1"), "{\"a\":{\"b\":{},\"c\":1}}");
    CHECK_STR(dec("[a]\nb.c = 1\n[a.b]"), "{\"a\":{\"b\":{\"c\":1}}}");
    CHECK_STR(dec("a = {x = 1}\na.y = 2"), "{\"a\":{\"x\":1,\"y\":2}}");
    CHECK_STR(dec("h = 0xff\no = 0o17\nbi = 0b11\nu = 1_000\nf4 = 1e6"),
              "{\"bi\":3,\"f4\":1000000,\"h\":255,\"o\":15,\"u\":1000}");
    CHECK_STR(dec("a = {x = 1,}"), "{\"a\":{\"x\":1}}");
    CHECK_STR(dec(""), "{}");
    CHECK_STR(dec("# only comment"), "{}");
    CHECK_STR(dec("a = -inf"), "JSONERR json: unsupported value: -Inf");

    /* Errors: the reference's texts. */
    CHECK_STR(dec("a ="), "ERR toml: line 1 (last key \"a\"): unexpected EOF; expected value");
    CHECK_STR(dec("a = 1\na = 2"), "ERR toml: line 2 (last key \"a\"): Key 'a' has already been defined.");
    CHECK_STR(dec("[a]\n[a]"), "ERR toml: line 2: Key 'a' has already been defined.");
    CHECK_STR(dec("[[a]]\n[a]"), "ERR toml: line 2: Key 'a' has already been defined.");
    CHECK_STR(dec("a = 1\n[a]"), "ERR toml: line 2: Key 'a' has already been defined.");
    CHECK_STR(dec("a = {x = 1}\n[a]"), "ERR toml: line 2: Key 'a' has already been defined.");
    CHECK_STR(dec("a = [1]\n[[a]]"), "ERR toml: line 2: Key 'a' was already created and cannot be used as an array.");
    CHECK_STR(dec("= 1"), "ERR toml: line 1: unexpected '=': key name appears blank");
    CHECK_STR(dec("a"), "ERR toml: line 1: unexpected EOF; expected key separator '='");
    CHECK_STR(dec("a = 1 b = 2"), "ERR toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got 'b' instead");
    CHECK_STR(dec("a = \"x"), "ERR toml: line 1 (last key \"a\"): unexpected EOF; expected '\"'");
    CHECK_STR(dec("a = 'x"), "ERR toml: line 1 (last key \"a\"): unexpected EOF; expected \"'\"");
    CHECK_STR(dec("a = [1, 2"), "ERR toml: line 1 (last key \"a\"): expected a comma (',') or array terminator (']'), but got end of file");
    CHECK_STR(dec("a = {x = 1"), "ERR toml: line 1 (last key \"a.x\"): expected a comma or an inline table terminator '}', but got end of file instead");
    CHECK_STR(dec("a = tru"), "ERR toml: line 1 (last key \"a\"): expected value but found \"tru\" instead");
    CHECK_STR(dec("a = 1."), "ERR toml: line 1 (last key \"a\"): Invalid float \"1.\": '.' must be followed by one or more digits");
    CHECK_STR(dec("a = 01"), "ERR toml: line 1 (last key \"a\"): Invalid integer \"01\": cannot have leading zeroes");
    CHECK_STR(dec("a = 1__0"), "ERR toml: line 1 (last key \"a\"): Invalid integer \"1__0\": underscores must be surrounded by digits");
    CHECK_STR(dec("a = 0xg"), "ERR toml: line 1 (last key \"a\"): not a hexadecimal number: '0xg'");
    CHECK_STR(dec("a = 0x1g"), "ERR toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got 'g' instead");
    CHECK_STR(dec("a = 0o8"), "ERR toml: line 1 (last key \"a\"): not an octal number: '0o8'");
    CHECK_STR(dec("a = 0b2"), "ERR toml: line 1 (last key \"a\"): not a binary number: '0b2'");
    CHECK_STR(dec("a = 0x\nb=1"), "ERR toml: line 1 (last key \"a\"): not a hexadecimal number: '0x\n'");
    CHECK_STR(dec("a = 0x_1"), "ERR toml: line 1 (last key \"a\"): not a hexadecimal number: '0x_'");
    CHECK_STR(dec("a = 0x1_"), "ERR toml: line 1 (last key \"a\"): Invalid integer \"0x1_\": underscores must be surrounded by digits");
    CHECK_STR(dec("a = 0xFFFFFFFFFFFFFFFFF"), "ERR toml: line 1 (last key \"a\"): 0xFFFFFFFFFFFFFFFFF is out of range for int64");
    CHECK_STR(dec("a = -0x1"), "ERR toml: line 1 (last key \"a\"): cannot use sign with non-decimal numbers: '-0x'");
    CHECK_STR(dec("a = 0X1"), "ERR toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got 'X' instead");
    CHECK_STR(dec("a = 1979-05-27T07:32\nb = 07:32"), "{\"a\":\"1979-05-27T07:32:00Z\",\"b\":\"0000-01-01T07:32:00Z\"}");
    CHECK_STR(dec("a = [1 2]"), "ERR toml: line 1 (last key \"a\"): expected a comma (',') or array terminator (']'), but got '2'");
    CHECK_STR(dec("a = {x = 1 y = 2}"), "ERR toml: line 1 (last key \"a.x\"): expected a comma or an inline table terminator '}', but got 'y' instead");
    CHECK_STR(dec("a\n= 1"), "ERR toml: line 1: expected '.' or '=', but got '\\n' instead");
    CHECK_STR(dec("a = 1\n[b]\nc"), "ERR toml: line 3 (last key \"b\"): unexpected EOF; expected key separator '='");
    CHECK_STR(dec("\"a\nb\" = 1"), "ERR toml: line 1: strings cannot contain newlines");
    CHECK_STR(dec("[a"), "ERR toml: line 1: expected '.' or ']' to end table name, but got '\\x00' instead");
    CHECK_STR(dec("a = \"\\q\""), "ERR toml: line 1 (last key \"a\"): invalid escape in string '\\q'");
    CHECK_STR(dec("a = \"\\u12\""), "ERR toml: line 1 (last key \"a\"): expected four hexadecimal digits after '\\u', but got \"\\\\u12\\\"\" instead");
    CHECK_STR(dec("a = 1979-13-27"), "ERR toml: line 1 (last key \"a\"): invalid datetime: \"1979-13-27\"");
    CHECK_STR(dec("a = 99999999999999999999"), "ERR toml: line 1 (last key \"a\"): 99999999999999999999 is out of range for int64");
    CHECK_STR(dec("a = 1e999"), "ERR toml: line 1 (last key \"a\"): 1e999 is out of range for float64");
    CHECK_STR(dec("a = \"x\ny\""), "ERR toml: line 1 (last key \"a\"): strings cannot contain newlines");
    CHECK_STR(dec("a = {x = 1, x = 2}"), "ERR toml: line 1 (last key \"a.x\"): Key 'a.x' has already been defined.");
    CHECK_STR(dec("a = 1\n\n\n[b]\nc = ="), "ERR toml: line 5 (last key \"b.c\"): expected value but found '=' instead");
    CHECK_STR(dec("[]"), "ERR toml: line 1: unexpected end of table name (table names cannot be empty)");
    CHECK_STR(dec("a.=1"), "ERR toml: line 1: unexpected '='");
    CHECK_STR(dec("a = +"), "ERR toml: line 1 (last key \"a\"): expected a digit but got '\\x00'");
    CHECK_STR(dec("a = 1_"), "ERR toml: line 1 (last key \"a\"): Invalid integer \"1_\": underscores must be surrounded by digits");
    CHECK_STR(dec("a = _1"), "ERR toml: line 1 (last key \"a\"): expected value but found '_' instead");
    CHECK_STR(dec("a = 1e"), "ERR toml: line 1 (last key \"a\"): Invalid float value: \"1e\"");
    CHECK_STR(dec("a = .5"), "ERR toml: line 1 (last key \"a\"): floats must start with a digit, not '.'");
    CHECK_STR(dec("a = \"\x01\""), "ERR toml: line 1 (last key \"a\"): TOML files cannot contain control characters: '0x01'");
    CHECK_STR(dec("a = [1,,2]"), "ERR toml: line 1 (last key \"a\"): unexpected comma");
    CHECK_STR(dec("a = \"\"\"x"), "ERR toml: line 1 (last key \"a\"): unexpected EOF; expected '\"\"\"'");
    CHECK_STR(dec("a = \"x\xffy\""), "ERR toml: line 1 (last key \"a\"): invalid UTF-8 byte: 0xff");
    CHECK_STR(dec("a = 1 # \xff"), "ERR toml: line 1: invalid UTF-8 byte: 0xff");
    CHECK_STR(dec("\xff = 1"), "ERR toml: line 1: invalid UTF-8 byte: 0xff");
    CHECK_STR(dec("a = \"\x7f\""), "ERR toml: line 1 (last key \"a\"): TOML files cannot contain control characters: '0x7f'");
    CHECK_STR(dec("a = \"\xc2\x85\xe2\x82\xac\""), "{\"a\":\"\xc2\x85\xe2\x82\xac\"}");
    CHECK_STR(dec("a.b = 1\na = 2\nc = 3"), "{\"a\":{\"b\":1},\"c\":3}");
    CHECK_STR(dec("a = {b = 1}\na = 2"), "ERR toml: line 2 (last key \"a\"): Key 'a' has already been defined.");
    CHECK_STR(dec("[a]\n[a.b]\n[a]"), "ERR toml: line 3: Key 'a' has already been defined.");
    CHECK_STR(dec("a.b = 1\na.b.c = 2"), "ERR toml: line 2 (last key \"a.b.c\"): Key 'a.b' has already been defined.");
    CHECK_STR(dec("a = [{b = 1}]\n[[a]]"), "ERR toml: line 2: Key 'a' was already created and cannot be used as an array.");
    CHECK_STR(dec("[[a]]\n[[a.b]]\nc = 1\n[[a.b]]\n[[a]]"), "{\"a\":[{\"b\":[{\"c\":1},{}]},{}]}");
    CHECK_STR(dec("a = 1\na.b = 2"), "ERR toml: line 2 (last key \"a.b\"): Key 'a' has already been defined.");
    CHECK_STR(dec("[a.b]\nc = 1\n[a]\nb = 2"), "ERR toml: line 4 (last key \"a.b\"): Key 'a.b' has already been defined.");
    CHECK_STR(dec("a.b = 1\na = [1]"), "{\"a\":[1]}");
    CHECK_STR(dec("[\"w x\"]\n[\"w x\"]"), "ERR toml: line 2: Key '\"w x\"' has already been defined.");
    CHECK_STR(dec("a = {\"x y\" = 1, \"x y\" = 2}"), "ERR toml: line 1 (last key \"a.x y\"): Key 'a.\"x y\"' has already been defined.");
    CHECK_STR(dec(","), "ERR toml: line 1: expected '.' or '=', but got ',' instead");
    CHECK_STR(dec("\\n"), "ERR toml: line 1: expected '.' or '=', but got '\\\\' instead");
    CHECK_STR(dec(".x"), "ERR toml: line 1: unexpected '.': keys cannot start with a '.'");
    CHECK_STR(dec("'''"), "ERR toml: line 1: expected '.' or '=', but got '\\'' instead");
    CHECK_STR(dec("[a."), "ERR toml: line 1: unexpected end of table name (table names cannot be empty)");
    CHECK_STR(dec("[[a]"), "ERR toml: line 1: expected end of table array name delimiter ']', but got '\\x00' instead");
    CHECK_STR(dec("a = {x = 1,,}"), "ERR toml: line 1 (last key \"a.x\"): unexpected comma");
    CHECK_STR(dec("a = true1"), "ERR toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got '1' instead");
    CHECK_STR(dec("a = --1"), "ERR toml: line 1 (last key \"a\"): expected a digit but got '-'");
    CHECK_STR(dec("a = 1-"), "ERR toml: line 1 (last key \"a\"): invalid datetime: \"1-\"");
    CHECK_STR(dec("k = 1\rx = 2"), "ERR toml: line 1 (last key \"k\"): TOML files cannot contain control characters: '0x0d'");
    CHECK_STR(dec("a = true false"), "ERR toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got 'f' instead");
}

int main(void)
{
    arena_init(&A);
    test_encode();
    test_decode();
    arena_free(&A);
    return CHECK_DONE();
}
