/* Vendor status commands: Sierra !GSTATUS?, Quectel +QENG="servingcell",
 * Huawei ^HCSQ?. Formats taken from published modem transcripts (see
 * tests/data/at/) and the vendors' AT manuals. */
#include "at/at_parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "at/at.h"
#include "at/parse_util.h"
#include "common/err.h"
#include "common/util.h"

/* ---- Sierra !GSTATUS? ----
 * Two "Key: value" columns per line, separated by blanks or tabs. Values
 * stop at a tab or at two blanks ("RRC Connected" is one value). */

enum gs_type { GS_INT, GS_DEC1, GS_STR, GS_HEX, GS_BAND };

#define GS_F(m) offsetof(struct at_gstatus, m), sizeof(((struct at_gstatus *)0)->m)
static const struct {
	const char *line_prefix;        /* entry applies only to such lines */
	const char *key;
	enum gs_type type;
	size_t off, size;
} gs_keys[] = {
	{ NULL, "Temperature:", GS_INT, GS_F(temperature) },
	{ NULL, "Mode:", GS_STR, GS_F(mode) },
	{ NULL, "System mode:", GS_STR, GS_F(system_mode) },
	{ NULL, "PS state:", GS_STR, GS_F(ps_state) },
	{ NULL, "EMM state:", GS_STR, GS_F(emm_state) },
	{ NULL, "RRC state:", GS_STR, GS_F(rrc_state) },
	{ NULL, "LTE band:", GS_BAND, GS_F(lte_band) },
	{ NULL, "LTE bw:", GS_INT, GS_F(lte_bw_mhz) },
	{ NULL, "LTE Rx chan:", GS_INT, GS_F(rx_chan) },
	{ NULL, "LTE Tx chan:", GS_INT, GS_F(tx_chan) },
	{ "PCC RxM", "RSSI:", GS_INT, GS_F(rssi_dbm) },
	{ "PCC RxM", "RSRP (dBm):", GS_INT, GS_F(rsrp_dbm) },
	{ "PCC RxD", "RSSI:", GS_INT, GS_F(rssi_rxd_dbm) },
	{ "PCC RxD", "RSRP (dBm):", GS_INT, GS_F(rsrp_rxd_dbm) },
	{ NULL, "Tx Power:", GS_INT, GS_F(tx_power) },
	{ NULL, "TAC:", GS_HEX, GS_F(tac) },
	{ NULL, "Cell ID:", GS_HEX, GS_F(cell_id) },
	{ NULL, "RSRQ (dB):", GS_DEC1, GS_F(rsrq_x10) },
	{ NULL, "SINR (dB):", GS_DEC1, GS_F(sinr_x10) },
};

static size_t gs_value(const char *s, char *buf, size_t size)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = 0;
	while (s[n] && s[n] != '\t' && !(s[n] == ' ' && (s[n + 1] == ' ' || !s[n + 1])))
		n++;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return n;
}

static bool gs_number(const char *v, enum gs_type t, long *out)
{
	struct at_fields f = { .n = 1, .f = { { .p = v, .len = strlen(v) } } };
	/* "10 MHz": the number is the first word. */
	if (t == GS_INT) {
		const char *sp = strchr(v, ' ');
		if (sp)
			f.f[0].len = (size_t)(sp - v);
		return at_field_int(&f, 0, out) == 0;
	}
	if (t == GS_DEC1)
		return at_field_dec1(&f, 0, out) == 0;
	if (t == GS_BAND) {
		if (v[0] != 'B' && v[0] != 'b')
			return false;
		f.f[0].p++;
		f.f[0].len--;
		return at_field_int(&f, 0, out) == 0;
	}
	/* GS_HEX: "D5AC (54700)" */
	const char *sp = strchr(v, ' ');
	if (sp)
		f.f[0].len = (size_t)(sp - v);
	unsigned long u;
	if (at_field_hex(&f, 0, &u) || u > 0xfffffffful)
		return false;
	*out = (long)u;
	return true;
}

int at_parse_gstatus(const char *const *lines, size_t n, struct at_gstatus *out,
		     struct at_perr *e)
{
	memset(out, 0, sizeof *out);
	for (size_t k = 0; k < ARRAY_SIZE(gs_keys); k++) {
		if (gs_keys[k].type == GS_STR)
			continue;
		if (gs_keys[k].type == GS_HEX)
			*(long *)((char *)out + gs_keys[k].off) = -1;
		else
			*(int *)((char *)out + gs_keys[k].off) = AT_UNKNOWN;
	}
	bool header = false;
	int found = 0;
	for (size_t l = 0; l < n; l++) {
		const char *s = lines[l];
		if (!strncmp(s, "!GSTATUS:", 9)) {
			header = true;
			s += 9;
		}
		for (size_t k = 0; k < ARRAY_SIZE(gs_keys); k++) {
			const char *lp = gs_keys[k].line_prefix;
			if (lp && strncmp(s, lp, strlen(lp)))
				continue;
			const char *at = strstr(s, gs_keys[k].key);
			/* "Mode:" must not match inside "System mode:" etc.:
			 * keys start a line or follow a blank. */
			while (at && at != s && at[-1] != ' ' && at[-1] != '\t')
				at = strstr(at + 1, gs_keys[k].key);
			if (!at)
				continue;
			char v[48];
			gs_value(at + strlen(gs_keys[k].key), v, sizeof v);
			char *dst = (char *)out + gs_keys[k].off;
			found++;
			if (gs_keys[k].type == GS_STR) {
				size_t len = strlen(v);
				if (len >= gs_keys[k].size)
					len = gs_keys[k].size - 1;
				memcpy(dst, v, len);
				dst[len] = 0;
				continue;
			}
			long num;
			if (!strcmp(v, "--") || !strcmp(v, "-") || !v[0])
				continue;       /* not measured: stays unknown */
			if (!gs_number(v, gs_keys[k].type, &num))
				return at_perr_set(e, CL_E_BAD_VALUE, (int)l, gs_keys[k].key,
						   "value is not a number");
			if (gs_keys[k].type == GS_HEX)
				*(long *)dst = num;
			else if (num < INT_MIN / 2 || num > INT_MAX / 2)
				return at_perr_set(e, CL_E_BAD_VALUE, (int)l, gs_keys[k].key,
						   "out of range");
			else
				*(int *)dst = (int)num;
		}
	}
	if (!header && !found)
		return at_perr_set(e, CL_E_PARSE, -1, "!GSTATUS", "not a !GSTATUS: answer");
	return 0;
}

/* ---- Quectel +QENG="servingcell" ---- */

static int q_int(const struct at_fields *f, int i, const char *what, int *out,
		 struct at_perr *e)
{
	if (i >= f->n)
		return at_perr_set(e, CL_E_TRUNCATED, i, what, "missing");
	if (f->f[i].len == 0 || (f->f[i].len == 1 && f->f[i].p[0] == '-')) {
		*out = AT_UNKNOWN;
		return 0;
	}
	return at_get_int(f, i, what, -100000, 10000000, LONG_MIN, out, e);
}

static int q_hex(const struct at_fields *f, int i, const char *what, long *out,
		 struct at_perr *e)
{
	unsigned long v;
	if (i >= f->n)
		return at_perr_set(e, CL_E_TRUNCATED, i, what, "missing");
	if (f->f[i].len == 1 && f->f[i].p[0] == '-') {
		*out = -1;
		return 0;
	}
	if (at_field_hex(f, i, &v) || v > 0xfffffffffUL)
		return at_perr_set(e, CL_E_BAD_VALUE, i, what, "not hexadecimal");
	*out = (long)v;
	return 0;
}

/* LTE fields from index r (the "LTE" field) on. */
static int qeng_lte(const struct at_fields *f, int r, struct at_qeng *out, struct at_perr *e)
{
	int rr;
	out->tdd = at_field_is(f, r + 1, "TDD");
	if (!out->tdd && !at_field_is(f, r + 1, "FDD"))
		return at_perr_set(e, CL_E_BAD_VALUE, r + 1, "is_tdd", "neither FDD nor TDD");
	if ((rr = q_int(f, r + 2, "mcc", &out->mcc, e)) ||
	    (rr = q_int(f, r + 3, "mnc", &out->mnc, e)) ||
	    (rr = q_hex(f, r + 4, "cellid", &out->cell_id, e)) ||
	    (rr = q_int(f, r + 5, "pcid", &out->pci, e)) ||
	    (rr = q_int(f, r + 6, "earfcn", &out->earfcn, e)) ||
	    (rr = q_int(f, r + 7, "band", &out->band, e)) ||
	    (rr = q_int(f, r + 8, "ul_bandwidth", &out->ul_bw, e)) ||
	    (rr = q_int(f, r + 9, "dl_bandwidth", &out->dl_bw, e)) ||
	    (rr = q_hex(f, r + 10, "tac", &out->tac, e)) ||
	    (rr = q_int(f, r + 11, "rsrp", &out->rsrp_dbm, e)) ||
	    (rr = q_int(f, r + 12, "rsrq", &out->rsrq_db, e)) ||
	    (rr = q_int(f, r + 13, "rssi", &out->rssi_dbm, e)) ||
	    (rr = q_int(f, r + 14, "sinr", &out->sinr, e)))
		return rr;
	return 0;
}

int at_parse_qeng(const char *const *lines, size_t n, struct at_qeng *out,
		  struct at_perr *e)
{
	memset(out, 0, sizeof *out);
	out->cell_id = out->tac = -1;
	out->mcc = out->mnc = out->pci = out->earfcn = out->band = AT_UNKNOWN;
	out->ul_bw = out->dl_bw = AT_UNKNOWN;
	out->rsrp_dbm = out->rsrq_db = out->rssi_dbm = out->sinr = AT_UNKNOWN;
	bool serving = false;
	for (size_t l = 0; l < n; l++) {
		struct at_fields f;
		int k = at_fields_split(lines[l], "+QENG:", &f);
		if (k == CL_E_PARSE)
			continue;
		if (k < 0)
			return at_perr_set(e, k, (int)l, "+QENG", "malformed line");
		int r;
		if (at_field_is(&f, 0, "servingcell")) {
			serving = true;
			if (at_field_str(&f, 1, out->state, sizeof out->state))
				return at_perr_set(e, CL_E_TRUNCATED, 1, "state", "missing or too long");
			if (k < 3)
				continue;       /* 5G firmware: RAT lines follow */
			r = 2;
		} else if (serving && !out->rat[0]) {
			r = 0;                  /* "+QENG: "LTE",..." after the header */
		} else {
			continue;               /* neighbour cells, NR5G-NSA add-on */
		}
		if (at_field_str(&f, r, out->rat, sizeof out->rat))
			return at_perr_set(e, CL_E_BAD_VALUE, r, "rat", "too long");
		if (!strcmp(out->rat, "LTE")) {
			int rr = qeng_lte(&f, r, out, e);
			if (rr)
				return rr;
		}
	}
	if (!serving)
		return at_perr_set(e, CL_E_PARSE, -1, "+QENG", "no servingcell line");
	return 0;
}

/* ---- Huawei ^HCSQ ---- */

static int hc(const struct at_fields *f, int i, const char *what, long max, int *out,
	      struct at_perr *e)
{
	return at_get_int(f, i, what, 0, max, 255, out, e);
}

int at_parse_hcsq(const char *line, struct at_hcsq *out, struct at_perr *e)
{
	struct at_fields f;
	int n = at_fields_split(line, "^HCSQ:", &f), r;
	if (n < 0)
		return at_perr_set(e, n, -1, "^HCSQ", "not a ^HCSQ: answer");
	out->rssi_dbm = out->rsrp_dbm = out->sinr_x10 = out->rsrq_x10 = AT_UNKNOWN;
	out->rscp_dbm = out->ecio_x10 = AT_UNKNOWN;
	/* Some firmware puts the report settings "<n>,<m>," first. */
	int s = 0;
	while (s < n && s < 2 && !f.f[s].quoted && f.f[s].len && isdigit((unsigned char)f.f[s].p[0]))
		s++;
	if (s >= n || at_field_str(&f, s, out->sysmode, sizeof out->sysmode))
		return at_perr_set(e, CL_E_TRUNCATED, s, "sysmode", "missing or too long");
	int v[4];
	if (!strcmp(out->sysmode, "LTE")) {
		/* rssi 0..96 (-120 dBm + v - 1), rsrp 0..97 (-140 + v - 1),
		 * sinr 0..251 (-20 dB + (v - 1) * 0.2), rsrq 0..34 (-19.5 + (v - 1) * 0.5) */
		if ((r = hc(&f, s + 1, "rssi", 96, &v[0], e)) ||
		    (r = hc(&f, s + 2, "rsrp", 97, &v[1], e)) ||
		    (r = hc(&f, s + 3, "sinr", 251, &v[2], e)) ||
		    (r = hc(&f, s + 4, "rsrq", 34, &v[3], e)))
			return r;
		out->rssi_dbm = v[0] == AT_UNKNOWN ? AT_UNKNOWN : v[0] - 121;
		out->rsrp_dbm = v[1] == AT_UNKNOWN ? AT_UNKNOWN : v[1] - 141;
		out->sinr_x10 = v[2] == AT_UNKNOWN ? AT_UNKNOWN : v[2] * 2 - 202;
		out->rsrq_x10 = v[3] == AT_UNKNOWN ? AT_UNKNOWN : v[3] * 5 - 200;
	} else if (!strcmp(out->sysmode, "WCDMA")) {
		if ((r = hc(&f, s + 1, "rssi", 96, &v[0], e)) ||
		    (r = hc(&f, s + 2, "rscp", 96, &v[1], e)) ||
		    (r = hc(&f, s + 3, "ecio", 65, &v[2], e)))
			return r;
		out->rssi_dbm = v[0] == AT_UNKNOWN ? AT_UNKNOWN : v[0] - 121;
		out->rscp_dbm = v[1] == AT_UNKNOWN ? AT_UNKNOWN : v[1] - 121;
		out->ecio_x10 = v[2] == AT_UNKNOWN ? AT_UNKNOWN : v[2] * 5 - 325;
	} else if (!strcmp(out->sysmode, "GSM")) {
		if ((r = hc(&f, s + 1, "rssi", 96, &v[0], e)))
			return r;
		out->rssi_dbm = v[0] == AT_UNKNOWN ? AT_UNKNOWN : v[0] - 121;
	} else if (strcmp(out->sysmode, "NOSERVICE")) {
		return at_perr_set(e, CL_E_BAD_VALUE, s, "sysmode", "unknown system mode");
	}
	return 0;
}
