/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the firmware tests. */
#ifndef WSE_FW_TEST_UTIL_H
#define WSE_FW_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fwbuild.h"
#include "fwdesc.h"
#include "wse_fwimage.h"
#include "wse_hw.h"
#include "wse_kernel_abi.h"

/* A complete, valid description with two kernels. */
#define BASE_DESC \
	"[image]\n" \
	"name = test\n" \
	"version = 2.3.4\n" \
	"hw-spec = 1.0\n" \
	"abi = 1.0\n" \
	"generation = 3\n" \
	"[config]\n" \
	"heartbeat-ms = 20\n" \
	"[limits]\n" \
	"min-pe-sram = 4096\n" \
	"[kernels]\n" \
	"7 gemm 1.0 tnnnoooff f32\n" \
	"9 add 1.0 tnooo f32,f16\n" \
	"[notes]\n" \
	"hello\n"

/* Write @text to a new temporary file; returns its malloc()ed path. */
static inline char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/wsefw-test-XXXXXX");
	int fd = mkstemp(path);
	size_t n = strlen(text);

	if (fd < 0 || write(fd, text, n) != (ssize_t)n) {
		perror("write_tmp");
		exit(1);
	}
	close(fd);
	return path;
}

/* The device the tests check images against: the emulated WSE-3. */
static inline struct wse_fw_device test_device(void)
{
	struct wse_fw_device d = {
		.hw_spec = WSE_FW_ABI(WSE_HW_SPEC_MAJOR, WSE_HW_SPEC_MINOR),
		.fw_abi = WSE_FW_ABI(WSE_FW_ABI_MAJOR, WSE_FW_ABI_MINOR),
		.generation = 3,
		.pe_sram_bytes = 48 * 1024,
		.key = wse_fw_dev_key,
		.keylen = WSE_FW_DEV_KEY_LEN,
	};
	return d;
}

#endif
