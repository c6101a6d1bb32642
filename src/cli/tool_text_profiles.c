/* cellink profiles, as text (tool_text.h). */
#include "cli/tool_text.h"

#include <string.h>

static void line(FILE *o, json_object *p)
{
	if (!p || !json_object_is_type(p, json_type_object))
		return;
	fprintf(o, "%3s  %-12s %-24s %-7s %s", tool_text_str(p, "index"), tool_text_str(p, "name"),
		tool_text_str(p, "apn"), tool_text_str(p, "pdp_type"), tool_text_str(p, "auth"));
	if (tool_text_str(p, "username")[0])
		fprintf(o, " user %s", tool_text_str(p, "username"));
	if (!strcmp(tool_text_str(p, "password_set"), "true"))
		fprintf(o, " (password set)");
	fputc('\n', o);
}

void tool_text_TOOL_PROFILES(FILE *o, json_object *root, bool final)
{
	(void)final;
	json_object *v;
	const char *action = tool_text_str(root, "action");
	if (!strcmp(action, "deleted")) {
		fprintf(o, "profile %s deleted\n", tool_text_str(root, "index"));
		return;
	}
	if (action[0])
		fprintf(o, "profile %s:\n", action);
	fprintf(o, "%3s  %-12s %-24s %-7s %s\n", "#", "name", "apn", "pdp", "auth");
	if (json_object_object_get_ex(root, "profile", &v))
		line(o, v);
	if (json_object_object_get_ex(root, "profiles", &v) && json_object_is_type(v, json_type_array))
		for (size_t i = 0; i < json_object_array_length(v); i++)
			line(o, json_object_array_get_idx(v, i));
}
