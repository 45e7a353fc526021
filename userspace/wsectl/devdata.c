// SPDX-License-Identifier: MIT
/*
 * Reading and parsing what the kernel shows about a device outside its
 * ioctls; see devdata.h.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devdata.h"
#include "wse.h"

#define PATH_LEN	512

/* Copy @src into @dst of @len bytes, cut short if need be. */
static void copy_str(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * snprintf() for paths. A path too long for the buffer is cut short and
 * then simply not found; that is the right outcome for a name this odd.
 */
static void __attribute__((format(printf, 3, 4)))
fmt_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

const char *wsectl_proc_root(void)
{
	const char *root = getenv("WSE_PROC_ROOT");

	return root && *root ? root : "/proc";
}

const char *wsectl_debugfs_root(void)
{
	static char buf[PATH_LEN];
	const char *root = getenv("WSE_DEBUGFS_ROOT");

	if (root && *root)
		return root;
	snprintf(buf, sizeof(buf), "%s/kernel/debug", wse_sysfs_root());
	return buf;
}

/* Files here are small (proc, sysfs, debugfs): read until EOF. */
char *wsectl_read_file(const char *path, int *err)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *grown;
	ssize_t n;
	int fd;

	if (!buf) {
		*err = -ENOMEM;
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = -errno;
		free(buf);
		return NULL;
	}
	for (;;) {
		if (cap - len < 2) {
			grown = realloc(buf, cap * 2);
			if (!grown) {
				*err = -ENOMEM;
				goto fail;
			}
			buf = grown;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = -errno;
			goto fail;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

static bool parse_i64(const char *s, int64_t *v)
{
	char *end;
	long long x;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || end == s)
		return false;
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end)
		return false;
	*v = x;
	return true;
}

void wsectl_parse_counters(const char *text, struct wsectl_counters *c)
{
	const char *line = text;

	c->n = 0;
	while (line && *line && c->n < WSECTL_MAX_COUNTERS) {
		const char *nl = strchr(line, '\n'), *colon = strchr(line, ':');
		size_t klen;
		char val[32];
		int64_t v;

		if (colon && (!nl || colon < nl)) {
			size_t vlen = (nl ? (size_t)(nl - colon) : strlen(colon)) - 1;

			klen = (size_t)(colon - line);
			if (klen && klen < sizeof(c->kv[0].key) && vlen < sizeof(val)) {
				memcpy(val, colon + 1, vlen);
				val[vlen] = '\0';
				if (parse_i64(val, &v)) {
					memcpy(c->kv[c->n].key, line, klen);
					c->kv[c->n].key[klen] = '\0';
					c->kv[c->n].value = v;
					c->n++;
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
}

bool wsectl_counter(const struct wsectl_counters *c, const char *key, int64_t *value)
{
	unsigned int i;

	if (c->error)
		return false;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->kv[i].key, key)) {
			*value = c->kv[i].value;
			return true;
		}
	return false;
}

int wsectl_parse_contexts(const char *text, struct wsectl_contexts *c)
{
	const char *line = strchr(text, '\n');	/* skip the header */
	struct wsectl_resv r, *grown;

	c->n = 0;
	c->v = NULL;
	while (line && *++line) {
		unsigned long long seq;
		int got;

		got = sscanf(line, "%" SCNu32 " %" SCNd32 " %" SCNu32 " %" SCNu32 " %" SCNu32
			     " %" SCNu32 " %" SCNu32 " %" SCNu32 " %" SCNu32 " %" SCNu32 " %llu",
			     &r.id, &r.pid, &r.queue, &r.x, &r.y, &r.width, &r.height,
			     &r.sram_offset, &r.sram_bytes, &r.jobs, &seq);
		line = strchr(line, '\n');
		if (got != 11)
			continue;
		r.last_seqno = seq;
		grown = realloc(c->v, (c->n + 1) * sizeof(*grown));
		if (!grown) {
			free(c->v);
			c->v = NULL;
			c->n = 0;
			return -ENOMEM;
		}
		c->v = grown;
		c->v[c->n++] = r;
	}
	return 0;
}

static void read_attrs(const char *pci, struct wsectl_sysattrs *s)
{
	static const struct {
		const char *name;
		size_t off;
	} strs[] = {
		{ "state", offsetof(struct wsectl_sysattrs, state) },
		{ "last_reset", offsetof(struct wsectl_sysattrs, last_reset) },
		{ "fw_state", offsetof(struct wsectl_sysattrs, fw_state) },
		{ "fw_error", offsetof(struct wsectl_sysattrs, fw_error) },
	};
	char buf[WSECTL_ATTR_LEN];
	unsigned int i;
	int64_t v;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (wse_pci_attr_read(pci, strs[i].name, buf, sizeof(buf)))
			((char *)s + strs[i].off)[0] = '\0';
		else
			snprintf((char *)s + strs[i].off, WSECTL_ATTR_LEN, "%s", buf);
	if (!wse_pci_attr_read(pci, "hangs", buf, sizeof(buf)) && parse_i64(buf, &v) && v >= 0) {
		s->has_hangs = true;
		s->hangs = (uint32_t)v;
	}
	if (!wse_pci_attr_read(pci, "reset_count", buf, sizeof(buf)) && parse_i64(buf, &v) &&
	    v >= 0) {
		s->has_reset_count = true;
		s->reset_count = (uint32_t)v;
	}
}

/* A value file of the hwmon directory @dir; false if absent or not a number. */
static bool hwmon_value(const char *dir, const char *file, int64_t *v)
{
	char path[PATH_LEN];
	char *text;
	bool ok;
	int err;

	fmt_path(path, sizeof(path), "%s/%s", dir, file);
	text = wsectl_read_file(path, &err);
	if (!text)
		return false;
	ok = parse_i64(text, v);
	free(text);
	return ok;
}

static void read_hwmon(const char *pci, struct wsectl_hwmon *h)
{
	char base[PATH_LEN], dir[PATH_LEN], file[64];
	struct dirent *de;
	DIR *d;
	unsigned int ch;

	memset(h, 0, sizeof(*h));
	fmt_path(base, sizeof(base), "%s/bus/pci/devices/%s/hwmon", wse_sysfs_root(), pci);
	d = opendir(base);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strncmp(de->d_name, "hwmon", 5) && isdigit((unsigned char)de->d_name[5]) &&
		    strlen(de->d_name) < sizeof(h->name)) {
			strcpy(h->name, de->d_name);
			h->present = true;
			break;
		}
	}
	closedir(d);
	if (!h->present)
		return;
	fmt_path(dir, sizeof(dir), "%s/%s", base, h->name);
	for (ch = 1; ch <= 64 && h->nr_temps < WSECTL_MAX_TEMPS; ch++) {
		struct wsectl_temp *t = &h->temps[h->nr_temps];
		char path[PATH_LEN], *label;
		int err;

		snprintf(file, sizeof(file), "temp%u_input", ch);
		if (!hwmon_value(dir, file, &t->input))
			continue;
		t->channel = ch;
		snprintf(file, sizeof(file), "temp%u_max", ch);
		t->has_max = hwmon_value(dir, file, &t->max);
		snprintf(file, sizeof(file), "temp%u_crit", ch);
		t->has_crit = hwmon_value(dir, file, &t->crit);
		fmt_path(path, sizeof(path), "%s/temp%u_label", dir, ch);
		label = wsectl_read_file(path, &err);
		if (label) {
			label[strcspn(label, "\n")] = '\0';
			copy_str(t->label, sizeof(t->label), label);
			free(label);
		} else {
			snprintf(t->label, sizeof(t->label), "temp%u", ch);
		}
		h->nr_temps++;
	}
	h->has_power = hwmon_value(dir, "power1_input", &h->power_uw);
}

void wsectl_devdata_read(const char *pci, struct wsectl_devdata *d)
{
	char path[PATH_LEN];
	char *text;
	int err = 0;

	memset(d, 0, sizeof(*d));
	read_attrs(pci, &d->sys);
	read_hwmon(pci, &d->hwmon);

	/*
	 * A wedged device reads as all-ones, and the driver's telemetry file
	 * then walks 2^32 - 1 "sensors" without end: do not ask.
	 */
	if (!strcmp(d->sys.state, "wedged")) {
		d->telemetry.error = -EIO;
		text = NULL;
	} else {
		fmt_path(path, sizeof(path), "%s/wse/%s/telemetry", wsectl_debugfs_root(), pci);
		text = wsectl_read_file(path, &err);
	}
	if (text) {
		wsectl_parse_counters(text, &d->telemetry);
		free(text);
	} else if (!d->telemetry.error) {
		d->telemetry.error = err;
	}
	fmt_path(path, sizeof(path), "%s/wse/%s/contexts", wsectl_debugfs_root(), pci);
	text = wsectl_read_file(path, &err);
	if (text) {
		d->contexts.error = wsectl_parse_contexts(text, &d->contexts);
		free(text);
	} else {
		d->contexts.error = err;
	}
}

void wsectl_devdata_free(struct wsectl_devdata *d)
{
	free(d->contexts.v);
	d->contexts.v = NULL;
	d->contexts.n = 0;
}

/* "12 KiB" -> bytes; false if it does not parse. */
static bool parse_size(const char *s, uint64_t *bytes)
{
	static const struct {
		const char *unit;
		unsigned int shift;
	} units[] = { { "", 0 }, { "B", 0 }, { "KiB", 10 }, { "MiB", 20 }, { "GiB", 30 } };
	unsigned long long v;
	char unit[8] = "";
	unsigned int i;
	int got;

	got = sscanf(s, "%llu %7s", &v, unit);
	if (got < 1)
		return false;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit, units[i].unit)) {
			*bytes = (uint64_t)v << units[i].shift;
			return true;
		}
	return false;
}

bool wsectl_parse_fdinfo(const char *text, struct wsectl_client *c)
{
	const char *line = text;
	bool wse = false;

	memset(c, 0, sizeof(*c));
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		char key[64], val[64];
		size_t klen, vlen;
		const char *colon = strchr(line, ':');

		if (!colon || (nl && colon > nl))
			goto next;
		klen = (size_t)(colon - line);
		vlen = nl ? (size_t)(nl - colon - 1) : strlen(colon + 1);
		if (klen >= sizeof(key) || vlen >= sizeof(val))
			goto next;
		memcpy(key, line, klen);
		key[klen] = '\0';
		memcpy(val, colon + 1, vlen);
		val[vlen] = '\0';
		{
			char *v = val;
			size_t kl = strlen(key);

			while (*v == ' ' || *v == '\t')
				v++;
			if (!strcmp(key, "drm-driver")) {
				wse = !strcmp(v, "wse");
			} else if (!strcmp(key, "drm-pdev")) {
				copy_str(c->pdev, sizeof(c->pdev), v);
			} else if (!strcmp(key, "drm-client-id")) {
				c->client_id = strtoull(v, NULL, 10);
			} else if (!strcmp(key, "drm-engine-fabric")) {
				unsigned long long ns;

				if (sscanf(v, "%llu", &ns) == 1) {
					c->has_engine = true;
					c->engine_fabric_ns = ns;
				}
			} else if (c->nmem < WSECTL_MAX_MEM_KEYS && kl > 11 &&
				   ((!strncmp(key, "drm-", 4) &&
				     !strcmp(key + kl - 7, "-memory")) ||
				    !strncmp(key, "drm-memory-", 11))) {
				/* drm-total-memory (6.x) or drm-memory-<region> (older) */
				char region[24];
				uint64_t bytes;

				if (!strncmp(key, "drm-memory-", 11))
					copy_str(region, sizeof(region), key + 11);
				else
					snprintf(region, sizeof(region), "%.*s", (int)(kl - 11),
						 key + 4);
				if (parse_size(v, &bytes)) {
					snprintf(c->mem[c->nmem].region,
						 sizeof(c->mem[c->nmem].region), "%s", region);
					c->mem[c->nmem].bytes = bytes;
					c->nmem++;
				}
			}
		}
next:
		line = nl ? nl + 1 : NULL;
	}
	return wse;
}

static int client_cmp(const void *a, const void *b)
{
	const struct wsectl_client *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->client_id != y->client_id)
		return x->client_id < y->client_id ? -1 : 1;
	return x->fd - y->fd;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Add the wse files of process @pid; processes may vanish meanwhile. */
static int scan_process(const char *pid, const char *pdev, struct wsectl_client **v,
			unsigned int *n)
{
	char path[PATH_LEN], comm[32] = "";
	struct dirent *de;
	char *text;
	DIR *d;
	int err;

	fmt_path(path, sizeof(path), "%s/%s/fdinfo", wsectl_proc_root(), pid);
	d = opendir(path);
	if (!d)
		return 0;	/* gone, or not ours to read */
	fmt_path(path, sizeof(path), "%s/%s/comm", wsectl_proc_root(), pid);
	text = wsectl_read_file(path, &err);
	if (text) {
		text[strcspn(text, "\n")] = '\0';
		copy_str(comm, sizeof(comm), text);
		free(text);
	}
	while ((de = readdir(d))) {
		struct wsectl_client c, *grown;
		unsigned int i;
		bool wse;

		if (!all_digits(de->d_name))
			continue;
		fmt_path(path, sizeof(path), "%s/%s/fdinfo/%s", wsectl_proc_root(), pid,
			 de->d_name);
		text = wsectl_read_file(path, &err);
		if (!text)
			continue;
		wse = wsectl_parse_fdinfo(text, &c);
		free(text);
		if (!wse || (pdev && strcmp(pdev, c.pdev)))
			continue;
		c.pid = atoi(pid);
		c.fd = atoi(de->d_name);
		c.nfds = 1;
		copy_str(c.comm, sizeof(c.comm), comm);
		/* A dup()ed fd is the same client: count it once. */
		for (i = 0; i < *n; i++)
			if ((*v)[i].pid == c.pid && (*v)[i].client_id == c.client_id &&
			    !strcmp((*v)[i].pdev, c.pdev))
				break;
		if (i < *n) {
			(*v)[i].nfds++;
			if (c.fd < (*v)[i].fd)
				(*v)[i].fd = c.fd;
			continue;
		}
		grown = realloc(*v, (*n + 1) * sizeof(**v));
		if (!grown) {
			closedir(d);
			return -ENOMEM;
		}
		*v = grown;
		(*v)[(*n)++] = c;
	}
	closedir(d);
	return 0;
}

int wsectl_scan_clients(const char *pdev, struct wsectl_client **clients, unsigned int *n)
{
	struct wsectl_client *v = NULL;
	unsigned int count = 0;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	d = opendir(wsectl_proc_root());
	if (!d)
		return -errno;
	while (!ret && (de = readdir(d)))
		if (all_digits(de->d_name))
			ret = scan_process(de->d_name, pdev, &v, &count);
	closedir(d);
	if (ret) {
		free(v);
		return ret;
	}
	if (count)
		qsort(v, count, sizeof(*v), client_cmp);
	*clients = v;
	*n = count;
	return 0;
}
