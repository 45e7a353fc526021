// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command queues the driver owns.
 *
 * At probe the driver enables a few device queues (WSE_RINGS_MAX, fewer if
 * the device or the MSI-X vectors run short), each with its own completion
 * vector, and assigns contexts to them round-robin. A ring's SQ and CQ are
 * coherent DMA memory of the same depth; the driver keeps at most depth - 1
 * commands outstanding (written, completion not yet read), so the device
 * never finds the CQ full.
 *
 * Jobs whose turn has come sit on the ring's ready list. Their commands
 * are copied into the SQ as far as there is room, under the ring's lock,
 * and the SQ doorbell is written once per batch. As completions free
 * slots, the interrupt handler pushes more, so a job larger than the ring
 * simply streams through it, and submitters never wait for ring space.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/slab.h>

#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_hw.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_hw.h"
#include "wse_job.h"
#include "wse_reset.h"
#include "wse_ring.h"

static void wse_qreg_write(struct wse_ring *ring, u32 reg, u32 val)
{
	wse_reg_write(&ring->wdev->hw, WSE_QUEUE_REGS(ring->index) + reg, val);
}

static u32 wse_qreg_read(struct wse_ring *ring, u32 reg)
{
	return wse_reg_read(&ring->wdev->hw, WSE_QUEUE_REGS(ring->index) + reg);
}

/**
 * wse_ring_feed_locked() - copy commands of ready jobs into free SQ slots
 * @ring: the ring, its lock held
 *
 * Return: whether anything was pushed (and the doorbell rung).
 */
bool wse_ring_feed_locked(struct wse_ring *ring)
{
	u32 room = ring->depth - 1 - ring->inflight;
	bool pushed = false;
	struct wse_job *job;

	lockdep_assert_held(&ring->lock);
	/* A ring that lost track of a command waits for the recovery. */
	if (ring->stopped || ring->hold == WSE_RING_HALTED || ring->bad_cqe)
		return false;

	while (room && !list_empty(&ring->ready)) {
		job = list_first_entry(&ring->ready, struct wse_job, link);
		/* Paused: finish the job that has started, start no other. */
		if (ring->hold == WSE_RING_PAUSED && !job->pushed)
			break;
		for (; room && job->pushed < job->nr_hw; room--) {
			u32 slot = ring->sq_tail;

			ring->sq[slot] = job->hw[job->pushed];
			ring->sq[slot].tag = cpu_to_le64(slot);
			ring->slot_job[slot] = job;
			ring->slot_cmd[slot] = job->pushed++;
			ring->sq_tail = (slot + 1) & (ring->depth - 1);
			ring->inflight++;
			pushed = true;
		}
		if (job->pushed == job->nr_hw)
			list_del_init(&job->link);
	}
	/* writel() orders the SQ writes above before the doorbell. */
	if (pushed)
		wse_reg_write(&ring->wdev->hw, WSE_DOORBELL_SQ_TAIL(ring->index),
			      ring->sq_tail);
	return pushed;
}

/**
 * wse_ring_queue_job() - a job's turn has come: queue it on @ring
 * @ring: the ring of the job's context
 * @job: the job, off its context's waiting list
 *
 * Called under the context's lock, which keeps the context's jobs in
 * order. A stopped ring fails the job instead: ABORTED when the device is
 * going away, LOST while it is wedged. A ring held by a recovery keeps
 * the job until it resumes.
 */
void wse_ring_queue_job(struct wse_ring *ring, struct wse_job *job)
{
	unsigned long flags;
	u32 status;
	int error;

	spin_lock_irqsave(&ring->lock, flags);
	if (ring->stopped) {
		status = ring->stop_status;
		error = ring->stop_error;
		spin_unlock_irqrestore(&ring->lock, flags);
		wse_job_fail(job, status, error);
		return;
	}
	job->state = WSE_JOB_QUEUED;
	list_add_tail(&job->link, &ring->ready);
	wse_ring_feed_locked(ring);
	spin_unlock_irqrestore(&ring->lock, flags);
}

/**
 * wse_ring_retire_locked() - account for one completion record
 * @ring: the ring, its lock held
 * @tag: the record's tag, which is the SQ slot of its command
 * @status: WSE_STS_* of the command
 * @time_ns: the command's device time
 * @done: jobs that this completes are added here, for the caller to
 *	complete once the lock is dropped
 *
 * The first failing command decides the job's status; commands of the job
 * not pushed yet are dropped then, since the job has failed anyway.
 *
 * A record whose tag names no command in flight means the device (or the
 * path to it) is broken, and the command the record was for will never
 * be accounted for: the watchdog is told to recover the device.
 */
static void wse_ring_retire_locked(struct wse_ring *ring, u64 tag, u32 status,
				   u64 time_ns, struct list_head *done)
{
	struct wse_job *job;
	u32 slot = (u32)tag;

	lockdep_assert_held(&ring->lock);
	if (tag >= ring->depth || !ring->slot_job[slot]) {
		drm_err_ratelimited(&ring->wdev->drm,
				    "queue %u: completion for unknown tag %#llx\n",
				    ring->index, tag);
		ring->bad_cqe = true;
		wse_tdr_kick(ring->wdev);
		return;
	}
	job = ring->slot_job[slot];
	ring->slot_job[slot] = NULL;
	ring->inflight--;
	ring->completed++;

	job->time_ns += time_ns;
	if (status != WSE_STS_SUCCESS && !job->status) {
		job->status = status;
		job->failed_cmd = job->hw_src[ring->slot_cmd[slot]];
		if (job->pushed < job->nr_hw) {
			job->nr_hw = job->pushed;
			list_del_init(&job->link);
		}
	}
	if (++job->done == job->nr_hw && job->state != WSE_JOB_DONE) {
		job->state = WSE_JOB_DONE;
		list_add_tail(&job->done_link, done);
	}
}

/**
 * wse_ring_reap_locked() - consume every completion record the device posted
 * @ring: the ring, its lock held
 * @done: jobs that finished are added here
 *
 * Return: the number of records consumed; the caller releases them with
 * a CQ head doorbell if the queue still runs.
 */
u32 wse_ring_reap_locked(struct wse_ring *ring, struct list_head *done)
{
	struct wse_hw_cqe *cqe;
	u32 n = 0;

	lockdep_assert_held(&ring->lock);
	while (n < ring->depth) {
		cqe = &ring->cq[ring->cq_head];
		if (!!(le16_to_cpu(READ_ONCE(cqe->flags)) & WSE_CQE_F_PHASE) !=
		    ring->phase)
			break;
		/* The rest of the record is only valid once the phase is. */
		dma_rmb();
		wse_ring_retire_locked(ring, le64_to_cpu(cqe->tag),
				       le32_to_cpu(cqe->status),
				       le64_to_cpu(cqe->device_time_ns), done);
		if (++ring->cq_head == ring->depth) {
			ring->cq_head = 0;
			ring->phase = !ring->phase;
		}
		n++;
	}
	return n;
}

/* Tell the world about jobs a ring finished; no ring lock held. */
void wse_ring_complete_list(struct list_head *done)
{
	struct wse_job *job, *tmp;

	list_for_each_entry_safe(job, tmp, done, done_link)
		wse_job_complete(job);
}

/*
 * The @i-th SQ slot counting from the oldest one that can still hold a
 * command in flight. Every slot whose command is in flight names its job,
 * all others are NULL; walking the whole ring from here, rather than the
 * last @inflight slots, also finds a command whose completion record came
 * back with a corrupt tag (its slot is older than later completions').
 */
static u32 wse_ring_oldest_slot(const struct wse_ring *ring, u32 i)
{
	return (ring->sq_tail + 1 + i) & (ring->depth - 1);
}

/*
 * Finish a job the ring still has, with @status unless a command of it
 * failed already; ring lock held. Its commands not pushed yet go too.
 */
static void wse_ring_fail_job(struct wse_job *job, u32 status, int error,
			      struct list_head *done)
{
	if (job->state == WSE_JOB_DONE)
		return;
	if (!list_empty(&job->link))
		list_del_init(&job->link);
	job->state = WSE_JOB_DONE;
	if (!job->status) {
		job->status = status;
		/* Commands complete in order: the first not done failed. */
		job->failed_cmd = job->hw_src[min(job->done, job->nr_hw - 1)];
	}
	job->error = error;
	list_add_tail(&job->done_link, done);
}

static void wse_ring_abort_job(struct wse_job *job, int error,
			       struct list_head *done)
{
	wse_ring_fail_job(job, DRM_WSE_JOB_ABORTED, error, done);
}

static int wse_ring_enable(struct wse_ring *ring)
{
	u32 sts;

	wse_qreg_write(ring, WSE_QREG_CONTROL, 0);
	wse_qreg_write(ring, WSE_QREG_SQ_BASE_LO, lower_32_bits(ring->sq_dma));
	wse_qreg_write(ring, WSE_QREG_SQ_BASE_HI, upper_32_bits(ring->sq_dma));
	wse_qreg_write(ring, WSE_QREG_CQ_BASE_LO, lower_32_bits(ring->cq_dma));
	wse_qreg_write(ring, WSE_QREG_CQ_BASE_HI, upper_32_bits(ring->cq_dma));
	wse_qreg_write(ring, WSE_QREG_DEPTH, ring->depth);
	wse_qreg_write(ring, WSE_QREG_MSIX_VECTOR, ring->vector);
	wse_qreg_write(ring, WSE_QREG_CONTROL, WSE_QCTL_ENABLE);

	sts = wse_qreg_read(ring, WSE_QREG_STATUS);
	if (!(sts & WSE_QSTS_ENABLED) || (sts & WSE_QSTS_ERROR)) {
		drm_err(&ring->wdev->drm,
			"queue %u refused its configuration: status %#x, error %u\n",
			ring->index, sts, wse_qreg_read(ring, WSE_QREG_ERROR));
		return -EIO;
	}
	return 0;
}

/*
 * Disable the queue; the device drops what it has not completed. Wait
 * (briefly) for it to say so, so no DMA into ring or job memory follows.
 */
static void wse_ring_disable(struct wse_ring *ring)
{
	int i;

	wse_qreg_write(ring, WSE_QREG_CONTROL, 0);
	for (i = 0; i < 100; i++) {
		u32 sts = wse_qreg_read(ring, WSE_QREG_STATUS);

		if (sts == ~0u || !(sts & WSE_QSTS_ENABLED))
			return;
		usleep_range(100, 200);
	}
	drm_warn(&ring->wdev->drm, "queue %u did not stop\n", ring->index);
}

/*
 * Stop a ring for good: disable the queue, free its interrupt, and abort
 * every job it still has with @error.
 */
static void wse_ring_stop(struct wse_ring *ring, int error)
{
	struct wse_job *job, *tmp;
	LIST_HEAD(done);
	u32 i, slot;

	/* No more doorbells from here on, not even from the handler. */
	spin_lock_irq(&ring->lock);
	ring->stopped = true;
	spin_unlock_irq(&ring->lock);
	wse_ring_disable(ring);
	wse_irq_ring_free(ring);

	spin_lock_irq(&ring->lock);
	ring->stop_status = DRM_WSE_JOB_ABORTED;
	ring->stop_error = error;
	/* Oldest first, so each context's fences signal in order. */
	for (i = 0; i < ring->depth; i++) {
		slot = wse_ring_oldest_slot(ring, i);
		job = ring->slot_job[slot];
		ring->slot_job[slot] = NULL;
		if (job)
			wse_ring_abort_job(job, error, &done);
	}
	ring->inflight = 0;
	list_for_each_entry_safe(job, tmp, &ring->ready, link)
		wse_ring_abort_job(job, error, &done);
	spin_unlock_irq(&ring->lock);

	wse_ring_complete_list(&done);
}

/* Set how far the ring feeds the device; see enum wse_ring_hold. */
void wse_ring_set_hold(struct wse_ring *ring, enum wse_ring_hold hold)
{
	spin_lock_irq(&ring->lock);
	ring->hold = hold;
	spin_unlock_irq(&ring->lock);
}

/* Has the device completed every command the ring pushed? */
bool wse_ring_idle(struct wse_ring *ring)
{
	bool idle;

	spin_lock_irq(&ring->lock);
	idle = !ring->inflight;
	spin_unlock_irq(&ring->lock);
	return idle;
}

/*
 * A running 64-bit counter of the queue, read as the spec says (_HI, _LO,
 * _HI until _HI holds still); all-ones when the device is gone.
 */
u64 wse_ring_read_counter(struct wse_ring *ring, u32 reg_lo)
{
	u32 hi, lo, again, tries = 3;

	hi = wse_qreg_read(ring, reg_lo + 4);
	do {
		lo = wse_qreg_read(ring, reg_lo);
		again = hi;
		hi = wse_qreg_read(ring, reg_lo + 4);
	} while (hi != again && --tries);
	return (u64)hi << 32 | lo;
}

/**
 * wse_ring_quiesce() - recovery: stop the queue and take in what it posted
 * @ring: the ring, HALTED
 * @mmio_ok: whether the device answers; if not, nothing is read from it
 *
 * After this the device no longer reads or writes the ring's memory, and
 * every completion record it posted before it stopped is accounted for.
 */
void wse_ring_quiesce(struct wse_ring *ring, bool mmio_ok)
{
	LIST_HEAD(done);

	if (mmio_ok)
		wse_ring_disable(ring);
	spin_lock_irq(&ring->lock);
	wse_ring_reap_locked(ring, &done);
	spin_unlock_irq(&ring->lock);
	wse_ring_complete_list(&done);
}

/**
 * wse_ring_rewind() - recovery: settle what a quiesced ring held
 * @ring: the ring, its queue disabled
 * @verdict: what happens to the job of the oldest command in flight
 *
 * That job is replayed, failed as guilty (DRM_WSE_JOB_HANG, -ETIMEDOUT)
 * or failed as lost (DRM_WSE_JOB_LOST, -EIO). Every later job with
 * commands in flight had not started (the queue runs in order): it goes
 * back to the head of the ready list, in order, to be pushed again from
 * its first command not completed once the queue runs again. A job a
 * failing command already decided is finished with that status.
 *
 * Return: the guilty job's context, referenced, or NULL.
 */
struct wse_ctx *wse_ring_rewind(struct wse_ring *ring,
				enum wse_ring_verdict verdict)
{
	struct wse_job *job, *prev = NULL;
	struct wse_ctx *guilty = NULL;
	bool oldest = true;
	LIST_HEAD(replay);
	LIST_HEAD(done);
	u32 i, slot;

	spin_lock_irq(&ring->lock);
	for (i = 0; i < ring->depth; i++) {
		slot = wse_ring_oldest_slot(ring, i);
		job = ring->slot_job[slot];
		ring->slot_job[slot] = NULL;
		/* A job's commands sit in consecutive slots. */
		if (!job || job == prev || job->state == WSE_JOB_DONE)
			continue;
		prev = job;
		if (oldest && verdict == WSE_VERDICT_HANG) {
			wse_ring_fail_job(job, DRM_WSE_JOB_HANG, -ETIMEDOUT,
					  &done);
			guilty = job->ctx;
			kref_get(&guilty->ref);
		} else if (oldest && verdict == WSE_VERDICT_LOST) {
			wse_ring_fail_job(job, DRM_WSE_JOB_LOST, -EIO, &done);
		} else if (job->status) {
			wse_ring_fail_job(job, job->status, -EIO, &done);
		} else {
			if (!list_empty(&job->link))
				list_del_init(&job->link);
			job->pushed = job->done;
			list_add_tail(&job->link, &replay);
		}
		oldest = false;
	}
	ring->inflight = 0;
	ring->bad_cqe = false;
	list_splice(&replay, &ring->ready);
	spin_unlock_irq(&ring->lock);

	wse_ring_complete_list(&done);
	return guilty;
}

/* Recovery: a guilty context's jobs on the ring are cancelled. */
void wse_ring_cancel_ctx(struct wse_ring *ring, struct wse_ctx *ctx)
{
	struct wse_job *job, *tmp;
	LIST_HEAD(done);

	spin_lock_irq(&ring->lock);
	list_for_each_entry_safe(job, tmp, &ring->ready, link)
		if (job->ctx == ctx)
			wse_ring_fail_job(job, DRM_WSE_JOB_CANCELED,
					  -ECANCELED, &done);
	spin_unlock_irq(&ring->lock);
	wse_ring_complete_list(&done);
}

/**
 * wse_ring_wedge() - the device did not come back: fail what the ring has
 * @ring: the ring, quiesced and rewound (nothing in flight)
 *
 * Every job it holds, and every job that reaches it until a recovery
 * succeeds, fails with DRM_WSE_JOB_LOST and -EIO. Its interrupt stays
 * requested, so a later recovery can simply enable the queue again.
 */
void wse_ring_wedge(struct wse_ring *ring)
{
	struct wse_job *job, *tmp;
	LIST_HEAD(done);

	spin_lock_irq(&ring->lock);
	ring->stopped = true;
	ring->stop_status = DRM_WSE_JOB_LOST;
	ring->stop_error = -EIO;
	WARN_ON(ring->inflight);
	list_for_each_entry_safe(job, tmp, &ring->ready, link)
		wse_ring_fail_job(job, DRM_WSE_JOB_LOST, -EIO, &done);
	spin_unlock_irq(&ring->lock);
	wse_ring_complete_list(&done);
}

static void wse_ring_free(struct wse_ring *ring)
{
	struct device *dev = ring->wdev->drm.dev;

	if (ring->sq)
		dma_free_coherent(dev, ring->depth * sizeof(*ring->sq),
				  ring->sq, ring->sq_dma);
	if (ring->cq)
		dma_free_coherent(dev, ring->depth * sizeof(*ring->cq),
				  ring->cq, ring->cq_dma);
	kfree(ring->slot_job);
	kfree(ring->slot_cmd);
	ring->sq = NULL;
	ring->cq = NULL;
	ring->slot_job = NULL;
	ring->slot_cmd = NULL;
}

static int wse_ring_init(struct wse_device *wdev, struct wse_ring *ring,
			 u32 index, u32 depth)
{
	struct device *dev = wdev->drm.dev;
	int ret;

	ring->wdev = wdev;
	ring->index = index;
	ring->vector = index + 1;	/* vector 0 stays with device events */
	ring->irq = -1;
	ring->depth = depth;
	ring->phase = true;		/* the device's first pass writes 1 */
	spin_lock_init(&ring->lock);
	INIT_LIST_HEAD(&ring->ready);

	ring->sq = dma_alloc_coherent(dev, depth * sizeof(*ring->sq),
				      &ring->sq_dma, GFP_KERNEL);
	ring->cq = dma_alloc_coherent(dev, depth * sizeof(*ring->cq),
				      &ring->cq_dma, GFP_KERNEL);
	ring->slot_job = kcalloc(depth, sizeof(*ring->slot_job), GFP_KERNEL);
	ring->slot_cmd = kcalloc(depth, sizeof(*ring->slot_cmd), GFP_KERNEL);
	if (!ring->sq || !ring->cq || !ring->slot_job || !ring->slot_cmd)
		return -ENOMEM;

	ret = wse_irq_ring_request(ring);
	if (ret)
		return ret;
	return wse_ring_enable(ring);
}

/**
 * wse_rings_init() - set up and enable the driver's queues at probe
 * @wdev: the device, interrupts allocated
 *
 * Return: 0 or a negative error code; on error nothing is left enabled.
 */
int wse_rings_init(struct wse_device *wdev)
{
	const struct wse_hw_info *info = &wdev->hw.info;
	u32 n, depth, i;
	int ret;

	n = min_t(u32, WSE_RINGS_MAX,
		  min_t(u32, info->num_queues, wdev->irq.nvecs - 1));
	depth = min_t(u32, WSE_RING_DEPTH, info->max_queue_depth);
	if (!n || depth < 2) {
		drm_err(&wdev->drm, "no usable queue (%u vectors, depth %u)\n",
			wdev->irq.nvecs, info->max_queue_depth);
		return -ENODEV;
	}
	wdev->sge_max = min_t(u32, info->max_sgl_entries,
			      PAGE_SIZE / sizeof(struct wse_hw_sge));
	if (!wdev->sge_max) {
		drm_err(&wdev->drm, "device takes no SGL entries\n");
		return -ENODEV;
	}

	wdev->sgl_pool = dmam_pool_create("wse-sgl", wdev->drm.dev, PAGE_SIZE,
					  PAGE_SIZE, 0);
	if (!wdev->sgl_pool)
		return -ENOMEM;
	wdev->rings = drmm_kcalloc(&wdev->drm, n, sizeof(*wdev->rings),
				   GFP_KERNEL);
	if (!wdev->rings)
		return -ENOMEM;

	for (i = 0; i < n; i++) {
		/* Counted first, so that fini cleans up a half-made ring. */
		wdev->nr_rings = i + 1;
		ret = wse_ring_init(wdev, &wdev->rings[i], i, depth);
		if (ret) {
			wse_rings_fini(wdev);
			return ret;
		}
	}
	drm_info(&wdev->drm, "%u command queues of %u entries\n", n, depth);
	return 0;
}

/**
 * wse_rings_restart() - enable the queues again after a device reset
 * @wdev: the device, just reset; nothing can be committed (the firmware
 *	lock is held for writing)
 *
 * The reset disabled every queue; nothing is in flight (a firmware load
 * runs with no job active, a recovery rewound the rings first), though a
 * recovery may have jobs waiting on the ready lists. Every ring starts
 * over from slot 0, with the CQ cleared so that no record of the last
 * pass carries the phase the device's first pass will write, and is fed
 * at once.
 *
 * Return: 0, or -EIO if a queue refuses its configuration (the caller
 * then wedges the device).
 */
int wse_rings_restart(struct wse_device *wdev)
{
	struct wse_ring *ring;
	int ret = 0;
	u32 i;

	for (i = 0; i < wdev->nr_rings; i++) {
		ring = &wdev->rings[i];
		spin_lock_irq(&ring->lock);
		WARN_ON(ring->inflight);
		ring->sq_tail = 0;
		ring->cq_head = 0;
		ring->phase = true;
		ring->inflight = 0;
		ring->bad_cqe = false;
		memset(ring->cq, 0, ring->depth * sizeof(*ring->cq));
		ring->stopped = false;
		ring->hold = WSE_RING_HALTED;
		spin_unlock_irq(&ring->lock);

		if (wse_ring_enable(ring)) {
			ret = -EIO;
			continue;
		}
		spin_lock_irq(&ring->lock);
		ring->hold = WSE_RING_RUN;
		wse_ring_feed_locked(ring);
		spin_unlock_irq(&ring->lock);
	}
	return ret;
}

/**
 * wse_rings_fini() - stop every queue, abort what they hold, free them
 * @wdev: the device; at removal it is unplugged already
 *
 * The ring structures stay (contexts still point at them): a job that
 * reaches a stopped ring later is aborted there.
 */
void wse_rings_fini(struct wse_device *wdev)
{
	u32 i;

	for (i = 0; i < wdev->nr_rings; i++) {
		wse_ring_stop(&wdev->rings[i], -ENODEV);
		wse_ring_free(&wdev->rings[i]);
	}
}
