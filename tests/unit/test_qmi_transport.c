/* The QMI transport's writer against message-oriented "devices".
 *
 * A real cdc-wdm turns each write() into one USB control transfer, so the
 * transport must write exactly one QMUX frame per write(), even when frames
 * queued up while the device was busy. A SOCK_SEQPACKET socketpair keeps
 * write() boundaries the same way: each recv() on the far end returns what
 * one write() sent. A pty would coalesce bytes, so it cannot show this. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/util.h"
#include "io/qmi_transport.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "qmi/qmi.h"

struct fx {
	struct ev_loop loop;
	struct qmi_transport t;
	int peer;               /* the "modem" end */
	int gone_calls, gone_err;
};

static void on_gone(struct qmi_transport *t, int err)
{
	struct fx *f = t->user;
	f->gone_calls++;
	f->gone_err = err;
}

static void fx_init(struct fx *f, int dev_fd, int peer)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(ev_loop_init(&f->loop), 0);
	f->peer = peer;
	f->t.user = f;
	f->t.on_gone = on_gone;
	assert_int_equal(fcntl(dev_fd, F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(qmi_transport_adopt(&f->t, &f->loop, dev_fd, "test-device"), 0);
}

static void fx_free(struct fx *f)
{
	qmi_transport_close(&f->t);
	close(f->peer);
	ev_loop_free(&f->loop);
}

/* An allocate-cid request for service svc, txn txn. */
static int allocate_cid(uint8_t *out, size_t cap, uint8_t svc, uint16_t txn)
{
	static struct qmi_msg m;
	qmi_msg_init(&m, QMI_SVC_CTL, 0, QMI_REQUEST, txn, QMI_CTL_ALLOCATE_CID);
	assert_int_equal(qmi_fset_uint(&m, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, svc), 0);
	int n = qmi_encode(&m, out, cap);
	assert_true(n > 0);
	return n;
}

/* Runs the loop until nothing is left to write or the device is gone,
 * at most bound iterations of at most 1 s each. */
static void pump_until_written(struct fx *f)
{
	for (int i = 0; i < 50 && qmi_transport_pending(&f->t) && !f->t.st.gone; i++)
		ev_run_once(&f->loop, 1000);
}

/* Five allocate-cid requests queue up while the device cannot take them;
 * once it can, each arrives as one write holding one whole frame. */
static void five_queued_frames_are_five_writes(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	struct fx f;
	fx_init(&f, sv[0], sv[1]);

	/* Make the device busy: fill its send buffer with filler packets. */
	uint8_t filler[512];
	memset(filler, 0xee, sizeof(filler));
	int fillers = 0;
	while (write(sv[0], filler, sizeof(filler)) > 0)
		fillers++;
	assert_int_equal(errno, EAGAIN);
	assert_true(fillers > 0);

	static const uint8_t svcs[5] = { 0x01, 0x02, 0x03, 0x0b, 0x1a }; /* WDS DMS NAS UIM WDA */
	uint8_t frames[5][64];
	int lens[5];
	for (int i = 0; i < 5; i++) {
		lens[i] = allocate_cid(frames[i], sizeof(frames[i]), svcs[i], (uint16_t)(i + 1));
		assert_int_equal(qmi_transport_send(&f.t, frames[i], (size_t)lens[i]), 0);
	}
	assert_false(f.t.st.gone);
	size_t total = 0;
	for (int i = 0; i < 5; i++)
		total += (size_t)lens[i];
	assert_int_equal(qmi_transport_pending(&f.t), total);   /* all five waited */

	/* The modem drains the filler; the device becomes writable. */
	uint8_t buf[4096];
	for (int i = 0; i < fillers; i++)
		assert_int_equal(recv(sv[1], buf, sizeof(buf), 0), (ssize_t)sizeof(filler));
	pump_until_written(&f);
	assert_false(f.t.st.gone);
	assert_int_equal(qmi_transport_pending(&f.t), 0);

	for (int i = 0; i < 5; i++) {
		struct pollfd p = { .fd = sv[1], .events = POLLIN };
		assert_int_equal(poll(&p, 1, 5000), 1);
		ssize_t n = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
		/* one write = one packet = exactly frame i, nothing more */
		assert_int_equal(n, lens[i]);
		assert_int_equal(qmux_frame_len(buf, (size_t)n), lens[i]);
		assert_memory_equal(buf, frames[i], (size_t)lens[i]);
	}
	assert_int_equal(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(f.gone_calls, 0);
	fx_free(&f);
}

/* A frame that gets only partly into the device is an error: the device
 * ends (once), as on any other write error, and nothing more is written.
 * A pipe of one page takes part of a write larger than a page when its
 * page has room for the remainder. */
static void short_write_ends_the_device(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	if (fcntl(p[1], F_SETPIPE_SZ, 4096) < 0) {
		close(p[0]);
		close(p[1]);
		skip();
	}
	struct fx f;
	fx_init(&f, p[1], p[0]);
	/* leave 96 bytes of room in the pipe's only page */
	uint8_t filler[4000];
	memset(filler, 0xee, sizeof(filler));
	assert_int_equal(write(p[1], filler, sizeof(filler)), (ssize_t)sizeof(filler));

	/* a 4146-byte WDS request, laid out by hand (larger than the message
	 * arena): QMUX header, service header, one TLV. The pipe merges the
	 * part beyond a page (50 bytes) into its nearly full page and returns
	 * 50: a short write. */
	static uint8_t frame[4096 + 50];
	int n = (int)sizeof(frame);
	size_t tlvs = sizeof(frame) - 13, val = tlvs - 3;
	frame[0] = 0x01;
	frame[1] = (uint8_t)((n - 1) & 0xff);
	frame[2] = (uint8_t)((n - 1) >> 8);
	frame[4] = QMI_SVC_WDS;
	frame[5] = 1;                                   /* client id */
	frame[7] = 7;                                   /* txn */
	frame[9] = QMI_WDS_START_NETWORK & 0xff;
	frame[10] = QMI_WDS_START_NETWORK >> 8;
	frame[11] = (uint8_t)(tlvs & 0xff);
	frame[12] = (uint8_t)(tlvs >> 8);
	frame[13] = 0x70;
	frame[14] = (uint8_t)(val & 0xff);
	frame[15] = (uint8_t)(val >> 8);
	assert_int_equal(qmux_frame_len(frame, sizeof(frame)), n);
	assert_int_equal(qmi_transport_send(&f.t, frame, (size_t)n), 0);

	/* the error is reported from the loop, once */
	for (int i = 0; i < 10 && !f.gone_calls; i++)
		ev_run_once(&f.loop, 1000);
	assert_int_equal(f.gone_calls, 1);
	assert_int_equal(f.gone_err, -EIO);
	assert_true(f.t.st.gone);
	/* the transport refuses more frames once the device is gone */
	uint8_t small[64];
	int sl = allocate_cid(small, sizeof(small), 0x01, 8);
	assert_int_not_equal(qmi_transport_send(&f.t, small, (size_t)sl), 0);
	fx_free(&f);
}

/* send() takes whole frames only: the queue never holds half a frame or two. */
static void send_refuses_what_is_not_one_frame(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	struct fx f;
	fx_init(&f, sv[0], sv[1]);
	uint8_t two[128];
	int a = allocate_cid(two, sizeof(two), 0x01, 1);
	int b = allocate_cid(two + a, sizeof(two) - (size_t)a, 0x02, 2);
	assert_int_equal(qmi_transport_send(&f.t, two, (size_t)(a + b)), -EINVAL);
	assert_int_equal(qmi_transport_send(&f.t, two, (size_t)a - 1), -EINVAL);
	assert_int_equal(qmi_transport_pending(&f.t), 0);
	assert_int_equal(qmi_transport_send(&f.t, two, (size_t)a), 0);
	uint8_t buf[256];
	struct pollfd pl = { .fd = sv[1], .events = POLLIN };
	assert_int_equal(poll(&pl, 1, 5000), 1);
	assert_int_equal(recv(sv[1], buf, sizeof(buf), 0), a);
	fx_free(&f);
}

/* ---- bounded batches: a flood does not starve the other descriptors ---- */

struct flood {
	struct fx f;
	unsigned frames;                /* handed to on_frame so far */
	unsigned frames_when_served;    /* when the other descriptor got its turn */
	bool served;
	struct ev_fd other;             /* the control socket, say */
};

static void flood_frame(struct qmi_transport *t, const uint8_t *frame, size_t len)
{
	(void)frame;
	(void)len;
	struct flood *fl = container_of(container_of(t, struct fx, t), struct flood, f);
	fl->frames++;
}

static void flood_other(struct ev_fd *h, unsigned revents)
{
	(void)revents;
	struct flood *fl = container_of(h, struct flood, other);
	char c;
	assert_int_equal(read(h->fd, &c, 1), 1);
	fl->served = true;
	fl->frames_when_served = fl->frames;
}

/* 6000 frames (more than rbuf holds) are waiting on the device and a byte on another descriptor
 * when the loop turns: the other is served after one batch at most, and
 * the flood still arrives whole and in order, a batch a turn (most of it
 * from the transport's own buffer, where epoll no longer sees it). */
static void flood_is_served_in_batches(void **state)
{
	(void)state;
	enum { N = 6000 };
	int sv[2], pp[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(pipe(pp), 0);
	static struct flood fl;
	memset(&fl, 0, sizeof(fl));
	fx_init(&fl.f, sv[0], sv[1]);
	fl.f.t.on_frame = flood_frame;
	int bufsz = 1 << 20;
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));

	uint8_t frame[64];
	int len = allocate_cid(frame, sizeof(frame), 0x03, 7);
	size_t total = (size_t)len * N;
	uint8_t *all = malloc(total);
	assert_non_null(all);
	for (int i = 0; i < N; i++)
		memcpy(all + (size_t)i * (size_t)len, frame, (size_t)len);
	assert_int_equal(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(write(sv[1], all, total), (ssize_t)total);    /* one message: fits */
	free(all);
	assert_true(total > QMI_TRANSPORT_RBUF);
	fl.other.fd = pp[0];
	fl.other.cb = flood_other;
	assert_int_equal(ev_fd_add(&fl.f.loop, &fl.other, EV_READ), 0);
	assert_int_equal(write(pp[1], "x", 1), 1);

	assert_int_equal(ev_run_once(&fl.f.loop, 1000), 0);
	assert_true(fl.served);
	assert_true(fl.frames_when_served <= QMI_TRANSPORT_BATCH);
	assert_int_equal(fl.frames, QMI_TRANSPORT_BATCH);

	/* the rest: one batch a turn, never more */
	unsigned turns = 1, before = fl.frames;
	while (fl.frames < N && turns < 10 * N) {
		assert_int_equal(ev_run_once(&fl.f.loop, 1000), 0);
		assert_true(fl.frames - before <= QMI_TRANSPORT_BATCH);
		before = fl.frames;
		turns++;
	}
	assert_int_equal(fl.frames, N);
	assert_true(turns >= N / QMI_TRANSPORT_BATCH);
	assert_true(fl.f.t.st.held_turns > 0);
	assert_int_equal(fl.f.t.st.dropped_bytes, 0);
	assert_false(fl.f.t.st.more.pending);
	assert_false(fl.f.t.st.gone);
	ev_fd_del(&fl.f.loop, &fl.other);
	close(pp[0]);
	close(pp[1]);
	fx_free(&fl.f);
}

/* Closing with a batch still deferred leaves nothing queued on the loop. */
static void close_cancels_the_deferred_batch(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	static struct flood fl;
	memset(&fl, 0, sizeof(fl));
	fx_init(&fl.f, sv[0], sv[1]);
	fl.f.t.on_frame = flood_frame;
	uint8_t frame[64];
	int len = allocate_cid(frame, sizeof(frame), 0x03, 7);
	for (int i = 0; i < 3 * QMI_TRANSPORT_BATCH; i++)
		assert_int_equal(write(sv[1], frame, (size_t)len), len);
	assert_int_equal(ev_run_once(&fl.f.loop, 1000), 0);
	assert_int_equal(fl.frames, QMI_TRANSPORT_BATCH);
	assert_true(fl.f.t.st.more.pending);
	assert_non_null(fl.f.loop.deferred);
	qmi_transport_close(&fl.f.t);
	assert_null(fl.f.loop.deferred);
	assert_int_equal(ev_run_once(&fl.f.loop, 0), 0);
	assert_int_equal(fl.frames, QMI_TRANSPORT_BATCH);
	close(sv[1]);
	ev_loop_free(&fl.f.loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(five_queued_frames_are_five_writes),
		cmocka_unit_test(short_write_ends_the_device),
		cmocka_unit_test(send_refuses_what_is_not_one_frame),
		cmocka_unit_test(flood_is_served_in_batches),
		cmocka_unit_test(close_cancels_the_deferred_batch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
