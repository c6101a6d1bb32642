/* cellink-sim's MBIM SMS and USSD services, from the same SMS store and
 * USSD answers as the QMI side (handlers_wms.c, handlers_voice.c).
 *
 * MBIM has one message store: its index n names the QMI store's storage
 * (n - 1) / SIM_SMS_SLOTS (0 uim, 1 nv) and slot (n - 1) % SIM_SMS_SLOTS,
 * so a message is the same one to both sides. The status maps to the WMS
 * tag (new: mt-not-read, old: mt-read, sent: mo-sent, draft: mo-not-sent);
 * reading a new message makes it old, as modems do. The SIM's storage is
 * there only while the SIM is ready. A stored message raises
 * MESSAGE_STORE_STATUS with the new-message flag and its index.
 *
 * USSD: an INITIATE with a code in GSM 7-bit or UCS-2 is answered with
 * the network's text (the "ussd" control command's table) in the same
 * COMMAND_DONE, GSM 7-bit when it can be, else UCS-2; with "ussd-mode
 * indication" the answer carries no text and an INDICATE_STATUS brings
 * it ("silent": neither brings it). No session stays open: CONTINUE is
 * refused, CANCEL accepted. */
#include <stdio.h>
#include <string.h>

#include "mbim/mbim.h"
#include "sim/sim.h"
#include "sms/sms.h"

#define STORAGES 2
#define TAG_MT_READ 0
#define TAG_MT_NOT_READ 1
#define TAG_MO_SENT 2
#define TAG_MO_NOT_SENT 3
#define SMSC "+491710760000"

static bool storage_ready(const struct sim *s, unsigned storage)
{
	return storage == 1 || s->m.card == SIM_CARD_READY;
}

static uint32_t status_of(uint8_t tag)
{
	switch (tag) {
	case TAG_MT_READ: return MBIM_SMS_STATUS_OLD;
	case TAG_MT_NOT_READ: return MBIM_SMS_STATUS_NEW;
	case TAG_MO_SENT: return MBIM_SMS_STATUS_SENT;
	default: return MBIM_SMS_STATUS_DRAFT;
	}
}

/* Whether a message of this status is one flag (not INDEX) names. */
static bool flag_matches(uint32_t flag, uint32_t status)
{
	switch (flag) {
	case MBIM_SMS_FLAG_ALL: return true;
	case MBIM_SMS_FLAG_NEW: return status == MBIM_SMS_STATUS_NEW;
	case MBIM_SMS_FLAG_OLD: return status == MBIM_SMS_STATUS_OLD;
	case MBIM_SMS_FLAG_SENT: return status == MBIM_SMS_STATUS_SENT;
	case MBIM_SMS_FLAG_DRAFT: return status == MBIM_SMS_STATUS_DRAFT;
	default: return false;
	}
}

static struct sim_sms *by_index(struct sim *s, uint32_t index)
{
	if (index == 0 || index > STORAGES * SIM_SMS_SLOTS)
		return NULL;
	unsigned st = (index - 1) / SIM_SMS_SLOTS, slot = (index - 1) % SIM_SMS_SLOTS;
	struct sim_sms *m = &s->sms.store[st][slot];
	return m->used && storage_ready(s, st) ? m : NULL;
}

static void configuration(struct sim *s, const struct mbim_msg *q)
{
	if (q->command_type == MBIM_COMMAND_TYPE_SET) {
		const struct mbim_sms_configuration_set *c = MBIM_BODY(q, sms_configuration_set);
		if (!c || c->format != MBIM_SMS_FORMAT_PDU) {
			sim_mbim_done_empty(s, MBIM_STATUS_INVALID_PARAMETERS);
			return;
		}
	}
	struct mbim_sms_configuration_info ci = {
		s->m.card == SIM_CARD_READY ? MBIM_SMS_STORAGE_STATE_INITIALIZED
					    : MBIM_SMS_STORAGE_STATE_NOT_INITIALIZED,
		MBIM_SMS_FORMAT_PDU, STORAGES * SIM_SMS_SLOTS, 0, SMSC };
	sim_mbim_done(s, MBIM_STATUS_SUCCESS, &ci);
}

static void read_msgs(struct sim *s, const struct mbim_msg *q)
{
	static struct mbim_sms_pdu_record rec[STORAGES * SIM_SMS_SLOTS];
	const struct mbim_sms_read_query *rq = MBIM_BODY(q, sms_read_query);
	if (!rq || rq->format != MBIM_SMS_FORMAT_PDU || rq->flag > MBIM_SMS_FLAG_DRAFT) {
		sim_mbim_done_empty(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	uint32_t n = 0;
	struct sim_sms *seen[STORAGES * SIM_SMS_SLOTS];
	if (rq->flag == MBIM_SMS_FLAG_INDEX) {
		struct sim_sms *m = by_index(s, rq->message_index);
		if (!m) {
			sim_mbim_done_empty(s, MBIM_STATUS_INVALID_MEMORY_INDEX);
			return;
		}
		rec[0] = (struct mbim_sms_pdu_record){ rq->message_index, status_of(m->tag), { m->pdu, m->len } };
		seen[n++] = m;
	} else {
		for (unsigned st = 0; st < STORAGES; st++) {
			if (!storage_ready(s, st))
				continue;
			for (unsigned i = 0; i < SIM_SMS_SLOTS; i++) {
				struct sim_sms *m = &s->sms.store[st][i];
				if (!m->used || !flag_matches(rq->flag, status_of(m->tag)))
					continue;
				rec[n] = (struct mbim_sms_pdu_record){ st * SIM_SMS_SLOTS + i + 1, status_of(m->tag),
								       { m->pdu, m->len } };
				seen[n++] = m;
			}
		}
	}
	struct mbim_sms_read_info ri = { MBIM_SMS_FORMAT_PDU, { n, rec } };
	sim_mbim_done(s, MBIM_STATUS_SUCCESS, &ri);
	for (uint32_t i = 0; i < n; i++)
		if (seen[i]->tag == TAG_MT_NOT_READ)
			seen[i]->tag = TAG_MT_READ;
}

static void send_msg(struct sim *s, const struct mbim_msg *q)
{
	const struct mbim_sms_send_set *ss = MBIM_BODY(q, sms_send_set);
	static struct sms_msg msg;
	char why[160];
	if (!ss || ss->format != MBIM_SMS_FORMAT_PDU) {
		sim_mbim_done_empty(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	const struct mbim_bytes *b = &ss->pdu_message.pdu;
	if (!b->n || b->n > SMS_PDU_MAX || sms_decode(b->p, b->n, &msg, why, sizeof(why)) < 0 ||
	    msg.type != SMS_SUBMIT) {
		sim_log(s, "mbim: sms send refused: %s", !b->n || b->n > SMS_PDU_MAX ? "PDU size" :
			msg.type != SMS_SUBMIT ? "not an SMS-SUBMIT" : why);
		sim_mbim_done_empty(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	if (!sim_modem_registered(&s->m)) {
		sim_mbim_done_empty(s, MBIM_STATUS_NOT_REGISTERED);
		return;
	}
	struct sim_sms_state *st = &s->sms;
	if (st->n_sent == SIM_SMS_SENT_MAX) {
		memmove(st->sent, st->sent + 1, sizeof(st->sent[0]) * (SIM_SMS_SENT_MAX - 1));
		st->n_sent--;
	}
	struct sim_sms *m = &st->sent[st->n_sent++];
	m->used = true;
	m->tag = TAG_MO_SENT;
	m->len = (uint16_t)b->n;
	memcpy(m->pdu, b->p, b->n);
	struct mbim_sms_send_info si = { st->next_message_id++ };
	sim_mbim_done(s, MBIM_STATUS_SUCCESS, &si);
}

static void delete_msgs(struct sim *s, const struct mbim_msg *q)
{
	const struct mbim_sms_delete_set *d = MBIM_BODY(q, sms_delete_set);
	if (!d || d->flag > MBIM_SMS_FLAG_DRAFT) {
		sim_mbim_done_empty(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	if (d->flag == MBIM_SMS_FLAG_INDEX) {
		struct sim_sms *m = by_index(s, d->message_index);
		if (!m) {
			sim_mbim_done_empty(s, MBIM_STATUS_INVALID_MEMORY_INDEX);
			return;
		}
		m->used = false;
	} else {
		for (unsigned st = 0; st < STORAGES; st++)
			for (unsigned i = 0; storage_ready(s, st) && i < SIM_SMS_SLOTS; i++) {
				struct sim_sms *m = &s->sms.store[st][i];
				if (m->used && flag_matches(d->flag, status_of(m->tag)))
					m->used = false;
			}
	}
	sim_mbim_done_empty(s, MBIM_STATUS_SUCCESS);
}

static void store_status(struct sim *s)
{
	struct mbim_sms_store_status_info si = { 0, 0 };
	unsigned used = 0;
	for (unsigned st = 0; st < STORAGES; st++)
		for (unsigned i = 0; storage_ready(s, st) && i < SIM_SMS_SLOTS; i++) {
			const struct sim_sms *m = &s->sms.store[st][i];
			used += m->used;
			if (m->used && m->tag == TAG_MT_NOT_READ && !si.message_index) {
				si.flag |= MBIM_SMS_STATUS_FLAG_NEW_MESSAGE;
				si.message_index = st * SIM_SMS_SLOTS + i + 1;
			}
		}
	if (used == STORAGES * SIM_SMS_SLOTS)
		si.flag |= MBIM_SMS_STATUS_FLAG_MESSAGE_STORE_FULL;
	sim_mbim_done(s, MBIM_STATUS_SUCCESS, &si);
}

void sim_mbim_sms_arrived(struct sim *s, unsigned storage, unsigned slot)
{
	struct mbim_sms_store_status_info si = { MBIM_SMS_STATUS_FLAG_NEW_MESSAGE,
						 storage * SIM_SMS_SLOTS + slot + 1 };
	sim_mbim_indicate(s, MBIM_SERVICE_SMS, MBIM_CID_SMS_MESSAGE_STORE_STATUS, &si);
}

void sim_mbim_sms(struct sim *s, const struct mbim_msg *q)
{
	switch (q->cid) {
	case MBIM_CID_SMS_CONFIGURATION: configuration(s, q); break;
	case MBIM_CID_SMS_READ: read_msgs(s, q); break;
	case MBIM_CID_SMS_SEND: send_msg(s, q); break;
	case MBIM_CID_SMS_DELETE: delete_msgs(s, q); break;
	case MBIM_CID_SMS_MESSAGE_STORE_STATUS: store_status(s); break;
	default: sim_mbim_done_empty(s, MBIM_STATUS_NO_DEVICE_SUPPORT);
	}
}

void sim_mbim_ussd(struct sim *s, const struct mbim_msg *q)
{
	const struct mbim_ussd_set *u = MBIM_BODY(q, ussd_set);
	char code[64];
	if (!u) {
		sim_mbim_done_empty(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	if (u->action == MBIM_USSD_ACTION_CANCEL) {
		struct mbim_ussd_info ui = { MBIM_USSD_RESPONSE_TERMINATED_BY_NETWORK,
					     MBIM_USSD_SESSION_STATE_NEW_SESSION, 0, { NULL, 0 } };
		sim_mbim_done(s, MBIM_STATUS_SUCCESS, &ui);
		return;
	}
	if (u->action != MBIM_USSD_ACTION_INITIATE || u->data_coding_scheme > 0xff ||
	    sms_ussd_decode((uint8_t)u->data_coding_scheme, u->payload.p, u->payload.n, code, sizeof code) <= 0) {
		sim_mbim_done_empty(s, MBIM_STATUS_INVALID_PARAMETERS);
		return;
	}
	if (!sim_modem_registered(&s->m)) {
		sim_mbim_done_empty(s, MBIM_STATUS_NOT_REGISTERED);
		return;
	}
	static uint8_t text[SMS_USSD_MAX];
	uint8_t dcs = 0;
	int n = sms_ussd_encode(sim_ussd_answer(s, code), text, sizeof text, &dcs);
	if (n < 0) {
		sim_mbim_done_empty(s, MBIM_STATUS_FAILURE);
		return;
	}
	s->sms.ussd_count++;
	sim_log(s, "mbim: USSD %s answered%s", code,
		s->sms.ussd_silent ? " without text" : s->sms.ussd_by_indication ? " by indication" : "");
	struct mbim_ussd_info ui = { MBIM_USSD_RESPONSE_NO_ACTION_REQUIRED, MBIM_USSD_SESSION_STATE_NEW_SESSION,
				     dcs, { text, (uint32_t)n } };
	if (s->sms.ussd_by_indication || s->sms.ussd_silent) {
		struct mbim_ussd_info none = { MBIM_USSD_RESPONSE_NO_ACTION_REQUIRED,
					       MBIM_USSD_SESSION_STATE_NEW_SESSION, 0, { NULL, 0 } };
		sim_mbim_done(s, MBIM_STATUS_SUCCESS, &none);
		if (!s->sms.ussd_silent)
			sim_mbim_indicate(s, MBIM_SERVICE_USSD, MBIM_CID_USSD_USSD, &ui);
		return;
	}
	sim_mbim_done(s, MBIM_STATUS_SUCCESS, &ui);
}
