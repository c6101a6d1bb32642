/* libFuzzer target: QMUX frames into the decoder, then the printers and a
 * re-encode of what decoded, so every path that reads outside input runs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "qmi/qmi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qmi_msg m, m2;
	static uint8_t out[QMI_MAX_FRAME];
	struct strbuf sb;
	sb_init(&sb);
	for (unsigned flags = 0; flags <= QMI_DECODE_LENIENT; flags += QMI_DECODE_LENIENT) {
		if (qmi_decode(&m, data, size, flags) != 0)
			continue;
		qmi_print_json(&sb, &m, 0);
		qmi_print_text(&sb, &m, QMI_PRINT_SHOW_SECRETS);
		int n = qmi_encode(&m, out, sizeof(out));
		/* what decoded strictly must encode and decode again */
		if (flags == 0 && n > 0 && qmi_decode(&m2, out, (size_t)n, 0) != 0)
			abort();
		sb_reset(&sb);
	}
	size_t frame = 0;
	int r = qmux_frame_len(data, size);
	if (r > 0)
		frame = (size_t)r;
	(void)frame;
	sb_free(&sb);
	return 0;
}
