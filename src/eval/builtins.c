/*
 * builtins.c - text/template's own functions (Go's funcs.go): and or not
 * len index slice print printf println html js urlquery call eq ne lt le
 * gt ge.
 *
 * They take reflect.Value parameters in Go, so their sig letter is 'r':
 * the VM passes values as it holds them, with "no value" (VF_NOVALUE) and
 * nil interfaces distinct, because their errors differ ("len of nil
 * pointer" vs reflect's "call of reflect.Value.Type on zero Value").
 * and/or never get here from templates: the compiler short-circuits them.
 */
#include "func.h"

#include <string.h>

#include "../value/fmt.h"

static int nov(Value v) { return v.kind == V_NIL && (v.flags & VF_NOVALUE); }
static Value clean(Value v) { v.flags &= (uint16_t)~(VF_NOVALUE | VF_IFACE); return v; }
static int is_uint(Value v) { return v.kind == V_INT && v.gtype >= GT_UINT && v.gtype <= GT_UINT64; }
static int is_iface_list(Value v) { return v.gtype == GT_LIST_IFACE || v.gtype == GT_NONE; }
static int is_iface_map(Value v) { return v.gtype != GT_MAP_STRING; }

static int b_and(FnCall *c, int argc, Value *argv, Value *out)
{
    for (int i = 0; i < argc; i++) { *out = argv[i]; if (!val_truth(argv[i])) return 0; }
    return 0;
}

static int b_or(FnCall *c, int argc, Value *argv, Value *out)
{
    for (int i = 0; i < argc; i++) { *out = argv[i]; if (val_truth(argv[i])) return 0; }
    return 0;
}

static int b_not(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(!val_truth(argv[0]));
    return 0;
}

/* len and index look through pointers first (Go's indirect), so their
 * errors name the pointed-to type: `len .Capabilities` gives "len of type
 * common.Capabilities", `index (semver "1.2.3") 0` "semver.Version". */
static const char *deref_typename(Value v)
{
    const char *t = val_typename(v);
    if (v.kind == V_OBJ && v.u.o->type->go_kind && strcmp(v.u.o->type->go_kind, "ptr") == 0 && t[0] == '*') t++;
    return t;
}

static int b_len(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = val_unwrap(fn_arena(c), argv[0]);
    if (nov(v)) return fn_error(c, "reflect: call of reflect.Value.Type on zero Value");
    switch (v.kind) {
    case V_NIL: return fn_error(c, "len of nil pointer");
    case V_STR: *out = val_int(v.u.s->len); return 0;
    case V_LIST: *out = val_int(v.u.l->len); return 0;
    case V_MAP: *out = val_int(map_len(v.u.m)); return 0;
    }
    return fn_error(c, "len of type %s", deref_typename(v));
}

/* Go's indexArg */
static int index_arg(FnCall *c, Value idx, uint32_t cap, int64_t *x)
{
    if (idx.kind == V_INT) *x = idx.u.i;
    else if (idx.kind == V_NIL) return fn_error(c, "cannot index slice/array with nil");
    else return fn_error(c, "cannot index slice/array with type %s", val_typename(idx));
    if (is_uint(idx) && idx.u.u > INT64_MAX) return fn_error(c, "index out of range: %lld", (long long)*x);
    if (*x < 0 || *x > (int64_t)cap) return fn_error(c, "index out of range: %lld", (long long)*x);
    return 0;
}

/* helm's .Files is a map[string][]byte: a missing key gives an empty
 * []byte (`index .Files "nope"` prints [] in the reference). */
static int bytes_map(Value v)
{
    return v.kind == V_OBJ && strcmp(v.u.o->type->go_type, "engine.files") == 0;
}

static int b_index(FnCall *c, int argc, Value *argv, Value *out)
{
    int bytes_elem = bytes_map(argv[0]);
    Value item = val_unwrap(fn_arena(c), argv[0]);
    if (item.kind == V_NIL) return fn_error(c, "index of untyped nil");
    for (int i = 1; i < argc; i++) {
        Value idx = argv[i];
        if (item.kind == V_NIL) return fn_error(c, "index of nil pointer");
        int64_t x;
        switch (item.kind) {
        case V_LIST:
            if (index_arg(c, idx, item.u.l->len, &x)) return -1;
            if (x == item.u.l->len) return fn_error(c, "reflect: slice index out of range");
            {
                int iface = is_iface_list(item);
                item = item.u.l->items[x];
                item.flags = iface ? VF_IFACE : 0;
            }
            break;
        case V_STR:
            if (index_arg(c, idx, item.u.s->len, &x)) return -1;
            if (x == item.u.s->len)
                return fn_error(c, item.gtype == GT_BYTES ? "reflect: slice index out of range"
                                                          : "reflect: string index out of range");
            {
                Value b = val_int((unsigned char)item.u.s->s[x]);
                b.gtype = GT_UINT8;
                item = b;
            }
            break;
        case V_MAP: {
            if (idx.kind == V_NIL) return fn_error(c, "value is nil; should be of type string");
            if (idx.kind != V_STR || idx.gtype == GT_BYTES)
                return fn_error(c, "value has type %s; should be string", val_typename(idx));
            int iface = is_iface_map(item);
            int strmap = item.gtype == GT_MAP_STRING;
            Value *v = map_get(item.u.m, idx.u.s);
            if (v) { item = *v; item.flags = iface ? VF_IFACE : 0; }
            else if (strmap) item = val_str(str_empty());
            else if (bytes_elem && i == 1) { item = val_str(str_empty()); item.gtype = GT_BYTES; }
            else { item = val_nil(); item.flags = VF_IFACE; }
            break;
        }
        default:
            return fn_error(c, "can't index item of type %s", deref_typename(item));
        }
    }
    *out = item;
    return 0;
}

static int b_slice(FnCall *c, int argc, Value *argv, Value *out)
{
    Value item = argv[0];
    int n = argc - 1;
    if (item.kind == V_NIL) return fn_error(c, "slice of untyped nil");
    if (n > 3) return fn_error(c, "too many slice indexes: %d", n);
    uint32_t cap;
    if (item.kind == V_STR && item.gtype != GT_BYTES) {
        if (n == 3) return fn_error(c, "cannot 3-index slice a string");
        cap = item.u.s->len;
    } else if (item.kind == V_LIST) cap = item.u.l->len;
    else if (item.kind == V_STR) cap = item.u.s->len;
    else return fn_error(c, "can't slice item of type %s", val_typename(item));
    int64_t idx[3] = {0, cap, cap};
    for (int i = 0; i < n; i++)
        if (index_arg(c, argv[1 + i], cap, &idx[i])) return -1;
    if (idx[0] > idx[1]) return fn_error(c, "invalid slice index: %lld > %lld", (long long)idx[0], (long long)idx[1]);
    if (n == 3 && idx[1] > idx[2]) return fn_error(c, "invalid slice index: %lld > %lld", (long long)idx[1], (long long)idx[2]);
    if (item.kind == V_STR) {
        Value r = val_strn(fn_arena(c), item.u.s->s + idx[0], (size_t)(idx[1] - idx[0]));
        r.gtype = item.gtype;
        *out = r;
        return 0;
    }
    List *l = list_new(fn_arena(c), (size_t)(idx[1] - idx[0]));
    if (!l) return fn_error(c, "out of memory");
    for (int64_t i = idx[0]; i < idx[1]; i++) list_push(fn_arena(c), l, item.u.l->items[i]);
    Value r = val_list(l);
    r.gtype = item.gtype;
    *out = r;
    return 0;
}

/* ---- comparison (Go's basicKind rules) ---- */

enum { K_INVALID, K_BOOL, K_FLOAT, K_INT, K_STRING, K_UINT };

/* A time.Duration is an int64 to Go's basicKind: `eq $d 86400000000000`
 * holds in the reference. */
static int int_obj(Value v)
{
    return v.kind == V_OBJ && v.u.o->data && v.u.o->type->go_kind && strcmp(v.u.o->type->go_kind, "int64") == 0;
}

static Value as_int(Value v)
{
    if (int_obj(v)) return val_int64(*(const int64_t *)v.u.o->data);
    return v;
}

static int basic_kind(Value v)
{
    if (int_obj(v)) return K_INT;
    switch (v.kind) {
    case V_BOOL: return K_BOOL;
    case V_INT: return is_uint(v) ? K_UINT : K_INT;
    case V_FLOAT: return K_FLOAT;
    case V_STR: return v.gtype == GT_BYTES ? K_INVALID : K_STRING;
    }
    return K_INVALID;
}

static const char *const err_bad_type = "invalid type for comparison";
static const char *const err_bad_cmp = "incompatible types for comparison";

/* 1 equal, 0 not, -1 error */
static int eq1(FnCall *c, Value a, Value b)
{
    int k1 = basic_kind(a), k2 = basic_kind(b);
    if (k1 == K_INT && k2 == K_INT) return as_int(a).u.i == as_int(b).u.i;
    if (k1 != k2) {
        int64_t ai = as_int(a).u.i, bi = as_int(b).u.i;
        if (k1 == K_INT && k2 == K_UINT) return ai >= 0 && (uint64_t)ai == b.u.u;
        if (k1 == K_UINT && k2 == K_INT) return bi >= 0 && a.u.u == (uint64_t)bi;
        if (a.kind != V_NIL && b.kind != V_NIL)
            return fn_error(c, "%s: %s and %s", err_bad_cmp, val_typename(a), val_typename(b));
        return 0;
    }
    switch (k1) {
    case K_BOOL: return a.u.b == b.u.b;
    case K_FLOAT: return a.u.f == b.u.f;
    case K_INT: return a.u.i == b.u.i;
    case K_UINT: return a.u.u == b.u.u;
    case K_STRING: return a.u.s->len == b.u.s->len && memcmp(a.u.s->s, b.u.s->s, a.u.s->len) == 0;
    }
    /* nil, maps, lists, objects */
    if (a.kind == V_NIL || b.kind == V_NIL) return a.kind == V_NIL && b.kind == V_NIL;
    if (a.kind != b.kind || a.gtype != b.gtype) {
        Buf x = BUF_INIT, y = BUF_INIT;
        Value ca = clean(a), cb = clean(b);
        fmt_printf(&x, "%s", 2, 1, &ca);
        fmt_printf(&y, "%v", 2, 1, &cb);
        fn_error(c, "non-comparable types %s: %s, %s: %s", x.data ? x.data : "", val_typename(a), val_typename(b), y.data ? y.data : "");
        buf_free(&x);
        buf_free(&y);
        return -1;
    }
    if (a.kind == V_LIST || a.kind == V_MAP) {
        Buf y = BUF_INIT;
        Value cb = clean(b);
        fmt_printf(&y, "%s", 2, 1, &cb);
        fn_error(c, "non-comparable type %s: %s", y.data ? y.data : "", val_typename(b));
        buf_free(&y);
        return -1;
    }
    if (a.kind == V_OBJ && a.u.o != b.u.o && a.u.o->type == b.u.o->type && a.u.o->type->print) {
        /* Go compares struct values (time.Time, versions) field by field;
         * equal fields print alike */
        Buf x = BUF_INIT, y = BUF_INIT;
        a.u.o->type->print(a.u.o, &x);
        b.u.o->type->print(b.u.o, &y);
        int same = x.len == y.len && (x.len == 0 || memcmp(x.data, y.data, x.len) == 0);
        buf_free(&x);
        buf_free(&y);
        return same;
    }
    return a.u.o == b.u.o;
}

static int b_eq(FnCall *c, int argc, Value *argv, Value *out)
{
    if (argc < 2) return fn_error(c, "missing argument for comparison");
    for (int i = 1; i < argc; i++) {
        int r = eq1(c, argv[0], argv[i]);
        if (r < 0) return -1;
        if (r) { *out = val_bool(1); return 0; }
    }
    *out = val_bool(0);
    return 0;
}

static int b_ne(FnCall *c, int argc, Value *argv, Value *out)
{
    int r = eq1(c, argv[0], argv[1]);
    if (r < 0) return -1;
    *out = val_bool(!r);
    return 0;
}

static int lt1(FnCall *c, Value a, Value b)
{
    int k1 = basic_kind(a);
    if (k1 == K_INVALID) return fn_error(c, "%s", err_bad_type);
    int k2 = basic_kind(b);
    if (k2 == K_INVALID) return fn_error(c, "%s", err_bad_type);
    if (k1 == K_INT && k2 == K_INT) return as_int(a).u.i < as_int(b).u.i;
    if (k1 != k2) {
        int64_t ai = as_int(a).u.i, bi = as_int(b).u.i;
        if (k1 == K_INT && k2 == K_UINT) return ai < 0 || (uint64_t)ai < b.u.u;
        if (k1 == K_UINT && k2 == K_INT) return bi >= 0 && a.u.u < (uint64_t)bi;
        return fn_error(c, "%s: %s and %s", err_bad_cmp, val_typename(a), val_typename(b));
    }
    switch (k1) {
    case K_BOOL: return fn_error(c, "%s", err_bad_type);
    case K_FLOAT: return a.u.f < b.u.f;
    case K_INT: return a.u.i < b.u.i;
    case K_UINT: return a.u.u < b.u.u;
    default: {
        uint32_t n = a.u.s->len < b.u.s->len ? a.u.s->len : b.u.s->len;
        int r = memcmp(a.u.s->s, b.u.s->s, n);
        return r < 0 || (r == 0 && a.u.s->len < b.u.s->len);
    }
    }
}

static int b_lt(FnCall *c, int argc, Value *argv, Value *out)
{
    int r = lt1(c, argv[0], argv[1]);
    if (r < 0) return -1;
    *out = val_bool(r);
    return 0;
}

static int b_le(FnCall *c, int argc, Value *argv, Value *out)
{
    int r = lt1(c, argv[0], argv[1]);
    if (r < 0) return -1;
    if (!r) { r = eq1(c, argv[0], argv[1]); if (r < 0) return -1; }
    *out = val_bool(r);
    return 0;
}

static int b_gt(FnCall *c, int argc, Value *argv, Value *out)
{
    if (b_le(c, argc, argv, out)) return -1;
    out->u.b = !out->u.b;
    return 0;
}

static int b_ge(FnCall *c, int argc, Value *argv, Value *out)
{
    if (b_lt(c, argc, argv, out)) return -1;
    out->u.b = !out->u.b;
    return 0;
}

/* ---- printing and escaping ---- */

static Value str_out(FnCall *c, Buf *b)
{
    Value v = val_strn(fn_arena(c), b->data ? b->data : "", b->len);
    buf_free(b);
    return v;
}

static int b_print(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    fmt_print(&b, argc, argv);
    *out = str_out(c, &b);
    return 0;
}

static int b_println(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT;
    fmt_println(&b, argc, argv);
    *out = str_out(c, &b);
    return 0;
}

static int b_printf(FnCall *c, int argc, Value *argv, Value *out)
{
    BUF_LOCAL(b, 512);
    fmt_printf(&b, argv[0].u.s->s, argv[0].u.s->len, argc - 1, argv + 1);
    *out = str_out(c, &b);
    return 0;
}

/* Go's evalArgs: a single string as is, else fmt.Sprint of the operands
 * after printableValue, which turns a nil operand into "<no value>" */
static void eval_args(FnCall *c, Buf *b, int argc, Value *argv)
{
    if (argc == 1 && argv[0].kind == V_STR && argv[0].gtype != GT_BYTES) {
        buf_add(b, argv[0].u.s->s, argv[0].u.s->len);
        return;
    }
    Str *nv = NULL;
    for (int i = 0; i < argc; i++)
        if (argv[i].kind == V_NIL) {
            static const char text[] = "<no value>";
            if (!nv) nv = str_new(fn_arena(c), text, sizeof text - 1);
            if (nv) argv[i] = val_str(nv);
        }
    fmt_print(b, argc, argv);
}

static int b_html(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf s = BUF_INIT, b = BUF_INIT;
    eval_args(c, &s, argc, argv);
    for (size_t i = 0; i < s.len; i++) {
        switch (s.data[i]) {
        case 0: buf_adds(&b, "\xEF\xBF\xBD"); break;
        case '"': buf_adds(&b, "&#34;"); break;
        case '\'': buf_adds(&b, "&#39;"); break;
        case '&': buf_adds(&b, "&amp;"); break;
        case '<': buf_adds(&b, "&lt;"); break;
        case '>': buf_adds(&b, "&gt;"); break;
        default: buf_addc(&b, s.data[i]);
        }
    }
    buf_free(&s);
    *out = str_out(c, &b);
    return 0;
}

static int utf8_rune(const char *p, size_t n, uint32_t *r)
{
    const unsigned char *s = (const unsigned char *)p;
    int len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (len == 1 || (size_t)len > n) { *r = 0xFFFD; return 1; }
    uint32_t v = s[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { *r = 0xFFFD; return 1; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *r = v;
    return len;
}

/* unicode.IsPrint for the non-printing runes text can plausibly hold */
static int is_print_rune(uint32_t r)
{
    if (r < 0xA0) return 0;
    if (r == 0xAD || r == 0x2028 || r == 0x2029 || r == 0xFEFF) return 0;
    if ((r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2060 && r <= 0x2064)) return 0;
    if (r >= 0xFFF9 && r <= 0xFFFB) return 0;
    if (r >= 0xD800 && r < 0xE000) return 0;
    return 1;
}

static int b_js(FnCall *c, int argc, Value *argv, Value *out)
{
    static const char hex[] = "0123456789ABCDEF";
    Buf s = BUF_INIT, b = BUF_INIT;
    eval_args(c, &s, argc, argv);
    for (size_t i = 0; i < s.len; i++) {
        unsigned char ch = (unsigned char)s.data[i];
        switch (ch) {
        case '\\': buf_adds(&b, "\\\\"); break;
        case '\'': buf_adds(&b, "\\'"); break;
        case '"': buf_adds(&b, "\\\""); break;
        case '<': buf_adds(&b, "\\u003C"); break;
        case '>': buf_adds(&b, "\\u003E"); break;
        case '&': buf_adds(&b, "\\u0026"); break;
        case '=': buf_adds(&b, "\\u003D"); break;
        default:
            if (ch < ' ') { buf_adds(&b, "\\u00"); buf_addc(&b, hex[ch >> 4]); buf_addc(&b, hex[ch & 15]); }
            else if (ch >= 0x80) {
                uint32_t r;
                int len = utf8_rune(s.data + i, s.len - i, &r);
                if (len > 1 && !is_print_rune(r)) buf_printf(&b, "\\u%04X", r);
                else buf_add(&b, s.data + i, (size_t)len);
                i += (size_t)len - 1;
            } else buf_addc(&b, (char)ch);
        }
    }
    buf_free(&s);
    *out = str_out(c, &b);
    return 0;
}

static int b_urlquery(FnCall *c, int argc, Value *argv, Value *out)
{
    static const char hex[] = "0123456789ABCDEF";
    Buf s = BUF_INIT, b = BUF_INIT;
    eval_args(c, &s, argc, argv);
    for (size_t i = 0; i < s.len; i++) {
        unsigned char ch = (unsigned char)s.data[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.' || ch == '~') buf_addc(&b, (char)ch);
        else if (ch == ' ') buf_addc(&b, '+');
        else { buf_addc(&b, '%'); buf_addc(&b, hex[ch >> 4]); buf_addc(&b, hex[ch & 15]); }
    }
    buf_free(&s);
    *out = str_out(c, &b);
    return 0;
}

/* argv[0] is the callee's name (Go's node text), put there by the compiler */
static int b_call(FnCall *c, int argc, Value *argv, Value *out)
{
    Value fn = argv[1];
    const char *name = argv[0].kind == V_STR ? argv[0].u.s->s : "";
    if (fn.kind == V_NIL) return fn_error(c, "call of nil");
    if (fn.kind != V_FUNC) return fn_error(c, "non-function %s of type %s", name, val_typename(fn));
    for (int i = 2; i < argc; i++) argv[i] = clean(argv[i]);
    return fn.u.fn->def->impl(c, argc - 2, argv + 2, out);
}

const FnDef fn_builtin_table[] = {
    {"and", b_and, "rr*", 0},
    {"call", b_call, "rr*", 0},
    {"eq", b_eq, "rr*", 0},
    {"ge", b_ge, "rr", 0},
    {"gt", b_gt, "rr", 0},
    {"html", b_html, "a*", 0},
    {"index", b_index, "rr*", FN_PEEKS},
    {"js", b_js, "a*", 0},
    {"le", b_le, "rr", 0},
    {"len", b_len, "r", 0},
    {"lt", b_lt, "rr", 0},
    {"ne", b_ne, "rr", 0},
    {"not", b_not, "r", 0},
    {"or", b_or, "rr*", 0},
    {"print", b_print, "a*", 0},
    {"printf", b_printf, "sa*", 0},
    {"println", b_println, "a*", 0},
    {"slice", b_slice, "rr*", 0},
    {"urlquery", b_urlquery, "a*", 0},
};
const size_t fn_builtin_count = sizeof fn_builtin_table / sizeof fn_builtin_table[0];
