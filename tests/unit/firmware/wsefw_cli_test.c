// SPDX-License-Identifier: GPL-2.0-only
/*
 * The wsefw command line: exit status and messages of build, info and
 * verify on good images, refused images and bad usage.
 */
#include <stdarg.h>
#include <sys/wait.h>

#include "kselftest_harness.h"

#include "fw_test_util.h"

static const char *wsefw = WSEFW;

/* Run "wsefw ARGS" with both streams captured; returns the exit status. */
static int run(char *out, size_t outlen, const char *fmt, ...)
{
	char cmd[4096];
	size_t n = 0;
	va_list ap;
	FILE *p;
	int st;

	n = snprintf(cmd, sizeof(cmd), "%s ", wsefw);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - n, fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, outlen - 1, p);
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define KEY	WSE_TOP "/firmware/keys/wse-dev.key"

TEST(build_verify_info)
{
	char out[16384], *desc = write_tmp(BASE_DESC);
	char img[64];

	snprintf(img, sizeof(img), "%s.bin", desc);
	ASSERT_EQ(0, run(out, sizeof(out), "build --key %s -o %s %s", KEY, img,
			 desc)) {
		TH_LOG("%s", out);
	}
	EXPECT_STREQ("", out);
	ASSERT_EQ(0, run(out, sizeof(out), "verify %s", img));
	EXPECT_NE(NULL, strstr(out, ": OK: image test 2.3.4"));
	ASSERT_EQ(0, run(out, sizeof(out), "info %s", img));
	EXPECT_NE(NULL, strstr(out, "version       2.3.4"));
	EXPECT_NE(NULL, strstr(out, "heartbeat-ms         20"));
	EXPECT_NE(NULL, strstr(out, "gemm"));
	EXPECT_NE(NULL, strstr(out, "HMAC-SHA256"));
	EXPECT_NE(NULL, strstr(out, "  hello"));
	EXPECT_NE(NULL, strstr(out, "check:\n  OK"));
	/* The device's SRAM matters for min-pe-sram. */
	EXPECT_EQ(1, run(out, sizeof(out), "verify --pe-sram 1024 %s", img));
	EXPECT_NE(NULL, strstr(out, "refused: BAD_ABI"));
	unlink(img);
	unlink(desc);
	free(desc);
}

TEST(refused_images)
{
	char out[16384], *desc = write_tmp(BASE_DESC);
	char img[64], bad[64];
	FILE *f;

	snprintf(img, sizeof(img), "%s.bin", desc);
	snprintf(bad, sizeof(bad), "%s.bad", desc);
	ASSERT_EQ(0, run(out, sizeof(out), "build --key %s -o %s %s", KEY, img,
			 desc));

	/* Truncated copy. */
	ASSERT_EQ(0, system(strcat(strcat(strcat(strcpy(out, "head -c 100 "),
						img), " > "), bad)));
	EXPECT_EQ(1, run(out, sizeof(out), "verify %s", bad));
	EXPECT_NE(NULL, strstr(out, "refused: TRUNCATED: 100 bytes cannot hold"));

	/* One byte changed near the end. */
	ASSERT_EQ(0, system(strcat(strcat(strcat(strcat(strcpy(out, "cp "), img),
					       " "), bad), "")));
	f = fopen(bad, "r+b");
	ASSERT_NE(NULL, f);
	fseek(f, -5, SEEK_END);	/* in the MAC */
	fputc(0x55, f);
	fclose(f);
	EXPECT_EQ(1, run(out, sizeof(out), "verify %s", bad));
	EXPECT_NE(NULL, strstr(out, "refused: BAD_HASH"));
	/* info still shows it, and the verdict. */
	EXPECT_EQ(0, run(out, sizeof(out), "info %s", bad));
	EXPECT_NE(NULL, strstr(out, "check:\n  BAD_HASH"));

	/* Unsigned. */
	ASSERT_EQ(0, run(out, sizeof(out), "build --unsigned -o %s %s", bad,
			 desc));
	EXPECT_EQ(1, run(out, sizeof(out), "verify %s", bad));
	EXPECT_NE(NULL, strstr(out, "refused: UNSIGNED"));

	/* Checked with another key. */
	EXPECT_EQ(1, run(out, sizeof(out), "verify --key %s %s", desc, img));
	EXPECT_NE(NULL, strstr(out, "is not a hexadecimal digit"));

	/* A missing file. */
	EXPECT_EQ(1, run(out, sizeof(out), "verify /nonexistent.bin"));
	EXPECT_NE(NULL, strstr(out, "/nonexistent.bin: No such file"));
	unlink(img);
	unlink(bad);
	unlink(desc);
	free(desc);
}

/* The builder refuses what the device would refuse, unless told not to. */
TEST(build_checks_its_output)
{
	char out[16384], text[2048], img[64], *desc;
	const char *base = BASE_DESC, *at = strstr(base, "abi = 1.0");

	snprintf(text, sizeof(text), "%.*sabi = 2.0%s", (int)(at - base), base,
		 at + strlen("abi = 1.0"));
	desc = write_tmp(text);
	snprintf(img, sizeof(img), "%s.bin", desc);
	EXPECT_EQ(1, run(out, sizeof(out), "build --key %s -o %s %s", KEY, img,
			 desc));
	EXPECT_NE(NULL, strstr(out, "the device would refuse this image: "
				    "BAD_ABI"));
	EXPECT_NE(0, access(img, F_OK));
	EXPECT_EQ(0, run(out, sizeof(out), "build --no-verify --key %s -o %s %s",
			 KEY, img, desc));
	EXPECT_EQ(1, run(out, sizeof(out), "verify %s", img));
	EXPECT_NE(NULL, strstr(out, "refused: BAD_ABI: image speaks firmware "
				    "ABI 2.0"));
	unlink(img);
	unlink(desc);
	free(desc);
}

TEST(description_errors_and_usage)
{
	char out[16384], *desc = write_tmp("[image]\nname = x\nfoo = 1\n");

	EXPECT_EQ(1, run(out, sizeof(out), "build --key %s -o /tmp/x.bin %s",
			 KEY, desc));
	EXPECT_NE(NULL, strstr(out, ":3: [image]: unknown key 'foo'"));
	EXPECT_EQ(2, run(out, sizeof(out), "build -o /tmp/x.bin %s", desc));
	EXPECT_NE(NULL, strstr(out, "either --key FILE or --unsigned"));
	EXPECT_EQ(2, run(out, sizeof(out), "frobnicate"));
	EXPECT_NE(NULL, strstr(out, "unknown command 'frobnicate'"));
	EXPECT_EQ(2, run(out, sizeof(out), ""));
	EXPECT_EQ(0, run(out, sizeof(out), "--help"));
	EXPECT_NE(NULL, strstr(out, "usage: "));
	EXPECT_EQ(2, run(out, sizeof(out), "verify --generation x y"));
	EXPECT_NE(NULL, strstr(out, "bad number 'x'"));
	unlink(desc);
	free(desc);
}

TEST_HARNESS_MAIN
