#include "cli/notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/util.h"

static void on_watchdog(struct ev_timer *t)
{
	struct notifier *n = container_of(t, struct notifier, watchdog);
	if (n->on_tick)
		n->on_tick(n);
	notify_send(n, "WATCHDOG=1");
	ev_timer_set(n->loop, &n->watchdog, n->watchdog_ms);
}

void notify_init(struct notifier *n, struct ev_loop *loop)
{
	memset(n, 0, sizeof(*n));
	n->fd = -1;
	n->loop = loop;
	n->watchdog.cb = on_watchdog;
	const char *path = getenv("NOTIFY_SOCKET");
	const char *usec = getenv("WATCHDOG_USEC");
	const char *wpid = getenv("WATCHDOG_PID");
	if (usec && (!wpid || strtol(wpid, NULL, 10) == (long)getpid())) {
		unsigned long long u = strtoull(usec, NULL, 10);
		n->watchdog_ms = u / 2000;      /* twice per period */
		if (u && !n->watchdog_ms)
			n->watchdog_ms = 1;
	}
	if (path && (path[0] == '/' || path[0] == '@') && strlen(path) < sizeof(((struct sockaddr_un *)0)->sun_path)) {
		n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (n->fd >= 0) {
			struct sockaddr_un sa = { .sun_family = AF_UNIX };
			size_t len = strlen(path);
			memcpy(sa.sun_path, path, len);
			if (sa.sun_path[0] == '@')
				sa.sun_path[0] = 0;     /* an abstract socket */
			if (connect(n->fd, (struct sockaddr *)&sa,
				    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) < 0) {
				fprintf(stderr, "cellink: NOTIFY_SOCKET %s: %s\n", path, strerror(errno));
				close(n->fd);
				n->fd = -1;
			}
		}
	}
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

int notify_send(struct notifier *n, const char *text)
{
	if (n->fd < 0)
		return 0;
	return send(n->fd, text, strlen(text), MSG_NOSIGNAL | MSG_DONTWAIT) < 0 ? -errno : 0;
}

void notify_status(struct notifier *n, const char *status)
{
	if (n->fd < 0 || !strcmp(status, n->status))
		return;
	snprintf(n->status, sizeof(n->status), "%s", status);
	char msg[300];
	snprintf(msg, sizeof(msg), "STATUS=%s", n->status);
	notify_send(n, msg);
}

void notify_ready(struct notifier *n, const char *status)
{
	if (n->fd >= 0) {
		char msg[300];
		snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s", status);
		if (status != n->status)
			snprintf(n->status, sizeof(n->status), "%s", status);
		notify_send(n, msg);
	}
	if (n->fd >= 0 && n->watchdog_ms)
		ev_timer_set(n->loop, &n->watchdog, n->watchdog_ms);
}

void notify_free(struct notifier *n)
{
	if (n->loop)
		ev_timer_cancel(n->loop, &n->watchdog);
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
}
