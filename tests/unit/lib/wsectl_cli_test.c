// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsectl's run and fw commands end to end against the fake driver and
 * device (fake_accel.c), through wsectl's own main(): what they print,
 * what they say when something is wrong, and their exit status. The fake
 * device runs 'add' on fp32 data for real, so `run add --verify` checks a
 * real result, and a poisoned element must be reported by name and PE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wsectl_capture.h"
#include "fake_accel.h"
#include "wse_hw.h"

FIXTURE(cli) {
	struct outcome o;
	char image[64];
};

FIXTURE_SETUP(cli)
{
	fake_reset();
	strcpy(self->image, "/tmp/wse-cli-test.XXXXXX");
}

FIXTURE_TEARDOWN(cli)
{
	unlink(self->image);
	fake_cleanup();
}

#define CONTAINS(hay, needle)	EXPECT_NE(NULL, strstr(hay, needle)) TH_LOG("in: %s", hay)

TEST_F(cli, run_add_verifies)
{
	wsectl(&self->o, "run", "add", "--n", "64", "--rect", "1,1,3,2", "--verify", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("stderr: %s", self->o.err);
	CONTAINS(self->o.out, "add (kernel 3) on device 0000:3a:1f.1 (/dev/null): fp32, n=64");
	CONTAINS(self->o.out, "on 3x2 PEs at (1,1) of the context");
	CONTAINS(self->o.out, "verify: OK, 384 of 384 results checked");
	CONTAINS(self->o.out, "tolerance: |err| <= 1.41e-05 x sum|terms|");
	EXPECT_STREQ("", self->o.err);
	/* One LAUNCH of kernel 3 on the rectangle at (1,1) of a 4x3 context. */
	{
		const struct drm_wse_cmd *launch = NULL;
		unsigned int i;

		for (i = 0; i < fake.nr_cmds; i++)
			if (fake.cmds[i].opcode == DRM_WSE_CMD_LAUNCH)
				launch = &fake.cmds[i];
		ASSERT_NE(NULL, launch);
		EXPECT_EQ(3u, launch->launch.kernel_id);
		EXPECT_EQ(1, launch->launch.x);
		EXPECT_EQ(1, launch->launch.y);
		EXPECT_EQ(3, launch->launch.width);
		EXPECT_EQ(2, launch->launch.height);
		EXPECT_EQ(64u, launch->launch.args[1]);
	}
}

TEST_F(cli, run_reports_a_wrong_element)
{
	fake.add_poison = true;
	fake.add_poison_x = 2;
	fake.add_poison_y = 1;
	fake.add_poison_e = 5;
	wsectl(&self->o, "run", "add", "--n", "8", "--rect", "3,2", "--verify", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "z[5] of PE (2,1) (PE (2,1) of the launch, element 5): got");
	CONTAINS(self->o.out, "verify: FAILED, 48 of 48 results checked");
	CONTAINS(self->o.out, "1 outside the tolerance");
}

TEST_F(cli, run_json)
{
	wsectl(&self->o, "--json", "run", "add", "--n", "16", "--verify", NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("stderr: %s", self->o.err);
	CONTAINS(self->o.out, "\"kernel\": \"add\"");
	CONTAINS(self->o.out, "\"kernel_id\": 3");
	CONTAINS(self->o.out, "\"pci_address\": \"0000:3a:1f.1\"");
	CONTAINS(self->o.out, "\"device_time_ns\": 1000");
	CONTAINS(self->o.out, "\"ok\": true");
	CONTAINS(self->o.out, "\"checked\": 256");
}

TEST_F(cli, run_without_firmware)
{
	fake.info.fw_state = DRM_WSE_FW_STATE_FAILED;
	fake.info.fw_error = WSE_FW_ERR_BAD_SIGNATURE;
	wsectl(&self->o, "run", "add", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "device 0000:3a:1f.1 (/dev/null) runs no firmware: it refused "
		 "the last image (bad_signature: the image's signature does not verify");
	CONTAINS(self->o.err, "wsectl fw load FILE");
	EXPECT_EQ(0u, fake.submit_calls);
}

TEST_F(cli, run_kernel_or_type_missing_from_firmware)
{
	fake.kernels[1].name[0] = 'x';	/* gemm -> xemm */
	wsectl(&self->o, "run", "gemm", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "(version 1.2.3) has no kernel 'gemm'");
	fake.kernels[2].dtypes = WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32);
	wsectl(&self->o, "run", "add", "--dtype", "f16", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "kernel 'add' of device 0000:3a:1f.1 (/dev/null)'s firmware does "
		 "not take fp16 data");
}

TEST_F(cli, run_usage_errors)
{
	static const char *const cases[][4] = {
		{ "frob", NULL },
		{ "add", "--op", "max" },
		{ "gemm", "--iters", "3" },
		{ "reduce_all", "--op", "mean" },
		{ "add", "--rect", "0,0" },
		{ "add", "--n", "0" },
		{ "gemm", "--alpha", "inf" },
		{ "stencil5", "--coef", "1,2,3" },
		{ "add", "--pes", "2" },	/* with --rect below */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (i + 1 == ARRAY_SIZE(cases))
			wsectl(&self->o, "run", cases[i][0], cases[i][1], cases[i][2], "--rect",
			       "2,2", NULL);
		else
			wsectl(&self->o, "run", cases[i][0], cases[i][1], cases[i][2], NULL);
		EXPECT_EQ(64, self->o.status) TH_LOG("case %u: %s", i, self->o.err);
		EXPECT_NE(NULL, strstr(self->o.err, "wsectl: run: "));
	}
	/* A shape the kernel cannot take is a usage error too, with the reason. */
	wsectl(&self->o, "run", "gemm", "--size", "100", "--pes", "3", NULL);
	EXPECT_EQ(64, self->o.status);
	CONTAINS(self->o.err, "needs M, K and N to be multiples of 3");
	/* One that does not fit the device is a failure. */
	wsectl(&self->o, "run", "gemm", "--size", "4096", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "fitting a PE's 49152 bytes");
	EXPECT_EQ(0u, fake.submit_calls);
}

TEST_F(cli, run_device_failure)
{
	fake.fail_cmd = 3;	/* two H2F copies, then the LAUNCH */
	fake.fail_status = WSE_STS_KERNEL_ARGS;
	wsectl(&self->o, "run", "add", "--n", "4", "--rect", "1,1", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "kernel add failed on the device: kernel arguments do not match "
		 "its signature (status 7)");
}

TEST_F(cli, fw_show)
{
	wsectl(&self->o, "fw", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "Firmware of device 0000:3a:1f.1 (/dev/null)");
	CONTAINS(self->o.out, "  Version    1.2.3\n");
	CONTAINS(self->o.out, "  Kernels    11\n");
	CONTAINS(self->o.out, "      2  gemm           1.0      tnnnoooff    f32,f16\n");
	CONTAINS(self->o.out, "     11  stencil5       1.0      tnnoofffff   f32,f16\n");

	fake.info.fw_state = DRM_WSE_FW_STATE_FAILED;
	fake.info.fw_error = WSE_FW_ERR_UNSIGNED;
	wsectl(&self->o, "--json", "fw", "show", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "\"state\": \"failed\"");
	CONTAINS(self->o.out, "\"name\": \"unsigned\"");
	CONTAINS(self->o.out, "\"kernels\": []");
}

TEST_F(cli, fw_load)
{
	unsigned char img[256] = "WSFW";
	int fd = mkstemp(self->image);

	ASSERT_GE(fd, 0);
	ASSERT_EQ((ssize_t)sizeof(img), write(fd, img, sizeof(img)));
	close(fd);
	fake.info.fw_state = DRM_WSE_FW_STATE_WAIT;
	wsectl(&self->o, "fw", "load", self->image, NULL);
	EXPECT_EQ(0, self->o.status) TH_LOG("stderr: %s", self->o.err);
	CONTAINS(self->o.out, "Loaded /tmp/wse-cli-test.");
	CONTAINS(self->o.out, "  State      ready\n");
	EXPECT_EQ(sizeof(img), fake.fw_load_size);

	fake.fw_load_errno = EPERM;
	wsectl(&self->o, "fw", "load", self->image, NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "loading firmware needs CAP_SYS_ADMIN; run 'wsectl fw load' as "
		 "root");
	fake.fw_load_errno = 0;

	fake.fw_refuse = WSE_FW_ERR_BAD_HASH;
	wsectl(&self->o, "fw", "load", self->image, NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "refused /tmp/wse-cli-test.");
	CONTAINS(self->o.err, "the image is corrupt (SHA-256 digest mismatch) (bad_hash); the "
		 "device now runs no firmware");
	fake.fw_refuse = 0;

	img[0] = 'X';
	fd = open(self->image, O_WRONLY | O_TRUNC);
	ASSERT_EQ((ssize_t)sizeof(img), write(fd, img, sizeof(img)));
	close(fd);
	wsectl(&self->o, "fw", "load", self->image, NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "the running firmware is unchanged");

	wsectl(&self->o, "fw", "load", "/nonexistent/x.bin", NULL);
	EXPECT_EQ(1, self->o.status);
	CONTAINS(self->o.err, "fw load: /nonexistent/x.bin: No such file or directory");
	wsectl(&self->o, "fw", "load", NULL);
	EXPECT_EQ(64, self->o.status);
	wsectl(&self->o, "fw", "flash", NULL);
	EXPECT_EQ(64, self->o.status);
	CONTAINS(self->o.err, "unknown subcommand 'flash'");
	EXPECT_EQ(4u, fake.fw_loads);
}

TEST_F(cli, help_lists_the_commands)
{
	wsectl(&self->o, "--help", NULL);
	EXPECT_EQ(0, self->o.status);
	CONTAINS(self->o.out, "  run        Run a firmware kernel");
	CONTAINS(self->o.out, "  fw         Show the firmware");
	wsectl(&self->o, "help", "run", NULL);
	CONTAINS(self->o.out, "--op OP");
}

TEST_HARNESS_MAIN
