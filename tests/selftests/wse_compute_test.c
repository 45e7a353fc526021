// SPDX-License-Identifier: GPL-2.0-only
/*
 * The compute kernels of the running firmware, through DRM_WSE_CMD_LAUNCH
 * and the raw ioctls: every kernel of Documentation/device-spec.rst
 * "Compute kernels", in fp32 and fp16, over several rectangles and block
 * shapes (1x1, odd, non-square), on random data laid out across the PEs
 * exactly as the spec says and checked against a reference computed here
 * in double; a launch over PEs the device has remapped around defects;
 * chains of dependent jobs within a context and across contexts through
 * syncobjs; and launches the driver or the device must refuse, without
 * effect.
 *
 * Kernels are looked up by name (DRM_WSE_QUERY_KERNELS), never by id. The
 * tests skip when no firmware runs.
 *
 * A kernel test runs each launch in one job: FILL the context's SRAM
 * range with a sentinel, H2F every operand, LAUNCH, F2H every operand and
 * the whole range. Besides the results, every element the kernel must
 * not write (inputs, outputs on PEs the kernel does not write, the gaps
 * between operands, PEs outside the rectangle) must come back bit for bit.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_test_util.h"

/* The context most tests work in (clamped to smaller devices). */
#define CTX_W		8
#define CTX_H		8
#define CTX_SRAM	32768u
/* Staging buffers: every operand of a job plus a copy of its reservation. */
#define BO_BYTES	(8ul << 20)
/* FILL pattern: a NaN as fp32 and as each fp16 half, so a stray read shows. */
#define SENTINEL	0x7fc17fc1u
#define POISON		0xa5
#define MAX_OPS		4
#define MAX_LAUNCH	2

#define F32		WSE_FW_DTYPE_F32
#define F16		WSE_FW_DTYPE_F16
#define D16		DRM_WSE_CMD_F_DTYPE_16

/* Reduction operators ('u' argument of the reduce kernels). */
enum { RED_SUM, RED_MAX, RED_MIN, RED_MAXABS, RED_NR_OPS };

static const char *const red_op_names[] = { "sum", "max", "min", "maxabs" };
static const unsigned int dtypes[] = { F32, F16 };

/* ------------------------------------------------------------------ */
/* Elements, random data and tolerances                                */
/* ------------------------------------------------------------------ */

static unsigned int esize(unsigned int dt)
{
	return dt == F16 ? 2 : 4;
}

static const char *dt_name(unsigned int dt)
{
	return dt == F16 ? "fp16" : "fp32";
}

static __u32 elem_bits(const void *base, size_t i, unsigned int dt)
{
	const unsigned char *p = base;
	__u16 h;
	__u32 w;

	if (dt == F16) {
		memcpy(&h, p + 2 * i, sizeof(h));
		return h;
	}
	memcpy(&w, p + 4 * i, sizeof(w));
	return w;
}

static void set_bits(void *base, size_t i, unsigned int dt, __u32 bits)
{
	unsigned char *p = base;
	__u16 h = (__u16)bits;

	if (dt == F16)
		memcpy(p + 2 * i, &h, sizeof(h));
	else
		memcpy(p + 4 * i, &bits, sizeof(bits));
}

static double bits_value(__u32 bits, unsigned int dt)
{
	return dt == F16 ? wse_f16_to_f32((__u16)bits) : wse_bits_f32(bits);
}

static double elem(const void *base, size_t i, unsigned int dt)
{
	return bits_value(elem_bits(base, i, dt), dt);
}

/* Store @v, a value of @dt (or NaN). */
static void set_elem(void *base, size_t i, unsigned int dt, double v)
{
	float f = (float)v;

	set_bits(base, i, dt, dt == F16 ? wse_f32_to_f16(f) : wse_f32_bits(f));
}

static __u64 rng_next(__u64 *state)
{
	return wse_mix64((*state)++);
}

/* Uniform on [-1, 1) in steps of 2^-23, never 0, a value of @dt. */
static double rnd(__u64 *state, unsigned int dt)
{
	double v;

	do {
		v = ((double)(rng_next(state) >> 40) - 8388608.0) / 8388608.0;
		if (dt == F16)
			v = wse_f16_to_f32(wse_f32_to_f16((float)v));
	} while (v == 0);
	return v;
}

/*
 * Tolerances. The device computes in binary32 (unit roundoff u = 2^-24);
 * fp16 elements are widened exactly and each result is rounded once to
 * binary16 (u16 = 2^-11). A result reached from terms t_1..t_m through at
 * most s binary32 roundings (products, fused or not, then sums in any
 * order) is within gamma_s * sum|t_k| of the exact value, gamma_s =
 * s*u/(1 - s*u) (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 3.1), so each element must satisfy
 *
 *   |got - ref| <= 1.01 * s * 2^-24 * sum|t_k|                     fp32
 *   |got - ref| <= that + 2^-11 * (|ref| + that) + 2^-25           fp16
 *
 * (2^-25: half the spacing of fp16 subnormals). ref is computed here in
 * double from the exact input values; its own error (s * 2^-53 relative)
 * is far below the bound. Each kernel states its s: 1 for add and mul, 2
 * for axpy, K + 2 for gemm (gemv: N + 2), 6 for the 5-point stencil, the
 * number of PEs combined for a sum reduction. max, min, maxabs and relu
 * select one of their inputs, so they are checked exactly.
 */
#define U32		(1.0 / 16777216.0)
#define U16		(1.0 / 2048.0)
#define F16_HALF_SUB	(1.0 / 33554432.0)
#define TOL_RULE	"1.01 * s * 2^-24 * sum|terms| (fp16: + 2^-11 * |ref| + 2^-25)"

static double tolerance(unsigned int dt, unsigned int steps, double mag, double ref)
{
	double t = 1.01 * steps * U32 * mag;

	if (dt == F16)
		t += U16 * (fabs(ref) + t) + F16_HALF_SUB;
	return t;
}

/* The outcome of comparing many elements; the first failure is kept. */
struct verdict {
	unsigned long checked, bad;
	double worst;		/* largest |err| / tolerance seen */
	char first[256];
};

__attribute__((format(printf, 2, 3)))
static void note_bad(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	if (v->bad++)
		return;
	va_start(ap, fmt);
	vsnprintf(v->first, sizeof(v->first), fmt, ap);
	va_end(ap);
}

/* Where an element is: PE (pi, pj) of the rectangle, element l of its block. */
struct where {
	unsigned int pi, pj, l;
};

/* A computed element: within @tol of @ref; NaN exactly where @ref is NaN. */
static void judge(struct verdict *v, double got, double ref, double tol, const char *what,
		  struct where w)
{
	double err = fabs(got - ref);

	v->checked++;
	if (got == ref)
		return;
	if (isnan(ref) || isnan(got)) {
		if (!isnan(ref) || !isnan(got))
			note_bad(v, "%s, PE (%u,%u) element %u: got %.9g, expected %.9g",
				 what, w.pi, w.pj, w.l, got, ref);
		return;
	}
	if (tol > 0 && err / tol > v->worst)
		v->worst = err / tol;
	if (!(err <= tol))
		note_bad(v, "%s, PE (%u,%u) element %u: got %.9g, expected %.9g +- %.3g (error %.3g)",
			 what, w.pi, w.pj, w.l, got, ref, tol, err);
}

/* An element that must come back bit for bit. */
static void judge_bits(struct verdict *v, __u32 got, __u32 want, const char *what,
		       struct where w)
{
	v->checked++;
	if (got != want)
		note_bad(v, "%s, PE (%u,%u) element %u: got bits 0x%x, expected 0x%x",
			 what, w.pi, w.pj, w.l, got, want);
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */
/* ------------------------------------------------------------------ */

FIXTURE(compute) {
	int fd;
	const char *skip;		/* why nothing can be launched, or NULL */
	char why[160];
	struct drm_wse_device_info info;
	struct drm_wse_kernel_info *kern;
	int nkern;
	struct drm_wse_ctx_create ctx;	/* made by use_ctx() */
	struct wse_bo in, out;		/* staging: host -> fabric, fabric -> host */
	__u64 seed;
	double worst;			/* largest |err| / tolerance of the test */
	const char *worst_desc;
	char worst_buf[200];
};

FIXTURE_SETUP(compute)
{
	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &self->info));
	self->kern = calloc(WSE_FW_MAX_KERNELS, sizeof(*self->kern));
	ASSERT_NE(NULL, self->kern);
	self->nkern = wse_query_kernels(self->fd, self->kern, WSE_FW_MAX_KERNELS);
	ASSERT_LE(0, self->nkern) TH_LOG("QUERY_KERNELS: %s", strerror(-self->nkern));
	ASSERT_GE(WSE_FW_MAX_KERNELS, self->nkern);
	if (!self->nkern) {
		snprintf(self->why, sizeof(self->why),
			 "no firmware running (fw_state %u, fw_error %u): no kernel to launch",
			 self->info.fw_state, self->info.fw_error);
		self->skip = self->why;
		SKIP(return, "%s", self->skip);
	}
	ASSERT_EQ(0, wse_bo_create(self->fd, BO_BYTES, &self->in));
	ASSERT_EQ(0, wse_bo_create(self->fd, BO_BYTES, &self->out));
	self->seed = 0x636f6d7075746500ull;
}

FIXTURE_TEARDOWN(compute)
{
	if (self->worst_desc)
		TH_LOG("largest error: %.3f of its tolerance (%s)", self->worst,
		       self->worst_desc);
	wse_bo_free(self->fd, &self->in, 1);
	wse_bo_free(self->fd, &self->out, 1);
	free(self->kern);
	close(self->fd);	/* destroys the contexts */
}

/* The 6.1 harness runs the body after a SKIP in setup: skip it again. */
#define REQUIRE_FIRMWARE()						\
	do {								\
		if (self->skip)						\
			SKIP(return, "%s", self->skip);			\
	} while (0)

static const struct drm_wse_kernel_info *kernel(FIXTURE_DATA(compute) *self, const char *name)
{
	return wse_kernel_find(self->kern, self->nkern, name);
}

/* Create the test's context, clamped to the device. */
static int use_ctx(FIXTURE_DATA(compute) *self, unsigned int w, unsigned int h, __u32 sram)
{
	const struct drm_wse_device_info *i = &self->info;

	return wse_ctx_create(self->fd, w < i->log_width ? w : i->log_width,
			      h < i->log_height ? h : i->log_height,
			      sram < i->pe_sram_bytes ? sram : i->pe_sram_bytes, &self->ctx);
}

/* ------------------------------------------------------------------ */
/* One launch job: operands in, kernel(s), operands and reservation out */
/* ------------------------------------------------------------------ */

/* An operand: one block of @elems elements in every PE of the rectangle. */
struct operand {
	__u32 off;		/* byte offset in each PE, relative to the context */
	__u32 elems;
	__u64 bo_off;		/* its host array, in both staging BOs */
};

struct job {
	const struct drm_wse_ctx_create *ctx;
	unsigned int dt;
	unsigned int x, y, w, h;	/* the launch rectangle, in the context */
	unsigned int nops, nlaunch;
	struct operand op[MAX_OPS];
	struct drm_wse_cmd launch[MAX_LAUNCH];
	__u32 span;		/* SRAM bytes [0, span) of each PE in use */
	__u64 bo_end;
	__u64 whole_bo;		/* where the whole reservation is read back */
	char desc[200];
};

static void job_init(struct job *j, const struct drm_wse_ctx_create *ctx, unsigned int dt,
		     unsigned int x, unsigned int y, unsigned int w, unsigned int h)
{
	memset(j, 0, sizeof(*j));
	j->ctx = ctx;
	j->dt = dt;
	j->x = x;
	j->y = y;
	j->w = w;
	j->h = h;
	/* Operands start at element 3: fp16 ones are not 4-byte aligned. */
	j->span = 3 * esize(dt);
	j->bo_end = 64 + esize(dt);
}

/* Place an operand after the previous one, one element apart. */
static unsigned int job_operand(struct job *j, __u32 elems)
{
	struct operand *o = &j->op[j->nops];
	unsigned int e = esize(j->dt);
	__u64 bytes = (__u64)j->w * j->h * elems * e;

	o->off = j->span;
	o->elems = elems;
	o->bo_off = j->bo_end;
	j->span += elems * e + e;
	j->bo_end = ((j->bo_end + bytes + 63) & ~63ull) + e;
	return j->nops++;
}

static void job_launch(struct job *j, const struct drm_wse_kernel_info *k, const __u32 *args)
{
	j->launch[j->nlaunch++] = wse_cmd_launch(k->id, j->x, j->y, j->w, j->h,
						 strlen(k->signature), args);
}

/* Index in an operand's host array of element @l of PE (@pi, @pj). */
static size_t at(const struct job *j, unsigned int op, unsigned int pi, unsigned int pj,
		 unsigned int l)
{
	return ((size_t)pj * j->w + pi) * j->op[op].elems + l;
}

/* The inverse: where element @e of a host array of @elems per PE is. */
static struct where where_of(const struct job *j, size_t e, unsigned int elems)
{
	struct where w = {
		.pi = (unsigned int)(e / elems % j->w),
		.pj = (unsigned int)(e / elems / j->w),
		.l = (unsigned int)(e % elems),
	};

	return w;
}

static void *host_in(FIXTURE_DATA(compute) *self, const struct job *j, unsigned int op)
{
	return (unsigned char *)self->in.map + j->op[op].bo_off;
}

static void *host_out(FIXTURE_DATA(compute) *self, const struct job *j, unsigned int op)
{
	return (unsigned char *)self->out.map + j->op[op].bo_off;
}

static __u32 span4(const struct job *j)
{
	return (j->span + 3) & ~3u;
}

/*
 * Run the job and wait for it: 0, -errno of SUBMIT or WAIT, or the job's
 * device status. -ENOSPC if it does not fit the context or the BOs.
 */
static int job_run(FIXTURE_DATA(compute) *self, struct job *j)
{
	struct drm_wse_cmd cmds[2 + 2 * MAX_OPS + MAX_LAUNCH];
	const struct drm_wse_ctx_create *c = j->ctx;
	__u32 bos[2] = { self->in.handle, self->out.handle };
	__u32 flags = j->dt == F16 ? D16 : 0, s4 = span4(j);
	unsigned int n = 0, i;
	__u64 whole = (__u64)c->width * c->height * s4;

	j->whole_bo = j->bo_end;
	if (s4 > c->sram_bytes || j->whole_bo + whole > self->out.size)
		return -ENOSPC;
	cmds[n++] = wse_cmd_fill(0, 0, c->width, c->height, 0, s4, SENTINEL);
	for (i = 0; i < j->nops; i++)
		cmds[n++] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, flags, 0, j->op[i].bo_off,
					 j->x, j->y, j->w, j->h, j->op[i].elems, j->op[i].off);
	for (i = 0; i < j->nlaunch; i++)
		cmds[n++] = j->launch[i];
	for (i = 0; i < j->nops; i++) {
		cmds[n++] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, flags, 1, j->op[i].bo_off,
					 j->x, j->y, j->w, j->h, j->op[i].elems, j->op[i].off);
		memset(host_out(self, j, i), POISON,
		       (size_t)j->w * j->h * j->op[i].elems * esize(j->dt));
	}
	cmds[n++] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, j->whole_bo, 0, 0, c->width,
				 c->height, s4 / 4, 0);
	memset((unsigned char *)self->out.map + j->whole_bo, POISON, whole);
	return wse_run(self->fd, c->ctx_id, cmds, n, bos, 2);
}

/*
 * After the job, the reservation read back whole: outside the rectangle
 * every PE still holds the FILL pattern in [0, span), and inside it so do
 * the bytes between operands ("a kernel writes only its outputs").
 */
static void judge_stray(struct verdict *v, FIXTURE_DATA(compute) *self, const struct job *j)
{
	const unsigned char *whole = (unsigned char *)self->out.map + j->whole_bo;
	const struct drm_wse_ctx_create *c = j->ctx;
	__u32 s4 = span4(j), b;
	unsigned char *covered = calloc(s4, 1);
	unsigned int px, py, i;

	if (!covered) {
		note_bad(v, "out of memory");
		return;
	}
	for (i = 0; i < j->nops; i++)
		memset(covered + j->op[i].off, 1, (size_t)j->op[i].elems * esize(j->dt));
	for (py = 0; py < c->height; py++) {
		for (px = 0; px < c->width; px++) {
			int inside = px >= j->x && px < j->x + j->w &&
				     py >= j->y && py < j->y + j->h;
			const unsigned char *p = whole + ((size_t)py * c->width + px) * s4;

			for (b = 0; b < s4; b++) {
				if (inside && covered[b])
					continue;
				v->checked++;
				if (p[b] != (unsigned char)(SENTINEL >> (8 * (b % 4))))
					note_bad(v, "byte %u of PE (%u,%u) of the context: 0x%02x, not the FILL pattern (%s the rectangle)",
						 b, px, py, p[b], inside ? "between operands in" :
						 "outside");
			}
		}
	}
	free(covered);
}

/* Every element of operand @op came back as it went in. */
static void judge_unchanged(struct verdict *v, FIXTURE_DATA(compute) *self, const struct job *j,
			    unsigned int op, const char *what)
{
	const void *in = host_in(self, j, op), *out = host_out(self, j, op);
	size_t e, n = (size_t)j->w * j->h * j->op[op].elems;

	for (e = 0; e < n; e++)
		judge_bits(v, elem_bits(out, e, j->dt), elem_bits(in, e, j->dt), what,
			   where_of(j, e, j->op[op].elems));
}

/* Fill operand @op with random values of the job's type. */
static void randomize(FIXTURE_DATA(compute) *self, const struct job *j, unsigned int op)
{
	size_t i, n = (size_t)j->w * j->h * j->op[op].elems;
	void *p = host_in(self, j, op);

	for (i = 0; i < n; i++)
		set_elem(p, i, j->dt, rnd(&self->seed, j->dt));
}

/* Run @j; it must succeed and write nothing outside its outputs. */
static void job_run_ok(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
		       struct job *j)
{
	struct verdict stray = { 0 };
	int st = job_run(self, j);

	ASSERT_EQ(0, st) TH_LOG("%s: job failed: %d (%s)", j->desc, st,
				st < 0 ? strerror(-st) : "device status");
	judge_stray(&stray, self, j);
	EXPECT_EQ(0, stray.bad)
		TH_LOG("%s: %lu bytes the kernel must not write changed; first: %s",
		       j->desc, stray.bad, stray.first);
}

static void job_report(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
		       const struct job *j, const struct verdict *v)
{
	if (v->worst > self->worst) {
		self->worst = v->worst;
		snprintf(self->worst_buf, sizeof(self->worst_buf), "%s", j->desc);
		self->worst_desc = self->worst_buf;
	}
	EXPECT_EQ(0, v->bad)
		TH_LOG("%s: %lu of %lu elements wrong; first: %s; tolerance %s",
		       j->desc, v->bad, v->checked, v->first, TOL_RULE);
}

/* ------------------------------------------------------------------ */
/* The kernel table                                                    */
/* ------------------------------------------------------------------ */

/* The library of device-spec.rst "Compute kernels" (ids are the firmware's). */
static const struct {
	const char *name, *signature;
} library[] = {
	{ "gemv", "tnnoooff" },
	{ "gemm", "tnnnoooff" },
	{ "add", "tnooo" },
	{ "mul", "tnooo" },
	{ "axpy", "tnfoo" },
	{ "relu", "tnoo" },
	{ "reduce_rows", "tnuoo" },
	{ "reduce_cols", "tnuoo" },
	{ "reduce_all", "tnuoo" },
	{ "allreduce", "tnuoo" },
	{ "stencil5", "tnnoofffff" },
};

#define LIBRARY_SIZE	(ARRAY_SIZE(library))

TEST_F(compute, kernel_table_has_the_library)
{
	int n, i;
	size_t li;

	REQUIRE_FIRMWARE();
	/* Size only: 80 bytes per kernel. */
	n = wse_query_array(self->fd, DRM_WSE_QUERY_KERNELS, NULL, 0);
	EXPECT_EQ(self->nkern * (int)sizeof(struct drm_wse_kernel_info), n);
	for (i = 0; i < self->nkern; i++) {
		const struct drm_wse_kernel_info *k = &self->kern[i];

		EXPECT_NE(NULL, memchr(k->name, 0, sizeof(k->name)));
		EXPECT_NE(NULL, memchr(k->signature, 0, sizeof(k->signature)));
		EXPECT_EQ(0, k->flags);
		if (i)
			EXPECT_LT(self->kern[i - 1].id, k->id) TH_LOG("ids not increasing");
	}
	for (li = 0; li < LIBRARY_SIZE; li++) {
		const struct drm_wse_kernel_info *k = kernel(self, library[li].name);

		ASSERT_NE(NULL, k) TH_LOG("firmware has no '%s' kernel", library[li].name);
		EXPECT_STREQ(library[li].signature, k->signature) TH_LOG("%s", k->name);
		EXPECT_EQ(WSE_FW_DTYPE_BIT(F32) | WSE_FW_DTYPE_BIT(F16),
			  k->dtypes & (WSE_FW_DTYPE_BIT(F32) | WSE_FW_DTYPE_BIT(F16)))
			TH_LOG("%s takes fp32 and fp16", k->name);
		EXPECT_EQ(1, WSE_FW_ABI_MAJOR_OF(k->version)) TH_LOG("%s", k->name);
	}
}

/* ------------------------------------------------------------------ */
/* Element-wise kernels: add, mul, axpy, relu                          */
/* ------------------------------------------------------------------ */

enum ew_kind { EW_ADD, EW_MUL, EW_AXPY, EW_RELU };

static const char *const ew_names[] = { "add", "mul", "axpy", "relu" };

/* alias: 0 a separate output; 1 the output is x; 2 it is y (add, mul). */
struct ew_case {
	unsigned int x, y, w, h, n, alias;
	float alpha;
};

static const struct ew_case ew_cases[] = {
	{ 0, 0, 1, 1, 1, 0, 1.0f },
	{ 2, 1, 3, 5, 7, 0, -0.5f },
	{ 0, 3, 8, 1, 33, 1, 3.0f },
	{ 7, 0, 1, 8, 1001, 2, 0.1f },
	{ 1, 1, 6, 7, 64, 0, -2.0f },
	{ 0, 0, 8, 8, 5, 1, 0.0f },
};

/* relu inputs beyond random numbers: signed zeros, NaNs, infinities, subnormals. */
static const __u32 relu_special32[] = {
	0x80000000, 0x00000000, 0x7fc00000, 0xffc00001, 0x7f800000,
	0xff800000, 0x80000001, 0x00000001, 0xc0490fdb, 0x3f800000,
};

static const __u32 relu_special16[] = {
	0x8000, 0x0000, 0x7e00, 0xfe01, 0x7c00, 0xfc00, 0x8001, 0x0001, 0xc248, 0x3c00,
};

#define NSPECIAL	(ARRAY_SIZE(relu_special32))

static void run_elementwise(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
			    enum ew_kind kind, const struct ew_case *c, unsigned int dt)
{
	const struct drm_wse_kernel_info *k = kernel(self, ew_names[kind]);
	const void *xin, *yin, *zout;
	unsigned int ox, oy = 0, oz, i;
	struct verdict num = { 0 };
	struct job j;
	__u32 args[5];
	size_t e;

	ASSERT_NE(NULL, k) TH_LOG("firmware has no '%s' kernel", ew_names[kind]);
	job_init(&j, &self->ctx, dt, c->x, c->y, c->w, c->h);
	ox = job_operand(&j, c->n);
	if (kind != EW_RELU)
		oy = job_operand(&j, c->n);
	if (kind == EW_AXPY)
		oz = oy;
	else if (c->alias == 1)
		oz = ox;
	else if (c->alias == 2 && kind != EW_RELU)
		oz = oy;
	else
		oz = job_operand(&j, c->n);
	for (i = 0; i < j.nops; i++)
		randomize(self, &j, i);
	if (kind == EW_RELU) {
		size_t f, n = (size_t)c->w * c->h * c->n;

		for (f = 0; f < n; f += 3)
			set_bits(host_in(self, &j, ox), f, dt, dt == F16 ?
				 relu_special16[(f / 3) % NSPECIAL] :
				 relu_special32[(f / 3) % NSPECIAL]);
	}
	snprintf(j.desc, sizeof(j.desc), "%s %s, %ux%u PEs at (%u,%u), n %u%s",
		 ew_names[kind], dt_name(dt), c->w, c->h, c->x, c->y, c->n,
		 oz == ox ? ", output in place of x" : oz == oy && kind != EW_AXPY ?
		 ", output in place of y" : "");

	args[0] = dt;
	args[1] = c->n;
	switch (kind) {
	case EW_ADD:
	case EW_MUL:
		args[2] = j.op[ox].off;
		args[3] = j.op[oy].off;
		args[4] = j.op[oz].off;
		break;
	case EW_AXPY:
		args[2] = wse_f32_bits(c->alpha);
		args[3] = j.op[ox].off;
		args[4] = j.op[oy].off;
		break;
	case EW_RELU:
		args[2] = j.op[ox].off;
		args[3] = j.op[oz].off;
		break;
	}
	job_launch(&j, k, args);

	job_run_ok(_metadata, self, &j);
	xin = host_in(self, &j, ox);
	yin = host_in(self, &j, oy);
	zout = host_out(self, &j, oz);
	for (e = 0; e < (size_t)c->w * c->h * c->n; e++) {
		struct where at_e = where_of(&j, e, c->n);
		double x = elem(xin, e, dt), y = 0, ref, mag;
		unsigned int steps = 1;

		if (kind == EW_RELU) {
			/* y = x unless x < 0, then +0; NaN and -0 stay */
			if (isnan(x))
				judge(&num, elem(zout, e, dt), NAN, 0, "relu", at_e);
			else
				judge_bits(&num, elem_bits(zout, e, dt),
					   x < 0 ? 0 : elem_bits(xin, e, dt), "relu", at_e);
			continue;
		}
		y = elem(yin, e, dt);
		if (kind == EW_ADD) {
			ref = x + y;
			mag = fabs(x) + fabs(y);
		} else if (kind == EW_MUL) {
			ref = x * y;
			mag = fabs(ref);
		} else {
			ref = (double)c->alpha * x + y;
			mag = fabs((double)c->alpha * x) + fabs(y);
			steps = 2;
		}
		judge(&num, elem(zout, e, dt), ref, tolerance(dt, steps, mag, ref), "z", at_e);
	}
	for (i = 0; i < j.nops; i++)
		if (i != oz)
			judge_unchanged(&num, self, &j, i, "input");
	job_report(_metadata, self, &j, &num);
}

static void elementwise_test(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
			     enum ew_kind kind)
{
	size_t ci, di;

	ASSERT_EQ(0, use_ctx(self, CTX_W, CTX_H, CTX_SRAM));
	for (ci = 0; ci < ARRAY_SIZE(ew_cases); ci++) {
		if (ew_cases[ci].x + ew_cases[ci].w > self->ctx.width ||
		    ew_cases[ci].y + ew_cases[ci].h > self->ctx.height)
			continue;
		for (di = 0; di < 2; di++)
			run_elementwise(_metadata, self, kind, &ew_cases[ci], dtypes[di]);
	}
}

/* z = x + y: s = 1 */
TEST_F(compute, add)
{
	REQUIRE_FIRMWARE();
	elementwise_test(_metadata, self, EW_ADD);
}

/* z = x * y: s = 1 */
TEST_F(compute, mul)
{
	REQUIRE_FIRMWARE();
	elementwise_test(_metadata, self, EW_MUL);
}

/* y = alpha x + y: s = 2 */
TEST_F(compute, axpy)
{
	REQUIRE_FIRMWARE();
	elementwise_test(_metadata, self, EW_AXPY);
}

/* y = max(x, 0), exact, with NaNs, infinities, signed zeros, subnormals */
TEST_F(compute, relu)
{
	REQUIRE_FIRMWARE();
	elementwise_test(_metadata, self, EW_RELU);
}

/* ------------------------------------------------------------------ */
/* Reductions                                                          */
/* ------------------------------------------------------------------ */

enum red_kind { RED_ROWS, RED_COLS, RED_ALL, RED_ALLREDUCE };

static const char *const red_names[] = { "reduce_rows", "reduce_cols", "reduce_all",
					  "allreduce" };

struct red_case {
	unsigned int x, y, w, h, n;
};

static const struct red_case red_cases[] = {
	{ 0, 0, 1, 1, 1 },
	{ 1, 2, 3, 5, 7 },
	{ 0, 7, 8, 1, 33 },
	{ 6, 0, 1, 6, 5 },
	{ 2, 2, 4, 4, 600 },	/* more elements than a 512-element chunk */
};

/* Does the kernel write its result into PE (pi, pj) of a w x h rectangle? */
static int red_writes(enum red_kind kind, unsigned int pi, unsigned int pj, unsigned int w)
{
	switch (kind) {
	case RED_ROWS:
		return pi == w - 1;
	case RED_COLS:
		return pj == 0;
	case RED_ALL:
		return pi == w - 1 && pj == 0;
	default:
		return 1;
	}
}

/*
 * Reference of the element at @w: @op over the PEs the kernel
 * combines there, max/min/maxabs ignoring NaNs unless all are NaN. Sets
 * *mag to sum|x| and *count to the number of PEs.
 */
static double red_ref(const struct job *j, const void *x, unsigned int ox, enum red_kind kind,
		      unsigned int op, struct where w, double *mag, unsigned int *count)
{
	unsigned int i0 = 0, i1 = j->w, j0 = 0, j1 = j->h, ii, jj;
	double acc = NAN, v;
	int have = 0;

	if (kind == RED_ROWS) {
		j0 = w.pj;
		j1 = w.pj + 1;
	} else if (kind == RED_COLS) {
		i0 = w.pi;
		i1 = w.pi + 1;
	}
	*mag = 0;
	*count = 0;
	for (jj = j0; jj < j1; jj++) {
		for (ii = i0; ii < i1; ii++) {
			v = elem(x, at(j, ox, ii, jj, w.l), j->dt);
			++*count;
			*mag += fabs(v);
			if (op == RED_SUM) {
				acc = have ? acc + v : v;
				have = 1;
				continue;
			}
			if (isnan(v))
				continue;
			if (op == RED_MAXABS)
				v = fabs(v);
			if (!have || (op == RED_MIN ? v < acc : v > acc))
				acc = v;
			have = 1;
		}
	}
	return acc;
}

static void run_reduce(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
		       const struct drm_wse_ctx_create *ctx, enum red_kind kind, unsigned int op,
		       const struct red_case *c, unsigned int dt)
{
	const struct drm_wse_kernel_info *k = kernel(self, red_names[kind]);
	const struct drm_wse_kernel_info *kall = kernel(self, "reduce_all");
	const void *x, *yin, *yout;
	unsigned int ox, oy, oall = 0;
	struct verdict num = { 0 };
	struct job j;
	__u32 args[5];
	size_t e;

	ASSERT_NE(NULL, k) TH_LOG("firmware has no '%s' kernel", red_names[kind]);
	ASSERT_NE(NULL, kall) TH_LOG("firmware has no 'reduce_all' kernel");
	job_init(&j, ctx, dt, c->x, c->y, c->w, c->h);
	ox = job_operand(&j, c->n);
	oy = job_operand(&j, c->n);
	randomize(self, &j, ox);
	randomize(self, &j, oy);	/* what the kernel does not write stays */
	if (op != RED_SUM) {
		/* NaNs are ignored, unless every value is NaN (the last element). */
		void *x = host_in(self, &j, ox);
		size_t f, n = (size_t)c->w * c->h * c->n;

		for (f = 0; f < n; f++)
			if ((c->n > 1 && f % c->n == c->n - 1) || !(rng_next(&self->seed) & 7))
				set_elem(x, f, dt, NAN);
	}
	args[0] = dt;
	args[1] = c->n;
	args[2] = op;
	args[3] = j.op[ox].off;
	args[4] = j.op[oy].off;
	job_launch(&j, k, args);
	if (kind == RED_ALLREDUCE) {
		/* "the same value as reduce_all": run it too, on the same data. */
		oall = job_operand(&j, c->n);
		randomize(self, &j, oall);
		args[4] = j.op[oall].off;
		job_launch(&j, kall, args);
	}
	snprintf(j.desc, sizeof(j.desc), "%s %s %s, %ux%u PEs at (%u,%u), n %u",
		 red_names[kind], red_op_names[op], dt_name(dt), c->w, c->h, c->x, c->y, c->n);

	job_run_ok(_metadata, self, &j);
	x = host_in(self, &j, ox);
	yin = host_in(self, &j, oy);
	yout = host_out(self, &j, oy);
	for (e = 0; e < (size_t)c->w * c->h * c->n; e++) {
		struct where w = where_of(&j, e, c->n);
		unsigned int count;
		double mag, ref;

		if (!red_writes(kind, w.pi, w.pj, c->w)) {
			judge_bits(&num, elem_bits(yout, e, dt), elem_bits(yin, e, dt),
				   "y of a PE the kernel does not write", w);
			continue;
		}
		ref = red_ref(&j, x, ox, kind, op, w, &mag, &count);
		/* s = PEs combined; the other operators are exact */
		judge(&num, elem(yout, e, dt), ref,
		      op == RED_SUM ? tolerance(dt, count, mag, ref) : 0, "y", w);
		if (kind == RED_ALLREDUCE)
			judge_bits(&num, elem_bits(yout, e, dt),
				   elem_bits(host_out(self, &j, oall),
					     at(&j, oall, c->w - 1, 0, w.l), dt),
				   "allreduce vs reduce_all", w);
	}
	judge_unchanged(&num, self, &j, ox, "x");
	job_report(_metadata, self, &j, &num);
}

static void reduce_test(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
			enum red_kind kind)
{
	unsigned int op;
	size_t ci, di;

	ASSERT_EQ(0, use_ctx(self, CTX_W, CTX_H, CTX_SRAM));
	for (ci = 0; ci < ARRAY_SIZE(red_cases); ci++) {
		if (red_cases[ci].x + red_cases[ci].w > self->ctx.width ||
		    red_cases[ci].y + red_cases[ci].h > self->ctx.height)
			continue;
		for (di = 0; di < 2; di++)
			for (op = 0; op < RED_NR_OPS; op++)
				run_reduce(_metadata, self, &self->ctx, kind, op, &red_cases[ci],
					   dtypes[di]);
	}
}

/* Each row into its east PE: s = w for sums */
TEST_F(compute, reduce_rows)
{
	REQUIRE_FIRMWARE();
	reduce_test(_metadata, self, RED_ROWS);
}

/* Each column into its north PE: s = h for sums */
TEST_F(compute, reduce_cols)
{
	REQUIRE_FIRMWARE();
	reduce_test(_metadata, self, RED_COLS);
}

/* The rectangle into its north-east PE: s = w * h for sums */
TEST_F(compute, reduce_all)
{
	REQUIRE_FIRMWARE();
	reduce_test(_metadata, self, RED_ALL);
}

/* Into every PE, bit for bit what reduce_all gives */
TEST_F(compute, allreduce)
{
	REQUIRE_FIRMWARE();
	reduce_test(_metadata, self, RED_ALLREDUCE);
}

/* ------------------------------------------------------------------ */
/* gemv                                                                */
/* ------------------------------------------------------------------ */

struct gemv_case {
	unsigned int x, y, w, h, mt, nt;
	float alpha, beta;
};

static const struct gemv_case gemv_cases[] = {
	{ 0, 0, 1, 1, 1, 1, 1.0f, 0.0f },
	{ 1, 2, 3, 5, 7, 3, 0.75f, 0.0f },
	{ 0, 0, 5, 2, 4, 11, -1.5f, 0.5f },
	{ 2, 1, 6, 7, 13, 1, 1.0f, -2.0f },
	{ 0, 0, 8, 8, 16, 16, 0.25f, 1.0f },
};

/*
 * y = alpha A x + beta y, A (h*Mt x w*Nt) in checkerboard blocks: PE (i, j)
 * holds block (j, i) row-major; x on the north row, y on the east column.
 * x and y are random on the other PEs too: the kernel must not use them.
 * With beta 0, y holds NaN: it must not be read. s = N + 2.
 */
static void run_gemv(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
		     const struct gemv_case *c, unsigned int dt)
{
	const struct drm_wse_kernel_info *k = kernel(self, "gemv");
	unsigned int m = c->h * c->mt, n = c->w * c->nt, oa, ox, oy, r, col;
	double *am = calloc((size_t)m * n, sizeof(double));
	double *xv = calloc(n, sizeof(double)), *yv = calloc(m, sizeof(double));
	size_t e, pes = (size_t)c->w * c->h;
	struct verdict num = { 0 };
	void *ain, *xin, *yin;
	const void *yout;
	struct job j;
	__u32 args[8];

	ASSERT_NE(NULL, k) TH_LOG("firmware has no 'gemv' kernel");
	ASSERT_TRUE(am && xv && yv);
	job_init(&j, &self->ctx, dt, c->x, c->y, c->w, c->h);
	oa = job_operand(&j, c->mt * c->nt);
	ox = job_operand(&j, c->nt);
	oy = job_operand(&j, c->mt);
	ain = host_in(self, &j, oa);
	xin = host_in(self, &j, ox);
	yin = host_in(self, &j, oy);
	randomize(self, &j, oa);
	randomize(self, &j, ox);
	randomize(self, &j, oy);
	for (e = 0; e < pes * c->mt * c->nt; e++) {
		struct where w = where_of(&j, e, c->mt * c->nt);

		/* element (a, b) of block (j, i), row-major: a * Nt + b */
		am[(size_t)(w.pj * c->mt + w.l / c->nt) * n + w.pi * c->nt + w.l % c->nt] =
			elem(ain, e, dt);
	}
	for (e = 0; e < pes * c->nt; e++) {
		struct where w = where_of(&j, e, c->nt);

		if (w.pj == 0)
			xv[w.pi * c->nt + w.l] = elem(xin, e, dt);
	}
	for (e = 0; e < pes * c->mt; e++) {
		struct where w = where_of(&j, e, c->mt);

		if (c->beta == 0)
			set_elem(yin, e, dt, NAN);
		if (w.pi == c->w - 1)
			yv[w.pj * c->mt + w.l] = elem(yin, e, dt);
	}
	args[0] = dt;
	args[1] = c->mt;
	args[2] = c->nt;
	args[3] = j.op[oa].off;
	args[4] = j.op[ox].off;
	args[5] = j.op[oy].off;
	args[6] = wse_f32_bits(c->alpha);
	args[7] = wse_f32_bits(c->beta);
	job_launch(&j, k, args);
	snprintf(j.desc, sizeof(j.desc),
		 "gemv %s, %ux%u PEs at (%u,%u), Mt %u Nt %u (%ux%u), alpha %g beta %g, s = N + 2",
		 dt_name(dt), c->w, c->h, c->x, c->y, c->mt, c->nt, m, n, c->alpha, c->beta);

	job_run_ok(_metadata, self, &j);
	yout = host_out(self, &j, oy);
	for (e = 0; e < pes * c->mt; e++) {
		struct where w = where_of(&j, e, c->mt);
		double ref = 0, mag = 0, t;

		if (w.pi != c->w - 1) {
			judge_bits(&num, elem_bits(yout, e, dt), elem_bits(yin, e, dt),
				   "y off the east column", w);
			continue;
		}
		r = w.pj * c->mt + w.l;
		for (col = 0; col < n; col++) {
			t = am[(size_t)r * n + col] * xv[col];
			ref += t;
			mag += fabs(t);
		}
		ref *= c->alpha;
		mag *= fabs(c->alpha);
		if (c->beta != 0) {
			ref += c->beta * yv[r];
			mag += fabs(c->beta * yv[r]);
		}
		judge(&num, elem(yout, e, dt), ref, tolerance(dt, n + 2, mag, ref), "y", w);
	}
	judge_unchanged(&num, self, &j, oa, "A");
	judge_unchanged(&num, self, &j, ox, "x");
	job_report(_metadata, self, &j, &num);
	free(am);
	free(xv);
	free(yv);
}

TEST_F(compute, gemv)
{
	size_t ci, di;

	REQUIRE_FIRMWARE();
	ASSERT_EQ(0, use_ctx(self, CTX_W, CTX_H, CTX_SRAM));
	for (ci = 0; ci < ARRAY_SIZE(gemv_cases); ci++) {
		if (gemv_cases[ci].x + gemv_cases[ci].w > self->ctx.width ||
		    gemv_cases[ci].y + gemv_cases[ci].h > self->ctx.height)
			continue;
		for (di = 0; di < 2; di++)
			run_gemv(_metadata, self, &gemv_cases[ci], dtypes[di]);
	}
}

/* ------------------------------------------------------------------ */
/* gemm                                                                */
/* ------------------------------------------------------------------ */

struct gemm_case {
	unsigned int x, y, p, mt, kt, nt;
	float alpha, beta;
};

static const struct gemm_case gemm_cases[] = {
	{ 0, 0, 1, 1, 1, 1, 1.0f, 0.0f },
	{ 1, 1, 2, 3, 5, 7, 0.5f, -1.0f },
	{ 0, 2, 3, 4, 100, 2, 1.0f, 0.0f },	/* K = 300: more than one run of 256 */
	{ 3, 0, 5, 2, 3, 1, -1.25f, 0.75f },
	{ 4, 4, 4, 16, 16, 16, 1.0f, 1.0f },
};

/*
 * C = alpha A B + beta C on P x P PEs (SUMMA layout): PE (i, j) holds
 * block (j, i) of A (Mt x Kt), B (Kt x Nt) and C (Mt x Nt), each
 * column-major. With beta 0, C holds NaN: it must not be read. s = K + 2.
 */
static void run_gemm(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
		     const struct drm_wse_ctx_create *ctx, const struct gemm_case *c,
		     unsigned int dt)
{
	const struct drm_wse_kernel_info *k = kernel(self, "gemm");
	unsigned int p = c->p, m = p * c->mt, kk = p * c->kt, n = p * c->nt;
	unsigned int oa, ob, oc, r, col, q;
	double *am = calloc((size_t)m * kk, sizeof(double));
	double *bm = calloc((size_t)kk * n, sizeof(double));
	double *cm = calloc((size_t)m * n, sizeof(double));
	size_t e, pes = (size_t)p * p;
	struct verdict num = { 0 };
	void *ain, *bin, *cin;
	const void *cout;
	struct job j;
	__u32 args[9];

	ASSERT_NE(NULL, k) TH_LOG("firmware has no 'gemm' kernel");
	ASSERT_TRUE(am && bm && cm);
	job_init(&j, ctx, dt, c->x, c->y, p, p);
	oa = job_operand(&j, c->mt * c->kt);
	ob = job_operand(&j, c->kt * c->nt);
	oc = job_operand(&j, c->mt * c->nt);
	ain = host_in(self, &j, oa);
	bin = host_in(self, &j, ob);
	cin = host_in(self, &j, oc);
	randomize(self, &j, oa);
	randomize(self, &j, ob);
	randomize(self, &j, oc);
	/* Element (a, b) of an R x C block, column-major, is at b * R + a. */
	for (e = 0; e < pes * c->mt * c->kt; e++) {
		struct where w = where_of(&j, e, c->mt * c->kt);

		am[(size_t)(w.pj * c->mt + w.l % c->mt) * kk + w.pi * c->kt + w.l / c->mt] =
			elem(ain, e, dt);
	}
	for (e = 0; e < pes * c->kt * c->nt; e++) {
		struct where w = where_of(&j, e, c->kt * c->nt);

		bm[(size_t)(w.pj * c->kt + w.l % c->kt) * n + w.pi * c->nt + w.l / c->kt] =
			elem(bin, e, dt);
	}
	for (e = 0; e < pes * c->mt * c->nt; e++) {
		struct where w = where_of(&j, e, c->mt * c->nt);

		if (c->beta == 0)
			set_elem(cin, e, dt, NAN);
		cm[(size_t)(w.pj * c->mt + w.l % c->mt) * n + w.pi * c->nt + w.l / c->mt] =
			elem(cin, e, dt);
	}
	args[0] = dt;
	args[1] = c->mt;
	args[2] = c->kt;
	args[3] = c->nt;
	args[4] = j.op[oa].off;
	args[5] = j.op[ob].off;
	args[6] = j.op[oc].off;
	args[7] = wse_f32_bits(c->alpha);
	args[8] = wse_f32_bits(c->beta);
	job_launch(&j, k, args);
	snprintf(j.desc, sizeof(j.desc),
		 "gemm %s, %ux%u PEs at (%u,%u), Mt %u Kt %u Nt %u (%ux%u times %ux%u), alpha %g beta %g, s = K + 2",
		 dt_name(dt), p, p, c->x, c->y, c->mt, c->kt, c->nt, m, kk, kk, n, c->alpha,
		 c->beta);

	job_run_ok(_metadata, self, &j);
	cout = host_out(self, &j, oc);
	for (e = 0; e < pes * c->mt * c->nt; e++) {
		struct where w = where_of(&j, e, c->mt * c->nt);
		double ref = 0, mag = 0, t;

		r = w.pj * c->mt + w.l % c->mt;
		col = w.pi * c->nt + w.l / c->mt;
		for (q = 0; q < kk; q++) {
			t = am[(size_t)r * kk + q] * bm[(size_t)q * n + col];
			ref += t;
			mag += fabs(t);
		}
		ref *= c->alpha;
		mag *= fabs(c->alpha);
		if (c->beta != 0) {
			t = c->beta * cm[(size_t)r * n + col];
			ref += t;
			mag += fabs(t);
		}
		judge(&num, elem(cout, e, dt), ref, tolerance(dt, kk + 2, mag, ref), "C", w);
	}
	judge_unchanged(&num, self, &j, oa, "A");
	judge_unchanged(&num, self, &j, ob, "B");
	job_report(_metadata, self, &j, &num);
	free(am);
	free(bm);
	free(cm);
}

TEST_F(compute, gemm)
{
	size_t ci, di;

	REQUIRE_FIRMWARE();
	ASSERT_EQ(0, use_ctx(self, CTX_W, CTX_H, CTX_SRAM));
	for (ci = 0; ci < ARRAY_SIZE(gemm_cases); ci++) {
		if (gemm_cases[ci].x + gemm_cases[ci].p > self->ctx.width ||
		    gemm_cases[ci].y + gemm_cases[ci].p > self->ctx.height)
			continue;
		for (di = 0; di < 2; di++)
			run_gemm(_metadata, self, &self->ctx, &gemm_cases[ci], dtypes[di]);
	}
}

/* ------------------------------------------------------------------ */
/* stencil5                                                            */
/* ------------------------------------------------------------------ */

struct stencil_case {
	unsigned int x, y, w, h, ht, wt, sweeps;
};

static const struct stencil_case stencil_cases[] = {
	{ 0, 0, 1, 1, 1, 1, 1 },
	{ 3, 3, 1, 1, 4, 5, 2 },
	{ 1, 2, 3, 5, 3, 2, 1 },
	{ 0, 0, 4, 3, 1, 7, 2 },
	{ 2, 1, 5, 6, 6, 6, 2 },
	{ 0, 0, 8, 8, 2, 3, 1 },
};

/*
 * One sweep of the reference over an rows x cols domain, U outside it 0;
 * @tin is the tolerance of @u's elements (NULL: exact), @tout gets that
 * of the result: s = 6 for the sweep itself plus what the input error
 * can contribute through the coefficients.
 */
static void stencil_ref(const double *u, const double *tin, double *v, double *tout,
			unsigned int rows, unsigned int cols, const float *cf, unsigned int dt)
{
	static const int dr[5] = { 0, -1, 1, 0, 0 }, dc[5] = { 0, 0, 0, -1, 1 };
	unsigned int r, c, t;

	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols; c++) {
			double ref = 0, mag = 0, prop = 0;

			for (t = 0; t < 5; t++) {
				long rr = (long)r + dr[t], cc = (long)c + dc[t];
				size_t i;

				if (rr < 0 || cc < 0 || rr >= rows || cc >= cols)
					continue;
				i = (size_t)rr * cols + cc;
				ref += cf[t] * u[i];
				mag += fabs(cf[t]) * (fabs(u[i]) + (tin ? tin[i] : 0));
				prop += tin ? fabs(cf[t]) * tin[i] : 0;
			}
			v[(size_t)r * cols + c] = ref;
			tout[(size_t)r * cols + c] = tolerance(dt, 6, mag, ref) + 1.01 * prop;
		}
	}
}

/*
 * V = c_center U + c_north U[r-1] + c_south U[r+1] + c_west U[c-1] +
 * c_east U[c+1] over the rectangle's domain, PE (i, j) holding block (j,
 * i) row-major. The PEs around the rectangle hold the NaN FILL pattern:
 * the domain ends at the rectangle. With two sweeps the second goes back
 * from out to in.
 */
static void run_stencil(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
			const struct drm_wse_ctx_create *ctx, const struct stencil_case *c,
			unsigned int dt)
{
	const struct drm_wse_kernel_info *k = kernel(self, "stencil5");
	unsigned int rows = c->h * c->ht, cols = c->w * c->wt, blk = c->ht * c->wt, oin, oout, t;
	size_t cells = (size_t)rows * cols, e, *cell = calloc(cells, sizeof(size_t));
	double *u = calloc(cells, sizeof(double)), *v1 = calloc(cells, sizeof(double));
	double *t1 = calloc(cells, sizeof(double)), *v2 = calloc(cells, sizeof(double));
	double *t2 = calloc(cells, sizeof(double));
	struct verdict num = { 0 };
	struct job j;
	float cf[5];
	__u32 args[10];

	ASSERT_NE(NULL, k) TH_LOG("firmware has no 'stencil5' kernel");
	ASSERT_TRUE(u && v1 && t1 && v2 && t2 && cell);
	job_init(&j, ctx, dt, c->x, c->y, c->w, c->h);
	oin = job_operand(&j, blk);
	oout = job_operand(&j, blk);
	randomize(self, &j, oin);
	randomize(self, &j, oout);
	for (t = 0; t < 5; t++)
		cf[t] = (float)rnd(&self->seed, F32);
	/* The domain cell of each host element: (a, b) of block (j, i) at a * Wt + b. */
	for (e = 0; e < cells; e++) {
		struct where w = where_of(&j, e, blk);

		cell[e] = (size_t)(w.pj * c->ht + w.l / c->wt) * cols + w.pi * c->wt + w.l % c->wt;
		u[cell[e]] = elem(host_in(self, &j, oin), e, dt);
	}
	stencil_ref(u, NULL, v1, t1, rows, cols, cf, dt);
	stencil_ref(v1, t1, v2, t2, rows, cols, cf, dt);
	args[0] = dt;
	args[1] = c->ht;
	args[2] = c->wt;
	args[3] = j.op[oin].off;
	args[4] = j.op[oout].off;
	for (t = 0; t < 5; t++)
		args[5 + t] = wse_f32_bits(cf[t]);
	job_launch(&j, k, args);
	if (c->sweeps == 2) {
		args[3] = j.op[oout].off;
		args[4] = j.op[oin].off;
		job_launch(&j, k, args);
	}
	snprintf(j.desc, sizeof(j.desc),
		 "stencil5 %s, %ux%u PEs at (%u,%u), Ht %u Wt %u (%ux%u), %u sweep(s), s = 6",
		 dt_name(dt), c->w, c->h, c->x, c->y, c->ht, c->wt, rows, cols, c->sweeps);

	job_run_ok(_metadata, self, &j);
	for (e = 0; e < cells; e++) {
		struct where w = where_of(&j, e, blk);

		judge(&num, elem(host_out(self, &j, oout), e, dt), v1[cell[e]], t1[cell[e]],
		      "first sweep", w);
		if (c->sweeps == 2)
			judge(&num, elem(host_out(self, &j, oin), e, dt), v2[cell[e]],
			      t2[cell[e]], "second sweep", w);
	}
	if (c->sweeps == 1)
		judge_unchanged(&num, self, &j, oin, "in");
	job_report(_metadata, self, &j, &num);
	free(cell);
	free(u);
	free(v1);
	free(t1);
	free(v2);
	free(t2);
}

TEST_F(compute, stencil5)
{
	size_t ci, di;

	REQUIRE_FIRMWARE();
	ASSERT_EQ(0, use_ctx(self, CTX_W, CTX_H, CTX_SRAM));
	for (ci = 0; ci < ARRAY_SIZE(stencil_cases); ci++) {
		if (stencil_cases[ci].x + stencil_cases[ci].w > self->ctx.width ||
		    stencil_cases[ci].y + stencil_cases[ci].h > self->ctx.height)
			continue;
		for (di = 0; di < 2; di++)
			run_stencil(_metadata, self, &self->ctx, &stencil_cases[ci], dtypes[di]);
	}
}

/* ------------------------------------------------------------------ */
/* Defective PEs                                                       */
/* ------------------------------------------------------------------ */

struct pe {
	unsigned int x, y;
};

/*
 * The physical PE behind each logical one, by the remap rule of
 * device-spec.rst: a physical row with more defects than spare columns is
 * retired; in the other rows the working PEs, in increasing x, are logical
 * x = 0, 1, ... (so a defect at physical x shifts logical x and everything
 * east of it one PE east); the rows not retired, in increasing y, are
 * logical y = 0, 1, ...  Returns 0, or -1 if the defect list cannot give
 * the logical grid.
 */
static int remap(const struct drm_wse_device_info *info, const struct drm_wse_defect *d,
		 int nd, struct pe *map)
{
	unsigned int px, py, lx, ly = 0, *per_row;
	int i, bad;

	per_row = calloc(info->phys_height, sizeof(*per_row));
	if (!per_row)
		return -1;
	for (i = 0; i < nd; i++)
		per_row[d[i].y]++;
	for (py = 0; py < info->phys_height && ly < info->log_height; py++) {
		if (per_row[py] > info->spare_cols)
			continue;
		lx = 0;
		for (px = 0; px < info->phys_width && lx < info->log_width; px++) {
			for (i = 0, bad = 0; i < nd && !bad; i++)
				bad = d[i].x == px && d[i].y == py;
			if (bad)
				continue;
			map[(size_t)ly * info->log_width + lx].x = px;
			map[(size_t)ly * info->log_width + lx].y = py;
			lx++;
		}
		if (lx < info->log_width)
			break;
		ly++;
	}
	free(per_row);
	return ly == info->log_height ? 0 : -1;
}

/* Remapped PEs (physical != logical) in a rectangle of the context. */
static unsigned int remapped_in(const struct drm_wse_device_info *info, const struct pe *map,
				const struct drm_wse_ctx_create *ctx, unsigned int x,
				unsigned int y, unsigned int w, unsigned int h)
{
	unsigned int lx, ly, n = 0;

	for (ly = ctx->y + y; ly < ctx->y + y + h; ly++)
		for (lx = ctx->x + x; lx < ctx->x + x + w; lx++)
			n += map[(size_t)ly * info->log_width + lx].x != lx ||
			     map[(size_t)ly * info->log_width + lx].y != ly;
	return n;
}

/*
 * A context over the whole logical grid, so its rows include every row
 * with a defect: kernels that move data between logical neighbours
 * (stencil halos, row and column reductions, SUMMA broadcasts) run over
 * PEs the fabric has shifted. Logical coordinates are all software sees,
 * so every result must be as on a perfect wafer.
 */
TEST_F_TIMEOUT(compute, defective_pes_remapped, 90)
{
	const struct drm_wse_device_info *info = &self->info;
	struct drm_wse_defect *defects;
	struct stencil_case sc;
	struct gemm_case gc;
	struct red_case rc;
	unsigned int p, gx, best = 0, n, x;
	struct pe *map;
	int nd;

	REQUIRE_FIRMWARE();
	if (!info->defect_count)
		SKIP(return, "this device has no defective PEs");
	defects = calloc(info->defect_count, sizeof(*defects));
	map = calloc((size_t)info->log_width * info->log_height, sizeof(*map));
	ASSERT_TRUE(defects && map);
	nd = wse_query_defects(self->fd, defects, info->defect_count);
	ASSERT_EQ((int)info->defect_count, nd);
	ASSERT_EQ(0, remap(info, defects, nd, map));
	ASSERT_EQ(0, wse_ctx_create(self->fd, info->log_width, info->log_height, 4096,
				    &self->ctx))
		TH_LOG("a context over the whole %ux%u grid", info->log_width, info->log_height);
	n = remapped_in(info, map, &self->ctx, 0, 0, self->ctx.width, self->ctx.height);
	ASSERT_LT(0, n) TH_LOG("%d defects but no remapped logical PE", nd);
	TH_LOG("%d defects; %u of the %ux%u logical PEs are remapped", nd, n,
	       self->ctx.width, self->ctx.height);

	sc = (struct stencil_case){ 0, 0, self->ctx.width, self->ctx.height, 3, 2, 2 };
	run_stencil(_metadata, self, &self->ctx, &sc, F32);
	run_stencil(_metadata, self, &self->ctx, &sc, F16);

	rc = (struct red_case){ 0, 0, self->ctx.width, self->ctx.height, 5 };
	run_reduce(_metadata, self, &self->ctx, RED_ROWS, RED_SUM, &rc, F32);
	run_reduce(_metadata, self, &self->ctx, RED_COLS, RED_MAX, &rc, F16);
	run_reduce(_metadata, self, &self->ctx, RED_ALLREDUCE, RED_SUM, &rc, F32);

	/* The largest square, where it covers the most remapped PEs. */
	p = self->ctx.width < self->ctx.height ? self->ctx.width : self->ctx.height;
	for (x = 0, gx = 0; x + p <= self->ctx.width; x++) {
		n = remapped_in(info, map, &self->ctx, x, 0, p, p);
		if (n > best) {
			best = n;
			gx = x;
		}
	}
	ASSERT_LT(0, best);
	TH_LOG("gemm on %ux%u PEs at (%u,0): %u remapped PEs", p, p, gx, best);
	gc = (struct gemm_case){ gx, 0, p, 2, 3, 1, 1.0f, 0.5f };
	run_gemm(_metadata, self, &self->ctx, &gc, F32);
	free(defects);
	free(map);
}

/* ------------------------------------------------------------------ */
/* Chains of dependent jobs                                            */
/* ------------------------------------------------------------------ */

#define CHAIN_N		45	/* elements per PE */

static __u32 *launch_args5(__u32 *a, __u32 a0, __u32 a1, __u32 a2, __u32 a3, __u32 a4)
{
	a[0] = a0;
	a[1] = a1;
	a[2] = a2;
	a[3] = a3;
	a[4] = a4;
	return a;
}

/*
 * Five jobs in one context, each its own submit and none waited for until
 * the last: H2F x, y, w -> z = x + y -> v = z * w -> reduce_all(v) -> F2H.
 * Jobs of a context run in submission order, so the last one reads the
 * composition: r = sum over PEs of (x + y) * w, s = 2 + PEs.
 */
TEST_F(compute, chain_in_one_context)
{
	const struct drm_wse_kernel_info *kadd = kernel(self, "add");
	const struct drm_wse_kernel_info *kmul = kernel(self, "mul");
	const struct drm_wse_kernel_info *kred = kernel(self, "reduce_all");
	const unsigned int w = 4, h = 3, n = CHAIN_N, blk = n * 4;
	const size_t arr = (size_t)w * h * n;
	/* SRAM offsets of x, y, w, z, v, r */
	const __u32 ox = 0, oy = blk, ow = 2 * blk, oz = 3 * blk, ov = 4 * blk, orr = 5 * blk;
	__u32 bos[2] = { self->in.handle, self->out.handle }, a[5], sync;
	float *x = self->in.map, *y = x + arr, *wv = y + arr, *r = self->out.map;
	struct drm_wse_cmd cmds[3];
	struct wse_submit_extra last = { 0 };
	struct drm_wse_wait wt;
	struct verdict v = { 0 };
	__u64 seq[5];
	unsigned int i, l, pe;

	REQUIRE_FIRMWARE();
	ASSERT_TRUE(kadd && kmul && kred);
	ASSERT_EQ(0, use_ctx(self, w, h, 8192));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &sync));
	for (i = 0; i < 3 * arr; i++)
		x[i] = (float)rnd(&self->seed, F32);
	memset(r, 0xff, n * 4);		/* NaN until the F2H lands */

	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, w, h, n, ox);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, arr * 4, 0, 0, w, h, n, oy);
	cmds[2] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 2 * arr * 4, 0, 0, w, h, n, ow);
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 3, bos, 2, NULL, &seq[0]));
	cmds[0] = wse_cmd_launch(kadd->id, 0, 0, w, h, 5, launch_args5(a, F32, n, ox, oy, oz));
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 1, NULL, 0, NULL, &seq[1]));
	cmds[0] = wse_cmd_launch(kmul->id, 0, 0, w, h, 5, launch_args5(a, F32, n, oz, ow, ov));
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 1, NULL, 0, NULL, &seq[2]));
	cmds[0] = wse_cmd_launch(kred->id, 0, 0, w, h, 5,
				 launch_args5(a, F32, n, RED_SUM, ov, orr));
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 1, NULL, 0, NULL, &seq[3]));
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, w - 1, 0, 1, 1, n, orr);
	last.out_syncobj = sync;
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 1, bos, 2, &last, &seq[4]));

	/* The last job's fence; then every earlier job has completed too. */
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, &sync, 1, WSE_WAIT_NS, 0));
	for (i = 0; i < 5; i++) {
		if (i)
			EXPECT_EQ(seq[i - 1] + 1, seq[i]);
		ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seq[i], 0, &wt))
			TH_LOG("job %u not complete after the last one", i);
		EXPECT_EQ(0, wt.status) TH_LOG("job %u: status %u", i, wt.status);
	}
	for (l = 0; l < n; l++) {
		double ref = 0, mag = 0, t;

		for (pe = 0; pe < w * h; pe++) {
			t = ((double)x[pe * n + l] + y[pe * n + l]) * wv[pe * n + l];
			ref += t;
			mag += fabs(t);
		}
		judge(&v, r[l], ref, tolerance(F32, 2 + w * h, mag, ref), "r",
		      (struct where){ w - 1, 0, l });
	}
	EXPECT_EQ(0, v.bad) TH_LOG("%lu of %lu wrong; first: %s; tolerance %s, s = 2 + PEs",
				   v.bad, v.checked, v.first, TOL_RULE);
	wse_syncobj_destroy(self->fd, sync);
}

/* gemm launches that keep context A's queue busy (see below). */
#define BUSY_LAUNCHES	32
#define BUSY_BLOCK	48	/* Mt = Kt = Nt */
#define BUSY_P		8	/* on BUSY_P x BUSY_P PEs (clamped to the device) */

/*
 * Three jobs on two contexts, linked only by syncobjs (the driver does no
 * implicit synchronisation on BOs):
 *
 *   A1 (ctx A):            H2F x, y; BUSY_LAUNCHES big gemms; z = x + y;
 *                          F2H z -> T                     -> out s1
 *   B1 (ctx B, waits s1):  H2F T -> u; H2F w; v = u * w;
 *                          F2H v -> V                     -> out s2
 *   A2 (ctx A, waits s2):  H2F V -> p; reduce_all(p) -> q;
 *                          F2H q -> R                     -> out s3
 *
 * All three are submitted before any completes. T and V start as NaN, and
 * the gemms (on all of ctx A; the chain uses 3x3 of its PEs) make A1 write
 * T long after B1 was submitted: had B1 not waited for s1 it would have
 * read NaN. B1's fence signalling implies A1 is done.
 */
TEST_F_TIMEOUT(compute, chain_across_contexts, 90)
{
	const struct drm_wse_kernel_info *kadd = kernel(self, "add");
	const struct drm_wse_kernel_info *kmul = kernel(self, "mul");
	const struct drm_wse_kernel_info *kred = kernel(self, "reduce_all");
	const struct drm_wse_kernel_info *kgemm = kernel(self, "gemm");
	const unsigned int w = 3, h = 3, n = CHAIN_N, blk = n * 4;
	const unsigned int busy = 3 * BUSY_BLOCK * BUSY_BLOCK * 4;
	const size_t arr = (size_t)w * h * n;
	/* ctx A: the gemm operands, then x, y, z, p, q; ctx B: u, w, v */
	const __u32 ox = busy, oy = ox + blk, oz = oy + blk, op = oz + blk, oq = op + blk;
	const __u32 ou = 0, ow = blk, ov = 2 * blk;
	const __u32 bb = BUSY_BLOCK * BUSY_BLOCK * 4;
	const unsigned int side = self->info.log_width < self->info.log_height ?
				  self->info.log_width : self->info.log_height;
	const unsigned int bp = side > BUSY_P ? BUSY_P : side;
	__u32 bos[2] = { self->in.handle, self->out.handle }, a[9], s[3];
	float *x = self->in.map, *y = x + arr, *wv = y + arr;
	float *t = self->out.map, *vv = t + arr, *r = vv + arr;
	struct drm_wse_ctx_create ca, cb;
	struct drm_wse_cmd cmds[BUSY_LAUNCHES + 8];
	struct wse_submit_extra xa1 = { 0 }, xb1 = { 0 }, xa2 = { 0 };
	struct drm_wse_wait wa1, wb1, wa2;
	struct verdict v = { 0 };
	__u64 sa1, sb1, sa2;
	__s64 t_a1, t_b1;
	unsigned int i, l, pe, nc = 0;
	int a1_pending;

	REQUIRE_FIRMWARE();
	ASSERT_TRUE(kadd && kmul && kred && kgemm);
	ASSERT_LE(oq + blk, self->info.pe_sram_bytes) TH_LOG("PEs too small for this test");
	ASSERT_EQ(0, wse_ctx_create(self->fd, bp, bp, oq + blk, &ca));
	ASSERT_EQ(0, wse_ctx_create(self->fd, w, h, 3 * blk, &cb));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &s[i]));
	for (i = 0; i < 3 * arr; i++)
		x[i] = (float)rnd(&self->seed, F32);
	memset(t, 0xff, 3 * arr * 4);	/* T, V and R: NaN */

	/* A1. The gemm operands: ones, so the work is real arithmetic. */
	cmds[nc++] = wse_cmd_fill(0, 0, bp, bp, 0, busy, wse_f32_bits(1.0f));
	cmds[nc++] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, w, h, n, ox);
	cmds[nc++] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, arr * 4, 0, 0, w, h, n, oy);
	for (i = 0; i < BUSY_LAUNCHES; i++) {
		__u32 ga[9] = { F32, BUSY_BLOCK, BUSY_BLOCK, BUSY_BLOCK, 0, bb, 2 * bb,
				wse_f32_bits(1.0f), 0 };

		cmds[nc++] = wse_cmd_launch(kgemm->id, 0, 0, bp, bp, 9, ga);
	}
	cmds[nc++] = wse_cmd_launch(kadd->id, 0, 0, w, h, 5, launch_args5(a, F32, n, ox, oy, oz));
	cmds[nc++] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, 0, 0, w, h, n, oz);
	xa1.out_syncobj = s[0];
	ASSERT_EQ(0, wse_submit(self->fd, ca.ctx_id, cmds, nc, bos, 2, &xa1, &sa1));
	t_a1 = wse_now_ns();

	/* B1 */
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 1, 0, 0, 0, w, h, n, ou);
	cmds[1] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 2 * arr * 4, 0, 0, w, h, n, ow);
	cmds[2] = wse_cmd_launch(kmul->id, 0, 0, w, h, 5, launch_args5(a, F32, n, ou, ow, ov));
	cmds[3] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, arr * 4, 0, 0, w, h, n, ov);
	xb1.in_syncobjs = &s[0];
	xb1.in_count = 1;
	xb1.out_syncobj = s[1];
	ASSERT_EQ(0, wse_submit(self->fd, cb.ctx_id, cmds, 4, bos, 2, &xb1, &sb1));
	/* Whether A1 was still running once B1 was queued: else no race to lose. */
	t_b1 = wse_now_ns();
	a1_pending = wse_wait(self->fd, ca.ctx_id, sa1, 0, NULL) == -ETIME;

	/* A2 */
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 1, arr * 4, 0, 0, w, h, n, op);
	cmds[1] = wse_cmd_launch(kred->id, 0, 0, w, h, 5,
				 launch_args5(a, F32, n, RED_SUM, op, oq));
	cmds[2] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 2 * arr * 4, w - 1, 0, 1, 1, n, oq);
	xa2.in_syncobjs = &s[1];
	xa2.in_count = 1;
	xa2.out_syncobj = s[2];
	ASSERT_EQ(0, wse_submit(self->fd, ca.ctx_id, cmds, 3, bos, 2, &xa2, &sa2));

	/* B1 done implies A1 done. */
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, &s[1], 1, WSE_WAIT_NS, 0));
	ASSERT_EQ(0, wse_wait(self->fd, ca.ctx_id, sa1, 0, &wa1))
		TH_LOG("B1 completed before A1, whose fence it waits for");
	ASSERT_EQ(0, wse_syncobj_wait(self->fd, &s[2], 1, WSE_WAIT_NS, 0));
	ASSERT_EQ(0, wse_wait(self->fd, cb.ctx_id, sb1, 0, &wb1));
	ASSERT_EQ(0, wse_wait(self->fd, ca.ctx_id, sa2, 0, &wa2));
	EXPECT_EQ(0, wa1.status);
	EXPECT_EQ(0, wb1.status);
	EXPECT_EQ(0, wa2.status);
	TH_LOG("A1 ran %llu ms on the device; B1 was queued %llu us after A1, %s",
	       (unsigned long long)wa1.device_time_ns / 1000000,
	       (unsigned long long)(t_b1 - t_a1) / 1000,
	       a1_pending ? "while A1 was still running" :
	       "after A1 had completed (the dependency was not put to the test)");

	for (l = 0; l < n; l++) {
		double ref = 0, mag = 0, zz, vv_ref;

		for (pe = 0; pe < w * h; pe++) {
			i = pe * n + l;
			zz = (double)x[i] + y[i];
			vv_ref = zz * wv[i];
			judge(&v, t[i], zz, tolerance(F32, 1, fabs(x[i]) + fabs(y[i]), zz), "T",
			      (struct where){ pe % w, pe / w, l });
			judge(&v, vv[i], vv_ref, tolerance(F32, 2, fabs(vv_ref), vv_ref), "V",
			      (struct where){ pe % w, pe / w, l });
			ref += vv_ref;
			mag += fabs(vv_ref);
		}
		judge(&v, r[l], ref, tolerance(F32, 2 + w * h, mag, ref), "R",
		      (struct where){ w - 1, 0, l });
	}
	EXPECT_EQ(0, v.bad) TH_LOG("%lu of %lu wrong; first: %s; tolerance %s",
				   v.bad, v.checked, v.first, TOL_RULE);
	for (i = 0; i < 3; i++)
		wse_syncobj_destroy(self->fd, s[i]);
}

/* ------------------------------------------------------------------ */
/* Launches that must be refused                                       */
/* ------------------------------------------------------------------ */

#define ERR_W		4
#define ERR_H		4
#define ERR_SRAM	4096u
#define FILL_OLD	0x11223344u
#define FILL_NEW	0x55667788u

/*
 * Valid arguments for kernel @k on a 1x1 rectangle: fp32, @count (at most
 * 4) for every 'n', 1.0, operator 0, buffers at 0, 64, 128...
 */
static void valid_args(const struct drm_wse_kernel_info *k, __u32 *args, __u32 count)
{
	unsigned int i, bufs = 0;

	memset(args, 0, DRM_WSE_LAUNCH_MAX_ARGS * sizeof(*args));
	for (i = 0; k->signature[i]; i++) {
		switch (k->signature[i]) {
		case WSE_FW_ARG_DTYPE:
			args[i] = F32;
			break;
		case WSE_FW_ARG_COUNT:
			args[i] = count;
			break;
		case WSE_FW_ARG_OFFSET:
			args[i] = 64 * bufs++;
			break;
		case WSE_FW_ARG_FLOAT:
			args[i] = wse_f32_bits(1.0f);
			break;
		default:
			args[i] = 0;
			break;
		}
	}
}

/*
 * Submit [FILL the reservation with FILL_NEW, @bad] with an out-syncobj:
 * the driver must refuse it whole with -@err, queue nothing (the syncobj
 * gets no fence) and run nothing (checked at the end of the test).
 */
static void expect_refused(struct __test_metadata *_metadata, FIXTURE_DATA(compute) *self,
			   __u32 sync, const struct drm_wse_cmd *bad, int err, const char *what,
			   const char *kname)
{
	struct wse_submit_extra x = { .out_syncobj = sync };
	struct drm_wse_cmd cmds[2];
	__u64 seqno = 0;

	cmds[0] = wse_cmd_fill(0, 0, self->ctx.width, self->ctx.height, 0,
			       self->ctx.sram_bytes, FILL_NEW);
	cmds[1] = *bad;
	EXPECT_EQ(-err, wse_submit(self->fd, self->ctx.ctx_id, cmds, 2, NULL, 0, &x, &seqno))
		TH_LOG("%s: %s (kernel %u, nargs %u, rect %u,%u %ux%u)", kname, what,
		       bad->launch.kernel_id, bad->launch.nargs, bad->launch.x, bad->launch.y,
		       bad->launch.width, bad->launch.height);
	EXPECT_EQ(-EINVAL, wse_syncobj_wait(self->fd, &sync, 1, 0, 0))
		TH_LOG("%s: %s: the refused job's syncobj got a fence", kname, what);
}

/*
 * Errors of Documentation/uapi.rst, DRM_IOCTL_WSE_SUBMIT: a kernel_id the
 * firmware does not have -> ENOENT; nargs other than the signature's
 * length -> EINVAL; an 'o' offset at or past the end of the context's SRAM
 * range, or a rectangle leaving the context -> EACCES. The checks come in
 * the documented order (kernel, then arguments, then context). Tried on
 * every kernel of the library; a refused job runs nothing and takes no
 * sequence number.
 */
TEST_F(compute, launch_refused_by_driver)
{
	__u32 args[DRM_WSE_LAUNCH_MAX_ARGS], sync, max_id = 0, bogus[3];
	__u32 bos[1] = { self->out.handle }, *got = self->out.map;
	struct drm_wse_cmd ok[LIBRARY_SIZE], c, fill;
	const struct drm_wse_ctx_create *ctx = &self->ctx;
	unsigned int i, nargs, nb;
	__u64 seq0, seq;
	size_t li;
	int ki;

	REQUIRE_FIRMWARE();
	ASSERT_EQ(0, use_ctx(self, ERR_W, ERR_H, ERR_SRAM));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &sync));
	fill = wse_cmd_fill(0, 0, ctx->width, ctx->height, 0, ctx->sram_bytes, FILL_OLD);
	ASSERT_EQ(0, wse_submit(self->fd, ctx->ctx_id, &fill, 1, NULL, 0, NULL, &seq0));
	ASSERT_EQ(0, wse_wait(self->fd, ctx->ctx_id, seq0, WSE_WAIT_NS, NULL));

	/* The valid launches the bad ones derive from do run. */
	for (li = 0; li < LIBRARY_SIZE; li++) {
		const struct drm_wse_kernel_info *k = kernel(self, library[li].name);

		ASSERT_NE(NULL, k) TH_LOG("firmware has no '%s' kernel", library[li].name);
		valid_args(k, args, 1);
		ok[li] = wse_cmd_launch(k->id, 0, 0, 1, 1, strlen(k->signature), args);
	}
	ASSERT_EQ(0, wse_run(self->fd, ctx->ctx_id, ok, LIBRARY_SIZE, NULL, 0))
		TH_LOG("the valid 1x1 launches of every kernel");
	ASSERT_EQ(0, wse_run(self->fd, ctx->ctx_id, &fill, 1, NULL, 0));
	seq0 += 2;

	/* Unknown kernel ids: beyond the table, all ones, and 0 if unused. */
	for (ki = 0; ki < self->nkern; ki++)
		max_id = self->kern[ki].id > max_id ? self->kern[ki].id : max_id;
	nb = 0;
	bogus[nb++] = max_id + 1;
	bogus[nb++] = 0xffffffff;
	if (self->kern[0].id)	/* ids increase: only the first can be 0 */
		bogus[nb++] = 0;
	for (i = 0; i < nb; i++) {
		valid_args(kernel(self, "add"), args, 1);
		c = wse_cmd_launch(bogus[i], 0, 0, 1, 1, 5, args);
		expect_refused(_metadata, self, sync, &c, ENOENT, "unknown kernel id", "-");
		/* Kernel before arguments: a bad count doesn't change the errno. */
		c.launch.nargs = 3;
		c.launch.args[3] = 0;
		c.launch.args[4] = 0;
		expect_refused(_metadata, self, sync, &c, ENOENT,
			       "unknown kernel id and wrong nargs", "-");
	}

	for (li = 0; li < LIBRARY_SIZE; li++) {
		const struct drm_wse_kernel_info *k = kernel(self, library[li].name);

		nargs = strlen(k->signature);
		valid_args(k, args, 1);
		c = wse_cmd_launch(k->id, 0, 0, 1, 1, nargs - 1, args);
		expect_refused(_metadata, self, sync, &c, EINVAL, "one argument short", k->name);
		c = wse_cmd_launch(k->id, 0, 0, 1, 1, nargs + 1, args);
		expect_refused(_metadata, self, sync, &c, EINVAL, "one argument too many",
			       k->name);
		/* Arguments before the context: EINVAL wins over a bad rectangle. */
		c.launch.x = ctx->width;
		expect_refused(_metadata, self, sync, &c, EINVAL,
			       "wrong nargs and rectangle outside", k->name);

		for (i = 0; i < nargs; i++) {
			if (k->signature[i] != WSE_FW_ARG_OFFSET)
				continue;
			c = wse_cmd_launch(k->id, 0, 0, 1, 1, nargs, args);
			c.launch.args[i] = ctx->sram_bytes;
			expect_refused(_metadata, self, sync, &c, EACCES,
				       "offset at the end of the SRAM range", k->name);
			c.launch.args[i] = ctx->sram_bytes + 64;
			expect_refused(_metadata, self, sync, &c, EACCES,
				       "offset past the SRAM range", k->name);
			c.launch.args[i] = 0xfffffff0;
			expect_refused(_metadata, self, sync, &c, EACCES,
				       "offset near 4 GiB (wraps when rebased)", k->name);
		}

		c = wse_cmd_launch(k->id, ctx->width, 0, 1, 1, nargs, args);
		expect_refused(_metadata, self, sync, &c, EACCES, "rectangle east of the context",
			       k->name);
		c = wse_cmd_launch(k->id, 0, ctx->height, 1, 1, nargs, args);
		expect_refused(_metadata, self, sync, &c, EACCES,
			       "rectangle south of the context", k->name);
		c = wse_cmd_launch(k->id, ctx->width - 1, ctx->height - 1, 2, 1, nargs, args);
		expect_refused(_metadata, self, sync, &c, EACCES,
			       "rectangle overlapping the east edge", k->name);
		c = wse_cmd_launch(k->id, 0, ctx->height - 1, 1, 2, nargs, args);
		expect_refused(_metadata, self, sync, &c, EACCES,
			       "rectangle overlapping the south edge", k->name);
		c = wse_cmd_launch(k->id, 0xffff, 0xffff, 0xffff, 0xffff, nargs, args);
		expect_refused(_metadata, self, sync, &c, EACCES,
			       "rectangle whose end wraps 16 bits", k->name);
	}

	/* Nothing ran and no sequence number was taken. */
	c = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, ctx->width, ctx->height,
			 ctx->sram_bytes / 4, 0);
	memset(got, POISON, (size_t)ctx->width * ctx->height * ctx->sram_bytes);
	ASSERT_EQ(0, wse_submit(self->fd, ctx->ctx_id, &c, 1, bos, 1, NULL, &seq));
	EXPECT_EQ(seq0 + 1, seq) TH_LOG("refused submits took sequence numbers");
	ASSERT_EQ(0, wse_wait(self->fd, ctx->ctx_id, seq, WSE_WAIT_NS, NULL));
	for (i = 0; i < (size_t)ctx->width * ctx->height * ctx->sram_bytes / 4; i++)
		if (got[i] != FILL_OLD)
			break;
	EXPECT_EQ((size_t)ctx->width * ctx->height * ctx->sram_bytes / 4, i)
		TH_LOG("word %u is 0x%08x: a refused job ran", i, got[i]);
	wse_syncobj_destroy(self->fd, sync);
}

/*
 * Every buffer of a launch must lie in the context's SRAM range
 * (uapi.rst, LAUNCH): the driver checks where buffers start, the device
 * where they end, in the SRAM window the driver gives each launch. Two
 * contexts over the whole grid share every PE, one's range right after
 * the other's; launches in the lower one with a buffer starting at its
 * last element and reaching 3 elements into the upper one's bytes must
 * fail with WSE_STS_FABRIC_RANGE and write nothing, in either context.
 */
TEST_F_TIMEOUT(compute, launch_confined_to_context_sram, 60)
{
	const struct drm_wse_device_info *info = &self->info;
	__u32 bos[1] = { self->out.handle }, *got = self->out.map, args[DRM_WSE_LAUNCH_MAX_ARGS];
	struct drm_wse_ctx_create a, b, *lo, *hi;
	struct drm_wse_cmd c, fill[2];
	struct drm_wse_wait wt;
	unsigned int i, tries = 0;
	size_t li, words, w;
	__u64 seq;

	REQUIRE_FIRMWARE();
	ASSERT_EQ(0, wse_ctx_create(self->fd, info->log_width, info->log_height, 1024, &a));
	ASSERT_EQ(0, wse_ctx_create(self->fd, info->log_width, info->log_height, 1024, &b));
	lo = a.sram_offset < b.sram_offset ? &a : &b;
	hi = lo == &a ? &b : &a;
	TH_LOG("contexts at SRAM bytes %u and %u of every PE", lo->sram_offset, hi->sram_offset);
	fill[0] = wse_cmd_fill(0, 0, lo->width, lo->height, 0, lo->sram_bytes, FILL_OLD);
	fill[1] = fill[0];
	fill[1].fill.value = FILL_NEW;
	ASSERT_EQ(0, wse_run(self->fd, lo->ctx_id, &fill[0], 1, NULL, 0));
	ASSERT_EQ(0, wse_run(self->fd, hi->ctx_id, &fill[1], 1, NULL, 0));

	for (li = 0; li < LIBRARY_SIZE; li++) {
		const struct drm_wse_kernel_info *k = kernel(self, library[li].name);
		unsigned int nargs;

		ASSERT_NE(NULL, k) TH_LOG("firmware has no '%s' kernel", library[li].name);
		nargs = strlen(k->signature);
		for (i = 0; i < nargs; i++) {
			if (k->signature[i] != WSE_FW_ARG_OFFSET)
				continue;
			valid_args(k, args, 4);
			args[i] = lo->sram_bytes - 4;
			c = wse_cmd_launch(k->id, 0, 0, 1, 1, nargs, args);
			ASSERT_EQ(0, wse_submit(self->fd, lo->ctx_id, &c, 1, NULL, 0, NULL, &seq))
				TH_LOG("%s, argument %u at the last element", k->name, i);
			ASSERT_EQ(0, wse_wait(self->fd, lo->ctx_id, seq, WSE_WAIT_NS, &wt));
			EXPECT_EQ(WSE_STS_FABRIC_RANGE, wt.status)
				TH_LOG("%s: buffer of argument %u runs 12 bytes past the context",
				       k->name, i);
			tries++;
		}
	}
	ASSERT_LT(0, tries);

	/* Neither context's bytes changed. */
	words = (size_t)lo->width * lo->height * lo->sram_bytes / 4;
	for (i = 0; i < 2; i++) {
		const struct drm_wse_ctx_create *x = i ? hi : lo;
		__u32 want = i ? FILL_NEW : FILL_OLD;

		c = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, x->width, x->height,
				 x->sram_bytes / 4, 0);
		memset(got, POISON, words * 4);
		ASSERT_EQ(0, wse_run(self->fd, x->ctx_id, &c, 1, bos, 1));
		for (w = 0; w < words && got[w] == want; w++)
			;
		EXPECT_EQ(words, w) TH_LOG("%s context: word %zu is 0x%08x, not 0x%08x",
					   i ? "upper" : "lower", w, got[w], want);
	}
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, a.ctx_id));
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, b.ctx_id));
}

/* What only the device can judge: the job fails with a status, no effect. */
struct device_refusal {
	const char *what;
	const char *kernel;
	unsigned int w, h;
	__u32 args[10];
};

static const struct device_refusal device_refusals[] = {
	{ "gemm on a 2x3 rectangle", "gemm", 2, 3,
	  { F32, 2, 2, 2, 0, 64, 128, 0x3f800000, 0 } },
	{ "reduce operator 4", "reduce_rows", 3, 2, { F32, 8, 4, 0, 64 } },
	{ "reduce operator ~0", "allreduce", 3, 2, { F32, 8, 0xffffffff, 0, 64 } },
	{ "add output overlapping x by all but one element", "add", 2, 2,
	  { F32, 16, 0, 256, 4 } },
	{ "mul output overlapping y", "mul", 2, 2, { F32, 16, 0, 256, 200 } },
	{ "relu output shifted from its input", "relu", 2, 2, { F32, 16, 64, 60 } },
	{ "reduce_all output overlapping x", "reduce_all", 2, 2, { F32, 16, 0, 32 } },
	{ "stencil5 out overlapping in", "stencil5", 2, 2,
	  { F32, 4, 4, 0, 32, 0x3f800000, 0, 0, 0, 0 } },
};

/*
 * Per device-spec.rst, checks 7e/7f: a non-square gemm, an unknown reduce
 * operator, an output overlapping an input other than exactly: the job
 * fails with WSE_STS_KERNEL_ARGS at the launch, the H2F before it has run
 * and the launch changed nothing. (Commands after a failed one in the
 * same job may still run, uapi.rst "Jobs": the read-back is a job of its
 * own.) The context keeps working.
 */
TEST_F(compute, launch_refused_by_device)
{
	__u32 bos[2] = { self->in.handle, self->out.handle };
	const struct drm_wse_ctx_create *ctx = &self->ctx;
	unsigned char *in = self->in.map, *out = self->out.map;
	struct drm_wse_cmd cmds[2], f2h;
	struct drm_wse_wait wt;
	size_t bytes, i;
	__u64 seq;

	REQUIRE_FIRMWARE();
	ASSERT_EQ(0, use_ctx(self, ERR_W, ERR_H, ERR_SRAM));
	bytes = (size_t)ctx->width * ctx->height * ctx->sram_bytes;
	cmds[0] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, ctx->width, ctx->height,
			       ctx->sram_bytes / 4, 0);
	f2h = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 1, 0, 0, 0, ctx->width, ctx->height,
			   ctx->sram_bytes / 4, 0);
	for (i = 0; i < ARRAY_SIZE(device_refusals); i++) {
		const struct device_refusal *d = &device_refusals[i];
		const struct drm_wse_kernel_info *k = kernel(self, d->kernel);

		ASSERT_NE(NULL, k) TH_LOG("firmware has no '%s' kernel", d->kernel);
		wse_pattern(in, bytes, 0xc0de + i);
		memset(out, POISON, bytes);
		cmds[1] = wse_cmd_launch(k->id, 0, 0, d->w, d->h, strlen(k->signature), d->args);
		ASSERT_EQ(0, wse_submit(self->fd, ctx->ctx_id, cmds, 2, bos, 2, NULL, &seq))
			TH_LOG("%s: the driver refused it", d->what);
		ASSERT_EQ(0, wse_wait(self->fd, ctx->ctx_id, seq, WSE_WAIT_NS, &wt));
		EXPECT_EQ(WSE_STS_KERNEL_ARGS, wt.status) TH_LOG("%s", d->what);
		EXPECT_EQ(1, wt.failed_cmd) TH_LOG("%s", d->what);
		ASSERT_EQ(0, wse_run(self->fd, ctx->ctx_id, &f2h, 1, bos, 2))
			TH_LOG("%s: the context no longer works", d->what);
		EXPECT_EQ(-1, wse_first_diff(in, out, bytes))
			TH_LOG("%s: the refused launch changed SRAM", d->what);
	}
}

TEST_HARNESS_MAIN
