// SPDX-License-Identifier: MIT
/*
 * wsectl memcpy: move a file into a rectangle of PEs, read one back, or
 * both at once. Each run creates its own context sized to cover the
 * rectangle; the reservation dies with the process, so the round trip is
 * the one way to check data from the command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "wsectl.h"

enum memcpy_op { OP_H2D, OP_D2H, OP_ROUNDTRIP };

enum {
	OPT_RECT = 0x100,
	OPT_ELEMS,
	OPT_DTYPE,
	OPT_ORDER,
	OPT_OFFSET,
};

struct memcpy_args {
	bool have_rect, have_elems;
	uint32_t x, y, w, h;
	uint32_t elems;
	enum wse_dtype dtype;
	enum wse_order order;
	uint32_t offset;
};

static const struct option memcpy_long[] = {
	{ "rect", required_argument, NULL, OPT_RECT },
	{ "elems", required_argument, NULL, OPT_ELEMS },
	{ "dtype", required_argument, NULL, OPT_DTYPE },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ NULL, 0, NULL, 0 },
};

static bool parse_rect(const char *s, struct memcpy_args *a)
{
	uint64_t v[4];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		if (!wsectl_parse_uint(s, UINT16_MAX, &v[i], &s))
			return false;
		if (*s != (i < 3 ? ',' : '\0'))
			return false;
		s++;
	}
	if (!v[2] || !v[3])
		return false;
	a->x = v[0];
	a->y = v[1];
	a->w = v[2];
	a->h = v[3];
	return true;
}

static int memcpy_option(struct wsectl *ctx, int opt, const char *arg, void *priv)
{
	struct memcpy_args *a = priv;
	uint64_t v;

	switch (opt) {
	case OPT_RECT:
		if (!parse_rect(arg, a)) {
			wsectl_err(ctx, "memcpy: --rect '%s': expected X,Y,W,H (numbers up to "
				   "65535, W and H at least 1)", arg);
			return WSECTL_EXIT_USAGE;
		}
		a->have_rect = true;
		return 0;
	case OPT_ELEMS:
		if (!wsectl_parse_uint(arg, UINT32_MAX, &v, NULL) || !v) {
			wsectl_err(ctx, "memcpy: --elems '%s': expected a number of elements "
				   "per PE, at least 1", arg);
			return WSECTL_EXIT_USAGE;
		}
		a->elems = v;
		a->have_elems = true;
		return 0;
	case OPT_DTYPE:
		if (!strcmp(arg, "16")) {
			a->dtype = WSE_DTYPE_16;
		} else if (!strcmp(arg, "32")) {
			a->dtype = WSE_DTYPE_32;
		} else {
			wsectl_err(ctx, "memcpy: --dtype '%s': expected 16 or 32 (bits)", arg);
			return WSECTL_EXIT_USAGE;
		}
		return 0;
	case OPT_ORDER:
		if (!strcmp(arg, "row")) {
			a->order = WSE_ORDER_ROW_MAJOR;
		} else if (!strcmp(arg, "col")) {
			a->order = WSE_ORDER_COL_MAJOR;
		} else {
			wsectl_err(ctx, "memcpy: --order '%s': expected row or col", arg);
			return WSECTL_EXIT_USAGE;
		}
		return 0;
	case OPT_OFFSET:
		if (!wsectl_parse_uint(arg, UINT32_MAX, &v, NULL)) {
			wsectl_err(ctx, "memcpy: --offset '%s': expected a byte offset", arg);
			return WSECTL_EXIT_USAGE;
		}
		a->offset = v;
		return 0;
	}
	return WSECTL_EXIT_USAGE;
}

static uint32_t esize(const struct memcpy_args *a)
{
	return a->dtype == WSE_DTYPE_16 ? 2 : 4;
}

static uint64_t array_bytes(const struct memcpy_args *a)
{
	return (uint64_t)a->w * a->h * a->elems * esize(a);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Page-aligned, so large transfers can take the zero-copy path. */
static void *alloc_array(uint64_t bytes)
{
	void *p;

	if (bytes > SIZE_MAX || posix_memalign(&p, (size_t)sysconf(_SC_PAGESIZE), bytes))
		return NULL;
	return p;
}

/* Read @path ("-": stdin) into a new array of exactly @want bytes. */
static int read_input(struct wsectl *ctx, const char *path, uint64_t want, void **out)
{
	const char *name = strcmp(path, "-") ? path : "standard input";
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	uint64_t got = 0;
	unsigned char *buf;
	struct stat st;
	ssize_t n;
	char extra;

	if (fd < 0) {
		wsectl_err(ctx, "memcpy: %s: %s", name, strerror(errno));
		return WSECTL_EXIT_FAILURE;
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (uint64_t)st.st_size != want) {
		wsectl_err(ctx, "memcpy: %s has %" PRIu64 " bytes; the array needs exactly %"
			   PRIu64, name, (uint64_t)st.st_size, want);
		goto err_close;
	}
	buf = alloc_array(want);
	if (!buf) {
		wsectl_err(ctx, "memcpy: no memory for a %" PRIu64 "-byte array", want);
		goto err_close;
	}
	while (got < want) {
		n = read(fd, buf + got, want - got > SSIZE_MAX ? SSIZE_MAX : want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			wsectl_err(ctx, "memcpy: reading %s: %s", name, strerror(errno));
			goto err_free;
		}
		if (!n)
			break;
		got += n;
	}
	/* A pipe can hold more than the array: that is a mistake too. */
	while ((n = read(fd, &extra, 1)) < 0 && errno == EINTR)
		;
	if (got != want || n > 0) {
		wsectl_err(ctx, "memcpy: %s has %s%" PRIu64 " bytes; the array needs exactly %"
			   PRIu64, name, n > 0 ? "more than " : "", got, want);
		goto err_free;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*out = buf;
	return 0;

err_free:
	free(buf);
err_close:
	if (fd != STDIN_FILENO)
		close(fd);
	return WSECTL_EXIT_FAILURE;
}

static int write_output(struct wsectl *ctx, const char *path, const void *data, uint64_t len)
{
	const char *name = strcmp(path, "-") ? path : "standard output";
	int fd = strcmp(path, "-") ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666) :
				     STDOUT_FILENO;
	const unsigned char *p = data;
	ssize_t n;

	if (fd < 0) {
		wsectl_err(ctx, "memcpy: %s: %s", name, strerror(errno));
		return WSECTL_EXIT_FAILURE;
	}
	while (len) {
		n = write(fd, p, len > SSIZE_MAX ? SSIZE_MAX : len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			wsectl_err(ctx, "memcpy: writing %s: %s", name, strerror(errno));
			break;
		}
		p += n;
		len -= n;
	}
	if (fd != STDOUT_FILENO && close(fd) && !len) {
		wsectl_err(ctx, "memcpy: writing %s: %s", name, strerror(errno));
		return WSECTL_EXIT_FAILURE;
	}
	return len ? WSECTL_EXIT_FAILURE : WSECTL_EXIT_OK;
}

/* Explain why the context could not be had, with the device's limits. */
static void ctx_error(struct wsectl *ctx, struct wse_device *dev, const struct memcpy_args *a,
		      uint32_t cw, uint32_t ch, uint64_t sram, int err)
{
	struct drm_wse_device_info info;
	char bytes[32];

	if (err == -ENOSPC) {
		wsectl_err(ctx, "memcpy: no free %ux%u-PE placement with %" PRIu64 " bytes per PE "
			   "on the device now (other contexts hold fabric memory)", cw, ch, sram);
		return;
	}
	if (err == -EINVAL && !wse_device_get_info(dev, &info, NULL)) {
		wsectl_format_bytes(info.pe_sram_bytes, bytes, sizeof(bytes));
		if (cw > info.log_width || ch > info.log_height)
			wsectl_err(ctx, "memcpy: the rectangle needs a %ux%u-PE context; the "
				   "device's grid is %ux%u", cw, ch, info.log_width,
				   info.log_height);
		else
			wsectl_err(ctx, "memcpy: %u elements of %u bytes from byte %u need %"
				   PRIu64 " bytes of each PE's SRAM; a PE has %s", a->elems,
				   esize(a), a->offset, sram, bytes);
		return;
	}
	wsectl_err(ctx, "memcpy: creating a context: %s", wse_strerror(err));
}

/* Where the arrays differ, in the wafer's terms. */
static void report_mismatch(struct wsectl *ctx, const struct memcpy_args *a,
			    const unsigned char *in, const unsigned char *out, uint64_t len)
{
	uint64_t i, elem, px, py, l;

	for (i = 0; i < len && in[i] == out[i]; i++)
		;
	elem = i / esize(a);
	if (a->order == WSE_ORDER_ROW_MAJOR) {
		l = elem % a->elems;
		px = elem / a->elems % a->w;
		py = elem / a->elems / a->w;
	} else {
		px = elem % a->w;
		py = elem / a->w % a->h;
		l = elem / a->w / a->h;
	}
	wsectl_err(ctx, "memcpy: roundtrip: data differs from byte %" PRIu64 " on (PE (%" PRIu64
		   ",%" PRIu64 "), element %" PRIu64 "): wrote 0x%02x, read 0x%02x", i,
		   a->x + px, a->y + py, l, in[i], out[i]);
}

static void print_rate(FILE *out, const char *what, uint64_t bytes, uint64_t ns)
{
	char size[32];
	double s = ns / 1e9;

	wsectl_format_bytes(bytes, size, sizeof(size));
	fprintf(out, "  %-5s %s in %.3f ms, %.1f MiB/s\n", what, size, ns / 1e6,
		s > 0 ? bytes / s / (1 << 20) : 0.0);
}

static void print_json(struct wsectl *ctx, const char *op, const struct memcpy_args *a,
		       const struct wse_ctx_info *ci, uint64_t bytes, uint64_t h2d_ns,
		       uint64_t d2h_ns, int identical, int *status)
{
	struct json_writer w;

	json_init(&w, ctx->out, true);
	json_begin_object(&w, NULL);
	json_string(&w, "operation", op);
	json_uint(&w, "bytes", bytes);
	json_begin_object(&w, "rect");
	json_uint(&w, "x", a->x);
	json_uint(&w, "y", a->y);
	json_uint(&w, "width", a->w);
	json_uint(&w, "height", a->h);
	json_end_object(&w);
	json_uint(&w, "elems_per_pe", a->elems);
	json_uint(&w, "dtype", a->dtype);
	json_string(&w, "order", a->order == WSE_ORDER_COL_MAJOR ? "col" : "row");
	json_uint(&w, "pe_offset", a->offset);
	json_begin_object(&w, "context");
	json_uint(&w, "x", ci->x);
	json_uint(&w, "y", ci->y);
	json_uint(&w, "width", ci->width);
	json_uint(&w, "height", ci->height);
	json_uint(&w, "sram_offset", ci->sram_offset);
	json_uint(&w, "sram_bytes", ci->sram_bytes);
	json_end_object(&w);
	if (h2d_ns)
		json_uint(&w, "h2d_ns", h2d_ns);
	if (d2h_ns)
		json_uint(&w, "d2h_ns", d2h_ns);
	if (identical >= 0)
		json_bool(&w, "identical", identical);
	json_end_object(&w);
	if (json_finish(&w))
		*status = WSECTL_EXIT_FAILURE;
}

static int do_memcpy(struct wsectl *ctx, enum memcpy_op op, const char *path,
		     const struct memcpy_args *a)
{
	static const char *const op_names[] = { "h2d", "d2h", "roundtrip" };
	uint64_t bytes = array_bytes(a), sram, t0, h2d_ns = 0, d2h_ns = 0;
	uint32_t cw = a->x + a->w, ch = a->y + a->h;
	void *in = NULL, *out = NULL;
	int ret, status, identical = -1;
	FILE *report = ctx->out;
	struct wse_ctx_info ci;
	struct wse_device *dev;
	struct wse_ctx *wctx;
	char size[32];

	sram = (uint64_t)a->offset + (uint64_t)a->elems * esize(a);
	if (cw > UINT16_MAX || ch > UINT16_MAX || sram > UINT32_MAX) {
		wsectl_err(ctx, "memcpy: the rectangle and elements reach beyond what a context "
			   "can name (65535 PEs a side, 4 GiB a PE)");
		return WSECTL_EXIT_USAGE;
	}
	if (op != OP_D2H) {
		status = read_input(ctx, path, bytes, &in);
		if (status)
			return status;
	}
	if (op != OP_H2D) {
		out = alloc_array(bytes);
		if (!out) {
			wsectl_err(ctx, "memcpy: no memory for a %" PRIu64 "-byte array", bytes);
			free(in);
			return WSECTL_EXIT_FAILURE;
		}
	}
	/* The data owns stdout when it goes there. */
	if (op == OP_D2H && !strcmp(path, "-"))
		report = ctx->err;

	status = wsectl_open_device(ctx, &dev);
	if (status)
		goto out_free;
	ret = wse_ctx_create(dev, cw, ch, sram, &wctx);
	if (ret) {
		ctx_error(ctx, dev, a, cw, ch, sram, ret);
		status = WSECTL_EXIT_FAILURE;
		goto out_close;
	}
	wse_ctx_get_info(wctx, &ci);

	if (in) {
		t0 = now_ns();
		ret = wse_memcpy_h2d(wctx, in, a->x, a->y, a->w, a->h, a->elems, a->offset,
				     a->dtype, a->order, 0, NULL);
		h2d_ns = now_ns() - t0;
		if (ret) {
			wsectl_err(ctx, "memcpy: h2d: %s", wse_strerror(ret));
			status = WSECTL_EXIT_FAILURE;
			goto out_ctx;
		}
	}
	if (out) {
		t0 = now_ns();
		ret = wse_memcpy_d2h(wctx, out, a->x, a->y, a->w, a->h, a->elems, a->offset,
				     a->dtype, a->order, 0, NULL);
		d2h_ns = now_ns() - t0;
		if (ret) {
			wsectl_err(ctx, "memcpy: d2h: %s", wse_strerror(ret));
			status = WSECTL_EXIT_FAILURE;
			goto out_ctx;
		}
	}
	if (op == OP_D2H) {
		status = write_output(ctx, path, out, bytes);
		if (status)
			goto out_ctx;
	}
	if (op == OP_ROUNDTRIP) {
		identical = !memcmp(in, out, bytes);
		if (!identical) {
			report_mismatch(ctx, a, in, out, bytes);
			status = WSECTL_EXIT_FAILURE;
		}
	}

	if (ctx->json) {
		print_json(ctx, op_names[op], a, &ci, bytes, h2d_ns, d2h_ns, identical, &status);
		goto out_ctx;
	}
	wsectl_format_bytes(bytes, size, sizeof(size));
	fprintf(report, "%s: %s, PEs (%u,%u)+%ux%u of the context, %u x %u-bit per PE from "
		"byte %u, %s-major%s\n", op_names[op], size, a->x, a->y, a->w, a->h, a->elems,
		a->dtype, a->offset, a->order == WSE_ORDER_COL_MAJOR ? "column" : "row",
		identical > 0 ? ": read back identical" : "");
	fprintf(report, "  context: PEs (%u,%u)+%ux%u of the wafer, SRAM bytes %u..%" PRIu64
		" of each\n", ci.x, ci.y, ci.width, ci.height, ci.sram_offset,
		(uint64_t)ci.sram_offset + ci.sram_bytes - 1);
	if (h2d_ns)
		print_rate(report, "h2d", bytes, h2d_ns);
	if (d2h_ns)
		print_rate(report, "d2h", bytes, d2h_ns);
	if (h2d_ns && d2h_ns)
		print_rate(report, "total", 2 * bytes, h2d_ns + d2h_ns);

out_ctx:
	wse_ctx_destroy(wctx);
out_close:
	wse_device_close(dev);
out_free:
	free(in);
	free(out);
	return status;
}

static int memcpy_run(struct wsectl *ctx, int argc, char **argv)
{
	struct memcpy_args a = { .dtype = WSE_DTYPE_32, .order = WSE_ORDER_ROW_MAJOR };
	const struct wsectl_options opts = {
		.longopts = memcpy_long,
		.handle = memcpy_option,
		.priv = &a,
	};
	enum memcpy_op op;
	int first, status = WSECTL_EXIT_OK;

	first = wsectl_parse_options(ctx, &wsectl_cmd_memcpy, &opts, argc, argv, &status);
	if (first < 0)
		return status;
	if (argc - first != 2) {
		wsectl_err(ctx, "memcpy: expected a direction (h2d, d2h or roundtrip) and a "
			   "FILE; see 'wsectl memcpy --help'");
		return WSECTL_EXIT_USAGE;
	}
	if (!strcmp(argv[first], "h2d")) {
		op = OP_H2D;
	} else if (!strcmp(argv[first], "d2h")) {
		op = OP_D2H;
	} else if (!strcmp(argv[first], "roundtrip")) {
		op = OP_ROUNDTRIP;
	} else {
		wsectl_err(ctx, "memcpy: unknown direction '%s': expected h2d, d2h or roundtrip",
			   argv[first]);
		return WSECTL_EXIT_USAGE;
	}
	if (!a.have_rect || !a.have_elems) {
		wsectl_err(ctx, "memcpy: --rect X,Y,W,H and --elems L are required");
		return WSECTL_EXIT_USAGE;
	}
	if (a.offset % esize(&a)) {
		wsectl_err(ctx, "memcpy: --offset %u is not a multiple of the %u-byte element",
			   a.offset, esize(&a));
		return WSECTL_EXIT_USAGE;
	}
	if (op == OP_D2H && ctx->json && !strcmp(argv[first + 1], "-")) {
		wsectl_err(ctx, "memcpy: --json and d2h to standard output would share it; "
			   "give a FILE");
		return WSECTL_EXIT_USAGE;
	}
	return do_memcpy(ctx, op, argv[first + 1], &a);
}

const struct wsectl_command wsectl_cmd_memcpy = {
	.name = "memcpy",
	.summary = "Copy a file to a rectangle of PEs, back, or both (roundtrip)",
	.usage = "h2d|d2h|roundtrip FILE --rect X,Y,W,H --elems L\n"
		 "       [--dtype 16|32] [--order row|col] [--offset BYTES]",
	.options_help =
		"  --rect X,Y,W,H    the rectangle of PEs, relative to the context (below)\n"
		"  --elems L         elements per PE\n"
		"  --dtype 16|32     element size in bits (default 32)\n"
		"  --order row|col   host layout: row = [H][W][L], each PE's elements\n"
		"                    together; col = [L][H][W], one plane per element\n"
		"                    (default row)\n"
		"  --offset BYTES    where the elements start in each PE's reserved SRAM,\n"
		"                    a multiple of the element size (default 0)\n",
	.notes =
		"h2d reads FILE ('-': standard input), which must hold exactly W*H*L elements;\n"
		"d2h writes them to FILE ('-': standard output; the report then goes to\n"
		"standard error); roundtrip does h2d then d2h in one run, compares, and fails\n"
		"if the data differs.\n\n"
		"Each run creates a context sized to cover the rectangle: (X+W) x (Y+H) PEs\n"
		"with OFFSET + L*size bytes of SRAM each. The driver places it anywhere free\n"
		"on the wafer; X, Y and OFFSET are relative to that reservation, not wafer\n"
		"coordinates (the report shows where it landed). The reservation is freed when\n"
		"wsectl exits, so a later d2h reads a new reservation, not what an earlier\n"
		"h2d wrote: use roundtrip to check data.\n",
	.run = memcpy_run,
};
