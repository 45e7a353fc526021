// SPDX-License-Identifier: GPL-2.0-only
/*
 * wsectl's JSON writer: exact output for scalars, escaping, nesting and
 * empty containers, and refusal (with nothing more written) of every
 * misuse that would produce invalid JSON.
 */
#include <errno.h>
#include <stdint.h>

#include "kselftest_harness.h"
#include "json.h"
#include "unit_util.h"

TEST(scalars_compact)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_object(&w, NULL);
	json_string(&w, "s", "text");
	json_uint(&w, "u", UINT64_MAX);
	json_int(&w, "i", INT64_MIN);
	json_int(&w, "neg", -1);
	json_uint(&w, "zero", 0);
	json_bool(&w, "t", true);
	json_bool(&w, "f", false);
	json_null(&w, "n");
	json_string(&w, "nullstr", NULL);
	json_end_object(&w);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ("{\"s\":\"text\",\"u\":18446744073709551615,"
		     "\"i\":-9223372036854775808,\"neg\":-1,\"zero\":0,"
		     "\"t\":true,\"f\":false,\"n\":null,\"nullstr\":null}\n",
		     capture_end(&c));
	capture_free(&c);
}

TEST(top_level_scalar)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), true);
	json_uint(&w, NULL, 42);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ("42\n", capture_end(&c));
	capture_free(&c);
}

TEST(escapes_json_specials_and_controls)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_array(&w, NULL);
	json_string(&w, NULL, "q\"b\\s/");
	json_string(&w, NULL, "\b\f\n\r\t");
	json_string(&w, NULL, "\x01\x1f\x7f");
	json_end_array(&w);
	ASSERT_EQ(0, json_finish(&w));
	/* '/' and DEL need no escape; other controls use \u00XX. */
	EXPECT_STREQ("[\"q\\\"b\\\\s/\",\"\\b\\f\\n\\r\\t\",\"\\u0001\\u001f\x7f\"]\n",
		     capture_end(&c));
	capture_free(&c);
}

TEST(escapes_keys_too)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_object(&w, NULL);
	json_uint(&w, "a\"b\n", 1);
	json_end_object(&w);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ("{\"a\\\"b\\n\":1}\n", capture_end(&c));
	capture_free(&c);
}

TEST(utf8_kept_invalid_bytes_replaced)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_array(&w, NULL);
	/* Well-formed 2-, 3- and 4-byte sequences pass through. */
	json_string(&w, NULL, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* A stray continuation byte, 0xff, a truncated sequence at the end. */
	json_string(&w, NULL, "a\x80" "b\xff" "c\xe2\x82");
	/* Overlong '/', a UTF-16 surrogate, a code point above U+10FFFF. */
	json_string(&w, NULL, "\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80");
	json_end_array(&w);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
		     "\"a\\ufffdb\\ufffdc\\ufffd\\ufffd\","
		     "\"\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|"
		     "\\ufffd\\ufffd\\ufffd\\ufffd\"]\n",
		     capture_end(&c));
	capture_free(&c);
}

TEST(nesting_pretty)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), true);
	json_begin_object(&w, NULL);
	json_uint(&w, "a", 1);
	json_begin_array(&w, "list");
	json_uint(&w, NULL, 2);
	json_begin_object(&w, NULL);
	json_string(&w, "k", "v");
	json_end_object(&w);
	json_begin_array(&w, NULL);
	json_end_array(&w);
	json_end_array(&w);
	json_begin_object(&w, "empty");
	json_end_object(&w);
	json_end_object(&w);
	ASSERT_EQ(0, json_finish(&w));
	EXPECT_STREQ("{\n"
		     "  \"a\": 1,\n"
		     "  \"list\": [\n"
		     "    2,\n"
		     "    {\n"
		     "      \"k\": \"v\"\n"
		     "    },\n"
		     "    []\n"
		     "  ],\n"
		     "  \"empty\": {}\n"
		     "}\n", capture_end(&c));
	capture_free(&c);
}

TEST(rejects_key_inside_array)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_array(&w, NULL);
	json_uint(&w, NULL, 1);
	json_uint(&w, "key", 2);
	/* Sticky: nothing more is written, even valid calls. */
	json_uint(&w, NULL, 3);
	json_end_array(&w);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	EXPECT_STREQ("[1", capture_end(&c));
	capture_free(&c);
}

TEST(rejects_missing_key_in_object)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_object(&w, NULL);
	json_string(&w, NULL, "v");
	json_end_object(&w);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	EXPECT_STREQ("{", capture_end(&c));
	capture_free(&c);
}

TEST(rejects_key_at_top_level)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_uint(&w, "k", 1);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	EXPECT_STREQ("", capture_end(&c));
	capture_free(&c);
}

TEST(rejects_unclosed_container)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_object(&w, NULL);
	json_begin_array(&w, "a");
	json_end_array(&w);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	/* No trailing newline: the document was not declared complete. */
	EXPECT_STREQ("{\"a\":[]", capture_end(&c));
	capture_free(&c);
}

TEST(rejects_mismatched_close)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_object(&w, NULL);
	json_end_array(&w);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	capture_end(&c);
	capture_free(&c);
}

TEST(rejects_close_without_open)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_end_object(&w);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	EXPECT_STREQ("", capture_end(&c));
	capture_free(&c);
}

TEST(rejects_second_top_level_value)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	json_begin_object(&w, NULL);
	json_end_object(&w);
	json_uint(&w, NULL, 1);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	EXPECT_STREQ("{}", capture_end(&c));
	capture_free(&c);
}

TEST(rejects_empty_document)
{
	struct json_writer w;
	struct capture c;

	json_init(&w, capture_begin(&c), false);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	EXPECT_STREQ("", capture_end(&c));
	capture_free(&c);
}

TEST(depth_limit)
{
	struct json_writer w;
	struct capture c;
	unsigned int i;

	json_init(&w, capture_begin(&c), false);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_begin_array(&w, NULL);
	ASSERT_EQ(0, w.error);
	json_begin_array(&w, NULL);
	EXPECT_EQ(-EINVAL, w.error);
	EXPECT_EQ(-EINVAL, json_finish(&w));
	capture_end(&c);
	EXPECT_EQ((size_t)JSON_MAX_DEPTH, c.len);
	capture_free(&c);
}

TEST(reports_write_failure)
{
	struct json_writer w;
	FILE *f = fopen("/dev/full", "w");

	if (!f)
		SKIP(return, "/dev/full not available");
	json_init(&w, f, false);
	json_uint(&w, NULL, 1);
	EXPECT_EQ(-EIO, json_finish(&w));
	fclose(f);
}

TEST_HARNESS_MAIN
