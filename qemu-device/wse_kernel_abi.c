/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * The kernel ABI table. The argument order of each signature is the one
 * Documentation/device-spec.rst ("Compute kernels") documents; changing a
 * signature is an ABI change (bump the kernel's major version).
 */
#include <string.h>

#include "wse_kernel_abi.h"
#include "wse_fw.h"

#define BOTH    (WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32) | \
                 WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F16))

const struct wse_kernel_abi wse_kernel_abis[WSE_K_COUNT] = {
    [WSE_K_GEMV] = {
        "gemv", "tnnoooff", BOTH, WSE_FW_ABI(1, 0),
        "y = alpha * A x + beta * y, A in checkerboard tiles",
    },
    [WSE_K_GEMM] = {
        "gemm", "tnnnoooff", BOTH, WSE_FW_ABI(1, 0),
        "C = alpha * A B + beta * C on a square PE grid (SUMMA layout)",
    },
    [WSE_K_ADD] = {
        "add", "tnooo", BOTH, WSE_FW_ABI(1, 0), "z = x + y in every PE",
    },
    [WSE_K_MUL] = {
        "mul", "tnooo", BOTH, WSE_FW_ABI(1, 0), "z = x * y in every PE",
    },
    [WSE_K_AXPY] = {
        "axpy", "tnfoo", BOTH, WSE_FW_ABI(1, 0),
        "y = alpha * x + y in every PE",
    },
    [WSE_K_RELU] = {
        "relu", "tnoo", BOTH, WSE_FW_ABI(1, 0), "y = max(x, 0) in every PE",
    },
    [WSE_K_REDUCE_ROWS] = {
        "reduce_rows", "tnuoo", BOTH, WSE_FW_ABI(1, 0),
        "reduce each PE row into its east PE",
    },
    [WSE_K_REDUCE_COLS] = {
        "reduce_cols", "tnuoo", BOTH, WSE_FW_ABI(1, 0),
        "reduce each PE column into its north PE",
    },
    [WSE_K_REDUCE_ALL] = {
        "reduce_all", "tnuoo", BOTH, WSE_FW_ABI(1, 0),
        "reduce the rectangle into its north-east PE",
    },
    [WSE_K_ALLREDUCE] = {
        "allreduce", "tnuoo", BOTH, WSE_FW_ABI(1, 0),
        "reduce the rectangle into every PE",
    },
    [WSE_K_STENCIL5] = {
        "stencil5", "tnnoofffff", BOTH, WSE_FW_ABI(1, 0),
        "one 2D 5-point stencil sweep over tiled data",
    },
};

int wse_kernel_abi_find(const char *name)
{
    int i;

    for (i = 0; i < WSE_K_COUNT; i++) {
        if (!strcmp(wse_kernel_abis[i].name, name)) {
            return i;
        }
    }
    return -1;
}
