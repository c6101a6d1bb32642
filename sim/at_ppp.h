/* cellink-sim's PPP peer: after the AT port answered CONNECT, the line is
 * handed to a pppd in server mode ("notty": pppd relays between its own
 * pseudo-terminal and the descriptor it gets as stdin/stdout), started
 * inside the emulator's network namespace, so the client's pppd negotiates
 * LCP and IPCP with a real peer. When pppd ends (the client hung up, LCP
 * echoes stopped, or the emulator asked it to), on_end is called and the
 * AT port goes back to command mode. */
#ifndef CELLINK_SIM_AT_PPP_H
#define CELLINK_SIM_AT_PPP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "io/loop.h"

struct sim_ppp_server_cfg {
	const char *pppd;               /* default "pppd" */
	const char *netns;              /* NULL: the emulator's own namespace */
	const char *local4, *peer4;     /* server and client addresses */
	const char *dns1, *dns2;        /* offered with ms-dns */
	bool ipv6;                      /* also IPV6CP */
	const char *extra;              /* more options, blank-separated (may be NULL) */
};

struct sim_ppp_server {
	struct ev_loop *loop;
	pid_t pid;
	struct ev_fd h;                 /* pppd's log (stderr) */
	struct ev_timer t;              /* reaping after EOF */
	int status;                     /* exit status, or -signal */
	char line[256];
	size_t llen;
	void *ctx;
	void (*log)(void *ctx, const char *line);
	void (*on_end)(void *ctx, int status);
};

/* Starts pppd on fd (the pty master in data mode). 0 or -errno. */
int sim_ppp_server_start(struct sim_ppp_server *p, struct ev_loop *l, int fd,
			 const struct sim_ppp_server_cfg *c);
bool sim_ppp_server_running(const struct sim_ppp_server *p);
/* Asks pppd to end (network-side hang-up); on_end follows. */
void sim_ppp_server_hangup(struct sim_ppp_server *p);
/* Kills and reaps pppd now, without on_end (emulator stopping). */
void sim_ppp_server_kill(struct sim_ppp_server *p);

#endif
