/* The control socket's request line (ctl.h): no I/O, fuzzed by
 * fuzz/ctl_request.c. */
#include <stdio.h>
#include <string.h>

#include "cli/ctl.h"
#include "common/hex.h"
#include "common/strbuf.h"

static const struct {
	const char *name;
	bool change;
	bool tool;
} verbs[CTL_N_VERBS] = {
#define CTL_VERB_ROW(sym, n, c) [sym] = { n, c, false },
	CTL_VERBS(CTL_VERB_ROW)
#undef CTL_VERB_ROW
#define CTL_TOOL_VERB_ROW(sym, n, start, changes, help) [CTL_##sym] = { n, false, true },
	TOOL_OPS(CTL_TOOL_VERB_ROW)
#undef CTL_TOOL_VERB_ROW
};

const char *ctl_verb_name(enum ctl_verb v)
{
	return (unsigned)v < CTL_N_VERBS ? verbs[v].name : "?";
}

bool ctl_verb_is_tool(enum ctl_verb v)
{
	return (unsigned)v < CTL_N_VERBS && verbs[v].tool;
}

bool ctl_verb_changes(enum ctl_verb v)
{
	return ctl_request_changes(v, 0, NULL);
}

bool ctl_request_changes(enum ctl_verb v, int argc, char **argv)
{
	if ((unsigned)v >= CTL_N_VERBS)
		return true;
	if (verbs[v].tool) {
		char *none[1] = { NULL };
		return tool_changes(verbs[v].name, argc, argv ? argv : none);
	}
	return verbs[v].change;
}

static bool plain(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr("._~:,+=/@-", c));
}

void ctl_encode_arg(struct strbuf *sb, const char *arg)
{
	if (!*arg) {
		sb_putc(sb, '%');
		return;
	}
	for (const unsigned char *p = (const unsigned char *)arg; *p; p++) {
		if (plain(*p))
			sb_putc(sb, (char)*p);
		else
			sb_printf(sb, "%%%02X", *p);
	}
}

/* Decodes s in place; -1 on a bad escape or a NUL byte. */
static int decode(char *s)
{
	if (!strcmp(s, "%")) {
		s[0] = 0;
		return 0;
	}
	char *w = s;
	for (const char *p = s; *p; p++) {
		if (*p != '%') {
			*w++ = *p;
			continue;
		}
		int hi = hex_digit(p[1]), lo = hi < 0 ? -1 : hex_digit(p[2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return -1;
		*w++ = (char)(hi * 16 + lo);
		p += 2;
	}
	*w = 0;
	return 0;
}

static void unknown(char *why, size_t why_len)
{
	struct strbuf sb;
	sb_init(&sb);
	for (int v = 0; v < CTL_N_VERBS; v++)
		sb_printf(&sb, "%s%s", v ? ", " : "", verbs[v].name);
	snprintf(why, why_len, "unknown command (%s)", sb_str(&sb));
	sb_free(&sb);
}

int ctl_parse_request_args(char *line, size_t len, enum ctl_verb *verb, const char **modem, int *argc,
			   char **argv, int max, char *why, size_t why_len)
{
	*argc = 0;
	argv[0] = NULL;
	if (memchr(line, 0, len)) {
		snprintf(why, why_len, "the request holds a NUL byte");
		return -1;
	}
	line[len] = 0;
	char *save = NULL;
	char *cmd = strtok_r(line, " \t\r\n", &save);
	if (!cmd) {
		snprintf(why, why_len, "empty command");
		return -1;
	}
	int v;
	for (v = 0; v < CTL_N_VERBS; v++)
		if (!strcmp(cmd, verbs[v].name))
			break;
	if (v == CTL_N_VERBS) {
		unknown(why, why_len);
		return -1;
	}
	char *name = strtok_r(NULL, " \t\r\n", &save);
	if (!verbs[v].tool) {
		if (strtok_r(NULL, " \t\r\n", &save)) {
			snprintf(why, why_len, "%s takes at most one modem name", cmd);
			return -1;
		}
		if (len >= CTL_LINE_MAX) {
			snprintf(why, why_len, "request too long (a line is at most %d bytes)", CTL_LINE_MAX - 1);
			return -1;
		}
		*verb = (enum ctl_verb)v;
		*modem = name ? name : "";
		return 0;
	}
	if (name && decode(name) < 0) {
		snprintf(why, why_len, "%s: the modem name has a bad %%-escape", cmd);
		return -1;
	}
	if (name && (!strcmp(name, "-") || strpbrk(name, " \t\r\n"))) {
		if (strcmp(name, "-")) {
			snprintf(why, why_len, "%s: a modem name holds no spaces", cmd);
			return -1;
		}
		name = NULL;
	}
	char *a;
	while ((a = strtok_r(NULL, " \t\r\n", &save))) {
		if (*argc >= max) {
			snprintf(why, why_len, "%s: too many arguments (at most %d)", cmd, max);
			return -1;
		}
		if (decode(a) < 0) {
			snprintf(why, why_len, "%s: argument %d has a bad %%-escape (or encodes a NUL byte)", cmd,
				 *argc + 1);
			return -1;
		}
		argv[(*argc)++] = a;
		argv[*argc] = NULL;
	}
	*verb = (enum ctl_verb)v;
	*modem = name ? name : "";
	return 0;
}

int ctl_parse_request(char *line, size_t len, enum ctl_verb *verb, const char **modem, char *why,
		      size_t why_len)
{
	char *argv[TOOL_ARGS_MAX + 1];
	int argc;
	return ctl_parse_request_args(line, len, verb, modem, &argc, argv, TOOL_ARGS_MAX, why, why_len);
}
