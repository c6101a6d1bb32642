/* Band lists (common/bands.c) and band masks on the wire (qmi/bands.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/bands.h"
#include "common/strbuf.h"
#include "qmi/bands.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/bandnet.h"
#include "tool/ops.h"

static char *text_of(const struct band_mask *m, bool json)
{
	static char out[512];
	struct strbuf sb;
	sb_init(&sb);
	if (json)
		band_list_json(m, &sb);
	else
		band_list_text(m, &sb);
	snprintf(out, sizeof out, "%s", sb_str(&sb));
	sb_free(&sb);
	return out;
}

static void list_forms(void **state)
{
	struct band_mask m;
	char why[200];
	assert_int_equal(band_list_parse("3,7,20", 256, &m, why, sizeof why), 0);
	assert_int_equal(band_mask_count(&m), 3);
	assert_true(band_mask_has(&m, 3) && band_mask_has(&m, 7) && band_mask_has(&m, 20));
	assert_string_equal(text_of(&m, false), "3,7,20");
	assert_string_equal(text_of(&m, true), "[3,7,20]");
	/* spaces, prefixes, ranges; runs of three print as ranges */
	assert_int_equal(band_list_parse(" B1 b2, 3-4  n66 ", 256, &m, why, sizeof why), 0);
	assert_string_equal(text_of(&m, false), "1-4,66");
	assert_string_equal(text_of(&m, true), "[1,2,3,4,66]");
	/* the top band of each word boundary lands in its word */
	assert_int_equal(band_list_parse("64,65,256", 256, &m, why, sizeof why), 0);
	assert_int_equal(m.w[0], 1ull << 63);
	assert_int_equal(m.w[1], 1ull);
	assert_int_equal(m.w[3], 1ull << 63);
	assert_int_equal(band_list_parse("512", 512, &m, why, sizeof why), 0);
	assert_int_equal(m.w[7], 1ull << 63);
}

static void list_refusals(void **state)
{
	struct band_mask m;
	char why[200];
	assert_int_equal(band_list_parse("3,x7", 256, &m, why, sizeof why), -1);
	assert_string_equal(why, "'x7' is not a band number");
	assert_int_equal(band_list_parse("257", 256, &m, why, sizeof why), -1);
	assert_string_equal(why, "band 257 is out of range (1 to 256)");
	assert_int_equal(band_list_parse("0", 256, &m, why, sizeof why), -1);
	assert_string_equal(why, "band 0 is out of range (1 to 256)");
	assert_int_equal(band_list_parse("99999999999999999999", 256, &m, why, sizeof why), -1);
	assert_string_equal(why, "a band number is out of range (1 to 256)");
	assert_int_equal(band_list_parse("7-3", 256, &m, why, sizeof why), -1);
	assert_string_equal(why, "range 7-3 runs backwards");
	assert_int_equal(band_list_parse(" , ", 256, &m, why, sizeof why), -1);
	assert_string_equal(why, "no band given");
	assert_int_equal(band_list_parse("3-", 256, &m, why, sizeof why), -1);
	assert_int_equal(band_list_parse("3.5", 256, &m, why, sizeof why), -1);
	assert_string_equal(why, "'3.5' is not a band number");
}

static void selection(void **state)
{
	struct band_sel s;
	char why[200];
	char *ok[] = { "lte:3,7,20", "nr:78" };
	assert_int_equal(band_sel_parse(2, ok, &s, why, sizeof why), 0);
	assert_int_equal(s.given, 7u);
	assert_string_equal(text_of(&s.m[BAND_LTE], false), "3,7,20");
	assert_string_equal(text_of(&s.m[BAND_NR_NSA], false), "78");
	assert_string_equal(text_of(&s.m[BAND_NR_SA], false), "78");
	char *sa[] = { "nr-sa:n77,n78" };
	assert_int_equal(band_sel_parse(1, sa, &s, why, sizeof why), 0);
	assert_int_equal(s.given, 1u << BAND_NR_SA);
	char *twice[] = { "nr:78", "nr-sa:77" };
	assert_int_equal(band_sel_parse(2, twice, &s, why, sizeof why), -1);
	assert_string_equal(why, "nr-sa bands are given twice");
	char *bad[] = { "umts:1" };
	assert_int_equal(band_sel_parse(1, bad, &s, why, sizeof why), -1);
	assert_non_null(strstr(why, "'umts:1' is not lte:LIST"));
	char *range[] = { "lte:300" };
	assert_int_equal(band_sel_parse(1, range, &s, why, sizeof why), -1);
	assert_string_equal(why, "lte: band 300 is out of range (1 to 256)");
	assert_int_equal(band_sel_parse(0, NULL, &s, why, sizeof why), -1);
}

static void missing_text(void **state)
{
	struct band_mask want, have;
	char why[200], out[100];
	assert_int_equal(band_list_parse("3,42,43,7", 256, &want, why, sizeof why), 0);
	assert_int_equal(band_list_parse("1-20", 256, &have, why, sizeof why), 0);
	assert_true(band_mask_missing_text(&want, &have, out, sizeof out));
	assert_string_equal(out, "42 and 43");
	assert_int_equal(band_mask_first_missing(&want, &have), 42);
	assert_int_equal(band_list_parse("41-43", 256, &want, why, sizeof why), 0);
	assert_true(band_mask_missing_text(&want, &have, out, sizeof out));
	assert_string_equal(out, "41, 42 and 43");
	assert_int_equal(band_list_parse("3", 256, &want, why, sizeof why), 0);
	assert_false(band_mask_missing_text(&want, &have, out, sizeof out));
}

/* A get-band-capabilities answer through the codec, read back as caps;
 * a lock checked against them and written into a set request. */
static void wire_masks(void **state)
{
	static struct qmi_msg m, d;
	uint8_t frame[QMI_MAX_FRAME];
	qmi_msg_init(&m, QMI_SVC_DMS, 1, QMI_RESPONSE, 1, QMI_DMS_GET_BAND_CAPABILITIES);
	const unsigned lte[] = { 1, 3, 7, 20, 66 }, nr[] = { 1, 78, 257 };
	struct qmi_val *v = qmi_fset_array(&m, QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY, 5);
	assert_non_null(v);
	for (int i = 0; i < 5; i++)
		assert_int_equal(qmi_eset_uint(&m, &v[i], QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY_ELEMENT, lte[i]), 0);
	v = qmi_fset_array(&m, QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY, 3);
	assert_non_null(v);
	for (int i = 0; i < 3; i++)
		assert_int_equal(qmi_eset_uint(&m, &v[i], QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY_ELEMENT, nr[i]), 0);
	int n = qmi_encode(&m, frame, sizeof frame);
	assert_true(n > 0);
	assert_int_equal(qmi_decode(&d, frame, (size_t)n, 0), 0);
	struct qmi_band_caps caps;
	qmi_bands_caps(&d, &caps);
	assert_true(caps.lte_ext && caps.nr_known);
	assert_string_equal(text_of(&caps.lte, false), "1,3,7,20,66");
	assert_string_equal(text_of(&caps.nr, false), "1,78,257");

	struct band_sel sel;
	char why[200];
	char *ok[] = { "lte:3,66", "nr-sa:78" };
	assert_int_equal(band_sel_parse(2, ok, &sel, why, sizeof why), 0);
	assert_int_equal(qmi_bands_check(&sel, &caps, why, sizeof why), 0);
	char *bad[] = { "lte:3,42,43" };
	assert_int_equal(band_sel_parse(1, bad, &sel, why, sizeof why), 0);
	assert_int_equal(qmi_bands_check(&sel, &caps, why, sizeof why), -1);
	assert_string_equal(why, "LTE bands 42 and 43 are not supported by this modem (it has 1,3,7,20,66)");
	char *badnr[] = { "nr:79" };
	assert_int_equal(band_sel_parse(1, badnr, &sel, why, sizeof why), 0);
	assert_int_equal(qmi_bands_check(&sel, &caps, why, sizeof why), -1);
	assert_string_equal(why, "NR band 79 is not supported by this modem (it has 1,78,257)");

	/* the lock on the wire: LTE in the extended mask, NR SA only */
	assert_int_equal(band_sel_parse(2, ok, &sel, why, sizeof why), 0);
	qmi_msg_init(&m, QMI_SVC_NAS, 1, QMI_REQUEST, 2, QMI_NAS_SET_SYSTEM_SELECTION_PREFERENCE);
	assert_int_equal(qmi_bands_fill_set(&m, &sel, &caps), 0);
	uint64_t w;
	assert_int_equal(qmi_fget_uint(&m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_EXTENDED_LTE_BAND_PREFERENCE_MASK_LOW, &w), 0);
	assert_int_equal(w, 1ull << 2);
	assert_int_equal(qmi_fget_uint(&m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_EXTENDED_LTE_BAND_PREFERENCE_MASK_MID_LOW, &w), 0);
	assert_int_equal(w, 1ull << 1);
	assert_int_equal(qmi_fget_uint(&m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_NR5G_SA_BAND_PREFERENCE_MASK_1, &w), 0);
	assert_int_equal(w, 1ull << 13);
	assert_false(qmi_fhas(&m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_NR5G_NSA_BAND_PREFERENCE));
	assert_false(qmi_fhas(&m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_LTE_BAND_PREFERENCE));

	/* an older modem (64-bit LTE mask only): the lock uses that mask, and
	 * a band above 64 is refused by the check */
	qmi_msg_init(&m, QMI_SVC_DMS, 1, QMI_RESPONSE, 1, QMI_DMS_GET_BAND_CAPABILITIES);
	assert_int_equal(qmi_fset_uint(&m, QMIF_DMS_GET_BAND_CAPABILITIES_RS_LTE_BAND_CAPABILITY, 0x80045), 0);
	qmi_bands_caps(&m, &caps);
	assert_false(caps.lte_ext || caps.nr_known);
	assert_string_equal(text_of(&caps.lte, false), "1,3,7,20");
	char *old[] = { "lte:3,20" };
	assert_int_equal(band_sel_parse(1, old, &sel, why, sizeof why), 0);
	qmi_msg_init(&m, QMI_SVC_NAS, 1, QMI_REQUEST, 2, QMI_NAS_SET_SYSTEM_SELECTION_PREFERENCE);
	assert_int_equal(qmi_bands_fill_set(&m, &sel, &caps), 0);
	assert_int_equal(qmi_fget_uint(&m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_LTE_BAND_PREFERENCE, &w), 0);
	assert_int_equal(w, 0x80004ull);
	char *nr5g[] = { "nr:78" };
	assert_int_equal(band_sel_parse(1, nr5g, &sel, why, sizeof why), 0);
	assert_int_equal(qmi_bands_check(&sel, &caps, why, sizeof why), -1);
	assert_string_equal(why, "NR band 78: this modem reports no 5G NR bands");

	/* enabled bands from a get-system-selection-preference answer */
	qmi_msg_init(&m, QMI_SVC_NAS, 1, QMI_RESPONSE, 3, QMI_NAS_GET_SYSTEM_SELECTION_PREFERENCE);
	assert_int_equal(qmi_fset_uint(&m, QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_LTE_BAND_PREFERENCE, 0x44), 0);
	assert_int_equal(qmi_fset_uint(&m, QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_NR5G_NSA_BAND_PREFERENCE_MASK_1, 1ull << 13), 0);
	n = qmi_encode(&m, frame, sizeof frame);
	assert_true(n > 0);
	assert_int_equal(qmi_decode(&d, frame, (size_t)n, 0), 0);
	qmi_bands_enabled(&d, &sel);
	assert_int_equal(sel.given, 1u << BAND_LTE | 1u << BAND_NR_NSA);
	assert_string_equal(text_of(&sel.m[BAND_LTE], false), "3,7");
	assert_string_equal(text_of(&sel.m[BAND_NR_NSA], false), "78");
}

/* cellink bands' arguments, and what needs admin rights */
static void bands_arguments(void **state)
{
	struct bands_args a;
	char why[200];
	assert_int_equal(tool_bands_args(0, NULL, &a, why, sizeof why), 0);
	assert_int_equal(a.action, BANDS_SHOW);
	char *lock[] = { "--lock", "lte:3,7,20", "nr:78" };
	assert_int_equal(tool_bands_args(3, lock, &a, why, sizeof why), 0);
	assert_int_equal(a.action, BANDS_LOCK);
	assert_int_equal(a.sel.given, 7u);
	char *unlock[] = { "--unlock" };
	assert_int_equal(tool_bands_args(1, unlock, &a, why, sizeof why), 0);
	assert_int_equal(a.action, BANDS_UNLOCK);
	char *bare[] = { "--lock" };
	assert_int_equal(tool_bands_args(1, bare, &a, why, sizeof why), -1);
	assert_string_equal(why, "--lock needs the bands, e.g. --lock lte:3,7,20 nr:78");
	char *bad[] = { "--lock", "lte:3", "lte:7" };
	assert_int_equal(tool_bands_args(3, bad, &a, why, sizeof why), -1);
	assert_string_equal(why, "--lock: lte bands are given twice");
	char *extra[] = { "--unlock", "lte:3" };
	assert_int_equal(tool_bands_args(2, extra, &a, why, sizeof why), -1);
	char *word[] = { "lte:3" };
	assert_int_equal(tool_bands_args(1, word, &a, why, sizeof why), -1);
	assert_non_null(strstr(why, "is not --lock BANDS or --unlock"));
	assert_false(tool_bands_changes(0, NULL));
	assert_true(tool_bands_changes(3, lock));
	assert_true(tool_bands_changes(1, unlock));
	assert_true(tool_bands_changes(1, word));       /* refused anyway: no reader may try it */
	assert_false(tool_networks_changes(0, NULL));
	assert_int_equal(tool_networks_args(0, NULL, why, sizeof why), 0);
	assert_int_equal(tool_networks_args(1, word, why, sizeof why), -1);
}

/* the bands JSON: supported, the kinds the modem reported, the LTE mask */
static void bands_json(void **state)
{
	struct qmi_band_caps caps = { 0 };
	struct band_sel en = { 0 };
	band_mask_set(&caps.lte, 3);
	band_mask_set(&caps.lte, 7);
	caps.lte_ext = true;
	en.given = 1u << BAND_LTE;
	band_mask_set(&en.m[BAND_LTE], 7);
	struct strbuf sb;
	sb_init(&sb);
	tool_bands_json(&sb, BANDS_LOCK, &caps, &en);
	assert_string_equal(sb_str(&sb), ",\"action\":\"lock\",\"supported\":{\"lte\":[3,7],\"nr\":[]},"
			    "\"enabled\":{\"lte\":[7]},\"lte_mask\":\"extended\"");
	sb_free(&sb);
}

/* operators of a network-scan answer: PLMN digits (a three-digit MNC from
 * the PCS-digit list), status flags and radio by their table names */
static void networks_json(void **state)
{
	static struct qmi_msg m, d;
	uint8_t frame[QMI_MAX_FRAME];
	qmi_msg_init(&m, QMI_SVC_NAS, 1, QMI_RESPONSE, 1, QMI_NAS_NETWORK_SCAN);
#define NI(f) QMIF_NAS_NETWORK_SCAN_RS_NETWORK_INFORMATION##f
#define RAT(f) QMIF_NAS_NETWORK_SCAN_RS_RADIO_ACCESS_TECHNOLOGY##f
#define P(f) QMIF_NAS_NETWORK_SCAN_RS_MNC_PCS_DIGIT_INCLUDE_STATUS##f
	struct qmi_val *v = qmi_fset_array(&m, NI(), 2);
	assert_non_null(v);
	assert_int_equal(qmi_eset_uint(&m, &v[0], NI(_MCC), 310), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[0], NI(_MNC), 26), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[0], NI(_NETWORK_STATUS), 0x2 | 0x8), 0);
	assert_int_equal(qmi_eset_str(&m, &v[0], NI(_DESCRIPTION), "Carrier \"A\""), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[1], NI(_MCC), 1), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[1], NI(_MNC), 1), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[1], NI(_NETWORK_STATUS), 0x2 | 0x10), 0);
	assert_int_equal(qmi_eset_str(&m, &v[1], NI(_DESCRIPTION), ""), 0);
	v = qmi_fset_array(&m, RAT(), 1);
	assert_int_equal(qmi_eset_uint(&m, &v[0], RAT(_MCC), 310), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[0], RAT(_MNC), 26), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[0], RAT(_RADIO_INTERFACE), 12), 0);
	v = qmi_fset_array(&m, P(), 1);
	assert_int_equal(qmi_eset_uint(&m, &v[0], P(_MCC), 310), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[0], P(_MNC), 26), 0);
	assert_int_equal(qmi_eset_uint(&m, &v[0], P(_INCLUDES_PCS_DIGIT), 1), 0);
	int n = qmi_encode(&m, frame, sizeof frame);
	assert_true(n > 0);
	assert_int_equal(qmi_decode(&d, frame, (size_t)n, 0), 0);
	struct strbuf sb;
	sb_init(&sb);
	assert_int_equal(tool_networks_json(&sb, &d), 2);
	assert_string_equal(sb_str(&sb),
		",\"networks\":[{\"mcc\":\"310\",\"mnc\":\"026\",\"plmn\":\"310026\",\"name\":\"Carrier \\\"A\\\"\","
		"\"status\":[\"available\",\"roaming\"],\"rat\":\"5gnr\"},"
		"{\"mcc\":\"001\",\"mnc\":\"01\",\"plmn\":\"00101\",\"name\":\"\",\"status\":[\"available\",\"forbidden\"],"
		"\"rat\":null}]");
	/* an answer without the list */
	qmi_msg_init(&m, QMI_SVC_NAS, 1, QMI_RESPONSE, 1, QMI_NAS_NETWORK_SCAN);
	sb_reset(&sb);
	assert_int_equal(tool_networks_json(&sb, &m), -1);
	sb_free(&sb);
#undef NI
#undef RAT
#undef P
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_forms),
		cmocka_unit_test(list_refusals),
		cmocka_unit_test(selection),
		cmocka_unit_test(missing_text),
		cmocka_unit_test(wire_masks),
		cmocka_unit_test(bands_arguments),
		cmocka_unit_test(bands_json),
		cmocka_unit_test(networks_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
