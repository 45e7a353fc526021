// SPDX-License-Identifier: MIT
/*
 * memcpy between host arrays and rectangles of PEs, in the wafer's terms.
 *
 * One call becomes: a buffer object for the host side (the caller's own
 * pages when the transfer is large enough to be worth pinning, else a
 * staging buffer and a CPU copy), the transfer split into commands that
 * fit the device's limits (memcpy_plan.c), those commands in as many
 * submits as DRM_WSE_MAX_CMDS requires, and a task that waits for every
 * submit in order and then releases the buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wse_internal.h"
#include "wse_hw.h"

/*
 * Is all of [@ptr, @ptr + @len) mapped? mincore(2) fails with ENOMEM on
 * any unmapped page. It does not see protections, so it catches the
 * common bad pointers (stale, freed, made up) without promising more.
 */
static int host_range_mapped(const void *ptr, uint64_t len)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)ptr & ~(page - 1);
	uintptr_t end = (uintptr_t)ptr + len;
	unsigned char vec[256];

	while (start < end) {
		uint64_t n = (end - start + page - 1) / page;

		if (n > sizeof(vec))
			n = sizeof(vec);
		if (mincore((void *)start, n * page, vec))
			return errno == ENOMEM ? -EFAULT : 0;
		start += n * page;
	}
	return 0;
}

static int check_args(struct wse_ctx *ctx, const void *host, uint32_t x, uint32_t y,
		      uint32_t width, uint32_t height, uint32_t elems_per_pe,
		      uint32_t pe_offset, enum wse_dtype dtype, enum wse_order order,
		      uint32_t flags, struct wse_task **task, struct wse_xfer *t)
{
	uint32_t esize;

	if (!ctx || !host || (flags & ~WSE_MEMCPY_NONBLOCK) ||
	    ((flags & WSE_MEMCPY_NONBLOCK) && !task))
		return -EINVAL;
	switch (dtype) {
	case WSE_DTYPE_16:
		esize = 2;
		break;
	case WSE_DTYPE_32:
		esize = 4;
		break;
	default:
		return -EINVAL;
	}
	if ((order != WSE_ORDER_ROW_MAJOR && order != WSE_ORDER_COL_MAJOR) ||
	    !width || !height || !elems_per_pe || pe_offset % esize)
		return -EINVAL;
	if ((uint64_t)x + width > ctx->info.width || (uint64_t)y + height > ctx->info.height ||
	    pe_offset > ctx->info.sram_bytes ||
	    (uint64_t)elems_per_pe * esize > ctx->info.sram_bytes - pe_offset)
		return -EACCES;
	*t = (struct wse_xfer){
		.x = x, .y = y, .width = width, .height = height,
		.elems_per_pe = elems_per_pe, .pe_offset = pe_offset,
		.esize = esize, .col_major = order == WSE_ORDER_COL_MAJOR,
	};
	/* A host array running past the end of the address space. */
	if (wse_xfer_bytes(t) > UINTPTR_MAX - (uintptr_t)host)
		return -EFAULT;
	return 0;
}

/*
 * Wrap the caller's pages (rounded out to whole pages) as a userptr
 * object. Returns 0, -EFAULT for memory that is not there, or another
 * error after which staging is the way to go (memory the driver cannot
 * pin, such as some file mappings, or a driver without userptr).
 */
static int wrap_host(struct wse_task *task, const void *host, bool d2h, uint64_t *base)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)host & ~(page - 1);
	uintptr_t end = ((uintptr_t)host + task->bytes + page - 1) & ~(page - 1);
	int ret;

	ret = wse_bo_userptr(task->ctx->dev, (void *)start, end - start,
			     d2h ? 0 : WSE_BO_USERPTR_READONLY, &task->userptr);
	if (ret == -EFAULT && !host_range_mapped(host, task->bytes))
		ret = -EOPNOTSUPP;	/* mapped, just not pinnable: stage it */
	if (!ret)
		*base = (uintptr_t)host - start;
	return ret;
}

static int stage_host(struct wse_task *task, const void *host, bool d2h)
{
	int ret = host_range_mapped(host, task->bytes);

	if (ret)
		return ret;
	ret = wse_staging_get(task->ctx, task->bytes, &task->staging);
	if (ret)
		return ret;
	if (d2h)
		task->copy_out = (void *)host;
	else
		memcpy(task->staging->map, host, task->bytes);
	return 0;
}

/* Queue the commands of @t, reading or writing @bo from @base on. */
static int submit_plan(struct wse_task *task, const struct wse_xfer *t, uint32_t handle,
		       uint64_t base, bool d2h)
{
	uint32_t flags = (t->col_major ? DRM_WSE_CMD_F_COL_MAJOR : 0) |
			 (t->esize == 2 ? DRM_WSE_CMD_F_DTYPE_16 : 0);
	uint64_t max = wse_max_cmd_bytes(task->ctx->dev, t->esize);
	struct wse_cmdbuf cb = { .ctx = task->ctx };
	struct wse_chunk *chunks;
	uint64_t n, i;
	int ret = 0;

	n = wse_plan_chunks(t, max, NULL);
	chunks = calloc(n, sizeof(*chunks));
	task->seqnos = calloc((n + DRM_WSE_MAX_CMDS - 1) / DRM_WSE_MAX_CMDS,
			      sizeof(*task->seqnos));
	if (!chunks || !task->seqnos) {
		ret = -ENOMEM;
		goto out;
	}
	wse_plan_chunks(t, max, chunks);
	for (i = 0; i < n && !ret; i++) {
		const struct wse_chunk *c = &chunks[i];
		struct wse_rect rect = { c->x, c->y, c->width, c->height };

		ret = (d2h ? wse_cmdbuf_copy_f2h : wse_cmdbuf_copy_h2f)(
			&cb, handle, base + c->host_offset, &rect, c->elems_per_pe,
			c->pe_offset, flags);
		if (!ret && (cb.count == DRM_WSE_MAX_CMDS || i + 1 == n)) {
			/* Jobs of a context run in order: the last one's fence is the task's. */
			ret = wse_cmdbuf_submit(&cb, NULL, 0, i + 1 == n ? task->syncobj : 0,
						&task->seqnos[task->nr_seqnos]);
			if (!ret)
				task->nr_seqnos++;
			wse_cmdbuf_reset(&cb);
		}
	}
out:
	free(cb.cmds);
	free(cb.bo_handles);
	free(chunks);
	return ret;
}

static int memcpy_common(struct wse_ctx *ctx, void *host, bool d2h, const struct wse_xfer *t,
			 uint32_t flags, struct wse_task **out)
{
	struct wse_task *task;
	uint64_t base = 0;
	int ret;

	ret = wse_task_new(ctx, flags & WSE_MEMCPY_NONBLOCK, &task);
	if (ret)
		return ret;
	ret = -EOPNOTSUPP;
	task->bytes = wse_xfer_bytes(t);
	if (task->bytes >= WSE_MEMCPY_ZEROCOPY_MIN && !((uintptr_t)host % t->esize))
		ret = wrap_host(task, host, d2h, &base);
	if (ret == -EFAULT)
		goto err;
	if (ret) {
		ret = stage_host(task, host, d2h);
		if (ret)
			goto err;
	}
	ret = submit_plan(task, t, wse_bo_handle(task->userptr ? task->userptr :
						 task->staging->bo), base, d2h);
	if (ret) {
		/*
		 * Earlier submits may be running: they must finish before the
		 * buffer goes. Their outcome no longer matters.
		 */
		task->copy_out = NULL;
		wse_task_wait(task, WSE_TIMEOUT_INFINITE, NULL);
		goto err;
	}
	return wse_task_return(task, flags & WSE_MEMCPY_NONBLOCK, out);

err:
	wse_task_discard(task);
	return ret;
}

int wse_memcpy_h2d(struct wse_ctx *ctx, const void *host, uint32_t x, uint32_t y,
		   uint32_t width, uint32_t height, uint32_t elems_per_pe,
		   uint32_t pe_offset, enum wse_dtype dtype, enum wse_order order,
		   uint32_t flags, struct wse_task **task)
{
	struct wse_xfer t;
	int ret;

	ret = check_args(ctx, host, x, y, width, height, elems_per_pe, pe_offset, dtype,
			 order, flags, task, &t);
	if (ret)
		return ret;
	return memcpy_common(ctx, (void *)host, false, &t, flags, task);
}

int wse_memcpy_d2h(struct wse_ctx *ctx, void *host, uint32_t x, uint32_t y,
		   uint32_t width, uint32_t height, uint32_t elems_per_pe,
		   uint32_t pe_offset, enum wse_dtype dtype, enum wse_order order,
		   uint32_t flags, struct wse_task **task)
{
	struct wse_xfer t;
	int ret;

	ret = check_args(ctx, host, x, y, width, height, elems_per_pe, pe_offset, dtype,
			 order, flags, task, &t);
	if (ret)
		return ret;
	return memcpy_common(ctx, host, true, &t, flags, task);
}
