/* PPP over a modem's AT port: the dialer and pppd supervisor as a state
 * machine without I/O.
 *
 * It drives the modem through ops->at (one command at a time; the answer
 * comes back through ppp_sm_at_reply), pppd through ops->pppd_start /
 * ops->pppd_stop (its exit comes back through ppp_sm_pppd_exit), and time
 * through one timer (ppp_sm_timer). session.c binds it to the serial
 * transport, the AT engine and the pppd runner; tests bind it to fakes.
 *
 * Dial sequence: ATE0, AT+CMEE=1, AT+CPIN? (the PIN only while the full
 * count of attempts remains, and never one this SIM refused: AT+CCID names
 * the card, ops->pin_refused_before asks the host's memory), registration
 * (+CEREG?/+CGREG?, bounded),
 * AT+CGDCONT=cid,"IP|IPV6|IPV4V6","APN", ATD*99***cid# -> CONNECT, pppd.
 * When pppd exits: the line comes back, the modem is hung up (ATH, or
 * "+++" with guard times when it still carries data), and the link is
 * redialled after a bounded exponential back-off with jitter, unless the
 * exit status says retrying cannot help.
 *
 * Results use the connection manager's exit statuses (common/exit.h). */
#ifndef CELLINK_PPP_PPP_H
#define CELLINK_PPP_PPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "atengine/engine.h"

#define PPP_STATES(X)                                                           \
	X(IDLE, "idle")                                                         \
	X(INIT, "init")                 /* ATE0, AT+CMEE=1 */                   \
	X(ESCAPE, "escape")             /* "+++" with guard times, then ATH */  \
	X(SIM, "sim")                   /* AT+CPIN? */                          \
	X(SIM_WAIT, "sim-wait")         /* SIM busy / not ready: ask again */   \
	X(PIN_COUNT, "pin-attempts")    /* AT+CPINR="SIM PIN" */                \
	X(PIN, "pin")                   /* AT+CPIN="..." */                     \
	X(REGISTER, "register")         /* AT+CEREG?, AT+CGREG? */              \
	X(REG_WAIT, "register-wait")                                            \
	X(PDP, "pdp-context")           /* AT+CGDCONT= */                       \
	X(DIAL, "dial")                 /* ATD -> CONNECT */                    \
	X(PPP, "ppp")                   /* pppd negotiating */                  \
	X(UP, "up")                     /* IPCP/IPV6CP done */                  \
	X(STOPPING, "stopping")         /* pppd asked to end */                 \
	X(HANGUP, "hangup")             /* line back from pppd, ATH */          \
	X(BACKOFF, "backoff")                                                   \
	X(WAIT_PORT, "wait-port")       /* the port vanished: wait for it */    \
	X(STOPPED, "stopped")

enum ppp_state {
#define PPP_STATE_ENUM(sym, name) PPP_S_##sym,
	PPP_STATES(PPP_STATE_ENUM)
#undef PPP_STATE_ENUM
	PPP_S_COUNT
};

const char *ppp_state_name(enum ppp_state s);

enum ppp_ip { PPP_IP_V4, PPP_IP_V6, PPP_IP_V4V6 };
/* "IP", "IPV6", "IPV4V6" (the +CGDCONT PDP type). */
const char *ppp_ip_pdp_type(enum ppp_ip ip);

enum ppp_log { PPP_LOG_INFO, PPP_LOG_WARN, PPP_LOG_ERROR };

struct ppp_config {
	const char *apn;
	enum ppp_ip ip;
	int cid;                        /* PDP context, default 1 */
	const char *dial;               /* default "ATD*99***<cid>#" */
	const char *pin;                /* NULL: none configured */
	unsigned pin_full_attempts;     /* present the PIN only with this many left (default 3) */
	unsigned at_timeout_ms;         /* default 5000 */
	unsigned dial_timeout_ms;       /* default 30000 */
	unsigned sim_timeout_ms;        /* SIM busy/not ready bound, default 20000 */
	unsigned register_timeout_ms;   /* default 60000 */
	unsigned poll_ms;               /* registration/SIM poll, default 1000 */
	unsigned guard_ms;              /* silence around "+++", default 1000 */
	unsigned backoff_min_ms;        /* default 2000 */
	unsigned backoff_max_ms;        /* default 120000 */
	int max_restarts;               /* < 0: no limit */
	bool persist;                   /* retry failures before the first link too */
};

struct ppp_ops {
	/* One AT command (flags: AT_CMD_*); the reply comes through
	 * ppp_sm_at_reply(), never from inside this call. 0 or negative. */
	int (*at)(void *ctx, const char *cmd, unsigned timeout_ms, unsigned flags);
	void (*at_cancel)(void *ctx);
	/* The one timer: fire ppp_sm_timer() after ms; ms < 0 cancels. */
	void (*timer)(void *ctx, int64_t ms);
	uint64_t (*now)(void *ctx);
	uint32_t (*random)(void *ctx);
	/* Hands the connected line to pppd. 0, or negative with why filled. */
	int (*pppd_start)(void *ctx, char *why, size_t cap);
	/* Asks pppd to end (SIGTERM); its exit still comes through
	 * ppp_sm_pppd_exit(). */
	void (*pppd_stop)(void *ctx);
	/* pppd is gone: take the line back (hang up with DTR where the line
	 * has it) and put the AT engine back in command mode. */
	void (*line_back)(void *ctx);
	/* The port went away: try to open it again (a modem that reset comes
	 * back under the same name). 0 when it is back. May be NULL. */
	int (*port_reopen)(void *ctx);
	void (*log)(void *ctx, enum ppp_log lvl, const char *text);
	void (*changed)(void *ctx, enum ppp_state from, enum ppp_state to);
	/* The host's memory of refused PINs (optional, as in conn.h): 1 this
	 * SIM (ICCID, "" unknown) refused this PIN before, 0 not, < 0 the
	 * memory cannot be used (no PIN is presented); and the SIM refused it. */
	int (*pin_refused_before)(void *ctx, const char *iccid, const char *pin, char *why, size_t cap);
	int (*pin_refused)(void *ctx, const char *iccid, const char *pin, char *why, size_t cap);
	/* The machine stopped for good with a conn_exit status. */
	void (*finished)(void *ctx, int status);
};

/* pppd's documented exit statuses (pppd(8) "EXIT STATUS"), their names
 * and what the supervisor does with each. */
enum ppp_exit_action { PPPD_RETRY, PPPD_FATAL };

struct ppp_exit_info {
	int code;
	const char *name;               /* "modem-hangup" */
	const char *text;               /* "the modem hung up" */
	enum ppp_exit_action action;
	int status;                     /* conn_exit status when FATAL */
};
/* Info for code; an "unknown" entry (retry) for codes not in the table. */
const struct ppp_exit_info *ppp_exit_lookup(int code);

struct ppp_sm {
	const struct ppp_ops *ops;
	void *ctx;
	struct ppp_config cfg;
	enum ppp_state state;
	int step;                       /* sub-step inside a state */
	uint64_t deadline;              /* of SIM_WAIT / REG_WAIT */
	enum ppp_state after_hangup;    /* BACKOFF, STOPPED, or STOPPED with fail_status */
	int fail_status;
	bool pin_tried;
	char iccid[24];                 /* from AT+CCID, "" when the modem does not say */
	char rep_text[200];             /* the last line logged, and how often said since */
	unsigned rep_count;
	bool init_escaped;
	bool stop_requested;
	bool ever_up;
	bool reg_seen_denied;
	int restarts;
	int backoff_n;
	int last_exit;                  /* pppd's last exit status, -1 none */
	uint64_t up_since;
	char reason[400];               /* why the link is down / what failed last */
};

void ppp_sm_init(struct ppp_sm *m, const struct ppp_config *cfg, const struct ppp_ops *ops,
		 void *ctx);
void ppp_sm_start(struct ppp_sm *m);
/* Ends the link cleanly: pppd stopped, modem hung up, then STOPPED. */
void ppp_sm_stop(struct ppp_sm *m);
void ppp_sm_at_reply(struct ppp_sm *m, const struct at_reply *r);
void ppp_sm_urc(struct ppp_sm *m, const char *line);
void ppp_sm_timer(struct ppp_sm *m);
/* pppd reports the network layer up (IPCP or IPV6CP). */
void ppp_sm_pppd_up(struct ppp_sm *m);
/* pppd exited: code is its exit status, or -signal when killed. */
void ppp_sm_pppd_exit(struct ppp_sm *m, int code);
/* The AT port went away (device unplugged or reset). After a link was up
 * (or with persist), the machine waits for the port to return, asking
 * ops->port_reopen every poll_ms, and dials again; otherwise it stops
 * with NO_DEVICE. */
void ppp_sm_port_gone(struct ppp_sm *m);

#endif
