/* Bytes in and out of a QMI control device; see qmi_transport.h. */
#include "io/qmi_transport.h"
#include "io/devlock.h"
#include "io/holder.h"
#include "io/wqueue.h"
#include "common/err.h"
#include "common/util.h"
#include "qmi/qmi.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

static void set_gone(struct qmi_transport *t, int err)
{
	if (t->gone)
		return;
	t->gone = true;
	snprintf(t->errtext, sizeof(t->errtext), "%s went away (%s)", t->path,
		 err == -EPIPE ? "hang-up" : strerror(-err));
	if (t->h.registered)
		ev_fd_del(t->loop, &t->h);
	ev_defer_cancel(t->loop, &t->more);
	if (t->on_gone)
		t->on_gone(t, err);
}

/* Hands the complete frames in rbuf to on_frame while the turn's budget
 * lasts; skips bytes that cannot start a frame (resynchronising on the next
 * 0x01). Returns true when complete frames may be left for a later turn. */
static bool parse_frames(struct qmi_transport *t)
{
	size_t off = 0;
	bool cut = false;
	while (off < t->rlen && !t->gone) {
		if (t->budget == 0) {
			cut = true;
			break;
		}
		int n = (t->frame_len ? t->frame_len : qmux_frame_len)(t->rbuf + off, t->rlen - off);
		if (n == 0)
			break;
		if (n < 0) {
			off++;
			t->dropped_bytes++;
			continue;
		}
		t->budget--;
		if (t->on_frame)
			t->on_frame(t, t->rbuf + off, (size_t)n);
		off += (size_t)n;
	}
	if (off && !t->gone) {
		memmove(t->rbuf, t->rbuf + off, t->rlen - off);
		t->rlen -= off;
	}
	return cut && !t->gone;
}

void qmi_transport_input(struct qmi_transport *t, const uint8_t *p, size_t n)
{
	while (n && !t->gone) {
		if (t->rlen == sizeof(t->rbuf)) {
			memmove(t->rbuf, t->rbuf + 1, --t->rlen);
			t->dropped_bytes++;
		}
		size_t room = sizeof(t->rbuf) - t->rlen, k = n < room ? n : room;
		memcpy(t->rbuf + t->rlen, p, k);
		t->rlen += k;
		p += k;
		n -= k;
		t->budget = UINT_MAX;
		parse_frames(t);
	}
}

/* Reads and hands on frames until the device has nothing more or the
 * turn's budget is spent; then the rest waits for the next turn (deferred:
 * the frames already in rbuf make the descriptor no more readable). */
static int do_read(struct qmi_transport *t)
{
	for (;;) {
		if (parse_frames(t)) {
			t->batches_cut++;
			ev_defer(t->loop, &t->more);
			return 0;
		}
		if (t->gone)
			return -EIO;
		/* every complete frame is out: what is left is one partial frame */
		if (t->rlen == sizeof(t->rbuf)) {
			/* cannot happen with a valid length field; drop a byte */
			memmove(t->rbuf, t->rbuf + 1, --t->rlen);
			t->dropped_bytes++;
		}
		ssize_t n = read(t->h.fd, t->rbuf + t->rlen, sizeof(t->rbuf) - t->rlen);
		if (n > 0) {
			t->rlen += (size_t)n;
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

static int do_write(struct qmi_transport *t)
{
	int r = io_wq_write(&t->wq, t->h.fd);
	if (r < 0)
		return r;
	unsigned want = EV_READ | (t->wq.len ? EV_WRITE : 0);
	if (t->h.registered && t->h.events != want)
		ev_fd_mod(t->loop, &t->h, want);
	return 0;
}

static void on_ready(struct ev_fd *h, unsigned revents)
{
	struct qmi_transport *t = container_of(h, struct qmi_transport, h);
	int r = 0;
	t->budget = QMI_TRANSPORT_BATCH;
	if ((revents & EV_READ) && !t->more.pending)
		r = do_read(t);     /* else the deferred batch reads on */
	if (t->gone)
		return;
	if (r == 0 && (revents & EV_WRITE))
		r = do_write(t);
	if (r == 0 && (revents & EV_ERROR) && !(revents & EV_READ))
		r = -EPIPE;
	if (r < 0)
		set_gone(t, r);
}

/* The next batch of a flood, a turn later. */
static void on_more(struct ev_defer *d)
{
	struct qmi_transport *t = container_of(d, struct qmi_transport, more);
	if (t->gone || t->h.fd < 0)
		return;
	t->budget = QMI_TRANSPORT_BATCH;
	int r = do_read(t);
	if (r < 0 && !t->gone)
		set_gone(t, r);
}

/* A write error met inside qmi_transport_send, reported from the loop
 * (the device may never become writable again to tell us). */
static void on_werr(struct ev_timer *tm)
{
	struct qmi_transport *t = container_of(tm, struct qmi_transport, werr_timer);
	if (t->werr)
		set_gone(t, t->werr);
}

/* ---- who holds the device ---- */

static void describe_holder(struct qmi_transport *t, pid_t pid, const char *name)
{
	snprintf(t->errtext, sizeof(t->errtext),
		 "%s is held by PID %d (%s); stop it (e.g. 'systemctl stop ModemManager' or "
		 "'kill %d') or use qmi-proxy, then try again",
		 t->path, (int)pid, name, (int)pid);
}

int qmi_transport_open(struct qmi_transport *t, struct ev_loop *l, const char *path)
{
	t->loop = l;
	t->gone = false;
	t->rlen = 0;
	t->wq.len = 0;
	if (!t->frame_len)
		t->frame_len = qmux_frame_len;
	t->wq.unit_len = t->frame_len;      /* one frame per write() */
	t->werr = 0;
	t->dropped_bytes = 0;
	t->errtext[0] = 0;
	t->h.fd = -1;
	t->h.registered = false;
	snprintf(t->path, sizeof(t->path), "%s", path);

	char holder[64];
	/* the lock first: of two processes started together exactly one
	 * opens the device, and the other names it */
	int lk = io_dev_lock(path, t->errtext, sizeof(t->errtext));
	if (lk == -EBUSY)
		return -EBUSY;
	int fd = open(path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		io_dev_unlock(lk);
		if (e == EBUSY) {
			pid_t pid = io_find_holder(path, holder, sizeof(holder));
			if (pid > 0)
				describe_holder(t, pid, holder);
			else
				snprintf(t->errtext, sizeof(t->errtext),
					 "%s is busy (opened exclusively by another program)", path);
		} else if (e == ENOENT || e == ENODEV || e == ENXIO) {
			snprintf(t->errtext, sizeof(t->errtext),
				 "no control device at %s (is the modem plugged in and qmi_wwan loaded?)",
				 path);
		} else {
			snprintf(t->errtext, sizeof(t->errtext), "cannot open %s: %s", path, strerror(e));
		}
		return -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		snprintf(t->errtext, sizeof(t->errtext), "%s is not a character device", path);
		close(fd);
		io_dev_unlock(lk);
		return -ENODEV;
	}
	pid_t pid = io_find_holder(path, holder, sizeof(holder));      /* a program that takes no lock */
	if (pid > 0) {
		describe_holder(t, pid, holder);
		close(fd);
		io_dev_unlock(lk);
		return -EBUSY;
	}
	if (isatty(fd)) {
		struct termios tio;
		if (tcgetattr(fd, &tio) == 0) {
			cfmakeraw(&tio);
			tcsetattr(fd, TCSANOW, &tio);
		}
		ioctl(fd, TIOCEXCL);
	}
	int r = qmi_transport_adopt(t, l, fd, path);
	if (r < 0) {
		close(fd);
		io_dev_unlock(lk);
		return r;
	}
	t->lock_fd = lk;
	t->locked = lk >= 0;
	return 0;
}

int qmi_transport_adopt(struct qmi_transport *t, struct ev_loop *l, int fd, const char *name)
{
	if (t->path != name)
		snprintf(t->path, sizeof(t->path), "%s", name);
	t->loop = l;
	t->gone = false;
	t->rlen = 0;
	t->wq.len = 0;
	if (!t->frame_len)
		t->frame_len = qmux_frame_len;
	t->wq.unit_len = t->frame_len;
	t->werr = 0;
	t->h.fd = fd;
	t->h.registered = false;
	t->h.cb = on_ready;
	t->tunnel_send = NULL;
	t->more.cb = on_more;
	t->more.pending = false;
	t->batches_cut = 0;
	int r = ev_fd_add(l, &t->h, EV_READ);
	if (r < 0) {
		snprintf(t->errtext, sizeof(t->errtext), "cannot watch %s: %s", name, strerror(-r));
		t->h.fd = -1;
		return r;
	}
	return 0;
}

int qmi_transport_attach(struct qmi_transport *t, struct ev_loop *l, const char *name,
			 int (*send)(struct qmi_transport *t, const uint8_t *frame, size_t len), void *ud)
{
	snprintf(t->path, sizeof(t->path), "%s", name);
	t->loop = l;
	t->gone = false;
	t->rlen = 0;
	t->wq.len = 0;
	if (!t->frame_len)
		t->frame_len = qmux_frame_len;
	t->wq.unit_len = t->frame_len;
	t->werr = 0;
	t->errtext[0] = 0;
	t->h.fd = -1;
	t->h.registered = false;
	t->more.cb = on_more;
	t->more.pending = false;
	t->locked = false;
	t->tunnel_send = send;
	t->tunnel_ud = ud;
	return 0;
}

void qmi_transport_fail(struct qmi_transport *t, int err, const char *why)
{
	if (t->gone)
		return;
	t->gone = true;
	snprintf(t->errtext, sizeof(t->errtext), "%s", why);
	if (t->loop)
		ev_defer_cancel(t->loop, &t->more);
	if (t->on_gone)
		t->on_gone(t, err);
}

int qmi_transport_send(struct qmi_transport *t, const uint8_t *frame, size_t len)
{
	if (t->tunnel_send) {
		if (t->gone)
			return CL_E_GONE;
		if (t->frame_len(frame, len) != (int)len)
			return -EINVAL;
		return t->tunnel_send(t, frame, len);
	}
	if (t->gone || t->h.fd < 0)
		return CL_E_GONE;
	if (t->frame_len(frame, len) != (int)len)
		return -EINVAL;    /* the queue holds whole frames only */
	if (t->werr)
		return 0;    /* already failing; the loop reports it */
	if (io_wq_append(&t->wq, frame, len) < 0)
		return -ENOMEM;
	int r = do_write(t);
	if (r < 0) {
		/* report from the loop, not from inside the caller's send */
		t->werr = r;
		t->werr_timer.cb = on_werr;
		ev_timer_set(t->loop, &t->werr_timer, 0);
		return 0;
	}
	return 0;
}

size_t qmi_transport_pending(const struct qmi_transport *t)
{
	return t->wq.len;
}

int qmi_transport_flush(struct qmi_transport *t, int timeout_ms)
{
	if (t->gone || t->h.fd < 0)
		return 0;
	return io_wq_flush(&t->wq, t->h.fd, timeout_ms);
}

void qmi_transport_close(struct qmi_transport *t)
{
	if (t->loop) {
		ev_timer_cancel(t->loop, &t->werr_timer);
		ev_defer_cancel(t->loop, &t->more);
	}
	if (t->h.registered)
		ev_fd_del(t->loop, &t->h);
	if (t->h.fd >= 0)
		close(t->h.fd);
	t->h.fd = -1;
	if (t->locked)
		io_dev_unlock(t->lock_fd);
	t->locked = false;
	t->tunnel_send = NULL;
	io_wq_free(&t->wq);
	t->rlen = 0;
}
