// SPDX-License-Identifier: GPL-2.0-only
/*
 * Throughput of the gemm and gemv kernels on the host, against a
 * straightforward triple loop: C = A B for 1024 x 1024 fp32 matrices laid
 * out on 16 x 16 PEs of 64 x 64 blocks (the largest blocks three of which
 * fit a 48 KiB PE), y = A x likewise. Built without sanitizers, at -O2,
 * like the device model. Prints GFLOP/s as TAP diagnostics; asserts that
 * the results are right and that the kernel beats the naive loop.
 *
 * WSE_PERF_THREADS sets the worker count (default: online CPUs).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "test_par.h"
#include "test_util.h"
#include "wse_fw.h"
#include "wse_kernels.h"

#define P	16
#define T	64
#define N	(P * T)
#define REPS	5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint32_t threads(void)
{
	const char *e = getenv("WSE_PERF_THREADS");
	long n = e ? atol(e) : sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : n;
}

static uint32_t fbits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

/* The textbook loop, row-major, i-j-p order. */
static void naive_gemm(const float *a, const float *b, float *c, int n)
{
	int i, j, p;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			float s = 0;

			for (p = 0; p < n; p++)
				s += a[i * n + p] * b[p * n + j];
			c[i * n + j] = s;
		}
	}
}

TEST(gemm_1024_fp32_throughput)
{
	float *a = malloc(sizeof(float) * N * N), *b = malloc(sizeof(float) * N * N);
	float *c = malloc(sizeof(float) * N * N), *tile = malloc(T * T * 4);
	uint32_t args[9] = { WSE_FW_DTYPE_F32, T, T, T, 0, T * T * 4,
			     2 * T * T * 4, fbits(1), 0 };
	struct wse_launch l = { .kernel = WSE_K_GEMM, .w = P, .h = P,
				.nargs = 9 };
	struct wse_launch_limits lim = OPEN_LIMITS(48 * 1024);
	struct wse_fabric_config cfg = small_config();
	struct wse_par par = test_par(threads());
	struct wse_kexec ex;
	struct wse_fabric f;
	uint64_t s = 42;
	double best = 1e9, t0, naive;
	uint32_t i, j, r, q, detail;
	char err[128];

	memcpy(l.args, args, sizeof(args));
	ASSERT_TRUE(wse_fabric_init(&f, &cfg, err, sizeof(err)));
	for (i = 0; i < N * N; i++) {
		a[i] = (wse_prng_next(&s) >> 40) / 16777216.0f - 0.5f;
		b[i] = (wse_prng_next(&s) >> 40) / 16777216.0f - 0.5f;
	}
	for (j = 0; j < P; j++) {
		for (i = 0; i < P; i++) {
			for (q = 0; q < T; q++)
				for (r = 0; r < T; r++)
					tile[q * T + r] = a[(j * T + r) * N + i * T + q];
			memcpy(wse_fabric_pe_mem(&f, i, j), tile, T * T * 4);
			for (q = 0; q < T; q++)
				for (r = 0; r < T; r++)
					tile[q * T + r] = b[(j * T + r) * N + i * T + q];
			memcpy(wse_fabric_pe_mem(&f, i, j) + T * T * 4, tile,
			       T * T * 4);
		}
	}
	ASSERT_EQ(WSE_STS_SUCCESS, wse_launch_check(&l, &lim, &detail));
	for (i = 0; i < REPS; i++) {
		ex = (struct wse_kexec){ .f = &f, .par = &par };
		t0 = now();
		ASSERT_EQ(WSE_STS_SUCCESS, wse_launch_run(&l, &ex));
		t0 = now() - t0;
		if (t0 < best)
			best = t0;
	}

	t0 = now();
	naive_gemm(a, b, c, N);
	naive = now() - t0;

	/* The kernel's C equals the loop's, within fp32 reordering. */
	for (j = 0; j < P; j++) {
		for (i = 0; i < P; i++) {
			memcpy(tile, wse_fabric_pe_peek(&f, i, j) + 2 * T * T * 4,
			       T * T * 4);
			for (q = 0; q < T; q++)
				for (r = 0; r < T; r++)
					ASSERT_LT(fabsf(tile[q * T + r] -
							c[(j * T + r) * N + i * T + q]),
						  1e-3f);
		}
	}
	TH_LOG("gemm 1024x1024x1024 fp32: %.1f GFLOP/s on %u threads (%s, "
	       "%.2f ms); naive triple loop, 1 thread: %.2f GFLOP/s",
	       2.0 * N * N * N / best / 1e9, par.width, wse_gemm_isa(),
	       best * 1e3, 2.0 * N * N * N / naive / 1e9);
	EXPECT_LT(best * 2, naive);
	wse_fabric_destroy(&f);
	free(a);
	free(b);
	free(c);
	free(tile);
}

TEST(gemv_1024_fp32_throughput)
{
	float *a = malloc(sizeof(float) * N * N), *x = malloc(sizeof(float) * N);
	float *y = malloc(sizeof(float) * N), got[T];
	uint32_t args[8] = { WSE_FW_DTYPE_F32, T, T, 0, T * T * 4,
			     T * T * 4 + T * 4, fbits(1), 0 };
	struct wse_launch l = { .kernel = WSE_K_GEMV, .w = P, .h = P,
				.nargs = 8 };
	struct wse_launch_limits lim = OPEN_LIMITS(48 * 1024);
	struct wse_fabric_config cfg = small_config();
	struct wse_par par = test_par(threads());
	struct wse_kexec ex;
	struct wse_fabric f;
	uint64_t s = 43;
	double best = 1e9, t0, naive = 1e9;
	uint32_t i, j, r, detail, rep;
	char err[128];

	memcpy(l.args, args, sizeof(args));
	ASSERT_TRUE(wse_fabric_init(&f, &cfg, err, sizeof(err)));
	for (i = 0; i < N * N; i++)
		a[i] = (wse_prng_next(&s) >> 40) / 16777216.0f - 0.5f;
	for (i = 0; i < N; i++)
		x[i] = (wse_prng_next(&s) >> 40) / 16777216.0f - 0.5f;
	for (j = 0; j < P; j++)
		for (i = 0; i < P; i++) {
			uint8_t *pe = wse_fabric_pe_mem(&f, i, j);

			for (r = 0; r < T; r++)
				memcpy(pe + r * T * 4, a + (j * T + r) * N + i * T,
				       T * 4);
			if (j == 0)
				memcpy(pe + T * T * 4, x + i * T, T * 4);
		}
	ASSERT_EQ(WSE_STS_SUCCESS, wse_launch_check(&l, &lim, &detail));
	for (rep = 0; rep < 20; rep++) {
		ex = (struct wse_kexec){ .f = &f, .par = &par };
		t0 = now();
		ASSERT_EQ(WSE_STS_SUCCESS, wse_launch_run(&l, &ex));
		t0 = now() - t0;
		if (t0 < best)
			best = t0;
	}
	for (rep = 0; rep < 20; rep++) {
		t0 = now();
		for (i = 0; i < N; i++) {
			float sum = 0;

			for (j = 0; j < N; j++)
				sum += a[i * N + j] * x[j];
			y[i] = sum;
		}
		t0 = now() - t0;
		if (t0 < naive)
			naive = t0;
	}
	for (j = 0; j < P; j++) {
		memcpy(got, wse_fabric_pe_peek(&f, P - 1, j) + T * T * 4 + T * 4,
		       sizeof(got));
		for (r = 0; r < T; r++)
			ASSERT_LT(fabsf(got[r] - y[j * T + r]), 1e-3f);
	}
	TH_LOG("gemv 1024x1024 fp32: %.1f GFLOP/s on %u threads (%.3f ms); "
	       "naive loop, 1 thread: %.2f GFLOP/s", 2.0 * N * N / best / 1e9,
	       par.width, best * 1e3, 2.0 * N * N / naive / 1e9);
	wse_fabric_destroy(&f);
	free(a);
	free(x);
	free(y);
}

TEST_HARNESS_MAIN
