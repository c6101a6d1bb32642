/* cellink reset, as text (tool_text.h). */
#include "cli/tool_text.h"

void tool_text_TOOL_RESET(FILE *o, json_object *root, bool final)
{
	(void)root, (void)final;
	fprintf(o, "the modem is resetting: it leaves the bus and comes back in a few seconds "
		   "(a daemon brings its link up again)\n");
}
