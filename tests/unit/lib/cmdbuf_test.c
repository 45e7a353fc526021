// SPDX-License-Identifier: GPL-2.0-only
/*
 * libwse's contexts, command-buffer builder and wait, against the fake
 * driver (fake_accel.c): the packets that reach DRM_IOCTL_WSE_SUBMIT,
 * field by field; bo_index assignment; the ABI's limits; the checks made
 * at append time and the errno each gives; what submit and wait pass on.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "fake_accel.h"
#include "wse_hw.h"

#define CTX_W		8
#define CTX_H		6
#define CTX_SRAM	8192

FIXTURE(cmdbuf) {
	struct wse_device *dev;
	struct wse_ctx *ctx;
	struct wse_cmdbuf *cb;
	struct wse_bo *a, *b;
	uint32_t ha, hb;
};

FIXTURE_SETUP(cmdbuf)
{
	fake_reset();
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_ctx_create(self->dev, CTX_W, CTX_H, CTX_SRAM, &self->ctx));
	ASSERT_EQ(0, wse_cmdbuf_create(self->ctx, &self->cb));
	ASSERT_EQ(0, wse_bo_create(self->dev, 65536, &self->a));
	ASSERT_EQ(0, wse_bo_create(self->dev, 65536, &self->b));
	self->ha = wse_bo_handle(self->a);
	self->hb = wse_bo_handle(self->b);
	ASSERT_NE(self->ha, self->hb);
}

FIXTURE_TEARDOWN(cmdbuf)
{
	wse_cmdbuf_destroy(self->cb);
	wse_bo_destroy(self->a);
	wse_bo_destroy(self->b);
	wse_ctx_destroy(self->ctx);
	wse_device_close(self->dev);
	fake_cleanup();
}

TEST_F(cmdbuf, ctx_reports_its_placement)
{
	struct wse_ctx_info info;

	memset(&info, 0xa5, sizeof(info));
	wse_ctx_get_info(self->ctx, &info);
	EXPECT_EQ(100u, info.id);
	EXPECT_EQ(5u, info.x);
	EXPECT_EQ(3u, info.y);
	EXPECT_EQ((uint32_t)CTX_W, info.width);
	EXPECT_EQ((uint32_t)CTX_H, info.height);
	EXPECT_EQ(4096u, info.sram_offset);
	EXPECT_EQ((uint32_t)CTX_SRAM, info.sram_bytes);
	EXPECT_EQ(self->dev, wse_ctx_device(self->ctx));
}

TEST_F(cmdbuf, ctx_create_errors)
{
	struct wse_ctx *ctx = (struct wse_ctx *)0x1, *more[FAKE_MAX_CTXS];
	unsigned int i, n = 0;

	EXPECT_EQ(-EINVAL, wse_ctx_create(self->dev, 0, 1, 4, &ctx));
	EXPECT_EQ(-EINVAL, wse_ctx_create(self->dev, 1, 1, 0, &ctx));
	EXPECT_EQ(-EINVAL, wse_ctx_create(self->dev, 23, 1, 4, &ctx));	/* grid is 22 */
	/* A width the 16-bit ABI field would wrap to 1 never reaches it. */
	EXPECT_EQ(-EINVAL, wse_ctx_create(self->dev, 65537, 1, 4, &ctx));
	EXPECT_EQ(-EINVAL, wse_ctx_create(NULL, 1, 1, 4, &ctx));
	EXPECT_EQ((struct wse_ctx *)0x1, ctx);
	/* The fake has FAKE_MAX_CTXS slots and one is taken. */
	while (n < FAKE_MAX_CTXS && !wse_ctx_create(self->dev, 1, 1, 4, &more[n]))
		n++;
	EXPECT_EQ((unsigned int)FAKE_MAX_CTXS - 1, n);
	EXPECT_EQ(-ENOSPC, wse_ctx_create(self->dev, 1, 1, 4, &ctx));
	EXPECT_EQ((struct wse_ctx *)0x1, ctx);
	for (i = 0; i < n; i++)
		wse_ctx_destroy(more[i]);
}

TEST_F(cmdbuf, nop_is_opcode_only)
{
	uint64_t seqno = 0;

	ASSERT_EQ(0, wse_cmdbuf_nop(self->cb));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &seqno));
	EXPECT_EQ(1u, seqno);
	ASSERT_EQ(1u, fake.nr_cmds);
	EXPECT_EQ((uint32_t)DRM_WSE_CMD_NOP, fake.cmds[0].opcode);
	EXPECT_EQ(0u, fake.cmds[0].flags);
	EXPECT_TRUE(tail_zero(&fake.cmds[0], 0));
	EXPECT_EQ(0u, fake.submits[0].args.bo_count);
}

TEST_F(cmdbuf, copy_h2f_fields)
{
	struct wse_rect r = { 1, 2, 3, 4 };
	const struct drm_wse_cmd_copy *c = &fake.cmds[0].copy;

	ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, self->ha, 256, &r, 5, 8,
					 DRM_WSE_CMD_F_DTYPE_16 | DRM_WSE_CMD_F_COL_MAJOR));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	ASSERT_EQ(1u, fake.nr_cmds);
	EXPECT_EQ((uint32_t)DRM_WSE_CMD_COPY_H2F, fake.cmds[0].opcode);
	EXPECT_EQ(DRM_WSE_CMD_F_DTYPE_16 | DRM_WSE_CMD_F_COL_MAJOR, fake.cmds[0].flags);
	EXPECT_EQ(0u, c->bo_index);
	EXPECT_EQ(5u, c->elems_per_pe);
	EXPECT_EQ(256u, c->bo_offset);
	EXPECT_EQ(3u * 4 * 5 * 2, c->length);	/* the builder derives it */
	EXPECT_EQ(1, c->x);
	EXPECT_EQ(2, c->y);
	EXPECT_EQ(3, c->width);
	EXPECT_EQ(4, c->height);
	EXPECT_EQ(8u, c->pe_offset);
	EXPECT_EQ(0, c->dst_x);
	EXPECT_EQ(0, c->dst_y);
	EXPECT_EQ(0u, c->dst_pe_offset);
	EXPECT_EQ(0u, c->reserved);
	EXPECT_TRUE(tail_zero(&fake.cmds[0], sizeof(*c)));
	EXPECT_EQ(1u, fake.submits[0].args.bo_count);
	EXPECT_EQ(self->ha, fake.submits[0].handles[0]);
}

TEST_F(cmdbuf, copy_f2h_fields)
{
	struct wse_rect r = { 7, 5, 1, 1 };
	const struct drm_wse_cmd_copy *c = &fake.cmds[0].copy;

	ASSERT_EQ(0, wse_cmdbuf_copy_f2h(self->cb, self->hb, 4096, &r, 2048, 0, 0));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	EXPECT_EQ((uint32_t)DRM_WSE_CMD_COPY_F2H, fake.cmds[0].opcode);
	EXPECT_EQ(0u, fake.cmds[0].flags);
	EXPECT_EQ(4096u, c->bo_offset);
	EXPECT_EQ(2048u * 4, c->length);
	EXPECT_EQ(7, c->x);
	EXPECT_EQ(5, c->y);
	EXPECT_TRUE(tail_zero(&fake.cmds[0], sizeof(*c)));
	EXPECT_EQ(self->hb, fake.submits[0].handles[0]);
}

TEST_F(cmdbuf, copy_f2f_and_fill_fields)
{
	struct wse_rect src = { 0, 1, 2, 3 };
	const struct drm_wse_cmd_copy *c = &fake.cmds[0].copy;
	const struct drm_wse_cmd_fill *f = &fake.cmds[1].fill;

	ASSERT_EQ(0, wse_cmdbuf_copy_f2f(self->cb, &src, 64, 6, 3, 130, 7,
					 DRM_WSE_CMD_F_DTYPE_16));
	ASSERT_EQ(0, wse_cmdbuf_fill(self->cb, &src, 12, 40, 0xdeadbeef));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	ASSERT_EQ(2u, fake.nr_cmds);
	EXPECT_EQ((uint32_t)DRM_WSE_CMD_COPY_F2F, fake.cmds[0].opcode);
	EXPECT_EQ(DRM_WSE_CMD_F_DTYPE_16, fake.cmds[0].flags);
	EXPECT_EQ(0u, c->bo_index);
	EXPECT_EQ(0u, c->bo_offset);
	EXPECT_EQ(0u, c->length);
	EXPECT_EQ(7u, c->elems_per_pe);
	EXPECT_EQ(2, c->width);
	EXPECT_EQ(3, c->height);
	EXPECT_EQ(64u, c->pe_offset);
	EXPECT_EQ(6, c->dst_x);
	EXPECT_EQ(3, c->dst_y);
	EXPECT_EQ(130u, c->dst_pe_offset);
	EXPECT_TRUE(tail_zero(&fake.cmds[0], sizeof(*c)));

	EXPECT_EQ((uint32_t)DRM_WSE_CMD_FILL, fake.cmds[1].opcode);
	EXPECT_EQ(0u, fake.cmds[1].flags);
	EXPECT_EQ(0, f->x);
	EXPECT_EQ(1, f->y);
	EXPECT_EQ(2, f->width);
	EXPECT_EQ(3, f->height);
	EXPECT_EQ(12u, f->pe_offset);
	EXPECT_EQ(40u, f->length);
	EXPECT_EQ(0xdeadbeefu, f->value);
	EXPECT_EQ(0u, f->reserved);
	EXPECT_TRUE(tail_zero(&fake.cmds[1], sizeof(*f)));
	/* Neither names a buffer. */
	EXPECT_EQ(0u, fake.submits[0].args.bo_count);
}

TEST_F(cmdbuf, bo_index_per_distinct_handle)
{
	struct wse_rect r = { 0, 0, 1, 1 };
	static const uint32_t want_index[] = { 0, 1, 0, 1, 0, 0 };
	unsigned int i;

	ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, self->ha, 0, &r, 1, 0, 0));
	ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, self->hb, 0, &r, 1, 0, 0));
	ASSERT_EQ(0, wse_cmdbuf_copy_f2h(self->cb, self->ha, 4, &r, 1, 0, 0));
	ASSERT_EQ(0, wse_cmdbuf_copy_f2h(self->cb, self->hb, 8, &r, 1, 0, 0));
	ASSERT_EQ(0, wse_cmdbuf_fill(self->cb, &r, 0, 4, 1));
	ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, self->ha, 12, &r, 1, 0, 0));
	EXPECT_EQ(6u, wse_cmdbuf_count(self->cb));
	EXPECT_EQ(2u, wse_cmdbuf_bo_count(self->cb));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	for (i = 0; i < 6; i++)
		if (fake.cmds[i].opcode != DRM_WSE_CMD_FILL)
			EXPECT_EQ(want_index[i], fake.cmds[i].copy.bo_index)
				TH_LOG("command %u", i);
	EXPECT_EQ(2u, fake.submits[0].args.bo_count);
	EXPECT_EQ(self->ha, fake.submits[0].handles[0]);
	EXPECT_EQ(self->hb, fake.submits[0].handles[1]);

	/* Reset starts the list over. */
	wse_cmdbuf_reset(self->cb);
	EXPECT_EQ(0u, wse_cmdbuf_count(self->cb));
	EXPECT_EQ(0u, wse_cmdbuf_bo_count(self->cb));
	ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, self->hb, 0, &r, 1, 0, 0));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	EXPECT_EQ(0u, fake.cmds[6].copy.bo_index);
	EXPECT_EQ(self->hb, fake.submits[1].handles[0]);
}

TEST_F(cmdbuf, max_cmds_then_e2big)
{
	struct wse_rect r = { 0, 0, 1, 1 };
	unsigned int i;

	for (i = 0; i < DRM_WSE_MAX_CMDS; i++)
		ASSERT_EQ(0, wse_cmdbuf_nop(self->cb));
	EXPECT_EQ(-E2BIG, wse_cmdbuf_nop(self->cb));
	EXPECT_EQ(-E2BIG, wse_cmdbuf_fill(self->cb, &r, 0, 4, 0));
	EXPECT_EQ(-E2BIG, wse_cmdbuf_copy_h2f(self->cb, self->ha, 0, &r, 1, 0, 0));
	EXPECT_EQ(-E2BIG, wse_cmdbuf_copy_f2f(self->cb, &r, 0, 1, 1, 0, 1, 0));
	EXPECT_EQ((uint32_t)DRM_WSE_MAX_CMDS, wse_cmdbuf_count(self->cb));
	EXPECT_EQ(0u, wse_cmdbuf_bo_count(self->cb));
	/* The full buffer is still a valid submit. */
	EXPECT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, NULL));
	EXPECT_EQ((uint32_t)DRM_WSE_MAX_CMDS, fake.submits[0].args.cmd_count);
}

TEST_F(cmdbuf, max_bos_then_e2big)
{
	struct wse_rect r = { 0, 0, 1, 1 };
	uint32_t h;

	/* Handles need not exist to be appended: the driver resolves them. */
	for (h = 1; h <= DRM_WSE_MAX_BOS; h++)
		ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, h, 0, &r, 1, 0, 0));
	EXPECT_EQ(-E2BIG, wse_cmdbuf_copy_h2f(self->cb, h, 0, &r, 1, 0, 0));
	EXPECT_EQ((uint32_t)DRM_WSE_MAX_BOS, wse_cmdbuf_count(self->cb));
	EXPECT_EQ((uint32_t)DRM_WSE_MAX_BOS, wse_cmdbuf_bo_count(self->cb));
	/* A handle already in the list needs no new slot. */
	EXPECT_EQ(0, wse_cmdbuf_copy_f2h(self->cb, 77, 0, &r, 1, 0, 0));
	EXPECT_EQ((uint32_t)DRM_WSE_MAX_BOS + 1, wse_cmdbuf_count(self->cb));
	/* Commands without a buffer still fit. */
	EXPECT_EQ(0, wse_cmdbuf_nop(self->cb));
}

TEST_F(cmdbuf, malformed_appends_are_einval)
{
	struct wse_rect r = { 0, 0, 2, 2 }, w0 = { 0, 0, 0, 2 }, h0 = { 0, 0, 2, 0 };
	struct wse_cmdbuf *cb = self->cb;

	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_h2f(cb, self->ha, 0, NULL, 1, 0, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &w0, 1, 0, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &h0, 1, 0, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &r, 0, 0, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &r, 1, 0, 1u << 2));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &r, 1, 2, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_f2h(cb, self->ha, 0, &r, 1, 1,
					       DRM_WSE_CMD_F_DTYPE_16));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_f2h(cb, 0, 0, &r, 1, 0, 0));
	/* F2F has no host array, so no order. */
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_f2f(cb, &r, 0, 2, 2, 0, 1, DRM_WSE_CMD_F_COL_MAJOR));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_f2f(cb, &r, 0, 2, 2, 2, 1, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_copy_f2f(cb, &w0, 0, 2, 2, 0, 1, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_fill(cb, &r, 0, 0, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_fill(cb, &r, 0, 6, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_fill(cb, &r, 2, 4, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_fill(cb, &h0, 0, 4, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_nop(NULL));
	/* Nothing was appended by any of them. */
	EXPECT_EQ(0u, wse_cmdbuf_count(cb));
	EXPECT_EQ(0u, wse_cmdbuf_bo_count(cb));
}

TEST_F(cmdbuf, outside_the_reservation_is_eacces)
{
	struct wse_rect right = { CTX_W - 1, 0, 2, 1 }, below = { 0, CTX_H - 2, 1, 3 };
	struct wse_rect corner = { CTX_W - 1, CTX_H - 1, 1, 1 }, far = { 0xffff, 0, 1, 1 };
	struct wse_cmdbuf *cb = self->cb;

	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &right, 1, 0, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &below, 1, 0, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &far, 1, 0, 0));
	/* SRAM: elements past the end, an offset past the end. */
	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &corner, CTX_SRAM / 4 + 1, 0, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &corner, 1, CTX_SRAM, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_f2h(cb, self->ha, 0, &corner, 2, CTX_SRAM - 4, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_f2f(cb, &corner, 0, CTX_W, 0, 0, 1, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_copy_f2f(cb, &corner, 0, 0, 0, CTX_SRAM, 1, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_fill(cb, &right, 0, 4, 0));
	EXPECT_EQ(-EACCES, wse_cmdbuf_fill(cb, &corner, CTX_SRAM - 4, 8, 0));
	EXPECT_EQ(0u, wse_cmdbuf_count(cb));
	/* The last PE and the last bytes are inside. */
	EXPECT_EQ(0, wse_cmdbuf_copy_h2f(cb, self->ha, 0, &corner, CTX_SRAM / 4, 0, 0));
	EXPECT_EQ(0, wse_cmdbuf_copy_f2h(cb, self->ha, 0, &corner, 1, CTX_SRAM - 4, 0));
	EXPECT_EQ(0, wse_cmdbuf_fill(cb, &corner, CTX_SRAM - 4, 4, 0));
	EXPECT_EQ(0, wse_cmdbuf_submit(cb, NULL, 0, 0, NULL));
}

TEST_F(cmdbuf, submit_passes_ctx_and_syncobjs)
{
	uint32_t in[2] = { fake_new_syncobj(), fake_new_syncobj() }, out = fake_new_syncobj();
	uint32_t stale[1] = { out + 1 };
	uint64_t seqno = 0;

	ASSERT_EQ(0, wse_cmdbuf_nop(self->cb));
	ASSERT_EQ(0, wse_cmdbuf_nop(self->cb));
	/* Syncobjs this file does not have: the driver's ENOENT, nothing queued. */
	EXPECT_EQ(-ENOENT, wse_cmdbuf_submit(self->cb, stale, 1, 0, &seqno));
	EXPECT_EQ(-ENOENT, wse_cmdbuf_submit(self->cb, NULL, 0, out + 1, &seqno));
	EXPECT_EQ(0u, fake.nr_submits);
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, in, 2, out, &seqno));
	EXPECT_EQ(1u, seqno);
	EXPECT_EQ(100u, fake.submits[0].args.ctx_id);
	EXPECT_EQ(0u, fake.submits[0].args.flags);
	EXPECT_EQ(2u, fake.submits[0].args.cmd_count);
	EXPECT_EQ(2u, fake.submits[0].args.in_syncobj_count);
	EXPECT_EQ(in[0], fake.submits[0].in_syncobjs[0]);
	EXPECT_EQ(in[1], fake.submits[0].in_syncobjs[1]);
	EXPECT_EQ(out, fake.submits[0].args.out_syncobj);
	/* The buffer keeps its commands: the same job again. */
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &seqno));
	EXPECT_EQ(2u, seqno);
	EXPECT_EQ(2u, fake.submits[1].args.cmd_count);
	EXPECT_EQ(0u, fake.submits[1].args.in_syncobj_count);
	EXPECT_EQ(0u, fake.submits[1].args.out_syncobj);
}

TEST_F(cmdbuf, submit_errors_leave_seqno_alone)
{
	static uint32_t in[DRM_WSE_MAX_IN_SYNCOBJS + 1];
	struct wse_rect r = { 0, 0, 1, 1 };
	uint64_t seqno = 42;

	/* Caught before the ioctl. */
	EXPECT_EQ(-EINVAL, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &seqno));
	ASSERT_EQ(0, wse_cmdbuf_nop(self->cb));
	EXPECT_EQ(-E2BIG, wse_cmdbuf_submit(self->cb, in, DRM_WSE_MAX_IN_SYNCOBJS + 1, 0,
					    &seqno));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_submit(self->cb, NULL, 1, 0, &seqno));
	EXPECT_EQ(0u, fake.submit_calls);

	/* The driver's answers pass through. */
	in[0] = 0;
	EXPECT_EQ(-ENOENT, wse_cmdbuf_submit(self->cb, in, 1, 0, &seqno));
	wse_cmdbuf_reset(self->cb);
	ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, 0x7777, 0, &r, 1, 0, 0));
	EXPECT_EQ(-ENOENT, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &seqno));
	wse_cmdbuf_reset(self->cb);
	/* Host range past the end of the 64 KiB buffer. */
	ASSERT_EQ(0, wse_cmdbuf_copy_h2f(self->cb, self->ha, 65536 - 4, &r, 2, 0, 0));
	EXPECT_EQ(-EINVAL, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &seqno));
	EXPECT_EQ(3u, fake.submit_calls);
	EXPECT_EQ(0u, fake.nr_submits);
	EXPECT_EQ(42u, seqno);
}

TEST_F(cmdbuf, wait_reports_job_status)
{
	struct wse_rect r = { 0, 0, 1, 1 };
	struct wse_job_status st;
	uint64_t s1, s2;

	ASSERT_EQ(0, wse_cmdbuf_nop(self->cb));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &s1));
	fake.fail_cmd = 3;	/* the second command of the next job */
	fake.fail_status = WSE_STS_FABRIC_RANGE;
	ASSERT_EQ(0, wse_cmdbuf_fill(self->cb, &r, 0, 4, 1));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &s2));

	memset(&st, 0xa5, sizeof(st));
	ASSERT_EQ(0, wse_wait(self->ctx, s1, 1000000, &st));
	EXPECT_EQ((uint32_t)DRM_WSE_JOB_OK, st.status);
	EXPECT_EQ(1000u, st.device_time_ns);
	EXPECT_EQ(100u, fake.last_wait.ctx_id);
	EXPECT_EQ(s1, fake.last_wait.seqno);
	EXPECT_EQ(1000000u, fake.last_wait.timeout_ns);
	/* A failed job is a finished one: 0, with the status saying why. */
	ASSERT_EQ(0, wse_wait(self->ctx, s2, 0, &st));
	EXPECT_EQ((uint32_t)WSE_STS_FABRIC_RANGE, st.status);
	EXPECT_EQ(1u, st.failed_cmd);
	EXPECT_EQ(0, wse_wait(self->ctx, s2, 0, NULL));
	/* Never issued. */
	EXPECT_EQ(-EINVAL, wse_wait(self->ctx, s2 + 1, 0, &st));
}

TEST_F(cmdbuf, wait_timeouts)
{
	struct wse_job_status st = { .status = 0x1234 };
	uint64_t seqno;

	ASSERT_EQ(0, wse_cmdbuf_nop(self->cb));
	ASSERT_EQ(0, wse_cmdbuf_submit(self->cb, NULL, 0, 0, &seqno));
	fake.busy = true;
	EXPECT_EQ(-ETIME, wse_wait(self->ctx, seqno, 5, &st));
	EXPECT_EQ(0x1234u, st.status);
	EXPECT_EQ(1u, fake.waits);
	fake.busy = false;
	/* An infinite wait rides out the driver's timeouts in long slices. */
	fake.wait_etime = 2;
	ASSERT_EQ(0, wse_wait(self->ctx, seqno, WSE_TIMEOUT_INFINITE, &st));
	EXPECT_EQ(4u, fake.waits);
	EXPECT_EQ(0u, st.status);
	EXPECT_LT(1000000000ull, fake.last_wait.timeout_ns);
	EXPECT_NE(WSE_TIMEOUT_INFINITE, fake.last_wait.timeout_ns);
}

TEST_HARNESS_MAIN
