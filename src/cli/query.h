/* Finding the daemon that answers for a modem (cmd_status.c), shared by
 * the query commands and the toolbox's runner (cmd_tool.c). */
#ifndef CELLINK_CLI_QUERY_H
#define CELLINK_CLI_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#define DEFAULT_RUNTIME_DIR "/run/cellink"
#define SHARED_SOCKET "cellink.sock"    /* a daemon without --modem */

bool cli_is_socket(const char *path);
/* The daemons that answer in DIR: "wan, lte2" (NAME.sock), "" if none. */
void cli_known_daemons(const char *dir, char *out, size_t cap);
/* Where the daemon of MODEM answers: DIR/MODEM.sock (cellink@MODEM.service
 * and cellink connect run it there), else DIR/cellink.sock (one daemon for
 * every modem); with no MODEM named and no shared socket, the only socket
 * in DIR. */
void cli_socket_for(const char *dir, const char *modem, char *path, size_t cap);

#endif
