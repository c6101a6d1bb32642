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
 * Adding an op: its row here, tool/op_NAME.c (and one line in
 * tool/CMakeLists.txt), its text printer void tool_text_<SYM>(FILE *,
 * json_object *, bool final) in cli/tool_text_NAME.c (cli/tool_text.h),
 * its options as rows of cli/options.h with its CB_T_<NAME> bit (the bits
 * and the command-to-bits map are there already for counters, reset,
 * power, profiles, monitor, cells, bands, networks, sms, ussd): help,
 * completion and man page come from those rows, while the op parses its
 * own argv. Its JSON gets a definition in docs/cellink.schema.json, its
 * section in docs/toolbox.md. The control socket's verb comes from the row. */
#ifndef CELLINK_TOOL_OPS_H
#define CELLINK_TOOL_OPS_H

#include <stdbool.h>
#include <stddef.h>

#define TOOL_OPS(X)                                                                                \
	X(TOOL_COUNTERS, "counters", tool_counters_start, tool_counters_changes,                   \
	  "bytes and packets in and out, per session and in total (--reset clears them)")          \
	X(TOOL_RESET, "reset", tool_reset_start, tool_reset_changes,                               \
	  "reset the modem cleanly (offline, then reset); a daemon's link recovers after it")     \
	X(TOOL_POWER, "power", tool_power_start, tool_power_changes,                               \
	  "the radio off (low) or on (online); without an argument, the operating mode")          \
	X(TOOL_PROFILES, "profiles", tool_profiles_start, tool_profiles_changes,                   \
	  "the modem's 3GPP profiles: list, create, modify, delete")                               \
	X(TOOL_MONITOR, "monitor", tool_monitor_start, tool_monitor_changes,                       \
	  "live signal (RSRP, RSRQ, SINR, RSSI per radio) from the modem's indications")          \
	X(TOOL_CELLS, "cells", tool_cells_start, tool_reads,                                       \
	  "serving cell, neighbours and carrier aggregation (PLMN, TAC, PCI, EARFCN, band)")       \
	X(TOOL_SMS, "sms", tool_sms_start, tool_sms_changes,                                       \
	  "SMS: list | read ID | send NUMBER [TEXT] (else stdin) | delete ID|all | watch")          \
	X(TOOL_USSD, "ussd", tool_ussd_start, tool_ussd_changes,                                   \
	  "send a USSD code (*100#) and print the network's answer")                        \
	X(TOOL_BANDS, "bands", tool_bands_start, tool_bands_changes,                               \
	  "the bands the modem supports and those enabled; --lock lte:3,7,20 nr:78, --unlock")     \
	X(TOOL_NETWORKS, "networks", tool_networks_start, tool_networks_changes,                   \
	  "scan for the operators in range (MCC/MNC, name, status, radio; takes a while)")

/* CELLINK_TOOLBOX (CMake option, on by default): off, the ops stay known
 * by name (help, the control socket's verbs) but nothing refers to their
 * code: TOOL_OP_FN(f) is NULL, the linker drops the ops, their printers
 * and the SMS library, and tool_start says the build has no toolbox. */
#ifndef CELLINK_TOOLBOX
#define CELLINK_TOOLBOX 1
#endif
#if CELLINK_TOOLBOX
#define TOOL_OP_FN(f) f
#else
#define TOOL_OP_FN(f) NULL
#endif

struct tool_run;

bool tool_reads(int argc, char **argv);         /* false */
bool tool_writes(int argc, char **argv);        /* true */

#define TOOL_OP_PROTOTYPES(sym, name, start, changes, help)                                        \
	int start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len);            \
	bool changes(int argc, char **argv);
TOOL_OPS(TOOL_OP_PROTOTYPES)
#undef TOOL_OP_PROTOTYPES

#endif
