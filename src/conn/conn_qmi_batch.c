/* The adapter's batches: the requests of one operation go out together;
 * when all have answered, the next batch goes out or the state machine
 * hears the result. */
#include "conn/conn_qmi_int.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "qmi/ids.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- batches ---- */

void cq_finish(struct conn_qmi *a)
{
	int err = a->first_err;
	conn_op_done(a->conn, err, err ? a->exit_hint : 0, err && a->why[0] ? a->why : NULL);
}

/* Cancels what an earlier operation left in flight and starts afresh.
 * Client id allocations are not cancelled: the modem may grant the id
 * anyway, so the answer is awaited (and the id recorded for release). */
void cq_begin(struct conn_qmi *a)
{
	a->abandoning = true;
	for (unsigned i = 0; i < CONN_QMI_SLOTS; i++) {
		struct conn_qmi_slot *s = &a->slots[i];
		if (!s->used)
			continue;
		if (s->cid_out) {
			s->abandoned = true;
			continue;
		}
		qmi_client_cancel(a->cl, s->req_id);
		s->used = false;
	}
	a->abandoning = false;
	a->wait_sync = false;
	ev_timer_cancel(a->loop, &a->kick);
	a->outstanding = 0;
	a->first_err = 0;
	a->exit_hint = 0;
	a->why[0] = 0;
	a->next = NULL;
}

void cq_set_err(struct conn_qmi *a, int err, int hint, const char *fmt, ...)
{
	if (a->first_err)
		return;
	a->first_err = err;
	a->exit_hint = hint;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->why, sizeof(a->why), fmt, ap);
	va_end(ap);
}

void cq_step_done(struct conn_qmi *a)
{
	if (a->outstanding)
		return;
	void (*next)(struct conn_qmi *) = a->next;
	a->next = NULL;
	if (!a->first_err && next)
		next(a);
	else
		cq_finish(a);
}

void cq_describe_failure(struct conn_qmi *a, int err, const struct qmi_msg *req_or_resp,
			     const char *what)
{
	if (err == CL_E_QMI && req_or_resp) {
		const char *n = qmi_error_name(req_or_resp->error);
		cq_set_err(a, err, CONN_EXIT_MODEM_ERROR, "%s: the modem answered %s", what, n ? n : "an error");
	} else {
		cq_set_err(a, err, err == CL_E_TIMEOUT ? CONN_EXIT_MODEM_ERROR : 0, "%s: %s", what,
			cl_strerror(err));
	}
}

static void on_resp(struct qmi_client *cl, void *ud, int err, const struct qmi_msg *resp)
{
	struct conn_qmi_slot *s = ud;
	struct conn_qmi *a = s->a;
	if (a->abandoning || !s->used)
		return;
	s->used = false;
	a->outstanding--;
	if (!err)
		err = qmi_resp_result(resp);
	int r = s->handler(a, s, err, err == CL_E_PROTOCOL ? NULL : resp);
	if (r < 0 && !a->first_err)
		cq_describe_failure(a, r, resp, "request failed");
	cq_step_done(a);
}

struct conn_qmi_slot *cq_slot(struct conn_qmi *a)
{
	for (unsigned i = 0; i < CONN_QMI_SLOTS; i++)
		if (!a->slots[i].used) {
			memset(&a->slots[i], 0, sizeof(a->slots[i]));
			a->slots[i].a = a;
			a->slots[i].used = true;
			return &a->slots[i];
		}
	return NULL;
}

/* Sends a->msg; h sees the answer. */
void cq_send(struct conn_qmi *a, int idx,
		 int (*h)(struct conn_qmi *, struct conn_qmi_slot *, int, const struct qmi_msg *))
{
	if (a->msg_bad)
		return;         /* cq_set_* recorded why */
	struct conn_qmi_slot *s = cq_slot(a);
	if (!s) {
		cq_set_err(a, CL_E_TOO_MANY, 0, "too many requests at once");
		return;
	}
	s->idx = idx;
	s->handler = h;
	int r = qmi_client_request(a->cl, &a->msg, &a->opts, on_resp, s);
	if (r < 0) {
		s->used = false;
		cq_set_err(a, r, 0, "cannot send: %s", cl_strerror(r));
		return;
	}
	s->req_id = r;
	a->outstanding++;
}

void cq_init_msg(struct conn_qmi *a, uint8_t svc, uint8_t cid, uint16_t id)
{
	qmi_msg_init(&a->msg, svc, cid, QMI_REQUEST, 0, id);
	a->msg_bad = false;
}

static void set_failed(struct conn_qmi *a, struct qmi_fh h, int r)
{
	a->msg_bad = true;
	char pb[160];
	cq_set_err(a, r, 0, "cannot build the request (%s): %s", qmi_fh_path(h, pb, sizeof(pb)),
		   a->msg.errtext[0] ? a->msg.errtext : cl_strerror(r));
}

void cq_set_uint(struct conn_qmi *a, struct qmi_fh h, uint64_t v)
{
	int r = qmi_fset_uint(&a->msg, h, v);
	if (r < 0)
		set_failed(a, h, r);
}

void cq_set_text(struct conn_qmi *a, struct qmi_fh h, const char *text)
{
	int r = qmi_fset_text(&a->msg, h, text);
	if (r < 0)
		set_failed(a, h, r);
}

bool cq_field_is(const struct qmi_msg *m, struct qmi_fh h, const char *name)
{
	const struct qmi_val *v = qmi_fget(m, h);
	const struct qmi_enum *e = v ? qmi_field_enum(v->f) : NULL;
	const char *n = e ? qmi_enum_name(e, (uint32_t)v->u) : NULL;
	return n && !strcmp(n, name);
}

void cq_set_str(struct conn_qmi *a, struct qmi_fh h, const char *s)
{
	int r = qmi_fset_str(&a->msg, h, s);
	if (r < 0)
		set_failed(a, h, r);
}

/* Runs fn from the loop (never inside a client callback). */
void cq_kick_cb(struct ev_timer *t)
{
	struct conn_qmi *a = container_of(t, struct conn_qmi, kick);
	a->kick_fn(a);
}

void cq_kick(struct conn_qmi *a, void (*fn)(struct conn_qmi *))
{
	a->kick_fn = fn;
	ev_timer_set(a->loop, &a->kick, 0);
}

void cq_val_text(const struct qmi_msg *m, struct qmi_fh h, char *out, size_t cap)
{
	out[0] = 0;
	const struct qmi_val *v = qmi_fget(m, h);
	if (!v)
		return;
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_val(&sb, v, 0);
	snprintf(out, cap, "%s", sb_str(&sb));
	sb_free(&sb);
}

unsigned cq_allocs_pending(const struct conn_qmi *a)
{
	unsigned n = 0;
	for (unsigned i = 0; i < CONN_QMI_SLOTS; i++)
		n += a->slots[i].used && a->slots[i].abandoned;
	return n;
}
