// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host <-> fabric copies through DRM_IOCTL_WSE_SUBMIT, checked byte for byte:
 * round trips over many shapes, element counts, dtypes and host orders; the
 * placement and transposition the device must perform, checked against a
 * model of PE memory computed here; FILL and F2F; host offsets that are not
 * page or element aligned; userptr and dma-buf (PRIME) buffers; and bulk
 * transfers adding up to hundreds of MiB.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_test_util.h"

/* The context the shape tests work in (clamped to smaller devices). */
#define CTX_W		16
#define CTX_H		12
#define CTX_SRAM	16384u
/* Bytes after a destination range that must come back untouched. */
#define GUARD		256
#define POISON		0xa5

#define COL		DRM_WSE_CMD_F_COL_MAJOR
#define D16		DRM_WSE_CMD_F_DTYPE_16

static const __u32 all_flags[] = { 0, COL, D16, COL | D16 };

static const char *flags_name(__u32 flags)
{
	static const char * const names[] = {
		"32-bit row-major", "32-bit col-major", "16-bit row-major", "16-bit col-major"
	};

	return names[flags & 3];
}

/* A rectangle of PEs and the elements of each, relative to a context. */
struct area {
	unsigned int x, y, w, h, elems, pe_offset;
};

/*
 * The model of PE memory: the bytes each PE of @a holds from pe_offset on,
 * PE after PE in row order ((y * w + x) * pe_bytes). Computed from the host
 * array with the layout rules of the uapi, independently of the device.
 */
static void host_to_pes(__u32 flags, const struct area *a, const unsigned char *host,
			unsigned char *pes)
{
	unsigned int es = wse_esize(flags), x, y, l;

	for (y = 0; y < a->h; y++)
		for (x = 0; x < a->w; x++)
			for (l = 0; l < a->elems; l++)
				memcpy(pes + (((size_t)y * a->w + x) * a->elems + l) * es,
				       host + wse_host_index(flags, a->w, a->h, a->elems,
							     x, y, l) * es, es);
}

static void pes_to_host(__u32 flags, const struct area *a, const unsigned char *pes,
			unsigned char *host)
{
	unsigned int es = wse_esize(flags), x, y, l;

	for (y = 0; y < a->h; y++)
		for (x = 0; x < a->w; x++)
			for (l = 0; l < a->elems; l++)
				memcpy(host + wse_host_index(flags, a->w, a->h, a->elems,
							     x, y, l) * es,
				       pes + (((size_t)y * a->w + x) * a->elems + l) * es, es);
}

static __u64 area_bytes(const struct area *a, __u32 flags)
{
	return wse_array_bytes(a->w, a->h, a->elems, flags);
}

static struct drm_wse_cmd area_copy(__u32 opcode, __u32 flags, __u32 bo_index, __u64 off,
				    const struct area *a)
{
	return wse_cmd_copy(opcode, flags, bo_index, off, a->x, a->y, a->w, a->h,
			    a->elems, a->pe_offset);
}

/* ------------------------------------------------------------------ */
/* Shapes: one fixture variant per rectangle and element count         */
/* ------------------------------------------------------------------ */

FIXTURE(memcpy) {
	int fd;
	struct drm_wse_ctx_create ctx;
	struct wse_bo src, dst;
	unsigned char *model, *expect;
	size_t ctx_bytes;	/* the whole reservation, as host bytes */
};

FIXTURE_VARIANT(memcpy) {
	unsigned int x, y, w, h;	/* w or h 0: to the context's edge */
	unsigned int elems;		/* 0: as many as fit after pe_offset */
	unsigned int pe_offset;
	__u64 src_offset, dst_offset;	/* element aligned, not page aligned */
};

FIXTURE_VARIANT_ADD(memcpy, pe1_elem1) {
	.w = 1, .h = 1, .elems = 1,
};

FIXTURE_VARIANT_ADD(memcpy, pe1_elems_fill_sram) {
	.x = 3, .y = 4, .w = 1, .h = 1, .elems = 0, .src_offset = 4, .dst_offset = 8,
};

FIXTURE_VARIANT_ADD(memcpy, rect3x5_elems3) {
	.x = 2, .y = 1, .w = 3, .h = 5, .elems = 3, .pe_offset = 12,
	.src_offset = 12, .dst_offset = 4092,
};

FIXTURE_VARIANT_ADD(memcpy, rect7x1_elems5) {
	.x = 5, .y = 7, .w = 7, .h = 1, .elems = 5, .pe_offset = 8,
	.src_offset = 4096 + 36, .dst_offset = 20,
};

FIXTURE_VARIANT_ADD(memcpy, rect1x9_elems7) {
	.x = 15, .y = 2, .w = 1, .h = 9, .elems = 7, .pe_offset = 4,
	.src_offset = 2044, .dst_offset = 6144 - 4,
};

FIXTURE_VARIANT_ADD(memcpy, rect5x3_elems129) {
	.x = 9, .y = 8, .w = 5, .h = 3, .elems = 129, .pe_offset = 1000,
	.src_offset = 16, .dst_offset = 4096 * 3 - 12,
};

FIXTURE_VARIANT_ADD(memcpy, rect3x3_elems1023) {
	.x = 0, .y = 9, .w = 3, .h = 3, .elems = 1023, .pe_offset = 2048,
	.src_offset = 4096 - 8, .dst_offset = 4096 + 4,
};

FIXTURE_VARIANT_ADD(memcpy, whole_reservation_elem1) {
	.elems = 1, .src_offset = 4, .dst_offset = 4096 - 4,
};

FIXTURE_VARIANT_ADD(memcpy, whole_reservation_full_sram) {
	.elems = 0,
};

FIXTURE_SETUP(memcpy)
{
	struct drm_wse_device_info info;
	__u64 bo_size;

	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &info));
	ASSERT_EQ(0, wse_ctx_create(self->fd, info.log_width < CTX_W ? info.log_width : CTX_W,
				    info.log_height < CTX_H ? info.log_height : CTX_H,
				    info.pe_sram_bytes < CTX_SRAM ? info.pe_sram_bytes : CTX_SRAM,
				    &self->ctx));
	self->ctx_bytes = (size_t)self->ctx.width * self->ctx.height * self->ctx.sram_bytes;
	/* Room for the whole reservation behind any of the variants' offsets. */
	bo_size = self->ctx_bytes + 4 * WSE_PAGE;
	ASSERT_EQ(0, wse_bo_create(self->fd, bo_size, &self->src));
	ASSERT_EQ(0, wse_bo_create(self->fd, bo_size, &self->dst));
	self->model = malloc(self->ctx_bytes);
	self->expect = malloc(self->ctx_bytes);
	ASSERT_NE(NULL, self->model);
	ASSERT_NE(NULL, self->expect);
}

FIXTURE_TEARDOWN(memcpy)
{
	free(self->model);
	free(self->expect);
	wse_bo_free(self->fd, &self->src, 1);
	wse_bo_free(self->fd, &self->dst, 1);
	close(self->fd);
}

/* The variant's area for elements of @flags' size; 0 if it doesn't fit. */
static int variant_area(const FIXTURE_VARIANT(memcpy) *v, const struct drm_wse_ctx_create *ctx,
			__u32 flags, struct area *a)
{
	unsigned int es = wse_esize(flags);

	a->x = v->x;
	a->y = v->y;
	a->w = v->w ? v->w : ctx->width - v->x;
	a->h = v->h ? v->h : ctx->height - v->y;
	a->pe_offset = v->pe_offset;
	a->elems = v->elems ? v->elems : (ctx->sram_bytes - v->pe_offset) / es;
	return a->x + a->w <= ctx->width && a->y + a->h <= ctx->height &&
	       a->pe_offset + (__u64)a->elems * es <= ctx->sram_bytes;
}

/* H2F then F2H of the same area in one job, for every dtype and order. */
TEST_F(memcpy, round_trip)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle };
	unsigned char *src = self->src.map, *dst = self->dst.map;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		__u32 flags = all_flags[i];
		struct drm_wse_cmd cmds[2];
		struct area a;
		__u64 len;

		if (!variant_area(variant, &self->ctx, flags, &a))
			SKIP(return, "area does not fit this device's context");
		len = area_bytes(&a, flags);
		wse_pattern(src + variant->src_offset, len, 0x1000 + i);
		memset(dst, POISON, variant->dst_offset + len + GUARD);
		cmds[0] = area_copy(DRM_WSE_CMD_COPY_H2F, flags, 0, variant->src_offset, &a);
		cmds[1] = area_copy(DRM_WSE_CMD_COPY_F2H, flags, 1, variant->dst_offset, &a);
		ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2))
			TH_LOG("%s: %ux%u PEs x %u elements", flags_name(flags), a.w, a.h, a.elems);
		ASSERT_EQ(-1, wse_first_diff(src + variant->src_offset,
					     dst + variant->dst_offset, len))
			TH_LOG("%s: data differs", flags_name(flags));
		ASSERT_EQ(-1, wse_first_not(dst, POISON, variant->dst_offset))
			TH_LOG("%s: F2H wrote before its range", flags_name(flags));
		ASSERT_EQ(-1, wse_first_not(dst + variant->dst_offset + len, POISON, GUARD))
			TH_LOG("%s: F2H wrote past its range", flags_name(flags));
	}
}

/*
 * Write with one dtype and order, read back with another: what comes back
 * is what the model of PE memory says (row-major in, column-major out is a
 * transposition; 32-bit in, 16-bit out splits each element in halves).
 */
TEST_F(memcpy, reinterpret_dtype_and_order)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle };
	unsigned char *src = self->src.map, *dst = self->dst.map;
	unsigned int wi, ri;

	for (wi = 0; wi < 4; wi++) {
		for (ri = 0; ri < 4; ri++) {
			__u32 wf = all_flags[wi], rf = all_flags[ri];
			struct drm_wse_cmd cmds[2];
			struct area aw, ar;
			__u64 pe_bytes, len;

			if (!variant_area(variant, &self->ctx, wf, &aw))
				SKIP(return, "area does not fit this device's context");
			pe_bytes = (__u64)aw.elems * wse_esize(wf);
			if (pe_bytes % wse_esize(rf))
				continue;	/* odd 16-bit count read as 32-bit */
			ar = aw;
			ar.elems = pe_bytes / wse_esize(rf);
			len = area_bytes(&aw, wf);

			wse_pattern(src, len, 0x2000 + wi * 4 + ri);
			host_to_pes(wf, &aw, src, self->model);
			pes_to_host(rf, &ar, self->model, self->expect);
			memset(dst, POISON, len + GUARD);
			cmds[0] = area_copy(DRM_WSE_CMD_COPY_H2F, wf, 0, 0, &aw);
			cmds[1] = area_copy(DRM_WSE_CMD_COPY_F2H, rf, 1, 0, &ar);
			ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2))
				TH_LOG("written %s, read %s", flags_name(wf), flags_name(rf));
			ASSERT_EQ(-1, wse_first_diff(self->expect, dst, len))
				TH_LOG("written %s, read %s: not the expected layout",
				       flags_name(wf), flags_name(rf));
			ASSERT_EQ(-1, wse_first_not(dst + len, POISON, GUARD));
		}
	}
}

/*
 * FILL the whole reservation, H2F the area, read the whole reservation
 * back: the area's bytes land exactly on its PEs at its offset, and every
 * other byte still holds the fill value.
 */
TEST_F(memcpy, placement_in_reservation)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle };
	unsigned char *src = self->src.map, *dst = self->dst.map;
	const struct drm_wse_ctx_create *c = &self->ctx;
	struct area whole = {
		.w = c->width, .h = c->height, .elems = c->sram_bytes / 4,
	};
	unsigned int i;

	for (i = 0; i < 4; i++) {
		__u32 flags = all_flags[i], fill = 0x5a000000u | i;
		struct drm_wse_cmd cmds[3];
		size_t pe_bytes, px, py, b;
		struct area a;
		long off;

		if (!variant_area(variant, c, flags, &a))
			SKIP(return, "area does not fit this device's context");
		pe_bytes = (size_t)a.elems * wse_esize(flags);
		wse_pattern(src, area_bytes(&a, flags), 0x3000 + i);
		host_to_pes(flags, &a, src, self->model);

		cmds[0] = wse_cmd_fill(0, 0, c->width, c->height, 0, c->sram_bytes, fill);
		cmds[1] = area_copy(DRM_WSE_CMD_COPY_H2F, flags, 0, 0, &a);
		cmds[2] = area_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, &whole);
		ASSERT_EQ(0, wse_run(self->fd, c->ctx_id, cmds, 3, bos, 2))
			TH_LOG("%s", flags_name(flags));

		/* The reservation, PE after PE, each its sram_bytes. */
		for (b = 0; b < self->ctx_bytes; b += 4)
			memcpy(self->expect + b, &fill, 4);
		for (py = 0; py < a.h; py++)
			for (px = 0; px < a.w; px++)
				memcpy(self->expect + ((a.y + py) * c->width + a.x + px) *
				       c->sram_bytes + a.pe_offset,
				       self->model + (py * a.w + px) * pe_bytes, pe_bytes);
		off = wse_first_diff(self->expect, dst, self->ctx_bytes);
		ASSERT_EQ(-1, off) TH_LOG("%s: PE (%zu,%zu) byte %zu differs", flags_name(flags),
					  (size_t)off / c->sram_bytes % c->width,
					  (size_t)off / c->sram_bytes / c->width,
					  (size_t)off % c->sram_bytes);
	}
}

/* ------------------------------------------------------------------ */
/* FILL, F2F, host offsets, userptr, dma-buf                           */
/* ------------------------------------------------------------------ */

FIXTURE(xfer) {
	int fd;
	struct drm_wse_ctx_create ctx;
	struct wse_bo src, dst;
	size_t ctx_bytes;
};

FIXTURE_SETUP(xfer)
{
	struct drm_wse_device_info info;

	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &info));
	ASSERT_LE(CTX_W, info.log_width);
	ASSERT_LE(CTX_H, info.log_height);
	ASSERT_LE(CTX_SRAM, info.pe_sram_bytes);
	ASSERT_EQ(0, wse_ctx_create(self->fd, CTX_W, CTX_H, CTX_SRAM, &self->ctx));
	self->ctx_bytes = (size_t)CTX_W * CTX_H * CTX_SRAM;
	ASSERT_EQ(0, wse_bo_create(self->fd, self->ctx_bytes + 4 * WSE_PAGE, &self->src));
	ASSERT_EQ(0, wse_bo_create(self->fd, self->ctx_bytes + 4 * WSE_PAGE, &self->dst));
}

FIXTURE_TEARDOWN(xfer)
{
	wse_bo_free(self->fd, &self->src, 1);
	wse_bo_free(self->fd, &self->dst, 1);
	close(self->fd);
}

/* Read the whole reservation, 32-bit row-major, into @bo_index at 0. */
static struct drm_wse_cmd read_all(__u32 bo_index)
{
	return wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, bo_index, 0, 0, 0, CTX_W, CTX_H,
			    CTX_SRAM / 4, 0);
}

static unsigned char *pe_at(void *img, unsigned int x, unsigned int y)
{
	return (unsigned char *)img + ((size_t)y * CTX_W + x) * CTX_SRAM;
}

/* Two FILLs over a cleared reservation: each value exactly where it was put. */
TEST_F(xfer, fill_then_read)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle };
	struct drm_wse_cmd cmds[5];
	unsigned char *img = malloc(self->ctx_bytes);
	unsigned int x, y, i;
	__u16 *half;

	ASSERT_NE(NULL, img);
	cmds[0] = wse_cmd_fill(0, 0, CTX_W, CTX_H, 0, CTX_SRAM, 0);
	cmds[1] = wse_cmd_fill(1, 2, 5, 3, 8, 64, 0x11223344);
	cmds[2] = wse_cmd_fill(0, 0, CTX_W, CTX_H, CTX_SRAM - 12, 12, 0xdeadbeef);
	cmds[3] = read_all(1);
	/* One PE of the first FILL as 16-bit elements: the value's halves. */
	cmds[4] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, D16, 0, 0, 3, 4, 1, 1, 32, 8);
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 5, bos, 2));

	memset(img, 0, self->ctx_bytes);
	for (y = 0; y < CTX_H; y++) {
		for (x = 0; x < CTX_W; x++) {
			unsigned char *pe = pe_at(img, x, y);

			for (i = 0; i < 12; i += 4)
				memcpy(pe + CTX_SRAM - 12 + i, &(__u32){ 0xdeadbeef }, 4);
			if (x >= 1 && x < 6 && y >= 2 && y < 5)
				for (i = 0; i < 64; i += 4)
					memcpy(pe + 8 + i, &(__u32){ 0x11223344 }, 4);
		}
	}
	EXPECT_EQ(-1, wse_first_diff(img, self->dst.map, self->ctx_bytes));
	half = self->src.map;
	for (i = 0; i < 32; i++)
		ASSERT_EQ(i % 2 ? 0x1122 : 0x3344, half[i]) TH_LOG("16-bit element %u", i);
	free(img);
}

/* F2F between areas of the reservation, checked over the whole of it. */
TEST_F(xfer, f2f_within_reservation)
{
	static const struct {
		struct area from;
		unsigned int dst_x, dst_y, dst_pe_offset;
		__u32 flags;
	} cases[] = {
		/* Same PEs, another byte range. */
		{ { 2, 3, 4, 5, 100, 16 }, 2, 3, 8192, 0 },
		/* Other PEs, same byte range. */
		{ { 0, 0, 3, 7, 33, 0 }, 9, 4, 0, 0 },
		/* Both, with 16-bit elements and an odd count. */
		{ { 11, 1, 5, 1, 77, 2 }, 0, 10, 4098, D16 },
		/* One PE, all the SRAM it can spare. */
		{ { 15, 11, 1, 1, CTX_SRAM / 8, 0 }, 0, 0, CTX_SRAM / 2, 0 },
	};
	__u32 bos[2] = { self->src.handle, self->dst.handle };
	unsigned char *img = malloc(self->ctx_bytes), *model = malloc(self->ctx_bytes);
	unsigned int i;

	ASSERT_NE(NULL, img);
	ASSERT_NE(NULL, model);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct area *a = &cases[i].from;
		__u32 flags = cases[i].flags;
		size_t pe_bytes = (size_t)a->elems * wse_esize(flags), x, y;
		struct drm_wse_cmd cmds[4];

		wse_pattern(self->src.map, area_bytes(a, flags), 0x4000 + i);
		host_to_pes(flags, a, self->src.map, model);
		cmds[0] = wse_cmd_fill(0, 0, CTX_W, CTX_H, 0, CTX_SRAM, 0);
		cmds[1] = area_copy(DRM_WSE_CMD_COPY_H2F, flags, 0, 0, a);
		cmds[2] = wse_cmd_f2f(flags, a->x, a->y, a->w, a->h, a->elems, a->pe_offset,
				      cases[i].dst_x, cases[i].dst_y, cases[i].dst_pe_offset);
		cmds[3] = read_all(1);
		ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 4, bos, 2))
			TH_LOG("case %u", i);

		/* Source left in place, destination a copy of it, zeros elsewhere. */
		memset(img, 0, self->ctx_bytes);
		for (y = 0; y < a->h; y++) {
			for (x = 0; x < a->w; x++) {
				const unsigned char *m = model + (y * a->w + x) * pe_bytes;

				memcpy(pe_at(img, a->x + x, a->y + y) + a->pe_offset, m, pe_bytes);
				memcpy(pe_at(img, cases[i].dst_x + x, cases[i].dst_y + y) +
				       cases[i].dst_pe_offset, m, pe_bytes);
			}
		}
		ASSERT_EQ(-1, wse_first_diff(img, self->dst.map, self->ctx_bytes))
			TH_LOG("case %u", i);
	}
	free(model);
	free(img);
}

struct offsets_case {
	__u64 src_offset, dst_offset;
	__u32 flags;
	struct area a;
};

/* Each case: H2F at src_offset, F2H at dst_offset, compare, check guards. */
static void run_offset_cases(struct __test_metadata *_metadata, FIXTURE_DATA(xfer) *self,
			    const struct offsets_case *cases, unsigned int n)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle };
	unsigned char *src = self->src.map, *dst = self->dst.map;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct offsets_case *c = &cases[i];
		__u64 len = area_bytes(&c->a, c->flags);
		struct drm_wse_cmd cmds[2];
		int ret;

		wse_pattern(src + c->src_offset, len, 0x5000 + i);
		memset(dst, POISON, c->dst_offset + len + GUARD);
		cmds[0] = area_copy(DRM_WSE_CMD_COPY_H2F, c->flags, 0, c->src_offset, &c->a);
		cmds[1] = area_copy(DRM_WSE_CMD_COPY_F2H, c->flags, 1, c->dst_offset, &c->a);
		ret = wse_run(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2);
		EXPECT_EQ(0, ret) TH_LOG("case %u: src +%llu, dst +%llu, %llu bytes, %s",
					 i, (unsigned long long)c->src_offset,
					 (unsigned long long)c->dst_offset,
					 (unsigned long long)len, flags_name(c->flags));
		if (ret)
			continue;
		EXPECT_EQ(-1, wse_first_diff(src + c->src_offset, dst + c->dst_offset, len))
			TH_LOG("case %u: data differs", i);
		EXPECT_EQ(-1, wse_first_not(dst, POISON, c->dst_offset))
			TH_LOG("case %u: F2H wrote before its range", i);
		EXPECT_EQ(-1, wse_first_not(dst + c->dst_offset + len, POISON, GUARD))
			TH_LOG("case %u: F2H wrote past its range", i);
	}
}

/* Offsets that are multiples of the element size but not of the page. */
TEST_F(xfer, host_offsets_element_aligned)
{
	static const struct offsets_case cases[] = {
		{ 4, 4092, 0, { 0, 0, 3, 5, 67, 0 } },		/* 4020 B from 4092 */
		{ 4092, 4, 0, { 1, 1, 1, 1, 2, 4 } },		/* 8 B across a page */
		{ 4094, 2, D16, { 0, 3, 1, 9, 455, 2 } },	/* 8190 B, two pages */
		{ 8192 + 12, 3 * 4096 - 4, COL, { 4, 0, 7, 1, 300, 0 } },
		{ 6, 4096 + 10, COL | D16, { 2, 2, 5, 5, 333, 6 } },
	};

	run_offset_cases(_metadata, self, cases, ARRAY_SIZE(cases));
}

/*
 * Byte offsets that are not even a multiple of the element size: the uapi
 * puts no alignment rule on bo_offset, so the driver must get these right
 * (the device's SGL entries must be element multiples, so this is where a
 * driver that hands it raw page fragments goes wrong).
 */
TEST_F(xfer, host_offsets_odd)
{
	static const struct offsets_case cases[] = {
		{ 1, 3, 0, { 0, 0, 1, 1, 1, 0 } },
		{ 4095, 1, 0, { 0, 0, 3, 5, 67, 0 } },		/* crosses at byte 1 */
		{ 4093, 4097, D16, { 0, 3, 1, 9, 455, 2 } },
		{ 4096 + 3, 8191, COL, { 4, 0, 7, 1, 300, 0 } },
		{ 2, 4096 - 1, COL | D16, { 2, 2, 5, 5, 333, 6 } },
	};

	run_offset_cases(_metadata, self, cases, ARRAY_SIZE(cases));
}

/* Round trip from one userptr BO to another, at offsets crossing pages. */
static void userptr_round_trip(struct __test_metadata *_metadata, FIXTURE_DATA(xfer) *self,
			       unsigned char *in, unsigned char *out, size_t size)
{
	struct area a = { 1, 2, 6, 4, 150, 64 };	/* 14400 bytes */
	__u64 len = area_bytes(&a, 0), in_off = 4096 - 20, out_off = 8192 + 4;
	struct wse_bo bin, bout;
	struct drm_wse_cmd cmds[2];
	unsigned int round;

	ASSERT_LE(in_off + len, size);
	ASSERT_LE(out_off + len + GUARD, size);
	ASSERT_EQ(0, wse_bo_userptr(self->fd, in, size, 0, &bin));
	ASSERT_EQ(0, wse_bo_userptr(self->fd, out, size, 0, &bout));
	cmds[0] = area_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, in_off, &a);
	cmds[1] = area_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, out_off, &a);
	/*
	 * Write through the program's own pointers after the BOs exist: the
	 * device must see and fill the very pages the program uses.
	 */
	for (round = 0; round < 2; round++) {
		__u32 bos[2] = { bin.handle, bout.handle };

		wse_pattern(in + in_off, len, 0x6000 + round);
		memset(out, POISON, size);
		ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2));
		ASSERT_EQ(-1, wse_first_diff(in + in_off, out + out_off, len))
			TH_LOG("round %u", round);
		ASSERT_EQ(-1, wse_first_not(out, POISON, out_off));
		ASSERT_EQ(-1, wse_first_not(out + out_off + len, POISON, size - out_off - len));
	}
	EXPECT_EQ(0, wse_gem_close(self->fd, bin.handle));
	EXPECT_EQ(0, wse_gem_close(self->fd, bout.handle));
}

TEST_F(xfer, userptr_malloc)
{
	size_t size = 8 * WSE_PAGE;
	void *in = NULL, *out = NULL;

	ASSERT_EQ(0, posix_memalign(&in, WSE_PAGE, size));
	ASSERT_EQ(0, posix_memalign(&out, WSE_PAGE, size));
	userptr_round_trip(_metadata, self, in, out, size);
	free(in);
	free(out);
}

TEST_F(xfer, userptr_mmap)
{
	size_t size = 8 * WSE_PAGE;
	unsigned char *map;

	/* Two ranges of one mapping, leaving a page unused around each. */
	map = mmap(NULL, 2 * size + 3 * WSE_PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	userptr_round_trip(_metadata, self, map + WSE_PAGE, map + 2 * WSE_PAGE + size, size);
	munmap(map, 2 * size + 3 * WSE_PAGE);
}

/*
 * A read-only mapping can only be wrapped with USERPTR_READONLY; then the
 * device reads it fine, and an F2H into it is refused.
 */
TEST_F(xfer, userptr_readonly)
{
	struct area a = { 0, 0, 4, 4, 64, 0 };
	__u64 len = area_bytes(&a, 0);
	size_t size = 2 * WSE_PAGE;
	struct drm_wse_cmd cmds[2];
	struct wse_bo ro;
	unsigned char *map;
	__u32 bos[2];
	__u64 seqno;

	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	wse_pattern(map, size, 0x7000);
	ASSERT_EQ(0, mprotect(map, size, PROT_READ));
	EXPECT_EQ(-EFAULT, wse_bo_userptr(self->fd, map, size, 0, &ro));
	ASSERT_EQ(0, wse_bo_userptr(self->fd, map, size, DRM_WSE_BO_USERPTR_READONLY, &ro));

	bos[0] = ro.handle;
	bos[1] = self->dst.handle;
	cmds[0] = area_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 100 * 4, &a);
	cmds[1] = area_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, &a);
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2));
	ASSERT_EQ(-1, wse_first_diff(map + 400, self->dst.map, len));

	cmds[0] = area_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, &a);
	EXPECT_EQ(-EACCES, wse_submit(self->fd, self->ctx.ctx_id, cmds, 1, bos, 1, NULL, &seqno));
	EXPECT_EQ(0, wse_gem_close(self->fd, ro.handle));
	munmap(map, size);
}

/*
 * PRIME: export a BO as a dma-buf, import it on this file (the same handle,
 * as the DRM core promises) and on a second file, and move data through
 * the imported handle in both directions. The data is checked through the
 * exporter's mapping, so both sides really share the memory; the import
 * keeps working after the exporter's handle and the dma-buf fd are closed.
 */
TEST_F(xfer, dmabuf_export_import)
{
	struct area a = { 0, 0, 3, 3, 100, 0 };
	__u64 len = area_bytes(&a, 0), back_off = 4096 + 8;
	struct drm_wse_ctx_create ctx2;
	struct drm_wse_bo_info info;
	struct drm_wse_cmd cmds[2];
	struct wse_bo shared, bo2;
	__u32 self_handle, h2, bos[2];
	int dmabuf, fd2;

	ASSERT_EQ(0, wse_bo_create(self->fd, 4 * WSE_PAGE, &shared));
	wse_pattern(shared.map, len, 0x8000);

	dmabuf = wse_prime_export(self->fd, shared.handle);
	ASSERT_LE(0, dmabuf) TH_LOG("PRIME export: %s", strerror(-dmabuf));
	ASSERT_EQ(0, wse_prime_import(self->fd, dmabuf, &self_handle));
	EXPECT_EQ(shared.handle, self_handle);

	fd2 = wse_open();
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, wse_prime_import(fd2, dmabuf, &h2));
	memset(&info, 0, sizeof(info));
	info.handle = h2;
	ASSERT_EQ(0, wse_ioctl(fd2, DRM_IOCTL_WSE_BO_INFO, &info));
	EXPECT_EQ(shared.size, info.size);
	ASSERT_EQ(0, wse_ctx_create(fd2, 4, 4, 4096, &ctx2));
	ASSERT_EQ(0, wse_bo_create(fd2, 4 * WSE_PAGE, &bo2));

	/* Importer reads what the exporter wrote. */
	bos[0] = h2;
	bos[1] = bo2.handle;
	cmds[0] = area_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, &a);
	cmds[1] = area_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, &a);
	ASSERT_EQ(0, wse_run(fd2, ctx2.ctx_id, cmds, 2, bos, 2));
	ASSERT_EQ(-1, wse_first_diff(shared.map, bo2.map, len));

	/* Exporter sees what the importer wrote. */
	wse_pattern(bo2.map, len, 0x8001);
	bos[0] = bo2.handle;
	bos[1] = h2;
	cmds[1] = area_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, back_off, &a);
	ASSERT_EQ(0, wse_run(fd2, ctx2.ctx_id, cmds, 2, bos, 2));
	ASSERT_EQ(-1, wse_first_diff(bo2.map, (unsigned char *)shared.map + back_off, len));

	/* Only the importer's handle (and our mapping) keep the BO now. */
	EXPECT_EQ(0, close(dmabuf));
	EXPECT_EQ(0, wse_gem_close(self->fd, shared.handle));
	wse_pattern(bo2.map, len, 0x8002);
	ASSERT_EQ(0, wse_run(fd2, ctx2.ctx_id, cmds, 2, bos, 2));
	ASSERT_EQ(-1, wse_first_diff(bo2.map, (unsigned char *)shared.map + back_off, len));

	munmap(shared.map, shared.size);
	wse_bo_free(fd2, &bo2, 1);
	EXPECT_EQ(0, wse_gem_close(fd2, h2));
	close(fd2);
}

/* ------------------------------------------------------------------ */
/* Bulk: the largest reservation the device offers, many times over    */
/* ------------------------------------------------------------------ */

/* At least this much each way, over as many submits as it takes. */
#define BULK_TOTAL	(256ull << 20)
/* And each transfer no bigger than this (the full wse3 wafer is 40 GiB). */
#define BULK_MAX_XFER	(64ull << 20)

FIXTURE(bulk) {
	int fd;
	struct drm_wse_ctx_create ctx;
	struct wse_bo src, dst;
};

FIXTURE_SETUP(bulk)
{
	struct drm_wse_device_info info;
	unsigned int w, h;

	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &info));
	w = info.log_width;
	h = info.log_height;
	while ((__u64)w * h * info.pe_sram_bytes > BULK_MAX_XFER) {
		if (w >= h)
			w /= 2;
		else
			h /= 2;
	}
	ASSERT_EQ(0, wse_ctx_create(self->fd, w, h, info.pe_sram_bytes, &self->ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, (__u64)w * h * info.pe_sram_bytes, &self->src));
	ASSERT_EQ(0, wse_bo_create(self->fd, (__u64)w * h * info.pe_sram_bytes, &self->dst));
}

FIXTURE_TEARDOWN(bulk)
{
	wse_bo_free(self->fd, &self->src, 1);
	wse_bo_free(self->fd, &self->dst, 1);
	close(self->fd);
}

/*
 * The whole reservation (36 MiB on the default device: 32 x 24 PEs x 48 KiB)
 * H2F then F2H, with a fresh pattern and another dtype/order each time,
 * until BULK_TOTAL has gone each way. Separate jobs for the two directions,
 * so each is one large DMA of its own.
 */
TEST_F_TIMEOUT(bulk, hundreds_of_mib, 300)
{
	const struct drm_wse_ctx_create *c = &self->ctx;
	struct area whole = { 0, 0, c->width, c->height, 0, 0 };
	__u64 xfer = (__u64)c->width * c->height * c->sram_bytes, moved = 0;
	__u32 src = self->src.handle, dst = self->dst.handle;
	__s64 t0 = wse_now_ns(), busy = 0;
	unsigned int i;

	for (i = 0; moved < BULK_TOTAL; i++) {
		__u32 flags = all_flags[i % 4];
		struct drm_wse_cmd cmd;
		__s64 t;

		whole.elems = c->sram_bytes / wse_esize(flags);
		wse_pattern(self->src.map, xfer, 0x9000 + i);
		memset(self->dst.map, POISON, xfer);
		t = wse_now_ns();
		cmd = area_copy(DRM_WSE_CMD_COPY_H2F, flags, 0, 0, &whole);
		ASSERT_EQ(0, wse_run(self->fd, c->ctx_id, &cmd, 1, &src, 1))
			TH_LOG("H2F %d: %s", i, flags_name(flags));
		cmd = area_copy(DRM_WSE_CMD_COPY_F2H, flags, 0, 0, &whole);
		ASSERT_EQ(0, wse_run(self->fd, c->ctx_id, &cmd, 1, &dst, 1))
			TH_LOG("F2H %d: %s", i, flags_name(flags));
		busy += wse_now_ns() - t;
		ASSERT_EQ(-1, wse_first_diff(self->src.map, self->dst.map, xfer))
			TH_LOG("transfer %d: %s", i, flags_name(flags));
		moved += xfer;
	}
	ksft_print_msg("bulk: %u x %llu MiB each way; %.1f s for the jobs, %.1f s in all\n",
		       i, (unsigned long long)(xfer >> 20), busy / 1e9, (wse_now_ns() - t0) / 1e9);
}

/*
 * One job moving hundreds of MiB: the reservation filled from and emptied
 * into successive slices of two large buffers, a shmem BO as the source and
 * a userptr BO over an anonymous mapping as the destination (7 x 36 MiB =
 * 252 MiB each way on the default device), so a single job pins, maps and
 * walks page lists of that size.
 */
TEST_F_TIMEOUT(bulk, one_job_hundreds_of_mib, 300)
{
	const struct drm_wse_ctx_create *c = &self->ctx;
	__u64 xfer = (__u64)c->width * c->height * c->sram_bytes;
	unsigned int n = (BULK_TOTAL - 1) / xfer + 1, k;
	struct drm_wse_cmd cmds[2 * 16];
	struct wse_bo src, dst;
	unsigned char *map;
	__u32 bos[2];

	if (n > 16)
		n = 16;
	ASSERT_EQ(0, wse_bo_create(self->fd, n * xfer, &src));
	map = mmap(NULL, n * xfer, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, wse_bo_userptr(self->fd, map, n * xfer, 0, &dst));
	wse_pattern(src.map, n * xfer, 0xa000);
	memset(map, POISON, n * xfer);
	for (k = 0; k < n; k++) {
		struct area whole = { 0, 0, c->width, c->height, c->sram_bytes / 4, 0 };

		cmds[2 * k] = area_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, k * xfer, &whole);
		cmds[2 * k + 1] = area_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, k * xfer, &whole);
	}
	bos[0] = src.handle;
	bos[1] = dst.handle;
	ASSERT_EQ(0, wse_run(self->fd, c->ctx_id, cmds, 2 * n, bos, 2));
	for (k = 0; k < n; k++)
		ASSERT_EQ(-1, wse_first_diff((unsigned char *)src.map + k * xfer, map + k * xfer,
					     xfer))
			TH_LOG("slice %u of %u", k, n);
	wse_bo_free(self->fd, &dst, 0);
	munmap(map, n * xfer);
	wse_bo_free(self->fd, &src, 1);
}

TEST_HARNESS_MAIN
