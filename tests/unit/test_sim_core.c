/* cellink-sim driven in-process: a client on the pty's other side sends
 * QMI frames, the emulator's loop runs, answers are read back and decoded
 * with the QMI core. Every wait is bounded and driven by the loop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qmi/fields.h"
#include "qmi/ids.h"
#include "qmi/wds_reasons.h"
#include "sim/sim.h"

struct fx {
	struct sim *s;
	char dir[64];
	int fd;                 /* the client side */
	uint8_t buf[QMI_MAX_FRAME * 2];
	size_t len;
	uint8_t frame[QMI_MAX_FRAME];
	struct qmi_msg m;       /* the last message received */
	struct qmi_msg req;     /* the request being built */
	uint16_t txn;
	uint64_t now;           /* the emulator loop's virtual clock (use_virtual_time) */
};

static uint64_t virtual_now(void *p)
{
	return *(const uint64_t *)p;
}

/* From here on the emulator's timers run on virtual time: they fire only
 * when advance() moves the clock. */
static void use_virtual_time(struct fx *f)
{
	f->now = ev_now_ms();   /* timers already set keep their due times */
	ev_loop_set_clock(&f->s->loop, virtual_now, &f->now);
}

static void advance(struct fx *f, uint64_t ms)
{
	f->now += ms;
	assert_int_equal(ev_run_once(&f->s->loop, 0), 0);
}

/* On virtual time: sends m, lets the emulator take it in, and checks that
 * its answer goes out exactly ms later, not a millisecond sooner. */
static void answered_after(struct fx *f, struct qmi_msg *m, uint64_t ms)
{
	unsigned long in = f->s->port.frames_in, out = f->s->port.frames_out;
	uint8_t buf[QMI_MAX_FRAME];
	int n = qmi_encode(m, buf, sizeof buf);
	assert_true(n > 0);
	assert_int_equal(write(f->fd, buf, (size_t)n), n);
	for (uint64_t end = ev_now_ms() + 2000; f->s->port.frames_in == in && ev_now_ms() < end;)
		ev_run_once(&f->s->loop, 5);
	assert_int_equal(f->s->port.frames_in, in + 1);
	if (ms) {
		advance(f, ms - 1);
		assert_int_equal(f->s->port.frames_out, out);
	}
	advance(f, 1);
	assert_true(f->s->port.frames_out > out);      /* what follows the answer may go with it */
}

static void open_client(struct fx *f)
{
	f->fd = open(f->s->port.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	assert_true(f->fd >= 0);
	f->len = 0;
}

static void log_stderr(struct sim *s, const char *text)
{
	fprintf(stderr, "sim: %s\n", text);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct sim *s = calloc(1, sizeof(*s));
	assert_non_null(f);
	assert_non_null(s);
	f->s = s;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_sim_XXXXXX");
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
	if (getenv("SIM_TEST_LOG")) {
		s->log = true;
		s->log_fn = log_stderr;
	}
	s->init = s->m;
	assert_int_equal(ev_loop_init(&s->loop), 0);
	assert_int_equal(sim_port_open(s), 0);
	sim_start_registration(s);
	open_client(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct sim *s = f->s;
	if (f->fd >= 0)
		close(f->fd);
	sim_wire_stop(s);
	sim_port_close(s);
	sim_control_close(s);
	sim_scenario_free(s);
	ev_loop_free(&s->loop);
	sb_free(&s->logbuf);
	char p[128];
	snprintf(p, sizeof(p), "%s/scenario", f->dir);
	unlink(p);
	rmdir(f->dir);
	free(s);
	free(f);
	return 0;
}

static void run_for(struct fx *f, int ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)ms;
	for (uint64_t now = ev_now_ms(); now < end; now = ev_now_ms())
		ev_run_once(&f->s->loop, (int)(end - now));
}

/* Next frame from the emulator within ms, decoded into f->m; false when
 * none came. */
static bool recv_msg(struct fx *f, int ms, int *decode_err)
{
	uint64_t end = ev_now_ms() + (uint64_t)ms;
	for (;;) {
		int n = qmux_frame_len(f->buf, f->len);
		assert_true(n >= 0);
		if (n > 0) {
			memcpy(f->frame, f->buf, (size_t)n);
			memmove(f->buf, f->buf + n, f->len - (size_t)n);
			f->len -= (size_t)n;
			int r = qmi_decode(&f->m, f->frame, (size_t)n, 0);
			if (decode_err)
				*decode_err = r;
			else
				assert_int_equal(r, 0);
			return true;
		}
		ssize_t k = read(f->fd, f->buf + f->len, sizeof(f->buf) - f->len);
		if (k > 0) {
			f->len += (size_t)k;
			continue;
		}
		uint64_t now = ev_now_ms();
		if (now >= end)
			return false;
		ev_run_once(&f->s->loop, (int)(end - now) < 5 ? (int)(end - now) : 5);
	}
}

static size_t build(struct fx *f, struct qmi_msg *m, uint8_t *out)
{
	int n = qmi_encode(m, out, QMI_MAX_FRAME);
	assert_true(n > 0);
	return (size_t)n;
}

static void send_raw(struct fx *f, const uint8_t *p, size_t n)
{
	assert_int_equal(write(f->fd, p, n), (ssize_t)n);
}

static struct qmi_msg *start(uint8_t svc, uint8_t cid, uint16_t id, struct fx *f)
{
	qmi_msg_init(&f->req, svc, cid, QMI_REQUEST, ++f->txn, id);
	return &f->req;
}

static void send_msg(struct fx *f, struct qmi_msg *m)
{
	uint8_t out[QMI_MAX_FRAME];
	send_raw(f, out, build(f, m, out));
}

/* Sends and waits for the response with its transaction id, skipping
 * indications; returns the response's QMI error (0 success). */
static int call(struct fx *f, struct qmi_msg *m)
{
	/* CTL transaction ids are one byte */
	uint16_t txn = m->service == QMI_SVC_CTL ? (uint8_t)m->txn : m->txn;
	uint8_t svc = m->service;
	send_msg(f, m);
	while (recv_msg(f, 2000, NULL)) {
		if (f->m.kind == QMI_RESPONSE && f->m.txn == txn && f->m.service == svc)
			return f->m.status ? f->m.error : 0;
	}
	fail_msg("no response to txn %u", txn);
	return -1;
}

static uint8_t alloc_cid(struct fx *f, uint8_t svc)
{
	struct qmi_msg *m = start(QMI_SVC_CTL, 0, QMI_CTL_ALLOCATE_CID, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, svc), 0);
	assert_int_equal(call(f, m), 0);
	uint64_t cid;
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_CID, &cid), 0);
	return (uint8_t)cid;
}

static void wait_registered(struct fx *f)
{
	for (int i = 0; i < 100 && !sim_modem_registered(&f->s->m); i++)
		ev_run_once(&f->s->loop, 20);
	assert_true(sim_modem_registered(&f->s->m));
}

static int command(struct fx *f, const char *line)
{
	struct strbuf out;
	sb_init(&out);
	int r = sim_command(f->s, line, &out);
	sb_free(&out);
	return r;
}

/* ---- tests ---- */

/* The emulator produces every call-end reason of the one table
 * (qmi/wds_reasons.h): the verbose type and number, the call-end-reason
 * code beside it, and the QMI printer names both back. */
static void end_reasons_from_the_table(void **state)
{
	unsigned n;
	const struct qmi_wds_reason *rows = qmi_wds_reasons(&n);
	assert_true(n > 40);
	struct qmi_msg *m = calloc(1, sizeof(*m));
	struct sim *sim = calloc(1, sizeof(*sim));     /* only its bad_field is used */
	struct strbuf sb;
	sb_init(&sb);
	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = i + 1; j < n; j++) {
			assert_string_not_equal(rows[i].name, rows[j].name);
			assert_false(rows[i].type == rows[j].type && rows[i].reason == rows[j].reason);
		}
		qmi_msg_init(m, QMI_SVC_WDS, 1, QMI_INDICATION, 0, QMI_WDS_PACKET_SERVICE_STATUS);
		assert_true(sim_end_reason_known(rows[i].name));
		assert_int_equal(sim_end_reason_fill(sim, m, rows[i].name), 0);
		assert_null(sim->bad_field);
		uint64_t t, code;
		int64_t r;
		assert_int_equal(qmi_fget_uint(m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_TYPE, &t), 0);
		assert_int_equal(qmi_fget_int(m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_REASON, &r), 0);
		assert_int_equal(t, rows[i].type);
		assert_int_equal(r, rows[i].reason);
		assert_ptr_equal(qmi_wds_reason_find((uint16_t)t, (int16_t)r), &rows[i]);
		sb_reset(&sb);
		qmi_print_json(&sb, m, 0);
		char want[96];
		snprintf(want, sizeof want, "\"reason\":\"%s\"", rows[i].name);
		assert_non_null(strstr(sb_str(&sb), want));
		if (rows[i].call_end) {
			assert_int_equal(qmi_fget_uint(m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CALL_END_REASON, &code), 0);
			assert_int_equal(code, rows[i].call_end);
			/* a code the WDS enum names, not a bare number */
			const char *c = strstr(sb_str(&sb), "\"call-end-reason\":\"");
			assert_non_null(c);
			assert_false(c[19] >= '0' && c[19] <= '9');
		} else {
			assert_false(qmi_fhas(m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CALL_END_REASON));
		}
	}
	assert_false(sim_end_reason_known("no-such-reason"));
	sb_free(&sb);
	free(sim);
	free(m);
}

static void cid_pool(void **state)
{
	struct sim_clients cs;
	sim_clients_init(&cs, 3);
	assert_int_equal(sim_client_alloc(&cs, QMI_SVC_WDS), 1);
	assert_int_equal(sim_client_alloc(&cs, QMI_SVC_WDS), 2);
	assert_int_equal(sim_client_alloc(&cs, QMI_SVC_WDS), 3);
	assert_int_equal(sim_client_alloc(&cs, QMI_SVC_WDS), -QMI_ERR_CLIENT_IDS_EXHAUSTED);
	assert_int_equal(sim_client_alloc(&cs, QMI_SVC_DMS), 1);
	assert_int_equal(sim_client_alloc(&cs, QMI_SVC_PBM), -QMI_ERR_INVALID_SERVICE_TYPE);
	assert_int_equal(sim_client_release(&cs, QMI_SVC_WDS, 2), 0);
	assert_int_equal(sim_client_release(&cs, QMI_SVC_WDS, 2), -QMI_ERR_INVALID_CLIENT_ID);
	assert_int_equal(sim_clients_count(&cs, QMI_SVC_WDS), 2);
	assert_int_equal(sim_client_alloc(&cs, QMI_SVC_WDS), 2);
	struct strbuf sb;
	sb_init(&sb);
	sim_clients_json(&cs, &sb);
	assert_non_null(strstr(sb_str(&sb), "\"wds\":[1,2,3]"));
	assert_non_null(strstr(sb_str(&sb), "\"total\":4"));
	sb_free(&sb);
	sim_clients_release_all(&cs);
	assert_int_equal(sim_clients_total(&cs), 0);
}

static void split_and_coalesced_frames(void **state)
{
	struct fx *f = *state;
	uint8_t a[256], b[256], both[512];
	size_t na = build(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f), a);
	uint16_t txn_a = f->txn;
	/* split: the first 3 bytes, a loop turn, then the rest */
	send_raw(f, a, 3);
	run_for(f, 20);
	send_raw(f, a + 3, na - 3);
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.txn, txn_a);
	assert_true(f->m.svc && f->m.def);
	assert_true(qmi_fhas(&f->m, QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST));
	assert_int_equal(qmi_fget(&f->m, QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST)->n, 8);
	/* coalesced: two requests in one write, two answers */
	na = build(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f), a);
	struct qmi_msg *m = start(QMI_SVC_CTL, 0, QMI_CTL_ALLOCATE_CID, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, QMI_SVC_DMS), 0);
	size_t nb = build(f, m, b);
	memcpy(both, a, na);
	memcpy(both + na, b, nb);
	send_raw(f, both, na + nb);
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.id, QMI_CTL_GET_VERSION_INFO);
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.id, QMI_CTL_ALLOCATE_CID);
	assert_int_equal(f->m.txn, f->txn);
	assert_int_equal(sim_clients_count(&f->s->clients, QMI_SVC_DMS), 1);
}

static void malformed_input_answered(void **state)
{
	struct fx *f = *state;
	uint8_t cid = alloc_cid(f, QMI_SVC_DMS);
	uint8_t a[256];
	size_t n = build(f, start(QMI_SVC_DMS, cid, QMI_DMS_GET_IDS, f), a);
	/* garbage first: skipped */
	send_raw(f, (const uint8_t *)"\xff\xfe garbage", 10);
	/* then a frame whose TLV area claims more than there is: the QMUX
	 * length is right, the QMI header readable */
	uint8_t bad[64];
	memcpy(bad, a, n);
	bad[n] = 0x10;          /* TLV 0x10 ... */
	bad[n + 1] = 0x40;      /* ... of 64 bytes, of which none follow */
	bad[n + 2] = 0x00;
	bad[1] = (uint8_t)(n + 3 - 1);
	bad[11] = 3;            /* TLV area length */
	send_raw(f, bad, n + 3);
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.kind, QMI_RESPONSE);
	assert_int_equal(f->m.id, QMI_DMS_GET_IDS);
	assert_int_equal(f->m.txn, f->txn);
	assert_int_equal(f->m.status, 1);
	assert_int_equal(f->m.error, QMI_ERR_MALFORMED_MESSAGE);
	assert_true(f->s->port.garbage_bytes >= 10);
	/* unknown message, unknown client */
	assert_int_equal(call(f, start(QMI_SVC_DMS, cid, 0x0555, f)), QMI_ERR_INVALID_QMI_COMMAND);
	assert_int_equal(call(f, start(QMI_SVC_DMS, (uint8_t)(cid + 1), QMI_DMS_GET_IDS, f)),
			 QMI_ERR_INVALID_CLIENT_ID);
	/* and the emulator still answers properly */
	assert_int_equal(call(f, start(QMI_SVC_DMS, cid, QMI_DMS_GET_IDS, f)), 0);
	char imei[32];
	assert_int_equal(qmi_fget_str(&f->m, QMIF_DMS_GET_IDS_RS_IMEI, imei, sizeof(imei)), 15);
	assert_string_equal(imei, "359072060000003");
	assert_non_null(qmi_tlv_by_id(&f->m, 0x11));
}

static void fault_malformed_answer(void **state)
{
	struct fx *f = *state;
	uint8_t cid = alloc_cid(f, QMI_SVC_DMS);
	assert_int_equal(command(f, "malformed dms 1"), 0);
	send_msg(f, start(QMI_SVC_DMS, cid, QMI_DMS_GET_REVISION, f));
	int err = 0;
	assert_true(recv_msg(f, 1000, &err));
	assert_true(err < 0);   /* frames as QMUX, does not decode */
	assert_int_equal(call(f, start(QMI_SVC_DMS, cid, QMI_DMS_GET_REVISION, f)), 0);
}

static void fault_stop_service_and_delay(void **state)
{
	struct fx *f = *state;
	wait_registered(f);
	uint8_t cid = alloc_cid(f, QMI_SVC_NAS);
	assert_int_equal(command(f, "stop-service nas"), 0);
	send_msg(f, start(QMI_SVC_NAS, cid, QMI_NAS_GET_SERVING_SYSTEM, f));
	/* no answer, and no indication either from a silent service */
	assert_int_equal(command(f, "lose-registration"), 0);
	assert_false(recv_msg(f, 150, NULL));
	assert_int_equal(command(f, "regain-registration"), 0);
	assert_int_equal(command(f, "resume-service nas"), 0);
	assert_int_equal(command(f, "delay nas get-serving-system 120"), 0);
	use_virtual_time(f);
	answered_after(f, start(QMI_SVC_NAS, cid, QMI_NAS_GET_SERVING_SYSTEM, f), 120);
	assert_true(recv_msg(f, 2000, NULL));
	assert_int_equal(f->m.kind, QMI_RESPONSE);
	assert_int_equal(f->m.txn, f->txn);
	assert_int_equal(f->m.status, 0);
	assert_int_equal(sim_delay_for(f->s, QMI_SVC_WDS, QMI_WDS_START_NETWORK), 300);
	assert_int_not_equal(command(f, "delay nas no-such-message 5"), 0);
}

static uint32_t start_network(struct fx *f, uint8_t cid, const char *apn, int family, int *err)
{
	struct qmi_msg *m = start(QMI_SVC_WDS, cid, QMI_WDS_START_NETWORK, f);
	if (apn)
		assert_int_equal(qmi_fset_str(m, QMIF_WDS_START_NETWORK_RQ_APN, apn), 0);
	assert_int_equal(qmi_fset_uint(m, QMIF_WDS_START_NETWORK_RQ_IP_FAMILY_PREFERENCE, (uint64_t)family), 0);
	*err = call(f, m);
	uint64_t h = 0;
	if (!*err)
		assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_START_NETWORK_RS_PACKET_DATA_HANDLE, &h), 0);
	return (uint32_t)h;
}

static void drop_session_indication(void **state)
{
	struct fx *f = *state;
	int err;
	wait_registered(f);
	uint8_t cid = alloc_cid(f, QMI_SVC_WDS);
	assert_int_equal(command(f, "delay wds * 0"), 0);
	uint32_t h = start_network(f, cid, "internet", 4, &err);
	assert_int_equal(err, 0);
	assert_true(h != 0);
	/* the connected indication follows the answer */
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.kind, QMI_INDICATION);
	uint64_t st;
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, &st), 0);
	assert_int_equal(st, 2);
	assert_int_equal(command(f, "drop-session reason=regular-deactivation"), 0);
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.kind, QMI_INDICATION);
	assert_int_equal(f->m.id, QMI_WDS_PACKET_SERVICE_STATUS);
	assert_int_equal(f->m.client, cid);
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, &st), 0);
	assert_int_equal(st, 1);
	uint64_t vt, vr;
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_TYPE, &vt), 0);
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_REASON, &vr), 0);
	assert_int_equal(vt, 6);
	assert_int_equal(vr, 36);
	/* nothing left to drop */
	assert_int_not_equal(command(f, "drop-session"), 0);
	assert_int_equal(call(f, start(QMI_SVC_WDS, cid, QMI_WDS_GET_CURRENT_SETTINGS, f)),
			 QMI_ERR_OUT_OF_CALL);
}

/* With start-network's own delay, the answer still comes before the
 * indication the session sends. */
static void answer_before_indication(void **state)
{
	struct fx *f = *state;
	wait_registered(f);
	uint8_t cid = alloc_cid(f, QMI_SVC_WDS);
	struct qmi_msg *m = start(QMI_SVC_WDS, cid, QMI_WDS_START_NETWORK, f);
	assert_int_equal(qmi_fset_str(m, QMIF_WDS_START_NETWORK_RQ_APN, "internet"), 0);
	use_virtual_time(f);
	answered_after(f, m, 300);      /* start-network's own delay */
	assert_true(recv_msg(f, 2000, NULL));
	assert_int_equal(f->m.kind, QMI_RESPONSE);
	assert_int_equal(f->m.id, QMI_WDS_START_NETWORK);
	assert_true(recv_msg(f, 2000, NULL));
	assert_int_equal(f->m.kind, QMI_INDICATION);
}

static void dual_stack_on_two_clients(void **state)
{
	struct fx *f = *state;
	int err;
	wait_registered(f);
	assert_int_equal(command(f, "delay wds * 0"), 0);
	uint8_t c4 = alloc_cid(f, QMI_SVC_WDS), c6 = alloc_cid(f, QMI_SVC_WDS);
	struct qmi_msg *m = start(QMI_SVC_WDS, c6, QMI_WDS_SET_IP_FAMILY, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_WDS_SET_IP_FAMILY_RQ_PREFERENCE, 6), 0);
	assert_int_equal(call(f, m), 0);
	start_network(f, c4, "internet", 4, &err);
	assert_int_equal(err, 0);
	/* a second session on the same client: no */
	start_network(f, c4, "internet", 6, &err);
	assert_int_equal(err, QMI_ERR_NO_EFFECT);
	m = start(QMI_SVC_WDS, c6, QMI_WDS_START_NETWORK, f);
	assert_int_equal(qmi_fset_str(m, QMIF_WDS_START_NETWORK_RQ_APN, "internet"), 0);
	assert_int_equal(call(f, m), 0);
	assert_int_equal(call(f, start(QMI_SVC_WDS, c6, QMI_WDS_GET_CURRENT_SETTINGS, f)), 0);
	assert_true(qmi_fhas(&f->m, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV6_ADDRESS));
	assert_false(qmi_fhas(&f->m, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_ADDRESS));
	uint64_t fam;
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IP_FAMILY, &fam), 0);
	assert_int_equal(fam, 6);
	assert_int_equal(call(f, start(QMI_SVC_WDS, c4, QMI_WDS_GET_CURRENT_SETTINGS, f)), 0);
	char addr[64];
	assert_int_equal(qmi_fget(&f->m, QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_ADDRESS)->u != 0, 1);
	(void)addr;
	/* unknown APN and an IPv4-only APN asked for IPv6 */
	uint8_t c3 = alloc_cid(f, QMI_SVC_WDS);
	start_network(f, c3, "nowhere", 4, &err);
	assert_int_equal(err, QMI_ERR_CALL_FAILED);
	uint64_t vr;
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_START_NETWORK_RS_VERBOSE_CALL_END_REASON_REASON, &vr), 0);
	assert_int_equal(vr, 27);
	assert_int_equal(command(f, "set apn v4only ip=4"), 0);
	start_network(f, c3, "v4only", 6, &err);
	assert_int_equal(err, QMI_ERR_CALL_FAILED);
	assert_int_equal(qmi_fget_uint(&f->m, QMIF_WDS_START_NETWORK_RS_VERBOSE_CALL_END_REASON_REASON, &vr), 0);
	assert_int_equal(vr, 50);
	/* releasing a client ends its session */
	m = start(QMI_SVC_CTL, 0, QMI_CTL_RELEASE_CID, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_SERVICE, QMI_SVC_WDS), 0);
	assert_int_equal(qmi_fset_uint(m, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_CID, c4), 0);
	assert_int_equal(call(f, m), 0);
	assert_null(sim_session_of(&f->s->m, c4));
	assert_non_null(sim_session_of(&f->s->m, c6));
}

static void exhaust_and_sync(void **state)
{
	struct fx *f = *state;
	for (int i = 0; i < 4; i++)
		alloc_cid(f, QMI_SVC_NAS);
	struct qmi_msg *m = start(QMI_SVC_CTL, 0, QMI_CTL_ALLOCATE_CID, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, QMI_SVC_NAS), 0);
	assert_int_equal(call(f, m), QMI_ERR_CLIENT_IDS_EXHAUSTED);       /* pool of 4 */
	alloc_cid(f, QMI_SVC_DMS);
	assert_int_equal(command(f, "exhaust-cids dms"), 0);
	m = start(QMI_SVC_CTL, 0, QMI_CTL_ALLOCATE_CID, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, QMI_SVC_DMS), 0);
	assert_int_equal(call(f, m), QMI_ERR_CLIENT_IDS_EXHAUSTED);
	assert_int_equal(sim_clients_total(&f->s->clients), 5);
	assert_int_equal(call(f, start(QMI_SVC_CTL, 0, QMI_CTL_SYNC, f)), 0);
	assert_int_equal(sim_clients_total(&f->s->clients), 0);
}

static void flood(void **state)
{
	struct fx *f = *state;
	wait_registered(f);
	uint8_t cid = alloc_cid(f, QMI_SVC_NAS);
	assert_int_equal(command(f, "flood nas 50"), 0);
	int n = 0;
	while (recv_msg(f, 300, NULL)) {
		assert_int_equal(f->m.kind, QMI_INDICATION);
		assert_int_equal(f->m.client, cid);
		n++;
	}
	assert_int_equal(n, 50);
}

static void reset_vanishes_and_returns(void **state)
{
	struct fx *f = *state;
	alloc_cid(f, QMI_SVC_DMS);
	assert_int_equal(command(f, "reset 60"), 0);
	assert_int_equal(access(f->s->port.path, F_OK), -1);
	assert_int_equal(sim_clients_total(&f->s->clients), 0);
	close(f->fd);
	f->fd = -1;
	for (int i = 0; i < 50 && access(f->s->port.path, F_OK) < 0; i++)
		ev_run_once(&f->s->loop, 20);
	assert_int_equal(access(f->s->port.path, F_OK), 0);
	open_client(f);
	assert_int_not_equal(alloc_cid(f, QMI_SVC_DMS), 0);
}

static void pin_and_sim_states(void **state)
{
	struct fx *f = *state;
	assert_int_equal(command(f, "sim pin"), 0);
	assert_false(sim_modem_registered(&f->s->m));
	uint8_t cid = alloc_cid(f, QMI_SVC_DMS);
	assert_int_equal(call(f, start(QMI_SVC_DMS, cid, QMI_DMS_UIM_GET_IMSI, f)), QMI_ERR_DEVICE_NOT_READY);
	for (int i = 0; i < 3; i++) {
		struct qmi_msg *m = start(QMI_SVC_DMS, cid, QMI_DMS_UIM_VERIFY_PIN, f);
		assert_int_equal(qmi_fset_uint(m, QMIF_DMS_UIM_VERIFY_PIN_RQ_INFO_PIN_ID, 1), 0);
		assert_int_equal(qmi_fset_str(m, QMIF_DMS_UIM_VERIFY_PIN_RQ_INFO_PIN, "0000"), 0);
		assert_int_equal(call(f, m), QMI_ERR_INCORRECT_PIN);
	}
	assert_int_equal(f->s->m.card, SIM_CARD_PUK);
	struct qmi_msg *m = start(QMI_SVC_DMS, cid, QMI_DMS_UIM_UNBLOCK_PIN, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_DMS_UIM_UNBLOCK_PIN_RQ_INFO_PIN_ID, 1), 0);
	assert_int_equal(qmi_fset_str(m, QMIF_DMS_UIM_UNBLOCK_PIN_RQ_INFO_PUK, "12345678"), 0);
	assert_int_equal(qmi_fset_str(m, QMIF_DMS_UIM_UNBLOCK_PIN_RQ_INFO_NEW_PIN, "4321"), 0);
	assert_int_equal(call(f, m), 0);
	assert_int_equal(f->s->m.card, SIM_CARD_READY);
	wait_registered(f);
	assert_int_equal(command(f, "remove-sim"), 0);
	assert_false(sim_modem_registered(&f->s->m));
	assert_int_equal(call(f, start(QMI_SVC_DMS, cid, QMI_DMS_UIM_GET_ICCID, f)), QMI_ERR_UIM_UNINITIALIZED);
}

static void scenario_file(void **state)
{
	struct fx *f = *state;
	char p[128];
	snprintf(p, sizeof(p), "%s/scenario", f->dir);
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fputs("# comment\nset apn corp user=u pass=p auth=chap\n"
	      "set operator name=TestNet mcc=001 mnc=01\nat 40 remove-sim\n", fp);
	fclose(fp);
	assert_int_equal(sim_scenario_load(f->s, p), 0);
	assert_non_null(sim_apn_find(&f->s->m, "corp"));
	assert_string_equal(f->s->m.operator_name, "TestNet");
	assert_int_equal(f->s->m.card, SIM_CARD_READY);
	for (int i = 0; i < 50 && f->s->m.card == SIM_CARD_READY; i++)
		ev_run_once(&f->s->loop, 20);
	assert_int_equal(f->s->m.card, SIM_CARD_ABSENT);
	/* a bad line names itself */
	fp = fopen(p, "w");
	fputs("bogus-command\n", fp);
	fclose(fp);
	assert_int_not_equal(sim_scenario_load(f->s, p), 0);
	struct strbuf out;
	sb_init(&out);
	assert_int_equal(sim_command(f->s, "state", &out), 0);
	assert_non_null(strstr(sb_str(&out), "\"sim\":\"absent\""));
	assert_null(strstr(sb_str(&out), "\"pass"));
	sb_free(&out);
}

static void quirk_swallow_after_power_up(void **state)
{
	struct fx *f = *state;
	assert_int_equal(command(f, "set quirk-swallow-first 1"), 0);
	sim_power_up(f->s);
	struct qmi_msg *m = start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f);
	send_msg(f, m);
	assert_false(recv_msg(f, 100, NULL));
	assert_int_equal(call(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f)), 0);
}

static void operating_mode_reset_answers_first(void **state)
{
	struct fx *f = *state;
	uint8_t cid = alloc_cid(f, QMI_SVC_DMS);
	/* the reset comes 20 ms after the answer: on virtual time, so a slow
	 * reader still gets the answer before the device goes away */
	use_virtual_time(f);
	struct qmi_msg *m = start(QMI_SVC_DMS, cid, QMI_DMS_SET_OPERATING_MODE, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_DMS_SET_OPERATING_MODE_RQ_MODE, 4), 0);
	uint16_t txn = m->txn;
	uint64_t out = f->s->port.frames_out;
	send_msg(f, m);
	/* time moves only until the answer is out (after the message's delay) */
	for (int i = 0; i < 1000 && f->s->port.frames_out == out; i++) {
		ev_run_once(&f->s->loop, 1);    /* takes the request in */
		advance(f, 1);
	}
	assert_int_equal(f->s->port.frames_out, out + 1);
	assert_true(recv_msg(f, 2000, NULL));
	assert_int_equal(f->m.kind, QMI_RESPONSE);
	assert_int_equal(f->m.txn, txn);
	assert_int_equal(f->m.status, 0);
	assert_int_equal(access(f->s->port.path, F_OK), 0);
	assert_false(f->s->resetting);
	advance(f, 20);
	assert_int_equal(access(f->s->port.path, F_OK), -1);
	assert_true(f->s->resetting);
}

static void stale_partial_frame_dropped(void **state)
{
	struct fx *f = *state;
	uint8_t a[256];
	size_t n = build(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f), a);
	/* a client writes half a frame and goes away */
	send_raw(f, a, n / 2);
	run_for(f, 1100);
	/* the next client's frame is read on its own */
	n = build(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f), a);
	send_raw(f, a, n);
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.txn, f->txn);
	assert_int_equal(f->m.status, 0);
}

/* A client that goes away leaves nothing for the next one: its unread
 * answers are flushed, answers due after it left are dropped. */
static void closed_client_leaves_nothing(void **state)
{
	struct fx *f = *state;
	assert_int_equal(f->s->port.clients_open >= 0, 1);
	run_for(f, 10);
	assert_int_equal(f->s->port.clients_open, 1);
	uint8_t a[256];
	size_t n = build(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f), a);
	send_raw(f, a, n);                      /* answered, never read */
	run_for(f, 30);
	assert_int_equal(command(f, "delay ctl * 80"), 0);
	send_raw(f, a, n);                      /* answered after the close */
	run_for(f, 10);
	close(f->fd);
	run_for(f, 150);
	assert_int_equal(f->s->port.clients_open, 0);
	assert_true(f->s->port.dropped_out >= 1);
	open_client(f);
	assert_false(recv_msg(f, 100, NULL));
	assert_int_equal(command(f, "delay ctl * 0"), 0);
	assert_int_equal(call(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f)), 0);
}

static void signal_indications(void **state)
{
	struct fx *f = *state;
	wait_registered(f);
	uint8_t cid = alloc_cid(f, QMI_SVC_NAS);
	struct qmi_msg *m = start(QMI_SVC_NAS, cid, QMI_NAS_REGISTER_INDICATIONS, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_NAS_REGISTER_INDICATIONS_RQ_SIGNAL_INFO, 1), 0);
	assert_int_equal(qmi_fset_uint(m, QMIF_NAS_REGISTER_INDICATIONS_RQ_SERVING_SYSTEM_EVENTS, 0), 0);
	assert_int_equal(call(f, m), 0);
	assert_int_equal(command(f, "signal rsrp=-112 sinr=-2.5"), 0);
	assert_true(recv_msg(f, 1000, NULL));
	assert_int_equal(f->m.kind, QMI_INDICATION);
	assert_int_equal(f->m.id, QMI_NAS_SIGNAL_INFO);
	int64_t v;
	assert_int_equal(qmi_fget_int(&f->m, QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSRP, &v), 0);
	assert_int_equal(v, -112);
	assert_int_equal(qmi_fget_int(&f->m, QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_SNR, &v), 0);
	assert_int_equal(v, -25);
	struct strbuf out;
	sb_init(&out);
	sim_command(f->s, "state", &out);
	assert_non_null(strstr(sb_str(&out), "\"sinr\":-2.5"));
	sb_free(&out);
	/* serving-system indications were turned off */
	assert_int_equal(command(f, "lose-registration"), 0);
	assert_false(recv_msg(f, 100, NULL));
}

/* The next signal-info indication within ms: its LTE RSRP (or INT64_MIN
 * without one); false when none came. */
static bool next_signal(struct fx *f, int ms, int64_t *rsrp)
{
	while (recv_msg(f, ms, NULL)) {
		if (f->m.kind != QMI_INDICATION || f->m.id != QMI_NAS_SIGNAL_INFO)
			continue;
		if (qmi_fget_int(&f->m, QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSRP, rsrp))
			*rsrp = INT64_MIN;
		return true;
	}
	return false;
}

static uint8_t signal_client(struct fx *f)
{
	uint8_t cid = alloc_cid(f, QMI_SVC_NAS);
	struct qmi_msg *m = start(QMI_SVC_NAS, cid, QMI_NAS_REGISTER_INDICATIONS, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_NAS_REGISTER_INDICATIONS_RQ_SIGNAL_INFO, 1), 0);
	assert_int_equal(qmi_fset_uint(m, QMIF_NAS_REGISTER_INDICATIONS_RQ_SERVING_SYSTEM_EVENTS, 0), 0);
	assert_int_equal(call(f, m), 0);
	return cid;
}

/* config-signal-info: a client hears of a change only when RSRP crosses
 * one of its thresholds (the first change always) */
static void signal_thresholds(void **state)
{
	struct fx *f = *state;
	int64_t v;
	wait_registered(f);
	uint8_t cid = signal_client(f);
	struct qmi_msg *m = start(QMI_SVC_NAS, cid, QMI_NAS_CONFIG_SIGNAL_INFO, f);
	struct qmi_val *a = qmi_fset_array(m, QMIF_NAS_CONFIG_SIGNAL_INFO_RQ_RSRP_THRESHOLD, 2);
	assert_non_null(a);
	assert_int_equal(qmi_eset_int(m, &a[0], QMIF_NAS_CONFIG_SIGNAL_INFO_RQ_RSRP_THRESHOLD_ELEMENT, -100), 0);
	assert_int_equal(qmi_eset_int(m, &a[1], QMIF_NAS_CONFIG_SIGNAL_INFO_RQ_RSRP_THRESHOLD_ELEMENT, -90), 0);
	assert_int_equal(call(f, m), 0);
	assert_int_equal(command(f, "signal rsrp=-95"), 0);
	assert_true(next_signal(f, 1000, &v));
	assert_int_equal(v, -95);
	assert_int_equal(command(f, "signal rsrp=-97"), 0);      /* between the thresholds */
	assert_int_equal(command(f, "signal rsrp=-92"), 0);
	assert_int_equal(command(f, "signal rsrp=-101"), 0);     /* crosses -100 */
	assert_true(next_signal(f, 1000, &v));
	assert_int_equal(v, -101);
	assert_int_equal(command(f, "signal rsrp=-110"), 0);
	assert_false(next_signal(f, 100, &v));
	assert_int_equal(command(f, "signal rsrp=-80"), 0);      /* crosses both */
	assert_true(next_signal(f, 1000, &v));
	assert_int_equal(v, -80);
	/* NR gone (SA -> LTE only is news whatever the thresholds) */
	assert_int_equal(command(f, "radio nr off"), 0);
	assert_true(next_signal(f, 1000, &v));
	assert_int_equal(v, -80);
	assert_false(qmi_fhas(&f->m, QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH));
}

/* config-signal-info-v2: deltas in tenths, 5G included; a sweep on
 * virtual time sends one indication a step, and ends at its target */
static void signal_deltas_and_sweep(void **state)
{
	struct fx *f = *state;
	int64_t v;
	wait_registered(f);
	uint8_t cid = signal_client(f);
	struct qmi_msg *m = start(QMI_SVC_NAS, cid, QMI_NAS_CONFIG_SIGNAL_INFO_V2, f);
	assert_int_equal(qmi_fset_uint(m, QMIF_NAS_CONFIG_SIGNAL_INFO_V2_RQ_LTE_RSRP_DELTA, 30), 0);
	assert_int_equal(call(f, m), 0);
	assert_int_equal(command(f, "antenna 0"), 0);
	assert_true(next_signal(f, 1000, &v));
	assert_int_equal(v, -72);
	assert_int_equal(command(f, "antenna 9"), 0);           /* -74: 2 dB, under the delta */
	assert_false(next_signal(f, 100, &v));
	assert_int_equal(command(f, "antenna 18"), 0);          /* -76: 4 dB from the last told */
	assert_true(next_signal(f, 1000, &v));
	assert_int_equal(v, -76);
	/* a sweep from 0 to 90 by 45 every 500 ms: -72, -82, -92 */
	use_virtual_time(f);
	assert_int_equal(command(f, "antenna sweep 0 90 45 500"), 0);
	advance(f, 0);
	assert_true(next_signal(f, 100, &v));
	assert_int_equal(v, -72);
	advance(f, 499);
	assert_false(next_signal(f, 50, &v));
	advance(f, 1);
	assert_true(next_signal(f, 100, &v));
	assert_int_equal(v, -82);
	advance(f, 500);
	assert_true(next_signal(f, 100, &v));
	assert_int_equal(v, -92);
	assert_int_equal(f->s->radio.angle, 90);
	assert_false(f->s->radio.sweep.pending);
	advance(f, 5000);
	assert_false(next_signal(f, 50, &v));
	/* bad commands say why */
	assert_int_equal(command(f, "antenna sweep 0 90 0 500"), -1);
	assert_int_equal(command(f, "antenna north"), -1);
	assert_int_equal(command(f, "radio nr 6g"), -1);
}

static uint32_t xorshift(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void drain(struct fx *f)
{
	ev_run_once(&f->s->loop, 0);
	while (read(f->fd, f->buf, sizeof(f->buf)) > 0)
		ev_run_once(&f->s->loop, 0);
	f->len = 0;
}

/* Every known request, bare and with random TLVs, and random bytes: the
 * emulator answers or ignores each, and never falls over. */
static void random_requests_never_crash(void **state)
{
	struct fx *f = *state;
	static const uint8_t svcs[] = { QMI_SVC_CTL, QMI_SVC_WDS, QMI_SVC_DMS, QMI_SVC_NAS, QMI_SVC_UIM,
					QMI_SVC_WDA, 0x09 };
	uint32_t seed = 0x1234567;
	uint8_t frame[512];
	wait_registered(f);
	assert_int_equal(command(f, "delay wds * 0"), 0);
	for (int round = 0; round < 4; round++) {
		for (size_t k = 1; k < sizeof(svcs) - 1; k++)
			alloc_cid(f, svcs[k]);
		for (size_t k = 0; k < sizeof(svcs); k++) {
			const struct qmi_service_def *d = qmi_service_by_id(svcs[k]);
			size_t nmsg = d ? d->n_msgs : 4;
			for (size_t i = 0; i < nmsg; i++) {
				uint16_t id = d ? d->msgs[i].id : (uint16_t)xorshift(&seed);
				if (svcs[k] == QMI_SVC_DMS && id == QMI_DMS_SET_OPERATING_MODE)
					continue;       /* may reset the modem */
				qmi_msg_init(&f->req, svcs[k], svcs[k] == QMI_SVC_CTL ? 0 : 1, QMI_REQUEST,
					     ++f->txn, id);
				unsigned ntlv = round ? xorshift(&seed) % 4 : 0;
				for (unsigned t = 0; t < ntlv; t++) {
					uint8_t v[24];
					size_t len = xorshift(&seed) % sizeof(v);
					for (size_t b = 0; b < len; b++)
						v[b] = (uint8_t)xorshift(&seed);
					qmi_add_raw(&f->req, (uint8_t)(t == 0 ? 0x01 : 0x10 + xorshift(&seed) % 16),
						    v, len);
				}
				int n = qmi_encode(&f->req, frame, sizeof(frame));
				assert_true(n > 0);
				send_raw(f, frame, (size_t)n);
				drain(f);
			}
		}
		/* raw bytes, some starting like a frame */
		for (int i = 0; i < 200; i++) {
			size_t len = 1 + xorshift(&seed) % 40;
			for (size_t b = 0; b < len; b++)
				frame[b] = (uint8_t)xorshift(&seed);
			if (i % 2) {
				frame[0] = 0x01;
				frame[1] = (uint8_t)(len - 1);
				frame[2] = 0;
			}
			send_raw(f, frame, len);
			drain(f);
		}
		run_for(f, 1100);       /* let a stale partial frame expire */
		drain(f);
	}
	assert_true(f->s->port.up);
	assert_int_equal(call(f, start(QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO, f)), 0);
}

static void control_socket(void **state)
{
	struct fx *f = *state;
	char p[128];
	snprintf(p, sizeof(p), "%s/ctl", f->dir);
	assert_int_equal(sim_control_open(f->s, p), 0);
	assert_int_equal(access(p, F_OK), 0);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	sim_control_close(f->s);
	assert_int_equal(access(p, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(end_reasons_from_the_table),
		cmocka_unit_test(cid_pool),
		cmocka_unit_test_setup_teardown(split_and_coalesced_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_input_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_malformed_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(fault_stop_service_and_delay, setup, teardown),
		cmocka_unit_test_setup_teardown(drop_session_indication, setup, teardown),
		cmocka_unit_test_setup_teardown(answer_before_indication, setup, teardown),
		cmocka_unit_test_setup_teardown(dual_stack_on_two_clients, setup, teardown),
		cmocka_unit_test_setup_teardown(exhaust_and_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(flood, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_vanishes_and_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(pin_and_sim_states, setup, teardown),
		cmocka_unit_test_setup_teardown(scenario_file, setup, teardown),
		cmocka_unit_test_setup_teardown(quirk_swallow_after_power_up, setup, teardown),
		cmocka_unit_test_setup_teardown(operating_mode_reset_answers_first, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_partial_frame_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_indications, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_thresholds, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_deltas_and_sweep, setup, teardown),
		cmocka_unit_test_setup_teardown(closed_client_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(random_requests_never_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(control_socket, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
