/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the fabric unit tests. */
#ifndef WSE_TEST_UTIL_H
#define WSE_TEST_UTIL_H

#include <stdint.h>
#include <string.h>

#include "wse_fabric.h"

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

static inline void fill_random(void *buf, size_t n, uint64_t seed)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = wse_prng_next(&seed);
}

#endif
