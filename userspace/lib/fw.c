// SPDX-License-Identifier: MIT
/*
 * Loading firmware (DRM_IOCTL_WSE_FW_LOAD), from memory or from a file.
 * The driver and the device check the image; the library only refuses
 * what could never be sent (nothing, or more than the ABI allows).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xf86drm.h>

#include "wse_internal.h"
#include "wse_hw.h"

int wse_fw_load(struct wse_device *dev, const void *image, size_t size)
{
	struct drm_wse_fw_load args = { 0 };

	if (!dev || !image || !size)
		return -EINVAL;
	if (size > WSE_FW_MAX_SIZE)
		return -E2BIG;
	args.data = (uintptr_t)image;
	args.size = (uint32_t)size;
	if (drmIoctl(dev->fd, DRM_IOCTL_WSE_FW_LOAD, &args))
		return wse_neg_errno();
	return 0;
}

/*
 * Read all of @fd into a new buffer, refusing more than WSE_FW_MAX_SIZE
 * bytes. Works for pipes too, so `wsectl fw load /dev/stdin` does.
 */
static int read_image(int fd, unsigned char **out, size_t *len)
{
	size_t cap = 64 * 1024, used = 0;
	unsigned char *buf, *p;
	struct stat st;
	ssize_t n;

	if (!fstat(fd, &st) && S_ISREG(st.st_mode)) {
		if ((uint64_t)st.st_size > WSE_FW_MAX_SIZE)
			return -E2BIG;
		if (st.st_size > 0)
			cap = (size_t)st.st_size + 1;	/* +1 sees a file that grew */
	}
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (used == cap) {
			if (cap > WSE_FW_MAX_SIZE) {
				free(buf);
				return -E2BIG;
			}
			cap *= 2;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = wse_neg_errno();
			free(buf);
			return (int)n;
		}
		if (!n)
			break;
		used += (size_t)n;
	}
	if (used > WSE_FW_MAX_SIZE) {
		free(buf);
		return -E2BIG;
	}
	*out = buf;
	*len = used;
	return 0;
}

int wse_fw_load_file(struct wse_device *dev, const char *path)
{
	unsigned char *image;
	size_t len;
	int fd, ret;

	if (!dev || !path)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return wse_neg_errno();
	ret = read_image(fd, &image, &len);
	close(fd);
	if (ret)
		return ret;
	ret = len ? wse_fw_load(dev, image, len) : -EINVAL;
	free(image);
	return ret;
}
