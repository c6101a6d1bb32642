/* The operator's toolbox (docs/toolbox.md): operations such as counters,
 * reset, profiles, cells, bands, sms ... run over an open QMI client on the
 * event loop and answer in JSON text. This library knows no sockets, files
 * or terminals: the owner (the daemon, cellink connect, or the one-shot
 * runner cli/cmd_tool.c) lends it a client and prints or forwards what it
 * emits.
 *
 * The operations are listed once, in tool/ops.h; each lives in
 * tool/op_NAME.c and uses the helpers below.
 *
 * Lifetime of a run:
 * - tool_start() parses the op's arguments (synchronously: a usage error
 *   comes back at once, with a sentence) and starts it. Nothing is emitted
 *   from inside tool_start().
 * - emit(ud, json, false) any number of times (streamed updates, each an
 *   object whose first key is "update":true), then
 *   emit(ud, json, true) exactly once. After the final emit the run frees
 *   itself (from the loop); the owner must forget its pointer then.
 * - tool_cancel() before the final emit: nothing more is emitted, every
 *   request is cancelled, client ids the run allocated are released, and
 *   the run is freed at once.
 */
#ifndef CELLINK_TOOL_TOOL_H
#define CELLINK_TOOL_TOOL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "client/mbim_client.h"
#include "client/qmi_client.h"
#include "common/schema.h"
#include "common/strbuf.h"
#include "io/loop.h"
#include "qmi/qmi.h"

#define TOOL_NO_CID 0xff
#define TOOL_ARGS_MAX 64                /* arguments of one operation */
#define TOOL_DEFAULT_TIMEOUT_MS 10000
/* usage errors (bad arguments) from tool_start and the ops' start */
#define TOOL_E_USAGE (-22)              /* -EINVAL */
#define TOOL_E_UNKNOWN (-2)             /* -ENOENT: no such operation */

/* Data counters (bytes and packets), as the ops and the owner pass them. */
struct tool_counts {
	uint64_t rx_bytes, tx_bytes, rx_packets, tx_packets;
};

/* What an owner that keeps the link (the daemon, cellink connect) knows
 * beyond the modem; every member may be NULL, and a one-shot run has none. */
struct tool_host {
	/* The data counters it keeps over the sessions of its life. now: the
	 * modem's count of this session, just read (NULL: none, out of call).
	 * Fills this session's counters (since its start or a reset) and the
	 * total. */
	void (*counters)(void *ud, const struct tool_counts *now, struct tool_counts *session,
			 struct tool_counts *total);
	/* Both start from zero again (now as above). */
	void (*counters_reset)(void *ud, const struct tool_counts *now);
	/* The op took the radio off (on=false): the owner stops its link and
	 * does not bring it up again by itself; or put it back on (true).
	 * Called from the op's callback: the owner acts from its loop later. */
	void (*radio)(void *ud, bool on);
};

struct tool_env {                       /* what the owner lends */
	struct ev_loop *loop;
	struct qmi_client *cl;
	/* client ids the owner already holds per service (TOOL_NO_CID: none);
	 * the tool allocates any other it needs and releases them when it
	 * ends */
	uint8_t cid_dms, cid_nas, cid_wds, cid_uim;
	/* the owner's second WDS client (its IPv6 session), TOOL_NO_CID: none */
	uint8_t cid_wds6;
	/* An MBIM device whose function has no QMI-over-MBIM service: the
	 * ops that MBIM's own services cover (sms, ussd) run over this open
	 * client instead of cl; NULL otherwise. The run watches its
	 * INDICATE_STATUS messages itself (mbim_client_watch) for as long as
	 * it lives, the owner's own handler untouched. */
	struct mbim_client *mbim;
	/* NULL for a one-shot run */
	const struct tool_host *host;
	void *host_ud;
};

/* called with one JSON object per line: final=false for a streamed update
 * (monitor, networks' progress), final=true exactly once at the end
 * ({"ok":false,"error":"..."} on failure, {"ok":true,"schema":N,...} else) */
typedef void (*tool_emit_fn)(void *ud, const char *json, bool final);

struct tool_run;

/* Starts op with its own arguments (argv[0] is its first argument, not
 * its name; the owner keeps argv valid until the run ends). Returns 0 and the run in *out, or TOOL_E_UNKNOWN (no such
 * op), TOOL_E_USAGE (bad arguments) or another negative error, with a
 * sentence in why; then nothing is emitted. */
int tool_start(const struct tool_env *env, const char *op, int argc, char **argv, tool_emit_fn emit,
	       void *ud, struct tool_run **out, char *why, size_t why_len);
/* The client went away, ^C: see above. NULL is ignored. */
void tool_cancel(struct tool_run *r);
/* Whether op with these arguments changes the modem (needs admin rights). */
bool tool_changes(const char *op, int argc, char **argv);
/* Whether op is a toolbox operation. */
bool tool_exists(const char *op);
/* The help line of op (ops.h), NULL when there is no such op. */
const char *tool_help(const char *op);

/* ---- for the operations (op_NAME.c) ---- */

/* The op's start function (ops.h): parses argv (a usage error: return
 * TOOL_E_USAGE with a sentence in why; nothing is emitted) and sends its
 * first requests. It may keep state with tool_state_new. */
typedef int (*tool_start_fn)(struct tool_run *r, int argc, char **argv, char *why, size_t why_len);
typedef bool (*tool_changes_fn)(int argc, char **argv);

/* What the owner lent. */
const struct tool_env *tool_env(const struct tool_run *r);
struct ev_loop *tool_loop(const struct tool_run *r);
/* The op's name ("counters"). */
const char *tool_name(const struct tool_run *r);
/* Whether the run has ended (final emitted or cancelled): callbacks of
 * helpers are not called after that, but an op's own timers must check. */
bool tool_ended(const struct tool_run *r);

/* The op's state: size bytes, zeroed, freed with the run; cleanup (may be
 * NULL) is called first, also on cancel (cancel your timers there). */
void *tool_state_new(struct tool_run *r, size_t size, void (*cleanup)(struct tool_run *r, void *state));
void *tool_state(const struct tool_run *r);

/* A client id for service: the owner's when it holds one, else one
 * allocated now and kept for the run (released when it ends). cb is
 * always called later from the loop, never from inside this call; err 0
 * with the cid, or an error (then the op has usually failed: tool_fail). */
typedef void (*tool_cid_cb)(struct tool_run *r, int err, uint8_t cid);
int tool_with_cid(struct tool_run *r, uint8_t service, tool_cid_cb cb);

/* A request built in the run's message buffer: tool_msg() starts it (for
 * service with that client id), qmi_fset_* fill it (typed QMIF_* handles),
 * tool_send() sends it. A field that could not be set (tool_msg_bad) makes
 * tool_send fail with CL_E_BAD_VALUE. */
struct qmi_msg *tool_msg(struct tool_run *r, uint8_t service, uint8_t cid, uint16_t msg_id);
void tool_msg_bad(struct tool_run *r);
/* cb with the answer (err 0: resp; check it with tool_resp_ok), or
 * CL_E_TIMEOUT, CL_E_GONE, CL_E_CANCELLED with resp NULL. timeout_ms 0:
 * TOOL_DEFAULT_TIMEOUT_MS. Returns 0 or a negative error (cb not called). */
typedef void (*tool_resp_cb)(struct tool_run *r, int err, const struct qmi_msg *resp);
int tool_send(struct tool_run *r, uint32_t timeout_ms, tool_resp_cb cb);
/* true when err is 0 and resp carries success; else emits the final error
 * "WHAT: reason" (QMI error name, or timeout ...) and returns false. */
bool tool_resp_ok(struct tool_run *r, int err, const struct qmi_msg *resp, const char *what);
/* The reason in words, for an op that words its own error. */
const char *tool_err_text(int err, const struct qmi_msg *resp);

/* Indications for the run (removed when it ends). */
typedef void (*tool_ind_cb)(struct tool_run *r, const struct qmi_msg *ind);
int tool_on_indication(struct tool_run *r, uint8_t service, uint16_t msg_id, tool_ind_cb cb);

/* A timer of the run (one per run; set again to move it). Cancelled when
 * the run ends. */
void tool_timer(struct tool_run *r, uint64_t ms, void (*cb)(struct tool_run *r));

/* JSON: tool_json_begin puts {"ok":true,"schema":N and the op adds
 * ,"key":value pairs (keys carry their unit: rx_bytes, rsrp_dbm) and
 * closes with '}' (tool_json_end). */
void tool_json_begin(struct strbuf *sb);
void tool_json_end(struct strbuf *sb);
void tool_json_str(struct strbuf *sb, const char *key, const char *v);
void tool_json_int(struct strbuf *sb, const char *key, int64_t v);
void tool_json_uint(struct strbuf *sb, const char *key, uint64_t v);
void tool_json_bool(struct strbuf *sb, const char *key, bool v);
/* A streamed update (final=false): the object goes out with "update":true
 * first, which tells a reader of the stream that more follows. */
void tool_emit(struct tool_run *r, const struct strbuf *sb);
/* The final answer: the run ends (and frees itself from the loop). */
void tool_done(struct tool_run *r, const struct strbuf *sb);
/* The final error {"ok":false,"error":"..."}; the run ends. */
void tool_fail(struct tool_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- MBIM's own services (env->mbim) ---- */

/* CELLINK_MBIM (CMake option, on by default; host/mbim_part.h): off, no
 * run has an MBIM client, and TOOL_ENV_MBIM is a constant NULL, so the
 * ops' MBIM paths are left out at link time. */
#ifndef CELLINK_MBIM
#define CELLINK_MBIM 1
#endif
#define TOOL_ENV_MBIM(r) (CELLINK_MBIM ? tool_env(r)->mbim : NULL)

/* cb with the COMMAND_DONE (err 0: its status in resp->status), or
 * CL_E_TIMEOUT, CL_E_PROTOCOL (a FUNCTION_ERROR), CL_E_GONE with resp
 * NULL; never after the run ended. body: the CID's set or query struct
 * (NULL for an empty buffer). Returns 0 or a negative error (cb not
 * called). */
typedef void (*tool_mbim_cb)(struct tool_run *r, int err, const struct mbim_msg *resp);
int tool_mbim_send(struct tool_run *r, int service, uint32_t cid, uint32_t command_type, const void *body,
		   uint32_t timeout_ms, tool_mbim_cb cb);
/* true when err is 0 and the status is success; else emits the final
 * error "WHAT: reason" and returns false. */
bool tool_mbim_ok(struct tool_run *r, int err, const struct mbim_msg *resp, const char *what);
/* The INDICATE_STATUS messages of one service and CID for the run (a
 * watcher of env->mbim, removed when the run ends). 0, CL_E_TOO_MANY
 * (the run's table or the client's watchers full) or CL_E_GONE (no
 * client). */
typedef void (*tool_mbim_ind_cb)(struct tool_run *r, const struct mbim_msg *ind);
int tool_mbim_on_indication(struct tool_run *r, int service, uint32_t cid, tool_mbim_ind_cb cb);
/* Whether op (with these arguments) runs over MBIM's own services, for a
 * function without QMI over MBIM. */
bool tool_mbim_capable(const char *op, int argc, char **argv);

/* Pure helpers for argument parsing: whether argv[i] equals one of the
 * words of a NULL-terminated list; an unsigned number in [lo, hi]. */
int tool_parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out);

#endif
