/* Unit tests for the arena and the value model (maps keep Go's reference
 * semantics, sorted iteration, deletion, growth past the index threshold). */
#include "../check.h"
#include "value/value.h"

#include <stdlib.h>

static void test_arena(void)
{
    Arena a;
    arena_init(&a);
    char *p = arena_alloc(&a, 10);
    CHECK(((uintptr_t)p & 15) == 0);
    memcpy(p, "abcdefghij", 10);
    char *q = arena_realloc(&a, p, 10, 5000);
    CHECK(q != NULL && memcmp(q, "abcdefghij", 10) == 0);
    char *big = arena_alloc(&a, 100000);
    CHECK(big != NULL);
    memset(big, 1, 100000);
    CHECK_STR(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
    arena_free(&a);
    a.limit = 1000;
    CHECK(arena_alloc(&a, 2000) == NULL);
    CHECK(arena_alloc(&a, 100) != NULL);
    arena_free(&a);
}

static void test_map(void)
{
    Arena a;
    arena_init(&a);
    Map *m = map_new(&a, 0);
    char key[16];
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "k%03d", 99 - i);
        CHECK(map_sets(&a, m, key, val_int(i)));
    }
    CHECK_INT(map_len(m), 100);
    CHECK_INT(map_gets(m, "k000")->u.i, 99);
    CHECK(map_gets(m, "nope") == NULL);
    Str *k5 = str_cstr(&a, "k005");
    CHECK(map_del(m, k5));
    CHECK(!map_del(m, k5));
    CHECK(map_get(m, k5) == NULL);
    CHECK_INT(map_len(m), 99);
    map_sets(&a, m, "k005", val_int(-1));
    CHECK_INT(map_gets(m, "k005")->u.i, -1);
    MapEntry **s = map_sorted(m, &a);
    int ordered = 1;
    for (uint32_t i = 1; i < map_len(m); i++)
        if (str_cmp(s[i - 1]->key, s[i]->key) >= 0) ordered = 0;
    CHECK(ordered);
    CHECK_STR(s[0]->key->s, "k000");

    /* Reference semantics: a copy of the Value sees changes. */
    Value v = val_map(m), w = v;
    map_sets(&a, w.u.m, "new", val_bool(true));
    CHECK(map_gets(v.u.m, "new") != NULL);
    Value c = val_deepcopy(&a, v);
    map_sets(&a, c.u.m, "onlycopy", val_nil());
    CHECK(map_gets(m, "onlycopy") == NULL);
    CHECK(val_deepequal(val_deepcopy(&a, v), v));
    CHECK(!val_deepequal(c, v));
    arena_free(&a);
}

static void test_kinds(void)
{
    Arena a;
    arena_init(&a);
    CHECK_STR(val_typename(val_nil()), "<nil>");
    CHECK_STR(val_kindname(val_nil()), "invalid");
    CHECK_STR(val_typename(val_float(1)), "float64");
    CHECK_STR(val_typename(val_int64(1)), "int64");
    CHECK_STR(val_typename(val_list(list_new(&a, 0))), "[]interface {}");
    CHECK_STR(val_kindname(val_list(list_new(&a, 0))), "slice");
    CHECK_STR(val_typename(val_map(map_new(&a, 0))), "map[string]interface {}");
    CHECK(!val_truth(val_cstr(&a, "")));
    CHECK(val_truth(val_cstr(&a, "0")));
    CHECK(!val_truth(val_float(0)));
    CHECK(!val_truth(val_map(map_new(&a, 0))));
    arena_free(&a);
}

/* map_sorted against a brute-force count: every size around the
 * insertion-sort run and the merge widths, keys sharing prefixes (so the
 * length tie-break of Go's byte order matters), deletions leaving holes. */
static void test_sorted_sizes(void)
{
    Arena a;
    arena_init(&a);
    unsigned seed = 12345;
    int bad = 0;
    for (uint32_t n = 0; n <= 140 && !bad; n++) {
        Map *m = map_new(&a, 0);
        char key[32];
        for (uint32_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 8) % 1000;
            int len = snprintf(key, sizeof key, "%s%u", r % 3 ? "k" : "kk", r);
            map_set(&a, m, str_new(&a, key, (size_t)(r % 5 ? len : 1)), val_int(i));
            if (r % 7 == 0) map_del(m, str_new(&a, key, (size_t)len));
        }
        MapEntry **s = map_sorted(m, &a);
        uint32_t cnt = map_len(m), seen = 0;
        for (uint32_t i = 0; i < cnt; i++) {
            if (i && str_cmp(s[i - 1]->key, s[i]->key) >= 0) bad = 1;
            if (!map_get(m, s[i]->key) || &s[i]->val != map_get(m, s[i]->key)) bad = 1;
        }
        for (uint32_t i = 0; i < m->used; i++) seen += m->entries[i].key != NULL;
        if (seen != cnt) bad = 1;
    }
    CHECK(!bad);
    arena_free(&a);
}

/* BUF_LOCAL starts on the stack, moves to the heap when it outgrows it,
 * and buf_steal always hands out heap memory; mem_find_fixed finds the
 * first match only where a whole needle fits. */
static void test_buf_local(void)
{
    BUF_LOCAL(b, 8);
    CHECK(b.data == b_local);
    buf_adds(&b, "abc");
    CHECK(b.data == b_local);
    CHECK_STR(b.data, "abc");
    buf_adds(&b, "defghijk");
    CHECK(b.data != b_local);
    CHECK_STR(b.data, "abcdefghijk");
    CHECK_INT((int)b.len, 11);
    buf_free(&b);

    BUF_LOCAL(s, 16);
    buf_adds(&s, "kept");
    char *p = buf_steal(&s);
    CHECK(p != s_local);
    CHECK_STR(p, "kept");
    free(p);

    const char *h = "x\n--\n---y";
    CHECK(mem_find_fixed(h, strlen(h), "\n---", 4) == h + 4);
    CHECK(mem_find_fixed(h, 7, "\n---", 4) == NULL);
    CHECK(mem_find_fixed(h, 8, "\n---", 4) == h + 4);
    CHECK(mem_find_fixed("ab", 2, "abc", 3) == NULL);
    CHECK(mem_find_fixed("ab", 2, "", 0) != NULL);
}

int main(void)
{
    test_buf_local();
    test_arena();
    test_map();
    test_sorted_sizes();
    test_kinds();
    return CHECK_DONE();
}
