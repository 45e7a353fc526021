/* SPDX-License-Identifier: MIT */
/*
 * A minimal PNG encoder: 8-bit indexed colour, no interlace, zlib
 * (deflate) compressed, as every viewer reads.
 */
#ifndef WSECTL_PNG_H
#define WSECTL_PNG_H

#include <stdint.h>
#include <stdio.h>

/* Fill @row (width bytes of palette indexes) for image row @y. */
typedef void (*png_row_fn)(void *priv, uint32_t y, uint8_t *row);

/*
 * Write a @width x @height image whose rows @row_fn supplies, with
 * @ncolours palette entries at @palette. 0, -EINVAL for a zero or
 * over-large size or palette, -ENOMEM, or -EIO if writing failed.
 */
int png_write_indexed(FILE *out, uint32_t width, uint32_t height, const uint8_t (*palette)[3],
		      unsigned int ncolours, png_row_fn row_fn, void *priv);

#endif /* WSECTL_PNG_H */
