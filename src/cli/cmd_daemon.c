/* cellink daemon: the connection engine for one or more modems, with a
 * control socket (unix, owner-only) for status, signal, info, disconnect
 * and reconnect. The socket answers from memory while the modems are busy;
 * only "signal" asks a modem, without holding up anything else. A modem
 * with option mode 'ppp' runs a PPP link instead (daemon_ppp.h); with
 * 'auto', QMI first and PPP when QMI cannot carry data. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/syslog_out.h"
#include "host/conn_host.h"
#include "host/radio_poll.h"
#include "cli/ctl.h"
#include "cli/notify.h"
#include "cli/daemon_ppp.h"
#include "cli/util.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "config/config.h"
#include "conn/conn_qmi.h"

#define DAEMON_DEFAULT_SOCKET CTL_DEFAULT_SOCKET

struct daemon;

struct modem {
	struct daemon *d;
	struct conn_host h;
	char name[32];
	bool restart;                   /* reconnect asked: start again once stopped */
	int mode;                       /* enum cl_mode, as configured */
	bool on_ppp;                    /* the link is (or was last) the PPP one */
	struct daemon_ppp ppp;
	char label[40];
	struct ev_timer radio_timer;    /* cellink power low: stop the link from the loop */
	bool radio_off;                 /* ... and keep it down until power online */
	bool radio_held;                /* the link was stopped for it */
	struct radio_poll poll;         /* signal, RAT and band for the metrics */
	bool dev_owner;                 /* made h.qmi_dev, shared with the sections after it */
};

struct daemon {
	struct ev_loop loop;
	struct ev_signal sigint, sigterm;
	struct ctl_server ctl;
	struct notifier notify;         /* systemd's NOTIFY_SOCKET */
	const char *sock_path;
	const char *read_group, *admin_group;
	const char *metrics_file;       /* --metrics-file */
	bool metrics_warned;
	bool stopping;
	struct daemon_ppp_opts ppp_opts;
	int n;
	struct modem *m;
	struct cl_config cfg;
};

static struct modem *find_modem(struct daemon *d, const char *name)
{
	if (!name || !name[0])
		return d->n ? &d->m[0] : NULL;
	for (int i = 0; i < d->n; i++)
		if (!strcmp(d->m[i].name, name))
			return &d->m[i];
	return NULL;
}

static void do_status(struct daemon *d, struct ctl_conn *cc, const char *name)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_printf(&sb, "{\"ok\":true,\"schema\":%d,\"modems\":[", CELLINK_JSON_SCHEMA);
	int k = 0;
	for (int i = 0; i < d->n; i++) {
		if (name && name[0] && strcmp(name, d->m[i].name))
			continue;
		if (k++)
			sb_putc(&sb, ',');
		sb_puts(&sb, "{\"name\":");
		sb_put_json_str(&sb, d->m[i].name, strlen(d->m[i].name));
		sb_printf(&sb, ",\"mode\":\"%s\",\"configured_mode\":\"%s\",\"status\":",
			  d->m[i].on_ppp ? "ppp" : conn_host_protocol_name(&d->m[i].h), cl_mode_name(d->m[i].mode));
		if (d->m[i].on_ppp)
			daemon_ppp_status_json(&d->m[i].ppp, &sb);
		else
			conn_host_status_json(&d->m[i].h, &sb);
		sb_putc(&sb, '}');
	}
	sb_puts(&sb, "]}");
	ctl_reply(cc, sb_str(&sb));
	sb_free(&sb);
}

static void do_info(struct ctl_conn *cc, struct modem *m)
{
	if (m->on_ppp)
		ctl_ppp_info(cc, m->name, m->ppp.port);
	else
		ctl_host_info(cc, &m->h, m->name);
}

static bool do_signal(struct ctl_conn *cc, struct modem *m)
{
	if (m->on_ppp) {
		ctl_ppp_signal(cc);
		return false;
	}
	return ctl_host_signal(cc, &m->h);
}

/* The metrics of the modems named (all when name is NULL or ""); rows has
 * room for d->n. */
static size_t metrics_rows(struct daemon *d, const char *name, struct ctl_metrics_row *rows)
{
	size_t n = 0;
	for (int i = 0; i < d->n; i++) {
		struct modem *m = &d->m[i];
		if (name && name[0] && strcmp(name, m->name))
			continue;
		if (m->on_ppp) {
			struct ctl_ppp_link l;
			daemon_ppp_link(&m->ppp, &l);
			ctl_metrics_row_ppp(&rows[n++], m->name, &l);
		} else {
			ctl_metrics_row_qmi(&rows[n], m->name, &m->h);
			rows[n++].radio = &m->poll.reading;
		}
	}
	return n;
}

/* --metrics-file: rewritten (atomically) on every change */
static void write_metrics(struct daemon *d)
{
	if (!d->metrics_file)
		return;
	struct ctl_metrics_row *rows = calloc((size_t)d->n + 1, sizeof(*rows));
	if (!rows)
		return;
	size_t n = metrics_rows(d, NULL, rows);
	int r = ctl_metrics_write_file(d->metrics_file, rows, n);
	free(rows);
	if (r < 0 && !d->metrics_warned) {
		fprintf(stderr, "cellink daemon: warning: --metrics-file %s: %s\n", d->metrics_file, strerror(-r));
		d->metrics_warned = true;
	} else if (r == 0) {
		d->metrics_warned = false;
	}
}

/* signal, RAT and band read for the metrics (host/radio_poll.c) */
static void on_radio_reading(struct radio_poll *p)
{
	write_metrics(((struct modem *)p->user)->d);
}

/* STATUS= for the service manager: each modem's link state in words. */
static void update_status(struct daemon *d)
{
	char text[256] = "";
	size_t len = 0;
	for (int i = 0; i < d->n && len < sizeof(text); i++) {
		const struct modem *m = &d->m[i];
		const char *state = m->on_ppp ? (m->ppp.running ? "ppp running" : "ppp stopped")
					      : !m->h.running ? "stopped" : conn_state_name(m->h.conn.state);
		bool up = m->on_ppp ? m->ppp.running : m->h.up_since != 0;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s: %s, link %s", i ? "; " : "",
					m->name, state, up ? "up" : "down");
	}
	notify_status(&d->notify, text);
	write_metrics(d);
}

static void on_notify_tick(struct notifier *n)
{
	update_status(container_of(n, struct daemon, notify));
}

static void on_changed(struct conn_host *h)
{
	struct modem *m = h->user;
	update_status(m->d);
}

static bool modem_running(const struct modem *m)
{
	return m->h.running || m->ppp.running;
}

static void on_finished(struct conn_host *h, int status);

static void start_modem(struct modem *m)
{
	m->restart = false;
	m->on_ppp = m->mode == CL_MODE_PPP;
	m->poll.paused = m->on_ppp;
	if (m->on_ppp) {
		daemon_ppp_start(&m->ppp);
		return;
	}
	/* auto: a QMI device that is missing or cannot carry data ends the
	 * first run (as 'connect --mode auto'), and PPP takes over */
	m->h.cfg.persist = m->mode != CL_MODE_AUTO;
	if (conn_host_start(&m->h) < 0) {
		fprintf(stderr, "cellink daemon: %s: cannot start%s%s\n", m->name, m->h.conn.why[0] ? ": " : "",
			m->h.conn.why);
		/* as a run that ended: mode auto's rule may hand the modem to PPP
		 * (an MBIM modem in a build without MBIM) */
		on_finished(&m->h, m->h.conn.exit_status);
	}
}

static void stop_modem(struct modem *m)
{
	if (m->on_ppp)
		daemon_ppp_stop(&m->ppp);
	else
		conn_host_stop(&m->h);
}

static void modem_finished(struct modem *m)
{
	struct daemon *d = m->d;
	if (m->restart && !d->stopping) {
		start_modem(m);
		return;
	}
	if (d->stopping) {
		for (int i = 0; i < d->n; i++)
			if (modem_running(&d->m[i]))
				return;
		ev_stop(&d->loop);
	}
}

static void on_finished(struct conn_host *h, int status)
{
	struct modem *m = h->user;
	if (status)
		fprintf(stderr, "[%7.3f] %s%s (exit status %d)\n", conn_host_elapsed(h), m->label,
			conn_exit_text(status), status);
	bool stay = m->d->stopping || m->restart;
	if (m->mode == CL_MODE_AUTO && !stay && conn_exit_wants_ppp(status)) {
		printf("[%7.3f] %sQMI cannot carry data here (%s); falling back to PPP\n",
		       conn_host_elapsed(h), m->label, conn_exit_text(status));
		m->on_ppp = true;
		m->poll.paused = true;
		daemon_ppp_start(&m->ppp);
		return;
	}
	if (m->mode == CL_MODE_AUTO && !stay && status && status != CONN_EXIT_SIM_LOCKED &&
	    !m->h.cfg.persist) {
		m->h.cfg.persist = true;        /* QMI works here: keep trying it, as mode qmi does */
		if (conn_host_start(&m->h) == 0)
			return;
	}
	modem_finished(m);
}

static void on_ppp_finished(struct daemon_ppp *dp, int status)
{
	struct modem *m = dp->user;
	if (status)
		fprintf(stderr, "[%7.3f] %s%s (exit status %d)%s%s\n", conn_host_elapsed(&m->h), m->label,
			conn_exit_text(status), status, dp->why[0] ? ": " : "", dp->why);
	modem_finished(m);
}

static void on_radio_timer(struct ev_timer *t)
{
	struct modem *m = container_of(t, struct modem, radio_timer);
	if (m->radio_off && modem_running(m) && !m->radio_held) {
		printf("[%7.3f] %sthe radio is off (cellink power low): the link stays down until "
		       "'cellink power online'\n", conn_host_elapsed(&m->h), m->label);
		m->restart = false;
		m->radio_held = true;
		stop_modem(m);
	} else if (!m->radio_off && m->radio_held) {
		/* back on: a link still stopping comes up once stopped */
		m->radio_held = false;
		if (modem_running(m))
			m->restart = true;
		else
			start_modem(m);
	}
}

/* the modem came back speaking the other protocol: the toolbox runs over
 * the clients this start frees end first */
static void on_clients_gone(struct conn_host *h)
{
	struct modem *m = h->user;
	printf("[%7.3f] %sthe device speaks %s now: toolbox commands running on the link are cancelled\n",
	       conn_host_elapsed(h), m->label, h->protocol == CTL_PROTO_MBIM ? "MBIM" : "QMI");
	ctl_server_cancel_tools_on(&m->d->ctl, h, "cancelled: the modem came back speaking another protocol");
}

static void on_radio(struct conn_host *h, bool on)
{
	struct modem *m = h->user;
	struct daemon *d = m->d;
	/* the radio is the modem's: every PDN on it follows (else one would
	 * put the modem online again as it reconnects) */
	for (int i = 0; i < d->n; i++) {
		struct modem *o = &d->m[i];
		if (o != m && (!h->qmi_dev || o->h.qmi_dev != h->qmi_dev))
			continue;
		o->radio_off = !on;
		ev_timer_set(&d->loop, &o->radio_timer, 0);
	}
}

/* cellink power online while the link is down (or going down) for the
 * radio, or down anyway with no client open: the link's bring-up puts the
 * modem online. true when answered. */
static bool radio_on(struct ctl_conn *cc, struct modem *m)
{
	char **argv;
	int argc = ctl_conn_args(cc, &argv);
	bool open = m->h.modem && m->h.modem->cl->open;
	if (argc != 1 || strcmp(argv[0], "online") || !(m->radio_held || (!modem_running(m) && !open)))
		return false;
	/* no client to ask (the link is down, or still going down): the
	 * link's bring-up puts the modem online; every PDN of the modem
	 * that the radio held comes back with it */
	struct daemon *d = m->d;
	for (int i = 0; i < d->n; i++) {
		struct modem *o = &d->m[i];
		if (o != m && (!m->h.qmi_dev || o->h.qmi_dev != m->h.qmi_dev || !o->radio_held))
			continue;
		o->radio_off = o->radio_held = false;
		if (modem_running(o))
			o->restart = true;
		else
			start_modem(o);
	}
	char text[128];
	snprintf(text, sizeof text, "{\"ok\":true,\"schema\":%d,\"mode\":\"online\",\"link\":\"starting\"}",
		 CELLINK_JSON_SCHEMA);
	ctl_reply(cc, text);
	return true;
}

/* Answers one control request (ctl.h). Returns true when the answer comes later. */
static bool on_request(struct ctl_server *s, struct ctl_conn *cc, enum ctl_verb verb, const char *name)
{
	struct daemon *d = s->user;
	struct modem *m = find_modem(d, name);
	if (!m && name && name[0]) {
		/* name the modems this daemon runs */
		char why[512];
		int n = snprintf(why, sizeof why, "no modem '%.64s' here; this daemon runs:", name);
		for (int i = 0; i < d->n && n > 0 && (size_t)n < sizeof why; i++)
			n += snprintf(why + n, sizeof why - (size_t)n, "%s %s", i ? "," : "", d->m[i].name);
		ctl_reply_error(cc, why);
		return false;
	}
	if (verb == CTL_STATUS) {
		do_status(d, cc, name);
		return false;
	}
	if (!m) {
		ctl_reply_error(cc, "no modem configured");
		return false;
	}
	if (ctl_verb_is_tool(verb)) {
		if ((!name || !name[0]) && d->n > 1) {
			char why[512];
			int n = snprintf(why, sizeof why, "%s: name the modem; this daemon runs:", ctl_verb_name(verb));
			for (int i = 0; i < d->n && n > 0 && (size_t)n < sizeof why; i++)
				n += snprintf(why + n, sizeof why - (size_t)n, "%s %s", i ? "," : "", d->m[i].name);
			ctl_reply_error(cc, why);
			return false;
		}
		if (m->on_ppp) {
			ctl_ppp_tool(cc, verb);
			return false;
		}
		if (verb == CTL_TOOL_POWER && radio_on(cc, m))
			return false;
		return ctl_host_tool(cc, &m->h, verb);
	}
	if (verb == CTL_METRICS) {
		struct ctl_metrics_row *rows = calloc((size_t)d->n + 1, sizeof(*rows));
		if (!rows) {
			ctl_reply_error(cc, "out of memory");
			return false;
		}
		ctl_reply_metrics(cc, rows, metrics_rows(d, name, rows));
		free(rows);
		return false;
	}
	switch (verb) {
	case CTL_INFO:
		do_info(cc, m);
		break;
	case CTL_SIGNAL:
		return do_signal(cc, m);
	case CTL_DISCONNECT:
		m->restart = false;
		m->radio_held = false;  /* power online then leaves the link down */
		stop_modem(m);
		ctl_reply(cc, "{\"ok\":true,\"action\":\"disconnecting\"}");
		break;
	case CTL_RECONNECT:
		m->radio_off = m->radio_held = false;   /* an explicit reconnect puts the radio back on */
		if (modem_running(m)) {
			m->restart = true;
			stop_modem(m);
		} else {
			start_modem(m);
		}
		ctl_reply(cc, "{\"ok\":true,\"action\":\"reconnecting\"}");
		break;
	default:
		break;
	}
	return false;
}

static void on_signal(struct ev_signal *s)
{
	struct daemon *d = s->signo == SIGINT ? container_of(s, struct daemon, sigint)
					      : container_of(s, struct daemon, sigterm);
	if (d->stopping) {
		ev_stop(&d->loop);
		return;
	}
	d->stopping = true;
	notify_send(&d->notify, "STOPPING=1\nSTATUS=stopping: disconnecting every modem");
	printf("cellink daemon: stopping: disconnecting every modem\n");
	fflush(stdout);
	bool any = false;
	for (int i = 0; i < d->n; i++) {
		d->m[i].restart = false;
		if (modem_running(&d->m[i])) {
			any = true;
			stop_modem(&d->m[i]);
		}
	}
	if (!any)
		ev_stop(&d->loop);
}

/* ---- configuration ---- */

static void modem_from_config(struct daemon *d, struct modem *m, const struct cl_modem_cfg *c)
{
	conn_host_init(&m->h, &d->loop);
	m->d = d;
	m->h.user = m;
	m->h.on_finished = on_finished;
	m->h.on_changed = on_changed;
	m->h.on_radio = on_radio;
	m->h.on_clients_gone = on_clients_gone;
	m->radio_timer.cb = on_radio_timer;
	snprintf(m->name, sizeof(m->name), "%s", c->name);
	snprintf(m->label, sizeof(m->label), "%s: ", c->name);
	m->h.label = m->label;
	m->mode = c->mode;
	daemon_ppp_init(&m->ppp, &d->loop, c, &d->ppp_opts, m->label);
	m->ppp.user = m;
	m->ppp.on_finished = on_ppp_finished;
	struct conn_config *cfg = &m->h.cfg;
	cfg->device = c->device;
	cfg->apn = c->apn;
	cfg->auth = (enum conn_auth)c->auth;
	cfg->username = c->username[0] ? c->username : NULL;
	/* one copy of each secret: the configuration's (d->cfg, wiped at exit) */
	cfg->password = c->password[0] ? c->password : NULL;
	cfg->pin = c->pincode[0] ? c->pincode : NULL;
	cfg->want_v4 = c->pdptype != CL_PDP_IPV6;
	cfg->want_v6 = c->pdptype != CL_PDP_IPV4;
	cfg->profile_index = (uint8_t)c->profile;
	cfg->apn_v6 = c->v6apn[0] ? c->v6apn : NULL;
	cfg->profile_index_v6 = (uint8_t)c->v6profile;
	cfg->persist = true;            /* a daemon keeps trying */
	if (c->timeout >= 0)            /* OpenWrt's meaning: the SIM and registration waits */
		cfg->sim_wait_ms = cfg->register_timeout_ms = (uint32_t)c->timeout * 1000u;
	if (c->request_timeout > 0)
		cfg->op_timeout_ms = (uint32_t)c->request_timeout * 1000u;
	cfg->probe = c->probe[0] ? c->probe : NULL;
	cfg->delay_ms = c->delay > 0 ? (uint32_t)c->delay * 1000u : 0;
	cfg->modes = c->modes;          /* CL_MODES_* == CONN_MODES_* (checked in conn_host.c) */
	cfg->plmn = c->plmn[0] ? c->plmn : NULL;
	cfg->mtu = c->mtu > 0 ? (uint32_t)c->mtu : 0;
	cfg->session_id = (uint32_t)c->session;
	cfg->mux_id = c->mux_id > 0 ? (uint8_t)c->mux_id : 0;
	cfg->no_roaming = !c->roaming;
	m->h.protocol = c->protocol;    /* CL_PROTOCOL_* == CTL_PROTO_* (checked below) */
	char why[300];
	if (conn_host_bands(&m->h, c->lte_bands, c->nr_bands, why, sizeof why) < 0)   /* checked by cl_config_parse */
		fprintf(stderr, "%s%s: not locked\n", m->label, why);
	/* the host side: routes beside the host's own, DNS to its resolver */
	m->h.metric = c->metric >= 0 ? (uint32_t)c->metric : CL_DEFAULT_METRIC;
	m->h.default_route = c->defaultroute;
	m->h.peer_dns = c->peerdns;
	m->h.dns_key = m->name;         /* /run/cellink/resolv.conf.NAME */
	if (c->ifname[0])
		snprintf(m->h.ifname, sizeof(m->h.ifname), "%s", c->ifname);
}

/* Sections that name one device are PDNs of one modem (the configuration
 * checked their mux ids): one device object for all, opened once. The
 * first of them (the lead) sets the modem itself: it presents the PIN and
 * selects modes, bands and network, with the values any of them gives;
 * the others only wait for the SIM and the registration. */
static int share_devices(struct daemon *d)
{
	for (int i = 0; i < d->n; i++) {
		const struct cl_modem_cfg *c = &d->cfg.modems[i];
		if (c->mode != CL_MODE_QMI || !c->device[0])
			continue;
		int lead = -1;
		for (int j = 0; j < i && lead < 0; j++)
			if (d->cfg.modems[j].mode == CL_MODE_QMI && cl_same_device(d->cfg.modems[j].device, c->device))
				lead = j;
		if (lead < 0)
			continue;
		struct modem *l = &d->m[lead], *m = &d->m[i];
		if (!l->h.qmi_dev) {
			l->h.qmi_dev = conn_qmi_dev_new(&d->loop);
			if (!l->h.qmi_dev)
				return -1;
			l->dev_owner = true;
		}
		m->h.qmi_dev = l->h.qmi_dev;
		struct conn_config *lc = &l->h.cfg, *mc = &m->h.cfg;
		if (!lc->pin)
			lc->pin = mc->pin;
		if (lc->modes == CONN_MODES_ALL)
			lc->modes = mc->modes;
		if (!lc->plmn)
			lc->plmn = mc->plmn;
		char why[300];
		const struct cl_modem_cfg *lcf = &d->cfg.modems[lead];
		if (conn_host_bands(&l->h, lcf->lte_bands[0] ? NULL : c->lte_bands, lcf->nr_bands[0] ? NULL : c->nr_bands,
				    why, sizeof why) < 0)
			fprintf(stderr, "%s%s: not locked\n", l->label, why);
		mc->pin = NULL;
		m->h.no_sms_watch = true;       /* one hook run per message: the lead's */
		mc->modes = CONN_MODES_ALL;
		mc->plmn = NULL;
		mc->bands = NULL;
		printf("cellink daemon: %s: a second PDN of %s's modem (QMAP mux id %d beside %d): one device, "
		       "opened once\n", m->name, l->name, c->mux_id, lcf->mux_id);
	}
	for (int i = 0; i < d->n; i++) {
		struct modem *m = &d->m[i];
		if (!m->h.qmi_dev || m->dev_owner)
			continue;
		for (int j = 0; j < i; j++)
			if (d->m[j].dev_owner && d->m[j].h.qmi_dev == m->h.qmi_dev && d->m[j].h.cfg.pin)
				m->h.cfg.pin_by = d->m[j].name;
	}
	return 0;
}

static void usage(FILE *o)
{
	fprintf(o,
		"usage: cellink daemon --config FILE [--modem NAME] [options]\n"
		"\n"
		"Runs the connection engine for every modem in FILE (UCI syntax, see 'cellink config'),\n"
		"or only the section NAME with --modem (one daemon per modem: cellink@NAME.service),\n"
		"reconnecting for as long as it runs. SIGTERM disconnects every modem and releases\n"
		"every client id. The control socket (default " DAEMON_DEFAULT_SOCKET ", mode 0600)\n"
		"serves 'cellink status|signal|info|disconnect|reconnect': status, signal and info to\n"
		"root and --read-group, disconnect and reconnect to root and --admin-group (socket\n"
		"mode 0660 with that group; each request is checked against the asker's credentials).\n"
		"Modems with option mode 'ppp' (or 'auto', when QMI cannot carry data) dial on their\n"
		"AT port and run pppd (--pppd, default pppd in PATH) with its options in a private\n"
		"directory under --runtime-dir (default /run/cellink).\n"
		"--hook runs PROGRAM up|update|down|error on every link change of a QMI modem, with\n"
		"CELLINK_NAME set to the modem's section name (as 'connect --hook --hook-name'); on\n"
		"OpenWrt, with --no-configure, netifd's interface of that name gets the settings.\n"
		"\n");
	cli_print_options(o, CB_DAEMON);
	fprintf(o, "\nexit status: as 'cellink connect --help' lists\n");
}

int cmd_daemon(int argc, char **argv)
{
	const char *config = NULL, *sysroot = NULL, *only = NULL, *hook = NULL;
	uint32_t liveness_ms = 0;      /* 0: the engine's default */
	bool configure = true, verbose = false;
	struct daemon *d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	d->sock_path = DAEMON_DEFAULT_SOCKET;
	int o, status = 0;
	struct cli_parser p;
	cli_parser_init(&p, CB_DAEMON, false);
	while ((o = cli_next(&p, argc, argv)) != -1) {
		switch (o) {
		case OPT_CONFIG: config = optarg; break;
		case OPT_LISTEN: d->sock_path = optarg; break;
		case OPT_METRICS_FILE: d->metrics_file = optarg; break;
		case OPT_SYSFS: sysroot = optarg; break;
		case OPT_NO_CONFIGURE: configure = false; break;
		case OPT_VERBOSE: verbose = true; break;
		case OPT_SYSLOG:
			if (syslog_out_start("cellink") < 0)
				fprintf(stderr, "cellink daemon: --syslog: no log socket; output stays here\n");
			break;
		case OPT_MODEM: only = optarg; break;
		case OPT_PPPD: d->ppp_opts.pppd = optarg; break;
		case OPT_RUNTIME_DIR: d->ppp_opts.runtime_dir = optarg; break;
		case OPT_HOOK: hook = optarg; break;
		case OPT_LIVENESS: liveness_ms = (uint32_t)(atof(optarg) * 1000); break;
		case OPT_READ_GROUP: d->read_group = optarg; break;
		case OPT_ADMIN_GROUP: d->admin_group = optarg; break;
		case OPT_HELP: usage(stdout); free(d); return 0;
		default: usage(stderr); free(d); return CONN_EXIT_USAGE;
		}
	}
	if (!config) {
		usage(stderr);
		free(d);
		return CONN_EXIT_USAGE;
	}
	size_t len;
	char *text = cli_read_file(config, &len);
	if (!text) {
		free(d);
		return CONN_EXIT_USAGE;
	}
	struct strbuf errs;
	sb_init(&errs);
	int nerr = cl_config_parse(&d->cfg, config, text, len, &errs, NULL);
	explicit_bzero(text, len);      /* passwords and PINs */
	free(text);
	if (nerr || d->cfg.n_modems == 0) {
		fprintf(stderr, "%s%s", sb_str(&errs), d->cfg.n_modems ? "" : "cellink daemon: no modem configured\n");
		sb_free(&errs);
		free(d);
		return CONN_EXIT_USAGE;
	}
	sb_free(&errs);
	if (only) {
		int k = -1;
		for (int i = 0; i < d->cfg.n_modems; i++)
			if (!strcmp(d->cfg.modems[i].name, only))
				k = i;
		if (k < 0) {
			fprintf(stderr, "cellink daemon: %s has no modem section '%s'\n", config, only);
			free(d);
			return CONN_EXIT_USAGE;
		}
		if (k)
			d->cfg.modems[0] = d->cfg.modems[k];
		explicit_bzero(&d->cfg.modems[1], sizeof(d->cfg.modems) - sizeof(d->cfg.modems[0]));
		d->cfg.n_modems = 1;
	}
	bool secrets = false;
	for (int i = 0; i < d->cfg.n_modems; i++)
		secrets |= d->cfg.modems[i].password[0] || d->cfg.modems[i].pincode[0];
	if (secrets) {
		conn_host_hold_secrets(true);
		cli_warn_secret_file("cellink daemon", config, "a password or PIN");
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (configure && geteuid() != 0) {
		printf("cellink daemon: not root: interfaces are not configured\n");
		configure = false;
	}
	if (ev_loop_init(&d->loop) < 0) {
		free(d);
		return 1;
	}
	notify_init(&d->notify, &d->loop);
	if (!strcmp(d->sock_path, DAEMON_DEFAULT_SOCKET))
		mkdir("/run/cellink", 0755);
	char why[512];
	int r = ctl_server_open(&d->ctl, &d->loop, d->sock_path, d->read_group, d->admin_group, on_request, d,
				why, sizeof(why));
	if (r < 0) {
		fprintf(stderr, "cellink daemon: control socket: %s\n", why);
		ev_loop_free(&d->loop);
		free(d);
		return 1;
	}
	d->n = d->cfg.n_modems;
	d->m = calloc((size_t)d->n, sizeof(*d->m));
	if (!d->m) {
		status = 1;
		goto out;
	}
	ev_signal_add(&d->loop, &d->sigint, SIGINT);
	ev_signal_add(&d->loop, &d->sigterm, SIGTERM);
	d->sigint.cb = d->sigterm.cb = on_signal;
	d->ppp_opts.sysroot = sysroot;
	d->ppp_opts.verbose = verbose;
	for (int i = 0; i < d->n; i++) {
		modem_from_config(d, &d->m[i], &d->cfg.modems[i]);
		d->m[i].h.sysroot = sysroot;
		d->m[i].h.runtime_dir = d->ppp_opts.runtime_dir;
		d->m[i].h.verbose = verbose;
		d->m[i].h.cfg.configure = configure;
		d->m[i].h.cfg.set_kernel_raw_ip = configure || sysroot;
		d->m[i].h.hook.program = hook;
		d->m[i].h.hook.name = d->m[i].name;
		if (liveness_ms)
			d->m[i].h.cfg.liveness_ms = liveness_ms;
	}
	if (share_devices(d) < 0) {
		status = 1;
		goto out_devs;
	}
	for (int i = 0; i < d->n; i++) {
		const struct cl_modem_cfg *c = &d->cfg.modems[i];
		if (hook && c->mode != CL_MODE_QMI)
			printf("cellink daemon: %s: the hook is told of the QMI link only; pppd configures "
			       "a PPP link itself\n", d->m[i].name);
		printf("cellink daemon: %s: %s, apn \"%s\", mode %s%s%s\n", d->m[i].name,
		       c->mode == CL_MODE_PPP ? (c->atport[0] ? c->atport : "AT port from sysfs") : c->device,
		       c->apn, cl_mode_name(c->mode), c->mode == CL_MODE_AUTO && c->atport[0] ? ", AT port " : "",
		       c->mode == CL_MODE_AUTO ? c->atport : "");
		start_modem(&d->m[i]);
		d->m[i].poll.on_change = on_radio_reading;
		d->m[i].poll.user = &d->m[i];
		radio_poll_start(&d->m[i].poll, &d->loop, &d->m[i].h);
	}
	printf("cellink daemon: control socket %s\n", d->sock_path);
	d->notify.on_tick = on_notify_tick;
	update_status(d);
	notify_ready(&d->notify, d->notify.status);
	ev_run(&d->loop);
	ctl_server_cancel_tools(&d->ctl);       /* before the clients they run over go */
	for (int i = 0; i < d->n; i++) {
		ev_timer_cancel(&d->loop, &d->m[i].radio_timer);
		radio_poll_stop(&d->m[i].poll);
		conn_host_free(&d->m[i].h);     /* answers pending "signal" queries */
		daemon_ppp_free(&d->m[i].ppp);
	}
out_devs:
	for (int i = 0; i < d->n; i++)
		if (d->m[i].dev_owner)
			conn_qmi_dev_unref(d->m[i].h.qmi_dev);
out:
	ctl_server_close(&d->ctl);
	notify_free(&d->notify);
	ev_loop_free(&d->loop);
	explicit_bzero(&d->cfg, sizeof(d->cfg));
	free(d->m);
	free(d);
	return status;
}

_Static_assert((int)CL_PROTOCOL_AUTO == (int)CTL_PROTO_UNKNOWN && (int)CL_PROTOCOL_QMI == (int)CTL_PROTO_QMI &&
	       (int)CL_PROTOCOL_MBIM == (int)CTL_PROTO_MBIM, "CL_PROTOCOL_* and CTL_PROTO_* differ");
_Static_assert(CONN_QMI_DEV_USERS >= CL_CONFIG_MAX_MODEMS,
	       "every section of a configuration may share one device");
