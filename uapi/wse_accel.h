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
#define DRM_WSE_ABI_MINOR		1

/* How version words in this ABI and in wse_hw.h are packed. */
#define DRM_WSE_FW_VERSION(maj, min, pat)	(((maj) << 16) | ((min) << 8) | (pat))
#define DRM_WSE_ABI_VERSION(maj, min)		(((maj) << 16) | (min))

#define DRM_WSE_QUERY			0x00
#define DRM_WSE_BO_CREATE		0x01
#define DRM_WSE_BO_USERPTR		0x02
#define DRM_WSE_BO_INFO			0x03
#define DRM_WSE_CTX_CREATE		0x04
#define DRM_WSE_CTX_DESTROY		0x05
#define DRM_WSE_SUBMIT			0x06
#define DRM_WSE_WAIT			0x07
#define DRM_WSE_FW_LOAD			0x08

#define DRM_IOCTL_WSE_QUERY		DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_QUERY, \
						 struct drm_wse_query)
#define DRM_IOCTL_WSE_BO_CREATE		DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_BO_CREATE, \
						 struct drm_wse_bo_create)
#define DRM_IOCTL_WSE_BO_USERPTR	DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_BO_USERPTR, \
						 struct drm_wse_bo_userptr)
#define DRM_IOCTL_WSE_BO_INFO		DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_BO_INFO, \
						 struct drm_wse_bo_info)
#define DRM_IOCTL_WSE_CTX_CREATE	DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_CTX_CREATE, \
						 struct drm_wse_ctx_create)
#define DRM_IOCTL_WSE_CTX_DESTROY	DRM_IOW(DRM_COMMAND_BASE + DRM_WSE_CTX_DESTROY, \
						struct drm_wse_ctx_destroy)
#define DRM_IOCTL_WSE_SUBMIT		DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_SUBMIT, \
						 struct drm_wse_submit)
#define DRM_IOCTL_WSE_WAIT		DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_WAIT, \
						 struct drm_wse_wait)
#define DRM_IOCTL_WSE_FW_LOAD		DRM_IOW(DRM_COMMAND_BASE + DRM_WSE_FW_LOAD, \
						struct drm_wse_fw_load)

/* Queries for struct drm_wse_query.query */
#define DRM_WSE_QUERY_DEVICE_INFO	0	/* struct drm_wse_device_info */
#define DRM_WSE_QUERY_DEFECTS		1	/* struct drm_wse_defect[] */
#define DRM_WSE_QUERY_KERNELS		2	/* struct drm_wse_kernel_info[] */

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

/**
 * struct drm_wse_bo_create - allocate a buffer object in host memory
 * @size: in, bytes (rounded up to pages); out, the rounded size
 * @flags: must be zero
 * @handle: out, GEM handle
 * @mmap_offset: out, offset to mmap() the buffer through this fd
 */
struct drm_wse_bo_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
	__u64 mmap_offset;
};

#define DRM_WSE_BO_USERPTR_READONLY	(1u << 0)	/* device only reads it */

/**
 * struct drm_wse_bo_userptr - wrap user memory as a buffer object
 * @user_ptr: page-aligned start of the range
 * @size: page-aligned length
 * @flags: DRM_WSE_BO_USERPTR_*
 * @handle: out, GEM handle. Pages stay pinned while the object lives.
 */
struct drm_wse_bo_userptr {
	__u64 user_ptr;
	__u64 size;
	__u32 flags;
	__u32 handle;
};

/**
 * struct drm_wse_bo_info - size and mmap offset of a buffer object
 */
struct drm_wse_bo_info {
	__u32 handle;
	__u32 flags;		/* must be zero */
	__u64 size;		/* out */
	__u64 mmap_offset;	/* out, 0 for userptr objects */
};

/**
 * struct drm_wse_ctx_create - create a context owning a fabric reservation
 * @flags: must be zero
 * @ctx_id: out, the context's id within this file
 * @width, @height: in, the rectangle of PEs wanted
 * @sram_bytes: in, bytes of SRAM wanted in each PE of the rectangle
 * @x, @y: out, where the driver placed the rectangle on the logical grid
 * @sram_offset: out, where the byte range starts in each PE
 *
 * Commands of the context name PEs relative to (@x, @y) and SRAM offsets
 * relative to @sram_offset; the driver rejects anything outside. -ENOSPC
 * when no free placement exists.
 */
struct drm_wse_ctx_create {
	__u32 flags;
	__u32 ctx_id;
	__u16 width;
	__u16 height;
	__u32 sram_bytes;
	__u16 x;
	__u16 y;
	__u32 sram_offset;
};

struct drm_wse_ctx_destroy {
	__u32 ctx_id;
	__u32 pad;
};

/* struct drm_wse_cmd.opcode */
#define DRM_WSE_CMD_NOP			0
#define DRM_WSE_CMD_COPY_H2F		1	/* buffer -> PE rectangle */
#define DRM_WSE_CMD_COPY_F2H		2	/* PE rectangle -> buffer */
#define DRM_WSE_CMD_COPY_F2F		3	/* PE rectangle -> PE rectangle */
#define DRM_WSE_CMD_FILL		4	/* PE rectangle <- 32-bit value */
#define DRM_WSE_CMD_LAUNCH		5	/* run a firmware kernel */

/* struct drm_wse_cmd.flags */
#define DRM_WSE_CMD_F_COL_MAJOR		(1u << 0)
#define DRM_WSE_CMD_F_DTYPE_16		(1u << 1)

/*
 * Host data of H2F/F2H: @length bytes at @bo_offset in the buffer at
 * @bo_index of the submit's buffer list, laid out as in the device spec:
 * height x width x elems_per_pe elements, [h][w][l] row-major (l fastest)
 * or, with COL_MAJOR, [l][h][w] (w fastest). Rectangle and offsets are
 * relative to the context's reservation.
 */
/*
 * One copy may be larger than a single device command can carry (32-bit
 * length, MAX_SGL_ENTRIES segments): the driver splits it as needed.
 */
struct drm_wse_cmd_copy {
	__u32 bo_index;
	__u32 elems_per_pe;
	__u64 bo_offset;
	__u64 length;
	__u16 x, y, width, height;
	__u32 pe_offset;
	__u16 dst_x, dst_y;		/* F2F only */
	__u32 dst_pe_offset;		/* F2F only */
	__u32 reserved;
};

struct drm_wse_cmd_fill {
	__u16 x, y, width, height;
	__u32 pe_offset;
	__u32 length;			/* bytes per PE, multiple of 4 */
	__u32 value;
	__u32 reserved;
};

#define DRM_WSE_LAUNCH_MAX_ARGS		16

/*
 * Run kernel @kernel_id of the running firmware (DRM_WSE_QUERY_KERNELS) on
 * a rectangle of the context's PEs. args[i] is interpreted as character i
 * of the kernel's signature says (uapi/wse_fw.h, WSE_FW_ARG_*): 't' an
 * element type the kernel accepts, 'n' a count, 'o' a byte offset relative
 * to the context's SRAM range (the driver rebases it), 'f' the bits of a
 * finite float, 'u' a kernel-defined selector. args[nargs..15] are zero.
 */
struct drm_wse_cmd_launch {
	__u32 kernel_id;
	__u32 nargs;			/* = strlen(signature) */
	__u16 x, y, width, height;	/* relative to the context */
	__u32 args[DRM_WSE_LAUNCH_MAX_ARGS];
};

struct drm_wse_cmd {
	__u32 opcode;
	__u32 flags;
	union {
		struct drm_wse_cmd_copy copy;
		struct drm_wse_cmd_fill fill;
		struct drm_wse_cmd_launch launch;
		__u64 raw[15];
	};
};

#define DRM_WSE_MAX_CMDS		1024	/* per submit */
#define DRM_WSE_MAX_BOS			256	/* per submit */
#define DRM_WSE_MAX_IN_SYNCOBJS		64

/**
 * struct drm_wse_submit - queue a command buffer on a context
 * @ctx_id: context
 * @flags: must be zero
 * @cmds: user pointer to @cmd_count struct drm_wse_cmd, copied once
 * @bo_handles: user pointer to @bo_count __u32 GEM handles
 * @in_syncobjs: user pointer to @in_syncobj_count __u32 syncobj handles the
 *	job waits for before it starts
 * @out_syncobj: syncobj that gets the job's fence, 0 for none
 * @seqno: out, the job's sequence number in its context, for DRM_WSE_WAIT
 */
struct drm_wse_submit {
	__u32 ctx_id;
	__u32 flags;
	__u64 cmds;
	__u64 bo_handles;
	__u64 in_syncobjs;
	__u32 cmd_count;
	__u32 bo_count;
	__u32 in_syncobj_count;
	__u32 out_syncobj;
	__u64 seqno;
};

/* struct drm_wse_wait.status: 0, or the device status (WSE_STS_*) of the
 * first failing command, or one of these driver codes. */
#define DRM_WSE_JOB_OK			0
#define DRM_WSE_JOB_ABORTED		0x100	/* device unplugged or removed */
/* ABI 1.1: the outcomes of hang recovery (Documentation/uapi.rst). */
#define DRM_WSE_JOB_HANG		0x101	/* made no progress: ctx guilty */
#define DRM_WSE_JOB_CANCELED		0x102	/* ctx guilty or file banned */
#define DRM_WSE_JOB_LOST		0x103	/* executing when the device failed */

/**
 * struct drm_wse_wait - wait for a job to finish
 * @timeout_ns: in, relative timeout; 0 only polls. -ETIME when it expires.
 * @status: out, DRM_WSE_JOB_OK or why the job failed
 * @failed_cmd: out, index of the first failing command
 * @device_time_ns: out, sum of the commands' device time
 */
struct drm_wse_wait {
	__u32 ctx_id;
	__u32 flags;
	__u64 seqno;
	__u64 timeout_ns;
	__u32 status;
	__u32 failed_cmd;
	__u64 device_time_ns;
};

/**
 * struct drm_wse_kernel_info - one compute kernel of the running firmware
 * @id: the kernel_id a LAUNCH names
 * @version: major << 16 | minor of the kernel's interface
 * @dtypes: element types it accepts, WSE_FW_DTYPE_BIT()s of uapi/wse_fw.h
 * @flags: zero for now
 * @name: NUL-terminated, [a-z0-9_]
 * @signature: NUL-terminated argument types, WSE_FW_ARG_* of uapi/wse_fw.h
 *
 * DRM_WSE_QUERY_KERNELS returns an array of these in id order, empty while
 * no firmware is running.
 */
struct drm_wse_kernel_info {
	__u32 id;
	__u32 version;
	__u32 dtypes;
	__u32 flags;
	char name[32];
	char signature[32];
};

/**
 * struct drm_wse_fw_load - replace the device's firmware (CAP_SYS_ADMIN)
 * @data: user pointer to the image (uapi/wse_fw.h format)
 * @size: bytes at @data, at most WSE_FW_MAX_SIZE
 * @flags: must be zero
 *
 * Resets the device if firmware is running (fabric memory is kept, as
 * every reset keeps it since hardware spec 1.1),
 * then loads the image and waits for the device to accept or refuse it.
 * -EBUSY while jobs are in flight.
 */
struct drm_wse_fw_load {
	__u64 data;
	__u32 size;
	__u32 flags;
};

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_WSE_ACCEL_H_ */
