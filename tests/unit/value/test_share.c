/* Unit tests for what parallel rendering relies on: val_share flags every
 * map and list reachable (aliases once, deep values refused), deep copies
 * are not shared, and pipe_workers_run runs every worker, the caller as
 * worker 0, with a job that divides its items through an atomic counter. */
#include "../check.h"
#include "pipeline/workers.h"
#include "value/value.h"

#include <stdatomic.h>
#include <stdlib.h>

static void test_share(void)
{
    Arena a;
    arena_init(&a);
    Map *root = map_new(&a, 0), *inner = map_new(&a, 0), *loose = map_new(&a, 0);
    List *l = list_new(&a, 0);
    list_push(&a, l, val_map(inner));
    map_sets(&a, root, "l", val_list(l));
    map_sets(&a, root, "alias", val_map(inner));
    map_sets(&a, root, "n", val_int(1));
    CHECK(val_share(&a, val_map(root), 100));
    CHECK(root->flags & MAP_SHARED);
    CHECK(inner->flags & MAP_SHARED);
    CHECK(l->flags & LIST_SHARED);
    CHECK(!(loose->flags & MAP_SHARED));
    Value c = val_deepcopy(&a, val_map(root));
    CHECK(!(c.u.m->flags & MAP_SHARED));
    CHECK(!(map_gets(c.u.m, "alias")->u.m->flags & MAP_SHARED));
    /* a chain deeper than the limit is refused */
    Map *top = map_new(&a, 0), *cur = top;
    for (int i = 0; i < 50; i++) {
        Map *n = map_new(&a, 0);
        map_sets(&a, cur, "x", val_map(n));
        cur = n;
    }
    CHECK(!val_share(&a, val_map(top), 10));
    CHECK(val_share(&a, val_map(map_new(&a, 0)), 10));
    /* many aliases of one subtree: each node is visited once */
    Map *wide = map_new(&a, 0);
    Value prev = val_map(map_new(&a, 0));
    for (int i = 0; i < 40; i++) {
        Map *n = map_new(&a, 0);
        map_sets(&a, n, "a", prev);
        map_sets(&a, n, "b", prev);
        prev = val_map(n);
    }
    map_sets(&a, wide, "w", prev);
    CHECK(val_share(&a, val_map(wide), 1000));
    arena_free(&a);
}

static void test_hash(void)
{
    Arena a;
    arena_init(&a);
    CHECK_INT(str_hash(str_empty()), str_hash_bytes("", 0));
    Str *s = str_cstr(&a, "key");
    CHECK_INT(str_hash(s), str_hash_bytes("key", 3));
    CHECK(str_eq(s, str_cstr(&a, "key")));
    arena_free(&a);
}

typedef struct Job {
    atomic_uint next, sum, ran;
    unsigned items;
    atomic_uint seen[PIPE_MAX_WORKERS];
} Job;

static void work(void *arg, unsigned w)
{
    Job *j = arg;
    atomic_fetch_add(&j->ran, 1);
    if (w < PIPE_MAX_WORKERS) atomic_fetch_add(&j->seen[w], 1);
    for (;;) {
        unsigned i = atomic_fetch_add(&j->next, 1);
        if (i >= j->items) break;
        atomic_fetch_add(&j->sum, i + 1);
    }
}

static void test_workers(void)
{
    for (unsigned n = 1; n <= PIPE_MAX_WORKERS + 1; n++) {
        Job j = {0};
        j.items = 1000;
        pipe_workers_run(n, work, &j);
        unsigned want = n > PIPE_MAX_WORKERS ? PIPE_MAX_WORKERS : n;
        CHECK_INT(atomic_load(&j.ran), want);
        CHECK_INT(atomic_load(&j.sum), 1000 * 1001 / 2);
        for (unsigned w = 0; w < want; w++) CHECK_INT(atomic_load(&j.seen[w]), 1);
    }
    int forced;
    setenv("CHARTC_THREADS", "3", 1);
    CHECK_INT(pipe_workers_count(&forced), 3);
    CHECK(forced);
    setenv("CHARTC_THREADS", "1000", 1);
    CHECK_INT(pipe_workers_count(&forced), PIPE_MAX_WORKERS);
    setenv("CHARTC_THREADS", "x", 1);
    CHECK_INT(pipe_workers_count(&forced), 1);
    unsetenv("CHARTC_THREADS");
    CHECK(pipe_workers_count(&forced) >= 1);
    CHECK(!forced);
}

int main(void)
{
    test_share();
    test_hash();
    test_workers();
    return CHECK_DONE();
}
