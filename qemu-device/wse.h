/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU model of the wafer-scale engine PCIe function: device state shared
 * by the glue files (wse_pci.c, wse_regs.c, wse_queue.c, wse_dma.c,
 * wse_launch.c, wse_fw.c, wse_fwlog.c, wse_workers.c, wse_aperture.c,
 * wse_telemetry.c). The wafer itself is plain C: wse_fabric.c, wse_rect.c
 * and wse_cmd.c; firmware images in wse_fwimage.c; compute kernels in
 * wse_kernels.c and wse_kernel_*.c.
 */
#ifndef HW_MISC_WSE_H
#define HW_MISC_WSE_H

#include "qemu/units.h"
#include "qemu/timer.h"
#include "hw/pci/pci.h"
#include "qom/object.h"

#include "wse_hw.h"
#include "wse_cmd.h"
#include "wse_fabric.h"
#include "wse_fwimage.h"
#include "wse_kernels.h"
#include "wse_workers.h"

#define TYPE_WSE "wse"
OBJECT_DECLARE_SIMPLE_TYPE(WseState, WSE)

#define WSE_GENERATION          3
#define WSE_CLOCK_MHZ           850
#define WSE_TEMP_SENSORS        16

/*
 * Work one bottom-half run of a queue may do before it yields the main
 * loop: whole commands up to WSE_BH_MAX_CMDS, data up to WSE_BH_BUDGET
 * bytes (a larger command continues in the next run).
 */
#define WSE_BH_MAX_CMDS         64
#define WSE_BH_BUDGET           (4 * MiB)
#define WSE_BOUNCE_SIZE         (64 * KiB)

/* The firmware log ring, WSE_REG_FW_LOG_SIZE: a power of two. */
#define WSE_FWLOG_BYTES         (16 * KiB)

/*
 * A LAUNCH in flight on the worker pool. The queue owns it; the worker
 * writes the result fields, then sets finished and schedules the queue's
 * bottom half, which posts the completion.
 */
typedef struct WseLaunchRun {
    WseWork work;
    struct WseQueue *q;
    struct wse_launch l;
    struct wse_par par;
    struct wse_kexec ex;
    uint64_t timeout_ns;        /* watchdog from the firmware, 0: none */
    int cancel;                 /* set to stop the kernel (atomic) */
    bool finished;              /* result below is valid (atomic) */
    uint32_t status;
    uint32_t detail;
    uint64_t ns;                /* wall time the kernel ran */
    bool hung;                  /* injected: parked, never submitted */
} WseLaunchRun;

typedef struct WseQueue {
    WseState *dev;
    unsigned index;
    QEMUBH *bh;

    /* Configuration registers (writable while disabled). */
    uint64_t sq_base;
    uint64_t cq_base;
    uint32_t depth;
    uint32_t vector;

    bool enabled;
    uint32_t error;             /* WSE_QERR_*; processing stops if set */

    uint32_t sq_head;           /* next command to fetch */
    uint32_t sq_tail;           /* from the SQ doorbell */
    uint32_t cq_head;           /* from the CQ doorbell */
    uint32_t cq_tail;           /* next completion slot */
    bool phase;                 /* phase bit of the current CQ pass */
    uint64_t completed;
    /*
     * PROGRESS: work units of commands finished or stopped since the
     * queue was enabled; a running kernel's own count is added on read.
     */
    uint64_t work_done;
    /* What PROGRESS shows while inject-hang-queue holds this queue. */
    uint64_t hung_progress;
    /* inject-slow-us: when the finished command may post, 0: not set. */
    int64_t post_at;
    QEMUTimer slow_timer;

    /* The command in progress: fetched, running or waiting for CQ space. */
    bool busy;
    bool done;
    struct wse_cmd cmd;
    uint32_t status;
    uint32_t detail;
    uint64_t exec_ns;
    uint64_t progress;          /* host elements or PEs done so far */
    struct wse_sge_host *sgl;
    uint32_t nsge;
    uint32_t sge_idx;
    uint64_t sge_off;

    /* LAUNCH: the queue is parked until its kernel has run. */
    WseLaunchRun launch;
    bool launch_wait;
} WseQueue;

/* Firmware boot protocol state (wse_fw.c). */
typedef struct WseFirmware {
    uint32_t state;             /* WSE_FW_STATE_* */
    uint32_t error;             /* WSE_FW_ERR_* */
    uint32_t heartbeat;
    bool heartbeat_stalled;     /* inject-heartbeat-stop took effect */
    QEMUTimer heartbeat_timer;

    /* The image being loaded: address and size latched at LOAD. */
    uint64_t addr;
    uint32_t size;
    uint32_t loaded;            /* bytes read by DMA so far */
    uint8_t *image;
    QEMUBH *load_bh;
    bool load_stalled;          /* load_bh gave up while BAR0 was dead */

    /* Its check, on a worker. */
    WseWork check;
    int cancel;
    uint32_t result;
    char msg[256];
    struct wse_fw_info *pending;
    QEMUBH *done_bh;

    /* What the running firmware says (READY and CRASHED only). */
    struct wse_fw_info *info;

    /* HMAC key images must be signed with (fw-key, or the dev key). */
    uint8_t key[WSE_FW_MAX_KEY_LEN];
    size_t keylen;
} WseFirmware;

/*
 * The firmware log (wse_fwlog.c): byte n of the text ever written is at
 * buf[n % WSE_FWLOG_BYTES]. Power-on clears it, resets do not.
 */
typedef struct WseFwLog {
    uint8_t buf[WSE_FWLOG_BYTES];
    uint32_t head;              /* bytes written since power-on */
    uint32_t select;            /* window position, < WSE_FWLOG_BYTES */
    int64_t epoch;              /* QEMU_CLOCK_VIRTUAL ns at power-on */
} WseFwLog;

typedef struct WseTelemetry {
    uint64_t h2f_bytes;
    uint64_t f2h_bytes;
    uint64_t cmds_completed;
    uint32_t cmds_failed;
    uint64_t launches;
    uint64_t busy_ns;
    /*
     * Kernels running on the workers, and since when at least one has
     * been: BUSY_NS counts time with anything executing once, however
     * many commands overlap.
     */
    unsigned kernels_running;
    int64_t kernels_since;
    /* FABRIC_UTIL: busy time in the current window, value of the last. */
    int64_t util_start;
    uint64_t util_busy;
    uint32_t util_permille;
    uint32_t temp_select;
    /*
     * Thermal state: the hottest sensor, in m degC, as of @thermal_at. It
     * follows the utilisation with a time constant, and survives resets
     * (resetting does not cool the wafer).
     */
    double temp_millic;
    int64_t thermal_at;
} WseTelemetry;

/*
 * Fault injection (wse_inject.c): QOM properties a test harness sets at
 * run time with qom-set. One-shot faults are cleared by any device reset;
 * mmio_dead and slow_us stay until set back.
 */
typedef struct WseInject {
    int32_t hang_queue;         /* queue that stops, -1: none */
    uint32_t hang_launch;       /* LAUNCHes still to hang */
    uint32_t dma_fail;          /* H2F/F2H commands still to fail */
    uint32_t corrupt_cqe;       /* completions still to mangle */
    bool heartbeat_stop;
    bool mmio_dead;
    uint32_t slow_us;
    /* Overlays that make BAR0 and BAR2 read all-ones while dead. */
    MemoryRegion dead_bar0;
    MemoryRegion dead_aperture;
} WseInject;

struct WseState {
    PCIDevice parent_obj;

    MemoryRegion bar0;
    MemoryRegion aperture;

    /* Properties; negative numbers mean "as the preset says". */
    char *preset;
    int32_t prop_log_width;
    int32_t prop_log_height;
    int32_t prop_spare_cols;
    int32_t prop_spare_rows;
    int32_t prop_pe_sram_kib;
    int32_t prop_defects;
    uint64_t defect_seed;
    char *defect_map;
    uint64_t serial;
    uint32_t sram_limit_mib;
    char *fw_key;
    uint32_t prop_workers;
    bool fault_inject;

    struct wse_fabric fabric;
    struct wse_cmd_limits limits;

    /* BAR0 state. */
    uint32_t event_cause;
    uint32_t event_mask;
    uint32_t reset_count;
    uint32_t error_code;        /* WSE_ERR_*: first fatal since reset */
    uint32_t defect_index;
    uint64_t aperture_base;
    uint64_t fw_addr;
    uint32_t fw_size;

    WseTelemetry tm;
    WseQueue queues[WSE_MAX_QUEUES];
    WseFirmware fw;
    WseFwLog fwlog;
    WseWorkers workers;
    WseInject inj;

    /* DMA staging when guest memory cannot be mapped directly. */
    uint8_t bounce[WSE_BOUNCE_SIZE];
};

/* wse_pci.c */
void wse_device_reset(WseState *s);

/* wse_regs.c */
extern const MemoryRegionOps wse_bar0_ops;
void wse_event_raise(WseState *s, uint32_t cause);

/* wse_aperture.c */
extern const MemoryRegionOps wse_aperture_ops;

/* wse_queue.c */
void wse_queue_init(WseState *s, unsigned index);
void wse_queue_fini(WseQueue *q);
void wse_queue_reset(WseQueue *q);
uint32_t wse_queue_reg_read(WseQueue *q, hwaddr reg);
void wse_queue_reg_write(WseQueue *q, hwaddr reg, uint32_t val);
void wse_queue_doorbell(WseQueue *q, bool cq_head, uint32_t val);

/* wse_dma.c */
void wse_cmd_start(WseState *s, WseQueue *q, const uint8_t *raw);
bool wse_cmd_step(WseState *s, WseQueue *q, uint64_t *budget);
void wse_cmd_release(WseQueue *q);
void wse_cmd_finish(WseQueue *q, uint32_t status, uint32_t detail);

/* wse_queue.c, continued */
uint64_t wse_queue_progress(WseQueue *q);

/* wse_launch.c */
void wse_launch_start(WseState *s, WseQueue *q);
bool wse_launch_poll(WseState *s, WseQueue *q);
void wse_launch_cancel(WseQueue *q);

/* wse_fw.c */
bool wse_fw_init(WseState *s, Error **errp);
void wse_fw_fini(WseState *s);
void wse_fw_reset(WseState *s);
void wse_fw_crash(WseState *s, const char *why);
void wse_fw_revive(WseState *s);
uint32_t wse_fw_reg_read(WseState *s, hwaddr addr);
void wse_fw_reg_write(WseState *s, hwaddr addr, uint32_t val);

/* wse_fwlog.c; the log is written under the BQL only */
void wse_fwlog_init(WseState *s);
void wse_fwlog_reset(WseState *s);
void wse_fwlog_printf(WseState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
uint32_t wse_fwlog_reg_read(WseState *s, hwaddr addr);
void wse_fwlog_reg_write(WseState *s, hwaddr addr, uint32_t val);

/* wse_inject.c */
void wse_inject_realize(WseState *s);
void wse_inject_unrealize(WseState *s);
void wse_inject_reset(WseState *s);
bool wse_inject_take(uint32_t *count);
/* Queue @q must not fetch, run or complete anything just now. */
bool wse_inject_queue_blocked(WseState *s, WseQueue *q);

/* wse_telemetry.c */
void wse_telemetry_reset(WseState *s);
void wse_telemetry_busy(WseState *s, uint64_t ns);
void wse_telemetry_kernel_start(WseState *s);
void wse_telemetry_kernel_end(WseState *s);
void wse_telemetry_completion(WseState *s, uint32_t status);
uint32_t wse_telemetry_read(WseState *s, hwaddr addr);
void wse_telemetry_write(WseState *s, hwaddr addr, uint32_t val);

#endif /* HW_MISC_WSE_H */
