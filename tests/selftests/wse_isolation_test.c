// SPDX-License-Identifier: GPL-2.0-only
/*
 * One process cannot reach another's data on the device:
 *  - fabric memory does not carry data from one owner to the next: a
 *    context placed where another process's context was reads zeros,
 *    never what the previous owner left there, even when that owner's
 *    jobs were still running as it went away;
 *  - GEM handles, mmap offsets and context ids of one file mean nothing
 *    in another process's file (ENOENT, EACCES);
 *  - a packet naming fabric outside the submitter's own reservation is
 *    refused (EACCES), and a kernel reaching past it fails on the device,
 *    the neighbour's bytes untouched;
 *  - a dma-buf is usable only by a process it was explicitly passed to;
 *  - an unprivileged user of the device cannot load firmware, reset the
 *    device or inject faults; a user outside group wse cannot open it.
 */
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_hostile_util.h"

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

/* ------------------------------------------------------------------ */
/* Two processes at once                                               */
/* ------------------------------------------------------------------ */

/* One byte through a pipe or socket: the other side may go on. */
static int post(int fd)
{
	return write(fd, "x", 1) == 1 ? 0 : -1;
}

static int await(int fd)
{
	char c;

	return read(fd, &c, 1) == 1 ? 0 : -1;
}

/* In a child: give up with @code (the parent reports which step). */
#define CHILD_REQUIRE(cond, code)	do { if (!(cond)) _exit(code); } while (0)

static void expect_child(struct __test_metadata *_metadata, pid_t pid, const char *what)
{
	int status;

	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("%s: status 0x%x", what, status);
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("%s failed at step %d", what,
						 WEXITSTATUS(status));
}

/*
 * The handles, mmap offsets and context ids of the parent's file, used by
 * a child on a file of its own: nothing of the parent's is reachable.
 * (The child has fewer objects, so the parent's higher numbers name
 * nothing there; the lowest ones name the child's own objects.)
 */
TEST(objects_of_another_process_are_unreachable)
{
	struct drm_wse_ctx_create ctx, ctx2;
	struct drm_wse_bo_info bi = { 0 };
	struct drm_wse_cmd cmd;
	struct wse_bo bo, bo2;
	int fd, pfd;
	pid_t pid;

	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_bo_create(fd, 4 * WSE_PAGE, &bo));
	ASSERT_EQ(0, wse_bo_create(fd, 4 * WSE_PAGE, &bo2));
	ASSERT_EQ(0, wse_ctx_create(fd, 2, 2, 1024, &ctx));
	ASSERT_EQ(0, wse_ctx_create(fd, 2, 2, 1024, &ctx2));
	wse_pattern(bo.map, 4 * WSE_PAGE, 11);
	cmd = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, 2, 2, 256, 0);
	ASSERT_EQ(0, wse_run(fd, ctx2.ctx_id, &cmd, 1, &bo.handle, 1));
	bi.handle = bo2.handle;
	ASSERT_EQ(0, wse_ioctl(fd, DRM_IOCTL_WSE_BO_INFO, &bi));
	pfd = fd;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct drm_prime_handle p = { .handle = bo2.handle, .flags = DRM_CLOEXEC };
		struct drm_wse_bo_info mine = { 0 };
		struct drm_wse_ctx_create own;
		struct wse_bo b;
		void *m;

		close(pfd);	/* what fork gave us is not what we test */
		fd = wse_open();
		CHILD_REQUIRE(fd >= 0, 10);
		CHILD_REQUIRE(!wse_bo_create(fd, WSE_PAGE, &b), 11);
		/* BO handles */
		mine.handle = bo2.handle;
		CHILD_REQUIRE(wse_ioctl(fd, DRM_IOCTL_WSE_BO_INFO, &mine) == -ENOENT, 12);
		CHILD_REQUIRE(wse_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p) == -ENOENT, 13);
		CHILD_REQUIRE(wse_gem_close(fd, bo2.handle) == -EINVAL, 14);
		/* The parent's mmap offset, through our file. */
		m = mmap(NULL, WSE_PAGE, PROT_READ, MAP_SHARED, fd, bi.mmap_offset);
		CHILD_REQUIRE(m == MAP_FAILED && errno == EACCES, 15);
		/* Context ids: none here yet, then one of our own (id 1). */
		cmd = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, 2, 2, 256, 0);
		CHILD_REQUIRE(wse_submit(fd, ctx.ctx_id, &cmd, 1, &b.handle, 1, NULL, NULL) ==
			      -ENOENT, 16);
		CHILD_REQUIRE(wse_wait(fd, ctx2.ctx_id, 1, 0, NULL) == -ENOENT, 17);
		CHILD_REQUIRE(wse_ctx_destroy(fd, ctx2.ctx_id) == -ENOENT, 18);
		CHILD_REQUIRE(!wse_ctx_create(fd, 2, 2, 1024, &own), 19);
		CHILD_REQUIRE(wse_submit(fd, ctx2.ctx_id, &cmd, 1, &b.handle, 1, NULL, NULL) ==
			      -ENOENT, 20);
		/* Our context 1 reads our own zeros, not the parent's data. */
		memset(b.map, 0x5a, WSE_PAGE);
		CHILD_REQUIRE(!wse_run(fd, own.ctx_id, &cmd, 1, &b.handle, 1), 21);
		CHILD_REQUIRE(wse_first_not(b.map, 0, 4096) == -1, 22);
		_exit(0);
	}
	expect_child(_metadata, pid, "child");

	/* Everything of the parent's is as it was. */
	cmd = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 2 * WSE_PAGE, 0, 0, 2, 2, 256, 0);
	ASSERT_EQ(0, wse_run(fd, ctx2.ctx_id, &cmd, 1, &bo.handle, 1));
	EXPECT_EQ(-1, wse_first_diff(bo.map, (unsigned char *)bo.map + 2 * WSE_PAGE, 4096));
	EXPECT_EQ(0, wse_ctx_destroy(fd, ctx2.ctx_id));
	EXPECT_EQ(0, wse_ctx_destroy(fd, ctx.ctx_id));
	wse_bo_free(fd, &bo2, 1);
	wse_bo_free(fd, &bo, 1);
	EXPECT_EQ(0, wse_roundtrip(fd, 12));
	close(fd);
}

#define NEIGH_SRAM	1024u		/* a multiple of the 64-byte alignment */

/*
 * Two processes share every PE, each with its own SRAM range: the
 * attacker at [0, 1024), the victim right above it. Every way the
 * attacker can name the victim's bytes is refused; a kernel whose buffer
 * starts inside the attacker's range and runs into the victim's fails on
 * the device; the victim's data survives all of it.
 */
TEST(packets_cannot_reach_another_reservation)
{
	struct drm_wse_ctx_create a, *v;
	struct drm_wse_kernel_info k[32];
	struct drm_wse_device_info info;
	const struct drm_wse_kernel_info *relu;
	struct drm_wse_cmd c;
	struct drm_wse_wait w;
	struct wse_bo bo;
	int fd, to_child[2], to_parent[2], nk;
	__u16 gw, gh;
	__u64 bytes, seqno;
	pid_t pid;

	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_device_info(fd, &info));
	gw = info.log_width;
	gh = info.log_height;
	bytes = (__u64)gw * gh * NEIGH_SRAM;
	if (bytes > (64ull << 20))
		SKIP(return, "the grid is too large to copy whole");
	ASSERT_EQ(0, wse_ctx_create(fd, gw, gh, NEIGH_SRAM, &a));
	ASSERT_EQ(0, a.sram_offset) TH_LOG("the device is not idle");
	v = mmap(NULL, sizeof(*v), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, v);
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct drm_wse_cmd io;
		struct wse_bo vb;
		int vfd = wse_open();

		CHILD_REQUIRE(vfd >= 0, 10);
		CHILD_REQUIRE(!wse_ctx_create(vfd, gw, gh, NEIGH_SRAM, v), 11);
		CHILD_REQUIRE(!wse_bo_create(vfd, 2 * bytes, &vb), 12);
		wse_pattern(vb.map, bytes, 13);
		io = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, gw, gh, NEIGH_SRAM / 4, 0);
		CHILD_REQUIRE(!wse_run(vfd, v->ctx_id, &io, 1, &vb.handle, 1), 13);
		CHILD_REQUIRE(!post(to_parent[1]) && !await(to_child[0]), 14);
		io = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, bytes, 0, 0, gw, gh,
				  NEIGH_SRAM / 4, 0);
		CHILD_REQUIRE(!wse_run(vfd, v->ctx_id, &io, 1, &vb.handle, 1), 15);
		CHILD_REQUIRE(wse_first_diff(vb.map, (unsigned char *)vb.map + bytes, bytes) == -1,
			      16);
		_exit(0);
	}
	ASSERT_EQ(0, await(to_parent[0]));
	ASSERT_EQ(NEIGH_SRAM, v->sram_offset);
	ASSERT_EQ(0, v->x);
	ASSERT_EQ(0, v->y);
	ASSERT_EQ(0, wse_bo_create(fd, 2 * bytes, &bo));

	/* Byte ranges starting in, or reaching into, the victim's range. */
	c = wse_cmd_fill(0, 0, gw, gh, NEIGH_SRAM, 64, 0xbad);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, NULL, 0));
	c = wse_cmd_fill(0, 0, 1, 1, NEIGH_SRAM - 64, 128, 0xbad);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, NULL, 0));
	c = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, gw, gh, 1, NEIGH_SRAM);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, &bo.handle, 1));
	c = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, DRM_WSE_CMD_F_DTYPE_16, 0, 0, 0, 0, 1, 1,
			 NEIGH_SRAM / 2 + 1, 0);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, &bo.handle, 1));
	c = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, gw - 1, gh - 1, 1, 1, 1, NEIGH_SRAM);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, &bo.handle, 1));
	c = wse_cmd_f2f(0, 0, 0, 1, 1, 1, 0, 0, 0, NEIGH_SRAM);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, NULL, 0));
	c = wse_cmd_f2f(0, 0, 0, 1, 1, 1, NEIGH_SRAM, 0, 0, 0);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, NULL, 0));
	/* PEs off the attacker's rectangle (here: off the grid). */
	c = wse_cmd_fill(gw, 0, 1, 1, 0, 64, 0xbad);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, NULL, 0));
	c = wse_cmd_fill(0, gh, 1, 1, 0, 64, 0xbad);
	EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, NULL, 0));

	/* Kernels: an 'o' outside is refused; one reaching out fails on the device. */
	nk = wse_query_kernels(fd, k, 32);
	relu = nk > 0 ? wse_kernel_find(k, nk, "relu") : NULL;
	if (relu) {
		__u32 args[4] = { WSE_FW_DTYPE_F32, 16, 0, NEIGH_SRAM };

		c = wse_cmd_launch(relu->id, 0, 0, gw, gh, 4, args);
		EXPECT_EQ(-EACCES, wse_run(fd, a.ctx_id, &c, 1, NULL, 0));
		args[3] = NEIGH_SRAM - 4;
		c = wse_cmd_launch(relu->id, 0, 0, gw, gh, 4, args);
		ASSERT_EQ(0, wse_submit(fd, a.ctx_id, &c, 1, NULL, 0, NULL, &seqno));
		ASSERT_EQ(0, wse_wait(fd, a.ctx_id, seqno, WSE_WAIT_NS, &w));
		EXPECT_EQ(WSE_STS_FABRIC_RANGE, w.status);
	}

	/* What the attacker can read is its own range: zeros, never the victim's. */
	memset(bo.map, 0x5a, bytes);
	c = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, gw, gh, NEIGH_SRAM / 4, 0);
	ASSERT_EQ(0, wse_run(fd, a.ctx_id, &c, 1, &bo.handle, 1));
	EXPECT_EQ(-1, wse_first_not(bo.map, 0, bytes));

	ASSERT_EQ(0, post(to_child[1]));
	expect_child(_metadata, pid, "victim");
	wse_bo_free(fd, &bo, 1);
	EXPECT_EQ(0, wse_ctx_destroy(fd, a.ctx_id));
	munmap(v, sizeof(*v));
	close(fd);
}

/*
 * A process destroys its context while a long job still fills it, and
 * keeps running. Its reservation goes back to the pool only when that
 * job is done, and the next owner's context reads zeros: no late write
 * of the old owner lands after the new owner's scrub.
 */
TEST(context_destroyed_with_jobs_in_flight_is_scrubbed_for_the_next_owner)
{
	struct drm_wse_device_info info;
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd rd;
	struct wse_bo bo;
	int fd, to_child[2], to_parent[2], ret, tries;
	__u16 w, h;
	__u32 sram;
	__u64 bytes;
	pid_t pid;
	long diff;

	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_device_info(fd, &info));
	/* All of the fabric, so the next owner can only be placed there. */
	w = info.log_width;
	h = info.log_height;
	sram = info.pe_sram_bytes;
	bytes = (__u64)w * h * sram;
	if (bytes > (256ull << 20))
		SKIP(return, "the fabric is too large to copy whole");
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct drm_wse_cmd fills[4];
		struct drm_wse_ctx_create c;
		unsigned int i;
		int cfd = wse_open();

		CHILD_REQUIRE(cfd >= 0, 10);
		CHILD_REQUIRE(!wse_ctx_create(cfd, w, h, sram, &c), 11);
		for (i = 0; i < 4; i++)
			fills[i] = wse_cmd_fill(0, 0, w, h, 0, sram & ~3u, MARK + i);
		CHILD_REQUIRE(!wse_submit(cfd, c.ctx_id, fills, 4, NULL, 0, NULL, NULL), 12);
		CHILD_REQUIRE(!wse_ctx_destroy(cfd, c.ctx_id), 13);
		CHILD_REQUIRE(!post(to_parent[1]), 14);
		/* Stay alive, file open, until the parent has looked. */
		CHILD_REQUIRE(!await(to_child[0]), 15);
		_exit(0);
	}
	ASSERT_EQ(0, await(to_parent[0]));
	/*
	 * Nothing tells userspace when a reservation is released, so ask
	 * until it is (the child's job takes well under a second).
	 */
	for (tries = 0; tries < 30000; tries++) {
		ret = wse_ctx_create(fd, w, h, sram, &ctx);
		if (ret != -ENOSPC)
			break;
		usleep(1000);
	}
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, wse_bo_create(fd, bytes, &bo));
	memset(bo.map, 0x5a, bytes);
	rd = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, w, h, sram / 4, 0);
	ASSERT_EQ(0, wse_run(fd, ctx.ctx_id, &rd, 1, &bo.handle, 1));
	diff = wse_first_not(bo.map, 0, bytes);
	EXPECT_EQ(-1, diff) TH_LOG("byte %ld reads 0x%02x", diff,
				   diff < 0 ? 0 : ((unsigned char *)bo.map)[diff]);
	ASSERT_EQ(0, post(to_child[1]));
	expect_child(_metadata, pid, "old owner");
	wse_bo_free(fd, &bo, 1);
	EXPECT_EQ(0, wse_ctx_destroy(fd, ctx.ctx_id));
	close(fd);
}

/* Send @fd over the socket @sock (SCM_RIGHTS). */
static int send_fd(int sock, int fd)
{
	char byte = 'f', ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;

	memset(ctl, 0, sizeof(ctl));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char byte, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/*
 * A BO exported as a dma-buf is reachable only through that fd: a process
 * that was not given it finds no descriptor to import; once the fd is
 * passed (SCM_RIGHTS), the import works and shows the exporter's data.
 */
TEST(dma_buf_only_where_passed)
{
	int sv[2], fd, dmabuf;
	struct wse_bo bo;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct drm_wse_bo_info bi = { 0 };
		struct drm_wse_ctx_create ctx;
		struct drm_wse_cmd cmds[2];
		__u32 handles[2], imported;
		struct wse_bo mine;
		unsigned char *want;
		int cfd = wse_open(), n, got;

		close(sv[0]);
		CHILD_REQUIRE(cfd >= 0, 10);
		CHILD_REQUIRE(!await(sv[1]), 11);	/* the parent has exported it */
		for (n = 0; n < 1024; n++) {
			if (n == cfd || n == sv[1])
				continue;
			CHILD_REQUIRE(wse_prime_import(cfd, n, &imported) < 0, 12);
		}
		CHILD_REQUIRE(!post(sv[1]), 13);
		got = recv_fd(sv[1]);
		CHILD_REQUIRE(got >= 0, 14);
		CHILD_REQUIRE(!wse_prime_import(cfd, got, &imported), 15);
		bi.handle = imported;
		CHILD_REQUIRE(!wse_ioctl(cfd, DRM_IOCTL_WSE_BO_INFO, &bi), 16);
		CHILD_REQUIRE(bi.size == 4 * WSE_PAGE, 17);
		/* Through the device: imported BO -> fabric -> our own BO. */
		CHILD_REQUIRE(!wse_ctx_create(cfd, 2, 2, 4096, &ctx), 18);
		CHILD_REQUIRE(!wse_bo_create(cfd, 4 * WSE_PAGE, &mine), 19);
		handles[0] = imported;
		handles[1] = mine.handle;
		cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, 2, 2, 1024, 0);
		cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, 0, 0, 2, 2, 1024, 0);
		CHILD_REQUIRE(!wse_run(cfd, ctx.ctx_id, cmds, 2, handles, 2), 20);
		want = malloc(4 * WSE_PAGE);
		CHILD_REQUIRE(want, 21);
		wse_pattern(want, 4 * WSE_PAGE, 14);
		CHILD_REQUIRE(!memcmp(want, mine.map, 4 * WSE_PAGE), 22);
		_exit(0);
	}
	close(sv[1]);
	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_bo_create(fd, 4 * WSE_PAGE, &bo));
	wse_pattern(bo.map, 4 * WSE_PAGE, 14);
	dmabuf = wse_prime_export(fd, bo.handle);
	ASSERT_LE(0, dmabuf);
	ASSERT_EQ(0, post(sv[0]));
	ASSERT_EQ(0, await(sv[0]));		/* the child found nothing */
	ASSERT_EQ(0, send_fd(sv[0], dmabuf));
	expect_child(_metadata, pid, "importer");
	close(dmabuf);
	wse_bo_free(fd, &bo, 1);
	close(fd);
}

/* Drop to @uid with @gid as the only group. 0 or -errno. */
#define WSE_USER	1000	/* in group wse (gid 1000), see tests/vm */
#define OTHER_USER	1001	/* not in group wse */

/*
 * wse-user may use the device (the udev rule gives group wse the node),
 * but not administer it: FW_LOAD is EPERM, flink names (global, so
 * guessable) are not for it, and the recover attribute and the
 * fault-injection port are root's. other-user may not open the node.
 */
TEST(unprivileged_users)
{
	char node[PATH_MAX], sysdev[PATH_MAX], recover[PATH_MAX + 16];
	struct stat st;
	pid_t pid;
	int status;

	if (geteuid())
		SKIP(return, "needs root to drop to other users");
	ASSERT_EQ(0, wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)));
	ASSERT_EQ(0, stat(node, &st));
	if (st.st_gid != WSE_USER || !(st.st_mode & 0060))
		SKIP(return, "the node is not group wse rw (no udev rule applied)");
	snprintf(recover, sizeof(recover), "%s/recover", sysdev);

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct drm_wse_fw_load l = { .size = 4096 };
		struct drm_gem_flink fl = { 0 };
		struct drm_gem_open op = { .name = 1 };
		struct wse_bo bo;
		unsigned char *img = malloc(4096);
		int fd;

		CHILD_REQUIRE(img, 9);
		CHILD_REQUIRE(!wse_become(WSE_USER, WSE_USER), 10);
		fd = open(node, O_RDWR | O_CLOEXEC);
		CHILD_REQUIRE(fd >= 0, 11);
		memset(img, 0, 4096);
		l.data = (uintptr_t)img;
		CHILD_REQUIRE(wse_ioctl(fd, DRM_IOCTL_WSE_FW_LOAD, &l) == -EPERM, 12);
		l.flags = 1;			/* EPERM comes first */
		CHILD_REQUIRE(wse_ioctl(fd, DRM_IOCTL_WSE_FW_LOAD, &l) == -EPERM, 13);
		l = (struct drm_wse_fw_load){ .data = (uintptr_t)img, .size = 0xffffffff };
		CHILD_REQUIRE(wse_ioctl(fd, DRM_IOCTL_WSE_FW_LOAD, &l) == -EPERM, 14);
		CHILD_REQUIRE(!wse_bo_create(fd, WSE_PAGE, &bo), 15);
		fl.handle = bo.handle;
		CHILD_REQUIRE(wse_ioctl(fd, DRM_IOCTL_GEM_FLINK, &fl) == -EACCES, 16);
		CHILD_REQUIRE(wse_ioctl(fd, DRM_IOCTL_GEM_OPEN, &op) == -EACCES, 17);
		if (!access(recover, F_OK))
			CHILD_REQUIRE(open(recover, O_WRONLY) < 0 && errno == EACCES, 18);
		if (!access("/dev/ttyS1", F_OK))
			CHILD_REQUIRE(open("/dev/ttyS1", O_RDWR | O_NOCTTY) < 0 &&
				      errno == EACCES, 19);
		/* What the device is for still works. */
		CHILD_REQUIRE(!wse_roundtrip(fd, 15), 20);
		_exit(0);
	}
	expect_child(_metadata, pid, "wse-user");

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		CHILD_REQUIRE(!wse_become(OTHER_USER, OTHER_USER), 10);
		CHILD_REQUIRE(open(node, O_RDWR) < 0 && errno == EACCES, 11);
		CHILD_REQUIRE(wse_open() == -EACCES, 12);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("other-user failed at step %d",
						 WEXITSTATUS(status));
	EXPECT_EQ(0, wse_roundtrip_fresh(16));
}

TEST_HARNESS_MAIN
