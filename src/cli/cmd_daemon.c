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
#include "cli/conn_host.h"
#include "cli/daemon_ppp.h"
#include "cli/util.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "config/config.h"
#include "qmi/ids.h"

#define DAEMON_DEFAULT_SOCKET "/run/cellink/cellink.sock"
#define CTL_LINE_MAX 256

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
};

struct ctl_conn {
	struct daemon *d;
	struct ctl_conn *next, *prev;   /* open connections, freed at exit */
	struct ev_fd h;
	struct ev_timer timeout;
	size_t len;
	bool waiting;                   /* an answer from a modem is pending */
	char line[CTL_LINE_MAX];
};

struct daemon {
	struct ev_loop loop;
	struct ev_signal sigint, sigterm;
	struct ev_fd listener;
	struct ctl_conn *conns;
	const char *sock_path;
	bool stopping;
	struct daemon_ppp_opts ppp_opts;
	int n;
	struct modem *m;
	struct cl_config cfg;
};

/* ---- replies ---- */

static void reply(struct ctl_conn *cc, const char *text)
{
	size_t n = strlen(text);
	const char *p = text;
	while (n) {
		ssize_t w = write(cc->h.fd, p, n);
		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
	(void)!write(cc->h.fd, "\n", 1);
}

static void ctl_close(struct ctl_conn *cc)
{
	if (cc->prev)
		cc->prev->next = cc->next;
	else
		cc->d->conns = cc->next;
	if (cc->next)
		cc->next->prev = cc->prev;
	ev_fd_del(&cc->d->loop, &cc->h);
	ev_timer_cancel(&cc->d->loop, &cc->timeout);
	close(cc->h.fd);
	free(cc);
}

static void reply_error(struct ctl_conn *cc, const char *why)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"ok\":false,\"error\":");
	sb_put_json_str(&sb, why, strlen(why));
	sb_putc(&sb, '}');
	reply(cc, sb_str(&sb));
	sb_free(&sb);
}

static struct modem *find_modem(struct daemon *d, const char *name)
{
	if (!name || !name[0])
		return d->n ? &d->m[0] : NULL;
	for (int i = 0; i < d->n; i++)
		if (!strcmp(d->m[i].name, name))
			return &d->m[i];
	return NULL;
}

static void do_status(struct ctl_conn *cc, const char *name)
{
	struct daemon *d = cc->d;
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"ok\":true,\"modems\":[");
	int k = 0;
	for (int i = 0; i < d->n; i++) {
		if (name && name[0] && strcmp(name, d->m[i].name))
			continue;
		if (k++)
			sb_putc(&sb, ',');
		sb_puts(&sb, "{\"name\":");
		sb_put_json_str(&sb, d->m[i].name, strlen(d->m[i].name));
		sb_printf(&sb, ",\"mode\":\"%s\",\"configured_mode\":\"%s\",\"status\":",
			  d->m[i].on_ppp ? "ppp" : "qmi", cl_mode_name(d->m[i].mode));
		if (d->m[i].on_ppp)
			daemon_ppp_status_json(&d->m[i].ppp, &sb);
		else
			conn_host_status_json(&d->m[i].h, &sb);
		sb_putc(&sb, '}');
	}
	sb_puts(&sb, "]}");
	reply(cc, sb_str(&sb));
	sb_free(&sb);
}

static void do_info(struct ctl_conn *cc, struct modem *m)
{
	const struct conn_status *st = &m->h.conn.st;
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"ok\":true,\"name\":");
	sb_put_json_str(&sb, m->name, strlen(m->name));
	if (m->on_ppp) {        /* the AT port carries the link: nothing more to ask */
		sb_puts(&sb, ",\"mode\":\"ppp\",\"port\":");
		sb_put_json_str(&sb, m->ppp.port, strlen(m->ppp.port));
		sb_putc(&sb, '}');
		reply(cc, sb_str(&sb));
		sb_free(&sb);
		return;
	}
	const char *k[] = { "manufacturer", "model", "revision", "sim", "registration", "operator" };
	const char *v[] = { st->manufacturer, st->model, st->revision, conn_sim_name(st->sim),
			    conn_reg_name(st->reg), st->operator_name };
	for (size_t i = 0; i < ARRAY_SIZE(k); i++) {
		sb_printf(&sb, ",\"%s\":", k[i]);
		sb_put_json_str(&sb, v[i], strlen(v[i]));
	}
	sb_printf(&sb, ",\"pin_retries\":%d,\"data_format\":\"%s\",\"qmi_services\":%u", st->pin_retries,
		  st->modem_raw_ip ? "raw-ip" : "802.3", st->n_services);
	sb_puts(&sb, ",\"wds_version\":");
	sb_put_json_str(&sb, st->wds_version, strlen(st->wds_version));
	sb_printf(&sb, ",\"max_rx_bps\":%llu,\"max_tx_bps\":%llu}", (unsigned long long)st->max_rx_bps,
		  (unsigned long long)st->max_tx_bps);
	reply(cc, sb_str(&sb));
	sb_free(&sb);
}

/* signal: asks the modem (NAS get-signal-info) and answers when it does */
static void signal_done(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	struct ctl_conn *cc = ud;
	if (!err)
		err = qmi_resp_result(resp);
	if (err) {
		char why[128];
		snprintf(why, sizeof(why), "get-signal-info: %s",
			 err == CL_E_QMI && qmi_error_name(resp->error) ? qmi_error_name(resp->error)
									: cl_strerror(err));
		reply_error(cc, why);
	} else {
		struct strbuf sb;
		sb_init(&sb);
		sb_puts(&sb, "{\"ok\":true");
		static const char *const f[] = { "rssi", "rsrq", "rsrp", "snr" };
		for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
			char path[48];
			int64_t v;
			snprintf(path, sizeof(path), "lte-signal-strength.%s", f[i]);
			if (!qmi_get_int(resp, path, &v)) {
				if (!strcmp(f[i], "snr"))
					sb_printf(&sb, ",\"snr\":%.1f", (double)v / 10.0);
				else
					sb_printf(&sb, ",\"%s\":%lld", f[i], (long long)v);
			}
		}
		sb_putc(&sb, '}');
		reply(cc, sb_str(&sb));
		sb_free(&sb);
	}
	ctl_close(cc);
}

static bool do_signal(struct ctl_conn *cc, struct modem *m)
{
	struct conn_qmi *q = m->h.modem;
	if (m->on_ppp) {
		reply_error(cc, "this modem's link is PPP: its AT port carries data, no signal query");
		return false;
	}
	if (!q || !q->cl->open || q->cid_nas == 0xff) {
		reply_error(cc, "the modem is not open right now");
		return false;
	}
	struct qmi_msg *msg = malloc(sizeof(*msg));
	if (!msg) {
		reply_error(cc, "out of memory");
		return false;
	}
	qmi_msg_init(msg, QMI_SVC_NAS, q->cid_nas, QMI_REQUEST, 0, QMI_NAS_GET_SIGNAL_INFO);
	struct qmi_req_opts o = { .timeout_ms = 3000 };
	int r = qmi_client_request(q->cl, msg, &o, signal_done, cc);
	free(msg);
	if (r < 0) {
		reply_error(cc, cl_strerror(r));
		return false;
	}
	return true;
}

static bool modem_running(const struct modem *m)
{
	return m->h.running || m->ppp.running;
}

static void start_modem(struct modem *m)
{
	m->restart = false;
	m->on_ppp = m->mode == CL_MODE_PPP;
	if (m->on_ppp) {
		daemon_ppp_start(&m->ppp);
		return;
	}
	/* auto: a QMI device that is missing or cannot carry data ends the
	 * first run (as 'connect --mode auto'), and PPP takes over */
	m->h.cfg.persist = m->mode != CL_MODE_AUTO;
	if (conn_host_start(&m->h) < 0)
		fprintf(stderr, "cellink daemon: %s: cannot start\n", m->name);
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
	if (m->mode == CL_MODE_AUTO && !stay &&
	    (status == CONN_EXIT_NO_DEVICE || status == CONN_EXIT_NO_RAW_IP)) {
		printf("[%7.3f] %sQMI cannot carry data here (%s); falling back to PPP\n",
		       conn_host_elapsed(h), m->label, conn_exit_text(status));
		m->on_ppp = true;
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

/* Runs one command line. Returns true when the answer comes later. */
static bool run_command(struct ctl_conn *cc, char *line)
{
	char *cmd = strtok(line, " \t\r\n");
	char *name = strtok(NULL, " \t\r\n");
	if (!cmd) {
		reply_error(cc, "empty command");
		return false;
	}
	struct modem *m = find_modem(cc->d, name);
	if (!m && name && name[0]) {
		/* name the modems this daemon runs */
		char why[512];
		int n = snprintf(why, sizeof why, "no modem '%.64s' here; this daemon runs:", name);
		for (int i = 0; i < cc->d->n && n > 0 && (size_t)n < sizeof why; i++)
			n += snprintf(why + n, sizeof why - (size_t)n, "%s %s", i ? "," : "", cc->d->m[i].name);
		reply_error(cc, why);
		return false;
	}
	if (!strcmp(cmd, "status")) {
		do_status(cc, name);
		return false;
	}
	if (!m) {
		reply_error(cc, "no modem configured");
		return false;
	}
	if (!strcmp(cmd, "info")) {
		do_info(cc, m);
	} else if (!strcmp(cmd, "signal")) {
		return do_signal(cc, m);
	} else if (!strcmp(cmd, "disconnect")) {
		m->restart = false;
		stop_modem(m);
		reply(cc, "{\"ok\":true,\"action\":\"disconnecting\"}");
	} else if (!strcmp(cmd, "reconnect")) {
		if (modem_running(m)) {
			m->restart = true;
			stop_modem(m);
		} else {
			start_modem(m);
		}
		reply(cc, "{\"ok\":true,\"action\":\"reconnecting\"}");
	} else {
		reply_error(cc, "unknown command (status, info, signal, disconnect, reconnect)");
	}
	return false;
}

static void ctl_timeout(struct ev_timer *t)
{
	struct ctl_conn *cc = container_of(t, struct ctl_conn, timeout);
	if (cc->waiting)
		return;         /* the modem request has its own timeout */
	ctl_close(cc);
}

static void ctl_readable(struct ev_fd *h, unsigned revents)
{
	struct ctl_conn *cc = container_of(h, struct ctl_conn, h);
	ssize_t n = read(h->fd, cc->line + cc->len, sizeof(cc->line) - 1 - cc->len);
	if (n <= 0) {
		if (!cc->waiting)
			ctl_close(cc);
		return;
	}
	cc->len += (size_t)n;
	cc->line[cc->len] = 0;
	if (!strchr(cc->line, '\n') && cc->len < sizeof(cc->line) - 1)
		return;
	ev_fd_del(&cc->d->loop, &cc->h);
	if (run_command(cc, cc->line))
		cc->waiting = true;
	else
		ctl_close(cc);
}

static void on_accept(struct ev_fd *h, unsigned revents)
{
	struct daemon *d = container_of(h, struct daemon, listener);
	int fd = accept4(h->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	struct ctl_conn *cc = calloc(1, sizeof(*cc));
	if (!cc) {
		close(fd);
		return;
	}
	cc->d = d;
	cc->next = d->conns;
	if (d->conns)
		d->conns->prev = cc;
	d->conns = cc;
	cc->h.fd = fd;
	cc->h.cb = ctl_readable;
	cc->timeout.cb = ctl_timeout;
	ev_fd_add(&d->loop, &cc->h, EV_READ);
	ev_timer_set(&d->loop, &cc->timeout, 5000);
}

static int listen_on(struct daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(d->sock_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", d->sock_path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(d->sock_path);
	mode_t old = umask(0077);       /* owner-only from the moment it exists */
	int r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0 || chmod(d->sock_path, 0600) < 0 || listen(fd, 8) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	d->listener.fd = fd;
	d->listener.cb = on_accept;
	return ev_fd_add(&d->loop, &d->listener, EV_READ);
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
	snprintf(m->h.password, sizeof(m->h.password), "%s", c->password);
	snprintf(m->h.pin, sizeof(m->h.pin), "%s", c->pincode);
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
	cfg->delay_ms = c->delay > 0 ? (uint32_t)c->delay * 1000u : 0;
	cfg->modes = c->modes;          /* CL_MODES_* == CONN_MODES_* (checked in conn_host.c) */
	cfg->plmn = c->plmn[0] ? c->plmn : NULL;
	cfg->mtu = c->mtu > 0 ? (uint32_t)c->mtu : 0;
	/* the host side: routes beside the host's own, DNS to its resolver */
	m->h.metric = c->metric >= 0 ? (uint32_t)c->metric : CL_DEFAULT_METRIC;
	m->h.default_route = c->defaultroute;
	m->h.peer_dns = c->peerdns;
	m->h.dns_key = m->name;         /* /run/cellink/resolv.conf.NAME */
	if (c->ifname[0])
		snprintf(m->h.ifname, sizeof(m->h.ifname), "%s", c->ifname);
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
		"serves 'cellink status|signal|info|disconnect|reconnect'.\n"
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
		case OPT_SYSFS: sysroot = optarg; break;
		case OPT_NO_CONFIGURE: configure = false; break;
		case OPT_VERBOSE: verbose = true; break;
		case OPT_MODEM: only = optarg; break;
		case OPT_PPPD: d->ppp_opts.pppd = optarg; break;
		case OPT_RUNTIME_DIR: d->ppp_opts.runtime_dir = optarg; break;
		case OPT_HOOK: hook = optarg; break;
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
	memset(text, 0, len);           /* passwords and PINs */
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
		d->cfg.modems[0] = d->cfg.modems[k];
		d->cfg.n_modems = 1;
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
	if (!strcmp(d->sock_path, DAEMON_DEFAULT_SOCKET))
		mkdir("/run/cellink", 0755);
	int r = listen_on(d);
	if (r < 0) {
		fprintf(stderr, "cellink daemon: control socket %s: %s\n", d->sock_path, strerror(-r));
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
		const struct cl_modem_cfg *c = &d->cfg.modems[i];
		if (hook && c->mode != CL_MODE_QMI)
			printf("cellink daemon: %s: the hook is told of the QMI link only; pppd configures "
			       "a PPP link itself\n", d->m[i].name);
		printf("cellink daemon: %s: %s, apn \"%s\", mode %s%s%s\n", d->m[i].name,
		       c->mode == CL_MODE_PPP ? (c->atport[0] ? c->atport : "AT port from sysfs") : c->device,
		       c->apn, cl_mode_name(c->mode), c->mode == CL_MODE_AUTO && c->atport[0] ? ", AT port " : "",
		       c->mode == CL_MODE_AUTO ? c->atport : "");
		start_modem(&d->m[i]);
	}
	printf("cellink daemon: control socket %s\n", d->sock_path);
	ev_run(&d->loop);
	for (int i = 0; i < d->n; i++) {
		conn_host_free(&d->m[i].h);     /* answers pending "signal" queries */
		daemon_ppp_free(&d->m[i].ppp);
	}
	while (d->conns)
		ctl_close(d->conns);
out:
	ev_fd_del(&d->loop, &d->listener);
	close(d->listener.fd);
	unlink(d->sock_path);
	ev_loop_free(&d->loop);
	memset(&d->cfg, 0, sizeof(d->cfg));
	free(d->m);
	free(d);
	return status;
}
