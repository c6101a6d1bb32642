/* libFuzzer target: configuration text into the UCI reader and the option
 * checks, and into the doctor's reader of configured modem links (as
 * /etc/config/network and as cellink.conf). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "usb/usb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_config *cfg = malloc(sizeof(*cfg));
	struct strbuf err, warn, out;
	sb_init(&err);
	sb_init(&warn);
	sb_init(&out);
	if (cl_config_parse(cfg, "fuzz", (const char *)data, size, &err, &warn) == 0)
		cl_config_print(&out, cfg);
	sb_free(&err);
	sb_free(&warn);
	sb_free(&out);
	free(cfg);
	char *text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = 0;
		struct usb_hostconf hc;
		usb_host_config_parse(text, text, &hc);
		free(text);
	}
	return 0;
}
