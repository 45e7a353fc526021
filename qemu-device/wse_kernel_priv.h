/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals shared by the kernel files (wse_kernel_*.c): the per-kernel
 * operations table and helpers for PE memory, element types, cancellation
 * and parallel loops.
 */
#ifndef WSE_KERNEL_PRIV_H
#define WSE_KERNEL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wse_fp16.h"
#include "wse_fw.h"
#include "wse_kernels.h"

/* One byte range a kernel uses in each PE: an 'o' argument and a length. */
struct wse_kbuf {
    uint8_t arg;                /* index of the offset argument */
    bool out;                   /* written by the kernel */
    uint64_t elems;             /* elements from that offset */
};

#define WSE_KMAX_BUFS   4

struct wse_kernel_impl {
    /* The byte ranges this launch uses; returns how many. */
    unsigned (*buffers)(const struct wse_launch *l, struct wse_kbuf *b);
    /*
     * Rules beyond types and ranges: WSE_LAUNCH_CULPRIT_* of what breaks
     * one, or 0 (NULL: no further rules).
     */
    uint32_t (*check)(const struct wse_launch *l);
    uint32_t (*run)(const struct wse_launch *l, struct wse_kexec *ex);
    /* An output may coincide exactly with an input (element-wise). */
    bool in_place;
};

extern const struct wse_kernel_impl wse_kimpl_gemv;
extern const struct wse_kernel_impl wse_kimpl_gemm;
extern const struct wse_kernel_impl wse_kimpl_add;
extern const struct wse_kernel_impl wse_kimpl_mul;
extern const struct wse_kernel_impl wse_kimpl_axpy;
extern const struct wse_kernel_impl wse_kimpl_relu;
extern const struct wse_kernel_impl wse_kimpl_reduce_rows;
extern const struct wse_kernel_impl wse_kimpl_reduce_cols;
extern const struct wse_kernel_impl wse_kimpl_reduce_all;
extern const struct wse_kernel_impl wse_kimpl_allreduce;
extern const struct wse_kernel_impl wse_kimpl_stencil5;

/*
 * Instruction sets the inner loops of gemm and gemv are compiled for. On
 * x86-64 hosts they are built for AVX2+FMA and AVX-512 too (GCC target
 * attributes; the rest of QEMU is built for the baseline) and picked at
 * run time; elsewhere only the generic, baseline version exists.
 */
#if defined(__x86_64__) && defined(__GNUC__)
#define WSE_KERNEL_X86  1
#endif

enum wse_kisa {
    WSE_KISA_GENERIC,
    WSE_KISA_AVX2,
    WSE_KISA_AVX512,
};

/* The widest this host runs, unless a test forced one. */
enum wse_kisa wse_kisa(void);

/* Every kernel's signature starts with the element type. */
static inline uint32_t wse_kdtype(const struct wse_launch *l)
{
    return l->args[0];
}

static inline uint32_t wse_kesize(uint32_t dtype)
{
    return dtype == WSE_FW_DTYPE_F16 ? 2 : 4;
}

static inline float wse_karg_float(const struct wse_launch *l, unsigned i)
{
    return wse_f32_from_bits(l->args[i]);
}

/* Is the host little-endian? A constant once the compiler folds it. */
static inline bool wse_khost_le(void)
{
    const uint16_t one = 1;
    uint8_t first;

    memcpy(&first, &one, 1);
    return first;
}

/* SRAM holds little-endian elements; these convert to and from float. */
static inline float wse_kld(const uint8_t *base, uint32_t dtype, size_t i)
{
    if (dtype == WSE_FW_DTYPE_F16) {
        const uint8_t *p = base + 2 * i;

        return wse_h2f(p[0] | (uint16_t)p[1] << 8);
    }
    if (wse_khost_le()) {
        float f;

        memcpy(&f, base + 4 * i, sizeof(f));
        return f;
    } else {
        const uint8_t *p = base + 4 * i;

        return wse_f32_from_bits(p[0] | (uint32_t)p[1] << 8 |
                                 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
    }
}

static inline void wse_kst(uint8_t *base, uint32_t dtype, size_t i, float v)
{
    if (dtype == WSE_FW_DTYPE_F16) {
        uint16_t h = wse_f2h(v);

        base[2 * i] = h;
        base[2 * i + 1] = h >> 8;
    } else if (wse_khost_le()) {
        memcpy(base + 4 * i, &v, sizeof(v));
    } else {
        uint32_t u = wse_f32_bits(v);
        uint8_t *p = base + 4 * i;

        p[0] = u;
        p[1] = u >> 8;
        p[2] = u >> 16;
        p[3] = u >> 24;
    }
}

/* Convert n elements to floats and back. */
void wse_kload(float *dst, const uint8_t *src, uint32_t dtype, size_t n);
void wse_kstore(uint8_t *dst, const float *src, uint32_t dtype, size_t n);

/*
 * Elements usable in place as floats (binary32 on a little-endian host):
 * kernels then work on SRAM directly instead of a converted copy.
 */
static inline bool wse_kdirect(uint32_t dtype)
{
    return dtype == WSE_FW_DTYPE_F32 && wse_khost_le();
}

/* SRAM of PE (x, y) for reading: a PE never written reads as zeros. */
const uint8_t *wse_kin(const struct wse_kexec *ex, uint32_t x, uint32_t y);
/* SRAM of PE (x, y) for writing, backed by wse_kacquire() beforehand. */
uint8_t *wse_kout(struct wse_kexec *ex, uint32_t x, uint32_t y);
/*
 * Back the SRAM of every PE of a rectangle a kernel will write, before it
 * writes anything. False if the model cannot, or the kernel was stopped
 * meanwhile: the kernel then returns wse_kresult(ex, true).
 */
bool wse_kacquire(struct wse_kexec *ex, uint32_t x, uint32_t y, uint32_t w,
                  uint32_t h);

/*
 * Scratch memory for the calling thread (uninitialised), from the pool's
 * per-thread cache or malloc(); NULL if out of memory. Give it back with
 * wse_kscratch_put() on the same thread.
 */
void *wse_kscratch_get(struct wse_kexec *ex, unsigned slot, size_t bytes);
void wse_kscratch_put(struct wse_kexec *ex, unsigned slot, void *p);

/* True when the kernel should stop: cancelled, or past its deadline. */
bool wse_kstop(struct wse_kexec *ex);

/*
 * How many tasks to cut @items independent units of work into: enough
 * for every worker to stay busy when tasks take uneven time. Task t of n
 * takes units [t * items / n, (t + 1) * items / n).
 */
uint32_t wse_ktasks(const struct wse_kexec *ex, uint64_t items);

static inline uint64_t wse_ktask_start(uint64_t items, uint32_t ntasks,
                                       uint32_t t)
{
    return items * t / ntasks;
}

/* Run fn(ctx, i) for i in [0, n) on the launch's workers. */
void wse_kfor(struct wse_kexec *ex, uint32_t n,
              void (*fn)(void *ctx, uint32_t i), void *ctx);

/*
 * Status of a finished run: WSE_STS_ABORTED if it was stopped, else
 * WSE_STS_INTERNAL if a task @failed (out of host memory), else success.
 */
uint32_t wse_kresult(struct wse_kexec *ex, bool failed);

#endif /* WSE_KERNEL_PRIV_H */
