// SPDX-License-Identifier: GPL-2.0-only
/*
 * blas_bench: the host side of `make bench`'s compute rows. The same
 * operations wse_bench runs on the device (single-precision GEMM and
 * GEMV, row-major, alpha 1, beta 0, values in [-1, 1)) done by the
 * host's BLAS (Debian's OpenBLAS), natively, on as many threads as
 * OPENBLAS_NUM_THREADS says (scripts/bench.sh sets it to the device's
 * worker threads). Best of a few timed repeats after a warm-up; one
 * result element is checked against a double-precision dot product so
 * that a broken library cannot look fast.
 *
 * "BENCH key=value" lines on stdout, as wse_bench prints them.
 */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static float *random_floats(size_t n, unsigned int seed)
{
	float *p;
	size_t i;

	if (posix_memalign((void **)&p, 64, n * sizeof(*p)))
		return NULL;
	srand(seed);
	for (i = 0; i < n; i++)
		p[i] = (float)rand() / RAND_MAX * 2.0f - 1.0f;
	return p;
}

/* |got - sum a[k] * b[k * stride]| against 1e-5 sqrt(n) x sum of |terms|. */
static int check_dot(const char *what, float got, const float *a, const float *b,
		     size_t stride, size_t n)
{
	double sum = 0, mag = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		sum += (double)a[k] * b[k * stride];
		mag += fabs((double)a[k] * b[k * stride]);
	}
	if (fabs(got - sum) <= 1e-5 * sqrt((double)n) * mag)
		return 0;
	fprintf(stderr, "blas_bench: %s: result %.9g, expected %.9g\n", what, got, sum);
	return -1;
}

/*
 * Seconds per call of @fn: repeat it until a measurement lasts 50 ms,
 * best of @repeats measurements.
 */
static double best_time(void (*fn)(void *), void *arg, unsigned int repeats)
{
	double best = 1e30, t0, t;
	unsigned int r, calls = 1, i;

	fn(arg);	/* warm-up: threads started, pages touched */
	for (r = 0; r < repeats; r++) {
		for (;;) {
			t0 = now_s();
			for (i = 0; i < calls; i++)
				fn(arg);
			t = now_s() - t0;
			if (t >= 0.05 || calls >= (1u << 20))
				break;
			calls *= 2;
		}
		if (t / calls < best)
			best = t / calls;
	}
	return best;
}

struct op {
	int m, n, k;
	float *a, *b, *c;
};

static void sgemm(void *p)
{
	struct op *o = p;

	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, o->m, o->n, o->k, 1.0f, o->a,
		    o->k, o->b, o->n, 0.0f, o->c, o->n);
}

static void sgemv(void *p)
{
	struct op *o = p;

	cblas_sgemv(CblasRowMajor, CblasNoTrans, o->m, o->n, 1.0f, o->a, o->n, o->b, 1, 0.0f,
		    o->c, 1);
}

static void usage(FILE *out)
{
	fputs("Usage: blas_bench [-g N] [-v N] [-r REPEATS]\n"
	      "  -g N        GEMM size, N x N x N (default 1024)\n"
	      "  -v N        GEMV size, N x N (default 2048)\n"
	      "  -r REPEATS  timed repeats, best counts (default 5)\n"
	      "Threads: OPENBLAS_NUM_THREADS.\n", out);
}

int main(int argc, char **argv)
{
	unsigned int repeats = 5;
	int g = 1024, v = 2048, opt, failed = 0;
	struct op o;
	double t;

	while ((opt = getopt(argc, argv, "g:v:r:h")) != -1) {
		switch (opt) {
		case 'g':
			g = atoi(optarg);
			break;
		case 'v':
			v = atoi(optarg);
			break;
		case 'r':
			repeats = (unsigned int)atoi(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || g <= 0 || v <= 0 || !repeats) {
		usage(stderr);
		return 2;
	}
	printf("OpenBLAS %s (core %s), %d threads\n", openblas_get_config(),
	       openblas_get_corename(), openblas_get_num_threads());
	printf("BENCH blas_threads=%d\n", openblas_get_num_threads());

	o = (struct op){ .m = g, .n = g, .k = g };
	o.a = random_floats((size_t)g * g, 1);
	o.b = random_floats((size_t)g * g, 2);
	o.c = random_floats((size_t)g * g, 3);
	if (!o.a || !o.b || !o.c) {
		fprintf(stderr, "blas_bench: no memory for %dx%d matrices\n", g, g);
		return 1;
	}
	t = best_time(sgemm, &o, repeats);
	failed |= check_dot("sgemm C[g-1][1]", o.c[(size_t)(g - 1) * g + 1],
			    o.a + (size_t)(g - 1) * g, o.b + 1, g, g);
	printf("sgemm %dx%dx%d: %.3f ms, %.2f GFLOP/s\n", g, g, g, t * 1e3,
	       2.0 * g * g * g / t / 1e9);
	printf("BENCH blas_gemm_gflops=%.2f\n", 2.0 * g * g * g / t / 1e9);
	printf("BENCH blas_gemm_size=%d\n", g);
	free(o.a);
	free(o.b);
	free(o.c);

	o = (struct op){ .m = v, .n = v };
	o.a = random_floats((size_t)v * v, 4);
	o.b = random_floats(v, 5);
	o.c = random_floats(v, 6);
	if (!o.a || !o.b || !o.c) {
		fprintf(stderr, "blas_bench: no memory for a %dx%d matrix\n", v, v);
		return 1;
	}
	t = best_time(sgemv, &o, repeats);
	failed |= check_dot("sgemv y[v-1]", o.c[v - 1], o.a + (size_t)(v - 1) * v, o.b, 1, v);
	printf("sgemv %dx%d: %.3f ms, %.2f GFLOP/s\n", v, v, t * 1e3, 2.0 * v * v / t / 1e9);
	printf("BENCH blas_gemv_gflops=%.2f\n", 2.0 * v * v / t / 1e9);
	printf("BENCH blas_gemv_size=%d\n", v);
	free(o.a);
	free(o.b);
	free(o.c);
	printf("BENCH blas_status=%s\n", failed ? "failed" : "ok");
	return failed ? 1 : 0;
}
