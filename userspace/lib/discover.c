// SPDX-License-Identifier: MIT
/*
 * Device discovery through libudev. The wse driver registers an accel
 * node (/dev/accel/accelN) on kernels with the accel subsystem and a DRM
 * render node (/dev/dri/renderDN) before that; the DRM primary node
 * (cardN) it also gets there carries no wse ioctls and is skipped.
 *
 * libudev reads sysfs directly, so this works without a udev daemon
 * (as in the test VM's initramfs).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libudev.h>

#include "wse_internal.h"

#define WSE_DRIVER_NAME		"wse"

static const struct {
	const char *subsystem;
	const char *name_prefix;	/* sysname of the node we want */
} wse_node_kinds[] = {
	{ "accel", "accel" },
	{ "drm", "renderD" },
};

static int entry_cmp(const void *a, const void *b)
{
	const struct wse_device_entry *x = a, *y = b;

	if (x->pci_domain != y->pci_domain)
		return x->pci_domain < y->pci_domain ? -1 : 1;
	if (x->pci_bus != y->pci_bus)
		return x->pci_bus < y->pci_bus ? -1 : 1;
	if (x->pci_slot != y->pci_slot)
		return x->pci_slot < y->pci_slot ? -1 : 1;
	if (x->pci_function != y->pci_function)
		return x->pci_function < y->pci_function ? -1 : 1;
	/* Same function twice (should not happen): keep the order stable. */
	return strcmp(x->node, y->node);
}

static int list_has_pci(const struct wse_device_list *list, const char *pci_address)
{
	unsigned int i;

	for (i = 0; i < list->count; i++)
		if (!strcmp(list->entries[i].pci_address, pci_address))
			return 1;
	return 0;
}

/* Add the node @dev if its PCI parent is bound to the wse driver. */
static int consider_node(struct wse_device_list *list, struct udev_device *dev,
			 const char *name_prefix)
{
	struct wse_device_entry *grown, e = { 0 };
	struct udev_device *pci;
	const char *sysname, *devnode, *driver, *pci_name;

	sysname = udev_device_get_sysname(dev);
	devnode = udev_device_get_devnode(dev);
	if (!sysname || !devnode ||
	    strncmp(sysname, name_prefix, strlen(name_prefix)))
		return 0;

	/* The parent is owned by @dev: no unref. */
	pci = udev_device_get_parent_with_subsystem_devtype(dev, "pci", NULL);
	if (!pci)
		return 0;
	driver = udev_device_get_driver(pci);
	pci_name = udev_device_get_sysname(pci);
	if (!driver || strcmp(driver, WSE_DRIVER_NAME) || !pci_name ||
	    strlen(pci_name) >= sizeof(e.pci_address) ||
	    wse_pci_address_parse(pci_name, &e.pci_domain, &e.pci_bus,
				  &e.pci_slot, &e.pci_function))
		return 0;

	/* One entry per device even if it ever showed both node kinds. */
	if (list_has_pci(list, pci_name))
		return 0;

	strcpy(e.pci_address, pci_name);
	e.node = strdup(devnode);
	if (!e.node)
		return -ENOMEM;
	grown = realloc(list->entries, (list->count + 1) * sizeof(*grown));
	if (!grown) {
		free(e.node);
		return -ENOMEM;
	}
	list->entries = grown;
	list->entries[list->count++] = e;
	return 0;
}

static int scan_subsystem(struct udev *udev, struct wse_device_list *list,
			  const char *subsystem, const char *name_prefix)
{
	struct udev_list_entry *item;
	struct udev_enumerate *en;
	int ret;

	en = udev_enumerate_new(udev);
	if (!en)
		return -ENOMEM;
	ret = udev_enumerate_add_match_subsystem(en, subsystem);
	if (!ret)
		ret = udev_enumerate_scan_devices(en);
	/* A kernel without this subsystem simply has nothing to list. */
	if (ret == -ENOENT)
		ret = 0;

	udev_list_entry_foreach(item, ret ? NULL : udev_enumerate_get_list_entry(en)) {
		struct udev_device *dev;

		dev = udev_device_new_from_syspath(udev, udev_list_entry_get_name(item));
		if (!dev)
			continue;	/* gone since the scan */
		ret = consider_node(list, dev, name_prefix);
		udev_device_unref(dev);
		if (ret)
			break;
	}
	udev_enumerate_unref(en);
	return ret;
}

int wse_device_list_create(struct wse_device_list **out)
{
	struct wse_device_list *list;
	struct udev *udev;
	unsigned int i;
	int ret = 0;

	if (!out)
		return -EINVAL;
	list = calloc(1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	udev = udev_new();
	if (!udev) {
		free(list);
		return -ENOMEM;
	}
	/* accel first, so a device with both node kinds keeps its accel node. */
	for (i = 0; i < ARRAY_SIZE(wse_node_kinds) && !ret; i++)
		ret = scan_subsystem(udev, list, wse_node_kinds[i].subsystem,
				     wse_node_kinds[i].name_prefix);
	udev_unref(udev);
	if (ret) {
		wse_device_list_free(list);
		return ret;
	}
	if (list->count)
		qsort(list->entries, list->count, sizeof(*list->entries), entry_cmp);
	*out = list;
	return 0;
}

void wse_device_list_free(struct wse_device_list *list)
{
	unsigned int i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		free(list->entries[i].node);
	free(list->entries);
	free(list);
}

unsigned int wse_device_list_count(const struct wse_device_list *list)
{
	return list ? list->count : 0;
}

const char *wse_device_list_node(const struct wse_device_list *list, unsigned int idx)
{
	return list && idx < list->count ? list->entries[idx].node : NULL;
}

const char *wse_device_list_pci_address(const struct wse_device_list *list,
					unsigned int idx)
{
	return list && idx < list->count ? list->entries[idx].pci_address : NULL;
}
