/* A daemon modem whose link is PPP (option mode 'ppp', or 'auto' after QMI
 * could not carry data): the AT port, the dialer and pppd (ppp/session.h)
 * driven from the daemon's configuration, restartable, and reported as
 * JSON for 'cellink status'. */
#ifndef CELLINK_CLI_DAEMON_PPP_H
#define CELLINK_CLI_DAEMON_PPP_H

#include <stdbool.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "config/config.h"
#include "io/loop.h"
#include "ppp/session.h"

/* Daemon-wide PPP settings (command line, not the configuration file). */
struct daemon_ppp_opts {
	const char *pppd;               /* NULL: pppd in PATH */
	const char *runtime_dir;        /* NULL: /run/cellink */
	const char *sysroot;            /* --sysfs, to find the AT port */
	bool verbose;
};

struct daemon_ppp {
	struct ev_loop *loop;
	struct ppp_session s;
	struct ev_timer retry;          /* the port could not be opened: try again */
	struct ev_timer done;           /* closes the session outside its callbacks */
	const struct cl_modem_cfg *mc;
	struct daemon_ppp_opts o;
	const char *label;              /* log prefix ("wan: ") */
	uint64_t t0, up_since;
	unsigned links_up;
	bool running;                   /* started and not yet finished */
	bool stopping;
	int status;                     /* of the last finished run */
	char port[256];
	char why[400];                  /* last error */
	void *user;
	void (*on_finished)(struct daemon_ppp *dp, int status);
};

void daemon_ppp_init(struct daemon_ppp *dp, struct ev_loop *l, const struct cl_modem_cfg *mc,
		     const struct daemon_ppp_opts *o, const char *label);
/* Opens the AT port and dials; when the port cannot be opened yet, says
 * why and tries again every few seconds. */
void daemon_ppp_start(struct daemon_ppp *dp);
/* pppd ended, the modem hung up, the port closed; on_finished follows
 * (at once when nothing was running). */
void daemon_ppp_stop(struct daemon_ppp *dp);
void daemon_ppp_free(struct daemon_ppp *dp);
struct ctl_ppp_link;
/* What the control socket reports of it (ctl.h). */
void daemon_ppp_link(const struct daemon_ppp *dp, struct ctl_ppp_link *l);
/* Same keys as conn_host_status_json, plus "mode":"ppp" and "port". */
void daemon_ppp_status_json(const struct daemon_ppp *dp, struct strbuf *sb);

#endif
