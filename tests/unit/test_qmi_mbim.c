/* QMI over MBIM (client/qmi_mbim.c): a QMI client carried by an MBIM
 * client, against cellink-sim's MBIM personality in this process on one
 * event loop with a virtual clock. Bytes cross a real pty; each wait for
 * them is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/qmi_mbim.h"
#include "common/err.h"
#include "common/util.h"
#include "qmi/ids.h"
#include "sim/sim.h"

struct fx {
	struct sim *s;
	char dir[64];
	uint64_t now;
	struct mbim_client *mc;
	struct qmi_client qc;
	struct qmi_mbim t;
	int ready;                      /* 0 waiting, 1 ready, -1 refused */
	int ready_err;
	char why[300];
	unsigned other_inds;            /* Basic Connect indications passed on */
	int resp_err;
	bool answered;
	uint16_t qmi_error;
	unsigned inds;
	uint8_t cid;
	bool cid_done;
	int cid_err;
};

static uint64_t v_now(void *p)
{
	return *(uint64_t *)p;
}

static void other_ind(struct mbim_client *c, void *ud, const struct mbim_msg *m)
{
	(void)c, (void)m;
	((struct fx *)ud)->other_inds++;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct sim *s = calloc(1, sizeof(*s));
	assert_non_null(f);
	assert_non_null(s);
	f->s = s;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_qmi_mbim_XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	s->port.master = s->port.slave = -1;
	snprintf(s->port.path, sizeof(s->port.path), "%s/cdc-wdm0", f->dir);
	snprintf(s->ifname, sizeof(s->ifname), "wwan0");
	s->prof = sim_profile_find("sierra-mc7455");
	assert_non_null(s->prof);
	sim_clients_init(&s->clients, 4);
	sim_modem_defaults(&s->m, s->prof);
	s->m.register_delay_ms = 0;
	sb_init(&s->logbuf);
	s->init = s->m;
	assert_int_equal(sim_mbim_enable(s), 0);
	assert_int_equal(ev_loop_init(&s->loop), 0);
	f->now = 1000000;
	ev_loop_set_clock(&s->loop, v_now, &f->now);
	assert_int_equal(sim_port_open(s), 0);
	sim_start_registration(s);
	f->mc = mbim_client_new(&s->loop);
	assert_non_null(f->mc);
	f->mc->on_indication = other_ind;
	f->mc->ind_ud = f;
	qmi_client_init(&f->qc, &s->loop);
	qmi_mbim_init(&f->t);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct sim *s = f->s;
	qmi_mbim_stop(&f->t);
	mbim_client_free(f->mc);
	sim_port_close(s);
	ev_loop_free(&s->loop);
	sim_mbim_free(s);
	sb_free(&s->logbuf);
	unlink(s->port.path);
	rmdir(f->dir);
	free(s);
	free(f);
	return 0;
}

/* Runs the loop until done(f), moving virtual time step_ms a round; false
 * past max_ms of virtual time or 20 s of wall time (a hung test). */
static bool run_until(struct fx *f, bool (*done)(struct fx *), uint64_t step_ms, uint64_t max_ms)
{
	uint64_t end = f->now + max_ms, wall_end = ev_now_ms() + 20000;
	while (ev_now_ms() < wall_end) {
		if (done(f))
			return true;
		ev_run_once(&f->s->loop, mbim_client_in_flight(f->mc) ? 20 : 1);
		if (f->now >= end)
			return false;
		f->now += step_ms;
	}
	return false;
}

static bool opened;
static void open_done(struct mbim_client *c, void *ud, int err, const struct mbim_msg *m)
{
	(void)c, (void)ud;
	opened = !err && m->status == MBIM_STATUS_SUCCESS;
}
static bool is_opened(struct fx *f) { (void)f; return opened; }
static bool is_decided(struct fx *f) { return f->ready != 0; }
static bool is_answered(struct fx *f) { return f->answered; }
static bool has_cid(struct fx *f) { return f->cid_done; }
static bool has_ind(struct fx *f) { return f->inds > 0; }
static unsigned other_base;
static bool has_other(struct fx *f) { return f->other_inds > other_base; }

static void on_ready(struct qmi_mbim *t, void *ud, int err, const char *why)
{
	(void)t;
	struct fx *f = ud;
	f->ready = err ? -1 : 1;
	f->ready_err = err;
	snprintf(f->why, sizeof f->why, "%s", why ? why : "");
}

/* MBIM OPEN, then the adapter's question. */
static void open_and_start(struct fx *f)
{
	assert_int_equal(mbim_client_open(f->mc, f->s->port.path), 0);
	uint8_t msg[32];
	int n = mbim_encode_open(msg, sizeof msg, mbim_client_txn(f->mc), 4096);
	opened = false;
	assert_int_equal(mbim_client_send(f->mc, msg, (size_t)n, 2000, open_done, f), 0);
	assert_true(run_until(f, is_opened, 1, 2000));
	assert_int_equal(qmi_mbim_start(&f->t, f->mc, &f->qc, on_ready, f), 0);
	assert_int_equal(f->t.state, QMI_MBIM_CHECKING);
	assert_true(run_until(f, is_decided, 1, 6000));
}

static void cid_cb(struct qmi_client *c, void *ud, int err, uint8_t cid, uint16_t qerr)
{
	(void)c, (void)qerr;
	struct fx *f = ud;
	f->cid_done = true;
	f->cid_err = err;
	f->cid = cid;
}

static void resp_cb(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	(void)c;
	struct fx *f = ud;
	f->answered = true;
	f->resp_err = err;
	if (!err)
		f->qmi_error = resp->status ? resp->error : 0;
}

static void ind_cb(struct qmi_client *c, void *ud, const struct qmi_msg *ind)
{
	(void)c, (void)ind;
	((struct fx *)ud)->inds++;
}

static uint8_t nas_cid(struct fx *f)
{
	assert_true(qmi_client_alloc_cid(&f->qc, QMI_SVC_NAS, NULL, cid_cb, f) > 0);
	assert_true(run_until(f, has_cid, 1, 2000));
	assert_int_equal(f->cid_err, 0);
	return f->cid;
}

static int ask_serving_system(struct fx *f, uint8_t cid, uint32_t timeout_ms)
{
	static struct qmi_msg m;
	qmi_msg_init(&m, QMI_SVC_NAS, cid, QMI_REQUEST, 0, QMI_NAS_GET_SERVING_SYSTEM);
	struct qmi_req_opts o = { .timeout_ms = timeout_ms };
	f->answered = false;
	return qmi_client_request(&f->qc, &m, &o, resp_cb, f);
}

static void fill_serving(struct sim *s, struct qmi_msg *m, const void *arg)
{
	(void)arg;
	sim_nas_fill_serving_system(s, m);
}

/* The function lists QMI: client ids through CTL inside the tunnel, a
 * request and its answer, an indication, every id given back. */
static void carries_qmi(void **state)
{
	struct fx *f = *state;
	open_and_start(f);
	assert_int_equal(f->ready, 1);
	assert_true(qmi_mbim_ready(&f->t));
	assert_true(f->qc.open);
	uint8_t cid = nas_cid(f);
	assert_true(ask_serving_system(f, cid, 2000) > 0);
	assert_true(run_until(f, is_answered, 1, 2000));
	assert_int_equal(f->resp_err, 0);
	assert_int_equal(f->qmi_error, 0);
	/* a QMUX indication comes as INDICATE_STATUS of the QMI service */
	assert_int_equal(qmi_client_on_indication(&f->qc, QMI_SVC_NAS, QMI_NAS_GET_SERVING_SYSTEM, ind_cb, f), 0);
	sim_indicate(f->s, QMI_SVC_NAS, cid, QMI_NAS_GET_SERVING_SYSTEM, fill_serving, NULL);
	assert_true(run_until(f, has_ind, 1, 1000));
	assert_int_equal(f->t.stats.indications, 1);
	/* and a Basic Connect one still reaches the handler that was there */
	unsigned before = f->other_inds;
	other_base = before;
	sim_set_registration(f->s, SIM_REG_ROAMING);   /* REGISTER_STATE indication */
	assert_true(run_until(f, has_other, 1, 1000));
	assert_true(f->other_inds > before);
	/* (the registration change is a NAS serving-system indication too,
	 * tunnelled like the first) */
	assert_int_equal(f->t.stats.indications, f->inds);
	/* the id goes back through the tunnel too */
	f->cid_done = false;
	assert_true(qmi_client_release_cid(&f->qc, QMI_SVC_NAS, cid, NULL, NULL, NULL) > 0);
	for (int i = 0; i < 50 && qmi_client_in_flight(&f->qc); i++)
		ev_run_once(&f->s->loop, 20);
	assert_int_equal(qmi_client_in_flight(&f->qc), 0);
	struct strbuf sb;
	sb_init(&sb);
	sim_clients_json(&f->s->clients, &sb);
	assert_non_null(strstr(sb_str(&sb), "\"total\":0"));
	sb_free(&sb);
	assert_int_equal(f->t.stats.frames_out, 3);    /* allocate, ask, release */
	assert_int_equal(f->t.stats.frames_out, f->t.stats.frames_in);
}

/* Watchers (mbim_client_watch): each INDICATE_STATUS reaches the owner's
 * handler and then every watcher; a watcher may leave from its own
 * callback; the slots are bounded and come back when unwatched. */
struct watcher {
	struct mbim_client *c;
	unsigned seen;
	bool leave;                     /* unwatch itself on the first one */
};

static void watch_cb(struct mbim_client *c, void *ud, const struct mbim_msg *m)
{
	(void)m;
	struct watcher *w = ud;
	w->seen++;
	if (w->leave)
		mbim_client_unwatch(c, w);
}

static struct watcher *watch_b;
static bool b_seen(struct fx *f) { (void)f; return watch_b->seen > 0; }

static void watchers_fan_out(void **state)
{
	struct fx *f = *state;
	open_and_start(f);
	struct watcher a = { f->mc, 0, false }, b = { f->mc, 0, true }, spare[MBIM_CLIENT_MAX_WATCHERS];
	assert_int_equal(mbim_client_watch(f->mc, watch_cb, &a), 0);
	assert_int_equal(mbim_client_watch(f->mc, watch_cb, &b), 0);
	assert_int_equal(mbim_client_watchers(f->mc), 2);
	unsigned before = f->other_inds;
	other_base = before;
	watch_b = &b;
	sim_set_registration(f->s, SIM_REG_ROAMING);   /* REGISTER_STATE indication */
	assert_true(run_until(f, b_seen, 1, 1000));
	assert_true(f->other_inds > before);            /* the owner keeps its own */
	assert_int_equal(b.seen, 1);                    /* and b left after its first */
	assert_true(a.seen >= 1);
	assert_int_equal(mbim_client_watchers(f->mc), 1);
	/* the slots are bounded; one unwatched comes back */
	for (unsigned i = 0; i + 1 < MBIM_CLIENT_MAX_WATCHERS; i++) {
		spare[i] = (struct watcher){ f->mc, 0, false };
		assert_int_equal(mbim_client_watch(f->mc, watch_cb, &spare[i]), 0);
	}
	assert_int_equal(mbim_client_watch(f->mc, watch_cb, &b), CL_E_TOO_MANY);
	mbim_client_unwatch(f->mc, &a);
	assert_int_equal(mbim_client_watchers(f->mc), MBIM_CLIENT_MAX_WATCHERS - 1);
	assert_int_equal(mbim_client_watch(f->mc, watch_cb, &b), 0);
	for (unsigned i = 0; i + 1 < MBIM_CLIENT_MAX_WATCHERS; i++)
		mbim_client_unwatch(f->mc, &spare[i]);
	mbim_client_unwatch(f->mc, &b);
	assert_int_equal(mbim_client_watchers(f->mc), 0);
}

/* A function without the QMI service: refused by name, nothing attached,
 * no QMUX frame sent. */
static void refused_without_service(void **state)
{
	struct fx *f = *state;
	f->s->no_qmi_over_mbim = true;
	open_and_start(f);
	assert_int_equal(f->ready, -1);
	assert_string_equal(f->why, QMI_MBIM_NO_SERVICE);
	assert_int_equal(f->t.state, QMI_MBIM_REFUSED);
	assert_false(qmi_mbim_ready(&f->t));
	assert_false(f->qc.open);
	assert_int_equal(f->t.stats.frames_out, 0);
}

/* The MBIM device closes with a QMI request in flight: it fails with
 * CL_E_GONE (the reason named), and the adapter is no longer ready. */
static void gone_with_the_carrier(void **state)
{
	struct fx *f = *state;
	open_and_start(f);
	uint8_t cid = nas_cid(f);
	f->s->faults.silent[QMI_SVC_NAS / 32] |= 1u << (QMI_SVC_NAS % 32);     /* it will not answer */
	assert_true(ask_serving_system(f, cid, 60000) > 0);
	for (int i = 0; i < 5; i++)
		ev_run_once(&f->s->loop, 10);
	assert_false(f->answered);
	mbim_client_close(f->mc);
	assert_true(f->answered);
	assert_int_equal(f->resp_err, CL_E_GONE);
	assert_non_null(strstr(f->qc.errtext, "MBIM device carrying QMI went away"));
	assert_false(qmi_mbim_ready(&f->t));
	assert_int_equal(f->t.state, QMI_MBIM_GONE);
	/* a request now fails at once, never reaching a closed device */
	assert_true(ask_serving_system(f, cid, 1000) < 0);
}

/* A QMI service that stays silent: the QMI client's own timeout ends the
 * request on virtual time; the tunnel stays usable. */
static void silent_service_times_out(void **state)
{
	struct fx *f = *state;
	open_and_start(f);
	uint8_t cid = nas_cid(f);
	f->s->faults.silent[QMI_SVC_NAS / 32] |= 1u << (QMI_SVC_NAS % 32);
	assert_true(ask_serving_system(f, cid, 1500) > 0);
	assert_true(run_until(f, is_answered, 10, 3000));
	assert_int_equal(f->resp_err, CL_E_TIMEOUT);
	assert_true(qmi_mbim_ready(&f->t));
	f->s->faults.silent[QMI_SVC_NAS / 32] = 0;
	assert_true(ask_serving_system(f, cid, 1500) > 0);
	assert_true(run_until(f, is_answered, 1, 2000));
	assert_int_equal(f->resp_err, 0);
}

static bool none_carried(struct fx *f) { return f->t.carried == 0; }

static void noop_resp(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	(void)c, (void)ud, (void)err, (void)resp;
}

/* QMI requests a silent modem never answers hold at most half the MBIM
 * client's transactions: past that a request fails at once, and the MBIM
 * link's own requests still find a slot; the slots come back when the
 * carrying commands' bound passes. */
static void carried_bounded(void **state)
{
	struct fx *f = *state;
	open_and_start(f);
	uint8_t cid = nas_cid(f);
	f->s->faults.silent[QMI_SVC_NAS / 32] |= 1u << (QMI_SVC_NAS % 32);
	static struct qmi_msg m;
	struct qmi_req_opts o = { .timeout_ms = 1000 };
	for (unsigned i = 0; i < QMI_MBIM_MAX_CARRIED; i++) {
		qmi_msg_init(&m, QMI_SVC_NAS, cid, QMI_REQUEST, 0, QMI_NAS_GET_SERVING_SYSTEM);
		assert_true(qmi_client_request(&f->qc, &m, &o, noop_resp, f) > 0);
	}
	assert_int_equal(f->t.carried, QMI_MBIM_MAX_CARRIED);
	qmi_msg_init(&m, QMI_SVC_NAS, cid, QMI_REQUEST, 0, QMI_NAS_GET_SERVING_SYSTEM);
	assert_int_equal(qmi_client_request(&f->qc, &m, &o, noop_resp, f), CL_E_TOO_MANY);
	assert_int_equal(f->t.stats.carry_refused, 1);
	/* an MBIM request of the link's own still goes out and is answered */
	static const struct mbim_empty none;
	uint8_t msg[64];
	int n = MBIM_QUERY(msg, sizeof msg, mbim_client_txn(f->mc), BASIC_CONNECT, DEVICE_CAPS, &none);
	opened = false;
	assert_int_equal(mbim_client_send(f->mc, msg, (size_t)n, 2000, open_done, f), 0);
	assert_true(run_until(f, is_opened, 1, 2000));
	/* the QMI requests timed out long ago; the carrying commands' bound frees their slots */
	assert_true(run_until(f, none_carried, 5000, QMI_MBIM_CARRY_MS + 10000));
	assert_true(qmi_mbim_ready(&f->t));
}

/* stop() while the question is out: its waiter hears CL_E_CANCELLED, and
 * the late answer changes nothing. */
static void stopped_while_asking(void **state)
{
	struct fx *f = *state;
	assert_int_equal(mbim_client_open(f->mc, f->s->port.path), 0);
	uint8_t msg[32];
	int n = mbim_encode_open(msg, sizeof msg, mbim_client_txn(f->mc), 4096);
	opened = false;
	assert_int_equal(mbim_client_send(f->mc, msg, (size_t)n, 2000, open_done, f), 0);
	assert_true(run_until(f, is_opened, 1, 2000));
	assert_int_equal(qmi_mbim_start(&f->t, f->mc, &f->qc, on_ready, f), 0);
	qmi_mbim_stop(&f->t);
	assert_int_equal(f->ready, -1);
	assert_int_equal(f->ready_err, CL_E_CANCELLED);
	f->ready = 0;
	for (int i = 0; i < 20; i++)
		ev_run_once(&f->s->loop, 10);
	assert_int_equal(f->ready, 0);
	assert_false(qmi_mbim_ready(&f->t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(carries_qmi, setup, teardown),
		cmocka_unit_test_setup_teardown(watchers_fan_out, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_without_service, setup, teardown),
		cmocka_unit_test_setup_teardown(gone_with_the_carrier, setup, teardown),
		cmocka_unit_test_setup_teardown(silent_service_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(stopped_while_asking, setup, teardown),
		cmocka_unit_test_setup_teardown(carried_bounded, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
