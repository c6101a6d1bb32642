/* Microsoft's Basic Connect Extensions (provisioned contexts v2, LTE
 * attach configuration and status, system caps, device slot mappings)
 * against libmbim-glib: the requests cellink encodes are byte for byte
 * libmbim's, the answers cellink encodes (as cellink-sim sends them) read
 * back in libmbim with the same fields, libmbim's requests decode in
 * cellink, and the printer names what it shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"
#include "mbim/mbim.h"
#include "mbim_ref_ms.h"
#include "mbim_same.h"

#define CAP 4096

static uint8_t ours[CAP], theirs[CAP];
static struct mbim_msg msg;

static void empty_queries(void **state)
{
	(void)state;
	static const struct { const char *name; uint32_t cid; } q[] = {
		{ "provisioned-contexts", MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_PROVISIONED_CONTEXTS },
		{ "lte-attach-configuration", MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_LTE_ATTACH_CONFIGURATION },
		{ "lte-attach-info", MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_LTE_ATTACH_INFO },
		{ "sys-caps", MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_SYS_CAPS },
		{ "device-slot-mappings", MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_DEVICE_SLOT_MAPPINGS },
	};
	const struct mbim_service_def *svc = mbim_service_by_name("ms-basic-connect-extensions");
	assert_non_null(svc);
	assert_int_equal(svc->id, MBIM_SERVICE_MS_BASIC_CONNECT_EXTENSIONS);
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		int a = mbim_encode_command(ours, CAP, 10 + (uint32_t)i, MBIM_SERVICE_MS_BASIC_CONNECT_EXTENSIONS,
					    q[i].cid, MBIM_COMMAND_TYPE_QUERY, NULL);
		same_bytes(q[i].name, ours, a, theirs, ref_ms_query(q[i].name, 10 + (uint32_t)i, theirs, CAP));
		const struct mbim_cid_def *c = mbim_cid_by_name(svc, q[i].name);
		assert_non_null(c);
		assert_int_equal(c->cid, q[i].cid);
	}
}

static const struct mbim_uuid *internet(void)
{
	return &mbim_context_internet;
}

/* APNs of every length modulo 4, empty strings, a password */
static void provisioned_contexts_set(void **state)
{
	(void)state;
	static const char *const apns[] = { "internet", "web", "ab", "a", "" };
	for (size_t i = 0; i < sizeof(apns) / sizeof(apns[0]); i++) {
		struct mbim_ms_provisioned_contexts_set s = {
			MBIM_CONTEXT_OPERATION_DEFAULT, *internet(), MBIM_CONTEXT_IP_TYPE_IPV4V6,
			MBIM_CONTEXT_STATE_ENABLED, MBIM_CONTEXT_ROAMING_CONTROL_ALLOW_ALL,
			MBIM_CONTEXT_MEDIA_TYPE_CELLULAR_ONLY, MBIM_CONTEXT_SOURCE_USER, apns[i],
			i % 2 ? "bob" : "", i % 2 ? "s3cret" : "", MBIM_COMPRESSION_NONE,
			i % 2 ? MBIM_AUTH_PROTOCOL_CHAP : MBIM_AUTH_PROTOCOL_NONE };
		struct ref_ms_context r = { .ip_type = 3, .state = 1, .roaming = 6, .media_type = 0, .source = 1,
					    .auth = i % 2 ? 2 : 0 };
		memcpy(r.ctx, internet()->b, 16);
		snprintf(r.apn, sizeof r.apn, "%s", apns[i]);
		snprintf(r.user, sizeof r.user, "%s", i % 2 ? "bob" : "");
		snprintf(r.password, sizeof r.password, "%s", i % 2 ? "s3cret" : "");
		int a = MBIM_SET(ours, CAP, 20, MS_BASIC_CONNECT_EXTENSIONS, PROVISIONED_CONTEXTS, &s);
		same_bytes("provisioned-contexts v2 set", ours, a, theirs,
			   ref_ms_provisioned_contexts_set(20, 0, &r, theirs, CAP));
		/* and libmbim's request decodes here, field for field */
		assert_int_equal(mbim_decode(&msg, theirs, (size_t)a, 0), 0);
		const struct mbim_ms_provisioned_contexts_set *d = MBIM_BODY(&msg, ms_provisioned_contexts_set);
		assert_non_null(d);
		assert_string_equal(d->access_string ? d->access_string : "", apns[i]);
		assert_int_equal(d->roaming, MBIM_CONTEXT_ROAMING_CONTROL_ALLOW_ALL);
	}
}

static void lte_attach_configuration_set(void **state)
{
	(void)state;
	struct mbim_ms_lte_attach_context c[3] = {
		{ MBIM_CONTEXT_IP_TYPE_IPV4V6, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_HOME,
		  MBIM_CONTEXT_SOURCE_USER, "ims", "", "", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_NONE },
		{ MBIM_CONTEXT_IP_TYPE_IPV4, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_PARTNER,
		  MBIM_CONTEXT_SOURCE_USER, "roam.example", "u", "p4ss", MBIM_COMPRESSION_NONE,
		  MBIM_AUTH_PROTOCOL_PAP },
		{ MBIM_CONTEXT_IP_TYPE_IPV6, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_NON_PARTNER,
		  MBIM_CONTEXT_SOURCE_ADMIN, "", "", "", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_NONE },
	};
	struct ref_ms_context r[3];
	for (int i = 0; i < 3; i++) {
		r[i] = (struct ref_ms_context){ .ip_type = c[i].ip_type, .roaming = c[i].roaming,
						.source = c[i].source, .auth = c[i].auth_protocol };
		snprintf(r[i].apn, sizeof r[i].apn, "%s", c[i].access_string);
		snprintf(r[i].user, sizeof r[i].user, "%s", c[i].user_name);
		snprintf(r[i].password, sizeof r[i].password, "%s", c[i].password);
	}
	struct mbim_ms_lte_attach_configuration_set s = { MBIM_LTE_ATTACH_CONTEXT_OPERATION_DEFAULT, { 3, c } };
	int a = MBIM_SET(ours, CAP, 21, MS_BASIC_CONNECT_EXTENSIONS, LTE_ATTACH_CONFIGURATION, &s);
	same_bytes("lte-attach-configuration set", ours, a, theirs,
		   ref_ms_lte_attach_configuration_set(21, 0, r, 3, theirs, CAP));
}

static void device_slot_mappings_set(void **state)
{
	(void)state;
	struct mbim_ms_slot sl[2] = { { 1 }, { 0 } };
	uint32_t raw[2] = { 1, 0 };
	for (uint32_t n = 1; n <= 2; n++) {
		struct mbim_ms_device_slot_mappings s = { { n, sl } };
		int a = MBIM_SET(ours, CAP, 22, MS_BASIC_CONNECT_EXTENSIONS, DEVICE_SLOT_MAPPINGS, &s);
		same_bytes("device-slot-mappings set", ours, a, theirs,
			   ref_ms_device_slot_mappings_set(22, raw, n, theirs, CAP));
	}
}

/* What the modem answers, built by cellink, read by libmbim. */
static void answers_read_by_libmbim(void **state)
{
	(void)state;
	struct mbim_ms_context ctx[2] = {
		{ 1, mbim_context_internet, MBIM_CONTEXT_IP_TYPE_IPV4V6, MBIM_CONTEXT_STATE_ENABLED,
		  MBIM_CONTEXT_ROAMING_CONTROL_HOME_AND_PARTNER, MBIM_CONTEXT_MEDIA_TYPE_ALL,
		  MBIM_CONTEXT_SOURCE_OPERATOR, "internet", "", "", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_NONE },
		{ 2, mbim_context_internet, MBIM_CONTEXT_IP_TYPE_IPV4, MBIM_CONTEXT_STATE_DISABLED,
		  MBIM_CONTEXT_ROAMING_CONTROL_HOME_ONLY, MBIM_CONTEXT_MEDIA_TYPE_CELLULAR_ONLY,
		  MBIM_CONTEXT_SOURCE_USER, "secure", "bob", "hunter2", MBIM_COMPRESSION_NONE,
		  MBIM_AUTH_PROTOCOL_CHAP },
	};
	struct mbim_ms_provisioned_contexts_info pc = { { 2, ctx } };
	struct ref_ms_context r[4];
	uint32_t count = 0;
	int n = MBIM_DONE(ours, CAP, 30, MS_BASIC_CONNECT_EXTENSIONS, PROVISIONED_CONTEXTS, MBIM_STATUS_SUCCESS, &pc);
	assert_int_equal(ref_ms_parse_provisioned_contexts(ours, (size_t)n, 0, r, &count, 4), 0);
	assert_int_equal(count, 2);
	assert_int_equal(r[1].id, 2);
	assert_memory_equal(r[1].ctx, mbim_context_internet.b, 16);
	assert_string_equal(r[1].apn, "secure");
	assert_string_equal(r[1].user, "bob");
	assert_string_equal(r[1].password, "hunter2");
	assert_int_equal(r[0].roaming, MBIM_CONTEXT_ROAMING_CONTROL_HOME_AND_PARTNER);
	assert_int_equal(r[0].media_type, MBIM_CONTEXT_MEDIA_TYPE_ALL);
	assert_int_equal(r[0].source, MBIM_CONTEXT_SOURCE_OPERATOR);
	assert_int_equal(r[1].state, MBIM_CONTEXT_STATE_DISABLED);
	assert_int_equal(r[1].auth, MBIM_AUTH_PROTOCOL_CHAP);
	n = MBIM_INDICATE(ours, CAP, MS_BASIC_CONNECT_EXTENSIONS, PROVISIONED_CONTEXTS, &pc);
	assert_int_equal(ref_ms_parse_provisioned_contexts(ours, (size_t)n, 1, r, &count, 4), 0);
	assert_int_equal(count, 2);

	struct mbim_ms_lte_attach_context lc[2] = {
		{ MBIM_CONTEXT_IP_TYPE_IPV4V6, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_HOME, MBIM_CONTEXT_SOURCE_MODEM,
		  "internet", "", "", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_NONE },
		{ MBIM_CONTEXT_IP_TYPE_IPV4, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_NON_PARTNER,
		  MBIM_CONTEXT_SOURCE_USER, "roam", "u", "pw", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_PAP },
	};
	struct mbim_ms_lte_attach_configuration_info lci = { { 2, lc } };
	n = MBIM_DONE(ours, CAP, 31, MS_BASIC_CONNECT_EXTENSIONS, LTE_ATTACH_CONFIGURATION, MBIM_STATUS_SUCCESS, &lci);
	assert_int_equal(ref_ms_parse_lte_attach_configuration(ours, (size_t)n, r, &count, 4), 0);
	assert_int_equal(count, 2);
	assert_string_equal(r[1].apn, "roam");
	assert_string_equal(r[1].password, "pw");
	assert_int_equal(r[1].roaming, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_NON_PARTNER);
	assert_int_equal(r[0].source, MBIM_CONTEXT_SOURCE_MODEM);
	assert_int_equal(r[1].auth, MBIM_AUTH_PROTOCOL_PAP);

	struct mbim_ms_lte_attach_info li = { MBIM_LTE_ATTACH_STATE_ATTACHED, MBIM_CONTEXT_IP_TYPE_IPV4V6,
		"internet", "", "", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_NONE };
	uint32_t st = 9;
	for (int ind = 0; ind < 2; ind++) {
		n = ind ? MBIM_INDICATE(ours, CAP, MS_BASIC_CONNECT_EXTENSIONS, LTE_ATTACH_INFO, &li)
			: MBIM_DONE(ours, CAP, 32, MS_BASIC_CONNECT_EXTENSIONS, LTE_ATTACH_INFO, MBIM_STATUS_SUCCESS, &li);
		assert_int_equal(ref_ms_parse_lte_attach_info(ours, (size_t)n, ind, &st, r), 0);
		assert_int_equal(st, MBIM_LTE_ATTACH_STATE_ATTACHED);
		assert_int_equal(r[0].ip_type, MBIM_CONTEXT_IP_TYPE_IPV4V6);
		assert_string_equal(r[0].apn, "internet");
	}

	struct mbim_ms_sys_caps_info sc = { 1, 2, 1, 0x1122334455667788ull };
	uint32_t caps[3];
	uint64_t id = 0;
	n = MBIM_DONE(ours, CAP, 33, MS_BASIC_CONNECT_EXTENSIONS, SYS_CAPS, MBIM_STATUS_SUCCESS, &sc);
	assert_int_equal(ref_ms_parse_sys_caps(ours, (size_t)n, caps, &id), 0);
	assert_int_equal(caps[0], 1);
	assert_int_equal(caps[1], 2);
	assert_int_equal(caps[2], 1);
	assert_true(id == 0x1122334455667788ull);

	struct mbim_ms_slot sl[2] = { { 0 }, { 1 } };
	struct mbim_ms_device_slot_mappings sm = { { 2, sl } };
	uint32_t slots[4];
	n = MBIM_DONE(ours, CAP, 34, MS_BASIC_CONNECT_EXTENSIONS, DEVICE_SLOT_MAPPINGS, MBIM_STATUS_SUCCESS, &sm);
	assert_int_equal(ref_ms_parse_slot_mappings(ours, (size_t)n, slots, &count, 4), 0);
	assert_int_equal(count, 2);
	assert_int_equal(slots[0], 0);
	assert_int_equal(slots[1], 1);
}

/* The printer: the service and CID by name, enums by name, the password
 * hidden, the modem id personal. */
static void printed(void **state)
{
	(void)state;
	struct mbim_ms_lte_attach_info li = { MBIM_LTE_ATTACH_STATE_ATTACHED, MBIM_CONTEXT_IP_TYPE_IPV4V6,
		"internet", "bob", "hunter2", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_CHAP };
	int n = MBIM_INDICATE(ours, CAP, MS_BASIC_CONNECT_EXTENSIONS, LTE_ATTACH_INFO, &li);
	assert_int_equal(mbim_decode(&msg, ours, (size_t)n, 0), 0);
	struct strbuf sb;
	sb_init(&sb);
	mbim_print_json(&sb, &msg, 0);
	assert_string_equal(sb_str(&sb),
			    "{\"protocol\":\"mbim\",\"type\":\"indicate-status\",\"transaction\":0,"
			    "\"service\":\"ms-basic-connect-extensions\",\"cid\":\"lte-attach-info\",\"cid_id\":4,"
			    "\"buffer\":{\"lte-attach-state\":\"attached\",\"ip-type\":\"ipv4v6\","
			    "\"access-string\":\"internet\",\"user-name\":\"bob\",\"password\":\"<hidden>\","
			    "\"compression\":\"none\",\"auth-protocol\":\"chap\"}}");
	struct mbim_ms_sys_caps_info sc = { 1, 1, 1, 42 };
	n = MBIM_DONE(ours, CAP, 5, MS_BASIC_CONNECT_EXTENSIONS, SYS_CAPS, MBIM_STATUS_SUCCESS, &sc);
	assert_int_equal(mbim_decode(&msg, ours, (size_t)n, 0), 0);
	sb_reset(&sb);
	mbim_print_text(&sb, &msg, MBIM_PRINT_REDACT_PERSONAL);
	assert_non_null(strstr(sb_str(&sb), "ms-basic-connect-extensions sys-caps (5)"));
	assert_non_null(strstr(sb_str(&sb), "modem-id: <hidden>"));
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_queries),
		cmocka_unit_test(provisioned_contexts_set),
		cmocka_unit_test(lte_attach_configuration_set),
		cmocka_unit_test(device_slot_mappings_set),
		cmocka_unit_test(answers_read_by_libmbim),
		cmocka_unit_test(printed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
