/* Running pppd, the PPP engine, on a modem line that answered CONNECT.
 *
 * pppd's argv is only "pppd file <options>": every option, the user name
 * and the password live in an options file (mode 0600) inside a private
 * runtime directory (mode 0700) that exists for one run and is removed
 * when pppd ends. pppd reads the password from there with its "password"
 * option, for PAP and CHAP alike; nothing secret reaches argv, the
 * environment (pppd gets PATH only) or cellink's output.
 *
 * pppd runs in the foreground (nodetach) in its own session; its log lines
 * (stdout and stderr) come back through a pipe and are parsed for the
 * interface name, the addresses and the moment the network layer is up.
 * Its exit status comes back through on_exit. */
#ifndef CELLINK_PPP_PPPD_H
#define CELLINK_PPP_PPPD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "io/loop.h"
#include "ppp/ppp.h"

struct pppd_conf {
	const char *pppd;               /* program; default "pppd", found in PATH */
	const char *tty;                /* the modem port */
	unsigned baud;                  /* 0: none given */
	bool local;                     /* no modem control lines (ptys): "local", else "modem" */
	const char *user;               /* NULL: none */
	const char *password;           /* NULL: none */
	bool usepeerdns;
	bool defaultroute;
	int metric;                     /* defaultroute-metric; < 0: pppd's default (a route
					 * only when the host has no default route at all) */
	enum ppp_ip ip;
	unsigned lcp_echo_interval;     /* seconds; 0 turns the keepalive off */
	unsigned lcp_echo_failure;
	const char *ipparam;            /* handed to ip-up/ip-down scripts */
	int unit;                       /* pppN; < 0 lets pppd choose */
	const char *runtime_dir;        /* parent of the private directory (default /run/cellink) */
	const char *extra_file;         /* more options: passed as a second "file" (may be NULL) */
	bool debug;
};

/* What pppd told about the link. */
struct pppd_info {
	char ifname[16];
	char local4[16], remote4[16];
	char dns1[16], dns2[16];
	char local6[48], remote6[48];
};

enum pppd_line {
	PPPD_L_OTHER,
	PPPD_L_IFNAME,          /* "Using interface ppp0" */
	PPPD_L_CONNECT,         /* "Connect: ppp0 <--> /dev/ttyUSB2" */
	PPPD_L_LOCAL4, PPPD_L_REMOTE4, PPPD_L_DNS1, PPPD_L_DNS2,
	PPPD_L_LOCAL6, PPPD_L_REMOTE6,
	PPPD_L_NO_KERNEL,       /* "This system lacks kernel support for PPP" and the like */
};
/* Classifies one line of pppd's log and stores what it carries in info. */
enum pppd_line pppd_parse_line(const char *line, struct pppd_info *info);

/* Writes the options file for c into dir (which must exist, private).
 * Returns 0 and the file's path in path, or -errno with why filled. */
int pppd_write_options(const struct pppd_conf *c, const char *dir, char *path, size_t cap,
		       char *why, size_t wcap);

struct pppd {
	struct ev_loop *loop;
	pid_t pid;
	struct ev_fd out;               /* pppd's stdout+stderr */
	struct ev_timer t;              /* SIGKILL after SIGTERM; reaping */
	bool eof, exited, up, term_sent;
	int status;                     /* exit code, or -signal */
	char dir[256];
	char opts[300];
	char line[512];
	size_t llen;
	struct pppd_info info;
	void *user;
	void (*on_line)(struct pppd *p, const char *line);
	void (*on_up)(struct pppd *p);
	void (*on_exit)(struct pppd *p, int status);
};

/* Creates the private directory, writes the options, starts pppd. 0, or
 * negative with why filled (pppd not found, directory not writable...). */
int pppd_start(struct pppd *p, struct ev_loop *l, const struct pppd_conf *c, char *why, size_t cap);
/* SIGTERM now, SIGKILL if pppd is still there after 5 s. */
void pppd_stop(struct pppd *p);
bool pppd_running(const struct pppd *p);
/* Removes the private directory and forgets the process (after on_exit,
 * or to abandon it: then it is killed and reaped). */
void pppd_cleanup(struct pppd *p);

#endif
