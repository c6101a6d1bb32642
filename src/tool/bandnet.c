/* The pure parts of cellink bands and cellink networks; see bandnet.h. */
#include "tool/bandnet.h"

#include <stdio.h>
#include <string.h>

#include "qmi/fields.h"

int tool_bands_args(int argc, char *const *argv, struct bands_args *out, char *why, size_t cap)
{
	memset(out, 0, sizeof(*out));
	if (argc == 0)
		return 0;
	if (!strcmp(argv[0], "--unlock")) {
		if (argc > 1) {
			snprintf(why, cap, "--unlock takes no bands ('%.40s'?)", argv[1]);
			return -1;
		}
		out->action = BANDS_UNLOCK;
		return 0;
	}
	if (!strcmp(argv[0], "--lock")) {
		if (argc == 1) {
			snprintf(why, cap, "--lock needs the bands, e.g. --lock lte:3,7,20 nr:78");
			return -1;
		}
		char inner[200];
		if (band_sel_parse(argc - 1, argv + 1, &out->sel, inner, sizeof inner) < 0) {
			snprintf(why, cap, "--lock: %s", inner);
			return -1;
		}
		out->action = BANDS_LOCK;
		return 0;
	}
	snprintf(why, cap, "'%.40s' is not --lock BANDS or --unlock (cellink bands shows the bands)", argv[0]);
	return -1;
}

static void list(struct strbuf *sb, const char *key, const struct band_mask *m, bool comma)
{
	sb_printf(sb, "%s\"%s\":", comma ? "," : "", key);
	band_list_json(m, sb);
}

void tool_bands_json(struct strbuf *sb, enum bands_action action, const struct qmi_band_caps *caps,
		     const struct band_sel *enabled)
{
	static const char *const actions[] = { "show", "lock", "unlock" };
	sb_printf(sb, ",\"action\":\"%s\",\"supported\":{", actions[action]);
	list(sb, "lte", &caps->lte, false);
	list(sb, "nr", &caps->nr, true);
	sb_puts(sb, "},\"enabled\":{");
	static const char *const keys[] = { "lte", "nr_nsa", "nr_sa" };
	bool comma = false;
	for (int r = 0; r < BAND_N_RAT; r++)
		if (enabled->given & 1u << r) {
			list(sb, keys[r], &enabled->m[r], comma);
			comma = true;
		}
	sb_printf(sb, "},\"lte_mask\":\"%s\"", caps->lte_ext ? "extended" : "64-bit");
}

int tool_networks_args(int argc, char *const *argv, char *why, size_t cap)
{
	if (argc == 0)
		return 0;
	snprintf(why, cap, "cellink networks takes no arguments ('%.40s'?)", argv[0]);
	return -1;
}

/* A value's text as the tables name it ("lte", "available|home"). */
static void val_text(const struct qmi_val *v, char *out, size_t cap)
{
	struct strbuf t;
	sb_init(&t);
	if (v)
		qmi_print_val(&t, v, 0);
	snprintf(out, cap, "%s", v ? sb_str(&t) : "");
	sb_free(&t);
}

/* Does the PCS-digit list say this network's MNC has three digits? */
static bool mnc3(const struct qmi_msg *r, uint64_t mcc, uint64_t mnc)
{
#define P(f) QMIF_NAS_NETWORK_SCAN_RS_MNC_PCS_DIGIT_INCLUDE_STATUS##f
	const struct qmi_val *l = qmi_fget(r, P());
	for (uint32_t i = 0; l && i < l->n; i++) {
		uint64_t c, n, pcs;
		if (qmi_eget_uint(&l->kids[i], P(_MCC), &c) == 0 && qmi_eget_uint(&l->kids[i], P(_MNC), &n) == 0 &&
		    qmi_eget_uint(&l->kids[i], P(_INCLUDES_PCS_DIGIT), &pcs) == 0 && c == mcc && n == mnc)
			return pcs != 0;
	}
#undef P
	return mnc > 99;
}

int tool_networks_json(struct strbuf *sb, const struct qmi_msg *r)
{
#define NI(f) QMIF_NAS_NETWORK_SCAN_RS_NETWORK_INFORMATION##f
#define RAT(f) QMIF_NAS_NETWORK_SCAN_RS_RADIO_ACCESS_TECHNOLOGY##f
	const struct qmi_val *ni = qmi_fget(r, NI());
	const struct qmi_val *ra = qmi_fget(r, RAT());
	if (!ni)
		return -1;
	sb_puts(sb, ",\"networks\":[");
	int shown = 0;
	for (uint32_t i = 0; i < ni->n; i++) {
		const struct qmi_val *e = &ni->kids[i];
		uint64_t mcc = 0, mnc = 0;
		char name[128], status[160], rat[32] = "";
		if (qmi_eget_uint(e, NI(_MCC), &mcc) < 0 || qmi_eget_uint(e, NI(_MNC), &mnc) < 0)
			continue;
		val_text(qmi_eget(e, NI(_DESCRIPTION)), name, sizeof name);
		val_text(qmi_eget(e, NI(_NETWORK_STATUS)), status, sizeof status);
		/* the radio technology of the same MCC/MNC (a network on two RATs: the first) */
		for (uint32_t k = 0; ra && k < ra->n && !rat[0]; k++) {
			uint64_t c, n;
			if (qmi_eget_uint(&ra->kids[k], RAT(_MCC), &c) == 0 && qmi_eget_uint(&ra->kids[k], RAT(_MNC), &n) == 0 &&
			    c == mcc && n == mnc)
				val_text(qmi_eget(&ra->kids[k], RAT(_RADIO_INTERFACE)), rat, sizeof rat);
		}
		char mccs[8], mncs[8];
		snprintf(mccs, sizeof mccs, "%03u", (unsigned)(mcc % 1000));
		snprintf(mncs, sizeof mncs, mnc3(r, mcc, mnc) ? "%03u" : "%02u", (unsigned)(mnc % 1000));
		sb_printf(sb, "%s{\"mcc\":\"%s\",\"mnc\":\"%s\",\"plmn\":\"%s%s\",\"name\":", shown++ ? "," : "", mccs,
			  mncs, mccs, mncs);
		sb_put_json_str(sb, name, strlen(name));
		sb_puts(sb, ",\"status\":[");
		bool first = true;
		for (char *save = NULL, *t = strtok_r(status, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
			if (!strcmp(t, "none"))
				continue;
			sb_printf(sb, "%s", first ? "" : ",");
			sb_put_json_str(sb, t, strlen(t));
			first = false;
		}
		sb_puts(sb, "],\"rat\":");
		if (rat[0])
			sb_put_json_str(sb, rat, strlen(rat));
		else
			sb_puts(sb, "null");
		sb_putc(sb, '}');
	}
	sb_putc(sb, ']');
#undef NI
#undef RAT
	return shown;
}
