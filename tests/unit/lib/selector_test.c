// SPDX-License-Identifier: GPL-2.0-only
/*
 * wse_selector_parse(): the forms an operator uses to name a device, and
 * rejection, with the output left untouched, of everything else.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "wse.h"

TEST(device_index)
{
	struct wse_selector s;

	ASSERT_EQ(0, wse_selector_parse("0", &s));
	EXPECT_EQ(WSE_SELECT_INDEX, s.kind);
	EXPECT_EQ(0u, s.index);
	ASSERT_EQ(0, wse_selector_parse("17", &s));
	EXPECT_EQ(WSE_SELECT_INDEX, s.kind);
	EXPECT_EQ(17u, s.index);
	ASSERT_EQ(0, wse_selector_parse("999999999", &s));
	EXPECT_EQ(999999999u, s.index);
}

TEST(pci_address_full_and_short)
{
	struct wse_selector s;

	ASSERT_EQ(0, wse_selector_parse("0000:01:00.0", &s));
	EXPECT_EQ(WSE_SELECT_PCI, s.kind);
	EXPECT_EQ(0u, s.pci_domain);
	EXPECT_EQ(1, s.pci_bus);
	EXPECT_EQ(0, s.pci_slot);
	EXPECT_EQ(0, s.pci_function);

	ASSERT_EQ(0, wse_selector_parse("abcd:EF:1f.7", &s));
	EXPECT_EQ(WSE_SELECT_PCI, s.kind);
	EXPECT_EQ(0xabcdu, s.pci_domain);
	EXPECT_EQ(0xef, s.pci_bus);
	EXPECT_EQ(0x1f, s.pci_slot);
	EXPECT_EQ(7, s.pci_function);

	/* Domain 0 implied, as lspci prints it. */
	ASSERT_EQ(0, wse_selector_parse("3a:02.1", &s));
	EXPECT_EQ(WSE_SELECT_PCI, s.kind);
	EXPECT_EQ(0u, s.pci_domain);
	EXPECT_EQ(0x3a, s.pci_bus);
	EXPECT_EQ(2, s.pci_slot);
	EXPECT_EQ(1, s.pci_function);

	/* VMD-style domains have five digits. */
	ASSERT_EQ(0, wse_selector_parse("10000:00:01.0", &s));
	EXPECT_EQ(0x10000u, s.pci_domain);
}

TEST(serial_number)
{
	struct wse_selector s;

	ASSERT_EQ(0, wse_selector_parse("0123456789abcdef", &s));
	EXPECT_EQ(WSE_SELECT_SERIAL, s.kind);
	EXPECT_EQ(0x0123456789abcdefull, s.serial);

	/* 16 digits is a serial even when they are all decimal. */
	ASSERT_EQ(0, wse_selector_parse("0000000000000042", &s));
	EXPECT_EQ(WSE_SELECT_SERIAL, s.kind);
	EXPECT_EQ(0x42ull, s.serial);

	ASSERT_EQ(0, wse_selector_parse("0xDEADbeef", &s));
	EXPECT_EQ(WSE_SELECT_SERIAL, s.kind);
	EXPECT_EQ(0xdeadbeefull, s.serial);

	ASSERT_EQ(0, wse_selector_parse("0Xffffffffffffffff", &s));
	EXPECT_EQ(UINT64_MAX, s.serial);
}

TEST(node_path)
{
	const char *text = "/dev/accel/accel0";
	struct wse_selector s;

	ASSERT_EQ(0, wse_selector_parse(text, &s));
	EXPECT_EQ(WSE_SELECT_PATH, s.kind);
	EXPECT_EQ(text, s.path);
	ASSERT_EQ(0, wse_selector_parse("./renderD128", &s));
	EXPECT_EQ(WSE_SELECT_PATH, s.kind);
}

TEST(rejects_garbage_and_leaves_output_alone)
{
	static const char *const bad[] = {
		"", " 0", "0 ", "-1", "+1", "1x", "x", "wse0",
		"1234567890",			/* too long for an index */
		"0123456789abcde",		/* 15 hex digits */
		"0123456789abcdef0",		/* 17 hex digits */
		"0x", "0x1g", "0x12345678901234567",
		"01:00", "0000:01:00", ":01:00.0", "0000:01:00.",
		"0000:01:00.8",			/* function > 7 */
		"0000:01:20.0",			/* slot > 31 */
		"0000:001:00.0", "0000:01:000.0", "0000:01:00.00",
		"123456789:00:00.0",		/* 9-digit domain */
		"0000:01:00.0x", "0000:01.00:0", "1:2:3:4.5", "0000::00.0",
	};
	struct wse_selector s, before;
	unsigned int i;

	memset(&s, 0xa5, sizeof(s));
	before = s;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, wse_selector_parse(bad[i], &s))
			TH_LOG("accepted '%s'", bad[i]);
	}
	EXPECT_EQ(0, memcmp(&s, &before, sizeof(s)));
	EXPECT_EQ(-EINVAL, wse_selector_parse(NULL, &s));
	EXPECT_EQ(-EINVAL, wse_selector_parse("0", NULL));
}

TEST_HARNESS_MAIN
