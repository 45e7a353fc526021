// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsectl's presentation of device information, from recorded reports:
 * human and JSON output compared against golden text, partial failures,
 * and the unit helpers (bytes, serial numbers).
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "format.h"
#include "unit_util.h"
#include "format_golden.h"

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static struct wsectl_device_view sample_view(void)
{
	struct wsectl_device_view v = {
		.index = 0,
		.node = "/dev/accel/accel0",
		.pci_address = "0000:3a:1f.1",
		.info = &unit_sample_info,
		.defects = unit_sample_defects,
		.defect_list_len = 10,
	};
	return v;
}

TEST(info_human_golden)
{
	struct wsectl_device_view v = sample_view();
	struct capture c;

	wsectl_print_info(capture_begin(&c), &v);
	EXPECT_STREQ(golden_info_human, capture_end(&c));
	capture_free(&c);
}

TEST(info_json_golden)
{
	struct wsectl_device_view v = sample_view();
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), true);
	wsectl_json_info(&w, &v, true);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ(golden_info_json, capture_end(&c));
	capture_free(&c);
}

TEST(list_golden_with_unopenable_device)
{
	struct wsectl_device_view v[2] = {
		sample_view(),
		{ .index = 1, .node = "/dev/accel/accel1", .pci_address = "0000:3b:00.0",
		  .error = -EACCES },
	};
	struct json_writer w;
	struct capture c;

	wsectl_print_list(capture_begin(&c), v, 2);
	EXPECT_STREQ(golden_list_human, capture_end(&c));
	capture_free(&c);

	json_init(&w, capture_begin(&c), true);
	wsectl_json_list(&w, v, 2);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ(golden_list_json, capture_end(&c));
	capture_free(&c);
}

/* Every CSV row as wide as the header, an unopenable device included. */
TEST(list_csv_with_unopenable_device)
{
	struct wsectl_device_view v[2] = {
		sample_view(),
		{ .index = 1, .node = "/dev/accel/accel1", .pci_address = "0000:3b:00.0",
		  .error = -EACCES },
	};
	const char *out, *p;
	struct csv_writer w;
	struct capture c;
	unsigned int commas[3] = { 0 }, line = 0;

	csv_init(&w, capture_begin(&c));
	wsectl_csv_devices(&w, v, 2, false);
	ASSERT_EQ(0, csv_finish(&w));
	out = capture_end(&c);
	EXPECT_STREQ("index,node,pci_address,model,serial,fabric.logical_width,"
		     "fabric.logical_height,fabric.physical_width,fabric.physical_height,"
		     "fabric.spare_cols,fabric.spare_rows,fabric.defect_count,fabric.pe_sram_bytes,"
		     "firmware.state,firmware.version,firmware.abi,status.flags,status.error_code,"
		     "status.reset_count,error.message\n"
		     "0,/dev/accel/accel0,0000:3a:1f.1,WSE-3,0123456789abcdef,22,16,24,18,2,2,10,"
		     "49152,ready,1.2.3,1.0,fw-ready queues-active,0,2,\n"
		     "1,/dev/accel/accel1,0000:3b:00.0,,,,,,,,,,,,,,,,,Permission denied\n", out);
	for (p = out; *p && line < 3; p++) {
		if (*p == ',')
			commas[line]++;
		if (*p == '\n')
			line++;
	}
	EXPECT_EQ(commas[0], commas[1]);
	EXPECT_EQ(commas[0], commas[2]);
	capture_free(&c);
}

TEST(empty_list_json)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	wsectl_json_list(&w, NULL, 0);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ("{\"devices\":[]}\n", capture_end(&c));
	capture_free(&c);
}

/* The PCI address comes from the driver's report, not from discovery. */
TEST(pci_address_from_info)
{
	struct wsectl_device_view v = sample_view();
	struct capture c;

	v.pci_address = "ffff:ff:1f.7";
	wsectl_print_info(capture_begin(&c), &v);
	EXPECT_NE(NULL, strstr(capture_end(&c), " at 0000:3a:1f.1 "));
	capture_free(&c);
}

TEST(info_unknown_index_no_defects_odd_state)
{
	struct drm_wse_device_info info = unit_sample_info;
	struct wsectl_device_view v = sample_view();
	const char *out;
	struct json_writer w;
	struct capture c;

	info.defect_count = 0;
	info.spare_cols = 1;
	info.spare_rows = 1;
	info.fw_state = 77;
	info.status = WSE_STATUS_FATAL | (1u << 31);
	info.hw_caps = 0;
	v.index = -1;
	v.info = &info;
	v.defects = NULL;
	v.defect_list_len = 0;

	wsectl_print_info(capture_begin(&c), &v);
	out = capture_end(&c);
	EXPECT_TRUE(starts_with(out, "Device: WSE-3 at 0000:3a:1f.1 (/dev/accel/accel0)\n"));
	EXPECT_NE(NULL, strstr(out, "  Defects        0\n"));
	EXPECT_NE(NULL, strstr(out, "  Spares         1 column per row, 1 row\n"));
	EXPECT_NE(NULL, strstr(out, "  Capabilities   none\n"));
	EXPECT_NE(NULL, strstr(out, "  Firmware       unknown, version 1.2.3, ABI 1.0\n"));
	EXPECT_NE(NULL, strstr(out, "  Status         fatal bit31 (0x80000002)\n"));
	capture_free(&c);

	json_init(&w, capture_begin(&c), false);
	wsectl_json_info(&w, &v, true);
	ASSERT_EQ(0, json_finish(&w));
	out = capture_end(&c);
	EXPECT_TRUE(starts_with(out, "{\"index\":null,"));
	EXPECT_NE(NULL, strstr(out, "\"defect_count\":0,\"defects\":[]}"));
	EXPECT_NE(NULL, strstr(out, "\"capabilities\":[]"));
	EXPECT_NE(NULL, strstr(out, "\"state\":\"unknown\""));
	EXPECT_NE(NULL, strstr(out, "\"status\":{\"value\":2147483650,"
				    "\"flags\":[\"fatal\",\"bit31\"],"));
	capture_free(&c);
}

TEST(defect_query_failure_is_shown)
{
	struct wsectl_device_view v = sample_view();
	const char *out;
	struct json_writer w;
	struct capture c;

	v.defects = NULL;
	v.defect_list_len = 0;
	v.defects_error = -EIO;

	wsectl_print_info(capture_begin(&c), &v);
	EXPECT_NE(NULL, strstr(capture_end(&c),
			       "  Defects        10 (list unavailable: Input/output error)\n"));
	capture_free(&c);

	json_init(&w, capture_begin(&c), false);
	wsectl_json_info(&w, &v, true);
	ASSERT_EQ(0, json_finish(&w));
	out = capture_end(&c);
	EXPECT_NE(NULL, strstr(out, "\"defect_count\":10,\"defects\":null,"
				    "\"defects_error\":{\"errno\":5,"
				    "\"message\":\"Input/output error\"}}"));
	capture_free(&c);
}

TEST(unopenable_device_info)
{
	struct wsectl_device_view v = {
		.index = 2, .node = "/dev/dri/renderD130", .pci_address = "0000:05:00.0",
		.error = -ENODEV,
	};
	struct json_writer w;
	struct capture c;

	wsectl_print_info(capture_begin(&c), &v);
	EXPECT_STREQ("Device 2: 0000:05:00.0 (/dev/dri/renderD130): No such wse device\n",
		     capture_end(&c));
	capture_free(&c);

	json_init(&w, capture_begin(&c), false);
	wsectl_json_info(&w, &v, true);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ("{\"index\":2,\"node\":\"/dev/dri/renderD130\","
		     "\"pci_address\":\"0000:05:00.0\","
		     "\"error\":{\"errno\":19,\"message\":\"No such wse device\"}}\n",
		     capture_end(&c));
	capture_free(&c);
}

TEST(bytes_in_binary_units)
{
	static const struct {
		uint64_t bytes;
		const char *text;
	} cases[] = {
		{ 0, "0 B" },
		{ 1023, "1023 B" },
		{ 1024, "1 KiB" },
		{ 1536, "1.5 KiB" },
		{ 48 * 1024, "48 KiB" },
		{ 22ull * 16 * 48 * 1024, "16.5 MiB" },
		{ 1048575, "1.0 MiB" },			/* rounds up a unit */
		{ 1024ull * 1024 * 1024 * 41 + 1024ull * 1024 * 205, "41.2 GiB" },
		{ 1ull << 40, "1 TiB" },
		{ UINT64_MAX, "16.0 EiB" },
	};
	unsigned int i;
	char buf[32];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wsectl_format_bytes(cases[i].bytes, buf, sizeof(buf));
		EXPECT_STREQ(cases[i].text, buf);
	}
}

TEST(serial_is_16_hex_digits)
{
	char buf[20];

	wsectl_format_serial(0x42, buf, sizeof(buf));
	EXPECT_STREQ("0000000000000042", buf);
	wsectl_format_serial(UINT64_MAX, buf, sizeof(buf));
	EXPECT_STREQ("ffffffffffffffff", buf);
}

/* What wsectl prints as the serial, wse_selector_parse() accepts back. */
TEST(serial_round_trips_through_selector)
{
	struct wse_selector sel;
	char buf[20];

	wsectl_format_serial(unit_sample_info.serial, buf, sizeof(buf));
	ASSERT_EQ(0, wse_selector_parse(buf, &sel));
	EXPECT_EQ(WSE_SELECT_SERIAL, sel.kind);
	EXPECT_EQ(unit_sample_info.serial, sel.serial);
}

TEST_HARNESS_MAIN
