// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel argument words and fp16 conversion: float bits both ways, and
 * binary16 rounding checked against definitions rather than against
 * another implementation: every binary16 value converts back exactly,
 * every midpoint between neighbours goes to the even one, everything
 * else to the nearer one, with overflow, subnormals, signed zeros,
 * infinities and NaNs at the edges.
 */
#include <math.h>
#include <string.h>

#include "kselftest_harness.h"
#include "wse.h"

static bool is_f16_nan(uint16_t h)
{
	return (h & 0x7c00) == 0x7c00 && (h & 0x3ff);
}

TEST(float_argument_bits)
{
	EXPECT_EQ(0x3f800000u, wse_arg_f32(1.0f));
	EXPECT_EQ(0xc0000000u, wse_arg_f32(-2.0f));
	EXPECT_EQ(0x80000000u, wse_arg_f32(-0.0f));
	EXPECT_EQ(0x7f800000u, wse_arg_f32(INFINITY));
	EXPECT_EQ(0.15625f, wse_arg_to_f32(0x3e200000u));
	EXPECT_EQ(0x3e200000u, wse_arg_f32(wse_arg_to_f32(0x3e200000u)));
}

TEST(f16_known_values)
{
	EXPECT_EQ(0x3c00, wse_f32_to_f16(1.0f));
	EXPECT_EQ(0xc000, wse_f32_to_f16(-2.0f));
	EXPECT_EQ(0x3555, wse_f32_to_f16(1.0f / 3));
	EXPECT_EQ(0x7bff, wse_f32_to_f16(65504.0f));	/* largest finite */
	EXPECT_EQ(0x7bff, wse_f32_to_f16(65519.0f));
	EXPECT_EQ(0x7c00, wse_f32_to_f16(65520.0f));	/* halfway to 2^16: even = inf */
	EXPECT_EQ(0xfc00, wse_f32_to_f16(-1e10f));
	EXPECT_EQ(0x0400, wse_f32_to_f16(0x1p-14f));	/* smallest normal */
	EXPECT_EQ(0x0001, wse_f32_to_f16(0x1p-24f));	/* smallest subnormal */
	EXPECT_EQ(0x0000, wse_f32_to_f16(0x1p-25f));	/* halfway: even = 0 */
	EXPECT_EQ(0x0001, wse_f32_to_f16(0x1.8p-25f));
	EXPECT_EQ(0x0002, wse_f32_to_f16(0x1.4p-23f));	/* 2.5 units: even = 2 */
	EXPECT_EQ(0x8000, wse_f32_to_f16(-1e-30f));
	EXPECT_EQ(0x0000, wse_f32_to_f16(0x1p-149f));	/* binary32 subnormal */
	EXPECT_EQ(0x3c00, wse_f32_to_f16(1.0f + 0x1p-11f));	/* tie: even */
	EXPECT_EQ(0x3c02, wse_f32_to_f16(1.0f + 0x1.8p-10f));	/* tie: even */
	EXPECT_EQ(0x3c01, wse_f32_to_f16(1.0f + 0x1.004p-11f));
	EXPECT_EQ(0x7c00, wse_f32_to_f16(INFINITY));
	EXPECT_EQ(0x8000, wse_f32_to_f16(-0.0f));
	EXPECT_TRUE(is_f16_nan(wse_f32_to_f16(NAN)));
	/* A NaN whose payload lives only in the low bits stays a NaN. */
	EXPECT_TRUE(is_f16_nan(wse_f32_to_f16(wse_arg_to_f32(0x7f800001u))));

	EXPECT_EQ(1.0f, wse_f16_to_f32(0x3c00));
	EXPECT_EQ(65504.0f, wse_f16_to_f32(0x7bff));
	EXPECT_EQ(0x1p-24f, wse_f16_to_f32(0x0001));
	EXPECT_EQ(-0x1.ff8p-15f, wse_f16_to_f32(0x83ff));	/* largest subnormal */
	EXPECT_EQ(0x80000000u, wse_arg_f32(wse_f16_to_f32(0x8000)));
	EXPECT_EQ(-INFINITY, wse_f16_to_f32(0xfc00));
	EXPECT_TRUE(isnan(wse_f16_to_f32(0x7e00)));
}

TEST(f16_every_value_round_trips)
{
	uint32_t h;

	for (h = 0; h <= 0xffff; h++) {
		float f = wse_f16_to_f32((uint16_t)h);

		if (is_f16_nan((uint16_t)h)) {
			ASSERT_TRUE(isnan(f));
			ASSERT_TRUE(is_f16_nan(wse_f32_to_f16(f)));
			continue;
		}
		ASSERT_EQ(h, wse_f32_to_f16(f));
	}
}

/*
 * Between neighbours a < b (positive, finite): the midpoint goes to the
 * one with an even mantissa, anything strictly between goes to the nearer.
 * Midpoints and quarter points are exact in binary32.
 */
TEST(f16_rounding_between_every_pair)
{
	uint32_t h;

	for (h = 0; h < 0x7bff; h++) {
		float a = wse_f16_to_f32((uint16_t)h), b = wse_f16_to_f32((uint16_t)(h + 1));
		float mid = (a + b) / 2, lo = a + (b - a) / 4, hi = b - (b - a) / 4;
		uint16_t even = h % 2 ? h + 1 : h;

		ASSERT_EQ(even, wse_f32_to_f16(mid));
		ASSERT_EQ(h, wse_f32_to_f16(lo));
		ASSERT_EQ(h + 1, wse_f32_to_f16(hi));
		ASSERT_EQ(0x8000 | even, wse_f32_to_f16(-mid));
		ASSERT_EQ(0x8000 | h, wse_f32_to_f16(nextafterf(-mid, 0)));
	}
}

TEST_HARNESS_MAIN
