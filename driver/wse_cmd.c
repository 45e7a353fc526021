// SPDX-License-Identifier: GPL-2.0-only
/*
 * From user commands to device commands.
 *
 * Every user command is checked against the errno contract and the
 * context's reservation, then rewritten in absolute fabric coordinates.
 * Host data is named by BO index and offset; the device gets DMA addresses
 * the kernel produced itself, as an inline range or an SGL in coherent
 * memory the job owns. Userspace never supplies a device address.
 *
 * A device command takes at most sge_max SGL entries and 4 GiB of host
 * data, so big transfers are cut into several commands, each of which is
 * a valid transfer of its own: a sub-rectangle (and, column-major, a range
 * of element planes) whose host bytes are contiguous in the user's array.
 * Row-major ([h][w][l]) arrays are cut into whole rows, or into runs of
 * PEs within a row; column-major ([l][h][w]) arrays into whole planes, or
 * into runs of rows within a plane.
 */
#include <linux/bits.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/highmem.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <drm/drm_gem.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_hw.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_gem.h"
#include "wse_job.h"

/* Host bytes per device command; well below the 32-bit host_len. */
#define WSE_HW_MAX_LEN		((u64)SZ_2G)
/* Device commands per job, to keep arrays sane. */
#define WSE_JOB_MAX_HW		BIT(22)

/* A user command after checking, in absolute coordinates. */
struct wse_xfer {
	u8 opcode;			/* WSE_OP_* */
	u8 flags;			/* WSE_CMD_F_* */
	bool col_major;
	u32 esize;
	u32 x, y, w, h;
	u32 elems;
	u32 pe_offset;
	u32 dst_x, dst_y, dst_pe_offset;
	u32 fill_len, fill_value;
};

/* Walks the DMA segments of a mapped table. */
struct wse_seg_iter {
	struct scatterlist *sg;
	unsigned int left;		/* segments left, current included */
	u32 off;			/* bytes into the current one */
};

static void wse_seg_init(struct wse_seg_iter *it, struct sg_table *sgt,
			 u64 skip)
{
	it->sg = sgt->sgl;
	it->left = sgt->nents;
	while (it->left && skip >= sg_dma_len(it->sg)) {
		skip -= sg_dma_len(it->sg);
		it->sg = sg_next(it->sg);
		it->left--;
	}
	it->off = it->left ? skip : 0;
}

static u32 wse_seg_avail(const struct wse_seg_iter *it)
{
	return it->left ? sg_dma_len(it->sg) - it->off : 0;
}

static void wse_seg_next(struct wse_seg_iter *it)
{
	it->sg = sg_next(it->sg);
	it->left--;
	it->off = 0;
}

static void wse_seg_advance(struct wse_seg_iter *it, u64 n)
{
	while (n && it->left) {
		u32 avail = wse_seg_avail(it);

		if (n < avail) {
			it->off += n;
			return;
		}
		n -= avail;
		wse_seg_next(it);
	}
}

/* Bytes the next @max segments cover, at most @want. */
static u64 wse_seg_reach(const struct wse_seg_iter *it, u32 max, u64 want)
{
	struct wse_seg_iter t = *it;
	u64 got = 0;

	while (max-- && t.left && got < want) {
		got += wse_seg_avail(&t);
		wse_seg_next(&t);
	}
	return min(got, want);
}

/* Segments the next @n bytes touch. */
static u32 wse_seg_count(const struct wse_seg_iter *it, u64 n)
{
	struct wse_seg_iter t = *it;
	u32 count = 0;

	while (n && t.left) {
		u32 avail = wse_seg_avail(&t);

		count++;
		if (n <= avail)
			break;
		n -= avail;
		wse_seg_next(&t);
	}
	return count;
}

/* Append a zeroed device command that came from user command @src. */
struct wse_hw_cmd *wse_job_add_hw(struct wse_job *job, u32 src)
{
	struct wse_hw_cmd *hc;

	if (job->nr_hw == job->hw_cap) {
		u32 cap = max(job->hw_cap * 2, 16u);
		struct wse_hw_cmd *hw;
		u32 *hw_src;

		if (cap > WSE_JOB_MAX_HW)
			return NULL;
		hw = kvmalloc_array(cap, sizeof(*hw), GFP_KERNEL);
		hw_src = kvmalloc_array(cap, sizeof(*hw_src), GFP_KERNEL);
		if (!hw || !hw_src) {
			kvfree(hw);
			kvfree(hw_src);
			return NULL;
		}
		if (job->nr_hw) {
			memcpy(hw, job->hw, job->nr_hw * sizeof(*hw));
			memcpy(hw_src, job->hw_src,
			       job->nr_hw * sizeof(*hw_src));
		}
		kvfree(job->hw);
		kvfree(job->hw_src);
		job->hw = hw;
		job->hw_src = hw_src;
		job->hw_cap = cap;
	}
	hc = &job->hw[job->nr_hw];
	memset(hc, 0, sizeof(*hc));
	job->hw_src[job->nr_hw++] = src;
	return hc;
}

/*
 * Room for @n SGL entries (at most a page's worth) in the job's SGL pages,
 * which commands share; entries are 16 bytes, so SGLs stay 16-byte
 * aligned as the device wants.
 */
static struct wse_hw_sge *wse_job_sgl_alloc(struct wse_job *job, u32 n,
					    dma_addr_t *dma)
{
	const u32 per_page = PAGE_SIZE / sizeof(struct wse_hw_sge);
	struct wse_sgl_page *p;

	if (!job->nr_sgl || job->sgl_used + n > per_page) {
		if (job->nr_sgl == job->sgl_cap) {
			u32 cap = max(job->sgl_cap * 2, 4u);

			p = krealloc_array(job->sgl, cap, sizeof(*p),
					   GFP_KERNEL);
			if (!p)
				return NULL;
			job->sgl = p;
			job->sgl_cap = cap;
		}
		p = &job->sgl[job->nr_sgl];
		p->va = dma_pool_alloc(job->wdev->sgl_pool, GFP_KERNEL,
				       &p->dma);
		if (!p->va)
			return NULL;
		job->nr_sgl++;
		job->sgl_used = 0;
	}
	p = &job->sgl[job->nr_sgl - 1];
	*dma = p->dma + job->sgl_used * sizeof(struct wse_hw_sge);
	job->sgl_used += n;
	return p->va + job->sgl_used - n;
}

static int wse_cmd_check_nop(const struct drm_wse_cmd *uc,
			     struct wse_xfer *x)
{
	if (uc->flags || memchr_inv(uc->raw, 0, sizeof(uc->raw)))
		return -EINVAL;
	x->opcode = WSE_OP_NOP;
	return 0;
}

/*
 * H2F, F2H, F2F. All -EINVAL conditions are checked before any -EACCES
 * one, so a command gets the same errno whatever context it is tried on.
 */
static int wse_cmd_check_copy(struct wse_job *job,
			      const struct drm_wse_cmd *uc,
			      struct wse_xfer *x)
{
	const struct drm_wse_cmd_copy *cp = &uc->copy;
	const struct wse_ctx *ctx = job->ctx;
	bool f2f = uc->opcode == DRM_WSE_CMD_COPY_F2F;
	u32 allowed = DRM_WSE_CMD_F_DTYPE_16;
	struct drm_gem_object *obj;
	u64 bytes, pe_bytes;

	if (!f2f)
		allowed |= DRM_WSE_CMD_F_COL_MAJOR;
	if (uc->flags & ~allowed)
		return -EINVAL;
	if (cp->reserved ||
	    memchr_inv((const u8 *)uc->raw + sizeof(*cp), 0,
		       sizeof(uc->raw) - sizeof(*cp)))
		return -EINVAL;
	/* Fields the opcode does not use must be zero. */
	if (f2f && (cp->bo_index || cp->bo_offset || cp->length))
		return -EINVAL;
	if (!f2f && (cp->dst_x || cp->dst_y || cp->dst_pe_offset))
		return -EINVAL;

	x->esize = uc->flags & DRM_WSE_CMD_F_DTYPE_16 ? 2 : 4;
	x->col_major = uc->flags & DRM_WSE_CMD_F_COL_MAJOR;
	if (!cp->width || !cp->height || !cp->elems_per_pe)
		return -EINVAL;
	if (cp->pe_offset % x->esize || cp->dst_pe_offset % x->esize)
		return -EINVAL;
	pe_bytes = (u64)cp->elems_per_pe * x->esize;

	if (!f2f) {
		if (check_mul_overflow((u64)cp->width * cp->height, pe_bytes,
				       &bytes) || cp->length != bytes)
			return -EINVAL;
		if (cp->bo_index >= job->nr_bos)
			return -EINVAL;
		obj = job->bos[cp->bo_index].obj;
		if (cp->bo_offset > obj->size ||
		    cp->length > obj->size - cp->bo_offset)
			return -EINVAL;
		/* The device must not write what the program can't. */
		if (uc->opcode == DRM_WSE_CMD_COPY_F2H &&
		    wse_bo_is_readonly(obj))
			return -EACCES;
	}

	if (!wse_ctx_rect_ok(ctx, cp->x, cp->y, cp->width, cp->height) ||
	    !wse_ctx_bytes_ok(ctx, cp->pe_offset, pe_bytes))
		return -EACCES;
	if (f2f &&
	    (!wse_ctx_rect_ok(ctx, cp->dst_x, cp->dst_y, cp->width,
			      cp->height) ||
	     !wse_ctx_bytes_ok(ctx, cp->dst_pe_offset, pe_bytes)))
		return -EACCES;

	switch (uc->opcode) {
	case DRM_WSE_CMD_COPY_H2F:
		x->opcode = WSE_OP_DMA_H2F;
		break;
	case DRM_WSE_CMD_COPY_F2H:
		x->opcode = WSE_OP_DMA_F2H;
		break;
	default:
		x->opcode = WSE_OP_DMA_F2F;
		break;
	}
	x->flags = (x->esize == 2 ? WSE_CMD_F_DTYPE_16 : 0) |
		   (x->col_major ? WSE_CMD_F_COL_MAJOR : 0);
	x->x = ctx->resv.x + cp->x;
	x->y = ctx->resv.y + cp->y;
	x->w = cp->width;
	x->h = cp->height;
	x->elems = cp->elems_per_pe;
	x->pe_offset = ctx->resv.off + cp->pe_offset;
	x->dst_x = ctx->resv.x + cp->dst_x;
	x->dst_y = ctx->resv.y + cp->dst_y;
	x->dst_pe_offset = ctx->resv.off + cp->dst_pe_offset;
	return 0;
}

static int wse_cmd_check_fill(struct wse_job *job,
			      const struct drm_wse_cmd *uc,
			      struct wse_xfer *x)
{
	const struct drm_wse_cmd_fill *f = &uc->fill;
	const struct wse_ctx *ctx = job->ctx;

	if (uc->flags || f->reserved ||
	    memchr_inv((const u8 *)uc->raw + sizeof(*f), 0,
		       sizeof(uc->raw) - sizeof(*f)))
		return -EINVAL;
	if (!f->width || !f->height || !f->length || f->length % 4 ||
	    f->pe_offset % 4)
		return -EINVAL;
	if (!wse_ctx_rect_ok(ctx, f->x, f->y, f->width, f->height) ||
	    !wse_ctx_bytes_ok(ctx, f->pe_offset, f->length))
		return -EACCES;

	x->opcode = WSE_OP_FILL;
	x->x = ctx->resv.x + f->x;
	x->y = ctx->resv.y + f->y;
	x->w = f->width;
	x->h = f->height;
	x->pe_offset = ctx->resv.off + f->pe_offset;
	x->fill_len = f->length;
	x->fill_value = f->value;
	return 0;
}

static void wse_cmd_fill_rect(struct wse_hw_rect *r, const struct wse_xfer *x)
{
	r->x = cpu_to_le16(x->x);
	r->y = cpu_to_le16(x->y);
	r->width = cpu_to_le16(x->w);
	r->height = cpu_to_le16(x->h);
}

/* NOP, F2F and FILL: one device command each, no host memory. */
static int wse_cmd_emit_simple(struct wse_job *job, u32 idx,
			       const struct wse_xfer *x)
{
	struct wse_hw_cmd *hc = wse_job_add_hw(job, idx);

	if (!hc)
		return -ENOMEM;
	hc->opcode = x->opcode;
	hc->flags = x->flags;
	hc->context_id = cpu_to_le32(job->ctx->serial);
	switch (x->opcode) {
	case WSE_OP_DMA_F2F:
		wse_cmd_fill_rect(&hc->dma.rect, x);
		hc->dma.elems_per_pe = cpu_to_le32(x->elems);
		hc->dma.pe_offset = cpu_to_le32(x->pe_offset);
		hc->dma.dst_x = cpu_to_le16(x->dst_x);
		hc->dma.dst_y = cpu_to_le16(x->dst_y);
		hc->dma.dst_pe_offset = cpu_to_le32(x->dst_pe_offset);
		break;
	case WSE_OP_FILL:
		wse_cmd_fill_rect(&hc->fill.rect, x);
		hc->fill.pe_offset = cpu_to_le32(x->pe_offset);
		hc->fill.len = cpu_to_le32(x->fill_len);
		hc->fill.value = cpu_to_le32(x->fill_value);
		break;
	default:
		break;
	}
	return 0;
}

/*
 * Cut the next device command off a host transfer: starting @pos bytes
 * into the user's array, at most @reach bytes. Fills @sub with the piece's
 * shape and returns its size, or 0 if not even the smallest piece (a PE,
 * or one row of a plane) fits.
 *
 * Row-major [h][w][l]: whole rows from a row start, else PEs of one row.
 */
static u64 wse_xfer_take_rows(const struct wse_xfer *x, u64 pos, u64 reach,
			      struct wse_xfer *sub)
{
	u64 pe_bytes = (u64)x->elems * x->esize;
	u64 row_bytes = pe_bytes * x->w;
	u32 row = div64_u64(pos, row_bytes);
	u32 col = div64_u64(pos - row * row_bytes, pe_bytes);
	u64 n;

	*sub = *x;
	if (!col) {
		n = min_t(u64, div64_u64(reach, row_bytes), x->h - row);
		if (n) {
			sub->y = x->y + row;
			sub->h = n;
			return n * row_bytes;
		}
	}
	n = min_t(u64, div64_u64(reach, pe_bytes), x->w - col);
	sub->x = x->x + col;
	sub->y = x->y + row;
	sub->w = n;
	sub->h = 1;
	return n * pe_bytes;
}

/*
 * Column-major [l][h][w]: whole element planes from a plane start (the
 * piece's elements sit further into each PE's SRAM), else rows of one
 * plane, as a one-element transfer.
 */
static u64 wse_xfer_take_planes(const struct wse_xfer *x, u64 pos, u64 reach,
				struct wse_xfer *sub)
{
	u64 row_bytes = (u64)x->w * x->esize;
	u64 plane_bytes = row_bytes * x->h;
	u32 plane = div64_u64(pos, plane_bytes);
	u32 row = div64_u64(pos - plane * plane_bytes, row_bytes);
	u64 n;

	*sub = *x;
	sub->pe_offset = x->pe_offset + plane * x->esize;
	if (!row) {
		n = min_t(u64, div64_u64(reach, plane_bytes), x->elems - plane);
		if (n) {
			sub->elems = n;
			return n * plane_bytes;
		}
	}
	n = min_t(u64, div64_u64(reach, row_bytes), x->h - row);
	sub->y = x->y + row;
	sub->h = n;
	sub->elems = 1;
	return n * row_bytes;
}

/* One device command moving the next @n bytes of @it. */
static int wse_cmd_emit_dma(struct wse_job *job, u32 idx,
			    const struct wse_xfer *s, struct wse_seg_iter *it,
			    u64 n)
{
	u32 nents = wse_seg_count(it, n);
	struct wse_hw_sge *sge;
	struct wse_hw_cmd *hc;
	dma_addr_t sgl;
	u32 i, len;

	hc = wse_job_add_hw(job, idx);
	if (!hc)
		return -ENOMEM;
	hc->opcode = s->opcode;
	hc->flags = s->flags;
	hc->context_id = cpu_to_le32(job->ctx->serial);
	hc->dma.host_len = cpu_to_le32(n);
	wse_cmd_fill_rect(&hc->dma.rect, s);
	hc->dma.elems_per_pe = cpu_to_le32(s->elems);
	hc->dma.pe_offset = cpu_to_le32(s->pe_offset);

	if (nents == 1) {
		/* One contiguous range: no SGL needed at all. */
		hc->flags |= WSE_CMD_F_SGL_INLINE;
		hc->dma.host_addr = cpu_to_le64(sg_dma_address(it->sg) +
						it->off);
		wse_seg_advance(it, n);
		return 0;
	}

	sge = wse_job_sgl_alloc(job, nents, &sgl);
	if (!sge)
		return -ENOMEM;
	for (i = 0; i < nents; i++) {
		len = min_t(u64, wse_seg_avail(it), n);
		/*
		 * Entries must be whole elements. Our own tables split only at
		 * page boundaries of an aligned range; a foreign dma-buf may
		 * not, and then the transfer cannot be expressed.
		 */
		if (len % s->esize)
			return -EINVAL;
		sge[i].addr = cpu_to_le64(sg_dma_address(it->sg) + it->off);
		sge[i].len = cpu_to_le32(len);
		sge[i].reserved = 0;
		wse_seg_advance(it, len);
		n -= len;
	}
	hc->dma.host_addr = cpu_to_le64(sgl);
	hc->dma.sgl_count = cpu_to_le32(nents);
	return 0;
}

/* Copy @len bytes between two page arrays, at byte offsets into each. */
static void wse_copy_pages(struct page **dst, u64 doff, struct page **src,
			   u64 soff, u64 len)
{
	while (len) {
		u32 dpo = offset_in_page(doff), spo = offset_in_page(soff);
		u32 n = min_t(u64, len, PAGE_SIZE - max(dpo, spo));
		void *d = kmap_local_page(dst[doff >> PAGE_SHIFT]);
		void *s = kmap_local_page(src[soff >> PAGE_SHIFT]);

		memcpy(d + dpo, s + spo, n);
		kunmap_local(s);
		kunmap_local(d);
		doff += n;
		soff += n;
		len -= n;
	}
}

/* Bounce pages for a range whose start is not element aligned. */
static int wse_cmd_map_bounce(struct wse_job *job, struct wse_job_map *jm,
			      enum dma_data_direction dir)
{
	u32 i, n = DIV_ROUND_UP_ULL(jm->length, PAGE_SIZE);

	/* A foreign dma-buf gives us DMA addresses only, nothing to copy. */
	if (!wse_bo_pages(jm->obj))
		return -EINVAL;

	jm->bounce = kvcalloc(n, sizeof(*jm->bounce), GFP_KERNEL);
	if (!jm->bounce)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		jm->bounce[i] = alloc_page(GFP_KERNEL);
		if (!jm->bounce[i])
			return -ENOMEM;
		jm->nbounce++;
	}
	return wse_bo_map_pages(job->wdev, jm->bounce, 0, jm->length, dir,
				&jm->map);
}

static int wse_cmd_emit_host(struct wse_job *job, u32 idx,
			     const struct drm_wse_cmd *uc,
			     const struct wse_xfer *x)
{
	const struct drm_wse_cmd_copy *cp = &uc->copy;
	struct wse_job_map *jm = &job->maps[idx];
	struct device *dev = job->wdev->drm.dev;
	enum dma_data_direction dir;
	struct wse_seg_iter it;
	struct wse_xfer sub;
	u64 pos, reach, n;
	int ret;

	jm->obj = job->bos[cp->bo_index].obj;
	jm->bo_offset = cp->bo_offset;
	jm->length = cp->length;
	jm->to_device = x->opcode == WSE_OP_DMA_H2F;
	dir = jm->to_device ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	/* From here on wse_cmd_unmap() releases whatever gets set up. */
	job->nr_maps = max(job->nr_maps, idx + 1);

	if (cp->bo_offset % x->esize)
		ret = wse_cmd_map_bounce(job, jm, dir);
	else
		ret = wse_bo_map_range(job->wdev, jm->obj, cp->bo_offset,
				       cp->length, dir, &jm->map);
	if (ret)
		return ret;

	/*
	 * Bounced or swiotlb-backed data needs the CPU at the start (H2F)
	 * or the end (F2H) of the job, which must not overlap other jobs
	 * of the context touching the same memory.
	 */
	jm->sync = jm->map.owned &&
		   dma_need_sync(dev, sg_dma_address(jm->map.sg->sgl));
	if (jm->bounce || jm->sync) {
		job->exclusive = true;
		if (!jm->to_device)
			job->defer_signal = true;
	}

	wse_seg_init(&it, jm->map.sg, jm->map.skip);
	for (pos = 0; pos < cp->length; pos += n) {
		reach = wse_seg_reach(&it, job->wdev->sge_max,
				      min(cp->length - pos, WSE_HW_MAX_LEN));
		n = x->col_major ? wse_xfer_take_planes(x, pos, reach, &sub) :
				   wse_xfer_take_rows(x, pos, reach, &sub);
		if (!n)
			return -EINVAL;
		ret = wse_cmd_emit_dma(job, idx, &sub, &it, n);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * wse_cmd_translate() - check user command @idx of a job and append its
 *	device commands
 * @job: the job being built, its BO list held
 * @uc: the command, in kernel memory
 * @idx: its index in the submit
 *
 * Return: 0; -EINVAL, -EACCES, -ENOENT or -ENOEXEC as the errno contract
 * says; -ENOMEM.
 */
int wse_cmd_translate(struct wse_job *job, const struct drm_wse_cmd *uc,
		      u32 idx)
{
	struct wse_xfer x = {};
	int ret;

	switch (uc->opcode) {
	case DRM_WSE_CMD_NOP:
		ret = wse_cmd_check_nop(uc, &x);
		break;
	case DRM_WSE_CMD_COPY_H2F:
	case DRM_WSE_CMD_COPY_F2H:
	case DRM_WSE_CMD_COPY_F2F:
		ret = wse_cmd_check_copy(job, uc, &x);
		break;
	case DRM_WSE_CMD_FILL:
		ret = wse_cmd_check_fill(job, uc, &x);
		break;
	case DRM_WSE_CMD_LAUNCH:
		return wse_launch_translate(job, uc, idx);
	default:
		ret = -EINVAL;
		break;
	}
	if (ret)
		return ret;
	/* A device that needs firmware for everything would refuse it. */
	if (x.opcode != WSE_OP_NOP && !job->ktab &&
	    (job->wdev->hw.info.caps & WSE_CAP_FW_REQUIRED))
		return -ENOEXEC;
	if (x.opcode == WSE_OP_DMA_H2F || x.opcode == WSE_OP_DMA_F2H)
		return wse_cmd_emit_host(job, idx, uc, &x);
	return wse_cmd_emit_simple(job, idx, &x);
}

/**
 * wse_cmd_stage_in() - CPU work before an exclusive job reaches the ring
 * @job: the job, whose context has nothing else on the ring
 *
 * Fills H2F bounce pages from the BO and hands streaming mappings to the
 * device, now that every earlier job of the context has finished.
 */
void wse_cmd_stage_in(struct wse_job *job)
{
	struct device *dev = job->wdev->drm.dev;
	u32 i;

	for (i = 0; i < job->nr_maps; i++) {
		struct wse_job_map *jm = &job->maps[i];

		if (!jm->map.owned || !jm->to_device)
			continue;
		if (jm->bounce)
			wse_copy_pages(jm->bounce, 0, wse_bo_pages(jm->obj),
				       jm->bo_offset, jm->length);
		if (jm->bounce || jm->sync)
			dma_sync_sgtable_for_device(dev, &jm->map.sgt,
						    DMA_TO_DEVICE);
	}
}

/**
 * wse_cmd_stage_out() - CPU work after the device finished, before the
 *	fence signals
 * @job: the job
 *
 * Makes F2H data visible to the CPU and copies bounced data into the BO.
 * Skipped for an aborted job, whose data is not worth clobbering the
 * program's memory with.
 */
void wse_cmd_stage_out(struct wse_job *job)
{
	struct device *dev = job->wdev->drm.dev;
	u32 i;

	if (job->status == DRM_WSE_JOB_ABORTED)
		return;
	for (i = 0; i < job->nr_maps; i++) {
		struct wse_job_map *jm = &job->maps[i];

		if (!jm->map.owned || jm->to_device)
			continue;
		if (jm->bounce || jm->sync)
			dma_sync_sgtable_for_cpu(dev, &jm->map.sgt,
						 DMA_FROM_DEVICE);
		if (jm->bounce)
			wse_copy_pages(wse_bo_pages(jm->obj), jm->bo_offset,
				       jm->bounce, 0, jm->length);
	}
}

/* Unmap every range the job mapped and free its bounce pages. */
void wse_cmd_unmap(struct wse_job *job)
{
	u32 i, j;

	for (i = 0; i < job->nr_maps; i++) {
		struct wse_job_map *jm = &job->maps[i];

		wse_bo_unmap_range(job->wdev, &jm->map);
		for (j = 0; j < jm->nbounce; j++)
			__free_page(jm->bounce[j]);
		kvfree(jm->bounce);
		jm->bounce = NULL;
		jm->nbounce = 0;
	}
	job->nr_maps = 0;
}
