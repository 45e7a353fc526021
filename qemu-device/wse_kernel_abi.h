/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * The compute kernels this device can run, as the firmware ABI sees them:
 * name, argument signature, element types, version. A firmware image's
 * kernel table may offer any of these (under ids of its choosing, possibly
 * fewer element types); an image naming anything else is refused.
 *
 * Plain data, shared by the device (wse_fwimage.c, wse_kernels.c) and by
 * firmware/wsefw, which checks a description against it at build time.
 */
#ifndef WSE_KERNEL_ABI_H
#define WSE_KERNEL_ABI_H

#include <stdint.h>

enum wse_kernel_index {
    WSE_K_GEMV,
    WSE_K_GEMM,
    WSE_K_ADD,
    WSE_K_MUL,
    WSE_K_AXPY,
    WSE_K_RELU,
    WSE_K_REDUCE_ROWS,
    WSE_K_REDUCE_COLS,
    WSE_K_REDUCE_ALL,
    WSE_K_ALLREDUCE,
    WSE_K_STENCIL5,
    WSE_K_COUNT
};

/* Reduction operators: the 'u' argument of the reduction kernels. */
enum wse_reduce_op {
    WSE_REDUCE_SUM,
    WSE_REDUCE_MAX,
    WSE_REDUCE_MIN,
    WSE_REDUCE_MAXABS,
    WSE_REDUCE_OPS
};

struct wse_kernel_abi {
    const char *name;
    const char *signature;      /* WSE_FW_ARG_* characters */
    uint32_t dtypes;            /* WSE_FW_DTYPE_BIT()s implemented */
    uint32_t version;           /* WSE_FW_ABI(major, minor) */
    const char *summary;        /* one line, for tools */
};

extern const struct wse_kernel_abi wse_kernel_abis[WSE_K_COUNT];

/* Index of the kernel called @name, or -1. */
int wse_kernel_abi_find(const char *name);

#endif /* WSE_KERNEL_ABI_H */
