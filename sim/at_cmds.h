/* Internal to the AT port (at.c, at_cmds.c). */
#ifndef CELLINK_SIM_AT_CMDS_H
#define CELLINK_SIM_AT_CMDS_H

#include "common/strbuf.h"
#include "sim/at.h"

enum cmd_mode { M_EXEC, M_READ, M_TEST, M_SET };

/* Handler results besides 0 (OK) and > 0 (+CME ERROR number). */
#define R_ERROR     (-1)        /* plain ERROR */
#define R_CONNECT   (-2)        /* answer CONNECT, the line goes to data mode */
#define R_NOCARRIER (-3)
#define R_UNKNOWN   (-4)        /* no such command: ERROR */

/* Runs one command ("+CSQ", "E", "D"...) with its arguments, appending
 * information lines ("\r\n...\r\n") to out. */
int sim_at_cmd_run(struct sim_at *at, const char *name, enum cmd_mode m, const char *args,
		   struct strbuf *out);

#endif
