/* cellink connect: bring the link up in the foreground, print each step,
 * keep it until SIGINT/SIGTERM, then disconnect and release every client id. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "host/conn_host.h"
#include "cli/connect_ppp.h"
#include "cli/options.h"
#include "cli/syslog_out.h"
#include "cli/ctl.h"
#include "cli/util.h"

struct connect_app {
	struct ev_loop loop;
	struct ev_timer deadline;       /* --timeout */
	struct ev_signal sigint, sigterm;
	struct conn_host h;
	struct ctl_server ctl;          /* cellink status|signal|info|disconnect */
	const char *control;            /* --control, NULL: the default when root */
	int signals;
	struct ev_timer radio_off;      /* cellink power low: stop, from the loop */
};

static double elapsed(struct connect_app *a);

static void on_radio_off(struct ev_timer *t)
{
	struct connect_app *a = container_of(t, struct connect_app, radio_off);
	if (a->signals++ == 0) {
		printf("[%7.3f] the radio is off (cellink power low): disconnecting\n", elapsed(a));
		conn_stop(&a->h.conn);
	}
}

/* The radio off ends this link: cellink connect does not wait for it. */
static void on_radio(struct conn_host *h, bool on)
{
	struct connect_app *a = h->user;
	if (!on)
		ev_timer_set(&a->loop, &a->radio_off, 0);
}

static void usage(FILE *o)
{
	fprintf(o,
		"usage: cellink connect --device PATH --apn APN [options]\n"
		"       cellink connect --mode ppp|auto [--port PATH] --apn APN [options]\n"
		"\n"
		"Brings the mobile data link up, configures the interface, keeps it up\n"
		"(reconnecting with back-off) until SIGINT/SIGTERM, then disconnects and\n"
		"releases every client id.\n"
		"\n");
	cli_print_options(o, CB_QMI);
	fprintf(o, "\nexit status:\n");
#define CONNECT_EXIT_LINE(sym, num, text) fprintf(o, "  %3d  %s\n", num, text);
	CONN_EXITS(CONNECT_EXIT_LINE)
#undef CONNECT_EXIT_LINE
}

static double elapsed(struct connect_app *a)
{
	return conn_host_elapsed(&a->h);
}

static void on_connected(struct conn_host *h)
{
	struct connect_app *a = h->user;
	ev_timer_cancel(&a->loop, &a->deadline);
	printf("[%7.3f] connected in %.3f s; Ctrl-C or SIGTERM disconnects\n", elapsed(a), elapsed(a));
	fflush(stdout);
}

static void on_finished(struct conn_host *h, int status)
{
	struct connect_app *a = h->user;
	ev_stop(&a->loop);
}

/* ---- the control socket: the daemon's protocol for this one link ---- */

static const char *link_name(const struct connect_app *a)
{
	return a->h.hook.name ? a->h.hook.name : a->h.ifname;
}

static bool on_request(struct ctl_server *s, struct ctl_conn *cc, enum ctl_verb verb, const char *name)
{
	struct connect_app *a = s->user;
	if (name[0] && strcmp(name, link_name(a))) {
		ctl_reply_error(cc, "no such modem");
		return false;
	}
	if (ctl_verb_is_tool(verb))
		return ctl_host_tool(cc, &a->h, verb);
	struct strbuf sb;
	switch (verb) {
	case CTL_STATUS:
		sb_init(&sb);
		sb_printf(&sb, "{\"ok\":true,\"schema\":%d,\"modems\":[{\"name\":", CELLINK_JSON_SCHEMA);
		sb_put_json_str(&sb, link_name(a), strlen(link_name(a)));
		sb_printf(&sb, ",\"mode\":\"%s\",\"configured_mode\":\"%s\",\"status\":",
			  conn_host_protocol_name(&a->h), conn_host_protocol_name(&a->h));
		conn_host_status_json(&a->h, &sb);
		sb_puts(&sb, "}]}");
		ctl_reply(cc, sb_str(&sb));
		sb_free(&sb);
		return false;
	case CTL_INFO:
		ctl_host_info(cc, &a->h, link_name(a));
		return false;
	case CTL_SIGNAL:
		return ctl_host_signal(cc, &a->h);
	case CTL_METRICS: {
		struct ctl_metrics_row r;
		ctl_metrics_row_qmi(&r, link_name(a), &a->h);
		ctl_reply_metrics(cc, &r, 1);
		return false;
	}
	case CTL_DISCONNECT:
		if (a->signals++ == 0) {
			printf("[%7.3f] disconnect asked on the control socket\n", elapsed(a));
			conn_stop(&a->h.conn);
		}
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
static int open_control(struct connect_app *a)
{
	char opened[108];
	if (ctl_server_open_link(&a->ctl, &a->loop, a->control, link_name(a), on_request, a, opened, sizeof(opened)) < 0)
		return -1;
	if (opened[0])
		printf("[%7.3f] control socket %s\n", elapsed(a), opened);
	return 0;
}

/* ---- signals, deadline ---- */

static void on_signal(struct ev_signal *s)
{
	struct connect_app *a = s->signo == SIGINT ? container_of(s, struct connect_app, sigint)
						   : container_of(s, struct connect_app, sigterm);
	if (a->signals++ == 0) {
		printf("[%7.3f] %s: disconnecting\n", elapsed(a), s->signo == SIGINT ? "SIGINT" : "SIGTERM");
		fflush(stdout);
		conn_stop(&a->h.conn);
	} else if (a->signals >= 3) {
		fprintf(stderr, "[%7.3f] third signal: leaving without waiting for the modem\n", elapsed(a));
		ev_stop(&a->loop);
	}
}

static void on_deadline(struct ev_timer *t)
{
	struct connect_app *a = container_of(t, struct connect_app, deadline);
	if (a->h.conn.ever_connected)
		return;
	enum conn_state s = a->h.conn.state;
	fprintf(stderr, "[%7.3f] error: not connected within the --timeout (in state %s)\n", elapsed(a),
		conn_state_name(s));
	if (!a->h.conn.exit_status)
		a->h.conn.exit_status = a->h.conn.fail_exit ? a->h.conn.fail_exit
				      : (s == CONN_S_REGISTER || s == CONN_S_REG_WAIT) ? CONN_EXIT_NO_REGISTRATION
				      : CONN_EXIT_MODEM_ERROR;
	conn_stop(&a->h.conn);
}

/* A whole number in lo..hi, or -1 after saying what is wrong. */
static long number_arg(const char *opt, const char *v, long lo, long hi)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi) {
		fprintf(stderr, "cellink connect: %s takes a whole number from %ld to %ld, not \"%s\"\n", opt,
			lo, hi, v);
		return -1;
	}
	return n;
}

/* --modes, --plmn, --delay, --mtu: OpenWrt's qmi options */
static int parse_radio_arg(struct conn_config *cfg, int o, const char *v)
{
	uint16_t mcc, mnc;
	bool mnc3;
	long n;
	switch (o) {
	case OPT_MODES:
		if (conn_modes_parse(v, &cfg->modes) < 0) {
			fprintf(stderr, "cellink connect: --modes takes all or a list of "
				"lte,umts,gsm,cdma,td-scdma, not \"%s\"\n", v);
			return -1;
		}
		return 0;
	case OPT_PLMN:
		if (v[0] && conn_plmn_parse(v, &mcc, &mnc, &mnc3) < 0) {
			fprintf(stderr, "cellink connect: --plmn takes the MCC and MNC as 5 or 6 digits "
				"(e.g. 26201), not \"%s\"\n", v);
			return -1;
		}
		cfg->plmn = v;
		return 0;
	case OPT_DELAY:
		if ((n = number_arg("--delay", v, 0, 3600)) < 0)
			return -1;
		cfg->delay_ms = (uint32_t)n * 1000u;
		return 0;
	case OPT_MTU:
		if ((n = number_arg("--mtu", v, 576, 9000)) < 0)
			return -1;
		cfg->mtu = (uint32_t)n;
		return 0;
	}
	return -1;
}

/* --sim-timeout, --v6apn, --v6profile: OpenWrt's timeout, v6apn, v6profile */
static int parse_v6_sim_arg(struct conn_config *cfg, int o, const char *v)
{
	long n;
	switch (o) {
	case OPT_SIM_TIMEOUT:
		if ((n = number_arg("--sim-timeout", v, 0, 86400)) < 0)
			return -1;
		cfg->sim_wait_ms = (uint32_t)n * 1000u;
		return 0;
	case OPT_V6APN:
		cfg->apn_v6 = v;
		return 0;
	case OPT_V6PROFILE:
		if ((n = number_arg("--v6profile", v, 1, 255)) < 0)
			return -1;
		cfg->profile_index_v6 = (uint8_t)n;
		return 0;
	}
	return -1;
}

static int parse_args(struct connect_app *a, int argc, char **argv, enum connect_mode mode,
		      unsigned *timeout_s)
{
	struct conn_config *cfg = &a->h.cfg;
	const char *ifname = NULL, *lte_bands = NULL, *nr_bands = NULL;
	int o;
	struct cli_parser p;
	/* with --mode auto, the PPP side's options are accepted here and left to it */
	cli_parser_init(&p, mode == CONNECT_MODE_AUTO ? CB_CONNECT : CB_QMI, false);
	while ((o = cli_next(&p, argc, argv)) != -1) {
		if (o > OPT__NONE && !(cli_opt_of(o)->cmds & CB_QMI))
			continue;
		long n;
		switch (o) {
		case OPT_DEVICE: cfg->device = optarg; break;
		case OPT_PROTOCOL:
			if (!strcmp(optarg, "qmi"))
				a->h.protocol = CTL_PROTO_QMI;
			else if (!strcmp(optarg, "mbim"))
				a->h.protocol = CTL_PROTO_MBIM;
			else if (!strcmp(optarg, "auto"))
				a->h.protocol = CTL_PROTO_UNKNOWN;
			else {
				fprintf(stderr, "cellink connect: --protocol takes qmi, mbim or auto, not \"%s\"\n",
					optarg);
				return -1;
			}
			break;
		case OPT_SESSION:
			if ((n = number_arg("--session", optarg, 0, 255)) < 0)
				return -1;
			cfg->session_id = (uint32_t)n;
			break;
		case OPT_MUX_ID:
			if ((n = number_arg("--mux-id", optarg, 1, 254)) < 0)
				return -1;
			cfg->mux_id = (uint8_t)n;
			break;
		case OPT_APN: cfg->apn = optarg; break;
		case OPT_AUTH:
			if (!strcmp(optarg, "none")) cfg->auth = CONN_AUTH_NONE;
			else if (!strcmp(optarg, "pap")) cfg->auth = CONN_AUTH_PAP;
			else if (!strcmp(optarg, "chap")) cfg->auth = CONN_AUTH_CHAP;
			else if (!strcmp(optarg, "both")) cfg->auth = CONN_AUTH_BOTH;
			else {
				fprintf(stderr, "cellink connect: --auth takes none, pap, chap or both\n");
				return -1;
			}
			break;
		case OPT_USERNAME: cfg->username = optarg; break;
		case OPT_PASSWORD_FILE:
			if (conn_host_read_secret(optarg, a->h.password, sizeof(a->h.password)) < 0) {
				fprintf(stderr, "cellink connect: cannot read the password file %s: %s\n", optarg,
					strerror(errno));
				return -1;
			}
			cfg->password = a->h.password;
			cli_warn_secret_file("cellink connect", optarg, "a password");
			break;
		case OPT_PIN_FILE:
			if (conn_host_read_secret(optarg, a->h.pin, sizeof(a->h.pin)) < 0) {
				fprintf(stderr, "cellink connect: cannot read the PIN file %s\n", optarg);
				return -1;
			}
			cfg->pin = a->h.pin;
			cli_warn_secret_file("cellink connect", optarg, "a PIN");
			break;
		case OPT_IP_TYPE:
			if (cli_ip_type(optarg, &cfg->want_v4, &cfg->want_v6) < 0) {
				fprintf(stderr, "cellink connect: --ip-type takes 4, 6 or 4v6 (or ipv4, ipv6, "
					"ipv4v6), not \"%s\"\n", optarg);
				return -1;
			}
			break;
		case OPT_PROFILE: cfg->profile_index = (uint8_t)atoi(optarg); break;
		case OPT_IFNAME: ifname = optarg; break;
		case OPT_NO_CONFIGURE: cfg->configure = false; break;
		case OPT_SYSFS: a->h.sysroot = optarg; break;
		case OPT_RESOLV: a->h.resolv = optarg; break;
		case OPT_METRIC:
			if ((n = number_arg("--metric", optarg, 0, 65535)) < 0)
				return -1;
			a->h.metric = (uint32_t)n;
			break;
		case OPT_NO_DEFAULT_ROUTE: a->h.default_route = false; break;
		case OPT_NO_DNS: a->h.peer_dns = false; break;
		case OPT_RUNTIME_DIR: a->h.runtime_dir = optarg; break;
		case OPT_TIMEOUT:
			if ((n = number_arg("--timeout", optarg, 0, 86400)) < 0)
				return -1;
			*timeout_s = (unsigned)n;
			break;
		case OPT_REGISTER_TIMEOUT:
			/* 0 waits for ever, so a word must not read as 0 */
			if ((n = number_arg("--register-timeout", optarg, 0, 86400)) < 0)
				return -1;
			cfg->register_timeout_ms = (uint32_t)n * 1000u;
			break;
		case OPT_PERSIST: cfg->persist = true; break;
		case OPT_LIVENESS: cfg->liveness_ms = (uint32_t)(atof(optarg) * 1000); break;
		case OPT_PROBE: cfg->probe = optarg; break;
		case OPT_REQUEST_TIMEOUT: cfg->op_timeout_ms = (uint32_t)(atof(optarg) * 1000); break;
		case OPT_VERBOSE: a->h.verbose = true; break;
		case OPT_SYSLOG:
			if (syslog_out_start("cellink") < 0)
				fprintf(stderr, "cellink connect: --syslog: no log socket; output stays here\n");
			break;
		case OPT_HOOK: a->h.hook.program = optarg; break;
		case OPT_HOOK_NAME: a->h.hook.name = optarg; break;
		case OPT_CONNECT_CONTROL: a->control = optarg; break;
		case OPT_LTE_BANDS: lte_bands = optarg; break;
		case OPT_NR_BANDS: nr_bands = optarg; break;
		case OPT_NO_ROAMING: cfg->no_roaming = true; break;
		case OPT_MODES: case OPT_PLMN: case OPT_DELAY: case OPT_MTU:
			if (parse_radio_arg(cfg, o, optarg) < 0)
				return -1;
			break;
		case OPT_SIM_TIMEOUT: case OPT_V6APN: case OPT_V6PROFILE:
			if (parse_v6_sim_arg(cfg, o, optarg) < 0)
				return -1;
			break;
		case OPT_MODE: break;   /* read by connect_mode_parse */
		case OPT_HELP: usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (!cfg->device || !cfg->apn) {
		fprintf(stderr, "cellink connect: --device and --apn are required\n\n");
		usage(stderr);
		return -1;
	}
	const char *env = conn_host_env_password();     /* taken out of the environment */
	if (!cfg->password)
		cfg->password = env;
	char why[300];
	if (conn_host_bands(&a->h, lte_bands, nr_bands, why, sizeof why) < 0) {
		fprintf(stderr, "cellink connect: --%s-bands: %s\n", why[0] == 'L' ? "lte" : "nr", why);
		return -1;
	}
	if (ifname)
		snprintf(a->h.ifname, sizeof(a->h.ifname), "%s", ifname);
	return 0;
}

static int connect_qmi(int argc, char **argv, enum connect_mode mode)
{
	struct connect_app *a = calloc(1, sizeof(*a));
	if (!a)
		return CONN_EXIT_MODEM_ERROR;
	if (ev_loop_init(&a->loop) < 0) {
		free(a);
		return CONN_EXIT_MODEM_ERROR;
	}
	conn_host_init(&a->h, &a->loop);
	a->h.user = a;
	a->h.on_connected = on_connected;
	a->h.on_radio = on_radio;
	a->radio_off.cb = on_radio_off;
	a->h.on_finished = on_finished;
	unsigned timeout_s = 0;
	int r = parse_args(a, argc, argv, mode, &timeout_s);
	if (r) {
		ev_loop_free(&a->loop);
		free(a);
		return r > 0 ? 0 : CONN_EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct conn_config *cfg = &a->h.cfg;
	if (cfg->password || cfg->pin)
		conn_host_hold_secrets(true);
	if (cfg->configure && geteuid() != 0) {
		printf("[  0.000] not root: interface configuration skipped (as with --no-configure); "
		       "the settings are printed only\n");
		cfg->configure = false;
	}
	/* the kernel switch goes with configuring, or with an explicit tree */
	cfg->set_kernel_raw_ip = cfg->configure || a->h.sysroot;
	a->deadline.cb = on_deadline;
	ev_signal_add(&a->loop, &a->sigint, SIGINT);
	ev_signal_add(&a->loop, &a->sigterm, SIGTERM);
	a->sigint.cb = a->sigterm.cb = on_signal;
	if (timeout_s)
		ev_timer_set(&a->loop, &a->deadline, (uint64_t)timeout_s * 1000);

	conn_host_resolve_ifname(&a->h);
	bool asked = a->h.protocol == CTL_PROTO_UNKNOWN;
	conn_host_resolve_protocol(&a->h);
	printf("[%7.3f] cellink connect: device %s (%s%s%s), apn \"%s\", interface %s%s\n", elapsed(a),
	       cfg->device, conn_host_protocol_name(&a->h), asked ? ": " : "", asked ? a->h.protocol_why : "",
	       cfg->apn, a->h.ifname, cfg->configure ? "" : " (not configured)");
	a->ctl.listener.fd = a->ctl.lock_fd = -1;
	if (open_control(a) < 0) {
		conn_host_free(&a->h);
		ev_loop_free(&a->loop);
		free(a);
		return CONN_EXIT_USAGE;
	}
	r = conn_host_start(&a->h);
	if (r == 0 && a->h.running)
		ev_run(&a->loop);

	/* a start that failed at once says why (a build without MBIM) */
	int status = a->h.conn.exit_status;
	const char *why = a->h.conn.why;
	if (status)
		fprintf(stderr, "cellink connect: %s%s%s (exit %d)\n", conn_exit_text(status),
			why[0] ? ": " : "", why, status);
	else
		printf("[%7.3f] disconnected; %s\n", elapsed(a),
		       a->h.protocol == CTL_PROTO_MBIM ? "the MBIM device closed" : "every client id released");
	ctl_server_cancel_tools(&a->ctl);       /* before the client they run over goes */
	conn_host_free(&a->h);          /* answers a pending "signal" */
	ctl_server_close(&a->ctl);
	ev_loop_free(&a->loop);
	free(a);
	return status;
}

/* --mode qmi|ppp|auto and --port; PPP and the fallback: cmd_connect_ppp.c */
int cmd_connect(int argc, char **argv)
{
	struct connect_mode_args m;
	int status = connect_mode_parse(argc, argv, &m);
	if (status == 0 && m.run_qmi)
		status = connect_qmi(argc, argv, m.mode);
	if (status >= 0 && connect_ppp_wanted(&m, status))
		status = cmd_connect_ppp(argc, argv);
	conn_host_wipe_env_password();
	return status < 0 ? CONN_EXIT_USAGE : status;
}
