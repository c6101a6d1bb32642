/* Fragmentation of messages beyond the maximum control transfer, and the
 * strict reassembly of what the device sends in fragments. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "common/util.h"
#include "mbim/mbim.h"

#define FRAG_HDR (MBIM_HDR_LEN + MBIM_FRAG_HDR_LEN)


static bool fragmentable(uint32_t type)
{
	return type == MBIM_MESSAGE_TYPE_COMMAND || type == MBIM_MESSAGE_TYPE_COMMAND_DONE ||
	       type == MBIM_MESSAGE_TYPE_INDICATE_STATUS;
}

unsigned mbim_fragment_count(size_t len, size_t max)
{
	if (len <= max)
		return 1;
	if (max <= FRAG_HDR || len < FRAG_HDR)
		return 0;
	size_t payload = len - FRAG_HDR, per = max - FRAG_HDR;
	return (unsigned)((payload + per - 1) / per);
}

int mbim_fragment(const uint8_t *msg, size_t len, size_t max, unsigned i, uint8_t *out, size_t cap)
{
	if (len < FRAG_HDR || !fragmentable(cl_get_le32(msg)) || cl_get_le32(msg + 4) != len)
		return CL_E_BAD_KIND;
	unsigned total = mbim_fragment_count(len, max);
	if (total == 0)
		return CL_E_BAD_VALUE;   /* a transfer cannot even hold the headers */
	if (i >= total)
		return CL_E_BAD_VALUE;
	size_t per = total == 1 ? len - FRAG_HDR : max - FRAG_HDR;
	size_t from = FRAG_HDR + (size_t)i * per;
	size_t n = len - from < per ? len - from : per;
	if (cap < FRAG_HDR + n)
		return CL_E_NO_SPACE;
	memcpy(out, msg, MBIM_HDR_LEN);
	cl_put_le32(out + 4, (uint32_t)(FRAG_HDR + n));
	cl_put_le32(out + 12, total);
	cl_put_le32(out + 16, i);
	memmove(out + FRAG_HDR, msg + from, n);
	return (int)(FRAG_HDR + n);
}

void mbim_reasm_init(struct mbim_reasm *r)
{
	r->active = false;
	r->len = 0;
	r->dropped = 0;
	r->errtext[0] = 0;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct mbim_reasm *r, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->errtext, sizeof(r->errtext), fmt, ap);
	va_end(ap);
	return code;
}

int mbim_reasm_feed(struct mbim_reasm *r, const uint8_t *frag, size_t n,
		    const uint8_t **msg, size_t *len)
{
	if (n < MBIM_HDR_LEN)
		return fail(r, CL_E_TRUNCATED, "%zu bytes, the MBIM header alone is 12", n);
	uint32_t type = cl_get_le32(frag), flen = cl_get_le32(frag + 4), txn = cl_get_le32(frag + 8);
	if (flen != n)
		return fail(r, flen > n ? CL_E_TRUNCATED : CL_E_TRAILING,
			    "header says %u bytes, %zu came", flen, n);
	if (!fragmentable(type)) {
		if (r->active) {
			r->active = false;
			return fail(r, CL_E_PROTOCOL,
				    "message type 0x%08x came between fragments %u and %u of transaction %u",
				    type, r->next - 1, r->next, r->txn);
		}
		if (n > MBIM_MAX_MSG)
			return fail(r, CL_E_OVERLONG, "message of %zu bytes is too large", n);
		memcpy(r->buf, frag, n);
		*msg = r->buf;
		*len = n;
		return 1;
	}
	if (n < FRAG_HDR)
		return fail(r, CL_E_TRUNCATED, "%zu bytes, a fragment header needs 20", n);
	uint32_t total = cl_get_le32(frag + 12), cur = cl_get_le32(frag + 16);
	if (total == 0)
		return fail(r, CL_E_PROTOCOL, "fragment header says 0 fragments");
	if (cur >= total)
		return fail(r, CL_E_PROTOCOL, "fragment %u of %u is past the last", cur, total);
	if (r->active && cur == 0) {
		/* the device gave up on the pending message: count it lost */
		fail(r, CL_E_PROTOCOL, "transaction %u dropped at fragment %u of %u; transaction %u starts",
		     r->txn, r->next, r->total, txn);
		r->dropped++;
		r->active = false;
	}
	if (!r->active) {
		if (cur != 0)
			return fail(r, CL_E_PROTOCOL, "fragment %u of %u (transaction %u) without its first",
				    cur, total, txn);
		r->active = true;
		r->type = type;
		r->txn = txn;
		r->total = total;
		r->next = 0;
		r->len = 0;
	} else {
		if (txn != r->txn || type != r->type) {
			r->active = false;
			return fail(r, CL_E_PROTOCOL,
				    "fragment of transaction %u came while transaction %u waits for fragment %u of %u",
				    txn, r->txn, r->next, r->total);
		}
		if (total != r->total) {
			r->active = false;
			return fail(r, CL_E_PROTOCOL, "fragment %u says %u fragments, the first said %u",
				    cur, total, r->total);
		}
		if (cur != r->next) {
			r->active = false;
			return fail(r, CL_E_PROTOCOL, "fragment %u came, fragment %u of %u was due",
				    cur, r->next, r->total);
		}
	}
	size_t body = cur == 0 ? n : n - FRAG_HDR;
	const uint8_t *src = cur == 0 ? frag : frag + FRAG_HDR;
	if (body > sizeof(r->buf) - r->len) {
		r->active = false;
		return fail(r, CL_E_OVERLONG, "transaction %u grows past %d bytes at fragment %u",
			    txn, MBIM_MAX_MSG, cur);
	}
	memcpy(r->buf + r->len, src, body);
	r->len += body;
	r->next = cur + 1;
	if (r->next < r->total)
		return 0;
	r->active = false;
	cl_put_le32(r->buf + 4, (uint32_t)r->len);
	cl_put_le32(r->buf + 12, 1);
	cl_put_le32(r->buf + 16, 0);
	*msg = r->buf;
	*len = r->len;
	return 1;
}
