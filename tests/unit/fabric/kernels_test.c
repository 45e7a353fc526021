// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the compute kernels (qemu-device/wse_kernel*.c): every
 * kernel against a straightforward host reference computed in double, in
 * fp32 and fp16, on odd shapes, on a wafer whose defects are remapped
 * under the rectangle; the launch checks; cancellation, the watchdog and
 * the SRAM backing limit; and the fp16 conversions.
 *
 * Tolerances: fp32 results within 4 * K * 2^-24 * sum(|terms|) of the
 * exact value (K terms summed in binary32, any order); fp16 results within
 * that plus half a unit in the last place of the fp16 result (2^-11
 * relative) and the fp16 rounding of the inputs, which the reference
 * uses exactly.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "test_par.h"
#include "test_util.h"
#include "wse_fp16.h"
#include "wse_fw.h"
#include "wse_kernels.h"

#define SRAM		(48 * 1024)
#define F32		WSE_FW_DTYPE_F32
#define F16		WSE_FW_DTYPE_F16
#define ARG_OFF(i)	(offsetof(struct wse_hw_cmd, launch.args) + 4 * (i))

static uint32_t fb(float f)
{
	return wse_f32_bits(f);
}

/* Uniform in [-1, 1), exactly representable in fp16 when @half. */
static float rnd(uint64_t *s, int half)
{
	float v = (float)((wse_prng_next(s) >> 11) * (1.0 / 9007199254740992.0)) *
		  2.0f - 1.0f;

	return half ? wse_h2f(wse_f2h(v)) : v;
}

/*
 * A 32 x 24 wafer like the small preset, with defects under the
 * rectangles the tests use: physical row 2 retired (3 defects > 2 spares),
 * and two defects shifting logical row 0 and row 4.
 */
static void make_fabric(struct __test_metadata *_metadata,
			struct wse_fabric *f, int defects)
{
	static const struct wse_pe_coord map[] = {
		{ 1, 0 }, { 3, 2 }, { 4, 2 }, { 6, 2 }, { 0, 5 }, { 2, 5 },
	};
	static const struct wse_pe_coord none[1];
	struct wse_fabric_config c = small_config();
	char err[256];

	c.defect_map = defects ? map : none;
	c.defect_map_len = defects ? 6 : 0;
	ASSERT_TRUE(wse_fabric_init(f, &c, err, sizeof(err))) {
		TH_LOG("%s", err);
	}
}

static void put(struct wse_fabric *f, uint32_t x, uint32_t y, uint32_t off,
		uint32_t dtype, const float *v, size_t n)
{
	uint8_t *p = wse_fabric_pe_mem(f, x, y) + off;
	size_t i;

	for (i = 0; i < n; i++) {
		if (dtype == F16) {
			uint16_t h = wse_f2h(v[i]);

			memcpy(p + 2 * i, &h, 2);
		} else {
			memcpy(p + 4 * i, &v[i], 4);
		}
	}
}

static void get(struct wse_fabric *f, uint32_t x, uint32_t y, uint32_t off,
		uint32_t dtype, float *v, size_t n)
{
	const uint8_t *p = wse_fabric_pe_peek(f, x, y);
	size_t i;

	for (i = 0; i < n; i++) {
		uint16_t h = 0;

		if (!p) {
			v[i] = 0;
		} else if (dtype == F16) {
			memcpy(&h, p + off + 2 * i, 2);
			v[i] = wse_h2f(h);
		} else {
			memcpy(&v[i], p + off + 4 * i, 4);
		}
	}
}

static const struct wse_launch_limits all_limits = OPEN_LIMITS(SRAM);

static struct wse_launch mk(int kernel, uint32_t x, uint32_t y, uint32_t w,
			    uint32_t h, const uint32_t *args, uint32_t n)
{
	struct wse_launch l = { .kernel = kernel, .x = x, .y = y, .w = w,
				.h = h, .nargs = n };

	memcpy(l.args, args, n * sizeof(*args));
	return l;
}

/* Check and run with @threads workers; returns the status. */
static uint32_t launch(struct wse_fabric *f, const struct wse_launch *l,
		       uint32_t threads)
{
	struct wse_par par = test_par(threads);
	struct wse_kexec ex = { .f = f, .par = &par };
	uint32_t detail, sts;

	sts = wse_launch_check(l, &all_limits, &detail);
	if (sts)
		return sts;
	return wse_launch_run(l, &ex);
}

/* |got - want| within the tolerance described at the top of the file. */
static int close_enough(double got, double want, double absum, uint32_t terms,
			int half)
{
	double tol = 4.0 * terms * ldexp(1, -24) * absum + 1e-30;

	if (half)
		tol += fabs(want) * ldexp(1, -11) + ldexp(1, -24);
	return fabs(got - want) <= tol;
}

/* ---- fp16 conversion ---------------------------------------------------- */

TEST(fp16_round_trip_all_halves)
{
	uint32_t h;

	for (h = 0; h < 0x10000; h++) {
		float f = wse_h2f(h);

		if (isnan(f)) {
			ASSERT_EQ(0x7c00, wse_f2h(f) & 0x7c00);
			ASSERT_NE(0, wse_f2h(f) & 0x3ff);
			continue;
		}
		ASSERT_EQ(h, wse_f2h(f));
#ifdef __FLT16_MAX__
		ASSERT_EQ((float)*(const _Float16 *)&h, f);
#endif
	}
}

#ifdef __FLT16_MAX__
/* Rounding to half matches the compiler's _Float16 on many floats. */
TEST(fp16_rounding_matches_compiler)
{
	static const uint32_t edges[] = {
		0x477ff000, 0x477fefff, 0x477fe000, 0x38800000, 0x387fffff,
		0x33800000, 0x33000000, 0x33000001, 0x32ffffff, 0x7f800000,
		0x00000001, 0x3f800000, 0x3f801000, 0x3f803000, 0x80000000,
	};
	uint64_t s = 99;
	uint32_t i;

	for (i = 0; i < 2000000 + sizeof(edges) / 4; i++) {
		uint32_t u = i < sizeof(edges) / 4 ? edges[i] :
			     (uint32_t)wse_prng_next(&s);
		float f = wse_f32_from_bits(u);
		_Float16 c = (_Float16)f;
		uint16_t want;

		if (isnan(f))
			continue;
		memcpy(&want, &c, 2);
		ASSERT_EQ(want, wse_f2h(f)) {
			TH_LOG("float bits 0x%08x", u);
		}
		ASSERT_EQ(want ^ 0x8000, wse_f2h(-f));
	}
}
#endif

/* ---- gemm ------------------------------------------------------------- */

struct gemm_case {
	uint32_t p, mt, kt, nt, dtype;
	float alpha, beta;
	uint32_t x, y;
};

static void run_gemm(struct __test_metadata *_metadata, struct wse_fabric *f,
		     const struct gemm_case *gc, uint32_t threads)
{
	uint32_t p = gc->p, mt = gc->mt, kt = gc->kt, nt = gc->nt;
	uint32_t m = p * mt, k = p * kt, n = p * nt, es = gc->dtype ? 2 : 4;
	uint32_t ao = 0, bo = mt * kt * es, co = bo + kt * nt * es;
	int half = gc->dtype == F16;
	float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n);
	float *c = malloc(sizeof(float) * m * n), *tile = malloc(SRAM * 2);
	uint64_t s = 1000 + m + 7 * k + 31 * n + gc->dtype;
	uint32_t i, j, r, q, bad = 0;
	struct wse_launch l;
	uint32_t args[9] = { gc->dtype, mt, kt, nt, ao, bo, co, fb(gc->alpha),
			     fb(gc->beta) };

	for (i = 0; i < m * k; i++)
		a[i] = rnd(&s, half);
	for (i = 0; i < k * n; i++)
		b[i] = rnd(&s, half);
	for (i = 0; i < m * n; i++)
		c[i] = gc->beta == 0 ? NAN : rnd(&s, half);

	/* Distribute: column-major blocks, as the layout says. */
	for (j = 0; j < p; j++) {
		for (i = 0; i < p; i++) {
			for (q = 0; q < kt; q++)
				for (r = 0; r < mt; r++)
					tile[q * mt + r] =
						a[(j * mt + r) * k + i * kt + q];
			put(f, gc->x + i, gc->y + j, ao, gc->dtype, tile, mt * kt);
			for (q = 0; q < nt; q++)
				for (r = 0; r < kt; r++)
					tile[q * kt + r] =
						b[(j * kt + r) * n + i * nt + q];
			put(f, gc->x + i, gc->y + j, bo, gc->dtype, tile, kt * nt);
			for (q = 0; q < nt; q++)
				for (r = 0; r < mt; r++)
					tile[q * mt + r] =
						c[(j * mt + r) * n + i * nt + q];
			put(f, gc->x + i, gc->y + j, co, gc->dtype, tile, mt * nt);
		}
	}

	l = mk(WSE_K_GEMM, gc->x, gc->y, p, p, args, 9);
	ASSERT_EQ(WSE_STS_SUCCESS, launch(f, &l, threads));

	for (j = 0; j < p; j++) {
		for (i = 0; i < p; i++) {
			get(f, gc->x + i, gc->y + j, co, gc->dtype, tile, mt * nt);
			for (q = 0; q < nt; q++) {
				for (r = 0; r < mt; r++) {
					uint32_t row = j * mt + r, col = i * nt + q;
					double want = 0, absum = 0;
					uint32_t t;

					for (t = 0; t < k; t++) {
						double v = (double)a[row * k + t] *
							   b[t * n + col];
						want += v;
						absum += fabs(v);
					}
					want *= gc->alpha;
					absum *= fabs(gc->alpha);
					if (gc->beta != 0) {
						want += gc->beta * (double)c[row * n + col];
						absum += fabs(gc->beta * c[row * n + col]);
					}
					if (!close_enough(tile[q * mt + r], want,
							  absum, k + 2, half) &&
					    bad++ < 5)
						TH_LOG("C[%u][%u] = %.9g, want %.9g",
						       row, col, tile[q * mt + r],
						       want);
				}
			}
		}
	}
	EXPECT_EQ(0, bad);
	free(a);
	free(b);
	free(c);
	free(tile);
}

TEST(gemm_fp32_shapes)
{
	static const struct gemm_case cases[] = {
		{ 1, 1, 1, 1, F32, 1, 0, 0, 0 },
		{ 1, 13, 7, 5, F32, 1, 0, 3, 3 },
		{ 2, 7, 5, 3, F32, 1, 0, 0, 0 },
		{ 3, 17, 33, 9, F32, 2, 0.5f, 5, 1 },
		{ 4, 25, 19, 37, F32, -1.5f, 1, 10, 2 },
		{ 6, 20, 20, 20, F32, 1, 0, 0, 0 },
		{ 5, 31, 3, 50, F32, 0.25f, -2, 20, 18 },
	};
	struct wse_fabric f;
	uint32_t i;

	make_fabric(_metadata, &f, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_gemm(_metadata, &f, &cases[i], 1 + i % 3);
		wse_fabric_clear(&f);
	}
	wse_fabric_destroy(&f);
}

TEST(gemm_fp16)
{
	static const struct gemm_case cases[] = {
		{ 2, 9, 11, 13, F16, 1, 0, 0, 0 },
		{ 3, 16, 16, 16, F16, 0.5f, 1, 4, 4 },
	};
	struct wse_fabric f;
	uint32_t i;

	make_fabric(_metadata, &f, 1);
	for (i = 0; i < 2; i++)
		run_gemm(_metadata, &f, &cases[i], 2);
	wse_fabric_destroy(&f);
}

/* Every instruction set the host can run gives the same answers. */
TEST(gemm_every_isa)
{
	static const char *const isas[] = { "generic", "avx2", "avx512" };
	static const struct gemm_case gc = { 3, 29, 21, 35, F32, 1, 1, 1, 1 };
	struct wse_fabric f;
	uint32_t i, ran = 0;

	make_fabric(_metadata, &f, 1);
	for (i = 0; i < 3; i++) {
		if (!wse_gemm_force_isa(isas[i]))
			continue;
		ran++;
		run_gemm(_metadata, &f, &gc, 2);
		wse_fabric_clear(&f);
	}
	wse_gemm_force_isa(NULL);
	EXPECT_GE(ran, 1);
	TH_LOG("gemm instruction set on this host: %s", wse_gemm_isa());
	wse_fabric_destroy(&f);
}

/* Defects under the rectangle change nothing a program can see. */
TEST(gemm_defects_invisible)
{
	static const struct gemm_case gc = { 6, 8, 8, 8, F32, 1, 0, 0, 0 };
	struct wse_fabric bad, good;
	float t1[64], t2[64];
	uint32_t x, y, phys_x, phys_y;

	make_fabric(_metadata, &bad, 1);
	make_fabric(_metadata, &good, 0);
	/* The rectangle really sits on remapped PEs. */
	ASSERT_TRUE(wse_fabric_log_to_phys(&bad, 1, 0, &phys_x, &phys_y));
	EXPECT_EQ(2, phys_x);
	ASSERT_TRUE(wse_fabric_log_to_phys(&bad, 0, 2, &phys_x, &phys_y));
	EXPECT_EQ(3, phys_y);
	run_gemm(_metadata, &bad, &gc, 2);
	run_gemm(_metadata, &good, &gc, 1);
	for (y = 0; y < 6; y++) {
		for (x = 0; x < 6; x++) {
			get(&bad, x, y, 2 * 256, F32, t1, 64);
			get(&good, x, y, 2 * 256, F32, t2, 64);
			ASSERT_EQ(0, memcmp(t1, t2, sizeof(t1)));
		}
	}
	wse_fabric_destroy(&bad);
	wse_fabric_destroy(&good);
}

TEST(gemm_needs_square_rectangle)
{
	uint32_t args[9] = { F32, 4, 4, 4, 0, 64, 128, fb(1), 0 };
	struct wse_launch l = mk(WSE_K_GEMM, 0, 0, 3, 2, args, 9);
	uint32_t detail;

	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&l, &all_limits, &detail));
	EXPECT_EQ(9, WSE_LAUNCH_ARGS_EXPECTED(detail));
	EXPECT_EQ(WSE_LAUNCH_CULPRIT_RECT, WSE_LAUNCH_ARGS_CULPRIT(detail));
}

/* ---- gemv ------------------------------------------------------------- */

static void run_gemv(struct __test_metadata *_metadata, struct wse_fabric *f,
		     uint32_t x0, uint32_t y0, uint32_t w, uint32_t h,
		     uint32_t mt, uint32_t nt, uint32_t dtype, float alpha,
		     float beta)
{
	uint32_t m = h * mt, n = w * nt, es = dtype ? 2 : 4, i, j, r;
	uint32_t ao = 8, xo = ao + mt * nt * es, yo = xo + nt * es + 4;
	float *a = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n);
	float *y = malloc(sizeof(float) * m), *tile = malloc(SRAM * 2);
	int half = dtype == F16;
	uint64_t s = 77 + m * n + dtype;
	uint32_t args[8] = { dtype, mt, nt, ao, xo, yo, fb(alpha), fb(beta) };
	struct wse_launch l = mk(WSE_K_GEMV, x0, y0, w, h, args, 8);
	uint32_t bad = 0;

	for (i = 0; i < m * n; i++)
		a[i] = rnd(&s, half);
	for (i = 0; i < n; i++)
		x[i] = rnd(&s, half);
	for (i = 0; i < m; i++)
		y[i] = beta == 0 ? NAN : rnd(&s, half);
	for (j = 0; j < h; j++) {
		for (i = 0; i < w; i++) {
			for (r = 0; r < mt; r++)
				memcpy(tile + r * nt, a + (j * mt + r) * n + i * nt,
				       nt * sizeof(float));
			put(f, x0 + i, y0 + j, ao, dtype, tile, mt * nt);
		}
		put(f, x0 + w - 1, y0 + j, yo, dtype, y + j * mt, mt);
	}
	for (i = 0; i < w; i++)
		put(f, x0 + i, y0, xo, dtype, x + i * nt, nt);

	ASSERT_EQ(WSE_STS_SUCCESS, launch(f, &l, 3));

	for (j = 0; j < h; j++) {
		get(f, x0 + w - 1, y0 + j, yo, dtype, tile, mt);
		for (r = 0; r < mt; r++) {
			uint32_t row = j * mt + r, t;
			double want = 0, absum = 0;

			for (t = 0; t < n; t++) {
				want += (double)a[row * n + t] * x[t];
				absum += fabs((double)a[row * n + t] * x[t]);
			}
			want *= alpha;
			absum *= fabs(alpha);
			if (beta != 0) {
				want += (double)beta * y[row];
				absum += fabs(beta * y[row]);
			}
			if (!close_enough(tile[r], want, absum, n + 2, half) &&
			    bad++ < 5)
				TH_LOG("y[%u] = %.9g, want %.9g", row, tile[r], want);
		}
	}
	EXPECT_EQ(0, bad);
	free(a);
	free(x);
	free(y);
	free(tile);
}

TEST(gemv_shapes)
{
	struct wse_fabric f;

	make_fabric(_metadata, &f, 1);
	run_gemv(_metadata, &f, 0, 0, 1, 1, 1, 1, F32, 1, 0);
	run_gemv(_metadata, &f, 0, 0, 4, 6, 8, 4, F32, 1, 0);
	run_gemv(_metadata, &f, 3, 1, 7, 3, 13, 11, F32, 2, 0.5f);
	run_gemv(_metadata, &f, 0, 0, 2, 2, 5, 100, F32, -1, 1);
	run_gemv(_metadata, &f, 1, 2, 5, 4, 9, 17, F16, 1, 0);
	run_gemv(_metadata, &f, 0, 0, 3, 5, 32, 8, F16, 0.5f, 2);
	wse_fabric_destroy(&f);
}

/* ---- element-wise ------------------------------------------------------ */

static void run_elem(struct __test_metadata *_metadata, int kernel,
		     uint32_t dtype, uint32_t n, int in_place)
{
	uint32_t es = dtype ? 2 : 4, xo = 0, yo = n * es, zo = in_place ? yo :
		      2 * n * es, i, px, py;
	float *xv = malloc(n * 4), *yv = malloc(n * 4), *got = malloc(n * 4);
	float alpha = 0.75f;
	uint32_t args[5];
	struct wse_fabric f;
	struct wse_launch l;
	int half = dtype == F16;
	uint64_t s = 5 + n + kernel;

	make_fabric(_metadata, &f, 1);
	for (py = 0; py < 3; py++) {
		for (px = 0; px < 4; px++) {
			for (i = 0; i < n; i++) {
				xv[i] = rnd(&s, half) * 4;
				yv[i] = rnd(&s, half) * 4;
			}
			put(&f, 2 + px, 1 + py, xo, dtype, xv, n);
			put(&f, 2 + px, 1 + py, yo, dtype, yv, n);
		}
	}
	args[0] = dtype;
	args[1] = n;
	switch (kernel) {
	case WSE_K_AXPY:
		args[2] = fb(alpha);
		args[3] = xo;
		args[4] = yo;
		l = mk(kernel, 2, 1, 4, 3, args, 5);
		break;
	case WSE_K_RELU:
		args[2] = xo;
		args[3] = in_place ? xo : zo;
		l = mk(kernel, 2, 1, 4, 3, args, 4);
		break;
	default:
		args[2] = xo;
		args[3] = yo;
		args[4] = zo;
		l = mk(kernel, 2, 1, 4, 3, args, 5);
		break;
	}
	ASSERT_EQ(WSE_STS_SUCCESS, launch(&f, &l, 2));

	/* Same sequence again for the expected values. */
	s = 5 + n + kernel;
	for (py = 0; py < 3; py++) {
		for (px = 0; px < 4; px++) {
			uint32_t out = kernel == WSE_K_AXPY ? yo :
				       kernel == WSE_K_RELU ? args[3] : zo;

			for (i = 0; i < n; i++) {
				xv[i] = rnd(&s, half) * 4;
				yv[i] = rnd(&s, half) * 4;
			}
			get(&f, 2 + px, 1 + py, out, dtype, got, n);
			for (i = 0; i < n; i++) {
				double want;

				switch (kernel) {
				case WSE_K_ADD:
					want = (double)xv[i] + yv[i];
					break;
				case WSE_K_MUL:
					want = (double)xv[i] * yv[i];
					break;
				case WSE_K_AXPY:
					want = (double)alpha * xv[i] + yv[i];
					break;
				default:
					want = xv[i] < 0 ? 0 : xv[i];
					break;
				}
				ASSERT_TRUE(close_enough(got[i], want,
							 fabs(want) + 4, 2, half)) {
					TH_LOG("kernel %d elem %u: %g want %g",
					       kernel, i, got[i], want);
				}
			}
		}
	}
	/* PEs outside the rectangle were not touched. */
	EXPECT_EQ(NULL, wse_fabric_pe_peek(&f, 6, 1));
	EXPECT_EQ(NULL, wse_fabric_pe_peek(&f, 2, 4));
	wse_fabric_destroy(&f);
	free(xv);
	free(yv);
	free(got);
}

TEST(elementwise)
{
	static const int kernels[] = { WSE_K_ADD, WSE_K_MUL, WSE_K_AXPY,
				       WSE_K_RELU };
	uint32_t i;

	for (i = 0; i < 4; i++) {
		run_elem(_metadata, kernels[i], F32, 1, 0);
		run_elem(_metadata, kernels[i], F32, 1037, 0);
		run_elem(_metadata, kernels[i], F32, 700, 1);
		run_elem(_metadata, kernels[i], F16, 1501, 0);
		run_elem(_metadata, kernels[i], F16, 64, 1);
	}
}

TEST(relu_signs)
{
	static const float in[6] = { -0.0f, 0.0f, -3.0f, 2.5f, -INFINITY, NAN };
	uint32_t args[4] = { F32, 6, 0, 64 };
	struct wse_launch l = mk(WSE_K_RELU, 0, 0, 1, 1, args, 4);
	struct wse_fabric f;
	float out[6];

	make_fabric(_metadata, &f, 0);
	put(&f, 0, 0, 0, F32, in, 6);
	ASSERT_EQ(WSE_STS_SUCCESS, launch(&f, &l, 1));
	get(&f, 0, 0, 64, F32, out, 6);
	EXPECT_EQ(0x80000000u, fb(out[0]));	/* -0 is not less than 0 */
	EXPECT_EQ(0u, fb(out[1]));
	EXPECT_EQ(0u, fb(out[2]));
	EXPECT_EQ(2.5f, out[3]);
	EXPECT_EQ(0u, fb(out[4]));
	EXPECT_TRUE(isnan(out[5]));
	wse_fabric_destroy(&f);
}

/* ---- reductions -------------------------------------------------------- */

static double red_op(uint32_t op, double acc, double v, int first)
{
	if (op == WSE_REDUCE_MAXABS)
		v = fabs(v);
	if (first)
		return v;
	switch (op) {
	case WSE_REDUCE_SUM:
		return acc + v;
	case WSE_REDUCE_MIN:
		return v < acc ? v : acc;
	default:
		return v > acc ? v : acc;
	}
}

static void run_reduce(struct __test_metadata *_metadata, int kernel,
		       uint32_t op, uint32_t dtype, uint32_t w, uint32_t h,
		       uint32_t n)
{
	uint32_t es = dtype ? 2 : 4, xo = 16, yo = xo + n * es, i, j, k;
	float *v = malloc(sizeof(float) * w * h * n), *got = malloc(n * 4);
	uint32_t args[5] = { dtype, n, op, xo, yo };
	struct wse_launch l = mk(kernel, 1, 0, w, h, args, 5);
	int half = dtype == F16;
	uint64_t s = 3 + kernel * 10 + op + n;
	struct wse_fabric f;

	make_fabric(_metadata, &f, 1);
	for (i = 0; i < w * h * n; i++)
		v[i] = rnd(&s, half);
	for (j = 0; j < h; j++)
		for (i = 0; i < w; i++)
			put(&f, 1 + i, j, xo, dtype, v + (j * w + i) * n, n);
	ASSERT_EQ(WSE_STS_SUCCESS, launch(&f, &l, 3));

	for (j = 0; j < h; j++) {
		for (i = 0; i < w; i++) {
			uint32_t lo_i = 0, hi_i = w, lo_j = 0, hi_j = h;
			int gets = 0;

			switch (kernel) {
			case WSE_K_REDUCE_ROWS:
				gets = i == w - 1;
				lo_j = j;
				hi_j = j + 1;
				break;
			case WSE_K_REDUCE_COLS:
				gets = j == 0;
				lo_i = i;
				hi_i = i + 1;
				break;
			case WSE_K_REDUCE_ALL:
				gets = i == w - 1 && j == 0;
				break;
			default:
				gets = 1;
				break;
			}
			get(&f, 1 + i, j, yo, dtype, got, n);
			for (k = 0; k < n; k++) {
				double want = 0, absum = 0;
				uint32_t a, b, terms = 0;

				if (!gets) {
					/* Only x was ever written there. */
					ASSERT_EQ(0, fb(got[k]));
					continue;
				}
				for (b = lo_j; b < hi_j; b++)
					for (a = lo_i; a < hi_i; a++) {
						double x = v[(b * w + a) * n + k];

						want = red_op(op, want, x, !terms++);
						absum += fabs(x);
					}
				if (op != WSE_REDUCE_SUM)
					absum = 0;	/* exact */
				ASSERT_TRUE(close_enough(got[k], want, absum, terms,
							 half)) {
					TH_LOG("kernel %d op %u PE %u,%u elem %u: %g, "
					       "want %g", kernel, op, i, j, k,
					       got[k], want);
				}
			}
		}
	}
	wse_fabric_destroy(&f);
	free(v);
	free(got);
}

TEST(reductions)
{
	static const int kernels[] = { WSE_K_REDUCE_ROWS, WSE_K_REDUCE_COLS,
				       WSE_K_REDUCE_ALL, WSE_K_ALLREDUCE };
	uint32_t i, op;

	for (i = 0; i < 4; i++) {
		for (op = 0; op < WSE_REDUCE_OPS; op++) {
			run_reduce(_metadata, kernels[i], op, F32, 5, 4, 3);
			run_reduce(_metadata, kernels[i], op, F16, 3, 6, 2);
		}
		run_reduce(_metadata, kernels[i], WSE_REDUCE_SUM, F32, 7, 9, 1100);
		run_reduce(_metadata, kernels[i], WSE_REDUCE_SUM, F32, 1, 1, 5);
	}
}

/* ---- stencil ---------------------------------------------------------- */

static void run_stencil(struct __test_metadata *_metadata, uint32_t dtype,
			uint32_t w, uint32_t h, uint32_t ht, uint32_t wt)
{
	uint32_t es = dtype ? 2 : 4, io = 0, oo = ht * wt * es, rows = h * ht;
	uint32_t cols = w * wt, i, j, r, c;
	float cf[5] = { -4.0f, 1.0f, 0.5f, 1.25f, 0.75f };
	float *u = malloc(sizeof(float) * rows * cols), *tile = malloc(SRAM * 2);
	uint32_t args[10] = { dtype, ht, wt, io, oo, fb(cf[0]), fb(cf[1]),
			      fb(cf[2]), fb(cf[3]), fb(cf[4]) };
	struct wse_launch l = mk(WSE_K_STENCIL5, 2, 1, w, h, args, 10);
	int half = dtype == F16;
	uint64_t s = 11 + rows * cols;
	struct wse_fabric f;

	make_fabric(_metadata, &f, 1);
	for (i = 0; i < rows * cols; i++)
		u[i] = rnd(&s, half);
	for (j = 0; j < h; j++) {
		for (i = 0; i < w; i++) {
			for (r = 0; r < ht; r++)
				memcpy(tile + r * wt, u + (j * ht + r) * cols + i * wt,
				       wt * sizeof(float));
			put(&f, 2 + i, 1 + j, io, dtype, tile, ht * wt);
		}
	}
	ASSERT_EQ(WSE_STS_SUCCESS, launch(&f, &l, 2));
	for (j = 0; j < h; j++) {
		for (i = 0; i < w; i++) {
			get(&f, 2 + i, 1 + j, oo, dtype, tile, ht * wt);
			for (r = 0; r < ht; r++) {
				for (c = 0; c < wt; c++) {
					int64_t R = j * ht + r, C = i * wt + c;
					double t[5], want = 0, absum = 0;
					int q;

#define U(a, b) ((a) < 0 || (b) < 0 || (a) >= rows || (b) >= cols ? 0.0 : \
		 (double)u[(a) * cols + (b)])
					t[0] = cf[0] * U(R, C);
					t[1] = cf[1] * U(R - 1, C);
					t[2] = cf[2] * U(R + 1, C);
					t[3] = cf[3] * U(R, C - 1);
					t[4] = cf[4] * U(R, C + 1);
#undef U
					for (q = 0; q < 5; q++) {
						want += t[q];
						absum += fabs(t[q]);
					}
					ASSERT_TRUE(close_enough(tile[r * wt + c],
								 want, absum, 5,
								 half)) {
						TH_LOG("V[%lld][%lld] = %g, want %g",
						       (long long)R, (long long)C,
						       tile[r * wt + c], want);
					}
				}
			}
		}
	}
	wse_fabric_destroy(&f);
	free(u);
	free(tile);
}

TEST(stencil5)
{
	run_stencil(_metadata, F32, 1, 1, 1, 1);
	run_stencil(_metadata, F32, 4, 3, 5, 7);
	run_stencil(_metadata, F32, 3, 5, 16, 1);
	run_stencil(_metadata, F32, 6, 6, 32, 32);
	run_stencil(_metadata, F16, 3, 4, 9, 6);
}

/* ---- launch checks ----------------------------------------------------- */

TEST(launch_checks)
{
	struct wse_launch_limits lim = all_limits;
	uint32_t args[9] = { F32, 4, 4, 4, 0, 64, 128, fb(1), 0 };
	struct wse_launch l = mk(WSE_K_GEMM, 0, 0, 2, 2, args, 9);
	struct wse_launch t;
	uint32_t detail;

	ASSERT_EQ(WSE_STS_SUCCESS, wse_launch_check(&l, &lim, &detail));

	t = l;
	t.nargs = 8;
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(WSE_LAUNCH_ARGS_DETAIL(9, WSE_LAUNCH_CULPRIT_COUNT), detail);

	t = l;
	t.args[0] = 2;			/* no such element type */
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(WSE_LAUNCH_ARGS_DETAIL(9, WSE_LAUNCH_CULPRIT_ARG(0)), detail);

	lim.dtypes = WSE_FW_DTYPE_BIT(F32);	/* firmware offers fp32 only */
	t = l;
	t.args[0] = F16;
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(WSE_LAUNCH_ARGS_DETAIL(9, WSE_LAUNCH_CULPRIT_ARG(0)), detail);
	lim = all_limits;

	t = l;
	t.args[2] = 0;			/* a count of zero */
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(WSE_LAUNCH_CULPRIT_ARG(2), WSE_LAUNCH_ARGS_CULPRIT(detail));

	t = l;
	t.args[5] = 66;			/* misaligned for fp32 */
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(WSE_LAUNCH_CULPRIT_ARG(5), WSE_LAUNCH_ARGS_CULPRIT(detail));

	t = l;
	t.args[6] = SRAM;		/* offset past the SRAM */
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(ARG_OFF(6), detail);

	t = l;
	t.args[6] = SRAM - 60;		/* C's 64 bytes run past the end */
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(ARG_OFF(6), detail);

	t = l;
	t.args[6] = 100;		/* C overlaps B (64..127) */
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(WSE_LAUNCH_CULPRIT_ARG(6), WSE_LAUNCH_ARGS_CULPRIT(detail));

	t = l;
	t.args[7] = fb(NAN);
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(WSE_LAUNCH_CULPRIT_ARG(7), WSE_LAUNCH_ARGS_CULPRIT(detail));
	t.args[7] = fb(INFINITY);
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&t, &lim, &detail));

	lim.max_width = 1;
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&l, &lim, &detail));
	EXPECT_EQ(offsetof(struct wse_hw_cmd, launch.rect.width), detail);
	lim = all_limits;
	lim.max_height = 1;
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&l, &lim, &detail));
	EXPECT_EQ(offsetof(struct wse_hw_cmd, launch.rect.height), detail);
	lim = all_limits;
	lim.max_pes = 3;
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&l, &lim, &detail));
	EXPECT_EQ(offsetof(struct wse_hw_cmd, launch.rect.height), detail);
}

/*
 * The SRAM window confines every buffer: a launch granted bytes
 * [256, 512) of each PE cannot read below it or write past it, whatever
 * its offsets say.
 */
TEST(launch_sram_window)
{
	struct wse_launch_limits lim = all_limits;
	/* gemm 4x4 blocks: A at 256, B at 320, C at 384, 64 bytes each */
	uint32_t args[9] = { F32, 4, 4, 4, 256, 320, 384, fb(1), 0 };
	struct wse_launch l = mk(WSE_K_GEMM, 0, 0, 2, 2, args, 9);
	struct wse_launch t;
	uint32_t detail;

	lim.sram_lo = 256;
	lim.sram_hi = 512;
	ASSERT_EQ(WSE_STS_SUCCESS, wse_launch_check(&l, &lim, &detail));

	t = l;
	t.args[4] = 0;			/* A below the window */
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(ARG_OFF(4), detail);

	t = l;
	t.args[6] = 512;		/* C starts at the window's end */
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(ARG_OFF(6), detail);

	t = l;
	t.args[6] = 480;		/* C's 64 bytes cross the end */
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, wse_launch_check(&t, &lim, &detail));
	EXPECT_EQ(ARG_OFF(6), detail);
}

TEST(launch_checks_in_place_and_enums)
{
	uint32_t add[5] = { F32, 16, 0, 64, 0 };
	uint32_t red[5] = { F32, 16, WSE_REDUCE_OPS, 0, 64 };
	struct wse_launch l = mk(WSE_K_ADD, 0, 0, 1, 1, add, 5);
	uint32_t detail;

	/* z may be x exactly... */
	EXPECT_EQ(WSE_STS_SUCCESS, wse_launch_check(&l, &all_limits, &detail));
	/* ...but not straddle it. */
	l.args[4] = 32;
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&l, &all_limits, &detail));
	EXPECT_EQ(WSE_LAUNCH_ARGS_DETAIL(5, WSE_LAUNCH_CULPRIT_ARG(4)), detail);

	l = mk(WSE_K_REDUCE_ALL, 0, 0, 2, 2, red, 5);
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&l, &all_limits, &detail));
	EXPECT_EQ(WSE_LAUNCH_CULPRIT_ARG(2), WSE_LAUNCH_ARGS_CULPRIT(detail));
	l.args[2] = WSE_REDUCE_MAX;
	l.args[4] = 32;			/* y inside x: never in place */
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&l, &all_limits, &detail));
	l.args[4] = 0;
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, wse_launch_check(&l, &all_limits, &detail));
}

/* ---- stopping ---------------------------------------------------------- */

TEST(cancel_and_deadline_stop_a_kernel)
{
	uint32_t args[9] = { F32, 64, 64, 64, 0, 16384, 32768, fb(1), 0 };
	struct wse_launch l = mk(WSE_K_GEMM, 0, 0, 8, 8, args, 9);
	struct wse_par par = test_par(2);
	struct wse_fabric f;
	struct wse_kexec ex;
	uint32_t detail;
	int cancel = 1;

	make_fabric(_metadata, &f, 1);
	ASSERT_EQ(WSE_STS_SUCCESS, wse_launch_check(&l, &all_limits, &detail));
	ex = (struct wse_kexec){ .f = &f, .par = &par, .cancel = &cancel };
	EXPECT_EQ(WSE_STS_ABORTED, wse_launch_run(&l, &ex));
	EXPECT_EQ(0, ex.timed_out);

	cancel = 0;
	ex = (struct wse_kexec){ .f = &f, .par = &par, .cancel = &cancel,
				 .deadline_ns = wse_kclock_ns() - 1 };
	EXPECT_EQ(WSE_STS_ABORTED, wse_launch_run(&l, &ex));
	EXPECT_EQ(1, ex.timed_out);

	ex = (struct wse_kexec){ .f = &f, .par = &par, .cancel = &cancel,
				 .deadline_ns = wse_kclock_ns() + 60ull * 1000000000 };
	EXPECT_EQ(WSE_STS_SUCCESS, wse_launch_run(&l, &ex));
	wse_fabric_destroy(&f);
}

/* Out of SRAM backing: INTERNAL, and nothing was written. */
TEST(backing_limit_writes_nothing)
{
	struct wse_fabric_config c = small_config();
	uint32_t args[5] = { F32, 4, 0, 16, 32 };
	struct wse_launch l = mk(WSE_K_ADD, 0, 0, 8, 1, args, 5);
	struct wse_fabric f;
	char err[128];
	uint32_t i;
	float one = 1;

	c.sram_limit = 6 * c.pe_sram_bytes;
	ASSERT_TRUE(wse_fabric_init(&f, &c, err, sizeof(err)));
	for (i = 0; i < 6; i++)
		put(&f, i, 0, 0, F32, &one, 1);
	EXPECT_EQ(WSE_STS_INTERNAL, launch(&f, &l, 2));
	for (i = 0; i < 6; i++) {
		float z[4];

		get(&f, i, 0, 32, F32, z, 4);
		EXPECT_EQ(0, fb(z[0]));
	}
	EXPECT_EQ(NULL, wse_fabric_pe_peek(&f, 7, 0));
	wse_fabric_destroy(&f);
}

/* Unwritten input PEs read as zeros, and stay cheap. */
TEST(unwritten_inputs_read_zero)
{
	uint32_t args[5] = { F32, 8, WSE_REDUCE_SUM, 0, 64 };
	struct wse_launch l = mk(WSE_K_REDUCE_ROWS, 0, 0, 30, 20, args, 5);
	struct wse_fabric f;
	float y[8];

	make_fabric(_metadata, &f, 1);
	ASSERT_EQ(WSE_STS_SUCCESS, launch(&f, &l, 2));
	get(&f, 29, 19, 64, F32, y, 8);
	EXPECT_EQ(0, fb(y[7]));
	/* Only the east column was backed, for the results. */
	EXPECT_EQ(20, f.backed_pes);
	wse_fabric_destroy(&f);
}

TEST_HARNESS_MAIN
