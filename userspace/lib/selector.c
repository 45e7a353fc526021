// SPDX-License-Identifier: MIT
/*
 * Parsing of the text an operator uses to name a device: an index in the
 * discovery list, a PCI address, a serial number or a device node path.
 * Strict on purpose: "1x" or "01:00" must fail loudly rather than open
 * some other device.
 */
#include <errno.h>
#include <string.h>

#include "wse_internal.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Read 1..@max_digits hex digits at *@p, stopping at the first non-digit;
 * advances *@p. 0 or -EINVAL.
 */
static int parse_hex(const char **p, unsigned int max_digits, uint64_t *val)
{
	unsigned int n = 0;
	uint64_t v = 0;
	int d;

	while ((d = hex_value(**p)) >= 0) {
		if (++n > max_digits)
			return -EINVAL;
		v = v << 4 | (unsigned int)d;
		(*p)++;
	}
	if (!n)
		return -EINVAL;
	*val = v;
	return 0;
}

int wse_pci_address_parse(const char *text, uint32_t *domain, uint8_t *bus,
			  uint8_t *slot, uint8_t *function)
{
	uint64_t f[4] = { 0 };
	const char *p = text;
	unsigned int fields = strchr(text, ':') != strrchr(text, ':') ? 4 : 3;
	unsigned int i = 4 - fields;

	/* [domain:]bus:slot.function; the domain defaults to 0. */
	for (; i < 4; i++) {
		static const unsigned int digits[4] = { 8, 2, 2, 1 };
		static const char sep[4] = { ':', ':', '.', '\0' };

		if (parse_hex(&p, digits[i], &f[i]) || *p != sep[i])
			return -EINVAL;
		if (sep[i])
			p++;
	}
	if (f[2] > 31 || f[3] > 7)
		return -EINVAL;
	*domain = (uint32_t)f[0];
	*bus = (uint8_t)f[1];
	*slot = (uint8_t)f[2];
	*function = (uint8_t)f[3];
	return 0;
}

static int all_of(const char *s, int (*pred)(char))
{
	for (; *s; s++)
		if (!pred(*s))
			return 0;
	return 1;
}

static int is_dec(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return hex_value(c) >= 0;
}

/* Serials print as 16 hex digits; indexes are small. */
#define SERIAL_DIGITS	16
#define INDEX_MAX_DIGITS	9

int wse_selector_parse(const char *text, struct wse_selector *sel)
{
	struct wse_selector s = { 0 };
	size_t len;

	if (!text || !sel || !*text)
		return -EINVAL;
	len = strlen(text);

	if (strchr(text, '/')) {
		s.kind = WSE_SELECT_PATH;
		s.path = text;
	} else if (strchr(text, ':')) {
		s.kind = WSE_SELECT_PCI;
		if (wse_pci_address_parse(text, &s.pci_domain, &s.pci_bus,
					  &s.pci_slot, &s.pci_function))
			return -EINVAL;
	} else if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		const char *p = text + 2;

		s.kind = WSE_SELECT_SERIAL;
		if (parse_hex(&p, SERIAL_DIGITS, &s.serial) || *p)
			return -EINVAL;
	} else if (len == SERIAL_DIGITS && all_of(text, is_hex)) {
		const char *p = text;

		s.kind = WSE_SELECT_SERIAL;
		if (parse_hex(&p, SERIAL_DIGITS, &s.serial))
			return -EINVAL;
	} else if (len <= INDEX_MAX_DIGITS && all_of(text, is_dec)) {
		unsigned int v = 0;

		for (; *text; text++)
			v = v * 10 + (unsigned int)(*text - '0');
		s.kind = WSE_SELECT_INDEX;
		s.index = v;
	} else {
		return -EINVAL;
	}
	*sel = s;
	return 0;
}
