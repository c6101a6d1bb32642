#include "io/wqueue.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "io/loop.h"

int io_wq_append(struct io_wqueue *q, const void *p, size_t n)
{
	if (q->len + n > q->cap) {
		size_t cap = q->cap ? q->cap : 1024;
		while (cap < q->len + n)
			cap *= 2;
		uint8_t *nb = realloc(q->buf, cap);
		if (!nb)
			return -ENOMEM;
		q->buf = nb;
		q->cap = cap;
	}
	memcpy(q->buf + q->len, p, n);
	q->len += n;
	return 0;
}

int io_wq_write(struct io_wqueue *q, int fd)
{
	size_t done = 0;
	while (q->len) {
		size_t want = q->len;
		if (q->unit_len) {
			int u = q->unit_len(q->buf, q->len);
			if (u <= 0 || (size_t)u > q->len)
				return -EIO;
			want = (size_t)u;
		}
		ssize_t n = write(fd, q->buf, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -errno;
		}
		if (q->unit_len && (size_t)n != want)
			return -EIO;    /* half a message reached the device */
		memmove(q->buf, q->buf + n, q->len - (size_t)n);
		q->len -= (size_t)n;
		done += (size_t)n;
	}
	return done > INT32_MAX ? INT32_MAX : (int)done;
}

int io_wq_flush(struct io_wqueue *q, int fd, int timeout_ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	while (q->len) {
		int r = io_wq_write(q, fd);
		if (r < 0)
			return r;
		if (!q->len)
			break;
		uint64_t now = ev_now_ms();
		if (now >= end)
			return CL_E_TIMEOUT;
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		poll(&p, 1, (int)(end - now));
	}
	return 0;
}

void io_wq_free(struct io_wqueue *q)
{
	free(q->buf);
	q->buf = NULL;
	q->len = q->cap = 0;
}
