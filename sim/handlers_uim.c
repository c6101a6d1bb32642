/* UIM: card and application status, PINs. */
#include <string.h>

#include "qmi/ids.h"
#include "sim/sim.h"

/* One USIM application identifier (3GPP registered application id). */
static const uint8_t usim_aid[] = { 0xa0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02, 0xff,
				    0xff, 0xff, 0xff, 0x89, 0x06, 0x19, 0x00, 0x00 };

static unsigned app_state(const struct sim_modem *m)
{
	switch (m->card) {
	case SIM_CARD_READY: return 7;          /* ready */
	case SIM_CARD_PIN: return 2;            /* pin1-or-upin-pin-required */
	case SIM_CARD_PUK: return 3;            /* puk1-or-upin-puk-required */
	case SIM_CARD_BLOCKED: return 5;        /* pin1-blocked */
	case SIM_CARD_NOT_INIT: return 1;       /* detected */
	default: return 0;
	}
}

/* The card-status TLV (0x10, the same in the response and indication),
 * built through the UIM table like every other answer: CS(f) is the
 * get-card-status answer's field f, or the card-status indication's. */
#define CS(f) (ind ? QMIF_UIM_CARD_STATUS_IN_CARD_STATUS_##f : QMIF_UIM_GET_CARD_STATUS_RS_CARD_STATUS_##f)

void sim_uim_fill_card_status(struct sim *s, struct qmi_msg *m)
{
	bool ind = m->kind == QMI_INDICATION;
	const struct sim_modem *st = &s->m;
	bool present = st->card != SIM_CARD_ABSENT;
	sim_put_uint(s, m, CS(INDEX_GW_PRIMARY), present ? 0x0000 : 0xffff);  /* slot 0, app 0 */
	sim_put_uint(s, m, CS(INDEX_1X_PRIMARY), 0xffff);
	sim_put_uint(s, m, CS(INDEX_GW_SECONDARY), 0xffff);
	sim_put_uint(s, m, CS(INDEX_1X_SECONDARY), 0xffff);
	struct qmi_val *card = sim_put_array(s, m, CS(CARDS), 1);
	if (!card)
		return;
	sim_eput_uint(s, m, card, CS(CARDS_CARD_STATE), present ? 1 : 0);          /* present / absent */
	sim_eput_uint(s, m, card, CS(CARDS_ERROR_CODE), present ? 0 : 6);           /* possibly-removed */
	struct qmi_val *app = sim_eput_array(s, m, card, CS(CARDS_APPLICATIONS), present ? 1 : 0);
	if (!app || !present)
		return;
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_TYPE), 2);                                /* usim */
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_STATE), app_state(st));
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PERSONALIZATION_STATE), st->card == SIM_CARD_READY ? 2 : 0);
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PERSONALIZATION_FEATURE), 11);            /* unknown */
	sim_eput_bytes(s, m, app, CS(CARDS_APPLICATIONS_APPLICATION_IDENTIFIER_VALUE), usim_aid, sizeof(usim_aid));
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PIN1_STATE), (uint64_t)sim_pin1_status(st));
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PIN1_RETRIES), (uint64_t)st->pin_retries);
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PUK1_RETRIES), (uint64_t)st->puk_retries);
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PIN2_STATE), 3);                          /* disabled */
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PIN2_RETRIES), 3);
	sim_eput_uint(s, m, app, CS(CARDS_APPLICATIONS_PUK2_RETRIES), 10);
}

static int get_card_status(struct sim_call *c)
{
	sim_uim_fill_card_status(c->s, c->rsp);
	return 0;
}

static int register_events(struct sim_call *c)
{
	uint64_t mask;
	if (!rq_uint(c, QMIF_UIM_REGISTER_EVENTS_RQ_EVENT_REGISTRATION_MASK, &mask))
		return QMI_ERR_MISSING_ARGUMENT;
	c->cl->ind = mask & 1 ? c->cl->ind | SIM_IND_CARD_STATUS : c->cl->ind & ~SIM_IND_CARD_STATUS;
	rs_uint(c, QMIF_UIM_REGISTER_EVENTS_RS_EVENT_REGISTRATION_MASK, mask & 1);
	return 0;
}

/* The retries TLV of whichever PIN request this answers. */
#define RETRIES(msg)                                                                        \
	(rs_uint(c, QMIF_UIM_##msg##_RS_RETRIES_REMAINING_VERIFY_RETRIES_LEFT, c->s->m.pin_retries), \
	 rs_uint(c, QMIF_UIM_##msg##_RS_RETRIES_REMAINING_UNBLOCK_RETRIES_LEFT, c->s->m.puk_retries))

static void retries(struct sim_call *c)
{
	if (c->rsp->id == QMI_UIM_VERIFY_PIN)
		RETRIES(VERIFY_PIN);
	else
		RETRIES(UNBLOCK_PIN);
}

static int pin_result(struct sim_call *c, int r)
{
	if (r == QMI_ERR_INCORRECT_PIN || r == 0) {
		retries(c);
		c->rsp->status = r ? 1 : 0;
		c->rsp->error = (uint16_t)r;
		return 0;
	}
	return r;
}

static int verify_pin(struct sim_call *c)
{
	char pin[32] = "";
	uint64_t id = 1;
	if (!rq_str(c, QMIF_UIM_VERIFY_PIN_RQ_INFO_PIN_VALUE, pin, sizeof(pin)) ||
	    !rq_uint(c, QMIF_UIM_VERIFY_PIN_RQ_INFO_PIN_ID, &id))
		return QMI_ERR_MISSING_ARGUMENT;
	if (id != 1)
		return QMI_ERR_INVALID_PIN_ID;
	return pin_result(c, sim_pin_verify(c->s, pin));
}

static int unblock_pin(struct sim_call *c)
{
	char puk[32] = "", pin[32] = "";
	if (!rq_str(c, QMIF_UIM_UNBLOCK_PIN_RQ_INFO_PUK, puk, sizeof(puk)) ||
	    !rq_str(c, QMIF_UIM_UNBLOCK_PIN_RQ_INFO_NEW_PIN, pin, sizeof(pin)))
		return QMI_ERR_MISSING_ARGUMENT;
	return pin_result(c, sim_pin_unblock(c->s, puk, pin));
}

/* Digits as SIM files store them: two per byte, low nibble first, 0xF pad. */
static size_t bcd_swapped(const char *digits, uint8_t *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; digits[i] && n < cap; i += 2) {
		uint8_t lo = (uint8_t)(digits[i] - '0');
		uint8_t hi = digits[i + 1] ? (uint8_t)(digits[i + 1] - '0') : 0xf;
		out[n++] = (uint8_t)(hi << 4 | lo);
		if (!digits[i + 1])
			break;
	}
	return n;
}

/* The transparent files a connection manager reads: EF_ICCID, EF_IMSI,
 * EF_AD (MNC length) and EF_SPN. */
static int file_content(const struct sim *s, uint16_t id, uint8_t *out, size_t cap, size_t *len)
{
	const struct sim_modem *m = &s->m;
	switch (id) {
	case 0x2fe2:
		*len = bcd_swapped(s->prof->iccid, out, cap);
		return 0;
	case 0x6f07: {
		if (m->card != SIM_CARD_READY)
			return -1;      /* security status not satisfied */
		/* length, then parity/type nibble 9 with the first digit */
		const char *imsi = s->prof->imsi;
		out[0] = 8;
		out[1] = (uint8_t)((imsi[0] - '0') << 4 | 0x9);
		*len = 2 + bcd_swapped(imsi + 1, out + 2, cap - 2);
		return 0;
	}
	case 0x6fad:
		out[0] = out[1] = out[2] = 0;
		out[3] = m->mnc > 99 ? 3 : 2;
		*len = 4;
		return 0;
	case 0x6f46: {
		memset(out, 0xff, 17);
		out[0] = 0x01;
		size_t n = strlen(m->operator_name);
		memcpy(out + 1, m->operator_name, n < 16 ? n : 16);
		*len = 17;
		return 0;
	}
	default:
		return -2;
	}
}

static int read_transparent(struct sim_call *c)
{
	uint64_t id, off = 0, want = 0;
	if (!rq_uint(c, QMIF_UIM_READ_TRANSPARENT_RQ_FILE_FILE_ID, &id) ||
	    !rq_uint(c, QMIF_UIM_READ_TRANSPARENT_RQ_READ_INFORMATION_OFFSET, &off) ||
	    !rq_uint(c, QMIF_UIM_READ_TRANSPARENT_RQ_READ_INFORMATION_LENGTH, &want))
		return QMI_ERR_MISSING_ARGUMENT;
	if (c->s->m.card == SIM_CARD_ABSENT || c->s->m.card == SIM_CARD_NOT_INIT)
		return QMI_ERR_UIM_UNINITIALIZED;
	uint8_t data[64];
	size_t len = 0;
	int r = file_content(c->s, (uint16_t)id, data, sizeof(data), &len);
	if (r == -2)
		return QMI_ERR_SIM_FILE_NOT_FOUND;
	if (r == -1) {
		rs_uint(c, QMIF_UIM_READ_TRANSPARENT_RS_CARD_RESULT_SW1, 0x69);
		rs_uint(c, QMIF_UIM_READ_TRANSPARENT_RS_CARD_RESULT_SW2, 0x82);
		return 0;
	}
	if (off > len)
		off = len;
	if (want == 0 || want > len - off)
		want = len - off;
	rs_uint(c, QMIF_UIM_READ_TRANSPARENT_RS_CARD_RESULT_SW1, 0x90);
	rs_uint(c, QMIF_UIM_READ_TRANSPARENT_RS_CARD_RESULT_SW2, 0x00);
	rs_bytes(c, QMIF_UIM_READ_TRANSPARENT_RS_READ_RESULT, data + off, (size_t)want);
	return 0;
}

static int power_off_sim(struct sim_call *c)
{
	sim_set_card(c->s, SIM_CARD_ABSENT);
	return 0;
}

static int power_on_sim(struct sim_call *c)
{
	sim_set_card(c->s, c->s->init.card == SIM_CARD_ABSENT ? SIM_CARD_READY : c->s->init.card);
	return 0;
}

static int reset_client(struct sim_call *c)
{
	c->cl->ind = 0;
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_UIM_RESET, reset_client },
	{ QMI_UIM_READ_TRANSPARENT, read_transparent },
	{ QMI_UIM_VERIFY_PIN, verify_pin },
	{ QMI_UIM_UNBLOCK_PIN, unblock_pin },
	{ QMI_UIM_REGISTER_EVENTS, register_events },
	{ QMI_UIM_GET_CARD_STATUS, get_card_status },
	{ QMI_UIM_POWER_OFF_SIM, power_off_sim },
	{ QMI_UIM_POWER_ON_SIM, power_on_sim },
};

const struct sim_handler_table sim_handlers_uim = { QMI_SVC_UIM, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
