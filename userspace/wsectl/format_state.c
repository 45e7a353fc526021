// SPDX-License-Identifier: MIT
/*
 * Presentation of what sysfs, hwmon and debugfs say about a device
 * (driver state, sensors, telemetry counters), and the CSV form of list
 * and info. Pure functions of gathered data, like format.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "wsectl.h"

#define LABEL	"  %-14s "

const char *const wsectl_telemetry_keys[] = {
	"temp_millic", "power_mw", "clock_cur_mhz", "fabric_util_permille",
	"dma_h2f_bytes", "dma_f2h_bytes", "cmds_completed", "cmds_failed", "launches",
	"busy_ns", "sram_corrected", "sram_uncorrected", NULL,
};

const char *wsectl_root_hint(int err)
{
	return err == -EACCES || err == -EPERM ? "; root only" :
	       err == -ENOENT ? "; is debugfs mounted?" : "";
}

static void print_temps(FILE *out, const struct wsectl_hwmon *h)
{
	unsigned int i;

	fprintf(out, LABEL, "Temperature");
	for (i = 0; i < h->nr_temps; i++) {
		const struct wsectl_temp *t = &h->temps[i];

		fprintf(out, "%s%s %.1f degC", i ? ", " : "", t->label, t->input / 1000.0);
		if (t->has_max || t->has_crit) {
			fputs(" (", out);
			if (t->has_max)
				fprintf(out, "max %.1f", t->max / 1000.0);
			if (t->has_crit)
				fprintf(out, "%scrit %.1f", t->has_max ? ", " : "",
					t->crit / 1000.0);
			fputc(')', out);
		}
	}
	fputc('\n', out);
}

void wsectl_print_devdata(FILE *out, const struct wsectl_devdata *d)
{
	const struct wsectl_sysattrs *s = &d->sys;
	const struct wsectl_counters *c = &d->telemetry;
	int64_t a, b, e;
	char x[32], y[32];

	if (s->state[0] || s->has_hangs || s->last_reset[0]) {
		fprintf(out, LABEL "%s", "Driver state", s->state[0] ? s->state : "unknown");
		if (s->has_hangs)
			fprintf(out, ", %u hang%s", s->hangs, s->hangs == 1 ? "" : "s");
		if (s->last_reset[0])
			fprintf(out, ", last reset: %s", s->last_reset);
		fputc('\n', out);
	}
	if (d->hwmon.present && d->hwmon.nr_temps)
		print_temps(out, &d->hwmon);
	if (d->hwmon.has_power)
		fprintf(out, LABEL "%.3f W\n", "Power", d->hwmon.power_uw / 1e6);
	if (c->error) {
		fprintf(out, LABEL "unavailable (debugfs: %s%s)\n", "Telemetry",
			wse_strerror(c->error), wsectl_root_hint(c->error));
		return;
	}
	if (wsectl_counter(c, "clock_cur_mhz", &a) && wsectl_counter(c, "fabric_util_permille", &b))
		fprintf(out, LABEL "clock %lld MHz, fabric %.1f%% busy\n", "Activity",
			(long long)a, b / 10.0);
	if (wsectl_counter(c, "dma_h2f_bytes", &a) && wsectl_counter(c, "dma_f2h_bytes", &b)) {
		wsectl_format_bytes((uint64_t)a, x, sizeof(x));
		wsectl_format_bytes((uint64_t)b, y, sizeof(y));
		fprintf(out, LABEL "%s host to fabric, %s fabric to host\n", "DMA", x, y);
	}
	if (wsectl_counter(c, "cmds_completed", &a) && wsectl_counter(c, "cmds_failed", &b) &&
	    wsectl_counter(c, "launches", &e))
		fprintf(out, LABEL "%lld completed, %lld failed, %lld kernel launches\n",
			"Commands", (long long)a, (long long)b, (long long)e);
	if (wsectl_counter(c, "busy_ns", &a))
		fprintf(out, LABEL "%.3f s\n", "Busy time", a / 1e9);
	if (wsectl_counter(c, "sram_corrected", &a) && wsectl_counter(c, "sram_uncorrected", &b))
		fprintf(out, LABEL "%lld corrected, %lld uncorrected\n", "SRAM ECC",
			(long long)a, (long long)b);
}

static void json_opt_string(struct json_writer *w, const char *key, const char *v)
{
	json_string(w, key, v && *v ? v : NULL);
}

void wsectl_json_device(struct json_writer *w, int index, const char *pci_address,
			const char *node)
{
	json_begin_object(w, "device");
	if (index >= 0)
		json_int(w, "index", index);
	else
		json_null(w, "index");
	json_string(w, "pci_address", pci_address);
	json_string(w, "node", node && node[0] ? node : NULL);
	json_end_object(w);
}

void wsectl_json_driver_state(struct json_writer *w, const struct wsectl_sysattrs *s)
{
	json_begin_object(w, "driver");
	json_opt_string(w, "state", s->state);
	if (s->has_hangs)
		json_uint(w, "hangs", s->hangs);
	else
		json_null(w, "hangs");
	if (s->has_reset_count)
		json_uint(w, "reset_count", s->reset_count);
	else
		json_null(w, "reset_count");
	json_opt_string(w, "last_reset", s->last_reset);
	json_opt_string(w, "fw_state", s->fw_state);
	json_opt_string(w, "fw_error", s->fw_error);
	json_end_object(w);
}

void wsectl_json_telemetry(struct json_writer *w, const struct wsectl_devdata *d)
{
	const struct wsectl_hwmon *h = &d->hwmon;
	unsigned int i;

	json_begin_object(w, "telemetry");
	json_begin_array(w, "temperatures");
	for (i = 0; i < h->nr_temps; i++) {
		const struct wsectl_temp *t = &h->temps[i];

		json_begin_object(w, NULL);
		json_string(w, "label", t->label);
		json_int(w, "millic", t->input);
		if (t->has_max)
			json_int(w, "max_millic", t->max);
		else
			json_null(w, "max_millic");
		if (t->has_crit)
			json_int(w, "crit_millic", t->crit);
		else
			json_null(w, "crit_millic");
		json_end_object(w);
	}
	json_end_array(w);
	if (h->has_power)
		json_int(w, "power_uw", h->power_uw);
	else
		json_null(w, "power_uw");
	if (d->telemetry.error) {
		json_null(w, "counters");
		json_begin_object(w, "counters_error");
		json_int(w, "errno", -d->telemetry.error);
		json_string(w, "message", wse_strerror(d->telemetry.error));
		json_end_object(w);
	} else {
		json_begin_object(w, "counters");
		for (i = 0; i < d->telemetry.n; i++)
			json_int(w, d->telemetry.kv[i].key, d->telemetry.kv[i].value);
		json_end_object(w);
	}
	json_end_object(w);
}

static const char *const device_columns[] = {
	"index", "node", "pci_address", "model", "serial", "fabric.logical_width",
	"fabric.logical_height", "fabric.physical_width", "fabric.physical_height",
	"fabric.spare_cols", "fabric.spare_rows", "fabric.defect_count", "fabric.pe_sram_bytes",
	"firmware.state", "firmware.version", "firmware.abi", "status.flags",
	"status.error_code", "status.reset_count", "error.message", NULL,
};

static const char *const state_columns[] = {
	"driver.state", "driver.hangs", "driver.last_reset", "telemetry.power_uw",
	"telemetry.max_temp_millic", NULL,
};

static void csv_opt_int(struct csv_writer *w, bool have, int64_t v)
{
	if (have)
		csv_int(w, v);
	else
		csv_string(w, NULL);
}

void wsectl_csv_devices(struct csv_writer *w, const struct wsectl_device_view *v,
			unsigned int n, bool with_state)
{
	const char *cols[CSV_MAX_COLUMNS + 1];
	unsigned int k, c = 0, i;

	for (i = 0; device_columns[i]; i++)
		cols[c++] = device_columns[i];
	for (i = 0; with_state && state_columns[i]; i++)
		cols[c++] = state_columns[i];
	for (i = 0; with_state && wsectl_telemetry_keys[i]; i++)
		cols[c++] = wsectl_telemetry_keys[i];
	cols[c] = NULL;
	csv_header(w, cols);

	for (k = 0; k < n; k++) {
		const struct drm_wse_device_info *in = v[k].info;
		char buf[64];

		csv_opt_int(w, v[k].index >= 0, v[k].index);
		csv_string(w, v[k].node);
		if (in)
			snprintf(buf, sizeof(buf), "%04x:%02x:%02x.%x", in->pci_domain, in->pci_bus,
				 in->pci_slot, in->pci_function);
		csv_string(w, in ? buf : v[k].pci_address);
		if (!in) {
			for (i = 3; device_columns[i + 1]; i++)
				csv_string(w, NULL);
			csv_string(w, wse_strerror(v[k].error));
		} else {
			snprintf(buf, sizeof(buf), "WSE-%u", in->generation);
			csv_string(w, buf);
			wsectl_format_serial(in->serial, buf, sizeof(buf));
			csv_string(w, buf);
			csv_uint(w, in->log_width);
			csv_uint(w, in->log_height);
			csv_uint(w, in->phys_width);
			csv_uint(w, in->phys_height);
			csv_uint(w, in->spare_cols);
			csv_uint(w, in->spare_rows);
			csv_uint(w, in->defect_count);
			csv_uint(w, in->pe_sram_bytes);
			csv_string(w, wse_fw_state_name(in->fw_state));
			wse_fw_version_format(in->fw_version, buf, sizeof(buf));
			csv_string(w, buf);
			wse_abi_version_format(in->fw_abi, buf, sizeof(buf));
			csv_string(w, buf);
			wse_status_format(in->status, buf, sizeof(buf));
			csv_string(w, buf);
			csv_uint(w, in->error_code);
			csv_uint(w, in->reset_count);
			csv_string(w, NULL);
		}
		if (with_state) {
			const struct wsectl_devdata *d = v[k].data;
			int64_t hottest = INT64_MIN, val;

			csv_string(w, d && d->sys.state[0] ? d->sys.state : NULL);
			csv_opt_int(w, d && d->sys.has_hangs, d ? d->sys.hangs : 0);
			csv_string(w, d && d->sys.last_reset[0] ? d->sys.last_reset : NULL);
			csv_opt_int(w, d && d->hwmon.has_power, d ? d->hwmon.power_uw : 0);
			for (i = 0; d && i < d->hwmon.nr_temps; i++)
				if (d->hwmon.temps[i].input > hottest)
					hottest = d->hwmon.temps[i].input;
			csv_opt_int(w, hottest != INT64_MIN, hottest);
			for (i = 0; wsectl_telemetry_keys[i]; i++) {
				bool have = d && wsectl_counter(&d->telemetry,
								wsectl_telemetry_keys[i], &val);

				csv_opt_int(w, have, have ? val : 0);
			}
		}
		csv_end_row(w);
	}
}
