#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "common/backoff.h"
#include "common/err.h"
#include "common/exit.h"
#include "common/hex.h"
#include "common/strbuf.h"

/* The one back-off policy: the step doubles from min up to max; the delay
 * lies in [step / 2, step], the caller's random number choosing where. */
static void backoff_bounded_exponential_with_jitter(void **state)
{
	static const uint64_t step[] = { 1000, 2000, 4000, 8000, 16000, 30000, 30000 };
	for (unsigned n = 0; n < sizeof step / sizeof step[0]; n++) {
		assert_int_equal(backoff_step_ms(1000, 30000, n), step[n]);
		assert_int_equal(backoff_delay_ms(1000, 30000, n, 0), step[n] / 2);
		assert_int_equal(backoff_delay_ms(1000, 30000, n, (uint32_t)(step[n] / 2)), step[n]);
		assert_int_equal(backoff_delay_ms(1000, 30000, n, (uint32_t)(step[n] / 2 + 1)), step[n] / 2);
		assert_int_equal(backoff_delay_ms(1000, 30000, n, UINT32_MAX) <= step[n], 1);
	}
	assert_int_equal(backoff_step_ms(1000, 30000, 1000), 30000);   /* no overflow */
	assert_int_equal(backoff_step_ms(0, 0, 0), 1);
	assert_int_equal(backoff_step_ms(5000, 100, 3), 5000);          /* max below min */
	/* the random source moves, and the delays it gives differ */
	uint32_t rng = 12345, distinct = 0;
	uint64_t last = 0;
	for (int k = 0; k < 200; k++) {
		uint64_t d = backoff_delay_ms(1000, 30000, 3, backoff_random(&rng));
		assert_true(d >= 4000 && d <= 8000);
		distinct += d != last;
		last = d;
	}
	assert_true(distinct > 150);
	uint32_t zero = 0;
	assert_int_not_equal(backoff_random(&zero), 0);
}

static void hex_separators(void **state)
{
	uint8_t b[8];
	assert_int_equal(hex_decode("01:0c 00-ff", 11, b, sizeof b), 4);
	assert_memory_equal(b, "\x01\x0c\x00\xff", 4);
	assert_int_equal(hex_decode("0", 1, b, sizeof b), CL_E_BAD_HEX);
	assert_int_equal(hex_decode("0g", 2, b, sizeof b), CL_E_BAD_HEX);
	assert_int_equal(hex_decode("0 1", 3, b, sizeof b), CL_E_BAD_HEX);
	assert_int_equal(hex_decode("010203", 6, b, 2), CL_E_NO_SPACE);
	assert_int_equal(hex_decode("", 0, b, sizeof b), 0);
}

static void hex_log_lines(void **state)
{
	bool from_log;
	char a[] = "  01 0f 00\r\n", b[] = "[/dev/cdc-wdm0] data = 01:0f:00", c[] = "# comment",
	     d[] = ">>>>>>   type       = \"Result\" (0x02)", e[] = "metadata = 01", f[] = "";
	assert_string_equal(hex_log_frame(a, &from_log), "01 0f 00");
	assert_false(from_log);
	assert_string_equal(hex_log_frame(b, &from_log), "01:0f:00");
	assert_true(from_log);
	assert_null(hex_log_frame(c, &from_log));
	assert_null(hex_log_frame(d, &from_log));
	assert_null(hex_log_frame(e, &from_log));      /* "data" inside a word */
	assert_false(from_log);
	assert_null(hex_log_frame(f, &from_log));
}

static void strbuf_json_escapes(void **state)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_put_json_str(&sb, "a\"b\\c\n\x01", 7);
	assert_string_equal(sb_str(&sb), "\"a\\\"b\\\\c\\n\\u0001\"");
	sb_reset(&sb);
	sb_put_i64(&sb, -42);
	sb_putc(&sb, ' ');
	sb_put_u64(&sb, UINT64_MAX);
	assert_string_equal(sb_str(&sb), "-42 18446744073709551615");
	sb_reset(&sb);
	sb_put_hex(&sb, (const uint8_t *)"\x01\xab", 2, ':');
	assert_string_equal(sb_str(&sb), "01:ab");
	sb_free(&sb);
}

static void strerror_names_both_kinds(void **state)
{
	assert_string_equal(cl_strerror(CL_E_TRUNCATED), "input ends before the length it declares");
	assert_non_null(strstr(cl_strerror(-2), "No such file"));
	assert_string_equal(cl_strerror(0), "success");
}

/* Mode auto's fallback rule: only "QMI cannot carry data here" hands over
 * to PPP; a SIM, network or link problem stays QMI's to report. */
static void ppp_fallback_only_when_qmi_cannot_carry_data(void **state)
{
	assert_true(conn_exit_wants_ppp(CONN_EXIT_NO_DEVICE));
	assert_true(conn_exit_wants_ppp(CONN_EXIT_NO_RAW_IP));
	static const int stay[] = { CONN_EXIT_OK, CONN_EXIT_USAGE, CONN_EXIT_DEVICE_BUSY,
				    CONN_EXIT_SIM_LOCKED, CONN_EXIT_NO_REGISTRATION, CONN_EXIT_CALL_REJECTED,
				    CONN_EXIT_MODEM_ERROR, CONN_EXIT_CONFIG_FAILED, CONN_EXIT_LINK_LOST, -1, 255 };
	for (size_t i = 0; i < sizeof stay / sizeof stay[0]; i++)
		assert_false(conn_exit_wants_ppp(stay[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backoff_bounded_exponential_with_jitter),
		cmocka_unit_test(hex_separators),
		cmocka_unit_test(hex_log_lines),
		cmocka_unit_test(strbuf_json_escapes),
		cmocka_unit_test(strerror_names_both_kinds),
		cmocka_unit_test(ppp_fallback_only_when_qmi_cannot_carry_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
