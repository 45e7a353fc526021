/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Jobs: one SUBMIT's worth of device commands, the resources they use and
 * the fence that tells the world they are done.
 */
#ifndef __WSE_JOB_H__
#define __WSE_JOB_H__

#include <linux/atomic.h>
#include <linux/dma-fence.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <uapi/wse_hw.h>

#include "wse_gem.h"

struct drm_device;
struct drm_file;
struct wse_ctx;
struct wse_device;
struct drm_gem_object;
struct page;
struct wse_fw_ktab;

enum wse_job_state {
	WSE_JOB_WAITING,	/* on ctx->waiting: deps or order hold it back */
	WSE_JOB_QUEUED,		/* handed to its ring */
	WSE_JOB_DONE,		/* every pushed command completed, or aborted */
};

/*
 * The host side of one H2F/F2H command: the BO range mapped for the
 * device, or, when the range is not aligned to the element size, bounce
 * pages the CPU copies it through (the device wants every SGL entry to be
 * whole elements).
 */
struct wse_job_map {
	struct wse_bo_map map;
	struct drm_gem_object *obj;
	u64 bo_offset;
	u64 length;
	struct page **bounce;
	u32 nbounce;
	bool to_device;			/* H2F */
	bool sync;			/* streaming mapping needs CPU syncs */
};

/* One in-fence the job waits for before it may go to the ring. */
struct wse_job_dep {
	struct dma_fence_cb cb;
	struct dma_fence *fence;
	struct wse_job *job;
};

/* A page of SGLs in coherent DMA memory, shared by a job's commands. */
struct wse_sgl_page {
	struct wse_hw_sge *va;
	dma_addr_t dma;
};

struct wse_job {
	struct kref ref;
	struct wse_device *wdev;
	struct wse_ctx *ctx;		/* holds a reference */
	u64 seqno;
	struct dma_fence *fence;	/* holds a reference */

	/*
	 * The running firmware's kernels while the job is being built (the
	 * firmware lock is held then), if it has commands that need them;
	 * NULL if no firmware runs. Not valid once the job is committed.
	 */
	const struct wse_fw_ktab *ktab;

	/* Device commands, and the user command each one came from. */
	struct wse_hw_cmd *hw;
	u32 *hw_src;
	u32 nr_hw;
	u32 hw_cap;

	/*
	 * Progress and outcome, written under the ring's lock while the job
	 * is queued; read by WAIT once the fence has signalled.
	 */
	enum wse_job_state state;
	u32 pushed;			/* commands written to the SQ */
	u32 done;			/* completion records consumed */
	u32 status;			/* DRM_WSE_JOB_OK or why not */
	u32 failed_cmd;
	u64 time_ns;
	int error;			/* fence error when aborted */
	struct list_head link;		/* ctx->waiting, then ring->ready */
	struct list_head done_link;	/* batch of jobs just completed */

	/*
	 * Exclusive jobs stage misaligned host data through bounce pages,
	 * which the CPU fills before they start; nothing else of their
	 * context runs alongside them. Deferred-signal jobs need CPU work
	 * (copy-out, cache sync) between the device finishing and the fence.
	 */
	bool exclusive;
	bool defer_signal;
	bool promoted;			/* went to the ring (counted in on_ring) */
	bool fence_live;		/* @fence initialised */

	/* Resources, released by the clean-up work. */
	struct wse_bo_hold *bos;
	u32 nr_bos;
	struct wse_job_map *maps;	/* one per user command */
	u32 nr_maps;
	struct wse_sgl_page *sgl;
	u32 nr_sgl;
	u32 sgl_cap;
	u32 sgl_used;			/* entries used in the last page */
	struct wse_job_dep *deps;
	u32 nr_deps;
	atomic_t deps_pending;		/* unsignalled deps, +1 while arming */
	struct work_struct cleanup_work;
};

static inline bool wse_job_ready(struct wse_job *job)
{
	return !atomic_read(&job->deps_pending);
}

void wse_job_put(struct wse_job *job);
void wse_job_complete(struct wse_job *job);
void wse_job_abort(struct wse_job *job, int error);
void wse_job_fail(struct wse_job *job, u32 status, int error);

/* wse_cmd.c */
struct drm_wse_cmd;
struct wse_hw_cmd *wse_job_add_hw(struct wse_job *job, u32 src);
int wse_cmd_translate(struct wse_job *job, const struct drm_wse_cmd *uc,
		      u32 idx);
void wse_cmd_stage_in(struct wse_job *job);
void wse_cmd_stage_out(struct wse_job *job);
void wse_cmd_unmap(struct wse_job *job);

int wse_job_scrub(struct wse_ctx *ctx);

/* wse_launch.c */
int wse_launch_translate(struct wse_job *job, const struct drm_wse_cmd *uc,
			 u32 idx);

int wse_submit_ioctl(struct drm_device *drm, void *data,
		     struct drm_file *file);
int wse_wait_ioctl(struct drm_device *drm, void *data, struct drm_file *file);

#endif /* __WSE_JOB_H__ */
