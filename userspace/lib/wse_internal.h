/* SPDX-License-Identifier: MIT */
/*
 * Definitions shared by the libwse sources and not part of its ABI.
 */
#ifndef WSE_INTERNAL_H
#define WSE_INTERNAL_H

#include <errno.h>

#include "wse.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* "dddd:bb:ss.f" with a domain of up to 8 hex digits, plus the NUL. */
#define WSE_PCI_ADDR_LEN	20

struct wse_device_entry {
	char *node;
	char pci_address[WSE_PCI_ADDR_LEN];
	uint32_t pci_domain;
	uint8_t pci_bus, pci_slot, pci_function;
};

struct wse_device_list {
	unsigned int count;
	struct wse_device_entry *entries;
};

struct wse_device {
	int fd;
	int index;
	char *node;
	char pci_address[WSE_PCI_ADDR_LEN];
	uint64_t serial;
};

/* Bytes of struct drm_wse_device_info that ABI 1.0 defines. */
#define WSE_INFO_SIZE_V1_0 \
	(offsetof(struct drm_wse_device_info, status) + \
	 sizeof(((struct drm_wse_device_info *)0)->status))

/*
 * The negative errno of the system call that just failed. Never 0, so a
 * failure can't turn into success through a libc that left errno alone.
 */
static inline int wse_neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* Split "dddd:bb:ss.f" or "bb:ss.f"; 0 or -EINVAL. */
int wse_pci_address_parse(const char *text, uint32_t *domain, uint8_t *bus,
			  uint8_t *slot, uint8_t *function);

#endif /* WSE_INTERNAL_H */
