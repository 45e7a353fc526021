// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PCI core's reset and error callbacks.
 *
 * A function reset the PCI core performs (FLR through the `reset`
 * attribute of the PCI device, or a reset another driver asks for) is
 * bracketed by reset_prepare and reset_done, from one thread: the first
 * drains and stops the rings like a requested recovery and keeps the
 * recovery locks, the second resets the device's registers, boots its
 * firmware again and restarts the rings on the jobs they held.
 *
 * PCIe error recovery (AER): a non-fatal error leaves the link usable,
 * so mmio_enabled runs a graceful recovery. A fatal one freezes the link:
 * error_detected only holds the rings, without touching the device; the
 * core resets the slot, and slot_reset recovers with the commands that
 * were executing counted as lost. A permanent failure wedges the device.
 * Every callback runs with the device lock held, as removal does, so none
 * of them races removal.
 */
#include <linux/pci.h>
#include <linux/slab.h>

#include <drm/drm_print.h>

#include "wse_drv.h"
#include "wse_reset.h"

static void wse_pci_reset_prepare(struct pci_dev *pdev)
{
	wse_reset_prepare(pci_get_drvdata(pdev), WSE_RESET_FLR);
}

static void wse_pci_reset_done(struct pci_dev *pdev)
{
	wse_reset_done(pci_get_drvdata(pdev));
}

static pci_ers_result_t wse_pci_error_detected(struct pci_dev *pdev,
					       pci_channel_state_t state)
{
	struct wse_device *wdev = pci_get_drvdata(pdev);

	if (state == pci_channel_io_normal) {
		drm_err(&wdev->drm, "PCIe error, link usable\n");
		return PCI_ERS_RESULT_CAN_RECOVER;
	}
	if (state == pci_channel_io_perm_failure) {
		drm_err(&wdev->drm, "PCIe error, device lost for good\n");
		wse_reset_wedge_now(wdev);
		return PCI_ERS_RESULT_DISCONNECT;
	}
	drm_err(&wdev->drm, "PCIe error, link frozen until the slot is reset\n");
	wse_reset_hold_rings(wdev);
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t wse_pci_mmio_enabled(struct pci_dev *pdev)
{
	struct wse_device *wdev = pci_get_drvdata(pdev);

	return wse_recover(wdev, WSE_RESET_AER, -1) ?
	       PCI_ERS_RESULT_DISCONNECT : PCI_ERS_RESULT_RECOVERED;
}

static pci_ers_result_t wse_pci_slot_reset(struct pci_dev *pdev)
{
	struct wse_device *wdev = pci_get_drvdata(pdev);

	/*
	 * The slot reset cleared config space: BARs, MSI-X, bus mastering.
	 * Put back the copy taken at probe: the core's own saved state may
	 * have been consumed by an earlier function reset.
	 */
	pci_load_saved_state(pdev, wdev->pci_state);
	pci_restore_state(pdev);
	return wse_recover(wdev, WSE_RESET_AER, -1) ?
	       PCI_ERS_RESULT_DISCONNECT : PCI_ERS_RESULT_RECOVERED;
}

static void wse_pci_resume(struct pci_dev *pdev)
{
	struct wse_device *wdev = pci_get_drvdata(pdev);

	drm_info(&wdev->drm, "PCIe error recovery done, device %s\n",
		 wse_dev_state_name(wdev));
}

static void wse_pci_state_free(void *state)
{
	kfree(state);
}

/**
 * wse_pci_state_keep() - keep a copy of the working PCI configuration
 * @wdev: the device, fully set up (MSI-X enabled, bus mastering on)
 *
 * Return: 0 or -ENOMEM. The copy lives as long as the PCI binding.
 */
int wse_pci_state_keep(struct wse_device *wdev)
{
	struct pci_dev *pdev = wdev->pdev;

	pci_save_state(pdev);
	wdev->pci_state = pci_store_saved_state(pdev);
	if (!wdev->pci_state)
		return -ENOMEM;
	return devm_add_action_or_reset(&pdev->dev, wse_pci_state_free,
					wdev->pci_state);
}

const struct pci_error_handlers wse_pci_err_handlers = {
	.error_detected = wse_pci_error_detected,
	.mmio_enabled = wse_pci_mmio_enabled,
	.slot_reset = wse_pci_slot_reset,
	.resume = wse_pci_resume,
	.reset_prepare = wse_pci_reset_prepare,
	.reset_done = wse_pci_reset_done,
};
