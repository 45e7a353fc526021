/* SPDX-License-Identifier: MIT */
/*
 * What the kernel shows about a wse device outside its ioctls: the
 * driver's sysfs attributes, its hwmon sensors, its debugfs views
 * (telemetry, contexts; root only) and the DRM fdinfo of the processes
 * that have it open. Parsers take text, so recorded trees and unit tests
 * exercise the same code as a live system.
 *
 * Roots, for tests and recorded trees: $WSE_SYSFS_ROOT (default /sys),
 * $WSE_DEBUGFS_ROOT (default <sysfs root>/kernel/debug), $WSE_PROC_ROOT
 * (default /proc).
 */
#ifndef WSECTL_DEVDATA_H
#define WSECTL_DEVDATA_H

#include <stdbool.h>
#include <stdint.h>

#define WSECTL_ATTR_LEN		32

/* The PCI device's attributes; empty strings / has_* false when absent. */
struct wsectl_sysattrs {
	char state[WSECTL_ATTR_LEN];		/* ok, recovering, wedged, no-firmware */
	char last_reset[WSECTL_ATTR_LEN];
	char fw_state[WSECTL_ATTR_LEN];
	char fw_error[WSECTL_ATTR_LEN];
	bool has_hangs, has_reset_count;
	uint32_t hangs, reset_count;
};

/* "name: value" lines, as the debugfs telemetry file has them. */
#define WSECTL_MAX_COUNTERS	64
struct wsectl_counters {
	unsigned int n;
	struct {
		char key[40];
		int64_t value;
	} kv[WSECTL_MAX_COUNTERS];
	int error;			/* reading failed: -errno; 0 read */
};

#define WSECTL_MAX_TEMPS	16
struct wsectl_temp {
	unsigned int channel;		/* N of tempN_* */
	char label[WSECTL_ATTR_LEN];
	int64_t input;			/* m degC */
	bool has_max, has_crit;
	int64_t max, crit;
};

struct wsectl_hwmon {
	bool present;
	char name[WSECTL_ATTR_LEN];	/* hwmonN */
	unsigned int nr_temps;
	struct wsectl_temp temps[WSECTL_MAX_TEMPS];
	bool has_power;
	int64_t power_uw;
};

/* One line of debugfs "contexts": a context and its fabric reservation. */
struct wsectl_resv {
	uint32_t id;			/* the driver's context serial */
	int32_t pid;
	uint32_t queue;
	uint32_t x, y, width, height;	/* logical PEs */
	uint32_t sram_offset, sram_bytes;
	uint32_t jobs;
	uint64_t last_seqno;
};

struct wsectl_contexts {
	unsigned int n;
	struct wsectl_resv *v;
	int error;			/* reading failed: -errno */
};

struct wsectl_devdata {
	struct wsectl_sysattrs sys;
	struct wsectl_hwmon hwmon;
	struct wsectl_counters telemetry;
	struct wsectl_contexts contexts;
};

const char *wsectl_proc_root(void);
const char *wsectl_debugfs_root(void);

/* Parse "name: value" lines; unparsable lines are skipped. */
void wsectl_parse_counters(const char *text, struct wsectl_counters *c);
/* The counter @key; false when absent. */
bool wsectl_counter(const struct wsectl_counters *c, const char *key, int64_t *value);
/* Parse the debugfs contexts table (header line first). 0 or -ENOMEM. */
int wsectl_parse_contexts(const char *text, struct wsectl_contexts *c);

/* Read everything about @pci_address; what cannot be read is marked so. */
void wsectl_devdata_read(const char *pci_address, struct wsectl_devdata *d);
void wsectl_devdata_free(struct wsectl_devdata *d);

/* A whole small file into a malloc()ed string; NULL with *@err set. */
char *wsectl_read_file(const char *path, int *err);

/* One DRM client of a wse device: an open file description. */
#define WSECTL_MAX_MEM_KEYS	8
struct wsectl_client {
	int pid;
	char comm[32];
	int fd;				/* the lowest fd that has it */
	unsigned int nfds;		/* how many fds of the process share it */
	char pdev[24];			/* drm-pdev: PCI address */
	uint64_t client_id;
	bool has_engine;
	uint64_t engine_fabric_ns;	/* drm-engine-fabric */
	unsigned int nmem;
	struct {
		char region[24];	/* "total", "resident", ... */
		uint64_t bytes;
	} mem[WSECTL_MAX_MEM_KEYS];
};

/*
 * Parse one fdinfo file. Returns true when it is a wse DRM file
 * (drm-driver: wse), filling @c except pid, comm and fd.
 */
bool wsectl_parse_fdinfo(const char *text, struct wsectl_client *c);

/*
 * Every wse client of every process readable under the proc root, one
 * entry per (pid, client id), ordered by pid then client id; only those
 * of @pdev if it is not NULL. 0 or -errno (the proc root unreadable).
 */
int wsectl_scan_clients(const char *pdev, struct wsectl_client **clients, unsigned int *n);

#endif /* WSECTL_DEVDATA_H */
