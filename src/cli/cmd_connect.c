/* cellink connect: bring the link up in the foreground, print each step,
 * keep it until SIGINT/SIGTERM, then disconnect and release every client id. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "conn/conn.h"
#include "conn/conn_qmi.h"
#include "io/loop.h"
#include "net/net.h"

struct connect_app {
	struct ev_loop loop;
	struct ev_timer timer;          /* the state machine's timer */
	struct ev_timer deadline;       /* --timeout */
	struct ev_signal sigint, sigterm;
	struct conn conn;
	struct conn_config cfg;
	struct conn_qmi *modem;
	const char *sysroot;
	const char *resolv;
	bool verbose, json;
	int signals;
	uint64_t t0;
	char ifname[64];
	char password[256], pin[32];
};

static void usage(FILE *o)
{
	fprintf(o,
		"usage: cellink connect --device PATH --apn APN [options]\n"
		"\n"
		"Brings the mobile data link up, configures the interface, keeps it up\n"
		"(reconnecting with back-off) until SIGINT/SIGTERM, then disconnects and\n"
		"releases every client id.\n"
		"\n"
		"  --device PATH        QMI control device (/dev/cdc-wdm0, or cellink-sim's --qmi path)\n"
		"  --apn APN            access point name\n"
		"  --auth none|pap|chap|both\n"
		"  --username U\n"
		"  --password-file F    password in a file (or env CELLINK_PASSWORD); never on argv\n"
		"  --pin-file F         SIM PIN in a file; used only while >= 2 attempts remain\n"
		"  --ip-type 4|6|4v6    IPv4, IPv6, or both as two sessions (default 4)\n"
		"  --profile N          3GPP profile index\n"
		"  --ifname NAME        network interface (default: found in sysfs, else wwan0)\n"
		"  --no-configure       leave the interface alone (print the settings only)\n"
		"  --sysfs ROOT         sysfs root for the raw_ip switch (default /sys)\n"
		"  --resolv FILE        where to write DNS servers (default /run/cellink/resolv.conf.IFNAME)\n"
		"  --timeout S          give up if not connected within S seconds\n"
		"  --register-timeout S bound on the wait for registration (default 60)\n"
		"  --persist            keep retrying even before the first success\n"
		"  --liveness S         period of the liveness check (default 10)\n"
		"  --verbose            print every QMI message (personal fields redacted)\n"
		"\n"
		"exit status:\n");
#define CONNECT_EXIT_LINE(sym, num, text) fprintf(o, "  %3d  %s\n", num, text);
	CONN_EXITS(CONNECT_EXIT_LINE)
#undef CONNECT_EXIT_LINE
}

static double elapsed(struct connect_app *a)
{
	return (double)(ev_now_ms() - a->t0) / 1000.0;
}

/* ---- platform operations ---- */

static void p_timer_cb(struct ev_timer *t)
{
	struct connect_app *a = container_of(t, struct connect_app, timer);
	conn_timer_fired(&a->conn);
}

static void p_timer(void *p, int64_t ms)
{
	struct connect_app *a = p;
	if (ms < 0)
		ev_timer_cancel(&a->loop, &a->timer);
	else
		ev_timer_set(&a->loop, &a->timer, (uint64_t)ms);
}

static uint64_t p_now(void *p)
{
	return ev_now_ms();
}

static void p_log(void *p, enum conn_log lvl, const char *text)
{
	struct connect_app *a = p;
	if (lvl == CONN_LOG_DEBUG && !a->verbose)
		return;
	const char *tag = lvl == CONN_LOG_WARN ? "warning: " : lvl == CONN_LOG_ERROR ? "error: " : "";
	FILE *o = lvl >= CONN_LOG_WARN ? stderr : stdout;
	fprintf(o, "[%7.3f] %s%s\n", elapsed(a), tag, text);
	fflush(o);
}

static int p_raw_ip(void *p, const char *ifname, bool on, char *why, size_t cap)
{
	struct connect_app *a = p;
	if (!a->sysroot && !net_is_qmi_wwan(NULL, ifname)) {
		snprintf(why, cap, "kernel: %s is not a qmi_wwan interface (no qmi/ in sysfs): no raw_ip "
			 "switch to set", ifname);
		return 0;
	}
	return net_raw_ip_set(a->sysroot, ifname, on, why, cap);
}

static void write_resolv(struct connect_app *a, const struct conn_status *st)
{
	const char *servers[4];
	size_t n = 0;
	for (int i = 0; i < 2; i++)
		if (st->sess[i].up && st->sess[i].ip.valid)
			for (int k = 0; k < 2; k++)
				servers[n++] = st->sess[i].ip.dns[k];
	char path[300];
	if (a->resolv)
		snprintf(path, sizeof(path), "%s", a->resolv);
	else {
		mkdir("/run/cellink", 0755);
		snprintf(path, sizeof(path), "/run/cellink/resolv.conf.%s", a->ifname);
	}
	int r = net_write_resolv(path, servers, n);
	if (r < 0)
		fprintf(stderr, "[%7.3f] warning: cannot write %s: %s\n", elapsed(a), path, strerror(-r));
	else
		printf("[%7.3f] DNS servers written to %s\n", elapsed(a), path);
}

static int p_configure(void *p, const char *ifname, const struct conn_status *st, char *why, size_t cap)
{
	struct connect_app *a = p;
	uint32_t mtu = 0;
	for (int i = 0; i < 2; i++)
		if (st->sess[i].up && st->sess[i].ip.mtu)
			mtu = st->sess[i].ip.mtu;
	int r = net_link_set(ifname, true, mtu);
	if (r < 0) {
		snprintf(why, cap, "%s: %s%s", ifname, strerror(-r),
			 r == -ENODEV ? " (no such interface in this network namespace)" : "");
		return r;
	}
	for (int i = 0; i < 2; i++) {
		const struct conn_ip *ip = &st->sess[i].ip;
		if (!st->sess[i].up || !ip->valid)
			continue;
		r = net_addr_add(ifname, ip->addr, ip->prefix);
		if (r < 0) {
			snprintf(why, cap, "adding %s/%u: %s", ip->addr, ip->prefix, strerror(-r));
			return r;
		}
		r = net_default_route(ifname, ip->family, ip->gateway, true);
		if (r < 0) {
			snprintf(why, cap, "default IPv%d route: %s", ip->family, strerror(-r));
			return r;
		}
	}
	write_resolv(a, st);
	return 0;
}

static void p_deconfigure(void *p, const char *ifname)
{
	net_default_route(ifname, 4, NULL, false);
	net_default_route(ifname, 6, NULL, false);
	net_addr_flush(ifname);
	net_link_set(ifname, false, 0);
}

static bool p_present(void *p, const char *device)
{
	struct stat st;
	return stat(device, &st) == 0;
}

static void p_finished(void *p, int status)
{
	struct connect_app *a = p;
	ev_stop(&a->loop);
}

static void p_changed(void *p, enum conn_state from, enum conn_state to)
{
	struct connect_app *a = p;
	if (to == CONN_S_CONNECTED && from == CONN_S_CONFIGURING) {
		ev_timer_cancel(&a->loop, &a->deadline);
		printf("[%7.3f] connected in %.3f s; Ctrl-C or SIGTERM disconnects\n", elapsed(a), elapsed(a));
		fflush(stdout);
	}
}

static const struct conn_platform_ops platform = {
	.set_raw_ip = p_raw_ip,
	.configure = p_configure,
	.deconfigure = p_deconfigure,
	.device_present = p_present,
	.now_ms = p_now,
	.timer = p_timer,
	.log = p_log,
	.changed = p_changed,
	.finished = p_finished,
};

/* ---- signals, deadline, trace ---- */

static void on_signal(struct ev_signal *s)
{
	struct connect_app *a = s->signo == SIGINT ? container_of(s, struct connect_app, sigint)
						   : container_of(s, struct connect_app, sigterm);
	if (a->signals++ == 0) {
		printf("[%7.3f] %s: disconnecting\n", elapsed(a), s->signo == SIGINT ? "SIGINT" : "SIGTERM");
		fflush(stdout);
		conn_stop(&a->conn);
	} else if (a->signals >= 3) {
		fprintf(stderr, "[%7.3f] third signal: leaving without waiting for the modem\n", elapsed(a));
		ev_stop(&a->loop);
	}
}

static void on_deadline(struct ev_timer *t)
{
	struct connect_app *a = container_of(t, struct connect_app, deadline);
	if (a->conn.ever_connected)
		return;
	enum conn_state s = a->conn.state;
	fprintf(stderr, "[%7.3f] error: not connected within the --timeout (in state %s)\n", elapsed(a),
		conn_state_name(s));
	if (!a->conn.exit_status)
		a->conn.exit_status = a->conn.fail_exit ? a->conn.fail_exit
				      : (s == CONN_S_REGISTER || s == CONN_S_REG_WAIT) ? CONN_EXIT_NO_REGISTRATION
				      : CONN_EXIT_MODEM_ERROR;
	conn_stop(&a->conn);
}

static void trace(struct qmi_client *c, void *ud, bool out, const struct qmi_msg *m)
{
	struct connect_app *a = ud;
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_text(&sb, m, QMI_PRINT_REDACT_PERSONAL);
	printf("[%7.3f] %s %s", elapsed(a), out ? ">>" : "<<", sb_str(&sb));
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		putchar('\n');
	sb_free(&sb);
}

/* ---- secrets ---- */

/* First line of a file, without its newline. */
static int read_secret(const char *path, char *out, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, out, cap - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	out[n] = 0;
	out[strcspn(out, "\r\n")] = 0;
	return 0;
}

enum {
	O_DEVICE = 256, O_APN, O_AUTH, O_USER, O_PWFILE, O_PINFILE, O_IPTYPE, O_PROFILE, O_IFNAME,
	O_NOCONF, O_SYSFS, O_RESOLV, O_TIMEOUT, O_REGTIMEOUT, O_PERSIST, O_LIVENESS, O_VERBOSE, O_HELP
};

static const struct option opts[] = {
	{ "device", required_argument, NULL, O_DEVICE },
	{ "apn", required_argument, NULL, O_APN },
	{ "auth", required_argument, NULL, O_AUTH },
	{ "username", required_argument, NULL, O_USER },
	{ "password-file", required_argument, NULL, O_PWFILE },
	{ "pin-file", required_argument, NULL, O_PINFILE },
	{ "ip-type", required_argument, NULL, O_IPTYPE },
	{ "profile", required_argument, NULL, O_PROFILE },
	{ "ifname", required_argument, NULL, O_IFNAME },
	{ "no-configure", no_argument, NULL, O_NOCONF },
	{ "sysfs", required_argument, NULL, O_SYSFS },
	{ "resolv", required_argument, NULL, O_RESOLV },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "register-timeout", required_argument, NULL, O_REGTIMEOUT },
	{ "persist", no_argument, NULL, O_PERSIST },
	{ "liveness", required_argument, NULL, O_LIVENESS },
	{ "verbose", no_argument, NULL, O_VERBOSE },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(struct connect_app *a, int argc, char **argv, unsigned *timeout_s)
{
	struct conn_config *cfg = &a->cfg;
	const char *ifname = NULL;
	int o;
	optind = 1;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case O_DEVICE: cfg->device = optarg; break;
		case O_APN: cfg->apn = optarg; break;
		case O_AUTH:
			if (!strcmp(optarg, "none")) cfg->auth = CONN_AUTH_NONE;
			else if (!strcmp(optarg, "pap")) cfg->auth = CONN_AUTH_PAP;
			else if (!strcmp(optarg, "chap")) cfg->auth = CONN_AUTH_CHAP;
			else if (!strcmp(optarg, "both")) cfg->auth = CONN_AUTH_BOTH;
			else {
				fprintf(stderr, "cellink connect: --auth takes none, pap, chap or both\n");
				return -1;
			}
			break;
		case O_USER: cfg->username = optarg; break;
		case O_PWFILE:
			if (read_secret(optarg, a->password, sizeof(a->password)) < 0) {
				fprintf(stderr, "cellink connect: cannot read the password file %s: %s\n", optarg,
					strerror(errno));
				return -1;
			}
			cfg->password = a->password;
			break;
		case O_PINFILE:
			if (read_secret(optarg, a->pin, sizeof(a->pin)) < 0) {
				fprintf(stderr, "cellink connect: cannot read the PIN file %s\n", optarg);
				return -1;
			}
			cfg->pin = a->pin;
			break;
		case O_IPTYPE:
			cfg->want_v4 = !strcmp(optarg, "4") || !strcmp(optarg, "4v6");
			cfg->want_v6 = !strcmp(optarg, "6") || !strcmp(optarg, "4v6");
			if (!cfg->want_v4 && !cfg->want_v6) {
				fprintf(stderr, "cellink connect: --ip-type takes 4, 6 or 4v6\n");
				return -1;
			}
			break;
		case O_PROFILE: cfg->profile_index = (uint8_t)atoi(optarg); break;
		case O_IFNAME: ifname = optarg; break;
		case O_NOCONF: cfg->configure = false; break;
		case O_SYSFS: a->sysroot = optarg; break;
		case O_RESOLV: a->resolv = optarg; break;
		case O_TIMEOUT: *timeout_s = (unsigned)atoi(optarg); break;
		case O_REGTIMEOUT: cfg->register_timeout_ms = (uint32_t)atoi(optarg) * 1000u; break;
		case O_PERSIST: cfg->persist = true; break;
		case O_LIVENESS: cfg->liveness_ms = (uint32_t)(atof(optarg) * 1000); break;
		case O_VERBOSE: a->verbose = true; break;
		case O_HELP: usage(stdout); return 1;
		default: usage(stderr); return -1;
		}
	}
	if (!cfg->device || !cfg->apn) {
		fprintf(stderr, "cellink connect: --device and --apn are required\n\n");
		usage(stderr);
		return -1;
	}
	if (!cfg->password) {
		const char *env = getenv("CELLINK_PASSWORD");
		if (env) {
			snprintf(a->password, sizeof(a->password), "%s", env);
			cfg->password = a->password;
		}
	}
	if (ifname)
		snprintf(a->ifname, sizeof(a->ifname), "%s", ifname);
	else if (net_ifname_for_device(a->sysroot, cfg->device, a->ifname, sizeof(a->ifname)) < 0)
		snprintf(a->ifname, sizeof(a->ifname), "wwan0");
	cfg->ifname = a->ifname;
	return 0;
}

int cmd_connect(int argc, char **argv)
{
	struct connect_app *a = calloc(1, sizeof(*a));
	if (!a)
		return CONN_EXIT_MODEM_ERROR;
	conn_config_defaults(&a->cfg);
	a->cfg.seed = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	unsigned timeout_s = 0;
	int r = parse_args(a, argc, argv, &timeout_s);
	if (r) {
		free(a);
		return r > 0 ? 0 : CONN_EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (a->cfg.configure && geteuid() != 0) {
		printf("[  0.000] not root: interface configuration skipped (as with --no-configure); "
		       "the settings are printed only\n");
		a->cfg.configure = false;
	}
	/* the kernel switch goes with configuring, or with an explicit tree */
	a->cfg.set_kernel_raw_ip = a->cfg.configure || a->sysroot;
	a->t0 = ev_now_ms();
	if (ev_loop_init(&a->loop) < 0) {
		free(a);
		return CONN_EXIT_MODEM_ERROR;
	}
	a->timer.cb = p_timer_cb;
	a->deadline.cb = on_deadline;
	ev_signal_add(&a->loop, &a->sigint, SIGINT);
	ev_signal_add(&a->loop, &a->sigterm, SIGTERM);
	a->sigint.cb = a->sigterm.cb = on_signal;

	conn_init(&a->conn, &a->cfg, &conn_qmi_ops, NULL, &platform, a);
	a->modem = conn_qmi_new(&a->loop, &a->conn);
	if (!a->modem) {
		ev_loop_free(&a->loop);
		free(a);
		return CONN_EXIT_MODEM_ERROR;
	}
	a->conn.modem_ctx = a->modem;
	if (a->verbose) {
		a->modem->cl->trace = trace;
		a->modem->cl->trace_ud = a;
	}
	printf("[%7.3f] cellink connect: device %s, apn \"%s\", interface %s%s\n", elapsed(a),
	       a->cfg.device, a->cfg.apn, a->ifname, a->cfg.configure ? "" : " (not configured)");
	if (timeout_s)
		ev_timer_set(&a->loop, &a->deadline, (uint64_t)timeout_s * 1000);
	conn_start(&a->conn);
	if (a->conn.state != CONN_S_STOPPED)
		ev_run(&a->loop);

	int status = a->conn.exit_status;
	const char *why = a->conn.why;
	if (status)
		fprintf(stderr, "cellink connect: %s%s%s (exit %d)\n", conn_exit_text(status), why[0] ? ": " : "",
			why, status);
	else
		printf("[%7.3f] disconnected; every client id released\n", elapsed(a));
	conn_qmi_free(a->modem);
	ev_loop_free(&a->loop);
	memset(a->password, 0, sizeof(a->password));
	memset(a->pin, 0, sizeof(a->pin));
	free(a);
	return status;
}
