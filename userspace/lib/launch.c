// SPDX-License-Identifier: MIT
/*
 * wse_launch(): run a firmware kernel by name as one job, blocking or as
 * a task, after other tasks.
 *
 * The arguments are checked against the kernel's signature here, with the
 * errno the driver would give, so a mistake is reported by the call that
 * made it and names nothing about packets. The driver and the device
 * check everything again.
 */
#include <errno.h>
#include <stdlib.h>

#include "wse_internal.h"

/* 'n' arguments: 1 to this many elements (uapi/wse_fw.h). */
#define KERNEL_MAX_COUNT	65536

static bool f32_finite(uint32_t bits)
{
	return (bits & 0x7f800000) != 0x7f800000;
}

/* @args against the signature of @k and the reservation of @ctx. */
static int check_args(const struct wse_ctx *ctx, const struct drm_wse_kernel_info *k,
		      const uint32_t *args, uint32_t nargs)
{
	uint32_t esize = 4, i, v;
	bool outside = false;

	if (nargs != wse_kernel_nargs(k))
		return -EINVAL;
	for (i = 0; i < nargs; i++) {
		v = args[i];
		switch (k->signature[i]) {
		case WSE_FW_ARG_DTYPE:
			if (v >= 32 || !(k->dtypes & WSE_FW_DTYPE_BIT(v)))
				return -EINVAL;
			esize = v == WSE_FW_DTYPE_F16 ? 2 : 4;
			break;
		case WSE_FW_ARG_COUNT:
			if (!v || v > KERNEL_MAX_COUNT)
				return -EINVAL;
			break;
		case WSE_FW_ARG_OFFSET:
			/* The type comes first, so the element size is known. */
			if (v % esize)
				return -EINVAL;
			outside |= v >= ctx->info.sram_bytes;
			break;
		case WSE_FW_ARG_FLOAT:
			if (!f32_finite(v))
				return -EINVAL;
			break;
		default:
			break;	/* 'u': the kernel's own business */
		}
	}
	/* As the driver: every EINVAL before any EACCES. */
	return outside ? -EACCES : 0;
}

/* The syncobjs of @after, all tasks of @dev that have one. */
static int collect_deps(const struct wse_device *dev, struct wse_task *const *after,
			uint32_t nafter, uint32_t *syncobjs)
{
	uint32_t i;

	if (nafter && !after)
		return -EINVAL;
	if (nafter > DRM_WSE_MAX_IN_SYNCOBJS)
		return -E2BIG;
	for (i = 0; i < nafter; i++) {
		if (!after[i] || !after[i]->syncobj || after[i]->ctx->dev != dev)
			return -EINVAL;
		syncobjs[i] = after[i]->syncobj;
	}
	return 0;
}

int wse_launch(struct wse_ctx *ctx, const char *kernel, uint32_t x, uint32_t y,
	       uint32_t width, uint32_t height, const uint32_t *args, uint32_t nargs,
	       uint32_t flags, struct wse_task *const *after, uint32_t nafter,
	       struct wse_task **out)
{
	uint32_t deps[DRM_WSE_MAX_IN_SYNCOBJS];
	bool nonblock = flags & WSE_LAUNCH_NONBLOCK;
	struct drm_wse_kernel_info k;
	struct wse_cmdbuf cb = { 0 };
	struct wse_task *task;
	int ret;

	if (!ctx || !kernel || (flags & ~WSE_LAUNCH_NONBLOCK) || (nonblock && !out))
		return -EINVAL;
	if (nargs > DRM_WSE_LAUNCH_MAX_ARGS || (nargs && !args) || !width || !height)
		return -EINVAL;
	ret = collect_deps(ctx->dev, after, nafter, deps);
	if (ret)
		return ret;
	ret = wse_kernel_find(ctx->dev, kernel, &k);
	if (ret)
		return ret;
	ret = check_args(ctx, &k, args, nargs);
	if (ret)
		return ret;
	if ((uint64_t)x + width > ctx->info.width || (uint64_t)y + height > ctx->info.height)
		return -EACCES;

	ret = wse_task_new(ctx, nonblock, &task);
	if (ret)
		return ret;
	task->seqnos = calloc(1, sizeof(*task->seqnos));
	if (!task->seqnos) {
		ret = -ENOMEM;
		goto err;
	}
	cb.ctx = ctx;
	ret = wse_cmdbuf_launch(&cb, k.id, x, y, width, height, args, nargs);
	if (!ret)
		ret = wse_cmdbuf_submit(&cb, deps, nafter, task->syncobj, &task->seqnos[0]);
	free(cb.cmds);
	free(cb.bo_handles);
	if (ret)
		goto err;
	task->nr_seqnos = 1;
	return wse_task_return(task, nonblock, out);

err:
	wse_task_discard(task);
	return ret;
}
