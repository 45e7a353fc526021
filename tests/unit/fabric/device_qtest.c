// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end tests of the QEMU wse device through QEMU's qtest protocol:
 * this program plays the driver, poking PCI config space, BAR0 and guest
 * RAM of a q35 machine running with -accel qtest, and checks what the
 * device does with command queues, DMA, errors, interrupts and reset.
 *
 * Needs the QEMU binary in $WSE_QEMU (make run-device finds it); without
 * it the whole program reports a TAP skip.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_sha256.h"

/* Where the test places things in the guest's physical address space. */
#define BAR2_ADDR	0xc0000000ull	/* 16 MiB aperture */
#define BAR0_ADDR	0xc1000000ull	/* 64 KiB registers */
#define MSI_AREA	0x00100000ull	/* one dword per vector */
#define SQ_AREA		0x00200000ull	/* 64 KiB per queue */
#define CQ_AREA		0x00400000ull
#define SGL_AREA	0x00600000ull
#define DATA_AREA	0x01000000ull	/* 16 MiB of buffers */
#define DATA2_AREA	0x02000000ull
#define NO_RAM		0x0000100000000000ull	/* nothing there */

#define PCI_DEVFN	(4 << 3)	/* -device wse,addr=04.0 */
#define MSIX_MAGIC	0x4d530000u	/* MSI data: magic | vector */

static const char *qemu_path;

struct qt {
	pid_t pid;
	FILE *to;
	FILE *from;
	char *line;
	size_t cap;
	/* QMP, for the fault-injection properties (connected on first use). */
	char dir[32];
	char sock[64];
	FILE *qmp;
	char *qline;
	size_t qcap;
};

static void qt_stop(struct qt *q)
{
	if (q->to)
		fclose(q->to);
	if (q->from)
		fclose(q->from);
	if (q->qmp)
		fclose(q->qmp);
	if (q->pid > 0) {
		kill(q->pid, SIGTERM);
		waitpid(q->pid, NULL, 0);
	}
	if (q->sock[0])
		unlink(q->sock);
	if (q->dir[0])
		rmdir(q->dir);
	free(q->line);
	free(q->qline);
	memset(q, 0, sizeof(*q));
}

static int qt_start(struct qt *q, const char *qemu, const char *devopts)
{
	int in[2], out[2];
	char dev[512], qmp[96];

	memset(q, 0, sizeof(*q));
	/* A dead QEMU must fail the test, not kill it. */
	signal(SIGPIPE, SIG_IGN);
	snprintf(dev, sizeof(dev), "wse,id=wse0,addr=04.0%s%s",
		 *devopts ? "," : "", devopts);
	strcpy(q->dir, "/tmp/wse-qtest-XXXXXX");
	if (!mkdtemp(q->dir)) {
		q->dir[0] = 0;
		return -errno;
	}
	snprintf(q->sock, sizeof(q->sock), "%s/qmp", q->dir);
	snprintf(qmp, sizeof(qmp), "unix:%s,server=on,wait=off", q->sock);
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
		return -errno;
	q->pid = fork();
	if (q->pid < 0)
		return -errno;
	if (!q->pid) {
		/* Never outlive a test that died before its teardown. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl(qemu, qemu, "-M", "q35", "-accel", "qtest",
		      "-qtest", "stdio", "-qtest-log", "none",
		      "-display", "none", "-nodefaults", "-m", "256",
		      "-L", "/usr/share/seabios", "-L", "/usr/share/qemu",
		      "-qmp", qmp, "-device", dev, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	q->to = fdopen(in[1], "w");
	q->from = fdopen(out[0], "r");
	return q->to && q->from ? 0 : -ENOMEM;
}

/* Send one command and return its "OK ..." answer (NULL on failure). */
static const char *qt_cmd(struct qt *q, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(q->to, fmt, ap);
	va_end(ap);
	fputc('\n', q->to);
	fflush(q->to);
	while (getline(&q->line, &q->cap, q->from) > 0) {
		if (!strncmp(q->line, "OK", 2))
			return q->line;
		if (!strncmp(q->line, "ERR", 3) || !strncmp(q->line, "FAIL", 4))
			return NULL;
		/* Asynchronous lines (IRQ ...) are of no interest here. */
	}
	return NULL;
}

static uint64_t qt_val(struct qt *q, const char *fmt, ...)
{
	const char *r;
	char cmd[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	r = qt_cmd(q, "%s", cmd);
	return r ? strtoull(r + 3, NULL, 0) : ~0ull;
}

/*
 * One QMP command (JSON text) and its answer line: the "return" or
 * "error" one, events skipped. NULL if QMP is unreachable.
 */
static const char *qmp_cmd(struct qt *q, const char *fmt, ...)
{
	va_list ap;

	if (!q->qmp) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		/* The qtest handshake already ran, so QEMU is listening. */
		strcpy(sa.sun_path, q->sock);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			if (fd >= 0)
				close(fd);
			return NULL;
		}
		q->qmp = fdopen(fd, "r+");
		if (!q->qmp || getline(&q->qline, &q->qcap, q->qmp) <= 0)
			return NULL;
		fputs("{\"execute\": \"qmp_capabilities\"}\n", q->qmp);
		fflush(q->qmp);
		if (getline(&q->qline, &q->qcap, q->qmp) <= 0 ||
		    !strstr(q->qline, "\"return\""))
			return NULL;
	}
	va_start(ap, fmt);
	vfprintf(q->qmp, fmt, ap);
	va_end(ap);
	fputc('\n', q->qmp);
	fflush(q->qmp);
	while (getline(&q->qline, &q->qcap, q->qmp) > 0) {
		if (strstr(q->qline, "\"return\"") ||
		    strstr(q->qline, "\"error\""))
			return q->qline;
	}
	return NULL;
}

/* The start of qom-set/qom-get arguments naming @prop of the device. */
static void qom_args(char *buf, size_t len, const char *prop)
{
	snprintf(buf, len, "{\"path\": \"/machine/peripheral/wse0\", \"property\": \"%s\"",
		 prop);
}

/* qom-set an inject-* property to a JSON value: 0, or -1 if refused. */
static int inject(struct qt *q, const char *prop, const char *json)
{
	const char *r;
	char args[160];

	qom_args(args, sizeof(args), prop);
	r = qmp_cmd(q, "{\"execute\": \"qom-set\", \"arguments\": %s, \"value\": %s}}",
		    args, json);
	return r && strstr(r, "\"return\"") ? 0 : -1;
}

/* qom-get an inject-* property as a number (true: 1), or -999 if none. */
static long long inject_get(struct qt *q, const char *prop)
{
	const char *r, *v;
	char args[160];

	qom_args(args, sizeof(args), prop);
	r = qmp_cmd(q, "{\"execute\": \"qom-get\", \"arguments\": %s}}", args);
	v = r ? strstr(r, "\"return\": ") : NULL;
	if (!v)
		return -999;
	v += strlen("\"return\": ");
	if (!strncmp(v, "true", 4))
		return 1;
	if (!strncmp(v, "false", 5))
		return 0;
	return strtoll(v, NULL, 10);
}

static uint32_t rd(struct qt *q, uint64_t off)
{
	return qt_val(q, "readl 0x%llx", (unsigned long long)(BAR0_ADDR + off));
}

static void wr(struct qt *q, uint64_t off, uint32_t v)
{
	qt_cmd(q, "writel 0x%llx 0x%x", (unsigned long long)(BAR0_ADDR + off),
	       v);
}

static void mem_write(struct qt *q, uint64_t addr, const void *buf,
		      size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = buf;
	char *s = malloc(len * 2 + 1);
	size_t i;

	for (i = 0; i < len; i++) {
		s[2 * i] = hex[p[i] >> 4];
		s[2 * i + 1] = hex[p[i] & 15];
	}
	s[2 * len] = 0;
	qt_cmd(q, "write 0x%llx 0x%zx 0x%s", (unsigned long long)addr, len, s);
	free(s);
}

static int mem_read(struct qt *q, uint64_t addr, void *buf, size_t len)
{
	const char *r = qt_cmd(q, "read 0x%llx 0x%zx",
			       (unsigned long long)addr, len);
	uint8_t *p = buf;
	size_t i;

	if (!r || strncmp(r, "OK 0x", 5) || strlen(r + 5) < len * 2)
		return -1;
	for (i = 0; i < len; i++) {
		char b[3] = { r[5 + 2 * i], r[6 + 2 * i], 0 };

		p[i] = strtoul(b, NULL, 16);
	}
	return 0;
}

static void mem_zero(struct qt *q, uint64_t addr, size_t len)
{
	qt_cmd(q, "memset 0x%llx 0x%zx 0", (unsigned long long)addr, len);
}

static uint32_t cfg_rd(struct qt *q, int reg)
{
	qt_cmd(q, "outl 0xcf8 0x%x", 0x80000000u | PCI_DEVFN << 8 | reg);
	return qt_val(q, "inl 0xcfc");
}

static void cfg_wr(struct qt *q, int reg, uint32_t v)
{
	qt_cmd(q, "outl 0xcf8 0x%x", 0x80000000u | PCI_DEVFN << 8 | reg);
	qt_cmd(q, "outl 0xcfc 0x%x", v);
}

/* Wait (bounded) until BAR0 register @off reads @want under @mask. */
static int wait_reg(struct qt *q, uint64_t off, uint32_t mask, uint32_t want)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if ((rd(q, off) & mask) == want)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 10);
	return -1;
}

static uint32_t msi_word(struct qt *q, int vector)
{
	return qt_val(q, "readl 0x%llx",
		      (unsigned long long)(MSI_AREA + 4 * vector));
}

/* Per-queue host-side ring state, as a driver keeps it. */
struct ring {
	int id;
	uint32_t depth;
	uint32_t sq_tail;
	uint32_t cq_head;
	int phase;
};

FIXTURE(dev) {
	struct qt q;
	struct ring r[2];
};

FIXTURE_VARIANT(dev) {
	const char *opts;
	uint32_t log_w, log_h, spare_c, spare_r, ndefects;
};

/* Row 1 retired, a shifted row 3: software must not notice. */
FIXTURE_VARIANT_ADD(dev, small) {
	.opts = "defect-map=0:1;5:1;9:1;0:3;33:3",
	.log_w = 32, .log_h = 24, .spare_c = 2, .spare_r = 1, .ndefects = 5,
};

/* The full-size wafer runs the same tests in its corner. */
FIXTURE_VARIANT_ADD(dev, wse3) {
	.opts = "preset=wse3",
	.log_w = 762, .log_h = 1176, .spare_c = 8, .spare_r = 8,
	.ndefects = 1500,
};

static void ring_setup(struct __test_metadata *_metadata, struct qt *q,
		       struct ring *r, int id, uint32_t depth, int vector)
{
	uint64_t sq = SQ_AREA + id * 0x10000ull, cq = CQ_AREA + id * 0x10000ull;

	r->id = id;
	r->depth = depth;
	r->sq_tail = 0;
	r->cq_head = 0;
	r->phase = 1;
	mem_zero(q, cq, depth * sizeof(struct wse_hw_cqe));
	/* Configuration registers only take writes while disabled. */
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_CONTROL, 0);
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_SQ_BASE_LO, sq);
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_SQ_BASE_HI, sq >> 32);
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_CQ_BASE_LO, cq);
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_CQ_BASE_HI, cq >> 32);
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_DEPTH, depth);
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_MSIX_VECTOR, vector);
	wr(q, WSE_QUEUE_REGS(id) + WSE_QREG_CONTROL, WSE_QCTL_ENABLE);
	ASSERT_EQ(WSE_QSTS_ENABLED | WSE_QSTS_IDLE,
		  rd(q, WSE_QUEUE_REGS(id) + WSE_QREG_STATUS));
}

static void submit(struct qt *q, struct ring *r, const struct wse_hw_cmd *c,
		   int n)
{
	uint64_t sq = SQ_AREA + r->id * 0x10000ull;
	int i;

	for (i = 0; i < n; i++) {
		mem_write(q, sq + r->sq_tail * sizeof(*c), &c[i], sizeof(*c));
		r->sq_tail = (r->sq_tail + 1) % r->depth;
	}
	wr(q, WSE_DOORBELL_SQ_TAIL(r->id), r->sq_tail);
}

/*
 * Wait for the next completion the way a driver does (phase bit), take it
 * and release its slot; poll every @poll_ns (0: as fast as possible).
 * Returns -1 on timeout.
 */
static int reap_every(struct qt *q, struct ring *r, struct wse_hw_cqe *e,
		      long poll_ns)
{
	uint64_t at = CQ_AREA + r->id * 0x10000ull + r->cq_head * sizeof(*e);
	struct timespec t0, t, pause = { 0, poll_ns };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (mem_read(q, at, e, sizeof(*e)))
			return -1;
		if ((le16toh(e->flags) & WSE_CQE_F_PHASE) == r->phase)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= 10)
			return -1;
		if (poll_ns)
			nanosleep(&pause, NULL);
	}
	r->cq_head = (r->cq_head + 1) % r->depth;
	if (!r->cq_head)
		r->phase = !r->phase;
	wr(q, WSE_DOORBELL_CQ_HEAD(r->id), r->cq_head);
	return 0;
}

static int reap(struct qt *q, struct ring *r, struct wse_hw_cqe *e)
{
	return reap_every(q, r, e, 0);
}

/* Run one command to completion on ring 0 and return its status. */
static uint32_t run1(struct qt *q, struct ring *r, struct wse_hw_cmd *c,
		     uint32_t *detail)
{
	struct wse_hw_cqe e;

	submit(q, r, c, 1);
	if (reap(q, r, &e))
		return ~0u;
	if (detail)
		*detail = le32toh(e.detail);
	if (le64toh(e.tag) != le64toh(c->tag))
		return ~1u;
	return le32toh(e.status);
}

/* Start QEMU with the device, map its BARs and enable MSI-X. */
static void dev_open(struct __test_metadata *_metadata, struct qt *q,
		     const char *opts)
{
	int cap, v;

	ASSERT_EQ(0, qt_start(q, qemu_path, opts));
	ASSERT_EQ(WSE_PCI_VENDOR_ID | WSE_PCI_DEVICE_ID_WSE3 << 16,
		  cfg_rd(q, 0x00));
	/* Class 0x1200, subsystem from the header. */
	ASSERT_EQ(0x12000000u | WSE_PCI_CLASS_PROG << 8 | WSE_PCI_REVISION,
		  cfg_rd(q, 0x08));
	ASSERT_EQ(WSE_PCI_SUBSYS_VENDOR_ID | WSE_PCI_SUBSYS_ID_CS3 << 16,
		  cfg_rd(q, 0x2c));

	cfg_wr(q, 0x10, BAR0_ADDR);
	cfg_wr(q, 0x14, BAR0_ADDR >> 32);
	cfg_wr(q, 0x18, BAR2_ADDR);
	cfg_wr(q, 0x1c, BAR2_ADDR >> 32);
	cfg_wr(q, 0x04, 0x6);		/* memory space + bus master */
	ASSERT_EQ(WSE_MAGIC, rd(q, WSE_REG_MAGIC));

	/* Point every MSI-X vector at its own dword of RAM and enable. */
	mem_zero(q, MSI_AREA, 4 * WSE_MSIX_VECTORS);
	for (v = 0; v < WSE_MSIX_VECTORS; v++) {
		uint64_t ent = WSE_BAR0_MSIX_TABLE_OFFSET + 16 * v;

		wr(q, ent + 0, MSI_AREA + 4 * v);
		wr(q, ent + 4, 0);
		wr(q, ent + 8, MSIX_MAGIC | v);
		wr(q, ent + 12, 0);
	}
	for (cap = cfg_rd(q, 0x34) & 0xfc; cap; cap = cfg_rd(q, cap) >> 8 & 0xfc)
		if ((cfg_rd(q, cap) & 0xff) == 0x11)
			break;
	ASSERT_NE(0, cap);
	ASSERT_EQ(WSE_MSIX_VECTORS - 1, cfg_rd(q, cap) >> 16 & 0x7ff);
	cfg_wr(q, cap, cfg_rd(q, cap) | 1u << 31);
}

FIXTURE_SETUP(dev)
{
	dev_open(_metadata, &self->q, variant->opts);
}

FIXTURE_TEARDOWN(dev)
{
	qt_stop(&self->q);
}

TEST_F(dev, identity_and_geometry)
{
	struct qt *q = &self->q;
	uint32_t i, n;

	EXPECT_EQ(WSE_HW_SPEC_MAJOR << 16 | WSE_HW_SPEC_MINOR,
		  rd(q, WSE_REG_SPEC_VERSION));
	EXPECT_EQ(3, rd(q, WSE_REG_GENERATION));
	EXPECT_EQ(variant->log_w, rd(q, WSE_REG_LOG_WIDTH));
	EXPECT_EQ(variant->log_h, rd(q, WSE_REG_LOG_HEIGHT));
	EXPECT_EQ(variant->log_w + variant->spare_c,
		  rd(q, WSE_REG_PHYS_WIDTH));
	EXPECT_EQ(variant->log_h + variant->spare_r,
		  rd(q, WSE_REG_PHYS_HEIGHT));
	EXPECT_EQ(variant->spare_c, rd(q, WSE_REG_SPARE_COLS));
	EXPECT_EQ(variant->spare_r, rd(q, WSE_REG_SPARE_ROWS));
	EXPECT_EQ(48 * 1024, rd(q, WSE_REG_PE_SRAM_BYTES));
	EXPECT_EQ(WSE_FW_STATE_WAIT, rd(q, WSE_REG_FW_STATE));
	EXPECT_EQ(WSE_MAX_QUEUES, rd(q, WSE_REG_NUM_QUEUES));
	EXPECT_EQ(0x57534500, rd(q, WSE_REG_SERIAL_HI) & 0xffffff00);
	n = rd(q, WSE_REG_DEFECT_COUNT);
	ASSERT_EQ(variant->ndefects, n);
	wr(q, WSE_REG_DEFECT_INDEX, n);
	EXPECT_EQ(WSE_DEFECT_NONE, rd(q, WSE_REG_DEFECT_ENTRY));
	if (n != 5)
		return;
	for (i = 0; i <= n; i++) {
		static const uint32_t want[] = {
			1 << 16 | 0, 1 << 16 | 5, 1 << 16 | 9,
			3 << 16 | 0, 3 << 16 | 33, WSE_DEFECT_NONE,
		};

		wr(q, WSE_REG_DEFECT_INDEX, i);
		EXPECT_EQ(want[i], rd(q, WSE_REG_DEFECT_ENTRY));
	}
	/* Telemetry: idle but plausible. */
	EXPECT_GT(rd(q, WSE_REG_TEMP_MILLIC), 20000);
	EXPECT_GT(rd(q, WSE_REG_POWER_MW), 0);
	EXPECT_EQ(rd(q, WSE_REG_CLOCK_MHZ), rd(q, WSE_REG_CLOCK_CUR_MHZ));
	EXPECT_EQ(0, rd(q, WSE_REG_CMDS_COMPLETED_LO));
	wr(q, WSE_REG_TEMP_SELECT, 3);
	EXPECT_LE(rd(q, WSE_REG_TEMP_SENSOR_MILLIC), rd(q, WSE_REG_TEMP_MILLIC));
	wr(q, WSE_REG_TEMP_SELECT, rd(q, WSE_REG_TEMP_SENSORS));
	EXPECT_EQ(0x80000000u, rd(q, WSE_REG_TEMP_SENSOR_MILLIC));
	/* Thermal limits: the clock throttles before the board trips. */
	EXPECT_LT((int32_t)rd(q, WSE_REG_TEMP_MILLIC),
		  (int32_t)rd(q, WSE_REG_TEMP_THROTTLE_MILLIC));
	EXPECT_LT((int32_t)rd(q, WSE_REG_TEMP_THROTTLE_MILLIC),
		  (int32_t)rd(q, WSE_REG_TEMP_CRIT_MILLIC));
	EXPECT_EQ(WSE_CAP_DEFECT_REMAP | WSE_CAP_APERTURE | WSE_CAP_FAULT_INJECT,
		  rd(q, WSE_REG_CAPS));
}

TEST_F(dev, nop_batch_one_vector)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_hw_cmd c[10];
	struct wse_hw_cqe e;
	int i;

	ring_setup(_metadata, q, r, 3, 16, 5);
	memset(c, 0, sizeof(c));
	for (i = 0; i < 10; i++)
		c[i].tag = htole64(0xabc00 + i);
	submit(q, r, c, 10);
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(0, reap(q, r, &e));
		EXPECT_EQ(0xabc00 + i, le64toh(e.tag));
		EXPECT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
		EXPECT_EQ(i + 1, le16toh(e.sq_head));
	}
	EXPECT_EQ(MSIX_MAGIC | 5, msi_word(q, 5));
	EXPECT_EQ(0, msi_word(q, 4));
	EXPECT_EQ(0, msi_word(q, 0));
	EXPECT_EQ(10, rd(q, WSE_QUEUE_REGS(3) + WSE_QREG_COMPLETED_LO));
	EXPECT_EQ(10, rd(q, WSE_QUEUE_REGS(3) + WSE_QREG_SQ_HEAD));
	EXPECT_EQ(10, rd(q, WSE_QUEUE_REGS(3) + WSE_QREG_CQ_TAIL));
	EXPECT_EQ(10, rd(q, WSE_REG_CMDS_COMPLETED_LO));
	EXPECT_EQ(0, rd(q, WSE_REG_CMDS_FAILED));
	EXPECT_EQ(WSE_STATUS_QUEUES_ACTIVE, rd(q, WSE_REG_STATUS));
}

/* Many passes over a small ring: phase flips, tags stay in order. */
TEST_F(dev, phase_wraps)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_hw_cmd c[3];
	struct wse_hw_cqe e;
	int round, i, tag = 0;

	ring_setup(_metadata, q, r, 0, 4, 1);
	for (round = 0; round < 7; round++) {
		memset(c, 0, sizeof(c));
		for (i = 0; i < 3; i++)
			c[i].tag = htole64(tag + i);
		submit(q, r, c, 3);
		for (i = 0; i < 3; i++) {
			ASSERT_EQ(0, reap(q, r, &e));
			ASSERT_EQ(tag++, le64toh(e.tag));
		}
	}
	EXPECT_EQ(21, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_COMPLETED_LO));
}

/* The device never overwrites a completion the host has not released. */
TEST_F(dev, full_cq_stalls_until_released)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint64_t qr = WSE_QUEUE_REGS(0);
	struct wse_hw_cmd c[3];
	struct wse_hw_cqe e;
	int i;

	ring_setup(_metadata, q, r, 0, 4, 1);
	memset(c, 0, sizeof(c));
	for (i = 0; i < 3; i++)
		c[i].tag = htole64(100 + i);
	submit(q, r, c, 3);
	ASSERT_EQ(0, wait_reg(q, qr + WSE_QREG_CQ_TAIL, ~0u, 3));
	/* Three more without releasing: CQ has no free slot (one kept). */
	for (i = 0; i < 3; i++)
		c[i].tag = htole64(200 + i);
	submit(q, r, c, 3);
	ASSERT_EQ(0, wait_reg(q, qr + WSE_QREG_SQ_HEAD, ~0u, 0));
	EXPECT_EQ(3, rd(q, qr + WSE_QREG_CQ_TAIL));
	EXPECT_EQ(0, rd(q, qr + WSE_QREG_STATUS) & WSE_QSTS_IDLE);
	/* Release them one by one; the rest follow. */
	for (i = 0; i < 6; i++) {
		ASSERT_EQ(0, reap(q, r, &e));
		EXPECT_EQ(i < 3 ? 100 + i : 200 + i - 3, le64toh(e.tag));
	}
	EXPECT_EQ(WSE_QSTS_ENABLED | WSE_QSTS_IDLE, rd(q, qr + WSE_QREG_STATUS));
}

static struct wse_hw_cmd dma_cmd(int op, int flags, uint64_t host,
				 uint32_t len, int x, int y, int w, int h,
				 uint32_t elems, uint32_t pe_off, uint64_t tag)
{
	struct wse_hw_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = op;
	c.flags = flags;
	c.tag = htole64(tag);
	c.dma.host_addr = htole64(host);
	c.dma.host_len = htole32(len);
	c.dma.rect.x = htole16(x);
	c.dma.rect.y = htole16(y);
	c.dma.rect.width = htole16(w);
	c.dma.rect.height = htole16(h);
	c.dma.elems_per_pe = htole32(elems);
	c.dma.pe_offset = htole32(pe_off);
	return c;
}

static void fill_pattern(uint8_t *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = seed >> 16;
	}
}

/* Aperture view of PE (x, y) byte @off. */
static void ap_read(struct qt *q, int x, int y, uint32_t off, void *buf,
		    size_t len)
{
	wr(q, WSE_REG_APERTURE_BASE_LO, 0);
	wr(q, WSE_REG_APERTURE_BASE_HI, y);
	mem_read(q, BAR2_ADDR + ((uint64_t)x << 16) + off, buf, len);
}

TEST_F(dev, h2f_f2h_round_trip_inline)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	/* 5x4 PEs starting on the retired/shifted rows, 24 words each. */
	const int w = 5, h = 4, l = 24;
	size_t n = w * h * l * 4;
	uint8_t *in = malloc(n), *out = malloc(n), pe[8];
	struct wse_hw_cmd c;

	ring_setup(_metadata, q, r, 0, 8, 1);
	fill_pattern(in, n, 1);
	mem_write(q, DATA_AREA, in, n);
	c = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE, DATA_AREA, n,
		    27, 0, w, h, l, 256, 1);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	mem_zero(q, DATA2_AREA, n);
	c = dma_cmd(WSE_OP_DMA_F2H, WSE_CMD_F_SGL_INLINE, DATA2_AREA, n,
		    27, 0, w, h, l, 256, 2);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	ASSERT_EQ(0, mem_read(q, DATA2_AREA, out, n));
	EXPECT_EQ(0, memcmp(in, out, n));

	/* Row-major: PE (28, 2) holds host elements ((2*5)+1)*24 + l. */
	ap_read(q, 28, 2, 256, pe, 8);
	EXPECT_EQ(0, memcmp(pe, in + ((2 * 5) + 1) * 24 * 4, 8));
	EXPECT_EQ(n, rd(q, WSE_REG_DMA_H2F_BYTES_LO));
	EXPECT_EQ(n, rd(q, WSE_REG_DMA_F2H_BYTES_LO));
	EXPECT_GT(rd(q, WSE_REG_BUSY_NS_LO) | rd(q, WSE_REG_BUSY_NS_HI), 0);
	EXPECT_EQ(MSIX_MAGIC | 1, msi_word(q, 1));
	free(in);
	free(out);
}

/* An SGL of odd pieces in, column-major 16-bit out, checked by formula. */
TEST_F(dev, sgl_and_col_major_16bit)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	const int w = 7, h = 3, l = 10;
	size_t n = w * h * l * 2;
	static const uint32_t piece[] = { 2, 64, 6, 148, 200 };
	uint8_t in[7 * 3 * 10 * 2], out[sizeof(in)];
	struct wse_hw_sge sgl[5];
	struct wse_hw_cmd c;
	uint64_t at = DATA_AREA;
	size_t done = 0;
	int i, x, y, e;

	ASSERT_EQ(n, sizeof(in));
	ring_setup(_metadata, q, r, 1, 8, 2);
	fill_pattern(in, n, 2);
	for (i = 0; i < 5; i++) {
		sgl[i].addr = htole64(at);
		sgl[i].len = htole32(piece[i]);
		sgl[i].reserved = 0;
		mem_write(q, at, in + done, piece[i]);
		done += piece[i];
		at += 0x1000 + 6;	/* scattered, oddly aligned */
	}
	ASSERT_EQ(n, done);
	mem_write(q, SGL_AREA, sgl, sizeof(sgl));
	c = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_DTYPE_16, SGL_AREA, n,
		    3, 20, w, h, l, 2, 7);
	c.dma.sgl_count = htole32(5);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));

	c = dma_cmd(WSE_OP_DMA_F2H, WSE_CMD_F_SGL_INLINE | WSE_CMD_F_DTYPE_16 |
		    WSE_CMD_F_COL_MAJOR, DATA2_AREA, n, 3, 20, w, h, l, 2, 8);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	ASSERT_EQ(0, mem_read(q, DATA2_AREA, out, n));
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			for (e = 0; e < l; e++)
				ASSERT_EQ(0, memcmp(in + ((y * w + x) * l + e) * 2,
						    out + ((e * h + y) * w + x) * 2,
						    2));
	EXPECT_EQ(MSIX_MAGIC | 2, msi_word(q, 2));
}

TEST_F(dev, fill_and_f2f)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_hw_cmd c;
	uint32_t v[4];

	ring_setup(_metadata, q, r, 0, 8, 1);
	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_FILL;
	c.tag = htole64(5);
	c.fill.rect.x = htole16(0);
	c.fill.rect.y = htole16(0);
	c.fill.rect.width = htole16(32);
	c.fill.rect.height = htole16(24);
	c.fill.pe_offset = htole32(1024);
	c.fill.len = htole32(64);
	c.fill.value = htole32(0xfeedf00d);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	ap_read(q, 31, 23, 1020, v, 16);
	EXPECT_EQ(0, v[0]);
	EXPECT_EQ(0xfeedf00d, le32toh(v[1]));
	EXPECT_EQ(0xfeedf00d, le32toh(v[3]));

	/* Copy 16 bytes of a 2x2 block overlapping itself, one PE right. */
	c = dma_cmd(WSE_OP_DMA_F2F, 0, 0, 0, 4, 4, 2, 2, 4, 1024, 6);
	c.dma.dst_x = htole16(5);
	c.dma.dst_y = htole16(4);
	c.dma.dst_pe_offset = htole32(8);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	ap_read(q, 6, 5, 4, v, 16);
	EXPECT_EQ(0, v[0]);
	EXPECT_EQ(0xfeedf00d, le32toh(v[1]));
	EXPECT_EQ(0xfeedf00d, le32toh(v[3]));
}

/* Errors complete with a status and do not stop the queue. */
TEST_F(dev, bad_commands_complete_with_errors)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_sgl_bad { struct wse_hw_sge e[2]; } sgl;
	struct wse_hw_cmd c;
	uint32_t detail;

	ring_setup(_metadata, q, r, 0, 16, 1);
	memset(&c, 0, sizeof(c));
	c.opcode = 0x42;
	c.tag = htole64(1);
	EXPECT_EQ(WSE_STS_INVALID_OPCODE, run1(q, r, &c, NULL));

	c = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE, DATA_AREA, 64,
		    variant->log_w - 2, 0, 4, 1, 4, 0, 2);
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, run1(q, r, &c, &detail));
	EXPECT_EQ(offsetof(struct wse_hw_cmd, dma.rect.width), detail);

	c = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE, DATA_AREA, 60,
		    0, 0, 4, 1, 4, 0, 3);
	EXPECT_EQ(WSE_STS_INVALID_FIELD, run1(q, r, &c, &detail));
	EXPECT_EQ(offsetof(struct wse_hw_cmd, dma.host_len), detail);

	/* Host memory that is not there. */
	c = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE, NO_RAM, 64,
		    0, 0, 4, 1, 4, 0, 4);
	EXPECT_EQ(WSE_STS_HOST_DMA, run1(q, r, &c, NULL));
	c.opcode = WSE_OP_DMA_F2H;
	c.tag = htole64(5);
	EXPECT_EQ(WSE_STS_HOST_DMA, run1(q, r, &c, NULL));
	/* The device's own BAR is not a DMA target. */
	c.dma.host_addr = htole64(BAR2_ADDR);
	c.tag = htole64(6);
	EXPECT_EQ(WSE_STS_HOST_DMA, run1(q, r, &c, NULL));

	/* An SGL whose second entry has reserved bits set. */
	memset(&sgl, 0, sizeof(sgl));
	sgl.e[0].addr = htole64(DATA_AREA);
	sgl.e[0].len = htole32(32);
	sgl.e[1].addr = htole64(DATA_AREA + 32);
	sgl.e[1].len = htole32(32);
	sgl.e[1].reserved = htole32(1);
	mem_write(q, SGL_AREA, &sgl, sizeof(sgl));
	c = dma_cmd(WSE_OP_DMA_H2F, 0, SGL_AREA, 64, 0, 0, 4, 1, 4, 0, 7);
	c.dma.sgl_count = htole32(2);
	EXPECT_EQ(WSE_STS_SGL_INVALID, run1(q, r, &c, &detail));
	EXPECT_EQ(1, detail);
	/* An SGL that is itself unreadable. */
	c.dma.host_addr = htole64(NO_RAM);
	c.tag = htole64(8);
	EXPECT_EQ(WSE_STS_HOST_DMA, run1(q, r, &c, &detail));
	EXPECT_EQ(2, detail);

	/* A well-formed launch: no firmware, detail is FW_STATE. */
	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_LAUNCH;
	c.tag = htole64(9);
	c.launch.rect.width = htole16(1);
	c.launch.rect.height = htole16(1);
	detail = 99;
	EXPECT_EQ(WSE_STS_NO_FIRMWARE, run1(q, r, &c, &detail));
	EXPECT_EQ(WSE_FW_STATE_WAIT, detail);
	EXPECT_EQ(0, rd(q, WSE_REG_LAUNCHES_LO));

	/* The queue still works, and the failures were counted. */
	memset(&c, 0, sizeof(c));
	c.tag = htole64(10);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	EXPECT_EQ(9, rd(q, WSE_REG_CMDS_FAILED));
	EXPECT_EQ(10, rd(q, WSE_REG_CMDS_COMPLETED_LO));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_ERROR));
}

/* A transfer larger than one bottom-half budget, in several pieces. */
TEST_F(dev, large_transfer_spans_many_slices)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	const int w = 32, h = 8, l = 8192;	/* 32 KiB a PE, 8 MiB */
	size_t n = (size_t)w * h * l * 4;
	uint8_t *in = malloc(n), *out = malloc(n);
	struct wse_hw_cmd c;

	ring_setup(_metadata, q, r, 0, 8, 1);
	fill_pattern(in, n, 3);
	mem_write(q, DATA_AREA, in, n);
	c = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE | WSE_CMD_F_COL_MAJOR,
		    DATA_AREA, n, 0, 12, w, h, l, 0, 1);
	ASSERT_GT(n, 4 << 20);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	c = dma_cmd(WSE_OP_DMA_F2H, WSE_CMD_F_SGL_INLINE | WSE_CMD_F_COL_MAJOR,
		    DATA2_AREA, n, 0, 12, w, h, l, 0, 2);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	ASSERT_EQ(0, mem_read(q, DATA2_AREA, out, n));
	EXPECT_EQ(0, memcmp(in, out, n));
	free(in);
	free(out);
}

TEST_F(dev, queue_errors)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint64_t qr = WSE_QUEUE_REGS(2);
	struct wse_hw_cmd c;

	/* Depth not a power of two: refused at enable. */
	wr(q, qr + WSE_QREG_DEPTH, 12);
	wr(q, qr + WSE_QREG_MSIX_VECTOR, 3);
	wr(q, qr + WSE_QREG_CONTROL, WSE_QCTL_ENABLE);
	EXPECT_EQ(WSE_QSTS_ERROR | WSE_QSTS_IDLE, rd(q, qr + WSE_QREG_STATUS));
	EXPECT_EQ(WSE_QERR_BAD_CONFIG, rd(q, qr + WSE_QREG_ERROR));
	EXPECT_EQ(WSE_EVENT_QUEUE_ERROR, rd(q, WSE_REG_EVENT_CAUSE));
	EXPECT_EQ(MSIX_MAGIC | 0, msi_word(q, 0));
	wr(q, WSE_REG_EVENT_CAUSE, WSE_EVENT_QUEUE_ERROR);
	EXPECT_EQ(0, rd(q, WSE_REG_EVENT_CAUSE));
	wr(q, qr + WSE_QREG_CONTROL, 0);
	EXPECT_EQ(0, rd(q, qr + WSE_QREG_ERROR));

	/* SQ tail beyond the depth. */
	ring_setup(_metadata, q, r, 2, 8, 3);
	wr(q, qr + WSE_QREG_DEPTH, 16);		/* ignored while enabled */
	EXPECT_EQ(8, rd(q, qr + WSE_QREG_DEPTH));
	wr(q, WSE_DOORBELL_SQ_TAIL(2), 8);
	EXPECT_EQ(WSE_QERR_BAD_DOORBELL, rd(q, qr + WSE_QREG_ERROR));
	EXPECT_EQ(WSE_QSTS_ENABLED | WSE_QSTS_ERROR | WSE_QSTS_IDLE,
		  rd(q, qr + WSE_QREG_STATUS));

	/* CQ head past what was posted. */
	ring_setup(_metadata, q, r, 2, 8, 3);
	wr(q, WSE_DOORBELL_CQ_HEAD(2), 1);
	EXPECT_EQ(WSE_QERR_BAD_DOORBELL, rd(q, qr + WSE_QREG_ERROR));

	/* SQ in no memory at all. */
	wr(q, qr + WSE_QREG_CONTROL, 0);
	wr(q, qr + WSE_QREG_SQ_BASE_HI, NO_RAM >> 32);
	wr(q, qr + WSE_QREG_CONTROL, WSE_QCTL_ENABLE);
	wr(q, WSE_DOORBELL_SQ_TAIL(2), 1);
	ASSERT_EQ(0, wait_reg(q, qr + WSE_QREG_ERROR, ~0u, WSE_QERR_SQ_DMA));
	EXPECT_EQ(0, rd(q, qr + WSE_QREG_SQ_HEAD));

	/* CQ in no memory: the command ran, its completion cannot land. */
	ring_setup(_metadata, q, r, 2, 8, 3);
	wr(q, qr + WSE_QREG_CONTROL, 0);
	wr(q, qr + WSE_QREG_CQ_BASE_HI, NO_RAM >> 32);
	wr(q, qr + WSE_QREG_CONTROL, WSE_QCTL_ENABLE);
	memset(&c, 0, sizeof(c));
	submit(q, r, &c, 1);
	ASSERT_EQ(0, wait_reg(q, qr + WSE_QREG_ERROR, ~0u, WSE_QERR_CQ_DMA));
	EXPECT_EQ(0, rd(q, qr + WSE_QREG_CQ_TAIL));
}

TEST_F(dev, reset_register)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_hw_cmd c;
	uint32_t v = 0x12345678, back = 0;

	ring_setup(_metadata, q, r, 0, 8, 1);
	wr(q, WSE_REG_APERTURE_BASE_LO, 0);
	wr(q, WSE_REG_APERTURE_BASE_HI, 7);
	mem_write(q, BAR2_ADDR + (3 << 16) + 40, &v, 4);
	mem_read(q, BAR2_ADDR + (3 << 16) + 40, &back, 4);
	EXPECT_EQ(v, back);
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));

	wr(q, WSE_REG_RESET, 0x1234);		/* wrong key: nothing */
	EXPECT_EQ(0, rd(q, WSE_REG_RESET_COUNT));
	EXPECT_EQ(WSE_STATUS_QUEUES_ACTIVE, rd(q, WSE_REG_STATUS));

	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(1, rd(q, WSE_REG_RESET_COUNT));
	EXPECT_EQ(0, rd(q, WSE_REG_STATUS));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_CONTROL));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_DEPTH));
	EXPECT_EQ(0, rd(q, WSE_REG_CMDS_COMPLETED_LO));
	EXPECT_EQ(WSE_EVENT_RESET_DONE, rd(q, WSE_REG_EVENT_CAUSE));
	EXPECT_EQ(MSIX_MAGIC | 0, msi_word(q, 0));
	EXPECT_EQ(0, rd(q, WSE_REG_APERTURE_BASE_HI));
	/* Fabric SRAM is not in the function's reset domain: it is kept. */
	wr(q, WSE_REG_APERTURE_BASE_HI, 7);
	back = 0;
	mem_read(q, BAR2_ADDR + (3 << 16) + 40, &back, 4);
	EXPECT_EQ(v, back);
}

/* Masked events are held and delivered on unmask. */
TEST_F(dev, event_mask)
{
	struct qt *q = &self->q;

	wr(q, WSE_REG_EVENT_MASK, WSE_EVENT_RESET_DONE);
	EXPECT_EQ(WSE_EVENT_RESET_DONE, rd(q, WSE_REG_EVENT_MASK));
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	/* Reset clears the mask too, so the event went out. */
	EXPECT_EQ(MSIX_MAGIC | 0, msi_word(q, 0));
	mem_zero(q, MSI_AREA, 4);
	wr(q, WSE_REG_EVENT_CAUSE, ~0u);
	wr(q, WSE_REG_EVENT_MASK, WSE_EVENT_QUEUE_ERROR);
	wr(q, WSE_QUEUE_REGS(0) + WSE_QREG_CONTROL, WSE_QCTL_ENABLE);
	EXPECT_EQ(WSE_EVENT_QUEUE_ERROR, rd(q, WSE_REG_EVENT_CAUSE));
	EXPECT_EQ(0, msi_word(q, 0));
	wr(q, WSE_REG_EVENT_MASK, 0);
	EXPECT_EQ(MSIX_MAGIC | 0, msi_word(q, 0));
}

TEST_F(dev, aperture_holes)
{
	struct qt *q = &self->q;
	uint64_t v = 0x1122334455667788ull, back = 1;

	/* Window from the last column: beyond SRAM, beyond the width. */
	wr(q, WSE_REG_APERTURE_BASE_LO, (variant->log_w - 1) << 16);
	wr(q, WSE_REG_APERTURE_BASE_HI, 2);
	mem_write(q, BAR2_ADDR + 0xc000, &v, 8);
	mem_read(q, BAR2_ADDR + 0xc000, &back, 8);
	EXPECT_EQ(0, back);
	mem_write(q, BAR2_ADDR + (1ull << 16), &v, 8);
	back = 1;
	mem_read(q, BAR2_ADDR + (1ull << 16), &back, 8);
	EXPECT_EQ(0, back);
	mem_write(q, BAR2_ADDR + 8, &v, 8);
	mem_read(q, BAR2_ADDR + 8, &back, 8);
	EXPECT_EQ(v, back);
	/* Below the height: a hole too. */
	wr(q, WSE_REG_APERTURE_BASE_HI, variant->log_h);
	back = 1;
	mem_read(q, BAR2_ADDR + 8, &back, 8);
	EXPECT_EQ(0, back);
}

/* Non-RAM host memory (here the HPET's registers) goes via the bounce path. */
TEST_F(dev, h2f_from_mmio_via_bounce)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint64_t hpet = 0xfed00000, want, got = 0;
	struct wse_hw_cmd c;

	ring_setup(_metadata, q, r, 0, 8, 1);
	want = qt_val(q, "readq 0x%llx", (unsigned long long)hpet);
	ASSERT_NE(0, want);
	c = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE, hpet, 8,
		    2, 2, 1, 1, 2, 64, 1);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	ap_read(q, 2, 2, 64, &got, 8);
	EXPECT_EQ(want, le64toh(got));
}

/* Function-level reset resets the device like the RESET register. */
TEST_F(dev, flr_resets_device)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint32_t v = 0xa5a5a5a5, back = 1;
	int cap;

	ring_setup(_metadata, q, r, 0, 8, 1);
	wr(q, WSE_REG_APERTURE_BASE_HI, 1);
	mem_write(q, BAR2_ADDR + 16, &v, 4);
	for (cap = cfg_rd(q, 0x34) & 0xfc; cap; cap = cfg_rd(q, cap) >> 8 & 0xfc)
		if ((cfg_rd(q, cap) & 0xff) == 0x10)
			break;
	ASSERT_NE(0, cap);
	ASSERT_TRUE(cfg_rd(q, cap + 4) & (1 << 28));	/* FLR capable */
	cfg_wr(q, cap + 8, cfg_rd(q, cap + 8) | 1 << 15);

	/* FLR also cleared the BARs and command register: set them again. */
	cfg_wr(q, 0x10, BAR0_ADDR);
	cfg_wr(q, 0x18, BAR2_ADDR);
	cfg_wr(q, 0x04, 0x6);
	EXPECT_EQ(WSE_MAGIC, rd(q, WSE_REG_MAGIC));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_CONTROL));
	EXPECT_EQ(0, rd(q, WSE_REG_RESET_COUNT));
	/* ...and keeps fabric SRAM as it does. */
	EXPECT_EQ(0, rd(q, WSE_REG_APERTURE_BASE_HI));
	wr(q, WSE_REG_APERTURE_BASE_HI, 1);
	mem_read(q, BAR2_ADDR + 16, &back, 4);
	EXPECT_EQ(v, back);
}

/* The backing limit turns a too-greedy fill into an error, not an OOM. */
TEST(sram_limit_fails_cleanly)
{
	struct qt q = { 0 };
	struct ring r;
	struct wse_hw_cmd c;
	uint32_t v = 0;

	dev_open(_metadata, &q, "sram-limit-mib=1");
	ring_setup(_metadata, &q, &r, 0, 8, 1);
	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_FILL;
	c.tag = htole64(1);
	c.fill.rect.width = htole16(32);
	c.fill.rect.height = htole16(24);
	c.fill.len = htole32(4);
	c.fill.value = htole32(0x01020304);
	EXPECT_EQ(WSE_STS_INTERNAL, run1(&q, &r, &c, NULL));
	/* 1 MiB holds 21 PEs of 48 KiB: those got the value. */
	ap_read(&q, 20, 0, 0, &v, 4);
	EXPECT_EQ(0x01020304, le32toh(v));
	ap_read(&q, 21, 0, 0, &v, 4);
	EXPECT_EQ(0, v);
	/* Reset frees the backing; the device is usable again. */
	wr(&q, WSE_REG_RESET, WSE_RESET_KEY);
	ring_setup(_metadata, &q, &r, 0, 8, 1);
	c.fill.rect.width = htole16(21);
	c.fill.rect.height = htole16(1);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(&q, &r, &c, NULL));
	qt_stop(&q);
}

/* ---- firmware and compute ---------------------------------------------- */

#define FW_AREA		0x03000000ull	/* firmware image */
#define DATA3_AREA	0x04000000ull

static const char *fw_image_path;
static const char *fw_key_path;

struct fw_image {
	uint8_t *b;
	size_t len;
};

static int fw_read(struct fw_image *img)
{
	FILE *f = fopen(fw_image_path, "rb");
	long n;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	img->b = malloc(n);
	img->len = n;
	if (fread(img->b, 1, n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Offset of the first section of @type, or 0. */
static uint32_t fw_section(const struct fw_image *img, uint32_t type,
			   uint32_t *size)
{
	const uint8_t *h = img->b;
	uint32_t n = le32_at(h + offsetof(struct wse_fw_header, section_count));
	uint32_t t = le32_at(h + offsetof(struct wse_fw_header, section_offset));
	uint32_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *e = h + t + 16 * i;

		if (le32_at(e) == type) {
			if (size)
				*size = le32_at(e + 8);
			return le32_at(e + 4);
		}
	}
	return 0;
}

#define SHA_OFF	offsetof(struct wse_fw_header, sha256)

/* Recompute the header digest after an edit, as the builder does. */
static void fw_fix_digest(struct fw_image *img)
{
	memset(img->b + SHA_OFF, 0, WSE_SHA256_LEN);
	wse_sha256(img->b, img->len, img->b + SHA_OFF);
}

static int fw_read_key(uint8_t *key)
{
	FILE *f = fopen(fw_key_path, "r");
	char line[256];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f) && !n) {
		if (line[0] == '#' || strlen(line) < 64)
			continue;
		for (n = 0; n < 32; n++)
			sscanf(line + 2 * n, "%2hhx", &key[n]);
	}
	fclose(f);
	return n == 32 ? 0 : -1;
}

/* Sign again with the development key after an edit, then re-hash. */
static int fw_resign(struct fw_image *img)
{
	uint32_t sig = fw_section(img, WSE_FW_SECT_SIGNATURE, NULL);
	uint8_t *mac = img->b + sig + offsetof(struct wse_fw_signature, mac);
	struct wse_hmac_sha256 c;
	uint8_t key[32];

	if (!sig || fw_read_key(key))
		return -1;
	memset(img->b + SHA_OFF, 0, WSE_SHA256_LEN);
	memset(mac, 0, WSE_SHA256_LEN);
	wse_hmac_sha256_init(&c, key, sizeof(key));
	wse_hmac_sha256_update(&c, img->b, img->len);
	wse_hmac_sha256_final(&c, mac);
	fw_fix_digest(img);
	return 0;
}

/* Hand @len bytes of @img to the device; returns the state it settles in. */
static uint32_t fw_load_size(struct qt *q, const struct fw_image *img,
			     uint64_t addr, uint32_t size)
{
	struct timespec t0, t;
	uint32_t st;

	if (img)
		mem_write(q, addr, img->b, img->len);
	wr(q, WSE_REG_FW_ADDR_LO, addr);
	wr(q, WSE_REG_FW_ADDR_HI, addr >> 32);
	wr(q, WSE_REG_FW_SIZE, size);
	wr(q, WSE_REG_FW_CONTROL, WSE_FW_CMD_LOAD);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		st = rd(q, WSE_REG_FW_STATE);
		if (st != WSE_FW_STATE_LOADING)
			return st;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 10);
	return st;
}

static uint32_t fw_load(struct qt *q, const struct fw_image *img)
{
	return fw_load_size(q, img, FW_AREA, img->len);
}

static void fw_load_good(struct __test_metadata *_metadata, struct qt *q)
{
	struct fw_image img;

	ASSERT_EQ(0, fw_read(&img));
	ASSERT_EQ(WSE_FW_STATE_READY, fw_load(q, &img));
	free(img.b);
}

static struct wse_hw_cmd launch_cmd(uint32_t kernel, int x, int y, int w,
				    int h, const uint32_t *args,
				    uint32_t nargs, uint64_t tag)
{
	struct wse_hw_cmd c;
	uint32_t i;

	memset(&c, 0, sizeof(c));
	c.opcode = WSE_OP_LAUNCH;
	c.flags = WSE_CMD_F_FENCE;
	c.tag = htole64(tag);
	c.launch.kernel_id = htole32(kernel);
	c.launch.nargs = htole32(nargs);
	c.launch.rect.x = htole16(x);
	c.launch.rect.y = htole16(y);
	c.launch.rect.width = htole16(w);
	c.launch.rect.height = htole16(h);
	for (i = 0; i < nargs; i++)
		c.launch.args[i] = htole32(args[i]);
	return c;
}

/* splitmix64, for test data */
static uint64_t test_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t fbits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

/* Kernel ids of firmware/wse3.fw. */
#define K_GEMV		1
#define K_GEMM		2
#define K_ADD		3
#define K_ALLREDUCE	10

TEST_F(dev, firmware_boot_and_heartbeat)
{
	struct qt *q = &self->q;
	uint32_t hb;

	EXPECT_EQ(WSE_FW_STATE_WAIT, rd(q, WSE_REG_FW_STATE));
	EXPECT_EQ(0, rd(q, WSE_REG_FW_VERSION));
	EXPECT_EQ(0, rd(q, WSE_REG_STATUS) & WSE_STATUS_FW_READY);
	fw_load_good(_metadata, q);
	EXPECT_EQ(WSE_FW_ERR_NONE, rd(q, WSE_REG_FW_ERROR));
	EXPECT_EQ(0x00010000, rd(q, WSE_REG_FW_VERSION));	/* 1.0.0 */
	EXPECT_EQ(WSE_FW_ABI_MAJOR << 16 | WSE_FW_ABI_MINOR,
		  rd(q, WSE_REG_FW_ABI));
	EXPECT_EQ(WSE_STATUS_FW_READY, rd(q, WSE_REG_STATUS));
	EXPECT_EQ(WSE_EVENT_FW_READY, rd(q, WSE_REG_EVENT_CAUSE));
	EXPECT_EQ(MSIX_MAGIC | 0, msi_word(q, 0));

	/* The heartbeat runs on the device's (virtual) clock: 50 ms. */
	hb = rd(q, WSE_REG_FW_HEARTBEAT);
	qt_cmd(q, "clock_step %llu", 500 * 1000000ull);
	EXPECT_GE(rd(q, WSE_REG_FW_HEARTBEAT) - hb, 9);
	hb = rd(q, WSE_REG_FW_HEARTBEAT);
	qt_cmd(q, "clock_step %llu", 100 * 1000000ull);
	EXPECT_GE(rd(q, WSE_REG_FW_HEARTBEAT) - hb, 1);

	/* Running firmware is not replaced without a reset. */
	wr(q, WSE_REG_FW_CONTROL, WSE_FW_CMD_LOAD);
	EXPECT_EQ(WSE_FW_STATE_READY, rd(q, WSE_REG_FW_STATE));

	/* Reset: back to WAIT, and the heartbeat stands still. */
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(WSE_FW_STATE_WAIT, rd(q, WSE_REG_FW_STATE));
	EXPECT_EQ(0, rd(q, WSE_REG_FW_VERSION));
	EXPECT_EQ(0, rd(q, WSE_REG_FW_ABI));
	EXPECT_EQ(0, rd(q, WSE_REG_FW_HEARTBEAT));
	qt_cmd(q, "clock_step %llu", 500 * 1000000ull);
	EXPECT_EQ(0, rd(q, WSE_REG_FW_HEARTBEAT));
	/* ...and takes the same image again. */
	fw_load_good(_metadata, q);
}

/* Every kind of bad image, each with its exact error; then a good one. */
TEST_F(dev, firmware_bad_images_refused)
{
	struct qt *q = &self->q;
	struct fw_image good, img;
	uint32_t off, size, n;

	ASSERT_EQ(0, fw_read(&good));
	img.len = good.len;
	img.b = malloc(good.len);

#define EXPECT_REFUSED(err, what) do {					\
		EXPECT_EQ(WSE_FW_STATE_FAILED, rd(q, WSE_REG_FW_STATE)) {	\
			TH_LOG("%s", what);					\
		}							\
		EXPECT_EQ(err, rd(q, WSE_REG_FW_ERROR)) {		\
			TH_LOG("%s", what);					\
		}							\
		EXPECT_EQ(0, rd(q, WSE_REG_FW_VERSION));		\
		EXPECT_EQ(WSE_EVENT_FW_FAILED,				\
			  rd(q, WSE_REG_EVENT_CAUSE) & WSE_EVENT_FW_FAILED); \
		wr(q, WSE_REG_EVENT_CAUSE, WSE_EVENT_FW_FAILED);	\
	} while (0)

	/* Too large: refused before anything is read. */
	fw_load_size(q, NULL, NO_RAM, WSE_FW_MAX_SIZE + 1);
	EXPECT_REFUSED(WSE_FW_ERR_TOO_LARGE, "too large");
	/* Nothing at the address. */
	fw_load_size(q, NULL, NO_RAM, good.len);
	EXPECT_REFUSED(WSE_FW_ERR_DMA, "unreadable");
	/* Truncated: empty, shorter than the header, shorter than declared. */
	mem_write(q, FW_AREA, good.b, good.len);
	fw_load_size(q, NULL, FW_AREA, 0);
	EXPECT_REFUSED(WSE_FW_ERR_TRUNCATED, "empty");
	fw_load_size(q, NULL, FW_AREA, 100);
	EXPECT_REFUSED(WSE_FW_ERR_TRUNCATED, "part of the header");
	fw_load_size(q, NULL, FW_AREA, good.len - 8);
	EXPECT_REFUSED(WSE_FW_ERR_TRUNCATED, "last 8 bytes missing");

	memcpy(img.b, good.b, good.len);
	img.b[0] ^= 0xff;
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_BAD_MAGIC, "magic");

	memcpy(img.b, good.b, good.len);
	img.b[offsetof(struct wse_fw_header, format_major)] = 2;
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_BAD_FORMAT, "format 2.0");

	/* A kernel table entry with an unknown argument type. */
	memcpy(img.b, good.b, good.len);
	off = fw_section(&img, WSE_FW_SECT_KERNELS, NULL);
	ASSERT_NE(0, off);
	img.b[off + 8 + offsetof(struct wse_fw_kernel, signature)] = 'z';
	fw_resign(&img);
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_BAD_FORMAT, "kernel signature");

	/* ABI 2.0: refused before the digest is even looked at. */
	memcpy(img.b, good.b, good.len);
	put_le32(img.b + offsetof(struct wse_fw_header, fw_abi), 2 << 16);
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_BAD_ABI, "ABI 2.0");

	/* A kernel the device does not have, properly signed. */
	memcpy(img.b, good.b, good.len);
	memcpy(img.b + off + 8 + offsetof(struct wse_fw_kernel, name),
	       "gemx", 4);
	ASSERT_EQ(0, fw_resign(&img));
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_BAD_ABI, "unknown kernel");

	/* One bit of the notes flipped. */
	memcpy(img.b, good.b, good.len);
	off = fw_section(&img, WSE_FW_SECT_NOTES, &size);
	ASSERT_NE(0, off);
	img.b[off + size / 2] ^= 0x01;
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_BAD_HASH, "corrupt notes");

	/* The SIGNATURE section dropped (it is last), digest recomputed. */
	memcpy(img.b, good.b, good.len);
	n = le32_at(img.b + offsetof(struct wse_fw_header, section_count));
	ASSERT_EQ(WSE_FW_SECT_SIGNATURE,
		  le32_at(img.b + WSE_FW_HEADER_SIZE + 16 * (n - 1)));
	put_le32(img.b + offsetof(struct wse_fw_header, section_count), n - 1);
	fw_fix_digest(&img);
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_UNSIGNED, "unsigned");

	/* A forged MAC with a consistent digest. */
	memcpy(img.b, good.b, good.len);
	off = fw_section(&img, WSE_FW_SECT_SIGNATURE, NULL);
	img.b[off + offsetof(struct wse_fw_signature, mac) + 5] ^= 0x20;
	fw_fix_digest(&img);
	fw_load(q, &img);
	EXPECT_REFUSED(WSE_FW_ERR_BAD_SIGNATURE, "bad signature");

	/* A launch still finds no firmware; its detail is FAILED. */
	{
		struct ring *r = &self->r[0];
		uint32_t args[5] = { 0, 1, 0, 64, 128 }, detail;
		struct wse_hw_cmd c = launch_cmd(K_ADD, 0, 0, 1, 1, args, 5, 1);

		ring_setup(_metadata, q, r, 0, 8, 1);
		EXPECT_EQ(WSE_STS_NO_FIRMWARE, run1(q, r, &c, &detail));
		EXPECT_EQ(WSE_FW_STATE_FAILED, detail);
	}

	/* After all that, the good image loads. */
	EXPECT_EQ(WSE_FW_STATE_READY, fw_load(q, &good));
	EXPECT_EQ(WSE_FW_ERR_NONE, rd(q, WSE_REG_FW_ERROR));
#undef EXPECT_REFUSED
	free(img.b);
	free(good.b);
}

/* A device holding another key refuses images signed with the dev key. */
TEST(firmware_other_key_refused)
{
	struct qt q = { 0 };
	struct fw_image img;

	dev_open(_metadata, &q, "fw-key=0123456789abcdef");
	ASSERT_EQ(0, fw_read(&img));
	EXPECT_EQ(WSE_FW_STATE_FAILED, fw_load(&q, &img));
	EXPECT_EQ(WSE_FW_ERR_BAD_SIGNATURE, rd(&q, WSE_REG_FW_ERROR));
	free(img.b);
	qt_stop(&q);
}

TEST_F(dev, launch_checks_against_firmware)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint32_t add[5] = { 0, 16, 0, 64, 128 }, detail;
	struct wse_hw_cmd c;

	ring_setup(_metadata, q, r, 0, 16, 1);
	c = launch_cmd(K_ADD, 0, 0, 2, 2, add, 5, 1);
	EXPECT_EQ(WSE_STS_NO_FIRMWARE, run1(q, r, &c, &detail));
	EXPECT_EQ(WSE_FW_STATE_WAIT, detail);

	fw_load_good(_metadata, q);
	c = launch_cmd(99, 0, 0, 2, 2, add, 5, 2);
	EXPECT_EQ(WSE_STS_KERNEL_UNKNOWN, run1(q, r, &c, &detail));
	EXPECT_EQ(99, detail);

	c = launch_cmd(K_ADD, 0, 0, 2, 2, add, 4, 3);
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, run1(q, r, &c, &detail));
	EXPECT_EQ(WSE_LAUNCH_ARGS_DETAIL(5, WSE_LAUNCH_CULPRIT_COUNT), detail);

	add[0] = 7;		/* no such element type */
	c = launch_cmd(K_ADD, 0, 0, 2, 2, add, 5, 4);
	EXPECT_EQ(WSE_STS_KERNEL_ARGS, run1(q, r, &c, &detail));
	EXPECT_EQ(WSE_LAUNCH_ARGS_DETAIL(5, WSE_LAUNCH_CULPRIT_ARG(0)), detail);

	add[0] = 0;
	add[4] = 49152 - 32;	/* z runs past the 48 KiB SRAM */
	c = launch_cmd(K_ADD, 0, 0, 2, 2, add, 5, 5);
	EXPECT_EQ(WSE_STS_FABRIC_RANGE, run1(q, r, &c, &detail));
	EXPECT_EQ(offsetof(struct wse_hw_cmd, launch.args[4]), detail);

	/* Wider than the firmware's max-launch-width (1024). */
	if (variant->log_w > 1024) {
		add[4] = 128;
		c = launch_cmd(K_ADD, 0, 0, 1025, 1, add, 5, 6);
		EXPECT_EQ(WSE_STS_FABRIC_RANGE, run1(q, r, &c, &detail));
	}
	EXPECT_EQ(0, rd(q, WSE_REG_LAUNCHES_LO));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_ERROR));
}

/*
 * C = A B end to end: A and B in by H2F, GEMM, C out by F2H, against a
 * reference computed here. 4 x 4 PEs of 16 x 12, 12 x 20 and 16 x 20
 * blocks (M 64, K 48, N 80), at (x0, y0) across the remapped rows.
 */
TEST_F(dev, gemm_end_to_end)
{
	enum { P = 4, MT = 16, KT = 12, NT = 20 };
	enum { M = P * MT, K = P * KT, N = P * NT };
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	static float a[M * K], b[K * N], c[M * N], ha[M * K], hb[K * N];
	const uint32_t ao = 0, bo = MT * KT * 4, co = bo + KT * NT * 4;
	const int x0 = 3, y0 = 0;
	uint32_t args[9] = { 0, MT, KT, NT, ao, bo, co, fbits(1.0f), 0 };
	struct wse_hw_cmd cmd;
	struct wse_hw_cqe e;
	uint64_t s = 1;
	int i, j, rr, qq, bad = 0;

	for (i = 0; i < M * K; i++)
		a[i] = (int)(test_rand(&s) % 17) - 8;
	for (i = 0; i < K * N; i++)
		b[i] = (int)(test_rand(&s) % 13) - 6;
	/* Host arrays in the H2F row-major [h][w][l] order, l = one block. */
	for (j = 0; j < P; j++)
		for (i = 0; i < P; i++) {
			float *ta = ha + (j * P + i) * MT * KT;
			float *tb = hb + (j * P + i) * KT * NT;

			for (qq = 0; qq < KT; qq++)
				for (rr = 0; rr < MT; rr++)
					ta[qq * MT + rr] = a[(j * MT + rr) * K +
							     i * KT + qq];
			for (qq = 0; qq < NT; qq++)
				for (rr = 0; rr < KT; rr++)
					tb[qq * KT + rr] = b[(j * KT + rr) * N +
							     i * NT + qq];
		}

	fw_load_good(_metadata, q);
	ring_setup(_metadata, q, r, 0, 8, 1);
	mem_write(q, DATA_AREA, ha, sizeof(ha));
	mem_write(q, DATA2_AREA, hb, sizeof(hb));
	cmd = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE, DATA_AREA,
		      sizeof(ha), x0, y0, P, P, MT * KT, ao, 1);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &cmd, NULL));
	cmd = dma_cmd(WSE_OP_DMA_H2F, WSE_CMD_F_SGL_INLINE, DATA2_AREA,
		      sizeof(hb), x0, y0, P, P, KT * NT, bo, 2);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &cmd, NULL));

	cmd = launch_cmd(K_GEMM, x0, y0, P, P, args, 9, 3);
	submit(q, r, &cmd, 1);
	ASSERT_EQ(0, reap(q, r, &e));
	ASSERT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
	EXPECT_EQ(3, le64toh(e.tag));
	EXPECT_GT(le64toh(e.device_time_ns), 0);

	mem_zero(q, DATA3_AREA, M * N * 4);
	cmd = dma_cmd(WSE_OP_DMA_F2H, WSE_CMD_F_SGL_INLINE, DATA3_AREA,
		      M * N * 4, x0, y0, P, P, MT * NT, co, 4);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &cmd, NULL));
	ASSERT_EQ(0, mem_read(q, DATA3_AREA, c, sizeof(c)));

	/* Small integers: the product is exact in fp32. */
	for (j = 0; j < P; j++)
		for (i = 0; i < P; i++)
			for (qq = 0; qq < NT; qq++)
				for (rr = 0; rr < MT; rr++) {
					int row = j * MT + rr, col = i * NT + qq;
					float want = 0, got;
					int t;

					for (t = 0; t < K; t++)
						want += a[row * K + t] * b[t * N + col];
					got = c[(j * P + i) * MT * NT + qq * MT + rr];
					if (got != want && bad++ < 5)
						TH_LOG("C[%d][%d] = %g, want %g", row,
						       col, got, want);
				}
	EXPECT_EQ(0, bad);
	EXPECT_EQ(1, rd(q, WSE_REG_LAUNCHES_LO));
	EXPECT_GE((uint64_t)rd(q, WSE_REG_BUSY_NS_HI) << 32 |
		  rd(q, WSE_REG_BUSY_NS_LO), le64toh(e.device_time_ns));
}

/* Launches on two queues at once both complete, each in its queue's order. */
TEST_F(dev, launches_on_two_queues)
{
	struct qt *q = &self->q;
	struct ring *r0 = &self->r[0], *r1 = &self->r[1];
	uint32_t gemm[9] = { 0, 32, 32, 32, 0, 4096, 8192, fbits(1), 0 };
	uint32_t red[5] = { 0, 64, 0, 12288, 16384 };
	struct wse_hw_cmd c[2];
	struct wse_hw_cqe e;
	int i;

	fw_load_good(_metadata, q);
	ring_setup(_metadata, q, r0, 0, 8, 1);
	ring_setup(_metadata, q, r1, 1, 8, 2);
	c[0] = launch_cmd(K_GEMM, 0, 0, 8, 8, gemm, 9, 10);
	memset(&c[1], 0, sizeof(c[1]));
	c[1].tag = htole64(11);
	submit(q, r0, c, 2);
	c[0] = launch_cmd(K_ALLREDUCE, 8, 0, 16, 16, red, 5, 20);
	c[1] = launch_cmd(K_ALLREDUCE, 8, 0, 16, 16, red, 5, 21);
	submit(q, r1, c, 2);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, reap(q, r0, &e));
		EXPECT_EQ(10 + i, le64toh(e.tag));
		EXPECT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
		ASSERT_EQ(0, reap(q, r1, &e));
		EXPECT_EQ(20 + i, le64toh(e.tag));
		EXPECT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
	}
	EXPECT_EQ(3, rd(q, WSE_REG_LAUNCHES_LO));
}

/*
 * A long GEMM (100 x 100 PEs of 64 x 64 blocks: 0.5 TFLOP, seconds on one
 * worker): disabling its queue stops it at once and posts nothing; the
 * firmware watchdog (launch-timeout-ms edited to 1) turns it into
 * KERNEL_FAULT.
 */
TEST(long_launch_cancel_and_watchdog)
{
	uint32_t args[9] = { 0, 64, 64, 64, 0, 16384, 32768, fbits(1), 0 };
	struct qt q = { 0 };
	struct ring r;
	struct wse_hw_cmd c;
	struct wse_hw_cqe e;
	struct fw_image img;
	struct timespec t0, t1;
	uint32_t off, size, i, detail;

	dev_open(_metadata, &q, "log-width=100,log-height=100,workers=1");
	fw_load_good(_metadata, &q);
	ring_setup(_metadata, &q, &r, 0, 8, 1);
	c = launch_cmd(K_GEMM, 0, 0, 100, 100, args, 9, 1);
	submit(&q, &r, &c, 1);
	ASSERT_EQ(0, wait_reg(&q, WSE_QUEUE_REGS(0) + WSE_QREG_SQ_HEAD, ~0u, 1));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	wr(&q, WSE_QUEUE_REGS(0) + WSE_QREG_CONTROL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_EQ(0, rd(&q, WSE_QUEUE_REGS(0) + WSE_QREG_STATUS) &
		  WSE_QSTS_ENABLED);
	EXPECT_LT(t1.tv_sec - t0.tv_sec, 2);
	ASSERT_EQ(0, mem_read(&q, CQ_AREA, &e, sizeof(e)));
	EXPECT_EQ(0, le16toh(e.flags) & WSE_CQE_F_PHASE);
	EXPECT_EQ(0, rd(&q, WSE_REG_LAUNCHES_LO));

	/* The same launch under a 1 ms watchdog. */
	wr(&q, WSE_REG_RESET, WSE_RESET_KEY);
	ASSERT_EQ(0, fw_read(&img));
	off = fw_section(&img, WSE_FW_SECT_LIMITS, &size);
	ASSERT_NE(0, off);
	for (i = 0; i < size; i += 8)
		if (le32_at(img.b + off + i) == WSE_FW_LIM_LAUNCH_TIMEOUT_MS)
			put_le32(img.b + off + i + 4, 1);
	ASSERT_EQ(0, fw_resign(&img));
	ASSERT_EQ(WSE_FW_STATE_READY, fw_load(&q, &img));
	ring_setup(_metadata, &q, &r, 0, 8, 1);
	c = launch_cmd(K_GEMM, 0, 0, 100, 100, args, 9, 2);
	EXPECT_EQ(WSE_STS_KERNEL_FAULT, run1(&q, &r, &c, &detail));
	EXPECT_EQ(WSE_LAUNCH_FAULT_PE(0, 0), detail);
	EXPECT_EQ(1, rd(&q, WSE_REG_LAUNCHES_LO));
	free(img.b);
	qt_stop(&q);
}

/* A function-level reset takes the firmware away too. */
TEST_F(dev, firmware_gone_after_flr)
{
	struct qt *q = &self->q;
	int cap;

	fw_load_good(_metadata, q);
	for (cap = cfg_rd(q, 0x34) & 0xfc; cap; cap = cfg_rd(q, cap) >> 8 & 0xfc)
		if ((cfg_rd(q, cap) & 0xff) == 0x10)
			break;
	ASSERT_NE(0, cap);
	cfg_wr(q, cap + 8, cfg_rd(q, cap + 8) | 1 << 15);
	cfg_wr(q, 0x10, BAR0_ADDR);
	cfg_wr(q, 0x04, 0x6);
	EXPECT_EQ(WSE_FW_STATE_WAIT, rd(q, WSE_REG_FW_STATE));
	EXPECT_EQ(0, rd(q, WSE_REG_FW_VERSION));
	EXPECT_EQ(0, rd(q, WSE_REG_STATUS) & WSE_STATUS_FW_READY);
	fw_load_good(_metadata, q);
}

/* ---- firmware log ------------------------------------------------------ */

/* The whole ring, position 0 first, through the window; malloc'd. */
static uint8_t *fwlog_ring(struct qt *q, uint32_t size)
{
	uint8_t *ring = malloc(size);
	uint32_t i, v;

	wr(q, WSE_REG_FW_LOG_SELECT, 0);
	for (i = 0; i < size; i += 4) {
		v = rd(q, WSE_REG_FW_LOG_DATA);
		ring[i] = v;
		ring[i + 1] = v >> 8;
		ring[i + 2] = v >> 16;
		ring[i + 3] = v >> 24;
	}
	return ring;
}

/*
 * The log's text, oldest first, as a driver shows it: bytes
 * max(0, HEAD - SIZE) .. HEAD - 1, less a line cut by the wrap; malloc'd.
 */
static char *fwlog_text(struct qt *q)
{
	uint32_t size = rd(q, WSE_REG_FW_LOG_SIZE);
	uint32_t head = rd(q, WSE_REG_FW_LOG_HEAD);
	uint32_t n = head < size ? head : size, start = head - n, i;
	uint8_t *ring = fwlog_ring(q, size);
	char *text = calloc(n + 1, 1), *nl;

	for (i = 0; i < n; i++)
		text[i] = ring[(start + i) % size];
	free(ring);
	if (start && (nl = strchr(text, '\n')))
		memmove(text, nl + 1, strlen(nl + 1) + 1);
	return text;
}

/* Every line is "[seconds.micros] text"; returns the number of lines. */
static int fwlog_lines_ok(const char *text)
{
	int lines = 0;
	const char *p;

	for (p = text; *p; p = strchr(p, '\n') + 1) {
		unsigned long sec, us;
		int len = -1;

		if (!strchr(p, '\n') ||
		    sscanf(p, "[%lu.%6lu] %n", &sec, &us, &len) != 2 ||
		    len < 0 || p[len] == '\n' || us > 999999)
			return -1;
		lines++;
	}
	return lines;
}

/* The text of the last line, without its timestamp. */
static const char *fwlog_last(const char *text, char *buf, size_t len)
{
	size_t n = strlen(text);
	const char *p;

	if (n < 2)
		return "";
	for (p = text + n - 2; p > text && p[-1] != '\n'; p--)
		;
	p = strchr(p, ']') ? strchr(p, ']') + 2 : p;
	snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}

/*
 * The firmware log: loads, refusals with their reason, resets and faults
 * leave lines; resets and FLR keep them; the window wraps at SIZE.
 */
TEST(firmware_log)
{
	struct qt q = { 0 };
	struct fw_image img;
	uint32_t size, head, v, i;
	char *t, last[128];
	uint8_t *ring;
	int cap, lines;

	dev_open(_metadata, &q, "");
	size = rd(&q, WSE_REG_FW_LOG_SIZE);
	ASSERT_GE(size, 4096);
	ASSERT_EQ(0, size & (size - 1));
	/* Read-only registers stay as they are. */
	head = rd(&q, WSE_REG_FW_LOG_HEAD);
	wr(&q, WSE_REG_FW_LOG_SIZE, 64);
	wr(&q, WSE_REG_FW_LOG_HEAD, 0);
	EXPECT_EQ(size, rd(&q, WSE_REG_FW_LOG_SIZE));
	EXPECT_EQ(head, rd(&q, WSE_REG_FW_LOG_HEAD));

	/* A refused image: the reason, as the check words it. */
	ASSERT_EQ(0, fw_read(&img));
	img.b[0] ^= 0xff;
	EXPECT_EQ(WSE_FW_STATE_FAILED, fw_load(&q, &img));
	img.b[0] ^= 0xff;
	EXPECT_LT(head, rd(&q, WSE_REG_FW_LOG_HEAD));
	t = fwlog_text(&q);
	EXPECT_NE(NULL, strstr(t, "] firmware load: "));
	EXPECT_NE(NULL, strstr(t, "] firmware refused: BAD_MAGIC: magic is 0x"))
		TH_LOG("log:\n%s", t);
	free(t);

	/* The good one: version, ABI and kernel count. */
	EXPECT_EQ(WSE_FW_STATE_READY, fw_load(&q, &img));
	t = fwlog_text(&q);
	EXPECT_LT(0, fwlog_lines_ok(t)) TH_LOG("log:\n%s", t);
	EXPECT_NE(NULL, strstr(t, "] firmware accepted: "));
	EXPECT_NE(NULL, strstr(t, " version 1.0.0, ABI 1.0, ")) TH_LOG("log:\n%s", t);
	EXPECT_STRNE("", fwlog_last(t, last, sizeof(last)));
	EXPECT_EQ(0, strncmp(last, "firmware accepted: ", 19)) TH_LOG("last: %s", last);
	free(t);

	/*
	 * A register reset and an FLR keep the log, and say so in it, at
	 * the device's time: qtest's virtual clock moves only when stepped.
	 */
	qt_cmd(&q, "clock_step %llu", 1500 * 1000000ull);
	head = rd(&q, WSE_REG_FW_LOG_HEAD);
	wr(&q, WSE_REG_FW_LOG_SELECT, 40);
	wr(&q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(0, rd(&q, WSE_REG_FW_LOG_SELECT));
	EXPECT_LT(head, rd(&q, WSE_REG_FW_LOG_HEAD));
	for (cap = cfg_rd(&q, 0x34) & 0xfc; cap; cap = cfg_rd(&q, cap) >> 8 & 0xfc)
		if ((cfg_rd(&q, cap) & 0xff) == 0x10)
			break;
	ASSERT_NE(0, cap);
	cfg_wr(&q, cap + 8, cfg_rd(&q, cap + 8) | 1 << 15);
	cfg_wr(&q, 0x10, BAR0_ADDR);
	cfg_wr(&q, 0x14, BAR0_ADDR >> 32);
	cfg_wr(&q, 0x04, 0x6);
	EXPECT_EQ(WSE_FW_STATE_WAIT, rd(&q, WSE_REG_FW_STATE));
	t = fwlog_text(&q);
	EXPECT_NE(NULL, strstr(t, "] firmware accepted: "));
	EXPECT_NE(NULL, strstr(t, "\n[    1.500000] register reset (reset count 1)\n"))
		TH_LOG("log:\n%s", t);
	EXPECT_EQ(0, strcmp(fwlog_last(t, last, sizeof(last)),
			    "function level or bus reset")) TH_LOG("last: %s", last);
	free(t);

	/* An injected crash: the injection, then the crash. */
	EXPECT_EQ(WSE_FW_STATE_READY, fw_load(&q, &img));
	ASSERT_EQ(0, inject(&q, "inject-fw-crash", "true"));
	t = fwlog_text(&q);
	EXPECT_NE(NULL, strstr(t, "] fault injected: fw-crash true\n["));
	EXPECT_EQ(0, strncmp(fwlog_last(t, last, sizeof(last)),
			     "firmware crashed: inject-fw-crash", 33))
		TH_LOG("last: %s", last);
	free(t);
	wr(&q, WSE_REG_RESET, WSE_RESET_KEY);

	/* Queue errors and disables, until the ring has wrapped. */
	while (rd(&q, WSE_REG_FW_LOG_HEAD) - head < size + size / 2) {
		wr(&q, WSE_QUEUE_REGS(0) + WSE_QREG_CONTROL, WSE_QCTL_ENABLE);
		wr(&q, WSE_QUEUE_REGS(0) + WSE_QREG_CONTROL, 0);
	}
	head = rd(&q, WSE_REG_FW_LOG_HEAD);
	t = fwlog_text(&q);
	lines = fwlog_lines_ok(t);
	EXPECT_LT(size / 64, lines) TH_LOG("log:\n%s", t);
	EXPECT_GT(size, strlen(t));
	EXPECT_EQ(NULL, strstr(t, "firmware accepted"));
	EXPECT_EQ(0, strcmp(fwlog_last(t, last, sizeof(last)), "queue 0 disabled"))
		TH_LOG("last: %s", last);
	free(t);

	/* The window: taken modulo SIZE, wrapping from the end to 0. */
	ring = fwlog_ring(&q, size);
	wr(&q, WSE_REG_FW_LOG_SELECT, size + 8);
	EXPECT_EQ(8, rd(&q, WSE_REG_FW_LOG_SELECT));
	wr(&q, WSE_REG_FW_LOG_SELECT, 2 * size - 2);
	EXPECT_EQ(size - 2, rd(&q, WSE_REG_FW_LOG_SELECT));
	v = rd(&q, WSE_REG_FW_LOG_DATA);
	EXPECT_EQ(2, rd(&q, WSE_REG_FW_LOG_SELECT));
	EXPECT_EQ(ring[size - 2] | ring[size - 1] << 8 | ring[0] << 16 |
		  (uint32_t)ring[1] << 24, v);
	v = rd(&q, WSE_REG_FW_LOG_DATA);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(ring[2 + i], (v >> (8 * i)) & 0xff);
	/* Reading the log writes nothing to it. */
	EXPECT_EQ(head, rd(&q, WSE_REG_FW_LOG_HEAD));
	free(ring);
	free(img.b);
	qt_stop(&q);
}

/*
 * The benchmark shape through the whole device: C = A B, 1024 x 1024 fp32
 * on 16 x 16 PEs of 64 x 64 blocks. The data is left as zeros (the time
 * does not depend on it); the completion record's device_time_ns gives
 * the rate, logged for the record.
 */
TEST(gemm_1024_device_time)
{
	uint32_t args[9] = { 0, 64, 64, 64, 0, 16384, 32768, fbits(1), 0 };
	struct qt q = { 0 };
	struct ring r;
	struct wse_hw_cmd c;
	struct wse_hw_cqe e;
	uint64_t best = ~0ull;
	int i;

	dev_open(_metadata, &q, "");
	fw_load_good(_metadata, &q);
	ring_setup(_metadata, &q, &r, 0, 8, 1);
	for (i = 0; i < 20; i++) {
		c = launch_cmd(K_GEMM, 0, 0, 16, 16, args, 9, i);
		submit(&q, &r, &c, 1);
		/* Poll gently: QEMU's main loop must not take the workers' CPUs. */
		ASSERT_EQ(0, reap_every(&q, &r, &e, 1000000));
		ASSERT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
		if (le64toh(e.device_time_ns) < best)
			best = le64toh(e.device_time_ns);
	}
	TH_LOG("gemm 1024x1024x1024 fp32 in the device: %.2f ms, %.1f GFLOP/s",
	       best / 1e6, 2.0 * 1024 * 1024 * 1024 / best);
	EXPECT_EQ(20, rd(&q, WSE_REG_LAUNCHES_LO));
	qt_stop(&q);
}

/*
 * Fault injection (Documentation/device-spec.rst, "Fault injection") and
 * the PROGRESS register, on the small wafer.
 */
FIXTURE(inj) {
	struct qt q;
	struct ring r[2];
};

FIXTURE_SETUP(inj)
{
	dev_open(_metadata, &self->q, "workers=2");
}

FIXTURE_TEARDOWN(inj)
{
	qt_stop(&self->q);
}

static uint64_t progress(struct qt *q, int id)
{
	uint32_t lo = rd(q, WSE_QUEUE_REGS(id) + WSE_QREG_PROGRESS_LO);

	return (uint64_t)rd(q, WSE_QUEUE_REGS(id) + WSE_QREG_PROGRESS_HI) << 32 |
	       lo;
}

/* Is the ring's next completion record posted? */
static int cqe_posted(struct qt *q, struct ring *r)
{
	struct wse_hw_cqe e;

	if (mem_read(q, CQ_AREA + r->id * 0x10000ull +
		     r->cq_head * sizeof(e), &e, sizeof(e)))
		return -1;
	return (le16toh(e.flags) & WSE_CQE_F_PHASE) == r->phase;
}

/*
 * A fault must keep something from happening: watch for @ms that the
 * ring posts nothing and its PROGRESS stays put. (There is no event to
 * wait for, so this is a bounded watch, not a sleep standing in for one.)
 */
static int stays_stuck(struct qt *q, struct ring *r, long ms)
{
	uint64_t p = progress(q, r->id);
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if (cqe_posted(q, r) || progress(q, r->id) != p)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 +
		 (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
	return 1;
}

/* 4 x 4 PEs of 64 fp32 at @off: 4 KiB, the unit of the tests below. */
static struct wse_hw_cmd dma4k(int op, uint32_t off, uint64_t tag)
{
	return dma_cmd(op, WSE_CMD_F_SGL_INLINE, DATA_AREA, 4096, 0, 0, 4, 4,
		       64, off, tag);
}

static struct wse_hw_cmd nop(uint64_t tag)
{
	struct wse_hw_cmd c;

	memset(&c, 0, sizeof(c));
	c.tag = htole64(tag);
	return c;
}

TEST_F(inj, progress_counts_bytes)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_hw_cmd c;

	ring_setup(_metadata, q, r, 0, 8, 1);
	EXPECT_EQ(0, progress(q, 0));
	c = nop(1);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	EXPECT_EQ(0, progress(q, 0));
	c = dma4k(WSE_OP_DMA_H2F, 0, 2);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	EXPECT_EQ(4096, progress(q, 0));
	c = dma4k(WSE_OP_DMA_F2H, 0, 3);
	ASSERT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	EXPECT_EQ(8192, progress(q, 0));
	/* Only this queue's work counts; enabling starts from zero. */
	ring_setup(_metadata, q, &self->r[1], 1, 8, 2);
	EXPECT_EQ(0, progress(q, 1));
	EXPECT_EQ(8192, progress(q, 0));
	ring_setup(_metadata, q, r, 0, 8, 1);
	EXPECT_EQ(0, progress(q, 0));
}

/* inject-slow-us: the data moves (PROGRESS shows it), the record waits. */
TEST_F(inj, slow_completion_after_progress)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_hw_cmd c = dma4k(WSE_OP_DMA_H2F, 0, 1);
	struct wse_hw_cqe e;

	ring_setup(_metadata, q, r, 0, 8, 1);
	ASSERT_EQ(0, inject(q, "inject-slow-us", "200000"));
	EXPECT_EQ(200000, inject_get(q, "inject-slow-us"));
	submit(q, r, &c, 1);
	ASSERT_EQ(0, wait_reg(q, WSE_QUEUE_REGS(0) + WSE_QREG_PROGRESS_LO,
			      ~0u, 4096));
	EXPECT_EQ(0, cqe_posted(q, r));
	/* The delay runs on the device's virtual clock. */
	qt_cmd(q, "clock_step %llu", 150 * 1000000ull);
	EXPECT_EQ(0, cqe_posted(q, r));
	qt_cmd(q, "clock_step %llu", 60 * 1000000ull);
	ASSERT_EQ(0, reap(q, r, &e));
	EXPECT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
	/* Persistent until set back, and a reset keeps it. */
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(200000, inject_get(q, "inject-slow-us"));
	ASSERT_EQ(0, inject(q, "inject-slow-us", "0"));
	ring_setup(_metadata, q, r, 0, 8, 1);
	c = nop(2);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
}

TEST_F(inj, dma_fail_counts_down)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	struct wse_hw_cmd c;
	uint32_t detail = 1;

	ring_setup(_metadata, q, r, 0, 8, 1);
	ASSERT_EQ(0, inject(q, "inject-dma-fail", "2"));
	/* Commands without host memory are not affected. */
	c = nop(1);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	EXPECT_EQ(2, inject_get(q, "inject-dma-fail"));
	c = dma4k(WSE_OP_DMA_H2F, 0, 2);
	EXPECT_EQ(WSE_STS_HOST_DMA, run1(q, r, &c, &detail));
	EXPECT_EQ(0, detail);
	c = dma4k(WSE_OP_DMA_F2H, 0, 3);
	EXPECT_EQ(WSE_STS_HOST_DMA, run1(q, r, &c, NULL));
	EXPECT_EQ(0, inject_get(q, "inject-dma-fail"));
	EXPECT_EQ(0, progress(q, 0));
	/* No hang, no queue error: the next one works. */
	c = dma4k(WSE_OP_DMA_H2F, 0, 4);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_ERROR));
	/* One-shot: a reset drops what is left. */
	ASSERT_EQ(0, inject(q, "inject-dma-fail", "5"));
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(0, inject_get(q, "inject-dma-fail"));
}

TEST_F(inj, corrupt_cqe_tag)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint32_t v[1024], back[64];
	struct wse_hw_cmd c;
	struct wse_hw_cqe e;
	int i;

	for (i = 0; i < 1024; i++)
		v[i] = htole32(0xc0de0000u + i);
	mem_write(q, DATA_AREA, v, sizeof(v));
	ring_setup(_metadata, q, r, 0, 8, 1);
	ASSERT_EQ(0, inject(q, "inject-corrupt-cqe", "1"));
	c = dma4k(WSE_OP_DMA_H2F, 256, 0x77);
	submit(q, r, &c, 1);
	ASSERT_EQ(0, reap(q, r, &e));
	EXPECT_EQ(0x77 ^ 0x8000000000000000ull, le64toh(e.tag));
	EXPECT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
	/* The command itself ran. */
	ap_read(q, 0, 0, 256, back, sizeof(back));
	EXPECT_EQ(0, memcmp(v, back, sizeof(back)));
	c = nop(0x78);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
	EXPECT_EQ(0, inject_get(q, "inject-corrupt-cqe"));
}

TEST_F(inj, hang_queue_until_cleared_or_reset)
{
	struct qt *q = &self->q;
	struct ring *r0 = &self->r[0], *r1 = &self->r[1];
	struct wse_hw_cmd c;
	struct wse_hw_cqe e;

	ring_setup(_metadata, q, r0, 0, 8, 1);
	ring_setup(_metadata, q, r1, 1, 8, 2);
	ASSERT_EQ(0, inject(q, "inject-hang-queue", "0"));
	EXPECT_EQ(0, inject_get(q, "inject-hang-queue"));
	c = dma4k(WSE_OP_DMA_H2F, 0, 1);
	submit(q, r0, &c, 1);
	/* The other queue is not affected. */
	c = dma4k(WSE_OP_DMA_H2F, 4096, 2);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r1, &c, NULL));
	EXPECT_TRUE(stays_stuck(q, r0, 300));
	EXPECT_EQ(0, progress(q, 0));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_SQ_HEAD));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_COMPLETED_LO));
	/* Lifting it lets the queue carry on. */
	ASSERT_EQ(0, inject(q, "inject-hang-queue", "-1"));
	ASSERT_EQ(0, reap(q, r0, &e));
	EXPECT_EQ(1, le64toh(e.tag));
	EXPECT_EQ(4096, progress(q, 0));

	/* Again, this time ended by a reset, which clears it. */
	ASSERT_EQ(0, inject(q, "inject-hang-queue", "0"));
	c = nop(3);
	submit(q, r0, &c, 1);
	EXPECT_TRUE(stays_stuck(q, r0, 200));
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(-1, inject_get(q, "inject-hang-queue"));
	ring_setup(_metadata, q, r0, 0, 8, 1);
	c = nop(4);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r0, &c, NULL));
}

TEST_F(inj, hang_launch_until_disable_or_reset)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint32_t add[5] = { 0, 16, 0, 64, 128 };
	struct wse_hw_cmd c;
	struct wse_hw_cqe e;

	fw_load_good(_metadata, q);
	ring_setup(_metadata, q, r, 0, 8, 1);
	ASSERT_EQ(0, inject(q, "inject-hang-launch", "1"));
	c = launch_cmd(K_ADD, 0, 0, 4, 4, add, 5, 1);
	submit(q, r, &c, 1);
	ASSERT_EQ(0, wait_reg(q, WSE_QUEUE_REGS(0) + WSE_QREG_SQ_HEAD, ~0u, 1));
	EXPECT_EQ(0, inject_get(q, "inject-hang-launch"));
	EXPECT_TRUE(stays_stuck(q, r, 300));
	EXPECT_EQ(0, progress(q, 0));
	EXPECT_EQ(0, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_STATUS) &
		  WSE_QSTS_IDLE);
	/* Disabling the queue ends it; the same launch then runs. */
	wr(q, WSE_QUEUE_REGS(0) + WSE_QREG_CONTROL, 0);
	EXPECT_EQ(WSE_QSTS_IDLE, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_STATUS));
	ring_setup(_metadata, q, r, 0, 8, 1);
	c = launch_cmd(K_ADD, 0, 0, 4, 4, add, 5, 2);
	submit(q, r, &c, 1);
	ASSERT_EQ(0, reap(q, r, &e));
	EXPECT_EQ(WSE_STS_SUCCESS, le32toh(e.status));
	EXPECT_GT(progress(q, 0), 0);

	/* The next two hang; a reset ends the first and clears the count. */
	ASSERT_EQ(0, inject(q, "inject-hang-launch", "2"));
	c = launch_cmd(K_ADD, 0, 0, 4, 4, add, 5, 3);
	submit(q, r, &c, 1);
	EXPECT_TRUE(stays_stuck(q, r, 200));
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(0, inject_get(q, "inject-hang-launch"));
	EXPECT_EQ(0, rd(q, WSE_REG_STATUS));
	fw_load_good(_metadata, q);
	ring_setup(_metadata, q, r, 0, 8, 1);
	c = launch_cmd(K_ADD, 0, 0, 4, 4, add, 5, 4);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(q, r, &c, NULL));
}

TEST_F(inj, heartbeat_stop)
{
	struct qt *q = &self->q;
	uint32_t hb;

	fw_load_good(_metadata, q);
	ASSERT_EQ(0, inject(q, "inject-heartbeat-stop", "true"));
	hb = rd(q, WSE_REG_FW_HEARTBEAT);
	qt_cmd(q, "clock_step %llu", 500 * 1000000ull);
	EXPECT_EQ(hb, rd(q, WSE_REG_FW_HEARTBEAT));
	/* Wedged, yet it says it is fine. */
	EXPECT_EQ(WSE_STATUS_FW_READY, rd(q, WSE_REG_STATUS));
	ASSERT_EQ(0, inject(q, "inject-heartbeat-stop", "false"));
	qt_cmd(q, "clock_step %llu", 500 * 1000000ull);
	EXPECT_LT(hb, rd(q, WSE_REG_FW_HEARTBEAT));
	ASSERT_EQ(0, inject(q, "inject-heartbeat-stop", "true"));
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(0, inject_get(q, "inject-heartbeat-stop"));
	fw_load_good(_metadata, q);
	hb = rd(q, WSE_REG_FW_HEARTBEAT);
	qt_cmd(q, "clock_step %llu", 500 * 1000000ull);
	EXPECT_LT(hb, rd(q, WSE_REG_FW_HEARTBEAT));
}

/*
 * A firmware crash in the middle of a long kernel (100 x 100 PEs of
 * 64 x 64 GEMM blocks, seconds on one worker), after its PROGRESS has
 * been seen to advance: fatal status and event, no heartbeat, the kernel
 * stops, nothing completes; a reset brings the device back quickly.
 */
TEST(fw_crash_during_long_launch)
{
	uint32_t args[9] = { 0, 64, 64, 64, 0, 16384, 32768, fbits(1), 0 };
	struct qt q = { 0 };
	struct ring r;
	struct wse_hw_cmd c;
	struct timespec t0, t1;
	uint64_t p0, p1;
	uint32_t hb;

	dev_open(_metadata, &q, "log-width=100,log-height=100,workers=1");
	fw_load_good(_metadata, &q);
	ring_setup(_metadata, &q, &r, 0, 8, 1);
	c = launch_cmd(K_GEMM, 0, 0, 100, 100, args, 9, 1);
	submit(&q, &r, &c, 1);
	ASSERT_EQ(0, wait_reg(&q, WSE_QUEUE_REGS(0) + WSE_QREG_SQ_HEAD, ~0u, 1));
	/* PROGRESS moves while the kernel runs, before any completion. */
	p0 = progress(&q, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		p1 = progress(&q, 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (p1 == p0 && t1.tv_sec - t0.tv_sec < 10);
	EXPECT_GT(p1, p0);
	EXPECT_EQ(0, cqe_posted(&q, &r));

	mem_zero(&q, MSI_AREA, 4);
	ASSERT_EQ(0, inject(&q, "inject-fw-crash", "true"));
	EXPECT_EQ(1, inject_get(&q, "inject-fw-crash"));
	EXPECT_EQ(WSE_STATUS_FATAL | WSE_STATUS_QUEUES_ACTIVE,
		  rd(&q, WSE_REG_STATUS));
	EXPECT_EQ(WSE_ERR_FW_CRASH, rd(&q, WSE_REG_ERROR_CODE));
	EXPECT_EQ(WSE_FW_STATE_CRASHED, rd(&q, WSE_REG_FW_STATE));
	EXPECT_EQ(WSE_EVENT_FATAL, rd(&q, WSE_REG_EVENT_CAUSE) &
		  WSE_EVENT_FATAL);
	EXPECT_EQ(MSIX_MAGIC | 0, msi_word(&q, 0));
	hb = rd(&q, WSE_REG_FW_HEARTBEAT);
	qt_cmd(&q, "clock_step %llu", 500 * 1000000ull);
	EXPECT_EQ(hb, rd(&q, WSE_REG_FW_HEARTBEAT));
	/* The kernel stopped and its queue posts nothing. */
	EXPECT_TRUE(stays_stuck(&q, &r, 300));
	/* A new LOAD needs a reset first. */
	wr(&q, WSE_REG_FW_CONTROL, WSE_FW_CMD_LOAD);
	EXPECT_EQ(WSE_FW_STATE_CRASHED, rd(&q, WSE_REG_FW_STATE));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	wr(&q, WSE_REG_RESET, WSE_RESET_KEY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_LT(t1.tv_sec - t0.tv_sec, 2);
	EXPECT_EQ(0, rd(&q, WSE_REG_STATUS));
	EXPECT_EQ(WSE_ERR_NONE, rd(&q, WSE_REG_ERROR_CODE));
	EXPECT_EQ(0, inject_get(&q, "inject-fw-crash"));
	fw_load_good(_metadata, &q);
	ring_setup(_metadata, &q, &r, 0, 8, 1);
	c = nop(2);
	EXPECT_EQ(WSE_STS_SUCCESS, run1(&q, &r, &c, NULL));
	qt_stop(&q);
}

/*
 * inject-mmio-dead: BAR0 (registers and MSI-X table) and the aperture
 * read all-ones and drop writes; no DMA and no MSI-X until it is lifted,
 * then the device carries on as it was.
 */
TEST_F(inj, mmio_dead_and_back)
{
	struct qt *q = &self->q;
	struct ring *r = &self->r[0];
	uint64_t v = 0x1122334455667788ull, back = 0;
	struct wse_hw_cmd c = nop(9);
	struct wse_hw_cqe e;

	ring_setup(_metadata, q, r, 0, 8, 1);
	wr(q, WSE_REG_APERTURE_BASE_HI, 2);
	mem_write(q, BAR2_ADDR + 32, &v, 8);
	/* A command held back, to be released while the device is dead. */
	ASSERT_EQ(0, inject(q, "inject-hang-queue", "0"));
	submit(q, r, &c, 1);
	mem_zero(q, MSI_AREA, 4 * WSE_MSIX_VECTORS);

	ASSERT_EQ(0, inject(q, "inject-mmio-dead", "true"));
	EXPECT_EQ(1, inject_get(q, "inject-mmio-dead"));
	EXPECT_EQ(0xffffffffu, rd(q, WSE_REG_MAGIC));
	EXPECT_EQ(0xffffffffu, rd(q, WSE_REG_STATUS));
	EXPECT_EQ(0xffffffffu, rd(q, WSE_QUEUE_REGS(0) + WSE_QREG_PROGRESS_LO));
	EXPECT_EQ(0xffffffffu, rd(q, WSE_BAR0_MSIX_TABLE_OFFSET + 8));
	mem_read(q, BAR2_ADDR + 32, &back, 8);
	EXPECT_EQ(~0ull, back);
	/* Writes go nowhere. */
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	wr(q, WSE_REG_APERTURE_BASE_HI, 5);
	back = 0;
	mem_write(q, BAR2_ADDR + 32, &back, 8);
	/* Released, but a dead device does no DMA and sends no MSI-X. */
	ASSERT_EQ(0, inject(q, "inject-hang-queue", "-1"));
	EXPECT_TRUE(stays_stuck(q, r, 300));
	EXPECT_EQ(0, msi_word(q, 1));

	ASSERT_EQ(0, inject(q, "inject-mmio-dead", "false"));
	EXPECT_EQ(WSE_MAGIC, rd(q, WSE_REG_MAGIC));
	EXPECT_EQ(0, rd(q, WSE_REG_RESET_COUNT));
	EXPECT_EQ(2, rd(q, WSE_REG_APERTURE_BASE_HI));
	mem_read(q, BAR2_ADDR + 32, &back, 8);
	EXPECT_EQ(v, back);
	ASSERT_EQ(0, reap(q, r, &e));
	EXPECT_EQ(9, le64toh(e.tag));
	EXPECT_EQ(MSIX_MAGIC | 1, msi_word(q, 1));
	/* Persistent: a reset does not revive a dead device. */
	ASSERT_EQ(0, inject(q, "inject-mmio-dead", "true"));
	wr(q, WSE_REG_RESET, WSE_RESET_KEY);
	EXPECT_EQ(1, inject_get(q, "inject-mmio-dead"));
	ASSERT_EQ(0, inject(q, "inject-mmio-dead", "false"));
	EXPECT_EQ(0, rd(q, WSE_REG_RESET_COUNT));
}

TEST_F(inj, bad_values_refused)
{
	struct qt *q = &self->q;

	EXPECT_EQ(-1, inject(q, "inject-hang-queue", "16"));
	EXPECT_EQ(-1, inject(q, "inject-hang-queue", "-2"));
	EXPECT_EQ(-1, inject(q, "inject-dma-fail", "-1"));
	EXPECT_EQ(-1, inject(q, "inject-mmio-dead", "\"yes\""));
	EXPECT_EQ(-1, inject_get(q, "inject-hang-queue"));
	EXPECT_EQ(0, inject_get(q, "inject-dma-fail"));
	EXPECT_EQ(0, inject_get(q, "inject-mmio-dead"));
	EXPECT_EQ(WSE_MAGIC, rd(q, WSE_REG_MAGIC));
}

/* fault-inject=off: no capability bit and no properties. */
TEST(fault_inject_off)
{
	struct qt q = { 0 };

	dev_open(_metadata, &q, "fault-inject=off");
	EXPECT_EQ(0, rd(&q, WSE_REG_CAPS) & WSE_CAP_FAULT_INJECT);
	EXPECT_EQ(-1, inject(&q, "inject-mmio-dead", "true"));
	EXPECT_EQ(-999, inject_get(&q, "inject-mmio-dead"));
	EXPECT_EQ(WSE_MAGIC, rd(&q, WSE_REG_MAGIC));
	qt_stop(&q);
}

/* TEST_HARNESS_MAIN, plus a clean TAP skip when there is no QEMU to test. */
static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

int main(int argc, char **argv)
{
	qemu_path = getenv("WSE_QEMU");
	fw_image_path = getenv("WSE_FW_IMAGE");
	fw_key_path = getenv("WSE_FW_KEY");
	if (!qemu_path || access(qemu_path, X_OK)) {
		ksft_print_header();
		ksft_exit_skip("set WSE_QEMU to a qemu-system-x86_64 with the wse device (make run-device)\n");
	}
	if (!fw_image_path || access(fw_image_path, R_OK) || !fw_key_path ||
	    access(fw_key_path, R_OK)) {
		ksft_print_header();
		ksft_exit_skip("set WSE_FW_IMAGE to build/firmware/wse3.bin and WSE_FW_KEY to firmware/keys/wse-dev.key (make run-device)\n");
	}
	return test_harness_run(argc, argv);
}
