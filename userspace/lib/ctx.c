// SPDX-License-Identifier: MIT
/*
 * Contexts (a fabric reservation the driver grants) and waiting for their
 * jobs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>

#include "wse_internal.h"

int wse_ctx_create(struct wse_device *dev, uint32_t width, uint32_t height,
		   uint32_t sram_bytes, struct wse_ctx **out)
{
	struct drm_wse_ctx_create args = { 0 };
	struct wse_ctx *ctx;
	int ret;

	if (!dev || !out)
		return -EINVAL;
	/* The ABI carries 16-bit dimensions; don't let a large one wrap. */
	if (width > UINT16_MAX || height > UINT16_MAX)
		return -EINVAL;
	args.width = width;
	args.height = height;
	args.sram_bytes = sram_bytes;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ret = pthread_mutex_init(&ctx->lock, NULL);
	if (ret) {
		free(ctx);
		return -ret;
	}
	if (drmIoctl(dev->fd, DRM_IOCTL_WSE_CTX_CREATE, &args)) {
		ret = wse_neg_errno();
		goto err;
	}
	ctx->dev = dev;
	ctx->info.id = args.ctx_id;
	ctx->info.x = args.x;
	ctx->info.y = args.y;
	ctx->info.width = width;
	ctx->info.height = height;
	ctx->info.sram_offset = args.sram_offset;
	ctx->info.sram_bytes = sram_bytes;
	*out = ctx;
	return 0;

err:
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
	return ret;
}

void wse_ctx_destroy(struct wse_ctx *ctx)
{
	struct drm_wse_ctx_destroy args = { 0 };

	if (!ctx)
		return;
	wse_staging_drain(ctx);
	args.ctx_id = ctx->info.id;
	drmIoctl(ctx->dev->fd, DRM_IOCTL_WSE_CTX_DESTROY, &args);
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
}

void wse_ctx_get_info(const struct wse_ctx *ctx, struct wse_ctx_info *info)
{
	if (ctx && info)
		*info = ctx->info;
}

struct wse_device *wse_ctx_device(const struct wse_ctx *ctx)
{
	return ctx ? ctx->dev : NULL;
}

/*
 * An infinite wait is a loop of long finite ones: the ioctl's timeout is
 * relative, and a huge value is one more thing for a driver to overflow.
 */
#define WAIT_SLICE_NS	(60ull * 1000 * 1000 * 1000)

int wse_wait(struct wse_ctx *ctx, uint64_t seqno, uint64_t timeout_ns,
	     struct wse_job_status *status)
{
	struct drm_wse_wait args;
	bool forever = timeout_ns == WSE_TIMEOUT_INFINITE;

	if (!ctx)
		return -EINVAL;
	for (;;) {
		memset(&args, 0, sizeof(args));
		args.ctx_id = ctx->info.id;
		args.seqno = seqno;
		args.timeout_ns = forever ? WAIT_SLICE_NS : timeout_ns;
		if (!drmIoctl(ctx->dev->fd, DRM_IOCTL_WSE_WAIT, &args))
			break;
		if (!forever || errno != ETIME)
			return wse_neg_errno();
	}
	if (status) {
		status->status = args.status;
		status->failed_cmd = args.failed_cmd;
		status->device_time_ns = args.device_time_ns;
	}
	return 0;
}
