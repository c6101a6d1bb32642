/* NAS messages into the monitor's model and the cells report. */
#include "tool/radio_qmi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qmi/fields.h"

#define NR_NA (-32768)  /* a 5G value the modem does not have */

static bool get_int(const struct qmi_msg *m, struct qmi_fh h, int64_t *v)
{
	return qmi_fget_int(m, h, v) == 0;
}

static bool get_uint(const struct qmi_msg *m, struct qmi_fh h, uint64_t *v)
{
	return qmi_fget_uint(m, h, v) == 0;
}

static void put(struct mon_sample *s, enum mon_rat r, enum mon_val k, int64_t tenths)
{
	s->have[r][k] = true;
	s->v[r][k] = (int32_t)tenths;
}

/* The readings of a signal-info answer (rs) or indication (in), one row
 * each: SIG(f) names the field in both. */
#define SIG(f) QMIF_NAS_GET_SIGNAL_INFO_RS_##f, QMIF_NAS_SIGNAL_INFO_IN_##f
static const struct sig_row {
	struct qmi_fh rs, in;
	uint8_t rat, val;
	uint8_t scale;          /* to tenths: 10 for whole units, 1 for tenths */
	bool nr_na;             /* a 5G value: NR_NA is "none" */
} sig_rows[] = {
	{ SIG(LTE_SIGNAL_STRENGTH_RSRP), MON_LTE, MON_RSRP, 10, false },
	{ SIG(LTE_SIGNAL_STRENGTH_RSRQ), MON_LTE, MON_RSRQ, 10, false },
	{ SIG(LTE_SIGNAL_STRENGTH_SNR), MON_LTE, MON_SINR, 1, false },
	{ SIG(LTE_SIGNAL_STRENGTH_RSSI), MON_LTE, MON_RSSI, 10, false },
	{ SIG(5G_SIGNAL_STRENGTH_RSRP), MON_NR, MON_RSRP, 10, true },
	{ SIG(5G_SIGNAL_STRENGTH_SNR), MON_NR, MON_SINR, 1, true },
	{ SIG(5G_SIGNAL_STRENGTH_EXTENDED), MON_NR, MON_RSRQ, 10, true },
};
#undef SIG

void radio_signal_sample(const struct qmi_msg *m, struct mon_sample *out)
{
	bool ind = m->kind == QMI_INDICATION;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(sig_rows) / sizeof(sig_rows[0]); i++) {
		const struct sig_row *r = &sig_rows[i];
		int64_t v;
		if (get_int(m, ind ? r->in : r->rs, &v) && !(r->nr_na && v == NR_NA))
			put(out, r->rat, r->val, v * r->scale);
	}
}

/* The number at the end of an enum name: 3 for "eutran-3", 78 for "nr5g-78". */
static unsigned band_number(const struct qmi_val *v)
{
	const char *n = v && v->f ? qmi_enum_name(qmi_field_enum(v->f), (uint32_t)v->u) : NULL;
	const char *dash = n ? strrchr(n, '-') : NULL;
	if (!dash || (strncmp(n, "eutran-", 7) && strncmp(n, "nr5g-", 5)))
		return 0;
	return (unsigned)strtoul(dash + 1, NULL, 10);
}

/* kHz from a QMI DL bandwidth name: "1-4", "20", "5gnr-100"; 0 unknown. */
static uint32_t bandwidth_khz(const struct qmi_val *v)
{
	const char *n = v && v->f ? qmi_enum_name(qmi_field_enum(v->f), (uint32_t)v->u) : NULL;
	if (!n)
		return 0;
	if (!strcmp(n, "1-4"))
		return 1400;
	if (!strncmp(n, "5gnr-", 5))
		n += 5;
	char *end;
	unsigned long mhz = strtoul(n, &end, 10);
	return *end || !mhz ? 0 : (uint32_t)mhz * 1000;
}

void radio_rf_bands(const struct qmi_msg *m, struct mon_model *md)
{
#define RF(f) QMIF_NAS_GET_RF_BAND_INFORMATION_RS_##f
	const struct qmi_val *a = qmi_fget(m, RF(EXTENDED_LIST));
	bool ext = a != NULL;
	if (!a)
		a = qmi_fget(m, RF(LIST));
	for (uint32_t i = 0; a && i < a->n; i++) {
		const struct qmi_val *el = &a->kids[i];
		uint64_t rat, chan;
		if (qmi_eget_uint(el, ext ? RF(EXTENDED_LIST_RADIO_INTERFACE) : RF(LIST_RADIO_INTERFACE), &rat))
			continue;
		enum mon_rat r = rat == 8 ? MON_LTE : rat == 12 ? MON_NR : MON_NRAT;
		if (r == MON_NRAT)
			continue;
		struct mon_cell *c = &md->cell[r];
		c->have = true;
		c->band = (uint16_t)band_number(qmi_eget(el, ext ? RF(EXTENDED_LIST_ACTIVE_BAND_CLASS) :
								RF(LIST_ACTIVE_BAND_CLASS)));
		if (!qmi_eget_uint(el, ext ? RF(EXTENDED_LIST_ACTIVE_CHANNEL) : RF(LIST_ACTIVE_CHANNEL), &chan))
			c->chan = (uint32_t)chan;
	}
	a = qmi_fget(m, RF(BANDWIDTH_LIST));
	for (uint32_t i = 0; a && i < a->n; i++) {
		uint64_t rat;
		if (qmi_eget_uint(&a->kids[i], RF(BANDWIDTH_LIST_RADIO_INTERFACE), &rat) || (rat != 8 && rat != 12))
			continue;
		md->cell[rat == 8 ? MON_LTE : MON_NR].bw_khz =
			bandwidth_khz(qmi_eget(&a->kids[i], RF(BANDWIDTH_LIST_BANDWIDTH)));
	}
#undef RF
}

static const char *scell_state(const struct qmi_val *v)
{
	return v && v->f ? qmi_enum_name(qmi_field_enum(v->f), (uint32_t)v->u) : NULL;
}

/* One cell of the carrier-aggregation answer: its fields in the message
 * (el NULL) or in an element of the secondary cells' list. */
struct ca_fields {
	struct qmi_fh pci, chan, band, bw, state;
	bool has_state;         /* the primary cell has none */
};

static bool uint_of(const struct qmi_msg *m, const struct qmi_val *el, struct qmi_fh h, uint64_t *u)
{
	return (el ? qmi_eget_uint(el, h, u) : qmi_fget_uint(m, h, u)) == 0;
}

static const struct qmi_val *val_of(const struct qmi_msg *m, const struct qmi_val *el, struct qmi_fh h)
{
	return el ? qmi_eget(el, h) : qmi_fget(m, h);
}

static void ca_cell(struct mon_model *md, const struct qmi_msg *m, const struct qmi_val *el,
		    const struct ca_fields *f)
{
	uint64_t u;
	struct mon_cell *c = &md->ca[md->n_ca++];
	*c = (struct mon_cell){ .have = true, .pci = -1 };
	if (uint_of(m, el, f->pci, &u))
		c->pci = (int32_t)u;
	if (uint_of(m, el, f->chan, &u))
		c->chan = (uint32_t)u;
	c->band = (uint16_t)band_number(val_of(m, el, f->band));
	c->bw_khz = bandwidth_khz(val_of(m, el, f->bw));
	if (f->has_state)
		c->state = scell_state(val_of(m, el, f->state));
}

#define CA(f) QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_##f
#define CA_CELL(p) { CA(p##_PHYSICAL_CELL_ID), CA(p##_RX_CHANNEL), CA(p##_LTE_BAND), CA(p##_DL_BANDWIDTH)
static const struct ca_fields ca_pcell = CA_CELL(PHY_CA_AGG_PCELL_INFO), .has_state = false };
static const struct ca_fields ca_scells = CA_CELL(PHY_CA_AGG_SECONDARY_CELLS), CA(PHY_CA_AGG_SECONDARY_CELLS_STATE), true };
static const struct ca_fields ca_scell = CA_CELL(PHY_CA_AGG_SCELL_INFO), CA(PHY_CA_AGG_SCELL_INFO_STATE), true };
#undef CA_CELL

void radio_ca(const struct qmi_msg *m, struct mon_model *md)
{
	md->n_ca = 0;
	if (!qmi_fhas(m, CA(PHY_CA_AGG_PCELL_INFO)))
		return;
	ca_cell(md, m, NULL, &ca_pcell);
	const struct qmi_val *a = qmi_fget(m, CA(PHY_CA_AGG_SECONDARY_CELLS));
	for (uint32_t i = 0; a && i < a->n && md->n_ca < MON_MAX_CA; i++)
		ca_cell(md, m, &a->kids[i], &ca_scells);
	/* the older single secondary cell, when the list is not there */
	if (!a && qmi_fhas(m, CA(PHY_CA_AGG_SCELL_INFO)))
		ca_cell(md, m, NULL, &ca_scell);
#undef CA
}

#define LOC(f) QMIF_NAS_GET_CELL_LOCATION_INFO_RS_##f

void radio_cell_ids(const struct qmi_msg *m, struct mon_model *md)
{
	uint64_t u;
	if (get_uint(m, LOC(INTRAFREQUENCY_LTE_INFO_V2_SERVING_CELL_ID), &u)) {
		md->cell[MON_LTE].have = true;
		md->cell[MON_LTE].pci = (int32_t)u;
		if (!md->cell[MON_LTE].chan &&
		    get_uint(m, LOC(INTRAFREQUENCY_LTE_INFO_V2_EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), &u))
			md->cell[MON_LTE].chan = (uint32_t)u;
	}
	if (get_uint(m, LOC(NR5G_CELL_INFORMATION_PHYSICAL_CELL_ID), &u)) {
		md->cell[MON_NR].have = true;
		md->cell[MON_NR].pci = (int32_t)u;
		if (!md->cell[MON_NR].chan && get_uint(m, LOC(NR5G_ARFCN), &u))
			md->cell[MON_NR].chan = (uint32_t)u;
	}
}

/* Downlink EARFCN ranges of the common E-UTRA bands (TS 36.101 table 5.7.3-1). */
static const struct {
	uint16_t band;
	uint32_t lo, hi;
} earfcn_bands[] = {
	{ 1, 0, 599 }, { 2, 600, 1199 }, { 3, 1200, 1949 }, { 4, 1950, 2399 }, { 5, 2400, 2649 },
	{ 7, 2750, 3449 }, { 8, 3450, 3799 }, { 12, 5010, 5179 }, { 13, 5180, 5279 }, { 14, 5280, 5379 },
	{ 17, 5730, 5849 }, { 18, 5850, 5999 }, { 19, 6000, 6149 }, { 20, 6150, 6449 }, { 21, 6450, 6599 },
	{ 25, 8040, 8689 }, { 26, 8690, 9039 }, { 28, 9210, 9659 }, { 29, 9660, 9769 }, { 30, 9770, 9869 },
	{ 32, 9920, 10359 }, { 38, 37750, 38249 }, { 39, 38250, 38649 }, { 40, 38650, 39649 },
	{ 41, 39650, 41589 }, { 42, 41590, 43589 }, { 43, 43590, 45589 }, { 46, 46790, 54539 },
	{ 48, 55240, 56739 }, { 66, 66436, 67335 }, { 71, 68586, 68935 },
};

unsigned radio_lte_band_of_earfcn(uint32_t e)
{
	for (size_t i = 0; i < sizeof(earfcn_bands) / sizeof(earfcn_bands[0]); i++)
		if (e >= earfcn_bands[i].lo && e <= earfcn_bands[i].hi)
			return earfcn_bands[i].band;
	return 0;
}

bool radio_plmn_text(const uint8_t *p, size_t n, char out[8])
{
	if (n != 3)
		return false;
	unsigned d[6] = { p[0] & 0xf, p[0] >> 4, p[1] & 0xf, p[2] & 0xf, p[2] >> 4, p[1] >> 4 };
	size_t k = 0;
	for (int i = 0; i < 6; i++) {
		if (i == 5 && d[i] == 0xf)
			break;
		if (d[i] > 9)
			return false;
		out[k++] = (char)('0' + d[i]);
	}
	out[k] = 0;
	return true;
}

static void put_tenths_key(struct strbuf *out, const char *key, int64_t tenths)
{
	sb_printf(out, ",\"%s\":", key);
	mon_put_tenths(out, (int32_t)tenths);
}

static void put_mhz(struct strbuf *out, uint32_t khz)
{
	if (khz)
		put_tenths_key(out, "bandwidth_mhz", khz / 100);
}

static void put_band(struct strbuf *out, unsigned band, bool nr)
{
	if (band)
		sb_printf(out, ",\"band\":\"%s%u\"", nr ? "n" : "", band);
}

static void put_plmn(struct strbuf *out, const struct qmi_val *v)
{
	char plmn[8];
	if (v && radio_plmn_text(v->p, v->n, plmn))
		sb_printf(out, ",\"plmn\":\"%s\"", plmn);
}

/* An LTE cell element's values, given in tenths. */
static void lte_values(struct strbuf *out, const struct qmi_val *el, struct qmi_fh rsrp, struct qmi_fh rsrq,
		       struct qmi_fh rssi)
{
	int64_t v;
	if (!qmi_eget_int(el, rsrp, &v))
		put_tenths_key(out, "rsrp_dbm", v);
	if (!qmi_eget_int(el, rsrq, &v))
		put_tenths_key(out, "rsrq_db", v);
	if (!qmi_eget_int(el, rssi, &v))
		put_tenths_key(out, "rssi_dbm", v);
}

void radio_cells_json(const struct qmi_msg *loc, const struct mon_model *md, struct strbuf *out)
{
	uint64_t u, chan = 0, pci = 0;
	bool first = true;
	sb_puts(out, "\"serving\":[");
#define INTRA(f) LOC(INTRAFREQUENCY_LTE_INFO_V2_##f)
	const struct qmi_val *cells = qmi_fget(loc, INTRA(CELL));
	if (qmi_fhas(loc, LOC(INTRAFREQUENCY_LTE_INFO_V2))) {
		first = false;
		sb_puts(out, "{\"rat\":\"lte\"");
		put_plmn(out, qmi_fget(loc, INTRA(PLMN)));
		if (get_uint(loc, INTRA(TRACKING_AREA_CODE), &u))
			sb_printf(out, ",\"tac\":%llu", (unsigned long long)u);
		if (get_uint(loc, INTRA(GLOBAL_CELL_ID), &u))
			sb_printf(out, ",\"cell_id\":%llu", (unsigned long long)u);
		get_uint(loc, INTRA(SERVING_CELL_ID), &pci);
		get_uint(loc, INTRA(EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), &chan);
		sb_printf(out, ",\"pci\":%llu,\"earfcn\":%llu", (unsigned long long)pci, (unsigned long long)chan);
		put_band(out, md->cell[MON_LTE].band && md->cell[MON_LTE].chan == chan ? md->cell[MON_LTE].band :
			      radio_lte_band_of_earfcn((uint32_t)chan), false);
		put_mhz(out, md->cell[MON_LTE].bw_khz);
		for (uint32_t i = 0; cells && i < cells->n; i++) {
			if (qmi_eget_uint(&cells->kids[i], INTRA(CELL_PHYSICAL_CELL_ID), &u) || u != pci)
				continue;
			lte_values(out, &cells->kids[i], INTRA(CELL_RSRP), INTRA(CELL_RSRQ), INTRA(CELL_RSSI));
			break;
		}
		if (get_uint(loc, LOC(LTE_INFO_TIMING_ADVANCE), &u) && u != 0xffffffffu)
			sb_printf(out, ",\"timing_advance_us\":%llu", (unsigned long long)u);
		sb_putc(out, '}');
	}
#define NR(f) LOC(NR5G_CELL_INFORMATION_##f)
	if (qmi_fhas(loc, LOC(NR5G_CELL_INFORMATION))) {
		int64_t v;
		sb_printf(out, "%s{\"rat\":\"nr\"", first ? "" : ",");
		put_plmn(out, qmi_fget(loc, NR(PLMN)));
		const struct qmi_val *tac = qmi_fget(loc, NR(TRACKING_AREA_CODE));
		if (tac && tac->n == 3)
			sb_printf(out, ",\"tac\":%u", (unsigned)tac->p[0] << 16 | (unsigned)tac->p[1] << 8 | tac->p[2]);
		if (get_uint(loc, NR(GLOBAL_CELL_ID), &u))
			sb_printf(out, ",\"cell_id\":%llu", (unsigned long long)u);
		if (get_uint(loc, NR(PHYSICAL_CELL_ID), &u))
			sb_printf(out, ",\"pci\":%llu", (unsigned long long)u);
		if (get_uint(loc, LOC(NR5G_ARFCN), &u))
			sb_printf(out, ",\"nr_arfcn\":%llu", (unsigned long long)u);
		put_band(out, md->cell[MON_NR].band, true);
		put_mhz(out, md->cell[MON_NR].bw_khz);
		if (get_int(loc, NR(RSRP), &v) && v != NR_NA)
			put_tenths_key(out, "rsrp_dbm", v);
		if (get_int(loc, NR(RSRQ), &v) && v != NR_NA)
			put_tenths_key(out, "rsrq_db", v);
		if (get_int(loc, NR(SNR), &v) && v != NR_NA)
			put_tenths_key(out, "sinr_db", v);
		sb_putc(out, '}');
	}
#undef NR
	sb_puts(out, "],\"neighbours\":[");
	first = true;
	for (uint32_t i = 0; cells && i < cells->n; i++) {
		const struct qmi_val *el = &cells->kids[i];
		if (qmi_eget_uint(el, INTRA(CELL_PHYSICAL_CELL_ID), &u) || u == pci)
			continue;
		sb_printf(out, "%s{\"rat\":\"lte\",\"frequency\":\"intra\",\"pci\":%llu,\"earfcn\":%llu",
			  first ? "" : ",", (unsigned long long)u, (unsigned long long)chan);
		put_band(out, radio_lte_band_of_earfcn((uint32_t)chan), false);
		lte_values(out, el, INTRA(CELL_RSRP), INTRA(CELL_RSRQ), INTRA(CELL_RSSI));
		sb_putc(out, '}');
		first = false;
	}
#undef INTRA
#define INTER(f) LOC(INTERFREQUENCY_LTE_INFO_FREQUENCY_##f)
	const struct qmi_val *fr = qmi_fget(loc, LOC(INTERFREQUENCY_LTE_INFO_FREQUENCY));
	for (uint32_t i = 0; fr && i < fr->n; i++) {
		uint64_t ch = 0;
		if (qmi_eget_uint(&fr->kids[i], INTER(EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), &ch))
			continue;
		const struct qmi_val *cl = qmi_eget(&fr->kids[i], INTER(CELL));
		for (uint32_t j = 0; cl && j < cl->n; j++) {
			const struct qmi_val *el = &cl->kids[j];
			if (qmi_eget_uint(el, INTER(CELL_PHYSICAL_CELL_ID), &u))
				continue;
			sb_printf(out, "%s{\"rat\":\"lte\",\"frequency\":\"inter\",\"pci\":%llu,\"earfcn\":%llu",
				  first ? "" : ",", (unsigned long long)u, (unsigned long long)ch);
			put_band(out, radio_lte_band_of_earfcn((uint32_t)ch), false);
			lte_values(out, el, INTER(CELL_RSRP), INTER(CELL_RSRQ), INTER(CELL_RSSI));
			sb_putc(out, '}');
			first = false;
		}
	}
#undef INTER
	sb_puts(out, "],\"ca\":[");
	for (unsigned i = 0; i < md->n_ca; i++) {
		const struct mon_cell *c = &md->ca[i];
		sb_printf(out, "%s{\"role\":\"%s\",\"earfcn\":%u", i ? "," : "", i ? "secondary" : "primary",
			  c->chan);
		if (c->pci >= 0)
			sb_printf(out, ",\"pci\":%d", (int)c->pci);
		put_band(out, c->band, false);
		put_mhz(out, c->bw_khz);
		if (c->state)
			sb_printf(out, ",\"state\":\"%s\"", c->state);
		sb_putc(out, '}');
	}
	sb_putc(out, ']');
}
