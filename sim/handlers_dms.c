/* DMS: identity, firmware, operating mode and the legacy SIM commands. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "qmi/ids.h"
#include "sim/sim.h"

static int str_answer(struct sim_call *c, struct qmi_fh field, const char *value)
{
	if (!value || !value[0])
		return QMI_ERR_INFORMATION_UNAVAILABLE;
	rs_str(c, field, value);
	return 0;
}

static int get_manufacturer(struct sim_call *c)
{
	return str_answer(c, QMIF_DMS_GET_MANUFACTURER_RS_MANUFACTURER, c->s->prof->manufacturer);
}

static int get_model(struct sim_call *c)
{
	return str_answer(c, QMIF_DMS_GET_MODEL_RS_MODEL, c->s->prof->model);
}

static int get_revision(struct sim_call *c)
{
	return str_answer(c, QMIF_DMS_GET_REVISION_RS_REVISION, c->s->prof->revision);
}

static int get_hardware_revision(struct sim_call *c)
{
	return str_answer(c, QMIF_DMS_GET_HARDWARE_REVISION_RS_REVISION, c->s->prof->hw_revision);
}

static int get_software_version(struct sim_call *c)
{
	return str_answer(c, QMIF_DMS_GET_SOFTWARE_VERSION_RS_VERSION, c->s->prof->revision);
}

static int get_ids(struct sim_call *c)
{
	const struct sim_profile *p = c->s->prof;
	rs_str(c, QMIF_DMS_GET_IDS_RS_ESN, p->esn);
	rs_str(c, QMIF_DMS_GET_IDS_RS_IMEI, p->imei);
	if (p->meid)
		rs_str(c, QMIF_DMS_GET_IDS_RS_MEID, p->meid);
	return 0;
}

static bool sim_usable(const struct sim_call *c)
{
	return c->s->m.card == SIM_CARD_READY;
}

static int sim_error(const struct sim_call *c)
{
	switch (c->s->m.card) {
	case SIM_CARD_PIN: return QMI_ERR_DEVICE_NOT_READY;
	case SIM_CARD_PUK: return QMI_ERR_PIN_BLOCKED;
	case SIM_CARD_BLOCKED: return QMI_ERR_PIN_ALWAYS_BLOCKED;
	default: return QMI_ERR_UIM_UNINITIALIZED;
	}
}

static int get_msisdn(struct sim_call *c)
{
	if (!sim_usable(c))
		return sim_error(c);
	return str_answer(c, QMIF_DMS_GET_MSISDN_RS_MSISDN, c->s->prof->msisdn);
}

static int uim_get_iccid(struct sim_call *c)
{
	if (c->s->m.card == SIM_CARD_ABSENT || c->s->m.card == SIM_CARD_NOT_INIT)
		return QMI_ERR_UIM_UNINITIALIZED;
	return str_answer(c, QMIF_DMS_UIM_GET_ICCID_RS_ICCID, c->s->prof->iccid);
}

static int uim_get_imsi(struct sim_call *c)
{
	if (!sim_usable(c))
		return sim_error(c);
	return str_answer(c, QMIF_DMS_UIM_GET_IMSI_RS_IMSI, c->s->prof->imsi);
}

static int uim_get_state(struct sim_call *c)
{
	unsigned st = 0;
	switch (c->s->m.card) {
	case SIM_CARD_READY: case SIM_CARD_PIN: case SIM_CARD_PUK: st = 0; break;
	case SIM_CARD_BLOCKED: st = 1; break;
	case SIM_CARD_ABSENT: st = 2; break;
	case SIM_CARD_NOT_INIT: st = 255; break;
	}
	rs_uint(c, QMIF_DMS_UIM_GET_STATE_RS_STATE, st);
	return 0;
}

/* PIN1 as DMS (and UIM) name its status. */
unsigned sim_pin1_status(const struct sim_modem *m)
{
	switch (m->card) {
	case SIM_CARD_PIN: return 1;            /* enabled-not-verified */
	case SIM_CARD_PUK: return 4;            /* blocked */
	case SIM_CARD_BLOCKED: return 5;        /* permanently-blocked */
	case SIM_CARD_READY: return m->pin_enabled ? 2 : 3;
	default: return 0;
	}
}

static int uim_get_pin_status(struct sim_call *c)
{
	const struct sim_modem *m = &c->s->m;
	if (m->card == SIM_CARD_ABSENT || m->card == SIM_CARD_NOT_INIT)
		return QMI_ERR_UIM_UNINITIALIZED;
	rs_uint(c, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_CURRENT_STATUS, sim_pin1_status(m));
	rs_uint(c, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_VERIFY_RETRIES_LEFT, m->pin_retries);
	rs_uint(c, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_UNBLOCK_RETRIES_LEFT, m->puk_retries);
	rs_uint(c, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN2_STATUS_CURRENT_STATUS, 3);
	rs_uint(c, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN2_STATUS_VERIFY_RETRIES_LEFT, 3);
	rs_uint(c, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN2_STATUS_UNBLOCK_RETRIES_LEFT, 10);
	return 0;
}

int sim_pin_verify(struct sim *s, const char *pin)
{
	struct sim_modem *m = &s->m;
	if (m->card == SIM_CARD_PUK || m->card == SIM_CARD_BLOCKED)
		return QMI_ERR_PIN_BLOCKED;
	if (m->card == SIM_CARD_ABSENT || m->card == SIM_CARD_NOT_INIT)
		return QMI_ERR_UIM_UNINITIALIZED;
	if (!strcmp(pin, m->pin)) {
		m->pin_retries = 3;
		if (m->card == SIM_CARD_PIN)
			sim_set_card(s, SIM_CARD_READY);
		return 0;
	}
	if (m->pin_retries > 0)
		m->pin_retries--;
	if (m->pin_retries == 0)
		sim_set_card(s, SIM_CARD_PUK);
	return QMI_ERR_INCORRECT_PIN;
}

int sim_pin_unblock(struct sim *s, const char *puk, const char *new_pin)
{
	struct sim_modem *m = &s->m;
	if (m->card == SIM_CARD_BLOCKED)
		return QMI_ERR_PIN_ALWAYS_BLOCKED;
	if (m->card != SIM_CARD_PUK)
		return QMI_ERR_NO_EFFECT;
	if (!strcmp(puk, m->puk)) {
		snprintf(m->pin, sizeof(m->pin), "%s", new_pin);
		m->pin_retries = 3;
		m->puk_retries = 10;
		sim_set_card(s, SIM_CARD_READY);
		return 0;
	}
	if (m->puk_retries > 0)
		m->puk_retries--;
	if (m->puk_retries == 0)
		sim_set_card(s, SIM_CARD_BLOCKED);
	return QMI_ERR_INCORRECT_PIN;
}

/* The retries TLV of whichever PIN request this answers. */
#define RETRIES(msg)                                                                          \
	(rs_uint(c, QMIF_DMS_##msg##_RS_PIN_RETRIES_STATUS_VERIFY_RETRIES_LEFT, c->s->m.pin_retries), \
	 rs_uint(c, QMIF_DMS_##msg##_RS_PIN_RETRIES_STATUS_UNBLOCK_RETRIES_LEFT, c->s->m.puk_retries))

static void retries(struct sim_call *c)
{
	if (c->rsp->id == QMI_DMS_UIM_VERIFY_PIN)
		RETRIES(UIM_VERIFY_PIN);
	else
		RETRIES(UIM_UNBLOCK_PIN);
}

/* A PIN or PUK answer: a wrong code still carries the retries left. */
static int pin_answer(struct sim_call *c, int r)
{
	if (r == QMI_ERR_INCORRECT_PIN) {
		c->rsp->status = 1;
		c->rsp->error = (uint16_t)r;
		retries(c);
		return 0;
	}
	if (r == 0)
		retries(c);
	return r;
}

static int uim_verify_pin(struct sim_call *c)
{
	char pin[32] = "";
	if (!rq_str(c, QMIF_DMS_UIM_VERIFY_PIN_RQ_INFO_PIN, pin, sizeof(pin)))
		return QMI_ERR_MISSING_ARGUMENT;
	return pin_answer(c, sim_pin_verify(c->s, pin));
}

static int uim_unblock_pin(struct sim_call *c)
{
	char puk[32] = "", pin[32] = "";
	if (!rq_str(c, QMIF_DMS_UIM_UNBLOCK_PIN_RQ_INFO_PUK, puk, sizeof(puk)) ||
	    !rq_str(c, QMIF_DMS_UIM_UNBLOCK_PIN_RQ_INFO_NEW_PIN, pin, sizeof(pin)))
		return QMI_ERR_MISSING_ARGUMENT;
	return pin_answer(c, sim_pin_unblock(c->s, puk, pin));
}

static int get_operating_mode(struct sim_call *c)
{
	rs_uint(c, QMIF_DMS_GET_OPERATING_MODE_RS_MODE, c->s->m.opmode);
	return 0;
}

static int set_operating_mode(struct sim_call *c)
{
	uint64_t mode;
	if (!rq_uint(c, QMIF_DMS_SET_OPERATING_MODE_RQ_MODE, &mode))
		return QMI_ERR_MISSING_ARGUMENT;
	if (mode == 4) {                /* reset, once this answer is out */
		sim_reset_after(c->s, sim_delay_for(c->s, QMI_SVC_DMS, QMI_DMS_SET_OPERATING_MODE) + 20);
		return 0;
	}
	if (mode != 0 && mode != 1 && mode != 3 && mode != 6 && mode != 7)
		return QMI_ERR_INVALID_ARGUMENT;
	c->s->m.opmode = (uint8_t)mode;
	if (mode == 0)
		sim_start_registration(c->s);
	else
		sim_set_registration(c->s, SIM_REG_OFF);
	return 0;
}

static int get_capabilities(struct sim_call *c)
{
	rs_uint(c, QMIF_DMS_GET_CAPABILITIES_RS_INFO_MAX_TX_CHANNEL_RATE, 50000000);
	rs_uint(c, QMIF_DMS_GET_CAPABILITIES_RS_INFO_MAX_RX_CHANNEL_RATE, 300000000);
	rs_uint(c, QMIF_DMS_GET_CAPABILITIES_RS_INFO_DATA_SERVICE_CAPABILITY, 4);
	rs_uint(c, QMIF_DMS_GET_CAPABILITIES_RS_INFO_SIM_CAPABILITY, 2);
	static const uint8_t radios[] = { 4, 5, 8 };
	struct qmi_val *v = sim_put_array(c->s, c->rsp, QMIF_DMS_GET_CAPABILITIES_RS_INFO_RADIO_INTERFACE_LIST, 3);
	if (v)
		for (size_t i = 0; i < 3; i++)
			sim_eput_uint(c->s, c->rsp, &v[i], QMIF_DMS_GET_CAPABILITIES_RS_INFO_RADIO_INTERFACE_LIST_ELEMENT,
				      radios[i]);
	return 0;
}

static int get_power_state(struct sim_call *c)
{
	rs_uint(c, QMIF_DMS_GET_POWER_STATE_RS_INFO_POWER_STATE_FLAGS, 1);
	rs_uint(c, QMIF_DMS_GET_POWER_STATE_RS_INFO_BATTERY_LEVEL, 100);
	return 0;
}

static int get_activation_state(struct sim_call *c)
{
	rs_uint(c, QMIF_DMS_GET_ACTIVATION_STATE_RS_INFO, 1);
	return 0;
}

/* Device time: 1.25 ms units since the GPS epoch (1980-01-06), 6 bytes. */
static int get_time(struct sim_call *c)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	uint64_t gps_ms = ms - 315964800000ull;
	uint64_t count = gps_ms * 4 / 5;
	uint8_t b[6];
	for (int i = 0; i < 6; i++)
		b[i] = (uint8_t)(count >> (8 * i));
	rs_bytes(c, QMIF_DMS_GET_TIME_RS_DEVICE_TIME_TIME_COUNT, b, sizeof(b));
	rs_uint(c, QMIF_DMS_GET_TIME_RS_DEVICE_TIME_TIME_SOURCE, 0);
	rs_uint(c, QMIF_DMS_GET_TIME_RS_SYSTEM_TIME, gps_ms);
	rs_uint(c, QMIF_DMS_GET_TIME_RS_USER_TIME, gps_ms);
	return 0;
}

static int set_event_report(struct sim_call *c)
{
	uint64_t on;
	if (rq_uint(c, QMIF_DMS_SET_EVENT_REPORT_RQ_UIM_STATE_REPORTING, &on) ||
	    rq_uint(c, QMIF_DMS_SET_EVENT_REPORT_RQ_PIN_STATE_REPORTING, &on))
		c->cl->ind = on ? c->cl->ind | SIM_IND_CARD_STATUS : c->cl->ind & ~SIM_IND_CARD_STATUS;
	return 0;
}

static int reset_client(struct sim_call *c)
{
	c->cl->ind = 0;
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_DMS_RESET, reset_client },
	{ QMI_DMS_SET_EVENT_REPORT, set_event_report },
	{ QMI_DMS_GET_CAPABILITIES, get_capabilities },
	{ QMI_DMS_GET_MANUFACTURER, get_manufacturer },
	{ QMI_DMS_GET_MODEL, get_model },
	{ QMI_DMS_GET_REVISION, get_revision },
	{ QMI_DMS_GET_MSISDN, get_msisdn },
	{ QMI_DMS_GET_IDS, get_ids },
	{ QMI_DMS_GET_POWER_STATE, get_power_state },
	{ QMI_DMS_UIM_VERIFY_PIN, uim_verify_pin },
	{ QMI_DMS_UIM_UNBLOCK_PIN, uim_unblock_pin },
	{ QMI_DMS_UIM_GET_PIN_STATUS, uim_get_pin_status },
	{ QMI_DMS_GET_HARDWARE_REVISION, get_hardware_revision },
	{ QMI_DMS_GET_OPERATING_MODE, get_operating_mode },
	{ QMI_DMS_SET_OPERATING_MODE, set_operating_mode },
	{ QMI_DMS_GET_TIME, get_time },
	{ QMI_DMS_GET_ACTIVATION_STATE, get_activation_state },
	{ QMI_DMS_UIM_GET_ICCID, uim_get_iccid },
	{ QMI_DMS_UIM_GET_IMSI, uim_get_imsi },
	{ QMI_DMS_UIM_GET_STATE, uim_get_state },
	{ QMI_DMS_GET_BAND_CAPABILITIES, sim_dms_get_band_capabilities },
	{ QMI_DMS_GET_SOFTWARE_VERSION, get_software_version },
};

const struct sim_handler_table sim_handlers_dms = { QMI_SVC_DMS, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
