/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gemm: C = alpha * A B + beta * C in the layout of the wafer's
 * gemm-collectives_2d (SUMMA) example.
 *
 * Signature "t Mt Kt Nt a_off b_off c_off alpha beta", on a square
 * rectangle of P x P PEs. A is M x K, B is K x N and C is M x N with
 * M = P * Mt, K = P * Kt, N = P * Nt. PE (i, j) holds the blocks
 *
 *   A[j*Mt .. +Mt-1][i*Kt .. +Kt-1]  Mt x Kt, column-major, at a_off
 *   B[j*Kt .. +Kt-1][i*Nt .. +Nt-1]  Kt x Nt, column-major, at b_off
 *   C[j*Mt .. +Mt-1][i*Nt .. +Nt-1]  Mt x Nt, column-major, at c_off
 *
 * On the wafer, step s of SUMMA broadcasts the A blocks of PE column s
 * along the rows and the B blocks of PE row s down the columns, and every
 * PE accumulates its C block. The model gets the same C the way a host
 * BLAS does: it packs A and B from the PEs' SRAM into cache-friendly
 * panels and runs a register-blocked micro-kernel, in parallel over
 * blocks of rows of C (wse_kernel_gemm_tmpl.h). Products are summed in
 * binary32 (fp16 data is widened when packed). With beta = 0, C is not
 * read. The byte ranges of A, B and C may not overlap.
 */
#include "wse_kernel_priv.h"

/* Depth of a packed panel: a B micro-panel of KC x NR floats fits L1. */
#define GEMM_KC         256
/* Largest block of rows of C one task computes (A block in L2). */
#define GEMM_MC_MAX     240
/* Columns of C packed and computed at a time, and the bytes of B. */
#define GEMM_NS_MAX     4096
#define GEMM_BPACK_MAX  (64u << 20)

#define GEMM_STR2(x)    #x
#define GEMM_STR(x)     GEMM_STR2(x)

struct gemm_ctx;

struct gemm_isa {
    const char *name;
    uint32_t mr;
    uint32_t nr;
    void (*pack_b)(void *g, uint32_t panel);
    void (*task)(void *g, uint32_t t);
};

struct gemm_ctx {
    const struct wse_launch *l;
    struct wse_kexec *ex;
    uint32_t dtype;
    uint32_t esize;
    uint32_t mt, kt, nt;
    uint32_t m, k, n;
    uint32_t mc;                /* rows of C per task */
    uint32_t col0, ncols;       /* columns of C being computed */
    float *bpack;
    float alpha, beta;
    int failed;
};

/* Column @col of A, in the PEs of block row @rb: Mt elements. */
static inline const uint8_t *gemm_a_column(const struct gemm_ctx *g,
                                           uint32_t rb, uint32_t col)
{
    const struct wse_launch *l = g->l;

    return wse_kin(g->ex, l->x + col / g->kt, l->y + rb) + l->args[4] +
           (size_t)(col % g->kt) * g->mt * g->esize;
}

/* Column @col of B, in the PEs of block row @rb: Kt elements. */
static inline const uint8_t *gemm_b_column(const struct gemm_ctx *g,
                                           uint32_t rb, uint64_t col)
{
    const struct wse_launch *l = g->l;

    return wse_kin(g->ex, l->x + col / g->nt, l->y + rb) + l->args[5] +
           (size_t)(col % g->nt) * g->kt * g->esize;
}

/* dst[i * stride] = element i of src, for i < n. */
static inline void gemm_gather(float *dst, size_t stride, const uint8_t *src,
                               uint32_t dtype, uint32_t n)
{
    uint32_t i;

    if (wse_kdirect(dtype)) {
        const float *s = (const float *)src;

        for (i = 0; i < n; i++) {
            dst[i * stride] = s[i];
        }
        return;
    }
    for (i = 0; i < n; i++) {
        dst[i * stride] = wse_kld(src, dtype, i);
    }
}

static float *gemm_alloc(struct gemm_ctx *g, size_t floats)
{
    float *p = wse_kscratch_get(g->ex, WSE_KSCRATCH_TASK,
                                floats * sizeof(float));

    if (!p) {
        __atomic_store_n(&g->failed, 1, __ATOMIC_RELAXED);
    }
    return p;
}

/* C rows row0 .. row0+mc-1 of the current columns from @cblk into SRAM. */
static void gemm_write_back(const struct gemm_ctx *g, const float *cblk,
                            size_t ldc, uint32_t row0, uint32_t mc)
{
    const struct wse_launch *l = g->l;
    uint32_t cc, r;

    for (cc = 0; cc < g->ncols; cc++) {
        uint32_t col = g->col0 + cc, lc = col % g->nt;

        for (r = 0; r < mc;) {
            uint32_t row = row0 + r, lr = row % g->mt;
            uint32_t run = g->mt - lr < mc - r ? g->mt - lr : mc - r;
            uint8_t *dst = wse_kout(g->ex, l->x + col / g->nt,
                                    l->y + row / g->mt) + l->args[6] +
                           ((size_t)lc * g->mt + lr) * g->esize;
            uint32_t q;

            for (q = 0; q < run; q++, r++) {
                float v = g->alpha * cblk[(size_t)r * ldc + cc];

                if (g->beta != 0) {
                    v += g->beta * wse_kld(dst, g->dtype, q);
                }
                wse_kst(dst, g->dtype, q, v);
            }
        }
    }
}

#define GEMM_SFX    generic
#define GEMM_ATTR
#define GEMM_VB     16
#define GEMM_MR     6
#define GEMM_NR     8
#include "wse_kernel_gemm_tmpl.h"

#ifdef WSE_KERNEL_X86
#define GEMM_SFX    avx2
#define GEMM_ATTR   __attribute__((target("avx2,fma")))
#define GEMM_VB     32
#define GEMM_MR     6
#define GEMM_NR     16
#include "wse_kernel_gemm_tmpl.h"

#define GEMM_SFX    avx512
#define GEMM_ATTR   __attribute__((target("avx512f")))
#define GEMM_VB     64
#define GEMM_MR     12
#define GEMM_NR     32
#include "wse_kernel_gemm_tmpl.h"
#endif

static const struct gemm_isa *gemm_pick_isa(void)
{
    switch (wse_kisa()) {
#ifdef WSE_KERNEL_X86
    case WSE_KISA_AVX512:
        return &isa_avx512;
    case WSE_KISA_AVX2:
        return &isa_avx2;
#endif
    default:
        return &isa_generic;
    }
}

static uint32_t gemm_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    const struct gemm_isa *isa = gemm_pick_isa();
    struct gemm_ctx g = {
        .l = l,
        .ex = ex,
        .dtype = wse_kdtype(l),
        .mt = l->args[1],
        .kt = l->args[2],
        .nt = l->args[3],
        .alpha = wse_karg_float(l, 7),
        .beta = wse_karg_float(l, 8),
    };
    uint32_t tasks = wse_ktasks(ex, UINT32_MAX), ns;

    g.esize = wse_kesize(g.dtype);
    g.m = l->w * g.mt;
    g.k = l->w * g.kt;
    g.n = l->w * g.nt;
    if (!wse_kacquire(ex, l->x, l->y, l->w, l->h)) {
        return wse_kresult(ex, true);
    }

    /* Enough row blocks to keep every worker busy, whole register tiles. */
    g.mc = (g.m + tasks - 1) / tasks;
    g.mc = (g.mc + isa->mr - 1) / isa->mr * isa->mr;
    if (g.mc > GEMM_MC_MAX / isa->mr * isa->mr) {
        g.mc = GEMM_MC_MAX / isa->mr * isa->mr;
    }

    /* Columns at a time: packed B (K x ns) within its budget. */
    ns = GEMM_BPACK_MAX / sizeof(float) / g.k;
    ns = ns > GEMM_NS_MAX ? GEMM_NS_MAX : ns;
    ns = ns < isa->nr ? isa->nr : ns / isa->nr * isa->nr;

    g.bpack = wse_kscratch_get(ex, WSE_KSCRATCH_LEAD,
                               (size_t)g.k * ns * sizeof(float));
    if (!g.bpack) {
        return wse_kresult(ex, true);
    }
    for (g.col0 = 0; g.col0 < g.n && !wse_kstop(ex); g.col0 += ns) {
        g.ncols = g.n - g.col0 < ns ? g.n - g.col0 : ns;
        wse_kfor(ex, (g.ncols + isa->nr - 1) / isa->nr, isa->pack_b, &g);
        wse_kfor(ex, (g.m + g.mc - 1) / g.mc, isa->task, &g);
    }
    wse_kscratch_put(ex, WSE_KSCRATCH_LEAD, g.bpack);
    return wse_kresult(ex, g.failed);
}

static unsigned gemm_buffers(const struct wse_launch *l, struct wse_kbuf *b)
{
    uint64_t mt = l->args[1], kt = l->args[2], nt = l->args[3];

    b[0] = (struct wse_kbuf){ 4, false, mt * kt };
    b[1] = (struct wse_kbuf){ 5, false, kt * nt };
    b[2] = (struct wse_kbuf){ 6, true, mt * nt };
    return 3;
}

/* SUMMA needs as many PE rows as columns. */
static uint32_t gemm_check(const struct wse_launch *l)
{
    return l->w == l->h ? 0 : WSE_LAUNCH_CULPRIT_RECT;
}

const struct wse_kernel_impl wse_kimpl_gemm = {
    .buffers = gemm_buffers, .check = gemm_check, .run = gemm_run,
};
