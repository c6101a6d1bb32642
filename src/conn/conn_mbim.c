/* struct conn_modem_ops in MBIM (Basic Connect); see conn_mbim.h. Each
 * operation sends its requests, and when every answer is in, the next
 * batch goes out or the state machine hears the result (conn_op_done),
 * always from the loop. */
#include "conn/conn_mbim.h"
#include "common/err.h"
#include "common/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- batches ---- */

static void finish(struct conn_mbim *a)
{
	int err = a->first_err;
	conn_op_done(a->conn, err, err ? a->exit_hint : 0, err && a->why[0] ? a->why : NULL);
}

static void kick_cb(struct ev_timer *t)
{
	struct conn_mbim *a = container_of(t, struct conn_mbim, kick);
	void (*fn)(struct conn_mbim *) = a->kick_fn;
	a->kick_fn = NULL;
	if (fn)
		fn(a);
}

/* Runs fn from the loop, never inside the caller (the state machine's
 * operation call, or a client callback). */
static void kick(struct conn_mbim *a, void (*fn)(struct conn_mbim *))
{
	a->kick_fn = fn;
	ev_timer_set(a->loop, &a->kick, 0);
}

/* A new operation: the answers of an earlier one are ignored from now on. */
static void begin(struct conn_mbim *a)
{
	a->gen++;
	for (unsigned i = 0; i < CONN_MBIM_SLOTS; i++)
		a->slots[i].gen = 0;    /* their answers free the slots */
	ev_timer_cancel(a->loop, &a->kick);
	a->kick_fn = NULL;
	a->outstanding = 0;
	a->first_err = 0;
	a->exit_hint = 0;
	a->why[0] = 0;
	a->next = NULL;
}

__attribute__((format(printf, 4, 5)))
static void set_err(struct conn_mbim *a, int err, int hint, const char *fmt, ...)
{
	if (a->first_err)
		return;
	a->first_err = err;
	a->exit_hint = hint;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->why, sizeof(a->why), fmt, ap);
	va_end(ap);
}

/* When nothing is outstanding: the next batch, or the result. */
static void step_done(struct conn_mbim *a)
{
	if (a->outstanding || a->kick_fn)
		return;         /* more answers to come, or the loop finishes the step */
	void (*next)(struct conn_mbim *) = a->next;
	a->next = NULL;
	if (!a->first_err && next) {
		next(a);
		if (a->outstanding || a->kick_fn)
			return;
	}
	kick(a, finish);
}

static const char *status_name(uint32_t status, char *out, size_t cap)
{
	const char *s = mbim_enum_sym(MBIM_ENUM(STATUS), status);
	if (!s) {
		snprintf(out, cap, "status %u", status);
		return out;
	}
	return mbim_kebab(s, out, cap);
}

static const char *nw_error_name(uint32_t e, char *out, size_t cap)
{
	const char *s = mbim_enum_sym(MBIM_ENUM(NW_ERROR), e);
	if (!s) {
		snprintf(out, cap, "network error %u", e);
		return out;
	}
	return mbim_kebab(s, out, cap);
}

/* What went wrong with a request, for the log: a status, a
 * FUNCTION_ERROR, or the client's own error. */
static void describe(struct conn_mbim *a, int err, const struct mbim_msg *m, const char *what)
{
	char n[64];
	if (!err && m && m->status)
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR, "%s: the modem answered %s", what,
			status_name(m->status, n, sizeof n));
	else if (err == CL_E_PROTOCOL && m) {
		const char *s = mbim_enum_sym(MBIM_ENUM(PROTOCOL_ERROR), m->error);
		set_err(a, err, CONN_EXIT_MODEM_ERROR, "%s: the modem answered FUNCTION_ERROR %s%s", what,
			s ? mbim_kebab(s, n, sizeof n) : "?",
			m->error == MBIM_PROTOCOL_ERROR_NOT_OPENED ? " (it has reset: the device is opened again)"
								    : "");
	} else if (err == CL_E_TIMEOUT)
		set_err(a, err, CONN_EXIT_MODEM_ERROR, "%s: the modem did not answer", what);
	else if (err == CL_E_PARSE && m)
		set_err(a, err, CONN_EXIT_MODEM_ERROR, "%s: the modem's answer is malformed (%s)", what,
			m->errtext[0] ? m->errtext : "its buffer does not decode");
	else
		set_err(a, err ? err : CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR, "%s: %s", what,
			cl_strerror(err ? err : CL_E_PROTOCOL));
}

static void on_resp(struct mbim_client *cl, void *ud, int err, const struct mbim_msg *m)
{
	struct conn_mbim_slot *s = ud;
	struct conn_mbim *a = s->a;
	bool current = s->gen == a->gen && s->gen;
	cm_handler h = s->handler;
	s->used = false;
	if (!current)
		return;         /* an abandoned operation's answer */
	a->outstanding--;
	h(a, err, m);
	step_done(a);
}

/* Sends the n bytes a->buf holds (n < 0: the encoder's error); h sees the answer. */
static void send_buf(struct conn_mbim *a, int n, cm_handler h, uint32_t timeout_ms)
{
	if (n < 0) {
		set_err(a, n, CONN_EXIT_MODEM_ERROR, "an MBIM request could not be built: %s", cl_strerror(n));
		return;
	}
	struct conn_mbim_slot *s = NULL;
	for (unsigned i = 0; i < CONN_MBIM_SLOTS && !s; i++)
		if (!a->slots[i].used)
			s = &a->slots[i];
	if (!s) {
		set_err(a, CL_E_TOO_MANY, CONN_EXIT_MODEM_ERROR, "too many MBIM requests in flight");
		return;
	}
	*s = (struct conn_mbim_slot){ .a = a, .used = true, .gen = a->gen, .handler = h };
	int r = mbim_client_send(a->cl, a->buf, (size_t)n, timeout_ms ? timeout_ms : a->timeout_ms, on_resp, s);
	explicit_bzero(a->buf, (size_t)n);      /* a PIN or password may have been there */
	if (r < 0) {
		s->used = false;
		set_err(a, r, CONN_EXIT_MODEM_ERROR, "cannot send an MBIM request: %s%s%s", cl_strerror(r),
			a->cl->errtext[0] ? ": " : "", a->cl->errtext);
		return;
	}
	a->outstanding++;
}

#define QUERY(a, CID, body, h) \
	send_buf(a, MBIM_QUERY((a)->buf, sizeof((a)->buf), mbim_client_txn((a)->cl), BASIC_CONNECT, CID, body), h, 0)
#define SET(a, CID, body, h) \
	send_buf(a, MBIM_SET((a)->buf, sizeof((a)->buf), mbim_client_txn((a)->cl), BASIC_CONNECT, CID, body), h, 0)

static const struct mbim_empty no_body;

/* ---- open ---- */

static void send_open(struct conn_mbim *a);

static int h_open(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	char n[64];
	/* the first message after power-up may be lost: a few tries */
	if (err == CL_E_TIMEOUT && ++a->open_tries < 3) {
		a->next = send_open;
		return 0;
	}
	if (err) {
		describe(a, err, m, "MBIM OPEN");
		return err;
	}
	if (m->status) {
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR, "MBIM OPEN: the modem answered %s",
			status_name(m->status, n, sizeof n));
		return CL_E_PROTOCOL;
	}
	return 0;
}

static void send_open(struct conn_mbim *a)
{
	int n = mbim_encode_open(a->buf, sizeof(a->buf), mbim_client_txn(a->cl), a->cl->max_transfer);
	send_buf(a, n, h_open, 1500);
}

static void open_now(struct conn_mbim *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	mbim_client_close(a->cl);
	int r = mbim_client_open(a->cl, cfg->device);
	if (r < 0) {
		snprintf(a->why, sizeof(a->why), "%s", a->cl->errtext);
		conn_op_done(a->conn, r, r == -EBUSY ? CONN_EXIT_DEVICE_BUSY : CONN_EXIT_NO_DEVICE, a->why);
		return;
	}
	a->open_tries = 0;
	send_open(a);
	step_done(a);
}

static int op_open(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	c->st.shared_session = true;
	a->session_id = c->cfg->session_id;
	kick(a, open_now);
	return 0;
}

/* ---- identify ---- */

static int h_caps(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	struct conn_status *st = &a->conn->st;
	const struct mbim_device_caps_info *ci = !err && m && !m->status ? MBIM_BODY(m, device_caps_info) : NULL;
	if (err == CL_E_PARSE) {
		describe(a, err, m, "device caps");
		return 0;
	}
	if (!ci)
		return 0;       /* identity is informative; a modem without it still connects */
	snprintf(st->manufacturer, sizeof st->manufacturer, "%s", "");
	snprintf(st->model, sizeof st->model, "%s", ci->hardware_info ? ci->hardware_info : "");
	snprintf(st->revision, sizeof st->revision, "%s", ci->firmware_info ? ci->firmware_info : "");
	snprintf(st->wds_version, sizeof st->wds_version, "%s", "");
	st->n_services = 0;
	return 0;
}

static int op_identify(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	QUERY(a, DEVICE_CAPS, &no_body, h_caps);
	step_done(a);
	return 0;
}

/* ---- power: the radio on ---- */

static int h_radio_set(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	const struct mbim_radio_state_info *ri = !err && m && !m->status ? MBIM_BODY(m, radio_state_info) : NULL;
	if (!ri) {
		describe(a, err, m, "switching the radio on");
		return -1;
	}
	if (ri->sw_radio_state != MBIM_RADIO_SWITCH_ON) {
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR, "the modem left its radio off");
		return -1;
	}
	a->conn->st.online = true;
	return 0;
}

static void radio_on(struct conn_mbim *a)
{
	struct mbim_radio_state_set rs = { MBIM_RADIO_SWITCH_ON };
	SET(a, RADIO_STATE, &rs, h_radio_set);
}

static int h_radio(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	const struct mbim_radio_state_info *ri = !err && m && !m->status ? MBIM_BODY(m, radio_state_info) : NULL;
	if (!ri) {
		describe(a, err, m, "reading the radio state");
		return -1;
	}
	if (ri->hw_radio_state != MBIM_RADIO_SWITCH_ON) {
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR,
			"the radio is off by the hardware switch (W_DISABLE# or airplane-mode key)");
		return -1;
	}
	if (ri->sw_radio_state == MBIM_RADIO_SWITCH_ON)
		a->conn->st.online = true;
	else
		a->next = radio_on;
	return 0;
}

static int op_power_up(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	QUERY(a, RADIO_STATE, &no_body, h_radio);
	step_done(a);
	return 0;
}

/* ---- SIM ---- */

static int h_pin_state(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	struct conn_status *st = &a->conn->st;
	const struct mbim_pin_info *pi = !err && m && !m->status ? MBIM_BODY(m, pin_info) : NULL;
	if (!pi) {
		if (!err && m && m->status == MBIM_STATUS_SIM_NOT_INSERTED)
			st->sim = CONN_SIM_ABSENT;
		else
			st->sim = CONN_SIM_NOT_READY;   /* asked again at the next poll */
		return 0;
	}
	if (pi->pin_state != MBIM_PIN_STATE_LOCKED) {
		st->sim = CONN_SIM_NOT_READY;           /* locked a moment ago: look again */
		return 0;
	}
	switch (pi->pin_type) {
	case MBIM_PIN_TYPE_PIN1:
		st->sim = CONN_SIM_PIN;
		st->pin_retries = (int)pi->remaining_attempts;
		break;
	case MBIM_PIN_TYPE_PUK1:
		st->sim = CONN_SIM_PUK;
		st->pin_retries = 0;
		st->puk_retries = (int)pi->remaining_attempts;
		if (!pi->remaining_attempts)
			st->sim = CONN_SIM_BLOCKED;
		break;
	default: {
		char n[64];
		const char *s = mbim_enum_sym(MBIM_ENUM(PIN_TYPE), pi->pin_type);
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_SIM_LOCKED, "the modem is locked by a %s, which cellink "
			"does not enter: unlock it by hand (mbimcli --enter-pin)",
			s ? mbim_kebab(s, n, sizeof n) : "PIN of an unknown kind");
		return -1;
	}
	}
	return 0;
}

static void ask_pin(struct conn_mbim *a)
{
	QUERY(a, PIN, &no_body, h_pin_state);
}

static int h_subscriber(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	struct conn_status *st = &a->conn->st;
	if (err) {
		describe(a, err, m, "reading the subscriber ready status");
		return -1;
	}
	const struct mbim_subscriber_ready_status_info *si =
		!m->status ? MBIM_BODY(m, subscriber_ready_status_info) : NULL;
	uint32_t rs = si ? si->ready_state : MBIM_READY_STATE_NOT_INITIALIZED;
	if (si && si->sim_icc_id)
		snprintf(st->iccid, sizeof st->iccid, "%s", si->sim_icc_id);
	else
		st->iccid[0] = 0;
	switch (m->status) {
	case MBIM_STATUS_SUCCESS: break;
	case MBIM_STATUS_SIM_NOT_INSERTED: rs = MBIM_READY_STATE_SIM_NOT_INSERTED; break;
	case MBIM_STATUS_BAD_SIM: rs = MBIM_READY_STATE_BAD_SIM; break;
	case MBIM_STATUS_PIN_REQUIRED: rs = MBIM_READY_STATE_DEVICE_LOCKED; break;
	case MBIM_STATUS_NOT_INITIALIZED: case MBIM_STATUS_BUSY: rs = MBIM_READY_STATE_NOT_INITIALIZED; break;
	default:
		describe(a, 0, m, "reading the subscriber ready status");
		return -1;
	}
	switch (rs) {
	case MBIM_READY_STATE_INITIALIZED: st->sim = CONN_SIM_READY; break;
	case MBIM_READY_STATE_SIM_NOT_INSERTED: st->sim = CONN_SIM_ABSENT; break;
	case MBIM_READY_STATE_BAD_SIM: st->sim = CONN_SIM_BLOCKED; break;
	case MBIM_READY_STATE_DEVICE_LOCKED: a->next = ask_pin; break;
	case MBIM_READY_STATE_NOT_ACTIVATED:
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_SIM_LOCKED, "the SIM is not activated by its operator");
		return -1;
	default: st->sim = CONN_SIM_NOT_READY; break;       /* not initialised, failure: poll */
	}
	return 0;
}

static int op_sim_status(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	c->st.sim = CONN_SIM_UNKNOWN;
	QUERY(a, SUBSCRIBER_READY_STATUS, &no_body, h_subscriber);
	step_done(a);
	return 0;
}

static int h_verify(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	struct conn_status *st = &a->conn->st;
	const struct mbim_pin_info *pi = !err && m ? MBIM_BODY(m, pin_info) : NULL;
	if (pi && pi->pin_type == MBIM_PIN_TYPE_PIN1)
		st->pin_retries = (int)pi->remaining_attempts;
	else if (pi && pi->pin_type == MBIM_PIN_TYPE_PUK1)
		st->pin_retries = 0;    /* the last attempt went: the SIM wants its PUK */
	if (!err && m && m->status == MBIM_STATUS_SUCCESS)
		return 0;
	/* the SIM's verdict: the count went down, or it still says locked */
	st->pin_refused = (pi && st->pin_retries < a->pin_before) ||
			  (pi && pi->pin_state == MBIM_PIN_STATE_LOCKED && m->status == MBIM_STATUS_FAILURE);
	if (st->pin_refused)
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_SIM_LOCKED, "the SIM refused the PIN (" CONN_ATTEMPTS_FMT ")",
			CONN_ATTEMPTS(st->pin_retries));
	else
		describe(a, err, m, "entering the PIN");
	return -1;
}

static int op_verify_pin(void *m, struct conn *c, const char *pin)
{
	struct conn_mbim *a = m;
	begin(a);
	a->pin_before = c->st.pin_retries;
	struct mbim_pin_set ps = { MBIM_PIN_TYPE_PIN1, MBIM_PIN_OPERATION_ENTER, pin ? pin : "", "" };
	SET(a, PIN, &ps, h_verify);
	step_done(a);
	return 0;
}

/* ---- data format: cdc_mbim is raw IP, nothing to ask ---- */

static int op_data_format(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	c->st.modem_raw_ip = true;
	/* cdc_mbim: session 0 is the interface, session N its VLAN N */
	c->st.session_vlan = c->cfg->session_id > 0;
	kick(a, finish);
	return 0;
}

/* ---- registration and packet service ---- */

/* A registration state (answer or indication) into conn_status. */
static void read_registration(struct conn_mbim *a, const struct mbim_registration_state_info *r)
{
	struct conn_status *st = &a->conn->st;
	char n[64];
	st->reg_text[0] = 0;
	switch (r->register_state) {
	case MBIM_REGISTER_STATE_HOME: st->reg = CONN_REG_HOME; break;
	case MBIM_REGISTER_STATE_ROAMING: case MBIM_REGISTER_STATE_PARTNER: st->reg = CONN_REG_ROAMING; break;
	case MBIM_REGISTER_STATE_SEARCHING: st->reg = CONN_REG_SEARCHING; break;
	case MBIM_REGISTER_STATE_DENIED:
		st->reg = CONN_REG_DENIED;
		snprintf(st->reg_text, sizeof st->reg_text, "registration denied by the network (%.50s)",
			 nw_error_name(r->nw_error, n, sizeof n));
		break;
	case MBIM_REGISTER_STATE_DEREGISTERED:
		st->reg = CONN_REG_NOT_REGISTERED;
		snprintf(st->reg_text, sizeof st->reg_text, "not registered");
		break;
	default: st->reg = CONN_REG_UNKNOWN; break;
	}
	if (r->provider_name && r->provider_name[0])
		snprintf(st->operator_name, sizeof st->operator_name, "%s", r->provider_name);
	else if (r->provider_id && r->provider_id[0])
		snprintf(st->operator_name, sizeof st->operator_name, "%s", r->provider_id);
	a->data_class = r->available_data_classes;
}

static bool registered(const struct conn_status *st)
{
	return st->reg == CONN_REG_HOME || st->reg == CONN_REG_ROAMING;
}

/* Registered, but not attached: as searching, with the reason. */
static void not_attached(struct conn_mbim *a, const char *how)
{
	struct conn_status *st = &a->conn->st;
	st->reg = CONN_REG_SEARCHING;
	snprintf(st->reg_text, sizeof st->reg_text, "registered, packet service %s", how);
}

static int h_attach(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	const struct mbim_packet_service_info *p = !err && m && !m->status ? MBIM_BODY(m, packet_service_info) : NULL;
	if (err == CL_E_TIMEOUT || err == CL_E_PROTOCOL) {
		describe(a, err, m, "packet service attach");
		return -1;
	}
	if (!p || p->packet_service_state != MBIM_PACKET_SERVICE_STATE_ATTACHED)
		not_attached(a, "attaching");   /* polled again */
	return 0;
}

static void attach(struct conn_mbim *a)
{
	struct mbim_packet_service_set ps = { MBIM_PACKET_SERVICE_ACTION_ATTACH };
	SET(a, PACKET_SERVICE, &ps, h_attach);
}

static int h_packet_service(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	const struct mbim_packet_service_info *p = !err && m && !m->status ? MBIM_BODY(m, packet_service_info) : NULL;
	if (!p) {
		describe(a, err, m, "reading the packet service state");
		return -1;
	}
	if (p->packet_service_state != MBIM_PACKET_SERVICE_STATE_ATTACHED)
		a->next = attach;
	return 0;
}

static void ask_packet_service(struct conn_mbim *a)
{
	QUERY(a, PACKET_SERVICE, &no_body, h_packet_service);
}

static int h_register(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	const struct mbim_registration_state_info *r = !err && m && !m->status ? MBIM_BODY(m, registration_state_info)
									: NULL;
	if (!r) {
		describe(a, err, m, "reading the registration state");
		return -1;
	}
	read_registration(a, r);
	if (registered(&a->conn->st))
		a->next = ask_packet_service;
	return 0;
}

static int op_reg_status(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	QUERY(a, REGISTER_STATE, &no_body, h_register);
	step_done(a);
	return 0;
}

/* MBIM data classes for the configured radio modes (0: any). */
static uint32_t data_classes(unsigned modes)
{
	uint32_t d = 0;
	if (modes & CONN_MODES_LTE)
		d |= MBIM_DATA_CLASS_LTE;
	if (modes & CONN_MODES_UMTS)
		d |= MBIM_DATA_CLASS_UMTS | MBIM_DATA_CLASS_HSDPA | MBIM_DATA_CLASS_HSUPA;
	if (modes & CONN_MODES_GSM)
		d |= MBIM_DATA_CLASS_GPRS | MBIM_DATA_CLASS_EDGE;
	if (modes & CONN_MODES_CDMA)
		d |= MBIM_DATA_CLASS_1XRTT | MBIM_DATA_CLASS_1XEVDO;
	return d;
}

static int h_select(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	char n[64];
	const char *plmn = a->conn->cfg->plmn;
	if (!err && m && m->status && plmn && plmn[0]) {
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_NO_REGISTRATION,
			"manual registration on the network %s failed: the modem answered %s", plmn,
			status_name(m->status, n, sizeof n));
		return -1;
	}
	if (err || m->status) {
		describe(a, err, m, "register state set (modes, network)");
		return -1;
	}
	const struct mbim_registration_state_info *r = MBIM_BODY(m, registration_state_info);
	if (r)
		read_registration(a, r);
	return 0;
}

static int op_select_network(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	const struct conn_config *cfg = c->cfg;
	bool manual = cfg->plmn && cfg->plmn[0];
	begin(a);
	uint16_t mcc, mnc;
	bool mnc3;
	if (manual && conn_plmn_parse(cfg->plmn, &mcc, &mnc, &mnc3) < 0) {
		set_err(a, -EINVAL, CONN_EXIT_USAGE, "plmn \"%s\" is not an MCC and MNC (5 or 6 digits, e.g. 26201)",
			cfg->plmn);
		kick(a, finish);
		return 0;
	}
	struct mbim_register_state_set rs = { manual ? cfg->plmn : "",
		manual ? MBIM_REGISTER_ACTION_MANUAL : MBIM_REGISTER_ACTION_AUTOMATIC, data_classes(cfg->modes) };
	SET(a, REGISTER_STATE, &rs, h_select);
	step_done(a);
	return 0;
}

/* ---- the data session ---- */

static uint32_t ip_type(const struct conn_config *cfg)
{
	if (cfg->want_v4 && cfg->want_v6)
		return MBIM_CONTEXT_IP_TYPE_IPV4V6;
	return cfg->want_v6 ? MBIM_CONTEXT_IP_TYPE_IPV6 : MBIM_CONTEXT_IP_TYPE_IPV4;
}

static void send_connect(struct conn_mbim *a);

static void session_text(struct conn_mbim *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void session_text(struct conn_mbim *a, const char *fmt, ...)
{
	for (int i = 0; i < 2; i++) {
		struct conn_session *ss = &a->conn->st.sess[i];
		if (!ss->wanted)
			continue;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ss->end_text, sizeof ss->end_text, fmt, ap);
		va_end(ap);
	}
}

static int h_deactivated(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	if (err == CL_E_TIMEOUT) {
		describe(a, err, m, "deactivating the session left by an earlier run");
		return -1;
	}
	a->next = send_connect;
	return 0;
}

static int h_connect(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	struct conn_status *st = &a->conn->st;
	char n[64], e[64];
	if (err) {
		describe(a, err, m, "connect");
		session_text(a, "%s", a->why);
		a->exit_hint = CONN_EXIT_MODEM_ERROR;
		return -1;
	}
	const struct mbim_connect_info *ci = MBIM_BODY(m, connect_info);
	if (m->status == MBIM_STATUS_MAX_ACTIVATED_CONTEXTS && !a->reactivating) {
		/* a session an earlier run left active: deactivate, then again */
		struct mbim_connect_set cs = { .session_id = a->session_id,
			.activation_command = MBIM_ACTIVATION_COMMAND_DEACTIVATE, .access_string = "",
			.user_name = "", .password = "", .context_type = mbim_context_internet };
		a->reactivating = true;
		SET(a, CONNECT, &cs, h_deactivated);
		return 0;
	}
	if (m->status || !ci || ci->activation_state != MBIM_ACTIVATION_STATE_ACTIVATED) {
		const char *why = m->status ? status_name(m->status, n, sizeof n) : "not activated";
		uint32_t nwe = ci ? ci->nw_error : 0;
		session_text(a, "%s%s%s", why, nwe ? ", " : "", nwe ? nw_error_name(nwe, e, sizeof e) : "");
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_CALL_REJECTED, "the network refused the session: %s%s%s", why,
			nwe ? ", " : "", nwe ? e : "");
		return -1;
	}
	uint32_t t = ci->ip_type;
	bool v4 = t == MBIM_CONTEXT_IP_TYPE_IPV4 || t == MBIM_CONTEXT_IP_TYPE_IPV4V6 ||
		  t == MBIM_CONTEXT_IP_TYPE_IPV4_AND_IPV6 || t == MBIM_CONTEXT_IP_TYPE_DEFAULT;
	bool v6 = t == MBIM_CONTEXT_IP_TYPE_IPV6 || t == MBIM_CONTEXT_IP_TYPE_IPV4V6 ||
		  t == MBIM_CONTEXT_IP_TYPE_IPV4_AND_IPV6;
	bool got[2] = { v4, v6 };
	int up = 0;
	for (int i = 0; i < 2; i++) {
		struct conn_session *ss = &st->sess[i];
		if (!ss->wanted)
			continue;
		ss->up = got[i];
		ss->handle = a->session_id;
		if (got[i]) {
			ss->end_text[0] = 0;
			up++;
		} else {
			snprintf(ss->end_text, sizeof ss->end_text, "the network gave the session no IPv%d", i ? 6 : 4);
		}
	}
	if (!up) {
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_CALL_REJECTED, "the session carries none of the IP families "
			"asked for");
		return -1;
	}
	return 0;
}

static void send_connect(struct conn_mbim *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	uint32_t auth = cfg->auth == CONN_AUTH_PAP ? MBIM_AUTH_PROTOCOL_PAP
			: cfg->auth == CONN_AUTH_NONE ? MBIM_AUTH_PROTOCOL_NONE : MBIM_AUTH_PROTOCOL_CHAP;
	if (cfg->auth == CONN_AUTH_NONE && cfg->username && cfg->username[0])
		auth = MBIM_AUTH_PROTOCOL_CHAP;     /* as QMI's default with a user name */
	struct mbim_connect_set cs = {
		.session_id = a->session_id, .activation_command = MBIM_ACTIVATION_COMMAND_ACTIVATE,
		.access_string = cfg->apn ? cfg->apn : "", .user_name = cfg->username ? cfg->username : "",
		.password = cfg->password ? cfg->password : "", .compression = MBIM_COMPRESSION_NONE,
		.auth_protocol = auth, .ip_type = ip_type(cfg), .context_type = mbim_context_internet,
	};
	SET(a, CONNECT, &cs, h_connect);
}

static int op_start(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	const struct conn_config *cfg = c->cfg;
	begin(a);
	a->reactivating = false;
	for (int i = 0; i < 2; i++)
		c->st.sess[i].up = false;
	if (cfg->want_v4 && cfg->want_v6 && cfg->apn_v6 && cfg->apn_v6[0] &&
	    strcmp(cfg->apn_v6, cfg->apn ? cfg->apn : "")) {
		set_err(a, -EINVAL, CONN_EXIT_USAGE, "MBIM carries IPv4 and IPv6 on one session with one APN: an "
			"IPv6 APN of its own (v6apn %s) is not supported", cfg->apn_v6);
		kick(a, finish);
		return 0;
	}
	send_connect(a);
	step_done(a);
	return 0;
}

static void addr_text(int family, const uint8_t *b, char *out, size_t cap)
{
	if (!inet_ntop(family == 4 ? AF_INET : AF_INET6, b, out, (socklen_t)cap))
		out[0] = 0;
}

static int h_ip_config(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	struct conn_status *st = &a->conn->st;
	const struct mbim_ip_configuration_info *ip = !err && m && !m->status ? MBIM_BODY(m, ip_configuration_info)
									 : NULL;
	if (!ip) {
		describe(a, err, m, "reading the IP configuration");
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		struct conn_session *ss = &st->sess[i];
		struct conn_ip *ci = &ss->ip;
		memset(ci, 0, sizeof *ci);
		ci->family = i ? 6 : 4;
		if (!ss->up)
			continue;
		if (i == 0 && ip->ipv4_address.n) {
			addr_text(4, ip->ipv4_address.v[0].address.a, ci->addr, sizeof ci->addr);
			ci->prefix = (uint8_t)(ip->ipv4_address.v[0].on_link_prefix_length <= 32
					       ? ip->ipv4_address.v[0].on_link_prefix_length : 32);
			if (ip->ipv4_gateway)
				addr_text(4, ip->ipv4_gateway->address.a, ci->gateway, sizeof ci->gateway);
			for (uint32_t k = 0; k < ip->ipv4_dns_server.n && k < 2; k++)
				addr_text(4, ip->ipv4_dns_server.v[k].address.a, ci->dns[k], sizeof ci->dns[k]);
			ci->mtu = ip->ipv4_mtu;
		} else if (i == 1 && ip->ipv6_address.n) {
			addr_text(6, ip->ipv6_address.v[0].address.a, ci->addr, sizeof ci->addr);
			ci->prefix = (uint8_t)(ip->ipv6_address.v[0].on_link_prefix_length <= 128
					       ? ip->ipv6_address.v[0].on_link_prefix_length : 64);
			if (ip->ipv6_gateway)
				addr_text(6, ip->ipv6_gateway->address.a, ci->gateway, sizeof ci->gateway);
			for (uint32_t k = 0; k < ip->ipv6_dns_server.n && k < 2; k++)
				addr_text(6, ip->ipv6_dns_server.v[k].address.a, ci->dns[k], sizeof ci->dns[k]);
			ci->mtu = ip->ipv6_mtu;
		}
		ci->valid = ci->addr[0] != 0;
		if (!ci->valid) {
			set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR, "the modem gave no IPv%d address for the session",
				ci->family);
			return -1;
		}
	}
	return 0;
}

static int op_settings(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	struct mbim_ip_configuration_info q;
	memset(&q, 0, sizeof q);
	q.session_id = a->session_id;
	QUERY(a, IP_CONFIGURATION, &q, h_ip_config);
	step_done(a);
	return 0;
}

/* ---- liveness ---- */

static int h_signal(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	const struct mbim_signal_state_info *s = !err && m && !m->status ? MBIM_BODY(m, signal_state_info) : NULL;
	if (s) {
		a->have_signal = true;
		a->rssi = s->rssi;
		a->error_rate = s->error_rate;
	}
	return 0;       /* informative */
}

static int h_session_state(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	struct conn_status *st = &a->conn->st;
	if (err) {
		describe(a, err, m, "reading the session state");
		return err;
	}
	const struct mbim_connect_info *ci = MBIM_BODY(m, connect_info);
	if (m->status == MBIM_STATUS_CONTEXT_NOT_ACTIVATED ||
	    (ci && !m->status && ci->activation_state != MBIM_ACTIVATION_STATE_ACTIVATED)) {
		char e[64];
		st->sessions_connected = false;
		session_text(a, "the modem reports the session %s%s%s",
			     ci && ci->activation_state == MBIM_ACTIVATION_STATE_DEACTIVATING ? "deactivating"
											      : "deactivated",
			     ci && ci->nw_error ? ": " : "",
			     ci && ci->nw_error ? nw_error_name(ci->nw_error, e, sizeof e) : "");
		return 0;
	}
	if (m->status) {
		describe(a, 0, m, "reading the session state");
		return -1;
	}
	return 0;
}

static int op_liveness(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	c->st.sessions_connected = true;
	/* Basic Connect has no packet counters: the host's count the data path */
	c->st.tx_packets = c->st.rx_packets = 0;
	c->st.tx_bytes = c->st.rx_bytes = 0;
	struct mbim_connect_info q;
	memset(&q, 0, sizeof q);
	q.session_id = a->session_id;
	q.context_type = mbim_context_internet;
	QUERY(a, CONNECT, &q, h_session_state);
	QUERY(a, SIGNAL_STATE, &no_body, h_signal);
	step_done(a);
	return 0;
}

/* ---- stop, close ---- */

static int h_stop(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	for (int i = 0; i < 2; i++)
		a->conn->st.sess[i].up = false;
	return 0;       /* a session the modem already dropped is as good as stopped */
}

static int op_stop(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	bool any = c->st.sess[0].up || c->st.sess[1].up;
	if (!a->cl->open || a->cl->tr.st.gone || !any) {
		for (int i = 0; i < 2; i++)
			c->st.sess[i].up = false;
		kick(a, finish);
		return 0;
	}
	struct mbim_connect_set cs = { .session_id = a->session_id,
		.activation_command = MBIM_ACTIVATION_COMMAND_DEACTIVATE, .access_string = "",
		.user_name = "", .password = "", .context_type = mbim_context_internet };
	SET(a, CONNECT, &cs, h_stop);
	step_done(a);
	return 0;
}

static void close_now(struct conn_mbim *a)
{
	mbim_client_close(a->cl);
	finish(a);
}

static int h_close(struct conn_mbim *a, int err, const struct mbim_msg *m)
{
	kick(a, close_now);     /* never close the client inside its own callback */
	return 0;               /* closed whatever it answered */
}

static int op_close(void *m, struct conn *c)
{
	struct conn_mbim *a = m;
	begin(a);
	if (!a->cl->open || a->cl->tr.st.gone) {
		kick(a, close_now);
		return 0;
	}
	send_buf(a, mbim_encode_close(a->buf, sizeof(a->buf), mbim_client_txn(a->cl)), h_close, 2000);
	if (!a->outstanding)
		kick(a, close_now);
	return 0;
}

/* ---- indications ---- */

static void on_indication(struct mbim_client *cl, void *ud, const struct mbim_msg *m)
{
	struct conn_mbim *a = ud;
	struct conn *c = a->conn;
	if (!m->svc || m->svc->id != MBIM_SERVICE_BASIC_CONNECT)
		return;
	bool linked = c->state == CONN_S_CONNECTED || c->state == CONN_S_CHECKING;
	char e[64];
	switch (m->cid) {
	case MBIM_CID_BASIC_CONNECT_CONNECT: {
		const struct mbim_connect_info *ci = MBIM_BODY(m, connect_info);
		if (!ci || ci->session_id != a->session_id || ci->activation_state == MBIM_ACTIVATION_STATE_ACTIVATED ||
		    ci->activation_state == MBIM_ACTIVATION_STATE_ACTIVATING)
			return;
		if (!c->st.sess[0].up && !c->st.sess[1].up)
			return;
		for (int i = 0; i < 2; i++)
			c->st.sess[i].up = false;
		session_text(a, "%s", ci->nw_error ? nw_error_name(ci->nw_error, e, sizeof e) : "deactivated");
		if (linked) {
			snprintf(c->why, sizeof c->why, "the network ended the session: %s",
				 ci->nw_error ? e : "deactivated, no reason given");
			conn_post(c, CONN_EV_DROP);
		}
		return;
	}
	case MBIM_CID_BASIC_CONNECT_REGISTER_STATE: {
		const struct mbim_registration_state_info *r = MBIM_BODY(m, registration_state_info);
		if (!r)
			return;
		enum conn_reg before = c->st.reg;
		read_registration(a, r);
		if (c->st.reg != before && c->state == CONN_S_REG_WAIT)
			conn_post(c, CONN_EV_REG_CHANGED);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_PACKET_SERVICE: {
		const struct mbim_packet_service_info *p = MBIM_BODY(m, packet_service_info);
		if (!p)
			return;
		if (p->packet_service_state == MBIM_PACKET_SERVICE_STATE_ATTACHED) {
			if (c->state == CONN_S_REG_WAIT)
				conn_post(c, CONN_EV_REG_CHANGED);
			return;
		}
		if (p->packet_service_state == MBIM_PACKET_SERVICE_STATE_DETACHED && linked) {
			snprintf(c->why, sizeof c->why, "the packet service detached%s%s",
				 p->nw_error ? ": " : "", p->nw_error ? nw_error_name(p->nw_error, e, sizeof e) : "");
			for (int i = 0; i < 2; i++)
				c->st.sess[i].up = false;
			conn_post(c, CONN_EV_DROP);
		}
		return;
	}
	case MBIM_CID_BASIC_CONNECT_SIGNAL_STATE: {
		const struct mbim_signal_state_info *s = MBIM_BODY(m, signal_state_info);
		if (s) {
			a->have_signal = true;
			a->rssi = s->rssi;
			a->error_rate = s->error_rate;
		}
		return;
	}
	default:
		return;
	}
}

/* ---- the device went away ---- */

static void gone_cb(struct ev_timer *t)
{
	struct conn_mbim *a = container_of(t, struct conn_mbim, gone_timer);
	conn_post(a->conn, CONN_EV_GONE);
}

static void on_gone(struct mbim_client *cl, void *ud, const char *why)
{
	struct conn_mbim *a = ud;
	snprintf(a->conn->why, sizeof(a->conn->why), "%s", why);
	ev_timer_set(a->loop, &a->gone_timer, 0);
}

bool conn_mbim_rssi_dbm(uint32_t rssi, int *dbm)
{
	if (rssi > 31)
		return false;
	*dbm = -113 + 2 * (int)rssi;
	return true;
}

const struct conn_modem_ops conn_mbim_ops = {
	.open = op_open,
	.identify = op_identify,
	.power_up = op_power_up,
	.sim_status = op_sim_status,
	.verify_pin = op_verify_pin,
	.data_format = op_data_format,
	.reg_status = op_reg_status,
	.start = op_start,
	.settings = op_settings,
	.liveness = op_liveness,
	.stop = op_stop,
	.close = op_close,
	.select_network = op_select_network,
};

struct conn_mbim *conn_mbim_new(struct ev_loop *loop, struct conn *conn)
{
	struct conn_mbim *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->cl = mbim_client_new(loop);
	if (!a->cl) {
		free(a);
		return NULL;
	}
	a->loop = loop;
	a->conn = conn;
	a->session_id = conn->cfg->session_id;
	a->kick.cb = kick_cb;
	a->gone_timer.cb = gone_cb;
	a->timeout_ms = conn->cfg->op_timeout_ms ? conn->cfg->op_timeout_ms : 10000;
	a->cl->on_gone = on_gone;
	a->cl->gone_ud = a;
	a->cl->on_indication = on_indication;
	a->cl->ind_ud = a;
	return a;
}

void conn_mbim_free(struct conn_mbim *a)
{
	if (!a)
		return;
	begin(a);
	ev_timer_cancel(a->loop, &a->kick);
	ev_timer_cancel(a->loop, &a->gone_timer);
	mbim_client_free(a->cl);
	free(a);
}
