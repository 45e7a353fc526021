// SPDX-License-Identifier: MIT
/*
 * wsectl telemetry: the sensors (hwmon, readable by anyone) and the
 * device's counters (debugfs, root), once or, with --watch, refreshed
 * every interval like top, with rates computed between samples.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "wsectl.h"

enum {
	OPT_WATCH = 0x100,
	OPT_INTERVAL,
	OPT_COUNT,
};

struct telemetry_opts {
	bool watch;
	double interval;	/* seconds */
	uint64_t count;		/* samples; 0 = until interrupted */
};

static const struct option telemetry_longopts[] = {
	{ "watch", no_argument, NULL, OPT_WATCH },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ NULL, 0, NULL, 0 },
};

static int telemetry_option(struct wsectl *ctx, int opt, const char *arg, void *priv)
{
	struct telemetry_opts *o = priv;
	float f;

	switch (opt) {
	case OPT_WATCH:
		o->watch = true;
		return 0;
	case OPT_INTERVAL:
		if (!wsectl_parse_float(arg, &f) || f < 0.05f || f > 3600.0f) {
			wsectl_err(ctx, "telemetry: --interval '%s': expected seconds, "
				   "0.05 to 3600", arg);
			return WSECTL_EXIT_USAGE;
		}
		o->interval = f;
		o->watch = true;
		return 0;
	case OPT_COUNT:
		if (!wsectl_parse_uint(arg, UINT32_MAX, &o->count, NULL) || !o->count) {
			wsectl_err(ctx, "telemetry: --count '%s': expected a number of samples, "
				   "at least 1", arg);
			return WSECTL_EXIT_USAGE;
		}
		o->watch = true;
		return 0;
	}
	return WSECTL_EXIT_USAGE;
}

struct sample {
	struct wsectl_devdata d;
	struct timespec mono;
	uint64_t wall_ms;
	/* Watching on a terminal: the device's processes, like top's. */
	struct wsectl_client *clients;
	unsigned int nclients;
};

static void take(const char *pci, struct sample *s, bool clients)
{
	struct timespec rt;

	free(s->clients);
	s->clients = NULL;
	s->nclients = 0;
	if (clients && wsectl_scan_clients(pci, &s->clients, &s->nclients))
		s->nclients = 0;
	wsectl_devdata_read(pci, &s->d);
	clock_gettime(CLOCK_MONOTONIC, &s->mono);
	clock_gettime(CLOCK_REALTIME, &rt);
	s->wall_ms = (uint64_t)rt.tv_sec * 1000 + (uint64_t)rt.tv_nsec / 1000000;
}

/* Counters that only grow, and what their rate is called. */
static const struct {
	const char *key, *rate;
	double scale;		/* rate = delta / seconds * scale */
} rates[] = {
	{ "dma_h2f_bytes", "dma_h2f_bytes_per_s", 1 },
	{ "dma_f2h_bytes", "dma_f2h_bytes_per_s", 1 },
	{ "cmds_completed", "cmds_per_s", 1 },
	{ "launches", "launches_per_s", 1 },
	{ "busy_ns", "busy_percent", 1e-7 },	/* ns per s -> % */
};

/* Rate @i between @a and @b; NAN when unknown (no data, counter reset). */
static double rate(const struct sample *a, const struct sample *b, unsigned int i)
{
	double secs;
	int64_t x, y;

	if (!a)
		return NAN;
	secs = (double)(b->mono.tv_sec - a->mono.tv_sec) +
	       (b->mono.tv_nsec - a->mono.tv_nsec) / 1e9;
	if (secs <= 0 || !wsectl_counter(&a->d.telemetry, rates[i].key, &x) ||
	    !wsectl_counter(&b->d.telemetry, rates[i].key, &y) || y < x)
		return NAN;
	return (double)(y - x) / secs * rates[i].scale;
}

/*
 * top's process list: each client of the device with the share of the
 * interval its jobs kept the device busy (drm-engine-fabric deltas).
 */
static void print_clients(FILE *out, const struct sample *prev, const struct sample *cur)
{
	double secs = (double)(cur->mono.tv_sec - prev->mono.tv_sec) +
		      (cur->mono.tv_nsec - prev->mono.tv_nsec) / 1e9;
	unsigned int i, k;

	fprintf(out, "\n  %7s  %-15s  %6s  %7s  %10s\n", "PID", "COMMAND", "CLIENT", "FABRIC%",
		"MEMORY");
	for (i = 0; i < cur->nclients; i++) {
		const struct wsectl_client *c = &cur->clients[i];
		char busy[16] = "-", mem[32] = "-";

		for (k = 0; k < prev->nclients && secs > 0; k++) {
			const struct wsectl_client *p = &prev->clients[k];

			if (p->pid == c->pid && p->client_id == c->client_id && c->has_engine &&
			    p->has_engine && c->engine_fabric_ns >= p->engine_fabric_ns)
				snprintf(busy, sizeof(busy), "%.1f",
					 (c->engine_fabric_ns - p->engine_fabric_ns) / secs / 1e7);
		}
		for (k = 0; k < c->nmem; k++)
			if (!strcmp(c->mem[k].region, "total"))
				wsectl_format_bytes(c->mem[k].bytes, mem, sizeof(mem));
		fprintf(out, "  %7d  %-15s  %6llu  %7s  %10s\n", c->pid, c->comm,
			(unsigned long long)c->client_id, busy, mem);
	}
	if (!cur->nclients)
		fputs("  (no process has the device open, or none you may see)\n", out);
}

static void print_human(FILE *out, const struct wsectl_target *t, const struct sample *prev,
			const struct sample *cur)
{
	char a[32], b[32];
	double r[5];
	unsigned int i;

	fprintf(out, "Telemetry of device %s (%s)\n", t->pci_address, t->node[0] ? t->node : "-");
	wsectl_print_devdata(out, &cur->d);
	if (!cur->d.hwmon.present)
		fprintf(out, "  %-14s none (no hwmon device)\n", "Sensors");
	if (!prev)
		return;
	for (i = 0; i < 5; i++)
		r[i] = rate(prev, cur, i);
	if (isnan(r[0]))
		return;
	wsectl_format_bytes((uint64_t)r[0], a, sizeof(a));
	wsectl_format_bytes((uint64_t)r[1], b, sizeof(b));
	fprintf(out, "  %-14s DMA %s/s in, %s/s out; %.0f commands/s, %.0f launches/s; "
		"%.1f%% busy\n", "Rates", a, b, r[2], r[3], r[4]);
}

static void print_json(struct json_writer *w, const struct wsectl_target *t,
		       const struct sample *prev, const struct sample *cur)
{
	unsigned int i;

	json_begin_object(w, NULL);
	wsectl_json_device(w, t->index, t->pci_address, t->node);
	json_uint(w, "timestamp_ms", cur->wall_ms);
	wsectl_json_driver_state(w, &cur->d.sys);
	wsectl_json_telemetry(w, &cur->d);
	if (prev && !cur->d.telemetry.error) {
		json_begin_object(w, "rates");
		for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
			json_double(w, rates[i].rate, rate(prev, cur, i));
		json_end_object(w);
	} else {
		json_null(w, "rates");
	}
	json_end_object(w);
}

static void print_csv(struct csv_writer *w, const struct wsectl_target *t, const struct sample *s)
{
	const char *cols[CSV_MAX_COLUMNS + 1] = {
		"timestamp_ms", "pci_address", "driver.state", "driver.hangs",
		"driver.reset_count", "driver.last_reset", "telemetry.power_uw",
		"telemetry.max_temp_millic",
	};
	unsigned int c = 8, i;
	int64_t hottest = INT64_MIN, val;

	if (!w->header_done) {
		for (i = 0; wsectl_telemetry_keys[i]; i++)
			cols[c++] = wsectl_telemetry_keys[i];
		cols[c] = NULL;
		csv_header(w, cols);
	}
	csv_uint(w, s->wall_ms);
	csv_string(w, t->pci_address);
	csv_string(w, s->d.sys.state[0] ? s->d.sys.state : NULL);
	if (s->d.sys.has_hangs)
		csv_uint(w, s->d.sys.hangs);
	else
		csv_string(w, NULL);
	if (s->d.sys.has_reset_count)
		csv_uint(w, s->d.sys.reset_count);
	else
		csv_string(w, NULL);
	csv_string(w, s->d.sys.last_reset[0] ? s->d.sys.last_reset : NULL);
	if (s->d.hwmon.has_power)
		csv_int(w, s->d.hwmon.power_uw);
	else
		csv_string(w, NULL);
	for (i = 0; i < s->d.hwmon.nr_temps; i++)
		if (s->d.hwmon.temps[i].input > hottest)
			hottest = s->d.hwmon.temps[i].input;
	if (hottest != INT64_MIN)
		csv_int(w, hottest);
	else
		csv_string(w, NULL);
	for (i = 0; wsectl_telemetry_keys[i]; i++)
		if (wsectl_counter(&s->d.telemetry, wsectl_telemetry_keys[i], &val))
			csv_int(w, val);
		else
			csv_string(w, NULL);
	csv_end_row(w);
}

static void sleep_seconds(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s, .tv_nsec = (long)((s - floor(s)) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int telemetry_run(struct wsectl *ctx, int argc, char **argv)
{
	struct telemetry_opts o = { .interval = 1.0 };
	struct wsectl_options extra = {
		.longopts = telemetry_longopts, .handle = telemetry_option, .priv = &o,
	};
	struct sample s[2] = { 0 };
	struct wsectl_target t;
	struct csv_writer cw;
	bool tty;
	uint64_t k;
	int ret, status = WSECTL_EXIT_OK;

	ret = wsectl_parse_options(ctx, &wsectl_cmd_telemetry, &extra, argc, argv, &status);
	if (ret < 0)
		return status;
	if (ret < argc) {
		wsectl_err(ctx, "telemetry: unexpected argument '%s' (select a device with -d)",
			   argv[ret]);
		return WSECTL_EXIT_USAGE;
	}
	status = wsectl_find_device(ctx, &t);
	if (status)
		return status;
	tty = isatty(fileno(ctx->out)) && !ctx->json && !ctx->csv;
	csv_init(&cw, ctx->out);

	for (k = 0; !o.watch || !o.count || k < o.count; k++) {
		struct sample *cur = &s[k % 2], *prev = k ? &s[(k + 1) % 2] : NULL;

		if (k)
			sleep_seconds(o.interval);
		take(t.pci_address, cur, tty && o.watch);
		if (ctx->json) {
			struct json_writer w;

			/* Watching: one compact document per line (JSON Lines). */
			json_init(&w, ctx->out, !o.watch);
			print_json(&w, &t, prev, cur);
			if (json_finish(&w))
				status = WSECTL_EXIT_FAILURE;
		} else if (ctx->csv) {
			print_csv(&cw, &t, cur);
			if (fflush(ctx->out) || cw.error)
				status = WSECTL_EXIT_FAILURE;
		} else {
			if (tty && o.watch)
				fputs("\033[H\033[J", ctx->out);	/* home, clear */
			else if (k)
				fputc('\n', ctx->out);
			print_human(ctx->out, &t, prev, cur);
			if (prev && tty && o.watch)
				print_clients(ctx->out, prev, cur);
			if (o.watch && tty)
				fprintf(ctx->out, "\n(every %.2g s; Ctrl-C to stop)\n", o.interval);
			fflush(ctx->out);
		}
		if (prev)
			wsectl_devdata_free(&prev->d);
		if (!o.watch || status || ferror(ctx->out))
			break;
	}
	wsectl_devdata_free(&s[0].d);
	wsectl_devdata_free(&s[1].d);
	free(s[0].clients);
	free(s[1].clients);
	if (ctx->csv && csv_finish(&cw))
		status = WSECTL_EXIT_FAILURE;
	return status;
}

const struct wsectl_command wsectl_cmd_telemetry = {
	.name = "telemetry",
	.summary = "Show sensors and counters; --watch refreshes them like top",
	.usage = "[--watch] [--interval SECONDS] [--count N]",
	.options_help =
		"      --watch       refresh every interval until interrupted\n"
		"      --interval S  seconds between samples (default 1; implies --watch)\n"
		"      --count N     stop after N samples (implies --watch)\n",
	.notes =
		"Temperatures and power come from the device's hwmon node and are readable by\n"
		"anyone; the counters (DMA bytes, commands, launches, busy time, ECC, clock,\n"
		"utilisation) come from debugfs and need root. While watching, rates between\n"
		"samples are shown, and on a terminal the processes using the device with\n"
		"their share of its time; --json then prints one compact document per line\n"
		"and --csv one row per sample under a single header.\n",
	.run = telemetry_run,
	.csv = true,
};
