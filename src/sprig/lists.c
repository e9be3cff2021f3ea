/*
 * lists.c - Sprig's list and dict functions (group "lists").
 *
 * Lists: Sprig takes any Go slice through reflection (so []string from
 * splitList, []int from until and []byte work too) and returns new
 * []interface{} values; only `slice` keeps the input's type and shares
 * its items, as reflect.Value.Slice does.  Non-slice arguments fail with
 * "Cannot <op> on type <kind>" (the must- variants return the same text
 * as an error, the others panic with it), and nil fails with the nil
 * dereference panic because Sprig calls reflect.TypeOf(nil).Kind().
 *
 * Dicts are Go maps: set/unset/merge change the map every reference
 * sees and return it.  keys/values follow Go's random map order; we give
 * them in key order.
 */
#include <math.h>
#include <string.h>

#include "cast.h"
#include "sprig_util.h"

static int not_seq(FnCall *c, Value v, const char *fmt)
{
    if (v.kind == V_NIL) return fn_error(c, CAST_NIL_PANIC);
    return fn_error(c, fmt, cast_kind(v));
}

static int ret_list(Value *out, List *l, uint8_t gt)
{
    *out = val_list(l);
    out->gtype = gt;
    return 0;
}

/* A new []interface{} with the items [from, to) of slice v. */
static List *copy_items(FnCall *c, Value v, uint32_t from, uint32_t to, uint32_t extra)
{
    List *l = sprig_new_list(c, (size_t)(to - from) + extra);
    if (!l) return NULL;
    for (uint32_t i = from; i < to; i++) l->items[l->len++] = sprig_seq_at(v, i);
    return l;
}

static int f_list(FnCall *c, int argc, Value *argv, Value *out)
{
    List *l = sprig_new_list(c, (size_t)argc);
    if (!l) return -1;
    for (int i = 0; i < argc; i++) l->items[l->len++] = argv[i];
    return ret_list(out, l, GT_LIST_IFACE);
}

static int f_push(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, "Cannot push on type %s");
    List *l = copy_items(c, v, 0, sprig_seq_len(v), 1);
    if (!l) return -1;
    l->items[l->len++] = argv[1];
    return ret_list(out, l, GT_LIST_IFACE);
}

static int f_prepend(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, "Cannot prepend on type %s");
    uint32_t n = sprig_seq_len(v);
    List *l = sprig_new_list(c, (size_t)n + 1);
    if (!l) return -1;
    l->items[l->len++] = argv[1];
    for (uint32_t i = 0; i < n; i++) l->items[l->len++] = sprig_seq_at(v, i);
    return ret_list(out, l, GT_LIST_IFACE);
}

static int f_first(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, "Cannot find first on type %s");
    *out = sprig_seq_len(v) ? sprig_seq_at(v, 0) : val_nil();
    return 0;
}

static int f_last(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, "Cannot find last on type %s");
    uint32_t n = sprig_seq_len(v);
    *out = n ? sprig_seq_at(v, n - 1) : val_nil();
    return 0;
}

/* rest/initial of an empty list return a nil []interface{}: prints [],
 * typeOf says []interface {}. */
static int f_rest(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, "Cannot find rest on type %s");
    uint32_t n = sprig_seq_len(v);
    List *l = copy_items(c, v, n ? 1 : 0, n, 0);
    return l ? ret_list(out, l, GT_LIST_IFACE) : -1;
}

static int f_initial(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, "Cannot find initial on type %s");
    uint32_t n = sprig_seq_len(v);
    List *l = copy_items(c, v, 0, n ? n - 1 : 0, 0);
    return l ? ret_list(out, l, GT_LIST_IFACE) : -1;
}

static int f_reverse(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, "Cannot find reverse on type %s");
    uint32_t n = sprig_seq_len(v);
    List *l = sprig_new_list(c, n);
    if (!l) return -1;
    for (uint32_t i = 0; i < n; i++) l->items[l->len++] = sprig_seq_at(v, n - 1 - i);
    return ret_list(out, l, GT_LIST_IFACE);
}

/* compact, uniq and without: the items of slice v that keep() accepts,
 * given the items kept so far (uniq compares with reflect.DeepEqual). */
typedef bool (*KeepFn)(Value it, const List *kept, int argc, const Value *argv);

static int filter(FnCall *c, Value *out, const char *fmt, KeepFn keep, int argc, const Value *argv)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) return not_seq(c, v, fmt);
    uint32_t n = sprig_seq_len(v);
    List *l = sprig_new_list(c, n);
    if (!l) return -1;
    for (uint32_t i = 0; i < n; i++) {
        Value it = sprig_seq_at(v, i);
        if (keep(it, l, argc, argv)) l->items[l->len++] = it;
    }
    return ret_list(out, l, GT_LIST_IFACE);
}

static bool in_items(const Value *items, uint32_t n, Value x)
{
    for (uint32_t i = 0; i < n; i++)
        if (val_deepequal(x, items[i])) return true;
    return false;
}

static bool keep_nonempty(Value it, const List *kept, int argc, const Value *argv) { return !cast_empty(it); }
static bool keep_new(Value it, const List *kept, int argc, const Value *argv) { return !in_items(kept->items, kept->len, it); }
static bool keep_not_omitted(Value it, const List *kept, int argc, const Value *argv)
{
    return !in_items(argv + 1, (uint32_t)(argc - 1), it);
}

static int f_compact(FnCall *c, int argc, Value *argv, Value *out) { return filter(c, out, "Cannot compact on type %s", keep_nonempty, argc, argv); }
static int f_uniq(FnCall *c, int argc, Value *argv, Value *out) { return filter(c, out, "Cannot find uniq on type %s", keep_new, argc, argv); }
static int f_without(FnCall *c, int argc, Value *argv, Value *out) { return filter(c, out, "Cannot find without on type %s", keep_not_omitted, argc, argv); }

static int f_has(FnCall *c, int argc, Value *argv, Value *out)
{
    Value h = argv[1];
    if (h.kind == V_NIL) { *out = val_bool(false); return 0; }
    if (!sprig_is_seq(h)) return fn_error(c, "Cannot find has on type %s", cast_kind(h));
    bool found = false;
    for (uint32_t i = 0; i < sprig_seq_len(h) && !found; i++)
        found = val_deepequal(argv[0], sprig_seq_at(h, i));
    *out = val_bool(found);
    return 0;
}

/* reflect.Value.Slice: keeps the slice's type and shares its items. */
static int f_slice(FnCall *c, int argc, Value *argv, Value *out)
{
    Value v = argv[0];
    if (!sprig_is_seq(v)) {
        if (v.kind == V_NIL) return fn_error(c, CAST_NIL_PANIC);
        return fn_error(c, "list should be type of slice or array but %s", cast_kind(v));
    }
    int64_t n = sprig_seq_len(v);
    if (n == 0) { *out = val_nil(); return 0; }
    int64_t a = argc > 1 ? cast_to_int64(argv[1]) : 0;
    int64_t e = argc > 2 ? cast_to_int64(argv[2]) : n;
    if (a < 0 || e < a || e > n) return fn_error(c, "reflect.Value.Slice: slice index out of bounds");
    if (v.kind == V_STR) {
        if (sprig_ret_str(c, out, v.u.s->s + a, (size_t)(e - a)) < 0) return -1;
        out->gtype = GT_BYTES;
        return 0;
    }
    List *l = ARENA_NEW(fn_arena(c), List);
    if (!l) return fn_error(c, "out of memory");
    l->items = v.u.l->items + a;
    l->len = l->cap = (uint32_t)(e - a);
    return ret_list(out, l, v.gtype);
}

static int f_concat(FnCall *c, int argc, Value *argv, Value *out)
{
    size_t total = 0;
    for (int i = 0; i < argc; i++) {
        Value v = argv[i];
        if (!sprig_is_seq(v)) {
            if (v.kind == V_NIL) return fn_error(c, CAST_NIL_PANIC);
            return fn_error(c, "Cannot concat type %s as list", cast_kind(v));
        }
        total += sprig_seq_len(v);
    }
    if (total > UINT32_MAX / 2) return fn_error(c, "out of memory");
    List *l = sprig_new_list(c, total);
    if (!l) return -1;
    for (int i = 0; i < argc; i++)
        for (uint32_t k = 0; k < sprig_seq_len(argv[i]); k++) l->items[l->len++] = sprig_seq_at(argv[i], k);
    /* Sprig appends to a nil slice: nothing appended stays nil */
    if (!l->len) l->flags |= LIST_NIL;
    return ret_list(out, l, GT_LIST_IFACE);
}

/* mustChunk computes its sizes in float64 and converts them with int(),
 * so size 0 or a negative size reach make() with a bad length
 * ("makeslice: len out of range") except in a few cases (chunk -2
 * (list 1) is [[1]] in helm). */
static int f_chunk(FnCall *c, int argc, Value *argv, Value *out)
{
    int64_t size = argv[0].u.i;
    Value v = argv[1];
    if (!sprig_is_seq(v)) {
        if (v.kind == V_NIL) return fn_error(c, CAST_NIL_PANIC);
        return fn_error(c, "Cannot chunk type %s", cast_kind(v));
    }
    int64_t n = sprig_seq_len(v);
    int64_t cs = cast_float_to_int64(floor((double)(n - 1) / (double)size) + 1);
    if (cs < 0 || cs > n + 1) return fn_error(c, "runtime error: makeslice: len out of range");
    List *l = sprig_new_list(c, (size_t)cs);
    if (!l) return -1;
    for (int64_t i = 0; i < cs; i++) {
        int64_t clen = size;
        if (i == cs - 1) {
            clen = cast_float_to_int64(floor(fmod((double)n, (double)size)));
            if (clen == 0) clen = size;
        }
        if (clen < 0 || clen > n) return fn_error(c, "runtime error: makeslice: len out of range");
        List *ch = sprig_new_list(c, (size_t)clen);
        if (!ch) return -1;
        for (int64_t j = 0; j < clen; j++) {
            int64_t ix = i * size + j;
            if (ix < 0 || ix >= n)
                return fn_error(c, "reflect: slice index out of range");
            ch->items[ch->len++] = sprig_seq_at(v, (uint32_t)ix);
        }
        l->items[l->len++] = val_list(ch);
    }
    return ret_list(out, l, GT_LIST_LIST_IFACE);
}

/* ---- dicts ------------------------------------------------------------ */

/* A nil map[string]interface{} (nil passed for a map parameter) reads as
 * empty; writing to it panics, as in Go. */
static Value *dict_get(Value d, Str *k)
{
    return d.kind == V_MAP ? map_get(d.u.m, k) : NULL;
}

static int empty_dict(FnCall *c, Value *out)
{
    Map *m = map_new(fn_arena(c), 0);
    if (!m) return fn_error(c, "out of memory");
    *out = val_map(m);
    return 0;
}

static int f_dict(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    Map *m = map_new(a, (size_t)(argc + 1) / 2);
    if (!m) return fn_error(c, "out of memory");
    for (int i = 0; i < argc; i += 2) {
        Str *k = cast_strval_str(a, argv[i]);
        Value v = i + 1 < argc ? argv[i + 1] : val_str(str_empty());
        if (!k || !map_set(a, m, k, v)) return fn_error(c, "out of memory");
    }
    *out = val_map(m);
    return 0;
}

static int f_get(FnCall *c, int argc, Value *argv, Value *out)
{
    Value *v = dict_get(argv[0], argv[1].u.s);
    *out = v ? *v : val_str(str_empty());
    return 0;
}

static int f_set(FnCall *c, int argc, Value *argv, Value *out)
{
    if (argv[0].kind != V_MAP || (argv[0].u.m->flags & MAP_NIL))
        return fn_error(c, "assignment to entry in nil map");
    if (!map_set(fn_arena(c), argv[0].u.m, argv[1].u.s, argv[2])) return fn_error(c, "out of memory");
    *out = argv[0];
    return 0;
}

static int f_unset(FnCall *c, int argc, Value *argv, Value *out)
{
    if (argv[0].kind != V_MAP) return empty_dict(c, out);
    map_del(argv[0].u.m, argv[1].u.s);
    *out = argv[0];
    return 0;
}

static int f_haskey(FnCall *c, int argc, Value *argv, Value *out)
{
    *out = val_bool(dict_get(argv[0], argv[1].u.s) != NULL);
    return 0;
}

static int f_pluck(FnCall *c, int argc, Value *argv, Value *out)
{
    List *l = sprig_new_list(c, (size_t)argc);
    if (!l) return -1;
    for (int i = 1; i < argc; i++) {
        Value *v = argv[i].kind == V_MAP ? map_get(argv[i].u.m, argv[0].u.s) : NULL;
        if (v) l->items[l->len++] = *v;
    }
    return ret_list(out, l, GT_LIST_IFACE);
}

static int f_keys(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    List *l = sprig_new_list(c, 0);
    if (!l) return -1;
    for (int i = 0; i < argc; i++) {
        if (argv[i].kind != V_MAP) continue;
        MapEntry **e = map_sorted(argv[i].u.m, a);
        for (uint32_t k = 0; k < map_len(argv[i].u.m); k++)
            if (!list_push(a, l, val_str(e[k]->key))) return fn_error(c, "out of memory");
    }
    return ret_list(out, l, GT_LIST_STRING);
}

static int f_values(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    if (argv[0].kind != V_MAP) {
        List *e = sprig_new_list(c, 0);
        return e ? ret_list(out, e, GT_LIST_IFACE) : -1;
    }
    Map *m = argv[0].u.m;
    List *l = sprig_new_list(c, map_len(m));
    if (!l) return -1;
    MapEntry **e = map_sorted(m, a);
    for (uint32_t k = 0; k < map_len(m); k++) l->items[l->len++] = e[k]->val;
    return ret_list(out, l, GT_LIST_IFACE);
}

static int f_pick(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    Map *m = map_new(a, 0);
    if (!m) return fn_error(c, "out of memory");
    for (int i = 1; i < argc; i++) {
        Value *v = dict_get(argv[0], argv[i].u.s);
        if (v && !map_set(a, m, argv[i].u.s, *v)) return fn_error(c, "out of memory");
    }
    *out = val_map(m);
    return 0;
}

static int f_omit(FnCall *c, int argc, Value *argv, Value *out)
{
    Arena *a = fn_arena(c);
    if (argv[0].kind != V_MAP) return empty_dict(c, out);
    Map *src = argv[0].u.m, *m = map_new(a, 0);
    if (!m) return fn_error(c, "out of memory");
    for (uint32_t i = 0; i < src->used; i++) {
        MapEntry *e = &src->entries[i];
        if (!e->key) continue;
        bool drop = false;
        for (int k = 1; k < argc && !drop; k++) drop = str_eq(e->key, argv[k].u.s);
        if (!drop && !map_set(a, m, e->key, e->val)) return fn_error(c, "out of memory");
    }
    *out = val_map(m);
    return 0;
}

/*
 * mergo.Merge / MergeWithOverwrite on map[string]interface{}, as observed:
 * a nested map merges into a nested map in place; otherwise a key is set
 * when the destination lacks it or holds an empty value, or always when
 * overwriting (a nil source value then sets nil, an empty nested map
 * leaves a non-empty destination map alone).  Without overwrite a nil
 * source value is skipped.
 */
static bool merge_into(Arena *a, Map *dst, Map *src, bool over, int depth)
{
    if (depth > 100) return true;
    for (uint32_t i = 0; i < src->used; i++) {
        MapEntry *e = &src->entries[i];
        if (!e->key) continue;
        Value sv = e->val, *dv = map_get(dst, e->key);
        if (sv.kind == V_NIL) {
            if (over && !map_set(a, dst, e->key, sv)) return false;
            continue;
        }
        if (sv.kind == V_MAP && dv && dv->kind == V_MAP) {
            if (!merge_into(a, dv->u.m, sv.u.m, over, depth + 1)) return false;
            if (!cast_empty(*dv)) continue;
        }
        if (sv.kind == V_LIST && dv && !cast_empty(*dv) && !over) continue;
        if (over || !dv || cast_empty(*dv))
            if (!map_set(a, dst, e->key, sv)) return false;
    }
    return true;
}

static int merge(FnCall *c, int argc, Value *argv, Value *out, bool over)
{
    if (argv[0].kind != V_MAP && empty_dict(c, &argv[0]) < 0) return -1;
    for (int i = 1; i < argc; i++) {
        if (argv[i].kind != V_MAP) continue;
        if (!merge_into(fn_arena(c), argv[0].u.m, argv[i].u.m, over, 0)) return fn_error(c, "out of memory");
    }
    *out = argv[0];
    return 0;
}

static int f_merge(FnCall *c, int argc, Value *argv, Value *out) { return merge(c, argc, argv, out, false); }
static int f_mergeover(FnCall *c, int argc, Value *argv, Value *out) { return merge(c, argc, argv, out, true); }

/* dig KEY... DEFAULT DICT: type assertions that fail panic with Go's
 * interface-conversion text. */
static int f_dig(FnCall *c, int argc, Value *argv, Value *out)
{
    if (argc < 3) return fn_error(c, "dig needs at least three arguments");
    Value d = argv[argc - 1];
    if (d.kind != V_MAP || d.gtype != GT_MAP_IFACE) {
        if (d.kind == V_NIL) return fn_error(c, "interface conversion: interface {} is nil, not map[string]interface {}");
        return fn_error(c, "interface conversion: interface {} is %s, not map[string]interface {}", val_typename(d));
    }
    for (int i = 0; i < argc - 2; i++) {
        Value k = argv[i];
        if (k.kind != V_STR || k.gtype != GT_STRING) {
            if (k.kind == V_NIL) return fn_error(c, "interface conversion: interface {} is nil, not string");
            return fn_error(c, "interface conversion: interface {} is %s, not string", val_typename(k));
        }
    }
    for (int i = 0; i < argc - 2; i++) {
        Value *step = map_get(d.u.m, argv[i].u.s);
        if (!step) { *out = argv[argc - 2]; return 0; }
        if (i == argc - 3) { *out = *step; return 0; }
        if (step->kind != V_MAP || step->gtype != GT_MAP_IFACE) {
            if (step->kind == V_NIL) return fn_error(c, "interface conversion: interface {} is nil, not map[string]interface {}");
            return fn_error(c, "interface conversion: interface {} is %s, not map[string]interface {}", val_typename(*step));
        }
        d = *step;
    }
    *out = argv[argc - 2];
    return 0;
}

static int f_deepcopy(FnCall *c, int argc, Value *argv, Value *out)
{
    if (argv[0].kind == V_NIL) return fn_error(c, "reflect: call of reflect.Value.Type on zero Value");
    *out = val_deepcopy(fn_arena(c), argv[0]);
    return 0;
}

const FnDef fn_lists_table[] = {
    {"list", f_list, "a*", FN_HOLDS},
    {"tuple", f_list, "a*", FN_HOLDS},
    {"append", f_push, "aa", 0},
    {"push", f_push, "aa", 0},
    {"mustAppend", f_push, "aa", 0},
    {"mustPush", f_push, "aa", 0},
    {"prepend", f_prepend, "aa", 0},
    {"mustPrepend", f_prepend, "aa", 0},
    {"first", f_first, "a", 0},
    {"mustFirst", f_first, "a", 0},
    {"rest", f_rest, "a", 0},
    {"mustRest", f_rest, "a", 0},
    {"last", f_last, "a", 0},
    {"mustLast", f_last, "a", 0},
    {"initial", f_initial, "a", 0},
    {"mustInitial", f_initial, "a", 0},
    {"reverse", f_reverse, "a", 0},
    {"mustReverse", f_reverse, "a", 0},
    {"uniq", f_uniq, "a", 0},
    {"mustUniq", f_uniq, "a", 0},
    {"without", f_without, "aa*", 0},
    {"mustWithout", f_without, "aa*", 0},
    {"has", f_has, "aa", 0},
    {"mustHas", f_has, "aa", 0},
    {"slice", f_slice, "aa*", 0},
    {"mustSlice", f_slice, "aa*", 0},
    {"concat", f_concat, "a*", 0},
    {"chunk", f_chunk, "ia", 0},
    {"mustChunk", f_chunk, "ia", 0},
    {"compact", f_compact, "a", 0},
    {"mustCompact", f_compact, "a", 0},
    {"dict", f_dict, "a*", FN_HOLDS | FN_KEYED},
    {"get", f_get, "Ms", FN_PEEKS},
    {"set", f_set, "Msa", FN_MUTATES},
    {"unset", f_unset, "Ms", FN_MUTATES},
    {"hasKey", f_haskey, "Ms", FN_PEEKS},
    {"pluck", f_pluck, "sM*", 0},
    {"keys", f_keys, "M*", 0},
    {"values", f_values, "M", 0},
    {"pick", f_pick, "Ms*", 0},
    {"omit", f_omit, "Ms*", 0},
    {"merge", f_merge, "MM*", FN_MUTATES},
    {"mustMerge", f_merge, "MM*", FN_MUTATES},
    {"mergeOverwrite", f_mergeover, "MM*", FN_MUTATES},
    {"mustMergeOverwrite", f_mergeover, "MM*", FN_MUTATES},
    {"dig", f_dig, "a*", 0},
    {"deepCopy", f_deepcopy, "a", 0},
    {"mustDeepCopy", f_deepcopy, "a", 0},
};
const size_t fn_lists_count = sizeof fn_lists_table / sizeof fn_lists_table[0];
