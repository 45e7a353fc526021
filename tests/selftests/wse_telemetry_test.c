// SPDX-License-Identifier: GPL-2.0-only
/*
 * Observability of a wse device: the hwmon chip, the geometry attributes,
 * the telemetry counters (through debugfs), DRM fdinfo per file, the debugfs
 * views, and the node permissions the project's udev rule sets.
 *
 * The tests that need root (debugfs, switching credentials) skip without
 * it; the udev test skips where no "wse" group exists (no rule installed).
 */
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wse_test_util.h"

/* sysfs directories are short; a small buffer keeps snprintf() warnings away. */
#define DIR_MAX		512

/* Long enough for a slow emulated device, bounded so a bug fails. */
#define DEADLINE_NS	(60ll * 1000 * 1000 * 1000)

/* The PCI device directory and its address of the first wse device. */
static int wse_pci_dir(char *dir, size_t len, const char **bdf)
{
	char node[PATH_MAX], sysdev[PATH_MAX], real[PATH_MAX];

	if (wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)))
		return -1;
	if (!realpath(sysdev, real) || strlen(real) >= len)
		return -1;
	strcpy(dir, real);
	*bdf = strrchr(dir, '/') + 1;
	return 0;
}

/* The hwmon directory whose device is the wse PCI device, or -1. */
static int wse_hwmon_dir(char *out, size_t len)
{
	char pci[PATH_MAX], path[PATH_MAX], real[PATH_MAX], name[64];
	const char *bdf;
	struct dirent *de;
	DIR *d;

	if (wse_pci_dir(pci, sizeof(pci), &bdf))
		return -1;
	d = opendir("/sys/class/hwmon");
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/hwmon/%s/name", de->d_name);
		if (wse_read_line(path, name, sizeof(name)) || strcmp(name, "wse"))
			continue;
		snprintf(path, sizeof(path), "/sys/class/hwmon/%s/device", de->d_name);
		if (!realpath(path, real) || strcmp(real, pci))
			continue;
		snprintf(out, len, "/sys/class/hwmon/%s", de->d_name);
		closedir(d);
		return 0;
	}
	closedir(d);
	return -1;
}

static long hwmon_read(const char *dir, const char *attr)
{
	unsigned long v;

	return wse_read_sysfs_ulong(dir, attr, &v) ? LONG_MIN : (long)v;
}

/* A "key: value" line of a debugfs or fdinfo file, -1 if it is missing. */
static long long read_key(const char *path, const char *key)
{
	char line[256];
	long long v = -1;
	size_t klen = strlen(key);
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			char unit[16] = "";

			if (sscanf(line + klen + 1, "%lld %15s", &v, unit) < 1)
				v = -1;
			/* fdinfo memory sizes come with a binary unit. */
			else if (!strcmp(unit, "KiB"))
				v <<= 10;
			else if (!strcmp(unit, "MiB"))
				v <<= 20;
			else if (!strcmp(unit, "GiB"))
				v <<= 30;
			break;
		}
	}
	fclose(f);
	return v;
}

static long long fdinfo_key(pid_t pid, int fd, const char *key)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pid, fd);
	return read_key(path, key);
}

static int debugfs_path(char *out, size_t len, const char *file)
{
	char pci[PATH_MAX];
	const char *bdf;

	if (wse_pci_dir(pci, sizeof(pci), &bdf))
		return -1;
	snprintf(out, len, "/sys/kernel/debug/wse/%s/%s", bdf, file);
	return access(out, R_OK);
}

static long long telemetry(const char *key)
{
	char path[PATH_MAX];

	if (debugfs_path(path, sizeof(path), "telemetry"))
		return -1;
	return read_key(path, key);
}

TEST(hwmon_sensors_plausible)
{
	char dir[DIR_MAX], attr[64], label[64], path[DIR_MAX + 64];
	int i, temps = 0;
	long power, max, crit;

	ASSERT_EQ(0, wse_hwmon_dir(dir, sizeof(dir)))
		TH_LOG("no hwmon device named wse for the wse PCI device");
	for (i = 1; i <= 64; i++) {
		long t;

		snprintf(attr, sizeof(attr), "temp%d_input", i);
		t = hwmon_read(dir, attr);
		if (t == LONG_MIN)
			break;
		/* Between freezing and the silicon's limit, in m degC. */
		EXPECT_LT(0, t);
		EXPECT_GT(125000, t);
		snprintf(path, sizeof(path), "%s/temp%d_label", dir, i);
		ASSERT_EQ(0, wse_read_line(path, label, sizeof(label)));
		snprintf(attr, sizeof(attr), "sensor%d", i - 1);
		EXPECT_STREQ(attr, label);
		/* Limits: a throttle point below the trip point, above idle. */
		snprintf(attr, sizeof(attr), "temp%d_max", i);
		max = hwmon_read(dir, attr);
		snprintf(attr, sizeof(attr), "temp%d_crit", i);
		crit = hwmon_read(dir, attr);
		EXPECT_LT(t, max);
		EXPECT_LT(max, crit);
		EXPECT_GT(125000, crit);
		temps++;
	}
	EXPECT_LE(1, temps);
	power = hwmon_read(dir, "power1_input");
	/* Some watts to some tens of kilowatts, in uW. */
	EXPECT_LT(1000000L, power);
	EXPECT_GT(50000000000L, power);
}

TEST(geometry_attributes)
{
	struct drm_wse_device_info info;
	char pci[DIR_MAX], path[DIR_MAX + 32], buf[64];
	unsigned int w, h, c, r;
	unsigned long v;
	const char *bdf;
	int fd;

	ASSERT_EQ(0, wse_pci_dir(pci, sizeof(pci), &bdf));
	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_device_info(fd, &info));
	close(fd);

	snprintf(path, sizeof(path), "%s/phys_grid", pci);
	ASSERT_EQ(0, wse_read_line(path, buf, sizeof(buf)));
	ASSERT_EQ(2, sscanf(buf, "%ux%u", &w, &h));
	EXPECT_EQ(info.phys_width, w);
	EXPECT_EQ(info.phys_height, h);
	snprintf(path, sizeof(path), "%s/log_grid", pci);
	ASSERT_EQ(0, wse_read_line(path, buf, sizeof(buf)));
	ASSERT_EQ(2, sscanf(buf, "%ux%u", &w, &h));
	EXPECT_EQ(info.log_width, w);
	EXPECT_EQ(info.log_height, h);
	snprintf(path, sizeof(path), "%s/spares", pci);
	ASSERT_EQ(0, wse_read_line(path, buf, sizeof(buf)));
	ASSERT_EQ(2, sscanf(buf, "%u %u", &c, &r));
	EXPECT_EQ(info.spare_cols, c);
	EXPECT_EQ(info.spare_rows, r);
	ASSERT_EQ(0, wse_read_sysfs_ulong(pci, "defect_count", &v));
	EXPECT_EQ(info.defect_count, v);
	ASSERT_EQ(0, wse_read_sysfs_ulong(pci, "pe_sram_bytes", &v));
	EXPECT_EQ(info.pe_sram_bytes, v);
}

FIXTURE(dev) {
	int fd;
	struct drm_wse_device_info info;
	struct drm_wse_ctx_create ctx;
	struct wse_bo bo;
};

FIXTURE_SETUP(dev)
{
	self->fd = wse_open();
	ASSERT_LE(0, self->fd) TH_LOG("open the wse node: %s", strerror(-self->fd));
	ASSERT_EQ(0, wse_device_info(self->fd, &self->info));
	ASSERT_EQ(0, wse_ctx_create(self->fd, 4, 4, 4096, &self->ctx));
	ASSERT_EQ(0, wse_bo_create(self->fd, 1 << 20, &self->bo));
}

FIXTURE_TEARDOWN(dev)
{
	wse_bo_free(self->fd, &self->bo, 1);
	wse_ctx_destroy(self->fd, self->ctx.ctx_id);
	close(self->fd);
}

/* One H2F of 4x4 PEs x 1000 fp32, then the same back: exactly 64000 bytes each. */
TEST_F(dev, dma_counters_count_exact_bytes)
{
	struct drm_wse_cmd h2f = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, 4, 4, 1000, 0);
	struct drm_wse_cmd f2h = wse_cmd_copy(DRM_WSE_CMD_COPY_F2H, 0, 0, 0, 0, 0, 4, 4, 1000, 0);
	long long h2f0, f2h0, done0;

	if (telemetry("dma_h2f_bytes") < 0)
		SKIP(return, "debugfs telemetry not readable (not root?)");
	h2f0 = telemetry("dma_h2f_bytes");
	f2h0 = telemetry("dma_f2h_bytes");
	done0 = telemetry("cmds_completed");
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, &h2f, 1, &self->bo.handle, 1));
	EXPECT_EQ(h2f0 + 64000, telemetry("dma_h2f_bytes"));
	EXPECT_EQ(f2h0, telemetry("dma_f2h_bytes"));
	ASSERT_EQ(0, wse_run(self->fd, self->ctx.ctx_id, &f2h, 1, &self->bo.handle, 1));
	EXPECT_EQ(h2f0 + 64000, telemetry("dma_h2f_bytes"));
	EXPECT_EQ(f2h0 + 64000, telemetry("dma_f2h_bytes"));
	EXPECT_EQ(done0 + 2, telemetry("cmds_completed"));
}

/* The driver counts a job's time before its fence signals: no polling. */
static long long engine_ns(pid_t pid, int fd)
{
	return fdinfo_key(pid, fd, "drm-engine-fabric");
}

TEST_F(dev, fdinfo_engine_and_memory)
{
	struct drm_wse_cmd h2f = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, 4, 4, 1000, 0);
	struct drm_wse_wait w;
	long long before, mem;
	__u64 seqno;
	char drv[64];
	char path[64];
	FILE *f;
	int ok = 0;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", self->fd);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	while (fgets(drv, sizeof(drv), f))
		ok |= !strcmp(drv, "drm-driver:\twse\n");
	fclose(f);
	EXPECT_TRUE(ok) TH_LOG("no drm-driver: wse line in %s", path);

	mem = fdinfo_key(getpid(), self->fd, "drm-total-memory");
	EXPECT_LE(1 << 20, mem);
	before = fdinfo_key(getpid(), self->fd, "drm-engine-fabric");
	ASSERT_LE(0, before);

	ASSERT_EQ(0, wse_submit(self->fd, self->ctx.ctx_id, &h2f, 1, &self->bo.handle, 1,
				NULL, &seqno));
	ASSERT_EQ(0, wse_wait(self->fd, self->ctx.ctx_id, seqno, WSE_WAIT_NS, &w));
	ASSERT_EQ(0, w.status);
	ASSERT_LT(0, w.device_time_ns);
	EXPECT_EQ(before + (long long)w.device_time_ns, engine_ns(getpid(), self->fd));

	{
		struct wse_bo more;

		ASSERT_EQ(0, wse_bo_create(self->fd, 2 << 20, &more));
		EXPECT_EQ(mem + (2 << 20), fdinfo_key(getpid(), self->fd, "drm-total-memory"));
		wse_bo_free(self->fd, &more, 1);
		EXPECT_EQ(mem, fdinfo_key(getpid(), self->fd, "drm-total-memory"));
	}
}

/* A child's job shows in the child's fdinfo, never in ours. */
TEST_F(dev, fdinfo_is_per_file)
{
	struct drm_wse_cmd h2f = wse_cmd_copy(DRM_WSE_CMD_COPY_H2F, 0, 0, 0, 0, 0, 4, 4, 1000, 0);
	int to_parent[2], to_child[2];
	long long ours, theirs_id;
	struct { int fd; long long before; __u64 ns; } msg;
	pid_t pid;
	char c;

	ours = fdinfo_key(getpid(), self->fd, "drm-engine-fabric");
	ASSERT_LE(0, ours);
	ASSERT_EQ(0, pipe(to_parent));
	ASSERT_EQ(0, pipe(to_child));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct drm_wse_ctx_create ctx;
		struct drm_wse_wait w;
		struct wse_bo bo;
		__u64 seqno;
		int fd = wse_open();

		memset(&msg, 0, sizeof(msg));
		msg.fd = fd;
		if (fd >= 0 && !wse_ctx_create(fd, 4, 4, 4096, &ctx) &&
		    !wse_bo_create(fd, 1 << 20, &bo) &&
		    (msg.before = engine_ns(getpid(), fd)) >= 0 &&
		    !wse_submit(fd, ctx.ctx_id, &h2f, 1, &bo.handle, 1, NULL, &seqno) &&
		    !wse_wait(fd, ctx.ctx_id, seqno, WSE_WAIT_NS, &w) && !w.status)
			msg.ns = w.device_time_ns;
		if (write(to_parent[1], &msg, sizeof(msg)) != sizeof(msg))
			_exit(1);
		/* Stay alive, fd open, until the parent has looked. */
		_exit(read(to_child[0], &c, 1) == 1 ? 0 : 1);
	}
	ASSERT_EQ(sizeof(msg), read(to_parent[0], &msg, sizeof(msg)));
	ASSERT_LT(0, msg.ns) TH_LOG("the child's job did not run");
	/* Its context's scrub counts as its work too, hence "before". */
	EXPECT_EQ(msg.before + (long long)msg.ns, engine_ns(pid, msg.fd));
	EXPECT_EQ(ours, engine_ns(getpid(), self->fd));
	theirs_id = fdinfo_key(pid, msg.fd, "drm-client-id");
	EXPECT_LE(0, theirs_id);
	EXPECT_NE(theirs_id, fdinfo_key(getpid(), self->fd, "drm-client-id"));
	ASSERT_EQ(1, write(to_child[1], "x", 1));
	{
		int status;

		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
}

TEST_F(dev, debugfs_views)
{
	static const char * const files[] = { "queues", "contexts", "fw_info", "telemetry" };
	char path[PATH_MAX], line[256], pid[32];
	unsigned int i;
	int found = 0;
	FILE *f;

	if (debugfs_path(path, sizeof(path), "queues"))
		SKIP(return, "debugfs not readable (not root?)");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		ASSERT_EQ(0, debugfs_path(path, sizeof(path), files[i]));
		f = fopen(path, "r");
		ASSERT_NE(NULL, f);
		EXPECT_NE(NULL, fgets(line, sizeof(line), f)) TH_LOG("%s is empty", path);
		fclose(f);
	}
	EXPECT_LT(0, telemetry("temp_sensors"));
	EXPECT_LT(0, telemetry("clock_cur_mhz"));

	/* Our context is listed with our pid. */
	snprintf(pid, sizeof(pid), " %d ", (int)getpid());
	ASSERT_EQ(0, debugfs_path(path, sizeof(path), "contexts"));
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		found |= strstr(line, pid) != NULL;
	fclose(f);
	EXPECT_TRUE(found);
}

/*
 * Keep the device busy with large fills, several jobs in flight, until the
 * hottest sensor has risen by a degree. Power reflects load at once.
 */
TEST(temperature_and_power_follow_load)
{
	char dir[DIR_MAX];
	struct drm_wse_device_info info;
	struct drm_wse_ctx_create ctx;
	struct drm_wse_cmd fill;
	long t0, p0, t = 0, pmax = 0;
	__u64 seq[8] = { 0 };
	__s64 end;
	unsigned int i = 0;
	int fd;

	ASSERT_EQ(0, wse_hwmon_dir(dir, sizeof(dir)));
	fd = wse_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wse_device_info(fd, &info));
	ASSERT_EQ(0, wse_ctx_create(fd, info.log_width, info.log_height,
				    info.pe_sram_bytes, &ctx));
	fill = wse_cmd_fill(0, 0, ctx.width, ctx.height, 0, ctx.sram_bytes, 0x5a5a5a5a);

	t0 = hwmon_read(dir, "temp1_input");
	p0 = hwmon_read(dir, "power1_input");
	ASSERT_NE(LONG_MIN, t0);
	ASSERT_NE(LONG_MIN, p0);
	end = wse_now_ns() + DEADLINE_NS;
	while (wse_now_ns() < end) {
		unsigned int s = i++ % 8;
		long p;

		if (seq[s])
			ASSERT_EQ(0, wse_wait(fd, ctx.ctx_id, seq[s], WSE_WAIT_NS, NULL));
		ASSERT_EQ(0, wse_submit(fd, ctx.ctx_id, &fill, 1, NULL, 0, NULL, &seq[s]));
		t = hwmon_read(dir, "temp1_input");
		p = hwmon_read(dir, "power1_input");
		if (p > pmax)
			pmax = p;
		if (t >= t0 + 1000 && pmax > p0)
			break;
	}
	TH_LOG("sensor0 %ld -> %ld m degC, power %ld -> %ld uW after %u jobs",
	       t0, t, p0, pmax, i);
	EXPECT_LE(t0 + 1000, t);
	EXPECT_LT(p0, pmax);
	for (i = 0; i < 8; i++)
		if (seq[i])
			wse_wait(fd, ctx.ctx_id, seq[i], WSE_WAIT_NS, NULL);
	wse_ctx_destroy(fd, ctx.ctx_id);
	close(fd);
}

/*
 * The udev rule gives the node group wse, mode 0660: a member opens it and
 * queries the device, anybody else gets EACCES.
 */
static int try_as(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups)
{
	struct drm_wse_device_info info;
	pid_t pid = fork();
	int status, fd;

	if (pid < 0)
		return -errno;
	if (!pid) {
		if (setgroups(ngroups, groups) || setresgid(gid, gid, gid) ||
		    setresuid(uid, uid, uid))
			_exit(100);
		fd = wse_open();
		if (fd < 0)
			_exit(-fd);
		_exit(wse_device_info(fd, &info) ? 101 : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	return -WEXITSTATUS(status);
}

TEST(udev_group_permissions)
{
	char node[PATH_MAX], sysdev[PATH_MAX];
	struct group *grp;
	struct stat st;
	gid_t wse_gid;

	if (geteuid())
		SKIP(return, "needs root to switch credentials");
	grp = getgrnam("wse");
	if (!grp)
		SKIP(return, "no group wse: the udev rule is not installed here");
	wse_gid = grp->gr_gid;
	ASSERT_EQ(0, wse_find_node(node, sizeof(node), sysdev, sizeof(sysdev)));
	ASSERT_EQ(0, stat(node, &st));
	EXPECT_EQ(wse_gid, st.st_gid) TH_LOG("%s: group %u", node, st.st_gid);
	EXPECT_EQ(0660, st.st_mode & 07777) TH_LOG("%s: mode %o", node, st.st_mode & 07777);

	/* Supplementary member of wse, primary group its own. */
	EXPECT_EQ(0, try_as(1000, 1000 + 100, &wse_gid, 1));
	EXPECT_EQ(-EACCES, try_as(1001, 1001, NULL, 0));
}

TEST_HARNESS_MAIN
