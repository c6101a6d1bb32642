/* The toolbox's text printers (src/cli/tool_text*.c): what a daemon
 * answers is outside input. Any bytes are parsed as JSON and handed to
 * every op's printer, as an update and as the final answer; nothing may
 * crash or read out of bounds, whatever shape the JSON has. */
#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/tool_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ops[] = {
#define FUZZ_TOOL_NAME(sym, name, start, changes, help) name,
	TOOL_OPS(FUZZ_TOOL_NAME)
#undef FUZZ_TOOL_NAME
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink || size > 65536)
		return 0;
	char buf[65537];
	memcpy(buf, data, size);
	buf[size] = 0;
	json_object *root = json_tokener_parse(buf);
	if (!root)
		return 0;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		tool_text_fn fn = tool_text_for(ops[i]);
		if (fn) {
			fn(sink, root, false);
			fn(sink, root, true);
		}
	}
	tool_text_generic(sink, root);
	json_object_put(root);
	return 0;
}
