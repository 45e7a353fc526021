// SPDX-License-Identifier: MIT
/*
 * wsectl ps: the processes that have a wse device open, from the DRM
 * usage statistics in /proc/<pid>/fdinfo (drm-driver, drm-pdev,
 * drm-client-id, drm-engine-fabric, drm-*-memory). The kernel shows a
 * process's fdinfo only to users who may trace it, so without root the
 * list holds the caller's own processes.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devdata.h"
#include "format.h"
#include "wsectl.h"

/* Memory regions with a fixed CSV column; others are in JSON only. */
static const char *const csv_regions[] = { "total", "shared", "resident", "active",
					   "purgeable", NULL };

static bool mem(const struct wsectl_client *c, const char *region, uint64_t *bytes)
{
	unsigned int i;

	for (i = 0; i < c->nmem; i++)
		if (!strcmp(c->mem[i].region, region)) {
			*bytes = c->mem[i].bytes;
			return true;
		}
	return false;
}

static void print_human(FILE *out, const struct wsectl_client *c, unsigned int n)
{
	unsigned int i;

	fprintf(out, "%7s  %-15s  %-12s  %6s  %4s  %14s  %10s\n", "PID", "COMMAND", "DEVICE",
		"CLIENT", "FD", "FABRIC TIME", "MEMORY");
	for (i = 0; i < n; i++) {
		char t[32] = "-", m[32] = "-";
		uint64_t bytes;

		if (c[i].has_engine)
			snprintf(t, sizeof(t), "%.6f s", c[i].engine_fabric_ns / 1e9);
		if (mem(&c[i], "total", &bytes))
			wsectl_format_bytes(bytes, m, sizeof(m));
		fprintf(out, "%7d  %-15s  %-12s  %6llu  %4d  %14s  %10s\n", c[i].pid,
			c[i].comm[0] ? c[i].comm : "?", c[i].pdev,
			(unsigned long long)c[i].client_id, c[i].fd, t, m);
	}
}

static void print_json(struct json_writer *w, const struct wsectl_client *c, unsigned int n)
{
	unsigned int i, k;

	json_begin_object(w, NULL);
	json_begin_array(w, "processes");
	for (i = 0; i < n; i++) {
		json_begin_object(w, NULL);
		json_int(w, "pid", c[i].pid);
		json_string(w, "comm", c[i].comm);
		json_string(w, "pci_address", c[i].pdev);
		json_uint(w, "client_id", c[i].client_id);
		json_int(w, "fd", c[i].fd);
		json_uint(w, "fds", c[i].nfds);
		if (c[i].has_engine)
			json_uint(w, "engine_fabric_ns", c[i].engine_fabric_ns);
		else
			json_null(w, "engine_fabric_ns");
		json_begin_object(w, "memory");
		for (k = 0; k < c[i].nmem; k++)
			json_uint(w, c[i].mem[k].region, c[i].mem[k].bytes);
		json_end_object(w);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

static void print_csv(struct csv_writer *w, const struct wsectl_client *c, unsigned int n)
{
	static const char *const cols[] = {
		"pid", "comm", "pci_address", "client_id", "fd", "fds", "engine_fabric_ns",
		"memory.total", "memory.shared", "memory.resident", "memory.active",
		"memory.purgeable", NULL,
	};
	unsigned int i, k;

	csv_header(w, cols);
	for (i = 0; i < n; i++) {
		uint64_t bytes;

		csv_int(w, c[i].pid);
		csv_string(w, c[i].comm);
		csv_string(w, c[i].pdev);
		csv_uint(w, c[i].client_id);
		csv_int(w, c[i].fd);
		csv_uint(w, c[i].nfds);
		if (c[i].has_engine)
			csv_uint(w, c[i].engine_fabric_ns);
		else
			csv_string(w, NULL);
		for (k = 0; csv_regions[k]; k++)
			if (mem(&c[i], csv_regions[k], &bytes))
				csv_uint(w, bytes);
			else
				csv_string(w, NULL);
		csv_end_row(w);
	}
}

static int ps_run(struct wsectl *ctx, int argc, char **argv)
{
	struct wsectl_client *clients = NULL;
	struct wsectl_target t;
	unsigned int n = 0;
	int ret, status = WSECTL_EXIT_OK;

	ret = wsectl_parse_common(ctx, &wsectl_cmd_ps, argc, argv, &status);
	if (ret < 0)
		return status;
	if (ret < argc) {
		wsectl_err(ctx, "ps: unexpected argument '%s'", argv[ret]);
		return WSECTL_EXIT_USAGE;
	}
	/* Every device unless -d picks one. */
	if (ctx->device) {
		status = wsectl_find_device(ctx, &t);
		if (status)
			return status;
	}
	ret = wsectl_scan_clients(ctx->device ? t.pci_address : NULL, &clients, &n);
	if (ret) {
		wsectl_err(ctx, "ps: reading %s: %s", wsectl_proc_root(), wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		print_json(&w, clients, n);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else if (ctx->csv) {
		struct csv_writer w;

		csv_init(&w, ctx->out);
		print_csv(&w, clients, n);
		if (csv_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else {
		print_human(ctx->out, clients, n);
	}
	free(clients);
	return status;
}

const struct wsectl_command wsectl_cmd_ps = {
	.name = "ps",
	.summary = "List the processes using wse devices (all, or the one -d names)",
	.notes =
		"One line per process and open device file (DRM client): its PID, command,\n"
		"device, client ID, lowest fd, device time of its finished jobs\n"
		"(drm-engine-fabric) and the size of the buffers it holds (drm-total-memory).\n"
		"The kernel shows a process's fdinfo only to users who may trace it: without\n"
		"root, only your own processes are listed.\n",
	.run = ps_run,
	.csv = true,
};
