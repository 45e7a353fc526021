/* SPDX-License-Identifier: MIT */
/*
 * wse.h - libwse, the user library of the wse wafer-scale accelerator.
 *
 * Conventions, kept for the life of the soname:
 *  - handles are opaque and created/destroyed only by the library;
 *  - functions that can fail return 0 or a negative errno and leave their
 *    output parameters untouched on failure;
 *  - the library never prints and never exits; wse_strerror() turns a
 *    return value into text for the caller to show;
 *  - different objects may be used from different threads at once; one
 *    object (a command buffer, a task) from one thread at a time. Buffer
 *    objects and contexts of one device may be created and destroyed from
 *    any thread.
 *
 * Build against it with `pkg-config --cflags --libs libwse` (which pulls
 * in libdrm's include directory for "drm.h").
 */
#ifndef WSE_H
#define WSE_H

#include <stddef.h>
#include <stdint.h>

#include "wse_accel.h"
#include "wse_fw.h"

#if defined(__cplusplus)
extern "C" {
#endif

/* Library version; the soname moves only with WSE_LIB_VERSION_MAJOR. */
#define WSE_LIB_VERSION_MAJOR	1
#define WSE_LIB_VERSION_MINOR	1
#define WSE_LIB_VERSION_PATCH	0

/* "1.1.0": the version of the libwse actually loaded. */
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
/*
 * Close the device. Destroy its buffer objects, contexts, command buffers
 * and tasks first: closing the fd releases what the driver holds for them,
 * but not the library's handles.
 */
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
 * The driver's sysfs attributes of a device (libwse 1.1)
 * --------------------------------------------------------------------- */

/*
 * Where sysfs is mounted: $WSE_SYSFS_ROOT if set and not empty, else
 * "/sys". Tests set it to read a recorded tree. Discovery (libudev) does
 * not use it.
 */
const char *wse_sysfs_root(void);

/*
 * Read the attribute @name of the PCI device @pci_address
 * ("0000:01:00.0" or "01:00.0") into @buf, without the trailing newline:
 * "state", "fw_state", "reset_count", ... (Documentation/admin-guide.rst).
 * Needs no access to the device node. Returns 0, -EINVAL for a bad
 * address or a name that is not one path component, -ENOENT when the
 * driver has no such attribute (or the device is gone), or the errno of
 * open(2)/read(2). A value longer than @len - 1 is truncated.
 */
int wse_pci_attr_read(const char *pci_address, const char *name, char *buf, size_t len);
/* The same for an open device. */
int wse_device_attr_read(const struct wse_device *dev, const char *name, char *buf,
			 size_t len);

/*
 * Graceful device reset through the driver's "recover" attribute: it
 * waits for running jobs (bounded), resets the device, restarts its
 * firmware and resumes the queues; nothing queued is lost. Needs
 * CAP_SYS_ADMIN. Returns 0 once the driver has done it; -EACCES or -EPERM
 * without privilege, -EOPNOTSUPP when the driver has no "recover"
 * attribute, -ENODEV when no driver is bound to @pci_address, or the
 * driver's errno for the write (-EIO: the device did not come back).
 */
int wse_pci_recover(const char *pci_address);
int wse_device_recover(struct wse_device *dev);

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
/*
 * drm_wse_device_info.fw_error (WSE_FW_ERR_*): a short name as sysfs shows
 * it ("unsigned", "bad_hash", ...) and a sentence saying why the device
 * refused the image.
 */
const char *wse_fw_error_name(uint32_t fw_error);
const char *wse_fw_error_str(uint32_t fw_error);

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

/* ---------------------------------------------------------------------
 * Buffer objects: host memory the device reads and writes by DMA
 * --------------------------------------------------------------------- */

/*
 * A GEM buffer object of one open device. The driver pins and maps its
 * pages for DMA only while submitted work uses them. Jobs already
 * submitted keep their own reference, so destroying an object they use
 * is safe.
 */
struct wse_bo;

/*
 * Allocate a shmem-backed object of at least @size bytes (the driver
 * rounds up to pages; wse_bo_size() says how much). -EINVAL for size 0 or
 * beyond the driver's limit, -ENOMEM.
 */
int wse_bo_create(struct wse_device *dev, uint64_t size, struct wse_bo **bo);

/* The device only reads the memory: allows read-only mappings. */
#define WSE_BO_USERPTR_READONLY		DRM_WSE_BO_USERPTR_READONLY

/*
 * Wrap @size bytes of the caller's memory at @ptr, both page aligned. The
 * pages stay pinned until the object is destroyed; the memory must stay
 * mapped that long. -EINVAL if not page aligned, size 0, overflowing or
 * unknown @flags; -EFAULT if the range is not mapped (or not writable
 * without WSE_BO_USERPTR_READONLY).
 */
int wse_bo_userptr(struct wse_device *dev, void *ptr, uint64_t size, uint32_t flags,
		   struct wse_bo **bo);

/*
 * Map the object for the CPU (shared, read-write) through the device fd
 * and its mmap offset; for a userptr object, return the wrapped memory.
 * Mappings are counted: each wse_bo_map() is undone by one wse_bo_unmap(),
 * and the address stays the same while the count is above zero.
 * mmap(2)'s errno on failure.
 */
int wse_bo_map(struct wse_bo *bo, void **ptr);
/* -EINVAL if the object is not mapped. */
int wse_bo_unmap(struct wse_bo *bo);

/*
 * Export as a dma-buf (DRM PRIME; close-on-exec, read-write). The caller
 * owns *@fd. The ioctl's errno on failure (-EINVAL for a userptr object
 * if the driver does not export those).
 */
int wse_bo_export_dmabuf(struct wse_bo *bo, int *fd);

/*
 * Import a dma-buf. The caller keeps @fd. Importing a buffer this device
 * already has (one of its own exports, or the same dma-buf twice) returns
 * the same struct wse_bo; each import still needs its wse_bo_destroy().
 * -EBADF for a bad fd, the ioctl's errno otherwise.
 */
int wse_bo_import_dmabuf(struct wse_device *dev, int fd, struct wse_bo **bo);

/* Drop one reference; the last one unmaps and closes the GEM handle. */
void wse_bo_destroy(struct wse_bo *bo);

/* The GEM handle, for command buffers and PRIME; 0 for NULL. */
uint32_t wse_bo_handle(const struct wse_bo *bo);
/* The size in bytes (page multiple); 0 for NULL. */
uint64_t wse_bo_size(const struct wse_bo *bo);

/* ---------------------------------------------------------------------
 * Contexts: a reservation of fabric memory
 * --------------------------------------------------------------------- */

/*
 * A context owns a rectangle of PEs and a byte range in each of their
 * SRAMs, granted by the driver. Everything a context's commands name is
 * relative to the reservation: PE (0, 0) is its top-left corner and SRAM
 * offset 0 is the start of its byte range. The reservation is returned
 * when the context is destroyed or the device closed (the process exits).
 */
struct wse_ctx;

struct wse_ctx_info {
	uint32_t id;			/* the driver's ctx_id */
	uint32_t x, y;			/* origin on the logical grid */
	uint32_t width, height;		/* PEs */
	uint32_t sram_offset;		/* where the range starts in each PE */
	uint32_t sram_bytes;		/* its length */
};

/*
 * Reserve @width x @height PEs with @sram_bytes of SRAM in each.
 * -EINVAL when a dimension is zero or larger than the grid / a PE's SRAM,
 * -ENOSPC when no free placement exists now.
 */
int wse_ctx_create(struct wse_device *dev, uint32_t width, uint32_t height,
		   uint32_t sram_bytes, struct wse_ctx **ctx);
/*
 * Free the reservation. Wait for (or free) the context's tasks first; jobs
 * still running are left to the driver.
 */
void wse_ctx_destroy(struct wse_ctx *ctx);
/* Where the driver placed the reservation. */
void wse_ctx_get_info(const struct wse_ctx *ctx, struct wse_ctx_info *info);
struct wse_device *wse_ctx_device(const struct wse_ctx *ctx);

/* How a job ended. */
struct wse_job_status {
	uint32_t status;		/* DRM_WSE_JOB_OK, WSE_STS_*, DRM_WSE_JOB_ABORTED */
	uint32_t failed_cmd;		/* index of the first failing command */
	uint64_t device_time_ns;	/* time the device spent on the job */
};

#define WSE_TIMEOUT_INFINITE		UINT64_MAX

/*
 * Wait up to @timeout_ns (0 polls, WSE_TIMEOUT_INFINITE never gives up)
 * for job @seqno of @ctx. Returns 0 once the job has finished, whether it
 * succeeded or not: @status (may be NULL) says which. -ETIME when the
 * timeout expires, -EINVAL for a seqno never issued on the context,
 * -ENODEV if the device is gone.
 */
int wse_wait(struct wse_ctx *ctx, uint64_t seqno, uint64_t timeout_ns,
	     struct wse_job_status *status);

/* ---------------------------------------------------------------------
 * Command buffers
 * --------------------------------------------------------------------- */

/* A rectangle of PEs, relative to a context's reservation. */
struct wse_rect {
	uint16_t x, y, width, height;
};

/*
 * Builds the commands of one submit. Buffers are named by GEM handle; the
 * builder keeps the submit's buffer list and gives each distinct handle its
 * bo_index. Appending checks what can be checked without the driver and
 * returns the errno the driver would, leaving the buffer unchanged on
 * failure:
 *   -EINVAL  unknown or inapplicable flags, zero width/height/elements,
 *            pe_offset not a multiple of the element size (4 for fill),
 *            fill length zero or not a multiple of 4, handle 0
 *   -EACCES  rectangle or SRAM range outside the context's reservation
 *   -E2BIG   DRM_WSE_MAX_CMDS commands or DRM_WSE_MAX_BOS buffers already
 * The host range a copy names ([bo_offset, bo_offset + length), length =
 * width * height * elems_per_pe * element size) is checked by the driver
 * at submit.
 */
struct wse_cmdbuf;

int wse_cmdbuf_create(struct wse_ctx *ctx, struct wse_cmdbuf **cb);
void wse_cmdbuf_destroy(struct wse_cmdbuf *cb);
/* Forget all commands and buffers, to build the next submit. */
void wse_cmdbuf_reset(struct wse_cmdbuf *cb);
uint32_t wse_cmdbuf_count(const struct wse_cmdbuf *cb);
uint32_t wse_cmdbuf_bo_count(const struct wse_cmdbuf *cb);

int wse_cmdbuf_nop(struct wse_cmdbuf *cb);

/*
 * Copy between the buffer @bo_handle at @bo_offset and @rect. @flags:
 * DRM_WSE_CMD_F_COL_MAJOR (host array [l][h][w] instead of [h][w][l]),
 * DRM_WSE_CMD_F_DTYPE_16 (2-byte elements instead of 4).
 */
int wse_cmdbuf_copy_h2f(struct wse_cmdbuf *cb, uint32_t bo_handle, uint64_t bo_offset,
			const struct wse_rect *rect, uint32_t elems_per_pe,
			uint32_t pe_offset, uint32_t flags);
int wse_cmdbuf_copy_f2h(struct wse_cmdbuf *cb, uint32_t bo_handle, uint64_t bo_offset,
			const struct wse_rect *rect, uint32_t elems_per_pe,
			uint32_t pe_offset, uint32_t flags);
/*
 * Copy @elems_per_pe elements from @pe_offset of each PE of @src to
 * @dst_pe_offset of the same-shaped rectangle at (@dst_x, @dst_y).
 * @flags: DRM_WSE_CMD_F_DTYPE_16 only.
 */
int wse_cmdbuf_copy_f2f(struct wse_cmdbuf *cb, const struct wse_rect *src,
			uint32_t pe_offset, uint16_t dst_x, uint16_t dst_y,
			uint32_t dst_pe_offset, uint32_t elems_per_pe, uint32_t flags);
/* Set @bytes_per_pe bytes from @pe_offset of each PE to the word @value. */
int wse_cmdbuf_fill(struct wse_cmdbuf *cb, const struct wse_rect *rect,
		    uint32_t pe_offset, uint32_t bytes_per_pe, uint32_t value);

/*
 * Queue the commands as one job on the context. The job first waits for
 * the @in_count DRM syncobjs in @in_syncobjs; @out_syncobj (0: none) gets
 * its fence. *@seqno (may be NULL) is the job's number for wse_wait().
 * The buffer keeps its commands, so it can be submitted again.
 * -EINVAL for an empty buffer or @in_syncobjs NULL with @in_count > 0,
 * -E2BIG for @in_count > DRM_WSE_MAX_IN_SYNCOBJS; otherwise the driver's
 * errno (uapi/wse_accel.h, Documentation/uapi.rst): -ENOENT unknown
 * handle or syncobj, -EINVAL host range outside a buffer, -ENODEV ...
 * A failed submit queues nothing.
 */
int wse_cmdbuf_submit(struct wse_cmdbuf *cb, const uint32_t *in_syncobjs,
		      uint32_t in_count, uint32_t out_syncobj, uint64_t *seqno);

/* ---------------------------------------------------------------------
 * memcpy between host arrays and rectangles of PEs
 * --------------------------------------------------------------------- */

enum wse_dtype {
	WSE_DTYPE_16 = 16,		/* 2-byte elements */
	WSE_DTYPE_32 = 32,		/* 4-byte elements */
};

enum wse_order {
	/* host array [height][width][elems_per_pe]: a PE's elements adjacent */
	WSE_ORDER_ROW_MAJOR = 0,
	/* host array [elems_per_pe][height][width]: one plane per element */
	WSE_ORDER_COL_MAJOR = 1,
};

/* Return once the copy is queued; finish it with wse_task_wait(). */
#define WSE_MEMCPY_NONBLOCK		(1u << 0)

/* A memcpy in flight. */
struct wse_task;

/*
 * Copy the host array @host (@height x @width x @elems_per_pe elements of
 * @dtype, laid out as @order) into the rectangle (@x, @y, @width, @height)
 * of @ctx's reservation, @elems_per_pe elements per PE stored from byte
 * @pe_offset on. Buffers and command packets are handled inside:
 *  - transfers of WSE_MEMCPY_ZEROCOPY_MIN bytes or more whose @host is
 *    aligned to the element size are DMAed straight from the caller's
 *    pages (a userptr object over the page-rounded span);
 *  - smaller or misaligned ones go through a staging buffer (memcpy);
 *  - transfers larger than one command or one submit may carry are split.
 * Blocking by default: returns once the data is in the fabric. With
 * WSE_MEMCPY_NONBLOCK, returns after queueing, with *@task set; @host
 * must then stay untouched until wse_task_wait() reports completion.
 * @task is unused without NONBLOCK and may be NULL.
 * Errors, with nothing queued:
 *   -EINVAL  NULL @host or @ctx, zero width/height/elems, bad @dtype,
 *            @order or @flags, @pe_offset not a multiple of the element
 *            size, NONBLOCK without @task
 *   -EACCES  rectangle or SRAM range outside the reservation
 *   -EFAULT  @host is not mapped for the whole array
 *   -ENOMEM, or the driver's errno for the submit
 * Errors once queued (blocking call, or wse_task_wait()):
 *   -EIO        the device failed a command (status in wse_task_wait())
 *   -ECANCELED  the job was aborted (reset, hang, unplug)
 */
int wse_memcpy_h2d(struct wse_ctx *ctx, const void *host, uint32_t x, uint32_t y,
		   uint32_t width, uint32_t height, uint32_t elems_per_pe,
		   uint32_t pe_offset, enum wse_dtype dtype, enum wse_order order,
		   uint32_t flags, struct wse_task **task);

/* The reverse of wse_memcpy_h2d(): rectangle of PEs -> host array @host. */
int wse_memcpy_d2h(struct wse_ctx *ctx, void *host, uint32_t x, uint32_t y,
		   uint32_t width, uint32_t height, uint32_t elems_per_pe,
		   uint32_t pe_offset, enum wse_dtype dtype, enum wse_order order,
		   uint32_t flags, struct wse_task **task);

/* Transfers at least this large, suitably aligned, skip the staging copy. */
#define WSE_MEMCPY_ZEROCOPY_MIN		(64u * 1024)

/*
 * Wait up to @timeout_ns for @task. 0 when the copy completed (for d2h
 * the data is in the host array), -EIO or -ECANCELED when the device
 * failed it (@status, may be NULL, says how; the host array is then
 * undefined), -ETIME when it is still running (wait again later). Once
 * complete, later calls return the same result at once.
 */
int wse_task_wait(struct wse_task *task, uint64_t timeout_ns, struct wse_job_status *status);

/* Wait for @task to complete, if it has not, and release it. */
void wse_task_free(struct wse_task *task);

/*
 * The DRM syncobj that signals when @task's last job has completed
 * (successfully or not), for DRM_IOCTL_WSE_SUBMIT's in_syncobjs or
 * wse_launch()'s @after. Every task a NONBLOCK call returns has one; it
 * belongs to the task and is destroyed by wse_task_free(). 0 for NULL.
 */
uint32_t wse_task_syncobj(const struct wse_task *task);

/* ---------------------------------------------------------------------
 * Firmware and compute kernels
 * --------------------------------------------------------------------- */

/*
 * Replace the device's firmware with the image at @image (@size bytes,
 * uapi/wse_fw.h format) and return once the device runs it. Needs
 * CAP_SYS_ADMIN. Resets the device first if firmware runs, which clears
 * the SRAM of every PE (contexts stay valid, their data does not).
 *   -EINVAL  NULL/empty image; or the driver refused it (malformed, or
 *            for another device or ABI; the kernel log says which)
 *   -E2BIG   larger than WSE_FW_MAX_SIZE
 *   -EPERM   the caller lacks CAP_SYS_ADMIN
 *   -EBUSY   jobs are in flight on the device; nothing changed
 *   -EIO     the device refused the image: drm_wse_device_info.fw_error
 *            says why (wse_fw_error_str()); no firmware runs now
 *   -ETIMEDOUT  the device did not decide; it was reset, no firmware runs
 */
int wse_fw_load(struct wse_device *dev, const void *image, size_t size);

/*
 * wse_fw_load() of the file at @path. The errno of open(2)/read(2) for a
 * file that cannot be read; -E2BIG for one larger than WSE_FW_MAX_SIZE
 * (not read), -EINVAL for an empty one.
 */
int wse_fw_load_file(struct wse_device *dev, const char *path);

/*
 * The compute kernels of the running firmware, in id order. On success
 * *@kernels is a malloc()ed array of *@count entries the caller free()s,
 * or NULL with a count of 0 when no firmware runs. -EPROTO if the driver
 * answers with something that is not a whole number of entries, -EAGAIN
 * if the table kept changing while it was read (firmware being loaded).
 */
int wse_kernels_query(struct wse_device *dev, struct drm_wse_kernel_info **kernels,
		      uint32_t *count);

/*
 * Look up the kernel called @name in the running firmware's table.
 * -EINVAL for a NULL, empty or over-long name, -ENOEXEC when no firmware
 * runs, -ENOENT when the firmware has no such kernel.
 */
int wse_kernel_find(struct wse_device *dev, const char *name,
		    struct drm_wse_kernel_info *info);

/* Its number of arguments: the length of its signature. */
uint32_t wse_kernel_nargs(const struct drm_wse_kernel_info *info);

/*
 * Kernel arguments are 32-bit words (Documentation/device-spec.rst,
 * "Compute kernels"): 't' a WSE_FW_DTYPE_* value, 'n' a count, 'o' a byte
 * offset relative to the context's SRAM range, 'f' the bits of a finite
 * binary32, 'u' a selector such as the reduction operators below.
 */
#ifndef WSE_REDUCE_SUM
#define WSE_REDUCE_SUM		0
#define WSE_REDUCE_MAX		1
#define WSE_REDUCE_MIN		2
#define WSE_REDUCE_MAXABS	3
#endif

/* The bits of @v, for an 'f' argument, and back. */
uint32_t wse_arg_f32(float v);
float wse_arg_to_f32(uint32_t arg);

/*
 * IEEE 754 binary16 <-> binary32, as the device converts fp16 data:
 * widening is exact; narrowing rounds to nearest, ties to even, gives
 * infinity on overflow and keeps NaNs NaN (quiet) and the sign of zero.
 */
uint16_t wse_f32_to_f16(float v);
float wse_f16_to_f32(uint16_t h);

/*
 * Append a LAUNCH of kernel @kernel_id (from wse_kernel_find() or
 * wse_kernels_query()) on the rectangle (@x, @y, @width, @height) of the
 * context, with @nargs argument words at @args. Checked here, with the
 * builder's errno convention: -EINVAL for NULL @args with @nargs > 0,
 * @nargs above DRM_WSE_LAUNCH_MAX_ARGS, a zero width or height; -EACCES
 * for a rectangle outside the reservation; -E2BIG when the buffer is
 * full. The driver checks the arguments against the kernel's signature
 * at submit (-ENOEXEC without firmware, -ENOENT for an unknown kernel,
 * -EINVAL, -EACCES).
 */
int wse_cmdbuf_launch(struct wse_cmdbuf *cb, uint32_t kernel_id, uint32_t x, uint32_t y,
		      uint32_t width, uint32_t height, const uint32_t *args, uint32_t nargs);

/* Return once the launch is queued; finish it with wse_task_wait(). */
#define WSE_LAUNCH_NONBLOCK		(1u << 0)

/*
 * Run the kernel called @kernel on the rectangle (@x, @y, @width,
 * @height) of @ctx with @nargs argument words, as one job. The job starts
 * once every task in @after (@nafter of them, may be tasks of other
 * contexts of the same device) has completed; jobs of one context run in
 * the order they were queued anyway, so tasks of @ctx itself need not be
 * listed. Blocking by default: returns once the kernel has finished.
 * With WSE_LAUNCH_NONBLOCK, returns after queueing with *@task set; its
 * wse_task_wait() status has the kernel's device time, and
 * wse_task_syncobj() lets further jobs wait for it. @task is unused
 * without NONBLOCK and may be NULL.
 * Errors, with nothing queued:
 *   -EINVAL  NULL @ctx or @kernel, bad @flags, NONBLOCK without @task,
 *            @nargs above DRM_WSE_LAUNCH_MAX_ARGS or not the length of
 *            the kernel's signature, NULL @args with @nargs > 0, NULL
 *            @after with @nafter > 0 or a NULL entry in it, a task of
 *            another device, a zero width or height, an argument invalid
 *            for its type ('t' a type the kernel does not take, 'n' 0 or
 *            above 65536, 'o' not a multiple of the element size, 'f' an
 *            infinity or NaN)
 *   -E2BIG   @nafter above DRM_WSE_MAX_IN_SYNCOBJS
 *   -EACCES  rectangle outside the reservation, or an 'o' offset at or
 *            beyond the context's sram_bytes
 *   -ENOEXEC no firmware runs; -ENOENT the firmware has no such kernel
 *   -ENOMEM, or the driver's errno for the submit
 * Errors once queued (blocking call, or wse_task_wait()):
 *   -EIO        the device refused or faulted the kernel (the status says
 *               which: WSE_STS_KERNEL_ARGS, WSE_STS_FABRIC_RANGE, ...)
 *   -ECANCELED  the job was aborted (reset, hang, unplug)
 */
int wse_launch(struct wse_ctx *ctx, const char *kernel, uint32_t x, uint32_t y,
	       uint32_t width, uint32_t height, const uint32_t *args, uint32_t nargs,
	       uint32_t flags, struct wse_task *const *after, uint32_t nafter,
	       struct wse_task **task);

#if defined(__cplusplus)
}
#endif

#endif /* WSE_H */
