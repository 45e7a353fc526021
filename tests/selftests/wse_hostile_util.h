/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the hostile-input, fuzzing and isolation selftests: the
 * device health check every test ends with, raw ioctls with a size or
 * direction of our choosing, and memory with holes in it.
 */
#ifndef WSE_HOSTILE_UTIL_H
#define WSE_HOSTILE_UTIL_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wse_test_util.h"

/* Not user memory: the start of the kernel's direct map on x86-64. */
#define WSE_KERNEL_PTR		0xffff888000000000ull
/* Above the 47-bit user address space, below the kernel: non-canonical. */
#define WSE_NONCANON_PTR	0x0000800000000000ull

/* The health check's shape: small, so it runs on any placement. */
#define WSE_RT_W		2
#define WSE_RT_H		2
#define WSE_RT_SRAM		1024u
#define WSE_RT_BYTES		(WSE_RT_W * WSE_RT_H * WSE_RT_SRAM)

/*
 * The device still works: on file @fd, a new context gets a pattern
 * written to every byte of its reservation and read back bit for bit.
 * Returns 0; -errno of a failing ioctl; the status (> 0) of a failed
 * job; or 1000 + the offset of the first wrong byte.
 */
static inline int wse_roundtrip(int fd, __u64 seed)
{
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd cmds[2];
	struct wse_bo bo;
	long diff;
	int ret;

	ret = wse_ctx_create(fd, WSE_RT_W, WSE_RT_H, WSE_RT_SRAM, &ctx);
	if (ret)
		return ret;
	ret = wse_bo_create(fd, 2 * WSE_RT_BYTES, &bo);
	if (ret) {
		wse_ctx_destroy(fd, ctx.ctx_id);
		return ret;
	}
	wse_pattern(bo.map, WSE_RT_BYTES, seed);
	memset((unsigned char *)bo.map + WSE_RT_BYTES, 0, WSE_RT_BYTES);
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, WSE_RT_W, WSE_RT_H,
			       WSE_RT_SRAM / 4, 0);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, DRM_WSE_CMD_F_COL_MAJOR, 0, WSE_RT_BYTES,
			       0, 0, WSE_RT_W, WSE_RT_H, WSE_RT_SRAM / 4, 0);
	/* Column-major back: the data must also land in the right PEs. */
	ret = wse_run(fd, ctx.ctx_id, cmds, 2, &bo.handle, 1);
	if (!ret) {
		const __u32 *in = bo.map;
		const __u32 *out = (const __u32 *)((unsigned char *)bo.map + WSE_RT_BYTES);
		unsigned int x, y, l, e = WSE_RT_SRAM / 4;

		for (y = 0; y < WSE_RT_H && !ret; y++)
			for (x = 0; x < WSE_RT_W && !ret; x++)
				for (l = 0; l < e && !ret; l++) {
					size_t i = wse_host_index(0, WSE_RT_W, WSE_RT_H, e, x, y, l);
					size_t o = wse_host_index(DRM_WSE_CMD_F_COL_MAJOR, WSE_RT_W,
								  WSE_RT_H, e, x, y, l);

					if (in[i] != out[o]) {
						diff = (long)o * 4;
						ret = 1000 + (int)diff;
					}
				}
	}
	wse_bo_free(fd, &bo, 1);
	wse_ctx_destroy(fd, ctx.ctx_id);
	return ret;
}

/* The same on a file of its own, so no state of @fd is involved. */
static inline int wse_roundtrip_fresh(__u64 seed)
{
	int fd = wse_open(), ret;

	if (fd < 0)
		return fd;
	ret = wse_roundtrip(fd, seed);
	close(fd);
	return ret;
}

/* @req with its size field replaced by @size. */
static inline unsigned long wse_req_sized(unsigned long req, unsigned int size)
{
	return (req & ~((unsigned long)_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
	       ((unsigned long)size << _IOC_SIZESHIFT);
}

/* @req with its direction bits replaced by @dir (_IOC_NONE, _IOC_READ...). */
static inline unsigned long wse_req_dir(unsigned long req, unsigned int dir)
{
	return (req & ~((unsigned long)_IOC_DIRMASK << _IOC_DIRSHIFT)) |
	       ((unsigned long)dir << _IOC_DIRSHIFT);
}

/* One ioctl, no retry: for hostile tests that want to see every errno. */
static inline int wse_ioctl_raw(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

/*
 * @pages pages of memory followed by @holes pages the program cannot
 * touch, so that what lies at the end is followed by memory that is not
 * there. The holes are PROT_NONE rather than unmapped: an unmapped hole
 * is where the next mmap() of anyone in the process would land.
 */
static inline unsigned char *wse_map_with_hole(size_t pages, size_t holes)
{
	unsigned char *p = mmap(NULL, (pages + holes) * WSE_PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (holes && mprotect(p + pages * WSE_PAGE, holes * WSE_PAGE, PROT_NONE)) {
		munmap(p, (pages + holes) * WSE_PAGE);
		return NULL;
	}
	return p;
}

/* An address that was mapped a moment ago and is not any more. */
static inline void *wse_unmapped_addr(void)
{
	void *p = mmap(NULL, WSE_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p, WSE_PAGE);
	return p;
}

#endif /* WSE_HOSTILE_UTIL_H */
