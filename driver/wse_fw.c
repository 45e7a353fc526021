// SPDX-License-Identifier: GPL-2.0-only
/*
 * Firmware boot protocol (Documentation/device-spec.rst, "Firmware boot
 * protocol") and DRM_IOCTL_WSE_FW_LOAD.
 *
 * At probe the driver requests wse/wse<generation>.bin, or the image the
 * firmware= parameter names, checks it (wse_fw_image.c) and hands it to
 * the device: one coherent DMA buffer, FW_ADDR and FW_SIZE, FW_CONTROL =
 * LOAD, then a wait for the FW_READY or FW_FAILED event. Nothing about
 * firmware fails the probe: without firmware the device still runs DMA
 * commands (WSE_CAP_FW_REQUIRED is clear) and the driver refuses LAUNCH,
 * and an administrator can load an image later without reloading the
 * driver.
 *
 * The device takes LOAD only while no firmware runs (WAIT or FAILED), so
 * replacing running or crashed firmware starts with a device reset, which
 * stops every queue. A load therefore runs only while no job is active,
 * with SUBMIT held off by the firmware lock, and enables the driver's
 * queues again after the reset. The image the device last accepted is
 * kept, so that recovery (wse_reset.c) can boot it again.
 */
#include <linux/capability.h>
#include <linux/dma-mapping.h>
#include <linux/firmware.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_fw.h>
#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_ring.h"

/* The spec's bound for the device to accept or refuse an image. */
#define WSE_FW_LOAD_TIMEOUT_MS	5000

static char *wse_fw_param;
module_param_named(firmware, wse_fw_param, charp, 0444);
MODULE_PARM_DESC(firmware,
		 "Firmware image to load at probe, relative to /lib/firmware (default: wse/wse<generation>.bin)");
MODULE_FIRMWARE("wse/wse3.bin");

static const char *const wse_fw_states[] = {
	[WSE_FW_STATE_WAIT] = "wait",
	[WSE_FW_STATE_LOADING] = "loading",
	[WSE_FW_STATE_READY] = "ready",
	[WSE_FW_STATE_FAILED] = "failed",
	[WSE_FW_STATE_CRASHED] = "crashed",
};

/* WSE_FW_ERR_*: a word for sysfs, a sentence for the kernel log. */
static const struct {
	const char *name;
	const char *why;
} wse_fw_errors[] = {
	[WSE_FW_ERR_NONE] = { "none", "no error" },
	[WSE_FW_ERR_DMA] = { "dma", "the device could not read it by DMA" },
	[WSE_FW_ERR_TOO_LARGE] = { "too_large", "it is too large" },
	[WSE_FW_ERR_BAD_MAGIC] = { "bad_magic",
				   "it is not a firmware image (bad magic)" },
	[WSE_FW_ERR_BAD_FORMAT] = { "bad_format",
				    "its layout is malformed (bad format)" },
	[WSE_FW_ERR_BAD_ABI] = { "bad_abi",
				 "the device cannot run it (incompatible ABI)" },
	[WSE_FW_ERR_BAD_HASH] = { "bad_hash",
				  "it is corrupt (SHA-256 digest mismatch)" },
	[WSE_FW_ERR_TRUNCATED] = { "truncated", "it is truncated" },
	[WSE_FW_ERR_UNSIGNED] = { "unsigned", "it is not signed" },
	[WSE_FW_ERR_BAD_SIGNATURE] = { "bad_signature",
				       "its signature does not verify" },
};

const char *wse_fw_state_name(u32 state)
{
	if (state < ARRAY_SIZE(wse_fw_states) && wse_fw_states[state])
		return wse_fw_states[state];
	return "unknown";
}

const char *wse_fw_error_name(u32 err)
{
	if (err < ARRAY_SIZE(wse_fw_errors) && wse_fw_errors[err].name)
		return wse_fw_errors[err].name;
	return "unknown";
}

static const char *wse_fw_error_why(u32 err)
{
	if (err < ARRAY_SIZE(wse_fw_errors) && wse_fw_errors[err].why)
		return wse_fw_errors[err].why;
	return "it gave an unknown reason";
}

static void wse_fw_fini(struct drm_device *drm, void *arg)
{
	struct wse_device *wdev = arg;

	kvfree(wdev->fw.ktab);
	wdev->fw.ktab = NULL;
	kvfree(wdev->fw.image);
	wdev->fw.image = NULL;
	mutex_destroy(&wdev->fw.log_lock);
}

/* Keep the bytes of an image the device accepted for wse_fw_reboot(). */
static void wse_fw_keep_image(struct wse_device *wdev, const u8 *data,
			      size_t size, const char *src)
{
	void *copy;

	if (data == wdev->fw.image)
		return;
	copy = kvmalloc(size, GFP_KERNEL);
	if (!copy) {
		drm_warn(&wdev->drm,
			 "no memory to keep firmware %s: recovery cannot boot it again\n",
			 src);
		return;
	}
	memcpy(copy, data, size);
	kvfree(wdev->fw.image);
	wdev->fw.image = copy;
	wdev->fw.image_size = size;
	strscpy(wdev->fw.image_src, src, sizeof(wdev->fw.image_src));
}

int wse_fw_init(struct wse_device *wdev)
{
	init_rwsem(&wdev->fw.lock);
	mutex_init(&wdev->fw.log_lock);
	return drmm_add_action_or_reset(&wdev->drm, wse_fw_fini, wdev);
}

/**
 * wse_fw_running() - is firmware running, with a kernel table the driver
 *	knows?
 * @wdev: the device, firmware lock held
 */
bool wse_fw_running(struct wse_device *wdev)
{
	lockdep_assert_held(&wdev->fw.lock);
	return wdev->fw.ktab &&
	       wse_reg_read(&wdev->hw, WSE_REG_FW_STATE) == WSE_FW_STATE_READY;
}

/* Reset the device and bring the driver's side back: queues, no firmware. */
static int wse_fw_reset_device(struct wse_device *wdev)
{
	int ret;

	lockdep_assert_held_write(&wdev->fw.lock);
	kvfree(wdev->fw.ktab);
	wdev->fw.ktab = NULL;
	ret = wse_hw_reset(wdev);
	if (ret)
		return ret;
	return wse_rings_restart(wdev);
}

/* The device takes LOAD in WAIT and FAILED only; reset it otherwise. */
static int wse_fw_make_loadable(struct wse_device *wdev)
{
	u32 state = wse_reg_read(&wdev->hw, WSE_REG_FW_STATE);

	if (state == WSE_FW_STATE_WAIT || state == WSE_FW_STATE_FAILED) {
		kvfree(wdev->fw.ktab);
		wdev->fw.ktab = NULL;
		return 0;
	}
	return wse_fw_reset_device(wdev);
}

static bool wse_fw_answered(struct wse_device *wdev)
{
	return atomic_read(&wdev->irq.events) &
	       (WSE_EVENT_FW_READY | WSE_EVENT_FW_FAILED);
}

/* LOAD the image in @buf and wait for the device's verdict. */
static int wse_fw_hand_over(struct wse_device *wdev, dma_addr_t dma,
			    size_t size, const char *src)
{
	struct wse_hw *hw = &wdev->hw;
	u32 state, err;

	atomic_andnot(WSE_EVENT_FW_READY | WSE_EVENT_FW_FAILED,
		      &wdev->irq.events);
	wse_reg_write(hw, WSE_REG_FW_ADDR_LO, lower_32_bits(dma));
	wse_reg_write(hw, WSE_REG_FW_ADDR_HI, upper_32_bits(dma));
	wse_reg_write(hw, WSE_REG_FW_SIZE, size);
	wse_reg_write(hw, WSE_REG_FW_CONTROL, WSE_FW_CMD_LOAD);

	/* The state register decides; a lost event only costs the wait. */
	wait_event_timeout(wdev->irq.event_wq, wse_fw_answered(wdev),
			   msecs_to_jiffies(WSE_FW_LOAD_TIMEOUT_MS));
	state = wse_reg_read(hw, WSE_REG_FW_STATE);
	switch (state) {
	case WSE_FW_STATE_READY:
		return 0;
	case WSE_FW_STATE_FAILED:
		err = wse_reg_read(hw, WSE_REG_FW_ERROR);
		drm_err(&wdev->drm,
			"firmware %s refused by the device: %s (%s)\n",
			src, wse_fw_error_why(err), wse_fw_error_name(err));
		return -EIO;
	default:
		drm_err(&wdev->drm,
			"firmware %s: the device did not answer within %u ms (state %s); resetting it\n",
			src, WSE_FW_LOAD_TIMEOUT_MS, wse_fw_state_name(state));
		return -ETIMEDOUT;
	}
}

/*
 * Hand a checked image to the device and wait for it to run. Called with
 * the firmware lock held for writing and no job active; takes ownership
 * of @ktab, which becomes the running firmware's table on success.
 */
static int wse_fw_load_locked(struct wse_device *wdev, const u8 *data,
			      size_t size, const char *src,
			      struct wse_fw_ktab *ktab)
{
	struct device *dev = wdev->drm.dev;
	struct wse_hw *hw = &wdev->hw;
	u32 version, abi;
	dma_addr_t dma;
	void *buf;
	int ret;

	lockdep_assert_held_write(&wdev->fw.lock);
	ret = wse_fw_make_loadable(wdev);
	if (ret)
		goto out;

	buf = dma_alloc_coherent(dev, size, &dma, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(buf, data, size);

	ret = wse_fw_hand_over(wdev, dma, size, src);
	/* A device that never answered may still read the buffer: stop it. */
	if (ret == -ETIMEDOUT && wse_fw_reset_device(wdev)) {
		drm_err(&wdev->drm,
			"device did not reset; keeping its %zu-byte firmware buffer\n",
			size);
		goto out;
	}
	dma_free_coherent(dev, size, buf, dma);
	if (ret)
		goto out;

	version = wse_reg_read(hw, WSE_REG_FW_VERSION);
	abi = wse_reg_read(hw, WSE_REG_FW_ABI);
	if (WSE_FW_ABI_MAJOR_OF(abi) != WSE_FW_ABI_MAJOR) {
		drm_err(&wdev->drm,
			"firmware %s reports ABI %u.%u, this driver knows %u.x; resetting the device\n",
			src, WSE_FW_ABI_MAJOR_OF(abi), WSE_FW_ABI_MINOR_OF(abi),
			WSE_FW_ABI_MAJOR);
		wse_fw_reset_device(wdev);
		ret = -EIO;
		goto out;
	}
	wdev->fw.ktab = ktab;
	wse_fw_keep_image(wdev, data, size, src);
	drm_info(&wdev->drm,
		 "firmware %s version %u.%u.%u (ABI %u.%u) running, %u kernels\n",
		 src, version >> 16, (version >> 8) & 0xff, version & 0xff,
		 WSE_FW_ABI_MAJOR_OF(abi), WSE_FW_ABI_MINOR_OF(abi),
		 ktab->count);
	return 0;

out:
	kvfree(ktab);
	return ret;
}

/**
 * wse_fw_boot() - load the firmware at probe
 * @wdev: the device, interrupts enabled, queues not yet
 *
 * Firmware left running by an earlier instance of the driver is reset
 * first, so the driver never runs with firmware whose kernel table it does
 * not know. Failures are logged and leave the device without firmware.
 */
void wse_fw_boot(struct wse_device *wdev)
{
	const struct firmware *fw;
	struct wse_fw_ktab *ktab;
	const char *name;
	char def[32];
	int ret;

	down_write(&wdev->fw.lock);
	ret = wse_fw_make_loadable(wdev);
	up_write(&wdev->fw.lock);
	if (ret)
		return;

	if (wse_fw_param && *wse_fw_param) {
		name = wse_fw_param;
	} else {
		snprintf(def, sizeof(def), "wse/wse%u.bin",
			 wdev->hw.info.generation);
		name = def;
	}

	ret = firmware_request_nowarn(&fw, name, wdev->drm.dev);
	if (ret) {
		drm_warn(&wdev->drm,
			 "firmware %s not loaded (%d): no compute kernels until an image is loaded\n",
			 name, ret);
		return;
	}

	ret = wse_fw_image_check(wdev, fw->data, fw->size, name, &ktab);
	if (!ret) {
		down_write(&wdev->fw.lock);
		wse_fw_load_locked(wdev, fw->data, fw->size, name, ktab);
		up_write(&wdev->fw.lock);
	}
	release_firmware(fw);
}

/**
 * wse_fw_reboot() - recovery: boot the last image the device accepted
 * @wdev: the device, just reset (firmware in WAIT), firmware lock held
 *	for writing
 *
 * Return: 0 once it runs; -ENOENT if no image was kept; else why the
 * device did not take it. Without an image the device runs no firmware.
 */
int wse_fw_reboot(struct wse_device *wdev)
{
	struct wse_fw_ktab *ktab;
	int ret;

	lockdep_assert_held_write(&wdev->fw.lock);
	kvfree(wdev->fw.ktab);
	wdev->fw.ktab = NULL;
	if (!wdev->fw.image)
		return -ENOENT;
	ret = wse_fw_image_check(wdev, wdev->fw.image, wdev->fw.image_size,
				 wdev->fw.image_src, &ktab);
	if (ret)
		return ret;
	return wse_fw_load_locked(wdev, wdev->fw.image, wdev->fw.image_size,
				  wdev->fw.image_src, ktab);
}

/**
 * wse_fw_load_ioctl() - DRM_IOCTL_WSE_FW_LOAD: replace the firmware
 * @drm: DRM device
 * @data: struct drm_wse_fw_load
 * @file: DRM file (unused: the caller's capability decides)
 *
 * Return: 0 when the image runs; -EPERM without CAP_SYS_ADMIN (checked
 * first); -EINVAL for non-zero flags or an image the driver refuses;
 * -E2BIG above WSE_FW_MAX_SIZE; -EFAULT; -EBUSY while jobs are active;
 * -EIO when the device refuses the image (fw_error says why) or is
 * wedged; -ETIMEDOUT when it does not answer; -ENOMEM; -ENODEV after
 * unplug. -EBUSY also while a PCIe error recovery is under way.
 * After -EIO or -ETIMEDOUT the device runs no firmware.
 */
int wse_fw_load_ioctl(struct drm_device *drm, void *data,
		      struct drm_file *file)
{
	struct wse_device *wdev = to_wse_device(drm);
	struct drm_wse_fw_load *args = data;
	struct wse_fw_ktab *ktab;
	char src[TASK_COMM_LEN + 32];
	void *img;
	int ret, idx;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (args->flags)
		return -EINVAL;
	if (args->size > WSE_FW_MAX_SIZE)
		return -E2BIG;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	img = vmemdup_user(u64_to_user_ptr(args->data), args->size);
	if (IS_ERR(img)) {
		ret = PTR_ERR(img);
		goto out;
	}
	snprintf(src, sizeof(src), "image from %s[%d]", current->comm,
		 task_pid_nr(current));
	ret = wse_fw_image_check(wdev, img, args->size, src, &ktab);
	if (ret)
		goto out_img;

	ret = down_write_killable(&wdev->fw.lock);
	if (ret) {
		kvfree(ktab);
		goto out_img;
	}
	if (wse_dev_wedged(wdev)) {
		/* Only a recovery (sysfs recover) brings it back. */
		kvfree(ktab);
		ret = -EIO;
	} else if (atomic_read(&wdev->active) ||
		   READ_ONCE(wdev->rec.state) != WSE_DEV_OK) {
		kvfree(ktab);
		ret = -EBUSY;
	} else {
		ret = wse_fw_load_locked(wdev, img, args->size, src, ktab);
		/* The device was reset: its counters start over. */
		wse_tdr_rebase(wdev);
	}
	up_write(&wdev->fw.lock);
out_img:
	kvfree(img);
out:
	drm_dev_exit(idx);
	return ret;
}
