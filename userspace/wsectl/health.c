// SPDX-License-Identifier: MIT
/*
 * The health rules of health.h. Each check adds a reason only when it
 * finds something; a check without data is listed as skipped, never
 * counted as healthy or unhealthy.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "health.h"
#include "wse_hw.h"

const char *wsectl_severity_name(enum wsectl_severity s)
{
	switch (s) {
	case WSECTL_HEALTH_OK:
		return "ok";
	case WSECTL_HEALTH_WARNING:
		return "warning";
	case WSECTL_HEALTH_CRITICAL:
		return "critical";
	}
	return "unknown";
}

static void add(struct wsectl_health_reason *list, unsigned int *n,
		enum wsectl_severity s, const char *check, const char *fmt, va_list ap)
{
	if (*n >= WSECTL_HEALTH_MAX)
		return;
	list[*n].severity = s;
	snprintf(list[*n].check, sizeof(list[*n].check), "%s", check);
	vsnprintf(list[*n].message, sizeof(list[*n].message), fmt, ap);
	(*n)++;
}

static void __attribute__((format(printf, 4, 5)))
reason(struct wsectl_health *h, enum wsectl_severity s, const char *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(h->r, &h->n, s, check, fmt, ap);
	va_end(ap);
	if (s > h->verdict)
		h->verdict = s;
}

static void __attribute__((format(printf, 3, 4)))
skipped(struct wsectl_health *h, const char *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(h->skipped, &h->nskipped, WSECTL_HEALTH_OK, check, fmt, ap);
	va_end(ap);
}

static const char *fatal_name(uint32_t code)
{
	switch (code) {
	case WSE_ERR_FW_CRASH:
		return "firmware crash";
	case WSE_ERR_INTERNAL:
		return "internal error";
	case WSE_ERR_THERMAL:
		return "thermal shutdown";
	}
	return "unknown error";
}

static void check_state(struct wsectl_health *h, const struct wsectl_sysattrs *s)
{
	if (!s->state[0]) {
		skipped(h, "state", "the driver has no 'state' attribute");
		return;
	}
	if (!strcmp(s->state, "wedged"))
		reason(h, WSECTL_HEALTH_CRITICAL, "state",
		       "the device is wedged: it did not come back from a reset%s%s%s; "
		       "'wsectl reset' retries", s->last_reset[0] ? " (last reset: " : "",
		       s->last_reset, s->last_reset[0] ? ")" : "");
	else if (!strcmp(s->state, "recovering"))
		reason(h, WSECTL_HEALTH_WARNING, "state", "the driver is recovering the device");
	else if (strcmp(s->state, "ok") && strcmp(s->state, "no-firmware"))
		reason(h, WSECTL_HEALTH_WARNING, "state", "the driver reports state '%s'",
		       s->state);
}

static void check_firmware(struct wsectl_health *h, const struct drm_wse_device_info *i,
			   const struct wsectl_sysattrs *s)
{
	uint32_t st;

	if (!i) {
		/* The driver's attribute still says what the device reports. */
		if (!strcmp(s->fw_state, "crashed"))
			reason(h, WSECTL_HEALTH_CRITICAL, "firmware", "the firmware has crashed");
		else if (!strcmp(s->fw_state, "failed"))
			reason(h, WSECTL_HEALTH_WARNING, "firmware",
			       "the device refused the last firmware image (%s)",
			       s->fw_error[0] ? s->fw_error : "reason unknown");
		else if (!s->fw_state[0])
			skipped(h, "firmware", "firmware state unknown");
		return;
	}
	/* A device that is gone or dead reads all-ones: one reason says it. */
	if (i->status == UINT32_MAX && i->fw_state == UINT32_MAX) {
		reason(h, WSECTL_HEALTH_CRITICAL, "fatal",
		       "the device does not respond: its registers read all-ones");
		return;
	}
	st = i->fw_state;
	if (st == DRM_WSE_FW_STATE_CRASHED) {
		reason(h, WSECTL_HEALTH_CRITICAL, "firmware", "the firmware has crashed");
	} else if (st == DRM_WSE_FW_STATE_FAILED) {
		reason(h, WSECTL_HEALTH_WARNING, "firmware",
		       "no firmware runs: the device refused the last image (%s: %s)",
		       wse_fw_error_name(i->fw_error), wse_fw_error_str(i->fw_error));
	} else if (st == DRM_WSE_FW_STATE_WAIT) {
		reason(h, WSECTL_HEALTH_WARNING, "firmware",
		       "no firmware loaded: kernels cannot run ('wsectl fw load FILE')");
	} else if (st != DRM_WSE_FW_STATE_READY && st != DRM_WSE_FW_STATE_LOADING) {
		reason(h, WSECTL_HEALTH_WARNING, "firmware", "unknown firmware state %u", st);
	}
	if (i->status & WSE_STATUS_FATAL)
		reason(h, WSECTL_HEALTH_CRITICAL, "fatal",
		       "the device reports a fatal error: %s (error code %u)",
		       fatal_name(i->error_code), i->error_code);
}

static void check_temps(struct wsectl_health *h, const struct wsectl_hwmon *hw)
{
	unsigned int i, limits = 0;

	if (!hw->present || !hw->nr_temps) {
		skipped(h, "temperature", "no hwmon temperature sensors");
		return;
	}
	for (i = 0; i < hw->nr_temps; i++) {
		const struct wsectl_temp *t = &hw->temps[i];

		limits += t->has_crit + t->has_max;
		if (t->has_crit && t->input >= t->crit)
			reason(h, WSECTL_HEALTH_CRITICAL, "temperature",
			       "%s at %.1f degC, at or above its critical limit %.1f degC",
			       t->label, t->input / 1000.0, t->crit / 1000.0);
		else if (t->has_max && t->input >= t->max)
			reason(h, WSECTL_HEALTH_WARNING, "temperature",
			       "%s at %.1f degC, at or above its maximum %.1f degC",
			       t->label, t->input / 1000.0, t->max / 1000.0);
	}
	if (!limits)
		skipped(h, "temperature", "the sensors have no max or crit limits");
}

static void check_ecc(struct wsectl_health *h, const struct wsectl_counters *c)
{
	int64_t v;

	if (c->error) {
		skipped(h, "ecc", "ECC counters unreadable (debugfs telemetry: %s)",
			wse_strerror(c->error));
		return;
	}
	if (!wsectl_counter(c, "sram_uncorrected", &v)) {
		skipped(h, "ecc", "no sram_uncorrected counter");
		return;
	}
	if (v > 0)
		reason(h, WSECTL_HEALTH_CRITICAL, "ecc",
		       "%lld uncorrected SRAM ECC error%s: fabric data may be corrupt",
		       (long long)v, v == 1 ? "" : "s");
}

static void check_hangs(struct wsectl_health *h, const struct wsectl_sysattrs *s)
{
	if (!s->has_hangs) {
		skipped(h, "hangs", "the driver has no 'hangs' attribute");
		return;
	}
	if (s->hangs)
		reason(h, WSECTL_HEALTH_WARNING, "hangs",
		       "%u hang%s detected and recovered since the driver was loaded%s%s%s",
		       s->hangs, s->hangs == 1 ? "" : "s", s->last_reset[0] ? " (last reset: " : "",
		       s->last_reset, s->last_reset[0] ? ")" : "");
}

static void check_spares(struct wsectl_health *h, const struct drm_wse_device_info *i,
			 const struct wsectl_fabric *f)
{
	if (!f) {
		skipped(h, "spares", "defect list unavailable");
		return;
	}
	if (!f->complete || f->retired_rows > f->spare_rows)
		reason(h, WSECTL_HEALTH_CRITICAL, "spares",
		       "%u rows retired for defects, more than the %u spare rows: the logical "
		       "grid cannot be formed", f->retired_rows, f->spare_rows);
	else if (f->spare_rows && f->retired_rows == f->spare_rows && !f->min_row_margin)
		reason(h, WSECTL_HEALTH_WARNING, "spares",
		       "no spare capacity left: all %u spare rows are used and a row has no "
		       "spare column left", f->spare_rows);
	if (i && i->defect_count != f->count[WSECTL_PE_DEFECTIVE] + f->bad_defects)
		reason(h, WSECTL_HEALTH_WARNING, "spares",
		       "the device counts %u defects but lists %u",
		       i->defect_count, f->count[WSECTL_PE_DEFECTIVE] + f->bad_defects);
	if (f->bad_defects)
		reason(h, WSECTL_HEALTH_WARNING, "spares",
		       "%u listed defects lie outside the physical grid", f->bad_defects);
}

void wsectl_health_eval(struct wsectl_health *h, const struct drm_wse_device_info *info,
			int query_error, const struct wsectl_fabric *fabric,
			const struct wsectl_devdata *d)
{
	memset(h, 0, sizeof(*h));
	if (!info)
		reason(h, WSECTL_HEALTH_CRITICAL, "query", "the device does not answer queries: %s",
		       wse_strerror(query_error));
	check_state(h, &d->sys);
	check_firmware(h, info, &d->sys);
	check_temps(h, &d->hwmon);
	check_ecc(h, &d->telemetry);
	check_hangs(h, &d->sys);
	check_spares(h, info, fabric);
}
