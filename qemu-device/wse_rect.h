/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rectangle addressing: where each element of a host array lands in a
 * rectangle of PEs, and the fabric side of the DMA, copy and fill commands.
 *
 * Plain C (no QEMU header). Every operation takes a starting position and a
 * count so the device can split a large command into slices and give the
 * main loop back between them.
 */
#ifndef WSE_RECT_H
#define WSE_RECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wse_fabric.h"

/*
 * A host array of height x width x elems_per_pe elements of esize bytes,
 * viewed as [h][w][l], and the PE rectangle it maps onto:
 *   row-major    [h][w][l]: index = (y * width + x) * elems_per_pe + l
 *   column-major [l][h][w]: index = (l * height + y) * width + x
 * (x, y relative to the rectangle's origin). Each PE holds its elements
 * packed, esize bytes apart, from pe_offset on.
 */
struct wse_xfer_shape {
    uint32_t x;
    uint32_t y;
    uint32_t width;
    uint32_t height;
    uint32_t elems_per_pe;
    uint32_t esize;
    bool col_major;
    uint32_t pe_offset;
};

static inline uint64_t wse_shape_pes(const struct wse_xfer_shape *s)
{
    return (uint64_t)s->width * s->height;
}

static inline uint64_t wse_shape_elems(const struct wse_xfer_shape *s)
{
    return wse_shape_pes(s) * s->elems_per_pe;
}

static inline uint64_t wse_shape_bytes(const struct wse_xfer_shape *s)
{
    return wse_shape_elems(s) * s->esize;
}

/*
 * Host element @idx lives in PE (x, y) of the rectangle (relative to its
 * origin) as that PE's element @elem; the *run host elements from @idx on
 * are contiguous in that PE (at least 1).
 */
void wse_shape_locate(const struct wse_xfer_shape *s, uint64_t idx,
                      uint32_t *x, uint32_t *y, uint32_t *elem,
                      uint64_t *run);

/* The inverse: host index of element @elem of relative PE (x, y). */
uint64_t wse_shape_index(const struct wse_xfer_shape *s, uint32_t x,
                         uint32_t y, uint32_t elem);

/*
 * Move @nbytes (a multiple of esize) of host data, starting at host element
 * @first, between the host buffer @host and the fabric. Returns false only
 * when SRAM could not be backed (host memory or the backing limit).
 */
bool wse_rect_copy_host(struct wse_fabric *f, const struct wse_xfer_shape *s,
                        uint64_t first, void *host, size_t nbytes,
                        bool to_fabric);

/*
 * Fabric-to-fabric copy of elems_per_pe * esize bytes per PE from the
 * rectangle @src to the rectangle of the same size at (dst_x, dst_y),
 * dst_offset. Overlapping rectangles behave as if the whole source were
 * read first. PEs are numbered 0..width*height-1 in processing order;
 * this call handles @count of them from @first.
 */
bool wse_rect_copy_fabric(struct wse_fabric *f,
                          const struct wse_xfer_shape *src,
                          uint32_t dst_x, uint32_t dst_y, uint32_t dst_offset,
                          uint64_t first, uint64_t count);

/*
 * Fill @len bytes (a multiple of 4) at @offset of every PE of the
 * rectangle with the 32-bit little-endian @value; PEs @first..+@count in
 * row order.
 */
bool wse_rect_fill(struct wse_fabric *f, uint32_t x, uint32_t y,
                   uint32_t width, uint32_t offset, uint32_t len,
                   uint32_t value, uint64_t first, uint64_t count);

#endif /* WSE_RECT_H */
