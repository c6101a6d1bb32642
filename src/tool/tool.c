/* The toolbox's runs and helpers (tool.h). */
#include "tool/tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/util.h"
#include "qmi/errors.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/ops.h"

#define TOOL_MAX_REQS 16
#define TOOL_MAX_CIDS 4
#define TOOL_MAX_DEFER 8

static const struct tool_op {
	const char *name;
	tool_start_fn start;
	tool_changes_fn changes;
	const char *help;
} ops[] = {
#define TOOL_OP_ROW(sym, name, start, changes, help) { name, TOOL_OP_FN(start), TOOL_OP_FN(changes), help },
	TOOL_OPS(TOOL_OP_ROW)
#undef TOOL_OP_ROW
};

static const struct tool_op *find_op(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	return NULL;
}

/* An allocation in flight outlives a cancelled run: when it is answered
 * the cid goes straight back. */
struct tool_alloc {
	struct tool_run *r;             /* NULL once the run is gone */
	uint8_t service;
	int req_id;
};

struct tool_req {
	struct tool_run *r;
	int id;                         /* 0: free */
	tool_resp_cb cb;
};

/* An MBIM request in flight outlives a cancelled run (the client has no
 * per-request cancel): its callback then only frees it. */
struct tool_mreq {
	struct tool_run *r;             /* NULL once the run is gone */
	tool_mbim_cb cb;
};

struct tool_defer {
	tool_cid_cb cb;
	uint8_t cid;
	int err;
};

struct tool_run {
	struct tool_env env;
	const struct tool_op *op;
	tool_emit_fn emit;
	void *ud;
	bool ended;
	char *final;                    /* emitted by reap */
	struct ev_timer reap;           /* frees the run after its final emit */
	struct ev_timer kick;           /* runs deferred cid callbacks */
	struct ev_timer timer;          /* tool_timer */
	void (*timer_cb)(struct tool_run *r);
	struct tool_req reqs[TOOL_MAX_REQS];
	struct {
		uint8_t service, cid;
	} cids[TOOL_MAX_CIDS];          /* allocated by this run */
	unsigned n_cids;
	struct tool_alloc *allocs[TOOL_MAX_CIDS];
	struct {
		uint8_t service;
		tool_cid_cb cb;
	} waiting[TOOL_MAX_DEFER];      /* callbacks waiting for an allocation */
	unsigned n_waiting;
	struct tool_defer defer[TOOL_MAX_DEFER];
	unsigned n_defer;
	bool handlers;
	struct {
		uint8_t service;
		uint16_t msg_id;
		tool_ind_cb cb;
	} inds[8];
	unsigned n_inds;
	void *state;
	void (*cleanup)(struct tool_run *r, void *state);
	struct qmi_msg msg;
	bool msg_bad;
	struct tool_mreq *mreqs[TOOL_MAX_REQS];
	struct {
		int service;
		uint32_t cid;
		tool_mbim_ind_cb cb;
	} minds[4];
	unsigned n_minds;
	bool mwatch;                    /* a watcher of env.mbim's indications */
	uint8_t mbuf[MBIM_MAX_MSG];
};

/* ---- the table ---- */

bool tool_exists(const char *op)
{
	return find_op(op) != NULL;
}

const char *tool_help(const char *op)
{
	const struct tool_op *o = find_op(op);
	return o ? o->help : NULL;
}

bool tool_reads(int argc, char **argv)
{
	(void)argc, (void)argv;
	return false;
}

bool tool_writes(int argc, char **argv)
{
	(void)argc, (void)argv;
	return true;
}

bool tool_changes(const char *op, int argc, char **argv)
{
	const struct tool_op *o = find_op(op);
	if (!o)
		return true;    /* unknown: the stricter answer */
	return o->changes ? o->changes(argc, argv) : true;   /* none: left out of this build */
}

/* ---- accessors ---- */

const struct tool_env *tool_env(const struct tool_run *r) { return &r->env; }
struct ev_loop *tool_loop(const struct tool_run *r) { return r->env.loop; }
const char *tool_name(const struct tool_run *r) { return r->op->name; }
bool tool_ended(const struct tool_run *r) { return r->ended; }
void *tool_state(const struct tool_run *r) { return r->state; }

void *tool_state_new(struct tool_run *r, size_t size, void (*cleanup)(struct tool_run *r, void *state))
{
	free(r->state);
	r->state = calloc(1, size ? size : 1);
	r->cleanup = cleanup;
	return r->state;
}

/* ---- ending ---- */

static void orphan_released(struct qmi_client *c, void *ud, int err)
{
	(void)c, (void)ud, (void)err;
}

/* Stops everything the run has in flight; nothing is emitted after. */
static void stop_all(struct tool_run *r)
{
	if (r->ended)
		return;
	r->ended = true;
	if (r->cleanup)
		r->cleanup(r, r->state);
	r->cleanup = NULL;
	ev_timer_cancel(r->env.loop, &r->kick);
	ev_timer_cancel(r->env.loop, &r->timer);
	if (r->handlers && r->env.cl)
		qmi_client_remove_handlers(r->env.cl, r);
	for (unsigned i = 0; i < TOOL_MAX_REQS; i++) {
		int id = r->reqs[i].id;
		r->reqs[i].id = 0;
		if (id > 0)
			qmi_client_cancel(r->env.cl, id);       /* its callback sees r->ended */
	}
	for (unsigned i = 0; i < TOOL_MAX_REQS; i++)
		if (r->mreqs[i]) {
			r->mreqs[i]->r = NULL;                  /* freed when answered */
			r->mreqs[i] = NULL;
		}
	r->n_minds = 0;
	if (r->mwatch && r->env.mbim)
		mbim_client_unwatch(r->env.mbim, r);
	r->mwatch = false;
	for (unsigned i = 0; i < TOOL_MAX_CIDS; i++)
		if (r->allocs[i]) {
			r->allocs[i]->r = NULL;                 /* released when answered */
			r->allocs[i] = NULL;
		}
	struct qmi_req_opts o = { .timeout_ms = 3000 };
	for (unsigned i = 0; i < r->n_cids; i++)
		if (r->env.cl && r->env.cl->open)
			qmi_client_release_cid(r->env.cl, r->cids[i].service, r->cids[i].cid, &o, orphan_released,
					       NULL);
	r->n_cids = 0;
}

static void free_run(struct tool_run *r)
{
	ev_timer_cancel(r->env.loop, &r->reap);
	free(r->final);
	free(r->state);
	free(r);
}

/* The final answer goes out from the loop, never from inside the op (nor
 * from inside tool_start); then the run is freed. */
static void on_reap(struct ev_timer *t)
{
	struct tool_run *r = container_of(t, struct tool_run, reap);
	const char *json = r->final ? r->final : "{\"ok\":false,\"error\":\"out of memory\"}";
	r->emit(r->ud, json, true);
	free_run(r);
}

static void finish(struct tool_run *r, const char *json)
{
	if (r->ended)
		return;
	stop_all(r);
	r->final = strdup(json);
	ev_timer_set(r->env.loop, &r->reap, 0);
}

void tool_cancel(struct tool_run *r)
{
	if (!r)
		return;
	stop_all(r);
	free_run(r);
}

/* ---- JSON ---- */

void tool_json_begin(struct strbuf *sb)
{
	sb_printf(sb, "{\"ok\":true,\"schema\":%d", CELLINK_JSON_SCHEMA);
}

void tool_json_end(struct strbuf *sb)
{
	sb_putc(sb, '}');
}

void tool_json_str(struct strbuf *sb, const char *key, const char *v)
{
	sb_printf(sb, ",\"%s\":", key);
	sb_put_json_str(sb, v ? v : "", v ? strlen(v) : 0);
}

void tool_json_int(struct strbuf *sb, const char *key, int64_t v)
{
	sb_printf(sb, ",\"%s\":%lld", key, (long long)v);
}

void tool_json_uint(struct strbuf *sb, const char *key, uint64_t v)
{
	sb_printf(sb, ",\"%s\":%llu", key, (unsigned long long)v);
}

void tool_json_bool(struct strbuf *sb, const char *key, bool v)
{
	sb_printf(sb, ",\"%s\":%s", key, v ? "true" : "false");
}

void tool_emit(struct tool_run *r, const struct strbuf *sb)
{
	if (r->ended)
		return;
	/* an update says so: a reader of the stream tells it from the last
	 * line without waiting for the end */
	const char *s = sb_str(sb);
	if (s[0] != '{') {
		r->emit(r->ud, s, false);
		return;
	}
	struct strbuf u;
	sb_init(&u);
	sb_puts(&u, "{\"update\":true");
	if (s[1] && s[1] != '}')
		sb_putc(&u, ',');
	sb_puts(&u, s + 1);
	r->emit(r->ud, sb_str(&u), false);
	sb_free(&u);
}

void tool_done(struct tool_run *r, const struct strbuf *sb)
{
	finish(r, sb_str(sb));
}

void tool_fail(struct tool_run *r, const char *fmt, ...)
{
	if (r->ended)
		return;
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"ok\":false,\"error\":");
	sb_put_json_str(&sb, why, strlen(why));
	sb_putc(&sb, '}');
	finish(r, sb_str(&sb));
	sb_free(&sb);
}

/* ---- requests ---- */

struct qmi_msg *tool_msg(struct tool_run *r, uint8_t service, uint8_t cid, uint16_t msg_id)
{
	qmi_msg_init(&r->msg, service, cid, QMI_REQUEST, 0, msg_id);
	r->msg_bad = false;
	return &r->msg;
}

void tool_msg_bad(struct tool_run *r)
{
	r->msg_bad = true;
}

static void on_resp(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	(void)c;
	struct tool_req *q = ud;
	/* q lives in its run; a cancelled run saw its ids cleared first */
	if (!q->id)
		return;
	q->id = 0;
	q->cb(q->r, err, resp);
}

int tool_send(struct tool_run *r, uint32_t timeout_ms, tool_resp_cb cb)
{
	if (r->ended)
		return CL_E_CANCELLED;
	if (r->msg_bad)
		return CL_E_BAD_VALUE;
	if (!r->env.cl || !r->env.cl->open)
		return CL_E_GONE;
	struct tool_req *q = NULL;
	for (unsigned i = 0; i < TOOL_MAX_REQS && !q; i++)
		if (!r->reqs[i].id)
			q = &r->reqs[i];
	if (!q)
		return CL_E_TOO_MANY;
	/* a guest: a daemon whose link drops meanwhile waits for the answer
	 * before it closes its client */
	struct qmi_req_opts o = { .timeout_ms = timeout_ms ? timeout_ms : TOOL_DEFAULT_TIMEOUT_MS, .guest = true };
	q->r = r;
	q->cb = cb;
	q->id = -1;     /* taken */
	int id = qmi_client_request(r->env.cl, &r->msg, &o, on_resp, q);
	if (id < 0) {
		q->id = 0;
		return id;
	}
	q->id = id;
	return 0;
}

const char *tool_err_text(int err, const struct qmi_msg *resp)
{
	if (!err && resp)
		err = qmi_resp_result(resp);
	if (err == CL_E_QMI && resp) {
		const char *n = qmi_error_name(resp->error);
		return n ? n : "QMI error";
	}
	return cl_strerror(err);
}

bool tool_resp_ok(struct tool_run *r, int err, const struct qmi_msg *resp, const char *what)
{
	if (!err && resp)
		err = qmi_resp_result(resp);
	if (!err)
		return true;
	tool_fail(r, "%s: %s", what, tool_err_text(err, resp));
	return false;
}

/* ---- client ids ---- */

static void on_kick(struct ev_timer *t)
{
	struct tool_run *r = container_of(t, struct tool_run, kick);
	while (r->n_defer && !r->ended) {
		struct tool_defer d = r->defer[0];
		memmove(r->defer, r->defer + 1, (--r->n_defer) * sizeof(r->defer[0]));
		d.cb(r, d.err, d.cid);
	}
}

static int defer_cid(struct tool_run *r, tool_cid_cb cb, int err, uint8_t cid)
{
	if (r->n_defer == TOOL_MAX_DEFER)
		return CL_E_TOO_MANY;
	r->defer[r->n_defer++] = (struct tool_defer){ cb, cid, err };
	ev_timer_set(r->env.loop, &r->kick, 0);
	return 0;
}

static uint8_t owner_cid(const struct tool_run *r, uint8_t service)
{
	switch (service) {
	case QMI_SVC_DMS: return r->env.cid_dms;
	case QMI_SVC_NAS: return r->env.cid_nas;
	case QMI_SVC_WDS: return r->env.cid_wds;
	case QMI_SVC_UIM: return r->env.cid_uim;
	default: return TOOL_NO_CID;
	}
}

static void on_alloc(struct qmi_client *c, void *ud, int err, uint8_t cid, uint16_t qmi_error)
{
	(void)qmi_error;
	struct tool_alloc *a = ud;
	struct tool_run *r = a->r;
	uint8_t service = a->service;
	if (r)
		for (unsigned i = 0; i < TOOL_MAX_CIDS; i++)
			if (r->allocs[i] == a)
				r->allocs[i] = NULL;
	free(a);
	if (!r) {
		if (!err && c->open) {
			struct qmi_req_opts o = { .timeout_ms = 3000 };
			qmi_client_release_cid(c, service, cid, &o, orphan_released, NULL);
		}
		return;
	}
	if (!err) {
		if (r->n_cids < TOOL_MAX_CIDS)
		{
			r->cids[r->n_cids].service = service;
			r->cids[r->n_cids++].cid = cid;
		}
	}
	/* every op waiting for this service hears now */
	unsigned j = 0;
	tool_cid_cb cbs[TOOL_MAX_DEFER];
	unsigned n = 0;
	for (unsigned i = 0; i < r->n_waiting; i++) {
		if (r->waiting[i].service == service)
			cbs[n++] = r->waiting[i].cb;
		else
			r->waiting[j++] = r->waiting[i];
	}
	r->n_waiting = j;
	for (unsigned i = 0; i < n && !r->ended; i++)
		cbs[i](r, err, cid);
}

int tool_with_cid(struct tool_run *r, uint8_t service, tool_cid_cb cb)
{
	if (r->ended)
		return CL_E_CANCELLED;
	uint8_t cid = owner_cid(r, service);
	for (unsigned i = 0; i < r->n_cids && cid == TOOL_NO_CID; i++)
		if (r->cids[i].service == service)
			cid = r->cids[i].cid;
	if (cid != TOOL_NO_CID)
		return defer_cid(r, cb, 0, cid);
	if (r->n_waiting == TOOL_MAX_DEFER)
		return CL_E_TOO_MANY;
	bool asked = false;
	for (unsigned i = 0; i < r->n_waiting; i++)
		if (r->waiting[i].service == service)
			asked = true;
	r->waiting[r->n_waiting].service = service;
	r->waiting[r->n_waiting].cb = cb;
	r->n_waiting++;
	if (asked)
		return 0;
	if (!r->env.cl || !r->env.cl->open) {
		r->n_waiting--;
		return CL_E_GONE;
	}
	unsigned slot = TOOL_MAX_CIDS;
	for (unsigned i = 0; i < TOOL_MAX_CIDS && slot == TOOL_MAX_CIDS; i++)
		if (!r->allocs[i])
			slot = i;
	struct tool_alloc *a = slot < TOOL_MAX_CIDS ? calloc(1, sizeof(*a)) : NULL;
	if (!a) {
		r->n_waiting--;
		return slot < TOOL_MAX_CIDS ? -ENOMEM : CL_E_TOO_MANY;
	}
	a->r = r;
	a->service = service;
	struct qmi_req_opts o = { .timeout_ms = 5000, .retries = 1 };
	int id = qmi_client_alloc_cid(r->env.cl, service, &o, on_alloc, a);
	if (id < 0) {
		free(a);
		r->n_waiting--;
		return id;
	}
	a->req_id = id;
	r->allocs[slot] = a;
	return 0;
}

/* ---- indications and the timer ---- */

static void on_ind(struct qmi_client *c, void *ud, const struct qmi_msg *ind)
{
	(void)c;
	struct tool_run *r = ud;
	if (r->ended)
		return;
	for (unsigned i = 0; i < r->n_inds && !r->ended; i++)
		if (r->inds[i].service == ind->service && r->inds[i].msg_id == ind->id)
			r->inds[i].cb(r, ind);
}

int tool_on_indication(struct tool_run *r, uint8_t service, uint16_t msg_id, tool_ind_cb cb)
{
	if (r->n_inds == ARRAY_SIZE(r->inds))
		return CL_E_TOO_MANY;
	int e = qmi_client_on_indication(r->env.cl, service, msg_id, on_ind, r);
	if (e < 0)
		return e;
	r->handlers = true;
	r->inds[r->n_inds].service = service;
	r->inds[r->n_inds].msg_id = msg_id;
	r->inds[r->n_inds].cb = cb;
	r->n_inds++;
	return 0;
}

static void on_timer(struct ev_timer *t)
{
	struct tool_run *r = container_of(t, struct tool_run, timer);
	if (!r->ended && r->timer_cb)
		r->timer_cb(r);
}

void tool_timer(struct tool_run *r, uint64_t ms, void (*cb)(struct tool_run *r))
{
	if (r->ended)
		return;
	r->timer_cb = cb;
	ev_timer_set(r->env.loop, &r->timer, ms);
}

/* ---- MBIM's own services ---- */

static void on_mbim_resp(struct mbim_client *c, void *ud, int err, const struct mbim_msg *resp)
{
	(void)c;
	struct tool_mreq *q = ud;
	struct tool_run *r = q->r;
	tool_mbim_cb cb = q->cb;
	if (r)
		for (unsigned i = 0; i < TOOL_MAX_REQS; i++)
			if (r->mreqs[i] == q)
				r->mreqs[i] = NULL;
	free(q);
	if (r && !r->ended)
		cb(r, err, resp);
}

int tool_mbim_send(struct tool_run *r, int service, uint32_t cid, uint32_t command_type, const void *body,
		   uint32_t timeout_ms, tool_mbim_cb cb)
{
	struct mbim_client *c = r->env.mbim;
	if (r->ended)
		return CL_E_CANCELLED;
	if (!c)
		return CL_E_GONE;
	unsigned slot = 0;
	while (slot < TOOL_MAX_REQS && r->mreqs[slot])
		slot++;
	if (slot == TOOL_MAX_REQS)
		return CL_E_TOO_MANY;
	int n = mbim_encode_command(r->mbuf, sizeof(r->mbuf), mbim_client_txn(c), (enum mbim_service)service, cid,
				    command_type, body);
	if (n < 0)
		return n;
	struct tool_mreq *q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	*q = (struct tool_mreq){ r, cb };
	int e = mbim_client_send(c, r->mbuf, (size_t)n, timeout_ms ? timeout_ms : TOOL_DEFAULT_TIMEOUT_MS,
				 on_mbim_resp, q);
	if (e < 0) {
		free(q);
		return e;
	}
	r->mreqs[slot] = q;
	return 0;
}

bool tool_mbim_ok(struct tool_run *r, int err, const struct mbim_msg *resp, const char *what)
{
	if (!err && resp && resp->status == MBIM_STATUS_SUCCESS)
		return true;
	if (!err && resp) {
		char k[64];
		const char *sym = mbim_enum_sym(MBIM_ENUM(STATUS), resp->status);
		if (sym)
			tool_fail(r, "%s: the modem answered %s", what, mbim_kebab(sym, k, sizeof(k)));
		else
			tool_fail(r, "%s: the modem answered status %u", what, resp->status);
	} else if (err == CL_E_PROTOCOL && resp) {
		tool_fail(r, "%s: the modem refused the message (MBIM error %u)", what, resp->error);
	} else {
		tool_fail(r, "%s: %s", what, cl_strerror(err ? err : CL_E_PROTOCOL));
	}
	return false;
}

bool tool_mbim_capable(const char *op, int argc, char **argv)
{
	if (!strcmp(op, "ussd"))
		return true;
	/* sms watch stays with QMI's new-message reports */
	return !strcmp(op, "sms") && !(argc >= 1 && !strcmp(argv[0], "watch"));
}

/* Every INDICATE_STATUS of the client the run was lent, the owner's
 * handler having had it first (a link's client keeps its own). */
static void on_mbim_ind(struct mbim_client *c, void *ud, const struct mbim_msg *ind)
{
	(void)c;
	struct tool_run *r = ud;
	if (r->ended || !ind->svc)
		return;
	for (unsigned i = 0; i < r->n_minds && !r->ended; i++)
		if (r->minds[i].service == ind->svc->id && r->minds[i].cid == ind->cid)
			r->minds[i].cb(r, ind);
}

int tool_mbim_on_indication(struct tool_run *r, int service, uint32_t cid, tool_mbim_ind_cb cb)
{
	if (!r->env.mbim)
		return CL_E_GONE;
	if (r->n_minds == ARRAY_SIZE(r->minds))
		return CL_E_TOO_MANY;
	if (!r->mwatch) {
		int e = mbim_client_watch(r->env.mbim, on_mbim_ind, r);
		if (e < 0)
			return e;
		r->mwatch = true;
	}
	r->minds[r->n_minds].service = service;
	r->minds[r->n_minds].cid = cid;
	r->minds[r->n_minds].cb = cb;
	r->n_minds++;
	return 0;
}

/* ---- starting ---- */

int tool_start(const struct tool_env *env, const char *op, int argc, char **argv, tool_emit_fn emit,
	       void *ud, struct tool_run **out, char *why, size_t why_len)
{
	*out = NULL;
	why[0] = 0;
	const struct tool_op *o = find_op(op);
	if (!o) {
		struct strbuf sb;
		sb_init(&sb);
		for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
			sb_printf(&sb, "%s%s", i ? ", " : "", ops[i].name);
		snprintf(why, why_len, "no toolbox operation '%s' (there are: %s)", op, sb_str(&sb));
		sb_free(&sb);
		return TOOL_E_UNKNOWN;
	}
	if (!o->start) {
		snprintf(why, why_len, "%s: not in this build (built with -DCELLINK_TOOLBOX=OFF)", op);
		return TOOL_E_UNKNOWN;
	}
	if (argc < 0 || argc > TOOL_ARGS_MAX) {
		snprintf(why, why_len, "%s: too many arguments (at most %d)", op, TOOL_ARGS_MAX);
		return TOOL_E_USAGE;
	}
	struct tool_run *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(why, why_len, "out of memory");
		return -ENOMEM;
	}
	r->env = *env;
	r->op = o;
	r->emit = emit;
	r->ud = ud;
	r->reap.cb = on_reap;
	r->kick.cb = on_kick;
	r->timer.cb = on_timer;
	int e = o->start(r, argc, argv, why, why_len);
	if (e < 0) {
		if (!why[0])
			snprintf(why, why_len, "%s: %s", op, cl_strerror(e));
		tool_cancel(r);
		return e;
	}
	*out = r;       /* an op that ended inside its start answers from the loop */
	return 0;
}

int tool_parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}
