// SPDX-License-Identifier: MIT
/*
 * Parsing option values: whole numbers, lists of them, floats. Strict:
 * the whole string must be the value, so "12x" or "" is an error the
 * command reports rather than a number it guesses.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "wsectl.h"

bool wsectl_parse_uint(const char *s, uint64_t max, uint64_t *out, const char **end)
{
	unsigned long long v;
	char *e;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &e, 0);
	if (errno || e == s || v > max)
		return false;
	*out = v;
	if (end)
		*end = e;
	else if (*e)
		return false;
	return true;
}

int wsectl_parse_uint_list(const char *s, uint64_t max, uint64_t *out, unsigned int nmax)
{
	unsigned int n = 0;

	for (;;) {
		if (n == nmax || !wsectl_parse_uint(s, max, &out[n], &s))
			return -1;
		n++;
		if (!*s)
			return (int)n;
		if (*s != ',')
			return -1;
		s++;
	}
}

bool wsectl_parse_float(const char *s, float *out)
{
	char *e;
	float v;

	if (!*s)
		return false;
	errno = 0;
	v = strtof(s, &e);
	if (errno || *e || !isfinite(v))
		return false;
	*out = v;
	return true;
}
