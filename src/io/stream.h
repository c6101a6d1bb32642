/* A buffered byte stream over a non-blocking descriptor on the event loop,
 * in the manner of libubox's ustream: what the QMI/MBIM control device
 * (qmi_transport.h) and the serial line (serial.h) share.
 *
 * Reading: bytes go into a buffer the owner gives (its size is the owner's
 * choice) and are offered to on_data, which returns how many it took; the
 * rest (a partial frame) stays for the next read. on_data may call
 * io_stream_hold() to stop for this turn of the loop with bytes left: it is
 * called again on the next turn, before anything more is read, so a flood
 * cannot keep the loop from its other handles. A buffer full of bytes
 * nobody takes loses its oldest byte (dropped_bytes).
 *
 * Writing: bytes are queued (wqueue.h: one write() per unit for a message
 * device, as much as the descriptor takes for a byte stream) and written
 * as the descriptor takes them; EAGAIN and partial writes wait for
 * EV_WRITE. A failed write is reported from the loop, never from inside
 * the caller's send.
 *
 * Gone: EOF, hang-up, a read or write error: on_gone is called once, the
 * descriptor is no longer watched, and errtext says "PATH went away (...)".
 * The stream stays open until io_stream_close.
 *
 * It never prints. Functions return 0 (or a count) or a negative errno /
 * CL_E_*. */
#ifndef CELLINK_IO_STREAM_H
#define CELLINK_IO_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/loop.h"
#include "io/wqueue.h"

struct io_stream {
	struct ev_loop *loop;
	struct ev_fd h;
	/* bytes read and not yet taken (valid only during the call): returns
	 * how many it took */
	size_t (*on_data)(struct io_stream *s, const uint8_t *p, size_t n);
	/* the descriptor went away or failed for good (called once) */
	void (*on_gone)(struct io_stream *s, int err);
	bool gone;
	bool paused;                    /* not watched: the line is lent out */
	bool held;                      /* on_data stopped for this turn */
	unsigned long turn;             /* turns of the loop the stream read in */
	int werr;                       /* write error waiting to be reported */
	struct ev_timer werr_timer;     /* reports it from the loop */
	struct ev_defer more;           /* on_data held with bytes left */
	unsigned long held_turns;       /* times on_data held */
	struct io_wqueue wq;            /* bytes waiting to be written */
	uint64_t rx_bytes, tx_bytes;
	unsigned long dropped_bytes;    /* bytes skipped (full buffer, or by the owner) */
	uint8_t *rbuf;
	size_t rlen, rcap;
	char path[256];
	char errtext[800];
};

/* Prepares s (not watching anything): reads go to rbuf[0 .. rcap - 1];
 * unit_len as in wqueue.h (NULL: a byte stream). */
void io_stream_init(struct io_stream *s, uint8_t *rbuf, size_t rcap,
		    int (*unit_len)(const uint8_t *p, size_t n));
/* Watches fd (made non-blocking) as the descriptor named name. On failure
 * the caller still owns fd. */
int io_stream_attach(struct io_stream *s, struct ev_loop *l, int fd, const char *name);
/* Queues bytes; they go out as the descriptor takes them. */
int io_stream_send(struct io_stream *s, const void *p, size_t n);
size_t io_stream_pending(const struct io_stream *s);
/* Writes what is queued, waiting at most timeout_ms. */
int io_stream_flush(struct io_stream *s, int timeout_ms);
/* From on_data: stop for this turn; on_data is offered the bytes left on
 * the next turn. */
void io_stream_hold(struct io_stream *s);
/* Bytes as if read from the descriptor, offered to on_data at once. */
void io_stream_feed(struct io_stream *s, const uint8_t *p, size_t n);
/* Stops watching the descriptor (reads and writes wait); resume watches it
 * again. */
int io_stream_pause(struct io_stream *s);
int io_stream_resume(struct io_stream *s);
/* Marks the stream gone with err and tells on_gone (once). */
void io_stream_set_gone(struct io_stream *s, int err);
/* Stops watching, closes the descriptor, frees the queue. */
void io_stream_close(struct io_stream *s);

#endif
