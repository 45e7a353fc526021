// SPDX-License-Identifier: GPL-2.0-only
/*
 * Userptr BOs: a range of the program's own memory wrapped as a GEM object,
 * so the device can DMA to and from it without a copy.
 *
 * The pages are pinned (FOLL_LONGTERM) when the object is created and stay
 * pinned until it is freed; the object then holds no other memory. A
 * read-only object is pinned without FOLL_WRITE, so it may wrap memory the
 * program can only read, and the job code refuses to let the device write
 * it. Such objects have no mmap offset and cannot be exported: the memory
 * already belongs to a process, whose mappings decide who else sees it.
 */
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>

#include <uapi/wse_accel.h>

#include "wse_drv.h"
#include "wse_gem.h"

static void wse_userptr_free(struct drm_gem_object *obj)
{
	struct wse_userptr *up = container_of(obj, struct wse_userptr, base);

	/* The device may have written any page of a writable object. */
	unpin_user_pages_dirty_lock(up->pages, up->npages, !up->readonly);
	kvfree(up->pages);
	drm_gem_object_release(obj);
	kfree(up);
}

static struct dma_buf *wse_userptr_export(struct drm_gem_object *obj,
					  int flags)
{
	return ERR_PTR(-EINVAL);
}

const struct drm_gem_object_funcs wse_userptr_funcs = {
	.free = wse_userptr_free,
	.export = wse_userptr_export,
};

/* Pin all pages of the range; pin_user_pages_fast() may stop short. */
static int wse_userptr_pin(struct wse_userptr *up, unsigned long start)
{
	unsigned int gup = FOLL_LONGTERM | (up->readonly ? 0 : FOLL_WRITE);
	unsigned long done = 0;
	int n;

	while (done < up->npages) {
		n = pin_user_pages_fast(start + done * PAGE_SIZE,
					min_t(unsigned long, up->npages - done,
					      SZ_64K),
					gup, up->pages + done);
		if (n <= 0) {
			unpin_user_pages(up->pages, done);
			/* 0 means nothing could be pinned: not mapped. */
			return n ? n : -EFAULT;
		}
		done += n;
	}
	return 0;
}

/**
 * wse_bo_userptr_ioctl() - DRM_IOCTL_WSE_BO_USERPTR: wrap user memory
 * @drm: DRM device
 * @data: struct drm_wse_bo_userptr
 * @file: DRM file that gets the handle
 *
 * Return: 0; -EINVAL for an unknown flag, a range that is not page
 * aligned, empty, beyond WSE_BO_MAX_SIZE or wrapping; -EFAULT if part of
 * the range is not mapped (or not writable without READONLY); -ENOMEM.
 */
int wse_bo_userptr_ioctl(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct drm_wse_bo_userptr *args = data;
	struct wse_userptr *up;
	u32 handle;
	int ret, idx;

	if (args->flags & ~DRM_WSE_BO_USERPTR_READONLY)
		return -EINVAL;
	if (!args->size || args->size > WSE_BO_MAX_SIZE ||
	    !PAGE_ALIGNED(args->user_ptr) || !PAGE_ALIGNED(args->size) ||
	    args->user_ptr + args->size < args->user_ptr)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up) {
		ret = -ENOMEM;
		goto out;
	}
	up->npages = args->size >> PAGE_SHIFT;
	up->readonly = args->flags & DRM_WSE_BO_USERPTR_READONLY;
	up->pages = kvmalloc_array(up->npages, sizeof(*up->pages), GFP_KERNEL);
	if (!up->pages) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = wse_userptr_pin(up, args->user_ptr);
	if (ret)
		goto err_free_pages;

	up->base.funcs = &wse_userptr_funcs;
	drm_gem_private_object_init(drm, &up->base, args->size);
	ret = drm_gem_handle_create(file, &up->base, &handle);
	/* From here on the object frees itself (and unpins) on the last put. */
	drm_gem_object_put(&up->base);
	if (!ret)
		args->handle = handle;
	goto out;

err_free_pages:
	kvfree(up->pages);
err_free:
	kfree(up);
out:
	drm_dev_exit(idx);
	return ret;
}
