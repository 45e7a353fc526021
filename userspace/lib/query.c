// SPDX-License-Identifier: MIT
/*
 * DRM_IOCTL_WSE_QUERY and the size negotiation uapi/wse_accel.h defines:
 * a call with data 0 returns the size the driver has, a call with data
 * copies min(ours, theirs), and the returned size says which fields the
 * driver filled. Structures only grow at the end, so an old driver and a
 * new library (or the reverse) still agree on the common prefix.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>

#include "wse_internal.h"

int wse_query(struct wse_device *dev, uint32_t query, void *data, uint32_t *size)
{
	struct drm_wse_query q = { .query = query };

	if (!dev || !size || (*size && !data))
		return -EINVAL;
	q.size = data ? *size : 0;
	q.data = (uintptr_t)data;
	if (drmIoctl(dev->fd, DRM_IOCTL_WSE_QUERY, &q))
		return wse_neg_errno();
	*size = q.size;
	return 0;
}

int wse_device_get_info(struct wse_device *dev, struct drm_wse_device_info *info,
			uint32_t *valid_size)
{
	struct drm_wse_device_info tmp;
	uint32_t size = 0;
	int ret;

	if (!dev || !info)
		return -EINVAL;
	ret = wse_query(dev, DRM_WSE_QUERY_DEVICE_INFO, NULL, &size);
	if (ret)
		return ret;
	if (size < WSE_INFO_SIZE_V1_0)
		return -EPROTO;

	/* Fields the driver does not know stay zero. */
	memset(&tmp, 0, sizeof(tmp));
	size = sizeof(tmp);
	ret = wse_query(dev, DRM_WSE_QUERY_DEVICE_INFO, &tmp, &size);
	if (ret)
		return ret;
	if (size < WSE_INFO_SIZE_V1_0)
		return -EPROTO;
	*info = tmp;
	if (valid_size)
		*valid_size = size < sizeof(tmp) ? size : (uint32_t)sizeof(tmp);
	return 0;
}

/*
 * The list could grow between the two calls (a reset re-reading the
 * defect map); retry a few times rather than return a partial list.
 */
#define DEFECT_QUERY_TRIES	4

int wse_device_get_defects(struct wse_device *dev, struct drm_wse_defect **defects,
			   uint32_t *count)
{
	const uint32_t esize = sizeof(struct drm_wse_defect);
	struct drm_wse_defect *buf = NULL;
	uint32_t size = 0, got;
	unsigned int tries;
	int ret;

	if (!dev || !defects || !count)
		return -EINVAL;
	for (tries = 0; tries < DEFECT_QUERY_TRIES; tries++) {
		ret = wse_query(dev, DRM_WSE_QUERY_DEFECTS, NULL, &size);
		if (ret)
			goto err;
		if (size % esize) {
			ret = -EPROTO;
			goto err;
		}
		if (!size) {
			free(buf);
			*defects = NULL;
			*count = 0;
			return 0;
		}
		free(buf);
		buf = malloc(size);
		if (!buf)
			return -ENOMEM;
		got = size;
		ret = wse_query(dev, DRM_WSE_QUERY_DEFECTS, buf, &got);
		if (ret)
			goto err;
		/* A list that shrank in between was still copied whole. */
		if (got <= size && !(got % esize)) {
			if (!got) {
				free(buf);
				buf = NULL;
			}
			*defects = buf;
			*count = got / esize;
			return 0;
		}
		size = 0;
	}
	ret = -EAGAIN;
err:
	free(buf);
	return ret;
}
