/* libmbim-glib as the reference for MBIM's SMS and USSD services (tests
 * only; see mbim_ref.h). */
#ifndef CELLINK_TESTS_MBIM_REF_SMS_H
#define CELLINK_TESTS_MBIM_REF_SMS_H

#include <stddef.h>
#include <stdint.h>

struct ref_sms_record {
	uint32_t index, status, n;
	uint8_t pdu[200];
};

int ref_sms_configuration_query(uint32_t txn, uint8_t *out, size_t cap);
int ref_sms_store_status_query(uint32_t txn, uint8_t *out, size_t cap);
int ref_sms_read_query(uint32_t txn, uint32_t flag, uint32_t index, uint8_t *out, size_t cap);
int ref_sms_send_set(uint32_t txn, const uint8_t *pdu, uint32_t n, uint8_t *out, size_t cap);
int ref_sms_delete_set(uint32_t txn, uint32_t flag, uint32_t index, uint8_t *out, size_t cap);
int ref_ussd_set(uint32_t txn, uint32_t action, uint32_t dcs, const uint8_t *p, uint32_t n, uint8_t *out,
		 size_t cap);

/* answers (notification != 0: an INDICATE_STATUS) */
int ref_sms_parse_read(const uint8_t *msg, size_t n, int notification, uint32_t *format,
		       struct ref_sms_record *o, uint32_t *count, uint32_t cap);
int ref_sms_parse_configuration(const uint8_t *msg, size_t n, uint32_t out[4], char *sc, size_t sc_cap);
int ref_sms_parse_send(const uint8_t *msg, size_t n, uint32_t *reference);
int ref_sms_parse_store_status(const uint8_t *msg, size_t n, int notification, uint32_t *flag,
			       uint32_t *index);
int ref_ussd_parse(const uint8_t *msg, size_t n, int notification, uint32_t out[3], uint8_t *payload,
		   uint32_t *payload_n, size_t cap);

#endif
