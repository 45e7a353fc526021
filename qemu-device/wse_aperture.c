/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BAR2: a WSE_APERTURE_SIZE window onto fabric SRAM starting at the fabric
 * address in APERTURE_BASE. The fabric is remapped and lazily backed, so
 * the window is I/O rather than RAM; wse_fabric.c does the addressing and
 * makes holes read as zero.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"

#include "wse.h"

static uint64_t wse_aperture_read(void *opaque, hwaddr addr, unsigned size)
{
    WseState *s = opaque;
    uint8_t buf[8];

    wse_fabric_aperture_read(&s->fabric, s->aperture_base, addr, buf, size);
    return ldn_le_p(buf, size);
}

static void wse_aperture_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    WseState *s = opaque;
    uint8_t buf[8];

    stn_le_p(buf, size, val);
    if (!wse_fabric_aperture_write(&s->fabric, s->aperture_base, addr, buf,
                                   size)) {
        warn_report_once("wse: cannot back more fabric SRAM (host memory "
                         "or sram-limit-mib); aperture write dropped");
    }
}

const MemoryRegionOps wse_aperture_ops = {
    .read = wse_aperture_read,
    .write = wse_aperture_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
        .unaligned = true,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 8,
        .unaligned = true,
    },
};
