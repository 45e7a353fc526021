/* SPDX-License-Identifier: GPL-2.0-or-later OR MIT */
/*
 * Firmware image checks. See wse_fwimage.h and uapi/wse_fw.h.
 *
 * Every field is read from the raw little-endian bytes at the offsets of
 * the uapi structures and bounds-checked before use: the image comes from
 * the guest and may be anything.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "wse_fwimage.h"
#include "wse_hw.h"
#include "wse_kernel_abi.h"
#include "wse_sha256.h"

_Static_assert(sizeof(struct wse_fw_header) == WSE_FW_HEADER_SIZE,
               "firmware header size");
_Static_assert(sizeof(struct wse_fw_section) == 16, "section entry size");
_Static_assert(sizeof(struct wse_fw_kernel) == 80, "kernel entry size");
_Static_assert(sizeof(struct wse_fw_kernel_table) == 8, "kernel table");
_Static_assert(sizeof(struct wse_fw_signature) == 40, "signature size");
_Static_assert(sizeof(struct wse_fw_kv) == 8, "key/value size");

/* SHA-256 of "wse development firmware key: public, for development only" */
const uint8_t wse_fw_dev_key[WSE_FW_DEV_KEY_LEN] = {
    0xee, 0xed, 0xac, 0x84, 0xac, 0x07, 0x9f, 0x4f,
    0x25, 0x62, 0x08, 0xd4, 0x60, 0x8a, 0xe4, 0x0c,
    0x11, 0x9d, 0xd7, 0xbd, 0x47, 0xc0, 0xf3, 0xd6,
    0xc8, 0x17, 0xf3, 0xce, 0x2c, 0x78, 0xc9, 0x18,
};

#define HDR(f)          offsetof(struct wse_fw_header, f)
#define SECT(f)         offsetof(struct wse_fw_section, f)
#define KERN(f)         offsetof(struct wse_fw_kernel, f)
#define SIG(f)          offsetof(struct wse_fw_signature, f)
#define SECT_SIZE       sizeof(struct wse_fw_section)
#define KERN_SIZE       sizeof(struct wse_fw_kernel)
#define TABLE_SIZE      sizeof(struct wse_fw_kernel_table)
#define SIG_SIZE        sizeof(struct wse_fw_signature)

/* Hash this much between two looks at the cancel flag. */
#define WSE_FW_HASH_CHUNK       (256 * 1024)

static uint16_t ld16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static uint32_t ld32(const uint8_t *p)
{
    return ld16(p) | (uint32_t)ld16(p + 2) << 16;
}

static uint32_t fw_fail(char *msg, size_t msglen, uint32_t err,
                        const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static uint32_t fw_fail(char *msg, size_t msglen, uint32_t err,
                        const char *fmt, ...)
{
    va_list ap;

    if (msg && msglen) {
        va_start(ap, fmt);
        vsnprintf(msg, msglen, fmt, ap);
        va_end(ap);
    }
    return err;
}

#define FAIL(err, ...)  return fw_fail(msg, msglen, (err), __VA_ARGS__)

const char *wse_fw_err_name(uint32_t err)
{
    static const char *const names[] = {
        [WSE_FW_ERR_NONE] = "NONE",
        [WSE_FW_ERR_DMA] = "DMA",
        [WSE_FW_ERR_TOO_LARGE] = "TOO_LARGE",
        [WSE_FW_ERR_BAD_MAGIC] = "BAD_MAGIC",
        [WSE_FW_ERR_BAD_FORMAT] = "BAD_FORMAT",
        [WSE_FW_ERR_BAD_ABI] = "BAD_ABI",
        [WSE_FW_ERR_BAD_HASH] = "BAD_HASH",
        [WSE_FW_ERR_TRUNCATED] = "TRUNCATED",
        [WSE_FW_ERR_UNSIGNED] = "UNSIGNED",
        [WSE_FW_ERR_BAD_SIGNATURE] = "BAD_SIGNATURE",
    };

    if (err < sizeof(names) / sizeof(names[0]) && names[err]) {
        return names[err];
    }
    return "UNKNOWN";
}

const char *wse_fw_section_name(uint32_t type)
{
    switch (type) {
    case WSE_FW_SECT_CONFIG:
        return "CONFIG";
    case WSE_FW_SECT_KERNELS:
        return "KERNELS";
    case WSE_FW_SECT_LIMITS:
        return "LIMITS";
    case WSE_FW_SECT_SIGNATURE:
        return "SIGNATURE";
    case WSE_FW_SECT_NOTES:
        return "NOTES";
    default:
        return NULL;
    }
}

bool wse_fw_kernel_name_ok(const char *name)
{
    const char *p;

    if (!*name || strlen(name) >= WSE_FW_KERNEL_NAME_LEN) {
        return false;
    }
    for (p = name; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_')) {
            return false;
        }
    }
    return true;
}

const char *wse_fw_signature_problem(const char *sig)
{
    size_t i, n = strlen(sig);

    if (n > WSE_LAUNCH_MAX_ARGS) {
        return "more than 16 arguments";
    }
    for (i = 0; i < n; i++) {
        switch (sig[i]) {
        case WSE_FW_ARG_DTYPE:
            if (i) {
                return "the element type 't' must be the first argument";
            }
            break;
        case WSE_FW_ARG_COUNT:
        case WSE_FW_ARG_OFFSET:
        case WSE_FW_ARG_FLOAT:
        case WSE_FW_ARG_ENUM:
            break;
        default:
            return "unknown argument type (use t, n, o, f, u)";
        }
    }
    return NULL;
}

/*
 * Copy a fixed-size, NUL-padded string field. False unless it holds a
 * terminating NUL and only zeros after it.
 */
static bool fw_string(const uint8_t *p, size_t len, char *out)
{
    size_t n = strnlen((const char *)p, len);
    size_t i;

    if (n == len) {
        return false;
    }
    for (i = n; i < len; i++) {
        if (p[i]) {
            return false;
        }
    }
    memcpy(out, p, n + 1);
    return true;
}

static bool fw_is_zero(const uint8_t *p, size_t n)
{
    while (n--) {
        if (*p++) {
            return false;
        }
    }
    return true;
}

/* The fixed header, up to what needs the rest of the image. */
static uint32_t fw_check_header(const uint8_t *img, size_t size,
                                struct wse_fw_info *info, char *msg,
                                size_t msglen)
{
    uint32_t header_size = ld32(img + HDR(header_size));
    uint32_t magic = ld32(img + HDR(magic));

    if (magic != WSE_FW_IMAGE_MAGIC) {
        FAIL(WSE_FW_ERR_BAD_MAGIC, "magic is 0x%08x, not 0x%08x (\"WSFW\")",
             magic, WSE_FW_IMAGE_MAGIC);
    }
    info->format_major = ld16(img + HDR(format_major));
    info->format_minor = ld16(img + HDR(format_minor));
    info->image_size = ld32(img + HDR(image_size));
    info->fw_version = ld32(img + HDR(fw_version));
    info->hw_spec = ld32(img + HDR(hw_spec));
    info->fw_abi = ld32(img + HDR(fw_abi));
    info->generation = ld32(img + HDR(generation));
    memcpy(info->sha256, img + HDR(sha256), WSE_FW_SHA256_LEN);

    if (info->format_major != WSE_FW_FORMAT_MAJOR) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "image format %u.%u; this reader knows "
             "format %u.x", info->format_major, info->format_minor,
             WSE_FW_FORMAT_MAJOR);
    }
    if (header_size != WSE_FW_HEADER_SIZE) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "header size %u, expected %u",
             header_size, WSE_FW_HEADER_SIZE);
    }
    if (ld32(img + HDR(flags)) ||
        !fw_is_zero(img + HDR(reserved), sizeof(((struct wse_fw_header *)0)
                                                ->reserved))) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "reserved header fields are not zero");
    }
    if (!fw_string(img + HDR(name), WSE_FW_NAME_LEN, info->name)) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "image name is not a NUL-terminated, "
             "zero-padded string");
    }
    if (info->image_size < WSE_FW_HEADER_SIZE ||
        info->image_size > WSE_FW_MAX_SIZE ||
        info->image_size % WSE_FW_ALIGN) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "declared image size %u is not a "
             "multiple of %u between %u and %u", info->image_size,
             WSE_FW_ALIGN, WSE_FW_HEADER_SIZE, WSE_FW_MAX_SIZE);
    }
    info->header_ok = true;
    if (size < info->image_size) {
        FAIL(WSE_FW_ERR_TRUNCATED, "image declares %u bytes but only %zu "
             "were given", info->image_size, size);
    }
    if (size > info->image_size) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "%zu bytes given for an image of %u "
             "bytes", size, info->image_size);
    }
    return WSE_FW_ERR_NONE;
}

/* Key/value sections: CONFIG and LIMITS. */
const struct wse_fw_key_desc wse_fw_config_keys[] = {
    { WSE_FW_CFG_HEARTBEAT_MS, "heartbeat-ms", 1, WSE_FW_HEARTBEAT_MS,
      offsetof(struct wse_fw_info, heartbeat_ms) },
    { WSE_FW_CFG_WORKER_THREADS, "worker-threads", 0, 1024,
      offsetof(struct wse_fw_info, worker_threads) },
    { WSE_FW_CFG_MAX_LAUNCH_WIDTH, "max-launch-width", 1, 0xffff,
      offsetof(struct wse_fw_info, max_launch_width) },
    { WSE_FW_CFG_MAX_LAUNCH_HEIGHT, "max-launch-height", 1, 0xffff,
      offsetof(struct wse_fw_info, max_launch_height) },
    { 0, NULL, 0, 0, 0 }
};

const struct wse_fw_key_desc wse_fw_limit_keys[] = {
    { WSE_FW_LIM_MAX_LAUNCH_PES, "max-launch-pes", 1, 0xffffffffu,
      offsetof(struct wse_fw_info, max_launch_pes) },
    { WSE_FW_LIM_MIN_PE_SRAM, "min-pe-sram", 0, WSE_PE_SRAM_MAX,
      offsetof(struct wse_fw_info, min_pe_sram) },
    { WSE_FW_LIM_LAUNCH_TIMEOUT_MS, "launch-timeout-ms", 0, 0xffffffffu,
      offsetof(struct wse_fw_info, launch_timeout_ms) },
    { 0, NULL, 0, 0, 0 }
};

static uint32_t fw_parse_kv(const uint8_t *p, uint32_t size,
                            const char *what,
                            const struct wse_fw_key_desc *keys,
                            struct wse_fw_info *info, char *msg,
                            size_t msglen)
{
    uint32_t seen = 0, i;
    size_t k;

    if (size % sizeof(struct wse_fw_kv)) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "%s section of %u bytes is not a whole "
             "number of 8-byte records", what, size);
    }
    for (i = 0; i < size / sizeof(struct wse_fw_kv); i++) {
        uint32_t key = ld32(p + 8 * i);
        uint32_t value = ld32(p + 8 * i + 4);

        for (k = 0; keys[k].name && keys[k].key != key; k++) {
            continue;
        }
        if (!keys[k].name) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "%s record %u has unknown key %u",
                 what, i, key);
        }
        if (seen & (1u << k)) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "%s key %s is given twice", what,
                 keys[k].name);
        }
        seen |= 1u << k;
        if (value < keys[k].min || value > keys[k].max) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "%s %s = %u is outside %u..%u",
                 what, keys[k].name, value, keys[k].min, keys[k].max);
        }
        memcpy((uint8_t *)info + keys[k].field, &value, sizeof(value));
    }
    return WSE_FW_ERR_NONE;
}

static uint32_t fw_parse_kernels(const uint8_t *p, uint32_t size,
                                 struct wse_fw_info *info, char *msg,
                                 size_t msglen)
{
    uint32_t count, entry_size, i, j;

    if (size < TABLE_SIZE) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "KERNELS section of %u bytes has no "
             "room for its table header", size);
    }
    count = ld32(p + offsetof(struct wse_fw_kernel_table, count));
    entry_size = ld32(p + offsetof(struct wse_fw_kernel_table, entry_size));
    if (!count || count > WSE_FW_MAX_KERNELS) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel table has %u entries "
             "(1..%u allowed)", count, WSE_FW_MAX_KERNELS);
    }
    if (entry_size != KERN_SIZE) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel entries are %u bytes, "
             "expected %zu", entry_size, KERN_SIZE);
    }
    if (size != TABLE_SIZE + count * KERN_SIZE) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "KERNELS section is %u bytes; %u "
             "entries need %zu", size, count, TABLE_SIZE + count * KERN_SIZE);
    }
    for (i = 0; i < count; i++) {
        const uint8_t *e = p + TABLE_SIZE + i * KERN_SIZE;
        struct wse_fw_kernel_info *k = &info->kernels[i];
        const char *problem;

        k->id = ld32(e + KERN(id));
        k->version = ld32(e + KERN(version));
        k->dtypes = ld32(e + KERN(dtypes));
        k->impl = -1;
        if (!fw_string(e + KERN(name), WSE_FW_KERNEL_NAME_LEN, k->name) ||
            !wse_fw_kernel_name_ok(k->name)) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel entry %u: the name is not "
                 "1..31 characters of [a-z0-9_], NUL-padded", i);
        }
        if (!fw_string(e + KERN(signature), WSE_FW_SIGNATURE_LEN,
                       k->signature)) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel %s: the signature is not a "
                 "NUL-padded string", k->name);
        }
        problem = wse_fw_signature_problem(k->signature);
        if (problem) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel %s: signature \"%s\": %s",
                 k->name, k->signature, problem);
        }
        if (!k->dtypes || k->dtypes & ~(WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F32) |
                                        WSE_FW_DTYPE_BIT(WSE_FW_DTYPE_F16))) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel %s: element type mask 0x%x "
                 "is empty or has unknown bits", k->name, k->dtypes);
        }
        if (ld32(e + KERN(flags))) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel %s: reserved flags 0x%x",
                 k->name, ld32(e + KERN(flags)));
        }
        for (j = 0; j < i; j++) {
            if (info->kernels[j].id == k->id) {
                FAIL(WSE_FW_ERR_BAD_FORMAT, "kernels %s and %s share id %u",
                     info->kernels[j].name, k->name, k->id);
            }
            if (!strcmp(info->kernels[j].name, k->name)) {
                FAIL(WSE_FW_ERR_BAD_FORMAT, "kernel %s is listed twice",
                     k->name);
            }
        }
    }
    info->nkernels = count;
    return WSE_FW_ERR_NONE;
}

static uint32_t fw_parse_signature(const uint8_t *p, uint32_t offset,
                                   uint32_t size, struct wse_fw_info *info,
                                   char *msg, size_t msglen)
{
    if (size != SIG_SIZE) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "SIGNATURE section is %u bytes, "
             "expected %zu", size, SIG_SIZE);
    }
    info->has_signature = true;
    info->sig_algo = ld32(p + SIG(algo));
    info->sig_key_id = ld32(p + SIG(key_id));
    info->sig_mac_offset = offset + SIG(mac);
    return WSE_FW_ERR_NONE;
}

/* The section table and every section's payload. */
static uint32_t fw_check_layout(const uint8_t *img, struct wse_fw_info *info,
                                char *msg, size_t msglen)
{
    uint32_t count = ld32(img + HDR(section_count));
    uint32_t table = ld32(img + HDR(section_offset));
    uint32_t table_end, seen = 0, i, j, err;
    const struct wse_fw_section_info *s;

    if (!count || count > WSE_FW_MAX_SECTIONS) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "%u sections (1..%u allowed)", count,
             WSE_FW_MAX_SECTIONS);
    }
    if (table % WSE_FW_ALIGN || table < WSE_FW_HEADER_SIZE ||
        table > info->image_size ||
        count * SECT_SIZE > info->image_size - table) {
        FAIL(WSE_FW_ERR_BAD_FORMAT, "section table at %u (%u entries) is "
             "misaligned or not between the header and the end of the "
             "image (%u)", table, count, info->image_size);
    }
    table_end = table + count * SECT_SIZE;

    for (i = 0; i < count; i++) {
        const uint8_t *e = img + table + i * SECT_SIZE;
        struct wse_fw_section_info *si = &info->sections[i];
        const char *name;

        si->type = ld32(e + SECT(type));
        si->offset = ld32(e + SECT(offset));
        si->size = ld32(e + SECT(size));
        name = wse_fw_section_name(si->type);
        if (!si->type || ld32(e + SECT(reserved))) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "section %u: type 0 or reserved "
                 "field set", i);
        }
        if (si->offset % WSE_FW_ALIGN || si->offset < table_end ||
            si->offset > info->image_size ||
            si->size > info->image_size - si->offset) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "section %u (%s) at %u, %u bytes: "
                 "misaligned, inside the header or section table, or past "
                 "the end of the image (%u)", i, name ? name : "unknown",
                 si->offset, si->size, info->image_size);
        }
        for (j = 0; j < i; j++) {
            s = &info->sections[j];
            if (si->offset < s->offset + s->size &&
                s->offset < si->offset + si->size) {
                FAIL(WSE_FW_ERR_BAD_FORMAT, "sections %u and %u overlap",
                     j, i);
            }
        }
        if (!name) {
            continue;   /* from a later format minor: skipped */
        }
        if (seen & (1u << si->type)) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "more than one %s section", name);
        }
        seen |= 1u << si->type;
    }
    info->nsections = count;

    for (i = WSE_FW_SECT_CONFIG; i <= WSE_FW_SECT_LIMITS; i++) {
        if (!(seen & (1u << i))) {
            FAIL(WSE_FW_ERR_BAD_FORMAT, "no %s section",
                 wse_fw_section_name(i));
        }
    }

    info->heartbeat_ms = WSE_FW_DEF_HEARTBEAT_MS;
    info->worker_threads = WSE_FW_DEF_WORKER_THREADS;
    info->max_launch_width = WSE_FW_DEF_MAX_LAUNCH_DIM;
    info->max_launch_height = WSE_FW_DEF_MAX_LAUNCH_DIM;
    info->max_launch_pes = WSE_FW_DEF_MAX_LAUNCH_PES;
    info->min_pe_sram = WSE_FW_DEF_MIN_PE_SRAM;
    info->launch_timeout_ms = WSE_FW_DEF_LAUNCH_TIMEOUT_MS;

    for (i = 0; i < count; i++) {
        s = &info->sections[i];
        switch (s->type) {
        case WSE_FW_SECT_CONFIG:
            err = fw_parse_kv(img + s->offset, s->size, "CONFIG",
                              wse_fw_config_keys, info, msg, msglen);
            break;
        case WSE_FW_SECT_LIMITS:
            err = fw_parse_kv(img + s->offset, s->size, "LIMITS",
                              wse_fw_limit_keys, info, msg, msglen);
            break;
        case WSE_FW_SECT_KERNELS:
            err = fw_parse_kernels(img + s->offset, s->size, info, msg,
                                   msglen);
            break;
        case WSE_FW_SECT_SIGNATURE:
            err = fw_parse_signature(img + s->offset, s->offset, s->size,
                                     info, msg, msglen);
            break;
        case WSE_FW_SECT_NOTES:
            info->notes_offset = s->offset;
            info->notes_size = s->size;
            err = WSE_FW_ERR_NONE;
            break;
        default:
            err = WSE_FW_ERR_NONE;
            break;
        }
        if (err) {
            return err;
        }
    }
    info->layout_ok = true;
    return WSE_FW_ERR_NONE;
}

static uint32_t fw_check_abi(const struct wse_fw_device *dev,
                             struct wse_fw_info *info, char *msg,
                             size_t msglen)
{
    uint32_t i;

    if (WSE_FW_ABI_MAJOR_OF(info->hw_spec) !=
        WSE_FW_ABI_MAJOR_OF(dev->hw_spec) ||
        WSE_FW_ABI_MINOR_OF(info->hw_spec) >
        WSE_FW_ABI_MINOR_OF(dev->hw_spec)) {
        FAIL(WSE_FW_ERR_BAD_ABI, "image drives hardware spec %u.%u; the "
             "device implements %u.%u", WSE_FW_ABI_MAJOR_OF(info->hw_spec),
             WSE_FW_ABI_MINOR_OF(info->hw_spec),
             WSE_FW_ABI_MAJOR_OF(dev->hw_spec),
             WSE_FW_ABI_MINOR_OF(dev->hw_spec));
    }
    if (WSE_FW_ABI_MAJOR_OF(info->fw_abi) != WSE_FW_ABI_MAJOR_OF(dev->fw_abi) ||
        WSE_FW_ABI_MINOR_OF(info->fw_abi) > WSE_FW_ABI_MINOR_OF(dev->fw_abi)) {
        FAIL(WSE_FW_ERR_BAD_ABI, "image speaks firmware ABI %u.%u; the "
             "device runs %u.0 to %u.%u", WSE_FW_ABI_MAJOR_OF(info->fw_abi),
             WSE_FW_ABI_MINOR_OF(info->fw_abi),
             WSE_FW_ABI_MAJOR_OF(dev->fw_abi),
             WSE_FW_ABI_MAJOR_OF(dev->fw_abi),
             WSE_FW_ABI_MINOR_OF(dev->fw_abi));
    }
    if (info->generation != dev->generation) {
        FAIL(WSE_FW_ERR_BAD_ABI, "image is for generation %u; the device "
             "is generation %u", info->generation, dev->generation);
    }
    if (info->min_pe_sram > dev->pe_sram_bytes) {
        FAIL(WSE_FW_ERR_BAD_ABI, "image needs %u bytes of SRAM per PE; the "
             "device has %u", info->min_pe_sram, dev->pe_sram_bytes);
    }
    for (i = 0; i < info->nkernels; i++) {
        struct wse_fw_kernel_info *k = &info->kernels[i];
        const struct wse_kernel_abi *a;

        k->impl = wse_kernel_abi_find(k->name);
        if (k->impl < 0) {
            FAIL(WSE_FW_ERR_BAD_ABI, "kernel %s is not one this device can "
                 "run", k->name);
        }
        a = &wse_kernel_abis[k->impl];
        if (strcmp(k->signature, a->signature)) {
            FAIL(WSE_FW_ERR_BAD_ABI, "kernel %s: signature \"%s\" differs "
                 "from the device's \"%s\"", k->name, k->signature,
                 a->signature);
        }
        if (k->dtypes & ~a->dtypes) {
            FAIL(WSE_FW_ERR_BAD_ABI, "kernel %s: element types 0x%x, the "
                 "device implements 0x%x", k->name, k->dtypes, a->dtypes);
        }
        if (WSE_FW_ABI_MAJOR_OF(k->version) !=
            WSE_FW_ABI_MAJOR_OF(a->version) ||
            WSE_FW_ABI_MINOR_OF(k->version) >
            WSE_FW_ABI_MINOR_OF(a->version)) {
            FAIL(WSE_FW_ERR_BAD_ABI, "kernel %s: version %u.%u, the device "
                 "implements %u.%u", k->name,
                 WSE_FW_ABI_MAJOR_OF(k->version),
                 WSE_FW_ABI_MINOR_OF(k->version),
                 WSE_FW_ABI_MAJOR_OF(a->version),
                 WSE_FW_ABI_MINOR_OF(a->version));
        }
    }
    return WSE_FW_ERR_NONE;
}

static const uint8_t fw_zeros[WSE_FW_SHA256_LEN];

/*
 * Feed @img[from, to) to the hash (or MAC, through @update), a chunk at a
 * time, polling @cancel. False if cancelled.
 */
static bool fw_feed(void (*update)(void *ctx, const void *p, size_t n),
                    void *ctx, const uint8_t *img, size_t from, size_t to,
                    const int *cancel)
{
    while (from < to) {
        size_t n = to - from;

        if (n > WSE_FW_HASH_CHUNK) {
            n = WSE_FW_HASH_CHUNK;
        }
        if (cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED)) {
            return false;
        }
        update(ctx, img + from, n);
        from += n;
    }
    return true;
}

static void fw_sha_update(void *ctx, const void *p, size_t n)
{
    wse_sha256_update(ctx, p, n);
}

static void fw_mac_update(void *ctx, const void *p, size_t n)
{
    wse_hmac_sha256_update(ctx, p, n);
}

static bool fw_digest(const uint8_t *img, uint32_t size,
                      uint8_t out[WSE_FW_SHA256_LEN], const int *cancel)
{
    struct wse_sha256 c;

    wse_sha256_init(&c);
    if (!fw_feed(fw_sha_update, &c, img, 0, HDR(sha256), cancel)) {
        return false;
    }
    wse_sha256_update(&c, fw_zeros, WSE_FW_SHA256_LEN);
    if (!fw_feed(fw_sha_update, &c, img, WSE_FW_HEADER_SIZE, size, cancel)) {
        return false;
    }
    wse_sha256_final(&c, out);
    return true;
}

static bool fw_mac(const uint8_t *img, uint32_t size, uint32_t mac_offset,
                   const uint8_t *key, size_t keylen,
                   uint8_t out[WSE_FW_SHA256_LEN], const int *cancel)
{
    struct wse_hmac_sha256 c;

    wse_hmac_sha256_init(&c, key, keylen);
    if (!fw_feed(fw_mac_update, &c, img, 0, HDR(sha256), cancel)) {
        return false;
    }
    wse_hmac_sha256_update(&c, fw_zeros, WSE_FW_SHA256_LEN);
    if (!fw_feed(fw_mac_update, &c, img, WSE_FW_HEADER_SIZE, mac_offset,
                 cancel)) {
        return false;
    }
    wse_hmac_sha256_update(&c, fw_zeros, WSE_FW_SHA256_LEN);
    if (!fw_feed(fw_mac_update, &c, img, mac_offset + WSE_FW_SHA256_LEN,
                 size, cancel)) {
        return false;
    }
    wse_hmac_sha256_final(&c, out);
    return true;
}

void wse_fw_compute_digest(const uint8_t *img, uint32_t image_size,
                           uint8_t out[WSE_FW_SHA256_LEN])
{
    fw_digest(img, image_size, out, NULL);
}

void wse_fw_compute_mac(const uint8_t *img, uint32_t image_size,
                        uint32_t mac_offset, const uint8_t *key,
                        size_t keylen, uint8_t out[WSE_FW_SHA256_LEN])
{
    fw_mac(img, image_size, mac_offset, key, keylen, out, NULL);
}

static void fw_hex(const uint8_t *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = 0;
}

uint32_t wse_fw_verify(const uint8_t *img, size_t size,
                       const struct wse_fw_device *dev,
                       struct wse_fw_info *info, char *msg, size_t msglen,
                       const int *cancel)
{
    uint8_t digest[WSE_FW_SHA256_LEN];
    char hex[2 * WSE_FW_SHA256_LEN + 1];
    uint32_t err;

    memset(info, 0, sizeof(*info));
    if (size > WSE_FW_MAX_SIZE) {
        FAIL(WSE_FW_ERR_TOO_LARGE, "%zu bytes is more than the %u a "
             "firmware image may have", size, WSE_FW_MAX_SIZE);
    }
    if (size < WSE_FW_HEADER_SIZE) {
        FAIL(WSE_FW_ERR_TRUNCATED, "%zu bytes cannot hold the %u-byte "
             "image header", size, WSE_FW_HEADER_SIZE);
    }
    err = fw_check_header(img, size, info, msg, msglen);
    if (err) {
        return err;
    }
    err = fw_check_layout(img, info, msg, msglen);
    if (err) {
        return err;
    }
    err = fw_check_abi(dev, info, msg, msglen);
    if (err) {
        return err;
    }

    if (!fw_digest(img, info->image_size, digest, cancel)) {
        FAIL(WSE_FW_ERR_DMA, "check cancelled");
    }
    if (!wse_digest_equal(digest, info->sha256, WSE_FW_SHA256_LEN)) {
        fw_hex(digest, WSE_FW_SHA256_LEN, hex);
        FAIL(WSE_FW_ERR_BAD_HASH, "SHA-256 of the image is %s, the header "
             "says otherwise", hex);
    }

    if (!info->has_signature) {
        FAIL(WSE_FW_ERR_UNSIGNED, "the image has no SIGNATURE section");
    }
    if (info->sig_algo != WSE_FW_SIG_HMAC_SHA256) {
        FAIL(WSE_FW_ERR_BAD_SIGNATURE, "signature algorithm %u is not one "
             "this device checks (HMAC-SHA256 is %u)", info->sig_algo,
             WSE_FW_SIG_HMAC_SHA256);
    }
    if (info->sig_key_id != WSE_FW_SIG_KEY_DEV) {
        FAIL(WSE_FW_ERR_BAD_SIGNATURE, "signed with key %u; the device "
             "holds key %u", info->sig_key_id, WSE_FW_SIG_KEY_DEV);
    }
    if (!fw_mac(img, info->image_size, info->sig_mac_offset, dev->key,
                dev->keylen, digest, cancel)) {
        FAIL(WSE_FW_ERR_DMA, "check cancelled");
    }
    if (!wse_digest_equal(digest, img + info->sig_mac_offset,
                          WSE_FW_SHA256_LEN)) {
        FAIL(WSE_FW_ERR_BAD_SIGNATURE, "the HMAC-SHA256 signature does not "
             "verify with the device's firmware key");
    }
    fw_hex(info->sha256, 8, hex);
    return fw_fail(msg, msglen, WSE_FW_ERR_NONE, "image %s %u.%u.%u (ABI "
                   "%u.%u, %u kernels, sha256 %s...) verified", info->name,
                   info->fw_version >> 16, (info->fw_version >> 8) & 0xff,
                   info->fw_version & 0xff, WSE_FW_ABI_MAJOR_OF(info->fw_abi),
                   WSE_FW_ABI_MINOR_OF(info->fw_abi), info->nkernels, hex);
}

const struct wse_fw_kernel_info *wse_fw_find_kernel(
    const struct wse_fw_info *info, uint32_t id)
{
    uint32_t i;

    for (i = 0; i < info->nkernels; i++) {
        if (info->kernels[i].id == id) {
            return &info->kernels[i];
        }
    }
    return NULL;
}
