/*
 * math.c - Sprig's arithmetic (group "math").
 *
 * Integer functions convert every operand with cast.ToInt64 (strings
 * parsed, floats truncated, junk -> 0) and compute in int64 with Go's
 * wrap-around; division by zero is Go's runtime panic text.
 *
 * The ...f functions go through shopspring/decimal: each operand becomes
 * the exact decimal of its shortest float text (so addf 1.1 2.2 is 3.3,
 * not 3.3000000000000003), the operation is exact (division rounds half
 * away from zero at 16 decimal places) and the result is the float
 * nearest to that decimal.  We keep the decimal as a 128-bit coefficient
 * and an exponent; when that cannot hold an exact result (operands 20+
 * orders of magnitude apart) the float operation is used instead, which
 * differs from the decimal result by at most rounding.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../value/fmt.h"
#include "cast.h"
#include "sprig_util.h"

static int ret_i64(Value *out, int64_t i) { *out = val_int64(i); return 0; }
static int ret_f64(Value *out, double f) { *out = val_float(f); return 0; }

static int64_t wadd(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static int64_t wmul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }

/* ---- integer arithmetic ---------------------------------------------- */

static int f_add1(FnCall *c, int argc, Value *argv, Value *out) { return ret_i64(out, wadd(cast_to_int64(argv[0]), 1)); }

static int f_add(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t a = 0;
    for (int i = 0; i < argc; i++) a = wadd(a, cast_to_int64(argv[i]));
    return ret_i64(out, a);
}

static int f_sub(FnCall *c, int argc, Value *argv, Value *out)
{
    return ret_i64(out, (int64_t)((uint64_t)cast_to_int64(argv[0]) - (uint64_t)cast_to_int64(argv[1])));
}

static int f_mul(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t a = cast_to_int64(argv[0]);
    for (int i = 1; i < argc; i++) a = wmul(a, cast_to_int64(argv[i]));
    return ret_i64(out, a);
}

static int f_div(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t a = cast_to_int64(argv[0]), b = cast_to_int64(argv[1]);
    if (b == 0) return fn_error(c, "runtime error: integer divide by zero");
    if (b == -1) return ret_i64(out, (int64_t)(0 - (uint64_t)a));
    return ret_i64(out, a / b);
}

static int f_mod(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t a = cast_to_int64(argv[0]), b = cast_to_int64(argv[1]);
    if (b == 0) return fn_error(c, "runtime error: integer divide by zero");
    if (b == -1) return ret_i64(out, 0);
    return ret_i64(out, a % b);
}

static int f_max(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t a = cast_to_int64(argv[0]);
    for (int i = 1; i < argc; i++) {
        int64_t b = cast_to_int64(argv[i]);
        if (b > a) a = b;
    }
    return ret_i64(out, a);
}

static int f_min(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t a = cast_to_int64(argv[0]);
    for (int i = 1; i < argc; i++) {
        int64_t b = cast_to_int64(argv[i]);
        if (b < a) a = b;
    }
    return ret_i64(out, a);
}

/* math.Max / math.Min: NaN wins, and +0 beats -0 (Max) / -0 beats +0 (Min). */
static double go_max(double x, double y)
{
    if (isinf(x) && x > 0) return x;
    if (isinf(y) && y > 0) return y;
    if (isnan(x) || isnan(y)) return NAN;
    if (x == 0 && x == y) return signbit(x) ? y : x;
    return x > y ? x : y;
}

static double go_min(double x, double y)
{
    if (isinf(x) && x < 0) return x;
    if (isinf(y) && y < 0) return y;
    if (isnan(x) || isnan(y)) return NAN;
    if (x == 0 && x == y) return signbit(x) ? x : y;
    return x < y ? x : y;
}

static int f_maxf(FnCall *c, int argc, Value *argv, Value *out)
{
    double a = cast_to_float64(argv[0]);
    for (int i = 1; i < argc; i++) a = go_max(a, cast_to_float64(argv[i]));
    return ret_f64(out, a);
}

static int f_minf(FnCall *c, int argc, Value *argv, Value *out)
{
    double a = cast_to_float64(argv[0]);
    for (int i = 1; i < argc; i++) a = go_min(a, cast_to_float64(argv[i]));
    return ret_f64(out, a);
}

static int f_floor(FnCall *c, int argc, Value *argv, Value *out) { return ret_f64(out, floor(cast_to_float64(argv[0]))); }
static int f_ceil(FnCall *c, int argc, Value *argv, Value *out) { return ret_f64(out, ceil(cast_to_float64(argv[0]))); }

static int f_round(FnCall *c, int argc, Value *argv, Value *out)
{
    double on = argc > 2 ? argv[2].u.f : 0.5;
    double val = cast_to_float64(argv[0]);
    double p = pow(10, (double)argv[1].u.i);
    double digit = p * val, ip;
    double frac = modf(digit, &ip);
    double r = frac >= on ? ceil(digit) : floor(digit);
    return ret_f64(out, r / p);
}

/* ---- conversions ------------------------------------------------------ */

static int f_atoi(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t r;
    const char *s = argv[0].u.s->s;
    size_t n = argv[0].u.s->len;
    /* Atoi is base 10 only: no prefixes, no underscores.  On overflow Go
     * returns the clamped value with the error Sprig ignores. */
    bool ok = n > 0;
    for (size_t i = (n && (s[0] == '+' || s[0] == '-')) ? 1 : 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') ok = false;
    if (n == 1 && (s[0] == '+' || s[0] == '-')) ok = false;
    if (!ok) r = 0;
    else cast_parse_int(s, n, 10, &r);
    *out = val_int(r);
    return 0;
}

static int f_int64(FnCall *c, int argc, Value *argv, Value *out) { return ret_i64(out, cast_to_int64(argv[0])); }
static int f_int(FnCall *c, int argc, Value *argv, Value *out) { *out = val_int(cast_to_int64(argv[0])); return 0; }
static int f_float64(FnCall *c, int argc, Value *argv, Value *out) { return ret_f64(out, cast_to_float64(argv[0])); }

/* toDecimal: strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on any error. */
static int f_todecimal(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    fmt_value(&b, argv[0]);
    int64_t r = 0;
    const char *s = b.data ? b.data : "";
    bool ok = b.len > 0;
    for (size_t i = (b.len && (s[0] == '+' || s[0] == '-')) ? 1 : 0; i < b.len; i++)
        if (s[i] < '0' || s[i] > '7') ok = false;
    if (!ok || cast_parse_int(s, b.len, 8, &r) != 0) r = 0;
    buf_free(&b);
    return ret_i64(out, r);
}

/* ---- sequences -------------------------------------------------------- */

#define MAX_ITEMS (SPRIG_MAX_RESULT / sizeof(Value))

/* untilStep's loop, counting first so a huge range fails before allocating. */
static int64_t step_count(int64_t start, int64_t stop, int64_t step)
{
    if (stop < start) {
        if (step >= 0) return 0;
        return (int64_t)(((uint64_t)start - (uint64_t)stop - 1) / (uint64_t)(-(step + 1) + 1ULL) + 1);
    }
    if (step <= 0 || stop == start) return 0;
    return (int64_t)(((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1);
}

static List *until_step(FnCall *c, int64_t start, int64_t stop, int64_t step)
{
    int64_t n = step_count(start, stop, step);
    if ((uint64_t)n > MAX_ITEMS) { fn_error(c, "out of memory"); return NULL; }
    List *l = sprig_new_list(c, (size_t)n);
    if (!l) return NULL;
    int64_t v = start;
    for (int64_t i = 0; i < n; i++, v = wadd(v, step)) l->items[l->len++] = val_int(v);
    return l;
}

static int ret_ints(Value *out, List *l)
{
    if (!l) return -1;
    *out = val_list(l);
    out->gtype = GT_LIST_INT;
    return 0;
}

static int f_until(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t n = argv[0].u.i;
    return ret_ints(out, until_step(c, 0, n, n < 0 ? -1 : 1));
}

static int f_untilstep(FnCall *c, int argc, Value *argv, Value *out)
{
    return ret_ints(out, until_step(c, argv[0].u.i, argv[1].u.i, argv[2].u.i));
}

static int seq_text(FnCall *c, Value *out, int64_t start, int64_t stop, int64_t step)
{
    List *l = until_step(c, start, stop, step);
    if (!l) return -1;
    Buf b = BUF_INIT;
    for (uint32_t i = 0; i < l->len; i++) buf_printf(&b, i ? " %lld" : "%lld", (long long)l->items[i].u.i);
    return sprig_ret_buf(c, out, &b);
}

static int f_seq(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t inc = 1;
    switch (argc) {
    case 1: {
        int64_t end = argv[0].u.i;
        if (end < 1) inc = -1;
        return seq_text(c, out, 1, wadd(end, inc), inc);
    }
    case 2: {
        int64_t a = argv[0].u.i, e = argv[1].u.i, st = e < a ? -1 : 1;
        return seq_text(c, out, a, wadd(e, st), st);
    }
    case 3: {
        int64_t a = argv[0].u.i, st = argv[1].u.i, e = argv[2].u.i;
        if (e < a) {
            inc = -1;
            if (st > 0) return sprig_ret_str(c, out, "", 0);
        }
        return seq_text(c, out, a, wadd(e, inc), st);
    }
    default:
        return sprig_ret_str(c, out, "", 0);
    }
}

/* ---- decimal ---------------------------------------------------------- */

typedef __int128 i128;

typedef struct Dec {
    i128 coef;
    int exp;
} Dec;

static const i128 DEC_LIMIT = (i128)1000000000000000000LL * 1000000000000000000LL; /* 1e36 */

static bool pow10_i128(int k, i128 *out)
{
    if (k < 0 || k > 38) return false;
    i128 p = 1;
    for (int i = 0; i < k; i++) p *= 10;
    *out = p;
    return true;
}

/* decimal.NewFromFloat: the shortest decimal that reads back as f. */
static Dec dec_from_float(double f)
{
    Dec d = {0, 0};
    if (f == 0) return d;
    char buf[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, f);
        if (strtod(buf, NULL) == f) break;
    }
    char *e = strchr(buf, 'e');
    int exp = atoi(e + 1), frac = 0;
    bool neg = buf[0] == '-', dot = false;
    for (char *p = buf + neg; p < e; p++) {
        if (*p == '.') { dot = true; continue; }
        d.coef = d.coef * 10 + (*p - '0');
        if (dot) frac++;
    }
    d.exp = exp - frac;
    if (neg) d.coef = -d.coef;
    return d;
}

static double dec_to_float(Dec d)
{
    char buf[64], *p = buf + sizeof buf - 1;
    *p = 0;
    i128 c = d.coef < 0 ? -d.coef : d.coef;
    do { *--p = (char)('0' + (int)(c % 10)); c /= 10; } while (c);
    if (d.coef < 0) *--p = '-';
    char full[96];
    snprintf(full, sizeof full, "%se%d", p, d.exp);
    return strtod(full, NULL);
}

/* Rescales a and b to a common exponent; false if that would overflow. */
static bool dec_align(Dec *a, Dec *b)
{
    if (a->coef == 0) { a->exp = b->exp; return true; }
    if (b->coef == 0) { b->exp = a->exp; return true; }
    Dec *hi = a->exp > b->exp ? a : b, *lo = hi == a ? b : a;
    i128 p;
    if (!pow10_i128(hi->exp - lo->exp, &p)) return false;
    i128 r;
    if (__builtin_mul_overflow(hi->coef, p, &r) || r > DEC_LIMIT || r < -DEC_LIMIT) return false;
    hi->coef = r;
    hi->exp = lo->exp;
    return true;
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

/* One step of execDecimalOp; returns false when the exact result does not
 * fit, and the caller falls back to float arithmetic. */
static bool dec_op(Dec *acc, Dec x, int op)
{
    Dec a = *acc;
    switch (op) {
    case OP_ADD: case OP_SUB:
        if (!dec_align(&a, &x)) return false;
        a.coef = op == OP_ADD ? a.coef + x.coef : a.coef - x.coef;
        break;
    case OP_MUL:
        if (__builtin_mul_overflow(a.coef, x.coef, &a.coef) || a.coef > DEC_LIMIT || a.coef < -DEC_LIMIT)
            return false;
        a.exp += x.exp;
        break;
    case OP_DIV: {
        /* quotient truncated at 16 places, then half away from zero */
        int k = a.exp - x.exp + 16;
        i128 num = a.coef < 0 ? -a.coef : a.coef, den = x.coef < 0 ? -x.coef : x.coef, p;
        if (k >= 0) {
            if (!pow10_i128(k, &p) || __builtin_mul_overflow(num, p, &num)) return false;
        } else {
            if (!pow10_i128(-k, &p) || __builtin_mul_overflow(den, p, &den)) return false;
        }
        i128 q = num / den, r = num % den;
        if (r * 2 >= den) q++;
        if ((a.coef < 0) != (x.coef < 0)) q = -q;
        a.coef = q;
        a.exp = -16;
        break;
    }
    }
    *acc = a;
    return true;
}

static int nonfinite(FnCall *c, double f)
{
    Buf b = BUF_INIT;
    fmt_float(&b, f, 'g', -1, 64);
    int r = fn_error(c, "Cannot create a Decimal from %s", b.data ? b.data : "");
    buf_free(&b);
    return r;
}

static int decimal_op(FnCall *c, Value *out, Value first, int argc, Value *rest, int op)
{
    double f = cast_to_float64(first);
    if (!isfinite(f)) return nonfinite(c, f);
    Dec acc = dec_from_float(f);
    double facc = f;
    bool exact = true;
    for (int i = 0; i < argc; i++) {
        double g = cast_to_float64(rest[i]);
        if (!isfinite(g)) return nonfinite(c, g);
        Dec x = dec_from_float(g);
        if (op == OP_DIV && x.coef == 0) return fn_error(c, "decimal division by 0");
        if (exact && !dec_op(&acc, x, op)) {
            exact = false;
            facc = dec_to_float(acc);
        }
        if (!exact) {
            switch (op) {
            case OP_ADD: facc += g; break;
            case OP_SUB: facc -= g; break;
            case OP_MUL: facc *= g; break;
            case OP_DIV: facc /= g; break;
            }
            if (isfinite(facc)) { acc = dec_from_float(facc); exact = true; }
        }
    }
    return ret_f64(out, exact ? dec_to_float(acc) : facc);
}

static int f_addf(FnCall *c, int argc, Value *argv, Value *out) { return decimal_op(c, out, val_float(0), argc, argv, OP_ADD); }
static int f_add1f(FnCall *c, int argc, Value *argv, Value *out) { Value one = val_int(1); return decimal_op(c, out, argv[0], 1, &one, OP_ADD); }
static int f_subf(FnCall *c, int argc, Value *argv, Value *out) { return decimal_op(c, out, argv[0], argc - 1, argv + 1, OP_SUB); }
static int f_mulf(FnCall *c, int argc, Value *argv, Value *out) { return decimal_op(c, out, argv[0], argc - 1, argv + 1, OP_MUL); }
static int f_divf(FnCall *c, int argc, Value *argv, Value *out) { return decimal_op(c, out, argv[0], argc - 1, argv + 1, OP_DIV); }

const FnDef fn_math_table[] = {
    {"atoi", f_atoi, "s", 0},
    {"int64", f_int64, "a", 0},
    {"int", f_int, "a", 0},
    {"float64", f_float64, "a", 0},
    {"seq", f_seq, "i*", 0},
    {"toDecimal", f_todecimal, "a", 0},
    {"until", f_until, "i", 0},
    {"untilStep", f_untilstep, "iii", 0},
    {"add1", f_add1, "a", 0},
    {"add", f_add, "a*", 0},
    {"sub", f_sub, "aa", 0},
    {"div", f_div, "aa", 0},
    {"mod", f_mod, "aa", 0},
    {"mul", f_mul, "aa*", 0},
    {"add1f", f_add1f, "a", 0},
    {"addf", f_addf, "a*", 0},
    {"subf", f_subf, "aa*", 0},
    {"divf", f_divf, "aa*", 0},
    {"mulf", f_mulf, "aa*", 0},
    {"biggest", f_max, "aa*", 0},
    {"max", f_max, "aa*", 0},
    {"min", f_min, "aa*", 0},
    {"maxf", f_maxf, "aa*", 0},
    {"minf", f_minf, "aa*", 0},
    {"ceil", f_ceil, "a", 0},
    {"floor", f_floor, "a", 0},
    {"round", f_round, "aif*", 0},
};
const size_t fn_math_count = sizeof fn_math_table / sizeof fn_math_table[0];
