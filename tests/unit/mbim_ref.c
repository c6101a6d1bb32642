/* libmbim-glib as the independent reference for the MBIM core's tests.
 * Only tests link this; cellink itself never uses GLib. */
#include <stdio.h>
#include <string.h>

#include "mbim_ref.h"
#include "mbim_ref_glib.h"

int ref_open(uint32_t txn, uint32_t max, uint8_t *out, size_t cap)
{
	return ref_take(mbim_message_open_new(txn, max), NULL, txn, out, cap);
}

int ref_close(uint32_t txn, uint8_t *out, size_t cap)
{
	return ref_take(mbim_message_close_new(txn), NULL, txn, out, cap);
}

int ref_query(const char *cid, uint32_t txn, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimMessage *m = NULL;
	if (!strcmp(cid, "device-caps")) m = mbim_message_device_caps_query_new(&e);
	else if (!strcmp(cid, "subscriber-ready-status")) m = mbim_message_subscriber_ready_status_query_new(&e);
	else if (!strcmp(cid, "radio-state")) m = mbim_message_radio_state_query_new(&e);
	else if (!strcmp(cid, "pin")) m = mbim_message_pin_query_new(&e);
	else if (!strcmp(cid, "pin-list")) m = mbim_message_pin_list_query_new(&e);
	else if (!strcmp(cid, "home-provider")) m = mbim_message_home_provider_query_new(&e);
	else if (!strcmp(cid, "register-state")) m = mbim_message_register_state_query_new(&e);
	else if (!strcmp(cid, "packet-service")) m = mbim_message_packet_service_query_new(&e);
	else if (!strcmp(cid, "signal-state")) m = mbim_message_signal_state_query_new(&e);
	else if (!strcmp(cid, "provisioned-contexts")) m = mbim_message_provisioned_contexts_query_new(&e);
	else if (!strcmp(cid, "network-idle-hint")) m = mbim_message_network_idle_hint_query_new(&e);
	return ref_take(m, e, txn, out, cap);
}

int ref_radio_state_set(uint32_t txn, uint32_t on, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_radio_state_set_new(on, &e), e, txn, out, cap);
}

int ref_pin_set(uint32_t txn, uint32_t type, uint32_t op, const char *pin, const char *new_pin,
		uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_pin_set_new(type, op, pin, new_pin, &e), e, txn, out, cap);
}

int ref_register_state_set(uint32_t txn, const char *provider, uint32_t action, uint32_t data_class,
			   uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_register_state_set_new(provider, action, data_class, &e), e, txn, out, cap);
}

int ref_packet_service_set(uint32_t txn, uint32_t action, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_packet_service_set_new(action, &e), e, txn, out, cap);
}

int ref_signal_state_set(uint32_t txn, uint32_t interval, uint32_t rssi_th, uint32_t err_th,
			 uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_signal_state_set_new(interval, rssi_th, err_th, &e), e, txn, out, cap);
}

int ref_connect_set(uint32_t txn, uint32_t session, uint32_t cmd, const char *apn, const char *user,
		    const char *password, uint32_t auth, uint32_t ip_type, const uint8_t ctx[16],
		    uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimUuid u;
	memcpy(u.a, ctx, 4);
	memcpy(u.b, ctx + 4, 2);
	memcpy(u.c, ctx + 6, 2);
	memcpy(u.d, ctx + 8, 2);
	memcpy(u.e, ctx + 10, 6);
	return ref_take(mbim_message_connect_set_new(session, cmd, apn, user, password, MBIM_COMPRESSION_NONE,
						 auth, ip_type, &u, &e), e, txn, out, cap);
}

int ref_connect_query(uint32_t txn, uint32_t session, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_connect_query_new(session, MBIM_ACTIVATION_STATE_UNKNOWN,
						   MBIM_VOICE_CALL_STATE_NONE, MBIM_CONTEXT_IP_TYPE_DEFAULT,
						   mbim_uuid_from_context_type(MBIM_CONTEXT_TYPE_NONE), 0, &e),
		    e, txn, out, cap);
}

int ref_ip_configuration_query(uint32_t txn, uint32_t session, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_ip_configuration_query_new(session, MBIM_IP_CONFIGURATION_AVAILABLE_FLAG_NONE,
							    MBIM_IP_CONFIGURATION_AVAILABLE_FLAG_NONE, 0, NULL, 0,
							    NULL, NULL, NULL, 0, NULL, 0, NULL, 0, 0, &e),
		    e, txn, out, cap);
}

int ref_provisioned_contexts_set(uint32_t txn, uint32_t id, const uint8_t ctx[16], const char *apn,
				 const char *user, const char *password, uint32_t auth,
				 const char *provider, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimUuid u;
	memcpy(&u, ctx, 16);
	return ref_take(mbim_message_provisioned_contexts_set_new(id, &u, apn, user, password,
							      MBIM_COMPRESSION_NONE, auth, provider, &e),
		    e, txn, out, cap);
}

int ref_network_idle_hint_set(uint32_t txn, uint32_t state, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_network_idle_hint_set_new(state, &e), e, txn, out, cap);
}

int ref_subscribe_set(uint32_t txn, const uint8_t a[16], const uint32_t *ca, uint32_t na,
		      const uint8_t b[16], uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimEventEntry ea, eb;
	memcpy(&ea.device_service_id, a, 16);
	ea.cids_count = na;
	ea.cids = (guint32 *)ca;
	memcpy(&eb.device_service_id, b, 16);
	eb.cids_count = 0;
	eb.cids = NULL;
	const MbimEventEntry *list[] = { &ea, &eb, NULL };
	return ref_take(mbim_message_device_service_subscribe_list_set_new(2, list, &e), e, txn, out, cap);
}

int ref_qmi_set(uint32_t txn, const uint8_t *qmux, size_t n, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_qmi_msg_set_new((guint32)n, qmux, &e), e, txn, out, cap);
}

/* ---- parsers ---- */

static MbimMessage *wrap(const uint8_t *msg, size_t n)
{
	return mbim_message_new(msg, (guint32)n);
}

static void cp(char *dst, size_t cap, gchar *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
	g_free(s);
}

int ref_parse_caps(const uint8_t *msg, size_t n, struct ref_caps *o)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	gchar *a = NULL, *b = NULL, *c = NULL, *d = NULL;
	MbimDeviceType dt;
	MbimCellularClass cc;
	MbimVoiceClass vc;
	MbimSimClass sc;
	MbimDataClass dc;
	MbimSmsCaps sm;
	MbimCtrlCaps ct;
	gboolean ok = mbim_message_device_caps_response_parse(m, &dt, &cc, &vc, &sc, &dc, &sm, &ct,
							      &o->max_sessions, &a, &b, &c, &d, &e);
	if (ok) {
		o->device_type = dt, o->cellular_class = cc, o->voice_class = vc, o->sim_class = sc;
		o->data_class = dc, o->sms_caps = sm, o->control_caps = ct;
		cp(o->custom, sizeof(o->custom), a);
		cp(o->device_id, sizeof(o->device_id), b);
		cp(o->firmware, sizeof(o->firmware), c);
		cp(o->hardware, sizeof(o->hardware), d);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_subscriber(const uint8_t *msg, size_t n, struct ref_subscriber *o)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	gchar *a = NULL, *b = NULL, **nums = NULL;
	MbimSubscriberReadyState rs;
	MbimReadyInfoFlag ri;
	gboolean ok = mbim_message_subscriber_ready_status_response_parse(m, &rs, &a, &b, &ri,
									  &o->n_numbers, &nums, &e);
	if (ok) {
		o->ready_state = rs, o->ready_info = ri;
		cp(o->subscriber_id, sizeof(o->subscriber_id), a);
		cp(o->iccid, sizeof(o->iccid), b);
		for (uint32_t i = 0; nums && nums[i] && i < 4; i++)
			snprintf(o->numbers[i], sizeof(o->numbers[i]), "%s", nums[i]);
		g_strfreev(nums);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_register(const uint8_t *msg, size_t n, struct ref_register *o)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	gchar *a = NULL, *b = NULL, *c = NULL;
	MbimNwError nw;
	MbimRegisterState st;
	MbimRegisterMode mo;
	MbimDataClass dc;
	MbimCellularClass cc;
	MbimRegistrationFlag fl;
	gboolean ok = mbim_message_register_state_response_parse(m, &nw, &st, &mo, &dc, &cc, &a, &b, &c, &fl, &e);
	if (ok) {
		o->nw_error = nw, o->state = st, o->mode = mo, o->available = dc, o->cellular = cc, o->flag = fl;
		cp(o->provider_id, sizeof(o->provider_id), a);
		cp(o->provider_name, sizeof(o->provider_name), b);
		cp(o->roaming, sizeof(o->roaming), c);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_connect(const uint8_t *msg, size_t n, struct ref_connect *o)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimActivationState as;
	MbimVoiceCallState vs;
	MbimContextIpType it;
	const MbimUuid *u = NULL;
	gboolean ok = mbim_message_connect_response_parse(m, &o->session, &as, &vs, &it, &u, &o->nw_error, &e);
	if (ok) {
		o->activation = as, o->voice = vs, o->ip_type = it;
		memcpy(o->ctx, u, 16);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_ipconf(const uint8_t *msg, size_t n, struct ref_ipconf *o)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimIPConfigurationAvailableFlag f4, f6;
	MbimIPv4ElementArray *a4 = NULL;
	MbimIPv6ElementArray *a6 = NULL;
	const MbimIPv4 *g4 = NULL;
	const MbimIPv6 *g6 = NULL;
	MbimIPv4 *d4 = NULL;
	MbimIPv6 *d6 = NULL;
	gboolean ok = mbim_message_ip_configuration_response_parse(m, &o->session, &f4, &f6, &o->n_v4, &a4,
								   &o->n_v6, &a6, &g4, &g6, &o->n_dns4, &d4,
								   &o->n_dns6, &d6, &o->mtu4, &o->mtu6, &e);
	if (ok) {
		o->v4avail = f4, o->v6avail = f6;
		for (uint32_t i = 0; i < o->n_v4 && i < 4; i++) {
			o->v4_prefix[i] = a4[i]->on_link_prefix_length;
			memcpy(o->v4[i], &a4[i]->ipv4_address, 4);
		}
		for (uint32_t i = 0; i < o->n_v6 && i < 4; i++) {
			o->v6_prefix[i] = a6[i]->on_link_prefix_length;
			memcpy(o->v6[i], &a6[i]->ipv6_address, 16);
		}
		if ((o->has_gw4 = g4 != NULL))
			memcpy(o->gw4, g4, 4);
		if ((o->has_gw6 = g6 != NULL))
			memcpy(o->gw6, g6, 16);
		for (uint32_t i = 0; i < o->n_dns4 && i < 4; i++)
			memcpy(o->dns4[i], &d4[i], 4);
		for (uint32_t i = 0; i < o->n_dns6 && i < 4; i++)
			memcpy(o->dns6[i], &d6[i], 16);
		mbim_ipv4_element_array_free(a4);
		mbim_ipv6_element_array_free(a6);
		g_free(d4);
		g_free(d6);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_contexts(const uint8_t *msg, size_t n, struct ref_context *o, uint32_t *count, uint32_t cap)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimProvisionedContextElementArray *a = NULL;
	gboolean ok = mbim_message_provisioned_contexts_response_parse(m, count, &a, &e);
	if (ok) {
		for (uint32_t i = 0; i < *count && i < cap; i++) {
			o[i].id = a[i]->context_id;
			memcpy(o[i].ctx, &a[i]->context_type, 16);
			snprintf(o[i].apn, sizeof(o[i].apn), "%s", a[i]->access_string ? a[i]->access_string : "");
			snprintf(o[i].user, sizeof(o[i].user), "%s", a[i]->user_name ? a[i]->user_name : "");
			snprintf(o[i].password, sizeof(o[i].password), "%s", a[i]->password ? a[i]->password : "");
			o[i].compression = a[i]->compression;
			o[i].auth = a[i]->auth_protocol;
		}
		mbim_provisioned_context_element_array_free(a);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_pin_list(const uint8_t *msg, size_t n, uint32_t out[10][4])
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimPinDesc *p[10] = { 0 };
	gboolean ok = mbim_message_pin_list_response_parse(m, &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6],
							   &p[7], &p[8], &p[9], &e);
	for (int i = 0; ok && i < 10; i++) {
		out[i][0] = p[i]->pin_mode, out[i][1] = p[i]->pin_format;
		out[i][2] = p[i]->pin_length_min, out[i][3] = p[i]->pin_length_max;
		mbim_pin_desc_free(p[i]);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_signal(const uint8_t *msg, size_t n, int notification, uint32_t o[5])
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	gboolean ok = notification
		? mbim_message_signal_state_notification_parse(m, &o[0], &o[1], &o[2], &o[3], &o[4], &e)
		: mbim_message_signal_state_response_parse(m, &o[0], &o[1], &o[2], &o[3], &o[4], &e);
	return ref_parsed(m, ok, e);
}

int ref_parse_packet_service(const uint8_t *msg, size_t n, uint32_t o[3], uint64_t speeds[2])
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimPacketServiceState st;
	MbimDataClass dc;
	gboolean ok = mbim_message_packet_service_response_parse(m, &o[0], &st, &dc, &speeds[0], &speeds[1], &e);
	if (ok)
		o[1] = st, o[2] = dc;
	return ref_parsed(m, ok, e);
}

int ref_parse_pin(const uint8_t *msg, size_t n, uint32_t o[3])
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimPinType t;
	MbimPinState s;
	gboolean ok = mbim_message_pin_response_parse(m, &t, &s, &o[2], &e);
	if (ok)
		o[0] = t, o[1] = s;
	return ref_parsed(m, ok, e);
}

int ref_parse_radio(const uint8_t *msg, size_t n, uint32_t o[2])
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimRadioSwitchState hw, sw;
	gboolean ok = mbim_message_radio_state_response_parse(m, &hw, &sw, &e);
	if (ok)
		o[0] = hw, o[1] = sw;
	return ref_parsed(m, ok, e);
}

int ref_parse_home_provider(const uint8_t *msg, size_t n, char id[32], char name[64], uint32_t o[4])
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	MbimProvider *p = NULL;
	gboolean ok = mbim_message_home_provider_response_parse(m, &p, &e);
	if (ok) {
		snprintf(id, 32, "%s", p->provider_id ? p->provider_id : "");
		snprintf(name, 64, "%s", p->provider_name ? p->provider_name : "");
		o[0] = p->provider_state, o[1] = p->cellular_class, o[2] = p->rssi, o[3] = p->error_rate;
		mbim_provider_free(p);
	}
	return ref_parsed(m, ok, e);
}

int ref_parse_qmi(const uint8_t *msg, size_t n, uint8_t *out, size_t cap)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	guint32 len = 0;
	const guint8 *q = NULL;
	gboolean ok = mbim_message_qmi_msg_response_parse(m, &len, &q, &e);
	int r = -1;
	if (ok && len <= cap) {
		memcpy(out, q, len);
		r = (int)len;
	}
	return ref_parsed(m, ok, e) ? -1 : r;
}

int ref_query_device_services(uint32_t txn, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimMessage *m = mbim_message_device_services_query_new(&e);
	if (!m) {
		fprintf(stderr, "libmbim: %s\n", e ? e->message : "?");
		g_clear_error(&e);
		return -1;
	}
	mbim_message_set_transaction_id(m, txn);
	guint32 len = 0;
	const guint8 *raw = mbim_message_get_raw(m, &len, NULL);
	int r = -1;
	if (raw && len <= cap) {
		memcpy(out, raw, len);
		r = (int)len;
	}
	mbim_message_unref(m);
	return r;
}

int ref_parse_device_services(const uint8_t *msg, size_t n, struct ref_device_services *o)
{
	MbimMessage *m = wrap(msg, n);
	GError *e = NULL;
	guint32 count = 0, max_dss = 0;
	MbimDeviceServiceElementArray *ds = NULL;
	gboolean ok = mbim_message_device_services_response_parse(m, &count, &max_dss, &ds, &e);
	memset(o, 0, sizeof(*o));
	if (ok) {
		o->count = count;
		o->max_dss_sessions = max_dss;
		for (guint32 i = 0; i < count && i < 8; i++) {
			memcpy(o->uuid[i], ds[i]->device_service_id.a, 4);
			memcpy(o->uuid[i] + 4, ds[i]->device_service_id.b, 2);
			memcpy(o->uuid[i] + 6, ds[i]->device_service_id.c, 2);
			memcpy(o->uuid[i] + 8, ds[i]->device_service_id.d, 2);
			memcpy(o->uuid[i] + 10, ds[i]->device_service_id.e, 6);
			o->n_cids[i] = ds[i]->cids_count;
			for (guint32 k = 0; k < ds[i]->cids_count && k < 16; k++)
				o->cids[i][k] = ds[i]->cids[k];
		}
		mbim_device_service_element_array_free(ds);
	}
	return ref_parsed(m, ok, e);
}
