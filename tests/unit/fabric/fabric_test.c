// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the wafer model (qemu-device/wse_fabric.c): geometry,
 * defect generation, the logical<->physical remap, lazily backed SRAM and
 * the BAR2 aperture addressing.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "wse_fabric.h"
#include "wse_hw.h"
#include "test_util.h"

/* Every logical PE maps to a distinct working physical PE and back. */
static int check_remap(struct __test_metadata *_metadata,
		       const struct wse_fabric *f)
{
	uint8_t *seen = calloc((size_t)f->phys_width * f->phys_height, 1);
	uint32_t lx, ly, px, py, x, y, mapped = 0;

	ASSERT_NE(NULL, seen);
	for (ly = 0; ly < f->log_height; ly++) {
		uint32_t prev_px = 0, row_py = 0;

		for (lx = 0; lx < f->log_width; lx++) {
			ASSERT_TRUE(wse_fabric_log_to_phys(f, lx, ly, &px, &py));
			ASSERT_LT(px, f->phys_width);
			ASSERT_LT(py, f->phys_height);
			ASSERT_FALSE(wse_fabric_is_defective(f, px, py));
			/* A logical row is one physical row, in x order. */
			if (lx) {
				ASSERT_EQ(row_py, py);
				ASSERT_GT(px, prev_px);
			}
			row_py = py;
			prev_px = px;
			ASSERT_EQ(0, seen[py * f->phys_width + px]);
			seen[py * f->phys_width + px] = 1;
			ASSERT_TRUE(wse_fabric_phys_to_log(f, px, py, &x, &y));
			ASSERT_EQ(lx, x);
			ASSERT_EQ(ly, y);
		}
	}
	/* Nothing else maps: defects, spares, retired rows. */
	for (py = 0; py < f->phys_height; py++)
		for (px = 0; px < f->phys_width; px++)
			if (wse_fabric_phys_to_log(f, px, py, &x, &y)) {
				ASSERT_TRUE(seen[py * f->phys_width + px]);
				mapped++;
			}
	ASSERT_EQ(f->log_width * f->log_height, mapped);
	free(seen);
	return 0;
}

TEST(small_preset_geometry)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	char err[256] = "";

	ASSERT_TRUE(wse_fabric_init(&f, &c, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(32, f.log_width);
	EXPECT_EQ(24, f.log_height);
	EXPECT_EQ(34, f.phys_width);
	EXPECT_EQ(25, f.phys_height);
	EXPECT_EQ(6, f.ndefects);
	EXPECT_EQ(0, f.backed_pes);
	EXPECT_EQ(32 * 24, wse_fabric_pes(&f));
	check_remap(_metadata, &f);
	wse_fabric_destroy(&f);
}

TEST(wse3_geometry_and_defects)
{
	struct wse_fabric_config c = {
		.log_width = 762, .log_height = 1176,
		.spare_cols = 8, .spare_rows = 8,
		.pe_sram_bytes = 48 * 1024, .ndefects = 1500, .seed = 42,
	};
	struct wse_fabric f;
	char err[256] = "";

	ASSERT_TRUE(wse_fabric_init(&f, &c, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(770, f.phys_width);
	EXPECT_EQ(1184, f.phys_height);
	EXPECT_EQ(1500, f.ndefects);
	EXPECT_EQ(0, f.backed_pes);
	check_remap(_metadata, &f);
	wse_fabric_destroy(&f);
}

TEST(defects_deterministic_per_seed)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric a, b;
	uint32_t i;
	int differ = 0;

	c.ndefects = 20;
	ASSERT_TRUE(wse_fabric_init(&a, &c, NULL, 0));
	ASSERT_TRUE(wse_fabric_init(&b, &c, NULL, 0));
	ASSERT_EQ(a.ndefects, b.ndefects);
	ASSERT_EQ(0, memcmp(a.defects, b.defects,
			    a.ndefects * sizeof(*a.defects)));
	wse_fabric_destroy(&b);

	c.seed++;
	ASSERT_TRUE(wse_fabric_init(&b, &c, NULL, 0));
	for (i = 0; i < a.ndefects; i++)
		differ |= memcmp(&a.defects[i], &b.defects[i],
				 sizeof(a.defects[i]));
	EXPECT_TRUE(differ);
	wse_fabric_destroy(&a);
	wse_fabric_destroy(&b);
}

/* Defect entries are sorted by (y, x), distinct, and end in NONE. */
TEST(defect_entries_sorted)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint32_t i, prev = 0;

	c.ndefects = 30;
	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	for (i = 0; i < f.ndefects; i++) {
		uint32_t e = wse_fabric_defect_entry(&f, i);

		ASSERT_NE(WSE_DEFECT_NONE, e);
		ASSERT_LT(WSE_DEFECT_X(e), f.phys_width);
		ASSERT_LT(WSE_DEFECT_Y(e), f.phys_height);
		ASSERT_TRUE(wse_fabric_is_defective(&f, WSE_DEFECT_X(e),
						    WSE_DEFECT_Y(e)));
		if (i)
			ASSERT_GT(e, prev);
		prev = e;
	}
	EXPECT_EQ(WSE_DEFECT_NONE, wse_fabric_defect_entry(&f, f.ndefects));
	EXPECT_EQ(WSE_DEFECT_NONE, wse_fabric_defect_entry(&f, 0xffffffff));
	wse_fabric_destroy(&f);
}

/* Generated wafers always yield, even when defects retire rows. */
TEST(generated_wafers_always_usable)
{
	struct wse_fabric_config c = small_config();
	uint64_t seed;
	int retired_seen = 0;

	c.ndefects = 60;
	for (seed = 1; seed <= 200; seed++) {
		struct wse_fabric f;
		char err[256] = "";

		c.seed = seed;
		ASSERT_TRUE(wse_fabric_init(&f, &c, err, sizeof(err)))
			TH_LOG("seed %llu: %s", (unsigned long long)seed, err);
		ASSERT_LE(f.retired_rows, f.spare_rows);
		retired_seen |= f.retired_rows > 0;
		check_remap(_metadata, &f);
		wse_fabric_destroy(&f);
	}
	EXPECT_TRUE(retired_seen);
}

TEST(tolerable_defect_bound)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	char err[256] = "";

	/* One spare row of 34 PEs plus 2 spares in each of 24 rows. */
	c.ndefects = 34 + 24 * 2;
	ASSERT_TRUE(wse_fabric_init(&f, &c, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(1, f.retired_rows);
	check_remap(_metadata, &f);
	wse_fabric_destroy(&f);

	c.ndefects++;
	EXPECT_FALSE(wse_fabric_init(&f, &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "cannot be tolerated")) TH_LOG("%s", err);
}

TEST(explicit_map_retires_row)
{
	static const struct wse_pe_coord map[] = {
		{ 5, 1 }, { 0, 1 }, { 9, 1 },	/* 3 > 2 spares: row 1 retired */
		{ 0, 3 }, { 33, 3 },		/* row 3: shift by one */
	};
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint32_t px, py, lx, ly;
	char err[256] = "";

	c.defect_map = map;
	c.defect_map_len = 5;
	ASSERT_TRUE(wse_fabric_init(&f, &c, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(5, f.ndefects);
	EXPECT_EQ(1, f.retired_rows);
	/* Logical row 1 is physical row 2; logical row 2 physical row 3. */
	ASSERT_TRUE(wse_fabric_log_to_phys(&f, 0, 0, &px, &py));
	EXPECT_EQ(0, py);
	ASSERT_TRUE(wse_fabric_log_to_phys(&f, 0, 1, &px, &py));
	EXPECT_EQ(2, py);
	ASSERT_TRUE(wse_fabric_log_to_phys(&f, 0, 2, &px, &py));
	EXPECT_EQ(3, py);
	EXPECT_EQ(1, px);		/* (0,3) is defective */
	ASSERT_TRUE(wse_fabric_log_to_phys(&f, 31, 2, &px, &py));
	EXPECT_EQ(32, px);		/* (33,3) too, spare 32 used */
	ASSERT_TRUE(wse_fabric_log_to_phys(&f, 23, 23, &px, &py));
	EXPECT_EQ(24, py);		/* the spare row is in use */
	/* Row 1 is gone, so is the unused spare at the end of row 0. */
	EXPECT_FALSE(wse_fabric_phys_to_log(&f, 3, 1, &lx, &ly));
	EXPECT_FALSE(wse_fabric_phys_to_log(&f, 33, 0, &lx, &ly));
	EXPECT_FALSE(wse_fabric_phys_to_log(&f, 0, 3, &lx, &ly));
	check_remap(_metadata, &f);
	wse_fabric_destroy(&f);
}

TEST(explicit_map_too_many_retired_rows)
{
	static const struct wse_pe_coord map[] = {
		{ 1, 1 }, { 2, 1 }, { 3, 1 },
		{ 1, 4 }, { 2, 4 }, { 3, 4 },
	};
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	char err[256] = "";

	c.defect_map = map;
	c.defect_map_len = 6;
	EXPECT_FALSE(wse_fabric_init(&f, &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "retire 2 rows")) TH_LOG("%s", err);
	/* Destroying a failed fabric is harmless. */
	wse_fabric_destroy(&f);
}

TEST(explicit_map_errors)
{
	static const struct wse_pe_coord dup[] = { { 1, 1 }, { 1, 1 } };
	static const struct wse_pe_coord off[] = { { 34, 0 } };
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	char err[256] = "";

	c.defect_map = dup;
	c.defect_map_len = 2;
	EXPECT_FALSE(wse_fabric_init(&f, &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "listed twice")) TH_LOG("%s", err);
	c.defect_map = off;
	c.defect_map_len = 1;
	EXPECT_FALSE(wse_fabric_init(&f, &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "outside")) TH_LOG("%s", err);
	/* An empty explicit map is a perfect wafer. */
	c.defect_map_len = 0;
	ASSERT_TRUE(wse_fabric_init(&f, &c, err, sizeof(err)));
	EXPECT_EQ(0, f.ndefects);
	check_remap(_metadata, &f);
	wse_fabric_destroy(&f);
}

TEST(geometry_out_of_range)
{
	static const struct {
		uint32_t w, h, sc, sr, sram;
		const char *msg;
	} bad[] = {
		{ 0, 24, 2, 1, 49152, "logical grid" },
		{ 32, 0, 2, 1, 49152, "logical grid" },
		{ 4097, 24, 2, 1, 49152, "logical grid" },
		{ 32, 24, 1025, 1, 49152, "spare" },
		{ 4090, 24, 10, 1, 49152, "physical grid" },
		{ 4000, 2000, 0, 0, 49152, "physical grid" },
		{ 32, 24, 2, 1, 0, "SRAM" },
		{ 32, 24, 2, 1, 512, "SRAM" },
		{ 32, 24, 2, 1, 65540, "SRAM" },
		{ 32, 24, 2, 1, 4098, "SRAM" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct wse_fabric_config c = small_config();
		struct wse_fabric f;
		char err[256] = "";

		c.log_width = bad[i].w;
		c.log_height = bad[i].h;
		c.spare_cols = bad[i].sc;
		c.spare_rows = bad[i].sr;
		c.pe_sram_bytes = bad[i].sram;
		EXPECT_FALSE(wse_fabric_init(&f, &c, err, sizeof(err)))
			TH_LOG("case %u accepted", i);
		EXPECT_NE(NULL, strstr(err, bad[i].msg))
			TH_LOG("case %u: %s", i, err);
	}
}

TEST(parse_defect_map)
{
	struct wse_pe_coord *v;
	uint32_t n;
	char err[256];

	ASSERT_TRUE(wse_fabric_parse_defect_map("1:2;3:4,0x10:5;65535:0XfF",
						&v, &n, err, sizeof(err)));
	ASSERT_EQ(4, n);
	EXPECT_EQ(1, v[0].x);
	EXPECT_EQ(2, v[0].y);
	EXPECT_EQ(3, v[1].x);
	EXPECT_EQ(4, v[1].y);
	EXPECT_EQ(16, v[2].x);
	EXPECT_EQ(5, v[2].y);
	EXPECT_EQ(65535, v[3].x);
	EXPECT_EQ(255, v[3].y);
	free(v);

	ASSERT_TRUE(wse_fabric_parse_defect_map("", &v, &n, err, sizeof(err)));
	EXPECT_EQ(0, n);
	free(v);
}

TEST(parse_defect_map_rejects_garbage)
{
	static const char *const bad[] = {
		"1", "1:", ":1", "1:2;", "1:2;;3:4", "a:b", "1:2x",
		"70000:1", "1:70000", "-1:2", "1;2", " 1:2", "0x:1",
		"1:+2", "65536:0",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct wse_pe_coord *v = (void *)1;
		uint32_t n = 99;
		char err[256] = "";

		EXPECT_FALSE(wse_fabric_parse_defect_map(bad[i], &v, &n, err,
							 sizeof(err)))
			TH_LOG("\"%s\" accepted", bad[i]);
		EXPECT_EQ(NULL, v);
		EXPECT_EQ(0, n);
		EXPECT_NE(NULL, strstr(err, "x:y")) TH_LOG("%s", err);
	}
}

TEST(sram_is_lazy)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint8_t buf[16], zero[16] = { 0 };
	uint64_t base = WSE_FABRIC_ADDR(0, 3, 0);

	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	EXPECT_EQ(NULL, wse_fabric_pe_peek(&f, 5, 3));
	memset(buf, 0xaa, sizeof(buf));
	wse_fabric_aperture_read(&f, base, 5 << 16, buf, sizeof(buf));
	EXPECT_EQ(0, memcmp(buf, zero, sizeof(buf)));

	/* Zeros into an untouched PE do not back it. */
	ASSERT_TRUE(wse_fabric_aperture_write(&f, base, 5 << 16, zero, 16));
	EXPECT_EQ(0, f.backed_pes);

	fill_random(buf, sizeof(buf), 7);
	buf[0] |= 1;
	ASSERT_TRUE(wse_fabric_aperture_write(&f, base, (5 << 16) + 100, buf,
					      sizeof(buf)));
	EXPECT_EQ(1, f.backed_pes);
	ASSERT_NE(NULL, wse_fabric_pe_peek(&f, 5, 3));
	EXPECT_EQ(0, memcmp(wse_fabric_pe_peek(&f, 5, 3) + 100, buf, 16));

	wse_fabric_clear(&f);
	EXPECT_EQ(0, f.backed_pes);
	EXPECT_EQ(NULL, wse_fabric_pe_peek(&f, 5, 3));
	wse_fabric_destroy(&f);
}

TEST(sram_backing_limit)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint8_t one = 1;
	char err[256] = "";

	c.sram_limit = 2 * c.pe_sram_bytes + 100;
	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	EXPECT_EQ(2, f.max_backed_pes);
	EXPECT_NE(NULL, wse_fabric_pe_mem(&f, 0, 0));
	EXPECT_NE(NULL, wse_fabric_pe_mem(&f, 1, 0));
	EXPECT_EQ(NULL, wse_fabric_pe_mem(&f, 2, 0));
	/* Already backed PEs stay writable. */
	EXPECT_NE(NULL, wse_fabric_pe_mem(&f, 1, 0));
	EXPECT_FALSE(wse_fabric_aperture_write(&f, WSE_FABRIC_ADDR(0, 0, 0),
					       3 << 16, &one, 1));
	EXPECT_TRUE(wse_fabric_aperture_write(&f, WSE_FABRIC_ADDR(0, 0, 0),
					      1 << 16, &one, 1));
	wse_fabric_clear(&f);
	EXPECT_NE(NULL, wse_fabric_pe_mem(&f, 2, 0));
	wse_fabric_destroy(&f);

	c.sram_limit = 100;
	EXPECT_FALSE(wse_fabric_init(&f, &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "less than one PE")) TH_LOG("%s", err);
}

TEST(aperture_holes_read_zero_and_ignore_writes)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint8_t ones[8], buf[8], zero[8] = { 0 };
	uint64_t row = WSE_FABRIC_ADDR(0, 2, 0);

	memset(ones, 0xff, sizeof(ones));
	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));

	/* Beyond the 48 KiB of SRAM inside a PE's 64 KiB slot. */
	ASSERT_TRUE(wse_fabric_aperture_write(&f, row, 0xc000, ones, 8));
	EXPECT_EQ(0, f.backed_pes);
	/* Straddling the end of SRAM: only the first half lands. */
	ASSERT_TRUE(wse_fabric_aperture_write(&f, row, 0xbffc, ones, 8));
	EXPECT_EQ(1, f.backed_pes);
	wse_fabric_aperture_read(&f, row, 0xbffc, buf, 8);
	EXPECT_EQ(0, memcmp(buf, ones, 4));
	EXPECT_EQ(0, memcmp(buf + 4, zero, 4));

	/* x beyond the logical width, y beyond the height. */
	ASSERT_TRUE(wse_fabric_aperture_write(&f, row, 32ull << 16, ones, 8));
	ASSERT_TRUE(wse_fabric_aperture_write(&f, WSE_FABRIC_ADDR(0, 24, 0),
					      0, ones, 8));
	EXPECT_EQ(1, f.backed_pes);
	/* Base bits 63..48 are ignored. */
	ASSERT_TRUE(wse_fabric_aperture_write(&f, 0xffffull << 48 |
					      WSE_FABRIC_ADDR(0, 5, 0), 0,
					      ones, 8));
	EXPECT_EQ(2, f.backed_pes);
	EXPECT_NE(NULL, wse_fabric_pe_peek(&f, 0, 5));
	wse_fabric_aperture_read(&f, WSE_FABRIC_ADDR(0, 24, 0), 0, buf, 8);
	EXPECT_EQ(0, memcmp(buf, zero, 8));

	/* x does not carry into y at the top of the 16-bit field. */
	wse_fabric_aperture_read(&f, WSE_FABRIC_ADDR(0xffff, 1, 0),
				 1ull << 16, buf, 8);
	EXPECT_EQ(0, memcmp(buf, zero, 8));
	wse_fabric_destroy(&f);
}

TEST(aperture_base_x_and_offset_bits)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint8_t v = 0x5a, r = 0;

	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	/* Base offset bits are ignored; base x shifts the window. */
	ASSERT_TRUE(wse_fabric_aperture_write(&f, WSE_FABRIC_ADDR(4, 7, 0x123),
					      (2 << 16) + 9, &v, 1));
	ASSERT_NE(NULL, wse_fabric_pe_peek(&f, 6, 7));
	EXPECT_EQ(0x5a, wse_fabric_pe_peek(&f, 6, 7)[9]);
	wse_fabric_aperture_read(&f, WSE_FABRIC_ADDR(0, 7, 0), (6 << 16) + 9,
				 &r, 1);
	EXPECT_EQ(0x5a, r);
	wse_fabric_destroy(&f);
}

TEST(aperture_access_crosses_pe_slots)
{
	struct wse_fabric_config c = small_config();
	struct wse_fabric f;
	uint8_t in[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, out[8];

	c.pe_sram_bytes = 64 * 1024;
	ASSERT_TRUE(wse_fabric_init(&f, &c, NULL, 0));
	ASSERT_TRUE(wse_fabric_aperture_write(&f, WSE_FABRIC_ADDR(0, 0, 0),
					      0xfffc, in, 8));
	EXPECT_EQ(2, f.backed_pes);
	EXPECT_EQ(4, wse_fabric_pe_peek(&f, 0, 0)[0xffff]);
	EXPECT_EQ(5, wse_fabric_pe_peek(&f, 1, 0)[0]);
	wse_fabric_aperture_read(&f, WSE_FABRIC_ADDR(0, 0, 0), 0xfffc, out, 8);
	EXPECT_EQ(0, memcmp(in, out, 8));
	wse_fabric_destroy(&f);
}

TEST_HARNESS_MAIN
