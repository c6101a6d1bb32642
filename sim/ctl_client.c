/* cellink-sim ctl: the control socket's client, part of the program. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sim/sim.h"

/* cellink-sim ctl SOCKET COMMAND... : one command, its answer on stdout.
 * A "pass=-" argument is read from standard input, so that a password
 * never sits in argv. Exit status 0 when the answer says ok. */
int sim_ctl_main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: cellink-sim ctl SOCKET COMMAND [ARGS...]\n");
		return 2;
	}
	struct strbuf line;
	sb_init(&line);
	for (int i = 2; i < argc; i++) {
		if (i > 2)
			sb_putc(&line, ' ');
		if (!strcmp(argv[i], "pass=-")) {
			char pw[128] = "";
			if (!fgets(pw, sizeof(pw), stdin)) {
				fprintf(stderr, "cellink-sim ctl: pass=- but nothing on stdin\n");
				sb_free(&line);
				return 2;
			}
			pw[strcspn(pw, "\r\n")] = 0;
			sb_printf(&line, "pass=%s", pw);
			continue;
		}
		sb_puts(&line, argv[i]);
	}
	sb_putc(&line, '\n');
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "cellink-sim ctl: cannot connect to %s: %s\n", argv[1], strerror(errno));
		if (fd >= 0)
			close(fd);
		sb_free(&line);
		return 1;
	}
	int rc = 1;
	if (write(fd, line.buf, line.len) != (ssize_t)line.len) {
		fprintf(stderr, "cellink-sim ctl: write: %s\n", strerror(errno));
		goto out;
	}
	char buf[65536];
	size_t len = 0;
	uint64_t deadline = ev_now_ms() + 10000;
	for (;;) {
		uint64_t now = ev_now_ms();
		struct pollfd p = { fd, POLLIN, 0 };
		if (now >= deadline || poll(&p, 1, (int)(deadline - now)) <= 0) {
			fprintf(stderr, "cellink-sim ctl: no answer within 10 s\n");
			goto out;
		}
		ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0) {
			fprintf(stderr, "cellink-sim ctl: connection closed without an answer\n");
			goto out;
		}
		len += (size_t)n;
		buf[len] = 0;
		char *nl = strchr(buf, '\n');
		if (nl || len == sizeof(buf) - 1) {
			if (nl)
				nl[1] = 0;
			fputs(buf, stdout);
			rc = strncmp(buf, "{\"ok\":true", 10) ? 1 : 0;
			break;
		}
	}
out:
	close(fd);
	sb_free(&line);
	return rc;
}
