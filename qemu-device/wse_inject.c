/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fault injection: run-time QOM properties that make the device misbehave
 * the way real hardware does, so the driver's hang detection and recovery
 * can be tested (Documentation/device-spec.rst, "Fault injection").
 *
 *   (qemu) qom-set /machine/peripheral/wse0 inject-hang-queue 0
 *
 * They exist only with the device property fault-inject=on, which also
 * sets WSE_CAP_FAULT_INJECT. Setters run in the main loop under the BQL,
 * like an MMIO handler, so they only change state and schedule work: no
 * DMA happens here. One-shot faults are cleared by any device reset;
 * inject-mmio-dead and inject-slow-us stay until set back.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"

#include "wse.h"

typedef enum WseInjectKind {
    WSE_INJ_HANG_QUEUE,
    WSE_INJ_HANG_LAUNCH,
    WSE_INJ_DMA_FAIL,
    WSE_INJ_CORRUPT_CQE,
    WSE_INJ_FW_CRASH,
    WSE_INJ_HEARTBEAT_STOP,
    WSE_INJ_MMIO_DEAD,
    WSE_INJ_SLOW_US,
} WseInjectKind;

typedef struct WseInjectProp {
    const char *name;
    const char *type;
    const char *desc;
} WseInjectProp;

static const WseInjectProp wse_inject_props[] = {
    [WSE_INJ_HANG_QUEUE] = { "inject-hang-queue", "int32",
        "queue that stops fetching and completing until reset (-1: none)" },
    [WSE_INJ_HANG_LAUNCH] = { "inject-hang-launch", "uint32",
        "next N LAUNCHes run forever without progress" },
    [WSE_INJ_DMA_FAIL] = { "inject-dma-fail", "uint32",
        "next N H2F/F2H commands complete with HOST_DMA" },
    [WSE_INJ_CORRUPT_CQE] = { "inject-corrupt-cqe", "uint32",
        "next N completion records carry a tag never issued" },
    [WSE_INJ_FW_CRASH] = { "inject-fw-crash", "bool",
        "write true: the firmware crashes now" },
    [WSE_INJ_HEARTBEAT_STOP] = { "inject-heartbeat-stop", "bool",
        "the heartbeat stops counting until reset" },
    [WSE_INJ_MMIO_DEAD] = { "inject-mmio-dead", "bool",
        "BARs read all-ones, no DMA or MSI-X, until set false" },
    [WSE_INJ_SLOW_US] = { "inject-slow-us", "uint32",
        "delay every completion by this many microseconds" },
};

/* The fault-injection kind a property accessor was registered for. */
#define WSE_INJ_KIND(opaque)    ((WseInjectKind)(uintptr_t)(opaque))

bool wse_inject_take(uint32_t *count)
{
    if (!*count) {
        return false;
    }
    (*count)--;
    return true;
}

bool wse_inject_queue_blocked(WseState *s, WseQueue *q)
{
    return s->inj.mmio_dead || s->fw.state == WSE_FW_STATE_CRASHED ||
           s->inj.hang_queue == (int32_t)q->index;
}

/* A dead function: reads float high, writes go nowhere (no log: expected). */
static uint64_t wse_dead_read(void *opaque, hwaddr addr, unsigned size)
{
    return UINT64_MAX;
}

static void wse_dead_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
}

static const MemoryRegionOps wse_dead_ops = {
    .read = wse_dead_read,
    .write = wse_dead_write,
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

/* Bring a revived device's stalled work back where it was. */
static void wse_inject_revive(WseState *s)
{
    unsigned i;

    for (i = 0; i < WSE_MAX_QUEUES; i++) {
        if (s->queues[i].enabled) {
            qemu_bh_schedule(s->queues[i].bh);
        }
    }
    wse_fw_revive(s);
    /* An event raised meanwhile was not delivered: deliver it now. */
    wse_event_raise(s, s->event_cause & ~s->event_mask);
}

static void wse_inject_set_dead(WseState *s, bool dead)
{
    if (s->inj.mmio_dead == dead) {
        return;
    }
    s->inj.mmio_dead = dead;
    memory_region_set_enabled(&s->inj.dead_bar0, dead);
    memory_region_set_enabled(&s->inj.dead_aperture, dead);
    if (!dead) {
        wse_inject_revive(s);
    }
}

static void wse_inject_set_hang_queue(WseState *s, int32_t qi)
{
    int32_t old = s->inj.hang_queue;

    if (old == qi) {
        return;
    }
    if (qi >= 0) {
        WseQueue *q = &s->queues[qi];

        /* Frozen from now on, even if a kernel is still finishing. */
        q->hung_progress = wse_queue_progress(q);
    }
    s->inj.hang_queue = qi;
    if (old >= 0 && s->queues[old].enabled) {
        qemu_bh_schedule(s->queues[old].bh);
    }
}

static void wse_inject_get(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    WseState *s = WSE(obj);
    WseInject *inj = &s->inj;
    bool b;

    switch (WSE_INJ_KIND(opaque)) {
    case WSE_INJ_HANG_QUEUE:
        visit_type_int32(v, name, &inj->hang_queue, errp);
        return;
    case WSE_INJ_HANG_LAUNCH:
        visit_type_uint32(v, name, &inj->hang_launch, errp);
        return;
    case WSE_INJ_DMA_FAIL:
        visit_type_uint32(v, name, &inj->dma_fail, errp);
        return;
    case WSE_INJ_CORRUPT_CQE:
        visit_type_uint32(v, name, &inj->corrupt_cqe, errp);
        return;
    case WSE_INJ_FW_CRASH:
        b = s->fw.state == WSE_FW_STATE_CRASHED;
        visit_type_bool(v, name, &b, errp);
        return;
    case WSE_INJ_HEARTBEAT_STOP:
        visit_type_bool(v, name, &inj->heartbeat_stop, errp);
        return;
    case WSE_INJ_MMIO_DEAD:
        visit_type_bool(v, name, &inj->mmio_dead, errp);
        return;
    case WSE_INJ_SLOW_US:
        visit_type_uint32(v, name, &inj->slow_us, errp);
        return;
    }
}

static void wse_inject_set(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    WseState *s = WSE(obj);
    WseInject *inj = &s->inj;
    WseInjectKind kind = WSE_INJ_KIND(opaque);
    const char *type = wse_inject_props[kind].type;
    char shown[16];
    uint32_t u = 0;
    int32_t i = 0;
    bool b = false;

    if (!strcmp(type, "int32")) {
        if (!visit_type_int32(v, name, &i, errp)) {
            return;
        }
        snprintf(shown, sizeof(shown), "%" PRId32, i);
    } else if (!strcmp(type, "uint32")) {
        if (!visit_type_uint32(v, name, &u, errp)) {
            return;
        }
        snprintf(shown, sizeof(shown), "%" PRIu32, u);
    } else {
        if (!visit_type_bool(v, name, &b, errp)) {
            return;
        }
        snprintf(shown, sizeof(shown), "%s", b ? "true" : "false");
    }
    if (kind == WSE_INJ_HANG_QUEUE && (i < -1 || i >= WSE_MAX_QUEUES)) {
        error_setg(errp, "wse: %s must be -1 (none) or a queue 0..%u",
                   name, WSE_MAX_QUEUES - 1);
        return;
    }
    /* Before its effects, so the firmware log reads cause, then effect. */
    wse_fwlog_printf(s, "fault injected: %s %s", name + strlen("inject-"),
                     shown);

    switch (kind) {
    case WSE_INJ_HANG_QUEUE:
        wse_inject_set_hang_queue(s, i);
        break;
    case WSE_INJ_HANG_LAUNCH:
        inj->hang_launch = u;
        break;
    case WSE_INJ_DMA_FAIL:
        inj->dma_fail = u;
        break;
    case WSE_INJ_CORRUPT_CQE:
        inj->corrupt_cqe = u;
        break;
    case WSE_INJ_FW_CRASH:
        /* Only a reset undoes a crash: false changes nothing. */
        if (b && s->fw.state != WSE_FW_STATE_CRASHED) {
            wse_fw_crash(s, "inject-fw-crash");
        }
        break;
    case WSE_INJ_HEARTBEAT_STOP:
        inj->heartbeat_stop = b;
        break;
    case WSE_INJ_MMIO_DEAD:
        wse_inject_set_dead(s, b);
        break;
    case WSE_INJ_SLOW_US:
        inj->slow_us = u;
        break;
    }
    /* One line per injection, so a VM's log shows what happened when. */
    info_report("wse: inject %s %s", name + strlen("inject-"), shown);
}

void wse_inject_realize(WseState *s)
{
    Object *obj = OBJECT(s);
    size_t k;

    s->inj.hang_queue = -1;
    if (!s->fault_inject) {
        return;
    }
    /* Above the registers and the MSI-X table and PBA laid over them. */
    memory_region_init_io(&s->inj.dead_bar0, obj, &wse_dead_ops, s,
                          "wse-bar0-dead", WSE_BAR0_SIZE);
    memory_region_set_enabled(&s->inj.dead_bar0, false);
    memory_region_add_subregion_overlap(&s->bar0, 0, &s->inj.dead_bar0, 1);
    memory_region_init_io(&s->inj.dead_aperture, obj, &wse_dead_ops, s,
                          "wse-aperture-dead", WSE_APERTURE_SIZE);
    memory_region_set_enabled(&s->inj.dead_aperture, false);
    memory_region_add_subregion_overlap(&s->aperture, 0,
                                        &s->inj.dead_aperture, 1);

    for (k = 0; k < ARRAY_SIZE(wse_inject_props); k++) {
        const WseInjectProp *p = &wse_inject_props[k];

        object_property_add(obj, p->name, p->type, wse_inject_get,
                            wse_inject_set, NULL, (void *)(uintptr_t)k);
        object_property_set_description(obj, p->name, p->desc);
    }
}

void wse_inject_unrealize(WseState *s)
{
    Object *obj = OBJECT(s);
    size_t k;

    if (!s->fault_inject) {
        return;
    }
    for (k = 0; k < ARRAY_SIZE(wse_inject_props); k++) {
        object_property_del(obj, wse_inject_props[k].name);
    }
    memory_region_del_subregion(&s->bar0, &s->inj.dead_bar0);
    memory_region_del_subregion(&s->aperture, &s->inj.dead_aperture);
    s->inj.mmio_dead = false;
}

/* Device reset: one-shot faults end; a dead link or slow device does not. */
void wse_inject_reset(WseState *s)
{
    WseInject *inj = &s->inj;

    inj->hang_queue = -1;
    inj->hang_launch = 0;
    inj->dma_fail = 0;
    inj->corrupt_cqe = 0;
    inj->heartbeat_stop = false;
}
