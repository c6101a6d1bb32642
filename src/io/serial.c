/* Serial line transport; see serial.h. */
#include "io/serial.h"
#include "io/holder.h"
#include "io/wqueue.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static const struct { unsigned baud; speed_t c; } speeds[] = {
	{ 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 }, { 9600, B9600 },
	{ 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
	{ 230400, B230400 }, { 460800, B460800 }, { 500000, B500000 }, { 576000, B576000 },
	{ 921600, B921600 }, { 1000000, B1000000 }, { 1500000, B1500000 },
	{ 2000000, B2000000 }, { 3000000, B3000000 }, { 4000000, B4000000 },
};

int serial_speed(unsigned baud, unsigned *speed_out)
{
	for (size_t i = 0; i < ARRAY_SIZE(speeds); i++)
		if (speeds[i].baud == baud) {
			*speed_out = (unsigned)speeds[i].c;
			return 0;
		}
	return -EINVAL;
}

static void set_gone(struct serial *s, int err)
{
	if (s->gone)
		return;
	s->gone = true;
	snprintf(s->errtext, sizeof(s->errtext), "%s went away (%s)", s->path,
		 err == -EPIPE ? "hang-up" : strerror(-err));
	if (s->h.registered)
		ev_fd_del(s->loop, &s->h);
	if (s->on_gone)
		s->on_gone(s, err);
}

static int do_read(struct serial *s)
{
	uint8_t buf[1024];
	for (;;) {
		ssize_t n = read(s->h.fd, buf, sizeof(buf));
		if (n > 0) {
			s->rx_bytes += (uint64_t)n;
			if (s->on_data)
				s->on_data(s, buf, (size_t)n);
			if (s->gone || s->paused || s->h.fd < 0)
				return 0;
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

static int do_write(struct serial *s)
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
	struct serial *s = container_of(h, struct serial, h);
	int r = 0;
	if (revents & EV_READ)
		r = do_read(s);
	if (s->gone || s->paused || s->h.fd < 0)
		return;
	if (r == 0 && (revents & EV_WRITE))
		r = do_write(s);
	if (r == 0 && (revents & EV_ERROR) && !(revents & EV_READ))
		r = -EPIPE;
	if (r < 0)
		set_gone(s, r);
}

static void reset(struct serial *s, struct ev_loop *l, const char *name)
{
	io_wq_free(&s->wq);
	memset(s, 0, offsetof(struct serial, path));
	s->loop = l;
	s->h.fd = -1;
	s->errtext[0] = 0;
	snprintf(s->path, sizeof(s->path), "%s", name);
}

static int watch(struct serial *s, int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		int e = errno;
		snprintf(s->errtext, sizeof(s->errtext), "%s: %s", s->path, strerror(e));
		close(fd);
		return -e;
	}
	s->h.fd = fd;
	s->h.cb = on_ready;
	int r = ev_fd_add(s->loop, &s->h, EV_READ);
	if (r < 0) {
		snprintf(s->errtext, sizeof(s->errtext), "cannot watch %s: %s", s->path, strerror(-r));
		close(fd);
		s->h.fd = -1;
	}
	return r;
}

int serial_attach(struct serial *s, struct ev_loop *l, int fd, const char *name)
{
	s->wq.buf = NULL;
	reset(s, l, name ? name : "line");
	s->is_tty = isatty(fd);
	return watch(s, fd);
}

static void describe_holder(struct serial *s, int pid, const char *name)
{
	snprintf(s->errtext, sizeof(s->errtext),
		 "%s is held by PID %d (%s); stop it (e.g. 'systemctl stop ModemManager', or end "
		 "the pppd/minicom/chat using it: 'kill %d'), then try again",
		 s->path, pid, name, pid);
}

static int raw_mode(struct serial *s, int fd, unsigned baud)
{
	struct termios tio;
	if (tcgetattr(fd, &tio) < 0)
		return -errno;
	cfmakeraw(&tio);
	tio.c_cflag |= CREAD | CLOCAL;  /* no waiting for carrier in command mode */
	tio.c_cflag &= ~(unsigned)CRTSCTS;
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	if (baud) {
		unsigned sp;
		if (serial_speed(baud, &sp) < 0) {
			snprintf(s->errtext, sizeof(s->errtext), "%s: %u baud is not a speed termios knows",
				 s->path, baud);
			return -EINVAL;
		}
		cfsetispeed(&tio, (speed_t)sp);
		cfsetospeed(&tio, (speed_t)sp);
	}
	if (tcsetattr(fd, TCSANOW, &tio) < 0)
		return -errno;
	tcflush(fd, TCIOFLUSH);
	return 0;
}

int serial_open(struct serial *s, struct ev_loop *l, const char *path, unsigned baud)
{
	s->wq.buf = NULL;
	reset(s, l, path);
	char holder[64];
	int fd = open(path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == EBUSY) {
			pid_t pid = io_find_holder(path, holder, sizeof(holder));
			if (pid > 0)
				describe_holder(s, (int)pid, holder);
			else
				snprintf(s->errtext, sizeof(s->errtext),
					 "%s is busy (opened exclusively by another program)", path);
		} else if (e == ENOENT || e == ENODEV || e == ENXIO) {
			snprintf(s->errtext, sizeof(s->errtext),
				 "no serial port at %s (is the modem plugged in? 'cellink doctor' names its "
				 "AT/modem port)", path);
		} else if (e == EACCES || e == EPERM) {
			snprintf(s->errtext, sizeof(s->errtext),
				 "cannot open %s: permission denied (run as root or join the port's group, "
				 "usually dialout)", path);
		} else {
			snprintf(s->errtext, sizeof(s->errtext), "cannot open %s: %s", path, strerror(e));
		}
		return -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		snprintf(s->errtext, sizeof(s->errtext), "%s is not a serial port (not a character device)",
			 path);
		close(fd);
		return -ENOTTY;
	}
	pid_t pid = io_find_holder(path, holder, sizeof(holder));
	if (pid > 0) {
		describe_holder(s, (int)pid, holder);
		close(fd);
		return -EBUSY;
	}
	/* The wwan subsystem's AT ports (/dev/wwan0at0) are character devices
	 * without termios: bytes in and out, nothing to set. */
	s->is_tty = isatty(fd);
	if (s->is_tty) {
		int r = raw_mode(s, fd, baud);
		if (r < 0) {
			if (!s->errtext[0])
				snprintf(s->errtext, sizeof(s->errtext), "cannot set up %s: %s", path,
					 strerror(-r));
			close(fd);
			return r;
		}
		if (ioctl(fd, TIOCEXCL) < 0) {
			int e = errno;
			snprintf(s->errtext, sizeof(s->errtext), "cannot hold %s exclusively: %s", path,
				 strerror(e));
			close(fd);
			return -e;
		}
	}
	return watch(s, fd);
}

int serial_send(struct serial *s, const void *p, size_t n)
{
	if (s->gone || s->h.fd < 0)
		return CL_E_GONE;
	if (io_wq_append(&s->wq, p, n) < 0)
		return -ENOMEM;
	if (s->paused)
		return 0;
	int r = do_write(s);
	if (r < 0 && s->h.registered)
		ev_fd_mod(s->loop, &s->h, EV_READ | EV_WRITE);   /* reported from the loop */
	return 0;
}

size_t serial_pending(const struct serial *s)
{
	return s->wq.len;
}

int serial_flush(struct serial *s, int timeout_ms)
{
	if (s->gone || s->h.fd < 0)
		return 0;
	size_t before = s->wq.len;
	int r = io_wq_flush(&s->wq, s->h.fd, timeout_ms);
	s->tx_bytes += before - s->wq.len;
	return r;
}

int serial_pause(struct serial *s)
{
	if (s->gone || s->h.fd < 0)
		return CL_E_GONE;
	if (s->paused)
		return 0;
	if (s->h.registered)
		ev_fd_del(s->loop, &s->h);
	if (s->is_tty)
		ioctl(s->h.fd, TIOCNXCL);
	s->paused = true;
	return 0;
}

int serial_resume(struct serial *s)
{
	if (s->gone || s->h.fd < 0)
		return CL_E_GONE;
	if (!s->paused)
		return 0;
	s->paused = false;
	if (s->is_tty) {
		tcflush(s->h.fd, TCIFLUSH);
		ioctl(s->h.fd, TIOCEXCL);
	}
	int r = ev_fd_add(s->loop, &s->h, EV_READ | (s->wq.len ? EV_WRITE : 0));
	if (r < 0)
		set_gone(s, r);
	return r;
}

int serial_set_dtr(struct serial *s, bool on)
{
	if (s->gone || s->h.fd < 0)
		return CL_E_GONE;
	int bits = TIOCM_DTR;
	if (ioctl(s->h.fd, on ? TIOCMBIS : TIOCMBIC, &bits) < 0)
		return errno == EINVAL || errno == ENOTTY || errno == EIO ? -ENOTTY : -errno;
	return 0;
}

void serial_close(struct serial *s)
{
	if (s->h.registered)
		ev_fd_del(s->loop, &s->h);
	if (s->h.fd >= 0)
		close(s->h.fd);
	s->h.fd = -1;
	io_wq_free(&s->wq);
	s->paused = false;
}
