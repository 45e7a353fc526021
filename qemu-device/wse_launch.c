/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LAUNCH commands: the checks that need the running firmware (steps 5 and
 * 7 of "Checks, in order" in Documentation/device-spec.rst), then the
 * kernel on the worker pool.
 *
 * The queue's bottom half never waits for a kernel: it submits the launch
 * and parks the queue (nothing more is fetched from it, which keeps the
 * queue in order); the worker schedules the bottom half when the kernel
 * is done, and the bottom half posts the completion with the kernel's
 * wall time as device_time_ns.
 *
 * inject-hang-launch parks a checked launch without ever giving it to a
 * worker: it makes no progress and never finishes, yet queue disable and
 * reset end it at once since there is nothing to wait for.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

#include "wse.h"

/* On a worker, without the BQL. */
static void wse_launch_work(WseWork *w)
{
    WseLaunchRun *run = container_of(w, WseLaunchRun, work);
    int64_t start = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    uint32_t sts;

    run->ex.deadline_ns = run->timeout_ns ?
                          wse_kclock_ns() + run->timeout_ns : 0;
    sts = wse_launch_run(&run->l, &run->ex);
    run->ns = qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - start;
    run->detail = 0;
    if (sts == WSE_STS_ABORTED && run->ex.timed_out) {
        /* The firmware's watchdog stopped it. */
        sts = WSE_STS_KERNEL_FAULT;
        run->detail = WSE_LAUNCH_FAULT_PE(run->l.x, run->l.y);
    }
    run->status = sts;
    qatomic_store_release(&run->finished, true);
    qemu_bh_schedule(run->q->bh);
}

void wse_launch_start(WseState *s, WseQueue *q)
{
    const struct wse_cmd *cmd = &q->cmd;
    WseLaunchRun *run = &q->launch;
    const struct wse_fw_kernel_info *k;
    const struct wse_fw_info *fw = s->fw.info;
    struct wse_launch_limits lim;
    uint32_t sts, detail;

    if (s->fw.state != WSE_FW_STATE_READY) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: queue %u: LAUNCH without "
                      "running firmware\n", q->index);
        wse_cmd_finish(q, WSE_STS_NO_FIRMWARE, s->fw.state);
        return;
    }
    k = wse_fw_find_kernel(fw, cmd->kernel_id);
    if (!k) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: queue %u: kernel id %u is not "
                      "in the firmware's table\n", q->index, cmd->kernel_id);
        wse_cmd_finish(q, WSE_STS_KERNEL_UNKNOWN, cmd->kernel_id);
        return;
    }

    run->l = (struct wse_launch) {
        .kernel = k->impl,
        .x = cmd->shape.x,
        .y = cmd->shape.y,
        .w = cmd->shape.width,
        .h = cmd->shape.height,
        .nargs = cmd->nargs,
    };
    memcpy(run->l.args, cmd->args, sizeof(run->l.args));
    lim = (struct wse_launch_limits) {
        .pe_sram_bytes = s->fabric.pe_sram_bytes,
        .sram_lo = cmd->sram_lo,
        .sram_hi = cmd->sram_hi,
        .max_width = fw->max_launch_width,
        .max_height = fw->max_launch_height,
        .max_pes = fw->max_launch_pes,
        .dtypes = k->dtypes,
    };
    sts = wse_launch_check(&run->l, &lim, &detail);
    if (sts != WSE_STS_SUCCESS) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: queue %u: LAUNCH of %s refused, "
                      "status %u detail 0x%x\n", q->index, k->name, sts,
                      detail);
        wse_cmd_finish(q, sts, detail);
        return;
    }

    run->q = q;
    run->work.fn = wse_launch_work;
    run->par = (struct wse_par) {
        .parallel_for = wse_workers_parallel_for,
        .scratch_get = wse_workers_scratch_get,
        .scratch_put = wse_workers_scratch_put,
        .pool = &s->workers,
        .width = fw->worker_threads ?
                 MIN(fw->worker_threads, s->workers.nthreads) :
                 s->workers.nthreads,
    };
    run->ex = (struct wse_kexec) {
        .f = &s->fabric,
        .par = &run->par,
        .cancel = &run->cancel,
    };
    run->timeout_ns = (uint64_t)fw->launch_timeout_ms * SCALE_MS;
    run->cancel = 0;
    run->finished = false;
    run->hung = wse_inject_take(&s->inj.hang_launch);
    q->launch_wait = true;
    wse_telemetry_kernel_start(s);
    if (!run->hung) {
        wse_workers_submit(&s->workers, &run->work);
    }
}

bool wse_launch_poll(WseState *s, WseQueue *q)
{
    WseLaunchRun *run = &q->launch;

    if (run->hung || !qatomic_load_acquire(&run->finished)) {
        return false;   /* the worker schedules us when it is done */
    }
    /* It scheduled us on its way out; let it get all the way. */
    wse_workers_wait(&s->workers, &run->work);
    q->work_done += run->ex.progress;
    q->launch_wait = false;
    q->exec_ns = run->ns;
    wse_telemetry_kernel_end(s);
    if (run->status == WSE_STS_SUCCESS ||
        run->status == WSE_STS_KERNEL_FAULT) {
        s->tm.launches++;
    }
    if (run->status == WSE_STS_INTERNAL) {
        warn_report_once("wse: cannot back more fabric SRAM (host memory or "
                         "sram-limit-mib); LAUNCH failed");
        wse_fwlog_printf(s, "queue %u: kernel %u failed: no memory to back "
                         "fabric SRAM", q->index, q->cmd.kernel_id);
    } else if (run->status == WSE_STS_KERNEL_FAULT) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: queue %u: kernel stopped by the "
                      "firmware watchdog after %" PRIu64 " ms\n", q->index,
                      run->ns / SCALE_MS);
        wse_fwlog_printf(s, "queue %u: kernel %u fault: watchdog stopped it "
                         "after %" PRIu64 " ms at PE (%u,%u)", q->index,
                         q->cmd.kernel_id, run->ns / SCALE_MS,
                         run->detail & 0xffff, run->detail >> 16);
    }
    wse_cmd_finish(q, run->status, run->detail);
    return true;
}

/* Stop a kernel in flight (queue disabled, device reset) and wait for it. */
void wse_launch_cancel(WseQueue *q)
{
    WseLaunchRun *run = &q->launch;

    if (!q->launch_wait) {
        return;
    }
    qatomic_set(&run->cancel, 1);
    wse_workers_wait(&q->dev->workers, &run->work);
    q->work_done += run->ex.progress;
    q->launch_wait = false;
    wse_telemetry_kernel_end(q->dev);
}
