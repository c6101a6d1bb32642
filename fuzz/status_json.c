/* libFuzzer target: the JSON that cellink status, signal, info and metrics
 * read back from a control socket (src/cli/status_text.c), as whatever
 * answers there might send it. The first byte chooses the verb. */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/status_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const verbs[] = { "status", "info", "signal", "metrics" };
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (size < 1 || !devnull)
		return 0;
	json_tokener *tok = json_tokener_new();
	json_object *root = json_tokener_parse_ex(tok, (const char *)data + 1, (int)(size - 1));
	if (root) {
		status_text_ok(root);
		status_text_print(devnull, verbs[data[0] % 4], root);
		json_object_put(root);
	}
	json_tokener_free(tok);
	return 0;
}
