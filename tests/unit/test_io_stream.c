/* The buffered byte stream both transports use (src/io/stream.c), through
 * the serial line (a byte stream) and directly: partial writes and EAGAIN,
 * a write error reported once from the loop, held reads resumed on the next
 * turn, and the end of the descriptor. Socketpairs stand for the devices. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/err.h"
#include "io/loop.h"
#include "io/serial.h"
#include "io/stream.h"

struct fx {
	struct ev_loop loop;
	struct serial ser;
	int peer;
	uint8_t got[1 << 16];
	size_t n_got;
	int gone_calls, gone_err;
};

static void on_data(struct serial *s, const uint8_t *p, size_t n)
{
	struct fx *f = s->user;
	assert_true(f->n_got + n <= sizeof(f->got));
	memcpy(f->got + f->n_got, p, n);
	f->n_got += n;
}

static void on_gone(struct serial *s, int err)
{
	struct fx *f = s->user;
	f->gone_calls++;
	f->gone_err = err;
}

static struct fx *fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	int small = 4096;       /* the kernel takes a few KB at a time */
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	assert_int_equal(ev_loop_init(&f->loop), 0);
	f->ser.user = f;
	f->ser.on_data = on_data;
	f->ser.on_gone = on_gone;
	assert_int_equal(serial_attach(&f->ser, &f->loop, sv[0], "test-line"), 0);
	f->peer = sv[1];
	return f;
}

static void fx_free(struct fx *f)
{
	serial_close(&f->ser);
	if (f->peer >= 0)
		close(f->peer);
	ev_loop_free(&f->loop);
	free(f);
}

/* 200 KB queued at once go out over many partial writes, in order, while
 * the peer reads; the queue then is empty and the counter says so. */
static void partial_writes_arrive_whole(void **state)
{
	struct fx *f = fx_new();
	enum { N = 200000 };
	uint8_t *out = malloc(N), *in = malloc(N);
	assert_non_null(out);
	assert_non_null(in);
	for (size_t i = 0; i < N; i++)
		out[i] = (uint8_t)(i * 7 + i / 251);
	assert_int_equal(serial_send(&f->ser, out, N), 0);
	assert_true(serial_pending(&f->ser) > 0);       /* EAGAIN: the rest waits */
	size_t got = 0;
	for (int i = 0; i < 10000 && got < N; i++) {
		ev_run_once(&f->loop, 100);
		ssize_t k = read(f->peer, in + got, N - got);
		if (k > 0)
			got += (size_t)k;
	}
	assert_int_equal(got, N);
	assert_memory_equal(in, out, N);
	assert_int_equal(serial_pending(&f->ser), 0);
	assert_int_equal(f->ser.st.tx_bytes, N);
	assert_int_equal(f->gone_calls, 0);
	free(out);
	free(in);
	fx_free(f);
}

/* Bytes from the peer reach on_data; the peer closing is the line gone,
 * told once, with the path in the sentence. */
static void reads_then_hang_up(void **state)
{
	struct fx *f = fx_new();
	assert_int_equal(write(f->peer, "AT\r\nOK\r\n", 8), 8);
	for (int i = 0; i < 50 && f->n_got < 8; i++)
		ev_run_once(&f->loop, 100);
	assert_int_equal(f->n_got, 8);
	assert_memory_equal(f->got, "AT\r\nOK\r\n", 8);
	assert_int_equal(f->ser.st.rx_bytes, 8);
	close(f->peer);
	f->peer = -1;
	for (int i = 0; i < 50 && !f->gone_calls; i++)
		ev_run_once(&f->loop, 100);
	assert_int_equal(f->gone_calls, 1);
	assert_int_equal(f->gone_err, -EPIPE);
	assert_string_equal(f->ser.st.errtext, "test-line went away (hang-up)");
	assert_int_equal(serial_send(&f->ser, "x", 1), CL_E_GONE);
	ev_run_once(&f->loop, 0);
	assert_int_equal(f->gone_calls, 1);
	fx_free(f);
}

/* A write that fails inside send is not reported from inside it (the
 * caller may be in the middle of something) but from the loop, once. */
static void write_error_reported_from_loop(void **state)
{
	struct fx *f = fx_new();
	close(f->peer);
	f->peer = -1;
	assert_int_equal(serial_send(&f->ser, "ATZ\r", 4), 0);
	assert_int_equal(f->gone_calls, 0);
	for (int i = 0; i < 50 && !f->gone_calls; i++)
		ev_run_once(&f->loop, 100);
	assert_int_equal(f->gone_calls, 1);
	assert_true(f->gone_err == -EPIPE || f->gone_err == -ECONNRESET);
	fx_free(f);
}

/* A reader that takes one byte a turn and holds: the rest comes on later
 * turns (deferred), not by reading more first, and nothing is lost. */
struct held {
	struct io_stream st;
	uint8_t rbuf[64];
	char got[64];
	size_t n;
	unsigned long turns[64];
};

static size_t take_one(struct io_stream *st, const uint8_t *p, size_t n)
{
	struct held *h = (struct held *)st;
	h->turns[h->n] = st->turn;
	h->got[h->n++] = (char)p[0];
	if (n > 1)
		io_stream_hold(st);
	return 1;
}

static void held_reads_resume_next_turn(void **state)
{
	struct held *h = calloc(1, sizeof(*h));
	assert_non_null(h);
	struct ev_loop loop;
	assert_int_equal(ev_loop_init(&loop), 0);
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	io_stream_init(&h->st, h->rbuf, sizeof(h->rbuf), NULL);
	h->st.on_data = take_one;
	assert_int_equal(io_stream_attach(&h->st, &loop, sv[0], "held"), 0);
	assert_int_equal(write(sv[1], "abcd", 4), 4);
	for (int i = 0; i < 50 && h->n < 4; i++)
		ev_run_once(&loop, 100);
	assert_int_equal(h->n, 4);
	assert_memory_equal(h->got, "abcd", 4);
	for (int i = 1; i < 4; i++)
		assert_true(h->turns[i] > h->turns[i - 1]);     /* one a turn */
	assert_int_equal(h->st.held_turns, 3);
	io_stream_close(&h->st);
	close(sv[1]);
	ev_loop_free(&loop);
	free(h);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(partial_writes_arrive_whole),
		cmocka_unit_test(reads_then_hang_up),
		cmocka_unit_test(write_error_reported_from_loop),
		cmocka_unit_test(held_reads_resume_next_turn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
