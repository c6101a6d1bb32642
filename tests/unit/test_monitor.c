/* The monitor's model (quality classes, best values, the 30 s trend on
 * virtual time) and its text screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "cli/tool_text_cells.h"
#include "cli/tool_text_monitor.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/monitor_model.h"
#include "tool/radio_qmi.h"

static struct mon_model model;

static void lte(struct mon_sample *s, int rsrp, int rsrq, int sinr10, int rssi)
{
	s->have[MON_LTE][MON_RSRP] = s->have[MON_LTE][MON_RSRQ] = true;
	s->have[MON_LTE][MON_SINR] = s->have[MON_LTE][MON_RSSI] = true;
	s->v[MON_LTE][MON_RSRP] = rsrp * 10;
	s->v[MON_LTE][MON_RSRQ] = rsrq * 10;
	s->v[MON_LTE][MON_SINR] = sinr10;
	s->v[MON_LTE][MON_RSSI] = rssi * 10;
}

static void nr(struct mon_sample *s, int rsrp, int rsrq, int sinr10)
{
	s->have[MON_NR][MON_RSRP] = s->have[MON_NR][MON_RSRQ] = s->have[MON_NR][MON_SINR] = true;
	s->v[MON_NR][MON_RSRP] = rsrp * 10;
	s->v[MON_NR][MON_RSRQ] = rsrq * 10;
	s->v[MON_NR][MON_SINR] = sinr10;
}

static void at(uint64_t t, int rsrp)
{
	struct mon_sample s = { 0 };
	lte(&s, rsrp, -10, 100, rsrp + 26);
	mon_update(&model, t, &s);
}

static void quality_classes(void **state)
{
	assert_int_equal(mon_quality_of(MON_RSRP, -790), MON_Q_EXCELLENT);
	assert_int_equal(mon_quality_of(MON_RSRP, -800), MON_Q_EXCELLENT);
	assert_int_equal(mon_quality_of(MON_RSRP, -801), MON_Q_GOOD);
	assert_int_equal(mon_quality_of(MON_RSRP, -950), MON_Q_FAIR);
	assert_int_equal(mon_quality_of(MON_RSRP, -1001), MON_Q_POOR);
	assert_int_equal(mon_quality_of(MON_RSRQ, -90), MON_Q_EXCELLENT);
	assert_int_equal(mon_quality_of(MON_RSRQ, -160), MON_Q_FAIR);
	assert_int_equal(mon_quality_of(MON_SINR, 125), MON_Q_FAIR);
	assert_int_equal(mon_quality_of(MON_SINR, 130), MON_Q_GOOD);
	assert_int_equal(mon_quality_of(MON_SINR, -5), MON_Q_POOR);
	assert_string_equal(mon_quality_name(MON_Q_EXCELLENT), "excellent");
}

static void best_and_trend(void **state)
{
	int32_t d;
	mon_init(&model);
	at(1000, -100);
	assert_true(mon_trend_of(&model.s[MON_LTE][MON_RSRP], &d));
	assert_int_equal(d, 0);
	at(11000, -90);
	at(21000, -95);
	/* 30 s window: the baseline is still the first sample */
	assert_true(mon_trend_of(&model.s[MON_LTE][MON_RSRP], &d));
	assert_int_equal(d, 50);
	assert_int_equal(mon_trend_class(d), MON_T_RISING);
	assert_int_equal(model.s[MON_LTE][MON_RSRP].best, -900);
	/* at 41 s the value in force at 11 s is the baseline: -95 - -90 */
	at(41000, -95);
	assert_true(mon_trend_of(&model.s[MON_LTE][MON_RSRP], &d));
	assert_int_equal(d, -50);
	assert_int_equal(mon_trend_class(d), MON_T_FALLING);
	/* at 51.5 s: the baseline is the sample of 21 s */
	at(51500, -94);
	assert_true(mon_trend_of(&model.s[MON_LTE][MON_RSRP], &d));
	assert_int_equal(d, 10);
	assert_int_equal(mon_trend_class(d), MON_T_STEADY);
	assert_int_equal(model.s[MON_LTE][MON_RSRP].best, -900);
	assert_int_equal(model.updates, 5);
	/* an absent value has no trend */
	assert_false(mon_trend_of(&model.s[MON_NR][MON_RSRP], &d));
}

/* Many updates in the window: the ring keeps the newest MON_HIST, the
 * trend is measured from the oldest kept. */
static void ring_overflow(void **state)
{
	int32_t d;
	mon_init(&model);
	for (unsigned i = 0; i < MON_HIST + 10; i++)
		at(1000 + i * 10, -120 + (int)(i / 20));
	const struct mon_series *s = &model.s[MON_LTE][MON_RSRP];
	assert_int_equal(s->n, MON_HIST);
	assert_true(mon_trend_of(s, &d));
	assert_int_equal(d, s->now - s->h[s->head].v);
	assert_int_equal(s->h[s->head].t, 1000 + 10 * 10);
}

static json_object *model_json(void)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_putc(&sb, '{');
	mon_json(&model, &sb);
	sb_putc(&sb, '}');
	json_object *o = json_tokener_parse(sb_str(&sb));
	assert_non_null(o);
	sb_free(&sb);
	return o;
}

static void json_shape(void **state)
{
	struct mon_sample s = { 0 };
	mon_init(&model);
	model.cell[MON_LTE] = (struct mon_cell){ true, 3, 1300, 117, 20000, NULL };
	model.cell[MON_NR] = (struct mon_cell){ true, 78, 632628, 501, 100000, NULL };
	model.ca[0] = (struct mon_cell){ true, 3, 1300, 117, 20000, NULL };
	model.ca[1] = (struct mon_cell){ true, 20, 6300, 117, 10000, "activated" };
	model.n_ca = 2;
	lte(&s, -95, -10, 125, -69);
	nr(&s, -90, -11, 150);
	mon_update(&model, 0, &s);
	json_object *o = model_json(), *l, *v;
	assert_true(json_object_object_get_ex(o, "rat", &v));
	assert_string_equal(json_object_get_string(v), "lte+nr");
	assert_true(json_object_object_get_ex(o, "lte", &l));
	assert_true(json_object_object_get_ex(l, "rsrp_dbm", &v));
	assert_int_equal(json_object_get_int(v), -95);
	assert_true(json_object_object_get_ex(l, "sinr_db", &v));
	assert_true(json_object_get_double(v) == 12.5);
	assert_true(json_object_object_get_ex(l, "rsrp_quality", &v));
	assert_string_equal(json_object_get_string(v), "fair");
	assert_true(json_object_object_get_ex(l, "band", &v));
	assert_string_equal(json_object_get_string(v), "3");
	assert_true(json_object_object_get_ex(o, "nr", &l));
	assert_true(json_object_object_get_ex(l, "band", &v));
	assert_string_equal(json_object_get_string(v), "n78");
	assert_true(json_object_object_get_ex(l, "nr_arfcn", &v));
	assert_int_equal(json_object_get_int(v), 632628);
	assert_false(json_object_object_get_ex(l, "rssi_dbm", &v));
	assert_true(json_object_object_get_ex(o, "ca", &l));
	assert_int_equal(json_object_array_length(l), 2);
	json_object_put(o);
	/* SA: no LTE */
	memset(&s, 0, sizeof(s));
	nr(&s, -88, -10, 160);
	mon_update(&model, 500, &s);
	o = model_json();
	assert_true(json_object_object_get_ex(o, "rat", &v));
	assert_string_equal(json_object_get_string(v), "nr");
	assert_false(json_object_object_get_ex(o, "lte", &v));
	json_object_put(o);
}

static void screen(void **state)
{
	struct mon_sample s = { 0 };
	mon_init(&model);
	model.cell[MON_LTE] = (struct mon_cell){ true, 3, 1300, 117, 20000, NULL };
	model.cell[MON_NR] = (struct mon_cell){ true, 78, 632628, 501, 100000, NULL };
	model.ca[0] = (struct mon_cell){ true, 3, 1300, 117, 20000, NULL };
	model.ca[1] = (struct mon_cell){ true, 20, 6300, 117, 10000, "activated" };
	model.n_ca = 2;
	lte(&s, -80, -6, 230, -54);
	nr(&s, -84, -7, 210);
	mon_update(&model, 0, &s);
	lte(&s, -95, -10, 125, -69);
	nr(&s, -90, -11, 150);
	mon_update(&model, 5000, &s);
	json_object *o = model_json();
	struct strbuf out;
	sb_init(&out);
	tool_text_monitor(o, &out);
	const char *want =
		"cellink monitor: LTE + 5G NR (NSA)    update 2\n"
		"LTE  band B3  EARFCN 1300  PCI 117  20 MHz\n"
		"  RSRP    -95 dBm [#########...........] fair       best    -80  30s   -15 v\n"
		"  RSRQ    -10 dB  [#############.......] excellent  best     -6  30s    -4 v\n"
		"  SINR   12.5 dB  [###########.........] fair       best     23  30s -10.5 v\n"
		"  RSSI    -69 dBm [###########.........] good       best    -54  30s   -15 v\n"
		"5G NR  band n78  NR-ARFCN 632628  PCI 501  100 MHz\n"
		"  RSRP    -90 dBm [##########..........] good       best    -84  30s    -6 v\n"
		"  RSRQ    -11 dB  [############........] good       best     -7  30s    -4 v\n"
		"  SINR     15 dB  [############........] good       best     21  30s    -6 v\n"
		"CA primary    band B3  EARFCN 1300  PCI 117  20 MHz\n"
		"   secondary  band B20  EARFCN 6300  PCI 117  10 MHz  activated\n";
	assert_string_equal(sb_str(&out), want);
	json_object_put(o);
	/* junk from another process: no crash, no values */
	sb_reset(&out);
	o = json_tokener_parse("{\"rat\":7,\"lte\":{\"rsrp_dbm\":\"x\",\"sinr_db\":1e300},\"ca\":{}}");
	tool_text_monitor(o, &out);
	assert_string_equal(sb_str(&out), "cellink monitor: ?                    update 0\nLTE\n");
	json_object_put(o);
	sb_free(&out);
}

static struct qmi_msg msg, msg2, msg3;

#define OK(x) assert_int_equal((x), 0)

static void signal_sample(void **state)
{
	struct mon_sample s;
	qmi_msg_init(&msg, QMI_SVC_NAS, 1, QMI_INDICATION, 0, QMI_NAS_SIGNAL_INFO);
	OK(qmi_fset_int(&msg, QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSSI, -65));
	OK(qmi_fset_int(&msg, QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSRQ, -10));
	OK(qmi_fset_int(&msg, QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSRP, -95));
	OK(qmi_fset_int(&msg, QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_SNR, 125));
	/* EN-DC without the NR leg: -32768 means "no value" */
	OK(qmi_fset_int(&msg, QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH_RSRP, -32768));
	OK(qmi_fset_int(&msg, QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH_SNR, 150));
	radio_signal_sample(&msg, &s);
	assert_true(s.have[MON_LTE][MON_RSRP]);
	assert_int_equal(s.v[MON_LTE][MON_RSRP], -950);
	assert_int_equal(s.v[MON_LTE][MON_RSRQ], -100);
	assert_int_equal(s.v[MON_LTE][MON_SINR], 125);
	assert_int_equal(s.v[MON_LTE][MON_RSSI], -650);
	assert_false(s.have[MON_NR][MON_RSRP]);
	assert_true(s.have[MON_NR][MON_SINR]);
	assert_false(s.have[MON_NR][MON_RSRQ]);
	/* the answer names its fields the same, under other handles */
	qmi_msg_init(&msg, QMI_SVC_NAS, 1, QMI_RESPONSE, 1, QMI_NAS_GET_SIGNAL_INFO);
	OK(qmi_fset_int(&msg, QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH_RSRP, -88));
	OK(qmi_fset_int(&msg, QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH_SNR, 160));
	OK(qmi_fset_int(&msg, QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH_EXTENDED, -11));
	radio_signal_sample(&msg, &s);
	assert_false(s.have[MON_LTE][MON_RSRP]);
	assert_int_equal(s.v[MON_NR][MON_RSRP], -880);
	assert_int_equal(s.v[MON_NR][MON_RSRQ], -110);
}

static void plmn_and_bands(void **state)
{
	char p[8];
	assert_true(radio_plmn_text((const uint8_t[]){ 0x62, 0xf2, 0x10 }, 3, p));
	assert_string_equal(p, "26201");
	assert_true(radio_plmn_text((const uint8_t[]){ 0x13, 0x00, 0x14 }, 3, p));
	assert_string_equal(p, "310410");
	assert_false(radio_plmn_text((const uint8_t[]){ 0xaa, 0xf2, 0x10 }, 3, p));
	assert_false(radio_plmn_text((const uint8_t[]){ 0x62, 0xf2 }, 2, p));
	assert_int_equal(radio_lte_band_of_earfcn(1300), 3);
	assert_int_equal(radio_lte_band_of_earfcn(6300), 20);
	assert_int_equal(radio_lte_band_of_earfcn(3000), 7);
	assert_int_equal(radio_lte_band_of_earfcn(65000), 0);
}

static void cells_report(void **state)
{
	struct qmi_val *v, *w;
	static const uint8_t plmn[3] = { 0x62, 0xf2, 0x10 }, tac[3] = { 0, 0x3a, 0x1c };
#define L(f) QMIF_NAS_GET_CELL_LOCATION_INFO_RS_##f
	qmi_msg_init(&msg, QMI_SVC_NAS, 1, QMI_RESPONSE, 1, QMI_NAS_GET_CELL_LOCATION_INFO);
	OK(qmi_fset_bytes(&msg, L(INTRAFREQUENCY_LTE_INFO_V2_PLMN), plmn, 3));
	OK(qmi_fset_uint(&msg, L(INTRAFREQUENCY_LTE_INFO_V2_TRACKING_AREA_CODE), 14876));
	OK(qmi_fset_uint(&msg, L(INTRAFREQUENCY_LTE_INFO_V2_GLOBAL_CELL_ID), 1715461));
	OK(qmi_fset_uint(&msg, L(INTRAFREQUENCY_LTE_INFO_V2_EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), 1300));
	OK(qmi_fset_uint(&msg, L(INTRAFREQUENCY_LTE_INFO_V2_SERVING_CELL_ID), 117));
	assert_non_null(v = qmi_fset_array(&msg, L(INTRAFREQUENCY_LTE_INFO_V2_CELL), 2));
	OK(qmi_eset_uint(&msg, &v[0], L(INTRAFREQUENCY_LTE_INFO_V2_CELL_PHYSICAL_CELL_ID), 233));
	OK(qmi_eset_int(&msg, &v[0], L(INTRAFREQUENCY_LTE_INFO_V2_CELL_RSRP), -1085));
	OK(qmi_eset_uint(&msg, &v[1], L(INTRAFREQUENCY_LTE_INFO_V2_CELL_PHYSICAL_CELL_ID), 117));
	OK(qmi_eset_int(&msg, &v[1], L(INTRAFREQUENCY_LTE_INFO_V2_CELL_RSRP), -950));
	OK(qmi_eset_int(&msg, &v[1], L(INTRAFREQUENCY_LTE_INFO_V2_CELL_RSRQ), -100));
	assert_non_null(v = qmi_fset_array(&msg, L(INTERFREQUENCY_LTE_INFO_FREQUENCY), 1));
	OK(qmi_eset_uint(&msg, v, L(INTERFREQUENCY_LTE_INFO_FREQUENCY_EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), 6300));
	assert_non_null(w = qmi_eset_array(&msg, v, L(INTERFREQUENCY_LTE_INFO_FREQUENCY_CELL), 1));
	OK(qmi_eset_uint(&msg, w, L(INTERFREQUENCY_LTE_INFO_FREQUENCY_CELL_PHYSICAL_CELL_ID), 88));
	OK(qmi_eset_int(&msg, w, L(INTERFREQUENCY_LTE_INFO_FREQUENCY_CELL_RSRP), -990));
	OK(qmi_fset_uint(&msg, L(LTE_INFO_TIMING_ADVANCE), 3));
	OK(qmi_fset_uint(&msg, L(NR5G_ARFCN), 632628));
	OK(qmi_fset_bytes(&msg, L(NR5G_CELL_INFORMATION_PLMN), plmn, 3));
	OK(qmi_fset_bytes(&msg, L(NR5G_CELL_INFORMATION_TRACKING_AREA_CODE), tac, 3));
	OK(qmi_fset_uint(&msg, L(NR5G_CELL_INFORMATION_PHYSICAL_CELL_ID), 501));
	OK(qmi_fset_int(&msg, L(NR5G_CELL_INFORMATION_RSRP), -905));
	OK(qmi_fset_int(&msg, L(NR5G_CELL_INFORMATION_SNR), -32768));
#undef L
#define RF(f) QMIF_NAS_GET_RF_BAND_INFORMATION_RS_##f
	qmi_msg_init(&msg2, QMI_SVC_NAS, 1, QMI_RESPONSE, 2, QMI_NAS_GET_RF_BAND_INFORMATION);
	assert_non_null(v = qmi_fset_array(&msg2, RF(EXTENDED_LIST), 2));
	OK(qmi_eset_uint(&msg2, &v[0], RF(EXTENDED_LIST_RADIO_INTERFACE), 8));
	OK(qmi_eset_uint(&msg2, &v[0], RF(EXTENDED_LIST_ACTIVE_BAND_CLASS), 122));
	OK(qmi_eset_uint(&msg2, &v[0], RF(EXTENDED_LIST_ACTIVE_CHANNEL), 1300));
	OK(qmi_eset_uint(&msg2, &v[1], RF(EXTENDED_LIST_RADIO_INTERFACE), 12));
	OK(qmi_eset_uint(&msg2, &v[1], RF(EXTENDED_LIST_ACTIVE_BAND_CLASS), 269));
	OK(qmi_eset_uint(&msg2, &v[1], RF(EXTENDED_LIST_ACTIVE_CHANNEL), 632628));
	assert_non_null(v = qmi_fset_array(&msg2, RF(BANDWIDTH_LIST), 2));
	OK(qmi_eset_uint(&msg2, &v[0], RF(BANDWIDTH_LIST_RADIO_INTERFACE), 8));
	OK(qmi_eset_uint(&msg2, &v[0], RF(BANDWIDTH_LIST_BANDWIDTH), 5));
	OK(qmi_eset_uint(&msg2, &v[1], RF(BANDWIDTH_LIST_RADIO_INTERFACE), 12));
	OK(qmi_eset_uint(&msg2, &v[1], RF(BANDWIDTH_LIST_BANDWIDTH), 17));
#undef RF
#define CA(f) QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_##f
	qmi_msg_init(&msg3, QMI_SVC_NAS, 1, QMI_RESPONSE, 3, QMI_NAS_GET_LTE_CPHY_CA_INFO);
	OK(qmi_fset_uint(&msg3, CA(PHY_CA_AGG_PCELL_INFO_PHYSICAL_CELL_ID), 117));
	OK(qmi_fset_uint(&msg3, CA(PHY_CA_AGG_PCELL_INFO_RX_CHANNEL), 1300));
	OK(qmi_fset_uint(&msg3, CA(PHY_CA_AGG_PCELL_INFO_DL_BANDWIDTH), 0));
	OK(qmi_fset_uint(&msg3, CA(PHY_CA_AGG_PCELL_INFO_LTE_BAND), 122));
	assert_non_null(v = qmi_fset_array(&msg3, CA(PHY_CA_AGG_SECONDARY_CELLS), 1));
	OK(qmi_eset_uint(&msg3, v, CA(PHY_CA_AGG_SECONDARY_CELLS_RX_CHANNEL), 6300));
	OK(qmi_eset_uint(&msg3, v, CA(PHY_CA_AGG_SECONDARY_CELLS_LTE_BAND), 145));
	OK(qmi_eset_uint(&msg3, v, CA(PHY_CA_AGG_SECONDARY_CELLS_DL_BANDWIDTH), 3));
	OK(qmi_eset_uint(&msg3, v, CA(PHY_CA_AGG_SECONDARY_CELLS_STATE), 2));
#undef CA
	struct strbuf sb;
	sb_init(&sb);
	mon_init(&model);
	radio_rf_bands(&msg2, &model);
	radio_ca(&msg3, &model);
	radio_cells_json(&msg, &model, &sb);
	assert_string_equal(sb_str(&sb),
		"\"serving\":[{\"rat\":\"lte\",\"plmn\":\"26201\",\"tac\":14876,\"cell_id\":1715461,\"pci\":117,"
		"\"earfcn\":1300,\"band\":\"3\",\"bandwidth_mhz\":20,\"rsrp_dbm\":-95,\"rsrq_db\":-10,"
		"\"rssi_dbm\":0,\"timing_advance_us\":3},"
		"{\"rat\":\"nr\",\"plmn\":\"26201\",\"tac\":14876,\"cell_id\":0,\"pci\":501,\"nr_arfcn\":632628,"
		"\"band\":\"n78\",\"bandwidth_mhz\":100,\"rsrp_dbm\":-90.5,\"rsrq_db\":0}],"
		"\"neighbours\":[{\"rat\":\"lte\",\"frequency\":\"intra\",\"pci\":233,\"earfcn\":1300,"
		"\"band\":\"3\",\"rsrp_dbm\":-108.5,\"rsrq_db\":0,\"rssi_dbm\":0},"
		"{\"rat\":\"lte\",\"frequency\":\"inter\",\"pci\":88,\"earfcn\":6300,\"band\":\"20\","
		"\"rsrp_dbm\":-99,\"rsrq_db\":0,\"rssi_dbm\":0}],"
		"\"ca\":[{\"role\":\"primary\",\"earfcn\":1300,\"pci\":117,\"band\":\"3\",\"bandwidth_mhz\":1.4},"
		"{\"role\":\"secondary\",\"earfcn\":6300,\"pci\":0,\"band\":\"20\",\"bandwidth_mhz\":10,"
		"\"state\":\"activated\"}]");
	/* as text */
	struct strbuf txt;
	sb_init(&txt);
	json_object *o;
	sb_puts(&txt, "{");
	radio_cells_json(&msg, &model, &txt);
	sb_puts(&txt, "}");
	assert_non_null(o = json_tokener_parse(sb_str(&txt)));
	sb_reset(&txt);
	tool_text_cells(o, &txt);
	assert_string_equal(sb_str(&txt),
		"Serving cells\n"
		"  LTE    PLMN 26201  TAC 14876  cell 1715461  PCI 117  EARFCN 1300  band B3  20 MHz\n"
		"         RSRP -95 dBm  RSRQ -10 dB  RSSI 0 dBm  TA 3 us\n"
		"  5G NR  PLMN 26201  TAC 14876  cell 0  PCI 501  NR-ARFCN 632628  band n78  100 MHz\n"
		"         RSRP -90.5 dBm  RSRQ 0 dB\n"
		"Neighbours\n"
		"  LTE    intra  PCI 233  EARFCN 1300  band B3  RSRP -108.5 dBm  RSRQ 0 dB  RSSI 0 dBm\n"
		"  LTE    inter  PCI 88  EARFCN 6300  band B20  RSRP -99 dBm  RSRQ 0 dB  RSSI 0 dBm\n"
		"Carrier aggregation\n"
		"  primary    PCI 117  EARFCN 1300  band B3  1.4 MHz\n"
		"  secondary  PCI 0  EARFCN 6300  band B20  10 MHz  activated\n");
	json_object_put(o);
	sb_free(&txt);
	/* into the monitor's model */
	mon_init(&model);
	radio_rf_bands(&msg2, &model);
	radio_cell_ids(&msg, &model);
	radio_ca(&msg3, &model);
	assert_int_equal(model.cell[MON_LTE].band, 3);
	assert_int_equal(model.cell[MON_LTE].pci, 117);
	assert_int_equal(model.cell[MON_NR].band, 78);
	assert_int_equal(model.cell[MON_NR].chan, 632628);
	assert_int_equal(model.cell[MON_NR].bw_khz, 100000);
	assert_int_equal(model.n_ca, 2);
	assert_int_equal(model.ca[0].bw_khz, 1400);
	assert_string_equal(model.ca[1].state, "activated");
	/* an answer without any of it */
	qmi_msg_init(&msg, QMI_SVC_NAS, 1, QMI_RESPONSE, 1, QMI_NAS_GET_CELL_LOCATION_INFO);
	sb_reset(&sb);
	mon_init(&model);
	radio_cells_json(&msg, &model, &sb);
	assert_string_equal(sb_str(&sb), "\"serving\":[],\"neighbours\":[],\"ca\":[]");
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quality_classes), cmocka_unit_test(best_and_trend),
		cmocka_unit_test(ring_overflow), cmocka_unit_test(json_shape), cmocka_unit_test(screen),
		cmocka_unit_test(signal_sample), cmocka_unit_test(plmn_and_bands), cmocka_unit_test(cells_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
