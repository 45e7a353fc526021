// SPDX-License-Identifier: GPL-2.0-only
/*
 * Malformed requests get the errno the uapi contract documents and leave no
 * trace. Each variant of the "bad" fixture breaks one thing in an otherwise
 * valid submit (whose first command would visibly change the fabric); after
 * the refusal the out syncobj still has no fence, the next valid job gets
 * the next sequence number, and the fabric holds what it held before. The
 * "args" fixture does the same for BO, context and cross-file misuse.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_test_util.h"

/* The context of the "bad" fixture and the bytes it holds. */
#define CTX_W		4
#define CTX_H		4
#define CTX_SRAM	4096u
#define CTX_BYTES	(CTX_W * CTX_H * CTX_SRAM)
/* The command under test: an H2F of 4 x 4 PEs x 16 words at pe_offset 64. */
#define CMD_ELEMS	16
#define CMD_PE_OFFSET	64
#define BO_SIZE		(3 * CTX_BYTES)
#define MARKER		0xbadbad00u
/* Not user memory: a pointer into the kernel's direct map. */
#define KERNEL_PTR	0xffff888000000000ull

FIXTURE(bad) {
	int fd;
	struct drm_wse_ctx_create ctx;
	struct wse_bo bo;		/* [0, CTX_BYTES): what the fabric holds */
	__u32 out_sync;			/* never given a fence by a valid job */
	__u32 signalled;
	__u32 unsignalled;		/* no fence at all */
	void *none;			/* a PROT_NONE page */
	unsigned char *edge;		/* a page, then a PROT_NONE page */
	__u64 seqno;			/* of the last valid job */
};

/* A submit and the arrays it points at. */
struct req {
	struct drm_wse_submit s;
	struct drm_wse_cmd cmds[2];
	__u32 bos[2];
	__u32 in[2];
	void *heap;			/* freed after the call */
};

FIXTURE_VARIANT(bad) {
	void (*mutate)(struct req *r, const FIXTURE_DATA(bad) *e);
	int err;
};

/* Set the command's rectangle and elements, with the length to match. */
static void shape(struct drm_wse_cmd *c, __u16 x, __u16 y, __u16 w, __u16 h, __u32 elems,
		  __u32 pe_offset)
{
	c->copy.x = x;
	c->copy.y = y;
	c->copy.width = w;
	c->copy.height = h;
	c->copy.elems_per_pe = elems;
	c->copy.pe_offset = pe_offset;
	c->copy.length = wse_array_bytes(w, h, elems, c->flags);
}

/* A valid F2F of the command's rectangle, to pe_offset 2048. */
static void make_f2f(struct drm_wse_cmd *c)
{
	*c = wse_cmd_f2f(0, 0, 0, CTX_W, CTX_H, CMD_ELEMS, CMD_PE_OFFSET, 0, 0, 2048);
}

/* @n commands, copies of the FILL in cmds[0]; the last one is returned. */
static struct drm_wse_cmd *many_cmds(struct req *r, __u32 n)
{
	struct drm_wse_cmd *cmds = calloc(n, sizeof(*cmds));
	__u32 i;

	for (i = 0; cmds && i < n; i++)
		cmds[i] = r->cmds[0];
	r->heap = cmds;
	r->s.cmds = (uintptr_t)cmds;
	r->s.cmd_count = n;
	return cmds ? &cmds[n - 1] : &r->cmds[1];
}

static void many_u32(struct req *r, __u64 *ptr, __u32 *count, __u32 value, __u32 n)
{
	__u32 *a = calloc(n, sizeof(*a)), i;

	for (i = 0; a && i < n; i++)
		a[i] = value;
	r->heap = a;
	*ptr = (uintptr_t)a;
	*count = n;
}

/* @len bytes of @src placed so that they end @past bytes into PROT_NONE. */
static __u64 at_edge(const FIXTURE_DATA(bad) *e, const void *src, size_t len, size_t past)
{
	unsigned char *p = e->edge + WSE_PAGE - (len - past);

	memcpy(p, src, len - past);
	return (uintptr_t)p;
}

/*
 * One variant per broken thing: BAD(name, errno, statements on r, given
 * the fixture as e). r->cmds[1] is the command under test (an H2F).
 */
#define BAD(name, errnum, ...)							\
	static void mutate_##name(struct req *r, const FIXTURE_DATA(bad) *e)	\
	{									\
		struct drm_wse_cmd *c = &r->cmds[1];				\
		(void)r; (void)e; (void)c;					\
		__VA_ARGS__;							\
	}									\
	FIXTURE_VARIANT_ADD(bad, name) { .mutate = mutate_##name, .err = errnum }

/* The submit itself */
BAD(ctx_unknown, ENOENT, r->s.ctx_id += 1000);
BAD(ctx_zero, ENOENT, r->s.ctx_id = 0);
BAD(submit_flags_bit0, EINVAL, r->s.flags = 1);
BAD(submit_flags_bit31, EINVAL, r->s.flags = 1u << 31);
BAD(cmd_count_zero, EINVAL, r->s.cmd_count = 0);
BAD(cmd_count_over_max, E2BIG, many_cmds(r, DRM_WSE_MAX_CMDS + 1));
BAD(cmd_count_huge, E2BIG, r->s.cmd_count = 0xffffffff);
BAD(bo_count_over_max, E2BIG,
	many_u32(r, &r->s.bo_handles, &r->s.bo_count, e->bo.handle, DRM_WSE_MAX_BOS + 1));
BAD(bo_count_huge, E2BIG, r->s.bo_count = 0xffffffff);
BAD(in_count_over_max, E2BIG,
	many_u32(r, &r->s.in_syncobjs, &r->s.in_syncobj_count, e->signalled,
		 DRM_WSE_MAX_IN_SYNCOBJS + 1));
BAD(in_count_huge, E2BIG, r->s.in_syncobj_count = 0xffffffff);

/* User pointers */
BAD(cmds_null, EFAULT, r->s.cmds = 0);
BAD(cmds_prot_none, EFAULT, r->s.cmds = (uintptr_t)e->none);
BAD(cmds_end_in_prot_none, EFAULT,
	r->s.cmds = at_edge(e, r->cmds, sizeof(r->cmds), sizeof(r->cmds[1]) / 2));
BAD(cmds_kernel, EFAULT, r->s.cmds = KERNEL_PTR);
BAD(bo_handles_null, EFAULT, r->s.bo_handles = 0);
BAD(bo_handles_prot_none, EFAULT, r->s.bo_handles = (uintptr_t)e->none);
BAD(bo_handles_end_in_prot_none, EFAULT,
	r->bos[1] = e->bo.handle; r->s.bo_count = 2;
	r->s.bo_handles = at_edge(e, r->bos, sizeof(r->bos), 2));
BAD(bo_handles_kernel, EFAULT, r->s.bo_handles = KERNEL_PTR);
BAD(in_syncobjs_null, EFAULT, r->s.in_syncobjs = 0);
BAD(in_syncobjs_prot_none, EFAULT, r->s.in_syncobjs = (uintptr_t)e->none);
BAD(in_syncobjs_kernel, EFAULT, r->s.in_syncobjs = KERNEL_PTR);

/* Handles */
BAD(bo_handle_unknown, ENOENT, r->bos[0] = e->bo.handle + 1000);
BAD(bo_handle_zero, ENOENT, r->bos[0] = 0);
BAD(bo_handle_unused_unknown, ENOENT, r->bos[1] = e->bo.handle + 1000; r->s.bo_count = 2);
BAD(in_syncobj_unknown, ENOENT, r->in[0] = e->signalled + 1000);
BAD(in_syncobj_zero, ENOENT, r->in[0] = 0);
BAD(in_syncobj_without_fence, EINVAL, r->in[0] = e->unsignalled);
BAD(out_syncobj_unknown, ENOENT, r->s.out_syncobj = e->out_sync + 1000);

/* Opcodes and flags */
BAD(opcode_unknown, EINVAL, c->opcode = DRM_WSE_CMD_LAUNCH + 1);
BAD(opcode_hw_launch, EINVAL, c->opcode = 0x10);
BAD(opcode_huge, EINVAL, c->opcode = 0xffffffff);
BAD(cmd_flag_unknown, EINVAL, c->flags |= 1u << 2);
BAD(cmd_flag_bit31, EINVAL, c->flags |= 1u << 31);
BAD(col_major_on_f2f, EINVAL, make_f2f(c); c->flags = DRM_WSE_CMD_F_COL_MAJOR);
BAD(col_major_on_fill, EINVAL, r->cmds[0].flags = DRM_WSE_CMD_F_COL_MAJOR);
BAD(dtype16_on_fill, EINVAL, r->cmds[0].flags = DRM_WSE_CMD_F_DTYPE_16);
BAD(flags_on_nop, EINVAL, memset(c, 0, sizeof(*c)); c->flags = DRM_WSE_CMD_F_DTYPE_16);

/* Reserved and unused fields */
BAD(nop_body_nonzero, EINVAL, memset(c, 0, sizeof(*c)); c->raw[7] = 1);
BAD(copy_reserved, EINVAL, c->copy.reserved = 1);
BAD(copy_tail_first, EINVAL, c->raw[6] = 1);
BAD(copy_tail_last, EINVAL, c->raw[14] = 1ull << 63);
BAD(fill_reserved, EINVAL, r->cmds[0].fill.reserved = 1);
BAD(fill_tail, EINVAL, r->cmds[0].raw[3] = 1);
BAD(h2f_dst_x, EINVAL, c->copy.dst_x = 1);
BAD(h2f_dst_pe_offset, EINVAL, c->copy.dst_pe_offset = 4);
BAD(f2f_bo_index, EINVAL, make_f2f(c); c->copy.bo_index = 1);
BAD(f2f_bo_offset, EINVAL, make_f2f(c); c->copy.bo_offset = 4);
BAD(f2f_length, EINVAL, make_f2f(c); c->copy.length = 1024);

/* Host ranges */
BAD(bo_index_out_of_range, EINVAL, c->copy.bo_index = 1);
BAD(bo_index_no_bos, EINVAL, r->s.bo_count = 0);
BAD(bo_range_past_end, EINVAL, c->copy.bo_offset = e->bo.size - c->copy.length + 4);
BAD(bo_offset_at_end, EINVAL, c->copy.bo_offset = e->bo.size);
BAD(bo_offset_overflow, EINVAL, c->copy.bo_offset = ~0ull - 100);
BAD(f2h_range_past_end, EINVAL, c->opcode = DRM_WSE_CMD_COPY_F2H;
	c->copy.bo_offset = e->bo.size - 4);

/* Shapes */
BAD(length_short, EINVAL, c->copy.length -= 4);
BAD(length_long, EINVAL, c->copy.length += 4);
BAD(length_zero, EINVAL, c->copy.length = 0);
BAD(length_wraps_shape, EINVAL, c->copy.length += 1ull << 32);
BAD(width_zero, EINVAL, shape(c, 0, 0, 0, 1, CMD_ELEMS, 0));
BAD(height_zero, EINVAL, shape(c, 0, 0, 1, 0, CMD_ELEMS, 0));
BAD(elems_zero, EINVAL, shape(c, 0, 0, 1, 1, 0, 0));
BAD(pe_offset_misaligned_32, EINVAL, shape(c, 0, 0, 1, 1, 4, 66));
BAD(pe_offset_misaligned_16, EINVAL,
	c->flags = DRM_WSE_CMD_F_DTYPE_16; shape(c, 0, 0, 1, 1, 4, 65));
BAD(f2f_dst_pe_offset_misaligned, EINVAL, make_f2f(c); c->copy.dst_pe_offset = 2050);
BAD(fill_length_zero, EINVAL, r->cmds[0].fill.length = 0);
BAD(fill_length_unaligned, EINVAL, r->cmds[0].fill.length = 62);
BAD(fill_pe_offset_misaligned, EINVAL, r->cmds[0].fill.pe_offset = 2);
BAD(fill_width_zero, EINVAL, r->cmds[0].fill.width = 0);

/* Fabric ranges outside the reservation */
BAD(x_outside, EACCES, shape(c, CTX_W, 0, 1, 1, 4, 0));
BAD(x_plus_width, EACCES, shape(c, 1, 0, CTX_W, 1, 4, 0));
BAD(y_outside, EACCES, shape(c, 0, CTX_H, 1, 1, 4, 0));
BAD(y_plus_height, EACCES, shape(c, 0, 2, 1, CTX_H - 1, 4, 0));
BAD(width_beyond, EACCES, shape(c, 0, 0, CTX_W + 1, 1, 4, 0));
BAD(height_beyond, EACCES, shape(c, 0, 0, 1, CTX_H + 1, 4, 0));
BAD(x_wraps_u16, EACCES, shape(c, 0xffff, 0, 2, 1, 4, 0));
BAD(y_wraps_u16, EACCES, shape(c, 0, 0xfffe, 1, 3, 4, 0));
BAD(pe_offset_outside, EACCES, shape(c, 0, 0, 1, 1, 1, CTX_SRAM));
BAD(pe_span_past_end, EACCES, shape(c, 0, 0, 1, 1, 16, CTX_SRAM - 60));
BAD(elems_beyond_sram, EACCES, shape(c, 0, 0, 1, 1, CTX_SRAM / 4 + 1, 0));
BAD(pe_offset_wraps_u32, EACCES, shape(c, 0, 0, 1, 1, 2, 0xfffffffc));
BAD(f2h_outside, EACCES, c->opcode = DRM_WSE_CMD_COPY_F2H; shape(c, 1, 1, CTX_W, 1, 4, 0));
BAD(f2f_elems_wrap_u32, EACCES, make_f2f(c); c->copy.elems_per_pe = 0x40000000);
BAD(f2f_dst_x_outside, EACCES, make_f2f(c); c->copy.dst_x = 1);
BAD(f2f_dst_y_outside, EACCES, make_f2f(c); c->copy.dst_y = CTX_H);
BAD(f2f_dst_x_wraps_u16, EACCES, make_f2f(c); c->copy.dst_x = 0xffff);
BAD(f2f_dst_pe_offset_outside, EACCES, make_f2f(c); c->copy.dst_pe_offset = CTX_SRAM - 60);
BAD(f2f_src_outside, EACCES, make_f2f(c); c->copy.y = 1);
BAD(fill_outside, EACCES, r->cmds[0].fill.x = 1);
BAD(fill_span_past_end, EACCES, r->cmds[0].fill.pe_offset = CTX_SRAM - 60);
BAD(fill_length_huge, EACCES, r->cmds[0].fill.length = 0xfffffffc);
BAD(last_of_max_cmds_outside, EACCES,
	*many_cmds(r, DRM_WSE_MAX_CMDS) =
		wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, CTX_W, 0, 1, 1, 4, 0));

static int map_pages(unsigned char **p, size_t pages)
{
	*p = mmap(NULL, pages * WSE_PAGE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return *p == MAP_FAILED ? -errno : 0;
}

/* The whole reservation to or from the BO at @off. */
static struct drm_wse_cmd whole(__u32 opcode, __u64 off)
{
	return wse_cmd_copy(opcode, 0, 0, off, 0, 0, CTX_W, CTX_H, CTX_SRAM / 4, 0);
}

FIXTURE_SETUP(bad)
{
	struct drm_wse_cmd cmd;
	unsigned char *none;

	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_ctx_create(self->fd, CTX_W, CTX_H, CTX_SRAM, &self->ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, BO_SIZE, &self->bo));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &self->out_sync));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, DRM_SYNCOBJ_CREATE_SIGNALED,
					&self->signalled));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &self->unsignalled));
	ASSERT_EQ(0, map_pages(&none, 1));
	ASSERT_EQ(0, mprotect(none, WSE_PAGE, PROT_NONE));
	self->none = none;
	ASSERT_EQ(0, map_pages(&self->edge, 2));
	ASSERT_EQ(0, mprotect(self->edge + WSE_PAGE, WSE_PAGE, PROT_NONE));

	/* Give the reservation known contents. */
	wse_pattern(self->bo.map, CTX_BYTES, 0xbad);
	cmd = whole(DRM_WSE_CMD_COPY_H2F, 0);
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &cmd, 1, &self->bo.handle, 1,
				NULL, &self->seqno));
	ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, self->seqno, WSE_WAIT_NS, NULL));
}

FIXTURE_TEARDOWN(bad)
{
	munmap(self->none, WSE_PAGE);
	munmap(self->edge, 2 * WSE_PAGE);
	wse_bo_free(self->fd, &self->bo, 1);
	close(self->fd);
}

/*
 * The valid request every variant breaks: a FILL that would overwrite the
 * start of every PE, then an H2F from the BO, waiting on a signalled
 * syncobj and signalling out_sync.
 */
static void base_request(struct req *r, const FIXTURE_DATA(bad) *e)
{
	memset(r, 0, sizeof(*r));
	r->cmds[0] = wse_cmd_fill(0, 0, CTX_W, CTX_H, 0, 64, MARKER);
	r->cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, CTX_W, CTX_H,
				  CMD_ELEMS, CMD_PE_OFFSET);
	r->bos[0] = e->bo.handle;
	r->in[0] = e->signalled;
	r->s.ctx_id = e->ctx.ctx_id;
	r->s.cmds = (uintptr_t)r->cmds;
	r->s.cmd_count = 2;
	r->s.bo_handles = (uintptr_t)r->bos;
	r->s.bo_count = 1;
	r->s.in_syncobjs = (uintptr_t)r->in;
	r->s.in_syncobj_count = 1;
	r->s.out_syncobj = e->out_sync;
}

TEST_F(bad, rejected_without_trace)
{
	unsigned char *saved = self->bo.map, *now = saved + CTX_BYTES;
	struct wse_submit_extra x = { .out_syncobj = self->out_sync };
	struct drm_wse_wait w;
	struct drm_wse_cmd cmd;
	struct req r;
	__u64 seqno;

	/* TEST(base_request_is_valid) shows the request is fine unbroken. */
	base_request(&r, self);
	variant->mutate(&r, self);
	ASSERT_EQ(-variant->err, wse_ioctl(self->fd, DRM_IOCTL_WSE_SUBMIT, &r.s));
	free(r.heap);

	/* The out syncobj got no fence. */
	EXPECT_EQ(-EINVAL, wse_syncobj_wait(self->fd, &self->out_sync, 1, 0, 0));

	/* Valid work still runs, with the next seqno, on unchanged fabric. */
	memset(now, 0, CTX_BYTES);
	cmd = whole(DRM_WSE_CMD_COPY_F2H, CTX_BYTES);
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &cmd, 1, &self->bo.handle, 1, &x,
				&seqno));
	EXPECT_EQ(self->seqno + 1, seqno) TH_LOG("the failed submit used a seqno");
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, &self->out_sync, 1, WSE_WAIT_NS, 0));
	ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, 0, &w));
	EXPECT_EQ(DRM_WSE_JOB_OK, w.status);
	EXPECT_EQ(-1, wse_first_diff(saved, now, CTX_BYTES))
		TH_LOG("the failed submit changed the fabric");
}

/* The request the variants break is accepted as it is, and does its work. */
TEST(base_request_is_valid)
{
	FIXTURE_DATA(bad) e;
	struct drm_wse_wait w;
	__u32 *words;
	struct req r;
	unsigned int i;

	memset(&e, 0, sizeof(e));
	e.fd = wse_open();
	ASSERT_LE(0, e.fd);
	ASSERT_EQ(0, wse_ctx_create(e.fd, CTX_W, CTX_H, CTX_SRAM, &e.ctx));
	ASSERT_EQ(0, wse_bo_create(e.fd, BO_SIZE, &e.bo));
	ASSERT_EQ(0, wse_syncobj_create(e.fd, 0, &e.out_sync));
	ASSERT_EQ(0, wse_syncobj_create(e.fd, DRM_SYNCOBJ_CREATE_SIGNALED, &e.signalled));
	wse_pattern(e.bo.map, CTX_BYTES, 1);

	base_request(&r, &e);
	ASSERT_EQ(0, wse_ioctl(e.fd, DRM_IOCTL_WSE_SUBMIT, &r.s));
	ASSERT_EQ(1, r.s.seqno);
	ASSERT_EQ(0, wse_syncobj_wait(e.fd, &e.out_sync, 1, WSE_WAIT_NS, 0));
	ASSERT_EQ(0, wse_wait(e.fd, e.ctx.ctx_id, 1, 0, &w));
	ASSERT_EQ(DRM_WSE_JOB_OK, w.status);

	/* Every PE starts with the FILL's marker, then the H2F's words. */
	r.cmds[0] = whole(DRM_WSE_CMD_COPY_F2H, CTX_BYTES);
	ASSERT_EQ(0, wse_run(e.fd, e.ctx.ctx_id, r.cmds, 1, &e.bo.handle, 1));
	words = (__u32 *)((unsigned char *)e.bo.map + CTX_BYTES);
	for (i = 0; i < CTX_W * CTX_H; i++) {
		__u32 *pe = words + i * (CTX_SRAM / 4);

		ASSERT_EQ(MARKER, pe[0]);
		ASSERT_EQ(MARKER, pe[15]);
		ASSERT_EQ(((__u32 *)e.bo.map)[i * CMD_ELEMS], pe[CMD_PE_OFFSET / 4]);
	}
	wse_bo_free(e.fd, &e.bo, 1);
	close(e.fd);
}

/* ------------------------------------------------------------------ */
/* BOs, contexts and files                                             */
/* ------------------------------------------------------------------ */

FIXTURE(args) {
	int fd;
	struct drm_wse_device_info info;
};

FIXTURE_SETUP(args)
{
	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &self->info));
}

FIXTURE_TEARDOWN(args)
{
	close(self->fd);
}

static int bo_create_raw(int fd, __u64 size, __u32 flags)
{
	struct drm_wse_bo_create c = { .size = size, .flags = flags };
	int ret = wse_ioctl(fd, DRM_IOCTL_WSE_BO_CREATE, &c);

	if (!ret)
		wse_gem_close(fd, c.handle);
	return ret;
}

TEST_F(args, bo_create)
{
	struct drm_wse_bo_create c = { .size = 1 };
	struct drm_wse_bo_info info = { 0 };

	EXPECT_EQ(-EINVAL, bo_create_raw(self->fd, 0, 0));
	EXPECT_EQ(-EINVAL, bo_create_raw(self->fd, ~0ull, 0));
	EXPECT_EQ(-EINVAL, bo_create_raw(self->fd, ~0ull - WSE_PAGE + 2, 0));
	EXPECT_EQ(-EINVAL, bo_create_raw(self->fd, 1ull << 62, 0));
	EXPECT_EQ(-EINVAL, bo_create_raw(self->fd, WSE_PAGE, 1));
	EXPECT_EQ(-EINVAL, bo_create_raw(self->fd, WSE_PAGE, 1u << 31));
	EXPECT_EQ(-EFAULT, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_CREATE, NULL));

	/* Still fine: sizes round up to pages; INFO agrees. */
	ASSERT_EQ(0, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_CREATE, &c));
	EXPECT_EQ(WSE_PAGE, c.size);
	EXPECT_NE(0, c.mmap_offset);
	info.handle = c.handle;
	ASSERT_EQ(0, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_INFO, &info));
	EXPECT_EQ(WSE_PAGE, info.size);
	EXPECT_EQ(c.mmap_offset, info.mmap_offset);
	EXPECT_EQ(0, wse_gem_close(self->fd, c.handle));
}

TEST_F(args, bo_info)
{
	struct drm_wse_bo_info info = { 0 };
	struct wse_bo bo, up;
	unsigned char *mem;

	ASSERT_EQ(0, wse_bo_create(self->fd, 3 * WSE_PAGE, &bo));
	info.handle = bo.handle + 1000;
	EXPECT_EQ(-ENOENT, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_INFO, &info));
	info.handle = 0;
	EXPECT_EQ(-ENOENT, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_INFO, &info));
	info.handle = bo.handle;
	info.flags = 1;
	EXPECT_EQ(-EINVAL, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_INFO, &info));
	info.flags = 0;
	ASSERT_EQ(0, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_INFO, &info));
	EXPECT_EQ(3 * WSE_PAGE, info.size);
	EXPECT_EQ(-EFAULT, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_INFO, NULL));

	/* A userptr BO has no mmap offset. */
	ASSERT_EQ(0, map_pages(&mem, 2));
	ASSERT_EQ(0, wse_bo_userptr(self->fd, mem, 2 * WSE_PAGE, 0, &up));
	info.handle = up.handle;
	ASSERT_EQ(0, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_INFO, &info));
	EXPECT_EQ(2 * WSE_PAGE, info.size);
	EXPECT_EQ(0, info.mmap_offset);
	wse_bo_free(self->fd, &up, 0);
	munmap(mem, 2 * WSE_PAGE);
	wse_bo_free(self->fd, &bo, 1);
}

static int userptr_raw(int fd, __u64 ptr, __u64 size, __u32 flags)
{
	struct drm_wse_bo_userptr u = { .user_ptr = ptr, .size = size, .flags = flags };
	int ret = wse_ioctl(fd, DRM_IOCTL_WSE_BO_USERPTR, &u);

	if (!ret)
		wse_gem_close(fd, u.handle);
	return ret;
}

TEST_F(args, bo_userptr)
{
	unsigned char *mem, *gone;
	__u64 p;

	ASSERT_EQ(0, map_pages(&mem, 4));
	p = (uintptr_t)mem;
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p + 1, WSE_PAGE, 0));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p + 2048, WSE_PAGE, 0));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p, WSE_PAGE + 1, 0));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p, 100, 0));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p, 0, 0));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, ~0ull & ~(__u64)(WSE_PAGE - 1),
				       2 * WSE_PAGE, 0));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p, ~0ull & ~(__u64)(WSE_PAGE - 1), 0));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p, WSE_PAGE, 1u << 1));
	EXPECT_EQ(-EINVAL, userptr_raw(self->fd, p, WSE_PAGE, 1u << 31));
	EXPECT_EQ(-EFAULT, wse_ioctl(self->fd, DRM_IOCTL_WSE_BO_USERPTR, NULL));

	/* Ranges that are not (all) mapped. */
	ASSERT_EQ(0, map_pages(&gone, 2));
	ASSERT_EQ(0, munmap(gone, 2 * WSE_PAGE));
	EXPECT_EQ(-EFAULT, userptr_raw(self->fd, (uintptr_t)gone, 2 * WSE_PAGE, 0));
	ASSERT_EQ(0, munmap(mem + 3 * WSE_PAGE, WSE_PAGE));
	EXPECT_EQ(-EFAULT, userptr_raw(self->fd, p, 4 * WSE_PAGE, 0));
	EXPECT_EQ(-EFAULT, userptr_raw(self->fd, p + 2 * WSE_PAGE, 2 * WSE_PAGE, 0));
	ASSERT_EQ(0, mprotect(mem + 2 * WSE_PAGE, WSE_PAGE, PROT_NONE));
	EXPECT_EQ(-EFAULT, userptr_raw(self->fd, p + 2 * WSE_PAGE, WSE_PAGE, 0));
	EXPECT_EQ(-EFAULT, userptr_raw(self->fd, p + 2 * WSE_PAGE, WSE_PAGE,
				       DRM_WSE_BO_USERPTR_READONLY));
	EXPECT_EQ(-EFAULT, userptr_raw(self->fd, KERNEL_PTR, WSE_PAGE, 0));
	EXPECT_EQ(-EFAULT, userptr_raw(self->fd, 0, WSE_PAGE, 0));

	/* What is mapped still works. */
	EXPECT_EQ(0, userptr_raw(self->fd, p, 2 * WSE_PAGE, 0));
	EXPECT_EQ(0, userptr_raw(self->fd, p, 2 * WSE_PAGE, DRM_WSE_BO_USERPTR_READONLY));
	munmap(mem, 3 * WSE_PAGE);
}

static int ctx_create_raw(int fd, __u16 w, __u16 h, __u32 sram, __u32 flags)
{
	struct drm_wse_ctx_create c = { .flags = flags, .width = w, .height = h,
					.sram_bytes = sram };
	int ret = wse_ioctl(fd, DRM_IOCTL_WSE_CTX_CREATE, &c);

	if (!ret)
		wse_ctx_destroy(fd, c.ctx_id);
	return ret;
}

TEST_F(args, ctx_create)
{
	const struct drm_wse_device_info *i = &self->info;

	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 0, 1, 4, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 1, 0, 4, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 1, 1, 0, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, i->log_width + 1, 1, 4, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 1, i->log_height + 1, 4, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 0xffff, 0xffff, 4, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 1, 1, i->pe_sram_bytes + 1, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 1, 1, 0xffffffff, 0));
	EXPECT_EQ(-EINVAL, ctx_create_raw(self->fd, 1, 1, 4, 1));
	EXPECT_EQ(-EFAULT, wse_ioctl(self->fd, DRM_IOCTL_WSE_CTX_CREATE, NULL));
	/* The largest context there is. */
	EXPECT_EQ(0, ctx_create_raw(self->fd, i->log_width, i->log_height, i->pe_sram_bytes, 0));
}

TEST_F(args, ctx_destroy)
{
	struct drm_wse_ctx_destroy d = { 0 };
	struct drm_wse_ctx_create c;

	ASSERT_EQ(0, wse_ctx_create(self->fd, 1, 1, 4, &c));
	EXPECT_NE(0, c.ctx_id);
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, c.ctx_id + 1000));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, 0));
	d.ctx_id = c.ctx_id;
	d.pad = 1;
	EXPECT_EQ(-EINVAL, wse_ioctl(self->fd, DRM_IOCTL_WSE_CTX_DESTROY, &d));
	EXPECT_EQ(-EFAULT, wse_ioctl(self->fd, DRM_IOCTL_WSE_CTX_DESTROY, NULL));
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, c.ctx_id));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, c.ctx_id));
}

/*
 * With the whole grid taken, any further context fails with ENOSPC, from
 * this file or another; the context that holds the grid keeps working, and
 * once it is gone there is room again.
 */
TEST_F(args, ctx_create_enospc_when_grid_full)
{
	const struct drm_wse_device_info *i = &self->info;
	struct drm_wse_ctx_create full, c;
	struct drm_wse_cmd cmds[2];
	struct wse_bo bo;
	int fd2;

	ASSERT_EQ(0, wse_ctx_create(self->fd, i->log_width, i->log_height, i->pe_sram_bytes,
				    &full));
	EXPECT_EQ(0, full.x);
	EXPECT_EQ(0, full.y);
	EXPECT_EQ(0, full.sram_offset);
	EXPECT_EQ(-ENOSPC, wse_ctx_create(self->fd, 1, 1, 4, &c));
	EXPECT_EQ(-ENOSPC, wse_ctx_create(self->fd, i->log_width, i->log_height,
					  i->pe_sram_bytes, &c));
	fd2 = wse_open();
	ASSERT_LE(0, fd2);
	EXPECT_EQ(-ENOSPC, wse_ctx_create(fd2, 1, 1, 4, &c));

	/* The full context still works, corners included. */
	ASSERT_EQ(0, wse_bo_create(self->fd, 2 * WSE_PAGE, &bo));
	wse_pattern(bo.map, 16, 42);
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, i->log_width - 1,
			       i->log_height - 1, 1, 1, 4, i->pe_sram_bytes - 16);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, WSE_PAGE, i->log_width - 1,
			       i->log_height - 1, 1, 1, 4, i->pe_sram_bytes - 16);
	ASSERT_EQ(0, wse_run(self->fd, full.ctx_id, cmds, 2, &bo.handle, 1));
	EXPECT_EQ(-1, wse_first_diff(bo.map, (unsigned char *)bo.map + WSE_PAGE, 16));
	wse_bo_free(self->fd, &bo, 1);

	ASSERT_EQ(0, wse_ctx_destroy(self->fd, full.ctx_id));
	EXPECT_EQ(0, wse_ctx_create(fd2, 1, 1, 4, &c));
	close(fd2);
}

/* A file's contexts, BOs and syncobjs mean nothing to another file. */
TEST_F(args, objects_are_per_file)
{
	struct drm_wse_ctx_create c1, c2;
	struct drm_wse_cmd nop = { .opcode = DRM_WSE_CMD_NOP }, cmds[2];
	struct wse_submit_extra x = { 0 };
	struct drm_wse_bo_info info = { 0 };
	struct wse_bo bo;
	__u32 sync;
	__u64 seqno;
	int fd2;

	ASSERT_EQ(0, wse_ctx_create(self->fd, 2, 2, 64, &c1));
	ASSERT_EQ(0, wse_bo_create(self->fd, WSE_PAGE, &bo));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, DRM_SYNCOBJ_CREATE_SIGNALED, &sync));
	ASSERT_EQ(0, wse_submit(self->fd, c1.ctx_id, &nop, 1, NULL, 0, NULL, &seqno));
	fd2 = wse_open();
	ASSERT_LE(0, fd2);

	/* fd2 has no context at all yet. */
	EXPECT_EQ(-ENOENT, wse_submit(fd2, c1.ctx_id, &nop, 1, NULL, 0, NULL, NULL));
	EXPECT_EQ(-ENOENT, wse_wait(fd2, c1.ctx_id, seqno, 0, NULL));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(fd2, c1.ctx_id));

	/* Nor any BO or syncobj. */
	ASSERT_EQ(0, wse_ctx_create(fd2, 2, 2, 64, &c2));
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, 2, 2, 16, 0);
	EXPECT_EQ(-ENOENT, wse_submit(fd2, c2.ctx_id, cmds, 1, &bo.handle, 1, NULL, NULL));
	info.handle = bo.handle;
	EXPECT_EQ(-ENOENT, wse_ioctl(fd2, DRM_IOCTL_WSE_BO_INFO, &info));
	x.in_syncobjs = &sync;
	x.in_count = 1;
	EXPECT_EQ(-ENOENT, wse_submit(fd2, c2.ctx_id, &nop, 1, NULL, 0, &x, NULL));
	x.in_count = 0;
	x.out_syncobj = sync;
	EXPECT_EQ(-ENOENT, wse_submit(fd2, c2.ctx_id, &nop, 1, NULL, 0, &x, NULL));

	/* None of that touched fd1's objects. */
	wse_pattern(bo.map, 64 * 4, 7);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 2048, 0, 0, 2, 2, 16, 0);
	x.in_syncobjs = &sync;
	x.in_count = 1;
	x.out_syncobj = 0;
	ASSERT_EQ(0, wse_submit(self->fd, c1.ctx_id, cmds, 2, &bo.handle, 1, &x, &seqno));
	EXPECT_EQ(2, seqno);
	ASSERT_EQ(0, wse_wait(self->fd, c1.ctx_id, seqno, WSE_WAIT_NS, NULL));
	EXPECT_EQ(-1, wse_first_diff(bo.map, (unsigned char *)bo.map + 2048, 64 * 4));
	wse_bo_free(self->fd, &bo, 1);
	close(fd2);
}

/* An unknown ioctl number in the driver's range. */
TEST_F(args, unknown_ioctl)
{
	__u64 arg[8] = { 0 };

	EXPECT_EQ(-EINVAL, wse_ioctl(self->fd, DRM_IOWR(DRM_COMMAND_BASE + 0x20, __u64[8]), arg));
}

TEST_HARNESS_MAIN
