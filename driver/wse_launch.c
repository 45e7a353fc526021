// SPDX-License-Identifier: GPL-2.0-only
/*
 * DRM_WSE_CMD_LAUNCH: run a compute kernel of the running firmware.
 *
 * The driver checks a launch against the kernel table it parsed from the
 * image the device runs (wse_fw_image.c) and against the context: the
 * kernel exists, the argument count matches its signature, each argument
 * is valid for its type, the rectangle lies in the context's rectangle and
 * every SRAM offset in its byte range. It then rebases the rectangle and
 * the offsets onto the context's reservation, as for every other command.
 *
 * Where a kernel's buffers end depends on the kernel (tiles, halos), and
 * only the device knows its kernels' layouts. So the driver hands the
 * device the context's SRAM range as the launch's SRAM window, and the
 * device refuses any buffer that reaches outside it: a launch cannot touch
 * bytes another context owns on the same PEs, whatever kernel it runs.
 */
#include <linux/string.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_fw.h>
#include <uapi/wse_hw.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_fw.h"
#include "wse_job.h"

/* 'n' arguments: element counts of 1 to this (uapi/wse_fw.h). */
#define WSE_LAUNCH_MAX_COUNT	65536

static_assert(sizeof(struct drm_wse_cmd_launch) <=
	      sizeof_field(struct drm_wse_cmd, raw));
static_assert(DRM_WSE_LAUNCH_MAX_ARGS == WSE_LAUNCH_MAX_ARGS);

/* A binary32 bit pattern that is neither infinite nor NaN. */
static bool wse_f32_finite(u32 bits)
{
	return (bits & 0x7f800000) != 0x7f800000;
}

/* The layout, independent of any firmware: EINVAL. */
static int wse_launch_check_packet(const struct drm_wse_cmd *uc)
{
	const struct drm_wse_cmd_launch *l = &uc->launch;
	u32 i;

	if (uc->flags ||
	    memchr_inv((const u8 *)uc->raw + sizeof(*l), 0,
		       sizeof(uc->raw) - sizeof(*l)))
		return -EINVAL;
	if (l->nargs > DRM_WSE_LAUNCH_MAX_ARGS || !l->width || !l->height)
		return -EINVAL;
	for (i = l->nargs; i < DRM_WSE_LAUNCH_MAX_ARGS; i++)
		if (l->args[i])
			return -EINVAL;
	return 0;
}

/* Each argument against its type in the kernel's signature: EINVAL. */
static int wse_launch_check_args(const struct drm_wse_cmd_launch *l,
				 const struct wse_fw_kinfo *k)
{
	u32 esize = 4, i, v;

	if (l->nargs != k->nargs)
		return -EINVAL;
	for (i = 0; i < l->nargs; i++) {
		v = l->args[i];
		switch (k->signature[i]) {
		case WSE_FW_ARG_DTYPE:
			if (v >= 32 || !(k->dtypes & WSE_FW_DTYPE_BIT(v)))
				return -EINVAL;
			esize = v == WSE_FW_DTYPE_F16 ? 2 : 4;
			break;
		case WSE_FW_ARG_COUNT:
			if (!v || v > WSE_LAUNCH_MAX_COUNT)
				return -EINVAL;
			break;
		case WSE_FW_ARG_OFFSET:
			/* 't' comes first, so the element size is known. */
			if (v % esize)
				return -EINVAL;
			break;
		case WSE_FW_ARG_FLOAT:
			if (!wse_f32_finite(v))
				return -EINVAL;
			break;
		default:
			/* 'u': the kernel's own business. */
			break;
		}
	}
	return 0;
}

/*
 * Rectangle and buffer starts against the context: EACCES. Where buffers
 * end is the device's to check, against the SRAM window.
 */
static int wse_launch_check_access(const struct drm_wse_cmd_launch *l,
				   const struct wse_fw_kinfo *k,
				   const struct wse_ctx *ctx)
{
	u32 i;

	if (!wse_ctx_rect_ok(ctx, l->x, l->y, l->width, l->height))
		return -EACCES;
	for (i = 0; i < l->nargs; i++)
		if (k->signature[i] == WSE_FW_ARG_OFFSET &&
		    l->args[i] >= ctx->sram_bytes)
			return -EACCES;
	return 0;
}

/**
 * wse_launch_translate() - check a LAUNCH and append its device command
 * @job: the job being built, with the firmware's kernel table if any runs
 * @uc: the command, in kernel memory
 * @idx: its index in the submit
 *
 * Errors in this order: -EINVAL for a malformed packet; -ENOEXEC when no
 * firmware runs; -ENOENT for a kernel the firmware does not have; -EINVAL
 * for arguments that do not fit the kernel's signature; -EACCES for a
 * rectangle or offset outside the context.
 */
int wse_launch_translate(struct wse_job *job, const struct drm_wse_cmd *uc,
			 u32 idx)
{
	const struct drm_wse_cmd_launch *l = &uc->launch;
	const struct wse_ctx *ctx = job->ctx;
	const struct wse_fw_kinfo *k;
	struct wse_hw_cmd *hc;
	u32 i, v;
	int ret;

	ret = wse_launch_check_packet(uc);
	if (ret)
		return ret;
	if (!job->ktab)
		return -ENOEXEC;
	k = wse_fw_find_kernel(job->ktab, l->kernel_id);
	if (!k)
		return -ENOENT;
	ret = wse_launch_check_args(l, k);
	if (ret)
		return ret;
	ret = wse_launch_check_access(l, k, ctx);
	if (ret)
		return ret;

	hc = wse_job_add_hw(job, idx);
	if (!hc)
		return -ENOMEM;
	hc->opcode = WSE_OP_LAUNCH;
	hc->context_id = cpu_to_le32(ctx->serial);
	hc->launch.kernel_id = cpu_to_le32(l->kernel_id);
	hc->launch.nargs = cpu_to_le32(l->nargs);
	hc->launch.rect.x = cpu_to_le16(ctx->resv.x + l->x);
	hc->launch.rect.y = cpu_to_le16(ctx->resv.y + l->y);
	hc->launch.rect.width = cpu_to_le16(l->width);
	hc->launch.rect.height = cpu_to_le16(l->height);
	hc->launch.sram_base = cpu_to_le32(ctx->resv.off);
	hc->launch.sram_size = cpu_to_le32(ctx->sram_bytes);
	for (i = 0; i < l->nargs; i++) {
		v = l->args[i];
		if (k->signature[i] == WSE_FW_ARG_OFFSET)
			v += ctx->resv.off;
		hc->launch.args[i] = cpu_to_le32(v);
	}
	return 0;
}
