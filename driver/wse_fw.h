/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Firmware: the image checks the driver makes itself, the boot protocol,
 * and the kernel table of the firmware that runs.
 */
#ifndef __WSE_FW_H__
#define __WSE_FW_H__

#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/types.h>

#include <uapi/wse_fw.h>

struct attribute_group;
struct drm_device;
struct drm_file;
struct wse_device;

/* One compute kernel, as the image's KERNELS section lists it. */
struct wse_fw_kinfo {
	u32 id;
	u32 version;
	u32 dtypes;			/* WSE_FW_DTYPE_BIT()s */
	u32 nargs;			/* strlen(signature) */
	char name[WSE_FW_KERNEL_NAME_LEN];
	char signature[WSE_FW_SIGNATURE_LEN];
};

/* The kernel table of an image, sorted by id. */
struct wse_fw_ktab {
	u32 count;
	struct wse_fw_kinfo k[];
};

/*
 * @lock orders firmware changes against everything that depends on the
 * firmware: a load (and the device reset before it) holds it for writing;
 * SUBMIT holds it for reading from checking its commands until its job is
 * committed, and the kernel query while it copies the table. So a load
 * sees every committed job (and refuses to run while one is active), and
 * no job is checked against a table that is being replaced.
 */
struct wse_fw {
	struct rw_semaphore lock;
	struct wse_fw_ktab *ktab;	/* of the running firmware, or NULL */
	/*
	 * The last image the device accepted, kept so that recovery can
	 * boot it again after a reset, as it was (from the firmware loader
	 * or FW_LOAD alike). Protected by @lock.
	 */
	void *image;
	size_t image_size;
	char image_src[48];
	/* WSE_REG_FW_LOG_SELECT and the DATA reads that follow it. */
	struct mutex log_lock;
};

/* wse_fw_image.c */
int wse_fw_image_check(struct wse_device *wdev, const u8 *data, size_t size,
		       const char *src, struct wse_fw_ktab **ktab);

/* wse_fw.c */
int wse_fw_init(struct wse_device *wdev);
void wse_fw_boot(struct wse_device *wdev);
int wse_fw_reboot(struct wse_device *wdev);
bool wse_fw_running(struct wse_device *wdev);
const struct wse_fw_kinfo *wse_fw_find_kernel(const struct wse_fw_ktab *t,
					      u32 id);
const char *wse_fw_state_name(u32 state);
const char *wse_fw_error_name(u32 err);

int wse_fw_load_ioctl(struct drm_device *drm, void *data,
		      struct drm_file *file);

/* wse_sysfs.c */
extern const struct attribute_group *wse_dev_groups[];

#endif /* __WSE_FW_H__ */
