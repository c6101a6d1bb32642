/* libmbim-glib builds and reads MBIM's SMS and USSD messages for
 * test_mbim_sms; cellink itself never uses GLib. */
#include <stdio.h>
#include <string.h>

#include "mbim_ref_sms.h"
#include "mbim_ref_glib.h"

int ref_sms_configuration_query(uint32_t txn, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_sms_configuration_query_new(&e), e, txn, out, cap);
}

int ref_sms_store_status_query(uint32_t txn, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_sms_message_store_status_query_new(&e), e, txn, out, cap);
}

int ref_sms_read_query(uint32_t txn, uint32_t flag, uint32_t index, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_sms_read_query_new(MBIM_SMS_FORMAT_PDU, flag, index, &e), e, txn, out, cap);
}

int ref_sms_send_set(uint32_t txn, const uint8_t *pdu, uint32_t n, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimSmsPduSendRecord r = { n, (guint8 *)pdu };
	return ref_take(mbim_message_sms_send_set_new(MBIM_SMS_FORMAT_PDU, &r, NULL, &e), e, txn, out, cap);
}

int ref_sms_delete_set(uint32_t txn, uint32_t flag, uint32_t index, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_sms_delete_set_new(flag, index, &e), e, txn, out, cap);
}

int ref_ussd_set(uint32_t txn, uint32_t action, uint32_t dcs, const uint8_t *p, uint32_t n, uint8_t *out,
		 size_t cap)
{
	GError *e = NULL;
	return ref_take(mbim_message_ussd_set_new(action, dcs, n, p, &e), e, txn, out, cap);
}

int ref_sms_parse_read(const uint8_t *msg, size_t n, int notification, uint32_t *format,
		       struct ref_sms_record *o, uint32_t *count, uint32_t cap)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimSmsFormat f = 0;
	guint32 c = 0;
	MbimSmsPduReadRecordArray *pdu = NULL;
	gboolean ok = notification ? mbim_message_sms_read_notification_parse(m, &f, &c, &pdu, NULL, &e)
				   : mbim_message_sms_read_response_parse(m, &f, &c, &pdu, NULL, &e);
	if (ok) {
		*format = f;
		*count = c;
		for (guint32 i = 0; i < c && i < cap && pdu; i++) {
			o[i].index = pdu[i]->message_index;
			o[i].status = pdu[i]->message_status;
			o[i].n = pdu[i]->pdu_data_size;
			if (o[i].n > sizeof(o[i].pdu))
				o[i].n = sizeof(o[i].pdu);
			memcpy(o[i].pdu, pdu[i]->pdu_data, o[i].n);
		}
		if (pdu)
			mbim_sms_pdu_read_record_array_free(pdu);
	}
	return ref_parsed(m, ok, e);
}

int ref_sms_parse_configuration(const uint8_t *msg, size_t n, uint32_t out[4], char *sc, size_t sc_cap)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimSmsStorageState st = 0;
	MbimSmsFormat f = 0;
	gchar *s = NULL;
	gboolean ok = mbim_message_sms_configuration_response_parse(m, &st, &f, &out[2], &out[3], &s, &e);
	if (ok) {
		out[0] = st;
		out[1] = f;
		snprintf(sc, sc_cap, "%s", s ? s : "");
		g_free(s);
	}
	return ref_parsed(m, ok, e);
}

int ref_sms_parse_send(const uint8_t *msg, size_t n, uint32_t *reference)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	gboolean ok = mbim_message_sms_send_response_parse(m, reference, &e);
	return ref_parsed(m, ok, e);
}

int ref_sms_parse_store_status(const uint8_t *msg, size_t n, int notification, uint32_t *flag,
			       uint32_t *index)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimSmsStatusFlag f = 0;
	gboolean ok = notification ? mbim_message_sms_message_store_status_notification_parse(m, &f, index, &e)
				   : mbim_message_sms_message_store_status_response_parse(m, &f, index, &e);
	if (ok)
		*flag = f;
	return ref_parsed(m, ok, e);
}

int ref_ussd_parse(const uint8_t *msg, size_t n, int notification, uint32_t out[3], uint8_t *payload,
		   uint32_t *payload_n, size_t cap)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimUssdResponse r = 0;
	MbimUssdSessionState s = 0;
	guint32 pn = 0;
	const guint8 *p = NULL;
	gboolean ok = notification ? mbim_message_ussd_notification_parse(m, &r, &s, &out[2], &pn, &p, &e)
				   : mbim_message_ussd_response_parse(m, &r, &s, &out[2], &pn, &p, &e);
	if (ok) {
		out[0] = r;
		out[1] = s;
		*payload_n = pn;
		if (pn && pn <= cap)
			memcpy(payload, p, pn);
	}
	return ref_parsed(m, ok, e);
}
