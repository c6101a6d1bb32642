/* The asynchronous QMI client; see qmi_client.h. */
#include "client/qmi_client.h"
#include "common/err.h"
#include "common/util.h"
#include "qmi/fields.h"
#include "qmi/ids.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct qmi_pending {
	struct qmi_pending *next, *prev;
	struct qmi_client *c;
	int id;
	uint8_t service, cid;
	uint16_t txn, msg_id;
	uint32_t timeout_ms;
	uint8_t retries_left;
	bool local;             /* no frame: completes from its timer with local_err */
	bool guest;
	int local_err;
	struct ev_timer timer;
	qmi_resp_cb cb;
	void *ud;
	size_t len;
	uint8_t frame[];
};

void qmi_client_init(struct qmi_client *c, struct ev_loop *l)
{
	memset(c, 0, offsetof(struct qmi_client, rx));
	c->loop = l;
	c->tr.st.h.fd = -1;
	c->next_req_id = 1;
	c->ctl_txn = 1;
	c->txn_other = 1;
}

/* ---- pending list ---- */

static void unlink_pending(struct qmi_client *c, struct qmi_pending *p)
{
	ev_timer_cancel(c->loop, &p->timer);
	if (p->prev)
		p->prev->next = p->next;
	else
		c->pending = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
}

/* Unlinks p, calls its callback once, frees it. */
static void complete(struct qmi_client *c, struct qmi_pending *p, int err, const struct qmi_msg *resp)
{
	unlink_pending(c, p);
	qmi_resp_cb cb = p->cb;
	void *ud = p->ud;
	explicit_bzero(p->frame, p->len);       /* requests may carry a password or PIN */
	free(p);
	if (cb)
		cb(c, ud, err, resp);
}

static void fail_all(struct qmi_client *c, int err)
{
	while (c->pending)
		complete(c, c->pending, err, NULL);
}

unsigned qmi_client_in_flight(const struct qmi_client *c)
{
	unsigned n = 0;
	for (const struct qmi_pending *p = c->pending; p; p = p->next)
		n++;
	return n;
}

unsigned qmi_client_guests(const struct qmi_client *c)
{
	unsigned n = 0;
	for (const struct qmi_pending *p = c->pending; p; p = p->next)
		n += p->guest;
	return n;
}

static void on_timer(struct ev_timer *t)
{
	struct qmi_pending *p = container_of(t, struct qmi_pending, timer);
	struct qmi_client *c = p->c;
	if (p->local) {
		complete(c, p, p->local_err, NULL);
		return;
	}
	if (p->retries_left && c->open && !c->tr.st.gone) {
		p->retries_left--;
		c->stats.resends++;
		qmi_transport_send(&c->tr, p->frame, p->len);
		ev_timer_set(c->loop, &p->timer, p->timeout_ms);
		return;
	}
	c->stats.timeouts++;
	complete(c, p, CL_E_TIMEOUT, NULL);
}

static struct qmi_pending *new_pending(struct qmi_client *c, size_t len, qmi_resp_cb cb, void *ud)
{
	struct qmi_pending *p = calloc(1, sizeof(*p) + len);
	if (!p)
		return NULL;
	p->c = c;
	p->cb = cb;
	p->ud = ud;
	p->len = len;
	p->timer.cb = on_timer;
	p->id = c->next_req_id++;
	if (c->next_req_id <= 0)
		c->next_req_id = 1;
	p->next = c->pending;
	if (c->pending)
		c->pending->prev = p;
	c->pending = p;
	return p;
}

/* A completion delivered from the loop, never from inside the caller. */
static int queue_local(struct qmi_client *c, int err, qmi_resp_cb cb, void *ud)
{
	struct qmi_pending *p = new_pending(c, 0, cb, ud);
	if (!p)
		return -ENOMEM;
	p->local = true;
	p->local_err = err;
	ev_timer_set(c->loop, &p->timer, 0);
	return p->id;
}

int qmi_client_cancel(struct qmi_client *c, int req_id)
{
	for (struct qmi_pending *p = c->pending; p; p = p->next)
		if (p->id == req_id) {
			complete(c, p, CL_E_CANCELLED, NULL);
			return 0;
		}
	return -ENOENT;
}

/* ---- client ids ---- */

static struct qmi_cid *find_cid(struct qmi_client *c, uint8_t service, uint8_t cid)
{
	for (unsigned i = 0; i < QMI_CLIENT_MAX_CIDS; i++)
		if (c->cids[i].used && c->cids[i].service == service && c->cids[i].cid == cid)
			return &c->cids[i];
	return NULL;
}

static void forget_cid(struct qmi_client *c, uint8_t service, uint8_t cid)
{
	struct qmi_cid *e = find_cid(c, service, cid);
	if (e)
		e->used = false;
}

unsigned qmi_client_cids_held(const struct qmi_client *c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < QMI_CLIENT_MAX_CIDS; i++)
		n += c->cids[i].used;
	return n;
}

static uint16_t next_txn(struct qmi_client *c, uint8_t service, uint8_t cid)
{
	if (service == QMI_SVC_CTL) {
		uint8_t t = c->ctl_txn++;
		if (!c->ctl_txn)
			c->ctl_txn = 1;
		return t;
	}
	struct qmi_cid *e = find_cid(c, service, cid);
	uint16_t *ctr = e ? &e->next_txn : &c->txn_other;
	uint16_t t = (*ctr)++;
	if (!*ctr)
		*ctr = 1;
	return t ? t : next_txn(c, service, cid);
}

/* ---- receiving ---- */

/* Header fields read straight from the bytes, for frames the codec
 * rejects: the request they answer still has to complete. */
static bool peek_header(const uint8_t *f, size_t len, uint8_t *svc, uint8_t *cid,
			uint16_t *txn, uint16_t *msg_id)
{
	if (len < QMUX_HDR_LEN + 1)
		return false;
	*svc = f[4];
	*cid = f[5];
	if (*svc == QMI_SVC_CTL) {
		if (len < 10)
			return false;
		*txn = f[7];
		*msg_id = (uint16_t)(f[8] | f[9] << 8);
	} else {
		if (len < 11)
			return false;
		*txn = (uint16_t)(f[7] | f[8] << 8);
		*msg_id = (uint16_t)(f[9] | f[10] << 8);
	}
	return true;
}

static struct qmi_pending *match(struct qmi_client *c, uint8_t svc, uint8_t cid, uint16_t txn,
				 uint16_t msg_id)
{
	for (struct qmi_pending *p = c->pending; p; p = p->next)
		if (!p->local && p->service == svc && p->cid == cid && p->txn == txn &&
		    p->msg_id == msg_id)
			return p;
	return NULL;
}

static void dispatch_indication(struct qmi_client *c, const struct qmi_msg *m)
{
	c->stats.indications++;
	if (m->service == QMI_SVC_CTL && m->id == QMI_CTL_REVOKE_CLIENT_ID) {
		uint64_t svc, cid;
		if (!qmi_fget_uint(m, QMIF_CTL_REVOKE_CLIENT_ID_IN_RELEASE_INFO_SERVICE, &svc) &&
		    !qmi_fget_uint(m, QMIF_CTL_REVOKE_CLIENT_ID_IN_RELEASE_INFO_CID, &cid))
			forget_cid(c, (uint8_t)svc, (uint8_t)cid);
	}
	/* handlers may (un)register others while we walk: walk a copy */
	struct qmi_ind_handler hs[QMI_CLIENT_MAX_HANDLERS];
	unsigned n = c->n_handlers;
	memcpy(hs, c->handlers, n * sizeof(hs[0]));
	for (unsigned i = 0; i < n; i++)
		if (hs[i].service == m->service && hs[i].msg_id == m->id)
			hs[i].cb(c, hs[i].ud, m);
}

static void on_frame(struct qmi_transport *t, const uint8_t *frame, size_t len)
{
	struct qmi_client *c = t->user;
	c->stats.received++;
	int r = qmi_decode_pool(&c->rx, c->rx_pool, QMI_POOL_NODES, frame, len, QMI_DECODE_LENIENT);
	if (r < 0) {
		c->stats.malformed++;
		snprintf(c->errtext, sizeof(c->errtext), "%s", c->rx.errtext);
		uint8_t svc, cid;
		uint16_t txn, id;
		if (peek_header(frame, len, &svc, &cid, &txn, &id)) {
			struct qmi_pending *p = match(c, svc, cid, txn, id);
			if (p)
				complete(c, p, r == CL_E_TOO_MANY ? r : CL_E_PROTOCOL, NULL);
		}
		return;
	}
	if (c->trace)
		c->trace(c, c->trace_ud, false, &c->rx);
	if (!(c->rx.qmux_flags & QMUX_FLAG_SERVICE)) {
		c->stats.unmatched++;   /* our own request echoed back? ignore */
		return;
	}
	if (c->rx.kind == QMI_INDICATION) {
		dispatch_indication(c, &c->rx);
		return;
	}
	if (c->rx.kind != QMI_RESPONSE) {
		c->stats.unmatched++;
		return;
	}
	struct qmi_pending *p = match(c, c->rx.service, c->rx.client, c->rx.txn, c->rx.id);
	if (!p) {
		c->stats.unmatched++;
		return;
	}
	complete(c, p, 0, &c->rx);
}

static void on_gone(struct qmi_transport *t, int err)
{
	struct qmi_client *c = t->user;
	snprintf(c->errtext, sizeof(c->errtext), "%s", t->st.errtext);
	/* the modem's client ids went with it */
	for (unsigned i = 0; i < QMI_CLIENT_MAX_CIDS; i++)
		c->cids[i].used = false;
	fail_all(c, CL_E_GONE);
	if (c->on_gone)
		c->on_gone(c, c->gone_ud, c->errtext);
}

/* ---- opening and closing ---- */

int qmi_client_open(struct qmi_client *c, const char *path)
{
	if (c->open)
		qmi_client_close(c);
	c->tr.user = c;
	c->tr.on_frame = on_frame;
	c->tr.on_gone = on_gone;
	int r = qmi_transport_open(&c->tr, c->loop, path);
	if (r < 0) {
		snprintf(c->errtext, sizeof(c->errtext), "%s", c->tr.st.errtext);
		return r;
	}
	c->open = true;
	return 0;
}

int qmi_client_attach(struct qmi_client *c, const char *name,
		      int (*send)(struct qmi_transport *t, const uint8_t *frame, size_t len), void *ud)
{
	if (c->open)
		qmi_client_close(c);
	c->tr.user = c;
	c->tr.on_frame = on_frame;
	c->tr.on_gone = on_gone;
	qmi_transport_attach(&c->tr, c->loop, name, send, ud);
	c->open = true;
	return 0;
}

void qmi_client_close(struct qmi_client *c)
{
	fail_all(c, CL_E_CANCELLED);
	if (c->open) {
		qmi_transport_flush(&c->tr, 200);
		qmi_transport_close(&c->tr);
	}
	c->open = false;
	for (unsigned i = 0; i < QMI_CLIENT_MAX_CIDS; i++)
		c->cids[i].used = false;
}

/* ---- sending ---- */

int qmi_client_request(struct qmi_client *c, struct qmi_msg *req, const struct qmi_req_opts *o,
		       qmi_resp_cb cb, void *ud)
{
	if (!c->open || c->tr.st.gone)
		return CL_E_GONE;
	req->kind = QMI_REQUEST;
	req->qmux_flags = 0;
	req->txn = next_txn(c, req->service, req->client);
	/* measured, then encoded in place: the frame (and any secret in it)
	 * exists once, in p->frame, and no 64 KB buffer sits in the client */
	int len = qmi_encode(req, NULL, 0);
	if (len < 0)
		return len;
	struct qmi_pending *p = new_pending(c, (size_t)len, cb, ud);
	if (!p)
		return -ENOMEM;
	if (qmi_encode(req, p->frame, (size_t)len) != len) {
		p->cb = NULL;
		complete(c, p, CL_E_PROTOCOL, NULL);
		return CL_E_PROTOCOL;
	}
	p->service = req->service;
	p->cid = req->client;
	p->txn = req->txn;
	p->msg_id = req->id;
	p->timeout_ms = o && o->timeout_ms ? o->timeout_ms : QMI_CLIENT_DEFAULT_TIMEOUT_MS;
	p->retries_left = o ? o->retries : 0;
	p->guest = o && o->guest;
	int r = qmi_transport_send(&c->tr, p->frame, p->len);
	if (r < 0) {
		p->cb = NULL;
		complete(c, p, r, NULL);
		return r;
	}
	c->stats.sent++;
	if (c->trace)
		c->trace(c, c->trace_ud, true, req);
	ev_timer_set(c->loop, &p->timer, p->timeout_ms);
	return p->id;
}

int qmi_resp_result(const struct qmi_msg *resp)
{
	if (!resp->has_result)
		return CL_E_PROTOCOL;
	return resp->status == 0 ? 0 : CL_E_QMI;
}

/* ---- indications ---- */

int qmi_client_on_indication(struct qmi_client *c, uint8_t service, uint16_t msg_id,
			     qmi_ind_cb cb, void *ud)
{
	if (c->n_handlers == QMI_CLIENT_MAX_HANDLERS)
		return CL_E_TOO_MANY;
	c->handlers[c->n_handlers++] = (struct qmi_ind_handler){ service, msg_id, cb, ud };
	return 0;
}

void qmi_client_remove_handlers(struct qmi_client *c, void *ud)
{
	unsigned j = 0;
	for (unsigned i = 0; i < c->n_handlers; i++)
		if (c->handlers[i].ud != ud)
			c->handlers[j++] = c->handlers[i];
	c->n_handlers = j;
}

/* ---- CTL helpers ---- */

struct ctl_op {
	struct qmi_client *c;
	uint8_t service, cid;
	unsigned left;
	int first_err;
	qmi_cid_cb cid_cb;
	qmi_done_cb done_cb;
	void *ud;
};

static struct qmi_msg *scratch(void)
{
	return malloc(sizeof(struct qmi_msg));
}

static void alloc_done(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	struct ctl_op *op = ud;
	uint8_t cid = 0;
	uint16_t qerr = 0;
	if (!err) {
		err = qmi_resp_result(resp);
		qerr = resp->error;
	}
	if (!err) {
		uint64_t v;
		if (qmi_fget_uint(resp, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_CID, &v) < 0) {
			err = CL_E_PROTOCOL;
		} else {
			cid = (uint8_t)v;
			struct qmi_cid *slot = NULL;
			for (unsigned i = 0; i < QMI_CLIENT_MAX_CIDS && !slot; i++)
				if (!c->cids[i].used)
					slot = &c->cids[i];
			if (slot) {
				*slot = (struct qmi_cid){ op->service, cid, 1, true };
			} else {
				/* no room to track it: give it straight back */
				qmi_client_release_cid(c, op->service, cid, NULL, NULL, NULL);
				err = CL_E_TOO_MANY;
			}
		}
	}
	op->cid_cb(c, op->ud, err, cid, qerr);
	free(op);
}

int qmi_client_alloc_cid(struct qmi_client *c, uint8_t service, const struct qmi_req_opts *o,
			 qmi_cid_cb cb, void *ud)
{
	struct ctl_op *op = calloc(1, sizeof(*op));
	struct qmi_msg *m = scratch();
	int r = -ENOMEM;
	if (op && m) {
		op->service = service;
		op->cid_cb = cb;
		op->ud = ud;
		qmi_msg_init(m, QMI_SVC_CTL, 0, QMI_REQUEST, 0, QMI_CTL_ALLOCATE_CID);
		r = qmi_fset_uint(m, QMIF_CTL_ALLOCATE_CID_RQ_SERVICE, service);
		if (!r)
			r = qmi_client_request(c, m, o, alloc_done, op);
	}
	free(m);
	if (r < 0)
		free(op);
	return r;
}

static void release_done(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	struct ctl_op *op = ud;
	if (!err)
		err = qmi_resp_result(resp);
	if (op->done_cb)
		op->done_cb(c, op->ud, err);
	free(op);
}

int qmi_client_release_cid(struct qmi_client *c, uint8_t service, uint8_t cid,
			   const struct qmi_req_opts *o, qmi_done_cb cb, void *ud)
{
	struct ctl_op *op = calloc(1, sizeof(*op));
	struct qmi_msg *m = scratch();
	int r = -ENOMEM;
	if (op && m) {
		op->done_cb = cb;
		op->ud = ud;
		qmi_msg_init(m, QMI_SVC_CTL, 0, QMI_REQUEST, 0, QMI_CTL_RELEASE_CID);
		r = qmi_fset_uint(m, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_SERVICE, service);
		if (!r)
			r = qmi_fset_uint(m, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_CID, cid);
		if (!r)
			r = qmi_client_request(c, m, o, release_done, op);
	}
	free(m);
	if (r < 0)
		free(op);
	else
		forget_cid(c, service, cid);   /* never released twice */
	return r;
}

static void release_all_one(struct qmi_client *c, void *ud, int err)
{
	struct ctl_op *op = ud;
	if (err && !op->first_err)
		op->first_err = err;
	if (--op->left == 0) {
		op->done_cb(c, op->ud, op->first_err);
		free(op);
	}
}

static void local_done(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	struct ctl_op *op = ud;
	op->done_cb(c, op->ud, err);
	free(op);
}

int qmi_client_release_all(struct qmi_client *c, uint32_t timeout_ms, qmi_done_cb cb, void *ud)
{
	struct ctl_op *op = calloc(1, sizeof(*op));
	if (!op)
		return -ENOMEM;
	op->done_cb = cb;
	op->ud = ud;
	struct qmi_req_opts o = { .timeout_ms = timeout_ms };
	/* count first: a failed send must not finish the batch early */
	struct qmi_cid held[QMI_CLIENT_MAX_CIDS];
	unsigned n = 0;
	for (unsigned i = 0; i < QMI_CLIENT_MAX_CIDS; i++)
		if (c->cids[i].used)
			held[n++] = c->cids[i];
	op->left = n + 1;
	for (unsigned i = 0; i < n; i++) {
		int r = qmi_client_release_cid(c, held[i].service, held[i].cid, &o, release_all_one, op);
		if (r < 0) {
			forget_cid(c, held[i].service, held[i].cid);
			if (!op->first_err)
				op->first_err = r;
			op->left--;
		}
	}
	/* the extra count is dropped from the loop, so cb never runs in here */
	int first = op->first_err;
	if (--op->left == 0) {
		int r = queue_local(c, first, local_done, op);
		if (r < 0) {
			free(op);
			return r;
		}
	}
	return 0;
}

static void sync_done(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	struct ctl_op *op = ud;
	if (!err)
		err = qmi_resp_result(resp);
	if (!err)
		for (unsigned i = 0; i < QMI_CLIENT_MAX_CIDS; i++)
			c->cids[i].used = false;
	op->done_cb(c, op->ud, err);
	free(op);
}

int qmi_client_sync(struct qmi_client *c, const struct qmi_req_opts *o, qmi_done_cb cb, void *ud)
{
	struct ctl_op *op = calloc(1, sizeof(*op));
	struct qmi_msg *m = scratch();
	int r = -ENOMEM;
	if (op && m) {
		op->done_cb = cb;
		op->ud = ud;
		qmi_msg_init(m, QMI_SVC_CTL, 0, QMI_REQUEST, 0, QMI_CTL_SYNC);
		r = qmi_client_request(c, m, o, sync_done, op);
	}
	free(m);
	if (r < 0)
		free(op);
	return r;
}
