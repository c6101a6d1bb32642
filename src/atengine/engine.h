/* The AT engine: commands to a modem over a byte transport, on the event
 * loop. One command is on the line at a time; the others wait in a queue.
 * Each has its own timeout and gets exactly one completion: its final
 * result (OK, ERROR, +CME/+CMS ERROR, NO CARRIER, CONNECT ...) with the
 * information lines, or a timeout, a cancellation, or the port going away.
 * Unsolicited result codes go to the URC handler, also when they arrive in
 * the middle of an answer. Echo on or off, garbage bytes, partial and
 * overlong lines are tolerated (at_split / at_exchange do the sorting).
 *
 * The engine knows no descriptors: bytes come in through at_engine_input()
 * and go out through io->write (the serial transport in io/serial.h, or a
 * test's fake). After CONNECT the line carries data: the engine ignores
 * input and refuses commands until at_engine_command_mode().
 *
 * Callbacks may send, cancel, or close the engine; they must not free the
 * memory holding it. Functions return 0 (or an id) or a negative CL_E_* /
 * -errno. */
#ifndef CELLINK_AT_ENGINE_H
#define CELLINK_AT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "at/at.h"
#include "io/loop.h"

struct at_reply {
	/* 0: a final result came (see final); CL_E_TIMEOUT, CL_E_CANCELLED,
	 * CL_E_GONE, or the transport's write error otherwise. */
	int status;
	enum at_final final;            /* AT_FINAL_NONE unless status == 0 */
	const struct at_final_info *fi; /* code, CONNECT speed, error text */
	const struct at_exchange *x;    /* information lines: at_xchg_info(x, i) */
	const char *cmd;                /* as sent (without CR) */
	uint64_t elapsed_ms;
};

/* True for status 0 and final OK. */
bool at_reply_ok(const struct at_reply *r);
/* "OK", "+CME ERROR: 16 (incorrect password)", "timed out after 3000 ms"... */
const char *at_reply_text(const struct at_reply *r, char *buf, size_t size);

typedef void (*at_done_fn)(void *ud, const struct at_reply *r);
typedef void (*at_urc_fn)(void *ud, enum at_urc kind, const char *line);
/* out: true for what is sent. Secret commands show only their name. */
typedef void (*at_trace_fn)(void *ud, bool out, const char *line);

struct at_engine_io {
	/* Queues n bytes for the modem: 0 or negative. */
	int (*write)(void *io_ctx, const uint8_t *p, size_t n);
};

#define AT_CMD_SECRET 0x1u      /* carries a PIN or password: traced as "AT+CPIN=<hidden>" */
#define AT_CMD_RAW    0x2u      /* send as given, no CR, no answer expected (e.g. "+++");
				   completes with OK once written */

struct at_pending;

struct at_engine {
	struct ev_loop *loop;
	const struct at_engine_io *io;
	void *io_ctx;
	at_urc_fn on_urc;
	void *urc_ud;
	at_trace_fn on_trace;
	void *trace_ud;
	unsigned settle_ms;     /* quiet time after a timeout or cancel (default 200) */

	struct at_splitter split;
	struct at_exchange x;
	struct at_pending *head, *tail;   /* head is on the line when cur */
	struct at_pending *cur;
	struct ev_timer timeout;
	struct ev_timer settle;
	struct ev_timer kick;   /* starts queued work from the loop */
	bool settling;
	bool gone;
	bool data_mode;
	int gone_err;
	unsigned next_id;
	/* counters */
	uint64_t commands, urcs, strays, timeouts, data_bytes;
};

void at_engine_init(struct at_engine *e, struct ev_loop *l, const struct at_engine_io *io,
		    void *io_ctx);
/* Queues cmd ("AT+CSQ", no CR). Returns a positive id, CL_E_GONE when the
 * port is gone, CL_E_BAD_KIND in data mode, CL_E_NO_SPACE for a command
 * too long. cb is called exactly once, never from inside this call. */
int at_engine_send(struct at_engine *e, const char *cmd, unsigned timeout_ms, unsigned flags,
		   at_done_fn cb, void *ud);
/* Completes id with CL_E_CANCELLED (now). 0, or -ENOENT when id is not
 * pending. A command already on the line may still be answered: that
 * answer is ignored. */
int at_engine_cancel(struct at_engine *e, int id);
/* Bytes from the modem. */
void at_engine_input(struct at_engine *e, const uint8_t *p, size_t n);
/* The port went away: every pending command completes with CL_E_GONE. */
void at_engine_gone(struct at_engine *e, int err);
bool at_engine_in_data_mode(const struct at_engine *e);
/* The data call is over and the line is the engine's again. */
void at_engine_command_mode(struct at_engine *e);
size_t at_engine_queued(const struct at_engine *e);
/* Cancels everything pending (CL_E_CANCELLED) and stops the timers. */
void at_engine_close(struct at_engine *e);

#endif
