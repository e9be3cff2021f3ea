/*
 * semver.c - Sprig's semver and semverCompare (Masterminds/semver v3).
 *
 * Masterminds parses versions and constraints with Go regular expressions;
 * here each regexp is a small hand-written matcher with the same language
 * and, where submatches matter, the same leftmost-first choice:
 *
 *   version     ^v?N(\.N)?(\.N)?(-ID(\.ID)*)?(\+ID(\.ID)*)?$   N=[0-9]+
 *   constraint  v?C(\.C)?(\.C)?(-ID(\.ID)*)?(\+ID(\.ID)*)?     C=[0-9|xX*]+
 *                      (the '|' in C is a quirk of Masterminds' class)
 *   operators   = "" != > < >= => <= =< ~ ~> ^   tried in that order
 *
 * A constraint string is rewritten ("A - B" becomes ">= A, <= B "), split
 * on "||", each part validated as a whole (else "improper constraint: P")
 * and cut into single constraints.  A version with a pre-release only
 * satisfies an AND group that names a pre-release itself, which is why
 * semverCompare ">=1.30" "v1.30.2-gke.1" is false in helm.
 *
 * semver returns a *semver.Version object whose methods a template can
 * call (.Major .Minor .Patch .Prerelease .Metadata .Original .String
 * .Compare .LessThan .GreaterThan .Equal .IncMajor .IncMinor .IncPatch);
 * Inc* return a semver.Version value, which has no pointer methods.
 */
#include "../eval/func.h"
#include "../semver/semver.h"
#include "../value/fmt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- template objects ------------------------------------------------- */

static int obj_get(Arena *a, const Obj *o, const Str *name, Value *out);
static int val_get(Arena *a, const Obj *o, const Str *name, Value *out);

static void obj_print(const Obj *o, Buf *b) { semver_string(o->data, b); }

/* Masterminds' Version, unexported fields in declaration order, for fmt's
 * %#v (&semver.Version{major:0x1, ..., original:"1.2.3-rc.1+b"}) and the
 * verbs its String() does not serve (%d: &{1 2 3 %!d(string=rc.1) ...}). */
static Value go_fields(Arena *a, const Obj *o)
{
    const SemVer *sv = o->data;
    Map *m = map_new(a, 6);
    if (!sv || !m) return val_nil();
    m->flags |= MAP_STRUCT;
    const uint64_t num[3] = {sv->major, sv->minor, sv->patch};
    static const char *const nn[3] = {"major", "minor", "patch"};
    for (int i = 0; i < 3; i++) {
        Value u = val_int((int64_t)num[i]);
        u.gtype = GT_UINT64;
        u.u.u = num[i];
        map_sets(a, m, nn[i], u);
    }
    map_sets(a, m, "pre", val_str(str_cstr(a, sv->pre ? sv->pre : "")));
    map_sets(a, m, "metadata", val_str(str_cstr(a, sv->meta ? sv->meta : "")));
    map_sets(a, m, "original", val_str(str_cstr(a, sv->orig ? sv->orig : "")));
    return val_map(m);
}

static const ObjType semver_ptr_type = {"*semver.Version", "ptr", obj_get, obj_print, .go_fields = go_fields};
static const ObjType semver_val_type = {"semver.Version", "struct", val_get, obj_print, .go_fields = go_fields};

static Value semver_value(Arena *a, const SemVer *v, const ObjType *t)
{
    SemVer *copy = ARENA_NEW(a, SemVer);
    Obj *o = ARENA_NEW(a, Obj);
    if (!copy || !o) return val_nil();
    *copy = *v;
    o->type = t;
    o->data = copy;
    return val_obj(o);
}

static const SemVer *recv_ver(FnCall *c)
{
    Value r = fn_receiver(c);
    if (r.kind != V_OBJ || (r.u.o->type != &semver_ptr_type && r.u.o->type != &semver_val_type))
        return NULL;
    return r.u.o->data;
}

static int m_major(FnCall *c, int argc, Value *argv, Value *out)
{
    const SemVer *v = recv_ver(c);
    if (!v) return fn_error(c, "invalid receiver");
    const char *n = fn_name(c);
    uint64_t x = strcmp(n, "Major") == 0 ? v->major : strcmp(n, "Minor") == 0 ? v->minor : v->patch;
    out->kind = V_INT;
    out->gtype = GT_UINT64;
    out->flags = 0;
    out->u.u = x;
    return 0;
}

static int m_string(FnCall *c, int argc, Value *argv, Value *out)
{
    const SemVer *v = recv_ver(c);
    if (!v) return fn_error(c, "invalid receiver");
    const char *n = fn_name(c);
    if (strcmp(n, "String") == 0) {
        Buf b = BUF_INIT;
        semver_string(v, &b);
        *out = val_strn(fn_arena(c), b.data ? b.data : "", b.len);
        buf_free(&b);
        return 0;
    }
    const char *s = strcmp(n, "Prerelease") == 0 ? v->pre : strcmp(n, "Metadata") == 0 ? v->meta : v->orig;
    *out = val_cstr(fn_arena(c), s);
    return 0;
}

static const char *v_prefix(const SemVer *v) { return v->orig[0] == 'v' ? "v" : ""; }

static int m_inc(FnCall *c, int argc, Value *argv, Value *out)
{
    const SemVer *v = recv_ver(c);
    if (!v) return fn_error(c, "invalid receiver");
    SemVer n = *v;
    const char *name = fn_name(c);
    if (strcmp(name, "IncPatch") == 0) {
        if (!*v->pre) n.patch++;
    } else if (strcmp(name, "IncMinor") == 0) {
        n.patch = 0;
        n.minor++;
    } else {
        n.patch = n.minor = 0;
        n.major++;
    }
    n.pre = n.meta = "";
    Buf b = BUF_INIT;
    buf_adds(&b, v_prefix(v));
    semver_string(&n, &b);
    n.orig = arena_strndup(fn_arena(c), b.data, b.len);
    buf_free(&b);
    *out = semver_value(fn_arena(c), &n, &semver_val_type);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

static int m_compare(FnCall *c, int argc, Value *argv, Value *out)
{
    const SemVer *v = recv_ver(c);
    if (!v) return fn_error(c, "invalid receiver");
    /* the VM converted the argument (sig 'V'); Go passes a nil pointer
     * on, and Compare dereferences it */
    if (argv[0].kind != V_OBJ) return fn_error(c, "runtime error: invalid memory address or nil pointer dereference");
    int d = semver_cmp(v, argv[0].u.o->data);
    const char *n = fn_name(c);
    if (strcmp(n, "Compare") == 0) *out = val_int(d);
    else if (strcmp(n, "LessThan") == 0) *out = val_bool(d < 0);
    else if (strcmp(n, "GreaterThan") == 0) *out = val_bool(d > 0);
    else *out = val_bool(d == 0);
    return 0;
}

/* Methods of semver.Version (value receiver) first; the pointer type also
 * has the rest. */
static const FnDef semver_methods[] = {
    {"IncMajor", m_inc, "", 0},
    {"IncMinor", m_inc, "", 0},
    {"IncPatch", m_inc, "", 0},
    {"Major", m_major, "", 0},
    {"Metadata", m_string, "", 0},
    {"Minor", m_major, "", 0},
    {"Patch", m_major, "", 0},
    {"Prerelease", m_string, "", 0},
    {"String", m_string, "", 0},
#define SEMVER_VALUE_METHODS 9
    {"Compare", m_compare, "V", 0},
    {"Equal", m_compare, "V", 0},
    {"GreaterThan", m_compare, "V", 0},
    {"LessThan", m_compare, "V", 0},
    {"Original", m_string, "", 0},
};

static int method_get(Arena *a, const Obj *o, const Str *name, Value *out, size_t count)
{
    return fn_bind_method(a, o, semver_methods, count, name, out);
}

static int obj_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    return method_get(a, o, name, out, sizeof semver_methods / sizeof *semver_methods);
}

static int val_get(Arena *a, const Obj *o, const Str *name, Value *out)
{
    return method_get(a, o, name, out, SEMVER_VALUE_METHODS);
}

/* ---- template functions ----------------------------------------------- */

static int fn_semver(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *s = argv[0].u.s;
    SemVer v;
    char err[200];
    if (!semver_parse(fn_arena(c), s->s, s->len, &v, err, sizeof err)) return fn_error(c, "%s", err);
    *out = semver_value(fn_arena(c), &v, &semver_ptr_type);
    return out->kind == V_NIL ? fn_error(c, "out of memory") : 0;
}

static int fn_semverCompare(FnCall *c, int argc, Value *argv, Value *out)
{
    const Str *cs = argv[0].u.s, *vs = argv[1].u.s;
    char err[300];
    /* Sprig parses the constraint first, so its error wins. */
    SemVer dummy = {0, 0, 0, "", "", ""};
    if (semver_check(fn_arena(c), cs->s, cs->len, &dummy, err, sizeof err) < 0)
        return fn_error(c, "%s", err);
    SemVer v;
    if (!semver_parse(fn_arena(c), vs->s, vs->len, &v, err, sizeof err)) return fn_error(c, "%s", err);
    int r = semver_check(fn_arena(c), cs->s, cs->len, &v, err, sizeof err);
    if (r < 0) return fn_error(c, "%s", err);
    *out = val_bool(r == 1);
    return 0;
}

const FnDef fn_semver_table[] = {
    {"semver", fn_semver, "s", 0},
    {"semverCompare", fn_semverCompare, "ss", 0},
};
const size_t fn_semver_count = sizeof fn_semver_table / sizeof fn_semver_table[0];
