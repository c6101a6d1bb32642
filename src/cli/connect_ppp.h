/* cellink connect's link modes: --mode qmi (default), ppp, auto. The PPP
 * side and the automatic fallback live in cmd_connect_ppp.c; cmd_connect.c
 * only dispatches. */
#ifndef CELLINK_CLI_CONNECT_PPP_H
#define CELLINK_CLI_CONNECT_PPP_H

#include <stdbool.h>

enum connect_mode { CONNECT_MODE_QMI, CONNECT_MODE_PPP, CONNECT_MODE_AUTO };

struct connect_mode_args {
	enum connect_mode mode;
	bool run_qmi;           /* try QMI first (qmi; auto with --device) */
	const char *device;     /* --device, when given */
};

/* Reads --mode and --port (and notes --device). 0, or -1 after printing
 * why (bad --mode, --port with --mode qmi). Each mode's parser then reads
 * every word; with --mode auto both accept the whole of connect's options. */
int connect_mode_parse(int argc, char **argv, struct connect_mode_args *m);
/* After QMI ended with qmi_status (or was not tried): should PPP run? In
 * auto mode, yes when QMI cannot carry data here (no QMI device, or a
 * raw-ip-only modem on a kernel without the raw_ip switch); says so. */
bool connect_ppp_wanted(const struct connect_mode_args *m, int qmi_status);
/* cellink connect --mode ppp|auto with the original arguments. */
int cmd_connect_ppp(int argc, char **argv);

#endif
