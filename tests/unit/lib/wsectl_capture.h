/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run wsectl's own main() in the test process with its stdout and stderr
 * captured, for tests of what the CLI prints and returns. Each TEST of
 * the kselftest harness runs in its own child, so redirecting the
 * process's streams is harmless.
 */
#ifndef WSECTL_CAPTURE_H
#define WSECTL_CAPTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

int wsectl_main(int argc, char **argv);

struct outcome {
	int status;
	char out[32768];
	char err[4096];
};

static inline void slurp(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* "wsectl -d /dev/null ARGS..." (NULL-terminated) with output captured. */
static inline void wsectl(struct outcome *o, ...)
{
	char *argv[32] = { "wsectl", "-d", "/dev/null" };
	int argc = 3, saved_out, saved_err;
	FILE *out = tmpfile(), *err = tmpfile();
	va_list ap;

	va_start(ap, o);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	argv[argc] = NULL;
	va_end(ap);
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(STDOUT_FILENO);
	saved_err = dup(STDERR_FILENO);
	dup2(fileno(out), STDOUT_FILENO);
	dup2(fileno(err), STDERR_FILENO);
	o->status = wsectl_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	slurp(out, o->out, sizeof(o->out));
	slurp(err, o->err, sizeof(o->err));
}

#endif /* WSECTL_CAPTURE_H */
