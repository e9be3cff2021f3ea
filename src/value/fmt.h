/*
 * fmt.h - Go's fmt and strconv formatting of values, exactly.
 *
 * One formatting module for the whole program: the VM's {{ x }} output,
 * print/printf/println, Sprig's toString/quote/cat, error messages that
 * quote values (%!verb(type=value)) and the float text of toJson/toYaml all
 * come from here.  Semantics are Go 1.25's fmt and strconv.
 */
#ifndef CHARTC_FMT_H
#define CHARTC_FMT_H

#include "value.h"

/* fmt.Sprint(v) for one operand, i.e. %v: maps as map[a:1 b:2] (sorted),
 * lists as [a b], nil as <nil>, float64 shortest %v (1e+06, 123456.5,
 * 1e-05), []byte as [104 105]. */
void fmt_value(Buf *b, Value v);

/* fmt.Sprint: operands separated by a space when neither side is a string. */
void fmt_print(Buf *b, int argc, const Value *argv);

/* fmt.Sprintln: always spaces, final newline. */
void fmt_println(Buf *b, int argc, const Value *argv);

/* fmt.Sprintf with every verb, flag, width and precision, including
 * %!verb(type=value), %!(EXTRA ...), %!v(MISSING), %!(BADWIDTH)... */
void fmt_printf(Buf *b, const char *format, size_t flen, int argc, const Value *argv);

/* strconv.FormatFloat(f, fmt, prec, bitSize): fmt one of 'e','E','f','g','G','b','x','X';
 * prec -1 = shortest representation that round-trips. */
void fmt_float(Buf *b, double f, char fmt, int prec, int bitsize);

/* strconv.Quote / QuoteToASCII-free Quote: Go double-quoted string literal. */
void fmt_quote(Buf *b, const char *s, size_t n);

#endif
