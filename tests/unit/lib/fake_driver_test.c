// SPDX-License-Identifier: GPL-2.0-only
/*
 * libwse's open and query paths against a scripted driver: the test is
 * linked with -Wl,--wrap=drmIoctl, so libwse's ioctls on /dev/null (a
 * character device, which passes libwse's node check) reach
 * __wrap_drmIoctl below, which answers as the wse driver would, or as a
 * wrong, older, newer or failing one.
 */
#include <errno.h>
#include <string.h>
#include <xf86drm.h>

#include "kselftest_harness.h"
#include "unit_util.h"

#define MAX_BLOB	256

static struct {
	const char *driver_name;
	/* DRM_WSE_QUERY_DEVICE_INFO: what the driver has, and how much. */
	unsigned char info[MAX_BLOB];
	uint32_t info_size;
	/* DRM_WSE_QUERY_DEFECTS */
	struct drm_wse_defect defects[16];
	uint32_t defects_size;
	/* Grow the defect list this many times, after each size-only query. */
	unsigned int defects_grow;
	int query_errno;		/* fail DRM_IOCTL_WSE_QUERY with this */
	/* What libwse asked. */
	unsigned int queries, size_only_queries;
	struct drm_wse_query last;
} fake;

int __real_drmIoctl(int fd, unsigned long request, void *arg);
int __wrap_drmIoctl(int fd, unsigned long request, void *arg);

static int fake_version(struct drm_version *v)
{
	size_t len = strlen(fake.driver_name);

	/* Like drm_copy_field(): copy what fits, report the full length. */
	if (v->name && v->name_len)
		memcpy(v->name, fake.driver_name, len < v->name_len ? len : v->name_len);
	v->name_len = len;
	return 0;
}

static int fake_query(struct drm_wse_query *q)
{
	const void *blob;
	uint32_t size;

	fake.queries++;
	fake.last = *q;
	if (q->flags || q->pad) {
		errno = EINVAL;
		return -1;
	}
	if (fake.query_errno) {
		errno = fake.query_errno;
		return -1;
	}
	switch (q->query) {
	case DRM_WSE_QUERY_DEVICE_INFO:
		blob = fake.info;
		size = fake.info_size;
		break;
	case DRM_WSE_QUERY_DEFECTS:
		blob = fake.defects;
		size = fake.defects_size;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (!q->data) {
		fake.size_only_queries++;
		q->size = size;
		/* The list changes between libwse's two calls. */
		if (q->query == DRM_WSE_QUERY_DEFECTS && fake.defects_grow) {
			fake.defects_grow--;
			fake.defects_size += sizeof(struct drm_wse_defect);
		}
		return 0;
	}
	memcpy((void *)(uintptr_t)q->data, blob, q->size < size ? q->size : size);
	q->size = size;
	return 0;
}

int __wrap_drmIoctl(int fd, unsigned long request, void *arg)
{
	if (!fake.driver_name)
		return __real_drmIoctl(fd, request, arg);
	if (request == DRM_IOCTL_VERSION)
		return fake_version(arg);
	if (request == DRM_IOCTL_WSE_QUERY)
		return fake_query(arg);
	errno = ENOTTY;
	return -1;
}

/* A driver exactly at ABI 1.0 with the sample device. */
static void fake_wse(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.driver_name = "wse";
	memcpy(fake.info, &unit_sample_info, sizeof(unit_sample_info));
	fake.info_size = sizeof(unit_sample_info);
	memcpy(fake.defects, unit_sample_defects, 3 * sizeof(unit_sample_defects[0]));
	fake.defects_size = 3 * sizeof(unit_sample_defects[0]);
}

FIXTURE(fake) {
	struct wse_device *dev;
};

FIXTURE_SETUP(fake)
{
	fake_wse();
	self->dev = NULL;
}

FIXTURE_TEARDOWN(fake)
{
	wse_device_close(self->dev);
}

TEST_F(fake, open_reports_identity)
{
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	EXPECT_LE(0, wse_device_fd(self->dev));
	EXPECT_STREQ("/dev/null", wse_device_node(self->dev));
	EXPECT_STREQ("0000:3a:1f.1", wse_device_pci_address(self->dev));
	/* /dev/null is not in the discovery list. */
	EXPECT_EQ(-1, wse_device_index(self->dev));
}

TEST_F(fake, other_drivers_are_enodev)
{
	static const char *const names[] = { "vgem", "ws", "wsex", "" };
	struct wse_device *dev = (struct wse_device *)0x1;
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		fake.driver_name = names[i];
		EXPECT_EQ(-ENODEV, wse_device_open_path("/dev/null", &dev))
			TH_LOG("driver '%s' accepted", names[i]);
	}
	EXPECT_EQ((struct wse_device *)0x1, dev);
	/* It never got as far as asking a foreign driver wse questions. */
	EXPECT_EQ(0u, fake.queries);
}

TEST_F(fake, other_major_abi_is_eproto)
{
	struct drm_wse_device_info *info = (void *)fake.info;

	info->abi_major = 2;
	EXPECT_EQ(-EPROTO, wse_device_open_path("/dev/null", &self->dev));
	EXPECT_EQ(NULL, self->dev);
	/* A newer minor is fine: additions only. */
	info->abi_major = 1;
	info->abi_minor = 7;
	EXPECT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
}

TEST_F(fake, info_asks_size_first_then_copies)
{
	struct drm_wse_device_info info;
	uint32_t valid = 0;

	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	fake.queries = fake.size_only_queries = 0;
	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, wse_device_get_info(self->dev, &info, &valid));
	EXPECT_EQ(2u, fake.queries);
	EXPECT_EQ(1u, fake.size_only_queries);
	EXPECT_EQ((uint32_t)sizeof(info), fake.last.size);
	EXPECT_EQ(0u, fake.last.flags);
	EXPECT_EQ((uint32_t)sizeof(info), valid);
	EXPECT_EQ(0, memcmp(&info, &unit_sample_info, sizeof(info)));
}

/* A newer driver with fields we don't know: we take our prefix only. */
TEST_F(fake, info_from_newer_driver)
{
	struct {
		struct drm_wse_device_info info;
		unsigned char canary[32];
	} out;
	uint32_t valid = 0;

	memset(fake.info + sizeof(unit_sample_info), 0x5a, 32);
	fake.info_size = sizeof(unit_sample_info) + 32;
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	memset(&out, 0xee, sizeof(out));
	ASSERT_EQ(0, wse_device_get_info(self->dev, &out.info, &valid));
	EXPECT_EQ((uint32_t)sizeof(out.info), valid);
	EXPECT_EQ(0, memcmp(&out.info, &unit_sample_info, sizeof(out.info)));
	EXPECT_EQ(0xee, out.canary[0]);
	EXPECT_EQ(0xee, out.canary[31]);
}

TEST_F(fake, info_shorter_than_abi_1_0_is_eproto)
{
	struct drm_wse_device_info info;

	fake.info_size = offsetof(struct drm_wse_device_info, status);
	EXPECT_EQ(-EPROTO, wse_device_open_path("/dev/null", &self->dev));
	EXPECT_EQ(NULL, self->dev);

	/* Same answer when it is an open device that starts misreporting. */
	fake.info_size = sizeof(unit_sample_info);
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	fake.info_size = 8;
	memset(&info, 0xa5, sizeof(info));
	EXPECT_EQ(-EPROTO, wse_device_get_info(self->dev, &info, NULL));
	EXPECT_EQ(0xa5a5a5a5u, info.abi_major);	/* caller's struct untouched */
}

TEST_F(fake, query_errors_pass_through)
{
	struct drm_wse_device_info info;
	struct drm_wse_defect *defects = (void *)0x1;
	uint32_t count = 77;

	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	fake.query_errno = ENODEV;	/* device unplugged */
	EXPECT_EQ(-ENODEV, wse_device_get_info(self->dev, &info, NULL));
	EXPECT_EQ(-ENODEV, wse_device_get_defects(self->dev, &defects, &count));
	EXPECT_EQ((void *)0x1, defects);
	EXPECT_EQ(77u, count);
}

TEST_F(fake, raw_query_checks_arguments)
{
	uint32_t size = 4;
	unsigned int before;

	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	before = fake.queries;
	/* A size with no buffer is a caller bug, caught before the ioctl. */
	EXPECT_EQ(-EINVAL, wse_query(self->dev, DRM_WSE_QUERY_DEVICE_INFO, NULL, &size));
	EXPECT_EQ(-EINVAL, wse_query(self->dev, DRM_WSE_QUERY_DEVICE_INFO, NULL, NULL));
	EXPECT_EQ(before, fake.queries);
	size = 0;
	ASSERT_EQ(0, wse_query(self->dev, DRM_WSE_QUERY_DEVICE_INFO, NULL, &size));
	EXPECT_EQ((uint32_t)sizeof(struct drm_wse_device_info), size);
	size = 0;
	EXPECT_EQ(-EINVAL, wse_query(self->dev, 99, NULL, &size));
}

TEST_F(fake, defects)
{
	struct drm_wse_defect *defects = NULL;
	uint32_t count = 0;

	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_device_get_defects(self->dev, &defects, &count));
	ASSERT_EQ(3u, count);
	ASSERT_NE(NULL, defects);
	EXPECT_EQ(0, memcmp(defects, unit_sample_defects, 3 * sizeof(*defects)));
	free(defects);
}

TEST_F(fake, no_defects_is_null_and_zero)
{
	struct drm_wse_defect *defects = (void *)0x1;
	uint32_t count = 77;

	fake.defects_size = 0;
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_device_get_defects(self->dev, &defects, &count));
	EXPECT_EQ(0u, count);
	EXPECT_EQ(NULL, defects);
}

TEST_F(fake, defect_list_growing_between_calls_is_retried)
{
	struct drm_wse_defect *defects = NULL;
	uint32_t count = 0;

	memcpy(fake.defects, unit_sample_defects, sizeof(unit_sample_defects));
	fake.defects_grow = 2;
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	ASSERT_EQ(0, wse_device_get_defects(self->dev, &defects, &count));
	EXPECT_EQ(5u, count);
	EXPECT_EQ(0, memcmp(defects, unit_sample_defects, 5 * sizeof(*defects)));
	free(defects);
}

TEST_F(fake, defect_list_that_never_settles_is_eagain)
{
	struct drm_wse_defect *defects = (void *)0x1;
	uint32_t count = 77;

	fake.defects_grow = 10;
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	EXPECT_EQ(-EAGAIN, wse_device_get_defects(self->dev, &defects, &count));
	EXPECT_EQ((void *)0x1, defects);
	EXPECT_EQ(77u, count);
}

TEST_F(fake, defect_size_not_whole_entries_is_eproto)
{
	struct drm_wse_defect *defects = (void *)0x1;
	uint32_t count = 77;

	fake.defects_size = 6;
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	EXPECT_EQ(-EPROTO, wse_device_get_defects(self->dev, &defects, &count));
	EXPECT_EQ((void *)0x1, defects);
}

TEST_HARNESS_MAIN
