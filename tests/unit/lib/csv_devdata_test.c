// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsectl's CSV writer and the parsers of what the kernel shows outside
 * the ioctls: debugfs telemetry and contexts, and DRM fdinfo as both
 * kernel generations print it (6.1: the driver prints every key; 6.5+:
 * the DRM core prints the common ones and drm_show_memory_stats()).
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "csv.h"
#include "devdata.h"
#include "unit_util.h"

TEST(csv_quotes_what_needs_it)
{
	static const char *const cols[] = { "a", "b.c", "d", NULL };
	struct csv_writer w;
	struct capture c;

	csv_init(&w, capture_begin(&c));
	csv_header(&w, cols);
	csv_string(&w, "plain words");
	csv_string(&w, "x,y");
	csv_string(&w, "say \"hi\"");
	csv_end_row(&w);
	csv_string(&w, NULL);
	csv_int(&w, -5);
	csv_string(&w, "line\nbreak");
	csv_end_row(&w);
	csv_uint(&w, UINT64_MAX);
	csv_bool(&w, true);
	csv_string(&w, " padded");
	csv_end_row(&w);
	ASSERT_EQ(0, csv_finish(&w));
	EXPECT_STREQ("a,b.c,d\n"
		     "plain words,\"x,y\",\"say \"\"hi\"\"\"\n"
		     ",-5,\"line\nbreak\"\n"
		     "18446744073709551615,true,\" padded\"\n", capture_end(&c));
	capture_free(&c);
}

TEST(csv_refuses_ragged_rows)
{
	static const char *const cols[] = { "a", "b", NULL };
	struct csv_writer w;
	struct capture c;

	csv_init(&w, capture_begin(&c));
	csv_header(&w, cols);
	csv_string(&w, "1");
	csv_end_row(&w);	/* one field short */
	EXPECT_EQ(-EINVAL, csv_finish(&w));
	capture_end(&c);
	capture_free(&c);

	csv_init(&w, capture_begin(&c));
	csv_header(&w, cols);
	csv_string(&w, "1");
	csv_string(&w, "2");
	csv_string(&w, "3");	/* one too many */
	EXPECT_EQ(-EINVAL, csv_finish(&w));
	capture_end(&c);
	capture_free(&c);

	csv_init(&w, capture_begin(&c));
	csv_string(&w, "no header");
	EXPECT_EQ(-EINVAL, csv_finish(&w));
	capture_end(&c);
	capture_free(&c);
}

TEST(telemetry_counters)
{
	struct wsectl_counters c = { 0 };
	int64_t v;

	wsectl_parse_counters("temp_millic: -1500\npower_mw: 6108\nbusy_ns: 123456789012\n"
			      "garbage line\nname: not-a-number\ntemp3_millic: 40000", &c);
	ASSERT_EQ(4u, c.n);
	ASSERT_TRUE(wsectl_counter(&c, "temp_millic", &v));
	EXPECT_EQ(-1500, v);
	ASSERT_TRUE(wsectl_counter(&c, "busy_ns", &v));
	EXPECT_EQ(123456789012ll, v);
	ASSERT_TRUE(wsectl_counter(&c, "temp3_millic", &v));
	EXPECT_EQ(40000, v);
	EXPECT_FALSE(wsectl_counter(&c, "name", &v));
	c.error = -EACCES;	/* unreadable: nothing is known */
	EXPECT_FALSE(wsectl_counter(&c, "temp_millic", &v));
}

TEST(contexts_table)
{
	struct wsectl_contexts c;

	ASSERT_EQ(0, wsectl_parse_contexts(
		"serial    pid queue  x  y  w  h sram_off sram_len jobs last_seqno\n"
		"     3    267     2  0  0  5  3        0      256    1          1\n"
		"    12     -1     0 10 20  1  1     4096    45056    0          0\n"
		"not a context line\n", &c));
	ASSERT_EQ(2u, c.n);
	EXPECT_EQ(3u, c.v[0].id);
	EXPECT_EQ(267, c.v[0].pid);
	EXPECT_EQ(2u, c.v[0].queue);
	EXPECT_EQ(5u, c.v[0].width);
	EXPECT_EQ(3u, c.v[0].height);
	EXPECT_EQ(256u, c.v[0].sram_bytes);
	EXPECT_EQ(-1, c.v[1].pid);
	EXPECT_EQ(10u, c.v[1].x);
	EXPECT_EQ(20u, c.v[1].y);
	EXPECT_EQ(4096u, c.v[1].sram_offset);
	free(c.v);
}

/* As driver/wse_fdinfo.c prints it on 6.1 (no drm_show_fdinfo()). */
TEST(fdinfo_6_1)
{
	struct wsectl_client c;

	ASSERT_TRUE(wsectl_parse_fdinfo("pos:\t0\nflags:\t02100002\nmnt_id:\t22\nino:\t123\n"
					"drm-driver:\twse\ndrm-pdev:\t0000:01:00.0\n"
					"drm-client-id:\t7\ndrm-engine-fabric:\t3915 ns\n"
					"drm-total-memory:\t64 KiB\n", &c));
	EXPECT_STREQ("0000:01:00.0", c.pdev);
	EXPECT_EQ(7u, c.client_id);
	ASSERT_TRUE(c.has_engine);
	EXPECT_EQ(3915u, c.engine_fabric_ns);
	ASSERT_EQ(1u, c.nmem);
	EXPECT_STREQ("total", c.mem[0].region);
	EXPECT_EQ(65536u, c.mem[0].bytes);
}

/* 6.12: the core's keys, then the driver's, then drm_show_memory_stats(). */
TEST(fdinfo_6_12)
{
	struct wsectl_client c;

	ASSERT_TRUE(wsectl_parse_fdinfo("pos:\t0\nflags:\t02100002\n"
					"drm-driver:\twse\ndrm-client-id:\t20\n"
					"drm-pdev:\t0000:01:00.0\ndrm-engine-fabric:\t0 ns\n"
					"drm-total-memory:\t2 MiB\ndrm-shared-memory:\t0\n"
					"drm-active-memory:\t0\ndrm-resident-memory:\t12 KiB\n"
					"drm-memory-vram:\t1 GiB\n", &c));
	EXPECT_EQ(20u, c.client_id);
	ASSERT_TRUE(c.has_engine);
	EXPECT_EQ(0u, c.engine_fabric_ns);
	ASSERT_EQ(5u, c.nmem);
	EXPECT_STREQ("total", c.mem[0].region);
	EXPECT_EQ(2u << 20, c.mem[0].bytes);
	EXPECT_STREQ("shared", c.mem[1].region);
	EXPECT_STREQ("resident", c.mem[3].region);
	EXPECT_EQ(12288u, c.mem[3].bytes);
	EXPECT_STREQ("vram", c.mem[4].region);
	EXPECT_EQ(1ull << 30, c.mem[4].bytes);
}

TEST(fdinfo_of_other_files)
{
	struct wsectl_client c;

	EXPECT_FALSE(wsectl_parse_fdinfo("pos:\t0\nflags:\t02\n", &c));
	EXPECT_FALSE(wsectl_parse_fdinfo("drm-driver:\ti915\ndrm-pdev:\t0000:00:02.0\n", &c));
	EXPECT_FALSE(wsectl_parse_fdinfo("drm-driver:\twsex\n", &c));
	EXPECT_FALSE(wsectl_parse_fdinfo("", &c));
}

TEST_HARNESS_MAIN
