/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Contexts: a file's claim on part of the fabric, and the order in which
 * its jobs reach the device.
 */
#ifndef __WSE_CTX_H__
#define __WSE_CTX_H__

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

struct drm_device;
struct drm_file;
struct wse_device;
struct wse_file_priv;
struct wse_job;
struct wse_ring;

/*
 * A fabric reservation: PEs [x, x + w) x [y, y + h), and in each of them
 * SRAM bytes [off, off + span). Placed by wse_resv_place().
 */
struct wse_resv {
	struct list_head link;		/* in wse_fabric.list while placed */
	u32 x, y, w, h;
	u32 off, span;
};

int wse_resv_place(struct wse_device *wdev, struct wse_resv *resv,
		   u32 w, u32 h, u32 bytes);
void wse_resv_release(struct wse_device *wdev, struct wse_resv *resv);

/* How a finished job went, as DRM_IOCTL_WSE_WAIT reports it. */
struct wse_job_result {
	u64 seqno;
	u32 status;
	u32 failed_cmd;
	u64 time_ns;
};

/* Outcomes kept in full per context; older failures are kept apart. */
#define WSE_CTX_RESULTS		512
#define WSE_CTX_FAILED_MAX	1024

/* Jobs a context may have submitted and not yet retired. */
#define WSE_CTX_MAX_JOBS	1024

struct wse_ctx {
	struct kref ref;
	struct wse_device *wdev;
	struct wse_ring *ring;		/* every job of the context runs here */
	u32 id;				/* in the file */
	u32 serial;			/* device-wide, echoed in hw commands */
	struct wse_file_priv *fpriv;	/* owner; outlives the context's jobs */
	pid_t pid;			/* creator's thread group, for debugfs */
	struct list_head dev_link;	/* in wse_device.ctx_list */

	struct wse_resv resv;
	u32 sram_bytes;			/* as asked for; commands must fit */
	u64 fence_context;

	/*
	 * @lock orders submission: it protects everything below, and jobs
	 * reach the ring in list order under it. Taken before ring->lock.
	 */
	struct mutex lock;
	bool closed;			/* destroyed: no more jobs */
	bool guilty;			/* a job of it hung: no more jobs */
	u64 last_seqno;			/* last seqno handed out */
	unsigned int njobs;		/* submitted, not yet retired */
	unsigned int on_ring;		/* handed to the ring, not retired */
	bool barrier;			/* an exclusive job is on the ring */
	struct list_head waiting;	/* not on the ring yet, in seqno order */
	struct xarray pending;		/* seqno -> struct wse_job, until retired */
	struct wse_job_result *results;	/* WSE_CTX_RESULTS, by seqno */
	struct xarray failed;		/* seqno -> result, older failures */
	unsigned int nfailed;
	wait_queue_head_t retire_wq;	/* woken whenever a job retires */
	struct work_struct kick_work;	/* wse_ctx_kick() off the fence path */
};

/* Is a rectangle, relative to the context, inside its reservation? */
static inline bool wse_ctx_rect_ok(const struct wse_ctx *ctx, u32 x, u32 y,
				   u32 w, u32 h)
{
	return x + w <= ctx->resv.w && y + h <= ctx->resv.h;
}

/* Is a byte range of each PE, relative to the context, inside its range? */
static inline bool wse_ctx_bytes_ok(const struct wse_ctx *ctx, u32 off,
				    u64 len)
{
	return off <= ctx->sram_bytes && len <= ctx->sram_bytes - off;
}

struct wse_ctx *wse_ctx_lookup(struct wse_file_priv *fpriv, u32 id);
void wse_ctx_put(struct wse_ctx *ctx);
void wse_ctx_kick_locked(struct wse_ctx *ctx);
void wse_ctx_retire(struct wse_ctx *ctx, struct wse_job *job);
void wse_ctx_result(struct wse_ctx *ctx, u64 seqno,
		    struct wse_job_result *res);
void wse_ctx_close_file(struct wse_file_priv *fpriv);
void wse_ctx_abort_all(struct wse_device *wdev);
void wse_ctx_set_guilty(struct wse_ctx *ctx);

int wse_ctx_create_ioctl(struct drm_device *drm, void *data,
			 struct drm_file *file);
int wse_ctx_destroy_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file);

#endif /* __WSE_CTX_H__ */
