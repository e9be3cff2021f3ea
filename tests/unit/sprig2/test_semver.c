/* Unit tests of semver.c: every case of testdata/functions/semver.cases
 * made only of `{{ semverCompare "C" "V" }}` / `{{ semver "X" }}` calls
 * joined by '|' is evaluated directly and compared with helm's output;
 * plus the object's methods. */
#include "shim.h"

#include <stdlib.h>

extern const FnDef fn_semver_table[];
extern const size_t fn_semver_count;

static Arena A;

/* Parses `{{ FN "a" "b" }}` at *p; returns argc (0 = no match). */
static int parse_call(const char **p, char *fn, size_t fnn, char args[2][256])
{
    const char *s = *p;
    if (strncmp(s, "{{ ", 3) != 0) return 0;
    s += 3;
    size_t k = 0;
    while (*s && *s != ' ' && k + 1 < fnn) fn[k++] = *s++;
    fn[k] = 0;
    int argc = 0;
    while (*s == ' ' && s[1] == '"' && argc < 2) {
        s += 2;
        size_t l = 0;
        while (*s && *s != '"' && *s != '\\' && l + 1 < 256) args[argc][l++] = *s++;
        if (*s != '"') return 0;
        args[argc++][l] = 0;
        s++;
    }
    if (strncmp(s, " }}", 3) != 0) return 0;
    *p = s + 3;
    return argc;
}

static void test_cases(void)
{
    char *ct = shim_slurp(SRCDIR "/testdata/functions/semver.cases");
    char *et = shim_slurp(SRCDIR "/testdata/functions/semver.expected");
    CHECK(ct && et);
    if (!ct || !et) return;
    ShimCase *cs, *es;
    size_t nc = shim_read_cases(ct, &cs), ne = shim_read_cases(et, &es);
    int evaluated = 0;
    for (size_t i = 0; i < nc; i++) {
        const char *p = cs[i].text;
        Buf got = BUF_INIT;
        const char *err = NULL;
        int ok = 1;
        while (*p && ok) {
            char fn[32], args[2][256];
            int argc = parse_call(&p, fn, sizeof fn, args);
            if (!argc || (strcmp(fn, "semverCompare") != 0 && strcmp(fn, "semver") != 0)) { ok = 0; break; }
            Value av[2] = {S(&A, args[0]), argc > 1 ? S(&A, args[1]) : val_nil()};
            if ((strcmp(fn, "semver") == 0) != (argc == 1)) { ok = 0; break; }
            const char *r = shim_call(&A, fn_semver_table, fn_semver_count, fn, argc, av, NULL);
            if (strncmp(r, "ERR: ", 5) == 0) { err = r + 5; break; }
            buf_adds(&got, r);
            if (*p == '|') { buf_addc(&got, '|'); p++; }
            else if (*p) ok = 0;
        }
        if (!ok) { buf_free(&got); continue; }
        const ShimCase *e = shim_find_case(es, ne, cs[i].name);
        if (!e) { buf_free(&got); continue; }
        evaluated++;
        if (e->err) {
            const char *want = shim_call_error(&A, e->text);
            if (!err || !want || strcmp(err, want) != 0)
                printf("case %s: ", cs[i].name);
            CHECK_STR(err, want);
        } else {
            if (err || strcmp(got.data ? got.data : "", e->text) != 0) printf("case %s: ", cs[i].name);
            CHECK_STR(err ? err : (got.data ? got.data : ""), e->text);
        }
        buf_free(&got);
    }
    CHECK(evaluated > 100);
    free(cs);
    free(es);
    free(ct);
    free(et);
}

static Value get(Value obj, const char *name)
{
    Value m = val_nil();
    if (obj.kind != V_OBJ || !obj.u.o->type->get(&A, obj.u.o, str_cstr(&A, name), &m)) return val_nil();
    return m;
}

static const char *call_method(Value obj, const char *name, int argc, Value *argv)
{
    Value m = get(obj, name);
    if (m.kind != V_FUNC) return "(no method)";
    FnCall c = {&A, name, m.u.fn->recv, {0}};
    Value out = val_nil();
    if (m.u.fn->def->impl(&c, argc, argv, &out)) return arena_printf(&A, "ERR: %s", c.err);
    Buf b = BUF_INIT;
    if (out.kind == V_INT && out.gtype == GT_UINT64) buf_printf(&b, "%llu", (unsigned long long)out.u.u);
    else if (out.kind == V_OBJ) out.u.o->type->print(out.u.o, &b);
    else fmt_value(&b, out);
    char *s = arena_strndup(&A, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static void test_object(void)
{
    Value v, w;
    Value arg = S(&A, "v1.2.3-rc.1+b.5");
    shim_call(&A, fn_semver_table, fn_semver_count, "semver", 1, &arg, &v);
    CHECK(v.kind == V_OBJ);
    if (v.kind != V_OBJ) return;
    CHECK_STR(v.u.o->type->go_type, "*semver.Version");
    CHECK_STR(v.u.o->type->go_kind, "ptr");
    CHECK_STR(call_method(v, "Major", 0, NULL), "1");
    CHECK_STR(call_method(v, "Minor", 0, NULL), "2");
    CHECK_STR(call_method(v, "Patch", 0, NULL), "3");
    CHECK_STR(call_method(v, "Prerelease", 0, NULL), "rc.1");
    CHECK_STR(call_method(v, "Metadata", 0, NULL), "b.5");
    CHECK_STR(call_method(v, "Original", 0, NULL), "v1.2.3-rc.1+b.5");
    CHECK_STR(call_method(v, "String", 0, NULL), "1.2.3-rc.1+b.5");
    CHECK_STR(call_method(v, "IncPatch", 0, NULL), "1.2.3");
    CHECK_STR(call_method(v, "IncMinor", 0, NULL), "1.3.0");
    CHECK_STR(call_method(v, "IncMajor", 0, NULL), "2.0.0");
    arg = S(&A, "1.10.0");
    shim_call(&A, fn_semver_table, fn_semver_count, "semver", 1, &arg, &w);
    CHECK_STR(call_method(v, "Compare", 1, &w), "-1");
    CHECK_STR(call_method(w, "Compare", 1, &v), "1");
    CHECK_STR(call_method(v, "LessThan", 1, &w), "true");
    CHECK_STR(call_method(v, "GreaterThan", 1, &w), "false");
    CHECK_STR(call_method(v, "Equal", 1, &v), "true");
    Value inc = get(v, "IncMajor");
    CHECK(inc.kind == V_FUNC);
    Value iv = val_nil();
    FnCall c = {&A, "IncMajor", inc.u.fn->recv, {0}};
    inc.u.fn->def->impl(&c, 0, NULL, &iv);
    CHECK(iv.kind == V_OBJ && strcmp(iv.u.o->type->go_type, "semver.Version") == 0);
    CHECK(get(iv, "Original").kind == V_NIL);
    CHECK(get(iv, "Major").kind == V_FUNC);
    CHECK(get(v, "Nope").kind == V_NIL);
}


int main(void)
{
    arena_init(&A);
    test_cases();
    test_object();
    shim_helm_suite(&A, "semver", fn_semver_table, fn_semver_count, 30);
    arena_free(&A);
    return CHECK_DONE();
}
