/* The AT engine (src/at/engine.c) over the serial transport (src/io/serial.c)
 * attached to one end of a socketpair; the test plays the modem on the
 * other end. Every wait is bounded and driven by events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "atengine/engine.h"
#include "common/err.h"
#include "io/serial.h"

#define MAX_DONE 16

struct done {
	int calls;
	int status;
	enum at_final final;
	int code;
	unsigned nlines;
	char lines[8][128];
	char cmd[64];
};

struct fx {
	uint64_t now;                   /* the loop's virtual clock, ms */
	struct ev_loop loop;
	struct serial ser;
	struct at_engine e;
	int modem;                      /* the fake modem's end */
	struct done d[MAX_DONE];
	int urcs;
	char urc[8][128];
	char rx[4096];                  /* what the engine sent, not yet consumed */
	size_t rxlen;
	/* chaining test */
	bool chain;
};

static int io_write(void *ctx, const uint8_t *p, size_t n)
{
	return serial_send(ctx, p, n);
}
static const struct at_engine_io io = { .write = io_write };

static void on_data(struct serial *s, const uint8_t *p, size_t n)
{
	at_engine_input(s->user, p, n);
}

static void on_gone(struct serial *s, int err)
{
	at_engine_gone(s->user, err);
}

static void on_urc(void *ud, enum at_urc kind, const char *line)
{
	struct fx *f = ud;
	assert_int_not_equal(kind, AT_URC_NONE);
	if (f->urcs < 8)
		snprintf(f->urc[f->urcs], sizeof f->urc[0], "%s", line);
	f->urcs++;
}

static uint64_t virtual_now(void *p)
{
	return *(const uint64_t *)p;
}

/* Moves the virtual clock ms forward and fires what fell due. */
static void advance(struct fx *f, uint64_t ms)
{
	f->now += ms;
	assert_int_equal(ev_run_once(&f->loop, 0), 0);
}

/* Runs the loop until the engine has set aside n more stray lines (the
 * answers to an abandoned command), at most 2 s. */
static void pump_strays(struct fx *f, unsigned long n)
{
	unsigned long want = (unsigned long)f->e.strays + n;
	for (uint64_t end = ev_now_ms() + 2000; (unsigned long)f->e.strays < want && ev_now_ms() < end;)
		ev_run_once(&f->loop, 5);
	assert_true((unsigned long)f->e.strays >= want);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(ev_loop_init(&f->loop), 0);
	/* timeouts and the settle time run on virtual time */
	f->now = 1000000;
	ev_loop_set_clock(&f->loop, virtual_now, &f->now);
	assert_int_equal(serial_attach(&f->ser, &f->loop, sv[0], "fake"), 0);
	f->modem = sv[1];
	at_engine_init(&f->e, &f->loop, &io, &f->ser);
	f->e.settle_ms = 50;
	f->e.on_urc = on_urc;
	f->e.urc_ud = f;
	f->ser.user = &f->e;
	f->ser.on_data = on_data;
	f->ser.on_gone = on_gone;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	at_engine_close(&f->e);
	serial_close(&f->ser);
	if (f->modem >= 0)
		close(f->modem);
	ev_loop_free(&f->loop);
	free(f);
	return 0;
}

static void done_cb(void *ud, const struct at_reply *r)
{
	struct done *d = ud;
	d->calls++;
	d->status = r->status;
	d->final = r->final;
	d->code = r->status == 0 && r->fi ? r->fi->code : 0;
	snprintf(d->cmd, sizeof d->cmd, "%s", r->cmd);
	d->nlines = 0;
	if (r->status == 0)
		for (const char *l; d->nlines < 8 && (l = at_xchg_info(r->x, d->nlines));)
			snprintf(d->lines[d->nlines++], sizeof d->lines[0], "%s", l);
}

/* Runs the loop until d->calls reaches n, at most ms. */
static bool pump_calls(struct fx *f, struct done *d, int n, int ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)ms;
	while (d->calls < n) {
		uint64_t now = ev_now_ms();
		if (now >= end)
			return false;
		ev_run_once(&f->loop, (int)(end - now));
	}
	return true;
}

/* Runs the loop and reads what the engine sends until one CR-terminated
 * command arrived; returns it (without CR) in buf. */
static bool modem_read_cmd(struct fx *f, char *buf, size_t size, int ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)ms;
	for (;;) {
		char *cr = memchr(f->rx, '\r', f->rxlen);
		if (cr) {
			size_t n = (size_t)(cr - f->rx);
			snprintf(buf, size, "%.*s", (int)n, f->rx);
			memmove(f->rx, cr + 1, f->rxlen - n - 1);
			f->rxlen -= n + 1;
			return true;
		}
		uint64_t now = ev_now_ms();
		if (now >= end)
			return false;
		ev_run_once(&f->loop, 5);
		struct pollfd p = { .fd = f->modem, .events = POLLIN };
		if (poll(&p, 1, 5) == 1) {
			ssize_t k = read(f->modem, f->rx + f->rxlen, sizeof f->rx - f->rxlen);
			if (k > 0)
				f->rxlen += (size_t)k;
		}
	}
}

/* Nothing more is sent within ms (the queue holds the next command). */
static bool modem_quiet(struct fx *f, int ms)
{
	char buf[128];
	return !modem_read_cmd(f, buf, sizeof buf, ms);
}

static void modem_say(struct fx *f, const char *s)
{
	size_t n = strlen(s);
	assert_int_equal(write(f->modem, s, n), (ssize_t)n);
}

static void expect_cmd(struct fx *f, const char *want)
{
	char buf[256];
	assert_true(modem_read_cmd(f, buf, sizeof buf, 2000));
	assert_string_equal(buf, want);
}

static void test_ok_with_info(void **state)
{
	struct fx *f = *state;
	struct done *d = &f->d[0];
	assert_true(at_engine_send(&f->e, "AT+CSQ", 1000, 0, done_cb, d) > 0);
	assert_int_equal(d->calls, 0);  /* never from inside send */
	expect_cmd(f, "AT+CSQ");
	modem_say(f, "\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
	assert_true(pump_calls(f, d, 1, 2000));
	assert_int_equal(d->status, 0);
	assert_int_equal(d->final, AT_FINAL_OK);
	assert_int_equal(d->nlines, 1);
	assert_string_equal(d->lines[0], "+CSQ: 20,99");
	assert_int_equal(f->urcs, 0);
}

static void test_echo_on(void **state)
{
	struct fx *f = *state;
	struct done *d = &f->d[0];
	assert_true(at_engine_send(&f->e, "AT+CGMM", 1000, 0, done_cb, d) > 0);
	expect_cmd(f, "AT+CGMM");
	modem_say(f, "AT+CGMM\r\r\nMC7455\r\n\r\nOK\r\n");
	assert_true(pump_calls(f, d, 1, 2000));
	assert_int_equal(d->final, AT_FINAL_OK);
	assert_int_equal(d->nlines, 1);
	assert_string_equal(d->lines[0], "MC7455");
	/* echo turned off by the next command: the engine copes either way */
	assert_true(at_engine_send(&f->e, "ATE0", 1000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "ATE0");
	modem_say(f, "ATE0\r\r\nOK\r\n");
	assert_true(pump_calls(f, &f->d[1], 1, 2000));
	assert_int_equal(f->d[1].final, AT_FINAL_OK);
	assert_int_equal(f->d[1].nlines, 0);
	assert_true(at_engine_send(&f->e, "AT+CGMM", 1000, 0, done_cb, &f->d[2]) > 0);
	expect_cmd(f, "AT+CGMM");
	modem_say(f, "\r\nMC7455\r\n\r\nOK\r\n");
	assert_true(pump_calls(f, &f->d[2], 1, 2000));
	assert_int_equal(f->d[2].nlines, 1);
}

static void test_urcs_interleaved(void **state)
{
	struct fx *f = *state;
	struct done *d = &f->d[0];
	modem_say(f, "\r\n+CEREG: 2\r\n");   /* before any command */
	assert_true(at_engine_send(&f->e, "AT+CSQ", 1000, 0, done_cb, d) > 0);
	expect_cmd(f, "AT+CSQ");
	modem_say(f, "\r\nRING\r\n\r\n+CSQ: 17,99\r\n\r\n+CEREG: 1,\"3A1C\",\"01A2D05\",7\r\n\r\nOK\r\n"
		     "\r\n^HCSQ: \"LTE\",50,40,100,20\r\n");
	assert_true(pump_calls(f, d, 1, 2000));
	assert_int_equal(d->final, AT_FINAL_OK);
	assert_int_equal(d->nlines, 1);
	assert_string_equal(d->lines[0], "+CSQ: 17,99");
	/* the trailing URC comes in the same read; give the loop a turn */
	for (int i = 0; i < 50 && f->urcs < 4; i++)
		ev_run_once(&f->loop, 20);
	assert_int_equal(f->urcs, 4);
	assert_string_equal(f->urc[0], "+CEREG: 2");
	assert_string_equal(f->urc[1], "RING");
	assert_string_equal(f->urc[2], "+CEREG: 1,\"3A1C\",\"01A2D05\",7");
	assert_string_equal(f->urc[3], "^HCSQ: \"LTE\",50,40,100,20");
	/* the same prefix answering the query is the answer, not a URC */
	assert_true(at_engine_send(&f->e, "AT+CEREG?", 1000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "AT+CEREG?");
	modem_say(f, "\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
	assert_true(pump_calls(f, &f->d[1], 1, 2000));
	assert_int_equal(f->d[1].nlines, 1);
	assert_string_equal(f->d[1].lines[0], "+CEREG: 0,1");
	assert_int_equal(f->urcs, 4);
}

static void test_errors(void **state)
{
	struct fx *f = *state;
	assert_true(at_engine_send(&f->e, "AT+CPIN=\"1111\"", 1000, AT_CMD_SECRET, done_cb, &f->d[0]) > 0);
	expect_cmd(f, "AT+CPIN=\"1111\"");
	modem_say(f, "\r\n+CME ERROR: 16\r\n");
	assert_true(pump_calls(f, &f->d[0], 1, 2000));
	assert_int_equal(f->d[0].status, 0);
	assert_int_equal(f->d[0].final, AT_FINAL_CME_ERROR);
	assert_int_equal(f->d[0].code, 16);
	assert_true(at_engine_send(&f->e, "AT+FOO", 1000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "AT+FOO");
	modem_say(f, "\r\nERROR\r\n");
	assert_true(pump_calls(f, &f->d[1], 1, 2000));
	assert_int_equal(f->d[1].final, AT_FINAL_ERROR);
	assert_true(at_engine_send(&f->e, "ATD*99#", 1000, 0, done_cb, &f->d[2]) > 0);
	expect_cmd(f, "ATD*99#");
	modem_say(f, "\r\nNO CARRIER\r\n");
	assert_true(pump_calls(f, &f->d[2], 1, 2000));
	assert_int_equal(f->d[2].final, AT_FINAL_NO_CARRIER);
	assert_false(at_engine_in_data_mode(&f->e));
}

static void test_timeout_then_late_answer(void **state)
{
	struct fx *f = *state;
	assert_true(at_engine_send(&f->e, "AT+SLOW", 100, 0, done_cb, &f->d[0]) > 0);
	assert_true(at_engine_send(&f->e, "AT+CSQ", 1000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "AT+SLOW");
	advance(f, 99);
	assert_int_equal(f->d[0].calls, 0);
	advance(f, 1);
	assert_int_equal(f->d[0].calls, 1);
	assert_int_equal(f->d[0].status, CL_E_TIMEOUT);
	assert_int_equal(f->d[0].final, AT_FINAL_NONE);
	assert_int_equal(f->e.timeouts, 1);
	/* the late answer to the abandoned command lands in the settle time:
	 * set aside, and the next command waits for the settle time to end */
	modem_say(f, "\r\n+SLOW: 1\r\n\r\nOK\r\n");
	pump_strays(f, 2);
	assert_true(modem_quiet(f, 20));
	advance(f, 49);
	assert_true(modem_quiet(f, 20));
	advance(f, 1);
	expect_cmd(f, "AT+CSQ");
	modem_say(f, "\r\n+CSQ: 9,99\r\n\r\nOK\r\n");
	assert_true(pump_calls(f, &f->d[1], 1, 2000));
	assert_int_equal(f->d[1].final, AT_FINAL_OK);
	assert_int_equal(f->d[1].nlines, 1);
	assert_string_equal(f->d[1].lines[0], "+CSQ: 9,99");
	assert_true(f->e.strays >= 2);
	assert_int_equal(f->d[0].calls, 1);     /* exactly once */
}

static void test_garbage_and_partial_lines(void **state)
{
	struct fx *f = *state;
	static const uint8_t junk[] = { 0x00, 0xff, 0x7e, 0x01, 0x7e, 'z', 'z', '\r', '\n', 0x03 };
	assert_int_equal(write(f->modem, junk, sizeof junk), (ssize_t)sizeof junk);
	assert_true(at_engine_send(&f->e, "AT+CGSN", 1000, 0, done_cb, &f->d[0]) > 0);
	expect_cmd(f, "AT+CGSN");
	/* the answer dribbles in a byte at a time, across loop turns */
	const char *ans = "\r\n356853050000001\r\n\r\nO";
	for (const char *p = ans; *p; p++) {
		assert_int_equal(write(f->modem, p, 1), 1);
		ev_run_once(&f->loop, 5);
	}
	assert_int_equal(f->d[0].calls, 0);     /* "O" is not a result yet */
	modem_say(f, "K\r\n");
	assert_true(pump_calls(f, &f->d[0], 1, 2000));
	assert_int_equal(f->d[0].final, AT_FINAL_OK);
	assert_int_equal(f->d[0].nlines, 1);
	assert_string_equal(f->d[0].lines[0], "356853050000001");
	assert_true(f->e.split.dropped_bytes >= 3);
	/* an overlong line is cut, flagged, and does not hurt the next one */
	char big[AT_LINE_MAX * 2 + 8];
	memset(big, 'x', sizeof big);
	memcpy(big + sizeof big - 7, "\r\nOK\r\n", 7);
	assert_true(at_engine_send(&f->e, "ATI", 1000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "ATI");
	assert_int_equal(write(f->modem, big, sizeof big - 1), (ssize_t)(sizeof big - 1));
	assert_true(pump_calls(f, &f->d[1], 1, 2000));
	assert_int_equal(f->d[1].final, AT_FINAL_OK);
	assert_int_equal(strlen(f->d[1].lines[0]), sizeof f->d[1].lines[0] - 1);
}

static void test_one_at_a_time(void **state)
{
	struct fx *f = *state;
	for (int i = 0; i < 3; i++) {
		char cmd[16];
		snprintf(cmd, sizeof cmd, "AT+X%d", i);
		assert_true(at_engine_send(&f->e, cmd, 1000, 0, done_cb, &f->d[i]) > 0);
	}
	assert_int_equal(at_engine_queued(&f->e), 3);
	for (int i = 0; i < 3; i++) {
		char cmd[16], ans[64];
		snprintf(cmd, sizeof cmd, "AT+X%d", i);
		expect_cmd(f, cmd);
		assert_true(modem_quiet(f, 60));        /* the next waits for this answer */
		snprintf(ans, sizeof ans, "\r\n+X%d: %d\r\n\r\nOK\r\n", i, i);
		modem_say(f, ans);
		assert_true(pump_calls(f, &f->d[i], 1, 2000));
		snprintf(ans, sizeof ans, "+X%d: %d", i, i);
		assert_string_equal(f->d[i].lines[0], ans);
	}
	assert_int_equal(at_engine_queued(&f->e), 0);
}

static void test_cancel(void **state)
{
	struct fx *f = *state;
	int a = at_engine_send(&f->e, "AT+A", 1000, 0, done_cb, &f->d[0]);
	int b = at_engine_send(&f->e, "AT+B", 1000, 0, done_cb, &f->d[1]);
	int c = at_engine_send(&f->e, "AT+C", 1000, 0, done_cb, &f->d[2]);
	assert_true(a > 0 && b > 0 && c > 0);
	expect_cmd(f, "AT+A");
	assert_int_equal(at_engine_cancel(&f->e, b), 0);        /* queued */
	assert_int_equal(f->d[1].calls, 1);
	assert_int_equal(f->d[1].status, CL_E_CANCELLED);
	assert_int_equal(at_engine_cancel(&f->e, a), 0);        /* on the line */
	assert_int_equal(f->d[0].status, CL_E_CANCELLED);
	assert_int_equal(at_engine_cancel(&f->e, a), -ENOENT);  /* once */
	modem_say(f, "\r\nOK\r\n");                             /* A's late answer */
	pump_strays(f, 1);
	assert_true(modem_quiet(f, 20));        /* C waits for the settle time */
	advance(f, 50);
	expect_cmd(f, "AT+C");
	modem_say(f, "\r\nOK\r\n");
	assert_true(pump_calls(f, &f->d[2], 1, 2000));
	assert_int_equal(f->d[2].final, AT_FINAL_OK);
	assert_int_equal(f->d[0].calls, 1);
	assert_int_equal(f->d[1].calls, 1);
}

static void test_port_closes_mid_command(void **state)
{
	struct fx *f = *state;
	assert_true(at_engine_send(&f->e, "AT+CSQ", 5000, 0, done_cb, &f->d[0]) > 0);
	assert_true(at_engine_send(&f->e, "AT+COPS?", 5000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "AT+CSQ");
	modem_say(f, "\r\n+CSQ: 1");    /* half an answer, then the port goes */
	close(f->modem);
	f->modem = -1;
	assert_true(pump_calls(f, &f->d[1], 1, 2000));
	assert_int_equal(f->d[0].calls, 1);
	assert_int_equal(f->d[0].status, CL_E_GONE);
	assert_int_equal(f->d[1].status, CL_E_GONE);
	assert_true(f->ser.st.gone);
	assert_non_null(strstr(f->ser.st.errtext, "went away"));
	assert_int_equal(at_engine_send(&f->e, "AT", 100, 0, done_cb, &f->d[2]), CL_E_GONE);
	at_engine_close(&f->e);
	assert_int_equal(f->d[0].calls, 1);
	assert_int_equal(f->d[1].calls, 1);
}

static void test_connect_data_mode(void **state)
{
	struct fx *f = *state;
	assert_true(at_engine_send(&f->e, "ATD*99***1#", 1000, 0, done_cb, &f->d[0]) > 0);
	expect_cmd(f, "ATD*99***1#");
	modem_say(f, "\r\nCONNECT 150000000\r\n~\xff}#\xc0!}!}!} }4}\"}&} } } } }%}&\r\n+CEREG: 1\r\n");
	assert_true(pump_calls(f, &f->d[0], 1, 2000));
	assert_int_equal(f->d[0].final, AT_FINAL_CONNECT);
	assert_true(at_engine_in_data_mode(&f->e));
	for (int i = 0; i < 5; i++)
		ev_run_once(&f->loop, 10);
	assert_int_equal(f->urcs, 0);           /* data, not lines */
	assert_true(f->e.data_bytes > 0);
	assert_int_equal(at_engine_send(&f->e, "AT", 100, 0, done_cb, &f->d[1]), CL_E_BAD_KIND);
	at_engine_command_mode(&f->e);
	assert_true(at_engine_send(&f->e, "ATH", 1000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "ATH");
	modem_say(f, "\r\nNO CARRIER\r\n\r\nOK\r\n");
	assert_true(pump_calls(f, &f->d[1], 1, 2000));
	assert_int_equal(f->d[1].final, AT_FINAL_NO_CARRIER);
}

static void chain_cb(void *ud, const struct at_reply *r)
{
	struct fx *f = ud;
	done_cb(&f->d[0], r);
	/* a callback may queue the next command and close the engine */
	if (f->d[0].calls == 1)
		assert_true(at_engine_send(&f->e, "AT+NEXT", 1000, 0, chain_cb, f) > 0);
	else
		at_engine_close(&f->e);
}

static void test_callbacks_reenter(void **state)
{
	struct fx *f = *state;
	assert_true(at_engine_send(&f->e, "AT+FIRST", 1000, 0, chain_cb, f) > 0);
	assert_true(at_engine_send(&f->e, "AT+QUEUED", 1000, 0, done_cb, &f->d[1]) > 0);
	expect_cmd(f, "AT+FIRST");
	modem_say(f, "\r\nOK\r\n");
	expect_cmd(f, "AT+QUEUED");
	modem_say(f, "\r\nOK\r\n");
	expect_cmd(f, "AT+NEXT");
	modem_say(f, "\r\nOK\r\n");
	assert_true(pump_calls(f, &f->d[0], 2, 2000));
	assert_int_equal(f->d[1].calls, 1);
	assert_int_equal(at_engine_queued(&f->e), 0);
}

static void test_raw_and_reply_text(void **state)
{
	struct fx *f = *state;
	assert_true(at_engine_send(&f->e, "+++", 1000, AT_CMD_RAW, done_cb, &f->d[0]) > 0);
	assert_true(pump_calls(f, &f->d[0], 1, 2000));
	assert_int_equal(f->d[0].final, AT_FINAL_OK);
	char buf[64];
	for (int i = 0; i < 20 && f->rxlen < 3; i++)
		modem_read_cmd(f, buf, sizeof buf, 10);
	assert_int_equal(f->rxlen, 3);
	assert_memory_equal(f->rx, "+++", 3);
	struct at_final_info fi = { .kind = AT_FINAL_CME_ERROR, .code = 16, .text = "16" };
	struct at_reply r = { .status = 0, .final = AT_FINAL_CME_ERROR, .fi = &fi };
	assert_string_equal(at_reply_text(&r, buf, sizeof buf), "+CME ERROR: 16 (incorrect password)");
	r.status = CL_E_TIMEOUT;
	assert_non_null(strstr(at_reply_text(&r, buf, sizeof buf), "timed out"));
	assert_true(at_engine_send(&f->e, "AT+TOOLONG", 1000, 0, done_cb, &f->d[1]) > 0);
	char longcmd[300];
	memset(longcmd, 'A', sizeof longcmd - 1);
	longcmd[sizeof longcmd - 1] = 0;
	assert_int_equal(at_engine_send(&f->e, longcmd, 100, 0, done_cb, &f->d[2]), CL_E_NO_SPACE);
}

static void trace_cb(void *ud, bool out, const char *line)
{
	struct fx *f = ud;
	assert_null(strstr(line, "4321"));
	if (out)
		f->urcs += 100;
}

static void test_secret_never_traced(void **state)
{
	struct fx *f = *state;
	f->e.on_trace = trace_cb;
	f->e.trace_ud = f;
	assert_true(at_engine_send(&f->e, "AT+CPIN=\"4321\"", 1000, AT_CMD_SECRET, done_cb, &f->d[0]) > 0);
	expect_cmd(f, "AT+CPIN=\"4321\"");
	modem_say(f, "AT+CPIN=\"4321\"\r\r\nOK\r\n");       /* echo carries it back */
	assert_true(pump_calls(f, &f->d[0], 1, 2000));
	assert_int_equal(f->d[0].final, AT_FINAL_OK);
	assert_int_equal(f->urcs, 100);         /* traced once going out, redacted */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ok_with_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urcs_interleaved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_then_late_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_and_partial_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port_closes_mid_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connect_data_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callbacks_reenter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_and_reply_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret_never_traced, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
