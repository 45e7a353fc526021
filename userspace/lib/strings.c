// SPDX-License-Identifier: MIT
/*
 * Numbers to text: errors, command status, firmware state, version words
 * and flag words. Kept in the library so every tool says the same thing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wse_internal.h"
#include "wse_hw.h"

#define STR(x)		#x
#define XSTR(x)		STR(x)

const char *wse_lib_version(void)
{
	return XSTR(WSE_LIB_VERSION_MAJOR) "." XSTR(WSE_LIB_VERSION_MINOR) "."
	       XSTR(WSE_LIB_VERSION_PATCH);
}

const char *wse_strerror(int err)
{
	if (err < 0)
		err = -err;
	/* Errnos that mean something more specific coming from libwse. */
	switch (err) {
	case ENODEV:
		return "No such wse device";
	case ENOTTY:
		return "Not a DRM device, or ioctl not supported by the driver";
	case EPROTO:
		return "Driver ABI version not supported by this libwse";
	case ETIME:
		return "Timed out waiting for the job";
	case ECANCELED:
		return "Job aborted (device reset, hang or unplug)";
	case E2BIG:
		return "Too many commands, buffers or syncobjs for one submit, "
		       "or firmware image too large";
	case ENOEXEC:
		return "No firmware running on the device";
	default:
		return strerror(err);
	}
}

const char *wse_cmd_status_str(uint32_t status)
{
	static const char *const names[] = {
		[WSE_STS_SUCCESS] = "success",
		[WSE_STS_INVALID_OPCODE] = "invalid opcode",
		[WSE_STS_INVALID_FIELD] = "invalid field in command",
		[WSE_STS_FABRIC_RANGE] = "fabric rectangle or offset out of range",
		[WSE_STS_HOST_DMA] = "host memory access failed",
		[WSE_STS_SGL_INVALID] = "invalid scatter-gather list",
		[WSE_STS_KERNEL_UNKNOWN] = "kernel not in firmware table",
		[WSE_STS_KERNEL_ARGS] = "kernel arguments do not match its signature",
		[WSE_STS_KERNEL_FAULT] = "kernel faulted",
		[WSE_STS_ABORTED] = "aborted (queue disabled or device reset)",
		[WSE_STS_NO_FIRMWARE] = "firmware not ready",
		[WSE_STS_INTERNAL] = "internal device error",
	};

	if (status < ARRAY_SIZE(names) && names[status])
		return names[status];
	return "unknown status";
}

const char *wse_fw_state_name(uint32_t fw_state)
{
	static const char *const names[] = {
		[DRM_WSE_FW_STATE_WAIT] = "wait",
		[DRM_WSE_FW_STATE_LOADING] = "loading",
		[DRM_WSE_FW_STATE_READY] = "ready",
		[DRM_WSE_FW_STATE_FAILED] = "failed",
		[DRM_WSE_FW_STATE_CRASHED] = "crashed",
	};

	if (fw_state < ARRAY_SIZE(names) && names[fw_state])
		return names[fw_state];
	return "unknown";
}

const char *wse_fw_error_name(uint32_t fw_error)
{
	static const char *const names[] = {
		[WSE_FW_ERR_NONE] = "none",
		[WSE_FW_ERR_DMA] = "dma",
		[WSE_FW_ERR_TOO_LARGE] = "too_large",
		[WSE_FW_ERR_BAD_MAGIC] = "bad_magic",
		[WSE_FW_ERR_BAD_FORMAT] = "bad_format",
		[WSE_FW_ERR_BAD_ABI] = "bad_abi",
		[WSE_FW_ERR_BAD_HASH] = "bad_hash",
		[WSE_FW_ERR_TRUNCATED] = "truncated",
		[WSE_FW_ERR_UNSIGNED] = "unsigned",
		[WSE_FW_ERR_BAD_SIGNATURE] = "bad_signature",
	};

	if (fw_error < ARRAY_SIZE(names) && names[fw_error])
		return names[fw_error];
	return "unknown";
}

const char *wse_fw_error_str(uint32_t fw_error)
{
	static const char *const text[] = {
		[WSE_FW_ERR_NONE] = "no error",
		[WSE_FW_ERR_DMA] = "the device could not read the image from host memory",
		[WSE_FW_ERR_TOO_LARGE] = "the image is larger than the device accepts",
		[WSE_FW_ERR_BAD_MAGIC] = "not a firmware image (bad magic)",
		[WSE_FW_ERR_BAD_FORMAT] = "malformed image (format version or layout)",
		[WSE_FW_ERR_BAD_ABI] = "the image is for an ABI or hardware this device "
				       "cannot run",
		[WSE_FW_ERR_BAD_HASH] = "the image is corrupt (SHA-256 digest mismatch)",
		[WSE_FW_ERR_TRUNCATED] = "the image is truncated",
		[WSE_FW_ERR_UNSIGNED] = "the image is not signed",
		[WSE_FW_ERR_BAD_SIGNATURE] = "the image's signature does not verify "
					     "with the device's key",
	};

	if (fw_error < ARRAY_SIZE(text) && text[fw_error])
		return text[fw_error];
	return "unknown firmware error";
}

/* snprintf into @buf with the library's 0 / -ENOSPC convention. */
static int format(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int format(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!buf || !len)
		return -EINVAL;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	return (size_t)n < len ? 0 : -ENOSPC;
}

int wse_fw_version_format(uint32_t v, char *buf, size_t len)
{
	return format(buf, len, "%u.%u.%u", WSE_FW_VERSION_MAJOR(v),
		      WSE_FW_VERSION_MINOR(v), WSE_FW_VERSION_PATCH(v));
}

int wse_abi_version_format(uint32_t v, char *buf, size_t len)
{
	return format(buf, len, "%u.%u", WSE_ABI_VERSION_MAJOR(v),
		      WSE_ABI_VERSION_MINOR(v));
}

const char *wse_status_bit_name(unsigned int bit)
{
	switch (bit < 32 ? 1u << bit : 0) {
	case WSE_STATUS_FW_READY:
		return "fw-ready";
	case WSE_STATUS_FATAL:
		return "fatal";
	case WSE_STATUS_RESETTING:
		return "resetting";
	case WSE_STATUS_QUEUES_ACTIVE:
		return "queues-active";
	default:
		return NULL;
	}
}

const char *wse_cap_bit_name(unsigned int bit)
{
	switch (bit < 32 ? 1u << bit : 0) {
	case WSE_CAP_DEFECT_REMAP:
		return "defect-remap";
	case WSE_CAP_APERTURE:
		return "aperture";
	case WSE_CAP_FW_REQUIRED:
		return "fw-required";
	case WSE_CAP_FAULT_INJECT:
		return "fault-inject";
	default:
		return NULL;
	}
}

static int format_bits(uint32_t word, const char *(*name)(unsigned int),
		       char *buf, size_t len)
{
	size_t used = 0;
	unsigned int bit;
	int ret;

	if (!buf || !len)
		return -EINVAL;
	if (!word)
		return format(buf, len, "none");
	buf[0] = '\0';
	for (bit = 0; bit < 32; bit++) {
		const char *n;

		if (!(word & (1u << bit)))
			continue;
		n = name(bit);
		ret = n ? format(buf + used, len - used, "%s%s", used ? " " : "", n) :
			  format(buf + used, len - used, "%sbit%u", used ? " " : "", bit);
		if (ret)
			return ret;
		used += strlen(buf + used);
	}
	return 0;
}

int wse_status_format(uint32_t status, char *buf, size_t len)
{
	return format_bits(status, wse_status_bit_name, buf, len);
}

int wse_caps_format(uint32_t caps, char *buf, size_t len)
{
	return format_bits(caps, wse_cap_bit_name, buf, len);
}
