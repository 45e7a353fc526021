/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IEEE 754 binary16 <-> binary32 conversion in plain C, for the kernels'
 * fp16 data. Conversion to half rounds to nearest, ties to even, as the
 * wafer's fp16 arithmetic does; NaNs stay NaNs (quiet), infinities and
 * signed zeros are kept, and finite values too large for a half become
 * infinity. Independent of the host's FPU support for half precision.
 */
#ifndef WSE_FP16_H
#define WSE_FP16_H

#include <stdint.h>
#include <string.h>

static inline uint32_t wse_f32_bits(float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof(u));
    return u;
}

static inline float wse_f32_from_bits(uint32_t u)
{
    float f;

    memcpy(&f, &u, sizeof(f));
    return f;
}

static inline float wse_h2f(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1f;
    uint32_t man = h & 0x3ff;
    float sub;

    if (exp == 0x1f) {
        /* Infinity, or NaN with its payload (quieted). */
        return wse_f32_from_bits(sign | 0x7f800000 | man << 13 |
                                 (man ? 0x400000 : 0));
    }
    if (exp) {
        /* Rebias 15 -> 127. */
        return wse_f32_from_bits(sign | (exp + 112) << 23 | man << 13);
    }
    /* Zero or subnormal: man * 2^-24, exact in binary32. */
    sub = (float)man * (1.0f / 16777216.0f);
    return sign ? -sub : sub;
}

static inline uint16_t wse_f2h(float f)
{
    uint32_t x = wse_f32_bits(f);
    uint16_t sign = (x >> 16) & 0x8000;
    uint32_t ax = x & 0x7fffffff;

    if (ax > 0x7f800000) {
        return sign | 0x7e00 | ((ax >> 13) & 0x3ff);        /* NaN */
    }
    if (ax >= 0x477ff000) {
        return sign | 0x7c00;   /* >= 65520 rounds to infinity */
    }
    if (ax >= 0x38800000) {
        /* Normal: round at bit 13 (ties to even), rebias 127 -> 15. */
        ax += 0xfff + ((ax >> 13) & 1);
        return sign | ((ax - 0x38000000) >> 13);
    }
    /*
     * Subnormal or zero. Adding 0.5 puts the value's multiple of 2^-24
     * into the low mantissa bits, rounded by the FPU's default
     * round-to-nearest-even.
     */
    return sign | (wse_f32_bits(wse_f32_from_bits(ax) + 0.5f) -
                   wse_f32_bits(0.5f));
}

#endif /* WSE_FP16_H */
