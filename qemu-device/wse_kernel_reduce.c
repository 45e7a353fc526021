/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reductions over a rectangle of PEs, element by element: every PE holds
 * n elements at x_off; the result (n elements) is written at y_off of
 *
 *   reduce_rows   the east PE of each row     (x + w - 1, y + j)
 *   reduce_cols   the north PE of each column (x + i, y)
 *   reduce_all    the north-east PE           (x + w - 1, y)
 *   allreduce     every PE of the rectangle
 *
 * the layout of the wafer's residual example: rows reduce eastwards into
 * the last column, columns northwards into the first row. Signature
 * "t n op x_off y_off" with op an enum wse_reduce_op. Values combine in
 * binary32 whatever the element type, in a fixed order: along a row by
 * increasing x, along a column by increasing y, and a whole rectangle as
 * row results combined by increasing y. max and min ignore NaNs unless
 * every value is one. y may not overlap x.
 */
#include <math.h>

#include "wse_kernel_priv.h"

#define RED_CHUNK       512

struct red_ctx {
    const struct wse_launch *l;
    struct wse_kexec *ex;
    float *rows;                /* [h][n] row results, whole-rectangle ops */
    float *total;               /* [n] */
    uint32_t ntasks;
    int failed;
};

static void red_combine(uint32_t op, float *acc, const float *v, uint32_t n,
                        bool first)
{
    uint32_t k;

    if (first) {
        for (k = 0; k < n; k++) {
            acc[k] = op == WSE_REDUCE_MAXABS ? fabsf(v[k]) : v[k];
        }
        return;
    }
    switch (op) {
    case WSE_REDUCE_SUM:
        for (k = 0; k < n; k++) {
            acc[k] += v[k];
        }
        break;
    case WSE_REDUCE_MAX:
        for (k = 0; k < n; k++) {
            acc[k] = fmaxf(acc[k], v[k]);
        }
        break;
    case WSE_REDUCE_MIN:
        for (k = 0; k < n; k++) {
            acc[k] = fminf(acc[k], v[k]);
        }
        break;
    default:
        for (k = 0; k < n; k++) {
            acc[k] = fmaxf(acc[k], fabsf(v[k]));
        }
        break;
    }
}

/*
 * Reduce a line of @len PEs starting at (x0, y0), stepping (dx, dy), over
 * elements [k, k + m) into @acc.
 */
static void red_line(struct red_ctx *c, uint32_t x0, uint32_t y0, uint32_t dx,
                     uint32_t dy, uint32_t len, uint32_t k, uint32_t m,
                     float *acc)
{
    const struct wse_launch *l = c->l;
    uint32_t dtype = wse_kdtype(l), esize = wse_kesize(dtype);
    uint32_t op = l->args[2], xo = l->args[3], s;
    float v[RED_CHUNK];

    for (s = 0; s < len; s++) {
        const uint8_t *in = wse_kin(c->ex, x0 + s * dx, y0 + s * dy);

        wse_kload(v, in + xo + (size_t)k * esize, dtype, m);
        red_combine(op, acc, v, m, s == 0);
    }
}

/* Row j (or column j) reduced straight into its destination PE. */
static void red_line_task(void *opaque, uint32_t j)
{
    struct red_ctx *c = opaque;
    const struct wse_launch *l = c->l;
    bool rows = l->kernel == WSE_K_REDUCE_ROWS;
    uint32_t dtype = wse_kdtype(l), esize = wse_kesize(dtype);
    uint32_t n = l->args[1], yo = l->args[4], k;
    uint32_t x0 = rows ? l->x : l->x + j, y0 = rows ? l->y + j : l->y;
    uint8_t *out = rows ? wse_kout(c->ex, l->x + l->w - 1, y0)
                        : wse_kout(c->ex, x0, l->y);
    float acc[RED_CHUNK];

    if (wse_kstop(c->ex)) {
        return;
    }
    for (k = 0; k < n; k += RED_CHUNK) {
        uint32_t m = n - k < RED_CHUNK ? n - k : RED_CHUNK;

        red_line(c, x0, y0, rows, !rows, rows ? l->w : l->h, k, m, acc);
        wse_kstore(out + yo + (size_t)k * esize, acc, dtype, m);
    }
}

/* Phase 1 of a whole-rectangle reduction: row j into rows[j]. */
static void red_rows_task(void *opaque, uint32_t j)
{
    struct red_ctx *c = opaque;
    const struct wse_launch *l = c->l;
    uint32_t n = l->args[1], k;
    float *row = c->rows + (size_t)j * n;

    if (wse_kstop(c->ex)) {
        return;
    }
    for (k = 0; k < n; k += RED_CHUNK) {
        uint32_t m = n - k < RED_CHUNK ? n - k : RED_CHUNK;

        red_line(c, l->x, l->y + j, 1, 0, l->w, k, m, row + k);
    }
}

/* Phase 2: the row results combined by increasing y, a chunk a task. */
static void red_total_task(void *opaque, uint32_t t)
{
    struct red_ctx *c = opaque;
    const struct wse_launch *l = c->l;
    uint32_t n = l->args[1], op = l->args[2], j;
    uint32_t k = t * RED_CHUNK, m = n - k < RED_CHUNK ? n - k : RED_CHUNK;

    for (j = 0; j < l->h; j++) {
        const float *row = c->rows + (size_t)j * n + k;

        if (j == 0) {
            memcpy(c->total + k, row, m * sizeof(float));
        } else {
            red_combine(op, c->total + k, row, m, false);
        }
    }
}

/* Phase 3: the result into the PEs that get it. */
static void red_store_task(void *opaque, uint32_t t)
{
    struct red_ctx *c = opaque;
    const struct wse_launch *l = c->l;
    uint64_t pes = (uint64_t)l->w * l->h;
    uint64_t p = wse_ktask_start(pes, c->ntasks, t);
    uint64_t end = wse_ktask_start(pes, c->ntasks, t + 1);

    for (; p < end && !wse_kstop(c->ex); p++) {
        uint8_t *out = wse_kout(c->ex, l->x + p % l->w, l->y + p / l->w);

        wse_kstore(out + l->args[4], c->total, wse_kdtype(l), l->args[1]);
    }
}

static uint32_t red_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    struct red_ctx c = { .l = l, .ex = ex };
    uint32_t n = l->args[1];
    bool ok;

    switch (l->kernel) {
    case WSE_K_REDUCE_ROWS:
        if (!wse_kacquire(ex, l->x + l->w - 1, l->y, 1, l->h)) {
            return wse_kresult(ex, true);
        }
        wse_kfor(ex, l->h, red_line_task, &c);
        return wse_kresult(ex, false);
    case WSE_K_REDUCE_COLS:
        if (!wse_kacquire(ex, l->x, l->y, l->w, 1)) {
            return wse_kresult(ex, true);
        }
        wse_kfor(ex, l->w, red_line_task, &c);
        return wse_kresult(ex, false);
    case WSE_K_REDUCE_ALL:
        ok = wse_kacquire(ex, l->x + l->w - 1, l->y, 1, 1);
        break;
    default:
        ok = wse_kacquire(ex, l->x, l->y, l->w, l->h);
        break;
    }
    /* Row results, then the total, in one piece of scratch. */
    c.rows = ok ? wse_kscratch_get(ex, WSE_KSCRATCH_LEAD,
                                   ((size_t)l->h + 1) * n * sizeof(float))
                : NULL;
    if (!c.rows) {
        return wse_kresult(ex, true);
    }
    c.total = c.rows + (size_t)l->h * n;
    wse_kfor(ex, l->h, red_rows_task, &c);
    if (!wse_kstop(ex)) {
        wse_kfor(ex, (n + RED_CHUNK - 1) / RED_CHUNK, red_total_task, &c);
        if (l->kernel == WSE_K_REDUCE_ALL) {
            wse_kstore(wse_kout(ex, l->x + l->w - 1, l->y) + l->args[4],
                       c.total, wse_kdtype(l), n);
        } else {
            c.ntasks = wse_ktasks(ex, (uint64_t)l->w * l->h);
            wse_kfor(ex, c.ntasks, red_store_task, &c);
        }
    }
    wse_kscratch_put(ex, WSE_KSCRATCH_LEAD, c.rows);
    return wse_kresult(ex, false);
}

static unsigned red_buffers(const struct wse_launch *l, struct wse_kbuf *b)
{
    uint64_t n = l->args[1];

    b[0] = (struct wse_kbuf){ 3, false, n };
    b[1] = (struct wse_kbuf){ 4, true, n };
    return 2;
}

static uint32_t red_check(const struct wse_launch *l)
{
    return l->args[2] < WSE_REDUCE_OPS ? 0 : WSE_LAUNCH_CULPRIT_ARG(2);
}

const struct wse_kernel_impl wse_kimpl_reduce_rows = {
    .buffers = red_buffers, .check = red_check, .run = red_run,
};

const struct wse_kernel_impl wse_kimpl_reduce_cols = {
    .buffers = red_buffers, .check = red_check, .run = red_run,
};

const struct wse_kernel_impl wse_kimpl_reduce_all = {
    .buffers = red_buffers, .check = red_check, .run = red_run,
};

const struct wse_kernel_impl wse_kimpl_allreduce = {
    .buffers = red_buffers, .check = red_check, .run = red_run,
};
