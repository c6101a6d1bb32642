/* A PPP link on the event loop: the serial port, the AT engine, the
 * dialer/supervisor state machine (ppp.h) and pppd (pppd.h) bound
 * together. The program (cellink connect --mode ppp) owns one and prints
 * what the callbacks report; the library prints nothing. */
#ifndef CELLINK_PPP_SESSION_H
#define CELLINK_PPP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "atengine/engine.h"
#include "io/loop.h"
#include "io/serial.h"
#include "ppp/ppp.h"
#include "ppp/pppd.h"

struct ppp_session {
	struct ev_loop *loop;
	struct serial ser;
	struct at_engine at;
	struct ppp_sm sm;
	struct pppd pppd;
	struct pppd_conf pconf;
	struct ev_timer timer;
	int at_id;
	unsigned baud;
	uint32_t rnd;
	bool open, finished;
	int status;
	void *user;
	void (*on_log)(struct ppp_session *s, enum ppp_log lvl, const char *text);
	void (*on_state)(struct ppp_session *s, enum ppp_state from, enum ppp_state to);
	/* every line pppd logs (may be NULL) */
	void (*on_pppd_line)(struct ppp_session *s, const char *line);
	void (*on_finished)(struct ppp_session *s, int status);
};

/* The defaults every program starts from: no restart limit; pppd with
 * usepeerdns, defaultroute, LCP echo 10 s x 3, pppd's choice of unit and
 * ipparam "cellink". */
void ppp_session_defaults(struct ppp_config *cfg, struct pppd_conf *pc);
/* Opens the AT port (exclusively). 0, or negative with why filled. */
int ppp_session_open(struct ppp_session *s, struct ev_loop *l, const char *port, unsigned baud,
		     char *why, size_t cap);
/* Starts dialling. cfg and pc are copied; the strings they point to must
 * stay valid until ppp_session_close. pc->tty defaults to the port. */
void ppp_session_start(struct ppp_session *s, const struct ppp_config *cfg,
		       const struct pppd_conf *pc);
/* Clean end: pppd stopped, modem hung up; on_finished follows. */
void ppp_session_stop(struct ppp_session *s);
void ppp_session_close(struct ppp_session *s);

#endif
