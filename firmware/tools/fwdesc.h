/* SPDX-License-Identifier: MIT */
/*
 * Firmware descriptions: the readable text that wsefw turns into an
 * image. The syntax is in Documentation/firmware.rst; firmware/wse3.fw is
 * the example that ships.
 */
#ifndef WSEFW_FWDESC_H
#define WSEFW_FWDESC_H

#include <stddef.h>
#include <stdint.h>

#include "wse_fw.h"

#define FW_DESC_MAX_KV  16

struct fw_desc_kernel {
	uint32_t id;
	uint32_t version;
	uint32_t dtypes;
	char name[WSE_FW_KERNEL_NAME_LEN];
	char signature[WSE_FW_SIGNATURE_LEN];
};

struct fw_desc {
	char name[WSE_FW_NAME_LEN];
	uint32_t fw_version;
	uint32_t hw_spec;
	uint32_t fw_abi;
	uint32_t generation;
	struct wse_fw_kv config[FW_DESC_MAX_KV];
	unsigned int nconfig;
	struct wse_fw_kv limits[FW_DESC_MAX_KV];
	unsigned int nlimits;
	struct fw_desc_kernel kernels[WSE_FW_MAX_KERNELS];
	unsigned int nkernels;
	char *notes;		/* NULL if there is no [notes] section */
	size_t notes_len;
};

/*
 * Parse the description in @path into @d (free it with fw_desc_free()).
 * Returns 0, or -1 with "path:line: what is wrong" in @err.
 */
int fw_desc_parse(const char *path, struct fw_desc *d, char *err,
		  size_t errlen);
void fw_desc_free(struct fw_desc *d);

#endif /* WSEFW_FWDESC_H */
