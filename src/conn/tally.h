/* Data counters over the life of a process (cellink counters, status): the
 * modem counts each session (call) from zero; the tally adds the sessions
 * up, and a reset makes both start from zero again. Pure arithmetic, no
 * I/O. */
#ifndef CELLINK_CONN_TALLY_H
#define CELLINK_CONN_TALLY_H

#include <stdbool.h>

#include "conn/conn.h"

struct conn_tally {
	struct conn_counters done;      /* sessions that ended (since the start or a reset) */
	struct conn_counters last;      /* the modem's latest count of this session */
	struct conn_counters base;      /* its count at a reset during this session */
	bool in_session;
};

/* A reading of the modem's count of the current session. A count that
 * went down is a new session (the modem started one we did not see end). */
void conn_tally_sample(struct conn_tally *t, const struct conn_counters *now);
/* The session ended: its last count goes to the total. */
void conn_tally_end(struct conn_tally *t);
/* From zero again: now is the modem's count at this moment (NULL: the last). */
void conn_tally_reset(struct conn_tally *t, const struct conn_counters *now);
/* This session (since its start or the reset) and the total. */
void conn_tally_get(const struct conn_tally *t, struct conn_counters *session, struct conn_counters *total);

#endif
