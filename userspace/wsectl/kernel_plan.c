// SPDX-License-Identifier: MIT
/*
 * The problems `wsectl run` gives each kernel of the firmware library,
 * laid out across PEs as Documentation/device-spec.rst ("Compute
 * kernels") says, and their references; see kernel_plan.h.
 *
 * Layouts are written as the map from an element of the host array that
 * one H2F/F2H of the operand carries (blocks in PE order [j][i]) to the
 * element of the logical matrix or vector, so packing, unpacking and
 * naming a mismatch all share one definition per kernel.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_plan.h"
#include "wse.h"

#define KP_MAX_COUNT		65536	/* an 'n' argument */

static const char *const kind_names[KP_NR_KINDS] = {
	[KP_GEMV] = "gemv",
	[KP_GEMM] = "gemm",
	[KP_ADD] = "add",
	[KP_MUL] = "mul",
	[KP_AXPY] = "axpy",
	[KP_RELU] = "relu",
	[KP_REDUCE_ROWS] = "reduce_rows",
	[KP_REDUCE_COLS] = "reduce_cols",
	[KP_REDUCE_ALL] = "reduce_all",
	[KP_ALLREDUCE] = "allreduce",
	[KP_STENCIL5] = "stencil5",
};

int kp_kind_from_name(const char *name, enum kp_kind *kind)
{
	unsigned int i;

	for (i = 0; i < KP_NR_KINDS; i++)
		if (!strcmp(kind_names[i], name)) {
			*kind = i;
			return 0;
		}
	return -EINVAL;
}

const char *kp_kind_name(enum kp_kind kind)
{
	return kind < KP_NR_KINDS ? kind_names[kind] : "?";
}

static bool is_reduction(enum kp_kind k)
{
	return k == KP_REDUCE_ROWS || k == KP_REDUCE_COLS || k == KP_REDUCE_ALL ||
	       k == KP_ALLREDUCE;
}

static bool is_elementwise(enum kp_kind k)
{
	return k == KP_ADD || k == KP_MUL || k == KP_AXPY || k == KP_RELU;
}

static int why(char *buf, size_t len, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int why(char *buf, size_t len, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return err;
}

/*
 * Add an operand of @elems elements per PE. The count is taken in 64 bits:
 * blocks of two sides up to 65536 each overflow 32, and such a plan must
 * fail on its size rather than wrap to a small one.
 */
static struct kp_operand *add_op(struct kp_plan *p, const char *name, uint32_t px,
				 uint32_t py, uint32_t pw, uint32_t ph, uint64_t elems,
				 uint32_t rows, uint32_t cols)
{
	struct kp_operand *o = &p->ops[p->nops++];

	memset(o, 0, sizeof(*o));
	o->name = name;
	o->px = px;
	o->py = py;
	o->pw = pw;
	o->ph = ph;
	o->elems = elems <= UINT32_MAX ? (uint32_t)elems : 0;
	p->bytes += elems * p->esize;
	o->rows = rows;
	o->cols = cols;
	return o;
}

/* Bytes per PE of the operands of a gemm/gemv block choice. */
static uint64_t gemm_bytes(uint64_t mt, uint64_t kt, uint64_t nt, uint32_t esize)
{
	return (mt * kt + kt * nt + mt * nt) * esize;
}

static uint64_t gemv_bytes(uint64_t mt, uint64_t nt, uint32_t esize)
{
	return (mt * nt + nt + mt) * esize;
}

static int plan_gemm(struct kp_plan *p, uint32_t grid_w, uint32_t grid_h, uint32_t pe_sram,
		     char *w, size_t wl)
{
	struct kp_request *r = &p->req;
	uint32_t pes, max = grid_w < grid_h ? grid_w : grid_h;

	if (r->rect_w || r->rect_h) {
		if (r->rect_w != r->rect_h)
			return why(w, wl, -EINVAL, "gemm runs on a square rectangle of P x P "
				   "PEs; %ux%u is not square", r->rect_w, r->rect_h);
		pes = r->rect_w;
		if (r->m % pes || r->k % pes || r->n % pes)
			return why(w, wl, -EINVAL, "gemm on %ux%u PEs needs M, K and N to be "
				   "multiples of %u (M = P x Mt); M=%u K=%u N=%u", pes, pes,
				   pes, r->m, r->k, r->n);
	} else {
		/* The fewest PEs that hold the blocks: the densest layout. */
		for (pes = 1; pes <= max; pes++)
			if (!(r->m % pes) && !(r->k % pes) && !(r->n % pes) &&
			    r->m / pes <= KP_MAX_COUNT && r->k / pes <= KP_MAX_COUNT &&
			    r->n / pes <= KP_MAX_COUNT &&
			    gemm_bytes(r->m / pes, r->k / pes, r->n / pes, p->esize) <= pe_sram)
				break;
		if (pes > max)
			return why(w, wl, -ENOSPC, "gemm M=%u K=%u N=%u: no P x P rectangle "
				   "up to %ux%u has P dividing M, K and N with the blocks "
				   "(Mt x Kt + Kt x Nt + Mt x Nt elements) fitting a PE's %u "
				   "bytes", r->m, r->k, r->n, max, max, pe_sram);
	}
	p->w = p->h = pes;
	p->mt = r->m / pes;
	p->kt = r->k / pes;
	p->nt = r->n / pes;
	add_op(p, "A", 0, 0, pes, pes, (uint64_t)p->mt * p->kt, r->m, r->k)->upload = true;
	add_op(p, "B", 0, 0, pes, pes, (uint64_t)p->kt * p->nt, r->k, r->n)->upload = true;
	add_op(p, "C", 0, 0, pes, pes, (uint64_t)p->mt * p->nt, r->m, r->n)->result = true;
	/* With beta 0 the kernel does not read C. */
	p->ops[2].upload = r->beta != 0;
	return 0;
}

static int plan_gemv(struct kp_plan *p, uint32_t grid_w, uint32_t grid_h, uint32_t pe_sram,
		     char *w, size_t wl)
{
	struct kp_request *r = &p->req;
	uint32_t pw, ph, max = grid_w < grid_h ? grid_w : grid_h;

	if (r->rect_w || r->rect_h) {
		pw = r->rect_w;
		ph = r->rect_h;
		if (r->n % pw || r->m % ph)
			return why(w, wl, -EINVAL, "gemv on %ux%u PEs needs N to be a multiple "
				   "of the width and M of the height (N = w x Nt, M = h x Mt); "
				   "M=%u N=%u", pw, ph, r->m, r->n);
	} else {
		for (pw = 1; pw <= max; pw++)
			if (!(r->m % pw) && !(r->n % pw) && r->m / pw <= KP_MAX_COUNT &&
			    r->n / pw <= KP_MAX_COUNT &&
			    gemv_bytes(r->m / pw, r->n / pw, p->esize) <= pe_sram)
				break;
		if (pw > max)
			return why(w, wl, -ENOSPC, "gemv M=%u N=%u: no P x P rectangle up to "
				   "%ux%u has P dividing M and N with the blocks fitting a "
				   "PE's %u bytes", r->m, r->n, max, max, pe_sram);
		ph = pw;
	}
	p->w = pw;
	p->h = ph;
	p->mt = r->m / ph;
	p->nt = r->n / pw;
	add_op(p, "A", 0, 0, pw, ph, (uint64_t)p->mt * p->nt, r->m, r->n)->upload = true;
	/* x enters along the north row; y leaves from the east column. */
	add_op(p, "x", 0, 0, pw, 1, p->nt, 1, r->n)->upload = true;
	add_op(p, "y", pw - 1, 0, 1, ph, p->mt, 1, r->m)->result = true;
	p->ops[2].upload = r->beta != 0;
	return 0;
}

static void plan_elementwise(struct kp_plan *p)
{
	uint32_t w = p->w, h = p->h, n = p->req.n, pes = w * h;

	switch (p->req.kind) {
	case KP_ADD:
	case KP_MUL:
		add_op(p, "x", 0, 0, w, h, n, pes, n)->upload = true;
		add_op(p, "y", 0, 0, w, h, n, pes, n)->upload = true;
		add_op(p, "z", 0, 0, w, h, n, pes, n)->result = true;
		break;
	case KP_AXPY:
		add_op(p, "x", 0, 0, w, h, n, pes, n)->upload = true;
		add_op(p, "y", 0, 0, w, h, n, pes, n)->upload = true;
		p->ops[1].result = true;	/* y is read and written */
		break;
	default:	/* relu */
		add_op(p, "x", 0, 0, w, h, n, pes, n)->upload = true;
		add_op(p, "y", 0, 0, w, h, n, pes, n)->result = true;
		break;
	}
}

static void plan_reduction(struct kp_plan *p)
{
	uint32_t w = p->w, h = p->h, n = p->req.n;

	add_op(p, "x", 0, 0, w, h, n, w * h, n)->upload = true;
	switch (p->req.kind) {
	case KP_REDUCE_ROWS:	/* the east PE of each row */
		add_op(p, "y", w - 1, 0, 1, h, n, h, n);
		break;
	case KP_REDUCE_COLS:	/* the north PE of each column */
		add_op(p, "y", 0, 0, w, 1, n, w, n);
		break;
	case KP_REDUCE_ALL:	/* the north-east PE */
		add_op(p, "y", w - 1, 0, 1, 1, n, 1, n);
		break;
	default:		/* allreduce: every PE */
		add_op(p, "y", 0, 0, w, h, n, w * h, n);
		break;
	}
	p->ops[1].result = true;
}

static void plan_stencil(struct kp_plan *p)
{
	uint32_t w = p->w, h = p->h, ht = p->req.tile_h, wt = p->req.tile_w;

	p->mt = ht;
	p->nt = wt;
	add_op(p, "u", 0, 0, w, h, (uint64_t)ht * wt, h * ht, w * wt)->upload = true;
	add_op(p, "v", 0, 0, w, h, (uint64_t)ht * wt, h * ht, w * wt);
	/* Sweeps alternate u -> v and v -> u. */
	p->ops[p->req.iters % 2 ? 1 : 0].result = true;
	p->launches = p->req.iters;
}

static void fill_defaults(struct kp_request *r, uint32_t grid_w, uint32_t grid_h)
{
	static const float coef[5] = { 0.5f, 0.125f, 0.125f, 0.125f, 0.125f };
	uint32_t size = r->kind == KP_GEMM ? 256 : 1024;

	if (r->kind == KP_GEMM || r->kind == KP_GEMV) {
		/* A size given for one dimension is the default of the others. */
		if (r->m || r->n || r->k)
			size = r->m ? r->m : r->n ? r->n : r->k;
		if (!r->m)
			r->m = size;
		if (!r->n)
			r->n = size;
		if (!r->k && r->kind == KP_GEMM)
			r->k = size;
		return;
	}
	if (!r->rect_w) {
		r->rect_w = grid_w < 4 ? grid_w : 4;
		r->rect_h = grid_h < 4 ? grid_h : 4;
	}
	if (!r->n)
		r->n = 1024;
	if (r->kind == KP_STENCIL5) {
		if (!r->tile_h)
			r->tile_h = r->tile_w = 32;
		if (!r->iters)
			r->iters = 1;
		if (r->coef[0] == 0 && r->coef[1] == 0 && r->coef[2] == 0 && r->coef[3] == 0 &&
		    r->coef[4] == 0)
			memcpy(r->coef, coef, sizeof(coef));
	}
}

int kp_plan_make(const struct kp_request *req, uint32_t grid_w, uint32_t grid_h,
		 uint32_t pe_sram, struct kp_plan *p, char *w, size_t wl)
{
	struct kp_request *r = &p->req;
	uint64_t bytes = 0;
	unsigned int i;
	int ret = 0;

	memset(p, 0, sizeof(*p));
	p->req = *req;
	if (r->kind >= KP_NR_KINDS)
		return why(w, wl, -EINVAL, "unknown kernel");
	if (r->dtype != WSE_FW_DTYPE_F32 && r->dtype != WSE_FW_DTYPE_F16)
		return why(w, wl, -EINVAL, "unknown element type %u", r->dtype);
	if (!isfinite(r->alpha) || !isfinite(r->beta))
		return why(w, wl, -EINVAL, "alpha and beta must be finite");
	fill_defaults(r, grid_w, grid_h);
	p->kernel = kind_names[r->kind];
	p->esize = r->dtype == WSE_FW_DTYPE_F16 ? 2 : 4;
	p->launches = 1;
	if ((r->rect_w && r->rect_w > grid_w) || (r->rect_h && r->rect_h > grid_h))
		return why(w, wl, -EINVAL, "a %ux%u rectangle does not fit the device's %ux%u "
			   "grid", r->rect_w, r->rect_h, grid_w, grid_h);

	if (r->kind == KP_GEMM) {
		ret = plan_gemm(p, grid_w, grid_h, pe_sram, w, wl);
	} else if (r->kind == KP_GEMV) {
		ret = plan_gemv(p, grid_w, grid_h, pe_sram, w, wl);
	} else {
		p->w = r->rect_w;
		p->h = r->rect_h;
		if (r->kind == KP_STENCIL5) {
			if (r->tile_h > KP_MAX_COUNT || r->tile_w > KP_MAX_COUNT)
				return why(w, wl, -EINVAL, "a tile side is at most %u",
					   KP_MAX_COUNT);
			plan_stencil(p);
		} else if (r->n > KP_MAX_COUNT) {
			return why(w, wl, -EINVAL, "%s takes at most %u elements per PE (--n)",
				   p->kernel, KP_MAX_COUNT);
		} else if (is_elementwise(r->kind)) {
			plan_elementwise(p);
		} else {
			if (r->op > WSE_REDUCE_MAXABS)
				return why(w, wl, -EINVAL, "unknown reduction operator %u",
					   r->op);
			plan_reduction(p);
		}
	}
	if (ret)
		return ret;
	if (p->mt > KP_MAX_COUNT || p->kt > KP_MAX_COUNT || p->nt > KP_MAX_COUNT)
		return why(w, wl, -EINVAL, "a block side (Mt, Kt, Nt) is at most %u; use more "
			   "PEs", KP_MAX_COUNT);
	if (p->bytes > pe_sram)
		return why(w, wl, -ENOSPC, "the operands need %llu bytes in each PE; a PE has "
			   "%u", (unsigned long long)p->bytes, pe_sram);
	/* One operand after the other, at the same offsets in every PE. */
	for (i = 0; i < p->nops; i++) {
		p->ops[i].offset = (uint32_t)bytes;
		bytes += (uint64_t)p->ops[i].elems * p->esize;
	}
	p->sram_bytes = (uint32_t)bytes;
	return 0;
}

uint64_t kp_operand_count(const struct kp_operand *o)
{
	return (uint64_t)o->pw * o->ph * o->elems;
}

void kp_host_pe(const struct kp_plan *p, unsigned int o, uint64_t t, uint32_t *pe_x,
		uint32_t *pe_y, uint32_t *elem)
{
	const struct kp_operand *op = &p->ops[o];
	uint64_t blk = t / op->elems;

	*pe_x = op->px + (uint32_t)(blk % op->pw);
	*pe_y = op->py + (uint32_t)(blk / op->pw);
	*elem = (uint32_t)(t % op->elems);
}

/*
 * Block (r, c) of a matrix with @cols columns, R x C, element (a, b) of
 * the block: its index in the row-major matrix.
 */
static uint64_t block_elem(uint64_t r, uint64_t c, uint64_t R, uint64_t C, uint64_t a,
			   uint64_t b, uint64_t cols)
{
	return (r * R + a) * cols + c * C + b;
}

uint64_t kp_logical_index(const struct kp_plan *p, unsigned int o, uint64_t t)
{
	const struct kp_operand *op = &p->ops[o];
	uint64_t e = t % op->elems, blk = t / op->elems;
	uint64_t i = blk % op->pw, j = blk / op->pw;

	switch (p->req.kind) {
	case KP_GEMM:
		/* PE (i, j) holds block (j, i), column-major: (a, b) at b * R + a. */
		switch (o) {
		case 0:	/* A: Mt x Kt */
			return block_elem(j, i, p->mt, p->kt, e % p->mt, e / p->mt, p->req.k);
		case 1:	/* B: Kt x Nt */
			return block_elem(j, i, p->kt, p->nt, e % p->kt, e / p->kt, p->req.n);
		default:	/* C: Mt x Nt */
			return block_elem(j, i, p->mt, p->nt, e % p->mt, e / p->mt, p->req.n);
		}
	case KP_GEMV:
		/* A in row-major Mt x Nt blocks; x and y are the vectors as they are. */
		if (o == 0)
			return block_elem(j, i, p->mt, p->nt, e / p->nt, e % p->nt, p->req.n);
		return t;
	case KP_STENCIL5:
		return block_elem(j, i, p->mt, p->nt, e / p->nt, e % p->nt,
				  (uint64_t)p->w * p->nt);
	default:
		/* Per-PE arrays: the host array [j][i][e] is the logical one. */
		return t;
	}
}

unsigned int kp_result_operand(const struct kp_plan *p)
{
	unsigned int i;

	for (i = 0; i < p->nops; i++)
		if (p->ops[i].result)
			return i;
	return p->nops - 1;
}

uint32_t kp_launch_args(const struct kp_plan *p, uint32_t sweep, uint32_t *a)
{
	const struct kp_request *r = &p->req;
	const struct kp_operand *o = p->ops;
	uint32_t n = 0, i;

	a[n++] = r->dtype;
	switch (r->kind) {
	case KP_GEMV:
		a[n++] = p->mt;
		a[n++] = p->nt;
		a[n++] = o[0].offset;
		a[n++] = o[1].offset;
		a[n++] = o[2].offset;
		a[n++] = wse_arg_f32(r->alpha);
		a[n++] = wse_arg_f32(r->beta);
		break;
	case KP_GEMM:
		a[n++] = p->mt;
		a[n++] = p->kt;
		a[n++] = p->nt;
		a[n++] = o[0].offset;
		a[n++] = o[1].offset;
		a[n++] = o[2].offset;
		a[n++] = wse_arg_f32(r->alpha);
		a[n++] = wse_arg_f32(r->beta);
		break;
	case KP_ADD:
	case KP_MUL:
		a[n++] = r->n;
		a[n++] = o[0].offset;
		a[n++] = o[1].offset;
		a[n++] = o[2].offset;
		break;
	case KP_AXPY:
		a[n++] = r->n;
		a[n++] = wse_arg_f32(r->alpha);
		a[n++] = o[0].offset;
		a[n++] = o[1].offset;
		break;
	case KP_RELU:
		a[n++] = r->n;
		a[n++] = o[0].offset;
		a[n++] = o[1].offset;
		break;
	case KP_STENCIL5:
		a[n++] = p->mt;
		a[n++] = p->nt;
		a[n++] = o[sweep % 2].offset;
		a[n++] = o[(sweep + 1) % 2].offset;
		for (i = 0; i < 5; i++)
			a[n++] = wse_arg_f32(r->coef[i]);
		break;
	default:	/* reductions */
		a[n++] = r->n;
		a[n++] = r->op;
		a[n++] = o[0].offset;
		a[n++] = o[1].offset;
		break;
	}
	return n;
}

double kp_flops(const struct kp_plan *p)
{
	const struct kp_request *r = &p->req;
	double pes = (double)p->w * p->h, n = r->n;

	switch (r->kind) {
	case KP_GEMM:
		return 2.0 * r->m * r->n * r->k;
	case KP_GEMV:
		return 2.0 * r->m * r->n;
	case KP_AXPY:
		return 2.0 * pes * n;
	case KP_ADD:
	case KP_MUL:
	case KP_RELU:
		return pes * n;
	case KP_REDUCE_ROWS:
		return (double)p->h * (p->w - 1) * n;
	case KP_REDUCE_COLS:
		return (double)p->w * (p->h - 1) * n;
	case KP_STENCIL5:
		/* Five products and four sums per point and sweep. */
		return 9.0 * pes * p->mt * p->nt * r->iters;
	default:	/* reduce_all, allreduce: every value combined once */
		return (pes - 1) * n;
	}
}

/* splitmix64: reproducible streams from a seed. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A value of the element type: uniform in [-1, 1), on a 2^-23 grid. */
static float to_dtype(const struct kp_plan *p, float v)
{
	return p->esize == 2 ? wse_f16_to_f32(wse_f32_to_f16(v)) : v;
}

void kp_generate(const struct kp_plan *p, uint64_t seed, float *const *in)
{
	unsigned int o;
	uint64_t i, n, state;

	for (o = 0; o < p->nops; o++) {
		if (!p->ops[o].upload)
			continue;
		state = seed * 0x100000001b3ull + o + 1;
		n = kp_operand_count(&p->ops[o]);
		for (i = 0; i < n; i++) {
			float v = (float)(next_random(&state) >> 40) * 0x1p-23f - 1.0f;

			in[o][i] = to_dtype(p, v);
		}
	}
}

void kp_pack(const struct kp_plan *p, unsigned int o, const float *logical, void *host)
{
	uint64_t t, n = kp_operand_count(&p->ops[o]);

	for (t = 0; t < n; t++) {
		float v = logical[kp_logical_index(p, o, t)];

		if (p->esize == 2)
			((uint16_t *)host)[t] = wse_f32_to_f16(v);
		else
			((float *)host)[t] = v;
	}
}

void kp_unpack(const struct kp_plan *p, unsigned int o, const void *host, float *logical)
{
	uint64_t t, n = kp_operand_count(&p->ops[o]);

	for (t = 0; t < n; t++)
		logical[kp_logical_index(p, o, t)] = p->esize == 2 ?
			wse_f16_to_f32(((const uint16_t *)host)[t]) : ((const float *)host)[t];
}

uint64_t kp_terms(const struct kp_plan *p)
{
	const struct kp_request *r = &p->req;

	switch (r->kind) {
	case KP_GEMM:
		return r->k + (r->beta != 0);
	case KP_GEMV:
		return r->n + (r->beta != 0);
	case KP_ADD:
	case KP_AXPY:
		return 2;
	case KP_REDUCE_ROWS:
		return p->w;
	case KP_REDUCE_COLS:
		return p->h;
	case KP_REDUCE_ALL:
	case KP_ALLREDUCE:
		return (uint64_t)p->w * p->h;
	case KP_STENCIL5:
		return 5ull * r->iters;
	default:	/* mul, relu */
		return 1;
	}
}

/* Results that are one of the inputs (relu, max, min, |x|) are exact. */
static bool exact_result(const struct kp_plan *p)
{
	return p->req.kind == KP_RELU || (is_reduction(p->req.kind) && p->req.op != WSE_REDUCE_SUM);
}

/* Roundings to fp16 a result goes through: one per stencil sweep. */
static uint32_t f16_roundings(const struct kp_plan *p)
{
	return p->req.kind == KP_STENCIL5 ? p->req.iters : 1;
}

double kp_tolerance(const struct kp_plan *p)
{
	double tol = 1e-5 * sqrt((double)kp_terms(p));

	if (exact_result(p))
		return 0;
	if (p->esize == 2)
		tol += 1e-3 * f16_roundings(p);
	return tol;
}

double kp_tolerance_abs(const struct kp_plan *p)
{
	if (exact_result(p))
		return 0;
	return (p->esize == 2 ? 0x1p-24 : 0x1p-149) * f16_roundings(p);
}

void kp_tolerance_text(const struct kp_plan *p, char *buf, size_t len)
{
	if (exact_result(p)) {
		snprintf(buf, len, "exact: each result is one of the inputs");
		return;
	}
	if (p->esize == 2)
		snprintf(buf, len, "|err| <= %.3g x sum|terms| + %.3g (fp16: 1e-3 per rounding "
			 "to fp16 x %u + 1e-5 x sqrt(%llu terms); 2^-24 per rounding)",
			 kp_tolerance(p), kp_tolerance_abs(p), f16_roundings(p),
			 (unsigned long long)kp_terms(p));
	else
		snprintf(buf, len, "|err| <= %.3g x sum|terms| + 2^-149 (fp32: 1e-5 x "
			 "sqrt(%llu terms))", kp_tolerance(p), (unsigned long long)kp_terms(p));
}

struct kp_reference {
	const struct kp_plan *p;
	const float *in[KP_MAX_OPERANDS];
	double *value, *scale;	/* precomputed results, or NULL */
};

static void combine(uint32_t op, double v, bool first, double *acc, double *scale)
{
	if (op == WSE_REDUCE_MAXABS)
		v = fabs(v);
	if (first)
		*acc = v;
	else if (op == WSE_REDUCE_SUM)
		*acc += v;
	else if (op == WSE_REDUCE_MIN)
		*acc = v < *acc ? v : *acc;
	else
		*acc = v > *acc ? v : *acc;
	*scale += fabs(v);
}

/* Reduction result @l: element e of output row @row. */
static void reduce_at(const struct kp_reference *ref, uint64_t l, double *value, double *scale)
{
	const struct kp_plan *p = ref->p;
	uint32_t n = p->req.n, e = (uint32_t)(l % n), row = (uint32_t)(l / n);
	uint32_t i0 = 0, i1 = p->w, j0 = 0, j1 = p->h, i, j;
	const float *x = ref->in[0];
	bool first = true;

	if (p->req.kind == KP_REDUCE_ROWS) {
		j0 = row;
		j1 = row + 1;
	} else if (p->req.kind == KP_REDUCE_COLS) {
		i0 = row;
		i1 = row + 1;
	}
	*value = 0;
	*scale = 0;
	for (j = j0; j < j1; j++)
		for (i = i0; i < i1; i++) {
			combine(p->req.op, x[((uint64_t)j * p->w + i) * n + e], first, value,
				scale);
			first = false;
		}
}

/* Every sweep in double; scale follows the same sweeps with |coef| and |u|. */
static int stencil_reference(struct kp_reference *ref)
{
	const struct kp_plan *p = ref->p;
	uint64_t rows = (uint64_t)p->h * p->mt, cols = (uint64_t)p->w * p->nt, n = rows * cols;
	double *u = ref->value, *s = ref->scale, *nu, *ns;
	const float *c = p->req.coef;
	uint64_t r, q, i;
	uint32_t it;

	nu = malloc(n * sizeof(*nu));
	ns = malloc(n * sizeof(*ns));
	if (!nu || !ns) {
		free(nu);
		free(ns);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		u[i] = ref->in[0][i];
		s[i] = fabs(u[i]);
	}
	for (it = 0; it < p->req.iters; it++) {
		for (r = 0; r < rows; r++)
			for (q = 0; q < cols; q++) {
				uint64_t k = r * cols + q;
				double v = c[0] * u[k], a = fabs(c[0]) * s[k];

				if (r > 0) {
					v += c[1] * u[k - cols];
					a += fabs(c[1]) * s[k - cols];
				}
				if (r + 1 < rows) {
					v += c[2] * u[k + cols];
					a += fabs(c[2]) * s[k + cols];
				}
				if (q > 0) {
					v += c[3] * u[k - 1];
					a += fabs(c[3]) * s[k - 1];
				}
				if (q + 1 < cols) {
					v += c[4] * u[k + 1];
					a += fabs(c[4]) * s[k + 1];
				}
				nu[k] = v;
				ns[k] = a;
			}
		memcpy(u, nu, n * sizeof(*u));
		memcpy(s, ns, n * sizeof(*s));
	}
	free(nu);
	free(ns);
	return 0;
}

static void elementwise_at(const struct kp_reference *ref, uint64_t l, double *value,
			   double *scale)
{
	const struct kp_plan *p = ref->p;
	double x = ref->in[0][l], y = p->req.kind == KP_RELU ? 0 : ref->in[1][l];
	double alpha = p->req.alpha;

	switch (p->req.kind) {
	case KP_ADD:
		*value = x + y;
		*scale = fabs(x) + fabs(y);
		break;
	case KP_MUL:
		*value = x * y;
		*scale = fabs(x * y);
		break;
	case KP_AXPY:
		*value = alpha * x + y;
		*scale = fabs(alpha * x) + fabs(y);
		break;
	default:	/* relu */
		*value = x < 0 ? 0 : x;
		*scale = 0;
		break;
	}
}

static void dot_at(const struct kp_reference *ref, uint64_t l, double *value, double *scale)
{
	const struct kp_plan *p = ref->p;
	const struct kp_request *r = &p->req;
	const float *a = ref->in[0], *b = ref->in[1], *c0 = ref->in[2];
	double sum = 0, mag = 0, t;
	uint64_t row, col, k;

	if (r->kind == KP_GEMM) {
		row = l / r->n;
		col = l % r->n;
		for (k = 0; k < r->k; k++) {
			t = (double)a[row * r->k + k] * b[k * r->n + col];
			sum += t;
			mag += fabs(t);
		}
	} else {
		row = l;
		for (k = 0; k < r->n; k++) {
			t = (double)a[row * r->n + k] * b[k];
			sum += t;
			mag += fabs(t);
		}
	}
	*value = r->alpha * sum;
	*scale = fabs(r->alpha) * mag;
	if (r->beta != 0) {
		*value += (double)r->beta * c0[l];
		*scale += fabs((double)r->beta * c0[l]);
	}
}

struct kp_reference *kp_reference_new(const struct kp_plan *p, float *const *in)
{
	struct kp_reference *ref = calloc(1, sizeof(*ref));
	uint64_t n;
	unsigned int o;

	if (!ref)
		return NULL;
	ref->p = p;
	for (o = 0; o < p->nops; o++)
		ref->in[o] = p->ops[o].upload ? in[o] : NULL;
	if (p->req.kind != KP_STENCIL5)
		return ref;
	n = (uint64_t)p->h * p->mt * p->w * p->nt;
	ref->value = malloc(n * sizeof(double));
	ref->scale = malloc(n * sizeof(double));
	if (!ref->value || !ref->scale || stencil_reference(ref)) {
		kp_reference_free(ref);
		return NULL;
	}
	return ref;
}

void kp_reference_free(struct kp_reference *ref)
{
	if (!ref)
		return;
	free(ref->value);
	free(ref->scale);
	free(ref);
}

void kp_reference_at(const struct kp_reference *ref, uint64_t l, double *value, double *scale)
{
	enum kp_kind k = ref->p->req.kind;

	if (k == KP_STENCIL5) {
		*value = ref->value[l];
		*scale = ref->scale[l];
	} else if (k == KP_GEMM || k == KP_GEMV) {
		dot_at(ref, l, value, scale);
	} else if (is_reduction(k)) {
		reduce_at(ref, k == KP_ALLREDUCE ? l % ref->p->req.n : l, value, scale);
		if (exact_result(ref->p))
			*scale = 0;
	} else {
		elementwise_at(ref, l, value, scale);
	}
}

uint64_t kp_reference_cost(const struct kp_plan *p)
{
	switch (p->req.kind) {
	case KP_GEMM:
		return p->req.k;
	case KP_GEMV:
		return p->req.n;
	default:
		return kp_terms(p);
	}
}

void kp_describe(const struct kp_plan *p, unsigned int o, uint64_t l, char *buf, size_t len)
{
	const struct kp_operand *op = &p->ops[o];
	enum kp_kind k = p->req.kind;
	uint32_t n = p->req.n;

	if (k == KP_GEMM || k == KP_STENCIL5 || (k == KP_GEMV && o == 0))
		snprintf(buf, len, "%s[%llu][%llu]", op->name, (unsigned long long)(l / op->cols),
			 (unsigned long long)(l % op->cols));
	else if (k == KP_GEMV)
		snprintf(buf, len, "%s[%llu]", op->name, (unsigned long long)l);
	else if (k == KP_REDUCE_ROWS && o == 1)
		snprintf(buf, len, "%s[%llu] of PE row %llu", op->name,
			 (unsigned long long)(l % n), (unsigned long long)(l / n));
	else if (k == KP_REDUCE_COLS && o == 1)
		snprintf(buf, len, "%s[%llu] of PE column %llu", op->name,
			 (unsigned long long)(l % n), (unsigned long long)(l / n));
	else if (k == KP_REDUCE_ALL && o == 1)
		snprintf(buf, len, "%s[%llu]", op->name, (unsigned long long)l);
	else
		snprintf(buf, len, "%s[%llu] of PE (%llu,%llu)", op->name,
			 (unsigned long long)(l % n), (unsigned long long)(l / n % p->w),
			 (unsigned long long)(l / n / p->w));
}

int kp_check(const struct kp_plan *p, float *const *in, const float *out, uint64_t seed,
	     uint64_t budget, kp_mismatch_fn fn, void *priv, struct kp_check *res)
{
	unsigned int o = kp_result_operand(p);
	uint64_t n = kp_operand_count(&p->ops[o]), cost = kp_reference_cost(p);
	uint64_t i, t, l, state = seed ^ 0x5eedull;
	double tol = kp_tolerance(p), abs_tol = kp_tolerance_abs(p), ref, scale, err, allowed;
	struct kp_reference *r;

	r = kp_reference_new(p, in);
	if (!r)
		return -ENOMEM;
	memset(res, 0, sizeof(*res));
	res->total = n;
	res->checked = n;
	if (cost && n > budget / cost) {
		res->checked = budget / cost ? budget / cost : 1;
		res->sampled = true;
	}
	for (i = 0; i < res->checked; i++) {
		t = res->sampled ? next_random(&state) % n : i;
		l = kp_logical_index(p, o, t);
		kp_reference_at(r, l, &ref, &scale);
		err = fabs((double)out[l] - ref);
		allowed = tol * scale + abs_tol;
		if (allowed > 0 && err / allowed > res->worst)
			res->worst = err / allowed;
		if (isfinite(out[l]) && err <= allowed)
			continue;
		res->mismatches++;
		if (fn)
			fn(priv, t, l, out[l], ref, allowed);
	}
	kp_reference_free(r);
	return 0;
}
