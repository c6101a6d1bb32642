/* From a request frame to its answer: decode, log, faults, client check,
 * table dispatch, encode and queue with the message's delay. */
#include <string.h>

#include "common/err.h"
#include "sim/sim.h"

static const struct sim_handler_table *const tables[] = {
	&sim_handlers_ctl, &sim_handlers_wds, &sim_handlers_dms,
	&sim_handlers_radio, &sim_handlers_nas, &sim_handlers_wda, &sim_handlers_uim,
	&sim_handlers_wms, &sim_handlers_voice,
};

static const struct sim_handler *find_handler(uint8_t service, uint16_t msg)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		if (tables[t]->service != service)
			continue;
		for (size_t i = 0; i < tables[t]->n; i++)
			if (tables[t]->h[i].msg == msg)
				return &tables[t]->h[i];
		/* a service may have more than one table: look on */
	}
	return NULL;
}

/* The message decoded for the log, or NULL when not logging. */
static const char *log_text(struct sim *s, const char *dir, const struct qmi_msg *m)
{
	if (!s->log || !s->log_fn)
		return NULL;
	sb_reset(&s->logbuf);
	sb_printf(&s->logbuf, "%s ", dir);
	/* personal fields shown (it is a test modem), secrets never */
	qmi_print_text(&s->logbuf, m, 0);
	while (s->logbuf.len && s->logbuf.buf[s->logbuf.len - 1] == '\n')
		s->logbuf.buf[--s->logbuf.len] = 0;
	return sb_str(&s->logbuf);
}

static void log_msg(struct sim *s, const char *dir, const struct qmi_msg *m)
{
	const char *t = log_text(s, dir, m);
	if (t)
		s->log_fn(s, t);
}

/* Encodes m and queues it for its client, or fills a reserved slot. */
static void send_msg(struct sim *s, struct qmi_msg *m, struct sim_out *slot, uint64_t delay)
{
	static const size_t cap = QMI_MAX_FRAME;
	uint8_t frame[QMI_MAX_FRAME];
	int n = qmi_encode(m, frame, cap);
	if (n < 0) {
		sim_log(s, "qmi: cannot encode %s 0x%04x: %s", qmi_service_name(m->service), m->id,
			cl_strerror(n));
		if (slot)
			sim_port_cancel(s, slot);
		return;
	}
	const char *text;
	if (m->kind != QMI_REQUEST && s->faults.malformed[m->service] > 0) {
		/* a frame that frames correctly but whose TLV area lies */
		s->faults.malformed[m->service]--;
		size_t tlv_len_off = QMUX_HDR_LEN + (m->service == QMI_SVC_CTL ? 2 : 3) + 2;
		frame[tlv_len_off] = 0xff;
		frame[tlv_len_off + 1] = 0x7f;
		sim_log(s, "fault: malformed %s answer sent", qmi_service_name(m->service));
		text = NULL;
	} else {
		/* logged when written, so the log shows the order on the wire */
		text = log_text(s, "->", m);
	}
	if (slot)
		sim_port_fill(s, slot, frame, (size_t)n, text);
	else
		sim_port_queue(s, m->service, m->client, delay, frame, (size_t)n, text);
}

/* Answers a request whose header could be read but whose body could not. */
static void answer_error(struct sim *s, const uint8_t *frame, size_t len, uint16_t error)
{
	bool ctl = frame[4] == QMI_SVC_CTL;
	size_t hdr = QMUX_HDR_LEN + (ctl ? 2 : 3) + 4;
	if (len < hdr)
		return;
	uint16_t txn = ctl ? frame[7] : (uint16_t)(frame[7] | frame[8] << 8);
	size_t ido = QMUX_HDR_LEN + (ctl ? 2 : 3);
	uint16_t id = (uint16_t)(frame[ido] | frame[ido + 1] << 8);
	struct qmi_msg *r = &s->rsp;
	qmi_msg_init(r, frame[4], frame[5], QMI_RESPONSE, txn, id);
	r->status = 1;
	r->error = error;
	send_msg(s, r, NULL, sim_delay_for(s, frame[4], id));
}

static bool service_silent(const struct sim *s, uint8_t svc)
{
	return s->faults.silent[svc / 32] & (1u << (svc % 32));
}

void sim_qmi_input(struct sim *s, const uint8_t *frame, size_t len)
{
	struct qmi_msg *req = &s->req;
	int r = qmi_decode(req, frame, len, 0);
	if (r < 0) {
		sim_log(s, "qmi: malformed request (%s: %s)", cl_strerror(r), req->errtext);
		answer_error(s, frame, len, QMI_ERR_MALFORMED_MESSAGE);
		return;
	}
	if (req->kind != QMI_REQUEST || (req->qmux_flags & QMUX_FLAG_SERVICE)) {
		sim_log(s, "qmi: %s from the host ignored", qmi_kind_name((enum qmi_kind)req->kind));
		return;
	}
	log_msg(s, "<-", req);
	if (s->faults.swallow_first > 0) {
		s->faults.swallow_first--;
		sim_log(s, "quirk: request swallowed after power-up");
		return;
	}
	if (service_silent(s, req->service)) {
		sim_log(s, "fault: %s does not answer", qmi_service_name(req->service) ?
			qmi_service_name(req->service) : "service");
		return;
	}
	struct sim_call c = { .s = s, .req = req, .rsp = &s->rsp };
	qmi_msg_init(c.rsp, req->service, req->client, QMI_RESPONSE, req->txn, req->id);
	qmi_msg_use_pool(c.rsp, s->rsp_pool, QMI_POOL_NODES);
	uint32_t delay = sim_delay_for(s, req->service, req->id);
	if (req->service != QMI_SVC_CTL) {
		c.cl = sim_client_get(&s->clients, req->service, req->client);
		if (!c.cl) {
			sim_log(s, "qmi: %s request 0x%04x for client %u, which is not allocated",
				qmi_service_name(req->service) ? qmi_service_name(req->service) : "unknown",
				req->id, req->client);
			c.rsp->status = 1;
			c.rsp->error = QMI_ERR_INVALID_CLIENT_ID;
			send_msg(s, c.rsp, NULL, delay);
			return;
		}
	}
	const struct sim_handler *h = find_handler(req->service, req->id);
	/* reserve the answer's place first: indications the handler sends
	 * must follow it */
	struct sim_out *slot = sim_port_queue(s, req->service, req->client, delay, NULL, 0, NULL);
	if (!slot)
		return;
	s->bad_field = NULL;
	int err = h ? h->fn(&c) : QMI_ERR_INVALID_QMI_COMMAND;
	if (!h)
		sim_log(s, "qmi: no handler for %s 0x%04x", qmi_service_name(req->service) ?
			qmi_service_name(req->service) : "?", req->id);
	if (!s->port.up)
		return;         /* the handler reset the modem */
	if (s->bad_field && !err) {
		/* a handler or table bug: say so rather than answer without the field */
		sim_log(s, "qmi: field bug: %s answered internal-error: field '%s' could not be built",
			c.rsp->def ? qmi_msg_name(c.rsp->def) : "?", s->bad_field);
		err = QMI_ERR_INTERNAL;
	}
	s->bad_field = NULL;
	if (err) {
		qmi_msg_clear(c.rsp);
		c.rsp->status = 1;
		c.rsp->error = (uint16_t)err;
		/* a few errors carry TLVs (call-end reasons): handlers mark
		 * them by leaving status set themselves */
	}
	if (c.rsp->status && !err)
		c.rsp->error = c.rsp->error ? c.rsp->error : QMI_ERR_INTERNAL;
	send_msg(s, c.rsp, slot, delay);
}

static void ind_send(struct sim *s, uint8_t service, uint8_t cid, uint16_t msg, sim_fill_fn fill,
		     const void *arg)
{
	struct qmi_msg *m = &s->ind;
	qmi_msg_init(m, service, cid, QMI_INDICATION, 0, msg);
	qmi_msg_use_pool(m, s->ind_pool, QMI_POOL_NODES);
	s->bad_field = NULL;
	if (fill)
		fill(s, m, arg);
	if (s->bad_field) {
		sim_log(s, "qmi: field bug: %s indication not sent: field '%s' could not be built",
			m->def ? qmi_msg_name(m->def) : "?", s->bad_field);
		s->bad_field = NULL;
		return;
	}
	send_msg(s, m, NULL, 0);
}

void sim_indicate(struct sim *s, uint8_t service, uint8_t cid, uint16_t msg, sim_fill_fn fill,
		  const void *arg)
{
	if (!s->port.up || service_silent(s, service))
		return;
	ind_send(s, service, cid, msg, fill, arg);
}

unsigned sim_indicate_all(struct sim *s, uint8_t service, unsigned ind, uint16_t msg,
			  sim_fill_fn fill, const void *arg)
{
	struct sim_svc_clients *sc = sim_clients_svc(&s->clients, service);
	unsigned n = 0;
	if (!sc)
		return 0;
	for (unsigned cid = 1; cid <= SIM_CID_POOL_MAX; cid++) {
		if (!sc->c[cid].used || (ind && !(sc->c[cid].ind & ind)))
			continue;
		sim_indicate(s, service, (uint8_t)cid, msg, fill, arg);
		n++;
	}
	return n;
}

static void note_bad(struct sim *s, const struct qmi_msg *m, struct qmi_fh h, int r)
{
	if (r >= 0)
		return;
	char pb[160];
	sim_log(s, "qmi: field bug: cannot set '%s': %s", qmi_fh_path(h, pb, sizeof(pb)), m->errtext);
	if (!s->bad_field)
		s->bad_field = qmi_names + h.name;
}

void sim_put_uint(struct sim *s, struct qmi_msg *m, struct qmi_fh h, uint64_t v)
{
	note_bad(s, m, h, qmi_fset_uint(m, h, v));
}

void sim_put_int(struct sim *s, struct qmi_msg *m, struct qmi_fh h, int64_t v)
{
	note_bad(s, m, h, qmi_fset_int(m, h, v));
}

void sim_put_str(struct sim *s, struct qmi_msg *m, struct qmi_fh h, const char *v)
{
	note_bad(s, m, h, qmi_fset_str(m, h, v));
}

void sim_put_bytes(struct sim *s, struct qmi_msg *m, struct qmi_fh h, const uint8_t *p, size_t n)
{
	note_bad(s, m, h, qmi_fset_bytes(m, h, p, n));
}

struct qmi_val *sim_put_array(struct sim *s, struct qmi_msg *m, struct qmi_fh h, unsigned n)
{
	struct qmi_val *v = qmi_fset_array(m, h, n);
	note_bad(s, m, h, v ? 0 : CL_E_UNKNOWN_FIELD);
	return v;
}

struct qmi_val *sim_eput_array(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h,
			       unsigned n)
{
	struct qmi_val *v = qmi_eset_array(m, el, h, n);
	note_bad(s, m, h, v ? 0 : CL_E_UNKNOWN_FIELD);
	return v;
}

void sim_eput_uint(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, uint64_t v)
{
	note_bad(s, m, h, qmi_eset_uint(m, el, h, v));
}

void sim_eput_int(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, int64_t v)
{
	note_bad(s, m, h, qmi_eset_int(m, el, h, v));
}

void sim_eput_str(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, const char *v)
{
	note_bad(s, m, h, qmi_eset_str(m, el, h, v));
}

void sim_eput_bytes(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h,
		    const uint8_t *p, size_t n)
{
	note_bad(s, m, h, qmi_eset_bytes(m, el, h, p, n));
}

void rs_uint(struct sim_call *c, struct qmi_fh h, uint64_t v)
{
	sim_put_uint(c->s, c->rsp, h, v);
}

void rs_int(struct sim_call *c, struct qmi_fh h, int64_t v)
{
	sim_put_int(c->s, c->rsp, h, v);
}

void rs_str(struct sim_call *c, struct qmi_fh h, const char *v)
{
	sim_put_str(c->s, c->rsp, h, v);
}

void rs_bytes(struct sim_call *c, struct qmi_fh h, const uint8_t *p, size_t n)
{
	sim_put_bytes(c->s, c->rsp, h, p, n);
}

void rs_text(struct sim_call *c, struct qmi_fh h, const char *v)
{
	note_bad(c->s, c->rsp, h, qmi_fset_text(c->rsp, h, v));
}

/* A handle of another message than the request is a handler bug. */
static bool rq_ours(struct sim_call *c, struct qmi_fh h)
{
	const struct qmi_msg *m = c->req;
	if (h.svc == m->service && h.msg == m->id && h.kind == m->kind && !h.elem)
		return true;
	char pb[160];
	sim_log(c->s, "qmi: field bug: request field '%s' read from another message",
		qmi_fh_path(h, pb, sizeof(pb)));
	if (!c->s->bad_field)
		c->s->bad_field = qmi_names + h.name;
	return false;
}

bool rq_uint(struct sim_call *c, struct qmi_fh h, uint64_t *out)
{
	return rq_ours(c, h) && qmi_fget_uint(c->req, h, out) == 0;
}

bool rq_int(struct sim_call *c, struct qmi_fh h, int64_t *out)
{
	return rq_ours(c, h) && qmi_fget_int(c->req, h, out) == 0;
}

bool rq_str(struct sim_call *c, struct qmi_fh h, char *out, size_t cap)
{
	return rq_ours(c, h) && qmi_fget_str(c->req, h, out, cap) >= 0;
}
