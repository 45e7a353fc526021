// SPDX-License-Identifier: GPL-2.0-only
/*
 * Buffer objects in host memory.
 *
 * BO_CREATE objects are shmem GEM objects from the DRM shmem helpers:
 * zeroed, swappable while idle, mapped into programs through the file's
 * mmap offsets and exportable as dma-bufs. Imported dma-bufs become shmem
 * objects too (the helpers' prime import); a dma-buf this device exported
 * comes back as the original object.
 *
 * Nothing is pinned or mapped for the device while a BO is idle: a job pins
 * the backing pages of the BOs it lists for its whole life, and maps just
 * the range each command moves, in the direction it moves it.
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/pfn.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_vma_manager.h>

#include <uapi/wse_accel.h>

#include "wse_drv.h"
#include "wse_gem.h"

bool wse_bo_is_userptr(const struct drm_gem_object *obj)
{
	return obj->funcs == &wse_userptr_funcs;
}

bool wse_bo_is_readonly(const struct drm_gem_object *obj)
{
	return wse_bo_is_userptr(obj) &&
	       container_of(obj, struct wse_userptr, base)->readonly;
}

/*
 * The pages behind a BO, or NULL for a dma-buf of another driver, which we
 * only know by DMA address. Valid for shmem objects only while pinned.
 */
struct page **wse_bo_pages(struct drm_gem_object *obj)
{
	if (wse_bo_is_userptr(obj))
		return container_of(obj, struct wse_userptr, base)->pages;
	if (obj->import_attach)
		return NULL;
	return to_drm_gem_shmem_obj(obj)->pages;
}

/**
 * wse_bo_hold() - take a job's references on the BO behind @handle
 * @hold: where to record what was taken
 * @file: the submitting file, whose handle table is searched
 * @handle: GEM handle
 *
 * Keeps the object alive even if userspace closes the handle, and for a
 * shmem object pins its pages so they can be mapped for the device.
 * Userptr pages are pinned already; an imported dma-buf stays mapped by
 * its attachment.
 *
 * Return: 0, -ENOENT for an unknown handle, or the pin's error.
 */
int wse_bo_hold(struct wse_bo_hold *hold, struct drm_file *file, u32 handle)
{
	struct drm_gem_object *obj;
	int ret;

	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return -ENOENT;

	hold->obj = obj;
	hold->pinned = false;
	if (wse_bo_is_userptr(obj) || obj->import_attach)
		return 0;

	ret = drm_gem_shmem_pin(to_drm_gem_shmem_obj(obj));
	if (ret) {
		drm_gem_object_put(obj);
		hold->obj = NULL;
		return ret;
	}
	hold->pinned = true;
	return 0;
}

void wse_bo_release(struct wse_bo_hold *hold)
{
	if (!hold->obj)
		return;
	if (hold->pinned)
		drm_gem_shmem_unpin(to_drm_gem_shmem_obj(hold->obj));
	drm_gem_object_put(hold->obj);
	hold->obj = NULL;
}

/**
 * wse_bo_map_pages() - map @len bytes of a page array for the device
 * @wdev: the device
 * @pages: the pages, pinned by the caller
 * @offset: first byte, counted from the start of @pages[0]
 * @len: bytes, non-zero
 * @dir: DMA_TO_DEVICE for data the device reads, DMA_FROM_DEVICE for data
 *	it writes
 * @map: the mapping, for wse_bo_unmap_range()
 *
 * Physically contiguous pages are merged into one segment, up to the
 * device's maximum segment size, so every segment boundary but the ends
 * falls on a page boundary of the range.
 *
 * Return: 0 or a negative error code.
 */
int wse_bo_map_pages(struct wse_device *wdev, struct page **pages,
		     u64 offset, u64 len, enum dma_data_direction dir,
		     struct wse_bo_map *map)
{
	struct device *dev = wdev->drm.dev;
	unsigned int max_seg, npages, pg_off;
	int ret;

	pg_off = offset_in_page(offset);
	npages = DIV_ROUND_UP(pg_off + len, PAGE_SIZE);
	max_seg = max_t(unsigned int, dma_get_max_seg_size(dev) & PAGE_MASK,
			PAGE_SIZE);
	ret = sg_alloc_table_from_pages_segment(&map->sgt,
						pages + PFN_DOWN(offset),
						npages, pg_off, len, max_seg,
						GFP_KERNEL);
	if (ret)
		return ret;

	ret = dma_map_sgtable(dev, &map->sgt, dir, 0);
	if (ret) {
		sg_free_table(&map->sgt);
		return ret;
	}
	map->dir = dir;
	map->sg = &map->sgt;
	map->skip = 0;
	map->owned = true;
	return 0;
}

/**
 * wse_bo_map_range() - map @len bytes at @offset of a held BO for the device
 * @wdev: the device
 * @obj: the BO, held by the caller's job (see wse_bo_hold())
 * @offset: first byte, within the BO
 * @len: bytes, non-zero, @offset + @len within the BO
 * @dir: direction of the transfer
 * @map: the mapping, for wse_bo_unmap_range()
 *
 * A dma-buf of another driver is already mapped for us by its attachment:
 * then @map just points into that table.
 *
 * Return: 0 or a negative error code.
 */
int wse_bo_map_range(struct wse_device *wdev, struct drm_gem_object *obj,
		     u64 offset, u64 len, enum dma_data_direction dir,
		     struct wse_bo_map *map)
{
	struct page **pages;

	map->dir = dir;
	map->owned = false;
	if (obj->import_attach) {
		map->sg = to_drm_gem_shmem_obj(obj)->sgt;
		map->skip = offset;
		return map->sg ? 0 : -EINVAL;
	}

	pages = wse_bo_pages(obj);
	if (!pages)
		return -EINVAL;
	return wse_bo_map_pages(wdev, pages, offset, len, dir, map);
}

void wse_bo_unmap_range(struct wse_device *wdev, struct wse_bo_map *map)
{
	if (!map->owned)
		return;
	dma_unmap_sgtable(wdev->drm.dev, &map->sgt, map->dir, 0);
	sg_free_table(&map->sgt);
	map->owned = false;
}

/**
 * wse_bo_create_ioctl() - DRM_IOCTL_WSE_BO_CREATE: allocate a shmem BO
 * @drm: DRM device
 * @data: struct drm_wse_bo_create
 * @file: DRM file that gets the handle
 *
 * Return: 0, -EINVAL for a zero size or one beyond WSE_BO_MAX_SIZE, or the
 * allocation's error.
 */
int wse_bo_create_ioctl(struct drm_device *drm, void *data,
			struct drm_file *file)
{
	struct drm_wse_bo_create *args = data;
	struct drm_gem_shmem_object *shmem;
	u64 size, offset;
	u32 handle;
	int ret, idx;

	if (args->flags)
		return -EINVAL;
	if (!args->size || args->size > WSE_BO_MAX_SIZE)
		return -EINVAL;
	size = PAGE_ALIGN(args->size);

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	shmem = drm_gem_shmem_create(drm, size);
	if (IS_ERR(shmem)) {
		ret = PTR_ERR(shmem);
		goto out;
	}
	/* The device writes these pages without the CPU dirtying them. */
	shmem->pages_mark_dirty_on_put = 1;

	ret = drm_gem_create_mmap_offset(&shmem->base);
	offset = drm_vma_node_offset_addr(&shmem->base.vma_node);
	if (!ret)
		ret = drm_gem_handle_create(file, &shmem->base, &handle);
	/* Success or not, the handle (if any) holds its own reference now. */
	drm_gem_object_put(&shmem->base);
	if (ret)
		goto out;

	args->size = size;
	args->handle = handle;
	args->mmap_offset = offset;
out:
	drm_dev_exit(idx);
	return ret;
}

/**
 * wse_bo_info_ioctl() - DRM_IOCTL_WSE_BO_INFO: size and mmap offset of a BO
 * @drm: DRM device
 * @data: struct drm_wse_bo_info
 * @file: DRM file owning the handle
 *
 * Userptr objects have no mmap offset (0): the program maps them already.
 *
 * Return: 0, -ENOENT for an unknown handle.
 */
int wse_bo_info_ioctl(struct drm_device *drm, void *data,
		      struct drm_file *file)
{
	struct drm_wse_bo_info *args = data;
	struct drm_gem_object *obj;
	u64 offset = 0;
	int ret = 0, idx;

	if (args->flags)
		return -EINVAL;

	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj) {
		ret = -ENOENT;
		goto out;
	}
	if (!wse_bo_is_userptr(obj)) {
		/* Imported objects get an offset the first time they're asked. */
		ret = drm_gem_create_mmap_offset(obj);
		offset = drm_vma_node_offset_addr(&obj->vma_node);
	}
	if (!ret) {
		args->size = obj->size;
		args->mmap_offset = offset;
	}
	drm_gem_object_put(obj);
out:
	drm_dev_exit(idx);
	return ret;
}
