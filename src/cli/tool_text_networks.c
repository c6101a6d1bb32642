/* cellink networks, as text (tool_text.h): a progress line while the scan
 * runs (at its start, then every 10 s), then one line per operator:
 *   PLMN    NAME              RADIO  STATUS
 *   26201   Telekom.de        lte    current-serving, available, home */
#include "cli/tool_text.h"

#include <string.h>

void tool_text_TOOL_NETWORKS(FILE *o, json_object *root, bool final)
{
	if (!final) {
		uint64_t s = 0;
		tool_text_u64(root, "elapsed_s", &s);
		if (s == 0)
			fprintf(o, "scanning for networks (this takes up to a few minutes)...\n");
		else if (s % 10 == 0)
			fprintf(o, "still scanning (%llu s)\n", (unsigned long long)s);
		return;
	}
	json_object *nets;
	if (!json_object_object_get_ex(root, "networks", &nets) || !json_object_is_type(nets, json_type_array))
		return;
	size_t n = json_object_array_length(nets);
	if (!n) {
		fprintf(o, "no network found\n");
		return;
	}
	fprintf(o, "%-7s %-20s %-6s %s\n", "PLMN", "NAME", "RADIO", "STATUS");
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(nets, i), *st;
		if (!e || !json_object_is_type(e, json_type_object))
			continue;
		const char *name = tool_text_str(e, "name"), *rat = tool_text_str(e, "rat");
		fprintf(o, "%-7s %-20.40s %-6s ", tool_text_str(e, "plmn"), name[0] ? name : "-", rat[0] ? rat : "-");
		if (json_object_object_get_ex(e, "status", &st) && json_object_is_type(st, json_type_array))
			for (size_t k = 0; k < json_object_array_length(st); k++) {
				const char *t = json_object_get_string(json_object_array_get_idx(st, k));
				fprintf(o, "%s%s", k ? ", " : "", t ? t : "");
			}
		fputc('\n', o);
	}
}
