/* Serial line transport; see serial.h. */
#include "io/serial.h"
#include "io/holder.h"
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

static size_t take_bytes(struct io_stream *st, const uint8_t *p, size_t n)
{
	struct serial *s = container_of(st, struct serial, st);
	if (s->on_data)
		s->on_data(s, p, n);
	return n;
}

static void stream_gone(struct io_stream *st, int err)
{
	struct serial *s = container_of(st, struct serial, st);
	if (s->on_gone)
		s->on_gone(s, err);
}

static void reset(struct serial *s, const char *name)
{
	io_stream_init(&s->st, s->rbuf, sizeof(s->rbuf), NULL);
	s->st.on_data = take_bytes;
	s->st.on_gone = stream_gone;
	s->is_tty = false;
	snprintf(s->st.path, sizeof(s->st.path), "%s", name);
}

/* Watches fd; on failure closes it. */
static int watch(struct serial *s, struct ev_loop *l, int fd)
{
	int r = io_stream_attach(&s->st, l, fd, s->st.path);
	if (r < 0)
		close(fd);
	return r;
}

int serial_attach(struct serial *s, struct ev_loop *l, int fd, const char *name)
{
	reset(s, name ? name : "line");
	s->is_tty = isatty(fd);
	return watch(s, l, fd);
}

static void describe_holder(struct serial *s, int pid, const char *name)
{
	snprintf(s->st.errtext, sizeof(s->st.errtext),
		 "%s is held by PID %d (%s); stop it (e.g. 'systemctl stop ModemManager', or end "
		 "the pppd/minicom/chat using it: 'kill %d'), then try again",
		 s->st.path, pid, name, pid);
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
			snprintf(s->st.errtext, sizeof(s->st.errtext), "%s: %u baud is not a speed termios knows",
				 s->st.path, baud);
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
	reset(s, path);
	char *errtext = s->st.errtext;
	size_t ecap = sizeof(s->st.errtext);
	char holder[64];
	int fd = open(path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == EBUSY) {
			pid_t pid = io_find_holder(path, holder, sizeof(holder));
			if (pid > 0)
				describe_holder(s, (int)pid, holder);
			else
				snprintf(errtext, ecap,
					 "%s is busy (opened exclusively by another program)", path);
		} else if (e == ENOENT || e == ENODEV || e == ENXIO) {
			snprintf(errtext, ecap,
				 "no serial port at %s (is the modem plugged in? 'cellink doctor' names its "
				 "AT/modem port)", path);
		} else if (e == EACCES || e == EPERM) {
			snprintf(errtext, ecap,
				 "cannot open %s: permission denied (run as root or join the port's group, "
				 "usually dialout)", path);
		} else {
			snprintf(errtext, ecap, "cannot open %s: %s", path, strerror(e));
		}
		return -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		snprintf(errtext, ecap, "%s is not a serial port (not a character device)",
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
			if (!errtext[0])
				snprintf(errtext, ecap, "cannot set up %s: %s", path,
					 strerror(-r));
			close(fd);
			return r;
		}
		if (ioctl(fd, TIOCEXCL) < 0) {
			int e = errno;
			snprintf(errtext, ecap, "cannot hold %s exclusively: %s", path,
				 strerror(e));
			close(fd);
			return -e;
		}
	}
	return watch(s, l, fd);
}

int serial_send(struct serial *s, const void *p, size_t n)
{
	return io_stream_send(&s->st, p, n);
}

size_t serial_pending(const struct serial *s)
{
	return io_stream_pending(&s->st);
}

int serial_flush(struct serial *s, int timeout_ms)
{
	return io_stream_flush(&s->st, timeout_ms);
}

int serial_pause(struct serial *s)
{
	if (s->st.gone || s->st.h.fd < 0)
		return CL_E_GONE;
	if (s->st.paused)
		return 0;
	io_stream_pause(&s->st);
	if (s->is_tty)
		ioctl(s->st.h.fd, TIOCNXCL);
	return 0;
}

int serial_resume(struct serial *s)
{
	if (s->st.gone || s->st.h.fd < 0)
		return CL_E_GONE;
	if (!s->st.paused)
		return 0;
	if (s->is_tty) {
		tcflush(s->st.h.fd, TCIFLUSH);
		ioctl(s->st.h.fd, TIOCEXCL);
	}
	return io_stream_resume(&s->st);
}

int serial_set_dtr(struct serial *s, bool on)
{
	if (s->st.gone || s->st.h.fd < 0)
		return CL_E_GONE;
	int bits = TIOCM_DTR;
	if (ioctl(s->st.h.fd, on ? TIOCMBIS : TIOCMBIC, &bits) < 0)
		return errno == EINVAL || errno == ENOTTY || errno == EIO ? -ENOTTY : -errno;
	return 0;
}

void serial_close(struct serial *s)
{
	io_stream_close(&s->st);
}
