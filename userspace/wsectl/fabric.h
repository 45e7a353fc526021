/* SPDX-License-Identifier: MIT */
/*
 * The fabric map: what each physical PE of a wafer is, worked out from
 * the geometry and the defect list with the remap rule of
 * Documentation/device-spec.rst ("Defect remap rule"), and which context
 * holds it. Pure computation, for topo, health and their tests.
 */
#ifndef WSECTL_FABRIC_H
#define WSECTL_FABRIC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "devdata.h"
#include "wse.h"

enum wsectl_pe_role {
	WSECTL_PE_WORKING,	/* part of the logical grid, free */
	WSECTL_PE_SPARE,	/* works, not in the logical grid */
	WSECTL_PE_DEFECTIVE,
	WSECTL_PE_RETIRED,	/* works, in a row with too many defects */
	WSECTL_PE_RESERVED,	/* in the logical grid, held by a context */
	WSECTL_PE_ROLES
};

/* Physical grids are at most this many PEs a side (device-spec.rst). */
#define WSECTL_FABRIC_MAX_SIDE	65536

struct wsectl_fabric {
	uint32_t phys_width, phys_height, log_width, log_height;
	uint32_t spare_cols, spare_rows;
	uint8_t *role;		/* phys_width * phys_height, enum wsectl_pe_role */
	uint32_t *owner;	/* same size: index into the contexts for RESERVED */
	uint32_t count[WSECTL_PE_ROLES];
	uint32_t retired_rows;	/* rows with more than spare_cols defects */
	uint32_t *retired;	/* their physical y */
	uint32_t min_row_margin;	/* least spare_cols - defects of a used row */
	uint32_t bad_defects;	/* entries outside the physical grid */
	bool complete;		/* the logical grid could be formed */
};

/*
 * Build the map. @ctxs (may be NULL) are the context reservations in
 * logical coordinates; parts outside the logical grid are ignored.
 * 0 or -ENOMEM / -EINVAL (no grid).
 */
int wsectl_fabric_build(struct wsectl_fabric *f, const struct drm_wse_device_info *info,
			const struct drm_wse_defect *defects, uint32_t ndefects,
			const struct wsectl_resv *ctxs, unsigned int nctxs);
void wsectl_fabric_free(struct wsectl_fabric *f);

static inline uint8_t wsectl_fabric_role(const struct wsectl_fabric *f, uint32_t x, uint32_t y)
{
	return f->role[(size_t)y * f->phys_width + x];
}

/* "working", "spare", ... as JSON and CSV name them. */
const char *wsectl_pe_role_name(unsigned int role);

/*
 * Text map, one character per block of PEs no wider than @max_cols
 * characters: '.' working, 's' spare, 'X' defective, '-' retired, a
 * letter per context; a block shows the most notable PE it covers.
 */
void wsectl_fabric_print_map(FILE *out, const struct wsectl_fabric *f, unsigned int max_cols);
/* The letter of context @idx in the text map. */
char wsectl_fabric_ctx_letter(unsigned int idx);

/*
 * The map as an indexed-colour PNG, @scale pixels per PE, one colour per
 * role and eight that cycle for contexts. 0 or -EIO / -ENOMEM / -EINVAL.
 */
int wsectl_fabric_write_png(FILE *out, const struct wsectl_fabric *f, unsigned int scale);

/* Palette: RGB of index @i (roles first, then the context colours). */
#define WSECTL_PNG_CTX_COLOURS	8
extern const uint8_t wsectl_fabric_palette[WSECTL_PE_ROLES - 1 + WSECTL_PNG_CTX_COLOURS][3];

#endif /* WSECTL_FABRIC_H */
