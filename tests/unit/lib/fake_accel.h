/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scripted wse driver and device for host unit tests of libwse's buffer,
 * context, command-buffer and memcpy code.
 *
 * Tests linking fake_accel.o are built with -Wl,--wrap for drmIoctl, mmap,
 * drmPrimeHandleToFD and drmPrimeFDToHandle, so libwse's calls on a device
 * opened at /dev/null land here. The fake checks each ioctl as the errno
 * contract of uapi/wse_accel.h says, records what it was given, and runs
 * submitted commands synchronously on an in-memory fabric so round trips
 * can be checked byte for byte.
 */
#ifndef WSE_FAKE_ACCEL_H
#define WSE_FAKE_ACCEL_H

#include <stdbool.h>
#include <stdint.h>

#include "wse.h"

#define FAKE_MAX_BOS		512
#define FAKE_MAX_CTXS		8
#define FAKE_MAX_JOBS		4096
#define FAKE_BO_LIMIT		(1ull << 30)	/* BO_CREATE beyond: EINVAL */
#define FAKE_MAX_SYNCOBJS	256
#define FAKE_SYNCOBJ_BASE	0x200	/* handle of syncobj slot 0 */
#define FAKE_MAX_KERNELS	64

struct fake_bo {
	bool live;
	uint32_t handle;
	uint64_t size;
	uint64_t mmap_offset;
	int memfd;		/* shmem objects; -1 for userptr */
	unsigned char *mem;	/* what the device reads and writes */
	bool userptr;
	uint32_t userptr_flags;
};

struct fake_ctx {
	bool live;
	uint32_t id;
	uint32_t x, y, width, height, sram_offset, sram_bytes;
	uint64_t seqno;				/* last issued */
	uint32_t job_status[FAKE_MAX_JOBS];	/* by seqno */
	uint32_t job_failed_cmd[FAKE_MAX_JOBS];
};

/* One accepted DRM_IOCTL_WSE_SUBMIT. */
struct fake_submit {
	struct drm_wse_submit args;
	uint32_t first_cmd;	/* into fake.cmds */
	uint32_t handles[DRM_WSE_MAX_BOS];
	uint32_t in_syncobjs[DRM_WSE_MAX_IN_SYNCOBJS];
};

struct fake_state {
	bool active;
	int fd;				/* libwse's device fd */
	struct drm_wse_device_info info;
	unsigned char *fabric;		/* log_width x log_height x pe_sram_bytes */

	struct fake_bo bos[FAKE_MAX_BOS];
	uint32_t next_handle;
	unsigned int bo_creates, userptrs, gem_closes, imports, exports;

	struct fake_ctx ctxs[FAKE_MAX_CTXS];
	uint32_t place_x, place_y, place_sram;	/* where contexts go if they fit */

	struct fake_submit *submits;
	unsigned int nr_submits;
	struct drm_wse_cmd *cmds;	/* every accepted command, in order */
	unsigned int nr_cmds;
	unsigned int submit_calls;	/* including refused ones */
	struct drm_wse_submit last_submit_args;

	unsigned int waits;
	struct drm_wse_wait last_wait;

	/* DRM syncobjs: created, destroyed, named by submits. */
	bool syncobj_live[FAKE_MAX_SYNCOBJS];
	unsigned int syncobj_creates, syncobj_destroys;

	/*
	 * The running firmware's kernel table (the wse3 one after a reset);
	 * QUERY_KERNELS returns it while info.fw_state is READY, and LAUNCH
	 * is checked against it as the driver does. The device runs 'add' on
	 * fp32 data for real; other kernels are only recorded.
	 */
	struct drm_wse_kernel_info kernels[FAKE_MAX_KERNELS];
	uint32_t nr_kernels;
	unsigned int kernel_queries;
	uint32_t kernels_size_bias;	/* added to the size QUERY_KERNELS reports */

	/* 'add' gets element @e of PE (@x, @y) of the launch wrong by +1. */
	bool add_poison;
	uint32_t add_poison_x, add_poison_y, add_poison_e;

	/* DRM_IOCTL_WSE_FW_LOAD: what it was given, and what it answers. */
	unsigned int fw_loads;
	uint32_t fw_load_size;
	unsigned char fw_load_head[8];
	int fw_load_errno;		/* fail with this before anything else */
	uint32_t fw_refuse;		/* the device refuses: EIO + this fw_error */

	/* DRM_WSE_QUERY_DEFECTS answers with these (none by default). */
	const struct drm_wse_defect *defects;
	uint32_t nr_defects;

	/* Fault injection. */
	int userptr_errno;		/* BO_USERPTR fails with this */
	int submit_errno_at;		/* 1-based submit call that fails, 0 never */
	int submit_errno;
	unsigned int wait_etime;	/* the next N waits time out */
	bool busy;			/* every wait times out */
	uint32_t fail_status;		/* status of the command below */
	uint32_t fail_cmd;		/* global command index to fail, from 1 */
};

extern struct fake_state fake;

/* Reset to a working ABI 1.0 driver with unit_sample_info's device. */
void fake_reset(void);
/* A logical grid of another size (before opening the device). */
void fake_set_grid(uint32_t width, uint32_t height, uint32_t pe_sram_bytes);
/* Free the fabric and every object (between tests; children exit anyway). */
void fake_cleanup(void);

struct fake_bo *fake_bo_lookup(uint32_t handle);
unsigned int fake_live_bos(void);
struct fake_ctx *fake_ctx_lookup(uint32_t id);
unsigned int fake_live_syncobjs(void);
/* A syncobj the test made itself (as another library would): its handle. */
uint32_t fake_new_syncobj(void);
/* The kernel called @name in fake.kernels, or NULL. */
const struct drm_wse_kernel_info *fake_kernel(const char *name);
/* Byte @off of the reserved range of PE (@x, @y) of @ctx (relative coords). */
unsigned char *fake_pe_byte(const struct fake_ctx *ctx, uint32_t x, uint32_t y, uint32_t off);

/*
 * Are the bytes of a command the library encoded, after its own member of
 * the union (@used bytes of raw), all zero?
 */
static inline bool tail_zero(const struct drm_wse_cmd *c, size_t used)
{
	const unsigned char *p = (const unsigned char *)c->raw;
	size_t i;

	for (i = used; i < sizeof(c->raw); i++)
		if (p[i])
			return false;
	return true;
}

#endif /* WSE_FAKE_ACCEL_H */
