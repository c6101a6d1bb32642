/* The control protocol of a device, by asking; see probe.h. */
#include "client/probe.h"
#include "common/err.h"
#include "io/devlock.h"
#include "io/holder.h"
#include "io/loop.h"
#include "mbim/mbim.h"
#include "qmi/ids.h"
#include "qmi/qmi.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

const char *ctl_proto_name(int proto)
{
	return proto == CTL_PROTO_QMI ? "qmi" : proto == CTL_PROTO_MBIM ? "mbim" : "unknown";
}

/* OPEN_DONE (0x80000001) or CLOSE_DONE (0x80000002): 16 bytes */
static bool is_done(const uint8_t *p, size_t n, uint8_t type)
{
	return n >= 16 && p[0] == type && p[1] == 0x00 && p[2] == 0x00 && p[3] == 0x80 &&
	       mbim_msg_len(p, n) == 16;
}

static bool is_ctl_answer(const uint8_t *p, size_t n)
{
	int k = qmux_frame_len(p, n);
	return k > 0 && n >= 7 && p[4] == QMI_SVC_CTL;
}

/* Reads what comes within wait_ms: the protocol of the first answer found
 * (an MBIM *_DONE of done_type or a QMI CTL frame), else CTL_PROTO_UNKNOWN. */
static int wait_answer(int fd, int wait_ms, uint8_t done_type)
{
	uint8_t buf[4096];
	size_t len = 0;
	uint64_t end = ev_now_ms() + (uint64_t)wait_ms;
	for (;;) {
		uint64_t now = ev_now_ms();
		if (now >= end)
			return CTL_PROTO_UNKNOWN;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, (int)(end - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || !(p.revents & POLLIN))
			return CTL_PROTO_UNKNOWN;
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);
		if (n <= 0)
			return CTL_PROTO_UNKNOWN;
		len += (size_t)n;
		/* an answer anywhere in what came (a device may have sent
		 * something before) */
		for (size_t off = 0; off < len; off++) {
			if (is_done(buf + off, len - off, done_type))
				return CTL_PROTO_MBIM;
			if (is_ctl_answer(buf + off, len - off))
				return CTL_PROTO_QMI;
		}
		if (len == sizeof(buf))
			len = 0;
	}
}

int ctl_proto_probe(const char *path, int wait_ms, char *why, size_t cap)
{
	/* a device another program holds is not written to: the bring-up's
	 * own open then says who holds it */
	int lk = io_dev_lock(path, why, cap);
	if (lk == -EBUSY)
		return -EBUSY;
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		snprintf(why, cap, "cannot open %s: %s", path, strerror(e));
		io_dev_unlock(lk);
		return -e;
	}
	char holder[64];
	if (io_find_holder(path, holder, sizeof holder) > 0) {
		snprintf(why, cap, "%s is held by %s: not asked", path, holder);
		close(fd);
		io_dev_unlock(lk);
		return -EBUSY;
	}
	if (isatty(fd)) {
		struct termios t;
		if (tcgetattr(fd, &t) == 0) {
			cfmakeraw(&t);
			tcsetattr(fd, TCSANOW, &t);
		}
	}
	int proto = CTL_PROTO_UNKNOWN;
	/* both questions at once: each side drops the other's bytes as no
	 * message of its own, and the first answer decides */
	uint8_t out[64];
	struct qmi_msg *m = malloc(sizeof(*m));
	uint8_t *q = malloc(QMI_MAX_FRAME);
	int n = mbim_encode_open(out, sizeof out, 1, 4096);
	int k = -1;
	if (m && q) {
		qmi_msg_init(m, QMI_SVC_CTL, 0, QMI_REQUEST, 1, QMI_CTL_GET_VERSION_INFO);
		k = qmi_encode(m, q, QMI_MAX_FRAME);
	}
	if (n > 0 && k > 0 && write(fd, out, (size_t)n) == n && write(fd, q, (size_t)k) == k)
		proto = wait_answer(fd, wait_ms, 0x01);
	free(m);
	free(q);
	if (proto == CTL_PROTO_MBIM) {
		n = mbim_encode_close(out, sizeof out, 2);
		if (n > 0 && write(fd, out, (size_t)n) == n)
			(void)wait_answer(fd, wait_ms, 0x02);    /* its CLOSE_DONE, or nothing: either way */
	}
	close(fd);
	io_dev_unlock(lk);
	if (proto == CTL_PROTO_UNKNOWN)
		snprintf(why, cap, "%s answered neither an MBIM OPEN nor a QMI CTL request within %d ms",
			 path, wait_ms);
	else
		snprintf(why, cap, "%s answered %s", path,
			 proto == CTL_PROTO_MBIM ? "an MBIM OPEN" : "a QMI CTL request");
	return proto;
}
