/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Firmware boot protocol (uapi/wse_hw.h, Documentation/device-spec.rst
 * "Firmware boot protocol"): FW_CONTROL LOAD reads the image by DMA from a
 * bottom half, a slice per run; a worker checks it (wse_fwimage.c: size,
 * magic, format, layout, ABI, SHA-256, signature) away from the BQL; a
 * second bottom half publishes READY or FAILED with the event. While
 * READY a virtual-clock timer beats the heartbeat.
 *
 * Register and function-level resets return to WAIT: the firmware must
 * be loaded again. inject-fw-crash (wse_inject.c) ends in CRASHED, which
 * only a reset leaves. Each step leaves a line in the firmware log
 * (wse_fwlog.c), refusals with the check's own reason.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "sysemu/dma.h"

#include "wse.h"

/* Image bytes read per bottom-half run. */
#define WSE_FW_DMA_SLICE        (1 * MiB)

static void wse_fw_fail(WseState *s, uint32_t err, const char *why)
{
    WseFirmware *fw = &s->fw;

    qemu_log_mask(LOG_GUEST_ERROR, "wse: firmware image refused: %s: %s\n",
                  wse_fw_err_name(err), why);
    wse_fwlog_printf(s, "firmware refused: %s: %s", wse_fw_err_name(err),
                     why);
    g_free(fw->image);
    fw->image = NULL;
    fw->state = WSE_FW_STATE_FAILED;
    fw->error = err;
    wse_event_raise(s, WSE_EVENT_FW_FAILED);
}

static void wse_fw_heartbeat(void *opaque)
{
    WseState *s = opaque;
    WseFirmware *fw = &s->fw;

    if (fw->state != WSE_FW_STATE_READY) {
        return;
    }
    /* inject-heartbeat-stop: wedged, yet still saying READY. */
    if (!s->inj.heartbeat_stop) {
        fw->heartbeat++;
        fw->heartbeat_stalled = false;
    } else if (!fw->heartbeat_stalled) {
        fw->heartbeat_stalled = true;
        wse_fwlog_printf(s, "firmware heartbeat stopped at %u",
                         fw->heartbeat);
    }
    timer_mod(&fw->heartbeat_timer,
              qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + fw->info->heartbeat_ms);
}

/* On a worker: the whole check, the expensive part being the hashes. */
static void wse_fw_check_work(WseWork *w)
{
    WseFirmware *fw = container_of(w, WseFirmware, check);
    WseState *s = container_of(fw, WseState, fw);
    struct wse_fw_device dev = {
        .hw_spec = WSE_FW_ABI(WSE_HW_SPEC_MAJOR, WSE_HW_SPEC_MINOR),
        .fw_abi = WSE_FW_ABI(WSE_FW_ABI_MAJOR, WSE_FW_ABI_MINOR),
        .generation = WSE_GENERATION,
        .pe_sram_bytes = s->fabric.pe_sram_bytes,
        .key = fw->key,
        .keylen = fw->keylen,
    };

    fw->result = wse_fw_verify(fw->image, fw->size, &dev, fw->pending,
                               fw->msg, sizeof(fw->msg), &fw->cancel);
    qemu_bh_schedule(fw->done_bh);
}

/* Back in the main loop with the verdict. */
static void wse_fw_done_bh(void *opaque)
{
    WseState *s = opaque;
    WseFirmware *fw = &s->fw;

    if (fw->state != WSE_FW_STATE_LOADING) {
        return;         /* reset meanwhile */
    }
    /* The worker scheduled us on its way out; let it get all the way. */
    wse_workers_wait(&s->workers, &fw->check);
    if (fw->result != WSE_FW_ERR_NONE) {
        wse_fw_fail(s, fw->result, fw->msg);
        return;
    }
    g_free(fw->image);
    fw->image = NULL;
    g_free(fw->info);
    fw->info = fw->pending;
    fw->pending = g_new0(struct wse_fw_info, 1);
    fw->state = WSE_FW_STATE_READY;
    fw->heartbeat = 0;
    fw->heartbeat_stalled = false;
    wse_fwlog_printf(s, "firmware accepted: \"%s\" version %u.%u.%u, "
                     "ABI %u.%u, %u kernels", fw->info->name,
                     fw->info->fw_version >> 16,
                     (fw->info->fw_version >> 8) & 0xff,
                     fw->info->fw_version & 0xff, fw->info->fw_abi >> 16,
                     fw->info->fw_abi & 0xffff, fw->info->nkernels);
    timer_mod(&fw->heartbeat_timer,
              qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + fw->info->heartbeat_ms);
    wse_event_raise(s, WSE_EVENT_FW_READY);
}

/* Read the image a slice at a time, then hand it to a worker. */
static void wse_fw_load_bh(void *opaque)
{
    WseState *s = opaque;
    WseFirmware *fw = &s->fw;
    uint32_t n;

    if (fw->state != WSE_FW_STATE_LOADING) {
        return;
    }
    /* No DMA from a dead function; wse_fw_revive() picks up from here. */
    if (s->inj.mmio_dead) {
        fw->load_stalled = true;
        return;
    }
    if (!fw->image) {
        if (fw->size > WSE_FW_MAX_SIZE) {
            wse_fw_fail(s, WSE_FW_ERR_TOO_LARGE, "FW_SIZE is larger than "
                        "WSE_FW_MAX_SIZE");
            return;
        }
        fw->image = g_malloc(MAX(fw->size, 1));
        fw->loaded = 0;
    }
    n = MIN(fw->size - fw->loaded, WSE_FW_DMA_SLICE);
    if (n && pci_dma_read(PCI_DEVICE(s), fw->addr + fw->loaded,
                          fw->image + fw->loaded, n) != MEMTX_OK) {
        wse_fw_fail(s, WSE_FW_ERR_DMA, "cannot read the image at FW_ADDR");
        return;
    }
    fw->loaded += n;
    if (fw->loaded < fw->size) {
        qemu_bh_schedule(fw->load_bh);
        return;
    }
    fw->cancel = 0;
    wse_workers_submit(&s->workers, &fw->check);
}

static void wse_fw_load(WseState *s)
{
    WseFirmware *fw = &s->fw;

    if (fw->state != WSE_FW_STATE_WAIT && fw->state != WSE_FW_STATE_FAILED) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: firmware LOAD ignored in "
                      "state %u (reset the device to replace firmware)\n",
                      fw->state);
        wse_fwlog_printf(s, "firmware load ignored in state %u", fw->state);
        return;
    }
    fw->addr = s->fw_addr;
    fw->size = s->fw_size;
    wse_fwlog_printf(s, "firmware load: %u bytes at 0x%" PRIx64, fw->size,
                     fw->addr);
    fw->state = WSE_FW_STATE_LOADING;
    fw->error = WSE_FW_ERR_NONE;
    qemu_bh_schedule(fw->load_bh);
}

uint32_t wse_fw_reg_read(WseState *s, hwaddr addr)
{
    WseFirmware *fw = &s->fw;
    /* A crash before any firmware ran leaves nothing to report. */
    bool running = (fw->state == WSE_FW_STATE_READY ||
                    fw->state == WSE_FW_STATE_CRASHED) && fw->info;

    switch (addr) {
    case WSE_REG_FW_STATE:
        return fw->state;
    case WSE_REG_FW_ERROR:
        return fw->error;
    case WSE_REG_FW_ADDR_LO:
        return s->fw_addr;
    case WSE_REG_FW_ADDR_HI:
        return s->fw_addr >> 32;
    case WSE_REG_FW_SIZE:
        return s->fw_size;
    case WSE_REG_FW_VERSION:
        return running ? fw->info->fw_version : 0;
    case WSE_REG_FW_ABI:
        return running ? fw->info->fw_abi : 0;
    case WSE_REG_FW_HEARTBEAT:
        return fw->heartbeat;
    default:
        return 0;       /* FW_CONTROL is write-only */
    }
}

void wse_fw_reg_write(WseState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case WSE_REG_FW_ADDR_LO:
        s->fw_addr = deposit64(s->fw_addr, 0, 32, val);
        return;
    case WSE_REG_FW_ADDR_HI:
        s->fw_addr = deposit64(s->fw_addr, 32, 32, val);
        return;
    case WSE_REG_FW_SIZE:
        s->fw_size = val;
        return;
    case WSE_REG_FW_CONTROL:
        if (val != WSE_FW_CMD_LOAD) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "wse: unknown FW_CONTROL command 0x%x\n", val);
            return;
        }
        wse_fw_load(s);
        return;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "wse: write 0x%08x to read-only "
                      "firmware register 0x%03" HWADDR_PRIx "\n", val, addr);
        return;
    }
}

/* Abandon a load in progress: its DMA, its check and its verdict. */
static void wse_fw_stop_load(WseState *s)
{
    WseFirmware *fw = &s->fw;

    qemu_bh_cancel(fw->load_bh);
    fw->load_stalled = false;
    qatomic_set(&fw->cancel, 1);
    wse_workers_wait(&s->workers, &fw->check);
    qemu_bh_cancel(fw->done_bh);
    g_free(fw->image);
    fw->image = NULL;
}

/*
 * inject-fw-crash: the firmware dies where it stands. The heartbeat
 * stops, kernels are told to stop (their queues complete nothing more,
 * see wse_inject_queue_blocked()), and the host hears of it as a fatal
 * error. Only a reset leaves CRASHED.
 */
void wse_fw_crash(WseState *s, const char *why)
{
    WseFirmware *fw = &s->fw;
    unsigned i;

    wse_fwlog_printf(s, "firmware crashed: %s (in state %u, heartbeat %u)",
                     why, fw->state, fw->heartbeat);
    wse_fw_stop_load(s);
    timer_del(&fw->heartbeat_timer);
    fw->state = WSE_FW_STATE_CRASHED;
    for (i = 0; i < WSE_MAX_QUEUES; i++) {
        if (s->queues[i].launch_wait) {
            qatomic_set(&s->queues[i].launch.cancel, 1);
        }
    }
    if (s->error_code == WSE_ERR_NONE) {
        s->error_code = WSE_ERR_FW_CRASH;
    }
    wse_event_raise(s, WSE_EVENT_FATAL);
}

/* BAR0 came back to life: carry on with a load it interrupted. */
void wse_fw_revive(WseState *s)
{
    WseFirmware *fw = &s->fw;

    if (fw->load_stalled && fw->state == WSE_FW_STATE_LOADING) {
        fw->load_stalled = false;
        qemu_bh_schedule(fw->load_bh);
    }
}

/* Back to WAIT, dropping any image, check or running firmware. */
void wse_fw_reset(WseState *s)
{
    WseFirmware *fw = &s->fw;

    wse_fw_stop_load(s);
    timer_del(&fw->heartbeat_timer);
    g_free(fw->info);
    fw->info = NULL;
    fw->state = WSE_FW_STATE_WAIT;
    fw->error = WSE_FW_ERR_NONE;
    fw->heartbeat = 0;
    fw->heartbeat_stalled = false;
    fw->loaded = 0;
    s->fw_addr = 0;
    s->fw_size = 0;
}

/* "fw-key": the HMAC key as 2 to 128 hexadecimal digits. */
static bool wse_fw_parse_key(WseState *s, Error **errp)
{
    WseFirmware *fw = &s->fw;
    const char *p = s->fw_key;
    size_t n = p ? strlen(p) : 0, i;

    if (!p) {
        memcpy(fw->key, wse_fw_dev_key, WSE_FW_DEV_KEY_LEN);
        fw->keylen = WSE_FW_DEV_KEY_LEN;
        return true;
    }
    if (!n || n % 2 || n / 2 > sizeof(fw->key)) {
        error_setg(errp, "wse: fw-key must be 2 to %zu hexadecimal digits, "
                   "an even number of them", 2 * sizeof(fw->key));
        return false;
    }
    for (i = 0; i < n; i++) {
        if (!g_ascii_isxdigit(p[i])) {
            error_setg(errp, "wse: fw-key: '%c' is not a hexadecimal digit",
                       p[i]);
            return false;
        }
    }
    for (i = 0; i < n / 2; i++) {
        fw->key[i] = g_ascii_xdigit_value(p[2 * i]) << 4 |
                     g_ascii_xdigit_value(p[2 * i + 1]);
    }
    fw->keylen = n / 2;
    return true;
}

bool wse_fw_init(WseState *s, Error **errp)
{
    WseFirmware *fw = &s->fw;

    if (!wse_fw_parse_key(s, errp)) {
        return false;
    }
    fw->check.fn = wse_fw_check_work;
    fw->pending = g_new0(struct wse_fw_info, 1);
    fw->load_bh = qemu_bh_new_guarded(wse_fw_load_bh, s,
                                      &DEVICE(s)->mem_reentrancy_guard);
    fw->done_bh = qemu_bh_new_guarded(wse_fw_done_bh, s,
                                      &DEVICE(s)->mem_reentrancy_guard);
    timer_init_ms(&fw->heartbeat_timer, QEMU_CLOCK_VIRTUAL, wse_fw_heartbeat,
                  s);
    fw->state = WSE_FW_STATE_WAIT;
    return true;
}

void wse_fw_fini(WseState *s)
{
    WseFirmware *fw = &s->fw;

    wse_fw_reset(s);
    timer_del(&fw->heartbeat_timer);
    qemu_bh_delete(fw->load_bh);
    qemu_bh_delete(fw->done_bh);
    g_free(fw->pending);
    fw->pending = NULL;
}
