/* Every toolbox operation, once (docs/toolbox.md):
 *
 *   X(SYM, NAME, START, CHANGES, HELP)
 *     SYM      TOOL_<NAME>: the control socket's verb CTL_TOOL_<NAME> is made from it
 *     NAME     the command: `cellink NAME`, and the control socket's verb
 *     START    int START(struct tool_run *, int argc, char **argv, char *why, size_t)
 *              in tool/op_NAME.c (tool.h: parse argv, send the first requests)
 *     CHANGES  bool CHANGES(int argc, char **argv): whether this call changes
 *              the modem (the control socket then asks for the admin group);
 *              tool_reads for an op that only reads, tool_writes for one that
 *              always changes something
 *     HELP     one line for `cellink --help`
 *
 * The command line's options of each op are rows of cli/options.h (for the
 * help text, completion and man page); the op parses its own argv. */
#ifndef CELLINK_TOOL_OPS_H
#define CELLINK_TOOL_OPS_H

#include <stdbool.h>
#include <stddef.h>

#define TOOL_OPS(X)                                                                                \
	X(TOOL_COUNTERS, "counters", tool_counters_start, tool_counters_changes,                   \
	  "bytes and packets in and out, per session and in total (--reset clears them)")          \
	X(TOOL_BANDS, "bands", tool_bands_start, tool_bands_changes,                               \
	  "the bands the modem supports and those enabled; --lock lte:3,7,20 nr:78, --unlock")     \
	X(TOOL_NETWORKS, "networks", tool_networks_start, tool_networks_changes,                   \
	  "scan for the operators in range (MCC/MNC, name, status, radio; takes a while)")

struct tool_run;

bool tool_reads(int argc, char **argv);         /* false */
bool tool_writes(int argc, char **argv);        /* true */

#define TOOL_OP_PROTOTYPES(sym, name, start, changes, help)                                        \
	int start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len);            \
	bool changes(int argc, char **argv);
TOOL_OPS(TOOL_OP_PROTOTYPES)
#undef TOOL_OP_PROTOTYPES

#endif
