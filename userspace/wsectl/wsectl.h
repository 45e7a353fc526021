/* SPDX-License-Identifier: MIT */
/*
 * Shared state and helpers of the wsectl subcommands. A subcommand is one
 * struct wsectl_command in its own cmd_*.c, listed in main.c's table.
 */
#ifndef WSECTL_H
#define WSECTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "wse.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Exit status, documented in `wsectl --help`. */
enum {
	WSECTL_EXIT_OK = 0,
	WSECTL_EXIT_FAILURE = 1,	/* the operation failed */
	WSECTL_EXIT_NO_DEVICE = 2,	/* none found, or none matches -d */
	WSECTL_EXIT_USAGE = 64,		/* as sysexits.h EX_USAGE */
};

struct wsectl {
	const char *device;	/* -d selector; NULL means device 0 */
	bool json;
	bool csv;
	FILE *out;
	FILE *err;
};

struct wsectl_command {
	const char *name;
	const char *summary;	/* one line for the command list */
	const char *usage;	/* arguments and command-specific options */
	const char *options_help;	/* the command's own options, or NULL */
	const char *notes;	/* printed after the options, or NULL */
	bool csv;		/* takes --csv */
	/* argv[0] is the command name; returns an exit status. */
	int (*run)(struct wsectl *ctx, int argc, char **argv);
};

extern const struct wsectl_command wsectl_cmd_list;
extern const struct wsectl_command wsectl_cmd_info;
extern const struct wsectl_command wsectl_cmd_memcpy;
extern const struct wsectl_command wsectl_cmd_run;
extern const struct wsectl_command wsectl_cmd_fw;
extern const struct wsectl_command wsectl_cmd_topo;
extern const struct wsectl_command wsectl_cmd_health;
extern const struct wsectl_command wsectl_cmd_telemetry;
extern const struct wsectl_command wsectl_cmd_ps;
extern const struct wsectl_command wsectl_cmd_reset;

/* "wsectl: <message>" on stderr. */
void wsectl_err(struct wsectl *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parse the options every command accepts (-d, -j, -h) after the command
 * name. Returns the index of the first operand, or -1 when the command
 * should stop (after --help, or on a usage error) and return *@status.
 */
int wsectl_parse_common(struct wsectl *ctx, const struct wsectl_command *cmd,
			int argc, char **argv, int *status);

/*
 * getopt value of --csv, which has no short form; commands number their
 * own long-only options from 0x100, below this.
 */
#define WSECTL_OPT_CSV	0x1000

/* A command's own options, parsed together with the common ones. */
struct wsectl_options {
	const char *shortopts;		/* getopt syntax, without -d -j -h -V */
	const struct option *longopts;	/* NULL-terminated */
	/*
	 * Take one of them (@opt as getopt_long returns it). Return 0, or
	 * an exit status after saying what is wrong.
	 */
	int (*handle)(struct wsectl *ctx, int opt, const char *arg, void *priv);
	void *priv;
};

/* wsectl_parse_common() plus the command's own options. */
int wsectl_parse_options(struct wsectl *ctx, const struct wsectl_command *cmd,
			 const struct wsectl_options *extra, int argc, char **argv,
			 int *status);

/* Print a command's usage to @out. */
void wsectl_command_usage(const struct wsectl_command *cmd, FILE *out);

/*
 * Open the device -d names. On failure print why, naming the device, and
 * return the exit status; 0 on success.
 */
int wsectl_open_device(struct wsectl *ctx, struct wse_device **dev);

/* Where a device is, found without opening its node. */
struct wsectl_target {
	int index;			/* in the discovery list, -1 if not in it */
	char pci_address[24];
	char node[64];
};

/*
 * Find the device -d names from the discovery list and sysfs (a serial
 * is matched against the 'serial' attribute), so that it works for users
 * who may not open the node and for devices that do not answer; a node
 * path that is not in the list is opened to ask the driver. On failure
 * print why and return the exit status; 0 on success.
 */
int wsectl_find_device(struct wsectl *ctx, struct wsectl_target *t);

/* Exit status for "this output format does not apply": prints why. */
int wsectl_no_format(struct wsectl *ctx, const char *cmd, const char *format);

/*
 * Option values. A whole unsigned number, decimal or 0x hex, at most
 * @max; with @end, parsing stops at the first character that is not part
 * of it and *@end points there, else the string must end there.
 */
bool wsectl_parse_uint(const char *s, uint64_t max, uint64_t *out, const char **end);
/* "a,b,c": 1 to @nmax numbers; returns how many, or -1. */
int wsectl_parse_uint_list(const char *s, uint64_t max, uint64_t *out, unsigned int nmax);
/* A finite float, the whole string. */
bool wsectl_parse_float(const char *s, float *out);

/* "device 0000:01:00.0 (/dev/accel/accel0)": how errors name a device. */
void wsectl_device_name(struct wse_device *dev, char *buf, size_t len);

#endif /* WSECTL_H */
