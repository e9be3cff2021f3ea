/*
 * workers.h - one job on several threads (the render of a big chart).
 *
 * The job divides its work itself (an atomic counter over its items), so
 * a thread that cannot be started costs speed, never work: the caller's
 * own share (worker 0) takes whatever is left.
 */
#ifndef CHARTC_WORKERS_H
#define CHARTC_WORKERS_H

#include <stddef.h>

/* Each worker's stack: Go accepts very deep template nesting, so every
 * thread that renders gets what template.c's render thread gets (virtual
 * memory only until touched). */
#define PIPE_WORKER_STACK (1024u * 1024u * 1024u)
#define PIPE_MAX_WORKERS 8

typedef void (*PipeWorkFn)(void *arg, unsigned worker);

/* Threads to use: $CHARTC_THREADS if set (1 = no parallelism), else the
 * online CPUs; at most PIPE_MAX_WORKERS.  *forced: the variable was set
 * (tests use it to take the parallel path on small charts too). */
unsigned pipe_workers_count(int *forced);

/* fn(arg, w) for w in [0, n): w = 0 on the calling thread, the others on
 * new threads with PIPE_WORKER_STACK; returns when all have returned. */
void pipe_workers_run(unsigned n, PipeWorkFn fn, void *arg);

/* The same in two steps, so the caller can do other work meanwhile:
 * start runs fn(arg, w) for w in [1, n) on new threads and returns at
 * once; join waits for them and frees g.  NULL: no memory (nothing runs;
 * the job's own share must do the work). */
typedef struct PipeThreads PipeThreads;
PipeThreads *pipe_workers_start(unsigned n, PipeWorkFn fn, void *arg);
void pipe_workers_join(PipeThreads *g);

#endif
