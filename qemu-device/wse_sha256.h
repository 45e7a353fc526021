/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) in plain C.
 *
 * One implementation serves the device model, which checks firmware
 * images with it, and firmware/wsefw, which builds and verifies them; it
 * is dual-licensed so that the MIT-licensed tool can use it. No QEMU
 * header, no host crypto library: the model must not depend on how QEMU
 * was configured.
 */
#ifndef WSE_SHA256_H
#define WSE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WSE_SHA256_LEN          32
#define WSE_SHA256_BLOCK        64

struct wse_sha256 {
    uint32_t h[8];
    uint64_t bytes;             /* message length so far */
    uint8_t buf[WSE_SHA256_BLOCK];
    size_t fill;                /* bytes waiting in buf */
};

void wse_sha256_init(struct wse_sha256 *c);
void wse_sha256_update(struct wse_sha256 *c, const void *data, size_t len);
void wse_sha256_final(struct wse_sha256 *c, uint8_t out[WSE_SHA256_LEN]);
void wse_sha256(const void *data, size_t len, uint8_t out[WSE_SHA256_LEN]);

struct wse_hmac_sha256 {
    struct wse_sha256 inner;
    struct wse_sha256 outer;
};

/* Any key length; keys longer than a block are hashed first (RFC 2104). */
void wse_hmac_sha256_init(struct wse_hmac_sha256 *c, const uint8_t *key,
                          size_t keylen);
void wse_hmac_sha256_update(struct wse_hmac_sha256 *c, const void *data,
                            size_t len);
void wse_hmac_sha256_final(struct wse_hmac_sha256 *c,
                           uint8_t out[WSE_SHA256_LEN]);

/* Compare two digests in time independent of where they differ. */
bool wse_digest_equal(const uint8_t *a, const uint8_t *b, size_t len);

#endif /* WSE_SHA256_H */
