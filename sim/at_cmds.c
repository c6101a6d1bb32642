/* cellink-sim's AT commands: one table, answers built from the owner's
 * state through struct sim_at_ops. The port itself is in at.c. */
#include "sim/at_cmds.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "at/at_parse.h"
#include "common/strbuf.h"
#include "common/util.h"

#define CME_NOT_ALLOWED 3
#define CME_NOT_SUPPORTED 4
#define CME_SIM_NOT_INSERTED 10
#define CME_SIM_PIN 11
#define CME_SIM_PUK 12
#define CME_SIM_BUSY 14
#define CME_BAD_PARAM 50

struct cmd {
	const char *name;       /* "+CSQ", "E", "&F" */
	int (*fn)(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out);
};

static void info(struct strbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void info(struct strbuf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_puts(out, "\r\n");
	sb_vprintf(out, fmt, ap);
	sb_puts(out, "\r\n");
	va_end(ap);
}

static enum sim_at_sim sim_state(struct sim_at *at)
{
	return at->ops->sim_state ? at->ops->sim_state(at->ctx) : SIM_AT_SIM_READY;
}

/* 0 when the SIM is usable, else the +CME ERROR to answer. */
static int need_sim(struct sim_at *at)
{
	switch (sim_state(at)) {
	case SIM_AT_SIM_READY: return 0;
	case SIM_AT_SIM_PIN: return CME_SIM_PIN;
	case SIM_AT_SIM_PUK: return CME_SIM_PUK;
	case SIM_AT_SIM_ABSENT: return CME_SIM_NOT_INSERTED;
	default: return CME_SIM_BUSY;
	}
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void get_signal(struct sim_at *at, struct sim_at_signal *sg)
{
	sg->rssi_dbm = sg->rsrp_dbm = sg->rsrq_x10 = sg->sinr_x10 = AT_UNKNOWN;
	if (at->ops->signal)
		at->ops->signal(at->ctx, sg);
}

static void get_reg(struct sim_at *at, struct sim_at_reg *r)
{
	memset(r, 0, sizeof *r);
	r->act = 7;
	if (at->ops->registration)
		at->ops->registration(at->ctx, r);
}

/* ---- identity ---- */

static void get_id(struct sim_at *at, struct sim_at_identity *id)
{
	memset(id, 0, sizeof *id);
	if (at->ops->identity)
		at->ops->identity(at->ctx, id);
#define DEF(f, v) if (!id->f) id->f = v
	DEF(manufacturer, "cellink-sim");
	DEF(model, "sim");
	DEF(revision, "0");
	DEF(imei, "000000000000000");
	DEF(iccid, "8900000000000000000");
#undef DEF
}

static int h_ati(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	struct sim_at_identity id;
	get_id(at, &id);
	sb_puts(out, "\r\n");
	sb_printf(out, "Manufacturer: %s\r\nModel: %s\r\nRevision: %s\r\nIMEI: %s\r\n+GCAP: +CGSM\r\n",
		  id.manufacturer, id.model, id.revision, id.imei);
	return 0;
}

static int h_ident(struct sim_at *at, enum cmd_mode m, const char *name, struct strbuf *out,
		   int which)
{
	if (m == M_TEST)
		return 0;
	if (m != M_EXEC)
		return R_ERROR;
	struct sim_at_identity id;
	get_id(at, &id);
	const char *v[] = { id.manufacturer, id.model, id.revision, id.imei };
	info(out, "%s", v[which]);
	return 0;
}

/* AT+CPINR="SIM PIN" (or SIM PUK, or none: both): attempts left, of 3 and 10 */
static int h_cpinr(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m == M_TEST)
		return 0;
	if (!at->ops->pin_retries || (m != M_SET && m != M_EXEC))
		return R_ERROR;
	int pin = 0, puk = 0;
	at->ops->pin_retries(at->ctx, &pin, &puk);
	bool want_pin = m == M_EXEC || strstr(args, "SIM PIN") || strstr(args, "*");
	bool want_puk = m == M_EXEC || strstr(args, "SIM PUK") || strstr(args, "*");
	if (want_pin)
		info(out, "+CPINR: SIM PIN,%d,3", pin);
	if (want_puk)
		info(out, "+CPINR: SIM PUK,%d,10", puk);
	return want_pin || want_puk ? 0 : CME_BAD_PARAM;
}

/* AT+CCID: the card's ICCID (read even while the SIM wants its PIN) */
static int h_ccid(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o)
{
	if (m == M_TEST)
		return 0;
	if (m != M_EXEC && m != M_READ)
		return R_ERROR;
	struct sim_at_identity id;
	get_id(at, &id);
	info(o, "+CCID: %s", id.iccid);
	return 0;
}

static int h_cgmi(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o) { return h_ident(at, m, a, o, 0); }
static int h_cgmm(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o) { return h_ident(at, m, a, o, 1); }
static int h_cgmr(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o) { return h_ident(at, m, a, o, 2); }
static int h_cgsn(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o) { return h_ident(at, m, a, o, 3); }

static int h_gcap(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	info(out, "+GCAP: +CGSM");
	return 0;
}

/* ---- settings ---- */

static int digit_arg(const char *args, int max)
{
	if (!*args)
		return 0;
	if (!isdigit((unsigned char)args[0]) || args[1] || args[0] - '0' > max)
		return -1;
	return args[0] - '0';
}

static int h_echo(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	int v = digit_arg(args, 1);
	if (v < 0)
		return R_ERROR;
	at->echo = v;
	return 0;
}

static int h_ok(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	return 0;
}

static int h_reset(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	at->echo = true;
	at->cmee = 1;
	at->creg_n = at->cgreg_n = at->cereg_n = 0;
	return 0;
}

static int h_sreg(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (strchr(args, '?'))
		info(out, "000");
	return 0;
}

static int h_hangup(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (at->ops->hangup)
		at->ops->hangup(at->ctx);
	return 0;
}

static int set_n(const char *args, int max)
{
	char *end;
	long v = strtol(args, &end, 10);
	if (end == args || *end || v < 0 || v > max)
		return -1;
	return (int)v;
}

static int h_cmee(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m == M_READ) {
		info(out, "+CMEE: %d", at->cmee);
	} else if (m == M_TEST) {
		info(out, "+CMEE: (0-2)");
	} else if (m == M_SET) {
		int v = set_n(args, 2);
		if (v < 0)
			return CME_BAD_PARAM;
		at->cmee = v;
	}
	return 0;
}

static int h_cfun(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m == M_READ)
		info(out, "+CFUN: 1");
	else if (m == M_TEST)
		info(out, "+CFUN: (0,1,4),(0-1)");
	return 0;
}

/* ---- SIM ---- */

static int h_cpin(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	enum sim_at_sim st = sim_state(at);
	if (m == M_TEST)
		return 0;
	if (m == M_READ) {
		static const char *const txt[] = { "READY", "SIM PIN", "SIM PUK" };
		if (st == SIM_AT_SIM_ABSENT)
			return CME_SIM_NOT_INSERTED;
		if ((size_t)st >= ARRAY_SIZE(txt))
			return CME_SIM_BUSY;    /* not ready (or an unknown state) */
		info(out, "+CPIN: %s", txt[st]);
		return 0;
	}
	if (m != M_SET)
		return R_ERROR;
	struct at_fields f;
	char pin[16];
	if (at_fields_split(args, NULL, &f) < 1 || at_field_str(&f, 0, pin, sizeof pin) || !pin[0])
		return CME_BAD_PARAM;
	if (st == SIM_AT_SIM_ABSENT)
		return CME_SIM_NOT_INSERTED;
	if (st == SIM_AT_SIM_READY)
		return CME_NOT_ALLOWED;
	if (st == SIM_AT_SIM_PUK)
		return CME_SIM_PUK;     /* PUK unlocking is not emulated over AT */
	if (st != SIM_AT_SIM_PIN)
		return CME_SIM_BUSY;
	if (!at->ops->pin_enter)
		return CME_NOT_SUPPORTED;
	int r = at->ops->pin_enter(at->ctx, pin);
	explicit_bzero(pin, sizeof pin);        /* a secret: not left on the stack */
	return r;
}

/* ---- signal ---- */

static int h_csq(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m == M_TEST) {
		info(out, "+CSQ: (0-31,99),(0-7,99)");
		return 0;
	}
	struct sim_at_signal sg;
	get_signal(at, &sg);
	int rssi = sg.rssi_dbm == AT_UNKNOWN ? 99 : clamp((sg.rssi_dbm + 113) / 2, 0, 31);
	info(out, "+CSQ: %d,99", rssi);
	return 0;
}

static int h_cesq(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	struct sim_at_signal sg;
	get_signal(at, &sg);
	int rsrq = sg.rsrq_x10 == AT_UNKNOWN ? 255 : clamp((sg.rsrq_x10 + 200) / 5, 0, 34);
	int rsrp = sg.rsrp_dbm == AT_UNKNOWN ? 255 : clamp(sg.rsrp_dbm + 141, 0, 97);
	info(out, "+CESQ: 99,99,255,255,%d,%d", rsrq, rsrp);
	return 0;
}

/* ---- registration ---- */

static void reg_line(struct strbuf *out, const char *name, int n, bool query,
		     const struct sim_at_reg *r)
{
	struct strbuf l;
	sb_init(&l);
	sb_printf(&l, "+%s: ", name);
	if (query)
		sb_printf(&l, "%d,", n);
	sb_printf(&l, "%d", r->stat);
	if (n == 2 && (r->stat == 1 || r->stat == 5))
		sb_printf(&l, ",\"%04X\",\"%08X\",%d", r->tac & 0xffff, r->ci, r->act);
	info(out, "%s", sb_str(&l));
	sb_free(&l);
}

static int h_reg(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out,
		 const char *name, int *n)
{
	if (m == M_TEST) {
		info(out, "+%s: (0-2)", name);
	} else if (m == M_READ) {
		struct sim_at_reg r;
		get_reg(at, &r);
		reg_line(out, name, *n, true, &r);
	} else if (m == M_SET) {
		int v = set_n(args, 2);
		if (v < 0)
			return CME_BAD_PARAM;
		*n = v;
	} else {
		*n = 0;
	}
	return 0;
}

static int h_creg(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o) { return h_reg(at, m, a, o, "CREG", &at->creg_n); }
static int h_cgreg(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o) { return h_reg(at, m, a, o, "CGREG", &at->cgreg_n); }
static int h_cereg(struct sim_at *at, enum cmd_mode m, const char *a, struct strbuf *o) { return h_reg(at, m, a, o, "CEREG", &at->cereg_n); }

static bool registered(const struct sim_at_reg *r)
{
	return r->stat == 1 || r->stat == 5;
}

static int h_cops(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	struct sim_at_oper op = { .name = "" };
	struct sim_at_reg r;
	if (at->ops->oper)
		at->ops->oper(at->ctx, &op);
	get_reg(at, &r);
	if (m == M_READ) {
		int e = need_sim(at);
		if (e)
			return e;
		if (!registered(&r) || !op.name) {
			info(out, "+COPS: 0");
		} else if (at->cops_format == 2) {
			info(out, "+COPS: 0,2,\"%03u%02u\",%d", op.mcc, op.mnc, op.act);
		} else {
			info(out, "+COPS: 0,%d,\"%s\",%d", at->cops_format, op.name, op.act);
		}
	} else if (m == M_TEST) {
		info(out, "+COPS: (2,\"%s\",\"%s\",\"%03u%02u\",%d),,(0-4),(0-2)",
		     op.name ? op.name : "", op.name ? op.name : "", op.mcc, op.mnc, op.act);
	} else if (m == M_SET) {
		struct at_fields f;
		long mode, fmt;
		if (at_fields_split(args, NULL, &f) < 1 || at_field_int(&f, 0, &mode) || mode < 0 || mode > 4)
			return CME_BAD_PARAM;
		if (f.n > 1) {
			if (at_field_int(&f, 1, &fmt) || fmt < 0 || fmt > 2)
				return CME_BAD_PARAM;
			at->cops_format = (int)fmt;
		}
	}
	return 0;
}

/* ---- PDP contexts ---- */

static int pdp_list(struct sim_at *at, struct sim_at_pdp *p)
{
	if (!at->ops->pdp_list)
		return 0;
	int n = at->ops->pdp_list(at->ctx, p, SIM_AT_MAX_PDP);
	return clamp(n, 0, SIM_AT_MAX_PDP);
}

static int h_cgdcont(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m == M_TEST) {
		static const char *const types[] = { "IP", "IPV6", "IPV4V6" };
		for (size_t i = 0; i < ARRAY_SIZE(types); i++)
			info(out, "+CGDCONT: (1-16),\"%s\",,,(0-2),(0-4)", types[i]);
		return 0;
	}
	int e = need_sim(at);
	if (e)
		return e;
	if (m == M_READ) {
		struct sim_at_pdp p[SIM_AT_MAX_PDP];
		int n = pdp_list(at, p);
		for (int i = 0; i < n; i++)
			info(out, "+CGDCONT: %d,\"%s\",\"%s\",\"0.0.0.0\",0,0", p[i].cid, p[i].type, p[i].apn);
		return 0;
	}
	if (m != M_SET)
		return R_ERROR;
	struct at_fields f;
	long cid;
	char type[16] = "", apn[101] = "";
	if (at_fields_split(args, NULL, &f) < 1 || at_field_int(&f, 0, &cid) || cid < 1 || cid > 16)
		return CME_BAD_PARAM;
	if (f.n > 1 && at_field_str(&f, 1, type, sizeof type))
		return CME_BAD_PARAM;
	if (f.n > 2 && at_field_str(&f, 2, apn, sizeof apn))
		return CME_BAD_PARAM;
	if (type[0] && strcasecmp(type, "IP") && strcasecmp(type, "IPV6") && strcasecmp(type, "IPV4V6"))
		return CME_BAD_PARAM;
	if (!at->ops->pdp_define)
		return CME_NOT_SUPPORTED;
	return at->ops->pdp_define(at->ctx, (int)cid, type, apn);
}

static void put_dotted(struct strbuf *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_printf(out, i ? ".%u" : "%u", b[i]);
}

static int h_cgpaddr(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	struct sim_at_pdp p[SIM_AT_MAX_PDP];
	int n = pdp_list(at, p);
	long want = -1;
	if (m == M_TEST) {
		sb_puts(out, "\r\n+CGPADDR: (");
		for (int i = 0; i < n; i++)
			sb_printf(out, i ? ",%d" : "%d", p[i].cid);
		sb_puts(out, ")\r\n");
		return 0;
	}
	if (m == M_SET) {
		struct at_fields f;
		if (at_fields_split(args, NULL, &f) != 1 || at_field_int(&f, 0, &want))
			return CME_BAD_PARAM;
	} else if (m != M_EXEC) {
		return R_ERROR;
	}
	for (int i = 0; i < n; i++) {
		if (want >= 0 && p[i].cid != want)
			continue;
		sb_printf(out, "\r\n+CGPADDR: %d", p[i].cid);
		if (p[i].active) {
			sb_puts(out, ",\"");
			put_dotted(out, p[i].v4, 4);
			sb_puts(out, "\"");
			if (p[i].has_v6) {
				sb_puts(out, ",\"");
				put_dotted(out, p[i].v6, 16);
				sb_puts(out, "\"");
			}
		}
		sb_puts(out, "\r\n");
	}
	return 0;
}

/* ---- vendor status commands ---- */

static int h_gstatus(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m != M_READ)
		return R_ERROR;
	struct sim_at_signal sg;
	struct sim_at_reg r;
	get_signal(at, &sg);
	get_reg(at, &r);
	bool on = registered(&r);
	sb_puts(out, "\r\n!GSTATUS: \r\n");
	sb_printf(out, "Current Time:  %u\t\tTemperature: 38\r\n", 1000u);
	sb_printf(out, "Reset Counter: 1\t\tMode:        ONLINE\r\n");
	sb_printf(out, "System mode:   %s\t\tPS state:    %s\r\n", on ? "LTE" : "No service",
		  on ? "Attached" : "Not attached");
	if (on) {
		sb_printf(out, "LTE band:      B3\t\tLTE bw:      20 MHz\r\n");
		sb_printf(out, "LTE Rx chan:   1300\t\tLTE Tx chan: 19300\r\n");
		sb_printf(out, "EMM state:     Registered\tNormal Service\r\n");
		sb_printf(out, "RRC state:     RRC Idle\r\n\r\n");
		sb_printf(out, "PCC RxM RSSI:  %d\t\tRSRP (dBm):  %d\r\n", sg.rssi_dbm, sg.rsrp_dbm);
		sb_printf(out, "PCC RxD RSSI:  %d\t\tRSRP (dBm):  %d\r\n", sg.rssi_dbm - 2, sg.rsrp_dbm - 3);
		sb_printf(out, "Tx Power:      --\t\tTAC:         %04X (%u)\r\n", r.tac & 0xffff, r.tac & 0xffff);
		int q = sg.rsrq_x10, s = sg.sinr_x10;
		sb_printf(out, "RSRQ (dB):     %s%d.%d\t\tCell ID:     %08X (%u)\r\n", q < 0 ? "-" : "",
			  abs(q) / 10, abs(q) % 10, r.ci, r.ci);
		sb_printf(out, "SINR (dB):     %s%d.%d\r\n", s < 0 ? "-" : "", abs(s) / 10, abs(s) % 10);
	} else {
		sb_printf(out, "EMM state:     Deregistered\tNo Cell Available\r\n");
	}
	return 0;
}

static int h_qeng(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m == M_TEST) {
		info(out, "+QENG: (\"servingcell\",\"neighbourcell\")");
		return 0;
	}
	if (m != M_SET || strcasecmp(args, "\"servingcell\""))
		return CME_BAD_PARAM;
	struct sim_at_signal sg;
	struct sim_at_reg r;
	struct sim_at_oper op = { .name = "" };
	get_signal(at, &sg);
	get_reg(at, &r);
	if (at->ops->oper)
		at->ops->oper(at->ctx, &op);
	if (!registered(&r)) {
		info(out, "+QENG: \"servingcell\",\"SEARCH\"");
		return 0;
	}
	/* EC2x reports SINR as 0..250 for -20..+30 dB. */
	int sinr = sg.sinr_x10 == AT_UNKNOWN ? 0 : clamp(sg.sinr_x10 / 2 + 100, 0, 250);
	info(out, "+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",%u,%02u,%X,101,1300,3,5,5,%X,%d,%d,%d,%d,-",
	     op.mcc, op.mnc, r.ci, r.tac & 0xffff, sg.rsrp_dbm, sg.rsrq_x10 / 10, sg.rssi_dbm, sinr);
	return 0;
}

static int h_hcsq(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	if (m == M_TEST) {
		info(out, "^HCSQ: \"NOSERVICE\",\"GSM\",\"WCDMA\",\"LTE\"");
		return 0;
	}
	if (m != M_READ)
		return R_ERROR;
	struct sim_at_signal sg;
	struct sim_at_reg r;
	get_signal(at, &sg);
	get_reg(at, &r);
	if (!registered(&r) || sg.rsrp_dbm == AT_UNKNOWN) {
		info(out, "^HCSQ: \"NOSERVICE\"");
		return 0;
	}
	info(out, "^HCSQ: \"LTE\",%d,%d,%d,%d", clamp(sg.rssi_dbm + 121, 0, 96),
	     clamp(sg.rsrp_dbm + 141, 0, 97), clamp((sg.sinr_x10 + 202) / 2, 0, 251),
	     clamp((sg.rsrq_x10 + 200) / 5, 0, 34));
	return 0;
}

/* ---- dial ---- */

static int h_dial(struct sim_at *at, enum cmd_mode m, const char *args, struct strbuf *out)
{
	/* *99# or *99***<cid># (the GPRS service code of 27.007 10.2.1.1). */
	int cid = 1;
	if (strncmp(args, "*99", 3))
		return R_NOCARRIER;     /* voice/CSD calls are not emulated */
	const char *p = args + 3;
	if (!strncmp(p, "***", 3)) {
		char *end;
		long v = strtol(p + 3, &end, 10);
		if (end == p + 3 || v < 1 || v > 16)
			return CME_BAD_PARAM;
		cid = (int)v;
		p = end;
	}
	if (strcmp(p, "#"))
		return CME_BAD_PARAM;
	int e = need_sim(at);
	if (e)
		return e;
	if (!at->ops->dial)
		return R_NOCARRIER;
	int r = at->ops->dial(at->ctx, cid);
	if (r < 0)
		return R_NOCARRIER;
	if (r > 0)
		return r;
	return R_CONNECT;
}

static const struct cmd cmds[] = {
	{ "E", h_echo }, { "I", h_ati }, { "Z", h_reset }, { "&F", h_reset },
	{ "V", h_ok }, { "Q", h_ok }, { "X", h_ok }, { "&C", h_ok }, { "&D", h_ok },
	{ "&W", h_ok }, { "S", h_sreg }, { "H", h_hangup }, { "D", h_dial },
	{ "+CGMI", h_cgmi }, { "+GMI", h_cgmi }, { "+CGMM", h_cgmm }, { "+GMM", h_cgmm },
	{ "+CGMR", h_cgmr }, { "+GMR", h_cgmr }, { "+CGSN", h_cgsn }, { "+GSN", h_cgsn },
	{ "+GCAP", h_gcap }, { "+CMEE", h_cmee }, { "+CFUN", h_cfun },
	{ "+CPIN", h_cpin }, { "+CPINR", h_cpinr }, { "+CCID", h_ccid }, { "+CSQ", h_csq }, { "+CESQ", h_cesq },
	{ "+CREG", h_creg }, { "+CGREG", h_cgreg }, { "+CEREG", h_cereg },
	{ "+COPS", h_cops }, { "+CGDCONT", h_cgdcont }, { "+CGPADDR", h_cgpaddr },
	{ "!GSTATUS", h_gstatus }, { "+QENG", h_qeng }, { "^HCSQ", h_hcsq },
};

int sim_at_cmd_run(struct sim_at *at, const char *name, enum cmd_mode m, const char *args,
		   struct strbuf *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcasecmp(cmds[i].name, name))
			return cmds[i].fn(at, m, args, out);
	return R_UNKNOWN;
}
