// SPDX-License-Identifier: MIT
/*
 * The command-buffer builder: struct drm_wse_cmd packets and the buffer
 * list of one DRM_IOCTL_WSE_SUBMIT.
 *
 * Appends are checked against what the library knows (the ABI's limits
 * and the context's reservation) and fail with the errno the driver would
 * return, so a mistake is reported at the line that made it rather than
 * at submit. The driver checks everything again; these checks are a
 * convenience, not a safety measure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>

#include "wse_internal.h"

#define COPY_FLAGS	(DRM_WSE_CMD_F_COL_MAJOR | DRM_WSE_CMD_F_DTYPE_16)
#define F2F_FLAGS	DRM_WSE_CMD_F_DTYPE_16

int wse_cmdbuf_create(struct wse_ctx *ctx, struct wse_cmdbuf **out)
{
	struct wse_cmdbuf *cb;

	if (!ctx || !out)
		return -EINVAL;
	cb = calloc(1, sizeof(*cb));
	if (!cb)
		return -ENOMEM;
	cb->ctx = ctx;
	*out = cb;
	return 0;
}

void wse_cmdbuf_destroy(struct wse_cmdbuf *cb)
{
	if (!cb)
		return;
	free(cb->cmds);
	free(cb->bo_handles);
	free(cb);
}

void wse_cmdbuf_reset(struct wse_cmdbuf *cb)
{
	if (!cb)
		return;
	cb->count = 0;
	cb->bo_count = 0;
}

uint32_t wse_cmdbuf_count(const struct wse_cmdbuf *cb)
{
	return cb ? cb->count : 0;
}

uint32_t wse_cmdbuf_bo_count(const struct wse_cmdbuf *cb)
{
	return cb ? cb->bo_count : 0;
}

/* Grow @*arr to hold at least @need elements of @esize, at most @max. */
static int grow(void **arr, uint32_t *cap, uint32_t need, uint32_t max, size_t esize)
{
	uint32_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (n > max)
		n = max;
	p = realloc(*arr, (size_t)n * esize);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

/* Room for one more command, and the bo_index of @handle (0: none). */
static int reserve(struct wse_cmdbuf *cb, uint32_t handle, uint32_t *bo_index)
{
	uint32_t i;
	int ret;

	if (cb->count >= DRM_WSE_MAX_CMDS)
		return -E2BIG;
	ret = grow((void **)&cb->cmds, &cb->cap, cb->count + 1, DRM_WSE_MAX_CMDS,
		   sizeof(*cb->cmds));
	if (ret || !handle)
		return ret;
	for (i = 0; i < cb->bo_count; i++)
		if (cb->bo_handles[i] == handle) {
			*bo_index = i;
			return 0;
		}
	if (cb->bo_count >= DRM_WSE_MAX_BOS)
		return -E2BIG;
	ret = grow((void **)&cb->bo_handles, &cb->bo_cap, cb->bo_count + 1, DRM_WSE_MAX_BOS,
		   sizeof(*cb->bo_handles));
	if (ret)
		return ret;
	cb->bo_handles[cb->bo_count] = handle;
	*bo_index = cb->bo_count++;
	return 0;
}

static struct drm_wse_cmd *push(struct wse_cmdbuf *cb, uint32_t opcode, uint32_t flags)
{
	struct drm_wse_cmd *cmd = &cb->cmds[cb->count++];

	/* Every field the opcode does not set must reach the driver as 0. */
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = opcode;
	cmd->flags = flags;
	return cmd;
}

static int check_rect(const struct wse_ctx *ctx, const struct wse_rect *r)
{
	if ((uint32_t)r->x + r->width > ctx->info.width ||
	    (uint32_t)r->y + r->height > ctx->info.height)
		return -EACCES;
	return 0;
}

static int check_sram(const struct wse_ctx *ctx, uint32_t offset, uint64_t bytes)
{
	if (offset > ctx->info.sram_bytes || bytes > ctx->info.sram_bytes - offset)
		return -EACCES;
	return 0;
}

static uint32_t flags_esize(uint32_t flags)
{
	return flags & DRM_WSE_CMD_F_DTYPE_16 ? 2 : 4;
}

int wse_cmdbuf_nop(struct wse_cmdbuf *cb)
{
	int ret;

	if (!cb)
		return -EINVAL;
	ret = reserve(cb, 0, NULL);
	if (ret)
		return ret;
	push(cb, DRM_WSE_CMD_NOP, 0);
	return 0;
}

/* Checks shared by every copy: shape, flags, the PE-side byte range. */
static int check_copy(const struct wse_cmdbuf *cb, const struct wse_rect *rect,
		      uint32_t elems_per_pe, uint32_t pe_offset, uint32_t flags,
		      uint32_t allowed_flags)
{
	uint32_t esize = flags_esize(flags);

	if (!rect || !rect->width || !rect->height || !elems_per_pe ||
	    (flags & ~allowed_flags) || pe_offset % esize)
		return -EINVAL;
	if (check_rect(cb->ctx, rect))
		return -EACCES;
	return check_sram(cb->ctx, pe_offset, (uint64_t)elems_per_pe * esize);
}

static int copy_host(struct wse_cmdbuf *cb, uint32_t opcode, uint32_t bo_handle,
		     uint64_t bo_offset, const struct wse_rect *rect, uint32_t elems_per_pe,
		     uint32_t pe_offset, uint32_t flags)
{
	struct drm_wse_cmd *cmd;
	uint32_t bo_index;
	int ret;

	if (!cb)
		return -EINVAL;
	if (cb->count >= DRM_WSE_MAX_CMDS)
		return -E2BIG;
	if (!bo_handle)
		return -EINVAL;
	ret = check_copy(cb, rect, elems_per_pe, pe_offset, flags, COPY_FLAGS);
	if (ret)
		return ret;
	ret = reserve(cb, bo_handle, &bo_index);
	if (ret)
		return ret;
	cmd = push(cb, opcode, flags);
	cmd->copy.bo_index = bo_index;
	cmd->copy.elems_per_pe = elems_per_pe;
	cmd->copy.bo_offset = bo_offset;
	cmd->copy.length = (uint64_t)rect->width * rect->height * elems_per_pe *
			   flags_esize(flags);
	cmd->copy.x = rect->x;
	cmd->copy.y = rect->y;
	cmd->copy.width = rect->width;
	cmd->copy.height = rect->height;
	cmd->copy.pe_offset = pe_offset;
	return 0;
}

int wse_cmdbuf_copy_h2f(struct wse_cmdbuf *cb, uint32_t bo_handle, uint64_t bo_offset,
			const struct wse_rect *rect, uint32_t elems_per_pe,
			uint32_t pe_offset, uint32_t flags)
{
	return copy_host(cb, DRM_WSE_CMD_COPY_H2F, bo_handle, bo_offset, rect, elems_per_pe,
			 pe_offset, flags);
}

int wse_cmdbuf_copy_f2h(struct wse_cmdbuf *cb, uint32_t bo_handle, uint64_t bo_offset,
			const struct wse_rect *rect, uint32_t elems_per_pe,
			uint32_t pe_offset, uint32_t flags)
{
	return copy_host(cb, DRM_WSE_CMD_COPY_F2H, bo_handle, bo_offset, rect, elems_per_pe,
			 pe_offset, flags);
}

int wse_cmdbuf_copy_f2f(struct wse_cmdbuf *cb, const struct wse_rect *src,
			uint32_t pe_offset, uint16_t dst_x, uint16_t dst_y,
			uint32_t dst_pe_offset, uint32_t elems_per_pe, uint32_t flags)
{
	struct drm_wse_cmd *cmd;
	struct wse_rect dst;
	int ret;

	if (!cb)
		return -EINVAL;
	if (cb->count >= DRM_WSE_MAX_CMDS)
		return -E2BIG;
	ret = check_copy(cb, src, elems_per_pe, pe_offset, flags, F2F_FLAGS);
	if (ret)
		return ret;
	if (dst_pe_offset % flags_esize(flags))
		return -EINVAL;
	dst = (struct wse_rect){ dst_x, dst_y, src->width, src->height };
	if (check_rect(cb->ctx, &dst) ||
	    check_sram(cb->ctx, dst_pe_offset, (uint64_t)elems_per_pe * flags_esize(flags)))
		return -EACCES;
	ret = reserve(cb, 0, NULL);
	if (ret)
		return ret;
	cmd = push(cb, DRM_WSE_CMD_COPY_F2F, flags);
	cmd->copy.elems_per_pe = elems_per_pe;
	cmd->copy.x = src->x;
	cmd->copy.y = src->y;
	cmd->copy.width = src->width;
	cmd->copy.height = src->height;
	cmd->copy.pe_offset = pe_offset;
	cmd->copy.dst_x = dst_x;
	cmd->copy.dst_y = dst_y;
	cmd->copy.dst_pe_offset = dst_pe_offset;
	return 0;
}

int wse_cmdbuf_fill(struct wse_cmdbuf *cb, const struct wse_rect *rect,
		    uint32_t pe_offset, uint32_t bytes_per_pe, uint32_t value)
{
	struct drm_wse_cmd *cmd;
	int ret;

	if (!cb)
		return -EINVAL;
	if (cb->count >= DRM_WSE_MAX_CMDS)
		return -E2BIG;
	if (!rect || !rect->width || !rect->height || !bytes_per_pe || bytes_per_pe % 4 ||
	    pe_offset % 4)
		return -EINVAL;
	if (check_rect(cb->ctx, rect) || check_sram(cb->ctx, pe_offset, bytes_per_pe))
		return -EACCES;
	ret = reserve(cb, 0, NULL);
	if (ret)
		return ret;
	cmd = push(cb, DRM_WSE_CMD_FILL, 0);
	cmd->fill.x = rect->x;
	cmd->fill.y = rect->y;
	cmd->fill.width = rect->width;
	cmd->fill.height = rect->height;
	cmd->fill.pe_offset = pe_offset;
	cmd->fill.length = bytes_per_pe;
	cmd->fill.value = value;
	return 0;
}

int wse_cmdbuf_launch(struct wse_cmdbuf *cb, uint32_t kernel_id, uint32_t x, uint32_t y,
		      uint32_t width, uint32_t height, const uint32_t *args, uint32_t nargs)
{
	struct drm_wse_cmd *cmd;
	struct wse_rect rect;
	int ret;

	if (!cb)
		return -EINVAL;
	if (cb->count >= DRM_WSE_MAX_CMDS)
		return -E2BIG;
	if (nargs > DRM_WSE_LAUNCH_MAX_ARGS || (nargs && !args) || !width || !height)
		return -EINVAL;
	/* Beyond 16 bits the packet could not even name the rectangle. */
	if (x > UINT16_MAX || y > UINT16_MAX || width > UINT16_MAX || height > UINT16_MAX)
		return -EACCES;
	rect = (struct wse_rect){ x, y, width, height };
	if (check_rect(cb->ctx, &rect))
		return -EACCES;
	ret = reserve(cb, 0, NULL);
	if (ret)
		return ret;
	cmd = push(cb, DRM_WSE_CMD_LAUNCH, 0);
	cmd->launch.kernel_id = kernel_id;
	cmd->launch.nargs = nargs;
	cmd->launch.x = rect.x;
	cmd->launch.y = rect.y;
	cmd->launch.width = rect.width;
	cmd->launch.height = rect.height;
	if (nargs)
		memcpy(cmd->launch.args, args, nargs * sizeof(*args));
	return 0;
}

int wse_cmdbuf_submit(struct wse_cmdbuf *cb, const uint32_t *in_syncobjs,
		      uint32_t in_count, uint32_t out_syncobj, uint64_t *seqno)
{
	struct drm_wse_submit args = { 0 };

	if (!cb || !cb->count || (in_count && !in_syncobjs))
		return -EINVAL;
	if (in_count > DRM_WSE_MAX_IN_SYNCOBJS)
		return -E2BIG;
	args.ctx_id = cb->ctx->info.id;
	args.cmds = (uintptr_t)cb->cmds;
	args.cmd_count = cb->count;
	args.bo_handles = (uintptr_t)cb->bo_handles;
	args.bo_count = cb->bo_count;
	args.in_syncobjs = (uintptr_t)in_syncobjs;
	args.in_syncobj_count = in_count;
	args.out_syncobj = out_syncobj;
	if (drmIoctl(cb->ctx->dev->fd, DRM_IOCTL_WSE_SUBMIT, &args))
		return wse_neg_errno();
	if (seqno)
		*seqno = args.seqno;
	return 0;
}
