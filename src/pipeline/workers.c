/*
 * workers.c - start, run and join the worker threads of workers.h.
 */
#include "workers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct Worker {
    PipeWorkFn fn;
    void *arg;
    unsigned id;
} Worker;

static void *worker_main(void *p)
{
    Worker *w = p;
    w->fn(w->arg, w->id);
    return NULL;
}

unsigned pipe_workers_count(int *forced)
{
    const char *env = getenv("CHARTC_THREADS");
    long n;
    *forced = env && *env;
    if (*forced) n = strtol(env, NULL, 10);
    else n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > PIPE_MAX_WORKERS) n = PIPE_MAX_WORKERS;
    return (unsigned)n;
}

void pipe_workers_run(unsigned n, PipeWorkFn fn, void *arg)
{
    PipeThreads *g = pipe_workers_start(n, fn, arg);
    fn(arg, 0);
    pipe_workers_join(g);
}

struct PipeThreads {
    unsigned n;
    pthread_t th[PIPE_MAX_WORKERS];
    Worker w[PIPE_MAX_WORKERS];
    int started[PIPE_MAX_WORKERS];
};

PipeThreads *pipe_workers_start(unsigned n, PipeWorkFn fn, void *arg)
{
    if (n > PIPE_MAX_WORKERS) n = PIPE_MAX_WORKERS;
    PipeThreads *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->n = n;
    pthread_attr_t attr;
    bool have_attr = pthread_attr_init(&attr) == 0;
    bool big_stack = have_attr && pthread_attr_setstacksize(&attr, PIPE_WORKER_STACK) == 0;
    for (unsigned i = 1; i < n && big_stack; i++) {
        g->w[i] = (Worker){fn, arg, i};
        g->started[i] = pthread_create(&g->th[i], &attr, worker_main, &g->w[i]) == 0;
    }
    if (have_attr) pthread_attr_destroy(&attr);
    return g;
}

void pipe_workers_join(PipeThreads *g)
{
    if (!g) return;
    for (unsigned i = 1; i < g->n; i++)
        if (g->started[i]) pthread_join(g->th[i], NULL);
    free(g);
}
