/* cellink-gen-docs: makes the bash completion and the option lists and exit
 * statuses of cellink(8) from the same tables as the program's getopt and
 * --help (cli/options.h, cli/commands.h, conn/conn_exit.h). Run at build
 * time; the installed files are its output.
 *
 *   cellink-gen-docs completion OUT
 *   cellink-gen-docs man TEMPLATE OUT
 *
 * In TEMPLATE, a line "@OPTIONS GROUP@" becomes the .TP list of a group's
 * options (GROUP: decode encode config doctor qmi ppp-only daemon query at),
 * "@EXITS@" the exit statuses of every command, "@PARTS@" a sentence naming
 * the parts this build left out (nothing when it has them all), and
 * @VERSION@ the version. The page describes every command; the completion
 * offers only those this build has (commands.h's part column). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "conn/conn_exit.h"
#include "host/mbim_part.h"
#include "tool/ops.h"

/* the commands this build has (commands.h's part column): the completion
 * offers no command the build left out */
static const char *const command_names[] = {
#define GEN_CMD_NAME(name, part, help) CL_PART_FN(part, #name),
	CELLINK_COMMANDS(GEN_CMD_NAME)
#undef GEN_CMD_NAME
};
#define N_COMMANDS (sizeof command_names / sizeof command_names[0])

/* the toolbox's commands (tool/ops.h): names and help only, no code */
static const struct {
	const char *name, *help;
} tool_ops[] = {
#define GEN_TOOL_ROW(sym, name, start, changes, help) { name, help },
	TOOL_OPS(GEN_TOOL_ROW)
#undef GEN_TOOL_ROW
};
#define N_TOOL_OPS (sizeof tool_ops / sizeof tool_ops[0])
/* those the completion offers: none in a build without the toolbox */
static const size_t n_tool_ops_built = CELLINK_TOOLBOX ? N_TOOL_OPS : 0;

/* ---- bash completion ---- */

static const char *const complete[CLI_N_OPTS] = CLI_OPT_COMPLETE;

static void value_action(FILE *f, const struct cli_opt *o)
{
	const char *c = complete[o - cli_opts];
	if (!strcmp(c, "@file"))
		fprintf(f, "_filedir");
	else if (!strcmp(c, "@dir"))
		fprintf(f, "_filedir -d");
	else if (!strcmp(c, "@dev"))
		fprintf(f, "COMPREPLY=($(compgen -W \"$(ls -d /dev/cdc-wdm* /dev/wwan* 2>/dev/null)\" -- \"$cur\"))");
	else if (!strcmp(c, "@tty"))
		fprintf(f, "COMPREPLY=($(compgen -W \"$(ls -d /dev/ttyUSB* /dev/ttyACM* /dev/wwan*at* 2>/dev/null)\" -- \"$cur\"))");
	else if (c[0])
		fprintf(f, "COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))", c);
	else
		fprintf(f, ":");        /* a value nobody can guess: offer nothing */
}

static void completion_for(FILE *f, const char *cmd, unsigned bits)
{
	fprintf(f, "\t%s)\n\t\tcase \"$prev\" in\n", cmd);
	for (size_t i = 0; i < CLI_N_OPTS; i++) {
		const struct cli_opt *o = &cli_opts[i];
		if (!(o->cmds & bits) || !o->arg)
			continue;
		fprintf(f, "\t\t--%s", cli_opt_name(o));
		if (o->shortopt)
			fprintf(f, "|-%c", o->shortopt);
		fprintf(f, ") ");
		value_action(f, o);
		fprintf(f, "; return ;;\n");
	}
	fprintf(f, "\t\tesac\n\t\topts=\"");
	const char *sep = "";
	for (size_t i = 0; i < CLI_N_OPTS; i++) {
		const struct cli_opt *o = &cli_opts[i];
		if (!(o->cmds & bits))
			continue;
		/* a name in two rows of one command (never: the unit test checks) would repeat */
		fprintf(f, "%s--%s", sep, cli_opt_name(o));
		sep = " ";
	}
	fprintf(f, "\" ;;\n");
}

static int completion(FILE *f)
{
	fprintf(f, "# bash completion for cellink(8). Made at build time by cellink-gen-docs\n"
		   "# from the program's own table of options: edit src/cli/options.h, not this.\n"
		   "_cellink()\n{\n"
		   "\tlocal cur prev words cword opts\n"
		   "\t_init_completion || return\n"
		   "\tif [ \"$cword\" -eq 1 ]; then\n"
		   "\t\tCOMPREPLY=($(compgen -W \"");
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (command_names[i])
			fprintf(f, "%s ", command_names[i]);
	for (size_t i = 0; i < n_tool_ops_built; i++)
		fprintf(f, "%s ", tool_ops[i].name);
	fprintf(f, "--help --version\" -- \"$cur\"))\n"
		   "\t\treturn\n"
		   "\tfi\n"
		   "\tcase \"${words[1]}\" in\n");
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (!command_names[i])
			continue;
		unsigned bits = cli_command_bits(command_names[i]);
		if (!bits) {
			fprintf(stderr, "cellink-gen-docs: command %s has no options row\n", command_names[i]);
			return -1;
		}
		completion_for(f, command_names[i], bits);
	}
	for (size_t i = 0; i < n_tool_ops_built; i++) {
		unsigned bits = cli_command_bits(tool_ops[i].name);
		if (!(bits & CB_TOOL)) {
			fprintf(stderr, "cellink-gen-docs: toolbox command %s has no CB_T_ bit (options.c)\n",
				tool_ops[i].name);
			return -1;
		}
		completion_for(f, tool_ops[i].name, bits);
	}
	fprintf(f, "\t*) return ;;\n"
		   "\tesac\n"
		   "\tif [[ \"$cur\" == -* ]]; then\n"
		   "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
		   "\t\treturn\n"
		   "\tfi\n"
		   "\t# operands\n"
		   "\tcase \"${words[1]}\" in\n"
		   "\tdecode|doctor) _filedir ;;\n"
		   "\tencode)\n"
		   "\t\tlocal services\n"
		   "\t\tservices=$(cellink encode --list 2>/dev/null)\n"
		   "\t\tif [[ \" $services \" == *\" $prev \"* ]]; then\n"
		   "\t\t\tCOMPREPLY=($(compgen -W \"$(cellink encode --list \"$prev\" 2>/dev/null | "
		   "awk 'NR>1 {print $1}')\" -- \"$cur\"))\n"
		   "\t\telse\n"
		   "\t\t\tCOMPREPLY=($(compgen -W \"$services\" -- \"$cur\"))\n"
		   "\t\tfi ;;\n"
		   "\tstatus|signal|info|disconnect|reconnect)\n"
		   "\t\t# the modems whose daemon answers on /run/cellink/NAME.sock\n"
		   "\t\tlocal s names=\n"
		   "\t\tfor s in /run/cellink/*.sock; do\n"
		   "\t\t\t[ -S \"$s\" ] || continue\n"
		   "\t\t\ts=${s##*/}; s=${s%%.sock}\n"
		   "\t\t\t[ \"$s\" = cellink ] || names=\"$names $s\"\n"
		   "\t\tdone\n"
		   "\t\tCOMPREPLY=($(compgen -W \"$names\" -- \"$cur\")) ;;\n"
		   "\tesac\n"
		   "}\n"
		   "complete -F _cellink cellink\n");
	return 0;
}

/* ---- man page ---- */

/* roff text: backslashes and hyphens escaped, no control character first */
static void roff(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

static int group_bits(const char *g, unsigned *bits, unsigned *exclude)
{
	*exclude = 0;
	if (!strcmp(g, "qmi")) {
		*bits = CB_QMI;
		return 0;
	}
	if (!strcmp(g, "ppp-only")) {
		*bits = CB_PPP;
		*exclude = CB_QMI;
		return 0;
	}
	if (!strcmp(g, "query")) {
		*bits = CB_QUERY;
		return 0;
	}
	if (!strcmp(g, "tool")) {
		*bits = CB_TOOL;
		return 0;
	}
	*bits = cli_command_bits(g);
	return *bits ? 0 : -1;
}

static void man_options(FILE *f, unsigned bits, unsigned exclude)
{
	for (size_t i = 0; i < CLI_N_OPTS; i++) {
		const struct cli_opt *o = &cli_opts[i];
		if (!(o->cmds & bits) || (o->cmds & exclude))
			continue;
		fprintf(f, ".TP\n");
		if (o->arg) {
			fprintf(f, ".BI \"");
			roff(f, "--");
			roff(f, cli_opt_name(o));
			fprintf(f, " \" \"");
			roff(f, cli_opt_meta(o));
			fprintf(f, "\"\n");
		} else {
			fprintf(f, ".B ");
			roff(f, "--");
			roff(f, cli_opt_name(o));
			fputc('\n', f);
		}
		roff(f, cli_opt_help(o));
		fputc('\n', f);
	}
}

static void man_exits(FILE *f)
{
	fprintf(f, ".SS \"connect and daemon\"\n");
#define GEN_CONN_EXIT(sym, num, text) fprintf(f, ".TP\n.B %d\n%s (%s)\n", num, text, #sym);
	CONN_EXITS(GEN_CONN_EXIT)
#undef GEN_CONN_EXIT
	static const struct {
		const char *title;
		unsigned bits;
	} groups[] = {
		{ "doctor", CB_DOCTOR }, { "config", CB_CONFIG }, { "at", CB_AT }, { "decode", CB_DECODE },
		{ "encode", CB_ENCODE }, { "status, signal, info, disconnect, reconnect", CB_QUERY },
		{ "the toolbox (counters, reset, ...)", CB_TOOL },
	};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		fprintf(f, ".SS \"%s\"\n", groups[g].title);
#define GEN_CMD_EXIT(cmds, num, text)                          \
	if ((cmds) & groups[g].bits) {                         \
		fprintf(f, ".TP\n.B %d\n", num);               \
		roff(f, text);                                 \
		fputc('\n', f);                                \
	}
		CELLINK_CMD_EXITS(GEN_CMD_EXIT)
#undef GEN_CMD_EXIT
	}
}

static int man(FILE *in, FILE *out, const char *template)
{
	char line[4096];
	int lineno = 0;
	while (fgets(line, sizeof line, in)) {
		lineno++;
		char group[64];
		unsigned bits, exclude;
		if (sscanf(line, "@OPTIONS %63[a-z-]@", group) == 1) {
			if (group_bits(group, &bits, &exclude) < 0) {
				fprintf(stderr, "%s:%d: no option group '%s'\n", template, lineno, group);
				return -1;
			}
			man_options(out, bits, exclude);
			continue;
		}
		if (!strcmp(line, "@TOOLBOX@\n")) {
			/* one entry per toolbox command, with its own options */
			for (size_t i = 0; i < N_TOOL_OPS; i++) {
				unsigned b = cli_command_bits(tool_ops[i].name);
				fprintf(out, ".TP\n.BI \"%s \" \"[MODEM] [ARGS...]\"\n", tool_ops[i].name);
				roff(out, tool_ops[i].help);
				fprintf(out, ".\n");
				if (b & ~CB_TOOL) {
					/* its own options; not --help (every command's: its
					 * row has every bit, CB_DECODE among them) */
					fprintf(out, ".RS\n");
					man_options(out, b & ~CB_TOOL, CB_DECODE);
					fprintf(out, ".RE\n");
				}
			}
			continue;
		}
		if (!strcmp(line, "@PARTS@\n")) {
			/* the parts this build left out (its page still describes them) */
			const char *none[3];
			size_t n = 0;
			if (!CELLINK_DOCTOR)
				none[n++] = "the doctor";
			if (!CELLINK_TOOLBOX)
				none[n++] = "the toolbox";
			if (!CELLINK_MBIM)
				none[n++] = "MBIM";
			if (n) {
				fprintf(out, ".PP\nThis build of cellink leaves out ");
				for (size_t i = 0; i < n; i++)
					fprintf(out, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", none[i]);
				fprintf(out, " (build options); this page describes every part, and a left-out "
					     "command answers that the build has none.\n");
			}
			continue;
		}
		if (!strcmp(line, "@EXITS@\n")) {
			man_exits(out);
			continue;
		}
		for (char *p = line; *p;) {
			char *v = strstr(p, "@VERSION@");
			if (!v) {
				fputs(p, out);
				break;
			}
			fwrite(p, 1, (size_t)(v - p), out);
			fputs(CELLINK_VERSION, out);
			p = v + strlen("@VERSION@");
		}
	}
	return ferror(in) ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "completion")) {
		FILE *out = fopen(argv[2], "w");
		if (!out || completion(out) < 0 || fclose(out) != 0) {
			fprintf(stderr, "cellink-gen-docs: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "man")) {
		FILE *in = fopen(argv[2], "r");
		if (!in) {
			fprintf(stderr, "cellink-gen-docs: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		FILE *out = fopen(argv[3], "w");
		int r = out ? man(in, out, argv[2]) : -1;
		fclose(in);
		if (!out || fclose(out) != 0 || r < 0) {
			fprintf(stderr, "cellink-gen-docs: cannot make %s\n", argv[3]);
			remove(argv[3]);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "usage: cellink-gen-docs completion OUT | man TEMPLATE OUT\n");
	return 2;
}
