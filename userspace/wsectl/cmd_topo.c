// SPDX-License-Identifier: MIT
/*
 * wsectl topo: the fabric map of a device: the logical grid software
 * sees, the spares, the defective PEs and retired rows, and which
 * contexts hold which PEs now (debugfs, so root only). As text, JSON,
 * CSV, and as a PNG picture with one coloured square per physical PE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fabric.h"
#include "format.h"
#include "wsectl.h"

enum {
	OPT_PNG = 0x100,
	OPT_SCALE,
	OPT_MAP_COLS,
	OPT_NO_MAP,
};

struct topo_opts {
	const char *png;
	unsigned int scale;	/* 0: pick one */
	unsigned int map_cols;
	bool no_map;
};

static const struct option topo_longopts[] = {
	{ "png", required_argument, NULL, OPT_PNG },
	{ "scale", required_argument, NULL, OPT_SCALE },
	{ "map-cols", required_argument, NULL, OPT_MAP_COLS },
	{ "no-map", no_argument, NULL, OPT_NO_MAP },
	{ NULL, 0, NULL, 0 },
};

static int topo_option(struct wsectl *ctx, int opt, const char *arg, void *priv)
{
	struct topo_opts *o = priv;
	uint64_t v;

	switch (opt) {
	case OPT_PNG:
		o->png = arg;
		return 0;
	case OPT_SCALE:
		if (!wsectl_parse_uint(arg, 64, &v, NULL) || !v) {
			wsectl_err(ctx, "topo: --scale '%s': expected pixels per PE, 1 to 64", arg);
			return WSECTL_EXIT_USAGE;
		}
		o->scale = (unsigned int)v;
		return 0;
	case OPT_MAP_COLS:
		if (!wsectl_parse_uint(arg, 4096, &v, NULL) || v < 8) {
			wsectl_err(ctx, "topo: --map-cols '%s': expected 8 to 4096", arg);
			return WSECTL_EXIT_USAGE;
		}
		o->map_cols = (unsigned int)v;
		return 0;
	case OPT_NO_MAP:
		o->no_map = true;
		return 0;
	}
	return WSECTL_EXIT_USAGE;
}

static void print_human(FILE *out, const char *devname, const struct wsectl_fabric *f,
			const struct wsectl_contexts *c, const struct topo_opts *o)
{
	unsigned int i;

	fprintf(out, "Fabric of %s\n", devname);
	fprintf(out, "  %-14s %u x %u PEs\n", "Logical grid", f->log_width, f->log_height);
	fprintf(out, "  %-14s %u x %u PEs, %u spare column%s per row, %u spare row%s\n",
		"Physical grid", f->phys_width, f->phys_height, f->spare_cols,
		f->spare_cols == 1 ? "" : "s", f->spare_rows, f->spare_rows == 1 ? "" : "s");
	fprintf(out, "  %-14s %u working, %u reserved, %u spare, %u defective, %u retired\n",
		"PEs", f->count[WSECTL_PE_WORKING], f->count[WSECTL_PE_RESERVED],
		f->count[WSECTL_PE_SPARE], f->count[WSECTL_PE_DEFECTIVE],
		f->count[WSECTL_PE_RETIRED]);
	fprintf(out, "  %-14s %u of %u", "Retired rows", f->retired_rows, f->spare_rows);
	for (i = 0; i < f->retired_rows && i < 16; i++)
		fprintf(out, "%s%u", i ? "," : " (y=", f->retired[i]);
	if (f->retired_rows)
		fputs(f->retired_rows > 16 ? ",...)" : ")", out);
	fputc('\n', out);
	if (!f->complete)
		fputs("  warning: the defects leave too few rows for the logical grid\n", out);
	if (c->error) {
		fprintf(out, "  %-14s unavailable (debugfs: %s%s)\n", "Contexts",
			wse_strerror(c->error), wsectl_root_hint(c->error));
	} else {
		fprintf(out, "  %-14s %u\n", "Contexts", c->n);
		for (i = 0; i < c->n; i++) {
			const struct wsectl_resv *r = &c->v[i];

			fprintf(out, "    %c  context %u of pid %d: PEs (%u,%u)+%ux%u, SRAM bytes "
				"%u..%u, queue %u, %u job%s\n", wsectl_fabric_ctx_letter(i), r->id,
				r->pid, r->x, r->y, r->width, r->height, r->sram_offset,
				r->sram_offset + r->sram_bytes - (r->sram_bytes ? 1 : 0), r->queue,
				r->jobs, r->jobs == 1 ? "" : "s");
		}
	}
	if (o->no_map)
		return;
	fputs("\n  Map of the physical grid ('.' working, 's' spare, 'X' defective, '-' retired,\n"
	      "  letters: contexts as listed above):\n", out);
	wsectl_fabric_print_map(out, f, o->map_cols ? o->map_cols : 64);
}

static void print_json(struct json_writer *w, const struct wse_device *dev,
		       const struct wsectl_fabric *f, const struct drm_wse_defect *d,
		       uint32_t nd, const struct wsectl_contexts *c, const char *png)
{
	unsigned int i;

	json_begin_object(w, NULL);
	wsectl_json_device(w, wse_device_index(dev), wse_device_pci_address(dev),
			   wse_device_node(dev));
	json_uint(w, "logical_width", f->log_width);
	json_uint(w, "logical_height", f->log_height);
	json_uint(w, "physical_width", f->phys_width);
	json_uint(w, "physical_height", f->phys_height);
	json_uint(w, "spare_cols", f->spare_cols);
	json_uint(w, "spare_rows", f->spare_rows);
	json_bool(w, "complete", f->complete);
	json_begin_object(w, "pes");
	for (i = 0; i < WSECTL_PE_ROLES; i++)
		json_uint(w, wsectl_pe_role_name(i), f->count[i]);
	json_end_object(w);
	json_begin_array(w, "retired_rows");
	for (i = 0; i < f->retired_rows; i++)
		json_uint(w, NULL, f->retired[i]);
	json_end_array(w);
	json_begin_array(w, "defects");
	for (i = 0; i < nd; i++) {
		json_begin_object(w, NULL);
		json_uint(w, "x", d[i].x);
		json_uint(w, "y", d[i].y);
		json_end_object(w);
	}
	json_end_array(w);
	if (c->error) {
		json_null(w, "contexts");
		json_begin_object(w, "contexts_error");
		json_int(w, "errno", -c->error);
		json_string(w, "message", wse_strerror(c->error));
		json_end_object(w);
	} else {
		json_begin_array(w, "contexts");
		for (i = 0; i < c->n; i++) {
			const struct wsectl_resv *r = &c->v[i];

			json_begin_object(w, NULL);
			json_uint(w, "id", r->id);
			json_int(w, "pid", r->pid);
			json_uint(w, "queue", r->queue);
			json_uint(w, "x", r->x);
			json_uint(w, "y", r->y);
			json_uint(w, "width", r->width);
			json_uint(w, "height", r->height);
			json_uint(w, "sram_offset", r->sram_offset);
			json_uint(w, "sram_bytes", r->sram_bytes);
			json_uint(w, "jobs", r->jobs);
			json_end_object(w);
		}
		json_end_array(w);
	}
	json_string(w, "png", png);
	json_end_object(w);
}

/* One row per feature: defects, retired rows and contexts. */
static void print_csv(struct csv_writer *w, const struct drm_wse_defect *d, uint32_t nd,
		      const struct wsectl_fabric *f, const struct wsectl_contexts *c)
{
	static const char *const cols[] = {
		"kind", "x", "y", "width", "height", "context.id", "context.pid",
		"context.sram_offset", "context.sram_bytes", NULL,
	};
	unsigned int i, k;

	csv_header(w, cols);
	for (i = 0; i < nd; i++) {
		csv_string(w, "defect");
		csv_uint(w, d[i].x);
		csv_uint(w, d[i].y);
		csv_uint(w, 1);
		csv_uint(w, 1);
		for (k = 0; k < 4; k++)
			csv_string(w, NULL);
		csv_end_row(w);
	}
	for (i = 0; i < f->retired_rows; i++) {
		csv_string(w, "retired_row");
		csv_uint(w, 0);
		csv_uint(w, f->retired[i]);
		csv_uint(w, f->phys_width);
		csv_uint(w, 1);
		for (k = 0; k < 4; k++)
			csv_string(w, NULL);
		csv_end_row(w);
	}
	for (i = 0; !c->error && i < c->n; i++) {
		const struct wsectl_resv *r = &c->v[i];

		csv_string(w, "context");
		csv_uint(w, r->x);
		csv_uint(w, r->y);
		csv_uint(w, r->width);
		csv_uint(w, r->height);
		csv_uint(w, r->id);
		csv_int(w, r->pid);
		csv_uint(w, r->sram_offset);
		csv_uint(w, r->sram_bytes);
		csv_end_row(w);
	}
}

static int write_png(struct wsectl *ctx, const struct wsectl_fabric *f, const char *devname,
		     const struct topo_opts *o)
{
	unsigned int scale = o->scale;
	FILE *out;
	int ret;

	/* By default, a picture about 1000 pixels across, at least one per PE. */
	if (!scale)
		scale = f->phys_width >= 1000 ? 1 : 1000 / f->phys_width;
	if (scale > 64)
		scale = 64;
	out = strcmp(o->png, "-") ? fopen(o->png, "wb") : ctx->out;
	if (!out) {
		wsectl_err(ctx, "topo: %s: %s", o->png, strerror(errno));
		return WSECTL_EXIT_FAILURE;
	}
	ret = wsectl_fabric_write_png(out, f, scale);
	if (out != ctx->out && fclose(out) && !ret)
		ret = -EIO;
	if (ret) {
		wsectl_err(ctx, "topo: writing the map of %s to %s: %s", devname, o->png,
			   wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	return WSECTL_EXIT_OK;
}

static int topo_run(struct wsectl *ctx, int argc, char **argv)
{
	struct topo_opts o = { 0 };
	struct wsectl_options extra = {
		.longopts = topo_longopts, .handle = topo_option, .priv = &o,
	};
	struct drm_wse_defect *defects = NULL;
	struct drm_wse_device_info info;
	struct wsectl_fabric f = { 0 };
	struct wsectl_devdata data;
	struct wse_device *dev;
	char devname[96];
	uint32_t nd = 0;
	int ret, status = WSECTL_EXIT_OK;

	ret = wsectl_parse_options(ctx, &wsectl_cmd_topo, &extra, argc, argv, &status);
	if (ret < 0)
		return status;
	if (ret < argc) {
		wsectl_err(ctx, "topo: unexpected argument '%s' (select a device with -d)",
			   argv[ret]);
		return WSECTL_EXIT_USAGE;
	}
	if (o.png && !strcmp(o.png, "-") && (ctx->json || ctx->csv)) {
		wsectl_err(ctx, "topo: --png - and %s would share standard output",
			   ctx->json ? "--json" : "--csv");
		return WSECTL_EXIT_USAGE;
	}
	status = wsectl_open_device(ctx, &dev);
	if (status)
		return status;
	wsectl_device_name(dev, devname, sizeof(devname));
	ret = wse_device_get_info(dev, &info, NULL);
	if (!ret)
		ret = wse_device_get_defects(dev, &defects, &nd);
	if (ret) {
		wsectl_err(ctx, "topo: %s: querying geometry and defects: %s", devname,
			   wse_strerror(ret));
		wse_device_close(dev);
		return WSECTL_EXIT_FAILURE;
	}
	wsectl_devdata_read(wse_device_pci_address(dev), &data);
	ret = wsectl_fabric_build(&f, &info, defects, nd, data.contexts.v, data.contexts.n);
	if (ret) {
		wsectl_err(ctx, "topo: %s: %s", devname, ret == -EINVAL ?
			   "the device reports an impossible geometry" : wse_strerror(ret));
		status = WSECTL_EXIT_FAILURE;
		goto out;
	}
	if (o.png)
		status = write_png(ctx, &f, devname, &o);
	if (status || (o.png && !strcmp(o.png, "-")))
		goto out;
	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		print_json(&w, dev, &f, defects, nd, &data.contexts, o.png);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else if (ctx->csv) {
		struct csv_writer w;

		csv_init(&w, ctx->out);
		print_csv(&w, defects, nd, &f, &data.contexts);
		if (csv_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else {
		print_human(ctx->out, devname, &f, &data.contexts, &o);
		if (o.png)
			fprintf(ctx->out, "\n  Picture: %s\n", o.png);
	}
out:
	wsectl_fabric_free(&f);
	wsectl_devdata_free(&data);
	free(defects);
	wse_device_close(dev);
	return status;
}

const struct wsectl_command wsectl_cmd_topo = {
	.name = "topo",
	.summary = "Show the fabric map: logical grid, spares, defects, contexts (text, PNG)",
	.usage = "[--png FILE [--scale N]] [--map-cols N | --no-map]",
	.options_help =
		"      --png FILE    also draw the map as a PNG picture (FILE - : stdout)\n"
		"      --scale N     pixels per PE in the picture (default: ~1000 px wide)\n"
		"      --map-cols N  text map at most N characters wide (default 64)\n"
		"      --no-map      no text map, only the summary\n",
	.notes =
		"Every physical PE is one of: working (in the logical grid), reserved by a\n"
		"context, spare (works, not needed), defective, or retired (works, but its\n"
		"row has more defects than spare columns). Contexts come from debugfs and\n"
		"are shown to root only. Picture colours: green working, light blue spare,\n"
		"red defective, grey retired, and eight colours that cycle for contexts.\n",
	.run = topo_run,
	.csv = true,
};
