// SPDX-License-Identifier: GPL-2.0-only
/*
 * Firmware and compute kernels, through the raw ioctls: the shipped image
 * running after modprobe; the sysfs attributes against
 * DRM_WSE_QUERY_DEVICE_INFO; DRM_IOCTL_WSE_FW_LOAD's privilege check,
 * argument errors and every way an image is refused, by the driver (which
 * leaves the running firmware alone) or by the device (which leaves it
 * without firmware), and a good image loading after a bad one without
 * reloading the driver; DRM_WSE_QUERY_KERNELS; and DRM_WSE_CMD_LAUNCH: its
 * checks, its errno without firmware, and an element-wise add end to end.
 *
 * Bad images are made here from the good one in /lib/firmware/wse/, except
 * the unsigned one, which needs the builder (firmware/ installs it next to
 * the good one). Every test leaves the shipped firmware running.
 */
#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_inject.h"
#include "wse_test_util.h"

#define FW_GOOD		"/lib/firmware/wse/wse3.bin"
#define FW_UNSIGNED	"/lib/firmware/wse/wse3-unsigned.bin"
#define NOBODY		65534

/* The context most LAUNCH tests use. */
#define CTX_W		8
#define CTX_H		8
#define CTX_SRAM	16384u

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static unsigned char *slurp(const char *path, size_t *size)
{
	unsigned char *buf = NULL;
	struct stat st;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && st.st_size > 0) {
		/* Room for the tests that append bytes. */
		buf = calloc(1, st.st_size + 64);
		if (buf && fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
			free(buf);
			buf = NULL;
		}
		*size = st.st_size;
	}
	fclose(f);
	return buf;
}

static int fw_load(int fd, const void *img, __u64 size, __u32 flags)
{
	struct drm_wse_fw_load l = {
		.data = (uintptr_t)img,
		.size = (__u32)size,
		.flags = flags,
	};

	if (size > UINT32_MAX)
		l.size = UINT32_MAX;
	return wse_ioctl(fd, DRM_IOCTL_WSE_FW_LOAD, &l);
}

/* One line of a sysfs attribute, without the newline; 0 or -1. */
static int sysfs_line(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	return wse_read_line(path, buf, len);
}

/* The kernels of the running firmware; returns how many, or -errno. */
static int kernels(int fd, struct drm_wse_kernel_info *k, unsigned int max)
{
	struct drm_wse_query q = {
		.query = DRM_WSE_QUERY_KERNELS,
		.size = max * sizeof(*k),
		.data = (uintptr_t)k,
	};
	int ret = wse_ioctl(fd, DRM_IOCTL_WSE_QUERY, &q);

	return ret ? ret : (int)(q.size / sizeof(*k));
}

static const struct drm_wse_kernel_info *kernel_named(const struct drm_wse_kernel_info *k,
						     int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(k[i].name, name))
			return &k[i];
	return NULL;
}

/* Does one line of the kernel log contain both @a and @b? */
static int klog_has(const char *a, const char *b)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf, *line, *save;
	int n, found = 0;

	if (len <= 0)
		return 0;
	buf = malloc(len + 1);
	if (!buf)
		return 0;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	buf[n > 0 ? n : 0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save))
		found = strstr(line, a) && strstr(line, b);
	free(buf);
	return found;
}

static struct wse_fw_header *hdr(unsigned char *img)
{
	return (struct wse_fw_header *)img;
}

/* The section of @type in a (good) image, or NULL. */
static struct wse_fw_section *section(unsigned char *img, __u32 type)
{
	struct wse_fw_section *s = (void *)(img + le32toh(hdr(img)->section_offset));
	__u32 i;

	for (i = 0; i < le32toh(hdr(img)->section_count); i++)
		if (le32toh(s[i].type) == type)
			return &s[i];
	return NULL;
}

static struct wse_fw_kernel_table *ktable(unsigned char *img)
{
	struct wse_fw_section *s = section(img, WSE_FW_SECT_KERNELS);

	return s ? (void *)(img + le32toh(s->offset)) : NULL;
}

/* H2F then F2H of a pattern through a context of its own; 0 if it matches. */
static int dma_round_trip(int fd, __u64 seed)
{
	const unsigned int w = 4, h = 4, elems = 256;
	const __u64 bytes = wse_array_bytes(w, h, elems, 0);
	struct drm_wse_ctx_create ctx;
	struct wse_bo src, dst;
	struct drm_wse_cmd cmds[2];
	__u32 bos[2];
	int ret;

	ret = wse_ctx_create(fd, w, h, elems * 4, &ctx);
	if (ret)
		return ret;
	ret = wse_bo_create(fd, bytes, &src);
	if (ret)
		goto out_ctx;
	ret = wse_bo_create(fd, bytes, &dst);
	if (ret)
		goto out_src;
	wse_pattern(src.map, bytes, seed);
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, w, h, elems, 0);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, 0, 0, w, h, elems, 0);
	bos[0] = src.handle;
	bos[1] = dst.handle;
	ret = wse_run(fd, ctx.ctx_id, cmds, 2, bos, 2);
	if (!ret && wse_first_diff(src.map, dst.map, bytes) >= 0)
		ret = -EIO;
	wse_bo_free(fd, &dst, 1);
out_src:
	wse_bo_free(fd, &src, 1);
out_ctx:
	wse_ctx_destroy(fd, ctx.ctx_id);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The device and the good image, shared by the fixtures               */
/* ------------------------------------------------------------------ */

struct env {
	int fd;
	char node[PATH_MAX];
	char sysdev[PATH_MAX];
	unsigned char *good;
	size_t good_size;
	char tag[64];		/* how the driver names our loads in its log */
	struct drm_wse_device_info info;	/* at setup */
};

static int env_open(struct env *e)
{
	char comm[32] = "";

	e->fd = -1;
	if (wse_find_node(e->node, sizeof(e->node), e->sysdev, sizeof(e->sysdev)))
		return -ENODEV;
	e->fd = open(e->node, O_RDWR | O_CLOEXEC);
	if (e->fd < 0)
		return -errno;
	e->good = slurp(FW_GOOD, &e->good_size);
	if (!e->good)
		return -ENOENT;
	sysfs_line("/proc/self", "comm", comm, sizeof(comm));
	snprintf(e->tag, sizeof(e->tag), "image from %s[%d]", comm, getpid());
	return wse_device_info(e->fd, &e->info);
}

/* Leave the device as modprobe did: the shipped firmware running. */
static void env_close(struct env *e)
{
	struct drm_wse_device_info info;

	if (e->fd >= 0 && e->good && !wse_device_info(e->fd, &info) &&
	    info.fw_state != DRM_WSE_FW_STATE_READY)
		fw_load(e->fd, e->good, e->good_size, 0);
	free(e->good);
	if (e->fd >= 0)
		close(e->fd);
}

FIXTURE(fw) {
	struct env e;
};

FIXTURE_SETUP(fw)
{
	int ret = env_open(&self->e);

	ASSERT_EQ(0, ret) TH_LOG("set-up (%s): %s", FW_GOOD, strerror(-ret));
}

FIXTURE_TEARDOWN(fw)
{
	env_close(&self->e);
}

/* ------------------------------------------------------------------ */
/* The shipped firmware, the kernel table and sysfs                    */
/* ------------------------------------------------------------------ */

TEST_F(fw, shipped_firmware_runs_after_modprobe)
{
	const struct drm_wse_device_info *info = &self->e.info;
	struct wse_fw_header *h = hdr(self->e.good);

	ASSERT_EQ(DRM_WSE_FW_STATE_READY, info->fw_state)
		TH_LOG("fw_state %u, fw_error %u: see dmesg", info->fw_state, info->fw_error);
	EXPECT_EQ(WSE_FW_ERR_NONE, info->fw_error);
	EXPECT_TRUE(info->status & WSE_STATUS_FW_READY);
	EXPECT_EQ(le32toh(h->fw_version), info->fw_version);
	EXPECT_EQ(le32toh(h->fw_abi), info->fw_abi);
	EXPECT_EQ(WSE_FW_ABI_MAJOR, info->fw_abi >> 16);
	EXPECT_LE(info->fw_abi & 0xffff, WSE_FW_ABI_MINOR);
}

TEST_F(fw, kernel_query_matches_the_image)
{
	static struct drm_wse_kernel_info k[WSE_FW_MAX_KERNELS];
	struct wse_fw_kernel_table *t = ktable(self->e.good);
	struct drm_wse_kernel_info one[2];
	struct drm_wse_query q = { .query = DRM_WSE_QUERY_KERNELS };
	int n, i, j;

	ASSERT_NE(NULL, t);
	ASSERT_EQ(0, wse_ioctl(self->e.fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(le32toh(t->count) * sizeof(k[0]), q.size);
	EXPECT_EQ(80, sizeof(k[0]));

	n = kernels(self->e.fd, k, WSE_FW_MAX_KERNELS);
	ASSERT_EQ((int)le32toh(t->count), n);
	for (i = 0; i < n; i++) {
		const struct wse_fw_kernel *e = NULL;

		if (i)
			EXPECT_LT(k[i - 1].id, k[i].id) TH_LOG("not sorted by id at %d", i);
		for (j = 0; j < n; j++)
			if (le32toh(t->entries[j].id) == k[i].id)
				e = &t->entries[j];
		ASSERT_NE(NULL, e) TH_LOG("kernel id %u is not in the image", k[i].id);
		EXPECT_STREQ(e->name, k[i].name);
		EXPECT_STREQ(e->signature, k[i].signature);
		EXPECT_EQ(le32toh(e->version), k[i].version);
		EXPECT_EQ(le32toh(e->dtypes), k[i].dtypes);
		EXPECT_EQ(0, k[i].flags);
		EXPECT_EQ('\0', k[i].name[sizeof(k[i].name) - 1]);
		EXPECT_LE(strlen(k[i].signature), DRM_WSE_LAUNCH_MAX_ARGS);
	}

	/* Size rules as for every query: a prefix, the rest untouched. */
	memset(one, 0xa5, sizeof(one));
	q.size = 40;
	q.data = (uintptr_t)one;
	ASSERT_EQ(0, wse_ioctl(self->e.fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(n * sizeof(k[0]), q.size);
	EXPECT_EQ(0, memcmp(&one[0], &k[0], 40));
	EXPECT_EQ(-1, wse_first_not((unsigned char *)one + 40, 0xa5, sizeof(one) - 40));
}

TEST_F(fw, sysfs_matches_device_info)
{
	static const char * const states[] = { "wait", "loading", "ready", "failed", "crashed" };
	static const char * const errors[] = {
		"none", "dma", "too_large", "bad_magic", "bad_format", "bad_abi", "bad_hash",
		"truncated", "unsigned", "bad_signature",
	};
	const struct drm_wse_device_info *info = &self->e.info;
	static const char * const attrs[] = {
		"fw_version", "fw_abi", "fw_state", "fw_error", "serial", "reset_count",
	};
	char buf[64], want[64], path[PATH_MAX + 32];
	unsigned int a, b, c;
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", self->e.sysdev, attrs[i]);
		ASSERT_EQ(0, stat(path, &st)) TH_LOG("%s: %s", path, strerror(errno));
		EXPECT_EQ(0444, st.st_mode & 0777) TH_LOG("%s", attrs[i]);
	}

	ASSERT_EQ(0, sysfs_line(self->e.sysdev, "fw_version", buf, sizeof(buf)));
	ASSERT_EQ(3, sscanf(buf, "%u.%u.%u", &a, &b, &c)) TH_LOG("fw_version '%s'", buf);
	EXPECT_EQ(info->fw_version, a << 16 | b << 8 | c);

	ASSERT_EQ(0, sysfs_line(self->e.sysdev, "fw_abi", buf, sizeof(buf)));
	ASSERT_EQ(2, sscanf(buf, "%u.%u", &a, &b)) TH_LOG("fw_abi '%s'", buf);
	EXPECT_EQ(info->fw_abi, a << 16 | b);

	ASSERT_EQ(0, sysfs_line(self->e.sysdev, "fw_state", buf, sizeof(buf)));
	ASSERT_LT(info->fw_state, 5);
	EXPECT_STREQ(states[info->fw_state], buf);

	ASSERT_EQ(0, sysfs_line(self->e.sysdev, "fw_error", buf, sizeof(buf)));
	ASSERT_LT(info->fw_error, sizeof(errors) / sizeof(errors[0]));
	EXPECT_STREQ(errors[info->fw_error], buf);

	ASSERT_EQ(0, sysfs_line(self->e.sysdev, "serial", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%016llx", (unsigned long long)info->serial);
	EXPECT_STREQ(want, buf);

	ASSERT_EQ(0, sysfs_line(self->e.sysdev, "reset_count", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%u", info->reset_count);
	EXPECT_STREQ(want, buf);
}

/* ------------------------------------------------------------------ */
/* DRM_IOCTL_WSE_FW_LOAD                                               */
/* ------------------------------------------------------------------ */

/* The device's state after a load the driver refused: nothing changed. */
static void expect_untouched(struct __test_metadata *_metadata, const struct env *e)
{
	struct drm_wse_kernel_info k[4];
	struct drm_wse_device_info now;

	ASSERT_EQ(0, wse_device_info(e->fd, &now));
	EXPECT_EQ(DRM_WSE_FW_STATE_READY, now.fw_state);
	EXPECT_EQ(WSE_FW_ERR_NONE, now.fw_error);
	EXPECT_EQ(e->info.fw_version, now.fw_version);
	EXPECT_EQ(e->info.reset_count, now.reset_count) TH_LOG("the device was reset");
	EXPECT_LT(0, kernels(e->fd, k, 4));
}

TEST_F(fw, load_needs_cap_sys_admin)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* The file stays open across the drop, as a leaked fd would. */
		if (wse_become(NOBODY, NOBODY))
			_exit(2);
		if (fw_load(self->e.fd, self->e.good, self->e.good_size, 0) != -EPERM)
			_exit(3);
		/* Before anything else is looked at. */
		if (fw_load(self->e.fd, NULL, 1u << 30, 7) != -EPERM)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("2: could not drop privileges, 3: good image not EPERM, 4: bad args not EPERM");
	expect_untouched(_metadata, &self->e);
}

TEST_F(fw, load_rejects_bad_arguments)
{
	void *none;

	EXPECT_EQ(-EINVAL, fw_load(self->e.fd, self->e.good, self->e.good_size, 1));
	EXPECT_EQ(-EINVAL, fw_load(self->e.fd, self->e.good, self->e.good_size, 1u << 31));
	EXPECT_EQ(-E2BIG, fw_load(self->e.fd, self->e.good, WSE_FW_MAX_SIZE + 1, 0));
	EXPECT_EQ(-E2BIG, fw_load(self->e.fd, self->e.good, UINT32_MAX, 0));
	EXPECT_EQ(-EINVAL, fw_load(self->e.fd, self->e.good, 0, 0));
	EXPECT_EQ(-EFAULT, fw_load(self->e.fd, NULL, self->e.good_size, 0));
	none = mmap(NULL, WSE_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	EXPECT_EQ(-EFAULT, fw_load(self->e.fd, none, WSE_PAGE, 0));
	munmap(none, WSE_PAGE);
	EXPECT_EQ(-EFAULT, wse_ioctl(self->e.fd, DRM_IOCTL_WSE_FW_LOAD, NULL));
	expect_untouched(_metadata, &self->e);
}

/*
 * Replacing running firmware goes through a device reset: the reset count
 * grows, fabric memory reads zero afterwards, and the queues work again.
 */
TEST_F(fw, reload_resets_the_device)
{
	const unsigned int w = 4, h = 4, elems = 64;
	const __u64 bytes = wse_array_bytes(w, h, elems, 0);
	struct drm_wse_device_info now;
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd cmd;
	struct wse_bo bo;
	void *ref;

	ASSERT_EQ(0, wse_ctx_create(self->e.fd, w, h, elems * 4, &ctx));
	ASSERT_EQ(0, wse_bo_create(self->e.fd, bytes, &bo));
	wse_pattern(bo.map, bytes, 7);
	cmd = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, w, h, elems, 0);
	ASSERT_EQ(0, wse_run(self->e.fd, ctx.ctx_id, &cmd, 1, &bo.handle, 1));

	ASSERT_EQ(0, fw_load(self->e.fd, self->e.good, self->e.good_size, 0));
	ASSERT_EQ(0, wse_device_info(self->e.fd, &now));
	EXPECT_EQ(DRM_WSE_FW_STATE_READY, now.fw_state);
	EXPECT_EQ(self->e.info.reset_count + 1, now.reset_count);
	EXPECT_TRUE(klog_has(self->e.tag, "running"));

	/*
	 * The context survives, and so does what it had in the fabric: a
	 * reset keeps SRAM (hardware spec 1.1).
	 */
	memset(bo.map, 0, bytes);
	cmd = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, w, h, elems, 0);
	ASSERT_EQ(0, wse_run(self->e.fd, ctx.ctx_id, &cmd, 1, &bo.handle, 1));
	ref = malloc(bytes);
	ASSERT_NE(NULL, ref);
	wse_pattern(ref, bytes, 7);
	EXPECT_EQ(-1, wse_first_diff(bo.map, ref, bytes));
	free(ref);
	wse_bo_free(self->e.fd, &bo, 1);
	EXPECT_EQ(0, wse_ctx_destroy(self->e.fd, ctx.ctx_id));
	EXPECT_EQ(0, dma_round_trip(self->e.fd, 8));
}

/* After a refusal by the device: no firmware, but DMA still works. */
static void expect_device_refused(struct __test_metadata *_metadata, const struct env *e,
				  __u32 fw_error, const char *word, __u32 resets)
{
	struct drm_wse_kernel_info k[4];
	struct drm_wse_device_info now;
	char buf[64];

	ASSERT_EQ(0, wse_device_info(e->fd, &now));
	EXPECT_EQ(DRM_WSE_FW_STATE_FAILED, now.fw_state);
	EXPECT_EQ(fw_error, now.fw_error);
	EXPECT_EQ(0, now.fw_version);
	EXPECT_EQ(0, now.fw_abi);
	EXPECT_FALSE(now.status & WSE_STATUS_FW_READY);
	EXPECT_EQ(e->info.reset_count + resets, now.reset_count);
	EXPECT_EQ(0, kernels(e->fd, k, 4)) TH_LOG("kernels listed without firmware");
	ASSERT_EQ(0, sysfs_line(e->sysdev, "fw_state", buf, sizeof(buf)));
	EXPECT_STREQ("failed", buf);
	ASSERT_EQ(0, sysfs_line(e->sysdev, "fw_error", buf, sizeof(buf)));
	EXPECT_STREQ(word, buf);
	ASSERT_EQ(0, sysfs_line(e->sysdev, "fw_version", buf, sizeof(buf)));
	EXPECT_STREQ("0.0.0", buf);
	EXPECT_TRUE(klog_has(e->tag, word)) TH_LOG("no log line naming '%s' and '%s'", e->tag, word);
	EXPECT_EQ(0, dma_round_trip(e->fd, fw_error));
}

/* A content byte changed: only the digest tells, and only the device checks it. */
static unsigned char *corrupt_copy(const struct env *e)
{
	unsigned char *img = malloc(e->good_size);
	struct wse_fw_section *notes;
	size_t at;

	if (!img)
		return NULL;
	memcpy(img, e->good, e->good_size);
	notes = section(img, WSE_FW_SECT_NOTES);
	if (notes && le32toh(notes->size))
		at = le32toh(notes->offset);
	else
		at = offsetof(struct wse_fw_header, sha256);
	img[at] ^= 0x20;
	return img;
}

TEST_F(fw, device_refuses_a_corrupt_image)
{
	unsigned char *bad = corrupt_copy(&self->e);

	ASSERT_NE(NULL, bad);
	EXPECT_EQ(-EIO, fw_load(self->e.fd, bad, self->e.good_size, 0));
	expect_device_refused(_metadata, &self->e, WSE_FW_ERR_BAD_HASH, "bad_hash", 1);
	free(bad);
}

TEST_F(fw, device_refuses_an_unsigned_image)
{
	unsigned char *img;
	size_t size;

	img = slurp(FW_UNSIGNED, &size);
	if (!img)
		SKIP(return, "%s not installed (firmware/ builds it)", FW_UNSIGNED);
	EXPECT_EQ(-EIO, fw_load(self->e.fd, img, size, 0));
	expect_device_refused(_metadata, &self->e, WSE_FW_ERR_UNSIGNED, "unsigned", 1);
	free(img);
}

TEST_F(fw, good_image_loads_after_bad_ones)
{
	struct drm_wse_kernel_info k[WSE_FW_MAX_KERNELS];
	unsigned char *bad = corrupt_copy(&self->e);
	struct drm_wse_device_info now;
	char buf[64];

	ASSERT_NE(NULL, bad);
	ASSERT_EQ(-EIO, fw_load(self->e.fd, bad, self->e.good_size, 0));
	/* FAILED takes a new image as it is: no second reset. */
	ASSERT_EQ(-EIO, fw_load(self->e.fd, bad, self->e.good_size, 0));
	expect_device_refused(_metadata, &self->e, WSE_FW_ERR_BAD_HASH, "bad_hash", 1);
	free(bad);

	ASSERT_EQ(0, fw_load(self->e.fd, self->e.good, self->e.good_size, 0));
	ASSERT_EQ(0, wse_device_info(self->e.fd, &now));
	EXPECT_EQ(DRM_WSE_FW_STATE_READY, now.fw_state);
	EXPECT_EQ(WSE_FW_ERR_NONE, now.fw_error);
	EXPECT_EQ(self->e.info.fw_version, now.fw_version);
	EXPECT_EQ(self->e.info.reset_count + 1, now.reset_count);
	EXPECT_EQ((int)le32toh(ktable(self->e.good)->count),
		  kernels(self->e.fd, k, WSE_FW_MAX_KERNELS));
	ASSERT_EQ(0, sysfs_line(self->e.sysdev, "fw_error", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	EXPECT_EQ(0, dma_round_trip(self->e.fd, 99));
}

/*
 * A load while a job is in flight is refused and changes nothing; the
 * same load right after WAIT has seen the job finish goes through.
 */
TEST_F_TIMEOUT(fw, load_is_busy_while_jobs_run, 120)
{
	static struct drm_wse_cmd cmds[DRM_WSE_MAX_CMDS];
	const unsigned int w = 16, h = 12, sram = 16384;
	unsigned int i, n = DRM_WSE_MAX_CMDS;
	struct drm_wse_ctx_create ctx;
	struct drm_wse_wait wt;
	__u64 seqno;
	int inj;

	if (self->e.info.log_width < w || self->e.info.log_height < h)
		SKIP(return, "device smaller than %ux%u", w, h);
	ASSERT_EQ(0, wse_ctx_create(self->e.fd, w, h, sram, &ctx));
	/*
	 * The load must come while the job runs. With the fault agent the
	 * device holds each completion back for 200 ms, so a few commands
	 * are certain to outlast the ioctl; without it, GiBs of fills make
	 * it very likely.
	 */
	inj = wse_inject_open();
	if (inj >= 0) {
		ASSERT_EQ(0, wse_inject_set(inj, "inject-slow-us", "200000"));
		n = 4;
	}
	for (i = 0; i < n; i++)
		cmds[i] = wse_cmd_fill(0, 0, w, h, 0, sram, i);
	ASSERT_EQ(0, wse_submit(self->e.fd, ctx.ctx_id, cmds, n, NULL, 0, NULL, &seqno));
	EXPECT_EQ(-EBUSY, fw_load(self->e.fd, self->e.good, self->e.good_size, 0));
	if (inj >= 0) {
		ASSERT_EQ(0, wse_inject_set(inj, "inject-slow-us", "0"));
		close(inj);
	}
	ASSERT_EQ(0, wse_wait(self->e.fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &wt));
	EXPECT_EQ(0, wt.status);
	EXPECT_EQ(0, fw_load(self->e.fd, self->e.good, self->e.good_size, 0));
	EXPECT_EQ(0, wse_ctx_destroy(self->e.fd, ctx.ctx_id));
}

/* ------------------------------------------------------------------ */
/* DRM_WSE_CMD_LAUNCH                                                  */
/* ------------------------------------------------------------------ */

TEST_F(fw, launch_without_firmware_is_enoexec)
{
	static struct drm_wse_kernel_info k[WSE_FW_MAX_KERNELS];
	const struct drm_wse_kernel_info *add;
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd cmd, nop = { .opcode = DRM_WSE_CMD_NOP };
	unsigned char *bad = corrupt_copy(&self->e);
	__u32 args[5] = { WSE_FW_DTYPE_F32, 16, 0, 64, 128 };
	int n;

	n = kernels(self->e.fd, k, WSE_FW_MAX_KERNELS);
	add = kernel_named(k, n, "add");
	ASSERT_NE(NULL, add) TH_LOG("the shipped firmware has no 'add' kernel");
	ASSERT_EQ(0, wse_ctx_create(self->e.fd, CTX_W, CTX_H, CTX_SRAM, &ctx));
	cmd = wse_cmd_launch(add->id, 0, 0, 2, 2, 5, args);

	ASSERT_NE(NULL, bad);
	ASSERT_EQ(-EIO, fw_load(self->e.fd, bad, self->e.good_size, 0));
	free(bad);
	EXPECT_EQ(-ENOEXEC, wse_submit(self->e.fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL, NULL));
	/* A malformed packet is still EINVAL first. */
	cmd.launch.nargs = 17;
	EXPECT_EQ(-EINVAL, wse_submit(self->e.fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL, NULL));
	/* Commands that need no firmware still run. */
	EXPECT_EQ(0, wse_run(self->e.fd, ctx.ctx_id, &nop, 1, NULL, 0));
	EXPECT_EQ(0, wse_ctx_destroy(self->e.fd, ctx.ctx_id));
}

struct bad_launch {
	const char *what;
	int err;
	const char *kernel;
	__u32 nargs;
	__u32 args[17];
	__u16 x, y, w, h;
	__u32 flags;
	__u32 tail;		/* written to the last raw word */
};

#define F32		WSE_FW_DTYPE_F32
#define QNAN		0x7fc00000u
#define PINF		0x7f800000u

/* A launch of @k on (x, y, w, h) with arguments ..., to be refused with @e. */
#define BADL(w_, e, k, n, x_, y_, wd, ht, ...)					\
	{ .what = w_, .err = e, .kernel = k, .nargs = n, .x = x_, .y = y_,	\
	  .w = wd, .h = ht, .args = { __VA_ARGS__ } }

static const struct bad_launch bad_launches[] = {
	BADL("unknown kernel id", ENOENT, NULL, 5, 0, 0, 2, 2, F32, 16, 0, 64, 128),
	BADL("too few arguments", EINVAL, "add", 4, 0, 0, 2, 2, F32, 16, 0, 64),
	BADL("too many arguments", EINVAL, "add", 6, 0, 0, 2, 2, F32, 16, 0, 64, 128, 0),
	BADL("nargs above 16", EINVAL, "add", 17, 0, 0, 2, 2, F32, 16, 0, 64, 128),
	BADL("argument past nargs", EINVAL, "add", 5, 0, 0, 2, 2, F32, 16, 0, 64, 128, 1),
	BADL("zero width", EINVAL, "add", 5, 0, 0, 0, 2, F32, 16, 0, 64, 128),
	BADL("zero height", EINVAL, "add", 5, 0, 0, 2, 0, F32, 16, 0, 64, 128),
	BADL("unknown dtype", EINVAL, "add", 5, 0, 0, 2, 2, 7, 16, 0, 64, 128),
	BADL("huge dtype", EINVAL, "add", 5, 0, 0, 2, 2, 0xffffffff, 16, 0, 64, 128),
	BADL("count zero", EINVAL, "add", 5, 0, 0, 2, 2, F32, 0, 0, 64, 128),
	BADL("count above 65536", EINVAL, "add", 5, 0, 0, 2, 2, F32, 65537, 0, 64, 128),
	BADL("offset not element aligned", EINVAL, "add", 5, 0, 0, 2, 2, F32, 16, 2, 64, 128),
	BADL("alpha NaN", EINVAL, "axpy", 5, 0, 0, 2, 2, F32, 16, QNAN, 0, 64),
	BADL("alpha infinite", EINVAL, "axpy", 5, 0, 0, 2, 2, F32, 16, PINF, 0, 64),
	BADL("rectangle past the context", EACCES, "add", 5, CTX_W - 1, 0, 2, 2,
	     F32, 16, 0, 64, 128),
	BADL("rectangle below the context", EACCES, "add", 5, 0, CTX_H, 1, 1,
	     F32, 16, 0, 64, 128),
	BADL("offset at the end of the range", EACCES, "add", 5, 0, 0, 2, 2,
	     F32, 16, 0, 64, CTX_SRAM),
	BADL("offset far outside", EACCES, "add", 5, 0, 0, 2, 2, F32, 16, 0, 0xfffffff0, 128),
	{ .what = "flags", .err = EINVAL, .kernel = "add", .nargs = 5, .w = 2, .h = 2,
	  .args = { F32, 16, 0, 64, 128 }, .flags = 1 },
	{ .what = "reserved tail", .err = EINVAL, .kernel = "add", .nargs = 5, .w = 2, .h = 2,
	  .args = { F32, 16, 0, 64, 128 }, .tail = 1 },
};

/*
 * Buffers that start inside the context's SRAM range but reach past it:
 * only the device knows a kernel's layout, so SUBMIT accepts them and the
 * device refuses them against the launch's SRAM window, which the driver
 * sets to the context's range.
 */
static const struct bad_launch past_window[] = {
	BADL("buffer ends past the range", 0, "add", 5, 0, 0, 2, 2,
	     F32, 16, 0, 64, CTX_SRAM - 32),
	BADL("f16 buffer ends past the range", 0, "add", 5, 0, 0, 2, 2,
	     1, 16, 0, 64, CTX_SRAM - 16),
	BADL("gemm block past the range", 0, "gemm", 9, 0, 0, 2, 2,
	     F32, 32, 32, 32, 0, 4096, CTX_SRAM - 2048, 0x3f800000, 0),
	BADL("stencil output past the range", 0, "stencil5", 10, 0, 0, 2, 2,
	     F32, 16, 16, 0, CTX_SRAM - 1020, 0, 0, 0, 0, 0),
};

TEST_F(fw, launch_confined_to_sram_window)
{
	static struct drm_wse_kernel_info k[WSE_FW_MAX_KERNELS];
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd cmd;
	struct drm_wse_wait wt;
	__u64 seqno;
	size_t i;
	int n;

	n = kernels(self->e.fd, k, WSE_FW_MAX_KERNELS);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, wse_ctx_create(self->e.fd, CTX_W, CTX_H, CTX_SRAM, &ctx));
	for (i = 0; i < sizeof(past_window) / sizeof(past_window[0]); i++) {
		const struct bad_launch *b = &past_window[i];
		const struct drm_wse_kernel_info *ki = kernel_named(k, n, b->kernel);

		ASSERT_NE(NULL, ki) TH_LOG("no kernel %s", b->kernel);
		cmd = wse_cmd_launch(ki->id, b->x, b->y, b->w, b->h, b->nargs, b->args);
		ASSERT_EQ(0, wse_submit(self->e.fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL,
					&seqno)) TH_LOG("%s", b->what);
		ASSERT_EQ(0, wse_wait(self->e.fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &wt));
		EXPECT_EQ(WSE_STS_FABRIC_RANGE, wt.status)
			TH_LOG("%s: device status %u", b->what, wt.status);
		EXPECT_EQ(0, wt.failed_cmd);
	}
	EXPECT_EQ(0, wse_ctx_destroy(self->e.fd, ctx.ctx_id));
}

TEST_F(fw, launch_checks)
{
	static struct drm_wse_kernel_info k[WSE_FW_MAX_KERNELS];
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd cmd;
	struct drm_wse_wait wt;
	__u32 ok_args[5] = { F32, 16, 0, 64, 128 };
	__u32 max_id = 0;
	__u64 seqno;
	size_t i;
	int n, j;

	n = kernels(self->e.fd, k, WSE_FW_MAX_KERNELS);
	ASSERT_LT(0, n);
	for (j = 0; j < n; j++)
		max_id = k[j].id > max_id ? k[j].id : max_id;
	ASSERT_NE(NULL, kernel_named(k, n, "add"));
	ASSERT_NE(NULL, kernel_named(k, n, "axpy"));
	ASSERT_NE(NULL, kernel_named(k, n, "gemm"));
	ASSERT_NE(NULL, kernel_named(k, n, "stencil5"));
	ASSERT_EQ(0, wse_ctx_create(self->e.fd, CTX_W, CTX_H, CTX_SRAM, &ctx));

	for (i = 0; i < sizeof(bad_launches) / sizeof(bad_launches[0]); i++) {
		const struct bad_launch *b = &bad_launches[i];
		__u32 id = b->kernel ? kernel_named(k, n, b->kernel)->id : max_id + 1000;

		cmd = wse_cmd_launch(id, b->x, b->y, b->w, b->h, b->nargs, b->args);
		/* All sixteen words, to reach the ones past nargs. */
		memcpy(cmd.launch.args, b->args, sizeof(cmd.launch.args));
		cmd.flags = b->flags;
		cmd.raw[14] = b->tail;
		EXPECT_EQ(-b->err, wse_submit(self->e.fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL,
					      NULL))
			TH_LOG("%s", b->what);
	}

	/* The same launch, well-formed, is accepted and completes. */
	cmd = wse_cmd_launch(kernel_named(k, n, "add")->id, CTX_W - 2, CTX_H - 2, 2, 2, 5, ok_args);
	ASSERT_EQ(0, wse_submit(self->e.fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->e.fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &wt));
	EXPECT_EQ(0, wt.status) TH_LOG("device status %u", wt.status);

	/* So is one whose buffer ends exactly at the end of the range. */
	ok_args[4] = CTX_SRAM - 16 * 4;
	cmd = wse_cmd_launch(kernel_named(k, n, "add")->id, 0, 0, CTX_W, CTX_H, 5, ok_args);
	ASSERT_EQ(0, wse_submit(self->e.fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->e.fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &wt));
	EXPECT_EQ(0, wt.status) TH_LOG("device status %u", wt.status);

	/* What only the device checks comes back as a job status. */
	cmd = wse_cmd_launch(kernel_named(k, n, "gemm")->id, 0, 0, 2, 1, 9,
		     (const __u32[]){ F32, 4, 4, 4, 0, 64, 128, 0x3f800000, 0 });
	ASSERT_EQ(0, wse_submit(self->e.fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->e.fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &wt));
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wt.status) TH_LOG("non-square gemm: status %u", wt.status);
	EXPECT_EQ(0, wt.failed_cmd);
	EXPECT_EQ(0, wse_ctx_destroy(self->e.fd, ctx.ctx_id));
}

/*
 * z = x + y on every PE of a context, data in and out by DMA, checked
 * element by element; the launch's device time shows in WAIT.
 */
TEST_F_TIMEOUT(fw, launch_add_end_to_end, 120)
{
	static struct drm_wse_kernel_info k[WSE_FW_MAX_KERNELS];
	const unsigned int w = 4, h = 3, elems = 1024;
	const __u64 bytes = wse_array_bytes(w, h, elems, 0);
	const __u32 xo = 0, yo = elems * 4, zo = 2 * elems * 4;
	const struct drm_wse_kernel_info *add;
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd cmds[4];
	struct drm_wse_wait wt;
	struct wse_bo in, out;
	float *x, *y, *z;
	__u32 args[5], bos[2];
	__u64 seqno, i;
	int n;

	n = kernels(self->e.fd, k, WSE_FW_MAX_KERNELS);
	add = kernel_named(k, n, "add");
	ASSERT_NE(NULL, add);
	ASSERT_TRUE(add->dtypes & WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32));
	ASSERT_EQ(0, wse_ctx_create(self->e.fd, w, h, 3 * elems * 4, &ctx));
	ASSERT_EQ(0, wse_bo_create(self->e.fd, 2 * bytes, &in));
	ASSERT_EQ(0, wse_bo_create(self->e.fd, bytes, &out));
	x = in.map;
	y = (float *)((char *)in.map + bytes);
	z = out.map;
	for (i = 0; i < bytes / 4; i++) {
		x[i] = (float)(i % 1000);
		y[i] = 0.5f * (float)(i % 777);
	}

	args[0] = WSE_FW_DTYPE_F32;
	args[1] = elems;
	args[2] = xo;
	args[3] = yo;
	args[4] = zo;
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, w, h, elems, xo);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, bytes, 0, 0, w, h, elems, yo);
	cmds[2] = wse_cmd_launch(add->id, 0, 0, w, h, 5, args);
	cmds[3] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, 0, 0, w, h, elems, zo);
	bos[0] = in.handle;
	bos[1] = out.handle;
	ASSERT_EQ(0, wse_submit(self->e.fd, ctx.ctx_id, cmds, 4, bos, 2, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->e.fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &wt));
	ASSERT_EQ(0, wt.status) TH_LOG("command %u failed with device status %u",
				       wt.failed_cmd, wt.status);
	for (i = 0; i < bytes / 4; i++)
		if (z[i] != x[i] + y[i])
			break;
	EXPECT_EQ(bytes / 4, i) TH_LOG("element %llu: %g + %g gave %g", (unsigned long long)i,
				       x[i], y[i], z[i]);

	/* A job of just the launch: its device time is the launch's. */
	ASSERT_EQ(0, wse_submit(self->e.fd, ctx.ctx_id, &cmds[2], 1, NULL, 0, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->e.fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &wt));
	EXPECT_EQ(0, wt.status);
	EXPECT_LT(0, wt.device_time_ns) TH_LOG("a launch reported no device time");

	wse_bo_free(self->e.fd, &in, 1);
	wse_bo_free(self->e.fd, &out, 1);
	EXPECT_EQ(0, wse_ctx_destroy(self->e.fd, ctx.ctx_id));
}

/* ------------------------------------------------------------------ */
/* Images the driver refuses itself: the running firmware stays        */
/* ------------------------------------------------------------------ */

FIXTURE(refused) {
	struct env e;
};

FIXTURE_VARIANT(refused) {
	/* Change the copy at @img (room for 64 more bytes), or its size. */
	void (*mutate)(unsigned char *img, size_t *size);
	const char *why;	/* in the driver's log line */
};

FIXTURE_SETUP(refused)
{
	int ret = env_open(&self->e);

	ASSERT_EQ(0, ret) TH_LOG("set-up (%s): %s", FW_GOOD, strerror(-ret));
	ASSERT_EQ(DRM_WSE_FW_STATE_READY, self->e.info.fw_state);
}

FIXTURE_TEARDOWN(refused)
{
	env_close(&self->e);
}

#define REFUSED(name, reason, ...)						\
	static void mutate_##name(unsigned char *img, size_t *size)		\
	{									\
		struct wse_fw_header *h = hdr(img);				\
		(void)h; (void)size;						\
		__VA_ARGS__;							\
	}									\
	FIXTURE_VARIANT_ADD(refused, name) { .mutate = mutate_##name, .why = reason }

REFUSED(truncated_header, "truncated", *size = WSE_FW_HEADER_SIZE - 1);
REFUSED(truncated_image, "truncated", *size -= 8);
REFUSED(trailing_bytes, "bad format", *size += 8);
REFUSED(bad_magic, "bad magic", h->magic ^= htole32(0x01000000));
REFUSED(format_major, "bad format", h->format_major = htole16(WSE_FW_FORMAT_MAJOR + 1));
REFUSED(header_size, "bad format", h->header_size = htole32(WSE_FW_HEADER_SIZE + 8));
REFUSED(abi_major, "incompatible ABI",
	h->fw_abi = htole32(WSE_FW_ABI(WSE_FW_ABI_MAJOR + 1, 0)));
REFUSED(abi_minor_too_new, "incompatible ABI",
	h->fw_abi = htole32(WSE_FW_ABI(WSE_FW_ABI_MAJOR, WSE_FW_ABI_MINOR + 1)));
REFUSED(hw_spec_major, "incompatible ABI",
	h->hw_spec = htole32(WSE_FW_ABI(WSE_HW_SPEC_MAJOR + 1, 0)));
REFUSED(generation, "incompatible ABI", h->generation = htole32(le32toh(h->generation) + 1));
REFUSED(section_table_outside, "bad format", h->section_offset = h->image_size);
REFUSED(section_outside, "bad format",
	section(img, WSE_FW_SECT_KERNELS)->size = htole32(le32toh(h->image_size)));
REFUSED(no_kernel_section, "bad format",
	section(img, WSE_FW_SECT_KERNELS)->type = htole32(200));
REFUSED(kernel_signature, "bad format", ktable(img)->entries[0].signature[0] = 'z');
REFUSED(kernel_name, "bad format", ktable(img)->entries[0].name[0] = 'A');
REFUSED(kernel_ids_clash, "bad format",
	ktable(img)->entries[1].id = ktable(img)->entries[0].id);

TEST_F(refused, by_the_driver_and_firmware_keeps_running)
{
	unsigned char *img = malloc(self->e.good_size + 64);
	size_t size = self->e.good_size;

	ASSERT_NE(NULL, img);
	memset(img, 0, self->e.good_size + 64);
	memcpy(img, self->e.good, self->e.good_size);
	variant->mutate(img, &size);
	EXPECT_EQ(-EINVAL, fw_load(self->e.fd, img, size, 0));
	free(img);
	expect_untouched(_metadata, &self->e);
	EXPECT_TRUE(klog_has(self->e.tag, variant->why))
		TH_LOG("no log line naming '%s' and '%s'", self->e.tag, variant->why);
	EXPECT_EQ(0, dma_round_trip(self->e.fd, 5));
}

/* ------------------------------------------------------------------ */
/* Probe without a firmware file                                       */
/* ------------------------------------------------------------------ */

FIXTURE(reprobe) {
	int reloaded;
	char pcidev[PATH_MAX];
};

FIXTURE_SETUP(reprobe)
{
	char node[PATH_MAX], sysdev[PATH_MAX];

	ASSERT_EQ(0, wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)));
	ASSERT_NE(NULL, realpath(sysdev, self->pcidev));
}

/* Whatever happened, leave the driver loaded as modprobe loads it. */
FIXTURE_TEARDOWN(reprobe)
{
	if (self->reloaded && system("rmmod wse; modprobe wse"))
		TH_LOG("could not load wse again");
}

TEST_F_TIMEOUT(reprobe, missing_firmware_file_is_not_fatal, 120)
{
	static struct drm_wse_kernel_info k[WSE_FW_MAX_KERNELS];
	struct drm_wse_device_info info;
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd cmd;
	__u32 args[5] = { F32, 16, 0, 64, 128 };
	char path[PATH_MAX + 16];
	unsigned char *good;
	size_t size;
	int fd, n;

	good = slurp(FW_GOOD, &size);
	ASSERT_NE(NULL, good);
	if (system("rmmod wse 2>/dev/null"))
		SKIP(return, "wse cannot be unloaded here");
	self->reloaded = 1;
	/* The attributes belong to the driver: gone while it is unbound. */
	snprintf(path, sizeof(path), "%s/fw_state", self->pcidev);
	EXPECT_NE(0, access(path, F_OK));

	ASSERT_EQ(0, system("modprobe wse firmware=wse/no-such-image.bin"));
	EXPECT_TRUE(klog_has("wse/no-such-image.bin", "not loaded"));
	fd = wse_open();
	ASSERT_LE(0, fd) TH_LOG("no node after a probe without firmware");
	ASSERT_EQ(0, wse_device_info(fd, &info));
	EXPECT_EQ(DRM_WSE_FW_STATE_WAIT, info.fw_state);
	EXPECT_EQ(0, kernels(fd, k, WSE_FW_MAX_KERNELS));
	EXPECT_EQ(0, access(path, F_OK));

	ASSERT_EQ(0, wse_ctx_create(fd, CTX_W, CTX_H, CTX_SRAM, &ctx));
	cmd = wse_cmd_launch(1, 0, 0, 1, 1, 5, args);
	EXPECT_EQ(-ENOEXEC, wse_submit(fd, ctx.ctx_id, &cmd, 1, NULL, 0, NULL, NULL));
	EXPECT_EQ(0, dma_round_trip(fd, 3));

	/* An administrator loads it by hand, no reload needed. */
	ASSERT_EQ(0, fw_load(fd, good, size, 0));
	ASSERT_EQ(0, wse_device_info(fd, &info));
	EXPECT_EQ(DRM_WSE_FW_STATE_READY, info.fw_state);
	n = kernels(fd, k, WSE_FW_MAX_KERNELS);
	EXPECT_LT(0, n);
	EXPECT_EQ(0, wse_ctx_destroy(fd, ctx.ctx_id));
	close(fd);
	free(good);
}

TEST_HARNESS_MAIN
