/* MBIM's SMS and USSD services against libmbim-glib: the requests cellink
 * encodes are byte for byte libmbim's (PDUs of every length modulo 4), the
 * answers cellink-sim sends read back in libmbim with the same fields,
 * libmbim's requests decode in cellink, and a reference running past the
 * buffer is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"
#include "mbim/mbim.h"
#include "mbim_ref_sms.h"
#include "mbim_same.h"

#define CAP 4096

static uint8_t ours[CAP], theirs[CAP];
static struct mbim_msg msg;

static const uint8_t pdu[] = { 0x00, 0x01, 0x00, 0x0b, 0x91, 0x44, 0x77, 0x58, 0x10, 0x06, 0x50,
			       0x00, 0x00, 0x05, 0xc8, 0x32, 0x9b, 0xfd, 0x06 };

static void requests(void **state)
{
	(void)state;
	const struct mbim_service_def *svc = mbim_service_by_name("sms");
	assert_non_null(svc);
	assert_int_equal(svc->id, MBIM_SERVICE_SMS);
	assert_non_null(mbim_service_by_name("ussd"));
	assert_non_null(mbim_cid_by_name(svc, "message-store-status"));

	int a = MBIM_QUERY(ours, CAP, 30, SMS, CONFIGURATION, NULL);
	same_bytes("sms configuration query", ours, a, theirs, ref_sms_configuration_query(30, theirs, CAP));
	a = MBIM_QUERY(ours, CAP, 31, SMS, MESSAGE_STORE_STATUS, NULL);
	same_bytes("sms message-store-status query", ours, a, theirs, ref_sms_store_status_query(31, theirs, CAP));

	struct mbim_sms_read_query rq = { MBIM_SMS_FORMAT_PDU, MBIM_SMS_FLAG_ALL, 0 };
	a = MBIM_QUERY(ours, CAP, 32, SMS, READ, &rq);
	same_bytes("sms read all", ours, a, theirs, ref_sms_read_query(32, MBIM_SMS_FLAG_ALL, 0, theirs, CAP));
	rq = (struct mbim_sms_read_query){ MBIM_SMS_FORMAT_PDU, MBIM_SMS_FLAG_INDEX, 7 };
	a = MBIM_QUERY(ours, CAP, 33, SMS, READ, &rq);
	same_bytes("sms read index", ours, a, theirs, ref_sms_read_query(33, MBIM_SMS_FLAG_INDEX, 7, theirs, CAP));

	struct mbim_sms_delete_set ds = { MBIM_SMS_FLAG_INDEX, 3 };
	a = MBIM_SET(ours, CAP, 34, SMS, DELETE, &ds);
	same_bytes("sms delete", ours, a, theirs, ref_sms_delete_set(34, MBIM_SMS_FLAG_INDEX, 3, theirs, CAP));

	/* PDUs of every length modulo 4: the padding after them */
	for (uint32_t n = 16; n <= sizeof(pdu); n++) {
		struct mbim_sms_send_set ss = { MBIM_SMS_FORMAT_PDU, { { pdu, n } } };
		a = MBIM_SET(ours, CAP, 35, SMS, SEND, &ss);
		same_bytes("sms send", ours, a, theirs, ref_sms_send_set(35, pdu, n, theirs, CAP));
		/* libmbim's request decodes here to the same PDU */
		assert_int_equal(mbim_decode(&msg, theirs, (size_t)a, 0), 0);
		const struct mbim_sms_send_set *d = MBIM_BODY(&msg, sms_send_set);
		assert_non_null(d);
		assert_int_equal(d->pdu_message.pdu.n, n);
		assert_memory_equal(d->pdu_message.pdu.p, pdu, n);
	}

	static const uint8_t ussd[] = { 0xaa, 0x18, 0x0c, 0x36, 0x02 }; /* packed 7-bit */
	for (uint32_t n = 0; n <= sizeof(ussd); n++) {
		struct mbim_ussd_set us = { MBIM_USSD_ACTION_INITIATE, 15, { n ? ussd : NULL, n } };
		a = MBIM_SET(ours, CAP, 36, USSD, USSD, &us);
		same_bytes("ussd set", ours, a, theirs, ref_ussd_set(36, 0, 15, ussd, n, theirs, CAP));
	}
}

static void answers_read_by_libmbim(void **state)
{
	(void)state;
	struct mbim_sms_pdu_record rec[3] = {
		{ 0, MBIM_SMS_STATUS_NEW, { pdu, sizeof(pdu) } },
		{ 4, MBIM_SMS_STATUS_OLD, { pdu, 17 } },
		{ 9, MBIM_SMS_STATUS_SENT, { pdu, 18 } },
	};
	for (int notify = 0; notify <= 1; notify++) {
		struct mbim_sms_read_info ri = { MBIM_SMS_FORMAT_PDU, { 3, rec } };
		int a = notify ? MBIM_INDICATE(ours, CAP, SMS, READ, &ri)
			       : MBIM_DONE(ours, CAP, 40, SMS, READ, MBIM_STATUS_SUCCESS, &ri);
		assert_true(a > 0);
		struct ref_sms_record got[4];
		uint32_t fmt = 9, count = 0;
		assert_int_equal(ref_sms_parse_read(ours, (size_t)a, notify, &fmt, got, &count, 4), 0);
		assert_int_equal(fmt, MBIM_SMS_FORMAT_PDU);
		assert_int_equal(count, 3);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(got[i].index, rec[i].message_index);
			assert_int_equal(got[i].status, rec[i].message_status);
			assert_int_equal(got[i].n, rec[i].pdu.n);
			assert_memory_equal(got[i].pdu, pdu, got[i].n);
		}
		/* and back through cellink's own decoder */
		assert_int_equal(mbim_decode(&msg, ours, (size_t)a, 0), 0);
		const struct mbim_sms_read_info *d = MBIM_BODY(&msg, sms_read_info);
		assert_non_null(d);
		assert_int_equal(d->messages.n, 3);
		assert_int_equal(d->messages.v[2].message_index, 9);
		assert_int_equal(d->messages.v[1].pdu.n, 17);
	}

	struct mbim_sms_configuration_info ci = { MBIM_SMS_STORAGE_STATE_INITIALIZED, MBIM_SMS_FORMAT_PDU, 30, 0,
						  "+447785016005" };
	int a = MBIM_DONE(ours, CAP, 41, SMS, CONFIGURATION, MBIM_STATUS_SUCCESS, &ci);
	uint32_t v[4];
	char sc[32];
	assert_int_equal(ref_sms_parse_configuration(ours, (size_t)a, v, sc, sizeof sc), 0);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[2], 30);
	assert_string_equal(sc, "+447785016005");

	struct mbim_sms_send_info si = { 42 };
	a = MBIM_DONE(ours, CAP, 42, SMS, SEND, MBIM_STATUS_SUCCESS, &si);
	uint32_t ref = 0;
	assert_int_equal(ref_sms_parse_send(ours, (size_t)a, &ref), 0);
	assert_int_equal(ref, 42);

	struct mbim_sms_store_status_info st = { MBIM_SMS_STATUS_FLAG_NEW_MESSAGE, 5 };
	a = MBIM_INDICATE(ours, CAP, SMS, MESSAGE_STORE_STATUS, &st);
	uint32_t flag = 0, index = 0;
	assert_int_equal(ref_sms_parse_store_status(ours, (size_t)a, 1, &flag, &index), 0);
	assert_int_equal(flag, 2);
	assert_int_equal(index, 5);

	static const uint8_t text[] = { 0xc2, 0x30, 0x28, 0x06, 0x91, 0x01 }; /* packed 7-bit */
	for (int notify = 0; notify <= 1; notify++) {
		struct mbim_ussd_info ui = { MBIM_USSD_RESPONSE_NO_ACTION_REQUIRED,
					     MBIM_USSD_SESSION_STATE_NEW_SESSION, 15, { text, sizeof text } };
		a = notify ? MBIM_INDICATE(ours, CAP, USSD, USSD, &ui)
			   : MBIM_DONE(ours, CAP, 43, USSD, USSD, MBIM_STATUS_SUCCESS, &ui);
		uint32_t u[3], pn = 0;
		uint8_t p[16];
		assert_int_equal(ref_ussd_parse(ours, (size_t)a, notify, u, p, &pn, sizeof p), 0);
		assert_int_equal(u[0], 0);
		assert_int_equal(u[2], 15);
		assert_int_equal(pn, sizeof text);
		assert_memory_equal(p, text, sizeof text);
	}
}

/* An offset past the end, or a size running over it, is a named error. */
static void bad_references(void **state)
{
	(void)state;
	struct mbim_sms_pdu_record rec = { 1, MBIM_SMS_STATUS_NEW, { pdu, sizeof(pdu) } };
	struct mbim_sms_read_info ri = { MBIM_SMS_FORMAT_PDU, { 1, &rec } };
	int a = MBIM_DONE(ours, CAP, 44, SMS, READ, MBIM_STATUS_SUCCESS, &ri);
	assert_true(a > 60);
	/* the record's PDU size: header 48, format 4, count 4, pair 8, then
	 * the record: index, status, offset, size */
	uint8_t *size = ours + 48 + 16 + 12;
	size[0] = 0xff;
	assert_true(mbim_decode(&msg, ours, (size_t)a, 0) < 0);
	assert_non_null(strstr(msg.errtext, "pdu"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(requests),
		cmocka_unit_test(answers_read_by_libmbim),
		cmocka_unit_test(bad_references),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
