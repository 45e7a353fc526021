// SPDX-License-Identifier: GPL-2.0-only
/*
 * libwse's buffer objects against the fake driver (fake_accel.c): sizes
 * and handles, CPU mappings through the mmap offset, userptr wrapping,
 * PRIME export and import (including the import of a buffer the device
 * already holds, which must not close its handle twice), and the errno
 * of each refusal with the caller's output left alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "fake_accel.h"

#define UNTOUCHED	((struct wse_bo *)0x1)

FIXTURE(bo) {
	struct wse_device *dev;
};

FIXTURE_SETUP(bo)
{
	fake_reset();
	ASSERT_EQ(0, wse_device_open_path("/dev/null", &self->dev));
}

FIXTURE_TEARDOWN(bo)
{
	wse_device_close(self->dev);
	fake_cleanup();
}

TEST_F(bo, create_rounds_to_pages_and_maps)
{
	struct wse_bo *bo;
	struct fake_bo *fb;
	void *p, *q;

	ASSERT_EQ(0, wse_bo_create(self->dev, 10000, &bo));
	EXPECT_EQ(12288u, wse_bo_size(bo));
	fb = fake_bo_lookup(wse_bo_handle(bo));
	ASSERT_NE(NULL, fb);
	ASSERT_EQ(0, wse_bo_map(bo, &p));
	memset(p, 0x5a, 12288);
	/* The device sees what the CPU wrote: it is one object. */
	EXPECT_EQ(0x5a, fb->mem[0]);
	EXPECT_EQ(0x5a, fb->mem[12287]);
	/* Mappings are counted and share one address. */
	ASSERT_EQ(0, wse_bo_map(bo, &q));
	EXPECT_EQ(p, q);
	EXPECT_EQ(0, wse_bo_unmap(bo));
	EXPECT_EQ(0, wse_bo_unmap(bo));
	EXPECT_EQ(-EINVAL, wse_bo_unmap(bo));
	wse_bo_destroy(bo);
	EXPECT_EQ(1u, fake.gem_closes);
	EXPECT_EQ(0u, fake_live_bos());
}

TEST_F(bo, create_errors)
{
	struct wse_bo *bo = UNTOUCHED;

	EXPECT_EQ(-EINVAL, wse_bo_create(self->dev, 0, &bo));
	EXPECT_EQ(-EINVAL, wse_bo_create(self->dev, FAKE_BO_LIMIT + 1, &bo));
	EXPECT_EQ(-EINVAL, wse_bo_create(NULL, 4096, &bo));
	EXPECT_EQ(-EINVAL, wse_bo_create(self->dev, 4096, NULL));
	EXPECT_EQ(UNTOUCHED, bo);
	EXPECT_EQ(0u, fake_live_bos());
	EXPECT_EQ(0u, wse_bo_handle(NULL));
	EXPECT_EQ(0u, wse_bo_size(NULL));
	wse_bo_destroy(NULL);
}

TEST_F(bo, userptr_wraps_caller_memory)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *mem;
	struct wse_bo *bo;
	struct fake_bo *fb;
	void *p;

	mem = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, wse_bo_userptr(self->dev, mem, 4 * page, WSE_BO_USERPTR_READONLY, &bo));
	fb = fake_bo_lookup(wse_bo_handle(bo));
	ASSERT_NE(NULL, fb);
	EXPECT_EQ(mem, fb->mem);
	EXPECT_EQ((uint64_t)4 * page, fb->size);
	EXPECT_EQ((uint32_t)DRM_WSE_BO_USERPTR_READONLY, fb->userptr_flags);
	EXPECT_EQ((uint64_t)4 * page, wse_bo_size(bo));
	/* "Mapping" a userptr object gives the wrapped memory back. */
	ASSERT_EQ(0, wse_bo_map(bo, &p));
	EXPECT_EQ(mem, p);
	EXPECT_EQ(0, wse_bo_unmap(bo));
	wse_bo_destroy(bo);
	EXPECT_EQ(0u, fake_live_bos());
	munmap(mem, 4 * page);
}

TEST_F(bo, userptr_errors)
{
	long page = sysconf(_SC_PAGESIZE);
	struct wse_bo *bo = UNTOUCHED;
	unsigned char *mem;

	mem = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	EXPECT_EQ(-EINVAL, wse_bo_userptr(self->dev, mem + 8, page, 0, &bo));
	EXPECT_EQ(-EINVAL, wse_bo_userptr(self->dev, mem, page + 1, 0, &bo));
	EXPECT_EQ(-EINVAL, wse_bo_userptr(self->dev, mem, 0, 0, &bo));
	EXPECT_EQ(-EINVAL, wse_bo_userptr(self->dev, mem, page, 1u << 1, &bo));
	/* The last two pages are not there any more. */
	munmap(mem + 2 * page, 2 * page);
	EXPECT_EQ(-EFAULT, wse_bo_userptr(self->dev, mem, 4 * page, 0, &bo));
	EXPECT_EQ(UNTOUCHED, bo);
	EXPECT_EQ(0u, fake_live_bos());
	munmap(mem, 2 * page);
}

TEST_F(bo, import_of_own_export_shares_the_object)
{
	struct wse_bo *bo, *again, *third;
	int fd;

	ASSERT_EQ(0, wse_bo_create(self->dev, 8192, &bo));
	ASSERT_EQ(0, wse_bo_export_dmabuf(bo, &fd));
	EXPECT_LE(0, fd);
	EXPECT_NE(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ASSERT_EQ(0, wse_bo_import_dmabuf(self->dev, fd, &again));
	EXPECT_EQ(bo, again);
	ASSERT_EQ(0, wse_bo_import_dmabuf(self->dev, fd, &third));
	EXPECT_EQ(bo, third);
	/* Three owners now: the handle closes with the last. */
	wse_bo_destroy(again);
	wse_bo_destroy(bo);
	EXPECT_EQ(0u, fake.gem_closes);
	EXPECT_EQ(1u, fake_live_bos());
	wse_bo_destroy(third);
	EXPECT_EQ(1u, fake.gem_closes);
	EXPECT_EQ(0u, fake_live_bos());
	close(fd);
}

TEST_F(bo, import_of_foreign_dmabuf)
{
	struct wse_bo *bo;
	unsigned char *p;
	int fd;

	/* Stands in for another device's dma-buf. */
	fd = memfd_create("foreign", MFD_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 3 * 4096));
	ASSERT_EQ(3 * 4096, pwrite(fd, memset(malloc(3 * 4096), 0x3c, 3 * 4096), 3 * 4096, 0));
	ASSERT_EQ(0, wse_bo_import_dmabuf(self->dev, fd, &bo));
	/* Size and mmap offset come from BO_INFO. */
	EXPECT_EQ(3u * 4096, wse_bo_size(bo));
	ASSERT_EQ(0, wse_bo_map(bo, (void **)&p));
	EXPECT_EQ(0x3c, p[0]);
	EXPECT_EQ(0x3c, p[3 * 4096 - 1]);
	EXPECT_EQ(0, wse_bo_unmap(bo));
	wse_bo_destroy(bo);
	EXPECT_EQ(0u, fake_live_bos());
	close(fd);
}

TEST_F(bo, dmabuf_errors)
{
	struct wse_bo *bo = UNTOUCHED, *uptr;
	long page = sysconf(_SC_PAGESIZE);
	int fd = 1234, pipefd[2];
	void *mem;

	EXPECT_EQ(-EBADF, wse_bo_import_dmabuf(self->dev, -1, &bo));
	ASSERT_EQ(0, pipe(pipefd));
	close(pipefd[1]);
	/* A closed fd, and an fd that is not a dma-buf. */
	EXPECT_EQ(-EBADF, wse_bo_import_dmabuf(self->dev, pipefd[1], &bo));
	EXPECT_EQ(-EINVAL, wse_bo_import_dmabuf(self->dev, pipefd[0], &bo));
	close(pipefd[0]);
	EXPECT_EQ(UNTOUCHED, bo);

	mem = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, wse_bo_userptr(self->dev, mem, page, 0, &uptr));
	EXPECT_EQ(-EINVAL, wse_bo_export_dmabuf(uptr, &fd));
	EXPECT_EQ(1234, fd);
	EXPECT_EQ(-EINVAL, wse_bo_export_dmabuf(NULL, &fd));
	wse_bo_destroy(uptr);
	munmap(mem, page);
}

TEST_HARNESS_MAIN
