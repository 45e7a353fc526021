// SPDX-License-Identifier: MIT
/*
 * wsectl reset: the driver's graceful reset of a device (sysfs
 * "recover"): running jobs finish or are requeued, the device is reset,
 * its firmware restarted, and work resumes. Root only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "wsectl.h"

/* How long the driver may stay "recovering" after the write returns. */
#define RESET_SETTLE_MS		30000
#define RESET_POLL_MS		20

static bool read_u32(const char *pci, const char *attr, uint32_t *v)
{
	char buf[32], *end;
	unsigned long x;

	if (wse_pci_attr_read(pci, attr, buf, sizeof(buf)))
		return false;
	x = strtoul(buf, &end, 10);
	if (end == buf || *end)
		return false;
	*v = (uint32_t)x;
	return true;
}

/*
 * The driver resets before the write returns; a driver that finishes
 * asynchronously shows "recovering" meanwhile. sysfs offers no event to
 * wait on for this attribute, so poll it until it settles.
 */
static void settle(const char *pci, char *state, size_t len)
{
	struct timespec ts = { .tv_nsec = RESET_POLL_MS * 1000000L };
	unsigned int waited;

	for (waited = 0; waited < RESET_SETTLE_MS; waited += RESET_POLL_MS) {
		if (wse_pci_attr_read(pci, "state", state, len)) {
			state[0] = '\0';
			return;
		}
		if (strcmp(state, "recovering"))
			return;
		nanosleep(&ts, NULL);
	}
}

static int reset_run(struct wsectl *ctx, int argc, char **argv)
{
	struct wsectl_target t;
	uint32_t before = 0, after = 0;
	bool have_before, have_after;
	char state[32] = "";
	int ret, status = WSECTL_EXIT_OK;

	ret = wsectl_parse_common(ctx, &wsectl_cmd_reset, argc, argv, &status);
	if (ret < 0)
		return status;
	if (ret < argc) {
		wsectl_err(ctx, "reset: unexpected argument '%s' (select a device with -d)",
			   argv[ret]);
		return WSECTL_EXIT_USAGE;
	}
	status = wsectl_find_device(ctx, &t);
	if (status)
		return status;

	have_before = read_u32(t.pci_address, "reset_count", &before);
	ret = wse_pci_recover(t.pci_address);
	switch (ret) {
	case 0:
		break;
	case -EACCES:
	case -EPERM:
		wsectl_err(ctx, "reset: device %s (%s): resetting a device needs root "
			   "(CAP_SYS_ADMIN): %s", t.pci_address, t.node, wse_strerror(ret));
		return WSECTL_EXIT_FAILURE;
	case -EOPNOTSUPP:
		wsectl_err(ctx, "reset: device %s (%s): this driver cannot reset the device "
			   "(no sysfs 'recover' attribute; the driver is too old)", t.pci_address,
			   t.node);
		return WSECTL_EXIT_FAILURE;
	default:
		wsectl_err(ctx, "reset: device %s (%s): the reset failed: %s%s", t.pci_address,
			   t.node, wse_strerror(ret), ret == -EIO ?
			   " (the device did not come back; see 'wsectl health')" : "");
		return WSECTL_EXIT_FAILURE;
	}
	settle(t.pci_address, state, sizeof(state));
	have_after = read_u32(t.pci_address, "reset_count", &after);

	if (ctx->json) {
		struct json_writer w;

		json_init(&w, ctx->out, true);
		json_begin_object(&w, NULL);
		json_begin_object(&w, "device");
		if (t.index >= 0)
			json_int(&w, "index", t.index);
		else
			json_null(&w, "index");
		json_string(&w, "pci_address", t.pci_address);
		json_string(&w, "node", t.node);
		json_end_object(&w);
		if (have_before)
			json_uint(&w, "reset_count_before", before);
		else
			json_null(&w, "reset_count_before");
		if (have_after)
			json_uint(&w, "reset_count_after", after);
		else
			json_null(&w, "reset_count_after");
		json_string(&w, "state", state[0] ? state : NULL);
		json_end_object(&w);
		if (json_finish(&w))
			status = WSECTL_EXIT_FAILURE;
	} else {
		fprintf(ctx->out, "Reset device %s (%s)", t.pci_address, t.node);
		if (have_before && have_after)
			fprintf(ctx->out, ": reset count %u -> %u", before, after);
		if (state[0])
			fprintf(ctx->out, ", state %s", state);
		fputc('\n', ctx->out);
	}
	if (state[0] && strcmp(state, "ok") && strcmp(state, "no-firmware")) {
		wsectl_err(ctx, "reset: device %s (%s) is %s after the reset", t.pci_address,
			   t.node, state);
		status = WSECTL_EXIT_FAILURE;
	}
	return status;
}

const struct wsectl_command wsectl_cmd_reset = {
	.name = "reset",
	.summary = "Reset a device gracefully, keeping queued work (root only)",
	.notes =
		"Asks the driver (sysfs 'recover') to wait for running jobs, reset the device,\n"
		"restart its firmware and resume: jobs not yet run are resubmitted, none is\n"
		"lost, and the SRAM of the PEs keeps its contents. Fails with exit status 1\n"
		"for a user without CAP_SYS_ADMIN, and when the device stays wedged.\n",
	.run = reset_run,
};
