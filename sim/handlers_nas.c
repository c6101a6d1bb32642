/* NAS: registration, serving system, signal, operator. */
#include <stdio.h>
#include <string.h>

#include "qmi/ids.h"
#include "sim/sim.h"

static unsigned reg_number(enum sim_reg_state r)
{
	switch (r) {
	case SIM_REG_HOME: case SIM_REG_ROAMING: return 1;      /* registered */
	case SIM_REG_SEARCHING: return 2;                       /* not-registered-searching */
	case SIM_REG_DENIED: return 3;                          /* registration-denied */
	default: return 0;                                      /* not-registered */
	}
}

/* The serving system, for the response and the indication alike (the
 * core names their fields the same; TLV numbers differ): SS(f) is the
 * get-serving-system answer's field f, or the serving-system indication's. */
#define SS(f) (ind ? QMIF_NAS_SERVING_SYSTEM_IN_##f : QMIF_NAS_GET_SERVING_SYSTEM_RS_##f)

void sim_nas_fill_serving_system(struct sim *s, struct qmi_msg *m)
{
	bool ind = m->kind == QMI_INDICATION;
	const struct sim_modem *st = &s->m;
	bool reg = sim_modem_registered(st);
	sim_put_uint(s, m, SS(SERVING_SYSTEM_REGISTRATION_STATE), reg_number(st->reg));
	sim_put_uint(s, m, SS(SERVING_SYSTEM_CS_ATTACH_STATE), reg ? 1 : 2);
	sim_put_uint(s, m, SS(SERVING_SYSTEM_PS_ATTACH_STATE), reg ? 1 : 2);
	sim_put_uint(s, m, SS(SERVING_SYSTEM_SELECTED_NETWORK), reg ? 2 : 0);
	struct qmi_val *v = sim_put_array(s, m, SS(SERVING_SYSTEM_RADIO_INTERFACES), reg ? 1 : 0);
	if (v && reg)
		sim_eput_uint(s, m, &v[0], SS(SERVING_SYSTEM_RADIO_INTERFACES_ELEMENT), st->rat);
	if (!reg)
		return;
	sim_put_uint(s, m, SS(ROAMING_INDICATOR), st->reg == SIM_REG_ROAMING ? 0 : 1);
	sim_put_uint(s, m, SS(CURRENT_PLMN_MCC), st->mcc);
	sim_put_uint(s, m, SS(CURRENT_PLMN_MNC), st->mnc);
	sim_put_str(s, m, SS(CURRENT_PLMN_DESCRIPTION), st->operator_name);
	sim_put_uint(s, m, SS(LAC_3GPP), 0xfffe);
	sim_put_uint(s, m, SS(CID_3GPP), 0x01a2d05);
	sim_put_uint(s, m, SS(LTE_TAC), 0x3a1c);
	sim_put_uint(s, m, SS(MNC_PCS_DIGIT_INCLUDE_STATUS_MCC), st->mcc);
	sim_put_uint(s, m, SS(MNC_PCS_DIGIT_INCLUDE_STATUS_MNC), st->mnc);
	sim_put_uint(s, m, SS(MNC_PCS_DIGIT_INCLUDE_STATUS_INCLUDES_PCS_DIGIT), st->mnc > 99);
}

static int get_serving_system(struct sim_call *c)
{
	sim_nas_fill_serving_system(c->s, c->rsp);
	return 0;
}

static int get_signal_strength(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (!sim_modem_registered(st))
		return QMI_ERR_NO_NETWORK_FOUND;
	rs_int(c, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_SIGNAL_STRENGTH_STRENGTH, st->rssi);
	rs_int(c, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_SIGNAL_STRENGTH_RADIO_INTERFACE, st->rat);
	struct qmi_val *v = sim_put_array(c->s, c->rsp, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_RSSI_LIST, 1);
	if (v) {
		sim_eput_uint(c->s, c->rsp, v, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_RSSI_LIST_RSSI,
			      (uint64_t)(st->rssi < 0 ? -st->rssi : st->rssi));
		sim_eput_uint(c->s, c->rsp, v, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_RSSI_LIST_RADIO_INTERFACE, st->rat);
	}
	rs_int(c, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_RSRQ_RSRQ, st->rsrq);
	rs_int(c, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_RSRQ_RADIO_INTERFACE, st->rat);
	rs_int(c, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_LTE_SNR, st->sinr10);
	rs_int(c, QMIF_NAS_GET_SIGNAL_STRENGTH_RS_LTE_RSRP, st->rsrp);
	return 0;
}

static int get_home_network(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (st->card != SIM_CARD_READY)
		return QMI_ERR_UIM_UNINITIALIZED;
	rs_uint(c, QMIF_NAS_GET_HOME_NETWORK_RS_HOME_NETWORK_MCC, st->mcc);
	rs_uint(c, QMIF_NAS_GET_HOME_NETWORK_RS_HOME_NETWORK_MNC, st->mnc);
	rs_str(c, QMIF_NAS_GET_HOME_NETWORK_RS_HOME_NETWORK_DESCRIPTION, st->operator_name);
	return 0;
}

static int get_operator_name(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (st->card != SIM_CARD_READY)
		return QMI_ERR_UIM_UNINITIALIZED;
	rs_uint(c, QMIF_NAS_GET_OPERATOR_NAME_RS_SERVICE_PROVIDER_NAME_NAME_DISPLAY_CONDITION, 0);
	rs_str(c, QMIF_NAS_GET_OPERATOR_NAME_RS_SERVICE_PROVIDER_NAME_NAME, st->operator_name);
	rs_str(c, QMIF_NAS_GET_OPERATOR_NAME_RS_OPERATOR_STRING_NAME, st->operator_name);
	return 0;
}

/* LTE service status and system info, for the response and the
 * indication alike: SY(f) is the get-system-info answer's field f, or the
 * system-info indication's. */
#define SY(f) (ind ? QMIF_NAS_SYSTEM_INFO_IN_##f : QMIF_NAS_GET_SYSTEM_INFO_RS_##f)

void sim_nas_fill_system_info(struct sim *s, struct qmi_msg *m)
{
	bool ind = m->kind == QMI_INDICATION;
	const struct sim_modem *st = &s->m;
	bool reg = sim_modem_registered(st);
	char mcc[8], mnc[8];
	sim_put_uint(s, m, SY(LTE_SERVICE_STATUS_SERVICE_STATUS), reg ? 2 : st->reg == SIM_REG_SEARCHING ? 0 : 1);
	sim_put_uint(s, m, SY(LTE_SERVICE_STATUS_TRUE_SERVICE_STATUS), reg ? 2 : 0);
	sim_put_uint(s, m, SY(LTE_SERVICE_STATUS_PREFERRED_DATA_PATH), 0);
	if (!reg)
		return;
	snprintf(mcc, sizeof(mcc), "%03u", st->mcc % 1000);
	snprintf(mnc, sizeof(mnc), st->mnc > 99 ? "%03u" : "%02u", st->mnc % 1000);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_DOMAIN_VALID), 1);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_DOMAIN), 3);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_SERVICE_CAPABILITY_VALID), 1);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_SERVICE_CAPABILITY), 3);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_ROAMING_STATUS_VALID), 1);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_FORBIDDEN_VALID), 1);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_CID_VALID), 1);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_CID), 0x01a2d05);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_NETWORK_ID_VALID), 1);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_TAC_VALID), 1);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_TAC), 0x3a1c);
	sim_put_uint(s, m, SY(LTE_SYSTEM_INFO_V2_ROAMING_STATUS), st->reg == SIM_REG_ROAMING);
	sim_put_str(s, m, SY(LTE_SYSTEM_INFO_V2_MCC), mcc);
	sim_put_str(s, m, SY(LTE_SYSTEM_INFO_V2_MNC), mnc);
}

static int get_system_info(struct sim_call *c)
{
	sim_nas_fill_system_info(c->s, c->rsp);
	return 0;
}

static void set_ind(struct sim_call *c, struct qmi_fh field, unsigned bit)
{
	uint64_t on;
	if (rq_uint(c, field, &on))
		c->cl->ind = on ? c->cl->ind | bit : c->cl->ind & ~bit;
}

static int register_indications(struct sim_call *c)
{
	set_ind(c, QMIF_NAS_REGISTER_INDICATIONS_RQ_SERVING_SYSTEM_EVENTS, SIM_IND_SERVING_SYSTEM);
	set_ind(c, QMIF_NAS_REGISTER_INDICATIONS_RQ_SYSTEM_INFO, SIM_IND_SYSTEM_INFO);
	set_ind(c, QMIF_NAS_REGISTER_INDICATIONS_RQ_SIGNAL_INFO, SIM_IND_SIGNAL_INFO);
	return 0;
}

static int set_event_report(struct sim_call *c)
{
	uint64_t on;
	if (rq_uint(c, QMIF_NAS_SET_EVENT_REPORT_RQ_SIGNAL_STRENGTH_INDICATOR_REPORT, &on) ||
	    rq_uint(c, QMIF_NAS_SET_EVENT_REPORT_RQ_LTE_RSRP_DELTA_REPORT, &on))
		c->cl->ind = on ? c->cl->ind | SIM_IND_NAS_EVENT : c->cl->ind & ~SIM_IND_NAS_EVENT;
	return 0;
}

/* Automatic (action 1) or manual (action 2) registration. A manual one
 * names a network by MCC/MNC: on any other than the emulated one the
 * modem finds nothing, as a real one out of that network's coverage. */
static int initiate_network_register(struct sim_call *c)
{
	struct sim_modem *m = &c->s->m;
	uint64_t action = 0, mcc = 0, mnc = 0;
	if (m->card != SIM_CARD_READY)
		return QMI_ERR_UIM_UNINITIALIZED;
	if (!rq_uint(c, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_ACTION, &action))
		return QMI_ERR_MISSING_ARGUMENT;
	if (action != 1 && action != 2)
		return QMI_ERR_INVALID_ARGUMENT;
	if (action == 2) {
		if (!rq_uint(c, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_MANUAL_REGISTRATION_INFO_3GPP_MCC, &mcc) ||
		    !rq_uint(c, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_MANUAL_REGISTRATION_INFO_3GPP_MNC, &mnc))
			return QMI_ERR_MISSING_ARGUMENT;
		if (mcc != m->mcc || mnc != m->mnc)
			return QMI_ERR_NO_NETWORK_FOUND;
	}
	m->manual_plmn = action == 2;
	if (!sim_modem_registered(m))
		sim_start_registration(c->s);
	return 0;
}

/* Records the mode preference and the band masks (handlers_nas_bands.c)
 * (get-system-selection-preference and the control socket's state show
 * them); other fields are accepted as given. A request with anything
 * invalid changes nothing. */
static int set_system_selection_preference(struct sim_call *c)
{
	uint64_t pref;
	bool has_pref = rq_uint(c, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_MODE_PREFERENCE, &pref);
	if (has_pref && (!pref || pref > 0x7f))
		return QMI_ERR_INVALID_ARGUMENT;
	int e = sim_nas_ssp_bands(c, false);
	if (e)
		return e;
	if (has_pref)
		c->s->m.mode_pref = (uint16_t)pref;
	return sim_nas_ssp_bands(c, true);
}

static int get_system_selection_preference(struct sim_call *c)
{
	rs_uint(c, QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_EMERGENCY_MODE, 0);
	rs_uint(c, QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_MODE_PREFERENCE, c->s->m.mode_pref);
	rs_uint(c, QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_ROAMING_PREFERENCE, 0xff);
	rs_uint(c, QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_NETWORK_SELECTION_PREFERENCE, c->s->m.manual_plmn ? 1 : 0);
	sim_nas_ssp_bands_answer(c);
	return 0;
}

static int reset_client(struct sim_call *c)
{
	c->cl->ind = SIM_IND_SERVING_SYSTEM;
	return 0;
}

/* Signal, cells and bands: radio_model.c (sim_handlers_radio). */
static const struct sim_handler handlers[] = {
	{ QMI_NAS_RESET, reset_client },
	{ QMI_NAS_SET_EVENT_REPORT, set_event_report },
	{ QMI_NAS_REGISTER_INDICATIONS, register_indications },
	{ QMI_NAS_GET_SIGNAL_STRENGTH, get_signal_strength },
	{ QMI_NAS_INITIATE_NETWORK_REGISTER, initiate_network_register },
	{ QMI_NAS_GET_SERVING_SYSTEM, get_serving_system },
	{ QMI_NAS_GET_HOME_NETWORK, get_home_network },
	{ QMI_NAS_SET_SYSTEM_SELECTION_PREFERENCE, set_system_selection_preference },
	{ QMI_NAS_GET_SYSTEM_SELECTION_PREFERENCE, get_system_selection_preference },
	{ QMI_NAS_GET_OPERATOR_NAME, get_operator_name },
	{ QMI_NAS_GET_SYSTEM_INFO, get_system_info },
	{ QMI_NAS_NETWORK_SCAN, sim_nas_network_scan },
};

const struct sim_handler_table sim_handlers_nas = { QMI_SVC_NAS, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
