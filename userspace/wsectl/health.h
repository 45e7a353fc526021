/* SPDX-License-Identifier: MIT */
/*
 * One health verdict for a device from everything wsectl can read: the
 * driver's state, firmware state and error, the device's fatal status,
 * temperatures against their limits, ECC errors, hangs, and the defects
 * against the spares. Pure: a function of what was gathered.
 */
#ifndef WSECTL_HEALTH_H
#define WSECTL_HEALTH_H

#include "devdata.h"
#include "fabric.h"
#include "wse.h"

enum wsectl_severity {
	WSECTL_HEALTH_OK,
	WSECTL_HEALTH_WARNING,
	WSECTL_HEALTH_CRITICAL,
};

/* Exit status of `wsectl health`, documented in the manual. */
enum {
	WSECTL_EXIT_HEALTH_WARNING = 3,
	WSECTL_EXIT_HEALTH_CRITICAL = 4,
};

#define WSECTL_HEALTH_MAX	24

struct wsectl_health_reason {
	enum wsectl_severity severity;
	char check[24];		/* stable name: "state", "firmware", ... */
	char message[200];
};

struct wsectl_health {
	enum wsectl_severity verdict;	/* the worst reason, OK if none */
	unsigned int n;
	struct wsectl_health_reason r[WSECTL_HEALTH_MAX];
	/* Checks that could not be made (no data), with why. */
	unsigned int nskipped;
	struct wsectl_health_reason skipped[WSECTL_HEALTH_MAX];
};

/*
 * @info is NULL when the device could not be queried (@query_error says
 * why); @fabric NULL when the defect list is unknown.
 */
void wsectl_health_eval(struct wsectl_health *h, const struct drm_wse_device_info *info,
			int query_error, const struct wsectl_fabric *fabric,
			const struct wsectl_devdata *d);

const char *wsectl_severity_name(enum wsectl_severity s);

#endif /* WSECTL_HEALTH_H */
