/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the fabric unit tests. */
#ifndef WSE_TEST_UTIL_H
#define WSE_TEST_UTIL_H

#include <stdint.h>
#include <string.h>

#include "wse_fabric.h"
#include "wse_fw.h"
#include "wse_kernels.h"

/* The "small" preset of the device: 32 x 24 logical, 2 + 1 spares. */
static inline struct wse_fabric_config small_config(void)
{
	struct wse_fabric_config c = {
		.log_width = 32, .log_height = 24,
		.spare_cols = 2, .spare_rows = 1,
		.pe_sram_bytes = 48 * 1024,
		.ndefects = 6, .seed = 0x5753453300000001ull,
	};
	return c;
}

/*
 * Initialiser of launch limits that let every kernel through: the whole
 * of a PE's @sram bytes as the window, any rectangle, fp32 and fp16.
 */
#define OPEN_LIMITS(sram) {						\
	.pe_sram_bytes = (sram),					\
	.sram_lo = 0,							\
	.sram_hi = (sram),						\
	.max_width = 0xffff,						\
	.max_height = 0xffff,						\
	.max_pes = ~0ull,						\
	.dtypes = WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32) |			\
		  WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F16),			\
}

static inline void fill_random(void *buf, size_t n, uint64_t seed)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = wse_prng_next(&seed);
}

#endif
