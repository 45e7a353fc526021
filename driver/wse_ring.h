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

/*
 * How far a ring feeds the device while a recovery holds it: RUN feeds
 * everything, PAUSED only finishes the job whose commands have started
 * (so a drain lets started jobs complete whole), HALTED pushes nothing
 * (the queue is disabled or about to be).
 */
enum wse_ring_hold {
	WSE_RING_RUN,
	WSE_RING_PAUSED,
	WSE_RING_HALTED,
};

/* What a recovery does with the job of a ring's oldest command in flight. */
enum wse_ring_verdict {
	WSE_VERDICT_REPLAY,	/* run it again from its first undone command */
	WSE_VERDICT_HANG,	/* it hung: DRM_WSE_JOB_HANG, its context guilty */
	WSE_VERDICT_LOST,	/* it ran when the device failed: DRM_WSE_JOB_LOST */
};

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
	enum wse_ring_hold hold;
	bool bad_cqe;			/* a record named no command in flight */
	u32 stop_status;		/* how jobs reaching a stopped ring fail */
	int stop_error;
	u32 sq_tail;			/* next SQ slot we write */
	u32 cq_head;			/* next CQ record we read */
	bool phase;			/* phase bit of records not yet read */
	u32 inflight;			/* pushed, completion not yet read */
	u64 completed;			/* completion records consumed */
	struct list_head ready;		/* jobs with commands left to push */
	struct wse_job **slot_job;	/* per SQ slot: whose command */
	u32 *slot_cmd;			/* per SQ slot: which of the job's */

	/* Watchdog (wse_tdr.c): device counters when they last moved. */
	u64 tdr_completed;
	u64 tdr_progress;
	unsigned long tdr_stamp;
};

int wse_rings_init(struct wse_device *wdev);
void wse_rings_fini(struct wse_device *wdev);
int wse_rings_restart(struct wse_device *wdev);
void wse_ring_queue_job(struct wse_ring *ring, struct wse_job *job);
bool wse_ring_feed_locked(struct wse_ring *ring);
u32 wse_ring_reap_locked(struct wse_ring *ring, struct list_head *done);
void wse_ring_complete_list(struct list_head *done);

/* Recovery (wse_reset.c) */
void wse_ring_set_hold(struct wse_ring *ring, enum wse_ring_hold hold);
bool wse_ring_idle(struct wse_ring *ring);
void wse_ring_quiesce(struct wse_ring *ring, bool mmio_ok);
struct wse_ctx *wse_ring_rewind(struct wse_ring *ring,
				enum wse_ring_verdict verdict);
void wse_ring_cancel_ctx(struct wse_ring *ring, struct wse_ctx *ctx);
void wse_ring_wedge(struct wse_ring *ring);
u64 wse_ring_read_counter(struct wse_ring *ring, u32 reg_lo);

#endif /* __WSE_RING_H__ */
