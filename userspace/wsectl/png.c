// SPDX-License-Identifier: MIT
/*
 * PNG writer (ISO/IEC 15948): signature, IHDR, PLTE, IDAT chunks of the
 * zlib stream of filter-type-0 rows, IEND. zlib does the deflate and the
 * chunk CRCs (the same CRC-32).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "png.h"

#define IDAT_CHUNK	65536

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static int chunk(FILE *out, const char *type, const uint8_t *data, uint32_t len)
{
	uint8_t head[8], tail[4];
	uLong crc;

	be32(head, len);
	memcpy(head + 4, type, 4);
	crc = crc32(0, head + 4, 4);
	if (len)
		crc = crc32(crc, data, len);
	be32(tail, (uint32_t)crc);
	if (fwrite(head, 1, 8, out) != 8 || (len && fwrite(data, 1, len, out) != len) ||
	    fwrite(tail, 1, 4, out) != 4)
		return -EIO;
	return 0;
}

int png_write_indexed(FILE *out, uint32_t width, uint32_t height, const uint8_t (*palette)[3],
		      unsigned int ncolours, png_row_fn row_fn, void *priv)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	uint8_t ihdr[13], plte[256 * 3];
	uint8_t *row = NULL, *buf = NULL;
	z_stream z;
	uint32_t y;
	int ret = 0, zret;

	/* PNG limits sizes to 2^31 - 1; keep a row within memory reason too. */
	if (!width || !height || width > (1u << 24) || height > (1u << 24) || !ncolours ||
	    ncolours > 256)
		return -EINVAL;
	be32(ihdr, width);
	be32(ihdr + 4, height);
	ihdr[8] = 8;	/* bit depth */
	ihdr[9] = 3;	/* colour type: indexed */
	ihdr[10] = 0;	/* deflate */
	ihdr[11] = 0;	/* adaptive filtering, each row says its filter */
	ihdr[12] = 0;	/* no interlace */
	memcpy(plte, palette, ncolours * 3);

	if (fwrite(sig, 1, sizeof(sig), out) != sizeof(sig))
		return -EIO;
	ret = chunk(out, "IHDR", ihdr, sizeof(ihdr));
	if (!ret)
		ret = chunk(out, "PLTE", plte, ncolours * 3);
	if (ret)
		return ret;

	row = malloc((size_t)width + 1);
	buf = malloc(IDAT_CHUNK);
	memset(&z, 0, sizeof(z));
	if (!row || !buf || deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK) {
		free(row);
		free(buf);
		return -ENOMEM;
	}
	z.next_out = buf;
	z.avail_out = IDAT_CHUNK;
	for (y = 0; y <= height && !ret; y++) {
		int flush = y == height ? Z_FINISH : Z_NO_FLUSH;

		if (y < height) {
			row[0] = 0;	/* filter: none */
			row_fn(priv, y, row + 1);
			z.next_in = row;
			z.avail_in = width + 1;
		}
		do {
			zret = deflate(&z, flush);
			if (zret == Z_STREAM_ERROR) {
				ret = -EIO;
				break;
			}
			if (!z.avail_out || (flush == Z_FINISH && zret == Z_STREAM_END)) {
				uint32_t len = IDAT_CHUNK - z.avail_out;

				if (len)
					ret = chunk(out, "IDAT", buf, len);
				z.next_out = buf;
				z.avail_out = IDAT_CHUNK;
			}
		} while (!ret && (z.avail_in || (flush == Z_FINISH && zret != Z_STREAM_END)));
	}
	deflateEnd(&z);
	free(row);
	free(buf);
	if (!ret)
		ret = chunk(out, "IEND", NULL, 0);
	if (!ret && (fflush(out) || ferror(out)))
		ret = -EIO;
	return ret;
}
