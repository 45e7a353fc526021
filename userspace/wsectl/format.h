/* SPDX-License-Identifier: MIT */
/*
 * Presentation of device information, human and JSON. Pure functions of
 * their input (no device access), so recorded data can be formatted and
 * compared in unit tests. The JSON field names are a stable interface.
 */
#ifndef WSECTL_FORMAT_H
#define WSECTL_FORMAT_H

#include <stdint.h>
#include <stdio.h>

#include "csv.h"
#include "devdata.h"
#include "json.h"
#include "wse.h"

/* What is known about one device, as gathered by a command. */
struct wsectl_device_view {
	int index;				/* discovery index, -1 unknown */
	const char *node;
	const char *pci_address;		/* from discovery; info wins */
	int error;				/* opening/querying failed: -errno */
	const struct drm_wse_device_info *info;	/* NULL on error */
	const struct drm_wse_defect *defects;
	uint32_t defect_list_len;
	int defects_error;			/* defect query failed: -errno */
	const struct wsectl_devdata *data;	/* sysfs, hwmon, debugfs; or NULL */
};

/* "48 KiB", "16.5 MiB": binary units, one decimal when not exact. */
void wsectl_format_bytes(uint64_t bytes, char *buf, size_t len);

/* "0123456789abcdef": how serial numbers are shown and selected. */
void wsectl_format_serial(uint64_t serial, char *buf, size_t len);

/* Human defect lists stop here; --json always has all of them. */
#define WSECTL_HUMAN_DEFECTS_MAX	8

void wsectl_print_info(FILE *out, const struct wsectl_device_view *v);
void wsectl_json_info(struct json_writer *w, const struct wsectl_device_view *v,
		      bool with_defects);

void wsectl_print_list(FILE *out, const struct wsectl_device_view *v, unsigned int n);
void wsectl_json_list(struct json_writer *w, const struct wsectl_device_view *v,
		      unsigned int n);

/*
 * --csv of list and info: a header (when @header) and one row per view.
 * The columns are the JSON names, dotted; info's rows also have the
 * driver state and telemetry columns (@with_state).
 */
void wsectl_csv_devices(struct csv_writer *w, const struct wsectl_device_view *v,
			unsigned int n, bool with_state);

/* Lines of info's human output for the driver state and telemetry. */
void wsectl_print_devdata(FILE *out, const struct wsectl_devdata *d);
/*
 * The "device" object every JSON document starts with: index (null when
 * the device is not in the discovery list), pci_address, node (null when
 * empty or NULL).
 */
void wsectl_json_device(struct json_writer *w, int index, const char *pci_address,
			const char *node);
/* The "driver" object: state, hangs, reset_count, last_reset (null if absent). */
void wsectl_json_driver_state(struct json_writer *w, const struct wsectl_sysattrs *s);
/* The "telemetry" object: hwmon temperatures and power, debugfs counters. */
void wsectl_json_telemetry(struct json_writer *w, const struct wsectl_devdata *d);

/* Telemetry counters with a fixed CSV column each, in this order. */
extern const char *const wsectl_telemetry_keys[];

/* "Permission denied (run as root: debugfs)" style hint for an errno. */
const char *wsectl_root_hint(int err);

#endif /* WSECTL_FORMAT_H */
