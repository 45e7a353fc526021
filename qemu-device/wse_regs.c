/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BAR0 register decode: identification, status and reset, geometry,
 * aperture window, events; firmware boot registers (wse_fw.c), the
 * firmware log window (wse_fwlog.c), queue registers, doorbells and
 * telemetry are handed to their own files.
 *
 * Handlers only update state and schedule work: no DMA happens here.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/pci/msix.h"

#include "wse.h"

#define WSE_QUEUE_REGS_END      (WSE_BAR0_QUEUE_REGS_OFFSET + \
                                 WSE_MAX_QUEUES * 0x40)
#define WSE_TELEMETRY_END       WSE_BAR0_DOORBELL_OFFSET
#define WSE_DOORBELLS_END       (WSE_BAR0_DOORBELL_OFFSET + \
                                 WSE_MAX_QUEUES * 8)

#define WSE_EVENTS_ALL          (WSE_EVENT_FW_READY | WSE_EVENT_FW_FAILED | \
                                 WSE_EVENT_FATAL | WSE_EVENT_QUEUE_ERROR | \
                                 WSE_EVENT_RESET_DONE)

static void wse_event_notify(WseState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    /* A dead function sends nothing; the cause stays pending. */
    if (!s->inj.mmio_dead && msix_enabled(pdev)) {
        msix_notify(pdev, WSE_MSIX_VECTOR_EVENTS);
    }
}

void wse_event_raise(WseState *s, uint32_t cause)
{
    s->event_cause |= cause;
    if (cause & ~s->event_mask) {
        wse_event_notify(s);
    }
}

static uint32_t wse_status(WseState *s)
{
    uint32_t st = 0;
    unsigned i;

    for (i = 0; i < WSE_MAX_QUEUES; i++) {
        if (s->queues[i].enabled) {
            st |= WSE_STATUS_QUEUES_ACTIVE;
        }
    }
    if (s->fw.state == WSE_FW_STATE_READY) {
        st |= WSE_STATUS_FW_READY;
    }
    if (s->error_code != WSE_ERR_NONE) {
        st |= WSE_STATUS_FATAL;
    }
    /* Reset completes inside the register write, so RESETTING never shows. */
    return st;
}

static uint32_t wse_ctrl_read(WseState *s, hwaddr addr)
{
    struct wse_fabric *f = &s->fabric;

    switch (addr) {
    case WSE_REG_MAGIC:
        return WSE_MAGIC;
    case WSE_REG_SPEC_VERSION:
        return WSE_HW_SPEC_MAJOR << 16 | WSE_HW_SPEC_MINOR;
    case WSE_REG_GENERATION:
        return WSE_GENERATION;
    case WSE_REG_CAPS:
        /*
         * DMA and FILL run without firmware (FW_REQUIRED clear); a wafer
         * without spares has nothing to remap.
         */
        return WSE_CAP_APERTURE |
               (f->spare_cols || f->spare_rows ? WSE_CAP_DEFECT_REMAP : 0) |
               (s->fault_inject ? WSE_CAP_FAULT_INJECT : 0);
    case WSE_REG_SERIAL_LO:
        return s->serial;
    case WSE_REG_SERIAL_HI:
        return s->serial >> 32;
    case WSE_REG_STATUS:
        return wse_status(s);
    case WSE_REG_RESET:
        return 0;
    case WSE_REG_ERROR_CODE:
        return s->error_code;
    case WSE_REG_RESET_COUNT:
        return s->reset_count;
    case WSE_REG_PHYS_WIDTH:
        return f->phys_width;
    case WSE_REG_PHYS_HEIGHT:
        return f->phys_height;
    case WSE_REG_LOG_WIDTH:
        return f->log_width;
    case WSE_REG_LOG_HEIGHT:
        return f->log_height;
    case WSE_REG_PE_SRAM_BYTES:
        return f->pe_sram_bytes;
    case WSE_REG_SPARE_COLS:
        return f->spare_cols;
    case WSE_REG_SPARE_ROWS:
        return f->spare_rows;
    case WSE_REG_DEFECT_COUNT:
        return f->ndefects;
    case WSE_REG_DEFECT_INDEX:
        return s->defect_index;
    case WSE_REG_DEFECT_ENTRY:
        return wse_fabric_defect_entry(f, s->defect_index);
    case WSE_REG_CLOCK_MHZ:
        return WSE_CLOCK_MHZ;
    case WSE_REG_NUM_QUEUES:
        return WSE_MAX_QUEUES;
    case WSE_REG_MAX_QUEUE_DEPTH:
        return WSE_DEV_MAX_QUEUE_DEPTH;
    case WSE_REG_MAX_SGL_ENTRIES:
        return WSE_DEV_MAX_SGL_ENTRIES;
    case WSE_REG_APERTURE_BASE_LO:
        return s->aperture_base;
    case WSE_REG_APERTURE_BASE_HI:
        return s->aperture_base >> 32;
    case WSE_REG_EVENT_CAUSE:
        return s->event_cause;
    case WSE_REG_EVENT_MASK:
        return s->event_mask;
    case WSE_REG_FW_STATE:
    case WSE_REG_FW_ERROR:
    case WSE_REG_FW_ADDR_LO:
    case WSE_REG_FW_ADDR_HI:
    case WSE_REG_FW_SIZE:
    case WSE_REG_FW_CONTROL:
    case WSE_REG_FW_VERSION:
    case WSE_REG_FW_ABI:
    case WSE_REG_FW_HEARTBEAT:
        return wse_fw_reg_read(s, addr);
    case WSE_REG_FW_LOG_SIZE:
    case WSE_REG_FW_LOG_HEAD:
    case WSE_REG_FW_LOG_SELECT:
    case WSE_REG_FW_LOG_DATA:
        return wse_fwlog_reg_read(s, addr);
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: read of unknown register 0x%03" HWADDR_PRIx "\n",
                      addr);
        return 0;
    }
}

static void wse_ctrl_write(WseState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case WSE_REG_RESET:
        if (val != WSE_RESET_KEY) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "wse: RESET written with 0x%08x, not the key\n", val);
            return;
        }
        wse_fwlog_printf(s, "register reset (reset count %u)",
                         s->reset_count + 1);
        wse_device_reset(s);
        s->reset_count++;
        wse_event_raise(s, WSE_EVENT_RESET_DONE);
        return;
    case WSE_REG_DEFECT_INDEX:
        s->defect_index = val;
        return;
    case WSE_REG_APERTURE_BASE_LO:
        s->aperture_base = deposit64(s->aperture_base, 0, 32, val);
        return;
    case WSE_REG_APERTURE_BASE_HI:
        s->aperture_base = deposit64(s->aperture_base, 32, 32, val);
        return;
    case WSE_REG_EVENT_CAUSE:
        s->event_cause &= ~val;
        return;
    case WSE_REG_EVENT_MASK:
        /* Unmasking an event that is already pending delivers it now. */
        if (s->event_cause & s->event_mask & ~val) {
            s->event_mask = val & WSE_EVENTS_ALL;
            wse_event_notify(s);
            return;
        }
        s->event_mask = val & WSE_EVENTS_ALL;
        return;
    case WSE_REG_FW_ADDR_LO:
    case WSE_REG_FW_ADDR_HI:
    case WSE_REG_FW_SIZE:
    case WSE_REG_FW_CONTROL:
        wse_fw_reg_write(s, addr, val);
        return;
    case WSE_REG_FW_LOG_SIZE:
    case WSE_REG_FW_LOG_HEAD:
    case WSE_REG_FW_LOG_SELECT:
    case WSE_REG_FW_LOG_DATA:
        wse_fwlog_reg_write(s, addr, val);
        return;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: write 0x%08x to read-only or unknown register "
                      "0x%03" HWADDR_PRIx "\n", val, addr);
        return;
    }
}

static uint64_t wse_bar0_read(void *opaque, hwaddr addr, unsigned size)
{
    WseState *s = opaque;

    if (addr < WSE_BAR0_QUEUE_REGS_OFFSET) {
        return wse_ctrl_read(s, addr);
    }
    if (addr < WSE_QUEUE_REGS_END) {
        hwaddr rel = addr - WSE_BAR0_QUEUE_REGS_OFFSET;

        return wse_queue_reg_read(&s->queues[rel / 0x40], rel % 0x40);
    }
    if (addr < WSE_TELEMETRY_END) {
        return wse_telemetry_read(s, addr);
    }
    if (addr < WSE_DOORBELLS_END) {
        return 0;       /* doorbells are write-only */
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "wse: read of reserved BAR0 offset 0x%" HWADDR_PRIx "\n",
                  addr);
    return 0;
}

static void wse_bar0_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    WseState *s = opaque;

    if (addr < WSE_BAR0_QUEUE_REGS_OFFSET) {
        wse_ctrl_write(s, addr, val);
    } else if (addr < WSE_QUEUE_REGS_END) {
        hwaddr rel = addr - WSE_BAR0_QUEUE_REGS_OFFSET;

        wse_queue_reg_write(&s->queues[rel / 0x40], rel % 0x40, val);
    } else if (addr < WSE_TELEMETRY_END) {
        wse_telemetry_write(s, addr, val);
    } else if (addr < WSE_DOORBELLS_END) {
        hwaddr rel = addr - WSE_BAR0_DOORBELL_OFFSET;

        wse_queue_doorbell(&s->queues[rel / 8], rel % 8 != 0, val);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: write to reserved BAR0 offset 0x%" HWADDR_PRIx
                      "\n", addr);
    }
}

/*
 * Registers are 32 bits wide; a 64-bit access is split into two 32-bit
 * ones, low address first, which matches the "write _LO first" rule.
 */
const MemoryRegionOps wse_bar0_ops = {
    .read = wse_bar0_read,
    .write = wse_bar0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 8,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};
