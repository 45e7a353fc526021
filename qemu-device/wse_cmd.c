/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command packet decoding and validation. See wse_cmd.h.
 *
 * Fields are read from the raw bytes at the offsets of the uapi structures,
 * so the decoder is independent of host endianness and never trusts a
 * packet to be well formed.
 */
#include <stddef.h>
#include <string.h>

#include "wse_cmd.h"
#include "wse_hw.h"

_Static_assert(sizeof(struct wse_hw_cmd) == WSE_CMD_SIZE, "command size");
_Static_assert(sizeof(struct wse_hw_cqe) == WSE_CQE_SIZE, "completion size");
_Static_assert(sizeof(struct wse_hw_sge) == WSE_SGE_SIZE, "SGE size");

#define CMD_OFF(field)  offsetof(struct wse_hw_cmd, field)
#define CQE_OFF(field)  offsetof(struct wse_hw_cqe, field)

static uint16_t ld16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static uint32_t ld32(const uint8_t *p)
{
    return ld16(p) | (uint32_t)ld16(p + 2) << 16;
}

static uint64_t ld64(const uint8_t *p)
{
    return ld32(p) | (uint64_t)ld32(p + 4) << 32;
}

static void st16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void st32(uint8_t *p, uint32_t v)
{
    st16(p, v);
    st16(p + 2, v >> 16);
}

static void st64(uint8_t *p, uint64_t v)
{
    st32(p, v);
    st32(p + 4, v >> 32);
}

/* Offset of the first non-zero byte in raw[from, to), or -1. */
static int first_nonzero(const uint8_t *raw, size_t from, size_t to)
{
    size_t i;

    for (i = from; i < to; i++) {
        if (raw[i]) {
            return i;
        }
    }
    return -1;
}

#define FAIL(sts, off)  do { *detail = (off); return (sts); } while (0)

/* Decode and range-check a rectangle at @rect_off against the grid. */
static uint32_t decode_rect(const uint8_t *raw, size_t rect_off,
                            const struct wse_cmd_limits *lim,
                            struct wse_xfer_shape *s, uint32_t *detail)
{
    size_t ox = rect_off + offsetof(struct wse_hw_rect, x);
    size_t oy = rect_off + offsetof(struct wse_hw_rect, y);
    size_t ow = rect_off + offsetof(struct wse_hw_rect, width);
    size_t oh = rect_off + offsetof(struct wse_hw_rect, height);

    s->x = ld16(raw + ox);
    s->y = ld16(raw + oy);
    s->width = ld16(raw + ow);
    s->height = ld16(raw + oh);
    if (!s->width) {
        FAIL(WSE_STS_INVALID_FIELD, ow);
    }
    if (!s->height) {
        FAIL(WSE_STS_INVALID_FIELD, oh);
    }
    if (s->x >= lim->log_width) {
        FAIL(WSE_STS_FABRIC_RANGE, ox);
    }
    if (s->width > lim->log_width - s->x) {
        FAIL(WSE_STS_FABRIC_RANGE, ow);
    }
    if (s->y >= lim->log_height) {
        FAIL(WSE_STS_FABRIC_RANGE, oy);
    }
    if (s->height > lim->log_height - s->y) {
        FAIL(WSE_STS_FABRIC_RANGE, oh);
    }
    return WSE_STS_SUCCESS;
}

/* elems_per_pe elements of esize at @off must fit in each PE's SRAM. */
static uint32_t check_pe_span(uint32_t off, size_t off_field,
                              uint64_t bytes, size_t bytes_field,
                              uint32_t align,
                              const struct wse_cmd_limits *lim,
                              uint32_t *detail)
{
    if (off % align) {
        FAIL(WSE_STS_INVALID_FIELD, off_field);
    }
    if (bytes > lim->pe_sram_bytes) {
        FAIL(WSE_STS_FABRIC_RANGE, bytes_field);
    }
    if (off > lim->pe_sram_bytes - bytes) {
        FAIL(WSE_STS_FABRIC_RANGE, off_field);
    }
    return WSE_STS_SUCCESS;
}

static uint32_t decode_dma(const uint8_t *raw, const struct wse_cmd_limits *lim,
                           struct wse_cmd *cmd, uint32_t *detail)
{
    struct wse_xfer_shape *s = &cmd->shape;
    bool f2f = cmd->opcode == WSE_OP_DMA_F2F;
    uint32_t sts;
    int nz;

    nz = first_nonzero(raw, CMD_OFF(dma.reserved), WSE_CMD_SIZE);
    if (nz >= 0) {
        FAIL(WSE_STS_INVALID_FIELD, nz);
    }
    cmd->host_addr = ld64(raw + CMD_OFF(dma.host_addr));
    cmd->host_len = ld32(raw + CMD_OFF(dma.host_len));
    cmd->sgl_count = ld32(raw + CMD_OFF(dma.sgl_count));
    cmd->dst_x = ld16(raw + CMD_OFF(dma.dst_x));
    cmd->dst_y = ld16(raw + CMD_OFF(dma.dst_y));
    cmd->dst_pe_offset = ld32(raw + CMD_OFF(dma.dst_pe_offset));
    s->elems_per_pe = ld32(raw + CMD_OFF(dma.elems_per_pe));
    s->pe_offset = ld32(raw + CMD_OFF(dma.pe_offset));
    s->esize = cmd->flags & WSE_CMD_F_DTYPE_16 ? 2 : 4;
    s->col_major = cmd->flags & WSE_CMD_F_COL_MAJOR;

    /* Fields the opcode does not use are reserved. */
    if (f2f) {
        if (cmd->host_addr) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.host_addr));
        }
        if (cmd->host_len) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.host_len));
        }
        if (cmd->sgl_count) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.sgl_count));
        }
    } else {
        if (cmd->dst_x) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.dst_x));
        }
        if (cmd->dst_y) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.dst_y));
        }
        if (cmd->dst_pe_offset) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.dst_pe_offset));
        }
    }

    if (!s->elems_per_pe) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.elems_per_pe));
    }
    sts = decode_rect(raw, CMD_OFF(dma.rect), lim, s, detail);
    if (sts) {
        return sts;
    }
    sts = check_pe_span(s->pe_offset, CMD_OFF(dma.pe_offset),
                        (uint64_t)s->elems_per_pe * s->esize,
                        CMD_OFF(dma.elems_per_pe), s->esize, lim, detail);
    if (sts) {
        return sts;
    }

    if (f2f) {
        if (cmd->dst_x >= lim->log_width ||
            s->width > lim->log_width - cmd->dst_x) {
            FAIL(WSE_STS_FABRIC_RANGE, CMD_OFF(dma.dst_x));
        }
        if (cmd->dst_y >= lim->log_height ||
            s->height > lim->log_height - cmd->dst_y) {
            FAIL(WSE_STS_FABRIC_RANGE, CMD_OFF(dma.dst_y));
        }
        return check_pe_span(cmd->dst_pe_offset, CMD_OFF(dma.dst_pe_offset),
                             (uint64_t)s->elems_per_pe * s->esize,
                             CMD_OFF(dma.elems_per_pe), s->esize, lim,
                             detail);
    }

    if (cmd->host_len != wse_shape_bytes(s)) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.host_len));
    }
    if (cmd->flags & WSE_CMD_F_SGL_INLINE) {
        if (cmd->sgl_count) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(dma.sgl_count));
        }
        return WSE_STS_SUCCESS;
    }
    if (!cmd->sgl_count || cmd->sgl_count > lim->max_sgl_entries) {
        FAIL(WSE_STS_SGL_INVALID, cmd->sgl_count);
    }
    if (cmd->host_addr % WSE_SGE_SIZE) {
        FAIL(WSE_STS_SGL_INVALID, cmd->sgl_count);
    }
    return WSE_STS_SUCCESS;
}

static uint32_t decode_fill(const uint8_t *raw,
                            const struct wse_cmd_limits *lim,
                            struct wse_cmd *cmd, uint32_t *detail)
{
    struct wse_xfer_shape *s = &cmd->shape;
    uint32_t len, sts;
    int nz;

    nz = first_nonzero(raw, CMD_OFF(fill.reserved), WSE_CMD_SIZE);
    if (nz >= 0) {
        FAIL(WSE_STS_INVALID_FIELD, nz);
    }
    sts = decode_rect(raw, CMD_OFF(fill.rect), lim, s, detail);
    if (sts) {
        return sts;
    }
    len = ld32(raw + CMD_OFF(fill.len));
    s->pe_offset = ld32(raw + CMD_OFF(fill.pe_offset));
    s->esize = 4;
    s->elems_per_pe = len / 4;
    cmd->fill_value = ld32(raw + CMD_OFF(fill.value));
    if (!len || len % 4) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(fill.len));
    }
    return check_pe_span(s->pe_offset, CMD_OFF(fill.pe_offset), len,
                         CMD_OFF(fill.len), 4, lim, detail);
}

static uint32_t decode_launch(const uint8_t *raw,
                              const struct wse_cmd_limits *lim,
                              struct wse_cmd *cmd, uint32_t *detail)
{
    uint32_t nargs, size, i;
    int nz;

    nz = first_nonzero(raw, CMD_OFF(launch.reserved), WSE_CMD_SIZE);
    if (nz >= 0) {
        FAIL(WSE_STS_INVALID_FIELD, nz);
    }
    nargs = ld32(raw + CMD_OFF(launch.nargs));
    if (nargs > WSE_LAUNCH_MAX_ARGS) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(launch.nargs));
    }
    nz = first_nonzero(raw, CMD_OFF(launch.args) + nargs * 4,
                       CMD_OFF(launch.sram_base));
    if (nz >= 0) {
        FAIL(WSE_STS_INVALID_FIELD, nz);
    }
    cmd->sram_lo = ld32(raw + CMD_OFF(launch.sram_base));
    size = ld32(raw + CMD_OFF(launch.sram_size));
    if (!size) {
        /* The whole PE, which only a window starting at 0 can mean. */
        if (cmd->sram_lo) {
            FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(launch.sram_size));
        }
        size = lim->pe_sram_bytes;
    }
    if (cmd->sram_lo >= lim->pe_sram_bytes) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(launch.sram_base));
    }
    if (size > lim->pe_sram_bytes - cmd->sram_lo) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(launch.sram_size));
    }
    cmd->sram_hi = cmd->sram_lo + size;
    cmd->kernel_id = ld32(raw + CMD_OFF(launch.kernel_id));
    cmd->nargs = nargs;
    for (i = 0; i < nargs; i++) {
        cmd->args[i] = ld32(raw + CMD_OFF(launch.args) + 4 * i);
    }
    return decode_rect(raw, CMD_OFF(launch.rect), lim, &cmd->shape, detail);
}

/* Flags each opcode accepts; FENCE always (commands run in order anyway). */
static int allowed_flags(uint8_t opcode)
{
    switch (opcode) {
    case WSE_OP_NOP:
    case WSE_OP_LAUNCH:
    case WSE_OP_FILL:
        return WSE_CMD_F_FENCE;
    case WSE_OP_DMA_H2F:
    case WSE_OP_DMA_F2H:
        return WSE_CMD_F_SGL_INLINE | WSE_CMD_F_COL_MAJOR |
               WSE_CMD_F_DTYPE_16 | WSE_CMD_F_FENCE;
    case WSE_OP_DMA_F2F:
        return WSE_CMD_F_DTYPE_16 | WSE_CMD_F_FENCE;
    default:
        return -1;
    }
}

uint32_t wse_cmd_decode(const uint8_t *raw, const struct wse_cmd_limits *lim,
                        struct wse_cmd *cmd, uint32_t *detail)
{
    int allowed;
    int nz;

    memset(cmd, 0, sizeof(*cmd));
    *detail = 0;
    cmd->opcode = raw[CMD_OFF(opcode)];
    cmd->flags = raw[CMD_OFF(flags)];
    cmd->context_id = ld32(raw + CMD_OFF(context_id));
    cmd->tag = ld64(raw + CMD_OFF(tag));

    allowed = allowed_flags(cmd->opcode);
    if (allowed < 0) {
        FAIL(WSE_STS_INVALID_OPCODE, CMD_OFF(opcode));
    }
    if (ld16(raw + CMD_OFF(reserved0))) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(reserved0));
    }
    if (cmd->flags & ~allowed) {
        FAIL(WSE_STS_INVALID_FIELD, CMD_OFF(flags));
    }

    switch (cmd->opcode) {
    case WSE_OP_NOP:
        nz = first_nonzero(raw, CMD_OFF(dma), WSE_CMD_SIZE);
        if (nz >= 0) {
            FAIL(WSE_STS_INVALID_FIELD, nz);
        }
        return WSE_STS_SUCCESS;
    case WSE_OP_DMA_H2F:
    case WSE_OP_DMA_F2H:
    case WSE_OP_DMA_F2F:
        return decode_dma(raw, lim, cmd, detail);
    case WSE_OP_FILL:
        return decode_fill(raw, lim, cmd, detail);
    default:
        /* Kernel ID and argument count are the firmware's to judge. */
        return decode_launch(raw, lim, cmd, detail);
    }
}

uint32_t wse_sgl_check(const uint8_t *raw, uint32_t count,
                       const struct wse_cmd *cmd, struct wse_sge_host *out,
                       uint32_t *detail)
{
    uint64_t total = 0;
    uint32_t i;

    *detail = 0;
    for (i = 0; i < count; i++) {
        const uint8_t *e = raw + (size_t)i * WSE_SGE_SIZE;

        out[i].addr = ld64(e + offsetof(struct wse_hw_sge, addr));
        out[i].len = ld32(e + offsetof(struct wse_hw_sge, len));
        if (!out[i].len || out[i].len % cmd->shape.esize ||
            ld32(e + offsetof(struct wse_hw_sge, reserved)) ||
            out[i].addr + out[i].len < out[i].addr) {
            FAIL(WSE_STS_SGL_INVALID, i);
        }
        total += out[i].len;
        if (total > cmd->host_len) {
            FAIL(WSE_STS_SGL_INVALID, i);
        }
    }
    if (total != cmd->host_len) {
        FAIL(WSE_STS_SGL_INVALID, count);
    }
    return WSE_STS_SUCCESS;
}

void wse_cqe_encode(uint8_t *out, uint64_t tag, uint32_t status,
                    uint16_t sq_head, bool phase, uint64_t time_ns,
                    uint32_t detail)
{
    memset(out, 0, WSE_CQE_SIZE);
    st64(out + CQE_OFF(tag), tag);
    st32(out + CQE_OFF(status), status);
    st16(out + CQE_OFF(sq_head), sq_head);
    st16(out + CQE_OFF(flags), phase ? WSE_CQE_F_PHASE : 0);
    st64(out + CQE_OFF(device_time_ns), time_ns);
    st32(out + CQE_OFF(detail), detail);
}

uint32_t wse_queue_config_check(uint64_t sq_base, uint64_t cq_base,
                                uint32_t depth, uint32_t vector,
                                uint32_t nvectors)
{
    if (depth < 2 || depth > WSE_DEV_MAX_QUEUE_DEPTH ||
        (depth & (depth - 1))) {
        return WSE_QERR_BAD_CONFIG;
    }
    if (sq_base % WSE_CMD_SIZE || cq_base % WSE_CQE_SIZE) {
        return WSE_QERR_BAD_CONFIG;
    }
    /* Rings must not wrap the 64-bit bus address space. */
    if (sq_base + (uint64_t)depth * WSE_CMD_SIZE - 1 < sq_base ||
        cq_base + (uint64_t)depth * WSE_CQE_SIZE - 1 < cq_base) {
        return WSE_QERR_BAD_CONFIG;
    }
    /* Vector 0 carries device events, not completions. */
    if (vector == WSE_MSIX_VECTOR_EVENTS || vector >= nvectors) {
        return WSE_QERR_BAD_CONFIG;
    }
    return WSE_QERR_NONE;
}
