/*
 * fmt.h - Go's fmt and strconv formatting of values, exactly.
 *
 * One formatting module for the whole program: the VM's {{ x }} output,
 * print/printf/println, Sprig's toString/quote/cat, error messages that
 * quote values (%!verb(type=value)) and the float text of toJson/toYaml all
 * come from here.  Semantics are Go 1.25's fmt and strconv (the Go helm
 * v4.1.4 was built with), checked against the reference helm.
 *
 * All functions append to the Buf and never fail.  Types come from the
 * values' GoType (val_typename): --set integers print as int64, YAML
 * numbers as float64, .Files.GetBytes as []uint8 ([]byte under %#v).
 * Maps flagged MAP_STRUCT print as Go structs ({v1 v2}, %+v {F1:v1 F2:v2})
 * in field (insertion) order.  V_OBJ values print through ObjType.print,
 * which plays the part of Go's String() method (used for %v %s %q %x %X),
 * except: objects with ObjType.go_fields print field by field with every
 * verb (Go's printValue of a struct without String()); named slice and
 * map objects (go_kind "slice"/"map" with ObjType.underlying) print their
 * elements; objects of go_kind "int64" (time.Duration) keep an int64 at
 * Obj.data, which verbs other than v s q x X (and %#v) format.
 * Nesting deeper than 10000 levels, or more than 256 MiB of output from
 * one call (a map that contains itself), is cut short instead of
 * exhausting the stack as Go would.
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
 * %!verb(type=value), %!(EXTRA ...), %!v(MISSING), %!(BADWIDTH)...
 * The format is bytes (it may contain NULs); %p prints a fixed fake
 * address, since Go's pointers cannot be reproduced. */
void fmt_printf(Buf *b, const char *format, size_t flen, int argc, const Value *argv);

/* strconv.FormatFloat(f, fmt, prec, bitSize): fmt one of 'e','E','f','g','G','b','x','X';
 * prec -1 = shortest representation that round-trips; bitsize 32 rounds
 * f to float32 first and uses float32's shortest form. */
void fmt_float(Buf *b, double f, char fmt, int prec, int bitsize);

/* Go's complex numbers (template constants such as 1+2i or 1.5i): a
 * V_OBJ whose type is one of these and whose Obj.data points to two
 * doubles {real, imag}.  They print as Go prints them: (1+2i), %.2f
 * (1.00+2.00i), %s %!s(complex128=(1+2i)). */
extern const ObjType fmt_complex128_type;
extern const ObjType fmt_complex64_type;

/* strconv.Quote: Go double-quoted string literal; non-printable runes as
 * \u/\U (Go's Unicode 15 IsPrint), invalid UTF-8 bytes as \xNN. */
void fmt_quote(Buf *b, const char *s, size_t n);
/* strconv's underscoreOK for s[0..n): '_' only between digits or after a
 * base prefix (0b 0o 0x), never first or last. */
bool fmt_underscore_ok(const char *s, size_t n);

#endif
