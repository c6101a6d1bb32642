/* cellink-sim's AT port driven through its pseudo-terminal, with a fake
 * modem state behind struct sim_at_ops. Every wait is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "at/at.h"
#include "at/at_parse.h"
#include "common/err.h"
#include "io/loop.h"
#include "sim/at.h"

struct fake {
	enum sim_at_sim sim;
	int pin_tries;
	struct sim_at_signal sig;
	struct sim_at_reg reg;
	struct sim_at_pdp pdp[SIM_AT_MAX_PDP];
	int npdp;
	int dialed, dial_result, hangups;
	int connect_fd;
};

static void f_identity(void *ctx, struct sim_at_identity *out)
{
	out->manufacturer = "Sierra Wireless, Incorporated";
	out->model = "MC7455";
	out->revision = "SWI9X30C_02.24.05.06";
	out->imei = "359072060000017";
}

static enum sim_at_sim f_sim(void *ctx) { return ((struct fake *)ctx)->sim; }

static int f_pin(void *ctx, const char *pin)
{
	struct fake *f = ctx;
	if (strcmp(pin, "1234")) {
		if (--f->pin_tries == 0)
			f->sim = SIM_AT_SIM_PUK;
		return 16;
	}
	f->sim = SIM_AT_SIM_READY;
	return 0;
}

static void f_signal(void *ctx, struct sim_at_signal *out) { *out = ((struct fake *)ctx)->sig; }
static void f_reg(void *ctx, struct sim_at_reg *out) { *out = ((struct fake *)ctx)->reg; }

static void f_oper(void *ctx, struct sim_at_oper *out)
{
	out->name = "Cellink Net";
	out->mcc = 262;
	out->mnc = 1;
	out->act = 7;
}

static int f_pdp_list(void *ctx, struct sim_at_pdp *out, int max)
{
	struct fake *f = ctx;
	memcpy(out, f->pdp, sizeof(f->pdp[0]) * (size_t)f->npdp);
	return f->npdp;
}

static int f_pdp_define(void *ctx, int cid, const char *type, const char *apn)
{
	struct fake *f = ctx;
	if (f->npdp >= SIM_AT_MAX_PDP)
		return 3;
	struct sim_at_pdp *p = &f->pdp[f->npdp++];
	memset(p, 0, sizeof *p);
	p->cid = cid;
	snprintf(p->type, sizeof p->type, "%s", type);
	snprintf(p->apn, sizeof p->apn, "%s", apn);
	return 0;
}

static int f_dial(void *ctx, int cid)
{
	struct fake *f = ctx;
	f->dialed = cid;
	return f->dial_result;
}

static void f_hangup(void *ctx) { ((struct fake *)ctx)->hangups++; }
static void f_connect(void *ctx, int fd) { ((struct fake *)ctx)->connect_fd = fd; }

static struct sim_at_ops ops = {
	.identity = f_identity, .sim_state = f_sim, .pin_enter = f_pin, .signal = f_signal,
	.registration = f_reg, .oper = f_oper, .pdp_list = f_pdp_list,
	.pdp_define = f_pdp_define, .dial = f_dial, .hangup = f_hangup,
};

struct env {
	struct ev_loop loop;
	struct sim_at at;
	struct fake fake;
	struct sim_at_ops ops;
	char path[256];
	int fd;                 /* the test client's side */
	struct at_splitter split;
	char lines[48][AT_LINE_MAX + 1];
	const char *ptr[48];
	int n;
	enum at_final final;
	bool want_urc;
};

static int open_client(const char *path)
{
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	assert_true(fd >= 0);
	struct termios t;
	assert_int_equal(tcgetattr(fd, &t), 0);
	cfmakeraw(&t);
	assert_int_equal(tcsetattr(fd, TCSANOW, &t), 0);
	return fd;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	e->fake = (struct fake){
		.sim = SIM_AT_SIM_READY, .pin_tries = 3,
		.sig = { .rssi_dbm = -71, .rsrp_dbm = -98, .rsrq_x10 = -105, .sinr_x10 = 124 },
		.reg = { .stat = 1, .tac = 0x3ac9, .ci = 0x243800e, .act = 7 },
		.connect_fd = -1,
	};
	e->ops = ops;
	const char *tmp = getenv("TMPDIR");
	snprintf(e->path, sizeof e->path, "%s/cellink-test-at-%d", tmp && *tmp ? tmp : "/tmp",
		 (int)getpid());
	assert_int_equal(ev_loop_init(&e->loop), 0);
	assert_int_equal(sim_at_start(&e->at, &e->loop, e->path, &e->ops, &e->fake), 0);
	e->fd = open_client(e->path);
	at_split_init(&e->split);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	close(e->fd);
	sim_at_stop(&e->at);
	assert_int_equal(access(e->path, F_OK), -1);    /* symlink removed */
	ev_loop_free(&e->loop);
	free(e);
	return 0;
}

static int client_line(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct env *e = ctx;
	if (e->n < 48) {
		memcpy(e->lines[e->n], line, len + 1);
		e->ptr[e->n] = e->lines[e->n];
		e->n++;
	}
	enum at_final k = at_classify_final(line, NULL);
	if (k != AT_FINAL_NONE) {
		e->final = k;
		return 1;
	}
	if (e->want_urc && at_line_is_urc(line, NULL)) {
		e->final = AT_FINAL_NONE;
		return 1;
	}
	return 0;
}

/* Runs the emulator's loop and reads the client side until a final result
 * (or, with want_urc, a URC) arrives; fails after 2 s. */
static void wait_answer(struct env *e)
{
	uint64_t deadline = ev_now_ms() + 2000;
	bool done = false;
	while (!done) {
		assert_true(ev_now_ms() < deadline);
		ev_run_once(&e->loop, 20);
		struct pollfd p = { .fd = e->fd, .events = POLLIN };
		if (poll(&p, 1, 0) <= 0)
			continue;
		uint8_t buf[256];
		ssize_t n = read(e->fd, buf, sizeof buf);
		if (n <= 0)
			continue;
		size_t used = at_split_feed(&e->split, buf, (size_t)n, client_line, e);
		done = used < (size_t)n || e->final != AT_FINAL_NONE ||
		       (e->want_urc && e->n > 0);
		assert_true(used == (size_t)n || done);
	}
}

static void send_raw(struct env *e, const void *p, size_t n)
{
	assert_int_equal(write(e->fd, p, n), (ssize_t)n);
}

static enum at_final cmd(struct env *e, const char *c)
{
	e->n = 0;
	e->final = AT_FINAL_NONE;
	e->want_urc = false;
	send_raw(e, c, strlen(c));
	send_raw(e, "\r", 1);
	wait_answer(e);
	return e->final;
}

static const char *line_with(struct env *e, const char *prefix)
{
	for (int i = 0; i < e->n; i++)
		if (!strncmp(e->lines[i], prefix, strlen(prefix)))
			return e->lines[i];
	fail_msg("no answer line starting with %s", prefix);
	return NULL;
}

static void basics_and_identity(void **state)
{
	struct env *e = *state;
	assert_int_equal(cmd(e, "AT"), AT_FINAL_OK);
	assert_int_equal(e->n, 2);
	assert_true(at_line_is_echo(e->lines[0], "AT"));
	assert_int_equal(cmd(e, "ATE0"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT"), AT_FINAL_OK);
	assert_int_equal(e->n, 1);              /* no echo any more */

	assert_int_equal(cmd(e, "ATI"), AT_FINAL_OK);
	struct at_ident id;
	assert_int_equal(at_parse_ati(e->ptr, (size_t)e->n, &id, NULL), 0);
	assert_string_equal(id.manufacturer, "Sierra Wireless, Incorporated");
	assert_string_equal(id.model, "MC7455");
	assert_string_equal(id.imei, "359072060000017");
	char b[64];
	assert_int_equal(cmd(e, "AT+CGMM"), AT_FINAL_OK);
	assert_int_equal(at_parse_info(e->lines[0], "+CGMM", b, sizeof b, NULL), 0);
	assert_string_equal(b, "MC7455");
	assert_int_equal(cmd(e, "at+cgmr"), AT_FINAL_OK);
	assert_int_equal(at_parse_info(e->lines[0], "+CGMR", b, sizeof b, NULL), 0);
	assert_string_equal(b, "SWI9X30C_02.24.05.06");
	assert_int_equal(cmd(e, "AT+CGSN"), AT_FINAL_OK);
	assert_int_equal(at_parse_cgsn(e->lines[0], b, NULL), 0);
	assert_string_equal(b, "359072060000017");
	assert_int_equal(cmd(e, "AT+CGMI"), AT_FINAL_OK);

	/* Reopening the path finds the port intact. */
	close(e->fd);
	e->fd = open_client(e->path);
	assert_int_equal(cmd(e, "AT"), AT_FINAL_OK);
}

static void sim_pin(void **state)
{
	struct env *e = *state;
	struct at_final_info fi;
	enum at_sim_state s;
	e->fake.sim = SIM_AT_SIM_PIN;
	assert_int_equal(cmd(e, "ATE0"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT+CPIN?"), AT_FINAL_OK);
	assert_int_equal(at_parse_cpin(e->lines[0], &s, NULL), 0);
	assert_int_equal(s, AT_SIM_SIM_PIN);
	assert_int_equal(cmd(e, "AT+COPS?"), AT_FINAL_CME_ERROR);
	at_classify_final(e->lines[e->n - 1], &fi);
	assert_int_equal(fi.code, 11);
	assert_int_equal(cmd(e, "AT+CPIN=\"0000\""), AT_FINAL_CME_ERROR);
	at_classify_final(e->lines[e->n - 1], &fi);
	assert_int_equal(fi.code, 16);
	assert_int_equal(cmd(e, "AT+CPIN=\"1234\""), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT+CPIN?"), AT_FINAL_OK);
	assert_int_equal(at_parse_cpin(e->lines[0], &s, NULL), 0);
	assert_int_equal(s, AT_SIM_READY);
	/* Verbose errors. */
	assert_int_equal(cmd(e, "AT+CMEE=2"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT+CPIN=\"1234\""), AT_FINAL_CME_ERROR);
	at_classify_final(e->lines[e->n - 1], &fi);
	assert_string_equal(fi.text, "operation not allowed");
	assert_int_equal(fi.code, 3);
	e->fake.sim = SIM_AT_SIM_ABSENT;
	assert_int_equal(cmd(e, "AT+CPIN?"), AT_FINAL_CME_ERROR);
	at_classify_final(e->lines[e->n - 1], &fi);
	assert_int_equal(fi.code, 10);
	e->fake.sim = SIM_AT_SIM_NOT_READY;
	assert_int_equal(cmd(e, "AT+CPIN?"), AT_FINAL_CME_ERROR);
	at_classify_final(e->lines[e->n - 1], &fi);
	assert_string_equal(fi.text, "SIM busy");
	assert_int_equal(cmd(e, "AT+CPIN=\"1234\""), AT_FINAL_CME_ERROR);
	at_classify_final(e->lines[e->n - 1], &fi);
	assert_int_equal(fi.code, 14);
	assert_int_equal(cmd(e, "AT+CMEE=0"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT+CPIN?"), AT_FINAL_ERROR);
}

static void signal_and_registration(void **state)
{
	struct env *e = *state;
	assert_int_equal(cmd(e, "ATE0"), AT_FINAL_OK);
	struct at_csq q;
	assert_int_equal(cmd(e, "AT+CSQ"), AT_FINAL_OK);
	assert_int_equal(at_parse_csq(e->lines[0], &q, NULL), 0);
	assert_int_equal(q.dbm, -71);
	struct at_cesq c;
	assert_int_equal(cmd(e, "AT+CESQ"), AT_FINAL_OK);
	assert_int_equal(at_parse_cesq(e->lines[0], &c, NULL), 0);
	assert_int_equal(c.rsrp_dbm, -98);
	assert_int_equal(c.rsrq_x10, -105);

	struct at_reg r;
	assert_int_equal(cmd(e, "AT+CEREG?"), AT_FINAL_OK);
	assert_int_equal(at_parse_reg(e->lines[0], true, &r, NULL), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.stat, 1);
	assert_int_equal(r.lac, -1);
	assert_int_equal(cmd(e, "AT+CEREG=2"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT+CEREG?"), AT_FINAL_OK);
	assert_int_equal(at_parse_reg(e->lines[0], true, &r, NULL), 0);
	assert_int_equal(r.lac, 0x3ac9);
	assert_int_equal(r.ci, 0x243800e);
	assert_int_equal(r.act, 7);
	assert_int_equal(cmd(e, "AT+CEREG=7"), AT_FINAL_CME_ERROR);

	/* Registration change: an unsolicited +CEREG. */
	e->fake.reg.stat = 5;
	sim_at_reg_changed(&e->at);
	e->n = 0;
	e->want_urc = true;
	wait_answer(e);
	assert_true(at_line_is_urc(e->lines[0], NULL));
	assert_int_equal(at_parse_reg(e->lines[0], false, &r, NULL), 0);
	assert_int_equal(r.stat, AT_REG_ROAMING);
	assert_int_equal(r.lac, 0x3ac9);

	struct at_cops o;
	assert_int_equal(cmd(e, "AT+COPS?"), AT_FINAL_OK);
	assert_int_equal(at_parse_cops(e->lines[0], &o, NULL), 0);
	assert_string_equal(o.oper, "Cellink Net");
	assert_int_equal(o.act, 7);
	assert_int_equal(cmd(e, "AT+COPS=3,2;+COPS?"), AT_FINAL_OK);
	assert_int_equal(at_parse_cops(e->lines[0], &o, NULL), 0);
	assert_string_equal(o.oper, "26201");

	/* Vendor status commands parse back to the same values. */
	struct at_gstatus g;
	assert_int_equal(cmd(e, "AT!GSTATUS?"), AT_FINAL_OK);
	assert_int_equal(at_parse_gstatus(e->ptr, (size_t)e->n, &g, NULL), 0);
	assert_int_equal(g.rsrp_dbm, -98);
	assert_int_equal(g.rsrq_x10, -105);
	assert_int_equal(g.sinr_x10, 124);
	assert_int_equal(g.tac, 0x3ac9);
	struct at_qeng qe;
	assert_int_equal(cmd(e, "AT+QENG=\"servingcell\""), AT_FINAL_OK);
	assert_int_equal(at_parse_qeng(e->ptr, (size_t)e->n, &qe, NULL), 0);
	assert_string_equal(qe.rat, "LTE");
	assert_int_equal(qe.mcc, 262);
	assert_int_equal(qe.rsrp_dbm, -98);
	assert_int_equal(qe.cell_id, 0x243800e);
	struct at_hcsq h;
	assert_int_equal(cmd(e, "AT^HCSQ?"), AT_FINAL_OK);
	assert_int_equal(at_parse_hcsq(e->lines[0], &h, NULL), 0);
	assert_int_equal(h.rsrp_dbm, -98);
	assert_int_equal(h.rssi_dbm, -71);
	assert_int_equal(h.rsrq_x10, -105);
	e->fake.reg.stat = 2;
	assert_int_equal(cmd(e, "AT+QENG=\"servingcell\""), AT_FINAL_OK);
	assert_int_equal(at_parse_qeng(e->ptr, (size_t)e->n, &qe, NULL), 0);
	assert_string_equal(qe.state, "SEARCH");
}

static void pdp_contexts(void **state)
{
	struct env *e = *state;
	assert_int_equal(cmd(e, "ATE0"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT+CGDCONT=1,\"IPV4V6\",\"internet.example\""), AT_FINAL_OK);
	assert_int_equal(e->fake.npdp, 1);
	assert_string_equal(e->fake.pdp[0].apn, "internet.example");
	assert_int_equal(cmd(e, "AT+CGDCONT=1,\"X25\",\"a\""), AT_FINAL_CME_ERROR);
	struct at_pdp_ctx p;
	assert_int_equal(cmd(e, "AT+CGDCONT?"), AT_FINAL_OK);
	assert_int_equal(at_parse_cgdcont(e->lines[0], &p, NULL), 0);
	assert_string_equal(p.type, "IPV4V6");
	assert_string_equal(p.apn, "internet.example");
	assert_int_equal(cmd(e, "AT+CGDCONT=?"), AT_FINAL_OK);
	assert_int_equal(e->n, 4);
	assert_int_equal(at_parse_cgdcont(e->lines[0], &p, NULL), CL_E_PARSE);

	struct at_cgpaddr a;
	assert_int_equal(cmd(e, "AT+CGPADDR=1"), AT_FINAL_OK);
	assert_int_equal(at_parse_cgpaddr(e->lines[0], &a, NULL), 0);
	assert_false(a.has_v4);
	e->fake.pdp[0].active = true;
	memcpy(e->fake.pdp[0].v4, "\x0a\x40\x00\x02", 4);
	e->fake.pdp[0].has_v6 = true;
	e->fake.pdp[0].v6[0] = 0x20;
	e->fake.pdp[0].v6[1] = 0x01;
	e->fake.pdp[0].v6[15] = 0x09;
	assert_int_equal(cmd(e, "AT+CGPADDR"), AT_FINAL_OK);
	assert_int_equal(at_parse_cgpaddr(e->lines[0], &a, NULL), 0);
	assert_true(a.has_v4 && a.has_v6);
	assert_memory_equal(a.v4, "\x0a\x40\x00\x02", 4);
	assert_int_equal(a.v6[15], 9);

	/* Concatenated commands answer in order, one OK. */
	assert_int_equal(cmd(e, "AT+CPIN?;+CSQ;+CGPADDR=1"), AT_FINAL_OK);
	assert_int_equal(e->n, 4);
	assert_non_null(line_with(e, "+CPIN: READY"));
	assert_non_null(line_with(e, "+CSQ:"));
}

static void errors_and_garbage(void **state)
{
	struct env *e = *state;
	assert_int_equal(cmd(e, "ATE0"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "AT+FROBNICATE"), AT_FINAL_ERROR);
	assert_int_equal(cmd(e, "AT+"), AT_FINAL_ERROR);
	assert_int_equal(cmd(e, "AT+CSQ;;"), AT_FINAL_ERROR);
	assert_int_equal(cmd(e, "AT+QENG=\"neighbourcell\""), AT_FINAL_CME_ERROR);
	/* Bytes that are no command line at all, then an overlong line. */
	send_raw(e, "\x01\x02\xff hello\r\n", 10);
	char big[AT_LINE_MAX + 100];
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_int_equal(cmd(e, big), AT_FINAL_ERROR);
	assert_int_equal(cmd(e, "AT"), AT_FINAL_OK);
	/* CRLF and lower case work too. */
	e->n = 0;
	e->final = AT_FINAL_NONE;
	send_raw(e, "at+csq\r\n", 8);
	wait_answer(e);
	assert_int_equal(e->final, AT_FINAL_OK);
	assert_int_equal(e->at.errors, 5);
}

static void dial_and_escape(void **state)
{
	struct env *e = *state;
	assert_int_equal(cmd(e, "ATE0"), AT_FINAL_OK);
	e->fake.dial_result = -1;
	assert_int_equal(cmd(e, "ATD*99#"), AT_FINAL_NO_CARRIER);
	assert_int_equal(e->fake.dialed, 1);
	assert_int_equal(cmd(e, "ATD*99***x#"), AT_FINAL_CME_ERROR);
	assert_int_equal(cmd(e, "ATD12345;"), AT_FINAL_NO_CARRIER);
	e->fake.dial_result = 0;
	assert_int_equal(cmd(e, "ATD*99***3#"), AT_FINAL_CONNECT);
	assert_int_equal(e->fake.dialed, 3);
	assert_int_equal(e->at.mode, SIM_AT_DATA);
	/* Data (PPP-looking bytes) is swallowed; "+++" ends the call. */
	at_split_reset_line(&e->split);
	send_raw(e, "~\xff\x7d\x23\xc0\x21+~", 8);
	for (uint64_t end = ev_now_ms() + 2000; e->at.data_bytes < 8;)
		assert_true(ev_run_once(&e->loop, 20) >= 0 && ev_now_ms() < end);
	assert_int_equal(e->at.mode, SIM_AT_DATA);
	e->n = 0;
	e->final = AT_FINAL_NONE;
	send_raw(e, "+++", 3);
	wait_answer(e);
	assert_int_equal(e->final, AT_FINAL_NO_CARRIER);
	assert_int_equal(e->fake.hangups, 1);
	assert_int_equal(cmd(e, "AT"), AT_FINAL_OK);
	/* A network hang-up from the owner. */
	assert_int_equal(cmd(e, "ATD*99#"), AT_FINAL_CONNECT);
	assert_int_equal(sim_at_urc(&e->at, "RING"), -EBUSY);  /* no URCs in data mode */
	e->n = 0;
	e->final = AT_FINAL_NONE;
	sim_at_hangup(&e->at);
	wait_answer(e);
	assert_int_equal(e->final, AT_FINAL_NO_CARRIER);
	assert_int_equal(cmd(e, "AT"), AT_FINAL_OK);
}

static void dial_hands_over(void **state)
{
	struct env *e = *state;
	e->ops.on_connect = f_connect;
	assert_int_equal(cmd(e, "ATE0"), AT_FINAL_OK);
	assert_int_equal(cmd(e, "ATD*99***1#"), AT_FINAL_CONNECT);
	assert_int_equal(e->at.mode, SIM_AT_HANDED_OVER);
	assert_true(e->fake.connect_fd >= 0);
	/* What the client writes now reaches the new owner untouched. */
	send_raw(e, "~AT\r+++", 7);
	ev_run_once(&e->loop, 0);
	struct pollfd p = { .fd = e->fake.connect_fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 2000), 1);
	char buf[16];
	assert_int_equal(read(e->fake.connect_fd, buf, sizeof buf), 7);
	assert_memory_equal(buf, "~AT\r+++", 7);
	assert_int_equal(e->at.commands, 2);    /* ATE0 and ATD only */
	e->n = 0;
	e->final = AT_FINAL_NONE;
	at_split_reset_line(&e->split);
	sim_at_data_end(&e->at);
	wait_answer(e);
	assert_int_equal(e->final, AT_FINAL_NO_CARRIER);
	assert_int_equal(cmd(e, "AT"), AT_FINAL_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(basics_and_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(sim_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_and_registration, setup, teardown),
		cmocka_unit_test_setup_teardown(pdp_contexts, setup, teardown),
		cmocka_unit_test_setup_teardown(errors_and_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(dial_and_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(dial_hands_over, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
