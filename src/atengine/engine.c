/* The AT engine; see engine.h. */
#include "atengine/engine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/util.h"

struct at_pending {
	struct at_pending *next;
	int id;
	unsigned timeout_ms;
	unsigned flags;
	at_done_fn cb;
	void *ud;
	uint64_t started;
	char cmd[sizeof(((struct at_exchange *)0)->cmd)];
};

bool at_reply_ok(const struct at_reply *r)
{
	return r->status == 0 && r->final == AT_FINAL_OK;
}

const char *at_reply_text(const struct at_reply *r, char *buf, size_t size)
{
	if (r->status == CL_E_TIMEOUT) {
		snprintf(buf, size, "no answer (timed out)");
	} else if (r->status < 0) {
		snprintf(buf, size, "%s", cl_strerror(r->status));
	} else if ((r->final == AT_FINAL_CME_ERROR || r->final == AT_FINAL_CMS_ERROR) && r->fi) {
		const char *t = r->final == AT_FINAL_CME_ERROR && r->fi->code >= 0 ? at_cme_text(r->fi->code)
										    : NULL;
		if (t && r->fi->code >= 0)
			snprintf(buf, size, "%s: %d (%s)", at_final_name(r->final), r->fi->code, t);
		else
			snprintf(buf, size, "%s: %s", at_final_name(r->final), r->fi->text ? r->fi->text : "");
	} else {
		snprintf(buf, size, "%s", at_final_name(r->final));
	}
	return buf;
}

static void trace(struct at_engine *e, bool out, const char *line, unsigned flags)
{
	if (!e->on_trace)
		return;
	if (flags & AT_CMD_SECRET) {
		char red[160];
		size_t k = strcspn(line, "=");
		if (k > 100)
			k = 100;
		snprintf(red, sizeof red, "%.*s=<hidden>", (int)k, line);
		e->on_trace(e->trace_ud, out, red);
		return;
	}
	e->on_trace(e->trace_ud, out, line);
}

static void start_next(struct at_engine *e);

/* Unlinks p, calls its callback once, frees it. */
static void complete(struct at_engine *e, struct at_pending *p, int status)
{
	struct at_pending **pp = &e->head;
	while (*pp && *pp != p)
		pp = &(*pp)->next;
	if (!*pp)
		return;
	*pp = p->next;
	if (e->tail == p) {
		e->tail = NULL;
		for (struct at_pending *q = e->head; q; q = q->next)
			e->tail = q;
	}
	bool was_cur = e->cur == p;
	if (was_cur) {
		e->cur = NULL;
		ev_timer_cancel(e->loop, &e->timeout);
		if (status != 0)
			at_xchg_abort(&e->x);
	}
	struct at_reply r = {
		.status = status,
		.final = status == 0 ? (was_cur && !(p->flags & AT_CMD_RAW) ? e->x.final.kind : AT_FINAL_OK)
				     : AT_FINAL_NONE,
		.fi = status == 0 ? &e->x.final : NULL,
		.x = &e->x,
		.cmd = p->cmd,
		.elapsed_ms = p->started ? ev_loop_now(e->loop) - p->started : 0,
	};
	if (status == 0 && (p->flags & AT_CMD_RAW))
		r.fi = NULL;
	if (was_cur && status != 0 && status != CL_E_GONE) {
		/* the modem may still answer the abandoned command: let it */
		e->settling = true;
		at_split_reset_line(&e->split);
		ev_timer_set(e->loop, &e->settle, e->settle_ms);
	}
	/* p is unlinked: the callback may send, cancel or close freely */
	if (p->cb)
		p->cb(p->ud, &r);
	free(p);
}

static void on_timeout(struct ev_timer *t)
{
	struct at_engine *e = container_of(t, struct at_engine, timeout);
	if (!e->cur)
		return;
	e->timeouts++;
	complete(e, e->cur, CL_E_TIMEOUT);
	start_next(e);
}

static void on_settle(struct ev_timer *t)
{
	struct at_engine *e = container_of(t, struct at_engine, settle);
	e->settling = false;
	start_next(e);
}

/* Puts the head of the queue on the line when nothing is. */
static void start_next(struct at_engine *e)
{
	while (!e->cur && e->head && !e->settling && !e->gone && !e->data_mode) {
		struct at_pending *p = e->head;
		size_t n = strlen(p->cmd);
		int r;
		p->started = ev_loop_now(e->loop);
		e->commands++;
		trace(e, true, p->cmd, p->flags);
		if (p->flags & AT_CMD_RAW) {
			r = e->io->write(e->io_ctx, (const uint8_t *)p->cmd, n);
			complete(e, p, r < 0 ? r : 0);
			continue;
		}
		/* at_xchg_begin leaves the line count of the previous exchange */
		memset(&e->x, 0, sizeof(e->x));
		at_xchg_begin(&e->x, p->cmd);
		e->cur = p;
		char line[sizeof(p->cmd) + 1];
		memcpy(line, p->cmd, n);
		line[n] = '\r';
		r = e->io->write(e->io_ctx, (const uint8_t *)line, n + 1);
		if (r < 0) {
			complete(e, p, r);
			continue;
		}
		ev_timer_set(e->loop, &e->timeout, p->timeout_ms);
	}
}

static void on_kick(struct ev_timer *t)
{
	struct at_engine *e = container_of(t, struct at_engine, kick);
	if (!e->settling)
		start_next(e);
}

void at_engine_init(struct at_engine *e, struct ev_loop *l, const struct at_engine_io *io,
		    void *io_ctx)
{
	memset(e, 0, sizeof(*e));
	e->loop = l;
	e->io = io;
	e->io_ctx = io_ctx;
	e->settle_ms = 200;
	e->next_id = 1;
	e->timeout.cb = on_timeout;
	e->settle.cb = on_settle;
	e->kick.cb = on_kick;
	at_split_init(&e->split);
}

int at_engine_send(struct at_engine *e, const char *cmd, unsigned timeout_ms, unsigned flags,
		   at_done_fn cb, void *ud)
{
	if (e->gone)
		return CL_E_GONE;
	if (e->data_mode)
		return CL_E_BAD_KIND;
	if (strlen(cmd) >= sizeof(((struct at_pending *)0)->cmd))
		return CL_E_NO_SPACE;
	struct at_pending *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->id = (int)e->next_id;
	e->next_id = e->next_id >= 0x7ffffffeu ? 1 : e->next_id + 1;
	p->timeout_ms = timeout_ms ? timeout_ms : 1;
	p->flags = flags;
	p->cb = cb;
	p->ud = ud;
	snprintf(p->cmd, sizeof(p->cmd), "%s", cmd);
	if (e->tail)
		e->tail->next = p;
	else
		e->head = p;
	e->tail = p;
	/* Started from the loop, so cb never runs inside this call. */
	if (!e->cur && !e->settling)
		ev_timer_set(e->loop, &e->kick, 0);
	return p->id;
}

int at_engine_cancel(struct at_engine *e, int id)
{
	for (struct at_pending *p = e->head; p; p = p->next)
		if (p->id == id) {
			bool was_cur = e->cur == p;
			complete(e, p, CL_E_CANCELLED);
			if (!was_cur)
				start_next(e);
			return 0;
		}
	return -ENOENT;
}

static int line_cb(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct at_engine *e = ctx;
	if (e->data_mode || e->gone)
		return 1;
	if (!e->cur) {
		/* between commands, or a late answer to an abandoned one */
		if (at_urc_match(line) != AT_URC_NONE && !e->settling) {
			e->urcs++;
			trace(e, false, line, 0);
			if (e->on_urc)
				e->on_urc(e->urc_ud, at_urc_match(line), line);
		} else {
			e->strays++;
		}
		return 0;
	}
	unsigned pflags = e->cur->flags;
	enum at_event ev = at_xchg_line(&e->x, line, flags);
	switch (ev) {
	case AT_EV_ECHO:
		break;          /* never traced: it may carry a PIN */
	case AT_EV_URC:
		e->urcs++;
		trace(e, false, line, 0);
		if (e->on_urc)
			e->on_urc(e->urc_ud, at_urc_match(line), line);
		break;
	case AT_EV_INFO:
		trace(e, false, line, 0);
		break;
	case AT_EV_FINAL: {
		trace(e, false, line, 0);
		bool connect = e->x.final.kind == AT_FINAL_CONNECT;
		if (connect) {
			e->data_mode = true;
			at_split_reset_line(&e->split);
		}
		complete(e, e->cur, 0);
		if (connect || e->data_mode)
			return 1;       /* the rest of this read is data */
		start_next(e);
		break;
	}
	case AT_EV_STRAY:
		e->strays++;
		break;
	}
	(void)pflags;
	(void)len;
	return e->data_mode ? 1 : 0;
}

void at_engine_input(struct at_engine *e, const uint8_t *p, size_t n)
{
	size_t off = 0;
	while (off < n && !e->gone) {
		if (e->data_mode) {
			e->data_bytes += n - off;
			return;
		}
		off += at_split_feed(&e->split, p + off, n - off, line_cb, e);
	}
}

static void fail_all(struct at_engine *e, int status)
{
	ev_timer_cancel(e->loop, &e->timeout);
	ev_timer_cancel(e->loop, &e->settle);
	ev_timer_cancel(e->loop, &e->kick);
	e->settling = false;
	while (e->head)
		complete(e, e->head, status);
	e->settling = false;
	ev_timer_cancel(e->loop, &e->settle);
}

void at_engine_gone(struct at_engine *e, int err)
{
	if (e->gone)
		return;
	e->gone = true;
	e->gone_err = err;
	fail_all(e, CL_E_GONE);
}

bool at_engine_in_data_mode(const struct at_engine *e)
{
	return e->data_mode;
}

void at_engine_command_mode(struct at_engine *e)
{
	if (!e->data_mode)
		return;
	e->data_mode = false;
	at_split_reset_line(&e->split);
	if (e->head && !e->cur)
		ev_timer_set(e->loop, &e->kick, 0);
}

size_t at_engine_queued(const struct at_engine *e)
{
	size_t n = 0;
	for (const struct at_pending *p = e->head; p; p = p->next)
		n++;
	return n;
}

void at_engine_close(struct at_engine *e)
{
	fail_all(e, CL_E_CANCELLED);
}
