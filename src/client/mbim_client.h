/* An asynchronous MBIM client on the event loop (io/loop.h) and the byte
 * transport (io/qmi_transport.h, cutting MBIM messages instead of QMUX
 * frames): the MBIM counterpart of qmi_client.h.
 *
 * - OPEN, CLOSE and COMMANDs in flight at once, each with its own
 *   transaction id (mbim_txns), matched to its answer by id, type, service
 *   and CID; a FUNCTION_ERROR answers whatever it names.
 * - Every request has a deadline; every callback runs exactly once, never
 *   inside the call that queued it: with the decoded answer (err 0; the
 *   MBIM status is in resp->status), with CL_E_PROTOCOL and the
 *   FUNCTION_ERROR (resp->error), or with CL_E_TIMEOUT, CL_E_CANCELLED or
 *   CL_E_GONE and resp NULL.
 * - Requests longer than the maximum control transfer go out in fragments;
 *   the device's fragments are joined (mbim_reasm) before decoding.
 * - INDICATE_STATUS goes to one handler (the owner's, on_indication), then
 *   to every watcher (mbim_client_watch): a toolbox op that runs on a
 *   link's client sees the link's indications without taking them away.
 *
 * Callbacks may queue new requests; they must not call mbim_client_close()
 * (defer it to a timer).
 */
#ifndef CELLINK_CLIENT_MBIM_CLIENT_H
#define CELLINK_CLIENT_MBIM_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "io/loop.h"
#include "io/qmi_transport.h"
#include "mbim/mbim.h"

#define MBIM_CLIENT_DEFAULT_MAX_TRANSFER 4096
#define MBIM_CLIENT_MAX_WATCHERS 8

struct mbim_client;

typedef void (*mbim_resp_cb)(struct mbim_client *c, void *ud, int err, const struct mbim_msg *resp);
typedef void (*mbim_ind_cb)(struct mbim_client *c, void *ud, const struct mbim_msg *ind);

struct mbim_client_req {
	bool used;
	bool done;              /* completed from the loop (local_err) */
	int local_err;
	uint32_t txn;
	mbim_resp_cb cb;
	void *ud;
};

struct mbim_client_stats {
	unsigned long sent, received, unmatched, malformed, timeouts, indications;
};

struct mbim_client {
	struct ev_loop *loop;
	struct qmi_transport tr;
	bool open;
	uint32_t max_transfer;          /* of the control channel (cdc-wdm's, else 4096) */
	struct ev_timer timer;          /* the earliest deadline, and local completions */
	struct mbim_txns txns;
	struct mbim_client_req reqs[MBIM_TXNS_MAX];
	mbim_ind_cb on_indication;
	void *ind_ud;
	struct {
		mbim_ind_cb cb;         /* NULL: a free slot */
		void *ud;
	} watchers[MBIM_CLIENT_MAX_WATCHERS];
	void (*on_gone)(struct mbim_client *c, void *ud, const char *why);
	void *gone_ud;
	/* optional trace of every message in and out (for --verbose) */
	void (*trace)(struct mbim_client *c, void *ud, bool out, const struct mbim_msg *m);
	void *trace_ud;
	struct mbim_client_stats stats;
	struct mbim_reasm reasm;
	struct mbim_msg rx;             /* the decoded answer handed to callbacks */
	struct mbim_msg tx;             /* a request decoded for the trace */
	uint8_t frag[MBIM_MAX_MSG];
	char errtext[800];
};

/* Allocates and prepares a client (large); opens nothing. */
struct mbim_client *mbim_client_new(struct ev_loop *l);
void mbim_client_free(struct mbim_client *c);
/* Opens the control device (cdc-wdm or a pty). c->errtext says why not. */
int mbim_client_open(struct mbim_client *c, const char *path);
/* Watches an open descriptor (tests: a socket) as the device named name. */
int mbim_client_adopt(struct mbim_client *c, int fd, const char *name);
/* Fails every pending request with CL_E_CANCELLED and closes the device. */
void mbim_client_close(struct mbim_client *c);

/* A transaction id for the next request (build it with MBIM_SET/QUERY, or
 * mbim_encode_open/close). */
uint32_t mbim_client_txn(struct mbim_client *c);
/* Sends a whole message built with the id mbim_client_txn() gave; cb sees
 * its answer within timeout_ms. 0, or a negative error (cb never called). */
int mbim_client_send(struct mbim_client *c, const uint8_t *msg, size_t len, uint32_t timeout_ms,
		     mbim_resp_cb cb, void *ud);
/* Bytes as if read from the device (after open or adopt): whole messages
 * and fragments go the reader's own way (the fuzz target's entry). */
void mbim_client_input(struct mbim_client *c, const uint8_t *p, size_t n);
/* Every INDICATE_STATUS also goes to cb (after on_indication), until
 * mbim_client_unwatch(c, ud). 0, or CL_E_TOO_MANY when every slot is
 * taken. A watcher may unwatch itself or others from its callback. */
int mbim_client_watch(struct mbim_client *c, mbim_ind_cb cb, void *ud);
/* Removes every watcher of ud (none: nothing happens). */
void mbim_client_unwatch(struct mbim_client *c, void *ud);
/* Watchers registered now. */
unsigned mbim_client_watchers(const struct mbim_client *c);
/* Requests waiting for their answers. */
unsigned mbim_client_in_flight(const struct mbim_client *c);

#endif
