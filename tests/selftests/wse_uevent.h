/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel uevents as a test sees them: a NETLINK_KOBJECT_UEVENT socket
 * bound to the kernel's broadcast group, and a wait for the next "change"
 * event of the wse driver that carries given KEY=VALUE pairs.
 */
#ifndef __WSE_UEVENT_H__
#define __WSE_UEVENT_H__

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "wse_test_util.h"

/* A socket that receives every kernel uevent from now on, or -errno. */
static inline int wse_uevent_open(void)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,		/* the kernel's broadcast group */
	};
	int size = 1 << 20;
	int s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);

	if (s < 0)
		return -errno;
	/* Unplug storms send many events; don't lose the one we wait for. */
	setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
	if (bind(s, (struct sockaddr *)&addr, sizeof(addr))) {
		int ret = -errno;

		close(s);
		return ret;
	}
	return s;
}

/* Does the NUL-separated environment @buf of @len bytes hold @kv? */
static inline int wse_uevent_has(const char *buf, size_t len, const char *kv)
{
	size_t off = 0;

	while (off < len) {
		if (!strcmp(buf + off, kv))
			return 1;
		off += strlen(buf + off) + 1;
	}
	return 0;
}

/*
 * Wait up to @timeout_ms for an event with every one of @kvs (NULL-ended
 * KEY=VALUE strings). Fills @copy (if not NULL) with the whole event.
 * Returns 0, or -ETIMEDOUT.
 */
static inline int wse_uevent_wait(int s, const char *const *kvs, int timeout_ms, char *copy,
				  size_t copy_len)
{
	__s64 end = wse_now_ns() + (__s64)timeout_ms * 1000000;
	char buf[8192];

	for (;;) {
		struct pollfd p = { .fd = s, .events = POLLIN };
		__s64 left = (end - wse_now_ns()) / 1000000;
		unsigned int i;
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -ETIMEDOUT;
		n = recv(s, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		for (i = 0; kvs[i]; i++)
			if (!wse_uevent_has(buf, n, kvs[i]))
				break;
		if (kvs[i])
			continue;
		if (copy && copy_len) {
			size_t m = (size_t)n < copy_len ? (size_t)n : copy_len - 1;

			memcpy(copy, buf, m);
			copy[m] = '\0';
		}
		return 0;
	}
}

#endif /* __WSE_UEVENT_H__ */
