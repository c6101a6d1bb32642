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

/* Hands the complete frames at p to on_frame while the turn's budget lasts;
 * skips bytes that cannot start a frame (resynchronising on the next 0x01).
 * Returns the bytes taken; holds the stream when frames are left. */
static size_t take_frames(struct io_stream *st, const uint8_t *p, size_t len)
{
	struct qmi_transport *t = container_of(st, struct qmi_transport, st);
	if (t->budget_turn != st->turn) {
		t->budget_turn = st->turn;
		t->budget = QMI_TRANSPORT_BATCH;
	}
	size_t off = 0;
	while (off < len && !st->gone && st->rlen) {
		if (t->budget == 0) {
			io_stream_hold(st);
			break;
		}
		int n = t->frame_len(p + off, len - off);
		if (n == 0)
			break;
		if (n < 0) {
			off++;
			st->dropped_bytes++;
			continue;
		}
		t->budget--;
		if (t->on_frame)
			t->on_frame(t, p + off, (size_t)n);
		if (!st->rlen)
			return 0;       /* closed by on_frame: its bytes are gone */
		off += (size_t)n;
	}
	return off;
}

static void stream_gone(struct io_stream *st, int err)
{
	struct qmi_transport *t = container_of(st, struct qmi_transport, st);
	if (t->on_gone)
		t->on_gone(t, err);
}

static void prepare(struct qmi_transport *t);

void qmi_transport_input(struct qmi_transport *t, const uint8_t *p, size_t n)
{
	if (!t->st.rbuf)
		prepare(t);     /* never opened: bytes from a test or a proxy */
	t->budget_turn = t->st.turn;
	t->budget = UINT_MAX;           /* every frame at once */
	io_stream_feed(&t->st, p, n);
}

/* ---- who holds the device ---- */

static void describe_holder(struct qmi_transport *t, pid_t pid, const char *name)
{
	snprintf(t->st.errtext, sizeof(t->st.errtext),
		 "%s is held by PID %d (%s); stop it (e.g. 'systemctl stop ModemManager' or "
		 "'kill %d') or use qmi-proxy, then try again",
		 t->st.path, (int)pid, name, (int)pid);
}

/* The stream reads into rbuf and writes one frame per write(). */
static void prepare(struct qmi_transport *t)
{
	if (!t->frame_len)
		t->frame_len = qmux_frame_len;
	io_stream_init(&t->st, t->rbuf, sizeof(t->rbuf), t->frame_len);
	t->st.on_data = take_frames;
	t->st.on_gone = stream_gone;
	t->budget = 0;
	t->budget_turn = 0;
	t->tunnel_send = NULL;
}

int qmi_transport_open(struct qmi_transport *t, struct ev_loop *l, const char *path)
{
	prepare(t);
	t->locked = false;
	char *errtext = t->st.errtext;
	size_t ecap = sizeof(t->st.errtext);
	snprintf(t->st.path, sizeof(t->st.path), "%s", path);

	char holder[64];
	/* the lock first: of two processes started together exactly one
	 * opens the device, and the other names it */
	int lk = io_dev_lock(path, errtext, ecap);
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
				snprintf(errtext, ecap, "%s is busy (opened exclusively by another program)", path);
		} else if (e == ENOENT || e == ENODEV || e == ENXIO) {
			snprintf(errtext, ecap,
				 "no control device at %s (is the modem plugged in and qmi_wwan loaded?)",
				 path);
		} else {
			snprintf(errtext, ecap, "cannot open %s: %s", path, strerror(e));
		}
		return -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		snprintf(errtext, ecap, "%s is not a character device", path);
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
	int r = io_stream_attach(&t->st, l, fd, path);
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
	prepare(t);
	return io_stream_attach(&t->st, l, fd, name);
}

int qmi_transport_attach(struct qmi_transport *t, struct ev_loop *l, const char *name,
			 int (*send)(struct qmi_transport *t, const uint8_t *frame, size_t len), void *ud)
{
	prepare(t);
	snprintf(t->st.path, sizeof(t->st.path), "%s", name);
	t->st.loop = l;
	t->locked = false;
	t->tunnel_send = send;
	t->tunnel_ud = ud;
	return 0;
}

void qmi_transport_fail(struct qmi_transport *t, int err, const char *why)
{
	if (t->st.gone)
		return;
	/* the carrier's own sentence, not the stream's "went away" */
	t->st.gone = true;
	snprintf(t->st.errtext, sizeof(t->st.errtext), "%s", why);
	if (t->st.loop)
		ev_defer_cancel(t->st.loop, &t->st.more);
	if (t->on_gone)
		t->on_gone(t, err);
}

int qmi_transport_send(struct qmi_transport *t, const uint8_t *frame, size_t len)
{
	if (t->tunnel_send) {
		if (t->st.gone)
			return CL_E_GONE;
		if (t->frame_len(frame, len) != (int)len)
			return -EINVAL;
		return t->tunnel_send(t, frame, len);
	}
	if (t->st.gone || t->st.h.fd < 0)
		return CL_E_GONE;
	if (t->frame_len(frame, len) != (int)len)
		return -EINVAL;    /* the queue holds whole frames only */
	return io_stream_send(&t->st, frame, len);
}

size_t qmi_transport_pending(const struct qmi_transport *t)
{
	return io_stream_pending(&t->st);
}

int qmi_transport_flush(struct qmi_transport *t, int timeout_ms)
{
	return io_stream_flush(&t->st, timeout_ms);
}

void qmi_transport_close(struct qmi_transport *t)
{
	io_stream_close(&t->st);
	if (t->locked)
		io_dev_unlock(t->lock_fd);
	t->locked = false;
	t->tunnel_send = NULL;
}
