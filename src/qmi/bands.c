/* Band masks on the wire; see bands.h. */
#include "qmi/bands.h"

#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "qmi/fields.h"

/* A list of band numbers (an array of u16) into m; false when absent. */
static bool read_list(const struct qmi_msg *r, struct qmi_fh list, struct qmi_fh elem, struct band_mask *m)
{
	const struct qmi_val *v = qmi_fget(r, list);
	if (!v)
		return false;
	for (uint32_t i = 0; i < v->n; i++) {
		uint64_t b;
		if (qmi_eget_uint(&v->kids[i], elem, &b) == 0)
			band_mask_set(m, (unsigned)b);
	}
	return true;
}

void qmi_bands_caps(const struct qmi_msg *r, struct qmi_band_caps *out)
{
	memset(out, 0, sizeof(*out));
	out->lte_ext = read_list(r, QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY,
				 QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY_ELEMENT, &out->lte);
	uint64_t w;
	if (!out->lte_ext && qmi_fget_uint(r, QMIF_DMS_GET_BAND_CAPABILITIES_RS_LTE_BAND_CAPABILITY, &w) == 0)
		out->lte.w[0] = w;
	out->nr_known = read_list(r, QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY,
				  QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY_ELEMENT, &out->nr);
}

/* Up to n words of a mask struct; true when the TLV is there. */
static bool read_words(const struct qmi_msg *r, const struct qmi_fh *h, int n, struct band_mask *m)
{
	bool any = false;
	for (int i = 0; i < n; i++) {
		uint64_t w;
		if (qmi_fget_uint(r, h[i], &w) == 0) {
			m->w[i] = w;
			any = true;
		}
	}
	return any;
}

void qmi_bands_enabled(const struct qmi_msg *r, struct band_sel *out)
{
	memset(out, 0, sizeof(*out));
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
	uint64_t w;
	if (read_words(r, lte, 4, &out->m[BAND_LTE]))
		out->given |= 1u << BAND_LTE;
	else if (qmi_fget_uint(r, G(LTE_BAND_PREFERENCE), &w) == 0) {
		out->m[BAND_LTE].w[0] = w;
		out->given |= 1u << BAND_LTE;
	}
	if (read_words(r, nsa, 8, &out->m[BAND_NR_NSA]))
		out->given |= 1u << BAND_NR_NSA;
	if (read_words(r, sa, 8, &out->m[BAND_NR_SA]))
		out->given |= 1u << BAND_NR_SA;
#undef G
}

int qmi_bands_check(const struct band_sel *sel, const struct qmi_band_caps *caps, char *why, size_t cap)
{
	char list[200], have[200];
	struct strbuf sb;
	for (int r = 0; r < BAND_N_RAT; r++) {
		if (!(sel->given & 1u << r))
			continue;
		bool lte = r == BAND_LTE;
		const struct band_mask *sup = lte ? &caps->lte : &caps->nr;
		if (!band_mask_missing_text(&sel->m[r], sup, list, sizeof list))
			continue;
		bool several = strchr(list, ' ') != NULL;
		if (band_mask_empty(sup)) {
			snprintf(why, cap, "%s band%s %s: this modem reports no %s bands", lte ? "LTE" : "NR",
				 several ? "s" : "", list, lte ? "LTE" : "5G NR");
			return -1;
		}
		sb_init(&sb);
		band_list_text(sup, &sb);
		snprintf(have, sizeof have, "%s", sb_str(&sb));
		sb_free(&sb);
		snprintf(why, cap, "%s band%s %s %s not supported by this modem (it has %s)", lte ? "LTE" : "NR",
			 several ? "s" : "", list, several ? "are" : "is", have);
		return -1;
	}
	return 0;
}

int qmi_bands_fill_set(struct qmi_msg *m, const struct band_sel *sel, const struct qmi_band_caps *caps)
{
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
	int e;
	if (sel->given & 1u << BAND_LTE) {
		const struct band_mask *b = &sel->m[BAND_LTE];
		if (caps->lte_ext) {
			for (int i = 0; i < 4; i++)
				if ((e = qmi_fset_uint(m, lte[i], b->w[i])) < 0)
					return e;
		} else {
			for (int i = 1; i < BANDS_WORDS; i++)
				if (b->w[i])
					return CL_E_BAD_VALUE;  /* qmi_bands_check refuses bands above 64 there */
			if ((e = qmi_fset_uint(m, S(LTE_BAND_PREFERENCE), b->w[0])) < 0)
				return e;
		}
	}
	for (int i = 0; i < 8; i++) {
		if ((sel->given & 1u << BAND_NR_NSA) &&
		    (e = qmi_fset_uint(m, nsa[i], sel->m[BAND_NR_NSA].w[i])) < 0)
			return e;
		if ((sel->given & 1u << BAND_NR_SA) &&
		    (e = qmi_fset_uint(m, sa[i], sel->m[BAND_NR_SA].w[i])) < 0)
			return e;
	}
#undef S
	return 0;
}

void qmi_bands_all(const struct qmi_band_caps *caps, struct band_sel *out)
{
	memset(out, 0, sizeof(*out));
	if (!band_mask_empty(&caps->lte)) {
		out->given |= 1u << BAND_LTE;
		out->m[BAND_LTE] = caps->lte;
	}
	if (caps->nr_known && !band_mask_empty(&caps->nr)) {
		out->given |= 1u << BAND_NR_NSA | 1u << BAND_NR_SA;
		out->m[BAND_NR_NSA] = out->m[BAND_NR_SA] = caps->nr;
	}
}
