/* cellink connect --mode ppp: the link over the modem's AT port and pppd,
 * for modems whose QMI cannot carry data (or that have none). Called by
 * cmd_connect for --mode ppp, and for --mode auto when QMI cannot. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/conn_host.h"
#include "cli/connect_ppp.h"
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
	uint64_t t0;
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
		"usage: cellink connect --mode ppp --port PATH --apn APN [options]\n"
		"\n"
		"Brings the link up over PPP: dials the modem on its AT port, hands the line\n"
		"to pppd and supervises it (restart with back-off when the link drops) until\n"
		"interrupted.\n"
		"  --port PATH          the modem's AT/PPP port (/dev/ttyUSB2; 'cellink doctor' names it)\n"
		"  --apn APN            access point name\n"
		"  --username U         user name for PAP/CHAP (pppd negotiates which)\n"
		"  --password-file F    password in a file (or env CELLINK_PASSWORD); never on argv\n"
		"  --pin-file F         SIM PIN in a file; entered only while >= 2 attempts remain\n"
		"  --ip-type 4|6|4v6    PDP type IP, IPV6 or IPV4V6 (default 4)\n"
		"  --cid N              PDP context (default 1)\n"
		"  --dial STRING        dial command (default ATD*99***<cid>#)\n"
		"  --baud N             line speed for real UARTs\n"
		"  --pppd PATH          pppd program (default pppd in PATH)\n"
		"  --pppd-opts FILE     more pppd options, passed as pppd's 'file FILE'\n"
		"  --runtime-dir DIR    where the private options directory goes (default /run/cellink)\n"
		"  --unit N             interface pppN\n"
		"  --no-peerdns         do not ask the network for DNS servers\n"
		"  --no-defaultroute    do not add a default route through the link\n"
		"  --lcp-echo S,N       keepalive: echo every S s, down after N misses (default 10,3; 0 off)\n"
		"  --register-timeout S bound on the wait for registration (default 60)\n"
		"  --timeout S          give up if the link is not up within S seconds\n"
		"  --persist            retry failures even before the first link\n"
		"  --max-restarts N     give up after N restarts (default: never)\n"
		"  --backoff MIN,MAX    restart back-off bounds in ms (default 2000,120000)\n"
		"  --verbose            show AT commands (PIN hidden) and pppd's log\n");
}

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
	a->stopping = true;
	printf("[%7.3f] stopping (signal %d): ending pppd, hanging up\n", elapsed(a), sg->signo);
	fflush(stdout);
	ppp_session_stop(&a->s);
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

/* ---- options ---- */

enum {
	O_PORT = 1, O_APN, O_USER, O_PASSFILE, O_PINFILE, O_IPTYPE, O_CID, O_DIAL, O_BAUD, O_PPPD,
	O_PPPD_OPTS, O_RUNDIR, O_UNIT, O_NOPEERDNS, O_NODEFROUTE, O_LCPECHO, O_REGTIMEOUT, O_TIMEOUT,
	O_PERSIST, O_MAXRESTARTS, O_BACKOFF, O_VERBOSE, O_MODE, O_HELP, O_DEVICE, O_SYSFS,
	O_QMI_ONLY,
};

static const struct option opts[] = {
	{ "port", required_argument, NULL, O_PORT },
	{ "apn", required_argument, NULL, O_APN },
	{ "username", required_argument, NULL, O_USER },
	{ "password-file", required_argument, NULL, O_PASSFILE },
	{ "pin-file", required_argument, NULL, O_PINFILE },
	{ "ip-type", required_argument, NULL, O_IPTYPE },
	{ "cid", required_argument, NULL, O_CID },
	{ "dial", required_argument, NULL, O_DIAL },
	{ "baud", required_argument, NULL, O_BAUD },
	{ "pppd", required_argument, NULL, O_PPPD },
	{ "pppd-opts", required_argument, NULL, O_PPPD_OPTS },
	{ "runtime-dir", required_argument, NULL, O_RUNDIR },
	{ "unit", required_argument, NULL, O_UNIT },
	{ "no-peerdns", no_argument, NULL, O_NOPEERDNS },
	{ "no-defaultroute", no_argument, NULL, O_NODEFROUTE },
	{ "lcp-echo", required_argument, NULL, O_LCPECHO },
	{ "register-timeout", required_argument, NULL, O_REGTIMEOUT },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "persist", no_argument, NULL, O_PERSIST },
	{ "max-restarts", required_argument, NULL, O_MAXRESTARTS },
	{ "backoff", required_argument, NULL, O_BACKOFF },
	{ "verbose", no_argument, NULL, O_VERBOSE },
	{ "mode", required_argument, NULL, O_MODE },
	{ "help", no_argument, NULL, O_HELP },
	/* where the modem is, when --port is not given */
	{ "device", required_argument, NULL, O_DEVICE },
	{ "sysfs", required_argument, NULL, O_SYSFS },
	/* QMI-only options, accepted so that --mode auto can fall back */
	{ "auth", required_argument, NULL, O_QMI_ONLY },
	{ "profile", required_argument, NULL, O_QMI_ONLY },
	{ "ifname", required_argument, NULL, O_QMI_ONLY },
	{ "resolv", required_argument, NULL, O_QMI_ONLY },
	{ "liveness", required_argument, NULL, O_QMI_ONLY },
	{ "no-configure", no_argument, NULL, O_QMI_ONLY },
	{ "modes", required_argument, NULL, O_QMI_ONLY },
	{ "plmn", required_argument, NULL, O_QMI_ONLY },
	{ "delay", required_argument, NULL, O_QMI_ONLY },
	{ "mtu", required_argument, NULL, O_QMI_ONLY },
	{ "hook", required_argument, NULL, O_QMI_ONLY },
	{ "hook-name", required_argument, NULL, O_QMI_ONLY },
	{ NULL, 0, NULL, 0 },
};

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
	optind = 1;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case O_PORT: w->port = optarg; break;
		case O_DEVICE: w->device = optarg; break;
		case O_SYSFS: w->sysfs = optarg; break;
		case O_QMI_ONLY: break;
		case O_APN: c->apn = optarg; break;
		case O_USER: p->user = optarg; break;
		case O_PASSFILE:
			if (conn_host_read_secret(optarg, a->password, sizeof a->password) < 0) {
				fprintf(stderr, "cellink connect: cannot read the password file %s\n", optarg);
				return -1;
			}
			p->password = a->password;
			cli_warn_secret_file("cellink connect", optarg, "a password");
			break;
		case O_PINFILE:
			if (conn_host_read_secret(optarg, a->pin, sizeof a->pin) < 0 || !a->pin[0]) {
				fprintf(stderr, "cellink connect: cannot read a PIN from %s\n", optarg);
				return -1;
			}
			c->pin = a->pin;
			cli_warn_secret_file("cellink connect", optarg, "a PIN");
			break;
		case O_IPTYPE:
			if (!strcmp(optarg, "4"))
				c->ip = PPP_IP_V4;
			else if (!strcmp(optarg, "6"))
				c->ip = PPP_IP_V6;
			else if (!strcmp(optarg, "4v6"))
				c->ip = PPP_IP_V4V6;
			else {
				fprintf(stderr, "cellink connect: --ip-type takes 4, 6 or 4v6\n");
				return -1;
			}
			break;
		case O_CID:
			if (!num(optarg, 1, 16, &v)) {
				fprintf(stderr, "cellink connect: --cid takes 1..16\n");
				return -1;
			}
			c->cid = (int)v;
			break;
		case O_DIAL: c->dial = optarg; break;
		case O_BAUD:
			if (!num(optarg, 1, 4000000, &v)) {
				fprintf(stderr, "cellink connect: --baud takes a speed\n");
				return -1;
			}
			*baud = (unsigned)v;
			p->baud = (unsigned)v;
			break;
		case O_PPPD: p->pppd = optarg; break;
		case O_PPPD_OPTS: p->extra_file = optarg; break;
		case O_RUNDIR: p->runtime_dir = optarg; break;
		case O_UNIT:
			if (!num(optarg, 0, 255, &v)) {
				fprintf(stderr, "cellink connect: --unit takes 0..255\n");
				return -1;
			}
			p->unit = (int)v;
			break;
		case O_NOPEERDNS: p->usepeerdns = false; break;
		case O_NODEFROUTE: p->defaultroute = false; break;
		case O_LCPECHO: {
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
		case O_REGTIMEOUT:
			if (!num(optarg, 1, 86400, &v)) {
				fprintf(stderr, "cellink connect: --register-timeout takes seconds\n");
				return -1;
			}
			c->register_timeout_ms = (unsigned)v * 1000;
			break;
		case O_TIMEOUT:
			if (!num(optarg, 1, 86400, &v)) {
				fprintf(stderr, "cellink connect: --timeout takes seconds\n");
				return -1;
			}
			*timeout_s = (unsigned)v;
			break;
		case O_PERSIST: c->persist = true; break;
		case O_MAXRESTARTS:
			if (!num(optarg, 0, 1000000, &v)) {
				fprintf(stderr, "cellink connect: --max-restarts takes a count\n");
				return -1;
			}
			c->max_restarts = (int)v;
			break;
		case O_BACKOFF: {
			unsigned lo = 0, hi = 0;
			if (sscanf(optarg, "%u,%u", &lo, &hi) != 2 || !lo || hi < lo) {
				fprintf(stderr, "cellink connect: --backoff takes MIN_MS,MAX_MS\n");
				return -1;
			}
			c->backoff_min_ms = lo;
			c->backoff_max_ms = hi;
			break;
		}
		case O_VERBOSE: a->verbose = true; break;
		case O_MODE:
			if (strcmp(optarg, "ppp") && strcmp(optarg, "auto")) {
				fprintf(stderr, "cellink connect: this is the PPP mode; --mode %s is not it\n", optarg);
				return -1;
			}
			break;
		case O_HELP: usage(stdout); return 1;
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

/* Options only the PPP side knows: kept from the QMI parser. */
static const struct { const char *name; bool arg; } ppp_only[] = {
	{ "port", true }, { "mode", true }, { "pppd", true }, { "pppd-opts", true },
	{ "runtime-dir", true }, { "unit", true }, { "no-peerdns", false },
	{ "no-defaultroute", false }, { "lcp-echo", true }, { "max-restarts", true },
	{ "backoff", true }, { "cid", true }, { "dial", true }, { "baud", true },
};

/* 0 when argv[i] is not a PPP-only option, else how many words it takes. */
static int ppp_only_words(int argc, char **argv, int i)
{
	const char *s = argv[i];
	if (strncmp(s, "--", 2))
		return 0;
	s += 2;
	for (size_t k = 0; k < sizeof ppp_only / sizeof ppp_only[0]; k++) {
		size_t n = strlen(ppp_only[k].name);
		if (strncmp(s, ppp_only[k].name, n))
			continue;
		if (s[n] == '=')
			return 1;
		if (s[n] == 0)
			return ppp_only[k].arg && i + 1 < argc ? 2 : 1;
	}
	return 0;
}

int connect_mode_parse(int argc, char **argv, struct connect_mode_args *m)
{
	memset(m, 0, sizeof(*m));
	m->argv = calloc((size_t)argc + 1, sizeof(char *));
	if (!m->argv)
		return -1;
	const char *mode = NULL, *port = NULL;
	bool help = false;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		const char **dst = !strcmp(s, "--mode") ? &mode : !strcmp(s, "--port") ? &port : NULL;
		if (dst && i + 1 < argc) {
			*dst = argv[++i];
			continue;
		}
		if (!strncmp(s, "--mode=", 7)) {
			mode = s + 7;
			continue;
		}
		if (!strncmp(s, "--port=", 7)) {
			port = s + 7;
			continue;
		}
		if (!strcmp(s, "--device") && i + 1 < argc)
			m->device = argv[i + 1];
		if (!strcmp(s, "--help"))
			help = true;
		int skip = ppp_only_words(argc, argv, i);
		if (skip) {
			i += skip - 1;
			continue;
		}
		m->argv[m->argc++] = argv[i];
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
	if (help && m->mode == CONNECT_MODE_QMI)
		printf("link modes: --mode qmi (default) | ppp (over the AT port and pppd: see\n"
		       "'cellink connect --mode ppp --help') | auto (QMI, falling back to PPP on the\n"
		       "modem's AT port, or --port, when QMI cannot carry data)\n\n");
	return 0;
}

void connect_mode_free(struct connect_mode_args *m)
{
	free(m->argv);
	m->argv = NULL;
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
	if (qmi_status != CONN_EXIT_NO_RAW_IP && qmi_status != CONN_EXIT_NO_DEVICE)
		return false;
	printf("cellink connect: QMI cannot carry data here (%s); falling back to PPP on the "
	       "modem's AT port\n", conn_exit_text(qmi_status));
	fflush(stdout);
	return true;
}
