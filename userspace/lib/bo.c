// SPDX-License-Identifier: MIT
/*
 * Buffer objects: shmem objects the driver allocates, user memory it
 * wraps, and dma-bufs shared with other devices and processes.
 *
 * The device keeps a list of its objects because GEM handles are per fd
 * and unique per object: PRIME import of a buffer the fd already has
 * returns the existing handle, and closing that handle twice would pull
 * the object from under its first owner. So imports share the existing
 * struct wse_bo and count references.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>

#include "wse_internal.h"

static struct wse_bo *find_handle(struct wse_device *dev, uint32_t handle)
{
	struct wse_bo *bo;

	for (bo = dev->bos; bo; bo = bo->next)
		if (bo->handle == handle)
			return bo;
	return NULL;
}

static void gem_close(struct wse_device *dev, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	/* Nothing useful to do if it fails: the handle is gone either way. */
	drmIoctl(dev->fd, DRM_IOCTL_GEM_CLOSE, &args);
}

int wse_bo_new(struct wse_device *dev, uint32_t handle, uint64_t size,
	       uint64_t mmap_offset, void *user_ptr, struct wse_bo **out)
{
	struct wse_bo *bo = calloc(1, sizeof(*bo));

	if (!bo)
		return -ENOMEM;
	bo->dev = dev;
	bo->handle = handle;
	bo->refs = 1;
	bo->size = size;
	bo->mmap_offset = mmap_offset;
	bo->user_ptr = user_ptr;
	pthread_mutex_lock(&dev->lock);
	bo->next = dev->bos;
	dev->bos = bo;
	pthread_mutex_unlock(&dev->lock);
	*out = bo;
	return 0;
}

int wse_bo_create(struct wse_device *dev, uint64_t size, struct wse_bo **out)
{
	struct drm_wse_bo_create args = { .size = size };
	int ret;

	if (!dev || !out)
		return -EINVAL;
	if (drmIoctl(dev->fd, DRM_IOCTL_WSE_BO_CREATE, &args))
		return wse_neg_errno();
	ret = wse_bo_new(dev, args.handle, args.size, args.mmap_offset, NULL, out);
	if (ret)
		gem_close(dev, args.handle);
	return ret;
}

int wse_bo_userptr(struct wse_device *dev, void *ptr, uint64_t size, uint32_t flags,
		   struct wse_bo **out)
{
	struct drm_wse_bo_userptr args = {
		.user_ptr = (uintptr_t)ptr,
		.size = size,
		.flags = flags,
	};
	int ret;

	if (!dev || !out)
		return -EINVAL;
	/* The driver checks alignment, size and flags; its answer is the rule. */
	if (drmIoctl(dev->fd, DRM_IOCTL_WSE_BO_USERPTR, &args))
		return wse_neg_errno();
	ret = wse_bo_new(dev, args.handle, size, 0, ptr, out);
	if (ret)
		gem_close(dev, args.handle);
	return ret;
}

int wse_bo_map(struct wse_bo *bo, void **ptr)
{
	struct wse_device *dev;
	void *map;
	int ret = 0;

	if (!bo || !ptr)
		return -EINVAL;
	if (bo->user_ptr) {
		*ptr = bo->user_ptr;
		return 0;
	}
	dev = bo->dev;
	pthread_mutex_lock(&dev->lock);
	if (!bo->map_count) {
		map = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, dev->fd,
			   (off_t)bo->mmap_offset);
		if (map == MAP_FAILED) {
			ret = wse_neg_errno();
			goto out;
		}
		bo->map = map;
	}
	bo->map_count++;
	*ptr = bo->map;
out:
	pthread_mutex_unlock(&dev->lock);
	return ret;
}

int wse_bo_unmap(struct wse_bo *bo)
{
	struct wse_device *dev;
	int ret = 0;

	if (!bo)
		return -EINVAL;
	if (bo->user_ptr)
		return 0;
	dev = bo->dev;
	pthread_mutex_lock(&dev->lock);
	if (!bo->map_count) {
		ret = -EINVAL;
	} else if (!--bo->map_count) {
		munmap(bo->map, bo->size);
		bo->map = NULL;
	}
	pthread_mutex_unlock(&dev->lock);
	return ret;
}

int wse_bo_export_dmabuf(struct wse_bo *bo, int *fd)
{
	int out;

	if (!bo || !fd)
		return -EINVAL;
	if (drmPrimeHandleToFD(bo->dev->fd, bo->handle, DRM_CLOEXEC | DRM_RDWR, &out))
		return wse_neg_errno();
	*fd = out;
	return 0;
}

int wse_bo_import_dmabuf(struct wse_device *dev, int fd, struct wse_bo **out)
{
	struct drm_wse_bo_info info = { 0 };
	struct wse_bo *bo;
	uint32_t handle;
	int ret;

	if (!dev || !out)
		return -EINVAL;
	if (fd < 0)
		return -EBADF;
	/*
	 * Hold the lock across the import so that a concurrent destroy of
	 * the same handle cannot close it between the ioctl and our lookup.
	 */
	pthread_mutex_lock(&dev->lock);
	if (drmPrimeFDToHandle(dev->fd, fd, &handle)) {
		ret = wse_neg_errno();
		goto out;
	}
	bo = find_handle(dev, handle);
	if (bo) {
		bo->refs++;
		*out = bo;
		ret = 0;
		goto out;
	}
	info.handle = handle;
	if (drmIoctl(dev->fd, DRM_IOCTL_WSE_BO_INFO, &info)) {
		ret = wse_neg_errno();
		gem_close(dev, handle);
		goto out;
	}
	bo = calloc(1, sizeof(*bo));
	if (!bo) {
		ret = -ENOMEM;
		gem_close(dev, handle);
		goto out;
	}
	bo->dev = dev;
	bo->handle = handle;
	bo->refs = 1;
	bo->size = info.size;
	bo->mmap_offset = info.mmap_offset;
	bo->next = dev->bos;
	dev->bos = bo;
	*out = bo;
	ret = 0;
out:
	pthread_mutex_unlock(&dev->lock);
	return ret;
}

void wse_bo_destroy(struct wse_bo *bo)
{
	struct wse_device *dev;
	struct wse_bo **p;

	if (!bo)
		return;
	dev = bo->dev;
	pthread_mutex_lock(&dev->lock);
	if (--bo->refs) {
		pthread_mutex_unlock(&dev->lock);
		return;
	}
	for (p = &dev->bos; *p; p = &(*p)->next)
		if (*p == bo) {
			*p = bo->next;
			break;
		}
	if (bo->map_count)
		munmap(bo->map, bo->size);
	/* Still under the lock: an import must not see the handle half closed. */
	gem_close(dev, bo->handle);
	pthread_mutex_unlock(&dev->lock);
	free(bo);
}

uint32_t wse_bo_handle(const struct wse_bo *bo)
{
	return bo ? bo->handle : 0;
}

uint64_t wse_bo_size(const struct wse_bo *bo)
{
	return bo ? bo->size : 0;
}
