/* cellink connect --mode ppp: the link over the modem's AT port and pppd,
 * for modems whose QMI cannot carry data (or that have none). Called by
 * cmd_connect for --mode ppp, and for --mode auto when QMI cannot. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/conn_host.h"
#include "cli/ctl.h"
#include "cli/connect_ppp.h"
#include "cli/options.h"
#include "cli/syslog_out.h"
#include "cli/util.h"
#include "common/util.h"
#include "conn/conn_exit.h"
#include "ppp/session.h"
#include "usb/ports.h"

struct ppp_app {
	struct ev_loop loop;
	struct ppp_session s;
	struct ev_signal sigint, sigterm;
	struct ev_timer deadline;
	struct ctl_server ctl;          /* cellink status|signal|info|disconnect */
	const char *control;            /* --control, NULL: the default when root */
	const char *port;
	const char *apn;
	char name[16];                  /* the link's name: pppN, or ppp */
	uint64_t t0, up_since;
	unsigned links_up;
	const char *mode;               /* as asked: ppp or auto */
	bool verbose;
	bool stopping;
	int status;
	char password[256];
	char pin[32];
};

static double elapsed(const struct ppp_app *a)
{
	return (double)(ev_now_ms() - a->t0) / 1000.0;
}

static void usage(FILE *o)
{
	fprintf(o,
		"usage: cellink connect --mode ppp [--port PATH] --apn APN [options]\n"
		"\n"
		"Brings the link up over PPP: dials the modem on its AT port, hands the line\n"
		"to pppd and supervises it (restart with back-off when the link drops) until\n"
		"interrupted.\n"
		"\n");
	cli_print_options(o, CB_PPP);
	fprintf(o, "\nexit status: as 'cellink connect --help' lists\n");
}

static void stop_link(struct ppp_app *a, const char *why);

/* ---- callbacks ---- */

static void on_log(struct ppp_session *s, enum ppp_log lvl, const char *text)
{
	struct ppp_app *a = s->user;
	FILE *f = lvl == PPP_LOG_INFO ? stdout : stderr;
	fprintf(f, "[%7.3f] %s%s\n", elapsed(a),
		lvl == PPP_LOG_ERROR ? "error: " : lvl == PPP_LOG_WARN ? "warning: " : "", text);
	fflush(f);
}

static void on_state(struct ppp_session *s, enum ppp_state from, enum ppp_state to)
{
	struct ppp_app *a = s->user;
	if (from == PPP_S_UP)
		a->up_since = 0;
	if (to == PPP_S_UP) {
		a->up_since = ev_now_ms();
		a->links_up++;
	}
	if (a->verbose || to == PPP_S_UP || to == PPP_S_PPP || to == PPP_S_BACKOFF)
		printf("[%7.3f] state %s -> %s\n", elapsed(a), ppp_state_name(from), ppp_state_name(to));
	if (to == PPP_S_UP) {
		const struct pppd_info *i = &s->pppd.info;
		ev_timer_cancel(&a->loop, &a->deadline);
		printf("[%7.3f] link up on %s", elapsed(a), i->ifname[0] ? i->ifname : "ppp");
		if (i->local4[0])
			printf(": local %s, peer %s", i->local4, i->remote4[0] ? i->remote4 : "?");
		if (i->local6[0])
			printf("%s link-local %s", i->local4[0] ? "," : ":", i->local6);
		if (i->dns1[0])
			printf(", DNS %s%s%s", i->dns1, i->dns2[0] ? " " : "", i->dns2);
		printf("\n");
	}
	fflush(stdout);
}

static void on_pppd_line(struct ppp_session *s, const char *line)
{
	struct ppp_app *a = s->user;
	if (a->verbose)
		printf("[%7.3f] pppd: %s\n", elapsed(a), line);
}

static void on_finished(struct ppp_session *s, int status)
{
	struct ppp_app *a = s->user;
	a->status = status;
	ev_stop(&a->loop);
}

static void on_signal(struct ev_signal *sg)
{
	struct ppp_app *a = sg->signo == SIGTERM ? container_of(sg, struct ppp_app, sigterm)
						 : container_of(sg, struct ppp_app, sigint);
	if (a->stopping) {
		ev_stop(&a->loop);      /* second signal: leave now */
		return;
	}
	char why[32];
	snprintf(why, sizeof why, "stopping (signal %d)", sg->signo);
	stop_link(a, why);
}

static void on_deadline(struct ev_timer *t)
{
	struct ppp_app *a = container_of(t, struct ppp_app, deadline);
	enum ppp_state st = a->s.sm.state;
	fprintf(stderr, "[%7.3f] error: the link is not up within the --timeout (in state %s)\n",
		elapsed(a), ppp_state_name(st));
	a->status = st == PPP_S_REGISTER || st == PPP_S_REG_WAIT ? CONN_EXIT_NO_REGISTRATION
								 : CONN_EXIT_MODEM_ERROR;
	a->stopping = true;
	int keep = a->status;
	ppp_session_stop(&a->s);
	a->s.status = keep;
}

/* ---- the control socket: the daemon's protocol for this one link ---- */

static void stop_link(struct ppp_app *a, const char *why)
{
	if (a->stopping)
		return;
	a->stopping = true;
	printf("[%7.3f] %s: ending pppd, hanging up\n", elapsed(a), why);
	fflush(stdout);
	ppp_session_stop(&a->s);
}

static bool on_request(struct ctl_server *srv, struct ctl_conn *cc, enum ctl_verb verb, const char *name)
{
	struct ppp_app *a = srv->user;
	if (name[0] && strcmp(name, a->name)) {
		ctl_reply_error(cc, "no such modem");
		return false;
	}
	if (ctl_verb_is_tool(verb)) {
		ctl_ppp_tool(cc, verb);
		return false;
	}
	struct strbuf sb;
	switch (verb) {
	case CTL_STATUS:
	case CTL_METRICS: {
		const struct ppp_session *s = &a->s;
		struct ctl_ppp_link l = {
			.s = s,
			.state = s->finished || s->sm.state == PPP_S_STOPPED ? PPP_S_STOPPING : s->sm.state,
			.port = a->port,
			.qmi_device = "",
			.apn = a->apn,
			.up_since = a->up_since,
			.links_up = a->links_up,
			.why = s->sm.reason,
		};
		if (verb == CTL_METRICS) {
			struct ctl_metrics_row r;
			ctl_metrics_row_ppp(&r, a->name, &l);
			ctl_reply_metrics(cc, &r, 1);
			return false;
		}
		sb_init(&sb);
		sb_printf(&sb, "{\"ok\":true,\"schema\":%d,\"modems\":[{\"name\":", CELLINK_JSON_SCHEMA);
		sb_put_json_str(&sb, a->name, strlen(a->name));
		sb_puts(&sb, ",\"mode\":\"ppp\",\"configured_mode\":");
		sb_put_json_str(&sb, a->mode, strlen(a->mode));
		sb_puts(&sb, ",\"status\":");
		ctl_ppp_status_json(&sb, &l);
		sb_puts(&sb, "}]}");
		ctl_reply(cc, sb_str(&sb));
		sb_free(&sb);
		return false;
	}
	case CTL_INFO:
		ctl_ppp_info(cc, a->name, a->port);
		return false;
	case CTL_SIGNAL:
		ctl_ppp_signal(cc);
		return false;
	case CTL_DISCONNECT:
		stop_link(a, "disconnect asked on the control socket");
		ctl_reply(cc, "{\"ok\":true,\"action\":\"disconnecting\"}");
		return false;
	default:
		ctl_reply_error(cc, "cellink connect does not reconnect on request (it already reconnects "
			       "by itself); stop it and start it again");
		return false;
	}
}

/* An explicit --control that cannot be served is an error; the default is
 * a convenience (a daemon may hold it). */
static int open_control(struct ppp_app *a)
{
	char opened[108];
	if (ctl_server_open_link(&a->ctl, &a->loop, a->control, a->name, on_request, a, opened, sizeof(opened)) < 0)
		return -1;
	if (opened[0])
		printf("[%7.3f] control socket %s\n", elapsed(a), opened);
	return 0;
}

/* ---- options ---- */

static bool num(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

struct where {
	const char *port, *device, *sysfs;
};

static int parse(struct ppp_app *a, int argc, char **argv, struct where *w, unsigned *baud,
		 struct ppp_config *c, struct pppd_conf *p, unsigned *timeout_s)
{
	int o;
	long v;
	struct cli_parser cp;
	/* QMI's options too, so that --mode auto can fall back with the same words */
	cli_parser_init(&cp, CB_CONNECT, false);
	while ((o = cli_next(&cp, argc, argv)) != -1) {
		if (o > OPT__NONE && !(cli_opt_of(o)->cmds & CB_PPP))
			continue;
		switch (o) {
		case OPT_PORT: w->port = optarg; break;
		case OPT_DEVICE: w->device = optarg; break;
		case OPT_SYSFS: w->sysfs = optarg; break;
		case OPT_APN: c->apn = optarg; break;
		case OPT_USERNAME: p->user = optarg; break;
		case OPT_PASSWORD_FILE:
			if (conn_host_read_secret(optarg, a->password, sizeof a->password) < 0) {
				fprintf(stderr, "cellink connect: cannot read the password file %s\n", optarg);
				return -1;
			}
			p->password = a->password;
			cli_warn_secret_file("cellink connect", optarg, "a password");
			break;
		case OPT_PIN_FILE:
			if (conn_host_read_secret(optarg, a->pin, sizeof a->pin) < 0 || !a->pin[0]) {
				fprintf(stderr, "cellink connect: cannot read a PIN from %s\n", optarg);
				return -1;
			}
			c->pin = a->pin;
			cli_warn_secret_file("cellink connect", optarg, "a PIN");
			break;
		case OPT_IP_TYPE:
		{
			bool v4, v6;
			if (cli_ip_type(optarg, &v4, &v6) < 0) {
				fprintf(stderr, "cellink connect: --ip-type takes 4, 6 or 4v6 (or ipv4, ipv6, "
					"ipv4v6), not \"%s\"\n", optarg);
				return -1;
			}
			c->ip = v4 && v6 ? PPP_IP_V4V6 : v6 ? PPP_IP_V6 : PPP_IP_V4;
			break;
		}
		case OPT_CID:
			if (!num(optarg, 1, 16, &v)) {
				fprintf(stderr, "cellink connect: --cid takes 1..16\n");
				return -1;
			}
			c->cid = (int)v;
			break;
		case OPT_DIAL: c->dial = optarg; break;
		case OPT_BAUD:
			if (!num(optarg, 1, 4000000, &v)) {
				fprintf(stderr, "cellink connect: --baud takes a speed\n");
				return -1;
			}
			*baud = (unsigned)v;
			p->baud = (unsigned)v;
			break;
		case OPT_PPPD: p->pppd = optarg; break;
		case OPT_PPPD_OPTS: p->extra_file = optarg; break;
		case OPT_RUNTIME_DIR: p->runtime_dir = optarg; break;
		case OPT_UNIT:
			if (!num(optarg, 0, 255, &v)) {
				fprintf(stderr, "cellink connect: --unit takes 0..255\n");
				return -1;
			}
			p->unit = (int)v;
			break;
		case OPT_METRIC:
			if (!num(optarg, 0, 65535, &v)) {
				fprintf(stderr, "cellink connect: --metric takes a whole number from 0 to 65535, "
					"not \"%s\"\n", optarg);
				return -1;
			}
			p->metric = (int)v;
			break;
		case OPT_NO_PEERDNS: case OPT_NO_DNS: p->usepeerdns = false; break;
		case OPT_NO_DEFAULTROUTE: case OPT_NO_DEFAULT_ROUTE: p->defaultroute = false; break;
		case OPT_LCP_ECHO: {
			unsigned s = 0, n = 0;
			if (sscanf(optarg, "%u,%u", &s, &n) < 1 || s > 3600 || n > 100) {
				fprintf(stderr, "cellink connect: --lcp-echo takes SECONDS,MISSES\n");
				return -1;
			}
			p->lcp_echo_interval = s;
			if (n)
				p->lcp_echo_failure = n;
			break;
		}
		case OPT_REGISTER_TIMEOUT:
			if (!num(optarg, 1, 86400, &v)) {
				fprintf(stderr, "cellink connect: --register-timeout takes seconds\n");
				return -1;
			}
			c->register_timeout_ms = (unsigned)v * 1000;
			break;
		case OPT_TIMEOUT:
			if (!num(optarg, 1, 86400, &v)) {
				fprintf(stderr, "cellink connect: --timeout takes seconds\n");
				return -1;
			}
			*timeout_s = (unsigned)v;
			break;
		case OPT_PERSIST: c->persist = true; break;
		case OPT_MAX_RESTARTS:
			if (!num(optarg, 0, 1000000, &v)) {
				fprintf(stderr, "cellink connect: --max-restarts takes a count\n");
				return -1;
			}
			c->max_restarts = (int)v;
			break;
		case OPT_BACKOFF: {
			unsigned lo = 0, hi = 0;
			if (sscanf(optarg, "%u,%u", &lo, &hi) != 2 || !lo || hi < lo) {
				fprintf(stderr, "cellink connect: --backoff takes MIN_MS,MAX_MS\n");
				return -1;
			}
			c->backoff_min_ms = lo;
			c->backoff_max_ms = hi;
			break;
		}
		case OPT_VERBOSE: a->verbose = true; break;
		case OPT_SYSLOG:
			if (syslog_out_start("cellink") < 0)
				fprintf(stderr, "cellink connect: --syslog: no log socket; output stays here\n");
			break;
		case OPT_CONNECT_CONTROL: a->control = optarg; break;
		case OPT_MODE:
			a->mode = !strcmp(optarg, "auto") ? "auto" : "ppp";
			if (strcmp(optarg, "ppp") && strcmp(optarg, "auto")) {
				fprintf(stderr, "cellink connect: this is the PPP mode; --mode %s is not it\n", optarg);
				return -1;
			}
			break;
		case OPT_HELP: usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cellink connect: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!c->apn) {
		fprintf(stderr, "cellink connect: --mode ppp needs --apn\n\n");
		usage(stderr);
		return -1;
	}
	if (!p->password)
		p->password = conn_host_env_password();        /* one copy, shared with the QMI run */
	if (p->password || c->pin)
		conn_host_hold_secrets(true);
	if (p->password && !p->user) {
		fprintf(stderr, "cellink connect: a password needs --username\n");
		return -1;
	}
	return 0;
}

static void at_trace(void *ud, bool out, const char *line)
{
	struct ppp_app *a = ud;
	printf("[%7.3f] %s %s\n", elapsed(a), out ? ">>" : "<<", line);
}

int cmd_connect_ppp(int argc, char **argv)
{
	struct ppp_app *a = calloc(1, sizeof(*a));
	if (!a)
		return CONN_EXIT_MODEM_ERROR;
	a->t0 = ev_now_ms();
	a->mode = "ppp";
	a->ctl.listener.fd = a->ctl.lock_fd = -1;
	struct where w = { 0 };
	unsigned baud = 0, timeout_s = 0;
	struct ppp_config c;
	struct pppd_conf p;
	ppp_session_defaults(&c, &p);
	int r = parse(a, argc, argv, &w, &baud, &c, &p, &timeout_s);
	if (r) {
		free(a);
		return r > 0 ? 0 : CONN_EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	char found[64], why[600];
	const char *port = w.port;
	if (!port) {
		/* the doctor's knowledge: which interface of this modem is its modem port */
		if (usb_find_modem_port(w.sysfs, w.device, found, sizeof found, why, sizeof why) < 0) {
			fprintf(stderr, "cellink connect: no --port given and no modem port found: %s\n", why);
			free(a);
			return CONN_EXIT_NO_DEVICE;
		}
		port = found;
		printf("[%7.3f] modem port %s (found through sysfs%s%s)\n", elapsed(a), port,
		       w.device ? ", the device of " : "", w.device ? w.device : "");
	}
	if (ev_loop_init(&a->loop) < 0) {
		free(a);
		return CONN_EXIT_MODEM_ERROR;
	}
	a->s.user = a;
	a->s.on_log = on_log;
	a->s.on_state = on_state;
	a->s.on_pppd_line = on_pppd_line;
	a->s.on_finished = on_finished;
	r = ppp_session_open(&a->s, &a->loop, port, baud, why, sizeof why);
	if (r < 0) {
		fprintf(stderr, "cellink connect: %s\n", why);
		ev_loop_free(&a->loop);
		free(a);
		return r == -EBUSY ? CONN_EXIT_DEVICE_BUSY : CONN_EXIT_NO_DEVICE;
	}
	if (a->verbose) {
		a->s.at.on_trace = at_trace;
		a->s.at.trace_ud = a;
	}
	a->port = port;
	a->apn = c.apn;
	if (p.unit >= 0)
		snprintf(a->name, sizeof a->name, "ppp%d", p.unit);
	else
		snprintf(a->name, sizeof a->name, "ppp");
	if (open_control(a) < 0) {
		ppp_session_close(&a->s);
		ev_loop_free(&a->loop);
		free(a);
		return CONN_EXIT_USAGE;
	}
	a->sigint.cb = on_signal;
	a->sigterm.cb = on_signal;
	ev_signal_add(&a->loop, &a->sigint, SIGINT);
	ev_signal_add(&a->loop, &a->sigterm, SIGTERM);
	if (timeout_s) {
		a->deadline.cb = on_deadline;
		ev_timer_set(&a->loop, &a->deadline, (uint64_t)timeout_s * 1000);
	}
	printf("[%7.3f] PPP on %s, APN \"%s\" (%s)%s\n", elapsed(a), port, c.apn, ppp_ip_pdp_type(c.ip),
	       p.password ? ", with credentials" : "");
	fflush(stdout);
	ppp_session_start(&a->s, &c, &p);
	ev_run(&a->loop);
	int status = a->s.finished ? a->s.status : a->status;
	if (a->stopping && a->s.finished && a->status && !a->s.status)
		status = a->status;     /* --timeout */
	if (!a->s.finished)
		status = a->status ? a->status : CONN_EXIT_OK;
	const char *reason = a->s.sm.reason;
	ctl_server_close(&a->ctl);
	ppp_session_close(&a->s);
	if (status)
		fprintf(stderr, "cellink connect: %s%s%s (exit %d)\n", conn_exit_text(status),
			reason[0] ? ": " : "", reason, status);
	else
		printf("[%7.3f] disconnected; the modem hung up\n", elapsed(a));
	explicit_bzero(a->password, sizeof a->password);
	explicit_bzero(a->pin, sizeof a->pin);
	ev_loop_free(&a->loop);
	free(a);
	return status;
}

/* ---- --mode for cellink connect ---- */

int connect_mode_parse(int argc, char **argv, struct connect_mode_args *m)
{
	memset(m, 0, sizeof(*m));
	const char *mode = NULL, *port = NULL;
	bool help = false;
	/* a first look, with the table saying which options take a value; the
	 * parser of the mode chosen reports what is wrong with the rest */
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (!strcmp(s, "--"))
			break;
		if (strncmp(s, "--", 2)) {
			help = help || !strcmp(s, "-h");
			continue;
		}
		const char *eq = strchr(s, '=');
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)(eq ? (size_t)(eq - s - 2) : strlen(s + 2)), s + 2);
		const struct cli_opt *o = cli_find(name, CB_CONNECT);
		if (!o)
			continue;
		const char *val = eq ? eq + 1 : o->arg && i + 1 < argc ? argv[i + 1] : NULL;
		if (o->arg && !eq)
			i++;
		if (o->id == OPT_MODE)
			mode = val;
		else if (o->id == OPT_PORT)
			port = val;
		else if (o->id == OPT_DEVICE)
			m->device = val;
		else if (o->id == OPT_HELP)
			help = true;
	}
	if (!mode || !strcmp(mode, "qmi")) {
		m->mode = CONNECT_MODE_QMI;
	} else if (!strcmp(mode, "ppp")) {
		m->mode = CONNECT_MODE_PPP;
	} else if (!strcmp(mode, "auto")) {
		m->mode = CONNECT_MODE_AUTO;
	} else {
		fprintf(stderr, "cellink connect: --mode takes qmi, ppp or auto\n");
		return -1;
	}
	if (port && m->mode == CONNECT_MODE_QMI) {
		fprintf(stderr, "cellink connect: --port is the AT/PPP port: use it with --mode ppp or auto\n");
		return -1;
	}
	m->run_qmi = m->mode == CONNECT_MODE_QMI || (m->mode == CONNECT_MODE_AUTO && m->device && !help);
	return 0;
}

bool connect_ppp_wanted(const struct connect_mode_args *m, int qmi_status)
{
	if (m->mode == CONNECT_MODE_PPP)
		return true;
	if (m->mode != CONNECT_MODE_AUTO)
		return false;
	if (!m->run_qmi) {
		printf("cellink connect: --mode auto without --device: no QMI device to try, using PPP\n");
		return true;
	}
	if (!conn_exit_wants_ppp(qmi_status))
		return false;
	printf("cellink connect: QMI cannot carry data here (%s); falling back to PPP on the "
	       "modem's AT port\n", conn_exit_text(qmi_status));
	fflush(stdout);
	return true;
}
