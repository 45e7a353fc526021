// SPDX-License-Identifier: GPL-2.0-only
/*
 * libwse's compute API against the fake driver and device (fake_accel.c):
 *  - the kernel table (DRM_WSE_QUERY_KERNELS): sizes, a table larger than
 *    the first read, no firmware, a malformed answer; lookup by name;
 *  - wse_cmdbuf_launch(): the LAUNCH packet field by field, the checks
 *    made at append time and what the driver refuses at submit;
 *  - wse_launch(): by name, blocking and not, the argument checks against
 *    the signature (errno, nothing reaching the driver), dependencies as
 *    syncobjs, device failures, and 'add' end to end through the fake
 *    device between two memcpys.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "kselftest_harness.h"
#include "fake_accel.h"
#include "wse_hw.h"

#define CTX_W		4
#define CTX_H		3
#define CTX_SRAM	4096

FIXTURE(launch) {
	struct wse_device *dev;
	struct wse_ctx *ctx;
	struct wse_cmdbuf *cb;
};

FIXTURE_SETUP(launch)
{
	fake_reset();
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_ctx_create(self->dev, CTX_W, CTX_H, CTX_SRAM, &self->ctx));
	ASSERT_EQ(0, wse_cmdbuf_create(self->ctx, &self->cb));
}

FIXTURE_TEARDOWN(launch)
{
	wse_cmdbuf_destroy(self->cb);
	wse_ctx_destroy(self->ctx);
	wse_device_close(self->dev);
	fake_cleanup();
}

/* ---- the kernel table ---- */

TEST_F(launch, query_lists_the_table_in_one_read)
{
	struct drm_wse_kernel_info *k = NULL;
	uint32_t n = 0;

	ASSERT_EQ(0, wse_kernels_query(self->dev, &k, &n));
	ASSERT_EQ(11u, n);
	EXPECT_EQ(1u, fake.kernel_queries);
	EXPECT_EQ(1u, k[0].id);
	EXPECT_STREQ("gemv", k[0].name);
	EXPECT_STREQ("tnnoooff", k[0].signature);
	EXPECT_EQ(2u, k[1].id);
	EXPECT_STREQ("gemm", k[1].name);
	EXPECT_STREQ("stencil5", k[10].name);
	EXPECT_STREQ("tnnoofffff", k[10].signature);
	EXPECT_EQ(3u, k[10].dtypes);
	EXPECT_EQ(0x00010000u, k[10].version);
	free(k);
}

TEST_F(launch, query_grows_for_a_large_table)
{
	struct drm_wse_kernel_info *k = NULL;
	uint32_t n = 0, i;

	for (i = fake.nr_kernels; i < 40; i++) {
		fake.kernels[i] = fake.kernels[0];
		fake.kernels[i].id = 100 + i;
		snprintf(fake.kernels[i].name, sizeof(fake.kernels[i].name), "k%u", i);
	}
	fake.nr_kernels = 40;
	ASSERT_EQ(0, wse_kernels_query(self->dev, &k, &n));
	ASSERT_EQ(40u, n);
	EXPECT_EQ(2u, fake.kernel_queries);
	EXPECT_STREQ("k39", k[39].name);
	EXPECT_EQ(139u, k[39].id);
	free(k);
}

TEST_F(launch, query_without_firmware_is_empty)
{
	struct drm_wse_kernel_info *k = (void *)0x1;
	uint32_t n = 7;

	fake.info.fw_state = DRM_WSE_FW_STATE_WAIT;
	ASSERT_EQ(0, wse_kernels_query(self->dev, &k, &n));
	EXPECT_EQ(0u, n);
	EXPECT_EQ(NULL, k);
}

TEST_F(launch, query_errors)
{
	struct drm_wse_kernel_info *k = (void *)0x1;
	uint32_t n = 7;

	EXPECT_EQ(-EINVAL, wse_kernels_query(NULL, &k, &n));
	EXPECT_EQ(-EINVAL, wse_kernels_query(self->dev, NULL, &n));
	EXPECT_EQ(-EINVAL, wse_kernels_query(self->dev, &k, NULL));
	/* Not a whole number of entries: the driver speaks another ABI. */
	fake.kernels_size_bias = 8;
	EXPECT_EQ(-EPROTO, wse_kernels_query(self->dev, &k, &n));
	EXPECT_EQ((void *)0x1, k);
	EXPECT_EQ(7u, n);
}

TEST_F(launch, find_by_name)
{
	struct drm_wse_kernel_info info, before;

	ASSERT_EQ(0, wse_kernel_find(self->dev, "gemm", &info));
	EXPECT_EQ(2u, info.id);
	EXPECT_STREQ("tnnnoooff", info.signature);
	EXPECT_EQ(9u, wse_kernel_nargs(&info));
	ASSERT_EQ(0, wse_kernel_find(self->dev, "allreduce", &info));
	EXPECT_EQ(10u, info.id);
	EXPECT_EQ(0u, wse_kernel_nargs(NULL));

	memset(&info, 0x5a, sizeof(info));
	before = info;
	EXPECT_EQ(-ENOENT, wse_kernel_find(self->dev, "gem", &info));	/* no prefixes */
	EXPECT_EQ(-ENOENT, wse_kernel_find(self->dev, "GEMM", &info));
	EXPECT_EQ(-EINVAL, wse_kernel_find(self->dev, "", &info));
	EXPECT_EQ(-EINVAL, wse_kernel_find(self->dev, NULL, &info));
	EXPECT_EQ(-EINVAL, wse_kernel_find(self->dev,
					   "a_name_that_is_longer_than_31_chars", &info));
	EXPECT_EQ(-EINVAL, wse_kernel_find(NULL, "gemm", &info));
	fake.info.fw_state = DRM_WSE_FW_STATE_FAILED;
	EXPECT_EQ(-ENOEXEC, wse_kernel_find(self->dev, "gemm", &info));
	EXPECT_EQ(0, memcmp(&before, &info, sizeof(info)));
}

/* ---- wse_cmdbuf_launch ---- */

TEST_F(launch, cmdbuf_launch_fields)
{
	const uint32_t args[] = { WSE_FW_DTYPE_F16, 64, 0, 128, 256 };
	const struct drm_wse_cmd_launch *l = &fake.cmds[0].launch;
	unsigned int i;

	ASSERT_EQ(0, wse_cmdbuf_launch(self->cb, 3, 1, 2, 3, 1, args, 5));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	ASSERT_EQ(1u, fake.nr_cmds);
	EXPECT_EQ((uint32_t)DRM_WSE_CMD_LAUNCH, fake.cmds[0].opcode);
	EXPECT_EQ(0u, fake.cmds[0].flags);
	EXPECT_EQ(3u, l->kernel_id);
	EXPECT_EQ(5u, l->nargs);
	EXPECT_EQ(1, l->x);
	EXPECT_EQ(2, l->y);
	EXPECT_EQ(3, l->width);
	EXPECT_EQ(1, l->height);
	for (i = 0; i < 5; i++)
		EXPECT_EQ(args[i], l->args[i]);
	for (; i < DRM_WSE_LAUNCH_MAX_ARGS; i++)
		EXPECT_EQ(0u, l->args[i]);
	EXPECT_TRUE(tail_zero(&fake.cmds[0], sizeof(*l)));
	/* A launch names no buffer. */
	EXPECT_EQ(0u, fake.submits[0].args.bo_count);
}

TEST_F(launch, cmdbuf_launch_all_sixteen_args)
{
	uint32_t args[DRM_WSE_LAUNCH_MAX_ARGS];
	unsigned int i;

	for (i = 0; i < DRM_WSE_LAUNCH_MAX_ARGS; i++)
		args[i] = 0x1000 + i;
	ASSERT_EQ(0, wse_cmdbuf_launch(self->cb, 77, 0, 0, CTX_W, CTX_H, args,
				       DRM_WSE_LAUNCH_MAX_ARGS));
	/* No firmware kernel 77: the builder does not know, the driver does. */
	EXPECT_EQ(-ENOENT, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	EXPECT_EQ(0u, fake.nr_submits);
	wse_cmdbuf_reset(self->cb);
	/* A kernel without arguments (a firmware may have one): all zero. */
	fake.kernels[fake.nr_kernels] = fake.kernels[0];
	fake.kernels[fake.nr_kernels].id = 50;
	memset(fake.kernels[fake.nr_kernels].signature, 0, DRM_WSE_LAUNCH_MAX_ARGS);
	fake.nr_kernels++;
	ASSERT_EQ(0, wse_cmdbuf_launch(self->cb, 50, 0, 0, 1, 1, NULL, 0));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	EXPECT_EQ(50u, fake.cmds[0].launch.kernel_id);
	EXPECT_EQ(0u, fake.cmds[0].launch.nargs);
	EXPECT_TRUE(tail_zero(&fake.cmds[0], 16));
}

TEST_F(launch, cmdbuf_launch_errors_append_nothing)
{
	const uint32_t args[DRM_WSE_LAUNCH_MAX_ARGS + 1] = { 0 };
	unsigned int i;

	EXPECT_EQ(-EINVAL, wse_cmdbuf_launch(NULL, 3, 0, 0, 1, 1, args, 5));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_launch(self->cb, 3, 0, 0, 1, 1, args,
					     DRM_WSE_LAUNCH_MAX_ARGS + 1));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_launch(self->cb, 3, 0, 0, 1, 1, NULL, 5));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_launch(self->cb, 3, 0, 0, 0, 1, args, 5));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_launch(self->cb, 3, 0, 0, 1, 0, args, 5));
	EXPECT_EQ(-EACCES, wse_cmdbuf_launch(self->cb, 3, 0, 0, CTX_W + 1, 1, args, 5));
	EXPECT_EQ(-EACCES, wse_cmdbuf_launch(self->cb, 3, CTX_W - 1, 0, 2, 1, args, 5));
	EXPECT_EQ(-EACCES, wse_cmdbuf_launch(self->cb, 3, 0, CTX_H, 1, 1, args, 5));
	/* Beyond the ABI's 16 bits must not wrap into the rectangle. */
	EXPECT_EQ(-EACCES, wse_cmdbuf_launch(self->cb, 3, 65536, 0, 1, 1, args, 5));
	EXPECT_EQ(-EACCES, wse_cmdbuf_launch(self->cb, 3, 0, 0, 65537, 1, args, 5));
	EXPECT_EQ(0u, wse_cmdbuf_count(self->cb));
	for (i = 0; i < DRM_WSE_MAX_CMDS; i++)
		ASSERT_EQ(0, wse_cmdbuf_launch(self->cb, 3, 0, 0, 1, 1, args, 5));
	EXPECT_EQ(-E2BIG, wse_cmdbuf_launch(self->cb, 3, 0, 0, 1, 1, args, 5));
	EXPECT_EQ((uint32_t)DRM_WSE_MAX_CMDS, wse_cmdbuf_count(self->cb));
}

TEST_F(launch, submit_without_firmware_is_enoexec)
{
	const uint32_t args[] = { 0, 4, 0, 16, 32 };

	ASSERT_EQ(0, wse_cmdbuf_launch(self->cb, 3, 0, 0, 1, 1, args, 5));
	fake.info.fw_state = DRM_WSE_FW_STATE_WAIT;
	EXPECT_EQ(-ENOEXEC, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	fake.info.fw_state = DRM_WSE_FW_STATE_READY;
	EXPECT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
}

/* ---- wse_launch ---- */

/* add's arguments: fp32, @n elements, x at 0, y after it, z after y. */
static void add_args(uint32_t *a, uint32_t n)
{
	a[0] = WSE_FW_DTYPE_F32;
	a[1] = n;
	a[2] = 0;
	a[3] = n * 4;
	a[4] = n * 8;
}

TEST_F(launch, add_end_to_end)
{
	enum { N = 16, PES = CTX_W * CTX_H };
	static float x[PES * N], y[PES * N], z[PES * N];
	uint32_t args[5];
	unsigned int i;

	for (i = 0; i < PES * N; i++) {
		x[i] = (float)i * 0.5f;
		y[i] = 1000.0f - (float)i;
		z[i] = -1;
	}
	add_args(args, N);
	ASSERT_EQ(0, wse_memcpy_h2d(self->ctx, x, 0, 0, CTX_W, CTX_H, N, args[2],
				    WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR, 0, NULL));
	ASSERT_EQ(0, wse_memcpy_h2d(self->ctx, y, 0, 0, CTX_W, CTX_H, N, args[3],
				    WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR, 0, NULL));
	ASSERT_EQ(0, wse_launch(self->ctx, "add", 0, 0, CTX_W, CTX_H, args, 5, 0, NULL, 0,
				NULL));
	ASSERT_EQ(0, wse_memcpy_d2h(self->ctx, z, 0, 0, CTX_W, CTX_H, N, args[4],
				    WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR, 0, NULL));
	for (i = 0; i < PES * N; i++)
		ASSERT_EQ(x[i] + y[i], z[i]);

	/* The launch was the third job: kernel 3 on the whole context. */
	ASSERT_EQ(4u, fake.nr_submits);
	EXPECT_EQ(1u, fake.submits[2].args.cmd_count);
	EXPECT_EQ(0u, fake.submits[2].args.in_syncobj_count);
	EXPECT_EQ(0u, fake.submits[2].args.out_syncobj);
	EXPECT_EQ((uint32_t)DRM_WSE_CMD_LAUNCH, fake.cmds[fake.submits[2].first_cmd].opcode);
	EXPECT_EQ(3u, fake.cmds[fake.submits[2].first_cmd].launch.kernel_id);
	EXPECT_EQ(0, memcmp(args, fake.cmds[fake.submits[2].first_cmd].launch.args,
			    sizeof(args)));
	/* Blocking calls leave no syncobj behind, and make none. */
	EXPECT_EQ(0u, fake.syncobj_creates);
}

TEST_F(launch, nonblock_task_owns_a_syncobj)
{
	struct wse_job_status st;
	struct wse_task *task = NULL;
	uint32_t args[5];

	add_args(args, 8);
	ASSERT_EQ(0, wse_launch(self->ctx, "add", 1, 1, 2, 2, args, 5, WSE_LAUNCH_NONBLOCK,
				NULL, 0, &task));
	ASSERT_NE(NULL, task);
	EXPECT_NE(0u, wse_task_syncobj(task));
	EXPECT_EQ(1u, fake_live_syncobjs());
	EXPECT_EQ(wse_task_syncobj(task), fake.submits[0].args.out_syncobj);
	memset(&st, 0xff, sizeof(st));
	EXPECT_EQ(0, wse_task_wait(task, WSE_TIMEOUT_INFINITE, &st));
	EXPECT_EQ(0u, st.status);
	EXPECT_EQ(1000u, st.device_time_ns);	/* what the fake reports per job */
	wse_task_free(task);
	EXPECT_EQ(0u, fake_live_syncobjs());
	EXPECT_EQ(0u, wse_task_syncobj(NULL));
}

TEST_F(launch, after_waits_on_tasks_of_other_contexts)
{
	static float buf[CTX_W * CTX_H * 1024];
	struct wse_task *copy = NULL, *first = NULL, *second = NULL;
	struct wse_task *after[2];
	struct wse_ctx *other;
	uint32_t args[5];

	ASSERT_EQ(0, wse_ctx_create(self->dev, CTX_W, CTX_H, CTX_SRAM, &other));
	/* A NONBLOCK memcpy's syncobj signals with its last submit only. */
	ASSERT_EQ(0, wse_memcpy_h2d(other, buf, 0, 0, CTX_W, CTX_H, 1024, 0, WSE_DTYPE_32,
				    WSE_ORDER_ROW_MAJOR, WSE_MEMCPY_NONBLOCK, &copy));
	ASSERT_NE(0u, wse_task_syncobj(copy));
	EXPECT_EQ(wse_task_syncobj(copy),
		  fake.submits[fake.nr_submits - 1].args.out_syncobj);
	add_args(args, 8);
	ASSERT_EQ(0, wse_launch(other, "add", 0, 0, 1, 1, args, 5, WSE_LAUNCH_NONBLOCK,
				NULL, 0, &first));
	after[0] = copy;
	after[1] = first;
	ASSERT_EQ(0, wse_launch(self->ctx, "add", 0, 0, 1, 1, args, 5, WSE_LAUNCH_NONBLOCK,
				after, 2, &second));
	{
		const struct fake_submit *s = &fake.submits[fake.nr_submits - 1];

		EXPECT_EQ(2u, s->args.in_syncobj_count);
		EXPECT_EQ(wse_task_syncobj(copy), s->in_syncobjs[0]);
		EXPECT_EQ(wse_task_syncobj(first), s->in_syncobjs[1]);
		EXPECT_EQ(wse_task_syncobj(second), s->args.out_syncobj);
	}
	/* A finished task still works as a dependency (its fence has signalled). */
	EXPECT_EQ(0, wse_task_wait(copy, WSE_TIMEOUT_INFINITE, NULL));
	EXPECT_EQ(0, wse_launch(self->ctx, "add", 0, 0, 1, 1, args, 5, 0, after, 1, NULL));
	EXPECT_EQ(wse_task_syncobj(copy), fake.submits[fake.nr_submits - 1].in_syncobjs[0]);
	wse_task_free(copy);
	wse_task_free(first);
	wse_task_free(second);
	EXPECT_EQ(0u, fake_live_syncobjs());
	wse_ctx_destroy(other);
}

TEST_F(launch, argument_errors_reach_nothing)
{
	struct wse_task *task = (struct wse_task *)0x1, *none[1] = { NULL };
	struct wse_task *many[DRM_WSE_MAX_IN_SYNCOBJS + 1];
	uint32_t a[5], axpy[5];

	add_args(a, 8);
#define LAUNCH(...)	wse_launch(self->ctx, __VA_ARGS__, &task)
	EXPECT_EQ(-EINVAL, wse_launch(NULL, "add", 0, 0, 1, 1, a, 5, 0, NULL, 0, &task));
	EXPECT_EQ(-EINVAL, LAUNCH(NULL, 0, 0, 1, 1, a, 5, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 2, NULL, 0));	/* flags */
	EXPECT_EQ(-EINVAL, wse_launch(self->ctx, "add", 0, 0, 1, 1, a, 5,
				      WSE_LAUNCH_NONBLOCK, NULL, 0, NULL));
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, NULL, 5, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 17, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 0, 1, a, 5, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 4, 0, NULL, 0));	/* signature */
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 1));
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, none, 1));
	EXPECT_EQ(-E2BIG, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, many,
				 DRM_WSE_MAX_IN_SYNCOBJS + 1));
	a[0] = 2;	/* no such element type */
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	fake.kernels[2].dtypes = WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32);
	a[0] = WSE_FW_DTYPE_F16;	/* one this firmware's add does not take */
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	add_args(a, 0);
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	add_args(a, 65537);
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	add_args(a, 8);
	a[3] = 6;	/* not a multiple of 4 */
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	/* Outside the context: EACCES, but only once everything else is valid. */
	a[3] = CTX_SRAM;
	EXPECT_EQ(-EACCES, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	a[1] = 0;
	EXPECT_EQ(-EINVAL, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	add_args(a, 8);
	EXPECT_EQ(-EACCES, LAUNCH("add", 0, 0, CTX_W + 1, 1, a, 5, 0, NULL, 0));
	EXPECT_EQ(-EACCES, LAUNCH("add", 1, CTX_H, 1, 1, a, 5, 0, NULL, 0));
	/* 'f' must be a finite float. */
	axpy[0] = WSE_FW_DTYPE_F32;
	axpy[1] = 4;
	axpy[2] = wse_arg_f32(INFINITY);
	axpy[3] = 0;
	axpy[4] = 16;
	EXPECT_EQ(-EINVAL, LAUNCH("axpy", 0, 0, 1, 1, axpy, 5, 0, NULL, 0));
	axpy[2] = wse_arg_f32(NAN);
	EXPECT_EQ(-EINVAL, LAUNCH("axpy", 0, 0, 1, 1, axpy, 5, 0, NULL, 0));
	/* The kernel must exist, and firmware must run. */
	EXPECT_EQ(-ENOENT, LAUNCH("nosuch", 0, 0, 1, 1, a, 5, 0, NULL, 0));
	fake.info.fw_state = DRM_WSE_FW_STATE_CRASHED;
	EXPECT_EQ(-ENOEXEC, LAUNCH("add", 0, 0, 1, 1, a, 5, 0, NULL, 0));
#undef LAUNCH
	EXPECT_EQ(0u, fake.submit_calls);
	EXPECT_EQ(0u, fake.syncobj_creates);
	EXPECT_EQ((struct wse_task *)0x1, task);
	/* Once valid, the same call goes through. */
	fake.info.fw_state = DRM_WSE_FW_STATE_READY;
	axpy[2] = wse_arg_f32(-0.5f);
	EXPECT_EQ(0, wse_launch(self->ctx, "axpy", 0, 0, 1, 1, axpy, 5, 0, NULL, 0, NULL));
	EXPECT_EQ(axpy[2], fake.cmds[0].launch.args[2]);
}

TEST_F(launch, task_of_another_device_is_refused)
{
	struct wse_device *dev2;
	struct wse_ctx *ctx2;
	struct wse_task *t2 = NULL, *t = (struct wse_task *)0x1;
	uint32_t a[5];

	add_args(a, 8);
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &dev2));
	ASSERT_EQ(0, wse_ctx_create(dev2, 1, 1, 1024, &ctx2));
	ASSERT_EQ(0, wse_launch(ctx2, "add", 0, 0, 1, 1, a, 5, WSE_LAUNCH_NONBLOCK, NULL, 0,
				&t2));
	/* Its syncobj means nothing on this device's fd. */
	EXPECT_EQ(-EINVAL, wse_launch(self->ctx, "add", 0, 0, 1, 1, a, 5, WSE_LAUNCH_NONBLOCK,
				      &t2, 1, &t));
	EXPECT_EQ((struct wse_task *)0x1, t);
	wse_task_free(t2);
	wse_ctx_destroy(ctx2);
	wse_device_close(dev2);
}

TEST_F(launch, device_failure_is_eio_with_status)
{
	struct wse_job_status st;
	struct wse_task *task;
	uint32_t a[5];

	add_args(a, 8);
	fake.fail_cmd = 1;
	fake.fail_status = WSE_STS_KERNEL_ARGS;
	EXPECT_EQ(-EIO, wse_launch(self->ctx, "add", 0, 0, 1, 1, a, 5, 0, NULL, 0, NULL));
	fake.fail_cmd = 2;
	fake.fail_status = WSE_STS_FABRIC_RANGE;
	ASSERT_EQ(0, wse_launch(self->ctx, "add", 0, 0, 1, 1, a, 5, WSE_LAUNCH_NONBLOCK,
				NULL, 0, &task));
	EXPECT_EQ(-EIO, wse_task_wait(task, WSE_TIMEOUT_INFINITE, &st));
	EXPECT_EQ((uint32_t)WSE_STS_FABRIC_RANGE, st.status);
	EXPECT_EQ(0u, st.failed_cmd);
	/* The result sticks. */
	EXPECT_EQ(-EIO, wse_task_wait(task, 0, NULL));
	wse_task_free(task);
	fake.fail_cmd = 3;
	fake.fail_status = WSE_STS_ABORTED;
	EXPECT_EQ(-ECANCELED, wse_launch(self->ctx, "add", 0, 0, 1, 1, a, 5, 0, NULL, 0,
					 NULL));
}

TEST_F(launch, nonblock_wait_times_out_then_completes)
{
	struct wse_task *task;
	uint32_t a[5];

	add_args(a, 8);
	ASSERT_EQ(0, wse_launch(self->ctx, "add", 0, 0, 1, 1, a, 5, WSE_LAUNCH_NONBLOCK,
				NULL, 0, &task));
	fake.busy = true;
	EXPECT_EQ(-ETIME, wse_task_wait(task, 0, NULL));
	fake.busy = false;
	EXPECT_EQ(0, wse_task_wait(task, 0, NULL));
	wse_task_free(task);
}

TEST_F(launch, failed_submit_leaves_no_task_or_syncobj)
{
	struct wse_task *task = (struct wse_task *)0x1;
	uint32_t a[5];

	add_args(a, 8);
	fake.submit_errno_at = 1;
	fake.submit_errno = ENODEV;
	EXPECT_EQ(-ENODEV, wse_launch(self->ctx, "add", 0, 0, 1, 1, a, 5,
				      WSE_LAUNCH_NONBLOCK, NULL, 0, &task));
	EXPECT_EQ((struct wse_task *)0x1, task);
	EXPECT_EQ(1u, fake.syncobj_creates);
	EXPECT_EQ(0u, fake_live_syncobjs());
}

TEST_HARNESS_MAIN
