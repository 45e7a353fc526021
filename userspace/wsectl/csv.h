/* SPDX-License-Identifier: MIT */
/*
 * wsectl's --csv output (RFC 4180): a header line naming the columns,
 * then one line per record. Column names are the JSON field names, with
 * '.' joining nested names ("fabric.logical_width"), so the two formats
 * share one vocabulary. Fields are quoted only when they need it.
 */
#ifndef WSECTL_CSV_H
#define WSECTL_CSV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CSV_MAX_COLUMNS	96

struct csv_writer {
	FILE *out;
	unsigned int ncols;		/* fixed by the header */
	unsigned int col;		/* fields written in the current row */
	bool header_done;
	int error;			/* first misuse, negative errno */
};

void csv_init(struct csv_writer *w, FILE *out);
/* The header; @cols is NULL-terminated. Once, before any row. */
void csv_header(struct csv_writer *w, const char *const *cols);
/* Fields of the current row, in header order. NULL writes an empty field. */
void csv_string(struct csv_writer *w, const char *value);
void csv_uint(struct csv_writer *w, uint64_t value);
void csv_int(struct csv_writer *w, int64_t value);
void csv_double(struct csv_writer *w, double value);
void csv_bool(struct csv_writer *w, bool value);
/* End the row; -EINVAL (sticky) if it has not exactly as many fields as the header. */
void csv_end_row(struct csv_writer *w);
/* 0, -EINVAL after misuse, -EIO if writing failed. */
int csv_finish(struct csv_writer *w);

#endif /* WSECTL_CSV_H */
