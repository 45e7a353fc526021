// SPDX-License-Identifier: MIT
/*
 * wsectl info: everything known about one device: what the driver
 * reports through its query ioctl, plus its sysfs state, hwmon sensors
 * and (for root) debugfs telemetry.
 */
#include <stdlib.h>

#include "format.h"
#include "wsectl.h"

static int info_run(struct wsectl *ctx, int argc, char **argv)
{
	struct wsectl_device_view view = { 0 };
	struct wsectl_devdata data;
	struct drm_wse_device_info info;
	struct drm_wse_defect *defects = NULL;
	struct wse_device *dev;
	int ret, status = WSECTL_EXIT_OK;

	ret = wsectl_parse_common(ctx, &wsectl_cmd_info, argc, argv, &status);
	if (ret < 0)
		return status;
	if (ret < argc) {
		wsectl_err(ctx, "info: unexpected argument '%s' (select a device with -d)",
			   argv[ret]);
		return WSECTL_EXIT_USAGE;
	}
	status = wsectl_open_device(ctx, &dev);
	if (status)
		return status;

	ret = wse_device_get_info(dev, &info, NULL);
	if (ret) {
		wsectl_err(ctx, "device %s (%s): querying device info: %s",
			   wse_device_pci_address(dev), wse_device_node(dev), wse_strerror(ret));
		wse_device_close(dev);
		return WSECTL_EXIT_FAILURE;
	}
	view.index = wse_device_index(dev);
	view.node = wse_device_node(dev);
	view.pci_address = wse_device_pci_address(dev);
	view.info = &info;
	view.defects_error = wse_device_get_defects(dev, &defects, &view.defect_list_len);
	view.defects = defects;
	wsectl_devdata_read(view.pci_address, &data);
	view.data = &data;
	if (view.defects_error) {
		/* Still show the rest; the defect line says what went wrong. */
		wsectl_err(ctx, "device %s (%s): querying defect list: %s",
			   view.pci_address, view.node, wse_strerror(view.defects_error));
		status = WSECTL_EXIT_FAILURE;
	}

	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		wsectl_json_info(&w, &view, true);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else if (ctx->csv) {
		struct csv_writer w;

		csv_init(&w, ctx->out);
		wsectl_csv_devices(&w, &view, 1, true);
		if (csv_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else {
		wsectl_print_info(ctx->out, &view);
	}
	wsectl_devdata_free(&data);
	free(defects);
	wse_device_close(dev);
	return status;
}

const struct wsectl_command wsectl_cmd_info = {
	.name = "info",
	.summary = "Show identity, geometry, defects, firmware, state and telemetry",
	.run = info_run,
	.csv = true,
};
