// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DRM unplug contract, through every way a device can go away under
 * open files: driver unbind, PCI remove and rescan, and a hot-unplug of
 * the slot by the emulator (pciehp). While a file is open on a vanished
 * device its ioctls fail with ENODEV, the fences of its pending jobs
 * signal with an error, and its mappings and dma-bufs keep their memory
 * until the last of them goes. The device works again once it is back.
 *
 * Jobs are kept pending across the unplug by slowing the device's
 * completions through the fault-injection agent (wse_inject.h); without
 * the agent these tests skip.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sync_file.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_inject.h"
#include "wse_load.h"
#include "wse_test_util.h"

#define NJOBS		6
#define ELEMS		WSE_LOAD_ELEMS	/* per PE */
#define RECT_W		WSE_LOAD_W
#define RECT_H		WSE_LOAD_H
#define BYTES		WSE_LOAD_BYTES
#define CYCLES		4		/* remove/rescan and unbind/bind rounds */
#define BACK_NS		(30ull * 1000 * 1000 * 1000)

/* PCI address (0000:01:00.0) of the first wse device, from its node. */
static int wse_bdf(char *bdf, size_t len)
{
	char node[PATH_MAX], sysdev[PATH_MAX], target[PATH_MAX];
	const char *base;

	if (wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)) ||
	    !realpath(sysdev, target))
		return -1;
	base = strrchr(target, '/');
	return snprintf(bdf, len, "%s", base ? base + 1 : target) < (int)len ? 0 : -1;
}

/*
 * Wait for a wse node to exist (@present) or not. The kernel publishes and
 * withdraws nodes asynchronously to these writes (pciehp, rescan), so the
 * test polls the condition itself, with a deadline.
 */
static int wait_node(int present)
{
	char node[PATH_MAX], sysdev[PATH_MAX];
	__s64 end = wse_now_ns() + BACK_NS;

	do {
		int found = !wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)) &&
			    !access(node, R_OK | W_OK);

		if (found == present)
			return 0;
		usleep(20000);
	} while (wse_now_ns() < end);
	return -ETIMEDOUT;
}

static int roundtrip(int fd, __u32 ctx_id, struct wse_bo *bo, __u64 seed)
{
	return wse_load_roundtrip(fd, ctx_id, bo->map, bo->handle, seed);
}

/* A sync_file of the fence @syncobj holds; it outlives the DRM device. */
static int export_sync_file(int fd, __u32 syncobj)
{
	struct drm_syncobj_handle h = {
		.handle = syncobj,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};
	int ret = wse_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);

	return ret ? ret : h.fd;
}

/* 1 signalled fine, < 0 signalled with that error, 0 still pending. */
static int sync_file_status(int sf)
{
	struct sync_file_info info = { 0 };

	if (ioctl(sf, SYNC_IOC_FILE_INFO, &info))
		return -1000 - errno;
	return info.status;
}

struct waiter {
	int fd;
	__u32 ctx_id;
	__u64 seqno;
	int ret;
	struct drm_wse_wait out;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->ret = wse_wait(w->fd, w->ctx_id, w->seqno, BACK_NS, &w->out);
	return NULL;
}

FIXTURE(unplug) {
	int inj;
	char bdf[64];
};

#define DRV	"/sys/bus/pci/drivers/wse"


FIXTURE_SETUP(unplug)
{
	self->inj = -1;
	if (getuid())
		SKIP(return, "needs root to unbind and rescan");
	ASSERT_EQ(0, wse_bdf(self->bdf, sizeof(self->bdf)));
	self->inj = wse_inject_open();
	if (self->inj < 0)
		SKIP(return, "no fault-injection agent (run-vm.sh --fault-agent)");
}

FIXTURE_TEARDOWN(unplug)
{
	char path[PATH_MAX];

	if (self->inj < 0)
		return;
	/* Leave the device present, bound and fast for the tests after this. */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", self->bdf);
	if (access(path, F_OK)) {
		wse_inject(self->inj, "plug", NULL, 0);
		wse_write_str("/sys/bus/pci/rescan", "1");
	}
	snprintf(path, sizeof(path), DRV "/%s", self->bdf);
	if (access(path, F_OK))
		wse_write_str(DRV "/bind", self->bdf);
	wait_node(1);
	wse_inject_set(self->inj, "inject-slow-us", "0");
	close(self->inj);
}

/*
 * The heart of the contract: an open file with pending jobs, a mapping, a
 * dma-buf and a waiter asleep in WAIT, across an unbind.
 */
static void unplug_open_file(struct __test_metadata *_metadata, int inj, int survives,
			     int (*unplug)(void *), int (*replug)(void *), void *arg)
{
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd c[2];
	struct wse_submit_extra x = { 0 };
	struct drm_wse_query q = { .query = DRM_WSE_QUERY_DEVICE_INFO };
	struct drm_wse_device_info info;
	struct waiter w = { 0 };
	struct wse_bo bo, bo2;
	__u32 syncobj[NJOBS];
	int sf[NJOBS], dmabuf, fd, fd2, i, errors = 0;
	pthread_t th;
	void *dmamap;
	__u64 seqno;

	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_ctx_create(fd, RECT_W, RECT_H, 4 * ELEMS, &ctx));
	ASSERT_EQ(0, wse_bo_create(fd, 2 * BYTES, &bo));
	ASSERT_EQ(0, roundtrip(fd, ctx.ctx_id, &bo, 1));

	/* Memory that must outlive the device: the BO mapping and a dma-buf. */
	wse_pattern(bo.map, BYTES, 42);
	dmabuf = wse_prime_export(fd, bo.handle);
	ASSERT_LE(0, dmabuf);

	/* Jobs that cannot finish before the unplug: completions crawl. */
	ASSERT_EQ(0, wse_inject_set(inj, "inject-slow-us", "200000"));
	c[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, RECT_W, RECT_H, ELEMS, 0);
	c[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, RECT_W, RECT_H, ELEMS, 0);
	for (i = 0; i < NJOBS; i++) {
		ASSERT_EQ(0, wse_syncobj_create(fd, 0, &syncobj[i]));
		x.out_syncobj = syncobj[i];
		ASSERT_EQ(0, wse_submit(fd, ctx.ctx_id, c, 2, &bo.handle, 1, &x, &seqno));
		sf[i] = export_sync_file(fd, syncobj[i]);
		ASSERT_LE(0, sf[i]);
	}
	w.fd = fd;
	w.ctx_id = ctx.ctx_id;
	w.seqno = seqno;
	ASSERT_EQ(0, pthread_create(&th, NULL, wait_thread, &w));

	ASSERT_EQ(0, unplug(arg));
	ASSERT_EQ(0, wait_node(0));

	/* The sleeping WAIT came back: with ENODEV, or the aborted job. */
	ASSERT_EQ(0, pthread_join(th, NULL));
	if (w.ret == 0) {
		EXPECT_EQ(DRM_WSE_JOB_ABORTED, w.out.status);
	} else {
		EXPECT_EQ(-ENODEV, w.ret);
	}

	/* Every fence has signalled; the last jobs with an error. */
	for (i = 0; i < NJOBS; i++) {
		int st = sync_file_status(sf[i]);

		EXPECT_NE(0, st) TH_LOG("job %d: fence still pending after unplug", i);
		if (st < 0)
			errors++;
		close(sf[i]);
	}
	EXPECT_LT(0, errors) TH_LOG("no job failed although completions were slowed");

	/* Every ioctl of the orphaned file says the device is gone. */
	memset(&info, 0, sizeof(info));
	q.size = sizeof(info);
	q.data = (uintptr_t)&info;
	EXPECT_EQ(-ENODEV, wse_ioctl(fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(-ENODEV, wse_submit(fd, ctx.ctx_id, c, 1, &bo.handle, 1, NULL, &seqno));
	EXPECT_EQ(-ENODEV, wse_wait(fd, ctx.ctx_id, seqno, 0, NULL));
	EXPECT_EQ(-ENODEV, wse_bo_create(fd, 4096, &bo2));
	EXPECT_EQ(-ENODEV, wse_ctx_destroy(fd, ctx.ctx_id));

	/* ...while its memory stays: the mapping and the dma-buf still read. */
	wse_pattern((char *)bo.map + BYTES, BYTES, 42);
	EXPECT_EQ(-1, wse_first_diff(bo.map, (char *)bo.map + BYTES, BYTES));
	dmamap = mmap(NULL, bo.size, PROT_READ, MAP_SHARED, dmabuf, 0);
	if (dmamap != MAP_FAILED) {
		EXPECT_EQ(-1, wse_first_diff(dmamap, bo.map, BYTES));
		munmap(dmamap, bo.size);
	}

	/*
	 * Back again: a new file works while the old one is still open. A
	 * device that was unplugged comes back new, without the slow-down.
	 */
	if (survives)
		ASSERT_EQ(0, wse_inject_set(inj, "inject-slow-us", "0"));
	ASSERT_EQ(0, replug(arg));
	ASSERT_EQ(0, wait_node(1));
	fd2 = wse_open();
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, wse_ctx_create(fd2, RECT_W, RECT_H, 4 * ELEMS, &ctx));
	ASSERT_EQ(0, wse_bo_create(fd2, 2 * BYTES, &bo2));
	EXPECT_EQ(0, roundtrip(fd2, ctx.ctx_id, &bo2, 7));
	wse_bo_free(fd2, &bo2, 1);
	close(fd2);

	/* The last references go in this order: fd, mapping, dma-buf. */
	close(fd);
	EXPECT_EQ(-1, wse_first_diff(bo.map, (char *)bo.map + BYTES, BYTES));
	munmap(bo.map, bo.size);
	close(dmabuf);
}

struct sysfs_target {
	char path[PATH_MAX];
	char value[64];
	char back_path[PATH_MAX];
	char back_value[64];
};

static int sysfs_unplug(void *arg)
{
	struct sysfs_target *t = arg;

	return wse_write_str(t->path, t->value);
}

static int sysfs_replug(void *arg)
{
	struct sysfs_target *t = arg;

	return wse_write_str(t->back_path, t->back_value);
}

static int agent_unplug(void *arg)
{
	return wse_inject(*(int *)arg, "unplug", NULL, 0);
}

static int agent_replug(void *arg)
{
	return wse_inject(*(int *)arg, "plug", NULL, 0);
}

TEST_F(unplug, unbind_with_open_file)
{
	struct sysfs_target t;

	snprintf(t.path, sizeof(t.path), DRV "/unbind");
	snprintf(t.value, sizeof(t.value), "%s", self->bdf);
	snprintf(t.back_path, sizeof(t.back_path), DRV "/bind");
	snprintf(t.back_value, sizeof(t.back_value), "%s", self->bdf);
	unplug_open_file(_metadata, self->inj, 1, sysfs_unplug, sysfs_replug, &t);
}

TEST_F(unplug, remove_and_rescan_with_open_file)
{
	struct sysfs_target t;

	snprintf(t.path, sizeof(t.path), "/sys/bus/pci/devices/%s/remove", self->bdf);
	snprintf(t.value, sizeof(t.value), "1");
	snprintf(t.back_path, sizeof(t.back_path), "/sys/bus/pci/rescan");
	snprintf(t.back_value, sizeof(t.back_value), "1");
	unplug_open_file(_metadata, self->inj, 1, sysfs_unplug, sysfs_replug, &t);
}

TEST_F_TIMEOUT(unplug, surprise_hot_unplug_with_open_file, 120)
{
	unplug_open_file(_metadata, self->inj, 0, agent_unplug, agent_replug, &self->inj);
}

/*
 * Remove/rescan and unbind/bind, several rounds each, while two processes
 * move data, as blktests does for NVMe controllers. The clients reopen
 * the device whenever it went; every round trip that succeeds must have
 * moved the right data, and each client must get back to work after
 * every round.
 */
static void churn(struct __test_metadata *_metadata, const char *bdf, int rescan)
{
	char path[PATH_MAX];
	struct wse_load load;
	int i;

	ASSERT_EQ(0, wse_load_start(&load, 2, WSE_LOAD_OK_ENODEV | WSE_LOAD_OK_ABORTED, -1));
	ASSERT_EQ(0, wse_load_wait(&load));
	for (i = 0; i < CYCLES; i++) {
		if (rescan) {
			snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", bdf);
			ASSERT_EQ(0, wse_write_str(path, "1"));
			ASSERT_EQ(0, wait_node(0));
			wse_load_mark(&load);
			ASSERT_EQ(0, wse_write_str("/sys/bus/pci/rescan", "1"));
		} else {
			ASSERT_EQ(0, wse_write_str(DRV "/unbind", bdf));
			ASSERT_EQ(0, wait_node(0));
			wse_load_mark(&load);
			ASSERT_EQ(0, wse_write_str(DRV "/bind", bdf));
		}
		ASSERT_EQ(0, wait_node(1));
		EXPECT_EQ(0, wse_load_wait(&load)) TH_LOG("round %d: clients did not recover", i);
	}
	EXPECT_EQ(0, wse_load_stop(&load))
		TH_LOG("a client saw wrong data or an error other than the device going");
	wse_load_free(&load);
}

TEST_F_TIMEOUT(unplug, remove_rescan_loop_under_load, 180)
{
	churn(_metadata, self->bdf, 1);
}

TEST_F_TIMEOUT(unplug, unbind_bind_loop_under_load, 180)
{
	churn(_metadata, self->bdf, 0);
}

TEST_HARNESS_MAIN
