/* QMI core: framing, exact request bytes, malformed input, printers, field access. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/hex.h"
#include "common/strbuf.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "qmi/qmi.h"

static struct qmi_msg *M;

static int setup(void **state)
{
	M = calloc(1, sizeof(*M));
	return M ? 0 : -1;
}

static int teardown(void **state)
{
	free(M);
	return 0;
}

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	int n = hex_decode(s, strlen(s), out, cap);
	assert_true(n >= 0);
	return (size_t)n;
}

static void assert_encodes_to(struct qmi_msg *m, const char *hex)
{
	uint8_t want[512], got[512];
	size_t wn = unhex(hex, want, sizeof(want));
	int n = qmi_encode(m, got, sizeof(got));
	assert_int_equal(n, (int)wn);
	assert_memory_equal(got, want, wn);
	/* measuring (no buffer) gives the same length; one byte short fails */
	assert_int_equal(qmi_encode(m, NULL, 0), (int)wn);
	assert_int_equal(qmi_encode(m, got, wn - 1), CL_E_NO_SPACE);
}

/* Frames as qmicli sends them (bytes from its --verbose output). */
static void ctl_allocate_cid_bytes(void **state)
{
	qmi_msg_init(M, QMI_SVC_CTL, 0, QMI_REQUEST, 1, QMI_CTL_ALLOCATE_CID);
	assert_int_equal(qmi_set_text(M, "service", "dms"), 0);
	assert_encodes_to(M, "01:0f:00:00:00:00:00:01:22:00:04:00:01:01:00:02");
}

static void wds_start_network_bytes(void **state)
{
	qmi_msg_init(M, QMI_SVC_WDS, 5, QMI_REQUEST, 2, QMI_WDS_START_NETWORK);
	assert_int_equal(qmi_set_str(M, "apn", "internet"), 0);
	assert_int_equal(qmi_set_text(M, "ip-family-preference", "ipv4"), 0);
	assert_encodes_to(M, "01 1b 00 00 01 05 00 02 00 20 00 0f 00"
			     " 14 08 00 69 6e 74 65 72 6e 65 74  19 01 00 04");
	/* unique prefixes and flag names, as `cellink encode` takes them */
	qmi_msg_init(M, QMI_SVC_WDS, 5, QMI_REQUEST, 3, QMI_WDS_START_NETWORK);
	assert_int_equal(qmi_set_text(M, "auth", "pap|chap"), 0);
	uint64_t v;
	assert_int_equal(qmi_get_uint(M, "authentication-preference", &v), 0);
	assert_int_equal(v, 3);
}

/* Typed handles build the same bytes as the names, and refuse a handle
 * of another message, a member read off an array element that does not
 * have it, or a value of the wrong kind. */
static void typed_handles(void **state)
{
	qmi_msg_init(M, QMI_SVC_WDS, 5, QMI_REQUEST, 2, QMI_WDS_START_NETWORK);
	assert_int_equal(qmi_fset_str(M, QMIF_WDS_START_NETWORK_RQ_APN, "internet"), 0);
	assert_int_equal(qmi_fset_uint(M, QMIF_WDS_START_NETWORK_RQ_IP_FAMILY_PREFERENCE, 4), 0);
	assert_encodes_to(M, "01 1b 00 00 01 05 00 02 00 20 00 0f 00"
			     " 14 08 00 69 6e 74 65 72 6e 65 74  19 01 00 04");
	char apn[16];
	assert_int_equal(qmi_fget_str(M, QMIF_WDS_START_NETWORK_RQ_APN, apn, sizeof(apn)), 8);
	assert_string_equal(apn, "internet");
	assert_true(qmi_fhas(M, QMIF_WDS_START_NETWORK_RQ_APN));
	assert_false(qmi_fhas(M, QMIF_WDS_START_NETWORK_RQ_USERNAME));
	/* a handle of the answer, of another message, or of an element */
	assert_int_equal(qmi_fset_uint(M, QMIF_WDS_START_NETWORK_RS_PACKET_DATA_HANDLE, 1), CL_E_UNKNOWN_FIELD);
	assert_non_null(strstr(M->errtext, "packet-data-handle"));
	assert_int_equal(qmi_fset_uint(M, QMIF_WDS_STOP_NETWORK_RQ_PACKET_DATA_HANDLE, 1), CL_E_UNKNOWN_FIELD);
	assert_int_equal(qmi_fset_uint(M, QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_SERVICE, 1), CL_E_UNKNOWN_FIELD);
	/* the wrong kind of value */
	assert_int_equal(qmi_fset_uint(M, QMIF_WDS_START_NETWORK_RQ_APN, 1), CL_E_BAD_VALUE);
	/* a handle that no longer matches its table (a stale fields.h) */
	struct qmi_fh stale = QMIF_WDS_START_NETWORK_RQ_APN;
	stale.name = QMIF_WDS_START_NETWORK_RQ_USERNAME.name;
	assert_int_equal(qmi_fset_str(M, stale, "x"), CL_E_UNKNOWN_FIELD);
	assert_non_null(strstr(M->errtext, "stale"));
	assert_non_null(strstr(M->errtext, "'username' names 'apn'"));
	/* a handle names its field's path, for messages */
	char pb[96];
	assert_string_equal(qmi_fh_path(QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_REGISTRATION_STATE, pb,
					sizeof(pb)), "serving-system.registration-state");
	assert_string_equal(qmi_fh_path(QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MAJOR_VERSION, pb, sizeof(pb)),
			    "major-version");

	/* array elements */
	qmi_msg_init(M, QMI_SVC_CTL, 0, QMI_RESPONSE, 1, QMI_CTL_GET_VERSION_INFO);
	struct qmi_val *v = qmi_fset_array(M, QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST, 2);
	assert_non_null(v);
	assert_int_equal(qmi_eset_uint(M, &v[1], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_SERVICE, 1), 0);
	assert_int_equal(qmi_eset_uint(M, &v[1], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MAJOR_VERSION, 67), 0);
	assert_int_equal(qmi_eset_uint(M, &v[1], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST, 1), CL_E_UNKNOWN_FIELD);
	const struct qmi_val *list = qmi_fget(M, QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST);
	assert_non_null(list);
	assert_int_equal(list->n, 2);
	uint64_t x;
	assert_int_equal(qmi_eget_uint(&list->kids[1], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MAJOR_VERSION, &x), 0);
	assert_int_equal(x, 67);
	/* the path names reach the same value */
	assert_ptr_equal(qmi_val_member(&list->kids[1], "major-version"),
			 qmi_eget(&list->kids[1], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MAJOR_VERSION));
}

static void response_round_trip(void **state)
{
	uint8_t buf[256];
	qmi_msg_init(M, QMI_SVC_WDS, 7, QMI_RESPONSE, 9, QMI_WDS_GET_CURRENT_SETTINGS);
	assert_int_equal(qmi_set_text(M, "ipv4-address", "10.64.1.2"), 0);
	assert_int_equal(qmi_set_text(M, "ipv4-gateway-address", "10.64.1.1"), 0);
	assert_int_equal(qmi_set_uint(M, "mtu", 1430), 0);
	assert_int_equal(qmi_set_text(M, "ipv6-address.address", "2001:db8::5"), 0);
	assert_int_equal(qmi_set_uint(M, "ipv6-address.prefix-length", 64), 0);
	int n = qmi_encode(M, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(qmi_decode(M, buf, (size_t)n, 0), 0);
	assert_true(M->has_result);
	assert_int_equal(M->status, 0);
	assert_int_equal(M->kind, QMI_RESPONSE);
	assert_int_equal(M->txn, 9);
	assert_int_equal(M->client, 7);
	uint64_t v;
	assert_int_equal(qmi_get_uint(M, "ipv4-address", &v), 0);
	assert_int_equal(v, 0x0a400102);
	assert_int_equal(qmi_get_uint(M, "mtu", &v), 0);
	assert_int_equal(v, 1430);
	assert_int_equal(qmi_get_uint(M, "prefix-length", &v), CL_E_AMBIGUOUS_FIELD);
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_json(&sb, M, 0);
	assert_non_null(strstr(sb_str(&sb), "\"ipv4-address\":\"10.64.1.2\""));
	assert_non_null(strstr(sb_str(&sb), "\"ipv6-address\":{\"address\":\"2001:db8::5\",\"prefix-length\":64}"));
	assert_non_null(strstr(sb_str(&sb), "\"result\":{\"status\":\"success\",\"error\":\"none\"}"));
	sb_free(&sb);
}

static void failure_result_names_error(void **state)
{
	/* allocate-cid refused: client ids exhausted (error 5) */
	uint8_t f[64];
	size_t n = unhex("01 12 00 80 00 00 01 01 22 00 07 00 02 04 00 01 00 05 00", f, sizeof(f));
	assert_int_equal(qmi_decode(M, f, n, 0), 0);
	assert_int_equal(M->status, 1);
	assert_int_equal(M->error, 5);
	assert_string_equal(qmi_error_name(M->error), "client-ids-exhausted");
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_json(&sb, M, 0);
	assert_non_null(strstr(sb_str(&sb), "\"status\":\"failure\",\"error\":\"client-ids-exhausted\""));
	sb_free(&sb);
}

/* Each malformed frame is refused with its own error, never read past. */
static void malformed_frames(void **state)
{
	static const struct {
		const char *hex;
		int err;
		const char *why;
	} cases[] = {
		{ "", CL_E_TRUNCATED, "empty" },
		{ "02 0c 00 00 01 05", CL_E_BAD_MARKER, "0x02" },
		{ "01 0c 00", CL_E_TRUNCATED, "header" },
		{ "01 20 00 00 01 05 00 02 00 20 00 00 00", CL_E_TRUNCATED, "length says" },
		{ "01 0b 00 00 01 05 00 02 00 20 00 00 00 ff", CL_E_TRAILING, "length says" },
		{ "01 0a 00 00 01 05 00 02 00 20 00", CL_E_TRUNCATED, "QMI header" },
		{ "01 0c 00 00 01 05 00 02 00 20 00 05 00", CL_E_OVERLONG, "TLV area" },
		{ "01 0e 00 00 01 05 00 02 00 20 00 02 00 14 01", CL_E_TRUNCATED, "TLV header" },
		{ "01 0f 00 00 01 05 00 02 00 20 00 03 00 14 09 00", CL_E_OVERLONG, "TLV 0x14" },
		/* zero-length TLV where a u8 is required */
		{ "01 0f 00 00 01 05 00 02 00 20 00 03 00 19 00 00", CL_E_TRUNCATED, "ip-family-preference" },
		/* nested overflow: profile list says 9 profiles, carries one byte */
		{ "01 18 00 80 01 05 02 02 00 2a 00 0c 00 02 04 00 00 00 00 00 01 02 00 09 00",
		  CL_E_OVERLONG, "profile-list" },
		/* string prefix inside an array element runs past the TLV */
		{ "01 1a 00 80 01 05 02 02 00 2a 00 0e 00 02 04 00 00 00 00 00 01 04 00 01 00 01 07",
		  CL_E_OVERLONG, "profile-name" },
		{ "01 0c 00 80 01 05 02 02 00 20 00 00 00", CL_E_PROTOCOL, "without the result" },
		{ "01 0f 00 80 01 05 02 02 00 20 00 03 00 02 00 00", CL_E_BAD_LENGTH, "result TLV" },
		/* two results: which one would decide how the rest is read? */
		{ "01 1a 00 80 01 05 02 02 00 20 00 0e 00 02 04 00 01 00 0e 00 02 04 00 00 00 00 00",
		  CL_E_PROTOCOL, "appears twice" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t f[128];
		size_t n = unhex(cases[i].hex, f, sizeof(f));
		/* copy to an exact-size heap buffer so ASan catches any overread */
		uint8_t *exact = malloc(n ? n : 1);
		memcpy(exact, f, n);
		int r = qmi_decode(M, exact, n, 0);
		free(exact);
		if (r != cases[i].err || !strstr(M->errtext, cases[i].why))
			fail_msg("case %zu (%s): got %d '%s', want %d", i, cases[i].hex, r, M->errtext, cases[i].err);
	}
}

static void lenient_keeps_bad_tlv_raw(void **state)
{
	uint8_t f[64];
	size_t n = unhex("01 0f 00 00 01 05 00 02 00 20 00 03 00 19 00 00", f, sizeof(f));
	assert_int_equal(qmi_decode(M, f, n, QMI_DECODE_LENIENT), 0);
	assert_int_equal(M->n_tlv, 1);
	assert_null(M->tlv[0].def);
	assert_int_equal(M->tlv[0].err, CL_E_TRUNCATED);
}

static void unknown_message_and_tlvs_kept(void **state)
{
	/* WDS 0x0099 is not in the tables; a known message with an unknown TLV */
	uint8_t f[64];
	size_t n = unhex("01 10 00 00 01 05 00 03 00 99 00 04 00 42 01 00 07", f, sizeof(f));
	assert_int_equal(qmi_decode(M, f, n, 0), 0);
	assert_null(M->def);
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_json(&sb, M, 0);
	assert_string_equal(sb_str(&sb), "{\"service\":\"wds\",\"client\":5,\"kind\":\"request\",\"transaction\":3,"
					 "\"message\":null,\"message_id\":153,\"tlvs\":{\"tlv-0x42\":\"07\"}}");
	sb_reset(&sb);
	n = unhex("01 16 00 00 01 05 00 03 00 20 00 0a 00 19 01 00 04 77 03 00 aa bb cc", f, sizeof(f));
	assert_int_equal(qmi_decode(M, f, n, 0), 0);
	qmi_print_json(&sb, M, 0);
	assert_non_null(strstr(sb_str(&sb), "\"ip-family-preference\":\"ipv4\",\"tlv-0x77\":\"aabbcc\""));
	sb_free(&sb);
}

static void trailing_bytes_in_tlv_shown(void **state)
{
	uint8_t f[64];
	size_t n = unhex("01 11 00 00 01 05 00 03 00 20 00 05 00 19 02 00 04 ee", f, sizeof(f));
	assert_int_equal(qmi_decode(M, f, n, 0), 0);
	assert_int_equal(M->tlv[0].trailing, 1);
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_json(&sb, M, 0);
	assert_non_null(strstr(sb_str(&sb), "\"tlv-0x19-trailing\":\"ee\""));
	sb_free(&sb);
	/* and they travel on when the message is encoded again */
	uint8_t again[64];
	assert_int_equal(qmi_encode(M, again, sizeof(again)), (int)n);
	assert_memory_equal(again, f, n);
	assert_int_equal(qmi_encode(M, NULL, 0), (int)n);
}

static void signed_enum_negative_names(void **state)
{
	/* NAS radio interfaces are signed: -1 is "unknown" */
	uint8_t buf[128];
	qmi_msg_init(M, QMI_SVC_NAS, 2, QMI_INDICATION, 1, QMI_NAS_SERVING_SYSTEM);
	assert_int_equal(qmi_set_text(M, "radio-interfaces", "unknown,lte"), 0);
	int n = qmi_encode(M, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(qmi_decode(M, buf, (size_t)n, 0), 0);
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_json(&sb, M, 0);
	assert_non_null(strstr(sb_str(&sb), "\"radio-interfaces\":[\"unknown\",\"lte\"]"));
	sb_free(&sb);
}

static void secrets_hidden_personal_redacted(void **state)
{
	uint8_t buf[256];
	qmi_msg_init(M, QMI_SVC_WDS, 1, QMI_REQUEST, 1, QMI_WDS_START_NETWORK);
	assert_int_equal(qmi_set_str(M, "username", "alice"), 0);
	assert_int_equal(qmi_set_str(M, "password", "s3cret"), 0);
	int n = qmi_encode(M, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(qmi_decode(M, buf, (size_t)n, 0), 0);
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_json(&sb, M, 0);
	assert_null(strstr(sb_str(&sb), "s3cret"));
	assert_non_null(strstr(sb_str(&sb), "alice"));
	sb_reset(&sb);
	qmi_print_text(&sb, M, QMI_PRINT_REDACT_PERSONAL);
	assert_null(strstr(sb_str(&sb), "s3cret"));
	assert_null(strstr(sb_str(&sb), "alice"));
	sb_reset(&sb);
	qmi_print_text(&sb, M, QMI_PRINT_SHOW_SECRETS);
	assert_non_null(strstr(sb_str(&sb), "password: s3cret"));
	sb_free(&sb);
}

static void setter_errors_are_named(void **state)
{
	qmi_msg_init(M, QMI_SVC_WDS, 1, QMI_REQUEST, 1, QMI_WDS_START_NETWORK);
	assert_int_equal(qmi_set_text(M, "no-such-field", "1"), CL_E_UNKNOWN_FIELD);
	assert_non_null(strstr(M->errtext, "no-such-field"));
	assert_int_equal(qmi_set_text(M, "p", "1"), CL_E_AMBIGUOUS_FIELD);
	assert_int_equal(qmi_set_text(M, "ip-family-preference", "ipv5"), CL_E_BAD_VALUE);
	assert_int_equal(qmi_set_text(M, "profile-index-3gpp", "256"), CL_E_BAD_VALUE);
	assert_int_equal(qmi_set_text(M, "ipv4-address-preference", "10.0.0.300"), CL_E_BAD_VALUE);
	assert_int_equal(qmi_set_text(M, "profile-index-3gpp", "0x10"), 0);
	qmi_msg_init(M, QMI_SVC_WDS, 1, QMI_REQUEST, 1, 0x7777);
	assert_null(M->def);
	assert_int_equal(qmi_set_text(M, "apn", "x"), CL_E_UNKNOWN_MESSAGE);
}

static void frame_len_reassembly(void **state)
{
	uint8_t f[32];
	size_t n = unhex("01 0f 00 00 00 00 00 01 22 00 04 00 01 01 00 02 01 0f", f, sizeof(f));
	assert_int_equal(qmux_frame_len(f, 0), 0);
	assert_int_equal(qmux_frame_len(f, 2), 0);
	assert_int_equal(qmux_frame_len(f, 15), 0);
	assert_int_equal(qmux_frame_len(f, n), 16);
	assert_int_equal(qmux_frame_len((const uint8_t *)"\x05", 1), CL_E_BAD_MARKER);
	assert_int_equal(qmux_frame_len((const uint8_t *)"\x01\x02\x00", 3), CL_E_BAD_LENGTH);
}

static void text_printer_layout(void **state)
{
	uint8_t f[64];
	size_t n = unhex("01 17 00 80 00 00 01 01 22 00 0c 00 02 04 00 00 00 00 00 01 02 00 01 09", f, sizeof(f));
	assert_int_equal(qmi_decode(M, f, n, 0), 0);
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_text(&sb, M, 0);
	assert_string_equal(sb_str(&sb), "ctl response allocate-cid (0x0022) client 0 txn 1: success\n"
					 "  allocation-info: \n    service: wds\n    cid: 9\n");
	sb_free(&sb);
}

static void every_service_has_unique_kind_ids(void **state)
{
	/* one (id, kind) pair names one message: the lookup is unambiguous */
	for (size_t i = 0; qmi_service_at(i); i++) {
		const struct qmi_service_def *s = qmi_service_at(i);
		assert_non_null(qmi_service_name(s->id));
		for (size_t a = 0; a < s->n_msgs; a++)
			for (int k = 0; k < QMI_KINDS; k++) {
				if (!qmi_msg_tlvs(&s->msgs[a], k))
					continue;
				assert_ptr_equal(qmi_msg_by_id(s, s->msgs[a].id, (enum qmi_kind)k), &s->msgs[a]);
			}
	}
	assert_int_equal(qmi_error_by_name("call-failed"), 14);
}

/* One list (qmi/errors.h) gives the enum, the names and the numbers: each
 * name maps to its number and back, and no number or name is listed twice. */
static void error_list_is_one_table(void **state)
{
	static const struct { int num; const char *name; } all[] = {
#define E(sym, num, name) { QMI_ERR_##sym, name },
		QMI_ERRORS(E)
#undef E
	};
	size_t n = sizeof all / sizeof all[0];
	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(qmi_error_name((uint16_t)all[i].num), all[i].name);
		assert_int_equal(qmi_error_by_name(all[i].name), all[i].num);
		for (size_t j = i + 1; j < n; j++) {
			assert_int_not_equal(all[i].num, all[j].num);
			assert_string_not_equal(all[i].name, all[j].name);
		}
	}
	assert_int_equal(QMI_ERR_NO_EFFECT, 26);
	assert_string_equal(qmi_error_name(QMI_ERR_CLIENT_IDS_EXHAUSTED), "client-ids-exhausted");
	assert_null(qmi_error_name(18));
	assert_int_equal(qmi_error_by_name("no-such-error"), -1);
}

/* A message has room for QMI_MSG_NODES values; a longer answer fails with
 * CL_E_TOO_MANY naming the message (also when decoding leniently: keeping
 * the TLV raw would hide values), and decodes whole with a pool. */
static void room_bound_names_message(void **state)
{
	struct qmi_msg_pooled *b = calloc(1, sizeof(*b));
	assert_non_null(b);
	enum { N = 60 };        /* 1 + 60 * 3 values */
	qmi_msg_init(&b->m, QMI_SVC_WMS, 1, QMI_RESPONSE, 9, QMI_WMS_LIST_MESSAGES);
	struct qmi_val *el = qmi_fset_array(&b->m, QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST, N);
	assert_null(el);        /* its own room is too small to build it */
	assert_string_equal(b->m.errtext,
			    "wms list-messages response: more values than the 128 it has room for");
	qmi_msg_init(&b->m, QMI_SVC_WMS, 1, QMI_RESPONSE, 9, QMI_WMS_LIST_MESSAGES);
	qmi_msg_use_pool(&b->m, b->pool, QMI_POOL_NODES);
	el = qmi_fset_array(&b->m, QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST, N);
	assert_non_null(el);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(qmi_eset_uint(&b->m, &el[i], QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST_MEMORY_INDEX, i), 0);
	uint8_t frame[1024];
	int n = qmi_encode(&b->m, frame, sizeof(frame));
	assert_true(n > 0);
	assert_int_equal(qmi_decode(M, frame, (size_t)n, 0), CL_E_TOO_MANY);
	assert_string_equal(M->errtext, "wms list-messages response: more values than the 128 it has room for");
	assert_int_equal(qmi_decode(M, frame, (size_t)n, QMI_DECODE_LENIENT), CL_E_TOO_MANY);
	assert_int_equal(qmi_decode_pool(M, b->pool, QMI_POOL_NODES, frame, (size_t)n, 0), 0);
	const struct qmi_val *v = qmi_fget(M, QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST);
	assert_non_null(v);
	assert_int_equal(v->n, N);
	uint64_t x;
	assert_int_equal(qmi_eget_uint(&v->kids[N - 1], QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST_MEMORY_INDEX, &x), 0);
	assert_int_equal(x, N - 1);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ctl_allocate_cid_bytes),
		cmocka_unit_test(wds_start_network_bytes),
		cmocka_unit_test(typed_handles),
		cmocka_unit_test(response_round_trip),
		cmocka_unit_test(failure_result_names_error),
		cmocka_unit_test(malformed_frames),
		cmocka_unit_test(lenient_keeps_bad_tlv_raw),
		cmocka_unit_test(unknown_message_and_tlvs_kept),
		cmocka_unit_test(trailing_bytes_in_tlv_shown),
		cmocka_unit_test(signed_enum_negative_names),
		cmocka_unit_test(secrets_hidden_personal_redacted),
		cmocka_unit_test(setter_errors_are_named),
		cmocka_unit_test(frame_len_reassembly),
		cmocka_unit_test(text_printer_layout),
		cmocka_unit_test(every_service_has_unique_kind_ids),
		cmocka_unit_test(error_list_is_one_table),
		cmocka_unit_test(room_bound_names_message),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
