// SPDX-License-Identifier: MIT
/*
 * Image layout, signing and hashing. The image is laid out as
 *
 *   header | section table | CONFIG | LIMITS | KERNELS | NOTES | SIGNATURE
 *
 * each part starting on an 8-byte boundary, padding zero. The result is a
 * function of the description and the key alone (no dates, no paths), so
 * the same input always gives the same bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwbuild.h"
#include "wse_fwimage.h"
#include "wse_hw.h"

static void st16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void st32(uint8_t *p, uint32_t v)
{
	st16(p, v);
	st16(p + 2, v >> 16);
}

static size_t align8(size_t n)
{
	return (n + WSE_FW_ALIGN - 1) & ~(size_t)(WSE_FW_ALIGN - 1);
}

struct part {
	uint32_t type;
	size_t size;
	size_t offset;
};

#define HDR(f)	offsetof(struct wse_fw_header, f)
#define KERN(f)	offsetof(struct wse_fw_kernel, f)

int fw_build_image(const struct fw_desc *d, const uint8_t *key,
		   size_t keylen, uint8_t **out, size_t *outlen, char *err,
		   size_t errlen)
{
	struct part parts[5];
	unsigned int nparts = 0, i;
	size_t pos, total;
	uint8_t *img, *p;

	parts[nparts++] = (struct part){ WSE_FW_SECT_CONFIG,
		d->nconfig * sizeof(struct wse_fw_kv), 0 };
	parts[nparts++] = (struct part){ WSE_FW_SECT_LIMITS,
		d->nlimits * sizeof(struct wse_fw_kv), 0 };
	parts[nparts++] = (struct part){ WSE_FW_SECT_KERNELS,
		sizeof(struct wse_fw_kernel_table) +
		d->nkernels * sizeof(struct wse_fw_kernel), 0 };
	if (d->notes)
		parts[nparts++] = (struct part){ WSE_FW_SECT_NOTES,
			d->notes_len, 0 };
	if (key)
		parts[nparts++] = (struct part){ WSE_FW_SECT_SIGNATURE,
			sizeof(struct wse_fw_signature), 0 };

	pos = WSE_FW_HEADER_SIZE + nparts * sizeof(struct wse_fw_section);
	for (i = 0; i < nparts; i++) {
		pos = align8(pos);
		parts[i].offset = pos;
		pos += parts[i].size;
	}
	total = align8(pos);
	if (total > WSE_FW_MAX_SIZE) {
		snprintf(err, errlen, "the image would be %zu bytes, more than "
			 "the %u a device accepts", total, WSE_FW_MAX_SIZE);
		return -1;
	}
	img = calloc(1, total);
	if (!img) {
		snprintf(err, errlen, "out of memory for a %zu-byte image",
			 total);
		return -1;
	}

	st32(img + HDR(magic), WSE_FW_IMAGE_MAGIC);
	st16(img + HDR(format_major), WSE_FW_FORMAT_MAJOR);
	st16(img + HDR(format_minor), WSE_FW_FORMAT_MINOR);
	st32(img + HDR(header_size), WSE_FW_HEADER_SIZE);
	st32(img + HDR(image_size), total);
	st32(img + HDR(fw_version), d->fw_version);
	st32(img + HDR(hw_spec), d->hw_spec);
	st32(img + HDR(fw_abi), d->fw_abi);
	st32(img + HDR(generation), d->generation);
	st32(img + HDR(section_count), nparts);
	st32(img + HDR(section_offset), WSE_FW_HEADER_SIZE);
	memcpy(img + HDR(name), d->name, strlen(d->name));

	for (i = 0; i < nparts; i++) {
		uint8_t *e = img + WSE_FW_HEADER_SIZE +
			     i * sizeof(struct wse_fw_section);
		unsigned int j;

		st32(e + offsetof(struct wse_fw_section, type), parts[i].type);
		st32(e + offsetof(struct wse_fw_section, offset),
		     parts[i].offset);
		st32(e + offsetof(struct wse_fw_section, size), parts[i].size);
		p = img + parts[i].offset;

		switch (parts[i].type) {
		case WSE_FW_SECT_CONFIG:
			for (j = 0; j < d->nconfig; j++) {
				st32(p + 8 * j, d->config[j].key);
				st32(p + 8 * j + 4, d->config[j].value);
			}
			break;
		case WSE_FW_SECT_LIMITS:
			for (j = 0; j < d->nlimits; j++) {
				st32(p + 8 * j, d->limits[j].key);
				st32(p + 8 * j + 4, d->limits[j].value);
			}
			break;
		case WSE_FW_SECT_KERNELS:
			st32(p, d->nkernels);
			st32(p + 4, sizeof(struct wse_fw_kernel));
			for (j = 0; j < d->nkernels; j++) {
				const struct fw_desc_kernel *k = &d->kernels[j];
				uint8_t *ke = p + sizeof(struct wse_fw_kernel_table) +
					      j * sizeof(struct wse_fw_kernel);

				st32(ke + KERN(id), k->id);
				st32(ke + KERN(version), k->version);
				st32(ke + KERN(dtypes), k->dtypes);
				memcpy(ke + KERN(name), k->name, strlen(k->name));
				memcpy(ke + KERN(signature), k->signature,
				       strlen(k->signature));
			}
			break;
		case WSE_FW_SECT_NOTES:
			memcpy(p, d->notes, d->notes_len);
			break;
		case WSE_FW_SECT_SIGNATURE:
			st32(p + offsetof(struct wse_fw_signature, algo),
			     WSE_FW_SIG_HMAC_SHA256);
			st32(p + offsetof(struct wse_fw_signature, key_id),
			     WSE_FW_SIG_KEY_DEV);
			break;
		}
	}

	/* MAC first (digest and MAC zero), then the digest over it all. */
	for (i = 0; i < nparts; i++) {
		if (parts[i].type != WSE_FW_SECT_SIGNATURE)
			continue;
		p = img + parts[i].offset +
		    offsetof(struct wse_fw_signature, mac);
		wse_fw_compute_mac(img, total, p - img, key, keylen, p);
	}
	wse_fw_compute_digest(img, total, img + HDR(sha256));

	*out = img;
	*outlen = total;
	return 0;
}

int fw_read_key(const char *path, uint8_t *key, size_t cap, char *err,
		size_t errlen)
{
	int c, nibble = -1, comment = 0;
	size_t n = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((c = getc(f)) != EOF) {
		if (comment) {
			comment = c != '\n';
			continue;
		}
		if (c == '#') {
			comment = 1;
			continue;
		}
		if (isspace(c))
			continue;
		if (!isxdigit(c)) {
			snprintf(err, errlen, "%s: '%c' is not a hexadecimal "
				 "digit", path, c);
			goto fail;
		}
		c = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		if (nibble < 0) {
			nibble = c;
			continue;
		}
		if (n == cap) {
			snprintf(err, errlen, "%s: key longer than %zu bytes",
				 path, cap);
			goto fail;
		}
		key[n++] = nibble << 4 | c;
		nibble = -1;
	}
	if (nibble >= 0 || !n) {
		snprintf(err, errlen, "%s: %s", path, n ? "odd number of "
			 "hexadecimal digits" : "no key in the file");
		goto fail;
	}
	fclose(f);
	return n;

fail:
	fclose(f);
	return -1;
}
