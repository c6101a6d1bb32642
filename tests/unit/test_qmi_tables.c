/* The message tables: every message of every service round-trips with
 * every TLV filled, names follow the conventions, hand-built frames decode
 * to the expected named fields, and real captured exchanges decode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hex.h"
#include "common/strbuf.h"
#include "qmi/ids.h"
#include "qmi/qmi.h"

/* Every field of every message filled: more values than a message's own
 * room, so both messages have a pool (as the client and emulator do). */
static struct qmi_msg_pooled *PA, *PB;
static struct qmi_msg *A, *B;

static int setup(void **state)
{
	PA = calloc(1, sizeof(*PA));
	PB = calloc(1, sizeof(*PB));
	A = PA ? &PA->m : NULL;
	B = PB ? &PB->m : NULL;
	return A && B ? 0 : -1;
}

static int teardown(void **state)
{
	free(PA);
	free(PB);
	return 0;
}

static struct qmi_val *pool_of(struct qmi_msg *m)
{
	return m == A ? PA->pool : PB->pool;
}

static int decode(struct qmi_msg *m, const uint8_t *frame, size_t len, unsigned flags)
{
	return qmi_decode_pool(m, pool_of(m), QMI_POOL_NODES, frame, len, flags);
}

/* ---- a minimal JSON checker, so every printed message is valid JSON ---- */

static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *json_value(const char *p, int depth)
{
	p = json_ws(p);
	if (depth > 32)
		return NULL;
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		bool obj = *p == '{';
		p = json_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				if (!(p = json_string(json_ws(p))))
					return NULL;
				p = json_ws(p);
				if (*p++ != ':')
					return NULL;
			}
			if (!(p = json_value(p, depth + 1)))
				return NULL;
			p = json_ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (*p == '"')
		return json_string(p);
	if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	const char *s = p;
	if (*p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	return p > s && p[-1] != '-' ? p : NULL;
}

static void assert_json(const char *text)
{
	const char *end = json_value(text, 0);
	if (!end || *json_ws(end)) {
		print_error("not valid JSON: %s\n", text);
		fail();
	}
}

/* ---- naming conventions ---- */

static bool kebab(const char *s)
{
	if (!s || !*s || *s == '-')
		return false;
	for (const char *p = s; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
		if (!ok || (*p == '-' && (p[1] == '-' || p[1] == 0)))
			return false;
	}
	return true;
}

static void check_enum(const char *where, const struct qmi_enum *e)
{
	uint32_t av, bv;
	const char *a, *b;
	for (unsigned i = 0; (a = qmi_enum_at(e, i, &av)); i++) {
		if (!kebab(a)) {
			print_error("%s: enum value name '%s' is not kebab-case\n", where, a);
			fail();
		}
		for (unsigned j = i + 1; (b = qmi_enum_at(e, j, &bv)); j++)
			if (!strcmp(a, b) || av == bv) {
				print_error("%s: enum names/values repeat ('%s' %u, '%s' %u)\n", where,
					    a, av, b, bv);
				fail();
			}
	}
}

static void check_field(const char *where, const struct qmi_field *f, bool last)
{
	if (!kebab(qmi_field_name(f))) {
		print_error("%s: field name '%s' is not kebab-case\n", where, qmi_field_name(f));
		fail();
	}
	if (qmi_field_enum(f))
		check_enum(where, qmi_field_enum(f));
	/* a field that takes the rest of its data must come last */
	bool rest = (f->fmt == QF_STRING || f->fmt == QF_BYTES || f->fmt == QF_ARRAY) &&
		    !f->prefix && !f->fixed;
	if (rest && !last) {
		print_error("%s: '%s' takes the rest of the TLV but is not last\n", where, qmi_field_name(f));
		fail();
	}
	if (f->fmt == QF_STRUCT) {
		if (f->n_sub == 0) {
			print_error("%s: struct '%s' has no members\n", where, qmi_field_name(f));
			fail();
		}
		const struct qmi_field *sub = qmi_field_sub(f);
		for (const struct qmi_field *a = sub; a < sub + f->n_sub; a++) {
			for (const struct qmi_field *b = a + 1; b < sub + f->n_sub; b++)
				if (!strcmp(qmi_field_name(a), qmi_field_name(b))) {
					print_error("%s: member '%s' repeats in '%s'\n", where, qmi_field_name(a),
						    qmi_field_name(f));
					fail();
				}
			check_field(where, a, last && a + 1 == sub + f->n_sub);
		}
	} else if (f->fmt == QF_ARRAY) {
		check_field(where, qmi_field_sub(f), last && !f->prefix && !f->fixed);
	}
}

static void names_follow_conventions(void **state)
{
	char where[128];
	size_t n_lists = 0;
	for (size_t i = 0; qmi_service_at(i); i++) {
		const struct qmi_service_def *svc = qmi_service_at(i);
		assert_true(kebab(svc->name));
		for (size_t k = 0; k < svc->n_msgs; k++) {
			const struct qmi_msg_def *d = &svc->msgs[k];
			assert_true(kebab(qmi_msg_name(d)));
			for (int kind = 0; kind < QMI_KINDS; kind++) {
				const struct qmi_field *list = qmi_msg_tlvs(d, (enum qmi_kind)kind);
				if (!list)
					continue;
				n_lists++;
				snprintf(where, sizeof(where), "%s %s (%s)", svc->name, qmi_msg_name(d),
					 qmi_kind_name((enum qmi_kind)kind));
				for (const struct qmi_field *a = list; a->fmt != QF_END; a++) {
					if (kind == QMI_RESPONSE && a->id == 0x02) {
						print_error("%s: lists the result TLV\n", where);
						fail();
					}
					for (const struct qmi_field *b = a + 1; b->fmt != QF_END; b++)
						if (a->id == b->id || !strcmp(qmi_field_name(a), qmi_field_name(b))) {
							print_error("%s: TLV 0x%02x '%s' repeats\n", where, b->id,
								    qmi_field_name(b));
							fail();
						}
					check_field(where, a, true);
				}
			}
		}
	}
	assert_true(n_lists > 100);
}

/* ---- filling every TLV of a message with non-zero values ---- */

static struct qmi_val *take_nodes(struct qmi_msg *m, unsigned n)
{
	assert_true(m->n_nodes + n <= m->cap_nodes);
	struct qmi_val *v = &m->nodes[m->n_nodes];
	m->n_nodes += n;
	return v;
}

static const uint8_t *take_bytes(struct qmi_msg *m, unsigned n, unsigned seed)
{
	assert_true(m->n_bytes + n <= QMI_ARENA_BYTES);
	uint8_t *p = &m->bytes[m->n_bytes];
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)('a' + (seed + i) % 26);
	m->n_bytes += n;
	return p;
}

static unsigned fmt_bits(uint8_t fmt)
{
	switch (fmt) {
	case QF_U8: case QF_I8: case QF_BOOL: return 8;
	case QF_U16: case QF_I16: return 16;
	case QF_U32: case QF_I32: case QF_IPV4: return 32;
	default: return 64;
	}
}

/* A named value of the field's enum that fits its width (the seed picks
 * which); false when none does. */
static bool enum_pick(const struct qmi_field *f, unsigned seed, uint64_t *out)
{
	unsigned bits = fmt_bits(f->fmt);
	bool sign = f->fmt >= QF_I8 && f->fmt <= QF_I64;
	const struct qmi_enum *en = qmi_field_enum(f);
	unsigned n = en->n;
	uint64_t acc = 0;
	for (unsigned k = 0; k < n; k++) {
		uint32_t value;
		qmi_enum_at(en, (seed + k) % n, &value);
		int64_t sv = sign ? (int64_t)(int32_t)value : (int64_t)value;
		bool fits = bits == 64 || (sign ? sv >= -(INT64_C(1) << (bits - 1)) && sv < (INT64_C(1) << (bits - 1))
					  : (uint64_t)sv < (UINT64_C(1) << bits));
		if (!fits || value == 0)
			continue;
		if (!en->is_flags) {
			*out = (uint64_t)sv;
			return true;
		}
		acc |= (uint64_t)sv;
	}
	*out = acc;
	return acc != 0;
}

static void fill(struct qmi_msg *m, struct qmi_val *v, const struct qmi_field *f, unsigned *seed)
{
	unsigned s = ++*seed;
	memset(v, 0, sizeof(*v));
	v->f = f;
	switch (f->fmt) {
	case QF_U8: v->u = 1 + s % 250; break;
	case QF_U16: v->u = 0x100 + s; break;
	case QF_U32: v->u = 0x10000 + s; break;
	case QF_U64: v->u = UINT64_C(0x100000000) + s; break;
	case QF_I8: v->i = -(int64_t)(1 + s % 100); break;
	case QF_I16: v->i = -300 - (int64_t)s; break;
	case QF_I32: v->i = -70000 - (int64_t)s; break;
	case QF_I64: v->i = -(INT64_C(1) << 40) - (int64_t)s; break;
	case QF_BOOL: v->u = 1; return;
	case QF_IPV4: v->u = 0x0a000000 + s; return;
	case QF_IPV6: v->p = take_bytes(m, 16, s); v->n = 16; return;
	case QF_STRING:
	case QF_BYTES: {
		unsigned n = f->fixed ? f->fixed : f->prefix ? 5 : 7;
		v->p = take_bytes(m, n, s);
		v->n = n;
		return;
	}
	case QF_STRUCT: {
		unsigned n = f->n_sub;
		v->kids = take_nodes(m, n);
		v->n = n;
		for (unsigned i = 0; i < n; i++)
			fill(m, &v->kids[i], &qmi_field_sub(f)[i], seed);
		return;
	}
	case QF_ARRAY: {
		unsigned n = f->fixed ? f->fixed : 2;
		v->kids = take_nodes(m, n);
		v->n = n;
		for (unsigned i = 0; i < n; i++)
			fill(m, &v->kids[i], qmi_field_sub(f), seed);
		return;
	}
	default:
		fail_msg("field '%s' has format %u", qmi_field_name(f), f->fmt);
	}
	uint64_t e;
	if (qmi_field_enum(f) && enum_pick(f, s, &e))
		v->u = e;
}

static void fill_message(struct qmi_msg *m, const struct qmi_field *list)
{
	unsigned seed = 0;
	for (const struct qmi_field *f = list; f->fmt != QF_END; f++) {
		assert_true(m->n_tlv < QMI_MAX_TLVS);
		struct qmi_tlv *t = &m->tlv[m->n_tlv++];
		memset(t, 0, sizeof(*t));
		t->id = f->id;
		t->def = f;
		fill(m, &t->v, f, &seed);
	}
}

/* Encode, decode strictly, re-encode: identical bytes, every TLV known. */
static void round_trip_one(const struct qmi_service_def *svc, const struct qmi_msg_def *d,
			   enum qmi_kind kind, struct strbuf *sb)
{
	static uint8_t f1[8192], f2[8192];
	const struct qmi_field *list = qmi_msg_tlvs(d, (enum qmi_kind)kind);
	qmi_msg_init(A, svc->id, 7, kind, 0x1234 & (svc->id ? 0xffff : 0xff), d->id);
	qmi_msg_use_pool(A, PA->pool, QMI_POOL_NODES);
	assert_ptr_equal(A->def, d);
	fill_message(A, list);
	int n1 = qmi_encode(A, f1, sizeof(f1));
	if (n1 < 0)
		fail_msg("%s %s (%s): encode failed %d", svc->name, qmi_msg_name(d), qmi_kind_name(kind), n1);
	int r = decode(B, f1, (size_t)n1, 0);
	if (r)
		fail_msg("%s %s (%s): decode failed: %s", svc->name, qmi_msg_name(d), qmi_kind_name(kind), B->errtext);
	assert_ptr_equal(B->def, d);
	assert_int_equal(B->kind, kind);
	unsigned result = kind == QMI_RESPONSE ? 1 : 0;
	assert_int_equal(B->n_tlv, A->n_tlv + result);
	for (unsigned i = 0; i < B->n_tlv; i++) {
		const struct qmi_tlv *t = &B->tlv[i];
		if (result && t->id == 0x02)
			continue;
		if (!t->def || t->trailing)
			fail_msg("%s %s (%s): TLV 0x%02x not decoded whole", svc->name, qmi_msg_name(d),
				 qmi_kind_name(kind), t->id);
		/* every TLV is reachable by its name */
		const struct qmi_val *v = qmi_get(B, qmi_field_name(t->def));
		if (!v || v->f != t->def)
			fail_msg("%s %s: '%s' not found by name: %s", svc->name, qmi_msg_name(d), qmi_field_name(t->def),
				 B->errtext);
	}
	int n2 = qmi_encode(B, f2, sizeof(f2));
	assert_int_equal(n2, n1);
	assert_memory_equal(f1, f2, (size_t)n1);
	/* both printers take every field; the JSON parses */
	sb_reset(sb);
	qmi_print_json(sb, B, QMI_PRINT_SHOW_SECRETS);
	assert_false(sb->failed);
	assert_json(sb_str(sb));
	assert_non_null(strstr(sb_str(sb), qmi_msg_name(d)));
	sb_reset(sb);
	qmi_print_json(sb, B, QMI_PRINT_REDACT_PERSONAL);
	assert_json(sb_str(sb));
	sb_reset(sb);
	qmi_print_text(sb, B, 0);
	assert_false(sb->failed);
}

static void every_message_round_trips(void **state)
{
	struct strbuf sb;
	sb_init(&sb);
	unsigned count = 0, tlvs = 0;
	for (size_t i = 0; qmi_service_at(i); i++) {
		const struct qmi_service_def *svc = qmi_service_at(i);
		for (size_t k = 0; k < svc->n_msgs; k++)
			for (int kind = 0; kind < QMI_KINDS; kind++) {
				if (!qmi_msg_tlvs(&svc->msgs[k], kind))
					continue;
				round_trip_one(svc, &svc->msgs[k], (enum qmi_kind)kind, &sb);
				count++;
				tlvs += A->n_tlv;
			}
	}
	sb_free(&sb);
	print_message("round-tripped %u message kinds, %u TLVs\n", count, tlvs);
	assert_true(count > 100);
	assert_true(tlvs > 300);
}

/* ---- hand-built frames with known bytes ---- */

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	int n = hex_decode(s, strlen(s), out, cap);
	assert_true(n >= 0);
	return (size_t)n;
}

static void decode_hex(struct qmi_msg *m, const char *hex, uint8_t *buf, size_t cap)
{
	size_t n = unhex(hex, buf, cap);
	if (decode(m, buf, n, 0))
		fail_msg("decode: %s", m->errtext);
	/* and the bytes come back the same */
	uint8_t again[512];
	assert_int_equal(qmi_encode(m, again, sizeof(again)), (int)n);
	assert_memory_equal(again, buf, n);
}

static void json_has(const struct qmi_msg *m, unsigned flags, const char *const *want)
{
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_json(&sb, m, flags);
	assert_json(sb_str(&sb));
	for (; *want; want++)
		if (!strstr(sb_str(&sb), *want))
			fail_msg("'%s' not in %s", *want, sb_str(&sb));
	sb_free(&sb);
}

static void dms_get_ids_bytes(void **state)
{
	static uint8_t buf[256];
	decode_hex(A, "01 3f 00 80 02 01 02 07 00 25 00 33 00 02 04 00 00 00 00 00"
		      " 10 01 00 30"
		      " 11 0f 00 33 35 33 32 37 30 30 30 30 30 30 30 30 30 38"
		      " 12 0e 00 33 35 33 32 37 30 30 30 30 30 30 30 30 30"
		      " 13 02 00 30 31", buf, sizeof(buf));
	assert_string_equal(qmi_msg_name(A->def), "get-ids");
	char s[32];
	assert_int_equal(qmi_get_str(A, "imei", s, sizeof(s)), 15);
	assert_string_equal(s, "353270000000008");
	assert_true(qmi_get_str(A, "meid", s, sizeof(s)) > 0);
	assert_string_equal(s, "35327000000000");
	assert_true(qmi_get_str(A, "imei-software-version", s, sizeof(s)) > 0);
	assert_string_equal(s, "01");
	json_has(A, 0, (const char *const[]){ "\"message\":\"get-ids\"", "\"esn\":\"0\"",
		 "\"imei\":\"353270000000008\"", "\"imei-software-version\":\"01\"",
		 "\"status\":\"success\"", NULL });
	json_has(A, QMI_PRINT_REDACT_PERSONAL, (const char *const[]){ "\"imei\":\"<hidden>\"",
		 "\"imei-software-version\":\"01\"", NULL });
}

static void dms_verify_pin_request_bytes(void **state)
{
	static uint8_t buf[64];
	decode_hex(A, "01 15 00 00 02 01 00 04 00 28 00 09 00 01 06 00 01 04 31 32 33 34", buf, sizeof(buf));
	assert_string_equal(qmi_msg_name(A->def), "uim-verify-pin");
	uint64_t u;
	assert_int_equal(qmi_get_uint(A, "info.pin-id", &u), 0);
	assert_int_equal(u, 1);
	json_has(A, 0, (const char *const[]){ "\"pin-id\":\"pin\"", "\"pin\":\"<hidden>\"", NULL });
	json_has(A, QMI_PRINT_SHOW_SECRETS, (const char *const[]){ "\"pin\":\"1234\"", NULL });
	/* built by name, the same bytes come out */
	qmi_msg_init(B, QMI_SVC_DMS, 1, QMI_REQUEST, 4, QMI_DMS_UIM_VERIFY_PIN);
	assert_int_equal(qmi_set_text(B, "info.pin-id", "pin"), 0);
	assert_int_equal(qmi_set_str(B, "info.pin", "1234"), 0);
	uint8_t out[64];
	assert_int_equal(qmi_encode(B, out, sizeof(out)), 22);
	assert_memory_equal(out, buf, 22);
}

static void nas_get_serving_system_bytes(void **state)
{
	static uint8_t buf[256];
	decode_hex(A, "01 45 00 80 03 02 02 03 00 24 00 39 00 02 04 00 00 00 00 00"
		      " 01 06 00 01 01 01 02 01 08"
		      " 10 01 00 01"
		      " 11 02 00 01 0b"
		      " 12 0c 00 06 01 01 00 07 54 65 6c 65 6b 6f 6d"
		      " 1c 02 00 34 12"
		      " 1d 04 00 11 75 bc 01"
		      " 24 02 00 d4 05", buf, sizeof(buf));
	assert_string_equal(qmi_msg_name(A->def), "get-serving-system");
	uint64_t u;
	assert_int_equal(qmi_get_uint(A, "registration-state", &u), 0);
	assert_int_equal(u, 1);
	assert_int_equal(qmi_get_uint(A, "current-plmn.mcc", &u), 0);
	assert_int_equal(u, 262);
	assert_int_equal(qmi_get_uint(A, "cid-3gpp", &u), 0);
	assert_int_equal(u, 0x01bc7511);
	assert_int_equal(qmi_get_uint(A, "lte-tac", &u), 0);
	assert_int_equal(u, 0x5d4);
	char s[32];
	assert_int_equal(qmi_get_str(A, "current-plmn.description", s, sizeof(s)), 7);
	assert_string_equal(s, "Telekom");
	const struct qmi_val *ri = qmi_get(A, "serving-system.radio-interfaces");
	assert_non_null(ri);
	assert_int_equal(ri->n, 1);
	assert_int_equal(ri->kids[0].i, 8);
	json_has(A, 0, (const char *const[]){ "\"registration-state\":\"registered\"",
		 "\"cs-attach-state\":\"attached\"", "\"selected-network\":\"3gpp\"",
		 "\"radio-interfaces\":[\"lte\"]", "\"roaming-indicator\":\"off\"",
		 "\"data-service-capability\":[\"lte\"]",
		 "\"current-plmn\":{\"mcc\":262,\"mnc\":1,\"description\":\"Telekom\"}", NULL });
}

static void nas_get_signal_info_bytes(void **state)
{
	static uint8_t buf[64];
	decode_hex(A, "01 1c 00 80 03 02 02 09 00 4f 00 10 00 02 04 00 00 00 00 00"
		      " 14 06 00 c4 f7 a6 ff 64 00", buf, sizeof(buf));
	assert_string_equal(qmi_msg_name(A->def), "get-signal-info");
	int64_t i;
	assert_int_equal(qmi_get_int(A, "lte-signal-strength.rssi", &i), 0);
	assert_int_equal(i, -60);
	assert_int_equal(qmi_get_int(A, "lte-signal-strength.rsrq", &i), 0);
	assert_int_equal(i, -9);
	assert_int_equal(qmi_get_int(A, "lte-signal-strength.rsrp", &i), 0);
	assert_int_equal(i, -90);
	assert_int_equal(qmi_get_int(A, "lte-signal-strength.snr", &i), 0);
	assert_int_equal(i, 100);
	json_has(A, 0, (const char *const[]){
		 "\"lte-signal-strength\":{\"rssi\":-60,\"rsrq\":-9,\"rsrp\":-90,\"snr\":100}", NULL });
}

static void uim_get_card_status_bytes(void **state)
{
	static uint8_t buf[256];
	decode_hex(A, "01 3f 00 80 0b 01 02 05 00 2f 00 33 00 02 04 00 00 00 00 00"
		      " 10 29 00 00 00 ff ff ff ff ff ff 01"
		      "  01 00 00 00 00 01"
		      "   02 07 02 00 00 00 0c a0 00 00 00 87 10 02 ff 49 ff 05 89"
		      "   00 03 03 0a 01 03 0a", buf, sizeof(buf));
	assert_string_equal(qmi_msg_name(A->def), "get-card-status");
	uint64_t u;
	assert_int_equal(qmi_get_uint(A, "card-status.index-gw-primary", &u), 0);
	assert_int_equal(u, 0);
	assert_int_equal(qmi_get_uint(A, "index-1x-primary", &u), 0);
	assert_int_equal(u, 0xffff);
	const struct qmi_val *cards = qmi_get(A, "cards");
	assert_non_null(cards);
	assert_int_equal(cards->n, 1);
	const struct qmi_val *apps = qmi_val_member(&cards->kids[0], "applications");
	assert_non_null(apps);
	assert_int_equal(apps->n, 1);
	const struct qmi_val *app = &apps->kids[0];
	assert_int_equal(qmi_val_member(app, "type")->u, 2);
	assert_int_equal(qmi_val_member(app, "pin1-retries")->u, 3);
	assert_int_equal(qmi_val_member(app, "puk1-retries")->u, 10);
	assert_int_equal(qmi_val_member(app, "application-identifier-value")->n, 12);
	json_has(A, 0, (const char *const[]){ "\"card-state\":\"present\"",
		 "\"upin-state\":\"not-initialized\"", "\"type\":\"usim\"", "\"state\":\"ready\"",
		 "\"personalization-state\":\"ready\"",
		 "\"application-identifier-value\":\"a0000000871002ff49ff0589\"",
		 "\"pin1-state\":\"disabled\"", "\"pin2-state\":\"enabled-not-verified\"", NULL });
	/* the indication carries the same layout */
	buf[6] = 0x04;
	buf[9] = 0x32;
	assert_int_equal(decode(B, buf, 0x40, 0), 0);
	assert_string_equal(qmi_msg_name(B->def), "card-status");
	assert_int_equal(B->kind, QMI_INDICATION);
}

/* A failed PIN verification carries the retries left, and the core decodes
 * it by name: a failed response's TLVs are read with the table like a
 * successful one's (the connection manager tells the user how many tries
 * remain from this field). */
static void failed_response_retries(void **state)
{
	static uint8_t buf[64];
	/* uim verify-pin failing with incorrect-pin (12), 2 retries left */
	size_t n = unhex("01 18 00 80 0b 01 02 06 00 26 00 0c 00 02 04 00 01 00 0c 00"
			 " 10 02 00 02 0a", buf, sizeof(buf));
	assert_int_equal(decode(A, buf, n, 0), 0);
	assert_string_equal(qmi_msg_name(A->def), "verify-pin");
	assert_int_equal(A->status, 1);
	assert_int_equal(A->error, 12);
	const struct qmi_tlv *t = qmi_tlv_by_id(A, 0x10);
	assert_non_null(t);
	assert_non_null(t->def);        /* decoded by the table, not kept raw */
	assert_string_equal(qmi_field_name(t->def), "retries-remaining");
	uint64_t u;
	assert_int_equal(qmi_get_uint(A, "retries-remaining.verify-retries-left", &u), 0);
	assert_int_equal(u, 2);
	assert_int_equal(qmi_get_uint(A, "retries-remaining.unblock-retries-left", &u), 0);
	assert_int_equal(u, 10);
	json_has(A, 0, (const char *const[]){ "\"status\":\"failure\"",
		 "\"retries-remaining\":{\"verify-retries-left\":2,\"unblock-retries-left\":10}", NULL });
}

/* ---- real captured exchanges (tests/data/qmi/<name>.hex) ---- */

#define MAX_FRAMES 16

struct capture {
	unsigned n;
	size_t len[MAX_FRAMES];
	uint8_t frame[MAX_FRAMES][2048];
};

static void load_capture(const char *name, struct capture *c)
{
	char path[512], line[8192];
	snprintf(path, sizeof(path), "%s/%s.hex", QMI_DATA_DIR, name);
	FILE *fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot open %s", path);
	c->n = 0;
	bool sourced = false;
	while (fgets(line, sizeof(line), fp)) {
		size_t l = strcspn(line, "\r\n");
		line[l] = 0;
		if (!strncmp(line, "# source: http", 14))
			sourced = true;
		if (line[0] == '#' || l == 0)
			continue;
		assert_true(c->n < MAX_FRAMES);
		int r = hex_decode(line, l, c->frame[c->n], sizeof(c->frame[0]));
		if (r < 0)
			fail_msg("%s: bad hex line %u", name, c->n + 1);
		c->len[c->n++] = (size_t)r;
	}
	fclose(fp);
	assert_true(sourced);
}

struct expect {
	uint8_t service;
	uint8_t kind;
	const char *message;    /* NULL: a message not in the tables */
};

/* TLVs of the captures that no reference describes (libqmi, Qualcomm's
 * interface descriptions), so the tables cannot know them. Any other TLV a
 * table lacks fails the capture's test: it is a gap to fill. */
static const struct {
	const char *capture;
	unsigned frame;         /* 1-based, as the messages say */
	uint8_t id;
} undescribed_tlvs[] = {
	/* get-card-status: a count and a u32 per slot, after sim-busy-status */
	{ "uim_sdm845_qrtr", 2, 0x16 },
};

static bool undescribed(const char *capture, unsigned frame, uint8_t id)
{
	for (size_t i = 0; i < sizeof(undescribed_tlvs) / sizeof(undescribed_tlvs[0]); i++)
		if (!strcmp(undescribed_tlvs[i].capture, capture) && undescribed_tlvs[i].frame == frame &&
		    undescribed_tlvs[i].id == id)
			return true;
	return false;
}

static void expect_frames(const char *name, struct capture *c, const struct expect *e, unsigned n)
{
	load_capture(name, c);
	assert_int_equal(c->n, n);
	struct strbuf sb;
	sb_init(&sb);
	for (unsigned i = 0; i < n; i++) {
		if (decode(A, c->frame[i], c->len[i], 0))
			fail_msg("%s frame %u: %s", name, i + 1, A->errtext);
		assert_int_equal(A->service, e[i].service);
		assert_int_equal(A->kind, e[i].kind);
		if (e[i].message) {
			assert_non_null(A->def);
			assert_string_equal(qmi_msg_name(A->def), e[i].message);
		} else {
			assert_null(A->def);
		}
		/* every TLV of a known message, failed responses' too, is in
		 * the table and decodes whole */
		for (unsigned t = 0; A->def && t < A->n_tlv; t++) {
			const struct qmi_tlv *tl = &A->tlv[t];
			if (A->kind == QMI_RESPONSE && tl->id == 0x02)
				continue;
			if (undescribed(name, i + 1, tl->id)) {
				if (tl->def)
					fail_msg("%s frame %u: TLV 0x%02x is in the table now: drop it from "
						 "the undescribed list", name, i + 1, tl->id);
				continue;
			}
			if (!tl->def)
				fail_msg("%s frame %u: %s %s TLV 0x%02x (%u bytes) is not in the table", name,
					 i + 1, qmi_msg_name(A->def), qmi_kind_name(A->kind), tl->id, tl->len);
			if (tl->trailing || tl->err)
				fail_msg("%s frame %u: TLV 0x%02x decodes with %u bytes left over (error %d)",
					 name, i + 1, tl->id, tl->trailing, tl->err);
		}
		sb_reset(&sb);
		qmi_print_json(&sb, A, 0);
		assert_json(sb_str(&sb));
	}
	sb_free(&sb);
}

static void capture_frame(struct capture *c, unsigned i)
{
	assert_int_equal(decode(A, c->frame[i], c->len[i], 0), 0);
}

static const char *json_of(const struct qmi_msg *m, struct strbuf *sb)
{
	sb_reset(sb);
	qmi_print_json(sb, m, 0);
	return sb_str(sb);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not in %s", needle, hay);
}

/* qmicli --verbose over qrtr: UIM get-file-attributes, untouched frames. */
static void capture_uim_get_file_attributes(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));
	struct strbuf sb;
	sb_init(&sb);
	expect_frames("uim_get_file_attributes_qrtr", c, (const struct expect[]){
		{ QMI_SVC_UIM, QMI_REQUEST, "get-file-attributes" },
		{ QMI_SVC_UIM, QMI_RESPONSE, "get-file-attributes" } }, 2);
	uint64_t u;
	capture_frame(c, 0);
	assert_int_equal(qmi_get_uint(A, "file.file-id", &u), 0);
	assert_int_equal(u, 0x6f62);
	assert_int_equal(qmi_get(A, "file.file-path")->n, 4);
	assert_contains(json_of(A, &sb), "\"session\":{\"session-type\":\"primary-gw-provisioning\","
			"\"application-identifier\":\"\"}");
	capture_frame(c, 1);
	assert_int_equal(qmi_get_uint(A, "file-attributes.file-size", &u), 0);
	assert_int_equal(u, 10);
	assert_int_equal(qmi_get_uint(A, "file-attributes.file-id", &u), 0);
	assert_int_equal(u, 0x6f62);
	assert_int_equal(qmi_get_uint(A, "card-result.sw1", &u), 0);
	assert_int_equal(u, 0x90);
	assert_int_equal(qmi_get(A, "file-attributes.raw-data")->n, 30);
	/* TLV 0x13 is not in libqmi's layout: the file's status (Qualcomm's UIM
	 * interface description), a 4-byte enum */
	assert_int_equal(qmi_get_uint(A, "file-status", &u), 0);
	assert_int_equal(u, 1);
	const char *j = json_of(A, &sb);
	assert_contains(j, "\"file-type\":\"transparent\"");
	assert_contains(j, "\"write-security-attributes-logic\":\"never\"");
	assert_contains(j, "\"raw-data\":\"621c8202412183026f62a503800171");
	assert_contains(j, "\"file-status\":\"activated\"");
	sb_free(&sb);
	free(c);
}

/* ModemManager debug log of a Sierra EM7455. */
static void capture_dms_em7455(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));
	struct strbuf sb;
	sb_init(&sb);
	expect_frames("dms_em7455_modemmanager", c, (const struct expect[]){
		{ QMI_SVC_DMS, QMI_RESPONSE, "uim-get-ck-status" },
		{ QMI_SVC_DMS, QMI_REQUEST, "uim-get-pin-status" } }, 2);
	capture_frame(c, 0);
	assert_int_equal(A->status, 1);
	assert_int_equal(A->error, 71);
	assert_int_equal(A->txn, 15);
	assert_int_equal(A->client, 2);
	const char *j = json_of(A, &sb);
	assert_contains(j, "\"status\":\"failure\"");
	if (qmi_error_name(71))
		assert_contains(j, qmi_error_name(71));
	capture_frame(c, 1);
	assert_int_equal(A->n_tlv, 0);
	assert_int_equal(A->txn, 16);
	sb_free(&sb);
	free(c);
}

/* qrild on an SDM845 modem: DMS. */
static void capture_dms_sdm845(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));
	struct strbuf sb;
	sb_init(&sb);
	expect_frames("dms_sdm845_qrtr", c, (const struct expect[]){
		{ QMI_SVC_DMS, QMI_REQUEST, "get-operating-mode" },
		{ QMI_SVC_DMS, QMI_RESPONSE, "get-operating-mode" },
		{ QMI_SVC_DMS, QMI_REQUEST, "set-operating-mode" },
		{ QMI_SVC_DMS, QMI_RESPONSE, "set-operating-mode" },
		{ QMI_SVC_DMS, QMI_RESPONSE, "get-ids" },
		{ QMI_SVC_DMS, QMI_RESPONSE, "get-revision" } }, 6);
	uint64_t u;
	char s[128];
	capture_frame(c, 1);
	assert_int_equal(qmi_get_uint(A, "mode", &u), 0);
	assert_int_equal(u, 5);
	assert_contains(json_of(A, &sb), "\"mode\":\"shutting-down\"");
	capture_frame(c, 2);
	assert_contains(json_of(A, &sb), "\"mode\":\"online\"");
	capture_frame(c, 4);
	assert_int_equal(qmi_get_str(A, "imei", s, sizeof(s)), 15);
	assert_string_equal(s, "869295038309353");
	assert_true(qmi_get_str(A, "esn", s, sizeof(s)) > 0);
	assert_string_equal(s, "8018E647");
	assert_true(qmi_get_str(A, "meid", s, sizeof(s)) > 0);
	assert_string_equal(s, "99001202896467");
	const char *j = json_of(A, &sb);
	assert_contains(j, "\"imei\":\"869295038309353\"");
	assert_contains(j, "\"imei-software-version\":\"2\"");
	sb_reset(&sb);
	qmi_print_json(&sb, A, QMI_PRINT_REDACT_PERSONAL);
	assert_null(strstr(sb_str(&sb), "869295038309353"));
	capture_frame(c, 5);
	assert_true(qmi_get_str(A, "revision", s, sizeof(s)) > 0);
	assert_string_equal(s, "MPSS.AT.4.0.c2.15-00007-SDM845_GEN_PACK-1.358880.1.399256.2  1  "
			    "[May 09 2021 22:00:00]");
	sb_free(&sb);
	free(c);
}

/* qrild on an SDM845 modem: NAS. */
static void capture_nas_sdm845(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));
	struct strbuf sb;
	sb_init(&sb);
	expect_frames("nas_sdm845_qrtr", c, (const struct expect[]){
		{ QMI_SVC_NAS, QMI_REQUEST, "register-indications" },
		{ QMI_SVC_NAS, QMI_RESPONSE, "register-indications" },
		{ QMI_SVC_NAS, QMI_INDICATION, "serving-system" },
		{ QMI_SVC_NAS, QMI_INDICATION, "serving-system" },
		{ QMI_SVC_NAS, QMI_INDICATION, "signal-info" },
		{ QMI_SVC_NAS, QMI_INDICATION, "serving-system" },
		{ QMI_SVC_NAS, QMI_REQUEST, "get-signal-strength" },
		{ QMI_SVC_NAS, QMI_RESPONSE, "get-signal-strength" },
		{ QMI_SVC_NAS, QMI_RESPONSE, "get-lte-cphy-ca-info" } }, 9);
	uint64_t u;
	int64_t i;
	capture_frame(c, 0);
	assert_int_equal(A->n_tlv, 16);
	assert_int_equal(qmi_get_uint(A, "serving-system-events", &u), 0);
	assert_int_equal(u, 1);
	assert_int_equal(qmi_get_uint(A, "system-info", &u), 0);
	assert_int_equal(u, 0);
	assert_contains(json_of(A, &sb), "\"network-reject-information\":{"
			"\"enable-network-reject-indications\":true,\"supress-system-info-indications\":true}");
	capture_frame(c, 3);
	assert_int_equal(qmi_get_uint(A, "registration-state", &u), 0);
	assert_int_equal(u, 2);
	assert_int_equal(qmi_get_uint(A, "current-plmn.mcc", &u), 0);
	assert_int_equal(u, 234);
	const char *j = json_of(A, &sb);
	assert_contains(j, "\"registration-state\":\"not-registered-searching\"");
	assert_contains(j, "\"radio-interfaces\":[\"gsm\"]");
	assert_contains(j, "\"data-service-capability\":[]");
	assert_contains(j, "\"current-plmn\":{\"mcc\":234,\"mnc\":30,\"description\":\"\"}");
	assert_contains(j, "\"detailed-service-status\":{\"status\":\"limited\",\"capability\":\"cs\"");
	assert_contains(j, "\"mnc-pcs-digit-include-status\":{\"mcc\":234,\"mnc\":30,\"includes-pcs-digit\":false}");
	capture_frame(c, 4);
	assert_int_equal(qmi_get_int(A, "gsm-signal-strength", &i), 0);
	assert_int_equal(i, -92);
	capture_frame(c, 5);
	assert_contains(json_of(A, &sb), "\"roaming-indicator-list\":[{\"radio-interface\":\"gsm\","
			"\"roaming-indicator\":\"on\"}]");
	capture_frame(c, 6);
	assert_contains(json_of(A, &sb), "\"request-mask\":[\"lte-snr\"]");
	capture_frame(c, 7);
	assert_int_equal(qmi_get_int(A, "signal-strength.strength", &i), 0);
	assert_int_equal(i, -128);
	assert_contains(json_of(A, &sb), "\"radio-interface\":\"none\"");
	/* this modem has no carrier-aggregation info to give */
	capture_frame(c, 8);
	assert_int_equal(A->id, QMI_NAS_GET_LTE_CPHY_CA_INFO);
	assert_int_equal(A->status, 1);
	sb_free(&sb);
	free(c);
}

/* qrild on an SDM845 modem: UIM card status with two slots. */
static void capture_uim_sdm845(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));
	struct strbuf sb;
	sb_init(&sb);
	expect_frames("uim_sdm845_qrtr", c, (const struct expect[]){
		{ QMI_SVC_UIM, QMI_REQUEST, "get-card-status" },
		{ QMI_SVC_UIM, QMI_RESPONSE, "get-card-status" } }, 2);
	capture_frame(c, 1);
	const struct qmi_val *cards = qmi_get(A, "card-status.cards");
	assert_non_null(cards);
	assert_int_equal(cards->n, 2);
	assert_int_equal(qmi_val_member(&cards->kids[0], "card-state")->u, 1);
	assert_int_equal(qmi_val_member(&cards->kids[1], "card-state")->u, 2);
	assert_int_equal(qmi_val_member(&cards->kids[1], "error-code")->u, 3);
	const struct qmi_val *apps = qmi_val_member(&cards->kids[0], "applications");
	assert_int_equal(apps->n, 1);
	assert_int_equal(qmi_val_member(&apps->kids[0], "application-identifier-value")->n, 16);
	/* 0x11 and 0x15 are beyond libqmi's layout, in Qualcomm's: one element
	 * per slot. 0x16 (a count and a u32 per slot) is in no reference: kept
	 * raw, shown as hex. */
	assert_null(qmi_tlv_by_id(A, 0x16)->def);
	const char *j = json_of(A, &sb);
	assert_contains(j, "\"hot-swap-status\":[\"present\",\"present\"]");
	assert_contains(j, "\"sim-busy-status\":[false,false]");
	assert_contains(j, "\"tlv-0x16\":\"020000000000000000\"");
	assert_contains(j, "\"type\":\"usim\",\"state\":\"detected\"");
	assert_contains(j, "\"personalization-feature\":\"unknown\"");
	assert_contains(j, "\"application-identifier-value\":\"a0000000871002ffffffff8903020000\"");
	assert_contains(j, "{\"card-state\":\"error\",\"upin-state\":\"not-initialized\",\"upin-retries\":0,"
			"\"upuk-retries\":0,\"error-code\":\"no-atr-received\",\"applications\":[]}");
	sb_free(&sb);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_follow_conventions),
		cmocka_unit_test(every_message_round_trips),
		cmocka_unit_test(dms_get_ids_bytes),
		cmocka_unit_test(dms_verify_pin_request_bytes),
		cmocka_unit_test(nas_get_serving_system_bytes),
		cmocka_unit_test(nas_get_signal_info_bytes),
		cmocka_unit_test(uim_get_card_status_bytes),
		cmocka_unit_test(failed_response_retries),
		cmocka_unit_test(capture_uim_get_file_attributes),
		cmocka_unit_test(capture_dms_em7455),
		cmocka_unit_test(capture_dms_sdm845),
		cmocka_unit_test(capture_nas_sdm845),
		cmocka_unit_test(capture_uim_sdm845),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
