/* cellink power, as text (tool_text.h). */
#include "cli/tool_text.h"

#include <string.h>

void tool_text_TOOL_POWER(FILE *o, json_object *root, bool final)
{
	(void)final;
	const char *mode = tool_text_str(root, "mode"), *before = tool_text_str(root, "previous");
	if (before[0] && strcmp(before, mode))
		fprintf(o, "operating mode: %s (was %s)\n", mode, before);
	else
		fprintf(o, "operating mode: %s\n", mode);
	if (tool_text_str(root, "link")[0])
		fprintf(o, "the link: %s\n", tool_text_str(root, "link"));
}
