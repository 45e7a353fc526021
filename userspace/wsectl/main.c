// SPDX-License-Identifier: MIT
/*
 * wsectl: operator tool for wse wafer-scale accelerators. This file holds
 * the command table, global option parsing and the helpers commands
 * share; each command lives in its own cmd_*.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wsectl.h"

static const struct wsectl_command *const commands[] = {
	&wsectl_cmd_list,
	&wsectl_cmd_info,
	&wsectl_cmd_topo,
	&wsectl_cmd_health,
	&wsectl_cmd_telemetry,
	&wsectl_cmd_ps,
	&wsectl_cmd_reset,
	&wsectl_cmd_fw,
	&wsectl_cmd_memcpy,
	&wsectl_cmd_run,
};

#define NUM_COMMANDS	ARRAY_SIZE(commands)

static const char common_options_help[] =
	"  -d, --device DEV  device to use: index (0), PCI address (0000:01:00.0),\n"
	"                    serial (16 hex digits, or 0x...) or node path;\n"
	"                    default 0\n"
	"  -j, --json        machine-readable output (JSON, stable field names)\n"
	"      --csv         machine-readable output (CSV, same field names;\n"
	"                    list, info, topo, health, telemetry, ps, fw show)\n"
	"  -h, --help        show help\n";

static void usage(FILE *out)
{
	unsigned int i;

	fputs("Usage: wsectl [OPTIONS] COMMAND [OPTIONS]\n"
	      "Inspect and manage wse wafer-scale accelerators.\n\n"
	      "Commands:\n", out);
	for (i = 0; i < NUM_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("  help       show help for a command\n\n"
	      "Options (before or after the command):\n", out);
	fputs(common_options_help, out);
	fputs("  -V, --version     show the wsectl, libwse and ABI versions\n\n"
	      "Exit status:\n"
	      "  0   success\n"
	      "  1   the operation failed (device error, permission, I/O)\n"
	      "  2   no wse device found, or none matches --device\n"
	      "  3   health: the device needs attention (warning)\n"
	      "  4   health: the device is not usable (critical)\n"
	      "  64  usage error\n", out);
}

void wsectl_command_usage(const struct wsectl_command *cmd, FILE *out)
{
	fprintf(out, "Usage: wsectl %s [OPTIONS]%s%s\n%s.\n\nOptions:\n%s%s",
		cmd->name, cmd->usage ? " " : "", cmd->usage ? cmd->usage : "",
		cmd->summary, cmd->options_help ? cmd->options_help : "",
		common_options_help);
	if (cmd->notes)
		fprintf(out, "\n%s", cmd->notes);
}

static void version(FILE *out)
{
	fprintf(out, "wsectl %d.%d.%d (libwse %s, driver ABI %d.%d)\n",
		WSE_LIB_VERSION_MAJOR, WSE_LIB_VERSION_MINOR, WSE_LIB_VERSION_PATCH,
		wse_lib_version(), DRM_WSE_ABI_MAJOR, DRM_WSE_ABI_MINOR);
}

void wsectl_err(struct wsectl *ctx, const char *fmt, ...)
{
	va_list ap;

	fputs("wsectl: ", ctx->err);
	va_start(ap, fmt);
	vfprintf(ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->err);
}

static const struct option common_long[] = {
	{ "device", required_argument, NULL, 'd' },
	{ "json", no_argument, NULL, 'j' },
	{ "csv", no_argument, NULL, WSECTL_OPT_CSV },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Room for the common options plus a command's own. */
#define MAX_SHORTOPTS	64
#define MAX_LONGOPTS	24

/*
 * One getopt pass. Before the command, "+" stops at the command name so
 * its own options are left for it; after it, operands and options may
 * mix. The leading ':' lets us word the errors ourselves. @extra (may be
 * NULL) adds the command's own options.
 * Returns true to go on, false (with *@status set) after --help,
 * --version or an error.
 */
static bool parse_options(struct wsectl *ctx, const struct wsectl_command *cmd,
			  const struct wsectl_options *extra, int argc, char **argv,
			  int *status)
{
	struct option longopts[MAX_LONGOPTS];
	char shortopts[MAX_SHORTOPTS];
	unsigned int n = 0;
	int opt;

	snprintf(shortopts, sizeof(shortopts), "%s:d:jhV%s", cmd ? "" : "+",
		 extra && extra->shortopts ? extra->shortopts : "");
	for (; common_long[n].name; n++)
		longopts[n] = common_long[n];
	for (opt = 0; extra && extra->longopts && extra->longopts[opt].name &&
	     n + 1 < MAX_LONGOPTS; opt++)
		longopts[n++] = extra->longopts[opt];
	memset(&longopts[n], 0, sizeof(longopts[n]));

	optind = 0;	/* full reset: we parse more than one argv */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			ctx->device = optarg;
			break;
		case 'j':
			ctx->json = true;
			break;
		case WSECTL_OPT_CSV:
			ctx->csv = true;
			break;
		case 'h':
			if (cmd)
				wsectl_command_usage(cmd, ctx->out);
			else
				usage(ctx->out);
			*status = WSECTL_EXIT_OK;
			return false;
		case 'V':
			version(ctx->out);
			*status = WSECTL_EXIT_OK;
			return false;
		case ':':
			wsectl_err(ctx, "option '%s' needs an argument", argv[optind - 1]);
			*status = WSECTL_EXIT_USAGE;
			return false;
		case '?':
			if (optopt)
				wsectl_err(ctx, "unknown option '-%c'", optopt);
			else
				wsectl_err(ctx, "unknown option '%s'", argv[optind - 1]);
			fprintf(ctx->err, "Try 'wsectl %s%s--help'.\n",
				cmd ? cmd->name : "", cmd ? " " : "");
			*status = WSECTL_EXIT_USAGE;
			return false;
		default:
			*status = extra ? extra->handle(ctx, opt, optarg, extra->priv) :
					  WSECTL_EXIT_USAGE;
			if (*status)
				return false;
			break;
		}
	}
	if (cmd && ctx->json && ctx->csv) {
		wsectl_err(ctx, "%s: --json and --csv exclude each other", cmd->name);
		*status = WSECTL_EXIT_USAGE;
		return false;
	}
	if (cmd && ctx->csv && !cmd->csv) {
		*status = wsectl_no_format(ctx, cmd->name, "--csv");
		return false;
	}
	return true;
}

int wsectl_no_format(struct wsectl *ctx, const char *cmd, const char *format)
{
	wsectl_err(ctx, "%s: %s does not apply to this command", cmd, format);
	return WSECTL_EXIT_USAGE;
}

int wsectl_parse_common(struct wsectl *ctx, const struct wsectl_command *cmd,
			int argc, char **argv, int *status)
{
	return parse_options(ctx, cmd, NULL, argc, argv, status) ? optind : -1;
}

int wsectl_parse_options(struct wsectl *ctx, const struct wsectl_command *cmd,
			 const struct wsectl_options *extra, int argc, char **argv,
			 int *status)
{
	return parse_options(ctx, cmd, extra, argc, argv, status) ? optind : -1;
}

static const struct wsectl_command *find_command(const char *name)
{
	unsigned int i;

	for (i = 0; i < NUM_COMMANDS; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

void wsectl_device_name(struct wse_device *dev, char *buf, size_t len)
{
	snprintf(buf, len, "device %s (%s)", wse_device_pci_address(dev), wse_device_node(dev));
}

int wsectl_open_device(struct wsectl *ctx, struct wse_device **dev)
{
	const char *what = ctx->device ? ctx->device : "0";
	struct wse_device_list *list = NULL;
	struct wse_selector sel;
	unsigned int count;
	int ret;

	if (wse_selector_parse(what, &sel)) {
		wsectl_err(ctx, "invalid device '%s': expected an index (0), a PCI address "
			   "(0000:01:00.0), a serial (16 hex digits or 0x...) or a node path",
			   what);
		return WSECTL_EXIT_USAGE;
	}
	ret = wse_device_open(what, dev);
	if (!ret)
		return WSECTL_EXIT_OK;

	if (sel.kind == WSE_SELECT_PATH) {
		if (ret == -ENODEV || ret == -ENOTTY) {
			wsectl_err(ctx, "%s: not a wse device node (%s)", what, wse_strerror(ret));
			return WSECTL_EXIT_NO_DEVICE;
		}
		if (ret == -ENOENT) {
			wsectl_err(ctx, "%s: no such device node", what);
			return WSECTL_EXIT_NO_DEVICE;
		}
		wsectl_err(ctx, "%s: %s", what, wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}

	/* Say how many devices there are; it is usually the real question. */
	if (wse_device_list_create(&list))
		list = NULL;
	count = wse_device_list_count(list);
	if (ret == -ENODEV) {
		if (!count)
			wsectl_err(ctx, "no wse device found (is the wse driver loaded?)");
		else
			wsectl_err(ctx, "no wse device matches '%s' (%u found; see 'wsectl list')",
				   what, count);
		ret = WSECTL_EXIT_NO_DEVICE;
	} else {
		const char *node = NULL;

		if (sel.kind == WSE_SELECT_INDEX)
			node = wse_device_list_node(list, sel.index);
		wsectl_err(ctx, "device %s%s%s%s: %s%s", what, node ? " (" : "",
			   node ? node : "", node ? ")" : "", wse_strerror(ret),
			   ret == -EACCES || ret == -EPERM ?
			   " (opening needs read-write access to the node)" : "");
		ret = WSECTL_EXIT_FAILURE;
	}
	wse_device_list_free(list);
	return ret;
}

static bool same_pci(const char *a, const struct wse_selector *sel)
{
	struct wse_selector e;

	return !wse_selector_parse(a, &e) && e.kind == WSE_SELECT_PCI &&
	       e.pci_domain == sel->pci_domain && e.pci_bus == sel->pci_bus &&
	       e.pci_slot == sel->pci_slot && e.pci_function == sel->pci_function;
}

static bool serial_matches(const char *pci, uint64_t serial)
{
	char buf[32], *end;
	unsigned long long v;

	if (wse_pci_attr_read(pci, "serial", buf, sizeof(buf)))
		return false;
	v = strtoull(buf, &end, 16);
	return end != buf && !*end && v == serial;
}

static bool same_node(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && S_ISCHR(sa.st_mode) && S_ISCHR(sb.st_mode) &&
	       sa.st_rdev == sb.st_rdev;
}

int wsectl_find_device(struct wsectl *ctx, struct wsectl_target *t)
{
	const char *what = ctx->device ? ctx->device : "0";
	struct wse_device_list *list;
	struct wse_selector sel;
	unsigned int i, n;
	int found = -1, ret;

	if (wse_selector_parse(what, &sel)) {
		wsectl_err(ctx, "invalid device '%s': expected an index (0), a PCI address "
			   "(0000:01:00.0), a serial (16 hex digits or 0x...) or a node path",
			   what);
		return WSECTL_EXIT_USAGE;
	}
	ret = wse_device_list_create(&list);
	if (ret) {
		wsectl_err(ctx, "enumerating devices: %s", wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	}
	n = wse_device_list_count(list);
	for (i = 0; i < n && found < 0; i++) {
		const char *pci = wse_device_list_pci_address(list, i);

		switch (sel.kind) {
		case WSE_SELECT_INDEX:
			found = sel.index == i ? (int)i : -1;
			break;
		case WSE_SELECT_PCI:
			found = same_pci(pci, &sel) ? (int)i : -1;
			break;
		case WSE_SELECT_SERIAL:
			found = serial_matches(pci, sel.serial) ? (int)i : -1;
			break;
		case WSE_SELECT_PATH:
			found = same_node(sel.path, wse_device_list_node(list, i)) ? (int)i : -1;
			break;
		}
	}
	if (found >= 0) {
		t->index = found;
		snprintf(t->pci_address, sizeof(t->pci_address), "%s",
			 wse_device_list_pci_address(list, (unsigned int)found));
		snprintf(t->node, sizeof(t->node), "%s",
			 wse_device_list_node(list, (unsigned int)found));
		wse_device_list_free(list);
		return WSECTL_EXIT_OK;
	}
	wse_device_list_free(list);
	if (sel.kind == WSE_SELECT_PATH) {
		struct wse_device *dev;

		/* Not a listed node: let the driver say which device it is. */
		ret = wsectl_open_device(ctx, &dev);
		if (ret)
			return ret;
		t->index = wse_device_index(dev);
		snprintf(t->pci_address, sizeof(t->pci_address), "%s",
			 wse_device_pci_address(dev));
		snprintf(t->node, sizeof(t->node), "%s", wse_device_node(dev));
		wse_device_close(dev);
		return WSECTL_EXIT_OK;
	}
	if (!n)
		wsectl_err(ctx, "no wse device found (is the wse driver loaded?)");
	else
		wsectl_err(ctx, "no wse device matches '%s' (%u found; see 'wsectl list')", what,
			   n);
	return WSECTL_EXIT_NO_DEVICE;
}

int main(int argc, char **argv)
{
	struct wsectl ctx = { .out = stdout, .err = stderr };
	const struct wsectl_command *cmd;
	int ret;

	if (!parse_options(&ctx, NULL, NULL, argc, argv, &ret))
		return ret;
	if (optind >= argc) {
		usage(ctx.err);
		return WSECTL_EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;

	if (!strcmp(argv[0], "help")) {
		if (argc < 2) {
			usage(ctx.out);
			return WSECTL_EXIT_OK;
		}
		cmd = find_command(argv[1]);
		if (!cmd) {
			wsectl_err(&ctx, "unknown command '%s'; see 'wsectl --help'", argv[1]);
			return WSECTL_EXIT_USAGE;
		}
		wsectl_command_usage(cmd, ctx.out);
		return WSECTL_EXIT_OK;
	}
	cmd = find_command(argv[0]);
	if (!cmd) {
		wsectl_err(&ctx, "unknown command '%s'; see 'wsectl --help'", argv[0]);
		return WSECTL_EXIT_USAGE;
	}
	ret = cmd->run(&ctx, argc, argv);
	if (fflush(ctx.out) || ferror(ctx.out)) {
		wsectl_err(&ctx, "writing output: %s", strerror(errno));
		return WSECTL_EXIT_FAILURE;
	}
	return ret;
}
