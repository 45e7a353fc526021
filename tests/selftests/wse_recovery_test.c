// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hang detection and recovery, one injected fault at a time, alone and
 * while other processes move data. For each fault: the guilty job (if
 * there is one) reports its failure within a bounded time, innocent
 * clients keep getting correct data (a job executing when the firmware
 * died may report DRM_WSE_JOB_LOST, never wrong data, never silence), the
 * driver tells userspace with a uevent, and the device works afterwards.
 *
 * Faults come from the emulator through the fault-injection agent
 * (wse_inject.h); without it these tests skip.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_inject.h"
#include "wse_load.h"
#include "wse_test_util.h"
#include "wse_uevent.h"

#define CLIENTS		3
#define JOB_TIMEOUT_MS	"1000"
/* A fault must be reported within this: timeout + heartbeat + reset, slowly. */
#define BOUND_NS	(20ull * 1000 * 1000 * 1000)
#define UEVENT_MS	20000
#define PARAM(p)	"/sys/module/wse/parameters/" p

FIXTURE(recovery) {
	int inj;
	int uevents;
	int fd;				/* the would-be guilty process's file */
	char sysdev[PATH_MAX];
	char pid_kv[64];
	char saved_timeout[32];
	unsigned long resets;
	unsigned long hangs;
};

/* Wait for the driver's `state` attribute to read @want. */
static int wait_state(const char *sysdev, const char *want)
{
	char path[PATH_MAX + 16], st[64];
	__s64 end = wse_now_ns() + BOUND_NS;

	snprintf(path, sizeof(path), "%s/state", sysdev);
	do {
		if (!wse_read_line(path, st, sizeof(st)) && !strcmp(st, want))
			return 0;
		usleep(20000);
	} while (wse_now_ns() < end);
	return -ETIMEDOUT;
}

FIXTURE_SETUP(recovery)
{
	char node[PATH_MAX];

	self->inj = -1;
	self->uevents = -1;
	self->fd = -1;
	if (getuid())
		SKIP(return, "needs root for the module parameters and the agent");
	ASSERT_EQ(0, wse_find_node(node, sizeof(node), self->sysdev, sizeof(self->sysdev)));
	self->inj = wse_inject_open();
	if (self->inj < 0)
		SKIP(return, "no fault-injection agent (run-vm.sh --fault-agent)");
	ASSERT_EQ(0, wse_read_line(PARAM("job_timeout_ms"), self->saved_timeout,
				   sizeof(self->saved_timeout)));
	ASSERT_EQ(0, wse_write_str(PARAM("job_timeout_ms"), JOB_TIMEOUT_MS));
	self->uevents = wse_uevent_open();
	ASSERT_LE(0, self->uevents);
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &self->resets));
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "hangs", &self->hangs));
	snprintf(self->pid_kv, sizeof(self->pid_kv), "WSE_GUILTY_PID=%d", getpid());
	self->fd = wse_open();
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(recovery)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->uevents >= 0)
		close(self->uevents);
	if (self->inj < 0)
		return;
	/* Whatever the test did, leave no fault armed and the device ready. */
	wse_inject_set(self->inj, "inject-slow-us", "0");
	wse_inject_set(self->inj, "inject-mmio-dead", "false");
	wse_write_str(PARAM("job_timeout_ms"), self->saved_timeout);
	if (wait_state(self->sysdev, "ok")) {
		char path[PATH_MAX + 16];

		snprintf(path, sizeof(path), "%s/recover", self->sysdev);
		wse_write_str(path, "1");
	}
	close(self->inj);
}

/* A reset happened since the fixture began, with this reason. */
static void expect_reset(struct __test_metadata *_metadata,
			 FIXTURE_DATA(recovery) *self, const char *reason, int guilty)
{
	char reason_kv[64], ev[8192];
	const char *kvs[4] = { "WSE_EVENT=reset", reason_kv, NULL, NULL };
	unsigned long resets;

	snprintf(reason_kv, sizeof(reason_kv), "WSE_REASON=%s", reason);
	if (guilty)
		kvs[2] = self->pid_kv;
	EXPECT_EQ(0, wse_uevent_wait(self->uevents, kvs, UEVENT_MS, ev, sizeof(ev)))
		TH_LOG("no reset uevent with %s%s%s", reason_kv, guilty ? " and " : "",
		       guilty ? self->pid_kv : "");
	EXPECT_EQ(0, wait_state(self->sysdev, "ok"));
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &resets));
	EXPECT_LT(self->resets, resets);
}

/* The device still moves data correctly for a fresh file and context. */
static void expect_usable(struct __test_metadata *_metadata)
{
	struct drm_wse_ctx_create ctx;
	struct wse_bo bo;
	int fd = wse_open();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_ctx_create(fd, WSE_LOAD_W, WSE_LOAD_H, 4 * WSE_LOAD_ELEMS, &ctx));
	ASSERT_EQ(0, wse_bo_create(fd, 2 * WSE_LOAD_BYTES, &bo));
	EXPECT_EQ(0, wse_load_roundtrip(fd, ctx.ctx_id, bo.map, bo.handle, 99));
	wse_bo_free(fd, &bo, 1);
	close(fd);
}

/* A LAUNCH of "add" over a 2x2 rect of @ctx_id: harmless unless hung. */
static struct drm_wse_cmd some_launch(int fd)
{
	struct drm_wse_kernel_info k[64];
	const struct drm_wse_kernel_info *add;
	__u32 args[5] = { WSE_FW_DTYPE_F32, 16, 0, 64, 128 };
	int n = wse_query_kernels(fd, k, 64);

	add = n > 0 ? wse_kernel_find(k, n, "add") : NULL;
	if (!add)
		return wse_cmd_launch(~0u, 0, 0, 0, 0, 0, NULL);
	return wse_cmd_launch(add->id, 0, 0, 2, 2, 5, args);
}

/* A context for a test's own jobs; 0 or -errno. */
static int new_ctx(int fd, __u32 *ctx_id)
{
	struct drm_wse_ctx_create ctx;
	int ret = wse_ctx_create(fd, WSE_LOAD_W, WSE_LOAD_H, 4 * WSE_LOAD_ELEMS, &ctx);

	if (!ret)
		*ctx_id = ctx.ctx_id;
	return ret;
}

/* Submit @c on @ctx_id and wait for it; returns the WAIT result. */
static int guilty_job(int fd, __u32 ctx_id, struct drm_wse_cmd *c, struct wse_bo *bo,
		      struct drm_wse_wait *out, __s64 *took)
{
	__u64 seqno;
	__s64 t0 = wse_now_ns();
	int ret;

	ret = wse_submit(fd, ctx_id, c, 1, bo ? &bo->handle : NULL, bo ? 1 : 0, NULL, &seqno);
	if (ret)
		return ret;
	ret = wse_wait(fd, ctx_id, seqno, 2 * BOUND_NS, out);
	*took = wse_now_ns() - t0;
	return ret;
}

/*
 * The guilty half of a hang: the job reports DRM_WSE_JOB_HANG in bounded
 * time, its context refuses more work with ECANCELED, its file may make
 * a new context that works.
 */
static void expect_guilty(struct __test_metadata *_metadata, FIXTURE_DATA(recovery) *self,
			  __u32 ctx_id, struct drm_wse_cmd *c, struct wse_bo *bo)
{
	struct drm_wse_wait w;
	unsigned long hangs;
	__s64 took;
	__u64 seqno;

	ASSERT_EQ(0, guilty_job(self->fd, ctx_id, c, bo, &w, &took));
	EXPECT_EQ(DRM_WSE_JOB_HANG, w.status);
	EXPECT_EQ(0, w.failed_cmd);
	EXPECT_GT(BOUND_NS, took) TH_LOG("hang reported after %lld ms", (long long)took / 1000000);
	EXPECT_EQ(-ECANCELED, wse_submit(self->fd, ctx_id, c, 1, bo ? &bo->handle : NULL,
					 bo ? 1 : 0, NULL, &seqno));
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, ctx_id));
	expect_reset(_metadata, self, "hang", 1);
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "hangs", &hangs));
	EXPECT_EQ(self->hangs + 1, hangs);
}

static void hang_launch(struct __test_metadata *_metadata, FIXTURE_DATA(recovery) *self,
			unsigned int clients)
{
	struct drm_wse_cmd c = some_launch(self->fd);
	struct wse_load load;
	__u32 ctx_id;

	ASSERT_NE(~0u, c.launch.kernel_id) TH_LOG("no firmware kernel \"add\"");
	ASSERT_EQ(0, new_ctx(self->fd, &ctx_id));
	ASSERT_EQ(0, wse_load_start(&load, clients, 0, -1));
	ASSERT_EQ(0, wse_load_wait(&load));
	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-hang-launch", "1"));
	expect_guilty(_metadata, self, ctx_id, &c, NULL);
	wse_load_mark(&load);
	EXPECT_EQ(0, wse_load_wait(&load));
	EXPECT_EQ(0, wse_load_stop(&load)) TH_LOG("an innocent client failed");
	wse_load_free(&load);
	expect_usable(_metadata);
}

TEST_F_TIMEOUT(recovery, hang_launch_alone, 120)
{
	hang_launch(_metadata, self, 0);
}

TEST_F_TIMEOUT(recovery, hang_launch_under_load, 120)
{
	hang_launch(_metadata, self, CLIENTS);
}

/*
 * A queue that stops consuming: the job at its head is blamed. Innocent
 * clients keep their contexts off ring 0, and the guilty context is made
 * on it, so the only job on the hung ring is the guilty one.
 */
TEST_F_TIMEOUT(recovery, hang_queue_under_load, 120)
{
	struct drm_wse_cmd c;
	struct wse_load load;
	struct wse_bo bo;
	__u32 ctx_id;
	int i;

	ASSERT_EQ(0, wse_bo_create(self->fd, 2 * WSE_LOAD_BYTES, &bo));
	ASSERT_EQ(0, wse_load_start(&load, CLIENTS, 0, 0));
	ASSERT_EQ(0, wse_load_wait(&load));
	/* Contexts go to the rings round-robin: make them until one is on 0. */
	for (i = 0; i < 16; i++) {
		ASSERT_EQ(0, new_ctx(self->fd, &ctx_id));
		if (wse_ctx_queue_of(getpid()) == 0)
			break;
		ASSERT_EQ(0, wse_ctx_destroy(self->fd, ctx_id));
	}
	ASSERT_GT(16, i);

	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-hang-queue", "0"));
	c = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, WSE_LOAD_W,
			    WSE_LOAD_H, WSE_LOAD_ELEMS, 0);
	expect_guilty(_metadata, self, ctx_id, &c, &bo);

	wse_load_mark(&load);
	EXPECT_EQ(0, wse_load_wait(&load));
	EXPECT_EQ(0, wse_load_stop(&load)) TH_LOG("an innocent client failed");
	wse_load_free(&load);
	wse_bo_free(self->fd, &bo, 1);
	expect_usable(_metadata);
}

/*
 * Faults nobody is guilty of: the firmware crashes, stops its heartbeat,
 * or the device posts a completion the driver never asked for. Clients
 * may lose the job that was executing, never data.
 */
static void device_fault(struct __test_metadata *_metadata, FIXTURE_DATA(recovery) *self,
			 const char *prop, const char *value, const char *reason)
{
	struct wse_load load;
	char path[PATH_MAX + 16], st[64];

	ASSERT_EQ(0, wse_load_start(&load, CLIENTS, WSE_LOAD_OK_LOST, -1));
	ASSERT_EQ(0, wse_load_wait(&load));
	ASSERT_EQ(0, wse_inject_set(self->inj, prop, value));
	expect_reset(_metadata, self, reason, 0);
	wse_load_mark(&load);
	EXPECT_EQ(0, wse_load_wait(&load)) TH_LOG("clients did not get back to work");
	EXPECT_EQ(0, wse_load_stop(&load)) TH_LOG("a client saw wrong data or silence");
	/* At most the job executing on each ring is lost. */
	EXPECT_GE(4, wse_load_tolerated_total(&load));
	wse_load_free(&load);
	snprintf(path, sizeof(path), "%s/fw_state", self->sysdev);
	ASSERT_EQ(0, wse_read_line(path, st, sizeof(st)));
	EXPECT_STREQ("ready", st);
	expect_usable(_metadata);
}

TEST_F_TIMEOUT(recovery, firmware_crash_under_load, 120)
{
	device_fault(_metadata, self, "inject-fw-crash", "true", "fw-crash");
}

TEST_F_TIMEOUT(recovery, heartbeat_stop_under_load, 120)
{
	device_fault(_metadata, self, "inject-heartbeat-stop", "true", "heartbeat");
}

TEST_F_TIMEOUT(recovery, corrupt_completion_under_load, 120)
{
	device_fault(_metadata, self, "inject-corrupt-cqe", "1", "cqe");
}

TEST_F_TIMEOUT(recovery, firmware_crash_alone, 120)
{
	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-fw-crash", "true"));
	expect_reset(_metadata, self, "fw-crash", 0);
	expect_usable(_metadata);
}

/*
 * PCIe Advanced Error Reporting: the emulator injects an uncorrectable
 * error into the device's AER capability; the host's AER core resets the
 * link and walks the driver's PCI error handlers. A fatal error must cost
 * no more than a firmware crash does; a non-fatal one must not disturb
 * anybody's data.
 */
static void aer_error(struct __test_metadata *_metadata, FIXTURE_DATA(recovery) *self,
		      const char *error, int fatal)
{
	char cmd[96], reply[256];
	struct wse_load load;

	ASSERT_EQ(0, wse_load_start(&load, CLIENTS, fatal ? WSE_LOAD_OK_LOST : 0, -1));
	ASSERT_EQ(0, wse_load_wait(&load));
	snprintf(cmd, sizeof(cmd), "hmp pcie_aer_inject_error wse0 %s", error);
	ASSERT_EQ(0, wse_inject(self->inj, cmd, reply, sizeof(reply)));
	if (fatal)
		expect_reset(_metadata, self, "aer", 0);
	wse_load_mark(&load);
	EXPECT_EQ(0, wse_load_wait(&load)) TH_LOG("clients did not get back to work");
	EXPECT_EQ(0, wse_load_stop(&load)) TH_LOG("a client saw wrong data or silence");
	EXPECT_GE(4, wse_load_tolerated_total(&load));
	wse_load_free(&load);
	EXPECT_EQ(0, wait_state(self->sysdev, "ok"));
	expect_usable(_metadata);
}

TEST_F_TIMEOUT(recovery, aer_fatal_under_load, 120)
{
	aer_error(_metadata, self, "INTN", 1);
}

TEST_F_TIMEOUT(recovery, aer_nonfatal_under_load, 120)
{
	aer_error(_metadata, self, "COMP_TIME", 0);
}

/*
 * A failed DMA is an error of one command, not a hang: that job reports
 * WSE_STS_HOST_DMA, nothing is reset, and nobody else notices.
 */
static void dma_fail(struct __test_metadata *_metadata, FIXTURE_DATA(recovery) *self,
		     unsigned int clients)
{
	struct drm_wse_ctx_create ctx;
	struct wse_load load;
	unsigned long resets;
	struct wse_bo bo;
	char left[16];
	int ret, failures = 0, i;

	ASSERT_EQ(0, wse_ctx_create(self->fd, WSE_LOAD_W, WSE_LOAD_H, 4 * WSE_LOAD_ELEMS, &ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, 2 * WSE_LOAD_BYTES, &bo));
	ASSERT_EQ(0, wse_load_start(&load, clients, WSE_LOAD_OK_HOST_DMA, -1));
	ASSERT_EQ(0, wse_load_wait(&load));
	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-dma-fail", "1"));
	/* One DMA command fails, ours or a client's; run until it has. */
	for (i = 0; i < 1000; i++) {
		ret = wse_load_roundtrip(self->fd, ctx.ctx_id, bo.map, bo.handle, i);
		if (ret == WSE_STS_HOST_DMA)
			failures++;
		else
			ASSERT_EQ(0, ret);
		ASSERT_EQ(0, wse_inject(self->inj, "get inject-dma-fail", left, sizeof(left)));
		if (!strcmp(left, "0"))
			break;
	}
	ASSERT_STREQ("0", left);
	EXPECT_EQ(0, wse_load_roundtrip(self->fd, ctx.ctx_id, bo.map, bo.handle, 5));
	wse_load_mark(&load);
	EXPECT_EQ(0, wse_load_wait(&load));
	EXPECT_EQ(0, wse_load_stop(&load));
	EXPECT_EQ(1, failures + wse_load_tolerated_total(&load))
		TH_LOG("one injected DMA failure, %d jobs failed", failures +
		       wse_load_tolerated_total(&load));
	wse_load_free(&load);
	wse_bo_free(self->fd, &bo, 1);
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &resets));
	EXPECT_EQ(self->resets, resets);
}

TEST_F_TIMEOUT(recovery, dma_fail_alone, 120)
{
	dma_fail(_metadata, self, 0);
}

TEST_F_TIMEOUT(recovery, dma_fail_under_load, 120)
{
	dma_fail(_metadata, self, CLIENTS);
}

/*
 * Completions that take long but keep coming: a job of many commands runs
 * well past job_timeout_ms and is not killed, since the queue progresses.
 */
TEST_F_TIMEOUT(recovery, slow_but_progressing_is_not_a_hang, 120)
{
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd c[24];
	struct drm_wse_wait w;
	unsigned long resets, hangs;
	struct wse_bo bo;
	__u64 seqno;
	__s64 t0;
	unsigned int i;

	ASSERT_EQ(0, wse_ctx_create(self->fd, WSE_LOAD_W, WSE_LOAD_H, 4 * WSE_LOAD_ELEMS, &ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, 2 * WSE_LOAD_BYTES, &bo));
	for (i = 0; i < 24; i++)
		c[i] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, WSE_LOAD_W,
				    WSE_LOAD_H, WSE_LOAD_ELEMS, 0);
	/* 24 x 150 ms: 3.6 s of one job against a 1 s timeout. */
	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-slow-us", "150000"));
	t0 = wse_now_ns();
	ASSERT_EQ(0, wse_submit(self->fd, ctx.ctx_id, c, 24, &bo.handle, 1, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->fd, ctx.ctx_id, seqno, 2 * BOUND_NS, &w));
	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-slow-us", "0"));
	EXPECT_EQ(DRM_WSE_JOB_OK, w.status);
	EXPECT_LT(1000000000ll, wse_now_ns() - t0) TH_LOG("the job was not slowed down");
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &resets));
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "hangs", &hangs));
	EXPECT_EQ(self->resets, resets);
	EXPECT_EQ(self->hangs, hangs);
	wse_bo_free(self->fd, &bo, 1);
}

/*
 * A device that stops answering MMIO (as a surprise removal looks): the
 * driver cannot reset it and calls it wedged; work fails instead of
 * hanging. Once it answers again, a requested recovery brings it back.
 */
TEST_F_TIMEOUT(recovery, mmio_dead_then_recover, 120)
{
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd c;
	struct drm_wse_wait w;
	char path[PATH_MAX + 16];
	struct wse_bo bo;
	__u64 seqno;
	int ret;

	ASSERT_EQ(0, wse_ctx_create(self->fd, WSE_LOAD_W, WSE_LOAD_H, 4 * WSE_LOAD_ELEMS, &ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, 2 * WSE_LOAD_BYTES, &bo));
	ASSERT_EQ(0, wse_load_roundtrip(self->fd, ctx.ctx_id, bo.map, bo.handle, 1));
	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-mmio-dead", "true"));
	c = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, WSE_LOAD_W,
			    WSE_LOAD_H, WSE_LOAD_ELEMS, 0);
	ret = wse_submit(self->fd, ctx.ctx_id, &c, 1, &bo.handle, 1, NULL, &seqno);
	if (!ret) {
		ASSERT_EQ(0, wse_wait(self->fd, ctx.ctx_id, seqno, 2 * BOUND_NS, &w));
		EXPECT_EQ(DRM_WSE_JOB_LOST, w.status);
	} else {
		EXPECT_EQ(-EIO, ret);
	}
	ASSERT_EQ(0, wait_state(self->sysdev, "wedged"));
	EXPECT_EQ(-EIO, wse_submit(self->fd, ctx.ctx_id, &c, 1, &bo.handle, 1, NULL, &seqno));

	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-mmio-dead", "false"));
	snprintf(path, sizeof(path), "%s/recover", self->sysdev);
	ASSERT_EQ(0, wse_write_str(path, "1"));
	ASSERT_EQ(0, wait_state(self->sysdev, "ok"));
	wse_bo_free(self->fd, &bo, 1);
	expect_usable(_metadata);
}

/*
 * A file whose contexts hang again and again is banned after hang_limit
 * hangs: it can make no more contexts. Other files are not affected.
 */
TEST_F_TIMEOUT(recovery, repeat_offender_is_banned, 180)
{
	struct drm_wse_cmd c = some_launch(self->fd);
	struct drm_wse_ctx_create ctx;
	struct drm_wse_wait w;
	unsigned long limit, i;
	__u32 ctx_id;
	__s64 took;
	__u64 seqno;

	ASSERT_NE(~0u, c.launch.kernel_id);
	ASSERT_EQ(0, wse_read_sysfs_ulong("/sys/module/wse/parameters", "hang_limit", &limit));
	ASSERT_LT(0, limit);
	ASSERT_GE(5, limit) TH_LOG("hang_limit %lu: too slow to test", limit);
	for (i = 0; i < limit; i++) {
		ASSERT_EQ(0, new_ctx(self->fd, &ctx_id));
		ASSERT_EQ(0, wse_inject_set(self->inj, "inject-hang-launch", "1"));
		ASSERT_EQ(0, guilty_job(self->fd, ctx_id, &c, NULL, &w, &took));
		EXPECT_EQ(DRM_WSE_JOB_HANG, w.status);
		ASSERT_EQ(0, wait_state(self->sysdev, "ok"));
	}
	/* Banned: no new context, and the old ones take no work. */
	EXPECT_EQ(-ECANCELED, wse_ctx_create(self->fd, 1, 1, 64, &ctx));
	EXPECT_EQ(-ECANCELED, wse_submit(self->fd, ctx_id, &c, 1, NULL, 0, NULL, &seqno));
	expect_usable(_metadata);
}

TEST_HARNESS_MAIN
