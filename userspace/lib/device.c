// SPDX-License-Identifier: MIT
/*
 * Opening and closing devices. Opening checks that the node really is a
 * wse device whose driver speaks our major ABI, so every later call can
 * rely on that instead of failing in confusing ways.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xf86drm.h>

#include "wse_internal.h"

#define WSE_DRIVER_NAME		"wse"

/*
 * Is @fd a DRM node of the wse driver? DRM_IOCTL_VERSION is the one ioctl
 * every DRM driver answers; anything else answers ENOTTY (or EINVAL).
 */
static int check_driver(int fd)
{
	char name[16] = "";
	struct drm_version v = {
		.name_len = sizeof(name) - 1,
		.name = name,
	};
	struct stat st;

	if (fstat(fd, &st))
		return wse_neg_errno();
	if (!S_ISCHR(st.st_mode))
		return -ENOTTY;
	if (drmIoctl(fd, DRM_IOCTL_VERSION, &v))
		return errno == EINVAL ? -ENOTTY : wse_neg_errno();
	/* The kernel reports the full length and copies what fits. */
	if (v.name_len != strlen(WSE_DRIVER_NAME) || strcmp(name, WSE_DRIVER_NAME))
		return -ENODEV;
	return 0;
}

/* Find the discovery index of the node open on @fd, or -1. */
static int lookup_index(int fd)
{
	struct wse_device_list *list;
	struct stat st, node_st;
	unsigned int i;
	int index = -1;

	if (fstat(fd, &st) || wse_device_list_create(&list))
		return -1;
	for (i = 0; i < list->count && index < 0; i++)
		if (!stat(list->entries[i].node, &node_st) &&
		    S_ISCHR(node_st.st_mode) && node_st.st_rdev == st.st_rdev)
			index = (int)i;
	wse_device_list_free(list);
	return index;
}

static int open_node(const char *path, int index, struct wse_device **out)
{
	struct drm_wse_device_info info;
	struct wse_device *dev;
	int ret;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->node = strdup(path);
	if (!dev->node) {
		free(dev);
		return -ENOMEM;
	}
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		ret = wse_neg_errno();
		goto err_free;
	}
	ret = check_driver(dev->fd);
	if (ret)
		goto err_close;
	ret = wse_device_get_info(dev, &info, NULL);
	if (ret)
		goto err_close;
	if (info.abi_major != DRM_WSE_ABI_MAJOR) {
		ret = -EPROTO;
		goto err_close;
	}
	snprintf(dev->pci_address, sizeof(dev->pci_address), "%04x:%02x:%02x.%x",
		 info.pci_domain, info.pci_bus, info.pci_slot, info.pci_function);
	dev->serial = info.serial;
	dev->index = index;
	dev->max_sgl_entries = info.max_sgl_entries ? info.max_sgl_entries :
			       WSE_DEFAULT_MAX_SGL_ENTRIES;
	dev->pe_sram_bytes = info.pe_sram_bytes;
	ret = pthread_mutex_init(&dev->lock, NULL);
	if (ret) {
		ret = -ret;
		goto err_close;
	}
	*out = dev;
	return 0;

err_close:
	close(dev->fd);
err_free:
	free(dev->node);
	free(dev);
	return ret;
}

int wse_device_open_path(const char *path, struct wse_device **out)
{
	int ret;

	if (!path || !*path || !out)
		return -EINVAL;
	ret = open_node(path, -1, out);
	if (!ret)
		(*out)->index = lookup_index((*out)->fd);
	return ret;
}

int wse_device_list_open(const struct wse_device_list *list, unsigned int idx,
			 struct wse_device **out)
{
	if (!list || !out)
		return -EINVAL;
	if (idx >= list->count)
		return -ENODEV;
	return open_node(list->entries[idx].node, (int)idx, out);
}

static int entry_matches(const struct wse_device_entry *e, const struct wse_selector *sel)
{
	return e->pci_domain == sel->pci_domain && e->pci_bus == sel->pci_bus &&
	       e->pci_slot == sel->pci_slot && e->pci_function == sel->pci_function;
}

/*
 * Open each listed device until one has the serial number asked for. If
 * none has it but some could not be opened, the match may be among those:
 * report why (typically -EACCES) rather than "no such device".
 */
static int open_by_serial(const struct wse_device_list *list, uint64_t serial,
			  struct wse_device **out)
{
	int ret, open_err = 0;
	unsigned int i;

	for (i = 0; i < list->count; i++) {
		struct wse_device *dev;

		ret = open_node(list->entries[i].node, (int)i, &dev);
		if (ret) {
			if (!open_err)
				open_err = ret;
			continue;
		}
		if (dev->serial == serial) {
			*out = dev;
			return 0;
		}
		wse_device_close(dev);
	}
	return open_err ? open_err : -ENODEV;
}

int wse_device_open(const char *selector, struct wse_device **out)
{
	struct wse_device_list *list;
	struct wse_selector sel = { .kind = WSE_SELECT_INDEX };
	unsigned int i;
	int ret;

	if (!out)
		return -EINVAL;
	if (selector) {
		ret = wse_selector_parse(selector, &sel);
		if (ret)
			return ret;
	}
	if (sel.kind == WSE_SELECT_PATH)
		return wse_device_open_path(sel.path, out);

	ret = wse_device_list_create(&list);
	if (ret)
		return ret;
	ret = -ENODEV;
	switch (sel.kind) {
	case WSE_SELECT_INDEX:
		ret = wse_device_list_open(list, sel.index, out);
		break;
	case WSE_SELECT_PCI:
		for (i = 0; i < list->count; i++)
			if (entry_matches(&list->entries[i], &sel)) {
				ret = open_node(list->entries[i].node, (int)i, out);
				break;
			}
		break;
	case WSE_SELECT_SERIAL:
		ret = open_by_serial(list, sel.serial, out);
		break;
	case WSE_SELECT_PATH:
		break;
	}
	wse_device_list_free(list);
	return ret;
}

void wse_device_close(struct wse_device *dev)
{
	if (!dev)
		return;
	pthread_mutex_destroy(&dev->lock);
	close(dev->fd);
	free(dev->node);
	free(dev);
}

int wse_device_fd(const struct wse_device *dev)
{
	return dev ? dev->fd : -1;
}

const char *wse_device_node(const struct wse_device *dev)
{
	return dev ? dev->node : NULL;
}

const char *wse_device_pci_address(const struct wse_device *dev)
{
	return dev ? dev->pci_address : NULL;
}

int wse_device_index(const struct wse_device *dev)
{
	return dev ? dev->index : -1;
}
