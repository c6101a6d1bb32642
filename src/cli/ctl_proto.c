/* The control socket's request line (ctl.h): no I/O, fuzzed by
 * fuzz/ctl_request.c. */
#include <stdio.h>
#include <string.h>

#include "cli/ctl.h"
#include "common/strbuf.h"

static const struct {
	const char *name;
	bool change;
} verbs[CTL_N_VERBS] = {
#define CTL_VERB_ROW(sym, n, c) [sym] = { n, c },
	CTL_VERBS(CTL_VERB_ROW)
#undef CTL_VERB_ROW
};

const char *ctl_verb_name(enum ctl_verb v)
{
	return (unsigned)v < CTL_N_VERBS ? verbs[v].name : "?";
}

bool ctl_verb_changes(enum ctl_verb v)
{
	return (unsigned)v < CTL_N_VERBS && verbs[v].change;
}

int ctl_parse_request(char *line, size_t len, enum ctl_verb *verb, const char **modem, char *why,
		      size_t why_len)
{
	if (memchr(line, 0, len)) {
		snprintf(why, why_len, "the request holds a NUL byte");
		return -1;
	}
	line[len] = 0;
	char *save = NULL;
	char *cmd = strtok_r(line, " \t\r", &save);
	char *name = strtok_r(NULL, " \t\r", &save);
	char *extra = strtok_r(NULL, " \t\r", &save);
	if (!cmd) {
		snprintf(why, why_len, "empty command");
		return -1;
	}
	for (int v = 0; v < CTL_N_VERBS; v++)
		if (!strcmp(cmd, verbs[v].name)) {
			if (extra) {
				snprintf(why, why_len, "%s takes at most one modem name", cmd);
				return -1;
			}
			*verb = (enum ctl_verb)v;
			*modem = name ? name : "";
			return 0;
		}
	struct strbuf sb;
	sb_init(&sb);
	for (int v = 0; v < CTL_N_VERBS; v++)
		sb_printf(&sb, "%s%s", v ? ", " : "", verbs[v].name);
	snprintf(why, why_len, "unknown command (%s)", sb_str(&sb));
	sb_free(&sb);
	return -1;
}

