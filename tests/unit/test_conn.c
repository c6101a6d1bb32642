/* The connection state machine with fake modem and platform operations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "conn/conn.h"

struct fake {
	struct conn c;
	struct conn_config cfg;
	/* script */
	enum conn_sim sim_seq[8];
	unsigned sim_n, sim_i;
	int pin_retries;
	bool pin_ok;
	const char *iccid;
	/* the host's refused-PIN memory: "ICCID/PIN" entries */
	char refused[8][64];
	unsigned n_refused;
	int memory_err;                 /* < 0: the memory cannot be used */
	enum conn_reg reg;
	int start_err;
	int open_err;
	bool identify_silent;           /* the modem never answers identify */
	int raw_ip_ret;
	bool modem_qmap;                /* the modem takes QMAP (WDA) */
	int add_mux_ret;
	unsigned n_add_mux;
	char configured_on[16];         /* the interface configure was given */
	bool device_present;
	unsigned live_rx_step;          /* rx increment per check */
	unsigned live_tx_step;          /* tx increment per check */
	bool live_connected;
	int select_err;                 /* answer to select_network */
	int select_hint;                /* its exit hint (0: no-registration) */
	const char *select_why;
	uint32_t net_mtu;               /* the MTU the network gives */
	bool live_silent;
	uint64_t modem_rx, modem_tx;               /* the liveness requests are never answered */
	/* the host: its own counters (when host_counters), the probe */
	bool host_counters;
	unsigned host_rx_step, host_tx_step;
	uint64_t host_rx, host_tx;
	bool has_probe;
	int probe_answer;               /* 1 answered, 0 not, -1 no verdict ever */
	bool probe_pending;
	unsigned n_probe;
	char probe_addr[48];
	/* observations */
	char calls[2048];
	unsigned n_select;
	unsigned n_open, n_verify, n_close, n_stop, n_configure, n_deconfigure, n_raw;
	uint64_t now;
	int64_t timer;
	bool finished;
	int exit_status;
	char log[8192];
};

/* Appends text and a separator, keeping the newest when full. */
static void append(char *buf, size_t cap, const char *text, const char *sep)
{
	size_t len = strlen(buf), need = strlen(text) + strlen(sep);
	if (len + need + 1 > cap) {
		buf[0] = 0;
		len = 0;
	}
	if (need + 1 > cap)
		return;
	strcat(buf, text);
	strcat(buf, sep);
}

static unsigned count_of(const char *hay, const char *needle);

static void call(struct fake *f, const char *name)
{
	append(f->calls, sizeof(f->calls), name, " ");
}

#define F(m) ((struct fake *)(m))

static int m_open(void *m, struct conn *c)
{
	call(F(m), "open");
	F(m)->n_open++;
	conn_op_done(c, F(m)->open_err, 0, F(m)->open_err ? "cannot open" : NULL);
	return 0;
}
static int m_identify(void *m, struct conn *c)
{
	call(F(m), "identify");
	if (F(m)->identify_silent)
		return 0;
	snprintf(c->st.model, sizeof(c->st.model), "MC7455");
	conn_op_done(c, 0, 0, NULL);
	return 0;
}
static int m_power(void *m, struct conn *c) { call(F(m), "power"); conn_op_done(c, 0, 0, NULL); return 0; }
static int m_sim(void *m, struct conn *c)
{
	struct fake *f = m;
	call(f, "sim");
	unsigned i = f->sim_i < f->sim_n ? f->sim_i++ : f->sim_n - 1;
	c->st.sim = f->sim_seq[i];
	c->st.pin_retries = f->pin_retries;
	snprintf(c->st.iccid, sizeof c->st.iccid, "%s", f->iccid ? f->iccid : "");
	conn_op_done(c, 0, 0, NULL);
	return 0;
}
static int m_verify(void *m, struct conn *c, const char *pin)
{
	struct fake *f = m;
	call(f, "verify");
	f->n_verify++;
	if (f->pin_ok) {
		/* the card is ready from now on */
		f->sim_seq[0] = CONN_SIM_READY;
		f->sim_n = 1;
		f->sim_i = 0;
		conn_op_done(c, 0, 0, NULL);
	} else {
		f->pin_retries--;
		c->st.pin_retries = f->pin_retries;
		c->st.pin_refused = true;
		conn_op_done(c, CL_E_QMI, CONN_EXIT_SIM_LOCKED, "incorrect-pin");
	}
	return 0;
}
static int m_format(void *m, struct conn *c)
{
	call(F(m), "format");
	c->st.modem_raw_ip = true;
	c->st.modem_qmap = c->cfg->mux_id && F(m)->modem_qmap;
	conn_op_done(c, 0, 0, NULL);
	return 0;
}
static int m_reg(void *m, struct conn *c) { call(F(m), "reg"); c->st.reg = F(m)->reg; conn_op_done(c, 0, 0, NULL); return 0; }
static int m_start(void *m, struct conn *c)
{
	struct fake *f = m;
	call(f, "start");
	if (f->start_err) {
		conn_op_done(c, f->start_err, CONN_EXIT_CALL_REJECTED, "rejected: user-authentication-failed");
		return 0;
	}
	c->st.sess[0].up = true;
	c->st.sess[0].handle = 0x1234;
	conn_op_done(c, 0, 0, NULL);
	return 0;
}
static int m_settings(void *m, struct conn *c)
{
	call(F(m), "settings");
	struct conn_ip *ip = &c->st.sess[0].ip;
	ip->valid = true;
	ip->family = 4;
	snprintf(ip->addr, sizeof(ip->addr), "10.64.0.2");
	ip->prefix = 30;
	snprintf(ip->gateway, sizeof(ip->gateway), "10.64.0.1");
	snprintf(ip->dns[0], sizeof(ip->dns[0]), "10.64.0.53");
	ip->mtu = F(m)->net_mtu;
	conn_op_done(c, 0, 0, NULL);
	return 0;
}
static int m_live(void *m, struct conn *c)
{
	struct fake *f = m;
	call(f, "live");
	if (f->live_silent)
		return 0;
	c->st.sessions_connected = f->live_connected;
	/* the modem's own counts, as the adapter reads them each time */
	f->modem_tx += f->live_tx_step;
	f->modem_rx += f->live_rx_step;
	c->st.tx_packets = f->modem_tx;
	c->st.rx_packets = f->modem_rx;
	conn_op_done(c, 0, 0, NULL);
	return 0;
}
static int m_stop(void *m, struct conn *c)
{
	call(F(m), "stop");
	F(m)->n_stop++;
	c->st.sess[0].up = c->st.sess[1].up = false;
	conn_op_done(c, 0, 0, NULL);
	return 0;
}
static int m_close(void *m, struct conn *c) { call(F(m), "close"); F(m)->n_close++; conn_op_done(c, 0, 0, NULL); return 0; }
static int m_select(void *m, struct conn *c)
{
	struct fake *f = m;
	call(f, "select");
	f->n_select++;
	conn_op_done(c, f->select_err, f->select_err ? (f->select_hint ? f->select_hint : CONN_EXIT_NO_REGISTRATION) : 0,
		     f->select_err ? (f->select_why ? f->select_why
				      : "manual registration on the network 99999 failed: no-network-found") : NULL);
	return 0;
}

static const struct conn_modem_ops fake_modem = {
	m_open, m_identify, m_power, m_sim, m_verify, m_format, m_reg, m_start, m_settings, m_live,
	m_stop, m_close, m_select,
};

static int p_raw(void *p, const char *ifname, bool on, char *why, size_t cap)
{
	F(p)->n_raw++;
	snprintf(why, cap, "switched");
	return F(p)->raw_ip_ret;
}
static int p_add_mux(void *p, const char *ifname, uint8_t mux_id, char *why, size_t cap)
{
	struct fake *f = p;
	f->n_add_mux++;
	snprintf(why, cap, "kernel: QMAP mux id %u on %s is qmimux0", mux_id, ifname);
	if (!f->add_mux_ret)
		f->cfg.data_ifname = "qmimux0";
	return f->add_mux_ret;
}
static int p_configure(void *p, const char *ifname, const struct conn_status *st, char *why, size_t cap)
{
	F(p)->n_configure++;
	snprintf(F(p)->configured_on, sizeof F(p)->configured_on, "%s", ifname);
	return 0;
}
static void p_deconfigure(void *p, const char *ifname) { F(p)->n_deconfigure++; }
static int p_counters(void *p, const char *ifname, struct conn_counters *out)
{
	struct fake *f = p;
	if (!f->host_counters)
		return -ENOENT;
	f->host_rx += f->host_rx_step;
	f->host_tx += f->host_tx_step;
	*out = (struct conn_counters){ f->host_rx, f->host_tx, f->host_rx * 100, f->host_tx * 100 };
	return 0;
}
static int p_probe(void *p, const char *ifname, const char *addr, char *why, size_t cap)
{
	struct fake *f = p;
	if (!f->has_probe) {
		snprintf(why, cap, "no ICMP socket: Operation not permitted");
		return -1;
	}
	f->n_probe++;
	snprintf(f->probe_addr, sizeof f->probe_addr, "%s", addr);
	f->probe_pending = f->probe_answer >= 0;
	return 0;
}
static bool p_present(void *p, const char *dev) { return F(p)->device_present; }
static uint64_t p_now(void *p) { return F(p)->now; }
static void p_timer(void *p, int64_t ms) { F(p)->timer = ms; }
static void p_log(void *p, enum conn_log lvl, const char *text)
{
	struct fake *f = p;
	append(f->log, sizeof(f->log), text, "\n");
}
static void p_finished(void *p, int status)
{
	F(p)->finished = true;
	F(p)->exit_status = status;
}

static int p_refused_before(void *p, const char *iccid, const char *pin, char *why, size_t cap)
{
	struct fake *f = p;
	char key[64];
	if (f->memory_err) {
		snprintf(why, cap, "/run/cellink/pin: Permission denied");
		return f->memory_err;
	}
	snprintf(key, sizeof key, "%s/%s", iccid, pin);
	for (unsigned i = 0; i < f->n_refused; i++)
		if (!strcmp(f->refused[i], key))
			return 1;
	return 0;
}
static int p_refused(void *p, const char *iccid, const char *pin, char *why, size_t cap)
{
	struct fake *f = p;
	assert_true(f->n_refused < 8);
	snprintf(f->refused[f->n_refused++], sizeof f->refused[0], "%s/%s", iccid, pin);
	return 0;
}

static const struct conn_platform_ops fake_plat = {
	.set_raw_ip = p_raw, .add_mux = p_add_mux, .configure = p_configure, .deconfigure = p_deconfigure,
	.device_present = p_present, .now_ms = p_now, .timer = p_timer, .log = p_log,
	.finished = p_finished, .pin_refused_before = p_refused_before, .pin_refused = p_refused,
	.link_counters = p_counters, .probe = p_probe,
};

static int setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	conn_config_defaults(&f->cfg);
	f->cfg.device = "/dev/cdc-wdm0";
	f->cfg.apn = "internet";
	f->sim_seq[0] = CONN_SIM_READY;
	f->sim_n = 1;
	f->pin_retries = 3;
	f->reg = CONN_REG_HOME;
	f->live_connected = true;
	f->live_rx_step = 10;
	f->live_tx_step = 10;
	f->net_mtu = 1500;
	f->timer = -1;
	conn_init(&f->c, &f->cfg, &fake_modem, f, &fake_plat, f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Fires the armed timer after advancing the clock by its delay. */
static void fire(struct fake *f)
{
	if (f->probe_pending) {         /* the host's verdict comes before the next timer */
		f->probe_pending = false;
		conn_probe_done(&f->c, f->probe_answer == 1);
		return;
	}
	assert_true(f->timer >= 0);
	f->now += (uint64_t)f->timer;
	f->timer = -1;
	conn_timer_fired(&f->c);
}

static void bring_up_in_order(void **state)
{
	struct fake *f = *state;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_string_equal(f->calls, "open identify power sim format reg start settings ");
	assert_int_equal(f->n_raw, 1);
	assert_int_equal(f->n_configure, 1);
	assert_int_equal(f->timer, f->cfg.liveness_ms);
	assert_non_null(strstr(f->log, "link up"));
	/* clean stop: sessions stopped, interface cleaned, ids released */
	conn_stop(&f->c);
	assert_int_equal(f->c.state, CONN_S_STOPPED);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_OK);
	assert_int_equal(f->n_stop, 1);
	assert_int_equal(f->n_close, 1);
	assert_int_equal(f->n_deconfigure, 1);
}

static void pin_verified_when_enough_attempts(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = "9876";
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_ok = true;
	conn_start(&f->c);
	assert_int_equal(f->n_verify, 1);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_null(strstr(f->log, "9876"));        /* the PIN never reaches the log */
}

/* A new run of the machine against the same SIM and the same memory (a
 * restart of cellink): the modem's script is kept, the machine is new. */
static void restart(struct fake *f)
{
	f->finished = false;
	f->exit_status = -1;
	f->sim_i = 0;
	memset(&f->c, 0, sizeof f->c);
	conn_init(&f->c, &f->cfg, &fake_modem, f, &fake_plat, f);
	conn_start(&f->c);
}

/* Only with the full count of attempts left: with 1 or 2 nothing is tried. */
static void pin_never_burns_last_attempts(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = "1234";
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_ok = true;
	f->pin_retries = 1;
	conn_start(&f->c);
	assert_int_equal(f->n_verify, 0);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	assert_int_equal(f->n_close, 1);
	assert_non_null(strstr(f->c.why, "only 1 attempt left of 3"));
	f->pin_retries = 2;
	restart(f);
	assert_int_equal(f->n_verify, 0);
	assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	assert_non_null(strstr(f->c.why, "only 2 attempts left of 3"));
	f->pin_retries = 3;
	restart(f);
	assert_int_equal(f->n_verify, 1);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}

/* A wrong PIN costs one attempt, however often cellink starts; the memory
 * holds it even when the SIM's counter is full again (the owner entered the
 * right PIN by hand), while a new PIN, or the same PIN for another SIM, is
 * still presented. */
static void wrong_pin_costs_one_attempt_across_restarts(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = "0000";
	f->iccid = "8949010000000012342";
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_retries = 3;
	conn_start(&f->c);
	assert_int_equal(f->n_verify, 1);
	assert_int_equal(f->pin_retries, 2);
	assert_int_equal(f->n_refused, 1);
	assert_string_equal(f->refused[0], "8949010000000012342/0000");
	assert_non_null(strstr(f->c.why, "refused the PIN (2 attempts left)"));
	for (int run = 0; run < 4; run++) {
		restart(f);
		assert_true(f->finished);
		assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	}
	assert_int_equal(f->n_verify, 1);
	assert_int_equal(f->pin_retries, 2);
	/* the counter is full again: the refused PIN still is not presented */
	f->pin_retries = 3;
	restart(f);
	assert_int_equal(f->n_verify, 1);
	assert_non_null(strstr(f->c.why, "refused this PIN before"));
	/* another SIM with the same wrong PIN gets its one try */
	f->iccid = "8944150000000012343";
	restart(f);
	assert_int_equal(f->n_verify, 2);
	assert_int_equal(f->n_refused, 2);
	/* the right PIN, after a refused one, is presented */
	f->iccid = "8949010000000012342";
	f->pin_retries = 3;
	f->cfg.pin = "4321";
	f->pin_ok = true;
	restart(f);
	assert_int_equal(f->n_verify, 3);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}

/* When the memory cannot be used, no PIN is presented. */
static void pin_not_presented_without_memory(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = "1234";
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_ok = true;
	f->memory_err = -13;
	conn_start(&f->c);
	assert_int_equal(f->n_verify, 0);
	assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	assert_non_null(strstr(f->c.why, "Permission denied"));
}

/* The last attempt: singular. */
static void attempts_singular_and_plural(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = "1234";
	f->cfg.pin_full_attempts = 2;   /* a card with two attempts in all */
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_retries = 2;
	conn_start(&f->c);
	assert_int_equal(f->n_verify, 1);
	assert_non_null(strstr(f->log, "(2 attempts left)"));
	assert_non_null(strstr(f->c.why, "(1 attempt left)"));
	assert_null(strstr(f->c.why, "attempt(s)"));
}

/* Even a persistent run presents a wrong PIN once; it then holds in a
 * clear state, the count untouched, until a human stops it. */
static void wrong_pin_tried_once(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = "0000";
	f->cfg.persist = true;
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_retries = 3;
	f->pin_ok = false;
	conn_start(&f->c);
	assert_int_equal(f->n_verify, 1);
	assert_false(f->finished);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	assert_non_null(strstr(f->c.why, "refused the PIN"));
	assert_non_null(strstr(f->log, "waiting for a usable SIM"));
	for (int i = 0; i < 50; i++)
		fire(f);
	assert_int_equal(f->n_verify, 1);
	assert_int_equal(f->pin_retries, 2);
	assert_false(f->finished);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	/* the wait is said once, then counted */
	assert_int_equal(count_of(f->log, "waiting for a usable SIM"), 1);
	conn_stop(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_OK);
	assert_int_equal(f->n_close, 1);
}

/* A second PDN of a shared modem never presents the PIN: it holds, naming
 * the section that does, and comes up once the card is ready. */
static void pin_left_to_the_lead_pdn(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = NULL;
	f->cfg.pin_by = "wan";
	f->cfg.persist = true;
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_retries = 3;
	conn_start(&f->c);
	assert_int_equal(f->n_verify, 0);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	assert_non_null(strstr(f->c.why, "'wan', which shares this modem, presents it"));
	for (int i = 0; i < 5; i++)
		fire(f);
	assert_int_equal(f->n_verify, 0);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	/* the lead's PIN went in: the card is ready */
	f->sim_seq[0] = CONN_SIM_READY;
	fire(f);
	assert_int_equal(f->n_verify, 0);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}

/* SIM hot-swap: a link that was up survives the card's removal, holds
 * while it is out, and comes back when a card is ready again; a card that
 * wants its PIN takes the configured one (the full count left); only a
 * stop ends the run. */
static void sim_hot_swap_holds_and_returns(void **state)
{
	struct fake *f = *state;
	f->cfg.pin = "4321";
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	/* the card is pulled: the session drops, the SIM is absent */
	f->sim_seq[0] = CONN_SIM_ABSENT;
	f->live_connected = false;
	fire(f);                                /* liveness: dropped */
	for (int i = 0; i < 20 && f->c.state != CONN_S_SIM_HOLD; i++)
		fire(f);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	assert_non_null(strstr(f->c.why, "no SIM card"));
	for (int i = 0; i < 100; i++)
		fire(f);
	assert_false(f->finished);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	unsigned opens = f->n_open;
	/* a card that is ready: the bring-up goes on */
	f->sim_seq[0] = CONN_SIM_READY;
	f->live_connected = true;
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->n_open, opens);     /* the modem stayed open */
	assert_non_null(strstr(f->log, "SIM ready: bringing the link up again"));
	/* pulled again, and a card that wants its PIN comes back */
	f->sim_seq[0] = CONN_SIM_ABSENT;
	f->live_connected = false;
	fire(f);
	for (int i = 0; i < 20 && f->c.state != CONN_S_SIM_HOLD; i++)
		fire(f);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_ok = true;
	f->live_connected = true;
	fire(f);
	assert_int_equal(f->n_verify, 1);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	/* and a card whose PIN is not ours: one attempt, then a wait */
	f->sim_seq[0] = CONN_SIM_ABSENT;
	f->live_connected = false;
	fire(f);
	for (int i = 0; i < 20 && f->c.state != CONN_S_SIM_HOLD; i++)
		fire(f);
	f->sim_seq[0] = CONN_SIM_PIN;
	f->sim_n = 1;
	f->pin_ok = false;
	f->iccid = "8944150000000012343";
	for (int i = 0; i < 30; i++)
		fire(f);
	assert_int_equal(f->n_verify, 2);
	assert_int_equal(f->c.state, CONN_S_SIM_HOLD);
	assert_false(f->finished);
	/* out and in again: the refused PIN is not presented to it again */
	f->sim_seq[0] = CONN_SIM_ABSENT;
	fire(f);
	f->sim_seq[0] = CONN_SIM_PIN;
	f->pin_retries = 3;                     /* the owner entered it by hand elsewhere */
	for (int i = 0; i < 30; i++)
		fire(f);
	assert_int_equal(f->n_verify, 2);
	assert_non_null(strstr(f->c.why, "refused this PIN before"));
	conn_stop(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_OK);
}

/* Before a first link and without persist, a SIM we cannot use still
 * ends the run (exit 12), as a one-off connect expects. */
static void sim_states_reported(void **state)
{
	static const struct { enum conn_sim s; const char *why; } cases[] = {
		{ CONN_SIM_PUK, "PUK" }, { CONN_SIM_ABSENT, "no SIM" }, { CONN_SIM_BLOCKED, "permanently" },
		{ CONN_SIM_PIN, "needs a PIN" },
	};
	for (unsigned i = 0; i < 4; i++) {
		struct fake *f = *state;
		memset(f->calls, 0, sizeof(f->calls));
		f->finished = false;
		f->sim_seq[0] = cases[i].s;
		f->sim_n = 1;
		f->sim_i = 0;
		conn_init(&f->c, &f->cfg, &fake_modem, f, &fake_plat, f);
		conn_start(&f->c);
		assert_true(f->finished);
		assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
		assert_non_null(strstr(f->c.why, cases[i].why));
	}
}

static void sim_not_initialised_is_waited_out(void **state)
{
	struct fake *f = *state;
	f->sim_seq[0] = CONN_SIM_NOT_READY;
	f->sim_seq[1] = CONN_SIM_NOT_READY;
	f->sim_seq[2] = CONN_SIM_READY;
	f->sim_n = 3;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_SIM_WAIT);
	assert_int_equal(f->timer, f->cfg.poll_ms);
	fire(f);
	assert_int_equal(f->c.state, CONN_S_SIM_WAIT);
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}

static void sim_wait_is_bounded(void **state)
{
	struct fake *f = *state;
	f->sim_seq[0] = CONN_SIM_NOT_READY;
	f->sim_n = 1;
	conn_start(&f->c);
	for (int i = 0; i < 100 && !f->finished; i++)
		fire(f);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	assert_true(f->now >= f->cfg.sim_wait_ms);
	assert_true(f->now <= f->cfg.sim_wait_ms + 2 * f->cfg.poll_ms);
}

static void no_registration_times_out(void **state)
{
	struct fake *f = *state;
	f->reg = CONN_REG_SEARCHING;
	f->cfg.register_timeout_ms = 5000;
	conn_start(&f->c);
	for (int i = 0; i < 100 && !f->finished; i++)
		fire(f);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_NO_REGISTRATION);
	assert_int_equal(f->n_close, 1);        /* client ids released on the way out */
	assert_true(f->now >= 5000 && f->now <= 7000);
}

/* OpenWrt's timeout '0': wait for the SIM and for registration for ever */
static void zero_bounds_wait_for_ever(void **state)
{
	struct fake *f = *state;
	f->cfg.sim_wait_ms = 0;
	f->cfg.register_timeout_ms = 0;
	f->sim_seq[0] = CONN_SIM_NOT_READY;
	f->sim_n = 1;
	f->reg = CONN_REG_SEARCHING;
	conn_start(&f->c);
	/* two virtual hours of a SIM that is not ready */
	while (f->now < 2ull * 3600 * 1000 && !f->finished)
		fire(f);
	assert_false(f->finished);
	assert_int_equal(f->c.state, CONN_S_SIM_WAIT);
	/* the SIM comes up; registration then waits two virtual hours too */
	f->sim_seq[0] = CONN_SIM_READY;
	uint64_t t0 = f->now;
	while (f->now < t0 + 2ull * 3600 * 1000 && !f->finished)
		fire(f);
	assert_false(f->finished);
	assert_true(f->c.state == CONN_S_REG_WAIT || f->c.state == CONN_S_REGISTER);
	f->reg = CONN_REG_HOME;
	for (int i = 0; i < 10 && f->c.state != CONN_S_CONNECTED; i++)
		fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}

static void call_rejected_reports_reason(void **state)
{
	struct fake *f = *state;
	f->start_err = CL_E_QMI;
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_CALL_REJECTED);
	assert_non_null(strstr(f->c.why, "user-authentication-failed"));
	assert_int_equal(f->n_close, 1);
}

static void kernel_without_raw_ip(void **state)
{
	struct fake *f = *state;
	f->raw_ip_ret = -ENOENT;
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_NO_RAW_IP);
	assert_non_null(strstr(f->c.why, "newer kernel"));
	assert_null(strstr(f->calls, "start"));
}

/* QMAP: the mux interface is made after the data format and is the one
 * configured; a modem without QMAP or a kernel without add_mux stops the
 * bring-up before any session, with the reason */
static void qmap_mux_interface(void **state)
{
	struct fake *f = *state;
	f->cfg.mux_id = 3;
	f->modem_qmap = true;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->n_add_mux, 1);
	assert_string_equal(f->configured_on, "qmimux0");
	assert_non_null(strstr(f->log, "data format: raw-ip, QMAP"));
}

static void qmap_refused_by_modem(void **state)
{
	struct fake *f = *state;
	f->cfg.mux_id = 1;
	f->modem_qmap = false;
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_CONFIG_FAILED);
	assert_non_null(strstr(f->c.why, "the modem refused QMAP"));
	assert_int_equal(f->n_add_mux, 0);
	assert_null(strstr(f->calls, "start"));
}

static void qmap_kernel_without_add_mux(void **state)
{
	struct fake *f = *state;
	f->cfg.mux_id = 1;
	f->modem_qmap = true;
	f->add_mux_ret = -ENOENT;
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_CONFIG_FAILED);
	assert_non_null(strstr(f->c.why, "has no qmi/add_mux"));
	assert_null(strstr(f->calls, "start"));
}

static void drop_backs_off_and_reconnects(void **state)
{
	struct fake *f = *state;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	snprintf(f->c.why, sizeof(f->c.why), "the network ended the session");
	conn_post(&f->c, CONN_EV_DROP);
	assert_int_equal(f->c.state, CONN_S_BACKOFF);
	assert_int_equal(f->n_stop, 1);
	assert_int_equal(f->n_close, 1);
	assert_int_equal(f->n_deconfigure, 1);
	assert_true(f->timer >= f->cfg.backoff_min_ms / 2 && f->timer <= f->cfg.backoff_min_ms);
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->n_open, 2);
}

static void backoff_grows_and_stays_bounded(void **state)
{
	struct conn_config cfg;
	conn_config_defaults(&cfg);
	cfg.backoff_min_ms = 1000;
	cfg.backoff_max_ms = 30000;
	uint32_t rng = 12345;
	uint64_t prev_cap = 0, distinct = 0, last = 0;
	for (unsigned n = 0; n < 40; n++) {
		uint64_t cap = 1000;
		for (unsigned i = 0; i < n && cap < 30000; i++)
			cap *= 2;
		if (cap > 30000)
			cap = 30000;
		assert_true(cap >= prev_cap);
		prev_cap = cap;
		for (int k = 0; k < 20; k++) {
			uint64_t d = conn_backoff_ms(&cfg, n, &rng);
			assert_true(d >= cap / 2);
			assert_true(d <= cap);
			distinct += d != last;
			last = d;
		}
	}
	assert_true(distinct > 700);            /* jitter: values differ */
}

static void persistent_failure_keeps_trying(void **state)
{
	struct fake *f = *state;
	f->cfg.persist = true;
	f->start_err = CL_E_QMI;
	conn_start(&f->c);
	for (int i = 0; i < 30; i++) {
		assert_int_equal(f->c.state, CONN_S_BACKOFF);
		assert_true(f->timer <= (int64_t)f->cfg.backoff_max_ms);
		fire(f);
	}
	assert_false(f->finished);
	assert_int_equal(f->n_open, 31);
	assert_int_equal(f->n_close, 31);       /* every attempt gave its ids back */
}

static void refuses_events_not_in_table(void **state)
{
	struct fake *f = *state;
	conn_post(&f->c, CONN_EV_OK);
	assert_int_equal(f->c.state, CONN_S_IDLE);
	assert_int_equal(f->c.refused, 1);
	assert_non_null(strstr(f->log, "refused"));
	assert_int_equal(conn_table_next(CONN_S_CONNECTED, CONN_EV_PIN), -1);
	assert_int_equal(conn_table_next(CONN_S_STOPPED, CONN_EV_START), -1);
	assert_int_equal(conn_table_next(CONN_S_CONNECTED, CONN_EV_DROP), CONN_S_TEARDOWN);
	conn_start(&f->c);
	conn_post(&f->c, CONN_EV_START);        /* already started */
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->c.refused, 2);
	/* every state that can be in flight accepts STOP or is on its way out */
	for (int s = CONN_S_OPENING; s < CONN_S_STOPPED; s++)
		if (s != CONN_S_DISCONNECTING && s != CONN_S_CLOSING)
			assert_true(conn_table_next((enum conn_state)s, CONN_EV_STOP) >= 0);
}

/* Counters one-way, the modem counts nothing arriving, the probe of the
 * gateway unanswered: a phantom session, dropped. */
static void phantom_session_is_dropped(void **state)
{
	struct fake *f = *state;
	f->live_rx_step = 0;
	f->has_probe = true;
	f->probe_answer = 0;
	conn_start(&f->c);
	for (unsigned i = 0; i < f->cfg.phantom_checks; i++) {
		assert_int_equal(f->c.state, CONN_S_CONNECTED);
		fire(f);
	}
	assert_int_equal(f->c.state, CONN_S_PROBING);
	assert_string_equal(f->probe_addr, "10.64.0.1");
	fire(f);                                /* no answer */
	assert_int_equal(f->c.state, CONN_S_BACKOFF);
	assert_non_null(strstr(f->log, "did not answer a probe"));
	assert_int_equal(f->n_probe, 1);
}

/* One-way traffic (a UDP sender, nothing back): the probe is answered and
 * the link stays, over many liveness periods; a probe with no verdict
 * counts as unanswered. */
static void one_way_traffic_is_not_phantom(void **state)
{
	struct fake *f = *state;
	f->live_rx_step = 0;
	f->has_probe = true;
	f->probe_answer = 1;
	f->cfg.probe = "192.0.2.7";
	conn_start(&f->c);
	for (int i = 0; i < 40; i++)
		fire(f);
	assert_int_equal(f->n_open, 1);
	assert_int_equal(f->n_stop, 0);
	assert_true(f->n_probe >= 5);
	assert_string_equal(f->probe_addr, "192.0.2.7");
	assert_true(f->c.state == CONN_S_CONNECTED || f->c.state == CONN_S_PROBING);
	assert_non_null(strstr(f->log, "answered a probe"));
	/* the host never says: bounded by probe_timeout_ms, then dropped */
	f->probe_answer = -1;
	for (int i = 0; i < 10 && f->c.state != CONN_S_PROBING; i++)
		fire(f);
	assert_int_equal(f->c.state, CONN_S_PROBING);
	assert_int_equal(f->timer, f->cfg.probe_timeout_ms);
	fire(f);
	assert_int_equal(f->c.state, CONN_S_BACKOFF);
	assert_non_null(strstr(f->c.why, "no verdict"));
}

/* The host's counters one-way but the modem counts packets arriving: no
 * probe, no reconnect. Without a probe, counters alone never reconnect. */
static void modem_counters_or_no_probe_keep_the_link(void **state)
{
	struct fake *f = *state;
	f->host_counters = true;
	f->host_tx_step = 10;
	f->host_rx_step = 0;
	f->live_rx_step = 5;                    /* the modem's count moves */
	f->has_probe = true;
	f->probe_answer = 0;
	conn_start(&f->c);
	for (int i = 0; i < 20; i++)
		fire(f);
	assert_int_equal(f->n_probe, 0);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_non_null(strstr(f->log, "the modem counts packets arriving"));
	/* the bytes come from the same host counters as the packets */
	assert_true(f->c.st.tx_packets > 0);
	assert_int_equal(f->c.st.tx_bytes, f->c.st.tx_packets * 100);
	assert_int_equal(f->c.st.rx_bytes, f->c.st.rx_packets * 100);
	f->live_rx_step = 0;
	f->has_probe = false;                   /* the host cannot probe */
	for (int i = 0; i < 20; i++)
		fire(f);
	assert_int_equal(f->n_open, 1);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_non_null(strstr(f->log, "no probe can be sent"));
}

/* A liveness request the modem does not answer: straight to a reopen
 * (close and open), no stop-network sent to the silent service. */
static void silent_check_reopens_at_once(void **state)
{
	struct fake *f = *state;
	conn_start(&f->c);
	f->live_silent = true;
	fire(f);                                /* liveness period */
	assert_int_equal(f->c.state, CONN_S_CHECKING);
	assert_int_equal(f->timer, f->cfg.op_timeout_ms);
	f->live_silent = false;
	fire(f);                                /* the request's bound */
	assert_int_equal(f->n_stop, 0);
	assert_int_equal(f->n_close, 1);
	assert_int_equal(f->n_deconfigure, 1);
	assert_int_equal(f->c.state, CONN_S_BACKOFF);
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->n_open, 2);
}

/* Before the first link, a silent modem gets initial_retries more tries
 * (each bounded by the operation timeout), then the run ends with the
 * modem error, every attempt having given its client ids back. */
static void silent_modem_retried_then_reported(void **state)
{
	struct fake *f = *state;
	f->identify_silent = true;
	conn_start(&f->c);
	for (int i = 0; i < 20 && !f->finished; i++)
		fire(f);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_MODEM_ERROR);
	assert_int_equal(f->n_open, 1 + f->cfg.initial_retries);
	assert_int_equal(f->n_close, f->n_open);
	assert_non_null(strstr(f->c.why, "did not answer"));
}

/* An idle link where the host sends a stray packet now and then and
 * nothing comes back is not a phantom session. */
static void idle_link_is_not_phantom(void **state)
{
	struct fake *f = *state;
	f->live_rx_step = 0;
	f->live_tx_step = 1;
	conn_start(&f->c);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(f->c.state, CONN_S_CONNECTED);
		fire(f);
	}
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_null(strstr(f->log, "phantom"));
}

static void vanished_device_is_reopened(void **state)
{
	struct fake *f = *state;
	conn_start(&f->c);
	f->device_present = false;
	conn_post(&f->c, CONN_EV_GONE);
	assert_int_equal(f->c.state, CONN_S_WAIT_DEVICE);
	assert_int_equal(f->n_deconfigure, 1);
	fire(f);
	assert_int_equal(f->c.state, CONN_S_WAIT_DEVICE);
	f->device_present = true;
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->n_open, 2);
}

static void missing_or_busy_device_at_start(void **state)
{
	struct fake *f = *state;
	f->open_err = -ENOENT;
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_NO_DEVICE);
	f->finished = false;
	f->open_err = -EBUSY;
	conn_init(&f->c, &f->cfg, &fake_modem, f, &fake_plat, f);
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_DEVICE_BUSY);
	assert_string_equal(conn_exit_name(CONN_EXIT_CALL_REJECTED), "CALL_REJECTED");
	assert_non_null(strstr(conn_exit_text(CONN_EXIT_NO_RAW_IP), "raw_ip"));
}

/* ---- OpenWrt's delay, modes, plmn, mtu ---- */

static void delay_waits_on_a_timer(void **state)
{
	struct fake *f = *state;
	f->cfg.delay_ms = 3000;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_DELAY);
	assert_string_equal(f->calls, "");              /* nothing sent yet */
	assert_int_equal(f->timer, 3000);
	assert_non_null(strstr(f->log, "waiting 3.0 s"));
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->now, 3000);
	/* a reconnect does not wait again: only the back-off */
	conn_post(&f->c, CONN_EV_DROP);
	assert_int_equal(f->c.state, CONN_S_BACKOFF);
	assert_true(f->timer >= 0 && f->timer <= 1000);
}

static void stop_during_delay(void **state)
{
	struct fake *f = *state;
	f->cfg.delay_ms = 60000;
	conn_start(&f->c);
	conn_stop(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_OK);
	assert_int_equal(f->n_open, 0);
	assert_int_equal(f->n_close, 0);
	assert_int_equal(f->timer, -1);                 /* the delay timer is gone */
}

static void network_selected_before_registration(void **state)
{
	struct fake *f = *state;
	f->cfg.modes = CONN_MODES_LTE | CONN_MODES_UMTS;
	f->cfg.plmn = "26201";
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_string_equal(f->calls, "open identify power sim format select reg start settings ");
	assert_non_null(strstr(f->log, "modes lte,umts, manual registration on 26201"));
}

static void modes_alone_select_network(void **state)
{
	struct fake *f = *state;
	f->cfg.modes = CONN_MODES_GSM;
	f->cfg.plmn = "";                               /* automatic */
	conn_start(&f->c);
	assert_int_equal(f->n_select, 1);
	assert_non_null(strstr(f->log, "modes gsm, automatic registration"));
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}

static void wrong_plmn_is_final(void **state)
{
	struct fake *f = *state;
	f->cfg.plmn = "99999";
	f->select_err = CL_E_QMI;
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_NO_REGISTRATION);
	assert_int_equal(f->n_select, 1);               /* not retried: the answer was definite */
	assert_null(strstr(f->calls, "reg"));
	assert_non_null(strstr(f->c.why, "no-network-found"));
	assert_int_equal(f->n_close, 1);
}

static void wrong_plmn_retried_when_persisting(void **state)
{
	struct fake *f = *state;
	f->cfg.plmn = "99999";
	f->cfg.persist = true;
	f->select_err = CL_E_QMI;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_BACKOFF);
	fire(f);
	assert_int_equal(f->n_select, 2);
	f->select_err = 0;                              /* the network is back */
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}


/* roaming '0': a one-shot run ends with ROAMING, no data call is made */
static void roaming_refused_one_shot(void **state)
{
	struct fake *f = *state;
	f->reg = CONN_REG_ROAMING;
	f->cfg.no_roaming = true;
	snprintf(f->c.st.operator_name, sizeof f->c.st.operator_name, "Visited Net");
	conn_start(&f->c);
	for (int i = 0; i < 20 && !f->finished; i++)
		fire(f);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_ROAMING);
	assert_null(strstr(f->calls, "start"));
	assert_non_null(strstr(f->c.why, "registered on Visited Net while roaming, and roaming is not allowed"));
	assert_int_equal(f->n_close, 1);
	assert_string_equal(conn_exit_name(CONN_EXIT_ROAMING), "ROAMING");
}

/* roaming is allowed unless told otherwise */
static void roaming_allowed_by_default(void **state)
{
	struct fake *f = *state;
	f->reg = CONN_REG_ROAMING;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
}

/* persisting, the run waits (unbounded by the registration timeout) for
 * the home network, saying why, and connects when it is back */
static void roaming_waits_for_home(void **state)
{
	struct fake *f = *state;
	f->reg = CONN_REG_ROAMING;
	f->cfg.no_roaming = true;
	f->cfg.persist = true;
	conn_start(&f->c);
	while (f->now < 3600ull * 1000 && !f->finished)
		fire(f);
	assert_false(f->finished);
	assert_true(f->c.state == CONN_S_REG_WAIT || f->c.state == CONN_S_REGISTER);
	assert_null(strstr(f->calls, "start"));
	assert_non_null(strstr(f->c.why, "roaming is not allowed"));
	/* said once, then counted (a line every 10 virtual minutes), not once per poll */
	unsigned said = count_of(f->log, "roaming is not allowed (roaming '0'): not connecting; waiting");
	assert_true(said >= 1 && said <= 1 + 60 / 10);
	assert_non_null(strstr(f->log, "times more, over"));
	f->reg = CONN_REG_HOME;
	f->c.st.reg = CONN_REG_HOME;
	conn_post(&f->c, CONN_EV_REG_CHANGED);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_string_equal(f->c.why, "");      /* home again: the refusal is history */
}

/* a link that starts roaming is taken down at once, and comes back home */
static void roaming_ends_a_link(void **state)
{
	struct fake *f = *state;
	f->cfg.no_roaming = true;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	f->reg = CONN_REG_ROAMING;
	f->c.st.reg = CONN_REG_ROAMING;         /* the adapter read the indication */
	conn_post(&f->c, CONN_EV_REG_CHANGED);
	assert_int_equal(f->n_stop, 1);
	assert_int_equal(f->n_deconfigure, 1);
	assert_int_equal(f->c.state, CONN_S_BACKOFF);
	for (int i = 0; i < 5; i++)
		fire(f);
	assert_int_equal(f->c.state, CONN_S_REG_WAIT);
	assert_int_equal(count_of(f->calls, "start"), 1);
	f->reg = CONN_REG_HOME;
	f->c.st.reg = CONN_REG_HOME;
	conn_post(&f->c, CONN_EV_REG_CHANGED);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	/* a change that is not roaming only brings a check forward */
	f->c.st.reg = CONN_REG_SEARCHING;
	conn_post(&f->c, CONN_EV_REG_CHANGED);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->n_stop, 1);
}

/* lte_bands/nr_bands go to the modem before registration */
static void bands_locked_before_registration(void **state)
{
	struct fake *f = *state;
	struct band_sel sel;
	char why[200];
	char *words[] = { "lte:3,7,20", "nr:78" };
	assert_int_equal(band_sel_parse(2, words, &sel, why, sizeof why), 0);
	f->cfg.bands = &sel;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_string_equal(f->calls, "open identify power sim format select reg start settings ");
	assert_non_null(strstr(f->log, "network selection: modes all, bands lte 3,7,20 nr 78, automatic registration"));
}

/* a band the modem lacks is a configuration error: final, even persisting */
static void unsupported_band_is_final(void **state)
{
	struct fake *f = *state;
	struct band_sel sel;
	char why[200];
	char *words[] = { "lte:42" };
	assert_int_equal(band_sel_parse(1, words, &sel, why, sizeof why), 0);
	f->cfg.bands = &sel;
	f->cfg.persist = true;
	f->select_err = -EINVAL;
	f->select_hint = CONN_EXIT_USAGE;
	f->select_why = "lte_bands/nr_bands: LTE band 42 is not supported by this modem (it has 1,3)";
	conn_start(&f->c);
	assert_true(f->finished);
	assert_int_equal(f->exit_status, CONN_EXIT_USAGE);
	assert_int_equal(f->n_select, 1);
	assert_null(strstr(f->calls, "reg"));
	assert_non_null(strstr(f->c.why, "LTE band 42 is not supported"));
}

static void mtu_overrides_the_network(void **state)
{
	struct fake *f = *state;
	f->net_mtu = 1430;
	f->cfg.mtu = 1280;
	conn_start(&f->c);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(f->c.st.sess[0].ip.mtu, 1280);  /* what the host and the hooks see */
	assert_non_null(strstr(f->log, "mtu 1280 as configured (the network said 1430)"));
}

static void network_mtu_kept_by_default(void **state)
{
	struct fake *f = *state;
	f->net_mtu = 1430;
	conn_start(&f->c);
	assert_int_equal(f->c.st.sess[0].ip.mtu, 1430);
	assert_null(strstr(f->log, "as configured"));
}

static void plmn_and_modes_parse(void **state)
{
	uint16_t mcc = 0, mnc = 0;
	bool mnc3 = true;
	assert_int_equal(conn_plmn_parse("26201", &mcc, &mnc, &mnc3), 0);
	assert_int_equal(mcc, 262);
	assert_int_equal(mnc, 1);
	assert_false(mnc3);
	assert_int_equal(conn_plmn_parse("310410", &mcc, &mnc, &mnc3), 0);
	assert_int_equal(mcc, 310);
	assert_int_equal(mnc, 410);
	assert_true(mnc3);
	assert_int_equal(conn_plmn_parse("2620", &mcc, &mnc, &mnc3), -EINVAL);
	assert_int_equal(conn_plmn_parse("2620a1", &mcc, &mnc, &mnc3), -EINVAL);
	assert_int_equal(conn_plmn_parse(NULL, &mcc, &mnc, &mnc3), -EINVAL);
	unsigned m = 0xff;
	char text[64];
	assert_int_equal(conn_modes_parse("all", &m), 0);
	assert_int_equal(m, CONN_MODES_ALL);
	assert_int_equal(conn_modes_parse("lte,umts td-scdma", &m), 0);
	assert_int_equal(m, CONN_MODES_LTE | CONN_MODES_UMTS | CONN_MODES_TDSCDMA);
	conn_modes_text(m, text, sizeof(text));
	assert_string_equal(text, "lte,umts,td-scdma");
	assert_int_equal(conn_modes_parse("lte,5g", &m), -EINVAL);
	assert_int_equal(conn_modes_parse("", &m), -EINVAL);
	conn_modes_text(CONN_MODES_ALL, text, sizeof(text));
	assert_string_equal(text, "all");
}

static unsigned count_of(const char *hay, const char *needle)
{
	unsigned n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* A wait polled every second is logged once, then with its count when it
 * ends (OpenWrt's log ring is small). */
static void repeated_wait_logged_once_with_count(void **state)
{
	struct fake *f = *state;
	f->reg = CONN_REG_SEARCHING;
	conn_start(&f->c);
	for (int i = 0; i < 5; i++)
		fire(f);
	f->reg = CONN_REG_HOME;
	fire(f);
	assert_int_equal(f->c.state, CONN_S_CONNECTED);
	assert_int_equal(count_of(f->log, "waiting for registration (searching)"), 2);
	assert_non_null(strstr(f->log, "waiting for registration (searching) (5 times more, over 5 s)\n"
					"registered (home)"));
}

/* Said twice: "1 time more"; a wait of hours still shows every ten minutes. */
static void repeated_wait_singular_and_long(void **state)
{
	struct fake *f = *state;
	f->reg = CONN_REG_SEARCHING;
	f->cfg.register_timeout_ms = 3u * 3600u * 1000u;
	conn_start(&f->c);
	fire(f);
	f->reg = CONN_REG_HOME;
	fire(f);
	assert_non_null(strstr(f->log, "(searching) (1 time more, over 1 s)"));
	conn_stop(&f->c);
	memset(f->log, 0, sizeof f->log);
	f->reg = CONN_REG_SEARCHING;
	restart(f);
	for (int i = 0; i < 1300; i++)          /* 1300 s */
		fire(f);
	assert_int_equal(f->c.state, CONN_S_REG_WAIT);
	assert_int_equal(count_of(f->log, "waiting for registration (searching)"), 3);
	assert_non_null(strstr(f->log, "(600 times more, over 600 s)"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(bring_up_in_order), T(pin_verified_when_enough_attempts), T(pin_never_burns_last_attempts),
		T(wrong_pin_tried_once), T(pin_left_to_the_lead_pdn), T(sim_hot_swap_holds_and_returns), T(wrong_pin_costs_one_attempt_across_restarts),
		T(pin_not_presented_without_memory), T(attempts_singular_and_plural),
		T(repeated_wait_logged_once_with_count), T(repeated_wait_singular_and_long), T(sim_states_reported), T(sim_not_initialised_is_waited_out),
		T(sim_wait_is_bounded), T(no_registration_times_out), T(zero_bounds_wait_for_ever), T(call_rejected_reports_reason),
		T(kernel_without_raw_ip), T(qmap_mux_interface), T(qmap_refused_by_modem),
		T(qmap_kernel_without_add_mux), T(drop_backs_off_and_reconnects),
		cmocka_unit_test(backoff_grows_and_stays_bounded), T(persistent_failure_keeps_trying),
		T(refuses_events_not_in_table), T(phantom_session_is_dropped), T(one_way_traffic_is_not_phantom), T(modem_counters_or_no_probe_keep_the_link), T(silent_check_reopens_at_once), T(idle_link_is_not_phantom), T(silent_modem_retried_then_reported), T(vanished_device_is_reopened),
		T(missing_or_busy_device_at_start),
		T(delay_waits_on_a_timer), T(stop_during_delay), T(network_selected_before_registration),
		T(modes_alone_select_network), T(wrong_plmn_is_final), T(wrong_plmn_retried_when_persisting),
		T(roaming_refused_one_shot), T(roaming_allowed_by_default), T(roaming_waits_for_home),
		T(roaming_ends_a_link), T(bands_locked_before_registration), T(unsupported_band_is_final),
		T(mtu_overrides_the_network), T(network_mtu_kept_by_default), cmocka_unit_test(plmn_and_modes_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
