// SPDX-License-Identifier: MIT
/*
 * Splitting one memcpy into commands that each fit the per-command limit.
 *
 * Each command describes its own host array, which must be one contiguous
 * byte range laid out as the command's shape and order says. Both orders
 * are three nested levels with the last one contiguous:
 *
 *   row-major [h][w][l]:  rows   > PEs of a row  > elements of a PE
 *   col-major [l][h][w]:  planes > rows of plane > PEs of a row
 *
 * A range of whole outer items, a range of middle items inside one outer
 * item, or a range of inner items inside one middle item is contiguous in
 * the host array and is itself a valid array of a smaller rectangle (or
 * fewer elements per PE, at a later pe_offset). The planner takes the
 * coarsest level at which one item fits and packs as many as fit.
 */
#include <unistd.h>

#include "wse_internal.h"

uint64_t wse_xfer_bytes(const struct wse_xfer *t)
{
	return (uint64_t)t->width * t->height * t->elems_per_pe * t->esize;
}

/* Sizes of the three levels, outer to inner, in elements. */
static void levels(const struct wse_xfer *t, uint64_t n[3])
{
	if (t->col_major) {
		n[0] = t->elems_per_pe;
		n[1] = t->height;
		n[2] = t->width;
	} else {
		n[0] = t->height;
		n[1] = t->width;
		n[2] = t->elems_per_pe;
	}
}

/*
 * The command for items [first, first + count) of level @lvl, inside
 * outer item @i (levels 1 and 2) and middle item @j (level 2).
 */
static void make_chunk(const struct wse_xfer *t, unsigned int lvl, uint64_t i, uint64_t j,
		       uint64_t first, uint64_t count, struct wse_chunk *c)
{
	uint64_t n[3], elem;

	levels(t, n);
	switch (lvl) {
	case 0:
		elem = first * n[1] * n[2];
		break;
	case 1:
		elem = (i * n[1] + first) * n[2];
		break;
	default:
		elem = (i * n[1] + j) * n[2] + first;
		break;
	}
	c->host_offset = elem * t->esize;
	c->length = count * (lvl == 0 ? n[1] * n[2] : lvl == 1 ? n[2] : 1) * t->esize;
	c->x = t->x;
	c->y = t->y;
	c->width = t->width;
	c->height = t->height;
	c->elems_per_pe = t->elems_per_pe;
	c->pe_offset = t->pe_offset;

	if (!t->col_major) {
		switch (lvl) {
		case 0:		/* rows first .. first+count */
			c->y = t->y + first;
			c->height = count;
			break;
		case 1:		/* PEs of row i */
			c->y = t->y + i;
			c->height = 1;
			c->x = t->x + first;
			c->width = count;
			break;
		default:	/* elements of PE (j, i) */
			c->y = t->y + i;
			c->height = 1;
			c->x = t->x + j;
			c->width = 1;
			c->elems_per_pe = count;
			c->pe_offset = t->pe_offset + first * t->esize;
			break;
		}
		return;
	}
	switch (lvl) {
	case 0:			/* planes first .. first+count */
		c->elems_per_pe = count;
		c->pe_offset = t->pe_offset + first * t->esize;
		break;
	case 1:			/* rows of plane i */
		c->elems_per_pe = 1;
		c->pe_offset = t->pe_offset + i * t->esize;
		c->y = t->y + first;
		c->height = count;
		break;
	default:		/* PEs of row j of plane i */
		c->elems_per_pe = 1;
		c->pe_offset = t->pe_offset + i * t->esize;
		c->y = t->y + j;
		c->height = 1;
		c->x = t->x + first;
		c->width = count;
		break;
	}
}

uint64_t wse_plan_chunks(const struct wse_xfer *t, uint64_t max_bytes,
			 struct wse_chunk *chunks)
{
	uint64_t n[3], item_bytes[3], per, i, j, k, total = 0;
	unsigned int lvl;

	levels(t, n);
	item_bytes[2] = t->esize;
	item_bytes[1] = n[2] * item_bytes[2];
	item_bytes[0] = n[1] * item_bytes[1];
	if (n[0] * item_bytes[0] <= max_bytes) {
		if (chunks)
			make_chunk(t, 0, 0, 0, 0, n[0], &chunks[0]);
		return 1;
	}
	/* The coarsest level whose single item fits; an element always does. */
	for (lvl = 0; lvl < 2 && item_bytes[lvl] > max_bytes; lvl++)
		;
	per = max_bytes / item_bytes[lvl];
	/* Walk the items of the levels above @lvl one at a time. */
	for (i = 0; i < (lvl >= 1 ? n[0] : 1); i++)
		for (j = 0; j < (lvl == 2 ? n[1] : 1); j++)
			for (k = 0; k < n[lvl]; k += per) {
				uint64_t count = n[lvl] - k < per ? n[lvl] - k : per;

				if (chunks)
					make_chunk(t, lvl, i, j, k, count, &chunks[total]);
				total++;
			}
	return total;
}

uint64_t wse_max_cmd_bytes(const struct wse_device *dev, uint32_t esize)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t max;

	/*
	 * Keep each command within what one device command can carry: a
	 * scatter-gather list of max_sgl_entries pages at worst (a range
	 * that starts mid-page touches one page more than its length
	 * suggests) and a 32-bit length. The driver cuts larger commands
	 * itself; staying within one device command keeps the library
	 * independent of how it does that, at no cost for the common sizes.
	 */
	max = (uint64_t)(dev->max_sgl_entries > 1 ? dev->max_sgl_entries - 1 : 1) * page;
	if (max > UINT32_MAX)
		max = UINT32_MAX;
	return max - max % esize;
}
