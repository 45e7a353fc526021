// SPDX-License-Identifier: GPL-2.0-only
/*
 * libwse's number-to-text helpers: version words, flag words, states,
 * command status and error messages.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "unit_util.h"

TEST(fw_version_decoding)
{
	char buf[32];

	EXPECT_EQ(1u, WSE_FW_VERSION_MAJOR(0x00010203u));
	EXPECT_EQ(2u, WSE_FW_VERSION_MINOR(0x00010203u));
	EXPECT_EQ(3u, WSE_FW_VERSION_PATCH(0x00010203u));
	ASSERT_EQ(0, wse_fw_version_format(0x00010203, buf, sizeof(buf)));
	EXPECT_STREQ("1.2.3", buf);
	ASSERT_EQ(0, wse_fw_version_format(0xffffffff, buf, sizeof(buf)));
	EXPECT_STREQ("65535.255.255", buf);
	ASSERT_EQ(0, wse_fw_version_format(0, buf, sizeof(buf)));
	EXPECT_STREQ("0.0.0", buf);
}

TEST(abi_version_decoding)
{
	char buf[32];

	EXPECT_EQ(1u, WSE_ABI_VERSION_MAJOR(0x00010002u));
	EXPECT_EQ(2u, WSE_ABI_VERSION_MINOR(0x00010002u));
	ASSERT_EQ(0, wse_abi_version_format(0x00010000, buf, sizeof(buf)));
	EXPECT_STREQ("1.0", buf);
	ASSERT_EQ(0, wse_abi_version_format(0x0002000a, buf, sizeof(buf)));
	EXPECT_STREQ("2.10", buf);
}

TEST(version_truncation_reported)
{
	char buf[4];

	EXPECT_EQ(-ENOSPC, wse_fw_version_format(0x00010203, buf, sizeof(buf)));
	EXPECT_STREQ("1.2", buf);
	/* Exactly fits: 3 characters and the NUL. */
	EXPECT_EQ(0, wse_abi_version_format(0x00010000, buf, sizeof(buf)));
	EXPECT_STREQ("1.0", buf);
	EXPECT_EQ(-EINVAL, wse_abi_version_format(0x00010000, buf, 0));
	EXPECT_EQ(-EINVAL, wse_abi_version_format(0x00010000, NULL, 8));
}

TEST(status_flags)
{
	char buf[64];

	ASSERT_EQ(0, wse_status_format(0, buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	ASSERT_EQ(0, wse_status_format(WSE_STATUS_FW_READY | WSE_STATUS_QUEUES_ACTIVE,
				       buf, sizeof(buf)));
	EXPECT_STREQ("fw-ready queues-active", buf);
	ASSERT_EQ(0, wse_status_format(WSE_STATUS_FATAL | WSE_STATUS_RESETTING | (1u << 31),
				       buf, sizeof(buf)));
	EXPECT_STREQ("fatal resetting bit31", buf);
	EXPECT_EQ(-ENOSPC, wse_status_format(WSE_STATUS_FW_READY | WSE_STATUS_FATAL, buf, 10));
	EXPECT_STREQ("fw-ready ", buf);
	EXPECT_EQ(NULL, wse_status_bit_name(4));
	EXPECT_EQ(NULL, wse_status_bit_name(32));
	EXPECT_STREQ("resetting", wse_status_bit_name(2));
}

TEST(capability_flags)
{
	char buf[64];

	ASSERT_EQ(0, wse_caps_format(WSE_CAP_DEFECT_REMAP | WSE_CAP_APERTURE |
				     WSE_CAP_FW_REQUIRED | WSE_CAP_FAULT_INJECT,
				     buf, sizeof(buf)));
	EXPECT_STREQ("defect-remap aperture fw-required fault-inject", buf);
	ASSERT_EQ(0, wse_caps_format(1u << 9, buf, sizeof(buf)));
	EXPECT_STREQ("bit9", buf);
	EXPECT_EQ(NULL, wse_cap_bit_name(31));
}

TEST(firmware_state_names)
{
	EXPECT_STREQ("wait", wse_fw_state_name(DRM_WSE_FW_STATE_WAIT));
	EXPECT_STREQ("loading", wse_fw_state_name(DRM_WSE_FW_STATE_LOADING));
	EXPECT_STREQ("ready", wse_fw_state_name(DRM_WSE_FW_STATE_READY));
	EXPECT_STREQ("failed", wse_fw_state_name(DRM_WSE_FW_STATE_FAILED));
	EXPECT_STREQ("crashed", wse_fw_state_name(DRM_WSE_FW_STATE_CRASHED));
	EXPECT_STREQ("unknown", wse_fw_state_name(5));
	EXPECT_STREQ("unknown", wse_fw_state_name(UINT32_MAX));
}

TEST(command_status_messages)
{
	uint32_t s;

	for (s = WSE_STS_SUCCESS; s <= WSE_STS_INTERNAL; s++)
		EXPECT_STRNE("unknown status", wse_cmd_status_str(s))
			TH_LOG("status %u has no message", s);
	EXPECT_STREQ("success", wse_cmd_status_str(WSE_STS_SUCCESS));
	EXPECT_STREQ("firmware not ready", wse_cmd_status_str(WSE_STS_NO_FIRMWARE));
	EXPECT_STREQ("unknown status", wse_cmd_status_str(WSE_STS_INTERNAL + 1));
}

TEST(error_messages)
{
	EXPECT_STREQ("No such wse device", wse_strerror(-ENODEV));
	EXPECT_STREQ("Driver ABI version not supported by this libwse",
		     wse_strerror(-EPROTO));
	EXPECT_NE(NULL, strstr(wse_strerror(-ENOTTY), "Not a DRM device"));
	/* Everything else is the C library's text, sign-insensitive. */
	EXPECT_STREQ(strerror(EACCES), wse_strerror(-EACCES));
	EXPECT_STREQ(strerror(EACCES), wse_strerror(EACCES));
	EXPECT_STREQ(strerror(EINVAL), wse_strerror(-EINVAL));
}

TEST(library_version)
{
	char expect[32];

	snprintf(expect, sizeof(expect), "%d.%d.%d", WSE_LIB_VERSION_MAJOR,
		 WSE_LIB_VERSION_MINOR, WSE_LIB_VERSION_PATCH);
	EXPECT_STREQ(expect, wse_lib_version());
}

TEST_HARNESS_MAIN
