/* cellink-sim's MBIM personality: the control device speaks MBIM (OPEN,
 * CLOSE, COMMAND) instead of QMUX, and Basic Connect answers come from the
 * same modem model (modem.c) as the QMI handlers': SIM and PIN, radio,
 * registration, signal and data sessions. A connected MBIM session is a
 * session of that model, so the data plane forwards for it as for QMI.
 *
 * QMI over MBIM: the QMUX frame a QMI-service COMMAND carries goes to the
 * QMI dispatcher as if it came from the QMI port; what the QMI side sends
 * back is wrapped on its way out (sim_mbim_wrap): a response as the
 * COMMAND_DONE of the command that carried its request, an indication as
 * INDICATE_STATUS.
 *
 * Changes of the model (registration, signal, SIM, a session ending) go
 * out as Basic Connect INDICATE_STATUS while the device is open.
 *
 * Faults: stop-service of the QMI service that answers the same part of
 * the model silences its Basic Connect CIDs (cid_service), and malformed
 * makes their next answers short (malformed_done); swallowed requests of
 * the QMI side are not here yet. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "mbim/mbim.h"
#include "qmi/ids.h"
#include "sim/sim.h"

#define SESSIONS SIM_MBIM_SESSIONS
#define SESSION_CID_BASE SIM_MBIM_CID_BASE    /* sim_session.cid of MBIM session 0 */
#define OUT_SERVICE SIM_MBIM_OUT_SERVICE

#define PENDING_QMI 32

/* A QMI request carried by an MBIM command, waiting for its response. */
struct pending_qmi {
	bool used;
	uint8_t service, client;
	uint16_t qmi_txn;
	uint32_t mbim_txn;
};

struct sim_mbim {
	bool opened;
	struct pending_qmi pending[PENDING_QMI];
	unsigned next_pending;
	uint8_t wrap[MBIM_MAX_MSG];
	uint32_t max_transfer;
	bool detached;          /* packet service detached by the host */
	uint32_t ip_type[SESSIONS];
	uint32_t idle_hint;
	struct mbim_signal_state_set signal_cfg;
	struct mbim_reasm reasm;
	struct mbim_msg req, log;
	uint8_t out[MBIM_MAX_MSG], frag[MBIM_MAX_MSG];
	/* set while a change of the model is announced: the answer builders
	 * then send INDICATE_STATUS of this CID instead of a COMMAND_DONE */
	uint32_t indicating_cid;
	enum mbim_service indicating_svc;       /* of indicating_cid (Basic Connect: 0) */
	/* Microsoft's Basic Connect Extensions (ms_ext below) */
	bool ms_notify;                 /* the host subscribed to the service's notifications */
	uint32_t slot;                  /* the one executor's SIM slot */
	struct sim_lte_attach {
		bool set;               /* configured by the host, else the modem's default */
		uint32_t ip_type;
		char apn[64], user[64], pass[64];
		uint32_t auth;
	} lte_attach[3];                /* home, partner, non-partner */
	bool quiet_connect;     /* a deactivation the host asked for */
	uint32_t delay_ms;      /* of the answer being built; 0: the default */
	struct strbuf text;
};

static void device_services(struct sim *s);

int sim_mbim_enable(struct sim *s)
{
	s->mbim = calloc(1, sizeof(*s->mbim));
	if (!s->mbim)
		return -1;
	mbim_reasm_init(&s->mbim->reasm);
	s->mbim->max_transfer = 4096;
	s->mbim->signal_cfg.error_rate_threshold = 0xffffffff;
	sb_init(&s->mbim->text);
	return 0;
}

void sim_mbim_free(struct sim *s)
{
	if (!s->mbim)
		return;
	sb_free(&s->mbim->text);
	free(s->mbim);
	s->mbim = NULL;
}

void sim_mbim_reset(struct sim *s)
{
	s->mbim->opened = false;
	s->mbim->detached = false;
	s->mbim->ms_notify = false;     /* subscriptions go with the reset; LTE attach APNs stay */
	mbim_reasm_init(&s->mbim->reasm);
	memset(s->mbim->pending, 0, sizeof(s->mbim->pending));
}

bool sim_mbim_is_open(const struct sim *s)
{
	return s->mbim && s->mbim->opened;
}

int sim_mbim_frame_len(const uint8_t *buf, size_t len)
{
	return mbim_msg_len(buf, len);
}

/* Queues one whole message, in fragments when it exceeds the host's
 * maximum control transfer. */
static void send_msg(struct sim *s, const uint8_t *msg, int n)
{
	struct sim_mbim *mb = s->mbim;
	if (n < 0) {
		sim_err(s, "mbim: answer not encoded: %s", cl_strerror(n));
		return;
	}
	const char *text = NULL;
	if (s->log && mbim_decode(&mb->log, msg, (size_t)n, MBIM_DECODE_LENIENT) == 0) {
		sb_reset(&mb->text);
		sb_puts(&mb->text, "mbim: >> ");
		mbim_print_text(&mb->text, &mb->log, 0);
		text = sb_str(&mb->text);
	}
	unsigned total = mbim_fragment_count((size_t)n, mb->max_transfer);
	uint32_t delay = mb->delay_ms ? mb->delay_ms : s->default_delay_ms;
	if (total <= 1) {
		sim_port_queue(s, OUT_SERVICE, 0, delay, msg, (size_t)n, text);
		return;
	}
	for (unsigned i = 0; i < total; i++) {
		int k = mbim_fragment(msg, (size_t)n, mb->max_transfer, i, mb->frag, sizeof(mb->frag));
		if (k > 0)
			sim_port_queue(s, OUT_SERVICE, 0, delay, mb->frag, (size_t)k,
				       i == 0 ? text : NULL);
	}
}

static uint8_t cid_service(uint32_t cid);

/* The fault `malformed SVC`: the COMMAND_DONE is framed right (its length
 * fields agree) but its information buffer is cut to 4 bytes of 0xff, which
 * no Basic Connect answer decodes from. Returns the new length. */
static int malformed_done(struct sim *s, uint8_t *msg, int n)
{
	const struct mbim_msg *q = &s->mbim->req;
	uint8_t svc = q->svc->id == MBIM_SERVICE_BASIC_CONNECT ? cid_service(q->cid) : 0;
	if (!svc || n < 48 || !s->faults.malformed[svc])
		return n;
	s->faults.malformed[svc]--;
	static const uint8_t len4[4] = { 4, 0, 0, 0 }, len52[4] = { 52, 0, 0, 0 };
	memset(msg + 48, 0xff, 4);
	memcpy(msg + 44, len4, 4);      /* InformationBufferLength */
	memcpy(msg + 4, len52, 4);      /* MessageLength */
	sim_log(s, "fault: malformed %s answer sent", mbim_cid_sym(q->cid_def));
	return 52;
}

static void done(struct sim *s, uint32_t status, const void *body)
{
	struct sim_mbim *mb = s->mbim;
	const struct mbim_msg *q = &mb->req;
	if (mb->indicating_cid) {
		send_msg(s, mb->out, mbim_encode_indicate(mb->out, sizeof(mb->out), mb->indicating_svc,
							  mb->indicating_cid, body));
		return;
	}
	int n = mbim_encode_command_done(mb->out, sizeof(mb->out), q->txn, (enum mbim_service)q->svc->id,
					 q->cid, status, body);
	send_msg(s, mb->out, n < 0 ? n : malformed_done(s, mb->out, n));
}

void sim_mbim_done(struct sim *s, uint32_t status, const void *body)
{
	done(s, status, body);
}

void sim_mbim_indicate(struct sim *s, int svc, uint32_t cid, const void *body)
{
	struct sim_mbim *mb = s->mbim;
	if (!mb->opened)
		return;
	send_msg(s, mb->out, mbim_encode_indicate(mb->out, sizeof(mb->out), (enum mbim_service)svc, cid, body));
}

static void done_raw(struct sim *s, uint32_t status);

void sim_mbim_done_empty(struct sim *s, uint32_t status)
{
	done_raw(s, status);
}

static void done_raw(struct sim *s, uint32_t status)
{
	struct sim_mbim *mb = s->mbim;
	const struct mbim_msg *q = &mb->req;
	send_msg(s, mb->out, mbim_encode_raw(mb->out, sizeof(mb->out), MBIM_MESSAGE_TYPE_COMMAND_DONE, q->txn,
					     &q->service, q->cid, status, NULL, 0));
}

/* ---- Basic Connect from the modem model ---- */

static uint32_t ready_state(const struct sim_modem *m)
{
	switch (m->card) {
	case SIM_CARD_READY: return MBIM_READY_STATE_INITIALIZED;
	case SIM_CARD_PIN: case SIM_CARD_PUK: return MBIM_READY_STATE_DEVICE_LOCKED;
	case SIM_CARD_BLOCKED: return MBIM_READY_STATE_BAD_SIM;
	case SIM_CARD_ABSENT: return MBIM_READY_STATE_SIM_NOT_INSERTED;
	default: return MBIM_READY_STATE_NOT_INITIALIZED;
	}
}

static uint32_t register_state(const struct sim_modem *m)
{
	switch (m->reg) {
	case SIM_REG_SEARCHING: return MBIM_REGISTER_STATE_SEARCHING;
	case SIM_REG_HOME: return MBIM_REGISTER_STATE_HOME;
	case SIM_REG_ROAMING: return MBIM_REGISTER_STATE_ROAMING;
	case SIM_REG_DENIED: return MBIM_REGISTER_STATE_DENIED;
	default: return MBIM_REGISTER_STATE_DEREGISTERED;
	}
}

#define DATA_CLASSES (MBIM_DATA_CLASS_GPRS | MBIM_DATA_CLASS_EDGE | MBIM_DATA_CLASS_UMTS | \
		      MBIM_DATA_CLASS_HSDPA | MBIM_DATA_CLASS_HSUPA | MBIM_DATA_CLASS_LTE)

static void provider_id(const struct sim_modem *m, char *out, size_t cap)
{
	snprintf(out, cap, "%03u%02u", m->mcc, m->mnc);
}

static void pin_answer(struct sim *s, int qmi_err)
{
	const struct sim_modem *m = &s->m;
	struct mbim_pin_info pi = { MBIM_PIN_TYPE_UNKNOWN, MBIM_PIN_STATE_UNLOCKED, 0 };
	if (m->card == SIM_CARD_PIN)
		pi = (struct mbim_pin_info){ MBIM_PIN_TYPE_PIN1, MBIM_PIN_STATE_LOCKED, m->pin_retries };
	else if (m->card == SIM_CARD_PUK || m->card == SIM_CARD_BLOCKED)
		pi = (struct mbim_pin_info){ MBIM_PIN_TYPE_PUK1, MBIM_PIN_STATE_LOCKED, m->puk_retries };
	done(s, qmi_err ? MBIM_STATUS_FAILURE : MBIM_STATUS_SUCCESS, &pi);
}

static struct sim_session *session(struct sim *s, uint32_t id)
{
	return id < SESSIONS ? sim_session_of(&s->m, (uint8_t)(SESSION_CID_BASE + id)) : NULL;
}

static void connect_answer(struct sim *s, uint32_t id, uint32_t status, uint32_t nw_error)
{
	const struct sim_session *ss = session(s, id);
	struct mbim_connect_info ci = {
		id, ss ? MBIM_ACTIVATION_STATE_ACTIVATED : MBIM_ACTIVATION_STATE_DEACTIVATED,
		MBIM_VOICE_CALL_STATE_NONE, ss && id < SESSIONS ? s->mbim->ip_type[id] : 0,
		mbim_context_internet, nw_error,
	};
	done(s, status, &ci);
}

static void connect_set(struct sim *s, const struct mbim_connect_set *c)
{
	struct sim_modem *m = &s->m;
	uint32_t id = c->session_id;
	if (id >= SESSIONS) {
		done_raw(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	if (c->activation_command == MBIM_ACTIVATION_COMMAND_DEACTIVATE) {
		if (!session(s, id)) {
			connect_answer(s, id, MBIM_STATUS_CONTEXT_NOT_ACTIVATED, 0);
			return;
		}
		/* the host asked: its answer says so, no indication */
		s->mbim->quiet_connect = true;
		sim_session_end(s, (uint8_t)(SESSION_CID_BASE + id), "client-end");
		s->mbim->quiet_connect = false;
		sim_log(s, "mbim: session %u down", id);
		connect_answer(s, id, MBIM_STATUS_SUCCESS, 0);
		return;
	}
	if (session(s, id)) {
		connect_answer(s, id, MBIM_STATUS_MAX_ACTIVATED_CONTEXTS, 0);
		return;
	}
	if (!sim_modem_registered(m) || s->mbim->detached) {
		connect_answer(s, id, MBIM_STATUS_NOT_REGISTERED, 0);
		return;
	}
	struct sim_apn *a = NULL;
	if (c->access_string && c->access_string[0]) {
		a = sim_apn_find(m, c->access_string);
	} else {
		for (size_t i = 0; i < SIM_MAX_APNS && !a; i++)
			if (m->apns[i].used)
				a = &m->apns[i];
	}
	if (!a) {
		sim_log(s, "mbim: connect refused: unknown APN");
		connect_answer(s, id, MBIM_STATUS_FAILURE, MBIM_NW_ERROR_MISSING_OR_UNKNOWN_APN);
		return;
	}
	if (a->user[0] || a->pass[0]) {
		unsigned auth = c->auth_protocol == MBIM_AUTH_PROTOCOL_PAP ? 1
				: c->auth_protocol == MBIM_AUTH_PROTOCOL_CHAP ? 2 : 0;
		if ((a->auth && !(auth & a->auth)) || strcmp(c->user_name ? c->user_name : "", a->user) ||
		    strcmp(c->password ? c->password : "", a->pass)) {
			sim_log(s, "mbim: connect refused: authentication");
			connect_answer(s, id, MBIM_STATUS_FAILURE, MBIM_NW_ERROR_USER_AUTHENTICATION_FAILED);
			return;
		}
	}
	uint32_t t = c->ip_type == MBIM_CONTEXT_IP_TYPE_DEFAULT ? MBIM_CONTEXT_IP_TYPE_IPV4 : c->ip_type;
	unsigned want = t == MBIM_CONTEXT_IP_TYPE_IPV4 ? 1u : t == MBIM_CONTEXT_IP_TYPE_IPV6 ? 2u : 3u;
	if ((a->families & want) != want) {
		sim_log(s, "mbim: connect refused: IP type %u not allowed on %s", t, a->name);
		connect_answer(s, id, MBIM_STATUS_FAILURE, MBIM_NW_ERROR_UNKNOWN_PDP_ADDRESS_OR_TYPE);
		return;
	}
	struct sim_session *ss = NULL;
	for (size_t i = 0; i < SIM_MAX_SESSIONS && !ss; i++)
		if (!m->sess[i].active)
			ss = &m->sess[i];
	if (!ss) {
		connect_answer(s, id, MBIM_STATUS_MAX_ACTIVATED_CONTEXTS, 0);
		return;
	}
	memset(ss, 0, sizeof(*ss));
	ss->active = true;
	sim_counters_session_start(s, ss);
	ss->cid = (uint8_t)(SESSION_CID_BASE + id);
	ss->family = t == MBIM_CONTEXT_IP_TYPE_IPV6 ? 6 : 4;
	ss->handle = m->next_handle++;
	ss->started_ms = ev_loop_now(&s->loop);
	snprintf(ss->apn, sizeof(ss->apn), "%s", a->name);
	s->mbim->ip_type[id] = t;
	sim_log(s, "mbim: session %u up: IP type %u, APN %s", id, t, ss->apn);
	sim_forwarding_refresh(s);
	connect_answer(s, id, MBIM_STATUS_SUCCESS, 0);
}

static unsigned mask_len(const char *mask)
{
	struct in_addr a;
	if (inet_pton(AF_INET, mask, &a) != 1)
		return 32;
	return (unsigned)__builtin_popcount(a.s_addr);
}

static void ip_configuration(struct sim *s, uint32_t id)
{
	const struct sim_session *ss = session(s, id);
	const struct sim_net *n = &s->m.net;
	if (!ss) {
		done_raw(s, MBIM_STATUS_CONTEXT_NOT_ACTIVATED);
		return;
	}
	uint32_t t = s->mbim->ip_type[id];
	bool v4 = t != MBIM_CONTEXT_IP_TYPE_IPV6, v6 = t != MBIM_CONTEXT_IP_TYPE_IPV4;
	struct mbim_ipv4_element a4 = { mask_len(n->v4_mask), { { 0 } } };
	struct mbim_ipv6_element a6 = { n->v6_prefix, { { 0 } } };
	struct mbim_ipv4 gw4, dns4[2];
	struct mbim_ipv6 gw6, dns6[2];
	memset(&gw4, 0, sizeof(gw4));
	memset(&gw6, 0, sizeof(gw6));
	v4 = v4 && inet_pton(AF_INET, n->v4_addr, a4.address.a) == 1;
	v6 = v6 && inet_pton(AF_INET6, n->v6_addr, a6.address.a) == 1;
	bool g4 = v4 && inet_pton(AF_INET, n->v4_gw, gw4.address.a) == 1;
	bool g6 = v6 && inet_pton(AF_INET6, n->v6_gw, gw6.address.a) == 1;
	uint32_t nd4 = 0, nd6 = 0;
	if (v4 && inet_pton(AF_INET, n->v4_dns1, dns4[nd4].address.a) == 1)
		nd4++;
	if (v4 && inet_pton(AF_INET, n->v4_dns2, dns4[nd4].address.a) == 1)
		nd4++;
	if (v6 && inet_pton(AF_INET6, n->v6_dns1, dns6[nd6].address.a) == 1)
		nd6++;
	if (v6 && inet_pton(AF_INET6, n->v6_dns2, dns6[nd6].address.a) == 1)
		nd6++;
	uint32_t avail = MBIM_IP_CONFIGURATION_AVAILABLE_ADDRESS | MBIM_IP_CONFIGURATION_AVAILABLE_DNS |
			 MBIM_IP_CONFIGURATION_AVAILABLE_MTU;
	struct mbim_ip_configuration_info ip = {
		id,
		v4 ? avail | (g4 ? MBIM_IP_CONFIGURATION_AVAILABLE_GATEWAY : 0) : 0,
		v6 ? avail | (g6 ? MBIM_IP_CONFIGURATION_AVAILABLE_GATEWAY : 0) : 0,
		{ v4, &a4 }, { v6, &a6 }, g4 ? &gw4 : NULL, g6 ? &gw6 : NULL,
		{ nd4, dns4 }, { nd6, dns6 }, v4 ? n->mtu : 0, v6 ? n->mtu : 0,
	};
	done(s, MBIM_STATUS_SUCCESS, &ip);
}

static void registration(struct sim *s)
{
	const struct sim_modem *m = &s->m;
	char id[16];
	provider_id(m, id, sizeof(id));
	bool reg = sim_modem_registered(m);
	struct mbim_registration_state_info r = {
		reg ? MBIM_NW_ERROR_NONE : 0, register_state(m),
		m->manual_plmn ? MBIM_REGISTER_MODE_MANUAL : MBIM_REGISTER_MODE_AUTOMATIC,
		reg ? MBIM_DATA_CLASS_LTE : 0, MBIM_CELLULAR_CLASS_GSM, reg ? id : "",
		reg ? m->operator_name : "", "", MBIM_REGISTRATION_FLAGS_PACKET_SERVICE_AUTOMATIC_ATTACH,
	};
	done(s, MBIM_STATUS_SUCCESS, &r);
}

static void packet_service(struct sim *s)
{
	bool att = sim_modem_registered(&s->m) && !s->mbim->detached;
	struct mbim_packet_service_info p = {
		0, att ? MBIM_PACKET_SERVICE_STATE_ATTACHED : MBIM_PACKET_SERVICE_STATE_DETACHED,
		att ? MBIM_DATA_CLASS_LTE : 0, att ? 50000000 : 0, att ? 300000000 : 0,
	};
	done(s, MBIM_STATUS_SUCCESS, &p);
}

static void subscriber(struct sim *s)
{
	const struct sim_modem *m = &s->m;
	const struct sim_profile *p = s->prof;
	bool ready = m->card == SIM_CARD_READY;
	const char *nums[] = { p->msisdn };
	struct mbim_subscriber_ready_status_info r = {
		ready_state(m), ready ? p->imsi : "", m->card != SIM_CARD_ABSENT ? p->iccid : "",
		0, { ready && p->msisdn && p->msisdn[0] ? 1 : 0, nums },
	};
	done(s, MBIM_STATUS_SUCCESS, &r);
}

static void signal_state(struct sim *s)
{
	const struct sim_modem *m = &s->m;
	const struct sim_mbim *mb = s->mbim;
	/* RSSI in the 0..31 scale of 3GPP TS 27.007 (-113 dBm + 2 per step) */
	int code = (m->rssi + 113) / 2;
	code = code < 0 ? 0 : code > 31 ? 31 : code;
	struct mbim_signal_state_info i = { sim_modem_registered(m) ? (uint32_t)code : 99, 99,
		mb->signal_cfg.signal_strength_interval, mb->signal_cfg.rssi_threshold,
		mb->signal_cfg.error_rate_threshold };
	done(s, MBIM_STATUS_SUCCESS, &i);
}

/* ---- Microsoft's Basic Connect Extensions ----
 * One executor with one SIM slot (0); the LTE attach APN of each roaming
 * condition, the modem's default (the first APN, IPv4v6) until the host
 * sets its own; the attach state follows registration; provisioned
 * contexts v2 are the model's APNs, and a DEFAULT set adds or replaces
 * one by its access string. */

static void lte_attach_answer(struct sim *s)
{
	struct sim_mbim *mb = s->mbim;
	struct mbim_ms_lte_attach_context c[3];
	const struct sim_apn *def = NULL;
	for (size_t i = 0; i < SIM_MAX_APNS && !def; i++)
		if (s->m.apns[i].used)
			def = &s->m.apns[i];
	for (uint32_t r = 0; r < 3; r++) {
		const struct sim_lte_attach *l = &mb->lte_attach[r];
		c[r] = l->set ? (struct mbim_ms_lte_attach_context){ l->ip_type, r, MBIM_CONTEXT_SOURCE_USER, l->apn,
								     l->user, l->pass, MBIM_COMPRESSION_NONE, l->auth }
			      : (struct mbim_ms_lte_attach_context){ MBIM_CONTEXT_IP_TYPE_IPV4V6, r,
								     MBIM_CONTEXT_SOURCE_MODEM, def ? def->name : "",
								     "", "", MBIM_COMPRESSION_NONE,
								     MBIM_AUTH_PROTOCOL_NONE };
	}
	struct mbim_ms_lte_attach_configuration_info i = { { 3, c } };
	done(s, MBIM_STATUS_SUCCESS, &i);
}

static void lte_attach_info(struct sim *s)
{
	struct sim_mbim *mb = s->mbim;
	const struct sim_modem *m = &s->m;
	const struct sim_lte_attach *l = &mb->lte_attach[m->reg == SIM_REG_ROAMING ? 2 : 0];
	const struct sim_apn *def = NULL;
	for (size_t i = 0; i < SIM_MAX_APNS && !def; i++)
		if (m->apns[i].used)
			def = &m->apns[i];
	bool attached = sim_modem_registered(m) && !mb->detached;
	struct mbim_ms_lte_attach_info i = {
		attached ? MBIM_LTE_ATTACH_STATE_ATTACHED : MBIM_LTE_ATTACH_STATE_DETACHED,
		l->set ? l->ip_type : MBIM_CONTEXT_IP_TYPE_IPV4V6, l->set ? l->apn : def ? def->name : "",
		l->set ? l->user : "", l->set ? l->pass : "", MBIM_COMPRESSION_NONE,
		l->set ? l->auth : MBIM_AUTH_PROTOCOL_NONE };
	done(s, MBIM_STATUS_SUCCESS, &i);
}

static void ms_contexts_answer(struct sim *s)
{
	const struct sim_modem *m = &s->m;
	struct mbim_ms_context ctx[SIM_MAX_APNS];
	uint32_t n = 0;
	for (size_t i = 0; i < SIM_MAX_APNS; i++) {
		const struct sim_apn *a = &m->apns[i];
		if (!a->used)
			continue;
		uint32_t t = a->families == 1 ? MBIM_CONTEXT_IP_TYPE_IPV4 : a->families == 2 ? MBIM_CONTEXT_IP_TYPE_IPV6
											: MBIM_CONTEXT_IP_TYPE_IPV4V6;
		ctx[n] = (struct mbim_ms_context){ (uint32_t)i + 1, mbim_context_internet, t, MBIM_CONTEXT_STATE_ENABLED,
			MBIM_CONTEXT_ROAMING_CONTROL_ALLOW_ALL, MBIM_CONTEXT_MEDIA_TYPE_CELLULAR_ONLY,
			MBIM_CONTEXT_SOURCE_OPERATOR, a->name, a->user, a->pass, MBIM_COMPRESSION_NONE,
			a->auth & 2 ? MBIM_AUTH_PROTOCOL_CHAP : a->auth & 1 ? MBIM_AUTH_PROTOCOL_PAP : 0 };
		n++;
	}
	struct mbim_ms_provisioned_contexts_info pc = { { n, ctx } };
	done(s, MBIM_STATUS_SUCCESS, &pc);
}

static void ms_ext(struct sim *s, const struct mbim_msg *q)
{
	struct sim_mbim *mb = s->mbim;
	bool set = q->command_type == MBIM_COMMAND_TYPE_SET;
	switch (q->cid) {
	case MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_SYS_CAPS: {
		/* the modem id: the IMEI's digits, as a number */
		uint64_t id = 0;
		for (const char *d = s->prof->imei ? s->prof->imei : ""; *d >= '0' && *d <= '9'; d++)
			id = id * 10 + (uint64_t)(*d - '0');
		struct mbim_ms_sys_caps_info c = { 1, 1, 1, id };
		done(s, MBIM_STATUS_SUCCESS, &c);
		return;
	}
	case MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_DEVICE_SLOT_MAPPINGS: {
		const struct mbim_ms_device_slot_mappings *sm = MBIM_BODY(q, ms_device_slot_mappings);
		if (set) {
			/* one executor, one slot: only slot 0 maps */
			if (sm->slot_map.n != 1 || sm->slot_map.v[0].slot != 0) {
				done_raw(s, MBIM_STATUS_INVALID_PARAMETERS);
				return;
			}
			mb->slot = 0;
		}
		struct mbim_ms_slot sl = { mb->slot };
		struct mbim_ms_device_slot_mappings a = { { 1, &sl } };
		done(s, MBIM_STATUS_SUCCESS, &a);
		return;
	}
	case MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_LTE_ATTACH_CONFIGURATION: {
		const struct mbim_ms_lte_attach_configuration_set *ls = MBIM_BODY(q, ms_lte_attach_configuration_set);
		if (set && ls->operation == MBIM_LTE_ATTACH_CONTEXT_OPERATION_RESTORE_FACTORY) {
			memset(mb->lte_attach, 0, sizeof mb->lte_attach);
		} else if (set) {
			/* one context per roaming condition, each at most once */
			unsigned seen = 0;
			for (uint32_t i = 0; i < ls->configurations.n; i++) {
				uint32_t r = ls->configurations.v[i].roaming;
				if (r > 2 || seen & (1u << r)) {
					done_raw(s, MBIM_STATUS_INVALID_PARAMETERS);
					return;
				}
				seen |= 1u << r;
			}
			for (uint32_t i = 0; i < ls->configurations.n; i++) {
				const struct mbim_ms_lte_attach_context *c = &ls->configurations.v[i];
				struct sim_lte_attach *l = &mb->lte_attach[c->roaming];
				l->set = true;
				l->ip_type = c->ip_type;
				l->auth = c->auth_protocol;
				snprintf(l->apn, sizeof l->apn, "%s", c->access_string ? c->access_string : "");
				snprintf(l->user, sizeof l->user, "%s", c->user_name ? c->user_name : "");
				snprintf(l->pass, sizeof l->pass, "%s", c->password ? c->password : "");
			}
			sim_log(s, "mbim: LTE attach APN (home) now '%s'", mb->lte_attach[0].apn);
		}
		lte_attach_answer(s);
		return;
	}
	case MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_LTE_ATTACH_INFO:
		lte_attach_info(s);
		return;
	case MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_PROVISIONED_CONTEXTS: {
		const struct mbim_ms_provisioned_contexts_set *ps = MBIM_BODY(q, ms_provisioned_contexts_set);
		if (set && ps->operation != MBIM_CONTEXT_OPERATION_DEFAULT) {
			done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
			return;
		}
		if (set) {
			if (!ps->access_string || !ps->access_string[0]) {
				done_raw(s, MBIM_STATUS_INVALID_PARAMETERS);
				return;
			}
			struct sim_apn *a = sim_apn_set(&s->m, ps->access_string);
			if (!a) {
				done_raw(s, MBIM_STATUS_MEMORY_FULL);
				return;
			}
			snprintf(a->user, sizeof a->user, "%s", ps->user_name ? ps->user_name : "");
			snprintf(a->pass, sizeof a->pass, "%s", ps->password ? ps->password : "");
			a->auth = ps->auth_protocol == MBIM_AUTH_PROTOCOL_PAP ? 1
				  : ps->auth_protocol == MBIM_AUTH_PROTOCOL_CHAP ? 2 : 0;
			a->families = ps->ip_type == MBIM_CONTEXT_IP_TYPE_IPV4 ? 1
				      : ps->ip_type == MBIM_CONTEXT_IP_TYPE_IPV6 ? 2 : 3;
			sim_log(s, "mbim: provisioned context for APN %s", a->name);
		}
		ms_contexts_answer(s);
		return;
	}
	default:
		done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
	}
}

/* A registration change: LTE attach info goes out too, when the host
 * subscribed to the service. */
static void ms_ext_registration(struct sim *s)
{
	struct sim_mbim *mb = s->mbim;
	if (!mb->ms_notify)
		return;
	mb->indicating_svc = MBIM_SERVICE_MS_BASIC_CONNECT_EXTENSIONS;
	mb->indicating_cid = MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_LTE_ATTACH_INFO;
	lte_attach_info(s);
	mb->indicating_svc = MBIM_SERVICE_BASIC_CONNECT;
	mb->indicating_cid = 0;
}

void sim_mbim_notify(struct sim *s, enum sim_mbim_note what, unsigned arg)
{
	struct sim_mbim *mb = s->mbim;
	if (!mb->opened)
		return;
	switch (what) {
	case SIM_MBIM_N_REGISTER:
		mb->indicating_cid = MBIM_CID_BASIC_CONNECT_REGISTER_STATE;
		registration(s);
		mb->indicating_cid = MBIM_CID_BASIC_CONNECT_PACKET_SERVICE;
		packet_service(s);
		ms_ext_registration(s);
		break;
	case SIM_MBIM_N_SIGNAL:
		mb->indicating_cid = MBIM_CID_BASIC_CONNECT_SIGNAL_STATE;
		signal_state(s);
		break;
	case SIM_MBIM_N_SUBSCRIBER:
		mb->indicating_cid = MBIM_CID_BASIC_CONNECT_SUBSCRIBER_READY_STATUS;
		subscriber(s);
		break;
	case SIM_MBIM_N_CONNECT:
		if (arg < SESSION_CID_BASE || arg >= SESSION_CID_BASE + SESSIONS || mb->quiet_connect)
			return;         /* a session of the QMI side, or the host's own request */
		mb->indicating_cid = MBIM_CID_BASIC_CONNECT_CONNECT;
		connect_answer(s, arg - SESSION_CID_BASE, MBIM_STATUS_SUCCESS, 0);
		break;
	case SIM_MBIM_N_SMS:
		sim_mbim_sms_arrived(s, arg >> 8, arg & 0xff);
		break;
	}
	mb->indicating_cid = 0;
}

static void basic_connect(struct sim *s, const struct mbim_msg *q)
{
	struct sim_modem *m = &s->m;
	struct sim_mbim *mb = s->mbim;
	const struct sim_profile *p = s->prof;
	bool set = q->command_type == MBIM_COMMAND_TYPE_SET;
	switch (q->cid) {
	case MBIM_CID_BASIC_CONNECT_DEVICE_CAPS: {
		struct mbim_device_caps_info c = {
			MBIM_DEVICE_TYPE_EMBEDDED, MBIM_CELLULAR_CLASS_GSM, MBIM_VOICE_CLASS_NO_VOICE,
			MBIM_SIM_CLASS_REMOVABLE, DATA_CLASSES,
			MBIM_SMS_CAPS_PDU_RECEIVE | MBIM_SMS_CAPS_PDU_SEND,
			MBIM_CTRL_CAPS_REG_MANUAL | MBIM_CTRL_CAPS_HW_RADIO_SWITCH, SESSIONS, "",
			p->imei, p->revision, p->model,
		};
		done(s, MBIM_STATUS_SUCCESS, &c);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_SUBSCRIBER_READY_STATUS:
		subscriber(s);
		return;
	case MBIM_CID_BASIC_CONNECT_DEVICE_SERVICES:
		device_services(s);
		return;
	case MBIM_CID_BASIC_CONNECT_RADIO_STATE: {
		const struct mbim_radio_state_set *r = MBIM_BODY(q, radio_state_set);
		if (set && r) {
			m->opmode = r->radio_state == MBIM_RADIO_SWITCH_ON ? 0 : 1;
			if (m->opmode == 0)
				sim_start_registration(s);
			else
				sim_set_registration(s, SIM_REG_OFF);
		}
		struct mbim_radio_state_info i = { MBIM_RADIO_SWITCH_ON,
			m->opmode == 0 ? MBIM_RADIO_SWITCH_ON : MBIM_RADIO_SWITCH_OFF };
		done(s, MBIM_STATUS_SUCCESS, &i);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_PIN: {
		const struct mbim_pin_set *ps = MBIM_BODY(q, pin_set);
		if (!set) {
			pin_answer(s, 0);
			return;
		}
		if (ps->pin_operation != MBIM_PIN_OPERATION_ENTER) {
			done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
			return;
		}
		int r;
		if (ps->pin_type == MBIM_PIN_TYPE_PIN1)
			r = sim_pin_verify(s, ps->pin ? ps->pin : "");
		else if (ps->pin_type == MBIM_PIN_TYPE_PUK1)
			r = sim_pin_unblock(s, ps->pin ? ps->pin : "", ps->new_pin ? ps->new_pin : "");
		else
			r = QMI_ERR_INVALID_PIN_ID;
		sim_log(s, "mbim: PIN %s", r ? "refused" : "accepted");
		pin_answer(s, r);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_PIN_LIST: {
		struct mbim_pin_list_info l;
		memset(&l, 0, sizeof(l));
		l.pin1 = (struct mbim_pin_desc){ m->pin_enabled ? MBIM_PIN_MODE_ENABLED : MBIM_PIN_MODE_DISABLED,
						 MBIM_PIN_FORMAT_NUMERIC, 4, 8 };
		done(s, MBIM_STATUS_SUCCESS, &l);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_HOME_PROVIDER: {
		char id[16];
		provider_id(m, id, sizeof(id));
		struct mbim_provider h = { id, MBIM_PROVIDER_STATE_HOME, m->operator_name,
					   MBIM_CELLULAR_CLASS_GSM, 99, 99 };
		if (set)
			done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
		else
			done(s, MBIM_STATUS_SUCCESS, &h);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_REGISTER_STATE:
		if (set && !sim_modem_registered(m)) {
			m->manual_plmn = MBIM_BODY(q, register_state_set)->register_action == MBIM_REGISTER_ACTION_MANUAL;
			sim_start_registration(s);
		}
		registration(s);
		return;
	case MBIM_CID_BASIC_CONNECT_PACKET_SERVICE:
		if (set) {
			uint32_t a = MBIM_BODY(q, packet_service_set)->packet_service_action;
			if (a == MBIM_PACKET_SERVICE_ACTION_ATTACH && !sim_modem_registered(m)) {
				done_raw(s, MBIM_STATUS_NOT_REGISTERED);
				return;
			}
			mb->detached = a == MBIM_PACKET_SERVICE_ACTION_DETACH;
			if (mb->detached)
				sim_session_end(s, 0, "regular-deactivation");
		}
		packet_service(s);
		return;
	case MBIM_CID_BASIC_CONNECT_SIGNAL_STATE:
		if (set)
			mb->signal_cfg = *MBIM_BODY(q, signal_state_set);
		signal_state(s);
		return;
	case MBIM_CID_BASIC_CONNECT_CONNECT:
		if (set) {
			/* a session up or down is a network round trip: the same
			 * time as the QMI side's start and stop (settings: delay) */
			const struct mbim_connect_set *cs = MBIM_BODY(q, connect_set);
			mb->delay_ms = sim_delay_for(s, QMI_SVC_WDS,
						     cs->activation_command == MBIM_ACTIVATION_COMMAND_ACTIVATE
						     ? QMI_WDS_START_NETWORK : QMI_WDS_STOP_NETWORK);
			connect_set(s, cs);
			mb->delay_ms = 0;
		}
		else
			connect_answer(s, MBIM_BODY(q, connect_info)->session_id, MBIM_STATUS_SUCCESS, 0);
		return;
	case MBIM_CID_BASIC_CONNECT_PROVISIONED_CONTEXTS: {
		if (set) {
			done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
			return;
		}
		struct mbim_context ctx[SIM_MAX_APNS];
		uint32_t n = 0;
		for (size_t i = 0; i < SIM_MAX_APNS; i++) {
			const struct sim_apn *a = &m->apns[i];
			if (!a->used)
				continue;
			ctx[n] = (struct mbim_context){ (uint32_t)i + 1, mbim_context_internet, a->name, a->user,
				a->pass, MBIM_COMPRESSION_NONE,
				a->auth & 2 ? MBIM_AUTH_PROTOCOL_CHAP : a->auth & 1 ? MBIM_AUTH_PROTOCOL_PAP : 0 };
			n++;
		}
		struct mbim_provisioned_contexts_info pc = { { n, ctx } };
		done(s, MBIM_STATUS_SUCCESS, &pc);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_IP_CONFIGURATION:
		ip_configuration(s, MBIM_BODY(q, ip_configuration_info)->session_id);
		return;
	case MBIM_CID_BASIC_CONNECT_DEVICE_SERVICE_SUBSCRIBE_LIST: {
		/* accepted as asked; Basic Connect notifies regardless, the
		 * Microsoft extensions only when their service is listed */
		const struct mbim_event_list *el = MBIM_BODY(q, event_list);
		const struct mbim_service_def *ms = mbim_service(MBIM_SERVICE_MS_BASIC_CONNECT_EXTENSIONS);
		mb->ms_notify = false;
		for (uint32_t i = 0; el && i < el->events.n; i++)
			mb->ms_notify |= !memcmp(el->events.v[i].device_service_id.b, ms->uuid.b, 16);
		done(s, MBIM_STATUS_SUCCESS, el);
		return;
	}
	case MBIM_CID_BASIC_CONNECT_NETWORK_IDLE_HINT: {
		if (set)
			mb->idle_hint = MBIM_BODY(q, network_idle_hint)->state;
		struct mbim_network_idle_hint h = { mb->idle_hint };
		done(s, MBIM_STATUS_SUCCESS, &h);
		return;
	}
	default:
		done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
	}
}

/* QMUX header fields: service, client, kind (0 request, 1 response,
 * 2 indication) and transaction. */
static bool qmux_head(const uint8_t *f, size_t n, uint8_t *svc, uint8_t *cl, int *kind, uint16_t *txn)
{
	if (n < 12 || f[0] != 0x01)
		return false;
	*svc = f[4];
	*cl = f[5];
	uint8_t fl = f[6];
	if (*svc == 0) {
		*kind = fl & 0x02 ? 2 : fl & 0x01 ? 1 : 0;
		*txn = f[7];
	} else {
		*kind = fl & 0x04 ? 2 : fl & 0x02 ? 1 : 0;
		*txn = (uint16_t)(f[7] | f[8] << 8);
	}
	return true;
}

/* The services of the tables with every CID they declare; the QMI one
 * only while the function carries QMI (--no-qmi-over-mbim leaves it out). */
static void device_services(struct sim *s)
{
	struct mbim_device_service_element el[MBIM_SERVICE_COUNT_];
	static uint32_t cids[MBIM_SERVICE_COUNT_][64];
	uint32_t n = 0;
	for (int i = 0; i < MBIM_SERVICE_COUNT_; i++) {
		const struct mbim_service_def *d = mbim_service((enum mbim_service)i);
		if (d->id == MBIM_SERVICE_QMI && s->no_qmi_over_mbim)
			continue;
		unsigned k = 0;
		for (; k < d->n_cids && k < 64; k++)
			cids[n][k] = d->cids[k].cid;
		el[n] = (struct mbim_device_service_element){ d->uuid, 0, 0, { k, cids[n] } };
		n++;
	}
	struct mbim_device_services_info ds = { n, 0, { n, el } };
	done(s, MBIM_STATUS_SUCCESS, &ds);
}

static void qmi_over_mbim(struct sim *s, const struct mbim_msg *q)
{
	struct sim_mbim *mb = s->mbim;
	const struct mbim_qmi_msg *b = MBIM_BODY(q, qmi_msg);
	uint8_t svc, cl;
	int kind;
	uint16_t txn;
	if (q->command_type != MBIM_COMMAND_TYPE_SET || !b ||
	    !qmux_head(b->qmux.p, b->qmux.n, &svc, &cl, &kind, &txn) || kind != 0 ||
	    qmux_frame_len(b->qmux.p, b->qmux.n) != (int)b->qmux.n) {
		done_raw(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	struct pending_qmi *p = &mb->pending[mb->next_pending++ % PENDING_QMI];
	*p = (struct pending_qmi){ true, svc, cl, txn, q->txn };
	sim_qmi_input(s, b->qmux.p, b->qmux.n);
}

const uint8_t *sim_mbim_wrap(struct sim *s, const uint8_t *frame, size_t len, size_t *out_len)
{
	struct sim_mbim *mb = s->mbim;
	uint8_t svc, cl;
	int kind;
	uint16_t txn;
	uint32_t mtxn = 0, type = MBIM_MESSAGE_TYPE_INDICATE_STATUS;
	if (!qmux_head(frame, len, &svc, &cl, &kind, &txn))
		return NULL;
	if (kind == 1) {
		for (unsigned i = 0; i < PENDING_QMI; i++) {
			struct pending_qmi *p = &mb->pending[i];
			if (p->used && p->service == svc && p->client == cl && p->qmi_txn == txn) {
				p->used = false;
				mtxn = p->mbim_txn;
				type = MBIM_MESSAGE_TYPE_COMMAND_DONE;
				break;
			}
		}
	}
	int n = mbim_encode_raw(mb->wrap, sizeof(mb->wrap), type, mtxn,
				&mbim_service(MBIM_SERVICE_QMI)->uuid, MBIM_CID_QMI_MSG, MBIM_STATUS_SUCCESS,
				frame, len);
	if (n < 0)
		return NULL;
	*out_len = (size_t)n;
	return mb->wrap;
}

/* The QMI service whose fault (stop-service) silences a Basic Connect CID:
 * the one that answers the same part of the model (DMS: identity, SIM and
 * radio; NAS: registration and signal; WDS: packet service and sessions). */
static uint8_t cid_service(uint32_t cid)
{
	switch (cid) {
	case MBIM_CID_BASIC_CONNECT_DEVICE_CAPS: case MBIM_CID_BASIC_CONNECT_SUBSCRIBER_READY_STATUS:
	case MBIM_CID_BASIC_CONNECT_RADIO_STATE: case MBIM_CID_BASIC_CONNECT_PIN:
	case MBIM_CID_BASIC_CONNECT_PIN_LIST: case MBIM_CID_BASIC_CONNECT_DEVICE_SERVICES:
		return QMI_SVC_DMS;
	case MBIM_CID_BASIC_CONNECT_HOME_PROVIDER: case MBIM_CID_BASIC_CONNECT_REGISTER_STATE:
	case MBIM_CID_BASIC_CONNECT_SIGNAL_STATE:
		return QMI_SVC_NAS;
	default:
		return QMI_SVC_WDS;
	}
}

static bool cid_silent(const struct sim *s, uint32_t cid)
{
	uint8_t svc = cid_service(cid);
	return s->faults.silent[svc / 32] & (1u << (svc % 32));
}

static void command(struct sim *s, const struct mbim_msg *q)
{
	if (!q->svc || !q->cid_def) {
		done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
		return;
	}
	const struct mbim_struct_def *want = q->command_type ? mbim_cid_buf(q->cid_def, MBIM_DIR_SET) : mbim_cid_buf(q->cid_def, MBIM_DIR_QUERY);
	if (want == &mbim_none_def) {
		done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
		return;
	}
	if (want != &mbim_empty_def && !q->body) {
		done_raw(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	if (q->svc->id == MBIM_SERVICE_BASIC_CONNECT && cid_silent(s, q->cid)) {
		sim_log(s, "mbim: %s not answered (its QMI service is stopped)", mbim_cid_sym(q->cid_def));
		return;
	}
	if (q->svc->id == MBIM_SERVICE_BASIC_CONNECT)
		basic_connect(s, q);
	else if (q->svc->id == MBIM_SERVICE_QMI && !s->no_qmi_over_mbim)
		qmi_over_mbim(s, q);
	else if (q->svc->id == MBIM_SERVICE_MS_BASIC_CONNECT_EXTENSIONS)
		ms_ext(s, q);
	else if (q->svc->id == MBIM_SERVICE_SMS)
		sim_mbim_sms(s, q);
	else if (q->svc->id == MBIM_SERVICE_USSD)
		sim_mbim_ussd(s, q);
	else
		done_raw(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
}

void sim_mbim_input(struct sim *s, const uint8_t *frame, size_t len)
{
	struct sim_mbim *mb = s->mbim;
	const uint8_t *msg;
	size_t n;
	int r = mbim_reasm_feed(&mb->reasm, frame, len, &msg, &n);
	if (r < 0) {
		sim_log(s, "mbim: fragment refused: %s", mb->reasm.errtext);
		send_msg(s, mb->out, mbim_encode_error(mb->out, sizeof(mb->out), MBIM_MESSAGE_TYPE_FUNCTION_ERROR,
						       len >= 12 ? frame[8] | frame[9] << 8 | frame[10] << 16 |
						       (uint32_t)frame[11] << 24 : 0,
						       MBIM_PROTOCOL_ERROR_FRAGMENT_OUT_OF_SEQUENCE));
		return;
	}
	if (r == 0)
		return;
	struct mbim_msg *q = &mb->req;
	r = mbim_decode(q, msg, n, MBIM_DECODE_LENIENT);
	if (s->log) {
		sb_reset(&mb->text);
		if (r == 0)
			mbim_print_text(&mb->text, q, 0);
		sim_log(s, "mbim: << %s", r == 0 ? sb_str(&mb->text) : q->errtext);
	}
	if (r < 0) {
		send_msg(s, mb->out, mbim_encode_error(mb->out, sizeof(mb->out), MBIM_MESSAGE_TYPE_FUNCTION_ERROR,
						       q->txn, MBIM_PROTOCOL_ERROR_LENGTH_MISMATCH));
		return;
	}
	switch (q->type) {
	case MBIM_MESSAGE_TYPE_OPEN:
		mb->opened = true;
		mb->max_transfer = q->max_control_transfer < 64 ? 64
				   : q->max_control_transfer > 4096 ? 4096 : q->max_control_transfer;
		send_msg(s, mb->out, mbim_encode_done(mb->out, sizeof(mb->out), MBIM_MESSAGE_TYPE_OPEN_DONE,
						      q->txn, MBIM_STATUS_SUCCESS));
		return;
	case MBIM_MESSAGE_TYPE_CLOSE:
		mb->opened = false;
		send_msg(s, mb->out, mbim_encode_done(mb->out, sizeof(mb->out), MBIM_MESSAGE_TYPE_CLOSE_DONE,
						      q->txn, MBIM_STATUS_SUCCESS));
		return;
	case MBIM_MESSAGE_TYPE_COMMAND:
		if (!mb->opened) {
			send_msg(s, mb->out, mbim_encode_error(mb->out, sizeof(mb->out),
							       MBIM_MESSAGE_TYPE_FUNCTION_ERROR, q->txn,
							       MBIM_PROTOCOL_ERROR_NOT_OPENED));
			return;
		}
		command(s, q);
		return;
	default:
		sim_log(s, "mbim: message type 0x%08x ignored", q->type);
	}
}
