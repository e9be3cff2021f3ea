/*
 * defaults.c - Sprig's defaults, logic and reflection (group "defaults"):
 * default empty coalesce all any ternary, typeOf typeIs typeIsLike kindOf
 * kindIs deepEqual.
 *
 * "Empty" is Sprig's empty(): nil, 0, 0.0, false, "" and empty lists and
 * maps; structs (objects) never are.  typeOf is fmt's %T and kindOf
 * reflect's Kind name ("invalid" for nil).
 */
#include <string.h>

#include "cast.h"
#include "sprig_util.h"

/* default DEFAULT [GIVEN]: GIVEN unless it is missing or empty. */
static int f_default(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = (argc < 2 || cast_empty(argv[1])) ? argv[0] : argv[1];
    return 0;
}

static int f_empty(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(cast_empty(argv[0]));
    return 0;
}

static int f_coalesce(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_nil();
    for (int i = 0; i < argc; i++)
        if (!cast_empty(argv[i])) { *out = argv[i]; break; }
    return 0;
}

static int f_all(FnCall *c, int argc, Value *argv, Value *out)
{
    bool r = true;
    for (int i = 0; i < argc && r; i++) r = !cast_empty(argv[i]);
    *out = val_bool(r);
    return 0;
}

static int f_any(FnCall *c, int argc, Value *argv, Value *out)
{
    bool r = false;
    for (int i = 0; i < argc && !r; i++) r = !cast_empty(argv[i]);
    *out = val_bool(r);
    return 0;
}

static int f_ternary(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = argv[2].u.b ? argv[0] : argv[1];
    return 0;
}

static int ret_cstr(FnCall *c, Value *out, const char *s) { return sprig_ret_str(c, out, s, strlen(s)); }

static int f_typeof(FnCall *c, int argc, Value *argv, Value *out) { return ret_cstr(c, out, val_typename(argv[0])); }
static int f_kindof(FnCall *c, int argc, Value *argv, Value *out) { return ret_cstr(c, out, val_kindname(argv[0])); }

static bool str_is(Value s, const char *t)
{
    size_t n = strlen(t);
    return s.u.s->len == n && memcmp(s.u.s->s, t, n) == 0;
}

static int f_typeis(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(str_is(argv[0], val_typename(argv[1])));
    return 0;
}

/* typeIsLike T V: typeOf V is T or *T. */
static int f_typeislike(FnCall *c, int argc, Value *argv, Value *out)
{
    const char *t = val_typename(argv[1]);
    Str *target = argv[0].u.s;
    bool r = str_is(argv[0], t) ||
             (t[0] == '*' && strlen(t + 1) == target->len && memcmp(t + 1, target->s, target->len) == 0);
    *out = val_bool(r);
    return 0;
}

static int f_kindis(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(str_is(argv[0], val_kindname(argv[1])));
    return 0;
}

static int f_deepequal(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(val_deepequal(argv[0], argv[1]));
    return 0;
}

const FnDef fn_defaults_table[] = {
    {"default", f_default, "aa*", 0},
    {"empty", f_empty, "a", 0},
    {"coalesce", f_coalesce, "a*", 0},
    {"all", f_all, "a*", 0},
    {"any", f_any, "a*", 0},
    {"ternary", f_ternary, "aab", 0},
    {"typeOf", f_typeof, "a", 0},
    {"typeIs", f_typeis, "sa", 0},
    {"typeIsLike", f_typeislike, "sa", 0},
    {"kindOf", f_kindof, "a", 0},
    {"kindIs", f_kindis, "sa", 0},
    {"deepEqual", f_deepequal, "aa", 0},
};
const size_t fn_defaults_count = sizeof fn_defaults_table / sizeof fn_defaults_table[0];
