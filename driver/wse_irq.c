// SPDX-License-Identifier: GPL-2.0-only
/*
 * MSI-X vectors: the device event interrupt and the queue completions.
 *
 * Vector WSE_MSIX_VECTOR_EVENTS reports device events (firmware ready or
 * failed, fatal errors, queue errors, reset done). The handler acknowledges
 * them and records them in wse_irq.events for whoever waits on event_wq
 * (the firmware loader).
 *
 * Each enabled queue has a vector of its own, raised once per batch of
 * completion records. Its handler runs in hard interrupt context: it reads
 * every record the device has posted, releases them all with one CQ head
 * doorbell write, refills the SQ from the slots that freed up, and signals
 * the fences of the jobs that finished. Unmapping and unpinning, which may
 * sleep, is left to each job's clean-up work. Failures (a fatal event, a
 * queue error, a record with an unknown tag) wake the watchdog, which
 * starts a recovery (wse_tdr.c).
 */
#include <linux/interrupt.h>
#include <linux/pci.h>

#include <drm/drm_print.h>

#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_hw.h"
#include "wse_reset.h"
#include "wse_ring.h"

#define WSE_EVENTS_ALL	(WSE_EVENT_FW_READY | WSE_EVENT_FW_FAILED | \
			 WSE_EVENT_FATAL | WSE_EVENT_QUEUE_ERROR | \
			 WSE_EVENT_RESET_DONE)

/*
 * A queue that stops on an error (bad doorbell, failed DMA of a command or
 * record) is a driver or platform bug; say which and why.
 */
static void wse_irq_queue_errors(struct wse_device *wdev)
{
	u32 i, sts;

	for (i = 0; i < READ_ONCE(wdev->nr_rings); i++) {
		sts = wse_reg_read(&wdev->hw,
				   WSE_QUEUE_REGS(i) + WSE_QREG_STATUS);
		if (sts != ~0u && (sts & WSE_QSTS_ERROR))
			drm_err_ratelimited(&wdev->drm,
					    "queue %u stopped: error %u\n", i,
					    wse_reg_read(&wdev->hw,
							 WSE_QUEUE_REGS(i) +
							 WSE_QREG_ERROR));
	}
}

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
	if (cause & WSE_EVENT_QUEUE_ERROR)
		wse_irq_queue_errors(wdev);

	atomic_or(cause & WSE_EVENTS_ALL, &wdev->irq.events);
	wake_up_all(&wdev->irq.event_wq);
	/* The watchdog decides what a failure costs, now rather than later. */
	if (cause & (WSE_EVENT_FATAL | WSE_EVENT_QUEUE_ERROR))
		wse_tdr_kick(wdev);
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
	 * One vector for events and one per queue; with fewer, fewer queues
	 * are enabled (wse_rings_init()), and at least one is needed.
	 */
	nvecs = pci_alloc_irq_vectors(pdev, 2, WSE_MSIX_VECTORS, PCI_IRQ_MSIX);
	if (nvecs < 0) {
		drm_err(&wdev->drm, "cannot allocate MSI-X vectors: %d\n", nvecs);
		return nvecs;
	}
	if (nvecs < WSE_MSIX_VECTORS)
		drm_info(&wdev->drm, "%d of %d MSI-X vectors, fewer queues\n",
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

	wse_irq_unmask_events(wdev);
	return 0;
}

/* Unmask the events the handler knows; a device reset masks none. */
void wse_irq_unmask_events(struct wse_device *wdev)
{
	wse_reg_write(&wdev->hw, WSE_REG_EVENT_MASK, ~WSE_EVENTS_ALL);
}

/* Stop the device from raising events; the handler itself goes with devres. */
void wse_irq_disable(struct wse_device *wdev)
{
	wse_reg_write(&wdev->hw, WSE_REG_EVENT_MASK, ~0u);
}

/*
 * Completions of one queue. Every record with the expected phase is
 * consumed in this one run; the device raises the vector again for
 * records it posts after we looked.
 */
static irqreturn_t wse_irq_ring(int irq, void *arg)
{
	struct wse_ring *ring = arg;
	bool draining;
	LIST_HEAD(done);
	u32 n;

	spin_lock(&ring->lock);
	n = wse_ring_reap_locked(ring, &done);
	/* A halted queue is being disabled: its doorbells are not ours. */
	if (n && !ring->stopped && ring->hold != WSE_RING_HALTED) {
		wse_reg_write(&ring->wdev->hw,
			      WSE_DOORBELL_CQ_HEAD(ring->index), ring->cq_head);
		wse_ring_feed_locked(ring);
	}
	draining = n && ring->hold != WSE_RING_RUN;
	spin_unlock(&ring->lock);

	wse_ring_complete_list(&done);
	if (draining)
		wake_up_all(&ring->wdev->rec.drain_wq);

	/*
	 * The vector is ours alone; a run that finds nothing new (its
	 * records were taken by the previous run) is not spurious.
	 */
	return IRQ_HANDLED;
}

int wse_irq_ring_request(struct wse_ring *ring)
{
	struct wse_device *wdev = ring->wdev;
	int irq, ret;

	irq = pci_irq_vector(wdev->pdev, ring->vector);
	if (irq < 0)
		return irq;
	snprintf(ring->irq_name, sizeof(ring->irq_name), "%s-q%u",
		 DRIVER_NAME, ring->index);
	ret = request_irq(irq, wse_irq_ring, 0, ring->irq_name, ring);
	if (ret) {
		drm_err(&wdev->drm, "cannot request IRQ %d for queue %u: %d\n",
			irq, ring->index, ret);
		return ret;
	}
	ring->irq = irq;
	return 0;
}

/* Waits for a running handler to finish. */
void wse_irq_ring_free(struct wse_ring *ring)
{
	if (ring->irq < 0)
		return;
	free_irq(ring->irq, ring);
	ring->irq = -1;
}
