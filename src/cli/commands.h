/* The cellink subcommands, declared once: the dispatch table and the help
 * text both come from this list. Each command lives in cli/cmd_<name>.c. */
#ifndef CELLINK_CLI_COMMANDS_H
#define CELLINK_CLI_COMMANDS_H

#define CELLINK_COMMANDS(X)                                                   \
	X(decode, "decode QMUX frames given as hex (arguments or stdin) to JSON or text") \
	X(encode, "build a QMI request from a message name and field=value pairs") \
	X(config, "check a configuration file and show what it says") \
	X(doctor, "explain the USB modem: what each interface is, who owns it, how to fix it") \
	X(connect, "bring the mobile data link up and keep it until interrupted") \
	X(daemon, "run the connection engine for the configured modems, with a control socket") \
	X(status, "the daemon's view of each link (--json)") \
	X(signal, "signal strength as the modem measures it (--json)") \
	X(info, "modem identity, SIM and registration (--json)") \
	X(metrics, "each link's state and counters in the Prometheus text format") \
	X(disconnect, "ask the daemon to take a link down") \
	X(reconnect, "ask the daemon to bring a link down and up again") \
	X(at, "send AT commands to the modem's serial port; identity, signal and status over AT")

#define CL_CMD_DECLARE(name, help) int cmd_##name(int argc, char **argv);
CELLINK_COMMANDS(CL_CMD_DECLARE)
#undef CL_CMD_DECLARE

/* The toolbox commands (tool/ops.h) share one runner, cli/cmd_tool.c:
 * argv[0] is the op's name. */
int cmd_tool(int argc, char **argv);

#endif
