/* Radio bands and the network scan: DMS get-band-capabilities, the band
 * TLVs of NAS set/get-system-selection-preference, NAS network-scan, and
 * the control socket's "bands" command.
 *
 * The supported bands are configurable (control "bands lte=1,3,7 nr=78");
 * a lock must name only supported bands and at least one of each kind it
 * sets, else the request is refused whole (invalid-argument), as firmware
 * refuses a preference it cannot apply. The emulated LTE cell is on band 3
 * (EARFCN 1300): a lock without band 3 loses it (searching) until a lock
 * or unlock enables band 3 again. */
#include <stdio.h>
#include <string.h>

#include "qmi/ids.h"
#include "sim/sim.h"

void sim_bands_defaults(struct sim_bands *b)
{
	memset(b, 0, sizeof(*b));
	/* the MC7455's LTE bands: 1-5,7,8,12,13,20,25,26,29,30,41 (bit n: band n+1) */
	b->lte.w[0] = 0x100330818dfull;
	/* 5G NR: none until the control socket gives some (an LTE modem) */
	b->lte_on = b->lte;
}

#define SIM_CELL_LTE_BAND 3

bool sim_bands_cell_reachable(const struct sim_modem *m)
{
	return m->rat != 8 || band_mask_has(&m->bands.lte_on, SIM_CELL_LTE_BAND);
}

int sim_dms_get_band_capabilities(struct sim_call *c)
{
	const struct sim_bands *b = &c->s->m.bands;
	/* WCDMA 2100/1900/850/900 */
	rs_uint(c, QMIF_DMS_GET_BAND_CAPABILITIES_RS_BAND_CAPABILITY, 0x2000004c00000ull);
	rs_uint(c, QMIF_DMS_GET_BAND_CAPABILITIES_RS_LTE_BAND_CAPABILITY, b->lte.w[0]);
	unsigned n = band_mask_count(&b->lte), i = 0;
	struct qmi_val *v = sim_put_array(c->s, c->rsp, QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY, n);
	for (unsigned band = 1; v && band <= BANDS_LTE_MAX; band++)
		if (band_mask_has(&b->lte, band))
			sim_eput_uint(c->s, c->rsp, &v[i++],
				      QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY_ELEMENT, band);
	n = band_mask_count(&b->nr);
	if (!n)
		return 0;
	i = 0;
	v = sim_put_array(c->s, c->rsp, QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY, n);
	for (unsigned band = 1; v && band <= BANDS_NR_MAX; band++)
		if (band_mask_has(&b->nr, band))
			sim_eput_uint(c->s, c->rsp, &v[i++],
				      QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY_ELEMENT, band);
	return 0;
}

/* Reads n mask words; true when any is present. */
static bool rq_words(struct sim_call *c, const struct qmi_fh *h, int n, struct band_mask *m)
{
	bool any = false;
	band_mask_clear(m);
	for (int i = 0; i < n; i++) {
		uint64_t w;
		if (rq_uint(c, h[i], &w)) {
			m->w[i] = w;
			any = true;
		}
	}
	return any;
}

/* A mask the modem can apply: some band, and only supported ones. */
static bool usable(const struct band_mask *want, const struct band_mask *sup)
{
	return !band_mask_empty(want) && !band_mask_first_missing(want, sup);
}

int sim_nas_ssp_bands(struct sim_call *c, bool apply)
{
	struct sim_bands *b = &c->s->m.bands;
#define S(f) QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_##f
	const struct qmi_fh lte[4] = { S(EXTENDED_LTE_BAND_PREFERENCE_MASK_LOW),
		S(EXTENDED_LTE_BAND_PREFERENCE_MASK_MID_LOW), S(EXTENDED_LTE_BAND_PREFERENCE_MASK_MID_HIGH),
		S(EXTENDED_LTE_BAND_PREFERENCE_MASK_HIGH) };
	const struct qmi_fh sa[8] = { S(NR5G_SA_BAND_PREFERENCE_MASK_0), S(NR5G_SA_BAND_PREFERENCE_MASK_1),
		S(NR5G_SA_BAND_PREFERENCE_MASK_2), S(NR5G_SA_BAND_PREFERENCE_MASK_3),
		S(NR5G_SA_BAND_PREFERENCE_MASK_4), S(NR5G_SA_BAND_PREFERENCE_MASK_5),
		S(NR5G_SA_BAND_PREFERENCE_MASK_6), S(NR5G_SA_BAND_PREFERENCE_MASK_7) };
	const struct qmi_fh nsa[8] = { S(NR5G_NSA_BAND_PREFERENCE_MASK_0), S(NR5G_NSA_BAND_PREFERENCE_MASK_1),
		S(NR5G_NSA_BAND_PREFERENCE_MASK_2), S(NR5G_NSA_BAND_PREFERENCE_MASK_3),
		S(NR5G_NSA_BAND_PREFERENCE_MASK_4), S(NR5G_NSA_BAND_PREFERENCE_MASK_5),
		S(NR5G_NSA_BAND_PREFERENCE_MASK_6), S(NR5G_NSA_BAND_PREFERENCE_MASK_7) };
	struct band_mask m_lte, m_sa, m_nsa;
	uint64_t legacy;
	bool has_lte = rq_words(c, lte, 4, &m_lte);
	if (!has_lte && rq_uint(c, S(LTE_BAND_PREFERENCE), &legacy)) {
		band_mask_clear(&m_lte);
		m_lte.w[0] = legacy;
		has_lte = true;
	}
	bool has_sa = rq_words(c, sa, 8, &m_sa), has_nsa = rq_words(c, nsa, 8, &m_nsa);
#undef S
	if ((has_lte && !usable(&m_lte, &b->lte)) || (has_sa && !usable(&m_sa, &b->nr)) ||
	    (has_nsa && !usable(&m_nsa, &b->nr))) {
		sim_log(c->s, "nas: band preference refused: a band the modem does not support, or none");
		return QMI_ERR_INVALID_ARGUMENT;
	}
	if (!apply)
		return 0;
	if (has_lte)
		b->lte_on = m_lte;
	if (has_sa)
		b->nr_sa_on = m_sa;
	if (has_nsa)
		b->nr_nsa_on = m_nsa;
	/* the cell follows the lock */
	struct sim_modem *st = &c->s->m;
	bool reach = sim_bands_cell_reachable(st);
	if (!reach && sim_modem_registered(st)) {
		sim_log(c->s, "nas: the LTE lock leaves out band %d, the cell's: registration lost", SIM_CELL_LTE_BAND);
		ev_timer_cancel(&c->s->loop, &c->s->reg_timer);
		b->cell_lost = true;
		sim_set_registration(c->s, SIM_REG_SEARCHING);
	} else if (reach && b->cell_lost) {
		b->cell_lost = false;
		if (st->reg == SIM_REG_SEARCHING)
			sim_start_registration(c->s);
	}
	return 0;
}

void sim_nas_ssp_bands_answer(struct sim_call *c)
{
	const struct sim_bands *b = &c->s->m.bands;
#define G(f) QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_##f
	const struct qmi_fh lte[4] = { G(EXTENDED_LTE_BAND_PREFERENCE_MASK_LOW),
		G(EXTENDED_LTE_BAND_PREFERENCE_MASK_MID_LOW), G(EXTENDED_LTE_BAND_PREFERENCE_MASK_MID_HIGH),
		G(EXTENDED_LTE_BAND_PREFERENCE_MASK_HIGH) };
	const struct qmi_fh sa[8] = { G(NR5G_SA_BAND_PREFERENCE_MASK_0), G(NR5G_SA_BAND_PREFERENCE_MASK_1),
		G(NR5G_SA_BAND_PREFERENCE_MASK_2), G(NR5G_SA_BAND_PREFERENCE_MASK_3),
		G(NR5G_SA_BAND_PREFERENCE_MASK_4), G(NR5G_SA_BAND_PREFERENCE_MASK_5),
		G(NR5G_SA_BAND_PREFERENCE_MASK_6), G(NR5G_SA_BAND_PREFERENCE_MASK_7) };
	const struct qmi_fh nsa[8] = { G(NR5G_NSA_BAND_PREFERENCE_MASK_0), G(NR5G_NSA_BAND_PREFERENCE_MASK_1),
		G(NR5G_NSA_BAND_PREFERENCE_MASK_2), G(NR5G_NSA_BAND_PREFERENCE_MASK_3),
		G(NR5G_NSA_BAND_PREFERENCE_MASK_4), G(NR5G_NSA_BAND_PREFERENCE_MASK_5),
		G(NR5G_NSA_BAND_PREFERENCE_MASK_6), G(NR5G_NSA_BAND_PREFERENCE_MASK_7) };
	rs_uint(c, G(BAND_PREFERENCE), 0x2000004c00000ull);
	rs_uint(c, G(LTE_BAND_PREFERENCE), b->lte_on.w[0]);
	for (int i = 0; i < 4; i++)
		rs_uint(c, lte[i], b->lte_on.w[i]);
	if (band_mask_empty(&b->nr))
		return;         /* an LTE modem says nothing of NR */
	for (int i = 0; i < 8; i++) {
		rs_uint(c, nsa[i], b->nr_nsa_on.w[i]);
		rs_uint(c, sa[i], b->nr_sa_on.w[i]);
	}
#undef G
}

/* ---- network scan ---- */

/* The networks a scan finds beside the modem's own: a national rival, a
 * forbidden one, and a 5G one (MNCs 91..93 of the modem's MCC). */
static const struct {
	uint16_t mnc;
	uint8_t status;         /* QMI network-status flags */
	uint8_t rat;            /* QMI radio interface */
	const char *name;
} others[] = {
	{ 91, 0x02 | 0x20, 8, "Rival Mobile" },         /* available, not-forbidden; lte */
	{ 92, 0x02 | 0x10, 5, "Barred Net" },           /* available, forbidden; umts */
	{ 93, 0x02 | 0x20, 12, "Fiveg Net" },           /* available, not-forbidden; 5gnr */
};

int sim_nas_network_scan(struct sim_call *c)
{
	const struct sim_modem *st = &c->s->m;
	if (st->card != SIM_CARD_READY)
		return QMI_ERR_UIM_UNINITIALIZED;
	if (st->opmode != 0)
		return QMI_ERR_NO_NETWORK_FOUND;        /* the radio is off */
	unsigned n = 1 + sizeof(others) / sizeof(others[0]);
#define NI(f) QMIF_NAS_NETWORK_SCAN_RS_NETWORK_INFORMATION##f
#define RAT(f) QMIF_NAS_NETWORK_SCAN_RS_RADIO_ACCESS_TECHNOLOGY##f
	struct qmi_val *ni = sim_put_array(c->s, c->rsp, NI(), n);
	struct qmi_val *ra = sim_put_array(c->s, c->rsp, RAT(), n);
	if (!ni || !ra)
		return 0;
	/* the modem's own: home (or roaming), serving when registered */
	unsigned home = st->reg == SIM_REG_ROAMING ? 0x08 : 0x04;
	sim_eput_uint(c->s, c->rsp, &ni[0], NI(_MCC), st->mcc);
	sim_eput_uint(c->s, c->rsp, &ni[0], NI(_MNC), st->mnc);
	sim_eput_uint(c->s, c->rsp, &ni[0], NI(_NETWORK_STATUS),
		      0x02 | home | (sim_modem_registered(st) ? 0x01 : 0));
	sim_eput_str(c->s, c->rsp, &ni[0], NI(_DESCRIPTION), st->operator_name);
	sim_eput_uint(c->s, c->rsp, &ra[0], RAT(_MCC), st->mcc);
	sim_eput_uint(c->s, c->rsp, &ra[0], RAT(_MNC), st->mnc);
	sim_eput_uint(c->s, c->rsp, &ra[0], RAT(_RADIO_INTERFACE), st->rat);
	for (unsigned i = 1; i < n; i++) {
		sim_eput_uint(c->s, c->rsp, &ni[i], NI(_MCC), st->mcc);
		sim_eput_uint(c->s, c->rsp, &ni[i], NI(_MNC), others[i - 1].mnc);
		sim_eput_uint(c->s, c->rsp, &ni[i], NI(_NETWORK_STATUS), others[i - 1].status);
		sim_eput_str(c->s, c->rsp, &ni[i], NI(_DESCRIPTION), others[i - 1].name);
		sim_eput_uint(c->s, c->rsp, &ra[i], RAT(_MCC), st->mcc);
		sim_eput_uint(c->s, c->rsp, &ra[i], RAT(_MNC), others[i - 1].mnc);
		sim_eput_uint(c->s, c->rsp, &ra[i], RAT(_RADIO_INTERFACE), others[i - 1].rat);
	}
#undef NI
#undef RAT
	rs_uint(c, QMIF_NAS_NETWORK_SCAN_RS_NETWORK_SCAN_RESULT, 0);
	return 0;
}

/* ---- state and control ---- */

static void json_field(struct strbuf *out, const char *key, const struct band_mask *m, bool comma)
{
	sb_printf(out, "%s\"%s\":", comma ? "," : "", key);
	band_list_json(m, out);
}

void sim_bands_json(const struct sim_modem *m, struct strbuf *out)
{
	const struct sim_bands *b = &m->bands;
	sb_putc(out, '{');
	json_field(out, "lte", &b->lte, false);
	json_field(out, "nr", &b->nr, true);
	json_field(out, "lte_enabled", &b->lte_on, true);
	json_field(out, "nr_nsa_enabled", &b->nr_nsa_on, true);
	json_field(out, "nr_sa_enabled", &b->nr_sa_on, true);
	sb_printf(out, ",\"cell_reachable\":%s}", sim_bands_cell_reachable(m) ? "true" : "false");
}

int sim_bands_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	struct sim_bands nb = s->m.bands;
	char why[160];
	const char *lte = sim_kv(argc, argv, "lte"), *nr = sim_kv(argc, argv, "nr");
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "lte=", 4) && strncmp(argv[i], "nr=", 3)) {
			snprintf(why, sizeof why, "usage: bands [lte=LIST] [nr=LIST|nr=none] ('%.40s'?)", argv[i]);
			goto refuse;
		}
	if (lte) {
		if (band_list_parse(lte, BANDS_LTE_MAX, &nb.lte, why, sizeof why) < 0)
			goto refuse;
		nb.lte_on = nb.lte;
	}
	if (nr) {
		if (!strcmp(nr, "none"))
			band_mask_clear(&nb.nr);
		else if (band_list_parse(nr, BANDS_NR_MAX, &nb.nr, why, sizeof why) < 0)
			goto refuse;
		nb.nr_nsa_on = nb.nr_sa_on = nb.nr;
	}
	s->m.bands = nb;
	sb_puts(out, "{\"ok\":true,\"bands\":");
	sim_bands_json(&s->m, out);
	sb_putc(out, '}');
	return 0;
refuse:
	sb_puts(out, "{\"ok\":false,\"error\":");
	sb_put_json_str(out, why, strlen(why));
	sb_putc(out, '}');
	return -1;
}
