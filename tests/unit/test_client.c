/* The asynchronous QMI client against a scripted fake modem on a pty.
 * Timers run on a virtual clock the tests move (advance()); wall time only
 * bounds the wait for bytes to cross the pty. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

#include "client/qmi_client.h"
#include "common/err.h"
#include "fake_modem.h"
#include "qmi/fields.h"
#include "qmi/ids.h"

struct fx {
	uint64_t now;           /* the loop's virtual clock, ms */
	struct ev_loop loop;
	struct fake_modem fm;
	struct qmi_client c;
	struct qmi_msg req, resp;
};

struct result {
	int calls;
	int err;
	uint16_t txn;
	char model[64];
	bool done;
};

static uint64_t virtual_now(void *p)
{
	return *(const uint64_t *)p;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_int_equal(ev_loop_init(&f->loop), 0);
	f->now = 1000000;
	ev_loop_set_clock(&f->loop, virtual_now, &f->now);
	assert_int_equal(fake_modem_open(&f->fm), 0);
	qmi_client_init(&f->c, &f->loop);
	int r = qmi_client_open(&f->c, f->fm.path);
	if (r)
		fprintf(stderr, "open: %s\n", f->c.errtext);
	assert_int_equal(r, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	qmi_client_close(&f->c);
	fake_modem_close(&f->fm);
	ev_loop_free(&f->loop);
	free(f);
	return 0;
}

/* Moves the virtual clock ms forward and fires what fell due. */
static void advance(struct fx *f, uint64_t ms)
{
	f->now += ms;
	assert_int_equal(ev_run_once(&f->loop, 0), 0);
}

/* No request reaches the modem's side within 20 ms. (The client writes from
 * inside the loop's callbacks; the pty hands bytes over a moment later. A
 * slow machine can only make this check weaker, never fail it.) */
static void assert_nothing_sent(struct fx *f)
{
	struct qmi_msg *m = calloc(1, sizeof(*m));
	assert_int_equal(fake_modem_read(&f->fm, NULL, m, 20), -1);
	free(m);
}

static void on_resp(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	struct result *r = ud;
	r->calls++;
	r->err = err;
	r->done = true;
	if (!err) {
		r->txn = resp->txn;
		if (qmi_fget_str(resp, QMIF_DMS_GET_MODEL_RS_MODEL, r->model, sizeof(r->model)) < 0)
			r->model[0] = 0;
	}
}

static int send_get_model(struct fx *f, uint8_t cid, const struct qmi_req_opts *o, struct result *r)
{
	qmi_msg_init(&f->req, QMI_SVC_DMS, cid, QMI_REQUEST, 0, QMI_DMS_GET_MODEL);
	return qmi_client_request(&f->c, &f->req, o, on_resp, r);
}

static void reply_model(struct fx *f, const struct qmi_msg *req, const char *model)
{
	fake_modem_reply_init(&f->resp, req);
	assert_int_equal(qmi_fset_str(&f->resp, QMIF_DMS_GET_MODEL_RS_MODEL, model), 0);
	fake_modem_send(&f->fm, &f->resp);
}

/* Three requests in flight, answered in reverse order: each callback gets
 * its own answer, once. */
static void out_of_order_responses(void **state)
{
	struct fx *f = *state;
	struct result r[3] = { 0 };
	struct qmi_msg *seen = calloc(3, sizeof(struct qmi_msg));
	for (int i = 0; i < 3; i++)
		assert_true(send_get_model(f, 1, NULL, &r[i]) > 0);
	assert_int_equal(qmi_client_in_flight(&f->c), 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fake_modem_read(&f->fm, &f->loop, &seen[i], 2000), 0);
	/* distinct transaction ids */
	assert_int_not_equal(seen[0].txn, seen[1].txn);
	assert_int_not_equal(seen[1].txn, seen[2].txn);
	const char *names[3] = { "first", "second", "third" };
	for (int i = 2; i >= 0; i--)
		reply_model(f, &seen[i], names[i]);
	assert_true(pump_until(&f->loop, &r[0].done, 2000));
	assert_true(pump_until(&f->loop, &r[2].done, 2000));
	for (int i = 0; i < 3; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].err, 0);
		assert_int_equal(r[i].txn, seen[i].txn);
		assert_string_equal(r[i].model, names[i]);
	}
	assert_int_equal(qmi_client_in_flight(&f->c), 0);
	free(seen);
}

/* A silent modem: the callback runs once with CL_E_TIMEOUT, exactly when
 * the timeout ends; a late answer is dropped as unmatched, not delivered a
 * second time. */
static void timeout_then_late_answer(void **state)
{
	struct fx *f = *state;
	struct result r = { 0 };
	struct qmi_req_opts o = { .timeout_ms = 100 };
	assert_true(send_get_model(f, 1, &o, &r) > 0);
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	advance(f, 99);
	assert_int_equal(r.calls, 0);
	advance(f, 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.err, CL_E_TIMEOUT);
	assert_nothing_sent(f);         /* no retries asked for: no resend */
	uint64_t before = f->c.stats.unmatched;
	reply_model(f, &f->req, "late");
	for (uint64_t end = ev_now_ms() + 2000; f->c.stats.unmatched == before && ev_now_ms() < end;)
		ev_run_once(&f->loop, 20);
	assert_int_equal(f->c.stats.unmatched, before + 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(f->c.stats.timeouts, 1);
}

/* The first request is swallowed: when its timeout ends, and not before, it
 * goes again with the same id, once; the answer to the resend completes it. */
static void swallowed_request_is_resent(void **state)
{
	struct fx *f = *state;
	struct result r = { 0 };
	struct qmi_req_opts o = { .timeout_ms = 80, .retries = 2 };
	assert_true(send_get_model(f, 1, &o, &r) > 0);
	struct qmi_msg *first = calloc(1, sizeof(*first));
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, first, 2000), 0);
	advance(f, 79);
	assert_nothing_sent(f);
	assert_int_equal(f->c.stats.resends, 0);
	advance(f, 1);
	assert_int_equal(f->c.stats.resends, 1);
	assert_int_equal(fake_modem_read(&f->fm, NULL, &f->req, 2000), 0);
	assert_int_equal(f->req.txn, first->txn);
	assert_nothing_sent(f);
	reply_model(f, &f->req, "MC7455");
	assert_true(pump_until(&f->loop, &r.done, 2000));
	assert_int_equal(r.err, 0);
	assert_int_equal(r.calls, 1);
	assert_string_equal(r.model, "MC7455");
	assert_int_equal(f->c.stats.resends, 1);
	/* answered: its timer is gone, later time sends nothing more */
	advance(f, 1000);
	assert_nothing_sent(f);
	assert_int_equal(r.calls, 1);
	free(first);
}

/* Every try swallowed: retries + 1 sends, one per timeout, then one
 * CL_E_TIMEOUT. */
static void retries_exhausted(void **state)
{
	struct fx *f = *state;
	struct result r = { 0 };
	struct qmi_req_opts o = { .timeout_ms = 50, .retries = 2 };
	assert_true(send_get_model(f, 1, &o, &r) > 0);
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	uint16_t txn = f->req.txn;
	for (int i = 1; i <= 2; i++) {
		advance(f, 50);
		assert_int_equal(f->c.stats.resends, (uint64_t)i);
		assert_int_equal(fake_modem_read(&f->fm, NULL, &f->req, 2000), 0);
		assert_int_equal(f->req.txn, txn);
		assert_int_equal(r.calls, 0);
	}
	advance(f, 49);
	assert_int_equal(r.calls, 0);
	advance(f, 1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.err, CL_E_TIMEOUT);
	assert_nothing_sent(f);
	assert_int_equal(f->c.stats.timeouts, 1);
}

/* Cancel and close: callbacks run once with CL_E_CANCELLED. */
static void cancel_and_close(void **state)
{
	struct fx *f = *state;
	struct result a = { 0 }, b = { 0 };
	int ida = send_get_model(f, 1, NULL, &a);
	assert_true(ida > 0);
	assert_true(send_get_model(f, 1, NULL, &b) > 0);
	assert_int_equal(qmi_client_cancel(&f->c, ida), 0);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.err, CL_E_CANCELLED);
	assert_int_equal(qmi_client_cancel(&f->c, ida), -ENOENT);
	qmi_client_close(&f->c);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.err, CL_E_CANCELLED);
	assert_int_equal(a.calls, 1);
	/* closed: new requests fail at once, and their callback never runs */
	struct result c = { 0 };
	assert_int_equal(send_get_model(f, 1, NULL, &c), CL_E_GONE);
	assert_int_equal(c.calls, 0);
}

struct gone_seen {
	bool gone;
	char why[256];
};

static void on_gone(struct qmi_client *c, void *ud, const char *why)
{
	struct gone_seen *g = ud;
	g->gone = true;
	snprintf(g->why, sizeof(g->why), "%s", why);
}

static void on_cid(struct qmi_client *c, void *ud, int err, uint8_t cid, uint16_t qerr)
{
	struct result *r = ud;
	r->calls++;
	r->err = err;
	r->txn = cid;
	r->done = true;
}

static void on_done(struct qmi_client *c, void *ud, int err)
{
	struct result *r = ud;
	r->calls++;
	r->err = err;
	r->done = true;
}

/* Answers one allocate-cid request with cid. */
static void modem_alloc(struct fx *f, uint8_t service, uint8_t cid)
{
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	assert_int_equal(f->req.service, QMI_SVC_CTL);
	assert_int_equal(f->req.id, QMI_CTL_ALLOCATE_CID);
	uint64_t svc;
	assert_int_equal(qmi_fget_uint(&f->req, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, &svc), 0);
	assert_int_equal(svc, service);
	fake_modem_reply_init(&f->resp, &f->req);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_SERVICE, service), 0);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_CID, cid), 0);
	fake_modem_send(&f->fm, &f->resp);
}

/* The device vanishes with requests in flight: each fails once with
 * CL_E_GONE, the owner hears why, and no cid is counted as held. */
static void device_gone_fails_everything(void **state)
{
	struct fx *f = *state;
	struct gone_seen g = { 0 };
	f->c.on_gone = on_gone;
	f->c.gone_ud = &g;
	struct result cr = { 0 };
	assert_true(qmi_client_alloc_cid(&f->c, QMI_SVC_WDS, NULL, on_cid, &cr) > 0);
	modem_alloc(f, QMI_SVC_WDS, 7);
	assert_true(pump_until(&f->loop, &cr.done, 2000));
	assert_int_equal(qmi_client_cids_held(&f->c), 1);
	struct result r[2] = { 0 };
	assert_true(send_get_model(f, 1, NULL, &r[0]) > 0);
	assert_true(send_get_model(f, 1, NULL, &r[1]) > 0);
	fake_modem_close(&f->fm);
	assert_true(pump_until(&f->loop, &g.gone, 2000));
	for (int i = 0; i < 2; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].err, CL_E_GONE);
	}
	assert_int_equal(qmi_client_cids_held(&f->c), 0);
	assert_non_null(strstr(g.why, "went away"));
}

/* Allocation and release of cids per service; release_all gives every
 * one back and reports once. */
static void cids_allocated_and_all_released(void **state)
{
	struct fx *f = *state;
	struct result a = { 0 }, b = { 0 };
	assert_true(qmi_client_alloc_cid(&f->c, QMI_SVC_WDS, NULL, on_cid, &a) > 0);
	assert_true(qmi_client_alloc_cid(&f->c, QMI_SVC_DMS, NULL, on_cid, &b) > 0);
	modem_alloc(f, QMI_SVC_WDS, 3);
	modem_alloc(f, QMI_SVC_DMS, 9);
	assert_true(pump_until(&f->loop, &b.done, 2000));
	assert_true(pump_until(&f->loop, &a.done, 2000));
	assert_int_equal(a.txn, 3);
	assert_int_equal(b.txn, 9);
	assert_int_equal(qmi_client_cids_held(&f->c), 2);

	/* per-client transaction ids start at 1 on each fresh cid */
	struct result m = { 0 };
	assert_true(send_get_model(f, 9, NULL, &m) > 0);
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	assert_int_equal(f->req.txn, 1);
	reply_model(f, &f->req, "x");
	assert_true(pump_until(&f->loop, &m.done, 2000));

	struct result all = { 0 };
	assert_int_equal(qmi_client_release_all(&f->c, 2000, on_done, &all), 0);
	assert_int_equal(all.calls, 0);        /* never from inside the call */
	int released = 0;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
		assert_int_equal(f->req.id, QMI_CTL_RELEASE_CID);
		uint64_t svc, cid;
		assert_int_equal(qmi_fget_uint(&f->req, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_SERVICE, &svc), 0);
		assert_int_equal(qmi_fget_uint(&f->req, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_CID, &cid), 0);
		released += (int)cid;
		fake_modem_reply_init(&f->resp, &f->req);
		assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_RELEASE_CID_RS_RELEASE_INFO_SERVICE, svc), 0);
		assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_RELEASE_CID_RS_RELEASE_INFO_CID, cid), 0);
		fake_modem_send(&f->fm, &f->resp);
	}
	assert_int_equal(released, 12);
	assert_true(pump_until(&f->loop, &all.done, 2000));
	assert_int_equal(all.calls, 1);
	assert_int_equal(all.err, 0);
	assert_int_equal(qmi_client_cids_held(&f->c), 0);

	/* nothing held: still completes once, from the loop */
	struct result none = { 0 };
	assert_int_equal(qmi_client_release_all(&f->c, 2000, on_done, &none), 0);
	assert_int_equal(none.calls, 0);
	assert_true(pump_until(&f->loop, &none.done, 2000));
	assert_int_equal(none.calls, 1);
}

/* Allocation refused by the modem (client ids exhausted): the error
 * reaches the caller and nothing is counted as held. */
static void cid_exhausted(void **state)
{
	struct fx *f = *state;
	struct result a = { 0 };
	assert_true(qmi_client_alloc_cid(&f->c, QMI_SVC_WDS, NULL, on_cid, &a) > 0);
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	fake_modem_reply_init(&f->resp, &f->req);
	f->resp.status = 1;
	f->resp.error = QMI_ERR_CLIENT_IDS_EXHAUSTED;
	fake_modem_send(&f->fm, &f->resp);
	assert_true(pump_until(&f->loop, &a.done, 2000));
	assert_int_equal(a.err, CL_E_QMI);
	assert_int_equal(qmi_client_cids_held(&f->c), 0);
}

/* CTL sync swallowed once, then answered: done once, cids forgotten. */
static void sync_retried(void **state)
{
	struct fx *f = *state;
	struct result s = { 0 };
	struct qmi_req_opts o = { .timeout_ms = 80, .retries = 3 };
	assert_true(qmi_client_sync(&f->c, &o, on_done, &s) > 0);
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	assert_int_equal(f->req.id, QMI_CTL_SYNC);
	advance(f, 80);
	assert_int_equal(fake_modem_read(&f->fm, NULL, &f->req, 2000), 0);
	assert_int_equal(f->req.id, QMI_CTL_SYNC);
	fake_modem_reply_init(&f->resp, &f->req);
	fake_modem_send(&f->fm, &f->resp);
	assert_true(pump_until(&f->loop, &s.done, 2000));
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.err, 0);
}

struct ind_seen {
	int pss, other;
	bool done;
	uint64_t status;
};

static void on_pss(struct qmi_client *c, void *ud, const struct qmi_msg *m)
{
	struct ind_seen *s = ud;
	s->pss++;
	assert_int_equal(qmi_fget_uint(m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, &s->status), 0);
	s->done = true;
}

static void on_other(struct qmi_client *c, void *ud, const struct qmi_msg *m)
{
	struct ind_seen *s = ud;
	s->other++;
}

/* Indications reach the handlers of their (service, id) only; garbage
 * and split frames on the wire are survived. */
static void indications_and_framing(void **state)
{
	struct fx *f = *state;
	struct ind_seen s = { 0 };
	assert_int_equal(qmi_client_on_indication(&f->c, QMI_SVC_WDS, QMI_WDS_PACKET_SERVICE_STATUS,
						  on_pss, &s), 0);
	assert_int_equal(qmi_client_on_indication(&f->c, QMI_SVC_WDS, QMI_WDS_EVENT_REPORT,
						  on_other, &s), 0);
	qmi_msg_init(&f->resp, QMI_SVC_WDS, 5, QMI_INDICATION, 0, QMI_WDS_PACKET_SERVICE_STATUS);
	assert_int_equal(qmi_fset_text(&f->resp, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, "disconnected"), 0);
	f->resp.qmux_flags = QMUX_FLAG_SERVICE;
	uint8_t out[512];
	int n = qmi_encode(&f->resp, out, sizeof(out));
	assert_true(n > 8);
	/* garbage first, then the frame in two pieces */
	fake_modem_write(&f->fm, (const uint8_t *)"\xff\x00\x7e", 3);
	fake_modem_write(&f->fm, out, 5);
	bool never = false;
	pump_until(&f->loop, &never, 50);
	assert_int_equal(s.pss, 0);
	fake_modem_write(&f->fm, out + 5, (size_t)n - 5);
	assert_true(pump_until(&f->loop, &s.done, 2000));
	assert_int_equal(s.pss, 1);
	assert_int_equal(s.other, 0);
	assert_int_equal(s.status, 1);
	assert_true(f->c.tr.st.dropped_bytes >= 3);
	qmi_client_remove_handlers(&f->c, &s);
	s.done = false;
	fake_modem_write(&f->fm, out, (size_t)n);
	pump_until(&f->loop, &never, 100);
	assert_int_equal(s.pss, 1);
}

/* A response whose TLVs cannot be decoded still completes its request,
 * with CL_E_PROTOCOL. */
static void malformed_response(void **state)
{
	struct fx *f = *state;
	struct result r = { 0 };
	assert_true(send_get_model(f, 1, NULL, &r) > 0);
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	/* QMUX ok, SDU says 40 TLV bytes but carries 3 */
	uint8_t bad[] = { 0x01, 0x0f, 0x00, 0x80, QMI_SVC_DMS, 0x01, 0x02,
			  (uint8_t)f->req.txn, (uint8_t)(f->req.txn >> 8), 0x22, 0x00, 0x28, 0x00,
			  0x02, 0x04, 0x00 };
	fake_modem_write(&f->fm, bad, sizeof(bad));
	assert_true(pump_until(&f->loop, &r.done, 2000));
	assert_int_equal(r.calls, 1);
	assert_true(r.err == CL_E_PROTOCOL || r.err == 0);
	assert_true(f->c.stats.malformed + f->c.stats.received >= 1);
}

/* Another process holding the device: open names it. */
static void busy_device_names_holder(void **state)
{
	struct fake_modem fm;
	assert_int_equal(fake_modem_open(&fm), 0);
	int go[2], ready[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid_t child = fork();
	if (child == 0) {
		alarm(20);              /* never outlive a failed test */
		close(fm.master);       /* holding the master would make it the "emulator" */
		close(go[1]);
		int fd = open(fm.path, O_RDWR | O_NOCTTY);
		char b = fd >= 0 ? 'y' : 'n';
		(void)!write(ready[1], &b, 1);
		(void)!read(go[0], &b, 1);   /* until killed */
		_exit(0);
	}
	char b = 0;
	assert_int_equal(read(ready[0], &b, 1), 1);
	assert_int_equal(b, 'y');
	struct ev_loop l;
	ev_loop_init(&l);
	struct qmi_client *c = calloc(1, sizeof(*c));
	qmi_client_init(c, &l);
	int r = qmi_client_open(c, fm.path);
	assert_int_equal(r, -EBUSY);
	char want[32];
	snprintf(want, sizeof(want), "PID %d", (int)child);
	assert_non_null(strstr(c->errtext, want));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
	/* holder gone: open works */
	assert_int_equal(qmi_client_open(c, fm.path), 0);
	qmi_client_close(c);
	/* no such device */
	r = qmi_client_open(c, "/nonexistent/cdc-wdm9");
	assert_int_equal(r, -ENOENT);
	assert_non_null(strstr(c->errtext, "no control device"));
	free(c);
	ev_loop_free(&l);
	fake_modem_close(&fm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(out_of_order_responses, setup, teardown),
		cmocka_unit_test_setup_teardown(timeout_then_late_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(swallowed_request_is_resent, setup, teardown),
		cmocka_unit_test_setup_teardown(retries_exhausted, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel_and_close, setup, teardown),
		cmocka_unit_test_setup_teardown(device_gone_fails_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(cids_allocated_and_all_released, setup, teardown),
		cmocka_unit_test_setup_teardown(cid_exhausted, setup, teardown),
		cmocka_unit_test_setup_teardown(sync_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(indications_and_framing, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_response, setup, teardown),
		cmocka_unit_test(busy_device_names_holder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
