/* AT answer parsers, on hand-made lines and on published transcripts
 * (tests/data/at/, each file names its source). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at/at.h"
#include "at/at_parse.h"
#include "common/err.h"

/* ---- transcript loading: comment header ('#'), then the modem's bytes ---- */

struct transcript {
	char lines[64][AT_LINE_MAX + 1];
	const char *ptr[64];
	size_t n;
};

static int tr_cb(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct transcript *t = ctx;
	if (line[0] == '#' || t->n >= 64)
		return 0;
	memcpy(t->lines[t->n], line, len + 1);
	t->ptr[t->n] = t->lines[t->n];
	t->n++;
	return 0;
}

static struct transcript *load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", AT_DATA_DIR, name);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct transcript *t = calloc(1, sizeof *t);
	struct at_splitter s;
	at_split_init(&s);
	uint8_t buf[256];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		at_split_feed(&s, buf, n, tr_cb, t);
	fclose(fp);
	assert_true(t->n > 0);
	return t;
}

static const char *find(const struct transcript *t, const char *prefix, int nth)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strncmp(t->lines[i], prefix, strlen(prefix)) && nth-- == 0)
			return t->lines[i];
	fail_msg("no line %s in transcript", prefix);
	return NULL;
}

/* ---- 3GPP answers ---- */

static void cpin(void **state)
{
	enum at_sim_state s;
	struct at_perr e;
	assert_int_equal(at_parse_cpin("+CPIN: READY", &s, NULL), 0);
	assert_int_equal(s, AT_SIM_READY);
	assert_int_equal(at_parse_cpin("+CPIN: SIM PIN", &s, NULL), 0);
	assert_int_equal(s, AT_SIM_SIM_PIN);
	assert_int_equal(at_parse_cpin("+CPIN: \"SIM PUK\"", &s, NULL), 0);
	assert_int_equal(s, AT_SIM_SIM_PUK);
	assert_int_equal(at_parse_cpin("+CPIN: PH-SIM PIN", &s, NULL), 0);
	assert_int_equal(s, AT_SIM_PH_SIM_PIN);
	assert_int_equal(at_parse_cpin("+CPIN: WHATEVER", &s, &e), CL_E_BAD_VALUE);
	assert_string_equal(e.why, "unknown SIM state");
	assert_int_equal(at_parse_cpin("+CPIN:", &s, &e), CL_E_TRUNCATED);
	assert_int_equal(at_parse_cpin("+CSQ: 1,2", &s, &e), CL_E_PARSE);
	assert_string_equal(at_sim_state_text(AT_SIM_SIM_PUK), "SIM PUK");
}

static void csq(void **state)
{
	struct at_csq q;
	struct at_perr e;
	char b[96];
	assert_int_equal(at_parse_csq("+CSQ: 24,5", &q, NULL), 0);
	assert_int_equal(q.rssi, 24);
	assert_int_equal(q.dbm, -65);           /* mbed-os log prints RSSI -65 dBm */
	assert_int_equal(q.ber, 5);
	assert_int_equal(at_parse_csq("+CSQ: 0,99", &q, NULL), 0);
	assert_int_equal(q.dbm, -113);
	assert_int_equal(q.ber, 99);
	assert_int_equal(at_parse_csq("+CSQ: 31,0", &q, NULL), 0);
	assert_int_equal(q.dbm, -51);
	assert_int_equal(at_parse_csq("+CSQ:99,99", &q, NULL), 0);
	assert_int_equal(q.rssi, 99);
	assert_int_equal(q.dbm, AT_UNKNOWN);
	assert_int_equal(at_parse_csq("+CSQ: 32,0", &q, &e), CL_E_BAD_VALUE);
	assert_string_equal(at_perr_format(&e, b, sizeof b), "rssi: out of range (field 1)");
	assert_int_equal(at_parse_csq("+CSQ: 20", &q, &e), CL_E_TRUNCATED);
	assert_string_equal(e.what, "ber");
	assert_int_equal(at_parse_csq("+CSQ: x,1", &q, &e), CL_E_BAD_VALUE);
	assert_int_equal(at_parse_csq("CSQ: 1,1", &q, &e), CL_E_PARSE);
}

static void cesq(void **state)
{
	struct at_cesq c;
	struct at_perr e;
	/* obsy/packages#3: LTE-only stick. */
	assert_int_equal(at_parse_cesq("+CESQ:99,99,255,255,12,40", &c, NULL), 0);
	assert_int_equal(c.rxlev_dbm, AT_UNKNOWN);
	assert_int_equal(c.rscp_dbm, AT_UNKNOWN);
	assert_int_equal(c.rsrq_x10, -140);
	assert_int_equal(c.rsrp_dbm, -101);
	assert_int_equal(at_parse_cesq("+CESQ: 99,99,60,30,255,255", &c, NULL), 0);
	assert_int_equal(c.rscp_dbm, -61);
	assert_int_equal(c.ecno_x10, -95);
	assert_int_equal(at_parse_cesq("+CESQ: 99,99,255,255,35,40", &c, &e), CL_E_BAD_VALUE);
	assert_string_equal(e.what, "rsrq");
	assert_int_equal(at_parse_cesq("+CESQ: 99,99,255,255,12", &c, &e), CL_E_TRUNCATED);
}

static void registration(void **state)
{
	struct at_reg r;
	struct at_perr e;
	assert_int_equal(at_parse_reg("+CEREG: 2,1,\"3584\",\"00ef4a08\",7", true, &r, NULL), 0);
	assert_string_equal(r.which, "CEREG");
	assert_int_equal(r.n, 2);
	assert_int_equal(r.stat, AT_REG_HOME);
	assert_int_equal(r.lac, 0x3584);
	assert_int_equal(r.ci, 0xef4a08);
	assert_int_equal(r.act, 7);
	/* Unquoted location, as an unbranded Marvell stick prints it. */
	assert_int_equal(at_parse_reg("+CREG: 2,1,3584,ef4a08,7", true, &r, NULL), 0);
	assert_string_equal(r.which, "CREG");
	assert_int_equal(r.lac, 0x3584);
	assert_int_equal(r.ci, 0xef4a08);
	assert_int_equal(at_parse_reg("+CGREG: 2,0", true, &r, NULL), 0);
	assert_int_equal(r.stat, AT_REG_NOT_SEARCHING);
	assert_int_equal(r.lac, -1);
	assert_int_equal(r.act, AT_UNKNOWN);
	/* gammu#150: trailing RAC after AcT is ignored. */
	assert_int_equal(at_parse_reg("+CGREG: 2,1,\"001F\",\"0219038\",2,\"1F\"", true, &r, NULL), 0);
	assert_int_equal(r.act, 2);
	assert_int_equal(r.ci, 0x219038);
	/* URC forms. */
	assert_int_equal(at_parse_reg("+CEREG: 5", false, &r, NULL), 0);
	assert_int_equal(r.stat, AT_REG_ROAMING);
	assert_int_equal(r.n, AT_UNKNOWN);
	assert_true(at_reg_is_registered(r.stat));
	assert_int_equal(at_parse_reg("+CEREG: 1,\"3AC9\",\"243800E\",7", false, &r, NULL), 0);
	assert_int_equal(r.lac, 0x3ac9);
	assert_int_equal(r.ci, 0x243800e);
	assert_int_equal(at_parse_reg("+C5GREG: 1,\"60AA00\",\"939204254\",11", false, &r, NULL), 0);
	assert_string_equal(r.which, "C5GREG");
	/* Errors. */
	assert_int_equal(at_parse_reg("+CEREG: 2,12", true, &r, &e), CL_E_BAD_VALUE);
	assert_string_equal(e.what, "stat");
	assert_int_equal(at_parse_reg("+CEREG: 1,\"3AC9\"", false, &r, &e), CL_E_TRUNCATED);
	assert_string_equal(e.what, "ci");
	assert_int_equal(at_parse_reg("+CEREG: 1,\"XYZ\",\"1\"", false, &r, &e), CL_E_BAD_VALUE);
	assert_string_equal(e.what, "lac");
	assert_int_equal(at_parse_reg("+COPS: 0", false, &r, &e), CL_E_PARSE);
	assert_string_equal(at_reg_stat_text(AT_REG_DENIED), "registration denied");
}

static void cops(void **state)
{
	struct at_cops c;
	struct at_perr e;
	assert_int_equal(at_parse_cops("+COPS: 0,0,\"PLAY\",7", &c, NULL), 0);
	assert_int_equal(c.mode, 0);
	assert_int_equal(c.format, 0);
	assert_string_equal(c.oper, "PLAY");
	assert_int_equal(c.act, 7);
	assert_int_equal(at_parse_cops("+COPS: 0,2,\"26803\",7", &c, NULL), 0);
	assert_string_equal(c.oper, "26803");
	assert_int_equal(at_parse_cops("+COPS: 0", &c, NULL), 0);
	assert_string_equal(c.oper, "");
	assert_int_equal(c.format, AT_UNKNOWN);
	assert_int_equal(at_parse_cops("+COPS: 1,0,\"PLAY", &c, &e), CL_E_BAD_VALUE);
	assert_int_equal(at_parse_cops("+COPS: (2,\"X\",\"X\",\"1\",7),,(0-4),(0-2)", &c, &e), CL_E_PARSE);
	assert_int_equal(at_parse_cops("+COPS: 9", &c, &e), CL_E_BAD_VALUE);
}

static void cgdcont_cgpaddr(void **state)
{
	struct at_pdp_ctx p;
	struct at_perr e;
	assert_int_equal(at_parse_cgdcont("+CGDCONT: 1,\"IPV4V6\",\"apn1-ips-05\",\"0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0\",0,0,0,0,,,,,,,,,\"\",,,,0", &p, NULL), 0);
	assert_int_equal(p.cid, 1);
	assert_string_equal(p.type, "IPV4V6");
	assert_string_equal(p.apn, "apn1-ips-05");
	assert_int_equal(at_parse_cgdcont("+CGDCONT: 16,\"IP\",\"\",\"0.0.0.0\",0,0", &p, NULL), 0);
	assert_int_equal(p.cid, 16);
	assert_string_equal(p.apn, "");
	assert_int_equal(at_parse_cgdcont("+CGDCONT: 1", &p, &e), CL_E_TRUNCATED);
	assert_int_equal(at_parse_cgdcont("+CGDCONT: (1-42),\"IP\",,,(0-3)", &p, &e), CL_E_PARSE);

	struct at_cgpaddr a;
	assert_int_equal(at_parse_cgpaddr("+CGPADDR: 1,\"10.45.134.43\"", &a, NULL), 0);
	assert_true(a.has_v4);
	assert_false(a.has_v6);
	assert_memory_equal(a.v4, "\x0a\x2d\x86\x2b", 4);
	assert_int_equal(at_parse_cgpaddr("+CGPADDR: 2,10.0.0.1,\"32.1.13.184.0.0.0.0.0.0.0.0.0.0.0.1\"", &a, NULL), 0);
	assert_true(a.has_v4 && a.has_v6);
	assert_memory_equal(a.v6, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	assert_int_equal(at_parse_cgpaddr("+CGPADDR: 3,\"2001:db8::2\"", &a, NULL), 0);
	assert_true(a.has_v6);
	assert_int_equal(a.v6[15], 2);
	assert_int_equal(at_parse_cgpaddr("+CGPADDR: 1", &a, NULL), 0);
	assert_false(a.has_v4 || a.has_v6);
	assert_int_equal(at_parse_cgpaddr("+CGPADDR: 1,\"10.0.0.256\"", &a, &e), CL_E_BAD_VALUE);
	assert_int_equal(at_parse_cgpaddr("+CGPADDR: 1,\"1.2.3\"", &a, &e), CL_E_BAD_VALUE);
	assert_int_equal(at_parse_cgpaddr("+CGPADDR: 1,1.2.3.4,5.6.7.8,9.9.9.9", &a, &e), CL_E_TOO_MANY);
}

static void identity(void **state)
{
	struct at_ident id;
	char b[32], imei[20];
	struct at_perr e;
	const char *quectel[] = { "Quectel", "EC25", "Revision: EC25EFAR06A06M4G", "OK" };
	assert_int_equal(at_parse_ati(quectel, 4, &id, NULL), 0);
	assert_string_equal(id.manufacturer, "Quectel");
	assert_string_equal(id.model, "EC25");
	assert_string_equal(id.revision, "EC25EFAR06A06M4G");
	const char *nothing[] = { "OK" };
	assert_int_equal(at_parse_ati(nothing, 1, &id, &e), CL_E_PARSE);

	assert_int_equal(at_parse_info("Quectel", "+CGMI", b, sizeof b, NULL), 0);
	assert_string_equal(b, "Quectel");
	assert_int_equal(at_parse_info("+CGMM: \"MC7455\"", "+CGMM", b, sizeof b, NULL), 0);
	assert_string_equal(b, "MC7455");
	assert_int_equal(at_parse_info("+CSQ: 1,1", "+CGMM", b, sizeof b, &e), CL_E_PARSE);
	assert_int_equal(at_parse_info("", "+CGMM", b, sizeof b, &e), CL_E_TRUNCATED);
	assert_int_equal(at_parse_cgsn("359072060000000", imei, NULL), 0);
	assert_string_equal(imei, "359072060000000");
	assert_int_equal(at_parse_cgsn("+CGSN: \"359072060000000\"", imei, NULL), 0);
	assert_int_equal(at_parse_cgsn("35907206000000X", imei, &e), CL_E_BAD_VALUE);
	assert_int_equal(at_parse_cgsn("1234", imei, &e), CL_E_BAD_VALUE);
}

/* ---- transcripts ---- */

static void transcript_huawei(void **state)
{
	struct transcript *t = load("huawei_me906e.txt");
	struct at_hcsq h;
	assert_int_equal(at_parse_hcsq(find(t, "^HCSQ:", 0), &h, NULL), 0);
	assert_string_equal(h.sysmode, "LTE");
	assert_int_equal(h.rssi_dbm, -62);
	assert_int_equal(h.rsrp_dbm, -86);
	assert_int_equal(h.sinr_x10, 8);
	assert_int_equal(h.rsrq_x10, -100);
	struct at_ident id;
	assert_int_equal(at_parse_ati(&t->ptr[1], 6, &id, NULL), 0);
	assert_string_equal(id.manufacturer, "Huawei Technologies Co., Ltd.");
	assert_string_equal(id.model, "ME906E");
	assert_string_equal(id.revision, "12.430.19.08.00");
	struct at_cops c;
	assert_int_equal(at_parse_cops(find(t, "+COPS:", 0), &c, NULL), 0);
	assert_string_equal(c.oper, "PLAY");
	struct at_pdp_ctx p;
	assert_int_equal(at_parse_cgdcont(find(t, "+CGDCONT:", 0), &p, NULL), 0);
	assert_string_equal(p.apn, "internet");
	assert_int_equal(at_parse_cgdcont(find(t, "+CGDCONT:", 1), &p, NULL), 0);
	assert_int_equal(p.cid, 16);
	free(t);
}

static void transcript_sierra_ati(void **state)
{
	struct transcript *t = load("sierra_ati_mc7455.txt");
	struct at_ident id;
	assert_string_equal(t->lines[0], "ATI");
	assert_int_equal(at_parse_ati(&t->ptr[1], t->n - 1, &id, NULL), 0);
	assert_string_equal(id.manufacturer, "Sierra Wireless, Incorporated");
	assert_string_equal(id.model, "MC7455");
	assert_string_equal(id.revision, "SWI9X30C_02.33.03.00 r8209 CARMD-EV-FRMWR2 2019/08/28 20:59:30");
	assert_string_equal(id.imei, "111111111111110");       /* not "IMEI SV" */
	char imei[20];
	assert_int_equal(at_parse_cgsn(id.imei, imei, NULL), 0);
	free(t);
}

static void hcsq_forms(void **state)
{
	struct at_hcsq h;
	struct at_perr e;
	assert_int_equal(at_parse_hcsq("^HCSQ: \"WCDMA\",30,30,58", &h, NULL), 0);
	assert_int_equal(h.rscp_dbm, -91);
	assert_int_equal(h.ecio_x10, -35);
	assert_int_equal(at_parse_hcsq("^HCSQ: \"NOSERVICE\"", &h, NULL), 0);
	assert_int_equal(h.rssi_dbm, AT_UNKNOWN);
	assert_int_equal(at_parse_hcsq("^HCSQ: \"LTE\",255,255,255,255", &h, NULL), 0);
	assert_int_equal(h.rsrp_dbm, AT_UNKNOWN);
	assert_int_equal(at_parse_hcsq("^HCSQ: 2,0,\"LTE\",63,2,0,10", &h, NULL), 0);
	assert_int_equal(h.rssi_dbm, -58);
	assert_int_equal(at_parse_hcsq("^HCSQ: \"LTE\",59,55,105", &h, &e), CL_E_TRUNCATED);
	assert_string_equal(e.what, "rsrq");
	assert_int_equal(at_parse_hcsq("^HCSQ: \"LTE\",59,98,105,20", &h, &e), CL_E_BAD_VALUE);
	assert_string_equal(e.what, "rsrp");
	assert_int_equal(at_parse_hcsq("^HCSQ: \"CDMA\",1", &h, &e), CL_E_BAD_VALUE);
}

static void transcript_sierra(void **state)
{
	struct transcript *t = load("sierra_gstatus_em7455.txt");
	struct at_gstatus g;
	assert_string_equal(t->lines[0], "at!gstatus?");
	assert_int_equal(at_parse_gstatus(&t->ptr[1], t->n - 1, &g, NULL), 0);
	assert_int_equal(g.temperature, 36);
	assert_string_equal(g.mode, "ONLINE");
	assert_string_equal(g.system_mode, "LTE");
	assert_string_equal(g.ps_state, "Attached");
	assert_string_equal(g.emm_state, "Registered");
	assert_string_equal(g.rrc_state, "RRC Connected");
	assert_int_equal(g.lte_band, 3);
	assert_int_equal(g.lte_bw_mhz, 10);
	assert_int_equal(g.rx_chan, 1749);
	assert_int_equal(g.tx_chan, 19749);
	assert_int_equal(g.rssi_dbm, -74);
	assert_int_equal(g.rsrp_dbm, -109);
	assert_int_equal(g.rsrp_rxd_dbm, -117);
	assert_int_equal(g.tx_power, 0);
	assert_int_equal(g.tac, 0xd5ac);
	assert_int_equal(g.cell_id, 37633588);
	assert_int_equal(g.rsrq_x10, -174);
	assert_int_equal(g.sinr_x10, -26);
	free(t);

	t = load("sierra_gstatus_tabs.txt");
	assert_int_equal(at_parse_gstatus(&t->ptr[1], t->n - 1, &g, NULL), 0);
	assert_string_equal(g.mode, "ONLINE");
	assert_string_equal(g.rrc_state, "RRC Idle");
	assert_int_equal(g.lte_band, 8);
	assert_int_equal(g.lte_bw_mhz, 5);
	assert_int_equal(g.tx_power, AT_UNKNOWN);       /* "--" */
	assert_int_equal(g.rssi_rxd_dbm, -85);
	assert_int_equal(g.tac, 58090);
	assert_int_equal(g.sinr_x10, 10);
	free(t);

	struct at_perr e;
	const char *bad[] = { "!GSTATUS:", "LTE band:      Bx" };
	assert_int_equal(at_parse_gstatus(bad, 2, &g, &e), CL_E_BAD_VALUE);
	assert_string_equal(e.what, "LTE band:");
	const char *none[] = { "+CSQ: 1,2", "OK" };
	assert_int_equal(at_parse_gstatus(none, 2, &g, &e), CL_E_PARSE);
}

static void transcript_quectel(void **state)
{
	struct transcript *t = load("quectel_qeng_lte.txt");
	struct at_qeng q;
	assert_int_equal(at_parse_qeng(t->ptr, t->n, &q, NULL), 0);
	assert_string_equal(q.state, "NOCONN");
	assert_string_equal(q.rat, "LTE");
	assert_false(q.tdd);
	assert_int_equal(q.mcc, 222);
	assert_int_equal(q.mnc, 88);
	assert_int_equal(q.cell_id, 0x243800e);
	assert_int_equal(q.pci, 20);
	assert_int_equal(q.earfcn, 3350);
	assert_int_equal(q.band, 7);
	assert_int_equal(q.tac, 0x3ac9);
	assert_int_equal(q.rsrp_dbm, -86);
	assert_int_equal(q.rsrq_db, -13);
	assert_int_equal(q.rssi_dbm, -52);
	assert_int_equal(q.sinr, 15);
	free(t);

	t = load("quectel_qeng_5g_multiline.txt");
	assert_int_equal(at_parse_qeng(t->ptr, t->n, &q, NULL), 0);
	assert_string_equal(q.state, "NOCONN");
	assert_string_equal(q.rat, "LTE");
	assert_int_equal(q.mcc, 515);
	assert_int_equal(q.mnc, 3);
	assert_int_equal(q.cell_id, 0x3359966);
	assert_int_equal(q.earfcn, 150);
	assert_int_equal(q.tac, 0x4aa3);
	assert_int_equal(q.rsrp_dbm, -89);
	assert_int_equal(q.sinr, 16);
	free(t);

	struct at_perr e;
	const char *search[] = { "+QENG: \"servingcell\",\"SEARCH\"", "OK" };
	assert_int_equal(at_parse_qeng(search, 2, &q, NULL), 0);
	assert_string_equal(q.state, "SEARCH");
	assert_string_equal(q.rat, "");
	assert_int_equal(q.rsrp_dbm, AT_UNKNOWN);
	const char *cut[] = { "+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"FDD\",222,88" };
	assert_int_equal(at_parse_qeng(cut, 1, &q, &e), CL_E_TRUNCATED);
	assert_string_equal(e.what, "cellid");
	const char *odd[] = { "+QENG: \"servingcell\",\"NOCONN\",\"LTE\",\"XDD\",222" };
	assert_int_equal(at_parse_qeng(odd, 1, &q, &e), CL_E_BAD_VALUE);
	const char *other[] = { "+QNWINFO: \"FDD LTE\"" };
	assert_int_equal(at_parse_qeng(other, 1, &q, &e), CL_E_PARSE);
}

static void transcript_registration(void **state)
{
	struct transcript *t = load("registration_mix.txt");
	struct at_reg r;
	struct at_csq q;
	struct at_cesq c;
	enum at_sim_state s;
	struct at_cops o;
	int regs = 0;
	for (size_t i = 0; i < t->n; i++) {
		const char *l = t->lines[i];
		if (!strncmp(l, "+CSQ", 4))
			assert_int_equal(at_parse_csq(l, &q, NULL), 0);
		else if (!strncmp(l, "+CESQ", 5))
			assert_int_equal(at_parse_cesq(l, &c, NULL), 0);
		else if (!strncmp(l, "+CPIN", 5))
			assert_int_equal(at_parse_cpin(l, &s, NULL), 0);
		else if (!strncmp(l, "+COPS", 5))
			assert_int_equal(at_parse_cops(l, &o, NULL), 0);
		else if (at_urc_match(l) != AT_URC_NONE && l[0] == '+') {
			assert_int_equal(at_parse_reg(l, true, &r, NULL), 0);
			regs++;
		}
	}
	assert_int_equal(regs, 6);
	assert_int_equal(at_parse_reg(find(t, "+CREG:", 1), true, &r, NULL), 0);
	assert_int_equal(r.lac, 0xa8);
	assert_int_equal(r.ci, 0x5355e8d);
	assert_int_equal(at_urc_match(find(t, "^SYSINFO", 0)), AT_URC_SYSINFO);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpin),
		cmocka_unit_test(csq),
		cmocka_unit_test(cesq),
		cmocka_unit_test(registration),
		cmocka_unit_test(cops),
		cmocka_unit_test(cgdcont_cgpaddr),
		cmocka_unit_test(identity),
		cmocka_unit_test(hcsq_forms),
		cmocka_unit_test(transcript_huawei),
		cmocka_unit_test(transcript_sierra_ati),
		cmocka_unit_test(transcript_sierra),
		cmocka_unit_test(transcript_quectel),
		cmocka_unit_test(transcript_registration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
