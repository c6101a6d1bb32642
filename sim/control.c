/* Commands that steer the emulator: one line in, one JSON line out. The
 * same parser serves the control socket and the scenario file. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/util.h"
#include "qmi/ids.h"
#include "sim/sim.h"
#include "sim/usb.h"

#define MAX_ARGS 16

struct args {
	int n;
	char *v[MAX_ARGS];
};

const char *sim_kv(int argc, char *const *argv, const char *key)
{
	size_t k = strlen(key);
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], key, k) && argv[i][k] == '=')
			return argv[i] + k + 1;
	return NULL;
}

bool sim_num(const char *s, long lo, long hi, long *out)
{
	char *end;
	if (!s || !*s)
		return false;
	long v = strtol(s, &end, 0);
	if (*end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}


static int fail(struct strbuf *out, const char *fmt, const char *arg)
{
	char msg[200];
	snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
	sb_puts(out, "{\"ok\":false,\"error\":");
	sb_put_json_str(out, msg, strlen(msg));
	sb_putc(out, '}');
	return -1;
}

static int okay(struct strbuf *out)
{
	sb_puts(out, "{\"ok\":true}");
	return 0;
}

static int service_arg(const char *name, uint8_t *svc)
{
	const struct qmi_service_def *d = name ? qmi_service_by_name(name) : NULL;
	if (!d)
		return -1;
	*svc = d->id;
	return 0;
}

/* ---- commands ---- */

static int c_clients(struct sim *s, const struct args *a, struct strbuf *out)
{
	sb_puts(out, "{\"ok\":true,\"clients\":");
	sim_clients_json(&s->clients, out);
	sb_putc(out, '}');
	return 0;
}

static int c_state(struct sim *s, const struct args *a, struct strbuf *out)
{
	sb_puts(out, "{\"ok\":true,\"state\":");
	sim_state_json(s, out);
	sb_putc(out, '}');
	return 0;
}

static int c_drop_session(struct sim *s, const struct args *a, struct strbuf *out)
{
	const char *reason = sim_kv(a->n, a->v, "reason") ? sim_kv(a->n, a->v, "reason") : "regular-deactivation";
	long cid = 0;
	if (!sim_end_reason_known(reason))
		return fail(out, "unknown reason '%s'", reason);
	if (sim_kv(a->n, a->v, "cid") && !sim_num(sim_kv(a->n, a->v, "cid"), 1, 255, &cid))
		return fail(out, "bad cid '%s'", sim_kv(a->n, a->v, "cid"));
	long mux = 0;
	if (sim_kv(a->n, a->v, "mux") && !sim_num(sim_kv(a->n, a->v, "mux"), 1, 254, &mux))
		return fail(out, "bad mux id '%s'", sim_kv(a->n, a->v, "mux"));
	if (mux) {
		/* the sessions of the WDS clients bound to that QMAP mux id */
		int n = 0;
		for (size_t i = 0; i < SIM_MAX_SESSIONS; i++) {
			const struct sim_session *ss = &s->m.sess[i];
			const struct sim_client *cl = ss->active ? sim_client_get(&s->clients, QMI_SVC_WDS, ss->cid) : NULL;
			if (cl && cl->mux_id == mux && (!cid || cid == ss->cid))
				n += sim_session_end(s, ss->cid, reason);
		}
		sb_printf(out, "{\"ok\":%s,\"dropped\":%d}", n ? "true" : "false", n);
		return n ? 0 : -1;
	}
	int n = sim_session_end(s, (uint8_t)cid, reason);
	sb_printf(out, "{\"ok\":%s,\"dropped\":%d}", n ? "true" : "false", n);
	return n ? 0 : -1;
}

static int c_lose_registration(struct sim *s, const struct args *a, struct strbuf *out)
{
	const char *st = sim_kv(a->n, a->v, "state") ? sim_kv(a->n, a->v, "state") : "searching";
	enum sim_reg_state r = !strcmp(st, "denied") ? SIM_REG_DENIED :
			       !strcmp(st, "not-registered") ? SIM_REG_OFF : SIM_REG_SEARCHING;
	ev_timer_cancel(&s->loop, &s->reg_timer);
	sim_set_registration(s, r);
	ev_timer_cancel(&s->loop, &s->reg_timer);      /* stays lost until regained */
	return okay(out);
}

static int c_regain_registration(struct sim *s, const struct args *a, struct strbuf *out)
{
	if (s->m.card != SIM_CARD_READY)
		return fail(out, "the SIM is not ready", NULL);
	bool roam = a->n > 1 && !strcmp(a->v[1], "roaming");
	sim_set_registration(s, roam || s->m.roam ? SIM_REG_ROAMING : SIM_REG_HOME);
	return okay(out);
}

static int c_remove_sim(struct sim *s, const struct args *a, struct strbuf *out)
{
	sim_set_card(s, SIM_CARD_ABSENT);
	return okay(out);
}

static int c_insert_sim(struct sim *s, const struct args *a, struct strbuf *out)
{
	enum sim_card_state c = s->init.card == SIM_CARD_ABSENT ? SIM_CARD_READY : s->init.card;
	sim_set_card(s, c);
	return okay(out);
}

static int c_sim(struct sim *s, const struct args *a, struct strbuf *out)
{
	int c = a->n > 1 ? sim_card_by_name(a->v[1]) : -1;
	if (c < 0)
		return fail(out, "usage: sim ready|pin|puk|blocked|absent|not-initialized", NULL);
	sim_set_card(s, (enum sim_card_state)c);
	return okay(out);
}

static int c_reset(struct sim *s, const struct args *a, struct strbuf *out)
{
	long ms = s->reset_delay_ms;
	if (a->n > 1 && !sim_num(a->v[1], 0, 600000, &ms))
		return fail(out, "bad delay '%s'", a->v[1]);
	sim_reset(s, (uint32_t)ms);
	return okay(out);
}

static int svc_bit(struct sim *s, const struct args *a, struct strbuf *out, bool on)
{
	uint8_t svc;
	if (a->n < 2 || service_arg(a->v[1], &svc))
		return fail(out, "unknown service '%s'", a->n > 1 ? a->v[1] : "");
	if (on)
		s->faults.silent[svc / 32] |= 1u << (svc % 32);
	else
		s->faults.silent[svc / 32] &= ~(1u << (svc % 32));
	return okay(out);
}

static int c_stop_service(struct sim *s, const struct args *a, struct strbuf *out)
{
	return svc_bit(s, a, out, true);
}

static int c_resume_service(struct sim *s, const struct args *a, struct strbuf *out)
{
	return svc_bit(s, a, out, false);
}

static int c_delay(struct sim *s, const struct args *a, struct strbuf *out)
{
	uint8_t svc;
	long ms;
	int32_t msg = -1;
	if (a->n != 4 || service_arg(a->v[1], &svc) || !sim_num(a->v[3], 0, 600000, &ms))
		return fail(out, "usage: delay SERVICE MESSAGE|* MS", NULL);
	if (strcmp(a->v[2], "*")) {
		const struct qmi_msg_def *d = qmi_msg_by_name(qmi_service_by_id(svc), a->v[2]);
		if (!d)
			return fail(out, "unknown message '%s'", a->v[2]);
		msg = d->id;
	}
	if (sim_delay_set(s, svc, msg, (uint32_t)ms) < 0)
		return fail(out, "too many delays", NULL);
	return okay(out);
}

static int c_malformed(struct sim *s, const struct args *a, struct strbuf *out)
{
	uint8_t svc;
	long n = 1;
	if (a->n < 2 || service_arg(a->v[1], &svc) || (a->n > 2 && !sim_num(a->v[2], 0, 100000, &n)))
		return fail(out, "usage: malformed SERVICE [COUNT]", NULL);
	s->faults.malformed[svc] = (unsigned)n;
	return okay(out);
}

static void fill_flood_pss(struct sim *s, struct qmi_msg *m, const void *arg)
{
	const struct sim_session *ss = sim_session_of(&s->m, m->client);
	sim_put_uint(s, m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, ss ? 2 : 1);
}

static void fill_flood_ss(struct sim *s, struct qmi_msg *m, const void *arg)
{
	sim_nas_fill_serving_system(s, m);
}

static void fill_flood_card(struct sim *s, struct qmi_msg *m, const void *arg)
{
	sim_uim_fill_card_status(s, m);
}

static int c_flood(struct sim *s, const struct args *a, struct strbuf *out)
{
	uint8_t svc;
	long n = 100;
	bool lossless = a->n > 3 && !strcmp(a->v[3], "lossless");
	if (a->n < 2 || a->n > 4 || service_arg(a->v[1], &svc) || (a->n > 2 && !sim_num(a->v[2], 1, 100000, &n)) ||
	    (a->n > 3 && !lossless))
		return fail(out, "usage: flood nas|wds|uim [COUNT [lossless]]", NULL);
	unsigned sent = 0;
	s->port.hold_new = lossless;
	for (long i = 0; i < n; i++) {
		if (svc == QMI_SVC_NAS)
			sent += sim_indicate_all(s, svc, 0, QMI_NAS_SERVING_SYSTEM, fill_flood_ss, NULL);
		else if (svc == QMI_SVC_WDS)
			sent += sim_indicate_all(s, svc, 0, QMI_WDS_PACKET_SERVICE_STATUS, fill_flood_pss, NULL);
		else if (svc == QMI_SVC_UIM)
			sent += sim_indicate_all(s, svc, 0, QMI_UIM_CARD_STATUS, fill_flood_card, NULL);
		else {
			s->port.hold_new = false;
			return fail(out, "no indication to flood on '%s'", a->v[1]);
		}
	}
	s->port.hold_new = false;
	sb_printf(out, "{\"ok\":true,\"sent\":%u}", sent);
	return 0;
}

static int cids_flag(struct sim *s, const struct args *a, struct strbuf *out, bool on)
{
	uint8_t svc = 0;
	bool all = a->n < 2 || !strcmp(a->v[1], "all");
	if (!all && service_arg(a->v[1], &svc))
		return fail(out, "unknown service '%s'", a->v[1]);
	for (size_t i = 0; i < SIM_N_SERVICES; i++)
		if (all || s->clients.svc[i].service == svc)
			s->clients.svc[i].exhausted = on;
	return okay(out);
}

static int c_exhaust_cids(struct sim *s, const struct args *a, struct strbuf *out)
{
	return cids_flag(s, a, out, true);
}

static int c_restore_cids(struct sim *s, const struct args *a, struct strbuf *out)
{
	return cids_flag(s, a, out, false);
}

static int c_phantom(struct sim *s, const struct args *a, struct strbuf *out)
{
	bool on = a->n < 2 || strcmp(a->v[1], "off");
	s->m.phantom = on;
	sim_forwarding_refresh(s);
	return okay(out);
}

static int c_signal(struct sim *s, const struct args *a, struct strbuf *out)
{
	long v;
	struct sim_modem *m = &s->m;
	static const char *const keys[] = { "rssi", "rsrp", "rsrq", "sinr" };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *t = sim_kv(a->n, a->v, keys[i]);
		if (!t)
			continue;
		if (i == 3) {
			double d = strtod(t, NULL);
			m->sinr10 = (int)(d * 10 + (d < 0 ? -0.5 : 0.5));
			continue;
		}
		if (!sim_num(t, -200, 0, &v))
			return fail(out, "bad value '%s'", t);
		*(i == 0 ? &m->rssi : i == 1 ? &m->rsrp : &m->rsrq) = (int)v;
	}
	sim_signal_changed(s);
	return okay(out);
}

static int c_swallow(struct sim *s, const struct args *a, struct strbuf *out)
{
	long n = 1;
	if (a->n > 1 && !sim_num(a->v[1], 0, 1000, &n))
		return fail(out, "bad count '%s'", a->v[1]);
	s->faults.swallow_first = (unsigned)n;
	return okay(out);
}

static int c_set(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_set_command(s, a->n - 1, (char **)a->v + 1, out);
}

static int c_usb(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_usb_command(s, a->n, (char **)a->v, out);
}

/* radio model (radio_model.c): antenna angle, 5G mode */
static int c_radio(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_radio_command(s, a->n, (char **)a->v, out);
}

/* SMS and USSD (handlers_wms.c, handlers_voice.c) */
static int c_sms_deliver(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_sms_deliver_command(s, a->n, (char **)a->v, out);
}

static int c_sms_pdu(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_sms_pdu_command(s, a->n, (char **)a->v, out);
}

static int c_sms(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_sms_command(s, a->n, (char **)a->v, out);
}

static int c_ussd(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_ussd_command(s, a->n, (char **)a->v, out);
}

static int c_ussd_mode(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_ussd_mode_command(s, a->n, (char **)a->v, out);
}

/* bands (cellink bands, lte_bands/nr_bands): handlers_nas_bands.c */
static int c_bands(struct sim *s, const struct args *a, struct strbuf *out)
{
	return sim_bands_command(s, a->n, (char **)a->v, out);
}

static int c_help(struct sim *s, const struct args *a, struct strbuf *out);

static const struct {
	const char *name;
	int (*fn)(struct sim *s, const struct args *a, struct strbuf *out);
	const char *usage;
} commands[] = {
	{ "clients", c_clients, "client ids held, per service" },
	{ "state", c_state, "SIM, registration, signal, sessions" },
	{ "drop-session", c_drop_session, "[reason=regular-deactivation|network-failure|...] [cid=N] [mux=N]" },
	{ "lose-registration", c_lose_registration, "[state=searching|denied|not-registered]" },
	{ "regain-registration", c_regain_registration, "[roaming]" },
	{ "remove-sim", c_remove_sim, "the SIM goes absent" },
	{ "insert-sim", c_insert_sim, "the SIM comes back" },
	{ "sim", c_sim, "ready|pin|puk|blocked|absent|not-initialized" },
	{ "reset", c_reset, "[MS] the device vanishes and returns with fresh state" },
	{ "stop-service", c_stop_service, "SERVICE: stop answering it" },
	{ "resume-service", c_resume_service, "SERVICE" },
	{ "delay", c_delay, "SERVICE MESSAGE|* MS: answer late" },
	{ "malformed", c_malformed, "SERVICE [COUNT]: next answers are malformed" },
	{ "flood", c_flood, "nas|wds|uim [COUNT [lossless]]: flood indications (lossless: each waits for room)" },
	{ "exhaust-cids", c_exhaust_cids, "[SERVICE|all]: allocate-cid fails" },
	{ "restore-cids", c_restore_cids, "[SERVICE|all]" },
	{ "phantom-session", c_phantom, "[on|off]: connected but nothing forwarded" },
	{ "signal", c_signal, "rssi=DBM rsrp=DBM rsrq=DB sinr=DB" },
	{ "swallow-first", c_swallow, "[N]: swallow the next N requests" },
	{ "set", c_set, "apn|pin|puk|operator|register-delay|roaming|max-cids|ipv4|ipv6|mtu|... (see docs)" },
	{ "usb", c_usb, "[status|unplug [MS]|plug|stall-command [N]|stall-data|lose-notify [N]|"
			"lose-response [N]|clear]: the USB personality" },
	/* radio model (radio_model.c) */
	{ "antenna", c_radio, "[DEGREES | sweep FROM TO STEP MS]: turn the antenna; neighbours follow" },
	{ "radio", c_radio, "nr nsa|sa|off: the 5G NR cell's mode" },
	/* SMS and USSD (issue 14: sms) */
	{ "sms-deliver", c_sms_deliver, "FROM TEXT... [storage=uim|nv]: a message arrives (%XX escapes; "
					"a long one in concatenated parts)" },
	{ "sms-pdu", c_sms_pdu, "HEX [storage=uim|nv]: a PDU (SMSC address first) arrives" },
	{ "sms", c_sms, "the SMS store and the messages sent, decoded" },
	{ "ussd", c_ussd, "CODE ANSWER...: the network's answer to a USSD code" },
	{ "ussd-mode", c_ussd_mode, "response|indication|silent: where originate-ussd's text goes" },
	/* bands, networks, roaming (cellink bands, networks; roaming '0') */
	{ "bands", c_bands, "[lte=LIST] [nr=LIST|none]: the bands the modem supports (all enabled)" },
	{ "help", c_help, "this list" },
};

static int c_help(struct sim *s, const struct args *a, struct strbuf *out)
{
	sb_puts(out, "{\"ok\":true,\"commands\":{");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		sb_printf(out, "%s\"%s\":", i ? "," : "", commands[i].name);
		sb_put_json_str(out, commands[i].usage, strlen(commands[i].usage));
	}
	sb_puts(out, "}}");
	return 0;
}

int sim_command(struct sim *s, const char *line, struct strbuf *out)
{
	char buf[1024];
	struct args a = { 0 };
	snprintf(buf, sizeof(buf), "%s", line);
	for (char *save = NULL, *t = strtok_r(buf, " \t\r\n", &save); t;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		if (a.n == MAX_ARGS)
			return fail(out, "too many arguments", NULL);
		a.v[a.n++] = t;
	}
	if (a.n == 0)
		return fail(out, "empty command", NULL);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, a.v[0]))
			return commands[i].fn(s, &a, out);
	return fail(out, "unknown command '%s' (try help)", a.v[0]);
}

/* ---- the control socket ---- */

static void conn_close(struct sim *s, struct sim_control_conn *c)
{
	ev_fd_del(&s->loop, &c->h);
	close(c->h.fd);
	c->h.fd = -1;
	c->len = 0;
}

static void conn_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_control_conn *c = container_of(h, struct sim_control_conn, h);
	struct sim *s = c->s;
	ssize_t n = read(h->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		conn_close(s, c);
		return;
	}
	c->len += (size_t)n;
	char *nl;
	while ((nl = memchr(c->buf, '\n', c->len))) {
		*nl = 0;
		struct strbuf out;
		sb_init(&out);
		sim_command(s, c->buf, &out);
		sb_putc(&out, '\n');
		/* answers are small; a client that does not read loses them */
		if (write(h->fd, out.buf, out.len) < 0)
			sim_log(s, "control: answer lost: %s", strerror(errno));
		sb_free(&out);
		size_t used = (size_t)(nl + 1 - c->buf);
		memmove(c->buf, nl + 1, c->len - used);
		c->len -= used;
		if (c->h.fd < 0)
			return;
	}
	if (c->len == sizeof(c->buf) - 1) {
		sim_log(s, "control: line too long, connection closed");
		conn_close(s, c);
	}
}

static void listen_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_control *ctl = container_of(h, struct sim_control, listen);
	struct sim *s = container_of(ctl, struct sim, ctl);
	int fd = accept4(h->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (size_t i = 0; i < SIM_MAX_CONTROL_CONNS; i++) {
		struct sim_control_conn *c = &ctl->conn[i];
		if (c->h.fd >= 0)
			continue;
		c->s = s;
		c->len = 0;
		c->h.fd = fd;
		c->h.cb = conn_cb;
		if (ev_fd_add(&s->loop, &c->h, EV_READ) < 0)
			break;
		return;
	}
	sim_log(s, "control: too many connections");
	close(fd);
}

int sim_control_open(struct sim *s, const char *path)
{
	struct sim_control *ctl = &s->ctl;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	for (size_t i = 0; i < SIM_MAX_CONTROL_CONNS; i++)
		ctl->conn[i].h.fd = -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	mode_t old = umask(0077);       /* owner only */
	int r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0 || listen(fd, 8) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	chmod(path, 0600);
	snprintf(ctl->path, sizeof(ctl->path), "%s", path);
	ctl->listen.fd = fd;
	ctl->listen.cb = listen_cb;
	if ((r = ev_fd_add(&s->loop, &ctl->listen, EV_READ)) < 0) {
		close(fd);
		unlink(path);
		return r;
	}
	return 0;
}

void sim_control_close(struct sim *s)
{
	struct sim_control *ctl = &s->ctl;
	if (!ctl->path[0])
		return;
	for (size_t i = 0; i < SIM_MAX_CONTROL_CONNS; i++)
		if (ctl->conn[i].h.fd >= 0)
			conn_close(s, &ctl->conn[i]);
	ev_fd_del(&s->loop, &ctl->listen);
	close(ctl->listen.fd);
	unlink(ctl->path);
	ctl->path[0] = 0;
}
