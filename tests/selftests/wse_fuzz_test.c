// SPDX-License-Identifier: GPL-2.0-only
/*
 * A randomised ioctl fuzzer for the wse driver. Each step picks an ioctl
 * and builds a structurally plausible argument from the file's live
 * objects (BOs, userptr BOs, contexts, syncobjs, submitted jobs), then
 * mutates it: garbage handles next to valid ones, random flag bits,
 * commands of every opcode with random fields and rectangles, sizes and
 * offsets at and past their limits, bad pointers. Every call must return
 * 0 or an errno Documentation/uapi.rst lists for that ioctl; every job
 * must finish with a status WAIT may report; the kernel must not crash;
 * and at the end every job completes and the device passes a memcpy
 * round trip.
 *
 * The stream is reproducible: WSE_FUZZ_SEED (default below) and
 * WSE_FUZZ_ITERS (steps per process) select it, and the seed is printed.
 * One process runs it, then two at once on seeds seed+1 and seed+2.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_hostile_util.h"

#define FUZZ_SEED_DEFAULT	0x77a5e5eedull
#define FUZZ_ITERS_DEFAULT	10000

#define MAX_BOS		6
#define MAX_CTXS	4
#define MAX_SYNCS	4
#define MAX_CMDS	6		/* per plausible submit */
#define BO_MAX		(64 * 1024)	/* keeps every job short */
#define ARENA_PAGES	16		/* userptr memory */

#define ERR(e)		(1ull << (e))
/* What call() returns for a result outside the documented set. */
#define FUZZ_BAD	(-1000)

struct fuzz_ctx {
	struct drm_wse_ctx_create c;
	__u64 last_seqno;		/* 0: nothing submitted */
};

struct fuzz {
	int fd;
	int verbose;			/* WSE_FUZZ_VERBOSE: log every call */
	__u64 rng;
	unsigned long step;
	const char *op;			/* what the current step does */
	struct drm_wse_device_info info;
	struct drm_wse_kernel_info kernels[32];
	int nkernels;
	__u32 bos[MAX_BOS];
	__u64 bo_size[MAX_BOS];
	int nbos;
	struct fuzz_ctx ctxs[MAX_CTXS];
	int nctxs;
	__u32 syncs[MAX_SYNCS];		/* [0] signalled, others get job fences */
	unsigned char *arena;		/* ARENA_PAGES, then a hole */
	unsigned char *buf;		/* scratch for QUERY and FW_LOAD */
	char failure[256];
	unsigned long calls, ok, jobs;	/* for the summary line */
	int mutating;			/* this step may break things */
};

/* ------------------------------------------------------------------ */
/* Randomness                                                          */
/* ------------------------------------------------------------------ */

static __u64 rnd(struct fuzz *f)
{
	f->rng += 0x9e3779b97f4a7c15ull;
	return wse_mix64(f->rng);
}

/* Uniform in [0, n); 0 for n == 0. */
static __u32 below(struct fuzz *f, __u32 n)
{
	__u64 r = rnd(f);

	return n ? (__u32)(r % n) : 0;
}

/* True with probability @pct percent. */
static int chance(struct fuzz *f, unsigned int pct)
{
	return below(f, 100) < pct;
}

/*
 * A mutation with probability @pct percent, in a step that mutates: half
 * of the submits are left valid, so that jobs of every kind really run.
 */
static int mut(struct fuzz *f, unsigned int pct)
{
	return chance(f, pct) && f->mutating;
}

/* A value that is interesting to a parser: limits, powers of two, noise. */
static __u64 wild64(struct fuzz *f)
{
	static const __u64 edges[] = {
		0, 1, 2, 3, 4, 7, 8, 63, 64, 4095, 4096, 4097, 65535, 65536,
		0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, 0x100000000ull,
		0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull - 4095, ~0ull - 3, ~0ull,
	};

	switch (below(f, 4)) {
	case 0:
		return edges[below(f, ARRAY_SIZE(edges))];
	case 1:
		return 1ull << below(f, 64);
	case 2:
		return (1ull << below(f, 64)) - 1 + below(f, 3);
	default:
		return rnd(f);
	}
}

static __u32 wild32(struct fuzz *f)
{
	return (__u32)wild64(f);
}

/* Mostly @good, sometimes off by a little, sometimes anything. */
static __u64 near(struct fuzz *f, __u64 good, unsigned int wild_pct)
{
	if (!mut(f, wild_pct))
		return good;
	switch (below(f, 3)) {
	case 0:
		return good + 1 + below(f, 64);
	case 1:
		return good - 1 - below(f, 64);
	default:
		return wild64(f);
	}
}

/* A flags word: mostly 0 or @valid bits, sometimes one random bit more. */
static __u32 flags(struct fuzz *f, __u32 valid)
{
	__u32 v = valid ? (__u32)rnd(f) & valid : 0;

	if (mut(f, 10))
		v |= 1u << below(f, 32);
	return v;
}

/* A user pointer: @good mostly, else NULL, a hole, the kernel, or noise. */
static __u64 uptr(struct fuzz *f, const void *good, size_t len)
{
	if (!mut(f, 8))
		return (uintptr_t)good;
	switch (below(f, 5)) {
	case 0:
		return 0;
	case 1:	/* ends in the hole after the arena */
		return (uintptr_t)f->arena + ARENA_PAGES * WSE_PAGE - (len > 1 ? len / 2 : 1);
	case 2:
		return WSE_KERNEL_PTR + below(f, 1u << 20);
	case 3:
		return WSE_NONCANON_PTR;
	default:
		return rnd(f);
	}
}

/* A handle: one of @n live ones (if any), or garbage. */
static __u32 pick(struct fuzz *f, const __u32 *live, int n, unsigned int wild_pct)
{
	if (n && !mut(f, wild_pct))
		return live[below(f, n)];
	return chance(f, 50) ? below(f, 16) : wild32(f);
}

/* ------------------------------------------------------------------ */
/* Checking a result                                                   */
/* ------------------------------------------------------------------ */

/* Common to every ioctl: EFAULT, EINVAL, ENOMEM (Documentation/uapi.rst). */
#define ERR_COMMON	(ERR(EFAULT) | ERR(EINVAL) | ERR(ENOMEM))

static int allowed(struct fuzz *f, int ret, __u64 set)
{
	if (!ret || (ret < 0 && -ret < 64 && (set & ERR(-ret))))
		return 1;
	snprintf(f->failure, sizeof(f->failure), "step %lu, %s: unexpected %s (%d)",
		 f->step, f->op, ret < 0 ? strerror(-ret) : "result", ret);
	return 0;
}

static int call(struct fuzz *f, const char *op, unsigned long req, void *arg, __u64 set)
{
	int ret;

	f->op = op;
	ret = wse_ioctl(f->fd, req, arg);
	f->calls++;
	f->ok += !ret;
	f->jobs += !ret && req == DRM_IOCTL_WSE_SUBMIT;
	if (f->verbose)
		fprintf(stderr, "# %lu %s %d\n", f->step, op, ret);
	return allowed(f, ret, set) ? ret : FUZZ_BAD;
}

/* Closing a handle of ours must work. */
static int gem_close(struct fuzz *f, __u32 handle)
{
	struct drm_gem_close c = { .handle = handle };

	return call(f, "GEM_CLOSE", DRM_IOCTL_GEM_CLOSE, &c, 0);
}

/* A status WAIT may report for a job (uapi/wse_accel.h, wse_hw.h). */
static int status_ok(__u32 status)
{
	return status <= WSE_STS_INTERNAL ||
	       (status >= DRM_WSE_JOB_ABORTED && status <= DRM_WSE_JOB_LOST);
}

/* ------------------------------------------------------------------ */
/* One step per ioctl                                                  */
/* ------------------------------------------------------------------ */

static int do_query(struct fuzz *f)
{
	struct drm_wse_query q = {
		.query = chance(f, 90) ? below(f, 3) : wild32(f),
		.flags = flags(f, 0),
		.pad = chance(f, 5) ? wild32(f) : 0,
	};
	__u32 sizes[] = { 0, 4, 80, 128, 4096, wild32(f) };

	q.size = sizes[below(f, 6)];
	q.data = chance(f, 20) ? 0 : uptr(f, f->buf, q.size > 4096 ? 4096 : q.size);
	if (q.size > 4096 && q.data == (uintptr_t)f->buf)
		q.size = 4096;
	if (call(f, "QUERY", DRM_IOCTL_WSE_QUERY, &q, ERR_COMMON | ERR(EINTR)) == FUZZ_BAD)
		return -1;
	return 0;
}

static int do_bo_create(struct fuzz *f)
{
	struct drm_wse_bo_create c = { .flags = flags(f, 0) };
	int ret;

	c.size = chance(f, 85) ? 1 + below(f, BO_MAX) : wild64(f);
	/* Larger valid sizes would pin too much memory once submitted. */
	if (c.size > BO_MAX && c.size <= (1ull << 32))
		c.size = 1ull << 40;
	ret = call(f, "BO_CREATE", DRM_IOCTL_WSE_BO_CREATE, &c, ERR_COMMON);
	if (ret == FUZZ_BAD)
		return -1;
	if (ret)
		return 0;
	if (f->nbos == MAX_BOS) {
		int i = below(f, MAX_BOS);

		if (gem_close(f, f->bos[i]) == FUZZ_BAD)
			return -1;
		f->bos[i] = f->bos[--f->nbos];
		f->bo_size[i] = f->bo_size[f->nbos];
	}
	f->bos[f->nbos] = c.handle;
	f->bo_size[f->nbos++] = c.size;
	return 0;
}

static int do_userptr(struct fuzz *f)
{
	__u32 off = below(f, ARENA_PAGES) * WSE_PAGE;
	struct drm_wse_bo_userptr u = {
		.flags = flags(f, DRM_WSE_BO_USERPTR_READONLY),
	};
	int ret;

	u.user_ptr = chance(f, 80) ? (uintptr_t)f->arena + off : uptr(f, NULL, 0);
	if (chance(f, 10))
		u.user_ptr += below(f, WSE_PAGE);
	u.size = chance(f, 80) ? (1 + below(f, ARENA_PAGES - off / WSE_PAGE)) * WSE_PAGE :
				 near(f, WSE_PAGE, 100);
	ret = call(f, "BO_USERPTR", DRM_IOCTL_WSE_BO_USERPTR, &u, ERR_COMMON);
	if (ret == FUZZ_BAD)
		return -1;
	if (ret)
		return 0;
	if (f->nbos == MAX_BOS) {
		if (gem_close(f, u.handle) == FUZZ_BAD)
			return -1;
		return 0;
	}
	f->bos[f->nbos] = u.handle;
	f->bo_size[f->nbos++] = u.size;
	return 0;
}

static int do_bo_info(struct fuzz *f)
{
	struct drm_wse_bo_info i = {
		.handle = pick(f, f->bos, f->nbos, 20),
		.flags = flags(f, 0),
	};

	if (call(f, "BO_INFO", DRM_IOCTL_WSE_BO_INFO, &i, ERR_COMMON | ERR(ENOENT)) == FUZZ_BAD)
		return -1;
	return 0;
}

static int do_gem_close(struct fuzz *f)
{
	struct drm_gem_close c = { .handle = pick(f, f->bos, f->nbos, 50) };
	int i, ret;

	ret = call(f, "GEM_CLOSE", DRM_IOCTL_GEM_CLOSE, &c, ERR(EINVAL));
	if (ret == FUZZ_BAD)
		return -1;
	for (i = 0; !ret && i < f->nbos; i++) {
		if (f->bos[i] == c.handle) {
			f->bos[i] = f->bos[--f->nbos];
			f->bo_size[i] = f->bo_size[f->nbos];
			break;
		}
	}
	return 0;
}

static int do_ctx_create(struct fuzz *f)
{
	struct drm_wse_ctx_create c = { .flags = flags(f, 0) };
	int ret;

	c.width = chance(f, 90) ? 1 + below(f, 4) : (__u16)wild32(f);
	c.height = chance(f, 90) ? 1 + below(f, 4) : (__u16)wild32(f);
	c.sram_bytes = chance(f, 90) ? 1 + below(f, 4096) : wild32(f);
	if (f->nctxs == MAX_CTXS)
		return 0;
	ret = call(f, "CTX_CREATE", DRM_IOCTL_WSE_CTX_CREATE, &c,
		   ERR_COMMON | ERR(ENOSPC) | ERR(EINTR));
	if (ret == FUZZ_BAD)
		return -1;
	if (!ret && !c.ctx_id) {
		snprintf(f->failure, sizeof(f->failure),
			 "step %lu: CTX_CREATE returned context id 0", f->step);
		return -1;
	}
	if (!ret)
		f->ctxs[f->nctxs++] = (struct fuzz_ctx){ .c = c };
	if (!ret && f->verbose)
		fprintf(stderr, "# created ctx %u\n", c.ctx_id);
	return 0;
}

static int do_ctx_destroy(struct fuzz *f)
{
	__u32 ids[MAX_CTXS] = { 0 };
	struct drm_wse_ctx_destroy d = { .pad = chance(f, 5) ? wild32(f) : 0 };
	int i, ret;

	for (i = 0; i < f->nctxs; i++)
		ids[i] = f->ctxs[i].c.ctx_id;
	d.ctx_id = pick(f, ids, f->nctxs, 40);
	/* Destroying is rare: contexts are what makes submits meaningful. */
	if (f->nctxs && d.ctx_id == ids[0] && chance(f, 70))
		return 0;
	ret = call(f, "CTX_DESTROY", DRM_IOCTL_WSE_CTX_DESTROY, &d, ERR_COMMON | ERR(ENOENT));
	if (ret == FUZZ_BAD)
		return -1;
	if (!ret && f->verbose)
		fprintf(stderr, "# destroyed ctx %u\n", d.ctx_id);
	for (i = 0; !ret && i < f->nctxs; i++) {
		if (f->ctxs[i].c.ctx_id == d.ctx_id) {
			f->ctxs[i] = f->ctxs[--f->nctxs];
			break;
		}
	}
	return 0;
}

/* A rectangle of the context: usually inside, sometimes not. */
static void rect(struct fuzz *f, const struct fuzz_ctx *c, __u16 *x, __u16 *y, __u16 *w,
		 __u16 *h)
{
	__u16 cw = c ? c->c.width : 4, ch = c ? c->c.height : 4;

	*w = 1 + below(f, cw);
	*h = 1 + below(f, ch);
	*x = below(f, cw - *w + 1);
	*y = below(f, ch - *h + 1);
	if (mut(f, 10))
		*x = (__u16)near(f, *x, 100);
	if (mut(f, 10))
		*y = (__u16)near(f, *y, 100);
	if (mut(f, 5))
		*w = (__u16)near(f, *w, 100);
	if (mut(f, 5))
		*h = (__u16)near(f, *h, 100);
}

/* Bytes of the context's SRAM range, or a plausible number without one. */
static __u32 sram_of(const struct fuzz_ctx *c)
{
	return c ? c->c.sram_bytes : 4096;
}

static void random_copy(struct fuzz *f, const struct fuzz_ctx *c, struct drm_wse_cmd *cmd,
			__u32 nbos, const __u64 *sizes)
{
	struct drm_wse_cmd_copy *cp = &cmd->copy;
	__u32 esize, span, sram = sram_of(c);

	cmd->flags = flags(f, cmd->opcode == DRM_WSE_CMD_COPY_F2F ? DRM_WSE_CMD_F_DTYPE_16 :
			   DRM_WSE_CMD_F_DTYPE_16 | DRM_WSE_CMD_F_COL_MAJOR);
	esize = wse_esize(cmd->flags);
	rect(f, c, &cp->x, &cp->y, &cp->width, &cp->height);
	span = sram / esize ? sram / esize : 1;
	cp->elems_per_pe = !mut(f, 10) ? 1 + below(f, span < 64 ? span : 64) : wild32(f);
	cp->pe_offset = (below(f, sram) & ~(esize - 1));
	if ((__u64)cp->pe_offset + (__u64)cp->elems_per_pe * esize > sram && chance(f, 90))
		cp->pe_offset = 0;
	cp->pe_offset = (__u32)near(f, cp->pe_offset, 8);
	if (cmd->opcode == DRM_WSE_CMD_COPY_F2F) {
		__u16 w, h;

		rect(f, c, &cp->dst_x, &cp->dst_y, &w, &h);
		cp->dst_pe_offset = (__u32)near(f, 0, 10) & ~(esize - 1);
		if (mut(f, 3))
			cp->bo_offset = wild64(f);
		return;
	}
	cp->length = near(f, (__u64)cp->width * cp->height * cp->elems_per_pe * esize, 10);
	cp->bo_index = nbos && !mut(f, 5) ? below(f, nbos) : wild32(f);
	cp->bo_offset = 0;
	if (cp->bo_index < nbos && sizes[cp->bo_index] > cp->length)
		cp->bo_offset = below(f, sizes[cp->bo_index] - cp->length + 1);
	cp->bo_offset = near(f, cp->bo_offset, 8);
	if (mut(f, 3))
		cp->dst_x = (__u16)wild32(f);
}

static void random_launch(struct fuzz *f, const struct fuzz_ctx *c, struct drm_wse_cmd *cmd)
{
	struct drm_wse_cmd_launch *l = &cmd->launch;
	const struct drm_wse_kernel_info *k = NULL;
	__u32 i, esize = 4, sram = sram_of(c);

	cmd->flags = flags(f, 0);
	if (f->nkernels && !mut(f, 10))
		k = &f->kernels[below(f, f->nkernels)];
	l->kernel_id = k ? k->id : wild32(f);
	l->nargs = k ? strnlen(k->signature, sizeof(k->signature)) : below(f, 17);
	if (mut(f, 5))
		l->nargs = (__u32)near(f, l->nargs, 100);
	rect(f, c, &l->x, &l->y, &l->width, &l->height);
	for (i = 0; i < DRM_WSE_LAUNCH_MAX_ARGS && i < l->nargs; i++) {
		char t = k && i < sizeof(k->signature) ? k->signature[i] : 'u';

		switch (t) {
		case WSE_FW_ARG_DTYPE:
			l->args[i] = below(f, 2);
			esize = l->args[i] == WSE_FW_DTYPE_F16 ? 2 : 4;
			break;
		case WSE_FW_ARG_COUNT:
			/* Small: a long kernel on the emulated wafer is slow. */
			l->args[i] = 1 + below(f, 64);
			break;
		case WSE_FW_ARG_OFFSET:
			l->args[i] = below(f, sram) & ~(esize - 1);
			break;
		case WSE_FW_ARG_FLOAT:
			l->args[i] = wse_f32_bits((float)below(f, 8) / 4.0f);
			break;
		default:
			l->args[i] = below(f, 4);
			break;
		}
		if (mut(f, 4)) {
			l->args[i] = wild32(f);
			/* Never a count that would run for long but pass the check. */
			if (t == WSE_FW_ARG_COUNT && l->args[i] > 64 && l->args[i] <= 65536)
				l->args[i] = 0;
		}
	}
	if (mut(f, 3))
		l->args[below(f, DRM_WSE_LAUNCH_MAX_ARGS)] = wild32(f);
}

static void random_cmd(struct fuzz *f, const struct fuzz_ctx *c, struct drm_wse_cmd *cmd,
		       __u32 nbos, const __u64 *sizes)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = !mut(f, 3) ? below(f, DRM_WSE_CMD_LAUNCH + 1) : wild32(f);
	switch (cmd->opcode) {
	case DRM_WSE_CMD_NOP:
		cmd->flags = flags(f, 0);
		break;
	case DRM_WSE_CMD_COPY_H2F:
	case DRM_WSE_CMD_COPY_F2H:
	case DRM_WSE_CMD_COPY_F2F:
		random_copy(f, c, cmd, nbos, sizes);
		break;
	case DRM_WSE_CMD_FILL:
		cmd->flags = flags(f, 0);
		rect(f, c, &cmd->fill.x, &cmd->fill.y, &cmd->fill.width, &cmd->fill.height);
		cmd->fill.length = (__u32)near(f, 4 * (1 + below(f, sram_of(c) / 4)), 8);
		cmd->fill.pe_offset = 0;
		if (cmd->fill.length < sram_of(c))
			cmd->fill.pe_offset = below(f, sram_of(c) - cmd->fill.length) & ~3u;
		cmd->fill.pe_offset = (__u32)near(f, cmd->fill.pe_offset, 8);
		cmd->fill.value = (__u32)rnd(f);
		break;
	case DRM_WSE_CMD_LAUNCH:
		random_launch(f, c, cmd);
		break;
	default:
		break;
	}
	/* Now and then a stray bit anywhere in the union. */
	if (mut(f, 4))
		((unsigned char *)cmd->raw)[below(f, sizeof(cmd->raw))] ^= 1u << below(f, 8);
}

static int submit_step(struct fuzz *f)
{
	struct fuzz_ctx *c = f->nctxs ? &f->ctxs[below(f, f->nctxs)] : NULL;
	struct drm_wse_cmd cmds[MAX_CMDS];
	__u32 bos[MAX_BOS + 2], in[3];
	__u64 sizes[MAX_BOS + 2];
	struct drm_wse_submit s = { .flags = flags(f, 0) };
	__u32 i, ncmds = 1 + below(f, MAX_CMDS), nbos = below(f, f->nbos + 1), nin;
	int ret;

	/* The BO list: live BOs in random order, sometimes a bad one in it. */
	for (i = 0; i < nbos; i++) {
		int j = below(f, f->nbos);

		bos[i] = f->bos[j];
		sizes[i] = f->bo_size[j];
	}
	if (mut(f, 5)) {
		sizes[nbos] = 0;
		bos[nbos++] = pick(f, NULL, 0, 100);
	}
	for (i = 0; i < ncmds; i++)
		random_cmd(f, c, &cmds[i], nbos, sizes);
	nin = below(f, 3);
	for (i = 0; i < nin; i++)
		in[i] = !mut(f, 10) ? f->syncs[0] : pick(f, f->syncs, MAX_SYNCS, 50);

	s.ctx_id = c && !mut(f, 5) ? c->c.ctx_id : pick(f, NULL, 0, 100);
	s.cmds = uptr(f, cmds, ncmds * sizeof(cmds[0]));
	s.cmd_count = !mut(f, 5) ? ncmds : (chance(f, 50) ? 0 : wild32(f));
	if (s.cmd_count > ncmds && s.cmd_count <= DRM_WSE_MAX_CMDS)
		s.cmds = (uintptr_t)f->arena + ARENA_PAGES * WSE_PAGE - 64;	/* runs off */
	s.bo_handles = uptr(f, bos, nbos * 4);
	s.bo_count = !mut(f, 3) ? nbos : wild32(f);
	if (s.bo_count > nbos && s.bo_count <= DRM_WSE_MAX_BOS)
		s.bo_handles = (uintptr_t)f->arena + ARENA_PAGES * WSE_PAGE - 4;
	s.in_syncobjs = uptr(f, in, nin * 4);
	s.in_syncobj_count = !mut(f, 3) ? nin : wild32(f);
	if (s.in_syncobj_count > nin && s.in_syncobj_count <= DRM_WSE_MAX_IN_SYNCOBJS)
		s.in_syncobjs = (uintptr_t)f->arena + ARENA_PAGES * WSE_PAGE - 4;
	s.out_syncobj = chance(f, 70) ? 0 : (!mut(f, 20) ? f->syncs[1 + below(f, 3)] :
							     pick(f, NULL, 0, 100));

	ret = call(f, "SUBMIT", DRM_IOCTL_WSE_SUBMIT, &s,
		   ERR_COMMON | ERR(E2BIG) | ERR(ENOENT) | ERR(EACCES) | ERR(ENOEXEC) |
		   ERR(EINTR));
	if (ret == FUZZ_BAD)
		return -1;
	/* A "garbage" id may name another live context: find it. */
	c = NULL;
	for (i = 0; !ret && i < (__u32)f->nctxs; i++)
		if (f->ctxs[i].c.ctx_id == s.ctx_id)
			c = &f->ctxs[i];
	if (!ret && f->verbose)
		fprintf(stderr, "# submit ctx %u seqno %llu\n", s.ctx_id,
			(unsigned long long)s.seqno);
	if (c) {
		if (s.seqno != c->last_seqno + 1) {
			snprintf(f->failure, sizeof(f->failure),
				 "step %lu: SUBMIT seqno %llu after %llu", f->step,
				 (unsigned long long)s.seqno, (unsigned long long)c->last_seqno);
			return -1;
		}
		c->last_seqno = s.seqno;
	}
	return 0;
}

/* Half of the submits valid, half mutated. */
static int do_submit(struct fuzz *f)
{
	int ret;

	f->mutating = chance(f, 50);
	ret = submit_step(f);
	f->mutating = 1;
	return ret;
}

static int do_wait(struct fuzz *f)
{
	struct fuzz_ctx *c = f->nctxs ? &f->ctxs[below(f, f->nctxs)] : NULL;
	struct drm_wse_wait w = { .flags = flags(f, 0) };
	int ret;

	w.ctx_id = c && !chance(f, 5) ? c->c.ctx_id : pick(f, NULL, 0, 100);
	w.seqno = c && c->last_seqno ? 1 + below(f, c->last_seqno) : 1;
	w.seqno = near(f, w.seqno, 8);
	w.timeout_ns = chance(f, 50) ? 0 : WSE_WAIT_NS;
	ret = call(f, "WAIT", DRM_IOCTL_WSE_WAIT, &w,
		   ERR_COMMON | ERR(ENOENT) | ERR(ETIME) | ERR(EINTR));
	if (ret == FUZZ_BAD)
		return -1;
	if (!ret && !status_ok(w.status)) {
		snprintf(f->failure, sizeof(f->failure), "step %lu: WAIT status 0x%x",
			 f->step, w.status);
		return -1;
	}
	return 0;
}

/*
 * Never a loadable image: a refusal must change nothing. Most cases are
 * refused before the image is looked at; the rest are garbage the driver
 * rejects (and logs: keep those few).
 */
static int do_fw_load(struct fuzz *f)
{
	struct drm_wse_fw_load l = { .data = (uintptr_t)f->buf, .size = 1 + below(f, 4096) };
	__u64 set = ERR_COMMON | ERR(E2BIG) | ERR(EBUSY) | ERR(EINTR) | ERR(EPERM);

	switch (below(f, 5)) {
	case 0:
		l.flags = 1u << below(f, 32) | (__u32)rnd(f);
		break;
	case 1:
		l.size = WSE_FW_MAX_SIZE + 1 + below(f, 0x7fffffff);
		break;
	case 2:
		l.data = WSE_KERNEL_PTR + below(f, 1u << 20);
		break;
	case 3:
		l.data = (uintptr_t)f->buf + 4096 - below(f, l.size);	/* into the hole */
		break;
	default:
		wse_pattern(f->buf, 4096, rnd(f));
		if (chance(f, 50))
			((struct wse_fw_header *)f->buf)->magic = WSE_FW_IMAGE_MAGIC;
		break;
	}
	if (call(f, "FW_LOAD", DRM_IOCTL_WSE_FW_LOAD, &l, set) == FUZZ_BAD)
		return -1;
	return 0;
}

/* Syncobjs: reset one so a later submit may find it without a fence. */
static int do_syncobj(struct fuzz *f)
{
	__u32 h = f->syncs[1 + below(f, MAX_SYNCS - 1)];
	struct drm_syncobj_array a = { .handles = (uintptr_t)&h, .count_handles = 1 };

	if (call(f, "SYNCOBJ_RESET", DRM_IOCTL_SYNCOBJ_RESET, &a, 0) == FUZZ_BAD)
		return -1;
	return 0;
}

/* Numbers the driver does not define, and known ones of the wrong size. */
static int do_bad_number(struct fuzz *f)
{
	static const unsigned long reqs[] = {
		DRM_IOCTL_WSE_QUERY, DRM_IOCTL_WSE_BO_CREATE, DRM_IOCTL_WSE_BO_USERPTR,
		DRM_IOCTL_WSE_BO_INFO, DRM_IOCTL_WSE_CTX_CREATE, DRM_IOCTL_WSE_CTX_DESTROY,
		DRM_IOCTL_WSE_SUBMIT, DRM_IOCTL_WSE_WAIT, DRM_IOCTL_WSE_FW_LOAD,
	};
	unsigned long req;

	memset(f->buf, 0, 256);
	if (chance(f, 50)) {
		req = DRM_IOWR(DRM_COMMAND_BASE + DRM_WSE_FW_LOAD + 1 +
			       below(f, DRM_COMMAND_END - DRM_COMMAND_BASE - DRM_WSE_FW_LOAD - 1),
			       __u64[4]);
		if (call(f, "unknown ioctl", req, f->buf, ERR(EINVAL)) == FUZZ_BAD)
			return -1;
		return 0;
	}
	/* All-zero arguments of any size up to 256: nothing valid to do. */
	req = wse_req_sized(reqs[below(f, 9)], below(f, 257));
	if (call(f, "resized ioctl", req, f->buf, ERR_COMMON | ERR(ENOENT)) == FUZZ_BAD)
		return -1;
	return 0;
}

static int fz_step(struct fuzz *f)
{
	static int (*const ops[])(struct fuzz *) = {
		do_query, do_bo_create, do_userptr, do_bo_info, do_gem_close,
		do_ctx_create, do_ctx_destroy,
		do_submit, do_submit, do_submit, do_submit, do_submit, do_submit,
		do_wait, do_wait, do_wait, do_fw_load, do_syncobj, do_bad_number,
	};

	return ops[below(f, ARRAY_SIZE(ops))](f);
}

static int fz_setup(struct fuzz *f, __u64 seed)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->rng = seed;
	f->verbose = getenv("WSE_FUZZ_VERBOSE") != NULL;
	f->mutating = 1;
	f->fd = wse_open();
	if (f->fd < 0)
		return f->fd;
	if (wse_device_info(f->fd, &f->info))
		return -EIO;
	f->nkernels = wse_query_kernels(f->fd, f->kernels, 32);
	if (f->nkernels < 0)
		return f->nkernels;
	f->arena = wse_map_with_hole(ARENA_PAGES, 1);
	f->buf = wse_map_with_hole(1, 1);
	if (!f->arena || !f->buf)
		return -ENOMEM;
	if (wse_syncobj_create(f->fd, DRM_SYNCOBJ_CREATE_SIGNALED, &f->syncs[0]))
		return -EIO;
	for (i = 1; i < MAX_SYNCS; i++)
		if (wse_syncobj_create(f->fd, 0, &f->syncs[i]))
			return -EIO;
	/* Start with something to work on. */
	if (wse_ctx_create(f->fd, 4, 4, 4096, &f->ctxs[0].c))
		return -EIO;
	f->nctxs = 1;
	return 0;
}

/*
 * Run @iters steps from @seed; at the end every job must complete and the
 * device must work. Returns 0, or -1 with @f->failure set.
 */
static int fz_run(struct fuzz *f, __u64 seed, unsigned long iters)
{
	struct drm_wse_wait w = { 0 };
	int i, ret;

	ret = fz_setup(f, seed);
	if (ret) {
		snprintf(f->failure, sizeof(f->failure), "setup: %s", strerror(-ret));
		return -1;
	}
	for (f->step = 0; f->step < iters; f->step++)
		if (fz_step(f))
			return -1;
	for (i = 0; i < f->nctxs; i++) {
		if (!f->ctxs[i].last_seqno)
			continue;
		ret = wse_wait(f->fd, f->ctxs[i].c.ctx_id, f->ctxs[i].last_seqno, WSE_WAIT_NS, &w);
		if (ret || !status_ok(w.status)) {
			snprintf(f->failure, sizeof(f->failure),
				 "final WAIT of ctx %u seqno %llu: %d, status 0x%x",
				 f->ctxs[i].c.ctx_id,
				 (unsigned long long)f->ctxs[i].last_seqno, ret, w.status);
			return -1;
		}
	}
	ret = wse_roundtrip(f->fd, seed);
	if (!ret)
		ret = wse_roundtrip_fresh(seed + 1);
	if (ret) {
		snprintf(f->failure, sizeof(f->failure), "round trip after fuzzing: %d", ret);
		return -1;
	}
	close(f->fd);
	ksft_print_msg("seed 0x%llx: %lu calls, %lu succeeded, %lu jobs ran\n",
		       (unsigned long long)seed, f->calls, f->ok, f->jobs);
	return 0;
}

static __u64 env_u64(const char *name, __u64 def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

FIXTURE(fuzz) {
	__u64 seed;
	unsigned long iters;
};

FIXTURE_SETUP(fuzz)
{
	self->seed = env_u64("WSE_FUZZ_SEED", FUZZ_SEED_DEFAULT);
	self->iters = env_u64("WSE_FUZZ_ITERS", FUZZ_ITERS_DEFAULT);
	ksft_print_msg("WSE_FUZZ_SEED=0x%llx WSE_FUZZ_ITERS=%lu\n",
		       (unsigned long long)self->seed, self->iters);
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, one_process, 300)
{
	static struct fuzz f;

	EXPECT_EQ(0, fz_run(&f, self->seed, self->iters))
		TH_LOG("seed 0x%llx: %s", (unsigned long long)self->seed, f.failure);
}

/* Two processes on seeds seed+1 and seed+2, on the device at once. */
TEST_F_TIMEOUT(fuzz, two_processes, 300)
{
	pid_t pids[2];
	int i, status;

	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (!pids[i]) {
			static struct fuzz f;
			__u64 seed = self->seed + 1 + i;

			if (fz_run(&f, seed, self->iters)) {
				fprintf(stderr, "# seed 0x%llx: %s\n", (unsigned long long)seed,
					f.failure);
				_exit(1);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("process on seed 0x%llx failed (status 0x%x)",
			       (unsigned long long)self->seed + 1 + i, status);
	}
	EXPECT_EQ(0, wse_roundtrip_fresh(self->seed));
}

TEST_HARNESS_MAIN
