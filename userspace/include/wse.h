/* SPDX-License-Identifier: MIT */
/*
 * wse.h - libwse, the user library of the wse wafer-scale accelerator.
 *
 * Conventions, kept for the life of the soname:
 *  - handles are opaque and created/destroyed only by the library;
 *  - functions that can fail return 0 or a negative errno and leave their
 *    output parameters untouched on failure;
 *  - the library never prints and never exits; wse_strerror() turns a
 *    return value into text for the caller to show.
 *
 * Build against it with `pkg-config --cflags --libs libwse` (which pulls
 * in libdrm's include directory for "drm.h").
 */
#ifndef WSE_H
#define WSE_H

#include <stddef.h>
#include <stdint.h>

#include "wse_accel.h"

#if defined(__cplusplus)
extern "C" {
#endif

/* Library version; the soname moves only with WSE_LIB_VERSION_MAJOR. */
#define WSE_LIB_VERSION_MAJOR	1
#define WSE_LIB_VERSION_MINOR	0
#define WSE_LIB_VERSION_PATCH	0

/* "1.0.0": the version of the libwse actually loaded. */
const char *wse_lib_version(void);

/* ---------------------------------------------------------------------
 * Discovery
 * --------------------------------------------------------------------- */

/*
 * A snapshot of the devices bound to the wse driver, one entry per PCI
 * function, in PCI address order (so index N names the same device from
 * one call to the next while the hardware does not change).
 */
struct wse_device_list;

/*
 * Enumerate through udev. Finding no device is not an error: the list is
 * then empty. Free it with wse_device_list_free().
 */
int wse_device_list_create(struct wse_device_list **list);
void wse_device_list_free(struct wse_device_list *list);
unsigned int wse_device_list_count(const struct wse_device_list *list);
/* Device node, e.g. "/dev/accel/accel0"; NULL if @idx is out of range. */
const char *wse_device_list_node(const struct wse_device_list *list, unsigned int idx);
/* PCI address, e.g. "0000:01:00.0"; NULL if @idx is out of range. */
const char *wse_device_list_pci_address(const struct wse_device_list *list,
					unsigned int idx);

/* ---------------------------------------------------------------------
 * Selecting a device
 * --------------------------------------------------------------------- */

enum wse_selector_kind {
	WSE_SELECT_INDEX,	/* "0": position in the discovery list */
	WSE_SELECT_PCI,		/* "0000:01:00.0" or "01:00.0" */
	WSE_SELECT_SERIAL,	/* 16 hex digits, or 0x followed by hex */
	WSE_SELECT_PATH,	/* "/dev/accel/accel0": anything with a '/' */
};

struct wse_selector {
	enum wse_selector_kind kind;
	unsigned int index;
	uint32_t pci_domain;
	uint8_t pci_bus;
	uint8_t pci_slot;
	uint8_t pci_function;
	uint64_t serial;
	const char *path;	/* points into the parsed string */
};

/*
 * Parse the text an operator gives to name a device. Returns -EINVAL for
 * anything that is none of the forms above (empty, trailing junk, a PCI
 * slot > 31 or function > 7, an index or serial that overflows).
 */
int wse_selector_parse(const char *text, struct wse_selector *sel);

/* ---------------------------------------------------------------------
 * Opening a device
 * --------------------------------------------------------------------- */

struct wse_device;

/*
 * Open the device @selector names (NULL means index 0). Returns -ENODEV
 * when no device matches, -EINVAL for an unparseable selector, and what
 * wse_device_open_path() returns for the node it picked. A serial is
 * matched by opening each device; if none matches and some could not be
 * opened, the first such error is returned.
 */
int wse_device_open(const char *selector, struct wse_device **dev);

/*
 * Open a device node. Returns the open(2) errno (-ENOENT, -EACCES, ...),
 * -ENOTTY when the node is not a DRM device, -ENODEV when it is a DRM
 * device of another driver, -EPROTO when the driver speaks a major ABI
 * version this library does not.
 */
int wse_device_open_path(const char *path, struct wse_device **dev);
/* Open entry @idx of @list (-ENODEV if out of range); as above otherwise. */
int wse_device_list_open(const struct wse_device_list *list, unsigned int idx,
			 struct wse_device **dev);
void wse_device_close(struct wse_device *dev);

int wse_device_fd(const struct wse_device *dev);
const char *wse_device_node(const struct wse_device *dev);
/* "0000:01:00.0", from the driver's own report. */
const char *wse_device_pci_address(const struct wse_device *dev);
/* Position in the discovery list, or -1 when it is not in it. */
int wse_device_index(const struct wse_device *dev);

/* ---------------------------------------------------------------------
 * Queries
 * --------------------------------------------------------------------- */

/*
 * One DRM_IOCTL_WSE_QUERY. @size is in: the bytes at @data, out: the bytes
 * the driver has. @data NULL asks only for the size.
 */
int wse_query(struct wse_device *dev, uint32_t query, void *data, uint32_t *size);

/*
 * Identity, geometry and state. Fields this driver does not report are
 * zero; @valid_size (may be NULL) receives how many leading bytes of
 * @info it filled. Returns -EPROTO if the driver reports less than ABI
 * 1.0 defines.
 */
int wse_device_get_info(struct wse_device *dev, struct drm_wse_device_info *info,
			uint32_t *valid_size);

/*
 * The defective physical PEs. On success *@defects is a malloc()ed array
 * of *@count entries (NULL when the count is 0) the caller free()s.
 */
int wse_device_get_defects(struct wse_device *dev, struct drm_wse_defect **defects,
			   uint32_t *count);

/* ---------------------------------------------------------------------
 * Turning numbers into text. These never fail; unknown values get a
 * generic string rather than NULL.
 * --------------------------------------------------------------------- */

/* Message for a libwse return value (a negative errno). */
const char *wse_strerror(int err);
/* Message for a command completion status (enum wse_hw_status). */
const char *wse_cmd_status_str(uint32_t status);
/* "ready", "wait", ... for drm_wse_device_info.fw_state. */
const char *wse_fw_state_name(uint32_t fw_state);

/* Version words: major<<16 | minor<<8 | patch, and major<<16 | minor. */
#define WSE_FW_VERSION_MAJOR(v)		(((v) >> 16) & 0xffff)
#define WSE_FW_VERSION_MINOR(v)		(((v) >> 8) & 0xff)
#define WSE_FW_VERSION_PATCH(v)		((v) & 0xff)
#define WSE_ABI_VERSION_MAJOR(v)	(((v) >> 16) & 0xffff)
#define WSE_ABI_VERSION_MINOR(v)	((v) & 0xffff)

/*
 * Write "1.2.3" (firmware version word) or "1.0" (ABI/spec version word)
 * to @buf. Return 0, or -ENOSPC if it did not fit (@buf then holds a
 * truncated, terminated string).
 */
int wse_fw_version_format(uint32_t version, char *buf, size_t len);
int wse_abi_version_format(uint32_t version, char *buf, size_t len);

/* Name of one WSE_STATUS_* / WSE_CAP_* bit ("fw-ready"), or NULL. */
const char *wse_status_bit_name(unsigned int bit);
const char *wse_cap_bit_name(unsigned int bit);

/*
 * Space-separated names of the bits set in a WSE_STATUS_* or WSE_CAP_*
 * word ("fw-ready queues-active"); bits without a name show as "bitN";
 * "none" for 0. Returns 0 or -ENOSPC as above.
 */
int wse_status_format(uint32_t status, char *buf, size_t len);
int wse_caps_format(uint32_t caps, char *buf, size_t len);

#if defined(__cplusplus)
}
#endif

#endif /* WSE_H */
