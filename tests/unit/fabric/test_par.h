/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A parallel loop on plain threads for the kernel tests: what the device's
 * worker pool provides (struct wse_par), without QEMU.
 */
#ifndef WSE_TEST_PAR_H
#define WSE_TEST_PAR_H

#include <pthread.h>
#include <stdint.h>

#include "wse_kernels.h"

struct test_par_job {
	uint32_t n;
	uint32_t next;
	void (*fn)(void *ctx, uint32_t i);
	void *ctx;
};

static void *test_par_worker(void *opaque)
{
	struct test_par_job *j = opaque;
	uint32_t i;

	while ((i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < j->n)
		j->fn(j->ctx, i);
	return NULL;
}

static inline void test_parallel_for(void *pool, uint32_t width, uint32_t n,
				     void (*fn)(void *ctx, uint32_t i),
				     void *ctx)
{
	struct test_par_job j = { .n = n, .fn = fn, .ctx = ctx };
	pthread_t t[64];
	uint32_t k, started = 0;

	(void)pool;
	for (k = 1; k < width && k < 64 && k < n; k++)
		if (!pthread_create(&t[started], NULL, test_par_worker, &j))
			started++;
	test_par_worker(&j);
	for (k = 0; k < started; k++)
		pthread_join(t[k], NULL);
}

static inline struct wse_par test_par(uint32_t width)
{
	struct wse_par p = {
		.parallel_for = test_parallel_for,
		.width = width,
	};
	return p;
}

#endif
