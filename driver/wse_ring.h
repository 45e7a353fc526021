/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device command queues the driver owns: a submission ring and a
 * completion ring in coherent DMA memory per queue, fed from the jobs of
 * the contexts assigned to it.
 */
#ifndef __WSE_RING_H__
#define __WSE_RING_H__

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <uapi/wse_hw.h>

struct wse_device;
struct wse_job;

/* Queues enabled at probe (fewer if the device has fewer or vectors lack). */
#define WSE_RINGS_MAX		4
/* Entries per queue; the device's maximum caps it. */
#define WSE_RING_DEPTH		512

struct wse_ring {
	struct wse_device *wdev;
	u32 index;			/* device queue number */
	u32 vector;			/* its MSI-X vector */
	int irq;			/* Linux IRQ, or -1 when not requested */
	char irq_name[16];
	u32 depth;			/* power of two */

	struct wse_hw_cmd *sq;
	dma_addr_t sq_dma;
	struct wse_hw_cqe *cq;
	dma_addr_t cq_dma;

	/*
	 * @lock protects everything below. It is taken in the completion
	 * interrupt, so with interrupts off everywhere else; nothing that
	 * sleeps or takes a context's lock runs under it.
	 */
	spinlock_t lock;
	bool stopped;			/* no more commands go to the device */
	u32 sq_tail;			/* next SQ slot we write */
	u32 cq_head;			/* next CQ record we read */
	bool phase;			/* phase bit of records not yet read */
	u32 inflight;			/* pushed, completion not yet read */
	u64 completed;			/* completion records consumed */
	struct list_head ready;		/* jobs with commands left to push */
	struct wse_job **slot_job;	/* per SQ slot: whose command */
	u32 *slot_cmd;			/* per SQ slot: which of the job's */
};

int wse_rings_init(struct wse_device *wdev);
void wse_rings_fini(struct wse_device *wdev);
int wse_rings_restart(struct wse_device *wdev);
void wse_ring_queue_job(struct wse_ring *ring, struct wse_job *job);
bool wse_ring_feed_locked(struct wse_ring *ring);
void wse_ring_retire_locked(struct wse_ring *ring, u32 slot, u32 status,
			    u64 time_ns, struct list_head *done);

#endif /* __WSE_RING_H__ */
