/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rectangle addressing and the fabric side of DMA, copy and fill.
 * See wse_rect.h for the host array layouts.
 */
#include <string.h>

#include "wse_rect.h"

void wse_shape_locate(const struct wse_xfer_shape *s, uint64_t idx,
                      uint32_t *x, uint32_t *y, uint32_t *elem,
                      uint64_t *run)
{
    uint64_t l = s->elems_per_pe;

    if (!s->col_major) {
        uint64_t pe = idx / l;

        *elem = idx % l;
        *x = pe % s->width;
        *y = pe / s->width;
        *run = l - *elem;
    } else {
        uint64_t plane = idx / wse_shape_pes(s);
        uint64_t in_plane = idx % wse_shape_pes(s);

        *elem = plane;
        *x = in_plane % s->width;
        *y = in_plane / s->width;
        /* Consecutive elements go to neighbouring PEs, unless there is one. */
        *run = wse_shape_pes(s) == 1 ? l - plane : 1;
    }
}

uint64_t wse_shape_index(const struct wse_xfer_shape *s, uint32_t x,
                         uint32_t y, uint32_t elem)
{
    if (!s->col_major) {
        return ((uint64_t)y * s->width + x) * s->elems_per_pe + elem;
    }
    return ((uint64_t)elem * s->height + y) * s->width + x;
}

bool wse_rect_copy_host(struct wse_fabric *f, const struct wse_xfer_shape *s,
                        uint64_t first, void *host, size_t nbytes,
                        bool to_fabric)
{
    uint8_t *h = host;
    uint64_t idx = first, end = first + nbytes / s->esize;

    while (idx < end) {
        uint32_t x, y, elem;
        uint64_t run;
        size_t n, off;

        wse_shape_locate(s, idx, &x, &y, &elem, &run);
        if (run > end - idx) {
            run = end - idx;
        }
        n = run * s->esize;
        off = s->pe_offset + (size_t)elem * s->esize;
        x += s->x;
        y += s->y;
        if (to_fabric) {
            uint8_t *pe;

            /* Zeros into a PE never written leave it unbacked. */
            if (!wse_fabric_pe_peek(f, x, y) && wse_is_zero(h, n)) {
                goto next;
            }
            pe = wse_fabric_pe_mem(f, x, y);
            if (!pe) {
                return false;
            }
            memcpy(pe + off, h, n);
        } else {
            const uint8_t *pe = wse_fabric_pe_peek(f, x, y);

            if (pe) {
                memcpy(h, pe + off, n);
            } else {
                memset(h, 0, n);
            }
        }
next:
        h += n;
        idx += run;
    }
    return true;
}

/*
 * Copying PE p to PE p + d in place is safe if every PE is read before it
 * is overwritten. Translation keeps the (y, x) lexicographic order, so when
 * d is positive in that order walking the rectangle backwards reads each
 * PE before its own turn as a destination; otherwise walk forwards. d == 0
 * stays within each PE, where memmove does the rest.
 */
static bool wse_f2f_backwards(const struct wse_xfer_shape *src,
                              uint32_t dst_x, uint32_t dst_y)
{
    return dst_y > src->y || (dst_y == src->y && dst_x > src->x);
}

bool wse_rect_copy_fabric(struct wse_fabric *f,
                          const struct wse_xfer_shape *src,
                          uint32_t dst_x, uint32_t dst_y, uint32_t dst_offset,
                          uint64_t first, uint64_t count)
{
    uint64_t npes = wse_shape_pes(src), k;
    size_t n = (size_t)src->elems_per_pe * src->esize;
    bool back = wse_f2f_backwards(src, dst_x, dst_y);

    for (k = first; k < first + count && k < npes; k++) {
        uint64_t pe = back ? npes - 1 - k : k;
        uint32_t rx = pe % src->width, ry = pe / src->width;
        const uint8_t *s = wse_fabric_pe_peek(f, src->x + rx, src->y + ry);
        uint8_t *d;

        if (!s) {
            d = (uint8_t *)wse_fabric_pe_peek(f, dst_x + rx, dst_y + ry);
            if (d) {
                memset(d + dst_offset, 0, n);
            }
            continue;
        }
        d = wse_fabric_pe_mem(f, dst_x + rx, dst_y + ry);
        if (!d) {
            return false;
        }
        memmove(d + dst_offset, s + src->pe_offset, n);
    }
    return true;
}

bool wse_rect_fill(struct wse_fabric *f, uint32_t x, uint32_t y,
                   uint32_t width, uint32_t offset, uint32_t len,
                   uint32_t value, uint64_t first, uint64_t count)
{
    uint8_t pattern[4] = { value, value >> 8, value >> 16, value >> 24 };
    uint64_t k;

    for (k = first; k < first + count; k++) {
        uint32_t px = x + k % width, py = y + k / width;
        uint8_t *pe;
        uint32_t i;

        if (!value && !wse_fabric_pe_peek(f, px, py)) {
            continue;
        }
        pe = wse_fabric_pe_mem(f, px, py);
        if (!pe) {
            return false;
        }
        for (i = 0; i < len; i += 4) {
            memcpy(pe + offset + i, pattern, 4);
        }
    }
    return true;
}
