// SPDX-License-Identifier: MIT
/*
 * The CSV writer of csv.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "csv.h"

void csv_init(struct csv_writer *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void put_field(struct csv_writer *w, const char *s)
{
	if (w->error)
		return;
	if (w->header_done && w->col >= w->ncols) {
		w->error = -EINVAL;
		return;
	}
	if (w->col)
		fputc(',', w->out);
	w->col++;
	if (!s)
		return;
	/* Quote what would otherwise split or start a field. */
	if (strpbrk(s, ",\"\r\n") || (*s == ' ') || (*s && s[strlen(s) - 1] == ' ')) {
		fputc('"', w->out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', w->out);
			fputc(*s, w->out);
		}
		fputc('"', w->out);
	} else {
		fputs(s, w->out);
	}
}

void csv_header(struct csv_writer *w, const char *const *cols)
{
	unsigned int n;

	if (w->header_done) {
		w->error = -EINVAL;
		return;
	}
	for (n = 0; cols[n]; n++)
		put_field(w, cols[n]);
	if (n > CSV_MAX_COLUMNS || !n)
		w->error = -EINVAL;
	if (!w->error)
		fputc('\n', w->out);
	w->ncols = n;
	w->col = 0;
	w->header_done = true;
}

void csv_string(struct csv_writer *w, const char *value)
{
	if (!w->header_done)
		w->error = w->error ? w->error : -EINVAL;
	put_field(w, value);
}

void csv_uint(struct csv_writer *w, uint64_t value)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, value);
	csv_string(w, buf);
}

void csv_int(struct csv_writer *w, int64_t value)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, value);
	csv_string(w, buf);
}

void csv_double(struct csv_writer *w, double value)
{
	char buf[32];

	if (!isfinite(value)) {
		csv_string(w, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%.6g", value);
	csv_string(w, buf);
}

void csv_bool(struct csv_writer *w, bool value)
{
	csv_string(w, value ? "true" : "false");
}

void csv_end_row(struct csv_writer *w)
{
	if (w->error)
		return;
	if (!w->header_done || w->col != w->ncols) {
		w->error = -EINVAL;
		return;
	}
	fputc('\n', w->out);
	w->col = 0;
}

int csv_finish(struct csv_writer *w)
{
	if (!w->error && (!w->header_done || w->col))
		w->error = -EINVAL;
	if (w->error)
		return w->error;
	return fflush(w->out) || ferror(w->out) ? -EIO : 0;
}
