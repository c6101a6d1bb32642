/* pppd's exit statuses and log lines: tables, no I/O. */
#include "ppp/ppp.h"
#include "ppp/pppd.h"

#include <stdio.h>
#include <string.h>

#include "common/util.h"
#include "common/exit.h"

/* pppd(8), "EXIT STATUS". FATAL ones cannot get better by redialling. */
#define PPPD_EXITS(X)                                                                              \
	X(0, "ended", "the link ended normally (closed by the peer)", RETRY, 0)                    \
	X(1, "fatal-error", "pppd hit an immediately fatal error", RETRY, 0)                      \
	X(2, "option-error", "an option pppd was given is wrong", FATAL, CONN_EXIT_USAGE)           \
	X(3, "not-root", "pppd is not setuid-root and the caller is not root", FATAL,             \
	  CONN_EXIT_CONFIG_FAILED)                                                                 \
	X(4, "no-kernel-ppp", "the kernel has no PPP support (no /dev/ppp: load ppp_generic and "  \
	  "ppp_async)", FATAL, CONN_EXIT_CONFIG_FAILED)                                            \
	X(5, "signalled", "pppd ended on SIGINT, SIGTERM or SIGHUP", RETRY, 0)                     \
	X(6, "lock-failed", "the serial port could not be locked", FATAL, CONN_EXIT_DEVICE_BUSY)  \
	X(7, "open-failed", "the serial port could not be opened", RETRY, 0)                      \
	X(8, "connect-script-failed", "the connect script failed", RETRY, 0)                      \
	X(9, "pty-failed", "the pty command could not run", FATAL, CONN_EXIT_CONFIG_FAILED)       \
	X(10, "negotiation-failed", "PPP negotiation failed (no network layer came up)", RETRY, 0) \
	X(11, "peer-auth-failed", "the peer refused to authenticate itself", FATAL,               \
	  CONN_EXIT_CALL_REJECTED)                                                                 \
	X(12, "idle", "the link was idle too long", RETRY, 0)                                      \
	X(13, "connect-time", "the connect time limit was reached", RETRY, 0)                     \
	X(14, "callback", "callback was negotiated", RETRY, 0)                                     \
	X(15, "echo-timeout", "the peer stopped answering LCP echo requests", RETRY, 0)           \
	X(16, "modem-hangup", "the modem hung up", RETRY, 0)                                       \
	X(17, "loopback", "the line is looped back", RETRY, 0)                                     \
	X(18, "init-script-failed", "the init script failed", RETRY, 0)                           \
	X(19, "auth-failed", "authentication to the peer failed (user name or password)", FATAL,  \
	  CONN_EXIT_CALL_REJECTED)                                                                 \
	X(127, "not-run", "pppd could not be run", FATAL, CONN_EXIT_CONFIG_FAILED)

static const struct ppp_exit_info exits[] = {
#define PPPD_EXIT_ROW(c, n, t, a, st) { c, n, t, PPPD_##a, st },
	PPPD_EXITS(PPPD_EXIT_ROW)
#undef PPPD_EXIT_ROW
};

static const struct ppp_exit_info unknown = { -1, "unknown", "pppd exited with an undocumented status",
					      PPPD_RETRY, 0 };

const struct ppp_exit_info *ppp_exit_lookup(int code)
{
	for (size_t i = 0; i < ARRAY_SIZE(exits); i++)
		if (exits[i].code == code)
			return &exits[i];
	return &unknown;
}

/* The lines pppd logs at notice level that matter here. */
static const struct {
	const char *prefix;
	enum pppd_line kind;
	size_t off;             /* offsetof the field in struct pppd_info, or (size_t)-1 */
	size_t size;
} lines[] = {
	{ "Using interface ", PPPD_L_IFNAME, offsetof(struct pppd_info, ifname), 16 },
	{ "Connect: ", PPPD_L_CONNECT, offsetof(struct pppd_info, ifname), 16 },
	{ "local  IP address ", PPPD_L_LOCAL4, offsetof(struct pppd_info, local4), 16 },
	{ "remote IP address ", PPPD_L_REMOTE4, offsetof(struct pppd_info, remote4), 16 },
	{ "primary   DNS address ", PPPD_L_DNS1, offsetof(struct pppd_info, dns1), 16 },
	{ "secondary DNS address ", PPPD_L_DNS2, offsetof(struct pppd_info, dns2), 16 },
	{ "local  LL address ", PPPD_L_LOCAL6, offsetof(struct pppd_info, local6), 48 },
	{ "remote LL address ", PPPD_L_REMOTE6, offsetof(struct pppd_info, remote6), 48 },
	{ "This system lacks kernel support for PPP", PPPD_L_NO_KERNEL, (size_t)-1, 0 },
	{ "Couldn't open the /dev/ppp device", PPPD_L_NO_KERNEL, (size_t)-1, 0 },
};

enum pppd_line pppd_parse_line(const char *line, struct pppd_info *info)
{
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		size_t n = strlen(lines[i].prefix);
		if (strncmp(line, lines[i].prefix, n))
			continue;
		if (lines[i].off != (size_t)-1 && info) {
			const char *v = line + n;
			size_t len = strcspn(v, " \t");
			if (len == 0 || len >= lines[i].size)
				return PPPD_L_OTHER;
			char *dst = (char *)info + lines[i].off;
			memcpy(dst, v, len);
			dst[len] = 0;
		}
		return lines[i].kind;
	}
	return PPPD_L_OTHER;
}
