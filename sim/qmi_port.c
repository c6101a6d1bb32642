/* The QMI control device: a pseudo-terminal in raw mode whose client side
 * is reached through a symlink, as /dev/cdc-wdmN is on a real system.
 *
 * Incoming bytes may arrive split or coalesced; they are reassembled into
 * QMUX frames with qmux_frame_len(). Outgoing frames go through a queue
 * ordered by due time, one frame per write(), never earlier than frames
 * already queued for the same client (responses keep their order). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <termios.h>
#include <unistd.h>

#include "common/err.h"
#include "common/util.h"
#include "sim/sim.h"
#include "sim/usb.h"

/* A partial frame older than this is a leftover, not a slow writer. */
#define SIM_STALE_MS 1000

static void port_out_arm(struct sim *s);
static void port_ino_drain(struct sim *s);

static void port_drain_input(struct sim *s)
{
	struct sim_port *p = &s->port;
	size_t off = 0;
	while (off < p->in_len) {
		int n = s->mbim ? sim_mbim_frame_len(p->in + off, p->in_len - off)
				: qmux_frame_len(p->in + off, p->in_len - off);
		if (n == 0)
			break;
		if (n < 0 && s->mbim) {
			/* MBIM has no marker to resynchronise on */
			sim_log(s, "mbim: %zu bytes of garbage dropped (%s)", p->in_len - off, cl_strerror(n));
			p->garbage_bytes += p->in_len - off;
			off = p->in_len;
			break;
		}
		if (n < 0) {
			/* Not the start of a frame: skip to the next marker. */
			size_t skip = 1;
			while (off + skip < p->in_len && p->in[off + skip] != 0x01)
				skip++;
			sim_log(s, "qmi: %zu bytes of garbage skipped (%s)", skip, cl_strerror(n));
			p->garbage_bytes += skip;
			off += skip;
			continue;
		}
		p->frames_in++;
		if (s->mbim)
			sim_mbim_input(s, p->in + off, (size_t)n);
		else
			sim_qmi_input(s, p->in + off, (size_t)n);
		if (!p->up)
			return;         /* a reset closed the port under us */
		off += (size_t)n;
	}
	memmove(p->in, p->in + off, p->in_len - off);
	p->in_len -= off;
}

static void port_read_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_port *p = container_of(h, struct sim_port, h);
	struct sim *s = container_of(p, struct sim, port);
	port_ino_drain(s);      /* a client that writes has opened first */
	for (;;) {
		if (p->in_len == sizeof(p->in)) {
			sim_log(s, "qmi: input buffer full without a frame, dropped");
			p->garbage_bytes += p->in_len;
			p->in_len = 0;
		}
		/* the start of a frame from a client that went away must not
		 * swallow the next client's first frame */
		uint64_t now = ev_loop_now(&s->loop);
		if (p->in_len && now - p->in_ms > SIM_STALE_MS) {
			sim_log(s, "qmi: %zu stale bytes of an unfinished frame dropped", p->in_len);
			p->garbage_bytes += p->in_len;
			p->in_len = 0;
		}
		ssize_t n = read(p->master, p->in + p->in_len, sizeof(p->in) - p->in_len);
		if (n > 0) {
			p->in_ms = now;
			p->in_len += (size_t)n;
			port_drain_input(s);
			if (!p->up)
				return;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;          /* EAGAIN; EIO cannot happen while we hold the slave */
	}
}

/* Counts the client side's opens and closes. When the last client goes,
 * what it left unread and any half frame it wrote are discarded. */
static void port_ino_drain(struct sim *s)
{
	struct sim_port *p = &s->port;
	char buf[1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	if (p->ino_fd < 0)
		return;
	for (;;) {
		ssize_t n = read(p->ino_fd, buf, sizeof(buf));
		if (n <= 0)
			return;
		for (char *c = buf; c < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)c;
			if (e->mask & IN_OPEN)
				p->clients_open++;
			if ((e->mask & (IN_CLOSE_WRITE | IN_CLOSE_NOWRITE)) && p->clients_open > 0) {
				if (--p->clients_open == 0) {
					tcflush(p->slave, TCIFLUSH);
					p->in_len = 0;
					sim_log(s, "qmi: last client closed the device");
				}
			}
			c += sizeof(*e) + e->len;
		}
	}
}

static void port_ino_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_port *p = container_of(h, struct sim_port, ino);
	port_ino_drain(container_of(p, struct sim, port));
}

static int make_raw(int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t) < 0)
		return -errno;
	cfmakeraw(&t);
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return -errno;
	return 0;
}

int sim_port_open(struct sim *s)
{
	struct sim_port *p = &s->port;
	int r;
	p->ino_fd = -1;
	if (s->usb) {
		/* the USB personality: the device arrives on the bus */
		if ((r = sim_usb_attach(s)) < 0)
			return r;
		p->clients_open = -1;
		p->up = true;
		return 0;
	}
	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (p->master < 0)
		return -errno;
	if (grantpt(p->master) < 0 || unlockpt(p->master) < 0 ||
	    ptsname_r(p->master, p->pts, sizeof(p->pts)) != 0) {
		r = -errno;
		goto fail;
	}
	/* Our own descriptor on the client side keeps the pty alive across
	 * client close/reopen and lets us set its line discipline raw. */
	p->slave = open(p->pts, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0) {
		r = -errno;
		goto fail;
	}
	if ((r = make_raw(p->slave)) < 0 || (r = make_raw(p->master)) < 0)
		goto fail;
	(void)unlink(p->path);
	if (symlink(p->pts, p->path) < 0) {
		r = -errno;
		goto fail;
	}
	p->in_len = 0;
	p->h.fd = p->master;
	p->h.cb = port_read_cb;
	if ((r = ev_fd_add(&s->loop, &p->h, EV_READ)) < 0) {
		unlink(p->path);
		goto fail;
	}
	/* watched after our own open, so only clients count */
	p->clients_open = -1;
	p->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (p->ino_fd >= 0 && inotify_add_watch(p->ino_fd, p->pts, IN_OPEN | IN_CLOSE) >= 0) {
		p->ino.fd = p->ino_fd;
		p->ino.cb = port_ino_cb;
		if (ev_fd_add(&s->loop, &p->ino, EV_READ) == 0)
			p->clients_open = 0;
	}
	if (p->clients_open < 0 && p->ino_fd >= 0) {
		close(p->ino_fd);
		p->ino_fd = -1;
	}
	p->up = true;
	sim_log(s, "qmi: %s -> %s", p->path, p->pts);
	return 0;
fail:
	if (p->slave >= 0)
		close(p->slave);
	close(p->master);
	p->master = p->slave = -1;
	return r;
}

static void out_free(struct sim_out *o)
{
	free(o->frame);
	free(o->text);
	free(o);
}

void sim_port_close(struct sim *s)
{
	struct sim_port *p = &s->port;
	if (s->mbim)
		sim_mbim_reset(s);
	ev_timer_cancel(&s->loop, &p->out_timer);
	while (p->out) {
		struct sim_out *o = p->out;
		p->out = o->next;
		out_free(o);
	}
	p->out_last = NULL;
	if (!p->up)
		return;
	if (s->usb) {
		sim_usb_detach(s);
		p->up = false;
		return;
	}
	if (p->ino_fd >= 0) {
		ev_fd_del(&s->loop, &p->ino);
		close(p->ino_fd);
		p->ino_fd = -1;
	}
	ev_fd_del(&s->loop, &p->h);
	unlink(p->path);
	close(p->master);
	close(p->slave);
	p->master = p->slave = -1;
	p->up = false;
	p->in_len = 0;
}

static void port_out_cb(struct ev_timer *t)
{
	struct sim_port *p = container_of(t, struct sim_port, out_timer);
	struct sim *s = container_of(p, struct sim, port);
	uint64_t now = ev_loop_now(&s->loop);
	port_ino_drain(s);
	while (p->out && p->out->ready && p->out->due <= now) {
		struct sim_out *o = p->out;
		p->out = o->next;
		if (p->out_last == o)
			p->out_last = NULL;
		ssize_t n;
		if (p->clients_open == 0) {
			p->dropped_out++;
			sim_log(s, "qmi: nobody has the device open, frame dropped");
			out_free(o);
			continue;
		}
		if (s->usb) {
			int r = sim_usb_qmi_send(s, o->frame, o->len);
			n = r < 0 ? -1 : (ssize_t)o->len;
			errno = -r;
		} else {
			do
				n = write(p->master, o->frame, o->len);
			while (n < 0 && errno == EINTR);
		}
		if (o->hold && ((n < 0 && errno == EAGAIN) || (n > 0 && n < (ssize_t)o->len))) {
			/* a lossless flood: the rest waits until the reader makes room */
			if (n > 0) {
				memmove(o->frame, o->frame + n, o->len - (size_t)n);
				o->len -= (size_t)n;
			}
			o->next = p->out;
			p->out = o;
			if (!o->next)
				p->out_last = o;
			ev_timer_set(&s->loop, &p->out_timer, 1);
			return;
		}
		if (n != (ssize_t)o->len) {
			/* nobody reads the device and its buffer is full: a
			 * cdc-wdm device loses such messages too */
			p->dropped_out++;
			sim_log(s, "qmi: frame of %zu bytes dropped (%s)", o->len,
				n < 0 ? strerror(errno) : "short write");
		} else {
			p->frames_out++;
			if (o->text && s->log_fn)
				s->log_fn(s, o->text);
		}
		out_free(o);
	}
	port_out_arm(s);
}

static void port_out_arm(struct sim *s)
{
	struct sim_port *p = &s->port;
	if (!p->out || !p->out->ready) {
		ev_timer_cancel(&s->loop, &p->out_timer);
		return;
	}
	uint64_t now = ev_loop_now(&s->loop);
	p->out_timer.cb = port_out_cb;
	ev_timer_set(&s->loop, &p->out_timer, p->out->due > now ? p->out->due - now : 0);
}

struct sim_out *sim_port_queue(struct sim *s, uint8_t service, uint8_t cid, uint64_t ms,
			       const uint8_t *frame, size_t len, const char *text)
{
	struct sim_port *p = &s->port;
	if (!p->up)
		return NULL;
	struct sim_out *o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->service = service;
	o->cid = cid;
	o->hold = p->hold_new;
	o->due = ev_loop_now(&s->loop) + ms;
	if (p->out_last && p->out_last->due <= o->due) {
		/* the common case (a flood): after the last, overtaking nothing */
		p->out_last->next = o;
		p->out_last = o;
	} else {
		/* never overtake what this client already has queued */
		for (struct sim_out *q = p->out; q; q = q->next)
			if (q->service == service && q->cid == cid && q->due > o->due)
				o->due = q->due;
		struct sim_out **pp = &p->out;
		while (*pp && (*pp)->due <= o->due)
			pp = &(*pp)->next;
		o->next = *pp;
		*pp = o;
		if (!o->next)
			p->out_last = o;
	}
	if (frame)
		sim_port_fill(s, o, frame, len, text);
	return o;
}

void sim_port_fill(struct sim *s, struct sim_out *o, const uint8_t *frame, size_t len,
		   const char *text)
{
	if (s->mbim && o->service != SIM_MBIM_OUT_SERVICE && frame) {
		/* the QMI side's frames travel inside MBIM messages */
		frame = sim_mbim_wrap(s, frame, len, &len);
		if (!frame) {
			sim_port_cancel(s, o);
			return;
		}
	}
	o->frame = malloc(len ? len : 1);
	o->text = text ? strdup(text) : NULL;
	if (!o->frame) {
		sim_port_cancel(s, o);
		return;
	}
	memcpy(o->frame, frame, len);
	o->len = len;
	o->ready = true;
	port_out_arm(s);
}

void sim_port_cancel(struct sim *s, struct sim_out *o)
{
	for (struct sim_out **pp = &s->port.out; *pp; pp = &(*pp)->next) {
		if (*pp == o) {
			*pp = o->next;
			if (s->port.out_last == o)
				s->port.out_last = NULL;
			out_free(o);
			break;
		}
	}
	port_out_arm(s);
}
