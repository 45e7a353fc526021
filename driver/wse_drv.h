/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-device and per-file state of the wse driver.
 */
#ifndef __WSE_DRV_H__
#define __WSE_DRV_H__

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <drm/drm_device.h>
#include <drm/drm_file.h>

#include "wse_hw.h"

#define DRIVER_NAME	"wse"
#define DRIVER_DESC	"Wafer-scale engine accelerator"

struct pci_dev;

/*
 * Interrupt state. Vector 0 carries device events; the other vectors are
 * handed to command queues once queues exist (shared when there are fewer
 * vectors than queues).
 */
struct wse_irq {
	unsigned int nvecs;		/* MSI-X vectors allocated */
	atomic_t events;		/* WSE_EVENT_* seen, not yet consumed */
	wait_queue_head_t event_wq;	/* woken whenever @events changes */
};

struct wse_device {
	struct drm_device drm;
	struct pci_dev *pdev;
	struct wse_hw hw;
	struct wse_irq irq;
};

/* State of one open file of the device node: a context, later on. */
struct wse_file_priv {
	struct wse_device *wdev;
};

static inline struct wse_device *to_wse_device(struct drm_device *drm)
{
	return container_of(drm, struct wse_device, drm);
}

/* wse_irq.c */
int wse_irq_init(struct wse_device *wdev);
void wse_irq_disable(struct wse_device *wdev);

/* wse_query.c */
int wse_query_ioctl(struct drm_device *drm, void *data, struct drm_file *file);

#endif /* __WSE_DRV_H__ */
