/* SPDX-License-Identifier: MIT */
/* Turning a parsed description into a firmware image (uapi/wse_fw.h). */
#ifndef WSEFW_FWBUILD_H
#define WSEFW_FWBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "fwdesc.h"

/*
 * Lay out @d as an image in a new buffer (*out, *outlen; free() it). With
 * a @key, the image gets a SIGNATURE section holding the HMAC-SHA256 of
 * the image under @key; without one it is unsigned. The header digest is
 * computed last. Returns 0, or -1 with a message in @err.
 */
int fw_build_image(const struct fw_desc *d, const uint8_t *key,
		   size_t keylen, uint8_t **out, size_t *outlen, char *err,
		   size_t errlen);

/*
 * Read a key file: hexadecimal digits, whitespace ignored, '#' comments.
 * Returns the key length (1..WSE_FW_MAX_KEY_LEN), or -1 with a message.
 */
int fw_read_key(const char *path, uint8_t *key, size_t cap, char *err,
		size_t errlen);

#endif /* WSEFW_FWBUILD_H */
