/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stencil5: one sweep of a 2D 5-point stencil over a grid of values tiled
 * across the PEs, as the wafer's stencil examples keep one block of the
 * domain per PE and exchange halos with the four neighbours.
 *
 * Signature "t Ht Wt in_off out_off c_center c_north c_south c_west
 * c_east". The domain U has h * Ht rows and w * Wt columns; PE (i, j) of
 * the rectangle holds rows j*Ht .. j*Ht+Ht-1 and columns i*Wt .. i*Wt+Wt-1
 * row-major at in_off. The sweep writes, at out_off of the same PE,
 *
 *   V(r,c) = c_center*U(r,c) + c_north*U(r-1,c) + c_south*U(r+1,c)
 *          + c_west*U(r,c-1) + c_east*U(r,c+1)
 *
 * evaluated left to right in binary32, with U = 0 outside the domain
 * (north is row r-1, towards y = 0). out may not overlap in.
 */
#include "wse_kernel_priv.h"

struct st_ctx {
    const struct wse_launch *l;
    struct wse_kexec *ex;
    int failed;
};

/* Row @r (-1 .. Ht) of the tile of PE (i, j) into @dst, zeros off-grid. */
static void st_load_row(struct st_ctx *c, int64_t i, int64_t j, int64_t r,
                        float *dst)
{
    const struct wse_launch *l = c->l;
    uint32_t ht = l->args[1], wt = l->args[2], dtype = wse_kdtype(l);

    if (r < 0) {
        j--;
        r = ht - 1;
    } else if (r == ht) {
        j++;
        r = 0;
    }
    if (i < 0 || j < 0 || i >= l->w || j >= l->h) {
        memset(dst, 0, wt * sizeof(float));
        return;
    }
    wse_kload(dst, wse_kin(c->ex, l->x + i, l->y + j) + l->args[3] +
              (size_t)r * wt * wse_kesize(dtype), dtype, wt);
}

/* Column @col of the tile of PE (i, j), rows 0..Ht-1, zeros off-grid. */
static void st_load_col(struct st_ctx *c, int64_t i, int64_t j, uint32_t col,
                        float *dst, size_t stride)
{
    const struct wse_launch *l = c->l;
    uint32_t ht = l->args[1], wt = l->args[2], dtype = wse_kdtype(l), r;
    const uint8_t *in;

    if (i < 0 || i >= l->w) {
        for (r = 0; r < ht; r++) {
            dst[r * stride] = 0;
        }
        return;
    }
    in = wse_kin(c->ex, l->x + i, l->y + j) + l->args[3];
    for (r = 0; r < ht; r++) {
        dst[r * stride] = wse_kld(in, dtype, (size_t)r * wt + col);
    }
}

static void st_task(void *opaque, uint32_t j)
{
    struct st_ctx *c = opaque;
    const struct wse_launch *l = c->l;
    uint32_t ht = l->args[1], wt = l->args[2], dtype = wse_kdtype(l);
    uint32_t esize = wse_kesize(dtype), pw = wt + 2, i, r, q;
    float cc = wse_karg_float(l, 5), cn = wse_karg_float(l, 6);
    float cs = wse_karg_float(l, 7), cw = wse_karg_float(l, 8);
    float ce = wse_karg_float(l, 9);
    float *pad, *out;

    /* The tile with a one-value halo: (Ht + 2) x (Wt + 2). */
    pad = wse_kscratch_get(c->ex, WSE_KSCRATCH_TASK,
                           ((size_t)ht + 2) * pw * sizeof(float) +
                           (size_t)wt * sizeof(float));
    if (!pad) {
        __atomic_store_n(&c->failed, 1, __ATOMIC_RELAXED);
        return;
    }
    out = pad + ((size_t)ht + 2) * pw;

    for (i = 0; i < l->w && !wse_kstop(c->ex); i++) {
        uint8_t *dst = wse_kout(c->ex, l->x + i, l->y + j) + l->args[4];

        for (r = 0; r < ht + 2; r++) {
            st_load_row(c, i, j, (int64_t)r - 1, pad + (size_t)r * pw + 1);
        }
        pad[0] = pad[pw - 1] = 0;
        pad[(size_t)(ht + 1) * pw] = pad[(size_t)(ht + 2) * pw - 1] = 0;
        st_load_col(c, (int64_t)i - 1, j, wt - 1, pad + pw, pw);
        st_load_col(c, (int64_t)i + 1, j, 0, pad + pw + pw - 1, pw);

        for (r = 0; r < ht; r++) {
            const float *u = pad + (size_t)(r + 1) * pw + 1;
            const float *un = u - pw, *us = u + pw, *uw = u - 1;

            for (q = 0; q < wt; q++) {
                out[q] = cc * u[q] + cn * un[q] + cs * us[q] +
                         cw * uw[q] + ce * u[q + 1];
            }
            wse_kstore(dst + (size_t)r * wt * esize, out, dtype, wt);
        }
    }
    wse_kscratch_put(c->ex, WSE_KSCRATCH_TASK, pad);
}

static uint32_t st_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    struct st_ctx c = { .l = l, .ex = ex };

    if (!wse_kacquire(ex, l->x, l->y, l->w, l->h)) {
        return wse_kresult(ex, true);
    }
    wse_kfor(ex, l->h, st_task, &c);
    return wse_kresult(ex, c.failed);
}

static unsigned st_buffers(const struct wse_launch *l, struct wse_kbuf *b)
{
    uint64_t n = (uint64_t)l->args[1] * l->args[2];

    b[0] = (struct wse_kbuf){ 3, false, n };
    b[1] = (struct wse_kbuf){ 4, true, n };
    return 2;
}

const struct wse_kernel_impl wse_kimpl_stencil5 = {
    .buffers = st_buffers, .run = st_run,
};
