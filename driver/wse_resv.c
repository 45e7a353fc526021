// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fabric reservations: which PEs and which bytes of their SRAM a context
 * owns. The driver translates every command of a context into absolute
 * coordinates inside its reservation, so reservations that never overlap
 * are what keeps two programs out of each other's data.
 *
 * A reservation is a box in three dimensions (x, y, SRAM offset), and the
 * allocator is first fit over boxes: try SRAM offsets from low to high,
 * and at each the rows, then the columns, where a free box can start. A
 * box that fits anywhere can be slid towards the origin along each axis
 * until it touches the far edge of another reservation (or 0), so only
 * those edges need trying; that keeps the search exact and, for the few
 * hundred contexts a device sees, cheap. Spatially separate placements
 * come first, so contexts share PEs only once the grid is full.
 */
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "wse_ctx.h"
#include "wse_drv.h"

/* Live reservations per device; more fail with -ENOSPC. */
#define WSE_RESV_MAX		1024
/* Byte ranges start on this boundary, so aligned offsets stay aligned. */
#define WSE_SRAM_ALIGN		64

static bool wse_overlap(u32 a, u32 alen, u32 b, u32 blen)
{
	return a < b + blen && b < a + alen;
}

static bool wse_resv_conflict(const struct wse_resv *a,
			      const struct wse_resv *b)
{
	return wse_overlap(a->off, a->span, b->off, b->span) &&
	       wse_overlap(a->y, a->h, b->y, b->h) &&
	       wse_overlap(a->x, a->w, b->x, b->w);
}

static int wse_cmp_u32(const void *a, const void *b)
{
	u32 l = *(const u32 *)a, r = *(const u32 *)b;

	return l < r ? -1 : l > r;
}

/* Sort @v and drop duplicates; returns how many are left. */
static unsigned int wse_sort_uniq(u32 *v, unsigned int n)
{
	unsigned int i, out = 0;

	sort(v, n, sizeof(*v), wse_cmp_u32, NULL);
	for (i = 0; i < n; i++)
		if (!out || v[out - 1] != v[i])
			v[out++] = v[i];
	return out;
}

static bool wse_resv_free_at(struct wse_fabric *fab,
			     const struct wse_resv *cand)
{
	const struct wse_resv *r;

	list_for_each_entry(r, &fab->list, link)
		if (wse_resv_conflict(r, cand))
			return false;
	return true;
}

/*
 * Candidate starts along one axis: 0 and the far edge of every reservation
 * that @cand already meets on the axes fixed so far (@fixed bit 0: SRAM
 * range, bit 1: rows), as long as the box still fits below @limit.
 */
static unsigned int wse_resv_edges(struct wse_fabric *fab,
				   const struct wse_resv *cand,
				   unsigned int fixed, char axis,
				   u32 size, u32 limit, u32 *out)
{
	const struct wse_resv *r;
	unsigned int n = 0;
	u32 edge;

	out[n++] = 0;
	list_for_each_entry(r, &fab->list, link) {
		if ((fixed & 1) &&
		    !wse_overlap(r->off, r->span, cand->off, cand->span))
			continue;
		if ((fixed & 2) && !wse_overlap(r->y, r->h, cand->y, cand->h))
			continue;
		edge = axis == 'o' ? r->off + r->span :
		       axis == 'y' ? r->y + r->h : r->x + r->w;
		if (edge <= limit - size)
			out[n++] = edge;
	}
	return wse_sort_uniq(out, n);
}

/**
 * wse_resv_place() - find room for a w x h rectangle of @bytes per PE
 * @wdev: the device
 * @resv: filled in and linked into the device's reservations on success
 * @w: columns, 1 to log_width
 * @h: rows, 1 to log_height
 * @bytes: SRAM bytes per PE, 1 to pe_sram_bytes
 *
 * Return: 0, -ENOSPC when nothing is free, -ENOMEM.
 */
int wse_resv_place(struct wse_device *wdev, struct wse_resv *resv,
		   u32 w, u32 h, u32 bytes)
{
	const struct wse_hw_info *info = &wdev->hw.info;
	struct wse_fabric *fab = &wdev->fabric;
	unsigned int noff, ny, nx, i, j, k;
	u32 *offs = NULL, *ys = NULL, *xs = NULL;
	struct wse_resv cand = {
		.w = w,
		.h = h,
		.span = min_t(u32, ALIGN(bytes, WSE_SRAM_ALIGN),
			      info->pe_sram_bytes),
	};
	int ret = -ENOSPC;

	mutex_lock(&fab->lock);
	if (fab->count >= WSE_RESV_MAX)
		goto out;

	offs = kmalloc_array(fab->count + 1, sizeof(u32), GFP_KERNEL);
	ys = kmalloc_array(fab->count + 1, sizeof(u32), GFP_KERNEL);
	xs = kmalloc_array(fab->count + 1, sizeof(u32), GFP_KERNEL);
	if (!offs || !ys || !xs) {
		ret = -ENOMEM;
		goto out;
	}

	noff = wse_resv_edges(fab, &cand, 0, 'o', cand.span,
			      info->pe_sram_bytes, offs);
	for (i = 0; i < noff; i++) {
		cand.off = offs[i];
		ny = wse_resv_edges(fab, &cand, 1, 'y', h, info->log_height, ys);
		for (j = 0; j < ny; j++) {
			cand.y = ys[j];
			nx = wse_resv_edges(fab, &cand, 3, 'x', w,
					    info->log_width, xs);
			for (k = 0; k < nx; k++) {
				cand.x = xs[k];
				if (wse_resv_free_at(fab, &cand))
					goto found;
			}
		}
	}
	goto out;

found:
	*resv = cand;
	list_add_tail(&resv->link, &fab->list);
	fab->count++;
	ret = 0;
out:
	mutex_unlock(&fab->lock);
	kfree(xs);
	kfree(ys);
	kfree(offs);
	return ret;
}

void wse_resv_release(struct wse_device *wdev, struct wse_resv *resv)
{
	struct wse_fabric *fab = &wdev->fabric;

	mutex_lock(&fab->lock);
	list_del(&resv->link);
	fab->count--;
	mutex_unlock(&fab->lock);
}
