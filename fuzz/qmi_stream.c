/* libFuzzer target: QMUX stream reassembly in the transport
 * (src/io/qmi_transport.c), the input cut into reads of sizes the input
 * itself chooses, so that frames arrive whole, several at once, or split
 * anywhere. Every frame handed on must be one qmux_frame_len accepts, of
 * exactly that length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/qmi_transport.h"
#include "qmi/qmi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_frame(struct qmi_transport *t, const uint8_t *frame, size_t len)
{
	(void)t;
	if (qmux_frame_len(frame, len) != (int)len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qmi_transport t;  /* 64 KiB buffer: not on the stack */
	memset(&t, 0, sizeof(t));
	t.st.h.fd = -1;
	t.on_frame = on_frame;
	if (size < 1)
		return 0;
	/* the first byte seeds the read sizes */
	uint32_t seed = data[0] | 1u;
	data++;
	size--;
	while (size) {
		seed = seed * 1103515245u + 12345u;
		size_t k = 1 + (seed >> 16) % 300;
		if (k > size)
			k = size;
		qmi_transport_input(&t, data, k);
		data += k;
		size -= k;
	}
	if (t.st.rlen > sizeof(t.rbuf))
		abort();
	return 0;
}
