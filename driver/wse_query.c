// SPDX-License-Identifier: GPL-2.0-only
/*
 * DRM_IOCTL_WSE_QUERY: identity, geometry, defects and firmware kernels.
 *
 * Every query answers with a block whose size only ever grows as the ABI
 * gains fields; struct drm_wse_query.size negotiates how much of it a given
 * userspace gets (see uapi/wse_accel.h).
 */
#include <linux/minmax.h>
#include <linux/pci.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_hw.h"

/*
 * Tell userspace how big the answer is and copy as much of it as fits.
 * With a null @data only the size is returned. The size is updated only on
 * success: the DRM core copies the argument back even when we fail.
 */
static int wse_query_reply(struct drm_wse_query *args, const void *src,
			   u32 size)
{
	if (args->data &&
	    copy_to_user(u64_to_user_ptr(args->data), src,
			 min(args->size, size)))
		return -EFAULT;

	args->size = size;
	return 0;
}

static int wse_query_device_info(struct wse_device *wdev,
				 struct drm_wse_query *args)
{
	const struct wse_hw_info *hw = &wdev->hw.info;
	struct pci_dev *pdev = wdev->pdev;
	struct drm_wse_device_info info;

	/* Zeroed as a whole so that no padding or stack byte leaks out. */
	memset(&info, 0, sizeof(info));
	info.abi_major = DRM_WSE_ABI_MAJOR;
	info.abi_minor = DRM_WSE_ABI_MINOR;
	info.hw_spec_version = hw->spec_version;
	info.generation = hw->generation;

	info.pci_vendor = pdev->vendor;
	info.pci_device = pdev->device;
	info.pci_subsystem_vendor = pdev->subsystem_vendor;
	info.pci_subsystem_device = pdev->subsystem_device;
	info.pci_domain = pci_domain_nr(pdev->bus);
	info.pci_bus = pdev->bus->number;
	info.pci_slot = PCI_SLOT(pdev->devfn);
	info.pci_function = PCI_FUNC(pdev->devfn);
	info.pci_revision = pdev->revision;
	info.serial = hw->serial;

	info.phys_width = hw->phys_width;
	info.phys_height = hw->phys_height;
	info.log_width = hw->log_width;
	info.log_height = hw->log_height;
	info.pe_sram_bytes = hw->pe_sram_bytes;
	info.spare_cols = hw->spare_cols;
	info.spare_rows = hw->spare_rows;
	info.defect_count = wdev->hw.defect_count;
	info.fabric_bytes = (u64)hw->log_width * hw->log_height *
			    hw->pe_sram_bytes;
	info.clock_mhz = hw->clock_mhz;
	info.num_queues = hw->num_queues;
	info.max_queue_depth = hw->max_queue_depth;
	info.hw_caps = hw->caps;
	info.max_sgl_entries = hw->max_sgl_entries;

	/* Firmware and status change at run time: read them now. */
	info.fw_state = wse_reg_read(&wdev->hw, WSE_REG_FW_STATE);
	info.fw_version = wse_reg_read(&wdev->hw, WSE_REG_FW_VERSION);
	info.fw_abi = wse_reg_read(&wdev->hw, WSE_REG_FW_ABI);
	info.status = wse_reg_read(&wdev->hw, WSE_REG_STATUS);
	info.fw_error = wse_reg_read(&wdev->hw, WSE_REG_FW_ERROR);
	info.error_code = wse_reg_read(&wdev->hw, WSE_REG_ERROR_CODE);
	info.reset_count = wse_reg_read(&wdev->hw, WSE_REG_RESET_COUNT);

	return wse_query_reply(args, &info, sizeof(info));
}

static int wse_query_defects(struct wse_device *wdev,
			     struct drm_wse_query *args)
{
	const struct wse_hw *hw = &wdev->hw;
	struct drm_wse_defect __user *out = u64_to_user_ptr(args->data);
	u32 size = hw->defect_count * sizeof(*out);
	u32 len = out ? min(args->size, size) : 0;
	u32 i, chunk;

	/*
	 * The cached list is in the driver's own layout: convert it entry by
	 * entry, the last one possibly in part, as the size rule demands.
	 */
	for (i = 0; len; i++, len -= chunk) {
		struct drm_wse_defect d = {
			.x = hw->defects[i].x,
			.y = hw->defects[i].y,
		};

		chunk = min_t(u32, len, sizeof(d));
		if (copy_to_user(&out[i], &d, chunk))
			return -EFAULT;
	}
	args->size = size;
	return 0;
}

/*
 * The kernel table of the running firmware, empty without one; consistent
 * with what SUBMIT accepts, as a load cannot run while it is copied.
 */
static int wse_query_kernels(struct wse_device *wdev,
			     struct drm_wse_query *args)
{
	struct drm_wse_kernel_info __user *out = u64_to_user_ptr(args->data);
	const struct wse_fw_ktab *t;
	u32 size, len, i, chunk;
	int ret;

	ret = down_read_interruptible(&wdev->fw.lock);
	if (ret)
		return ret;
	t = wse_fw_running(wdev) ? wdev->fw.ktab : NULL;
	size = t ? t->count * sizeof(*out) : 0;
	len = out ? min(args->size, size) : 0;
	for (i = 0; len; i++, len -= chunk) {
		struct drm_wse_kernel_info k = {
			.id = t->k[i].id,
			.version = t->k[i].version,
			.dtypes = t->k[i].dtypes,
		};

		static_assert(sizeof(k.name) == sizeof(t->k[i].name));
		static_assert(sizeof(k.signature) == sizeof(t->k[i].signature));
		memcpy(k.name, t->k[i].name, sizeof(k.name));
		memcpy(k.signature, t->k[i].signature, sizeof(k.signature));
		chunk = min_t(u32, len, sizeof(k));
		if (copy_to_user(&out[i], &k, chunk)) {
			ret = -EFAULT;
			break;
		}
	}
	up_read(&wdev->fw.lock);
	if (!ret)
		args->size = size;
	return ret;
}

int wse_query_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct wse_device *wdev = to_wse_device(drm);
	struct drm_wse_query *args = data;
	int ret, idx;

	if (args->flags || args->pad)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	switch (args->query) {
	case DRM_WSE_QUERY_DEVICE_INFO:
		ret = wse_query_device_info(wdev, args);
		break;
	case DRM_WSE_QUERY_DEFECTS:
		ret = wse_query_defects(wdev, args);
		break;
	case DRM_WSE_QUERY_KERNELS:
		ret = wse_query_kernels(wdev, args);
		break;
	default:
		ret = -EINVAL;
		break;
	}

	drm_dev_exit(idx);
	return ret;
}
