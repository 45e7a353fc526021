/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Buffer objects: shmem-backed GEM objects (created here or imported
 * through PRIME) and userptr objects wrapping pinned user pages, and the
 * way jobs pin and DMA-map parts of them.
 */
#ifndef __WSE_GEM_H__
#define __WSE_GEM_H__

#include <linux/dma-direction.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/types.h>

#include <drm/drm_gem.h>

struct drm_device;
struct drm_file;
struct page;
struct wse_device;

/* Largest BO the driver creates or wraps ("the driver's limit"). */
#define WSE_BO_MAX_SIZE		((u64)SZ_4G)

/* A userptr object: user pages pinned for the life of the object. */
struct wse_userptr {
	struct drm_gem_object base;
	struct page **pages;
	unsigned long npages;
	bool readonly;
};

/*
 * A job's hold on one BO of its list: a GEM reference, and for shmem
 * objects a pin of the backing pages, both dropped when the job is done.
 */
struct wse_bo_hold {
	struct drm_gem_object *obj;
	bool pinned;
};

/*
 * A range of a BO mapped for the device for one command. @sg is the table
 * to walk, starting @skip bytes in: our own table over just the range, or
 * the whole table an exporter mapped for us at import time.
 */
struct wse_bo_map {
	struct sg_table sgt;
	struct sg_table *sg;
	u64 skip;
	enum dma_data_direction dir;
	bool owned;
};

bool wse_bo_is_userptr(const struct drm_gem_object *obj);
bool wse_bo_is_readonly(const struct drm_gem_object *obj);
struct page **wse_bo_pages(struct drm_gem_object *obj);

int wse_bo_hold(struct wse_bo_hold *hold, struct drm_file *file, u32 handle);
void wse_bo_release(struct wse_bo_hold *hold);

int wse_bo_map_pages(struct wse_device *wdev, struct page **pages,
		     u64 offset, u64 len, enum dma_data_direction dir,
		     struct wse_bo_map *map);
int wse_bo_map_range(struct wse_device *wdev, struct drm_gem_object *obj,
		     u64 offset, u64 len, enum dma_data_direction dir,
		     struct wse_bo_map *map);
void wse_bo_unmap_range(struct wse_device *wdev, struct wse_bo_map *map);

int wse_bo_create_ioctl(struct drm_device *drm, void *data,
			struct drm_file *file);
int wse_bo_info_ioctl(struct drm_device *drm, void *data,
		      struct drm_file *file);

/* wse_userptr.c */
extern const struct drm_gem_object_funcs wse_userptr_funcs;
int wse_bo_userptr_ioctl(struct drm_device *drm, void *data,
			 struct drm_file *file);

#endif /* __WSE_GEM_H__ */
