/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * wse_inject.h - fault injection from inside the test VM.
 *
 * With tests/vm/run-vm.sh --fault-agent, the guest's second serial port
 * (/dev/ttyS1, root:root 0600) reaches tests/vm/fault-agent.py on the
 * host, which sets the wse device's inject-* QOM properties over QMP
 * (Documentation/device-spec.rst, "Fault injection"; the protocol is in
 * Documentation/admin-guide.rst). One ASCII line each way:
 *
 *	int fd = wse_inject_open();
 *	if (fd < 0)
 *		SKIP(return, "no fault agent: %s", strerror(-fd));
 *	ASSERT_EQ(0, wse_inject_set(fd, "inject-hang-queue", "0"));
 *
 * Requests are serialised between processes with flock() on the port, so
 * tests running in parallel do not read each other's replies.
 *
 * Header-only: include it from a selftest, nothing to link.
 */
#ifndef WSE_INJECT_H
#define WSE_INJECT_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define WSE_INJECT_PORT			"/dev/ttyS1"
/* A round trip; unplug and plug wait for the guest's hotplug handling. */
#define WSE_INJECT_TIMEOUT_MS		10000
#define WSE_INJECT_PLUG_TIMEOUT_MS	30000
/* How long wse_inject_open() waits for the agent to say hello. */
#define WSE_INJECT_HELLO_MS		3000

static inline long wse_inject_ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Send @cmd and wait up to @timeout_ms for the agent's one-line answer.
 * Returns 0 for "ok", with what follows it (a qom-get value, HMP output)
 * in @reply; -EIO for "err", with the agent's message in @reply; or
 * -ETIMEDOUT, -EPROTO (garbled answer) or another -errno.
 */
static inline int wse_inject_timed(int fd, const char *cmd, char *reply,
				   size_t len, int timeout_ms)
{
	char line[512];
	size_t n = 0, cl = strlen(cmd);
	struct timespec t0;
	const char *body;
	int ret = -ETIMEDOUT;

	if (reply && len)
		reply[0] = 0;
	if (flock(fd, LOCK_EX))
		return -errno;
	/* Whatever is waiting is a late answer to someone else. */
	tcflush(fd, TCIFLUSH);
	if (write(fd, cmd, cl) != (ssize_t)cl || write(fd, "\n", 1) != 1) {
		ret = -EIO;
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		long left = timeout_ms - wse_inject_ms_since(&t0);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char c;
		ssize_t r;

		if (left <= 0)
			goto out;
		r = poll(&p, 1, left);
		if (r < 0 && errno != EINTR) {
			ret = -errno;
			goto out;
		}
		if (r <= 0)
			continue;
		r = read(fd, &c, 1);
		if (r < 0 && errno != EAGAIN && errno != EINTR) {
			ret = -errno;
			goto out;
		}
		if (r <= 0)
			continue;
		if (c == '\r')
			continue;
		if (c == '\n')
			break;
		if (n < sizeof(line) - 1)
			line[n++] = c;
	}
	line[n] = 0;
	if (!strncmp(line, "ok", 2) && (!line[2] || line[2] == ' ')) {
		body = line[2] ? line + 3 : line + 2;
		ret = 0;
	} else if (!strncmp(line, "err", 3) && (!line[3] || line[3] == ' ')) {
		body = line[3] ? line + 4 : line + 3;
		ret = -EIO;
	} else {
		body = line;
		ret = -EPROTO;
	}
	if (reply && len) {
		n = strlen(body);
		if (n >= len)
			n = len - 1;	/* a long answer is cut, not overrun */
		memcpy(reply, body, n);
		reply[n] = 0;
	}
out:
	flock(fd, LOCK_UN);
	return ret;
}

/* One request with the usual timeout; see wse_inject_timed(). */
static inline int wse_inject(int fd, const char *cmd, char *reply, size_t len)
{
	int ms = WSE_INJECT_TIMEOUT_MS;

	if (!strcmp(cmd, "unplug") || !strcmp(cmd, "plug"))
		ms = WSE_INJECT_PLUG_TIMEOUT_MS;
	return wse_inject_timed(fd, cmd, reply, len, ms);
}

/* qom-set @prop to @value on the device ("true", "0", "-1", ...). */
static inline int wse_inject_set(int fd, const char *prop, const char *value)
{
	char cmd[256], reply[256];

	if (snprintf(cmd, sizeof(cmd), "set %s %s", prop, value) >=
	    (int)sizeof(cmd))
		return -EINVAL;
	return wse_inject(fd, cmd, reply, sizeof(reply));
}

/*
 * Open the port in raw mode and check that an agent answers. Returns the
 * fd, or -errno: -ENOENT (or -EIO, -ENXIO) when there is no such port,
 * -EACCES when not root, -ETIMEDOUT when nobody answers (no agent).
 */
static inline int wse_inject_open(void)
{
	struct termios t;
	char reply[64];
	int fd, ret;

	fd = open(WSE_INJECT_PORT, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (tcgetattr(fd, &t)) {
		ret = -errno;
		goto fail;
	}
	cfmakeraw(&t);
	cfsetispeed(&t, B115200);
	cfsetospeed(&t, B115200);
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &t)) {
		ret = -errno;
		goto fail;
	}
	ret = wse_inject_timed(fd, "hello", reply, sizeof(reply),
			       WSE_INJECT_HELLO_MS);
	if (ret)
		goto fail;
	return fd;
fail:
	close(fd);
	return ret;
}

#endif /* WSE_INJECT_H */
