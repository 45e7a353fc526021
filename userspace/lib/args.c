// SPDX-License-Identifier: MIT
/*
 * Kernel argument words and the element conversions of fp16 data.
 *
 * Kernel arguments travel as 32-bit words; a float argument is the bit
 * pattern of a binary32. fp16 data is what the device reads and writes
 * for WSE_FW_DTYPE_F16 kernels: the conversions here round the way the
 * device does (Documentation/device-spec.rst, "Kernel conventions"), so a
 * host reference sees the very inputs the device sees.
 */
#include <string.h>

#include "wse_internal.h"

uint32_t wse_arg_f32(float v)
{
	uint32_t bits;

	memcpy(&bits, &v, sizeof(bits));
	return bits;
}

float wse_arg_to_f32(uint32_t arg)
{
	float v;

	memcpy(&v, &arg, sizeof(v));
	return v;
}

/* Round @man right by @shift bits (1..31), to nearest, ties to even. */
static uint32_t round_shift(uint32_t man, unsigned int shift)
{
	uint32_t kept = man >> shift;
	uint32_t rest = man & ((1u << shift) - 1);
	uint32_t half = 1u << (shift - 1);

	if (rest > half || (rest == half && (kept & 1)))
		kept++;
	return kept;
}

uint16_t wse_f32_to_f16(float v)
{
	uint32_t bits = wse_arg_f32(v);
	uint16_t sign = (bits >> 16) & 0x8000;
	uint32_t exp = (bits >> 23) & 0xff;
	uint32_t man = bits & 0x7fffff;
	int e;

	if (exp == 0xff)	/* infinity stays infinite, a NaN stays a quiet NaN */
		return sign | 0x7c00 | (man ? 0x200 | (man >> 13) : 0);
	/* The binary16 biased exponent the value would have. */
	e = (int)exp - 127 + 15;
	if (e >= 0x1f)
		return sign | 0x7c00;
	if (e <= 0) {
		/*
		 * A binary16 subnormal (or zero): units of 2^-24. Below half the
		 * smallest one (2^-25) everything rounds to zero, binary32
		 * subnormals included.
		 */
		if (e < -10)
			return sign;
		/* 1.man x 2^(e - 15) in units of 2^-24; carrying into 0x400 is right. */
		return sign | round_shift(man | 0x800000, 14 - e);
	}
	/* A carry out of the mantissa bumps the exponent, up to infinity. */
	return sign | round_shift(((uint32_t)e << 23) | man, 13);
}

float wse_f16_to_f32(uint16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16;
	uint32_t exp = (h >> 10) & 0x1f;
	uint32_t man = h & 0x3ff;
	float sub;

	if (exp == 0x1f)
		return wse_arg_to_f32(sign | 0x7f800000 | (man << 13));
	if (exp)
		return wse_arg_to_f32(sign | ((exp + 127 - 15) << 23) | (man << 13));
	/* Subnormal or zero: man x 2^-24, exact in binary32. */
	sub = (float)man * 0x1p-24f;
	return sign ? -sub : sub;
}
