/* `cellink connect --hook PROGRAM`: tells another program (OpenWrt's netifd
 * handler, a user's script) about every change of the link, with the
 * settings in the environment (see cellink(8), HOOKS). */
#ifndef CELLINK_CLI_HOOK_H
#define CELLINK_CLI_HOOK_H

#include <stdbool.h>
#include <sys/types.h>

#include "conn/conn.h"
#include "io/loop.h"

#define CLI_HOOK_LIMIT_MS 10000         /* a hook still running then is killed */

struct hook_job;

struct cli_hook {
	const char *program;    /* NULL: no hook */
	const char *name;       /* --hook-name, passed as CELLINK_NAME */
	/* Attached to a loop (cli_hook_attach), hooks run in the background,
	 * one at a time in the order of the events, each reaped through a
	 * pidfd and killed after CLI_HOOK_LIMIT_MS; without a loop each call
	 * waits for its hook. */
	struct ev_loop *loop;
	void (*done)(struct cli_hook *hk, const char *event, int result);
	struct hook_job *queue, *tail;  /* queue: the running one first */
	pid_t pid;                      /* running child, 0 when none */
	struct ev_fd pidfd;
	struct ev_timer limit;          /* the time bound of the running hook */
	struct ev_timer poll;           /* kernels without pidfd: look every 20 ms */
	bool killed;
};

/* Runs hooks in the background of loop; done (may be NULL) gets each
 * result: the exit status, or -errno (-ETIMEDOUT when killed). */
void cli_hook_attach(struct cli_hook *hk, struct ev_loop *loop,
		     void (*done)(struct cli_hook *hk, const char *event, int result));
/* Waits for the running hook and runs the queued ones, each within its
 * bound (at exit: an "error" hook is never lost), then detaches. */
void cli_hook_finish(struct cli_hook *hk);

/* Runs the hook with event "up"/"update"/"down" and the link settings.
 * Attached: queues it and returns 0. Else waits for it at most
 * CLI_HOOK_LIMIT_MS (then kills it) and returns its exit status, or -errno
 * when it could not run. */
int cli_hook_link(struct cli_hook *hk, const char *event, const char *ifname, const struct conn_status *st);
/* What the hook gets for an arriving SMS (event "sms"). */
struct cli_hook_sms {
	const char *from;       /* sender: a number or an alphanumeric name */
	const char *text;       /* UTF-8; the parts of a concatenated one joined */
	const char *time;       /* the service centre's time stamp, ISO 8601, or NULL */
	unsigned parts;         /* 1, or the parts joined */
	bool complete;          /* false: some parts never came */
	const char *storage;    /* "uim" or "nv" */
	const char *indexes;    /* memory indexes of its parts, space-separated */
};
/* Runs the hook with event "sms": CELLINK_SMS_FROM, _TEXT, _TIME, _PARTS,
 * _COMPLETE, _STORAGE and _INDEXES (no secret: the text is the message's
 * own). Queued when attached, as cli_hook_link. */
int cli_hook_sms(struct cli_hook *hk, const char *ifname, const struct cli_hook_sms *sms);
/* Runs the hook with event "error" for a connection-manager exit status. */
int cli_hook_error(struct cli_hook *hk, const char *ifname, int exit_status);

#endif
