// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map the register BAR, check that the device speaks a version of the
 * interface this driver knows, and cache its identity, geometry and defect
 * list. Reset the device when firmware has to be replaced.
 */
#include <linux/bits.h>
#include <linux/iopoll.h>
#include <linux/log2.h>
#include <linux/pci.h>

#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_hw.h"

/* The spec promises 100 ms; a device slower than this is dead. */
#define WSE_RESET_TIMEOUT_US	(1000 * USEC_PER_MSEC)

static int wse_hw_map(struct wse_device *wdev)
{
	struct pci_dev *pdev = wdev->pdev;
	int ret;

	if (pci_resource_len(pdev, WSE_BAR_REGS) < WSE_BAR0_SIZE) {
		drm_err(&wdev->drm, "BAR%d is %llu bytes, expected %u\n",
			WSE_BAR_REGS,
			(unsigned long long)pci_resource_len(pdev, WSE_BAR_REGS),
			WSE_BAR0_SIZE);
		return -ENODEV;
	}

	/*
	 * pcim_iomap_regions() exists on every kernel this driver builds for;
	 * the mapping and the region go away with the PCI device's devres.
	 */
	ret = pcim_iomap_regions(pdev, BIT(WSE_BAR_REGS), DRIVER_NAME);
	if (ret) {
		drm_err(&wdev->drm, "cannot map BAR%d: %d\n", WSE_BAR_REGS, ret);
		return ret;
	}
	wdev->hw.regs = pcim_iomap_table(pdev)[WSE_BAR_REGS];
	return 0;
}

/* Refuse devices that don't implement a spec version this driver knows. */
static int wse_hw_check_identity(struct wse_device *wdev)
{
	struct wse_hw *hw = &wdev->hw;
	u32 magic = wse_reg_read(hw, WSE_REG_MAGIC);
	u32 spec;

	if (magic != WSE_MAGIC) {
		drm_err(&wdev->drm, "bad magic %#010x (expected %#010x)%s\n",
			magic, WSE_MAGIC,
			magic == ~0u ? ": device not responding" : "");
		return -ENODEV;
	}

	spec = wse_reg_read(hw, WSE_REG_SPEC_VERSION);
	if (spec >> 16 != WSE_HW_SPEC_MAJOR) {
		drm_err(&wdev->drm,
			"device implements spec %u.%u, driver supports %u.x\n",
			spec >> 16, spec & 0xffff, WSE_HW_SPEC_MAJOR);
		return -ENODEV;
	}
	hw->info.spec_version = spec;
	return 0;
}

static void wse_hw_read_info(struct wse_hw *hw)
{
	struct wse_hw_info *info = &hw->info;

	info->generation = wse_reg_read(hw, WSE_REG_GENERATION);
	info->caps = wse_reg_read(hw, WSE_REG_CAPS);
	info->serial = wse_reg_read64(hw, WSE_REG_SERIAL_LO);
	info->phys_width = wse_reg_read(hw, WSE_REG_PHYS_WIDTH);
	info->phys_height = wse_reg_read(hw, WSE_REG_PHYS_HEIGHT);
	info->log_width = wse_reg_read(hw, WSE_REG_LOG_WIDTH);
	info->log_height = wse_reg_read(hw, WSE_REG_LOG_HEIGHT);
	info->pe_sram_bytes = wse_reg_read(hw, WSE_REG_PE_SRAM_BYTES);
	info->spare_cols = wse_reg_read(hw, WSE_REG_SPARE_COLS);
	info->spare_rows = wse_reg_read(hw, WSE_REG_SPARE_ROWS);
	info->clock_mhz = wse_reg_read(hw, WSE_REG_CLOCK_MHZ);
	info->num_queues = wse_reg_read(hw, WSE_REG_NUM_QUEUES);
	info->max_queue_depth = wse_reg_read(hw, WSE_REG_MAX_QUEUE_DEPTH);
	info->max_sgl_entries = wse_reg_read(hw, WSE_REG_MAX_SGL_ENTRIES);
}

/*
 * Later code sizes arrays and builds fabric addresses from these values,
 * so a device that reports nonsense is refused rather than trusted.
 */
static int wse_hw_check_geometry(struct wse_device *wdev)
{
	const struct wse_hw_info *info = &wdev->hw.info;

	if (!info->log_width || !info->log_height ||
	    info->log_width > info->phys_width ||
	    info->log_height > info->phys_height ||
	    info->phys_width > U16_MAX + 1 || info->phys_height > U16_MAX + 1) {
		drm_err(&wdev->drm, "bad geometry: logical %ux%u, physical %ux%u\n",
			info->log_width, info->log_height,
			info->phys_width, info->phys_height);
		return -ENODEV;
	}
	if (!info->pe_sram_bytes || info->pe_sram_bytes > WSE_PE_SRAM_MAX) {
		drm_err(&wdev->drm, "bad PE SRAM size %u\n", info->pe_sram_bytes);
		return -ENODEV;
	}
	if (!info->num_queues || info->num_queues > WSE_MAX_QUEUES ||
	    !is_power_of_2(info->max_queue_depth)) {
		drm_err(&wdev->drm, "bad queue limits: %u queues, depth %u\n",
			info->num_queues, info->max_queue_depth);
		return -ENODEV;
	}
	return 0;
}

/*
 * The defect list is read once through the DEFECT_INDEX/DEFECT_ENTRY window:
 * it is fixed for the life of the wafer, and the window is shared state
 * that concurrent readers would otherwise have to lock.
 */
static int wse_hw_read_defects(struct wse_device *wdev)
{
	struct wse_hw *hw = &wdev->hw;
	u64 max = (u64)hw->info.phys_width * hw->info.phys_height;
	u32 count = wse_reg_read(hw, WSE_REG_DEFECT_COUNT);
	u32 i, entry;

	if (count > max || count > U32_MAX / sizeof(*hw->defects)) {
		drm_err(&wdev->drm, "%u defects on a %ux%u wafer\n", count,
			hw->info.phys_width, hw->info.phys_height);
		return -ENODEV;
	}
	if (!count)
		return 0;

	hw->defects = drmm_kcalloc(&wdev->drm, count, sizeof(*hw->defects),
				   GFP_KERNEL);
	if (!hw->defects)
		return -ENOMEM;

	for (i = 0; i < count; i++) {
		wse_reg_write(hw, WSE_REG_DEFECT_INDEX, i);
		entry = wse_reg_read(hw, WSE_REG_DEFECT_ENTRY);
		if (entry == WSE_DEFECT_NONE ||
		    WSE_DEFECT_X(entry) >= hw->info.phys_width ||
		    WSE_DEFECT_Y(entry) >= hw->info.phys_height) {
			drm_err(&wdev->drm, "bad defect entry %u: %#010x\n",
				i, entry);
			return -ENODEV;
		}
		hw->defects[i].x = WSE_DEFECT_X(entry);
		hw->defects[i].y = WSE_DEFECT_Y(entry);
	}
	hw->defect_count = count;
	return 0;
}

int wse_hw_init(struct wse_device *wdev)
{
	const struct wse_hw_info *info = &wdev->hw.info;
	int ret;

	ret = wse_hw_map(wdev);
	if (ret)
		return ret;

	ret = wse_hw_check_identity(wdev);
	if (ret)
		return ret;

	wse_hw_read_info(&wdev->hw);
	ret = wse_hw_check_geometry(wdev);
	if (ret)
		return ret;

	ret = wse_hw_read_defects(wdev);
	if (ret)
		return ret;

	drm_info(&wdev->drm,
		 "WSE-%u spec %u.%u serial %016llx: %ux%u PEs (%ux%u physical, %u defective), %u bytes of SRAM each\n",
		 info->generation, info->spec_version >> 16,
		 info->spec_version & 0xffff, info->serial,
		 info->log_width, info->log_height,
		 info->phys_width, info->phys_height, wdev->hw.defect_count,
		 info->pe_sram_bytes);
	return 0;
}

/**
 * wse_hw_reset() - register reset of the device
 * @wdev: the device; no command of the driver's may be in flight
 *
 * Stops every queue, firmware and DMA; fabric SRAM keeps its contents
 * (spec 1.1; earlier devices cleared it). The caller enables its queues
 * again. The event mask, which the reset clears, is restored here.
 *
 * Return: 0, or -EIO if the device does not come out of reset.
 */
int wse_hw_reset(struct wse_device *wdev)
{
	struct wse_hw *hw = &wdev->hw;
	u32 sts;
	int ret;

	wse_reg_write(hw, WSE_REG_RESET, WSE_RESET_KEY);
	ret = readl_poll_timeout(hw->regs + WSE_REG_STATUS, sts,
				 !(sts & WSE_STATUS_RESETTING), 1000,
				 WSE_RESET_TIMEOUT_US);
	if (ret || sts == ~0u) {
		drm_err(&wdev->drm, "device did not come out of reset: status %#x\n",
			sts);
		return -EIO;
	}
	wse_irq_unmask_events(wdev);
	drm_info(&wdev->drm, "device reset (%u resets since power-on)\n",
		 wse_reg_read(hw, WSE_REG_RESET_COUNT));
	return 0;
}
