/* Every option of every cellink subcommand, declared once. getopt's arrays,
 * each command's --help, the bash completion and the option lists of
 * cellink(8) are all made from CELLINK_OPTIONS (the last two at build time,
 * by cellink-gen-docs), so they cannot drift apart.
 *
 * X(ID, NAME, SHORT, ARG, META, COMPLETE, COMMANDS, HELP)
 *   ID        OPT_<ID>, what cli_next() returns for the option
 *   NAME      the long name, without "--"
 *   SHORT     a one-letter alias, or 0
 *   ARG       1 when the option takes a value
 *   META      the value's name in help text ("" without a value)
 *   COMPLETE  how bash completes the value: "" nothing, "@file", "@dir",
 *             "@dev" (control devices), "@tty" (serial ports), or the words
 *   COMMANDS  the CB_* bits of the commands (and connect's modes) taking it
 *   HELP      one sentence (--help wraps it)
 * A name may appear twice only for disjoint COMMANDS (the unit test checks). */
#ifndef CELLINK_CLI_OPTIONS_H
#define CELLINK_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config/config.h"  /* CL_DEFAULT_METRIC */

#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)

/* Which commands take an option. connect has two parsers: CB_QMI (the
 * default mode) and CB_PPP (--mode ppp, and auto's fallback); with
 * --mode auto each of them accepts, and ignores, the other's options. */
enum {
	CB_DECODE = 1u << 0,
	CB_ENCODE = 1u << 1,
	CB_CONFIG = 1u << 2,
	CB_DOCTOR = 1u << 3,
	CB_QMI = 1u << 4,
	CB_PPP = 1u << 5,
	CB_DAEMON = 1u << 6,
	CB_QUERY = 1u << 7,     /* status signal info metrics disconnect reconnect */
	CB_AT = 1u << 8,
	CB_TOOL = 1u << 9,      /* every toolbox command (cmd_tool.c's own options) */
	/* each toolbox command's own options (tool/ops.h; the op parses them) */
	CB_T_COUNTERS = 1u << 10,
	CB_T_RESET = 1u << 11,
	CB_T_POWER = 1u << 12,
	CB_T_PROFILES = 1u << 13,
	CB_T_MONITOR = 1u << 14,
	CB_T_CELLS = 1u << 15,
	CB_T_BANDS = 1u << 16,
	CB_T_NETWORKS = 1u << 17,
	CB_T_SMS = 1u << 18,
	CB_T_USSD = 1u << 19,
};
#define CB_CONNECT (CB_QMI | CB_PPP)
#define CB_ALL 0xfffffu

#define CELLINK_OPTIONS(X)                                                                         \
	/* decode */                                                                               \
	X(TEXT, "text", 't', 0, "", "", CB_DECODE,                                                 \
	  "readable layout instead of one JSON object per frame")                                  \
	X(REDACT, "redact", 'r', 0, "", "", CB_DECODE, "hide personal fields (IMEI, IMSI, ICCID, ...)") \
	X(SHOW_SECRETS, "show-secrets", 's', 0, "", "", CB_DECODE,                                 \
	  "show PINs and passwords (hidden by default)")                                           \
	/* encode */                                                                               \
	X(CLIENT, "client", 'c', 1, "N", "", CB_ENCODE,                                            \
	  "client id of the frame (default: the service's usual)")                                 \
	X(TXN, "txn", 't', 1, "N", "", CB_ENCODE, "transaction id (default 1)")                    \
	X(KIND, "kind", 'k', 1, "KIND", "request response indication", CB_ENCODE,                  \
	  "request (default), response or indication")                                             \
	X(LIST, "list", 'l', 0, "", "", CB_ENCODE, "list the services, or with SERVICE its messages") \
	/* config */                                                                               \
	X(CHECK, "check", 'c', 1, "FILE", "@file", CB_CONFIG, "the configuration file to check")   \
	/* doctor */                                                                               \
	X(KERNEL, "kernel", 0, 1, "VERSION", "", CB_DOCTOR,                                        \
	  "kernel version the listing comes from; it also picks the kernel id tables (Linux "      \
	  "6.1's or 6.12's) (default: the version the listing's root hubs name, else the "         \
	  "running kernel)")                                                                       \
	X(DOCTOR_SYSFS, "sysfs", 0, 1, "ROOT", "@dir", CB_DOCTOR,                                  \
	  "sysfs tree naming /dev nodes and network interfaces (default /sys when "                \
	  "reading the live system)")                                                              \
	X(MODULES, "modules", 0, 1, "DIR", "@dir", CB_DOCTOR,                                      \
	  "module files to match modaliases against (default in live mode: "                       \
	  "/lib/modules/$(uname -r))")                                                             \
	X(ROOT, "root", 0, 1, "DIR", "@dir", CB_DOCTOR,                                            \
	  "where /etc/modprobe.d, /lib/modprobe.d, /etc/openwrt_release, the configured "         \
	  "modem links (/etc/config/network, /etc/cellink/cellink.conf) and /proc (a "             \
	  "running ModemManager) are looked up (default /)")                                      \
	/* connect (QMI and PPP) */                                                                \
	X(MODE, "mode", 0, 1, "MODE", "qmi ppp auto", CB_CONNECT,                                  \
	  "qmi (default); ppp: over the AT port and pppd ('cellink connect --mode "                \
	  "ppp --help'); auto: QMI, falling back to PPP on the modem's AT port "                   \
	  "(or --port) when QMI cannot carry data")                                                \
	X(PROTOCOL, "protocol", 0, 1, "PROTO", "qmi mbim auto", CB_QMI,                           \
	  "control protocol: qmi, mbim, or auto (default: from the driver bound to the "           \
	  "device, cdc_mbim or qmi_wwan; a device sysfs does not name is asked, MBIM OPEN and "   \
	  "QMI CTL at once, for at most a second)")                                               \
	X(SESSION, "session", 0, 1, "N", "", CB_QMI,                                               \
	  "MBIM session id (default 0, the interface itself; cdc_mbim carries session N on "      \
	  "VLAN N of the interface: for N > 0 cellink adds that link, mbimN, configures it "      \
	  "and removes it when it stops)")                                                         \
	X(MUX_ID, "mux-id", 0, 1, "N", "", CB_QMI,                                                 \
	  "QMI: carry the session on QMAP mux id N (1..254): asks the modem for QMAP, adds "     \
	  "the mux interface through qmi_wwan's add_mux (qmimuxK on --ifname) and binds the "    \
	  "session to it")                                                                         \
	X(DEVICE, "device", 0, 1, "PATH", "@dev", CB_CONNECT,                                      \
	  "QMI or MBIM control device (/dev/cdc-wdm0, or cellink-sim's --qmi/--mbim path); with "  \
	  "PPP and no --port, the modem whose AT port to use")                                     \
	X(PORT, "port", 0, 1, "PATH", "@tty", CB_PPP | CB_AT,                                      \
	  "the modem's AT port (/dev/ttyUSB2; 'cellink doctor' names it)")                         \
	X(APN, "apn", 0, 1, "APN", "", CB_CONNECT, "access point name")                            \
	X(AUTH, "auth", 0, 1, "none|pap|chap|both", "none pap chap both", CB_QMI,                  \
	  "authentication (PPP: pppd negotiates it)")                                              \
	X(USERNAME, "username", 0, 1, "U", "", CB_CONNECT, "user name for PAP/CHAP")               \
	X(PASSWORD_FILE, "password-file", 0, 1, "F", "@file", CB_CONNECT,                          \
	  "password in a file (or env CELLINK_PASSWORD); never on argv")                           \
	X(PIN_FILE, "pin-file", 0, 1, "F", "@file", CB_CONNECT,                                    \
	  "SIM PIN in a file; presented only while every attempt remains, and "                    \
	  "never again once this SIM has refused it")                                              \
	X(IP_TYPE, "ip-type", 0, 1, "TYPE", "4 6 4v6 ipv4 ipv6 ipv4v6", CB_CONNECT,                \
	  "4 or ipv4, 6 or ipv6, 4v6 or ipv4v6: both (default 4)")                                 \
	X(PROFILE, "profile", 0, 1, "N", "", CB_QMI, "3GPP profile index")                         \
	X(IFNAME, "ifname", 0, 1, "NAME", "", CB_QMI,                                              \
	  "network interface (default: found in sysfs, else wwan0)")                               \
	X(NO_CONFIGURE, "no-configure", 0, 0, "", "", CB_QMI | CB_DAEMON,                          \
	  "leave the interface alone (print the settings only)")                                   \
	X(SYSFS, "sysfs", 0, 1, "ROOT", "@dir", CB_CONNECT | CB_DAEMON,                            \
	  "sysfs root for the raw_ip switch and the modem's ports (default /sys)")                 \
	X(METRIC, "metric", 0, 1, "N", "", CB_CONNECT,                                             \
	  "metric of the link's routes, added beside the host's own (default "                     \
	  CLI_STR(CL_DEFAULT_METRIC) ", behind wired and Wi-Fi links; PPP: pppd's "                \
	  "defaultroute-metric, pppd 2.4.8 or later, else pppd adds a default route "              \
	  "only where there is none)")                                                             \
	X(NO_DEFAULT_ROUTE, "no-default-route", 0, 0, "", "", CB_CONNECT,                          \
	  "add no default route through the link")                                                 \
	X(NO_DNS, "no-dns", 0, 0, "", "", CB_CONNECT,                                              \
	  "leave the host's DNS alone (default: the link's servers go to "                         \
	  "systemd-resolved, else resolvconf, else a resolv file)")                                \
	X(RESOLV, "resolv", 0, 1, "FILE", "@file", CB_QMI,                                         \
	  "write the DNS servers to FILE whatever resolver runs (in a directory only "             \
	  "root can write; default, when no resolver runs: "                                       \
	  "/run/cellink/resolv.conf.DEVICE)")                                                      \
	X(TIMEOUT, "timeout", 0, 1, "S", "", CB_CONNECT, "give up if not connected within S seconds") \
	X(REGISTER_TIMEOUT, "register-timeout", 0, 1, "S", "", CB_CONNECT,                         \
	  "bound on the wait for registration (default 60; 0: none)")                              \
	X(SIM_TIMEOUT, "sim-timeout", 0, 1, "S", "", CB_QMI,                                       \
	  "bound on the wait for the SIM to initialise (default 30; 0: none)")                     \
	X(V6APN, "v6apn", 0, 1, "APN", "", CB_QMI,                                                 \
	  "APN of the IPv6 session (with --ip-type 4v6 or 6; default --apn)")                      \
	X(V6PROFILE, "v6profile", 0, 1, "N", "", CB_QMI,                                           \
	  "profile of the IPv6 session (default --profile)")                                       \
	X(REQUEST_TIMEOUT, "request-timeout", 0, 1, "S", "", CB_QMI,                               \
	  "bound on each modem operation (default 15)")                                            \
	X(PERSIST, "persist", 0, 0, "", "", CB_CONNECT, "keep retrying even before the first success") \
	X(LIVENESS, "liveness", 0, 1, "S", "", CB_QMI | CB_DAEMON, "period of the liveness check (default 10)") \
	X(PROBE, "probe", 0, 1, "ADDRESS", "", CB_QMI,                                             \
	  "where the liveness check sends its ICMP echo when the counters look one-way "          \
	  "and the modem agrees (default: the gateway, else the first DNS server)")               \
	X(MODES, "modes", 0, 1, "LIST", "all lte umts gsm cdma td-scdma", CB_QMI,                  \
	  "radio modes allowed: all (default, the modem's setting) or a list of "                  \
	  "lte,umts,gsm,cdma,td-scdma")                                                            \
	X(PLMN, "plmn", 0, 1, "MCCMNC", "", CB_QMI,                                                \
	  "register manually on this network (5 or 6 digits, e.g. 26201)")                         \
	X(LTE_BANDS, "lte-bands", 0, 1, "LIST", "", CB_QMI,                                        \
	  "lock LTE to these bands before registering (e.g. 3,7,20; a band the modem lacks "       \
	  "is refused; see cellink bands)")                                                        \
	X(NR_BANDS, "nr-bands", 0, 1, "LIST", "", CB_QMI,                                          \
	  "lock 5G NR (NSA and SA) to these bands before registering (e.g. 78)")                   \
	X(NO_ROAMING, "no-roaming", 0, 0, "", "", CB_QMI,                                          \
	  "never connect while roaming: wait for the home network (with --persist), else exit "    \
	  "with status 19 (umbim's allow_roaming '0')")                                            \
	X(DELAY, "delay", 0, 1, "S", "", CB_QMI, "wait S seconds before the bring-up starts")      \
	X(MTU, "mtu", 0, 1, "N", "", CB_QMI, "interface MTU instead of the network's (576-9000)")  \
	X(HOOK, "hook", 0, 1, "PROGRAM", "@file", CB_QMI | CB_DAEMON,                              \
	  "run PROGRAM up|down|error on every link change, settings in the "                       \
	  "environment (see cellink(8), HOOKS)")                                                   \
	X(HOOK_NAME, "hook-name", 0, 1, "NAME", "", CB_QMI,                                        \
	  "passed to the hook as CELLINK_NAME (the netifd interface)")                             \
	/* connect --mode ppp */                                                                   \
	X(CID, "cid", 0, 1, "N", "", CB_PPP, "PDP context (default 1)")                            \
	X(DIAL, "dial", 0, 1, "STRING", "", CB_PPP, "dial command (default ATD*99***<cid>#)")      \
	X(BAUD, "baud", 0, 1, "N", "", CB_PPP | CB_AT, "line speed for real UARTs (USB ports ignore it)") \
	X(PPPD, "pppd", 0, 1, "PATH", "@file", CB_PPP | CB_DAEMON, "pppd program (default pppd in PATH)") \
	X(PPPD_OPTS, "pppd-opts", 0, 1, "FILE", "@file", CB_PPP,                                   \
	  "more pppd options, passed as pppd's 'file FILE'")                                       \
	X(RUNTIME_DIR, "runtime-dir", 0, 1, "DIR", "@dir", CB_CONNECT | CB_DAEMON | CB_QUERY,      \
	  "runtime directory, root's: pppd's private options, the memory of "                      \
	  "refused PINs, the daemons' sockets (default /run/cellink)")                             \
	X(UNIT, "unit", 0, 1, "N", "", CB_PPP, "interface pppN")                                   \
	X(NO_PEERDNS, "no-peerdns", 0, 0, "", "", CB_PPP, "do not ask the network for DNS servers") \
	X(NO_DEFAULTROUTE, "no-defaultroute", 0, 0, "", "", CB_PPP,                                \
	  "do not add a default route through the link")                                           \
	X(LCP_ECHO, "lcp-echo", 0, 1, "S,N", "", CB_PPP,                                           \
	  "keepalive: echo every S s, down after N misses (default 10,3; 0 off)")                  \
	X(MAX_RESTARTS, "max-restarts", 0, 1, "N", "", CB_PPP,                                     \
	  "give up after N restarts (default: never)")                                             \
	X(BACKOFF, "backoff", 0, 1, "MIN,MAX", "", CB_PPP,                                         \
	  "restart back-off bounds in ms (default 2000,120000)")                                   \
	X(SYSLOG, "syslog", 0, 0, "", "", CB_CONNECT | CB_DAEMON,                                  \
	  "send the output to syslog (/dev/log), each line at its priority (err, warning, "        \
	  "info, debug), as OpenWrt's procd service does (logread shows it)")                     \
	X(VERBOSE, "verbose", 0, 0, "", "", CB_CONNECT | CB_DAEMON,                                \
	  "print every QMI message, or the AT commands and pppd's log (personal "                  \
	  "fields and the PIN hidden)")                                                            \
	/* daemon */                                                                               \
	X(CONFIG, "config", 0, 1, "FILE", "@file", CB_DAEMON,                                      \
	  "the modems' configuration (UCI syntax, see cellink.conf(5))")                           \
	X(MODEM, "modem", 0, 1, "NAME", "", CB_DAEMON,                                             \
	  "run only this modem section (one daemon per modem)")                                    \
	X(LISTEN, "control", 0, 1, "SOCKET", "@file", CB_DAEMON,                                   \
	  "control socket to create, mode 0600 (default "                                          \
	  "/run/cellink/cellink.sock; cellink@NAME.service gives "                                 \
	  "/run/cellink/NAME.sock)")                                                               \
	X(METRICS_FILE, "metrics-file", 0, 1, "FILE", "@file", CB_DAEMON,                          \
	  "keep the Prometheus metrics (as 'cellink metrics' prints them) in FILE, rewritten "     \
	  "atomically on every change (node_exporter's textfile collector)")                      \
	X(READ_GROUP, "read-group", 0, 1, "GROUP", "", CB_DAEMON,                                  \
	  "members may ask status, signal and info (socket mode 0660 with this group)")            \
	X(ADMIN_GROUP, "admin-group", 0, 1, "GROUP", "", CB_DAEMON,                                \
	  "members may also disconnect and reconnect")                                             \
	X(CONNECT_CONTROL, "control", 0, 1, "SOCKET", "@file", CB_CONNECT,                         \
	  "serve cellink status|signal|info|disconnect there (default, as root: "                  \
	  "/run/cellink/NAME.sock, NAME the --hook-name or the interface; with PPP, "              \
	  "pppN for --unit N, else ppp)")                                                          \
	/* status signal info disconnect reconnect, and the toolbox commands */                    \
	X(CONTROL, "control", 0, 1, "SOCKET", "@file", CB_QUERY | CB_TOOL,                         \
	  "the daemon's control socket, instead of looking for it in the runtime directory")       \
	X(JSON, "json", 0, 0, "", "", CB_QUERY | CB_AT | CB_DOCTOR | CB_TOOL,                      \
	  "machine-readable output (JSON; a toolbox command prints one object a line)")            \
	/* the toolbox commands (cmd_tool.c; each op's own options below) */                      \
	X(TOOL_DEVICE, "device", 0, 1, "PATH", "@dev", CB_TOOL,                                    \
	  "run on this QMI control device in this process, instead of through the daemon (which " \
	  "must then not hold it)")                                                                \
	X(TOOL_CONFIG, "config", 0, 1, "FILE", "@file", CB_TOOL,                                   \
	  "with no daemon: the configuration naming the modem's device (default "                  \
	  "/etc/cellink/cellink.conf, else /etc/config/network)")                                  \
	X(TOOL_RUNTIME_DIR, "runtime-dir", 0, 1, "DIR", "@dir", CB_TOOL,                           \
	  "where the daemons' sockets are (default /run/cellink)")                                 \
	/* cellink counters */                                                                     \
	X(T_COUNTERS_RESET, "reset", 0, 0, "", "", CB_T_COUNTERS,                                  \
	  "start the daemon's counters again from zero")                                           \
	/* cellink profiles [list] | create SETTINGS | modify INDEX SETTINGS | delete INDEX */    \
	X(T_PROFILES_APN, "apn", 0, 1, "APN", "", CB_T_PROFILES, "the profile's access point name") \
	X(T_PROFILES_NAME, "name", 0, 1, "NAME", "", CB_T_PROFILES, "the profile's name")          \
	X(T_PROFILES_PDP, "pdp-type", 0, 1, "TYPE", "ipv4 ipv6 ipv4v6", CB_T_PROFILES,             \
	  "ipv4, ipv6 or ipv4v6")                                                                  \
	X(T_PROFILES_AUTH, "auth", 0, 1, "AUTH", "none pap chap both", CB_T_PROFILES,              \
	  "none, pap, chap or both")                                                               \
	X(T_PROFILES_USERNAME, "username", 0, 1, "USER", "", CB_T_PROFILES, "user name for PAP/CHAP") \
	X(T_PROFILES_PASSWORD_FILE, "password-file", 0, 1, "FILE", "@file", CB_T_PROFILES,        \
	  "the password in a file (or env CELLINK_PASSWORD with --password-env); never on argv")   \
	X(T_PROFILES_PASSWORD_ENV, "password-env", 0, 0, "", "", CB_T_PROFILES,                    \
	  "take the password from the environment variable CELLINK_PASSWORD")                      \
	/* cellink monitor */                                                                      \
	X(T_MONITOR_COUNT, "count", 0, 1, "N", "", CB_T_MONITOR,                                   \
	  "stop after N updates; the last is the final answer (default: until interrupted)")      \
	/* cellink bands (its bands follow --lock as words: lte:3,7,20 nr:78) */                   \
	X(T_BANDS_LOCK, "lock", 0, 0, "", "", CB_T_BANDS,                                          \
	  "lock to the bands that follow: lte:LIST, nr:LIST (NSA and SA), nr-nsa:LIST, "           \
	  "nr-sa:LIST; a band the modem lacks is refused, naming it")                              \
	X(T_BANDS_UNLOCK, "unlock", 0, 0, "", "", CB_T_BANDS, "enable every band the modem supports") \
	/* at */                                                                                   \
	X(AT_TIMEOUT, "timeout", 0, 1, "MS", "", CB_AT, "per-command timeout (default 5000)")      \
	X(INFO, "info", 0, 0, "", "", CB_AT, "identity: ATI, +CGMI, +CGMM, +CGMR, +CGSN")          \
	X(SIGNAL, "signal", 0, 0, "", "", CB_AT,                                                   \
	  "+CSQ and +CESQ, with LTE detail from the vendor's command (Sierra "                     \
	  "AT!GSTATUS?, Quectel AT+QENG, Huawei AT^HCSQ?)")                                        \
	X(STATUS, "status", 0, 0, "", "", CB_AT,                                                   \
	  "SIM, registration (+CREG/+CGREG/+CEREG), operator, PDP contexts")                       \
	X(AT_VERBOSE, "verbose", 0, 0, "", "", CB_AT, "show every line sent and received, and URCs") \
	/* every command */                                                                        \
	X(HELP, "help", 'h', 0, "", "", CB_ALL, "this text")

enum cli_opt_id {
	OPT__NONE = 255,        /* above every one-letter option */
#define CLI_OPT_ENUM(id, ...) OPT_##id,
	CELLINK_OPTIONS(CLI_OPT_ENUM)
#undef CLI_OPT_ENUM
	OPT__END
};
#define CLI_N_OPTS (OPT__END - OPT__NONE - 1)

/* A row of the program's table, 16 bytes: the texts are 16-bit offsets into
 * one pool (options.c), read with cli_opt_name(), cli_opt_meta() and
 * cli_opt_help(). COMPLETE is not kept: only the generator of the bash
 * completion reads it (cli_opt_complete, from the same table). */
struct cli_opt {
	uint16_t name;
	uint16_t meta;
	uint16_t help;
	uint16_t id;            /* enum cli_opt_id */
	uint32_t cmds;
	char shortopt;
	bool arg;
};
extern const struct cli_opt cli_opts[CLI_N_OPTS];

const char *cli_opt_text(uint16_t offset);
static inline const char *cli_opt_name(const struct cli_opt *o) { return cli_opt_text(o->name); }
static inline const char *cli_opt_meta(const struct cli_opt *o) { return cli_opt_text(o->meta); }
static inline const char *cli_opt_help(const struct cli_opt *o) { return cli_opt_text(o->help); }

/* How bash completes each option's value (cli_opts' order). */
#define CLI_OPT_COMPLETE_ROW(id, name, sh, arg, meta, compl, cmds, help) compl,
#define CLI_OPT_COMPLETE { CELLINK_OPTIONS(CLI_OPT_COMPLETE_ROW) }

/* Exit statuses of the commands that have their own (connect and daemon use
 * CONN_EXITS from conn/conn_exit.h). X(COMMANDS, NUMBER, TEXT) */
#define CELLINK_CMD_EXITS(X)                                                                       \
	X(CB_DECODE, 0, "every frame decoded")                                                     \
	X(CB_DECODE, 1, "some frame was bad")                                                      \
	X(CB_DECODE, 2, "usage")                                                                   \
	X(CB_DECODE, 3, "nothing to decode (no frame in the input)")                               \
	X(CB_ENCODE, 0, "the frame was built")                                                     \
	X(CB_ENCODE, 1, "the frame cannot be encoded")                                             \
	X(CB_ENCODE, 2, "usage, or a name, field or value was refused")                            \
	X(CB_CONFIG, 0, "the configuration is valid")                                              \
	X(CB_CONFIG, 1, "errors, each named as FILE:LINE")                                         \
	X(CB_CONFIG, 2, "usage, or the file cannot be read")                                       \
	X(CB_DOCTOR, 0, "healthy")                                                                 \
	X(CB_DOCTOR, 1, "problems found")                                                          \
	X(CB_DOCTOR, 2, "unusable input")                                                          \
	X(CB_QUERY, 0, "the daemon answered")                                                      \
	X(CB_QUERY, 1, "no daemon, or it answered with an error")                                  \
	X(CB_QUERY, 2, "usage")                                                                    \
	X(CB_AT, 0, "ok")                                                                          \
	X(CB_AT, 1, "the modem answered an error")                                                 \
	X(CB_AT, 2, "usage")                                                                       \
	X(CB_AT, 3, "no final result in time")                                                     \
	X(CB_AT, 4, "the port cannot be opened, or went away")                                     \
	X(CB_TOOL, 0, "done")                                                                      \
	X(CB_TOOL, 1, "the modem or the daemon answered an error")                                 \
	X(CB_TOOL, 2, "usage: a bad option or argument (the message names it)")                   \
	X(CB_TOOL, 10, "no daemon answers and no control device was found")                        \
	X(CB_TOOL, 11, "the control device is held by another process (named)")

/* The CB_* bits of a command name (connect: CB_CONNECT), 0 if unknown. */
unsigned cli_command_bits(const char *command);

/* getopt_long over the options of `cmds`. stop_at_operand: stop at the
 * first word that is not an option (getopt's "+"). Resets getopt (optind). */
struct cli_parser {
	struct option longopts[CLI_N_OPTS + 1];
	char shortopts[2 * CLI_N_OPTS + 3];
	unsigned cmds;
};
void cli_parser_init(struct cli_parser *p, unsigned cmds, bool stop_at_operand);
/* The next option's OPT_* id (its value in optarg), '?' for an unknown
 * option or a missing value (said on stderr), -1 at the end. */
int cli_next(struct cli_parser *p, int argc, char **argv);

/* The option lines of --help for `cmds`, as "  --name META   help". */
void cli_print_options(FILE *f, unsigned cmds);
/* The exit status lines of --help for `cmds` (CELLINK_CMD_EXITS). */
void cli_print_exits(FILE *f, unsigned cmds);

/* The row of an OPT_* id. */
static inline const struct cli_opt *cli_opt_of(int id)
{
	return &cli_opts[id - OPT__NONE - 1];
}

/* --ip-type: 4|ipv4, 6|ipv6, 4v6|ipv4v6 (the configuration's spelling too).
 * 0, or -1 for anything else. */
int cli_ip_type(const char *s, bool *v4, bool *v6);

/* The option with this long name among `cmds`, or NULL. */
const struct cli_opt *cli_find(const char *name, unsigned cmds);

#endif
