// SPDX-License-Identifier: MIT
/*
 * Human and JSON presentation of device information; see format.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "wsectl.h"

void wsectl_format_bytes(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0;
	uint64_t unit = 1, whole, tenths;

	while (u + 1 < ARRAY_SIZE(units) && bytes / unit >= 1024) {
		unit <<= 10;
		u++;
	}
	whole = bytes / unit;
	if (bytes % unit == 0) {
		snprintf(buf, len, "%" PRIu64 " %s", whole, units[u]);
		return;
	}
	/* Round to one decimal; rem * 10 fits as unit is at most 2^60. */
	tenths = ((bytes % unit) * 10 + unit / 2) / unit;
	if (tenths == 10) {
		whole++;
		tenths = 0;
	}
	if (whole == 1024 && u + 1 < ARRAY_SIZE(units)) {
		whole = 1;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " %s", whole, tenths, units[u]);
}

void wsectl_format_serial(uint64_t serial, char *buf, size_t len)
{
	snprintf(buf, len, "%016" PRIx64, serial);
}

static void format_pci_address(const struct wsectl_device_view *v, char *buf, size_t len)
{
	const struct drm_wse_device_info *i = v->info;

	if (i)
		snprintf(buf, len, "%04x:%02x:%02x.%x", i->pci_domain, i->pci_bus,
			 i->pci_slot, i->pci_function);
	else
		snprintf(buf, len, "%s", v->pci_address ? v->pci_address : "-");
}

static void format_model(const struct drm_wse_device_info *i, char *buf, size_t len)
{
	snprintf(buf, len, "WSE-%u", i->generation);
}

/* ------------------------------------------------------------------ */
/* Human output                                                        */
/* ------------------------------------------------------------------ */

#define LABEL	"  %-14s "

static void print_defects(FILE *out, const struct wsectl_device_view *v)
{
	uint32_t i, shown;

	fprintf(out, LABEL "%u", "Defects", v->info->defect_count);
	if (v->defects_error) {
		fprintf(out, " (list unavailable: %s)\n", wse_strerror(v->defects_error));
		return;
	}
	shown = v->defect_list_len < WSECTL_HUMAN_DEFECTS_MAX ?
		v->defect_list_len : WSECTL_HUMAN_DEFECTS_MAX;
	if (shown)
		fputs(" at", out);
	for (i = 0; i < shown; i++)
		fprintf(out, " (%u,%u)", v->defects[i].x, v->defects[i].y);
	if (shown < v->defect_list_len)
		fprintf(out, " and %u more", v->defect_list_len - shown);
	fputc('\n', out);
}

void wsectl_print_info(FILE *out, const struct wsectl_device_view *v)
{
	const struct drm_wse_device_info *i = v->info;
	char pci[32], model[16], a[64], b[64], c[64];

	format_pci_address(v, pci, sizeof(pci));
	if (v->index >= 0)
		fprintf(out, "Device %d", v->index);
	else
		fputs("Device", out);
	if (!i) {
		fprintf(out, ": %s (%s): %s\n", pci, v->node ? v->node : "-",
			wse_strerror(v->error));
		return;
	}
	format_model(i, model, sizeof(model));
	fprintf(out, ": %s at %s (%s)\n", model, pci, v->node);

	wsectl_format_serial(i->serial, a, sizeof(a));
	fprintf(out, LABEL "%s\n", "Serial", a);
	fprintf(out, LABEL "%04x:%04x, subsystem %04x:%04x, revision %02x\n", "PCI ID",
		i->pci_vendor, i->pci_device, i->pci_subsystem_vendor,
		i->pci_subsystem_device, i->pci_revision);
	snprintf(a, sizeof(a), "%u.%u", i->abi_major, i->abi_minor);
	wse_abi_version_format(i->hw_spec_version, b, sizeof(b));
	fprintf(out, LABEL "driver ABI %s, hardware spec %s, libwse %s\n", "Interface",
		a, b, wse_lib_version());
	fprintf(out, LABEL "%u x %u PEs logical, %u x %u physical\n", "Fabric",
		i->log_width, i->log_height, i->phys_width, i->phys_height);
	fprintf(out, LABEL "%u column%s per row, %u row%s\n", "Spares",
		i->spare_cols, i->spare_cols == 1 ? "" : "s",
		i->spare_rows, i->spare_rows == 1 ? "" : "s");
	print_defects(out, v);
	wsectl_format_bytes(i->pe_sram_bytes, a, sizeof(a));
	wsectl_format_bytes(i->fabric_bytes, b, sizeof(b));
	fprintf(out, LABEL "%s per PE, %s total\n", "SRAM", a, b);
	fprintf(out, LABEL "%u MHz\n", "Clock", i->clock_mhz);
	fprintf(out, LABEL "%u, up to %u entries each, %u SGL entries per DMA\n",
		"Queues", i->num_queues, i->max_queue_depth, i->max_sgl_entries);
	wse_caps_format(i->hw_caps, a, sizeof(a));
	fprintf(out, LABEL "%s\n", "Capabilities", a);
	wse_fw_version_format(i->fw_version, a, sizeof(a));
	wse_abi_version_format(i->fw_abi, b, sizeof(b));
	fprintf(out, LABEL "%s, version %s, ABI %s\n", "Firmware",
		wse_fw_state_name(i->fw_state), a, b);
	if (i->fw_error)
		fprintf(out, LABEL "%s: %s\n", "Firmware error", wse_fw_error_name(i->fw_error),
			wse_fw_error_str(i->fw_error));
	wse_status_format(i->status, c, sizeof(c));
	fprintf(out, LABEL "%s (0x%08x)\n", "Status", c, i->status);
	if (i->error_code)
		fprintf(out, LABEL "%u\n", "Fatal error", i->error_code);
	fprintf(out, LABEL "%u\n", "Resets", i->reset_count);
	if (v->data)
		wsectl_print_devdata(out, v->data);
}

void wsectl_print_list(FILE *out, const struct wsectl_device_view *v, unsigned int n)
{
	unsigned int k;

	fprintf(out, "%-3s  %-12s  %-19s  %-6s  %-16s  %-9s  %-8s  %s\n", "IDX",
		"PCI ADDRESS", "NODE", "MODEL", "SERIAL", "FABRIC", "FIRMWARE", "STATUS");
	for (k = 0; k < n; k++) {
		const struct drm_wse_device_info *i = v[k].info;
		char pci[32], model[16], serial[20], grid[24], status[64];

		format_pci_address(&v[k], pci, sizeof(pci));
		fprintf(out, "%-3d  %-12s  %-19s  ", v[k].index, pci,
			v[k].node ? v[k].node : "-");
		if (!i) {
			fprintf(out, "error: %s\n", wse_strerror(v[k].error));
			continue;
		}
		format_model(i, model, sizeof(model));
		wsectl_format_serial(i->serial, serial, sizeof(serial));
		snprintf(grid, sizeof(grid), "%ux%u", i->log_width, i->log_height);
		wse_status_format(i->status, status, sizeof(status));
		fprintf(out, "%-6s  %-16s  %-9s  %-8s  %s\n", model, serial, grid,
			wse_fw_state_name(i->fw_state), status);
	}
}

/* ------------------------------------------------------------------ */
/* JSON output                                                         */
/* ------------------------------------------------------------------ */

static void json_hex16(struct json_writer *w, const char *key, uint16_t value)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "0x%04x", value);
	json_string(w, key, buf);
}

static void json_bit_names(struct json_writer *w, const char *key, uint32_t word,
			   const char *(*name)(unsigned int))
{
	unsigned int bit;

	json_begin_array(w, key);
	for (bit = 0; bit < 32; bit++) {
		char unknown[8];

		if (!(word & (1u << bit)))
			continue;
		snprintf(unknown, sizeof(unknown), "bit%u", bit);
		json_string(w, NULL, name(bit) ? name(bit) : unknown);
	}
	json_end_array(w);
}

static void json_error(struct json_writer *w, int err)
{
	json_begin_object(w, "error");
	json_int(w, "errno", err < 0 ? -err : err);
	json_string(w, "message", wse_strerror(err));
	json_end_object(w);
}

static void json_defects(struct json_writer *w, const struct wsectl_device_view *v)
{
	uint32_t k;

	if (v->defects_error) {
		json_null(w, "defects");
		json_begin_object(w, "defects_error");
		json_int(w, "errno", -v->defects_error);
		json_string(w, "message", wse_strerror(v->defects_error));
		json_end_object(w);
		return;
	}
	json_begin_array(w, "defects");
	for (k = 0; k < v->defect_list_len; k++) {
		json_begin_object(w, NULL);
		json_uint(w, "x", v->defects[k].x);
		json_uint(w, "y", v->defects[k].y);
		json_end_object(w);
	}
	json_end_array(w);
}

void wsectl_json_info(struct json_writer *w, const struct wsectl_device_view *v,
		      bool with_defects)
{
	const struct drm_wse_device_info *i = v->info;
	char buf[64];

	json_begin_object(w, NULL);
	if (v->index >= 0)
		json_int(w, "index", v->index);
	else
		json_null(w, "index");
	json_string(w, "node", v->node);
	format_pci_address(v, buf, sizeof(buf));
	json_string(w, "pci_address", buf);
	if (!i) {
		json_error(w, v->error);
		json_end_object(w);
		return;
	}
	format_model(i, buf, sizeof(buf));
	json_string(w, "model", buf);
	json_uint(w, "generation", i->generation);
	wsectl_format_serial(i->serial, buf, sizeof(buf));
	json_string(w, "serial", buf);

	json_begin_object(w, "pci");
	json_hex16(w, "vendor_id", i->pci_vendor);
	json_hex16(w, "device_id", i->pci_device);
	json_hex16(w, "subsystem_vendor_id", i->pci_subsystem_vendor);
	json_hex16(w, "subsystem_id", i->pci_subsystem_device);
	json_uint(w, "revision", i->pci_revision);
	json_end_object(w);

	snprintf(buf, sizeof(buf), "%u.%u", i->abi_major, i->abi_minor);
	json_string(w, "driver_abi", buf);
	wse_abi_version_format(i->hw_spec_version, buf, sizeof(buf));
	json_string(w, "hw_spec_version", buf);

	json_begin_object(w, "fabric");
	json_uint(w, "physical_width", i->phys_width);
	json_uint(w, "physical_height", i->phys_height);
	json_uint(w, "logical_width", i->log_width);
	json_uint(w, "logical_height", i->log_height);
	json_uint(w, "spare_cols", i->spare_cols);
	json_uint(w, "spare_rows", i->spare_rows);
	json_uint(w, "pe_sram_bytes", i->pe_sram_bytes);
	json_uint(w, "fabric_bytes", i->fabric_bytes);
	json_uint(w, "clock_mhz", i->clock_mhz);
	json_uint(w, "defect_count", i->defect_count);
	if (with_defects)
		json_defects(w, v);
	json_end_object(w);

	json_begin_object(w, "queues");
	json_uint(w, "count", i->num_queues);
	json_uint(w, "max_depth", i->max_queue_depth);
	json_uint(w, "max_sgl_entries", i->max_sgl_entries);
	json_end_object(w);

	json_bit_names(w, "capabilities", i->hw_caps, wse_cap_bit_name);

	json_begin_object(w, "firmware");
	json_string(w, "state", wse_fw_state_name(i->fw_state));
	wse_fw_version_format(i->fw_version, buf, sizeof(buf));
	json_string(w, "version", buf);
	wse_abi_version_format(i->fw_abi, buf, sizeof(buf));
	json_string(w, "abi", buf);
	json_uint(w, "error", i->fw_error);
	json_end_object(w);

	json_begin_object(w, "status");
	json_uint(w, "value", i->status);
	json_bit_names(w, "flags", i->status, wse_status_bit_name);
	json_uint(w, "error_code", i->error_code);
	json_uint(w, "reset_count", i->reset_count);
	json_end_object(w);

	if (v->data) {
		wsectl_json_driver_state(w, &v->data->sys);
		wsectl_json_telemetry(w, v->data);
	}
	json_end_object(w);
}

void wsectl_json_list(struct json_writer *w, const struct wsectl_device_view *v,
		      unsigned int n)
{
	unsigned int k;

	json_begin_object(w, NULL);
	json_begin_array(w, "devices");
	for (k = 0; k < n; k++)
		wsectl_json_info(w, &v[k], false);
	json_end_array(w);
	json_end_object(w);
}
