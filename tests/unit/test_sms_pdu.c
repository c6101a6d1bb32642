/* The SMS PDU codec (src/sms) against published example PDUs: the
 * well-known SMS-DELIVER/SUBMIT "hellohello" pair of the PDU-mode
 * tutorials, and ModemManager's test vectors (extension characters, an
 * alphanumeric sender with UCS-2 text, 8-bit data, a DCS of group F, the
 * 16-bit concatenation header of a KPN welcome message and an 8-bit one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "common/hex.h"
#include "sms/sms.h"

static struct sms_msg M;
static char why[200];

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	int n = hex_decode(s, strlen(s), out, cap);
	assert_true(n >= 0);
	return (size_t)n;
}

static void decode_hex(const char *hex, struct sms_msg *m)
{
	uint8_t b[400];
	size_t n = unhex(hex, b, sizeof(b));
	if (sms_decode(b, n, m, why, sizeof(why)))
		fail_msg("decode: %s", why);
}

static void assert_time(const struct sms_msg *m, const char *iso)
{
	char t[40];
	assert_true(m->has_time);
	sms_time_iso(&m->time, t, sizeof(t));
	assert_string_equal(t, iso);
}

/* The PDU-mode tutorial's SMS-DELIVER: 7-bit "hellohello". */
static void deliver_tutorial(void **state)
{
	decode_hex("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", &M);
	assert_int_equal(M.type, SMS_DELIVER);
	assert_string_equal(M.smsc, "+27381000015");
	assert_string_equal(M.addr, "27838890001");       /* type 0xC8: not international */
	assert_time(&M, "2099-03-29T15:16:59+02:00");
	assert_int_equal(M.alphabet, SMS_GSM7);
	assert_false(M.concat);
	assert_string_equal(M.text, "hellohello");
	assert_int_equal(M.text_len, 10);
}

/* Its SMS-SUBMIT: our encoder gives the same bytes. */
static void submit_tutorial(void **state)
{
	struct sms_pdu p[2];
	uint8_t want[64];
	size_t n = unhex("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", want, sizeof(want));
	assert_int_equal(sms_encode_submit("+46708251358", "hellohello", 0, p, 2, why, sizeof(why)), 1);
	assert_int_equal(p[0].len, n);
	assert_memory_equal(p[0].b, want, n);
	decode_hex("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", &M);
	assert_int_equal(M.type, SMS_SUBMIT);
	assert_string_equal(M.addr, "+46708251358");
	assert_string_equal(M.text, "hellohello");
}

/* GSM extension characters, £ and Greek capitals from the default table. */
static void deliver_extension_table(void **state)
{
	decode_hex("07912104442961F4040B916171957291F8000011208211050" "50A"
		   "6AC8B2BC7C9A83C220F6DB7D2ECB41EDF27C1E3E97411BDE06754FD3D1A0F9BB5D0695F1F4B29B5C"
		   "2683C6E8B03C3CA697E5F34D6AE303D1D1F2F7DD0D4ABB59A0797D8C0685E7A00028EC26832A960B"
		   "28EC2683BE6050780EBA97D96C17", &M);
	assert_string_equal(M.smsc, "+12404492164");
	assert_string_equal(M.addr, "+16175927198");
	assert_time(&M, "2011-02-28T11:50:50-05:00");
	assert_string_equal(M.text, "Here's a longer message [{with some extended characters}] "
				    "thrown in, such as \xc2\xa3 and \xce\xa9\xce\xa0\xce\xa8 and "
				    "\xc2\xa7\xc2\xbf as well.");
}

/* An alphanumeric sender and UCS-2 text (Cyrillic). */
static void deliver_alnum_ucs2(void **state)
{
	decode_hex("07919730071111F10414D04937BD2C7797E9D3E6140008113092910240610804420435044104" "42", &M);
	assert_string_equal(M.smsc, "+79037011111");
	assert_string_equal(M.addr, "InternetSMS");
	assert_time(&M, "2011-03-29T19:20:04+04:00");
	assert_int_equal(M.alphabet, SMS_UCS2);
	assert_string_equal(M.text, "\xd1\x82\xd0\xb5\xd1\x81\xd1\x82");   /* тест */
}

/* 8-bit data is shown as hex; so is it under a DCS of group F. */
static void deliver_8bit(void **state)
{
	decode_hex("07912143658709F1040B918100551512F20004111010214365000AE8329BFD4697D9EC37DE", &M);
	assert_int_equal(M.alphabet, SMS_8BIT);
	assert_string_equal(M.text, "e8329bfd4697d9ec37de");
	decode_hex("07912143658709F1040B918100551512F200F4111010214365000AE8329BFD4697D9EC37DE", &M);
	assert_int_equal(M.alphabet, SMS_8BIT);
	assert_int_equal(M.msg_class, 0);
	assert_string_equal(M.text, "e8329bfd4697d9ec37de");
}

/* DCS 0xF1: GSM 7-bit, class 1; a 160-septet message with accents and CR LF. */
static void deliver_dcs_group_f(void **state)
{
	decode_hex("07913306091093F0040485810000F1116042318051" "80A0"
		   "49B7F90D9A1AA5A01668F8769BD3E4B29B9E2EB359A03FC85D06A9C3ED707A0EA2CBC3EE79BB4CA7CB"
		   "CBA05643617DA7C76990FD4D979741EE77DD5E0ED741ED371D442E83E0E1F9BC0CD281E677D9B84C06"
		   "C1DF7539E85C9097E520FB9B2E2F83C6EF369C5E064D8D52D0BC2E07DDEF77D7DC2C7799E5A0771D04"
		   "0FCB41F402BB0047BFDD6550B80ECAD966", &M);
	assert_string_equal(M.addr, "1800");
	assert_int_equal(M.msg_class, 1);
	assert_string_equal(M.text, "Info SFR - Confidentiel, \xc3\xa0 ne jamais transmettre -\r\n"
				    "Voici votre nouveau mot de passe : sw2ced pour g\xc3\xa9rer "
				    "votre compte SFR sur www.sfr.fr ou par t\xc3\xa9l\xc3\xa9phone au 963");
}

/* A 16-bit concatenation header (IEI 0x08) beside other elements. */
static void deliver_concat_16bit(void **state)
{
	decode_hex("07911356131313F64004850120390011609232239180A006080400100201D7327BFD6EB340E232"
		   "1BF46E83EA7790F59D1E97DBE1341B442F83C465763D3DA797E56537C81D0ECB41AB59CC1693C1"
		   "6031D96C064241E5656838AF03A96230982A269BCD462917C8FA4E8FCBED709A0D7ABBE9F6B0FB"
		   "5C7683D27350984D4FABC9A0B33C4C4FCF5D20EBFB2D079DCB62793DBD06D9C36E50FB2D4E97D9"
		   "A0B49B5E96BBCB", &M);
	assert_string_equal(M.addr, "1002");
	assert_time(&M, "2011-06-29T23:32:19+02:00");
	assert_true(M.concat);
	assert_int_equal(M.ref, 0x0010);
	assert_int_equal(M.total, 2);
	assert_int_equal(M.seq, 1);
	assert_string_equal(M.text, "Welkom, bel om uw Voicemail te beluisteren naar +31612001233"
				    " (PrePay: *100*1233#). Voicemail ontvangen is altijd gratis."
				    " Voor gebruik van mobiel interne");
}

/* Two parts with an 8-bit reference (IEI 0x00), joined in either order. */
static void deliver_concat_8bit_joined(void **state)
{
	static struct sms_msg a, b;
	decode_hex("07912160130320F5440B916171056429F5000021405291650569A00500034C0201A9E8F41C949E"
		   "83C2207B599E07B1DFEE33885E9ED341E4F23C7D7697C920FA1B54C697E5E3F4BC0C6AD7D9F434"
		   "081E96D341E3303C2C4EB3D3F4BC0B94A483E6E8779D4D06CDD1EF3BA80E0785E7A0B7BB0C6A97"
		   "E7F3F0B9CC02B9DF7450780EA2DFDF2C50780EA2A3CBA0BA9B5C96B3F369F71954768FDFE4B4FB"
		   "0C9297E1F2F2BCECA6CF41", &a);
	decode_hex("07912160130320F6440B916171056429F5000021405291651569320500034C0202E9E8301D4447"
		   "9741F0B09C3E0785E56590BCCC0ED3CB6410FD0D7ABBCBA0B0FB4D4797E52E10", &b);
	assert_true(a.concat && b.concat);
	assert_int_equal(a.ref, 0x4C);
	assert_int_equal(a.seq, 1);
	assert_int_equal(b.seq, 2);
	assert_true(sms_same_message(&a, &b));
	const struct sms_msg *parts[] = { &b, &a };
	char out[1200];
	bool complete;
	int n = sms_join(parts, 2, out, sizeof(out), &complete);
	assert_true(complete);
	assert_int_equal(n, (int)strlen(out));
	assert_string_equal(out, "This is a very long test designed to exercise multi part capability. It should "
				 "show up as one message, not as two, as the underlying encoding represents "
				 "that the parts are related to one another. ");
	/* one part missing: the gap is marked and the message is incomplete */
	n = sms_join(parts, 1, out, sizeof(out), &complete);
	assert_false(complete);
	assert_non_null(strstr(out, "[\xe2\x80\xa6]that the parts"));
}

/* A SUBMIT a phone stored: UCS-2 Chinese, no validity period. */
static void submit_stored_ucs2(void **state)
{
	decode_hex("002100098136397339F70008224F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F6059"
		   "7D4F60597D4F60", &M);
	assert_int_equal(M.type, SMS_SUBMIT);
	assert_string_equal(M.addr, "639337937");
	assert_string_equal(M.text, "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd"
				    "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd"
				    "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0");
}

/* Surrogate pairs become one 4-byte UTF-8 character; a lone half U+FFFD. */
static void ucs2_surrogates(void **state)
{
	char out[32];
	static const uint8_t pair[] = { 0x00, 0x41, 0xD8, 0x3D, 0xDE, 0x00, 0x00, 0x42 };
	assert_int_equal(sms_ucs2_to_utf8(pair, sizeof(pair), out, sizeof(out)), 6);
	assert_string_equal(out, "A\xf0\x9f\x98\x80" "B");
	static const uint8_t lone[] = { 0xD8, 0x3D, 0x00, 0x43 };
	sms_ucs2_to_utf8(lone, sizeof(lone), out, sizeof(out));
	assert_string_equal(out, "\xef\xbf\xbd" "C");
}

/* What we encode, we decode: 7-bit with extension characters, UCS-2 with
 * an emoji, long texts in concatenated parts (an escape or a surrogate
 * pair never split), an alphanumeric sender. */
static void round_trips(void **state)
{
	static struct sms_pdu p[SMS_MAX_PARTS];
	static struct sms_msg parts[SMS_MAX_PARTS];
	const struct sms_msg *pp[SMS_MAX_PARTS];
	static char text[2000], out[4000];
	struct sms_time t = { 2026, 11, 26, 17, 5, 9, 60 };
	bool complete, gsm7;
	static const char *const texts[] = {
		"Balance: 12.50\xe2\x82\xac {data} [ok] ~^|\\",
		"Gr\xc3\xbc\xc3\x9f" "e \xf0\x9f\x98\x80 \xd1\x82\xd0\xb5\xd1\x81\xd1\x82",
	};
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(sms_encode_deliver("Vodafone", "+491710760000", &t, texts[i], 7, p, 4, why,
						    sizeof(why)), 1);
		assert_int_equal(sms_decode(p[0].b, p[0].len, &M, why, sizeof(why)), 0);
		assert_string_equal(M.addr, "Vodafone");
		assert_string_equal(M.smsc, "+491710760000");
		assert_time(&M, "2026-11-26T17:05:09+01:00");
		assert_int_equal(M.alphabet, i ? SMS_UCS2 : SMS_GSM7);
		assert_string_equal(M.text, texts[i]);
	}
	/* long: 7-bit with the euro sign placed across each part boundary */
	for (int unit = 0; unit < 2; unit++) {
		size_t k = 0;
		text[0] = 0;
		while (k < 600) {
			const char *piece = unit ? "\xf0\x9f\x98\x80" "ab" : "\xe2\x82\xac" "abcdefgh";
			k += (size_t)snprintf(text + k, sizeof(text) - k, "%s", piece);
		}
		int n = sms_encode_submit("+4912345678", text, 0x42, p, SMS_MAX_PARTS, why, sizeof(why));
		assert_true(n > 1);
		assert_int_equal(sms_parts_needed(text, &gsm7), n);
		assert_int_equal(gsm7, !unit);
		for (int j = 0; j < n; j++) {
			assert_int_equal(sms_decode(p[j].b, p[j].len, &parts[j], why, sizeof(why)), 0);
			assert_true(parts[j].concat);
			assert_int_equal(parts[j].ref, 0x42);
			assert_int_equal(parts[j].total, n);
			pp[n - 1 - j] = &parts[j];              /* reversed */
			assert_true(p[j].len <= SMS_PDU_MAX);
		}
		assert_true(sms_join(pp, (size_t)n, out, sizeof(out), &complete) > 0);
		assert_true(complete);
		assert_string_equal(out, text);
	}
	/* 160 GSM characters fit one SMS, 161 do not; 70 UCS-2 ones do */
	memset(text, 'x', 160);
	text[160] = 0;
	assert_int_equal(sms_parts_needed(text, &gsm7), 1);
	text[160] = 'x';
	text[161] = 0;
	assert_int_equal(sms_parts_needed(text, &gsm7), 2);
}

static void refuses_bad_input(void **state)
{
	struct sms_pdu p[2];
	uint8_t b[200];
	assert_int_equal(sms_encode_submit("+49 123", "hi", 0, p, 2, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not a phone number"));
	assert_int_equal(sms_encode_submit("", "hi", 0, p, 2, why, sizeof(why)), -1);
	assert_int_equal(sms_encode_submit("123", "\xff", 0, p, 2, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "UTF-8"));
	memset(b, 'a', sizeof(b) - 1);
	b[sizeof(b) - 1] = 0;
	assert_int_equal(sms_encode_submit("123", (char *)b, 0, p, 1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "more than 1 SMS"));
	/* a user data length past the PDU (ModemManager's "insufficient data") */
	size_t n = unhex("07912143658709F1040B918100551512F2000011101021436500" "0B" "E8329BFD4697D9EC37", b,
			 sizeof(b));
	assert_int_equal(sms_decode(b, n, &M, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "user data length 11"));
	/* every truncation of a good PDU is refused, none read past the end */
	n = unhex("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", b, sizeof(b));
	for (size_t k = 0; k < n; k++)
		assert_int_equal(sms_decode(b, k, &M, why, sizeof(why)), -1);
	/* a status report is named */
	b[8] = 0x06;
	assert_int_equal(sms_decode(b, n, &M, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "status report"));
}

/* USSD strings: GSM 7-bit packed when they can be (seven characters leave
 * seven spare bits, filled with a CR the decoder drops), else UCS-2; both
 * decode back; another coding is refused. */
static void ussd_strings(void **state)
{
	(void)state;
	uint8_t b[SMS_USSD_MAX], dcs = 0;
	char out[256];
	/* "*100#" packs to five bytes: aa 18 0c 36 02 */
	static const uint8_t star100[] = { 0xaa, 0x18, 0x0c, 0x36, 0x02 };
	assert_int_equal(sms_ussd_encode("*100#", b, sizeof b, &dcs), 5);
	assert_int_equal(dcs, SMS_USSD_DCS_GSM7);
	assert_memory_equal(b, star100, 5);
	static const char *const texts[] = { "*100#", "*1234#", "1234567", "12345678", "{€} ok", "Остаток: 42 ₽", "😀" };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int n = sms_ussd_encode(texts[i], b, sizeof b, &dcs);
		assert_true(n > 0);
		assert_int_equal(dcs, i >= 5 ? SMS_USSD_DCS_UCS2 : SMS_USSD_DCS_GSM7);
		assert_true(sms_ussd_decode(dcs, b, (size_t)n, out, sizeof out) > 0);
		assert_string_equal(out, texts[i]);
	}
	assert_int_equal(sms_ussd_encode("1234567", b, sizeof b, &dcs), 7);  /* 8 septets with the CR */
	assert_int_equal(sms_ussd_decode(0x44, b, 7, out, sizeof out), -1);  /* 8-bit data */
	assert_int_equal(sms_ussd_encode("\xff", b, sizeof b, &dcs), -1);   /* not UTF-8 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deliver_tutorial),
		cmocka_unit_test(submit_tutorial),
		cmocka_unit_test(deliver_extension_table),
		cmocka_unit_test(deliver_alnum_ucs2),
		cmocka_unit_test(deliver_8bit),
		cmocka_unit_test(deliver_dcs_group_f),
		cmocka_unit_test(deliver_concat_16bit),
		cmocka_unit_test(deliver_concat_8bit_joined),
		cmocka_unit_test(submit_stored_ucs2),
		cmocka_unit_test(ucs2_surrogates),
		cmocka_unit_test(round_trips),
		cmocka_unit_test(refuses_bad_input),
		cmocka_unit_test(ussd_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
