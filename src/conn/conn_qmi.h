/* The modem side of the connection state machine, spoken in QMI through
 * the asynchronous client (client/qmi_client.h). It implements
 * struct conn_modem_ops; the state machine itself never sees QMI. */
#ifndef CELLINK_CONN_CONN_QMI_H
#define CELLINK_CONN_CONN_QMI_H

#include "client/qmi_client.h"
#include "conn/conn.h"
#include "qmi/bands.h"

#define CONN_QMI_SLOTS 12
#define CONN_QMI_DEV_USERS 8
#define CONN_QMI_IDS 12

struct conn_qmi;

/* One control device run by the adapters of several PDNs (a daemon's
 * sections that name one device, each on its own QMAP mux id). It is
 * opened once (one device lock, one CTL sync) by the first adapter that
 * needs it while no other holds it; every adapter allocates and releases
 * its own client ids over it, and the last one to let go closes it. A
 * data format set since the open is every adapter's (not sent again, so
 * a PDN coming up does not disturb one that is up). An adapter made with
 * conn_qmi_new has a device of its own. */
struct conn_qmi_dev {
	struct ev_loop *loop;
	struct qmi_client *cl;
	unsigned refs;
	struct conn_qmi *users[CONN_QMI_DEV_USERS];
	unsigned n_users;
	unsigned gen;                   /* counts the opens: ids of an earlier one are gone */
	bool syncing;                   /* CTL sync in flight: other openers wait for it */
	bool format_done;               /* WDA set-data-format answered since the open */
	bool format_raw_ip, format_qmap;
};

struct conn_qmi_slot {
	struct conn_qmi *a;
	bool used;
	bool abandoned;                 /* an allocation left by an earlier operation */
	int req_id;
	int idx;                        /* session index, for per-session answers */
	int (*handler)(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *resp);
	uint8_t *cid_out;
};

struct conn_qmi {
	struct ev_loop *loop;
	struct qmi_client *cl;
	struct conn *conn;
	uint8_t cid_dms, cid_nas, cid_wda, cid_wds[2];
	bool abandoning;
	unsigned outstanding;
	int first_err;
	int exit_hint;
	void (*next)(struct conn_qmi *a);
	void (*kick_fn)(struct conn_qmi *a);
	struct ev_timer kick;           /* runs kick_fn from the loop */
	struct ev_timer gone_timer;
	struct conn_qmi_slot slots[CONN_QMI_SLOTS];
	struct qmi_req_opts opts;
	char why[800];
	struct qmi_msg msg;             /* requests are built here */
	bool msg_bad;                   /* a field of msg could not be set: not sent */
	struct qmi_band_caps caps;      /* the modem's bands, when a lock is configured */
	struct conn_qmi_dev *dev;
	bool holds;                     /* this adapter has the device open (its ids on it) */
	bool wait_sync;                 /* opening: waits for another adapter's CTL sync */
	unsigned gen;                   /* the device's open its ids belong to */
	struct { uint8_t svc, cid; } ids[CONN_QMI_IDS];  /* granted to this adapter */
	unsigned n_ids;
	unsigned releasing;             /* own ids whose release is in flight */
	bool released_all;              /* closing last: every id left was given back */
	int rel_req[CONN_QMI_IDS];      /* their requests */
};

extern const struct conn_modem_ops conn_qmi_ops;

/* Creates the adapter (and its client) for conn; free with conn_qmi_free. */
struct conn_qmi *conn_qmi_new(struct ev_loop *loop, struct conn *conn);
/* A device to share (opens nothing yet); the caller holds one reference. */
struct conn_qmi_dev *conn_qmi_dev_new(struct ev_loop *loop);
void conn_qmi_dev_unref(struct conn_qmi_dev *d);
/* An adapter for conn over the shared device d (takes a reference). */
struct conn_qmi *conn_qmi_new_on(struct ev_loop *loop, struct conn *conn, struct conn_qmi_dev *d);
void conn_qmi_free(struct conn_qmi *a);

#endif
