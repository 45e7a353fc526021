// SPDX-License-Identifier: MIT
/*
 * The wse driver's attributes of a PCI device, and the graceful reset it
 * offers through one of them. They live in sysfs rather than behind the
 * device node, so they work for users who may not open the node and for
 * a device whose queries fail.
 *
 * $WSE_SYSFS_ROOT replaces "/sys" so that tests can point the library at
 * a recorded tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wse_internal.h"

const char *wse_sysfs_root(void)
{
	const char *root = getenv("WSE_SYSFS_ROOT");

	return root && *root ? root : "/sys";
}

/* An attribute name is one path component. */
static bool attr_name_ok(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

static int attr_path(const char *pci_address, const char *name, char *buf, size_t len)
{
	uint32_t domain;
	uint8_t bus, slot, function;
	int n;

	if (!pci_address || wse_pci_address_parse(pci_address, &domain, &bus, &slot, &function) ||
	    !attr_name_ok(name))
		return -EINVAL;
	n = snprintf(buf, len, "%s/bus/pci/devices/%04x:%02x:%02x.%x/%s", wse_sysfs_root(),
		     domain, bus, slot, function, name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int wse_pci_attr_read(const char *pci_address, const char *name, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd, ret;

	if (!buf || !len)
		return -EINVAL;
	ret = attr_path(pci_address, name, path, sizeof(path));
	if (ret)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return wse_neg_errno();
	n = read(fd, buf, len - 1);
	ret = n < 0 ? wse_neg_errno() : 0;
	close(fd);
	if (ret)
		return ret;
	/* One value per attribute: drop the newline sysfs ends it with. */
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

int wse_device_attr_read(const struct wse_device *dev, const char *name, char *buf,
			 size_t len)
{
	if (!dev)
		return -EINVAL;
	return wse_pci_attr_read(dev->pci_address, name, buf, len);
}

int wse_pci_recover(const char *pci_address)
{
	char path[512];
	int fd, ret;

	ret = attr_path(pci_address, "recover", path, sizeof(path));
	if (ret)
		return ret;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = wse_neg_errno();
		/* No attribute: a driver from before recovery existed. */
		if (ret == -ENOENT) {
			char dir[512];

			ret = attr_path(pci_address, "driver", dir, sizeof(dir));
			if (!ret)
				ret = access(dir, F_OK) ? -ENODEV : -EOPNOTSUPP;
		}
		return ret;
	}
	/* The driver resets before the write returns. */
	ret = write(fd, "1\n", 2) == 2 ? 0 : wse_neg_errno();
	close(fd);
	return ret;
}

int wse_device_recover(struct wse_device *dev)
{
	if (!dev)
		return -EINVAL;
	return wse_pci_recover(dev->pci_address);
}
