/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the wse selftests: find the device node of the first
 * device bound to the wse driver through sysfs, independently of libwse.
 */
#ifndef WSE_TEST_UTIL_H
#define WSE_TEST_UTIL_H

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Does the sysfs class device at @cls/@name belong to the wse driver? */
static inline int wse_node_is_ours(const char *cls, const char *name)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/%s/%s/device/driver", cls, name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return strcmp(strrchr(target, '/') ? strrchr(target, '/') + 1 : target, "wse") == 0;
}

/*
 * Find the node of the first wse device: /dev/accel/accelN where the kernel
 * has the accel subsystem, else /dev/dri/renderDN. Fills @node and the
 * PCI device's sysfs directory @sysdev; returns 0 or -1.
 */
static inline int wse_find_node(char *node, size_t node_len, char *sysdev, size_t sysdev_len)
{
	static const struct { const char *cls, *prefix, *dev; } kinds[] = {
		{ "accel", "accel", "/dev/accel/" },
		{ "drm", "renderD", "/dev/dri/" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char cls[64];
		struct dirent *de;
		DIR *d;

		snprintf(cls, sizeof(cls), "/sys/class/%s", kinds[i].cls);
		d = opendir(cls);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (strncmp(de->d_name, kinds[i].prefix, strlen(kinds[i].prefix)) ||
			    !wse_node_is_ours(kinds[i].cls, de->d_name))
				continue;
			snprintf(node, node_len, "%s%s", kinds[i].dev, de->d_name);
			snprintf(sysdev, sysdev_len, "/sys/class/%s/%s/device",
				 kinds[i].cls, de->d_name);
			closedir(d);
			return 0;
		}
		closedir(d);
	}
	return -1;
}

/* Read a sysfs attribute holding one number (decimal or 0x hex). */
static inline int wse_read_sysfs_ulong(const char *dir, const char *attr, unsigned long *val)
{
	char path[PATH_MAX];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%li", (long *)val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

#endif /* WSE_TEST_UTIL_H */
