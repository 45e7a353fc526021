// SPDX-License-Identifier: GPL-2.0-only
/*
 * DRM_IOCTL_WSE_QUERY: identity and geometry as the driver reports them,
 * checked against sysfs and the geometry rules of the device spec, plus the
 * size negotiation and every error the uapi documents.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "wse_accel.h"
#include "wse_hw.h"
#include "wse_test_util.h"

FIXTURE(query) {
	int fd;
	char node[PATH_MAX];
	char sysdev[PATH_MAX];
};

FIXTURE_SETUP(query)
{
	ASSERT_EQ(0, wse_find_node(self->node, sizeof(self->node),
				   self->sysdev, sizeof(self->sysdev)))
		TH_LOG("no device bound to the wse driver");
	self->fd = open(self->node, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", self->node, strerror(errno));
}

FIXTURE_TEARDOWN(query)
{
	close(self->fd);
}

static int query(int fd, __u32 what, void *data, __u32 *size)
{
	struct drm_wse_query q = {
		.query = what,
		.size = *size,
		.data = (uintptr_t)data,
	};
	int ret = ioctl(fd, DRM_IOCTL_WSE_QUERY, &q);

	*size = q.size;
	return ret ? -errno : 0;
}

/* The node is an accel node exactly when the kernel has accel. */
TEST_F(query, node_kind)
{
	int has_accel = access("/sys/class/accel", F_OK) == 0;

	if (has_accel) {
		EXPECT_EQ(0, strncmp(self->node, "/dev/accel/accel", 16));
	} else {
		EXPECT_EQ(0, strncmp(self->node, "/dev/dri/renderD", 16));
	}
}

TEST_F(query, device_info_matches_sysfs_and_spec)
{
	struct drm_wse_device_info info;
	unsigned long vendor, device, sub_vendor, sub_device;
	__u32 size = 0;

	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEVICE_INFO, NULL, &size));
	ASSERT_GE(size, sizeof(info));

	memset(&info, 0xa5, sizeof(info));
	size = sizeof(info);
	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEVICE_INFO, &info, &size));
	ASSERT_GE(size, sizeof(info));

	EXPECT_EQ(DRM_WSE_ABI_MAJOR, info.abi_major);
	EXPECT_EQ(WSE_HW_SPEC_MAJOR, info.hw_spec_version >> 16);

	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "vendor", &vendor));
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "device", &device));
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "subsystem_vendor", &sub_vendor));
	ASSERT_EQ(0, wse_read_sysfs_ulong(self->sysdev, "subsystem_device", &sub_device));
	EXPECT_EQ(vendor, info.pci_vendor);
	EXPECT_EQ(device, info.pci_device);
	EXPECT_EQ(sub_vendor, info.pci_subsystem_vendor);
	EXPECT_EQ(sub_device, info.pci_subsystem_device);
	EXPECT_EQ(WSE_PCI_VENDOR_ID, info.pci_vendor);

	/* The logical grid is what is left of the physical one after spares. */
	EXPECT_GT(info.log_width, 0);
	EXPECT_GT(info.log_height, 0);
	EXPECT_EQ(info.phys_width, info.log_width + info.spare_cols);
	EXPECT_EQ(info.phys_height, info.log_height + info.spare_rows);
	EXPECT_GT(info.pe_sram_bytes, 0);
	EXPECT_LE(info.pe_sram_bytes, WSE_PE_SRAM_MAX);
	EXPECT_EQ((__u64)info.log_width * info.log_height * info.pe_sram_bytes,
		  info.fabric_bytes);
	EXPECT_GT(info.num_queues, 0);
	EXPECT_LE(info.num_queues, WSE_MAX_QUEUES);
	EXPECT_NE(0, info.max_queue_depth);
	EXPECT_EQ(0, info.max_queue_depth & (info.max_queue_depth - 1));
	EXPECT_NE(0, info.serial);
}

/* A shorter struct gets a prefix; the bytes after it are not touched. */
TEST_F(query, short_buffer_gets_prefix)
{
	struct drm_wse_device_info full;
	unsigned char buf[sizeof(full) + 16];
	__u32 size = sizeof(full);
	unsigned int i;

	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEVICE_INFO, &full, &size));

	memset(buf, 0x5a, sizeof(buf));
	size = 8;
	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEVICE_INFO, buf, &size));
	EXPECT_GE(size, sizeof(full));
	EXPECT_EQ(0, memcmp(buf, &full, 8));
	for (i = 8; i < sizeof(buf); i++)
		ASSERT_EQ(0x5a, buf[i]) TH_LOG("byte %u written", i);
}

/* A longer struct (newer userspace) keeps what the kernel doesn't know. */
TEST_F(query, long_buffer_keeps_tail)
{
	unsigned char buf[sizeof(struct drm_wse_device_info) + 64];
	__u32 size = sizeof(buf);
	unsigned int i;

	memset(buf, 0x5a, sizeof(buf));
	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEVICE_INFO, buf, &size));
	ASSERT_GE(size, sizeof(struct drm_wse_device_info));
	ASSERT_LT(size, sizeof(buf));
	for (i = size; i < sizeof(buf); i++)
		ASSERT_EQ(0x5a, buf[i]) TH_LOG("byte %u written", i);
}

TEST_F(query, defects_follow_remap_rules)
{
	struct drm_wse_device_info info;
	struct drm_wse_defect *defects;
	__u32 size = sizeof(info), n, i;
	unsigned int *per_row, retired = 0;

	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEVICE_INFO, &info, &size));
	size = 0;
	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEFECTS, NULL, &size));
	ASSERT_EQ(info.defect_count * sizeof(*defects), size);
	n = info.defect_count;
	if (!n)
		return;

	defects = calloc(n, sizeof(*defects));
	per_row = calloc(info.phys_height, sizeof(*per_row));
	ASSERT_NE(NULL, defects);
	ASSERT_NE(NULL, per_row);
	ASSERT_EQ(0, query(self->fd, DRM_WSE_QUERY_DEFECTS, defects, &size));
	for (i = 0; i < n; i++) {
		ASSERT_LT(defects[i].x, info.phys_width);
		ASSERT_LT(defects[i].y, info.phys_height);
		per_row[defects[i].y]++;
	}
	/* Rows with more defects than spare columns must fit in spare rows. */
	for (i = 0; i < info.phys_height; i++)
		retired += per_row[i] > info.spare_cols;
	EXPECT_LE(retired, info.spare_rows);
	free(per_row);
	free(defects);
}

TEST_F(query, rejects_bad_arguments)
{
	struct drm_wse_device_info info;
	struct drm_wse_query q;
	void *none;

	/* Unknown query. */
	memset(&q, 0, sizeof(q));
	q.query = 0xdead;
	q.size = sizeof(info);
	q.data = (uintptr_t)&info;
	EXPECT_EQ(-1, ioctl(self->fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(EINVAL, errno);

	/* Flags and padding must be zero. */
	q.query = DRM_WSE_QUERY_DEVICE_INFO;
	q.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(EINVAL, errno);
	q.flags = 0;
	q.pad = 1;
	EXPECT_EQ(-1, ioctl(self->fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(EINVAL, errno);
	q.pad = 0;

	/* An unmapped destination is a fault, not a crash. */
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	q.data = (uintptr_t)none;
	EXPECT_EQ(-1, ioctl(self->fd, DRM_IOCTL_WSE_QUERY, &q));
	EXPECT_EQ(EFAULT, errno);
	munmap(none, 4096);

	/* No argument at all. */
	EXPECT_EQ(-1, ioctl(self->fd, DRM_IOCTL_WSE_QUERY, NULL));
	EXPECT_EQ(EFAULT, errno);

	/* After all that, the device still answers. */
	q.data = (uintptr_t)&info;
	q.size = sizeof(info);
	EXPECT_EQ(0, ioctl(self->fd, DRM_IOCTL_WSE_QUERY, &q));
}

TEST_HARNESS_MAIN
