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

#include "wse_drv.h"
#include "wse_hw.h"
#include "wse_job.h"
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
	if (ring->stopped)
		return false;

	while (room && !list_empty(&ring->ready)) {
		job = list_first_entry(&ring->ready, struct wse_job, link);
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
 * order. A stopped ring (device going away) aborts the job instead.
 */
void wse_ring_queue_job(struct wse_ring *ring, struct wse_job *job)
{
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	if (ring->stopped) {
		spin_unlock_irqrestore(&ring->lock, flags);
		wse_job_abort(job, -ENODEV);
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
 * @slot: the record's tag, which is the SQ slot of its command
 * @status: WSE_STS_* of the command
 * @time_ns: the command's device time
 * @done: jobs that this completes are added here, for the caller to
 *	complete once the lock is dropped
 *
 * The first failing command decides the job's status; commands of the job
 * not pushed yet are dropped then, since the job has failed anyway.
 */
void wse_ring_retire_locked(struct wse_ring *ring, u32 slot, u32 status,
			    u64 time_ns, struct list_head *done)
{
	struct wse_job *job;

	lockdep_assert_held(&ring->lock);
	if (slot >= ring->depth || !ring->slot_job[slot]) {
		drm_err_ratelimited(&ring->wdev->drm,
				    "queue %u: completion for unknown tag %u\n",
				    ring->index, slot);
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

/* Abort a job the ring still has; ring lock held. */
static void wse_ring_abort_job(struct wse_job *job, int error,
			       struct list_head *done)
{
	if (job->state == WSE_JOB_DONE)
		return;
	job->state = WSE_JOB_DONE;
	if (!job->status) {
		job->status = DRM_WSE_JOB_ABORTED;
		/* Commands complete in order: the first not done failed. */
		job->failed_cmd = job->hw_src[job->done];
	}
	job->error = error;
	list_add_tail(&job->done_link, done);
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
	/* Oldest first, so each context's fences signal in order. */
	for (i = 0; i < ring->inflight; i++) {
		slot = (ring->sq_tail - ring->inflight + i) & (ring->depth - 1);
		job = ring->slot_job[slot];
		ring->slot_job[slot] = NULL;
		if (job)
			wse_ring_abort_job(job, error, &done);
	}
	ring->inflight = 0;
	list_for_each_entry_safe(job, tmp, &ring->ready, link) {
		list_del_init(&job->link);
		wse_ring_abort_job(job, error, &done);
	}
	spin_unlock_irq(&ring->lock);

	list_for_each_entry_safe(job, tmp, &done, done_link)
		wse_job_complete(job);
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
 * @wdev: the device, just reset; no job active and none can be committed
 *	(the firmware lock is held for writing)
 *
 * The reset disabled every queue without completing anything; with no job
 * active there was nothing in them. Both rings start over from slot 0, and
 * the CQ is cleared so that no record of the last pass carries the phase
 * the device's first pass will write.
 *
 * Return: 0, or -EIO if a queue refuses its configuration (it then stays
 * stopped, and jobs of its contexts are aborted).
 */
int wse_rings_restart(struct wse_device *wdev)
{
	struct wse_ring *ring;
	int ret = 0;
	u32 i;

	for (i = 0; i < wdev->nr_rings; i++) {
		ring = &wdev->rings[i];
		spin_lock_irq(&ring->lock);
		WARN_ON(ring->inflight || !list_empty(&ring->ready));
		ring->sq_tail = 0;
		ring->cq_head = 0;
		ring->phase = true;
		ring->inflight = 0;
		memset(ring->cq, 0, ring->depth * sizeof(*ring->cq));
		ring->stopped = false;
		spin_unlock_irq(&ring->lock);

		if (wse_ring_enable(ring)) {
			spin_lock_irq(&ring->lock);
			ring->stopped = true;
			spin_unlock_irq(&ring->lock);
			ret = -EIO;
		}
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
