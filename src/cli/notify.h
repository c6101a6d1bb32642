/* The service manager's readiness protocol without libsystemd: datagrams
 * to $NOTIFY_SOCKET ("READY=1", "STATUS=...", "WATCHDOG=1", "STOPPING=1"),
 * so that the same binary runs under systemd (Type=notify, WatchdogSec=)
 * and elsewhere (no variable: nothing is sent). */
#ifndef CELLINK_CLI_NOTIFY_H
#define CELLINK_CLI_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "io/loop.h"

struct notifier {
	int fd;                         /* -1: no service manager listening */
	struct ev_loop *loop;
	struct ev_timer watchdog;
	uint64_t watchdog_ms;           /* half of WATCHDOG_USEC, 0: none asked */
	void (*on_tick)(struct notifier *n);    /* before each WATCHDOG=1 (may update STATUS) */
	char status[256];               /* last STATUS= sent */
};

/* Reads NOTIFY_SOCKET and WATCHDOG_USEC/WATCHDOG_PID (and removes them from
 * the environment, so that no child takes them for its own). */
void notify_init(struct notifier *n, struct ev_loop *loop);
/* Sends text as one datagram; 0 or -errno (0 also when there is no socket). */
int notify_send(struct notifier *n, const char *text);
/* READY=1 with a first status, and starts the watchdog. */
void notify_ready(struct notifier *n, const char *status);
/* STATUS=text, only when it changed. */
void notify_status(struct notifier *n, const char *status);
void notify_free(struct notifier *n);

#endif
