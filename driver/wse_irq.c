// SPDX-License-Identifier: GPL-2.0-only
/*
 * MSI-X vectors and the device event interrupt.
 *
 * Vector WSE_MSIX_VECTOR_EVENTS reports device events (firmware ready or
 * failed, fatal errors, queue errors, reset done). The handler acknowledges
 * them and records them in wse_irq.events for whoever waits on event_wq
 * (the firmware loader and recovery, once they exist).
 */
#include <linux/interrupt.h>
#include <linux/pci.h>

#include <drm/drm_print.h>

#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_hw.h"

#define WSE_EVENTS_ALL	(WSE_EVENT_FW_READY | WSE_EVENT_FW_FAILED | \
			 WSE_EVENT_FATAL | WSE_EVENT_QUEUE_ERROR | \
			 WSE_EVENT_RESET_DONE)

static irqreturn_t wse_irq_events(int irq, void *arg)
{
	struct wse_device *wdev = arg;
	struct wse_hw *hw = &wdev->hw;
	u32 cause = wse_reg_read(hw, WSE_REG_EVENT_CAUSE);

	/* All ones: the device has fallen off the bus; nothing to ack. */
	if (!cause || cause == ~0u)
		return IRQ_NONE;

	wse_reg_write(hw, WSE_REG_EVENT_CAUSE, cause);

	if (cause & WSE_EVENT_FATAL)
		drm_err_ratelimited(&wdev->drm, "fatal device error %u\n",
				    wse_reg_read(hw, WSE_REG_ERROR_CODE));

	atomic_or(cause & WSE_EVENTS_ALL, &wdev->irq.events);
	wake_up_all(&wdev->irq.event_wq);
	return IRQ_HANDLED;
}

/*
 * Vectors and the handler are device-managed: the PCI core frees the
 * vectors of a pcim-enabled device, after devres has freed the handler.
 */
int wse_irq_init(struct wse_device *wdev)
{
	struct pci_dev *pdev = wdev->pdev;
	struct wse_hw *hw = &wdev->hw;
	int nvecs, irq, ret;

	init_waitqueue_head(&wdev->irq.event_wq);
	atomic_set(&wdev->irq.events, 0);

	/* Nothing may fire before the handler is in place. */
	wse_reg_write(hw, WSE_REG_EVENT_MASK, ~0u);
	wse_reg_write(hw, WSE_REG_EVENT_CAUSE, ~0u);

	/*
	 * Ideally one vector for events and one per queue; with fewer,
	 * queues will share vectors, so any number from one up will do.
	 */
	nvecs = pci_alloc_irq_vectors(pdev, 1, WSE_MSIX_VECTORS, PCI_IRQ_MSIX);
	if (nvecs < 0) {
		drm_err(&wdev->drm, "cannot allocate MSI-X vectors: %d\n", nvecs);
		return nvecs;
	}
	if (nvecs < WSE_MSIX_VECTORS)
		drm_info(&wdev->drm, "%d of %d MSI-X vectors, queues share them\n",
			 nvecs, WSE_MSIX_VECTORS);
	wdev->irq.nvecs = nvecs;

	irq = pci_irq_vector(pdev, WSE_MSIX_VECTOR_EVENTS);
	if (irq < 0)
		return irq;
	ret = devm_request_irq(&pdev->dev, irq, wse_irq_events, 0,
			       DRIVER_NAME, wdev);
	if (ret) {
		drm_err(&wdev->drm, "cannot request event IRQ %d: %d\n", irq, ret);
		return ret;
	}

	wse_reg_write(hw, WSE_REG_EVENT_MASK, ~WSE_EVENTS_ALL);
	return 0;
}

/* Stop the device from raising events; the handler itself goes with devres. */
void wse_irq_disable(struct wse_device *wdev)
{
	wse_reg_write(&wdev->hw, WSE_REG_EVENT_MASK, ~0u);
}
