/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hang detection and device recovery: the watchdog (wse_tdr.c), the
 * recovery itself (wse_reset.c) and the PCI reset and error callbacks
 * (wse_pci_err.c).
 */
#ifndef __WSE_RESET_H__
#define __WSE_RESET_H__

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct wse_ctx;
struct wse_device;

/* What the device is doing, as sysfs `state` shows it. */
enum wse_dev_state {
	WSE_DEV_OK,
	WSE_DEV_RECOVERING,	/* a recovery holds the device */
	WSE_DEV_WEDGED,		/* it did not come back; `recover` retries */
};

/*
 * Why a recovery ran; the names are the uevent's WSE_REASON and sysfs
 * `last_reset`. The first group is what the watchdog finds (and counts
 * in `hangs`), the second what someone asks for.
 */
enum wse_reset_reason {
	WSE_RESET_NONE,
	WSE_RESET_HANG,		/* a queue made no progress: its job is guilty */
	WSE_RESET_FW_CRASH,	/* firmware reports it crashed */
	WSE_RESET_HEARTBEAT,	/* firmware says READY but stopped counting */
	WSE_RESET_FATAL,	/* STATUS_FATAL, the FATAL event, a queue error */
	WSE_RESET_CQE,		/* a completion named no command of ours */
	WSE_RESET_LOST,		/* registers read all-ones */
	WSE_RESET_REQUEST,	/* sysfs `recover` */
	WSE_RESET_FLR,		/* function reset through the PCI core */
	WSE_RESET_AER,		/* PCIe error recovery */
	WSE_RESET_NR
};

struct wse_recovery {
	/*
	 * @lock serialises recoveries and orders them against removal; it
	 * is taken before the firmware lock, which a recovery holds for
	 * writing so that no job is committed and no firmware loaded while
	 * the device is down. Between the PCI core's reset_prepare and
	 * reset_done both stay held (@flr_held).
	 */
	struct mutex lock;
	enum wse_dev_state state;	/* written under both locks */
	bool started;			/* the watchdog runs (under @req_lock) */
	bool stopping;			/* removal: no more recoveries */
	bool flr_held;
	bool want_fw;			/* firmware ran when the device wedged */
	enum wse_reset_reason last;	/* of the last recovery */
	enum wse_reset_reason cur;	/* of the one running */
	pid_t guilty_pid;		/* of the one running, 0 for nobody */
	atomic_t hangs;			/* failures the watchdog found */
	atomic_t count;			/* recoveries since probe */

	/* Recovery the watchdog asks for runs here, one at a time. */
	struct workqueue_struct *wq;
	struct work_struct work;
	spinlock_t req_lock;		/* protects the two below, and arming */
	enum wse_reset_reason req_reason;
	int req_ring;			/* guilty queue of a HANG/CQE, or -1 */

	/* Watchdog state (wse_tdr.c); only the watchdog touches it. */
	struct delayed_work tdr;
	u32 hb_last;
	unsigned long hb_stamp;		/* jiffies the heartbeat last moved */
	bool aer_pending;		/* PCIe error: rings held until slot_reset */
	unsigned long aer_stamp;

	/* Woken when a paused ring retires a command (drain). */
	wait_queue_head_t drain_wq;
};

/* wse_reset.c */
int wse_reset_init(struct wse_device *wdev);
void wse_reset_fini(struct wse_device *wdev);
int wse_recover(struct wse_device *wdev, enum wse_reset_reason reason,
		int ring);
void wse_recover_async(struct wse_device *wdev, enum wse_reset_reason reason,
		       int ring);
void wse_reset_prepare(struct wse_device *wdev, enum wse_reset_reason reason);
int wse_reset_done(struct wse_device *wdev);
void wse_reset_hold_rings(struct wse_device *wdev);
void wse_reset_wedge_now(struct wse_device *wdev);
const char *wse_reset_reason_name(enum wse_reset_reason reason);
const char *wse_dev_state_name(struct wse_device *wdev);

/* wse_tdr.c */
extern unsigned int wse_job_timeout_ms;
extern unsigned int wse_hang_limit;
void wse_tdr_init(struct wse_device *wdev);
void wse_tdr_start(struct wse_device *wdev);
void wse_tdr_kick(struct wse_device *wdev);
void wse_tdr_rebase(struct wse_device *wdev);
bool wse_tdr_ring_stalled(struct wse_device *wdev, unsigned int i,
			  unsigned int timeout_ms);

/* wse_pci_err.c */
extern const struct pci_error_handlers wse_pci_err_handlers;
int wse_pci_state_keep(struct wse_device *wdev);

#endif /* __WSE_RESET_H__ */
