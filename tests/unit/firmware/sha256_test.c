// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256 and HMAC-SHA256 (qemu-device/wse_sha256.c) against the FIPS 180
 * example vectors (one block, two blocks, a million 'a', the empty
 * message) and the RFC 4231 HMAC test cases, fed whole and in every
 * split, so the block buffering is covered too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "wse_sha256.h"

static void hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
}

static int digest_is(const uint8_t *d, const char *want)
{
	uint8_t w[WSE_SHA256_LEN];

	hex(want, w, sizeof(w));
	return !memcmp(d, w, sizeof(w));
}

static const struct {
	const char *msg;
	const char *digest;
} fips[] = {
	{ "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

TEST(fips_180_examples)
{
	uint8_t d[WSE_SHA256_LEN];
	size_t i;

	for (i = 0; i < sizeof(fips) / sizeof(fips[0]); i++) {
		wse_sha256(fips[i].msg, strlen(fips[i].msg), d);
		EXPECT_TRUE(digest_is(d, fips[i].digest)) {
			TH_LOG("message \"%s\"", fips[i].msg);
		}
	}
}

TEST(fips_180_examples_in_every_split)
{
	uint8_t d[WSE_SHA256_LEN];
	size_t i, cut, cut2;

	for (i = 0; i < sizeof(fips) / sizeof(fips[0]); i++) {
		size_t n = strlen(fips[i].msg);

		for (cut = 0; cut <= n; cut++) {
			for (cut2 = cut; cut2 <= n; cut2 += 7) {
				struct wse_sha256 c;

				wse_sha256_init(&c);
				wse_sha256_update(&c, fips[i].msg, cut);
				wse_sha256_update(&c, fips[i].msg + cut, cut2 - cut);
				wse_sha256_update(&c, fips[i].msg + cut2, n - cut2);
				wse_sha256_final(&c, d);
				ASSERT_TRUE(digest_is(d, fips[i].digest));
			}
		}
	}
}

TEST(million_a)
{
	char *m = malloc(1000000);
	struct wse_sha256 c;
	uint8_t d[WSE_SHA256_LEN];
	size_t i;

	memset(m, 'a', 1000000);
	wse_sha256(m, 1000000, d);
	EXPECT_TRUE(digest_is(d, "cdc76e5c9914fb9281a1c7e284d73e67"
				 "f1809a48a497200e046d39ccc7112cd0"));
	/* The same in uneven pieces. */
	wse_sha256_init(&c);
	for (i = 0; i < 1000000; i += 997)
		wse_sha256_update(&c, m + i, i + 997 > 1000000 ? 1000000 - i : 997);
	wse_sha256_final(&c, d);
	EXPECT_TRUE(digest_is(d, "cdc76e5c9914fb9281a1c7e284d73e67"
				 "f1809a48a497200e046d39ccc7112cd0"));
	free(m);
}

/* Message lengths around the padding boundary (55, 56, 63, 64 bytes). */
TEST(padding_boundaries)
{
	static const char *const want[] = {
		/* "a" * 55, 56, 63, 64 */
		"9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
		"b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
		"7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
		"ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
	};
	static const size_t len[] = { 55, 56, 63, 64 };
	char m[64];
	uint8_t d[WSE_SHA256_LEN];
	size_t i;

	memset(m, 'a', sizeof(m));
	for (i = 0; i < 4; i++) {
		wse_sha256(m, len[i], d);
		EXPECT_TRUE(digest_is(d, want[i])) {
			TH_LOG("%zu bytes", len[i]);
		}
	}
}

static void hmac(const uint8_t *key, size_t kl, const void *msg, size_t ml,
		 uint8_t *out)
{
	struct wse_hmac_sha256 c;

	wse_hmac_sha256_init(&c, key, kl);
	wse_hmac_sha256_update(&c, msg, ml);
	wse_hmac_sha256_final(&c, out);
}

TEST(rfc_4231)
{
	uint8_t key[131], data[50], d[WSE_SHA256_LEN];
	const char *m;

	/* Test case 1 */
	memset(key, 0x0b, 20);
	hmac(key, 20, "Hi There", 8, d);
	EXPECT_TRUE(digest_is(d, "b0344c61d8db38535ca8afceaf0bf12b"
				 "881dc200c9833da726e9376c2e32cff7"));
	/* Test case 2: a key shorter than the output */
	m = "what do ya want for nothing?";
	hmac((const uint8_t *)"Jefe", 4, m, strlen(m), d);
	EXPECT_TRUE(digest_is(d, "5bdcc146bf60754e6a042426089575c7"
				 "5a003f089d2739839dec58b964ec3843"));
	/* Test case 3 */
	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	hmac(key, 20, data, 50, d);
	EXPECT_TRUE(digest_is(d, "773ea91e36800e46854db8ebd09181a7"
				 "2959098b3ef8c122d9635514ced565fe"));
	/* Test case 4 */
	hex("0102030405060708090a0b0c0d0e0f10111213141516171819", key, 25);
	memset(data, 0xcd, 50);
	hmac(key, 25, data, 50, d);
	EXPECT_TRUE(digest_is(d, "82558a389a443c0ea4cc819899f2083a"
				 "85f0faa3e578f8077a2e3ff46729665b"));
	/* Test case 6: a key longer than a block is hashed first */
	memset(key, 0xaa, 131);
	m = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac(key, 131, m, strlen(m), d);
	EXPECT_TRUE(digest_is(d, "60e431591ee0b67f0d8a26aacbf5b77f"
				 "8e0bc6213728c5140546040f0ee37f54"));
	/* Test case 7 */
	m = "This is a test using a larger than block-size key and a larger "
	    "than block-size data. The key needs to be hashed before being "
	    "used by the HMAC algorithm.";
	hmac(key, 131, m, strlen(m), d);
	EXPECT_TRUE(digest_is(d, "9b09ffa71b942fcb27635fbcd5b0e944"
				 "bfdc63644f0713938a7f51535c3a35e2"));
}

TEST(digest_compare)
{
	uint8_t a[32] = { 1, 2, 3 }, b[32] = { 1, 2, 3 };

	EXPECT_TRUE(wse_digest_equal(a, b, 32));
	b[31] ^= 0x80;
	EXPECT_FALSE(wse_digest_equal(a, b, 32));
}

TEST_HARNESS_MAIN
