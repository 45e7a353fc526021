/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wafer fabric model: physical PE grid, defects, the remap that presents a
 * clean logical grid, and lazily backed per-PE SRAM.
 *
 * Plain C on purpose: no QEMU header, so the wafer logic is unit-tested on
 * the host (tests/unit/fabric/) without a QEMU build.
 */
#ifndef WSE_FABRIC_H
#define WSE_FABRIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits of what the model accepts (fabric addresses carry 16-bit x/y). */
#define WSE_FABRIC_MAX_DIM        4096
#define WSE_FABRIC_MAX_PES        (4u << 20)
#define WSE_FABRIC_MAX_SPARE      1024
#define WSE_FABRIC_MAX_SRAM       0x10000u

struct wse_pe_coord {
    uint16_t x;
    uint16_t y;
};

struct wse_fabric_config {
    uint32_t log_width;
    uint32_t log_height;
    uint32_t spare_cols;
    uint32_t spare_rows;
    uint32_t pe_sram_bytes;
    /* Explicit defect map (physical coordinates), used when non-NULL... */
    const struct wse_pe_coord *defect_map;
    uint32_t defect_map_len;
    /* ...otherwise ndefects positions drawn from seed. */
    uint32_t ndefects;
    uint64_t seed;
    /* Host memory that may back SRAM, in bytes; 0 for no limit. */
    uint64_t sram_limit;
};

struct wse_fabric {
    uint32_t log_width;
    uint32_t log_height;
    uint32_t phys_width;
    uint32_t phys_height;
    uint32_t spare_cols;
    uint32_t spare_rows;
    uint32_t pe_sram_bytes;

    /* Defective physical PEs, sorted by (y, x), no duplicates. */
    struct wse_pe_coord *defects;
    uint32_t ndefects;
    uint32_t retired_rows;

    uint16_t *row_to_phys;      /* [log_height]: physical y of logical y */
    int32_t *phys_to_row;       /* [phys_height]: logical y or -1 */
    uint16_t *col_to_phys;      /* [log_height][log_width]: physical x */

    /*
     * [log_height][log_width]; NULL until the PE's SRAM is first written.
     * Slots and backed_pes are accessed atomically (wse_fabric_pe_mem()).
     */
    uint8_t **sram;
    uint64_t backed_pes;
    uint64_t max_backed_pes;    /* 0: no limit */
};

/*
 * Build the fabric described by @cfg. On failure returns false, leaves @f
 * empty (wse_fabric_destroy() is still safe) and writes a message to @err.
 */
bool wse_fabric_init(struct wse_fabric *f, const struct wse_fabric_config *cfg,
                     char *err, size_t errlen);
void wse_fabric_destroy(struct wse_fabric *f);

/* Forget all SRAM contents: every PE reads zero again. */
void wse_fabric_clear(struct wse_fabric *f);

/*
 * Parse "x:y;x:y;..." into a newly allocated array (free() it). ',' also
 * separates, for callers whose option syntax does not reserve it.
 */
#define WSE_DEFECT_MAP_SEPS     ";,"
bool wse_fabric_parse_defect_map(const char *s, struct wse_pe_coord **out,
                                 uint32_t *n, char *err, size_t errlen);

static inline uint32_t wse_fabric_pes(const struct wse_fabric *f)
{
    return f->log_width * f->log_height;
}

bool wse_fabric_log_to_phys(const struct wse_fabric *f, uint32_t lx,
                            uint32_t ly, uint32_t *px, uint32_t *py);
/* False for defective PEs, unused spares and PEs of retired rows. */
bool wse_fabric_phys_to_log(const struct wse_fabric *f, uint32_t px,
                            uint32_t py, uint32_t *lx, uint32_t *ly);
bool wse_fabric_is_defective(const struct wse_fabric *f, uint32_t px,
                             uint32_t py);

/* WSE_DEFECT_* encoding of defect @idx, WSE_DEFECT_NONE when out of range. */
uint32_t wse_fabric_defect_entry(const struct wse_fabric *f, uint32_t idx);

/*
 * Per-PE SRAM of logical PE (lx, ly); the caller has range-checked the
 * coordinates. peek returns NULL for a PE never written (it reads zero);
 * mem allocates the backing on first use and returns NULL when the host is
 * out of memory or the configured backing limit is reached. Both may be
 * called from several threads at once (compute kernels run on workers);
 * wse_fabric_clear() and wse_fabric_destroy() may not.
 */
const uint8_t *wse_fabric_pe_peek(const struct wse_fabric *f, uint32_t lx,
                                  uint32_t ly);
uint8_t *wse_fabric_pe_mem(struct wse_fabric *f, uint32_t lx, uint32_t ly);

/*
 * Access through the BAR2 aperture: @offset bytes into the window whose
 * base is the fabric address @base. Offset bit 16 and up step x from the
 * base's x (without carrying into y); the base's offset field and bits
 * 63..48 are ignored.
 * Bytes outside the logical grid or beyond a PE's SRAM read zero and ignore
 * writes. write returns false only when SRAM could not be backed.
 */
void wse_fabric_aperture_read(const struct wse_fabric *f, uint64_t base,
                              uint64_t offset, void *buf, size_t len);
bool wse_fabric_aperture_write(struct wse_fabric *f, uint64_t base,
                               uint64_t offset, const void *buf, size_t len);

/* True if all @n bytes at @p are zero. */
bool wse_is_zero(const uint8_t *p, size_t n);

/* Small deterministic PRNG (splitmix64), shared with the tests. */
uint64_t wse_prng_next(uint64_t *state);

#endif /* WSE_FABRIC_H */
