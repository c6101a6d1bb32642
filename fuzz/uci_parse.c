/* libFuzzer target: configuration text into the UCI reader and the option checks. */
#include <stdint.h>
#include <stdlib.h>

#include "config/config.h"

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
	return 0;
}
