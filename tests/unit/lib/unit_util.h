/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the libwse/wsectl host unit tests: capturing what a
 * formatter writes to a FILE *, and a recorded device report to format.
 */
#ifndef WSE_UNIT_UTIL_H
#define WSE_UNIT_UTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "wse.h"
#include "wse_hw.h"

/* An in-memory FILE *; read the text after capture_end(). */
struct capture {
	char *text;
	size_t len;
	FILE *f;
};

static inline FILE *capture_begin(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	return c->f;
}

static inline const char *capture_end(struct capture *c)
{
	fclose(c->f);
	c->f = NULL;
	return c->text ? c->text : "";
}

static inline void capture_free(struct capture *c)
{
	free(c->text);
	c->text = NULL;
}

/*
 * What a WSE-3 with a 24 x 18 physical grid, 2 spare columns and rows,
 * 48 KiB per PE and ten defects reports: every field distinct, so a
 * formatter that shows the wrong field is caught.
 */
static const struct drm_wse_device_info unit_sample_info = {
	.abi_major = 1,
	.abi_minor = 0,
	.hw_spec_version = 0x00010000,
	.generation = 3,
	.pci_vendor = WSE_PCI_VENDOR_ID,
	.pci_device = WSE_PCI_DEVICE_ID_WSE3,
	.pci_subsystem_vendor = WSE_PCI_SUBSYS_VENDOR_ID,
	.pci_subsystem_device = WSE_PCI_SUBSYS_ID_CS3,
	.pci_domain = 0,
	.pci_bus = 0x3a,
	.pci_slot = 0x1f,
	.pci_function = 1,
	.pci_revision = WSE_PCI_REVISION,
	.serial = 0x0123456789abcdefull,
	.phys_width = 24,
	.phys_height = 18,
	.log_width = 22,
	.log_height = 16,
	.pe_sram_bytes = 48 * 1024,
	.spare_cols = 2,
	.spare_rows = 2,
	.defect_count = 10,
	.fabric_bytes = 22ull * 16 * 48 * 1024,
	.clock_mhz = 850,
	.num_queues = 16,
	.max_queue_depth = 1024,
	.hw_caps = WSE_CAP_DEFECT_REMAP | WSE_CAP_APERTURE | WSE_CAP_FW_REQUIRED,
	.fw_state = DRM_WSE_FW_STATE_READY,
	.fw_version = 0x00010203,
	.fw_abi = 0x00010000,
	.status = WSE_STATUS_FW_READY | WSE_STATUS_QUEUES_ACTIVE,
	.reset_count = 2,
	.max_sgl_entries = 256,
};

static const struct drm_wse_defect unit_sample_defects[10] = {
	{ 3, 4 }, { 10, 2 }, { 7, 17 }, { 0, 0 }, { 23, 17 },
	{ 5, 5 }, { 6, 5 }, { 12, 9 }, { 1, 16 }, { 19, 3 },
};

#endif /* WSE_UNIT_UTIL_H */
