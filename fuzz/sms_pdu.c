/* libFuzzer target: bytes as an SMS PDU into the decoder (sms.h); what
 * decodes must hold a NUL-terminated text of its stated length and valid
 * concatenation numbers. The input is also tried as text for the encoder,
 * whose parts must decode back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms/sms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sms_msg m;
	static struct sms_pdu parts[SMS_MAX_PARTS];
	static char text[2048];
	char why[160];
	if (sms_decode(data, size, &m, why, sizeof(why)) == 0) {
		if (strlen(m.text) != m.text_len)
			abort();
		if (m.concat && (m.seq == 0 || m.seq > m.total))
			abort();
		const struct sms_msg *one[] = { &m };
		bool complete;
		static char joined[SMS_TEXT_MAX * 4];
		sms_join(one, 1, joined, sizeof(joined), &complete);
	} else if (!why[0]) {
		abort();        /* a refusal always says why */
	}
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = 0;
	int k = sms_encode_submit("+4912345678", text, 1, parts, SMS_MAX_PARTS, why, sizeof(why));
	for (int i = 0; i < k; i++)
		if (sms_decode(parts[i].b, parts[i].len, &m, why, sizeof(why)) != 0)
			abort();
	return 0;
}
