// SPDX-License-Identifier: MIT
/*
 * Streaming JSON writer; see json.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "json.h"

void json_init(struct json_writer *w, FILE *out, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
}

static void newline_indent(struct json_writer *w)
{
	unsigned int i;

	if (!w->pretty)
		return;
	fputc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

/*
 * Length of the well-formed UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static unsigned int utf8_len(const unsigned char *s)
{
	unsigned int len, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;

	/* Second-byte limits that exclude overlongs, surrogates, > U+10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

static void write_string(struct json_writer *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', w->out);
	while (*s) {
		unsigned int n;

		switch (*s) {
		case '"':
			fputs("\\\"", w->out);
			break;
		case '\\':
			fputs("\\\\", w->out);
			break;
		case '\b':
			fputs("\\b", w->out);
			break;
		case '\f':
			fputs("\\f", w->out);
			break;
		case '\n':
			fputs("\\n", w->out);
			break;
		case '\r':
			fputs("\\r", w->out);
			break;
		case '\t':
			fputs("\\t", w->out);
			break;
		default:
			if (*s < 0x20) {
				fprintf(w->out, "\\u%04x", *s);
				break;
			}
			n = utf8_len(s);
			if (!n) {
				fputs("\\ufffd", w->out);
				break;
			}
			fwrite(s, 1, n, w->out);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', w->out);
}

/*
 * Everything common to starting a value: check @key fits where we are,
 * then write the separator, indentation and key. false if refused.
 */
static bool begin_value(struct json_writer *w, const char *key)
{
	bool in_object = w->depth && w->open[w->depth - 1] == '{';

	if (w->error)
		return false;
	if (w->done || in_object != (key != NULL)) {
		w->error = -EINVAL;
		return false;
	}
	if (w->depth) {
		if (!w->empty[w->depth - 1])
			fputc(',', w->out);
		w->empty[w->depth - 1] = false;
		newline_indent(w);
	}
	if (key) {
		write_string(w, key);
		fputs(w->pretty ? ": " : ":", w->out);
	}
	return true;
}

/* A scalar or a closed container completes the document at depth 0. */
static void end_value(struct json_writer *w)
{
	if (!w->depth)
		w->done = true;
}

static void begin_container(struct json_writer *w, const char *key, char open)
{
	if (w->depth == JSON_MAX_DEPTH) {
		if (!w->error)
			w->error = -EINVAL;
		return;
	}
	if (!begin_value(w, key))
		return;
	fputc(open, w->out);
	w->open[w->depth] = open;
	w->empty[w->depth] = true;
	w->depth++;
}

static void end_container(struct json_writer *w, char open, char close)
{
	if (w->error)
		return;
	if (!w->depth || w->open[w->depth - 1] != open) {
		w->error = -EINVAL;
		return;
	}
	w->depth--;
	if (!w->empty[w->depth])
		newline_indent(w);
	fputc(close, w->out);
	end_value(w);
}

void json_begin_object(struct json_writer *w, const char *key)
{
	begin_container(w, key, '{');
}

void json_end_object(struct json_writer *w)
{
	end_container(w, '{', '}');
}

void json_begin_array(struct json_writer *w, const char *key)
{
	begin_container(w, key, '[');
}

void json_end_array(struct json_writer *w)
{
	end_container(w, '[', ']');
}

void json_string(struct json_writer *w, const char *key, const char *value)
{
	if (!begin_value(w, key))
		return;
	if (value)
		write_string(w, value);
	else
		fputs("null", w->out);
	end_value(w);
}

void json_uint(struct json_writer *w, const char *key, uint64_t value)
{
	if (!begin_value(w, key))
		return;
	fprintf(w->out, "%" PRIu64, value);
	end_value(w);
}

void json_int(struct json_writer *w, const char *key, int64_t value)
{
	if (!begin_value(w, key))
		return;
	fprintf(w->out, "%" PRId64, value);
	end_value(w);
}

void json_double(struct json_writer *w, const char *key, double value)
{
	if (!begin_value(w, key))
		return;
	/* JSON has no NaN or infinity. */
	if (isfinite(value))
		fprintf(w->out, "%.6g", value);
	else
		fputs("null", w->out);
	end_value(w);
}

void json_bool(struct json_writer *w, const char *key, bool value)
{
	if (!begin_value(w, key))
		return;
	fputs(value ? "true" : "false", w->out);
	end_value(w);
}

void json_null(struct json_writer *w, const char *key)
{
	if (!begin_value(w, key))
		return;
	fputs("null", w->out);
	end_value(w);
}

int json_finish(struct json_writer *w)
{
	if (!w->error && !w->done)
		w->error = -EINVAL;
	if (!w->error) {
		fputc('\n', w->out);
		if (fflush(w->out) || ferror(w->out))
			w->error = -EIO;
	}
	return w->error;
}
