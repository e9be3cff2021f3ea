/* Unit tests of the Sprig families strings/lists/dicts/math/regex/defaults,
 * run on the functions directly through shim.h.  Expected texts were
 * observed with the reference helm (v4.1.4). */
#include "../check.h"
#include "shim.h"
#include "sprig/cast.h"

#include <math.h>

static void test_strings(void)
{
    CHECK_STR(CALL0("hello"), "Hello!");
    CHECK_STR(CALL("camelcase", S_("http_server")), "HttpServer");
    CHECK_STR(CALL("camelcase", S_("_complex__case_")), "_Complex_Case_");
    CHECK_STR(CALL("camelcase", S_("GOLANG_IS_GREAT")), "GolangIsGreat");
    CHECK_STR(CALL("camelcase", S_("_")), "__");
    CHECK_STR(CALL("snakecase", S_("HTTP20xOK")), "http_20x_ok");
    CHECK_STR(CALL("kebabcase", S_("Bld4Floor3rd")), "bld4-floor-3rd");
    CHECK_STR(CALL("swapcase", S_("hello World 1abc")), "HELLO wORLD 1ABC");
    CHECK_STR(CALL("wrap", I_(5), S_("hello world foo barbazqux x")), "hello\nworld\nfoo\nbarbazqux\nx");
    CHECK_STR(CALL("wrapWith", I_(5), S_("<br>"), S_("hello world foo barbazqux x")),
              "hello<br>world<br>foo<br>barba<br>zqux<br>x");
    CHECK_STR(CALL("initials", S_("h\xc3\xa9llo w\xc3\xb6rld")), "hw");
    CHECK_STR(CALL("nospace", S_("\xc3\xa9 x")), "\xc3\x83\xc2\xa9x");
    CHECK_STR(CALL("title", S_("hello wORLD o'neil x_y")), "Hello WORLD O'Neil X_y");
    CHECK_STR(CALL("untitle", S_("Hello World")), "hello world");
    CHECK_STR(CALL("abbrev", I_(5), S_("hello world")), "he...");
    CHECK_STR(CALL("abbrevboth", I_(5), I_(10), S_("1234567890abcdefghijk")), "...6789...");
    CHECK_STR(CALL("substr", I_(0), I_(5), S_("abc")), "abc");
    CHECK_STR(CALL("substr", I_(5), I_(6), S_("abc")), "ERR: runtime error: slice bounds out of range [5:3]");
    CHECK_STR(CALL("substr", I_(2), I_(1), S_("abc")), "ERR: runtime error: slice bounds out of range [2:1]");
    CHECK_STR(CALL("substr", I_(-1), I_(-2), S_("abc")), "ERR: runtime error: slice bounds out of range [:-2]");
    CHECK_STR(CALL("repeat", I_(-1), S_("abc")), "ERR: strings: negative Repeat count");
    CHECK_STR(CALL("repeat", I_(3), S_("ab")), "ababab");
    CHECK_STR(CALL("indent", I_(-1), S_("x")), "ERR: strings: negative Repeat count");
    CHECK_STR(CALL("nindent", I_(2), S_("a\nb")), "\n  a\n  b");
    CHECK_STR(CALL("trunc", I_(-2), S_("hello")), "lo");
    CHECK_STR(CALL("trunc", I_(2), S_("hello")), "he");
    CHECK_STR(CALL("trim", S_(" \t x y \n")), "x y");
    CHECK_STR(CALL("trimAll", S_("$-"), S_("$-a$b-$")), "a$b");
    CHECK_STR(CALL("trimPrefix", S_("ab"), S_("abc")), "c");
    CHECK_STR(CALL("trimSuffix", S_("bc"), S_("abc")), "a");
    CHECK_STR(CALL("replace", S_(""), S_("-"), S_("ab")), "-a-b-");
    CHECK_STR(CALL("replace", S_("a"), S_("xy"), S_("banana")), "bxynxynxy");
    CHECK_STR(CALL("split", S_(","), S_("a,b,,c")), "map[_0:a _1:b _2: _3:c]");
    CHECK_STR(CALL("splitn", S_(","), I_(2), S_("a,b,c")), "map[_0:a _1:b,c]");
    CHECK_STR(CALL("splitn", S_(","), I_(0), S_("a,b,c")), "map[]");
    CHECK_STR(CALL("splitList", S_(""), S_("ab")), "[a b]");
    CHECK_STR(CALL("splitList", S_(","), S_("")), "[]");
    CHECK_INT(call_result.u.l->len, 1);
    CHECK_STR(CALL("join", S_("-"), L_(3, S_("a"), NIL_(), I_(1))), "a-1");
    CHECK_STR(CALL("sortAlpha", L_(3, S_("b"), S_("a"), S_("C"))), "[C a b]");
    CHECK_STR(CALL("toStrings", NIL_()), "[]");
    CHECK_STR(CALL("plural", S_("one"), S_("many"), I_(1)), "one");
    CHECK_STR(CALL("contains", S_("ll"), S_("hello")), "true");
    CHECK_STR(CALL("hasPrefix", S_("he"), S_("hello")), "true");
    CHECK_STR(CALL("hasSuffix", S_("x"), S_("hello")), "false");
    CHECK_STR(CALL("clean", S_("a/../../b/./c//")), "../b/c");
    CHECK_STR(CALL("clean", S_("/../a")), "/a");
    CHECK_STR(CALL("base", S_("/a/b.txt/")), "b.txt");
    CHECK_STR(CALL("dir", S_("/a/b.txt")), "/a");
    CHECK_STR(CALL("dir", S_("b")), ".");
    CHECK_STR(CALL("ext", S_("a/b.tar.gz")), ".gz");
    CHECK_STR(CALL("upper", S_("h\xc3\xa9llo")), "H\xc3\x89LLO");
}

/* spf13/cast and strconv parsing, values observed with helm's int64/float64. */
static void test_cast(void)
{
    CHECK_INT(cast_to_int64(S_("0x10")), 16);
    CHECK_INT(cast_to_int64(S_("010")), 8);
    CHECK_INT(cast_to_int64(S_("1.00")), 1);
    CHECK_INT(cast_to_int64(S_("1_000")), 1000);
    CHECK_INT(cast_to_int64(S_("1.5")), 0);
    CHECK_INT(cast_to_int64(S_("-0b101")), -5);
    CHECK_INT(cast_to_int64(S_("0o17")), 15);
    CHECK_INT(cast_to_int64(S_("9223372036854775808")), 0);
    CHECK(cast_to_int64(S_("-9223372036854775808")) == INT64_MIN);
    CHECK_INT(cast_to_int64(S_("0_1")), 1);
    CHECK_INT(cast_to_int64(S_(".0")), 0);
    CHECK_INT(cast_to_int64(S_("1e3")), 0);
    CHECK_INT(cast_to_int64(B_(true)), 1);
    CHECK_INT(cast_to_int64(NIL_()), 0);
    CHECK(cast_to_int64(F_(1e300)) == INT64_MIN);
    CHECK_INT(cast_to_int64(F_(-5.9)), -5);
    CHECK(cast_to_float64(S_("1_000")) == 1000);
    CHECK(cast_to_float64(S_("0x1p4")) == 16);
    CHECK(cast_to_float64(S_("0x10")) == 0);
    CHECK(cast_to_float64(S_(" 1")) == 0);
    CHECK(isinf(cast_to_float64(S_("-Inf"))));
    CHECK(isnan(cast_to_float64(S_("nan"))));
    CHECK(cast_to_float64(S_("+nan")) == 0);
    CHECK(cast_to_float64(S_("1e400")) == 0);
    CHECK(cast_to_float64(S_("5.")) == 5);
    CHECK(cast_to_float64(S_("0x_1p0")) == 1);
    CHECK(cast_empty(NIL_()) && cast_empty(S_("")) && cast_empty(F_(0)) && !cast_empty(I_(1)));
}

/* Lists, dicts, math and regex results observed with helm. */
static void test_others(void)
{
    CHECK_STR(CALL("chunk", I_(-2), L_(1, I_(1))), "[[1]]");
    CHECK_STR(CALL("chunk", I_(0), L_(1, I_(1))), "ERR: runtime error: makeslice: len out of range");
    CHECK_STR(CALL("first", NIL_()), "ERR: runtime error: invalid memory address or nil pointer dereference");
    CHECK_STR(CALL("append", S_("x"), I_(1)), "ERR: Cannot push on type string");
    CHECK_STR(CALL("slice", L_(3, I_(1), I_(2), I_(3)), I_(2), I_(1)), "ERR: reflect.Value.Slice: slice index out of bounds");
    CHECK_STR(CALL("merge", M_(2, "a", I_(1), "b", S_("")), M_(3, "a", I_(2), "b", S_("B"), "g", NIL_())), "map[a:1 b:B]");
    CHECK_STR(CALL("mergeOverwrite", M_(1, "a", I_(1)), M_(2, "a", S_(""), "g", NIL_())), "map[a: g:<nil>]");
    CHECK_STR(CALL("dig", S_("a"), S_("b"), I_(1), M_(1, "a", S_("s"))),
              "ERR: interface conversion: interface {} is string, not map[string]interface {}");
    CHECK_STR(CALL("set", NIL_(), S_("a"), I_(1)), "ERR: assignment to entry in nil map");
    CHECK_STR(CALL("divf", I_(1), I_(3)), "0.3333333333333333");
    CHECK_STR(CALL("addf", F_(1.1), F_(2.2)), "3.3");
    CHECK(call_result.u.f == 3.3);
    CHECK_STR(CALL("divf", I_(1), I_(0)), "ERR: decimal division by 0");
    CHECK_STR(CALL("div", I_(5), I_(0)), "ERR: runtime error: integer divide by zero");
    CHECK_STR(CALL("div", I64_(INT64_MIN), I_(-1)), "-9223372036854775808");
    CHECK_STR(CALL("seq", I_(10), I_(-3), I_(1)), "10 7 4 1");
    CHECK_STR(CALL("untilStep", I_(10), I_(0), I_(-4)), "[10 6 2]");
    CHECK_STR(CALL("until", I64_(1000000000)), "ERR: out of memory");
    /* huge arguments fail cleanly instead of exhausting memory (helm
     * would try and die or hang) */
    CHECK_STR(CALL("seq", I_(1), I64_(1000000000)), "ERR: out of memory");
    CHECK_STR(CALL("untilStep", I64_(INT64_MIN), I64_(INT64_MAX), I_(1)), "ERR: out of memory");
    CHECK_STR(CALL("repeat", I64_(1000000000), S_("x")), "ERR: out of memory");
    CHECK_STR(CALL("indent", I64_(1000000000), S_("x")), "ERR: out of memory");
    CHECK_STR(CALL("repeat", I64_(INT64_MAX), S_("")), "");
    CHECK_STR(CALL("round", F_(-2.5), I_(0)), "-3");
    CHECK_STR(CALL("atoi", S_("99999999999999999999")), "9223372036854775807");
    CHECK_STR(CALL("mustRegexMatch", S_("a**?"), S_("a")), "ERR: error parsing regexp: invalid nested repetition operator: `**?`");
    CHECK_STR(CALL("mustRegexMatch", S_("\\xZ1"), S_("a")), "ERR: error parsing regexp: invalid escape sequence: `\\xZ1`");
    CHECK_STR(CALL("regexFind", S_("("), S_("a")), "ERR: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`");
    CHECK_STR(CALL("regexMatch", S_("(a+)+$"), S_("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")), "false");
    CHECK_STR(CALL("regexReplaceAll", S_("a(x*)b"), S_("-ab-axxb-"), S_("$1W")), "---");
    CHECK_STR(CALL("regexReplaceAll", S_("a*"), S_("baaac"), S_("-")), "-b-c-");
    CHECK_STR(CALL("regexSplit", S_("a*"), S_("baaac"), I_(-1)), "[b c]");
    CHECK_STR(CALL("regexFindAll", S_(""), S_("abc"), I_(-1)), "[   ]");
    CHECK_STR(CALL("typeIsLike", S_("int"), I_(1)), "true");
    CHECK_STR(CALL("default", S_("d"), L_(0)), "d");
}

int main(void)
{
    arena_init(&call_arena);
    test_cast();
    test_others();
    test_strings();
    arena_free(&call_arena);
    return CHECK_DONE();
}
