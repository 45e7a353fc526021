// SPDX-License-Identifier: MIT
/*
 * Parser of firmware descriptions. A description is line-oriented:
 *
 *   # comment                       (anywhere but in [notes])
 *   [image] / [config] / [limits]   "key = value" lines
 *   [kernels]                       "id name version signature dtypes"
 *   [notes]                         free text, kept verbatim
 *
 * Every mistake is reported with the file and line it is on.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fwdesc.h"
#include "wse_fwimage.h"

enum section { SEC_NONE, SEC_IMAGE, SEC_CONFIG, SEC_LIMITS, SEC_KERNELS,
	       SEC_NOTES };

struct parser {
	const char *path;
	unsigned int line;
	char *err;
	size_t errlen;
	struct fw_desc *d;
	enum section sec;
	unsigned int image_seen;	/* bit per image key */
	unsigned int sections_seen;	/* bit per enum section */
};

static int perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int perr(struct parser *p, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = snprintf(p->err, p->errlen, "%s:%u: ", p->path, p->line);
	if (n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* A decimal or 0x-prefixed number that fits in 32 bits, nothing else. */
static bool parse_u32(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > 0xffffffffull)
		return false;
	*out = v;
	return true;
}

/* "a.b" or "a.b.c" with each part within its limit. */
static bool parse_dotted(const char *s, unsigned int parts,
			 const uint32_t *max, uint32_t *out)
{
	char buf[64], *tok, *save = NULL;
	unsigned int n = 0;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ".", &save); tok;
	     tok = strtok_r(NULL, ".", &save)) {
		if (n == parts || !parse_u32(tok, &out[n]) || out[n] > max[n])
			return false;
		n++;
	}
	/* strtok_r skips empty fields: refuse "1..0" and "1.0." outright. */
	return n == parts && !strstr(s, "..") && s[strlen(s) - 1] != '.' &&
	       s[0] != '.';
}

static bool parse_version(const char *s, uint32_t *out)
{
	static const uint32_t max[3] = { 0xffff, 0xff, 0xff };
	uint32_t v[3];

	if (!parse_dotted(s, 3, max, v))
		return false;
	*out = WSE_FW_VERSION(v[0], v[1], v[2]);
	return true;
}

static bool parse_abi(const char *s, uint32_t *out)
{
	static const uint32_t max[2] = { 0xffff, 0xffff };
	uint32_t v[2];

	if (!parse_dotted(s, 2, max, v))
		return false;
	*out = WSE_FW_ABI(v[0], v[1]);
	return true;
}

static bool parse_dtypes(const char *s, uint32_t *out)
{
	char buf[64], *tok, *save = NULL;
	uint32_t mask = 0, bit;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "f32"))
			bit = WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32);
		else if (!strcmp(tok, "f16"))
			bit = WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F16);
		else
			return false;
		if (mask & bit)
			return false;
		mask |= bit;
	}
	*out = mask;
	return mask != 0;
}

static const char *const image_keys[] = {
	"name", "version", "hw-spec", "abi", "generation",
};

static int image_line(struct parser *p, const char *key, const char *val)
{
	struct fw_desc *d = p->d;
	unsigned int i;
	bool ok;

	for (i = 0; i < sizeof(image_keys) / sizeof(image_keys[0]); i++)
		if (!strcmp(key, image_keys[i]))
			break;
	if (i == sizeof(image_keys) / sizeof(image_keys[0]))
		return perr(p, "[image]: unknown key '%s' (known: name, version, "
			    "hw-spec, abi, generation)", key);
	if (p->image_seen & (1u << i))
		return perr(p, "[image]: '%s' given twice", key);
	p->image_seen |= 1u << i;

	switch (i) {
	case 0:
		ok = *val && strlen(val) < sizeof(d->name);
		for (const char *c = val; ok && *c; c++)
			ok = isgraph((unsigned char)*c);
		if (!ok)
			return perr(p, "[image]: name '%s' must be 1..%zu "
				    "printable characters without spaces", val,
				    sizeof(d->name) - 1);
		strcpy(d->name, val);
		return 0;
	case 1:
		ok = parse_version(val, &d->fw_version);
		break;
	case 2:
		ok = parse_abi(val, &d->hw_spec);
		break;
	case 3:
		ok = parse_abi(val, &d->fw_abi);
		break;
	default:
		ok = parse_u32(val, &d->generation);
		break;
	}
	if (!ok)
		return perr(p, "[image]: bad value '%s' for '%s' (version is "
			    "major.minor.patch, hw-spec and abi are "
			    "major.minor, generation a number)", val, key);
	return 0;
}

static int kv_line(struct parser *p, const char *key, const char *val,
		   const struct wse_fw_key_desc *keys, const char *what,
		   struct wse_fw_kv *kv, unsigned int *n)
{
	const struct wse_fw_key_desc *k;
	unsigned int i;
	uint32_t v;

	for (k = keys; k->name && strcmp(k->name, key); k++)
		;
	if (!k->name) {
		char known[256] = "";

		for (k = keys; k->name; k++) {
			strncat(known, k->name, sizeof(known) - strlen(known) - 1);
			if (k[1].name)
				strncat(known, ", ",
					sizeof(known) - strlen(known) - 1);
		}
		return perr(p, "[%s]: unknown key '%s' (known: %s)", what, key,
			    known);
	}
	for (i = 0; i < *n; i++)
		if (kv[i].key == k->key)
			return perr(p, "[%s]: '%s' given twice", what, key);
	if (!parse_u32(val, &v) || v < k->min || v > k->max)
		return perr(p, "[%s]: %s = '%s' is not a number in %u..%u", what,
			    key, val, k->min, k->max);
	kv[*n].key = k->key;
	kv[*n].value = v;
	(*n)++;
	return 0;
}

static int kernel_line(struct parser *p, char *line)
{
	struct fw_desc *d = p->d;
	struct fw_desc_kernel *k;
	char *f[6], *save = NULL;
	const char *problem;
	unsigned int n = 0, i;

	for (char *tok = strtok_r(line, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (n == 5)
			return perr(p, "[kernels]: too many fields (want: id "
				    "name version signature dtypes)");
		f[n++] = tok;
	}
	if (n != 5)
		return perr(p, "[kernels]: %u fields, want 5: id name version "
			    "signature dtypes", n);
	if (d->nkernels == WSE_FW_MAX_KERNELS)
		return perr(p, "[kernels]: more than %u kernels",
			    WSE_FW_MAX_KERNELS);
	k = &d->kernels[d->nkernels];
	memset(k, 0, sizeof(*k));
	if (!parse_u32(f[0], &k->id))
		return perr(p, "[kernels]: id '%s' is not a 32-bit number", f[0]);
	if (!wse_fw_kernel_name_ok(f[1]))
		return perr(p, "[kernels]: name '%s' must be 1..%d characters "
			    "of [a-z0-9_]", f[1], WSE_FW_KERNEL_NAME_LEN - 1);
	strcpy(k->name, f[1]);
	if (!parse_abi(f[2], &k->version))
		return perr(p, "[kernels]: %s: version '%s' is not "
			    "major.minor", k->name, f[2]);
	/* "-" is the empty signature of a kernel without arguments. */
	if (strcmp(f[3], "-")) {
		if (strlen(f[3]) >= WSE_FW_SIGNATURE_LEN)
			return perr(p, "[kernels]: %s: signature too long",
				    k->name);
		strcpy(k->signature, f[3]);
	}
	problem = wse_fw_signature_problem(k->signature);
	if (problem)
		return perr(p, "[kernels]: %s: signature '%s': %s", k->name,
			    f[3], problem);
	if (!parse_dtypes(f[4], &k->dtypes))
		return perr(p, "[kernels]: %s: element types '%s' are not a "
			    "list like f32,f16", k->name, f[4]);
	for (i = 0; i < d->nkernels; i++) {
		if (d->kernels[i].id == k->id)
			return perr(p, "[kernels]: id %u is already used by %s",
				    k->id, d->kernels[i].name);
		if (!strcmp(d->kernels[i].name, k->name))
			return perr(p, "[kernels]: %s is listed twice", k->name);
	}
	d->nkernels++;
	return 0;
}

static int notes_line(struct parser *p, const char *line)
{
	struct fw_desc *d = p->d;
	size_t n = strlen(line);
	char *grown;

	if (!d->notes_len && !n)
		return 0;	/* blank lines before the text */
	grown = realloc(d->notes, d->notes_len + n + 2);
	if (!grown)
		return perr(p, "out of memory");
	d->notes = grown;
	memcpy(d->notes + d->notes_len, line, n);
	d->notes_len += n;
	d->notes[d->notes_len++] = '\n';
	d->notes[d->notes_len] = 0;
	return 0;
}

static int section_line(struct parser *p, const char *name)
{
	static const char *const names[] = {
		[SEC_IMAGE] = "image", [SEC_CONFIG] = "config",
		[SEC_LIMITS] = "limits", [SEC_KERNELS] = "kernels",
		[SEC_NOTES] = "notes",
	};
	unsigned int i;

	for (i = SEC_IMAGE; i <= SEC_NOTES; i++) {
		if (strcmp(name, names[i]))
			continue;
		if (p->sections_seen & (1u << i))
			return perr(p, "[%s] appears twice", name);
		p->sections_seen |= 1u << i;
		p->sec = i;
		return 0;
	}
	return perr(p, "unknown section [%s] (known: image, config, limits, "
		    "kernels, notes)", name);
}

static int parse_line(struct parser *p, char *raw)
{
	char *line, *eq, *hash;

	if (p->sec == SEC_NOTES && raw[0] != '[') {
		/* Verbatim, trailing spaces and newline aside. */
		return notes_line(p, raw[0] ? raw : "");
	}
	hash = strchr(raw, '#');
	if (hash)
		*hash = 0;
	line = trim(raw);
	if (!*line)
		return 0;
	if (line[0] == '[') {
		size_t n = strlen(line);

		if (line[n - 1] != ']')
			return perr(p, "section header '%s' lacks ']'", line);
		line[n - 1] = 0;
		return section_line(p, trim(line + 1));
	}
	if (p->sec == SEC_KERNELS)
		return kernel_line(p, line);
	if (p->sec == SEC_NONE)
		return perr(p, "'%s' before the first [section]", line);

	eq = strchr(line, '=');
	if (!eq)
		return perr(p, "expected 'key = value', got '%s'", line);
	*eq = 0;
	switch (p->sec) {
	case SEC_IMAGE:
		return image_line(p, trim(line), trim(eq + 1));
	case SEC_CONFIG:
		return kv_line(p, trim(line), trim(eq + 1), wse_fw_config_keys,
			       "config", p->d->config, &p->d->nconfig);
	default:
		return kv_line(p, trim(line), trim(eq + 1), wse_fw_limit_keys,
			       "limits", p->d->limits, &p->d->nlimits);
	}
}

int fw_desc_parse(const char *path, struct fw_desc *d, char *err,
		  size_t errlen)
{
	struct parser p = {
		.path = path, .err = err, .errlen = errlen, .d = d,
	};
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned int i;
	FILE *f;
	int ret = 0;

	memset(d, 0, sizeof(*d));
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&buf, &cap, f)) >= 0) {
		p.line++;
		if (memchr(buf, 0, len)) {
			ret = perr(&p, "NUL byte in the description");
			break;
		}
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
			       buf[len - 1] == ' ' || buf[len - 1] == '\t'))
			buf[--len] = 0;
		ret = parse_line(&p, buf);
		if (ret)
			break;
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		ret = -1;
	}
	free(buf);
	fclose(f);
	if (ret)
		goto fail;

	p.line++;	/* report what is missing "at the end" */
	for (i = 0; i < sizeof(image_keys) / sizeof(image_keys[0]); i++) {
		if (!(p.image_seen & (1u << i))) {
			ret = perr(&p, "[image] has no '%s'", image_keys[i]);
			goto fail;
		}
	}
	if (!d->nkernels) {
		ret = perr(&p, "no kernels: the [kernels] section is missing or "
			   "empty");
		goto fail;
	}
	/* Blank lines at the end of the notes are layout, not content. */
	while (d->notes_len && d->notes[d->notes_len - 1] == '\n' &&
	       (d->notes_len == 1 || d->notes[d->notes_len - 2] == '\n'))
		d->notes[--d->notes_len] = 0;
	return 0;

fail:
	fw_desc_free(d);
	return ret;
}

void fw_desc_free(struct fw_desc *d)
{
	free(d->notes);
	d->notes = NULL;
	d->notes_len = 0;
}
