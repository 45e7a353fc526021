/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-device and per-file state of the wse driver.
 */
#ifndef __WSE_DRV_H__
#define __WSE_DRV_H__

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <drm/drm_device.h>
#include <drm/drm_file.h>

#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_reset.h"

#define DRIVER_NAME	"wse"
#define DRIVER_DESC	"Wafer-scale engine accelerator"

struct dentry;
struct dma_pool;
struct pci_dev;
struct pci_saved_state;
struct wse_ring;
struct workqueue_struct;

/*
 * Interrupt state. Vector 0 carries device events; vectors 1.. are handed
 * to the command queues the driver enables, one each.
 */
struct wse_irq {
	unsigned int nvecs;		/* MSI-X vectors allocated */
	atomic_t events;		/* WSE_EVENT_* seen, not yet consumed */
	wait_queue_head_t event_wq;	/* woken whenever @events changes */
};

/*
 * The fabric reservations of all contexts. A reservation is a rectangle of
 * PEs plus a byte range that applies to every PE of the rectangle; two
 * reservations may share PEs or bytes, never both.
 */
struct wse_fabric {
	struct mutex lock;		/* protects @list and @count */
	struct list_head list;		/* struct wse_resv, in no order */
	unsigned int count;
};

struct wse_device {
	struct drm_device drm;
	struct pci_dev *pdev;
	struct wse_hw hw;
	struct wse_irq irq;
	struct wse_fabric fabric;
	struct wse_fw fw;
	struct wse_recovery rec;

	/* Command queues the driver owns, see wse_ring.c. */
	struct wse_ring *rings;
	unsigned int nr_rings;
	atomic_t next_ring;		/* round-robin assignment to contexts */
	unsigned int sge_max;		/* SGL entries per device command */
	struct dma_pool *sgl_pool;	/* pages holding SGLs of jobs */

	/* Job clean-up and dependency handling run here. */
	struct workqueue_struct *wq;
	/* Jobs committed and not yet cleaned up; removal waits for none. */
	atomic_t jobs;
	wait_queue_head_t jobs_wq;
	/*
	 * Jobs committed and not yet completed (on a ring or waiting to go
	 * there): a firmware load, which resets the device, needs none.
	 */
	atomic_t active;

	/* Every live context of every file, so removal can reach them. */
	struct mutex ctx_lock;
	struct list_head ctx_list;
	atomic_t ctx_serial;		/* device-wide tag for hw commands */

	/* WSE_REG_TEMP_SELECT and the sensor it selects, read as a pair. */
	struct mutex telemetry_lock;
	struct dentry *debugfs;		/* <debugfs>/wse/<PCI address> */
	/* PCI configuration as probe left it, for slot_reset to restore. */
	struct pci_saved_state *pci_state;
};

/* State of one open file of the device node. */
struct wse_file_priv {
	struct wse_device *wdev;
	struct xarray ctxs;		/* ctx_id -> struct wse_ctx */
	/*
	 * Device time of this file's finished jobs, for fdinfo; added before
	 * a job's fence signals. Closing the file waits for its jobs.
	 */
	atomic64_t busy_ns;
	u64 client_id;			/* fdinfo on kernels whose core lacks it */
	/*
	 * Hangs its contexts were blamed for; at hang_limit the file is
	 * banned: no new context or job (-ECANCELED). Written by recovery.
	 */
	atomic_t hangs;
	bool banned;
};

static inline struct wse_device *to_wse_device(struct drm_device *drm)
{
	return container_of(drm, struct wse_device, drm);
}

/* Did the device fail to come back from a recovery? (wse_reset.c) */
static inline bool wse_dev_wedged(struct wse_device *wdev)
{
	return READ_ONCE(wdev->rec.state) == WSE_DEV_WEDGED;
}

/* wse_irq.c */
int wse_irq_init(struct wse_device *wdev);
void wse_irq_disable(struct wse_device *wdev);
void wse_irq_unmask_events(struct wse_device *wdev);
int wse_irq_ring_request(struct wse_ring *ring);
void wse_irq_ring_free(struct wse_ring *ring);

/* wse_hwmon.c */
int wse_hwmon_init(struct wse_device *wdev);
int wse_telemetry_sensor(struct wse_device *wdev, u32 sensor, s32 *millic);
u32 wse_telemetry_sensors(struct wse_device *wdev);
u64 wse_telemetry_read64(struct wse_device *wdev, u32 reg_lo);

/* wse_debugfs.c */
void wse_debugfs_module_init(void);
void wse_debugfs_module_exit(void);
void wse_debugfs_init(struct wse_device *wdev);
void wse_debugfs_fini(struct wse_device *wdev);

/* wse_query.c */
int wse_query_ioctl(struct drm_device *drm, void *data, struct drm_file *file);

#endif /* __WSE_DRV_H__ */
