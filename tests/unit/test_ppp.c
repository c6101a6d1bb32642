/* The PPP dialer/supervisor state machine with fake operations (no I/O),
 * the pppd options file, pppd's log lines and exit statuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/exit.h"
#include "ppp/ppp.h"
#include "ppp/pppd.h"

struct fake {
	struct ppp_sm m;
	char cmd[256];          /* the AT command waiting for its answer */
	unsigned flags;
	int at_calls;
	int64_t timer;          /* armed timer, -1 none */
	uint64_t now;
	int pppd_starts, pppd_stops, line_backs;
	int pppd_start_result;
	bool finished;
	int status;
	char log[8192];
	struct at_exchange x;
	uint32_t rnd;
	int at_result;          /* what op_at returns (CL_E_GONE: the port is gone) */
	int reopen_fails;       /* port_reopen fails this many times */
	int reopens;
};

static struct fake *F(void *ctx) { return ctx; }

static int op_at(void *ctx, const char *cmd, unsigned t, unsigned flags)
{
	struct fake *f = F(ctx);
	if (f->at_result < 0)
		return f->at_result;
	assert_int_equal(f->cmd[0], 0);         /* one at a time */
	snprintf(f->cmd, sizeof f->cmd, "%s", cmd);
	f->flags = flags;
	f->at_calls++;
	return 0;
}
static void op_at_cancel(void *ctx) { F(ctx)->cmd[0] = 0; }
static void op_timer(void *ctx, int64_t ms) { F(ctx)->timer = ms; }
static uint64_t op_now(void *ctx) { return F(ctx)->now; }
static uint32_t op_random(void *ctx) { return F(ctx)->rnd; }
static int op_pppd_start(void *ctx, char *why, size_t cap)
{
	struct fake *f = F(ctx);
	f->pppd_starts++;
	if (f->pppd_start_result < 0)
		snprintf(why, cap, "pppd not found");
	return f->pppd_start_result;
}
static void op_pppd_stop(void *ctx) { F(ctx)->pppd_stops++; }
static void op_line_back(void *ctx) { F(ctx)->line_backs++; }
static int op_port_reopen(void *ctx)
{
	struct fake *f = F(ctx);
	f->reopens++;
	if (f->reopen_fails-- > 0)
		return -2;
	f->at_result = 0;
	return 0;
}
static void op_log(void *ctx, enum ppp_log lvl, const char *text)
{
	struct fake *f = F(ctx);
	size_t n = strlen(f->log);
	snprintf(f->log + n, sizeof f->log - n, "%s\n", text);
}
static void op_finished(void *ctx, int status)
{
	struct fake *f = F(ctx);
	assert_false(f->finished);      /* exactly once */
	f->finished = true;
	f->status = status;
}

/* the host's refused-PIN memory, shared by every machine of a test */
static char refused[4][64];
static unsigned n_refused;

static int op_refused_before(void *ctx, const char *iccid, const char *pin, char *why, size_t cap)
{
	char key[64];
	snprintf(key, sizeof key, "%s/%s", iccid, pin);
	for (unsigned i = 0; i < n_refused; i++)
		if (!strcmp(refused[i], key))
			return 1;
	return 0;
}

static int op_refused(void *ctx, const char *iccid, const char *pin, char *why, size_t cap)
{
	assert_true(n_refused < 4);
	snprintf(refused[n_refused++], sizeof refused[0], "%s/%s", iccid, pin);
	return 0;
}

static const struct ppp_ops ops = {
	.at = op_at, .at_cancel = op_at_cancel, .timer = op_timer, .now = op_now,
	.random = op_random, .pppd_start = op_pppd_start, .pppd_stop = op_pppd_stop,
	.line_back = op_line_back, .log = op_log, .finished = op_finished,
	.port_reopen = op_port_reopen, .pin_refused_before = op_refused_before, .pin_refused = op_refused,
};

static struct fake *mk(const struct ppp_config *c)
{
	struct fake *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->timer = -1;
	f->now = 1000;
	ppp_sm_init(&f->m, c, &ops, f);
	ppp_sm_start(&f->m);
	return f;
}

/* Answers the command in flight with the given lines; the last one is the
 * final result ("OK", "ERROR", "+CME ERROR: 16", "CONNECT"), or NULL for
 * a timeout. */
static void answer(struct fake *f, const char *want, ...)
{
	assert_string_equal(f->cmd, want);
	at_xchg_begin(&f->x, f->cmd);
	f->cmd[0] = 0;
	va_list ap;
	va_start(ap, want);
	const char *l;
	struct at_reply r = { .status = CL_E_TIMEOUT, .x = &f->x };
	while ((l = va_arg(ap, const char *))) {
		if (at_xchg_line(&f->x, l, 0) == AT_EV_FINAL) {
			r.status = 0;
			r.final = f->x.final.kind;
			r.fi = &f->x.final;
		}
	}
	va_end(ap);
	ppp_sm_at_reply(&f->m, &r);
}

static void fire(struct fake *f)
{
	assert_true(f->timer >= 0);
	f->now += (uint64_t)f->timer;
	f->timer = -1;
	ppp_sm_timer(&f->m);
}

static void to_registered(struct fake *f)
{
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: READY", "OK", NULL);
	answer(f, "AT+CEREG?", "+CEREG: 0,1", "OK", NULL);
}

static void dial_to_ppp(struct fake *f, const char *pdp)
{
	to_registered(f);
	answer(f, pdp, "OK", NULL);
	answer(f, "ATD*99***1#", "CONNECT 150000000", NULL);
	assert_int_equal(f->m.state, PPP_S_PPP);
}

static void test_dial_sequence(void **state)
{
	struct ppp_config c = { .apn = "internet", .ip = PPP_IP_V4V6 };
	struct fake *f = mk(&c);
	dial_to_ppp(f, "AT+CGDCONT=1,\"IPV4V6\",\"internet\"");
	assert_int_equal(f->pppd_starts, 1);
	ppp_sm_pppd_up(&f->m);
	assert_int_equal(f->m.state, PPP_S_UP);
	assert_false(f->finished);
	/* a clean stop: pppd asked to end, then the modem hung up */
	ppp_sm_stop(&f->m);
	assert_int_equal(f->pppd_stops, 1);
	ppp_sm_pppd_exit(&f->m, 5);
	assert_int_equal(f->line_backs, 1);
	answer(f, "AT", "OK", NULL);
	answer(f, "ATH", "OK", NULL);
	assert_true(f->finished);
	assert_int_equal(f->status, 0);
	free(f);
}

static void test_custom_dial_and_ipv6(void **state)
{
	struct ppp_config c = { .apn = "v6.example", .ip = PPP_IP_V6, .cid = 3, .dial = "ATD*99#" };
	struct fake *f = mk(&c);
	to_registered(f);
	answer(f, "AT+CGDCONT=3,\"IPV6\",\"v6.example\"", "OK", NULL);
	answer(f, "ATD*99#", "NO CARRIER", NULL);
	/* no --persist and never up: the failure is final, named */
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_CALL_REJECTED);
	assert_non_null(strstr(f->m.reason, "NO CARRIER"));
	free(f);
}

static void test_pin_flows(void **state)
{
	/* every attempt left: entered once, hidden from traces */
	struct ppp_config c = { .apn = "a", .pin = "1234" };
	n_refused = 0;
	struct fake *f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: SIM PIN", "OK", NULL);
	answer(f, "AT+CCID", "+CCID: 8949010000000012342", "OK", NULL);
	answer(f, "AT+CPINR=\"SIM PIN\"", "+CPINR: SIM PIN,3,3", "OK", NULL);
	assert_true(f->flags & AT_CMD_SECRET);
	answer(f, "AT+CPIN=\"1234\"", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: READY", "OK", NULL);
	assert_int_equal(f->m.state, PPP_S_REGISTER);
	assert_null(strstr(f->log, "1234"));
	free(f);

	/* one or two attempts left: stop and say so, the PIN is never sent */
	static const char *const counts[] = { "+CPINR: SIM PIN,1,3", "+CPINR: SIM PIN,2,3" };
	static const char *const said[] = { "only 1 attempt left of 3", "only 2 attempts left of 3" };
	for (int i = 0; i < 2; i++) {
		f = mk(&c);
		answer(f, "ATE0", "OK", NULL);
		answer(f, "AT+CMEE=1", "OK", NULL);
		answer(f, "AT+CPIN?", "+CPIN: SIM PIN", "OK", NULL);
		answer(f, "AT+CCID", "+CCID: 8949010000000012342", "OK", NULL);
		answer(f, "AT+CPINR=\"SIM PIN\"", counts[i], "OK", NULL);
		assert_true(f->finished);
		assert_int_equal(f->status, CONN_EXIT_SIM_LOCKED);
		assert_non_null(strstr(f->log, said[i]));
		assert_int_equal(f->cmd[0], 0);
		free(f);
	}

	/* count unknown, no ICCID either: one attempt; refused: remembered */
	f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: SIM PIN", "OK", NULL);
	answer(f, "AT+CCID", "ERROR", NULL);
	answer(f, "AT+CPINR=\"SIM PIN\"", "ERROR", NULL);
	answer(f, "AT+CPIN=\"1234\"", "+CME ERROR: 16", NULL);
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_SIM_LOCKED);
	assert_non_null(strstr(f->m.reason, "incorrect password"));
	free(f);
	/* a SIM that refused a PIN, with its count full again: not presented */
	f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: SIM PIN", "OK", NULL);
	answer(f, "AT+CCID", "+CCID: 8944150000000012343", "OK", NULL);
	answer(f, "AT+CPINR=\"SIM PIN\"", "+CPINR: SIM PIN,3,3", "OK", NULL);
	answer(f, "AT+CPIN=\"1234\"", "+CME ERROR: 16", NULL);
	assert_int_equal(n_refused, 2);
	assert_string_equal(refused[1], "8944150000000012343/1234");
	free(f);
	f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: SIM PIN", "OK", NULL);
	answer(f, "AT+CCID", "8944150000000012343", "OK", NULL);    /* some modems: digits alone */
	answer(f, "AT+CPINR=\"SIM PIN\"", "+CPINR: SIM PIN,3,3", "OK", NULL);
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_SIM_LOCKED);
	assert_non_null(strstr(f->log, "refused this PIN before"));
	assert_int_equal(f->cmd[0], 0);
	free(f);

	/* no PIN configured, PUK, no SIM */
	struct ppp_config c2 = { .apn = "a" };
	const char *ans[] = { "+CPIN: SIM PIN", "+CPIN: SIM PUK", NULL };
	for (int i = 0; i < 3; i++) {
		f = mk(&c2);
		answer(f, "ATE0", "OK", NULL);
		answer(f, "AT+CMEE=1", "OK", NULL);
		if (ans[i])
			answer(f, "AT+CPIN?", ans[i], "OK", NULL);
		else
			answer(f, "AT+CPIN?", "+CME ERROR: 10", NULL);
		assert_true(f->finished);
		assert_int_equal(f->status, CONN_EXIT_SIM_LOCKED);
		free(f);
	}
}

static void test_sim_busy_waited_out(void **state)
{
	struct ppp_config c = { .apn = "a", .sim_timeout_ms = 3000, .poll_ms = 1000 };
	struct fake *f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "ERROR", NULL);  /* optional */
	answer(f, "AT+CPIN?", "+CME ERROR: 14", NULL);
	assert_int_equal(f->m.state, PPP_S_SIM_WAIT);
	fire(f);
	answer(f, "AT+CPIN?", "+CPIN: NOT READY", "OK", NULL);
	fire(f);
	answer(f, "AT+CPIN?", "+CPIN: READY", "OK", NULL);
	assert_int_equal(f->m.state, PPP_S_REGISTER);
	free(f);
	/* ... but not for ever */
	f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	for (int i = 0; i < 10 && !f->finished; i++) {
		answer(f, "AT+CPIN?", "+CME ERROR: 14", NULL);
		if (!f->finished)
			fire(f);
	}
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_SIM_LOCKED);
	/* said once, then with its count, not once a second */
	const char *first = strstr(f->log, "SIM busy; asking again");
	assert_non_null(first);
	assert_non_null(strstr(f->log, "SIM busy; asking again (2 times more)"));
	assert_null(strstr(strstr(first + 1, "SIM busy; asking again") + 1, "SIM busy; asking again"));
	free(f);
}

static void test_registration_bound_and_urc(void **state)
{
	struct ppp_config c = { .apn = "a", .register_timeout_ms = 5000, .poll_ms = 1000 };
	struct fake *f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: READY", "OK", NULL);
	answer(f, "AT+CEREG?", "+CEREG: 0,2", "OK", NULL);
	answer(f, "AT+CGREG?", "+CGREG: 0,2", "OK", NULL);
	assert_int_equal(f->m.state, PPP_S_REG_WAIT);
	/* a URC saying registered cuts the wait short (confirmed by a query) */
	ppp_sm_urc(&f->m, "+CEREG: 5,\"3A1C\",\"01A2D05\",7");
	assert_int_equal(f->timer, -1);
	answer(f, "AT+CEREG?", "+CEREG: 0,5", "OK", NULL);
	assert_int_equal(f->m.state, PPP_S_PDP);
	free(f);
	/* 3G modem: +CEREG unsupported, +CGREG registered */
	f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: READY", "OK", NULL);
	answer(f, "AT+CEREG?", "ERROR", NULL);
	answer(f, "AT+CGREG?", "+CGREG: 0,1", "OK", NULL);
	assert_int_equal(f->m.state, PPP_S_PDP);
	free(f);
	/* denied until the bound: NO_REGISTRATION, reason named */
	f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	answer(f, "AT+CMEE=1", "OK", NULL);
	answer(f, "AT+CPIN?", "+CPIN: READY", "OK", NULL);
	for (int i = 0; i < 20 && !f->finished; i++) {
		answer(f, "AT+CEREG?", "+CEREG: 0,3", "OK", NULL);
		answer(f, "AT+CGREG?", "+CGREG: 0,3", "OK", NULL);
		if (!f->finished)
			fire(f);
	}
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_NO_REGISTRATION);
	assert_non_null(strstr(f->m.reason, "denied"));
	assert_true(f->now - 1000 <= 7000);
	free(f);
}

static void test_restart_with_backoff(void **state)
{
	struct ppp_config c = { .apn = "a", .backoff_min_ms = 1000, .backoff_max_ms = 4000,
				.max_restarts = 4, .guard_ms = 1000 };
	struct fake *f = mk(&c);
	dial_to_ppp(f, "AT+CGDCONT=1,\"IP\",\"a\"");
	ppp_sm_pppd_up(&f->m);
	uint64_t expect[] = { 1000, 2000, 4000, 4000 };
	for (int i = 0; i < 4; i++) {
		f->rnd = i % 2 ? 1000 : 0;      /* both ends of the jitter */
		ppp_sm_pppd_exit(&f->m, 16);    /* modem hung up */
		assert_non_null(strstr(f->log, "modem-hangup"));
		/* the modem still carries data: AT times out, "+++", ATH */
		answer(f, "AT", NULL);
		assert_int_equal(f->m.state, PPP_S_ESCAPE);
		fire(f);
		assert_true(f->flags & AT_CMD_RAW);
		answer(f, "+++", "OK", NULL);
		fire(f);
		answer(f, "\r", "OK", NULL);
		answer(f, "ATH", "OK", NULL);
		assert_int_equal(f->m.state, PPP_S_BACKOFF);
		/* the shared policy (common/backoff.h): [step / 2, step] */
		uint64_t lo = expect[i] / 2, hi = expect[i];
		assert_true((uint64_t)f->timer >= lo && (uint64_t)f->timer <= hi);
		fire(f);
		dial_to_ppp(f, "AT+CGDCONT=1,\"IP\",\"a\"");
		if (i == 1)
			ppp_sm_pppd_up(&f->m);  /* a link up resets the back-off */
		if (i == 1)
			expect[2] = 1000, expect[3] = 2000;
	}
	assert_int_equal(f->pppd_starts, 5);
	/* the fifth drop exceeds --max-restarts 4 */
	ppp_sm_pppd_exit(&f->m, 15);
	answer(f, "AT", "OK", NULL);
	answer(f, "ATH", "OK", NULL);
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_LINK_LOST);
	assert_non_null(strstr(f->log, "giving up after 4 restart(s)"));
	free(f);
}

static void test_fatal_pppd_exits(void **state)
{
	static const struct { int code; int status; } cases[] = {
		{ 4, CONN_EXIT_CONFIG_FAILED }, { 19, CONN_EXIT_CALL_REJECTED }, { 2, CONN_EXIT_USAGE },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ppp_config c = { .apn = "a", .persist = true };
		struct fake *f = mk(&c);
		dial_to_ppp(f, "AT+CGDCONT=1,\"IP\",\"a\"");
		ppp_sm_pppd_exit(&f->m, cases[i].code);
		answer(f, "AT", "OK", NULL);
		answer(f, "ATH", "OK", NULL);
		assert_true(f->finished);
		assert_int_equal(f->status, cases[i].status);
		free(f);
	}
	/* pppd cannot even start */
	struct ppp_config c = { .apn = "a", .persist = true };
	struct fake *f = calloc(1, sizeof(*f));
	f->timer = -1;
	f->pppd_start_result = -2;
	ppp_sm_init(&f->m, &c, &ops, f);
	ppp_sm_start(&f->m);
	to_registered(f);
	answer(f, "AT+CGDCONT=1,\"IP\",\"a\"", "OK", NULL);
	answer(f, "ATD*99***1#", "CONNECT", NULL);
	answer(f, "AT", "OK", NULL);
	answer(f, "ATH", "OK", NULL);
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_CONFIG_FAILED);
	assert_non_null(strstr(f->m.reason, "pppd not found"));
	free(f);
}

static void test_silent_modem_and_port_gone(void **state)
{
	struct ppp_config c = { .apn = "a" };
	struct fake *f = mk(&c);
	answer(f, "ATE0", NULL);                /* maybe in data mode: escape once */
	fire(f);
	answer(f, "+++", "OK", NULL);
	fire(f);
	answer(f, "\r", "OK", NULL);
	answer(f, "ATH", NULL);
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_MODEM_ERROR);
	free(f);
	f = mk(&c);
	answer(f, "ATE0", "OK", NULL);
	ppp_sm_port_gone(&f->m);
	assert_true(f->finished);
	assert_int_equal(f->status, CONN_EXIT_NO_DEVICE);
	free(f);
}

static void test_port_vanishes_and_returns(void **state)
{
	struct ppp_config c = { .apn = "a", .poll_ms = 500, .backoff_min_ms = 100, .max_restarts = -1 };
	struct fake *f = mk(&c);
	dial_to_ppp(f, "AT+CGDCONT=1,\"IP\",\"a\"");
	ppp_sm_pppd_up(&f->m);
	/* the modem resets: pppd sees the hang-up, the port is gone */
	f->at_result = CL_E_GONE;
	ppp_sm_pppd_exit(&f->m, 16);
	assert_int_equal(f->m.state, PPP_S_WAIT_PORT);
	assert_false(f->finished);
	f->reopen_fails = 2;
	fire(f);
	fire(f);
	assert_int_equal(f->m.state, PPP_S_WAIT_PORT);
	fire(f);                                /* third try: it is back */
	assert_int_equal(f->reopens, 3);
	assert_int_equal(f->m.state, PPP_S_INIT);
	dial_to_ppp(f, "AT+CGDCONT=1,\"IP\",\"a\"");
	assert_non_null(strstr(f->log, "waiting for it to come back"));
	/* gone again while waiting for registration; then stopped while waiting */
	ppp_sm_pppd_exit(&f->m, 16);
	answer(f, "AT", "OK", NULL);
	answer(f, "ATH", "OK", NULL);
	fire(f);
	answer(f, "ATE0", "OK", NULL);
	ppp_sm_port_gone(&f->m);
	assert_int_equal(f->m.state, PPP_S_WAIT_PORT);
	ppp_sm_stop(&f->m);
	assert_true(f->finished);
	assert_int_equal(f->status, 0);
	free(f);
}

static void test_stop_while_dialling(void **state)
{
	struct ppp_config c = { .apn = "a" };
	struct fake *f = mk(&c);
	to_registered(f);
	answer(f, "AT+CGDCONT=1,\"IP\",\"a\"", "OK", NULL);
	assert_string_equal(f->cmd, "ATD*99***1#");
	ppp_sm_stop(&f->m);
	answer(f, "AT", "OK", NULL);
	answer(f, "ATH", "OK", NULL);
	assert_true(f->finished);
	assert_int_equal(f->status, 0);
	free(f);
}

/* ---- pppd options, log lines, exit table ---- */

static void test_options_file(void **state)
{
	char dir[] = "/tmp/test_ppp_XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct pppd_conf c = { .tty = "/dev/ttyUSB2", .baud = 460800, .user = "bob",
			       .password = "p\"a\\ss word", .usepeerdns = true, .defaultroute = false,
			       .ip = PPP_IP_V4V6, .lcp_echo_interval = 10, .lcp_echo_failure = 3,
			       .ipparam = "cellink", .unit = 2 };
	char path[300], why[200];
	assert_int_equal(pppd_write_options(&c, dir, path, sizeof path, why, sizeof why), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	FILE *fp = fopen(path, "r");
	char buf[2048];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = 0;
	const char *want[] = { "\"/dev/ttyUSB2\"\n", "460800\n", "nodetach\n", "noauth\n", "modem\n",
			       "usepeerdns\n", "nodefaultroute\n", "lcp-echo-interval 10\n",
			       "lcp-echo-failure 3\n", "+ipv6\n", "unit 2\n", "user \"bob\"\n",
			       "password \"p\\\"a\\\\ss word\"\n", "ipparam \"cellink\"\n" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(buf, want[i]))
			fail_msg("options file lacks %s:\n%s", want[i], buf);
	assert_null(strstr(buf, "defaultroute\ndefaultroute"));
	assert_null(strstr(buf, "defaultroute-metric"));   /* no default route asked */
	unlink(path);
	/* a default route at a metric: beside the host's own */
	c.defaultroute = true;
	c.metric = 300;
	assert_int_equal(pppd_write_options(&c, dir, path, sizeof path, why, sizeof why), 0);
	fp = fopen(path, "r");
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = 0;
	assert_non_null(strstr(buf, "\ndefaultroute\ndefaultroute-metric 300\n"));
	unlink(path);
	c.metric = -1;
	/* a newline in a value could smuggle an option in: refused */
	c.password = "x\nplugin evil.so";
	assert_true(pppd_write_options(&c, dir, path, sizeof path, why, sizeof why) < 0);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_log_lines_and_exits(void **state)
{
	struct pppd_info i;
	memset(&i, 0, sizeof i);
	assert_int_equal(pppd_parse_line("Using interface ppp0", &i), PPPD_L_IFNAME);
	assert_string_equal(i.ifname, "ppp0");
	assert_int_equal(pppd_parse_line("local  IP address 10.1.2.3", &i), PPPD_L_LOCAL4);
	assert_int_equal(pppd_parse_line("remote IP address 10.1.2.4", &i), PPPD_L_REMOTE4);
	assert_int_equal(pppd_parse_line("primary   DNS address 9.9.9.9", &i), PPPD_L_DNS1);
	assert_int_equal(pppd_parse_line("local  LL address fe80::1c2d:3e4f:5a6b:7c8d", &i), PPPD_L_LOCAL6);
	assert_string_equal(i.local4, "10.1.2.3");
	assert_string_equal(i.remote4, "10.1.2.4");
	assert_string_equal(i.dns1, "9.9.9.9");
	assert_string_equal(i.local6, "fe80::1c2d:3e4f:5a6b:7c8d");
	assert_int_equal(pppd_parse_line("This system lacks kernel support for PPP.", &i), PPPD_L_NO_KERNEL);
	assert_int_equal(pppd_parse_line("local  IP address 1111111111111111111", &i), PPPD_L_OTHER);
	assert_int_equal(pppd_parse_line("LCP: timeout sending Config-Requests", &i), PPPD_L_OTHER);
	assert_string_equal(ppp_exit_lookup(16)->name, "modem-hangup");
	assert_int_equal(ppp_exit_lookup(16)->action, PPPD_RETRY);
	assert_int_equal(ppp_exit_lookup(4)->action, PPPD_FATAL);
	assert_string_equal(ppp_exit_lookup(15)->name, "echo-timeout");
	assert_string_equal(ppp_exit_lookup(99)->name, "unknown");
	for (int k = 0; k <= 19; k++)
		assert_string_not_equal(ppp_exit_lookup(k)->name, "unknown");
	assert_string_equal(ppp_state_name(PPP_S_REG_WAIT), "register-wait");
	assert_string_equal(ppp_ip_pdp_type(PPP_IP_V4V6), "IPV4V6");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dial_sequence),
		cmocka_unit_test(test_custom_dial_and_ipv6),
		cmocka_unit_test(test_pin_flows),
		cmocka_unit_test(test_sim_busy_waited_out),
		cmocka_unit_test(test_registration_bound_and_urc),
		cmocka_unit_test(test_restart_with_backoff),
		cmocka_unit_test(test_fatal_pppd_exits),
		cmocka_unit_test(test_silent_modem_and_port_gone),
		cmocka_unit_test(test_stop_while_dialling),
		cmocka_unit_test(test_port_vanishes_and_returns),
		cmocka_unit_test(test_options_file),
		cmocka_unit_test(test_log_lines_and_exits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
