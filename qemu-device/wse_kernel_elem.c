/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Element-wise kernels: add, mul, axpy, relu. Every PE of the rectangle
 * works on its own n elements; nothing moves between PEs. An output may
 * be the same range as an input (in place), but may not partly overlap
 * one.
 *
 *   add   t n x_off y_off z_off     z = x + y
 *   mul   t n x_off y_off z_off     z = x * y
 *   axpy  t n alpha x_off y_off     y = alpha * x + y
 *   relu  t n x_off y_off           y = x < 0 ? +0 : x   (NaN stays NaN)
 */
#include "wse_kernel_priv.h"

/* Elements converted at a time, on the stack. */
#define ELEM_CHUNK      512

enum elem_op { OP_ADD, OP_MUL, OP_AXPY, OP_RELU };

struct elem_ctx {
    const struct wse_launch *l;
    struct wse_kexec *ex;
    enum elem_op op;
    uint32_t ntasks;
};

static void elem_chunk(enum elem_op op, float alpha, float *x, float *y,
                       uint32_t n)
{
    uint32_t k;

    switch (op) {
    case OP_ADD:
        for (k = 0; k < n; k++) {
            y[k] = x[k] + y[k];
        }
        break;
    case OP_MUL:
        for (k = 0; k < n; k++) {
            y[k] = x[k] * y[k];
        }
        break;
    case OP_AXPY:
        for (k = 0; k < n; k++) {
            y[k] = alpha * x[k] + y[k];
        }
        break;
    case OP_RELU:
        for (k = 0; k < n; k++) {
            y[k] = x[k] < 0 ? 0.0f : x[k];
        }
        break;
    }
}

static void elem_task(void *opaque, uint32_t t)
{
    struct elem_ctx *c = opaque;
    const struct wse_launch *l = c->l;
    uint64_t pes = (uint64_t)l->w * l->h;
    uint64_t p = wse_ktask_start(pes, c->ntasks, t);
    uint64_t end = wse_ktask_start(pes, c->ntasks, t + 1);
    uint32_t dtype = wse_kdtype(l), esize = wse_kesize(dtype);
    uint32_t n = l->args[1];
    uint32_t xo, yo, zo;
    float alpha = 0;

    /* Offsets of the two inputs and the output. */
    switch (c->op) {
    case OP_AXPY:
        alpha = wse_karg_float(l, 2);
        xo = l->args[3];
        yo = zo = l->args[4];
        break;
    case OP_RELU:
        xo = yo = l->args[2];
        zo = l->args[3];
        break;
    default:
        xo = l->args[2];
        yo = l->args[3];
        zo = l->args[4];
        break;
    }

    for (; p < end; p++) {
        uint32_t x = l->x + p % l->w, y = l->y + p / l->w, k;
        const uint8_t *in = wse_kin(c->ex, x, y);
        uint8_t *out = wse_kout(c->ex, x, y);

        if (wse_kstop(c->ex)) {
            return;
        }
        for (k = 0; k < n; k += ELEM_CHUNK) {
            uint32_t m = n - k < ELEM_CHUNK ? n - k : ELEM_CHUNK;
            float xb[ELEM_CHUNK], yb[ELEM_CHUNK];

            wse_kload(xb, in + xo + (size_t)k * esize, dtype, m);
            if (c->op != OP_RELU) {
                wse_kload(yb, in + yo + (size_t)k * esize, dtype, m);
            }
            elem_chunk(c->op, alpha, xb, yb, m);
            wse_kstore(out + zo + (size_t)k * esize, yb, dtype, m);
        }
    }
}

static uint32_t elem_run(const struct wse_launch *l, struct wse_kexec *ex,
                         enum elem_op op)
{
    struct elem_ctx c = { .l = l, .ex = ex, .op = op };

    if (!wse_kacquire(ex, l->x, l->y, l->w, l->h)) {
        return wse_kresult(ex, true);
    }
    c.ntasks = wse_ktasks(ex, (uint64_t)l->w * l->h);
    wse_kfor(ex, c.ntasks, elem_task, &c);
    return wse_kresult(ex, false);
}

static unsigned binary_buffers(const struct wse_launch *l, struct wse_kbuf *b)
{
    uint64_t n = l->args[1];

    b[0] = (struct wse_kbuf){ 2, false, n };
    b[1] = (struct wse_kbuf){ 3, false, n };
    b[2] = (struct wse_kbuf){ 4, true, n };
    return 3;
}

static unsigned axpy_buffers(const struct wse_launch *l, struct wse_kbuf *b)
{
    uint64_t n = l->args[1];

    b[0] = (struct wse_kbuf){ 3, false, n };
    b[1] = (struct wse_kbuf){ 4, true, n };
    return 2;
}

static unsigned relu_buffers(const struct wse_launch *l, struct wse_kbuf *b)
{
    uint64_t n = l->args[1];

    b[0] = (struct wse_kbuf){ 2, false, n };
    b[1] = (struct wse_kbuf){ 3, true, n };
    return 2;
}

static uint32_t add_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    return elem_run(l, ex, OP_ADD);
}

static uint32_t mul_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    return elem_run(l, ex, OP_MUL);
}

static uint32_t axpy_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    return elem_run(l, ex, OP_AXPY);
}

static uint32_t relu_run(const struct wse_launch *l, struct wse_kexec *ex)
{
    return elem_run(l, ex, OP_RELU);
}

const struct wse_kernel_impl wse_kimpl_add = {
    .buffers = binary_buffers, .run = add_run, .in_place = true,
};

const struct wse_kernel_impl wse_kimpl_mul = {
    .buffers = binary_buffers, .run = mul_run, .in_place = true,
};

const struct wse_kernel_impl wse_kimpl_axpy = {
    .buffers = axpy_buffers, .run = axpy_run, .in_place = true,
};

const struct wse_kernel_impl wse_kimpl_relu = {
    .buffers = relu_buffers, .run = relu_run, .in_place = true,
};
