// SPDX-License-Identifier: MIT
/*
 * wsectl run: run one kernel of the firmware's library on random data,
 * laid out across PEs as Documentation/device-spec.rst says, and report
 * its throughput; with --verify, check the result against a reference
 * computed on the host in double. kernel_plan.c knows the kernels; this
 * file moves the data and talks to the operator.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "kernel_plan.h"
#include "wse_hw.h"
#include "wsectl.h"

enum {
	OPT_M = 0x100,
	OPT_N,
	OPT_K,
	OPT_SIZE,
	OPT_PES,
	OPT_RECT,
	OPT_TILE,
	OPT_OP,
	OPT_ITERS,
	OPT_DTYPE,
	OPT_ALPHA,
	OPT_BETA,
	OPT_COEF,
	OPT_SEED,
	OPT_VERIFY,
};

/* Options given, so those that do not apply to the kernel can be refused. */
#define GIVEN(opt)	(1u << ((opt) - OPT_M))

struct run_args {
	struct kp_request req;
	uint32_t x, y;		/* --rect X,Y,... */
	uint64_t seed;
	bool verify;
	uint32_t given;
};

static const struct option run_long[] = {
	{ "m", required_argument, NULL, OPT_M },
	{ "n", required_argument, NULL, OPT_N },
	{ "k", required_argument, NULL, OPT_K },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "pes", required_argument, NULL, OPT_PES },
	{ "rect", required_argument, NULL, OPT_RECT },
	{ "tile", required_argument, NULL, OPT_TILE },
	{ "op", required_argument, NULL, OPT_OP },
	{ "iters", required_argument, NULL, OPT_ITERS },
	{ "dtype", required_argument, NULL, OPT_DTYPE },
	{ "alpha", required_argument, NULL, OPT_ALPHA },
	{ "beta", required_argument, NULL, OPT_BETA },
	{ "coef", required_argument, NULL, OPT_COEF },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ NULL, 0, NULL, 0 },
};

static const char *const op_names[] = {
	[WSE_REDUCE_SUM] = "sum",
	[WSE_REDUCE_MAX] = "max",
	[WSE_REDUCE_MIN] = "min",
	[WSE_REDUCE_MAXABS] = "maxabs",
};

static int bad_value(struct wsectl *ctx, const char *opt, const char *arg, const char *want)
{
	wsectl_err(ctx, "run: --%s '%s': expected %s", opt, arg, want);
	return WSECTL_EXIT_USAGE;
}

/* A dimension: 1 to 2^31, so products of two of them stay exact in double. */
static int dim(struct wsectl *ctx, const char *opt, const char *arg, uint32_t *out)
{
	uint64_t v;

	if (!wsectl_parse_uint(arg, 1u << 31, &v, NULL) || !v)
		return bad_value(ctx, opt, arg, "a number of at least 1");
	*out = (uint32_t)v;
	return 0;
}

static int run_option(struct wsectl *ctx, int opt, const char *arg, void *priv)
{
	struct run_args *a = priv;
	struct kp_request *r = &a->req;
	uint64_t v[5];
	unsigned int i;
	int n;

	a->given |= GIVEN(opt);
	switch (opt) {
	case OPT_M:
		return dim(ctx, "m", arg, &r->m);
	case OPT_N:
		return dim(ctx, "n", arg, &r->n);
	case OPT_K:
		return dim(ctx, "k", arg, &r->k);
	case OPT_SIZE:
		if (dim(ctx, "size", arg, &r->m))
			return WSECTL_EXIT_USAGE;
		r->n = r->k = r->m;
		return 0;
	case OPT_PES:
		if (dim(ctx, "pes", arg, &r->rect_w) || r->rect_w > UINT16_MAX)
			return bad_value(ctx, "pes", arg, "a number of PEs a side, 1 to 65535");
		r->rect_h = r->rect_w;
		return 0;
	case OPT_RECT:
		n = wsectl_parse_uint_list(arg, UINT16_MAX, v, 4);
		if ((n != 2 && n != 4) || !v[n - 2] || !v[n - 1])
			return bad_value(ctx, "rect", arg, "W,H or X,Y,W,H (numbers up to 65535, "
					 "W and H at least 1)");
		a->x = n == 4 ? v[0] : 0;
		a->y = n == 4 ? v[1] : 0;
		r->rect_w = v[n - 2];
		r->rect_h = v[n - 1];
		return 0;
	case OPT_TILE:
		n = wsectl_parse_uint_list(arg, UINT32_MAX, v, 2);
		if (n < 1 || !v[0] || !v[n - 1])
			return bad_value(ctx, "tile", arg, "HT,WT or one number for both, at "
					 "least 1");
		r->tile_h = v[0];
		r->tile_w = v[n - 1];
		return 0;
	case OPT_OP:
		for (i = 0; i < ARRAY_SIZE(op_names); i++)
			if (!strcmp(arg, op_names[i])) {
				r->op = i;
				return 0;
			}
		return bad_value(ctx, "op", arg, "sum, max, min or maxabs");
	case OPT_ITERS:
		if (!wsectl_parse_uint(arg, 1u << 20, &v[0], NULL) || !v[0])
			return bad_value(ctx, "iters", arg, "a number of sweeps, 1 to 1048576");
		r->iters = v[0];
		return 0;
	case OPT_DTYPE:
		if (!strcmp(arg, "f32") || !strcmp(arg, "fp32"))
			r->dtype = WSE_FW_DTYPE_F32;
		else if (!strcmp(arg, "f16") || !strcmp(arg, "fp16"))
			r->dtype = WSE_FW_DTYPE_F16;
		else
			return bad_value(ctx, "dtype", arg, "f32 or f16");
		return 0;
	case OPT_ALPHA:
		return wsectl_parse_float(arg, &r->alpha) ? 0 :
		       bad_value(ctx, "alpha", arg, "a finite number");
	case OPT_BETA:
		return wsectl_parse_float(arg, &r->beta) ? 0 :
		       bad_value(ctx, "beta", arg, "a finite number");
	case OPT_COEF: {
		const char *s = arg;
		char *e;

		for (i = 0; i < 5; i++) {
			errno = 0;
			r->coef[i] = strtof(s, &e);
			if (errno || e == s || !isfinite(r->coef[i]) || *e != (i < 4 ? ',' : '\0'))
				return bad_value(ctx, "coef", arg, "five numbers C,N,S,W,E");
			s = e + 1;
		}
		return 0;
	}
	case OPT_SEED:
		if (!wsectl_parse_uint(arg, UINT64_MAX, &a->seed, NULL))
			return bad_value(ctx, "seed", arg, "a number");
		return 0;
	case OPT_VERIFY:
		a->verify = true;
		return 0;
	}
	return WSECTL_EXIT_USAGE;
}

/* The options each kind takes beyond the common ones. */
static uint32_t options_for(enum kp_kind k)
{
	const uint32_t common = GIVEN(OPT_DTYPE) | GIVEN(OPT_SEED) | GIVEN(OPT_VERIFY) |
				GIVEN(OPT_PES) | GIVEN(OPT_RECT);

	switch (k) {
	case KP_GEMM:
		return common | GIVEN(OPT_M) | GIVEN(OPT_N) | GIVEN(OPT_K) | GIVEN(OPT_SIZE) |
		       GIVEN(OPT_ALPHA) | GIVEN(OPT_BETA);
	case KP_GEMV:
		return common | GIVEN(OPT_M) | GIVEN(OPT_N) | GIVEN(OPT_SIZE) |
		       GIVEN(OPT_ALPHA) | GIVEN(OPT_BETA);
	case KP_AXPY:
		return common | GIVEN(OPT_N) | GIVEN(OPT_ALPHA);
	case KP_ADD:
	case KP_MUL:
	case KP_RELU:
		return common | GIVEN(OPT_N);
	case KP_STENCIL5:
		return common | GIVEN(OPT_TILE) | GIVEN(OPT_ITERS) | GIVEN(OPT_COEF);
	default:
		return common | GIVEN(OPT_N) | GIVEN(OPT_OP);
	}
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Everything one run allocates, freed in one place. */
struct run_state {
	struct kp_plan plan;
	float *in[KP_MAX_OPERANDS];	/* logical inputs of uploaded operands */
	float *out;			/* logical result read back */
	void *host;			/* the host array of one operand at a time */
	uint64_t h2f_ns, f2h_ns, h2f_bytes, f2h_bytes;
	uint64_t device_ns, wall_ns;
	struct kp_check check;		/* --verify */
};

static void run_state_free(struct run_state *s)
{
	unsigned int i;

	for (i = 0; i < KP_MAX_OPERANDS; i++)
		free(s->in[i]);
	free(s->out);
	free(s->host);
}

static const char *dtype_name(uint32_t dtype)
{
	return dtype == WSE_FW_DTYPE_F16 ? "fp16" : "fp32";
}

/* Why the device's firmware cannot run @name, or 0 if it can. */
static int check_firmware(struct wsectl *ctx, struct wse_device *dev, const char *devname,
			  const char *name, uint32_t dtype, struct drm_wse_kernel_info *k)
{
	struct drm_wse_device_info info;
	char ver[32];
	int ret;

	ret = wse_kernel_find(dev, name, k);
	if (ret == -ENOEXEC && !wse_device_get_info(dev, &info, NULL)) {
		if (info.fw_state == DRM_WSE_FW_STATE_FAILED)
			wsectl_err(ctx, "run: %s runs no firmware: it refused the last image "
				   "(%s: %s); load one with 'wsectl fw load FILE'", devname,
				   wse_fw_error_name(info.fw_error),
				   wse_fw_error_str(info.fw_error));
		else
			wsectl_err(ctx, "run: %s runs no firmware (state %s); load one with "
				   "'wsectl fw load FILE'", devname,
				   wse_fw_state_name(info.fw_state));
		return WSECTL_EXIT_FAILURE;
	}
	if (ret == -ENOENT && !wse_device_get_info(dev, &info, NULL)) {
		wse_fw_version_format(info.fw_version, ver, sizeof(ver));
		wsectl_err(ctx, "run: the firmware of %s (version %s) has no kernel '%s'; "
			   "'wsectl fw show' lists its kernels", devname, ver, name);
		return WSECTL_EXIT_FAILURE;
	}
	if (ret) {
		wsectl_err(ctx, "run: %s: reading the kernel table: %s", devname,
			   wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	if (!(k->dtypes & WSE_FW_DTYPE_BIT(dtype))) {
		wsectl_err(ctx, "run: kernel '%s' of %s's firmware does not take %s data",
			   name, devname, dtype_name(dtype));
		return WSECTL_EXIT_FAILURE;
	}
	return 0;
}

static void *alloc_host(uint64_t bytes)
{
	void *p;

	if (bytes > SIZE_MAX ||
	    posix_memalign(&p, (size_t)sysconf(_SC_PAGESIZE), bytes ? bytes : 1))
		return NULL;
	return p;
}

static enum wse_dtype memcpy_dtype(const struct kp_plan *p)
{
	return p->esize == 2 ? WSE_DTYPE_16 : WSE_DTYPE_32;
}

/* Random inputs, packed and copied into the PEs. */
static int upload(struct wsectl *ctx, const char *devname, struct wse_ctx *wctx,
		  const struct run_args *a, struct run_state *s)
{
	const struct kp_plan *p = &s->plan;
	unsigned int o;
	uint64_t t0;
	int ret;

	for (o = 0; o < p->nops; o++) {
		if (!p->ops[o].upload)
			continue;
		s->in[o] = malloc(kp_operand_count(&p->ops[o]) * sizeof(float));
		if (!s->in[o]) {
			wsectl_err(ctx, "run: no memory for operand %s", p->ops[o].name);
			return WSECTL_EXIT_FAILURE;
		}
	}
	kp_generate(p, a->seed, s->in);
	for (o = 0; o < p->nops; o++) {
		const struct kp_operand *op = &p->ops[o];

		if (!op->upload)
			continue;
		kp_pack(p, o, s->in[o], s->host);
		t0 = now_ns();
		ret = wse_memcpy_h2d(wctx, s->host, a->x + op->px, a->y + op->py, op->pw, op->ph,
				     op->elems, op->offset, memcpy_dtype(p),
				     WSE_ORDER_ROW_MAJOR, 0, NULL);
		s->h2f_ns += now_ns() - t0;
		s->h2f_bytes += kp_operand_count(op) * p->esize;
		if (ret) {
			wsectl_err(ctx, "run: %s: copying %s into the PEs: %s", devname, op->name,
				   wse_strerror(ret));
			return WSECTL_EXIT_FAILURE;
		}
	}
	return 0;
}

/* Launches (stencil5: one per sweep) in flight at once; more wait their turn. */
#define LAUNCH_WINDOW	32

static int finish_launch(struct wsectl *ctx, const char *devname, const struct kp_plan *p,
			 struct wse_task *task, struct run_state *s, int status)
{
	struct wse_job_status st;
	int ret;

	ret = wse_task_wait(task, WSE_TIMEOUT_INFINITE, &st);
	wse_task_free(task);
	s->device_ns += st.device_time_ns;
	if (!ret || status)
		return status;
	if (ret == -EIO)
		wsectl_err(ctx, "run: %s: kernel %s failed on the device: %s (status %u)",
			   devname, p->kernel, wse_cmd_status_str(st.status), st.status);
	else
		wsectl_err(ctx, "run: %s: kernel %s: %s", devname, p->kernel, wse_strerror(ret));
	return WSECTL_EXIT_FAILURE;
}

/*
 * Queue the launches, keeping up to LAUNCH_WINDOW in flight, and wait for
 * all of them. Wall time runs from the first wse_launch() to the last
 * completion; device time is the sum of the completions'.
 */
static int launch(struct wsectl *ctx, const char *devname, struct wse_ctx *wctx,
		  const struct run_args *a, struct run_state *s)
{
	const struct kp_plan *p = &s->plan;
	uint32_t args[DRM_WSE_LAUNCH_MAX_ARGS], nargs, i, done = 0;
	struct wse_task *tasks[LAUNCH_WINDOW];
	int ret, status = 0;
	uint64_t t0;

	t0 = now_ns();
	for (i = 0; i < p->launches; i++) {
		if (i - done == LAUNCH_WINDOW) {
			status = finish_launch(ctx, devname, p, tasks[done % LAUNCH_WINDOW], s,
					       status);
			done++;
			if (status)
				break;
		}
		nargs = kp_launch_args(p, i, args);
		ret = wse_launch(wctx, p->kernel, a->x, a->y, p->w, p->h, args, nargs,
				 WSE_LAUNCH_NONBLOCK, NULL, 0, &tasks[i % LAUNCH_WINDOW]);
		if (ret) {
			wsectl_err(ctx, "run: %s: launching %s: %s", devname, p->kernel,
				   wse_strerror(ret));
			status = WSECTL_EXIT_FAILURE;
			break;
		}
	}
	/* The ones queued finish before the context goes, whatever happened. */
	for (; done < i; done++)
		status = finish_launch(ctx, devname, p, tasks[done % LAUNCH_WINDOW], s, status);
	s->wall_ns = now_ns() - t0;
	return status;
}

static int download(struct wsectl *ctx, const char *devname, struct wse_ctx *wctx,
		    const struct run_args *a, struct run_state *s)
{
	const struct kp_plan *p = &s->plan;
	unsigned int o = kp_result_operand(p);
	const struct kp_operand *op = &p->ops[o];
	uint64_t t0;
	int ret;

	s->out = malloc(kp_operand_count(op) * sizeof(float));
	if (!s->out) {
		wsectl_err(ctx, "run: no memory for the result");
		return WSECTL_EXIT_FAILURE;
	}
	t0 = now_ns();
	ret = wse_memcpy_d2h(wctx, s->host, a->x + op->px, a->y + op->py, op->pw, op->ph,
			     op->elems, op->offset, memcpy_dtype(p), WSE_ORDER_ROW_MAJOR, 0, NULL);
	s->f2h_ns = now_ns() - t0;
	s->f2h_bytes = kp_operand_count(op) * p->esize;
	if (ret) {
		wsectl_err(ctx, "run: %s: copying %s back: %s", devname, op->name,
			   wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	kp_unpack(p, o, s->host, s->out);
	return 0;
}

/* Reference values cost at most this many multiply-adds; beyond, sample. */
#define VERIFY_BUDGET		(1ull << 24)
#define MISMATCHES_SHOWN	5

struct mismatch_report {
	struct wsectl *ctx;
	const struct kp_plan *plan;
	unsigned int shown;
};

static void report_mismatch(void *priv, uint64_t t, uint64_t l, double got, double ref,
			    double allowed)
{
	struct mismatch_report *m = priv;
	unsigned int o = kp_result_operand(m->plan);
	uint32_t px, py, e;
	char where[96];

	if (m->shown++ >= MISMATCHES_SHOWN)
		return;
	kp_host_pe(m->plan, o, t, &px, &py, &e);
	kp_describe(m->plan, o, l, where, sizeof(where));
	wsectl_err(m->ctx, "run: %s (PE (%u,%u) of the launch, element %u): got %.9g, "
		   "expected %.9g (error %.3g, allowed %.3g)", where, px, py, e, got, ref,
		   fabs(got - ref), allowed);
}

static int verify(struct wsectl *ctx, const struct run_args *a, struct run_state *s)
{
	struct mismatch_report m = { .ctx = ctx, .plan = &s->plan };

	if (kp_check(&s->plan, s->in, s->out, a->seed, VERIFY_BUDGET, report_mismatch, &m,
		     &s->check)) {
		wsectl_err(ctx, "run: no memory for the reference");
		return WSECTL_EXIT_FAILURE;
	}
	if (m.shown > MISMATCHES_SHOWN)
		wsectl_err(ctx, "run: ... and %u more", m.shown - MISMATCHES_SHOWN);
	return s->check.mismatches ? WSECTL_EXIT_FAILURE : 0;
}

static double gflops(double flops, uint64_t ns)
{
	return ns ? flops / ns : 0;
}

static void shape_text(const struct kp_plan *p, char *buf, size_t len)
{
	const struct kp_request *r = &p->req;

	switch (r->kind) {
	case KP_GEMM:
		snprintf(buf, len, "M=%u N=%u K=%u, blocks Mt=%u Kt=%u Nt=%u, alpha %g beta %g",
			 r->m, r->n, r->k, p->mt, p->kt, p->nt, r->alpha, r->beta);
		break;
	case KP_GEMV:
		snprintf(buf, len, "M=%u N=%u, blocks Mt=%u Nt=%u, alpha %g beta %g", r->m, r->n,
			 p->mt, p->nt, r->alpha, r->beta);
		break;
	case KP_STENCIL5:
		snprintf(buf, len, "domain %ux%u, tiles %ux%u, %u sweep%s, coefficients "
			 "%g,%g,%g,%g,%g", p->h * p->mt, p->w * p->nt, p->mt, p->nt, r->iters,
			 r->iters == 1 ? "" : "s", r->coef[0], r->coef[1], r->coef[2],
			 r->coef[3], r->coef[4]);
		break;
	case KP_AXPY:
		snprintf(buf, len, "n=%u per PE, alpha %g", r->n, r->alpha);
		break;
	case KP_ADD:
	case KP_MUL:
	case KP_RELU:
		snprintf(buf, len, "n=%u per PE", r->n);
		break;
	default:
		snprintf(buf, len, "n=%u per PE, op %s", r->n, op_names[r->op]);
		break;
	}
}

static void report_human(FILE *out, const char *devname, const struct drm_wse_kernel_info *k,
			 const struct wse_ctx_info *ci, const struct run_args *a,
			 const struct run_state *s)
{
	const struct kp_plan *p = &s->plan;
	double flops = kp_flops(p);
	char shape[160], in[32], outb[32], rule[160];
	unsigned int o;

	shape_text(p, shape, sizeof(shape));
	fprintf(out, "%s (kernel %u) on %s: %s, %s, on %ux%u PEs at (%u,%u) of the context\n",
		p->kernel, k->id, devname, dtype_name(p->req.dtype), shape, p->w, p->h, a->x,
		a->y);
	fprintf(out, "  context: PEs (%u,%u)+%ux%u of the wafer, %u bytes of SRAM per PE from "
		"byte %u:", ci->x, ci->y, ci->width, ci->height, ci->sram_bytes, ci->sram_offset);
	for (o = 0; o < p->nops; o++)
		fprintf(out, " %s at %u", p->ops[o].name, p->ops[o].offset);
	fputc('\n', out);
	wsectl_format_bytes(s->h2f_bytes, in, sizeof(in));
	wsectl_format_bytes(s->f2h_bytes, outb, sizeof(outb));
	fprintf(out, "  data: %s in (%.3f ms), %s out (%.3f ms), seed %" PRIu64 "\n", in,
		s->h2f_ns / 1e6, outb, s->f2h_ns / 1e6, a->seed);
	fprintf(out, "  %u launch%s: device time %.3f ms, wall time %.3f ms\n", p->launches,
		p->launches == 1 ? "" : "es", s->device_ns / 1e6, s->wall_ns / 1e6);
	fprintf(out, "  throughput: %.2f GFLOP/s (device time), %.2f GFLOP/s (wall time), "
		"%.4g GFLOP\n", gflops(flops, s->device_ns), gflops(flops, s->wall_ns),
		flops / 1e9);
	if (!a->verify)
		return;
	kp_tolerance_text(p, rule, sizeof(rule));
	fprintf(out, "  verify: %s, %" PRIu64 " of %" PRIu64 " results checked%s against a "
		"double-precision reference", s->check.mismatches ? "FAILED" : "OK",
		s->check.checked,
		s->check.total, s->check.sampled ? " (random sample)" : "");
	if (s->check.mismatches)
		fprintf(out, ", %" PRIu64 " outside the tolerance", s->check.mismatches);
	fprintf(out, "\n  tolerance: %s; worst error %.3g of that\n", rule, s->check.worst);
}

static void report_json(struct json_writer *w, struct wse_device *dev,
			const struct drm_wse_kernel_info *k, const struct wse_ctx_info *ci,
			const struct run_args *a, const struct run_state *s)
{
	const struct kp_plan *p = &s->plan;
	const struct kp_request *r = &p->req;
	double flops = kp_flops(p);
	char rule[160];
	unsigned int o;

	json_begin_object(w, NULL);
	json_begin_object(w, "device");
	json_string(w, "pci_address", wse_device_pci_address(dev));
	json_string(w, "node", wse_device_node(dev));
	json_end_object(w);
	json_string(w, "kernel", p->kernel);
	json_uint(w, "kernel_id", k->id);
	json_string(w, "dtype", r->dtype == WSE_FW_DTYPE_F16 ? "f16" : "f32");
	json_begin_object(w, "shape");
	if (r->kind == KP_GEMM || r->kind == KP_GEMV) {
		json_uint(w, "m", r->m);
		json_uint(w, "n", r->n);
		if (r->kind == KP_GEMM)
			json_uint(w, "k", r->k);
		json_double(w, "alpha", r->alpha);
		json_double(w, "beta", r->beta);
	} else if (r->kind == KP_STENCIL5) {
		json_uint(w, "tile_h", p->mt);
		json_uint(w, "tile_w", p->nt);
		json_uint(w, "iters", r->iters);
	} else {
		json_uint(w, "n", r->n);
		if (r->kind == KP_AXPY)
			json_double(w, "alpha", r->alpha);
		if (r->kind >= KP_REDUCE_ROWS && r->kind <= KP_ALLREDUCE)
			json_string(w, "op", op_names[r->op]);
	}
	json_end_object(w);
	json_begin_object(w, "rect");
	json_uint(w, "x", a->x);
	json_uint(w, "y", a->y);
	json_uint(w, "width", p->w);
	json_uint(w, "height", p->h);
	json_end_object(w);
	json_begin_object(w, "context");
	json_uint(w, "x", ci->x);
	json_uint(w, "y", ci->y);
	json_uint(w, "width", ci->width);
	json_uint(w, "height", ci->height);
	json_uint(w, "sram_offset", ci->sram_offset);
	json_uint(w, "sram_bytes", ci->sram_bytes);
	json_end_object(w);
	json_begin_object(w, "operands");
	for (o = 0; o < p->nops; o++)
		json_uint(w, p->ops[o].name, p->ops[o].offset);
	json_end_object(w);
	json_uint(w, "seed", a->seed);
	json_uint(w, "h2f_bytes", s->h2f_bytes);
	json_uint(w, "h2f_ns", s->h2f_ns);
	json_uint(w, "f2h_bytes", s->f2h_bytes);
	json_uint(w, "f2h_ns", s->f2h_ns);
	json_uint(w, "launches", p->launches);
	json_uint(w, "device_time_ns", s->device_ns);
	json_uint(w, "wall_time_ns", s->wall_ns);
	json_double(w, "flops", flops);
	json_double(w, "gflops_device", gflops(flops, s->device_ns));
	json_double(w, "gflops_wall", gflops(flops, s->wall_ns));
	if (a->verify) {
		kp_tolerance_text(p, rule, sizeof(rule));
		json_begin_object(w, "verify");
		json_bool(w, "ok", !s->check.mismatches);
		json_uint(w, "checked", s->check.checked);
		json_uint(w, "total", s->check.total);
		json_bool(w, "sampled", s->check.sampled);
		json_uint(w, "mismatches", s->check.mismatches);
		json_double(w, "tolerance", kp_tolerance(p));
		json_double(w, "tolerance_abs", kp_tolerance_abs(p));
		json_string(w, "rule", rule);
		json_double(w, "worst_error_ratio", s->check.worst);
		json_end_object(w);
	}
	json_end_object(w);
}

/* Explain why the context could not be had. */
static void ctx_error(struct wsectl *ctx, const char *devname, uint32_t cw, uint32_t ch,
		      uint32_t sram, int err)
{
	if (err == -ENOSPC)
		wsectl_err(ctx, "run: %s: no free %ux%u-PE placement with %u bytes per PE now "
			   "(other contexts hold fabric memory)", devname, cw, ch, sram);
	else
		wsectl_err(ctx, "run: %s: creating a %ux%u-PE context with %u bytes per PE: %s",
			   devname, cw, ch, sram, wse_strerror(err));
}

static int do_run(struct wsectl *ctx, struct run_args *a)
{
	struct run_state s = { 0 };
	struct drm_wse_kernel_info k;
	struct drm_wse_device_info info;
	struct wse_ctx_info ci;
	struct wse_device *dev;
	struct wse_ctx *wctx = NULL;
	char devname[96], why[256];
	uint64_t bytes = 0;
	unsigned int o;
	int ret, status;

	status = wsectl_open_device(ctx, &dev);
	if (status)
		return status;
	wsectl_device_name(dev, devname, sizeof(devname));
	ret = wse_device_get_info(dev, &info, NULL);
	if (ret) {
		wsectl_err(ctx, "run: %s: querying device info: %s", devname, wse_strerror(ret));
		status = WSECTL_EXIT_FAILURE;
		goto out;
	}
	status = check_firmware(ctx, dev, devname, kp_kind_name(a->req.kind), a->req.dtype, &k);
	if (status)
		goto out;
	if (a->x >= info.log_width || a->y >= info.log_height) {
		wsectl_err(ctx, "run: --rect origin (%u,%u) is outside %s's %ux%u grid", a->x,
			   a->y, devname, info.log_width, info.log_height);
		status = WSECTL_EXIT_USAGE;
		goto out;
	}
	ret = kp_plan_make(&a->req, info.log_width - a->x, info.log_height - a->y,
			   info.pe_sram_bytes, &s.plan, why, sizeof(why));
	if (ret) {
		wsectl_err(ctx, "run: %s: %s", devname, why);
		status = ret == -EINVAL ? WSECTL_EXIT_USAGE : WSECTL_EXIT_FAILURE;
		goto out;
	}
	ret = wse_ctx_create(dev, a->x + s.plan.w, a->y + s.plan.h, s.plan.sram_bytes, &wctx);
	if (ret) {
		ctx_error(ctx, devname, a->x + s.plan.w, a->y + s.plan.h, s.plan.sram_bytes, ret);
		status = WSECTL_EXIT_FAILURE;
		goto out;
	}
	wse_ctx_get_info(wctx, &ci);
	for (o = 0; o < s.plan.nops; o++)
		if (kp_operand_count(&s.plan.ops[o]) * s.plan.esize > bytes)
			bytes = kp_operand_count(&s.plan.ops[o]) * s.plan.esize;
	s.host = alloc_host(bytes);
	if (!s.host) {
		wsectl_err(ctx, "run: no memory for a %" PRIu64 "-byte host array", bytes);
		status = WSECTL_EXIT_FAILURE;
		goto out;
	}

	status = upload(ctx, devname, wctx, a, &s);
	if (!status)
		status = launch(ctx, devname, wctx, a, &s);
	if (!status)
		status = download(ctx, devname, wctx, a, &s);
	if (!status && a->verify)
		status = verify(ctx, a, &s);
	if (status && !s.check.mismatches)
		goto out;

	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		report_json(&w, dev, &k, &ci, a, &s);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else {
		report_human(ctx->out, devname, &k, &ci, a, &s);
	}
out:
	run_state_free(&s);
	wse_ctx_destroy(wctx);
	wse_device_close(dev);
	return status;
}

static int run_run(struct wsectl *ctx, int argc, char **argv)
{
	struct run_args a = {
		.req = { .dtype = WSE_FW_DTYPE_F32, .alpha = 1.0f, .beta = 0.0f },
		.seed = 1,
	};
	const struct wsectl_options opts = {
		.longopts = run_long,
		.handle = run_option,
		.priv = &a,
	};
	int first, status = WSECTL_EXIT_OK;
	uint32_t extra;
	unsigned int i;

	first = wsectl_parse_options(ctx, &wsectl_cmd_run, &opts, argc, argv, &status);
	if (first < 0)
		return status;
	if (argc - first != 1) {
		wsectl_err(ctx, "run: expected one KERNEL; see 'wsectl run --help'");
		return WSECTL_EXIT_USAGE;
	}
	if (kp_kind_from_name(argv[first], &a.req.kind)) {
		wsectl_err(ctx, "run: unknown kernel '%s': expected gemm, gemv, add, mul, axpy, "
			   "relu, reduce_rows, reduce_cols, reduce_all, allreduce or stencil5",
			   argv[first]);
		return WSECTL_EXIT_USAGE;
	}
	extra = a.given & ~options_for(a.req.kind);
	if (extra) {
		for (i = 0; !(extra & (1u << i)); i++)
			;
		wsectl_err(ctx, "run: option --%s does not apply to %s", run_long[i].name,
			   argv[first]);
		return WSECTL_EXIT_USAGE;
	}
	if ((a.given & GIVEN(OPT_PES)) && (a.given & GIVEN(OPT_RECT))) {
		wsectl_err(ctx, "run: give either --pes or --rect, not both");
		return WSECTL_EXIT_USAGE;
	}
	return do_run(ctx, &a);
}

const struct wsectl_command wsectl_cmd_run = {
	.name = "run",
	.summary = "Run a firmware kernel on random data; report GFLOP/s, --verify it",
	.usage = "KERNEL [--verify] [--dtype f32|f16] [--seed N] [shape options]",
	.options_help =
		"  --verify          compare the result with a double-precision host\n"
		"                    reference; exit 1 if any value is outside the tolerance\n"
		"  --dtype f32|f16   element type (default f32)\n"
		"  --seed N          random data seed (default 1)\n"
		"  --pes P           run on P x P PEs\n"
		"  --rect [X,Y,]W,H  run on W x H PEs at (X,Y) of the context\n"
		" gemm, gemv:\n"
		"  --size S          M = N (= K) = S (default 256 for gemm, 1024 for gemv)\n"
		"  --m M, --n N, --k K  matrix sizes: A is M x K (gemv: M x N)\n"
		"  --alpha A, --beta B  C = alpha A B + beta C (default 1 and 0)\n"
		" add, mul, axpy, relu, reduce_rows, reduce_cols, reduce_all, allreduce:\n"
		"  --n N             elements per PE (default 1024; rectangle default 4x4)\n"
		"  --alpha A         axpy: y = alpha x + y (default 1)\n"
		"  --op OP           reductions: sum, max, min or maxabs (default sum)\n"
		" stencil5:\n"
		"  --tile HT,WT      block of the domain per PE (default 32,32)\n"
		"  --iters N         sweeps (default 1)\n"
		"  --coef C,N,S,W,E  coefficients (default 0.5,0.125,0.125,0.125,0.125)\n",
	.notes =
		"Each run creates a context just large enough, fills its operands with random\n"
		"values in [-1, 1) (rounded to the element type) laid out across the PEs as\n"
		"Documentation/device-spec.rst \"Compute kernels\" says, launches the kernel\n"
		"(stencil5: once per sweep), and reads the result back. Throughput is the\n"
		"kernel's floating-point operations over the device time the completions\n"
		"report, and over the wall time from the first launch to the last completion.\n"
		"gemm picks the smallest P x P rectangle whose blocks fit a PE unless --pes\n"
		"gives one (1024 x 1024 x 1024 fp32: 16 x 16 PEs).\n\n"
		"--verify holds each result to |got - reference| <= tol x the sum of the\n"
		"magnitudes of its terms: fp32 tol = 1e-5 x sqrt(terms per result), fp16 adds\n"
		"1e-3 per rounding to fp16 (one, or one per stencil sweep), plus the spacing of\n"
		"subnormals per rounding for results near zero; relu, max, min and maxabs must\n"
		"be exact. Large gemm/gemv results are checked on a random sample (the report\n"
		"says how many).\n",
	.run = run_run,
};
