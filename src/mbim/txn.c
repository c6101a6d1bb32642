/* Transaction ids of the host's requests, matched to the device's answers.
 * Time is given by the caller (milliseconds), so tests run on virtual time. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "mbim/mbim.h"

void mbim_txns_init(struct mbim_txns *t, uint32_t first)
{
	memset(t, 0, sizeof(*t));
	t->next = first ? first : 1;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct mbim_txns *t, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->errtext, sizeof(t->errtext), fmt, ap);
	va_end(ap);
	return code;
}

static struct mbim_pending *find(struct mbim_txns *t, uint32_t txn)
{
	for (unsigned i = 0; i < MBIM_TXNS_MAX; i++)
		if (t->p[i].used && t->p[i].txn == txn)
			return &t->p[i];
	return NULL;
}

uint32_t mbim_txns_next(struct mbim_txns *t)
{
	/* 0 is what indications carry; an id still waiting is skipped */
	for (;;) {
		uint32_t id = t->next++;
		if (id != 0 && !find(t, id))
			return id;
	}
}

int mbim_txns_add(struct mbim_txns *t, const uint8_t *req, size_t len, uint64_t deadline_ms, void *ud)
{
	if (len < MBIM_HDR_LEN)
		return fail(t, CL_E_TRUNCATED, "a request has at least 12 bytes, not %zu", len);
	uint32_t type = (uint32_t)req[0] | (uint32_t)req[1] << 8 | (uint32_t)req[2] << 16 | (uint32_t)req[3] << 24;
	uint32_t txn = (uint32_t)req[8] | (uint32_t)req[9] << 8 | (uint32_t)req[10] << 16 | (uint32_t)req[11] << 24;
	if (type != MBIM_MESSAGE_TYPE_OPEN && type != MBIM_MESSAGE_TYPE_CLOSE && type != MBIM_MESSAGE_TYPE_COMMAND)
		return fail(t, CL_E_BAD_KIND, "message type 0x%08x gets no answer", type);
	if (type == MBIM_MESSAGE_TYPE_COMMAND && len < MBIM_CMD_HDR_LEN)
		return fail(t, CL_E_TRUNCATED, "a COMMAND has at least 48 bytes, not %zu", len);
	if (txn == 0)
		return fail(t, CL_E_BAD_VALUE, "transaction id 0 is the indications'");
	if (find(t, txn))
		return fail(t, CL_E_PROTOCOL, "transaction %u is already waiting for its answer", txn);
	struct mbim_pending *p = NULL;
	for (unsigned i = 0; i < MBIM_TXNS_MAX && !p; i++)
		if (!t->p[i].used)
			p = &t->p[i];
	if (!p)
		return fail(t, CL_E_TOO_MANY, "%d requests already wait for answers", MBIM_TXNS_MAX);
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->txn = txn;
	p->type = type;
	p->deadline_ms = deadline_ms;
	p->ud = ud;
	if (type == MBIM_MESSAGE_TYPE_COMMAND) {
		memcpy(p->service.b, req + 20, 16);
		p->cid = (uint32_t)req[36] | (uint32_t)req[37] << 8 | (uint32_t)req[38] << 16 | (uint32_t)req[39] << 24;
	}
	t->n++;
	return 0;
}

static uint32_t answer_type(uint32_t req)
{
	return req | 0x80000000u;       /* OPEN -> OPEN_DONE, CLOSE -> CLOSE_DONE, ... */
}

int mbim_txns_match(struct mbim_txns *t, const struct mbim_msg *m, void **ud)
{
	if (m->type == MBIM_MESSAGE_TYPE_INDICATE_STATUS || !(m->type & 0x80000000u))
		return fail(t, CL_E_BAD_KIND, "message type 0x%08x answers no request", m->type);
	struct mbim_pending *p = find(t, m->txn);
	if (!p)
		return fail(t, CL_E_PROTOCOL, "answer for transaction %u, which nothing waits for", m->txn);
	if (m->type != MBIM_MESSAGE_TYPE_FUNCTION_ERROR) {
		if (m->type != answer_type(p->type))
			return fail(t, CL_E_PROTOCOL, "transaction %u: a 0x%08x answers a 0x%08x",
				    m->txn, m->type, p->type);
		if (p->type == MBIM_MESSAGE_TYPE_COMMAND &&
		    (memcmp(p->service.b, m->service.b, 16) || p->cid != m->cid))
			return fail(t, CL_E_PROTOCOL, "transaction %u: the answer is for CID %u of another "
				    "service or CID than the request (CID %u)", m->txn, m->cid, p->cid);
	}
	*ud = p->ud;
	p->used = false;
	t->n--;
	return 0;
}

int mbim_txns_expired(struct mbim_txns *t, uint64_t now_ms, uint32_t *txn, void **ud)
{
	for (unsigned i = 0; i < MBIM_TXNS_MAX; i++) {
		struct mbim_pending *p = &t->p[i];
		if (p->used && p->deadline_ms <= now_ms) {
			*txn = p->txn;
			*ud = p->ud;
			p->used = false;
			t->n--;
			return 1;
		}
	}
	return 0;
}

int mbim_txns_next_deadline(const struct mbim_txns *t, uint64_t *deadline_ms)
{
	bool any = false;
	for (unsigned i = 0; i < MBIM_TXNS_MAX; i++) {
		const struct mbim_pending *p = &t->p[i];
		if (p->used && (!any || p->deadline_ms < *deadline_ms)) {
			*deadline_ms = p->deadline_ms;
			any = true;
		}
	}
	return any;
}
