/* The control socket of the programs that run the connection engine
 * (cellink daemon, cellink connect): one request line per connection
 * ("VERB [MODEM]\n"), one JSON answer; a toolbox verb (tool/ops.h) is
 * "VERB MODEM ARG...\n", each ARG percent-encoded, and may stream several
 * lines before its last. This file owns the socket, who may
 * ask what, the limits and the output queue; the owner answers each verb
 * through its request callback. The protocol is described in
 * docs/connection.md, "The control socket". */
#ifndef CELLINK_CLI_CTL_H
#define CELLINK_CLI_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "host/conn_host.h"
#include "host/mbim_part.h"
#include "host/radio_poll.h"
#include "common/schema.h"
#include "common/strbuf.h"
#include "io/loop.h"
#include "ppp/session.h"
#include "tool/monitor_model.h"
#include "tool/ops.h"
#include "tool/tool.h"

#define CTL_RUN_DIR "/run/cellink"
#define CTL_DEFAULT_SOCKET CTL_RUN_DIR "/cellink.sock"
#define CTL_LINE_MAX 256                /* a request line, its newline included */
#define CTL_TOOL_LINE_MAX 4096          /* the same for a toolbox verb and its arguments */
#define CTL_OUT_MAX (64 * 1024)         /* the answer queued for one connection */
#define CTL_IDLE_MS 5000                /* a client that neither asks nor reads is dropped */
/* CELLINK_JSON_SCHEMA: common/schema.h */

/* Every verb, once: name and whether it changes anything. The toolbox's
 * verbs follow, made from tool/ops.h (CTL_TOOL_COUNTERS ...): whether one
 * changes anything depends on its arguments (tool_changes). */
#define CTL_VERBS(X)                                                   \
	X(CTL_STATUS, "status", false)                                 \
	X(CTL_INFO, "info", false)                                     \
	X(CTL_SIGNAL, "signal", false)                                 \
	X(CTL_METRICS, "metrics", false)                               \
	X(CTL_DISCONNECT, "disconnect", true)                          \
	X(CTL_RECONNECT, "reconnect", true)

enum ctl_verb {
#define CTL_VERB_ENUM(sym, name, change) sym,
	CTL_VERBS(CTL_VERB_ENUM)
#undef CTL_VERB_ENUM
#define CTL_TOOL_VERB_ENUM(sym, name, start, changes, help) CTL_##sym,
	TOOL_OPS(CTL_TOOL_VERB_ENUM)
#undef CTL_TOOL_VERB_ENUM
	CTL_N_VERBS
};

struct ctl_conn;
struct ctl_server;

/* Answers one request: calls ctl_reply/ctl_reply_error, and returns true
 * when the answer comes later (then ctl_done once it is complete). */
typedef bool (*ctl_request_fn)(struct ctl_server *s, struct ctl_conn *cc, enum ctl_verb verb,
			       const char *modem);

struct ctl_server {
	struct ev_loop *loop;
	struct ev_fd listener;
	struct ev_timer resume;         /* listener paused after EMFILE: look again */
	struct ctl_conn *conns;
	char path[108];                 /* a copy: sun_path's size */
	int lock_fd;
	ino_t ino;                      /* of the socket we bound: unlinked only if still ours */
	bool paused;
	bool have_read_gid, have_admin_gid;
	gid_t read_gid, admin_gid;
	char read_group[64], admin_group[64];
	ctl_request_fn request;
	void *user;
};

/* Takes the lock beside path (path.lock), refuses when another process
 * answers on path (naming its PID) or when path is not a socket, then
 * listens. read_group / admin_group: group names (NULL: root only). On
 * failure returns -errno and a sentence in why. */
int ctl_server_open(struct ctl_server *s, struct ev_loop *loop, const char *path, const char *read_group,
		    const char *admin_group, ctl_request_fn request, void *user, char *why, size_t why_len);
/* cellink connect's socket for its one link: path when given (a failure is
 * an error, -1), else as root CTL_RUN_DIR/NAME.sock (a failure is only
 * said: a daemon may hold it). Returns 0 otherwise, with the socket served
 * in opened ("" when none). */
int ctl_server_open_link(struct ctl_server *s, struct ev_loop *loop, const char *path, const char *name,
			 ctl_request_fn request, void *user, char *opened, size_t opened_len);
/* Closes every connection and the listener; removes the socket if it is
 * still the one we made. Safe on a server that was never opened. */
void ctl_server_close(struct ctl_server *s);
/* Cancels every toolbox op still running (and closes its connection):
 * before the QMI client they run over goes away. */
void ctl_server_cancel_tools(struct ctl_server *s);
/* Only the runs over h's clients (all when h is NULL), answered with why. */
void ctl_server_cancel_tools_on(struct ctl_server *s, const struct conn_host *h, const char *why);

struct ctl_server *ctl_conn_server(const struct ctl_conn *cc);
/* Queues text and a newline (an answer that would pass CTL_OUT_MAX is
 * replaced by an error). */
void ctl_reply(struct ctl_conn *cc, const char *text);
void ctl_reply_error(struct ctl_conn *cc, const char *why);
/* The late answer is complete: send it and close. */
void ctl_done(struct ctl_conn *cc);

/* A toolbox verb's arguments (decoded; argv[argc] is NULL). */
int ctl_conn_args(const struct ctl_conn *cc, char ***argv);
/* Queues one streamed line now (a toolbox op's update); the answer goes
 * on. A client that does not read is dropped (and its op cancelled) once
 * CTL_OUT_MAX is queued. */
void ctl_stream(struct ctl_conn *cc, const char *text);

/* Shared answers for a QMI link (daemon and connect). */
void ctl_host_info(struct ctl_conn *cc, const struct conn_host *h, const char *name);
/* Asks the modem; returns true when the answer comes later (ctl_done). */
bool ctl_host_signal(struct ctl_conn *cc, struct conn_host *h);
/* Runs a toolbox verb over the link's QMI client and its client ids
 * (tool_start), streaming what it emits; the op is cancelled when the
 * client closes. Returns true when the answer comes later. */
bool ctl_host_tool(struct ctl_conn *cc, struct conn_host *h, enum ctl_verb verb);
/* What a PPP link answers to a toolbox verb. */
void ctl_ppp_tool(struct ctl_conn *cc, enum ctl_verb verb);

/* Shared answers for a PPP link (daemon and connect --mode ppp). What the
 * owner knows of the link beside its session. */
struct ctl_ppp_link {
	const struct ppp_session *s;
	enum ppp_state state;           /* as the owner sees it (stopped, waiting for the port...) */
	const char *port, *qmi_device, *apn;
	uint64_t up_since;              /* ev_now_ms() when the link came up, 0 while down */
	unsigned links_up;
	const char *why;                /* last error, "" when none */
};
/* The "status" object of one PPP modem: the same keys as
 * conn_host_status_json, plus "mode":"ppp" and "port". */
void ctl_ppp_status_json(struct strbuf *sb, const struct ctl_ppp_link *l);
void ctl_ppp_info(struct ctl_conn *cc, const char *name, const char *port);
/* The AT port carries the data: there is no signal query to make. */
void ctl_ppp_signal(struct ctl_conn *cc);

/* Prometheus text exposition of the links (cellink metrics, the daemon's
 * --metrics-file): one row per modem, families grouped as the format asks. */
struct ctl_metrics_row {
	const char *name, *mode, *state, *sim, *registration, *operator_name, *last_error;
	bool connected;
	uint64_t uptime_s, rx_packets, tx_packets, rx_bytes, tx_bytes;
	unsigned links_up, reconnects, probes, probes_lost;
	bool have_packets;
	const struct radio_reading *radio;  /* NULL: none read */
};
void ctl_metrics_text(struct strbuf *sb, const struct ctl_metrics_row *rows, size_t n);
void ctl_metrics_row_qmi(struct ctl_metrics_row *r, const char *name, const struct conn_host *h);
void ctl_metrics_row_ppp(struct ctl_metrics_row *r, const char *name, const struct ctl_ppp_link *l);
/* Answers "metrics": {"ok":true,"schema":N,"text":"..."} */
void ctl_reply_metrics(struct ctl_conn *cc, const struct ctl_metrics_row *rows, size_t n);
/* Writes the text to path atomically (path.tmp, then rename). 0 or -errno. */
int ctl_metrics_write_file(const char *path, const struct ctl_metrics_row *rows, size_t n);

/* The verb's name ("status"), for messages. */
const char *ctl_verb_name(enum ctl_verb v);
/* Whether the verb changes the link (then it needs the admin group); for
 * a toolbox verb, with no arguments. */
bool ctl_verb_changes(enum ctl_verb v);
/* The same, for a request with its arguments (tool_changes). */
bool ctl_request_changes(enum ctl_verb v, int argc, char **argv);
/* Whether v is a toolbox verb (tool/ops.h). */
bool ctl_verb_is_tool(enum ctl_verb v);

/* Parses one request line (without its newline): the verb and the modem
 * name ("" when none; a toolbox verb's "-" is given as ""). Returns 0, or
 * -1 with a sentence in why. Exposed for the fuzz target. */
int ctl_parse_request(char *line, size_t len, enum ctl_verb *verb, const char **modem, char *why,
		      size_t why_len);
/* The same with a toolbox verb's arguments, percent-decoded in place: at
 * most max of them in argv (NULL-terminated, so argv has max + 1 room). A
 * verb that takes none refuses them. */
int ctl_parse_request_args(char *line, size_t len, enum ctl_verb *verb, const char **modem, int *argc,
			   char **argv, int max, char *why, size_t why_len);
/* Appends arg percent-encoded (bytes outside [A-Za-z0-9._~:,+=/@-] as %XX;
 * the empty argument as a lone "%"). */
void ctl_encode_arg(struct strbuf *sb, const char *arg);

#endif
