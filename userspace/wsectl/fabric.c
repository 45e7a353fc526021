// SPDX-License-Identifier: MIT
/*
 * The fabric map of fabric.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fabric.h"
#include "png.h"

/* Indexes 0..3 are the free roles; reserved PEs take 4 + context % 8. */
const uint8_t wsectl_fabric_palette[WSECTL_PE_ROLES - 1 + WSECTL_PNG_CTX_COLOURS][3] = {
	[WSECTL_PE_WORKING] = { 0x2e, 0x7d, 0x32 },	/* green */
	[WSECTL_PE_SPARE] = { 0x90, 0xca, 0xf9 },	/* light blue */
	[WSECTL_PE_DEFECTIVE] = { 0xd3, 0x2f, 0x2f },	/* red */
	[WSECTL_PE_RETIRED] = { 0x61, 0x61, 0x61 },	/* grey */
	{ 0xff, 0x98, 0x00 }, { 0x8e, 0x24, 0xaa }, { 0xff, 0xeb, 0x3b }, { 0x00, 0xbc, 0xd4 },
	{ 0xf0, 0x62, 0x92 }, { 0x79, 0x55, 0x48 }, { 0xcd, 0xdc, 0x39 }, { 0x1a, 0x23, 0x7e },
};

const char *wsectl_pe_role_name(unsigned int role)
{
	static const char *const names[WSECTL_PE_ROLES] = {
		[WSECTL_PE_WORKING] = "working",
		[WSECTL_PE_SPARE] = "spare",
		[WSECTL_PE_DEFECTIVE] = "defective",
		[WSECTL_PE_RETIRED] = "retired",
		[WSECTL_PE_RESERVED] = "reserved",
	};

	return role < WSECTL_PE_ROLES ? names[role] : "unknown";
}

void wsectl_fabric_free(struct wsectl_fabric *f)
{
	free(f->role);
	free(f->owner);
	free(f->retired);
	memset(f, 0, sizeof(*f));
}

int wsectl_fabric_build(struct wsectl_fabric *f, const struct drm_wse_device_info *info,
			const struct drm_wse_defect *defects, uint32_t ndefects,
			const struct wsectl_resv *ctxs, unsigned int nctxs)
{
	uint32_t pw = info->phys_width, ph = info->phys_height, x, y, i, ly = 0;
	uint32_t *row_defects = NULL, *log_col = NULL;
	size_t cells = (size_t)pw * ph;

	memset(f, 0, sizeof(*f));
	/* The spec's limits; a device reading all-ones reports 2^32 - 1. */
	if (!pw || !ph || pw > WSECTL_FABRIC_MAX_SIDE || ph > WSECTL_FABRIC_MAX_SIDE ||
	    info->log_width > pw || info->log_height > ph)
		return -EINVAL;
	f->phys_width = pw;
	f->phys_height = ph;
	f->log_width = info->log_width;
	f->log_height = info->log_height;
	f->spare_cols = info->spare_cols;
	f->spare_rows = info->spare_rows;
	f->min_row_margin = info->spare_cols;
	f->role = calloc(cells, 1);
	f->owner = calloc(cells, sizeof(*f->owner));
	f->retired = calloc(ph, sizeof(*f->retired));
	row_defects = calloc(ph, sizeof(*row_defects));
	/* log_col[x]: physical column of logical column x in the current row. */
	log_col = calloc(pw, sizeof(*log_col));
	if (!f->role || !f->owner || !f->retired || !row_defects || !log_col) {
		free(row_defects);
		free(log_col);
		wsectl_fabric_free(f);
		return -ENOMEM;
	}

	for (i = 0; i < ndefects; i++) {
		size_t at;

		if (defects[i].x >= pw || defects[i].y >= ph) {
			f->bad_defects++;
			continue;
		}
		at = (size_t)defects[i].y * pw + defects[i].x;
		if (f->role[at] != WSECTL_PE_DEFECTIVE) {
			f->role[at] = WSECTL_PE_DEFECTIVE;
			row_defects[defects[i].y]++;
		}
	}

	for (y = 0; y < ph; y++) {
		uint8_t *row = f->role + (size_t)y * pw;
		uint32_t lx = 0;

		if (row_defects[y] > f->spare_cols) {
			/* Rule 1: a row with more defects than spares is not used. */
			f->retired[f->retired_rows++] = y;
			for (x = 0; x < pw; x++)
				if (row[x] != WSECTL_PE_DEFECTIVE)
					row[x] = WSECTL_PE_RETIRED;
			continue;
		}
		if (ly < f->log_height && f->spare_cols - row_defects[y] < f->min_row_margin)
			f->min_row_margin = f->spare_cols - row_defects[y];
		/* Rules 2 and 3: working PEs in x order are the logical columns. */
		for (x = 0; x < pw; x++) {
			if (row[x] == WSECTL_PE_DEFECTIVE)
				continue;
			if (ly < f->log_height && lx < f->log_width)
				log_col[lx] = x;
			row[x] = ly < f->log_height && lx < f->log_width ? WSECTL_PE_WORKING :
			       WSECTL_PE_SPARE;
			lx++;
		}
		if (ly < f->log_height && lx >= f->log_width) {
			for (i = 0; ctxs && i < nctxs; i++) {
				const struct wsectl_resv *r = &ctxs[i];
				uint32_t cx;

				if (ly < r->y || ly - r->y >= r->height)
					continue;
				for (cx = r->x; cx < f->log_width && cx - r->x < r->width; cx++) {
					size_t at = (size_t)y * pw + log_col[cx];

					row[log_col[cx]] = WSECTL_PE_RESERVED;
					f->owner[at] = i;
				}
			}
		}
		if (ly < f->log_height)
			ly++;
	}
	f->complete = ly == f->log_height;
	for (i = 0; i < cells; i++)
		f->count[f->role[i]]++;
	free(row_defects);
	free(log_col);
	return 0;
}

char wsectl_fabric_ctx_letter(unsigned int idx)
{
	/* Not 's' or 'X', which mean spare and defective. */
	static const char letters[] = "ABCDEFGHIJKLMNOPQRTUVWYZ";

	return letters[idx % (sizeof(letters) - 1)];
}

/* How notable a role is when one character stands for many PEs. */
static unsigned int rank(uint8_t role)
{
	static const unsigned int r[WSECTL_PE_ROLES] = {
		[WSECTL_PE_WORKING] = 0, [WSECTL_PE_SPARE] = 1, [WSECTL_PE_RETIRED] = 2,
		[WSECTL_PE_RESERVED] = 3, [WSECTL_PE_DEFECTIVE] = 4,
	};

	return r[role];
}

void wsectl_fabric_print_map(FILE *out, const struct wsectl_fabric *f, unsigned int max_cols)
{
	static const char glyph[WSECTL_PE_ROLES] = {
		[WSECTL_PE_WORKING] = '.', [WSECTL_PE_SPARE] = 's', [WSECTL_PE_DEFECTIVE] = 'X',
		[WSECTL_PE_RETIRED] = '-', [WSECTL_PE_RESERVED] = '?',
	};
	uint32_t block, bx, by, x, y;

	if (!max_cols)
		max_cols = 1;
	block = (f->phys_width + max_cols - 1) / max_cols;
	if (!block)
		block = 1;
	if (block > 1)
		fprintf(out, "  (one character per %ux%u PEs; it shows the most notable of them)\n",
			block, block);
	for (by = 0; by < f->phys_height; by += block) {
		fputs("  ", out);
		for (bx = 0; bx < f->phys_width; bx += block) {
			uint8_t best = WSECTL_PE_WORKING;
			uint32_t owner = 0;

			for (y = by; y < by + block && y < f->phys_height; y++)
				for (x = bx; x < bx + block && x < f->phys_width; x++) {
					uint8_t r = wsectl_fabric_role(f, x, y);

					if (rank(r) > rank(best)) {
						best = r;
						owner = f->owner[(size_t)y * f->phys_width + x];
					}
				}
			fputc(best == WSECTL_PE_RESERVED ? wsectl_fabric_ctx_letter(owner) :
			      glyph[best], out);
		}
		fputc('\n', out);
	}
}

struct png_map {
	const struct wsectl_fabric *f;
	unsigned int scale;
};

static void png_row(void *priv, uint32_t y, uint8_t *row)
{
	const struct png_map *m = priv;
	const struct wsectl_fabric *f = m->f;
	uint32_t py = y / m->scale, x;
	unsigned int s;

	for (x = 0; x < f->phys_width; x++) {
		size_t at = (size_t)py * f->phys_width + x;
		uint8_t r = f->role[at];
		uint8_t colour = r;

		if (r == WSECTL_PE_RESERVED)
			colour = (uint8_t)(WSECTL_PE_RESERVED +
					   f->owner[at] % WSECTL_PNG_CTX_COLOURS);

		for (s = 0; s < m->scale; s++)
			row[(size_t)x * m->scale + s] = colour;
	}
}

int wsectl_fabric_write_png(FILE *out, const struct wsectl_fabric *f, unsigned int scale)
{
	struct png_map m = { .f = f, .scale = scale };

	if (!scale || (uint64_t)f->phys_width * scale > (1u << 24) ||
	    (uint64_t)f->phys_height * scale > (1u << 24))
		return -EINVAL;
	return png_write_indexed(out, f->phys_width * scale, f->phys_height * scale,
				 wsectl_fabric_palette,
				 sizeof(wsectl_fabric_palette) / sizeof(wsectl_fabric_palette[0]),
				 png_row, &m);
}
