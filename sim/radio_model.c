/* The radio model: a directional antenna at a scripted angle, the cells it
 * hears, and the NAS messages that report them (signal info and its report
 * thresholds, cell location, carrier aggregation, RF bands).
 *
 * Each cell has an azimuth and a peak RSRP; the antenna loses 40 dB
 * linearly from its boresight to its back (integer arithmetic, so a
 * scripted sweep gives the same numbers everywhere). A neighbour is heard
 * while its RSRP is at least NEIGHBOUR_FLOOR: turning the antenna makes
 * neighbours appear and fade. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "qmi/ids.h"
#include "sim/sim.h"

#define NEIGHBOUR_FLOOR (-110)  /* dBm */
#define ANTENNA_LOSS_DB 40      /* at 180 degrees off boresight */

enum cell_role { ROLE_PCELL, ROLE_SCELL, ROLE_NR, ROLE_NEIGHBOUR };

struct cell {
	uint8_t role;
	bool nr;
	uint16_t pci;
	uint32_t chan;          /* EARFCN or NR-ARFCN */
	uint16_t band_class;    /* QMI active band class */
	uint8_t bw;             /* QMI DL bandwidth */
	int azimuth;            /* degrees */
	int peak;               /* RSRP at boresight, dBm */
};

/* band classes: 122 eutran-3, 145 eutran-20, 269 nr5g-78; bandwidths: 5 = 20 MHz,
 * 3 = 10 MHz, 17 = NR 100 MHz */
static const struct cell cells[] = {
	{ ROLE_PCELL, false, 117, 1300, 122, 5, 0, -72 },
	{ ROLE_SCELL, false, 117, 6300, 145, 3, 0, -78 },
	{ ROLE_NR, true, 501, 632628, 269, 17, 30, -76 },
	{ ROLE_NEIGHBOUR, false, 233, 1300, 122, 5, 120, -82 },
	{ ROLE_NEIGHBOUR, false, 342, 1300, 122, 5, 250, -84 },
	{ ROLE_NEIGHBOUR, false, 404, 1300, 122, 5, 60, -96 },
	{ ROLE_NEIGHBOUR, false, 88, 6300, 145, 3, 180, -86 },
};
#define TAC 0x3a1c
#define LTE_CELL_ID 0x01a2d05
#define NR_CELL_ID 0x0123456789ull

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Degrees between the antenna and the cell, 0..180. */
static int off_axis(int angle, int azimuth)
{
	int d = ((angle - azimuth) % 360 + 360) % 360;
	return d > 180 ? 360 - d : d;
}

static int cell_rsrp(const struct sim *s, const struct cell *c)
{
	return c->peak - ANTENNA_LOSS_DB * off_axis(s->radio.angle, c->azimuth) / 180;
}

/* RSRQ (dB) and SNR (tenths of dB) of a cell heard at rsrp: a loaded
 * network where quality falls with the level. */
static int cell_rsrq(const struct cell *c, int rsrp)
{
	return clamp(-4 + (rsrp + 80) / 4, -20, -3);
}

static int cell_snr10(const struct cell *c, int rsrp)
{
	return clamp((rsrp + 105) * 10, -100, 300);
}

static const struct cell *cell_of(enum cell_role role)
{
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++)
		if (cells[i].role == role)
			return &cells[i];
	return NULL;
}

static bool lte_on(const struct sim *s)
{
	return s->radio.nr != SIM_NR_SA;
}

static bool nr_on(const struct sim *s)
{
	return s->radio.nr != SIM_NR_OFF;
}

static void nr_values(const struct sim *s, int *rsrp, int *rsrq, int *snr10)
{
	const struct sim_radio *r = &s->radio;
	if (r->nr_set || r->steered) {
		*rsrp = r->nr_rsrp, *rsrq = r->nr_rsrq, *snr10 = r->nr_snr10;
		return;
	}
	*rsrp = -90, *rsrq = -11, *snr10 = 150;
}

/* The angle moved: the serving values follow it. */
static void steer(struct sim *s)
{
	struct sim_radio *r = &s->radio;
	const struct cell *p = cell_of(ROLE_PCELL), *n = cell_of(ROLE_NR);
	int rsrp = cell_rsrp(s, p);
	r->steered = true;
	s->m.rsrp = rsrp;
	s->m.rsrq = cell_rsrq(p, rsrp);
	s->m.sinr10 = cell_snr10(p, rsrp);
	s->m.rssi = rsrp + 26;  /* 100 resource blocks */
	rsrp = cell_rsrp(s, n);
	r->nr_rsrp = rsrp;
	r->nr_rsrq = cell_rsrq(n, rsrp);
	r->nr_snr10 = cell_snr10(n, rsrp);
	sim_signal_changed(s);
}

/* ---- signal info and its report thresholds ---- */

/* The current values in tenths; have[k] false when not reported. */
static void sig_values(const struct sim *s, int32_t v[SIM_SIG_N], bool have[SIM_SIG_N])
{
	int rsrp, rsrq, snr10;
	bool lte = lte_on(s), nr = nr_on(s);
	nr_values(s, &rsrp, &rsrq, &snr10);
	v[SIM_SIG_LTE_RSSI] = s->m.rssi * 10;
	v[SIM_SIG_LTE_RSRP] = s->m.rsrp * 10;
	v[SIM_SIG_LTE_RSRQ] = s->m.rsrq * 10;
	v[SIM_SIG_LTE_SNR] = s->m.sinr10;
	v[SIM_SIG_NR_RSRP] = rsrp * 10;
	v[SIM_SIG_NR_RSRQ] = rsrq * 10;
	v[SIM_SIG_NR_SNR] = snr10;
	for (int k = 0; k < SIM_SIG_N; k++)
		have[k] = k < SIM_SIG_NR_RSRP ? lte : nr;
}

/* The get-signal-info answer's field f, or the signal-info indication's. */
#define SI(f) (ind ? QMIF_NAS_SIGNAL_INFO_IN_##f : QMIF_NAS_GET_SIGNAL_INFO_RS_##f)

void sim_nas_fill_signal_info(struct sim *s, struct qmi_msg *m)
{
	bool ind = m->kind == QMI_INDICATION;
	const struct sim_modem *st = &s->m;
	if (!sim_modem_registered(st))
		return;
	if (lte_on(s)) {
		sim_put_int(s, m, SI(LTE_SIGNAL_STRENGTH_RSSI), st->rssi);
		sim_put_int(s, m, SI(LTE_SIGNAL_STRENGTH_RSRQ), st->rsrq);
		sim_put_int(s, m, SI(LTE_SIGNAL_STRENGTH_RSRP), st->rsrp);
		sim_put_int(s, m, SI(LTE_SIGNAL_STRENGTH_SNR), st->sinr10);
	}
	if (nr_on(s)) {
		int rsrp, rsrq, snr10;
		nr_values(s, &rsrp, &rsrq, &snr10);
		sim_put_int(s, m, SI(5G_SIGNAL_STRENGTH_RSRP), rsrp);
		sim_put_int(s, m, SI(5G_SIGNAL_STRENGTH_SNR), snr10);
		sim_put_int(s, m, SI(5G_SIGNAL_STRENGTH_EXTENDED), rsrq);
	}
}

static void fill_signal(struct sim *s, struct qmi_msg *m, const void *arg)
{
	sim_nas_fill_signal_info(s, m);
}

static bool crossed(const struct sim_sigcfg *g, int k, int32_t old, int32_t now)
{
	for (unsigned i = 0; i < g->n_th[k]; i++)
		if ((old < g->th[k][i]) != (now < g->th[k][i]))
			return true;
	return g->delta[k] && abs(now - old) >= g->delta[k];
}

void sim_radio_signal_indicate(struct sim *s)
{
	struct sim_svc_clients *sc = sim_clients_svc(&s->clients, QMI_SVC_NAS);
	int32_t v[SIM_SIG_N];
	bool have[SIM_SIG_N];
	if (!sc)
		return;
	sig_values(s, v, have);
	unsigned mask = 0;
	for (int k = 0; k < SIM_SIG_N; k++)
		mask |= have[k] ? 1u << k : 0;
	for (unsigned cid = 1; cid <= SIM_CID_POOL_MAX; cid++) {
		struct sim_client *c = &sc->c[cid];
		if (!c->used || !(c->ind & SIM_IND_SIGNAL_INFO))
			continue;
		struct sim_sigcfg *g = &c->sig;
		/* a radio that comes or goes is news whatever the thresholds */
		bool send = !g->configured || !g->sent || mask != g->have;
		for (int k = 0; k < SIM_SIG_N && !send; k++)
			send = have[k] && crossed(g, k, g->last[k], v[k]);
		if (!send)
			continue;
		memcpy(g->last, v, sizeof(g->last));
		g->have = mask;
		g->sent = true;
		sim_indicate(s, QMI_SVC_NAS, (uint8_t)cid, QMI_NAS_SIGNAL_INFO, fill_signal, NULL);
	}
}

/* Reads a threshold list of the request into the client's configuration;
 * scale turns the list's unit into tenths. */
static void take_list(struct sim_call *c, struct qmi_fh list, struct qmi_fh el, int k, int scale)
{
	struct sim_sigcfg *g = &c->cl->sig;
	const struct qmi_val *a = qmi_fget(c->req, list);
	if (!a)
		return;
	g->configured = true;
	g->n_th[k] = 0;
	for (size_t i = 0; i < a->n && g->n_th[k] < SIM_SIG_MAX_THRESHOLDS; i++) {
		int64_t t;
		if (qmi_eget_int(&a->kids[i], el, &t) == 0)
			g->th[k][g->n_th[k]++] = (int16_t)(t * scale);
	}
}

static void take_delta(struct sim_call *c, struct qmi_fh h, int k)
{
	uint64_t d;
	if (rq_uint(c, h, &d)) {
		c->cl->sig.configured = true;
		c->cl->sig.delta[k] = (uint16_t)d;
	}
}

static int config_signal_info(struct sim_call *c)
{
#define V1(f) QMIF_NAS_CONFIG_SIGNAL_INFO_RQ_##f
	take_list(c, V1(RSSI_THRESHOLD), V1(RSSI_THRESHOLD_ELEMENT), SIM_SIG_LTE_RSSI, 10);
	take_list(c, V1(RSRP_THRESHOLD), V1(RSRP_THRESHOLD_ELEMENT), SIM_SIG_LTE_RSRP, 10);
	take_list(c, V1(RSRQ_THRESHOLD), V1(RSRQ_THRESHOLD_ELEMENT), SIM_SIG_LTE_RSRQ, 10);
	take_list(c, V1(LTE_SNR_THRESHOLD), V1(LTE_SNR_THRESHOLD_ELEMENT), SIM_SIG_LTE_SNR, 1);
#undef V1
	c->cl->sig.sent = false;
	return 0;
}

static int config_signal_info_v2(struct sim_call *c)
{
#define V2(f) QMIF_NAS_CONFIG_SIGNAL_INFO_V2_RQ_##f
#define LIST(name, k) take_list(c, V2(name##_THRESHOLD_LIST), V2(name##_THRESHOLD_LIST_ELEMENT), k, 1); \
	take_delta(c, V2(name##_DELTA), k)
	LIST(LTE_RSSI, SIM_SIG_LTE_RSSI);
	LIST(LTE_RSRP, SIM_SIG_LTE_RSRP);
	LIST(LTE_RSRQ, SIM_SIG_LTE_RSRQ);
	LIST(LTE_SNR, SIM_SIG_LTE_SNR);
	LIST(NR5G_RSRP, SIM_SIG_NR_RSRP);
	LIST(NR5G_RSRQ, SIM_SIG_NR_RSRQ);
	LIST(NR5G_SNR, SIM_SIG_NR_SNR);
#undef LIST
#undef V2
	c->cl->sig.sent = false;
	return 0;
}

static int get_signal_info(struct sim_call *c)
{
	if (!sim_modem_registered(&c->s->m))
		return QMI_ERR_NO_NETWORK_FOUND;
	sim_nas_fill_signal_info(c->s, c->rsp);
	return 0;
}

/* ---- cells ---- */

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

/* The LTE neighbours heard on chan, at most max of them. */
static size_t heard(const struct sim *s, uint32_t chan, const struct cell **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(cells) && n < max; i++)
		if (cells[i].role == ROLE_NEIGHBOUR && cells[i].chan == chan &&
		    cell_rsrp(s, &cells[i]) >= NEIGHBOUR_FLOOR)
			out[n++] = &cells[i];
	return n;
}

/* One LTE cell entry (serving or neighbour) in tenths of dB/dBm. */
#define LTE_CELL_VALUES(put, el, F, rsrp, rsrq, rssi)                                      \
	do {                                                                               \
		put(c->s, c->rsp, el, F(_RSRQ), (rsrq) * 10);                             \
		put(c->s, c->rsp, el, F(_RSRP), (rsrp) * 10);                             \
		put(c->s, c->rsp, el, F(_RSSI), (rssi) * 10);                             \
		put(c->s, c->rsp, el, F(_CELL_SELECTION_RX_LEVEL), clamp(((rsrp) + 140) / 2, 0, 97)); \
	} while (0)

static void lte_cells(struct sim_call *c, const uint8_t plmn[3])
{
	const struct sim_modem *st = &c->s->m;
	const struct cell *p = cell_of(ROLE_PCELL), *nb[ARRAY_SIZE(cells)];
#define INTRA(f) QMIF_NAS_GET_CELL_LOCATION_INFO_RS_INTRAFREQUENCY_LTE_INFO_V2##f
#define INTRA_CELL(f) INTRA(_CELL##f)
	rs_uint(c, INTRA(_UE_IN_IDLE), 0);
	rs_bytes(c, INTRA(_PLMN), plmn, 3);
	rs_uint(c, INTRA(_TRACKING_AREA_CODE), TAC);
	rs_uint(c, INTRA(_GLOBAL_CELL_ID), LTE_CELL_ID);
	rs_uint(c, INTRA(_EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), p->chan);
	rs_uint(c, INTRA(_SERVING_CELL_ID), p->pci);
	rs_uint(c, INTRA(_CELL_RESELECTION_PRIORITY), 5);
	rs_uint(c, INTRA(_S_NON_INTRA_SEARCH_THRESHOLD), 8);
	rs_uint(c, INTRA(_SERVING_CELL_LOW_THRESHOLD), 4);
	rs_uint(c, INTRA(_S_INTRA_SEARCH_THRESHOLD), 31);
	size_t n = heard(c->s, p->chan, nb, ARRAY_SIZE(nb));
	struct qmi_val *v = sim_put_array(c->s, c->rsp, INTRA_CELL(), (unsigned)(1 + n));
	if (v) {
		sim_eput_uint(c->s, c->rsp, &v[0], INTRA_CELL(_PHYSICAL_CELL_ID), p->pci);
		LTE_CELL_VALUES(sim_eput_int, &v[0], INTRA_CELL, st->rsrp, st->rsrq, st->rssi);
		for (size_t i = 0; i < n; i++) {
			int rsrp = cell_rsrp(c->s, nb[i]);
			sim_eput_uint(c->s, c->rsp, &v[1 + i], INTRA_CELL(_PHYSICAL_CELL_ID), nb[i]->pci);
			LTE_CELL_VALUES(sim_eput_int, &v[1 + i], INTRA_CELL, rsrp, cell_rsrq(nb[i], rsrp),
					rsrp + 26);
		}
	}
#undef INTRA_CELL
#undef INTRA
	/* the other LTE frequency: the secondary carrier's */
#define INTER(f) QMIF_NAS_GET_CELL_LOCATION_INFO_RS_INTERFREQUENCY_LTE_INFO##f
#define INTER_FREQ(f) INTER(_FREQUENCY##f)
#define INTER_CELL(f) INTER(_FREQUENCY_CELL##f)
	const struct cell *sc = cell_of(ROLE_SCELL);
	rs_uint(c, INTER(_UE_IN_IDLE), 0);
	v = sim_put_array(c->s, c->rsp, INTER_FREQ(), 1);
	if (v) {
		sim_eput_uint(c->s, c->rsp, v, INTER_FREQ(_EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), sc->chan);
		sim_eput_uint(c->s, c->rsp, v, INTER_FREQ(_CELL_SELECTION_RX_LEVEL_LOW_THRESHOLD), 6);
		sim_eput_uint(c->s, c->rsp, v, INTER_FREQ(_CELL_SELECTION_RX_LEVEL_HIGH_THRESHOLD), 10);
		sim_eput_uint(c->s, c->rsp, v, INTER_FREQ(_CELL_RESELECTION_PRIORITY), 4);
		n = heard(c->s, sc->chan, nb, ARRAY_SIZE(nb));
		struct qmi_val *w = sim_eput_array(c->s, c->rsp, v, INTER_CELL(), (unsigned)n);
		for (size_t i = 0; w && i < n; i++) {
			int rsrp = cell_rsrp(c->s, nb[i]);
			sim_eput_uint(c->s, c->rsp, &w[i], INTER_CELL(_PHYSICAL_CELL_ID), nb[i]->pci);
			LTE_CELL_VALUES(sim_eput_int, &w[i], INTER_CELL, rsrp, cell_rsrq(nb[i], rsrp),
					rsrp + 23);
		}
	}
#undef INTER_CELL
#undef INTER_FREQ
#undef INTER
	rs_uint(c, QMIF_NAS_GET_CELL_LOCATION_INFO_RS_LTE_INFO_TIMING_ADVANCE, 3);
}

static void nr_cell(struct sim_call *c, const uint8_t plmn[3])
{
#define NR(f) QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_CELL_INFORMATION_##f
	const struct cell *n = cell_of(ROLE_NR);
	int rsrp, rsrq, snr10;
	const uint8_t tac[3] = { 0, TAC >> 8, TAC & 0xff };     /* big-endian */
	nr_values(c->s, &rsrp, &rsrq, &snr10);
	rs_uint(c, QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_ARFCN, n->chan);
	rs_bytes(c, NR(PLMN), plmn, 3);
	rs_bytes(c, NR(TRACKING_AREA_CODE), tac, 3);
	rs_uint(c, NR(GLOBAL_CELL_ID), NR_CELL_ID);
	rs_uint(c, NR(PHYSICAL_CELL_ID), n->pci);
	rs_int(c, NR(RSRQ), rsrq * 10);
	rs_int(c, NR(RSRP), rsrp * 10);
	rs_int(c, NR(SNR), snr10);
#undef NR
}

static int get_cell_location_info(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (!sim_modem_registered(st))
		return QMI_ERR_NO_NETWORK_FOUND;
	uint8_t plmn[3];
	plmn_bcd(st->mcc, st->mnc, plmn);
	if (lte_on(c->s))
		lte_cells(c, plmn);
	if (nr_on(c->s))
		nr_cell(c, plmn);
	return 0;
}

static int get_lte_cphy_ca_info(struct sim_call *c)
{
	if (!sim_modem_registered(&c->s->m) || !lte_on(c->s))
		return QMI_ERR_NO_NETWORK_FOUND;
	const struct cell *p = cell_of(ROLE_PCELL), *sc = cell_of(ROLE_SCELL);
#define CA(f) QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_##f
	rs_uint(c, CA(DL_BANDWIDTH), p->bw);
	rs_uint(c, CA(PHY_CA_AGG_PCELL_INFO_PHYSICAL_CELL_ID), p->pci);
	rs_uint(c, CA(PHY_CA_AGG_PCELL_INFO_RX_CHANNEL), p->chan);
	rs_uint(c, CA(PHY_CA_AGG_PCELL_INFO_DL_BANDWIDTH), p->bw);
	rs_uint(c, CA(PHY_CA_AGG_PCELL_INFO_LTE_BAND), p->band_class);
	rs_uint(c, CA(PHY_CA_AGG_SCELL_INFO_PHYSICAL_CELL_ID), sc->pci);
	rs_uint(c, CA(PHY_CA_AGG_SCELL_INFO_RX_CHANNEL), sc->chan);
	rs_uint(c, CA(PHY_CA_AGG_SCELL_INFO_DL_BANDWIDTH), sc->bw);
	rs_uint(c, CA(PHY_CA_AGG_SCELL_INFO_LTE_BAND), sc->band_class);
	rs_uint(c, CA(PHY_CA_AGG_SCELL_INFO_STATE), 2);         /* activated */
	rs_uint(c, CA(SCELL_INDEX), 1);
	struct qmi_val *v = sim_put_array(c->s, c->rsp, CA(PHY_CA_AGG_SECONDARY_CELLS), 1);
	if (v) {
#define SSC(f) CA(PHY_CA_AGG_SECONDARY_CELLS_##f)
		sim_eput_uint(c->s, c->rsp, v, SSC(PHYSICAL_CELL_ID), sc->pci);
		sim_eput_uint(c->s, c->rsp, v, SSC(RX_CHANNEL), sc->chan);
		sim_eput_uint(c->s, c->rsp, v, SSC(DL_BANDWIDTH), sc->bw);
		sim_eput_uint(c->s, c->rsp, v, SSC(LTE_BAND), sc->band_class);
		sim_eput_uint(c->s, c->rsp, v, SSC(STATE), 2);
		sim_eput_uint(c->s, c->rsp, v, SSC(CELL_INDEX), 1);
#undef SSC
	}
#undef CA
	return 0;
}

static int get_rf_band_information(struct sim_call *c)
{
	if (!sim_modem_registered(&c->s->m))
		return QMI_ERR_NO_NETWORK_FOUND;
	const struct cell *p = cell_of(ROLE_PCELL), *n = cell_of(ROLE_NR);
	const struct cell *on[2];
	unsigned k = 0;
	if (lte_on(c->s))
		on[k++] = p;
	if (nr_on(c->s))
		on[k++] = n;
#define RF(f) QMIF_NAS_GET_RF_BAND_INFORMATION_RS_##f
	/* the 16-bit list: LTE only (an NR-ARFCN does not fit) */
	struct qmi_val *v = sim_put_array(c->s, c->rsp, RF(LIST), lte_on(c->s) ? 1 : 0);
	if (v && lte_on(c->s)) {
		sim_eput_uint(c->s, c->rsp, v, RF(LIST_RADIO_INTERFACE), 8);
		sim_eput_uint(c->s, c->rsp, v, RF(LIST_ACTIVE_BAND_CLASS), p->band_class);
		sim_eput_uint(c->s, c->rsp, v, RF(LIST_ACTIVE_CHANNEL), p->chan);
	}
	v = sim_put_array(c->s, c->rsp, RF(EXTENDED_LIST), k);
	struct qmi_val *w = sim_put_array(c->s, c->rsp, RF(BANDWIDTH_LIST), k);
	for (unsigned i = 0; v && w && i < k; i++) {
		uint8_t rat = on[i]->nr ? 12 : 8;
		sim_eput_uint(c->s, c->rsp, &v[i], RF(EXTENDED_LIST_RADIO_INTERFACE), rat);
		sim_eput_uint(c->s, c->rsp, &v[i], RF(EXTENDED_LIST_ACTIVE_BAND_CLASS), on[i]->band_class);
		sim_eput_uint(c->s, c->rsp, &v[i], RF(EXTENDED_LIST_ACTIVE_CHANNEL), on[i]->chan);
		sim_eput_uint(c->s, c->rsp, &w[i], RF(BANDWIDTH_LIST_RADIO_INTERFACE), rat);
		sim_eput_uint(c->s, c->rsp, &w[i], RF(BANDWIDTH_LIST_BANDWIDTH), on[i]->bw);
	}
#undef RF
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_NAS_GET_SIGNAL_INFO, get_signal_info },
	{ QMI_NAS_CONFIG_SIGNAL_INFO, config_signal_info },
	{ QMI_NAS_CONFIG_SIGNAL_INFO_V2, config_signal_info_v2 },
	{ QMI_NAS_GET_CELL_LOCATION_INFO, get_cell_location_info },
	{ QMI_NAS_GET_LTE_CPHY_CA_INFO, get_lte_cphy_ca_info },
	{ QMI_NAS_GET_RF_BAND_INFORMATION, get_rf_band_information },
};

/* Looked up before handlers_nas.c's table. */
const struct sim_handler_table sim_handlers_radio = { QMI_SVC_NAS, handlers, ARRAY_SIZE(handlers) };

/* ---- control commands ---- */

static int answer(struct sim *s, struct strbuf *out, bool ok, const char *err)
{
	if (!ok) {
		sb_puts(out, "{\"ok\":false,\"error\":");
		sb_put_json_str(out, err, strlen(err));
		sb_putc(out, '}');
		return -1;
	}
	const struct sim_radio *r = &s->radio;
	int rsrp, rsrq, snr10;
	nr_values(s, &rsrp, &rsrq, &snr10);
	static const char *const modes[] = { [SIM_NR_NSA] = "nsa", [SIM_NR_OFF] = "off", [SIM_NR_SA] = "sa" };
	sb_printf(out, "{\"ok\":true,\"angle\":%d,\"sweeping\":%s,\"nr\":\"%s\",\"lte_rsrp\":%d,"
		  "\"nr_rsrp\":%d,\"neighbours\":[", r->angle, r->sweep.pending ? "true" : "false",
		  modes[r->nr], s->m.rsrp, rsrp);
	unsigned n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++)
		if (cells[i].role == ROLE_NEIGHBOUR && cell_rsrp(s, &cells[i]) >= NEIGHBOUR_FLOOR)
			sb_printf(out, "%s%u", n++ ? "," : "", cells[i].pci);
	sb_puts(out, "]}");
	return 0;
}

static void sweep_cb(struct ev_timer *t)
{
	struct sim *s = container_of(t, struct sim, radio.sweep);
	struct sim_radio *r = &s->radio;
	int left = r->to - r->angle;
	r->angle = abs(left) <= abs(r->step) ? r->to : r->angle + r->step;
	steer(s);
	if (r->angle != r->to)
		ev_timer_set(&s->loop, &r->sweep, r->step_ms);
	sim_log(s, "radio: antenna at %d degrees", r->angle);
}

/* antenna [ANGLE | sweep FROM TO STEP MS]; radio nr nsa|sa|off */
int sim_radio_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	struct sim_radio *r = &s->radio;
	long a, b, step, ms;
	if (!strcmp(argv[0], "radio")) {
		if (argc != 3 || strcmp(argv[1], "nr"))
			return answer(s, out, false, "usage: radio nr nsa|sa|off");
		int mode = !strcmp(argv[2], "nsa") ? SIM_NR_NSA : !strcmp(argv[2], "sa") ? SIM_NR_SA :
			   !strcmp(argv[2], "off") ? SIM_NR_OFF : -1;
		if (mode < 0)
			return answer(s, out, false, "radio nr: nsa, sa or off");
		r->nr = (enum sim_nr_mode)mode;
		sim_signal_changed(s);
		return answer(s, out, true, NULL);
	}
	if (argc == 1)
		return answer(s, out, true, NULL);
	if (!strcmp(argv[1], "sweep")) {
		if (argc != 6 || !sim_num(argv[2], -3600, 3600, &a) || !sim_num(argv[3], -3600, 3600, &b) ||
		    !sim_num(argv[4], 1, 360, &step) || !sim_num(argv[5], 10, 60000, &ms))
			return answer(s, out, false, "usage: antenna sweep FROM TO STEP MS "
						     "(degrees; STEP 1..360, MS 10..60000)");
		ev_timer_cancel(&s->loop, &r->sweep);
		r->angle = (int)a;
		r->to = (int)b;
		r->step = b < a ? -(int)step : (int)step;
		r->step_ms = (uint32_t)ms;
		r->sweep.cb = sweep_cb;
		steer(s);
		if (r->angle != r->to)
			ev_timer_set(&s->loop, &r->sweep, r->step_ms);
		return answer(s, out, true, NULL);
	}
	if (argc != 2 || !sim_num(argv[1], -3600, 3600, &a))
		return answer(s, out, false, "usage: antenna [DEGREES | sweep FROM TO STEP MS]");
	ev_timer_cancel(&s->loop, &r->sweep);
	r->angle = (int)a;
	steer(s);
	return answer(s, out, true, NULL);
}
