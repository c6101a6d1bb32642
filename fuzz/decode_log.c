/* libFuzzer target: the log scraper of cellink decode. The input is a
 * pasted log or a file of hex lines: each line goes through the log
 * reader (hex_log_line(), src/common/hex.c: RAW blocks, their lengths,
 * ModemManager's forms) and hex_decode(), then, as
 * src/cli/cmd_decode.c does, to the MBIM reassembler and decoder or the
 * QMUX decoder, and to the printers. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/hex.h"
#include "common/strbuf.h"
#include "mbim/mbim.h"
#include "qmi/qmi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qmi_msg qm;
	static struct mbim_msg mm;
	static struct mbim_reasm reasm;
	static uint8_t frame[QMI_MAX_FRAME];
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	mbim_reasm_init(&reasm);
	struct hex_log lg;
	hex_log_init(&lg);
	struct strbuf sb;
	sb_init(&sb);
	for (char *line = text; line && line < text + size;) {
		char *nl = strchr(line, '\n');
		char *next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = 0;
		bool from_log;   /* decode reports errors differently in a log; not needed here */
		long declared;
		const char *hex = hex_log_line(&lg, line, &from_log, &declared);
		line = next;
		if (!hex)
			continue;
		if (declared < -1 || (!from_log && declared != -1))
			abort();        /* a length only from a RAW block, never negative */
		if (from_log && hex_log_cut(hex))
			continue;
		int n = hex_decode(hex, strlen(hex), frame, sizeof(frame));
		if (n < 0 || (declared >= 0 && declared != n))
			continue;
		if (mbim_looks_like(frame, (size_t)n) || (n >= MBIM_HDR_LEN && frame[0] != 0x01)) {
			const uint8_t *msg;
			size_t len;
			if (mbim_reasm_feed(&reasm, frame, (size_t)n, &msg, &len) == 1 &&
			    mbim_decode(&mm, msg, len, 0) == 0) {
				mbim_print_json(&sb, &mm, 0);
				mbim_print_text(&sb, &mm, MBIM_PRINT_REDACT_PERSONAL);
			}
		} else if (qmi_decode(&qm, frame, (size_t)n, 0) == 0) {
			qmi_print_json(&sb, &qm, 0);
			qmi_print_text(&sb, &qm, QMI_PRINT_REDACT_PERSONAL);
		}
		sb_reset(&sb);
	}
	sb_free(&sb);
	free(text);
	return 0;
}
