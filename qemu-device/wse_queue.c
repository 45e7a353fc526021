/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command queues: per-queue registers, doorbells, and the bottom half that
 * fetches commands, runs them through wse_dma.c and posts completions.
 *
 * Doorbell writes only record the new index and schedule the queue's
 * bottom half (guarded against DMA re-entering the device, as hw/nvme
 * does); every guest-memory access happens there, under the BQL. One
 * bottom-half run raises the queue's MSI-X vector at most once, however
 * many completions it posted. A LAUNCH parks the queue while its kernel
 * runs on the workers (wse_launch.c), which reschedule the bottom half.
 *
 * PROGRESS counts work units since the queue was enabled: bytes moved by
 * the DMA engine as they move, plus the running kernel's own count, which
 * its worker advances as it sweeps. Injected faults (wse_inject.c) stop a
 * queue here: a blocked queue's bottom half does nothing at all.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "hw/pci/msix.h"

#include "wse.h"

static const char *wse_queue_err_name(uint32_t err)
{
    static const char *const names[] = {
        [WSE_QERR_NONE] = "none",
        [WSE_QERR_BAD_CONFIG] = "bad configuration",
        [WSE_QERR_BAD_DOORBELL] = "doorbell out of range",
        [WSE_QERR_SQ_DMA] = "cannot read the SQ",
        [WSE_QERR_CQ_DMA] = "cannot write the CQ",
    };

    return err < ARRAY_SIZE(names) ? names[err] : "unknown";
}

static void wse_queue_fail(WseQueue *q, uint32_t err)
{
    wse_fwlog_printf(q->dev, "queue %u error %u: %s", q->index, err,
                     wse_queue_err_name(err));
    q->error = err;
    qemu_bh_cancel(q->bh);
    wse_event_raise(q->dev, WSE_EVENT_QUEUE_ERROR);
}

/* Fetch the command at sq_head and start it. False if the fetch failed. */
static bool wse_queue_fetch(WseQueue *q)
{
    WseState *s = q->dev;
    uint8_t raw[WSE_CMD_SIZE];
    MemTxResult res;

    res = pci_dma_read(PCI_DEVICE(s), q->sq_base +
                       (uint64_t)q->sq_head * WSE_CMD_SIZE, raw, sizeof(raw));
    if (res != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: cannot read command %u\n",
                      q->index, q->sq_head);
        wse_queue_fail(q, WSE_QERR_SQ_DMA);
        return false;
    }
    q->sq_head = (q->sq_head + 1) % q->depth;
    wse_cmd_start(s, q, raw);
    return true;
}

/* Post the finished command's completion. False if the write failed. */
static bool wse_queue_post(WseQueue *q)
{
    WseState *s = q->dev;
    uint8_t cqe[WSE_CQE_SIZE];
    uint64_t tag = q->cmd.tag;
    MemTxResult res;

    /* inject-corrupt-cqe: the command ran, its record names a stranger. */
    if (wse_inject_take(&s->inj.corrupt_cqe)) {
        tag ^= 1ull << 63;
    }
    wse_cqe_encode(cqe, tag, q->status, q->sq_head, q->phase,
                   q->exec_ns, q->detail);
    res = pci_dma_write(PCI_DEVICE(s), q->cq_base +
                        (uint64_t)q->cq_tail * WSE_CQE_SIZE, cqe, sizeof(cqe));
    if (res != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: cannot write completion %u\n",
                      q->index, q->cq_tail);
        wse_queue_fail(q, WSE_QERR_CQ_DMA);
        return false;
    }
    q->cq_tail = (q->cq_tail + 1) % q->depth;
    if (!q->cq_tail) {
        q->phase = !q->phase;
    }
    q->completed++;
    wse_telemetry_completion(s, q->status);
    wse_cmd_release(q);
    return true;
}

/*
 * inject-slow-us: a finished command waits that long before it may post
 * its completion. True when it may post now; else the timer is armed.
 */
static bool wse_queue_slow_ready(WseQueue *q)
{
    uint32_t us = q->dev->inj.slow_us;
    int64_t now;

    if (!us) {
        return true;
    }
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (!q->post_at) {
        q->post_at = now + (int64_t)us * SCALE_US;
    }
    if (now >= q->post_at) {
        return true;
    }
    timer_mod(&q->slow_timer, q->post_at);
    return false;
}

static void wse_queue_slow_timer(void *opaque)
{
    WseQueue *q = opaque;

    qemu_bh_schedule(q->bh);
}

uint64_t wse_queue_progress(WseQueue *q)
{
    WseState *s = q->dev;
    uint64_t p = q->work_done;

    if (s->inj.hang_queue == (int32_t)q->index) {
        return q->hung_progress;
    }
    if (q->launch_wait) {
        p += qatomic_read(&q->launch.ex.progress);
    }
    return p;
}

static void wse_queue_bh(void *opaque)
{
    WseQueue *q = opaque;
    WseState *s = q->dev;
    uint64_t budget = WSE_BH_BUDGET;
    unsigned fetched = 0, posted = 0;

    /* Whoever lifts the fault schedules us again. */
    if (wse_inject_queue_blocked(s, q)) {
        return;
    }
    while (q->enabled && !q->error) {
        if (!q->busy) {
            if (q->sq_head == q->sq_tail) {
                break;
            }
            if (fetched == WSE_BH_MAX_CMDS) {
                qemu_bh_schedule(q->bh);
                break;
            }
            if (!wse_queue_fetch(q)) {
                break;
            }
            fetched++;
        }
        if (!q->done && !wse_cmd_step(s, q, &budget)) {
            /*
             * Out of budget: let the vCPUs run, then carry on. A kernel
             * still running schedules us itself when it is done.
             */
            if (!q->launch_wait) {
                qemu_bh_schedule(q->bh);
            }
            break;
        }
        if (!wse_queue_slow_ready(q)) {
            break;      /* its timer restarts us */
        }
        if (wse_cq_full(q->cq_tail, q->cq_head, q->depth)) {
            break;      /* the CQ head doorbell restarts us */
        }
        if (!wse_queue_post(q)) {
            break;
        }
        posted++;
    }

    if (posted && msix_enabled(PCI_DEVICE(s))) {
        msix_notify(PCI_DEVICE(s), q->vector);
    }
}

void wse_queue_init(WseState *s, unsigned index)
{
    WseQueue *q = &s->queues[index];

    q->dev = s;
    q->index = index;
    q->bh = qemu_bh_new_guarded(wse_queue_bh, q,
                                &DEVICE(s)->mem_reentrancy_guard);
    timer_init_ns(&q->slow_timer, QEMU_CLOCK_VIRTUAL, wse_queue_slow_timer, q);
    wse_queue_reset(q);
}

void wse_queue_fini(WseQueue *q)
{
    wse_queue_reset(q);
    timer_del(&q->slow_timer);
    qemu_bh_delete(q->bh);
    q->bh = NULL;
}

/* Stop the queue; a command not yet completed is dropped. */
static void wse_queue_disable(WseQueue *q)
{
    wse_launch_cancel(q);
    qemu_bh_cancel(q->bh);
    timer_del(&q->slow_timer);
    wse_cmd_release(q);
    q->enabled = false;
    q->error = WSE_QERR_NONE;
    q->sq_head = q->sq_tail = 0;
    q->cq_head = q->cq_tail = 0;
    q->phase = true;
}

void wse_queue_reset(WseQueue *q)
{
    wse_queue_disable(q);
    q->sq_base = 0;
    q->cq_base = 0;
    q->depth = 0;
    q->vector = 0;
    q->completed = 0;
    q->work_done = 0;
}

static void wse_queue_enable(WseQueue *q)
{
    uint32_t err = wse_queue_config_check(q->sq_base, q->cq_base, q->depth,
                                          q->vector, WSE_MSIX_VECTORS);

    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: bad configuration (depth %u, vector %u,"
                      " sq 0x%" PRIx64 ", cq 0x%" PRIx64 ")\n", q->index,
                      q->depth, q->vector, q->sq_base, q->cq_base);
        wse_queue_fail(q, err);
        return;
    }
    wse_queue_disable(q);
    q->work_done = 0;
    q->enabled = true;
    wse_fwlog_printf(q->dev, "queue %u enabled: depth %u, vector %u",
                     q->index, q->depth, q->vector);
}

uint32_t wse_queue_reg_read(WseQueue *q, hwaddr reg)
{
    uint32_t st;

    switch (reg) {
    case WSE_QREG_SQ_BASE_LO:
        return q->sq_base;
    case WSE_QREG_SQ_BASE_HI:
        return q->sq_base >> 32;
    case WSE_QREG_CQ_BASE_LO:
        return q->cq_base;
    case WSE_QREG_CQ_BASE_HI:
        return q->cq_base >> 32;
    case WSE_QREG_DEPTH:
        return q->depth;
    case WSE_QREG_MSIX_VECTOR:
        return q->vector;
    case WSE_QREG_CONTROL:
        return q->enabled ? WSE_QCTL_ENABLE : 0;
    case WSE_QREG_STATUS:
        st = q->enabled ? WSE_QSTS_ENABLED : 0;
        if (q->error) {
            st |= WSE_QSTS_ERROR;
        }
        if (!q->busy && q->sq_head == q->sq_tail) {
            st |= WSE_QSTS_IDLE;
        }
        return st;
    case WSE_QREG_ERROR:
        return q->error;
    case WSE_QREG_SQ_HEAD:
        return q->sq_head;
    case WSE_QREG_CQ_TAIL:
        return q->cq_tail;
    case WSE_QREG_COMPLETED_LO:
        return q->completed;
    case WSE_QREG_COMPLETED_HI:
        return q->completed >> 32;
    case WSE_QREG_PROGRESS_LO:
        return wse_queue_progress(q);
    case WSE_QREG_PROGRESS_HI:
        return wse_queue_progress(q) >> 32;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: read of unknown register 0x%02"
                      HWADDR_PRIx "\n", q->index, reg);
        return 0;
    }
}

void wse_queue_reg_write(WseQueue *q, hwaddr reg, uint32_t val)
{
    if (reg == WSE_QREG_CONTROL) {
        if (val & ~WSE_QCTL_ENABLE) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "wse: queue %u: reserved CONTROL bits 0x%x\n",
                          q->index, val & ~WSE_QCTL_ENABLE);
        }
        if (!(val & WSE_QCTL_ENABLE)) {
            if (q->enabled || q->error) {
                wse_fwlog_printf(q->dev, "queue %u disabled", q->index);
            }
            wse_queue_disable(q);
        } else if (!q->enabled) {
            wse_queue_enable(q);
        }
        return;
    }
    if (q->enabled) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: register 0x%02" HWADDR_PRIx
                      " is read-only while the queue is enabled\n",
                      q->index, reg);
        return;
    }
    switch (reg) {
    case WSE_QREG_SQ_BASE_LO:
        q->sq_base = deposit64(q->sq_base, 0, 32, val);
        break;
    case WSE_QREG_SQ_BASE_HI:
        q->sq_base = deposit64(q->sq_base, 32, 32, val);
        break;
    case WSE_QREG_CQ_BASE_LO:
        q->cq_base = deposit64(q->cq_base, 0, 32, val);
        break;
    case WSE_QREG_CQ_BASE_HI:
        q->cq_base = deposit64(q->cq_base, 32, 32, val);
        break;
    case WSE_QREG_DEPTH:
        q->depth = val;
        break;
    case WSE_QREG_MSIX_VECTOR:
        q->vector = val;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: write to read-only or unknown register "
                      "0x%02" HWADDR_PRIx "\n", q->index, reg);
        break;
    }
}

void wse_queue_doorbell(WseQueue *q, bool cq_head, uint32_t val)
{
    if (!q->enabled || q->error) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: doorbell rung while %s\n", q->index,
                      q->error ? "in error" : "disabled");
        return;
    }
    if (!cq_head) {
        if (val >= q->depth) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "wse: queue %u: SQ tail %u beyond depth %u\n",
                          q->index, val, q->depth);
            wse_queue_fail(q, WSE_QERR_BAD_DOORBELL);
            return;
        }
        q->sq_tail = val;
        qemu_bh_schedule(q->bh);
        return;
    }
    if (!wse_cq_head_valid(q->cq_head, q->cq_tail, val, q->depth)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: CQ head %u outside posted range "
                      "%u..%u\n", q->index, val, q->cq_head, q->cq_tail);
        wse_queue_fail(q, WSE_QERR_BAD_DOORBELL);
        return;
    }
    /* Room in a full CQ lets a finished command post its completion. */
    if (wse_cq_full(q->cq_tail, q->cq_head, q->depth) && val != q->cq_head) {
        qemu_bh_schedule(q->bh);
    }
    q->cq_head = val;
}
