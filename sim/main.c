/* cellink-sim: options, wiring and the main loop. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "qmi/ids.h"
#include "sim/sim.h"
#include "sim/usb.h"

static void log_stderr(struct sim *s, const char *text)
{
	fprintf(stderr, "cellink-sim: %s\n", text);
}

static void on_signal(struct ev_signal *sig)
{
	struct sim *s = container_of(sig, struct sim, sigterm);
	ev_stop(&s->loop);
}

static void on_sigint(struct ev_signal *sig)
{
	struct sim *s = container_of(sig, struct sim, sigint);
	ev_stop(&s->loop);
}

static void usage(FILE *o)
{
	fprintf(o,
		"usage: cellink-sim --qmi PATH [options]\n"
		"       cellink-sim --mbim PATH [options]\n"
		"       cellink-sim ctl SOCKET COMMAND [ARGS...]\n"
		"       cellink-sim --usb UDC [options]\n"
		"       cellink-sim --usb-devices [--profile NAME]\n"
		"\n"
		"  --profile NAME      sierra-mc7455 (default), quectel-ec25, huawei-me909s,\n"
		"                      sierra-em7455-mbim, sierra-em7565-mbim (MBIM compositions)\n"
		"  --qmi PATH          symlink to the QMI pseudo-terminal (like /dev/cdc-wdm0)\n"
		"  --usb UDC           be a USB device on this gadget controller (dummy_udc.0,\n"
		"                      or auto) through FunctionFS, instead of --qmi\n"
		"  --usb-mbim          with --usb: an MBIM device for cdc_mbim (through gadgetfs)\n"
		"  --at PATH           symlink to the AT pseudo-terminal; when PATH is a\n"
		"                      terminal (a USB gadget's /dev/ttyGSn), the port itself;\n"
		"                      with --usb, also carried on the AT or modem interface\n"
		"  --mbim PATH         as --qmi, speaking MBIM (Basic Connect) instead of QMI;\n"
		"                      QMI frames carried over MBIM reach the same modem\n"
		"  --no-qmi-over-mbim  with --mbim: the function lists no QMI service and\n"
		"                      refuses QMI frames (a non-Qualcomm MBIM modem)\n"
		"  --netns NAME        data plane: create the interface in this namespace\n"
		"  --ifname NAME       data plane interface name (default wwan0)\n"
		"  --tap               data plane as TAP (802.3) rather than TUN (raw-ip)\n"
		"  --no-qmap           the firmware refuses QMAP in WDA set-data-format (without it,\n"
		"                      --sysfs with --netns also emulates qmi_wwan's add_mux: qmimuxK)\n"
		"  --control SOCKET    control socket (owner only), see 'ctl SOCKET help'\n"
		"  --scenario FILE     commands to run at start or 'at MS' later\n"
		"  --sysfs DIR         write a sysfs-shaped tree for the device\n"
		"  --delay MS          default answer delay (default 2)\n"
		"  --register-delay MS searching -> registered (default 1000)\n"
		"  --reset-delay MS    how long a reset keeps the device away (default 1500)\n"
		"  --max-cids N        client ids per service (default %d)\n"
		"  --log               print every exchange, decoded\n"
		"  --usb-devices       print the profile's USB listing and exit\n"
		"  --list-profiles     print the profile names and exit\n",
		SIM_CID_POOL_DEFAULT);
}

enum { O_PROFILE = 256, O_QMI, O_AT, O_NETNS, O_IFNAME, O_TAP, O_CONTROL, O_SCENARIO, O_SYSFS,
       O_DELAY, O_REGDELAY, O_RESETDELAY, O_MAXCIDS, O_LOG, O_USB, O_LIST, O_HELP, O_VERSION, O_USBDEV, O_MBIM, O_NOQMAP,
       O_NOQMIMBIM, O_USBMBIM };

static const struct option options[] = {
	{ "profile", required_argument, NULL, O_PROFILE }, { "qmi", required_argument, NULL, O_QMI },
	{ "at", required_argument, NULL, O_AT }, { "netns", required_argument, NULL, O_NETNS },
	{ "ifname", required_argument, NULL, O_IFNAME }, { "tap", no_argument, NULL, O_TAP },
	{ "control", required_argument, NULL, O_CONTROL },
	{ "scenario", required_argument, NULL, O_SCENARIO },
	{ "sysfs", required_argument, NULL, O_SYSFS }, { "delay", required_argument, NULL, O_DELAY },
	{ "register-delay", required_argument, NULL, O_REGDELAY },
	{ "reset-delay", required_argument, NULL, O_RESETDELAY },
	{ "max-cids", required_argument, NULL, O_MAXCIDS }, { "log", no_argument, NULL, O_LOG },
	{ "usb-devices", no_argument, NULL, O_USB }, { "usb", required_argument, NULL, O_USBDEV }, { "list-profiles", no_argument, NULL, O_LIST },
	{ "help", no_argument, NULL, O_HELP }, { "version", no_argument, NULL, O_VERSION },
	{ "mbim", required_argument, NULL, O_MBIM },
	{ "no-qmap", no_argument, NULL, O_NOQMAP },
	{ "no-qmi-over-mbim", no_argument, NULL, O_NOQMIMBIM },
	{ "usb-mbim", no_argument, NULL, O_USBMBIM },
	{ NULL, 0, NULL, 0 },
};

struct opts {
	const char *profile, *qmi, *at, *control, *scenario, *sysfs, *udc, *mbim;
	long delay, register_delay, reset_delay, max_cids;
	bool usb, list, tap, dp, usb_mbim;        /* dp: --netns, --ifname or --tap given */
};

static bool parse_ms(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > max)
		return false;
	*out = v;
	return true;
}

static int parse_opts(struct sim *s, struct opts *o, int argc, char **argv)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case O_PROFILE: o->profile = optarg; break;
		case O_QMI: o->qmi = optarg; break;
		case O_MBIM: o->mbim = optarg; break;
		case O_AT: o->at = optarg; break;
		case O_NETNS: snprintf(s->netns, sizeof(s->netns), "%s", optarg); o->dp = true; break;
		case O_IFNAME: snprintf(s->ifname, sizeof(s->ifname), "%s", optarg); o->dp = true; break;
		case O_TAP: o->tap = o->dp = true; break;
		case O_CONTROL: o->control = optarg; break;
		case O_SCENARIO: o->scenario = optarg; break;
		case O_SYSFS: o->sysfs = optarg; break;
		case O_NOQMAP: s->no_qmap = true; break;
		case O_NOQMIMBIM: s->no_qmi_over_mbim = true; break;
		case O_USBMBIM: o->usb_mbim = true; break;
		case O_DELAY:
		case O_REGDELAY:
		case O_RESETDELAY:
		case O_MAXCIDS: {
			long v;
			long max = c == O_MAXCIDS ? SIM_CID_POOL_MAX : 600000;
			if (!parse_ms(optarg, max, &v) || (c == O_MAXCIDS && v == 0)) {
				fprintf(stderr, "cellink-sim: bad value '%s'\n", optarg);
				return 2;
			}
			*(c == O_DELAY ? &o->delay : c == O_REGDELAY ? &o->register_delay :
			  c == O_RESETDELAY ? &o->reset_delay : &o->max_cids) = v;
			break;
		}
		case O_LOG: s->log = true; break;
		case O_USB: o->usb = true; break;
		case O_USBDEV: o->udc = optarg; break;
		case O_LIST: o->list = true; break;
		case O_VERSION: printf("cellink-sim %s\n", CELLINK_VERSION); return 1;
		case 'h':
		case O_HELP: usage(stdout); return 1;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cellink-sim: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	return 0;
}

static int run(struct sim *s, int argc, char **argv)
{
	struct opts o = { .profile = "sierra-mc7455", .delay = 2, .register_delay = 1000,
			  .reset_delay = 1500, .max_cids = SIM_CID_POOL_DEFAULT };
	int r = parse_opts(s, &o, argc, argv);
	if (r)
		return r == 1 ? 0 : r;
	if (o.list) {
		for (size_t i = 0; sim_profile_at(i); i++)
			printf("%s\n", sim_profile_at(i)->name);
		return 0;
	}
	s->prof = sim_profile_find(o.profile);
	if (!s->prof) {
		fprintf(stderr, "cellink-sim: unknown profile '%s' (see --list-profiles)\n", o.profile);
		return 2;
	}
	if (o.usb) {
		struct strbuf sb;
		sb_init(&sb);
		sim_profile_usb_devices(s->prof, &sb);
		fputs(sb_str(&sb), stdout);
		sb_free(&sb);
		return 0;
	}
	if ((o.udc != NULL) + (o.qmi != NULL) + (o.mbim != NULL) > 1) {
		fprintf(stderr, "cellink-sim: --qmi, --mbim and --usb exclude each other\n");
		return 2;
	}
	if (o.usb_mbim && !o.udc) {
		fprintf(stderr, "cellink-sim: --usb-mbim goes with --usb UDC\n");
		return 2;
	}
	if (s->prof->mbim && (o.qmi || (o.udc && !o.usb_mbim))) {
		fprintf(stderr, "cellink-sim: profile '%s' is an MBIM composition: use --mbim PATH or --usb UDC --usb-mbim\n",
			s->prof->name);
		return 2;
	}
	if (s->prof->mbim && !s->prof->qmi_over_mbim)
		s->no_qmi_over_mbim = true;
	if (o.udc)
		o.qmi = "usb";
	if (o.usb_mbim && sim_mbim_enable(s) < 0) {
		fprintf(stderr, "cellink-sim: out of memory\n");
		return 1;
	}
	if (o.mbim) {
		if (sim_mbim_enable(s) < 0) {
			fprintf(stderr, "cellink-sim: out of memory\n");
			return 1;
		}
		o.qmi = o.mbim;
	}
	if (!o.qmi) {
		fprintf(stderr, "cellink-sim: --qmi PATH (or --mbim PATH, or --usb UDC) is required\n\n");
		usage(stderr);
		return 2;
	}
	if (strlen(o.qmi) >= sizeof(s->port.path)) {
		fprintf(stderr, "cellink-sim: path too long\n");
		return 2;
	}
	snprintf(s->port.path, sizeof(s->port.path), "%s", o.qmi);
	s->default_delay_ms = (uint32_t)o.delay;
	s->reset_delay_ms = (uint32_t)o.reset_delay;
	sim_clients_init(&s->clients, (unsigned)o.max_cids);
	sim_modem_defaults(&s->m, s->prof);
	s->m.register_delay_ms = (unsigned)o.register_delay;
	s->quirk_swallow = s->prof->quirk_swallow;
	s->quirk_sim_init_ms = s->prof->quirk_sim_init_ms;
	if ((r = ev_loop_init(&s->loop)) < 0) {
		fprintf(stderr, "cellink-sim: event loop: %s\n", strerror(-r));
		return 1;
	}
	int rc = 1;
	if (o.scenario && (r = sim_scenario_load(s, o.scenario)) < 0) {
		if (r != -EINVAL)
			fprintf(stderr, "cellink-sim: %s: %s\n", o.scenario, strerror(-r));
		goto out;
	}
	s->init = s->m;         /* what a reset restores */
	if (o.sysfs && (r = sim_sysfs_write(s, o.sysfs)) < 0) {
		fprintf(stderr, "cellink-sim: sysfs tree in %s: %s\n", o.sysfs, strerror(-r));
		goto out;
	}
	if (o.control && (r = sim_control_open(s, o.control)) < 0) {
		fprintf(stderr, "cellink-sim: control socket %s: %s\n", o.control, strerror(-r));
		goto out;
	}
	if (o.udc) {
		/* the AT port first: the USB device carries it */
		struct sim_usb_config uc = { .udc = o.udc };
		if ((r = sim_wire_start(s, false, false, o.at)) < 0 ||
		    (r = sim_wire_dp_virtual(s)) < 0 || (r = sim_usb_start(s, &uc)) < 0) {
			fprintf(stderr, "cellink-sim: USB device on %s: %s\n", o.udc, strerror(-r));
			goto out;
		}
	}
	if ((r = sim_port_open(s)) < 0) {
		fprintf(stderr, "cellink-sim: %s port %s: %s\n", o.mbim ? "MBIM" : "QMI", o.qmi, strerror(-r));
		goto out;
	}
	if (!o.udc && (r = sim_wire_start(s, o.dp, o.tap, o.at)) < 0)
		goto out;
	if (!o.udc && o.dp && !o.tap && !o.mbim && (r = sim_qmimux_start(s)) < 0)
		goto out;
	s->sigterm.cb = on_signal;
	s->sigint.cb = on_sigint;
	if ((r = ev_signal_add(&s->loop, &s->sigterm, SIGTERM)) < 0 ||
	    (r = ev_signal_add(&s->loop, &s->sigint, SIGINT)) < 0) {
		fprintf(stderr, "cellink-sim: signals: %s\n", strerror(-r));
		goto out;
	}
	sim_power_up(s);
	ev_run(&s->loop);
	rc = 0;
out:
	sim_port_close(s);
	sim_usb_stop(s);
	sim_qmimux_stop(s);
	sim_wire_stop(s);
	sim_control_close(s);
	sim_scenario_free(s);
	ev_loop_free(&s->loop);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "ctl"))
		return sim_ctl_main(argc - 1, argv + 1);
	struct sim *s = calloc(1, sizeof(*s));
	if (!s) {
		fprintf(stderr, "cellink-sim: out of memory\n");
		return 1;
	}
	s->port.master = s->port.slave = -1;
	snprintf(s->ifname, sizeof(s->ifname), "wwan0");
	sb_init(&s->logbuf);
	s->log_fn = log_stderr;
	int rc = run(s, argc, argv);
	sim_mbim_free(s);
	sb_free(&s->logbuf);
	free(s);
	return rc;
}
