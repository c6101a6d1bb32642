/* The daemon's PPP modems: the configuration's options mapped onto the PPP
 * session (the same defaults as 'cellink connect --mode ppp'), the session's
 * reports turned into log lines and status JSON. */
#include "cli/daemon_ppp.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli/ctl.h"
#include "common/util.h"
#include "conn/conn_exit.h"
#include "usb/ports.h"

#define PORT_RETRY_MS 5000

static double elapsed(const struct daemon_ppp *dp)
{
	return (double)(ev_now_ms() - dp->t0) / 1000.0;
}

static void say(struct daemon_ppp *dp, enum ppp_log lvl, const char *text)
{
	FILE *f = lvl == PPP_LOG_INFO ? stdout : stderr;
	fprintf(f, "[%7.3f] %s%s%s\n", elapsed(dp), dp->label,
		lvl == PPP_LOG_ERROR ? "error: " : lvl == PPP_LOG_WARN ? "warning: " : "", text);
	fflush(f);
}

static void on_log(struct ppp_session *s, enum ppp_log lvl, const char *text)
{
	say(s->user, lvl, text);
}

static void on_state(struct ppp_session *s, enum ppp_state from, enum ppp_state to)
{
	struct daemon_ppp *dp = s->user;
	if (from == PPP_S_UP)
		dp->up_since = 0;
	if (dp->o.verbose || to == PPP_S_UP || to == PPP_S_PPP || to == PPP_S_BACKOFF)
		printf("[%7.3f] %sstate %s -> %s\n", elapsed(dp), dp->label, ppp_state_name(from),
		       ppp_state_name(to));
	if (to == PPP_S_UP) {
		const struct pppd_info *i = &s->pppd.info;
		dp->up_since = ev_now_ms();
		dp->links_up++;
		dp->why[0] = 0;
		printf("[%7.3f] %slink up on %s", elapsed(dp), dp->label, i->ifname[0] ? i->ifname : "ppp");
		if (i->local4[0])
			printf(": local %s, peer %s", i->local4, i->remote4[0] ? i->remote4 : "?");
		printf("\n");
	}
	fflush(stdout);
}

static void on_pppd_line(struct ppp_session *s, const char *line)
{
	struct daemon_ppp *dp = s->user;
	if (dp->o.verbose)
		printf("[%7.3f] %spppd: %s\n", elapsed(dp), dp->label, line);
}

static void at_trace(void *ud, bool out, const char *line)
{
	struct daemon_ppp *dp = ud;
	printf("[%7.3f] %s%s %s\n", elapsed(dp), dp->label, out ? ">>" : "<<", line);
}

/* The session has stopped: close it (port released) once its callbacks
 * have returned, then tell the daemon. */
static void done_cb(struct ev_timer *t)
{
	struct daemon_ppp *dp = container_of(t, struct daemon_ppp, done);
	dp->status = dp->s.status;
	if (dp->status && dp->s.sm.reason[0])
		snprintf(dp->why, sizeof dp->why, "%s", dp->s.sm.reason);
	ppp_session_close(&dp->s);
	dp->running = false;
	dp->stopping = false;
	dp->up_since = 0;
	if (dp->on_finished)
		dp->on_finished(dp, dp->status);
}

static void on_finished(struct ppp_session *s, int status)
{
	struct daemon_ppp *dp = s->user;
	ev_timer_set(dp->loop, &dp->done, 0);
}

static enum ppp_ip ip_of(int pdptype)
{
	return pdptype == CL_PDP_IPV6 ? PPP_IP_V6 : pdptype == CL_PDP_IPV4V6 ? PPP_IP_V4V6 : PPP_IP_V4;
}

/* 0 with dp->port set, or negative with dp->why set. */
static int find_port(struct daemon_ppp *dp)
{
	const struct cl_modem_cfg *mc = dp->mc;
	if (mc->atport[0]) {
		snprintf(dp->port, sizeof dp->port, "%s", mc->atport);
		return 0;
	}
	char why[300];
	if (usb_find_modem_port(dp->o.sysroot, mc->device[0] ? mc->device : NULL, dp->port,
				sizeof dp->port, why, sizeof why) < 0) {
		snprintf(dp->why, sizeof dp->why, "no option atport and no modem port found: %s", why);
		return -ENODEV;
	}
	return 0;
}

static void try_open(struct daemon_ppp *dp)
{
	const struct cl_modem_cfg *mc = dp->mc;
	char why[300], before[sizeof dp->why];
	snprintf(before, sizeof before, "%s", dp->why);
	int r = find_port(dp);
	if (r == 0 && ppp_session_open(&dp->s, dp->loop, dp->port, 0, why, sizeof why) < 0) {
		snprintf(dp->why, sizeof dp->why, "%s", why);
		r = -1;
	}
	if (r < 0) {
		if (strcmp(before, dp->why))    /* once, not every retry */
			say(dp, PPP_LOG_WARN, dp->why);
		ev_timer_set(dp->loop, &dp->retry, PORT_RETRY_MS);
		return;
	}
	dp->why[0] = 0;
	if (dp->o.verbose) {
		dp->s.at.on_trace = at_trace;
		dp->s.at.trace_ud = dp;
	}
	struct ppp_config c;
	struct pppd_conf p;
	ppp_session_defaults(&c, &p);
	c.apn = mc->apn;
	c.ip = ip_of(mc->pdptype);
	c.pin = mc->pincode[0] ? mc->pincode : NULL;
	c.persist = true;               /* a daemon keeps trying */
	if (mc->timeout > 0)
		c.register_timeout_ms = (unsigned)mc->timeout * 1000u;
	else if (mc->timeout == 0)      /* for ever: the longest wait the dialer can hold */
		c.register_timeout_ms = UINT_MAX;
	p.pppd = dp->o.pppd;
	p.runtime_dir = dp->o.runtime_dir;
	p.usepeerdns = mc->peerdns;
	p.defaultroute = mc->defaultroute;
	p.metric = mc->metric;          /* -1: not configured, pppd's own rule */
	p.user = mc->username[0] ? mc->username : NULL;
	p.password = mc->username[0] && mc->password[0] ? mc->password : NULL;
	if (mc->password[0] && !mc->username[0])
		say(dp, PPP_LOG_WARN, "option password without option username: not used");
	printf("[%7.3f] %sPPP on %s, APN \"%s\" (%s)%s\n", elapsed(dp), dp->label, dp->port, mc->apn,
	       ppp_ip_pdp_type(c.ip), p.password ? ", with credentials" : "");
	fflush(stdout);
	ppp_session_start(&dp->s, &c, &p);
}

static void retry_cb(struct ev_timer *t)
{
	try_open(container_of(t, struct daemon_ppp, retry));
}

void daemon_ppp_init(struct daemon_ppp *dp, struct ev_loop *l, const struct cl_modem_cfg *mc,
		     const struct daemon_ppp_opts *o, const char *label)
{
	memset(dp, 0, sizeof(*dp));
	dp->loop = l;
	dp->mc = mc;
	dp->o = *o;
	dp->label = label;
	dp->t0 = ev_now_ms();
	dp->retry.cb = retry_cb;
	dp->done.cb = done_cb;
	dp->s.user = dp;
	dp->s.on_log = on_log;
	dp->s.on_state = on_state;
	dp->s.on_pppd_line = on_pppd_line;
	dp->s.on_finished = on_finished;
	dp->s.pppd.out.fd = -1;
}

void daemon_ppp_start(struct daemon_ppp *dp)
{
	if (dp->running)
		return;
	dp->running = true;
	dp->stopping = false;
	dp->status = 0;
	dp->port[0] = 0;
	dp->why[0] = 0;
	try_open(dp);
}

void daemon_ppp_stop(struct daemon_ppp *dp)
{
	if (!dp->running || dp->stopping)
		return;
	if (dp->retry.pending) {        /* nothing open: finished at once */
		ev_timer_cancel(dp->loop, &dp->retry);
		dp->running = false;
		dp->status = CONN_EXIT_OK;
		if (dp->on_finished)
			dp->on_finished(dp, CONN_EXIT_OK);
		return;
	}
	dp->stopping = true;
	say(dp, PPP_LOG_INFO, "disconnecting: ending pppd, hanging up");
	ppp_session_stop(&dp->s);       /* finished sessions already have done pending */
}

void daemon_ppp_free(struct daemon_ppp *dp)
{
	ev_timer_cancel(dp->loop, &dp->retry);
	ev_timer_cancel(dp->loop, &dp->done);
	ppp_session_close(&dp->s);
	dp->running = false;
}

void daemon_ppp_link(const struct daemon_ppp *dp, struct ctl_ppp_link *l)
{
	const struct ppp_session *s = &dp->s;
	/* "stopped" only once the port is closed (the machine stops first) */
	enum ppp_state st = !dp->running           ? PPP_S_STOPPED
			    : dp->retry.pending     ? PPP_S_WAIT_PORT
			    : s->sm.state == PPP_S_STOPPED ? PPP_S_STOPPING
							   : s->sm.state;
	*l = (struct ctl_ppp_link){
		.s = s,
		.state = st,
		.port = dp->port[0] ? dp->port : dp->mc->atport,
		.qmi_device = dp->mc->device,
		.apn = dp->mc->apn,
		.up_since = dp->running ? dp->up_since : 0,
		.links_up = dp->links_up,
		.why = dp->why[0] ? dp->why : dp->running ? s->sm.reason : "",
	};
}

void daemon_ppp_status_json(const struct daemon_ppp *dp, struct strbuf *sb)
{
	struct ctl_ppp_link l;
	daemon_ppp_link(dp, &l);
	ctl_ppp_status_json(sb, &l);
}
