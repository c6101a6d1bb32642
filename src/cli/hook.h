/* `cellink connect --hook PROGRAM`: tells another program (OpenWrt's netifd
 * handler, a user's script) about every change of the link, with the
 * settings in the environment (see cellink(8), HOOKS). */
#ifndef CELLINK_CLI_HOOK_H
#define CELLINK_CLI_HOOK_H

#include "conn/conn.h"

struct cli_hook {
	const char *program;    /* NULL: no hook */
	const char *name;       /* --hook-name, passed as CELLINK_NAME */
};

/* Runs the hook with event "up"/"update"/"down" and the link settings.
 * Waits for it at most 10 s (then kills it). Returns its exit status, or
 * -errno when it could not run. */
int cli_hook_link(const struct cli_hook *hk, const char *event, const char *ifname,
		  const struct conn_status *st);
/* Runs the hook with event "error" for a connection-manager exit status. */
int cli_hook_error(const struct cli_hook *hk, const char *ifname, int exit_status);

#endif
