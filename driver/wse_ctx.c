// SPDX-License-Identifier: GPL-2.0-only
/*
 * Contexts: DRM_IOCTL_WSE_CTX_CREATE and _DESTROY, and how a context's
 * jobs reach its ring in order.
 *
 * A context lives in its file's xarray (the xarray's reference) and on the
 * device's list (so removal can abort its jobs); jobs, SUBMIT and WAIT hold
 * references of their own. Destroying it, by the ioctl or by closing the
 * file, aborts the jobs still waiting for in-fences, waits for those
 * already on the ring, and only then gives its fabric reservation back:
 * no later context can be placed on memory the device may still write.
 *
 * Order: a job leaves the context's waiting list only from the head, so
 * jobs reach the ring in seqno order, and the ring runs them in order.
 * Exclusive jobs (see wse_job.h) also wait for the context to have nothing
 * on the ring, and hold back later jobs until they retire.
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>

#include <uapi/wse_accel.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_job.h"
#include "wse_ring.h"

/* How long a destroy waits for the device before it says so. */
#define WSE_CTX_DRAIN_WARN_MS	30000

static void wse_ctx_release(struct kref *ref)
{
	struct wse_ctx *ctx = container_of(ref, struct wse_ctx, ref);
	struct wse_job_result *res;
	unsigned long seqno;

	/* Only fence callbacks of jobs queue it, and all jobs are gone. */
	cancel_work_sync(&ctx->kick_work);
	xa_for_each(&ctx->failed, seqno, res)
		kfree(res);
	xa_destroy(&ctx->failed);
	xa_destroy(&ctx->pending);
	kvfree(ctx->results);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
}

void wse_ctx_put(struct wse_ctx *ctx)
{
	kref_put(&ctx->ref, wse_ctx_release);
}

/* A referenced context of @fpriv, or NULL. */
struct wse_ctx *wse_ctx_lookup(struct wse_file_priv *fpriv, u32 id)
{
	struct wse_ctx *ctx;

	xa_lock(&fpriv->ctxs);
	ctx = xa_load(&fpriv->ctxs, id);
	if (ctx)
		kref_get(&ctx->ref);
	xa_unlock(&fpriv->ctxs);
	return ctx;
}

/**
 * wse_ctx_kick_locked() - hand every job that may go now to the ring
 * @ctx: the context, its lock held
 *
 * Stops at the first job that must wait, so later jobs never overtake it.
 */
void wse_ctx_kick_locked(struct wse_ctx *ctx)
{
	struct wse_job *job, *tmp;

	lockdep_assert_held(&ctx->lock);
	list_for_each_entry_safe(job, tmp, &ctx->waiting, link) {
		if (!wse_job_ready(job) || ctx->barrier)
			break;
		if (job->exclusive) {
			if (ctx->on_ring)
				break;
			ctx->barrier = true;
			wse_cmd_stage_in(job);
		}
		list_del_init(&job->link);
		job->promoted = true;
		ctx->on_ring++;
		wse_ring_queue_job(ctx->ring, job);
	}
}

static void wse_ctx_kick_work(struct work_struct *work)
{
	struct wse_ctx *ctx = container_of(work, struct wse_ctx, kick_work);

	mutex_lock(&ctx->lock);
	wse_ctx_kick_locked(ctx);
	mutex_unlock(&ctx->lock);
}

/* Keep a failure that falls out of the results window, within a limit. */
static void wse_ctx_keep_failure(struct wse_ctx *ctx,
				 const struct wse_job_result *res)
{
	struct wse_job_result *copy;
	unsigned long first = 0;

	if (!res->status)
		return;
	if (ctx->nfailed >= WSE_CTX_FAILED_MAX &&
	    xa_find(&ctx->failed, &first, ULONG_MAX, XA_PRESENT)) {
		kfree(xa_erase(&ctx->failed, first));
		ctx->nfailed--;
	}
	copy = kmemdup(res, sizeof(*res), GFP_KERNEL);
	if (!copy)
		return;
	if (xa_insert(&ctx->failed, res->seqno, copy, GFP_KERNEL))
		kfree(copy);
	else
		ctx->nfailed++;
}

/**
 * wse_ctx_retire() - a job is finished and released: keep its outcome
 * @ctx: its context
 * @job: the job, fence signalled, resources freed
 *
 * The outcome goes into a window indexed by seqno; a failure pushed out of
 * the window is kept apart, so WAIT on an old job reports a failure for
 * longer than it reports a device time.
 */
void wse_ctx_retire(struct wse_ctx *ctx, struct wse_job *job)
{
	struct wse_job_result res = {
		.seqno = job->seqno,
		.status = job->status,
		.failed_cmd = job->failed_cmd,
		.time_ns = job->time_ns,
	};
	struct wse_job_result *slot;

	mutex_lock(&ctx->lock);
	slot = &ctx->results[job->seqno & (WSE_CTX_RESULTS - 1)];
	if (slot->seqno > res.seqno) {
		/* Retired late: a newer job owns the slot already. */
		wse_ctx_keep_failure(ctx, &res);
	} else {
		wse_ctx_keep_failure(ctx, slot);
		*slot = res;
	}
	xa_erase(&ctx->pending, job->seqno);
	ctx->njobs--;
	if (job->promoted) {
		ctx->on_ring--;
		if (job->exclusive)
			ctx->barrier = false;
	}
	wse_ctx_kick_locked(ctx);
	mutex_unlock(&ctx->lock);
	wake_up_all(&ctx->retire_wq);
}

/**
 * wse_ctx_result() - the outcome of a retired job
 * @ctx: the context, its lock held
 * @seqno: a seqno the context issued whose job is no longer pending
 * @res: the outcome; a success too old for the window reports no device
 *	time
 */
void wse_ctx_result(struct wse_ctx *ctx, u64 seqno, struct wse_job_result *res)
{
	const struct wse_job_result *slot;

	lockdep_assert_held(&ctx->lock);
	slot = &ctx->results[seqno & (WSE_CTX_RESULTS - 1)];
	if (slot->seqno == seqno) {
		*res = *slot;
		return;
	}
	slot = xa_load(&ctx->failed, seqno);
	if (slot) {
		*res = *slot;
		return;
	}
	memset(res, 0, sizeof(*res));
	res->seqno = seqno;
}

/* Take the jobs still waiting for in-fences off the context and fail them. */
static void wse_ctx_fail_waiting(struct wse_ctx *ctx, u32 status, int error)
{
	struct wse_job *job, *tmp;
	LIST_HEAD(aborted);

	mutex_lock(&ctx->lock);
	list_splice_init(&ctx->waiting, &aborted);
	mutex_unlock(&ctx->lock);

	list_for_each_entry_safe(job, tmp, &aborted, link) {
		list_del_init(&job->link);
		wse_job_fail(job, status, error);
	}
}

static void wse_ctx_abort_waiting(struct wse_ctx *ctx, int error)
{
	wse_ctx_fail_waiting(ctx, DRM_WSE_JOB_ABORTED, error);
}

/**
 * wse_ctx_set_guilty() - a job of @ctx hung the device: it gets no more
 * @ctx: the context, referenced by the caller
 *
 * Called by recovery with the firmware lock held for writing, so no
 * SUBMIT is between its checks and its commit. Jobs still waiting for
 * in-fences fail with DRM_WSE_JOB_CANCELED; the ones on the ring were
 * cancelled there. The owning file's hang count goes up, and at
 * hang_limit the file is banned.
 */
void wse_ctx_set_guilty(struct wse_ctx *ctx)
{
	struct wse_file_priv *fpriv = ctx->fpriv;
	unsigned int limit = READ_ONCE(wse_hang_limit);

	mutex_lock(&ctx->lock);
	WRITE_ONCE(ctx->guilty, true);
	mutex_unlock(&ctx->lock);
	wse_ctx_fail_waiting(ctx, DRM_WSE_JOB_CANCELED, -ECANCELED);

	if (atomic_inc_return(&fpriv->hangs) >= limit && limit) {
		if (!READ_ONCE(fpriv->banned))
			drm_warn(&ctx->wdev->drm,
				 "pid %d: %u hangs, no more jobs from this file\n",
				 ctx->pid, atomic_read(&fpriv->hangs));
		WRITE_ONCE(fpriv->banned, true);
	}
}

/* Read without the lock: the waker changes it under the lock first. */
static bool wse_ctx_drained(struct wse_ctx *ctx)
{
	return !READ_ONCE(ctx->njobs);
}

/*
 * Destroy: no new jobs, abort the waiting ones, let the device finish the
 * rest, then free the reservation. The caller drops the file's reference.
 */
static void wse_ctx_shutdown(struct wse_ctx *ctx)
{
	struct wse_device *wdev = ctx->wdev;

	mutex_lock(&ctx->lock);
	ctx->closed = true;
	mutex_unlock(&ctx->lock);
	/* Throttled submitters re-check and fail with -ENOENT. */
	wake_up_all(&ctx->retire_wq);

	wse_ctx_abort_waiting(ctx, -ECANCELED);
	while (!wait_event_timeout(ctx->retire_wq, wse_ctx_drained(ctx),
				   msecs_to_jiffies(WSE_CTX_DRAIN_WARN_MS)))
		drm_warn(&wdev->drm, "context %u: jobs still running\n",
			 ctx->serial);

	wse_resv_release(wdev, &ctx->resv);
	mutex_lock(&wdev->ctx_lock);
	list_del(&ctx->dev_link);
	mutex_unlock(&wdev->ctx_lock);
}

/* Close of a file: destroy every context it still has. */
void wse_ctx_close_file(struct wse_file_priv *fpriv)
{
	struct wse_ctx *ctx;
	unsigned long id;

	xa_for_each(&fpriv->ctxs, id, ctx) {
		xa_erase(&fpriv->ctxs, id);
		wse_ctx_shutdown(ctx);
		wse_ctx_put(ctx);
	}
	xa_destroy(&fpriv->ctxs);
}

/**
 * wse_ctx_abort_all() - device removal: abort every job not on a ring
 * @wdev: the device, already unplugged and its rings stopped
 *
 * Jobs already on a ring were aborted when the ring stopped. Afterwards no
 * fence callback of ours is armed any more.
 */
void wse_ctx_abort_all(struct wse_device *wdev)
{
	struct wse_ctx *ctx;

	mutex_lock(&wdev->ctx_lock);
	list_for_each_entry(ctx, &wdev->ctx_list, dev_link)
		wse_ctx_abort_waiting(ctx, -ENODEV);
	mutex_unlock(&wdev->ctx_lock);
}

/**
 * wse_ctx_create_ioctl() - DRM_IOCTL_WSE_CTX_CREATE: claim part of the fabric
 * @drm: DRM device
 * @data: struct drm_wse_ctx_create
 * @file: DRM file that owns the new context
 *
 * Return: 0 with the id and placement; -EINVAL for a zero or oversized
 * request; -ENOSPC when no free placement exists now; -ECANCELED when the
 * file is banned for hangs; -EIO while the device is wedged; -ENOMEM.
 */
int wse_ctx_create_ioctl(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct wse_device *wdev = to_wse_device(drm);
	const struct wse_hw_info *info = &wdev->hw.info;
	struct wse_file_priv *fpriv = file->driver_priv;
	struct drm_wse_ctx_create *args = data;
	struct wse_ctx *ctx;
	int ret, idx;
	u32 id;

	if (args->flags)
		return -EINVAL;
	if (!args->width || !args->height || !args->sram_bytes ||
	    args->width > info->log_width || args->height > info->log_height ||
	    args->sram_bytes > info->pe_sram_bytes)
		return -EINVAL;

	if (READ_ONCE(fpriv->banned))
		return -ECANCELED;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	ret = -EIO;
	if (wse_dev_wedged(wdev))
		goto out;
	ret = -ENOMEM;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		goto out;
	ctx->results = kvcalloc(WSE_CTX_RESULTS, sizeof(*ctx->results),
				GFP_KERNEL);
	if (!ctx->results)
		goto err_free;

	kref_init(&ctx->ref);
	ctx->wdev = wdev;
	ctx->serial = atomic_inc_return(&wdev->ctx_serial);
	ctx->fpriv = fpriv;
	ctx->pid = task_tgid_nr(current);
	ctx->sram_bytes = args->sram_bytes;
	ctx->fence_context = dma_fence_context_alloc(1);
	mutex_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->waiting);
	xa_init(&ctx->pending);
	xa_init(&ctx->failed);
	init_waitqueue_head(&ctx->retire_wq);
	INIT_WORK(&ctx->kick_work, wse_ctx_kick_work);
	ctx->ring = &wdev->rings[(u32)atomic_inc_return(&wdev->next_ring) %
				 wdev->nr_rings];

	ret = wse_resv_place(wdev, &ctx->resv, args->width, args->height,
			     args->sram_bytes);
	if (ret)
		goto err_free;

	mutex_lock(&wdev->ctx_lock);
	list_add_tail(&ctx->dev_link, &wdev->ctx_list);
	mutex_unlock(&wdev->ctx_lock);
	drm_dev_exit(idx);

	/*
	 * The reservation still holds what its previous owner left: zero it
	 * before the new owner can reach it. Outside drm_dev_enter(), like
	 * every wait for the device.
	 */
	ret = wse_job_scrub(ctx);
	/*
	 * Visible to lookups from here on: fully set up first. Ids start at
	 * 1 explicitly: erasing index 0 (a destroy of id 0) would otherwise
	 * free it for the next allocation.
	 */
	if (!ret)
		ret = xa_alloc(&fpriv->ctxs, &id, ctx, XA_LIMIT(1, U32_MAX),
			       GFP_KERNEL);
	if (ret) {
		wse_ctx_shutdown(ctx);
		wse_ctx_put(ctx);
		return ret;
	}
	ctx->id = id;

	args->ctx_id = id;
	args->x = ctx->resv.x;
	args->y = ctx->resv.y;
	args->sram_offset = ctx->resv.off;
	return 0;

err_free:
	kvfree(ctx->results);
	kfree(ctx);
out:
	drm_dev_exit(idx);
	return ret;
}

/**
 * wse_ctx_destroy_ioctl() - DRM_IOCTL_WSE_CTX_DESTROY
 * @drm: DRM device
 * @data: struct drm_wse_ctx_destroy
 * @file: DRM file owning the context
 *
 * The id is invalid at once. Returns once the context's jobs have all
 * finished (those still waiting for in-fences are aborted) and its part of
 * the fabric is free again. Waits outside drm_dev_enter(), so removal of
 * the device, which aborts the jobs, never waits for it.
 *
 * Return: 0, or -ENOENT for an id this file does not have.
 */
int wse_ctx_destroy_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct wse_file_priv *fpriv = file->driver_priv;
	struct drm_wse_ctx_destroy *args = data;
	struct wse_ctx *ctx;
	int idx;

	if (args->pad)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ctx = xa_erase(&fpriv->ctxs, args->ctx_id);
	drm_dev_exit(idx);
	if (!ctx)
		return -ENOENT;

	wse_ctx_shutdown(ctx);
	wse_ctx_put(ctx);
	return 0;
}
