#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "host/mbim_part.h"
#include "tool/ops.h"
#include "tool/tool.h"

struct command {
	const char *name;
	const char *help;
	int (*run)(int argc, char **argv);     /* NULL: its part is not in this build */
	const char *part;
};

static const struct command commands[] = {
#define CL_CMD_ENTRY(name, part, help) { #name, help, CL_PART_FN(part, cmd_##name), "CELLINK_" #part },
	CELLINK_COMMANDS(CL_CMD_ENTRY)
#undef CL_CMD_ENTRY
};

static void usage(FILE *out)
{
	fprintf(out, "usage: cellink COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name,
			commands[i].run ? commands[i].help : "(not in this build)");
	fprintf(out, "\nthe toolbox (%s):\n", CELLINK_TOOLBOX ? "through the daemon when one runs, else on the device"
							   : "not in this build");
#define CL_TOOL_USAGE(sym, name, start, changes, help) fprintf(out, "  %-12s %s\n", name, help);
	TOOL_OPS(CL_TOOL_USAGE)
#undef CL_TOOL_USAGE
	if (!CELLINK_MBIM)
		fprintf(out, "\nMBIM modems (cdc_mbim): not in this build (built with -DCELLINK_MBIM=OFF)\n");
	fprintf(out, "\n'cellink COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		/* the optional parts, as their CMake options name them, for
		 * packagers and for the reduced build's tests */
		printf("cellink %s\nparts: doctor=%s toolbox=%s mbim=%s\n", CELLINK_VERSION,
		       CELLINK_DOCTOR ? "on" : "off", CELLINK_TOOLBOX ? "on" : "off", CELLINK_MBIM ? "on" : "off");
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		if (!commands[i].run) {
			fprintf(stderr, "cellink %s: not in this build (built with -D%s=OFF)\n", argv[1],
				commands[i].part);
			return 2;
		}
		return commands[i].run(argc - 1, argv + 1);
	}
	if (tool_exists(argv[1])) {
		if (!CELLINK_TOOLBOX) {         /* a constant: cmd_tool is then left out */
			fprintf(stderr, "cellink %s: not in this build (built with -DCELLINK_TOOLBOX=OFF)\n",
				argv[1]);
			return 2;
		}
		return cmd_tool(argc - 1, argv + 1);
	}
	fprintf(stderr, "cellink: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
