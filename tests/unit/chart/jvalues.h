/*
 * jvalues.h - test helpers: write values as a JSON subset (J) and print
 * them back as helm's toJson does (sorted keys), to compare with what the
 * reference helm printed.  Included by one test file each.
 */
#ifndef CHARTC_TEST_JVALUES_H
#define CHARTC_TEST_JVALUES_H

#include <stdlib.h>
#include <string.h>

#include "value/value.h"

/* A JSON subset (objects, arrays, null, bools, integers, strings) for
 * writing inputs; integers become int64. */
static __attribute__((unused)) Value parse(Arena *a, const char **p)
{
    while (**p == ' ') (*p)++;
    if (**p == '{') {
        Map *m = map_new(a, 0);
        (*p)++;
        while (**p != '}') {
            if (**p == ',') { (*p)++; continue; }
            Value k = parse(a, p);
            (*p)++; /* : */
            map_set(a, m, k.u.s, parse(a, p));
        }
        (*p)++;
        return val_map(m);
    }
    if (**p == '[') {
        List *l = list_new(a, 0);
        (*p)++;
        while (**p != ']') {
            if (**p == ',') { (*p)++; continue; }
            list_push(a, l, parse(a, p));
        }
        (*p)++;
        return val_list(l);
    }
    if (**p == '"') {
        const char *s = ++(*p);
        while (**p != '"') (*p)++;
        Value v = val_strn(a, s, (size_t)(*p - s));
        (*p)++;
        return v;
    }
    if (!strncmp(*p, "null", 4)) { *p += 4; return val_nil(); }
    if (!strncmp(*p, "true", 4)) { *p += 4; return val_bool(true); }
    if (!strncmp(*p, "false", 5)) { *p += 5; return val_bool(false); }
    char *end;
    long long n = strtoll(*p, &end, 10);
    *p = end;
    return val_int64(n);
}

static __attribute__((unused)) Value J(Arena *a, const char *s) { return parse(a, &s); }

/* toJson as helm prints it, enough for these values. */
static __attribute__((unused)) void dump_json(Buf *b, Value v, Arena *a)
{
    switch (v.kind) {
    case V_NIL: buf_adds(b, "null"); break;
    case V_BOOL: buf_adds(b, v.u.b ? "true" : "false"); break;
    case V_INT: buf_printf(b, "%lld", (long long)v.u.i); break;
    case V_FLOAT: buf_printf(b, "%.17g", v.u.f); break;
    case V_STR:
        buf_addc(b, '"');
        for (uint32_t i = 0; i < v.u.s->len; i++) {
            char c = v.u.s->s[i];
            if (c == '"' || c == '\\') buf_addc(b, '\\');
            buf_addc(b, c);
        }
        buf_addc(b, '"');
        break;
    case V_LIST:
        buf_addc(b, '[');
        for (uint32_t i = 0; i < v.u.l->len; i++) {
            if (i) buf_addc(b, ',');
            dump_json(b, v.u.l->items[i], a);
        }
        buf_addc(b, ']');
        break;
    case V_MAP: {
        MapEntry **e = map_sorted(v.u.m, a);
        buf_addc(b, '{');
        for (uint32_t i = 0; i < map_len(v.u.m); i++) {
            if (i) buf_addc(b, ',');
            dump_json(b, val_str(e[i]->key), a);
            buf_addc(b, ':');
            dump_json(b, e[i]->val, a);
        }
        buf_addc(b, '}');
        break;
    }
    default: buf_adds(b, "?");
    }
}

static __attribute__((unused)) const char *show(Arena *a, Value v)
{
    Buf b = BUF_INIT;
    dump_json(&b, v, a);
    char *s = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

#ifdef CHARTC_CHART_H
/* A chart with a name and default values, nothing else. */
static __attribute__((unused)) Chart *mk(Arena *a, const char *name, const char *values)
{
    Chart *c = ARENA_NEW(a, Chart);
    chart_meta_init(a, &c->meta);
    c->meta.name = str_cstr(a, name);
    c->values = J(a, values);
    return c;
}
#endif

#endif
