/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware log (uapi/wse_hw.h WSE_REG_FW_LOG_*, Documentation/
 * device-spec.rst "Firmware log"): a ring of text lines the device keeps
 * about what its firmware did, read by the host through a select/data
 * window. It is how one finds out why firmware was refused or crashed, so
 * it lives outside the function's reset domain: only power-on clears it.
 *
 * Lines are written in the main loop under the BQL, and only for events
 * (loads, resets, crashes, queue state changes, injected faults), never
 * per command, so logging costs nothing on the data path.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

#include "wse.h"

/* Longest line, timestamp and newline included; longer text is cut. */
#define WSE_FWLOG_LINE          256

QEMU_BUILD_BUG_ON(WSE_FWLOG_BYTES & (WSE_FWLOG_BYTES - 1));
QEMU_BUILD_BUG_ON(WSE_FWLOG_BYTES < WSE_FWLOG_LINE);

void wse_fwlog_init(WseState *s)
{
    WseFwLog *log = &s->fwlog;

    memset(log->buf, 0, sizeof(log->buf));
    log->head = 0;
    log->select = 0;
    log->epoch = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* The window is a register: it resets; the contents do not. */
void wse_fwlog_reset(WseState *s)
{
    s->fwlog.select = 0;
}

void wse_fwlog_printf(WseState *s, const char *fmt, ...)
{
    WseFwLog *log = &s->fwlog;
    int64_t us = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - log->epoch) /
                 SCALE_US;
    char line[WSE_FWLOG_LINE];
    va_list ap;
    int n, len, i;

    assert(qemu_mutex_iothread_locked());
    n = snprintf(line, sizeof(line), "[%5" PRId64 ".%06" PRId64 "] ",
                 us / 1000000, us % 1000000);
    va_start(ap, fmt);
    len = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    va_end(ap);
    len = n + MIN(MAX(len, 0), (int)sizeof(line) - n - 2);
    /* One event, one line of printable ASCII, whatever the text held. */
    for (i = n; i < len; i++) {
        if (line[i] < 0x20 || line[i] > 0x7e) {
            line[i] = '?';
        }
    }
    line[len++] = '\n';
    for (i = 0; i < len; i++) {
        log->buf[log->head++ % WSE_FWLOG_BYTES] = line[i];
    }
}

uint32_t wse_fwlog_reg_read(WseState *s, hwaddr addr)
{
    WseFwLog *log = &s->fwlog;
    uint32_t v = 0;
    unsigned i;

    switch (addr) {
    case WSE_REG_FW_LOG_SIZE:
        return WSE_FWLOG_BYTES;
    case WSE_REG_FW_LOG_HEAD:
        return log->head;
    case WSE_REG_FW_LOG_SELECT:
        return log->select;
    case WSE_REG_FW_LOG_DATA:
        for (i = 0; i < 4; i++) {
            v |= (uint32_t)log->buf[(log->select + i) % WSE_FWLOG_BYTES]
                 << (8 * i);
        }
        log->select = (log->select + 4) % WSE_FWLOG_BYTES;
        return v;
    default:
        return 0;
    }
}

void wse_fwlog_reg_write(WseState *s, hwaddr addr, uint32_t val)
{
    if (addr != WSE_REG_FW_LOG_SELECT) {
        qemu_log_mask(LOG_GUEST_ERROR, "wse: write 0x%08x to read-only "
                      "firmware log register 0x%03" HWADDR_PRIx "\n", val,
                      addr);
        return;
    }
    s->fwlog.select = val % WSE_FWLOG_BYTES;
}
