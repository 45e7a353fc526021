/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Compute worker pool. See wse_workers.h.
 *
 * A work item (a launch, a firmware check) runs on one worker. When its
 * kernel calls the parallel loop, the loop becomes a batch that idle
 * workers join, up to the launch's width; the calling worker claims
 * indices too, so a batch always progresses even when every other worker
 * is busy. Idle workers prefer joining batches to starting new items, so
 * running launches finish first.
 */
#include "qemu/osdep.h"
#include "qemu/units.h"

#include "wse_workers.h"

/*
 * Per-worker scratch memory for kernels, kept between launches so that
 * every launch does not map and fault in fresh pages; pieces larger than
 * WSE_SCRATCH_KEEP are given back after use.
 */
#define WSE_SCRATCH_KEEP        (64 * MiB)

typedef struct WseScratch {
    void *p;
    size_t size;
} WseScratch;

static __thread WseScratch wse_scratch[WSE_KSCRATCH_SLOTS];

struct WseBatch {
    void (*fn)(void *ctx, uint32_t i);
    void *ctx;
    uint32_t n;
    uint32_t next;              /* next index to claim (atomic) */
    uint32_t done;              /* indices finished (atomic) */
    unsigned helpers;           /* workers in the batch besides its owner */
    unsigned max_helpers;
    QLIST_ENTRY(WseBatch) link;
};

/* Claim and run indices until none are left. */
static void wse_batch_work(WseBatch *b)
{
    uint32_t i;

    while ((i = qatomic_fetch_inc(&b->next)) < b->n) {
        b->fn(b->ctx, i);
        qatomic_inc(&b->done);
    }
}

/* A batch that can use another helper, or NULL. Called with the lock. */
static WseBatch *wse_batch_to_join(WseWorkers *p)
{
    WseBatch *b;

    QLIST_FOREACH(b, &p->batches, link) {
        if (b->helpers < b->max_helpers &&
            qatomic_read(&b->next) < b->n) {
            return b;
        }
    }
    return NULL;
}

void *wse_workers_scratch_get(void *pool, unsigned slot, size_t bytes)
{
    WseScratch *sc = &wse_scratch[slot];

    if (sc->size < bytes) {
        g_free(sc->p);
        sc->p = g_try_malloc(bytes);
        sc->size = sc->p ? bytes : 0;
    }
    return sc->p;
}

void wse_workers_scratch_put(void *pool, unsigned slot)
{
    WseScratch *sc = &wse_scratch[slot];

    if (sc->size > WSE_SCRATCH_KEEP) {
        g_free(sc->p);
        sc->p = NULL;
        sc->size = 0;
    }
}

static void *wse_worker_thread(void *opaque)
{
    WseWorkers *p = opaque;
    unsigned i;

    qemu_mutex_lock(&p->lock);
    while (!p->stopping) {
        WseBatch *b = wse_batch_to_join(p);
        WseWork *w;

        if (b) {
            b->helpers++;
            qemu_mutex_unlock(&p->lock);
            wse_batch_work(b);
            qemu_mutex_lock(&p->lock);
            /* The owner waits for this before the batch goes away. */
            b->helpers--;
            qemu_cond_broadcast(&p->done);
            continue;
        }
        w = QSIMPLEQ_FIRST(&p->queue);
        if (w) {
            QSIMPLEQ_REMOVE_HEAD(&p->queue, next);
            qemu_mutex_unlock(&p->lock);
            w->fn(w);
            qemu_mutex_lock(&p->lock);
            w->busy = false;
            qemu_cond_broadcast(&p->done);
            continue;
        }
        qemu_cond_wait(&p->wake, &p->lock);
    }
    qemu_mutex_unlock(&p->lock);
    for (i = 0; i < WSE_KSCRATCH_SLOTS; i++) {
        g_free(wse_scratch[i].p);
        wse_scratch[i] = (WseScratch) { 0 };
    }
    return NULL;
}

void wse_workers_init(WseWorkers *p, unsigned n)
{
    unsigned i;

    qemu_mutex_init(&p->lock);
    qemu_cond_init(&p->wake);
    qemu_cond_init(&p->done);
    QSIMPLEQ_INIT(&p->queue);
    QLIST_INIT(&p->batches);
    p->stopping = false;
    p->nthreads = n ? n : MAX(1, g_get_num_processors());
    p->threads = g_new0(QemuThread, p->nthreads);
    for (i = 0; i < p->nthreads; i++) {
        qemu_thread_create(&p->threads[i], "wse-worker", wse_worker_thread,
                           p, QEMU_THREAD_JOINABLE);
    }
}

void wse_workers_fini(WseWorkers *p)
{
    unsigned i;

    qemu_mutex_lock(&p->lock);
    p->stopping = true;
    qemu_cond_broadcast(&p->wake);
    qemu_mutex_unlock(&p->lock);
    for (i = 0; i < p->nthreads; i++) {
        qemu_thread_join(&p->threads[i]);
    }
    g_free(p->threads);
    p->threads = NULL;
    qemu_cond_destroy(&p->done);
    qemu_cond_destroy(&p->wake);
    qemu_mutex_destroy(&p->lock);
}

void wse_workers_submit(WseWorkers *p, WseWork *w)
{
    qemu_mutex_lock(&p->lock);
    assert(!w->busy);
    w->busy = true;
    QSIMPLEQ_INSERT_TAIL(&p->queue, w, next);
    qemu_cond_signal(&p->wake);
    qemu_mutex_unlock(&p->lock);
}

void wse_workers_wait(WseWorkers *p, WseWork *w)
{
    qemu_mutex_lock(&p->lock);
    while (w->busy) {
        qemu_cond_wait(&p->done, &p->lock);
    }
    qemu_mutex_unlock(&p->lock);
}

void wse_workers_parallel_for(void *pool, uint32_t width, uint32_t n,
                              void (*fn)(void *ctx, uint32_t i), void *ctx)
{
    WseWorkers *p = pool;
    WseBatch b = {
        .fn = fn,
        .ctx = ctx,
        .n = n,
        .max_helpers = MIN(width, p->nthreads) - 1,
    };

    if (!b.max_helpers || n < 2) {
        uint32_t i;

        for (i = 0; i < n; i++) {
            fn(ctx, i);
        }
        return;
    }
    qemu_mutex_lock(&p->lock);
    QLIST_INSERT_HEAD(&p->batches, &b, link);
    qemu_cond_broadcast(&p->wake);
    qemu_mutex_unlock(&p->lock);

    wse_batch_work(&b);

    /* Nothing left to claim: no new helpers; wait for the ones inside. */
    qemu_mutex_lock(&p->lock);
    QLIST_REMOVE(&b, link);
    while (b.helpers || qatomic_read(&b.done) < n) {
        qemu_cond_wait(&p->done, &p->lock);
    }
    qemu_mutex_unlock(&p->lock);
}
