// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fabric memory does not carry data from one owner to the next: a context
 * placed where another process's context was reads zeros, never what the
 * previous owner left there.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_test_util.h"

#define SRAM_BYTES	4096
#define MARK		0xa5a5a5a5u

/* In a child process: fill a context with MARK, then exit (closing it). */
static int leave_marked_context(__u16 w, __u16 h, struct drm_wse_ctx_create *where)
{
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd fill;
	int fd = wse_open();

	if (fd < 0)
		return 1;
	if (wse_ctx_create(fd, w, h, SRAM_BYTES, &ctx))
		return 2;
	fill = wse_cmd_fill(0, 0, w, h, 0, SRAM_BYTES, MARK);
	if (wse_run(fd, ctx.ctx_id, &fill, 1, NULL, 0))
		return 3;
	*where = ctx;
	return 0;
}

TEST(new_context_reads_zeros_where_another_process_wrote)
{
	struct drm_wse_ctx_create *prev, ctx;
	struct drm_wse_device_info info;
	struct drm_wse_cmd rd;
	struct wse_bo bo;
	__u16 w, h;
	int fd, status;
	pid_t pid;
	long diff;

	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_device_info(fd, &info));
	/* Small enough to stay cheap, large enough to cover several PEs. */
	w = info.log_width < 8 ? info.log_width : 8;
	h = info.log_height < 8 ? info.log_height : 8;

	prev = mmap(NULL, sizeof(*prev), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, prev);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(leave_marked_context(w, h, prev));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("the first owner failed");

	/* The grid is free again, so first fit puts us where it was. */
	ASSERT_EQ(0, wse_ctx_create(fd, w, h, SRAM_BYTES, &ctx));
	ASSERT_EQ(prev->x, ctx.x);
	ASSERT_EQ(prev->y, ctx.y);
	ASSERT_EQ(prev->sram_offset, ctx.sram_offset);

	ASSERT_EQ(0, wse_bo_create(fd, (__u64)w * h * SRAM_BYTES, &bo));
	memset(bo.map, 0x5a, bo.size);
	rd = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, w, h,
			  SRAM_BYTES / 4, 0);
	ASSERT_EQ(0, wse_run(fd, ctx.ctx_id, &rd, 1, &bo.handle, 1));
	diff = wse_first_not(bo.map, 0, (size_t)w * h * SRAM_BYTES);
	EXPECT_EQ(-1, diff) TH_LOG("byte %ld of the new context is not zero", diff);

	wse_bo_free(fd, &bo, 1);
	EXPECT_EQ(0, wse_ctx_destroy(fd, ctx.ctx_id));
	munmap(prev, sizeof(*prev));
	close(fd);
}

TEST_HARNESS_MAIN
