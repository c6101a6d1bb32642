/* The connection state machine over MBIM (conn_mbim.c and the MBIM client)
 * against cellink-sim's MBIM personality, both in this process on one
 * event loop whose clock is virtual: timers (polls, liveness, back-off,
 * the emulator's registration delay) move only when the test moves time.
 * Bytes cross a real pty; each wait for them is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/util.h"
#include "conn/conn_mbim.h"
#include "sim/sim.h"

struct fx {
	struct sim *s;
	char dir[64];
	uint64_t now;
	struct conn c;
	struct conn_config cfg;
	struct conn_mbim *a;
	struct ev_timer timer;
	struct strbuf log;
	unsigned configured, deconfigured, refused_saved;
	bool remembered;                /* the host's memory says the PIN was refused before */
	char refused_iccid[32];
	bool finished;
	int exit_status;
	/* the session's VLAN link (plat_link) */
	unsigned link_adds, link_dels;
	int link_err;
	char configured_if[16];
};

static uint64_t v_now(void *p)
{
	return *(uint64_t *)p;
}

static void p_timer_cb(struct ev_timer *t)
{
	struct fx *f = container_of(t, struct fx, timer);
	conn_timer_fired(&f->c);
}

static void p_timer(void *p, int64_t ms)
{
	struct fx *f = p;
	if (ms < 0)
		ev_timer_cancel(&f->s->loop, &f->timer);
	else
		ev_timer_set(&f->s->loop, &f->timer, (uint64_t)ms);
}

static uint64_t p_now(void *p)
{
	return ((struct fx *)p)->now;
}

static void p_log(void *p, enum conn_log lvl, const char *text)
{
	struct fx *f = p;
	sb_printf(&f->log, "%s\n", text);
}

static int p_configure(void *p, const char *ifname, const struct conn_status *st, char *why, size_t cap)
{
	struct fx *f = p;
	f->configured++;
	snprintf(f->configured_if, sizeof f->configured_if, "%s", ifname);
	return 0;
}

static void p_deconfigure(void *p, const char *ifname)
{
	((struct fx *)p)->deconfigured++;
}

static bool p_present(void *p, const char *device)
{
	return access(device, F_OK) == 0;
}

static int p_refused_before(void *p, const char *iccid, const char *pin, char *why, size_t cap)
{
	return ((struct fx *)p)->remembered ? 1 : 0;
}

static int p_refused(void *p, const char *iccid, const char *pin, char *why, size_t cap)
{
	struct fx *f = p;
	f->refused_saved++;
	snprintf(f->refused_iccid, sizeof f->refused_iccid, "%s", iccid);
	return 0;
}

static void p_finished(void *p, int status)
{
	struct fx *f = p;
	f->finished = true;
	f->exit_status = status;
}

static const struct conn_platform_ops plat = {
	.configure = p_configure, .deconfigure = p_deconfigure, .device_present = p_present,
	.now_ms = p_now, .timer = p_timer, .log = p_log, .pin_refused_before = p_refused_before,
	.pin_refused = p_refused, .finished = p_finished,
};

static int p_session_link(void *p, const char *ifname, uint32_t id, bool add, char *why, size_t cap)
{
	struct fx *f = p;
	if (!add) {
		f->link_dels++;
		return 0;
	}
	if (f->link_err) {
		snprintf(why, cap, "mbim%u exists as VLAN 2 on %s", id, ifname);
		return f->link_err;
	}
	f->link_adds++;
	f->cfg.data_ifname = "mbim1";
	snprintf(why, cap, "kernel: mbim%u added, VLAN %u on %s", id, id, ifname);
	return 0;
}

static const struct conn_platform_ops plat_link = {
	.configure = p_configure, .deconfigure = p_deconfigure, .device_present = p_present,
	.now_ms = p_now, .timer = p_timer, .log = p_log, .pin_refused_before = p_refused_before,
	.pin_refused = p_refused, .finished = p_finished, .session_link = p_session_link,
};
static const struct conn_platform_ops *use_plat = &plat;

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct sim *s = calloc(1, sizeof(*s));
	assert_non_null(f);
	assert_non_null(s);
	f->s = s;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_conn_mbim_XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	s->port.master = s->port.slave = -1;
	snprintf(s->port.path, sizeof(s->port.path), "%s/cdc-wdm0", f->dir);
	snprintf(s->ifname, sizeof(s->ifname), "wwan0");
	s->prof = sim_profile_find("sierra-mc7455");
	assert_non_null(s->prof);
	sim_clients_init(&s->clients, 4);
	sim_modem_defaults(&s->m, s->prof);
	s->m.register_delay_ms = 0;
	s->reset_delay_ms = 50;
	sb_init(&s->logbuf);
	sb_init(&f->log);
	s->init = s->m;
	assert_int_equal(sim_mbim_enable(s), 0);
	assert_int_equal(ev_loop_init(&s->loop), 0);
	f->now = 1000000;
	ev_loop_set_clock(&s->loop, v_now, &f->now);
	assert_int_equal(sim_port_open(s), 0);
	conn_config_defaults(&f->cfg);
	f->cfg.device = s->port.path;
	f->cfg.apn = "internet";
	f->timer.cb = p_timer_cb;
	f->cfg.ifname = "wwan0";
	use_plat = &plat;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct sim *s = f->s;
	conn_mbim_free(f->a);
	ev_timer_cancel(&s->loop, &f->timer);
	sim_port_close(s);
	ev_loop_free(&s->loop);
	sim_mbim_free(s);
	sb_free(&s->logbuf);
	sb_free(&f->log);
	unlink(s->port.path);
	rmdir(f->dir);
	free(s);
	free(f);
	return 0;
}

static void start(struct fx *f)
{
	sim_start_registration(f->s);
	conn_init(&f->c, &f->cfg, &conn_mbim_ops, NULL, use_plat, f);
	f->a = conn_mbim_new(&f->s->loop, &f->c);
	assert_non_null(f->a);
	f->c.modem_ctx = f->a;
	conn_start(&f->c);
}

/* Runs the loop until done(f) holds: each round waits a moment for the
 * pty (longer while a request waits for its answer: 20 ms of wall time
 * per step_ms of virtual time, so a request's 15 s timeout needs half a
 * minute of a silent pty), then moves virtual time step_ms (the emulator
 * answers a connect after its network round trip, on the same clock).
 * Fails when virtual time passes max_ms, or after 30 s of wall time (a
 * hung test, not a figure). */
static bool run_until(struct fx *f, bool (*done)(struct fx *), uint64_t step_ms, uint64_t max_ms)
{
	uint64_t end = f->now + max_ms, wall_end = ev_now_ms() + 30000;
	while (ev_now_ms() < wall_end) {
		if (done(f))
			return true;
		bool waiting = f->a && mbim_client_in_flight(f->a->cl) > 0;
		ev_run_once(&f->s->loop, waiting ? 20 : 1);
		if (f->now >= end)
			return false;
		f->now += step_ms;
	}
	return false;
}

static bool is_connected(struct fx *f) { return f->c.state == CONN_S_CONNECTED; }
static bool is_stopped(struct fx *f) { return f->c.state == CONN_S_STOPPED; }
static bool is_reg_wait(struct fx *f) { return f->c.state == CONN_S_REG_WAIT; }
static bool is_up_again(struct fx *f) { return f->c.state == CONN_S_CONNECTED && f->c.attempts == 1; }

static bool log_has(struct fx *f, const char *s)
{
	return strstr(sb_str(&f->log), s) != NULL;
}

static unsigned active_sessions(const struct sim *s)
{
	unsigned n = 0;
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++)
		n += s->m.sess[i].active;
	return n;
}

static void dual_stack_one_session(void **state)
{
	struct fx *f = *state;
	f->cfg.want_v6 = true;
	start(f);
	assert_true(run_until(f, is_connected, 10, 5000));
	const struct conn_status *st = &f->c.st;
	assert_true(st->shared_session);
	assert_true(st->sess[0].up && st->sess[1].up);
	assert_string_equal(st->sess[0].ip.addr, "10.42.0.2");
	assert_int_equal(st->sess[0].ip.prefix, 30);
	assert_string_equal(st->sess[0].ip.gateway, "10.42.0.1");
	assert_string_equal(st->sess[1].ip.addr, "2001:db8:42::2");
	assert_string_equal(st->sess[0].ip.dns[0], "10.42.0.53");
	assert_string_equal(st->model, "MC7455");
	assert_string_equal(st->operator_name, "Telekom.de");
	assert_true(st->modem_raw_ip);
	assert_int_equal(f->configured, 1);
	assert_true(log_has(f, "ipv4v6 (one session)"));
	assert_int_equal(active_sessions(f->s), 1);     /* both families on one MBIM session */
	conn_stop(&f->c);
	assert_true(run_until(f, is_stopped, 10, 5000));
	assert_int_equal(f->exit_status, CONN_EXIT_OK);
	assert_int_equal(active_sessions(f->s), 0);
	assert_false(sim_mbim_is_open(f->s));            /* CLOSE before the device closed */
}

/* Session 1 rides cdc_mbim's VLAN 1: the host adds the link once, the
 * link is what is configured, it stays across a reconnect and goes at the
 * stop; without a host that can add it, or with its refusal, the bring-up
 * stops with exit 17 before any session. */
static void session_on_vlan(void **state)
{
	struct fx *f = *state;
	f->cfg.session_id = 1;
	use_plat = &plat_link;
	start(f);
	assert_true(run_until(f, is_connected, 10, 5000));
	assert_int_equal(f->link_adds, 1);
	assert_string_equal(f->configured_if, "mbim1");
	assert_true(log_has(f, "mbim1 added, VLAN 1 on wwan0"));
	assert_non_null(f->s->m.sess[0].active ? &f->s->m.sess[0] : NULL);
	assert_int_equal(f->s->m.sess[0].cid, SIM_MBIM_CID_BASE + 1);
	conn_stop(&f->c);
	assert_true(run_until(f, is_stopped, 10, 5000));
	assert_int_equal(f->exit_status, CONN_EXIT_OK);
	assert_int_equal(f->link_dels, 1);
}

static void session_vlan_refused(void **state)
{
	struct fx *f = *state;
	f->cfg.session_id = 1;
	use_plat = &plat_link;
	f->link_err = -EEXIST;
	start(f);
	assert_true(run_until(f, is_stopped, 10, 5000));
	assert_int_equal(f->exit_status, CONN_EXIT_CONFIG_FAILED);
	assert_non_null(strstr(f->c.why, "MBIM session 1 on wwan0: mbim1 exists as VLAN 2 on wwan0"));
	assert_int_equal(f->link_dels, 0);              /* nothing of ours to remove */
	assert_int_equal(active_sessions(f->s), 0);
}

static void session_vlan_no_host_support(void **state)
{
	struct fx *f = *state;
	f->cfg.session_id = 3;
	start(f);
	assert_true(run_until(f, is_stopped, 10, 5000));
	assert_int_equal(f->exit_status, CONN_EXIT_CONFIG_FAILED);
	assert_non_null(strstr(f->c.why, "MBIM session 3: this host cannot add the VLAN link"));
}

static void command(struct fx *f, const char *line)
{
	struct strbuf out;
	sb_init(&out);
	assert_int_equal(sim_command(f->s, line, &out), 0);
	sb_free(&out);
}

/* The network ends the session: the CONNECT indication drops the link at
 * once (no liveness period passes), and the back-off brings it up again. */
static void drop_by_indication_reconnects(void **state)
{
	struct fx *f = *state;
	start(f);
	assert_true(run_until(f, is_connected, 10, 5000));
	uint64_t t0 = f->now;
	command(f, "drop-session reason=network-failure");
	assert_true(run_until(f, is_up_again, 10, 120000));
	assert_true(log_has(f, "the network ended the session"));
	assert_true(log_has(f, "link up again"));
	/* dropped on the indication, before the first liveness check was due,
	 * and back after the back-off (at most its first maximum) */
	assert_true(f->now - t0 <= f->cfg.backoff_min_ms * 2 + 1000);
	assert_int_equal(f->deconfigured, 1);
	assert_int_equal(active_sessions(f->s), 1);
}

/* A session that ends without an indication is found by the liveness
 * check, one period later in virtual time. */
static void liveness_finds_a_quiet_drop(void **state)
{
	struct fx *f = *state;
	f->cfg.liveness_ms = 10000;
	start(f);
	assert_true(run_until(f, is_connected, 10, 5000));
	uint64_t t0 = f->now;
	f->s->m.sess[0].active = false;         /* gone, and nobody says so */
	sim_forwarding_refresh(f->s);
	assert_true(run_until(f, is_up_again, 10, 120000));
	assert_true(log_has(f, "the modem reports the session disconnected"));
	assert_true(f->now - t0 >= f->cfg.liveness_ms);
}

/* Registration takes 5 s of virtual time: the machine waits in
 * register-wait, and the REGISTER_STATE indication ends the wait before
 * the next poll would have. */
static void registration_by_indication(void **state)
{
	struct fx *f = *state;
	f->s->m.register_delay_ms = 5000;
	f->cfg.poll_ms = 60000;                 /* a poll would come far too late */
	f->cfg.register_timeout_ms = 120000;
	start(f);
	assert_true(run_until(f, is_reg_wait, 10, 5000));
	uint64_t t0 = f->now;
	assert_true(run_until(f, is_connected, 10, 30000));
	assert_true(f->now - t0 < 10000);
	assert_true(log_has(f, "registered (home) on Telekom.de"));
}

/* The SIM refuses the PIN: the verdict goes to the host's memory with the
 * card's ICCID, the run ends SIM_LOCKED, and one attempt is gone. */
static void refused_pin_is_remembered(void **state)
{
	struct fx *f = *state;
	command(f, "set pin 4321");
	command(f, "sim pin");
	f->cfg.pin = "1111";
	start(f);
	assert_true(run_until(f, is_stopped, 10, 10000));
	assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	assert_int_equal(f->refused_saved, 1);
	assert_string_equal(f->refused_iccid, "8949010000000012342");
	assert_int_equal(f->s->m.pin_retries, 2);
	assert_int_equal(f->c.st.pin_retries, 2);
	assert_false(log_has(f, "1111"));
}

/* The memory says this PIN was refused: it is not presented again. */
static void remembered_pin_not_presented(void **state)
{
	struct fx *f = *state;
	command(f, "set pin 4321");
	command(f, "sim pin");
	f->cfg.pin = "1111";
	f->remembered = true;
	start(f);
	assert_true(run_until(f, is_stopped, 10, 10000));
	assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	assert_int_equal(f->s->m.pin_retries, 3);
	assert_non_null(strstr(f->c.why, "refused this PIN before"));
}

/* The right PIN, presented with every attempt left, unlocks the SIM. */
static void right_pin_unlocks(void **state)
{
	struct fx *f = *state;
	command(f, "set pin 4321");
	command(f, "sim pin");
	f->cfg.pin = "4321";
	start(f);
	assert_true(run_until(f, is_connected, 10, 10000));
	assert_true(log_has(f, "PIN accepted"));
	assert_int_equal(f->s->m.pin_retries, 3);
}

/* Fewer than every attempt left: even the right PIN is kept back. */
static void partial_count_not_presented(void **state)
{
	struct fx *f = *state;
	command(f, "set pin 4321");
	command(f, "sim pin");
	command(f, "set pin-retries 2");
	f->cfg.pin = "4321";
	start(f);
	assert_true(run_until(f, is_stopped, 10, 10000));
	assert_int_equal(f->exit_status, CONN_EXIT_SIM_LOCKED);
	assert_non_null(strstr(f->c.why, "only 2 attempts left of 3"));
	assert_int_equal(f->s->m.pin_retries, 2);
}

/* A rejected call names the network's reason and ends CALL_REJECTED. */
static void unknown_apn_rejected(void **state)
{
	struct fx *f = *state;
	f->cfg.apn = "nosuchapn";
	start(f);
	assert_true(run_until(f, is_stopped, 10, 10000));
	assert_int_equal(f->exit_status, CONN_EXIT_CALL_REJECTED);
	assert_true(log_has(f, "missing-or-unknown-apn"));
	assert_false(sim_mbim_is_open(f->s));
}

/* --no-roaming: a one-shot run on a roaming registration ends with
 * ROAMING, the same rule as on QMI; back home, the link comes. */
static void no_roaming_waits(void **state)
{
	struct fx *f = *state;
	command(f, "set roaming on");
	f->cfg.no_roaming = true;
	f->cfg.register_timeout_ms = 20000;
	start(f);
	assert_true(run_until(f, is_stopped, 100, 60000));
	assert_int_equal(f->exit_status, CONN_EXIT_ROAMING);
	assert_non_null(strstr(f->c.why, "roaming '0'"));
	assert_int_equal(active_sessions(f->s), 0);
}

static void no_roaming_home_connects(void **state)
{
	struct fx *f = *state;
	f->cfg.no_roaming = true;
	start(f);
	assert_true(run_until(f, is_connected, 10, 10000));
}

/* The radio is off: it is switched on, and registration follows. */
static void radio_switched_on(void **state)
{
	struct fx *f = *state;
	f->s->m.opmode = 1;
	f->s->m.reg = SIM_REG_OFF;
	conn_init(&f->c, &f->cfg, &conn_mbim_ops, NULL, use_plat, f);
	f->a = conn_mbim_new(&f->s->loop, &f->c);
	assert_non_null(f->a);
	f->c.modem_ctx = f->a;
	conn_start(&f->c);
	assert_true(run_until(f, is_connected, 10, 10000));
	assert_int_equal(f->s->m.opmode, 0);
	assert_true(log_has(f, "modem is online"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(dual_stack_one_session, setup, teardown),
		cmocka_unit_test_setup_teardown(drop_by_indication_reconnects, setup, teardown),
		cmocka_unit_test_setup_teardown(liveness_finds_a_quiet_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(registration_by_indication, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_pin_is_remembered, setup, teardown),
		cmocka_unit_test_setup_teardown(remembered_pin_not_presented, setup, teardown),
		cmocka_unit_test_setup_teardown(right_pin_unlocks, setup, teardown),
		cmocka_unit_test_setup_teardown(partial_count_not_presented, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_apn_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(radio_switched_on, setup, teardown),
		cmocka_unit_test_setup_teardown(no_roaming_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(no_roaming_home_connects, setup, teardown),
		cmocka_unit_test_setup_teardown(session_on_vlan, setup, teardown),
		cmocka_unit_test_setup_teardown(session_vlan_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(session_vlan_no_host_support, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
