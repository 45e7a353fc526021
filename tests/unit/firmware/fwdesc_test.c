// SPDX-License-Identifier: GPL-2.0-only
/*
 * The description parser (firmware/tools/fwdesc.c): the shipped
 * firmware/wse3.fw, every field of a small description, and a precise
 * "file:line: what" for each kind of mistake.
 */
#include "kselftest_harness.h"

#include "fw_test_util.h"

static int parse_text(const char *text, struct fw_desc *d, char *err,
		      size_t errlen, char **path)
{
	int ret;

	*path = write_tmp(text);
	ret = fw_desc_parse(*path, d, err, errlen);
	unlink(*path);
	return ret;
}

TEST(shipped_wse3_description)
{
	struct fw_desc d;
	char err[512];
	unsigned int i;

	ASSERT_EQ(0, fw_desc_parse(WSE_TOP "/firmware/wse3.fw", &d, err,
				   sizeof(err))) {
		TH_LOG("%s", err);
	}
	EXPECT_STREQ("wse3", d.name);
	EXPECT_EQ(WSE_FW_VERSION(1, 0, 0), d.fw_version);
	EXPECT_EQ(WSE_FW_ABI(WSE_FW_ABI_MAJOR, WSE_FW_ABI_MINOR), d.fw_abi);
	EXPECT_EQ(3, d.generation);
	EXPECT_EQ(11, d.nkernels);
	/* Every kernel the device implements is offered, as it implements it. */
	for (i = 0; i < d.nkernels; i++) {
		int k = wse_kernel_abi_find(d.kernels[i].name);

		ASSERT_GE(k, 0);
		EXPECT_STREQ(wse_kernel_abis[k].signature, d.kernels[i].signature);
	}
	EXPECT_NE(NULL, d.notes);
	fw_desc_free(&d);
}

TEST(fields)
{
	struct fw_desc d;
	char err[512], *path;

	ASSERT_EQ(0, parse_text(BASE_DESC, &d, err, sizeof(err), &path)) {
		TH_LOG("%s", err);
	}
	EXPECT_STREQ("test", d.name);
	EXPECT_EQ(WSE_FW_VERSION(2, 3, 4), d.fw_version);
	EXPECT_EQ(WSE_FW_ABI(1, 0), d.hw_spec);
	EXPECT_EQ(1, d.nconfig);
	EXPECT_EQ(WSE_FW_CFG_HEARTBEAT_MS, d.config[0].key);
	EXPECT_EQ(20, d.config[0].value);
	EXPECT_EQ(1, d.nlimits);
	EXPECT_EQ(WSE_FW_LIM_MIN_PE_SRAM, d.limits[0].key);
	ASSERT_EQ(2, d.nkernels);
	EXPECT_EQ(7, d.kernels[0].id);
	EXPECT_STREQ("gemm", d.kernels[0].name);
	EXPECT_EQ(WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32), d.kernels[0].dtypes);
	EXPECT_EQ(3, d.kernels[1].dtypes);
	EXPECT_EQ(6, d.notes_len);
	EXPECT_EQ(0, memcmp(d.notes, "hello\n", 6));
	fw_desc_free(&d);
	free(path);
}

/* Notes keep '#' and inner blank lines, drop trailing blank lines. */
TEST(notes_verbatim)
{
	struct fw_desc d;
	char err[512], *path;

	ASSERT_EQ(0, parse_text(BASE_DESC "  # not a comment\n\nlast\n\n\n",
				&d, err, sizeof(err), &path));
	EXPECT_STREQ("hello\n  # not a comment\n\nlast\n", d.notes);
	fw_desc_free(&d);
	free(path);
}

static const struct {
	const char *text;	/* replaces a line of BASE_DESC or is appended */
	const char *find;	/* the line it replaces, NULL to append */
	unsigned int line;
	const char *msg;
} bad[] = {
	{ "colour = blue", "name = test", 2, "unknown key 'colour'" },
	{ "name = a b", "name = test", 2, "must be 1..31 printable" },
	{ "version = 1.0", "version = 2.3.4", 3, "bad value '1.0'" },
	{ "version = 1.256.0", "version = 2.3.4", 3, "bad value" },
	{ "version = 1..0", "version = 2.3.4", 3, "bad value" },
	{ "abi = x", "abi = 1.0", 5, "bad value 'x' for 'abi'" },
	{ "abi", "abi = 1.0", 5, "expected 'key = value'" },
	{ "heartbeat-ms = 0", "heartbeat-ms = 20", 8, "not a number in 1..100" },
	{ "heartbeat-ms = 101", "heartbeat-ms = 20", 8, "1..100" },
	{ "heart-ms = 5", "heartbeat-ms = 20", 8, "unknown key 'heart-ms'" },
	{ "min-pe-sram = -1", "min-pe-sram = 4096", 10, "not a number" },
	{ "7 gemm 1.0 tnnnoooff", "7 gemm 1.0 tnnnoooff f32", 12, "4 fields, want 5" },
	{ "7 Gemm 1.0 tnnnoooff f32", "7 gemm 1.0 tnnnoooff f32", 12, "name 'Gemm'" },
	{ "7 gemm 1 tnnnoooff f32", "7 gemm 1.0 tnnnoooff f32", 12, "version '1'" },
	{ "7 gemm 1.0 tnnnxoff f32", "7 gemm 1.0 tnnnoooff f32", 12, "unknown argument type" },
	{ "7 gemm 1.0 ntnnoooff f32", "7 gemm 1.0 tnnnoooff f32", 12, "must be the first" },
	{ "7 gemm 1.0 nnnnnnnnnnnnnnnnn f32", "7 gemm 1.0 tnnnoooff f32", 12, "more than 16" },
	{ "7 gemm 1.0 tnnnoooff f64", "7 gemm 1.0 tnnnoooff f32", 12, "element types 'f64'" },
	{ "7 gemm 1.0 tnnnoooff f32,f32", "7 gemm 1.0 tnnnoooff f32", 12, "element types" },
	{ "9 add 1.0 tnooo f32,f16\n9 mul 1.0 tnooo f32", "9 add 1.0 tnooo f32,f16", 14, "id 9 is already used by add" },
	{ "9 add 1.0 tnooo f32,f16\n10 add 1.0 tnooo f32", "9 add 1.0 tnooo f32,f16", 14, "add is listed twice" },
	{ "[kernel]", "[kernels]", 11, "unknown section [kernel]" },
	{ "[config]\n[config]", "[config]", 8, "[config] appears twice" },
	{ "[image", "[image]", 1, "lacks ']'" },
	{ "", "generation = 3", 16, "[image] has no 'generation'" },
	{ "heartbeat-ms = 20\nheartbeat-ms = 30", "heartbeat-ms = 20", 9, "given twice" },
};

TEST(mistakes_are_located)
{
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[4096], want[64], err[512], *path, *at;
		const char *base = BASE_DESC;
		struct fw_desc d;

		at = strstr(base, bad[i].find);
		ASSERT_NE(NULL, at);
		snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - base), base,
			 bad[i].text, at + strlen(bad[i].find));
		ASSERT_EQ(-1, parse_text(text, &d, err, sizeof(err), &path)) {
			TH_LOG("case %u was accepted", i);
		}
		snprintf(want, sizeof(want), "%s:%u: ", path, bad[i].line);
		EXPECT_EQ(0, strncmp(err, want, strlen(want))) {
			TH_LOG("case %u: \"%s\" does not start with \"%s\"", i,
			       err, want);
		}
		EXPECT_NE(NULL, strstr(err, bad[i].msg)) {
			TH_LOG("case %u: \"%s\" lacks \"%s\"", i, err, bad[i].msg);
		}
		free(path);
	}
}

TEST(no_kernels)
{
	struct fw_desc d;
	char err[512], *path;

	ASSERT_EQ(-1, parse_text("[image]\nname = x\nversion = 1.0.0\n"
				 "hw-spec = 1.0\nabi = 1.0\ngeneration = 3\n",
				 &d, err, sizeof(err), &path));
	EXPECT_NE(NULL, strstr(err, "no kernels"));
	free(path);
}

TEST(missing_file)
{
	struct fw_desc d;
	char err[512];

	ASSERT_EQ(-1, fw_desc_parse("/nonexistent/x.fw", &d, err, sizeof(err)));
	EXPECT_STREQ("/nonexistent/x.fw: No such file or directory", err);
}

TEST_HARNESS_MAIN
