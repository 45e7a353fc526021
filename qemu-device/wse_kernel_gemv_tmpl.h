/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The inner loop of the gemv kernel for one instruction set, included by
 * wse_kernel_gemv.c with GEMV_SFX (name suffix), GEMV_ATTR (function
 * attribute selecting the instruction set) and GEMV_VB (vector bytes).
 *
 * acc[r] += dot(row r of the n-column block a, x) for r < rows, four rows
 * at a time so that each load of x serves four rows.
 */

#define GEMV_CAT2(a, b)     a##_##b
#define GEMV_CAT(a, b)      GEMV_CAT2(a, b)
#define GEMV_NAME(n)        GEMV_CAT(n, GEMV_SFX)
#define GEMV_VL             (GEMV_VB / 4)

#define GEMV_VF             GEMV_NAME(vf)
#define GEMV_HSUM           GEMV_NAME(hsum)
#define GEMV_ROWS           GEMV_NAME(rows)

typedef float GEMV_VF __attribute__((vector_size(GEMV_VB)));

static float GEMV_ATTR GEMV_HSUM(GEMV_VF v)
{
    float s = 0;
    int i;

    for (i = 0; i < GEMV_VL; i++) {
        s += v[i];
    }
    return s;
}

/* Vectors move through memcpy(): unaligned vector loads. */
static void GEMV_ATTR GEMV_ROWS(const float *a, uint32_t n, const float *x,
                                float *acc, uint32_t rows)
{
    uint32_t r = 0, k, t;
    GEMV_VF xv, av;

    for (; r + 4 <= rows; r += 4) {
        const float *a0 = a + (size_t)r * n, *a1 = a0 + n;
        const float *a2 = a1 + n, *a3 = a2 + n;
        GEMV_VF s0, s1, s2, s3;
        float t0, t1, t2, t3;

        memset(&s0, 0, sizeof(s0));
        s1 = s2 = s3 = s0;
        for (k = 0; k + GEMV_VL <= n; k += GEMV_VL) {
            memcpy(&xv, x + k, sizeof(xv));
            memcpy(&av, a0 + k, sizeof(av));
            s0 += av * xv;
            memcpy(&av, a1 + k, sizeof(av));
            s1 += av * xv;
            memcpy(&av, a2 + k, sizeof(av));
            s2 += av * xv;
            memcpy(&av, a3 + k, sizeof(av));
            s3 += av * xv;
        }
        t0 = GEMV_HSUM(s0);
        t1 = GEMV_HSUM(s1);
        t2 = GEMV_HSUM(s2);
        t3 = GEMV_HSUM(s3);
        for (t = k; t < n; t++) {
            t0 += a0[t] * x[t];
            t1 += a1[t] * x[t];
            t2 += a2[t] * x[t];
            t3 += a3[t] * x[t];
        }
        acc[r] += t0;
        acc[r + 1] += t1;
        acc[r + 2] += t2;
        acc[r + 3] += t3;
    }
    for (; r < rows; r++) {
        const float *a0 = a + (size_t)r * n;
        GEMV_VF s0;
        float t0;

        memset(&s0, 0, sizeof(s0));
        for (k = 0; k + GEMV_VL <= n; k += GEMV_VL) {
            memcpy(&xv, x + k, sizeof(xv));
            memcpy(&av, a0 + k, sizeof(av));
            s0 += av * xv;
        }
        t0 = GEMV_HSUM(s0);
        for (t = k; t < n; t++) {
            t0 += a0[t] * x[t];
        }
        acc[r] += t0;
    }
}

#undef GEMV_VF
#undef GEMV_HSUM
#undef GEMV_ROWS
#undef GEMV_CAT2
#undef GEMV_CAT
#undef GEMV_NAME
#undef GEMV_VL
#undef GEMV_SFX
#undef GEMV_ATTR
#undef GEMV_VB
