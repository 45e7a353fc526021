// SPDX-License-Identifier: GPL-2.0-only
/*
 * libwse's memcpy API against the fake driver and device (fake_accel.c):
 *  - round trips of several shapes, dtypes and orders, checked byte for
 *    byte in the fake fabric (by uapi/wse_hw.h's layout, computed here
 *    independently) and back in host memory, with the per-command limit
 *    forced low so each splitting level is taken, and the submitted
 *    commands checked to tile the host array within the limit;
 *  - the zero-copy (userptr) versus staging decision and the userptr span;
 *  - argument checking (errno, and nothing reaching the driver);
 *  - non-blocking tasks, device failures and failed submits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fake_accel.h"
#include "wse_hw.h"

struct shape {
	uint32_t x, y, w, h, l, pe_offset;
	enum wse_dtype dtype;
	enum wse_order order;
};

static uint32_t esize_of(const struct shape *s)
{
	return s->dtype == WSE_DTYPE_16 ? 2 : 4;
}

static uint64_t shape_bytes(const struct shape *s)
{
	return (uint64_t)s->w * s->h * s->l * esize_of(s);
}

/* Deterministic bytes with no short period, different per @seed. */
static void fill_pattern(unsigned char *p, uint64_t len, uint32_t seed)
{
	uint32_t v = seed * 2654435761u + 1;
	uint64_t i;

	for (i = 0; i < len; i++) {
		v ^= v << 13;
		v ^= v >> 17;
		v ^= v << 5;
		p[i] = (unsigned char)v;
	}
}

/*
 * Offset of the first fabric element of @s that differs from @host, or
 * -1. Element (x, y, l) of the host array is at [y][x][l] row-major and
 * [l][y][x] column-major.
 */
static int64_t fabric_mismatch(const struct fake_ctx *fc, const unsigned char *host,
			       const struct shape *s)
{
	uint32_t es = esize_of(s), x, y, l;

	for (y = 0; y < s->h; y++)
		for (x = 0; x < s->w; x++)
			for (l = 0; l < s->l; l++) {
				uint64_t idx = s->order == WSE_ORDER_COL_MAJOR ?
					((uint64_t)l * s->h + y) * s->w + x :
					((uint64_t)y * s->w + x) * s->l + l;

				if (memcmp(fake_pe_byte(fc, s->x + x, s->y + y,
							s->pe_offset + l * es),
					   host + idx * es, es))
					return (int64_t)(idx * es);
			}
	return -1;
}

static int h2d(struct wse_ctx *ctx, const void *host, const struct shape *s)
{
	return wse_memcpy_h2d(ctx, host, s->x, s->y, s->w, s->h, s->l, s->pe_offset,
			      s->dtype, s->order, 0, NULL);
}

static int d2h(struct wse_ctx *ctx, void *host, const struct shape *s)
{
	return wse_memcpy_d2h(ctx, host, s->x, s->y, s->w, s->h, s->l, s->pe_offset,
			      s->dtype, s->order, 0, NULL);
}

/* Page-aligned memory with room for an offset, freed with free_host(). */
static unsigned char *alloc_host(uint64_t len)
{
	void *p = mmap(NULL, len + 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void free_host(unsigned char *p, uint64_t len)
{
	munmap(p, len + 8192);
}

/* ------------------------------------------------------------------ */

FIXTURE(roundtrip) {
	struct wse_device *dev;
	struct wse_ctx *ctx;
};

FIXTURE_VARIANT(roundtrip) {
	uint32_t grid_w, grid_h, pe_sram;	/* 0: the sample device's */
	uint32_t max_sgl;
	uint32_t ctx_w, ctx_h, ctx_sram;
	struct shape s;
	unsigned int cmds, submits;		/* what the plan must come to */
};

/* One command; staging. */
FIXTURE_VARIANT_ADD(roundtrip, small_row32) {
	.max_sgl = 256, .ctx_w = 8, .ctx_h = 6, .ctx_sram = 8192,
	.s = { 1, 1, 4, 3, 5, 8, WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR },
	.cmds = 1, .submits = 1,
};

FIXTURE_VARIANT_ADD(roundtrip, small_col16) {
	.max_sgl = 256, .ctx_w = 8, .ctx_h = 6, .ctx_sram = 8192,
	.s = { 2, 0, 5, 6, 7, 6, WSE_DTYPE_16, WSE_ORDER_COL_MAJOR },
	.cmds = 1, .submits = 1,
};

/* 8 KiB a command: rows of 2 KiB, four to a command. */
FIXTURE_VARIANT_ADD(roundtrip, row_major_split_by_rows) {
	.max_sgl = 3, .ctx_w = 8, .ctx_h = 6, .ctx_sram = 8192,
	.s = { 0, 0, 8, 6, 64, 0, WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR },
	.cmds = 2, .submits = 1,
};

/* Rows of 32 KiB: two 4 KiB PEs a command; 192 KiB goes zero-copy. */
FIXTURE_VARIANT_ADD(roundtrip, row_major_split_by_pes) {
	.max_sgl = 3, .ctx_w = 8, .ctx_h = 6, .ctx_sram = 8192,
	.s = { 0, 0, 8, 6, 1024, 4096, WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR },
	.cmds = 24, .submits = 1,
};

/* 4 KiB a command, 8000 bytes a PE: each PE's elements in two. */
FIXTURE_VARIANT_ADD(roundtrip, row_major_split_within_a_pe) {
	.max_sgl = 2, .ctx_w = 8, .ctx_h = 6, .ctx_sram = 8192,
	.s = { 1, 2, 2, 2, 4000, 100, WSE_DTYPE_16, WSE_ORDER_ROW_MAJOR },
	.cmds = 8, .submits = 1,
};

/* Planes of 96 bytes, 85 to a command. */
FIXTURE_VARIANT_ADD(roundtrip, col_major_split_by_planes) {
	.max_sgl = 3, .ctx_w = 8, .ctx_h = 6, .ctx_sram = 8192,
	.s = { 0, 0, 8, 6, 100, 2, WSE_DTYPE_16, WSE_ORDER_COL_MAJOR },
	.cmds = 2, .submits = 1,
};

/* Planes of 32 KiB: rows of 512 bytes, eight to a command. */
FIXTURE_VARIANT_ADD(roundtrip, col_major_split_by_rows) {
	.grid_w = 128, .grid_h = 64, .pe_sram = 4096,
	.max_sgl = 2, .ctx_w = 128, .ctx_h = 64, .ctx_sram = 4096,
	.s = { 0, 0, 128, 64, 3, 0, WSE_DTYPE_32, WSE_ORDER_COL_MAJOR },
	.cmds = 24, .submits = 1,
};

/* Rows of 4400 bytes: 1024 PEs, then 76, a command. */
FIXTURE_VARIANT_ADD(roundtrip, col_major_split_within_a_row) {
	.grid_w = 1100, .grid_h = 2, .pe_sram = 64,
	.max_sgl = 2, .ctx_w = 1100, .ctx_h = 2, .ctx_sram = 64,
	.s = { 0, 0, 1100, 2, 2, 8, WSE_DTYPE_32, WSE_ORDER_COL_MAJOR },
	.cmds = 8, .submits = 1,
};

/* 1280 commands: more than one submit may carry. */
FIXTURE_VARIANT_ADD(roundtrip, more_commands_than_one_submit) {
	.grid_w = 64, .grid_h = 32, .pe_sram = 8192,
	.max_sgl = 2, .ctx_w = 32, .ctx_h = 20, .ctx_sram = 8192,
	.s = { 0, 0, 32, 20, 2048, 0, WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR },
	.cmds = 1280, .submits = 2,
};

FIXTURE_SETUP(roundtrip)
{
	fake_reset();
	if (variant->grid_w)
		fake_set_grid(variant->grid_w, variant->grid_h, variant->pe_sram);
	fake.info.max_sgl_entries = variant->max_sgl;
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_ctx_create(self->dev, variant->ctx_w, variant->ctx_h,
				    variant->ctx_sram, &self->ctx));
}

FIXTURE_TEARDOWN(roundtrip)
{
	wse_ctx_destroy(self->ctx);
	wse_device_close(self->dev);
	fake_cleanup();
}

TEST_F(roundtrip, h2d_then_d2h)
{
	const struct shape *s = &variant->s;
	uint64_t len = shape_bytes(s), max = (variant->max_sgl - 1) * 4096ull;
	uint64_t next, total = 0;
	unsigned char *in, *out;
	struct fake_ctx *fc;
	unsigned int i;

	in = alloc_host(len);
	out = alloc_host(len);
	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	fill_pattern(in, len, s->w * 131 + s->l);

	ASSERT_EQ(0, h2d(self->ctx, in, s));
	fc = fake_ctx_lookup(100);
	ASSERT_NE(NULL, fc);
	EXPECT_EQ(-1, fabric_mismatch(fc, in, s));

	/* The plan: H2F commands tiling the array in order, within the limit. */
	ASSERT_EQ(variant->cmds, fake.nr_cmds);
	EXPECT_EQ(variant->submits, fake.nr_submits);
	next = fake.cmds[0].copy.bo_offset;
	for (i = 0; i < fake.nr_cmds; i++) {
		const struct drm_wse_cmd *c = &fake.cmds[i];

		EXPECT_EQ((uint32_t)DRM_WSE_CMD_COPY_H2F, c->opcode);
		EXPECT_GE(max, c->copy.length) TH_LOG("command %u", i);
		EXPECT_EQ(next, c->copy.bo_offset) TH_LOG("command %u", i);
		next += c->copy.length;
		total += c->copy.length;
	}
	EXPECT_EQ(len, total);
	for (i = 0; i < fake.nr_submits; i++)
		EXPECT_GE((uint32_t)DRM_WSE_MAX_CMDS, fake.submits[i].args.cmd_count);

	/* Back again, into memory that holds something else. */
	memset(out, 0xee, len);
	ASSERT_EQ(0, d2h(self->ctx, out, s));
	EXPECT_EQ(0, memcmp(in, out, len));
	EXPECT_EQ(2 * variant->cmds, fake.nr_cmds);
	EXPECT_EQ((uint32_t)DRM_WSE_CMD_COPY_F2H, fake.cmds[fake.nr_cmds - 1].opcode);
	/* Every job was waited for, and no userptr object outlives its copy. */
	EXPECT_EQ(2 * variant->submits, fake.waits);
	EXPECT_EQ(fake.bo_creates, fake_live_bos());

	free_host(in, len);
	free_host(out, len);
}

/* ------------------------------------------------------------------ */

/* The sample device (22 x 16, 48 KiB a PE) and a 16 x 12 x 32 KiB context. */
FIXTURE(memcpy) {
	struct wse_device *dev;
	struct wse_ctx *ctx;
	struct fake_ctx *fc;
};

FIXTURE_SETUP(memcpy)
{
	fake_reset();
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_ctx_create(self->dev, 16, 12, 32768, &self->ctx));
	self->fc = fake_ctx_lookup(100);
	ASSERT_NE(NULL, self->fc);
}

FIXTURE_TEARDOWN(memcpy)
{
	wse_ctx_destroy(self->ctx);
	wse_device_close(self->dev);
	fake_cleanup();
}

/* 4 KiB and just under, at and over WSE_MEMCPY_ZEROCOPY_MIN. */
static const struct shape s4k = { 0, 0, 16, 8, 8, 0, WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR };
static const struct shape s_under = { 0, 0, 16, 12, 85, 0, WSE_DTYPE_32,
				      WSE_ORDER_ROW_MAJOR };
static const struct shape s64k = { 0, 0, 16, 8, 128, 0, WSE_DTYPE_32, WSE_ORDER_COL_MAJOR };

TEST_F(memcpy, small_transfers_are_staged_and_reuse_the_buffer)
{
	unsigned char *host = alloc_host(4096);
	unsigned int i;

	ASSERT_NE(NULL, host);
	for (i = 0; i < 3; i++) {
		fill_pattern(host, 4096, i);
		ASSERT_EQ(0, h2d(self->ctx, host, &s4k));
		EXPECT_EQ(-1, fabric_mismatch(self->fc, host, &s4k));
	}
	EXPECT_EQ(0u, fake.userptrs);
	EXPECT_EQ(1u, fake.bo_creates);
	EXPECT_EQ(0u, fake.cmds[0].copy.bo_offset);
	EXPECT_EQ(fake.submits[0].handles[0], fake.submits[2].handles[0]);
	ASSERT_NE(NULL, fake_bo_lookup(fake.submits[0].handles[0]));
	EXPECT_FALSE(fake_bo_lookup(fake.submits[0].handles[0])->userptr);
	/* Just under the threshold is still staged. */
	ASSERT_EQ(65280u, shape_bytes(&s_under));
	free_host(host, 4096);
	host = alloc_host(65280);
	ASSERT_EQ(0, h2d(self->ctx, host, &s_under));
	EXPECT_EQ(0u, fake.userptrs);
	free_host(host, 65280);
	/* Destroying the context gives its staging buffers back. */
	wse_ctx_destroy(self->ctx);
	self->ctx = NULL;
	EXPECT_EQ(0u, fake_live_bos());
}

TEST_F(memcpy, large_aligned_transfers_wrap_the_callers_pages)
{
	unsigned char *base = alloc_host(65536), *host = base + 100;
	struct fake_bo *fb;

	ASSERT_NE(NULL, base);
	ASSERT_EQ((uint64_t)WSE_MEMCPY_ZEROCOPY_MIN, shape_bytes(&s64k));
	fill_pattern(host, 65536, 7);
	ASSERT_EQ(0, h2d(self->ctx, host, &s64k));
	EXPECT_EQ(-1, fabric_mismatch(self->fc, host, &s64k));
	EXPECT_EQ(0u, fake.bo_creates);
	EXPECT_EQ(1u, fake.userptrs);
	/* The span rounded out to pages; the command starts 100 bytes in. */
	EXPECT_EQ(100u, fake.cmds[0].copy.bo_offset);
	EXPECT_EQ(65536u, fake.cmds[0].copy.length);
	/* Gone once the copy is done: the wrapped pages were released. */
	EXPECT_EQ(NULL, fake_bo_lookup(fake.submits[0].handles[0]));
	EXPECT_EQ(1u, fake.gem_closes);
	EXPECT_EQ(0u, fake_live_bos());

	/* Look at the object while a non-blocking copy holds it. */
	struct wse_task *task;

	ASSERT_EQ(0, wse_memcpy_d2h(self->ctx, host, 0, 0, 16, 8, 128, 0, WSE_DTYPE_32,
				    WSE_ORDER_COL_MAJOR, WSE_MEMCPY_NONBLOCK, &task));
	fb = fake_bo_lookup(fake.submits[1].handles[0]);
	ASSERT_NE(NULL, fb);
	EXPECT_TRUE(fb->userptr);
	EXPECT_EQ(base, fb->mem);
	EXPECT_EQ(17u * 4096, fb->size);
	EXPECT_EQ(0u, fb->userptr_flags);	/* the device writes it */
	EXPECT_EQ(0, wse_task_wait(task, WSE_TIMEOUT_INFINITE, NULL));
	wse_task_free(task);
	EXPECT_EQ(0u, fake_live_bos());

	/* And h2d asks for a read-only wrap. */
	fake.busy = true;
	ASSERT_EQ(0, wse_memcpy_h2d(self->ctx, host, 0, 0, 16, 8, 128, 0, WSE_DTYPE_32,
				    WSE_ORDER_COL_MAJOR, WSE_MEMCPY_NONBLOCK, &task));
	fb = fake_bo_lookup(fake.submits[2].handles[0]);
	ASSERT_NE(NULL, fb);
	EXPECT_EQ((uint32_t)DRM_WSE_BO_USERPTR_READONLY, fb->userptr_flags);
	fake.busy = false;
	wse_task_free(task);
	free_host(base, 65536);
}

TEST_F(memcpy, misaligned_host_is_staged)
{
	unsigned char *base = alloc_host(65536 + 4);
	struct shape s16 = s64k;

	ASSERT_NE(NULL, base);
	fill_pattern(base, 65536 + 4, 3);
	/* 4-byte elements from an address that is only 2-byte aligned. */
	ASSERT_EQ(0, h2d(self->ctx, base + 2, &s64k));
	EXPECT_EQ(-1, fabric_mismatch(self->fc, base + 2, &s64k));
	EXPECT_EQ(0u, fake.userptrs);
	EXPECT_EQ(1u, fake.bo_creates);
	/* 2-byte elements from there are fine for zero-copy... */
	s16.dtype = WSE_DTYPE_16;
	s16.l = 256;
	ASSERT_EQ(0, h2d(self->ctx, base + 2, &s16));
	EXPECT_EQ(1u, fake.userptrs);
	EXPECT_EQ(-1, fabric_mismatch(self->fc, base + 2, &s16));
	/* ... but not from an odd address. */
	ASSERT_EQ(0, h2d(self->ctx, base + 3, &s16));
	EXPECT_EQ(1u, fake.userptrs);
	EXPECT_EQ(-1, fabric_mismatch(self->fc, base + 3, &s16));
	free_host(base, 65536 + 4);
}

TEST_F(memcpy, unpinnable_memory_falls_back_to_staging)
{
	unsigned char *host = alloc_host(65536), *out = alloc_host(65536);

	ASSERT_NE(NULL, host);
	ASSERT_NE(NULL, out);
	fill_pattern(host, 65536, 11);
	fake.userptr_errno = EOPNOTSUPP;
	ASSERT_EQ(0, h2d(self->ctx, host, &s64k));
	EXPECT_EQ(1u, fake.userptrs);
	EXPECT_EQ(1u, fake.bo_creates);
	EXPECT_EQ(-1, fabric_mismatch(self->fc, host, &s64k));
	ASSERT_EQ(0, d2h(self->ctx, out, &s64k));
	EXPECT_EQ(0, memcmp(host, out, 65536));
	/* A driver that cannot pin says EFAULT too; mapped memory is staged. */
	fake.userptr_errno = EFAULT;
	ASSERT_EQ(0, d2h(self->ctx, out, &s64k));
	EXPECT_EQ(3u, fake.userptrs);
	free_host(host, 65536);
	free_host(out, 65536);
}

TEST_F(memcpy, unmapped_host_is_efault)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *host = alloc_host(65536);

	ASSERT_NE(NULL, host);
	/* A hole in the middle of the array. */
	ASSERT_EQ(0, munmap(host + 4 * page, page));
	EXPECT_EQ(-EFAULT, h2d(self->ctx, host, &s64k));
	EXPECT_EQ(-EFAULT, d2h(self->ctx, host, &s64k));
	EXPECT_EQ(-EFAULT, h2d(self->ctx, host + 4 * page, &s4k));
	EXPECT_EQ(-EFAULT, d2h(self->ctx, host + 4 * page - 8, &s4k));
	/* An array that would run off the end of the address space. */
	EXPECT_EQ(-EFAULT, h2d(self->ctx, (void *)(UINTPTR_MAX - 4095), &s4k));
	EXPECT_EQ(0u, fake.submit_calls);
	EXPECT_EQ(0u, fake_live_bos());
	munmap(host, 4 * page);
	munmap(host + 5 * page, 65536 + 8192 - 5 * page);
}

TEST_F(memcpy, bad_arguments_reach_no_ioctl)
{
	struct wse_task *task = (struct wse_task *)0x1;
	uint32_t buf[64] = { 0 };
	struct wse_ctx *c = self->ctx;
	const enum wse_dtype d32 = WSE_DTYPE_32;
	const enum wse_order row = WSE_ORDER_ROW_MAJOR;

	EXPECT_EQ(-EINVAL, wse_memcpy_h2d(NULL, buf, 0, 0, 1, 1, 1, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_h2d(c, NULL, 0, 0, 1, 1, 1, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_h2d(c, buf, 0, 0, 0, 1, 1, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_h2d(c, buf, 0, 0, 1, 0, 1, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_d2h(c, buf, 0, 0, 1, 1, 0, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_d2h(c, buf, 0, 0, 1, 1, 1, 0, 8, row, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_d2h(c, buf, 0, 0, 1, 1, 1, 0, d32, 2, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_d2h(c, buf, 0, 0, 1, 1, 1, 0, d32, row, 1u << 1, &task));
	EXPECT_EQ(-EINVAL, wse_memcpy_h2d(c, buf, 0, 0, 1, 1, 1, 2, d32, row, 0, NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_h2d(c, buf, 0, 0, 1, 1, 1, 1, WSE_DTYPE_16, row, 0,
					  NULL));
	EXPECT_EQ(-EINVAL, wse_memcpy_h2d(c, buf, 0, 0, 1, 1, 1, 0, d32, row,
					  WSE_MEMCPY_NONBLOCK, NULL));
	/* Outside the 16 x 12 x 32 KiB reservation. */
	EXPECT_EQ(-EACCES, wse_memcpy_h2d(c, buf, 15, 0, 2, 1, 1, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EACCES, wse_memcpy_h2d(c, buf, 0, 11, 1, 2, 1, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EACCES, wse_memcpy_h2d(c, buf, 0xffffffffu, 0, 2, 1, 1, 0, d32, row, 0,
					  NULL));
	EXPECT_EQ(-EACCES, wse_memcpy_d2h(c, buf, 0, 0, 1, 1, 8193, 0, d32, row, 0, NULL));
	EXPECT_EQ(-EACCES, wse_memcpy_d2h(c, buf, 0, 0, 1, 1, 1, 32768, d32, row, 0, NULL));
	EXPECT_EQ(-EACCES, wse_memcpy_d2h(c, buf, 0, 0, 1, 1, 2, 32764, d32, row, 0, NULL));
	EXPECT_EQ((struct wse_task *)0x1, task);
	EXPECT_EQ(0u, fake.submit_calls);
	EXPECT_EQ(0u, fake.bo_creates);
	EXPECT_EQ(0u, fake.userptrs);
	/* The edges themselves are inside. */
	EXPECT_EQ(0, wse_memcpy_h2d(c, buf, 15, 11, 1, 1, 1, 32764, d32, row, 0, NULL));
}

TEST_F(memcpy, nonblocking_task)
{
	unsigned char in[4096], out[4096];
	struct wse_job_status st;
	struct wse_task *task = NULL;

	fill_pattern(in, sizeof(in), 5);
	ASSERT_EQ(0, h2d(self->ctx, in, &s4k));
	memset(out, 0xee, sizeof(out));
	fake.busy = true;
	ASSERT_EQ(0, wse_memcpy_d2h(self->ctx, out, 0, 0, 16, 8, 8, 0, WSE_DTYPE_32,
				    WSE_ORDER_ROW_MAJOR, WSE_MEMCPY_NONBLOCK, &task));
	ASSERT_NE(NULL, task);
	EXPECT_EQ(-ETIME, wse_task_wait(task, 0, &st));
	EXPECT_EQ(-ETIME, wse_task_wait(task, 1000, &st));
	/* Staged: the host array only changes when the task completes. */
	EXPECT_EQ(0xee, out[0]);
	EXPECT_EQ(0xee, out[4095]);
	fake.busy = false;
	ASSERT_EQ(0, wse_task_wait(task, 0, &st));
	EXPECT_EQ(0u, st.status);
	EXPECT_EQ(1000u, st.device_time_ns);
	EXPECT_EQ(0, memcmp(in, out, sizeof(out)));
	/* A finished task answers again without asking the driver. */
	fake.busy = true;
	EXPECT_EQ(0, wse_task_wait(task, 0, NULL));
	wse_task_free(task);

	/* Freed without a wait: it waits itself. */
	fake.busy = false;
	ASSERT_EQ(0, wse_memcpy_h2d(self->ctx, in, 0, 0, 16, 8, 8, 0, WSE_DTYPE_32,
				    WSE_ORDER_ROW_MAJOR, WSE_MEMCPY_NONBLOCK, &task));
	wse_task_free(task);
	EXPECT_EQ(fake.nr_submits, fake.waits - 2);
}

TEST_F(memcpy, device_failure_is_eio_with_status)
{
	unsigned char in[4096];
	struct wse_job_status st;
	struct wse_task *task;

	fill_pattern(in, sizeof(in), 9);
	fake.fail_cmd = 1;
	fake.fail_status = WSE_STS_HOST_DMA;
	EXPECT_EQ(-EIO, h2d(self->ctx, in, &s4k));

	fake.fail_cmd = 2;
	ASSERT_EQ(0, wse_memcpy_h2d(self->ctx, in, 0, 0, 16, 8, 8, 0, WSE_DTYPE_32,
				    WSE_ORDER_ROW_MAJOR, WSE_MEMCPY_NONBLOCK, &task));
	memset(&st, 0, sizeof(st));
	EXPECT_EQ(-EIO, wse_task_wait(task, WSE_TIMEOUT_INFINITE, &st));
	EXPECT_EQ((uint32_t)WSE_STS_HOST_DMA, st.status);
	EXPECT_EQ(0u, st.failed_cmd);
	EXPECT_EQ(-EIO, wse_task_wait(task, 0, &st));
	wse_task_free(task);

	fake.fail_cmd = 3;
	fake.fail_status = DRM_WSE_JOB_ABORTED;
	EXPECT_EQ(-ECANCELED, h2d(self->ctx, in, &s4k));
	/* The staging buffer survived all of it, for the next copy. */
	EXPECT_EQ(1u, fake_live_bos());
}

/* 1280 commands in two submits, on a 64 x 32 grid. */
FIXTURE(bigplan) {
	struct wse_device *dev;
	struct wse_ctx *ctx;
	unsigned char *host;
};

static const struct shape s_big = { 0, 0, 32, 20, 2048, 0, WSE_DTYPE_32,
				    WSE_ORDER_ROW_MAJOR };

FIXTURE_SETUP(bigplan)
{
	fake_reset();
	fake_set_grid(64, 32, 8192);
	fake.info.max_sgl_entries = 2;
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_ctx_create(self->dev, 32, 20, 8192, &self->ctx));
	self->host = alloc_host(shape_bytes(&s_big));
	ASSERT_NE(NULL, self->host);
}

FIXTURE_TEARDOWN(bigplan)
{
	free_host(self->host, shape_bytes(&s_big));
	wse_ctx_destroy(self->ctx);
	wse_device_close(self->dev);
	fake_cleanup();
}

TEST_F(bigplan, failed_cmd_counts_across_submits)
{
	struct wse_job_status st;
	struct wse_task *task;

	fake.fail_cmd = DRM_WSE_MAX_CMDS + 5;
	fake.fail_status = WSE_STS_FABRIC_RANGE;
	ASSERT_EQ(0, wse_memcpy_h2d(self->ctx, self->host, 0, 0, 32, 20, 2048, 0,
				    WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR, WSE_MEMCPY_NONBLOCK,
				    &task));
	EXPECT_EQ(2u, fake.nr_submits);
	EXPECT_EQ(-EIO, wse_task_wait(task, WSE_TIMEOUT_INFINITE, &st));
	EXPECT_EQ((uint32_t)WSE_STS_FABRIC_RANGE, st.status);
	EXPECT_EQ((uint32_t)DRM_WSE_MAX_CMDS + 4, st.failed_cmd);
	EXPECT_EQ(2u, fake.waits);
	wse_task_free(task);
	EXPECT_EQ(0u, fake_live_bos());
}

TEST_F(bigplan, failed_second_submit_waits_for_the_first)
{
	fake.submit_errno_at = 2;
	fake.submit_errno = ENODEV;
	EXPECT_EQ(-ENODEV, wse_memcpy_d2h(self->ctx, self->host, 0, 0, 32, 20, 2048, 0,
					  WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(1u, fake.nr_submits);
	/* The first job finished before its buffer was released. */
	EXPECT_EQ(1u, fake.waits);
	EXPECT_EQ(fake.submits[0].args.seqno, fake.last_wait.seqno);
	EXPECT_EQ(0u, fake_live_bos());
}

TEST_HARNESS_MAIN
