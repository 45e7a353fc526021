// SPDX-License-Identifier: GPL-2.0-only
/*
 * The watchdog: notice that the device failed, and start a recovery.
 *
 * A delayed work item looks at the device every WSE_TDR_TICK_MS while
 * anything is outstanding or firmware runs (less often otherwise), and
 * at once when the interrupt handlers report a failure. It finds
 *
 *   - STATUS reading all-ones: the device is gone from the bus (lost);
 *   - firmware in CRASHED, STATUS_FATAL or the FATAL event: fatal
 *     (fw-crash when ERROR_CODE says so), and a queue stopped on an error;
 *   - a heartbeat that has not moved for heartbeat_timeout_ms while
 *     firmware claims to be READY: firmware hang;
 *   - a ring with commands outstanding whose queue's COMPLETED and
 *     PROGRESS counters both stood still for job_timeout_ms: the ring's
 *     oldest job hung. PROGRESS moves while a long command executes, so
 *     a long job on a queue that keeps progressing is never killed;
 *   - a completion record whose tag names no command: a device error.
 *
 * It looks with the firmware lock held for reading, taken without
 * waiting: a firmware load or a recovery holds it for writing, and
 * neither is a hang.
 */
#include <linux/jiffies.h>
#include <linux/moduleparam.h>

#include <drm/drm_print.h>

#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_hw.h"
#include "wse_reset.h"
#include "wse_ring.h"

unsigned int wse_job_timeout_ms = 5000;
module_param_named(job_timeout_ms, wse_job_timeout_ms, uint, 0644);
MODULE_PARM_DESC(job_timeout_ms,
		 "A queue with commands outstanding that makes no progress this long is hung; 0 disables (default 5000)");

static unsigned int wse_heartbeat_timeout_ms = 1000;
module_param_named(heartbeat_timeout_ms, wse_heartbeat_timeout_ms, uint,
		   0644);
MODULE_PARM_DESC(heartbeat_timeout_ms,
		 "Running firmware whose heartbeat stands still this long is hung; 0 disables (default 1000)");

unsigned int wse_hang_limit = 3;
module_param_named(hang_limit, wse_hang_limit, uint, 0644);
MODULE_PARM_DESC(hang_limit,
		 "A file whose contexts hung the device this often may not submit any more; 0 never bans (default 3)");

#define WSE_TDR_TICK_MS		200
#define WSE_TDR_IDLE_TICK_MS	1000
/* A frozen link whose slot_reset never comes is recovered by us. */
#define WSE_TDR_AER_GIVE_UP_MS	30000

static void wse_tdr_arm(struct wse_device *wdev, unsigned int ms)
{
	unsigned long flags;

	spin_lock_irqsave(&wdev->rec.req_lock, flags);
	if (wdev->rec.started && !wdev->rec.stopping)
		mod_delayed_work(wdev->rec.wq, &wdev->rec.tdr,
				 msecs_to_jiffies(ms));
	spin_unlock_irqrestore(&wdev->rec.req_lock, flags);
}

/**
 * wse_tdr_kick() - have the watchdog look now
 * @wdev: the device
 *
 * Any context, hard interrupts included.
 */
void wse_tdr_kick(struct wse_device *wdev)
{
	wse_tdr_arm(wdev, 0);
}

/**
 * wse_tdr_ring_stalled() - has a ring with commands outstanding stood still?
 * @wdev: the device, firmware lock held (either way)
 * @i: the ring
 * @timeout_ms: how long standing still counts as stalled
 */
bool wse_tdr_ring_stalled(struct wse_device *wdev, unsigned int i,
			  unsigned int timeout_ms)
{
	struct wse_ring *ring = &wdev->rings[i];
	u64 completed, progress;

	if (wse_ring_idle(ring)) {
		ring->tdr_stamp = jiffies;
		return false;
	}
	completed = wse_ring_read_counter(ring, WSE_QREG_COMPLETED_LO);
	progress = wse_ring_read_counter(ring, WSE_QREG_PROGRESS_LO);
	if (completed != ring->tdr_completed ||
	    progress != ring->tdr_progress) {
		ring->tdr_completed = completed;
		ring->tdr_progress = progress;
		ring->tdr_stamp = jiffies;
		return false;
	}
	return time_after(jiffies,
			  ring->tdr_stamp + msecs_to_jiffies(timeout_ms));
}

/**
 * wse_tdr_rebase() - forget what the watchdog saw: the device was reset
 * @wdev: the device, firmware lock held for writing
 */
void wse_tdr_rebase(struct wse_device *wdev)
{
	struct wse_ring *ring;
	u32 i;

	for (i = 0; i < wdev->nr_rings; i++) {
		ring = &wdev->rings[i];
		ring->tdr_completed = wse_ring_read_counter(ring,
							    WSE_QREG_COMPLETED_LO);
		ring->tdr_progress = wse_ring_read_counter(ring,
							   WSE_QREG_PROGRESS_LO);
		ring->tdr_stamp = jiffies;
	}
	wdev->rec.hb_last = wse_reg_read(&wdev->hw, WSE_REG_FW_HEARTBEAT);
	wdev->rec.hb_stamp = jiffies;
}

/* Firmware that says READY must keep its heartbeat going. */
static bool wse_tdr_heartbeat_stopped(struct wse_device *wdev)
{
	unsigned int timeout = READ_ONCE(wse_heartbeat_timeout_ms);
	u32 hb;

	if (!timeout || !wdev->fw.ktab ||
	    wse_reg_read(&wdev->hw, WSE_REG_FW_STATE) != WSE_FW_STATE_READY) {
		wdev->rec.hb_stamp = jiffies;
		return false;
	}
	hb = wse_reg_read(&wdev->hw, WSE_REG_FW_HEARTBEAT);
	if (hb != wdev->rec.hb_last) {
		wdev->rec.hb_last = hb;
		wdev->rec.hb_stamp = jiffies;
		return false;
	}
	return time_after(jiffies,
			  wdev->rec.hb_stamp + msecs_to_jiffies(timeout));
}

/*
 * One look at the device, firmware lock held for reading. Returns why it
 * needs a recovery (and the failing ring in @bad), or WSE_RESET_NONE;
 * @busy says whether to look again soon.
 */
static enum wse_reset_reason wse_tdr_check(struct wse_device *wdev, int *bad,
					   bool *busy)
{
	unsigned int timeout = READ_ONCE(wse_job_timeout_ms);
	struct wse_hw *hw = &wdev->hw;
	u32 status, events, i;
	struct wse_ring *ring;
	bool bad_cqe;

	status = wse_reg_read(hw, WSE_REG_STATUS);
	if (status == ~0u)
		return WSE_RESET_LOST;
	events = atomic_fetch_andnot(WSE_EVENT_FATAL | WSE_EVENT_QUEUE_ERROR,
				     &wdev->irq.events);
	if (wdev->fw.ktab &&
	    wse_reg_read(hw, WSE_REG_FW_STATE) == WSE_FW_STATE_CRASHED)
		return WSE_RESET_FW_CRASH;
	if ((status & WSE_STATUS_FATAL) || (events & WSE_EVENT_FATAL))
		return wse_reg_read(hw, WSE_REG_ERROR_CODE) == WSE_ERR_FW_CRASH ?
		       WSE_RESET_FW_CRASH : WSE_RESET_FATAL;
	*busy = !!wdev->fw.ktab;
	if (wse_tdr_heartbeat_stopped(wdev))
		return WSE_RESET_HEARTBEAT;

	for (i = 0; i < wdev->nr_rings; i++) {
		ring = &wdev->rings[i];
		spin_lock_irq(&ring->lock);
		bad_cqe = ring->bad_cqe;
		if (ring->inflight)
			*busy = true;
		spin_unlock_irq(&ring->lock);
		*bad = i;
		if (bad_cqe)
			return WSE_RESET_CQE;
		if (wse_reg_read(hw, WSE_QUEUE_REGS(i) + WSE_QREG_STATUS) &
		    WSE_QSTS_ERROR)
			return WSE_RESET_FATAL;
		if (timeout && wse_tdr_ring_stalled(wdev, i, timeout))
			return WSE_RESET_HANG;
	}
	*bad = -1;
	return WSE_RESET_NONE;
}

static void wse_tdr_work(struct work_struct *work)
{
	struct wse_device *wdev = container_of(to_delayed_work(work),
					       struct wse_device, rec.tdr);
	enum wse_reset_reason reason = WSE_RESET_NONE;
	bool busy = false;
	int bad = -1;

	if (READ_ONCE(wdev->rec.aer_pending)) {
		if (time_after(jiffies, wdev->rec.aer_stamp +
			       msecs_to_jiffies(WSE_TDR_AER_GIVE_UP_MS)))
			reason = WSE_RESET_AER;
	} else if (down_read_trylock(&wdev->fw.lock)) {
		if (READ_ONCE(wdev->rec.state) == WSE_DEV_OK)
			reason = wse_tdr_check(wdev, &bad, &busy);
		up_read(&wdev->fw.lock);
	} else {
		busy = true;
	}

	if (reason != WSE_RESET_NONE) {
		if (reason == WSE_RESET_HANG)
			drm_err(&wdev->drm,
				"queue %d made no progress for %u ms\n", bad,
				READ_ONCE(wse_job_timeout_ms));
		/* The recovery looks again when it is done. */
		wse_recover_async(wdev, reason, bad);
		return;
	}
	wse_tdr_arm(wdev, busy ? WSE_TDR_TICK_MS : WSE_TDR_IDLE_TICK_MS);
}

void wse_tdr_init(struct wse_device *wdev)
{
	INIT_DELAYED_WORK(&wdev->rec.tdr, wse_tdr_work);
}

/**
 * wse_tdr_start() - start watching, once the device is up and published
 * @wdev: the device
 *
 * Failures reported before (during probe) are found by the first look.
 */
void wse_tdr_start(struct wse_device *wdev)
{
	down_write(&wdev->fw.lock);
	wse_tdr_rebase(wdev);
	up_write(&wdev->fw.lock);
	spin_lock_irq(&wdev->rec.req_lock);
	wdev->rec.started = true;
	spin_unlock_irq(&wdev->rec.req_lock);
	wse_tdr_arm(wdev, WSE_TDR_TICK_MS);
}
