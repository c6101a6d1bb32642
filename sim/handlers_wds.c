/* WDS: data sessions, their settings and counters. */
#include <stdio.h>
#include <string.h>

#include "qmi/ids.h"
#include "sim/sim.h"

static int fail_call(struct sim_call *c, const char *reason)
{
	c->rsp->status = 1;
	c->rsp->error = QMI_ERR_CALL_FAILED;
	sim_end_reason_fill(c->s, c->rsp, reason);
	sim_log(c->s, "wds: start-network refused: %s", reason);
	return 0;
}

static struct sim_session *free_session(struct sim_modem *m)
{
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++)
		if (!m->sess[i].active)
			return &m->sess[i];
	return NULL;
}

static int start_network(struct sim_call *c)
{
	struct sim *s = c->s;
	struct sim_modem *m = &s->m;
	char apn[64] = "", user[64] = "", pass[64] = "";
	uint64_t family = c->cl->ip_family, auth = 0;

	if (sim_session_of(m, c->cl->cid))
		return QMI_ERR_NO_EFFECT;
	if (!sim_modem_registered(m))
		return fail_call(c, "no-service");
	rq_str(c, QMIF_WDS_START_NETWORK_RQ_APN, apn, sizeof(apn));
	rq_str(c, QMIF_WDS_START_NETWORK_RQ_USERNAME, user, sizeof(user));
	rq_str(c, QMIF_WDS_START_NETWORK_RQ_PASSWORD, pass, sizeof(pass));
	rq_uint(c, QMIF_WDS_START_NETWORK_RQ_AUTHENTICATION_PREFERENCE, &auth);
	rq_uint(c, QMIF_WDS_START_NETWORK_RQ_IP_FAMILY_PREFERENCE, &family);
	uint64_t profile = 0;
	const struct sim_pdp_profile *prof = NULL;
	if (!apn[0] && rq_uint(c, QMIF_WDS_START_NETWORK_RQ_PROFILE_INDEX_3GPP, &profile)) {
		/* the profile's settings where the request has none */
		if (!(prof = sim_pdp_profile_find(s, (unsigned)profile)))
			return fail_call(c, "unknown-apn");
		snprintf(apn, sizeof(apn), "%s", prof->apn);
		if (!user[0] && !pass[0]) {
			snprintf(user, sizeof(user), "%s", prof->user);
			snprintf(pass, sizeof(pass), "%s", prof->pass);
			if (!auth)
				auth = prof->auth;
		}
	}
	if (family != 4 && family != 6)
		family = 4;             /* unspecified: IPv4, as modems do */
	struct sim_apn *a = NULL;
	if (apn[0]) {
		a = sim_apn_find(m, apn);
	} else {
		for (size_t i = 0; i < SIM_MAX_APNS && !a; i++)
			if (m->apns[i].used)
				a = &m->apns[i];
	}
	if (!a)
		return fail_call(c, "unknown-apn");
	if (a->user[0] || a->pass[0]) {
		bool auth_ok = a->auth == 0 || (auth & a->auth);
		if (!auth_ok || strcmp(user, a->user) || strcmp(pass, a->pass))
			return fail_call(c, "authentication-failed");
	}
	if (!(a->families & (family == 4 ? 1u : 2u)))
		return fail_call(c, family == 4 ? "ipv6-only-allowed" : "ipv4-only-allowed");
	struct sim_session *ss = free_session(m);
	if (!ss)
		return fail_call(c, "insufficient-resources");
	memset(ss, 0, sizeof(*ss));
	ss->active = true;
	ss->cid = c->cl->cid;
	ss->family = (uint8_t)family;
	ss->handle = m->next_handle++;
	ss->started_ms = ev_loop_now(&s->loop);
	snprintf(ss->apn, sizeof(ss->apn), "%s", a->name);
	sim_counters_session_start(s, ss);
	rs_uint(c, QMIF_WDS_START_NETWORK_RS_PACKET_DATA_HANDLE, ss->handle);
	sim_log(s, "wds: session up on client %u: IPv%u, APN %s", ss->cid, ss->family, ss->apn);
	sim_forwarding_refresh(s);
	sim_session_notify(s, ss, true, NULL);
	return 0;
}

static int stop_network(struct sim_call *c)
{
	uint64_t handle;
	if (!rq_uint(c, QMIF_WDS_STOP_NETWORK_RQ_PACKET_DATA_HANDLE, &handle))
		return QMI_ERR_MISSING_ARGUMENT;
	struct sim_session *ss = sim_session_of(&c->s->m, c->cl->cid);
	if (!ss)
		return QMI_ERR_NO_EFFECT;
	if (ss->handle != (uint32_t)handle)
		return QMI_ERR_INVALID_HANDLE;
	sim_session_end(c->s, c->cl->cid, "client-end");
	return 0;
}

static int get_packet_service_status(struct sim_call *c)
{
	rs_uint(c, QMIF_WDS_GET_PACKET_SERVICE_STATUS_RS_CONNECTION_STATUS, sim_session_of(&c->s->m, c->cl->cid) ? 2 : 1);
	return 0;
}

static int get_current_settings(struct sim_call *c)
{
	const struct sim_session *ss = sim_session_of(&c->s->m, c->cl->cid);
	struct sim_net mux_net;
	sim_mux_net(&c->s->m.net, c->cl->mux_id, &mux_net);
	const struct sim_net *n = &mux_net;
	if (!ss)
		return QMI_ERR_OUT_OF_CALL;
	rs_str(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_APN_NAME, ss->apn);
	rs_uint(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_PDP_TYPE, ss->family == 4 ? 0 : 2);
	rs_uint(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IP_FAMILY, ss->family);
	rs_uint(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_MTU, n->mtu);
	if (ss->family == 4) {
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_ADDRESS, n->v4_addr);
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_ADDRESS, n->v4_gw);
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_SUBNET_MASK, n->v4_mask);
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_PRIMARY_IPV4_DNS_ADDRESS, n->v4_dns1);
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_SECONDARY_IPV4_DNS_ADDRESS, n->v4_dns2);
	} else {
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_ADDRESS_ADDRESS, n->v6_addr);
		rs_uint(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_ADDRESS_PREFIX_LENGTH, n->v6_prefix);
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_GATEWAY_ADDRESS_ADDRESS, n->v6_gw);
		rs_uint(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_GATEWAY_ADDRESS_PREFIX_LENGTH, n->v6_prefix);
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_PRIMARY_DNS_ADDRESS, n->v6_dns1);
		rs_text(c, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_SECONDARY_DNS_ADDRESS, n->v6_dns2);
	}
	return 0;
}


static int set_event_report(struct sim_call *c)
{
	uint64_t on;
	if (rq_uint(c, QMIF_WDS_SET_EVENT_REPORT_RQ_DATA_CALL_STATUS, &on))
		c->cl->ind = on ? c->cl->ind | SIM_IND_PACKET_STATUS : c->cl->ind & ~SIM_IND_PACKET_STATUS;
	return 0;
}

static int set_ip_family(struct sim_call *c)
{
	uint64_t f;
	if (!rq_uint(c, QMIF_WDS_SET_IP_FAMILY_RQ_PREFERENCE, &f))
		return QMI_ERR_MISSING_ARGUMENT;
	if (f != 4 && f != 6 && f != 8)
		return QMI_ERR_INVALID_ARGUMENT;
	c->cl->ip_family = f == 6 ? 6 : 4;
	return 0;
}

static int get_data_bearer_technology(struct sim_call *c)
{
	if (!sim_session_of(&c->s->m, c->cl->cid))
		return QMI_ERR_OUT_OF_CALL;
	rs_int(c, QMIF_WDS_GET_DATA_BEARER_TECHNOLOGY_RS_CURRENT, 0x0a);
	return 0;
}

static int get_current_data_bearer_technology(struct sim_call *c)
{
	rs_uint(c, QMIF_WDS_GET_CURRENT_DATA_BEARER_TECHNOLOGY_RS_CURRENT_NETWORK_TYPE, 2);
	rs_uint(c, QMIF_WDS_GET_CURRENT_DATA_BEARER_TECHNOLOGY_RS_CURRENT_RAT_MASK, 0x20);   /* 3GPP LTE */
	rs_uint(c, QMIF_WDS_GET_CURRENT_DATA_BEARER_TECHNOLOGY_RS_CURRENT_SO_MASK, 0);
	return 0;
}

static int get_autoconnect_settings(struct sim_call *c)
{
	rs_uint(c, QMIF_WDS_GET_AUTOCONNECT_SETTINGS_RS_STATUS, 0);
	return 0;
}

/* profiles: wds_profiles.c */

static int ok(struct sim_call *c)
{
	return 0;
}

static int reset_client(struct sim_call *c)
{
	c->cl->ind = 0;
	c->cl->ip_family = 4;
	c->cl->mux_id = 0;
	return 0;
}

/* QMAP: the client's session goes on the mux id's interface, with that
 * mux's addresses. Only while QMAP is the data format; not while the
 * client has a session up. */
static int bind_mux_data_port(struct sim_call *c)
{
	uint64_t mux;
	if (!rq_uint(c, QMIF_WDS_BIND_MUX_DATA_PORT_RQ_MUX_ID, &mux))
		return QMI_ERR_MISSING_ARGUMENT;
	if (mux < 1 || mux > 254)
		return QMI_ERR_INVALID_ARGUMENT;
	if (!c->s->m.qmap)
		return QMI_ERR_INCOMPATIBLE_STATE;
	if (sim_session_of(&c->s->m, c->cl->cid))
		return QMI_ERR_INVALID_OPERATION;
	c->cl->mux_id = (uint8_t)mux;
	sim_log(c->s, "wds: client %u bound to mux id %u", c->cl->cid, c->cl->mux_id);
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_WDS_RESET, reset_client },
	{ QMI_WDS_SET_EVENT_REPORT, set_event_report },
	{ QMI_WDS_ABORT, ok },
	{ QMI_WDS_START_NETWORK, start_network },
	{ QMI_WDS_STOP_NETWORK, stop_network },
	{ QMI_WDS_BIND_MUX_DATA_PORT, bind_mux_data_port },
	{ QMI_WDS_GET_PACKET_SERVICE_STATUS, get_packet_service_status },
	{ QMI_WDS_GET_PACKET_STATISTICS, sim_wds_packet_statistics },
	{ QMI_WDS_GET_PROFILE_LIST, sim_wds_get_profile_list },
	{ QMI_WDS_GET_PROFILE_SETTINGS, sim_wds_get_profile_settings },
	{ QMI_WDS_GET_DEFAULT_SETTINGS, sim_wds_get_default_settings },
	{ QMI_WDS_CREATE_PROFILE, sim_wds_create_profile },
	{ QMI_WDS_MODIFY_PROFILE, sim_wds_modify_profile },
	{ QMI_WDS_DELETE_PROFILE, sim_wds_delete_profile },
	{ QMI_WDS_GET_CURRENT_SETTINGS, get_current_settings },
	{ QMI_WDS_GET_AUTOCONNECT_SETTINGS, get_autoconnect_settings },
	{ QMI_WDS_GET_DATA_BEARER_TECHNOLOGY, get_data_bearer_technology },
	{ QMI_WDS_GET_CURRENT_DATA_BEARER_TECHNOLOGY, get_current_data_bearer_technology },
	{ QMI_WDS_SET_IP_FAMILY, set_ip_family },
	{ QMI_WDS_BIND_DATA_PORT, ok },
	{ QMI_WDS_BIND_MUX_DATA_PORT, ok },
};

const struct sim_handler_table sim_handlers_wds = { QMI_SVC_WDS, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
