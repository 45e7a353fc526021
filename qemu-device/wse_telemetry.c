/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Telemetry registers. Counters count the work the DMA engine really did;
 * temperature, power and clock are a simple model driven by how busy the
 * fabric was in the last 100 ms window:
 *
 *  - the hottest sensor moves towards IDLE + LOAD * utilisation as a first
 *    order lag with time constant WSE_THERMAL_TAU_NS (scaled down from a
 *    real wafer's minutes so that tests see it move), so it rises under
 *    sustained load and relaxes when the load stops;
 *  - above WSE_THROTTLE_MILLIC the PE clock steps down, which also lowers
 *    dynamic power;
 *  - power is the idle part plus dynamic power proportional to
 *    utilisation and clock.
 *
 * Everything is a pure function of the busy history, so more load never
 * reads as cooler or less power.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qemu/log.h"
#include "qemu/timer.h"

#include "wse.h"

#define WSE_UTIL_WINDOW_NS      (100 * SCALE_MS)

/* Idle 38 C rising 30 C at full load; sensors spread up to 2 C cooler. */
#define WSE_TEMP_IDLE_MILLIC    38000
#define WSE_TEMP_LOAD_MILLIC    30000

#define WSE_THERMAL_TAU_NS      (2 * NANOSECONDS_PER_SECOND)

/* Above this the clock loses WSE_THROTTLE_MHZ_PER_C per degree, to half. */
#define WSE_THROTTLE_MILLIC     65000
#define WSE_THROTTLE_MHZ_PER_C  40
/*
 * Where the board's protection would shut the wafer down. Reported for
 * the host's alarms; the model's load never heats the wafer this far.
 */
#define WSE_CRIT_MILLIC         90000

/* Board power: a fixed part plus per-PE leakage, and per-PE dynamic power. */
#define WSE_POWER_BASE_MW       1500
#define WSE_POWER_PE_IDLE_UW    6000
#define WSE_POWER_PE_BUSY_UW    20000

void wse_telemetry_reset(WseState *s)
{
    double temp = s->tm.temp_millic;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

    memset(&s->tm, 0, sizeof(s->tm));
    s->tm.util_start = now;
    /* Power-on starts at idle temperature; a reset keeps the heat. */
    s->tm.temp_millic = temp ? temp : WSE_TEMP_IDLE_MILLIC;
    s->tm.thermal_at = now;
}

/* Let the temperature follow the current utilisation up to @now. */
static void wse_thermal_update(WseTelemetry *tm, int64_t now)
{
    double target = WSE_TEMP_IDLE_MILLIC +
                    (double)WSE_TEMP_LOAD_MILLIC * tm->util_permille / 1000;
    int64_t dt = now - tm->thermal_at;

    if (dt <= 0) {
        return;
    }
    tm->temp_millic += (target - tm->temp_millic) *
                       -expm1(-(double)dt / WSE_THERMAL_TAU_NS);
    tm->thermal_at = now;
}

/* Close the utilisation window once it is 100 ms old. */
static void wse_util_update(WseTelemetry *tm)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    int64_t elapsed = now - tm->util_start;

    if (elapsed < WSE_UTIL_WINDOW_NS) {
        return;
    }
    /* The window that just ended heated the wafer at its own rate. */
    tm->util_permille = MIN(1000, tm->util_busy * 1000 / elapsed);
    wse_thermal_update(tm, now);
    tm->util_start = now;
    tm->util_busy = 0;
}

static void wse_busy_add(WseTelemetry *tm, uint64_t ns)
{
    tm->busy_ns += ns;
    tm->util_busy += ns;
    wse_util_update(tm);
}

/* A DMA slice of @ns ran; it adds nothing while a kernel keeps us busy. */
void wse_telemetry_busy(WseState *s, uint64_t ns)
{
    if (!s->tm.kernels_running) {
        wse_busy_add(&s->tm, ns);
    }
}

/*
 * Kernels run on the workers, possibly several at once, and alongside
 * DMA in the main loop: busy time is counted from the first start to the
 * last end, measured in the main loop.
 */
void wse_telemetry_kernel_start(WseState *s)
{
    if (!s->tm.kernels_running++) {
        s->tm.kernels_since = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    }
}

void wse_telemetry_kernel_end(WseState *s)
{
    if (!--s->tm.kernels_running) {
        wse_busy_add(&s->tm, qemu_clock_get_ns(QEMU_CLOCK_REALTIME) -
                             s->tm.kernels_since);
    }
}

/* BUSY_NS, including the part of a kernel still running. */
static uint64_t wse_busy_now(WseTelemetry *tm)
{
    if (!tm->kernels_running) {
        return tm->busy_ns;
    }
    return tm->busy_ns + qemu_clock_get_ns(QEMU_CLOCK_REALTIME) -
           tm->kernels_since;
}

void wse_telemetry_completion(WseState *s, uint32_t status)
{
    s->tm.cmds_completed++;
    if (status != WSE_STS_SUCCESS) {
        s->tm.cmds_failed++;
    }
}

static uint32_t wse_sensor_millic(WseState *s, uint32_t sensor)
{
    uint32_t hottest = s->tm.temp_millic;

    /* Sensor 0 sits in the hot middle of the wafer; the rest are cooler. */
    return hottest - (sensor * 7919) % 2000;
}

static uint32_t wse_clock_mhz(WseState *s)
{
    int64_t over = ((int64_t)s->tm.temp_millic - WSE_THROTTLE_MILLIC) / 1000;

    if (over <= 0) {
        return WSE_CLOCK_MHZ;
    }
    return MAX(WSE_CLOCK_MHZ / 2, WSE_CLOCK_MHZ -
                                  over * WSE_THROTTLE_MHZ_PER_C);
}

static uint32_t wse_power_mw(WseState *s)
{
    uint64_t pes = wse_fabric_pes(&s->fabric);
    uint64_t uw = pes * WSE_POWER_PE_IDLE_UW +
                  pes * WSE_POWER_PE_BUSY_UW * s->tm.util_permille / 1000 *
                  wse_clock_mhz(s) / WSE_CLOCK_MHZ;

    return WSE_POWER_BASE_MW + uw / 1000;
}

uint32_t wse_telemetry_read(WseState *s, hwaddr addr)
{
    WseTelemetry *tm = &s->tm;

    wse_util_update(tm);
    wse_thermal_update(tm, qemu_clock_get_ns(QEMU_CLOCK_REALTIME));
    switch (addr) {
    case WSE_REG_TEMP_MILLIC:
        return wse_sensor_millic(s, 0);
    case WSE_REG_POWER_MW:
        return wse_power_mw(s);
    case WSE_REG_CLOCK_CUR_MHZ:
        return wse_clock_mhz(s);
    case WSE_REG_FABRIC_UTIL:
        return tm->util_permille;
    case WSE_REG_DMA_H2F_BYTES_LO:
        return tm->h2f_bytes;
    case WSE_REG_DMA_H2F_BYTES_HI:
        return tm->h2f_bytes >> 32;
    case WSE_REG_DMA_F2H_BYTES_LO:
        return tm->f2h_bytes;
    case WSE_REG_DMA_F2H_BYTES_HI:
        return tm->f2h_bytes >> 32;
    case WSE_REG_CMDS_COMPLETED_LO:
        return tm->cmds_completed;
    case WSE_REG_CMDS_COMPLETED_HI:
        return tm->cmds_completed >> 32;
    case WSE_REG_CMDS_FAILED:
        return tm->cmds_failed;
    case WSE_REG_LAUNCHES_LO:
        return tm->launches;
    case WSE_REG_LAUNCHES_HI:
        return tm->launches >> 32;
    case WSE_REG_BUSY_NS_LO:
        return wse_busy_now(tm);
    case WSE_REG_BUSY_NS_HI:
        return wse_busy_now(tm) >> 32;
    case WSE_REG_SRAM_CORRECTED:
    case WSE_REG_SRAM_UNCORRECTED:
        return 0;       /* no ECC events modelled yet */
    case WSE_REG_TEMP_SENSORS:
        return WSE_TEMP_SENSORS;
    case WSE_REG_TEMP_SELECT:
        return tm->temp_select;
    case WSE_REG_TEMP_SENSOR_MILLIC:
        /* 0 is a valid temperature, so "no such sensor" is INT32_MIN. */
        return tm->temp_select < WSE_TEMP_SENSORS ?
               wse_sensor_millic(s, tm->temp_select) : 0x80000000u;
    case WSE_REG_TEMP_THROTTLE_MILLIC:
        return WSE_THROTTLE_MILLIC;
    case WSE_REG_TEMP_CRIT_MILLIC:
        return WSE_CRIT_MILLIC;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "wse: read of unknown telemetry register 0x%03"
                      HWADDR_PRIx "\n", addr);
        return 0;
    }
}

void wse_telemetry_write(WseState *s, hwaddr addr, uint32_t val)
{
    if (addr == WSE_REG_TEMP_SELECT) {
        if (val >= WSE_TEMP_SENSORS) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "wse: temperature sensor %u does not exist\n", val);
        }
        s->tm.temp_select = val;
        return;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "wse: write to read-only telemetry register 0x%03"
                  HWADDR_PRIx "\n", addr);
}
