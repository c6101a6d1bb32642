/* cellink ussd, as text (tool_text.h): the network's answer as it is. */
#include "cli/tool_text.h"

void tool_text_TOOL_USSD(FILE *o, json_object *root, bool final)
{
	(void)final;
	fprintf(o, "%s\n", tool_text_str(root, "answer"));
}
