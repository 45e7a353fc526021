// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checks the driver makes on a firmware image before the device sees
 * it, and the kernel table it keeps from it.
 *
 * The device verifies everything (including the SHA-256 digest and the
 * signature, which the driver leaves to it). The driver checks what it
 * must understand itself or can explain better: that the bytes are an
 * image of a format it reads, sized as the header says, for this device
 * generation, hardware interface and firmware ABI, with a section table
 * inside the image and a well-formed kernel table, which it needs to check
 * LAUNCH commands. An image it refuses never reaches the device, so
 * firmware already running keeps running.
 *
 * Every field is read from the little-endian image through the uapi
 * structures after its bounds are checked; the image may come from user
 * space and may be anything.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include <drm/drm_print.h>

#include <uapi/wse_fw.h>
#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_fw.h"
#include "wse_job.h"

static_assert(sizeof(struct wse_fw_header) == WSE_FW_HEADER_SIZE);
static_assert(sizeof(struct wse_fw_kernel) == 80);

/* What is being checked, and where the verdict goes. */
struct wse_fw_check {
	struct wse_device *wdev;
	const u8 *data;
	size_t size;		/* bytes given */
	u32 image_size;		/* bytes the header declares, once checked */
	const char *src;	/* "wse/wse3.bin", "image from wsectl[42]" */
};

static __printf(2, 3) int wse_fw_refuse(const struct wse_fw_check *c,
					const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	drm_err(&c->wdev->drm, "firmware %s refused: %pV\n", c->src, &vaf);
	va_end(args);
	return -EINVAL;
}

/* Format, size and compatibility: everything the header alone tells. */
static int wse_fw_check_header(struct wse_fw_check *c)
{
	const struct wse_hw_info *info = &c->wdev->hw.info;
	const struct wse_fw_header *h = (const void *)c->data;
	u32 magic, major, minor, size, gen, spec, abi;

	if (c->size < WSE_FW_HEADER_SIZE)
		return wse_fw_refuse(c, "truncated: %zu bytes cannot hold the %u-byte header",
				     c->size, WSE_FW_HEADER_SIZE);

	magic = le32_to_cpu(h->magic);
	if (magic != WSE_FW_IMAGE_MAGIC)
		return wse_fw_refuse(c, "bad magic %#010x, a wse image has %#010x",
				     magic, WSE_FW_IMAGE_MAGIC);

	major = le16_to_cpu(h->format_major);
	minor = le16_to_cpu(h->format_minor);
	if (major != WSE_FW_FORMAT_MAJOR)
		return wse_fw_refuse(c, "bad format: format %u.%u, driver reads %u.x",
				     major, minor, WSE_FW_FORMAT_MAJOR);
	if (le32_to_cpu(h->header_size) != WSE_FW_HEADER_SIZE)
		return wse_fw_refuse(c, "bad format: header size %u, expected %u",
				     le32_to_cpu(h->header_size),
				     WSE_FW_HEADER_SIZE);

	size = le32_to_cpu(h->image_size);
	if (size < WSE_FW_HEADER_SIZE || size > WSE_FW_MAX_SIZE ||
	    size % WSE_FW_ALIGN)
		return wse_fw_refuse(c, "bad format: declared size %u is not %u-aligned in %u..%u",
				     size, WSE_FW_ALIGN, WSE_FW_HEADER_SIZE,
				     WSE_FW_MAX_SIZE);
	if (size > c->size)
		return wse_fw_refuse(c, "truncated: the header declares %u bytes, only %zu given",
				     size, c->size);
	if (size < c->size)
		return wse_fw_refuse(c, "bad format: %zu bytes given for an image of %u",
				     c->size, size);
	c->image_size = size;

	gen = le32_to_cpu(h->generation);
	if (gen != info->generation)
		return wse_fw_refuse(c, "incompatible ABI: for generation %u, device is %u",
				     gen, info->generation);

	spec = le32_to_cpu(h->hw_spec);
	if (WSE_FW_ABI_MAJOR_OF(spec) != WSE_HW_SPEC_MAJOR ||
	    WSE_FW_ABI_MINOR_OF(spec) > (info->spec_version & 0xffff))
		return wse_fw_refuse(c, "incompatible ABI: hardware spec %u.%u, device %u.%u",
				     WSE_FW_ABI_MAJOR_OF(spec),
				     WSE_FW_ABI_MINOR_OF(spec),
				     info->spec_version >> 16,
				     info->spec_version & 0xffff);

	abi = le32_to_cpu(h->fw_abi);
	if (WSE_FW_ABI_MAJOR_OF(abi) != WSE_FW_ABI_MAJOR ||
	    WSE_FW_ABI_MINOR_OF(abi) > WSE_FW_ABI_MINOR)
		return wse_fw_refuse(c, "incompatible ABI: firmware ABI %u.%u, driver %u.0-%u.%u",
				     WSE_FW_ABI_MAJOR_OF(abi),
				     WSE_FW_ABI_MINOR_OF(abi),
				     WSE_FW_ABI_MAJOR, WSE_FW_ABI_MAJOR,
				     WSE_FW_ABI_MINOR);
	return 0;
}

/*
 * The section table lies inside the image, past the header, and so does
 * every section; the KERNELS section appears exactly once. Returns its
 * entry. Overlaps and the other sections are the device's to judge.
 */
static int wse_fw_check_sections(struct wse_fw_check *c,
				 const struct wse_fw_section **kernels)
{
	const struct wse_fw_header *h = (const void *)c->data;
	u32 count = le32_to_cpu(h->section_count);
	u32 table = le32_to_cpu(h->section_offset);
	const struct wse_fw_section *s;
	u32 i, off, len, table_end;

	if (!count || count > WSE_FW_MAX_SECTIONS)
		return wse_fw_refuse(c, "bad format: %u sections (1 to %u allowed)",
				     count, WSE_FW_MAX_SECTIONS);
	if (table % WSE_FW_ALIGN || table < WSE_FW_HEADER_SIZE ||
	    table > c->image_size ||
	    count * sizeof(*s) > c->image_size - table)
		return wse_fw_refuse(c, "bad format: section table (%u at %u) out of bounds",
				     count, table);
	table_end = table + count * sizeof(*s);

	*kernels = NULL;
	for (i = 0; i < count; i++) {
		s = (const void *)(c->data + table + i * sizeof(*s));
		off = le32_to_cpu(s->offset);
		len = le32_to_cpu(s->size);
		if (!s->type || s->reserved)
			return wse_fw_refuse(c, "bad format: section %u: type 0 or reserved set",
					     i);
		if (off % WSE_FW_ALIGN || off < table_end ||
		    off > c->image_size || len > c->image_size - off)
			return wse_fw_refuse(c, "bad format: section %u (%u bytes at %u) misplaced",
					     i, len, off);
		if (le32_to_cpu(s->type) != WSE_FW_SECT_KERNELS)
			continue;
		if (*kernels)
			return wse_fw_refuse(c, "bad format: more than one KERNELS section");
		*kernels = s;
	}
	if (!*kernels)
		return wse_fw_refuse(c, "bad format: no KERNELS section");
	return 0;
}

/* A NUL-terminated, NUL-padded string field; false if it is not one. */
static bool wse_fw_string(const char *field, size_t len, char *out)
{
	size_t n = strnlen(field, len);

	if (n == len || memchr_inv(field + n, 0, len - n))
		return false;
	memcpy(out, field, len);
	return true;
}

static bool wse_fw_name_ok(const char *name)
{
	const char *p;

	if (!*name)
		return false;
	for (p = name; *p; p++)
		if (!islower(*p) && !isdigit(*p) && *p != '_')
			return false;
	return true;
}

/* NULL if @sig is a valid signature, else what is wrong with it. */
static const char *wse_fw_signature_problem(const char *sig)
{
	size_t i, n = strlen(sig);

	if (n > WSE_LAUNCH_MAX_ARGS)
		return "more than 16 arguments";
	for (i = 0; i < n; i++) {
		switch (sig[i]) {
		case WSE_FW_ARG_DTYPE:
			if (i)
				return "the element type is not the first argument";
			break;
		case WSE_FW_ARG_COUNT:
		case WSE_FW_ARG_OFFSET:
		case WSE_FW_ARG_FLOAT:
		case WSE_FW_ARG_ENUM:
			break;
		default:
			return "unknown argument type";
		}
	}
	return NULL;
}

static int wse_fw_kinfo_cmp(const void *a, const void *b)
{
	u32 l = ((const struct wse_fw_kinfo *)a)->id;
	u32 r = ((const struct wse_fw_kinfo *)b)->id;

	return l < r ? -1 : l > r;
}

static int wse_fw_parse_kernels(struct wse_fw_check *c,
				const struct wse_fw_section *s,
				struct wse_fw_ktab **out)
{
	const u32 known = WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32) |
			  WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F16);
	const struct wse_fw_kernel_table *t;
	u32 size = le32_to_cpu(s->size);
	const struct wse_fw_kernel *e;
	struct wse_fw_kinfo *k;
	struct wse_fw_ktab *tab;
	const char *problem;
	u32 count, i;
	int ret;

	t = (const void *)(c->data + le32_to_cpu(s->offset));
	if (size < sizeof(*t))
		return wse_fw_refuse(c, "bad format: KERNELS section of %u bytes",
				     size);
	count = le32_to_cpu(t->count);
	if (!count || count > WSE_FW_MAX_KERNELS ||
	    le32_to_cpu(t->entry_size) != sizeof(*e) ||
	    size != sizeof(*t) + count * sizeof(*e))
		return wse_fw_refuse(c, "bad format: kernel table: %u entries of %u bytes in %u",
				     count, le32_to_cpu(t->entry_size), size);

	tab = kvzalloc(struct_size(tab, k, count), GFP_KERNEL);
	if (!tab)
		return -ENOMEM;
	tab->count = count;

	for (i = 0; i < count; i++) {
		e = &t->entries[i];
		k = &tab->k[i];
		ret = -EINVAL;
		if (!wse_fw_string(e->name, sizeof(e->name), k->name) ||
		    !wse_fw_name_ok(k->name)) {
			wse_fw_refuse(c, "bad format: kernel entry %u has no valid name",
				      i);
			goto err;
		}
		if (!wse_fw_string(e->signature, sizeof(e->signature),
				   k->signature)) {
			wse_fw_refuse(c, "bad format: kernel %s: signature is not a string",
				      k->name);
			goto err;
		}
		problem = wse_fw_signature_problem(k->signature);
		if (problem) {
			wse_fw_refuse(c, "bad format: kernel %s: signature \"%s\": %s",
				      k->name, k->signature, problem);
			goto err;
		}
		k->id = le32_to_cpu(e->id);
		k->version = le32_to_cpu(e->version);
		k->dtypes = le32_to_cpu(e->dtypes);
		k->nargs = strlen(k->signature);
		if (!k->dtypes || k->dtypes & ~known || e->flags) {
			wse_fw_refuse(c, "bad format: kernel %s: element types %#x, flags %#x",
				      k->name, k->dtypes, le32_to_cpu(e->flags));
			goto err;
		}
	}

	/* Sorted by id for lookups; then duplicates are neighbours. */
	sort(tab->k, count, sizeof(tab->k[0]), wse_fw_kinfo_cmp, NULL);
	for (i = 1; i < count; i++) {
		if (tab->k[i].id == tab->k[i - 1].id) {
			wse_fw_refuse(c, "bad format: kernels %s and %s share id %u",
				      tab->k[i - 1].name, tab->k[i].name,
				      tab->k[i].id);
			ret = -EINVAL;
			goto err;
		}
	}
	*out = tab;
	return 0;

err:
	kvfree(tab);
	return ret;
}

/**
 * wse_fw_image_check() - check an image as far as the driver can
 * @wdev: the device it is for
 * @data: the image
 * @size: its size in bytes
 * @src: how to name it in messages
 * @ktab: on success, its kernel table (kvfree() it)
 *
 * Every refusal is logged with @src and the reason.
 *
 * Return: 0, -EINVAL if the image is refused, -ENOMEM.
 */
int wse_fw_image_check(struct wse_device *wdev, const u8 *data, size_t size,
		       const char *src, struct wse_fw_ktab **ktab)
{
	struct wse_fw_check c = {
		.wdev = wdev,
		.data = data,
		.size = size,
		.src = src,
	};
	const struct wse_fw_section *kernels;
	int ret;

	if (size > WSE_FW_MAX_SIZE)
		return wse_fw_refuse(&c, "too large: %zu bytes, at most %u",
				     size, WSE_FW_MAX_SIZE);
	ret = wse_fw_check_header(&c);
	if (ret)
		return ret;
	ret = wse_fw_check_sections(&c, &kernels);
	if (ret)
		return ret;
	return wse_fw_parse_kernels(&c, kernels, ktab);
}

/* The kernel with LAUNCH id @id in @t, or NULL. */
const struct wse_fw_kinfo *wse_fw_find_kernel(const struct wse_fw_ktab *t,
					      u32 id)
{
	u32 lo = 0, hi = t->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->k[mid].id == id)
			return &t->k[mid];
		if (t->k[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
