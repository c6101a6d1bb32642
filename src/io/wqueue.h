/* A queue of bytes waiting to be written to a non-blocking descriptor,
 * shared by the transports. */
#ifndef CELLINK_IO_WQUEUE_H
#define CELLINK_IO_WQUEUE_H

#include <stddef.h>
#include <stdint.h>

struct io_wqueue {
	uint8_t *buf;
	size_t len, cap;
};

/* Appends n bytes. 0 or -ENOMEM. */
int io_wq_append(struct io_wqueue *q, const void *p, size_t n);
/* Writes what the descriptor takes now: the bytes written (some may
 * remain queued) or -errno. */
int io_wq_write(struct io_wqueue *q, int fd);
/* Writes until the queue is empty, waiting at most timeout_ms for the
 * descriptor. 0, -errno, or CL_E_TIMEOUT. */
int io_wq_flush(struct io_wqueue *q, int fd, int timeout_ms);
void io_wq_free(struct io_wqueue *q);

#endif
