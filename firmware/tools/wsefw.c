// SPDX-License-Identifier: MIT
/*
 * wsefw - build, inspect and verify wafer-scale engine firmware images.
 *
 *   wsefw build [--key FILE | --unsigned] [--no-verify] -o IMAGE DESC
 *   wsefw info IMAGE
 *   wsefw verify [--key FILE] [--generation N] [--pe-sram BYTES] IMAGE
 *
 * `verify` and `info` run the device's own checks (qemu-device/
 * wse_fwimage.c) against a device like the emulated one; `build` runs them
 * on what it wrote unless told not to, so an image that leaves this tool
 * is one the device accepts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwbuild.h"
#include "fwdesc.h"
#include "wse_fwimage.h"
#include "wse_hw.h"

#define DEFAULT_GENERATION	3
#define DEFAULT_PE_SRAM		(48 * 1024)

static const char *prog = "wsefw";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s build [--key FILE | --unsigned] [--no-verify] -o IMAGE DESC\n"
		"       %s info IMAGE\n"
		"       %s verify [--key FILE] [--generation N] [--pe-sram BYTES] IMAGE\n"
		"\n"
		"build   turn the description DESC into IMAGE, signed with the key in\n"
		"        FILE (hexadecimal); --unsigned leaves the signature out (for\n"
		"        tests); the result is checked as the device would unless\n"
		"        --no-verify\n"
		"info    print an image's header, sections, configuration, limits,\n"
		"        kernels and notes, and whether the device would accept it\n"
		"verify  check an image as the device does; exit 0 if accepted\n"
		"\n"
		"Without --key, images are checked with the development key that the\n"
		"emulated device holds by default.\n",
		prog, prog, prog);
}

static int read_file(const char *path, uint8_t **out, size_t *outlen)
{
	size_t cap = 0, len = 0;
	uint8_t *buf = NULL;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			uint8_t *grown;

			/* Past the largest image is enough to say "too large". */
			if (cap > WSE_FW_MAX_SIZE)
				break;
			cap = cap ? cap * 2 : 65536;
			grown = realloc(buf, cap);
			if (!grown) {
				fprintf(stderr, "%s: %s: out of memory\n", prog,
					path);
				goto fail;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: read error\n", prog, path);
		goto fail;
	}
	fclose(f);
	*out = buf;
	*outlen = len;
	return 0;

fail:
	free(buf);
	fclose(f);
	return -1;
}

static int write_file(const char *path, const uint8_t *buf, size_t len)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "%s: %s: path too long\n", prog, path);
		return -1;
	}
	f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		return -1;
	}
	if (fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "%s: %s: write error\n", prog, tmp);
		remove(tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

struct check_opts {
	const char *keyfile;
	uint32_t generation;
	uint32_t pe_sram;
};

/* The device the image is checked against. */
static int device_for(const struct check_opts *o, struct wse_fw_device *dev,
		      uint8_t *keybuf)
{
	char err[512];
	int n;

	dev->hw_spec = WSE_FW_ABI(WSE_HW_SPEC_MAJOR, WSE_HW_SPEC_MINOR);
	dev->fw_abi = WSE_FW_ABI(WSE_FW_ABI_MAJOR, WSE_FW_ABI_MINOR);
	dev->generation = o->generation;
	dev->pe_sram_bytes = o->pe_sram;
	if (!o->keyfile) {
		dev->key = wse_fw_dev_key;
		dev->keylen = WSE_FW_DEV_KEY_LEN;
		return 0;
	}
	n = fw_read_key(o->keyfile, keybuf, WSE_FW_MAX_KEY_LEN, err,
			sizeof(err));
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return -1;
	}
	dev->key = keybuf;
	dev->keylen = n;
	return 0;
}

static int cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "unsigned", no_argument, NULL, 'U' },
		{ "no-verify", no_argument, NULL, 'N' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *keyfile = NULL, *outpath = NULL;
	bool unsigned_image = false, verify = true;
	uint8_t key[WSE_FW_MAX_KEY_LEN], *img = NULL;
	struct wse_fw_info *info = NULL;
	struct wse_fw_device dev;
	struct fw_desc *d;
	char err[1024];
	size_t len;
	int c, keylen = 0, ret = 1;
	uint32_t verr;

	while ((c = getopt_long(argc, argv, "k:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			keyfile = optarg;
			break;
		case 'U':
			unsigned_image = true;
			break;
		case 'N':
			verify = false;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || !outpath || (keyfile && unsigned_image) ||
	    (!keyfile && !unsigned_image)) {
		fprintf(stderr, "%s build: give one description, -o IMAGE, and "
			"either --key FILE or --unsigned\n", prog);
		usage(stderr);
		return 2;
	}
	if (keyfile) {
		keylen = fw_read_key(keyfile, key, sizeof(key), err, sizeof(err));
		if (keylen < 0) {
			fprintf(stderr, "%s: %s\n", prog, err);
			return 1;
		}
	}

	d = malloc(sizeof(*d));
	if (!d) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	if (fw_desc_parse(argv[optind], d, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		free(d);
		return 1;
	}
	if (fw_build_image(d, keyfile ? key : NULL, keylen, &img, &len, err,
			   sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", prog, argv[optind], err);
		goto out;
	}
	if (verify) {
		struct check_opts o = {
			.keyfile = keyfile,
			.generation = d->generation,
			.pe_sram = WSE_PE_SRAM_MAX,
		};

		info = malloc(sizeof(*info));
		if (!info || device_for(&o, &dev, key)) {
			fprintf(stderr, "%s: out of memory\n", prog);
			goto out;
		}
		verr = wse_fw_verify(img, len, &dev, info, err, sizeof(err),
				     NULL);
		if (verr && !(unsigned_image && verr == WSE_FW_ERR_UNSIGNED)) {
			fprintf(stderr, "%s: %s: the device would refuse this "
				"image: %s: %s\n", prog, argv[optind],
				wse_fw_err_name(verr), err);
			fprintf(stderr, "%s: (use --no-verify to build it "
				"anyway, e.g. for tests)\n", prog);
			goto out;
		}
	}
	if (write_file(outpath, img, len))
		goto out;
	ret = 0;
out:
	free(info);
	free(img);
	fw_desc_free(d);
	free(d);
	return ret;
}

static void print_dtypes(uint32_t mask)
{
	const char *sep = "";

	if (mask & WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32)) {
		printf("f32");
		sep = ",";
	}
	if (mask & WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F16))
		printf("%sf16", sep);
}

static void print_kv(const char *what, const struct wse_fw_key_desc *keys,
		     const struct wse_fw_info *info)
{
	const struct wse_fw_key_desc *k;

	printf("%s:\n", what);
	for (k = keys; k->name; k++) {
		uint32_t v;

		memcpy(&v, (const uint8_t *)info + k->field, sizeof(v));
		printf("  %-20s %u\n", k->name, v);
	}
}

static void print_info(const char *path, const uint8_t *img, size_t len,
		       const struct wse_fw_info *info)
{
	uint32_t i;

	printf("%s: %zu bytes\n", path, len);
	if (!info->header_ok)
		return;
	printf("  name          %s\n", info->name);
	printf("  format        %u.%u\n", info->format_major,
	       info->format_minor);
	printf("  version       %u.%u.%u\n", info->fw_version >> 16,
	       (info->fw_version >> 8) & 0xff, info->fw_version & 0xff);
	printf("  hw spec       %u.%u\n", WSE_FW_ABI_MAJOR_OF(info->hw_spec),
	       WSE_FW_ABI_MINOR_OF(info->hw_spec));
	printf("  firmware ABI  %u.%u\n", WSE_FW_ABI_MAJOR_OF(info->fw_abi),
	       WSE_FW_ABI_MINOR_OF(info->fw_abi));
	printf("  generation    %u\n", info->generation);
	printf("  image size    %u\n", info->image_size);
	printf("  sha256        ");
	for (i = 0; i < WSE_FW_SHA256_LEN; i++)
		printf("%02x", info->sha256[i]);
	printf("\n");
	if (!info->layout_ok)
		return;

	printf("sections:\n");
	for (i = 0; i < info->nsections; i++) {
		const struct wse_fw_section_info *s = &info->sections[i];
		const char *name = wse_fw_section_name(s->type);

		printf("  %-10s offset 0x%05x  size %u\n",
		       name ? name : "(unknown)", s->offset, s->size);
	}
	print_kv("config", wse_fw_config_keys, info);
	print_kv("limits", wse_fw_limit_keys, info);
	printf("kernels:\n  %-6s %-14s %-8s %-12s %s\n", "id", "name",
	       "version", "signature", "types");
	for (i = 0; i < info->nkernels; i++) {
		const struct wse_fw_kernel_info *k = &info->kernels[i];

		printf("  %-6u %-14s %3u.%-4u %-12s ", k->id, k->name,
		       WSE_FW_ABI_MAJOR_OF(k->version),
		       WSE_FW_ABI_MINOR_OF(k->version),
		       k->signature[0] ? k->signature : "-");
		print_dtypes(k->dtypes);
		printf("\n");
	}
	if (info->has_signature)
		printf("signature:\n  algorithm %u%s, key %u\n", info->sig_algo,
		       info->sig_algo == WSE_FW_SIG_HMAC_SHA256 ?
		       " (HMAC-SHA256)" : "", info->sig_key_id);
	else
		printf("signature:\n  none (unsigned image)\n");
	if (info->notes_offset) {
		const char *p = (const char *)img + info->notes_offset;
		const char *end = p + info->notes_size;

		printf("notes:\n");
		while (p < end) {
			const char *nl = memchr(p, '\n', end - p);
			int n = nl ? nl - p : end - p;

			printf("  %.*s\n", n, p);
			p += n + 1;
		}
	}
}

static int cmd_check(int argc, char **argv, bool show)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "generation", required_argument, NULL, 'g' },
		{ "pe-sram", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_opts o = {
		.generation = DEFAULT_GENERATION,
		.pe_sram = DEFAULT_PE_SRAM,
	};
	uint8_t key[WSE_FW_MAX_KEY_LEN], *img;
	struct wse_fw_device dev;
	struct wse_fw_info *info;
	char msg[1024], *end;
	unsigned long v;
	uint32_t err;
	size_t len;
	int c, ret;

	while ((c = getopt_long(argc, argv, "k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o.keyfile = optarg;
			break;
		case 'g':
		case 's':
			errno = 0;
			v = strtoul(optarg, &end, 0);
			if (errno || *end || !*optarg || v > 0xffffffffUL) {
				fprintf(stderr, "%s: bad number '%s'\n", prog,
					optarg);
				return 2;
			}
			if (c == 'g')
				o.generation = v;
			else
				o.pe_sram = v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (device_for(&o, &dev, key))
		return 1;
	if (read_file(argv[optind], &img, &len))
		return 1;
	info = malloc(sizeof(*info));
	if (!info) {
		fprintf(stderr, "%s: out of memory\n", prog);
		free(img);
		return 1;
	}
	err = wse_fw_verify(img, len, &dev, info, msg, sizeof(msg), NULL);
	if (show) {
		print_info(argv[optind], img, len, info);
		printf("check:\n  %s: %s\n", err ? wse_fw_err_name(err) : "OK",
		       msg);
		ret = info->header_ok ? 0 : 1;
	} else if (err) {
		fprintf(stderr, "%s: %s: refused: %s: %s\n", prog, argv[optind],
			wse_fw_err_name(err), msg);
		ret = 1;
	} else {
		printf("%s: OK: %s\n", argv[optind], msg);
		ret = 0;
	}
	free(info);
	free(img);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "build"))
		return cmd_build(argc - 1, argv + 1);
	if (!strcmp(argv[1], "info"))
		return cmd_check(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "verify"))
		return cmd_check(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	usage(stderr);
	return 2;
}
