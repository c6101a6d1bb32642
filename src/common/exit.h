/* Exit statuses of cellink connect and of a daemon's session, whether over
 * QMI (src/conn) or PPP (src/ppp), declared once: the number a script
 * tests, and the sentence a person reads. (The CONN_ prefix is historical:
 * the QMI connection manager had them first.) */
#ifndef CELLINK_COMMON_EXIT_H
#define CELLINK_COMMON_EXIT_H

#include <stdbool.h>

#define CONN_EXITS(X)                                                                          \
	X(OK, 0, "stopped cleanly")                                                            \
	X(USAGE, 2, "bad command line or configuration")                                       \
	X(NO_DEVICE, 10, "no QMI control device (modem absent, or not yet bound to qmi_wwan)") \
	X(DEVICE_BUSY, 11, "the control device is held by another program")                    \
	X(SIM_LOCKED, 12, "the SIM is locked, blocked or absent")                              \
	X(NO_REGISTRATION, 13, "the modem did not register on a network in time")              \
	X(CALL_REJECTED, 14, "the network rejected the data call")                             \
	X(NO_RAW_IP, 15, "the modem speaks only raw-ip and the kernel has no raw_ip switch")   \
	X(MODEM_ERROR, 16, "the modem did not answer, or answered with an error")              \
	X(CONFIG_FAILED, 17, "the network interface could not be configured")                  \
	X(LINK_LOST, 18, "the link was lost and reconnecting was not allowed")                 \
	X(ROAMING, 19, "the modem is registered on a roaming network and roaming is not allowed")

enum conn_exit {
#define CONN_EXIT_ENUM(sym, num, text) CONN_EXIT_##sym = num,
	CONN_EXITS(CONN_EXIT_ENUM)
#undef CONN_EXIT_ENUM
};

/* The sentence for an exit status ("unknown exit status" if none). */
const char *conn_exit_text(int status);
/* Its symbolic name ("SIM_LOCKED"). */
const char *conn_exit_name(int status);

/* Mode auto's fallback rule, written once: true when QMI's exit status says
 * QMI cannot carry data on this modem (no QMI device, or raw-ip the kernel
 * cannot switch to), so PPP on the AT port takes over. Any other status
 * (a locked SIM, a rejected call, a lost link) is not fixed by PPP. Used by
 * 'connect --mode auto' and the daemon's mode 'auto'. */
bool conn_exit_wants_ppp(int qmi_status);

#endif
