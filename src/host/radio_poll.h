/* Signal, RAT and band of a QMI link for the daemon's metrics: asked of
 * NAS at each liveness period while the link is up (reads only: the link
 * is not touched). The daemon starts and stops it and prints what it
 * read. Also the one-off signal query behind the control socket's
 * `signal`. */
#ifndef CELLINK_HOST_RADIO_POLL_H
#define CELLINK_HOST_RADIO_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include "host/conn_host.h"
#include "io/loop.h"
#include "tool/monitor_model.h"

/* The last reading (NAS get-signal-info and get-rf-band-information):
 * values in tenths, as the monitor keeps them; a band 0 is unknown. */
struct radio_reading {
	bool have;
	struct mon_sample sig;
	uint16_t band[MON_NRAT];
};

struct radio_poll {
	struct conn_host *h;
	struct ev_loop *loop;
	struct ev_timer timer;
	bool paused;                    /* the link is a PPP one: nothing to ask */
	bool asking;                    /* a NAS request in flight */
	bool changed;                   /* this reading differs from the last */
	struct radio_reading reading;
	/* called after a reading that differs from the last */
	void (*on_change)(struct radio_poll *p);
	void *user;
};

/* The control socket's `signal` on a QMI link: one NAS get-signal-info,
 * read as the monitor reads it (radio_signal_sample). done runs once, later:
 * err 0 and the sample, or err < 0 and s NULL (CL_E_QMI: the modem's error
 * number in qmi_error). Returns 0 when asked; else done never runs and the
 * return says why: -ENOTCONN (the modem or its NAS client is not open),
 * -ENOMEM or the client's error. */
typedef void (*radio_signal_cb)(void *ud, int err, uint16_t qmi_error, const struct mon_sample *s);
int radio_ask_signal(struct conn_host *h, radio_signal_cb done, void *ud);

/* Asks every h->cfg.liveness_ms from now on. */
void radio_poll_start(struct radio_poll *p, struct ev_loop *loop, struct conn_host *h);
void radio_poll_stop(struct radio_poll *p);

#endif
