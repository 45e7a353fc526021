/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel library core: the table of implementations, launch checks and
 * the helpers the kernels share. The kernels are in wse_kernel_*.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include "wse_kernel_priv.h"

static const struct wse_kernel_impl *const wse_kimpls[WSE_K_COUNT] = {
    [WSE_K_GEMV] = &wse_kimpl_gemv,
    [WSE_K_GEMM] = &wse_kimpl_gemm,
    [WSE_K_ADD] = &wse_kimpl_add,
    [WSE_K_MUL] = &wse_kimpl_mul,
    [WSE_K_AXPY] = &wse_kimpl_axpy,
    [WSE_K_RELU] = &wse_kimpl_relu,
    [WSE_K_REDUCE_ROWS] = &wse_kimpl_reduce_rows,
    [WSE_K_REDUCE_COLS] = &wse_kimpl_reduce_cols,
    [WSE_K_REDUCE_ALL] = &wse_kimpl_reduce_all,
    [WSE_K_ALLREDUCE] = &wse_kimpl_allreduce,
    [WSE_K_STENCIL5] = &wse_kimpl_stencil5,
};

/* Byte offsets of the LAUNCH fields a detail can name. */
#define LAUNCH_OFF(f)   offsetof(struct wse_hw_cmd, launch.f)
#define ARG_OFF(i)      (LAUNCH_OFF(args) + 4 * (i))

#define WSE_KMAX_COUNT  65536

/* What reads as a PE that was never written: zeros. */
static uint8_t wse_kzeros[WSE_PE_SRAM_MAX] __attribute__((aligned(64)));

static uint32_t args_fail(const struct wse_launch *l, uint32_t culprit,
                          uint32_t *detail)
{
    *detail = WSE_LAUNCH_ARGS_DETAIL(
        (uint32_t)strlen(wse_kernel_abis[l->kernel].signature), culprit);
    return WSE_STS_KERNEL_ARGS;
}

static uint32_t range_fail(uint32_t offset, uint32_t *detail)
{
    *detail = offset;
    return WSE_STS_FABRIC_RANGE;
}

/* Each argument against its type in the signature. */
static uint32_t check_arg_types(const struct wse_launch *l,
                                const struct wse_launch_limits *lim,
                                uint32_t *detail)
{
    const char *sig = wse_kernel_abis[l->kernel].signature;
    uint32_t esize = 4, i;

    for (i = 0; i < l->nargs; i++) {
        uint32_t v = l->args[i];

        switch (sig[i]) {
        case WSE_FW_ARG_DTYPE:
            if (v > WSE_FW_DTYPE_F16 || !(lim->dtypes & WSE_FW_DTYPE_BIT(v))) {
                return args_fail(l, WSE_LAUNCH_CULPRIT_ARG(i), detail);
            }
            esize = wse_kesize(v);
            break;
        case WSE_FW_ARG_COUNT:
            if (!v || v > WSE_KMAX_COUNT) {
                return args_fail(l, WSE_LAUNCH_CULPRIT_ARG(i), detail);
            }
            break;
        case WSE_FW_ARG_OFFSET:
            if (v % esize) {
                return args_fail(l, WSE_LAUNCH_CULPRIT_ARG(i), detail);
            }
            if (v < lim->sram_lo || v >= lim->sram_hi) {
                return range_fail(ARG_OFF(i), detail);
            }
            break;
        case WSE_FW_ARG_FLOAT:
            if (!isfinite(wse_f32_from_bits(v))) {
                return args_fail(l, WSE_LAUNCH_CULPRIT_ARG(i), detail);
            }
            break;
        default:
            break;      /* 'u': the kernel's check() judges it */
        }
    }
    return WSE_STS_SUCCESS;
}

/* Byte ranges within SRAM, outputs not overlapping anything else. */
static uint32_t check_buffers(const struct wse_launch *l,
                              const struct wse_kernel_impl *k,
                              const struct wse_launch_limits *lim,
                              uint32_t *detail)
{
    struct wse_kbuf b[WSE_KMAX_BUFS];
    uint64_t esize = wse_kesize(wse_kdtype(l));
    unsigned n = k->buffers(l, b), i, j;

    for (i = 0; i < n; i++) {
        uint64_t off = l->args[b[i].arg];

        if (b[i].elems * esize > lim->sram_hi - off) {
            return range_fail(ARG_OFF(b[i].arg), detail);
        }
    }
    for (i = 0; i < n; i++) {
        uint64_t lo = l->args[b[i].arg], hi = lo + b[i].elems * esize;

        if (!b[i].out) {
            continue;
        }
        for (j = 0; j < n; j++) {
            uint64_t lo2 = l->args[b[j].arg], hi2 = lo2 + b[j].elems * esize;

            if (j == i || lo >= hi2 || lo2 >= hi) {
                continue;
            }
            if (k->in_place && lo == lo2 && hi == hi2) {
                continue;
            }
            return args_fail(l, WSE_LAUNCH_CULPRIT_ARG(b[i].arg), detail);
        }
    }
    return WSE_STS_SUCCESS;
}

uint32_t wse_launch_check(const struct wse_launch *l,
                          const struct wse_launch_limits *lim,
                          uint32_t *detail)
{
    const struct wse_kernel_impl *k = wse_kimpls[l->kernel];
    uint32_t sts, culprit;

    *detail = 0;
    if (l->nargs != strlen(wse_kernel_abis[l->kernel].signature)) {
        return args_fail(l, WSE_LAUNCH_CULPRIT_COUNT, detail);
    }
    if (l->w > lim->max_width) {
        return range_fail(LAUNCH_OFF(rect.width), detail);
    }
    if (l->h > lim->max_height ||
        (uint64_t)l->w * l->h > lim->max_pes) {
        return range_fail(LAUNCH_OFF(rect.height), detail);
    }
    sts = check_arg_types(l, lim, detail);
    if (sts) {
        return sts;
    }
    sts = check_buffers(l, k, lim, detail);
    if (sts) {
        return sts;
    }
    culprit = k->check ? k->check(l) : 0;
    if (culprit) {
        return args_fail(l, culprit, detail);
    }
    return WSE_STS_SUCCESS;
}

uint32_t wse_launch_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    ex->timed_out = 0;
    ex->stopped = 0;
    return wse_kimpls[l->kernel]->run(l, ex);
}

static const char *const wse_kisa_names[] = {
    [WSE_KISA_GENERIC] = "generic",
    [WSE_KISA_AVX2] = "avx2",
    [WSE_KISA_AVX512] = "avx512",
};

/* -1: as the host allows; else a forced enum wse_kisa. */
static int wse_kisa_forced = -1;

static bool wse_kisa_runs(enum wse_kisa isa)
{
    switch (isa) {
    case WSE_KISA_GENERIC:
        return true;
#ifdef WSE_KERNEL_X86
    case WSE_KISA_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case WSE_KISA_AVX512:
        return __builtin_cpu_supports("avx512f");
#endif
    default:
        return false;
    }
}

enum wse_kisa wse_kisa(void)
{
    if (wse_kisa_forced >= 0) {
        return wse_kisa_forced;
    }
    if (wse_kisa_runs(WSE_KISA_AVX512)) {
        return WSE_KISA_AVX512;
    }
    if (wse_kisa_runs(WSE_KISA_AVX2)) {
        return WSE_KISA_AVX2;
    }
    return WSE_KISA_GENERIC;
}

const char *wse_gemm_isa(void)
{
    return wse_kisa_names[wse_kisa()];
}

bool wse_gemm_force_isa(const char *name)
{
    int i;

    if (!name) {
        wse_kisa_forced = -1;
        return true;
    }
    for (i = 0; i <= WSE_KISA_AVX512; i++) {
        if (!strcmp(name, wse_kisa_names[i]) && wse_kisa_runs(i)) {
            wse_kisa_forced = i;
            return true;
        }
    }
    return false;
}

uint64_t wse_kclock_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

bool wse_kstop(struct wse_kexec *ex)
{
    if (__atomic_load_n(&ex->stopped, __ATOMIC_RELAXED)) {
        return true;
    }
    if (ex->deadline_ns && wse_kclock_ns() > ex->deadline_ns) {
        __atomic_store_n(&ex->timed_out, 1, __ATOMIC_RELAXED);
    } else if (!ex->cancel || !__atomic_load_n(ex->cancel, __ATOMIC_RELAXED)) {
        /* A check comes between units of work: count the next one. */
        __atomic_fetch_add(&ex->progress, 1, __ATOMIC_RELAXED);
        return false;
    }
    __atomic_store_n(&ex->stopped, 1, __ATOMIC_RELAXED);
    return true;
}

uint32_t wse_kresult(struct wse_kexec *ex, bool failed)
{
    if (__atomic_load_n(&ex->stopped, __ATOMIC_RELAXED)) {
        return WSE_STS_ABORTED;
    }
    return failed ? WSE_STS_INTERNAL : WSE_STS_SUCCESS;
}

uint32_t wse_ktasks(const struct wse_kexec *ex, uint64_t items)
{
    uint64_t want = ex->par ? 4 * (uint64_t)ex->par->width : 1;

    return items < want ? (items ? items : 1) : want;
}

void wse_kfor(struct wse_kexec *ex, uint32_t n,
              void (*fn)(void *ctx, uint32_t i), void *ctx)
{
    const struct wse_par *par = ex->par;

    if (n == 1 || !par || par->width <= 1) {
        uint32_t i;

        for (i = 0; i < n; i++) {
            fn(ctx, i);
        }
        return;
    }
    par->parallel_for(par->pool, par->width, n, fn, ctx);
}

void *wse_kscratch_get(struct wse_kexec *ex, unsigned slot, size_t bytes)
{
    const struct wse_par *par = ex->par;

    if (par && par->scratch_get) {
        return par->scratch_get(par->pool, slot, bytes);
    }
    return malloc(bytes);
}

void wse_kscratch_put(struct wse_kexec *ex, unsigned slot, void *p)
{
    const struct wse_par *par = ex->par;

    if (par && par->scratch_get) {
        if (p) {
            par->scratch_put(par->pool, slot);
        }
        return;
    }
    free(p);
}

const uint8_t *wse_kin(const struct wse_kexec *ex, uint32_t x, uint32_t y)
{
    const uint8_t *p = wse_fabric_pe_peek(ex->f, x, y);

    return p ? p : wse_kzeros;
}

uint8_t *wse_kout(struct wse_kexec *ex, uint32_t x, uint32_t y)
{
    return wse_fabric_pe_mem(ex->f, x, y);
}

bool wse_kacquire(struct wse_kexec *ex, uint32_t x, uint32_t y, uint32_t w,
                  uint32_t h)
{
    uint32_t i, j;

    for (j = y; j < y + h; j++) {
        /* Backing a large rectangle takes a while: stay stoppable. */
        if (wse_kstop(ex)) {
            return false;
        }
        for (i = x; i < x + w; i++) {
            if (!wse_fabric_pe_mem(ex->f, i, j)) {
                return false;
            }
        }
    }
    return true;
}

void wse_kload(float *dst, const uint8_t *src, uint32_t dtype, size_t n)
{
    size_t i;

    if (wse_kdirect(dtype)) {
        memcpy(dst, src, n * sizeof(float));
        return;
    }
    for (i = 0; i < n; i++) {
        dst[i] = wse_kld(src, dtype, i);
    }
}

void wse_kstore(uint8_t *dst, const float *src, uint32_t dtype, size_t n)
{
    size_t i;

    if (wse_kdirect(dtype)) {
        memcpy(dst, src, n * sizeof(float));
        return;
    }
    for (i = 0; i < n; i++) {
        wse_kst(dst, dtype, i, src[i]);
    }
}
