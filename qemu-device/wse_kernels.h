/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The compute kernel library: what a LAUNCH runs on a rectangle of PEs,
 * working on data already distributed across the PEs' SRAM the way
 * Documentation/device-spec.rst ("Compute kernels") lays it out.
 *
 * Plain C, no QEMU header: the device runs kernels on its worker pool
 * (wse_workers.c), the host unit tests run them on plain threads, and both
 * provide the parallel loop through struct wse_par. Kernels read and
 * write PE SRAM only through the fabric API, so defect remapping stays
 * invisible to them, and never run under the BQL.
 */
#ifndef WSE_KERNELS_H
#define WSE_KERNELS_H

#include <stdbool.h>
#include <stdint.h>

#include "wse_fabric.h"
#include "wse_hw.h"
#include "wse_kernel_abi.h"

/*
 * A parallel loop: call fn(ctx, i) for every i in [0, n), on up to width
 * threads, and return when all calls have returned. The caller's thread
 * may take part. Calls must be independent of each other.
 */
struct wse_par {
    void (*parallel_for)(void *pool, uint32_t width, uint32_t n,
                         void (*fn)(void *ctx, uint32_t i), void *ctx);
    /*
     * Optional per-thread scratch memory, so that kernels do not map and
     * fault in fresh pages every launch: get returns at least @bytes for
     * the calling thread in @slot (< WSE_KSCRATCH_SLOTS), or NULL; put
     * hands it back. Without them kernels use malloc() and free().
     */
    void *(*scratch_get)(void *pool, unsigned slot, size_t bytes);
    void (*scratch_put)(void *pool, unsigned slot);
    void *pool;
    uint32_t width;             /* threads one launch may use, >= 1 */
};

/* Scratch slots: one held by a launch's lead thread, one by each task. */
#define WSE_KSCRATCH_LEAD   0
#define WSE_KSCRATCH_TASK   1
#define WSE_KSCRATCH_SLOTS  2

/* A launch as the command names it. */
struct wse_launch {
    int kernel;                 /* enum wse_kernel_index */
    uint32_t x, y, w, h;        /* rectangle, logical, on the grid */
    uint32_t nargs;
    uint32_t args[WSE_LAUNCH_MAX_ARGS];
};

/* What the running firmware and the fabric allow. */
struct wse_launch_limits {
    uint32_t pe_sram_bytes;
    /* SRAM window every buffer must lie in: [sram_lo, sram_hi). */
    uint32_t sram_lo;
    uint32_t sram_hi;
    uint32_t max_width;
    uint32_t max_height;
    uint64_t max_pes;
    uint32_t dtypes;            /* element types the firmware offers */
};

/*
 * Check @l against its kernel's signature and layout before it runs:
 * argument count and types, rectangle limits, byte ranges within each PE
 * and overlaps between them, and the kernel's own rules. Returns
 * WSE_STS_SUCCESS, or WSE_STS_KERNEL_ARGS / WSE_STS_FABRIC_RANGE with
 * *detail as uapi/wse_hw.h describes for LAUNCH.
 */
uint32_t wse_launch_check(const struct wse_launch *l,
                          const struct wse_launch_limits *lim,
                          uint32_t *detail);

/* Where and how a checked launch runs. */
struct wse_kexec {
    struct wse_fabric *f;
    const struct wse_par *par;
    /* Polled by kernels between units of work; non-zero: stop. */
    const int *cancel;
    /* CLOCK_MONOTONIC nanoseconds after which to stop; 0: no limit. */
    uint64_t deadline_ns;
    int timed_out;              /* set when the deadline stopped it */
    int stopped;                /* set when work was skipped for a stop */
    /*
     * Units of work begun (atomic): every stop check counts one, so it
     * grows as the kernel sweeps its rectangle; the device shows it in
     * the queue's PROGRESS register.
     */
    uint64_t progress;
};

/*
 * Run a launch that passed wse_launch_check(). Returns WSE_STS_SUCCESS;
 * WSE_STS_INTERNAL if the model ran out of host memory (SRAM backing is
 * taken before anything is written, so that case writes nothing); or
 * WSE_STS_ABORTED if *cancel or the deadline stopped it, with outputs
 * partly written (ex->timed_out tells which of the two).
 */
uint32_t wse_launch_run(const struct wse_launch *l, struct wse_kexec *ex);

/*
 * The instruction set the gemm and gemv kernels use on this host
 * ("avx512", "avx2" or "generic"). Tests may force one (NULL: back to
 * automatic); false if the host cannot run it.
 */
const char *wse_gemm_isa(void);
bool wse_gemm_force_isa(const char *name);

/* Monotonic clock in nanoseconds, as deadline_ns counts it. */
uint64_t wse_kclock_ns(void);

#endif /* WSE_KERNELS_H */
