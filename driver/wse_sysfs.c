// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attributes of the PCI device, most readable by everyone, so that tools can
 * identify a device and tell whether its firmware runs without opening
 * its node:
 *
 *   fw_version   "1.2.3" of the running firmware ("0.0.0" without one)
 *   fw_abi       "1.0", its ABI ("0.0" without one)
 *   fw_state     wait, loading, ready, failed or crashed
 *   fw_error     why the last image was refused: none, bad_hash, ...
 *   serial       the wafer's serial number, 16 lowercase hex digits
 *   reset_count  device resets since power-on
 *   state        ok, recovering, wedged or no-firmware
 *   hangs        failures the watchdog found since the driver bound
 *   last_reset   why the driver last recovered the device, or none
 *
 * one for root only (mode 0200, and CAP_SYS_ADMIN is checked too):
 *
 *   recover      write 1: reset the device gracefully (wse_reset.c); the
 *                write returns once it runs again, or -EIO if it is
 *                wedged. Nothing is lost and nobody is blamed.
 *
 * and the fabric's geometry, fixed while the driver is bound:
 *
 *   phys_grid     physical PEs, "WxH"
 *   log_grid      PEs software sees once spares replace defects, "WxH"
 *   spares        spare columns and rows, "C R"
 *   defect_count  defective physical PEs
 *   pe_sram_bytes SRAM of each PE
 *
 * They are the driver's (pci_driver.dev_groups), so they exist exactly
 * while the driver is bound, and the device cannot go away under a read.
 * Firmware values are read from the device at the time of the read, as
 * DRM_WSE_QUERY_DEVICE_INFO reads them.
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kstrtox.h>
#include <linux/pci.h>
#include <linux/sysfs.h>

#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_reset.h"

static u32 wse_sysfs_reg(struct device *dev, u32 reg)
{
	struct wse_device *wdev = pci_get_drvdata(to_pci_dev(dev));

	return wse_reg_read(&wdev->hw, reg);
}

static ssize_t fw_version_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	u32 v = wse_sysfs_reg(dev, WSE_REG_FW_VERSION);

	return sysfs_emit(buf, "%u.%u.%u\n", v >> 16, (v >> 8) & 0xff,
			  v & 0xff);
}
static DEVICE_ATTR_RO(fw_version);

static ssize_t fw_abi_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	u32 v = wse_sysfs_reg(dev, WSE_REG_FW_ABI);

	return sysfs_emit(buf, "%u.%u\n", WSE_FW_ABI_MAJOR_OF(v),
			  WSE_FW_ABI_MINOR_OF(v));
}
static DEVICE_ATTR_RO(fw_abi);

static ssize_t fw_state_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  wse_fw_state_name(wse_sysfs_reg(dev,
							  WSE_REG_FW_STATE)));
}
static DEVICE_ATTR_RO(fw_state);

static ssize_t fw_error_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  wse_fw_error_name(wse_sysfs_reg(dev,
							  WSE_REG_FW_ERROR)));
}
static DEVICE_ATTR_RO(fw_error);

static ssize_t serial_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct wse_device *wdev = pci_get_drvdata(to_pci_dev(dev));

	return sysfs_emit(buf, "%016llx\n", wdev->hw.info.serial);
}
static DEVICE_ATTR_RO(serial);

static ssize_t reset_count_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  wse_sysfs_reg(dev, WSE_REG_RESET_COUNT));
}
static DEVICE_ATTR_RO(reset_count);

static struct wse_device *wse_sysfs_wdev(struct device *dev)
{
	return pci_get_drvdata(to_pci_dev(dev));
}

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", wse_dev_state_name(wse_sysfs_wdev(dev)));
}
static DEVICE_ATTR_RO(state);

static ssize_t hangs_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&wse_sysfs_wdev(dev)->rec.hangs));
}
static DEVICE_ATTR_RO(hangs);

static ssize_t last_reset_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  wse_reset_reason_name(READ_ONCE(wse_sysfs_wdev(dev)->rec.last)));
}
static DEVICE_ATTR_RO(last_reset);

static ssize_t recover_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	unsigned int val;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstrtouint(buf, 0, &val);
	if (ret)
		return ret;
	if (val != 1)
		return -EINVAL;
	ret = wse_recover(wse_sysfs_wdev(dev), WSE_RESET_REQUEST, -1);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(recover);

static const struct wse_hw_info *wse_sysfs_info(struct device *dev)
{
	struct wse_device *wdev = pci_get_drvdata(to_pci_dev(dev));

	return &wdev->hw.info;
}

static ssize_t phys_grid_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	const struct wse_hw_info *info = wse_sysfs_info(dev);

	return sysfs_emit(buf, "%ux%u\n", info->phys_width, info->phys_height);
}
static DEVICE_ATTR_RO(phys_grid);

static ssize_t log_grid_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	const struct wse_hw_info *info = wse_sysfs_info(dev);

	return sysfs_emit(buf, "%ux%u\n", info->log_width, info->log_height);
}
static DEVICE_ATTR_RO(log_grid);

static ssize_t spares_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	const struct wse_hw_info *info = wse_sysfs_info(dev);

	return sysfs_emit(buf, "%u %u\n", info->spare_cols, info->spare_rows);
}
static DEVICE_ATTR_RO(spares);

static ssize_t defect_count_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct wse_device *wdev = pci_get_drvdata(to_pci_dev(dev));

	return sysfs_emit(buf, "%u\n", wdev->hw.defect_count);
}
static DEVICE_ATTR_RO(defect_count);

static ssize_t pe_sram_bytes_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", wse_sysfs_info(dev)->pe_sram_bytes);
}
static DEVICE_ATTR_RO(pe_sram_bytes);

static struct attribute *wse_dev_attrs[] = {
	&dev_attr_fw_version.attr,
	&dev_attr_fw_abi.attr,
	&dev_attr_fw_state.attr,
	&dev_attr_fw_error.attr,
	&dev_attr_serial.attr,
	&dev_attr_reset_count.attr,
	&dev_attr_state.attr,
	&dev_attr_hangs.attr,
	&dev_attr_last_reset.attr,
	&dev_attr_recover.attr,
	&dev_attr_phys_grid.attr,
	&dev_attr_log_grid.attr,
	&dev_attr_spares.attr,
	&dev_attr_defect_count.attr,
	&dev_attr_pe_sram_bytes.attr,
	NULL
};

static const struct attribute_group wse_dev_group = {
	.attrs = wse_dev_attrs,
};

const struct attribute_group *wse_dev_groups[] = {
	&wse_dev_group,
	NULL
};
