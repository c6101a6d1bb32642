/* The control socket's request parser (src/cli/ctl_proto.c): any bytes a
 * local client sends. A parsed request names a known verb and at most one
 * modem, without spaces; a toolbox verb's arguments are percent-decoded,
 * each without a NUL byte; a refusal always says why. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= CTL_TOOL_LINE_MAX)
		return 0;       /* longer lines are refused before parsing */
	char line[CTL_TOOL_LINE_MAX + 1];
	memcpy(line, data, size);
	enum ctl_verb verb;
	const char *modem = NULL;
	char why[256] = "";
	char *argv[TOOL_ARGS_MAX + 1];
	int argc = -1;
	if (ctl_parse_request_args(line, size, &verb, &modem, &argc, argv, TOOL_ARGS_MAX, why, sizeof(why)) == 0) {
		assert((unsigned)verb < CTL_N_VERBS);
		assert(modem && !strpbrk(modem, " \t\r\n"));
		assert(strlen(ctl_verb_name(verb)) > 0);
		assert(argc >= 0 && argc <= TOOL_ARGS_MAX && argv[argc] == NULL);
		assert(argc == 0 || ctl_verb_is_tool(verb));
		if (!ctl_verb_is_tool(verb))
			assert(size < CTL_LINE_MAX);
		/* what the CLI encodes decodes to the same bytes */
		for (int i = 0; i < argc; i++) {
			struct strbuf sb;
			sb_init(&sb);
			ctl_encode_arg(&sb, argv[i]);
			char *copy = strdup(sb_str(&sb));
			assert(copy && !strpbrk(copy, " \t\r\n"));
			sb_free(&sb);
			free(copy);
		}
		(void)ctl_request_changes(verb, argc, argv);
	} else {
		assert(why[0]);
	}
	return 0;
}
