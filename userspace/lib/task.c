// SPDX-License-Identifier: MIT
/*
 * Tasks: the jobs one library call queued (a memcpy's submits, a launch),
 * waited for in order, with the first failure kept as the task's result.
 * A task made for a NONBLOCK call also owns a DRM syncobj that its last
 * job signals, so that jobs of other contexts can wait for it on the
 * device rather than in the caller. (The syncobj ioctls are issued
 * directly rather than through libdrm's wrappers so that every ioctl of
 * the library goes through drmIoctl().)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xf86drm.h>

#include "wse_internal.h"
#include "wse_hw.h"

int wse_task_new(struct wse_ctx *ctx, bool syncobj, struct wse_task **out)
{
	struct drm_syncobj_create create = { 0 };
	struct wse_task *task = calloc(1, sizeof(*task));

	if (!task)
		return -ENOMEM;
	task->ctx = ctx;
	if (syncobj) {
		if (drmIoctl(ctx->dev->fd, DRM_IOCTL_SYNCOBJ_CREATE, &create)) {
			int ret = wse_neg_errno();

			free(task);
			return ret;
		}
		task->syncobj = create.handle;
	}
	*out = task;
	return 0;
}

static void task_destroy(struct wse_task *task)
{
	struct drm_syncobj_destroy destroy = { .handle = task->syncobj };

	if (task->syncobj)
		drmIoctl(task->ctx->dev->fd, DRM_IOCTL_SYNCOBJ_DESTROY, &destroy);
	free(task->seqnos);
	free(task);
}

void wse_task_discard(struct wse_task *task)
{
	wse_task_release_host(task);
	task_destroy(task);
}

int wse_task_return(struct wse_task *task, bool nonblock, struct wse_task **out)
{
	int ret;

	if (nonblock) {
		*out = task;
		return 0;
	}
	ret = wse_task_wait(task, WSE_TIMEOUT_INFINITE, NULL);
	wse_task_free(task);
	return ret;
}

void wse_task_release_host(struct wse_task *task)
{
	if (task->userptr) {
		wse_bo_destroy(task->userptr);
		task->userptr = NULL;
	}
	if (task->staging) {
		wse_staging_put(task->ctx, task->staging);
		task->staging = NULL;
	}
}

static int job_errno(uint32_t status)
{
	if (status == DRM_WSE_JOB_OK)
		return 0;
	if (status == DRM_WSE_JOB_ABORTED || status == WSE_STS_ABORTED)
		return -ECANCELED;
	return -EIO;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int wse_task_wait(struct wse_task *task, uint64_t timeout_ns, struct wse_job_status *status)
{
	uint64_t deadline = 0;
	int ret;

	if (!task)
		return -EINVAL;
	if (timeout_ns != WSE_TIMEOUT_INFINITE && timeout_ns)
		deadline = now_ns() + timeout_ns;
	if (task->done)
		goto report;
	while (task->nr_waited < task->nr_seqnos) {
		struct wse_job_status st;
		uint64_t left = timeout_ns;

		if (deadline) {
			uint64_t now = now_ns();

			left = now < deadline ? deadline - now : 0;
		}
		ret = wse_wait(task->ctx, task->seqnos[task->nr_waited], left, &st);
		if (ret == -ETIME)
			return ret;
		if (ret) {
			/* The device is gone or the driver lost the job. */
			task->result = ret;
			task->copy_out = NULL;
			break;
		}
		task->device_time_ns += st.device_time_ns;
		if (st.status != DRM_WSE_JOB_OK && !task->result) {
			task->result = job_errno(st.status);
			task->status = st;
			/* Index in the whole transfer, not in this submit. */
			task->status.failed_cmd += task->nr_waited * DRM_WSE_MAX_CMDS;
		}
		task->nr_waited++;
	}
	task->done = true;
	if (!task->result && task->copy_out)
		memcpy(task->copy_out, task->staging->map, task->bytes);
	wse_task_release_host(task);
report:
	task->status.device_time_ns = task->device_time_ns;
	if (status)
		*status = task->status;
	return task->result;
}

void wse_task_free(struct wse_task *task)
{
	if (!task)
		return;
	wse_task_wait(task, WSE_TIMEOUT_INFINITE, NULL);
	wse_task_discard(task);
}

uint32_t wse_task_syncobj(const struct wse_task *task)
{
	return task ? task->syncobj : 0;
}
