/* The control socket's request parser (src/cli/ctl_proto.c): any bytes a
 * local client sends. A parsed request names a known verb and at most one
 * modem, without spaces; a refusal always says why. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= CTL_LINE_MAX)
		return 0;       /* longer lines are refused before parsing */
	char line[CTL_LINE_MAX + 1];
	memcpy(line, data, size);
	enum ctl_verb verb;
	const char *modem = NULL;
	char why[256] = "";
	if (ctl_parse_request(line, size, &verb, &modem, why, sizeof(why)) == 0) {
		assert((unsigned)verb < CTL_N_VERBS);
		assert(modem && !strpbrk(modem, " \t\r"));
		assert(strlen(ctl_verb_name(verb)) > 0);
	} else {
		assert(why[0]);
	}
	return 0;
}
