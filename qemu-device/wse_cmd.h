/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command packet decoding and validation, scatter-gather list checks,
 * completion record encoding and the ring-index rules of the command
 * queues (uapi/wse_hw.h).
 *
 * Plain C (no QEMU header): all guest-controlled bytes are judged here, so
 * every malformed packet is covered by host unit tests.
 */
#ifndef WSE_CMD_H
#define WSE_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "wse_hw.h"
#include "wse_rect.h"

#define WSE_CMD_SIZE        128
#define WSE_CQE_SIZE        32
#define WSE_SGE_SIZE        16

/* What this device supports; also reported through BAR0. */
#define WSE_DEV_MAX_QUEUE_DEPTH   4096
#define WSE_DEV_MAX_SGL_ENTRIES   4096

/* What a command may address. */
struct wse_cmd_limits {
    uint32_t log_width;
    uint32_t log_height;
    uint32_t pe_sram_bytes;
    uint32_t max_sgl_entries;
};

/* A validated command in host byte order. */
struct wse_cmd {
    uint8_t opcode;
    uint8_t flags;
    uint32_t context_id;
    uint64_t tag;

    /* DMA_H2F, DMA_F2H, DMA_F2F, FILL: the PE rectangle and layout. */
    struct wse_xfer_shape shape;

    /* DMA_H2F, DMA_F2H: host side. */
    uint64_t host_addr;
    uint32_t host_len;
    uint32_t sgl_count;         /* 0 with WSE_CMD_F_SGL_INLINE */

    /* DMA_F2F: destination. */
    uint32_t dst_x;
    uint32_t dst_y;
    uint32_t dst_pe_offset;

    /* FILL: shape.elems_per_pe words of fill_value (esize 4). */
    uint32_t fill_value;

    /* LAUNCH: shape has the rectangle only. */
    uint32_t kernel_id;
    uint32_t nargs;
    uint32_t args[WSE_LAUNCH_MAX_ARGS];     /* beyond nargs: zero */
    uint32_t sram_lo, sram_hi;              /* LAUNCH SRAM window */
};

struct wse_sge_host {
    uint64_t addr;
    uint32_t len;
};

/*
 * Decode the raw little-endian packet @raw, making the checks of
 * Documentation/device-spec.rst ("Checks, in order") up to the packet's
 * own fields. Returns a WSE_STS_* value; on failure *detail is the byte
 * offset in struct wse_hw_cmd of the field at fault, or sgl_count for an
 * SGL that is wrong as a whole. The tag is decoded even for a bad packet
 * so the completion can echo it.
 */
uint32_t wse_cmd_decode(const uint8_t *raw, const struct wse_cmd_limits *lim,
                        struct wse_cmd *cmd, uint32_t *detail);

/*
 * Check the @count raw SGL entries at @raw against @cmd and convert them to
 * @out. Every entry must have a non-zero length that is a multiple of the
 * element size and a zero reserved word, and the lengths must add up to
 * host_len. Returns WSE_STS_SUCCESS or WSE_STS_SGL_INVALID with *detail the
 * failing entry (count itself when only the total is wrong).
 */
uint32_t wse_sgl_check(const uint8_t *raw, uint32_t count,
                       const struct wse_cmd *cmd, struct wse_sge_host *out,
                       uint32_t *detail);

/* Encode a completion record into @out (WSE_CQE_SIZE bytes). */
void wse_cqe_encode(uint8_t *out, uint64_t tag, uint32_t status,
                    uint16_t sq_head, bool phase, uint64_t time_ns,
                    uint32_t detail);

/*
 * Queue rules. A queue's configuration is checked when it is enabled;
 * returns a WSE_QERR_* value.
 */
uint32_t wse_queue_config_check(uint64_t sq_base, uint64_t cq_base,
                                uint32_t depth, uint32_t vector,
                                uint32_t nvectors);

/* The CQ keeps one slot empty so full and empty differ. */
static inline bool wse_cq_full(uint32_t tail, uint32_t head, uint32_t depth)
{
    return (tail + 1) % depth == head;
}

/* Entries between a consumer index and a producer index. */
static inline uint32_t wse_ring_used(uint32_t head, uint32_t tail,
                                     uint32_t depth)
{
    return (tail + depth - head) % depth;
}

/*
 * A new CQ head may only release records the device has posted: it must
 * lie between the current head and the device's tail.
 */
static inline bool wse_cq_head_valid(uint32_t head, uint32_t tail,
                                     uint32_t new_head, uint32_t depth)
{
    return new_head < depth &&
           wse_ring_used(head, new_head, depth) <=
           wse_ring_used(head, tail, depth);
}

#endif /* WSE_CMD_H */
