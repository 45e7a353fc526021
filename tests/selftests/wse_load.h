/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Background load for the reliability selftests: client processes that
 * each open their own file, create a context and move data of their own
 * pattern through it in a loop, checking every round trip that succeeds.
 * A test decides which failures its fault may cause (ENODEV after unplug,
 * DRM_WSE_JOB_LOST after a firmware crash...); any other failure, or
 * wrong data, fails the client. Counters in shared memory let the test
 * wait until every client has made progress again after a fault.
 */
#ifndef __WSE_LOAD_H__
#define __WSE_LOAD_H__

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wse_hw.h"
#include "wse_test_util.h"

#define WSE_LOAD_MAX		8
#define WSE_LOAD_W		4
#define WSE_LOAD_H		2
#define WSE_LOAD_ELEMS		256
#define WSE_LOAD_BYTES		(WSE_LOAD_W * WSE_LOAD_H * WSE_LOAD_ELEMS * 4)
#define WSE_LOAD_DEADLINE_NS	(60ull * 1000 * 1000 * 1000)

/* Outcomes a client may see and carry on after; anything else fails it. */
#define WSE_LOAD_OK_ENODEV	(1u << 0)	/* device gone: reopen */
#define WSE_LOAD_OK_ABORTED	(1u << 1)	/* DRM_WSE_JOB_ABORTED */
#define WSE_LOAD_OK_LOST	(1u << 2)	/* DRM_WSE_JOB_LOST */
#define WSE_LOAD_OK_HOST_DMA	(1u << 3)	/* WSE_STS_HOST_DMA */

struct wse_load_shared {
	int good[WSE_LOAD_MAX];		/* round trips with correct data */
	int tolerated[WSE_LOAD_MAX];	/* failures of an allowed kind */
	int queue[WSE_LOAD_MAX];	/* ring of the client's context, -1 unknown */
};

struct wse_load {
	unsigned int n;
	pid_t pid[WSE_LOAD_MAX];
	int stop;			/* write end; closing it stops the clients */
	struct wse_load_shared *sh;
	int since[WSE_LOAD_MAX];
};

/* The queue debugfs says the context of process @pid runs on, or -1. */
static inline int wse_ctx_queue_of(pid_t pid)
{
	char node[PATH_MAX], sysdev[PATH_MAX], real[PATH_MAX], path[PATH_MAX + 64];
	char line[256];
	int q = -1, p, qq;
	const char *bdf;
	FILE *f;

	if (wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)) ||
	    !realpath(sysdev, real))
		return -1;
	bdf = strrchr(real, '/') + 1;
	snprintf(path, sizeof(path), "/sys/kernel/debug/wse/%s/contexts", bdf);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*u %d %d", &p, &qq) == 2 && p == pid)
			q = qq;
	fclose(f);
	return q;
}

static inline int wse_load_roundtrip(int fd, __u32 ctx_id, void *buf, __u32 handle, __u64 seed)
{
	struct drm_wse_cmd c[2];
	char *out = (char *)buf + WSE_LOAD_BYTES;
	int ret;

	wse_pattern(buf, WSE_LOAD_BYTES, seed);
	memset(out, 0, WSE_LOAD_BYTES);
	c[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, WSE_LOAD_W,
			    WSE_LOAD_H, WSE_LOAD_ELEMS, 0);
	c[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, WSE_LOAD_BYTES, 0, 0, WSE_LOAD_W,
			    WSE_LOAD_H, WSE_LOAD_ELEMS, 0);
	ret = wse_run(fd, ctx_id, c, 2, &handle, 1);
	if (ret)
		return ret;
	return wse_first_diff(buf, out, WSE_LOAD_BYTES) < 0 ? 0 : -EBADMSG;
}

static inline int wse_load_tolerated(int ret, unsigned int ok)
{
	return (ret == -ENODEV && (ok & WSE_LOAD_OK_ENODEV)) ||
	       (ret == DRM_WSE_JOB_ABORTED && (ok & WSE_LOAD_OK_ABORTED)) ||
	       (ret == DRM_WSE_JOB_LOST && (ok & WSE_LOAD_OK_LOST)) ||
	       (ret == WSE_STS_HOST_DMA && (ok & WSE_LOAD_OK_HOST_DMA));
}

/*
 * One client. @avoid_queue >= 0 keeps its context off that ring (a test
 * that hangs one ring wants no innocent at its head): it makes contexts
 * until one lands elsewhere.
 */
static inline int wse_load_client(struct wse_load *l, unsigned int id, int stop_fd,
				  unsigned int ok, int avoid_queue)
{
	struct pollfd p = { .fd = stop_fd, .events = POLLIN };
	struct drm_wse_ctx_create ctx;
	struct wse_bo bo = { 0 };
	int fd = -1, ret, tries;
	__u64 n = 0;

	while (!poll(&p, 1, 0)) {
		if (fd < 0) {
			fd = wse_open();
			if (fd < 0) {
				if (!(ok & WSE_LOAD_OK_ENODEV))
					return -1;
				usleep(10000);	/* the device is away: look again */
				continue;
			}
			for (tries = 0; tries < 16; tries++) {
				ret = wse_ctx_create(fd, WSE_LOAD_W, WSE_LOAD_H,
						     4 * WSE_LOAD_ELEMS, &ctx);
				if (ret)
					break;
				l->sh->queue[id] = wse_ctx_queue_of(getpid());
				if (avoid_queue < 0 || l->sh->queue[id] != avoid_queue)
					break;
				wse_ctx_destroy(fd, ctx.ctx_id);
			}
			if (ret || wse_bo_create(fd, 2 * WSE_LOAD_BYTES, &bo)) {
				close(fd);
				fd = -1;
				if (!(ok & WSE_LOAD_OK_ENODEV))
					return -1;
				continue;
			}
		}
		ret = wse_load_roundtrip(fd, ctx.ctx_id, bo.map, bo.handle,
					 (__u64)id << 40 | n++);
		if (!ret) {
			__atomic_add_fetch(&l->sh->good[id], 1, __ATOMIC_RELAXED);
			continue;
		}
		if (!wse_load_tolerated(ret, ok)) {
			fprintf(stderr, "# load client %u: round trip %llu failed: %d\n", id,
				(unsigned long long)n, ret);
			return -1;
		}
		__atomic_add_fetch(&l->sh->tolerated[id], 1, __ATOMIC_RELAXED);
		if (ret == -ENODEV) {
			munmap(bo.map, bo.size);
			memset(&bo, 0, sizeof(bo));
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0) {
		wse_bo_free(fd, &bo, 1);
		close(fd);
	}
	return 0;
}

/* Start @n clients; returns 0 or -errno. */
static inline int wse_load_start(struct wse_load *l, unsigned int n, unsigned int ok,
				 int avoid_queue)
{
	int pfd[2];
	unsigned int i;

	memset(l, 0, sizeof(*l));
	if (n > WSE_LOAD_MAX)
		return -EINVAL;
	l->sh = mmap(NULL, sizeof(*l->sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		     -1, 0);
	if (l->sh == MAP_FAILED)
		return -errno;
	if (pipe(pfd))
		return -errno;
	for (i = 0; i < n; i++) {
		l->sh->queue[i] = -1;
		l->pid[i] = fork();
		if (l->pid[i] < 0)
			return -errno;
		if (!l->pid[i]) {
			close(pfd[1]);
			_exit(wse_load_client(l, i, pfd[0], ok, avoid_queue) ? 1 : 0);
		}
		l->n = i + 1;
	}
	close(pfd[0]);
	l->stop = pfd[1];
	return 0;
}

/* Remember where every client is now, for wse_load_wait(). */
static inline void wse_load_mark(struct wse_load *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		l->since[i] = __atomic_load_n(&l->sh->good[i], __ATOMIC_RELAXED);
}

/*
 * Wait until every client has had a good round trip since the last
 * wse_load_mark() (all of them at work, or back at work after a fault).
 * Clients have no event to wait on, so this polls their counters.
 */
static inline int wse_load_wait(struct wse_load *l)
{
	__s64 end = wse_now_ns() + WSE_LOAD_DEADLINE_NS;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		while (__atomic_load_n(&l->sh->good[i], __ATOMIC_RELAXED) == l->since[i]) {
			if (wse_now_ns() > end)
				return -ETIMEDOUT;
			if (waitpid(l->pid[i], NULL, WNOHANG) == l->pid[i]) {
				l->pid[i] = 0;	/* it died: wse_load_stop() fails */
				return -ECHILD;
			}
			usleep(5000);
		}
	}
	return 0;
}

/* Stop the clients; 0 if every one of them saw only good or allowed outcomes. */
static inline int wse_load_stop(struct wse_load *l)
{
	unsigned int i;
	int status, bad = 0;

	if (l->stop > 0)
		close(l->stop);
	for (i = 0; i < l->n; i++) {
		if (!l->pid[i] || waitpid(l->pid[i], &status, 0) != l->pid[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	return bad ? -1 : 0;
}

/* Sum of the tolerated failures of all clients. */
static inline int wse_load_tolerated_total(const struct wse_load *l)
{
	unsigned int i;
	int sum = 0;

	for (i = 0; i < l->n; i++)
		sum += __atomic_load_n(&l->sh->tolerated[i], __ATOMIC_RELAXED);
	return sum;
}

static inline void wse_load_free(struct wse_load *l)
{
	if (l->sh && l->sh != MAP_FAILED)
		munmap(l->sh, sizeof(*l->sh));
	l->sh = NULL;
}

#endif /* __WSE_LOAD_H__ */
