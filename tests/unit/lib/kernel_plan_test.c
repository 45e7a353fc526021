// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsectl run's kernel plans (userspace/wsectl/kernel_plan.c), checked
 * against a model of the device written here from the words of
 * Documentation/device-spec.rst, "Compute kernels": the model holds each
 * PE's SRAM, takes the host arrays the plan packs as H2F would, computes
 * what each kernel does in PE terms (PE (i, j) holds block (j, i), A
 * column-major, x along the north row, ...), and gives back the result
 * operand as F2H would. If the plan laid any operand out differently from
 * the spec, or its reference disagreed, kp_check() would see mismatches.
 * Also: the plan's choices and refusals, arguments, operation counts,
 * tolerances, sampling, and mismatch reports naming the right element.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "kernel_plan.h"
#include "wse.h"

/* ------------------------------------------------------------------ */
/* A model of the device: PEs with SRAM, H2F, the kernels, F2H.       */
/* ------------------------------------------------------------------ */

struct model {
	const struct kp_plan *p;
	unsigned char *sram;	/* w x h PEs of sram_bytes */
};

static unsigned char *pe(const struct model *m, uint32_t i, uint32_t j, uint32_t off)
{
	return m->sram + ((uint64_t)j * m->p->w + i) * m->p->sram_bytes + off;
}

/* Element @e of the block at @off of PE (i, j), widened to float. */
static float ld(const struct model *m, uint32_t i, uint32_t j, uint32_t off, uint64_t e)
{
	float v;

	if (m->p->esize == 2) {
		uint16_t h;

		memcpy(&h, pe(m, i, j, off + e * 2), 2);
		return wse_f16_to_f32(h);
	}
	memcpy(&v, pe(m, i, j, off + e * 4), 4);
	return v;
}

static void st(const struct model *m, uint32_t i, uint32_t j, uint32_t off, uint64_t e,
	       float v)
{
	if (m->p->esize == 2) {
		uint16_t h = wse_f32_to_f16(v);

		memcpy(pe(m, i, j, off + e * 2), &h, 2);
		return;
	}
	memcpy(pe(m, i, j, off + e * 4), &v, 4);
}

/* H2F of operand @o: host array [pj][pi][e] into its PEs. */
static void h2f(const struct model *m, unsigned int o, const void *host)
{
	const struct kp_operand *op = &m->p->ops[o];
	uint32_t es = m->p->esize, i, j;

	for (j = 0; j < op->ph; j++)
		for (i = 0; i < op->pw; i++)
			memcpy(pe(m, op->px + i, op->py + j, op->offset),
			       (const unsigned char *)host +
			       ((uint64_t)j * op->pw + i) * op->elems * es, op->elems * es);
}

static void f2h(const struct model *m, unsigned int o, void *host)
{
	const struct kp_operand *op = &m->p->ops[o];
	uint32_t es = m->p->esize, i, j;

	for (j = 0; j < op->ph; j++)
		for (i = 0; i < op->pw; i++)
			memcpy((unsigned char *)host + ((uint64_t)j * op->pw + i) * op->elems * es,
			       pe(m, op->px + i, op->py + j, op->offset), op->elems * es);
}

/* Element (r, c) of C's block in PE (i, j): A blocks of row j, B blocks of column i. */
static float gemm_one(const struct model *m, const uint32_t *a, uint32_t i, uint32_t j,
		      uint32_t r, uint32_t c, float alpha, float beta)
{
	uint32_t mt = a[1], kt = a[2], P = m->p->w, s, b;
	float sum = 0;

	for (s = 0; s < P; s++)
		for (b = 0; b < kt; b++)
			sum += ld(m, s, j, a[4], (uint64_t)b * mt + r) *
			       ld(m, i, s, a[5], (uint64_t)c * kt + b);
	sum *= alpha;
	if (beta != 0)
		sum += beta * ld(m, i, j, a[6], (uint64_t)c * mt + r);
	return sum;
}

/* gemm: C(i,j) = alpha * sum over s of A(s,j) B(i,s) + beta C, column-major blocks. */
static void run_gemm(const struct model *m, const uint32_t *a)
{
	uint32_t mt = a[1], nt = a[3], P = m->p->w, i, j, r, c;
	float alpha = wse_arg_to_f32(a[7]), beta = wse_arg_to_f32(a[8]);

	for (j = 0; j < P; j++)
		for (i = 0; i < P; i++)
			for (c = 0; c < nt; c++)
				for (r = 0; r < mt; r++)
					st(m, i, j, a[6], (uint64_t)c * mt + r,
					   gemm_one(m, a, i, j, r, c, alpha, beta));
}

/* gemv: x on the north row, row-major A blocks, y on the east column. */
static void run_gemv(const struct model *m, const uint32_t *a)
{
	uint32_t mt = a[1], nt = a[2], w = m->p->w, h = m->p->h, i, j, r, b;
	float alpha = wse_arg_to_f32(a[6]), beta = wse_arg_to_f32(a[7]);

	for (j = 0; j < h; j++)
		for (r = 0; r < mt; r++) {
			float sum = 0;

			for (i = 0; i < w; i++)
				for (b = 0; b < nt; b++)
					sum += ld(m, i, j, a[3], (uint64_t)r * nt + b) *
					       ld(m, i, 0, a[4], b);
			sum *= alpha;
			if (beta != 0)
				sum += beta * ld(m, w - 1, j, a[5], r);
			st(m, w - 1, j, a[5], r, sum);
		}
}

static void run_elementwise(const struct model *m, const uint32_t *a)
{
	enum kp_kind k = m->p->req.kind;
	uint32_t i, j, e;

	for (j = 0; j < m->p->h; j++)
		for (i = 0; i < m->p->w; i++)
			for (e = 0; e < a[1]; e++) {
				if (k == KP_ADD || k == KP_MUL) {
					float x = ld(m, i, j, a[2], e), y = ld(m, i, j, a[3], e);

					st(m, i, j, a[4], e, k == KP_ADD ? x + y : x * y);
				} else if (k == KP_AXPY) {
					st(m, i, j, a[4], e, wse_arg_to_f32(a[2]) *
					   ld(m, i, j, a[3], e) + ld(m, i, j, a[4], e));
				} else {
					float x = ld(m, i, j, a[2], e);

					st(m, i, j, a[3], e, x < 0 ? 0 : x);
				}
			}
}

/* Sum (only) over PEs [i0, i1) x [j0, j1), element @e. */
static float sum_pes(const struct model *m, uint32_t off, uint32_t e, uint32_t i0, uint32_t i1,
		     uint32_t j0, uint32_t j1)
{
	float s = 0;
	uint32_t i, j;

	for (j = j0; j < j1; j++)
		for (i = i0; i < i1; i++)
			s += ld(m, i, j, off, e);
	return s;
}

static void run_reduce(const struct model *m, const uint32_t *a)
{
	uint32_t w = m->p->w, h = m->p->h, n = a[1], x = a[3], y = a[4], i, j, e;

	for (e = 0; e < n; e++)
		switch (m->p->req.kind) {
		case KP_REDUCE_ROWS:	/* into the east PE of each row */
			for (j = 0; j < h; j++)
				st(m, w - 1, j, y, e, sum_pes(m, x, e, 0, w, j, j + 1));
			break;
		case KP_REDUCE_COLS:	/* into the north PE of each column */
			for (i = 0; i < w; i++)
				st(m, i, 0, y, e, sum_pes(m, x, e, i, i + 1, 0, h));
			break;
		case KP_REDUCE_ALL:	/* into the north-east PE */
			st(m, w - 1, 0, y, e, sum_pes(m, x, e, 0, w, 0, h));
			break;
		default:		/* into every PE */
			for (j = 0; j < h; j++)
				for (i = 0; i < w; i++)
					st(m, i, j, y, e, sum_pes(m, x, e, 0, w, 0, h));
			break;
		}
}

/* Row @r, column @c of the block of PE (i, j), reaching into neighbours. */
static float stencil_at(const struct model *m, uint32_t off, int64_t i, int64_t j, int64_t r,
			int64_t c)
{
	int64_t ht = m->p->mt, wt = m->p->nt;

	if (r < 0) {
		j--;
		r += ht;
	} else if (r >= ht) {
		j++;
		r -= ht;
	}
	if (c < 0) {
		i--;
		c += wt;
	} else if (c >= wt) {
		i++;
		c -= wt;
	}
	if (i < 0 || j < 0 || i >= m->p->w || j >= m->p->h)
		return 0;	/* outside the domain */
	return ld(m, i, j, off, (uint64_t)(r * wt + c));
}

static void run_stencil(const struct model *m, const uint32_t *a)
{
	uint32_t ht = a[1], wt = a[2], i, j, r, c;
	float k[5];

	for (i = 0; i < 5; i++)
		k[i] = wse_arg_to_f32(a[5 + i]);
	for (j = 0; j < m->p->h; j++)
		for (i = 0; i < m->p->w; i++)
			for (r = 0; r < ht; r++)
				for (c = 0; c < wt; c++)
					st(m, i, j, a[4], (uint64_t)r * wt + c,
					   k[0] * stencil_at(m, a[3], i, j, r, c) +
					   k[1] * stencil_at(m, a[3], i, j, (int64_t)r - 1, c) +
					   k[2] * stencil_at(m, a[3], i, j, (int64_t)r + 1, c) +
					   k[3] * stencil_at(m, a[3], i, j, r, (int64_t)c - 1) +
					   k[4] * stencil_at(m, a[3], i, j, r, (int64_t)c + 1));
}

/*
 * The whole of `wsectl run` on the model: generate, pack, H2F, launch(es),
 * F2H, unpack into @out (logical order, allocated here). @in gets the
 * inputs. @poison: host element of the result to corrupt before unpacking,
 * or UINT64_MAX.
 */
static void simulate(const struct kp_plan *p, uint64_t seed, float **in, float **out,
		     uint64_t poison)
{
	struct model m = { .p = p };
	uint32_t args[DRM_WSE_LAUNCH_MAX_ARGS], s;
	unsigned int o, ro = kp_result_operand(p);
	void *host;

	m.sram = calloc((size_t)p->w * p->h, p->sram_bytes);
	host = malloc(kp_operand_count(&p->ops[0]) * 4 + kp_operand_count(&p->ops[1]) * 4 +
		      kp_operand_count(&p->ops[p->nops - 1]) * 4);
	for (o = 0; o < p->nops; o++)
		in[o] = p->ops[o].upload ? malloc(kp_operand_count(&p->ops[o]) * sizeof(float)) :
					   NULL;
	kp_generate(p, seed, in);
	for (o = 0; o < p->nops; o++)
		if (p->ops[o].upload) {
			kp_pack(p, o, in[o], host);
			h2f(&m, o, host);
		}
	for (s = 0; s < p->launches; s++) {
		kp_launch_args(p, s, args);
		switch (p->req.kind) {
		case KP_GEMM:
			run_gemm(&m, args);
			break;
		case KP_GEMV:
			run_gemv(&m, args);
			break;
		case KP_STENCIL5:
			run_stencil(&m, args);
			break;
		case KP_REDUCE_ROWS:
		case KP_REDUCE_COLS:
		case KP_REDUCE_ALL:
		case KP_ALLREDUCE:
			run_reduce(&m, args);
			break;
		default:
			run_elementwise(&m, args);
			break;
		}
	}
	f2h(&m, ro, host);
	if (poison != UINT64_MAX) {
		if (p->esize == 2)
			((uint16_t *)host)[poison] ^= 0x4000;
		else
			((float *)host)[poison] += 0.5f;
	}
	*out = malloc(kp_operand_count(&p->ops[ro]) * sizeof(float));
	kp_unpack(p, ro, host, *out);
	free(host);
	free(m.sram);
}

static void free_run(float **in, float *out)
{
	unsigned int o;

	for (o = 0; o < KP_MAX_OPERANDS; o++)
		free(in[o]);
	free(out);
}

/* Plan @req on a 24 x 16 grid of 48 KiB PEs. */
static int plan(struct kp_request req, struct kp_plan *p, char *why, size_t len)
{
	return kp_plan_make(&req, 24, 16, 48 * 1024, p, why, len);
}

struct seen {
	unsigned int n;
	uint64_t t, l;
	double got, ref;
};

static void note(void *priv, uint64_t t, uint64_t l, double got, double ref, double allowed)
{
	struct seen *s = priv;

	(void)allowed;
	if (!s->n++) {
		s->t = t;
		s->l = l;
		s->got = got;
		s->ref = ref;
	}
}

/* Simulate and check: no mismatch, then exactly one where poisoned. */
static void model_agrees(struct __test_metadata *_metadata, struct kp_request req,
			 uint64_t poison)
{
	float *in[KP_MAX_OPERANDS] = { 0 }, *out = NULL;
	struct kp_check res;
	struct seen seen = { 0 };
	struct kp_plan p;
	char why[256] = "";

	ASSERT_EQ(0, plan(req, &p, why, sizeof(why))) TH_LOG("%s", why);
	simulate(&p, 7, in, &out, UINT64_MAX);
	ASSERT_EQ(0, kp_check(&p, in, out, 7, UINT64_MAX, note, &seen, &res));
	EXPECT_EQ(0u, res.mismatches) {
		char where[96];

		kp_describe(&p, kp_result_operand(&p), seen.l, where, sizeof(where));
		TH_LOG("%s %s: %s got %g, expected %g", kp_kind_name(req.kind),
		       req.dtype ? "f16" : "f32", where, seen.got, seen.ref);
	}
	EXPECT_FALSE(res.sampled);
	EXPECT_EQ(kp_operand_count(&p.ops[kp_result_operand(&p)]), res.checked);
	EXPECT_LE(res.worst, 1.0);
	free_run(in, out);

	memset(in, 0, sizeof(in));
	simulate(&p, 7, in, &out, poison);
	ASSERT_EQ(0, kp_check(&p, in, out, 7, UINT64_MAX, note, &seen, &res));
	EXPECT_EQ(1u, res.mismatches);
	EXPECT_EQ(poison, seen.t);
	EXPECT_EQ(kp_logical_index(&p, kp_result_operand(&p), poison), seen.l);
	free_run(in, out);
}

/* A request; alpha defaults to 1 (0 would make every product vanish). */
static struct kp_request with_alpha(struct kp_request r)
{
	if (r.alpha == 0)
		r.alpha = 1;
	return r;
}

#define REQ(...)	with_alpha((struct kp_request){ __VA_ARGS__ })

TEST(model_gemm)
{
	model_agrees(_metadata, REQ(.kind = KP_GEMM, .m = 24, .n = 16, .k = 32, .rect_w = 4,
				    .rect_h = 4), 77);
	model_agrees(_metadata, REQ(.kind = KP_GEMM, .m = 12, .n = 18, .k = 6, .rect_w = 3,
				    .rect_h = 3, .alpha = -0.5f, .beta = 1.5f), 5);
	model_agrees(_metadata, REQ(.kind = KP_GEMM, .dtype = WSE_FW_DTYPE_F16, .m = 32, .n = 32,
				    .k = 64), 1000);
}

TEST(model_gemv)
{
	model_agrees(_metadata, REQ(.kind = KP_GEMV, .m = 30, .n = 40, .rect_w = 5,
				    .rect_h = 3), 29);
	model_agrees(_metadata, REQ(.kind = KP_GEMV, .m = 64, .n = 64, .alpha = 2,
				    .beta = -1), 3);
	model_agrees(_metadata, REQ(.kind = KP_GEMV, .dtype = WSE_FW_DTYPE_F16, .m = 48,
				    .n = 96, .rect_w = 4, .rect_h = 2), 40);
}

TEST(model_elementwise)
{
	enum kp_kind k[] = { KP_ADD, KP_MUL, KP_AXPY, KP_RELU };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		model_agrees(_metadata, REQ(.kind = k[i], .n = 37, .rect_w = 3, .rect_h = 2,
					    .alpha = 0.75f), 100);
		model_agrees(_metadata, REQ(.kind = k[i], .dtype = WSE_FW_DTYPE_F16, .n = 8,
					    .rect_w = 5, .rect_h = 4), 159);
	}
}

TEST(model_reductions)
{
	enum kp_kind k[] = { KP_REDUCE_ROWS, KP_REDUCE_COLS, KP_REDUCE_ALL, KP_ALLREDUCE };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		model_agrees(_metadata, REQ(.kind = k[i], .n = 9, .rect_w = 5, .rect_h = 3), 8);
		model_agrees(_metadata, REQ(.kind = k[i], .dtype = WSE_FW_DTYPE_F16, .n = 4,
					    .rect_w = 2, .rect_h = 7), 1);
	}
}

TEST(model_stencil)
{
	model_agrees(_metadata, REQ(.kind = KP_STENCIL5, .rect_w = 3, .rect_h = 2, .tile_h = 5,
				    .tile_w = 4, .iters = 1), 60);
	/* Several sweeps: the result lands in u or v by parity. */
	model_agrees(_metadata, REQ(.kind = KP_STENCIL5, .rect_w = 2, .rect_h = 3, .tile_h = 3,
				    .tile_w = 7, .iters = 6,
				    .coef = { 0.2f, 0.3f, -0.1f, 0.25f, 0.15f }), 11);
	model_agrees(_metadata, REQ(.kind = KP_STENCIL5, .dtype = WSE_FW_DTYPE_F16,
				    .rect_w = 4, .rect_h = 4, .tile_h = 4, .tile_w = 4,
				    .iters = 3), 200);
}

/* ------------------------------------------------------------------ */
/* Layout formulas, literally as the spec writes them.                */
/* ------------------------------------------------------------------ */

TEST(gemm_layout_is_the_spec_reshuffle)
{
	struct kp_plan p;
	char why[256];
	uint32_t i, j, a, b, mt, kt;

	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMM, .m = 12, .n = 8, .k = 6, .rect_w = 2,
			      .rect_h = 2), &p, why, sizeof(why)));
	mt = p.mt;
	kt = p.kt;
	ASSERT_EQ(6u, mt);
	ASSERT_EQ(3u, kt);
	/* A3[j][i][b * Mt + a] = A[j*Mt + a][i*Kt + b] */
	for (j = 0; j < 2; j++)
		for (i = 0; i < 2; i++)
			for (a = 0; a < mt; a++)
				for (b = 0; b < kt; b++)
					ASSERT_EQ((uint64_t)(j * mt + a) * 6 + i * kt + b,
						  kp_logical_index(&p, 0, ((uint64_t)j * 2 + i) *
								   mt * kt + b * mt + a));
}

TEST(operand_placement)
{
	struct kp_plan p;
	char why[256];

	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMV, .m = 30, .n = 40, .rect_w = 5, .rect_h = 3),
			  &p, why, sizeof(why)));
	/* x along the north row, y down the east column. */
	EXPECT_EQ(0u, p.ops[1].px);
	EXPECT_EQ(0u, p.ops[1].py);
	EXPECT_EQ(5u, p.ops[1].pw);
	EXPECT_EQ(1u, p.ops[1].ph);
	EXPECT_EQ(4u, p.ops[2].px);
	EXPECT_EQ(0u, p.ops[2].py);
	EXPECT_EQ(1u, p.ops[2].pw);
	EXPECT_EQ(3u, p.ops[2].ph);
	EXPECT_FALSE(p.ops[2].upload);		/* beta 0: y is not read */
	/* Offsets follow each other; SRAM is their sum. */
	EXPECT_EQ(0u, p.ops[0].offset);
	EXPECT_EQ(10u * 8 * 4, p.ops[1].offset);
	EXPECT_EQ(10u * 8 * 4 + 8 * 4, p.ops[2].offset);
	EXPECT_EQ((10u * 8 + 8 + 10) * 4, p.sram_bytes);

	ASSERT_EQ(0, plan(REQ(.kind = KP_REDUCE_ALL, .n = 4, .rect_w = 6, .rect_h = 2), &p,
			  why, sizeof(why)));
	EXPECT_EQ(5u, p.ops[1].px);	/* the north-east PE */
	EXPECT_EQ(0u, p.ops[1].py);
	EXPECT_EQ(1u, p.ops[1].pw * p.ops[1].ph);
}

TEST(plan_choices)
{
	struct kp_request big = REQ(.kind = KP_GEMM, .m = 1024, .n = 1024, .k = 1024);
	struct kp_plan p;
	char why[256];

	/* 1024^3 fp32: three 64 x 64 blocks fill 48 KiB exactly, on 16 x 16 PEs. */
	ASSERT_EQ(0, kp_plan_make(&big, 64, 48, 48 * 1024, &p, why, sizeof(why)));
	EXPECT_EQ(16u, p.w);
	EXPECT_EQ(16u, p.h);
	EXPECT_EQ(64u, p.mt);
	EXPECT_EQ(49152u, p.sram_bytes);
	EXPECT_STREQ("gemm", p.kernel);
	/* Defaults: gemm 256^3, elementwise 1024 per PE on 4 x 4, stencil 32 x 32 once. */
	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMM), &p, why, sizeof(why)));
	EXPECT_EQ(256u, p.req.m);
	EXPECT_EQ(256u, p.req.k);
	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMM, .n = 512), &p, why, sizeof(why)));
	EXPECT_EQ(512u, p.req.m);
	ASSERT_EQ(0, plan(REQ(.kind = KP_MUL), &p, why, sizeof(why)));
	EXPECT_EQ(4u, p.w);
	EXPECT_EQ(1024u, p.req.n);
	ASSERT_EQ(0, plan(REQ(.kind = KP_STENCIL5), &p, why, sizeof(why)));
	EXPECT_EQ(32u, p.mt);
	EXPECT_EQ(1u, p.launches);
	EXPECT_EQ(0.5f, p.req.coef[0]);
	ASSERT_EQ(0, plan(REQ(.kind = KP_STENCIL5, .iters = 4), &p, why, sizeof(why)));
	EXPECT_EQ(4u, p.launches);
	EXPECT_TRUE(p.ops[0].result);	/* even sweeps end in u */
}

TEST(plan_refusals)
{
	struct kp_plan p;
	char why[256];

	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_GEMM, .m = 64, .n = 64, .k = 64, .rect_w = 4,
				    .rect_h = 2), &p, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "square"));
	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_GEMM, .m = 1000, .rect_w = 16, .rect_h = 16),
				&p, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "multiples of 16"));
	EXPECT_EQ(-ENOSPC, plan(REQ(.kind = KP_GEMM, .m = 4096), &p, why, sizeof(why)));
	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_GEMV, .m = 30, .n = 40, .rect_w = 3,
				    .rect_h = 3), &p, why, sizeof(why)));
	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_ADD, .rect_w = 25, .rect_h = 1), &p, why,
				sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "24x16"));
	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_ADD, .n = 65537), &p, why, sizeof(why)));
	/* 3 x 4096 fp32 per PE is 48 KiB; one more element is too many. */
	EXPECT_EQ(0, plan(REQ(.kind = KP_ADD, .n = 4096), &p, why, sizeof(why)));
	EXPECT_EQ(-ENOSPC, plan(REQ(.kind = KP_ADD, .n = 4097), &p, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "49164 bytes"));
	/* Blocks whose element counts overflow 32 bits are too big, not small. */
	EXPECT_EQ(-ENOSPC, plan(REQ(.kind = KP_STENCIL5, .tile_h = 65536, .tile_w = 65536,
				    .rect_w = 1, .rect_h = 1), &p, why, sizeof(why)));
	EXPECT_NE(NULL, strstr(why, "34359738368 bytes"));
	EXPECT_EQ(-ENOSPC, plan(REQ(.kind = KP_GEMM, .m = 65536, .n = 65536, .k = 65536,
				    .rect_w = 1, .rect_h = 1), &p, why, sizeof(why)));
	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_REDUCE_ROWS, .op = 4), &p, why, sizeof(why)));
	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_ADD, .dtype = 2), &p, why, sizeof(why)));
	EXPECT_EQ(-EINVAL, plan(REQ(.kind = KP_GEMM, .alpha = INFINITY), &p, why,
				sizeof(why)));
}

TEST(launch_arguments)
{
	uint32_t a[DRM_WSE_LAUNCH_MAX_ARGS];
	struct kp_plan p;
	char why[256];

	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMM, .dtype = WSE_FW_DTYPE_F16, .m = 64, .n = 32,
			      .k = 16, .rect_w = 2, .rect_h = 2, .alpha = 2, .beta = 0.5f),
			  &p, why, sizeof(why)));
	ASSERT_EQ(9u, kp_launch_args(&p, 0, a));
	EXPECT_EQ((uint32_t)WSE_FW_DTYPE_F16, a[0]);
	EXPECT_EQ(32u, a[1]);	/* Mt */
	EXPECT_EQ(8u, a[2]);	/* Kt */
	EXPECT_EQ(16u, a[3]);	/* Nt */
	EXPECT_EQ(0u, a[4]);
	EXPECT_EQ(32u * 8 * 2, a[5]);
	EXPECT_EQ(32u * 8 * 2 + 8 * 16 * 2, a[6]);
	EXPECT_EQ(0x40000000u, a[7]);
	EXPECT_EQ(0x3f000000u, a[8]);
	EXPECT_TRUE(p.ops[2].upload);	/* beta != 0: C is read */

	ASSERT_EQ(0, plan(REQ(.kind = KP_STENCIL5, .rect_w = 1, .rect_h = 1, .iters = 3), &p,
			  why, sizeof(why)));
	ASSERT_EQ(10u, kp_launch_args(&p, 1, a));
	EXPECT_EQ(p.ops[1].offset, a[3]);	/* odd sweeps read v ... */
	EXPECT_EQ(p.ops[0].offset, a[4]);	/* ... and write u */
	EXPECT_EQ(0x3f000000u, a[5]);		/* c_center 0.5 */

	ASSERT_EQ(0, plan(REQ(.kind = KP_ALLREDUCE, .op = WSE_REDUCE_MAXABS, .n = 5), &p, why,
			  sizeof(why)));
	ASSERT_EQ(5u, kp_launch_args(&p, 0, a));
	EXPECT_EQ(5u, a[1]);
	EXPECT_EQ((uint32_t)WSE_REDUCE_MAXABS, a[2]);
}

TEST(flops_and_tolerance)
{
	struct kp_plan p;
	char why[256], text[160];

	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMM, .m = 1024, .n = 1024, .k = 1024), &p, why,
			  sizeof(why)));
	EXPECT_EQ(2.0 * 1024 * 1024 * 1024, kp_flops(&p));
	EXPECT_EQ(1024u, kp_terms(&p));
	EXPECT_LT(fabs(kp_tolerance(&p) - 3.2e-4), 1e-12);
	kp_tolerance_text(&p, text, sizeof(text));
	EXPECT_NE(NULL, strstr(text, "sqrt(1024 terms)"));
	ASSERT_EQ(0, plan(REQ(.kind = KP_STENCIL5, .dtype = WSE_FW_DTYPE_F16, .rect_w = 2,
			      .rect_h = 2, .tile_h = 8, .tile_w = 8, .iters = 10), &p, why,
			  sizeof(why)));
	EXPECT_EQ(9.0 * 256 * 10, kp_flops(&p));
	EXPECT_LT(fabs(kp_tolerance(&p) - (1e-2 + 1e-5 * sqrt(50))), 1e-12);
	ASSERT_EQ(0, plan(REQ(.kind = KP_REDUCE_ROWS, .op = WSE_REDUCE_MIN, .rect_w = 5,
			      .rect_h = 2, .n = 3), &p, why, sizeof(why)));
	EXPECT_EQ(0.0, kp_tolerance(&p));
	EXPECT_EQ(2.0 * 4 * 3, kp_flops(&p));
}

/* fp16 results near zero are subnormal: their rounding is absolute, not relative. */
TEST(f16_subnormal_results)
{
	float x = 0x1.004p-10f, y = 0x1.004p-10f, out;
	float *in[KP_MAX_OPERANDS] = { &x, &y, NULL };
	struct kp_check res;
	struct kp_plan p;
	char why[256];

	ASSERT_EQ(0, plan(REQ(.kind = KP_MUL, .dtype = WSE_FW_DTYPE_F16, .n = 1, .rect_w = 1,
			      .rect_h = 1), &p, why, sizeof(why)));
	/* What the device stores: the product rounded to a multiple of 2^-24. */
	out = wse_f16_to_f32(wse_f32_to_f16(x * y));
	ASSERT_NE(x * y, out);
	EXPECT_GT(fabs(out - (double)x * y), kp_tolerance(&p) * fabs((double)x * y));
	ASSERT_EQ(0, kp_check(&p, in, &out, 1, UINT64_MAX, NULL, NULL, &res));
	EXPECT_EQ(0u, res.mismatches);
	EXPECT_EQ(0x1p-24, kp_tolerance_abs(&p));
	/* One subnormal step more is an error. */
	out += 0x1p-23f;
	ASSERT_EQ(0, kp_check(&p, in, &out, 1, UINT64_MAX, NULL, NULL, &res));
	EXPECT_EQ(1u, res.mismatches);
}

TEST(large_results_are_sampled)
{
	float *in[KP_MAX_OPERANDS] = { 0 }, *out = NULL;
	struct kp_check res;
	struct kp_plan p;
	char why[256];

	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMM, .m = 48, .n = 48, .k = 96, .rect_w = 4,
			      .rect_h = 4), &p, why, sizeof(why)));
	simulate(&p, 3, in, &out, UINT64_MAX);
	/* Room for 100 dot products of 96: 100 random results checked. */
	ASSERT_EQ(0, kp_check(&p, in, out, 3, 9600, NULL, NULL, &res));
	EXPECT_TRUE(res.sampled);
	EXPECT_EQ(100u, res.checked);
	EXPECT_EQ(48u * 48, res.total);
	EXPECT_EQ(0u, res.mismatches);
	/* A NaN is never within tolerance. */
	out[kp_logical_index(&p, 2, 0)] = NAN;
	ASSERT_EQ(0, kp_check(&p, in, out, 3, UINT64_MAX, NULL, NULL, &res));
	EXPECT_EQ(1u, res.mismatches);
	free_run(in, out);
}

TEST(describe_names_elements)
{
	struct kp_plan p;
	char why[256], buf[96];

	ASSERT_EQ(0, plan(REQ(.kind = KP_GEMM, .m = 8, .n = 6, .k = 4, .rect_w = 2,
			      .rect_h = 2), &p, why, sizeof(why)));
	kp_describe(&p, 2, 2 * 6 + 5, buf, sizeof(buf));
	EXPECT_STREQ("C[2][5]", buf);
	ASSERT_EQ(0, plan(REQ(.kind = KP_REDUCE_ROWS, .n = 10, .rect_w = 3, .rect_h = 4), &p,
			  why, sizeof(why)));
	kp_describe(&p, 1, 2 * 10 + 7, buf, sizeof(buf));
	EXPECT_STREQ("y[7] of PE row 2", buf);
	ASSERT_EQ(0, plan(REQ(.kind = KP_ADD, .n = 10, .rect_w = 3, .rect_h = 4), &p, why,
			  sizeof(why)));
	kp_describe(&p, 2, (2 * 3 + 1) * 10 + 4, buf, sizeof(buf));
	EXPECT_STREQ("z[4] of PE (1,2)", buf);
}

TEST(kind_names)
{
	enum kp_kind k;

	ASSERT_EQ(0, kp_kind_from_name("reduce_cols", &k));
	EXPECT_EQ(KP_REDUCE_COLS, k);
	EXPECT_STREQ("reduce_cols", kp_kind_name(k));
	EXPECT_EQ(-EINVAL, kp_kind_from_name("gem", &k));
	EXPECT_EQ(-EINVAL, kp_kind_from_name("", &k));
}

TEST_HARNESS_MAIN
