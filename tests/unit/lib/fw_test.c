// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading firmware through libwse against the fake driver: the image the
 * ioctl gets (from memory and from files, pipes included), what the
 * library refuses before asking (nothing, too much), the driver's and the
 * device's refusals as errnos, and the names and texts of fw_error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fake_accel.h"
#include "wse_hw.h"

FIXTURE(fw) {
	struct wse_device *dev;
	unsigned char image[256];
	char dir[64];
	char path[96];
};

FIXTURE_SETUP(fw)
{
	fake_reset();
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
	memset(self->image, 0xa5, sizeof(self->image));
	memcpy(self->image, "WSFW", 4);
	strcpy(self->dir, "/tmp/wse-fw-test.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/img.bin", self->dir);
}

FIXTURE_TEARDOWN(fw)
{
	unlink(self->path);
	rmdir(self->dir);
	wse_device_close(self->dev);
	fake_cleanup();
}

static int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

TEST_F(fw, load_from_memory)
{
	struct drm_wse_device_info info;

	fake.info.fw_state = DRM_WSE_FW_STATE_WAIT;
	ASSERT_EQ(0, wse_fw_load(self->dev, self->image, sizeof(self->image)));
	EXPECT_EQ(1u, fake.fw_loads);
	EXPECT_EQ(sizeof(self->image), fake.fw_load_size);
	EXPECT_EQ(0, memcmp(fake.fw_load_head, self->image, 8));
	ASSERT_EQ(0, wse_device_get_info(self->dev, &info, NULL));
	EXPECT_EQ((uint32_t)DRM_WSE_FW_STATE_READY, info.fw_state);
}

TEST_F(fw, refused_before_the_ioctl)
{
	EXPECT_EQ(-EINVAL, wse_fw_load(self->dev, NULL, 128));
	EXPECT_EQ(-EINVAL, wse_fw_load(self->dev, self->image, 0));
	EXPECT_EQ(-EINVAL, wse_fw_load(NULL, self->image, 128));
	/* The ABI's size field would truncate it; the library says so. */
	EXPECT_EQ(-E2BIG, wse_fw_load(self->dev, self->image, (size_t)WSE_FW_MAX_SIZE + 1));
	EXPECT_EQ(0u, fake.fw_loads);
}

TEST_F(fw, driver_and_device_refusals)
{
	struct drm_wse_device_info info;

	fake.fw_load_errno = EPERM;
	EXPECT_EQ(-EPERM, wse_fw_load(self->dev, self->image, sizeof(self->image)));
	fake.fw_load_errno = EBUSY;
	EXPECT_EQ(-EBUSY, wse_fw_load(self->dev, self->image, sizeof(self->image)));
	fake.fw_load_errno = 0;
	/* The driver refuses what is not an image: EINVAL, firmware untouched. */
	memcpy(self->image, "NOPE", 4);
	EXPECT_EQ(-EINVAL, wse_fw_load(self->dev, self->image, sizeof(self->image)));
	ASSERT_EQ(0, wse_device_get_info(self->dev, &info, NULL));
	EXPECT_EQ((uint32_t)DRM_WSE_FW_STATE_READY, info.fw_state);
	/* The device refuses: EIO, and fw_error tells why. */
	memcpy(self->image, "WSFW", 4);
	fake.fw_refuse = WSE_FW_ERR_UNSIGNED;
	EXPECT_EQ(-EIO, wse_fw_load(self->dev, self->image, sizeof(self->image)));
	ASSERT_EQ(0, wse_device_get_info(self->dev, &info, NULL));
	EXPECT_EQ((uint32_t)DRM_WSE_FW_STATE_FAILED, info.fw_state);
	EXPECT_EQ((uint32_t)WSE_FW_ERR_UNSIGNED, info.fw_error);
	EXPECT_STREQ("unsigned", wse_fw_error_name(info.fw_error));
	/* ... and no kernels are left to launch. */
	{
		struct drm_wse_kernel_info k;

		EXPECT_EQ(-ENOEXEC, wse_kernel_find(self->dev, "gemm", &k));
	}
	fake.fw_refuse = 0;
	EXPECT_EQ(0, wse_fw_load(self->dev, self->image, sizeof(self->image)));
	EXPECT_EQ(5u, fake.fw_loads);
}

TEST_F(fw, load_from_file)
{
	ASSERT_EQ(0, write_file(self->path, self->image, 200));
	ASSERT_EQ(0, wse_fw_load_file(self->dev, self->path));
	EXPECT_EQ(200u, fake.fw_load_size);
	EXPECT_EQ(0, memcmp(fake.fw_load_head, self->image, 8));
}

TEST_F(fw, load_from_a_pipe)
{
	char dev_fd[32];
	int p[2];

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ((ssize_t)sizeof(self->image), write(p[1], self->image, sizeof(self->image)));
	close(p[1]);
	snprintf(dev_fd, sizeof(dev_fd), "/dev/fd/%d", p[0]);
	ASSERT_EQ(0, wse_fw_load_file(self->dev, dev_fd));
	close(p[0]);
	EXPECT_EQ(sizeof(self->image), fake.fw_load_size);
}

TEST_F(fw, file_errors)
{
	EXPECT_EQ(-ENOENT, wse_fw_load_file(self->dev, "/nonexistent/wse3.bin"));
	EXPECT_EQ(-EISDIR, wse_fw_load_file(self->dev, self->dir));
	EXPECT_EQ(-EINVAL, wse_fw_load_file(self->dev, NULL));
	ASSERT_EQ(0, write_file(self->path, "", 0));
	EXPECT_EQ(-EINVAL, wse_fw_load_file(self->dev, self->path));
	/* Too large: refused from its size, without reading 16 MiB. */
	ASSERT_EQ(0, truncate(self->path, (off_t)WSE_FW_MAX_SIZE + 1));
	EXPECT_EQ(-E2BIG, wse_fw_load_file(self->dev, self->path));
	/* Exactly the limit goes to the driver. */
	ASSERT_EQ(0, truncate(self->path, (off_t)WSE_FW_MAX_SIZE));
	EXPECT_EQ(-EINVAL, wse_fw_load_file(self->dev, self->path));	/* no magic */
	EXPECT_EQ((uint32_t)WSE_FW_MAX_SIZE, fake.fw_load_size);
	EXPECT_EQ(1u, fake.fw_loads);
}

TEST(fw_error_names_and_texts)
{
	static const char *const names[] = {
		"none", "dma", "too_large", "bad_magic", "bad_format", "bad_abi",
		"bad_hash", "truncated", "unsigned", "bad_signature",
	};
	uint32_t i;

	/* The names sysfs uses (Documentation/uapi.rst), by value. */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		EXPECT_STREQ(names[i], wse_fw_error_name(i));
		EXPECT_NE(NULL, wse_fw_error_str(i));
		EXPECT_STRNE("unknown firmware error", wse_fw_error_str(i));
	}
	EXPECT_STREQ("bad_signature", wse_fw_error_name(WSE_FW_ERR_BAD_SIGNATURE));
	EXPECT_STREQ("unknown", wse_fw_error_name(10));
	EXPECT_STREQ("unknown", wse_fw_error_name(0xffffffff));
	EXPECT_STREQ("unknown firmware error", wse_fw_error_str(10));
	EXPECT_STREQ("the image is not signed", wse_fw_error_str(WSE_FW_ERR_UNSIGNED));
}

TEST_HARNESS_MAIN
