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
 * core names their fields the same; TLV numbers differ). */
void sim_nas_fill_serving_system(struct sim *s, struct qmi_msg *m)
{
	const struct sim_modem *st = &s->m;
	bool reg = sim_modem_registered(st);
	qmi_set_uint(m, "serving-system.registration-state", reg_number(st->reg));
	qmi_set_uint(m, "serving-system.cs-attach-state", reg ? 1 : 2);
	qmi_set_uint(m, "serving-system.ps-attach-state", reg ? 1 : 2);
	qmi_set_uint(m, "serving-system.selected-network", reg ? 2 : 0);
	struct qmi_val *v = qmi_set_array(m, "serving-system.radio-interfaces", reg ? 1 : 0);
	if (v && reg)
		v[0].u = st->rat;
	if (!reg)
		return;
	qmi_set_uint(m, "roaming-indicator", st->reg == SIM_REG_ROAMING ? 0 : 1);
	qmi_set_uint(m, "current-plmn.mcc", st->mcc);
	qmi_set_uint(m, "current-plmn.mnc", st->mnc);
	qmi_set_str(m, "current-plmn.description", st->operator_name);
	qmi_set_uint(m, "lac-3gpp", 0xfffe);
	qmi_set_uint(m, "cid-3gpp", 0x01a2d05);
	qmi_set_uint(m, "lte-tac", 0x3a1c);
	qmi_set_uint(m, "mnc-pcs-digit-include-status.mcc", st->mcc);
	qmi_set_uint(m, "mnc-pcs-digit-include-status.mnc", st->mnc);
	qmi_set_uint(m, "mnc-pcs-digit-include-status.includes-pcs-digit", st->mnc > 99);
}

void sim_nas_fill_signal_info(struct sim *s, struct qmi_msg *m)
{
	const struct sim_modem *st = &s->m;
	if (!sim_modem_registered(st))
		return;
	qmi_set_int(m, "lte-signal-strength.rssi", st->rssi);
	qmi_set_int(m, "lte-signal-strength.rsrq", st->rsrq);
	qmi_set_int(m, "lte-signal-strength.rsrp", st->rsrp);
	qmi_set_int(m, "lte-signal-strength.snr", st->sinr10);
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
	rs_int(c, "signal-strength.strength", st->rssi);
	rs_int(c, "signal-strength.radio-interface", st->rat);
	struct qmi_val *v = qmi_set_array(c->rsp, "rssi-list", 1);
	if (v) {
		qmi_val_set_uint(c->rsp, v, "rssi", (uint64_t)(st->rssi < 0 ? -st->rssi : st->rssi));
		qmi_val_set_uint(c->rsp, v, "radio-interface", st->rat);
	}
	rs_int(c, "rsrq.rsrq", st->rsrq);
	rs_int(c, "rsrq.radio-interface", st->rat);
	rs_int(c, "lte-snr", st->sinr10);
	rs_int(c, "lte-rsrp", st->rsrp);
	return 0;
}

static int get_signal_info(struct sim_call *c)
{
	if (!sim_modem_registered(&c->s->m))
		return QMI_ERR_NO_NETWORK_FOUND;
	sim_nas_fill_signal_info(c->s, c->rsp);
	return 0;
}

static int get_home_network(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (st->card != SIM_CARD_READY)
		return QMI_ERR_UIM_UNINITIALIZED;
	rs_uint(c, "home-network.mcc", st->mcc);
	rs_uint(c, "home-network.mnc", st->mnc);
	rs_str(c, "home-network.description", st->operator_name);
	return 0;
}

static int get_operator_name(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (st->card != SIM_CARD_READY)
		return QMI_ERR_UIM_UNINITIALIZED;
	rs_uint(c, "service-provider-name.name-display-condition", 0);
	rs_str(c, "service-provider-name.name", st->operator_name);
	rs_str(c, "operator-string-name", st->operator_name);
	return 0;
}

/* LTE service status and system info, for the response and the
 * indication alike. */
void sim_nas_fill_system_info(struct sim *s, struct qmi_msg *m)
{
	const struct sim_modem *st = &s->m;
	bool reg = sim_modem_registered(st);
	char mcc[8], mnc[8];
	qmi_set_uint(m, "lte-service-status.service-status", reg ? 2 : st->reg == SIM_REG_SEARCHING ? 0 : 1);
	qmi_set_uint(m, "lte-service-status.true-service-status", reg ? 2 : 0);
	qmi_set_uint(m, "lte-service-status.preferred-data-path", 0);
	if (!reg)
		return;
	snprintf(mcc, sizeof(mcc), "%03u", st->mcc % 1000);
	snprintf(mnc, sizeof(mnc), st->mnc > 99 ? "%03u" : "%02u", st->mnc % 1000);
	static const struct { const char *name; unsigned v; } fixed[] = {
		{ "domain-valid", 1 }, { "domain", 3 }, { "service-capability-valid", 1 },
		{ "service-capability", 3 }, { "roaming-status-valid", 1 }, { "forbidden-valid", 1 },
		{ "cid-valid", 1 }, { "cid", 0x01a2d05 }, { "network-id-valid", 1 }, { "tac-valid", 1 },
		{ "tac", 0x3a1c },
	};
	char path[64];
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(path, sizeof(path), "lte-system-info-v2.%s", fixed[i].name);
		qmi_set_uint(m, path, fixed[i].v);
	}
	qmi_set_uint(m, "lte-system-info-v2.roaming-status", st->reg == SIM_REG_ROAMING);
	qmi_set_str(m, "lte-system-info-v2.mcc", mcc);
	qmi_set_str(m, "lte-system-info-v2.mnc", mnc);
}

static int get_system_info(struct sim_call *c)
{
	sim_nas_fill_system_info(c->s, c->rsp);
	return 0;
}

static void set_ind(struct sim_call *c, const char *field, uint8_t tlv, unsigned bit)
{
	uint64_t on;
	if (rq_uint(c, field, tlv, &on))
		c->cl->ind = on ? c->cl->ind | bit : c->cl->ind & ~bit;
}

static int register_indications(struct sim_call *c)
{
	set_ind(c, "serving-system-events", 0x13, SIM_IND_SERVING_SYSTEM);
	set_ind(c, "system-info", 0x18, SIM_IND_SYSTEM_INFO);
	set_ind(c, "signal-info", 0x19, SIM_IND_SIGNAL_INFO);
	return 0;
}

static int set_event_report(struct sim_call *c)
{
	uint64_t on;
	if (qmi_get_uint(c->req, "signal-strength-indicator.report", &on) == 0 ||
	    qmi_get_uint(c->req, "lte-rsrp-delta.report", &on) == 0)
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
	if (!rq_uint(c, "action", 0x01, &action))
		return QMI_ERR_MISSING_ARGUMENT;
	if (action != 1 && action != 2)
		return QMI_ERR_INVALID_ARGUMENT;
	if (action == 2) {
		if (!qmi_has(c->req, "manual-registration-info-3gpp") ||
		    qmi_get_uint(c->req, "manual-registration-info-3gpp.mcc", &mcc) < 0 ||
		    qmi_get_uint(c->req, "manual-registration-info-3gpp.mnc", &mnc) < 0)
			return QMI_ERR_MISSING_ARGUMENT;
		if (mcc != m->mcc || mnc != m->mnc)
			return QMI_ERR_NO_NETWORK_FOUND;
	}
	m->manual_plmn = action == 2;
	if (!sim_modem_registered(m))
		sim_start_registration(c->s);
	return 0;
}

/* Records the mode preference (get-system-selection-preference and the
 * control socket's state show it); other fields are accepted as given. */
static int set_system_selection_preference(struct sim_call *c)
{
	uint64_t pref;
	if (rq_uint(c, "mode-preference", 0x11, &pref)) {
		if (!pref || pref > 0x7f)
			return QMI_ERR_INVALID_ARGUMENT;
		c->s->m.mode_pref = (uint16_t)pref;
	}
	return 0;
}

static int get_rf_band_information(struct sim_call *c)
{
	if (!sim_modem_registered(&c->s->m))
		return QMI_ERR_NO_NETWORK_FOUND;
	struct qmi_val *v = qmi_set_array(c->rsp, "list", 1);
	if (v) {
		qmi_val_set_uint(c->rsp, v, "radio-interface", c->s->m.rat);
		qmi_val_set_uint(c->rsp, v, "active-band-class", 122);  /* eutran-3 */
		qmi_val_set_uint(c->rsp, v, "active-channel", 1300);
	}
	return 0;
}

static int get_system_selection_preference(struct sim_call *c)
{
	rs_uint(c, "emergency-mode", 0);
	rs_uint(c, "mode-preference", c->s->m.mode_pref);
	rs_uint(c, "roaming-preference", 0xff);
	rs_uint(c, "network-selection-preference", c->s->m.manual_plmn ? 1 : 0);
	return 0;
}

/* The PLMN as 3GPP TS 24.008 BCD: MCC digit 2|1, MNC digit 3|MCC digit 3,
 * MNC digit 2|1 (0xF for a two-digit MNC). */
static void plmn_bcd(uint16_t mcc, uint16_t mnc, uint8_t out[3])
{
	unsigned m1 = mcc / 100 % 10, m2 = mcc / 10 % 10, m3 = mcc % 10;
	bool three = mnc > 99;
	unsigned n1 = three ? mnc / 100 % 10 : mnc / 10 % 10, n2 = three ? mnc / 10 % 10 : mnc % 10;
	unsigned n3 = three ? mnc % 10 : 0xf;
	out[0] = (uint8_t)(m2 << 4 | m1);
	out[1] = (uint8_t)(n3 << 4 | m3);
	out[2] = (uint8_t)(n2 << 4 | n1);
}

static int get_cell_location_info(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (!sim_modem_registered(st))
		return QMI_ERR_NO_NETWORK_FOUND;
	uint8_t plmn[3];
	plmn_bcd(st->mcc, st->mnc, plmn);
	rs_uint(c, "intrafrequency-lte-info-v2.ue-in-idle", 0);
	rs_bytes(c, "intrafrequency-lte-info-v2.plmn", plmn, 3);
	rs_uint(c, "intrafrequency-lte-info-v2.tracking-area-code", 0x3a1c);
	rs_uint(c, "intrafrequency-lte-info-v2.global-cell-id", 0x01a2d05);
	rs_uint(c, "intrafrequency-lte-info-v2.eutra-absolute-rf-channel-number", 1300);
	rs_uint(c, "intrafrequency-lte-info-v2.serving-cell-id", 117);
	rs_uint(c, "intrafrequency-lte-info-v2.cell-reselection-priority", 5);
	struct qmi_val *v = qmi_set_array(c->rsp, "intrafrequency-lte-info-v2.cell", 1);
	if (v) {
		/* tenths of dB/dBm */
		qmi_val_set_uint(c->rsp, v, "physical-cell-id", 117);
		qmi_val_set_uint(c->rsp, v, "rsrq", (uint64_t)(int64_t)(st->rsrq * 10));
		qmi_val_set_uint(c->rsp, v, "rsrp", (uint64_t)(int64_t)(st->rsrp * 10));
		qmi_val_set_uint(c->rsp, v, "rssi", (uint64_t)(int64_t)(st->rssi * 10));
		qmi_val_set_uint(c->rsp, v, "cell-selection-rx-level", 30);
	}
	return 0;
}

static int network_scan(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (st->card != SIM_CARD_READY)
		return QMI_ERR_UIM_UNINITIALIZED;
	struct qmi_val *v = qmi_set_array(c->rsp, "network-information", 1);
	if (v) {
		qmi_val_set_uint(c->rsp, v, "mcc", st->mcc);
		qmi_val_set_uint(c->rsp, v, "mnc", st->mnc);
		/* available, home, and serving when registered */
		qmi_val_set_uint(c->rsp, v, "network-status", sim_modem_registered(st) ? 0x7 : 0x6);
		qmi_val_set_str(c->rsp, v, "description", st->operator_name);
	}
	v = qmi_set_array(c->rsp, "radio-access-technology", 1);
	if (v) {
		qmi_val_set_uint(c->rsp, v, "mcc", st->mcc);
		qmi_val_set_uint(c->rsp, v, "mnc", st->mnc);
		qmi_val_set_uint(c->rsp, v, "radio-interface", st->rat);
	}
	rs_uint(c, "network-scan-result", 0);
	return 0;
}

static int ok(struct sim_call *c)
{
	return 0;
}

static int reset_client(struct sim_call *c)
{
	c->cl->ind = SIM_IND_SERVING_SYSTEM;
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_NAS_RESET, reset_client },
	{ QMI_NAS_SET_EVENT_REPORT, set_event_report },
	{ QMI_NAS_REGISTER_INDICATIONS, register_indications },
	{ QMI_NAS_GET_SIGNAL_STRENGTH, get_signal_strength },
	{ QMI_NAS_INITIATE_NETWORK_REGISTER, initiate_network_register },
	{ QMI_NAS_GET_SERVING_SYSTEM, get_serving_system },
	{ QMI_NAS_GET_HOME_NETWORK, get_home_network },
	{ QMI_NAS_GET_RF_BAND_INFORMATION, get_rf_band_information },
	{ QMI_NAS_SET_SYSTEM_SELECTION_PREFERENCE, set_system_selection_preference },
	{ QMI_NAS_GET_SYSTEM_SELECTION_PREFERENCE, get_system_selection_preference },
	{ QMI_NAS_GET_OPERATOR_NAME, get_operator_name },
	{ QMI_NAS_GET_SYSTEM_INFO, get_system_info },
	{ QMI_NAS_GET_CELL_LOCATION_INFO, get_cell_location_info },
	{ QMI_NAS_NETWORK_SCAN, network_scan },
	{ QMI_NAS_GET_SIGNAL_INFO, get_signal_info },
	{ QMI_NAS_CONFIG_SIGNAL_INFO, ok },
};

const struct sim_handler_table sim_handlers_nas = { QMI_SVC_NAS, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
