/* libFuzzer target: bytes into the MBIM decoder (strict and lenient), then
 * the printers and a re-encode of what decoded; and the same bytes cut into
 * messages fed to the reassembler, whose output is decoded in turn. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "mbim/mbim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode_print(struct mbim_msg *m, const uint8_t *p, size_t n, struct strbuf *sb)
{
	static struct mbim_msg m2;
	static uint8_t out[MBIM_MAX_MSG];
	for (unsigned flags = 0; flags <= MBIM_DECODE_LENIENT; flags += MBIM_DECODE_LENIENT) {
		if (mbim_decode(m, p, n, flags) != 0)
			continue;
		mbim_print_json(sb, m, 0);
		mbim_print_text(sb, m, MBIM_PRINT_SHOW_SECRETS | MBIM_PRINT_REDACT_PERSONAL);
		sb_reset(sb);
		/* a buffer that decoded strictly encodes, and decodes again */
		if (!m->body || !m->svc || flags || n > MBIM_MAX_MSG / 2)
			continue;
		int k = -1;
		if (m->type == MBIM_MESSAGE_TYPE_COMMAND)
			k = mbim_encode_command(out, sizeof(out), m->txn, (enum mbim_service)m->svc->id,
						m->cid, m->command_type, m->body);
		else if (m->type == MBIM_MESSAGE_TYPE_COMMAND_DONE)
			k = mbim_encode_command_done(out, sizeof(out), m->txn, (enum mbim_service)m->svc->id,
						     m->cid, m->status, m->body);
		else
			k = mbim_encode_indicate(out, sizeof(out), (enum mbim_service)m->svc->id, m->cid, m->body);
		if (k < 0 || mbim_decode(&m2, out, (size_t)k, 0) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mbim_msg m;
	static struct mbim_reasm r;
	struct strbuf sb;
	sb_init(&sb);
	decode_print(&m, data, size, &sb);
	/* the input as a stream of messages, each as long as its header says */
	mbim_reasm_init(&r);
	size_t off = 0;
	while (size - off >= MBIM_HDR_LEN) {
		int len = mbim_msg_len(data + off, size - off);
		if (len <= 0 || (size_t)len > size - off)
			break;
		const uint8_t *msg;
		size_t mlen;
		if (mbim_reasm_feed(&r, data + off, (size_t)len, &msg, &mlen) == 1)
			decode_print(&m, msg, mlen, &sb);
		off += (size_t)len;
	}
	sb_free(&sb);
	return 0;
}
