/* SPDX-License-Identifier: MIT */
/*
 * Definitions shared by the libwse sources and not part of its ABI.
 */
#ifndef WSE_INTERNAL_H
#define WSE_INTERNAL_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>

#include "wse.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* "dddd:bb:ss.f" with a domain of up to 8 hex digits, plus the NUL. */
#define WSE_PCI_ADDR_LEN	20

struct wse_device_entry {
	char *node;
	char pci_address[WSE_PCI_ADDR_LEN];
	uint32_t pci_domain;
	uint8_t pci_bus, pci_slot, pci_function;
};

struct wse_device_list {
	unsigned int count;
	struct wse_device_entry *entries;
};

struct wse_device {
	int fd;
	int index;
	char *node;
	char pci_address[WSE_PCI_ADDR_LEN];
	uint64_t serial;
	/* Limits the memcpy planner works within, read once at open. */
	uint32_t max_sgl_entries;
	uint32_t pe_sram_bytes;
	/*
	 * Every buffer object of this fd, so that importing a dma-buf whose
	 * GEM handle we already hold (PRIME hands back the same handle) shares
	 * one struct wse_bo instead of closing the handle twice.
	 */
	pthread_mutex_t lock;
	struct wse_bo *bos;
};

struct wse_bo {
	struct wse_device *dev;
	struct wse_bo *next;		/* dev->bos, under dev->lock */
	uint32_t handle;
	uint32_t refs;			/* wse_bo_destroy() calls still owed */
	uint64_t size;
	uint64_t mmap_offset;		/* 0 for userptr objects */
	void *user_ptr;			/* userptr objects: the wrapped memory */
	void *map;			/* CPU mapping while map_count > 0 */
	uint32_t map_count;
};

/* A mapped shmem buffer the memcpy API copies through. */
struct wse_staging {
	struct wse_staging *next;
	struct wse_bo *bo;
	void *map;
};

struct wse_ctx {
	struct wse_device *dev;
	struct wse_ctx_info info;
	/* Staging buffers kept for reuse; small transfers are the common case. */
	pthread_mutex_t lock;
	struct wse_staging *staging_free;
	uint64_t staging_cached;	/* bytes in staging_free */
};

struct wse_cmdbuf {
	struct wse_ctx *ctx;
	struct drm_wse_cmd *cmds;
	uint32_t count, cap;
	uint32_t *bo_handles;		/* bo_index -> GEM handle */
	uint32_t bo_count, bo_cap;
};

struct wse_task {
	struct wse_ctx *ctx;
	struct wse_bo *userptr;		/* zero-copy: the caller's memory */
	struct wse_staging *staging;	/* or a staging buffer */
	void *copy_out;			/* d2h through staging: copy here at the end */
	uint64_t bytes;
	uint32_t syncobj;		/* signals with the last job; 0: none */
	uint64_t *seqnos;		/* one per submit, in order */
	uint32_t nr_seqnos;
	uint32_t nr_waited;		/* seqnos already known complete */
	bool done;
	int result;			/* valid once done */
	struct wse_job_status status;	/* first failure, or the last job's */
	uint64_t device_time_ns;
};

/* Bytes of struct drm_wse_device_info that ABI 1.0 defines. */
#define WSE_INFO_SIZE_V1_0 \
	(offsetof(struct drm_wse_device_info, status) + \
	 sizeof(((struct drm_wse_device_info *)0)->status))

/*
 * The negative errno of the system call that just failed. Never 0, so a
 * failure can't turn into success through a libc that left errno alone.
 */
static inline int wse_neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* What an ABI 1.0 driver that leaves max_sgl_entries out is assumed to take. */
#define WSE_DEFAULT_MAX_SGL_ENTRIES	256

/*
 * memcpy planning: one transfer split into commands that each fit the
 * per-command limit, in host-array order.
 */
struct wse_xfer {
	uint32_t x, y, width, height;
	uint32_t elems_per_pe;
	uint32_t pe_offset;
	uint32_t esize;			/* 2 or 4 */
	bool col_major;
};

struct wse_chunk {
	uint64_t host_offset;		/* from the start of the host array */
	uint64_t length;
	uint16_t x, y, width, height;
	uint32_t elems_per_pe;
	uint32_t pe_offset;
};

/* Bytes of the whole host array of @t. */
uint64_t wse_xfer_bytes(const struct wse_xfer *t);

/*
 * Split @t into commands of at most @max_bytes host bytes each
 * (@max_bytes >= esize). With @chunks NULL only count them. Returns the
 * number of chunks (at least 1).
 */
uint64_t wse_plan_chunks(const struct wse_xfer *t, uint64_t max_bytes,
			 struct wse_chunk *chunks);

/* The host bytes one command may carry on @dev, a multiple of @esize. */
uint64_t wse_max_cmd_bytes(const struct wse_device *dev, uint32_t esize);

/* Buffer objects the library makes for itself. */
int wse_bo_new(struct wse_device *dev, uint32_t handle, uint64_t size,
	       uint64_t mmap_offset, void *user_ptr, struct wse_bo **out);

/* Staging buffers of a context, mapped; at least @size bytes. */
int wse_staging_get(struct wse_ctx *ctx, uint64_t size, struct wse_staging **out);
void wse_staging_put(struct wse_ctx *ctx, struct wse_staging *st);
void wse_staging_drain(struct wse_ctx *ctx);

/*
 * A new task of @ctx; with @syncobj, also a syncobj for its last job's
 * fence (the caller passes task->syncobj as that submit's out_syncobj).
 * The caller allocates task->seqnos.
 */
int wse_task_new(struct wse_ctx *ctx, bool syncobj, struct wse_task **out);
/* Undo wse_task_new() for a task that never submitted anything. */
void wse_task_discard(struct wse_task *task);
/* Give back a memcpy task's host-side buffer once its jobs are done. */
void wse_task_release_host(struct wse_task *task);
/*
 * The end of every call that runs blocking or not: hand @task to the
 * caller through @out, or wait for it, free it and return how it went.
 */
int wse_task_return(struct wse_task *task, bool nonblock, struct wse_task **out);

/* Split "dddd:bb:ss.f" or "bb:ss.f"; 0 or -EINVAL. */
int wse_pci_address_parse(const char *text, uint32_t *domain, uint8_t *bus,
			  uint8_t *slot, uint8_t *function);

#endif /* WSE_INTERNAL_H */
