// SPDX-License-Identifier: MIT
/*
 * Staging buffers: mapped shmem objects small transfers are copied
 * through. Creating, mapping and closing a buffer object costs several
 * system calls, far more than copying a few KiB, so each context keeps a
 * few for reuse.
 */
#include <stdlib.h>

#include "wse_internal.h"

/* Bytes of idle staging buffers a context keeps. */
#define STAGING_CACHE_MAX	(4ull << 20)
/* Smallest buffer made: small sizes are rounded up so one fits them all. */
#define STAGING_MIN		(64ull << 10)

static uint64_t staging_size(uint64_t size)
{
	uint64_t n = STAGING_MIN;

	if (size > STAGING_CACHE_MAX)
		return size;	/* won't be kept; the driver rounds to pages */
	while (n < size)
		n *= 2;
	return n;
}

static void staging_free(struct wse_staging *st)
{
	wse_bo_unmap(st->bo);
	wse_bo_destroy(st->bo);
	free(st);
}

int wse_staging_get(struct wse_ctx *ctx, uint64_t size, struct wse_staging **out)
{
	struct wse_staging **p, **best = NULL, *st;
	int ret;

	pthread_mutex_lock(&ctx->lock);
	for (p = &ctx->staging_free; *p; p = &(*p)->next)
		if ((*p)->bo->size >= size && (!best || (*p)->bo->size < (*best)->bo->size))
			best = p;
	if (best) {
		st = *best;
		*best = st->next;
		ctx->staging_cached -= st->bo->size;
		pthread_mutex_unlock(&ctx->lock);
		*out = st;
		return 0;
	}
	pthread_mutex_unlock(&ctx->lock);

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	ret = wse_bo_create(ctx->dev, staging_size(size), &st->bo);
	if (ret)
		goto err_free;
	ret = wse_bo_map(st->bo, &st->map);
	if (ret)
		goto err_destroy;
	*out = st;
	return 0;

err_destroy:
	wse_bo_destroy(st->bo);
err_free:
	free(st);
	return ret;
}

void wse_staging_put(struct wse_ctx *ctx, struct wse_staging *st)
{
	pthread_mutex_lock(&ctx->lock);
	if (ctx->staging_cached + st->bo->size <= STAGING_CACHE_MAX) {
		st->next = ctx->staging_free;
		ctx->staging_free = st;
		ctx->staging_cached += st->bo->size;
		st = NULL;
	}
	pthread_mutex_unlock(&ctx->lock);
	if (st)
		staging_free(st);
}

void wse_staging_drain(struct wse_ctx *ctx)
{
	struct wse_staging *st, *next;

	pthread_mutex_lock(&ctx->lock);
	st = ctx->staging_free;
	ctx->staging_free = NULL;
	ctx->staging_cached = 0;
	pthread_mutex_unlock(&ctx->lock);
	for (; st; st = next) {
		next = st->next;
		staging_free(st);
	}
}
