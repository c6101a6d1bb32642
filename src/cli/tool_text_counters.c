/* cellink counters, as text (tool_text.h). */
#include "cli/tool_text.h"

static void section(FILE *o, const char *title, json_object *obj)
{
	if (!obj || !json_object_is_type(obj, json_type_object))
		return;
	fprintf(o, "%s:\n", title);
	static const char *const keys[][2] = {
		{ "rx_bytes", "received" }, { "tx_bytes", "sent" },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		uint64_t v;
		if (!tool_text_u64(obj, keys[i][0], &v))
			continue;
		fprintf(o, "  %-9s ", keys[i][1]);
		tool_text_bytes(o, v);
		uint64_t p;
		if (tool_text_u64(obj, i ? "tx_packets" : "rx_packets", &p))
			fprintf(o, ", %llu packets", (unsigned long long)p);
		fputc('\n', o);
	}
}

void tool_text_TOOL_COUNTERS(FILE *o, json_object *root, bool final)
{
	(void)final;
	json_object *v;
	if (json_object_object_get_ex(root, "session", &v))
		section(o, "this session", v);
	if (json_object_object_get_ex(root, "total", &v))
		section(o, "in total (since the daemon started, or since --reset)", v);
	if (json_object_object_get_ex(root, "reset", &v) && json_object_get_boolean(v))
		fprintf(o, "the daemon's counters start from zero again\n");
}
