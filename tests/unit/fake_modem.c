#include "fake_modem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int fake_modem_open(struct fake_modem *fm)
{
	memset(fm, 0, sizeof(*fm));
	fm->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fm->master < 0 || grantpt(fm->master) || unlockpt(fm->master))
		return -1;
	snprintf(fm->path, sizeof(fm->path), "%s", ptsname(fm->master));
	/* the master side must not translate bytes either */
	struct termios tio;
	int s = open(fm->path, O_RDWR | O_NOCTTY);
	if (s >= 0) {
		if (tcgetattr(s, &tio) == 0) {
			cfmakeraw(&tio);
			tcsetattr(s, TCSANOW, &tio);
		}
		close(s);
	}
	int fl = fcntl(fm->master, F_GETFL);
	fcntl(fm->master, F_SETFL, fl | O_NONBLOCK);
	return 0;
}

void fake_modem_close(struct fake_modem *fm)
{
	if (fm->master >= 0)
		close(fm->master);
	fm->master = -1;
}

int fake_modem_read(struct fake_modem *fm, struct ev_loop *l, struct qmi_msg *m, int timeout_ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)timeout_ms;
	for (;;) {
		int n = qmux_frame_len(fm->buf, fm->len);
		if (n > 0) {
			static uint8_t frame[65536];
			memcpy(frame, fm->buf, (size_t)n);
			memmove(fm->buf, fm->buf + n, fm->len - (size_t)n);
			fm->len -= (size_t)n;
			return qmi_decode(m, frame, (size_t)n, QMI_DECODE_LENIENT) < 0 ? -1 : 0;
		}
		uint64_t now = ev_now_ms();
		if (now >= end)
			return -1;
		if (l)
			ev_run_once(l, 0);
		struct pollfd p = { .fd = fm->master, .events = POLLIN };
		poll(&p, 1, l ? 5 : (int)(end - now));
		ssize_t r = read(fm->master, fm->buf + fm->len, sizeof(fm->buf) - fm->len);
		if (r > 0)
			fm->len += (size_t)r;
	}
}

void fake_modem_write(struct fake_modem *fm, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = write(fm->master, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			struct pollfd pf = { .fd = fm->master, .events = POLLOUT };
			poll(&pf, 1, 1000);
			continue;
		}
		p += r;
		n -= (size_t)r;
	}
}

void fake_modem_send(struct fake_modem *fm, struct qmi_msg *m)
{
	static uint8_t out[65536];
	m->qmux_flags = QMUX_FLAG_SERVICE;
	int n = qmi_encode(m, out, sizeof(out));
	if (n > 0)
		fake_modem_write(fm, out, (size_t)n);
}

void fake_modem_reply_init(struct qmi_msg *resp, const struct qmi_msg *req)
{
	qmi_msg_init(resp, req->service, req->client, QMI_RESPONSE, req->txn, req->id);
	resp->status = 0;
	resp->error = 0;
}

bool pump_until(struct ev_loop *l, const volatile bool *flag, int timeout_ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)timeout_ms;
	while (!*flag) {
		uint64_t now = ev_now_ms();
		if (now >= end)
			return false;
		ev_run_once(l, (int)(end - now > 20 ? 20 : end - now));
	}
	return true;
}
