/* An asynchronous QMI client on the event loop (io/loop.h) and the byte
 * transport (io/qmi_transport.h).
 *
 * - Many requests in flight, each with its own transaction id (16-bit per
 *   client id, 8-bit for CTL), matched to its response by (service, client
 *   id, transaction id, message id).
 * - Every request has a timeout and, optionally, resends: a modem that
 *   swallows the first request after power-up gets it again.
 * - Every callback is called exactly once, never from inside the call that
 *   queued it: with the response (err 0; the QMI result is in resp->status
 *   and resp->error), or with err CL_E_TIMEOUT, CL_E_CANCELLED or CL_E_GONE
 *   and resp NULL.
 * - Indications go to handlers registered by (service, message id).
 * - Client ids are tracked: qmi_client_release_all() gives every one back;
 *   qmi_client_sync() (CTL sync) recovers those a crashed run left behind.
 *
 * Callbacks may queue new requests and cancel others; they must not call
 * qmi_client_close() (defer it to a timer).
 */
#ifndef CELLINK_CLIENT_QMI_CLIENT_H
#define CELLINK_CLIENT_QMI_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "io/loop.h"
#include "io/qmi_transport.h"
#include "qmi/qmi.h"

#define QMI_CLIENT_MAX_CIDS 16
#define QMI_CLIENT_MAX_HANDLERS 32
#define QMI_CLIENT_DEFAULT_TIMEOUT_MS 10000

struct qmi_client;

/* err 0: resp is the decoded response; else resp is NULL. */
typedef void (*qmi_resp_cb)(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp);
typedef void (*qmi_ind_cb)(struct qmi_client *c, void *ud, const struct qmi_msg *ind);
/* cid allocation: err 0 and the new cid, or err < 0 (a QMI error gives
 * CL_E_QMI with the QMI error number in qmi_error). */
typedef void (*qmi_cid_cb)(struct qmi_client *c, void *ud, int err, uint8_t cid, uint16_t qmi_error);
typedef void (*qmi_done_cb)(struct qmi_client *c, void *ud, int err);

struct qmi_req_opts {
	uint32_t timeout_ms;    /* per attempt; 0 = default */
	uint8_t retries;        /* resends after a timeout */
	bool guest;             /* a request of another user of the client (a toolbox
				 * op in a daemon): its owner waits for these before it
				 * closes (qmi_client_guests) */
};

struct qmi_pending;

struct qmi_cid {
	uint8_t service;
	uint8_t cid;
	uint16_t next_txn;
	bool used;
};

struct qmi_ind_handler {
	uint8_t service;
	uint16_t msg_id;
	qmi_ind_cb cb;
	void *ud;
};

struct qmi_client_stats {
	unsigned long sent, received, unmatched, malformed, timeouts, resends, indications;
};

struct qmi_client {
	struct ev_loop *loop;
	struct qmi_transport tr;
	bool open;
	uint8_t ctl_txn;
	uint16_t txn_other;             /* for client ids not allocated here */
	int next_req_id;
	struct qmi_pending *pending;    /* doubly linked */
	struct qmi_cid cids[QMI_CLIENT_MAX_CIDS];
	struct qmi_ind_handler handlers[QMI_CLIENT_MAX_HANDLERS];
	unsigned n_handlers;
	/* the device went away: every pending request has failed with CL_E_GONE */
	void (*on_gone)(struct qmi_client *c, void *ud, const char *why);
	void *gone_ud;
	/* optional trace of every frame in and out (for --verbose) */
	void (*trace)(struct qmi_client *c, void *ud, bool out, const struct qmi_msg *m);
	void *trace_ud;
	struct qmi_client_stats stats;
	struct qmi_msg rx;              /* decoded frame handed to callbacks */
	struct qmi_val rx_pool[QMI_POOL_NODES]; /* rx's values: a modem's answer may be long */
	char errtext[800];
};

/* Prepares c (large: allocate it). Opens nothing. */
void qmi_client_init(struct qmi_client *c, struct ev_loop *l);
/* Opens the control device. On failure c->errtext says why (busy: who). */
int qmi_client_open(struct qmi_client *c, const char *path);
/* Opens the client on a tunnel instead of a device (io/qmi_transport.h,
 * qmi_transport_attach; QMI over MBIM: client/qmi_mbim.h): everything
 * else works as on a device. */
int qmi_client_attach(struct qmi_client *c, const char *name,
		      int (*send)(struct qmi_transport *t, const uint8_t *frame, size_t len), void *ud);
/* Fails every pending request with CL_E_CANCELLED, forgets cids without
 * releasing them (use qmi_client_release_all first), closes the device. */
void qmi_client_close(struct qmi_client *c);

/* Sends req (built with qmi_msg_init + qmi_set_*; its service and client
 * say where it goes; the transaction id is assigned here). Returns a
 * request id (> 0) usable with qmi_client_cancel, or a negative error, in
 * which case cb is never called. */
int qmi_client_request(struct qmi_client *c, struct qmi_msg *req, const struct qmi_req_opts *o,
		       qmi_resp_cb cb, void *ud);
/* Cancels one request: its callback runs now with CL_E_CANCELLED. Returns
 * 0, or -ENOENT if it already completed. */
int qmi_client_cancel(struct qmi_client *c, int req_id);
/* Number of requests in flight. */
unsigned qmi_client_in_flight(const struct qmi_client *c);
/* Of those, the guests' (qmi_req_opts.guest). */
unsigned qmi_client_guests(const struct qmi_client *c);

int qmi_client_on_indication(struct qmi_client *c, uint8_t service, uint16_t msg_id,
			     qmi_ind_cb cb, void *ud);
void qmi_client_remove_handlers(struct qmi_client *c, void *ud);

/* CTL allocate-cid / release-cid with bookkeeping. */
int qmi_client_alloc_cid(struct qmi_client *c, uint8_t service, const struct qmi_req_opts *o,
			 qmi_cid_cb cb, void *ud);
int qmi_client_release_cid(struct qmi_client *c, uint8_t service, uint8_t cid,
			   const struct qmi_req_opts *o, qmi_done_cb cb, void *ud);
/* Releases every cid this client holds, in parallel; cb once all answered
 * (or timed out). err is the first failure, 0 if all went back. */
int qmi_client_release_all(struct qmi_client *c, uint32_t timeout_ms, qmi_done_cb cb, void *ud);
/* CTL sync: the modem drops every client id (including ones a crashed
 * run leaked). Resent up to o->retries times when the modem stays silent. */
int qmi_client_sync(struct qmi_client *c, const struct qmi_req_opts *o, qmi_done_cb cb, void *ud);
/* How many cids are currently held. */
unsigned qmi_client_cids_held(const struct qmi_client *c);

/* 0 when resp carries success; else CL_E_QMI (name via qmi_error_name). */
int qmi_resp_result(const struct qmi_msg *resp);

#endif
