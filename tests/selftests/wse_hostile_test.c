// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hostile input to every wse ioctl, in the style of the kernel's uvdevice
 * selftests: argument pointers that are NULL, unmapped, in the kernel, cut
 * short by an unmapped page or read-only; ioctl numbers that encode a
 * short, an oversized or no size; every unknown flag bit and every
 * reserved byte one at a time; zero, stale, huge and foreign handles;
 * huge counts; sizes and offsets built to wrap. Each gets the errno
 * Documentation/uapi.rst gives for it, and the device still moves data
 * correctly afterwards (every fixture's teardown checks that, on the
 * test's own file and on a new one).
 *
 * What the DRM core does with an argument size that differs from the
 * driver's (drm_ioctl(), the same on 6.1 and 6.12): it copies in
 * min(user, driver) bytes and zero-fills the rest, calls the driver, and
 * copies back as many bytes as the user's number says, whatever the
 * driver returned; a copy-back fault turns any result into EFAULT. The
 * "ioc" tests pin that down for every wse ioctl.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_hostile_util.h"

/* ------------------------------------------------------------------ */
/* The argument pointer itself, for every ioctl                        */
/* ------------------------------------------------------------------ */

FIXTURE(ioc) {
	int fd;
	unsigned char *edge;		/* one page, then a hole */
	unsigned char *ro;		/* a read-only page of zeros */
};

/*
 * @zero_err: what an all-zero argument gets (the DRM core hands the
 * driver zeros for whatever the number's size or direction leaves out);
 * @ro_err: the same zeros in read-only memory: EFAULT when the core must
 * copy results back, else as @zero_err.
 */
FIXTURE_VARIANT(ioc) {
	unsigned long req;
	int zero_err;
	int ro_err;
};

FIXTURE_VARIANT_ADD(ioc, query) {
	.req = DRM_IOCTL_WSE_QUERY, .zero_err = 0, .ro_err = EFAULT,
};
FIXTURE_VARIANT_ADD(ioc, bo_create) {
	.req = DRM_IOCTL_WSE_BO_CREATE, .zero_err = EINVAL, .ro_err = EFAULT,
};
FIXTURE_VARIANT_ADD(ioc, bo_userptr) {
	.req = DRM_IOCTL_WSE_BO_USERPTR, .zero_err = EINVAL, .ro_err = EFAULT,
};
FIXTURE_VARIANT_ADD(ioc, bo_info) {
	.req = DRM_IOCTL_WSE_BO_INFO, .zero_err = ENOENT, .ro_err = EFAULT,
};
FIXTURE_VARIANT_ADD(ioc, ctx_create) {
	.req = DRM_IOCTL_WSE_CTX_CREATE, .zero_err = EINVAL, .ro_err = EFAULT,
};
FIXTURE_VARIANT_ADD(ioc, ctx_destroy) {
	.req = DRM_IOCTL_WSE_CTX_DESTROY, .zero_err = ENOENT, .ro_err = ENOENT,
};
FIXTURE_VARIANT_ADD(ioc, submit) {
	.req = DRM_IOCTL_WSE_SUBMIT, .zero_err = EINVAL, .ro_err = EFAULT,
};
FIXTURE_VARIANT_ADD(ioc, wait) {
	.req = DRM_IOCTL_WSE_WAIT, .zero_err = ENOENT, .ro_err = EFAULT,
};
/* As root: a zero-byte image is refused (truncated) before the device. */
FIXTURE_VARIANT_ADD(ioc, fw_load) {
	.req = DRM_IOCTL_WSE_FW_LOAD, .zero_err = EINVAL, .ro_err = EINVAL,
};

FIXTURE_SETUP(ioc)
{
	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	self->edge = wse_map_with_hole(1, 1);
	ASSERT_NE(NULL, self->edge);
	self->ro = mmap(NULL, WSE_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->ro);
	if (variant->req == DRM_IOCTL_WSE_FW_LOAD && geteuid())
		SKIP(return, "FW_LOAD argument checks need root (else EPERM first)");
}

FIXTURE_TEARDOWN(ioc)
{
	EXPECT_EQ(0, wse_roundtrip(self->fd, 1));
	EXPECT_EQ(0, wse_roundtrip_fresh(2));
	munmap(self->edge, 2 * WSE_PAGE);
	munmap(self->ro, WSE_PAGE);
	close(self->fd);
}

static unsigned int ioc_size(const FIXTURE_VARIANT(ioc) *v)
{
	return _IOC_SIZE(v->req);
}

TEST_F(ioc, null_arg)
{
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, variant->req, NULL));
}

TEST_F(ioc, unmapped_arg)
{
	void *gone = wse_unmapped_addr();

	ASSERT_NE(NULL, gone);
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, variant->req, gone));
}

TEST_F(ioc, kernel_arg)
{
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, variant->req, (void *)WSE_KERNEL_PTR));
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, variant->req, (void *)WSE_NONCANON_PTR));
}

/* All but the last byte of the struct is mapped. */
TEST_F(ioc, arg_cut_short_by_hole)
{
	unsigned int size = ioc_size(variant);
	unsigned char *arg = self->edge + WSE_PAGE - (size - 1);

	memset(arg, 0, size - 1);
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, variant->req, arg));
	/* Exactly mapped is fine: the same zeros, the usual answer. */
	arg = self->edge + WSE_PAGE - size;
	memset(arg, 0, size);
	EXPECT_EQ(-variant->zero_err, wse_ioctl_raw(self->fd, variant->req, arg));
}

/*
 * Results cannot be written back: EFAULT, even though the driver did the
 * work (the DRM core copies back after the handler). With zeros nothing
 * here creates an object; see sizes.ro_ctx_create for one that does.
 */
TEST_F(ioc, read_only_arg)
{
	EXPECT_EQ(-variant->ro_err, wse_ioctl_raw(self->fd, variant->req, self->ro));
}

/*
 * A number encoding a shorter struct (an older program): the missing tail
 * reads as zeros whatever the memory holds, and is not written.
 */
TEST_F(ioc, short_size)
{
	unsigned int size = ioc_size(variant), cut;
	unsigned char buf[256];

	for (cut = 4; cut <= size; cut += 4) {
		memset(buf, 0, sizeof(buf));
		memset(buf + size - cut, 0xa5, sizeof(buf) - (size - cut));
		EXPECT_EQ(-variant->zero_err,
			  wse_ioctl_raw(self->fd, wse_req_sized(variant->req, size - cut), buf))
			TH_LOG("size %u of %u", size - cut, size);
		EXPECT_EQ(-1, wse_first_not(buf + size - cut, 0xa5, sizeof(buf) - (size - cut)))
			TH_LOG("size %u of %u: the tail was written", size - cut, size);
	}
}

/*
 * A number encoding a longer struct (a newer program): the driver sees
 * its own struct, the extra bytes are ignored whatever they hold and come
 * back as they were. Up to the largest size a number can encode.
 */
TEST_F(ioc, oversized)
{
	static const unsigned int extra[] = { 4, 8, 64, 1000, _IOC_SIZEMASK };
	unsigned int size = ioc_size(variant), i, big;
	unsigned char *buf = malloc(_IOC_SIZEMASK + 1);

	ASSERT_NE(NULL, buf);
	for (i = 0; i < ARRAY_SIZE(extra); i++) {
		big = extra[i] == _IOC_SIZEMASK ? _IOC_SIZEMASK : size + extra[i];
		memset(buf, 0, size);
		memset(buf + size, 0xa5, big - size);
		EXPECT_EQ(-variant->zero_err,
			  wse_ioctl_raw(self->fd, wse_req_sized(variant->req, big), buf))
			TH_LOG("size %u", big);
		EXPECT_EQ(-1, wse_first_not(buf + size, 0xa5, big - size))
			TH_LOG("size %u: the bytes past the struct changed", big);
	}
	free(buf);

	/* The extra bytes must be readable, as the core copies them in. */
	buf = self->edge + WSE_PAGE - size;
	memset(buf, 0, size);
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, wse_req_sized(variant->req, size + 8), buf));
}

/* No direction bits: nothing is copied either way. */
TEST_F(ioc, no_direction)
{
	unsigned char buf[256];

	memset(buf, 0xa5, sizeof(buf));
	EXPECT_EQ(-variant->zero_err,
		  wse_ioctl_raw(self->fd, wse_req_dir(variant->req, _IOC_NONE), buf));
	EXPECT_EQ(-1, wse_first_not(buf, 0xa5, sizeof(buf)));
	/* Read-only direction: zeros in, results out. */
	if (_IOC_DIR(variant->req) & _IOC_READ) {
		EXPECT_EQ(-variant->zero_err,
			  wse_ioctl_raw(self->fd, wse_req_dir(variant->req, _IOC_READ), buf));
	}
	/* Write-only direction: the argument in, nothing back. */
	memset(buf, 0, sizeof(buf));
	memset(buf + ioc_size(variant), 0xa5, sizeof(buf) - ioc_size(variant));
	EXPECT_EQ(-variant->zero_err,
		  wse_ioctl_raw(self->fd, wse_req_dir(variant->req, _IOC_WRITE), buf));
	EXPECT_EQ(-1, wse_first_not(buf, 0, ioc_size(variant)));
}

/* Not a DRM request at all, or past the driver's table. */
TEST_F(ioc, wrong_number)
{
	unsigned char buf[256] = { 0 };
	unsigned long req = variant->req;
	unsigned int nr;

	req = (req & ~((unsigned long)_IOC_TYPEMASK << _IOC_TYPESHIFT)) |
	      ((unsigned long)'W' << _IOC_TYPESHIFT);
	EXPECT_EQ(-ENOTTY, wse_ioctl_raw(self->fd, req, buf));
	for (nr = DRM_COMMAND_BASE + DRM_WSE_FW_LOAD + 1; nr < DRM_COMMAND_END; nr++) {
		req = (variant->req & ~((unsigned long)_IOC_NRMASK << _IOC_NRSHIFT)) |
		      ((unsigned long)nr << _IOC_NRSHIFT);
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, req, buf)) TH_LOG("nr 0x%x", nr);
	}
}

/* ------------------------------------------------------------------ */
/* Argument contents                                                   */
/* ------------------------------------------------------------------ */

#define CTX_W		4
#define CTX_H		4
#define CTX_SRAM	4096u
#define CTX_BYTES	(CTX_W * CTX_H * CTX_SRAM)
#define BO_SIZE		(2 * CTX_BYTES)

FIXTURE(dev) {
	int fd;
	struct drm_wse_device_info info;
	struct drm_wse_ctx_create ctx;
	struct wse_bo bo;
	__u32 signalled;		/* a syncobj with a signalled fence */
	__u32 empty;			/* a syncobj without a fence */
	struct drm_wse_kernel_info kernels[64];
	int nkernels;
	struct drm_wse_cmd base[DRM_WSE_CMD_LAUNCH + 1];	/* valid, by opcode */
	int have_launch;		/* base[LAUNCH] names a real kernel */
};

FIXTURE_SETUP(dev)
{
	const struct drm_wse_kernel_info *relu;
	__u32 args[4] = { WSE_FW_DTYPE_F32, 16, 0, 1024 };

	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &self->info));
	ASSERT_EQ(0, wse_ctx_create(self->fd, CTX_W, CTX_H, CTX_SRAM, &self->ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, BO_SIZE, &self->bo));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, DRM_SYNCOBJ_CREATE_SIGNALED,
					&self->signalled));
	ASSERT_EQ(0, wse_syncobj_create(self->fd, 0, &self->empty));
	self->nkernels = wse_query_kernels(self->fd, self->kernels, ARRAY_SIZE(self->kernels));
	ASSERT_LE(0, self->nkernels);

	memset(self->base, 0, sizeof(self->base));
	self->base[DRM_WSE_CMD_COPY_H2F] = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0,
							CTX_W, CTX_H, 16, 0);
	self->base[DRM_WSE_CMD_COPY_F2H] = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, CTX_BYTES,
							0, 0, CTX_W, CTX_H, 16, 0);
	self->base[DRM_WSE_CMD_COPY_F2F] = wse_cmd_f2f(0, 0, 0, CTX_W, CTX_H, 16, 0, 0, 0, 2048);
	self->base[DRM_WSE_CMD_FILL] = wse_cmd_fill(0, 0, CTX_W, CTX_H, 0, 64, 0x12345678);
	/* relu t n o o: 16 floats at 0 to 16 floats at 1024. */
	relu = wse_kernel_find(self->kernels, self->nkernels, "relu");
	self->have_launch = relu && !strcmp(relu->signature, "tnoo");
	self->base[DRM_WSE_CMD_LAUNCH] = wse_cmd_launch(relu ? relu->id : 1, 0, 0, CTX_W, CTX_H,
							4, args);
}

FIXTURE_TEARDOWN(dev)
{
	EXPECT_EQ(0, wse_roundtrip(self->fd, 3));
	EXPECT_EQ(0, wse_roundtrip_fresh(4));
	wse_bo_free(self->fd, &self->bo, 1);
	close(self->fd);
}

/*
 * Submit one command on the fixture's context with its BO, and if that
 * is accepted wait for the job: 0, or -errno of either ioctl.
 */
static int submit_one(const FIXTURE_DATA(dev) *self, const struct drm_wse_cmd *c)
{
	__u64 seqno;
	int ret;

	ret = wse_submit(self->fd, self->ctx.ctx_id, c, 1, &self->bo.handle, 1, NULL, &seqno);
	if (!ret)
		ret = wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, NULL);
	return ret;
}

/* The valid commands the flag and reserved-byte tests start from. */
TEST_F(dev, base_commands_are_valid)
{
	__u32 op;

	for (op = DRM_WSE_CMD_NOP; op <= DRM_WSE_CMD_LAUNCH; op++) {
		if (op == DRM_WSE_CMD_LAUNCH && !self->have_launch)
			continue;
		EXPECT_EQ(0, submit_one(self, &self->base[op])) TH_LOG("opcode %u", op);
	}
}

/* --- flags ---------------------------------------------------------- */

TEST_F(dev, query_flags_and_pad)
{
	struct drm_wse_device_info di;
	struct drm_wse_query q;
	__u32 id, bit;

	for (id = DRM_WSE_QUERY_DEVICE_INFO; id <= DRM_WSE_QUERY_KERNELS; id++) {
		for (bit = 0; bit < 32; bit++) {
			q = (struct drm_wse_query){ .query = id, .size = sizeof(di),
						    .flags = 1u << bit, .data = (uintptr_t)&di };
			EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q))
				TH_LOG("query %u flags bit %u", id, bit);
			EXPECT_EQ(sizeof(di), q.size) TH_LOG("size changed on failure");
			q.flags = 0;
			q.pad = 1u << bit;
			EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q))
				TH_LOG("query %u pad bit %u", id, bit);
		}
	}
	/* Unknown queries, with the data pointer NULL or not. */
	for (id = DRM_WSE_QUERY_KERNELS + 1; id < 64; id++) {
		q = (struct drm_wse_query){ .query = id, .size = 0 };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q));
		EXPECT_EQ(0, q.size);
	}
	for (bit = 3; bit < 32; bit++) {
		q = (struct drm_wse_query){ .query = 1u << bit, .size = sizeof(di),
					    .data = (uintptr_t)&di };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q));
	}
}

TEST_F(dev, bo_flags)
{
	struct drm_wse_bo_create c;
	struct drm_wse_bo_userptr u;
	struct drm_wse_bo_info i;
	unsigned char *mem = wse_map_with_hole(1, 0);
	__u32 bit;

	ASSERT_NE(NULL, mem);
	for (bit = 0; bit < 32; bit++) {
		c = (struct drm_wse_bo_create){ .size = WSE_PAGE, .flags = 1u << bit };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_CREATE, &c))
			TH_LOG("BO_CREATE flags bit %u", bit);
		EXPECT_EQ(0, c.handle);
		i = (struct drm_wse_bo_info){ .handle = self->bo.handle, .flags = 1u << bit };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_INFO, &i))
			TH_LOG("BO_INFO flags bit %u", bit);
		EXPECT_EQ(0, i.size);
		if (DRM_WSE_BO_USERPTR_READONLY & (1u << bit))
			continue;
		u = (struct drm_wse_bo_userptr){ .user_ptr = (uintptr_t)mem, .size = WSE_PAGE,
						 .flags = 1u << bit };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_USERPTR, &u))
			TH_LOG("BO_USERPTR flags bit %u", bit);
		u.flags |= DRM_WSE_BO_USERPTR_READONLY;
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_USERPTR, &u))
			TH_LOG("BO_USERPTR flags READONLY | bit %u", bit);
		EXPECT_EQ(0, u.handle);
	}
	munmap(mem, WSE_PAGE);
}

TEST_F(dev, ctx_flags_and_pad)
{
	struct drm_wse_ctx_create c;
	struct drm_wse_ctx_destroy d;
	__u32 bit;

	for (bit = 0; bit < 32; bit++) {
		c = (struct drm_wse_ctx_create){ .flags = 1u << bit, .width = 1, .height = 1,
						 .sram_bytes = 64 };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_CTX_CREATE, &c))
			TH_LOG("CTX_CREATE flags bit %u", bit);
		EXPECT_EQ(0, c.ctx_id);
		d = (struct drm_wse_ctx_destroy){ .ctx_id = self->ctx.ctx_id, .pad = 1u << bit };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_CTX_DESTROY, &d))
			TH_LOG("CTX_DESTROY pad bit %u", bit);
	}
	/* The context survived all of that. */
	EXPECT_EQ(0, submit_one(self, &self->base[DRM_WSE_CMD_FILL]));
}

TEST_F(dev, submit_and_wait_flags)
{
	struct drm_wse_submit s;
	struct drm_wse_wait w;
	__u64 seqno;
	__u32 bit;

	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &self->base[0], 1, NULL, 0, NULL,
				&seqno));
	for (bit = 0; bit < 32; bit++) {
		s = (struct drm_wse_submit){ .ctx_id = self->ctx.ctx_id, .flags = 1u << bit,
					     .cmds = (uintptr_t)&self->base[0], .cmd_count = 1 };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s))
			TH_LOG("SUBMIT flags bit %u", bit);
		EXPECT_EQ(0, s.seqno);
		w = (struct drm_wse_wait){ .ctx_id = self->ctx.ctx_id, .flags = 1u << bit,
					   .seqno = seqno, .timeout_ns = WSE_WAIT_NS,
					   .status = 0xa5a5a5a5 };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_WAIT, &w))
			TH_LOG("WAIT flags bit %u", bit);
		EXPECT_EQ(0xa5a5a5a5, w.status);
	}
	/* No submit went through: the next seqno follows on. */
	EXPECT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, NULL));
	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &self->base[0], 1, NULL, 0, NULL,
				&s.seqno));
	EXPECT_EQ(seqno + 1, s.seqno);
	EXPECT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, s.seqno, WSE_WAIT_NS, NULL));
}

/* Every bit a command's opcode does not allow, one at a time. */
TEST_F(dev, command_flags)
{
	static const __u32 allowed[] = {
		[DRM_WSE_CMD_NOP] = 0,
		[DRM_WSE_CMD_COPY_H2F] = DRM_WSE_CMD_F_COL_MAJOR | DRM_WSE_CMD_F_DTYPE_16,
		[DRM_WSE_CMD_COPY_F2H] = DRM_WSE_CMD_F_COL_MAJOR | DRM_WSE_CMD_F_DTYPE_16,
		[DRM_WSE_CMD_COPY_F2F] = DRM_WSE_CMD_F_DTYPE_16,
		[DRM_WSE_CMD_FILL] = 0,
		[DRM_WSE_CMD_LAUNCH] = 0,
	};
	struct drm_wse_cmd c;
	__u32 op, bit;

	for (op = DRM_WSE_CMD_NOP; op <= DRM_WSE_CMD_LAUNCH; op++) {
		for (bit = 0; bit < 32; bit++) {
			if (allowed[op] & (1u << bit))
				continue;
			c = self->base[op];
			c.flags |= 1u << bit;
			EXPECT_EQ(-EINVAL, submit_one(self, &c)) TH_LOG("opcode %u bit %u", op, bit);
		}
	}
}

/* Opcodes past the last one, including the device's own numbers. */
TEST_F(dev, unknown_opcodes)
{
	static const __u32 ops[] = { 6, 7, 0x10, 0x11, 0xff, 0x100, 0x80000000, 0xffffffff };
	struct drm_wse_cmd c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		memset(&c, 0, sizeof(c));
		c.opcode = ops[i];
		EXPECT_EQ(-EINVAL, submit_one(self, &c)) TH_LOG("opcode 0x%x", ops[i]);
		c = self->base[DRM_WSE_CMD_FILL];
		c.opcode = ops[i];
		EXPECT_EQ(-EINVAL, submit_one(self, &c)) TH_LOG("opcode 0x%x", ops[i]);
	}
}

/* --- reserved and unused bytes -------------------------------------- */

/* Every byte of the union the opcode does not use, and reserved fields. */
TEST_F(dev, command_reserved_bytes)
{
	static const size_t used[] = {
		[DRM_WSE_CMD_NOP] = 0,
		[DRM_WSE_CMD_COPY_H2F] = sizeof(struct drm_wse_cmd_copy),
		[DRM_WSE_CMD_COPY_F2H] = sizeof(struct drm_wse_cmd_copy),
		[DRM_WSE_CMD_COPY_F2F] = sizeof(struct drm_wse_cmd_copy),
		[DRM_WSE_CMD_FILL] = sizeof(struct drm_wse_cmd_fill),
		[DRM_WSE_CMD_LAUNCH] = sizeof(struct drm_wse_cmd_launch),
	};
	struct drm_wse_cmd c;
	unsigned char *raw;
	size_t b;
	__u32 op;

	for (op = DRM_WSE_CMD_NOP; op <= DRM_WSE_CMD_LAUNCH; op++) {
		for (b = used[op]; b < sizeof(c.raw); b++) {
			c = self->base[op];
			raw = (unsigned char *)c.raw;
			raw[b] = 0x80;
			EXPECT_EQ(-EINVAL, submit_one(self, &c)) TH_LOG("opcode %u byte %zu", op, b);
		}
	}
	for (op = DRM_WSE_CMD_COPY_H2F; op <= DRM_WSE_CMD_COPY_F2F; op++) {
		for (b = 0; b < 32; b++) {
			c = self->base[op];
			c.copy.reserved = 1u << b;
			EXPECT_EQ(-EINVAL, submit_one(self, &c)) TH_LOG("opcode %u bit %zu", op, b);
		}
	}
	for (b = 0; b < 32; b++) {
		c = self->base[DRM_WSE_CMD_FILL];
		c.fill.reserved = 1u << b;
		EXPECT_EQ(-EINVAL, submit_one(self, &c)) TH_LOG("fill reserved bit %zu", b);
	}
	/* LAUNCH: args past nargs are reserved (checked before firmware). */
	for (b = 4; b < DRM_WSE_LAUNCH_MAX_ARGS; b++) {
		c = self->base[DRM_WSE_CMD_LAUNCH];
		c.launch.args[b] = 0x80000000u;
		EXPECT_EQ(-EINVAL, submit_one(self, &c)) TH_LOG("launch args[%zu]", b);
	}
	c = self->base[DRM_WSE_CMD_LAUNCH];
	c.launch.nargs = DRM_WSE_LAUNCH_MAX_ARGS + 1;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c.launch.nargs = 0xffffffff;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
}

/* Fields the opcode does not use must be zero too. */
TEST_F(dev, command_unused_fields)
{
	struct drm_wse_cmd c;
	__u32 op;

	for (op = DRM_WSE_CMD_COPY_H2F; op <= DRM_WSE_CMD_COPY_F2H; op++) {
		c = self->base[op];
		c.copy.dst_y = 1;
		EXPECT_EQ(-EINVAL, submit_one(self, &c));
		c = self->base[op];
		c.copy.dst_pe_offset = 0x80000000u;
		EXPECT_EQ(-EINVAL, submit_one(self, &c));
	}
	c = self->base[DRM_WSE_CMD_COPY_F2F];
	c.copy.bo_offset = 1ull << 63;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c = self->base[DRM_WSE_CMD_COPY_F2F];
	c.copy.length = 1ull << 40;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c = self->base[DRM_WSE_CMD_COPY_F2F];
	c.copy.bo_index = 0x80000000u;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
}

/* --- handles -------------------------------------------------------- */

/* Handles no object of this file has: never valid, never a crash. */
static const __u32 bad_handles[] = { 0, 1000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff };

TEST_F(dev, bad_handles)
{
	struct drm_wse_cmd h2f = self->base[DRM_WSE_CMD_COPY_H2F];
	struct drm_wse_cmd nop = self->base[DRM_WSE_CMD_NOP];
	struct wse_submit_extra x;
	struct drm_wse_bo_info bi;
	struct drm_prime_handle p;
	__u32 bos[2], h;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_handles); i++) {
		h = bad_handles[i];
		if (h == self->bo.handle || h == self->signalled || h == self->empty ||
		    h == self->ctx.ctx_id)
			continue;
		bi = (struct drm_wse_bo_info){ .handle = h };
		EXPECT_EQ(-ENOENT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_INFO, &bi))
			TH_LOG("BO_INFO 0x%x", h);
		EXPECT_EQ(-EINVAL, wse_gem_close(self->fd, h)) TH_LOG("GEM_CLOSE 0x%x", h);
		p = (struct drm_prime_handle){ .handle = h, .flags = DRM_CLOEXEC };
		EXPECT_EQ(-ENOENT, wse_ioctl_raw(self->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p))
			TH_LOG("PRIME_HANDLE_TO_FD 0x%x", h);

		/* As the only BO, or behind a good one. */
		bos[0] = h;
		EXPECT_EQ(-ENOENT, wse_submit(self->fd, self->ctx.ctx_id, &h2f, 1, bos, 1,
					      NULL, NULL)) TH_LOG("BO 0x%x", h);
		bos[0] = self->bo.handle;
		bos[1] = h;
		EXPECT_EQ(-ENOENT, wse_submit(self->fd, self->ctx.ctx_id, &h2f, 1, bos, 2,
					      NULL, NULL)) TH_LOG("second BO 0x%x", h);

		EXPECT_EQ(-ENOENT, wse_submit(self->fd, h, &nop, 1, NULL, 0, NULL, NULL))
			TH_LOG("SUBMIT ctx 0x%x", h);
		EXPECT_EQ(-ENOENT, wse_wait(self->fd, h, 1, 0, NULL)) TH_LOG("WAIT ctx 0x%x", h);
		EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, h)) TH_LOG("DESTROY ctx 0x%x", h);

		memset(&x, 0, sizeof(x));
		x.in_syncobjs = &h;
		x.in_count = 1;
		EXPECT_EQ(-ENOENT, wse_submit(self->fd, self->ctx.ctx_id, &nop, 1, NULL, 0, &x,
					      NULL)) TH_LOG("in syncobj 0x%x", h);
		if (!h)
			continue;	/* out_syncobj 0 means none */
		memset(&x, 0, sizeof(x));
		x.out_syncobj = h;
		EXPECT_EQ(-ENOENT, wse_submit(self->fd, self->ctx.ctx_id, &nop, 1, NULL, 0, &x,
					      NULL)) TH_LOG("out syncobj 0x%x", h);
	}
	/* A syncobj without a fence is a handle, but nothing to wait for. */
	memset(&x, 0, sizeof(x));
	x.in_syncobjs = &self->empty;
	x.in_count = 1;
	EXPECT_EQ(-EINVAL, wse_submit(self->fd, self->ctx.ctx_id, &nop, 1, NULL, 0, &x, NULL));
}

/*
 * Context ids start at 1 and 0 is never one: not after a DESTROY of id 0,
 * nor once every context is gone and ids are handed out again.
 */
TEST_F(dev, ctx_id_zero_stays_invalid)
{
	struct drm_wse_ctx_create c[3];
	int i;

	for (i = 0; i < 3; i++) {
		EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, 0));
		ASSERT_EQ(0, wse_ctx_create(self->fd, 1, 1, 64, &c[i]));
		EXPECT_NE(0, c[i].ctx_id);
	}
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, c[2].ctx_id));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, 0));
	ASSERT_EQ(0, wse_ctx_create(self->fd, 1, 1, 64, &c[2]));
	EXPECT_NE(0, c[2].ctx_id);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(0, wse_ctx_destroy(self->fd, c[i].ctx_id));
	/* The fixture's context is the last one; then none at all. */
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, self->ctx.ctx_id));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, 0));
	ASSERT_EQ(0, wse_ctx_create(self->fd, CTX_W, CTX_H, CTX_SRAM, &self->ctx));
	EXPECT_NE(0, self->ctx.ctx_id);
	EXPECT_EQ(-ENOENT, wse_submit(self->fd, 0, &self->base[0], 1, NULL, 0, NULL, NULL));
	EXPECT_EQ(-ENOENT, wse_wait(self->fd, 0, 1, 0, NULL));
	EXPECT_EQ(0, submit_one(self, &self->base[DRM_WSE_CMD_FILL]));
}

/* A handle that was valid: a closed BO, a destroyed context. */
TEST_F(dev, stale_handles)
{
	struct drm_wse_cmd h2f = self->base[DRM_WSE_CMD_COPY_H2F];
	struct drm_wse_ctx_create c;
	struct drm_wse_bo_info bi;
	struct wse_bo bo;
	__u64 seqno;

	ASSERT_EQ(0, wse_bo_create(self->fd, BO_SIZE, &bo));
	ASSERT_EQ(0, wse_ctx_create(self->fd, 1, 1, 64, &c));
	ASSERT_EQ(0, wse_submit(self->fd, c.ctx_id, &self->base[0], 1, NULL, 0, NULL, &seqno));
	EXPECT_EQ(0, wse_gem_close(self->fd, bo.handle));
	EXPECT_EQ(-EINVAL, wse_gem_close(self->fd, bo.handle));
	bi = (struct drm_wse_bo_info){ .handle = bo.handle };
	EXPECT_EQ(-ENOENT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_INFO, &bi));
	EXPECT_EQ(-ENOENT, wse_submit(self->fd, self->ctx.ctx_id, &h2f, 1, &bo.handle, 1,
				      NULL, NULL));
	munmap(bo.map, bo.size);

	EXPECT_EQ(0, wse_ctx_destroy(self->fd, c.ctx_id));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, c.ctx_id));
	EXPECT_EQ(-ENOENT, wse_wait(self->fd, c.ctx_id, seqno, WSE_WAIT_NS, NULL));
	EXPECT_EQ(-ENOENT, wse_submit(self->fd, c.ctx_id, &self->base[0], 1, NULL, 0, NULL,
				      NULL));
}

/*
 * Handles and context ids name objects of one file. A child process with
 * a file of its own gets ENOENT for the parent's (it has fewer of each,
 * so the parent's highest numbers name nothing there), and where a
 * number exists in both files it means the child's own object.
 */
TEST_F(dev, handles_of_another_process)
{
	struct drm_wse_ctx_create c2;
	struct wse_bo b2, b3;
	int status;
	pid_t pid;

	ASSERT_EQ(0, wse_bo_create(self->fd, 3 * WSE_PAGE, &b2));
	ASSERT_EQ(0, wse_bo_create(self->fd, 5 * WSE_PAGE, &b3));
	ASSERT_EQ(0, wse_ctx_create(self->fd, 1, 1, 64, &c2));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct drm_wse_cmd h2f = self->base[DRM_WSE_CMD_COPY_H2F];
		struct drm_wse_ctx_create own;
		struct drm_wse_bo_info bi = { 0 };
		struct wse_bo mine;
		int fd = wse_open();

		if (fd < 0 || wse_bo_create(fd, WSE_PAGE, &mine) ||
		    wse_ctx_create(fd, CTX_W, CTX_H, CTX_SRAM, &own))
			_exit(10);
		bi.handle = b3.handle;
		if (wse_ioctl_raw(fd, DRM_IOCTL_WSE_BO_INFO, &bi) != -ENOENT)
			_exit(11);
		if (wse_submit(fd, own.ctx_id, &h2f, 1, &b3.handle, 1, NULL, NULL) != -ENOENT)
			_exit(12);
		if (wse_submit(fd, c2.ctx_id, &self->base[0], 1, NULL, 0, NULL, NULL) != -ENOENT)
			_exit(13);
		if (wse_wait(fd, c2.ctx_id, 1, 0, NULL) != -ENOENT)
			_exit(14);
		if (wse_ctx_destroy(fd, c2.ctx_id) != -ENOENT)
			_exit(15);
		/* Number 1 exists here too: it is the child's one-page BO. */
		bi.handle = mine.handle;
		if (wse_ioctl_raw(fd, DRM_IOCTL_WSE_BO_INFO, &bi) || bi.size != WSE_PAGE)
			_exit(16);
		if (wse_roundtrip(fd, 5))
			_exit(17);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("child step %d failed", WEXITSTATUS(status));

	/* The parent's objects are untouched. */
	EXPECT_EQ(0, wse_submit(self->fd, c2.ctx_id, &self->base[0], 1, NULL, 0, NULL, NULL));
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, c2.ctx_id));
	wse_bo_free(self->fd, &b3, 1);
	wse_bo_free(self->fd, &b2, 1);
}

/* --- counts, sizes and offsets -------------------------------------- */

TEST_F(dev, huge_counts)
{
	static const __u32 counts[] = { 0x80000000u, 0xffffffffu, 0x10000u };
	struct drm_wse_cmd *cmds, *edge;
	struct drm_wse_submit s;
	unsigned char *mem;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		s = (struct drm_wse_submit){ .ctx_id = self->ctx.ctx_id, .cmds = 1,
					     .cmd_count = counts[i] };
		EXPECT_EQ(-E2BIG, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
		s.cmd_count = 1;
		s.cmds = (uintptr_t)&self->base[0];
		s.bo_count = counts[i];
		EXPECT_EQ(-E2BIG, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
		s.bo_count = 0;
		s.in_syncobj_count = counts[i];
		EXPECT_EQ(-E2BIG, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
	}

	/* The largest counts, but arrays that end early: EFAULT. */
	mem = wse_map_with_hole(DRM_WSE_MAX_CMDS * sizeof(*cmds) / WSE_PAGE, 1);
	ASSERT_NE(NULL, mem);
	cmds = (struct drm_wse_cmd *)mem;
	memset(cmds, 0, DRM_WSE_MAX_CMDS * sizeof(*cmds));
	edge = cmds + 1;		/* DRM_WSE_MAX_CMDS - 1 NOPs, then the hole */
	s = (struct drm_wse_submit){ .ctx_id = self->ctx.ctx_id, .cmds = (uintptr_t)edge,
				     .cmd_count = DRM_WSE_MAX_CMDS };
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
	s.cmds = (uintptr_t)cmds;
	s.bo_handles = (uintptr_t)(mem + DRM_WSE_MAX_CMDS * sizeof(*cmds) - 4);
	s.bo_count = 2;
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
	s.bo_count = 0;
	s.in_syncobjs = s.bo_handles;
	s.in_syncobj_count = DRM_WSE_MAX_IN_SYNCOBJS;
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
	/* Exactly DRM_WSE_MAX_CMDS NOPs: fine. */
	s.in_syncobj_count = 0;
	EXPECT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
	EXPECT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, s.seqno, WSE_WAIT_NS, NULL));
	munmap(mem, DRM_WSE_MAX_CMDS * sizeof(*cmds) + WSE_PAGE);
}

/* A huge QUERY size with a small buffer: only the block's bytes are written. */
TEST_F(dev, query_huge_size)
{
	unsigned int defects = self->info.defect_count;
	size_t sizes[] = { sizeof(struct drm_wse_device_info), defects * sizeof(struct drm_wse_defect),
			   self->nkernels * sizeof(struct drm_wse_kernel_info) };
	struct drm_wse_query q;
	unsigned char *mem;
	__u32 id;

	for (id = DRM_WSE_QUERY_DEVICE_INFO; id <= DRM_WSE_QUERY_KERNELS; id++) {
		size_t n = sizes[id];
		size_t pages = n / WSE_PAGE + 1;

		mem = wse_map_with_hole(pages, 1);
		ASSERT_NE(NULL, mem);
		/* The block ends exactly where the hole starts. */
		q = (struct drm_wse_query){ .query = id, .size = 0xffffffff,
					    .data = (uintptr_t)(mem + pages * WSE_PAGE - n) };
		EXPECT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q)) TH_LOG("query %u", id);
		EXPECT_EQ(n, q.size);
		/* One byte further and the block no longer fits. */
		q.size = 0xffffffff;
		if (n)
			q.data += 1;
		EXPECT_EQ(n ? -EFAULT : 0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q))
			TH_LOG("query %u", id);
		EXPECT_EQ(n ? 0xffffffff : 0, q.size) TH_LOG("size changed on failure");
		/* Data in the kernel, unmapped: EFAULT if there is anything to copy. */
		q = (struct drm_wse_query){ .query = id, .size = 0xffffffff,
					    .data = WSE_KERNEL_PTR };
		EXPECT_EQ(n ? -EFAULT : 0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q));
		q.size = 0;
		EXPECT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q));
		EXPECT_EQ(n, q.size);
		munmap(mem, (pages + 1) * WSE_PAGE);
	}
}

static int bo_create_size(int fd, __u64 size, __u64 *got)
{
	struct drm_wse_bo_create c = { .size = size };
	int ret = wse_ioctl_raw(fd, DRM_IOCTL_WSE_BO_CREATE, &c);

	if (!ret) {
		*got = c.size;
		wse_gem_close(fd, c.handle);
	}
	return ret;
}

TEST_F(dev, bo_sizes_that_wrap)
{
	__u64 got = 0;

	EXPECT_EQ(-EINVAL, bo_create_size(self->fd, ~0ull, &got));
	EXPECT_EQ(-EINVAL, bo_create_size(self->fd, ~0ull - WSE_PAGE + 2, &got));
	EXPECT_EQ(-EINVAL, bo_create_size(self->fd, 1ull << 63, &got));
	EXPECT_EQ(-EINVAL, bo_create_size(self->fd, (1ull << 32) + 1, &got));
	EXPECT_EQ(-EINVAL, bo_create_size(self->fd, 0, &got));
	/* The limit itself is allowed: shmem is only allocated when used. */
	EXPECT_EQ(0, bo_create_size(self->fd, 1ull << 32, &got));
	EXPECT_EQ(1ull << 32, got);
	EXPECT_EQ(0, bo_create_size(self->fd, (1ull << 32) - WSE_PAGE + 1, &got));
	EXPECT_EQ(1ull << 32, got);
}

static int userptr(int fd, __u64 ptr, __u64 size, __u32 flags)
{
	struct drm_wse_bo_userptr u = { .user_ptr = ptr, .size = size, .flags = flags };
	int ret = wse_ioctl_raw(fd, DRM_IOCTL_WSE_BO_USERPTR, &u);

	if (!ret)
		wse_gem_close(fd, u.handle);
	return ret;
}

TEST_F(dev, userptr_ranges_that_wrap)
{
	const __u64 top = ~0ull & ~(__u64)(WSE_PAGE - 1);
	unsigned char *mem = wse_map_with_hole(2, 0);
	__u64 p = (uintptr_t)mem;

	ASSERT_NE(NULL, mem);
	/* addr + size wraps, or ends exactly at 2^64. */
	EXPECT_EQ(-EINVAL, userptr(self->fd, top, WSE_PAGE, 0));
	EXPECT_EQ(-EINVAL, userptr(self->fd, top, 2 * WSE_PAGE, 0));
	EXPECT_EQ(-EINVAL, userptr(self->fd, p, top, 0));
	EXPECT_EQ(-EINVAL, userptr(self->fd, p, 1ull << 63, 0));
	EXPECT_EQ(-EINVAL, userptr(self->fd, top - (1ull << 32) + WSE_PAGE, 1ull << 32, 0));
	/* Above the user address space, or reaching into it. */
	EXPECT_EQ(-EFAULT, userptr(self->fd, WSE_KERNEL_PTR, WSE_PAGE, 0));
	EXPECT_EQ(-EFAULT, userptr(self->fd, WSE_NONCANON_PTR, WSE_PAGE, 0));
	EXPECT_EQ(-EFAULT, userptr(self->fd, WSE_NONCANON_PTR - WSE_PAGE, 2 * WSE_PAGE, 0));
	EXPECT_EQ(-EFAULT, userptr(self->fd, WSE_NONCANON_PTR - WSE_PAGE, 2 * WSE_PAGE,
				   DRM_WSE_BO_USERPTR_READONLY));
	EXPECT_EQ(-EFAULT, userptr(self->fd, 0, WSE_PAGE, DRM_WSE_BO_USERPTR_READONLY));
	/* The device's own BO mapping is not user memory to pin. */
	EXPECT_EQ(-EFAULT, userptr(self->fd, (uintptr_t)self->bo.map, WSE_PAGE, 0));
	EXPECT_EQ(0, userptr(self->fd, p, 2 * WSE_PAGE, 0));
	munmap(mem, 2 * WSE_PAGE);
}

TEST_F(dev, copy_offsets_that_wrap)
{
	struct drm_wse_cmd base = self->base[DRM_WSE_CMD_COPY_F2H], c;
	__u64 len = base.copy.length;

	/* bo_offset + length wraps u64, to inside the BO or to 0. */
	c = base;
	c.copy.bo_offset = 0 - len / 2;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c.copy.bo_offset = 0 - len;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c.copy.bo_offset = ~0ull;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	/* length that matches the shape only modulo 2^32 or 2^64. */
	c = base;
	c.copy.length = len + (1ull << 32);
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c.copy.length = len | 1ull << 63;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	/* elems * width * height * 4 overflowing u32 and u64 arithmetic. */
	c = base;
	c.copy.elems_per_pe = 0x40000000;
	c.copy.length = (__u64)0x40000000 * 4 * CTX_W * CTX_H;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));	/* larger than the BO */
	c.copy.elems_per_pe = 0xffffffff;
	c.copy.length = 0xffffffffull * 4 * CTX_W * CTX_H;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	/* pe_offset + bytes wrapping u32 inside the context's range. */
	c = base;
	c.copy.pe_offset = 0xffffffc0;
	EXPECT_EQ(-EACCES, submit_one(self, &c));
	c = self->base[DRM_WSE_CMD_COPY_F2F];
	c.copy.dst_pe_offset = 0xffffffc0;
	EXPECT_EQ(-EACCES, submit_one(self, &c));
}

TEST_F(dev, rectangles_that_wrap)
{
	static const __u16 xs[][2] = {	/* x, width */
		{ 0xffff, 1 }, { 0xffff, 2 }, { 0xffff, 0xffff }, { 1, 0xffff },
		{ 0x8000, 0x8000 }, { CTX_W, 1 }, { 0, CTX_W + 1 },
	};
	struct drm_wse_cmd c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xs); i++) {
		c = self->base[DRM_WSE_CMD_FILL];
		c.fill.x = xs[i][0];
		c.fill.width = xs[i][1];
		EXPECT_EQ(-EACCES, submit_one(self, &c)) TH_LOG("fill x %u w %u", xs[i][0], xs[i][1]);
		c = self->base[DRM_WSE_CMD_FILL];
		c.fill.y = xs[i][0];
		c.fill.height = xs[i][1];
		EXPECT_EQ(-EACCES, submit_one(self, &c)) TH_LOG("fill y %u h %u", xs[i][0], xs[i][1]);
		c = self->base[DRM_WSE_CMD_COPY_F2F];
		c.copy.dst_x = xs[i][0];
		if (xs[i][1] == 1)	/* the source must fit: widen only dst */
			EXPECT_EQ(-EACCES, submit_one(self, &c)) TH_LOG("f2f dst_x %u", xs[i][0]);
		c = self->base[DRM_WSE_CMD_COPY_H2F];
		c.copy.x = xs[i][0];
		c.copy.width = xs[i][1];
		c.copy.elems_per_pe = 1;
		c.copy.length = (__u64)xs[i][1] * CTX_H * 4;
		EXPECT_EQ(c.copy.length > BO_SIZE ? -EINVAL : -EACCES, submit_one(self, &c))
			TH_LOG("h2f x %u w %u", xs[i][0], xs[i][1]);
		if (!self->have_launch)
			continue;
		c = self->base[DRM_WSE_CMD_LAUNCH];
		c.launch.x = xs[i][0];
		c.launch.width = xs[i][1];
		EXPECT_EQ(-EACCES, submit_one(self, &c)) TH_LOG("launch x %u w %u",
								 xs[i][0], xs[i][1]);
	}
	/* FILL byte ranges wrapping u32. */
	c = self->base[DRM_WSE_CMD_FILL];
	c.fill.pe_offset = 0xffffff00;
	c.fill.length = 0x200;
	EXPECT_EQ(-EACCES, submit_one(self, &c));
	c.fill.pe_offset = 4;
	c.fill.length = 0xfffffffc;
	EXPECT_EQ(-EACCES, submit_one(self, &c));
}

TEST_F(dev, launch_arguments)
{
	struct drm_wse_cmd c;

	if (!self->have_launch)
		SKIP(return, "no firmware with relu running");
	/* 'o' at or past the end of the context's range, or wrapping. */
	c = self->base[DRM_WSE_CMD_LAUNCH];
	c.launch.args[2] = CTX_SRAM;
	EXPECT_EQ(-EACCES, submit_one(self, &c));
	c.launch.args[2] = 0xfffffffc;
	EXPECT_EQ(-EACCES, submit_one(self, &c));
	c.launch.args[2] = 2;	/* misaligned for f32 */
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	/* 't' and 'n' outside their domains. */
	c = self->base[DRM_WSE_CMD_LAUNCH];
	c.launch.args[0] = 31;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c.launch.args[0] = 0xffffffff;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c = self->base[DRM_WSE_CMD_LAUNCH];
	c.launch.args[1] = 0;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c.launch.args[1] = 65537;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	c.launch.args[1] = 0xffffffff;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	/* nargs that is not the signature's length. */
	c = self->base[DRM_WSE_CMD_LAUNCH];
	c.launch.nargs = 3;
	c.launch.args[3] = 0;
	EXPECT_EQ(-EINVAL, submit_one(self, &c));
	/* Kernels the firmware does not have. */
	c = self->base[DRM_WSE_CMD_LAUNCH];
	c.launch.kernel_id = 0xffffffff;
	EXPECT_EQ(-ENOENT, submit_one(self, &c));
	c.launch.kernel_id = 0;
	EXPECT_EQ(-ENOENT, submit_one(self, &c));
}

TEST_F(dev, wait_seqnos)
{
	static const __u64 bad[] = { 0, 2, 3, 1ull << 32, 1ull << 63, ~0ull };
	struct drm_wse_wait w;
	unsigned int i;
	__u64 seqno;

	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &self->base[0], 1, NULL, 0, NULL,
				&seqno));
	ASSERT_EQ(1, seqno);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		w = (struct drm_wse_wait){ .ctx_id = self->ctx.ctx_id, .seqno = bad[i],
					   .timeout_ns = WSE_WAIT_NS, .status = 0xa5a5a5a5,
					   .failed_cmd = 0xa5a5a5a5 };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_WAIT, &w))
			TH_LOG("seqno %llu", (unsigned long long)bad[i]);
		EXPECT_EQ(0xa5a5a5a5, w.status) TH_LOG("output written on failure");
		EXPECT_EQ(0xa5a5a5a5, w.failed_cmd);
	}
	EXPECT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, 1, WSE_WAIT_NS, NULL));
}

/*
 * Every timeout means "that long": the largest ones wait like any other
 * (they must not wrap to 0, which would only poll and give ETIME). The
 * job is long enough to be still running when WAIT starts.
 */
TEST_F(dev, wait_huge_timeouts)
{
	static const __u64 timeouts[] = { ~0ull, ~0ull - 1, ~0ull - 999999, 1ull << 63,
					  (1ull << 63) - 1 };
	struct drm_wse_cmd *cmds;
	struct drm_wse_wait w;
	unsigned int i, j;
	__u64 seqno;

	cmds = calloc(DRM_WSE_MAX_CMDS, sizeof(*cmds));
	ASSERT_NE(NULL, cmds);
	for (j = 0; j < DRM_WSE_MAX_CMDS; j++)
		cmds[j] = wse_cmd_fill(0, 0, CTX_W, CTX_H, 0, CTX_SRAM, j);
	for (i = 0; i < ARRAY_SIZE(timeouts); i++) {
		ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, DRM_WSE_MAX_CMDS, NULL, 0,
					NULL, &seqno));
		w = (struct drm_wse_wait){ .ctx_id = self->ctx.ctx_id, .seqno = seqno,
					   .timeout_ns = timeouts[i] };
		EXPECT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_WAIT, &w))
			TH_LOG("timeout 0x%llx", (unsigned long long)timeouts[i]);
		EXPECT_EQ(DRM_WSE_JOB_OK, w.status);
		/* Whatever happened, do not leave the job behind. */
		EXPECT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, NULL));
	}
	free(cmds);
}

TEST_F(dev, fw_load_refusals)
{
	struct drm_wse_device_info before, after;
	struct drm_wse_fw_load l;
	unsigned char *img;
	__u32 bit;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, wse_device_info(self->fd, &before));
	img = wse_map_with_hole(1, 1);
	ASSERT_NE(NULL, img);
	wse_pattern(img, WSE_PAGE, 99);
	for (bit = 0; bit < 32; bit++) {
		l = (struct drm_wse_fw_load){ .data = (uintptr_t)img, .size = WSE_PAGE,
					      .flags = 1u << bit };
		EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	}
	l = (struct drm_wse_fw_load){ .data = (uintptr_t)img, .size = WSE_FW_MAX_SIZE + 1 };
	EXPECT_EQ(-E2BIG, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	l.size = 0xffffffff;
	EXPECT_EQ(-E2BIG, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	l.size = WSE_PAGE + 1;		/* one byte into the hole */
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	l.data = 0;
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	l.data = WSE_KERNEL_PTR;
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	/* Garbage, and garbage behind a valid magic. */
	l = (struct drm_wse_fw_load){ .data = (uintptr_t)img, .size = WSE_PAGE };
	EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	((struct wse_fw_header *)img)->magic = WSE_FW_IMAGE_MAGIC;
	EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	l.size = 3;
	EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	munmap(img, 2 * WSE_PAGE);

	/* The running firmware kept running, untouched. */
	ASSERT_EQ(0, wse_device_info(self->fd, &after));
	EXPECT_EQ(before.fw_state, after.fw_state);
	EXPECT_EQ(before.fw_version, after.fw_version);
	EXPECT_EQ(before.reset_count, after.reset_count);
	EXPECT_EQ(self->nkernels, wse_query_kernels(self->fd, self->kernels,
						    ARRAY_SIZE(self->kernels)));
}

/* mmap through the file: only a BO's own range, at its own offset. */
TEST_F(dev, mmap_abuse)
{
	struct drm_wse_bo_info bi = { .handle = self->bo.handle };
	void *p;

	ASSERT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_INFO, &bi));
	p = mmap(NULL, bi.size + WSE_PAGE, PROT_READ, MAP_SHARED, self->fd, bi.mmap_offset);
	EXPECT_EQ(MAP_FAILED, p) TH_LOG("mapped past the end of the BO");
	p = mmap(NULL, WSE_PAGE, PROT_READ, MAP_SHARED, self->fd, bi.mmap_offset + bi.size);
	EXPECT_EQ(MAP_FAILED, p);
	p = mmap(NULL, WSE_PAGE, PROT_READ, MAP_SHARED, self->fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	p = mmap(NULL, WSE_PAGE, PROT_READ, MAP_SHARED, self->fd, 1ull << 40);
	EXPECT_EQ(MAP_FAILED, p);
	/* The BO at its own offset is fine. */
	wse_pattern(self->bo.map, bi.size, 7);
	p = mmap(NULL, bi.size, PROT_READ, MAP_SHARED, self->fd, bi.mmap_offset);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, memcmp(p, self->bo.map, bi.size));
	munmap(p, bi.size);
}

/* ------------------------------------------------------------------ */
/* What the DRM core's size handling means for each ioctl               */
/* ------------------------------------------------------------------ */

/*
 * The number's size drops QUERY.data: the driver sees NULL and reports
 * the size only, although the memory holds a pointer that would fault.
 */
TEST_F(dev, short_query_drops_data)
{
	struct drm_wse_query q = { .query = DRM_WSE_QUERY_DEVICE_INFO, .size = 128,
				   .data = WSE_KERNEL_PTR };

	EXPECT_EQ(-EFAULT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(0, wse_ioctl_raw(self->fd,
				   wse_req_sized(DRM_IOCTL_WSE_QUERY,
						 offsetof(struct drm_wse_query, data)), &q));
	EXPECT_EQ(sizeof(struct drm_wse_device_info), q.size);
	EXPECT_EQ(WSE_KERNEL_PTR, q.data);
}

/* ... drops SUBMIT.out_syncobj and .seqno: no syncobj, seqno not written. */
TEST_F(dev, short_submit_drops_tail)
{
	struct drm_wse_submit s = { .ctx_id = self->ctx.ctx_id,
				    .cmds = (uintptr_t)&self->base[0], .cmd_count = 1,
				    .out_syncobj = 0xdeadbeef, .seqno = 0xa5a5a5a5a5a5a5a5ull };

	EXPECT_EQ(-ENOENT, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
	EXPECT_EQ(0, wse_ioctl_raw(self->fd,
				   wse_req_sized(DRM_IOCTL_WSE_SUBMIT,
						 offsetof(struct drm_wse_submit, out_syncobj)),
				   &s));
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ull, s.seqno);
	EXPECT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, 1, WSE_WAIT_NS, NULL));
}

/* ... drops CTX_DESTROY.pad and FW_LOAD.size. */
TEST_F(dev, short_destroy_and_fw_load)
{
	struct drm_wse_ctx_create c;
	struct drm_wse_ctx_destroy d;
	struct drm_wse_fw_load l = { .data = 1, .size = WSE_FW_MAX_SIZE + 1 };

	ASSERT_EQ(0, wse_ctx_create(self->fd, 1, 1, 64, &c));
	d = (struct drm_wse_ctx_destroy){ .ctx_id = c.ctx_id, .pad = 0xffffffff };
	EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_CTX_DESTROY, &d));
	EXPECT_EQ(0, wse_ioctl_raw(self->fd, wse_req_sized(DRM_IOCTL_WSE_CTX_DESTROY, 4), &d));
	EXPECT_EQ(-ENOENT, wse_ctx_destroy(self->fd, c.ctx_id));
	if (geteuid())
		return;
	EXPECT_EQ(-E2BIG, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_FW_LOAD, &l));
	/* data 1, size 0: an empty image, refused before any copy. */
	EXPECT_EQ(-EINVAL, wse_ioctl_raw(self->fd, wse_req_sized(DRM_IOCTL_WSE_FW_LOAD, 8), &l));
}

/*
 * CTX_CREATE with its argument in read-only memory: the driver created
 * the context, the core could not write its id back (EFAULT). The
 * context holds its fabric until the file is closed, like any context
 * the program lost track of; then another file can have the whole grid.
 */
TEST_F(dev, ro_ctx_create)
{
	struct drm_wse_ctx_create *c, full;
	int fd = wse_open();

	ASSERT_LE(0, fd);
	c = mmap(NULL, WSE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, c);
	c->width = self->info.log_width;
	c->height = self->info.log_height;
	c->sram_bytes = self->info.pe_sram_bytes;
	ASSERT_EQ(0, mprotect(c, WSE_PAGE, PROT_READ));
	wse_ctx_destroy(self->fd, self->ctx.ctx_id);	/* make room for it */
	self->ctx.ctx_id = 0;
	EXPECT_EQ(-EFAULT, wse_ioctl_raw(fd, DRM_IOCTL_WSE_CTX_CREATE, c));
	EXPECT_EQ(0, c->ctx_id);
	close(fd);
	EXPECT_EQ(0, wse_ctx_create(self->fd, self->info.log_width, self->info.log_height,
				    self->info.pe_sram_bytes, &full));
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, full.ctx_id));
	munmap(c, WSE_PAGE);
}

/* ------------------------------------------------------------------ */
/* Output structs are fully written                                    */
/* ------------------------------------------------------------------ */

/*
 * Run the same call twice over outputs prefilled with 0xa5 and with 0x5a:
 * every output byte the driver writes comes out the same both times;
 * a byte it forgot shows the prefill. @len bytes at @out are compared.
 */
#define PREFILLED(fd, req, arg, out, len, setup)				\
	({									\
		unsigned char _a[4096], _b[4096];				\
		int _r1, _r2;							\
		setup;								\
		memset((out), 0xa5, (len));					\
		_r1 = wse_ioctl_raw((fd), (req), (arg));			\
		memcpy(_a, (out), (len));					\
		setup;								\
		memset((out), 0x5a, (len));					\
		_r2 = wse_ioctl_raw((fd), (req), (arg));			\
		memcpy(_b, (out), (len));					\
		ASSERT_EQ(0, _r1);						\
		ASSERT_EQ(0, _r2);						\
		wse_first_diff(_a, _b, (len));					\
	})

TEST_F(dev, outputs_of_query)
{
	struct drm_wse_query q;
	unsigned char buf[4096];
	__u32 id, n;

	for (id = DRM_WSE_QUERY_DEVICE_INFO; id <= DRM_WSE_QUERY_KERNELS; id++) {
		q = (struct drm_wse_query){ .query = id };
		ASSERT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_QUERY, &q));
		n = q.size;
		ASSERT_GE(sizeof(buf), n);
		EXPECT_EQ(-1, PREFILLED(self->fd, DRM_IOCTL_WSE_QUERY, &q, buf, n,
					q = ((struct drm_wse_query){ .query = id, .size = n,
								     .data = (uintptr_t)buf })))
			TH_LOG("query %u: a byte of the block was not written", id);
	}
	/* Kernel table entries: flags 0, strings NUL-padded to the end. */
	for (id = 0; id < (__u32)self->nkernels; id++) {
		const struct drm_wse_kernel_info *k = &self->kernels[id];
		size_t l = strnlen(k->name, sizeof(k->name));

		EXPECT_EQ(0, k->flags);
		EXPECT_GT(sizeof(k->name), l);
		EXPECT_EQ(-1, wse_first_not(k->name + l, 0, sizeof(k->name) - l));
		l = strnlen(k->signature, sizeof(k->signature));
		EXPECT_GT(sizeof(k->signature), l);
		EXPECT_EQ(-1, wse_first_not(k->signature + l, 0, sizeof(k->signature) - l));
	}
}

TEST_F(dev, outputs_of_objects)
{
	struct drm_wse_bo_create c;
	struct drm_wse_bo_info bi;
	struct drm_wse_ctx_create cc;
	struct drm_wse_bo_userptr u;
	unsigned char *mem = wse_map_with_hole(1, 0);
	long diff;

	ASSERT_NE(NULL, mem);
	/* BO_CREATE: handle and mmap_offset differ per call; check 0xa5 gone. */
	c = (struct drm_wse_bo_create){ .size = 100, .handle = 0xa5a5a5a5,
					.mmap_offset = 0xa5a5a5a5a5a5a5a5ull };
	ASSERT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_CREATE, &c));
	EXPECT_EQ(WSE_PAGE, c.size);
	EXPECT_EQ(0, c.flags);
	EXPECT_NE(0xa5a5a5a5, c.handle);
	EXPECT_NE(0xa5a5a5a5a5a5a5a5ull, c.mmap_offset);

	diff = PREFILLED(self->fd, DRM_IOCTL_WSE_BO_INFO, &bi, &bi.size, 16,
			 bi = ((struct drm_wse_bo_info){ .handle = c.handle }));
	EXPECT_EQ(-1, diff);
	EXPECT_EQ(WSE_PAGE, bi.size);
	EXPECT_EQ(c.mmap_offset, bi.mmap_offset);
	EXPECT_EQ(c.handle, bi.handle);
	EXPECT_EQ(0, bi.flags);
	wse_gem_close(self->fd, c.handle);

	u = (struct drm_wse_bo_userptr){ .user_ptr = (uintptr_t)mem, .size = WSE_PAGE,
					 .handle = 0xa5a5a5a5 };
	ASSERT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_BO_USERPTR, &u));
	EXPECT_NE(0xa5a5a5a5, u.handle);
	diff = PREFILLED(self->fd, DRM_IOCTL_WSE_BO_INFO, &bi, &bi.size, 16,
			 bi = ((struct drm_wse_bo_info){ .handle = u.handle }));
	EXPECT_EQ(-1, diff);
	EXPECT_EQ(0, bi.mmap_offset);
	wse_gem_close(self->fd, u.handle);
	munmap(mem, WSE_PAGE);

	/* CTX_CREATE: id, x, y, sram_offset. The grid has room at (0, 0) + 4. */
	cc = (struct drm_wse_ctx_create){ .width = 1, .height = 1, .sram_bytes = 64,
					  .ctx_id = 0xa5a5a5a5, .x = 0xa5a5, .y = 0xa5a5,
					  .sram_offset = 0xa5a5a5a5 };
	ASSERT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_CTX_CREATE, &cc));
	EXPECT_NE(0xa5a5a5a5, cc.ctx_id);
	EXPECT_NE(0, cc.ctx_id);
	EXPECT_LT(cc.x, self->info.log_width);
	EXPECT_LT(cc.y, self->info.log_height);
	EXPECT_LT(cc.sram_offset, self->info.pe_sram_bytes);
	EXPECT_EQ(1, cc.width);
	EXPECT_EQ(0, cc.flags);
	EXPECT_EQ(0, wse_ctx_destroy(self->fd, cc.ctx_id));
}

/* WAIT twice over 0xa5 and 0x5a prefills: the same outputs both times. */
static long wait_outputs(const FIXTURE_DATA(dev) *self, __u64 seqno, struct drm_wse_wait *w)
{
	unsigned char a[16];

	*w = (struct drm_wse_wait){ .ctx_id = self->ctx.ctx_id, .seqno = seqno,
				    .timeout_ns = WSE_WAIT_NS };
	memset(&w->status, 0xa5, 16);
	if (wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_WAIT, w))
		return -2;
	memcpy(a, &w->status, 16);
	memset(&w->status, 0x5a, 16);
	if (wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_WAIT, w))
		return -2;
	return wse_first_diff(a, &w->status, 16);
}

TEST_F(dev, outputs_of_jobs)
{
	struct drm_wse_submit s;
	struct drm_wse_wait w;

	s = (struct drm_wse_submit){ .ctx_id = self->ctx.ctx_id,
				     .cmds = (uintptr_t)&self->base[0], .cmd_count = 1,
				     .seqno = 0xa5a5a5a5a5a5a5a5ull };
	ASSERT_EQ(0, wse_ioctl_raw(self->fd, DRM_IOCTL_WSE_SUBMIT, &s));
	EXPECT_EQ(1, s.seqno);

	/* A job that went fine. */
	EXPECT_EQ(-1, wait_outputs(self, 1, &w));
	EXPECT_EQ(DRM_WSE_JOB_OK, w.status);
	EXPECT_EQ(0, w.failed_cmd);
	EXPECT_EQ(1, w.seqno);
	EXPECT_EQ(self->ctx.ctx_id, w.ctx_id);
	EXPECT_EQ(0, w.flags);

	/* One the device failed: a FILL, then relu writing past the range. */
	if (self->have_launch) {
		struct drm_wse_cmd cmds[2] = { self->base[DRM_WSE_CMD_FILL],
					       self->base[DRM_WSE_CMD_LAUNCH] };
		__u64 seqno;

		cmds[1].launch.args[3] = CTX_SRAM - 4;
		ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, cmds, 2, NULL, 0, NULL,
					&seqno));
		EXPECT_EQ(-1, wait_outputs(self, seqno, &w));
		EXPECT_EQ(WSE_STS_FABRIC_RANGE, w.status);
		EXPECT_EQ(1, w.failed_cmd);
	}
}

TEST_HARNESS_MAIN
