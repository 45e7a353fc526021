// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device recovery: bring a failed (or merely suspect) device back without
 * dropping a single committed job.
 *
 * A recovery holds wse_recovery.lock, then the firmware lock for writing,
 * so that nothing is committed and no firmware is loaded while it runs
 * (SUBMIT waits for it). It then
 *
 *   1. pauses every ring: jobs keep arriving on the ready lists, but no
 *      new job starts (one whose commands have started may finish);
 *   2. drains: after a request, an FLR or a correctable PCIe error,
 *      every ring, for as long as the rings make progress; after a hang
 *      or a bad completion on one ring of a healthy device, the other
 *      rings, for at most job_timeout_ms; after anything fatal, none;
 *   3. halts and disables every queue and takes in its last completions;
 *   4. settles what is still in flight (wse_ring_rewind()): the oldest
 *      job of a hung ring is guilty (DRM_WSE_JOB_HANG, -ETIMEDOUT), the
 *      oldest job of any other ring that still has commands in flight was
 *      executing when the device failed (DRM_WSE_JOB_LOST, -EIO), and
 *      every later job goes back to the ready list in order, to run again
 *      from its first command that did not complete. The guilty context
 *      loses its other jobs (DRM_WSE_JOB_CANCELED, -ECANCELED) and every
 *      later SUBMIT; its file may be banned (wse_ctx_set_guilty());
 *   5. resets the device (fabric SRAM survives a reset, spec 1.1), boots
 *      the firmware image that last ran, if one ran, and enables the
 *      queues again, which start on the rewound jobs at once;
 *   6. if the device does not come back it is wedged: every job it holds,
 *      and every job that reaches a ring later, fails as LOST, SUBMIT and
 *      CTX_CREATE return -EIO, and only another recovery (sysfs
 *      `recover`) can bring it back;
 *   7. says so with a KOBJ_CHANGE uevent on the device node.
 *
 * Every committed job's fence signals, with an error unless it completed.
 */
#include <linux/jiffies.h>
#include <linux/kobject.h>
#include <linux/sched.h>

#include <drm/drm_file.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_hw.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_reset.h"
#include "wse_ring.h"

/* A drain that keeps making progress is still cut off after this long. */
#define WSE_DRAIN_CAP_MS	30000
/* Stall bound of a drain when job_timeout_ms is 0 (detection off). */
#define WSE_DRAIN_STALL_MS	5000

static const char *const wse_reset_reasons[WSE_RESET_NR] = {
	[WSE_RESET_NONE] = "none",
	[WSE_RESET_HANG] = "hang",
	[WSE_RESET_FW_CRASH] = "fw-crash",
	[WSE_RESET_HEARTBEAT] = "heartbeat",
	[WSE_RESET_FATAL] = "fatal",
	[WSE_RESET_CQE] = "cqe",
	[WSE_RESET_LOST] = "lost",
	[WSE_RESET_REQUEST] = "request",
	[WSE_RESET_FLR] = "flr",
	[WSE_RESET_AER] = "aer",
};

const char *wse_reset_reason_name(enum wse_reset_reason reason)
{
	return reason < WSE_RESET_NR ? wse_reset_reasons[reason] : "unknown";
}

/* sysfs `state`: ok, recovering, wedged or no-firmware. */
const char *wse_dev_state_name(struct wse_device *wdev)
{
	switch (READ_ONCE(wdev->rec.state)) {
	case WSE_DEV_RECOVERING:
		return "recovering";
	case WSE_DEV_WEDGED:
		return "wedged";
	default:
		break;
	}
	if (READ_ONCE(wdev->rec.aer_pending))
		return "recovering";
	if (wse_reg_read(&wdev->hw, WSE_REG_FW_STATE) != WSE_FW_STATE_READY)
		return "no-firmware";
	return "ok";
}

/* What one recovery does; see the comment at the top. */
struct wse_reset_plan {
	enum wse_reset_reason reason;
	int ring;		/* the failing queue, or -1 */
	bool graceful;		/* nothing failed: drain every ring */
	bool mmio_ok;		/* the device answers register reads */
};

/* Failures the watchdog found, as opposed to resets someone asked for. */
static bool wse_reset_is_failure(enum wse_reset_reason reason)
{
	return reason != WSE_RESET_REQUEST && reason != WSE_RESET_FLR &&
	       reason != WSE_RESET_AER;
}

static bool wse_reset_drained(struct wse_device *wdev, int skip)
{
	u32 i;

	for (i = 0; i < wdev->nr_rings; i++)
		if ((int)i != skip && !wse_ring_idle(&wdev->rings[i]))
			return false;
	return true;
}

/*
 * Let every ring but @skip complete what it has pushed (the rings are
 * paused, so that is bounded by the ring depth), until they are idle, one
 * makes no progress for @stall_ms, or @cap_ms have passed.
 */
static void wse_reset_drain(struct wse_device *wdev, int skip,
			    unsigned int stall_ms, unsigned int cap_ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(cap_ms);
	u32 i;

	wse_tdr_rebase(wdev);
	while (!wse_reset_drained(wdev, skip)) {
		if (time_after(jiffies, end)) {
			drm_warn(&wdev->drm, "queues did not drain within %u ms\n",
				 cap_ms);
			return;
		}
		wait_event_timeout(wdev->rec.drain_wq,
				   wse_reset_drained(wdev, skip),
				   msecs_to_jiffies(50));
		for (i = 0; i < wdev->nr_rings; i++) {
			if ((int)i == skip ||
			    !wse_tdr_ring_stalled(wdev, i, stall_ms))
				continue;
			drm_warn(&wdev->drm,
				 "queue %u made no progress for %u ms while draining\n",
				 i, stall_ms);
			return;
		}
	}
}

static void wse_reset_set_hold(struct wse_device *wdev,
			       enum wse_ring_hold hold)
{
	u32 i;

	for (i = 0; i < wdev->nr_rings; i++)
		wse_ring_set_hold(&wdev->rings[i], hold);
}

/*
 * Steps 1 to 4: stop the rings and settle every job they hold. Both locks
 * held; the device is RECOVERING from here on.
 */
static void wse_reset_quiesce(struct wse_device *wdev,
			      const struct wse_reset_plan *plan)
{
	unsigned int timeout = READ_ONCE(wse_job_timeout_ms);
	unsigned int stall = timeout ? timeout : WSE_DRAIN_STALL_MS;
	enum wse_ring_verdict verdict;
	struct wse_ctx *guilty;
	u32 i;

	lockdep_assert_held_write(&wdev->fw.lock);
	WRITE_ONCE(wdev->rec.state, WSE_DEV_RECOVERING);
	wdev->rec.cur = plan->reason;
	wdev->rec.guilty_pid = 0;
	if (wse_reset_is_failure(plan->reason))
		atomic_inc(&wdev->rec.hangs);

	wse_reset_set_hold(wdev, WSE_RING_PAUSED);
	if (plan->mmio_ok && plan->graceful)
		wse_reset_drain(wdev, -1, stall, WSE_DRAIN_CAP_MS);
	else if (plan->mmio_ok && plan->ring >= 0 &&
		 (plan->reason == WSE_RESET_HANG ||
		  plan->reason == WSE_RESET_CQE))
		wse_reset_drain(wdev, plan->ring, stall, stall);
	wse_reset_set_hold(wdev, WSE_RING_HALTED);

	for (i = 0; i < wdev->nr_rings; i++)
		wse_ring_quiesce(&wdev->rings[i], plan->mmio_ok);

	/* Oldest first on every ring, so each context's fences keep order. */
	for (i = 0; i < wdev->nr_rings; i++) {
		verdict = plan->reason == WSE_RESET_HANG && (int)i == plan->ring ?
			  WSE_VERDICT_HANG : WSE_VERDICT_LOST;
		guilty = wse_ring_rewind(&wdev->rings[i], verdict);
		if (!guilty)
			continue;
		wdev->rec.guilty_pid = guilty->pid;
		drm_err(&wdev->drm,
			"queue %u hung on a job of context %u (pid %d): context banned from submitting\n",
			i, guilty->serial, guilty->pid);
		wse_ring_cancel_ctx(&wdev->rings[i], guilty);
		wse_ctx_set_guilty(guilty);
		wse_ctx_put(guilty);
	}
}

/* Step 6: fail everything the rings hold, and all that reaches them. */
static void wse_reset_wedge(struct wse_device *wdev, bool had_fw)
{
	u32 i;

	lockdep_assert_held_write(&wdev->fw.lock);
	wse_reset_set_hold(wdev, WSE_RING_HALTED);
	for (i = 0; i < wdev->nr_rings; i++) {
		/* A queue the restart got going may hold commands again. */
		wse_ring_quiesce(&wdev->rings[i],
				 !wse_hw_gone(&wdev->hw));
		wse_ring_rewind(&wdev->rings[i], WSE_VERDICT_LOST);
		wse_ring_wedge(&wdev->rings[i]);
	}
	kvfree(wdev->fw.ktab);
	wdev->fw.ktab = NULL;
	wdev->rec.want_fw = had_fw;
	WRITE_ONCE(wdev->rec.state, WSE_DEV_WEDGED);
	drm_err(&wdev->drm,
		"device did not recover: wedged, jobs fail until a successful recovery (sysfs recover)\n");
}

/* Step 5, or 6: reset, reboot, restart. Both locks held. */
static void wse_reset_restart(struct wse_device *wdev,
			      const struct wse_reset_plan *plan)
{
	/* Firmware runs again if it ran, or ran when the device wedged. */
	bool had_fw = wdev->fw.ktab || wdev->rec.want_fw;
	int ret;

	ret = plan->mmio_ok ? wse_hw_reset(wdev) : -EIO;
	if (!ret && had_fw) {
		ret = wse_fw_reboot(wdev);
		if (ret == -ENOENT) {
			drm_warn(&wdev->drm,
				 "no firmware image kept: running without firmware\n");
			ret = 0;
		}
	}
	if (!ret)
		ret = wse_rings_restart(wdev);

	atomic_andnot(WSE_EVENT_FATAL | WSE_EVENT_QUEUE_ERROR,
		      &wdev->irq.events);
	wdev->rec.last = plan->reason;
	atomic_inc(&wdev->rec.count);
	if (ret) {
		wse_reset_wedge(wdev, had_fw);
		return;
	}
	wdev->rec.want_fw = false;
	wdev->rec.aer_pending = false;
	WRITE_ONCE(wdev->rec.state, WSE_DEV_OK);
	wse_tdr_rebase(wdev);
	drm_info(&wdev->drm, "recovered from %s\n",
		 wse_reset_reason_name(plan->reason));
}

/* Step 7, with no lock held: tell userspace (udev) what happened. */
static void wse_reset_uevent(struct wse_device *wdev,
			     enum wse_reset_reason reason, pid_t pid,
			     bool wedged)
{
#if IS_ENABLED(CONFIG_DRM_ACCEL)
	struct drm_minor *minor = wdev->drm.accel;
#else
	struct drm_minor *minor = wdev->drm.render;
#endif
	char event[] = "WSE_EVENT=reset";
	char why[32], guilty[32], state[32];
	char *envp[5];

	if (!minor || !minor->kdev)
		return;
	envp[0] = event;
	envp[1] = why;
	envp[2] = guilty;
	envp[3] = state;
	envp[4] = NULL;
	snprintf(why, sizeof(why), "WSE_REASON=%s",
		 wse_reset_reason_name(reason));
	snprintf(guilty, sizeof(guilty), "WSE_GUILTY_PID=%d", pid);
	snprintf(state, sizeof(state), "WSE_STATE=%s",
		 wedged ? "wedged" : "ok");
	kobject_uevent_env(&minor->kdev->kobj, KOBJ_CHANGE, envp);
}

static void wse_reset_plan_init(struct wse_device *wdev,
				struct wse_reset_plan *plan,
				enum wse_reset_reason reason, int ring)
{
	plan->reason = reason;
	plan->ring = ring;
	/* After a frozen PCIe link nothing in flight can be trusted. */
	plan->graceful = reason == WSE_RESET_REQUEST ||
			 reason == WSE_RESET_FLR ||
			 (reason == WSE_RESET_AER && !wdev->rec.aer_pending);
	plan->mmio_ok = !wse_hw_gone(&wdev->hw);
}

/* Take both locks; false if the device is going away. */
static bool wse_reset_lock(struct wse_device *wdev)
{
	mutex_lock(&wdev->rec.lock);
	if (READ_ONCE(wdev->rec.stopping)) {
		mutex_unlock(&wdev->rec.lock);
		return false;
	}
	down_write(&wdev->fw.lock);
	return true;
}

/* Drop both locks, tell userspace, and let the watchdog look again. */
static int wse_reset_unlock(struct wse_device *wdev)
{
	enum wse_reset_reason reason = wdev->rec.cur;
	pid_t pid = wdev->rec.guilty_pid;
	bool wedged = wse_dev_wedged(wdev);

	up_write(&wdev->fw.lock);
	mutex_unlock(&wdev->rec.lock);
	wse_reset_uevent(wdev, reason, pid, wedged);
	wse_tdr_kick(wdev);
	return wedged ? -EIO : 0;
}

/**
 * wse_recover() - recover the device, now, in the caller's context
 * @wdev: the device
 * @reason: why; decides what is drained and who is blamed
 * @ring: the queue that failed (HANG, CQE), or -1
 *
 * Return: 0 once the device runs again; -EIO if it is wedged; -ENODEV if
 * it is being removed.
 */
int wse_recover(struct wse_device *wdev, enum wse_reset_reason reason,
		int ring)
{
	struct wse_reset_plan plan;

	if (!wse_reset_lock(wdev))
		return -ENODEV;
	wse_reset_plan_init(wdev, &plan, reason, ring);
	drm_warn(&wdev->drm, "recovering the device: %s%s\n",
		 wse_reset_reason_name(reason),
		 plan.graceful ? " (graceful)" : "");
	wse_reset_quiesce(wdev, &plan);
	wse_reset_restart(wdev, &plan);
	return wse_reset_unlock(wdev);
}

static void wse_recover_work(struct work_struct *work)
{
	struct wse_device *wdev = container_of(work, struct wse_device,
					       rec.work);
	enum wse_reset_reason reason;
	int ring;

	spin_lock_irq(&wdev->rec.req_lock);
	reason = wdev->rec.req_reason;
	ring = wdev->rec.req_ring;
	wdev->rec.req_reason = WSE_RESET_NONE;
	spin_unlock_irq(&wdev->rec.req_lock);

	if (reason != WSE_RESET_NONE)
		wse_recover(wdev, reason, ring);
}

/**
 * wse_recover_async() - have the recovery work recover the device
 * @wdev: the device
 * @reason: why
 * @ring: the queue that failed, or -1
 *
 * A request while one is pending is folded into it: the first reason
 * found is the one that counts.
 */
void wse_recover_async(struct wse_device *wdev, enum wse_reset_reason reason,
		       int ring)
{
	unsigned long flags;

	spin_lock_irqsave(&wdev->rec.req_lock, flags);
	if (!wdev->rec.stopping && wdev->rec.req_reason == WSE_RESET_NONE) {
		wdev->rec.req_reason = reason;
		wdev->rec.req_ring = ring;
		queue_work(wdev->rec.wq, &wdev->rec.work);
	}
	spin_unlock_irqrestore(&wdev->rec.req_lock, flags);
}

/**
 * wse_reset_prepare() - first half of a reset someone else performs (FLR)
 * @wdev: the device
 * @reason: why
 *
 * Drains and stops the rings and keeps both locks until wse_reset_done(),
 * which the PCI core calls from the same thread.
 */
void wse_reset_prepare(struct wse_device *wdev, enum wse_reset_reason reason)
{
	struct wse_reset_plan plan;

	if (!wse_reset_lock(wdev))
		return;
	wse_reset_plan_init(wdev, &plan, reason, -1);
	drm_warn(&wdev->drm, "device reset by the PCI core (%s)\n",
		 wse_reset_reason_name(reason));
	wse_reset_quiesce(wdev, &plan);
	wdev->rec.flr_held = true;
}

/**
 * wse_reset_done() - second half: bring the device back after the reset
 * @wdev: the device, reset by the PCI core, config space restored
 *
 * Return: as wse_recover().
 */
int wse_reset_done(struct wse_device *wdev)
{
	struct wse_reset_plan plan;

	if (!wdev->rec.flr_held)
		return -ENODEV;
	wdev->rec.flr_held = false;
	wse_reset_plan_init(wdev, &plan, wdev->rec.cur, -1);
	wse_reset_restart(wdev, &plan);
	return wse_reset_unlock(wdev);
}

/**
 * wse_reset_hold_rings() - a PCIe error froze the link: push nothing more
 * @wdev: the device
 *
 * The device is not touched; slot_reset recovers it (wse_recover() with
 * WSE_RESET_AER), or the watchdog does if that never comes.
 */
void wse_reset_hold_rings(struct wse_device *wdev)
{
	mutex_lock(&wdev->rec.lock);
	wdev->rec.aer_pending = true;
	wdev->rec.aer_stamp = jiffies;
	wse_reset_set_hold(wdev, WSE_RING_HALTED);
	mutex_unlock(&wdev->rec.lock);
}

/**
 * wse_reset_wedge_now() - the PCI core gave the device up: fail everything
 * @wdev: the device, not to be touched
 */
void wse_reset_wedge_now(struct wse_device *wdev)
{
	struct wse_reset_plan plan = {
		.reason = WSE_RESET_LOST,
		.ring = -1,
	};

	if (!wse_reset_lock(wdev))
		return;
	wse_reset_quiesce(wdev, &plan);
	wse_reset_wedge(wdev, !!wdev->fw.ktab);
	wdev->rec.last = plan.reason;
	wse_reset_unlock(wdev);
}

static void wse_reset_destroy_wq(struct drm_device *drm, void *arg)
{
	destroy_workqueue(arg);
}

int wse_reset_init(struct wse_device *wdev)
{
	struct wse_recovery *rec = &wdev->rec;

	mutex_init(&rec->lock);
	spin_lock_init(&rec->req_lock);
	init_waitqueue_head(&rec->drain_wq);
	INIT_WORK(&rec->work, wse_recover_work);
	wse_tdr_init(wdev);
	rec->state = WSE_DEV_OK;
	rec->req_ring = -1;
	/* Ordered: the watchdog never runs alongside a recovery it asked for. */
	rec->wq = alloc_ordered_workqueue("wse-reset", 0);
	if (!rec->wq)
		return -ENOMEM;
	return drmm_add_action_or_reset(&wdev->drm, wse_reset_destroy_wq,
					rec->wq);
}

/**
 * wse_reset_fini() - removal: no more watchdog, no more recoveries
 * @wdev: the device
 *
 * Waits for a recovery that runs. sysfs `recover` is gone before removal
 * starts, and the PCI core's reset and error callbacks take the device
 * lock that removal holds.
 */
void wse_reset_fini(struct wse_device *wdev)
{
	spin_lock_irq(&wdev->rec.req_lock);
	WRITE_ONCE(wdev->rec.stopping, true);
	spin_unlock_irq(&wdev->rec.req_lock);
	/* A recovery that took the lock before now finishes; later ones bail. */
	mutex_lock(&wdev->rec.lock);
	mutex_unlock(&wdev->rec.lock);
	cancel_work_sync(&wdev->rec.work);
	cancel_delayed_work_sync(&wdev->rec.tdr);
}
