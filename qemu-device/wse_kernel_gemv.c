/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gemv: y = alpha * A x + beta * y with A in the checkerboard layout of
 * the wafer's gemv-checkerboard-pattern example.
 *
 * Signature "t Mt Nt a_off x_off y_off alpha beta". A is M x N with
 * M = h * Mt and N = w * Nt. PE (i, j) of the rectangle holds the Mt x Nt
 * block A[j*Mt .. j*Mt+Mt-1][i*Nt .. i*Nt+Nt-1] row-major at a_off. x
 * enters along the north row: PE (i, 0) holds x[i*Nt .. i*Nt+Nt-1] at
 * x_off. Each row of PEs reduces its partial products eastwards, so y
 * leaves along the east column: PE (w-1, j) holds y[j*Mt .. j*Mt+Mt-1] at
 * y_off. With beta = 0, y is not read. Products are summed in binary32.
 * The byte ranges of A, x and y may not overlap (the same offsets apply
 * in every PE).
 */
#include "wse_kernel_priv.h"

struct gemv_ctx {
    const struct wse_launch *l;
    struct wse_kexec *ex;
    uint32_t parts;             /* tasks per row of PEs */
    void (*rows)(const float *a, uint32_t n, const float *x, float *acc,
                 uint32_t rows);
    int failed;
};

#define GEMV_SFX    generic
#define GEMV_ATTR
#define GEMV_VB     16
#include "wse_kernel_gemv_tmpl.h"

#ifdef WSE_KERNEL_X86
#define GEMV_SFX    avx2
#define GEMV_ATTR   __attribute__((target("avx2,fma")))
#define GEMV_VB     32
#include "wse_kernel_gemv_tmpl.h"

#define GEMV_SFX    avx512
#define GEMV_ATTR   __attribute__((target("avx512f")))
#define GEMV_VB     64
#include "wse_kernel_gemv_tmpl.h"
#endif

static void (*gemv_pick_rows(void))(const float *, uint32_t, const float *,
                                    float *, uint32_t)
{
    switch (wse_kisa()) {
#ifdef WSE_KERNEL_X86
    case WSE_KISA_AVX512:
        return rows_avx512;
    case WSE_KISA_AVX2:
        return rows_avx2;
#endif
    default:
        return rows_generic;
    }
}

static void gemv_task(void *opaque, uint32_t t)
{
    struct gemv_ctx *c = opaque;
    const struct wse_launch *l = c->l;
    uint32_t dtype = wse_kdtype(l), esize = wse_kesize(dtype);
    uint32_t mt = l->args[1], nt = l->args[2];
    uint32_t j = t / c->parts, part = t % c->parts;
    uint32_t r0 = wse_ktask_start(mt, c->parts, part);
    uint32_t r1 = wse_ktask_start(mt, c->parts, part + 1);
    float alpha = wse_karg_float(l, 6), beta = wse_karg_float(l, 7);
    bool direct = wse_kdirect(dtype);
    float *acc, *xbuf, *arow;
    uint8_t *yp;
    uint32_t i, r;

    if (r0 == r1 || wse_kstop(c->ex)) {
        return;
    }
    acc = wse_kscratch_get(c->ex, WSE_KSCRATCH_TASK,
                           ((size_t)(r1 - r0) + 2 * (size_t)nt) *
                           sizeof(float));
    if (!acc) {
        __atomic_store_n(&c->failed, 1, __ATOMIC_RELAXED);
        return;
    }
    memset(acc, 0, (size_t)(r1 - r0) * sizeof(float));
    xbuf = acc + (r1 - r0);
    arow = xbuf + nt;

    for (i = 0; i < l->w; i++) {
        const uint8_t *a = wse_kin(c->ex, l->x + i, l->y + j) + l->args[3];
        const uint8_t *x = wse_kin(c->ex, l->x + i, l->y) + l->args[4];
        const float *xv = direct ? (const float *)x : xbuf;

        if (wse_kstop(c->ex)) {
            wse_kscratch_put(c->ex, WSE_KSCRATCH_TASK, acc);
            return;
        }
        if (!direct) {
            wse_kload(xbuf, x, dtype, nt);
        }
        if (direct) {
            c->rows((const float *)(a + (size_t)r0 * nt * esize), nt, xv,
                    acc, r1 - r0);
            continue;
        }
        for (r = r0; r < r1; r++) {
            wse_kload(arow, a + (size_t)r * nt * esize, dtype, nt);
            c->rows(arow, nt, xv, acc + (r - r0), 1);
        }
    }

    yp = wse_kout(c->ex, l->x + l->w - 1, l->y + j) + l->args[5];
    for (r = r0; r < r1; r++) {
        float v = alpha * acc[r - r0];

        if (beta != 0) {
            v += beta * wse_kld(yp, dtype, r);
        }
        wse_kst(yp, dtype, r, v);
    }
    wse_kscratch_put(c->ex, WSE_KSCRATCH_TASK, acc);
}

static uint32_t gemv_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    struct gemv_ctx c = { .l = l, .ex = ex, .rows = gemv_pick_rows() };
    uint32_t want = wse_ktasks(ex, UINT32_MAX);

    if (!wse_kacquire(ex, l->x + l->w - 1, l->y, 1, l->h)) {
        return wse_kresult(ex, true);
    }
    /* Split rows of y too when there are fewer PE rows than workers. */
    c.parts = l->h >= want ? 1 : (want + l->h - 1) / l->h;
    if (c.parts > l->args[1]) {
        c.parts = l->args[1];
    }
    wse_kfor(ex, l->h * c.parts, gemv_task, &c);
    return wse_kresult(ex, c.failed);
}

static unsigned gemv_buffers(const struct wse_launch *l, struct wse_kbuf *b)
{
    uint64_t mt = l->args[1], nt = l->args[2];

    b[0] = (struct wse_kbuf){ 3, false, mt * nt };
    b[1] = (struct wse_kbuf){ 4, false, nt };
    b[2] = (struct wse_kbuf){ 5, true, mt };
    return 3;
}

const struct wse_kernel_impl wse_kimpl_gemv = {
    .buffers = gemv_buffers, .run = gemv_run,
};
