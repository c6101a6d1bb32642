/* The MBIM core against libmbim-glib, an independent implementation:
 * requests cellink encodes must be byte for byte what libmbim builds, and
 * responses cellink encodes (as cellink-sim sends them) must read back in
 * libmbim with the same fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mbim/mbim.h"
#include "mbim_ref.h"
#include "mbim_same.h"
#include "qmi/ids.h"
#include "qmi/qmi.h"

#define CAP 4096

static uint8_t ours[CAP], theirs[CAP];

static void test_open_close(void **state)
{
	(void)state;
	int a = mbim_encode_open(ours, CAP, 1, 4096), b = ref_open(1, 4096, theirs, CAP);
	same_bytes("OPEN", ours, a, theirs, b);
	a = mbim_encode_close(ours, CAP, 77), b = ref_close(77, theirs, CAP);
	same_bytes("CLOSE", ours, a, theirs, b);
}

static void test_empty_queries(void **state)
{
	(void)state;
	static const struct { const char *name; uint32_t cid; } q[] = {
		{ "device-caps", MBIM_CID_BASIC_CONNECT_DEVICE_CAPS },
		{ "subscriber-ready-status", MBIM_CID_BASIC_CONNECT_SUBSCRIBER_READY_STATUS },
		{ "radio-state", MBIM_CID_BASIC_CONNECT_RADIO_STATE },
		{ "pin", MBIM_CID_BASIC_CONNECT_PIN },
		{ "pin-list", MBIM_CID_BASIC_CONNECT_PIN_LIST },
		{ "home-provider", MBIM_CID_BASIC_CONNECT_HOME_PROVIDER },
		{ "register-state", MBIM_CID_BASIC_CONNECT_REGISTER_STATE },
		{ "packet-service", MBIM_CID_BASIC_CONNECT_PACKET_SERVICE },
		{ "signal-state", MBIM_CID_BASIC_CONNECT_SIGNAL_STATE },
		{ "provisioned-contexts", MBIM_CID_BASIC_CONNECT_PROVISIONED_CONTEXTS },
		{ "network-idle-hint", MBIM_CID_BASIC_CONNECT_NETWORK_IDLE_HINT },
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		int a = mbim_encode_command(ours, CAP, 100 + (uint32_t)i, MBIM_SERVICE_BASIC_CONNECT, q[i].cid,
					    MBIM_COMMAND_TYPE_QUERY, NULL);
		int b = ref_query(q[i].name, 100 + (uint32_t)i, theirs, CAP);
		same_bytes(q[i].name, ours, a, theirs, b);
		/* and the name is the table's */
		const struct mbim_cid_def *c = mbim_cid_by_name(mbim_service(MBIM_SERVICE_BASIC_CONNECT), q[i].name);
		assert_non_null(c);
		assert_int_equal(c->cid, q[i].cid);
	}
}

static void test_sets(void **state)
{
	(void)state;
	struct mbim_radio_state_set rs = { MBIM_RADIO_SWITCH_ON };
	same_bytes("radio-state set", ours, MBIM_SET(ours, CAP, 3, BASIC_CONNECT, RADIO_STATE, &rs),
		   theirs, ref_radio_state_set(3, 1, theirs, CAP));

	struct mbim_pin_set ps = { MBIM_PIN_TYPE_PIN1, MBIM_PIN_OPERATION_ENTER, "1234", NULL };
	same_bytes("pin enter", ours, MBIM_SET(ours, CAP, 4, BASIC_CONNECT, PIN, &ps),
		   theirs, ref_pin_set(4, MBIM_PIN_TYPE_PIN1, MBIM_PIN_OPERATION_ENTER, "1234", NULL, theirs, CAP));
	struct mbim_pin_set pc = { MBIM_PIN_TYPE_PIN1, MBIM_PIN_OPERATION_CHANGE, "12345", "87654321" };
	same_bytes("pin change", ours, MBIM_SET(ours, CAP, 5, BASIC_CONNECT, PIN, &pc),
		   theirs, ref_pin_set(5, MBIM_PIN_TYPE_PIN1, MBIM_PIN_OPERATION_CHANGE, "12345", "87654321", theirs, CAP));

	struct mbim_register_state_set ra = { NULL, MBIM_REGISTER_ACTION_AUTOMATIC, 0 };
	same_bytes("register-state automatic", ours, MBIM_SET(ours, CAP, 6, BASIC_CONNECT, REGISTER_STATE, &ra),
		   theirs, ref_register_state_set(6, NULL, 0, 0, theirs, CAP));
	struct mbim_register_state_set rm = { "26201", MBIM_REGISTER_ACTION_MANUAL, MBIM_DATA_CLASS_LTE };
	same_bytes("register-state manual", ours, MBIM_SET(ours, CAP, 7, BASIC_CONNECT, REGISTER_STATE, &rm),
		   theirs, ref_register_state_set(7, "26201", 1, MBIM_DATA_CLASS_LTE, theirs, CAP));

	struct mbim_packet_service_set pa = { MBIM_PACKET_SERVICE_ACTION_ATTACH };
	same_bytes("packet-service attach", ours, MBIM_SET(ours, CAP, 8, BASIC_CONNECT, PACKET_SERVICE, &pa),
		   theirs, ref_packet_service_set(8, 0, theirs, CAP));

	struct mbim_signal_state_set ss = { 5, 2, 0xffffffff };
	same_bytes("signal-state set", ours, MBIM_SET(ours, CAP, 9, BASIC_CONNECT, SIGNAL_STATE, &ss),
		   theirs, ref_signal_state_set(9, 5, 2, 0xffffffff, theirs, CAP));

	struct mbim_network_idle_hint nh = { MBIM_NETWORK_IDLE_HINT_STATE_ENABLED };
	same_bytes("network-idle-hint set", ours, MBIM_SET(ours, CAP, 10, BASIC_CONNECT, NETWORK_IDLE_HINT, &nh),
		   theirs, ref_network_idle_hint_set(10, 1, theirs, CAP));
}

static void test_connect(void **state)
{
	(void)state;
	/* every string length modulo 4, so each padding case is compared */
	static const char *apns[] = { "internet", "a", "ab", "abc", "web.vodafone.de", "" };
	for (size_t i = 0; i < sizeof(apns) / sizeof(apns[0]); i++) {
		struct mbim_connect_set c = {
			.session_id = (uint32_t)i, .activation_command = MBIM_ACTIVATION_COMMAND_ACTIVATE,
			.access_string = apns[i], .user_name = "user", .password = "s3cr3t!",
			.compression = MBIM_COMPRESSION_NONE, .auth_protocol = MBIM_AUTH_PROTOCOL_CHAP,
			.ip_type = MBIM_CONTEXT_IP_TYPE_IPV4V6, .context_type = mbim_context_internet,
		};
		int a = MBIM_SET(ours, CAP, 20 + (uint32_t)i, BASIC_CONNECT, CONNECT, &c);
		int b = ref_connect_set(20 + (uint32_t)i, (uint32_t)i, 1, apns[i], "user", "s3cr3t!", 2, 3,
					mbim_context_internet.b, theirs, CAP);
		same_bytes(apns[i], ours, a, theirs, b);
	}
	/* non-ASCII text goes as UTF-16 the same way (an APN with an umlaut) */
	struct mbim_connect_set u = { .activation_command = 1, .access_string = "gr\xc3\xbc\xc3\x9f.de",
				      .auth_protocol = MBIM_AUTH_PROTOCOL_PAP, .ip_type = 1,
				      .context_type = mbim_context_internet };
	same_bytes("utf-8 apn", ours, MBIM_SET(ours, CAP, 30, BASIC_CONNECT, CONNECT, &u), theirs,
		   ref_connect_set(30, 0, 1, "gr\xc3\xbc\xc3\x9f.de", NULL, NULL, 1, 1, mbim_context_internet.b,
				   theirs, CAP));
	/* deactivate */
	struct mbim_connect_set d = { .session_id = 0, .activation_command = MBIM_ACTIVATION_COMMAND_DEACTIVATE,
				      .context_type = mbim_context_internet };
	same_bytes("deactivate", ours, MBIM_SET(ours, CAP, 31, BASIC_CONNECT, CONNECT, &d), theirs,
		   ref_connect_set(31, 0, 0, NULL, NULL, NULL, 0, 0, mbim_context_internet.b, theirs, CAP));
	struct mbim_connect_info q = { .session_id = 3, .context_type = mbim_context_none };
	same_bytes("connect query", ours, MBIM_QUERY(ours, CAP, 32, BASIC_CONNECT, CONNECT, &q), theirs,
		   ref_connect_query(32, 3, theirs, CAP));
	struct mbim_ip_configuration_info ip = { .session_id = 3 };
	same_bytes("ip-configuration query", ours, MBIM_QUERY(ours, CAP, 33, BASIC_CONNECT, IP_CONFIGURATION, &ip),
		   theirs, ref_ip_configuration_query(33, 3, theirs, CAP));
	struct mbim_provisioned_contexts_set pcs = { 1, mbim_context_internet, "apn.example", "bob", "pw", 0,
						     MBIM_AUTH_PROTOCOL_MSCHAPV2, "26202" };
	same_bytes("provisioned-contexts set", ours,
		   MBIM_SET(ours, CAP, 34, BASIC_CONNECT, PROVISIONED_CONTEXTS, &pcs), theirs,
		   ref_provisioned_contexts_set(34, 1, mbim_context_internet.b, "apn.example", "bob", "pw", 3,
						"26202", theirs, CAP));
}

static void test_subscribe_list(void **state)
{
	(void)state;
	const struct mbim_uuid *bc = &mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid;
	const struct mbim_uuid *qm = &mbim_service(MBIM_SERVICE_QMI)->uuid;
	static const uint32_t cids[] = { 2, 9, 10, 11, 12 };
	struct mbim_event_entry ev[2] = { { *bc, { 5, cids } }, { *qm, { 0, NULL } } };
	struct mbim_event_list l = { { 2, ev } };
	int a = MBIM_SET(ours, CAP, 60, BASIC_CONNECT, DEVICE_SERVICE_SUBSCRIBE_LIST, &l);
	int b = ref_subscribe_set(60, bc->b, cids, 5, qm->b, theirs, CAP);
	same_bytes("device-service-subscribe-list set", ours, a, theirs, b);
	static struct mbim_msg m;
	assert_int_equal(mbim_decode(&m, theirs, (size_t)b, 0), 0);
	const struct mbim_event_list *d = MBIM_BODY(&m, event_list);
	assert_non_null(d);
	assert_int_equal(d->events.n, 2);
	assert_int_equal(d->events.v[0].cids.n, 5);
	assert_int_equal(d->events.v[0].cids.v[4], 12);
	assert_int_equal(d->events.v[1].cids.n, 0);
}

static void test_qmi_over_mbim(void **state)
{
	(void)state;
	static struct qmi_msg q;
	uint8_t qmux[256];
	qmi_msg_init(&q, QMI_SVC_DMS, 1, QMI_REQUEST, 7, QMI_DMS_GET_IDS);
	int qn = qmi_encode(&q, qmux, sizeof(qmux));
	assert_true(qn > 0);
	struct mbim_qmi_msg b = { { qmux, (uint32_t)qn } };
	same_bytes("qmi msg set", ours, MBIM_SET(ours, CAP, 40, QMI, MSG, &b), theirs,
		   ref_qmi_set(40, qmux, (size_t)qn, theirs, CAP));
	/* a response the other way: libmbim finds the same QMUX bytes */
	int n = MBIM_DONE(ours, CAP, 40, QMI, MSG, MBIM_STATUS_SUCCESS, &b);
	uint8_t back[256];
	assert_int_equal(ref_parse_qmi(ours, (size_t)n, back, sizeof(back)), qn);
	assert_memory_equal(back, qmux, (size_t)qn);
}

/* Device services: the query is libmbim's bytes; libmbim reads cellink's
 * answer (its count apart from its reference list) service by service. */
static void test_device_services(void **state)
{
	(void)state;
	static struct mbim_empty none;
	same_bytes("device-services query", ours, MBIM_QUERY(ours, CAP, 41, BASIC_CONNECT, DEVICE_SERVICES, &none),
		   theirs, ref_query_device_services(41, theirs, CAP));
	static const uint32_t bc_cids[] = { 1, 2, 3, 9, 12, 16 }, qmi_cids[] = { 1 };
	struct mbim_device_service_element el[2] = {
		{ mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid, 0, 0, { 6, bc_cids } },
		{ mbim_service(MBIM_SERVICE_QMI)->uuid, 0, 0, { 1, qmi_cids } },
	};
	struct mbim_device_services_info ds = { 0, 4, { 2, el } };
	int n = MBIM_DONE(ours, CAP, 41, BASIC_CONNECT, DEVICE_SERVICES, MBIM_STATUS_SUCCESS, &ds);
	assert_true(n > 0);
	struct ref_device_services r;
	assert_int_equal(ref_parse_device_services(ours, (size_t)n, &r), 0);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.max_dss_sessions, 4);
	assert_memory_equal(r.uuid[0], mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid.b, 16);
	assert_memory_equal(r.uuid[1], mbim_service(MBIM_SERVICE_QMI)->uuid.b, 16);
	assert_int_equal(r.n_cids[0], 6);
	assert_int_equal(r.cids[0][5], 16);
	assert_int_equal(r.n_cids[1], 1);
	assert_int_equal(r.cids[1][0], 1);
	/* and cellink reads it back */
	static struct mbim_msg m;
	assert_int_equal(mbim_decode(&m, ours, (size_t)n, 0), 0);
	const struct mbim_device_services_info *d = MBIM_BODY(&m, device_services_info);
	assert_non_null(d);
	assert_int_equal(d->device_services_count, 2);
	assert_int_equal(d->device_services.n, 2);
	assert_int_equal(d->device_services.v[1].cids.v[0], 1);
}

static void test_responses(void **state)
{
	(void)state;
	int n;
	struct mbim_device_caps_info caps = {
		MBIM_DEVICE_TYPE_EMBEDDED, MBIM_CELLULAR_CLASS_GSM, MBIM_VOICE_CLASS_NO_VOICE,
		MBIM_SIM_CLASS_REMOVABLE, MBIM_DATA_CLASS_UMTS | MBIM_DATA_CLASS_LTE,
		MBIM_SMS_CAPS_PDU_RECEIVE | MBIM_SMS_CAPS_PDU_SEND, MBIM_CTRL_CAPS_REG_MANUAL, 8,
		"", "359072060612345", "SWI9X30C_02.24.05.06", "EM7455",
	};
	n = MBIM_DONE(ours, CAP, 2, BASIC_CONNECT, DEVICE_CAPS, MBIM_STATUS_SUCCESS, &caps);
	struct ref_caps rc;
	assert_int_equal(ref_parse_caps(ours, (size_t)n, &rc), 0);
	assert_int_equal(rc.device_type, caps.device_type);
	assert_int_equal(rc.data_class, caps.data_class);
	assert_int_equal(rc.sms_caps, caps.sms_caps);
	assert_int_equal(rc.control_caps, caps.control_caps);
	assert_int_equal(rc.max_sessions, 8);
	assert_string_equal(rc.device_id, caps.device_id);
	assert_string_equal(rc.firmware, caps.firmware_info);
	assert_string_equal(rc.hardware, caps.hardware_info);
	assert_string_equal(rc.custom, "");

	const char *nums[] = { "+4915112345678", "+491" };
	struct mbim_subscriber_ready_status_info sub = { MBIM_READY_STATE_INITIALIZED, "262011234567890",
		"8949020000012345678", 0, { 2, nums } };
	n = MBIM_DONE(ours, CAP, 3, BASIC_CONNECT, SUBSCRIBER_READY_STATUS, 0, &sub);
	struct ref_subscriber rsub;
	assert_int_equal(ref_parse_subscriber(ours, (size_t)n, &rsub), 0);
	assert_int_equal(rsub.ready_state, 1);
	assert_string_equal(rsub.subscriber_id, sub.subscriber_id);
	assert_string_equal(rsub.iccid, sub.sim_icc_id);
	assert_int_equal(rsub.n_numbers, 2);
	assert_string_equal(rsub.numbers[0], nums[0]);
	assert_string_equal(rsub.numbers[1], nums[1]);

	struct mbim_registration_state_info reg = { 0, MBIM_REGISTER_STATE_ROAMING, MBIM_REGISTER_MODE_AUTOMATIC,
		MBIM_DATA_CLASS_LTE, MBIM_CELLULAR_CLASS_GSM, "26203", "o2 - de", "roam", 
		MBIM_REGISTRATION_FLAGS_PACKET_SERVICE_AUTOMATIC_ATTACH };
	n = MBIM_DONE(ours, CAP, 4, BASIC_CONNECT, REGISTER_STATE, 0, &reg);
	struct ref_register rr;
	assert_int_equal(ref_parse_register(ours, (size_t)n, &rr), 0);
	assert_int_equal(rr.state, MBIM_REGISTER_STATE_ROAMING);
	assert_int_equal(rr.mode, 1);
	assert_int_equal(rr.available, MBIM_DATA_CLASS_LTE);
	assert_int_equal(rr.flag, 2);
	assert_string_equal(rr.provider_id, "26203");
	assert_string_equal(rr.provider_name, "o2 - de");
	assert_string_equal(rr.roaming, "roam");

	struct mbim_connect_info ci = { 0, MBIM_ACTIVATION_STATE_ACTIVATED, 0, MBIM_CONTEXT_IP_TYPE_IPV4V6,
		mbim_context_internet, 0 };
	n = MBIM_DONE(ours, CAP, 5, BASIC_CONNECT, CONNECT, 0, &ci);
	struct ref_connect rcn;
	assert_int_equal(ref_parse_connect(ours, (size_t)n, &rcn), 0);
	assert_int_equal(rcn.activation, 1);
	assert_int_equal(rcn.ip_type, 3);
	assert_memory_equal(rcn.ctx, mbim_context_internet.b, 16);

	struct mbim_ipv4_element v4 = { 30, { { 10, 64, 7, 9 } } };
	struct mbim_ipv6_element v6 = { 64, { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 } } };
	struct mbim_ipv4 gw4 = { { { 10, 64, 7, 10 } } };
	struct mbim_ipv6 gw6 = { { { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } };
	struct mbim_ipv4 dns4[2] = { { { { 8, 8, 8, 8 } } }, { { { 1, 1, 1, 1 } } } };
	struct mbim_ipv6 dns6[1] = { { { { 0x20, 0x01, 0x48, 0x60, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x88 } } } };
	struct mbim_ip_configuration_info ip = { 0, 15, 15, { 1, &v4 }, { 1, &v6 }, &gw4, &gw6, { 2, dns4 },
						 { 1, dns6 }, 1500, 1400 };
	n = MBIM_DONE(ours, CAP, 6, BASIC_CONNECT, IP_CONFIGURATION, 0, &ip);
	struct ref_ipconf ri;
	memset(&ri, 0, sizeof(ri));
	assert_int_equal(ref_parse_ipconf(ours, (size_t)n, &ri), 0);
	assert_int_equal(ri.v4avail, 15);
	assert_int_equal(ri.n_v4, 1);
	assert_int_equal(ri.v4_prefix[0], 30);
	assert_memory_equal(ri.v4[0], v4.address.a, 4);
	assert_int_equal(ri.n_v6, 1);
	assert_int_equal(ri.v6_prefix[0], 64);
	assert_memory_equal(ri.v6[0], v6.address.a, 16);
	assert_true(ri.has_gw4);
	assert_memory_equal(ri.gw4, gw4.address.a, 4);
	assert_memory_equal(ri.gw6, gw6.address.a, 16);
	assert_int_equal(ri.n_dns4, 2);
	assert_memory_equal(ri.dns4[1], dns4[1].address.a, 4);
	assert_int_equal(ri.n_dns6, 1);
	assert_memory_equal(ri.dns6[0], dns6[0].address.a, 16);
	assert_int_equal(ri.mtu4, 1500);
	assert_int_equal(ri.mtu6, 1400);

	struct mbim_context ctxs[2] = {
		{ 1, mbim_context_internet, "internet", "", "", 0, 0 },
		{ 2, mbim_context_internet, "ims.example", "alice", "pw1", 0, MBIM_AUTH_PROTOCOL_PAP },
	};
	struct mbim_provisioned_contexts_info pci = { { 2, ctxs } };
	n = MBIM_DONE(ours, CAP, 7, BASIC_CONNECT, PROVISIONED_CONTEXTS, 0, &pci);
	struct ref_context rctx[2];
	uint32_t count = 0;
	assert_int_equal(ref_parse_contexts(ours, (size_t)n, rctx, &count, 2), 0);
	assert_int_equal(count, 2);
	assert_int_equal(rctx[1].id, 2);
	assert_string_equal(rctx[0].apn, "internet");
	assert_string_equal(rctx[1].apn, "ims.example");
	assert_string_equal(rctx[1].user, "alice");
	assert_string_equal(rctx[1].password, "pw1");
	assert_int_equal(rctx[1].auth, 1);

	struct mbim_pin_list_info pl;
	memset(&pl, 0, sizeof(pl));
	pl.pin1 = (struct mbim_pin_desc){ MBIM_PIN_MODE_ENABLED, MBIM_PIN_FORMAT_NUMERIC, 4, 8 };
	pl.custom = (struct mbim_pin_desc){ MBIM_PIN_MODE_DISABLED, MBIM_PIN_FORMAT_ALPHANUMERIC, 1, 16 };
	n = MBIM_DONE(ours, CAP, 8, BASIC_CONNECT, PIN_LIST, 0, &pl);
	uint32_t pld[10][4];
	assert_int_equal(ref_parse_pin_list(ours, (size_t)n, pld), 0);
	assert_int_equal(pld[0][0], 1);
	assert_int_equal(pld[0][3], 8);
	assert_int_equal(pld[9][1], 2);
	assert_int_equal(pld[9][3], 16);

	struct mbim_signal_state_info sig = { 20, 99, 5, 2, 0xffffffff };
	uint32_t rs[5];
	n = MBIM_DONE(ours, CAP, 9, BASIC_CONNECT, SIGNAL_STATE, 0, &sig);
	assert_int_equal(ref_parse_signal(ours, (size_t)n, 0, rs), 0);
	assert_int_equal(rs[0], 20);
	assert_int_equal(rs[4], 0xffffffff);
	n = MBIM_INDICATE(ours, CAP, BASIC_CONNECT, SIGNAL_STATE, &sig);
	memset(rs, 0, sizeof(rs));
	assert_int_equal(ref_parse_signal(ours, (size_t)n, 1, rs), 0);
	assert_int_equal(rs[1], 99);

	struct mbim_packet_service_info psi = { 0, MBIM_PACKET_SERVICE_STATE_ATTACHED, MBIM_DATA_CLASS_LTE,
						50000000ULL, 150000000000ULL };
	uint32_t pso[3];
	uint64_t speeds[2];
	n = MBIM_DONE(ours, CAP, 10, BASIC_CONNECT, PACKET_SERVICE, 0, &psi);
	assert_int_equal(ref_parse_packet_service(ours, (size_t)n, pso, speeds), 0);
	assert_int_equal(pso[1], 2);
	assert_int_equal(pso[2], MBIM_DATA_CLASS_LTE);
	assert_true(speeds[1] == 150000000000ULL);

	struct mbim_pin_info pi = { MBIM_PIN_TYPE_PIN1, MBIM_PIN_STATE_LOCKED, 2 };
	uint32_t po[3];
	n = MBIM_DONE(ours, CAP, 11, BASIC_CONNECT, PIN, 0, &pi);
	assert_int_equal(ref_parse_pin(ours, (size_t)n, po), 0);
	assert_int_equal(po[0], 2);
	assert_int_equal(po[1], 1);
	assert_int_equal(po[2], 2);

	struct mbim_radio_state_info rad = { MBIM_RADIO_SWITCH_ON, MBIM_RADIO_SWITCH_OFF };
	uint32_t ro[2];
	n = MBIM_DONE(ours, CAP, 12, BASIC_CONNECT, RADIO_STATE, 0, &rad);
	assert_int_equal(ref_parse_radio(ours, (size_t)n, ro), 0);
	assert_int_equal(ro[0], 1);
	assert_int_equal(ro[1], 0);

	struct mbim_provider hp = { "26201", MBIM_PROVIDER_STATE_HOME, "Telekom.de", MBIM_CELLULAR_CLASS_GSM, 25, 0 };
	char id[32], name[64];
	uint32_t ho[4];
	n = MBIM_DONE(ours, CAP, 13, BASIC_CONNECT, HOME_PROVIDER, 0, &hp);
	assert_int_equal(ref_parse_home_provider(ours, (size_t)n, id, name, ho), 0);
	assert_string_equal(id, "26201");
	assert_string_equal(name, "Telekom.de");
	assert_int_equal(ho[0], 1);
	assert_int_equal(ho[2], 25);
}

/* What libmbim builds, cellink's decoder reads with the same fields. */
static void test_decode_libmbim(void **state)
{
	(void)state;
	static struct mbim_msg m;
	int n = ref_connect_set(50, 2, 1, "internet.t-mobile", "tm", "tm", 2, 3, mbim_context_internet.b, theirs, CAP);
	assert_true(n > 0);
	assert_int_equal(mbim_decode(&m, theirs, (size_t)n, 0), 0);
	assert_int_equal(m.txn, 50);
	const struct mbim_connect_set *c = MBIM_BODY(&m, connect_set);
	assert_non_null(c);
	assert_null(MBIM_BODY(&m, connect_info));
	assert_int_equal(c->session_id, 2);
	assert_string_equal(c->access_string, "internet.t-mobile");
	assert_string_equal(c->password, "tm");
	assert_int_equal(c->auth_protocol, MBIM_AUTH_PROTOCOL_CHAP);
	assert_memory_equal(c->context_type.b, mbim_context_internet.b, 16);
	n = ref_open(9, 512, theirs, CAP);
	assert_int_equal(mbim_decode(&m, theirs, (size_t)n, 0), 0);
	assert_int_equal(m.type, MBIM_MESSAGE_TYPE_OPEN);
	assert_int_equal(m.max_control_transfer, 512);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_empty_queries),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_connect),
		cmocka_unit_test(test_subscribe_list),
		cmocka_unit_test(test_qmi_over_mbim),
		cmocka_unit_test(test_device_services),
		cmocka_unit_test(test_responses),
		cmocka_unit_test(test_decode_libmbim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
