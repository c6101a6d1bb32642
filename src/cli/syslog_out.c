/* --syslog (syslog_out.h). */
#include "cli/syslog_out.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SYSLOG_LINE_MAX 1024
#define FACILITY_DAEMON 3

struct sl_stream {
	bool is_stderr;
	size_t len;
	char buf[SYSLOG_LINE_MAX];
};

static int sl_fd = -1;
static struct sockaddr_un sl_addr;
static char sl_ident[32];
static FILE *sl_orig_out, *sl_orig_err;

/* At exit: the last partial lines sent, the streams freed, the
 * terminal's streams back for whatever prints after. */
static void sl_stop(void)
{
	FILE *o = stdout, *e = stderr;
	stdout = sl_orig_out;
	stderr = sl_orig_err;
	fclose(o);
	fclose(e);
	close(sl_fd);
	sl_fd = -1;
}

int syslog_out_priority(const char *line, size_t len, int is_stderr)
{
	char head[96];
	size_t n = len < sizeof head - 1 ? len : sizeof head - 1;
	memcpy(head, line, n);
	head[n] = 0;
	if (strstr(head, "error: "))
		return 3;       /* err */
	if (strstr(head, "warning: "))
		return 4;       /* warning */
	if (strstr(head, "debug: ") || (strstr(head, " --") && strstr(head, "--> ")))
		return 7;       /* debug: a state transition */
	return is_stderr ? 3 : 6;
}

static void sl_send(struct sl_stream *s)
{
	const char *p = s->buf;
	size_t len = s->len;
	s->len = 0;
	/* "[   1.234] " */
	if (len && p[0] == '[') {
		const char *e = memchr(p, ']', len);
		if (e && (size_t)(e - p) < 16) {
			len -= (size_t)(e + 1 - p);
			p = e + 1;
			while (len && *p == ' ')
				p++, len--;
		}
	}
	if (!len)
		return;
	char msg[SYSLOG_LINE_MAX + 64];
	int h = snprintf(msg, sizeof msg, "<%d>%s[%ld]: ",
			 FACILITY_DAEMON * 8 + syslog_out_priority(p, len, s->is_stderr), sl_ident, (long)getpid());
	if (h < 0)
		return;
	size_t room = sizeof msg - (size_t)h;
	if (len > room)
		len = room;
	memcpy(msg + h, p, len);
	/* a full or absent log socket never stops the program */
	sendto(sl_fd, msg, (size_t)h + len, MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&sl_addr,
	       sizeof sl_addr);
}

static ssize_t sl_write(void *cookie, const char *data, size_t n)
{
	struct sl_stream *s = cookie;
	for (size_t i = 0; i < n; i++) {
		if (data[i] == '\n' || s->len == sizeof s->buf) {
			sl_send(s);
			if (data[i] == '\n')
				continue;
		}
		s->buf[s->len++] = data[i];
	}
	return (ssize_t)n;
}

static int sl_close(void *cookie)
{
	struct sl_stream *s = cookie;
	if (s->len)
		sl_send(s);
	free(s);
	return 0;
}

static FILE *sl_stream(bool is_stderr)
{
	struct sl_stream *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->is_stderr = is_stderr;
	cookie_io_functions_t io = { .write = sl_write, .close = sl_close };
	FILE *f = fopencookie(s, "w", io);
	if (!f) {
		free(s);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

int syslog_out_start(const char *ident)
{
	if (sl_fd >= 0)
		return 0;       /* already (connect --mode auto: the PPP run after the QMI one) */
	const char *path = getenv("CELLINK_SYSLOG_SOCKET");
	if (!path || !path[0])
		path = "/dev/log";
	if (strlen(path) >= sizeof sl_addr.sun_path)
		return -ENAMETOOLONG;
	snprintf(sl_ident, sizeof sl_ident, "%s", ident);
	sl_addr.sun_family = AF_UNIX;
	snprintf(sl_addr.sun_path, sizeof sl_addr.sun_path, "%s", path);
	sl_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sl_fd < 0)
		return -errno;
	FILE *o = sl_stream(false), *e = sl_stream(true);
	if (!o || !e) {
		if (o)
			fclose(o);
		if (e)
			fclose(e);
		close(sl_fd);
		sl_fd = -1;
		return -ENOMEM;
	}
	fflush(stdout);
	fflush(stderr);
	sl_orig_out = stdout;
	sl_orig_err = stderr;
	stdout = o;
	stderr = e;
	atexit(sl_stop);
	return 0;
}
