/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * wse_fw.h - firmware image format of the wafer-scale engine.
 *
 * The host hands an image to the device through the boot protocol of
 * wse_hw.h (FW_ADDR, FW_SIZE, FW_CONTROL). firmware/wsefw builds images
 * from a text description; the driver checks what it can before the load,
 * the device checks everything. Documentation/firmware.rst is the prose
 * that goes with this header.
 *
 * An image is one little-endian byte string:
 *
 *   offset 0                struct wse_fw_header (WSE_FW_HEADER_SIZE bytes)
 *   header.section_offset   section_count struct wse_fw_section
 *   section offsets         the sections' payloads
 *
 * Every offset is from the start of the image and a multiple of
 * WSE_FW_ALIGN. Sections lie within image_size, after the header and the
 * section table, and do not overlap each other. Padding bytes are zero.
 *
 * Integrity and origin:
 *   header.sha256    SHA-256 of the whole image (image_size bytes) with the
 *                    sha256 field itself read as zeros;
 *   SIGNATURE.mac    HMAC-SHA256 under the device's firmware key of the
 *                    whole image with both header.sha256 and the mac field
 *                    read as zeros.
 * The builder computes the MAC first, then the digest (which therefore
 * covers the MAC). An image without a SIGNATURE section is "unsigned" and
 * the device refuses it.
 */
#ifndef _UAPI_WSE_FW_H_
#define _UAPI_WSE_FW_H_

#include <linux/types.h>

#define WSE_FW_IMAGE_MAGIC		0x57465357	/* "WSFW" */
#define WSE_FW_FORMAT_MAJOR		1	/* incompatible layout changes */
#define WSE_FW_FORMAT_MINOR		0	/* additions only */
#define WSE_FW_HEADER_SIZE		128
#define WSE_FW_ALIGN			8
#define WSE_FW_NAME_LEN			32	/* NUL-padded, NUL-terminated */
#define WSE_FW_SHA256_LEN		32
#define WSE_FW_MAX_SECTIONS		16

/* Versions packed as in WSE_REG_FW_VERSION and DRM_WSE_FW_VERSION(). */
#define WSE_FW_VERSION(maj, min, pat)	(((maj) << 16) | ((min) << 8) | (pat))
/* ABI and spec versions packed as in WSE_REG_FW_ABI: major << 16 | minor. */
#define WSE_FW_ABI(maj, min)		(((maj) << 16) | (min))
#define WSE_FW_ABI_MAJOR_OF(v)		((v) >> 16)
#define WSE_FW_ABI_MINOR_OF(v)		((v) & 0xffff)

struct wse_fw_header {
	__le32 magic;		/* WSE_FW_IMAGE_MAGIC */
	__le16 format_major;	/* WSE_FW_FORMAT_MAJOR */
	__le16 format_minor;	/* may be newer than the reader's */
	__le32 header_size;	/* WSE_FW_HEADER_SIZE */
	__le32 image_size;	/* bytes, header included */
	__le32 fw_version;	/* WSE_FW_VERSION(): WSE_REG_FW_VERSION */
	__le32 hw_spec;		/* WSE_FW_ABI(WSE_HW_SPEC_MAJOR, _MINOR) it drives */
	__le32 fw_abi;		/* command/kernel ABI it speaks: WSE_REG_FW_ABI */
	__le32 generation;	/* the WSE_REG_GENERATION it runs on */
	__le32 section_count;	/* 1..WSE_FW_MAX_SECTIONS */
	__le32 section_offset;	/* of the section table */
	__le32 flags;		/* zero */
	__le32 reserved[5];	/* zero */
	char name[WSE_FW_NAME_LEN];	/* e.g. "wse3" */
	__u8 sha256[WSE_FW_SHA256_LEN];
};

enum wse_fw_section_type {
	WSE_FW_SECT_CONFIG	= 1,	/* struct wse_fw_kv[]: WSE_FW_CFG_* */
	WSE_FW_SECT_KERNELS	= 2,	/* struct wse_fw_kernel_table */
	WSE_FW_SECT_LIMITS	= 3,	/* struct wse_fw_kv[]: WSE_FW_LIM_* */
	WSE_FW_SECT_SIGNATURE	= 4,	/* struct wse_fw_signature */
	WSE_FW_SECT_NOTES	= 5,	/* UTF-8 text, not NUL-terminated */
};

/*
 * CONFIG, KERNELS and LIMITS appear exactly once, SIGNATURE and NOTES at
 * most once. A reader skips section types it does not know (a later minor
 * format may add some); type 0 is invalid.
 */
struct wse_fw_section {
	__le32 type;		/* enum wse_fw_section_type */
	__le32 offset;		/* multiple of WSE_FW_ALIGN */
	__le32 size;		/* bytes of payload */
	__le32 reserved;	/* zero */
};

/*
 * CONFIG and LIMITS are arrays of key/value records, each key at most
 * once. A key that is absent takes the default Documentation/firmware.rst
 * gives; an unknown key makes the image malformed.
 */
struct wse_fw_kv {
	__le32 key;
	__le32 value;
};

/* CONFIG: how the command processor runs. */
#define WSE_FW_CFG_HEARTBEAT_MS		1	/* 1..WSE_FW_HEARTBEAT_MS */
#define WSE_FW_CFG_WORKER_THREADS	2	/* compute workers, 0 = all */
#define WSE_FW_CFG_MAX_LAUNCH_WIDTH	3	/* PE columns in a LAUNCH */
#define WSE_FW_CFG_MAX_LAUNCH_HEIGHT	4	/* PE rows in a LAUNCH */

/* LIMITS: what the firmware needs and allows. */
#define WSE_FW_LIM_MAX_LAUNCH_PES	1	/* width * height of a LAUNCH */
#define WSE_FW_LIM_MIN_PE_SRAM		2	/* bytes per PE it needs */
#define WSE_FW_LIM_LAUNCH_TIMEOUT_MS	3	/* kernel watchdog, 0 = none */

/* Element types of kernel data (the value of a 't' argument). */
#define WSE_FW_DTYPE_F32		0	/* IEEE 754 binary32 */
#define WSE_FW_DTYPE_F16		1	/* IEEE 754 binary16 */
#define WSE_FW_DTYPE_BIT(t)		(1u << (t))

/*
 * Kernel argument types: one character per argument in a signature, in
 * argument order, at most WSE_LAUNCH_MAX_ARGS of them.
 */
#define WSE_FW_ARG_DTYPE		't'	/* WSE_FW_DTYPE_*, first if any */
#define WSE_FW_ARG_COUNT		'n'	/* element count, 1..65536 */
#define WSE_FW_ARG_OFFSET		'o'	/* byte offset in each PE's SRAM */
#define WSE_FW_ARG_FLOAT		'f'	/* finite binary32 bit pattern */
#define WSE_FW_ARG_ENUM			'u'	/* small selector, kernel-defined */

#define WSE_FW_KERNEL_NAME_LEN		32
#define WSE_FW_SIGNATURE_LEN		32

struct wse_fw_kernel {
	__le32 id;		/* LAUNCH kernel_id; unique in the table */
	__le32 version;		/* WSE_FW_ABI(major, minor) of the kernel */
	__le32 dtypes;		/* WSE_FW_DTYPE_BIT()s it accepts */
	__le32 flags;		/* zero */
	char name[WSE_FW_KERNEL_NAME_LEN];	  /* [a-z0-9_], unique */
	char signature[WSE_FW_SIGNATURE_LEN];  /* WSE_FW_ARG_* characters */
};

/* KERNELS: a count, then count entries of entry_size bytes. */
struct wse_fw_kernel_table {
	__le32 count;		/* 1..WSE_FW_MAX_KERNELS */
	__le32 entry_size;	/* sizeof(struct wse_fw_kernel) */
	struct wse_fw_kernel entries[];
};

#define WSE_FW_MAX_KERNELS		256

#define WSE_FW_SIG_HMAC_SHA256		1
#define WSE_FW_SIG_KEY_DEV		0	/* the development key */

struct wse_fw_signature {
	__le32 algo;		/* WSE_FW_SIG_HMAC_SHA256 */
	__le32 key_id;		/* WSE_FW_SIG_KEY_DEV */
	__u8 mac[WSE_FW_SHA256_LEN];
};

#endif /* _UAPI_WSE_FW_H_ */
