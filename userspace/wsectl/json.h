/* SPDX-License-Identifier: MIT */
/*
 * A small streaming JSON writer for wsectl's --json output. The caller
 * describes the document top-down; the writer handles commas, indentation
 * and string escaping, and refuses (sticky error) anything that would make
 * the output invalid JSON, such as a key inside an array or an unclosed
 * container, instead of writing it.
 */
#ifndef WSECTL_JSON_H
#define WSECTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json_writer {
	FILE *out;
	bool pretty;
	bool done;			/* the top-level value is complete */
	int error;			/* first failure, negative errno */
	unsigned int depth;
	char open[JSON_MAX_DEPTH];	/* '{' or '[' per open container */
	bool empty[JSON_MAX_DEPTH];	/* no member written yet */
};

void json_init(struct json_writer *w, FILE *out, bool pretty);

/*
 * @key names the member inside an object and must be NULL inside an
 * array or for the top-level value.
 */
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
/* A NULL @value writes null. Bytes that are not UTF-8 become U+FFFD. */
void json_string(struct json_writer *w, const char *key, const char *value);
void json_uint(struct json_writer *w, const char *key, uint64_t value);
void json_int(struct json_writer *w, const char *key, int64_t value);
/* Six significant digits; null for a NaN or an infinity. */
void json_double(struct json_writer *w, const char *key, double value);
void json_bool(struct json_writer *w, const char *key, bool value);
void json_null(struct json_writer *w, const char *key);

/*
 * End the document with a newline. 0, -EINVAL if it was misused or is
 * incomplete, -EIO if writing failed.
 */
int json_finish(struct json_writer *w);

#endif /* WSECTL_JSON_H */
