// SPDX-License-Identifier: GPL-2.0-only
/*
 * wse_bench: the guest side of `make bench`.
 *
 *  - 4 KiB host-to-fabric jobs at queue depth 1 and 32: jobs per second
 *    and submit-to-completion latency (one H2F command per job, each slot
 *    with its own buffer object, as an I/O benchmark keeps its buffers);
 *  - 64 MiB H2F and F2H through wse_memcpy_h2d/d2h (zero-copy from the
 *    caller's pages), after one verified round trip;
 *  - host memcpy of the same 64 MiB in the same run, as the yardstick;
 *  - GEMM (default 1024 x 1024 x 1024) and GEMV (2048 x 2048) fp32 as
 *    firmware kernels, laid out as wsectl run lays them out (kernel_plan.c),
 *    checked once against a host reference, then timed: GFLOP/s from the
 *    completions' device time (the kernel's execution on the device) and
 *    from the guest's wall time, best of several launches. The host BLAS
 *    side of the comparison is blas_bench, run natively by bench.sh.
 *
 * Results are "BENCH key=value" lines on stdout for scripts/bench.sh;
 * everything else is for people. Exit status 0 unless something failed
 * (an error, a failed job, data that did not round-trip); targets are
 * the host script's business, not a reason to fail here.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kernel_plan.h"
#include "wse.h"

#define SMALL_BYTES	4096u
#define MAX_QD		64

struct opts {
	const char *device;
	double seconds;		/* per small-job run */
	unsigned int bulk_mib;
	unsigned int iters;	/* per bulk measurement */
	uint32_t gemm_size, gemv_size;
	unsigned int repeats;	/* timed launches per kernel */
	const char *tests;	/* comma-separated, NULL: all */
};

/* Is @name among the tests asked for? */
static bool wanted(const struct opts *o, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	if (!o->tests)
		return true;
	for (p = o->tests; (p = strstr(p, name)); p += len)
		if ((p == o->tests || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return true;
	return false;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The @pct percentile of @n sorted samples. */
static uint64_t percentile(const uint64_t *v, size_t n, unsigned int pct)
{
	size_t i = n * pct / 100;

	return v[i < n ? i : n - 1];
}

static void fail(const char *what, int err)
{
	fprintf(stderr, "wse_bench: %s: %s\n", what, wse_strerror(err));
}

/*
 * Keep @qd 4 KiB H2F jobs in flight for @seconds: wait for the oldest,
 * resubmit it. Latency is submit to the return of its wait.
 */
static int small_jobs(struct wse_device *dev, unsigned int qd, double seconds)
{
	struct wse_cmdbuf *cb[MAX_QD] = { 0 };
	struct wse_bo *bo[MAX_QD] = { 0 };
	uint64_t seq[MAX_QD], t_sub[MAX_QD];
	bool busy[MAX_QD] = { 0 };
	struct wse_rect rect = { 0, 0, 8, 8 };	/* 64 PEs x 16 words = 4 KiB */
	uint64_t *lat = NULL, ops = 0, cap = 0, start, end, lat_sum = 0, warm_until;
	uint64_t sub_ns = 0, subs = 0;
	struct wse_job_status st;
	struct wse_ctx *ctx;
	unsigned int i;
	bool measuring = false;
	int ret;

	ret = wse_ctx_create(dev, 8, 8, 4096, &ctx);
	if (ret) {
		fail("small jobs: creating an 8x8-PE context", ret);
		return ret;
	}
	for (i = 0; i < qd; i++) {
		void *p;

		ret = wse_bo_create(dev, SMALL_BYTES, &bo[i]);
		if (!ret)
			ret = wse_bo_map(bo[i], &p);
		if (!ret) {
			memset(p, (int)i, SMALL_BYTES);
			ret = wse_cmdbuf_create(ctx, &cb[i]);
		}
		if (!ret)
			ret = wse_cmdbuf_copy_h2f(cb[i], wse_bo_handle(bo[i]), 0, &rect, 16, 0, 0);
		if (ret) {
			fail("small jobs: setting up buffers", ret);
			goto out;
		}
	}

	/* A short warm-up, then the measured stretch, with the same loop. */
	warm_until = now_ns() + 300000000ull;
	end = warm_until + (uint64_t)(seconds * 1e9);
	start = warm_until;
	for (i = 0; i < qd; i++) {
		t_sub[i] = now_ns();
		ret = wse_cmdbuf_submit(cb[i], NULL, 0, 0, &seq[i]);
		if (ret) {
			fail("small jobs: submit", ret);
			goto drain;
		}
		busy[i] = true;
	}
	for (i = 0;; i = (i + 1) % qd) {
		uint64_t t;

		ret = wse_wait(ctx, seq[i], WSE_TIMEOUT_INFINITE, &st);
		if (ret || st.status) {
			fprintf(stderr, "wse_bench: small jobs: job %llu: %s\n",
				(unsigned long long)seq[i],
				ret ? wse_strerror(ret) : wse_cmd_status_str(st.status));
			ret = ret ? ret : -EIO;
			busy[i] = false;
			goto drain;
		}
		busy[i] = false;
		t = now_ns();
		if (!measuring && t >= warm_until) {
			measuring = true;
			start = t;
		}
		if (measuring) {
			if (ops == cap) {
				uint64_t *n;

				cap = cap ? cap * 2 : 65536;
				n = realloc(lat, cap * sizeof(*lat));
				if (!n) {
					ret = -ENOMEM;
					fail("small jobs", ret);
					goto drain;
				}
				lat = n;
			}
			lat[ops++] = t - t_sub[i];
			lat_sum += t - t_sub[i];
		}
		if (t >= end)
			break;
		t_sub[i] = now_ns();
		ret = wse_cmdbuf_submit(cb[i], NULL, 0, 0, &seq[i]);
		if (ret) {
			fail("small jobs: submit", ret);
			goto drain;
		}
		if (measuring) {
			sub_ns += now_ns() - t_sub[i];
			subs++;
		}
		busy[i] = true;
	}
	end = now_ns();

	qsort(lat, ops, sizeof(*lat), cmp_u64);
	printf("4 KiB H2F, QD%u: %llu jobs in %.2f s: %.0f jobs/s, latency mean %.1f us, "
	       "p50 %.1f us, p99 %.1f us; submit ioctl %.1f us\n", qd, (unsigned long long)ops,
	       (end - start) / 1e9, ops / ((end - start) / 1e9), ops ? lat_sum / 1e3 / ops : 0.0,
	       ops ? percentile(lat, ops, 50) / 1e3 : 0.0,
	       ops ? percentile(lat, ops, 99) / 1e3 : 0.0, subs ? sub_ns / 1e3 / subs : 0.0);
	printf("BENCH h2f_4k_qd%u_iops=%.0f\n", qd, ops / ((end - start) / 1e9));
	printf("BENCH h2f_4k_qd%u_lat_us=%.1f\n", qd, ops ? lat_sum / 1e3 / ops : 0.0);
	printf("BENCH h2f_4k_qd%u_p99_us=%.1f\n", qd,
	       ops ? percentile(lat, ops, 99) / 1e3 : 0.0);
	/* Where a job's time goes: the submit ioctl, the rest is the wait. */
	printf("BENCH h2f_4k_qd%u_submit_us=%.1f\n", qd, subs ? sub_ns / 1e3 / subs : 0.0);
	ret = 0;

drain:
	/* Whatever is still in flight finishes before its buffer goes. */
	for (i = 0; i < qd; i++)
		if (busy[i])
			wse_wait(ctx, seq[i], WSE_TIMEOUT_INFINITE, NULL);
out:
	for (i = 0; i < qd; i++) {
		wse_cmdbuf_destroy(cb[i]);
		if (bo[i]) {
			wse_bo_unmap(bo[i]);
			wse_bo_destroy(bo[i]);
		}
	}
	free(lat);
	wse_ctx_destroy(ctx);
	return ret;
}

/* The blocking memcpy API on 4 KiB (staging path), for comparison. */
static int small_memcpy(struct wse_device *dev, double seconds)
{
	static uint32_t buf[SMALL_BYTES / 4];
	uint64_t start, end, ops = 0;
	struct wse_ctx *ctx;
	int ret;

	ret = wse_ctx_create(dev, 8, 8, 4096, &ctx);
	if (ret) {
		fail("memcpy API: creating a context", ret);
		return ret;
	}
	start = now_ns();
	end = start + (uint64_t)(seconds * 1e9);
	do {
		ret = wse_memcpy_h2d(ctx, buf, 0, 0, 8, 8, 16, 0, WSE_DTYPE_32,
				     WSE_ORDER_ROW_MAJOR, 0, NULL);
		if (ret) {
			fail("memcpy API: 4 KiB h2d", ret);
			goto out;
		}
		ops++;
	} while (now_ns() < end);
	end = now_ns();
	printf("4 KiB wse_memcpy_h2d (blocking, staged): %.0f copies/s\n",
	       ops / ((end - start) / 1e9));
	printf("BENCH memcpy_api_4k_qd1_iops=%.0f\n", ops / ((end - start) / 1e9));
out:
	wse_ctx_destroy(ctx);
	return ret;
}

/*
 * A rectangle holding @bytes as whole 32-bit words per PE: of the shapes
 * that fit the grid and the PEs' SRAM, the one with the most PEs.
 */
static int bulk_shape(const struct drm_wse_device_info *info, uint64_t bytes,
		      uint32_t *w, uint32_t *h, uint32_t *per_pe)
{
	uint64_t best = 0, pes, p;
	uint32_t x, y;

	for (x = 1; x <= info->log_width; x++)
		for (y = 1; y <= info->log_height; y++) {
			pes = (uint64_t)x * y;
			if (bytes % pes)
				continue;
			p = bytes / pes;
			if (p % 4 || p > info->pe_sram_bytes || pes <= best)
				continue;
			best = pes;
			*w = x;
			*h = y;
			*per_pe = p;
		}
	return best ? 0 : -ENOSPC;
}

static double mibps(uint64_t bytes, uint64_t ns)
{
	return ns ? bytes / (ns / 1e9) / (1 << 20) : 0.0;
}

/*
 * @iters copies of the whole rectangle, one way: each one's wall time
 * (submit to completion) into @wall[], the sum of device times into
 * @dev_ns.
 */
static int time_copies(struct wse_ctx *ctx, bool to_device, void *host, uint32_t w,
		       uint32_t h, uint32_t elems, unsigned int iters, uint64_t *wall,
		       uint64_t *dev_ns)
{
	struct wse_job_status st = { 0 };
	struct wse_task *task;
	unsigned int i;
	uint64_t t0;
	int ret;

	for (i = 0; i < iters; i++) {
		t0 = now_ns();
		if (to_device)
			ret = wse_memcpy_h2d(ctx, host, 0, 0, w, h, elems, 0, WSE_DTYPE_32,
					     WSE_ORDER_ROW_MAJOR, WSE_MEMCPY_NONBLOCK, &task);
		else
			ret = wse_memcpy_d2h(ctx, host, 0, 0, w, h, elems, 0, WSE_DTYPE_32,
					     WSE_ORDER_ROW_MAJOR, WSE_MEMCPY_NONBLOCK, &task);
		if (!ret) {
			ret = wse_task_wait(task, WSE_TIMEOUT_INFINITE, &st);
			wse_task_free(task);
		}
		wall[i] = now_ns() - t0;
		*dev_ns += st.device_time_ns;
		if (ret)
			return ret;
	}
	return 0;
}

static int bulk(struct wse_device *dev, const struct opts *o)
{
	uint64_t bytes = (uint64_t)o->bulk_mib << 20, t0;
	uint64_t *h2f = NULL, *f2h = NULL, *cpy = NULL, h2f_dev = 0, f2h_dev = 0;
	struct drm_wse_device_info info;
	uint32_t w = 0, h = 0, per_pe = 0, elems;
	unsigned char *src = NULL, *dst = NULL;
	struct wse_ctx *ctx = NULL;
	unsigned int i;
	int ret;

	ret = wse_device_get_info(dev, &info, NULL);
	if (ret) {
		fail("device info", ret);
		return ret;
	}
	if (bulk_shape(&info, bytes, &w, &h, &per_pe)) {
		fprintf(stderr, "wse_bench: %u MiB does not fit the device's %ux%u grid of %u-byte "
			"PEs; give the device more PEs (e.g. log-width=64,log-height=48)\n",
			o->bulk_mib, info.log_width, info.log_height, info.pe_sram_bytes);
		return -ENOSPC;
	}
	elems = per_pe / 4;
	printf("bulk: %u MiB as %ux%u PEs x %u bytes\n", o->bulk_mib, w, h, per_pe);
	ret = wse_ctx_create(dev, w, h, per_pe, &ctx);
	if (ret) {
		fail("bulk: creating the context", ret);
		return ret;
	}
	h2f = calloc(o->iters, sizeof(*h2f));
	f2h = calloc(o->iters, sizeof(*f2h));
	cpy = calloc(o->iters, sizeof(*cpy));
	if (!h2f || !f2h || !cpy || posix_memalign((void **)&src, 4096, bytes) ||
	    posix_memalign((void **)&dst, 4096, bytes)) {
		ret = -ENOMEM;
		fail("bulk", ret);
		goto out;
	}
	for (t0 = 0; t0 < bytes; t0 += 4)
		*(uint32_t *)(src + t0) = (uint32_t)t0 * 2654435761u;
	memset(dst, 0, bytes);

	/* One verified round trip: the numbers below are of real copies. */
	ret = wse_memcpy_h2d(ctx, src, 0, 0, w, h, elems, 0, WSE_DTYPE_32,
			     WSE_ORDER_ROW_MAJOR, 0, NULL);
	if (!ret)
		ret = wse_memcpy_d2h(ctx, dst, 0, 0, w, h, elems, 0, WSE_DTYPE_32,
				     WSE_ORDER_ROW_MAJOR, 0, NULL);
	if (ret) {
		fail("bulk: round trip", ret);
		goto out;
	}
	if (memcmp(src, dst, bytes)) {
		fprintf(stderr, "wse_bench: bulk: data read back differs from data written\n");
		ret = -EIO;
		goto out;
	}

	ret = time_copies(ctx, true, src, w, h, elems, o->iters, h2f, &h2f_dev);
	if (ret) {
		fail("bulk: h2d", ret);
		goto out;
	}
	ret = time_copies(ctx, false, dst, w, h, elems, o->iters, f2h, &f2h_dev);
	if (ret) {
		fail("bulk: d2h", ret);
		goto out;
	}
	for (i = 0; i < o->iters; i++) {
		t0 = now_ns();
		memcpy(dst, src, bytes);
		cpy[i] = now_ns() - t0;
	}
	/* Keep the copies from being optimised into nothing. */
	if (memcmp(src, dst, 64))
		fprintf(stderr, "wse_bench: host memcpy went wrong\n");

	qsort(h2f, o->iters, sizeof(*h2f), cmp_u64);
	qsort(f2h, o->iters, sizeof(*f2h), cmp_u64);
	qsort(cpy, o->iters, sizeof(*cpy), cmp_u64);
	printf("%u MiB H2F: median %.1f MiB/s, best %.1f MiB/s (device time %.1f MiB/s)\n",
	       o->bulk_mib, mibps(bytes, percentile(h2f, o->iters, 50)), mibps(bytes, h2f[0]),
	       mibps(bytes * o->iters, h2f_dev));
	printf("%u MiB F2H: median %.1f MiB/s, best %.1f MiB/s (device time %.1f MiB/s)\n",
	       o->bulk_mib, mibps(bytes, percentile(f2h, o->iters, 50)), mibps(bytes, f2h[0]),
	       mibps(bytes * o->iters, f2h_dev));
	printf("%u MiB host memcpy: median %.1f MiB/s, best %.1f MiB/s\n", o->bulk_mib,
	       mibps(bytes, percentile(cpy, o->iters, 50)), mibps(bytes, cpy[0]));
	printf("BENCH h2f_bulk_mibps=%.1f\n", mibps(bytes, percentile(h2f, o->iters, 50)));
	printf("BENCH f2h_bulk_mibps=%.1f\n", mibps(bytes, percentile(f2h, o->iters, 50)));
	printf("BENCH memcpy_bulk_mibps=%.1f\n", mibps(bytes, percentile(cpy, o->iters, 50)));
	printf("BENCH bulk_mib=%u\n", o->bulk_mib);
	ret = 0;
out:
	free(h2f);
	free(f2h);
	free(cpy);
	free(src);
	free(dst);
	wse_ctx_destroy(ctx);
	return ret;
}

/* Median of @n values, sorting them. */
static uint64_t median(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return percentile(v, n, 50);
}

/* Copy the uploaded operands of @p into the PEs. */
static int upload(struct wse_ctx *ctx, const struct kp_plan *p, float *const *in, void *host)
{
	unsigned int o;
	int ret;

	for (o = 0; o < p->nops; o++) {
		const struct kp_operand *op = &p->ops[o];

		if (!op->upload)
			continue;
		kp_pack(p, o, in[o], host);
		ret = wse_memcpy_h2d(ctx, host, op->px, op->py, op->pw, op->ph, op->elems,
				     op->offset, WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR, 0, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

/* Read the result back and hold it to wsectl run --verify's tolerance. */
static int check_result(struct wse_ctx *ctx, const struct kp_plan *p, float *const *in,
			void *host)
{
	unsigned int o = kp_result_operand(p);
	const struct kp_operand *op = &p->ops[o];
	struct kp_check res;
	float *out;
	int ret;

	out = malloc(kp_operand_count(op) * sizeof(*out));
	if (!out)
		return -ENOMEM;
	ret = wse_memcpy_d2h(ctx, host, op->px, op->py, op->pw, op->ph, op->elems, op->offset,
			     WSE_DTYPE_32, WSE_ORDER_ROW_MAJOR, 0, NULL);
	if (!ret) {
		kp_unpack(p, o, host, out);
		ret = kp_check(p, in, out, 1, 1ull << 22, NULL, NULL, &res);
	}
	if (!ret) {
		printf("%s: %llu of %llu results checked, %llu outside the tolerance\n",
		       p->kernel, (unsigned long long)res.checked,
		       (unsigned long long)res.total, (unsigned long long)res.mismatches);
		if (res.mismatches)
			ret = -EIO;
	}
	free(out);
	return ret;
}

/*
 * @kind (gemm or gemv) of @size, fp32, alpha 1, beta 0: once to check the
 * result, then o->repeats timed launches, each queued and waited for
 * alone. Device time is the completion's; wall time is the guest's, from
 * wse_launch() to the end of wse_task_wait().
 */
static int compute(struct wse_device *dev, const struct opts *o, enum kp_kind kind,
		   uint32_t size)
{
	struct kp_request req = {
		.kind = kind, .dtype = WSE_FW_DTYPE_F32, .m = size, .n = size, .k = size,
		.alpha = 1,
	};
	float *in[KP_MAX_OPERANDS] = { 0 };
	uint64_t *dev_ns = NULL, *wall_ns = NULL, bytes = 0, t0, best_dev, med_dev, best_wall;
	uint32_t args[DRM_WSE_LAUNCH_MAX_ARGS], nargs;
	struct drm_wse_device_info info;
	struct wse_job_status st;
	struct wse_ctx *ctx = NULL;
	struct wse_task *task;
	const char *name = kp_kind_name(kind);
	struct kp_plan p;
	void *host = NULL;
	char why[256];
	double flops;
	unsigned int i;
	int ret;

	ret = wse_device_get_info(dev, &info, NULL);
	if (ret) {
		fail("device info", ret);
		return ret;
	}
	ret = kp_plan_make(&req, info.log_width, info.log_height, info.pe_sram_bytes, &p, why,
			   sizeof(why));
	if (ret) {
		fprintf(stderr, "wse_bench: %s %u: %s\n", name, size, why);
		return ret;
	}
	flops = kp_flops(&p);
	ret = wse_ctx_create(dev, p.w, p.h, p.sram_bytes, &ctx);
	if (ret) {
		fail("compute: creating the context", ret);
		return ret;
	}
	for (i = 0; i < p.nops; i++) {
		if (kp_operand_count(&p.ops[i]) * 4 > bytes)
			bytes = kp_operand_count(&p.ops[i]) * 4;
		if (p.ops[i].upload && !(in[i] = malloc(kp_operand_count(&p.ops[i]) * 4)))
			ret = -ENOMEM;
	}
	dev_ns = calloc(o->repeats, sizeof(*dev_ns));
	wall_ns = calloc(o->repeats, sizeof(*wall_ns));
	if (ret || !dev_ns || !wall_ns || posix_memalign(&host, 4096, bytes)) {
		ret = -ENOMEM;
		fail(name, ret);
		goto out;
	}
	kp_generate(&p, 1, in);
	nargs = kp_launch_args(&p, 0, args);
	ret = upload(ctx, &p, in, host);
	if (ret) {
		fail("compute: copying the operands in", ret);
		goto out;
	}
	ret = wse_launch(ctx, name, 0, 0, p.w, p.h, args, nargs, 0, NULL, 0, NULL);
	if (!ret)
		ret = check_result(ctx, &p, in, host);
	if (ret) {
		fail(name, ret);
		goto out;
	}
	for (i = 0; i < o->repeats; i++) {
		t0 = now_ns();
		ret = wse_launch(ctx, name, 0, 0, p.w, p.h, args, nargs, WSE_LAUNCH_NONBLOCK,
				 NULL, 0, &task);
		if (!ret) {
			ret = wse_task_wait(task, WSE_TIMEOUT_INFINITE, &st);
			wse_task_free(task);
		}
		wall_ns[i] = now_ns() - t0;
		dev_ns[i] = st.device_time_ns;
		if (ret) {
			fail(name, ret);
			goto out;
		}
	}
	qsort(wall_ns, o->repeats, sizeof(*wall_ns), cmp_u64);
	best_wall = wall_ns[0];
	med_dev = median(dev_ns, o->repeats);
	best_dev = dev_ns[0];
	printf("%s %u fp32 on %ux%u PEs, %u launches: device time best %.3f ms (median %.3f), "
	       "wall best %.3f ms: %.2f GFLOP/s from device time, %.2f from wall time\n",
	       name, size, p.w, p.h, o->repeats, best_dev / 1e6, med_dev / 1e6,
	       best_wall / 1e6, flops / best_dev, flops / best_wall);
	printf("BENCH %s_dev_gflops=%.2f\n", name, flops / best_dev);
	printf("BENCH %s_wall_gflops=%.2f\n", name, flops / best_wall);
	printf("BENCH %s_size=%u\n", name, size);
	ret = 0;
out:
	free(dev_ns);
	free(wall_ns);
	free(host);
	for (i = 0; i < KP_MAX_OPERANDS; i++)
		free(in[i]);
	wse_ctx_destroy(ctx);
	return ret;
}

static void usage(FILE *out)
{
	fputs("Usage: wse_bench [-d DEV] [-s SECONDS] [-m MIB] [-n ITERS] [-G N] [-V N]\n"
	      "                 [-r REPEATS] [-t TESTS]\n"
	      "  -d DEV      device selector as for wsectl (default 0)\n"
	      "  -s SECONDS  length of each 4 KiB job run (default 3)\n"
	      "  -m MIB      bulk transfer size (default 64)\n"
	      "  -n ITERS    bulk transfers per direction (default 5)\n"
	      "  -G N        GEMM size, N x N x N fp32 (default 1024)\n"
	      "  -V N        GEMV size, N x N fp32 (default 2048)\n"
	      "  -r REPEATS  timed launches per kernel, best counts (default 5)\n"
	      "  -t TESTS    comma-separated subset of qd1,qd32,api,bulk,gemm,gemv\n"
	      "              (default all)\n",
	      out);
}

int main(int argc, char **argv)
{
	struct opts o = {
		.seconds = 3, .bulk_mib = 64, .iters = 5, .gemm_size = 1024, .gemv_size = 2048,
		.repeats = 5,
	};
	struct drm_wse_device_info info;
	struct wse_device *dev;
	int opt, ret, failed = 0;

	while ((opt = getopt(argc, argv, "d:s:m:n:G:V:r:t:h")) != -1) {
		switch (opt) {
		case 'd':
			o.device = optarg;
			break;
		case 's':
			o.seconds = atof(optarg);
			break;
		case 'm':
			o.bulk_mib = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'n':
			o.iters = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'G':
			o.gemm_size = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'V':
			o.gemv_size = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'r':
			o.repeats = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 't':
			o.tests = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || o.seconds <= 0 || !o.bulk_mib || !o.iters || !o.gemm_size ||
	    !o.gemv_size || !o.repeats) {
		usage(stderr);
		return 2;
	}
	ret = wse_device_open(o.device, &dev);
	if (ret) {
		fail(o.device ? o.device : "device 0", ret);
		return 1;
	}
	if (!wse_device_get_info(dev, &info, NULL))
		printf("device %s: %ux%u PEs, %u bytes each, %u queues\n",
		       wse_device_pci_address(dev), info.log_width, info.log_height,
		       info.pe_sram_bytes, info.num_queues);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (wanted(&o, "qd1"))
		failed |= small_jobs(dev, 1, o.seconds) != 0;
	if (wanted(&o, "qd32"))
		failed |= small_jobs(dev, 32, o.seconds) != 0;
	if (wanted(&o, "api"))
		failed |= small_memcpy(dev, o.seconds) != 0;
	if (wanted(&o, "bulk"))
		failed |= bulk(dev, &o) != 0;
	if (wanted(&o, "gemm"))
		failed |= compute(dev, &o, KP_GEMM, o.gemm_size) != 0;
	if (wanted(&o, "gemv"))
		failed |= compute(dev, &o, KP_GEMV, o.gemv_size) != 0;
	wse_device_close(dev);
	printf("BENCH status=%s\n", failed ? "failed" : "ok");
	return failed;
}
