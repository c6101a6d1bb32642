/* A queue of bytes waiting to be written to a non-blocking descriptor,
 * shared by the transports.
 *
 * A byte stream (a serial port) leaves unit_len NULL: each write() takes as
 * much of the backlog as the descriptor accepts. A message device (cdc-wdm,
 * where each write() is one USB control transfer) sets unit_len to a function
 * giving the length of the whole unit at the head of the queue: each write()
 * then carries exactly one unit, and a short write is an error (-EIO). */
#ifndef CELLINK_IO_WQUEUE_H
#define CELLINK_IO_WQUEUE_H

#include <stddef.h>
#include <stdint.h>

struct io_wqueue {
	uint8_t *buf;
	size_t len, cap;
	/* length of the unit starting at p (> 0), or <= 0 if p..p+n holds no
	 * whole unit; NULL for a byte stream */
	int (*unit_len)(const uint8_t *p, size_t n);
};

/* Appends n bytes. 0 or -ENOMEM. */
int io_wq_append(struct io_wqueue *q, const void *p, size_t n);
/* Writes what the descriptor takes now: the bytes written (some may
 * remain queued) or -errno. With unit_len, one write() per unit; a short
 * write, or a head that is not a whole unit, gives -EIO. */
int io_wq_write(struct io_wqueue *q, int fd);
/* Writes until the queue is empty, waiting at most timeout_ms for the
 * descriptor. 0, -errno, or CL_E_TIMEOUT. */
int io_wq_flush(struct io_wqueue *q, int fd, int timeout_ms);
void io_wq_free(struct io_wqueue *q);

#endif
