/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * wse_accel.h - ioctl ABI of the wse DRM driver (/dev/accel/accelN on
 * kernels with the accel subsystem, /dev/dri/renderDN before it).
 *
 * Rules every structure here follows: explicit sizes, no implicit padding,
 * the same layout for 32- and 64-bit userspace, user pointers as __u64,
 * reserved fields and unknown flag bits must be zero (else -EINVAL).
 * Documentation/uapi.rst describes each ioctl and its errors.
 */
#ifndef _UAPI_WSE_ACCEL_H_
#define _UAPI_WSE_ACCEL_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * ABI version, reported by DRM_WSE_QUERY_DEVICE_INFO. The minor number
 * grows with backward-compatible additions; the major only on a break.
 */
#define DRM_WSE_ABI_MAJOR		1
#define DRM_WSE_ABI_MINOR		0

/* How version words in this ABI and in wse_hw.h are packed. */
#define DRM_WSE_FW_VERSION(maj, min, pat)	(((maj) << 16) | ((min) << 8) | (pat))
#define DRM_WSE_ABI_VERSION(maj, min)		(((maj) << 16) | (min))

#define DRM_WSE_QUERY			0x00

#define DRM_IOCTL_WSE_QUERY		DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_QUERY, \
						 struct drm_wse_query)

/* Queries for struct drm_wse_query.query */
#define DRM_WSE_QUERY_DEVICE_INFO	0	/* struct drm_wse_device_info */
#define DRM_WSE_QUERY_DEFECTS		1	/* struct drm_wse_defect[] */

/**
 * struct drm_wse_query - read a block of device information
 * @query: one of DRM_WSE_QUERY_*
 * @size: in, the bytes userspace has at @data; out, the bytes the kernel
 *	has for this query. With @data 0 nothing is copied and only @size is
 *	returned, so userspace can size its buffer. Otherwise the kernel
 *	copies min(in, out) bytes; fields a newer userspace knows and this
 *	kernel does not stay as userspace left them, and userspace tells
 *	which fields are valid from the returned @size.
 * @flags: must be zero
 * @data: user pointer to the result
 */
struct drm_wse_query {
	__u32 query;
	__u32 size;
	__u32 flags;
	__u32 pad;
	__u64 data;
};

/* drm_wse_device_info.fw_state, as the device reports it */
#define DRM_WSE_FW_STATE_WAIT		0	/* no firmware loaded */
#define DRM_WSE_FW_STATE_LOADING	1
#define DRM_WSE_FW_STATE_READY		2
#define DRM_WSE_FW_STATE_FAILED		3	/* refused an image */
#define DRM_WSE_FW_STATE_CRASHED	4

/**
 * struct drm_wse_device_info - identity and fabric geometry of a device
 *
 * New fields are only ever appended; see struct drm_wse_query.
 */
struct drm_wse_device_info {
	__u32 abi_major;		/* DRM_WSE_ABI_MAJOR of the driver */
	__u32 abi_minor;
	__u32 hw_spec_version;		/* WSE_REG_SPEC_VERSION */
	__u32 generation;		/* 3 for WSE-3 */
	__u16 pci_vendor;
	__u16 pci_device;
	__u16 pci_subsystem_vendor;
	__u16 pci_subsystem_device;
	__u32 pci_domain;
	__u8 pci_bus;
	__u8 pci_slot;
	__u8 pci_function;
	__u8 pci_revision;
	__u64 serial;
	__u32 phys_width;		/* physical PE grid, spares included */
	__u32 phys_height;
	__u32 log_width;		/* defect-free grid software sees */
	__u32 log_height;
	__u32 pe_sram_bytes;		/* SRAM per PE */
	__u32 spare_cols;
	__u32 spare_rows;
	__u32 defect_count;		/* defective physical PEs */
	__u64 fabric_bytes;		/* log_width * log_height * SRAM */
	__u32 clock_mhz;
	__u32 num_queues;
	__u32 max_queue_depth;
	__u32 hw_caps;			/* WSE_CAP_* from wse_hw.h */
	__u32 fw_state;			/* DRM_WSE_FW_STATE_* */
	__u32 fw_version;		/* major<<16 | minor<<8 | patch */
	__u32 fw_abi;			/* major << 16 | minor */
	__u32 status;			/* WSE_STATUS_* from wse_hw.h */
	__u32 fw_error;			/* WSE_FW_ERR_*, why FAILED */
	__u32 error_code;		/* WSE_ERR_*, why STATUS_FATAL */
	__u32 reset_count;		/* device resets since power-on */
	__u32 max_sgl_entries;		/* per DMA command */
};

/**
 * struct drm_wse_defect - one defective physical PE
 */
struct drm_wse_defect {
	__u16 x;
	__u16 y;
};

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_WSE_ACCEL_H_ */
