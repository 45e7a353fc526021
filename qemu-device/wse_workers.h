/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device's compute workers: a pool of host threads that run kernel
 * launches and firmware checks away from the BQL, and lend a hand to each
 * other's parallel loops (struct wse_par of wse_kernels.h).
 *
 * Work items never take the BQL; they report back by scheduling a bottom
 * half. Whoever submitted an item may wait for it to finish (reset and
 * queue disable do, after asking it to stop).
 */
#ifndef HW_MISC_WSE_WORKERS_H
#define HW_MISC_WSE_WORKERS_H

#include "qemu/queue.h"
#include "qemu/thread.h"

#include "wse_kernels.h"

typedef struct WseWork WseWork;
typedef struct WseBatch WseBatch;

struct WseWork {
    /* Runs on a worker thread, without the BQL. */
    void (*fn)(WseWork *w);
    /* Submitted and not yet returned from fn; see wse_workers_wait(). */
    bool busy;
    QSIMPLEQ_ENTRY(WseWork) next;
};

typedef struct WseWorkers {
    QemuMutex lock;
    QemuCond wake;              /* new work, a new batch, or stop */
    QemuCond done;              /* a work item or batch finished */
    QSIMPLEQ_HEAD(, WseWork) queue;
    QLIST_HEAD(, WseBatch) batches;
    QemuThread *threads;
    unsigned nthreads;
    bool stopping;
} WseWorkers;

/* Start @n threads (0: one per host CPU). */
void wse_workers_init(WseWorkers *p, unsigned n);
/* Stop and join the threads; no work may be pending. */
void wse_workers_fini(WseWorkers *p);

void wse_workers_submit(WseWorkers *p, WseWork *w);
/* Wait until @w (submitted or not) is not busy. */
void wse_workers_wait(WseWorkers *p, WseWork *w);

/*
 * The parallel loop and scratch memory of struct wse_par, @pool being a
 * WseWorkers; scratch is per worker thread.
 */
void wse_workers_parallel_for(void *pool, uint32_t width, uint32_t n,
                              void (*fn)(void *ctx, uint32_t i), void *ctx);
void *wse_workers_scratch_get(void *pool, unsigned slot, size_t bytes);
void wse_workers_scratch_put(void *pool, unsigned slot);

#endif /* HW_MISC_WSE_WORKERS_H */
