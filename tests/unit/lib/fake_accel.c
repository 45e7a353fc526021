// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scripted wse driver and device behind fake_accel.h. Kept
 * deliberately literal: every check is the errno contract's wording, and
 * the device moves one element at a time with the layout formulas of
 * uapi/wse_hw.h, so it is an independent model of what libwse must get
 * right rather than a copy of libwse's own arithmetic.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xf86drm.h>

#include "fake_accel.h"
#include "unit_util.h"

#define PAGE	4096ull

struct fake_state fake;

int __real_drmIoctl(int fd, unsigned long request, void *arg);
int __wrap_drmIoctl(int fd, unsigned long request, void *arg);
void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __wrap_drmPrimeHandleToFD(int fd, uint32_t handle, uint32_t flags, int *prime_fd);
int __wrap_drmPrimeFDToHandle(int fd, int prime_fd, uint32_t *handle);

static int fail(int err)
{
	errno = err;
	return -1;
}

void fake_cleanup(void)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX_BOS; i++) {
		struct fake_bo *bo = &fake.bos[i];

		if (bo->live && !bo->userptr) {
			munmap(bo->mem, bo->size);
			close(bo->memfd);
		}
	}
	free(fake.fabric);
	free(fake.submits);
	free(fake.cmds);
	memset(&fake, 0, sizeof(fake));
}

static int fake_syncobj_create(struct drm_syncobj_create *a);

/* The table of firmware/wse3.fw, as the driver reports it. */
static const struct { const char *name, *sig; } wse3_kernels[] = {
	{ "gemv", "tnnoooff" }, { "gemm", "tnnnoooff" }, { "add", "tnooo" },
	{ "mul", "tnooo" }, { "axpy", "tnfoo" }, { "relu", "tnoo" },
	{ "reduce_rows", "tnuoo" }, { "reduce_cols", "tnuoo" }, { "reduce_all", "tnuoo" },
	{ "allreduce", "tnuoo" }, { "stencil5", "tnnoofffff" },
};

static void load_wse3_table(void)
{
	unsigned int i;

	memset(fake.kernels, 0, sizeof(fake.kernels));
	for (i = 0; i < sizeof(wse3_kernels) / sizeof(wse3_kernels[0]); i++) {
		struct drm_wse_kernel_info *k = &fake.kernels[i];

		k->id = i + 1;
		k->version = 0x00010000;
		k->dtypes = WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32) | WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F16);
		strcpy(k->name, wse3_kernels[i].name);
		strcpy(k->signature, wse3_kernels[i].sig);
	}
	fake.nr_kernels = i;
}

const struct drm_wse_kernel_info *fake_kernel(const char *name)
{
	uint32_t i;

	for (i = 0; i < fake.nr_kernels; i++)
		if (!strcmp(fake.kernels[i].name, name))
			return &fake.kernels[i];
	return NULL;
}

unsigned int fake_live_syncobjs(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < FAKE_MAX_SYNCOBJS; i++)
		n += fake.syncobj_live[i];
	return n;
}

uint32_t fake_new_syncobj(void)
{
	struct drm_syncobj_create a = { 0 };

	return fake_syncobj_create(&a) ? 0 : a.handle;
}

void fake_reset(void)
{
	fake_cleanup();
	fake.active = true;
	fake.fd = -1;
	fake.info = unit_sample_info;
	fake.fabric = calloc((size_t)fake.info.log_width * fake.info.log_height,
			     fake.info.pe_sram_bytes);
	fake.next_handle = 0x10;	/* handles are never small indexes */
	fake.place_x = 5;
	fake.place_y = 3;
	fake.place_sram = 4096;
	fake.submits = calloc(FAKE_MAX_JOBS, sizeof(*fake.submits));
	fake.cmds = calloc((size_t)FAKE_MAX_JOBS * 4, sizeof(*fake.cmds));
	load_wse3_table();
}

void fake_set_grid(uint32_t width, uint32_t height, uint32_t pe_sram_bytes)
{
	free(fake.fabric);
	fake.info.log_width = width;
	fake.info.log_height = height;
	fake.info.pe_sram_bytes = pe_sram_bytes;
	fake.info.fabric_bytes = (uint64_t)width * height * pe_sram_bytes;
	fake.fabric = calloc(fake.info.fabric_bytes, 1);
}

struct fake_bo *fake_bo_lookup(uint32_t handle)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX_BOS; i++)
		if (fake.bos[i].live && fake.bos[i].handle == handle)
			return &fake.bos[i];
	return NULL;
}

unsigned int fake_live_bos(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < FAKE_MAX_BOS; i++)
		n += fake.bos[i].live;
	return n;
}

struct fake_ctx *fake_ctx_lookup(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX_CTXS; i++)
		if (fake.ctxs[i].live && fake.ctxs[i].id == id)
			return &fake.ctxs[i];
	return NULL;
}

unsigned char *fake_pe_byte(const struct fake_ctx *ctx, uint32_t x, uint32_t y, uint32_t off)
{
	uint64_t pe = (uint64_t)(ctx->y + y) * fake.info.log_width + ctx->x + x;

	return fake.fabric + pe * fake.info.pe_sram_bytes + ctx->sram_offset + off;
}

static struct fake_bo *new_bo(void)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX_BOS; i++)
		if (!fake.bos[i].live) {
			memset(&fake.bos[i], 0, sizeof(fake.bos[i]));
			fake.bos[i].live = true;
			fake.bos[i].memfd = -1;
			fake.bos[i].handle = fake.next_handle++;
			return &fake.bos[i];
		}
	return NULL;
}

/* A shmem object over @memfd (taken over) of @size bytes. */
static struct fake_bo *new_shmem_bo(int memfd, uint64_t size)
{
	struct fake_bo *bo = new_bo();

	if (!bo)
		return NULL;
	bo->memfd = memfd;
	bo->size = size;
	bo->mmap_offset = (uint64_t)bo->handle << 32;
	bo->mem = __real_mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (bo->mem == MAP_FAILED) {
		bo->live = false;
		return NULL;
	}
	return bo;
}

static int fake_bo_create(struct drm_wse_bo_create *a)
{
	struct fake_bo *bo;
	uint64_t size;
	int memfd;

	fake.bo_creates++;
	if (a->flags || !a->size || a->size > FAKE_BO_LIMIT)
		return fail(EINVAL);
	size = (a->size + PAGE - 1) & ~(PAGE - 1);
	memfd = memfd_create("fake-bo", MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, (off_t)size))
		return fail(ENOMEM);
	bo = new_shmem_bo(memfd, size);
	if (!bo) {
		close(memfd);
		return fail(ENOMEM);
	}
	a->size = size;
	a->handle = bo->handle;
	a->mmap_offset = bo->mmap_offset;
	return 0;
}

static bool range_mapped(uint64_t start, uint64_t size)
{
	unsigned char vec[64];
	uint64_t off;

	for (off = 0; off < size; off += PAGE)
		if (mincore((void *)(uintptr_t)(start + off), PAGE, vec))
			return false;
	return true;
}

static int fake_bo_userptr(struct drm_wse_bo_userptr *a)
{
	struct fake_bo *bo;

	fake.userptrs++;
	if (a->flags & ~DRM_WSE_BO_USERPTR_READONLY)
		return fail(EINVAL);
	if (!a->size || a->user_ptr % PAGE || a->size % PAGE || a->user_ptr + a->size < a->size)
		return fail(EINVAL);
	if (!range_mapped(a->user_ptr, a->size))
		return fail(EFAULT);
	if (fake.userptr_errno)
		return fail(fake.userptr_errno);
	bo = new_bo();
	if (!bo)
		return fail(ENOMEM);
	bo->userptr = true;
	bo->userptr_flags = a->flags;
	bo->size = a->size;
	bo->mem = (unsigned char *)(uintptr_t)a->user_ptr;
	a->handle = bo->handle;
	return 0;
}

static int fake_bo_info(struct drm_wse_bo_info *a)
{
	struct fake_bo *bo;

	if (a->flags)
		return fail(EINVAL);
	bo = fake_bo_lookup(a->handle);
	if (!bo)
		return fail(ENOENT);
	a->size = bo->size;
	a->mmap_offset = bo->mmap_offset;
	return 0;
}

static int fake_gem_close(struct drm_gem_close *a)
{
	struct fake_bo *bo = fake_bo_lookup(a->handle);

	fake.gem_closes++;
	if (!bo || a->pad)
		return fail(EINVAL);	/* as the DRM core answers */
	if (!bo->userptr) {
		munmap(bo->mem, bo->size);
		close(bo->memfd);
	}
	bo->live = false;
	return 0;
}

static int fake_ctx_create(struct drm_wse_ctx_create *a)
{
	const struct drm_wse_device_info *i = &fake.info;
	struct fake_ctx *ctx = NULL;
	unsigned int n;

	if (a->flags)
		return fail(EINVAL);
	if (!a->width || !a->height || !a->sram_bytes || a->width > i->log_width ||
	    a->height > i->log_height || a->sram_bytes > i->pe_sram_bytes)
		return fail(EINVAL);
	for (n = 0; n < FAKE_MAX_CTXS && !ctx; n++)
		if (!fake.ctxs[n].live)
			ctx = &fake.ctxs[n];
	if (!ctx)
		return fail(ENOSPC);
	memset(ctx, 0, sizeof(*ctx));
	ctx->live = true;
	ctx->id = 100 + (uint32_t)(ctx - fake.ctxs);
	ctx->width = a->width;
	ctx->height = a->height;
	ctx->sram_bytes = a->sram_bytes;
	ctx->x = fake.place_x + a->width <= i->log_width ? fake.place_x : 0;
	ctx->y = fake.place_y + a->height <= i->log_height ? fake.place_y : 0;
	ctx->sram_offset = fake.place_sram + a->sram_bytes <= i->pe_sram_bytes ?
			   fake.place_sram : 0;
	a->ctx_id = ctx->id;
	a->x = ctx->x;
	a->y = ctx->y;
	a->sram_offset = ctx->sram_offset;
	return 0;
}

static int fake_ctx_destroy(struct drm_wse_ctx_destroy *a)
{
	struct fake_ctx *ctx;

	if (a->pad)
		return fail(EINVAL);
	ctx = fake_ctx_lookup(a->ctx_id);
	if (!ctx)
		return fail(ENOENT);
	ctx->live = false;
	return 0;
}

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

static bool rect_in(const struct fake_ctx *ctx, uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	return (uint64_t)x + w <= ctx->width && (uint64_t)y + h <= ctx->height;
}

static bool sram_in(const struct fake_ctx *ctx, uint64_t off, uint64_t bytes)
{
	return off + bytes <= ctx->sram_bytes;
}

static const struct drm_wse_kernel_info *kernel_by_id(uint32_t id)
{
	uint32_t i;

	if (fake.info.fw_state != DRM_WSE_FW_STATE_READY)
		return NULL;
	for (i = 0; i < fake.nr_kernels; i++)
		if (fake.kernels[i].id == id)
			return &fake.kernels[i];
	return NULL;
}

/*
 * A LAUNCH, in the order Documentation/uapi.rst gives: the packet
 * (EINVAL), firmware (ENOEXEC), kernel (ENOENT), arguments against the
 * signature (EINVAL), then the context (EACCES).
 */
static int check_launch(const struct fake_ctx *ctx, const struct drm_wse_cmd *c)
{
	const struct drm_wse_cmd_launch *l = &c->launch;
	const struct drm_wse_kernel_info *k;
	uint32_t i, esize = 4;
	bool outside = false;

	if (c->flags || l->nargs > DRM_WSE_LAUNCH_MAX_ARGS || !l->width || !l->height ||
	    !all_zero((const char *)c->raw + sizeof(*l), sizeof(c->raw) - sizeof(*l)))
		return EINVAL;
	for (i = l->nargs; i < DRM_WSE_LAUNCH_MAX_ARGS; i++)
		if (l->args[i])
			return EINVAL;
	if (fake.info.fw_state != DRM_WSE_FW_STATE_READY || !fake.nr_kernels)
		return ENOEXEC;
	k = kernel_by_id(l->kernel_id);
	if (!k)
		return ENOENT;
	if (l->nargs != strlen(k->signature))
		return EINVAL;
	for (i = 0; i < l->nargs; i++) {
		uint32_t v = l->args[i];

		switch (k->signature[i]) {
		case 't':
			if (v >= 32 || !(k->dtypes & (1u << v)))
				return EINVAL;
			esize = v == WSE_FW_DTYPE_F16 ? 2 : 4;
			break;
		case 'n':
			if (!v || v > 65536)
				return EINVAL;
			break;
		case 'o':
			if (v % esize)
				return EINVAL;
			if (v >= ctx->sram_bytes)
				outside = true;
			break;
		case 'f':
			if ((v & 0x7f800000) == 0x7f800000)
				return EINVAL;
			break;
		}
	}
	if (outside || !rect_in(ctx, l->x, l->y, l->width, l->height))
		return EACCES;
	return 0;
}

/* The errno DRM_IOCTL_WSE_SUBMIT gives @c, or 0. */
static int check_cmd(const struct fake_ctx *ctx, const struct drm_wse_cmd *c,
		     const uint32_t *handles, uint32_t bo_count)
{
	const struct drm_wse_cmd_copy *cp = &c->copy;
	const struct drm_wse_cmd_fill *f = &c->fill;
	uint32_t esize = c->flags & DRM_WSE_CMD_F_DTYPE_16 ? 2 : 4;
	const struct fake_bo *bo;

	switch (c->opcode) {
	case DRM_WSE_CMD_NOP:
		return c->flags || !all_zero(c->raw, sizeof(c->raw)) ? EINVAL : 0;
	case DRM_WSE_CMD_FILL:
		if (c->flags || f->reserved ||
		    !all_zero((const char *)c->raw + sizeof(*f), sizeof(c->raw) - sizeof(*f)))
			return EINVAL;
		if (!f->width || !f->height || !f->length || f->length % 4 || f->pe_offset % 4)
			return EINVAL;
		if (!rect_in(ctx, f->x, f->y, f->width, f->height) ||
		    !sram_in(ctx, f->pe_offset, f->length))
			return EACCES;
		return 0;
	case DRM_WSE_CMD_COPY_H2F:
	case DRM_WSE_CMD_COPY_F2H:
	case DRM_WSE_CMD_COPY_F2F:
		break;
	case DRM_WSE_CMD_LAUNCH:
		return check_launch(ctx, c);
	default:
		return EINVAL;
	}
	if (cp->reserved ||
	    !all_zero((const char *)c->raw + sizeof(*cp), sizeof(c->raw) - sizeof(*cp)))
		return EINVAL;
	if (c->opcode == DRM_WSE_CMD_COPY_F2F) {
		if (c->flags & ~DRM_WSE_CMD_F_DTYPE_16 || cp->bo_index || cp->bo_offset ||
		    cp->length)
			return EINVAL;
	} else if (c->flags & ~(DRM_WSE_CMD_F_DTYPE_16 | DRM_WSE_CMD_F_COL_MAJOR) ||
		   cp->dst_x || cp->dst_y || cp->dst_pe_offset) {
		return EINVAL;
	}
	if (!cp->width || !cp->height || !cp->elems_per_pe || cp->pe_offset % esize)
		return EINVAL;
	if (c->opcode != DRM_WSE_CMD_COPY_F2F) {
		if (cp->length != (uint64_t)cp->width * cp->height * cp->elems_per_pe * esize)
			return EINVAL;
		if (cp->bo_index >= bo_count)
			return EINVAL;
		bo = fake_bo_lookup(handles[cp->bo_index]);
		if (cp->bo_offset > bo->size || cp->length > bo->size - cp->bo_offset)
			return EINVAL;
	}
	if (!rect_in(ctx, cp->x, cp->y, cp->width, cp->height) ||
	    !sram_in(ctx, cp->pe_offset, (uint64_t)cp->elems_per_pe * esize))
		return EACCES;
	if (c->opcode == DRM_WSE_CMD_COPY_F2F) {
		if (cp->dst_pe_offset % esize)
			return EINVAL;
		if (!rect_in(ctx, cp->dst_x, cp->dst_y, cp->width, cp->height) ||
		    !sram_in(ctx, cp->dst_pe_offset, (uint64_t)cp->elems_per_pe * esize))
			return EACCES;
	}
	return 0;
}

/* Host element index of element @l of PE (@x, @y), as uapi/wse_hw.h lays out. */
static uint64_t host_index(const struct drm_wse_cmd *c, uint32_t x, uint32_t y, uint32_t l)
{
	const struct drm_wse_cmd_copy *cp = &c->copy;

	if (c->flags & DRM_WSE_CMD_F_COL_MAJOR)
		return ((uint64_t)l * cp->height + y) * cp->width + x;
	return ((uint64_t)y * cp->width + x) * cp->elems_per_pe + l;
}

/* 'add' on fp32 data, z = x + y in every PE; other kernels do nothing. */
static void run_launch(const struct fake_ctx *ctx, const struct drm_wse_cmd_launch *l)
{
	const struct drm_wse_kernel_info *k = kernel_by_id(l->kernel_id);
	uint32_t x, y, e, px, py;
	float a, b;

	if (strcmp(k->name, "add") || l->args[0] != WSE_FW_DTYPE_F32)
		return;
	for (y = 0; y < l->height; y++)
		for (x = 0; x < l->width; x++)
			for (e = 0; e < l->args[1]; e++) {
				px = l->x + x;
				py = l->y + y;
				memcpy(&a, fake_pe_byte(ctx, px, py, l->args[2] + 4 * e), 4);
				memcpy(&b, fake_pe_byte(ctx, px, py, l->args[3] + 4 * e), 4);
				a += b;
				if (fake.add_poison && x == fake.add_poison_x &&
				    y == fake.add_poison_y && e == fake.add_poison_e)
					a += 1.0f;
				memcpy(fake_pe_byte(ctx, px, py, l->args[4] + 4 * e), &a, 4);
			}
}

static void run_cmd(const struct fake_ctx *ctx, const struct drm_wse_cmd *c,
		    const uint32_t *handles)
{
	const struct drm_wse_cmd_copy *cp = &c->copy;
	uint32_t esize = c->flags & DRM_WSE_CMD_F_DTYPE_16 ? 2 : 4;
	unsigned char *host = NULL;
	uint32_t x, y, l;

	if (c->opcode == DRM_WSE_CMD_FILL) {
		for (y = 0; y < c->fill.height; y++)
			for (x = 0; x < c->fill.width; x++)
				for (l = 0; l < c->fill.length; l += 4)
					memcpy(fake_pe_byte(ctx, c->fill.x + x, c->fill.y + y,
							    c->fill.pe_offset + l),
					       &c->fill.value, 4);
		return;
	}
	if (c->opcode == DRM_WSE_CMD_NOP)
		return;
	if (c->opcode == DRM_WSE_CMD_LAUNCH) {
		run_launch(ctx, &c->launch);
		return;
	}
	if (c->opcode != DRM_WSE_CMD_COPY_F2F)
		host = fake_bo_lookup(handles[cp->bo_index])->mem + cp->bo_offset;
	for (y = 0; y < cp->height; y++)
		for (x = 0; x < cp->width; x++)
			for (l = 0; l < cp->elems_per_pe; l++) {
				unsigned char *pe = fake_pe_byte(ctx, cp->x + x, cp->y + y,
								 cp->pe_offset + l * esize);

				if (c->opcode == DRM_WSE_CMD_COPY_H2F)
					memcpy(pe, host + host_index(c, x, y, l) * esize, esize);
				else if (c->opcode == DRM_WSE_CMD_COPY_F2H)
					memcpy(host + host_index(c, x, y, l) * esize, pe, esize);
				else
					memmove(fake_pe_byte(ctx, cp->dst_x + x, cp->dst_y + y,
							     cp->dst_pe_offset + l * esize),
						pe, esize);
			}
}

static bool syncobj_ok(uint32_t handle)
{
	return handle >= FAKE_SYNCOBJ_BASE && handle < FAKE_SYNCOBJ_BASE + FAKE_MAX_SYNCOBJS &&
	       fake.syncobj_live[handle - FAKE_SYNCOBJ_BASE];
}

static int fake_syncobj_create(struct drm_syncobj_create *a)
{
	unsigned int i;

	fake.syncobj_creates++;
	if (a->flags)
		return fail(EINVAL);
	for (i = 0; i < FAKE_MAX_SYNCOBJS; i++)
		if (!fake.syncobj_live[i]) {
			fake.syncobj_live[i] = true;
			a->handle = FAKE_SYNCOBJ_BASE + i;
			return 0;
		}
	return fail(ENOMEM);
}

static int fake_syncobj_destroy(struct drm_syncobj_destroy *a)
{
	fake.syncobj_destroys++;
	if (a->pad || !syncobj_ok(a->handle))
		return fail(EINVAL);
	fake.syncobj_live[a->handle - FAKE_SYNCOBJ_BASE] = false;
	return 0;
}

static int fake_submit(struct drm_wse_submit *a)
{
	const struct drm_wse_cmd *cmds = (const void *)(uintptr_t)a->cmds;
	const uint32_t *handles = (const void *)(uintptr_t)a->bo_handles;
	const uint32_t *syncobjs = (const void *)(uintptr_t)a->in_syncobjs;
	struct fake_submit *rec;
	struct fake_ctx *ctx;
	uint32_t i, status = 0, failed = 0;
	int err;

	fake.submit_calls++;
	fake.last_submit_args = *a;
	if (a->flags)
		return fail(EINVAL);
	if (!a->cmd_count)
		return fail(EINVAL);
	if (a->cmd_count > DRM_WSE_MAX_CMDS || a->bo_count > DRM_WSE_MAX_BOS ||
	    a->in_syncobj_count > DRM_WSE_MAX_IN_SYNCOBJS)
		return fail(E2BIG);
	if (fake.submit_errno_at && (int)fake.submit_calls == fake.submit_errno_at)
		return fail(fake.submit_errno);
	ctx = fake_ctx_lookup(a->ctx_id);
	if (!ctx)
		return fail(ENOENT);
	if ((a->cmd_count && !cmds) || (a->bo_count && !handles) ||
	    (a->in_syncobj_count && !syncobjs))
		return fail(EFAULT);
	for (i = 0; i < a->bo_count; i++)
		if (!fake_bo_lookup(handles[i]))
			return fail(ENOENT);
	for (i = 0; i < a->in_syncobj_count; i++)
		if (!syncobj_ok(syncobjs[i]))
			return fail(ENOENT);
	if (a->out_syncobj && !syncobj_ok(a->out_syncobj))
		return fail(ENOENT);
	for (i = 0; i < a->cmd_count; i++) {
		err = check_cmd(ctx, &cmds[i], handles, a->bo_count);
		if (err)
			return fail(err);
	}
	if (ctx->seqno + 1 >= FAKE_MAX_JOBS || fake.nr_submits >= FAKE_MAX_JOBS ||
	    fake.nr_cmds + a->cmd_count > FAKE_MAX_JOBS * 4)
		return fail(ENOMEM);

	rec = &fake.submits[fake.nr_submits++];
	rec->args = *a;
	rec->first_cmd = fake.nr_cmds;
	if (a->bo_count)
		memcpy(rec->handles, handles, a->bo_count * sizeof(*handles));
	if (a->in_syncobj_count)
		memcpy(rec->in_syncobjs, syncobjs, a->in_syncobj_count * sizeof(*syncobjs));
	for (i = 0; i < a->cmd_count; i++) {
		fake.cmds[fake.nr_cmds++] = cmds[i];
		if (status)
			continue;	/* the device stops at a failed command */
		if (fake.fail_cmd && fake.nr_cmds == fake.fail_cmd) {
			status = fake.fail_status;
			failed = i;
			continue;
		}
		run_cmd(ctx, &cmds[i], handles);
	}
	a->seqno = ++ctx->seqno;
	rec->args.seqno = a->seqno;
	ctx->job_status[a->seqno] = status;
	ctx->job_failed_cmd[a->seqno] = failed;
	return 0;
}

static int fake_wait(struct drm_wse_wait *a)
{
	struct fake_ctx *ctx;

	fake.waits++;
	fake.last_wait = *a;
	if (a->flags)
		return fail(EINVAL);
	ctx = fake_ctx_lookup(a->ctx_id);
	if (!ctx)
		return fail(ENOENT);
	if (!a->seqno || a->seqno > ctx->seqno)
		return fail(EINVAL);
	if (fake.busy)
		return fail(ETIME);
	if (fake.wait_etime) {
		fake.wait_etime--;
		return fail(ETIME);
	}
	a->status = ctx->job_status[a->seqno];
	a->failed_cmd = ctx->job_failed_cmd[a->seqno];
	a->device_time_ns = 1000;
	return 0;
}

static int fake_query(struct drm_wse_query *q)
{
	uint32_t size;

	if (q->flags || q->pad)
		return fail(EINVAL);
	switch (q->query) {
	case DRM_WSE_QUERY_DEVICE_INFO:
		size = sizeof(fake.info);
		if (q->data)
			memcpy((void *)(uintptr_t)q->data, &fake.info,
			       q->size < size ? q->size : size);
		break;
	case DRM_WSE_QUERY_DEFECTS:
		size = fake.nr_defects * sizeof(*fake.defects);
		if (q->data && size)
			memcpy((void *)(uintptr_t)q->data, fake.defects,
			       q->size < size ? q->size : size);
		break;
	case DRM_WSE_QUERY_KERNELS:
		fake.kernel_queries++;
		size = fake.info.fw_state == DRM_WSE_FW_STATE_READY ?
		       fake.nr_kernels * sizeof(fake.kernels[0]) + fake.kernels_size_bias : 0;
		if (size > sizeof(fake.kernels))
			size = sizeof(fake.kernels);
		if (q->data)
			memcpy((void *)(uintptr_t)q->data, fake.kernels,
			       q->size < size ? q->size : size);
		break;
	default:
		return fail(EINVAL);
	}
	q->size = size;
	return 0;
}

/*
 * The driver's checks (what it can see of the image: size, magic), then
 * the device's verdict: fw_refuse makes it refuse with that fw_error.
 */
static int fake_fw_load(struct drm_wse_fw_load *a)
{
	const unsigned char *img = (const void *)(uintptr_t)a->data;

	fake.fw_loads++;
	if (fake.fw_load_errno)
		return fail(fake.fw_load_errno);
	if (a->flags)
		return fail(EINVAL);
	if (a->size > WSE_FW_MAX_SIZE)
		return fail(E2BIG);
	if (!img)
		return fail(EFAULT);
	fake.fw_load_size = a->size;
	memcpy(fake.fw_load_head, img, a->size < 8 ? a->size : 8);
	if (a->size < WSE_FW_HEADER_SIZE || memcmp(img, "WSFW", 4))
		return fail(EINVAL);
	fake.info.reset_count++;
	if (fake.fw_refuse) {
		fake.info.fw_state = DRM_WSE_FW_STATE_FAILED;
		fake.info.fw_error = fake.fw_refuse;
		fake.info.fw_version = 0;
		fake.info.fw_abi = 0;
		return fail(EIO);
	}
	fake.info.fw_state = DRM_WSE_FW_STATE_READY;
	fake.info.fw_error = WSE_FW_ERR_NONE;
	load_wse3_table();
	return 0;
}

int __wrap_drmIoctl(int fd, unsigned long request, void *arg)
{
	if (!fake.active)
		return __real_drmIoctl(fd, request, arg);
	switch (request) {
	case DRM_IOCTL_VERSION: {
		struct drm_version *v = arg;

		fake.fd = fd;
		if (v->name && v->name_len)
			memcpy(v->name, "wse", v->name_len < 3 ? v->name_len : 3);
		v->name_len = 3;
		return 0;
	}
	case DRM_IOCTL_WSE_QUERY:
		return fake_query(arg);
	case DRM_IOCTL_WSE_BO_CREATE:
		return fake_bo_create(arg);
	case DRM_IOCTL_WSE_BO_USERPTR:
		return fake_bo_userptr(arg);
	case DRM_IOCTL_WSE_BO_INFO:
		return fake_bo_info(arg);
	case DRM_IOCTL_GEM_CLOSE:
		return fake_gem_close(arg);
	case DRM_IOCTL_WSE_CTX_CREATE:
		return fake_ctx_create(arg);
	case DRM_IOCTL_WSE_CTX_DESTROY:
		return fake_ctx_destroy(arg);
	case DRM_IOCTL_WSE_SUBMIT:
		return fake_submit(arg);
	case DRM_IOCTL_WSE_WAIT:
		return fake_wait(arg);
	case DRM_IOCTL_WSE_FW_LOAD:
		return fake_fw_load(arg);
	case DRM_IOCTL_SYNCOBJ_CREATE:
		return fake_syncobj_create(arg);
	case DRM_IOCTL_SYNCOBJ_DESTROY:
		return fake_syncobj_destroy(arg);
	default:
		return fail(ENOTTY);
	}
}

/* mmap of the device fd at a BO's offset maps that BO's shmem. */
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	unsigned int i;

	if (!fake.active || fd != fake.fd || fd < 0)
		return __real_mmap(addr, len, prot, flags, fd, off);
	for (i = 0; i < FAKE_MAX_BOS; i++) {
		struct fake_bo *bo = &fake.bos[i];

		if (bo->live && !bo->userptr && bo->mmap_offset == (uint64_t)off) {
			if (len > bo->size) {
				errno = EINVAL;
				return MAP_FAILED;
			}
			return __real_mmap(addr, len, prot, flags, bo->memfd, 0);
		}
	}
	errno = EACCES;		/* what DRM answers for an unknown offset */
	return MAP_FAILED;
}

int __wrap_drmPrimeHandleToFD(int fd, uint32_t handle, uint32_t flags, int *prime_fd)
{
	struct fake_bo *bo = fake_bo_lookup(handle);
	int out;

	(void)fd;
	fake.exports++;
	if (flags & ~(DRM_CLOEXEC | DRM_RDWR))
		return fail(EINVAL);
	if (!bo)
		return fail(ENOENT);
	if (bo->userptr)
		return fail(EINVAL);
	out = fcntl(bo->memfd, F_DUPFD_CLOEXEC, 0);
	if (out < 0)
		return -1;
	*prime_fd = out;
	return 0;
}

/* Like the kernel: a buffer this fd already has comes back as its handle. */
int __wrap_drmPrimeFDToHandle(int fd, int prime_fd, uint32_t *handle)
{
	struct stat want, st;
	struct fake_bo *bo;
	unsigned int i;
	int memfd;

	(void)fd;
	fake.imports++;
	if (fstat(prime_fd, &want))
		return fail(EBADF);
	for (i = 0; i < FAKE_MAX_BOS; i++) {
		bo = &fake.bos[i];
		if (bo->live && !bo->userptr && !fstat(bo->memfd, &st) &&
		    st.st_dev == want.st_dev && st.st_ino == want.st_ino) {
			*handle = bo->handle;
			return 0;
		}
	}
	if (!S_ISREG(want.st_mode) || !want.st_size)
		return fail(EINVAL);	/* not a dma-buf */
	memfd = fcntl(prime_fd, F_DUPFD_CLOEXEC, 0);
	if (memfd < 0)
		return -1;
	bo = new_shmem_bo(memfd, (uint64_t)want.st_size);
	if (!bo) {
		close(memfd);
		return fail(ENOMEM);
	}
	*handle = bo->handle;
	return 0;
}
