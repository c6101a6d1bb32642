/* The monitor's model (quality classes, best values, the 30 s trend on
 * virtual time) and its text screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "cli/tool_text_monitor.h"
#include "tool/monitor_model.h"

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
	assert_true(json_object_object_get_ex(o, "lte", &v));
	assert_null(v);
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
		"CA primary  band B3  EARFCN 1300  PCI 117  20 MHz; secondary  band B20  EARFCN 6300  PCI 117  10 MHz activated\n";
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quality_classes), cmocka_unit_test(best_and_trend),
		cmocka_unit_test(ring_overflow), cmocka_unit_test(json_shape), cmocka_unit_test(screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
