// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resets nobody has to inject a fault for: a recovery asked for through
 * sysfs `recover`, and a function-level reset through the PCI device's
 * `reset` attribute, both while several processes keep moving data. Each
 * must lose nothing (every round trip of every client succeeds with the
 * right data), count a device reset, say so with a uevent, and leave the
 * device working. Also: `recover` is root's, takes only "1", and a long
 * job whose queue keeps completing commands survives a short
 * job_timeout_ms. Injected faults are wse_recovery_test.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_load.h"
#include "wse_test_util.h"
#include "wse_uevent.h"

#define PARAM(name)	"/sys/module/wse/parameters/" name
#define CLIENTS		4
#define UEVENT_MS	30000
#define NOBODY_UID	1000	/* wse-user in the test VM */

FIXTURE(reset) {
	char sysdev[PATH_MAX];	/* the PCI device's sysfs directory */
	int uevents;
	unsigned long resets;
	char state[64];
	char saved_timeout[32];
};

static int write_attr(const char *dir, const char *attr, const char *s)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	return wse_write_str(path, s);
}

static int read_attr(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	return wse_read_line(path, buf, len);
}

FIXTURE_SETUP(reset)
{
	char node[PATH_MAX], link[PATH_MAX];

	self->uevents = -1;
	self->saved_timeout[0] = '\0';
	if (getuid())
		SKIP(return, "needs root to reset the device");
	ASSERT_EQ(0, wse_find_node(node, sizeof(node), link, sizeof(link)));
	/* The PCI device's own directory, where its `reset` lives too. */
	ASSERT_NE(NULL, realpath(link, self->sysdev));
	ASSERT_EQ(0, read_attr(self->sysdev, "state", self->state, sizeof(self->state)));
	ASSERT_TRUE(!strcmp(self->state, "ok") || !strcmp(self->state, "no-firmware"))
		TH_LOG("device state '%s' before the test", self->state);
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &self->resets));
	ASSERT_EQ(0, wse_read_line(PARAM("job_timeout_ms"), self->saved_timeout,
				   sizeof(self->saved_timeout)));
	self->uevents = wse_uevent_open();
	ASSERT_LE(0, self->uevents);
}

FIXTURE_TEARDOWN(reset)
{
	if (self->saved_timeout[0])
		wse_write_str(PARAM("job_timeout_ms"), self->saved_timeout);
	if (self->uevents >= 0)
		close(self->uevents);
}

/*
 * Under load from CLIENTS processes, run @reset (which writes an
 * attribute), then check the reset happened as @reason says and that
 * every client lost nothing and works on.
 */
static void reset_under_load(struct __test_metadata *_metadata, FIXTURE_DATA(reset) *self,
			     const char *attr, const char *reason)
{
	const char *kvs[] = { "WSE_EVENT=reset", NULL, "WSE_GUILTY_PID=0", "WSE_STATE=ok", NULL };
	char reason_kv[64], last[64], state[64], ev[8192];
	unsigned long resets, hangs_before, hangs;
	struct wse_load load;
	int round;

	snprintf(reason_kv, sizeof(reason_kv), "WSE_REASON=%s", reason);
	kvs[1] = reason_kv;
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "hangs", &hangs_before));
	/* No failure of any kind is allowed to a client. */
	ASSERT_EQ(0, wse_load_start(&load, CLIENTS, 0, -1));
	wse_load_mark(&load);
	ASSERT_EQ(0, wse_load_wait(&load)) TH_LOG("clients never got going");

	for (round = 0; round < 2; round++) {
		ASSERT_EQ(0, write_attr(self->sysdev, attr, "1"))
			TH_LOG("writing 1 to %s", attr);
		EXPECT_EQ(0, wse_uevent_wait(self->uevents, kvs, UEVENT_MS, ev, sizeof(ev)))
			TH_LOG("no reset uevent with %s", reason_kv);
		/* Everyone works again after each reset. */
		wse_load_mark(&load);
		EXPECT_EQ(0, wse_load_wait(&load)) TH_LOG("clients stalled after reset %d", round);
	}
	EXPECT_EQ(0, wse_load_stop(&load)) TH_LOG("a client saw a failure or wrong data");
	EXPECT_EQ(0, wse_load_tolerated_total(&load));
	wse_load_free(&load);

	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &resets));
	EXPECT_LE(self->resets + 2, resets);
	ASSERT_EQ(0, read_attr(self->sysdev, "last_reset", last, sizeof(last)));
	EXPECT_STREQ(reason, last);
	ASSERT_EQ(0, read_attr(self->sysdev, "state", state, sizeof(state)));
	EXPECT_STREQ(self->state, state);
	/* Nobody's fault: a requested reset is not a hang. */
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "hangs", &hangs));
	EXPECT_EQ(hangs_before, hangs);
}

TEST_F_TIMEOUT(reset, recover_under_load, 240)
{
	reset_under_load(_metadata, self, "recover", "request");
}

/* FLR, as `echo 1 > /sys/bus/pci/devices/<bdf>/reset` does it. */
TEST_F_TIMEOUT(reset, flr_under_load, 240)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/reset", self->sysdev);
	if (access(path, W_OK))
		SKIP(return, "the PCI core offers no reset for this function");
	reset_under_load(_metadata, self, "reset", "flr");
}

/* An idle device resets too, and data parked in the fabric is still there. */
TEST_F_TIMEOUT(reset, recover_idle_keeps_working, 120)
{
	const char *kvs[] = { "WSE_EVENT=reset", "WSE_REASON=request", NULL };
	struct drm_wse_ctx_create ctx;
	struct wse_bo bo;
	unsigned long resets;
	int fd;

	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_ctx_create(fd, WSE_LOAD_W, WSE_LOAD_H, 4 * WSE_LOAD_ELEMS, &ctx));
	ASSERT_EQ(0, wse_bo_create(fd, 2 * WSE_LOAD_BYTES, &bo));
	ASSERT_EQ(0, write_attr(self->sysdev, "recover", "1"));
	EXPECT_EQ(0, wse_uevent_wait(self->uevents, kvs, UEVENT_MS, NULL, 0));
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &resets));
	EXPECT_LT(self->resets, resets);
	/* The context made before the reset still runs jobs. */
	EXPECT_EQ(0, wse_load_roundtrip(fd, ctx.ctx_id, bo.map, bo.handle, 42));
	wse_bo_free(fd, &bo, 1);
	EXPECT_EQ(0, wse_ctx_destroy(fd, ctx.ctx_id));
	close(fd);
}

/* `recover` takes "1" and nothing else, and a refused write resets nothing. */
TEST_F(reset, recover_rejects_other_values)
{
	static const char *const bad[] = { "0", "2", "yes", "-1" };
	unsigned long resets;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = write_attr(self->sysdev, "recover", bad[i]);

		EXPECT_EQ(-EINVAL, ret) TH_LOG("writing '%s' gave %d", bad[i], ret);
	}
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &resets));
	EXPECT_EQ(self->resets, resets);
}

/*
 * A user without CAP_SYS_ADMIN cannot reset the device (the attribute is
 * 0200 root, and the driver checks the capability too), but can read the
 * device's state.
 */
TEST_F(reset, recover_needs_root)
{
	unsigned long resets;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		char st[64];
		int ret;

		if (wse_become(NOBODY_UID, NOBODY_UID))
			_exit(10);
		ret = write_attr(self->sysdev, "recover", "1");
		if (ret != -EACCES && ret != -EPERM)
			_exit(11);
		if (read_attr(self->sysdev, "state", st, sizeof(st)) || strcmp(st, self->state))
			_exit(12);
		if (read_attr(self->sysdev, "last_reset", st, sizeof(st)) ||
		    read_attr(self->sysdev, "hangs", st, sizeof(st)))
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("10: setuid failed, 11: recover was writable, 12/13: attributes unreadable");
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "reset_count", &resets));
	EXPECT_EQ(self->resets, resets);
}

/*
 * A job far longer than job_timeout_ms is no hang while its queue keeps
 * completing commands: 1024 FILL commands of the whole context, one job,
 * with the timeout at 50 ms, several times over.
 */
TEST_F_TIMEOUT(reset, long_job_is_not_a_hang, 180)
{
	static struct drm_wse_cmd cmds[DRM_WSE_MAX_CMDS];
	struct drm_wse_ctx_create ctx;
	unsigned long hangs_before, hangs;
	struct drm_wse_wait w;
	__s64 t0, took = 0;
	__u64 seqno;
	unsigned int i;
	int fd, round;

	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "hangs", &hangs_before));
	ASSERT_EQ(0, wse_write_str(PARAM("job_timeout_ms"), "50"));
	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_ctx_create(fd, 8, 8, 8192, &ctx));
	for (i = 0; i < DRM_WSE_MAX_CMDS; i++)
		cmds[i] = wse_cmd_fill(0, 0, 8, 8, 0, 8192, i);
	for (round = 0; round < 4 && took < 1000000000; round++) {
		t0 = wse_now_ns();
		ASSERT_EQ(0, wse_submit(fd, ctx.ctx_id, cmds, DRM_WSE_MAX_CMDS, NULL, 0, NULL,
					&seqno));
		ASSERT_EQ(0, wse_wait(fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &w));
		took += wse_now_ns() - t0;
		EXPECT_EQ(DRM_WSE_JOB_OK, w.status) TH_LOG("round %d: status %#x", round,
							     w.status);
	}
	TH_LOG("%d jobs of %u commands took %lld ms", round, DRM_WSE_MAX_CMDS,
	       (long long)(took / 1000000));
	close(fd);
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "hangs", &hangs));
	EXPECT_EQ(hangs_before, hangs);
}

TEST_HARNESS_MAIN
