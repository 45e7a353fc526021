// SPDX-License-Identifier: MIT
/*
 * wsectl fw: the device's firmware. `show` prints its state, version, ABI,
 * why the device refused the last image if it did, and the table of
 * kernels it runs; `load FILE` replaces it (root only); `log` prints the
 * device's firmware log from the driver's debugfs (root only).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devdata.h"
#include "format.h"
#include "wse_hw.h"
#include "wsectl.h"

/* "f32,f16" for a WSE_FW_DTYPE_BIT() mask. */
static void dtypes_text(uint32_t dtypes, char *buf, size_t len)
{
	static const char *const names[] = {
		[WSE_FW_DTYPE_F32] = "f32",
		[WSE_FW_DTYPE_F16] = "f16",
	};
	size_t used = 0;
	unsigned int t;

	buf[0] = '\0';
	for (t = 0; t < 32 && used < len; t++) {
		if (!(dtypes & WSE_FW_DTYPE_BIT(t)))
			continue;
		if (t < ARRAY_SIZE(names))
			used += snprintf(buf + used, len - used, "%s%s", used ? "," : "", names[t]);
		else
			used += snprintf(buf + used, len - used, "%stype%u", used ? "," : "", t);
	}
	if (!used)
		snprintf(buf, len, "-");
}

static void print_human(FILE *out, const char *devname, const struct drm_wse_device_info *info,
			const struct drm_wse_kernel_info *k, uint32_t nk)
{
	char ver[32], abi[32], types[64], kver[32];
	uint32_t i;

	wse_fw_version_format(info->fw_version, ver, sizeof(ver));
	wse_abi_version_format(info->fw_abi, abi, sizeof(abi));
	fprintf(out, "Firmware of %s\n", devname);
	fprintf(out, "  %-10s %s\n", "State", wse_fw_state_name(info->fw_state));
	fprintf(out, "  %-10s %s\n", "Version", ver);
	fprintf(out, "  %-10s %s\n", "ABI", abi);
	if (info->fw_error)
		fprintf(out, "  %-10s %s: %s\n", "Error", wse_fw_error_name(info->fw_error),
			wse_fw_error_str(info->fw_error));
	else
		fprintf(out, "  %-10s none\n", "Error");
	fprintf(out, "  %-10s %u\n", "Kernels", nk);
	if (!nk)
		return;
	fprintf(out, "    %3s  %-14s %-8s %-12s %s\n", "ID", "NAME", "VERSION", "SIGNATURE",
		"TYPES");
	for (i = 0; i < nk; i++) {
		dtypes_text(k[i].dtypes, types, sizeof(types));
		wse_abi_version_format(k[i].version, kver, sizeof(kver));
		fprintf(out, "    %3u  %-14s %-8s %-12s %s\n", k[i].id, k[i].name, kver,
			k[i].signature[0] ? k[i].signature : "-", types);
	}
}

static void print_json(struct json_writer *w, struct wse_device *dev,
		       const struct drm_wse_device_info *info,
		       const struct drm_wse_kernel_info *k, uint32_t nk, int loaded)
{
	char buf[64];
	uint32_t i, t;

	json_begin_object(w, NULL);
	wsectl_json_device(w, wse_device_index(dev), wse_device_pci_address(dev),
			   wse_device_node(dev));
	if (loaded >= 0)
		json_bool(w, "loaded", loaded);
	json_string(w, "state", wse_fw_state_name(info->fw_state));
	wse_fw_version_format(info->fw_version, buf, sizeof(buf));
	json_string(w, "version", buf);
	wse_abi_version_format(info->fw_abi, buf, sizeof(buf));
	json_string(w, "abi", buf);
	json_begin_object(w, "error");
	json_uint(w, "code", info->fw_error);
	json_string(w, "name", wse_fw_error_name(info->fw_error));
	json_string(w, "text", wse_fw_error_str(info->fw_error));
	json_end_object(w);
	json_begin_array(w, "kernels");
	for (i = 0; i < nk; i++) {
		json_begin_object(w, NULL);
		json_uint(w, "id", k[i].id);
		json_string(w, "name", k[i].name);
		wse_abi_version_format(k[i].version, buf, sizeof(buf));
		json_string(w, "version", buf);
		json_string(w, "signature", k[i].signature);
		json_uint(w, "nargs", wse_kernel_nargs(&k[i]));
		json_begin_array(w, "dtypes");
		for (t = 0; t < 32; t++)
			if (k[i].dtypes & WSE_FW_DTYPE_BIT(t)) {
				snprintf(buf, sizeof(buf), "%s", t == WSE_FW_DTYPE_F32 ? "f32" :
					 t == WSE_FW_DTYPE_F16 ? "f16" : "unknown");
				json_string(w, NULL, buf);
			}
		json_end_array(w);
		json_uint(w, "flags", k[i].flags);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

/*
 * One row per kernel, the firmware's columns repeated; without firmware,
 * one row with empty kernel columns.
 */
static void print_csv(struct csv_writer *w, struct wse_device *dev,
		      const struct drm_wse_device_info *info,
		      const struct drm_wse_kernel_info *k, uint32_t nk)
{
	static const char *const cols[] = {
		"pci_address", "state", "version", "abi", "error.name", "kernel.id",
		"kernel.name", "kernel.version", "kernel.signature", "kernel.dtypes", NULL,
	};
	char ver[32], abi[32], buf[64];
	uint32_t i;

	csv_header(w, cols);
	wse_fw_version_format(info->fw_version, ver, sizeof(ver));
	wse_abi_version_format(info->fw_abi, abi, sizeof(abi));
	for (i = 0; i < (nk ? nk : 1); i++) {
		csv_string(w, wse_device_pci_address(dev));
		csv_string(w, wse_fw_state_name(info->fw_state));
		csv_string(w, ver);
		csv_string(w, abi);
		csv_string(w, wse_fw_error_name(info->fw_error));
		if (!nk) {
			csv_string(w, NULL);
			csv_string(w, NULL);
			csv_string(w, NULL);
			csv_string(w, NULL);
			csv_string(w, NULL);
		} else {
			csv_uint(w, k[i].id);
			csv_string(w, k[i].name);
			wse_abi_version_format(k[i].version, buf, sizeof(buf));
			csv_string(w, buf);
			csv_string(w, k[i].signature);
			dtypes_text(k[i].dtypes, buf, sizeof(buf));
			csv_string(w, buf);
		}
		csv_end_row(w);
	}
}

/* Read the state and the table and print them; @loaded -1 for `show`. */
static int show(struct wsectl *ctx, struct wse_device *dev, const char *devname, int loaded)
{
	struct drm_wse_kernel_info *k = NULL;
	struct drm_wse_device_info info;
	uint32_t nk = 0;
	int ret, status = WSECTL_EXIT_OK;

	ret = wse_device_get_info(dev, &info, NULL);
	if (ret) {
		wsectl_err(ctx, "fw: %s: querying device info: %s", devname, wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	ret = wse_kernels_query(dev, &k, &nk);
	if (ret) {
		wsectl_err(ctx, "fw: %s: reading the kernel table: %s", devname,
			   wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		print_json(&w, dev, &info, k, nk, loaded);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else if (ctx->csv) {
		struct csv_writer w;

		csv_init(&w, ctx->out);
		print_csv(&w, dev, &info, k, nk);
		if (csv_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else {
		print_human(ctx->out, devname, &info, k, nk);
	}
	free(k);
	return status;
}

/* Say why the load failed, in the terms of Documentation/uapi.rst. */
static void load_error(struct wsectl *ctx, struct wse_device *dev, const char *devname,
		       const char *path, int err)
{
	struct drm_wse_device_info info;

	switch (err) {
	case -EPERM:
	case -EACCES:
		wsectl_err(ctx, "fw load: %s: loading firmware needs CAP_SYS_ADMIN; run "
			   "'wsectl fw load' as root", devname);
		break;
	case -EIO:
		if (!wse_device_get_info(dev, &info, NULL))
			wsectl_err(ctx, "fw load: %s refused %s: %s (%s); the device now runs "
				   "no firmware", devname, path, wse_fw_error_str(info.fw_error),
				   wse_fw_error_name(info.fw_error));
		else
			wsectl_err(ctx, "fw load: %s refused %s; the device now runs no "
				   "firmware", devname, path);
		break;
	case -EINVAL:
		wsectl_err(ctx, "fw load: the driver of %s refused %s: not an image this "
			   "device can use (malformed, or for another generation, hardware "
			   "interface or firmware ABI; the kernel log says which); the "
			   "running firmware is unchanged", devname, path);
		break;
	case -E2BIG:
		wsectl_err(ctx, "fw load: %s is larger than a firmware image may be "
			   "(%u MiB)", path, WSE_FW_MAX_SIZE >> 20);
		break;
	case -EBUSY:
		wsectl_err(ctx, "fw load: %s has jobs in flight; nothing changed, try again "
			   "when it is idle", devname);
		break;
	case -ETIMEDOUT:
		wsectl_err(ctx, "fw load: %s did not accept or refuse %s in time; the driver "
			   "reset it and it runs no firmware", devname, path);
		break;
	default:
		wsectl_err(ctx, "fw load: %s: loading %s: %s", devname, path, wse_strerror(err));
		break;
	}
}

static int load(struct wsectl *ctx, struct wse_device *dev, const char *devname,
		const char *path)
{
	int fd, ret;

	/* File problems are named as such, before the device is involved. */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		wsectl_err(ctx, "fw load: %s: %s", path, strerror(errno));
		return WSECTL_EXIT_FAILURE;
	}
	close(fd);
	ret = wse_fw_load_file(dev, path);
	if (ret) {
		load_error(ctx, dev, devname, path, ret);
		/* With --json, still say what the device runs now. */
		if (ctx->json && (ret == -EIO || ret == -ETIMEDOUT))
			show(ctx, dev, devname, 0);
		return WSECTL_EXIT_FAILURE;
	}
	if (!ctx->json)
		fprintf(ctx->out, "Loaded %s.\n", path);
	return show(ctx, dev, devname, 1);
}

/*
 * The firmware log as the driver's debugfs file shows it. Found without
 * opening the node: the log matters most when the device is in trouble.
 */
static int log_print(struct wsectl *ctx)
{
	struct wsectl_target t;
	char path[512];
	char *text;
	int status, err = 0;

	status = wsectl_find_device(ctx, &t);
	if (status)
		return status;
	snprintf(path, sizeof(path), "%s/wse/%s/fw_log", wsectl_debugfs_root(),
		 t.pci_address);
	text = wsectl_read_file(path, &err);
	if (!text) {
		wsectl_err(ctx, "fw log: %s: %s%s", path, strerror(-err),
			   err == -EACCES ? " (run as root)" :
			   err == -ENOENT ? " (is debugfs mounted, as root?)" : "");
		return WSECTL_EXIT_FAILURE;
	}
	fputs(text, ctx->out);
	free(text);
	return WSECTL_EXIT_OK;
}

static int fw_run(struct wsectl *ctx, int argc, char **argv)
{
	const char *sub;
	struct wse_device *dev;
	char devname[96];
	int first, status = WSECTL_EXIT_OK, want;

	first = wsectl_parse_common(ctx, &wsectl_cmd_fw, argc, argv, &status);
	if (first < 0)
		return status;
	sub = first < argc ? argv[first] : "show";
	if (!strcmp(sub, "show")) {
		want = 1;
	} else if (!strcmp(sub, "load")) {
		want = 2;
	} else if (!strcmp(sub, "log")) {
		if (argc - first != 1) {
			wsectl_err(ctx, "fw log: unexpected argument '%s' (select a "
				   "device with -d)", argv[first + 1]);
			return WSECTL_EXIT_USAGE;
		}
		if (ctx->json || ctx->csv)
			return wsectl_no_format(ctx, "fw log", ctx->json ? "--json" : "--csv");
		return log_print(ctx);
	} else {
		wsectl_err(ctx, "fw: unknown subcommand '%s': expected show, load or log",
			   sub);
		return WSECTL_EXIT_USAGE;
	}
	if (first < argc && argc - first != want) {
		if (want == 2)
			wsectl_err(ctx, "fw load: expected one FILE (a firmware image)");
		else
			wsectl_err(ctx, "fw show: unexpected argument '%s' (select a device "
				   "with -d)", argv[first + 1]);
		return WSECTL_EXIT_USAGE;
	}
	if (want == 2 && ctx->csv)
		return wsectl_no_format(ctx, "fw load", "--csv");
	status = wsectl_open_device(ctx, &dev);
	if (status)
		return status;
	wsectl_device_name(dev, devname, sizeof(devname));
	if (want == 2)
		status = load(ctx, dev, devname, argv[first + 1]);
	else
		status = show(ctx, dev, devname, -1);
	wse_device_close(dev);
	return status;
}

const struct wsectl_command wsectl_cmd_fw = {
	.name = "fw",
	.summary = "Show the firmware and its kernels (show), load an image (load FILE), "
		   "or print its log (log)",
	.usage = "[show | load FILE | log]",
	.notes =
		"show (the default) prints the firmware's state, version and ABI, why the\n"
		"device refused the last image if it did, and the kernels it runs: ID,\n"
		"name, interface version, signature (one letter per argument: t element\n"
		"type, n count, o SRAM offset, f float, u selector) and element types.\n\n"
		"load FILE replaces the firmware with the image in FILE and shows the result.\n"
		"It needs root (CAP_SYS_ADMIN). The device is reset first: the SRAM of every\n"
		"PE is cleared, so running jobs' data is lost. A refused image leaves the\n"
		"device without firmware (DMA still works; kernels cannot run) until an image\n"
		"is loaded.\n\n"
		"log prints the device's firmware log, oldest line first: loads, refusals\n"
		"and their reasons, crashes, resets, queue errors. It survives device resets.\n"
		"It comes from debugfs, so it needs root.\n",
	.run = fw_run,
	.csv = true,
};
