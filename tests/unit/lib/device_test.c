// SPDX-License-Identifier: GPL-2.0-only
/*
 * libwse against the real host (no wse device here): discovery agrees
 * with sysfs and reports "no devices" as an empty list, and opening
 * anything that is not a wse node fails with the documented errno and
 * without touching the caller's handle.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "unit_util.h"

#define UNTOUCHED	((struct wse_device *)0x1)

/* Count wse nodes by reading sysfs directly, independently of libudev. */
static unsigned int sysfs_count_wse_nodes(void)
{
	static const struct { const char *dir, *prefix; } kinds[] = {
		{ "/sys/class/accel", "accel" },
		{ "/sys/class/drm", "renderD" },
	};
	unsigned int i, n = 0;

	for (i = 0; i < 2; i++) {
		struct dirent *de;
		DIR *d = opendir(kinds[i].dir);

		if (!d)
			continue;
		while ((de = readdir(d))) {
			char link[PATH_MAX], target[PATH_MAX];
			const char *drv;
			ssize_t len;

			if (strncmp(de->d_name, kinds[i].prefix, strlen(kinds[i].prefix)))
				continue;
			snprintf(link, sizeof(link), "%s/%s/device/driver", kinds[i].dir,
				 de->d_name);
			len = readlink(link, target, sizeof(target) - 1);
			if (len < 0)
				continue;
			target[len] = '\0';
			drv = strrchr(target, '/');
			if (!strcmp(drv ? drv + 1 : target, "wse"))
				n++;
		}
		closedir(d);
	}
	return n;
}

TEST(discovery_matches_sysfs)
{
	struct wse_device_list *list = NULL;
	unsigned int n, i;

	ASSERT_EQ(0, wse_device_list_create(&list));
	ASSERT_NE(NULL, list);
	n = wse_device_list_count(list);
	EXPECT_EQ(sysfs_count_wse_nodes(), n);
	for (i = 0; i < n; i++) {
		ASSERT_NE(NULL, wse_device_list_node(list, i));
		ASSERT_NE(NULL, wse_device_list_pci_address(list, i));
		if (i)
			EXPECT_GT(0, strcmp(wse_device_list_pci_address(list, i - 1),
					    wse_device_list_pci_address(list, i)));
	}
	/* One past the end is out of range, not a crash. */
	EXPECT_EQ(NULL, wse_device_list_node(list, n));
	EXPECT_EQ(NULL, wse_device_list_pci_address(list, n));
	wse_device_list_free(list);
}

TEST(no_device_is_empty_list_and_enodev)
{
	struct wse_device_list *list;
	struct wse_device *dev = UNTOUCHED;

	ASSERT_EQ(0, wse_device_list_create(&list));
	if (wse_device_list_count(list)) {
		wse_device_list_free(list);
		SKIP(return, "this host has a wse device");
	}
	EXPECT_EQ(-ENODEV, wse_device_list_open(list, 0, &dev));
	wse_device_list_free(list);
	EXPECT_EQ(-ENODEV, wse_device_open(NULL, &dev));
	EXPECT_EQ(-ENODEV, wse_device_open("0", &dev));
	EXPECT_EQ(-ENODEV, wse_device_open("0000:01:00.0", &dev));
	EXPECT_EQ(-ENODEV, wse_device_open("0123456789abcdef", &dev));
	EXPECT_EQ(UNTOUCHED, dev);
}

TEST(null_arguments)
{
	struct wse_device *dev = UNTOUCHED;

	EXPECT_EQ(-EINVAL, wse_device_list_create(NULL));
	EXPECT_EQ(-EINVAL, wse_device_open("0", NULL));
	EXPECT_EQ(-EINVAL, wse_device_open_path(NULL, &dev));
	EXPECT_EQ(-EINVAL, wse_device_open_path("", &dev));
	EXPECT_EQ(-EINVAL, wse_device_list_open(NULL, 0, &dev));
	EXPECT_EQ(UNTOUCHED, dev);
	EXPECT_EQ(0u, wse_device_list_count(NULL));
	EXPECT_EQ(-1, wse_device_fd(NULL));
	EXPECT_EQ(NULL, wse_device_node(NULL));
	EXPECT_EQ(-1, wse_device_index(NULL));
	EXPECT_EQ(-EINVAL, wse_device_get_info(NULL, NULL, NULL));
	/* Freeing nothing is allowed, as with free(). */
	wse_device_close(NULL);
	wse_device_list_free(NULL);
}

TEST(invalid_selector_is_einval)
{
	struct wse_device *dev = UNTOUCHED;

	EXPECT_EQ(-EINVAL, wse_device_open("", &dev));
	EXPECT_EQ(-EINVAL, wse_device_open("first", &dev));
	EXPECT_EQ(-EINVAL, wse_device_open("0000:01:00.9", &dev));
	EXPECT_EQ(UNTOUCHED, dev);
}

TEST(char_device_that_is_not_drm)
{
	struct wse_device *dev = UNTOUCHED;

	EXPECT_EQ(-ENOTTY, wse_device_open_path("/dev/null", &dev));
	EXPECT_EQ(-ENOTTY, wse_device_open_path("/dev/zero", &dev));
	/* A path selector goes the same way. */
	EXPECT_EQ(-ENOTTY, wse_device_open("/dev/null", &dev));
	EXPECT_EQ(UNTOUCHED, dev);
}

TEST(regular_file_is_not_a_device)
{
	char path[] = "/tmp/wse-unit-XXXXXX";
	struct wse_device *dev = UNTOUCHED;
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(-ENOTTY, wse_device_open_path(path, &dev));
	unlink(path);
	EXPECT_EQ(UNTOUCHED, dev);
}

TEST(missing_path_and_directory)
{
	struct wse_device *dev = UNTOUCHED;

	EXPECT_EQ(-ENOENT, wse_device_open_path("/dev/accel/does-not-exist", &dev));
	EXPECT_EQ(-EISDIR, wse_device_open_path("/tmp", &dev));
	EXPECT_EQ(UNTOUCHED, dev);
}

/* No descriptor leaks on the failure paths. */
TEST(failed_opens_leak_no_fd)
{
	struct wse_device *dev;
	int before, after, i;

	before = dup(0);
	ASSERT_LE(0, before);
	close(before);
	for (i = 0; i < 8; i++) {
		wse_device_open_path("/dev/null", &dev);
		wse_device_open("0", &dev);
	}
	after = dup(0);
	ASSERT_LE(0, after);
	close(after);
	EXPECT_EQ(before, after);
}

TEST_HARNESS_MAIN
