/*
 * tomlfn.c - template functions of group "toml": helm's toToml and
 * fromToml.  toToml returns the encoder's error text as its result, as
 * helm's does; fromToml puts a parse error under the key "Error".
 */
#include "../eval/func.h"
#include "toml.h"

static int fn_toToml(FnCall *c, int argc, Value *argv, Value *out)
{
    Buf b = BUF_INIT, err = BUF_INIT;
    int r = toml_encode(&b, argv[0], &err);
    if (r == -2) {
        fn_error(c, "%s", err.data ? err.data : "");
        buf_free(&b);
        buf_free(&err);
        return -1;
    }
    Buf *src = r < 0 ? &err : &b;
    *out = val_strn(fn_arena(c), src->data ? src->data : "", src->len);
    buf_free(&b);
    buf_free(&err);
    if (out->kind != V_STR) return fn_error(c, "out of memory");
    return 0;
}

static int fn_fromToml(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    Buf err = BUF_INIT;
    Value v = val_nil();
    Str *s = argv[0].u.s;
    int r = toml_decode(a, s->s, s->len, &v, &err);
    /* Unmarshal parses the whole document before it fills the map, so a
     * failed parse leaves it empty. */
    Map *m = r == 0 && v.kind == V_MAP ? v.u.m : map_new(a, 1);
    bool ok = m != NULL;
    if (ok && r < 0) ok = map_sets(a, m, "Error", val_strn(a, err.data ? err.data : "", err.len));
    buf_free(&err);
    if (!ok) return fn_error(c, "out of memory");
    *out = val_map(m);
    return 0;
}

const FnDef fn_toml_table[] = {
    {"toToml", fn_toToml, "a", 0},
    {"fromToml", fn_fromToml, "s", 0},
    {NULL, NULL, NULL, 0},
};
const size_t fn_toml_count = sizeof fn_toml_table / sizeof fn_toml_table[0] - 1;
