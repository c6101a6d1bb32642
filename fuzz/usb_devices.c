/* libFuzzer target: the /sys/kernel/debug/usb/devices parser, then the
 * analysis and both reports over whatever it made of the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/strbuf.h"
#include "usb/usb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct usb_listing l;    /* large; reused between runs */
	static struct usb_analysis a;
	if (usb_listing_parse(&l, (const char *)data, size) <= 0)
		return 0;
	struct usb_kernel k;
	usb_kernel_parse(&k, size && (data[0] & 1) ? "4.4.50" : "5.15.0");
	usb_analyze(&l, &k, &a);
	struct strbuf sb;
	sb_init(&sb);
	usb_report_text(&l, &a, &sb);
	usb_report_json(&l, &a, &sb);
	sb_free(&sb);
	return 0;
}
