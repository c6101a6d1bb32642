/* QMI over MBIM: a QMI client (qmi_client.h) whose frames travel inside an
 * MBIM session (mbim_client.h), as Qualcomm-based modems in an MBIM
 * composition carry them: each QMUX request goes out as a COMMAND (set) of
 * the QMI service's CID 1 (mbim/ids.h, MBIM_QMI_CIDS) with the frame as its
 * information buffer; the QMUX response comes back in its COMMAND_DONE,
 * QMUX indications as INDICATE_STATUS of the same CID.
 *
 * The adapter is the carrier only: the QMI client above it runs as on a
 * QMI device (client ids through QMI CTL inside the tunnel, transactions,
 * timeouts, indications); the transport under it (qmi_transport_attach)
 * knows bytes. Before the QMI client is attached, the device is asked for
 * its device services (Basic Connect DEVICE_SERVICES): a function that
 * does not list the QMI service is refused, with the reason.
 *
 * The MBIM client stays its owner's: the adapter sends commands on it and
 * takes the QMI service's indications from its one indication handler,
 * passing every other indication to the handler that was there before. It
 * never opens or closes it. When the MBIM client goes away (or closes),
 * the QMI client's requests fail with CL_E_GONE and qmi_mbim_ready() is
 * false until qmi_mbim_start() again. */
#ifndef CELLINK_CLIENT_QMI_MBIM_H
#define CELLINK_CLIENT_QMI_MBIM_H

#include <stdbool.h>
#include <stdint.h>

#include "client/mbim_client.h"
#include "client/qmi_client.h"

/* Bound of each MBIM command carrying a QMUX request: longer than any QMI
 * request's own timeout (a network scan's), which is what ends a request
 * the modem never answers; this bound only frees the MBIM transaction. */
#define QMI_MBIM_CARRY_MS 300000
#define QMI_MBIM_CHECK_MS 5000
/* Carried commands waiting at once, at most: half the MBIM client's
 * transactions (MBIM_TXNS_MAX), so QMI requests a modem leaves unanswered
 * never take the slots the MBIM link's own requests need; past it a QMI
 * request fails at once (CL_E_TOO_MANY). */
#define QMI_MBIM_MAX_CARRIED (MBIM_TXNS_MAX / 2)

/* The reason a function without the service is refused (docs/toolbox.md). */
#define QMI_MBIM_NO_SERVICE "this modem's MBIM function has no QMI-over-MBIM service"

enum qmi_mbim_state {
	QMI_MBIM_IDLE = 0,
	QMI_MBIM_CHECKING,              /* device services asked */
	QMI_MBIM_READY,                 /* the QMI client is attached */
	QMI_MBIM_REFUSED,               /* no QMI service, or the question failed */
	QMI_MBIM_GONE,                  /* the MBIM client went away */
};

struct qmi_mbim;
/* err 0: the QMI client is attached and ready; else why says why not
 * (QMI_MBIM_NO_SERVICE, or the failure of the question). */
typedef void (*qmi_mbim_ready_cb)(struct qmi_mbim *t, void *ud, int err, const char *why);

struct qmi_mbim_stats {
	unsigned long frames_out, frames_in, indications, carry_failed, carry_refused;
};

struct qmi_mbim {
	struct mbim_client *mc;
	struct qmi_client *qc;
	enum qmi_mbim_state state;
	mbim_ind_cb next_ind;           /* the MBIM client's handler before ours */
	void *next_ind_ud;
	qmi_mbim_ready_cb ready;
	void *ready_ud;
	struct qmi_mbim_stats stats;
	unsigned carried;               /* carrying commands waiting for their COMMAND_DONE */
	char why[300];
	uint8_t buf[MBIM_MAX_MSG];      /* one COMMAND at a time is built here */
};

void qmi_mbim_init(struct qmi_mbim *t);
/* Asks the device (mc: open, past its OPEN_DONE) for its services; qc
 * (qmi_client_init'ed, not open) is attached when the QMI service is
 * listed. cb runs once, from the loop. Returns 0, or a negative error
 * (cb not called; t->why says why). */
int qmi_mbim_start(struct qmi_mbim *t, struct mbim_client *mc, struct qmi_client *qc,
		   qmi_mbim_ready_cb cb, void *ud);
/* Whether the QMI client can be used now. */
bool qmi_mbim_ready(const struct qmi_mbim *t);
/* Closes the QMI client (its requests fail with CL_E_CANCELLED; client
 * ids it holds are forgotten: release them first) and forgets the MBIM
 * client's question (a start's cb still waiting runs now, with
 * CL_E_CANCELLED). The MBIM client's indication handler stays chained
 * (it passes everything on while the adapter is idle). */
void qmi_mbim_stop(struct qmi_mbim *t);

#endif
