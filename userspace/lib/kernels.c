// SPDX-License-Identifier: MIT
/*
 * The running firmware's kernel table (DRM_WSE_QUERY_KERNELS) and lookup
 * by name.
 *
 * The table is read afresh on every call rather than cached: it changes
 * when anyone loads firmware, and a stale id could launch another kernel.
 * Reading it costs one ioctl, as the first read offers room for a typical
 * table and only a larger one needs a second.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wse_internal.h"

/* Entries the first read has room for; wse3 has 11. */
#define KERNELS_GUESS		32
/* A load between reads can change the size; don't chase it forever. */
#define KERNELS_QUERY_TRIES	4

int wse_kernels_query(struct wse_device *dev, struct drm_wse_kernel_info **kernels,
		      uint32_t *count)
{
	const uint32_t esize = sizeof(struct drm_wse_kernel_info);
	uint32_t room = KERNELS_GUESS * esize, got;
	struct drm_wse_kernel_info *buf = NULL, *p;
	unsigned int tries;
	int ret;

	if (!dev || !kernels || !count)
		return -EINVAL;
	for (tries = 0; tries < KERNELS_QUERY_TRIES; tries++) {
		p = realloc(buf, room);
		if (!p) {
			ret = -ENOMEM;
			goto err;
		}
		buf = p;
		got = room;
		ret = wse_query(dev, DRM_WSE_QUERY_KERNELS, buf, &got);
		if (ret)
			goto err;
		if (got % esize) {
			ret = -EPROTO;
			goto err;
		}
		if (got <= room) {
			if (!got) {
				free(buf);
				buf = NULL;
			}
			*kernels = buf;
			*count = got / esize;
			return 0;
		}
		/* Only part of the table was copied: make room for all of it. */
		room = got;
	}
	ret = -EAGAIN;
err:
	free(buf);
	return ret;
}

uint32_t wse_kernel_nargs(const struct drm_wse_kernel_info *info)
{
	return info ? strnlen(info->signature, sizeof(info->signature)) : 0;
}

int wse_kernel_find(struct wse_device *dev, const char *name,
		    struct drm_wse_kernel_info *info)
{
	struct drm_wse_kernel_info *table;
	uint32_t count, i;
	size_t len;
	int ret;

	if (!dev || !name || !info)
		return -EINVAL;
	len = strnlen(name, sizeof(table->name));
	if (!len || len >= sizeof(table->name))
		return -EINVAL;
	ret = wse_kernels_query(dev, &table, &count);
	if (ret)
		return ret;
	if (!count)
		return -ENOEXEC;
	ret = -ENOENT;
	for (i = 0; i < count; i++)
		if (!strncmp(table[i].name, name, sizeof(table[i].name))) {
			*info = table[i];
			/* A driver that forgot the NUL must not make us overrun. */
			info->name[sizeof(info->name) - 1] = '\0';
			info->signature[sizeof(info->signature) - 1] = '\0';
			ret = 0;
			break;
		}
	free(table);
	return ret;
}
