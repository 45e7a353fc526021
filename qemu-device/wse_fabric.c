/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wafer fabric model: geometry, defect map, logical<->physical remap and
 * lazily backed per-PE SRAM. See wse_fabric.h.
 *
 * The remap is the one uapi/wse_hw.h defines: within a physical row,
 * logical x is the x-th working PE; a row with more defects than spare
 * columns is retired whole; logical y is the y-th working row.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wse_fabric.h"
#include "wse_hw.h"

static void wse_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void wse_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

bool wse_is_zero(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

uint64_t wse_prng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int wse_coord_cmp(const void *a, const void *b)
{
    const struct wse_pe_coord *p = a, *q = b;

    if (p->y != q->y) {
        return p->y < q->y ? -1 : 1;
    }
    if (p->x != q->x) {
        return p->x < q->x ? -1 : 1;
    }
    return 0;
}

static bool wse_check_geometry(const struct wse_fabric_config *cfg,
                               char *err, size_t errlen)
{
    uint64_t pw = (uint64_t)cfg->log_width + cfg->spare_cols;
    uint64_t ph = (uint64_t)cfg->log_height + cfg->spare_rows;

    if (cfg->log_width < 1 || cfg->log_width > WSE_FABRIC_MAX_DIM ||
        cfg->log_height < 1 || cfg->log_height > WSE_FABRIC_MAX_DIM) {
        wse_err(err, errlen, "logical grid %ux%u out of range (1..%u each)",
                cfg->log_width, cfg->log_height, WSE_FABRIC_MAX_DIM);
        return false;
    }
    if (cfg->spare_cols > WSE_FABRIC_MAX_SPARE ||
        cfg->spare_rows > WSE_FABRIC_MAX_SPARE) {
        wse_err(err, errlen, "spare columns/rows %u/%u out of range (0..%u)",
                cfg->spare_cols, cfg->spare_rows, WSE_FABRIC_MAX_SPARE);
        return false;
    }
    if (pw > WSE_FABRIC_MAX_DIM || ph > WSE_FABRIC_MAX_DIM ||
        pw * ph > WSE_FABRIC_MAX_PES) {
        wse_err(err, errlen,
                "physical grid %llux%llu too large (max %u per side, %u PEs)",
                (unsigned long long)pw, (unsigned long long)ph,
                WSE_FABRIC_MAX_DIM, WSE_FABRIC_MAX_PES);
        return false;
    }
    if (cfg->pe_sram_bytes < 1024 || cfg->pe_sram_bytes > WSE_PE_SRAM_MAX ||
        cfg->pe_sram_bytes % 4) {
        wse_err(err, errlen,
                "PE SRAM of %u bytes out of range (1 KiB..64 KiB, "
                "multiple of 4)", cfg->pe_sram_bytes);
        return false;
    }
    return true;
}

/*
 * Most defects that still leave a usable wafer: spare_rows whole rows plus
 * spare_cols in every other row.
 */
static uint64_t wse_max_tolerable_defects(uint32_t pw, uint32_t ph,
                                          uint32_t scols, uint32_t srows)
{
    return (uint64_t)srows * pw + (uint64_t)(ph - srows) * scols;
}

/*
 * Draw distinct defect positions. A wafer that could not present the full
 * logical grid would not ship, so a draw that would retire one row more
 * than there are spare rows is rejected and redrawn.
 */
static bool wse_generate_defects(struct wse_fabric *f, uint32_t n,
                                 uint64_t seed, char *err, size_t errlen)
{
    uint32_t pw = f->phys_width, ph = f->phys_height;
    uint64_t npes = (uint64_t)pw * ph;
    uint64_t attempts = 0, max_attempts = 1000ull * n + (1u << 20);
    uint64_t state = seed;
    uint32_t *row_count;
    uint8_t *bad;
    uint32_t retired = 0, placed = 0;

    if (n > wse_max_tolerable_defects(pw, ph, f->spare_cols, f->spare_rows)) {
        wse_err(err, errlen,
                "%u defects cannot be tolerated with %u spare columns and "
                "%u spare rows on a %ux%u wafer", n, f->spare_cols,
                f->spare_rows, pw, ph);
        return false;
    }
    f->defects = calloc(n ? n : 1, sizeof(*f->defects));
    row_count = calloc(ph, sizeof(*row_count));
    bad = calloc(npes, 1);
    if (!f->defects || !row_count || !bad) {
        free(row_count);
        free(bad);
        wse_err(err, errlen, "out of memory for the defect map");
        return false;
    }
    while (placed < n) {
        uint64_t pe = wse_prng_next(&state) % npes;
        uint32_t y = pe / pw;

        if (++attempts > max_attempts) {
            break;
        }
        if (bad[pe]) {
            continue;
        }
        if (row_count[y] == f->spare_cols) {
            if (retired == f->spare_rows) {
                continue;
            }
            retired++;
        }
        bad[pe] = 1;
        row_count[y]++;
        f->defects[placed].x = pe % pw;
        f->defects[placed].y = y;
        placed++;
    }
    free(row_count);
    free(bad);
    if (placed < n) {
        wse_err(err, errlen, "could not place %u defects (placed %u)",
                n, placed);
        return false;
    }
    f->ndefects = n;
    qsort(f->defects, n, sizeof(*f->defects), wse_coord_cmp);
    return true;
}

static bool wse_copy_defect_map(struct wse_fabric *f,
                                const struct wse_fabric_config *cfg,
                                char *err, size_t errlen)
{
    uint32_t i, n = cfg->defect_map_len;

    f->defects = calloc(n ? n : 1, sizeof(*f->defects));
    if (!f->defects) {
        wse_err(err, errlen, "out of memory for the defect map");
        return false;
    }
    for (i = 0; i < n; i++) {
        const struct wse_pe_coord *c = &cfg->defect_map[i];

        if (c->x >= f->phys_width || c->y >= f->phys_height) {
            wse_err(err, errlen,
                    "defect %u:%u is outside the %ux%u physical grid",
                    c->x, c->y, f->phys_width, f->phys_height);
            return false;
        }
        f->defects[i] = *c;
    }
    qsort(f->defects, n, sizeof(*f->defects), wse_coord_cmp);
    for (i = 1; i < n; i++) {
        if (!wse_coord_cmp(&f->defects[i - 1], &f->defects[i])) {
            wse_err(err, errlen, "defect %u:%u is listed twice",
                    f->defects[i].x, f->defects[i].y);
            return false;
        }
    }
    f->ndefects = n;
    return true;
}

/* Index of the first defect at or after (x, y) in (y, x) order. */
static uint32_t wse_defect_lower_bound(const struct wse_fabric *f,
                                       uint32_t x, uint32_t y)
{
    uint32_t lo = 0, hi = f->ndefects;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct wse_pe_coord *d = &f->defects[mid];

        if (d->y < y || (d->y == y && d->x < x)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static bool wse_build_remap(struct wse_fabric *f, char *err, size_t errlen)
{
    uint32_t py, ly = 0, d = 0;

    f->row_to_phys = calloc(f->log_height, sizeof(*f->row_to_phys));
    f->phys_to_row = calloc(f->phys_height, sizeof(*f->phys_to_row));
    f->col_to_phys = calloc((size_t)f->log_height * f->log_width,
                            sizeof(*f->col_to_phys));
    if (!f->row_to_phys || !f->phys_to_row || !f->col_to_phys) {
        wse_err(err, errlen, "out of memory for the remap tables");
        return false;
    }
    f->retired_rows = 0;
    for (py = 0; py < f->phys_height; py++) {
        uint32_t first = d, px, lx;

        while (d < f->ndefects && f->defects[d].y == py) {
            d++;
        }
        f->phys_to_row[py] = -1;
        if (d - first > f->spare_cols) {
            f->retired_rows++;
            continue;
        }
        if (ly == f->log_height) {
            continue;   /* a working spare row nobody needs */
        }
        f->row_to_phys[ly] = py;
        f->phys_to_row[py] = ly;
        /* Walk the row, skipping this row's defects (sorted by x). */
        for (px = 0, lx = 0; lx < f->log_width; px++) {
            if (first < d && f->defects[first].x == px) {
                first++;
                continue;
            }
            f->col_to_phys[(size_t)ly * f->log_width + lx++] = px;
        }
        ly++;
    }
    if (f->retired_rows > f->spare_rows) {
        wse_err(err, errlen,
                "defects retire %u rows but the wafer has only %u spare rows",
                f->retired_rows, f->spare_rows);
        return false;
    }
    return true;
}

bool wse_fabric_init(struct wse_fabric *f, const struct wse_fabric_config *cfg,
                     char *err, size_t errlen)
{
    memset(f, 0, sizeof(*f));
    if (!wse_check_geometry(cfg, err, errlen)) {
        return false;
    }
    f->log_width = cfg->log_width;
    f->log_height = cfg->log_height;
    f->spare_cols = cfg->spare_cols;
    f->spare_rows = cfg->spare_rows;
    f->phys_width = cfg->log_width + cfg->spare_cols;
    f->phys_height = cfg->log_height + cfg->spare_rows;
    f->pe_sram_bytes = cfg->pe_sram_bytes;
    if (cfg->sram_limit) {
        f->max_backed_pes = cfg->sram_limit / cfg->pe_sram_bytes;
        if (!f->max_backed_pes) {
            wse_err(err, errlen, "SRAM limit of %llu bytes is less than "
                    "one PE", (unsigned long long)cfg->sram_limit);
            return false;
        }
    }

    if (cfg->defect_map) {
        if (!wse_copy_defect_map(f, cfg, err, errlen)) {
            goto fail;
        }
    } else if (!wse_generate_defects(f, cfg->ndefects, cfg->seed,
                                     err, errlen)) {
        goto fail;
    }
    if (!wse_build_remap(f, err, errlen)) {
        goto fail;
    }
    f->sram = calloc(wse_fabric_pes(f), sizeof(*f->sram));
    if (!f->sram) {
        wse_err(err, errlen, "out of memory for the SRAM table");
        goto fail;
    }
    return true;

fail:
    wse_fabric_destroy(f);
    return false;
}

void wse_fabric_clear(struct wse_fabric *f)
{
    uint32_t i, n = wse_fabric_pes(f);

    if (!f->sram) {
        return;
    }
    for (i = 0; i < n && f->backed_pes; i++) {
        if (f->sram[i]) {
            free(f->sram[i]);
            f->sram[i] = NULL;
            f->backed_pes--;
        }
    }
}

void wse_fabric_destroy(struct wse_fabric *f)
{
    wse_fabric_clear(f);
    free(f->sram);
    free(f->col_to_phys);
    free(f->phys_to_row);
    free(f->row_to_phys);
    free(f->defects);
    memset(f, 0, sizeof(*f));
}

/*
 * A decimal or 0x-prefixed hexadecimal number up to 0xffff; returns the
 * first character after it, or NULL. Stricter than strtoul(): no sign,
 * no spaces.
 */
static const char *wse_parse_u16(const char *p, uint32_t *out)
{
    uint32_t base = 10, v = 0;
    const char *start;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    for (start = p; *p; p++) {
        uint32_t d;

        if (*p >= '0' && *p <= '9') {
            d = *p - '0';
        } else if (base == 16 && *p >= 'a' && *p <= 'f') {
            d = *p - 'a' + 10;
        } else if (base == 16 && *p >= 'A' && *p <= 'F') {
            d = *p - 'A' + 10;
        } else {
            break;
        }
        v = v * base + d;
        if (v > 0xffff) {
            return NULL;
        }
    }
    if (p == start) {
        return NULL;
    }
    *out = v;
    return p;
}

bool wse_fabric_parse_defect_map(const char *s, struct wse_pe_coord **out,
                                 uint32_t *n, char *err, size_t errlen)
{
    struct wse_pe_coord *v = NULL;
    uint32_t count = 0, cap = 0;
    const char *p = s;

    *out = NULL;
    *n = 0;
    while (*p) {
        uint32_t x, y;
        const char *end;

        end = wse_parse_u16(p, &x);
        if (!end || *end != ':') {
            goto bad;
        }
        p = end + 1;
        end = wse_parse_u16(p, &y);
        if (!end || (*end && !strchr(WSE_DEFECT_MAP_SEPS, *end))) {
            goto bad;
        }
        if (count == cap) {
            struct wse_pe_coord *nv;

            cap = cap ? cap * 2 : 16;
            nv = realloc(v, cap * sizeof(*v));
            if (!nv) {
                free(v);
                wse_err(err, errlen, "out of memory for the defect map");
                return false;
            }
            v = nv;
        }
        v[count].x = x;
        v[count].y = y;
        count++;
        p = *end ? end + 1 : end;
        if (*end && !*p) {
            goto bad;   /* trailing separator */
        }
    }
    *out = v;
    *n = count;
    return true;

bad:
    free(v);
    wse_err(err, errlen,
            "defect map \"%s\" is not a list of x:y pairs separated by "
            "';' (error at offset %zu)", s, (size_t)(p - s));
    return false;
}

bool wse_fabric_log_to_phys(const struct wse_fabric *f, uint32_t lx,
                            uint32_t ly, uint32_t *px, uint32_t *py)
{
    if (lx >= f->log_width || ly >= f->log_height) {
        return false;
    }
    *px = f->col_to_phys[(size_t)ly * f->log_width + lx];
    *py = f->row_to_phys[ly];
    return true;
}

bool wse_fabric_is_defective(const struct wse_fabric *f, uint32_t px,
                             uint32_t py)
{
    uint32_t i = wse_defect_lower_bound(f, px, py);

    return i < f->ndefects && f->defects[i].x == px && f->defects[i].y == py;
}

bool wse_fabric_phys_to_log(const struct wse_fabric *f, uint32_t px,
                            uint32_t py, uint32_t *lx, uint32_t *ly)
{
    uint32_t before, x;

    if (px >= f->phys_width || py >= f->phys_height ||
        f->phys_to_row[py] < 0 || wse_fabric_is_defective(f, px, py)) {
        return false;
    }
    /* Defects to the left of px in this row shift it left. */
    before = wse_defect_lower_bound(f, px, py) -
             wse_defect_lower_bound(f, 0, py);
    x = px - before;
    if (x >= f->log_width) {
        return false;   /* an unused spare */
    }
    *lx = x;
    *ly = f->phys_to_row[py];
    return true;
}

uint32_t wse_fabric_defect_entry(const struct wse_fabric *f, uint32_t idx)
{
    if (idx >= f->ndefects) {
        return WSE_DEFECT_NONE;
    }
    return (uint32_t)f->defects[idx].y << 16 | f->defects[idx].x;
}

/*
 * Compute kernels run on worker threads while the main loop serves DMA and
 * the aperture, so a PE's backing may be created by several threads at
 * once: the slot is published with a compare-and-swap (the loser frees
 * its copy) and the count is reserved before allocating, so the limit
 * holds. Clearing and destroying happen only with no kernel running.
 */
const uint8_t *wse_fabric_pe_peek(const struct wse_fabric *f, uint32_t lx,
                                  uint32_t ly)
{
    return __atomic_load_n(&f->sram[(size_t)ly * f->log_width + lx],
                           __ATOMIC_ACQUIRE);
}

uint8_t *wse_fabric_pe_mem(struct wse_fabric *f, uint32_t lx, uint32_t ly)
{
    uint8_t **slot = &f->sram[(size_t)ly * f->log_width + lx];
    uint8_t *mem = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    uint8_t *expected = NULL;
    uint64_t n;

    if (mem) {
        return mem;
    }
    n = __atomic_fetch_add(&f->backed_pes, 1, __ATOMIC_RELAXED);
    if (f->max_backed_pes && n >= f->max_backed_pes) {
        __atomic_fetch_sub(&f->backed_pes, 1, __ATOMIC_RELAXED);
        return NULL;
    }
    mem = calloc(1, f->pe_sram_bytes);
    if (!mem) {
        __atomic_fetch_sub(&f->backed_pes, 1, __ATOMIC_RELAXED);
        return NULL;
    }
    if (!__atomic_compare_exchange_n(slot, &expected, mem, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        /* Another thread backed it first: use theirs. */
        free(mem);
        __atomic_fetch_sub(&f->backed_pes, 1, __ATOMIC_RELAXED);
        return expected;
    }
    return mem;
}

/*
 * Split an aperture access into pieces that each stay within one PE's
 * 64 KiB slot and call @fn on the part that lands in real SRAM.
 */
static bool wse_aperture_walk(const struct wse_fabric *f, uint64_t base,
                              uint64_t offset, size_t len,
                              bool (*fn)(void *ctx, uint32_t x, uint32_t y,
                                         uint32_t off, size_t pos, size_t n),
                              void *ctx)
{
    uint64_t bx = WSE_FABRIC_ADDR_X(base), by = WSE_FABRIC_ADDR_Y(base);
    size_t pos = 0;

    while (pos < len) {
        uint64_t o = offset + pos;
        uint64_t x = bx + (o >> 16);
        uint32_t off = o & 0xffff;
        size_t seg = 0x10000 - off;

        if (seg > len - pos) {
            seg = len - pos;
        }
        if (x < f->log_width && by < f->log_height &&
            off < f->pe_sram_bytes) {
            size_t n = f->pe_sram_bytes - off;

            if (!fn(ctx, x, by, off, pos, n < seg ? n : seg)) {
                return false;
            }
        }
        pos += seg;
    }
    return true;
}

struct wse_ap_ctx {
    struct wse_fabric *f;
    uint8_t *rbuf;
    const uint8_t *wbuf;
};

static bool wse_ap_read_one(void *opaque, uint32_t x, uint32_t y,
                            uint32_t off, size_t pos, size_t n)
{
    struct wse_ap_ctx *c = opaque;
    const uint8_t *pe = wse_fabric_pe_peek(c->f, x, y);

    if (pe) {
        memcpy(c->rbuf + pos, pe + off, n);
    }
    return true;
}

static bool wse_ap_write_one(void *opaque, uint32_t x, uint32_t y,
                             uint32_t off, size_t pos, size_t n)
{
    struct wse_ap_ctx *c = opaque;
    uint8_t *pe;

    /* Zeros into a PE never written change nothing: stay unbacked. */
    if (!wse_fabric_pe_peek(c->f, x, y) && wse_is_zero(c->wbuf + pos, n)) {
        return true;
    }
    pe = wse_fabric_pe_mem(c->f, x, y);
    if (!pe) {
        return false;
    }
    memcpy(pe + off, c->wbuf + pos, n);
    return true;
}

void wse_fabric_aperture_read(const struct wse_fabric *f, uint64_t base,
                              uint64_t offset, void *buf, size_t len)
{
    struct wse_ap_ctx c = { .f = (struct wse_fabric *)f, .rbuf = buf };

    memset(buf, 0, len);
    wse_aperture_walk(f, base, offset, len, wse_ap_read_one, &c);
}

bool wse_fabric_aperture_write(struct wse_fabric *f, uint64_t base,
                               uint64_t offset, const void *buf, size_t len)
{
    struct wse_ap_ctx c = { .f = f, .wbuf = buf };

    return wse_aperture_walk(f, base, offset, len, wse_ap_write_one, &c);
}
