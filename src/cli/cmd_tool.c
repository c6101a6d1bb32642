/* The toolbox's one runner (docs/toolbox.md):
 *
 *   cellink OP [--device DEV] [--control SOCKET] [--json] [MODEM] [op args]
 *
 * When a daemon answers for MODEM (found as cellink status finds it), the
 * request goes through its control socket and it runs the op over its own
 * client. Otherwise (or with --device) the op runs here, on the control
 * device (--device, else the configured modem's), with a fresh client: no
 * CTL sync (a daemon may share the modem), client ids allocated and given
 * back on the way out, on SIGINT and SIGTERM too.
 *
 * The runner takes its own options (CB_TOOL in options.h) from anywhere on
 * the line; every other word is the op's, in order. A first word that
 * names a daemon's socket or a modem of the configuration is MODEM ("-":
 * the only one). */
#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/commands.h"
#include "host/conn_host.h"
#include "cli/ctl.h"
#include "cli/options.h"
#include "cli/query.h"
#include "cli/status_text.h"
#include "cli/tool_text.h"
#include "cli/util.h"
#include "client/mbim_client.h"
#include "client/probe.h"
#include "client/qmi_client.h"
#include "client/qmi_mbim.h"
#include "host/mbim_part.h"
#include "common/err.h"
#include "common/exit.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "config/config.h"
#include "io/loop.h"
#include "net/net.h"
#include "tool/tool.h"

#define TOOL_EXIT_FAILED 1
#define TOOL_RELEASE_MS 3000
#define TOOL_MBIM_OPEN_MS 5000

static const char *const default_configs[] = { "/etc/cellink/cellink.conf", "/etc/config/network" };

struct runner {
	const char *op;
	const char *device, *control, *config, *dir, *modem;
	bool json;
	int argc;                       /* the op's arguments */
	char **argv;
	/* the answer */
	bool got_final;
	bool ok;
	bool usage;                     /* the daemon refused the arguments */
	char error[600];                /* its words */
	/* in process */
	struct ev_loop loop;
	struct ev_signal sigint, sigterm;
	struct qmi_client *cl;
	struct tool_run *run;
	bool interrupted;
	/* an MBIM device: the QMI client runs over QMI over MBIM */
	struct mbim_client *mc;
	struct qmi_mbim *qm;
	int mbim_step;                  /* 0 waiting, 1 done, < 0 failed */
	bool mbim_native;               /* no QMI over MBIM: the op uses MBIM's own services */
	char mbim_why[400];
};

/* ---- printing what the op emits ---- */

static void print_line(struct runner *u, const char *json, bool final)
{
	json_object *root = json_tokener_parse(json);
	if (!root) {
		fprintf(stderr, "cellink %s: the answer is not JSON\n", u->op);
		if (final)
			u->got_final = true, u->ok = false;
		return;
	}
	bool ok = !json_object_is_type(root, json_type_object) || !json_object_object_get_ex(root, "ok", NULL) ||
		  status_text_ok(root);
	if (u->json) {
		printf("%s\n", json_object_to_json_string_ext(root, CLI_JSON_LINE));
	} else if (!ok) {
		/* "profiles create: --apn is needed": the op named itself */
		const char *e = status_text_str(root, "error");
		size_t n = strlen(u->op);
		if (!strncmp(e, u->op, n) && (e[n] == ':' || e[n] == ' '))
			fprintf(stderr, "cellink %s\n", e);
		else
			fprintf(stderr, "cellink %s: %s\n", u->op, e);
		snprintf(u->error, sizeof u->error, "%s", e);
	} else {
		tool_text_fn fn = tool_text_for(u->op);
		if (fn)
			fn(stdout, root, final);
		else
			tool_text_generic(stdout, root);
	}
	fflush(stdout);
	if (final) {
		u->got_final = true;
		u->ok = ok;
		json_object *v;
		u->usage = !ok && json_object_is_type(root, json_type_object) &&
			   json_object_object_get_ex(root, "usage", &v) && json_object_get_boolean(v);
	}
	json_object_put(root);
}

/* ---- through a daemon ---- */

/* 1: answered (u->got_final tells how), 0: nobody answers at path, -1: an
 * error said on stderr. */
static int via_daemon(struct runner *u, const char *path, bool must)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "cellink %s: %s: the path is too long for a socket\n", u->op, path);
		return -1;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "cellink %s: socket: %s\n", u->op, strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		if (!must && (e == ENOENT || e == ECONNREFUSED))
			return 0;
		fprintf(stderr, "cellink %s: %s: %s\n", u->op, path, strerror(e));
		return -1;
	}
	struct strbuf line;
	sb_init(&line);
	sb_puts(&line, u->op);
	sb_putc(&line, ' ');
	if (u->modem && u->modem[0])
		ctl_encode_arg(&line, u->modem);
	else
		sb_putc(&line, '-');
	for (int i = 0; i < u->argc; i++) {
		sb_putc(&line, ' ');
		ctl_encode_arg(&line, u->argv[i]);
	}
	sb_putc(&line, '\n');
	if (line.len > CTL_TOOL_LINE_MAX - 1) {
		fprintf(stderr, "cellink %s: the arguments are too long for the control socket (at most %d "
			"bytes once encoded)\n", u->op, CTL_TOOL_LINE_MAX - 1);
		sb_free(&line);
		close(fd);
		return -1;
	}
	size_t off = 0;
	while (off < line.len) {
		ssize_t w = send(fd, sb_str(&line) + off, line.len - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "cellink %s: %s: %s\n", u->op, path, strerror(errno));
			sb_free(&line);
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	explicit_bzero(line.buf, line.len);     /* it may carry a password */
	sb_free(&line);
	/* one JSON object a line until the daemon closes; no deadline here
	 * (a scan takes minutes, monitor streams until ^C): the daemon bounds
	 * every modem request */
	struct strbuf in;
	sb_init(&in);
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sb_put(&in, buf, (size_t)n);
		char *start = in.buf, *nl;
		while ((nl = memchr(start, '\n', in.len - (size_t)(start - in.buf)))) {
			*nl = 0;
			if (!u->got_final && nl > start)
				print_line(u, start, strncmp(start, "{\"update\":true", 14) != 0);
			start = nl + 1;
		}
		size_t rest = in.len - (size_t)(start - in.buf);
		memmove(in.buf, start, rest);
		in.len = rest;
		in.buf[rest] = 0;
	}
	close(fd);
	sb_free(&in);
	return 1;
}

/* ---- in this process ---- */

static void emitted(void *ud, const char *json, bool final)
{
	struct runner *u = ud;
	print_line(u, json, final);
	if (final) {
		u->run = NULL;
		ev_stop(&u->loop);
	}
}

static void on_signal(struct ev_signal *s)
{
	struct runner *u = s->signo == SIGINT ? container_of(s, struct runner, sigint)
					      : container_of(s, struct runner, sigterm);
	u->interrupted = true;
	struct tool_run *r = u->run;
	u->run = NULL;
	tool_cancel(r);         /* its requests stop, its cids are asked back */
	ev_stop(&u->loop);
}

/* The device of the configured modem (MODEM, or the only one), and its
 * protocol option when proto is not NULL (CL_PROTOCOL_*). */
static int configured_device_proto(const char *config, const char *modem, char *out, size_t cap, int *proto);

static int configured_device(const char *config, const char *modem, char *out, size_t cap)
{
	return configured_device_proto(config, modem, out, cap, NULL);
}

static int configured_device_proto(const char *config, const char *modem, char *out, size_t cap, int *proto)
{
	const char *files[2] = { config, NULL };
	size_t nf = 1;
	if (!config) {
		nf = 0;
		for (size_t i = 0; i < sizeof default_configs / sizeof default_configs[0]; i++)
			if (access(default_configs[i], R_OK) == 0)
				files[nf++] = default_configs[i];
	}
	for (size_t i = 0; i < nf; i++) {
		size_t len;
		char *text = cli_read_file(files[i], &len);
		if (!text)
			return -1;
		struct cl_config *cfg = calloc(1, sizeof(*cfg));
		struct strbuf errors;
		sb_init(&errors);
		int bad = cfg ? cl_config_parse(cfg, files[i], text, len, &errors, NULL) : 1;
		free(text);
		int found = -1;
		if (!bad) {
			for (int k = 0; k < cfg->n_modems; k++)
				if (modem ? !strcmp(cfg->modems[k].name, modem) : cfg->n_modems == 1)
					found = k;
			if (found >= 0)
				snprintf(out, cap, "%s", cfg->modems[found].device);
			if (found >= 0 && proto)
				*proto = cfg->modems[found].protocol;
		}
		if (cfg)
			explicit_bzero(cfg, sizeof(*cfg));      /* it holds PINs and passwords */
		free(cfg);
		sb_free(&errors);
		if (found >= 0 && out[0])
			return 0;
	}
	return -1;
}

/* Whether the daemon on path runs a modem named word (its "status WORD"
 * answers ok); bounded by a few seconds. */
static bool daemon_has(const char *path, const char *word)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path))
		return false;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	char line[128], buf[256];
	snprintf(line, sizeof line, "status %s\n", word);
	bool ok = false;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    send(fd, line, strlen(line), MSG_NOSIGNAL) == (ssize_t)strlen(line)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n = poll(&p, 1, 5000) == 1 ? recv(fd, buf, sizeof buf - 1, 0) : -1;
		if (n > 0) {
			buf[n] = 0;
			ok = strstr(buf, "\"ok\":true") != NULL;
		}
	}
	close(fd);
	return ok;
}

static bool is_modem_name(const struct runner *u, const char *word)
{
	if (!word[0] || strchr(word, '/') || word[0] == '.' || word[0] == '-' || strlen(word) > 64)
		return false;
	char path[512];
	snprintf(path, sizeof path, "%s/%s.sock", u->dir, word);
	if (!u->device && cli_is_socket(path))
		return true;
	char dev[256] = "";
	if (configured_device(u->config, word, dev, sizeof dev) == 0)
		return true;
	if (u->device)
		return false;
	/* the daemon we would ask: does it run such a modem? */
	if (u->control)
		snprintf(path, sizeof path, "%s", u->control);
	else
		cli_socket_for(u->dir, "", path, sizeof path);
	return daemon_has(path, word);
}

/* ---- QMI over MBIM, in this process ---- */

static void mbim_opened(struct mbim_client *c, void *ud, int err, const struct mbim_msg *m)
{
	(void)c;
	struct runner *u = ud;
	if (!err && m->status == MBIM_STATUS_SUCCESS) {
		u->mbim_step = 1;
		return;
	}
	const char *st = m ? mbim_enum_sym(MBIM_ENUM(STATUS), m->status) : NULL;
	snprintf(u->mbim_why, sizeof u->mbim_why, "the MBIM device refused to open (%s)",
		 err ? cl_strerror(err) : st ? st : "unknown status");
	u->mbim_step = -1;
}

static void tunnel_ready(struct qmi_mbim *t, void *ud, int err, const char *why)
{
	(void)t;
	struct runner *u = ud;
	if (err == -EPROTONOSUPPORT && tool_mbim_capable(u->op, u->argc, u->argv)) {
		/* sms and ussd have services of MBIM's own */
		u->mbim_native = true;   /* the run watches u->mc's indications itself */
		u->mbim_step = 1;
		return;
	}
	if (err)
		snprintf(u->mbim_why, sizeof u->mbim_why, "%s", why);
	u->mbim_step = err ? -1 : 1;
}

/* Runs the loop until the step is decided, at most ms. */
static void mbim_wait(struct runner *u, int ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)ms;
	while (!u->mbim_step && !u->interrupted && ev_now_ms() < end)
		ev_run_once(&u->loop, (int)(end - ev_now_ms()));
	if (!u->mbim_step) {
		u->mbim_step = -1;
		snprintf(u->mbim_why, sizeof u->mbim_why, "the MBIM device did not answer within %d ms", ms);
	}
}

/* MBIM OPEN, then device services: the QMI client attached over MBIM.
 * 0, or an exit status (the reason said on stderr). */
static int mbim_start(struct runner *u, const char *dev)
{
	u->mc = mbim_client_new(&u->loop);
	u->qm = calloc(1, sizeof(*u->qm));
	if (!u->mc || !u->qm)
		return TOOL_EXIT_FAILED;
	qmi_mbim_init(u->qm);
	int r = mbim_client_open(u->mc, dev);
	if (r < 0) {
		fprintf(stderr, "cellink %s: %s%s\n", u->op, u->mc->errtext,
			r == -EBUSY ? " (with a daemon running, leave out --device: the request goes through it)"
				    : "");
		return r == -EBUSY ? CONN_EXIT_DEVICE_BUSY : CONN_EXIT_NO_DEVICE;
	}
	uint8_t msg[64];
	int n = mbim_encode_open(msg, sizeof msg, mbim_client_txn(u->mc), u->mc->max_transfer);
	u->mbim_step = 0;
	r = n < 0 ? n : mbim_client_send(u->mc, msg, (size_t)n, TOOL_MBIM_OPEN_MS, mbim_opened, u);
	if (r < 0) {
		fprintf(stderr, "cellink %s: cannot open the MBIM function on %s: %s\n", u->op, dev, cl_strerror(r));
		return TOOL_EXIT_FAILED;
	}
	mbim_wait(u, TOOL_MBIM_OPEN_MS + 500);
	if (u->mbim_step > 0) {
		u->mbim_step = 0;
		r = qmi_mbim_start(u->qm, u->mc, u->cl, tunnel_ready, u);
		if (r < 0) {
			u->mbim_step = -1;
			snprintf(u->mbim_why, sizeof u->mbim_why, "%s", u->qm->why);
		} else {
			mbim_wait(u, QMI_MBIM_CHECK_MS + 500);
		}
	}
	if (u->mbim_step < 0) {
		fprintf(stderr, "cellink %s: %s (%s, MBIM)\n", u->op, u->mbim_why, dev);
		snprintf(u->error, sizeof u->error, "%s", u->mbim_why);
		return TOOL_EXIT_FAILED;
	}
	return 0;
}

static void mbim_closed(struct mbim_client *c, void *ud, int err, const struct mbim_msg *m)
{
	(void)c, (void)err, (void)m;
	struct runner *u = ud;
	u->mbim_step = 1;
}

/* The QMI client is closed; the MBIM function is closed (bounded). */
static void mbim_end(struct runner *u)
{
	if (u->qm)
		qmi_mbim_stop(u->qm);
	if (u->mc && u->mc->open && !u->mc->tr.st.gone) {
		uint8_t msg[16];
		int n = mbim_encode_close(msg, sizeof msg, mbim_client_txn(u->mc));
		u->mbim_step = 0;
		u->interrupted = false;         /* the goodbye goes out after ^C too */
		if (n > 0 && mbim_client_send(u->mc, msg, (size_t)n, 1000, mbim_closed, u) == 0)
			mbim_wait(u, 1000);
	}
	mbim_client_free(u->mc);
	u->mc = NULL;
	free(u->qm);
	u->qm = NULL;
}

/* Which protocol dev speaks: the configuration's option, else the driver
 * bound to it, else asked (a pty). */
static int device_protocol(const char *dev, int configured)
{
	if (configured == CL_PROTOCOL_MBIM)
		return CTL_PROTO_MBIM;
	if (configured == CL_PROTOCOL_QMI)
		return CTL_PROTO_QMI;
	char drv[64], why[256];
	if (net_wdm_driver(NULL, dev, drv, sizeof drv) == 0) {
		if (!strcmp(drv, "cdc_mbim"))
			return CTL_PROTO_MBIM;
		if (!strcmp(drv, "qmi_wwan"))
			return CTL_PROTO_QMI;
	}
	return ctl_proto_probe(dev, CONN_HOST_PROBE_PROTO_MS, why, sizeof why) == CTL_PROTO_MBIM ? CTL_PROTO_MBIM
												    : CTL_PROTO_QMI;
}

static int in_process(struct runner *u)
{
	char dev[256] = "";
	int configured = CL_PROTOCOL_AUTO;
	if (u->device) {
		snprintf(dev, sizeof dev, "%s", u->device);
	} else if (configured_device_proto(u->config, u->modem, dev, sizeof dev, &configured) < 0) {
		fprintf(stderr, "cellink %s: no daemon answers%s%s%s and no control device is known: give "
			"--device /dev/cdc-wdmN (or a configuration naming the modem with --config)\n", u->op,
			u->modem ? " for modem '" : "", u->modem ? u->modem : "", u->modem ? "'" : "");
		return CONN_EXIT_NO_DEVICE;
	}
	if (ev_loop_init(&u->loop) < 0) {
		fprintf(stderr, "cellink %s: cannot create the event loop\n", u->op);
		return TOOL_EXIT_FAILED;
	}
	int status = TOOL_EXIT_FAILED;
	u->cl = calloc(1, sizeof(*u->cl));
	if (!u->cl)
		goto out;
	qmi_client_init(u->cl, &u->loop);
	u->sigint.cb = u->sigterm.cb = on_signal;
	ev_signal_add(&u->loop, &u->sigint, SIGINT);
	ev_signal_add(&u->loop, &u->sigterm, SIGTERM);
	int r = 0;
	if (device_protocol(dev, configured) == CTL_PROTO_MBIM) {
		if (!CELLINK_MBIM) {    /* a constant (host/mbim_part.h): QMI over MBIM is then left out */
			fprintf(stderr, "cellink %s: %s %s, and %s\n", u->op, dev,
				configured == CL_PROTOCOL_MBIM ? "is configured as MBIM" : "speaks MBIM", MBIM_PART_NONE);
			snprintf(u->error, sizeof u->error, "%s", MBIM_PART_NONE);
			status = configured == CL_PROTOCOL_MBIM ? CONN_EXIT_USAGE : CONN_EXIT_NO_DEVICE;
			goto out;
		}
		status = mbim_start(u, dev);
		if (status)
			goto out;
	} else {
		r = qmi_client_open(u->cl, dev);
	}
	if (r < 0) {
		fprintf(stderr, "cellink %s: %s%s\n", u->op, u->cl->errtext,
			r == -EBUSY ? " (with a daemon running, leave out --device: the request goes through it)"
				    : "");
		status = r == -EBUSY ? CONN_EXIT_DEVICE_BUSY : CONN_EXIT_NO_DEVICE;
		goto out;
	}
	/* no CTL sync: a daemon, or qmicli, may hold ids on this modem */
	struct tool_env env = { .loop = &u->loop, .cl = u->cl, .cid_dms = TOOL_NO_CID, .cid_nas = TOOL_NO_CID,
				.cid_wds = TOOL_NO_CID, .cid_uim = TOOL_NO_CID, .cid_wds6 = TOOL_NO_CID,
				.mbim = u->mbim_native ? u->mc : NULL };
	char why[512];
	r = tool_start(&env, u->op, u->argc, u->argv, emitted, u, &u->run, why, sizeof why);
	if (r < 0) {
		size_t n = strlen(u->op);
		if (!strncmp(why, u->op, n) && (why[n] == ':' || why[n] == ' '))
			fprintf(stderr, "cellink %s\n", why);
		else
			fprintf(stderr, "cellink %s: %s\n", u->op, why);
		snprintf(u->error, sizeof u->error, "%s", why);
		status = r == TOOL_E_USAGE || r == TOOL_E_UNKNOWN ? CONN_EXIT_USAGE : TOOL_EXIT_FAILED;
	} else {
		ev_run(&u->loop);
		status = u->got_final && u->ok ? 0 : TOOL_EXIT_FAILED;
		if (u->got_final && !u->ok && u->usage)
			status = CONN_EXIT_USAGE;       /* a refusal the op words as usage (a band the modem lacks) */
		if (u->interrupted)
			status = 128 + SIGINT;
	}
	/* give back every client id (the op's own went back as it ended):
	 * wait for those answers, bounded, then close */
	uint64_t end = ev_now_ms() + TOOL_RELEASE_MS;
	u->loop.stop = false;   /* ev_run ended with ev_stop: dispatch again */
	if (qmi_client_cids_held(u->cl))
		qmi_client_release_all(u->cl, TOOL_RELEASE_MS, NULL, NULL);
	while (qmi_client_in_flight(u->cl) && ev_now_ms() < end)
		ev_run_once(&u->loop, (int)(end - ev_now_ms()));
	if (!u->mbim_native)
		qmi_client_close(u->cl);
out:
	if (CELLINK_MBIM && u->mc)
		mbim_end(u);
	free(u->cl);
	u->cl = NULL;
	ev_loop_free(&u->loop);
	return status;
}

/* ---- the command line ---- */

/* A password reaches an op only from a file (--password-file) or the
 * environment (--password-env: CELLINK_PASSWORD), never from argv: those
 * become "--password SECRET" in memory (the op's own argument), kept in
 * one buffer that is wiped on the way out. */
static char secret[256];

static void wipe_secret(void)
{
	explicit_bzero(secret, sizeof secret);
}

static int secrets(const char *op, char **args, int *n)
{
	for (int i = 0; i < *n; i++) {
		char *w = args[i];
		if (!strncmp(w, "--password-file", 15) && (w[15] == 0 || w[15] == '=')) {
			const char *path = w[15] ? w + 16 : i + 1 < *n ? args[i + 1] : NULL;
			if (!path) {
				fprintf(stderr, "cellink %s: --password-file needs a value\n", op);
				return -1;
			}
			int e = conn_host_read_secret(path, secret, sizeof secret);
			if (e < 0) {
				fprintf(stderr, "cellink %s: cannot read the password from %s: %s\n", op, path,
					strerror(-e));
				return -1;
			}
			cli_warn_secret_file("cellink", path, "a password");
			conn_host_hold_secrets(true);
			args[i] = "--password";
			if (w[15]) {    /* one word became two */
				memmove(args + i + 2, args + i + 1, (size_t)(*n - i) * sizeof(char *));
				(*n)++;
			}
			args[++i] = secret;
		} else if (!strcmp(w, "--password-env")) {
			if (!conn_host_take_env_secret("CELLINK_PASSWORD", secret, sizeof secret)) {
				fprintf(stderr, "cellink %s: --password-env: CELLINK_PASSWORD is not set\n", op);
				return -1;
			}
			conn_host_hold_secrets(true);
			memmove(args + i + 2, args + i + 1, (size_t)(*n - i) * sizeof(char *));
			(*n)++;
			args[i] = "--password";
			args[++i] = secret;
		} else if (!strncmp(w, "--password", 10) && (w[10] == 0 || w[10] == '=')) {
			fprintf(stderr, "cellink %s: a password never goes on the command line (other users "
				"see it in ps): use --password-file FILE or --password-env\n", op);
			return -1;
		}
	}
	if (secret[0])
		atexit(wipe_secret);
	return 0;
}

/* A refused first word may have been meant as a modem's name. */
static void hint(const struct runner *u, int status)
{
	char quoted[80];
	snprintf(quoted, sizeof quoted, "'%s'", u->argc > 0 ? u->argv[0] : "");
	if (status == CONN_EXIT_USAGE && !u->modem && u->argc > 0 && u->argv[0][0] != '-' &&
	    strstr(u->error, quoted))
		fprintf(stderr, "cellink %s: ('%s' is not a modem either: no daemon here runs one of that name, "
			"and no configuration names it)\n", u->op, u->argv[0]);
}

static void usage(FILE *f, const char *op)
{
	fprintf(f, "usage: cellink %s [--device DEV] [--control SOCKET] [--json] [MODEM] [ARGS...]\n\n%s.\n\n"
		"Goes through the daemon of MODEM when one answers (as cellink status finds\n"
		"it), else runs on the control device in this process.\n\n",
		op, tool_help(op));
	cli_print_options(f, cli_command_bits(op));
	fprintf(f, "\nexit status:\n");
	cli_print_exits(f, CB_TOOL);
}

int cmd_tool(int argc, char **argv)
{
	struct runner u = { .op = argv[0], .dir = DEFAULT_RUNTIME_DIR };
	char **args = calloc((size_t)argc + 2, sizeof(char *));
	if (!args)
		return TOOL_EXIT_FAILED;
	int n = 0, first_rest = -1;     /* where the words after "--" begin */
	bool rest = false;
	for (int i = 1; i < argc; i++) {
		char *w = argv[i];
		if (rest || w[0] != '-' || !w[1] || w[1] != '-' || !w[2]) {
			if (!rest && !strcmp(w, "-h")) {
				usage(stdout, u.op);
				free(args);
				return 0;
			}
			if (!rest && !strcmp(w, "--")) {
				rest = true;
				first_rest = n;
				continue;
			}
			args[n++] = w;
			continue;
		}
		char name[64];
		const char *eq = strchr(w + 2, '=');
		snprintf(name, sizeof name, "%.*s", (int)(eq ? (size_t)(eq - w - 2) : strlen(w + 2)), w + 2);
		const struct cli_opt *o = cli_find(name, CB_TOOL);
		if (!o && !strcmp(name, "help"))
			o = cli_opt_of(OPT_HELP);
		if (!o) {
			args[n++] = w;  /* the op's own */
			continue;
		}
		const char *val = NULL;
		if (o->arg) {
			if (eq) {
				val = eq + 1;
			} else if (i + 1 < argc) {
				val = argv[++i];
			} else {
				fprintf(stderr, "cellink %s: --%s needs a value\n", u.op, name);
				free(args);
				return CONN_EXIT_USAGE;
			}
		} else if (eq) {
			fprintf(stderr, "cellink %s: --%s takes no value\n", u.op, name);
			free(args);
			return CONN_EXIT_USAGE;
		}
		switch (o->id) {
		case OPT_HELP: usage(stdout, u.op); free(args); return 0;
		case OPT_JSON: u.json = true; break;
		case OPT_CONTROL: u.control = val; break;
		case OPT_TOOL_DEVICE: u.device = val; break;
		case OPT_TOOL_CONFIG: u.config = val; break;
		case OPT_TOOL_RUNTIME_DIR: u.dir = val; break;
		default: break;
		}
	}
	args[n] = NULL;
	if (secrets(u.op, args, &n) < 0) {
		free(args);
		return CONN_EXIT_USAGE;
	}
	u.argc = n;
	u.argv = args;
	/* MODEM: the first of the other words, when it names one ("-": the
	 * only one). Not after "--", nor an option's value. */
	if (n > 0 && args[0] != NULL && (!strcmp(args[0], "-") || is_modem_name(&u, args[0])) &&
	    first_rest != 0) {
		u.modem = strcmp(args[0], "-") ? args[0] : NULL;
		u.argv++;
		u.argc--;
	}
	/* sms send NUMBER: the text comes from stdin */
	if (!strcmp(u.op, "sms") && u.argc == 2 && !strcmp(u.argv[0], "send")) {
		static char text[4096];
		size_t len = fread(text, 1, sizeof text - 1, stdin);
		text[len] = 0;
		if (len && text[len - 1] == '\n')
			text[--len] = 0;
		u.argv[u.argc++] = text;
		u.argv[u.argc] = NULL;
	}
	if (u.device && u.control) {
		fprintf(stderr, "cellink %s: --device runs here and --control goes through a daemon: give one\n",
			u.op);
		free(args);
		return CONN_EXIT_USAGE;
	}
	int status;
	if (!u.device) {
		char path[512];
		if (u.control)
			snprintf(path, sizeof path, "%s", u.control);
		else
			cli_socket_for(u.dir, u.modem ? u.modem : "", path, sizeof path);
		int r = via_daemon(&u, path, u.control != NULL);
		if (r != 0) {
			status = r < 0 ? TOOL_EXIT_FAILED : u.got_final && u.ok ? 0 : TOOL_EXIT_FAILED;
			if (r > 0 && u.usage)
				status = CONN_EXIT_USAGE;
			if (r > 0 && !u.got_final)
				fprintf(stderr, "cellink %s: the daemon closed the connection before its answer\n",
					u.op);
			hint(&u, status);
			wipe_secret();
			free(args);
			return status;
		}
	}
	status = in_process(&u);
	hint(&u, status);
	wipe_secret();
	free(args);
	return status;
}
