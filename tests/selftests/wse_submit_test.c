// SPDX-License-Identifier: GPL-2.0-only
/*
 * Submission semantics of DRM_IOCTL_WSE_SUBMIT and DRM_IOCTL_WSE_WAIT:
 * sequence numbers, polling and timeouts, DRM syncobjs out and in (a chain
 * of jobs whose data depend on each other), ordering inside a context, the
 * command and BO limits of one job, jobs that outlive their BO handles,
 * their context or their file, and a command failing on the device.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_hw.h"
#include "wse_inject.h"
#include "wse_test_util.h"

/* The context most tests use: 1 MiB of fabric. */
#define CTX_W		8
#define CTX_H		8
#define CTX_SRAM	16384u
#define CTX_BYTES	((size_t)CTX_W * CTX_H * CTX_SRAM)
#define POISON		0xa5

FIXTURE(submit) {
	int fd;
	struct drm_wse_device_info info;
	struct drm_wse_ctx_create ctx;
	struct wse_bo src, dst;
};

FIXTURE_SETUP(submit)
{
	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &self->info));
	ASSERT_EQ(0, wse_ctx_create(self->fd, CTX_W, CTX_H, CTX_SRAM, &self->ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, CTX_BYTES, &self->src));
	ASSERT_EQ(0, wse_bo_create(self->fd, CTX_BYTES, &self->dst));
}

FIXTURE_TEARDOWN(submit)
{
	wse_bo_free(self->fd, &self->src, 1);
	wse_bo_free(self->fd, &self->dst, 1);
	close(self->fd);
}

/* The whole reservation of the fixture's context, 32-bit row-major. */
static struct drm_wse_cmd whole(__u32 opcode, __u32 bo_index)
{
	return wse_cmd_copy(opcode, 0, bo_index, 0, 0, 0, CTX_W, CTX_H, CTX_SRAM / 4, 0);
}

TEST_F(submit, seqnos_start_at_one_and_grow_by_one)
{
	struct drm_wse_cmd nop = { .opcode = DRM_WSE_CMD_NOP };
	struct drm_wse_ctx_create other;
	struct drm_wse_wait w;
	__u64 seqno, i;

	for (i = 1; i <= 5; i++) {
		ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &nop, 1, NULL, 0, NULL, &seqno));
		ASSERT_EQ(i, seqno);
	}
	/* Every context counts on its own. */
	ASSERT_EQ(0, wse_ctx_create(self->fd, 1, 1, 4, &other));
	ASSERT_NE(self->ctx.ctx_id, other.ctx_id);
	ASSERT_EQ(0, wse_submit(self->fd, other.ctx_id, &nop, 1, NULL, 0, NULL, &seqno));
	ASSERT_EQ(1, seqno);
	for (i = 1; i <= 5; i++) {
		ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, i, WSE_WAIT_NS, &w));
		EXPECT_EQ(DRM_WSE_JOB_OK, w.status);
		EXPECT_EQ(0, w.failed_cmd);
	}
	ASSERT_EQ(0, wse_wait(self->fd, other.ctx_id, 1, WSE_WAIT_NS, &w));
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, other.ctx_id));
}

TEST_F(submit, wait_rejects_jobs_never_issued)
{
	struct drm_wse_cmd nop = { .opcode = DRM_WSE_CMD_NOP };
	struct drm_wse_wait w;
	__u64 seqno;

	/* Nothing submitted yet. */
	EXPECT_EQ(-EINVAL, wse_wait(self->fd, self->ctx.ctx_id, 1, 0, &w));
	EXPECT_EQ(-EINVAL, wse_wait(self->fd, self->ctx.ctx_id, 0, 0, &w));
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &nop, 1, NULL, 0, NULL, &seqno));
	EXPECT_EQ(-EINVAL, wse_wait(self->fd, self->ctx.ctx_id, 0, WSE_WAIT_NS, &w));
	EXPECT_EQ(-EINVAL, wse_wait(self->fd, self->ctx.ctx_id, seqno + 1, WSE_WAIT_NS, &w));
	EXPECT_EQ(-EINVAL, wse_wait(self->fd, self->ctx.ctx_id, ~0ull, WSE_WAIT_NS, &w));
	EXPECT_EQ(-ENOENT, wse_wait(self->fd, self->ctx.ctx_id + 100, seqno, WSE_WAIT_NS, &w));
	EXPECT_EQ(-ENOENT, wse_wait(self->fd, 0, seqno, WSE_WAIT_NS, &w));
	/* Flags must be zero. */
	memset(&w, 0, sizeof(w));
	w.ctx_id = self->ctx.ctx_id;
	w.seqno = seqno;
	w.timeout_ns = WSE_WAIT_NS;
	w.flags = 1;
	EXPECT_EQ(-EINVAL, wse_ioctl(self->fd, DRM_IOCTL_WSE_WAIT, &w));
	EXPECT_EQ(-EFAULT, wse_ioctl(self->fd, DRM_IOCTL_WSE_WAIT, NULL));
	/* The job itself is fine. */
	EXPECT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, &w));
}

/*
 * WAIT with timeout 0 only polls: on a job still queued it fails at once
 * with ETIME and writes nothing; a short timeout also ends in ETIME, not
 * before it ran out; once the job is done, every WAIT reports it at once.
 */
TEST_F_TIMEOUT(submit, wait_poll_and_timeout, 120)
{
	/* Jobs big enough that the last is still queued when polled. */
	const unsigned int w = self->info.log_width < 16 ? self->info.log_width : 16;
	const unsigned int h = self->info.log_height < 12 ? self->info.log_height : 12;
	const __u32 sram = self->info.pe_sram_bytes;
	const __u64 bytes = (__u64)w * h * sram;
	struct drm_wse_ctx_create big;
	struct drm_wse_wait wt;
	struct drm_wse_cmd cmds[2];
	unsigned int attempt, njobs, i, polled_busy = 0;
	struct wse_bo bo;
	__u64 seqno = 0;
	__s64 t;
	int ret, inj;

	ASSERT_EQ(0, wse_ctx_create(self->fd, w, h, sram, &big));
	ASSERT_EQ(0, wse_bo_create(self->fd, bytes, &bo));
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, w, h, sram / 4, 0);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, w, h, sram / 4, 0);
	/* With the fault agent, completions held back 50 ms make it certain. */
	inj = wse_inject_open();
	if (inj >= 0)
		ASSERT_EQ(0, wse_inject_set(inj, "inject-slow-us", "50000"));

	for (attempt = 0, njobs = 2; attempt < 4 && !polled_busy; attempt++, njobs *= 2) {
		for (i = 0; i < njobs; i++)
			ASSERT_EQ(0, wse_submit(self->fd, big.ctx_id, cmds, 2, &bo.handle, 1,
						NULL, &seqno));

		memset(&wt, 0, sizeof(wt));
		wt.ctx_id = big.ctx_id;
		wt.seqno = seqno;
		wt.status = 0xdead;
		wt.failed_cmd = 0xbeef;
		t = wse_now_ns();
		ret = wse_ioctl(self->fd, DRM_IOCTL_WSE_WAIT, &wt);
		t = wse_now_ns() - t;
		if (ret == -ETIME) {
			polled_busy = 1;
			EXPECT_EQ(0xdead, wt.status) TH_LOG("status written on ETIME");
			EXPECT_EQ(0xbeef, wt.failed_cmd) TH_LOG("failed_cmd written on ETIME");
			EXPECT_GT(1000000000ll, t) TH_LOG("a poll took %lld ns", (long long)t);

			/* A 10 ms timeout on what is still queued. */
			t = wse_now_ns();
			ret = wse_wait(self->fd, big.ctx_id, seqno, 10000000, NULL);
			t = wse_now_ns() - t;
			if (ret == -ETIME) {
				EXPECT_LE(10000000ll, t) TH_LOG("ETIME after %lld ns", (long long)t);
			} else {
				EXPECT_EQ(0, ret);
			}
		} else {
			ASSERT_EQ(0, ret);
		}
		ASSERT_EQ(0, wse_wait(self->fd, big.ctx_id, seqno, WSE_WAIT_NS, &wt));
		EXPECT_EQ(DRM_WSE_JOB_OK, wt.status);
		/* Done now: polls report it at once, any number of times. */
		for (i = 0; i < 3; i++) {
			ASSERT_EQ(0, wse_wait(self->fd, big.ctx_id, seqno, 0, &wt));
			EXPECT_EQ(DRM_WSE_JOB_OK, wt.status);
			ASSERT_EQ(0, wse_wait(self->fd, big.ctx_id, 1, 0, &wt));
		}
	}
	if (inj >= 0) {
		ASSERT_EQ(0, wse_inject_set(inj, "inject-slow-us", "0"));
		close(inj);
		inj = -1;
	}
	if (!polled_busy)
		SKIP(goto out, "%u jobs of %llu MiB finished before a poll could see one busy",
		     njobs / 2, (unsigned long long)(bytes >> 20));
out:
	if (inj >= 0) {
		wse_inject_set(inj, "inject-slow-us", "0");
		close(inj);
	}
	wse_bo_free(self->fd, &bo, 1);
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, big.ctx_id));
}

/* The out syncobj signals after the job, its data already in place. */
TEST_F(submit, out_syncobj_signals_after_job)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle }, sync;
	struct wse_submit_extra x = { 0 };
	struct drm_wse_cmd cmds[2];
	struct drm_wse_wait w;
	unsigned int round;
	__u64 seqno;

	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &sync));
	/* No fence yet: a plain wait is refused rather than blocking. */
	EXPECT_EQ(-EINVAL, wse_syncobj_wait(self->fd, &sync, 1, 0, 0));

	cmds[0] = whole(DRM_WSE_CMD_COPY_H2F, 0);
	cmds[1] = whole(DRM_WSE_CMD_COPY_F2H, 1);
	x.out_syncobj = sync;
	/* Twice: the second job replaces the syncobj's fence. */
	for (round = 0; round < 2; round++) {
		wse_pattern(self->src.map, CTX_BYTES, 0x100 + round);
		memset(self->dst.map, POISON, CTX_BYTES);
		ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2, &x, &seqno));
		ASSERT_EQ(0, wse_syncobj_wait(self->fd, &sync, 1, WSE_WAIT_NS, 0));
		/* Only the syncobj was waited for. */
		ASSERT_EQ(-1, wse_first_diff(self->src.map, self->dst.map, CTX_BYTES));
		ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, 0, &w));
		EXPECT_EQ(DRM_WSE_JOB_OK, w.status);
		EXPECT_LT(0, w.device_time_ns) TH_LOG("2 MiB moved in no device time");
	}
	EXPECT_EQ(0, wse_syncobj_destroy(self->fd, sync));
}

/*
 * A chain of jobs alternating between two contexts (which may run at the
 * same time), each waiting on the previous one's syncobj: job k copies BO k
 * through the fabric into BO k+1, so the last BO holds the first one's data
 * only if every job ran after the one before it. Everything is submitted
 * before anything is waited for.
 */
TEST_F_TIMEOUT(submit, in_syncobj_chain_orders_dependent_jobs, 120)
{
	enum { N = 8 };
	struct drm_wse_ctx_create ctx2;
	struct wse_bo bo[N + 1];
	__u32 sync[N], ctx_of[N];
	struct drm_wse_cmd cmds[2];
	struct drm_wse_wait w;
	__u64 seqno[N];
	unsigned int k;

	ASSERT_EQ(0, wse_ctx_create(self->fd, CTX_W, CTX_H, CTX_SRAM, &ctx2));
	for (k = 0; k <= N; k++)
		ASSERT_EQ(0, wse_bo_create(self->fd, CTX_BYTES, &bo[k]));
	wse_pattern(bo[0].map, CTX_BYTES, 0x200);
	cmds[0] = whole(DRM_WSE_CMD_COPY_H2F, 0);
	cmds[1] = whole(DRM_WSE_CMD_COPY_F2H, 1);

	for (k = 0; k < N; k++) {
		struct wse_submit_extra x = { 0 };
		__u32 bos[2] = { bo[k].handle, bo[k + 1].handle };

		ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &sync[k]));
		x.out_syncobj = sync[k];
		if (k) {
			x.in_syncobjs = &sync[k - 1];
			x.in_count = 1;
		}
		ctx_of[k] = k % 2 ? ctx2.ctx_id : self->ctx.ctx_id;
		ASSERT_EQ(0, wse_submit(self->fd, ctx_of[k], cmds, 2, bos, 2, &x, &seqno[k]))
			TH_LOG("job %u", k);
	}
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, &sync[N - 1], 1, WSE_WAIT_NS, 0));
	/* The last done means all done. */
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, sync, N, 0, 0));
	for (k = 0; k < N; k++) {
		ASSERT_EQ(0, wse_wait(self->fd, ctx_of[k], seqno[k], 0, &w)) TH_LOG("job %u", k);
		EXPECT_EQ(DRM_WSE_JOB_OK, w.status);
		EXPECT_EQ(-1, wse_first_diff(bo[0].map, bo[k + 1].map, CTX_BYTES))
			TH_LOG("BO %u is not a copy of BO 0", k + 1);
		wse_syncobj_destroy(self->fd, sync[k]);
	}
	for (k = 0; k <= N; k++)
		wse_bo_free(self->fd, &bo[k], 1);
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, ctx2.ctx_id));
}

/* Fan-in: one job waits for two others and an already signalled syncobj. */
TEST_F(submit, in_syncobjs_fan_in)
{
	struct drm_wse_ctx_create ctx2;
	struct wse_submit_extra x = { 0 };
	__u32 in[3], bos[3], out;
	struct drm_wse_cmd cmds[3];
	struct wse_bo third;
	size_t half = CTX_BYTES / 2;

	ASSERT_EQ(0, wse_ctx_create(self->fd, CTX_W, CTX_H, CTX_SRAM, &ctx2));
	ASSERT_EQ(0, wse_bo_create(self->fd, CTX_BYTES, &third));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &in[0]));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &in[1]));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, DRM_SYNCOBJ_CREATE_SIGNALED, &in[2]));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &out));
	wse_pattern(self->src.map, CTX_BYTES, 0x300);

	/* Each context puts one half of src into one half of dst. */
	bos[0] = self->src.handle;
	bos[1] = self->dst.handle;
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, CTX_W, CTX_H / 2,
			       CTX_SRAM / 4, 0);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, 0, 0, CTX_W, CTX_H / 2,
			       CTX_SRAM / 4, 0);
	x.out_syncobj = in[0];
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2, &x, NULL));
	cmds[0].copy.bo_offset = half;
	cmds[1].copy.bo_offset = half;
	x.out_syncobj = in[1];
	ASSERT_EQ(0, wse_submit(self->fd, ctx2.ctx_id, cmds, 2, bos, 2, &x, NULL));

	/* The joining job copies all of dst into the third BO. */
	bos[0] = self->dst.handle;
	bos[1] = third.handle;
	cmds[0] = whole(DRM_WSE_CMD_COPY_H2F, 0);
	cmds[1] = whole(DRM_WSE_CMD_COPY_F2H, 1);
	x.in_syncobjs = in;
	x.in_count = 3;
	x.out_syncobj = out;
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2, &x, NULL));
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, &out, 1, WSE_WAIT_NS, 0));
	EXPECT_EQ(-1, wse_first_diff(self->src.map, third.map, CTX_BYTES));

	wse_bo_free(self->fd, &third, 1);
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, ctx2.ctx_id));
}

/* Jobs of one context run in submission order, without any syncobj. */
TEST_F(submit, jobs_of_a_context_run_in_order)
{
	enum { N = 32 };
	struct drm_wse_cmd fill, rd;
	__u32 *out = self->dst.map;
	__u64 seqno;
	unsigned int k;

	for (k = 1; k <= N; k++) {
		fill = wse_cmd_fill(0, 0, CTX_W, CTX_H, 0, 64, 0x1000 + k);
		ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &fill, 1, NULL, 0, NULL,
					&seqno));
	}
	rd = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, CTX_W, CTX_H, 16, 0);
	memset(out, 0, CTX_W * CTX_H * 64);
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, &rd, 1, &self->dst.handle, 1));
	for (k = 0; k < CTX_W * CTX_H * 16; k++)
		ASSERT_EQ(0x1000 + N, out[k]) TH_LOG("word %u", k);
}

/* DRM_WSE_MAX_CMDS commands in one job, each leaving its own mark. */
TEST_F_TIMEOUT(submit, max_cmds_in_one_job, 60)
{
	struct drm_wse_cmd *cmds = calloc(DRM_WSE_MAX_CMDS, sizeof(*cmds));
	const unsigned int pes = CTX_W * CTX_H, slots = DRM_WSE_MAX_CMDS - 1;
	__u32 *img = self->dst.map;
	unsigned int i;

	ASSERT_NE(NULL, cmds);
	/* Command i writes i into word i / pes of PE i % pes. */
	for (i = 0; i < slots; i++)
		cmds[i] = wse_cmd_fill(i % pes % CTX_W, i % pes / CTX_W, 1, 1,
				       i / pes * 4, 4, 0xc0de0000 + i);
	cmds[slots] = whole(DRM_WSE_CMD_COPY_F2H, 0);
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, DRM_WSE_MAX_CMDS,
			     &self->dst.handle, 1));
	for (i = 0; i < slots; i++)
		ASSERT_EQ(0xc0de0000 + i, img[(size_t)(i % pes) * (CTX_SRAM / 4) + i / pes])
			TH_LOG("command %u", i);
	free(cmds);
}

/* DRM_WSE_MAX_BOS BOs in one job, each copied into its own slot. */
TEST_F_TIMEOUT(submit, max_bos_in_one_job, 60)
{
	const unsigned int pes = CTX_W * CTX_H, n = DRM_WSE_MAX_BOS;
	struct drm_wse_cmd *cmds = calloc(n + 1, sizeof(*cmds));
	struct wse_bo *bos = calloc(n, sizeof(*bos));
	__u32 *handles = calloc(n, sizeof(*handles));
	const __u32 *img = self->dst.map;
	unsigned int i, e;

	ASSERT_NE(NULL, cmds);
	ASSERT_NE(NULL, bos);
	ASSERT_NE(NULL, handles);
	/* BO i holds 16 words; they go to PE i % pes at word (i / pes) * 16. */
	for (i = 0; i < n; i++) {
		ASSERT_EQ(0, wse_bo_create(self->fd, WSE_PAGE, &bos[i]));
		for (e = 0; e < 16; e++)
			((__u32 *)bos[i].map)[e] = i << 16 | e;
		handles[i] = bos[i].handle;
		cmds[i] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, i, 0, i % pes % CTX_W,
				       i % pes / CTX_W, 1, 1, 16, i / pes * 64);
	}
	/* The list is full, so reading the result back is a job of its own. */
	cmds[n] = whole(DRM_WSE_CMD_COPY_F2H, 0);
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, n, handles, n));
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, &cmds[n], 1, &self->dst.handle, 1));
	for (i = 0; i < n; i++)
		for (e = 0; e < 16; e++)
			ASSERT_EQ(i << 16 | e,
				  img[(size_t)(i % pes) * (CTX_SRAM / 4) + i / pes * 16 + e])
				TH_LOG("BO %u word %u", i, e);
	for (i = 0; i < n; i++)
		wse_bo_free(self->fd, &bos[i], 1);
	free(handles);
	free(bos);
	free(cmds);
}

/* A queued job keeps its BO alive after the program let go of it. */
TEST_F(submit, job_outlives_bo_handle)
{
	struct drm_wse_cmd cmds[2];
	unsigned char *copy = malloc(CTX_BYTES);
	struct wse_bo bo;
	__u64 seqno;
	__u32 h;

	ASSERT_NE(NULL, copy);
	ASSERT_EQ(0, wse_bo_create(self->fd, CTX_BYTES, &bo));
	wse_pattern(bo.map, CTX_BYTES, 0x400);
	memcpy(copy, bo.map, CTX_BYTES);
	cmds[0] = whole(DRM_WSE_CMD_COPY_H2F, 0);
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 1, &bo.handle, 1, NULL, &seqno));
	/* Unmap and close at once: only the job holds the BO now. */
	h = bo.handle;
	wse_bo_free(self->fd, &bo, 1);
	EXPECT_EQ(-ENOENT, wse_submit(self->fd, self->ctx.ctx_id, cmds, 1, &h, 1, NULL, NULL));
	ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, NULL));

	cmds[0] = whole(DRM_WSE_CMD_COPY_F2H, 0);
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 1, &self->dst.handle, 1));
	EXPECT_EQ(-1, wse_first_diff(copy, self->dst.map, CTX_BYTES));
	free(copy);
}

/* Destroying a context does not cancel its queued jobs. */
TEST_F(submit, ctx_destroy_lets_queued_jobs_finish)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle }, sync;
	struct wse_submit_extra x = { 0 };
	struct drm_wse_cmd cmds[2];
	__u64 seqno;

	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &sync));
	wse_pattern(self->src.map, CTX_BYTES, 0x500);
	memset(self->dst.map, POISON, CTX_BYTES);
	cmds[0] = whole(DRM_WSE_CMD_COPY_H2F, 0);
	cmds[1] = whole(DRM_WSE_CMD_COPY_F2H, 1);
	x.out_syncobj = sync;
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2, &x, &seqno));
	ASSERT_EQ(0, wse_ctx_destroy(self->fd, self->ctx.ctx_id));
	/* The ID is gone at once ... */
	EXPECT_EQ(-ENOENT, wse_wait(self->fd, self->ctx.ctx_id, seqno, 0, NULL));
	EXPECT_EQ(-ENOENT, wse_submit(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2, NULL, NULL));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, self->ctx.ctx_id));
	/* ... the job still runs to completion and signals. */
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, &sync, 1, WSE_WAIT_NS, 0));
	EXPECT_EQ(-1, wse_first_diff(self->src.map, self->dst.map, CTX_BYTES));
	EXPECT_EQ(0, wse_syncobj_destroy(self->fd, sync));
}

/*
 * A process that exits with jobs queued (and one killed while submitting)
 * does not disturb the device: the next jobs of another file run fine.
 */
TEST_F_TIMEOUT(submit, file_closed_with_jobs_queued, 120)
{
	__u32 bos[2] = { self->src.handle, self->dst.handle };
	struct drm_wse_cmd cmds[2];
	int round, status;

	for (round = 0; round < 2; round++) {
		int ready[2];
		pid_t pid;
		char c;

		ASSERT_EQ(0, pipe(ready));
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			struct drm_wse_ctx_create ctx;
			struct wse_bo bo;
			int fd = wse_open(), i;

			close(ready[0]);
			if (fd < 0 || wse_ctx_create(fd, CTX_W, CTX_H, CTX_SRAM, &ctx) ||
			    wse_bo_create(fd, CTX_BYTES, &bo))
				_exit(1);
			cmds[0] = whole(DRM_WSE_CMD_COPY_H2F, 0);
			cmds[1] = whole(DRM_WSE_CMD_COPY_F2H, 0);
			for (i = 0; i < 16; i++) {
				if (wse_submit(fd, ctx.ctx_id, cmds, 2, &bo.handle, 1, NULL, NULL))
					_exit(2);
				if (i == 8 && write(ready[1], "r", 1) != 1)
					_exit(3);
			}
			_exit(0);
		}
		close(ready[1]);
		/* Round 1 kills the child as soon as it has jobs queued. */
		ASSERT_EQ(1, read(ready[0], &c, 1));
		close(ready[0]);
		if (round == 1)
			kill(pid, SIGKILL);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		if (round == 0)
			ASSERT_EQ(0, status) TH_LOG("child status %#x", status);

		wse_pattern(self->src.map, CTX_BYTES, 0x600 + round);
		cmds[0] = whole(DRM_WSE_CMD_COPY_H2F, 0);
		cmds[1] = whole(DRM_WSE_CMD_COPY_F2H, 1);
		ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 2, bos, 2));
		ASSERT_EQ(-1, wse_first_diff(self->src.map, self->dst.map, CTX_BYTES));
	}
}

/*
 * A command the device refuses: the job still completes, WAIT reports the
 * device's status and the failing command's index, and the commands after
 * it did not run. The uapi documents a FILL length that is not a multiple
 * of 4 as invalid; a driver may leave that check to the device.
 */
/*
 * A command that passes the driver's checks but fails on the device: a
 * gemm on a rectangle that is not square, a rule only the device's kernel
 * knows. The job reports the device's status and the failing command; the
 * commands before it ran. (Commands after it that were already on the
 * device may run too, as uapi.rst says, so their effect is not checked.)
 */
TEST_F(submit, device_error_reports_status_and_command)
{
	static struct drm_wse_kernel_info k[256];
	const struct drm_wse_kernel_info *gemm;
	/* t, Mt, Kt, Nt, A, B, C, alpha, beta: 4x4 fp32 blocks */
	const __u32 args[9] = { 0, 4, 4, 4, 0, 64, 128, 0x3f800000, 0 };
	__u32 *out = self->dst.map;
	struct drm_wse_cmd cmds[4];
	struct drm_wse_wait w;
	__u64 seqno;
	int n;

	n = wse_query_kernels(self->fd, k, 256);
	ASSERT_LE(0, n);
	gemm = wse_kernel_find(k, n, "gemm");
	ASSERT_NE(NULL, gemm) TH_LOG("no firmware with a gemm kernel is running");

	cmds[0] = wse_cmd_fill(0, 0, 1, 1, 256, 16, 0x11111111);
	cmds[1] = wse_cmd_fill(0, 0, 1, 1, 256, 16, 0x22222222);
	cmds[2] = wse_cmd_launch(gemm->id, 0, 0, 2, 1, 9, args);
	cmds[3] = wse_cmd_fill(0, 0, 1, 1, 256, 16, 0x44444444);
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 4, NULL, 0, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, &w));
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, w.status);
	EXPECT_EQ(2, w.failed_cmd);

	/* Commands 0 and 1 ran before the failure, in order. */
	cmds[0] = wse_cmd_fill(0, 0, 1, 1, 512, 16, 0x11111111);
	cmds[1] = wse_cmd_fill(0, 0, 1, 1, 512, 16, 0x22222222);
	cmds[2] = wse_cmd_launch(gemm->id, 0, 0, 2, 1, 9, args);
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 3, NULL, 0, NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, &w));
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, w.status);
	EXPECT_EQ(2, w.failed_cmd);
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, 1, 1, 4, 512);
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, cmds, 1, &self->dst.handle, 1));
	EXPECT_EQ(0x22222222, out[0]);
	EXPECT_EQ(0x22222222, out[3]);
}

TEST_HARNESS_MAIN
