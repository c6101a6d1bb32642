/* libFuzzer target: the JSON that cellink monitor and cells print as text
 * (src/cli/tool_text_monitor.c, tool_text_cells.c), as a daemon or
 * anything at its socket might send it. The first byte chooses the printer. */
#include <json-c/json.h>
#include <stdint.h>

#include "cli/tool_text_cells.h"
#include "cli/tool_text_monitor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	json_tokener *tok = json_tokener_new();
	json_object *root = json_tokener_parse_ex(tok, (const char *)data + 1, (int)(size - 1));
	if (root) {
		struct strbuf out;
		sb_init(&out);
		if (data[0] & 1)
			tool_text_cells(root, &out);
		else
			tool_text_monitor(root, &out);
		sb_free(&out);
		json_object_put(root);
	}
	json_tokener_free(tok);
	return 0;
}
