// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsectl's fabric map (topo): the remap rule of
 * Documentation/device-spec.rst applied to a small hand-worked wafer,
 * contexts placed through it, the text map, and the PNG picture checked
 * as a PNG decoder would: signature, chunk CRCs (computed here, not with
 * zlib's), IHDR, palette, and every pixel after inflating IDAT.
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "kselftest_harness.h"
#include "fabric.h"
#include "unit_util.h"

/*
 * 6 x 5 physical, 4 x 3 logical, 2 spare columns and rows. Row 1 has
 * three defects (> 2): retired. Row 4 is not needed: a spare row.
 *
 *   y0  . X . . . s      y2  . . . . s s      y4  s s s s s s
 *   y1  X - X - X -      y3  X . . . . X
 */
static const struct drm_wse_defect small_defects[] = {
	{ 1, 0 }, { 0, 1 }, { 2, 1 }, { 4, 1 }, { 0, 3 }, { 5, 3 },
};

static struct drm_wse_device_info small_info(void)
{
	struct drm_wse_device_info i = unit_sample_info;

	i.phys_width = 6;
	i.phys_height = 5;
	i.log_width = 4;
	i.log_height = 3;
	i.spare_cols = 2;
	i.spare_rows = 2;
	i.defect_count = 6;
	return i;
}

/* Logical (1,1)+2x2: physical (1,2) (2,2) on row 2, (2,3) (3,3) on row 3. */
static const struct wsectl_resv small_ctx = {
	.id = 7, .pid = 42, .x = 1, .y = 1, .width = 2, .height = 2, .sram_bytes = 64,
};

static const char small_map[] =
	"  .X...s\n"
	"  X-X-X-\n"
	"  .AA.ss\n"
	"  X.AA.X\n"
	"  ssssss\n";

TEST(remap_rule_by_hand)
{
	struct drm_wse_device_info info = small_info();
	struct wsectl_fabric f;
	struct capture c;

	ASSERT_EQ(0, wsectl_fabric_build(&f, &info, small_defects, 6, &small_ctx, 1));
	EXPECT_TRUE(f.complete);
	EXPECT_EQ(1u, f.retired_rows);
	EXPECT_EQ(1u, f.retired[0]);
	EXPECT_EQ(0u, f.min_row_margin);	/* row 3 uses both spare columns */
	EXPECT_EQ(8u, f.count[WSECTL_PE_WORKING]);
	EXPECT_EQ(4u, f.count[WSECTL_PE_RESERVED]);
	EXPECT_EQ(9u, f.count[WSECTL_PE_SPARE]);
	EXPECT_EQ(6u, f.count[WSECTL_PE_DEFECTIVE]);
	EXPECT_EQ(3u, f.count[WSECTL_PE_RETIRED]);
	EXPECT_EQ(WSECTL_PE_RESERVED, wsectl_fabric_role(&f, 3, 3));
	EXPECT_EQ(WSECTL_PE_WORKING, wsectl_fabric_role(&f, 1, 3));

	wsectl_fabric_print_map(capture_begin(&c), &f, 80);
	EXPECT_STREQ(small_map, capture_end(&c));
	capture_free(&c);
	wsectl_fabric_free(&f);
}

TEST(too_many_bad_rows_and_stray_defects)
{
	struct drm_wse_device_info info = small_info();
	static const struct drm_wse_defect d[] = {
		{ 0, 0 }, { 1, 0 }, { 2, 0 }, { 0, 2 }, { 1, 2 }, { 2, 2 },
		{ 0, 4 }, { 1, 4 }, { 2, 4 }, { 9, 9 }, { 1, 0 },
	};
	struct wsectl_fabric f;

	/* Three retired rows leave two for a three-row logical grid. */
	ASSERT_EQ(0, wsectl_fabric_build(&f, &info, d, 11, NULL, 0));
	EXPECT_FALSE(f.complete);
	EXPECT_EQ(3u, f.retired_rows);
	EXPECT_EQ(1u, f.bad_defects);
	EXPECT_EQ(9u, f.count[WSECTL_PE_DEFECTIVE]);	/* the duplicate counts once */
	wsectl_fabric_free(&f);

	info.log_width = 7;
	EXPECT_EQ(-EINVAL, wsectl_fabric_build(&f, &info, d, 0, NULL, 0));
	/* A device that reads all-ones must not make us allocate 2^64 PEs. */
	info.phys_width = UINT32_MAX;
	info.phys_height = UINT32_MAX;
	info.log_width = UINT32_MAX;
	info.log_height = UINT32_MAX;
	EXPECT_EQ(-EINVAL, wsectl_fabric_build(&f, &info, d, 0, NULL, 0));
}

TEST(large_map_is_summarised)
{
	struct drm_wse_device_info info = unit_sample_info;	/* 24 x 18 */
	struct wsectl_fabric f;
	struct capture c;
	const char *out, *line;
	unsigned int rows = 0;

	ASSERT_EQ(0, wsectl_fabric_build(&f, &info, unit_sample_defects, 10, NULL, 0));
	wsectl_fabric_print_map(capture_begin(&c), &f, 8);
	out = capture_end(&c);
	/* 3 x 3 PEs per character: a note, then 6 rows of 8 characters. */
	line = strchr(out, '\n');
	ASSERT_NE(NULL, line);
	EXPECT_NE(NULL, strstr(out, "one character per 3x3 PEs"));
	for (line++; *line; rows++) {
		const char *end = strchr(line, '\n');

		ASSERT_NE(NULL, end);
		EXPECT_EQ(10, end - line);
		line = end + 1;
	}
	EXPECT_EQ(6u, rows);
	/* The defect at (0,0) wins its block; (23,17) the last block. */
	EXPECT_NE(NULL, strstr(out, "\n  X"));
	EXPECT_EQ('X', out[strlen(out) - 2]);
	capture_free(&c);
	wsectl_fabric_free(&f);
}

/* ---- PNG ---------------------------------------------------------------- */

static uint32_t crc_table[256];

static uint32_t my_crc(const unsigned char *p, size_t len)
{
	uint32_t c = 0xffffffffu;
	unsigned int k;

	if (!crc_table[1])
		for (k = 0; k < 256; k++) {
			uint32_t v = k;
			int b;

			for (b = 0; b < 8; b++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			crc_table[k] = v;
		}
	while (len--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

TEST(png_is_valid_and_shows_every_pe)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	struct drm_wse_device_info info = small_info();
	unsigned char *idat = NULL, *pix;
	size_t idat_len = 0, off = 8;
	uLongf pix_len;
	struct wsectl_fabric f;
	struct capture c;
	const unsigned char *png;
	bool ihdr = false, plte = false, iend = false;
	const unsigned int scale = 3;
	uint32_t w = 6 * scale, h = 5 * scale, x, y;

	ASSERT_EQ(0, wsectl_fabric_build(&f, &info, small_defects, 6, &small_ctx, 1));
	ASSERT_EQ(0, wsectl_fabric_write_png(capture_begin(&c), &f, scale));
	capture_end(&c);
	png = (const unsigned char *)c.text;
	ASSERT_LT(8u, c.len);
	ASSERT_EQ(0, memcmp(png, sig, 8));

	while (off + 12 <= c.len && !iend) {
		uint32_t len = rd32(png + off);
		const unsigned char *type = png + off + 4, *data = png + off + 8;

		ASSERT_LE(off + 12 + len, c.len);
		EXPECT_EQ(my_crc(type, len + 4), rd32(data + len)) TH_LOG("chunk %.4s", type);
		if (!memcmp(type, "IHDR", 4)) {
			ASSERT_EQ(13u, len);
			EXPECT_EQ(w, rd32(data));
			EXPECT_EQ(h, rd32(data + 4));
			EXPECT_EQ(8, data[8]);		/* bit depth */
			EXPECT_EQ(3, data[9]);		/* indexed */
			EXPECT_EQ(0, data[10] | data[11] | data[12]);
			ihdr = true;
		} else if (!memcmp(type, "PLTE", 4)) {
			EXPECT_TRUE(ihdr);
			EXPECT_EQ(0u, len % 3);
			EXPECT_EQ(0, memcmp(data + 3 * WSECTL_PE_DEFECTIVE,
					    wsectl_fabric_palette[WSECTL_PE_DEFECTIVE], 3));
			plte = true;
		} else if (!memcmp(type, "IDAT", 4)) {
			EXPECT_TRUE(plte);
			idat = realloc(idat, idat_len + len);
			memcpy(idat + idat_len, data, len);
			idat_len += len;
		} else if (!memcmp(type, "IEND", 4)) {
			EXPECT_EQ(0u, len);
			iend = true;
		}
		off += 12 + len;
	}
	EXPECT_TRUE(iend);
	EXPECT_EQ(c.len, off);		/* nothing after IEND */

	pix_len = (uLongf)(w + 1) * h;
	pix = malloc(pix_len);
	ASSERT_EQ(Z_OK, uncompress(pix, &pix_len, idat, idat_len));
	ASSERT_EQ((uLongf)(w + 1) * h, pix_len);
	for (y = 0; y < h; y++) {
		EXPECT_EQ(0, pix[y * (w + 1)]);	/* filter type none */
		for (x = 0; x < w; x++) {
			uint8_t role = wsectl_fabric_role(&f, x / scale, y / scale);
			uint8_t want = role == WSECTL_PE_RESERVED ? WSECTL_PE_RESERVED + 0 : role;

			ASSERT_EQ(want, pix[y * (w + 1) + 1 + x]) TH_LOG("pixel (%u,%u)", x, y);
		}
	}
	free(pix);
	free(idat);
	capture_free(&c);
	wsectl_fabric_free(&f);
}

TEST(png_of_a_big_wafer)
{
	struct drm_wse_device_info info = unit_sample_info;
	struct wsectl_fabric f;
	struct capture c;

	info.phys_width = 770;
	info.phys_height = 1184;
	info.log_width = 762;
	info.log_height = 1176;
	info.spare_cols = 8;
	info.spare_rows = 8;
	ASSERT_EQ(0, wsectl_fabric_build(&f, &info, unit_sample_defects, 10, NULL, 0));
	ASSERT_EQ(0, wsectl_fabric_write_png(capture_begin(&c), &f, 1));
	capture_end(&c);
	/* Compressed: far below the 911 KB of raw palette indexes. */
	EXPECT_GT(20000u, c.len);
	EXPECT_EQ(770u, rd32((const unsigned char *)c.text + 16));
	EXPECT_EQ(1184u, rd32((const unsigned char *)c.text + 20));
	EXPECT_EQ(-EINVAL, wsectl_fabric_write_png(stdout, &f, 0));	/* writes nothing */
	capture_free(&c);
	wsectl_fabric_free(&f);
}

TEST_HARNESS_MAIN
