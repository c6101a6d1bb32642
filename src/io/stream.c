/* A buffered byte stream on the event loop; see stream.h. */
#include "io/stream.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void io_stream_set_gone(struct io_stream *s, int err)
{
	if (s->gone)
		return;
	s->gone = true;
	snprintf(s->errtext, sizeof(s->errtext), "%s went away (%s)", s->path,
		 err == -EPIPE ? "hang-up" : strerror(-err));
	if (s->h.registered)
		ev_fd_del(s->loop, &s->h);
	ev_defer_cancel(s->loop, &s->more);
	if (s->on_gone)
		s->on_gone(s, err);
}

/* Offers the buffered bytes to on_data. True when reading must stop for
 * now: the owner held, paused, closed or lost the stream. */
static bool deliver(struct io_stream *s)
{
	s->held = false;
	bool watched = s->h.fd >= 0;
	size_t k = s->on_data ? s->on_data(s, s->rbuf, s->rlen) : s->rlen;
	if (s->gone || (watched && s->h.fd < 0))
		return true;    /* gone, or closed by on_data: rbuf is no longer ours */
	if (k > s->rlen)
		k = s->rlen;
	memmove(s->rbuf, s->rbuf + k, s->rlen - k);
	s->rlen -= k;
	if (s->held) {
		s->held_turns++;
		if (s->loop && watched)
			ev_defer(s->loop, &s->more);
		return true;
	}
	return s->paused;
}

static void drop_oldest(struct io_stream *s)
{
	memmove(s->rbuf, s->rbuf + 1, --s->rlen);
	s->dropped_bytes++;
}

/* Reads until the descriptor has nothing more (EAGAIN) or on_data holds. */
static int do_read(struct io_stream *s)
{
	for (;;) {
		if (s->rlen && deliver(s))
			return 0;
		if (s->rlen == s->rcap)
			drop_oldest(s); /* nobody takes them: cannot be a whole unit */
		ssize_t n = read(s->h.fd, s->rbuf + s->rlen, s->rcap - s->rlen);
		if (n > 0) {
			s->rlen += (size_t)n;
			s->rx_bytes += (uint64_t)n;
			continue;
		}
		if (n == 0)
			return -EPIPE;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return -errno;
	}
}

static int do_write(struct io_stream *s)
{
	int r = io_wq_write(&s->wq, s->h.fd);
	if (r < 0)
		return r;
	s->tx_bytes += (uint64_t)r;
	unsigned want = EV_READ | (s->wq.len ? EV_WRITE : 0);
	if (s->h.registered && s->h.events != want)
		ev_fd_mod(s->loop, &s->h, want);
	return 0;
}

static void on_ready(struct ev_fd *h, unsigned revents)
{
	struct io_stream *s = container_of(h, struct io_stream, h);
	int r = 0;
	if ((revents & EV_READ) && !s->more.pending) {
		s->turn++;
		r = do_read(s);         /* else the held bytes go first, deferred */
	}
	if (s->gone || s->paused || s->h.fd < 0)
		return;
	if (r == 0 && (revents & EV_WRITE))
		r = do_write(s);
	if (r == 0 && (revents & EV_ERROR) && !(revents & EV_READ))
		r = -EPIPE;
	if (r < 0)
		io_stream_set_gone(s, r);
}

/* The bytes on_data held, a turn later, then reading on. */
static void on_more(struct ev_defer *d)
{
	struct io_stream *s = container_of(d, struct io_stream, more);
	if (s->gone || s->paused || s->h.fd < 0)
		return;
	s->turn++;
	int r = do_read(s);
	if (r < 0)
		io_stream_set_gone(s, r);
}

static void on_werr(struct ev_timer *t)
{
	struct io_stream *s = container_of(t, struct io_stream, werr_timer);
	if (s->werr)
		io_stream_set_gone(s, s->werr);
}

void io_stream_init(struct io_stream *s, uint8_t *rbuf, size_t rcap,
		    int (*unit_len)(const uint8_t *p, size_t n))
{
	s->wq.buf = NULL;
	s->wq.len = s->wq.cap = 0;
	s->loop = NULL;
	s->h.fd = -1;
	s->h.registered = false;
	s->h.cb = on_ready;
	s->gone = s->paused = s->held = false;
	s->turn = 0;
	s->werr = 0;
	s->werr_timer.cb = on_werr;
	s->werr_timer.pending = false;
	s->more.cb = on_more;
	s->more.pending = false;
	s->held_turns = 0;
	s->wq.unit_len = unit_len;
	s->rx_bytes = s->tx_bytes = 0;
	s->dropped_bytes = 0;
	s->rbuf = rbuf;
	s->rlen = 0;
	s->rcap = rcap;
	s->errtext[0] = 0;
}

int io_stream_attach(struct io_stream *s, struct ev_loop *l, int fd, const char *name)
{
	if (s->path != name)
		snprintf(s->path, sizeof(s->path), "%s", name);
	s->loop = l;
	s->gone = s->paused = false;
	s->rlen = 0;
	s->werr = 0;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		int e = errno;
		snprintf(s->errtext, sizeof(s->errtext), "%s: %s", s->path, strerror(e));
		return -e;
	}
	s->h.fd = fd;
	s->h.cb = on_ready;
	s->h.registered = false;
	int r = ev_fd_add(l, &s->h, EV_READ);
	if (r < 0) {
		snprintf(s->errtext, sizeof(s->errtext), "cannot watch %s: %s", s->path, strerror(-r));
		s->h.fd = -1;
	}
	return r;
}

int io_stream_send(struct io_stream *s, const void *p, size_t n)
{
	if (s->gone || s->h.fd < 0)
		return CL_E_GONE;
	if (s->werr)
		return 0;       /* already failing; the loop reports it */
	if (io_wq_append(&s->wq, p, n) < 0)
		return -ENOMEM;
	if (s->paused)
		return 0;
	int r = do_write(s);
	if (r < 0) {
		/* from the loop: the descriptor may never be writable again */
		s->werr = r;
		ev_timer_set(s->loop, &s->werr_timer, 0);
	}
	return 0;
}

size_t io_stream_pending(const struct io_stream *s)
{
	return s->wq.len;
}

int io_stream_flush(struct io_stream *s, int timeout_ms)
{
	if (s->gone || s->h.fd < 0)
		return 0;
	size_t before = s->wq.len;
	int r = io_wq_flush(&s->wq, s->h.fd, timeout_ms);
	s->tx_bytes += before - s->wq.len;
	return r;
}

void io_stream_hold(struct io_stream *s)
{
	s->held = true;
}

void io_stream_feed(struct io_stream *s, const uint8_t *p, size_t n)
{
	while (n && !s->gone) {
		if (s->rlen == s->rcap)
			drop_oldest(s);
		size_t room = s->rcap - s->rlen, k = n < room ? n : room;
		memcpy(s->rbuf + s->rlen, p, k);
		s->rlen += k;
		p += k;
		n -= k;
		deliver(s);
	}
}

int io_stream_pause(struct io_stream *s)
{
	if (s->gone || s->h.fd < 0)
		return CL_E_GONE;
	if (s->paused)
		return 0;
	if (s->h.registered)
		ev_fd_del(s->loop, &s->h);
	ev_defer_cancel(s->loop, &s->more);
	s->paused = true;
	return 0;
}

int io_stream_resume(struct io_stream *s)
{
	if (s->gone || s->h.fd < 0)
		return CL_E_GONE;
	if (!s->paused)
		return 0;
	s->paused = false;
	s->rlen = 0;            /* what came meanwhile was the borrower's */
	int r = ev_fd_add(s->loop, &s->h, EV_READ | (s->wq.len ? EV_WRITE : 0));
	if (r < 0)
		io_stream_set_gone(s, r);
	return r;
}

void io_stream_close(struct io_stream *s)
{
	if (s->loop) {
		ev_timer_cancel(s->loop, &s->werr_timer);
		ev_defer_cancel(s->loop, &s->more);
	}
	if (s->h.registered)
		ev_fd_del(s->loop, &s->h);
	if (s->h.fd >= 0)
		close(s->h.fd);
	s->h.fd = -1;
	io_wq_free(&s->wq);
	s->rlen = 0;
	s->paused = false;
}
