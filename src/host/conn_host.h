/* One managed modem for the programs that run the connection engine
 * (cellink connect, cellink daemon): the state machine, its QMI adapter and
 * the host side of struct conn_platform_ops (rtnetlink, raw_ip switch,
 * DNS, a loop timer, a log printer). Routes are added beside the host's
 * own at a metric of our choosing, and exactly what was added is taken
 * back on disconnect. */
#ifndef CELLINK_CLI_CONN_HOST_H
#define CELLINK_CLI_CONN_HOST_H

#include <stdio.h>

#include "conn/conn.h"
#include "conn/conn_qmi.h"
#include "conn/tally.h"
#include "conn/conn_mbim.h"
#include "client/qmi_mbim.h"
#include "client/probe.h"
#include "host/hook.h"
#include "store/pin_memory.h"
#include "io/loop.h"
#include "net/net.h"

#define CONN_HOST_PROBE_TRIES 3
#define CONN_HOST_PROBE_GAP_MS 1000
#define CONN_HOST_PROBE_WAIT_MS 2000
/* --protocol auto on a device sysfs does not name: each probe's bound */
#define CONN_HOST_PROBE_PROTO_MS 3000

/* where the default resolv file goes */
#define CONN_HOST_RUN_DIR "/run/cellink"

struct tool_run;

struct conn_host {
	struct ev_loop *loop;
	struct ev_timer timer;
	struct conn conn;
	struct conn_config cfg;
	struct conn_qmi *modem;         /* the QMI adapter, or NULL */
	struct conn_qmi_dev *qmi_dev;   /* a device shared with other PDNs (the daemon's), or NULL */
	struct conn_mbim *mbim;         /* the MBIM adapter, or NULL */
	/* QMI over MBIM on mbim's client (conn_host_tunnel), NULL until asked */
	struct qmi_mbim *qmbim;
	struct qmi_client *qmbim_cl;
	/* told when the tunnel's question is answered (the control socket's
	 * waiting toolbox requests), before the SMS watch hears it */
	void (*on_tunnel)(struct conn_host *h, int err, const char *why);
	int protocol;                   /* enum ctl_proto; CTL_PROTO_UNKNOWN: auto (decided at start) */
	bool protocol_auto;             /* decided by conn_host_resolve_protocol: again at each restart */
	unsigned starts;                /* conn_host_start calls */
	char protocol_why[300];         /* how auto decided */
	const char *sysroot;            /* --sysfs */
	const char *resolv;             /* --resolv: the file, whatever resolver runs */
	/* the link's effects on the host beyond its own interface */
	uint32_t metric;                /* of its routes (--metric, option metric) */
	bool default_route;             /* false: --no-default-route, option defaultroute '0' */
	bool peer_dns;                  /* false: --no-dns, option peerdns '0' */
	const char *dns_key;            /* names the default resolv file (the modem's
					 * section; NULL: the device's name) */
	const char *resolved_dir;       /* NULL: NET_RESOLVED_DIR */
	/* what this link added, and only that is removed */
	struct {
		bool on;
		char gateway[48];
	} route[2];                     /* [0] IPv4, [1] IPv6 default route */
	enum net_dns_via dns_via;
	char dns_file[300];
	const char *runtime_dir;        /* --runtime-dir: the refused-PIN memory (default /run/cellink) */
	const char *label;              /* prefix of log lines ("" or "wan: ") */
	bool verbose;
	bool running;
	uint64_t t0;
	uint64_t up_since;              /* ms clock when the link came up, 0 if down */
	unsigned links_up;              /* times the link came up */
	struct conn_tally tally;        /* the modem's data counters over every session */
	char ifname[64];
	char data_ifname[64];           /* the QMAP mux interface, or MBIM session's VLAN, on ifname ("" = ifname itself) */
	bool vlan_made;                 /* data_ifname is a VLAN link this run added (removed at the end) */
	char password[256], pin[32];
	struct band_sel bands;          /* --lte-bands/--nr-bands, options lte_bands/nr_bands */
	struct cli_hook hook;           /* --hook: told of every link change */
	struct tool_run *sms_run;       /* with a hook: `sms watch unread` while sms_usable (conn_sms.c) */
	bool sms_usable;                /* the modem is open, its SIM ready: the watch may run, link up or not */
	bool no_sms_watch;              /* a second PDN of a shared modem: the first one's link watches */
	/* the liveness probe: CONN_HOST_PROBE_TRIES echoes, CONN_HOST_PROBE_GAP_MS
	 * apart; answered when any reply comes within CONN_HOST_PROBE_WAIT_MS
	 * of the last */
	struct net_ping ping;
	struct ev_fd ping_h;
	struct ev_timer ping_timer;
	unsigned ping_sent;
	/* the host's counters for a liveness check: asked on the event loop
	 * as the check begins (the persistent rtnetlink socket), read when the
	 * modem's answers are in */
	struct net_stats_req stats_rq;
	bool stats_watching;            /* this link counts among the socket's watchers */
	unsigned long stats_async, stats_sync;  /* checks served each way */
	/* optional hooks */
	void (*on_connected)(struct conn_host *h);
	void (*on_finished)(struct conn_host *h, int status);
	void (*on_changed)(struct conn_host *h);        /* after every state change */
	/* a toolbox op took the radio off (false: stop the link, and keep it
	 * down) or put it on (true); called from a client callback, so the
	 * owner acts from its loop */
	void (*on_radio)(struct conn_host *h, bool on);
	/* a start is about to free the link's clients (auto found the device
	 * speaking the other protocol): whatever runs over them (a toolbox
	 * op of the control socket) must end now */
	void (*on_clients_gone)(struct conn_host *h);
	void *user;
};

extern const struct conn_platform_ops conn_host_platform;

/* Fills h->cfg defaults; the caller then sets device, apn, ... */
void conn_host_init(struct conn_host *h, struct ev_loop *loop);
/* The band lock: LTE bands (lte, 1..256) and NR bands (nr, 1..512, NSA
 * and SA alike) as lists ("3,7,20"); NULL or "" leaves that kind as the
 * modem has it. 0, or -1 with a sentence in why. */
int conn_host_bands(struct conn_host *h, const char *lte, const char *nr, char *why, size_t cap);
/* Resolves the interface name (sysfs sibling of the device, else wwan0)
 * unless one is set. conn_host_start does it too. */
void conn_host_resolve_ifname(struct conn_host *h);
/* The interface that carries the data: the QMAP mux's, else ifname. */
const char *conn_host_data_ifname(const struct conn_host *h);
/* Decides the control protocol when it is auto: the driver bound to the
 * cdc-wdm device (cdc_mbim, qmi_wwan), else by asking the device (a pty),
 * else QMI. conn_host_start does it too. */
void conn_host_resolve_protocol(struct conn_host *h);
/* "qmi" or "mbim" (after resolving). */
const char *conn_host_protocol_name(const struct conn_host *h);
/* Resolves the interface name (sysfs sibling of the device, else wwan0)
 * unless one is set, creates the adapter and starts. Returns 0 or -errno;
 * on failure h->conn.exit_status is set (and h->conn.why when there is
 * more to say), as when a run ends, so that mode auto's rule can read it. */
int conn_host_start(struct conn_host *h);
/* Asks for a clean stop; on_finished runs when it is done. */
void conn_host_stop(struct conn_host *h);
/* Frees the adapter (after the machine stopped). Wipes secrets. */
void conn_host_free(struct conn_host *h);
/* Seconds since h->t0, for log lines. */
double conn_host_elapsed(const struct conn_host *h);
/* The link and modem state as JSON (no secrets, no personal ids). */
void conn_host_status_json(const struct conn_host *h, struct strbuf *sb);
/* The data counters as JSON: ,"counters":{"session":{...},"total":{...}} */
void conn_host_counters_json(const struct conn_host *h, struct strbuf *sb);

/* A line in the link's log (as the state machine's own). */
void conn_host_log(struct conn_host *h, enum conn_log lvl, const char *text);
/* With a hook: run the toolbox's `sms watch` over the link's client and
 * the hook (event "sms") for every message that arrives; and stop it
 * (conn_sms.c). */
void conn_host_sms_start(struct conn_host *h);
void conn_host_sms_stop(struct conn_host *h);
/* On an MBIM link the watch runs over QMI over MBIM: the answer to the
 * question of the device's services (err 0: ready), from conn_host_tunnel. */
void conn_host_sms_tunnel(struct conn_host *h, int err, const char *why);
/* On an MBIM link: makes QMI over MBIM ready for h (h->qmbim_cl), asking
 * the device for its services when that is not done yet. 1 when it is
 * ready now, 0 when the answer will come (on_tunnel and the SMS watch
 * then hear it), < 0 when it cannot be asked (h->qmbim->why says why). */
int conn_host_tunnel(struct conn_host *h);

/* First line of a file, without its newline (secrets). 0 or -errno. */
int conn_host_read_secret(const char *path, char *out, size_t cap);
/* Copies the variable's value into out (cap bytes), then wipes it in place
 * and removes it from the environment, so that neither a child nor a
 * reader of /proc/PID/environ finds it. Returns true when it was set. */
bool conn_host_take_env_secret(const char *name, char *out, size_t cap);
/* CELLINK_PASSWORD, taken from the environment on the first call (as
 * above) and kept in one buffer for every later caller (connect's QMI run
 * and its PPP fallback); NULL when unset or empty. */
const char *conn_host_env_password(void);
/* Wipes that buffer. */
void conn_host_wipe_env_password(void);
/* While secrets are held the process is not dumpable: no core file, no
 * ptrace or /proc/PID/mem for other processes of the same user. */
void conn_host_hold_secrets(bool held);

#endif
