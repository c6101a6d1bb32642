/* libFuzzer target: encode's FIELD=VALUE parser (qmi_set_text, src/qmi/),
 * then the encoder and the decoder on what it built. The first two bytes
 * choose the service and the message; each following line is one
 * FIELD=VALUE argument. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qmi/qmi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t svcs[] = { 0x00, 0x01, 0x02, 0x03, 0x0b, 0x1a };
	if (size < 2)
		return 0;
	const struct qmi_service_def *svc = qmi_service_by_id(svcs[data[0] % sizeof(svcs)]);
	if (!svc || !svc->n_msgs)
		return 0;
	const struct qmi_msg_def *def = &svc->msgs[data[1] % svc->n_msgs];
	static struct qmi_msg m, back;
	qmi_msg_init(&m, svc->id, 1, QMI_REQUEST, 1, def->id);
	char *text = malloc(size - 1);
	if (!text)
		return 0;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = 0;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = 0;
		qmi_set_text(&m, line, eq + 1);
	}
	static uint8_t frame[QMI_MAX_FRAME];
	int n = qmi_encode(&m, frame, sizeof(frame));
	if (n > 0)
		qmi_decode(&back, frame, (size_t)n, 0);
	free(text);
	return 0;
}
