// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device's firmware log through debugfs (<debugfs>/wse/<bdf>/fw_log):
 * after modprobe it tells which firmware was accepted, in the version
 * sysfs reports; after an injected firmware crash it tells of the crash,
 * then of the reset and the reload the driver's recovery made.
 *
 * debugfs needs root; the crash needs the fault-injection agent
 * (run-vm.sh --fault-agent). Without them the tests skip.
 */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_inject.h"
#include "wse_test_util.h"

/* Recovery reloads firmware well within this, even under TCG. */
#define RECOVERY_NS	(30ll * 1000 * 1000 * 1000)
#define POLL_US		20000
#define LOG_MAX		(1 << 20)

/* debugfs fw_log of the first wse device; 0, or -1 if not readable. */
static int fw_log_path(char *out, size_t len, char *sysdev, size_t sysdev_len)
{
	char node[PATH_MAX], real[PATH_MAX];

	if (wse_find_node(node, sizeof(node), sysdev, sysdev_len) ||
	    !realpath(sysdev, real))
		return -1;
	snprintf(out, len, "/sys/kernel/debug/wse/%s/fw_log", strrchr(real, '/') + 1);
	return access(out, R_OK);
}

/* The whole log as one string; NULL if it cannot be read. */
static char *fw_log_read(const char *path)
{
	char *buf = malloc(LOG_MAX + 1);
	size_t n = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY);
	if (!buf || fd < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (n < LOG_MAX && (r = read(fd, buf + n, LOG_MAX - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return buf;
}

/* The line after the one at @p (the end of the text after the last). */
static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? nl + 1 : p + strlen(p);
}

/*
 * Every line is "[seconds.micros] text"; returns how many there are,
 * or -1 at the first that is not.
 */
static int lines_well_formed(const char *log)
{
	const char *p;
	int lines = 0;

	for (p = log; *p; p = next_line(p)) {
		unsigned long s, us;
		int len = -1;

		if (!strchr(p, '\n') || sscanf(p, "[%lu.%6lu] %n", &s, &us, &len) != 2 ||
		    len < 0 || p[len] == '\n')
			return -1;
		lines++;
	}
	return lines;
}

/* The time of the line at @line, in microseconds. */
static unsigned long long line_us(const char *line)
{
	unsigned long s = 0, us = 0;

	sscanf(line, "[%lu.%6lu]", &s, &us);
	return s * 1000000ull + us;
}

/* The first line at or after @from that contains @what; NULL if none. */
static const char *find_line(const char *from, const char *what)
{
	const char *hit = strstr(from, what);

	if (!hit)
		return NULL;
	while (hit > from && hit[-1] != '\n')
		hit--;
	return hit;
}

/* The last line of @log that contains @what; NULL if none. */
static const char *find_last(const char *log, const char *what)
{
	const char *p = log, *last = NULL;

	while ((p = find_line(p, what))) {
		last = p;
		p = next_line(p);
	}
	return last;
}

/* Wait for the driver's `state` attribute to read "ok". */
static int wait_ok(const char *sysdev)
{
	char path[PATH_MAX + 16], st[64];
	__s64 end = wse_now_ns() + RECOVERY_NS;

	snprintf(path, sizeof(path), "%s/state", sysdev);
	do {
		if (!wse_read_line(path, st, sizeof(st)) && !strcmp(st, "ok"))
			return 0;
		usleep(POLL_US);
	} while (wse_now_ns() < end);
	return -ETIMEDOUT;
}

/*
 * After the last line the log had before the crash, in order: the
 * injection, the crash, a reset and an accepted image. Returns the
 * accepted line, or NULL while recovery has not got that far.
 */
static const char *recovered(const char *log, unsigned long long before)
{
	const char *p = log, *crash, *reset;

	/* Lines up to @before are the old ones (the log only grows). */
	while (*p && line_us(p) <= before)
		p = next_line(p);
	p = find_line(p, "] fault injected: fw-crash true");
	crash = p ? find_line(p, "] firmware crashed: inject-fw-crash") : NULL;
	if (!crash)
		return NULL;
	reset = find_line(crash, "] register reset (");
	if (!reset)
		reset = find_line(crash, "] function level or bus reset");
	return reset ? find_line(reset, "] firmware accepted: ") : NULL;
}

FIXTURE(fwlog) {
	char path[PATH_MAX];
	char sysdev[PATH_MAX];
	int inj;
};

FIXTURE_SETUP(fwlog)
{
	self->inj = -1;
	if (getuid())
		SKIP(return, "debugfs needs root");
	if (fw_log_path(self->path, sizeof(self->path), self->sysdev,
			sizeof(self->sysdev)))
		SKIP(return, "no debugfs fw_log (debugfs not mounted?)");
}

FIXTURE_TEARDOWN(fwlog)
{
	if (self->inj >= 0)
		close(self->inj);
}

TEST_F(fwlog, names_running_firmware)
{
	char attr[PATH_MAX + 16], ver[32], want[64], st[32];
	const char *acc;
	char *log;

	snprintf(attr, sizeof(attr), "%s/fw_state", self->sysdev);
	ASSERT_EQ(0, wse_read_line(attr, st, sizeof(st)));
	if (strcmp(st, "ready"))
		SKIP(return, "no firmware running (state %s)", st);
	snprintf(attr, sizeof(attr), "%s/fw_version", self->sysdev);
	ASSERT_EQ(0, wse_read_line(attr, ver, sizeof(ver)));

	log = fw_log_read(self->path);
	ASSERT_NE(NULL, log);
	EXPECT_LT(0, lines_well_formed(log)) TH_LOG("log:\n%s", log);
	/* The image running is the one the log accepted last. */
	acc = find_last(log, "] firmware accepted: ");
	ASSERT_NE(NULL, acc) TH_LOG("log:\n%s", log);
	snprintf(want, sizeof(want), " version %s, ABI ", ver);
	EXPECT_NE(NULL, strstr(acc, want)) TH_LOG("want \"%s\" in: %.*s", want,
						  (int)strcspn(acc, "\n"), acc);
	EXPECT_EQ(NULL, find_line(acc, "] firmware crashed: "));
	free(log);
}

TEST_F_TIMEOUT(fwlog, tells_of_crash_and_reload, 120)
{
	char attr[PATH_MAX + 16], st[32];
	unsigned long long before;
	const char *last, *acc = NULL;
	char *log;
	__s64 end;

	self->inj = wse_inject_open();
	if (self->inj < 0)
		SKIP(return, "no fault-injection agent (run-vm.sh --fault-agent)");

	log = fw_log_read(self->path);
	ASSERT_NE(NULL, log);
	last = find_last(log, "] ");
	before = last ? line_us(last) : 0;
	free(log);

	ASSERT_EQ(0, wse_inject_set(self->inj, "inject-fw-crash", "true"));
	end = wse_now_ns() + RECOVERY_NS;
	for (;;) {
		log = fw_log_read(self->path);
		ASSERT_NE(NULL, log);
		acc = recovered(log, before);
		if (acc || wse_now_ns() > end)
			break;
		free(log);
		usleep(POLL_US);
	}
	EXPECT_NE(NULL, acc) TH_LOG("no crash, reset and reload after %llu us in:\n%s",
				    before, log);
	EXPECT_LT(0, lines_well_formed(log));
	free(log);

	/* The reload the log shows is the firmware that runs. */
	EXPECT_EQ(0, wait_ok(self->sysdev));
	snprintf(attr, sizeof(attr), "%s/fw_state", self->sysdev);
	ASSERT_EQ(0, wse_read_line(attr, st, sizeof(st)));
	EXPECT_STREQ("ready", st);
}

TEST_HARNESS_MAIN
