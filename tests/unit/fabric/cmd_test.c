// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of command decoding (qemu-device/wse_cmd.c): every kind of
 * malformed packet gets the status and detail uapi/wse_hw.h promises; SGL
 * checks; completion record layout; queue configuration and ring rules.
 */
#include <endian.h>
#include <stddef.h>
#include <string.h>

#include "kselftest_harness.h"

#include "wse_cmd.h"
#include "wse_hw.h"

#define OFF(field)	offsetof(struct wse_hw_cmd, field)

static const struct wse_cmd_limits lim = {
	.log_width = 32, .log_height = 24, .pe_sram_bytes = 48 * 1024,
	.max_sgl_entries = 4096,
};

static void set_rect(struct wse_hw_rect *r, int x, int y, int w, int h)
{
	r->x = htole16(x);
	r->y = htole16(y);
	r->width = htole16(w);
	r->height = htole16(h);
}

/* A valid H2F: 4x3 PEs, 8 x 32-bit elements each, one inline range. */
static struct wse_hw_cmd h2f(void)
{
	struct wse_hw_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_DMA_H2F;
	c.flags = WSE_CMD_F_SGL_INLINE;
	c.context_id = htole32(7);
	c.tag = htole64(0x1122334455667788ull);
	c.dma.host_addr = htole64(0x100000);
	c.dma.host_len = htole32(4 * 3 * 8 * 4);
	set_rect(&c.dma.rect, 2, 1, 4, 3);
	c.dma.elems_per_pe = htole32(8);
	c.dma.pe_offset = htole32(16);
	return c;
}

static struct wse_hw_cmd f2f(void)
{
	struct wse_hw_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_DMA_F2F;
	c.tag = htole64(3);
	set_rect(&c.dma.rect, 0, 0, 4, 4);
	c.dma.elems_per_pe = htole32(16);
	c.dma.pe_offset = htole32(0);
	c.dma.dst_x = htole16(28);
	c.dma.dst_y = htole16(20);
	c.dma.dst_pe_offset = htole32(1024);
	return c;
}

static struct wse_hw_cmd fill(void)
{
	struct wse_hw_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_FILL;
	c.tag = htole64(4);
	set_rect(&c.fill.rect, 0, 0, 32, 24);
	c.fill.pe_offset = htole32(0);
	c.fill.len = htole32(48 * 1024);
	c.fill.value = htole32(0xdeadbeef);
	return c;
}

static struct wse_hw_cmd launch(void)
{
	struct wse_hw_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_LAUNCH;
	c.flags = WSE_CMD_F_FENCE;
	c.tag = htole64(5);
	c.launch.kernel_id = htole32(99);
	c.launch.nargs = htole32(3);
	set_rect(&c.launch.rect, 1, 2, 8, 16);
	c.launch.args[0] = htole32(1);
	c.launch.args[2] = htole32(0x3f800000);
	return c;
}

static uint32_t decode(const struct wse_hw_cmd *c, struct wse_cmd *out,
		       uint32_t *detail)
{
	return wse_cmd_decode((const uint8_t *)c, &lim, out, detail);
}

TEST(valid_packets_decode)
{
	struct wse_hw_cmd c = h2f();
	struct wse_cmd d;
	uint32_t detail;

	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	EXPECT_EQ(WSE_OP_DMA_H2F, d.opcode);
	EXPECT_EQ(7, d.context_id);
	EXPECT_EQ(0x1122334455667788ull, d.tag);
	EXPECT_EQ(0x100000, d.host_addr);
	EXPECT_EQ(384, d.host_len);
	EXPECT_EQ(0, d.sgl_count);
	EXPECT_EQ(2, d.shape.x);
	EXPECT_EQ(1, d.shape.y);
	EXPECT_EQ(4, d.shape.width);
	EXPECT_EQ(3, d.shape.height);
	EXPECT_EQ(8, d.shape.elems_per_pe);
	EXPECT_EQ(4, d.shape.esize);
	EXPECT_EQ(16, d.shape.pe_offset);
	EXPECT_FALSE(d.shape.col_major);

	c.opcode = WSE_OP_DMA_F2H;
	c.flags = WSE_CMD_F_COL_MAJOR | WSE_CMD_F_DTYPE_16 | WSE_CMD_F_FENCE;
	c.dma.host_len = htole32(4 * 3 * 8 * 2);
	c.dma.host_addr = htole64(0x2000);
	c.dma.sgl_count = htole32(3);
	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	EXPECT_EQ(2, d.shape.esize);
	EXPECT_TRUE(d.shape.col_major);
	EXPECT_EQ(3, d.sgl_count);

	c = f2f();
	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	EXPECT_EQ(28, d.dst_x);
	EXPECT_EQ(20, d.dst_y);
	EXPECT_EQ(1024, d.dst_pe_offset);

	c = fill();
	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	EXPECT_EQ(0xdeadbeef, d.fill_value);
	EXPECT_EQ(48 * 1024 / 4, d.shape.elems_per_pe);
	EXPECT_EQ(4, d.shape.esize);

	memset(&c, 0, sizeof(c));
	c.flags = WSE_CMD_F_FENCE;
	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));

	/* Kernel IDs are for the firmware to judge; the rest is checked. */
	c = launch();
	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	EXPECT_EQ(99, d.kernel_id);
	EXPECT_EQ(3, d.nargs);
	EXPECT_EQ(1, d.shape.x);
	EXPECT_EQ(16, d.shape.height);
}

TEST(unknown_opcodes)
{
	static const uint8_t ops[] = { 0x04, 0x0f, 0x12, 0x7f, 0x80, 0xff };
	unsigned int i;

	for (i = 0; i < sizeof(ops); i++) {
		struct wse_hw_cmd c = h2f();
		struct wse_cmd d;
		uint32_t detail = 99;

		c.opcode = ops[i];
		EXPECT_EQ(WSE_STS_INVALID_OPCODE, decode(&c, &d, &detail))
			TH_LOG("opcode 0x%02x", ops[i]);
		EXPECT_EQ(OFF(opcode), detail);
		/* The tag is still there for the completion record. */
		EXPECT_EQ(0x1122334455667788ull, d.tag);
	}
}

TEST(header_reserved_and_flags)
{
	static const struct { uint8_t op, bad_flags; } cases[] = {
		{ WSE_OP_NOP, WSE_CMD_F_SGL_INLINE },
		{ WSE_OP_NOP, WSE_CMD_F_DTYPE_16 },
		{ WSE_OP_LAUNCH, WSE_CMD_F_COL_MAJOR },
		{ WSE_OP_FILL, WSE_CMD_F_DTYPE_16 },
		{ WSE_OP_DMA_F2F, WSE_CMD_F_SGL_INLINE },
		{ WSE_OP_DMA_F2F, WSE_CMD_F_COL_MAJOR },
		{ WSE_OP_DMA_H2F, 0x10 },
		{ WSE_OP_DMA_F2H, 0x80 },
	};
	struct wse_hw_cmd c = h2f();
	struct wse_cmd d;
	uint32_t detail;
	unsigned int i;

	c.reserved0 = htole16(0x100);
	EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail));
	EXPECT_EQ(OFF(reserved0), detail);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&c, 0, sizeof(c));
		c.opcode = cases[i].op;
		c.flags = cases[i].bad_flags;
		EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail))
			TH_LOG("case %u", i);
		EXPECT_EQ(OFF(flags), detail);
	}
}

/* Any non-zero byte of a NOP's body, or of a reserved tail, is refused. */
TEST(reserved_bytes_every_offset)
{
	unsigned int off;

	for (off = OFF(dma); off < sizeof(struct wse_hw_cmd); off++) {
		struct wse_hw_cmd c;
		struct wse_cmd d;
		uint32_t detail;

		memset(&c, 0, sizeof(c));
		((uint8_t *)&c)[off] = 0x40;
		EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail));
		EXPECT_EQ(off, detail);
	}
	for (off = OFF(dma.reserved); off < sizeof(struct wse_hw_cmd); off++) {
		struct wse_hw_cmd c = h2f();
		struct wse_cmd d;
		uint32_t detail;

		((uint8_t *)&c)[off] = 1;
		EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail));
		EXPECT_EQ(off, detail);
	}
	for (off = OFF(fill.reserved); off < sizeof(struct wse_hw_cmd); off++) {
		struct wse_hw_cmd c = fill();
		struct wse_cmd d;
		uint32_t detail;

		((uint8_t *)&c)[off] = 1;
		EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail));
		EXPECT_EQ(off, detail);
	}
}

struct bad_case {
	const char *what;
	struct wse_hw_cmd (*base)(void);
	void (*mutate)(struct wse_hw_cmd *c);
	uint32_t status;
	uint32_t detail;
};

#define MUT(name, body) \
	static void name(struct wse_hw_cmd *c) { body; }

MUT(m_dst_x, c->dma.dst_x = htole16(1))
MUT(m_dst_y, c->dma.dst_y = htole16(1))
MUT(m_dst_off, c->dma.dst_pe_offset = htole32(4))
MUT(m_width0, c->dma.rect.width = 0)
MUT(m_height0, c->dma.rect.height = 0)
MUT(m_elems0, c->dma.elems_per_pe = 0)
MUT(m_x_off, c->dma.rect.x = htole16(32))
MUT(m_x_max, c->dma.rect.x = htole16(0xffff))
MUT(m_w_off, c->dma.rect.width = htole16(31))
MUT(m_w_max, c->dma.rect.width = htole16(0xffff))
MUT(m_y_off, c->dma.rect.y = htole16(24))
MUT(m_h_off, c->dma.rect.height = htole16(24))
MUT(m_peoff_align, c->dma.pe_offset = htole32(2))
MUT(m_peoff_align16, c->flags |= WSE_CMD_F_DTYPE_16;
	c->dma.host_len = htole32(192); c->dma.pe_offset = htole32(1))
MUT(m_elems_big, c->dma.elems_per_pe = htole32(0x40000000);
	c->dma.host_len = 0)
MUT(m_elems_huge, c->dma.elems_per_pe = htole32(0xffffffff))
MUT(m_span, c->dma.pe_offset = htole32(48 * 1024 - 28))
MUT(m_peoff_max, c->dma.pe_offset = htole32(0xfffffffc))
MUT(m_len_short, c->dma.host_len = htole32(383))
MUT(m_len_long, c->dma.host_len = htole32(385))
MUT(m_len_dtype, c->flags |= WSE_CMD_F_DTYPE_16)
MUT(m_inline_count, c->dma.sgl_count = htole32(1))
MUT(m_sgl_zero, c->flags = 0)
MUT(m_sgl_many, c->flags = 0; c->dma.sgl_count = htole32(4097))
MUT(m_sgl_align, c->flags = 0; c->dma.sgl_count = htole32(1);
	c->dma.host_addr = htole64(0x1008))
MUT(m_f2f_host_addr, c->dma.host_addr = htole64(0x1000))
MUT(m_f2f_host_len, c->dma.host_len = htole32(256))
MUT(m_f2f_sgl, c->dma.sgl_count = htole32(1))
MUT(m_f2f_dst_x, c->dma.dst_x = htole16(29))
MUT(m_f2f_dst_y, c->dma.dst_y = htole16(21))
MUT(m_f2f_dst_xmax, c->dma.dst_x = htole16(0xffff))
MUT(m_f2f_dst_off, c->dma.dst_pe_offset = htole32(48 * 1024 - 60))
MUT(m_f2f_dst_align, c->dma.dst_pe_offset = htole32(1026))
MUT(m_f2f_src_align, c->flags = WSE_CMD_F_DTYPE_16;
	c->dma.pe_offset = htole32(3))
MUT(m_fill_len0, c->fill.len = 0)
MUT(m_fill_len3, c->fill.len = htole32(6))
MUT(m_fill_align, c->fill.len = htole32(8); c->fill.pe_offset = htole32(2))
MUT(m_fill_span, c->fill.pe_offset = htole32(4))
MUT(m_fill_big, c->fill.len = htole32(0xfffffffc))
MUT(m_fill_w0, c->fill.rect.width = 0)
MUT(m_fill_y, c->fill.rect.y = htole16(24))
MUT(m_launch_nargs, c->launch.nargs = htole32(17))
MUT(m_launch_nargs_max, c->launch.nargs = htole32(0xffffffff))
MUT(m_launch_arg, c->launch.args[3] = htole32(0x100))
MUT(m_launch_arg15, c->launch.nargs = htole32(15);
	c->launch.args[15] = htole32(1))
MUT(m_launch_rsvd, c->launch.reserved[5] = htole32(1 << 24))
MUT(m_launch_w0, c->launch.rect.width = 0)
MUT(m_launch_x, c->launch.rect.x = htole16(25))
MUT(m_launch_h, c->launch.rect.height = htole16(23))

static const struct bad_case bad_cases[] = {
	{ "h2f dst_x", h2f, m_dst_x, WSE_STS_INVALID_FIELD, OFF(dma.dst_x) },
	{ "h2f dst_y", h2f, m_dst_y, WSE_STS_INVALID_FIELD, OFF(dma.dst_y) },
	{ "h2f dst off", h2f, m_dst_off, WSE_STS_INVALID_FIELD,
	  OFF(dma.dst_pe_offset) },
	{ "width 0", h2f, m_width0, WSE_STS_INVALID_FIELD, OFF(dma.rect.width) },
	{ "height 0", h2f, m_height0, WSE_STS_INVALID_FIELD,
	  OFF(dma.rect.height) },
	{ "elems 0", h2f, m_elems0, WSE_STS_INVALID_FIELD,
	  OFF(dma.elems_per_pe) },
	{ "x off grid", h2f, m_x_off, WSE_STS_FABRIC_RANGE, OFF(dma.rect.x) },
	{ "x 0xffff", h2f, m_x_max, WSE_STS_FABRIC_RANGE, OFF(dma.rect.x) },
	{ "x+w off grid", h2f, m_w_off, WSE_STS_FABRIC_RANGE,
	  OFF(dma.rect.width) },
	{ "w 0xffff", h2f, m_w_max, WSE_STS_FABRIC_RANGE, OFF(dma.rect.width) },
	{ "y off grid", h2f, m_y_off, WSE_STS_FABRIC_RANGE, OFF(dma.rect.y) },
	{ "y+h off grid", h2f, m_h_off, WSE_STS_FABRIC_RANGE,
	  OFF(dma.rect.height) },
	{ "pe_offset align", h2f, m_peoff_align, WSE_STS_INVALID_FIELD,
	  OFF(dma.pe_offset) },
	{ "pe_offset align 16", h2f, m_peoff_align16, WSE_STS_INVALID_FIELD,
	  OFF(dma.pe_offset) },
	{ "elems > sram", h2f, m_elems_big, WSE_STS_FABRIC_RANGE,
	  OFF(dma.elems_per_pe) },
	{ "elems 2^32-1", h2f, m_elems_huge, WSE_STS_FABRIC_RANGE,
	  OFF(dma.elems_per_pe) },
	{ "span past sram", h2f, m_span, WSE_STS_FABRIC_RANGE,
	  OFF(dma.pe_offset) },
	{ "pe_offset huge", h2f, m_peoff_max, WSE_STS_FABRIC_RANGE,
	  OFF(dma.pe_offset) },
	{ "host_len short", h2f, m_len_short, WSE_STS_INVALID_FIELD,
	  OFF(dma.host_len) },
	{ "host_len long", h2f, m_len_long, WSE_STS_INVALID_FIELD,
	  OFF(dma.host_len) },
	{ "host_len vs dtype", h2f, m_len_dtype, WSE_STS_INVALID_FIELD,
	  OFF(dma.host_len) },
	{ "inline with count", h2f, m_inline_count, WSE_STS_INVALID_FIELD,
	  OFF(dma.sgl_count) },
	{ "sgl count 0", h2f, m_sgl_zero, WSE_STS_SGL_INVALID, 0 },
	{ "sgl count 4097", h2f, m_sgl_many, WSE_STS_SGL_INVALID, 4097 },
	{ "sgl misaligned", h2f, m_sgl_align, WSE_STS_SGL_INVALID, 1 },
	{ "f2f host_addr", f2f, m_f2f_host_addr, WSE_STS_INVALID_FIELD,
	  OFF(dma.host_addr) },
	{ "f2f host_len", f2f, m_f2f_host_len, WSE_STS_INVALID_FIELD,
	  OFF(dma.host_len) },
	{ "f2f sgl_count", f2f, m_f2f_sgl, WSE_STS_INVALID_FIELD,
	  OFF(dma.sgl_count) },
	{ "f2f dst_x", f2f, m_f2f_dst_x, WSE_STS_FABRIC_RANGE, OFF(dma.dst_x) },
	{ "f2f dst_y", f2f, m_f2f_dst_y, WSE_STS_FABRIC_RANGE, OFF(dma.dst_y) },
	{ "f2f dst_x max", f2f, m_f2f_dst_xmax, WSE_STS_FABRIC_RANGE,
	  OFF(dma.dst_x) },
	{ "f2f dst span", f2f, m_f2f_dst_off, WSE_STS_FABRIC_RANGE,
	  OFF(dma.dst_pe_offset) },
	{ "f2f dst align", f2f, m_f2f_dst_align, WSE_STS_INVALID_FIELD,
	  OFF(dma.dst_pe_offset) },
	{ "f2f src align", f2f, m_f2f_src_align, WSE_STS_INVALID_FIELD,
	  OFF(dma.pe_offset) },
	{ "fill len 0", fill, m_fill_len0, WSE_STS_INVALID_FIELD,
	  OFF(fill.len) },
	{ "fill len 6", fill, m_fill_len3, WSE_STS_INVALID_FIELD,
	  OFF(fill.len) },
	{ "fill offset align", fill, m_fill_align, WSE_STS_INVALID_FIELD,
	  OFF(fill.pe_offset) },
	{ "fill span", fill, m_fill_span, WSE_STS_FABRIC_RANGE,
	  OFF(fill.pe_offset) },
	{ "fill len huge", fill, m_fill_big, WSE_STS_FABRIC_RANGE,
	  OFF(fill.len) },
	{ "fill width 0", fill, m_fill_w0, WSE_STS_INVALID_FIELD,
	  OFF(fill.rect.width) },
	{ "fill y off grid", fill, m_fill_y, WSE_STS_FABRIC_RANGE,
	  OFF(fill.rect.y) },
	{ "launch nargs 17", launch, m_launch_nargs, WSE_STS_INVALID_FIELD,
	  OFF(launch.nargs) },
	{ "launch nargs huge", launch, m_launch_nargs_max,
	  WSE_STS_INVALID_FIELD, OFF(launch.nargs) },
	{ "launch arg past nargs", launch, m_launch_arg,
	  WSE_STS_INVALID_FIELD, OFF(launch.args[3]) + 1 },
	{ "launch arg 15", launch, m_launch_arg15, WSE_STS_INVALID_FIELD,
	  OFF(launch.args[15]) },
	{ "launch reserved", launch, m_launch_rsvd, WSE_STS_INVALID_FIELD,
	  OFF(launch.reserved[5]) + 3 },
	{ "launch width 0", launch, m_launch_w0, WSE_STS_INVALID_FIELD,
	  OFF(launch.rect.width) },
	{ "launch x+w off grid", launch, m_launch_x, WSE_STS_FABRIC_RANGE,
	  OFF(launch.rect.width) },
	{ "launch y+h off grid", launch, m_launch_h, WSE_STS_FABRIC_RANGE,
	  OFF(launch.rect.height) },
};

/* The LAUNCH SRAM window: 0/0 is the whole PE; otherwise inside the PE. */
TEST(launch_sram_window_decode)
{
	struct wse_hw_cmd c = launch();
	struct wse_cmd d;
	uint32_t detail;

	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	EXPECT_EQ(0, d.sram_lo);
	EXPECT_EQ(48 * 1024, d.sram_hi);

	c.launch.sram_base = htole32(1024);
	c.launch.sram_size = htole32(2048);
	ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	EXPECT_EQ(1024, d.sram_lo);
	EXPECT_EQ(3072, d.sram_hi);

	c.launch.sram_size = htole32(0);	/* size 0 needs base 0 */
	EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail));
	EXPECT_EQ(OFF(launch.sram_size), detail);

	c.launch.sram_base = htole32(48 * 1024);
	c.launch.sram_size = htole32(4);
	EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail));
	EXPECT_EQ(OFF(launch.sram_base), detail);

	c.launch.sram_base = htole32(47 * 1024);
	c.launch.sram_size = htole32(2048);	/* runs past the PE */
	EXPECT_EQ(WSE_STS_INVALID_FIELD, decode(&c, &d, &detail));
	EXPECT_EQ(OFF(launch.sram_size), detail);
}

TEST(malformed_fields)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *b = &bad_cases[i];
		struct wse_hw_cmd c = b->base();
		struct wse_cmd d;
		uint32_t detail = 0xdead;

		/* The unmodified base packet is fine... */
		ASSERT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
		b->mutate(&c);
		/* ...and the one change is caught, pointing at the field. */
		EXPECT_EQ(b->status, decode(&c, &d, &detail))
			TH_LOG("%s", b->what);
		EXPECT_EQ(b->detail, detail) TH_LOG("%s", b->what);
	}
}

/* Rectangles and spans that end exactly at the edge are accepted. */
TEST(edges_are_inclusive)
{
	struct wse_hw_cmd c = h2f();
	struct wse_cmd d;
	uint32_t detail;

	set_rect(&c.dma.rect, 0, 0, 32, 24);
	c.dma.elems_per_pe = htole32(12 * 1024);
	c.dma.pe_offset = 0;
	c.dma.host_len = htole32(32 * 24 * 48 * 1024);
	EXPECT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
	set_rect(&c.dma.rect, 31, 23, 1, 1);
	c.dma.elems_per_pe = htole32(1);
	c.dma.pe_offset = htole32(48 * 1024 - 4);
	c.dma.host_len = htole32(4);
	EXPECT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));

	c = f2f();
	c.dma.dst_pe_offset = htole32(48 * 1024 - 64);
	EXPECT_EQ(WSE_STS_SUCCESS, decode(&c, &d, &detail));
}

static void put_sge(uint8_t *raw, int i, uint64_t addr, uint32_t len,
		    uint32_t rsvd)
{
	struct wse_hw_sge e = {
		.addr = htole64(addr), .len = htole32(len),
		.reserved = htole32(rsvd),
	};

	memcpy(raw + i * sizeof(e), &e, sizeof(e));
}

TEST(sgl_checks)
{
	struct wse_cmd cmd = {
		.host_len = 4096 + 2048 + 8,
		.shape = { .esize = 4 },
	};
	struct wse_sge_host out[4];
	uint8_t raw[4 * 16];
	uint32_t detail;

	put_sge(raw, 0, 0x10000, 4096, 0);
	put_sge(raw, 1, 0x30000, 2048, 0);
	put_sge(raw, 2, 0x50004, 8, 0);
	ASSERT_EQ(WSE_STS_SUCCESS, wse_sgl_check(raw, 3, &cmd, out, &detail));
	EXPECT_EQ(0x30000, out[1].addr);
	EXPECT_EQ(8, out[2].len);

	/* Total short of host_len: detail is the count. */
	EXPECT_EQ(WSE_STS_SGL_INVALID, wse_sgl_check(raw, 2, &cmd, out,
						     &detail));
	EXPECT_EQ(2, detail);
	/* Total past host_len: detail is the entry that overflows. */
	put_sge(raw, 3, 0x60000, 4, 0);
	EXPECT_EQ(WSE_STS_SGL_INVALID, wse_sgl_check(raw, 4, &cmd, out,
						     &detail));
	EXPECT_EQ(3, detail);
	/* Zero length, split elements, reserved bits, address wrap. */
	put_sge(raw, 1, 0x30000, 0, 0);
	EXPECT_EQ(WSE_STS_SGL_INVALID, wse_sgl_check(raw, 3, &cmd, out,
						     &detail));
	EXPECT_EQ(1, detail);
	put_sge(raw, 1, 0x30000, 2046, 0);
	EXPECT_EQ(WSE_STS_SGL_INVALID, wse_sgl_check(raw, 3, &cmd, out,
						     &detail));
	EXPECT_EQ(1, detail);
	put_sge(raw, 1, 0x30000, 2048, 1);
	EXPECT_EQ(WSE_STS_SGL_INVALID, wse_sgl_check(raw, 3, &cmd, out,
						     &detail));
	EXPECT_EQ(1, detail);
	put_sge(raw, 1, 0xfffffffffffff800ull, 2048, 0);
	EXPECT_EQ(WSE_STS_SGL_INVALID, wse_sgl_check(raw, 3, &cmd, out,
						     &detail));
	EXPECT_EQ(1, detail);
	/* 16-bit elements may sit in 2-byte multiples. */
	cmd.shape.esize = 2;
	cmd.host_len = 4096 + 2046 + 8;
	put_sge(raw, 1, 0x30000, 2046, 0);
	EXPECT_EQ(WSE_STS_SUCCESS, wse_sgl_check(raw, 3, &cmd, out, &detail));
}

TEST(completion_record_layout)
{
	struct wse_hw_cqe e;

	wse_cqe_encode((uint8_t *)&e, 0x0102030405060708ull,
		       WSE_STS_FABRIC_RANGE, 0x1234, true, 987654321ull, 77);
	EXPECT_EQ(0x0102030405060708ull, le64toh(e.tag));
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, le32toh(e.status));
	EXPECT_EQ(0x1234, le16toh(e.sq_head));
	EXPECT_EQ(WSE_CQE_F_PHASE, le16toh(e.flags));
	EXPECT_EQ(987654321ull, le64toh(e.device_time_ns));
	EXPECT_EQ(77, le32toh(e.detail));
	EXPECT_EQ(0, e.reserved);
	wse_cqe_encode((uint8_t *)&e, 1, 0, 0, false, 0, 0);
	EXPECT_EQ(0, le16toh(e.flags));
}

TEST(queue_config_rules)
{
	EXPECT_EQ(WSE_QERR_NONE, wse_queue_config_check(0x1000, 0x2000, 64, 1,
							WSE_MSIX_VECTORS));
	EXPECT_EQ(WSE_QERR_NONE, wse_queue_config_check(0x80, 0x20, 2, 16,
							WSE_MSIX_VECTORS));
	EXPECT_EQ(WSE_QERR_NONE, wse_queue_config_check(0, 0, 4096, 5,
							WSE_MSIX_VECTORS));
	/* Depth: power of two in [2, 4096]. */
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0, 0, 0, 1, 17));
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0, 0, 1, 1, 17));
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0, 0, 48, 1, 17));
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0, 0, 8192, 1,
							      17));
	/* Ring alignment to the entry size. */
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0x40, 0, 8, 1,
							      17));
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0, 0x10, 8, 1,
							      17));
	/* Rings may not wrap the bus address space. */
	EXPECT_EQ(WSE_QERR_BAD_CONFIG,
		  wse_queue_config_check(0xffffffffffffff80ull, 0, 8, 1, 17));
	/* Vector 0 is for events; 17 does not exist. */
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0, 0, 8, 0, 17));
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, wse_queue_config_check(0, 0, 8, 17, 17));
}

TEST(ring_rules)
{
	/* Depth 8: full when tail is one behind head. */
	EXPECT_FALSE(wse_cq_full(0, 0, 8));
	EXPECT_TRUE(wse_cq_full(7, 0, 8));
	EXPECT_TRUE(wse_cq_full(2, 3, 8));
	EXPECT_FALSE(wse_cq_full(3, 3, 8));
	EXPECT_EQ(5, wse_ring_used(6, 3, 8));

	/* head 6, tail 2 (posted 6,7,0,1): new heads 6,7,0,1,2 are fine. */
	EXPECT_TRUE(wse_cq_head_valid(6, 2, 6, 8));
	EXPECT_TRUE(wse_cq_head_valid(6, 2, 0, 8));
	EXPECT_TRUE(wse_cq_head_valid(6, 2, 2, 8));
	EXPECT_FALSE(wse_cq_head_valid(6, 2, 3, 8));
	EXPECT_FALSE(wse_cq_head_valid(6, 2, 5, 8));
	EXPECT_FALSE(wse_cq_head_valid(6, 2, 8, 8));
	EXPECT_FALSE(wse_cq_head_valid(6, 2, 0xffffffff, 8));
	/* Nothing posted: only the current head. */
	EXPECT_TRUE(wse_cq_head_valid(4, 4, 4, 8));
	EXPECT_FALSE(wse_cq_head_valid(4, 4, 5, 8));
}

TEST_HARNESS_MAIN
