/* The MBIM core on its own: round trips of every declared buffer, the
 * fragment rules, malformed input, the printers and the typed access. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/err.h"
#include "qmi/fields.h"
#include "mbim/mbim.h"
#include "qmi/ids.h"
#include "qmi/qmi.h"

#define CAP 8192
static uint8_t buf[CAP], buf2[CAP];
static struct mbim_msg m;

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static const char *json(const struct mbim_msg *msg, unsigned flags)
{
	static struct strbuf sb;
	static bool init;
	if (!init) {
		sb_init(&sb);
		init = true;
	}
	sb_reset(&sb);
	mbim_print_json(&sb, msg, flags);
	return sb_str(&sb);
}

static const char *text(const struct mbim_msg *msg, unsigned flags)
{
	static struct strbuf sb;
	static bool init;
	if (!init) {
		sb_init(&sb);
		init = true;
	}
	sb_reset(&sb);
	mbim_print_text(&sb, msg, flags);
	return sb_str(&sb);
}

/* Every CID's every direction has a table that encodes and decodes. */
static void test_tables_complete(void **state)
{
	(void)state;
	unsigned cids = 0;
	for (int s = 0; s < MBIM_SERVICE_COUNT_; s++) {
		const struct mbim_service_def *svc = mbim_service((enum mbim_service)s);
		assert_non_null(svc);
		assert_ptr_equal(mbim_service_by_uuid(&svc->uuid), svc);
		for (unsigned i = 0; i < svc->n_cids; i++, cids++) {
			const struct mbim_cid_def *c = &svc->cids[i];
			assert_ptr_equal(mbim_cid(svc, c->cid), c);
			const struct mbim_struct_def *dirs[] = { mbim_cid_buf(c, MBIM_DIR_SET), mbim_cid_buf(c, MBIM_DIR_QUERY), mbim_cid_buf(c, MBIM_DIR_RESPONSE), mbim_cid_buf(c, MBIM_DIR_NOTIFY) };
			for (int d = 0; d < 4; d++)
				assert_non_null(dirs[d]);
			/* a request exists in at least one direction */
			assert_true(mbim_cid_buf(c, MBIM_DIR_SET) != &mbim_none_def || mbim_cid_buf(c, MBIM_DIR_QUERY) != &mbim_none_def);
		}
	}
	/* Basic Connect and QMI; Microsoft's extensions; SMS and USSD */
	assert_int_equal(cids, 16 + 5 + 6);
	assert_non_null(mbim_service_by_name("basic-connect"));
	assert_non_null(mbim_cid_by_name(mbim_service_by_name("qmi"), "msg"));
	assert_non_null(mbim_cid_by_name(mbim_service_by_name("sms"), "read"));
	assert_null(mbim_service_by_name("phonebook"));
}

static void test_open_close_errors(void **state)
{
	(void)state;
	int n = mbim_encode_open(buf, CAP, 1, 4096);
	assert_int_equal(n, 16);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(m.type, MBIM_MESSAGE_TYPE_OPEN);
	assert_int_equal(m.max_control_transfer, 4096);
	assert_non_null(strstr(json(&m, 0), "\"type\":\"open\""));

	n = mbim_encode_done(buf, CAP, MBIM_MESSAGE_TYPE_OPEN_DONE, 1, MBIM_STATUS_SUCCESS);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(m.type, MBIM_MESSAGE_TYPE_OPEN_DONE);
	assert_int_equal(m.status, 0);
	n = mbim_encode_close(buf, CAP, 2);
	assert_int_equal(n, 12);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	n = mbim_encode_done(buf, CAP, MBIM_MESSAGE_TYPE_CLOSE_DONE, 2, MBIM_STATUS_FAILURE);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_non_null(strstr(json(&m, 0), "\"status\":\"failure\""));

	n = mbim_encode_error(buf, CAP, MBIM_MESSAGE_TYPE_FUNCTION_ERROR, 5, MBIM_PROTOCOL_ERROR_NOT_OPENED);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(m.error, MBIM_PROTOCOL_ERROR_NOT_OPENED);
	assert_non_null(strstr(json(&m, 0), "\"error\":\"not-opened\""));
	n = mbim_encode_error(buf, CAP, MBIM_MESSAGE_TYPE_HOST_ERROR, 6, MBIM_PROTOCOL_ERROR_LENGTH_MISMATCH);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_non_null(strstr(text(&m, 0), "host-error txn 6: length-mismatch"));
	assert_int_equal(mbim_encode_error(buf, CAP, MBIM_MESSAGE_TYPE_OPEN, 1, 1), CL_E_BAD_KIND);
	assert_int_equal(mbim_encode_open(buf, 15, 1, 1), CL_E_NO_SPACE);
}

static void test_round_trip_connect(void **state)
{
	(void)state;
	struct mbim_connect_set c = { 1, MBIM_ACTIVATION_COMMAND_ACTIVATE, "internet", "user", "pa55",
				      MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_PAP,
				      MBIM_CONTEXT_IP_TYPE_IPV4, mbim_context_internet };
	int n = MBIM_SET(buf, CAP, 42, BASIC_CONNECT, CONNECT, &c);
	assert_true(n > 0);
	assert_int_equal(n % 4, 0);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	const struct mbim_connect_set *d = MBIM_BODY(&m, connect_set);
	assert_non_null(d);
	assert_int_equal(d->session_id, 1);
	assert_string_equal(d->access_string, "internet");
	assert_string_equal(d->user_name, "user");
	assert_string_equal(d->password, "pa55");
	assert_int_equal(d->ip_type, MBIM_CONTEXT_IP_TYPE_IPV4);
	/* re-encoding what was decoded gives the same bytes */
	assert_int_equal(MBIM_SET(buf2, CAP, 42, BASIC_CONNECT, CONNECT, d), n);
	assert_memory_equal(buf, buf2, (size_t)n);
	/* the password is hidden unless asked for; the rest is printed */
	const char *j = json(&m, 0);
	assert_non_null(strstr(j, "\"password\":\"<hidden>\""));
	assert_null(strstr(j, "pa55"));
	assert_non_null(strstr(j, "\"access-string\":\"internet\""));
	assert_non_null(strstr(j, "\"context-type\":\"internet\""));
	assert_non_null(strstr(j, "\"auth-protocol\":\"pap\""));
	assert_non_null(strstr(j, "\"cid\":\"connect\""));
	assert_non_null(strstr(j, "\"command_type\":\"set\""));
	assert_non_null(strstr(json(&m, MBIM_PRINT_SHOW_SECRETS), "\"password\":\"pa55\""));
	assert_null(strstr(text(&m, 0), "pa55"));
	/* the wrong typed view is refused */
	assert_null(MBIM_BODY(&m, connect_info));
}

static void test_round_trip_responses(void **state)
{
	(void)state;
	const char *nums[] = { "+491701234567" };
	struct mbim_subscriber_ready_status_info s = { MBIM_READY_STATE_INITIALIZED, "262011234567890",
		"89490200001234567890", MBIM_READY_INFO_PROTECT_UNIQUE_ID, { 1, nums } };
	int n = MBIM_DONE(buf, CAP, 3, BASIC_CONNECT, SUBSCRIBER_READY_STATUS, 0, &s);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	const struct mbim_subscriber_ready_status_info *d = MBIM_BODY(&m, subscriber_ready_status_info);
	assert_non_null(d);
	assert_string_equal(d->subscriber_id, "262011234567890");
	assert_string_equal(d->sim_icc_id, "89490200001234567890");
	assert_int_equal(d->telephone_numbers.n, 1);
	assert_string_equal(d->telephone_numbers.v[0], "+491701234567");
	/* personal fields redacted on request */
	const char *j = json(&m, MBIM_PRINT_REDACT_PERSONAL);
	assert_null(strstr(j, "262011234567890"));
	assert_null(strstr(j, "8949020000"));
	assert_null(strstr(j, "+49170"));
	assert_non_null(strstr(j, "\"ready-state\":\"initialized\""));
	assert_non_null(strstr(j, "\"ready-info\":[\"protect-unique-id\"]"));
	assert_non_null(strstr(json(&m, 0), "262011234567890"));

	struct mbim_ipv4_element v4[2] = { { 24, { { 192, 168, 1, 2 } } }, { 32, { { 10, 0, 0, 1 } } } };
	struct mbim_ipv4 gw = { { { 192, 168, 1, 1 } } };
	struct mbim_ipv6 dns6 = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x53 } } };
	struct mbim_ip_configuration_info ip = { 7, MBIM_IP_CONFIGURATION_AVAILABLE_ADDRESS |
		MBIM_IP_CONFIGURATION_AVAILABLE_GATEWAY, 4, { 2, v4 }, { 0, NULL }, &gw, NULL,
		{ 0, NULL }, { 1, &dns6 }, 1500, 0 };
	n = MBIM_DONE(buf, CAP, 4, BASIC_CONNECT, IP_CONFIGURATION, 0, &ip);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	const struct mbim_ip_configuration_info *i = MBIM_BODY(&m, ip_configuration_info);
	assert_non_null(i);
	assert_int_equal(i->session_id, 7);
	assert_int_equal(i->ipv4_address.n, 2);
	assert_int_equal(i->ipv4_address.v[1].on_link_prefix_length, 32);
	assert_memory_equal(i->ipv4_address.v[0].address.a, v4[0].address.a, 4);
	assert_non_null(i->ipv4_gateway);
	assert_memory_equal(i->ipv4_gateway->address.a, gw.address.a, 4);
	assert_null(i->ipv6_gateway);
	assert_int_equal(i->ipv6_dns_server.n, 1);
	assert_int_equal(i->ipv4_mtu, 1500);
	j = json(&m, 0);
	assert_non_null(strstr(j, "\"ipv4-address\":[{\"on-link-prefix-length\":24,\"address\":\"192.168.1.2\"}"));
	assert_non_null(strstr(j, "\"ipv4-gateway\":{\"address\":\"192.168.1.1\"}"));
	assert_non_null(strstr(j, "\"ipv6-gateway\":null"));
	assert_non_null(strstr(j, "\"ipv6-dns-server\":[{\"address\":\"2001:db8::53\"}]"));
	assert_non_null(strstr(j, "\"ipv4-configuration-available\":[\"address\",\"gateway\"]"));
	assert_int_equal(MBIM_DONE(buf2, CAP, 4, BASIC_CONNECT, IP_CONFIGURATION, 0, i), n);
	assert_memory_equal(buf, buf2, (size_t)n);

	struct mbim_context ctx[2] = { { 1, mbim_context_internet, "a", "", "secret", 0, 0 },
				       { 2, mbim_context_none, "ims", "u", "", 0, 2 } };
	struct mbim_provisioned_contexts_info pc = { { 2, ctx } };
	n = MBIM_DONE(buf, CAP, 5, BASIC_CONNECT, PROVISIONED_CONTEXTS, 0, &pc);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	const struct mbim_provisioned_contexts_info *p = MBIM_BODY(&m, provisioned_contexts_info);
	assert_non_null(p);
	assert_int_equal(p->contexts.n, 2);
	assert_string_equal(p->contexts.v[0].password, "secret");
	assert_string_equal(p->contexts.v[1].access_string, "ims");
	assert_int_equal(p->contexts.v[1].auth_protocol, 2);
	assert_null(strstr(json(&m, 0), "secret"));
	assert_int_equal(MBIM_DONE(buf2, CAP, 5, BASIC_CONNECT, PROVISIONED_CONTEXTS, 0, p), n);
	assert_memory_equal(buf, buf2, (size_t)n);

	/* a failed COMMAND_DONE without a buffer */
	n = MBIM_DONE(buf, CAP, 6, BASIC_CONNECT, CONNECT, MBIM_STATUS_INVALID_ACCESS_STRING, NULL);
	assert_int_equal(n, 48);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_null(m.body);
	assert_non_null(strstr(json(&m, 0), "\"status\":\"invalid-access-string\""));
}

static void test_qmi_over_mbim(void **state)
{
	(void)state;
	static struct qmi_msg q;
	uint8_t qmux[256];
	qmi_msg_init(&q, QMI_SVC_DMS, 1, QMI_RESPONSE, 9, QMI_DMS_GET_IDS);
	assert_int_equal(qmi_fset_str(&q, QMIF_DMS_GET_IDS_RS_IMEI, "359072060612345"), 0);
	int qn = qmi_encode(&q, qmux, sizeof(qmux));
	struct mbim_qmi_msg b = { { qmux, (uint32_t)qn } };
	int n = MBIM_DONE(buf, CAP, 10, QMI, MSG, 0, &b);
	assert_int_equal(n, 48 + qn);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	const struct mbim_qmi_msg *d = MBIM_BODY(&m, qmi_msg);
	assert_non_null(d);
	assert_int_equal(d->qmux.n, qn);
	/* the QMI core decodes the frame inside, with its own redaction */
	const char *j = json(&m, 0);
	assert_non_null(strstr(j, "\"service\":\"qmi\""));
	assert_non_null(strstr(j, "\"message\":\"get-ids\""));
	assert_non_null(strstr(j, "359072060612345"));
	assert_null(strstr(json(&m, MBIM_PRINT_REDACT_PERSONAL), "359072060612345"));
	assert_non_null(strstr(text(&m, 0), "dms response get-ids"));
}

/* Device services: a count apart from its reference list (REFLIST), the
 * services named in print, and a count the bytes cannot hold refused. */
static void test_device_services(void **state)
{
	(void)state;
	static const uint32_t bc[] = { 1, 16 }, qm[] = { 1 };
	struct mbim_device_service_element el[2] = {
		{ mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid, 0, 0, { 2, bc } },
		{ mbim_service(MBIM_SERVICE_QMI)->uuid, 0, 1, { 1, qm } },
	};
	struct mbim_device_services_info ds = { 99, 0, { 2, el } };   /* the count comes from the list */
	int n = MBIM_DONE(buf, CAP, 5, BASIC_CONNECT, DEVICE_SERVICES, 0, &ds);
	assert_true(n > 0);
	assert_int_equal(buf[48], 2);          /* DeviceServicesCount */
	assert_int_equal(buf[52], 0);          /* MaxDssSessions */
	assert_int_equal(buf[56], 24);         /* the first pair's offset: after 8 + 2 * 8 bytes */
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	const struct mbim_device_services_info *d = MBIM_BODY(&m, device_services_info);
	assert_non_null(d);
	assert_int_equal(d->device_services_count, 2);
	assert_int_equal(d->device_services.n, 2);
	assert_memory_equal(d->device_services.v[1].device_service_id.b, mbim_service(MBIM_SERVICE_QMI)->uuid.b, 16);
	assert_int_equal(d->device_services.v[0].cids.v[1], 16);
	const char *j = json(&m, 0);
	assert_non_null(strstr(j, "\"device-service-id\":\"qmi\""));
	assert_non_null(strstr(j, "\"device-service-id\":\"basic-connect\""));
	/* the same bytes re-encoded */
	int n2 = MBIM_DONE(buf2, CAP, 5, BASIC_CONNECT, DEVICE_SERVICES, 0, d);
	assert_int_equal(n2, n);
	assert_memory_equal(buf, buf2, (size_t)n);
	/* a count of 200 with two pairs' bytes */
	memcpy(buf2, buf, (size_t)n);
	wr32(buf2 + 48, 200);
	assert_int_not_equal(mbim_decode(&m, buf2, (size_t)n, 0), 0);
	assert_non_null(strstr(m.errtext, "device_services"));
}

/* ---- fragments ---- */

static int big_message(uint8_t *out)
{
	/* a provisioned-contexts answer of about 2 KiB */
	static struct mbim_context ctx[12];
	static char apn[12][80];
	for (int i = 0; i < 12; i++) {
		snprintf(apn[i], sizeof(apn[i]), "apn-number-%02d.a-rather-long-name.example.net", i);
		ctx[i] = (struct mbim_context){ (uint32_t)i + 1, mbim_context_internet, apn[i], "user", "pw", 0, 1 };
	}
	struct mbim_provisioned_contexts_info pc = { { 12, ctx } };
	return MBIM_DONE(out, CAP, 77, BASIC_CONNECT, PROVISIONED_CONTEXTS, 0, &pc);
}

static void test_fragments(void **state)
{
	(void)state;
	static struct mbim_reasm r;
	static uint8_t frags[16][512];
	int fl[16] = { 0 };
	int n = big_message(buf);
	assert_true(n > 1500);
	unsigned total = mbim_fragment_count((size_t)n, 512);
	assert_int_equal(total, (unsigned)((n - 20 + 491) / 492));
	assert_true(total > 1 && total <= 16);
	for (unsigned i = 0; i < total; i++) {
		fl[i] = mbim_fragment(buf, (size_t)n, 512, i, frags[i], sizeof(frags[i]));
		assert_true(fl[i] > 20 && fl[i] <= 512);
	}
	/* a fragment alone is not a message */
	assert_int_equal(mbim_decode(&m, frags[0], (size_t)fl[0], 0), CL_E_PROTOCOL);
	assert_non_null(strstr(m.errtext, "reassemble"));
	/* in order: the whole message again */
	mbim_reasm_init(&r);
	const uint8_t *msg = NULL;
	size_t len = 0;
	for (unsigned i = 0; i < total; i++)
		assert_int_equal(mbim_reasm_feed(&r, frags[i], (size_t)fl[i], &msg, &len), i + 1 == total);
	assert_int_equal(len, (size_t)n);
	assert_memory_equal(msg, buf, (size_t)n);
	assert_int_equal(mbim_decode(&m, msg, len, 0), 0);
	const struct mbim_provisioned_contexts_info *p = MBIM_BODY(&m, provisioned_contexts_info);
	assert_non_null(p);
	assert_int_equal(p->contexts.n, 12);
	assert_string_equal(p->contexts.v[11].access_string, "apn-number-11.a-rather-long-name.example.net");

	/* out of order */
	mbim_reasm_init(&r);
	assert_int_equal(mbim_reasm_feed(&r, frags[0], (size_t)fl[0], &msg, &len), 0);
	assert_int_equal(mbim_reasm_feed(&r, frags[2], (size_t)fl[2], &msg, &len), CL_E_PROTOCOL);
	assert_non_null(strstr(r.errtext, "fragment 2 came, fragment 1"));
	/* the rest of that message is refused, no message comes out of it */
	assert_int_equal(mbim_reasm_feed(&r, frags[1], (size_t)fl[1], &msg, &len), CL_E_PROTOCOL);
	assert_non_null(strstr(r.errtext, "without its first"));

	/* wrong total */
	uint8_t bad[512];
	mbim_reasm_init(&r);
	assert_int_equal(mbim_reasm_feed(&r, frags[0], (size_t)fl[0], &msg, &len), 0);
	memcpy(bad, frags[1], (size_t)fl[1]);
	wr32(bad + 12, total + 1);
	assert_int_equal(mbim_reasm_feed(&r, bad, (size_t)fl[1], &msg, &len), CL_E_PROTOCOL);
	assert_non_null(strstr(r.errtext, "the first said"));

	/* another transaction in between */
	mbim_reasm_init(&r);
	assert_int_equal(mbim_reasm_feed(&r, frags[0], (size_t)fl[0], &msg, &len), 0);
	memcpy(bad, frags[1], (size_t)fl[1]);
	wr32(bad + 8, 78);
	assert_int_equal(mbim_reasm_feed(&r, bad, (size_t)fl[1], &msg, &len), CL_E_PROTOCOL);

	/* current past total, zero total, length field lying */
	memcpy(bad, frags[1], (size_t)fl[1]);
	wr32(bad + 16, total);
	assert_int_equal(mbim_reasm_feed(&r, bad, (size_t)fl[1], &msg, &len), CL_E_PROTOCOL);
	wr32(bad + 12, 0);
	assert_int_equal(mbim_reasm_feed(&r, bad, (size_t)fl[1], &msg, &len), CL_E_PROTOCOL);
	assert_int_equal(mbim_reasm_feed(&r, frags[1], (size_t)fl[1] - 1, &msg, &len), CL_E_TRUNCATED);

	/* a new first fragment drops the pending message, counted */
	mbim_reasm_init(&r);
	assert_int_equal(mbim_reasm_feed(&r, frags[0], (size_t)fl[0], &msg, &len), 0);
	int one = mbim_encode_open(bad, sizeof(bad), 1, 1);
	assert_int_equal(mbim_reasm_feed(&r, bad, (size_t)one, &msg, &len), CL_E_PROTOCOL);
	for (unsigned i = 0; i < total; i++)
		assert_int_equal(mbim_reasm_feed(&r, frags[i], (size_t)fl[i], &msg, &len), i + 1 == total);
	mbim_reasm_init(&r);
	assert_int_equal(mbim_reasm_feed(&r, frags[0], (size_t)fl[0], &msg, &len), 0);
	assert_int_equal(mbim_reasm_feed(&r, frags[0], (size_t)fl[0], &msg, &len), 0);
	assert_int_equal(r.dropped, 1);
	for (unsigned i = 1; i < total; i++)
		assert_int_equal(mbim_reasm_feed(&r, frags[i], (size_t)fl[i], &msg, &len), i + 1 == total);
	assert_int_equal(len, (size_t)n);

	/* a single-fragment message passes straight through */
	int sn = mbim_encode_command(bad, sizeof(bad), 3, MBIM_SERVICE_BASIC_CONNECT,
				     MBIM_CID_BASIC_CONNECT_DEVICE_CAPS, 0, NULL);
	assert_int_equal(mbim_reasm_feed(&r, bad, (size_t)sn, &msg, &len), 1);
	assert_int_equal(len, (size_t)sn);

	/* overlong: fragments that grow past the largest message */
	mbim_reasm_init(&r);
	static uint8_t huge[4096];
	memcpy(huge, frags[0], 20);
	wr32(huge + 4, sizeof(huge));
	wr32(huge + 12, 100);
	int rc = 0;
	for (uint32_t i = 0; i < 100 && rc >= 0; i++) {
		wr32(huge + 16, i);
		rc = mbim_reasm_feed(&r, huge, sizeof(huge), &msg, &len);
	}
	assert_int_equal(rc, CL_E_OVERLONG);

	/* a transfer too small for the headers cannot fragment */
	assert_int_equal(mbim_fragment(buf, (size_t)n, 20, 0, bad, sizeof(bad)), CL_E_BAD_VALUE);
	/* OPEN is never fragmented */
	assert_int_equal(mbim_fragment(bad, (size_t)one, 64, 0, bad, sizeof(bad)), CL_E_BAD_KIND);
}

/* ---- malformed input ---- */

static void test_malformed(void **state)
{
	(void)state;
	struct mbim_connect_set c = { 1, 1, "internet", "", "", 0, 0, 1, mbim_context_internet };
	int n = MBIM_SET(buf, CAP, 1, BASIC_CONNECT, CONNECT, &c);
	memcpy(buf2, buf, (size_t)n);

	assert_int_equal(mbim_decode(&m, buf, 11, 0), CL_E_TRUNCATED);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n - 4, 0), CL_E_TRUNCATED);
	wr32(buf + 4, (uint32_t)n - 4);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_TRAILING);
	memcpy(buf, buf2, (size_t)n);
	wr32(buf, 0x55);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_PROTOCOL);
	assert_non_null(strstr(m.errtext, "unknown message type"));
	memcpy(buf, buf2, (size_t)n);
	/* buffer length beyond the message */
	wr32(buf + 44, (uint32_t)n);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_OVERLONG);
	memcpy(buf, buf2, (size_t)n);
	wr32(buf + 40, 2);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_PROTOCOL);
	memcpy(buf, buf2, (size_t)n);
	/* string offset past the buffer (access string pair at buffer + 8) */
	wr32(buf + 48 + 8, 4000);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_OVERLONG);
	assert_non_null(strstr(m.errtext, "access_string"));
	/* lenient: the buffer stays raw, the header is read */
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, MBIM_DECODE_LENIENT), 0);
	assert_null(m.body);
	assert_int_equal(m.buf_len, (uint32_t)n - 48);
	assert_non_null(strstr(json(&m, 0), "\"buffer_hex\""));
	memcpy(buf, buf2, (size_t)n);
	/* odd string size */
	wr32(buf + 48 + 12, 15);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_BAD_LENGTH);
	memcpy(buf, buf2, (size_t)n);
	/* size wrapping around with the offset */
	wr32(buf + 48 + 12, 0xfffffffe);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_OVERLONG);

	/* a buffer shorter than its fixed part */
	n = mbim_encode_raw(buf, CAP, MBIM_MESSAGE_TYPE_COMMAND_DONE, 1,
			    &mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid, MBIM_CID_BASIC_CONNECT_SIGNAL_STATE,
			    0, (const uint8_t *)"\1\0\0\0\2\0\0\0", 8);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_TRUNCATED);
	assert_non_null(strstr(m.errtext, "signal_strength_interval"));

	/* reference arrays and counted arrays claiming too much */
	uint8_t ib[64] = { 0 };
	wr32(ib, 0x40000000);   /* 2^30 contexts */
	n = mbim_encode_raw(buf, CAP, MBIM_MESSAGE_TYPE_COMMAND_DONE, 1,
			    &mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid,
			    MBIM_CID_BASIC_CONNECT_PROVISIONED_CONTEXTS, 0, ib, 12);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_OVERLONG);
	memset(ib, 0, sizeof(ib));
	wr32(ib + 12, 0xffffffff);  /* ipv4 address count */
	wr32(ib + 16, 8);
	n = mbim_encode_raw(buf, CAP, MBIM_MESSAGE_TYPE_COMMAND_DONE, 1,
			    &mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid,
			    MBIM_CID_BASIC_CONNECT_IP_CONFIGURATION, 0, ib, 60);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_OVERLONG);
	/* gateway offset past the end */
	memset(ib, 0, sizeof(ib));
	wr32(ib + 28, 58);
	n = mbim_encode_raw(buf, CAP, MBIM_MESSAGE_TYPE_COMMAND_DONE, 1,
			    &mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid,
			    MBIM_CID_BASIC_CONNECT_IP_CONFIGURATION, 0, ib, 60);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), CL_E_OVERLONG);

	/* unknown service and CID: decoded as raw, printed as UUID */
	struct mbim_uuid other = { { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } };
	n = mbim_encode_raw(buf, CAP, MBIM_MESSAGE_TYPE_INDICATE_STATUS, 0, &other, 99, 0, ib, 4);
	assert_int_equal(n, 48);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_null(m.svc);
	const char *j = json(&m, 0);
	assert_non_null(strstr(j, "\"service\":\"01020304-0506-0708-090a-0b0c0d0e0f10\""));
	assert_non_null(strstr(j, "\"cid\":null,\"cid_id\":99"));

	/* a lone surrogate in a string becomes U+FFFD, not a crash */
	uint8_t s16[8] = { 0x41, 0, 0x00, 0xd8, 0x42, 0, 0, 0 };
	struct mbim_register_state_set rs = { "x", 1, 0 };
	n = MBIM_SET(buf, CAP, 1, BASIC_CONNECT, REGISTER_STATE, &rs);
	memcpy(buf + 48 + 16, s16, 8);
	wr32(buf + 48 + 4, 6);
	wr32(buf + 48 + 0, 16);
	uint8_t tmp[CAP];
	/* grow the buffer by 4 so the 6-byte string fits */
	memcpy(tmp, buf, (size_t)n + 4);
	wr32(tmp + 4, (uint32_t)n + 4);
	wr32(tmp + 44, (uint32_t)n + 4 - 48);
	assert_int_equal(mbim_decode(&m, tmp, (size_t)n + 4, 0), 0);
	assert_string_equal(MBIM_BODY(&m, register_state_set)->provider_id, "A\xef\xbf\xbd" "B");

	/* encoder: bad UTF-8 and a missing array */
	struct mbim_connect_set bad8 = { .access_string = "\xff" };
	assert_int_equal(MBIM_SET(buf, CAP, 1, BASIC_CONNECT, CONNECT, &bad8), CL_E_BAD_VALUE);
	struct mbim_ip_configuration_info bada = { .ipv4_address = { 2, NULL } };
	assert_int_equal(MBIM_DONE(buf, CAP, 1, BASIC_CONNECT, IP_CONFIGURATION, 0, &bada), CL_E_BAD_VALUE);
	assert_int_equal(MBIM_SET(buf, 60, 1, BASIC_CONNECT, CONNECT, &c), CL_E_NO_SPACE);
	/* a direction the CID does not have */
	assert_int_equal(mbim_encode_command(buf, CAP, 1, MBIM_SERVICE_BASIC_CONNECT,
					     MBIM_CID_BASIC_CONNECT_DEVICE_CAPS, 1, &c), CL_E_BAD_KIND);
}

static void test_looks_like(void **state)
{
	(void)state;
	int n = mbim_encode_open(buf, CAP, 1, 4096);
	assert_true(mbim_looks_like(buf, (size_t)n));
	static struct qmi_msg q;
	qmi_msg_init(&q, QMI_SVC_CTL, 0, QMI_REQUEST, 1, QMI_CTL_GET_VERSION_INFO);
	n = qmi_encode(&q, buf, CAP);
	assert_false(mbim_looks_like(buf, (size_t)n));
}

/* ---- transactions ---- */

static void test_transactions(void **state)
{
	(void)state;
	static struct mbim_txns t;
	void *ud = NULL;
	uint32_t id;
	int tag[4];
	mbim_txns_init(&t, 0xfffffffe);
	/* open: ids skip 0 when they wrap */
	uint32_t a = mbim_txns_next(&t), b = mbim_txns_next(&t);
	assert_int_equal(a, 0xfffffffe);
	assert_int_equal(b, 0xffffffff);
	assert_int_equal(mbim_txns_next(&t), 1);
	int n = mbim_encode_open(buf, CAP, a, 4096);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 1000, &tag[0]), 0);
	/* the same id twice is refused */
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 1000, &tag[0]), CL_E_PROTOCOL);
	struct mbim_register_state_set rs = { NULL, 0, 0 };
	n = MBIM_SET(buf, CAP, b, BASIC_CONNECT, REGISTER_STATE, &rs);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 2000, &tag[1]), 0);
	n = MBIM_QUERY(buf, CAP, 7, BASIC_CONNECT, SIGNAL_STATE, NULL);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 500, &tag[2]), 0);
	assert_int_equal(t.n, 3);
	/* a fresh table: an id that is waiting is not handed out again */
	mbim_txns_init(&t, 7);
	assert_int_equal(t.n, 0);
	n = MBIM_QUERY(buf, CAP, 7, BASIC_CONNECT, SIGNAL_STATE, NULL);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 500, &tag[2]), 0);
	assert_int_equal(mbim_txns_next(&t), 8);
	n = mbim_encode_open(buf, CAP, 9, 4096);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 900, &tag[0]), 0);
	struct mbim_registration_state_info ri = { 0 };
	n = MBIM_QUERY(buf, CAP, 10, BASIC_CONNECT, REGISTER_STATE, NULL);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 2000, &tag[1]), 0);

	/* an answer for another CID under the right id is refused, and the
	 * request stays waiting */
	n = MBIM_DONE(buf, CAP, 10, BASIC_CONNECT, SIGNAL_STATE, MBIM_STATUS_FAILURE, NULL);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(mbim_txns_match(&t, &m, &ud), CL_E_PROTOCOL);
	assert_non_null(strstr(t.errtext, "another"));
	/* the right one matches */
	n = MBIM_DONE(buf, CAP, 10, BASIC_CONNECT, REGISTER_STATE, 0, &ri);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(mbim_txns_match(&t, &m, &ud), 0);
	assert_ptr_equal(ud, &tag[1]);
	/* and only once */
	assert_int_equal(mbim_txns_match(&t, &m, &ud), CL_E_PROTOCOL);
	assert_non_null(strstr(t.errtext, "nothing waits"));
	/* an OPEN is answered by OPEN_DONE, not CLOSE_DONE */
	n = mbim_encode_done(buf, CAP, MBIM_MESSAGE_TYPE_CLOSE_DONE, 9, 0);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(mbim_txns_match(&t, &m, &ud), CL_E_PROTOCOL);
	/* FUNCTION_ERROR answers anything */
	n = mbim_encode_error(buf, CAP, MBIM_MESSAGE_TYPE_FUNCTION_ERROR, 9, MBIM_PROTOCOL_ERROR_NOT_OPENED);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(mbim_txns_match(&t, &m, &ud), 0);
	assert_ptr_equal(ud, &tag[0]);
	/* indications answer nothing */
	struct mbim_signal_state_info si = { 1, 2, 3, 4, 5 };
	n = MBIM_INDICATE(buf, CAP, BASIC_CONNECT, SIGNAL_STATE, &si);
	assert_int_equal(mbim_decode(&m, buf, (size_t)n, 0), 0);
	assert_int_equal(mbim_txns_match(&t, &m, &ud), CL_E_BAD_KIND);

	/* deadlines on virtual time */
	uint64_t dl = 0;
	assert_int_equal(mbim_txns_next_deadline(&t, &dl), 1);
	assert_int_equal(dl, 500);
	assert_int_equal(mbim_txns_expired(&t, 499, &id, &ud), 0);
	assert_int_equal(mbim_txns_expired(&t, 500, &id, &ud), 1);
	assert_int_equal(id, 7);
	assert_ptr_equal(ud, &tag[2]);
	assert_int_equal(mbim_txns_next_deadline(&t, &dl), 0);
	assert_int_equal(t.n, 0);

	/* requests that get no answer, or cannot be, are refused */
	n = mbim_encode_done(buf, CAP, MBIM_MESSAGE_TYPE_OPEN_DONE, 3, 0);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 1, NULL), CL_E_BAD_KIND);
	n = mbim_encode_open(buf, CAP, 0, 4096);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 1, NULL), CL_E_BAD_VALUE);
	assert_int_equal(mbim_txns_add(&t, buf, 11, 1, NULL), CL_E_TRUNCATED);
	for (uint32_t i = 0; i < MBIM_TXNS_MAX; i++) {
		n = mbim_encode_open(buf, CAP, 100 + i, 4096);
		assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 1, NULL), 0);
	}
	n = mbim_encode_open(buf, CAP, 99, 4096);
	assert_int_equal(mbim_txns_add(&t, buf, (size_t)n, 1, NULL), CL_E_TOO_MANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_complete),
		cmocka_unit_test(test_open_close_errors),
		cmocka_unit_test(test_round_trip_connect),
		cmocka_unit_test(test_round_trip_responses),
		cmocka_unit_test(test_qmi_over_mbim),
		cmocka_unit_test(test_device_services),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_looks_like),
		cmocka_unit_test(test_transactions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
