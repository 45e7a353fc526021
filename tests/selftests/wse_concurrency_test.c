// SPDX-License-Identifier: GPL-2.0-only
/*
 * Many submitters at once: forked processes, threads with their own files,
 * threads sharing one file, threads sharing one context, and two contexts
 * of one process. Every worker moves data of its own pattern through its
 * own part of the fabric with several jobs in flight and checks only its
 * own data; it also parks a "home" pattern in its part before it starts
 * and checks at the end that nobody else wrote there.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_test_util.h"

#define NPROCS		8
#define NTHREADS	4
#define JOBS		192	/* per worker */
#define DEPTH		4	/* jobs a worker keeps in flight */
#define WIDTH		4	/* PEs of a worker's part, per row */
#define ROWS		3	/* rows of a worker's part */
#define SRAM		8192u
#define HOME		1024u	/* bytes at the start of each PE: home data */
#define MAX_ELEMS	600
#define SLOT		(WIDTH * ROWS * MAX_ELEMS * 4 + 256)

static const __u32 all_flags[] = {
	0, DRM_WSE_CMD_F_COL_MAJOR, DRM_WSE_CMD_F_DTYPE_16,
	DRM_WSE_CMD_F_COL_MAJOR | DRM_WSE_CMD_F_DTYPE_16,
};

/* One submitter: its file, context and rows, and how it fared. */
struct worker {
	int fd;
	__u32 ctx_id;
	unsigned int id;		/* seeds its data */
	unsigned int row;		/* its rows of the context: row .. row+ROWS-1 */
	__u64 *seqnos;			/* optional: every seqno it was given */
	pthread_barrier_t *start;	/* optional: wait here before the first job */
	int start_fd;			/* optional (>= 0): read EOF here first */
	int ret;
	char why[200];
};

static int fail(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->why, sizeof(w->why), fmt, ap);
	va_end(ap);
	w->ret = -1;
	return -1;
}

struct job {
	struct drm_wse_cmd cmds[2];
	__u64 src_off, dst_off, len, seqno;
};

/* Job @i of worker @w: its own shape, dtype, order and offsets. */
static void make_job(const struct worker *w, unsigned int i, unsigned int slot, struct job *j)
{
	__u32 flags = all_flags[i % 4];
	unsigned int width = 1 + i % WIDTH, height = 1 + (i / 2) % ROWS;
	unsigned int x = (i * 3) % (WIDTH - width + 1);
	unsigned int y = w->row + (i * 5) % (ROWS - height + 1);
	unsigned int elems = 1 + (i * 37 + w->id * 11) % MAX_ELEMS;
	__u32 pe_offset = HOME + (i % 8) * 4;

	j->src_off = (__u64)slot * SLOT + (i * 4) % 64;
	j->dst_off = (__u64)slot * SLOT + (i * 12) % 128;
	j->cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, flags, 0, j->src_off, x, y, width,
				  height, elems, pe_offset);
	j->cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, flags, 1, j->dst_off, x, y, width,
				  height, elems, pe_offset);
	j->len = j->cmds[0].copy.length;
}

static __u64 job_seed(const struct worker *w, unsigned int i)
{
	return (__u64)w->id << 32 | i;
}

/* Park or check the home pattern in the first HOME bytes of its rows. */
static int home(struct worker *w, struct wse_bo *bo, __u32 opcode)
{
	struct drm_wse_cmd cmd = wse_cmd_copy(opcode, 0, 0, 0, 0, w->row, WIDTH, ROWS,
					      HOME / 4, 0);
	int ret = wse_run(w->fd, w->ctx_id, &cmd, 1, &bo->handle, 1);

	if (ret)
		return fail(w, "worker %u: %s of its own data: %d", w->id,
			    opcode == DRM_WSE_CMD_COPY_H2F ? "parking" : "checking", ret);
	return 0;
}

static int check_job(struct worker *w, struct wse_bo *src, struct wse_bo *dst,
		     const struct job *j, unsigned int i)
{
	struct drm_wse_wait wt;
	long off;
	int ret;

	ret = wse_wait(w->fd, w->ctx_id, j->seqno, WSE_WAIT_NS, &wt);
	if (ret)
		return fail(w, "worker %u job %u: WAIT %d", w->id, i, ret);
	if (wt.status)
		return fail(w, "worker %u job %u: status %#x at command %u", w->id, i,
			    wt.status, wt.failed_cmd);
	off = wse_first_diff((unsigned char *)src->map + j->src_off,
			     (unsigned char *)dst->map + j->dst_off, j->len);
	if (off >= 0)
		return fail(w, "worker %u job %u: byte %ld of %llu differs", w->id, i, off,
			    (unsigned long long)j->len);
	return 0;
}

/*
 * The worker's life: park its home data, run JOBS round trips keeping DEPTH
 * in flight (a slot of host memory each), then check its home data.
 */
static int worker_run(struct worker *w)
{
	struct wse_bo src = { 0 }, dst = { 0 }, hb = { 0 };
	struct job jobs[DEPTH];
	size_t home_bytes = (size_t)WIDTH * ROWS * HOME;
	unsigned int i;
	__u32 bos[2];
	char c;

	w->ret = 0;
	if (wse_bo_create(w->fd, (__u64)DEPTH * SLOT, &src) ||
	    wse_bo_create(w->fd, (__u64)DEPTH * SLOT, &dst) ||
	    wse_bo_create(w->fd, 2 * home_bytes, &hb)) {
		fail(w, "worker %u: BO_CREATE failed", w->id);
		goto out;
	}
	bos[0] = src.handle;
	bos[1] = dst.handle;
	wse_pattern(hb.map, home_bytes, ~(__u64)w->id);
	if (home(w, &hb, DRM_WSE_CMD_COPY_H2F))
		goto out;
	if (w->start)
		pthread_barrier_wait(w->start);
	if (w->start_fd >= 0 && read(w->start_fd, &c, 1) != 0) {
		fail(w, "worker %u: start pipe", w->id);
		goto out;
	}

	for (i = 0; i < JOBS + DEPTH; i++) {
		struct job *j = &jobs[i % DEPTH];
		int ret;

		if (i >= DEPTH && check_job(w, &src, &dst, j, i - DEPTH))
			goto out;
		if (i >= JOBS)
			continue;
		make_job(w, i, i % DEPTH, j);
		wse_pattern((unsigned char *)src.map + j->src_off, j->len, job_seed(w, i));
		memset((unsigned char *)dst.map + j->dst_off, 0, j->len);
		ret = wse_submit(w->fd, w->ctx_id, j->cmds, 2, bos, 2, NULL, &j->seqno);
		if (ret) {
			fail(w, "worker %u job %u: SUBMIT %d", w->id, i, ret);
			goto out;
		}
		if (w->seqnos)
			w->seqnos[i] = j->seqno;
	}

	/* Nobody else wrote to this worker's part of the fabric. */
	{
		struct drm_wse_cmd cmd = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, home_bytes, 0,
						      w->row, WIDTH, ROWS, HOME / 4, 0);
		long off;
		int ret = wse_run(w->fd, w->ctx_id, &cmd, 1, &hb.handle, 1);

		if (ret) {
			fail(w, "worker %u: reading home: %d", w->id, ret);
			goto out;
		}
		off = wse_first_diff(hb.map, (unsigned char *)hb.map + home_bytes, home_bytes);
		if (off >= 0)
			fail(w, "worker %u: home data changed at byte %ld", w->id, off);
	}
out:
	wse_bo_free(w->fd, &src, 1);
	wse_bo_free(w->fd, &dst, 1);
	wse_bo_free(w->fd, &hb, 1);
	return w->ret;
}

static void *worker_thread(void *arg)
{
	worker_run(arg);
	return NULL;
}

FIXTURE(conc) {
	int fd;
};

FIXTURE_SETUP(conc)
{
	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(conc)
{
	close(self->fd);
}

/*
 * NPROCS processes, each with its own file and context, released at the
 * same moment by the closing of a pipe. A child reports through its exit
 * status and, on failure, a diagnostic line.
 */
TEST_F_TIMEOUT(conc, processes, 240)
{
	pid_t pids[NPROCS];
	int go[2], status;
	unsigned int i;

	ASSERT_EQ(0, pipe(go));
	for (i = 0; i < NPROCS; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			struct drm_wse_ctx_create ctx;
			struct worker w = { .id = 100 + i, .start_fd = go[0] };

			close(go[1]);
			w.fd = wse_open();
			if (w.fd < 0 || wse_ctx_create(w.fd, WIDTH, ROWS, SRAM, &ctx)) {
				printf("# process %u: no file or context\n", i);
				fflush(stdout);
				_exit(2);
			}
			w.ctx_id = ctx.ctx_id;
			if (worker_run(&w)) {
				printf("# %s\n", w.why);
				fflush(stdout);
				_exit(1);
			}
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < NPROCS; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("process %u: status %#x", i, status);
	}
}

/* Threads, each with its own context; with their own files or one shared. */
static void run_threads(struct __test_metadata *_metadata, int shared_fd)
{
	struct worker w[NTHREADS];
	pthread_t tid[NTHREADS];
	pthread_barrier_t start;
	unsigned int i;

	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NTHREADS));
	for (i = 0; i < NTHREADS; i++) {
		struct drm_wse_ctx_create ctx;

		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = 200 + i;
		w[i].start = &start;
		w[i].start_fd = -1;
		w[i].fd = shared_fd >= 0 ? shared_fd : wse_open();
		ASSERT_LE(0, w[i].fd);
		ASSERT_EQ(0, wse_ctx_create(w[i].fd, WIDTH, ROWS, SRAM, &ctx));
		w[i].ctx_id = ctx.ctx_id;
	}
	for (i = 0; i < NTHREADS; i++)
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, worker_thread, &w[i]));
	for (i = 0; i < NTHREADS; i++) {
		ASSERT_EQ(0, pthread_join(tid[i], NULL));
		EXPECT_EQ(0, w[i].ret) TH_LOG("%s", w[i].why);
		if (shared_fd < 0)
			close(w[i].fd);
	}
	pthread_barrier_destroy(&start);
}

TEST_F_TIMEOUT(conc, threads_own_files, 180)
{
	run_threads(_metadata, -1);
}

TEST_F_TIMEOUT(conc, threads_shared_file, 180)
{
	run_threads(_metadata, self->fd);
}

/*
 * Threads submitting to one context, each in its own rows: every job gets
 * a distinct seqno, together exactly 1 .. all jobs, and all data checks.
 */
TEST_F_TIMEOUT(conc, threads_shared_context, 180)
{
	static __u64 seqnos[NTHREADS][JOBS];
	struct drm_wse_ctx_create ctx;
	struct worker w[NTHREADS];
	pthread_t tid[NTHREADS];
	pthread_barrier_t start;
	unsigned char *seen;
	unsigned int i, k;

	ASSERT_EQ(0, wse_ctx_create(self->fd, WIDTH, ROWS * NTHREADS, SRAM, &ctx));
	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NTHREADS));
	for (i = 0; i < NTHREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].fd = self->fd;
		w[i].ctx_id = ctx.ctx_id;
		w[i].id = 300 + i;
		w[i].row = i * ROWS;
		w[i].seqnos = seqnos[i];
		w[i].start = &start;
		w[i].start_fd = -1;
	}
	for (i = 0; i < NTHREADS; i++)
		ASSERT_EQ(0, pthread_create(&tid[i], NULL, worker_thread, &w[i]));
	for (i = 0; i < NTHREADS; i++) {
		ASSERT_EQ(0, pthread_join(tid[i], NULL));
		ASSERT_EQ(0, w[i].ret) TH_LOG("%s", w[i].why);
	}
	pthread_barrier_destroy(&start);

	/* Each worker also ran two home jobs: 2 + JOBS seqnos each. */
	seen = calloc(NTHREADS * (JOBS + 2) + 1, 1);
	ASSERT_NE(NULL, seen);
	for (i = 0; i < NTHREADS; i++) {
		for (k = 0; k < JOBS; k++) {
			__u64 s = seqnos[i][k];

			ASSERT_LT(0, s);
			ASSERT_GE(NTHREADS * (JOBS + 2), s);
			ASSERT_EQ(0, seen[s]) TH_LOG("seqno %llu given twice",
						     (unsigned long long)s);
			seen[s] = 1;
		}
	}
	free(seen);
}

/*
 * Two contexts of one file, same relative coordinates, jobs interleaved:
 * each sees only its own data.
 */
TEST_F_TIMEOUT(conc, two_contexts_one_process, 120)
{
	struct drm_wse_ctx_create a, b;
	struct wse_bo src[2], dst[2];
	const size_t bytes = (size_t)WIDTH * ROWS * SRAM;
	struct drm_wse_cmd h2f, f2h;
	__u64 seqno[2][JOBS / 4];
	unsigned int i, c;
	__u32 ctx_id[2];

	ASSERT_EQ(0, wse_ctx_create(self->fd, WIDTH, ROWS, SRAM, &a));
	ASSERT_EQ(0, wse_ctx_create(self->fd, WIDTH, ROWS, SRAM, &b));
	ASSERT_NE(a.ctx_id, b.ctx_id);
	/* Different places on the wafer (or the same PEs, other bytes). */
	ASSERT_TRUE(a.x != b.x || a.y != b.y || a.sram_offset != b.sram_offset);
	ctx_id[0] = a.ctx_id;
	ctx_id[1] = b.ctx_id;
	for (c = 0; c < 2; c++) {
		ASSERT_EQ(0, wse_bo_create(self->fd, bytes * (JOBS / 4), &src[c]));
		ASSERT_EQ(0, wse_bo_create(self->fd, bytes * (JOBS / 4), &dst[c]));
		wse_pattern(src[c].map, bytes * (JOBS / 4), 0x4000 + c);
	}

	/* Job i of either context: all of it, from and to slot i. */
	for (i = 0; i < JOBS / 4; i++) {
		for (c = 0; c < 2; c++) {
			struct drm_wse_cmd cmds[2];
			__u32 bos[2] = { src[c].handle, dst[c].handle };

			h2f = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, all_flags[i % 4], 0, i * bytes,
					   0, 0, WIDTH, ROWS,
					   SRAM / wse_esize(all_flags[i % 4]), 0);
			f2h = h2f;
			f2h.opcode = DRM_WSE_CMD_COPY_F2H;
			f2h.copy.bo_index = 1;
			cmds[0] = h2f;
			cmds[1] = f2h;
			ASSERT_EQ(0, wse_submit(self->fd, ctx_id[c], cmds, 2, bos, 2, NULL,
						&seqno[c][i]));
		}
	}
	for (i = 0; i < JOBS / 4; i++) {
		for (c = 0; c < 2; c++) {
			struct drm_wse_wait wt;

			ASSERT_EQ(0, wse_wait(self->fd, ctx_id[c], seqno[c][i], WSE_WAIT_NS, &wt));
			ASSERT_EQ(0, wt.status);
			ASSERT_EQ(-1, wse_first_diff((unsigned char *)src[c].map + i * bytes,
						     (unsigned char *)dst[c].map + i * bytes,
						     bytes))
				TH_LOG("context %u job %u", c, i);
		}
	}
	for (c = 0; c < 2; c++) {
		wse_bo_free(self->fd, &src[c], 1);
		wse_bo_free(self->fd, &dst[c], 1);
	}
}

TEST_HARNESS_MAIN
