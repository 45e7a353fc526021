// SPDX-License-Identifier: GPL-2.0-only
/*
 * Images: what firmware/tools/fwbuild.c lays out, and every refusal of
 * the device's checks (qemu-device/wse_fwimage.c) with its exact
 * WSE_FW_ERR_* - truncated, corrupt (every single-bit flip), wrong ABI,
 * unsigned, badly signed, malformed layouts - on images the builder made
 * or byte edits of them.
 */
#include <stddef.h>

#include "kselftest_harness.h"

#include "fw_test_util.h"
#include "wse_sha256.h"

struct img {
	uint8_t *b;
	size_t len;
};

static void build(struct __test_metadata *_metadata, const char *text,
		  const uint8_t *key, size_t keylen, struct img *out)
{
	char err[512], *path = write_tmp(text);
	struct fw_desc d;

	ASSERT_EQ(0, fw_desc_parse(path, &d, err, sizeof(err))) {
		TH_LOG("%s", err);
	}
	ASSERT_EQ(0, fw_build_image(&d, key, keylen, &out->b, &out->len, err,
				    sizeof(err)));
	fw_desc_free(&d);
	unlink(path);
	free(path);
}

static void build_signed(struct __test_metadata *_metadata, const char *text,
			 struct img *out)
{
	build(_metadata, text, wse_fw_dev_key, WSE_FW_DEV_KEY_LEN, out);
}

static uint32_t check(const struct img *i, char *msg)
{
	struct wse_fw_device dev = test_device();
	static struct wse_fw_info info;

	return wse_fw_verify(i->b, i->len, &dev, &info, msg, 256, NULL);
}

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint8_t *section_entry(struct img *i, uint32_t type)
{
	uint32_t n = rd32(i->b + offsetof(struct wse_fw_header, section_count));
	uint32_t k;

	for (k = 0; k < n; k++) {
		uint8_t *e = i->b + WSE_FW_HEADER_SIZE + 16 * k;

		if (rd32(e) == type)
			return e;
	}
	return NULL;
}

/* Re-sign and re-hash after an edit, as a careful forger would. */
static void reseal(struct img *i)
{
	uint8_t *e = section_entry(i, WSE_FW_SECT_SIGNATURE);
	uint8_t *sha = i->b + offsetof(struct wse_fw_header, sha256);

	if (e) {
		uint32_t mac = rd32(e + 4) + offsetof(struct wse_fw_signature, mac);

		wse_fw_compute_mac(i->b, i->len, mac, wse_fw_dev_key,
				   WSE_FW_DEV_KEY_LEN, i->b + mac);
	}
	wse_fw_compute_digest(i->b, i->len, sha);
}

TEST(good_image_and_what_it_says)
{
	struct wse_fw_device dev = test_device();
	struct wse_fw_info *info = malloc(sizeof(*info));
	struct img i;
	char msg[256];

	build_signed(_metadata, BASE_DESC, &i);
	ASSERT_EQ(WSE_FW_ERR_NONE, wse_fw_verify(i.b, i.len, &dev, info, msg,
						 sizeof(msg), NULL)) {
		TH_LOG("%s", msg);
	}
	EXPECT_EQ(0, i.len % WSE_FW_ALIGN);
	EXPECT_EQ(WSE_FW_IMAGE_MAGIC, rd32(i.b));
	EXPECT_EQ(i.len, info->image_size);
	EXPECT_STREQ("test", info->name);
	EXPECT_EQ(WSE_FW_VERSION(2, 3, 4), info->fw_version);
	EXPECT_EQ(20, info->heartbeat_ms);
	EXPECT_EQ(WSE_FW_DEF_WORKER_THREADS, info->worker_threads);
	EXPECT_EQ(WSE_FW_DEF_MAX_LAUNCH_DIM, info->max_launch_width);
	EXPECT_EQ(4096, info->min_pe_sram);
	EXPECT_EQ(WSE_FW_DEF_LAUNCH_TIMEOUT_MS, info->launch_timeout_ms);
	ASSERT_EQ(2, info->nkernels);
	EXPECT_EQ(WSE_K_GEMM, info->kernels[0].impl);
	EXPECT_EQ(WSE_K_ADD, wse_fw_find_kernel(info, 9)->impl);
	EXPECT_EQ(NULL, wse_fw_find_kernel(info, 8));
	EXPECT_TRUE(info->has_signature);
	EXPECT_EQ(6, info->notes_size);
	EXPECT_EQ(0, memcmp(i.b + info->notes_offset, "hello\n", 6));
	EXPECT_NE(NULL, strstr(msg, "verified"));
	free(info);
	free(i.b);
}

/* Same description and key, same bytes. */
TEST(builds_are_reproducible)
{
	struct img a, b;

	build_signed(_metadata, BASE_DESC, &a);
	build_signed(_metadata, BASE_DESC, &b);
	ASSERT_EQ(a.len, b.len);
	EXPECT_EQ(0, memcmp(a.b, b.b, a.len));
	free(a.b);
	free(b.b);
}

/* The key file shipped in firmware/ is the device's default key. */
TEST(shipped_key_is_the_device_default)
{
	uint8_t key[WSE_FW_MAX_KEY_LEN];
	char err[256];

	ASSERT_EQ(WSE_FW_DEV_KEY_LEN,
		  fw_read_key(WSE_TOP "/firmware/keys/wse-dev.key", key,
			      sizeof(key), err, sizeof(err)));
	EXPECT_EQ(0, memcmp(key, wse_fw_dev_key, WSE_FW_DEV_KEY_LEN));
}

TEST(truncated_everywhere)
{
	struct img i, t;
	char msg[256];
	size_t n;

	build_signed(_metadata, BASE_DESC, &i);
	for (n = 0; n < i.len; n++) {
		t.b = i.b;
		t.len = n;
		ASSERT_EQ(WSE_FW_ERR_TRUNCATED, check(&t, msg)) {
			TH_LOG("%zu bytes: %s", n, msg);
		}
	}
	free(i.b);
}

/* Every single-bit flip anywhere is refused, and says why. */
TEST(every_bit_flip_is_refused)
{
	struct img i;
	char msg[256];
	size_t n;
	int bit;

	build_signed(_metadata, BASE_DESC, &i);
	for (n = 0; n < i.len; n++) {
		for (bit = 0; bit < 8; bit++) {
			uint32_t err;

			i.b[n] ^= 1 << bit;
			err = check(&i, msg);
			i.b[n] ^= 1 << bit;
			ASSERT_NE(WSE_FW_ERR_NONE, err) {
				TH_LOG("flip of byte %zu bit %d accepted", n, bit);
			}
			ASSERT_NE(0, msg[0]);
		}
	}
	EXPECT_EQ(WSE_FW_ERR_NONE, check(&i, msg));
	free(i.b);
}

TEST(specific_corruptions)
{
	struct img i;
	char msg[256];
	uint8_t *e;

	build_signed(_metadata, BASE_DESC, &i);

	i.b[1] ^= 0xff;
	EXPECT_EQ(WSE_FW_ERR_BAD_MAGIC, check(&i, msg));
	i.b[1] ^= 0xff;

	/* A digest that lies: BAD_HASH, whatever else is right. */
	i.b[offsetof(struct wse_fw_header, sha256) + 3] ^= 4;
	EXPECT_EQ(WSE_FW_ERR_BAD_HASH, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "SHA-256"));
	i.b[offsetof(struct wse_fw_header, sha256) + 3] ^= 4;

	/* Trailing bytes beyond the declared size. */
	i.b = realloc(i.b, i.len + 8);
	memset(i.b + i.len, 0, 8);
	i.len += 8;
	EXPECT_EQ(WSE_FW_ERR_BAD_FORMAT, check(&i, msg));
	i.len -= 8;

	/* Oversized: refused before anything else. */
	i.len = WSE_FW_MAX_SIZE + 1ul;
	EXPECT_EQ(WSE_FW_ERR_TOO_LARGE, check(&i, msg));
	i.len -= WSE_FW_MAX_SIZE + 1ul;
	free(i.b);

	/* Sections overlapping, properly sealed. */
	build_signed(_metadata, BASE_DESC, &i);
	e = section_entry(&i, WSE_FW_SECT_LIMITS);
	wr32(e + 4, rd32(section_entry(&i, WSE_FW_SECT_CONFIG) + 4));
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_BAD_FORMAT, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "overlap"));
	free(i.b);

	/* A section past the end. */
	build_signed(_metadata, BASE_DESC, &i);
	e = section_entry(&i, WSE_FW_SECT_NOTES);
	wr32(e + 8, i.len);
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_BAD_FORMAT, check(&i, msg));
	free(i.b);

	/* No CONFIG section (its entry renamed to an unknown type). */
	build_signed(_metadata, BASE_DESC, &i);
	wr32(section_entry(&i, WSE_FW_SECT_CONFIG), 77);
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_BAD_FORMAT, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "no CONFIG"));
	free(i.b);

	/* Unknown section types are skipped (a later format minor). */
	build_signed(_metadata, BASE_DESC, &i);
	wr32(section_entry(&i, WSE_FW_SECT_NOTES), 77);
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_NONE, check(&i, msg)) {
		TH_LOG("%s", msg);
	}
	free(i.b);

	/* A CONFIG value out of range. */
	build_signed(_metadata, BASE_DESC, &i);
	e = section_entry(&i, WSE_FW_SECT_CONFIG);
	wr32(i.b + rd32(e + 4) + 4, 1000);
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_BAD_FORMAT, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "heartbeat-ms = 1000"));
	free(i.b);

	/* Two kernels with one id. */
	build_signed(_metadata, BASE_DESC, &i);
	e = section_entry(&i, WSE_FW_SECT_KERNELS);
	wr32(i.b + rd32(e + 4) + 8 + sizeof(struct wse_fw_kernel), 7);
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_BAD_FORMAT, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "share id 7"));
	free(i.b);
}

static void expect_abi(struct __test_metadata *_metadata, const char *from,
		       const char *to, const char *why)
{
	char text[2048], msg[256];
	const char *base = BASE_DESC, *at = strstr(base, from);
	struct img i;

	ASSERT_NE(NULL, at);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - base), base, to,
		 at + strlen(from));
	build_signed(_metadata, text, &i);
	EXPECT_EQ(WSE_FW_ERR_BAD_ABI, check(&i, msg)) {
		TH_LOG("%s -> %s: %s", from, to, msg);
	}
	EXPECT_NE(NULL, strstr(msg, why)) {
		TH_LOG("\"%s\" lacks \"%s\"", msg, why);
	}
	free(i.b);
}

/* Built by the tool from descriptions the device cannot run. */
TEST(wrong_abi)
{
	expect_abi(_metadata, "abi = 1.0", "abi = 2.0", "firmware ABI 2.0");
	expect_abi(_metadata, "abi = 1.0", "abi = 1.1", "firmware ABI 1.1");
	expect_abi(_metadata, "hw-spec = 1.0", "hw-spec = 1.2",
		   "hardware spec 1.2");
	expect_abi(_metadata, "hw-spec = 1.0", "hw-spec = 0.9",
		   "hardware spec 0.9");
	expect_abi(_metadata, "generation = 3", "generation = 4",
		   "generation 4");
	expect_abi(_metadata, "min-pe-sram = 4096", "min-pe-sram = 65536",
		   "65536 bytes of SRAM");
	expect_abi(_metadata, "7 gemm 1.0", "7 gemx 1.0", "gemx is not one");
	expect_abi(_metadata, "7 gemm 1.0 tnnnoooff", "7 gemm 1.0 tnnnooof",
		   "differs from the device's");
	expect_abi(_metadata, "7 gemm 1.0", "7 gemm 2.0", "version 2.0");
	expect_abi(_metadata, "7 gemm 1.0", "7 gemm 1.1", "version 1.1");
}

/* ABI is judged before the digest: a byte edit alone is enough. */
TEST(wrong_abi_by_byte_edit)
{
	struct img i;
	char msg[256];

	build_signed(_metadata, BASE_DESC, &i);
	wr32(i.b + offsetof(struct wse_fw_header, fw_abi), WSE_FW_ABI(7, 0));
	EXPECT_EQ(WSE_FW_ERR_BAD_ABI, check(&i, msg));
	free(i.b);
}

TEST(unsigned_and_badly_signed)
{
	static const uint8_t other[4] = { 1, 2, 3, 4 };
	struct img i;
	char msg[256];
	uint8_t *e;

	build(_metadata, BASE_DESC, NULL, 0, &i);
	EXPECT_EQ(NULL, section_entry(&i, WSE_FW_SECT_SIGNATURE));
	EXPECT_EQ(WSE_FW_ERR_UNSIGNED, check(&i, msg));
	EXPECT_STREQ("the image has no SIGNATURE section", msg);
	free(i.b);

	build(_metadata, BASE_DESC, other, sizeof(other), &i);
	EXPECT_EQ(WSE_FW_ERR_BAD_SIGNATURE, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "does not verify"));
	free(i.b);

	/* A forged MAC with a consistent digest. */
	build_signed(_metadata, BASE_DESC, &i);
	e = section_entry(&i, WSE_FW_SECT_SIGNATURE);
	i.b[rd32(e + 4) + offsetof(struct wse_fw_signature, mac)] ^= 1;
	wse_fw_compute_digest(i.b, i.len,
			      i.b + offsetof(struct wse_fw_header, sha256));
	EXPECT_EQ(WSE_FW_ERR_BAD_SIGNATURE, check(&i, msg));
	free(i.b);

	/* Another key id, or an algorithm the device lacks. */
	build_signed(_metadata, BASE_DESC, &i);
	e = section_entry(&i, WSE_FW_SECT_SIGNATURE);
	wr32(i.b + rd32(e + 4) + offsetof(struct wse_fw_signature, key_id), 1);
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_BAD_SIGNATURE, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "key 1"));
	wr32(i.b + rd32(e + 4) + offsetof(struct wse_fw_signature, key_id), 0);
	wr32(i.b + rd32(e + 4) + offsetof(struct wse_fw_signature, algo), 2);
	reseal(&i);
	EXPECT_EQ(WSE_FW_ERR_BAD_SIGNATURE, check(&i, msg));
	EXPECT_NE(NULL, strstr(msg, "algorithm 2"));
	free(i.b);
}

/* A device holding another key (the fw-key property) refuses dev images. */
TEST(device_key_override)
{
	static const uint8_t key[3] = { 0xab, 0xcd, 0xef };
	struct wse_fw_device dev = test_device();
	struct wse_fw_info *info = malloc(sizeof(*info));
	struct img i;
	char msg[256];

	build_signed(_metadata, BASE_DESC, &i);
	dev.key = key;
	dev.keylen = sizeof(key);
	EXPECT_EQ(WSE_FW_ERR_BAD_SIGNATURE,
		  wse_fw_verify(i.b, i.len, &dev, info, msg, sizeof(msg), NULL));
	free(i.b);
	build(_metadata, BASE_DESC, key, sizeof(key), &i);
	EXPECT_EQ(WSE_FW_ERR_NONE,
		  wse_fw_verify(i.b, i.len, &dev, info, msg, sizeof(msg), NULL));
	free(i.b);
	free(info);
}

/* A cancelled check gives up and says so. */
TEST(cancelled_check)
{
	struct wse_fw_device dev = test_device();
	struct wse_fw_info *info = malloc(sizeof(*info));
	int cancel = 1;
	struct img i;
	char msg[256];

	build_signed(_metadata, BASE_DESC, &i);
	EXPECT_EQ(WSE_FW_ERR_DMA, wse_fw_verify(i.b, i.len, &dev, info, msg,
						sizeof(msg), &cancel));
	EXPECT_STREQ("check cancelled", msg);
	free(i.b);
	free(info);
}

TEST_HARNESS_MAIN
