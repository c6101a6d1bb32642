/* The modem's state: SIM, registration, signal, data sessions, and the
 * indications each change sends to the clients that asked for them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "qmi/ids.h"
#include "qmi/wds_reasons.h"
#include "sim/sim.h"

void sim_modem_defaults(struct sim_modem *m, const struct sim_profile *p)
{
	memset(m, 0, sizeof(*m));
	m->card = SIM_CARD_READY;
	m->pin_retries = 3;
	m->puk_retries = 10;
	snprintf(m->pin, sizeof(m->pin), "1234");
	snprintf(m->puk, sizeof(m->puk), "12345678");
	m->reg = SIM_REG_OFF;
	m->register_delay_ms = 1000;
	snprintf(m->operator_name, sizeof(m->operator_name), "%s", p->operator_name);
	m->mcc = p->mcc;
	m->mnc = p->mnc;
	m->rat = 8;
	m->mode_pref = 0x1c;
	sim_bands_defaults(&m->bands);
	m->rssi = -65;
	m->rsrp = -95;
	m->rsrq = -10;
	m->sinr10 = 120;
	m->link_layer = p->default_link_layer;
	struct sim_apn *a = sim_apn_set(m, "internet");
	a->families = 3;
	struct sim_net *n = &m->net;
	snprintf(n->v4_addr, sizeof(n->v4_addr), "10.42.0.2");
	snprintf(n->v4_gw, sizeof(n->v4_gw), "10.42.0.1");
	snprintf(n->v4_mask, sizeof(n->v4_mask), "255.255.255.252");
	snprintf(n->v4_dns1, sizeof(n->v4_dns1), "10.42.0.53");
	snprintf(n->v4_dns2, sizeof(n->v4_dns2), "10.42.0.54");
	snprintf(n->v6_addr, sizeof(n->v6_addr), "2001:db8:42::2");
	snprintf(n->v6_gw, sizeof(n->v6_gw), "2001:db8:42::1");
	snprintf(n->v6_dns1, sizeof(n->v6_dns1), "2001:db8:42::53");
	snprintf(n->v6_dns2, sizeof(n->v6_dns2), "2001:db8:42::54");
	n->v6_prefix = 64;
	n->mtu = p->mtu;
	m->next_handle = 0x4a3b0001;
}

static const char *const card_names[] = {
	[SIM_CARD_READY] = "ready", [SIM_CARD_PIN] = "pin-required", [SIM_CARD_PUK] = "puk-required",
	[SIM_CARD_BLOCKED] = "blocked", [SIM_CARD_ABSENT] = "absent", [SIM_CARD_NOT_INIT] = "not-initialized",
};
static const char *const reg_names[] = {
	[SIM_REG_OFF] = "not-registered", [SIM_REG_SEARCHING] = "searching", [SIM_REG_HOME] = "home",
	[SIM_REG_ROAMING] = "roaming", [SIM_REG_DENIED] = "denied",
};

const char *sim_card_name(enum sim_card_state c)
{
	return card_names[c];
}

const char *sim_reg_name(enum sim_reg_state r)
{
	return reg_names[r];
}

int sim_card_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(card_names); i++)
		if (!strcmp(name, card_names[i]))
			return (int)i;
	if (!strcmp(name, "pin"))
		return SIM_CARD_PIN;
	if (!strcmp(name, "puk"))
		return SIM_CARD_PUK;
	return -1;
}

bool sim_modem_registered(const struct sim_modem *m)
{
	return m->reg == SIM_REG_HOME || m->reg == SIM_REG_ROAMING;
}

struct sim_apn *sim_apn_find(struct sim_modem *m, const char *name)
{
	for (size_t i = 0; i < SIM_MAX_APNS; i++)
		if (m->apns[i].used && !strcasecmp(m->apns[i].name, name))
			return &m->apns[i];
	return NULL;
}

struct sim_apn *sim_apn_set(struct sim_modem *m, const char *name)
{
	struct sim_apn *a = sim_apn_find(m, name);
	for (size_t i = 0; !a && i < SIM_MAX_APNS; i++)
		if (!m->apns[i].used)
			a = &m->apns[i];
	if (!a)
		return NULL;
	if (!a->used) {
		memset(a, 0, sizeof(*a));
		a->used = true;
		a->families = 3;
		snprintf(a->name, sizeof(a->name), "%s", name);
	}
	return a;
}

struct sim_session *sim_session_of(struct sim_modem *m, uint8_t cid)
{
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++)
		if (m->sess[i].active && m->sess[i].cid == cid)
			return &m->sess[i];
	return NULL;
}

/* ---- call end reasons: the one table (qmi/wds_reasons.h) ---- */

bool sim_end_reason_known(const char *reason)
{
	return qmi_wds_reason_by_name(reason) != NULL;
}

/* The start-network answer's field f, or the packet-service-status indication's. */
#define END(f) (ind ? QMIF_WDS_PACKET_SERVICE_STATUS_IN_##f : QMIF_WDS_START_NETWORK_RS_##f)

int sim_end_reason_fill(struct sim *s, struct qmi_msg *m, const char *reason)
{
	const struct qmi_wds_reason *e = qmi_wds_reason_by_name(reason);
	if (!e)
		return -1;
	bool ind = m->kind == QMI_INDICATION;
	if (e->call_end)
		sim_put_uint(s, m, END(CALL_END_REASON), e->call_end);
	sim_put_uint(s, m, END(VERBOSE_CALL_END_REASON_TYPE), e->type);
	sim_put_int(s, m, END(VERBOSE_CALL_END_REASON_REASON), e->reason);
	return 0;
}

#undef END

/* ---- notifications ---- */

struct pss_arg {
	const struct sim_session *ss;
	bool up;
	const char *reason;
};

static void fill_pss(struct sim *s, struct qmi_msg *m, const void *arg)
{
	const struct pss_arg *a = arg;
	sim_put_uint(s, m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, a->up ? 2 : 1);
	sim_put_uint(s, m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_RECONFIGURATION_REQUIRED, 0);
	if (!a->up && a->reason && sim_end_reason_fill(s, m, a->reason) < 0)
		sim_log(s, "wds: no call-end reason named '%s'", a->reason);
	sim_put_uint(s, m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_IP_FAMILY, a->ss->family);
	sim_put_uint(s, m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_TECHNOLOGY_NAME, 0x8004);     /* umts: a 3GPP session */
}

void sim_session_notify(struct sim *s, const struct sim_session *ss, bool up, const char *reason)
{
	struct pss_arg a = { ss, up, reason };
	struct sim_svc_clients *sc = sim_clients_svc(&s->clients, QMI_SVC_WDS);
	/* the owner always hears of its session; other clients when they
	 * asked for data-call events */
	for (unsigned cid = 1; cid <= SIM_CID_POOL_MAX; cid++) {
		if (!sc->c[cid].used)
			continue;
		if (cid != ss->cid && !(sc->c[cid].ind & SIM_IND_PACKET_STATUS))
			continue;
		sim_indicate(s, QMI_SVC_WDS, (uint8_t)cid, QMI_WDS_PACKET_SERVICE_STATUS, fill_pss, &a);
	}
	if (s->mbim)
		sim_mbim_notify(s, SIM_MBIM_N_CONNECT, ss->cid);
}

int sim_session_end(struct sim *s, uint8_t cid, const char *reason)
{
	int n = 0;
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++) {
		struct sim_session *ss = &s->m.sess[i];
		if (!ss->active || (cid && ss->cid != cid))
			continue;
		sim_counters_session_end(s, ss);
		ss->active = false;
		sim_session_notify(s, ss, false, reason);
		n++;
	}
	if (n)
		sim_forwarding_refresh(s);
	return n;
}

void sim_forwarding_refresh(struct sim *s)
{
	bool any = false;
	uint8_t up[32] = { 0 };
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++) {
		const struct sim_session *ss = &s->m.sess[i];
		any |= ss->active;
		/* an MBIM session by its id; a QMI one (QMI over MBIM too) is
		 * what cdc_mbim carries untagged */
		unsigned id = ss->cid >= SIM_MBIM_CID_BASE && ss->cid < SIM_MBIM_CID_BASE + SIM_MBIM_SESSIONS
			      ? ss->cid - SIM_MBIM_CID_BASE : 0;
		if (ss->active)
			up[id / 8] |= (uint8_t)(1u << (id % 8));
	}
	sim_wire_sessions(s, up);
	sim_wire_forwarding(s, any && !s->m.phantom);
}

static void reg_timer_cb(struct ev_timer *t)
{
	struct sim *s = container_of(t, struct sim, reg_timer);
	if (s->m.reg != SIM_REG_SEARCHING || s->m.card != SIM_CARD_READY)
		return;
	if (!sim_bands_cell_reachable(&s->m)) {
		s->m.bands.cell_lost = true;    /* a lock with the cell's band registers */
		return;
	}
	sim_set_registration(s, s->m.roam ? SIM_REG_ROAMING : SIM_REG_HOME);
}

void sim_start_registration(struct sim *s)
{
	if (s->m.card != SIM_CARD_READY || s->m.opmode != 0) {
		sim_set_registration(s, SIM_REG_OFF);
		return;
	}
	sim_set_registration(s, SIM_REG_SEARCHING);
	s->reg_timer.cb = reg_timer_cb;
	ev_timer_set(&s->loop, &s->reg_timer, s->m.register_delay_ms);
}

static void fill_serving(struct sim *s, struct qmi_msg *m, const void *arg)
{
	sim_nas_fill_serving_system(s, m);
}

static void fill_system_info(struct sim *s, struct qmi_msg *m, const void *arg)
{
	sim_nas_fill_system_info(s, m);
}

static void fill_card(struct sim *s, struct qmi_msg *m, const void *arg)
{
	sim_uim_fill_card_status(s, m);
}

/* DMS event report: the UIM state and PIN1 status. */
static void fill_dms_event(struct sim *s, struct qmi_msg *m, const void *arg)
{
	static const uint8_t uim_state[] = { [SIM_CARD_READY] = 0, [SIM_CARD_PIN] = 0, [SIM_CARD_PUK] = 0,
					     [SIM_CARD_BLOCKED] = 1, [SIM_CARD_ABSENT] = 2,
					     [SIM_CARD_NOT_INIT] = 255 };
	sim_put_uint(s, m, QMIF_DMS_EVENT_REPORT_IN_UIM_STATE, uim_state[s->m.card]);
	if (s->m.card != SIM_CARD_ABSENT && s->m.card != SIM_CARD_NOT_INIT) {
		sim_put_uint(s, m, QMIF_DMS_EVENT_REPORT_IN_PIN1_STATUS_CURRENT_STATUS, sim_pin1_status(&s->m));
		sim_put_uint(s, m, QMIF_DMS_EVENT_REPORT_IN_PIN1_STATUS_VERIFY_RETRIES_LEFT, s->m.pin_retries);
		sim_put_uint(s, m, QMIF_DMS_EVENT_REPORT_IN_PIN1_STATUS_UNBLOCK_RETRIES_LEFT, s->m.puk_retries);
	}
}

/* NAS event report: the legacy signal fields. */
static void fill_nas_event(struct sim *s, struct qmi_msg *m, const void *arg)
{
	sim_put_int(s, m, QMIF_NAS_EVENT_REPORT_IN_SIGNAL_STRENGTH_STRENGTH, s->m.rssi);
	sim_put_uint(s, m, QMIF_NAS_EVENT_REPORT_IN_SIGNAL_STRENGTH_RADIO_INTERFACE, s->m.rat);
	sim_put_int(s, m, QMIF_NAS_EVENT_REPORT_IN_RSRQ_RSRQ, s->m.rsrq);
	sim_put_uint(s, m, QMIF_NAS_EVENT_REPORT_IN_RSRQ_RADIO_INTERFACE, s->m.rat);
	sim_put_int(s, m, QMIF_NAS_EVENT_REPORT_IN_LTE_SNR, s->m.sinr10);
	sim_put_int(s, m, QMIF_NAS_EVENT_REPORT_IN_LTE_RSRP, s->m.rsrp);
}

void sim_set_registration(struct sim *s, enum sim_reg_state r)
{
	bool was = sim_modem_registered(&s->m);
	if (r != SIM_REG_SEARCHING)
		ev_timer_cancel(&s->loop, &s->reg_timer);
	if (s->m.reg == r)
		return;
	s->m.reg = r;
	sim_log(s, "modem: registration %s", sim_reg_name(r));
	sim_indicate_all(s, QMI_SVC_NAS, SIM_IND_SERVING_SYSTEM, QMI_NAS_SERVING_SYSTEM, fill_serving, NULL);
	sim_indicate_all(s, QMI_SVC_NAS, SIM_IND_SYSTEM_INFO, QMI_NAS_SYSTEM_INFO, fill_system_info, NULL);
	sim_wire_reg_changed(s);
	if (s->mbim)
		sim_mbim_notify(s, SIM_MBIM_N_REGISTER, 0);
	if (was && !sim_modem_registered(&s->m))
		sim_session_end(s, 0, "no-service");
}

void sim_set_card(struct sim *s, enum sim_card_state c)
{
	if (s->m.card == c)
		return;
	s->m.card = c;
	sim_log(s, "modem: SIM %s", sim_card_name(c));
	sim_indicate_all(s, QMI_SVC_UIM, SIM_IND_CARD_STATUS, QMI_UIM_CARD_STATUS, fill_card, NULL);
	sim_indicate_all(s, QMI_SVC_DMS, SIM_IND_CARD_STATUS, QMI_DMS_EVENT_REPORT, fill_dms_event, NULL);
	if (s->mbim)
		sim_mbim_notify(s, SIM_MBIM_N_SUBSCRIBER, 0);
	if (c == SIM_CARD_READY)
		sim_start_registration(s);
	else
		sim_set_registration(s, SIM_REG_OFF);
}

void sim_signal_changed(struct sim *s)
{
	sim_radio_signal_indicate(s);
	if (sim_modem_registered(&s->m))
		sim_indicate_all(s, QMI_SVC_NAS, SIM_IND_NAS_EVENT, QMI_NAS_EVENT_REPORT, fill_nas_event, NULL);
	if (s->mbim)
		sim_mbim_notify(s, SIM_MBIM_N_SIGNAL, 0);
}

void sim_state_json(struct sim *s, struct strbuf *out)
{
	struct sim_modem *m = &s->m;
	sb_printf(out, "{\"profile\":\"%s\",\"up\":%s,\"sim\":\"%s\",\"pin_retries\":%u,"
		  "\"puk_retries\":%u,\"registration\":\"%s\",\"operator\":",
		  s->prof->name, s->port.up ? "true" : "false", sim_card_name(m->card), m->pin_retries,
		  m->puk_retries, sim_reg_name(m->reg));
	sb_put_json_str(out, m->operator_name, strlen(m->operator_name));
	sb_printf(out, ",\"mcc\":%u,\"mnc\":%u,\"rat\":\"%s\",\"signal\":{\"rssi\":%d,\"rsrp\":%d,"
		  "\"rsrq\":%d,\"sinr\":%s%d.%d},\"link_layer\":\"%s\",\"phantom\":%s,",
		  m->mcc, m->mnc, m->rat == 8 ? "lte" : m->rat == 5 ? "umts" : "gsm", m->rssi, m->rsrp,
		  m->rsrq, m->sinr10 < 0 ? "-" : "", abs(m->sinr10) / 10, abs(m->sinr10) % 10,
		  m->link_layer == 2 ? "raw-ip" : "802-3", m->phantom ? "true" : "false");
	/* the NAS mode preference, as libqmi names its bits */
	static const char *const prefs[] = { "cdma-1x", "cdma-1xevdo", "gsm", "umts", "lte", "td-scdma",
					     "5gnr" };
	sb_puts(out, "\"mode_preference\":[");
	for (unsigned i = 0, n = 0; i < sizeof(prefs) / sizeof(prefs[0]); i++)
		if (m->mode_pref & (1u << i))
			sb_printf(out, "%s\"%s\"", n++ ? "," : "", prefs[i]);
	sb_printf(out, "],\"network_selection\":\"%s\",\"bands\":",
		  m->manual_plmn ? "manual" : "automatic");
	sim_bands_json(m, out);
	sb_puts(out, ",\"sessions\":[");
	bool first = true;
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++) {
		const struct sim_session *ss = &m->sess[i];
		if (!ss->active)
			continue;
		const struct sim_client *cl = sim_client_get(&s->clients, QMI_SVC_WDS, ss->cid);
		sb_printf(out, "%s{\"cid\":%u,\"ipv\":%u,\"handle\":%u,\"apn\":", first ? "" : ",",
			  ss->cid, ss->family, ss->handle);
		sb_put_json_str(out, ss->apn, strlen(ss->apn));
		sb_printf(out, ",\"mux\":%u}", cl ? cl->mux_id : 0);
		first = false;
	}
	sb_puts(out, "],\"apns\":[");
	first = true;
	for (size_t i = 0; i < SIM_MAX_APNS; i++) {
		const struct sim_apn *a = &m->apns[i];
		if (!a->used)
			continue;
		sb_printf(out, "%s{\"name\":", first ? "" : ",");
		sb_put_json_str(out, a->name, strlen(a->name));
		/* credentials are secrets: only whether they are set */
		sb_printf(out, ",\"credentials\":%s}", a->user[0] || a->pass[0] ? "true" : "false");
		first = false;
	}
	sb_puts(out, "]}");
}
