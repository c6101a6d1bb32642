/* DMS: identity, firmware, operating mode and the legacy SIM commands. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "qmi/ids.h"
#include "sim/sim.h"

static int str_answer(struct sim_call *c, const char *field, const char *value)
{
	if (!value || !value[0])
		return QMI_ERR_INFORMATION_UNAVAILABLE;
	rs_str(c, field, value);
	return 0;
}

static int get_manufacturer(struct sim_call *c)
{
	return str_answer(c, "manufacturer", c->s->prof->manufacturer);
}

static int get_model(struct sim_call *c)
{
	return str_answer(c, "model", c->s->prof->model);
}

static int get_revision(struct sim_call *c)
{
	return str_answer(c, "revision", c->s->prof->revision);
}

static int get_hardware_revision(struct sim_call *c)
{
	return str_answer(c, "revision", c->s->prof->hw_revision);
}

static int get_software_version(struct sim_call *c)
{
	return str_answer(c, "version", c->s->prof->revision);
}

static int get_ids(struct sim_call *c)
{
	const struct sim_profile *p = c->s->prof;
	rs_str(c, "esn", p->esn);
	rs_str(c, "imei", p->imei);
	if (p->meid)
		rs_str(c, "meid", p->meid);
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
	return str_answer(c, "msisdn", c->s->prof->msisdn);
}

static int uim_get_iccid(struct sim_call *c)
{
	if (c->s->m.card == SIM_CARD_ABSENT || c->s->m.card == SIM_CARD_NOT_INIT)
		return QMI_ERR_UIM_UNINITIALIZED;
	return str_answer(c, "iccid", c->s->prof->iccid);
}

static int uim_get_imsi(struct sim_call *c)
{
	if (!sim_usable(c))
		return sim_error(c);
	return str_answer(c, "imsi", c->s->prof->imsi);
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
	rs_uint(c, "state", st);
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
	rs_uint(c, "pin1-status.current-status", sim_pin1_status(m));
	rs_uint(c, "pin1-status.verify-retries-left", m->pin_retries);
	rs_uint(c, "pin1-status.unblock-retries-left", m->puk_retries);
	rs_uint(c, "pin2-status.current-status", 3);
	rs_uint(c, "pin2-status.verify-retries-left", 3);
	rs_uint(c, "pin2-status.unblock-retries-left", 10);
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

static void retries(struct sim_call *c)
{
	rs_uint(c, "pin-retries-status.verify-retries-left", c->s->m.pin_retries);
	rs_uint(c, "pin-retries-status.unblock-retries-left", c->s->m.puk_retries);
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
	if (qmi_get_str(c->req, "info.pin", pin, sizeof(pin)) < 0)
		return QMI_ERR_MISSING_ARGUMENT;
	return pin_answer(c, sim_pin_verify(c->s, pin));
}

static int uim_unblock_pin(struct sim_call *c)
{
	char puk[32] = "", pin[32] = "";
	if (qmi_get_str(c->req, "info.puk", puk, sizeof(puk)) < 0 ||
	    qmi_get_str(c->req, "info.new-pin", pin, sizeof(pin)) < 0)
		return QMI_ERR_MISSING_ARGUMENT;
	return pin_answer(c, sim_pin_unblock(c->s, puk, pin));
}

static int get_operating_mode(struct sim_call *c)
{
	rs_uint(c, "mode", c->s->m.opmode);
	return 0;
}

static int set_operating_mode(struct sim_call *c)
{
	uint64_t mode;
	if (!rq_uint(c, "mode", 0x01, &mode))
		return QMI_ERR_MISSING_ARGUMENT;
	if (mode == 4) {                /* reset, once this answer is out */
		sim_reset_after(c->s, sim_delay_for(c->s, QMI_SVC_DMS, QMI_DMS_SET_OPERATING_MODE) + 20);
		return 0;
	}
	if (mode != 0 && mode != 1 && mode != 6 && mode != 7)
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
	rs_uint(c, "info.max-tx-channel-rate", 50000000);
	rs_uint(c, "info.max-rx-channel-rate", 300000000);
	rs_uint(c, "info.data-service-capability", 4);
	rs_uint(c, "info.sim-capability", 2);
	static const uint8_t radios[] = { 4, 5, 8 };
	struct qmi_val *v = qmi_set_array(c->rsp, "info.radio-interface-list", 3);
	if (v)
		for (size_t i = 0; i < 3; i++)
			v[i].u = radios[i];
	return 0;
}

static int get_power_state(struct sim_call *c)
{
	rs_uint(c, "info.power-state-flags", 1);
	rs_uint(c, "info.battery-level", 100);
	return 0;
}

static int get_activation_state(struct sim_call *c)
{
	rs_uint(c, "info", 1);
	return 0;
}

static int get_band_capabilities(struct sim_call *c)
{
	/* WCDMA 2100/1900/850/900; LTE 1-5,7,8,12,13,20,25,26,29,30,41 (bit n: band n+1) */
	rs_uint(c, "band-capability", 0x2000004c00000ull);
	rs_uint(c, "lte-band-capability", 0x100330818dfull);
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
	rs_bytes(c, "device-time.time-count", b, sizeof(b));
	rs_uint(c, "device-time.time-source", 0);
	rs_uint(c, "system-time", gps_ms);
	rs_uint(c, "user-time", gps_ms);
	return 0;
}

static int set_event_report(struct sim_call *c)
{
	uint64_t on;
	if (rq_uint(c, "uim-state-reporting", 0x15, &on) || rq_uint(c, "pin-state-reporting", 0x12, &on))
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
	{ QMI_DMS_GET_BAND_CAPABILITIES, get_band_capabilities },
	{ QMI_DMS_GET_SOFTWARE_VERSION, get_software_version },
};

const struct sim_handler_table sim_handlers_dms = { QMI_SVC_DMS, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
