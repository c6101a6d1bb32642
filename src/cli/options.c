/* The table of options (options.h) and what is made from it at run time:
 * getopt's arrays and the option lines of --help. */
#include "cli/options.h"

#include <stddef.h>
#include <string.h>

/* The texts of the options, one member each (named after the option's id),
 * so that a row holds their offsets. */
#define CLI_OPT_MEMBERS(id, name, sh, arg, meta, compl, cmds, help) \
	char n_##id[sizeof(name)]; char m_##id[sizeof(meta)]; char h_##id[sizeof(help)];
#define CLI_OPT_TEXTS(id, name, sh, arg, meta, compl, cmds, help) .n_##id = name, .m_##id = meta, .h_##id = help,
static const struct cli_opt_pool {
	CELLINK_OPTIONS(CLI_OPT_MEMBERS)
} cli_opt_texts = { CELLINK_OPTIONS(CLI_OPT_TEXTS) };
_Static_assert(sizeof(struct cli_opt_pool) <= UINT16_MAX, "option texts beyond 16-bit offsets");

#define AT(m) ((uint16_t)offsetof(struct cli_opt_pool, m))
const struct cli_opt cli_opts[CLI_N_OPTS] = {
#define CLI_OPT_ROW(id, name, sh, arg, meta, compl, cmds, help) \
	{ AT(n_##id), AT(m_##id), AT(h_##id), OPT_##id, cmds, sh, arg },
	CELLINK_OPTIONS(CLI_OPT_ROW)
#undef CLI_OPT_ROW
};

const char *cli_opt_text(uint16_t offset)
{
	return (const char *)&cli_opt_texts + offset;
}

static const struct {
	const char *name;
	unsigned bits;
} command_bits[] = {
	{ "decode", CB_DECODE }, { "encode", CB_ENCODE }, { "config", CB_CONFIG },
	{ "doctor", CB_DOCTOR }, { "connect", CB_CONNECT }, { "daemon", CB_DAEMON },
	{ "status", CB_QUERY }, { "signal", CB_QUERY }, { "info", CB_QUERY }, { "metrics", CB_QUERY },
	{ "disconnect", CB_QUERY }, { "reconnect", CB_QUERY }, { "at", CB_AT },
	/* the toolbox (tool/ops.h) */
	{ "counters", CB_TOOL | CB_T_COUNTERS }, { "reset", CB_TOOL | CB_T_RESET },
	{ "power", CB_TOOL | CB_T_POWER }, { "profiles", CB_TOOL | CB_T_PROFILES },
	{ "monitor", CB_TOOL | CB_T_MONITOR }, { "cells", CB_TOOL | CB_T_CELLS },
	{ "bands", CB_TOOL | CB_T_BANDS }, { "networks", CB_TOOL | CB_T_NETWORKS },
	{ "sms", CB_TOOL | CB_T_SMS }, { "ussd", CB_TOOL | CB_T_USSD },
};

unsigned cli_command_bits(const char *command)
{
	for (size_t i = 0; i < sizeof command_bits / sizeof command_bits[0]; i++)
		if (!strcmp(command, command_bits[i].name))
			return command_bits[i].bits;
	return 0;
}

void cli_parser_init(struct cli_parser *p, unsigned cmds, bool stop_at_operand)
{
	memset(p, 0, sizeof(*p));
	p->cmds = cmds;
	optind = 0;     /* glibc: start afresh, "+" included */
	size_t n = 0, s = 0;
	if (stop_at_operand)
		p->shortopts[s++] = '+';
	p->shortopts[s++] = ':';        /* a missing value is told apart from an unknown option */
	for (size_t i = 0; i < CLI_N_OPTS; i++) {
		const struct cli_opt *o = &cli_opts[i];
		if (!(o->cmds & cmds))
			continue;
		p->longopts[n++] = (struct option){ cli_opt_name(o), o->arg ? required_argument : no_argument,
						    NULL, (int)o->id };
		if (o->shortopt) {
			p->shortopts[s++] = o->shortopt;
			if (o->arg)
				p->shortopts[s++] = ':';
		}
	}
	p->longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	p->shortopts[s] = 0;
}

int cli_next(struct cli_parser *p, int argc, char **argv)
{
	int r = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
	if (r == -1 || r > OPT__NONE)
		return r;
	if (r == ':' || r == '?') {
		const char *word = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		if (r == ':')
			fprintf(stderr, "cellink %s: %s needs a value\n", argv[0], word);
		else if (optopt && optopt <= OPT__NONE)
			fprintf(stderr, "cellink %s: unknown option '-%c'\n", argv[0], optopt);
		else if (optopt)
			fprintf(stderr, "cellink %s: %s takes no value\n", argv[0], word);
		else
			fprintf(stderr, "cellink %s: unknown option '%s'\n", argv[0], word);
		return '?';
	}
	for (size_t i = 0; i < CLI_N_OPTS; i++)
		if ((cli_opts[i].cmds & p->cmds) && cli_opts[i].shortopt == r)
			return (int)cli_opts[i].id;
	return '?';
}

const struct cli_opt *cli_find(const char *name, unsigned cmds)
{
	for (size_t i = 0; i < CLI_N_OPTS; i++)
		if ((cli_opts[i].cmds & cmds) && !strcmp(cli_opt_name(&cli_opts[i]), name))
			return &cli_opts[i];
	return NULL;
}

#define HELP_COLUMN 23

void cli_print_options(FILE *f, unsigned cmds)
{
	for (size_t i = 0; i < CLI_N_OPTS; i++) {
		const struct cli_opt *o = &cli_opts[i];
		if (!(o->cmds & cmds))
			continue;
		int w = fprintf(f, "  --%s%s%s", cli_opt_name(o), cli_opt_meta(o)[0] ? " " : "", cli_opt_meta(o));
		if (w + 1 > HELP_COLUMN) {
			fputc('\n', f);
			w = 0;
		}
		fprintf(f, "%*s", HELP_COLUMN - w, "");
		/* words up to column 79, the rest of the lines under the first */
		int col = HELP_COLUMN;
		for (const char *h = cli_opt_help(o); *h;) {
			size_t len = strcspn(h, " ");
			if (col > HELP_COLUMN && col + 1 + (int)len > 79) {
				fprintf(f, "\n%*s", HELP_COLUMN, "");
				col = HELP_COLUMN;
			} else if (col > HELP_COLUMN) {
				fputc(' ', f);
				col++;
			}
			fwrite(h, 1, len, f);
			col += (int)len;
			h += len;
			h += strspn(h, " ");
		}
		fputc('\n', f);
	}
}

void cli_print_exits(FILE *f, unsigned cmds)
{
#define CLI_EXIT_LINE(rowcmds, num, text) \
	if ((rowcmds) & cmds)             \
		fprintf(f, "  %3d  %s\n", num, text);
	CELLINK_CMD_EXITS(CLI_EXIT_LINE)
#undef CLI_EXIT_LINE
}

int cli_ip_type(const char *s, bool *v4, bool *v6)
{
	static const struct {
		const char *a, *b;
		bool v4, v6;
	} types[] = { { "4", "ipv4", true, false }, { "6", "ipv6", false, true }, { "4v6", "ipv4v6", true, true } };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(s, types[i].a) || !strcmp(s, types[i].b)) {
			*v4 = types[i].v4;
			*v6 = types[i].v6;
			return 0;
		}
	return -1;
}
