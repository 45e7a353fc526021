// SPDX-License-Identifier: MIT
/*
 * wsectl list: one line (or JSON object) per wse device. A device that
 * cannot be opened is still listed, with the reason, so permission
 * problems do not look like missing hardware.
 */
#include <stdlib.h>

#include "format.h"
#include "wsectl.h"

static int list_run(struct wsectl *ctx, int argc, char **argv)
{
	struct drm_wse_device_info *infos = NULL;
	struct wsectl_device_view *views = NULL;
	struct wse_device_list *list;
	unsigned int n, k;
	int ret, status = WSECTL_EXIT_OK;

	ret = wsectl_parse_common(ctx, &wsectl_cmd_list, argc, argv, &status);
	if (ret < 0)
		return status;
	if (ret < argc) {
		wsectl_err(ctx, "list: unexpected argument '%s'", argv[ret]);
		return WSECTL_EXIT_USAGE;
	}
	if (ctx->device) {
		wsectl_err(ctx, "list: --device does not apply; use 'wsectl info -d %s'",
			   ctx->device);
		return WSECTL_EXIT_USAGE;
	}

	ret = wse_device_list_create(&list);
	if (ret) {
		wsectl_err(ctx, "enumerating devices: %s", wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	n = wse_device_list_count(list);
	if (n) {
		views = calloc(n, sizeof(*views));
		infos = calloc(n, sizeof(*infos));
		if (!views || !infos) {
			wsectl_err(ctx, "out of memory");
			status = WSECTL_EXIT_FAILURE;
			goto out;
		}
	}
	for (k = 0; k < n; k++) {
		struct wse_device *dev;

		views[k].index = (int)k;
		views[k].node = wse_device_list_node(list, k);
		views[k].pci_address = wse_device_list_pci_address(list, k);
		ret = wse_device_list_open(list, k, &dev);
		if (!ret) {
			ret = wse_device_get_info(dev, &infos[k], NULL);
			wse_device_close(dev);
		}
		if (ret) {
			views[k].error = ret;
			status = WSECTL_EXIT_FAILURE;
		} else {
			views[k].info = &infos[k];
		}
	}

	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		wsectl_json_list(&w, views, n);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else if (ctx->csv) {
		struct csv_writer w;

		csv_init(&w, ctx->out);
		wsectl_csv_devices(&w, views, n, false);
		if (csv_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else if (n) {
		wsectl_print_list(ctx->out, views, n);
	}
	if (!n) {
		wsectl_err(ctx, "no wse device found (is the wse driver loaded?)");
		status = WSECTL_EXIT_NO_DEVICE;
	}
out:
	free(infos);
	free(views);
	wse_device_list_free(list);
	return status;
}

const struct wsectl_command wsectl_cmd_list = {
	.name = "list",
	.summary = "List wse devices with their PCI address, node, fabric and state",
	.run = list_run,
	.csv = true,
};
