/* The cellink subcommands, declared once: the dispatch table and the help
 * text both come from this list. Each command lives in cli/cmd_<name>.c.
 *
 *   X(NAME, PART, HELP)
 *     PART  ALWAYS, or the optional part the command belongs to: DOCTOR is
 *           left out with -DCELLINK_DOCTOR=OFF (the command then says so) */
#ifndef CELLINK_CLI_COMMANDS_H
#define CELLINK_CLI_COMMANDS_H

#define CELLINK_COMMANDS(X)                                                 \
	X(decode, ALWAYS, "decode QMUX frames given as hex (arguments or stdin) to JSON or text") \
	X(encode, ALWAYS, "build a QMI request from a message name and field=value pairs") \
	X(config, ALWAYS, "check a configuration file and show what it says") \
	X(doctor, DOCTOR, "explain the USB modem: what each interface is, who owns it, how to fix it") \
	X(connect, ALWAYS, "bring the mobile data link up and keep it until interrupted") \
	X(daemon, ALWAYS, "run the connection engine for the configured modems, with a control socket") \
	X(status, ALWAYS, "the daemon's view of each link (--json)") \
	X(signal, ALWAYS, "signal strength as the modem measures it (--json)") \
	X(info, ALWAYS, "modem identity, SIM and registration (--json)") \
	X(metrics, ALWAYS, "each link's state and counters in the Prometheus text format") \
	X(disconnect, ALWAYS, "ask the daemon to take a link down") \
	X(reconnect, ALWAYS, "ask the daemon to bring a link down and up again") \
	X(at, ALWAYS, "send AT commands to the modem's serial port; identity, signal and status over AT")

/* The parts (1 built, 0 left out; CMake defines CELLINK_<PART>), and
 * CL_PART_FN(PART, f): f where the part is built, else NULL, so that
 * nothing refers to the left-out code and the linker drops it. */
#ifndef CELLINK_DOCTOR
#define CELLINK_DOCTOR 1
#endif
#define CL_PART_ALWAYS 1
#define CL_PART_DOCTOR CELLINK_DOCTOR
#define CL_PART_FN(part, f) CL_PART_FN_(CL_PART_##part, f)
#define CL_PART_FN_(on, f) CL_PART_FN__(on, f)
#define CL_PART_FN__(on, f) CL_PART_FN_##on(f)
#define CL_PART_FN_1(f) f
#define CL_PART_FN_0(f) NULL

#define CL_CMD_DECLARE(name, part, help) int cmd_##name(int argc, char **argv);
CELLINK_COMMANDS(CL_CMD_DECLARE)
#undef CL_CMD_DECLARE

/* The toolbox commands (tool/ops.h) share one runner, cli/cmd_tool.c:
 * argv[0] is the op's name. */
int cmd_tool(int argc, char **argv);

#endif
