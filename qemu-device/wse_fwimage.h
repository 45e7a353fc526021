/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * Firmware image checks (uapi/wse_fw.h): the whole verification the
 * device makes before it runs an image, in the order
 * Documentation/device-spec.rst gives, with a message saying exactly what
 * is wrong. The device model runs it on every load; firmware/wsefw runs
 * the same code for `wsefw verify` and `wsefw info`.
 *
 * Plain C, no QEMU header; dual-licensed for the MIT-licensed tool.
 */
#ifndef WSE_FWIMAGE_H
#define WSE_FWIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wse_fw.h"
#include "wse_hw.h"

/* The development signing key, also shipped as firmware/keys/wse-dev.key. */
#define WSE_FW_DEV_KEY_LEN      32
extern const uint8_t wse_fw_dev_key[WSE_FW_DEV_KEY_LEN];
#define WSE_FW_MAX_KEY_LEN      64

/* Defaults of absent CONFIG and LIMITS keys. */
#define WSE_FW_DEF_HEARTBEAT_MS         WSE_FW_HEARTBEAT_MS
#define WSE_FW_DEF_WORKER_THREADS       0
#define WSE_FW_DEF_MAX_LAUNCH_DIM       0xffff
#define WSE_FW_DEF_MAX_LAUNCH_PES       0xffffffffu
#define WSE_FW_DEF_MIN_PE_SRAM          0
#define WSE_FW_DEF_LAUNCH_TIMEOUT_MS    0

/* What the checking device is and accepts. */
struct wse_fw_device {
    uint32_t hw_spec;           /* WSE_FW_ABI(spec major, minor) */
    uint32_t fw_abi;            /* WSE_FW_ABI(WSE_FW_ABI_MAJOR, _MINOR) */
    uint32_t generation;
    uint32_t pe_sram_bytes;
    const uint8_t *key;         /* HMAC key */
    size_t keylen;
};

struct wse_fw_kernel_info {
    uint32_t id;
    uint32_t version;
    uint32_t dtypes;
    char name[WSE_FW_KERNEL_NAME_LEN];
    char signature[WSE_FW_SIGNATURE_LEN];
    int impl;                   /* index in wse_kernel_abis, -1 if none */
};

struct wse_fw_section_info {
    uint32_t type;
    uint32_t offset;
    uint32_t size;
};

/* An image as far as it could be decoded. */
struct wse_fw_info {
    bool header_ok;             /* the fields below the header are valid */
    uint32_t format_major;
    uint32_t format_minor;
    uint32_t image_size;
    uint32_t fw_version;
    uint32_t hw_spec;
    uint32_t fw_abi;
    uint32_t generation;
    char name[WSE_FW_NAME_LEN];
    uint8_t sha256[WSE_FW_SHA256_LEN];

    bool layout_ok;             /* sections and everything below */
    uint32_t nsections;
    struct wse_fw_section_info sections[WSE_FW_MAX_SECTIONS];

    /* CONFIG */
    uint32_t heartbeat_ms;
    uint32_t worker_threads;
    uint32_t max_launch_width;
    uint32_t max_launch_height;
    /* LIMITS */
    uint32_t max_launch_pes;
    uint32_t min_pe_sram;
    uint32_t launch_timeout_ms;

    uint32_t nkernels;
    struct wse_fw_kernel_info kernels[WSE_FW_MAX_KERNELS];

    bool has_signature;
    uint32_t sig_algo;
    uint32_t sig_key_id;
    uint32_t sig_mac_offset;    /* of the MAC in the image */

    uint32_t notes_offset;      /* 0 if there are none */
    uint32_t notes_size;
};

/*
 * Check the @size bytes at @img as the device does and fill @info as far
 * as the image could be decoded. Returns WSE_FW_ERR_NONE or the
 * WSE_FW_ERR_* of the first failed check; @msg (if not NULL) receives a
 * one-line explanation either way. @cancel, if not NULL, is polled while
 * hashing; when it becomes non-zero the check gives up and returns
 * WSE_FW_ERR_DMA (the caller discards the result).
 */
uint32_t wse_fw_verify(const uint8_t *img, size_t size,
                       const struct wse_fw_device *dev,
                       struct wse_fw_info *info, char *msg, size_t msglen,
                       const int *cancel);

/* The kernel with LAUNCH id @id, or NULL. */
const struct wse_fw_kernel_info *wse_fw_find_kernel(
    const struct wse_fw_info *info, uint32_t id);

/* "TRUNCATED" etc. for WSE_FW_ERR_*, "UNKNOWN" otherwise. */
const char *wse_fw_err_name(uint32_t err);
/* "CONFIG" etc. for WSE_FW_SECT_*, NULL for an unknown type. */
const char *wse_fw_section_name(uint32_t type);

/*
 * The CONFIG and LIMITS keys: name in descriptions and tools, allowed
 * values, where the value lands in struct wse_fw_info. Each table ends
 * with a NULL name.
 */
struct wse_fw_key_desc {
    uint32_t key;
    const char *name;
    uint32_t min;
    uint32_t max;
    size_t field;
};
extern const struct wse_fw_key_desc wse_fw_config_keys[];
extern const struct wse_fw_key_desc wse_fw_limit_keys[];

/* Checks shared with the image builder. */
bool wse_fw_kernel_name_ok(const char *name);
/* NULL if @sig is a well-formed signature, else what is wrong with it. */
const char *wse_fw_signature_problem(const char *sig);

/*
 * The MAC of @img (image_size bytes, a valid layout) with the header
 * digest and the MAC at @mac_offset read as zeros.
 */
void wse_fw_compute_mac(const uint8_t *img, uint32_t image_size,
                        uint32_t mac_offset, const uint8_t *key,
                        size_t keylen, uint8_t out[WSE_FW_SHA256_LEN]);
/* The digest of @img with the header's sha256 field read as zeros. */
void wse_fw_compute_digest(const uint8_t *img, uint32_t image_size,
                           uint8_t out[WSE_FW_SHA256_LEN]);

#endif /* WSE_FWIMAGE_H */
