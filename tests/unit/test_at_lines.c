/* AT line splitter, final result codes, URCs and echo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "at/at.h"
#include "common/err.h"

struct collect {
	char lines[16][AT_LINE_MAX + 1];
	unsigned flags[16];
	int n;
	int stop_at;            /* stop after this many lines (0: never) */
};

static int collect_cb(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct collect *c = ctx;
	assert_int_equal(strlen(line), len);
	if (c->n < 16) {
		memcpy(c->lines[c->n], line, len + 1);
		c->flags[c->n] = flags;
	}
	c->n++;
	return c->stop_at && c->n == c->stop_at;
}

static size_t feed(struct at_splitter *s, struct collect *c, const char *bytes, size_t n)
{
	return at_split_feed(s, (const uint8_t *)bytes, n, collect_cb, c);
}

static void split_terminators(void **state)
{
	struct at_splitter s;
	struct collect c = { 0 };
	at_split_init(&s);
	const char in[] = "\r\nOK\r\n" "A\n" "B\r" "C\n\r" "\r\n\r\n" "D\r\r\n";
	assert_int_equal(feed(&s, &c, in, sizeof in - 1), sizeof in - 1);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.lines[0], "OK");
	assert_string_equal(c.lines[1], "A");
	assert_string_equal(c.lines[2], "B");
	assert_string_equal(c.lines[3], "C");
	assert_string_equal(c.lines[4], "D");
	assert_int_equal(s.lines, 5);
}

static void split_partial_bytewise(void **state)
{
	struct at_splitter s;
	struct collect c = { 0 };
	at_split_init(&s);
	const char in[] = "\r\n+CSQ: 20,99\r\n\r\nOK\r\n";
	for (size_t i = 0; i < sizeof in - 1; i++) {
		assert_int_equal(feed(&s, &c, in + i, 1), 1);
		if (i == 5)
			assert_int_equal(at_split_pending(&s), 4);     /* "+CSQ" */
	}
	assert_int_equal(c.n, 2);
	assert_string_equal(c.lines[0], "+CSQ: 20,99");
	assert_string_equal(c.lines[1], "OK");
	/* A partial line waits for its end; a reset forgets it. */
	feed(&s, &c, "+CRE", 4);
	assert_int_equal(c.n, 2);
	at_split_reset_line(&s);
	feed(&s, &c, "OK\r", 3);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.lines[2], "OK");
}

static void split_garbage_and_overlong(void **state)
{
	struct at_splitter s;
	struct collect c = { 0 };
	at_split_init(&s);
	const char in[] = "O\0K\x01\x7f\r\n\xff\xfe\r\n";
	feed(&s, &c, in, sizeof in - 1);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.lines[0], "OK");
	assert_int_equal(s.dropped_bytes, 3);
	assert_string_equal(c.lines[1], "\xff\xfe");    /* kept, the parser decides */
	assert_int_equal(at_classify_final(c.lines[1], NULL), AT_FINAL_NONE);

	char big[AT_LINE_MAX * 3];
	memset(big, 'x', sizeof big);
	feed(&s, &c, big, sizeof big);
	feed(&s, &c, "\r\nOK\r\n", 6);
	assert_int_equal(c.n, 4);
	assert_int_equal(strlen(c.lines[2]), AT_LINE_MAX);
	assert_int_equal(c.flags[2], AT_LINE_TRUNCATED);
	assert_int_equal(s.truncated_lines, 1);
	assert_string_equal(c.lines[3], "OK");         /* recovered */
	assert_int_equal(c.flags[3], 0);
}

static void split_stops_at_connect(void **state)
{
	struct at_splitter s;
	struct collect c = { .stop_at = 2 };
	at_split_init(&s);
	const char in[] = "ATD*99#\r\r\nCONNECT 150000000\r\n\x7e\xff\x7d\x23";
	size_t used = feed(&s, &c, in, sizeof in - 1);
	/* Everything after CONNECT's CR belongs to PPP: the LF is left too. */
	assert_int_equal(used, strlen("ATD*99#\r\r\nCONNECT 150000000\r"));
	assert_int_equal(c.n, 2);
	assert_string_equal(c.lines[1], "CONNECT 150000000");
}

static void finals(void **state)
{
	struct at_final_info fi;
	assert_int_equal(at_classify_final("OK", &fi), AT_FINAL_OK);
	assert_int_equal(at_classify_final("OK ", NULL), AT_FINAL_OK);
	assert_int_equal(at_classify_final("OKAY", NULL), AT_FINAL_NONE);
	assert_int_equal(at_classify_final("ERROR", NULL), AT_FINAL_ERROR);
	assert_int_equal(at_classify_final("+CME ERROR: 10", &fi), AT_FINAL_CME_ERROR);
	assert_int_equal(fi.code, 10);
	assert_string_equal(at_cme_text(fi.code), "SIM not inserted");
	assert_int_equal(at_classify_final("+CME ERROR: SIM PIN required", &fi), AT_FINAL_CME_ERROR);
	assert_int_equal(fi.code, 11);
	assert_int_equal(at_classify_final("+CME ERROR: frobnicated", &fi), AT_FINAL_CME_ERROR);
	assert_int_equal(fi.code, -1);
	assert_string_equal(fi.text, "frobnicated");
	assert_int_equal(at_classify_final("+CMS ERROR: 500", &fi), AT_FINAL_CMS_ERROR);
	assert_int_equal(fi.code, 500);
	assert_int_equal(at_classify_final("NO CARRIER", NULL), AT_FINAL_NO_CARRIER);
	assert_int_equal(at_classify_final("CONNECT", &fi), AT_FINAL_CONNECT);
	assert_int_equal(fi.speed, 0);
	assert_int_equal(at_classify_final("CONNECT 150000000", &fi), AT_FINAL_CONNECT);
	assert_int_equal(fi.speed, 150000000);
	assert_int_equal(at_classify_final("CONNECT LTE", &fi), AT_FINAL_CONNECT);
	assert_int_equal(fi.speed, 0);
	assert_string_equal(fi.text, "LTE");
	assert_int_equal(at_classify_final("BUSY", NULL), AT_FINAL_BUSY);
	assert_int_equal(at_classify_final("NO ANSWER", NULL), AT_FINAL_NO_ANSWER);
	assert_int_equal(at_classify_final("NO DIALTONE", NULL), AT_FINAL_NO_DIALTONE);
	assert_int_equal(at_classify_final("+CSQ: 20,99", NULL), AT_FINAL_NONE);
	assert_int_equal(at_classify_final("", NULL), AT_FINAL_NONE);
	assert_string_equal(at_final_name(AT_FINAL_CME_ERROR), "+CME ERROR");
	assert_int_equal(at_cme_code("incorrect password"), 16);
}

static void urcs(void **state)
{
	assert_int_equal(at_urc_match("+CEREG: 1,\"3AC9\",\"243800E\",7"), AT_URC_CEREG);
	assert_int_equal(at_urc_match("RING"), AT_URC_RING);
	assert_int_equal(at_urc_match("RINGER"), AT_URC_NONE);
	assert_int_equal(at_urc_match("^SYSINFO: 2,3,0,17,1,7"), AT_URC_SYSINFO);
	assert_int_equal(at_urc_match("+QIND: \"csq\",20,99"), AT_URC_QIND);
	assert_int_equal(at_urc_match("+CSQ: 20,99"), AT_URC_NONE);
	assert_string_equal(at_urc_name(AT_URC_CEREG), "CEREG");

	/* The same line is an answer to AT+CEREG? and a URC otherwise. */
	assert_false(at_line_is_urc("+CEREG: 2,1,\"3AC9\",\"243800E\",7", "AT+CEREG?"));
	assert_false(at_line_is_urc("+CEREG: 2,1", "at+cereg?"));
	assert_true(at_line_is_urc("+CEREG: 1", "AT+CSQ"));
	assert_true(at_line_is_urc("+CEREG: 1", NULL));
	assert_true(at_line_is_urc("+CREG: 1", "AT+CEREG?"));
	assert_false(at_line_is_urc("^HCSQ: \"LTE\",59,55,105,20", "AT^HCSQ?"));
	assert_true(at_line_is_urc("^HCSQ: \"LTE\",59,55,105,20", "ATI"));
	assert_false(at_line_is_urc("+CSQ: 20,99", NULL));

	char p[16];
	assert_int_equal(at_cmd_prefix("AT+CREG?", p, sizeof p), 6);
	assert_string_equal(p, "+CREG:");
	assert_int_equal(at_cmd_prefix("AT!GSTATUS?", p, sizeof p), 9);
	assert_string_equal(p, "!GSTATUS:");
	assert_int_equal(at_cmd_prefix("AT+QENG=\"servingcell\"", p, sizeof p), 6);
	assert_string_equal(p, "+QENG:");
	assert_int_equal(at_cmd_prefix("ATI", p, sizeof p), 0);
	assert_int_equal(at_cmd_prefix("ATD*99#", p, sizeof p), 0);
	assert_int_equal(at_cmd_prefix("AT+VERYLONGCOMMANDNAME", p, 8), CL_E_NO_SPACE);
}

/* A response with echo on and URCs arriving before, inside and after it:
 * classify each line as an engine would. */
enum kind { K_ECHO, K_URC, K_INFO, K_FINAL };

struct engine {
	const char *cmd;
	enum kind kinds[16];
	char info[4][64];
	int n, ninfo, nurc;
	enum at_final final;
};

static int engine_cb(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct engine *e = ctx;
	enum kind k;
	if (at_line_is_echo(line, e->cmd))
		k = K_ECHO;
	else if (at_line_is_urc(line, e->cmd))
		k = K_URC, e->nurc++;
	else if ((e->final = at_classify_final(line, NULL)) != AT_FINAL_NONE)
		k = K_FINAL;
	else {
		k = K_INFO;
		snprintf(e->info[e->ninfo++ & 3], 64, "%s", line);
	}
	e->kinds[e->n++ & 15] = k;
	return 0;
}

static void interleaved_response(void **state)
{
	struct at_splitter s;
	struct engine e = { .cmd = "AT+CSQ" };
	at_split_init(&s);
	const char in[] = "\r\n+CEREG: 2\r\n" "AT+CSQ\r\r\n+CSQ: 20,99\r\n"
			  "\r\n+CEREG: 1,\"3AC9\",\"243800E\",7\r\n" "\r\nOK\r\n" "\r\nRING\r\n";
	/* Deliver in awkward chunks. */
	size_t chunks[] = { 3, 11, 1, 7, 20, 2, 30 };
	size_t off = 0;
	for (size_t i = 0; off < sizeof in - 1; i++) {
		size_t n = chunks[i % 7];
		if (n > sizeof in - 1 - off)
			n = sizeof in - 1 - off;
		assert_int_equal(at_split_feed(&s, (const uint8_t *)in + off, n, engine_cb, &e), n);
		off += n;
	}
	enum kind want[] = { K_URC, K_ECHO, K_INFO, K_URC, K_FINAL, K_URC };
	assert_int_equal(e.n, 6);
	assert_memory_equal(e.kinds, want, sizeof want);
	assert_int_equal(e.ninfo, 1);
	assert_string_equal(e.info[0], "+CSQ: 20,99");
	assert_int_equal(e.final, AT_FINAL_OK);        /* RING after it is only a URC */
	assert_int_equal(e.nurc, 3);
}

struct xfeed {
	struct at_exchange *x;
	enum at_event ev[32];
	int n, urcs;
};

static int xchg_cb(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct xfeed *f = ctx;
	enum at_event ev = at_xchg_line(f->x, line, flags);
	f->urcs += ev == AT_EV_URC;
	if (f->n < 32)
		f->ev[f->n++] = ev;
	return ev == AT_EV_FINAL && f->x->final.kind == AT_FINAL_CONNECT;
}

static void exchange(void **state)
{
	static struct at_exchange x;
	struct at_splitter s;
	struct xfeed f = { .x = &x };
	at_split_init(&s);
	/* Idle: URCs and stray lines. */
	const char idle[] = "\r\nRING\r\n\r\nhello\r\n";
	at_split_feed(&s, (const uint8_t *)idle, sizeof idle - 1, xchg_cb, &f);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.ev[0], AT_EV_URC);
	assert_int_equal(f.ev[1], AT_EV_STRAY);

	/* A multi-line answer with echo and a URC in the middle. */
	f.n = 0;
	assert_int_equal(at_xchg_begin(&x, "AT+CGDCONT?"), 0);
	const char a[] = "AT+CGDCONT?\r\r\n+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0\r\n"
			 "+CEREG: 1\r\n+CGDCONT: 16,\"IP\",\"\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n";
	at_split_feed(&s, (const uint8_t *)a, sizeof a - 1, xchg_cb, &f);
	enum at_event want[] = { AT_EV_ECHO, AT_EV_INFO, AT_EV_URC, AT_EV_INFO, AT_EV_FINAL };
	assert_int_equal(f.n, 5);
	assert_memory_equal(f.ev, want, sizeof want);
	assert_false(x.active);
	assert_int_equal(x.final.kind, AT_FINAL_OK);
	assert_int_equal(x.n, 2);
	assert_string_equal(at_xchg_info(&x, 1), "+CGDCONT: 16,\"IP\",\"\",\"0.0.0.0\",0,0");
	assert_null(at_xchg_info(&x, 2));
	const char *lines[4];
	assert_int_equal(at_xchg_lines(&x, lines, 4), 2);
	assert_false(x.truncated);

	/* The answer's own prefix is not a URC; an error keeps its text. */
	f.n = 0;
	assert_int_equal(at_xchg_begin(&x, "AT+CEREG?"), 0);
	const char b[] = "\r\n+CEREG: 0,1\r\n\r\n+CME ERROR: SIM busy\r\n";
	at_split_feed(&s, (const uint8_t *)b, sizeof b - 1, xchg_cb, &f);
	assert_int_equal(f.ev[0], AT_EV_INFO);
	assert_int_equal(x.final.kind, AT_FINAL_CME_ERROR);
	assert_int_equal(x.final.code, 14);
	assert_string_equal(x.final.text, "SIM busy");

	/* CONNECT ends the exchange; what follows is left to the caller. */
	f.n = 0;
	assert_int_equal(at_xchg_begin(&x, "ATD*99#"), 0);
	const char c[] = "\r\nCONNECT 150000000\r\n~\xff\x03";
	size_t used = at_split_feed(&s, (const uint8_t *)c, sizeof c - 1, xchg_cb, &f);
	assert_int_equal(used, strlen("\r\nCONNECT 150000000\r"));
	assert_int_equal(x.final.speed, 150000000);

	/* More answer than the exchange keeps: flagged, not overflowed. */
	at_split_init(&s);
	assert_int_equal(at_xchg_begin(&x, "AT+CLAC"), 0);
	for (int i = 0; i < AT_XCHG_MAX_LINES + 5; i++)
		at_split_feed(&s, (const uint8_t *)"+CXXX\r\n", 7, xchg_cb, &f);
	assert_int_equal(x.n, AT_XCHG_MAX_LINES);
	assert_true(x.truncated);
	assert_true(x.active);
	char longcmd[200];
	memset(longcmd, 'A', sizeof longcmd - 1);
	longcmd[sizeof longcmd - 1] = 0;
	assert_int_equal(at_xchg_begin(&x, longcmd), CL_E_NO_SPACE);
	assert_false(x.active);
}

static void fields(void **state)
{
	struct at_fields f;
	long v;
	unsigned long u;
	char b[16];
	assert_int_equal(at_fields_split("+X: 1, \"a,b\" ,,-7,\"\"", "+X:", &f), 5);
	assert_int_equal(at_field_int(&f, 0, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(at_field_str(&f, 1, b, sizeof b), 0);
	assert_string_equal(b, "a,b");
	assert_true(f.f[1].quoted);
	assert_int_equal(at_field_int(&f, 2, &v), CL_E_TRUNCATED);
	assert_int_equal(at_field_int(&f, 3, &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(at_field_str(&f, 4, b, sizeof b), 0);
	assert_string_equal(b, "");
	assert_int_equal(at_field_int(&f, 9, &v), CL_E_TRUNCATED);
	assert_int_equal(at_field_str(&f, 1, b, 3), CL_E_NO_SPACE);
	assert_int_equal(at_fields_split("+X: \"open", "+X:", &f), CL_E_BAD_VALUE);
	assert_int_equal(at_fields_split("+Y: 1", "+X:", &f), CL_E_PARSE);
	assert_int_equal(at_fields_split("+X:", "+X:", &f), 0);
	assert_int_equal(at_fields_split("+X: 1a", "+X:", &f), 1);
	assert_int_equal(at_field_int(&f, 0, &v), CL_E_BAD_VALUE);
	assert_int_equal(at_field_hex(&f, 0, &u), 0);
	assert_int_equal(u, 0x1a);
	assert_int_equal(at_fields_split("+X: 99999999999999999999", "+X:", &f), 1);
	assert_int_equal(at_field_int(&f, 0, &v), CL_E_BAD_VALUE);
	assert_int_equal(at_fields_split("+X: -17.4,1.0,3,x.1,1.", "+X:", &f), 5);
	assert_int_equal(at_field_dec1(&f, 0, &v), 0);
	assert_int_equal(v, -174);
	assert_int_equal(at_field_dec1(&f, 1, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(at_field_dec1(&f, 2, &v), 0);
	assert_int_equal(v, 30);
	assert_int_equal(at_field_dec1(&f, 3, &v), CL_E_BAD_VALUE);
	assert_int_equal(at_field_dec1(&f, 4, &v), CL_E_BAD_VALUE);
	char many[200] = "+X: ";
	for (int i = 0; i < 40; i++)
		strcat(many, "1,");
	assert_int_equal(at_fields_split(many, "+X:", &f), CL_E_TOO_MANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_terminators),
		cmocka_unit_test(split_partial_bytewise),
		cmocka_unit_test(split_garbage_and_overlong),
		cmocka_unit_test(split_stops_at_connect),
		cmocka_unit_test(finals),
		cmocka_unit_test(urcs),
		cmocka_unit_test(interleaved_response),
		cmocka_unit_test(exchange),
		cmocka_unit_test(fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
