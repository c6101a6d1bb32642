/* The modem side of the connection state machine, spoken in QMI through
 * the asynchronous client (client/qmi_client.h). It implements
 * struct conn_modem_ops; the state machine itself never sees QMI. */
#ifndef CELLINK_CONN_CONN_QMI_H
#define CELLINK_CONN_CONN_QMI_H

#include "client/qmi_client.h"
#include "conn/conn.h"
#include "qmi/bands.h"

#define CONN_QMI_SLOTS 12

struct conn_qmi;

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
};

extern const struct conn_modem_ops conn_qmi_ops;

/* Creates the adapter (and its client) for conn; free with conn_qmi_free. */
struct conn_qmi *conn_qmi_new(struct ev_loop *loop, struct conn *conn);
void conn_qmi_free(struct conn_qmi *a);

#endif
