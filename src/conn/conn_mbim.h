/* The modem side of the connection state machine, spoken in MBIM (Basic
 * Connect) through the asynchronous client (client/mbim_client.h). It
 * implements struct conn_modem_ops as conn_qmi.h does for QMI; the state
 * machine itself never sees MBIM.
 *
 * One MBIM session carries both families: --ip-type 4v6 asks for an
 * IPv4v6 context on session cfg->session_id, whose IPv4 and IPv6 halves
 * fill conn_status.sess[0] and sess[1] (both with the session id as their
 * handle). cdc_mbim maps session 0 to the network interface itself and
 * session N to VLAN N on it; the data path is always raw IP. */
#ifndef CELLINK_CONN_CONN_MBIM_H
#define CELLINK_CONN_CONN_MBIM_H

#include "client/mbim_client.h"
#include "conn/conn.h"

#define CONN_MBIM_SLOTS 8

struct conn_mbim;

typedef int (*cm_handler)(struct conn_mbim *a, int err, const struct mbim_msg *m);

struct conn_mbim_slot {
	struct conn_mbim *a;
	bool used;
	unsigned gen;                   /* the operation that sent it */
	cm_handler handler;
};

struct conn_mbim {
	struct ev_loop *loop;
	struct mbim_client *cl;
	struct conn *conn;
	uint32_t session_id;            /* MBIM session of the link (0: the interface itself) */
	unsigned gen;                   /* the operation in flight; older answers are ignored */
	unsigned outstanding;
	int first_err;
	int exit_hint;
	unsigned open_tries;
	bool reactivating;              /* a session left active is being deactivated first */
	int pin_before;                 /* attempts left before the PIN was presented */
	void (*next)(struct conn_mbim *a);
	void (*kick_fn)(struct conn_mbim *a);
	struct ev_timer kick;           /* runs kick_fn from the loop */
	struct ev_timer gone_timer;
	struct conn_mbim_slot slots[CONN_MBIM_SLOTS];
	uint32_t timeout_ms;
	/* the last signal state (query or indication), for status and signal */
	bool have_signal;
	uint32_t rssi, error_rate;      /* 0..31 (99 unknown), 0..7 (99 unknown) */
	uint32_t data_class;            /* of the registration or packet service */
	char why[800];
	uint8_t buf[MBIM_MAX_MSG];      /* requests are built here */
};

extern const struct conn_modem_ops conn_mbim_ops;

/* Creates the adapter (and its client) for conn; free with conn_mbim_free. */
struct conn_mbim *conn_mbim_new(struct ev_loop *loop, struct conn *conn);
void conn_mbim_free(struct conn_mbim *a);

/* RSSI in dBm from MBIM's 0..31 scale (3GPP TS 27.007: -113 + 2n);
 * false when unknown (99). */
bool conn_mbim_rssi_dbm(uint32_t rssi, int *dbm);

#endif
