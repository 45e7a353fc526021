/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wafer-scale engine PCIe function: QOM type, properties, realize, reset.
 *
 * BAR0 (64 KiB, 64-bit) holds the registers of uapi/wse_hw.h with the
 * MSI-X table and PBA at the header's offsets; BAR2 (64-bit prefetchable)
 * is the fabric aperture. The wafer itself lives in wse_fabric.c.
 *
 * Usage: -device wse[,preset=small|wse3][,log-width=N,log-height=N,
 *        spare-cols=N,spare-rows=N,pe-sram-kib=N,defects=N,defect-seed=N,
 *        defect-map=x:y;...][,serial=N][,sram-limit-mib=N][,fw-key=HEX]
 *        [,workers=N][,fault-inject=on|off]
 *
 * With fault-inject=on (the default) the device also has the run-time
 * inject-* properties of wse_inject.c, for qom-set from a test harness.
 */
#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"

#include "wse.h"

typedef struct WsePreset {
    const char *name;
    uint32_t log_width;
    uint32_t log_height;
    uint32_t spare_cols;
    uint32_t spare_rows;
    uint32_t pe_sram_kib;
    uint32_t defects;
} WsePreset;

/*
 * "small" keeps tests fast yet exercises remapping; "wse3" is the logical
 * grid the Cerebras SDK reports for a CS-3 (762 x 1176 PEs of 48 KiB),
 * with about 1500 defects spread over the spares.
 */
static const WsePreset wse_presets[] = {
    { "small", 32, 24, 2, 1, 48, 6 },
    { "wse3", 762, 1176, 8, 8, 48, 1500 },
};

/* Base class 0x12 "processing accelerators"; 7.2's pci_ids.h lacks it. */
#define WSE_PCI_CLASS_ACCEL     0x1200

/* Extended capability space starts at 0x100; AER is its first entry. */
#define WSE_AER_OFFSET          0x100
#define WSE_DEFAULT_SEED        0x5753453300000001ull
#define WSE_MAX_WORKERS         256

static const WsePreset *wse_find_preset(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(wse_presets); i++) {
        if (!strcmp(wse_presets[i].name, name)) {
            return &wse_presets[i];
        }
    }
    return NULL;
}

/* A property left at -1 takes the preset's value. */
static bool wse_pick(int32_t prop, uint32_t preset, const char *name,
                     uint32_t *out, Error **errp)
{
    if (prop == -1) {
        *out = preset;
        return true;
    }
    if (prop < 0) {
        error_setg(errp, "wse: %s must not be negative", name);
        return false;
    }
    *out = prop;
    return true;
}

static bool wse_build_fabric(WseState *s, Error **errp)
{
    const WsePreset *p = wse_find_preset(s->preset ? s->preset : "small");
    struct wse_fabric_config cfg = {
        .seed = s->defect_seed,
        .sram_limit = (uint64_t)s->sram_limit_mib * MiB,
    };
    static const struct wse_pe_coord no_defects[1];
    struct wse_pe_coord *map = NULL;
    uint32_t sram_kib;
    char err[256];
    bool ok;

    if (!p) {
        error_setg(errp, "wse: unknown preset '%s' (use 'small' or 'wse3')",
                   s->preset);
        return false;
    }
    if (!wse_pick(s->prop_log_width, p->log_width, "log-width",
                  &cfg.log_width, errp) ||
        !wse_pick(s->prop_log_height, p->log_height, "log-height",
                  &cfg.log_height, errp) ||
        !wse_pick(s->prop_spare_cols, p->spare_cols, "spare-cols",
                  &cfg.spare_cols, errp) ||
        !wse_pick(s->prop_spare_rows, p->spare_rows, "spare-rows",
                  &cfg.spare_rows, errp) ||
        !wse_pick(s->prop_pe_sram_kib, p->pe_sram_kib, "pe-sram-kib",
                  &sram_kib, errp) ||
        !wse_pick(s->prop_defects, p->defects, "defects",
                  &cfg.ndefects, errp)) {
        return false;
    }
    if (sram_kib < 1 || sram_kib > WSE_PE_SRAM_MAX / KiB) {
        error_setg(errp, "wse: pe-sram-kib %u out of range (1..%u)",
                   sram_kib, (unsigned)(WSE_PE_SRAM_MAX / KiB));
        return false;
    }
    cfg.pe_sram_bytes = sram_kib * KiB;

    if (s->defect_map) {
        if (s->prop_defects != -1) {
            error_setg(errp, "wse: give either defects or defect-map");
            return false;
        }
        if (!wse_fabric_parse_defect_map(s->defect_map, &map,
                                         &cfg.defect_map_len,
                                         err, sizeof(err))) {
            error_setg(errp, "wse: %s", err);
            return false;
        }
        /* An empty map means a perfect wafer, not "generate". */
        cfg.defect_map = map ? map : no_defects;
    }
    ok = wse_fabric_init(&s->fabric, &cfg, err, sizeof(err));
    free(map);
    if (!ok) {
        error_setg(errp, "wse: %s", err);
        return false;
    }

    s->limits = (struct wse_cmd_limits) {
        .log_width = s->fabric.log_width,
        .log_height = s->fabric.log_height,
        .pe_sram_bytes = s->fabric.pe_sram_bytes,
        .max_sgl_entries = WSE_DEV_MAX_SGL_ENTRIES,
    };
    if (s->serial == UINT64_MAX) {
        error_setg(errp, "wse: serial must not be all ones");
        return false;
    }
    if (!s->serial) {
        /* Stable per configuration, so a driver sees the same wafer. */
        uint64_t h = s->defect_seed ^ ((uint64_t)s->fabric.log_width << 32) ^
                     s->fabric.log_height;

        s->serial = 0x5753450000000000ull |
                    (wse_prng_next(&h) & 0xffffffffffull);
    }
    return true;
}

/*
 * Register reset and FLR: kernels in flight are stopped first (they touch
 * fabric SRAM), then the firmware goes back to WAIT and must be loaded
 * again. Fabric SRAM keeps its contents: the wafer is not in the PCIe
 * function's reset domain, so a driver can recover from a hang without
 * losing every context's data. Only power-on (realize) gives a zeroed
 * wafer, and an empty firmware log: the log is how a crash is debugged.
 */
void wse_device_reset(WseState *s)
{
    unsigned i;

    /* Clear one-shot faults first, so nothing below is held up by them. */
    wse_inject_reset(s);
    for (i = 0; i < WSE_MAX_QUEUES; i++) {
        wse_queue_reset(&s->queues[i]);
    }
    wse_fw_reset(s);
    s->error_code = WSE_ERR_NONE;
    s->event_cause = 0;
    s->event_mask = 0;
    s->defect_index = 0;
    s->aperture_base = 0;
    wse_fwlog_reset(s);
    wse_telemetry_reset(s);
}

static void wse_realize(PCIDevice *pdev, Error **errp)
{
    WseState *s = WSE(pdev);
    unsigned i;
    int ret;

    wse_fwlog_init(s);
    if (!wse_build_fabric(s, errp)) {
        return;
    }
    if (s->prop_workers > WSE_MAX_WORKERS) {
        error_setg(errp, "wse: workers must be 0 (one per host CPU) to %u",
                   WSE_MAX_WORKERS);
        wse_fabric_destroy(&s->fabric);
        return;
    }
    wse_workers_init(&s->workers, s->prop_workers);
    if (!wse_fw_init(s, errp)) {
        wse_workers_fini(&s->workers);
        wse_fabric_destroy(&s->fabric);
        return;
    }

    pci_config_set_prog_interface(pdev->config, WSE_PCI_CLASS_PROG);
    pcie_endpoint_cap_init(pdev, 0x80);
    pcie_cap_flr_init(pdev);
    /* Error reporting enables in DEVCTL, writable as the host expects. */
    pcie_cap_deverr_init(pdev);
    /*
     * Advanced Error Reporting: errors injected with the monitor's
     * pcie_aer_inject_error reach the host's AER recovery and the
     * driver's PCI error handlers as they would on hardware.
     */
    if (pcie_aer_init(pdev, PCI_ERR_VER, WSE_AER_OFFSET, PCI_ERR_SIZEOF,
                      errp) < 0) {
        wse_fw_fini(s);
        wse_workers_fini(&s->workers);
        wse_fabric_destroy(&s->fabric);
        return;
    }

    /*
     * BAR0 is the register region itself; msix_init() lays the table and
     * PBA over it as subregions, which take precedence.
     */
    memory_region_init_io(&s->bar0, OBJECT(s), &wse_bar0_ops, s, "wse-bar0",
                          WSE_BAR0_SIZE);
    pci_register_bar(pdev, WSE_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->bar0);
    ret = msix_init(pdev, WSE_MSIX_VECTORS,
                    &s->bar0, WSE_BAR_REGS, WSE_BAR0_MSIX_TABLE_OFFSET,
                    &s->bar0, WSE_BAR_REGS, WSE_BAR0_MSIX_PBA_OFFSET,
                    0, errp);
    if (ret < 0) {
        pcie_aer_exit(pdev);
        wse_fw_fini(s);
        wse_workers_fini(&s->workers);
        wse_fabric_destroy(&s->fabric);
        return;
    }
    for (i = 0; i < WSE_MSIX_VECTORS; i++) {
        msix_vector_use(pdev, i);
    }

    /* Remapped and lazily backed, so the aperture is I/O, not RAM. */
    memory_region_init_io(&s->aperture, OBJECT(s), &wse_aperture_ops, s,
                          "wse-aperture", WSE_APERTURE_SIZE);
    pci_register_bar(pdev, WSE_BAR_APERTURE, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->aperture);

    for (i = 0; i < WSE_MAX_QUEUES; i++) {
        wse_queue_init(s, i);
    }
    wse_telemetry_reset(s);
    /* Last: nothing after this can fail, so the properties need no undo. */
    wse_inject_realize(s);
}

static void wse_exit(PCIDevice *pdev)
{
    WseState *s = WSE(pdev);
    unsigned i;

    wse_inject_unrealize(s);
    for (i = 0; i < WSE_MAX_QUEUES; i++) {
        wse_queue_fini(&s->queues[i]);
    }
    wse_fw_fini(s);
    wse_workers_fini(&s->workers);
    msix_uninit(pdev, &s->bar0, &s->bar0);
    pcie_aer_exit(pdev);
    wse_fabric_destroy(&s->fabric);
}

/* Bus, machine and function-level resets (FLR lands here too). */
static void wse_qdev_reset(DeviceState *dev)
{
    WseState *s = WSE(dev);

    wse_fwlog_printf(s, "function level or bus reset");
    wse_device_reset(s);
}

static void wse_write_config(PCIDevice *pdev, uint32_t addr, uint32_t val,
                             int len)
{
    pci_default_write_config(pdev, addr, val, len);
    pcie_cap_flr_write_config(pdev, addr, val, len);
}

static Property wse_properties[] = {
    DEFINE_PROP_STRING("preset", WseState, preset),
    DEFINE_PROP_INT32("log-width", WseState, prop_log_width, -1),
    DEFINE_PROP_INT32("log-height", WseState, prop_log_height, -1),
    DEFINE_PROP_INT32("spare-cols", WseState, prop_spare_cols, -1),
    DEFINE_PROP_INT32("spare-rows", WseState, prop_spare_rows, -1),
    DEFINE_PROP_INT32("pe-sram-kib", WseState, prop_pe_sram_kib, -1),
    DEFINE_PROP_INT32("defects", WseState, prop_defects, -1),
    DEFINE_PROP_UINT64("defect-seed", WseState, defect_seed,
                       WSE_DEFAULT_SEED),
    DEFINE_PROP_STRING("defect-map", WseState, defect_map),
    DEFINE_PROP_UINT64("serial", WseState, serial, 0),
    /* SRAM is backed on first write; cap what a guest can make us hold. */
    DEFINE_PROP_UINT32("sram-limit-mib", WseState, sram_limit_mib, 2048),
    /* Firmware signing key, hex; default: the public development key. */
    DEFINE_PROP_STRING("fw-key", WseState, fw_key),
    /* Compute worker threads; 0: one per host CPU. */
    DEFINE_PROP_UINT32("workers", WseState, prop_workers, 0),
    /* Run-time fault injection (inject-* properties); sets CAP_FAULT_INJECT. */
    DEFINE_PROP_BOOL("fault-inject", WseState, fault_inject, true),
    DEFINE_PROP_END_OF_LIST(),
};

/* Fabric SRAM and in-flight queues are not worth migrating for a model. */
static const VMStateDescription wse_vmstate = {
    .name = "wse",
    .unmigratable = 1,
};

static void wse_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = wse_realize;
    k->exit = wse_exit;
    k->config_write = wse_write_config;
    k->vendor_id = WSE_PCI_VENDOR_ID;
    k->device_id = WSE_PCI_DEVICE_ID_WSE3;
    k->subsystem_vendor_id = WSE_PCI_SUBSYS_VENDOR_ID;
    k->subsystem_id = WSE_PCI_SUBSYS_ID_CS3;
    k->revision = WSE_PCI_REVISION;
    k->class_id = WSE_PCI_CLASS_ACCEL;

    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    dc->desc = "Wafer-scale engine (emulated WSE-3 accelerator)";
    dc->reset = wse_qdev_reset;
    dc->vmsd = &wse_vmstate;
    device_class_set_props(dc, wse_properties);
}

static const TypeInfo wse_info = {
    .name = TYPE_WSE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(WseState),
    .class_init = wse_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void wse_register_types(void)
{
    type_register_static(&wse_info);
}

type_init(wse_register_types)
