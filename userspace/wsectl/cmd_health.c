// SPDX-License-Identifier: MIT
/*
 * wsectl health: one verdict for a device, with the reasons, and an exit
 * status monitoring scripts can use (0 ok, 3 warning, 4 critical; 1 and
 * 2 keep their meaning: the check itself failed, no such device).
 *
 * A device that no longer answers queries is exactly when this matters,
 * so the device is located without its node, and a failed open or query
 * becomes a critical reason instead of an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fabric.h"
#include "format.h"
#include "health.h"
#include "wsectl.h"

static int exit_status(enum wsectl_severity v)
{
	switch (v) {
	case WSECTL_HEALTH_OK:
		return WSECTL_EXIT_OK;
	case WSECTL_HEALTH_WARNING:
		return WSECTL_EXIT_HEALTH_WARNING;
	case WSECTL_HEALTH_CRITICAL:
		break;
	}
	return WSECTL_EXIT_HEALTH_CRITICAL;
}

static void print_human(FILE *out, const struct wsectl_target *t, const struct wsectl_health *h)
{
	unsigned int i;
	const char *v = h->verdict == WSECTL_HEALTH_OK ? "OK" :
			h->verdict == WSECTL_HEALTH_WARNING ? "WARNING" : "CRITICAL";

	fprintf(out, "device %s (%s): %s\n", t->pci_address, t->node[0] ? t->node : "-", v);
	for (i = 0; i < h->n; i++)
		fprintf(out, "  %-8s %-12s %s\n", wsectl_severity_name(h->r[i].severity),
			h->r[i].check, h->r[i].message);
	for (i = 0; i < h->nskipped; i++)
		fprintf(out, "  %-8s %-12s %s\n", "skipped", h->skipped[i].check,
			h->skipped[i].message);
}

static void print_json(struct json_writer *w, const struct wsectl_target *t,
		       const struct wsectl_health *h)
{
	unsigned int i;

	json_begin_object(w, NULL);
	wsectl_json_device(w, t->index, t->pci_address, t->node);
	json_string(w, "verdict", wsectl_severity_name(h->verdict));
	json_int(w, "exit_status", exit_status(h->verdict));
	json_begin_array(w, "reasons");
	for (i = 0; i < h->n; i++) {
		json_begin_object(w, NULL);
		json_string(w, "severity", wsectl_severity_name(h->r[i].severity));
		json_string(w, "check", h->r[i].check);
		json_string(w, "message", h->r[i].message);
		json_end_object(w);
	}
	json_end_array(w);
	json_begin_array(w, "skipped");
	for (i = 0; i < h->nskipped; i++) {
		json_begin_object(w, NULL);
		json_string(w, "check", h->skipped[i].check);
		json_string(w, "message", h->skipped[i].message);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

/* One row per reason; a healthy device has one row with empty reason columns. */
static void print_csv(struct csv_writer *w, const struct wsectl_target *t,
		      const struct wsectl_health *h)
{
	static const char *const cols[] = {
		"pci_address", "verdict", "exit_status", "severity", "check", "message", NULL,
	};
	unsigned int i;

	csv_header(w, cols);
	for (i = 0; i < (h->n ? h->n : 1); i++) {
		csv_string(w, t->pci_address);
		csv_string(w, wsectl_severity_name(h->verdict));
		csv_int(w, exit_status(h->verdict));
		csv_string(w, h->n ? wsectl_severity_name(h->r[i].severity) : NULL);
		csv_string(w, h->n ? h->r[i].check : NULL);
		csv_string(w, h->n ? h->r[i].message : NULL);
		csv_end_row(w);
	}
}

static int health_run(struct wsectl *ctx, int argc, char **argv)
{
	struct drm_wse_device_info info, *infop = NULL;
	struct drm_wse_defect *defects = NULL;
	struct wsectl_fabric f, *fp = NULL;
	struct wsectl_health h;
	struct wsectl_devdata data;
	struct wsectl_target t;
	struct wse_device *dev = NULL;
	uint32_t nd = 0;
	int ret, status = WSECTL_EXIT_OK;

	ret = wsectl_parse_common(ctx, &wsectl_cmd_health, argc, argv, &status);
	if (ret < 0)
		return status;
	if (ret < argc) {
		wsectl_err(ctx, "health: unexpected argument '%s' (select a device with -d)",
			   argv[ret]);
		return WSECTL_EXIT_USAGE;
	}
	status = wsectl_find_device(ctx, &t);
	if (status)
		return status;

	ret = wse_device_open_path(t.node, &dev);
	if (ret == -EACCES || ret == -EPERM) {
		/* Not a health problem: this user may not look. */
		wsectl_err(ctx, "health: device %s (%s): %s (the check needs read-write access "
			   "to the node: group wse or root)", t.pci_address, t.node,
			   wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	if (!ret)
		ret = wse_device_get_info(dev, &info, NULL);
	if (!ret) {
		infop = &info;
		if (!wse_device_get_defects(dev, &defects, &nd) &&
		    !wsectl_fabric_build(&f, &info, defects, nd, NULL, 0))
			fp = &f;
	}
	wsectl_devdata_read(t.pci_address, &data);
	wsectl_health_eval(&h, infop, ret, fp, &data);

	status = exit_status(h.verdict);
	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		print_json(&w, &t, &h);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else if (ctx->csv) {
		struct csv_writer w;

		csv_init(&w, ctx->out);
		print_csv(&w, &t, &h);
		if (csv_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else {
		print_human(ctx->out, &t, &h);
	}
	if (fp)
		wsectl_fabric_free(fp);
	wsectl_devdata_free(&data);
	free(defects);
	wse_device_close(dev);
	return status;
}

const struct wsectl_command wsectl_cmd_health = {
	.name = "health",
	.summary = "Judge a device: ok, warning or critical, with reasons (exit 0, 3, 4)",
	.notes =
		"Checks: the driver's state (wedged is critical, recovering a warning), the\n"
		"firmware (crashed critical; refused or none loaded a warning), the device's\n"
		"fatal status (critical), temperatures against their hwmon max (warning) and\n"
		"crit (critical) limits, uncorrected SRAM ECC errors (critical; debugfs, so\n"
		"root only), hangs since the driver loaded (warning), and defects against\n"
		"spares. A check without data is listed as skipped and does not count.\n\n"
		"Exit status: 0 ok, 3 warning, 4 critical; 1 the check could not be made\n"
		"(for instance no access to the node), 2 no such device, 64 usage error.\n",
	.run = health_run,
	.csv = true,
};
