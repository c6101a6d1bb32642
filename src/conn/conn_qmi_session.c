/* The adapter's data sessions: start (one WDS client per family),
 * current settings, liveness, stop, and the session-state indication. */
#include "conn/conn_qmi_int.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "qmi/ids.h"
#include "qmi/wds_reasons.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- data sessions ---- */

static void end_reason_text(const struct qmi_msg *r, struct conn_session *ss)
{
	char reason[64] = "", vtype[16] = "";
	uint64_t code = 0;
	int64_t vr = 0;
	/* the start-network answer or the packet-service-status indication */
	bool ind = r->kind == QMI_INDICATION;
	struct qmi_fh h_code = ind ? QMIF_WDS_PACKET_SERVICE_STATUS_IN_CALL_END_REASON
				   : QMIF_WDS_START_NETWORK_RS_CALL_END_REASON;
	struct qmi_fh h_type = ind ? QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_TYPE
				   : QMIF_WDS_START_NETWORK_RS_VERBOSE_CALL_END_REASON_TYPE;
	struct qmi_fh h_reason = ind ? QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_REASON
				     : QMIF_WDS_START_NETWORK_RS_VERBOSE_CALL_END_REASON_REASON;
	if (qmi_fget_uint(r, h_code, &code) == 0)
		cq_val_text(r, h_code, reason, sizeof(reason));
	ss->end_reason = (uint16_t)code;
	int n = snprintf(ss->end_text, sizeof(ss->end_text), "%s", reason[0] ? reason : "no reason given");
	uint64_t vt = 0;
	if (qmi_fget_int(r, h_reason, &vr) == 0 && qmi_fget_uint(r, h_type, &vt) == 0) {
		cq_val_text(r, h_type, vtype, sizeof(vtype));
		/* named from the one table of reasons (qmi/wds_reasons.h) */
		const char *cn = qmi_wds_verbose_reason_name((uint16_t)vt, (int16_t)vr);
		if (n > 0 && (size_t)n < sizeof(ss->end_text))
			snprintf(ss->end_text + n, sizeof(ss->end_text) - (size_t)n, " (%s %s%s%lld%s)", vtype,
				 cn ? cn : "", cn ? " " : "", (long long)vr, "");
	}
}

static int h_start(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_session *ss = &a->conn->st.sess[s->idx];
	if (err) {
		ss->up = false;
		if (r && err == CL_E_QMI)
			end_reason_text(r, ss);
		else
			snprintf(ss->end_text, sizeof(ss->end_text), "%s", cl_strerror(err));
		return 0;       /* judged once both families answered */
	}
	uint64_t h = 0;
	int gr = qmi_fget_uint(r, QMIF_WDS_START_NETWORK_RS_PACKET_DATA_HANDLE, &h);
	if (gr < 0) {
		/* mandatory: without it the session cannot be stopped */
		ss->up = false;
		snprintf(ss->end_text, sizeof(ss->end_text), "the answer has no packet data handle (%.60s)",
			 r->errtext);
		return 0;
	}
	ss->handle = (uint32_t)h;
	ss->up = true;
	ss->end_text[0] = 0;
	return 0;
}

static void start_judge(struct conn_qmi *a)
{
	struct conn_status *st = &a->conn->st;
	int up = 0, wanted = 0;
	for (int i = 0; i < 2; i++) {
		wanted += st->sess[i].wanted;
		up += st->sess[i].wanted && st->sess[i].up;
	}
	if (!up && wanted) {
		int i = st->sess[0].wanted ? 0 : 1;
		cq_set_err(a, CL_E_QMI, CONN_EXIT_CALL_REJECTED, "call-end reason %s",
			st->sess[i].end_text);
	}
	cq_finish(a);
}

static void start_sessions(struct conn_qmi *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	for (int i = 0; i < 2; i++) {
		struct conn_session *ss = &a->conn->st.sess[i];
		if (!ss->wanted)
			continue;
		ss->up = false;
		cq_init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_START_NETWORK);
		/* the IPv6 session may have an APN and profile of its own */
		const char *apn = i && cfg->apn_v6 && cfg->apn_v6[0] ? cfg->apn_v6 : cfg->apn;
		uint8_t profile = i && cfg->profile_index_v6 ? cfg->profile_index_v6 : cfg->profile_index;
		if (apn)
			cq_set_str(a, QMIF_WDS_START_NETWORK_RQ_APN, apn);
		if (cfg->auth != CONN_AUTH_NONE || cfg->username)
			cq_set_uint(a, QMIF_WDS_START_NETWORK_RQ_AUTHENTICATION_PREFERENCE, (uint64_t)cfg->auth);
		if (cfg->username)
			cq_set_str(a, QMIF_WDS_START_NETWORK_RQ_USERNAME, cfg->username);
		if (cfg->password)
			cq_set_str(a, QMIF_WDS_START_NETWORK_RQ_PASSWORD, cfg->password);
		cq_set_uint(a, QMIF_WDS_START_NETWORK_RQ_IP_FAMILY_PREFERENCE, i ? 6 : 4);
		if (profile)
			cq_set_uint(a, QMIF_WDS_START_NETWORK_RQ_PROFILE_INDEX_3GPP, profile);
		cq_send(a, i, h_start);
		explicit_bzero(a->msg.bytes, sizeof(a->msg.bytes));     /* no password left behind */
	}
	a->next = NULL;
	if (!a->outstanding)
		start_judge(a);
	else
		a->next = start_judge;
}

static int h_family(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	return 0;       /* older firmware lacks set-ip-family: the start request carries it too */
}

static int h_bind_mux(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		char what[96];
		snprintf(what, sizeof what, "WDS bind-mux-data-port (QMAP mux id %u)", a->conn->cfg->mux_id);
		cq_describe_failure(a, err, r, what);
		return err;
	}
	return 0;
}

int cq_op_start(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	/* QMAP: each session's client carries its packets on the mux id */
	for (int i = 0; i < 2 && c->cfg->mux_id; i++) {
		if (!c->st.sess[i].wanted)
			continue;
		cq_init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_BIND_MUX_DATA_PORT);
		cq_set_text(a, QMIF_WDS_BIND_MUX_DATA_PORT_RQ_ENDPOINT_INFO_ENDPOINT_TYPE, "hsusb");
		cq_set_uint(a, QMIF_WDS_BIND_MUX_DATA_PORT_RQ_ENDPOINT_INFO_INTERFACE_NUMBER,
			    c->cfg->mux_usb_iface);
		cq_set_uint(a, QMIF_WDS_BIND_MUX_DATA_PORT_RQ_MUX_ID, c->cfg->mux_id);
		cq_send(a, i, h_bind_mux);
	}
	/* each session's client says which family it speaks, so its
	 * indications and settings are that family's */
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].wanted)
			continue;
		cq_init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_SET_IP_FAMILY);
		cq_set_uint(a, QMIF_WDS_SET_IP_FAMILY_RQ_PREFERENCE, i ? 6 : 4);
		cq_send(a, i, h_family);
	}
	a->next = start_sessions;
	cq_step_done(a);
	return 0;
}

/* start_judge is reached through next only when every answer is in */

static uint8_t mask_prefix(const char *mask)
{
	unsigned b[4];
	if (sscanf(mask, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]) != 4)
		return 32;
	uint32_t m = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	uint8_t n = 0;
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

static int h_settings(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_ip *ip = &a->conn->st.sess[s->idx].ip;
	memset(ip, 0, sizeof(*ip));
	if (err) {
		cq_describe_failure(a, err, r, "WDS get-current-settings");
		return err;
	}
	uint64_t mtu = 0;
	if (qmi_fget_uint(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_MTU, &mtu) < 0)
		mtu = 0;        /* optional: the link keeps its own */
	ip->mtu = (uint32_t)mtu;
	if (s->idx == 0) {
		char mask[48];
		ip->family = 4;
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_ADDRESS, ip->addr, sizeof(ip->addr));
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_ADDRESS, ip->gateway, sizeof(ip->gateway));
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_SUBNET_MASK, mask, sizeof(mask));
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_PRIMARY_IPV4_DNS_ADDRESS, ip->dns[0], sizeof(ip->dns[0]));
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_SECONDARY_IPV4_DNS_ADDRESS, ip->dns[1], sizeof(ip->dns[1]));
		ip->prefix = mask[0] ? mask_prefix(mask) : 32;
	} else {
		uint64_t plen = 64;
		ip->family = 6;
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_ADDRESS_ADDRESS, ip->addr, sizeof(ip->addr));
		if (qmi_fget_uint(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_ADDRESS_PREFIX_LENGTH, &plen) < 0)
			plen = 64;
		ip->prefix = (uint8_t)plen;
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_GATEWAY_ADDRESS_ADDRESS, ip->gateway, sizeof(ip->gateway));
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_PRIMARY_DNS_ADDRESS, ip->dns[0], sizeof(ip->dns[0]));
		cq_val_text(r, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_SECONDARY_DNS_ADDRESS, ip->dns[1], sizeof(ip->dns[1]));
	}
	ip->valid = ip->addr[0] != 0;
	if (!ip->valid)
		cq_set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR,
			"the modem gave no IPv%d address for the session", ip->family);
	return ip->valid ? 0 : CL_E_PROTOCOL;
}

int cq_op_settings(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].up)
			continue;
		cq_init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_GET_CURRENT_SETTINGS);
		/* dns, ip-address, gateway-info, mtu, ip-family */
		cq_set_uint(a, QMIF_WDS_GET_CURRENT_SETTINGS_RQ_REQUESTED_SETTINGS,
			    1u << 4 | 1u << 8 | 1u << 9 | 1u << 13 | 1u << 15);
		cq_send(a, i, h_settings);
	}
	cq_step_done(a);
	return 0;
}

/* ---- liveness ---- */

static int h_pss(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		cq_describe_failure(a, err, r, "WDS get-packet-service-status");
		return err;
	}
	uint64_t v = 0;
	if (qmi_fget_uint(r, QMIF_WDS_GET_PACKET_SERVICE_STATUS_RS_CONNECTION_STATUS, &v) < 0)
		v = 0;          /* mandatory; missing, the session is not known to be up */
	if (v != 2)
		a->conn->st.sessions_connected = false;
	return 0;
}

static int h_stats(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err)
		return 0;       /* counters are a bonus; the session state decides */
	uint64_t tx = 0, rx = 0;
	if (qmi_fget_uint(r, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_OK, &tx) < 0)
		tx = 0;
	if (qmi_fget_uint(r, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_OK, &rx) < 0)
		rx = 0;
	struct conn_status *st = &a->conn->st;
	st->tx_packets += tx;
	st->rx_packets += rx;
	st->modem_acc.tx_packets += tx;
	st->modem_acc.rx_packets += rx;
	if (qmi_fget_uint(r, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_BYTES_OK, &tx) == 0) {
		st->tx_bytes += tx;
		st->modem_acc.tx_bytes += tx;
	}
	if (qmi_fget_uint(r, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_BYTES_OK, &rx) == 0) {
		st->rx_bytes += rx;
		st->modem_acc.rx_bytes += rx;
	}
	st->modem_acc_ok = true;
	return 0;
}

int cq_op_liveness(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	c->st.sessions_connected = true;
	c->st.tx_packets = c->st.rx_packets = 0;
	c->st.tx_bytes = c->st.rx_bytes = 0;
	memset(&c->st.modem_acc, 0, sizeof(c->st.modem_acc));
	c->st.modem_acc_ok = false;
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].up)
			continue;
		cq_init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_GET_PACKET_SERVICE_STATUS);
		cq_send(a, i, h_pss);
		cq_init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_GET_PACKET_STATISTICS);
		/* tx/rx packets ok (bits 0, 1), tx/rx bytes ok (bits 6, 7) */
		cq_set_uint(a, QMIF_WDS_GET_PACKET_STATISTICS_RQ_MASK, 0xc3);
		cq_send(a, i, h_stats);
	}
	cq_step_done(a);
	return 0;
}

void cq_on_pss_ind(struct qmi_client *cl, void *ud, const struct qmi_msg *m)
{
	struct conn_qmi *a = ud;
	struct conn *c = a->conn;
	for (int i = 0; i < 2; i++) {
		if (m->client != a->cid_wds[i] || !c->st.sess[i].up)
			continue;
		uint64_t v = 0;
		if (qmi_fget_uint(m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, &v) || v != 1)
			continue;
		c->st.sess[i].up = false;
		end_reason_text(m, &c->st.sess[i]);
		if (c->state == CONN_S_CONNECTED || c->state == CONN_S_CHECKING) {
			snprintf(c->why, sizeof(c->why), "the network ended the ipv%d session: %s", i ? 6 : 4,
				 c->st.sess[i].end_text);
			conn_post(c, CONN_EV_DROP);
		}
	}
}

/* ---- stop, close ---- */

static int h_stop(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	a->conn->st.sess[s->idx].up = false;
	return 0;       /* a session the modem already dropped is as good as stopped */
}

int cq_op_stop(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	if (!a->cl->open || a->cl->tr.st.gone) {
		for (int i = 0; i < 2; i++)
			c->st.sess[i].up = false;
		cq_kick(a, cq_finish);
		return 0;
	}
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].up)
			continue;
		/* each session is stopped on the client that started it */
		cq_init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_STOP_NETWORK);
		cq_set_uint(a, QMIF_WDS_STOP_NETWORK_RQ_PACKET_DATA_HANDLE, c->st.sess[i].handle);
		cq_send(a, i, h_stop);
	}
	cq_step_done(a);
	return 0;
}
