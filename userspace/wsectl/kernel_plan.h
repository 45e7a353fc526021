/* SPDX-License-Identifier: MIT */
/*
 * What `wsectl run` computes, without a device: the shape of a kernel's
 * problem, where each operand lives on the PEs (Documentation/
 * device-spec.rst, "Compute kernels"), the host arrays that carry them
 * there and back, the launch arguments, the floating-point work, and a
 * reference computed in double with the tolerance the result is held to.
 * Pure functions of their input, so the layouts are unit-tested on the
 * host.
 */
#ifndef WSECTL_KERNEL_PLAN_H
#define WSECTL_KERNEL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kp_kind {
	KP_GEMV,
	KP_GEMM,
	KP_ADD,
	KP_MUL,
	KP_AXPY,
	KP_RELU,
	KP_REDUCE_ROWS,
	KP_REDUCE_COLS,
	KP_REDUCE_ALL,
	KP_ALLREDUCE,
	KP_STENCIL5,
	KP_NR_KINDS,
};

#define KP_MAX_OPERANDS		3

/* What the operator asked for; 0 means "pick a default". */
struct kp_request {
	enum kp_kind kind;
	uint32_t dtype;			/* WSE_FW_DTYPE_F32 or _F16 */
	uint32_t m, n, k;		/* gemm/gemv matrix sizes; n: elements per PE */
	uint32_t rect_w, rect_h;	/* launch rectangle in PEs */
	uint32_t tile_h, tile_w;	/* stencil5 block per PE */
	uint32_t op;			/* WSE_REDUCE_* */
	uint32_t iters;			/* stencil5 sweeps */
	float alpha, beta;
	float coef[5];			/* stencil5: center, north, south, west, east */
};

/* One operand: a block of @elems elements in each PE of a sub-rectangle. */
struct kp_operand {
	const char *name;		/* "A", "x", ... as device-spec.rst names it */
	uint32_t px, py, pw, ph;	/* PEs holding it, in the launch rectangle */
	uint32_t elems;			/* per PE */
	uint32_t offset;		/* bytes, in the context's SRAM range */
	bool upload;			/* the kernel reads it */
	bool result;			/* the kernel's output, read back */
	uint32_t rows, cols;		/* logical shape, rows x cols */
};

struct kp_plan {
	struct kp_request req;		/* with the defaults filled in */
	const char *kernel;		/* name in the firmware's table */
	uint32_t esize;			/* 4 or 2 */
	uint32_t w, h;			/* launch rectangle */
	uint32_t mt, kt, nt;		/* gemm/gemv blocks; stencil: mt = Ht, nt = Wt */
	uint32_t nops;
	struct kp_operand ops[KP_MAX_OPERANDS];
	uint64_t bytes;			/* per PE, all operands, while planning */
	uint32_t sram_bytes;		/* per PE, all operands */
	uint32_t launches;		/* stencil5: one per sweep */
};

/* The kind a name on the command line means ("gemm", "reduce_rows", ...). */
int kp_kind_from_name(const char *name, enum kp_kind *kind);
const char *kp_kind_name(enum kp_kind kind);

/*
 * Fill in defaults, check the request and lay the operands out. Limits:
 * a grid of @grid_w x @grid_h PEs with @pe_sram bytes each. On failure
 * returns -EINVAL (or -ENOSPC when nothing fits) with the reason in @why.
 */
int kp_plan_make(const struct kp_request *req, uint32_t grid_w, uint32_t grid_h,
		 uint32_t pe_sram, struct kp_plan *plan, char *why, size_t why_len);

/* Elements of the host array of operand @o: pw * ph * elems. */
uint64_t kp_operand_count(const struct kp_operand *o);

/*
 * Where element @t of operand @o's host array (blocks in PE order [j][i],
 * each block in the kernel's layout) sits in the logical array (row-major
 * rows x cols).
 */
uint64_t kp_logical_index(const struct kp_plan *p, unsigned int o, uint64_t t);

/* The PE (in the launch rectangle) and element of host element @t of @o. */
void kp_host_pe(const struct kp_plan *p, unsigned int o, uint64_t t, uint32_t *pe_x,
		uint32_t *pe_y, uint32_t *elem);

/* The launch arguments of sweep @sweep (0 unless stencil5). Returns nargs. */
uint32_t kp_launch_args(const struct kp_plan *p, uint32_t sweep, uint32_t *args);

/* Floating-point operations of the whole run (all sweeps). */
double kp_flops(const struct kp_plan *p);

/* The operand read back as the result (the last one written). */
unsigned int kp_result_operand(const struct kp_plan *p);

/*
 * Random inputs: values uniform in [-1, 1), rounded to the element type
 * so that the reference sees exactly what the device does. @in[o] holds
 * kp_operand_count() floats in logical order for each uploaded operand.
 */
void kp_generate(const struct kp_plan *p, uint64_t seed, float *const *in);

/* Logical floats <-> the host array of operand @o, in the element type. */
void kp_pack(const struct kp_plan *p, unsigned int o, const float *logical, void *host);
void kp_unpack(const struct kp_plan *p, unsigned int o, const void *host, float *logical);

/*
 * The relative tolerance of the result: |got - ref| <= tol * scale, where
 * scale is the sum of the magnitudes of the terms that make up the value
 * (so cancellation does not make it meaningless). fp32: 1e-5 * sqrt(terms
 * per result); fp16: 1e-3 per rounding to fp16 on the way, plus that.
 */
double kp_tolerance(const struct kp_plan *p);
/*
 * Plus this absolute amount: the spacing of the element type's subnormals
 * once per rounding, which a relative bound cannot cover for results near
 * zero (fp16 products of small values, say).
 */
double kp_tolerance_abs(const struct kp_plan *p);
/* Terms summed per result, and the wording of the rule for reports. */
uint64_t kp_terms(const struct kp_plan *p);
void kp_tolerance_text(const struct kp_plan *p, char *buf, size_t len);

struct kp_reference;

/*
 * Prepare to compute reference values of the result from the inputs
 * (@in as kp_generate() filled them). Kernels whose results are cheap
 * precompute all of them. NULL on allocation failure.
 */
struct kp_reference *kp_reference_new(const struct kp_plan *p, float *const *in);
void kp_reference_free(struct kp_reference *ref);

/* Reference value and scale of logical result element @l, in double. */
void kp_reference_at(const struct kp_reference *ref, uint64_t l, double *value,
		     double *scale);

/* Multiply-adds one reference value costs (to decide on sampling). */
uint64_t kp_reference_cost(const struct kp_plan *p);

/* What kp_check() found. */
struct kp_check {
	uint64_t total;		/* results */
	uint64_t checked;	/* of them compared (all, or a sample) */
	bool sampled;
	uint64_t mismatches;	/* outside the tolerance, or not finite */
	double worst;		/* largest |err| / allowed among those compared */
};

/*
 * Told about each mismatch: host element @t of the result operand, which
 * is logical element @l; what was read, expected, and allowed.
 */
typedef void (*kp_mismatch_fn)(void *priv, uint64_t t, uint64_t l, double got, double ref,
			       double allowed);

/*
 * Compare the result read back (@out, logical order) with the reference
 * computed from @in. When every reference value would cost more than
 * @budget multiply-adds in all, a random sample (from @seed) that fits
 * the budget is compared instead. @fn (may be NULL) hears of each
 * mismatch. Returns 0 (@res filled in) or -ENOMEM.
 */
int kp_check(const struct kp_plan *p, float *const *in, const float *out, uint64_t seed,
	     uint64_t budget, kp_mismatch_fn fn, void *priv, struct kp_check *res);

/* "C[12][7]", "y[3]", "y[e=5] at row 2": a logical result element. */
void kp_describe(const struct kp_plan *p, unsigned int o, uint64_t l, char *buf, size_t len);

#endif /* WSECTL_KERNEL_PLAN_H */
