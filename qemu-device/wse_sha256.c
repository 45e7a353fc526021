/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * SHA-256 and HMAC-SHA256. See wse_sha256.h.
 *
 * Written from FIPS 180-4 sections 4.1.2, 4.2.2, 5.1.1, 5.3.3 and 6.2;
 * tests/unit/firmware/sha256_test.c checks it against the FIPS 180
 * example vectors and RFC 4231.
 */
#include <string.h>

#include "wse_sha256.h"

static const uint32_t wse_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
    0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
    0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

/* The compression function over one 64-byte block. */
static void wse_sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    uint32_t a, b, c, d, e, f, g, hh;
    unsigned i;

    for (i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
                      (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
                      (w[i - 2] >> 10);

        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }

    a = h[0];
    b = h[1];
    c = h[2];
    d = h[3];
    e = h[4];
    f = h[5];
    g = h[6];
    hh = h[7];
    for (i = 0; i < 64; i++) {
        uint32_t s1 = ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = hh + s1 + ch + wse_sha256_k[i] + w[i];
        uint32_t s0 = ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = s0 + maj;

        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

void wse_sha256_init(struct wse_sha256 *c)
{
    static const uint32_t iv[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };

    memcpy(c->h, iv, sizeof(iv));
    c->bytes = 0;
    c->fill = 0;
}

void wse_sha256_update(struct wse_sha256 *c, const void *data, size_t len)
{
    const uint8_t *p = data;

    c->bytes += len;
    if (c->fill) {
        size_t n = WSE_SHA256_BLOCK - c->fill;

        if (n > len) {
            n = len;
        }
        memcpy(c->buf + c->fill, p, n);
        c->fill += n;
        p += n;
        len -= n;
        if (c->fill < WSE_SHA256_BLOCK) {
            return;
        }
        wse_sha256_block(c->h, c->buf);
        c->fill = 0;
    }
    for (; len >= WSE_SHA256_BLOCK; p += WSE_SHA256_BLOCK,
         len -= WSE_SHA256_BLOCK) {
        wse_sha256_block(c->h, p);
    }
    memcpy(c->buf, p, len);
    c->fill = len;
}

void wse_sha256_final(struct wse_sha256 *c, uint8_t out[WSE_SHA256_LEN])
{
    uint64_t bits = c->bytes * 8;
    unsigned i;

    /* 0x80, zeros up to 56 mod 64, then the bit length big-endian. */
    c->buf[c->fill++] = 0x80;
    if (c->fill > WSE_SHA256_BLOCK - 8) {
        memset(c->buf + c->fill, 0, WSE_SHA256_BLOCK - c->fill);
        wse_sha256_block(c->h, c->buf);
        c->fill = 0;
    }
    memset(c->buf + c->fill, 0, WSE_SHA256_BLOCK - 8 - c->fill);
    for (i = 0; i < 8; i++) {
        c->buf[WSE_SHA256_BLOCK - 1 - i] = bits >> (8 * i);
    }
    wse_sha256_block(c->h, c->buf);
    for (i = 0; i < 8; i++) {
        out[4 * i] = c->h[i] >> 24;
        out[4 * i + 1] = c->h[i] >> 16;
        out[4 * i + 2] = c->h[i] >> 8;
        out[4 * i + 3] = c->h[i];
    }
    memset(c, 0, sizeof(*c));
}

void wse_sha256(const void *data, size_t len, uint8_t out[WSE_SHA256_LEN])
{
    struct wse_sha256 c;

    wse_sha256_init(&c);
    wse_sha256_update(&c, data, len);
    wse_sha256_final(&c, out);
}

void wse_hmac_sha256_init(struct wse_hmac_sha256 *c, const uint8_t *key,
                          size_t keylen)
{
    uint8_t k[WSE_SHA256_BLOCK] = { 0 };
    uint8_t pad[WSE_SHA256_BLOCK];
    unsigned i;

    if (keylen > WSE_SHA256_BLOCK) {
        wse_sha256(key, keylen, k);
    } else if (keylen) {
        memcpy(k, key, keylen);
    }
    for (i = 0; i < WSE_SHA256_BLOCK; i++) {
        pad[i] = k[i] ^ 0x36;
    }
    wse_sha256_init(&c->inner);
    wse_sha256_update(&c->inner, pad, sizeof(pad));
    for (i = 0; i < WSE_SHA256_BLOCK; i++) {
        pad[i] = k[i] ^ 0x5c;
    }
    wse_sha256_init(&c->outer);
    wse_sha256_update(&c->outer, pad, sizeof(pad));
    memset(k, 0, sizeof(k));
    memset(pad, 0, sizeof(pad));
}

void wse_hmac_sha256_update(struct wse_hmac_sha256 *c, const void *data,
                            size_t len)
{
    wse_sha256_update(&c->inner, data, len);
}

void wse_hmac_sha256_final(struct wse_hmac_sha256 *c,
                           uint8_t out[WSE_SHA256_LEN])
{
    uint8_t inner[WSE_SHA256_LEN];

    wse_sha256_final(&c->inner, inner);
    wse_sha256_update(&c->outer, inner, sizeof(inner));
    wse_sha256_final(&c->outer, out);
    memset(inner, 0, sizeof(inner));
}

bool wse_digest_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
    uint8_t diff = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        diff |= a[i] ^ b[i];
    }
    return !diff;
}
