/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the wse selftests: find the device node of the first
 * device bound to the wse driver through sysfs, and thin wrappers around the
 * raw ioctls (no libwse: the selftests test the kernel ABI itself).
 *
 * Every wrapper returns 0 or -errno and never asserts, so it can be called
 * from forked workers and threads as well as from test bodies.
 */
#ifndef WSE_TEST_UTIL_H
#define WSE_TEST_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "drm.h"
#include "wse_accel.h"

/* Generous: a job of the small test device finishes in well under this. */
#define WSE_WAIT_NS		(30ull * 1000 * 1000 * 1000)
#define WSE_PAGE		4096ul

/* Does the sysfs class device at @cls/@name belong to the wse driver? */
static inline int wse_node_is_ours(const char *cls, const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/%s/%s/device/driver", cls, name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return strcmp(strrchr(target, '/') ? strrchr(target, '/') + 1 : target, "wse") == 0;
}

/*
 * Find the node of the first wse device: /dev/accel/accelN where the kernel
 * has the accel subsystem, else /dev/dri/renderDN. Fills @node and the
 * PCI device's sysfs directory @sysdev; returns 0 or -1.
 */
static inline int wse_find_node(char *node, size_t node_len, char *sysdev, size_t sysdev_len)
{
	static const struct { const char *cls, *prefix, *dev; } kinds[] = {
		{ "accel", "accel", "/dev/accel/" },
		{ "drm", "renderD", "/dev/dri/" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char cls[64];
		struct dirent *de;
		DIR *d;

		snprintf(cls, sizeof(cls), "/sys/class/%s", kinds[i].cls);
		d = opendir(cls);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (strncmp(de->d_name, kinds[i].prefix, strlen(kinds[i].prefix)) ||
			    !wse_node_is_ours(kinds[i].cls, de->d_name))
				continue;
			snprintf(node, node_len, "%s%s", kinds[i].dev, de->d_name);
			snprintf(sysdev, sysdev_len, "/sys/class/%s/%s/device",
				 kinds[i].cls, de->d_name);
			closedir(d);
			return 0;
		}
		closedir(d);
	}
	return -1;
}

/* The first line of the file at @path, without its newline; 0 or -1. */
static inline int wse_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fgets(buf, len, f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Write the string @s to the file at @path (sysfs); 0 or -errno. */
static inline int wse_write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int ret;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	/* Before close(), which may change errno. */
	ret = n == (ssize_t)strlen(s) ? 0 : n < 0 ? -errno : -EIO;
	close(fd);
	return ret;
}

/*
 * Drop every privilege for good: become @uid with @gid as the only group
 * (root's supplementary groups go too). For forked children of a test.
 */
static inline int wse_become(uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) || setgid(gid) || setuid(uid))
		return -errno;
	return 0;
}

/* Read a sysfs attribute holding one number (decimal or 0x hex). */
static inline int wse_read_sysfs_ulong(const char *dir, const char *attr, unsigned long *val)
{
	char path[PATH_MAX];
	FILE *f;
	int ok;

	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return -1;
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%li", (long *)val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Raw ioctls                                                          */
/* ------------------------------------------------------------------ */

static inline int wse_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret ? -errno : 0;
}

/* Open a new file on the first wse device; returns the fd or -errno. */
static inline int wse_open(void)
{
	char node[PATH_MAX], sysdev[PATH_MAX];
	int fd;

	if (wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)))
		return -ENODEV;
	fd = open(node, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static inline int wse_device_info(int fd, struct drm_wse_device_info *info)
{
	struct drm_wse_query q = {
		.query = DRM_WSE_QUERY_DEVICE_INFO,
		.size = sizeof(*info),
		.data = (uintptr_t)info,
	};

	memset(info, 0, sizeof(*info));
	return wse_ioctl(fd, DRM_IOCTL_WSE_QUERY, &q);
}

/* A BO of this file, with its mapping when it has one. */
struct wse_bo {
	__u32 handle;
	__u64 size;
	void *map;
};

static inline int wse_bo_create(int fd, __u64 size, struct wse_bo *bo)
{
	struct drm_wse_bo_create c = { .size = size };
	int ret;

	memset(bo, 0, sizeof(*bo));
	ret = wse_ioctl(fd, DRM_IOCTL_WSE_BO_CREATE, &c);
	if (ret)
		return ret;
	bo->handle = c.handle;
	bo->size = c.size;
	bo->map = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, c.mmap_offset);
	if (bo->map == MAP_FAILED) {
		struct drm_gem_close cl = { .handle = c.handle };

		ret = -errno;
		bo->map = NULL;
		wse_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &cl);
		return ret;
	}
	return 0;
}

/* Wrap @size bytes of user memory at @ptr; @bo->map points at them. */
static inline int wse_bo_userptr(int fd, void *ptr, __u64 size, __u32 flags, struct wse_bo *bo)
{
	struct drm_wse_bo_userptr u = {
		.user_ptr = (uintptr_t)ptr,
		.size = size,
		.flags = flags,
	};
	int ret;

	memset(bo, 0, sizeof(*bo));
	ret = wse_ioctl(fd, DRM_IOCTL_WSE_BO_USERPTR, &u);
	if (ret)
		return ret;
	bo->handle = u.handle;
	bo->size = size;
	bo->map = ptr;
	return 0;
}

static inline int wse_gem_close(int fd, __u32 handle)
{
	struct drm_gem_close cl = { .handle = handle };

	return wse_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &cl);
}

/* Close a BO made by wse_bo_create() (unmaps it) or wse_bo_userptr(). */
static inline void wse_bo_free(int fd, struct wse_bo *bo, int mapped_by_us)
{
	if (mapped_by_us && bo->map)
		munmap(bo->map, bo->size);
	if (bo->handle)
		wse_gem_close(fd, bo->handle);
	memset(bo, 0, sizeof(*bo));
}

/* On success @ctx holds the id and placement the driver chose. */
static inline int wse_ctx_create(int fd, __u16 width, __u16 height, __u32 sram_bytes,
				 struct drm_wse_ctx_create *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->width = width;
	ctx->height = height;
	ctx->sram_bytes = sram_bytes;
	return wse_ioctl(fd, DRM_IOCTL_WSE_CTX_CREATE, ctx);
}

static inline int wse_ctx_destroy(int fd, __u32 ctx_id)
{
	struct drm_wse_ctx_destroy d = { .ctx_id = ctx_id };

	return wse_ioctl(fd, DRM_IOCTL_WSE_CTX_DESTROY, &d);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static inline unsigned int wse_esize(__u32 flags)
{
	return flags & DRM_WSE_CMD_F_DTYPE_16 ? 2 : 4;
}

/* Host bytes of a width x height x elems array of the flags' dtype. */
static inline __u64 wse_array_bytes(unsigned int w, unsigned int h, unsigned int elems,
				    __u32 flags)
{
	return (__u64)w * h * elems * wse_esize(flags);
}

/*
 * Element index in the host array of element @l of PE (@x, @y) of a
 * @w x @h x @elems array: row-major [h][w][l], column-major [l][h][w].
 */
static inline size_t wse_host_index(__u32 flags, unsigned int w, unsigned int h,
				    unsigned int elems, unsigned int x, unsigned int y,
				    unsigned int l)
{
	if (flags & DRM_WSE_CMD_F_COL_MAJOR)
		return ((size_t)l * h + y) * w + x;
	return ((size_t)y * w + x) * elems + l;
}

/* H2F or F2H between @bo_offset of BO list entry @bo_index and a rectangle. */
static inline struct drm_wse_cmd wse_cmd_copy(__u32 opcode, __u32 flags, __u32 bo_index,
					      __u64 bo_offset, __u16 x, __u16 y,
					      __u16 w, __u16 h, __u32 elems,
					      __u32 pe_offset)
{
	struct drm_wse_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = opcode;
	c.flags = flags;
	c.copy.bo_index = bo_index;
	c.copy.elems_per_pe = elems;
	c.copy.bo_offset = bo_offset;
	c.copy.length = wse_array_bytes(w, h, elems, flags);
	c.copy.x = x;
	c.copy.y = y;
	c.copy.width = w;
	c.copy.height = h;
	c.copy.pe_offset = pe_offset;
	return c;
}

static inline struct drm_wse_cmd wse_cmd_f2f(__u32 flags, __u16 x, __u16 y, __u16 w, __u16 h,
					     __u32 elems, __u32 pe_offset, __u16 dst_x,
					     __u16 dst_y, __u32 dst_pe_offset)
{
	struct drm_wse_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = DRM_WSE_CMD_COPY_F2F;
	c.flags = flags;
	c.copy.elems_per_pe = elems;
	c.copy.x = x;
	c.copy.y = y;
	c.copy.width = w;
	c.copy.height = h;
	c.copy.pe_offset = pe_offset;
	c.copy.dst_x = dst_x;
	c.copy.dst_y = dst_y;
	c.copy.dst_pe_offset = dst_pe_offset;
	return c;
}

static inline struct drm_wse_cmd wse_cmd_fill(__u16 x, __u16 y, __u16 w, __u16 h,
					      __u32 pe_offset, __u32 length, __u32 value)
{
	struct drm_wse_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = DRM_WSE_CMD_FILL;
	c.fill.x = x;
	c.fill.y = y;
	c.fill.width = w;
	c.fill.height = h;
	c.fill.pe_offset = pe_offset;
	c.fill.length = length;
	c.fill.value = value;
	return c;
}

/* ------------------------------------------------------------------ */
/* Submission and completion                                           */
/* ------------------------------------------------------------------ */

/* Optional parts of a submit; a zeroed struct means none of them. */
struct wse_submit_extra {
	const __u32 *in_syncobjs;
	__u32 in_count;
	__u32 out_syncobj;
};

static inline int wse_submit(int fd, __u32 ctx_id, const struct drm_wse_cmd *cmds, __u32 ncmds,
			     const __u32 *bos, __u32 nbos, const struct wse_submit_extra *x,
			     __u64 *seqno)
{
	struct drm_wse_submit s = {
		.ctx_id = ctx_id,
		.cmds = (uintptr_t)cmds,
		.bo_handles = (uintptr_t)bos,
		.cmd_count = ncmds,
		.bo_count = nbos,
	};
	int ret;

	if (x) {
		s.in_syncobjs = (uintptr_t)x->in_syncobjs;
		s.in_syncobj_count = x->in_count;
		s.out_syncobj = x->out_syncobj;
	}
	ret = wse_ioctl(fd, DRM_IOCTL_WSE_SUBMIT, &s);
	if (!ret && seqno)
		*seqno = s.seqno;
	return ret;
}

/* WAIT; on success @out (optional) holds status, failed_cmd and time. */
static inline int wse_wait(int fd, __u32 ctx_id, __u64 seqno, __u64 timeout_ns,
			   struct drm_wse_wait *out)
{
	struct drm_wse_wait w = {
		.ctx_id = ctx_id,
		.seqno = seqno,
		.timeout_ns = timeout_ns,
	};
	int ret = wse_ioctl(fd, DRM_IOCTL_WSE_WAIT, &w);

	if (!ret && out)
		*out = w;
	return ret;
}

/*
 * Submit one job and wait for it. Returns -errno of either ioctl, or the
 * job's status (> 0) when the job ran and failed; 0 when it succeeded.
 */
static inline int wse_run(int fd, __u32 ctx_id, const struct drm_wse_cmd *cmds, __u32 ncmds,
			  const __u32 *bos, __u32 nbos)
{
	struct drm_wse_wait w;
	__u64 seqno;
	int ret;

	ret = wse_submit(fd, ctx_id, cmds, ncmds, bos, nbos, NULL, &seqno);
	if (ret)
		return ret;
	ret = wse_wait(fd, ctx_id, seqno, WSE_WAIT_NS, &w);
	if (ret)
		return ret;
	return (int)w.status;
}

/* ------------------------------------------------------------------ */
/* DRM syncobjs and PRIME (core ioctls)                                */
/* ------------------------------------------------------------------ */

static inline int wse_syncobj_create(int fd, __u32 flags, __u32 *handle)
{
	struct drm_syncobj_create c = { .flags = flags };
	int ret = wse_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c);

	if (!ret)
		*handle = c.handle;
	return ret;
}

static inline int wse_syncobj_destroy(int fd, __u32 handle)
{
	struct drm_syncobj_destroy d = { .handle = handle };

	return wse_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

static inline __s64 wse_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__s64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Wait for every syncobj of @handles to signal, @rel_ns from now. -ETIME
 * on timeout; -EINVAL when one has no fence (and @flags lacks
 * WAIT_FOR_SUBMIT), which is how a test sees that a syncobj is untouched.
 */
static inline int wse_syncobj_wait(int fd, const __u32 *handles, __u32 count, __s64 rel_ns,
				   __u32 flags)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)handles,
		.timeout_nsec = rel_ns ? wse_now_ns() + rel_ns : 0,
		.count_handles = count,
		.flags = flags | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL,
	};

	return wse_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
}

/* Export a BO as a dma-buf fd; returns the fd or -errno. */
static inline int wse_prime_export(int fd, __u32 handle)
{
	struct drm_prime_handle p = { .handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR };
	int ret = wse_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);

	return ret ? ret : p.fd;
}

static inline int wse_prime_import(int fd, int dmabuf, __u32 *handle)
{
	struct drm_prime_handle p = { .fd = dmabuf };
	int ret = wse_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);

	if (!ret)
		*handle = p.handle;
	return ret;
}

/* ------------------------------------------------------------------ */
/* Data patterns                                                       */
/* ------------------------------------------------------------------ */

/* splitmix64: cheap, and every seed gives an unrelated stream. */
static inline __u64 wse_mix64(__u64 z)
{
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Fill @len bytes at @buf with the pattern of @seed (no alignment needed). */
static inline void wse_pattern(void *buf, size_t len, __u64 seed)
{
	unsigned char *p = buf;
	__u64 state = wse_mix64(seed), v;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		state += 0x9e3779b97f4a7c15ull;
		v = state ^ (state >> 29);
		v *= 0xbf58476d1ce4e5b9ull;
		memcpy(p + i, &v, 8);
	}
	state += 0x9e3779b97f4a7c15ull;
	v = state * 0xbf58476d1ce4e5b9ull;
	for (; i < len; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

/* Offset of the first byte where @a and @b differ, or -1. */
static inline long wse_first_diff(const void *a, const void *b, size_t len)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	if (!memcmp(a, b, len))
		return -1;
	for (i = 0; i < len && x[i] == y[i]; i++)
		;
	return (long)i;
}

/* Offset of the first byte of @buf that is not @byte, or -1. */
static inline long wse_first_not(const void *buf, int byte, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (unsigned char)byte)
			return (long)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Array queries and compute kernels                                   */
/* ------------------------------------------------------------------ */

/*
 * DRM_IOCTL_WSE_QUERY of an array query into @max bytes at @data. Returns
 * the bytes the driver has (it copied at most @max of them), or -errno.
 */
static inline int wse_query_array(int fd, __u32 query, void *data, __u32 max)
{
	struct drm_wse_query q = {
		.query = query,
		.size = max,
		.data = (uintptr_t)data,
	};
	int ret = wse_ioctl(fd, DRM_IOCTL_WSE_QUERY, &q);

	return ret ? ret : (int)q.size;
}

/* The running firmware's kernels (0 without firmware), or -errno. */
static inline int wse_query_kernels(int fd, struct drm_wse_kernel_info *k, unsigned int max)
{
	int ret = wse_query_array(fd, DRM_WSE_QUERY_KERNELS, k, max * sizeof(*k));

	return ret < 0 ? ret : ret / (int)sizeof(*k);
}

/* The defective physical PEs, or -errno. */
static inline int wse_query_defects(int fd, struct drm_wse_defect *d, unsigned int max)
{
	int ret = wse_query_array(fd, DRM_WSE_QUERY_DEFECTS, d, max * sizeof(*d));

	return ret < 0 ? ret : ret / (int)sizeof(*d);
}

/* Kernels are looked up by name: another firmware may number them otherwise. */
static inline const struct drm_wse_kernel_info *
wse_kernel_find(const struct drm_wse_kernel_info *k, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strncmp(k[i].name, name, sizeof(k[i].name)))
			return &k[i];
	return NULL;
}

/* LAUNCH of @kernel_id on a rectangle; @args[0..nargs) (at most 16 copied). */
static inline struct drm_wse_cmd wse_cmd_launch(__u32 kernel_id, __u16 x, __u16 y, __u16 w,
						__u16 h, __u32 nargs, const __u32 *args)
{
	struct drm_wse_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = DRM_WSE_CMD_LAUNCH;
	c.launch.kernel_id = kernel_id;
	c.launch.nargs = nargs;
	c.launch.x = x;
	c.launch.y = y;
	c.launch.width = w;
	c.launch.height = h;
	if (args)
		memcpy(c.launch.args, args,
		       (nargs < DRM_WSE_LAUNCH_MAX_ARGS ? nargs : DRM_WSE_LAUNCH_MAX_ARGS) *
		       sizeof(*args));
	return c;
}

/* ------------------------------------------------------------------ */
/* Kernel element types: binary32 and binary16 bit patterns            */
/* ------------------------------------------------------------------ */

static inline __u32 wse_f32_bits(float f)
{
	__u32 b;

	memcpy(&b, &f, sizeof(b));
	return b;
}

static inline float wse_bits_f32(__u32 b)
{
	float f;

	memcpy(&f, &b, sizeof(f));
	return f;
}

/* binary16 -> binary32, exact (NaN payloads kept, subnormals normalised). */
static inline float wse_f16_to_f32(__u16 h)
{
	__u32 sign = (__u32)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
	int e = 113;

	if (exp == 0x1f)
		return wse_bits_f32(sign | 0x7f800000 | man << 13);
	if (exp)
		return wse_bits_f32(sign | (exp + 112) << 23 | man << 13);
	if (!man)
		return wse_bits_f32(sign);
	while (!(man & 0x400)) {	/* 0.man * 2^-14 -> 1.m * 2^(e - 127) */
		man <<= 1;
		e--;
	}
	return wse_bits_f32(sign | (__u32)e << 23 | (man & 0x3ff) << 13);
}

/* Drop the low @s bits of @m, rounding to nearest, ties to even. */
static inline __u32 wse_rne_shift(__u32 m, unsigned int s)
{
	__u32 r = m >> s, rem = m & ((1u << s) - 1), half = 1u << (s - 1);

	return r + (rem > half || (rem == half && (r & 1)));
}

/* binary32 -> binary16, rounded to nearest, ties to even; overflow -> inf. */
static inline __u16 wse_f32_to_f16(float f)
{
	__u32 x = wse_f32_bits(f), sign = (x >> 16) & 0x8000, ax = x & 0x7fffffff;
	__u32 e = ax >> 23, man = ax & 0x7fffff;

	if (ax > 0x7f800000)
		return sign | 0x7e00 | (man >> 13);	/* NaN stays NaN */
	if (e >= 143)
		return sign | 0x7c00;			/* >= 2^16, or inf */
	if (e >= 113)					/* normal; a carry may reach inf */
		return sign | wse_rne_shift((e - 112) << 23 | man, 13);
	if (e < 101)
		return sign;				/* below 2^-26: +-0 */
	/* Subnormal (or rounds up to the smallest normal): units of 2^-24. */
	return sign | wse_rne_shift(man | 0x800000, 126 - e);
}

#endif /* WSE_TEST_UTIL_H */
