/* cellink counters, as text (tool_text.h). */
#include "cli/tool_text.h"

#include <string.h>

static void section(FILE *o, const char *title, json_object *root, const char *key)
{
	json_object *obj;
	if (!json_object_object_get_ex(root, key, &obj) || !obj || !json_object_is_type(obj, json_type_object))
		return;
	fprintf(o, "%s:\n", title);
	static const char *const keys[][3] = {
		{ "rx_bytes", "received", "rx_packets" }, { "tx_bytes", "sent", "tx_packets" },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		uint64_t v;
		if (!tool_text_u64(obj, keys[i][0], &v))
			continue;
		fprintf(o, "  %-9s ", keys[i][1]);
		tool_text_bytes(o, v);
		uint64_t p;
		if (tool_text_u64(obj, keys[i][2], &p))
			fprintf(o, ", %llu packets", (unsigned long long)p);
		fputc('\n', o);
	}
}

void tool_text_TOOL_COUNTERS(FILE *o, json_object *root, bool final)
{
	(void)final;
	if (!strcmp(tool_text_str(root, "connected"), "false"))
		fprintf(o, "no data session now\n");
	section(o, "this session", root, "session");
	section(o, "the last session", root, "last_call");
	section(o, "in total (since the daemon started, or since --reset)", root, "total");
	if (!strcmp(tool_text_str(root, "reset"), "true"))
		fprintf(o, "the daemon's counters start from zero again\n");
}
