/* A serial line as bytes: a modem's AT/PPP port (/dev/ttyUSB2, /dev/ttyACM0,
 * the emulator's pty) opened non-blocking, held exclusively (TIOCEXCL),
 * in raw mode at a given speed. Incoming bytes go to on_data as they come;
 * the line going away (EIO, ENODEV, hang-up, EOF) is reported once through
 * on_gone. Writes are queued and drained from the loop.
 *
 * The line can be lent out (to pppd): serial_pause() stops reading and
 * drops exclusivity, serial_resume() takes it back. serial_attach() wraps
 * a descriptor the caller already has (tests use a socketpair).
 *
 * It never prints: failures leave a sentence in s->errtext.
 * Every function returns 0 (or a count) or a negative errno / CL_E_*. */
#ifndef CELLINK_IO_SERIAL_H
#define CELLINK_IO_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/loop.h"
#include "io/stream.h"

#define SERIAL_RBUF 4096

struct serial {
	/* the descriptor, its buffers and its end (stream.h): st.gone,
	 * st.paused, st.path, st.errtext, st.rx_bytes, st.tx_bytes */
	struct io_stream st;
	void *user;
	/* bytes read (valid only during the call) */
	void (*on_data)(struct serial *s, const uint8_t *p, size_t n);
	/* the line went away or failed for good (called once; s stays open
	 * until serial_close) */
	void (*on_gone)(struct serial *s, int err);
	bool is_tty;
	uint8_t rbuf[SERIAL_RBUF];
};

/* Opens path; baud 0 keeps the current speed (USB ports ignore it).
 * Refuses a port another process holds (-EBUSY, errtext names the PID and
 * the program). A character device that is not a terminal (the wwan
 * subsystem's /dev/wwan0at0) is taken as it is, without termios. */
int serial_open(struct serial *s, struct ev_loop *l, const char *path, unsigned baud);
/* Takes over fd (any stream descriptor, made non-blocking); name is used
 * in messages. On failure fd is closed. */
int serial_attach(struct serial *s, struct ev_loop *l, int fd, const char *name);
/* Queues bytes; they go out as soon as the descriptor takes them. */
int serial_send(struct serial *s, const void *p, size_t n);
size_t serial_pending(const struct serial *s);
/* Writes what is queued, waiting at most timeout_ms. */
int serial_flush(struct serial *s, int timeout_ms);
/* Stops reading (the line is lent to another program) and releases
 * TIOCEXCL so that program may open the path. */
int serial_pause(struct serial *s);
/* Reads again and takes exclusivity back. Bytes that arrived meanwhile
 * are discarded (they belonged to the borrower). */
int serial_resume(struct serial *s);
/* Raises or lowers DTR (a real modem hangs up on DTR low with AT&D2).
 * -ENOTTY on lines without modem control (ptys, sockets). */
int serial_set_dtr(struct serial *s, bool on);
void serial_close(struct serial *s);

/* The termios speed constant for baud, or -EINVAL when it has none. */
int serial_speed(unsigned baud, unsigned *speed_out);

#endif
