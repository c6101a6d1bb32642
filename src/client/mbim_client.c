/* The asynchronous MBIM client; see mbim_client.h. */
#include "client/mbim_client.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <linux/usb/cdc-wdm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

static void arm(struct mbim_client *c);

/* Runs the callback of r once and frees its slot. */
static void complete(struct mbim_client *c, struct mbim_client_req *r, int err, const struct mbim_msg *m)
{
	mbim_resp_cb cb = r->cb;
	void *ud = r->ud;
	memset(r, 0, sizeof(*r));
	if (cb)
		cb(c, ud, err, m);
}

static void timer_cb(struct ev_timer *t)
{
	struct mbim_client *c = container_of(t, struct mbim_client, timer);
	/* completions decided outside the loop (a write that failed) */
	for (unsigned i = 0; i < MBIM_TXNS_MAX; i++) {
		struct mbim_client_req *r = &c->reqs[i];
		if (r->used && r->done)
			complete(c, r, r->local_err, NULL);
	}
	uint32_t txn;
	void *ud;
	while (mbim_txns_expired(&c->txns, ev_loop_now(c->loop), &txn, &ud)) {
		c->stats.timeouts++;
		complete(c, ud, CL_E_TIMEOUT, NULL);
	}
	arm(c);
}

static void arm(struct mbim_client *c)
{
	for (unsigned i = 0; i < MBIM_TXNS_MAX; i++)
		if (c->reqs[i].used && c->reqs[i].done) {
			ev_timer_set(c->loop, &c->timer, 0);
			return;
		}
	uint64_t d, now = ev_loop_now(c->loop);
	if (mbim_txns_next_deadline(&c->txns, &d))
		ev_timer_set(c->loop, &c->timer, d > now ? d - now : 0);
	else
		ev_timer_cancel(c->loop, &c->timer);
}

/* Every request fails with err (the device closed or went away). */
static void fail_all(struct mbim_client *c, int err)
{
	for (unsigned i = 0; i < MBIM_TXNS_MAX; i++) {
		struct mbim_client_req *r = &c->reqs[i];
		if (!r->used)
			continue;
		/* forget it in the transaction table too */
		struct mbim_txns *t = &c->txns;
		for (unsigned k = 0; k < MBIM_TXNS_MAX; k++)
			if (t->p[k].used && t->p[k].ud == r) {
				t->p[k].used = false;
				t->n--;
			}
		complete(c, r, err, NULL);
	}
	arm(c);
}

static void on_message(struct mbim_client *c, const uint8_t *msg, size_t len)
{
	struct mbim_msg *m = &c->rx;
	if (mbim_decode(m, msg, len, MBIM_DECODE_LENIENT) < 0) {
		c->stats.malformed++;
		snprintf(c->errtext, sizeof(c->errtext), "malformed MBIM message ignored: %s", m->errtext);
		return;
	}
	c->stats.received++;
	if (c->trace)
		c->trace(c, c->trace_ud, false, m);
	if (m->type == MBIM_MESSAGE_TYPE_INDICATE_STATUS) {
		c->stats.indications++;
		if (c->on_indication)
			c->on_indication(c, c->ind_ud, m);
		/* each slot read again: a callback may unwatch (itself, others) */
		for (unsigned i = 0; i < MBIM_CLIENT_MAX_WATCHERS; i++)
			if (c->watchers[i].cb)
				c->watchers[i].cb(c, c->watchers[i].ud, m);
		return;
	}
	void *ud;
	if (mbim_txns_match(&c->txns, m, &ud) < 0) {
		c->stats.unmatched++;
		snprintf(c->errtext, sizeof(c->errtext), "%s", c->txns.errtext);
		return;
	}
	struct mbim_client_req *r = ud;
	/* a successful answer whose buffer the tables describe but that did not
	 * decode (cut short, offsets past its end): the request failed, and
	 * m->errtext says why */
	if (m->type == MBIM_MESSAGE_TYPE_COMMAND_DONE && !m->status && m->cid_def && !m->buf_def &&
	    mbim_cid_buf(m->cid_def, MBIM_DIR_RESPONSE) != &mbim_none_def) {
		c->stats.malformed++;
		snprintf(c->errtext, sizeof(c->errtext), "answer does not decode: %s", m->errtext);
		complete(c, r, CL_E_PARSE, m);
		return;
	}
	complete(c, r, m->type == MBIM_MESSAGE_TYPE_FUNCTION_ERROR ? CL_E_PROTOCOL : 0, m);
	arm(c);
}

static void on_frame(struct qmi_transport *t, const uint8_t *frame, size_t len)
{
	struct mbim_client *c = t->user;
	const uint8_t *msg;
	size_t n;
	int r = mbim_reasm_feed(&c->reasm, frame, len, &msg, &n);
	if (r < 0) {
		c->stats.malformed++;
		snprintf(c->errtext, sizeof(c->errtext), "MBIM fragment refused: %s", c->reasm.errtext);
		return;
	}
	if (r == 1)
		on_message(c, msg, n);
}

static void on_gone(struct qmi_transport *t, int err)
{
	struct mbim_client *c = t->user;
	fail_all(c, CL_E_GONE);
	if (c->on_gone)
		c->on_gone(c, c->gone_ud, t->st.errtext);
}

/* The transport's frame length: 0 until the whole message is there
 * (mbim_msg_len gives the declared length as soon as the header is). */
static int mbim_frame_len(const uint8_t *p, size_t n)
{
	int r = mbim_msg_len(p, n);
	return r > 0 && (size_t)r > n ? 0 : r;
}

struct mbim_client *mbim_client_new(struct ev_loop *l)
{
	struct mbim_client *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->loop = l;
	c->tr.st.h.fd = -1;
	c->timer.cb = timer_cb;
	c->max_transfer = MBIM_CLIENT_DEFAULT_MAX_TRANSFER;
	mbim_txns_init(&c->txns, 1);
	mbim_reasm_init(&c->reasm);
	return c;
}

void mbim_client_free(struct mbim_client *c)
{
	if (!c)
		return;
	mbim_client_close(c);
	ev_timer_cancel(c->loop, &c->timer);
	free(c);
}

int mbim_client_watch(struct mbim_client *c, mbim_ind_cb cb, void *ud)
{
	for (unsigned i = 0; i < MBIM_CLIENT_MAX_WATCHERS; i++)
		if (!c->watchers[i].cb) {
			c->watchers[i].cb = cb;
			c->watchers[i].ud = ud;
			return 0;
		}
	return CL_E_TOO_MANY;
}

void mbim_client_unwatch(struct mbim_client *c, void *ud)
{
	for (unsigned i = 0; i < MBIM_CLIENT_MAX_WATCHERS; i++)
		if (c->watchers[i].cb && c->watchers[i].ud == ud) {
			c->watchers[i].cb = NULL;
			c->watchers[i].ud = NULL;
		}
}

unsigned mbim_client_watchers(const struct mbim_client *c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < MBIM_CLIENT_MAX_WATCHERS; i++)
		n += c->watchers[i].cb != NULL;
	return n;
}

static void prepare(struct mbim_client *c)
{
	c->tr.user = c;
	c->tr.on_frame = on_frame;
	c->tr.on_gone = on_gone;
	c->tr.frame_len = mbim_frame_len;
	mbim_reasm_init(&c->reasm);
}

int mbim_client_open(struct mbim_client *c, const char *path)
{
	if (c->open)
		mbim_client_close(c);
	prepare(c);
	int r = qmi_transport_open(&c->tr, c->loop, path);
	if (r < 0) {
		snprintf(c->errtext, sizeof(c->errtext), "%s", c->tr.st.errtext);
		return r;
	}
	/* cdc-wdm knows the device's largest control message; a pty does not */
	uint16_t max = 0;
	c->max_transfer = MBIM_CLIENT_DEFAULT_MAX_TRANSFER;
	if (ioctl(c->tr.st.h.fd, IOCTL_WDM_MAX_COMMAND, &max) == 0 && max >= 64)
		c->max_transfer = max;
	c->open = true;
	return 0;
}

int mbim_client_adopt(struct mbim_client *c, int fd, const char *name)
{
	if (c->open)
		mbim_client_close(c);
	prepare(c);
	int r = qmi_transport_adopt(&c->tr, c->loop, fd, name);
	if (r < 0) {
		snprintf(c->errtext, sizeof(c->errtext), "%s", c->tr.st.errtext);
		return r;
	}
	c->open = true;
	return 0;
}

void mbim_client_close(struct mbim_client *c)
{
	fail_all(c, CL_E_CANCELLED);
	if (c->open) {
		qmi_transport_flush(&c->tr, 200);
		qmi_transport_close(&c->tr);
	}
	c->open = false;
}

void mbim_client_input(struct mbim_client *c, const uint8_t *p, size_t n)
{
	if (c->open)
		qmi_transport_input(&c->tr, p, n);
}

uint32_t mbim_client_txn(struct mbim_client *c)
{
	return mbim_txns_next(&c->txns);
}

unsigned mbim_client_in_flight(const struct mbim_client *c)
{
	unsigned n = 0;
	for (unsigned i = 0; i < MBIM_TXNS_MAX; i++)
		n += c->reqs[i].used;
	return n;
}

int mbim_client_send(struct mbim_client *c, const uint8_t *msg, size_t len, uint32_t timeout_ms,
		     mbim_resp_cb cb, void *ud)
{
	if (!c->open || c->tr.st.gone)
		return CL_E_GONE;
	if (mbim_msg_len(msg, len) != (int)len)
		return -EINVAL;
	struct mbim_client_req *r = NULL;
	for (unsigned i = 0; i < MBIM_TXNS_MAX && !r; i++)
		if (!c->reqs[i].used)
			r = &c->reqs[i];
	if (!r)
		return CL_E_TOO_MANY;
	int e = mbim_txns_add(&c->txns, msg, len, ev_loop_now(c->loop) + timeout_ms, r);
	if (e < 0) {
		snprintf(c->errtext, sizeof(c->errtext), "%s", c->txns.errtext);
		return e;
	}
	*r = (struct mbim_client_req){ .used = true, .cb = cb, .ud = ud };
	r->txn = (uint32_t)msg[8] | (uint32_t)msg[9] << 8 | (uint32_t)msg[10] << 16 | (uint32_t)msg[11] << 24;
	if (c->trace && mbim_decode(&c->tx, msg, len, MBIM_DECODE_LENIENT) == 0)
		c->trace(c, c->trace_ud, true, &c->tx);
	unsigned total = mbim_fragment_count(len, c->max_transfer);
	int w = 0;
	if (total <= 1) {
		w = qmi_transport_send(&c->tr, msg, len);
	} else {
		for (unsigned i = 0; i < total && w >= 0; i++) {
			int k = mbim_fragment(msg, len, c->max_transfer, i, c->frag, sizeof(c->frag));
			w = k < 0 ? k : qmi_transport_send(&c->tr, c->frag, (size_t)k);
		}
		explicit_bzero(c->frag, sizeof(c->frag));       /* a password may have been there */
	}
	c->stats.sent++;
	if (w < 0) {
		/* reported from the loop, never inside the caller's send */
		r->done = true;
		r->local_err = w;
		for (unsigned k = 0; k < MBIM_TXNS_MAX; k++)
			if (c->txns.p[k].used && c->txns.p[k].ud == r) {
				c->txns.p[k].used = false;
				c->txns.n--;
			}
	}
	arm(c);
	return 0;
}
