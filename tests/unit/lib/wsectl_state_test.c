// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsectl's info, topo, health, telemetry, ps and reset end to end,
 * through its main(), against the fake driver (fake_accel.c) for the
 * ioctls and against trees recorded from the test VM for the rest
 * (fixtures/<kernel>/: sysfs, hwmon, debugfs and /proc of a process
 * holding a context; see fixtures/record.sh), found through
 * WSE_SYSFS_ROOT, WSE_DEBUGFS_ROOT and WSE_PROC_ROOT. Faults the VM cannot
 * show on demand (a wedged device, a crashed firmware, overheating, ECC
 * errors) are written as small trees of their own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wsectl_capture.h"
#include "fake_accel.h"
#include "health.h"
#include "wse_hw.h"

#define BDF		"0000:01:00.0"
/* The recorded holder: `wsectl memcpy d2h FIFO --rect 0,0,5,3 --elems 64`. */
#define HOLDER_612	"167"
#define HOLDER_61	"112"

/* Point wsectl at fixtures/@kernel. */
static void use_fixture(const char *kernel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/sys", FIXTURES, kernel);
	setenv("WSE_SYSFS_ROOT", path, 1);
	snprintf(path, sizeof(path), "%s/%s/debug", FIXTURES, kernel);
	setenv("WSE_DEBUGFS_ROOT", path, 1);
	snprintf(path, sizeof(path), "%s/%s/proc", FIXTURES, kernel);
	setenv("WSE_PROC_ROOT", path, 1);
}

/* Write @text to @root/@rel, creating directories. */
static void put(const char *root, const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The recorded device: the test VM's default ("small") wafer. */
static const struct drm_wse_defect vm_defects[] = {
	{ 27, 2 }, { 0, 5 }, { 29, 6 }, { 15, 7 }, { 3, 16 }, { 6, 19 },
};

FIXTURE(state) {
	struct outcome o;
	char tree[64];
};

FIXTURE_SETUP(state)
{
	fake_reset();
	fake.info.pci_bus = 1;
	fake.info.pci_slot = 0;
	fake.info.pci_function = 0;
	fake.info.phys_width = 34;
	fake.info.phys_height = 25;
	fake.info.log_width = 32;
	fake.info.log_height = 24;
	fake.info.spare_cols = 2;
	fake.info.spare_rows = 1;
	fake.info.defect_count = 6;
	fake.defects = vm_defects;
	fake.nr_defects = 6;
	use_fixture("6.12.95+deb12");
	strcpy(self->tree, "/tmp/wse-state-test.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->tree));
}

FIXTURE_TEARDOWN(state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->tree);
	if (system(cmd))
		TH_LOG("could not remove %s", self->tree);
	fake_cleanup();
}

/* A tree of our own: sysfs under @tree/sys, debugfs under @tree/debug. */
static void use_tree(const char *tree)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/sys", tree);
	setenv("WSE_SYSFS_ROOT", path, 1);
	snprintf(path, sizeof(path), "%s/debug", tree);
	setenv("WSE_DEBUGFS_ROOT", path, 1);
	snprintf(path, sizeof(path), "%s/proc", tree);
	setenv("WSE_PROC_ROOT", path, 1);
	put(tree, "proc/1/comm", "init\n");
}

#define DEV	"sys/bus/pci/devices/" BDF "/"
#define CONTAINS(hay, needle)	EXPECT_NE(NULL, strstr(hay, needle)) TH_LOG("in: %s", hay)
#define LACKS(hay, needle)	EXPECT_EQ(NULL, strstr(hay, needle)) TH_LOG("in: %s", hay)

TEST_F(state, info_with_recorded_state)
{
	wsectl(&self->o, "info", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("%s", self->o.err);
	CONTAINS(self->o.out, "  Resets         2\n  Driver state   ok, 0 hangs, last reset: none\n"
		 "  Temperature    sensor0 ");
	CONTAINS(self->o.out, "  Power          ");
	CONTAINS(self->o.out, "  Activity       clock 850 MHz, fabric ");
	CONTAINS(self->o.out, "  SRAM ECC       0 corrected, 0 uncorrected\n");

	wsectl(&self->o, "info", "--json", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "\"telemetry\": {\n    \"temperatures\": [\n      {\n"
		 "        \"label\": \"sensor0\",\n        \"millic\": ");
	CONTAINS(self->o.out, "\"counters\": {\n      \"temp_millic\": ");
	CONTAINS(self->o.out, "\"sram_uncorrected\": 0,");
	CONTAINS(self->o.out, "\"driver\": {\n    \"state\": \"ok\",\n    \"hangs\": 0,\n"
		 "    \"reset_count\": 0,\n    \"last_reset\": \"none\",");

	wsectl(&self->o, "info", "--csv", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "index,node,pci_address,model,serial,fabric.logical_width,");
	CONTAINS(self->o.out, ",telemetry.power_uw,telemetry.max_temp_millic,temp_millic,");
	CONTAINS(self->o.out, "\n,/dev/null,0000:01:00.0,WSE-3,0123456789abcdef,32,24,34,25,2,1,6,"
		 "49152,ready,1.2.3,1.0,fw-ready queues-active,0,2,,");
}

TEST_F(state, info_without_debugfs_access)
{
	setenv("WSE_DEBUGFS_ROOT", "/nonexistent", 1);
	wsectl(&self->o, "info", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "  Telemetry      unavailable (debugfs: No such file or directory; "
		 "is debugfs mounted?)\n");
	wsectl(&self->o, "info", "--json", NULL);
	CONTAINS(self->o.out, "\"counters\": null,\n    \"counters_error\": {\n"
		 "      \"errno\": 2,");
}

TEST_F(state, topo_with_a_recorded_context)
{
	wsectl(&self->o, "topo", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("%s", self->o.err);
	CONTAINS(self->o.out, "  Logical grid   32 x 24 PEs\n");
	CONTAINS(self->o.out, "  PEs            753 working, 15 reserved, 76 spare, 6 defective, "
		 "0 retired\n");
	CONTAINS(self->o.out, "    A  context ");
	CONTAINS(self->o.out, "of pid " HOLDER_612 ": PEs (0,0)+5x3, SRAM bytes 0..255");
	/* Logical row 0 is physical row 0: the context's 5 PEs, then free ones. */
	CONTAINS(self->o.out, "\n  AAAAA...........................ss\n");
	/* Row 2 has a defect at x=27: the logical row shifts east past it. */
	CONTAINS(self->o.out, "\n  AAAAA......................X.....s\n");

	wsectl(&self->o, "topo", "--json", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "\"pes\": {\n    \"working\": 753,\n    \"spare\": 76,\n"
		 "    \"defective\": 6,\n    \"retired\": 0,\n    \"reserved\": 15\n  },");
	CONTAINS(self->o.out, "\"pid\": " HOLDER_612 ",");

	wsectl(&self->o, "topo", "--csv", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "kind,x,y,width,height,context.id,context.pid,context.sram_offset,"
		 "context.sram_bytes\ndefect,27,2,1,1,,,,\n");
	CONTAINS(self->o.out, "\ncontext,0,0,5,3,");
	CONTAINS(self->o.out, "," HOLDER_612 ",0,256\n");
}

TEST_F(state, topo_png_to_a_file)
{
	char png[128];
	unsigned char head[24];
	int fd;

	snprintf(png, sizeof(png), "%s/map.png", self->tree);
	wsectl(&self->o, "topo", "--png", png, "--scale", "4", "--no-map", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("%s", self->o.err);
	CONTAINS(self->o.out, "  Picture: ");
	LACKS(self->o.out, "Map of the physical grid");
	fd = open(png, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(24, read(fd, head, sizeof(head)));
	close(fd);
	EXPECT_EQ(0, memcmp(head, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16));
	EXPECT_EQ(34 * 4, head[18] << 8 | head[19]);
	EXPECT_EQ(25 * 4, head[22] << 8 | head[23]);

	wsectl(&self->o, "topo", "--png", "/nonexistent/dir/x.png", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "wsectl: topo: /nonexistent/dir/x.png: No such file or directory");
	wsectl(&self->o, "topo", "--scale", "0", NULL);
	EXPECT_EQ(64, self->o.status);
}

TEST_F(state, health_ok_on_the_recorded_device)
{
	wsectl(&self->o, "health", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("%s%s", self->o.out, self->o.err);
	EXPECT_STREQ("device 0000:01:00.0 (/dev/null): OK\n"
		     "  skipped  temperature  the sensors have no max or crit limits\n",
		     self->o.out);
	wsectl(&self->o, "health", "--json", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "\"verdict\": \"ok\",\n  \"exit_status\": 0,\n  \"reasons\": [],");
	wsectl(&self->o, "health", "--csv", NULL);
	EXPECT_STREQ("pci_address,verdict,exit_status,severity,check,message\n"
		     "0000:01:00.0,ok,0,,,\n", self->o.out);
}

TEST_F(state, health_critical_on_crashed_firmware)
{
	fake.info.fw_state = DRM_WSE_FW_STATE_CRASHED;
	fake.info.status = WSE_STATUS_FATAL;
	fake.info.error_code = WSE_ERR_FW_CRASH;
	wsectl(&self->o, "health", NULL);
	EXPECT_EQ(WSECTL_EXIT_HEALTH_CRITICAL, self->o.status);
	CONTAINS(self->o.out, "): CRITICAL\n");
	CONTAINS(self->o.out, "  critical firmware     the firmware has crashed\n");
	CONTAINS(self->o.out, "  critical fatal        the device reports a fatal error: firmware "
		 "crash (error code 1)\n");
	wsectl(&self->o, "health", "--csv", NULL);
	CONTAINS(self->o.out, "\n0000:01:00.0,critical,4,critical,firmware,the firmware has "
		 "crashed\n");
}

TEST_F(state, health_of_a_wedged_device)
{
	use_tree(self->tree);
	put(self->tree, DEV "state", "wedged\n");
	put(self->tree, DEV "last_reset", "heartbeat\n");
	put(self->tree, DEV "hangs", "1\n");
	/* Not read: on a wedged device the driver's file never ends. */
	put(self->tree, "debug/wse/" BDF "/telemetry", "sram_uncorrected: 7\n");
	wsectl(&self->o, "health", "--json", NULL);
	EXPECT_EQ(4, self->o.status);
	CONTAINS(self->o.out, "\"verdict\": \"critical\",\n  \"exit_status\": 4,");
	CONTAINS(self->o.out, "\"check\": \"state\",\n      \"message\": \"the device is wedged: "
		 "it did not come back from a reset (last reset: heartbeat); 'wsectl reset' "
		 "retries\"");
	CONTAINS(self->o.out, "\"severity\": \"warning\",\n      \"check\": \"hangs\",\n"
		 "      \"message\": \"1 hang detected and recovered since the driver was "
		 "loaded (last reset: heartbeat)\"");

	LACKS(self->o.out, "uncorrected SRAM");
	CONTAINS(self->o.out, "\"check\": \"ecc\",\n      \"message\": \"ECC counters unreadable "
		 "(debugfs telemetry: Input/output error)\"");
	/* What could not be checked is listed, not counted. */
	CONTAINS(self->o.out, "\"check\": \"temperature\",\n      \"message\": \"no hwmon "
		 "temperature sensors\"");

	/* Its registers read all-ones: one reason, not a screenful of bits. */
	memset(&fake.info.hw_spec_version, 0xff,
	       sizeof(fake.info) - offsetof(struct drm_wse_device_info, hw_spec_version));
	fake.info.pci_domain = 0;
	fake.info.pci_bus = 1;
	fake.info.pci_slot = 0;
	fake.info.pci_function = 0;
	wsectl(&self->o, "health", NULL);
	EXPECT_EQ(4, self->o.status);
	CONTAINS(self->o.out, "  critical fatal        the device does not respond: its registers "
		 "read all-ones\n");
	LACKS(self->o.out, "firmware");
}

TEST_F(state, health_warnings_only)
{
	use_tree(self->tree);
	put(self->tree, DEV "state", "ok\n");
	put(self->tree, DEV "hangs", "3\n");
	put(self->tree, DEV "hwmon/hwmon7/temp1_input", "71000\n");
	put(self->tree, DEV "hwmon/hwmon7/temp1_max", "70000\n");
	put(self->tree, DEV "hwmon/hwmon7/temp1_crit", "90000\n");
	put(self->tree, "debug/wse/" BDF "/telemetry", "sram_corrected: 5\nsram_uncorrected: 0\n");
	fake.info.fw_state = DRM_WSE_FW_STATE_WAIT;
	wsectl(&self->o, "health", NULL);
	EXPECT_EQ(3, self->o.status) TH_LOG("%s", self->o.out);
	CONTAINS(self->o.out, "): WARNING\n");
	CONTAINS(self->o.out, "  warning  firmware     no firmware loaded");
	CONTAINS(self->o.out, "  warning  temperature  temp1 at 71.0 degC, at or above its maximum "
		 "70.0 degC\n");
	CONTAINS(self->o.out, "  warning  hangs        3 hangs detected");
	LACKS(self->o.out, "ecc");
}

TEST_F(state, health_critical_heat_and_ecc)
{
	use_tree(self->tree);
	put(self->tree, DEV "state", "ok\n");
	put(self->tree, DEV "hwmon/hwmon0/temp2_input", "95500\n");
	put(self->tree, DEV "hwmon/hwmon0/temp2_label", "sensor1\n");
	put(self->tree, DEV "hwmon/hwmon0/temp2_crit", "95000\n");
	put(self->tree, "debug/wse/" BDF "/telemetry", "sram_uncorrected: 2\n");
	wsectl(&self->o, "health", NULL);
	EXPECT_EQ(4, self->o.status);
	CONTAINS(self->o.out, "  critical temperature  sensor1 at 95.5 degC, at or above its "
		 "critical limit 95.0 degC\n");
	CONTAINS(self->o.out, "  critical ecc          2 uncorrected SRAM ECC errors");
}

TEST_F(state, health_spares_exhausted)
{
	/* A second defect in row 2 and a row with 3: all spare capacity used. */
	static const struct drm_wse_defect d[] = {
		{ 27, 2 }, { 28, 2 }, { 1, 9 }, { 2, 9 }, { 3, 9 },
	};

	fake.defects = d;
	fake.nr_defects = 5;
	fake.info.defect_count = 5;
	wsectl(&self->o, "health", NULL);
	EXPECT_EQ(3, self->o.status);
	CONTAINS(self->o.out, "  warning  spares       no spare capacity left: all 1 spare rows");
	fake.info.defect_count = 6;
	wsectl(&self->o, "health", NULL);
	CONTAINS(self->o.out, "the device counts 6 defects but lists 5");
}

TEST_F(state, telemetry_from_the_recording)
{
	wsectl(&self->o, "telemetry", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("%s", self->o.err);
	CONTAINS(self->o.out, "Telemetry of device 0000:01:00.0 (/dev/null)\n");
	CONTAINS(self->o.out, "  Commands       ");

	wsectl(&self->o, "telemetry", "--json", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "\"rates\": null");

	/* Watching: one document per line; the counters did not move: 0/s. */
	wsectl(&self->o, "telemetry", "--json", "--count", "2", "--interval", "0.05", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "\"rates\":null}\n{\"device\":");
	CONTAINS(self->o.out, "\"rates\":{\"dma_h2f_bytes_per_s\":0,\"dma_f2h_bytes_per_s\":0,"
		 "\"cmds_per_s\":0,\"launches_per_s\":0,\"busy_percent\":0}}\n");

	wsectl(&self->o, "telemetry", "--csv", "--count", "2", "--interval", "0.05", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "timestamp_ms,pci_address,driver.state,driver.hangs,"
		 "driver.reset_count,driver.last_reset,telemetry.power_uw,"
		 "telemetry.max_temp_millic,temp_millic,power_mw,clock_cur_mhz,"
		 "fabric_util_permille,dma_h2f_bytes,dma_f2h_bytes,cmds_completed,cmds_failed,"
		 "launches,busy_ns,sram_corrected,sram_uncorrected\n");
	{
		const char *p = self->o.out;
		int lines = 0;

		for (; *p; p++)
			lines += *p == '\n';
		EXPECT_EQ(3, lines);
	}
	wsectl(&self->o, "telemetry", "--interval", "0.01", NULL);
	EXPECT_EQ(64, self->o.status);
	wsectl(&self->o, "telemetry", "--count", "0", NULL);
	EXPECT_EQ(64, self->o.status);
}

/* On a terminal, watching is top: cleared screen, the device's processes. */
TEST_F(state, telemetry_watch_on_a_terminal)
{
	char *argv[] = { "wsectl", "-d", "/dev/null", "telemetry", "--count", "2",
			 "--interval", "0.05", NULL };
	char buf[16384];
	int master, slave, saved, status;
	ssize_t n, got = 0;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	ASSERT_LE(0, master);
	ASSERT_EQ(0, grantpt(master));
	ASSERT_EQ(0, unlockpt(master));
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	ASSERT_LE(0, slave);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(slave, STDOUT_FILENO);
	status = wsectl_main(8, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(slave);
	/* The slave is closed: read what is buffered until EIO/EOF. */
	while (got < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(master, buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	close(master);
	buf[got] = '\0';
	EXPECT_EQ(0, status);
	CONTAINS(buf, "\033[H\033[JTelemetry of device 0000:01:00.0 (/dev/null)");
	CONTAINS(buf, "PID  COMMAND          CLIENT  FABRIC%      MEMORY");
	CONTAINS(buf, "    " HOLDER_612 "  wsectl                3      0.0      64 KiB");
	CONTAINS(buf, "(every 0.05 s; Ctrl-C to stop)");
}

static void ps_checks(struct __test_metadata *_metadata, struct outcome *o, const char *pid,
		      const char *fabric_ns, const char *memory_json)
{
	char want[256];

	wsectl(o, "ps", "--json", NULL);
	EXPECT_EQ(0, o->status) TH_LOG("%s", o->err);
	snprintf(want, sizeof(want), "\"pid\": %s,\n      \"comm\": \"wsectl\",\n"
		 "      \"pci_address\": \"0000:01:00.0\",", pid);
	CONTAINS(o->out, want);
	snprintf(want, sizeof(want), "\"engine_fabric_ns\": %s,\n      \"memory\": {\n%s",
		 fabric_ns, memory_json);
	CONTAINS(o->out, want);

	wsectl(o, "ps", "--csv", NULL);
	EXPECT_EQ(0, o->status);
	CONTAINS(o->out, "pid,comm,pci_address,client_id,fd,fds,engine_fabric_ns,memory.total,"
		 "memory.shared,memory.resident,memory.active,memory.purgeable\n");
	snprintf(want, sizeof(want), "\n%s,wsectl,0000:01:00.0,", pid);
	CONTAINS(o->out, want);

	wsectl(o, "ps", NULL);
	EXPECT_EQ(0, o->status);
	CONTAINS(o->out, "    PID  COMMAND          DEVICE        CLIENT    FD     FABRIC TIME"
		 "      MEMORY\n");
}

TEST_F(state, ps_on_6_12)
{
	ps_checks(_metadata, &self->o, HOLDER_612, "9945",
		  "        \"total\": 65536,\n        \"shared\": 0,\n");
}

TEST_F(state, ps_on_6_1)
{
	use_fixture("6.1.0");
	ps_checks(_metadata, &self->o, HOLDER_61, "9755",
		  "        \"total\": 65536\n");
}

TEST_F(state, ps_filters_by_device)
{
	/* -d /dev/null is the fake device, 0000:01:00.0: the holder is listed. */
	wsectl(&self->o, "ps", "--csv", NULL);
	CONTAINS(self->o.out, "\n" HOLDER_612 ",");
	fake.info.pci_bus = 2;	/* now it is 0000:02:00.0: nobody uses it */
	wsectl(&self->o, "ps", "--csv", NULL);
	EXPECT_EQ(0, self->o.status);
	LACKS(self->o.out, "\n" HOLDER_612 ",");

	setenv("WSE_PROC_ROOT", "/nonexistent", 1);
	wsectl(&self->o, "ps", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "wsectl: ps: reading /nonexistent: No such file or directory");
}

TEST_F(state, reset_through_sysfs)
{
	char path[256], buf[16] = "";
	int fd;

	use_tree(self->tree);
	put(self->tree, DEV "reset_count", "3\n");
	put(self->tree, DEV "state", "ok\n");
	/* A driver without the attribute: say so. */
	put(self->tree, DEV "driver/.keep", "");
	wsectl(&self->o, "reset", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "wsectl: reset: device 0000:01:00.0 (/dev/null): this driver cannot "
		 "reset the device (no sysfs 'recover' attribute");

	put(self->tree, DEV "recover", "");
	wsectl(&self->o, "reset", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("%s", self->o.err);
	CONTAINS(self->o.out, "Reset device 0000:01:00.0 (/dev/null): reset count 3 -> 3, "
		 "state ok\n");
	snprintf(path, sizeof(path), "%s/" DEV "recover", self->tree);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(2, read(fd, buf, sizeof(buf)));
	close(fd);
	EXPECT_STREQ("1\n", buf);

	/* Still wedged afterwards: a failure. */
	put(self->tree, DEV "state", "wedged\n");
	wsectl(&self->o, "reset", "--json", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.out, "\"state\": \"wedged\"");
	CONTAINS(self->o.err, "is wedged after the reset");
	wsectl(&self->o, "reset", "--csv", NULL);
	EXPECT_EQ(64, self->o.status);
}

/* `fw log`: the driver's debugfs file as it is, or why it cannot be read. */
TEST_F(state, fw_log_from_the_recording)
{
	wsectl(&self->o, "fw", "log", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("%s", self->o.err);
	CONTAINS(self->o.out, "[    3.851150] firmware accepted: \"wse3\" version 1.0.0, "
		 "ABI 1.0, 11 kernels\n");
	EXPECT_EQ(0, strncmp(self->o.out, "[    0.000000] function level or bus reset\n", 43));

	wsectl(&self->o, "fw", "log", "--json", NULL);
	EXPECT_EQ(64, self->o.status);
	CONTAINS(self->o.err, "fw log: --json does not apply to this command");
	wsectl(&self->o, "fw", "log", "extra", NULL);
	EXPECT_EQ(64, self->o.status);
	CONTAINS(self->o.err, "fw log: unexpected argument 'extra'");

	setenv("WSE_DEBUGFS_ROOT", "/nonexistent", 1);
	wsectl(&self->o, "fw", "log", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "fw log: /nonexistent/wse/" BDF "/fw_log: No such file or "
		 "directory (is debugfs mounted, as root?)");
	EXPECT_STREQ("", self->o.out);
}

TEST_F(state, usage_errors)
{
	wsectl(&self->o, "info", "--json", "--csv", NULL);
	EXPECT_EQ(64, self->o.status);
	CONTAINS(self->o.err, "--json and --csv exclude each other");
	wsectl(&self->o, "memcpy", "--csv", NULL);
	EXPECT_EQ(64, self->o.status);
	wsectl(&self->o, "fw", "load", "x", "--csv", NULL);
	EXPECT_EQ(64, self->o.status);
	wsectl(&self->o, "health", "extra", NULL);
	EXPECT_EQ(64, self->o.status);
	wsectl(&self->o, "topo", "--png", "-", "--csv", NULL);
	EXPECT_EQ(64, self->o.status);
}

TEST_HARNESS_MAIN
