// SPDX-License-Identifier: GPL-2.0-only
/*
 * Jobs: DRM_IOCTL_WSE_SUBMIT and DRM_IOCTL_WSE_WAIT, and a job's life.
 *
 * SUBMIT copies the command array and the handle lists once, takes
 * references on every BO and in-fence, translates the commands (wse_cmd.c)
 * and only then commits: under the context's lock it takes the next seqno,
 * initialises the job's fence and queues the job on the context. Anything
 * that fails before the commit is undone by dropping the job, so a failed
 * SUBMIT leaves no trace.
 *
 * A committed job waits on its context until its in-fences have signalled
 * and every earlier job of the context has gone to the ring (wse_ctx.c),
 * then its commands are pushed to the ring (wse_ring.c). The completion
 * interrupt (wse_irq.c) records the outcome and signals the fence; a work
 * item then unmaps and unpins everything and retires the job into its
 * context's results, where WAIT finds it once the job itself is gone.
 *
 * References: the submitter's reference becomes the execution reference,
 * dropped by the clean-up work. WAIT takes temporary ones. The fence is a
 * separate object, as syncobjs may keep it long after the job is freed.
 */
#include <linux/dma-fence.h>
#include <linux/dmapool.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_syncobj.h>

#include <uapi/wse_accel.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_gem.h"
#include "wse_job.h"
#include "wse_ring.h"

/*
 * The fence and its lock live in one allocation that the dma-fence core
 * frees (kfree_rcu of the fence, which comes first): no driver code runs
 * when the last reference goes, however late that is.
 */
struct wse_fence {
	struct dma_fence base;
	spinlock_t lock;	/* the fence's, nothing else */
};

static const char *wse_fence_driver_name(struct dma_fence *fence)
{
	return DRIVER_NAME;
}

static const char *wse_fence_timeline_name(struct dma_fence *fence)
{
	return "context";
}

static const struct dma_fence_ops wse_fence_ops = {
	.use_64bit_seqno = true,
	.get_driver_name = wse_fence_driver_name,
	.get_timeline_name = wse_fence_timeline_name,
};

static void wse_job_free_resources(struct wse_job *job)
{
	u32 i;

	wse_cmd_unmap(job);
	kvfree(job->maps);
	job->maps = NULL;

	for (i = 0; i < job->nr_sgl; i++)
		dma_pool_free(job->wdev->sgl_pool, job->sgl[i].va,
			      job->sgl[i].dma);
	kfree(job->sgl);
	job->sgl = NULL;
	job->nr_sgl = 0;

	for (i = 0; i < job->nr_bos; i++)
		wse_bo_release(&job->bos[i]);
	kfree(job->bos);
	job->bos = NULL;
	job->nr_bos = 0;

	for (i = 0; i < job->nr_deps; i++)
		dma_fence_put(job->deps[i].fence);
	kfree(job->deps);
	job->deps = NULL;
	job->nr_deps = 0;

	kvfree(job->hw);
	kvfree(job->hw_src);
	job->hw = NULL;
	job->hw_src = NULL;
}

static void wse_job_release(struct kref *ref)
{
	struct wse_job *job = container_of(ref, struct wse_job, ref);

	wse_job_free_resources(job);
	if (job->fence_live)
		dma_fence_put(job->fence);
	else
		kfree(container_of(job->fence, struct wse_fence, base));
	wse_ctx_put(job->ctx);
	kfree(job);
}

void wse_job_put(struct wse_job *job)
{
	kref_put(&job->ref, wse_job_release);
}

static void wse_job_signal(struct wse_job *job)
{
	if (job->status)
		dma_fence_set_error(job->fence,
				    job->error ? job->error : -EIO);
	dma_fence_signal(job->fence);
}

static void wse_job_cleanup_work(struct work_struct *work)
{
	struct wse_job *job = container_of(work, struct wse_job, cleanup_work);

	if (job->defer_signal) {
		wse_cmd_stage_out(job);
		wse_job_signal(job);
	}
	wse_job_free_resources(job);
	wse_ctx_retire(job->ctx, job);
	if (atomic_dec_and_test(&job->wdev->jobs))
		wake_up_all(&job->wdev->jobs_wq);
	wse_job_put(job);
}

/**
 * wse_job_complete() - a job reached WSE_JOB_DONE: tell the world
 * @job: the job, its outcome recorded
 *
 * Called once per job, from the completion interrupt or an abort path.
 * Signals the fence at once unless the CPU still has work to do first,
 * and leaves the rest to the clean-up work.
 */
void wse_job_complete(struct wse_job *job)
{
	/* Before the fence: whoever it wakes may load firmware next. */
	atomic_dec(&job->wdev->active);
	/* And may read fdinfo: the job's time is the file's already. */
	atomic64_add(job->time_ns, &job->ctx->fpriv->busy_ns);
	if (!job->defer_signal)
		wse_job_signal(job);
	queue_work(job->wdev->wq, &job->cleanup_work);
}

static void wse_job_dep_cb(struct dma_fence *fence, struct dma_fence_cb *cb)
{
	struct wse_job_dep *dep = container_of(cb, struct wse_job_dep, cb);
	struct wse_job *job = dep->job;

	/* Fence callbacks run in any context: let a work item push it. */
	if (atomic_dec_and_test(&job->deps_pending))
		queue_work(job->wdev->wq, &job->ctx->kick_work);
}

/* Called under ctx->lock with the job on ctx->waiting; the caller kicks. */
static void wse_job_arm_deps(struct wse_job *job)
{
	u32 i;

	atomic_set(&job->deps_pending, job->nr_deps + 1);
	for (i = 0; i < job->nr_deps; i++) {
		job->deps[i].job = job;
		if (dma_fence_add_callback(job->deps[i].fence, &job->deps[i].cb,
					   wse_job_dep_cb))
			atomic_dec(&job->deps_pending);
	}
	atomic_dec(&job->deps_pending);
}

/**
 * wse_job_fail() - finish a job that never reached the device
 * @job: a committed job, taken off its context's waiting list (or refused
 *	by a stopped ring)
 * @status: what WAIT reports: DRM_WSE_JOB_ABORTED, _CANCELED or _LOST
 * @error: fence error: -ECANCELED when its context went away or was
 *	found guilty of a hang, -ENODEV when the device went away, -EIO
 *	when it failed
 *
 * Once the callbacks are removed none of them runs any more (removal and
 * the callbacks both hold the fence's lock), so nothing else touches the
 * job's dependency state.
 */
void wse_job_fail(struct wse_job *job, u32 status, int error)
{
	u32 i;

	for (i = 0; i < job->nr_deps; i++)
		dma_fence_remove_callback(job->deps[i].fence, &job->deps[i].cb);
	job->state = WSE_JOB_DONE;
	job->status = status;
	job->failed_cmd = 0;
	job->error = error;
	job->defer_signal = false;
	wse_job_complete(job);
}

/* wse_job_fail() with DRM_WSE_JOB_ABORTED: the context or device went away. */
void wse_job_abort(struct wse_job *job, int error)
{
	wse_job_fail(job, DRM_WSE_JOB_ABORTED, error);
}

static struct wse_job *wse_job_alloc(struct wse_ctx *ctx,
				     const struct drm_wse_submit *args)
{
	struct wse_fence *wf;
	struct wse_job *job;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return NULL;
	kref_init(&job->ref);
	job->wdev = ctx->wdev;
	kref_get(&ctx->ref);
	job->ctx = ctx;
	INIT_LIST_HEAD(&job->link);
	INIT_LIST_HEAD(&job->done_link);
	INIT_WORK(&job->cleanup_work, wse_job_cleanup_work);

	wf = kzalloc(sizeof(*wf), GFP_KERNEL);
	if (wf) {
		spin_lock_init(&wf->lock);
		job->fence = &wf->base;
	}
	job->maps = kvcalloc(args->cmd_count, sizeof(*job->maps), GFP_KERNEL);
	if (args->bo_count)
		job->bos = kcalloc(args->bo_count, sizeof(*job->bos),
				   GFP_KERNEL);
	if (args->in_syncobj_count)
		job->deps = kcalloc(args->in_syncobj_count, sizeof(*job->deps),
				    GFP_KERNEL);
	if (!job->fence || !job->maps ||
	    (args->bo_count && !job->bos) ||
	    (args->in_syncobj_count && !job->deps)) {
		wse_job_put(job);
		return NULL;
	}
	return job;
}

/* Copy a user array of @count elements of @size bytes, once. */
static void *wse_copy_array(u64 uptr, u32 count, size_t size)
{
	void *p;

	if (!count)
		return NULL;
	p = kvmalloc_array(count, size, GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, u64_to_user_ptr(uptr), (size_t)count * size)) {
		kvfree(p);
		return ERR_PTR(-EFAULT);
	}
	return p;
}

static int wse_job_take_deps(struct wse_job *job, struct drm_file *file,
			     const u32 *handles, u32 count)
{
	struct dma_fence *fence;
	u32 i;
	int ret;

	for (i = 0; i < count; i++) {
		/* -ENOENT for an unknown handle, -EINVAL if it has no fence. */
		ret = drm_syncobj_find_fence(file, handles[i], 0, 0, &fence);
		if (ret)
			return ret;
		if (dma_fence_is_signaled(fence)) {
			dma_fence_put(fence);
			continue;
		}
		job->deps[job->nr_deps++].fence = fence;
	}
	return 0;
}

/*
 * Build the whole job from the copied arrays. Every errno of the contract
 * that is about the job's content comes from here.
 */
static int wse_job_build(struct wse_job *job, struct drm_file *file,
			 const struct drm_wse_submit *args,
			 const struct drm_wse_cmd *cmds, const u32 *bo_handles,
			 const u32 *sync_handles)
{
	struct wse_device *wdev = job->wdev;
	bool need_fw = false;
	u32 i;
	int ret;

	/* One look at the firmware state per job, and only if it matters. */
	for (i = 0; i < args->cmd_count && !need_fw; i++)
		need_fw = cmds[i].opcode == DRM_WSE_CMD_LAUNCH ||
			  (cmds[i].opcode != DRM_WSE_CMD_NOP &&
			   (wdev->hw.info.caps & WSE_CAP_FW_REQUIRED));
	if (need_fw && wse_fw_running(wdev))
		job->ktab = wdev->fw.ktab;

	for (i = 0; i < args->bo_count; i++) {
		ret = wse_bo_hold(&job->bos[i], file, bo_handles[i]);
		if (ret)
			return ret;
		job->nr_bos++;
	}

	ret = wse_job_take_deps(job, file, sync_handles,
				args->in_syncobj_count);
	if (ret)
		return ret;

	for (i = 0; i < args->cmd_count; i++) {
		ret = wse_cmd_translate(job, &cmds[i], i);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The point of no return: give the job its seqno and fence and queue it.
 * Returns the fence (referenced) for the out-syncobj, or an error if the
 * context was destroyed meanwhile. An internal job (the driver's own, see
 * wse_job_scrub()) takes no seqno: userspace never sees or waits for it.
 */
static struct dma_fence *wse_job_commit(struct wse_job *job, u64 *seqno,
					bool internal)
{
	struct wse_ctx *ctx = job->ctx;
	struct dma_fence *fence;
	int ret;

	mutex_lock(&ctx->lock);
	if (ctx->closed) {
		ret = -ENOENT;
		goto err;
	}
	/* Recovery blames a context under the firmware lock we hold. */
	if (ctx->guilty) {
		ret = -ECANCELED;
		goto err;
	}
	if (internal) {
		/* Ordered before every user job: their seqnos start at 1. */
		job->seqno = 0;
	} else {
		ret = xa_insert(&ctx->pending, ctx->last_seqno + 1, job,
				GFP_KERNEL);
		if (ret)
			goto err;
		job->seqno = ++ctx->last_seqno;
	}
	dma_fence_init(job->fence, &wse_fence_ops,
		       &container_of(job->fence, struct wse_fence, base)->lock,
		       ctx->fence_context, job->seqno);
	job->fence_live = true;
	fence = dma_fence_get(job->fence);
	*seqno = job->seqno;

	ctx->njobs++;
	atomic_inc(&job->wdev->jobs);
	atomic_inc(&job->wdev->active);
	job->state = WSE_JOB_WAITING;
	list_add_tail(&job->link, &ctx->waiting);
	wse_job_arm_deps(job);
	/* From here on the job belongs to the context and the ring. */
	wse_ctx_kick_locked(ctx);
	mutex_unlock(&ctx->lock);
	return fence;

err:
	mutex_unlock(&ctx->lock);
	return ERR_PTR(ret);
}

/**
 * wse_job_scrub() - zero a new context's fabric memory and wait for it
 * @ctx: the context, placed but not yet visible to userspace
 *
 * Fabric SRAM keeps what its last owner wrote, and a new owner must not be
 * able to read it. So before a context's id is returned, one FILL of zeros
 * covers its reservation, as an internal job on the context's own ring.
 * Called outside drm_dev_enter(): unplug aborts the job instead of waiting
 * for this call.
 *
 * Return: 0 once the reservation reads as zeros; -ERESTARTSYS on a signal
 * (the fill still completes before the reservation is freed); -EIO if the
 * device failed the fill; the abort error if the job was aborted; -ENOMEM.
 */
int wse_job_scrub(struct wse_ctx *ctx)
{
	static const struct drm_wse_submit one_cmd = { .cmd_count = 1 };
	struct wse_device *wdev = ctx->wdev;
	struct dma_fence *fence;
	struct wse_hw_cmd *hc;
	struct wse_job *job;
	u64 seqno;
	int ret;

	job = wse_job_alloc(ctx, &one_cmd);
	if (!job)
		return -ENOMEM;
	hc = wse_job_add_hw(job, 0);
	if (!hc) {
		wse_job_put(job);
		return -ENOMEM;
	}
	hc->opcode = WSE_OP_FILL;
	hc->context_id = cpu_to_le32(ctx->serial);
	hc->fill.rect.x = cpu_to_le16(ctx->resv.x);
	hc->fill.rect.y = cpu_to_le16(ctx->resv.y);
	hc->fill.rect.width = cpu_to_le16(ctx->resv.w);
	hc->fill.rect.height = cpu_to_le16(ctx->resv.h);
	hc->fill.pe_offset = cpu_to_le32(ctx->resv.off);
	/* FILL takes whole words; the reservation's span covers the round-up. */
	hc->fill.len = cpu_to_le32(ALIGN(ctx->sram_bytes, 4));

	/* Not across a firmware load, which resets the device under us. */
	ret = down_read_interruptible(&wdev->fw.lock);
	if (ret) {
		wse_job_put(job);
		return ret;
	}
	kref_get(&job->ref);		/* to read the outcome below */
	fence = wse_job_commit(job, &seqno, true);
	up_read(&wdev->fw.lock);
	if (IS_ERR(fence)) {
		wse_job_put(job);	/* ours */
		wse_job_put(job);	/* the one commit did not take over */
		return PTR_ERR(fence);
	}

	ret = dma_fence_wait(fence, true);
	if (!ret) {
		/* The outcome was written before the fence signalled. */
		smp_rmb();
		if (job->error)
			ret = job->error;
		else if (job->status)
			ret = -EIO;
	}
	dma_fence_put(fence);
	wse_job_put(job);
	return ret;
}

/* Wait until the context may take another job; outside drm_dev_enter(). */
static int wse_job_throttle(struct wse_ctx *ctx)
{
	return wait_event_interruptible(ctx->retire_wq,
					READ_ONCE(ctx->njobs) <
					WSE_CTX_MAX_JOBS ||
					READ_ONCE(ctx->closed));
}

/**
 * wse_submit_ioctl() - DRM_IOCTL_WSE_SUBMIT: queue a command buffer
 * @drm: DRM device
 * @data: struct drm_wse_submit
 * @file: DRM file owning the context, BOs and syncobjs
 *
 * User memory is read exactly once: the commands and both handle lists
 * are copied into kernel buffers before anything looks at them.
 *
 * Return: 0 with @seqno set; -EINVAL, -E2BIG, -EFAULT, -ENOENT, -EACCES,
 * -ENOEXEC as the errno contract says; -ENODEV after unplug; -ECANCELED
 * when the context was found guilty of a hang or the file is banned;
 * -EIO while the device is wedged; -ENOMEM;
 * -EINTR/-ERESTARTSYS when a signal interrupts the wait for room (at most
 * WSE_CTX_MAX_JOBS jobs of a context are in flight) or for a firmware load
 * to finish.
 */
int wse_submit_ioctl(struct drm_device *drm, void *data,
		     struct drm_file *file)
{
	struct wse_device *wdev = to_wse_device(drm);
	struct wse_file_priv *fpriv = file->driver_priv;
	struct drm_wse_submit *args = data;
	struct drm_wse_cmd *cmds = NULL;
	u32 *bo_handles = NULL, *sync_handles = NULL;
	struct drm_syncobj *out = NULL;
	struct dma_fence *fence;
	struct wse_job *job = NULL;
	struct wse_ctx *ctx;
	u64 seqno;
	int ret, idx;

	if (args->flags || !args->cmd_count)
		return -EINVAL;
	if (args->cmd_count > DRM_WSE_MAX_CMDS ||
	    args->bo_count > DRM_WSE_MAX_BOS ||
	    args->in_syncobj_count > DRM_WSE_MAX_IN_SYNCOBJS)
		return -E2BIG;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	drm_dev_exit(idx);

	ctx = wse_ctx_lookup(fpriv, args->ctx_id);
	if (!ctx)
		return -ENOENT;
	/* Rechecked at commit, where it is exact. */
	if (READ_ONCE(fpriv->banned) || READ_ONCE(ctx->guilty)) {
		ret = -ECANCELED;
		goto out_ctx;
	}
	ret = wse_job_throttle(ctx);
	if (ret)
		goto out_ctx;

	if (!drm_dev_enter(drm, &idx)) {
		ret = -ENODEV;
		goto out_ctx;
	}

	cmds = wse_copy_array(args->cmds, args->cmd_count, sizeof(*cmds));
	bo_handles = wse_copy_array(args->bo_handles, args->bo_count,
				    sizeof(*bo_handles));
	sync_handles = wse_copy_array(args->in_syncobjs,
				      args->in_syncobj_count,
				      sizeof(*sync_handles));
	if (IS_ERR(cmds) || IS_ERR(bo_handles) || IS_ERR(sync_handles)) {
		ret = IS_ERR(cmds) ? PTR_ERR(cmds) :
		      IS_ERR(bo_handles) ? PTR_ERR(bo_handles) :
		      PTR_ERR(sync_handles);
		goto out;
	}

	job = wse_job_alloc(ctx, args);
	if (!job) {
		ret = -ENOMEM;
		goto out;
	}
	if (args->out_syncobj) {
		out = drm_syncobj_find(file, args->out_syncobj);
		if (!out) {
			ret = -ENOENT;
			goto out;
		}
	}
	/*
	 * Checked against the firmware that runs when the job commits. A
	 * recovery holds the lock for writing, so this waits for it to end.
	 */
	ret = down_read_interruptible(&wdev->fw.lock);
	if (ret)
		goto out;
	ret = wse_dev_wedged(wdev) ? -EIO :
	      wse_job_build(job, file, args, cmds, bo_handles, sync_handles);
	fence = ret ? ERR_PTR(ret) : wse_job_commit(job, &seqno, false);
	up_read(&wdev->fw.lock);
	if (IS_ERR(fence)) {
		ret = PTR_ERR(fence);
		goto out;
	}
	job = NULL;
	if (out)
		drm_syncobj_replace_fence(out, fence);
	dma_fence_put(fence);
	args->seqno = seqno;
	ret = 0;
out:
	if (out)
		drm_syncobj_put(out);
	if (job)
		wse_job_put(job);
	if (!IS_ERR(sync_handles))
		kvfree(sync_handles);
	if (!IS_ERR(bo_handles))
		kvfree(bo_handles);
	if (!IS_ERR(cmds))
		kvfree(cmds);
	drm_dev_exit(idx);
out_ctx:
	wse_ctx_put(ctx);
	return ret;
}

static long wse_timeout_jiffies(u64 timeout_ns)
{
	u64 j;

	/* Rounding up must not wrap the largest timeouts to 0 (a poll). */
	if (timeout_ns > U64_MAX - NSEC_PER_SEC / HZ)
		return MAX_SCHEDULE_TIMEOUT;
	j = DIV_ROUND_UP_ULL(timeout_ns, NSEC_PER_SEC / HZ);
	return j >= MAX_SCHEDULE_TIMEOUT ? MAX_SCHEDULE_TIMEOUT : (long)j;
}

/**
 * wse_wait_ioctl() - DRM_IOCTL_WSE_WAIT: wait for a job and report how it went
 * @drm: DRM device
 * @data: struct drm_wse_wait
 * @file: DRM file owning the context
 *
 * The wait itself runs outside drm_dev_enter(), so unplug never waits for
 * a sleeping WAIT: it aborts the jobs, whose fences then wake it.
 *
 * Return: 0 with the outcome; -ENOENT for an unknown context; -EINVAL for a
 * seqno the context never issued; -ETIME when @timeout_ns passes first;
 * -ERESTARTSYS on a signal.
 */
int wse_wait_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct wse_file_priv *fpriv = file->driver_priv;
	struct drm_wse_wait *args = data;
	struct wse_job_result res = {};
	struct wse_job *job;
	struct wse_ctx *ctx;
	long left;
	int ret = 0, idx;

	if (args->flags)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	ctx = wse_ctx_lookup(fpriv, args->ctx_id);
	drm_dev_exit(idx);
	if (!ctx)
		return -ENOENT;

	mutex_lock(&ctx->lock);
	if (!args->seqno || args->seqno > ctx->last_seqno) {
		mutex_unlock(&ctx->lock);
		ret = -EINVAL;
		goto out;
	}
	job = xa_load(&ctx->pending, args->seqno);
	if (job)
		kref_get(&job->ref);
	else
		wse_ctx_result(ctx, args->seqno, &res);
	mutex_unlock(&ctx->lock);

	if (job) {
		left = wse_timeout_jiffies(args->timeout_ns);
		if (!left)
			left = dma_fence_is_signaled(job->fence);
		else
			left = dma_fence_wait_timeout(job->fence, true, left);
		if (left > 0) {
			/* The outcome was written before the fence signalled. */
			smp_rmb();
			res.status = job->status;
			res.failed_cmd = job->failed_cmd;
			res.time_ns = job->time_ns;
		} else {
			ret = left ? left : -ETIME;
		}
		wse_job_put(job);
	}
	if (!ret) {
		args->status = res.status;
		args->failed_cmd = res.failed_cmd;
		args->device_time_ns = res.time_ns;
	}
out:
	wse_ctx_put(ctx);
	return ret;
}
