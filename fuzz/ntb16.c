/* libFuzzer target: the emulator's NTB16 reader (what cdc_mbim sends on
 * the bulk OUT endpoint of the MBIM personality). Every datagram it hands
 * out must lie inside the input; a refusal must say why. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sim/usb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct span {
	const uint8_t *lo, *hi;
};

static void check(void *ctx, int session, const uint8_t *d, size_t len)
{
	const struct span *s = ctx;
	if (d < s->lo || d + len > s->hi || !len || session < -1 || session > 255)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct span s = { data, data + size };
	const char *why = NULL;
	int n = sim_ntb16_parse(data, size, check, &s, &why);
	if (n < 0 && !why)
		abort();
	return 0;
}
