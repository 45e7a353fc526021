// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of rectangle addressing (qemu-device/wse_rect.c): host array
 * layouts, host<->fabric copies in slices, fabric-to-fabric copies with
 * overlap, and fill.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "wse_rect.h"
#include "test_util.h"

FIXTURE(rect) {
	struct wse_fabric f;
};

FIXTURE_SETUP(rect)
{
	struct wse_fabric_config c = small_config();

	c.pe_sram_bytes = 4096;
	ASSERT_TRUE(wse_fabric_init(&self->f, &c, NULL, 0));
}

FIXTURE_TEARDOWN(rect)
{
	wse_fabric_destroy(&self->f);
}

/* Shapes: sizes, element sizes and orders, including degenerate ones. */
FIXTURE_VARIANT(rect) {
	struct wse_xfer_shape s;
};

FIXTURE_VARIANT_ADD(rect, row32) {
	.s = { .x = 3, .y = 2, .width = 5, .height = 4, .elems_per_pe = 7,
	       .esize = 4, .col_major = false, .pe_offset = 64 },
};

FIXTURE_VARIANT_ADD(rect, col32) {
	.s = { .x = 3, .y = 2, .width = 5, .height = 4, .elems_per_pe = 7,
	       .esize = 4, .col_major = true, .pe_offset = 64 },
};

FIXTURE_VARIANT_ADD(rect, row16) {
	.s = { .x = 0, .y = 0, .width = 32, .height = 3, .elems_per_pe = 9,
	       .esize = 2, .col_major = false, .pe_offset = 2 },
};

FIXTURE_VARIANT_ADD(rect, col16) {
	.s = { .x = 0, .y = 0, .width = 32, .height = 3, .elems_per_pe = 9,
	       .esize = 2, .col_major = true, .pe_offset = 2 },
};

FIXTURE_VARIANT_ADD(rect, single_pe_col) {
	.s = { .x = 31, .y = 23, .width = 1, .height = 1, .elems_per_pe = 100,
	       .esize = 4, .col_major = true, .pe_offset = 0 },
};

FIXTURE_VARIANT_ADD(rect, column_col16) {
	.s = { .x = 7, .y = 0, .width = 1, .height = 24, .elems_per_pe = 3,
	       .esize = 2, .col_major = true, .pe_offset = 4094 - 6 },
};

FIXTURE_VARIANT_ADD(rect, one_elem_row) {
	.s = { .x = 0, .y = 5, .width = 32, .height = 1, .elems_per_pe = 1,
	       .esize = 4, .col_major = false, .pe_offset = 4092 },
};

/* index() inverts locate(), and locate() hits every slot exactly once. */
TEST_F(rect, locate_index_round_trip)
{
	const struct wse_xfer_shape *s = &variant->s;
	uint64_t n = wse_shape_elems(s), i;
	uint8_t *seen = calloc(n, 1);

	ASSERT_NE(NULL, seen);
	for (i = 0; i < n; i++) {
		uint32_t x, y, l;
		uint64_t run, slot;

		wse_shape_locate(s, i, &x, &y, &l, &run);
		ASSERT_LT(x, s->width);
		ASSERT_LT(y, s->height);
		ASSERT_LT(l, s->elems_per_pe);
		ASSERT_GE(run, 1);
		ASSERT_LE(l + run, s->elems_per_pe);
		ASSERT_EQ(i, wse_shape_index(s, x, y, l));
		slot = ((uint64_t)y * s->width + x) * s->elems_per_pe + l;
		ASSERT_EQ(0, seen[slot]);
		seen[slot] = 1;
		/* The run really is contiguous in the same PE. */
		if (run > 1) {
			uint32_t x2, y2, l2;
			uint64_t r2;

			wse_shape_locate(s, i + 1, &x2, &y2, &l2, &r2);
			ASSERT_EQ(x, x2);
			ASSERT_EQ(y, y2);
			ASSERT_EQ(l + 1, l2);
		}
	}
	free(seen);
}

/* The layouts documented in wse_rect.h, checked on concrete indices. */
TEST_F(rect, layout_formula)
{
	const struct wse_xfer_shape *s = &variant->s;
	uint32_t x = s->width - 1, y = s->height - 1, l = s->elems_per_pe - 1;
	uint64_t want;

	if (s->col_major)
		want = ((uint64_t)l * s->height + y) * s->width + x;
	else
		want = ((uint64_t)y * s->width + x) * s->elems_per_pe + l;
	EXPECT_EQ(want, wse_shape_index(s, x, y, l));
	EXPECT_EQ(0, wse_shape_index(s, 0, 0, 0));
	if (s->width > 1)
		EXPECT_EQ(s->col_major ? 1 : s->elems_per_pe,
			  wse_shape_index(s, 1, 0, 0));
}

/* Host -> fabric -> host returns the data and puts each element in place. */
TEST_F(rect, host_round_trip_and_placement)
{
	const struct wse_xfer_shape *s = &variant->s;
	size_t bytes = wse_shape_bytes(s);
	uint8_t *in = malloc(bytes), *out = malloc(bytes);
	uint32_t x, y, l;

	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	fill_random(in, bytes, 99);
	ASSERT_TRUE(wse_rect_copy_host(&self->f, s, 0, in, bytes, true));
	EXPECT_EQ(wse_shape_pes(s), self->f.backed_pes);

	for (y = 0; y < s->height; y++)
		for (x = 0; x < s->width; x++) {
			const uint8_t *pe = wse_fabric_pe_peek(&self->f,
							       s->x + x,
							       s->y + y);

			ASSERT_NE(NULL, pe);
			for (l = 0; l < s->elems_per_pe; l++) {
				uint64_t i = wse_shape_index(s, x, y, l);

				ASSERT_EQ(0, memcmp(pe + s->pe_offset +
						    l * s->esize,
						    in + i * s->esize,
						    s->esize));
			}
		}

	memset(out, 0xee, bytes);
	ASSERT_TRUE(wse_rect_copy_host(&self->f, s, 0, out, bytes, false));
	EXPECT_EQ(0, memcmp(in, out, bytes));
	free(in);
	free(out);
}

/* Moving the data in odd-sized slices gives the same result as one go. */
TEST_F(rect, sliced_copy_matches_whole)
{
	const struct wse_xfer_shape *s = &variant->s;
	size_t bytes = wse_shape_bytes(s), done = 0, step = 0;
	uint8_t *in = malloc(bytes), *out = malloc(bytes);

	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	fill_random(in, bytes, 5);
	while (done < bytes) {
		size_t n = (++step % 5 + 1) * s->esize;

		if (n > bytes - done)
			n = bytes - done;
		ASSERT_TRUE(wse_rect_copy_host(&self->f, s, done / s->esize,
					       in + done, n, true));
		done += n;
	}
	ASSERT_TRUE(wse_rect_copy_host(&self->f, s, 0, out, bytes, false));
	EXPECT_EQ(0, memcmp(in, out, bytes));

	/* And slices the other way. */
	memset(out, 0, bytes);
	for (done = 0; done < bytes; done += s->esize)
		ASSERT_TRUE(wse_rect_copy_host(&self->f, s, done / s->esize,
					       out + done, s->esize, false));
	EXPECT_EQ(0, memcmp(in, out, bytes));
	free(in);
	free(out);
}

/* Writing zeros leaves PEs unbacked; reading unbacked PEs gives zeros. */
TEST_F(rect, zeros_stay_lazy)
{
	const struct wse_xfer_shape *s = &variant->s;
	size_t bytes = wse_shape_bytes(s), i;
	uint8_t *buf = calloc(bytes, 1);

	ASSERT_NE(NULL, buf);
	ASSERT_TRUE(wse_rect_copy_host(&self->f, s, 0, buf, bytes, true));
	EXPECT_EQ(0, self->f.backed_pes);
	memset(buf, 0x77, bytes);
	ASSERT_TRUE(wse_rect_copy_host(&self->f, s, 0, buf, bytes, false));
	for (i = 0; i < bytes; i++)
		ASSERT_EQ(0, buf[i]);
	free(buf);
}

/* Reading a row-major upload back column-major transposes by the formula. */
TEST(row_major_vs_col_major)
{
	struct wse_fabric_config c = small_config();
	struct wse_xfer_shape row = { .x = 1, .y = 1, .width = 4, .height = 3,
				      .elems_per_pe = 5, .esize = 4 };
	struct wse_xfer_shape col = row;
	uint32_t in[60], out[60], x, y, l;
	struct wse_fabric f;

	col.col_major = true;
	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	for (x = 0; x < 60; x++)
		in[x] = 1000 + x;
	ASSERT_TRUE(wse_rect_copy_host(&f, &row, 0, in, sizeof(in), true));
	ASSERT_TRUE(wse_rect_copy_host(&f, &col, 0, out, sizeof(out), false));
	for (y = 0; y < 3; y++)
		for (x = 0; x < 4; x++)
			for (l = 0; l < 5; l++)
				ASSERT_EQ(in[(y * 4 + x) * 5 + l],
					  out[(l * 3 + y) * 4 + x]);
	wse_fabric_destroy(&f);
}

/* Give every PE of the grid distinct content. */
static void seed_grid(struct wse_fabric *f, uint32_t bytes)
{
	uint32_t x, y;

	for (y = 0; y < f->log_height; y++)
		for (x = 0; x < f->log_width; x++)
			fill_random(wse_fabric_pe_mem(f, x, y), bytes,
				    y * 1000 + x);
}

static uint8_t *snapshot(struct wse_fabric *f)
{
	uint32_t n = wse_fabric_pes(f), i;
	uint8_t *snap = calloc(n, f->pe_sram_bytes);

	for (i = 0; snap && i < n; i++)
		if (f->sram[i])
			memcpy(snap + (size_t)i * f->pe_sram_bytes, f->sram[i],
			       f->pe_sram_bytes);
	return snap;
}

/* What a fabric copy must produce: the source as it was before the copy. */
static void reference_f2f(struct wse_fabric *f, uint8_t *ref,
			  const uint8_t *before,
			  const struct wse_xfer_shape *src, uint32_t dx,
			  uint32_t dy, uint32_t doff)
{
	size_t n = (size_t)src->elems_per_pe * src->esize, sb = f->pe_sram_bytes;
	uint32_t x, y;

	for (y = 0; y < src->height; y++)
		for (x = 0; x < src->width; x++) {
			size_t si = (size_t)(src->y + y) * f->log_width +
				    src->x + x;
			size_t di = (size_t)(dy + y) * f->log_width + dx + x;

			memcpy(ref + di * sb + doff,
			       before + si * sb + src->pe_offset, n);
		}
}

TEST(f2f_overlap_all_directions)
{
	static const int d[][3] = {
		{ 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 },
		{ 2, 1, 0 }, { -2, 1, 0 }, { 2, -1, 0 }, { -2, -1, 0 },
		{ 0, 0, 8 }, { 0, 0, -8 }, { 1, 1, 12 }, { 0, 0, 0 },
	};
	struct wse_fabric_config c = small_config();
	unsigned int i;

	c.pe_sram_bytes = 1024;
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		struct wse_xfer_shape src = { .x = 10, .y = 8, .width = 6,
					      .height = 5, .elems_per_pe = 6,
					      .esize = 4, .pe_offset = 32 };
		uint32_t dx = src.x + d[i][0], dy = src.y + d[i][1];
		uint32_t doff = src.pe_offset + d[i][2];
		uint64_t k, npes = wse_shape_pes(&src);
		struct wse_fabric f;
		uint8_t *before, *ref, *after;

		ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
		seed_grid(&f, c.pe_sram_bytes);
		before = snapshot(&f);
		ref = snapshot(&f);
		reference_f2f(&f, ref, before, &src, dx, dy, doff);

		/* In slices of 4 PEs, as the device would run it. */
		for (k = 0; k < npes; k += 4)
			ASSERT_TRUE(wse_rect_copy_fabric(&f, &src, dx, dy,
							 doff, k, 4));
		after = snapshot(&f);
		EXPECT_EQ(0, memcmp(ref, after,
				    (size_t)wse_fabric_pes(&f) *
				    c.pe_sram_bytes))
			TH_LOG("shift %d,%d,%d", d[i][0], d[i][1], d[i][2]);
		free(before);
		free(ref);
		free(after);
		wse_fabric_destroy(&f);
	}
}

TEST(f2f_from_unbacked_source)
{
	struct wse_fabric_config c = small_config();
	struct wse_xfer_shape src = { .x = 0, .y = 0, .width = 2, .height = 1,
				      .elems_per_pe = 4, .esize = 4 };
	struct wse_fabric f;
	uint8_t *pe;
	int i;

	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	/* Unbacked to unbacked stays unbacked. */
	ASSERT_TRUE(wse_rect_copy_fabric(&f, &src, 10, 10, 0, 0, 2));
	EXPECT_EQ(0, f.backed_pes);
	/* Unbacked source zeroes a backed destination's range only. */
	pe = wse_fabric_pe_mem(&f, 11, 10);
	memset(pe, 0xcc, 64);
	ASSERT_TRUE(wse_rect_copy_fabric(&f, &src, 10, 10, 8, 0, 2));
	for (i = 0; i < 64; i++)
		ASSERT_EQ(i >= 8 && i < 24 ? 0 : 0xcc, pe[i]);
	EXPECT_EQ(1, f.backed_pes);
	wse_fabric_destroy(&f);
}

TEST(fill_pattern_and_bounds)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint64_t k;
	uint32_t x, y, i;

	c.pe_sram_bytes = 1024;
	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	/* 3x2 rectangle at (4,5), 16 bytes at offset 8, in two slices. */
	for (k = 0; k < 6; k += 4)
		ASSERT_TRUE(wse_rect_fill(&f, 4, 5, 3, 8, 16, 0x11223344,
					  k, k ? 2 : 4));
	EXPECT_EQ(6, f.backed_pes);
	for (y = 5; y < 7; y++)
		for (x = 4; x < 7; x++) {
			const uint8_t *pe = wse_fabric_pe_peek(&f, x, y);

			ASSERT_NE(NULL, pe);
			for (i = 0; i < 32; i++) {
				static const uint8_t pat[4] = {
					0x44, 0x33, 0x22, 0x11 };

				ASSERT_EQ(i >= 8 && i < 24 ? pat[i % 4] : 0,
					  pe[i]);
			}
		}
	EXPECT_EQ(NULL, wse_fabric_pe_peek(&f, 7, 5));
	EXPECT_EQ(NULL, wse_fabric_pe_peek(&f, 4, 7));

	/* Filling zeros backs nothing new but clears backed PEs. */
	ASSERT_TRUE(wse_rect_fill(&f, 0, 0, 32, 0, 1024, 0, 0, 32 * 24));
	EXPECT_EQ(6, f.backed_pes);
	for (i = 0; i < 1024; i++)
		ASSERT_EQ(0, wse_fabric_pe_peek(&f, 5, 6)[i]);
	wse_fabric_destroy(&f);
}

TEST_HARNESS_MAIN
