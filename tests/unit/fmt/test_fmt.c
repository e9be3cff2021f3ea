/*
 * test_fmt.c - Go's strconv/fmt formatting, checked against tables of
 * facts taken from Go's own tests (strconv/ftoa_test.go, fmt/fmt_test.go)
 * and outputs observed from the reference helm, plus a round-trip property
 * test of the shortest float formatting over many pseudo-random doubles.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "value/fmt.h"

static Arena A;
static Buf out;

/* ---- value constructors ---- */
static Value I(int64_t i) { return val_int(i); }
static Value I64(int64_t i) { return val_int64(i); }
static Value Ityp(int64_t i, GoType t) { Value v = val_int(i); v.gtype = (uint8_t)t; return v; }
static Value U(uint64_t u, GoType t) { Value v = val_int(0); v.gtype = (uint8_t)t; v.u.u = u; return v; }
static Value F(double f) { return val_float(f); }
static Value F32(float f) { Value v = val_float(f); v.gtype = GT_FLOAT32; return v; }
static Value S(const char *s) { return val_cstr(&A, s); }
static Value SN(const char *s, size_t n) { return val_strn(&A, s, n); }
static Value BY(const char *s, size_t n) { Value v = val_strn(&A, s, n); v.gtype = GT_BYTES; return v; }
static Value B(bool b) { return val_bool(b); }
static Value NIL(void) { return val_nil(); }
static Value L(int n, ...);
static Value LS2(const char *a, const char *b)
{
    Value l = L(2, S(a), S(b));
    l.gtype = GT_LIST_STRING;
    return l;
}

static Value L(int n, ...)
{
    va_list ap;
    List *l = list_new(&A, (size_t)n);
    va_start(ap, n);
    for (int i = 0; i < n; i++) list_push(&A, l, va_arg(ap, Value));
    va_end(ap);
    return val_list(l);
}

/* M(n, "k1", v1, "k2", v2 ...) */
static Value M(int n, ...)
{
    va_list ap;
    Map *m = map_new(&A, (size_t)n);
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *k = va_arg(ap, const char *);
        map_sets(&A, m, k, va_arg(ap, Value));
    }
    va_end(ap);
    return val_map(m);
}

/* ---- helpers returning the formatted text ---- */
static const char *ff(double f, char fmt, int prec, int bits)
{
    buf_clear(&out);
    fmt_float(&out, f, fmt, prec, bits);
    return out.data ? out.data : "";
}

static const char *pv(Value v)
{
    buf_clear(&out);
    fmt_value(&out, v);
    return out.data ? out.data : "";
}

static const char *pfn(const char *f, int argc, const Value *argv)
{
    buf_clear(&out);
    fmt_printf(&out, f, strlen(f), argc, argv);
    return out.data ? out.data : "";
}

#define PF(want, f, ...) do { \
    Value args_[] = {__VA_ARGS__}; \
    CHECK_STR(pfn(f, (int)(sizeof args_ / sizeof *args_), args_), want); \
} while (0)
#define PF0(want, f) CHECK_STR(pfn(f, 0, NULL), want)

static const char *pq(const char *s, size_t n)
{
    buf_clear(&out);
    fmt_quote(&out, s, n);
    return out.data ? out.data : "";
}

/* ---- strconv.FormatFloat ---- */
typedef struct { double f; char fmt; int prec; const char *s; } FT;

static const FT ftoa[] = {
    {1, 'e', 5, "1.00000e+00"}, {1, 'f', 5, "1.00000"}, {1, 'g', 5, "1"}, {1, 'g', -1, "1"},
    {1, 'x', -1, "0x1p+00"}, {1, 'x', 5, "0x1.00000p+00"},
    {20, 'g', -1, "20"}, {20, 'x', -1, "0x1.4p+04"},
    {1234567.8, 'g', -1, "1.2345678e+06"}, {1234567.8, 'x', -1, "0x1.2d687cccccccdp+20"},
    {200000, 'g', -1, "200000"}, {200000, 'x', -1, "0x1.86ap+17"}, {200000, 'X', -1, "0X1.86AP+17"},
    {2000000, 'g', -1, "2e+06"},
    {400, 'g', 2, "4e+02"}, {40, 'g', 2, "40"}, {4, 'g', 2, "4"}, {.4, 'g', 2, "0.4"},
    {.04, 'g', 2, "0.04"}, {.004, 'g', 2, "0.004"}, {.0004, 'g', 2, "0.0004"},
    {.00004, 'g', 2, "4e-05"}, {.000004, 'g', 2, "4e-06"},
    {0, 'e', 5, "0.00000e+00"}, {0, 'f', 5, "0.00000"}, {0, 'g', 5, "0"}, {0, 'g', -1, "0"},
    {0, 'x', 5, "0x0.00000p+00"},
    {-1, 'e', 5, "-1.00000e+00"}, {-1, 'f', 5, "-1.00000"}, {-1, 'g', 5, "-1"}, {-1, 'g', -1, "-1"},
    {12, 'e', 5, "1.20000e+01"}, {12, 'f', 5, "12.00000"}, {12, 'g', 5, "12"}, {12, 'g', -1, "12"},
    {123456700, 'e', 5, "1.23457e+08"}, {123456700, 'f', 5, "123456700.00000"},
    {123456700, 'g', 5, "1.2346e+08"}, {123456700, 'g', -1, "1.234567e+08"},
    {1.2345e6, 'e', 5, "1.23450e+06"}, {1.2345e6, 'f', 5, "1234500.00000"}, {1.2345e6, 'g', 5, "1.2345e+06"},
    {1e23, 'e', 17, "9.99999999999999916e+22"}, {1e23, 'f', 17, "99999999999999991611392.00000000000000000"},
    {1e23, 'g', 17, "9.9999999999999992e+22"},
    {1e23, 'e', -1, "1e+23"}, {1e23, 'f', -1, "100000000000000000000000"}, {1e23, 'g', -1, "1e+23"},
    {99999999999999974834176.0, 'e', 17, "9.99999999999999748e+22"},
    {99999999999999974834176.0, 'f', 17, "99999999999999974834176.00000000000000000"},
    {99999999999999974834176.0, 'g', 17, "9.9999999999999975e+22"},
    {99999999999999974834176.0, 'e', -1, "9.999999999999997e+22"},
    {99999999999999974834176.0, 'f', -1, "99999999999999970000000"},
    {99999999999999974834176.0, 'g', -1, "9.999999999999997e+22"},
    {100000000000000008388608.0, 'e', 17, "1.00000000000000008e+23"},
    {100000000000000008388608.0, 'f', 17, "100000000000000008388608.00000000000000000"},
    {100000000000000008388608.0, 'g', 17, "1.0000000000000001e+23"},
    {100000000000000008388608.0, 'e', -1, "1.0000000000000001e+23"},
    {100000000000000008388608.0, 'f', -1, "100000000000000010000000"},
    {100000000000000008388608.0, 'g', -1, "1.0000000000000001e+23"},
    {5e-324, 'g', -1, "5e-324"}, {-5e-324, 'g', -1, "-5e-324"},
    {32, 'g', -1, "32"}, {32, 'g', 0, "3e+01"},
    {100, 'x', -1, "0x1.9p+06"}, {100, 'y', -1, "%y"},
    {-1, 'b', -1, "-4503599627370496p-52"},
    {0.9, 'f', 1, "0.9"}, {0.09, 'f', 1, "0.1"}, {0.0999, 'f', 1, "0.1"}, {0.05, 'f', 1, "0.1"},
    {0.05, 'f', 0, "0"}, {0.5, 'f', 1, "0.5"}, {0.5, 'f', 0, "0"}, {1.5, 'f', 0, "2"},
    {2.2250738585072012e-308, 'g', -1, "2.2250738585072014e-308"},
    {2.2250738585072011e-308, 'g', -1, "2.225073858507201e-308"},
    {383260575764816448.0, 'f', 0, "383260575764816448"},
    {383260575764816448.0, 'g', -1, "3.8326057576481645e+17"},
    {498484681984085570.0, 'f', -1, "498484681984085570"},
    {-5.8339553793802237e+23, 'g', -1, "-5.8339553793802237e+23"},
    {2.275555555555555, 'x', -1, "0x1.23456789abcdep+01"}, {2.275555555555555, 'x', 0, "0x1p+01"},
    {2.275555555555555, 'x', 2, "0x1.23p+01"}, {2.275555555555555, 'x', 16, "0x1.23456789abcde000p+01"},
    {2.275555555555555, 'x', 21, "0x1.23456789abcde00000000p+01"},
    {2.2755555510520935, 'x', -1, "0x1.2345678p+01"}, {2.2755555510520935, 'x', 6, "0x1.234568p+01"},
    {2.275555431842804, 'x', -1, "0x1.2345668p+01"}, {2.275555431842804, 'x', 6, "0x1.234566p+01"},
    {3.999969482421875, 'x', -1, "0x1.ffffp+01"}, {3.999969482421875, 'x', 4, "0x1.ffffp+01"},
    {3.999969482421875, 'x', 3, "0x1.000p+02"}, {3.999969482421875, 'x', 2, "0x1.00p+02"},
    {3.999969482421875, 'x', 1, "0x1.0p+02"}, {3.999969482421875, 'x', 0, "0x1p+02"},
    /* %v thresholds as helm prints YAML floats (spec 3.2) */
    {100000, 'g', -1, "100000"}, {1000000, 'g', -1, "1e+06"}, {123456789, 'g', -1, "1.23456789e+08"},
    {1234567.5, 'g', -1, "1.2345675e+06"}, {123456.5, 'g', -1, "123456.5"},
    {0.0001, 'g', -1, "0.0001"}, {0.00001, 'g', -1, "1e-05"}, {1.0, 'g', -1, "1"},
    {999999, 'g', -1, "999999"}, {999999.9, 'g', -1, "999999.9"}, {1e21, 'g', -1, "1e+21"},
    {1e-7, 'g', -1, "1e-07"}, {1e20, 'g', -1, "1e+20"}, {1.5e20, 'g', -1, "1.5e+20"},
    {1.2e-5, 'g', -1, "1.2e-05"}, {6.02e23, 'g', -1, "6.02e+23"},
    {9223372036854775807.0, 'g', -1, "9.223372036854776e+18"},
    {18446744073709551615.0, 'g', -1, "1.8446744073709552e+19"},
    {0.1 + 0.2, 'g', -1, "0.30000000000000004"}, {0.1, 'g', -1, "0.1"}, {1.0 / 3, 'g', -1, "0.3333333333333333"},
    {2.0 / 3, 'g', -1, "0.6666666666666666"}, {1e100, 'g', -1, "1e+100"}, {1e-100, 'g', -1, "1e-100"},
    {1.7976931348623157e308, 'g', -1, "1.7976931348623157e+308"},
    {2.2250738585072014e-308, 'g', -1, "2.2250738585072014e-308"},
    {4.9406564584124654e-324, 'e', -1, "5e-324"}, {1e-323, 'g', -1, "1e-323"},
    {9007199254740992.0, 'g', -1, "9.007199254740992e+15"}, {9007199254740993.0, 'g', -1, "9.007199254740992e+15"},
    {123456789012345680.0, 'g', -1, "1.2345678901234568e+17"}, {3.14159, 'g', -1, "3.14159"},
    /* shortest ties go to the even digit (observed in helm) */
    {812294677198566.75, 'g', -1, "8.122946771985668e+14"}, {576386166258537.75, 'g', -1, "5.763861662585378e+14"},
    {812294677198566.25, 'g', -1, "8.122946771985662e+14"}, {1125899906842624.5, 'g', -1, "1.1258999068426245e+15"},
    {-0.0, 'g', -1, "-0"}, {-0.0, 'e', -1, "-0e+00"}, {-0.0, 'f', 2, "-0.00"}, {-0.0, 'e', 2, "-0.00e+00"},
    {-1e-9, 'f', 6, "-0.000000"},
    /* shortest in other formats */
    {1e21, 'f', -1, "1000000000000000000000"}, {1e-7, 'f', -1, "0.0000001"}, {123.456, 'e', -1, "1.23456e+02"},
    {123.456, 'E', -1, "1.23456E+02"}, {1e6, 'G', -1, "1E+06"}, {0.000012345, 'f', -1, "0.000012345"},
    /* fixed precision, rounding half to even on exact ties */
    {2.5, 'f', 0, "2"}, {3.5, 'f', 0, "4"}, {0.125, 'f', 2, "0.12"}, {0.375, 'f', 2, "0.38"},
    {1.005, 'f', 2, "1.00"}, {2.675, 'f', 2, "2.67"}, {1e-10, 'f', 3, "0.000"}, {123456.789, 'f', 1, "123456.8"},
    {9.99, 'e', 1, "1.0e+01"}, {9.99, 'g', 2, "10"}, {99.99, 'g', 3, "100"}, {999.5, 'g', 3, "1e+03"},
    {1e300, 'e', 3, "1.000e+300"}, {1e-300, 'E', 3, "1.000E-300"}, {0.1, 'e', 20, "1.00000000000000005551e-01"},
    {0.1, 'f', 30, "0.100000000000000005551115123126"}, {0.1, 'g', 20, "0.10000000000000000555"},
    {1e15, 'g', 15, "1e+15"}, {1e14, 'g', 15, "100000000000000"}, {123456, 'g', 6, "123456"},
    {1234567, 'g', 6, "1.23457e+06"}, {0.0001234, 'g', 3, "0.000123"}, {0.00001234, 'g', 3, "1.23e-05"},
    {1, 'b', -1, "4503599627370496p-52"}, {5e-324, 'b', -1, "1p-1074"}, {0, 'b', -1, "0p-1074"},
    {1, 'X', 3, "0X1.000P+00"}, {5e-324, 'x', -1, "0x1p-1074"}, {1.7976931348623157e308, 'x', -1, "0x1.fffffffffffffp+1023"},
};

static void test_ftoa(void)
{
    for (size_t i = 0; i < sizeof ftoa / sizeof *ftoa; i++) {
        const FT *t = &ftoa[i];
        CHECK_STR(ff(t->f, t->fmt, t->prec, 64), t->s);
        /* the same text at bitSize 32 when the value is a float32 and
         * its shortest form is short enough to be float32's too */
        int nd = 0;
        for (const char *p = t->s; *p && *p != 'e' && *p != 'E'; p++) nd += *p >= '0' && *p <= '9';
        if ((double)(float)t->f == t->f && t->fmt != 'b' && t->fmt != 'x' && t->fmt != 'X' &&
            fabs(t->f) > 1e-30 && fabs(t->f) < 1e30 && (t->prec >= 0 || nd <= 7))
            CHECK_STR(ff(t->f, t->fmt, t->prec, 32), t->s);
    }
    CHECK_STR(ff(NAN, 'g', -1, 64), "NaN");
    CHECK_STR(ff(-NAN, 'g', -1, 64), "NaN");
    CHECK_STR(ff(INFINITY, 'g', -1, 64), "+Inf");
    CHECK_STR(ff(-INFINITY, 'g', -1, 64), "-Inf");
    CHECK_STR(ff(INFINITY, 'f', 3, 32), "+Inf");
    CHECK_STR(ff(1, 'b', -1, 32), "8388608p-23");
    /* float32 shortest uses float32's own spacing */
    CHECK_STR(ff(0.1f, 'g', -1, 32), "0.1");
    CHECK_STR(ff(0.1f, 'g', -1, 64), "0.10000000149011612");
    CHECK_STR(ff(16777216.0f, 'g', -1, 32), "1.6777216e+07");
    CHECK_STR(ff(3.4028234663852886e38, 'g', -1, 32), "3.4028235e+38");
    CHECK_STR(ff(1.4e-45, 'g', -1, 32), "1e-45");
    CHECK_STR(ff(1234.5678e3f, 'g', -1, 32), "1.2345678e+06");
    CHECK_STR(ff(-1e-9f, 'g', -1, 32), "-1e-09");
    CHECK_STR(ff(1.2345678f, 'g', -1, 32), "1.2345678");
    CHECK_STR(ff(339.7784f, 'g', -1, 32), "339.7784");
    CHECK_STR(ff(-5.09e25f, 'g', -1, 32), "-5.09e+25");
    /* huge precisions pad with zeros past the exact expansion */
    CHECK_INT(strlen(ff(1, 'f', 2000, 64)), 2002);
    CHECK_INT(strlen(ff(1, 'e', 1000, 64)), 1006);
    CHECK_STR(ff(5e-324, 'e', 3, 64), "4.941e-324");
}

/* Every power of ten: shortest digits "1"; %v (= 'g', -1) is plain for
 * decimal exponents -4..5 and exponent form otherwise (eprec 6), with at
 * least two exponent digits - the rule helm shows for 1e+06 and 1e-05. */
static void test_powers_of_ten(void)
{
    char want[64], in[32];
    for (int k = -323; k <= 308; k++) {
        snprintf(in, sizeof in, "1e%d", k);
        double d = strtod(in, NULL);
        if (k < -4 || k >= 6) snprintf(want, sizeof want, "1e%c%02d", k < 0 ? '-' : '+', k < 0 ? -k : k);
        else if (k < 0) snprintf(want, sizeof want, "0.%0*d", -k, 1);
        else snprintf(want, sizeof want, "1%0*d", k, 0);
        if (k == 0) strcpy(want, "1");
        CHECK_STR(ff(d, 'g', -1, 64), want);
        snprintf(want, sizeof want, "1e%c%02d", k < 0 ? '-' : '+', k < 0 ? -k : k);
        CHECK_STR(ff(d, 'e', -1, 64), want);
        if (k >= -37 && k <= 38) {
            float g = strtof(in, NULL);
            CHECK_STR(ff(g, 'e', -1, 32), want);
        }
    }
    /* f with -1 pads the shortest digits with zeros (toJson shows 9223372036854776000) */
    CHECK_STR(ff(ldexp(1, 60), 'f', -1, 64), "1152921504606847000");
    CHECK_STR(ff(ldexp(1, 70), 'g', -1, 64), "1.1805916207174113e+21");
    CHECK_STR(ff(ldexp(1, -1074), 'g', -1, 64), "5e-324");
    CHECK_STR(ff(ldexp(3, -1074), 'g', -1, 64), "1.5e-323");
    CHECK_STR(ff(ldexp(1, -1022), 'g', -1, 64), "2.2250738585072014e-308");
    CHECK_STR(ff(ldexp(1, -1022) - ldexp(1, -1074), 'g', -1, 64), "2.225073858507201e-308");
    CHECK_STR(ff(ldexp(1, -149), 'g', -1, 32), "1e-45");
    CHECK_STR(ff(ldexp(1, -126), 'g', -1, 32), "1.1754944e-38");
    CHECK_STR(ff(ldexp(1, 24) + 2, 'g', -1, 32), "1.6777218e+07");
    /* exponent thresholds of %v around 1e-5 and 1e6 */
    CHECK_STR(ff(0.00009999, 'g', -1, 64), "9.999e-05");
    CHECK_STR(ff(0.0001, 'g', -1, 64), "0.0001");
    CHECK_STR(ff(999999.999, 'g', -1, 64), "999999.999");
    CHECK_STR(ff(1000000.5, 'g', -1, 64), "1.0000005e+06");
    CHECK_STR(ff(-123456.75, 'g', -1, 64), "-123456.75");
    CHECK_STR(ff(1e6, 'G', -1, 64), "1E+06");
}

/* Shortest output must parse back to the same double and never be longer
 * than 17 digits; a shorter correctly-rounded form must not round-trip. */
static void test_shortest_random(void)
{
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        double d;
        uint64_t bits = x;
        if (i % 3 == 0) bits = (x & 0x000FFFFFFFFFFFFFULL) | ((uint64_t)(1023 + (int)(x >> 58) - 32) << 52);
        memcpy(&d, &bits, sizeof d);
        if (isnan(d) || isinf(d)) continue;
        const char *s = ff(d, 'e', -1, 64);
        if (strtod(s, NULL) != d) bad++;
        int nd = 0;
        for (const char *p = s; *p && *p != 'e'; p++) nd += *p >= '0' && *p <= '9';
        if (nd > 17) bad++;
        if (nd > 1) {
            char t[64];
            snprintf(t, sizeof t, "%.*e", nd - 2, d);
            if (strtod(t, NULL) == d) bad++;
        }
        float g = (float)d;
        if (!isinf(g)) {
            s = ff(g, 'g', -1, 32);
            if (strtof(s, NULL) != g) bad++;
        }
    }
    CHECK_INT(bad, 0);
}

/* ---- %v of values ---- */
static void test_value(void)
{
    CHECK_STR(pv(NIL()), "<nil>");
    CHECK_STR(pv(B(true)), "true");
    CHECK_STR(pv(I(-42)), "-42");
    CHECK_STR(pv(U(18446744073709551615ULL, GT_UINT64)), "18446744073709551615");
    CHECK_STR(pv(Ityp(-128, GT_INT8)), "-128");
    CHECK_STR(pv(F(1e6)), "1e+06");
    CHECK_STR(pv(F(3)), "3");
    CHECK_STR(pv(F(-0.0)), "-0");
    CHECK_STR(pv(F32(1.2345678f)), "1.2345678");
    CHECK_STR(pv(S("héllo")), "héllo");
    CHECK_STR(pv(BY("hi", 2)), "[104 105]");
    CHECK_STR(pv(BY("", 0)), "[]");
    CHECK_STR(pv(L(0)), "[]");
    CHECK_STR(pv(L(4, I(1), S("hello"), F(2.5), NIL())), "[1 hello 2.5 <nil>]");
    CHECK_STR(pv(M(0)), "map[]");
    CHECK_STR(pv(M(3, "b", I(2), "a", F(1e21), "c", NIL())), "map[a:1e+21 b:2 c:<nil>]");
    CHECK_STR(pv(M(2, "z", L(2, M(1, "k", NIL()), L(0)), "B", B(false))), "map[B:false z:[map[k:<nil>] []]]");
    CHECK_STR(pv(L(1, BY("ab", 2))), "[[97 98]]");
    Value bf[] = {S("<"), I(1), S(">:"), I(1), I(2), I(3), S("!")};
    buf_clear(&out);
    fmt_print(&out, 7, bf);
    CHECK_STR(out.data, "<1>:1 2 3!");
    buf_clear(&out);
    fmt_println(&out, 7, bf);
    CHECK_STR(out.data, "< 1 >: 1 2 3 !\n");
    Value pn[] = {NIL(), NIL(), BY("a", 1), BY("b", 1), F(1), S("x")};
    buf_clear(&out);
    fmt_print(&out, 6, pn);
    CHECK_STR(out.data, "<nil> <nil> [97] [98] 1x");
    buf_clear(&out);
    fmt_print(&out, 0, NULL);
    CHECK_STR(out.data ? out.data : "", "");
}

/* ---- strconv.Quote ---- */
static void test_quote(void)
{
    CHECK_STR(pq("", 0), "\"\"");
    CHECK_STR(pq("abc", 3), "\"abc\"");
    CHECK_STR(pq("\a\b\f\n\r\t\v\"\\", 9), "\"\\a\\b\\f\\n\\r\\t\\v\\\"\\\\\"");
    CHECK_STR(pq("\x01\x7f", 2), "\"\\x01\\x7f\"");
    CHECK_STR(pq("abc\xff" "def", 7), "\"abc\\xffdef\"");
    CHECK_STR(pq("\xe2\x98", 2), "\"\\xe2\\x98\"");
    CHECK_STR(pq("\xed\xa0\x80", 3), "\"\\xed\\xa0\\x80\"");   /* surrogate bytes */
    CHECK_STR(pq("\xc0\x80", 2), "\"\\xc0\\x80\"");            /* overlong */
    CHECK_STR(pq("日本語", strlen("日本語")), "\"日本語\"");
    CHECK_STR(pq("\xc2\xa0", 2), "\"\\u00a0\"");               /* NBSP: graphic, not print */
    CHECK_STR(pq("\xc2\xad", 2), "\"\\u00ad\"");
    CHECK_STR(pq("\xe2\x80\xa8", 3), "\"\\u2028\"");
    CHECK_STR(pq("\xef\xbb\xbf", 3), "\"\\ufeff\"");
    CHECK_STR(pq("\xf4\x8f\xbf\xbf", 4), "\"\\U0010ffff\"");
    CHECK_STR(pq("\xef\xbf\xbd", 3), "\"\xef\xbf\xbd\"");      /* a real U+FFFD is printable */
    CHECK_STR(pq("\xf0\x9f\xab\xa9", 4), "\"\\U0001fae9\"");   /* Unicode 16: not yet */
    CHECK_STR(pq("\xe0\xbb\x8e", 3), "\"\xe0\xbb\x8e\"");      /* U+0ECE, Unicode 15 */
    CHECK_STR(pq("\xf0\xae\xaf\xb0", 4), "\"\\U0002ebf0\"");   /* Unicode 15.1: not yet */
    CHECK_STR(pq("\xe3\x87\xaf", 3), "\"\\u31ef\"");
    CHECK_STR(pq("\xf0\x9f\x98\x80", 4), "\"\xf0\x9f\x98\x80\"");
    CHECK_STR(pq("a\0b", 3), "\"a\\x00b\"");
    CHECK_STR(pq("\xe3\x80\x80", 3), "\"\\u3000\"");
}

/* ---- Printf ---- */
static void test_printf_basic(void)
{
    PF("%!z(int=    1)", "%5z", I(1));
    PF("%!z(int=+2)", "%+z", I(2));
    PF("[%!s(int=1) <nil> a]", "%s", L(3, I(1), NIL(), S("a")));
    PF("map[%!d(string=a):%!d(string=x) %!d(string=b):%!d(float64=2.5)]", "%d", M(2, "a", S("x"), "b", F(2.5)));
    PF("[map[k:<nil>] []]", "%v", L(2, M(1, "k", NIL()), L(0)));
    PF("1 2%!(EXTRA int=3, string=x, <nil>)", "%d %d", I(1), I(2), I(3), S("x"), NIL());
    PF("2 1|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)", "%[2]d %[1]d|%[3]d|%[0]d|%[x]d", I(1), I(2));
    PF("    1|002|7   |%!(BADWIDTH)9", "%*d|%.*d|%-*d|%*d", I(5), I(1), I(3), I(2), I(-4), I(7), S("x"), I(9));
    PF0("%!(NOVERB)", "%");
    PF0("abc%!(NOVERB)", "abc%-");
    PF("%!(NOVERB)%!(EXTRA int=3)", "%5.2", I(3));
    PF("\xef\xbf\xbd|A|\xef\xbf\xbd|U+0041|U+2603 '\xe2\x98\x83'|U+0007|'A'|'\xef\xbf\xbd'|\"a`b\"|`ab`|\"\\u00e9\"",
       "%c|%c|%c|%U|%#U|%#U|%q|%q|%#q|%#q|%+q", I(-1), I(65), I(1114112), I(65), I(9731), I(7), I(65), I(-5),
       S("a`b"), S("ab"), S("é"));
    PF("0x1.4p+01|-0X1P+00|%!e(int=3)|float64|string      |int|  3.14|+1.235e+04| 5|+5|-ff",
       "%x|%X|%e|%T|%-12T|%.3T|%6.2f|%+.3e|% d|%+d|%x", F(2.5), F(-1.0), I(3), F(1.5), S("s"), I(1),
       F(3.14159), F(12345.678), I(5), I(5), I(-255));
    PF("10|0o10|101|0b101|010|0xff|0XFF|     007|7       |+0000007| 0000007",
       "%o|%O|%b|%#b|%#o|%#x|%#X|%08.3d|%-08d|%+08d|% 08d", I(8), I(8), I(5), I(5), I(8), I(255), I(255),
       I(7), I(7), I(7), I(7));
    PF("000ab|5    |0000A|1|1e+06|0x1.cp+01|00\"a\"|%|true |false",
       "%05s|%-05d|%05c|%#v|%#v|%x|%05q|%5%|%-5t|%05t", S("ab"), I(5), I(65), F(1.0), F(1e6), F(3.5), S("a"),
       B(true), B(false));
    PF("%!w(int=5)|%!w(map[string]interface {}=map[string]interface {}{})|%!w(string=    s)|%!w(<nil>)",
       "%w|%#w|%5w|%w", I(5), M(0), S("s"), NIL());
    PF("0x1.0000p+00|1.00000|1.00e+05|2.000000e+00|3.000000|0.00000|1.00000e-07|5.|5.e+00",
       "%#x|%#g|%#.3g|%#e|%#f|%#g|%#g|%#.0f|%#.0e", F(1.0), F(1.0), F(100000.0), F(2.0), F(3.0), F(0.0),
       F(1e-7), F(5.0), F(5.0));
    PF("5    |5    |002.5|-2.50   |-0002.50|+0002.50|-1.000000|-0000001",
       "%-05d|%0-5d|%05.1f|%-08.2f|%08.2f|%+08.2f|%08f|%08v", I(5), I(5), F(2.5), F(-2.5), F(-2.5), F(2.5),
       F(-1.0), F(-1.0));
    PF("%!.(int=3)", "%.", I(3));
    PF("%!\xc3\xa4(int=1)|%!\xc3\x84(MISSING)", "%\xc3\xa4|%\xc3\x84", I(1));
    PF0("%|%|%", "%5%|%-5%|%[3]%");
    Value e = BY("", 0);
    PF("[]|[]uint8|||[]|\"\"|[]|[]byte{}", "%v|%T|%s|%x|%d|%q|%o|%#v", e, e, e, e, e, e, e, e);
    PF("[[]]|[]interface {}{[]uint8{}}|[]| true", "%v|%#v|%t|%5t", L(1, e), L(1, e), e, B(true));
}

static void test_printf_gofacts(void)
{
    /* from Go's fmt_test.go */
    PF("abc", "%s", BY("abc", 3));
    PF("\"abc\"", "%q", BY("abc", 3));
    PF("616263", "%x", BY("abc", 3));
    PF("fff00fff", "%x", BY("\xff\xf0\x0f\xff", 4));
    PF("FFF00FFF", "%X", BY("\xff\xf0\x0f\xff", 4));
    PF("", "%x", BY("", 0));
    PF("", "% x", BY("", 0));
    PF("", "%#x", BY("", 0));
    PF("78 79 7a", "% x", BY("xyz", 3));
    PF("0x78797a", "%#x", BY("xyz", 3));
    PF("0X78 0X79 0X7A", "%# X", BY("xyz", 3));
    PF("\"\"", "%q", S(""));
    PF("``", "%#q", S(""));
    PF("\"\\\"\"", "%q", S("\""));
    PF("`\"`", "%#q", S("\""));
    PF("\"`\"", "%#q", S("`"));
    PF("\"\\n\"", "%#q", S("\n"));
    PF("`\\n`", "%#q", S("\\n"));
    PF("\"\\u65e5\\u672c\\u8a9e\"", "%+q", S("日本語"));
    PF("`日本語`", "%#+q", S("日本語"));
    PF("\"☺\"", "% q", S("☺"));
    PF("\"\\u263a\"", "%+q", S("☺"));
    PF("       \"⌘\"", "%10q", S("⌘"));
    PF("  \"\\u2318\"", "%+10q", S("⌘"));
    PF("\"⌘\"       ", "%-10q", S("⌘"));
    PF("0000000\"⌘\"", "%010q", S("⌘"));
    PF("00\"\\u2318\"", "%+010q", S("⌘"));
    PF("\"⌘\"       ", "%-010q", S("⌘"));
    PF("    \"\\n\"", "%#8q", S("\n"));
    PF("`\t`     ", "%#-8q", S("\t"));
    PF("\"\\b\"    ", "%#+-8q", S("\b"));
    PF("\"abc\\xffdef\"", "%#+q", S("abc\xff" "def"));
    PF("\"\\U0010ffff\"", "%+q", S("\xf4\x8f\xbf\xbf"));
    PF("`\xf4\x8f\xbf\xbf`", "%#q", S("\xf4\x8f\xbf\xbf"));
    PF("x", "%c", U('x', GT_UINT));
    PF("ä", "%c", I(0xe4));
    PF("  ⌘", "%3c", Ityp(0x2318, GT_INT32));
    PF("⌘  ", "%-3c", Ityp(0x2318, GT_INT32));
    PF("⌘", "%.0c", Ityp(0x2318, GT_INT32));
    PF("\xef\xbf\xbd", "%c", I(0xDC80));
    PF("\xef\xbf\xbd", "%c", I64(0xFFFFFFFFF));
    PF("'\\x00'", "%q", U(0, GT_UINT));
    PF("'\"'", "%q", Ityp('"', GT_INT32));
    PF("'\\''", "%q", Ityp('\'', GT_INT32));
    PF("'`'", "%+q", Ityp('`', GT_INT32));
    PF("'\\u00ff'", "%+q", Ityp(0xff, GT_INT32));
    PF("'\\n'", "%q", Ityp('\n', GT_INT32));
    PF("  '\\u2318'", "%+10q", Ityp(0x2318, GT_INT32));
    PF("0000000'⌘'", "%010q", Ityp(0x2318, GT_INT32));
    PF("'\\u0e00'", "%q", Ityp(0xe00, GT_INT32));
    PF("'\\U0010ffff'", "%q", Ityp(0x10ffff, GT_INT32));
    PF("'\xef\xbf\xbd'", "%q", I(0xDC80));
    PF("'\xef\xbf\xbd'", "%q", I64(0xFFFFFFFFF));
    PF(" ☺", "%2s", S("\xe2\x98\xba"));
    PF("00abc", "%05s", BY("abc", 3));
    PF("日本語日本", "%.5s", S("日本語日本語"));
    PF("", "%.0s", BY("日本語日本語", strlen("日本語日本語")));
    PF("000\"abc\"", "%08q", BY("abc", 3));
    PF("\"abcde\"", "%.5q", S("abcdefghijklmnopqrstuvwxyz"));
    PF("6162636465", "%.5x", S("abcdefghijklmnopqrstuvwxyz"));
    PF("e6", "%.1x", S("日本語"));
    PF("E6", "%.1X", BY("日本語", strlen("日本語")));
    PF("       \"日\"", "%10.1q", S("日本語日本語"));
    PF("     <nil>", "%10v", NIL());
    PF("<nil>     ", "%-10v", NIL());
    PF("255", "%d", U(255, GT_UINT8));
    PF("18446744073709551615", "%d", U(~0ULL, GT_UINT64));
    PF("-9223372036854775808", "%d", I64(INT64_MIN));
    PF("", "%.d", I(0));
    PF("      ", "%6.0d", I(0));
    PF("      ", "%06.0d", I(0));
    PF("-110", "%b", I(-6));
    PF("-0b110", "%#b", I(-6));
    PF("-1000000000000000000000000000000000000000000000000000000000000000", "%b", I64(INT64_MIN));
    PF("-01234", "%#o", I(-01234));
    PF("-0o1234", "%O", I(-01234));
    PF("1777777777777777777777", "%o", U(~0ULL, GT_UINT64));
    PF("0X0", "%#X", I(0));
    PF("00000000000000000111", "%.20b", I(7));
    PF("-000012345", "%010d", I(-12345));
    PF("           -00001234", "%020.8d", I(-1234));
    PF("-00001234           ", "%-20.8d", I(-1234));
    PF("0x01234abc          ", "%-#20.8x", I(0x1234abc));
    PF("00001234            ", "%-#20.8o", I(01234));
    PF("00000000000000000000000000000000000000000000000000000000000000000001", "%068d", I(1));
    PF("-0000000000000000000000000000000000000000000000000000000000000000001", "%068d", I(-1));
    PF("0x0000000000000000000000000000000000000000000000000000000000000000002a", "%#.68x", I(42));
    PF("U+FFFFFFFFFFFFFFFF", "%U", I(-1));
    PF("U+000A", "%#U", I('\n'));
    PF("U+0078", "%+U", I('x'));
    PF("U+0078 'x'", "%# U", I('x'));
    PF("U+0078 'x'", "%#.2U", I('x'));
    PF("U+1D6C2 '\xf0\x9d\x9b\x82'", "%#U", I(0x1D6C2));
    PF("  U+002318 '⌘'", "%#14.6U", I(0x2318));
    PF("U+002318 '⌘'  ", "%#-14.6U", I(0x2318));
    PF("  U+002318 '⌘'", "%#014.6U", I(0x2318));
    PF("+0.000e+00", "%+.3e", F(0.0));
    PF("+0x0.000p+00", "%+.3x", F(0.0));
    PF("-1.000", "%+.3F", F32(-1.0f));
    PF("+001.00", "%+07.2f", F(1.0));
    PF("-001.00", "%+07.2f", F(-1.0));
    PF("1.00   ", "%-07.2f", F(1.0));
    PF("+1.00  ", "%+-07.2f", F(1.0));
    PF("     -1.00", "%+10.2f", F(-1.0));
    PF("-0X1.000P+00", "% .3X", F(-1.0));
    PF(" 0x1.000p+00", "% .3x", F(1.0));
    PF("+0", "%+.3g", F(0.0));
    PF(" 1", "% .3g", F(1.0));
    PF("8388608p-23", "%b", F32(1.0f));
    PF("1.00000e-323", "%#g", F(1e-323));
    PF("-1.00000", "%#g", F(-1.0));
    PF("1.10000", "%#g", F(1.1));
    PF("123456.", "%#g", F(123456.0));
    PF("1.234567e+06", "%#g", F(1234567.0));
    PF("1.23000e+06", "%#g", F(1230000.0));
    PF("1.e+00", "%#.0e", F(1.0));
    PF("0x1.p+00", "%#.0x", F(1.0));
    PF("1.", "%#.0g", F(1.0));
    PF("1.e+06", "%#.0g", F(1100000.0));
    PF("1.0000", "%#.4f", F(1.0));
    PF("1.000e+05", "%#.4g", F(100000.0));
    PF("0.1230", "%#.4g", F(0.123));
    PF("10.20", "%#.4g", F(10.2));
    PF("0.000", "%#.4g", F(0.0));
    PF("0.01200", "%#.4g", F(0.012));
    PF("0x1.ec00p+06", "%#.4x", F(123.0));
    PF("1.230e+05", "%#.4g", F(123000.0));
    PF("    1.000", "%#9.4g", F(1.0));
    PF("4503599627370496p-52", "%#b", F(1.0));
    PF("8388608p-23", "%.4b", F32(1.0f));
    PF("+Inf", "%f", F(INFINITY));
    PF("-Inf", "%.1f", F(-INFINITY));
    PF(" NaN", "% f", F(NAN));
    PF("                 Inf", "% 20F", F(INFINITY));
    PF("                -Inf", "% 20x", F(-INFINITY));
    PF("                +NaN", "% +20E", F(NAN));
    PF(" NaN                ", "% -20g", F(NAN));
    PF("                +Inf", "%+020e", F(INFINITY));
    PF("NaN                 ", "%-020X", F(NAN));
    PF("1.234568e-05", "%e", F(1234.5678e-8));
    PF("0.000012", "%f", F(1234.5678e-8));
    PF("-1e-09", "%g", F(-1e-9));
    PF("-1E-09", "%G", F32(-1e-9f));
    PF("1.2345678E+06", "%G", F32(1234.5678e3f));
    PF("  12345678901.234568", "%20f", F(12345678901.23456789));
    PF("          0.00123457", "%20.8f", F(1.23456789e-3));
    PF("1.23456789e+20", "%g", F(1.23456789e20));
    PF("[1000001 1000010 1000011]", "%b", BY("ABC", 3));
    PF("[A B C]", "%c", BY("ABC", 3));
    PF("[U+0041 U+0042 U+0043]", "%U", BY("ABC", 3));
    PF("[]", "%012v", BY("", 0));
    PF("[]byte{}", "%#012v", BY("", 0));
    PF("[     1     11    111]", "%6v", BY("\x01\x0b\x6f", 3));
    PF("[000001 000011 000111]", "%06v", BY("\x01\x0b\x6f", 3));
    PF("[1      11     111   ]", "%-06v", BY("\x01\x0b\x6f", 3));
    PF("[]byte{0x1, 0xb, 0x6f}", "%#v", BY("\x01\x0b\x6f", 3));
    PF("[]byte{   0x1,    0xb,   0x6f}", "%#6v", BY("\x01\x0b\x6f", 3));
    PF("[]byte{0x000001, 0x00000b, 0x00006f}", "%#06v", BY("\x01\x0b\x6f", 3));
    PF("[]byte{0x1   , 0xb   , 0x6f  }", "%#-6v", BY("\x01\x0b\x6f", 3));
    PF("[ 1  11  111]", "% v", BY("\x01\x0b\x6f", 3));
    PF("[]byte{ 0x1  ,  0xb  ,  0x6f }", "%# -6v", BY("\x01\x0b\x6f", 3));
    PF("[ 1      11     111  ]", "%# -6d", BY("\x01\x0b\x6f", 3));
    PF("[+1 +11 +111]", "%+d", BY("\x01\x0b\x6f", 3));
    PF("1.2345678", "%#v", F(1.2345678));
    PF("1e+06", "%#v", F32(1000000.0f));
    PF("0xffffffffffffffff", "%#v", U(~0ULL, GT_UINT64));
    PF("1000000000", "%#v", I(1000000000));
    PF("[]string{\"a\", \"b\"}", "%#v", LS2("a", "b"));
    PF("[]interface {}{1, \"hello\", 2.5, interface {}(nil)}", "%#v", L(4, I(1), S("hello"), F(2.5), NIL()));
    PF("map[string]interface {}{\"a\":1, \"b\":[]interface {}{}}", "%#v", M(2, "b", L(0), "a", F(1)));
    PF("\"foo\"", "%#v", S("foo"));
    PF("[0x1 0x2 0xf]", "%#x", L(3, I(1), I(2), I(15)));
    PF("[1 2 f]", "%x", L(3, I(1), I(2), I(15)));
    PF("[\"a\" \"b\"]", "%q", L(2, S("a"), S("b")));
    PF("01", "% 02x", BY("\x01", 1));
    PF("01 02 03", "% 02x", BY("\x01\x02\x03", 3));
    PF("  ", "%2x", BY("", 0));
    PF("00", "% 02x", BY("", 0));
    PF("  ", "%-02x", BY("", 0));
    PF("    0xab", "%#8x", BY("\xab", 1));
    PF("00000xab", "%#08x", BY("\xab", 1));
    PF("     ab cd", "% 10x", BY("\xab\xcd", 2));
    PF(" 0xab 0xcd", "%# 10x", BY("\xab\xcd", 2));
    PF("00xab 0xcd", "%# 010x", SN("\xab\xcd", 2));
    PF("0XAB 0XCD ", "%# -010X", SN("\xab\xcd", 2));
    PF("  ", "%#2x", S(""));
    PF("uint8", "%T", U(0, GT_UINT8));
    PF("     <nil>", "%10T", NIL());
    PF("%!p(int=27)", "%p", I(27));
    PF("%!p(<nil>)", "%p", NIL());
    PF("<nil>", "%#v", NIL());
    PF("%!(EXTRA <nil>)", "", NIL());
    PF("%!(EXTRA int=2)", "", I(2));
    PF("no args%!(EXTRA string=hello)", "no args", S("hello"));
    PF("hello %!(NOVERB)", "%s %", S("hello"));
    PF("hello %!(NOVERB)", "%s %.2", S("hello"));
    PF("%!(NOVERB)%!(EXTRA int=0)", "%017091901790959340919092959340919017929593813360", I(0));
    PF("%!(NOVERB)%!(EXTRA int=0)", "%184467440737095516170v", I(0));
    PF("%!(NOVERB)%!(EXTRA string=12345)", "%010.2", S("12345"));
    PF("abc  ", "%0-5s", S("abc"));
    PF("1.0  ", "%-05.1f", F(1.0));
    PF("[000010 000010]", "%06v", L(2, F(10.0), I(10)));
    PF("[-00010 000010]", "%06v", L(2, F(-10.0), I(10)));
    PF("[000001 002 00x]", "%03.6v", L(3, I(1), F(2.0), S("x")));
    PF("[    002 000]", "%03.0v", L(3, I(0), F(2.0), S("x")));
    PF("%!☠(<nil>)", "%☠", NIL());
    PF("%!☠(uint=0)", "%☠", U(0, GT_UINT));
    PF("[%!☠(uint8=0) %!☠(uint8=1)]", "%☠", BY("\0\1", 2));
    PF("%!☠(string=hello)", "%☠", S("hello"));
    PF("%!☠(float64=1.2345678)", "%☠", F(1.2345678));
    PF("%!☠(float32=1.2345678)", "%☠", F32(1.2345678f));
    PF("%!d(bool=true)", "%d", B(true));
    /* reordering */
    PF("1", "%[2]d", I(2), I(1));
    PF("    2", "%[2]*[1]d", I(2), I(5));
    PF(" 12.00", "%[3]*.[2]*[1]f", F(12.0), I(2), I(6));
    PF(" 12.00", "%[1]*.[2]*[3]f", I(6), I(2), F(12.0));
    PF(" 12.000000", "%[1]*[3]f", I(10), I(99), F(12.0));
    PF("12.000000", "%.[1]*[3]f", I(6), I(99), F(12.0));
    PF("    12", "%6.f", F(12.0));
    PF("    12", "%[1]*.[3]f", I(6), I(3), F(12.0));
    PF("11 12 13 013 014 015", "%d %d %d %#[1]o %#o %#o", I(11), I(12), I(13));
    PF("%!d(BADINDEX)", "%[d", I(2), I(1));
    PF("%!](int=2)d%!(EXTRA int=1)", "%]d", I(2), I(1));
    PF("%!d(BADINDEX)", "%[]d", I(2), I(1));
    PF("%!d(BADINDEX)", "%[-3]d", I(2), I(1));
    PF("%!d(BADINDEX)", "%[99]d", I(2), I(1));
    PF("%!(NOVERB)", "%[3]", I(2), I(1));
    PF("%!d(BADINDEX)", "%[1].2d", I(5), I(6));
    PF("%!d(BADINDEX)", "%[1]2d", I(2), I(1));
    PF("%!d(BADINDEX)", "%3.[2]d", I(7));
    PF("%!d(BADINDEX)", "%.[2]d", I(7));
    PF("11 12 13 013 014 015 %!o(MISSING)", "%d %d %d %#[1]o %#o %#o %#o", I(11), I(12), I(13));
    PF("%!d(BADINDEX) 2 3", "%[5]d %[2]d %d", I(1), I(2), I(3));
    PF("1 %!d(BADINDEX) 2", "%d %[3]d %d", I(1), I(2));
    PF0("%!](BADINDEX)", "%.[]");
    PF("%!-(int=42)3d", "%.-3d", I(42));
    PF("%!(NOVERB)%!(EXTRA int=42)", "%2147483648d", I(42));
    PF("%!(NOVERB)%!(EXTRA int=42)", "%-2147483648d", I(42));
    PF("%!(NOVERB)%!(EXTRA int=42)", "%.2147483648d", I(42));
    /* star arguments */
    PF("  42", "%*d", I(4), I(42));
    PF("42  ", "%-*d", I(4), I(42));
    PF("42  ", "%*d", I(-4), I(42));
    PF("42  ", "%-*d", I(-4), I(42));
    PF("0042", "%.*d", I(4), I(42));
    PF("    0042", "%*.*d", I(8), I(4), I(42));
    PF("0042", "%0*d", I(4), I(42));
    PF("0042", "%0*d", U(4, GT_UINT), I(42));
    PF("0042", "%0*d", U(4, GT_UINT64), I(42));
    PF("0042", "%0*d", Ityp(4, GT_INT32), I(42));
    PF("%!(BADWIDTH)42", "%*d", NIL(), I(42));
    PF("%!(BADWIDTH)42", "%*d", I(10000000), I(42));
    PF("%!(BADWIDTH)42", "%*d", I(-10000000), I(42));
    PF("%!(BADPREC)42", "%.*d", NIL(), I(42));
    PF("%!(BADPREC)42", "%.*d", I(-1), I(42));
    PF("%!(BADPREC)42", "%.*d", I(10000000), I(42));
    PF("%!(BADPREC)42", "%.*d", U(1ULL << 63, GT_UINT64), I(42));
    PF("%!(BADWIDTH)%!(BADPREC)42", "%*.*d", NIL(), NIL(), I(42));
    PF("%!d(MISSING)", "%*d", I(4));
    PF("%!(BADWIDTH)%!d(MISSING)", "%*d");
}

static Value CX(double re, double im, bool c64)
{
    Obj *o = ARENA_NEW(&A, Obj);
    double *d = arena_alloc(&A, 2 * sizeof(double));
    d[0] = re;
    d[1] = im;
    o->type = c64 ? &fmt_complex64_type : &fmt_complex128_type;
    o->data = d;
    return val_obj(o);
}

/* complex numbers, facts from Go's fmt_test.go */
static void test_complex(void)
{
    CHECK_STR(pv(CX(1, 2, false)), "(1+2i)");
    CHECK_STR(pv(CX(1, 7, false)), "(1+7i)");
    CHECK_STR(pv(CX(0, 1.5, false)), "(0+1.5i)");
    CHECK_STR(pv(CX(1, 2, true)), "(1+2i)");
    PF("(0+0i)", "%.f", CX(0, 0, false));
    PF("( 0+0i)", "% .f", CX(0, 0, false));
    PF("(+0+0i)", "%+.f", CX(0, 0, false));
    PF("(+0+0i)", "% +.f", CX(0, 0, false));
    PF("(+0.000e+00+0.000e+00i)", "%+.3e", CX(0, 0, false));
    PF("(+0x0.000p+00+0x0.000p+00i)", "%+.3x", CX(0, 0, false));
    PF("(+1.000+2.000i)", "%+.3f", CX(1, 2, false));
    PF("(0.000+0.000i)", "%.3F", CX(0, 0, true));
    PF("(1.000e+00+2.000e+00i)", "%.3e", CX(1, 2, false));
    PF("(-1.000-2.000i)", "%.3f", CX(-1, -2, false));
    PF("(-1-2i)", "%.3g", CX(-1, -2, false));
    PF("(-1.000E+00-2.000E+00i)", "% .3E", CX(-1, -2, false));
    PF("(-0X1.000P+00-0X1.000P+01i)", "% .3X", CX(-1, -2, false));
    PF("(+1+2i)", "%+.3g", CX(1, 2, true));
    PF("(1.00000+2.00000i)", "%#g", CX(1, 2, false));
    PF("(123456.+789012.i)", "%#g", CX(123456, 789012, false));
    PF("(0.00000+1.00000e-10i)", "%#g", CX(0, 1e-10, false));
    PF("(-1.00000e+10-1.11000e+100i)", "%#g", CX(-1e10, -1.11e100, false));
    PF("(1.+1.i)", "%#.0f", CX(1.23, 1.0, false));
    PF("(0.+1.e+05i)", "%#.0g", CX(0, 100000, false));
    PF("(      0.0000 +1.0000e+05i)", "%#12.5g", CX(0, 100000, false));
    PF("(  1.2300e+06     +0.0000i)", "%#12.5g", CX(1230000, 0, false));
    PF("(4503599627370496p-52+4503599627370496p-51i)", "%b", CX(1, 2, false));
    PF("(8388608p-23+8388608p-22i)", "%b", CX(1, 2, true));
    PF("(+Inf+Infi)", "%f", CX(INFINITY, INFINITY, false));
    PF("(NaN+NaNi)", "%f", CX(NAN, NAN, false));
    PF("( Inf+Infi)", "% f", CX(INFINITY, INFINITY, false));
    PF("(    +Inf    +Infi)", "%8e", CX(INFINITY, INFINITY, false));
    PF("( NaN    +NaN    i)", "% -8G", CX(NAN, NAN, false));
    PF("(    +Inf    +Infi)", "%08f", CX(INFINITY, INFINITY, false));
    PF("(-Inf    -Inf    i)", "%-08g", CX(-INFINITY, -INFINITY, false));
    PF("(   1.00  +2.00i)", "%7.2f", CX(1, 2, false));
    PF("(-001.00-002.00i)", "%+07.2f", CX(-1, -2, false));
    PF("(   +104.66   +440.51i)", "%+10.2f", CX(104.66, 440.51, false));
    PF("(-000104.66-000440.51i)", "%+010.2f", CX(-104.66, -440.51, false));
    PF("[(000010+00010i) 000010]", "%06v", L(2, CX(10, 10, false), I(10)));
    PF("%!s(complex128=(1.2345678+1.2345678i))", "%s", CX(1.2345678, 1.2345678, false));
    PF("%!☠(complex64=(1.2345678+1.2345678i))", "%☠", CX(1.2345678f, 1.2345678f, true));
    PF("complex128", "%T", CX(1, 2, false));
    PF("%!p(complex128=(1+2i))", "%p", CX(1, 2, false));
}

int main(void)
{
    arena_init(&A);
    test_ftoa();
    test_shortest_random();
    test_powers_of_ten();
    test_value();
    test_quote();
    test_printf_basic();
    test_printf_gofacts();
    test_complex();
    buf_free(&out);
    arena_free(&A);
    return CHECK_DONE();
}
