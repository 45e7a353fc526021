/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The inner loops of the gemm kernel for one instruction set. Included by
 * wse_kernel_gemm.c once per instruction set with
 *
 *   GEMM_SFX    name suffix (generic, avx2, avx512)
 *   GEMM_ATTR   function attribute selecting the instruction set
 *   GEMM_VB     vector width in bytes
 *   GEMM_MR     rows of the register tile
 *   GEMM_NR     columns of the register tile, a multiple of GEMM_VB / 4
 *
 * The register tile is GEMM_MR x GEMM_NR accumulators kept in vector
 * registers (GCC vector extensions, so the compiler picks the
 * instructions; no intrinsics). Packed A panels hold GEMM_MR rows,
 * column by column; packed B panels hold GEMM_NR columns, row by row.
 */

#define GEMM_CAT2(a, b)     a##_##b
#define GEMM_CAT(a, b)      GEMM_CAT2(a, b)
#define GEMM_NAME(n)        GEMM_CAT(n, GEMM_SFX)
#define GEMM_VL             (GEMM_VB / 4)
#define GEMM_NV             (GEMM_NR / GEMM_VL)

#define GEMM_VF             GEMM_NAME(vf)
#define GEMM_MICRO          GEMM_NAME(micro)
#define GEMM_PACK_A         GEMM_NAME(pack_a)
#define GEMM_PACK_B         GEMM_NAME(pack_b)
#define GEMM_TASK           GEMM_NAME(task)
#define GEMM_ISA            GEMM_NAME(isa)

typedef float GEMM_VF __attribute__((vector_size(GEMM_VB)));

/*
 * c[MR][NR] (row stride ldc) += a-panel (kc x MR) * b-panel (kc x NR).
 * Vectors move through memcpy(), which compiles to unaligned vector loads
 * and stores.
 */
static void GEMM_ATTR GEMM_MICRO(uint32_t kc, const float *restrict a,
                                 const float *restrict b, float *restrict c,
                                 size_t ldc)
{
    GEMM_VF acc[GEMM_MR][GEMM_NV];
    uint32_t p;
    int i, v;

    memset(acc, 0, sizeof(acc));
    for (p = 0; p < kc; p++) {
        GEMM_VF bv[GEMM_NV];

        memcpy(bv, b + p * GEMM_NR, sizeof(bv));
        _Pragma("GCC unroll 16")
        for (i = 0; i < GEMM_MR; i++) {
            float ai = a[p * GEMM_MR + i];

            _Pragma("GCC unroll 4")
            for (v = 0; v < GEMM_NV; v++) {
                acc[i][v] += bv[v] * ai;
            }
        }
    }
    _Pragma("GCC unroll 16")
    for (i = 0; i < GEMM_MR; i++) {
        _Pragma("GCC unroll 4")
        for (v = 0; v < GEMM_NV; v++) {
            GEMM_VF cv;

            memcpy(&cv, c + i * ldc + v * GEMM_VL, sizeof(cv));
            cv += acc[i][v];
            memcpy(c + i * ldc + v * GEMM_VL, &cv, sizeof(cv));
        }
    }
}

/*
 * Pack B panel @t (columns col0 + t*NR ..) over all of K into
 * g->bpack + t * K * NR, zero past the last column.
 */
static void GEMM_ATTR GEMM_PACK_B(void *opaque, uint32_t t)
{
    struct gemm_ctx *g = opaque;
    float *dst = g->bpack + (size_t)t * g->k * GEMM_NR;
    uint32_t j, p;

    for (j = 0; j < GEMM_NR; j++) {
        uint64_t col = (uint64_t)g->col0 + (uint64_t)t * GEMM_NR + j;

        if (col >= (uint64_t)g->col0 + g->ncols) {
            for (p = 0; p < g->k; p++) {
                dst[(size_t)p * GEMM_NR + j] = 0;
            }
            continue;
        }
        /* Down column col of B: runs of Kt rows, one PE each. */
        for (p = 0; p < g->k; p += g->kt) {
            const uint8_t *src = gemm_b_column(g, p / g->kt, col);

            gemm_gather(dst + (size_t)p * GEMM_NR + j, GEMM_NR, src,
                        g->dtype, g->kt);
        }
    }
}

/* Pack rows row0 .. row0+mc-1, columns pc .. pc+kc-1 of A. */
static void GEMM_ATTR GEMM_PACK_A(const struct gemm_ctx *g, float *dst,
                                  uint32_t row0, uint32_t mc, uint32_t pc,
                                  uint32_t kc)
{
    uint32_t mpad = (mc + GEMM_MR - 1) / GEMM_MR * GEMM_MR, p, r;

    for (p = 0; p < kc; p++) {
        uint32_t col = pc + p;

        for (r = 0; r < mc;) {
            uint32_t row = row0 + r, lr = row % g->mt;
            uint32_t run = g->mt - lr < mc - r ? g->mt - lr : mc - r;
            const uint8_t *src = gemm_a_column(g, row / g->mt, col) +
                                 (size_t)lr * g->esize;
            uint32_t q;

            for (q = 0; q < run; q++, r++) {
                dst[(size_t)(r / GEMM_MR) * kc * GEMM_MR +
                    (size_t)p * GEMM_MR + r % GEMM_MR] =
                    wse_kld(src, g->dtype, q);
            }
        }
        for (; r < mpad; r++) {
            dst[(size_t)(r / GEMM_MR) * kc * GEMM_MR + (size_t)p * GEMM_MR +
                r % GEMM_MR] = 0;
        }
    }
}

/* One task: rows of C [row0, row0+mc) by the current columns. */
static void GEMM_ATTR GEMM_TASK(void *opaque, uint32_t t)
{
    struct gemm_ctx *g = opaque;
    uint32_t row0 = t * g->mc;
    uint32_t mc = g->m - row0 < g->mc ? g->m - row0 : g->mc;
    uint32_t npanels = (g->ncols + GEMM_NR - 1) / GEMM_NR;
    size_t ldc = (size_t)npanels * GEMM_NR;
    float *apack, *cblk;
    uint32_t pc, jr, ir;

    if (wse_kstop(g->ex)) {
        return;
    }
    apack = gemm_alloc(g, (size_t)(g->mc + GEMM_MR) * GEMM_KC +
                       (size_t)(g->mc + GEMM_MR) * ldc);
    if (!apack) {
        return;
    }
    cblk = apack + (size_t)(g->mc + GEMM_MR) * GEMM_KC;
    memset(cblk, 0, (size_t)(g->mc + GEMM_MR) * ldc * sizeof(float));

    for (pc = 0; pc < g->k; pc += GEMM_KC) {
        uint32_t kc = g->k - pc < GEMM_KC ? g->k - pc : GEMM_KC;

        if (wse_kstop(g->ex)) {
            wse_kscratch_put(g->ex, WSE_KSCRATCH_TASK, apack);
            return;
        }
        GEMM_PACK_A(g, apack, row0, mc, pc, kc);
        /* B micro-panel stays in L1 while A panels stream from L2. */
        for (jr = 0; jr < npanels; jr++) {
            const float *b = g->bpack + (size_t)jr * g->k * GEMM_NR +
                             (size_t)pc * GEMM_NR;

            for (ir = 0; ir < mc; ir += GEMM_MR) {
                GEMM_MICRO(kc, apack + (size_t)ir * kc, b,
                           cblk + ir * ldc + jr * GEMM_NR, ldc);
            }
        }
    }
    gemm_write_back(g, cblk, ldc, row0, mc);
    wse_kscratch_put(g->ex, WSE_KSCRATCH_TASK, apack);
}

static const struct gemm_isa GEMM_ISA = {
    .name = GEMM_STR(GEMM_SFX),
    .mr = GEMM_MR,
    .nr = GEMM_NR,
    .pack_b = GEMM_PACK_B,
    .task = GEMM_TASK,
};

#undef GEMM_VF
#undef GEMM_MICRO
#undef GEMM_PACK_A
#undef GEMM_PACK_B
#undef GEMM_TASK
#undef GEMM_ISA
#undef GEMM_CAT2
#undef GEMM_CAT
#undef GEMM_NAME
#undef GEMM_VL
#undef GEMM_NV
#undef GEMM_SFX
#undef GEMM_ATTR
#undef GEMM_VB
#undef GEMM_MR
#undef GEMM_NR
