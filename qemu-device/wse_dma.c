/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DMA engine: runs one decoded command of a queue, in slices, from the
 * queue's bottom half. LAUNCH goes to wse_launch.c.
 *
 * Host memory is only touched through the pci_dma_* API, so an IOMMU or a
 * disabled bus master turns into a clean WSE_STS_HOST_DMA completion.
 * Guest RAM is mapped zero-copy a chunk at a time (never cached across
 * chunks); anything else, or a failed mapping, goes through pci_dma_rw and
 * a bounce buffer so that every error is seen.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/rcu.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "sysemu/dma.h"

#include "wse.h"

void wse_cmd_finish(WseQueue *q, uint32_t status, uint32_t detail)
{
    q->status = status;
    q->detail = detail;
    q->done = true;
    g_free(q->sgl);
    q->sgl = NULL;
    q->nsge = 0;
}

/* The model ran out of host memory (or its limit) for fabric SRAM. */
static void wse_cmd_no_backing(WseQueue *q, uint32_t detail)
{
    warn_report_once("wse: cannot back more fabric SRAM (host memory or "
                     "sram-limit-mib); command failed");
    wse_cmd_finish(q, WSE_STS_INTERNAL, detail);
}

void wse_cmd_release(WseQueue *q)
{
    g_free(q->sgl);
    q->sgl = NULL;
    q->nsge = 0;
    q->busy = false;
    q->done = false;
    q->post_at = 0;
}

/* Copy the SGL into the device once so later host writes cannot change it. */
static void wse_cmd_load_sgl(WseState *s, WseQueue *q)
{
    const struct wse_cmd *cmd = &q->cmd;
    g_autofree uint8_t *raw = NULL;
    uint32_t sts, detail;

    if (cmd->flags & WSE_CMD_F_SGL_INLINE) {
        q->sgl = g_new(struct wse_sge_host, 1);
        q->sgl[0].addr = cmd->host_addr;
        q->sgl[0].len = cmd->host_len;
        q->nsge = 1;
        return;
    }
    raw = g_malloc((size_t)cmd->sgl_count * WSE_SGE_SIZE);
    if (pci_dma_read(PCI_DEVICE(s), cmd->host_addr, raw,
                     (size_t)cmd->sgl_count * WSE_SGE_SIZE) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: queue %u: cannot read SGL at "
                      "0x%" PRIx64 "\n", q->index, cmd->host_addr);
        wse_cmd_finish(q, WSE_STS_HOST_DMA, cmd->sgl_count);
        return;
    }
    q->sgl = g_new(struct wse_sge_host, cmd->sgl_count);
    sts = wse_sgl_check(raw, cmd->sgl_count, cmd, q->sgl, &detail);
    if (sts != WSE_STS_SUCCESS) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: queue %u: bad SGL entry %u\n",
                      q->index, detail);
        wse_cmd_finish(q, sts, detail);
        return;
    }
    q->nsge = cmd->sgl_count;
}

void wse_cmd_start(WseState *s, WseQueue *q, const uint8_t *raw)
{
    uint32_t sts, detail;

    q->busy = true;
    q->done = false;
    q->exec_ns = 0;
    q->progress = 0;
    q->sge_idx = 0;
    q->sge_off = 0;

    sts = wse_cmd_decode(raw, &s->limits, &q->cmd, &detail);
    if (sts != WSE_STS_SUCCESS) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: queue %u: command opcode 0x%02x rejected, status "
                      "%u at byte %u\n", q->index, q->cmd.opcode, sts, detail);
        wse_cmd_finish(q, sts, detail);
        return;
    }
    switch (q->cmd.opcode) {
    case WSE_OP_NOP:
        wse_cmd_finish(q, WSE_STS_SUCCESS, 0);
        break;
    case WSE_OP_LAUNCH:
        wse_launch_start(s, q);
        break;
    case WSE_OP_DMA_H2F:
    case WSE_OP_DMA_F2H:
        /* inject-dma-fail: as if the host's memory had gone away. */
        if (wse_inject_take(&s->inj.dma_fail)) {
            wse_cmd_finish(q, WSE_STS_HOST_DMA, 0);
            break;
        }
        wse_cmd_load_sgl(s, q);
        break;
    default:
        break;
    }
}

/* Is guest memory at @addr RAM we may map, rather than MMIO or a hole? */
static bool wse_dma_is_direct(PCIDevice *pdev, dma_addr_t addr, bool is_write)
{
    MemoryRegion *mr;
    hwaddr xlat, len = 1;

    RCU_READ_LOCK_GUARD();
    mr = address_space_translate(pci_get_address_space(pdev), addr, &xlat,
                                 &len, is_write, MEMTXATTRS_UNSPECIFIED);
    return memory_access_is_direct(mr, is_write);
}

/*
 * Move up to @len bytes (a multiple of the element size) between host
 * address @addr and the fabric, starting at host element q->progress.
 * Returns the bytes moved, or 0 after finishing the command with an error.
 */
static uint64_t wse_dma_chunk(WseState *s, WseQueue *q, dma_addr_t addr,
                              uint64_t len)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    const struct wse_xfer_shape *shape = &q->cmd.shape;
    bool to_fabric = q->cmd.opcode == WSE_OP_DMA_H2F;
    DMADirection dir = to_fabric ? DMA_DIRECTION_TO_DEVICE
                                 : DMA_DIRECTION_FROM_DEVICE;
    dma_addr_t mlen = len;
    uint64_t n;
    void *p;
    bool ok;

    if (wse_dma_is_direct(pdev, addr, !to_fabric)) {
        p = pci_dma_map(pdev, addr, &mlen, dir);
        if (p) {
            n = mlen - mlen % shape->esize;
            ok = n && wse_rect_copy_host(&s->fabric, shape, q->progress, p,
                                         n, to_fabric);
            pci_dma_unmap(pdev, p, mlen, dir, ok ? n : 0);
            if (ok) {
                return n;
            }
            if (n) {
                wse_cmd_no_backing(q, q->sge_idx);
                return 0;
            }
        }
    }

    /* Not RAM, or mapped less than one element: stage through bounce. */
    n = MIN(len, sizeof(s->bounce));
    if (to_fabric) {
        if (pci_dma_read(pdev, addr, s->bounce, n) != MEMTX_OK) {
            goto host_error;
        }
        if (!wse_rect_copy_host(&s->fabric, shape, q->progress, s->bounce,
                                n, true)) {
            wse_cmd_no_backing(q, q->sge_idx);
            return 0;
        }
    } else {
        wse_rect_copy_host(&s->fabric, shape, q->progress, s->bounce, n,
                           false);
        if (pci_dma_write(pdev, addr, s->bounce, n) != MEMTX_OK) {
            goto host_error;
        }
    }
    return n;

host_error:
    qemu_log_mask(LOG_GUEST_ERROR, "wse: queue %u: host DMA at 0x%" PRIx64
                  " (SGL entry %u) failed\n", q->index, (uint64_t)addr,
                  q->sge_idx);
    wse_cmd_finish(q, WSE_STS_HOST_DMA, q->sge_idx);
    return 0;
}

static bool wse_step_host(WseState *s, WseQueue *q, uint64_t *budget)
{
    uint32_t esize = q->cmd.shape.esize;
    bool to_fabric = q->cmd.opcode == WSE_OP_DMA_H2F;

    while (q->sge_idx < q->nsge) {
        const struct wse_sge_host *e = &q->sgl[q->sge_idx];
        uint64_t len = MIN(e->len - q->sge_off, *budget);
        uint64_t n;

        len -= len % esize;
        if (!len) {
            return false;
        }
        n = wse_dma_chunk(s, q, e->addr + q->sge_off, len);
        if (!n) {
            return true;
        }
        *budget -= n;
        q->progress += n / esize;
        q->work_done += n;
        q->sge_off += n;
        if (to_fabric) {
            s->tm.h2f_bytes += n;
        } else {
            s->tm.f2h_bytes += n;
        }
        if (q->sge_off == e->len) {
            q->sge_idx++;
            q->sge_off = 0;
        }
    }
    wse_cmd_finish(q, WSE_STS_SUCCESS, 0);
    return true;
}

/* Copy and fill go a number of whole PEs at a time. */
static bool wse_step_pes(WseState *s, WseQueue *q, uint64_t *budget)
{
    const struct wse_cmd *cmd = &q->cmd;
    const struct wse_xfer_shape *sh = &cmd->shape;
    uint64_t per_pe = (uint64_t)sh->elems_per_pe * sh->esize;
    uint64_t left = wse_shape_pes(sh) - q->progress;
    uint64_t n = MAX(*budget / per_pe, 1);
    bool ok;

    if (!*budget) {
        return false;
    }
    n = MIN(n, left);
    if (cmd->opcode == WSE_OP_DMA_F2F) {
        ok = wse_rect_copy_fabric(&s->fabric, sh, cmd->dst_x, cmd->dst_y,
                                  cmd->dst_pe_offset, q->progress, n);
    } else {
        ok = wse_rect_fill(&s->fabric, sh->x, sh->y, sh->width,
                           sh->pe_offset, per_pe, cmd->fill_value,
                           q->progress, n);
    }
    if (!ok) {
        wse_cmd_no_backing(q, 0);
        return true;
    }
    q->progress += n;
    q->work_done += n * per_pe;
    *budget -= MIN(*budget, n * per_pe);
    if (q->progress < wse_shape_pes(sh)) {
        return false;
    }
    wse_cmd_finish(q, WSE_STS_SUCCESS, 0);
    return true;
}

bool wse_cmd_step(WseState *s, WseQueue *q, uint64_t *budget)
{
    int64_t start;
    uint64_t ns;
    bool done;

    if (q->cmd.opcode == WSE_OP_LAUNCH) {
        /* Runs on the workers, which time it themselves. */
        return wse_launch_poll(s, q);
    }
    start = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    switch (q->cmd.opcode) {
    case WSE_OP_DMA_H2F:
    case WSE_OP_DMA_F2H:
        done = wse_step_host(s, q, budget);
        break;
    case WSE_OP_DMA_F2F:
    case WSE_OP_FILL:
        done = wse_step_pes(s, q, budget);
        break;
    default:
        /* Everything else finished when it started. */
        wse_cmd_finish(q, WSE_STS_INTERNAL, 0);
        done = true;
        break;
    }
    ns = qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - start;
    q->exec_ns += ns;
    wse_telemetry_busy(s, ns);
    return done;
}
