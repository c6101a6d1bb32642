/* Parsers for the 3GPP TS 27.007 answers. */
#include "at/at_parse.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "at/at.h"
#include "common/err.h"
#include "common/util.h"
#include "at/parse_util.h"

const char *at_perr_format(const struct at_perr *e, char *buf, size_t size)
{
	if (!e || !e->why) {
		snprintf(buf, size, "no detail");
		return buf;
	}
	if (e->field >= 0)
		snprintf(buf, size, "%s: %s (field %d)", e->what ? e->what : "line",
			 e->why, e->field + 1);
	else
		snprintf(buf, size, "%s: %s", e->what ? e->what : "line", e->why);
	return buf;
}

int at_perr_set(struct at_perr *e, int err, int field, const char *what, const char *why)
{
	if (e) {
		e->field = field;
		e->what = what;
		e->why = why;
	}
	return err;
}

int at_get_int(const struct at_fields *f, int i, const char *what, long lo, long hi,
	       long unknown, int *out, struct at_perr *e)
{
	long v;
	int r = at_field_int(f, i, &v);
	if (r == CL_E_TRUNCATED)
		return at_perr_set(e, r, i, what, "missing");
	if (r)
		return at_perr_set(e, r, i, what, "not a number");
	if (v == unknown) {
		*out = AT_UNKNOWN;
		return 0;
	}
	if (v < lo || v > hi)
		return at_perr_set(e, CL_E_BAD_VALUE, i, what, "out of range");
	*out = (int)v;
	return 0;
}

/* Optional field: absent or empty leaves *out AT_UNKNOWN. */
int at_get_opt_int(const struct at_fields *f, int i, const char *what, long lo, long hi,
		   int *out, struct at_perr *e)
{
	*out = AT_UNKNOWN;
	if (i >= f->n || f->f[i].len == 0)
		return 0;
	return at_get_int(f, i, what, lo, hi, LONG_MIN, out, e);
}

/* ---- +CPIN ---- */

static const char *const sim_texts[] = {
#define AT_SIM_TEXT(n, s) s,
	AT_SIM_STATES(AT_SIM_TEXT)
#undef AT_SIM_TEXT
};

const char *at_sim_state_text(enum at_sim_state s)
{
	if ((size_t)s >= ARRAY_SIZE(sim_texts))
		return "?";
	return sim_texts[s];
}

int at_parse_cpin(const char *line, enum at_sim_state *out, struct at_perr *e)
{
	struct at_fields f;
	int n = at_fields_split(line, "+CPIN:", &f);
	if (n < 0)
		return at_perr_set(e, n, -1, "+CPIN", n == CL_E_PARSE ? "not a +CPIN: answer" : "malformed");
	if (n < 1 || f.f[0].len == 0)
		return at_perr_set(e, CL_E_TRUNCATED, 0, "code", "missing");
	for (size_t i = 0; i < ARRAY_SIZE(sim_texts); i++)
		if (at_field_is(&f, 0, sim_texts[i])) {
			*out = (enum at_sim_state)i;
			return 0;
		}
	return at_perr_set(e, CL_E_BAD_VALUE, 0, "code", "unknown SIM state");
}

/* ---- +CSQ ---- */

int at_csq_to_dbm(int rssi)
{
	if (rssi < 0 || rssi > 31)
		return AT_UNKNOWN;
	return -113 + 2 * rssi;
}

int at_parse_csq(const char *line, struct at_csq *out, struct at_perr *e)
{
	struct at_fields f;
	int n = at_fields_split(line, "+CSQ:", &f), r;
	if (n < 0)
		return at_perr_set(e, n, -1, "+CSQ", "not a +CSQ: answer");
	if ((r = at_get_int(&f, 0, "rssi", 0, 31, 99, &out->rssi, e)) ||
	    (r = at_get_int(&f, 1, "ber", 0, 7, 99, &out->ber, e)))
		return r;
	if (out->rssi == AT_UNKNOWN) {
		out->rssi = 99;
		out->dbm = AT_UNKNOWN;
	} else {
		out->dbm = at_csq_to_dbm(out->rssi);
	}
	if (out->ber == AT_UNKNOWN)
		out->ber = 99;
	return 0;
}

/* ---- +CESQ ---- */

int at_parse_cesq(const char *line, struct at_cesq *out, struct at_perr *e)
{
	struct at_fields f;
	int n = at_fields_split(line, "+CESQ:", &f), r;
	int rxlev, ber, rscp, ecno, rsrq, rsrp;
	if (n < 0)
		return at_perr_set(e, n, -1, "+CESQ", "not a +CESQ: answer");
	if ((r = at_get_int(&f, 0, "rxlev", 0, 63, 99, &rxlev, e)) ||
	    (r = at_get_int(&f, 1, "ber", 0, 7, 99, &ber, e)) ||
	    (r = at_get_int(&f, 2, "rscp", 0, 96, 255, &rscp, e)) ||
	    (r = at_get_int(&f, 3, "ecno", 0, 49, 255, &ecno, e)) ||
	    (r = at_get_int(&f, 4, "rsrq", 0, 34, 255, &rsrq, e)) ||
	    (r = at_get_int(&f, 5, "rsrp", 0, 97, 255, &rsrp, e)))
		return r;
	/* Each index is the lower bound of a 1 dB (0.5 dB) step above the
	 * range's floor: rsrp 1 means -140 <= RSRP < -139. */
	out->rxlev_dbm = rxlev == AT_UNKNOWN ? AT_UNKNOWN : rxlev - 111;
	out->ber = ber;
	out->rscp_dbm = rscp == AT_UNKNOWN ? AT_UNKNOWN : rscp - 121;
	out->ecno_x10 = ecno == AT_UNKNOWN ? AT_UNKNOWN : ecno * 5 - 245;
	out->rsrq_x10 = rsrq == AT_UNKNOWN ? AT_UNKNOWN : rsrq * 5 - 200;
	out->rsrp_dbm = rsrp == AT_UNKNOWN ? AT_UNKNOWN : rsrp - 141;
	return 0;
}

/* ---- registration ---- */

static const char *const reg_texts[AT_REG_MAX] = {
	"not registered", "registered (home)", "searching", "registration denied",
	"unknown", "registered (roaming)", "registered for SMS only (home)",
	"registered for SMS only (roaming)", "emergency services only",
	"registered, CSFB not preferred (home)", "registered, CSFB not preferred (roaming)",
};

const char *at_reg_stat_text(int stat)
{
	if (stat < 0 || stat >= AT_REG_MAX)
		return "?";
	return reg_texts[stat];
}

bool at_reg_is_registered(int stat)
{
	return stat == 1 || stat == 5 || stat == 6 || stat == 7 || stat == 9 || stat == 10;
}

int at_parse_reg(const char *line, bool query, struct at_reg *out, struct at_perr *e)
{
	static const char *const which[] = { "+CREG:", "+CGREG:", "+CEREG:", "+C5GREG:" };
	struct at_fields f;
	int n = CL_E_PARSE, r;
	for (size_t i = 0; i < ARRAY_SIZE(which) && n == CL_E_PARSE; i++) {
		n = at_fields_split(line, which[i], &f);
		if (n != CL_E_PARSE) {
			size_t wl = strlen(which[i]) - 2;
			memcpy(out->which, which[i] + 1, wl);
			out->which[wl] = 0;
		}
	}
	if (n < 0)
		return at_perr_set(e, n, -1, "+CxREG", n == CL_E_PARSE ?
				   "not a registration answer" : "malformed");
	int i = 0;
	out->n = AT_UNKNOWN;
	out->lac = out->ci = -1;
	out->act = AT_UNKNOWN;
	if (query && (r = at_get_int(&f, i++, "n", 0, 5, LONG_MIN, &out->n, e)))
		return r;
	if ((r = at_get_int(&f, i++, "stat", 0, AT_REG_MAX - 1, LONG_MIN, &out->stat, e)))
		return r;
	/* Location: <lac/tac>,<ci> as hex strings (quoted per the spec,
	 * unquoted on some firmware). */
	if (i < f.n && f.f[i].len) {
		unsigned long v;
		if (at_field_hex(&f, i, &v) || v > 0xffffff)
			return at_perr_set(e, CL_E_BAD_VALUE, i, "lac", "not a hex area code");
		out->lac = (long)v;
		i++;
		if (i >= f.n || !f.f[i].len)
			return at_perr_set(e, CL_E_TRUNCATED, i, "ci", "missing");
		if (at_field_hex(&f, i, &v) || v > 0xfffffffffUL)
			return at_perr_set(e, CL_E_BAD_VALUE, i, "ci", "not a hex cell id");
		out->ci = (long)v;
		i++;
		if ((r = at_get_opt_int(&f, i, "act", 0, 15, &out->act, e)))
			return r;
	}
	return 0;
}

/* ---- +COPS ---- */

int at_parse_cops(const char *line, struct at_cops *out, struct at_perr *e)
{
	struct at_fields f;
	int n = at_fields_split(line, "+COPS:", &f), r;
	if (n < 0)
		return at_perr_set(e, n, -1, "+COPS", "not a +COPS: answer");
	if (n >= 1 && f.f[0].len && f.f[0].p[0] == '(')
		return at_perr_set(e, CL_E_PARSE, 0, "mode", "network list (AT+COPS=?), not the current operator");
	if ((r = at_get_int(&f, 0, "mode", 0, 4, LONG_MIN, &out->mode, e)) ||
	    (r = at_get_opt_int(&f, 1, "format", 0, 2, &out->format, e)))
		return r;
	out->oper[0] = 0;
	if (n > 2 && at_field_str(&f, 2, out->oper, sizeof out->oper))
		return at_perr_set(e, CL_E_NO_SPACE, 2, "oper", "too long");
	if (n > 2 && out->format == AT_UNKNOWN)
		return at_perr_set(e, CL_E_TRUNCATED, 1, "format", "missing before the operator");
	return at_get_opt_int(&f, 3, "act", 0, 15, &out->act, e);
}

/* ---- +CGDCONT ---- */

int at_parse_cgdcont(const char *line, struct at_pdp_ctx *out, struct at_perr *e)
{
	struct at_fields f;
	int n = at_fields_split(line, "+CGDCONT:", &f), r;
	if (n < 0)
		return at_perr_set(e, n, -1, "+CGDCONT", "not a +CGDCONT: answer");
	if (n >= 1 && f.f[0].len && f.f[0].p[0] == '(')
		return at_perr_set(e, CL_E_PARSE, 0, "cid", "range list (AT+CGDCONT=?), not a context");
	if ((r = at_get_int(&f, 0, "cid", 0, 255, LONG_MIN, &out->cid, e)))
		return r;
	if (n < 2 || !f.f[1].len)
		return at_perr_set(e, CL_E_TRUNCATED, 1, "pdp-type", "missing");
	if (at_field_str(&f, 1, out->type, sizeof out->type))
		return at_perr_set(e, CL_E_BAD_VALUE, 1, "pdp-type", "too long");
	out->apn[0] = out->addr[0] = 0;
	if (n > 2 && at_field_str(&f, 2, out->apn, sizeof out->apn))
		return at_perr_set(e, CL_E_NO_SPACE, 2, "apn", "longer than 100 characters");
	if (n > 3 && at_field_str(&f, 3, out->addr, sizeof out->addr))
		return at_perr_set(e, CL_E_NO_SPACE, 3, "addr", "too long");
	return 0;
}

/* ---- +CGPADDR ---- */

static int parse_addr(const struct at_field *fl, struct at_cgpaddr *out)
{
	char b[64];
	if (fl->len == 0 || fl->len >= sizeof b)
		return fl->len == 0 ? 0 : -1;
	memcpy(b, fl->p, fl->len);
	b[fl->len] = 0;
	if (strchr(b, ':')) {
		if (inet_pton(AF_INET6, b, out->v6) != 1)
			return -1;
		out->has_v6 = true;
		return 0;
	}
	uint8_t oct[16];
	int k = 0;
	const char *s = b;
	for (;;) {
		if (!isdigit((unsigned char)*s) || k >= 16)
			return -1;
		unsigned v = 0;
		int digits = 0;
		while (isdigit((unsigned char)*s) && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (v > 255)
			return -1;
		oct[k++] = (uint8_t)v;
		if (!*s)
			break;
		if (*s++ != '.')
			return -1;
	}
	if (k == 4) {
		memcpy(out->v4, oct, 4);
		out->has_v4 = true;
	} else if (k == 16) {
		memcpy(out->v6, oct, 16);
		out->has_v6 = true;
	} else {
		return -1;
	}
	return 0;
}

int at_parse_cgpaddr(const char *line, struct at_cgpaddr *out, struct at_perr *e)
{
	struct at_fields f;
	int n = at_fields_split(line, "+CGPADDR:", &f), r;
	if (n < 0)
		return at_perr_set(e, n, -1, "+CGPADDR", "not a +CGPADDR: answer");
	memset(out, 0, sizeof *out);
	if ((r = at_get_int(&f, 0, "cid", 0, 255, LONG_MIN, &out->cid, e)))
		return r;
	for (int i = 1; i < n && i < 3; i++)
		if (parse_addr(&f.f[i], out))
			return at_perr_set(e, CL_E_BAD_VALUE, i, "address", "not an IPv4 or IPv6 address");
	if (n > 3)
		return at_perr_set(e, CL_E_TOO_MANY, 3, "address", "more than two addresses");
	return 0;
}

/* ---- identity ---- */

static void copy_trim(char *dst, size_t size, const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s++;
		len -= 2;
	}
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	dst[len] = 0;
}

int at_parse_info(const char *line, const char *prefix, char *buf, size_t size,
		  struct at_perr *e)
{
	const char *s = line;
	size_t pl = prefix ? strlen(prefix) : 0;
	if (pl && !strncasecmp(s, prefix, pl) && s[pl] == ':')
		s += pl + 1;
	else if (*s == '+' || *s == '^')
		return at_perr_set(e, CL_E_PARSE, -1, prefix ? prefix : "info",
				   "answer of another command");
	size_t len = strlen(s);
	if (len >= size + 2)
		return at_perr_set(e, CL_E_NO_SPACE, 0, prefix ? prefix : "info", "too long");
	copy_trim(buf, size, s, len);
	if (!buf[0])
		return at_perr_set(e, CL_E_TRUNCATED, 0, prefix ? prefix : "info", "empty");
	return 0;
}

int at_parse_cgsn(const char *line, char imei[20], struct at_perr *e)
{
	int r = at_parse_info(line, "+CGSN", imei, 20, e);
	if (r)
		return r;
	size_t len = strlen(imei);
	if (len < 14 || len > 17)
		return at_perr_set(e, CL_E_BAD_VALUE, 0, "imei", "not 14 to 17 digits");
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)imei[i]))
			return at_perr_set(e, CL_E_BAD_VALUE, 0, "imei", "not all digits");
	return 0;
}

static const struct {
	const char *key;
	size_t off, size;
} ati_keys[] = {
	{ "Manufacturer", offsetof(struct at_ident, manufacturer), sizeof(((struct at_ident *)0)->manufacturer) },
	{ "Model", offsetof(struct at_ident, model), sizeof(((struct at_ident *)0)->model) },
	{ "Revision", offsetof(struct at_ident, revision), sizeof(((struct at_ident *)0)->revision) },
	{ "IMEI", offsetof(struct at_ident, imei), sizeof(((struct at_ident *)0)->imei) },
};

int at_parse_ati(const char *const *lines, size_t n, struct at_ident *out, struct at_perr *e)
{
	memset(out, 0, sizeof *out);
	int found = 0, bare = 0;
	for (size_t l = 0; l < n; l++) {
		const char *s = lines[l];
		if (*s == '+' || *s == '^' || at_classify_final(s, NULL) != AT_FINAL_NONE)
			continue;       /* +GCAP:, OK */
		const char *colon = strchr(s, ':');
		bool keyed = false;
		for (size_t k = 0; colon && k < ARRAY_SIZE(ati_keys); k++) {
			size_t kl = strlen(ati_keys[k].key);
			if ((size_t)(colon - s) == kl && !strncasecmp(s, ati_keys[k].key, kl)) {
				char *dst = (char *)out + ati_keys[k].off;
				copy_trim(dst, ati_keys[k].size, colon + 1, strlen(colon + 1));
				found++;
				keyed = true;
			}
		}
		if (keyed || colon)
			continue;
		/* Quectel style: first bare line manufacturer, second model. */
		if (bare == 0)
			copy_trim(out->manufacturer, sizeof out->manufacturer, s, strlen(s));
		else if (bare == 1)
			copy_trim(out->model, sizeof out->model, s, strlen(s));
		bare++;
		found++;
	}
	if (!found)
		return at_perr_set(e, CL_E_PARSE, -1, "ATI", "no identity lines");
	return 0;
}
