/* The QMI control channel as bytes: a cdc-wdm character device (or the
 * emulator's pty) opened non-blocking, read into whole QMUX frames and
 * written exactly one frame per write(): on cdc-wdm each write() is one USB
 * control transfer (SEND_ENCAPSULATED_COMMAND), so two frames in one write
 * would reach the modem as one malformed command. A short write ends the
 * device like any other write error.
 *
 * The only thing this layer knows about QMI is how long a frame is
 * (qmux_frame_len, or the caller's frame_len: MBIM messages on a cdc_mbim
 * device take the same path). It reports each complete frame and, once, that the
 * device went away (EIO, ENODEV, hang-up). It never prints: failures carry
 * a sentence in t->errtext.
 *
 * Every function returns 0 (or a count) or a negative errno / CL_E_*. */
#ifndef CELLINK_IO_QMI_TRANSPORT_H
#define CELLINK_IO_QMI_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "io/loop.h"
#include "io/stream.h"

#define QMI_TRANSPORT_RBUF 65536
/* Frames handed to on_frame per turn of the loop at most: a modem that
 * floods indications does not keep the loop from the control socket and
 * the timers. The rest stays in the kernel and in rbuf for the next turn
 * (st.held_turns counts the turns cut short). */
#define QMI_TRANSPORT_BATCH 64

struct qmi_transport {
	/* the descriptor, its buffers and its end (stream.h): st.gone,
	 * st.path, st.errtext, st.dropped_bytes (garbage skipped while
	 * resynchronising) */
	struct io_stream st;
	void *user;
	/* a complete frame (valid only during the call) */
	void (*on_frame)(struct qmi_transport *t, const uint8_t *frame, size_t len);
	/* the device went away or failed for good (called once; t stays open
	 * until qmi_transport_close) */
	void (*on_gone)(struct qmi_transport *t, int err);
	/* length of the frame at the start of the bytes: 0 when more are
	 * needed, < 0 when they cannot start one (skipped a byte at a time).
	 * NULL: QMUX (qmux_frame_len); MBIM sets mbim_msg_len. */
	int (*frame_len)(const uint8_t *p, size_t n);
	unsigned budget;                /* frames still allowed this turn */
	unsigned long budget_turn;      /* the stream's turn it was set in */
	/* a tunnel instead of a device (qmi_transport_attach): each frame goes
	 * to tunnel_send; what comes back is handed in by qmi_transport_input */
	int (*tunnel_send)(struct qmi_transport *t, const uint8_t *frame, size_t len);
	void *tunnel_ud;
	bool locked;                    /* lock_fd holds the device's lock (devlock.h) */
	int lock_fd;
	uint8_t rbuf[QMI_TRANSPORT_RBUF];
};

/* Opens path (a character device or a tty/pty; ttys are put in raw mode).
 * Refuses a device another process holds (-EBUSY, errtext names the PID).
 * on_frame/on_gone/user must be set by the caller before or after. */
int qmi_transport_open(struct qmi_transport *t, struct ev_loop *l, const char *path);
/* Watches an already open descriptor (a socket or pipe in tests) as the
 * device named name; the transport closes it. */
int qmi_transport_adopt(struct qmi_transport *t, struct ev_loop *l, int fd, const char *name);
/* A transport without a descriptor, for frames carried inside another
 * protocol (QMI over MBIM, client/qmi_mbim.h): qmi_transport_send hands
 * each whole frame to send (its error is the send's), the carrier hands
 * the frames that come back to qmi_transport_input, and
 * qmi_transport_fail ends it. name is what errors call it. */
int qmi_transport_attach(struct qmi_transport *t, struct ev_loop *l, const char *name,
			 int (*send)(struct qmi_transport *t, const uint8_t *frame, size_t len), void *ud);
/* The carrier is gone: on_gone runs once, with why as the errtext. */
void qmi_transport_fail(struct qmi_transport *t, int err, const char *why);
/* Queues one whole frame (-EINVAL if frame..len is not exactly one QMUX
 * frame); it goes out as one write() of its own. */
int qmi_transport_send(struct qmi_transport *t, const uint8_t *frame, size_t len);
/* Bytes still waiting to be written. */
size_t qmi_transport_pending(const struct qmi_transport *t);
/* Tries to write what is queued, waiting at most timeout_ms (for a clean
 * goodbye before close). */
int qmi_transport_flush(struct qmi_transport *t, int timeout_ms);
void qmi_transport_close(struct qmi_transport *t);
/* Bytes as if read from the device: every frame they complete goes to
 * on_frame at once (no batch bound), garbage is skipped (the reader's own
 * path; the fuzz target's entry, with any split of the input). */
void qmi_transport_input(struct qmi_transport *t, const uint8_t *p, size_t n);


#endif
